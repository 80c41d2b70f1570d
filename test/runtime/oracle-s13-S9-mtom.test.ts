/**
 * Session 13, helper S9: MTOM as MI reads and writes it. multipart/related has no formatter or builder in MI's
 * axis2.xml: Axis2's MIMEBuilder reads the root part as the SOAP envelope (an XOP Include being its part's bytes,
 * base64 text once written without MTOM), and a SOAP message of that messageType goes to SOAPMessageFormatter, which
 * writes an XOP package when enableMTOM is "true" and the plain envelope of its SOAP version otherwise. Our own
 * proxies and payloads.
 */
import assert from 'node:assert/strict';
import { freePort } from '../support';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ENVELOPE = `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><p:upload xmlns:p="urn:example:photos"><p:name>sun.png</p:name></p:upload></soapenv:Body></soapenv:Envelope>`;

describe('oracle s13 (S9): MTOM (Axis2 MIMEBuilder, SOAPMessageFormatter)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    // an MTOM back end: answers the same XOP package it was sent, under the content type it came with
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': String(req.headers['content-type']) });
      res.end(req.body);
    });
    t = await startRuntime({
      'MtomOut.xml': `<proxy ${NS} name="MtomOut"><target><inSequence>
        <property name="enableMTOM" scope="axis2" value="true"/><property name="messageType" scope="axis2" value="multipart/related"/>
        <send><endpoint><address uri="${be.url}/photos"/></endpoint></send></inSequence>
        <outSequence><property name="enableMTOM" scope="axis2" value="false"/><send/></outSequence></target></proxy>`,
      'MtomRead.xml': `<proxy ${NS} name="MtomRead"><target><inSequence>
        <log level="custom"><property name="data" expression="//*[local-name()='data']"/></log><respond/></inSequence></target></proxy>`,
      'MtomEndpoint.xml': `<proxy ${NS} name="MtomEndpoint"><target><inSequence>
        <send><endpoint><address uri="${be.url}/optimized" optimize="MTOM"/></endpoint></send></inSequence>
        <outSequence><send/></outSequence></target></proxy>`,
      'SwaEndpoint.xml': `<proxy ${NS} name="SwaEndpoint"><target><inSequence>
        <send><endpoint><address uri="${be.url}/attached" optimize=" Swa "/></endpoint></send></inSequence>
        <outSequence><send/></outSequence></target></proxy>`,
      'SwaBack.xml': `<proxy ${NS} name="SwaBack"><target><inSequence>
        <property name="enableSwA" scope="axis2" value="true"/><log level="full"/><respond/></inSequence></target></proxy>`,
      'MtomBack.xml': `<proxy ${NS} name="MtomBack"><target><inSequence>
        <property name="enableMTOM" scope="axis2" value="true"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('enableMTOM true with messageType multipart/related: the back end gets an XOP package; enableMTOM false on the answer: plain SOAP, text/xml; charset=UTF-8 (MI MTOMEnableDisableSendMediatorTestCase)', async () => {
    const had = be.requests.length;
    const r = await send(`${t.base}/services/MtomOut`, {
      body: ENVELOPE,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:mediate' },
    });
    const sent = be.requests[had]!;
    const ct = String(sent.headers['content-type']);
    assert.match(
      ct,
      /^multipart\/related; boundary="(MIMEBoundary_[0-9a-f]{48})"; type="application\/xop\+xml"; start="<(0\.[0-9a-f]{48}@apache\.org)>"; start-info="text\/xml"$/,
    );
    const [, boundary, id] = /boundary="([^"]+)".*start="<([^>]+)>"/.exec(ct)!;
    assert.equal(
      sent.body,
      `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${id}>\r\n\r\n${ENVELOPE}\r\n--${boundary}--\r\n`,
    );
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.equal(r.text, ENVELOPE);
  });

  it('an MTOM request is read into the envelope: the root part, an xop:Include as its part in base64 (Axis2 MIMEBuilder)', async () => {
    const boundary = 'MIMEBoundary_photo';
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const root = `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><p:upload xmlns:p="urn:example:photos"><p:data><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:1.photo@example.org"/></p:data></p:upload></soapenv:Body></soapenv:Envelope>`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <0.root@example.org>\r\n\r\n${root}\r\n` +
          `--${boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <1.photo@example.org>\r\n\r\n`,
        'latin1',
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    ]);
    const before = t.logs.length;
    const res = await fetch(`${t.base}/services/MtomRead`, {
      method: 'POST',
      body,
      headers: {
        'content-type': `multipart/related; boundary="${boundary}"; type="application/xop+xml"; start="<0.root@example.org>"; start-info="text/xml"`,
        SOAPAction: 'urn:mediate',
      },
    });
    await res.arrayBuffer();
    assert.ok(
      t.logs.slice(before).some((l) => l.message.includes(`data = ${png.toString('base64')}`)),
      t.logs
        .slice(before)
        .map((l) => l.message)
        .join('\n'),
    );
  });

  it('an endpoint with optimize="mtom" sends the SOAP request as an XOP package (EndpointDefinitionFactory, Axis2FlexibleMEPClient isUseMTOM)', async () => {
    const had = be.requests.length;
    const r = await send(`${t.base}/services/MtomEndpoint`, {
      body: ENVELOPE,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:mediate' },
    });
    const sent = be.requests[had]!;
    assert.match(
      String(sent.headers['content-type']),
      /^multipart\/related; boundary="MIMEBoundary_[0-9a-f]{48}"; type="application\/xop\+xml"/,
    );
    assert.ok(sent.body.includes(`\r\n\r\n${ENVELOPE}\r\n--MIMEBoundary_`), sent.body);
    // the XOP answer is read as its envelope and goes back to the SOAP client as it came (not built)
    assert.equal(r.status, 200);
  });

  it('an endpoint with optimize="swa" (trimmed, any case) sends the SOAP request as a SwA package, the envelope its root part (EndpointDefinitionFactory setUseSwa, Axis2FlexibleMEPClient isUseSwa: ENABLE_SWA)', async () => {
    const had = be.requests.length;
    const r = await send(`${t.base}/services/SwaEndpoint`, {
      body: ENVELOPE,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:mediate' },
    });
    const sent = be.requests[had]!;
    assert.match(
      sent.body,
      /^--(MIMEBoundary_[0-9a-f]{48})\r\nContent-Type: text\/xml; charset=UTF-8\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <0\.[0-9a-f]{48}@apache\.org>\r\n\r\n/,
    );
    assert.ok(sent.body.includes(`\r\n\r\n${ENVELOPE}\r\n--MIMEBoundary_`), sent.body);
    assert.equal(r.status, 200);
  });

  it('MTOM to a proxy of the same server over HTTP/1.0 without chunking: the boundaries hold, the back proxy reads it, the client gets 200 (MI MTOMMIMEBoundaryWhenContentTypePreservedTestCase)', async () => {
    const port = await freePort();
    const rt = await startRuntime(
      {
        'MimeFront.xml': `<proxy ${NS} name="MimeFront"><target><inSequence>
          <property name="enableMTOM" scope="axis2" value="true"/><property name="messageType" scope="axis2" value="multipart/related"/>
          <property name="FORCE_HTTP_1.0" value="true" scope="axis2"/><property name="DISABLE_CHUNKING" value="true" scope="axis2"/>
          <send><endpoint><address optimize="mtom" uri="http://127.0.0.1:${port}/services/MimeBack"/></endpoint></send></inSequence>
          <outSequence><send/></outSequence></target></proxy>`,
        'MimeBack.xml': `<proxy ${NS} name="MimeBack"><target><inSequence>
          <log level="custom"><property name="seen" expression="//*[local-name()='name']"/></log><respond/></inSequence></target></proxy>`,
      },
      { httpPort: port },
    );
    try {
      const r = await send(`${rt.base}/services/MimeFront`, {
        body: ENVELOPE,
        type: 'text/xml; charset=UTF-8',
        headers: { SOAPAction: 'urn:mediate' },
      });
      assert.equal(r.status, 200);
      assert.ok(r.text.includes('<p:name>sun.png</p:name>'), r.text);
      assert.ok(rt.logs.some((l) => l.message.includes('seen = sun.png')));
    } finally {
      await rt.close();
    }
  });

  it('enableMTOM true on an answer: the client gets an XOP package (PassThroughHttpSender.submitResponse)', async () => {
    const r = await send(`${t.base}/services/MtomBack`, {
      body: ENVELOPE,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:mediate' },
    });
    assert.match(String(r.headers.get('content-type')), /^multipart\/related; boundary="MIMEBoundary_/);
    assert.ok(r.text.includes(`Content-Type: application/xop+xml; charset=UTF-8; type="text/xml"`));
    assert.ok(r.text.includes(ENVELOPE));
  });

  it('enableSwA true on a built answer: a SOAP with Attachments package, the envelope its text/xml root part (OMOutputFormat.getContentTypeForSwA, SOAPMessageFormatter.writeSwAMessage)', async () => {
    const r = await send(`${t.base}/services/SwaBack`, {
      body: ENVELOPE,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:mediate' },
    });
    const ct = String(r.headers.get('content-type'));
    assert.match(
      ct,
      /^multipart\/related; boundary="(MIMEBoundary_[0-9a-f]{48})"; type="text\/xml"; start="<(0\.[0-9a-f]{48}@apache\.org)>"$/,
    );
    const [, boundary, id] = /boundary="([^"]+)".*start="<([^>]+)>"/.exec(ct)!;
    assert.equal(
      r.text,
      `--${boundary}\r\nContent-Type: text/xml; charset=UTF-8\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${id}>\r\n\r\n${ENVELOPE}\r\n--${boundary}--\r\n`,
    );
  });
});
