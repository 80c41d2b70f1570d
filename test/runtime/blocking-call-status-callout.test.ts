/**
 * callout uses MI's blocking sender too (CalloutMediator -> endpoint.send -> BlockingMsgSender.send): the same rules
 * as call blocking="true" for each status, and the fault handler runs on the callout's copy of the message (its body
 * is the callout's SOAP request, or the SOAP fault answer). Real HTTP on 127.0.0.1.
 */
import { strict as assert } from 'node:assert';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime: callout answers and failures by status (MI blocking sender)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      if (req.url === '/gone') {
        res.writeHead(410, { 'content-type': 'text/plain' });
        return void res.end('moved away');
      }
      if (req.url === '/fault') {
        res.writeHead(500, { 'content-type': 'text/xml' });
        return void res.end(
          `<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>unknown room</faultstring><detail><room>12B</room></detail></s:Fault></s:Body></s:Envelope>`,
        );
      }
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ type: req.headers['content-type'] ?? '', body: req.body }));
      }
      if (req.url === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"room":"14C","floor":1}');
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      return void res.end(
        `<s:Envelope xmlns:s="${SOAP11}"><s:Body><reserved><room>12A</room></reserved></s:Body></s:Envelope>`,
      );
    });
    const dead = await closedPort();
    const B = backend.url;
    const proxy = (name: string, url: string, props = '') =>
      `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${props}
        <callout serviceURL="${url}" action="urn:reserve"><source xpath="$body/*[1]"/><target key="answer"/></callout>
        <payloadFactory media-type="xml"><format><got xmlns="">$1</got></format><args><arg expression="$ctx:answer//room"/></args></payloadFactory>
        <respond/></inSequence>
        <faultSequence>
          <property name="X-Code" expression="get-property('ERROR_CODE')" scope="transport"/>
          <property name="X-Message" expression="get-property('ERROR_MESSAGE')" scope="transport"/>
          <property name="X-Detail" expression="get-property('ERROR_DETAIL')" scope="transport"/>
          <property name="X-Axis2-Sc" expression="$axis2:HTTP_SC" scope="transport"/>
          <property name="HTTP_SC" value="200" scope="axis2"/>
          <respond/></faultSequence></target></proxy>`;
    t = await startRuntime({
      'Reserve.xml': proxy('Reserve', `${B}/ok`),
      'Gone.xml': proxy('Gone', `${B}/gone`),
      // the blocking client throws for a fault answer only with FORCE_ERROR_ON_SOAP_FAULT "true"
      // (BlockingMsgSenderUtils.fillClientOptions)
      'Fault.xml': proxy('Fault', `${B}/fault`, '<property name="FORCE_ERROR_ON_SOAP_FAULT" value="true"/>'),
      'FaultDefault.xml': proxy('FaultDefault', `${B}/fault`),
      'Dead.xml': proxy('Dead', `http://127.0.0.1:${dead}/x`),
      'JsonOut.xml': `<api ${NS} name="JsonOut" context="/jsonout"><resource methods="POST"><inSequence>
        <callout serviceURL="${B}/echo" action="urn:reserve"><source xpath="$body/*[1]"/><target key="answer"/></callout>
        <respond/></inSequence></resource></api>`,
      'JsonAnswer.xml': `<proxy ${NS} name="JsonAnswer" transports="http"><target><inSequence>
        <callout serviceURL="${B}/json" action="urn:reserve"><source xpath="$body/*[1]"/><target key="answer"/></callout>
        <property name="X-Target" expression="$ctx:answer" scope="transport"/>
        <respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  const call = async (name: string) => {
    const r = await send(`${t.base}/services/${name}`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><reserve><guest>Ada</guest></reserve></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:reserve' },
    });
    const h = (n: string) => r.headers.get(n) ?? '';
    return {
      text: r.text,
      status: r.status,
      seen: [h('x-code'), h('x-message'), h('x-detail'), h('x-axis2-sc')],
    };
  };

  it('a 2xx answer goes to the target', async () => {
    const r = await call('Reserve');
    assert.match(r.text, /<got>12A<\/got>/);
    assert.deepEqual(r.seen, ['', '', '', '']);
  });

  it('a 410: ERROR_CODE 410 and the transport error; the fault sequence has the callout request', async () => {
    const r = await call('Gone');
    assert.deepEqual(r.seen, ['410', 'Transport error: 410 Error: Gone', '', '410']);
    assert.match(r.text, /<reserve><guest>Ada<\/guest><\/reserve>/);
  });

  it('a SOAP fault 500: 401002, its reason and detail text, HTTP_SC 500; the fault is the body', async () => {
    const r = await call('Fault');
    assert.deepEqual(r.seen, ['401002', 'unknown room', '12B', '500']);
    assert.match(r.text, /<faultstring>unknown room<\/faultstring>/);
  });

  // MI tests-patches ESBJAVA_4239_AccessHTTPSCAfterCallout: "Status Code inSequence = 500"
  it('without FORCE_ERROR_ON_SOAP_FAULT a SOAP fault 500 is the answer: the flow goes on with HTTP_SC 500', async () => {
    const r = await call('FaultDefault');
    assert.deepEqual(r.seen, ['', '', '', '']);
    assert.equal(r.status, 500);
    assert.match(r.text, /<got>12B<\/got>/, JSON.stringify(r));
  });

  it('a JSON answer replaces the message payload whatever the target (JsonUtil.cloneJsonPayload)', async () => {
    const r = await send(`${t.base}/services/JsonAnswer`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><reserve><guest>Ada</guest></reserve></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:reserve' },
    });
    assert.equal(r.headers.get('x-target') ?? '', '');
    // the message keeps its message type (text/xml): the JSON goes back as XML in the SOAP body
    assert.match(
      r.text,
      /<(\w+:)?Body><jsonObject><room>14C<\/room><floor>1<\/floor><\/jsonObject><\/(\w+:)?Body>/,
    );
    assert.doesNotMatch(r.text, /guest/);
  });

  it('a JSON message goes out whole in its own type, not the source in an envelope', async () => {
    const r = await send(`${t.base}/jsonout`, {
      body: '{"guest":"Ada","nights":2}',
      type: 'application/json',
    });
    const echo = r.json() as { type: string; body: string };
    assert.match(echo.type, /^application\/json/);
    assert.deepEqual(JSON.parse(echo.body), { guest: 'Ada', nights: 2 });
  });

  it('a refused connection: 401002 "Connection refused"', async () => {
    const r = await call('Dead');
    assert.deepEqual(r.seen, ['401002', 'Connection refused', '', '']);
  });
});
