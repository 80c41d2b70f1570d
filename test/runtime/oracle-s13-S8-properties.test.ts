/**
 * Session 13, S8: the properties MI's documentation lists (docs-mi reference/mediators/property-reference: generic,
 * HTTP transport, axis2, message context properties), checked against what MI's sources do with them. Our own API
 * names and payloads; each case names the page and the MI/Synapse source (and MI test class, where there is one).
 */
import assert from 'node:assert/strict';
import {
  api,
  closedPort,
  rawRequest,
  send,
  startBackend,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('oracle S13 S8: HTTP_ETAG (axis2-properties page; PassThroughHttpSender.submitResponse, DOMHASHGenerator; MI CacheControlHeadersTestCase back end)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<tally><n>8</n></tally>');
    });
    t = await startRuntime({
      'TagEcho.xml': api(
        'TagEcho',
        '/tag-echo',
        `<property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/><respond/>`,
      ),
      'TagMade.xml': api(
        'TagMade',
        '/tag-made',
        `<payloadFactory media-type="xml"><format><tally xmlns=""><n>$1</n></tally></format>
           <args><arg expression="get-property('uri.var.n')"/></args></payloadFactory>
         <property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/>
         <respond/>`,
        'methods="POST" uri-template="/{n}"',
      ),
      'TagAfterCall.xml': api(
        'TagAfterCall',
        '/tag-after-call',
        `<call><endpoint><address uri="${backend.url}/tally"/></endpoint></call>
         <property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/>
         <respond/>`,
      ),
      'TagBeforeCall.xml': api(
        'TagBeforeCall',
        '/tag-before-call',
        `<property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/>
         <call><endpoint><address uri="${backend.url}/tally"/></endpoint></call>
         <respond/>`,
      ),
      'TagJson.xml': api(
        'TagJson',
        '/tag-json',
        `<property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/><respond/>`,
      ),
      'NoTag.xml': api('NoTag', '/no-tag', `<respond/>`),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('the SOAP Body of a relayed envelope (its white space text counted, a comment not) is hashed into a quoted ETag', async () => {
    const envelope =
      `<s:Envelope xmlns:s="${SOAP11}">\n  <s:Body>\n` +
      '    <q:stock xmlns:q="urn:quotes" market="X"><q:sym>ACME</q:sym><!-- note --></q:stock>\n' +
      '  </s:Body>\n</s:Envelope>';
    const r = await send(`${t.base}/tag-echo`, {
      body: envelope,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:stock' },
    });
    assert.equal(r.status, 200, r.text);
    // MD5 DOMHASH of the Body element, each byte printed as a signed decimal (DOMHASHGenerator.getStringRepresentation)
    assert.equal(r.headers.get('etag'), '"125107-4019-29-10107-50-11124-6-79-63-30103-96"');
    assert.ok(r.text.includes('<q:sym>ACME</q:sym>'), r.text);
  });

  it('a payload the flow made: the same body gives the same ETag, another body another one', async () => {
    const seven = await send(`${t.base}/tag-made/7`, { body: '<x/>', type: 'application/xml' });
    const again = await send(`${t.base}/tag-made/7`, { body: '<y/>', type: 'application/xml' });
    const eight = await send(`${t.base}/tag-made/8`, { body: '<x/>', type: 'application/xml' });
    assert.equal(seven.headers.get('etag'), '"6026-11711841-1238-63-51-41-1-67-126-31-104-20"');
    assert.equal(again.headers.get('etag'), seven.headers.get('etag'));
    assert.equal(eight.headers.get('etag'), '"-6067-48-68-106-375138-18-23-423167-32-50-87"');
  });

  it("set on the back end's answer it tags that answer; set before the call it is lost with the request's axis2 scope", async () => {
    const after = await send(`${t.base}/tag-after-call`);
    assert.equal(after.status, 200, after.text);
    // the back end's <tally><n>8</n></tally>, built into a SOAP 1.1 body
    assert.equal(after.headers.get('etag'), '"-6067-48-68-106-375138-18-23-423167-32-50-87"');
    const before = await send(`${t.base}/tag-before-call`);
    assert.equal(before.status, 200, before.text);
    assert.equal(before.headers.get('etag'), null);
  });

  it('a JSON payload is hashed through its XML form; without the property no ETag', async () => {
    const a = await send(`${t.base}/tag-json`, { body: '{"k":1}', type: 'application/json' });
    const b = await send(`${t.base}/tag-json`, { body: '{"k":2}', type: 'application/json' });
    assert.match(a.headers.get('etag') ?? '', /^"[-0-9]+"$/);
    assert.notEqual(a.headers.get('etag'), b.headers.get('etag'));
    assert.deepEqual(a.json(), { k: 1 });
    const none = await send(`${t.base}/no-tag`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(none.headers.get('etag'), null);
  });
});

describe('oracle S13 S8: PRESERVE_WS_ADDRESSING (generic-properties page; Axis2FlexibleMEPClient.cloneForSend, BlockingMsgSenderUtils.fillMessageContext, MessageHelper.removeAddressingHeaders; MI PropertyIntegrationPRESERVE_WS_ADDRESSINGPropertyTest)', () => {
  const FINAL = 'http://www.w3.org/2005/08/addressing';
  const SUBMISSION = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
  const wsa = (ns: string) =>
    `<wsa:To xmlns:wsa="${ns}">http://shop.example/orders</wsa:To>` +
    `<wsa:MessageID xmlns:wsa="${ns}">urn:uuid:0a0b0c0d-1111-4222-8333-444455556666</wsa:MessageID>` +
    `<wsa:Action xmlns:wsa="${ns}">urn:placeOrder</wsa:Action>`;
  const envelope = (headers: string) =>
    `<s:Envelope xmlns:s="${SOAP11}"><s:Header>${headers}<t:trace xmlns:t="urn:trace">t-9</t:trace></s:Header>` +
    '<s:Body><o:order xmlns:o="urn:orders"><o:id>77</o:id></o:order></s:Body></s:Envelope>';
  let t: TestRuntime;
  let backend: Backend;
  const seen = () => backend.requests.at(-1)!.body;
  const post = (path: string, headers: string) =>
    send(`${t.base}${path}`, {
      body: envelope(headers),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:placeOrder' },
    });
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(req.body);
    });
    const to = `${backend.url}/orders`;
    t = await startRuntime({
      'WsaBuilt.xml': api(
        'WsaBuilt',
        '/wsa-built',
        `<log level="full"/><call><endpoint><address uri="${to}"/></endpoint></call><respond/>`,
      ),
      'WsaKept.xml': api(
        'WsaKept',
        '/wsa-kept',
        `<property name="PRESERVE_WS_ADDRESSING" value="true"/><log level="full"/>
         <call><endpoint><address uri="${to}"/></endpoint></call><respond/>`,
      ),
      'WsaRelayed.xml': api(
        'WsaRelayed',
        '/wsa-relayed',
        `<call><endpoint><address uri="${to}"/></endpoint></call><respond/>`,
      ),
      'WsaBlocking.xml': api(
        'WsaBlocking',
        '/wsa-blocking',
        `<log level="full"/>
         <call blocking="true"><endpoint><address uri="${to}"><enableAddressing/></address></endpoint></call>
         <respond/>`,
      ),
      'WsaBlockingKept.xml': api(
        'WsaBlockingKept',
        '/wsa-blocking-kept',
        `<property name="PRESERVE_WS_ADDRESSING" value="true"/><log level="full"/>
         <call blocking="true"><endpoint><address uri="${to}"><enableAddressing/></address></endpoint></call>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('a built SOAP request loses its WS-Addressing headers on the way to the back end; its other headers stay', async () => {
    const r = await post('/wsa-built', wsa(FINAL));
    assert.equal(r.status, 200, r.text);
    assert.ok(!seen().includes(FINAL), seen());
    assert.ok(seen().includes('<t:trace xmlns:t="urn:trace">t-9</t:trace>'), seen());
    assert.ok(seen().includes('<o:id>77</o:id>'), seen());
  });

  it('with PRESERVE_WS_ADDRESSING "true" they go as they came', async () => {
    await post('/wsa-kept', wsa(FINAL));
    assert.ok(seen().includes('urn:uuid:0a0b0c0d-1111-4222-8333-444455556666</wsa:MessageID>'), seen());
    assert.ok(seen().includes('http://shop.example/orders</wsa:To>'), seen());
  });

  it('relayed unread, the bytes go as received (the pass-through envelope is an empty stand-in)', async () => {
    await post('/wsa-relayed', wsa(FINAL));
    assert.equal(seen(), envelope(wsa(FINAL)));
  });

  it('the submission-namespace headers go first: the final-namespace ones then stay', async () => {
    await post('/wsa-built', wsa(SUBMISSION) + wsa(FINAL));
    assert.ok(!seen().includes(SUBMISSION), seen());
    assert.ok(seen().includes(`<wsa:Action xmlns:wsa="${FINAL}">urn:placeOrder</wsa:Action>`), seen());
  });

  it('a blocking call with enableAddressing writes none without PRESERVE_WS_ADDRESSING (DISABLE_ADDRESSING_FOR_OUT_MESSAGES), its own with it', async () => {
    const r = await post('/wsa-blocking', wsa(FINAL));
    assert.equal(r.status, 200, r.text);
    assert.ok(!seen().includes('addressing'), seen());
    await post('/wsa-blocking-kept', '');
    assert.ok(seen().includes(`<wsa:To>${backend.url}/orders</wsa:To>`), seen());
  });
});

describe('oracle S13 S8: ERROR_EXCEPTION and ERROR_DETAIL (generic-properties page; FaultHandler.handleFault, TargetErrorHandler.handleError, ConnectCallback.failed, TimeoutHandler)', () => {
  let t: TestRuntime;
  let slow: Backend;
  const fault = `<faultSequence><log level="custom">
      <property name="EX" expression="get-property('ERROR_EXCEPTION')"/>
      <property name="DETAIL" expression="get-property('ERROR_DETAIL')"/>
      <property name="UNSET" expression="get-property('NEVER_SET_ANYWHERE')"/>
    </log><respond/></faultSequence>`;
  const resource = (name: string, ctx: string, body: string) =>
    `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="${ctx}"><resource methods="GET"><inSequence>${body}</inSequence>${fault}</resource></api>`;
  before(async () => {
    const port = await closedPort();
    slow = await startBackend(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      res.end('late');
    });
    t = await startRuntime({
      'ExRefused.xml': resource(
        'ExRefused',
        '/ex-refused',
        `<call><endpoint><address uri="http://127.0.0.1:${port}/none"/></endpoint></call><respond/>`,
      ),
      'ExMediator.xml': resource(
        'ExMediator',
        '/ex-mediator',
        `<payloadFactory media-type="xml"><format><a xmlns="">1</a></format><args/></payloadFactory><xslt key="gov:missing/none.xsl"/><respond/>`,
      ),
      'ExTimeout.xml': resource(
        'ExTimeout',
        '/ex-timeout',
        `<call><endpoint><address uri="${slow.url}/late"><timeout><duration>300</duration><responseAction>fault</responseAction></timeout></address></endpoint></call><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await slow?.close();
  });
  const logged = async (path: string) => {
    const n = t.logs.length;
    await send(`${t.base}${path}`);
    const line = t.logs.slice(n).find((l) => l.message.startsWith('EX = '));
    assert.ok(line, JSON.stringify(t.logs.slice(n)));
    const m = /^EX = (.*), DETAIL = (.*), UNSET = (.*)$/s.exec(line.message);
    assert.ok(m, line.message);
    return { ex: m[1], detail: m[2], unset: m[3] };
  };

  // (session 17 W4: get-property('ERROR_EXCEPTION') is '' in an XPath: the property holds the exception object, which
  // SynapseXPath.stringValueOf skips (mi-run harness, MI 4.4 Synapse); its toString() shows through
  // ${props.synapse.ERROR_EXCEPTION}, see oracle-s17-W4-flow)
  it('a refused connection: the java.net.ConnectException the connect callback hands over (no text to an XPath)', async () => {
    const r = await logged('/ex-refused');
    assert.equal(r.ex, '');
  });

  it("a mediator's failure: the SynapseException of AbstractMediator.handleException (no text to an XPath)", async () => {
    const r = await logged('/ex-mediator');
    assert.equal(r.ex, '');
  });

  it('an endpoint timeout: TimeoutHandler sets neither ERROR_DETAIL nor ERROR_EXCEPTION', async () => {
    const r = await logged('/ex-timeout');
    assert.equal(r.ex, r.unset);
    assert.equal(r.detail, r.unset);
  });
});

