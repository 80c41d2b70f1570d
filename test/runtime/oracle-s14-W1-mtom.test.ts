/**
 * Session 14, helper W1: MTOM attachments and the SOAP 1.2 action of a MIME package. An MTOM message's XOP Include is
 * read by Axiom as an optimized binary text node (its DataHandler and Content-ID: XOPAwareStAXOMBuilder); written again
 * with MTOM on, MTOMXMLStreamWriter puts an xop:Include in its place and OMMultipartWriter writes it as a part of its
 * own (its Content-ID and content type, binary) after the root part. SOAPMessageFormatter.getContentType appends a SOAP
 * 1.2 message's action to the content type the format gives, the multipart one too. Own proxies and payloads.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NS, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const XOP = 'http://www.w3.org/2004/08/xop/include';

function xopPackage(
  boundary: string,
  root: string,
  parts: [string, string, Buffer][],
  soapType = 'text/xml',
) {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="${soapType}"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <0.root@example.org>\r\n\r\n${root}`,
      'latin1',
    ),
    ...parts.flatMap(([cid, type, bytes]) => [
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${cid}>\r\n\r\n`,
        'latin1',
      ),
      bytes,
    ]),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  ]);
}

describe('oracle s14 (W1): MTOM attachments written as parts, the SOAP 1.2 action of a MIME package (Axiom MTOMXMLStreamWriter, SOAPMessageFormatter)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let server: Server;
  let beUrl: string;
  // each request the back end got: its headers and raw bytes
  const got: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
        res.end(
          `<s:Envelope xmlns:s="${S11}"><s:Body><g:stored xmlns:g="urn:example:gallery">ok</g:stored></s:Body></s:Envelope>`,
        );
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    beUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startRuntime({
      'GalleryMtom.xml': `<proxy ${NS} name="GalleryMtom"><target><inSequence>
        <property name="enableMTOM" scope="axis2" value="true"/><property name="messageType" scope="axis2" value="multipart/related"/>
        <send><endpoint><address uri="${beUrl}/gallery"/></endpoint></send></inSequence><outSequence><send/></outSequence></target></proxy>`,
      'GalleryPlain.xml': `<proxy ${NS} name="GalleryPlain"><target><inSequence><log level="full"/>
        <send><endpoint><address uri="${beUrl}/gallery"/></endpoint></send></inSequence><outSequence><send/></outSequence></target></proxy>`,
      'GalleryCallout.xml': `<proxy ${NS} name="GalleryCallout"><target><inSequence>
        <filter source="get-property('Action')" regex="urn:archive"><property name="enableMTOM" value="true" scope="axis2"/>
          <callout serviceURL="${beUrl}/archive" action="archive">
            <source xmlns:s11="${S11}" xpath="s11:Body/child::*[1]"/><target xmlns:s11="${S11}" xpath="s11:Body/child::*[1]"/></callout>
          <property name="enableMTOM" value="false" scope="axis2"/><property name="Content-Type" scope="transport" action="remove"/>
          <payloadFactory><format><g:archived xmlns:g="urn:example:gallery">done</g:archived></format></payloadFactory>
          <header name="To" action="remove"/><property name="RESPONSE" value="true"/><send/></filter></inSequence></target></proxy>`,
      'GalleryBack12.xml': `<proxy ${NS} name="GalleryBack12"><target><inSequence>
        <property name="enableMTOM" scope="axis2" value="true"/><property name="messageType" scope="axis2" value="multipart/related"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await new Promise((ok) => server?.close(ok));
  });

  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x20]);
  const upload = (ns: string) =>
    `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${ns}"><soapenv:Body><g:upload xmlns:g="urn:example:gallery"><g:name>fern.png</g:name><g:image><xop:Include xmlns:xop="${XOP}" href="cid:1.fern@example.org"/></g:image></g:upload></soapenv:Body></soapenv:Envelope>`;

  it('an attachment read from an MTOM request goes on as a MIME part of its own when the message is sent with MTOM, its Content-ID and type kept (MI CallOutMediatorWithMTOMTestCase, MTOMEnableDisableSendMediatorTestCase)', async () => {
    const had = got.length;
    const res = await fetch(`${t.base}/services/GalleryMtom`, {
      method: 'POST',
      body: xopPackage('MIMEBoundary_fern', upload(S11), [['1.fern@example.org', 'image/png', png]]),
      headers: {
        'content-type': `multipart/related; boundary="MIMEBoundary_fern"; type="application/xop+xml"; start="<0.root@example.org>"; start-info="text/xml"`,
        SOAPAction: 'urn:upload',
      },
    });
    assert.equal(res.status, 200, await res.text());
    const sent = got[had]!.body;
    const ct = String(got[had]!.headers['content-type']);
    const boundary = /boundary="([^"]+)"/.exec(ct)![1];
    const text = sent.toString('latin1');
    assert.ok(
      text.includes(`<g:image><xop:Include xmlns:xop="${XOP}" href="cid:1.fern@example.org"/></g:image>`),
      text,
    );
    const partHead = `\r\n--${boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <1.fern@example.org>\r\n\r\n`;
    const at = sent.indexOf(partHead);
    assert.ok(at > 0, text);
    assert.deepEqual(sent.subarray(at + partHead.length, at + partHead.length + png.length), png);
    assert.ok(text.endsWith(`\r\n--${boundary}--\r\n`), text);
    assert.ok(!text.includes(png.toString('base64')), text);
  });

  it('the same message sent without MTOM carries the attachment as base64 text (Axiom writes an optimized node inline when the format is not optimized)', async () => {
    const had = got.length;
    const res = await fetch(`${t.base}/services/GalleryPlain`, {
      method: 'POST',
      body: xopPackage('MIMEBoundary_fern', upload(S11), [['1.fern@example.org', 'image/png', png]]),
      headers: {
        'content-type': `multipart/related; boundary="MIMEBoundary_fern"; type="application/xop+xml"; start="<0.root@example.org>"; start-info="text/xml"`,
        SOAPAction: 'urn:upload',
      },
    });
    assert.equal(res.status, 200);
    const text = got[had]!.body.toString('latin1');
    assert.ok(text.includes(`<g:image>${png.toString('base64')}</g:image>`), text);
    assert.ok(!text.includes('xop:Include'), text);
  });

  it('a callout with enableMTOM sends the attachment as a part of its own, then the answer to the client is plain SOAP (MI CallOutMediatorWithMTOMTestCase)', async () => {
    const had = got.length;
    const res = await fetch(`${t.base}/services/GalleryCallout`, {
      method: 'POST',
      body: xopPackage('MIMEBoundary_fern', upload(S11), [['1.fern@example.org', 'image/png', png]]),
      headers: {
        'content-type': `multipart/related; boundary="MIMEBoundary_fern"; type="application/xop+xml"; start="<0.root@example.org>"; start-info="text/xml"`,
        SOAPAction: '"urn:archive"',
      },
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    // the request's MESSAGE_TYPE is multipart/related (ServerWorker: TransportUtils.getContentType of the header), so
    // the payloadFactory (media-type xml) makes it application/xml (PayloadFactoryMediator keeps only application/xml,
    // text/xml and application/soap+xml): the answer is POX (MI's test asserts only the body)
    assert.equal(res.headers.get('content-type'), 'application/xml; charset=UTF-8');
    assert.ok(text.includes('<g:archived xmlns:g="urn:example:gallery">done</g:archived>'), text);
    const sent = got[had]!;
    assert.match(
      String(sent.headers['content-type']),
      /^multipart\/related; boundary="MIMEBoundary_[0-9a-f]{48}"; type="application\/xop\+xml"/,
    );
    assert.equal(sent.headers['soapaction'], 'archive');
    const head = 'Content-ID: <1.fern@example.org>\r\n\r\n';
    const i = sent.body.indexOf(head);
    assert.ok(i > 0, sent.body.toString('latin1'));
    assert.deepEqual(sent.body.subarray(i + head.length, i + head.length + png.length), png);
  });

  it('a SOAP 1.2 message with an action written as an MTOM package: `; action="…"` after the multipart content type (SOAPMessageFormatter.getContentType)', async () => {
    const res = await fetch(`${t.base}/services/GalleryBack12`, {
      method: 'POST',
      body: xopPackage(
        'MIMEBoundary_fern12',
        upload(S12),
        [['1.fern@example.org', 'image/png', png]],
        'application/soap+xml',
      ),
      headers: {
        'content-type': `multipart/related; boundary="MIMEBoundary_fern12"; type="application/xop+xml"; start="<0.root@example.org>"; start-info="application/soap+xml"; action="urn:upload12"`,
      },
    });
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 200, body.toString('latin1'));
    assert.match(
      String(res.headers.get('content-type')),
      /^multipart\/related; boundary="MIMEBoundary_[0-9a-f]{48}"; type="application\/xop\+xml"; start="<0\.[0-9a-f]{48}@apache\.org>"; start-info="application\/soap\+xml"; action="urn:upload12"$/,
    );
    assert.ok(body.includes(png), body.toString('latin1'));
  });
});
