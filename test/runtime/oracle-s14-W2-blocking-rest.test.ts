/**
 * Session 14, W2: `<call blocking="true">` with the axis2 property enableREST "true". BlockingMsgSenderUtils copies
 * it to the Axis2 client's message, and CommonsHTTPTransportSender.invoke makes the call REST by it
 * (TransportUtils.isDoingREST): a SOAP request goes as POX (MessageProcessorSelector: text/xml is written by the
 * application/xml formatter, the Content-Type kept; no SOAPAction of the client's own, HTTPSender, but the message's
 * transport headers go, addCustomHeaders); the message itself stays SOAP. Own API, back end and payloads (Synapse BlockingMsgSenderUtilsTest's enableREST case).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S14 W2: enableREST on a blocking call (CommonsHTTPTransportSender, TransportUtils.isDoingREST)', () => {
  let t: TestRuntime;
  let be: Backend;
  let seen: { type?: string; action?: string; body: string } = { body: '' };
  before(async () => {
    be = await startBackend((req, res) => {
      seen = {
        type: req.headers['content-type'],
        action: req.headers['soapaction'] as string | undefined,
        body: req.body,
      };
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<done xmlns="urn:d">1</done>');
    });
    const api = (name: string, enable: boolean) =>
      `<api ${NS} name="${name}" context="/${name}"><resource methods="POST"><inSequence>
        ${enable ? '<property name="enableREST" value="true" scope="axis2"/>' : ''}
        <call blocking="true"><endpoint><address uri="${be.url}/svc"/></endpoint></call>
        <respond/></inSequence></resource></api>`;
    t = await startRuntime({ 'Rest.xml': api('rest', true), 'Soap.xml': api('soap', false) });
  });
  after(async () => {
    await t.close();
    await be.close();
  });
  const envelope =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ask xmlns="urn:a">x</ask></soapenv:Body></soapenv:Envelope>';

  it('enableREST "true": the body goes as POX, text/xml (the client\'s SOAPAction header still goes, a transport header)', async () => {
    const r = await send(`${t.base}/rest`, {
      body: envelope,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
    assert.equal(seen.body, '<ask xmlns="urn:a">x</ask>');
    assert.match(seen.type ?? '', /^text\/xml/);
    assert.equal(seen.action, 'urn:ask');
    assert.equal(r.status, 200);
    assert.match(r.text, /<done xmlns="urn:d">1<\/done>/);
  });

  it('without it the call is SOAP (the envelope, the SOAPAction)', async () => {
    await send(`${t.base}/soap`, { body: envelope, type: 'text/xml', headers: { SOAPAction: 'urn:ask' } });
    assert.match(seen.body, /<soapenv:Envelope/);
    assert.equal(seen.action, 'urn:ask');
  });
});
