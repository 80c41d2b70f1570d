/**
 * The REST URL postfix of a blocking call (call blocking="true", callout): BlockingMsgSenderUtils.fillMessageContext
 * appends REST_URL_POSTFIX to the address only when the message is REST by the endpoint's format="rest", by the
 * message's own doingREST (axisInMsgCtx.isDoingREST()) or by isRequestRest (a REST content type, a GET/PUT/DELETE...).
 * The axis2 property enableREST makes the call REST in the transport (CommonsHTTPTransportSender), after the
 * address is made, so a SOAP request with enableREST goes to the bare address; so does a SOAP request through a
 * format="pox" endpoint. Own API, back end and payloads (Synapse BlockingMsgSenderUtils, MI CallMediatorBlockingTestCase).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S14 W4: REST_URL_POSTFIX of a blocking call (BlockingMsgSenderUtils.fillMessageContext; MI CallMediatorBlockingTestCase)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<got xmlns="urn:g">ok</got>');
    });
    const api = (name: string, pre: string, call: string) =>
      `<api ${NS} name="${name}" context="/${name}"><resource methods="POST GET" uri-template="/*"><inSequence>
        ${pre}${call}<respond/></inSequence></resource></api>`;
    const rest = '<property name="enableREST" value="true" scope="axis2"/>';
    t = await startRuntime({
      'A.xml': api(
        'pfa',
        rest,
        `<call blocking="true"><endpoint><address uri="${be.url}/svc"/></endpoint></call>`,
      ),
      'B.xml': api(
        'pfb',
        '',
        `<call blocking="true"><endpoint><address uri="${be.url}/svc" format="pox"/></endpoint></call>`,
      ),
      'C.xml': api(
        'pfc',
        rest,
        `<callout serviceURL="${be.url}/svc"><source type="envelope"/><target key="out"/></callout>`,
      ),
      'D.xml': api(
        'pfd',
        '',
        `<call blocking="true"><endpoint><address uri="${be.url}/svc" format="rest"/></endpoint></call>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });
  const envelope =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ask xmlns="urn:a">x</ask></soapenv:Body></soapenv:Envelope>';
  const soap = (p: string) =>
    send(`${t.base}${p}`, { body: envelope, type: 'text/xml', headers: { SOAPAction: 'urn:ask' } });
  const lastPath = () => be.requests[be.requests.length - 1]!.url;

  it('enableREST on a SOAP request: the call goes to the address without the postfix', async () => {
    await soap('/pfa/more/path');
    assert.equal(lastPath(), '/svc');
  });
  it('a format="pox" endpoint and a SOAP request: no postfix either', async () => {
    await soap('/pfb/more/path');
    assert.equal(lastPath(), '/svc');
  });
  it("a callout with enableREST and a SOAP request: no postfix; the client's SOAPAction header still goes", async () => {
    await soap('/pfc/more/path');
    assert.equal(lastPath(), '/svc');
    // HTTPSender sets no SOAPAction for REST, but AbstractHTTPSender.addCustomHeaders adds the transport headers
    // that fillMessageContext copied from the message (MI CalloutMediatorTestCase family)
    assert.equal(be.requests[be.requests.length - 1]!.headers['soapaction'], 'urn:ask');
  });
  it('format="rest", or a REST request (GET, or POX): the postfix goes', async () => {
    await soap('/pfd/more/path');
    assert.equal(lastPath(), '/svc/more/path');
    await send(`${t.base}/pfa/other`);
    assert.equal(lastPath(), '/svc/other');
    await send(`${t.base}/pfa/third`, { body: '<ask/>', type: 'application/xml' });
    assert.equal(lastPath(), '/svc/third');
  });
});