describe('oracle S13 S8: TransportInURL (axis2 scope; pass-through ServerWorker.createMessageContext)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend();
    t = await startRuntime({
      'InUrl.xml': api(
        'InUrl',
        '/in-url',
        `<log level="custom"><property name="in" expression="$axis2:TransportInURL"/></log>
         <call><endpoint><address uri="${backend.url}/elsewhere"/></endpoint></call>
         <log level="custom"><property name="after" expression="get-property('axis2', 'TransportInURL')"/></log>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it("is the request line's URI as received (path and query); the back end's answer has none", async () => {
    const r = await send(`${t.base}/in-url/items/4?color=red%20dark&x`);
    assert.equal(r.status, 200, r.text);
    const lines = t.logs.map((l) => l.message);
    assert.ok(lines.includes('in = /in-url/items/4?color=red%20dark&x'), lines.join('\n'));
    assert.ok(lines.includes('after = null'), lines.join('\n'));
  });
});

describe('oracle S13 S8: NO_KEEPALIVE after a failed call (http-transport-properties page; SynapseCallbackReceiver.handleMessage, MI PropertyIntegrationNO_KEEPALIVE_PropertyTest area)', () => {
  let t: TestRuntime;
  before(async () => {
    const port = await closedPort();
    t = await startRuntime({
      'KeepFault.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="KeepFault" context="/keep-fault"><resource methods="GET"><inSequence>
          <property name="NO_KEEPALIVE" value="true" scope="axis2"/>
          <call><endpoint><address uri="http://127.0.0.1:${port}/gone"/></endpoint></call><respond/>
        </inSequence><faultSequence><payloadFactory media-type="json"><format>{"failed":true}</format></payloadFactory><respond/></faultSequence></resource></api>`,
      'KeepOwn.xml': api(
        'KeepOwn',
        '/keep-own',
        `<property name="NO_KEEPALIVE" value="true" scope="axis2"/>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('the fault sequence answers on a kept-alive connection: the sender failure took the property off; set and answered, it closes', async () => {
    const failed = await rawRequest(`${t.base}/keep-fault`);
    assert.equal(failed.text, '{"failed":true}');
    assert.notEqual(String(failed.headers.connection).toLowerCase(), 'close');
    const own = await rawRequest(`${t.base}/keep-own`);
    assert.equal(String(own.headers.connection).toLowerCase(), 'close');
  });
});

describe('oracle S13 S8: RelatesTo of a back end answer (soap-headers page; SynapseCallbackReceiver.handleMessage setRelationships)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend();
    t = await startRuntime({
      'Related.xml': api(
        'Related',
        '/related',
        `<log level="custom"><property name="id" expression="get-property('MessageID')"/><property name="rel" expression="get-property('RelatesTo')"/></log>
         <call><endpoint><address uri="${backend.url}/answer"/></endpoint></call>
         <log level="custom"><property name="answerRel" expression="get-property('RelatesTo')"/></log>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it("after a call the message relates to the request: RelatesTo is the request's MessageID", async () => {
    const r = await send(`${t.base}/related`, { body: '<q/>', type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    const lines = t.logs.map((l) => l.message);
    const before = lines.map((l) => /^id = (\S+), rel = (.*)$/.exec(l)).find((m) => m);
    assert.ok(before, lines.join('\n'));
    assert.equal(before[2], '');
    assert.ok(lines.includes(`answerRel = ${before[1]}`), lines.join('\n'));
  });
});

describe("oracle S13 S8: FAULTS_AS_HTTP_200 and a fault answer's status, decided when it goes out (http-transport-properties page; PassThroughTransportUtils.determineHttpStatusCode)", () => {
  let t: TestRuntime;
  const makeFault = `<makefault version="soap11"><code value="soap11Env:Server" xmlns:soap11Env="${SOAP11}"/><reason value="broken"/></makefault>`;
  before(async () => {
    t = await startRuntime({
      'LateFlag.xml': api(
        'LateFlag',
        '/late-flag',
        `${makeFault}<property name="FAULTS_AS_HTTP_200" value="TRUE" scope="axis2"/><respond/>`,
      ),
      'FaultStatus.xml': api(
        'FaultStatus',
        '/fault-status',
        `${makeFault}<log level="custom"><property name="sc" expression="$axis2:HTTP_SC"/></log><respond/>`,
      ),
      'OwnStatus.xml': api(
        'OwnStatus',
        '/own-status',
        `${makeFault}<property name="HTTP_SC" value="418" scope="axis2"/><respond/>`,
      ),
      'WrittenFault.xml': api(
        'WrittenFault',
        '/written-fault',
        `<payloadFactory media-type="xml"><format><soapenv:Fault xmlns:soapenv="${SOAP11}"><faultcode xmlns="">soapenv:Client</faultcode><faultstring xmlns="">made by hand</faultstring></soapenv:Fault></format><args/></payloadFactory><respond/>`,
      ),
      'ClonedPoxFault.xml': api(
        'ClonedPoxFault',
        '/cloned-pox-fault',
        `<makefault version="pox"><reason value="copied"/></makefault><clone><target><sequence><respond/></sequence></target></clone>`,
      ),
      'ClonedSoapFault.xml': api(
        'ClonedSoapFault',
        '/cloned-soap-fault',
        `${makeFault}<clone><target><sequence><respond/></sequence></target></clone>`,
      ),
      'OtherVersionFault.xml': api(
        'OtherVersionFault',
        '/other-version-fault',
        `<payloadFactory media-type="xml"><format><f:Fault xmlns:f="http://www.w3.org/2003/05/soap-envelope"><f:Code><f:Value>f:Receiver</f:Value></f:Code><f:Reason><f:Text xml:lang="en">twelve</f:Text></f:Reason></f:Fault></format><args/></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });
  const soapRequest = (path: string) =>
    send(`${t.base}${path}`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><ping/></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ping' },
    });

  it('set after the fault mediator it still makes the answer 200 (the value read in any case)', async () => {
    const r = await soapRequest('/late-flag');
    assert.equal(r.status, 200);
    assert.match(r.text, /<faultstring>broken<\/faultstring>/);
  });

  it("the fault mediator sets no HTTP_SC (the 500 is the sender's); an HTTP_SC set afterwards wins", async () => {
    const r = await soapRequest('/fault-status');
    assert.equal(r.status, 500);
    assert.ok(
      t.logs.some((l) => l.message === 'sc = null'),
      t.logs.map((l) => l.message).join('\n'),
    );
    assert.equal((await soapRequest('/own-status')).status, 418);
  });

  it('a SOAP Fault a mediator wrote into the body is answered 500 too (SOAPBody.hasFault)', async () => {
    const r = await soapRequest('/written-fault');
    assert.equal(r.status, 500);
    assert.match(r.text, /<faultstring>made by hand<\/faultstring>/);
  });

  it("a clone of a fault is no fault by the flag (MessageHelper.clonePartially: a new Axis2 context), only by its body: a POX fault's copy answers 200, a SOAP fault's 500", async () => {
    const pox = await send(`${t.base}/cloned-pox-fault`, { body: '<a/>', type: 'application/xml' });
    assert.equal(pox.status, 200);
    assert.match(pox.text, /<Exception>copied<\/Exception>/);
    assert.equal((await soapRequest('/cloned-soap-fault')).status, 500);
  });

  it("a SOAP 1.2 Fault written into a SOAP 1.1 envelope is a fault too (Axiom SOAPBodyImpl.hasFault takes either version's namespace)", async () => {
    const r = await soapRequest('/other-version-fault');
    assert.equal(r.status, 500);
    assert.match(r.text, /twelve/);
  });
});

describe("oracle S13 S8: get-property('FAULT') (accessing-properties-with-xpath page; GetPropertyFunction, ClientWorker FAULT_MESSAGE)", () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end('{"n":1}');
    });
    const probe = (label: string) =>
      `<log level="custom"><property name="${label}" expression="get-property('FAULT')"/><property name="${label}Ctx" expression="$ctx:FAULT"/><property name="${label}Axis2" expression="$axis2:FAULT_MESSAGE"/></log>`;
    t = await startRuntime({
      'FaultFlag.xml': api(
        'FaultFlag',
        '/fault-flag',
        `${probe('plain')}
         <makefault version="soap11"><code value="s:Server" xmlns:s="${SOAP11}"/><reason value="x"/></makefault>
         ${probe('made')}<respond/>`,
      ),
      'FaultAnswer.xml': api(
        'FaultAnswer',
        '/fault-answer',
        `<call><endpoint><address uri="${backend.url}/missing"/></endpoint></call>${probe('answer')}
         <call><endpoint><address uri="${backend.url}/there"/></endpoint></call>${probe('ok')}<respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('"TRUE" for a SOAP fault body or a back end answer of 400 or more (its FAULT_MESSAGE "TRUE", PassThroughConstants.TRUE), "" otherwise; never a property ($ctx:FAULT)', async () => {
    await send(`${t.base}/fault-flag`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><a/></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:a' },
    });
    await send(`${t.base}/fault-answer`);
    const lines = t.logs.map((l) => l.message);
    for (const want of [
      'plain = , plainCtx = null, plainAxis2 = null',
      'made = TRUE, madeCtx = null, madeAxis2 = null',
      'answer = TRUE, answerCtx = null, answerAxis2 = TRUE',
      'ok = , okCtx = null, okAxis2 = null',
    ])
      assert.ok(lines.includes(want), `${want}\n${lines.join('\n')}`);
  });
});

describe('oracle S13 S8: $ctx: reads the property itself (accessing-properties-with-xpath page; SynapseXPathVariableContext, Axis2MessageContext.getProperty)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'CtxOnly.xml': api(
        'CtxOnly',
        '/ctx-only',
        `<log level="custom">
           <property name="viaCtx" expression="concat('[', $ctx:MessageID, '|', $ctx:To, '|', $ctx:MESSAGE_FORMAT, '|', $ctx:SYSTEM_TIME, ']')"/>
           <property name="viaGet" expression="concat('[', string-length(get-property('MessageID')) > 0, '|', get-property('To'), '|', get-property('MESSAGE_FORMAT'), ']')"/>
         </log>
         <property name="To" value="set-by-flow"/>
         <log level="custom"><property name="ownTo" expression="$ctx:To"/></log>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('no MessageID, To, MESSAGE_FORMAT or SYSTEM_TIME of the message through $ctx:, as get-property gives them; a property of that name is read', async () => {
    await send(`${t.base}/ctx-only`, { body: '<a/>', type: 'application/xml' });
    const lines = t.logs.map((l) => l.message);
    assert.ok(lines.includes('viaCtx = [|||], viaGet = [true|/ctx-only|pox]'), lines.join('\n'));
    assert.ok(lines.includes('ownTo = set-by-flow'), lines.join('\n'));
  });
});
