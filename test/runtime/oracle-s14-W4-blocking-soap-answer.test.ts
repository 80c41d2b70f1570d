/**
 * A blocking call's POX answer (application/xml) to a SOAP client is answered as a SOAP envelope. The Axis2 client of
 * MI's blocking sender builds the answer with ApplicationXMLBuilder, which puts it in the body of a SOAP 1.1
 * envelope; BlockingMsgSender.send gives the message that envelope and keeps the request's messageType (text/xml)
 * and doingREST (false), so respond writes it through SOAPMessageFormatter: the whole envelope. Axis2Sender's
 * doSOAPFormatConversion leaves it as it is (the message's Content-Type header is still the request's SOAP one), so a
 * SOAP 1.2 client gets that SOAP 1.1 envelope under its own application/soap+xml type. Whatever the endpoint's
 * format (none, pox, rest). A REST client still gets the bare XML. Own API, back end and payloads
 * (MI CallMediatorBlockingTestCase; Synapse BlockingMsgSender.send, Axis2 ApplicationXMLBuilder).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S14 W4: a blocking call s POX answer to a SOAP client (MI CallMediatorBlockingTestCase, BlockingMsgSender)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<stock xmlns="urn:s"><left>7</left></stock>');
    });
    const api = (name: string, format: string) =>
      `<api ${NS} name="${name}" context="/${name}"><resource methods="POST"><inSequence><call blocking="true"><endpoint><address uri="${be.url}/stock"${format}/></endpoint></call><respond/></inSequence></resource></api>`;
    t = await startRuntime({
      'Plain.xml': api('bsplain', ''),
      'Pox.xml': api('bspox', ' format="pox"'),
      'Rest.xml': api('bsrest', ' format="rest"'),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });
  const env11 =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><check xmlns="urn:c">lamp</check></soapenv:Body></soapenv:Envelope>';
  const answer11 =
    '<?xml version=\'1.0\' encoding=\'UTF-8\'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><stock xmlns="urn:s"><left>7</left></stock></soapenv:Body></soapenv:Envelope>';

  it('a SOAP 1.1 client gets the answer in a SOAP 1.1 envelope, text/xml (no format, pox, rest)', async () => {
    for (const p of ['bsplain', 'bspox', 'bsrest']) {
      const r = await send(`${t.base}/${p}`, {
        body: env11,
        type: 'text/xml',
        headers: { SOAPAction: 'urn:check' },
      });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
      assert.equal(r.text, answer11, p);
    }
  });

  it('a SOAP 1.2 client gets the SOAP 1.1 envelope the builder made, under its application/soap+xml type', async () => {
    const r = await send(`${t.base}/bspox`, {
      body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><check xmlns="urn:c">lamp</check></s:Body></s:Envelope>',
      type: 'application/soap+xml',
    });
    assert.match(r.headers.get('content-type') ?? '', /^application\/soap\+xml/);
    assert.equal(r.text, answer11);
  });

  it('a POX client gets the bare answer', async () => {
    const r = await send(`${t.base}/bspox`, {
      body: '<check xmlns="urn:c">lamp</check>',
      type: 'application/xml',
    });
    assert.equal(r.text, '<stock xmlns="urn:s"><left>7</left></stock>');
  });
});
