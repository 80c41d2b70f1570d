/**
 * Session 15, helper A: SwA (SOAP with Attachments) parts of a read message. Axis2's MIMEBuilder keeps the message's
 * Attachments on the message context (setAttachmentMap) and builds the root part as the envelope. Sent with SwA on
 * (the axis2 property enableSwA "true": TransportUtils.doWriteSwA), SOAPMessageFormatter.writeSwAMessage writes the
 * envelope as the root part and then every other part it was read with: its content type, binary, its Content-ID and
 * its other headers (OMMultipartWriter.writePart). Without SwA only the envelope goes. A message nothing reads is
 * relayed as it came. Own proxies and payloads.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NS, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ROOT = `<s:Envelope xmlns:s="${S11}"><s:Body><p:file xmlns:p="urn:example:parcel"><p:ref>label-1</p:ref></p:file></s:Body></s:Envelope>`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);

function swaPackage(boundary: string, rootType = 'text/xml; charset=UTF-8') {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Type: ${rootType}\r\nContent-Transfer-Encoding: 8bit\r\nContent-ID: <root.parcel@example.org>\r\n\r\n${ROOT}` +
        `\r\n--${boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <label-1@example.org>\r\nContent-Description: shipping label\r\n\r\n`,
      'latin1',
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  ]);
}

describe('oracle s15 (A): SwA attachments of a read message (Axis2 MIMEBuilder, SOAPMessageFormatter.writeSwAMessage)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let server: Server;
  const got: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
        res.end(
          `<s:Envelope xmlns:s="${S11}"><s:Body><p:filed xmlns:p="urn:example:parcel"/></s:Body></s:Envelope>`,
        );
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const be = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parcels`;
    const proxy = (name: string, inner: string) =>
      `<proxy ${NS} name="${name}"><target><inSequence>${inner}<send><endpoint><address uri="${be}"/></endpoint></send></inSequence><outSequence><send/></outSequence></target></proxy>`;
    t = await startRuntime({
      'ParcelSwa.xml': proxy(
        'ParcelSwa',
        '<log level="full"/><property name="enableSwA" scope="axis2" value="true"/>',
      ),
      'ParcelSoap.xml': proxy('ParcelSoap', '<log level="full"/>'),
      'ParcelOptional.xml': proxy(
        'ParcelOptional',
        '<log level="full"/><property name="enableSwA" scope="axis2" value="Optional"/>',
      ),
      'ParcelRelay.xml': proxy('ParcelRelay', ''),
      'ParcelYes.xml': proxy('ParcelYes', '<property name="enableSwA" scope="axis2" value="Yes"/>'),
      'ParcelMtomOne.xml': proxy('ParcelMtomOne', '<property name="enableMTOM" scope="axis2" value="1"/>'),
      'ParcelMtomOptional.xml': proxy(
        'ParcelMtomOptional',
        '<property name="enableMTOM" scope="axis2" value="optional"/>',
      ),
    });
  });
  after(async () => {
    await t?.close();
    await new Promise((ok) => server?.close(ok));
  });

  const post = (name: string, xop = false) =>
    fetch(`${t.base}/services/${name}`, {
      method: 'POST',
      headers: {
        'content-type': xop
          ? 'multipart/related; boundary=parcelBoundary; type="application/xop+xml"; start="<root.parcel@example.org>"; start-info="text/xml"'
          : 'multipart/related; boundary=parcelBoundary; type="text/xml"; start="<root.parcel@example.org>"',
        soapaction: 'urn:file',
      },
      body: swaPackage(
        'parcelBoundary',
        xop ? 'application/xop+xml; charset=UTF-8; type="text/xml"' : undefined,
      ),
    });

  it('with enableSwA the attachment goes on after the envelope: its type, binary, Content-ID, its other headers in the order of the Hashtable Axiom keeps them in (its own Content-Transfer-Encoding too: Attachments.extractHeaders leaves out only Content-Type and Content-ID), its bytes', async () => {
    got.length = 0;
    const r = await post('ParcelSwa');
    assert.equal(r.status, 200);
    const sent = got[0]!;
    const ct = sent.headers['content-type'] ?? '';
    const boundary = /boundary="([^"]+)"/.exec(ct)?.[1];
    assert.ok(
      boundary && /^multipart\/related; boundary="[^"]+"; type="text\/xml"; start="<[^>]+>"$/.test(ct),
      ct,
    );
    const body = sent.body;
    const head = `\r\n--${boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <label-1@example.org>\r\nContent-Description: shipping label\r\nContent-Transfer-Encoding: binary\r\n\r\n`;
    const at = body.indexOf(head, 0, 'latin1');
    assert.ok(at > 0, body.toString('latin1'));
    const from = at + Buffer.byteLength(head, 'latin1');
    assert.deepEqual(body.subarray(from, from + PNG.length), PNG);
    assert.equal(body.subarray(from + PNG.length).toString('latin1'), `\r\n--${boundary}--\r\n`);
    assert.ok(body.toString('latin1').includes('<p:ref>label-1</p:ref>'));
  });

  it('without SwA only the envelope goes, as SOAP; a message nothing reads is relayed as it came', async () => {
    got.length = 0;
    await post('ParcelSoap');
    assert.match(got[0]!.headers['content-type'] ?? '', /^text\/xml/);
    assert.ok(!got[0]!.body.includes(PNG), got[0]!.body.toString('latin1'));
    got.length = 0;
    await post('ParcelRelay');
    assert.deepEqual(got[0]!.body, swaPackage('parcelBoundary'));
  });

  it('enableSwA "optional" (any case): SwA for a message read as a MIME package, plain SOAP for one that was not (TransportUtils.doWriteSwA)', async () => {
    got.length = 0;
    await post('ParcelOptional');
    assert.match(got[0]!.headers['content-type'] ?? '', /^multipart\/related; /);
    assert.ok(got[0]!.body.includes(PNG), got[0]!.body.toString('latin1'));
    got.length = 0;
    await fetch(`${t.base}/services/ParcelOptional`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: 'urn:file' },
      body: ROOT,
    });
    assert.match(got[0]!.headers['content-type'] ?? '', /^text\/xml/);
  });
  it('enableSwA/enableMTOM read as JavaUtils.isTrueExplicitly ("Yes", "1"), and enableMTOM "optional" MTOM only for a message read as an XOP package (TransportUtils.doWriteSwA/doWriteMTOM, MTOMBuilder doingMTOM)', async () => {
    const typeSent = async (name: string, xop = false) => {
      got.length = 0;
      assert.equal((await post(name, xop)).status, 200);
      return got[0]!.headers['content-type'] ?? '';
    };
    assert.match(await typeSent('ParcelYes'), /^multipart\/related; .*type="text\/xml"/);
    assert.match(await typeSent('ParcelMtomOne'), /^multipart\/related; .*type="application\/xop\+xml"/);
    // (an SwA package is no MTOM one: plain SOAP)
    assert.match(await typeSent('ParcelMtomOptional'), /^text\/xml/);
    assert.match(
      await typeSent('ParcelMtomOptional', true),
      /^multipart\/related; .*type="application\/xop\+xml"/,
    );
  });
});
