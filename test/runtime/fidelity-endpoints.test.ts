/**
 * The error properties a fault sequence sees after an endpoint failure, in MI's words (facts from wso2-synapse
 * TimeoutHandler, AddressEndpoint and the pass-through transport's error handler). Real backends on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime, closedPort } from './helpers';

const FAULT = `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
  <args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;

describe('runtime fidelity: endpoint error properties', () => {
  let t: TestRuntime;
  let slow: Backend;
  let soap: Backend;
  before(async () => {
    soap = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r xmlns="urn:r"><ok>1</ok></r></s:Body></s:Envelope>',
      );
      void req;
    });
    slow = await startBackend(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('late');
    });
    const dead = await closedPort();
    t = await startRuntime({
      'Slow.xml': `<api ${NS} name="Slow" context="/fep/slow"><resource methods="GET"><inSequence>
        <call><endpoint><address uri="${slow.url}/x"><timeout><duration>80</duration><responseAction>fault</responseAction></timeout></address></endpoint></call><respond/>
        </inSequence>${FAULT}</resource></api>`,
      'Flaky.xml': `<endpoint ${NS} name="FlakyEP"><address uri="http://127.0.0.1:${dead}/x"><suspendOnFailure><errorCodes>101503</errorCodes><initialDuration>5000</initialDuration></suspendOnFailure></address></endpoint>`,
      'RestToSoap.xml': `<api ${NS} name="RestToSoap" context="/fep/soap"><resource methods="GET" uri-template="/{v}"><inSequence>
        <payloadFactory media-type="xml"><format><m:ask xmlns:m="urn:m"><m:v>$1</m:v></m:ask></format><args><arg expression="get-property('uri.var.v')"/></args></payloadFactory>
        <header name="Action" value="urn:ask"/>
        <call><endpoint><address uri="${soap.url}/svc11" format="soap11"/></endpoint></call>
        <call><endpoint><address uri="${soap.url}/svc12" format="soap12"/></endpoint></call>
        <property name="messageType" value="application/json" scope="axis2"/><respond/></inSequence></resource></api>`,
      'HttpPostfix.xml': `<api ${NS} name="HttpPostfix" context="/fep/rest"><resource methods="GET"><inSequence>
        <call><endpoint><http uri-template="${soap.url}/base"/></endpoint></call>
        <call><endpoint><http method="get" uri-template="${soap.url}/fixed"/></endpoint></call>
        <respond/></inSequence></resource></api>`,
      'Susp.xml': `<api ${NS} name="Susp" context="/fep/susp"><resource methods="GET"><inSequence>
        <call><endpoint key="FlakyEP"/></call><respond/></inSequence>${FAULT}</resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await slow.close();
    await soap.close();
  });

  it('a SOAP endpoint format POSTs a GET request as SOAP, with the action of the header mediator', async () => {
    const r = await send(`${t.base}/fep/soap/42`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { r: { ok: 1 } });
    const [s11, s12] = soap.requests.slice(-2);
    assert.equal(s11.method, 'POST');
    assert.equal(s11.url, '/svc11'); // no REST_URL_POSTFIX on a SOAP format
    assert.equal(s11.headers['soapaction'], '"urn:ask"');
    assert.match(s11.headers['content-type'] ?? '', /^text\/xml/);
    assert.match(
      s11.body,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><soapenv:Body><m:ask xmlns:m="urn:m"><m:v>42<\/m:v>/,
    );
    assert.equal(s12.method, 'POST');
    assert.match(s12.headers['content-type'] ?? '', /^application\/soap\+xml.*; action="urn:ask"$/);
    assert.match(s12.body, /http:\/\/www\.w3\.org\/2003\/05\/soap-envelope/);
  });

  it('an http endpoint without a method gets REST_URL_POSTFIX; with a method it does not', async () => {
    const r = await send(`${t.base}/fep/rest/users/7?x=1`);
    assert.equal(r.status, 200, r.text);
    const [withPostfix, without] = soap.requests.slice(-2);
    assert.equal(withPostfix.url, '/base/users/7?x=1');
    assert.equal(without.url, '/fixed');
  });

  it('an endpoint timeout: ERROR_CODE 101504 and ERROR_MESSAGE "Send timeout"', async () => {
    const r = await send(`${t.base}/fep/slow`);
    assert.deepEqual(r.json(), { code: '101504', message: 'Send timeout' });
  });

  it('a suspended endpoint: ERROR_CODE 303001 and MI\'s "Currently , Address endpoint" message', async () => {
    let r = await send(`${t.base}/fep/susp`);
    assert.equal((r.json() as { code: string }).code, '101503');
    assert.match((r.json() as { message: string }).message, /^Error connecting to the back end/);
    r = await send(`${t.base}/fep/susp`);
    assert.deepEqual(r.json(), {
      code: '303001',
      message: 'Currently , Address endpoint : [ Name : FlakyEP ] [ State : SUSPENDED ]',
    });
  });
});
