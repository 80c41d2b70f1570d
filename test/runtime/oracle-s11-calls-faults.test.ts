/**
 * Oracle sweep (session 11, H4): call / send / callout failures and fault sequences as MI answers them, against real
 * back ends on 127.0.0.1 started by the test. Our own API names and payloads; the MI test or source each case
 * follows is named in its title.
 *
 * ERROR_CODE of a pass-through failure is the transport's base code plus the ordinal of the connection's protocol
 * state (Synapse TargetErrorHandler.getErrorCode: REQUEST_READY 0 ... REQUEST_DONE 3); BASE_ERROR_CODE keeps the base.
 * A back end that takes the request and closes without a status line faults in REQUEST_DONE: CONNECTION_CLOSED
 * 101505 + 3 = 101508 (MI tests-patches ESBJAVA4394 asserts 101508 in the client's fault); an answer that is not
 * HTTP is PROTOCOL_VIOLATION 101506 + 3; a refused connection is 101503 (REQUEST_READY).
 */
import assert from 'node:assert/strict';
import {
  api,
  closedPort,
  NS,
  send,
  startBackend,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';
import { startRawBackend, type RawBackend } from './rawBackend';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soapBody = (b: string) => `<e:Envelope xmlns:e="${S11}"><e:Body>${b}</e:Body></e:Envelope>`;

const CRLF = '\r\n';

const rawBackend = startRawBackend;

/** An API whose call goes to `url` and whose fault sequence answers the error properties as JSON. */
function faultApi(name: string, context: string, url: string, blocking = false): string {
  return `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="${context}">
    <resource methods="POST GET"><inSequence>
      <call${blocking ? ' blocking="true"' : ''}><endpoint><http method="post" uri-template="${url}"/></endpoint></call>
      <respond/>
    </inSequence><faultSequence>
      <payloadFactory media-type="json"><format>{"code":"$1","message":"$2","base":"$3"}</format><args>
        <arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/><arg expression="$ctx:BASE_ERROR_CODE"/>
      </args></payloadFactory>
      <respond/>
    </faultSequence></resource></api>`;
}

describe('oracle s11 (H4): calls, faults and their answers', () => {
  let t: TestRuntime;
  const backends: RawBackend[] = [];
  let quotes: Backend;
  const served: Record<string, number> = {};
  before(async () => {
    // an answer sent in chunks: it stays an unread stream in the message
    quotes = await startBackend((req, res) => {
      if (req.url === '/nothing') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.url?.startsWith('/cached/')) {
        // a counter per kind, so a cached answer shows an old number
        const kind = req.url.slice('/cached/'.length);
        const n = (served[kind] = (served[kind] ?? 0) + 1);
        const control: Record<string, string> = {
          plain: 'public',
          nostore: 'no-store',
          old: 'max-age=60',
          aged: 'public',
        };
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'cache-control': control[kind] ?? 'public',
        };
        // fetched 100 s ago by its Date line: past a 60 s max-age, and 100 s of Age
        if (kind === 'old' || kind === 'aged') headers.date = new Date(Date.now() - 100_000).toUTCString();
        res.writeHead(200, headers);
        res.end(JSON.stringify({ kind, n }));
        return;
      }
      if (req.url === '/slow') {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end('<late/>');
        }, 500);
        return;
      }
      if (req.url === '/blank') {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '0' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      const whole = soapBody('<q:quote xmlns:q="urn:quotes"><q:sym>ACME</q:sym></q:quote>');
      res.write(whole.slice(0, 60));
      res.end(whole.slice(60));
    });
    const closes = await rawBackend((s) => s.end());
    const resets = await rawBackend((s) => s.resetAndDestroy());
    const garbage = await rawBackend((s) =>
      s.end(`0${CRLF}1.1 200 OK${CRLF}Content-Length: 2${CRLF}${CRLF}{}`),
    );
    backends.push(closes, resets, garbage);
    const refused = await closedPort();
    t = await startRuntime({
      'Closes.xml': faultApi('Closes', '/s11-closes', `http://127.0.0.1:${closes.port}/x`),
      'Resets.xml': faultApi('Resets', '/s11-resets', `http://127.0.0.1:${resets.port}/x`),
      'Garbage.xml': faultApi('Garbage', '/s11-garbage', `http://127.0.0.1:${garbage.port}/x`),
      'Refused.xml': faultApi('Refused', '/s11-refused', `http://127.0.0.1:${refused}/x`),
      'ClosesBlocking.xml': faultApi(
        'ClosesBlocking',
        '/s11-closes-blocking',
        `http://127.0.0.1:${closes.port}/x`,
        true,
      ),
      // makefault response="false" then send: a request with no To, so the send fails and the next fault handler,
      // the proxy's fault sequence, answers (MI Soap11FaultWithAttributeResponseFalseTestCase)
      'Desk.xml': `<proxy ${NS} name="Desk" transports="http"><target><inSequence><sequence key="DeskWork"/></inSequence>
        <faultSequence><makefault version="soap11"><code xmlns:d="${S11}" value="d:Server"/><reason value="desk closed"/></makefault>
          <property name="RESPONSE" value="true"/><header name="To" action="remove"/><send/></faultSequence></target></proxy>`,
      'DeskWork.xml': `<sequence ${NS} name="DeskWork" onError="DeskApology"><send><endpoint key="deskBackendNowhere"/></send><drop/></sequence>`,
      'DeskApology.xml': `<sequence ${NS} name="DeskApology"><makefault version="soap11" response="false">
          <code xmlns:d="${S11}" value="d:Client"/><reason value="apology"/></makefault><send/><drop/></sequence>`,
      // makefault with no response attribute marks the message a response (FaultMediator.markAsResponse is true)
      'Marked.xml': `<proxy ${NS} name="Marked" transports="http"><target><inSequence>
          <makefault version="soap11"><code xmlns:d="${S11}" value="d:Client"/><reason value="marked"/></makefault>
          <log/><send/></inSequence></target></proxy>`,
      // a call that fails after an earlier call: the onError of the outer sequence still handles it, with the
      // earlier answer as the message (MI CallMediatorFaultTriggerTestCase, synapse17)
      'Chain.xml': `<proxy ${NS} name="Chain" transports="http"><target><inSequence><sequence key="ChainOuter"/></inSequence></target></proxy>`,
      'ChainOuter.xml': `<sequence ${NS} name="ChainOuter" onError="ChainBack"><sequence key="ChainInner"/>
          <call><endpoint><address uri="http://127.0.0.1:${refused}/second"/></endpoint></call></sequence>`,
      'ChainInner.xml': `<sequence ${NS} name="ChainInner"><call><endpoint><address uri="${quotes.url}/first"/></endpoint></call>
          <log/></sequence>`,
      'ChainBack.xml': `<sequence ${NS} name="ChainBack"><header name="To" action="remove"/><property name="RESPONSE" value="true"/><send/></sequence>`,
      // after a call the message's To is the anonymous address: a send with no endpoint answers the client
      'AfterCall.xml': api(
        'AfterCall',
        '/s11-after-call',
        `<call><endpoint><address uri="${quotes.url}/q"/></endpoint></call><send/>`,
      ),
      // callout answered with no body: the message keeps its JSON, HTTP_SC is the answer's
      'CalloutNothing.xml': api(
        'CalloutNothing',
        '/s11-callout-nothing',
        `<callout serviceURL="${quotes.url}/nothing"><source type="envelope"/></callout><respond/>`,
      ),
      'CalloutBlank.xml': api(
        'CalloutBlank',
        '/s11-callout-blank',
        `<callout serviceURL="${quotes.url}/blank"><source type="envelope"/></callout><respond/>`,
      ),
      'CalloutBlankKey.xml': api(
        'CalloutBlankKey',
        '/s11-callout-blank-key',
        `<property name="got" value="before"/>
         <callout serviceURL="${quotes.url}/blank"><source type="envelope"/><target key="got"/></callout>
         <payloadFactory media-type="json"><format>{"got":"$1"}</format><args><arg expression="$ctx:got"/></args></payloadFactory><respond/>`,
      ),
      // rewrite of a query: one more parameter after '&', remove-query-param, resolve (RewriteAction.execute)
      'Rewrites.xml': api(
        'Rewrites',
        '/s11-rewrites',
        `<property name="shelf" value="b7"/>
         <rewrite inProperty="in" outProperty="a"><rewriterule><action value="page=2" type="append" fragment="query"/></rewriterule></rewrite>
         <rewrite inProperty="in" outProperty="b"><rewriterule><action value="sort" type="remove-query-param" fragment="query"/></rewriterule></rewrite>
         <rewrite inProperty="in" outProperty="c"><rewriterule><action value="/shelves/{shelf}" type="append" fragment="path" resolve="true"/></rewriterule></rewrite>
         <rewrite inProperty="in" outProperty="d"><rewriterule><action value="8081" type="remove" fragment="port"/></rewriterule></rewrite>
         <payloadFactory media-type="json"><format>{"a":"$1","b":"$2","c":"$3","d":"$4"}</format><args>
           <arg expression="$ctx:a"/><arg expression="$ctx:b"/><arg expression="$ctx:c"/><arg expression="$ctx:d"/></args></payloadFactory>
         <respond/>`,
      ).replace(
        '<inSequence>',
        '<inSequence><property name="in" value="http://books.example:8080/list?sort=asc&amp;q=x"/>',
      ),
      // cache with cache control and an Age header (MI CacheControlHeadersTestCase: noStore, includeAge, maxAge)
      ...Object.fromEntries(
        ['plain', 'nostore', 'old', 'aged'].map((kind) => [
          `Cached_${kind}.xml`,
          api(
            `Cached_${kind}`,
            `/s11-cached-${kind}`,
            `<cache collector="false" timeout="60"><protocol type="HTTP"><methods>GET</methods>
               <enableCacheControl>true</enableCacheControl><includeAgeHeader>${kind === 'aged'}</includeAgeHeader></protocol></cache>
             <call><endpoint><http method="get" uri-template="${quotes.url}/cached/${kind}"/></endpoint></call>
             <property name="RESPONSE" value="true"/><cache collector="true"/><respond/>`,
          ),
        ]),
      ),
      // a collector on a request: "Request messages cannot be handled in a collector cache" (CollectorTypeTestCase)
      'CollectorFirst.xml': api(
        'CollectorFirst',
        '/s11-collector-first',
        `<cache collector="true"/><respond/>`,
      ).replace(
        '</inSequence>',
        '</inSequence><faultSequence><payloadFactory media-type="json"><format>{"why":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>',
      ),
      // two answers at most: the least recently used one goes (MI CacheTestCase.testMaxSize)
      'Shelf.xml': api(
        'Shelf',
        '/s11-shelf',
        `<cache collector="false" timeout="60"><implementation maxSize="2"/></cache>
         <call><endpoint><http method="get" uri-template="${quotes.url}/cached/plain"/></endpoint></call>
         <property name="RESPONSE" value="true"/><cache collector="true"/><respond/>`,
        'methods="GET" uri-template="/{item}"',
      ),
      // a throttle policy whose assertion is not in the throttle namespace throttles nothing
      // (ThrottleFactory.createMediatorThrottle; MI InvalidThrottlingPolicyTest)
      'LooseGate.xml': api(
        'LooseGate',
        '/s11-loose-gate',
        `<throttle id="looseGate"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:t="urn:not-the-throttle-namespace">
           <t:MediatorThrottleAssertion><wsp:Policy><t:ID t:type="IP">other</t:ID><wsp:Policy><t:Control><wsp:Policy>
             <t:MaximumCount>1</t:MaximumCount><t:UnitTime>600000</t:UnitTime></wsp:Policy></t:Control></wsp:Policy></wsp:Policy>
           </t:MediatorThrottleAssertion></wsp:Policy></policy>
           <onAccept><payloadFactory media-type="json"><format>{"gate":"open"}</format><args/></payloadFactory><respond/></onAccept>
           <onReject><payloadFactory media-type="json"><format>{"gate":"shut"}</format><args/></payloadFactory><respond/></onReject></throttle>`,
      ),
      // the same throttle id on the response side counts nothing (ThrottleMediator: access rate is for requests)
      'TwoWayGate.xml': `<api ${NS} name="TwoWayGate" context="/s11-two-way-gate"><resource methods="GET"><inSequence>
          <throttle id="twoWayGate"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:th="http://www.wso2.org/products/wso2commons/throttle">
            <th:MediatorThrottleAssertion><wsp:Policy><wsp:Policy><th:Control><wsp:Policy>
              <th:MaximumCount>2</th:MaximumCount><th:UnitTime>600000</th:UnitTime></wsp:Policy></th:Control></wsp:Policy></wsp:Policy>
            </th:MediatorThrottleAssertion></wsp:Policy></policy>
            <onAccept><send><endpoint><address uri="${quotes.url}/cached/plain"/></endpoint></send></onAccept>
            <onReject><payloadFactory media-type="json"><format>{"gate":"shut"}</format><args/></payloadFactory><respond/></onReject></throttle>
        </inSequence><outSequence><throttle id="twoWayGate"/><send/></outSequence></resource></api>`,
      // an endpoint key that names nothing (IndirectEndpoint.send -> informFailure)
      'NoSuchKey.xml': faultApi('NoSuchKey', '/s11-no-such-key', 'unused').replace(
        /<endpoint>.*?<\/endpoint>/s,
        '<endpoint key="s11NowhereEndpoint"/>',
      ),
      // a transport header set before a callout goes with its request (MI TransportHeaderTestCase, ESBJAVA-2671)
      'CalloutHeader.xml': api(
        'CalloutHeader',
        '/s11-callout-header',
        `<property name="Authorization" value="Basic czExOmgz" scope="transport"/>
         <callout serviceURL="${quotes.url}/with-header" action="urn:lookup"><source type="envelope"/><target key="got"/></callout><respond/>`,
      ),
      // MI tests-patches ESBJAVA4394: a proxy whose back end closes; its fault sequence picks the SOAP version from
      // the request's axis2 messageType (ServerWorker sets it from the Content-Type) and answers 200
      'Kiosk.xml': `<proxy ${NS} name="Kiosk" transports="http"><target faultSequence="KioskFault">
          <endpoint><address uri="http://127.0.0.1:${closes.port}/kiosk"/></endpoint></target></proxy>`,
      'KioskFault.xml': `<sequence ${NS} name="KioskFault"><filter xpath="get-property('axis2','messageType')='text/xml'">
          <then><makefault version="soap11"><code xmlns:k="${S11}" value="k:Server"/>
            <reason expression="concat('kiosk: ', get-property('ERROR_MESSAGE'), ' (', get-property('ERROR_CODE'), ')')"/></makefault></then>
          <else><makefault version="soap12"><code xmlns:k="http://www.w3.org/2003/05/soap-envelope" value="k:Receiver"/><reason value="not text/xml"/></makefault></else></filter>
          <property name="HTTP_SC" value="200" scope="axis2" type="STRING"/><send/></sequence>`,
      // a mediator failure inside an onError sequence: the next fault handler still sees the first failure's
      // ERROR_* (FaultHandler.handleFault records an exception only while ERROR_CODE is unset)
      'Twice.xml': `<api ${NS} name="Twice" context="/s11-twice"><resource methods="POST"><inSequence><sequence key="TwiceWork"/></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>
          <arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
      'TwiceWork.xml': `<sequence ${NS} name="TwiceWork" onError="TwiceAgain"><call><endpoint key="s11NoTwiceEndpoint"/></call></sequence>`,
      'TwiceAgain.xml': `<sequence ${NS} name="TwiceAgain"><sequence key="s11NoSuchSequence"/></sequence>`,
      // the same when the second failure is a body that cannot be read (a builder's exception in MI)
      'TwiceRead.xml': `<api ${NS} name="TwiceRead" context="/s11-twice-read"><resource methods="POST"><inSequence><sequence key="TwiceReadWork"/></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>
          <arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
      'TwiceReadWork.xml': `<sequence ${NS} name="TwiceReadWork" onError="TwiceReadAgain"><call><endpoint key="s11NoTwiceEndpoint"/></call></sequence>`,
      'TwiceReadAgain.xml': `<sequence ${NS} name="TwiceReadAgain"><property name="p" expression="//parcel"/></sequence>`,
      // an endpoint timeout: the fault sequence gets the message with an empty envelope (TimeoutHandler)
      'Slow.xml': `<api ${NS} name="Slow" context="/s11-slow"><resource methods="POST"><inSequence>
          <call><endpoint><address uri="${quotes.url}/slow"><timeout><duration>150</duration><responseAction>fault</responseAction></timeout></address></endpoint></call>
          <respond/></inSequence><faultSequence><property name="seen" expression="$ctx:ERROR_MESSAGE"/>
          <log level="custom"><property name="body" expression="boolean(//o)"/></log><respond/></faultSequence></resource></api>`,
      // a failover whose first child refuses: the answer keeps the ERROR_CODE that child set (SynapseCallbackReceiver
      // copies the request's properties onto the answer)
      'Relay.xml': api(
        'Relay',
        '/s11-relay',
        `<call><endpoint><failover><endpoint><address uri="http://127.0.0.1:${refused}/first"/></endpoint>
           <endpoint><address uri="${quotes.url}/cached/plain"/></endpoint></failover></endpoint></call>
         <payloadFactory media-type="json"><format>{"code":"$1"}</format><args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory><respond/>`,
      ),
      // a send with no endpoint on a proxy request: its To is the request path, which names no transport
      // (ClientUtils.inferOutTransport; Axis2Sender.sendOn's words)
      'Drifter.xml': `<proxy ${NS} name="Drifter" transports="http"><target><inSequence><send/></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>
          <arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></target></proxy>`,
      'Plain.xml': api('Plain', '/s11-plain', '<respond/>'),
    });
  });
  after(async () => {
    await t?.close();
    await quotes?.close();
    for (const b of backends) await b.close();
  });

  const post = (path: string) => send(`${t.base}${path}`, { body: '{"parcel":7}', type: 'application/json' });

  it('a back end that closes after the request: 101508 = CONNECTION_CLOSED + REQUEST_DONE (ESBJAVA4394, TargetHandler.closed)', async () => {
    const r = await post('/s11-closes');
    assert.deepEqual(r.json(), { code: '101508', message: 'Error in Sender', base: '101505' });
  });

  it('a back end that resets after the request: SND_IO_ERROR + REQUEST_DONE = 101503 (TargetHandler.exception, IOException)', async () => {
    const r = await post('/s11-resets');
    assert.deepEqual(r.json(), { code: '101503', message: 'Error in Sender', base: '101500' });
  });

  it('an answer that is not HTTP: PROTOCOL_VIOLATION + REQUEST_DONE = 101509 (TargetHandler.exception, HttpException)', async () => {
    const r = await post('/s11-garbage');
    assert.deepEqual(r.json(), { code: '101509', message: 'Error in Sender', base: '101506' });
  });

  it('a refused connection: 101503 in REQUEST_READY, "Error connecting to the back end" (DeliveryAgent.errorConnecting)', async () => {
    const r = await post('/s11-refused');
    assert.deepEqual(r.json(), {
      code: '101503',
      message: 'Error connecting to the back end',
      base: '101503',
    });
  });

  const soap = (service: string) =>
    send(`${t.base}/services/${service}`, {
      body: soapBody('<m:ask xmlns:m="urn:m"><m:id>4</m:id></m:ask>'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });

  it('makefault response="false" + send with no To fails, and the proxy fault sequence answers (Soap11FaultWithAttributeResponseFalseTestCase)', async () => {
    const r = await soap('Desk');
    assert.equal(r.status, 500);
    assert.match(r.text, /<faultstring>desk closed<\/faultstring>/);
  });

  it('makefault marks the message a response by default: Direction: response, send answers the client', async () => {
    const n = t.logs.length;
    const r = await soap('Marked');
    assert.equal(r.status, 500);
    assert.match(r.text, /<faultstring>marked<\/faultstring>/);
    const line = t.logs.slice(n).find((l) => l.category === 'LogMediator')?.message ?? '';
    assert.match(line, /Direction: response$/);
  });

  it('a call failing after an earlier call: the outer onError answers with the earlier answer (CallMediatorFaultTriggerTestCase)', async () => {
    const n = t.logs.length;
    const r = await soap('Chain');
    assert.equal(r.status, 200);
    assert.match(r.text, /<q:sym>ACME<\/q:sym>/);
    // the answer's To is the anonymous address (SynapseCallbackReceiver), as the log prints it
    const line = t.logs.slice(n).find((l) => l.category === 'LogMediator')?.message ?? '';
    assert.match(line, /^To: http:\/\/www\.w3\.org\/2005\/08\/addressing\/anonymous, /);
  });

  it('after a call, send with no endpoint answers the client (anonymous To: PassThroughHttpSender.submitResponse)', async () => {
    const r = await post('/s11-after-call');
    assert.equal(r.status, 200);
    assert.match(r.text, /<q:sym>ACME<\/q:sym>/);
  });

  it('callout answered 204 with no content: the client gets 204 and no body (CallOutSC204WithNoContentTest)', async () => {
    const r = await post('/s11-callout-nothing');
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
  });

  it('callout answered 200 with no body: a JSON message goes back as it was (CalloutMediatorHandlingEmptySuccessResponseTestCase)', async () => {
    const r = await post('/s11-callout-blank');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { parcel: 7 });
    const k = await post('/s11-callout-blank-key');
    assert.deepEqual(k.json(), { got: '' });
  });

  it('rewrite: a query part goes after "&", remove-query-param, resolve="true", a port action sets the port (RewriteAction)', async () => {
    const r = await send(`${t.base}/s11-rewrites`);
    assert.deepEqual(r.json(), {
      a: 'http://books.example:8080/list?sort=asc&q=x&page=2',
      b: 'http://books.example:8080/list?q=x',
      c: 'http://books.example:8080/list/shelves/b7?sort=asc&q=x',
      d: 'http://books.example:8081/list?sort=asc&q=x',
    });
  });

  it('cache: a hit is the stored answer; with cache control a no-store answer is never kept (CacheControlHeadersTestCase)', async () => {
    const a = await send(`${t.base}/s11-cached-plain`);
    const b = await send(`${t.base}/s11-cached-plain`);
    assert.deepEqual(b.json(), a.json());
    const c = await send(`${t.base}/s11-cached-nostore`);
    const d = await send(`${t.base}/s11-cached-nostore`);
    assert.notDeepEqual(d.json(), c.json());
  });

  it('cache: past its max-age (from the Date line) the answer is fetched again; includeAgeHeader adds Age (HttpCachingFilter)', async () => {
    const a = await send(`${t.base}/s11-cached-old`);
    const b = await send(`${t.base}/s11-cached-old`);
    assert.notDeepEqual(b.json(), a.json());
    const first = await send(`${t.base}/s11-cached-aged`);
    assert.equal(first.headers.get('age'), null);
    const hit = await send(`${t.base}/s11-cached-aged`);
    assert.deepEqual(hit.json(), first.json());
    const age = Number(hit.headers.get('age'));
    // about 100 s (the Date line) plus the time between the two requests, some seconds on a busy machine
    assert.ok(age >= 99 && age <= 110, `Age ${age}`);
  });

  it('cache: a collector on a request faults; a cache without collector does not deploy (CacheMediator, CacheMediatorFactory)', async () => {
    const r = await send(`${t.base}/s11-collector-first`);
    assert.deepEqual(r.json(), { why: 'Request messages cannot be handled in a collector cache' });
    await assert.rejects(
      startRuntime({ 'NoCollector.xml': api('NoCollector', '/nc', '<cache timeout="5"/><respond/>') }),
      /RT_MISSING_ATTRIBUTE The collector attribute must be specified/,
    );
  });

  it('cache: implementation maxSize keeps the most recently used answers (CacheTestCase.testMaxSize)', async () => {
    const n = async (item: string) => ((await send(`${t.base}/s11-shelf/${item}`)).json() as { n: number }).n;
    const a = await n('a');
    const b = await n('b');
    assert.equal(await n('a'), a); // a used again
    await n('c'); // b is the least recently used: it goes
    assert.equal(await n('a'), a);
    assert.notEqual(await n('b'), b);
  });

  it('throttle: a policy outside the throttle namespace throttles nothing (InvalidThrottlingPolicyTest)', async () => {
    for (let i = 0; i < 3; i++)
      assert.deepEqual((await send(`${t.base}/s11-loose-gate`)).json(), { gate: 'open' });
  });

  it('throttle: the response-side throttle of the same id does not count (ThrottleMediator.mediate, isResponse)', async () => {
    const got: unknown[] = [];
    for (let i = 0; i < 3; i++) got.push((await send(`${t.base}/s11-two-way-gate`)).json());
    assert.equal((got[0] as { kind: string }).kind, 'plain');
    assert.equal((got[1] as { kind: string }).kind, 'plain');
    assert.deepEqual(got[2], { gate: 'shut' });
  });

  it('an endpoint key that names nothing: 305100 "Couldn\'t find the endpoint with the key : ..." (IndirectEndpoint.send)', async () => {
    const r = await post('/s11-no-such-key');
    assert.deepEqual(r.json(), {
      code: '305100',
      message: "Couldn't find the endpoint with the key : s11NowhereEndpoint",
      base: '',
    });
  });

  it('callout: the message transport headers go with its request, SOAPAction the action (TransportHeaderTestCase)', async () => {
    await send(`${t.base}/s11-callout-header`, {
      body: soapBody('<m:ask xmlns:m="urn:m"/>'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:client' },
    });
    const got = quotes.requests.find((q) => q.url === '/with-header');
    assert.equal(got?.headers.authorization, 'Basic czExOmgz');
    assert.equal(got?.headers.soapaction, 'urn:lookup');
  });

  it("a request's axis2 messageType is its Content-Type's base type (ServerWorker): the ESBJAVA4394 fault answer", async () => {
    const r = await soap('Kiosk');
    assert.equal(r.status, 200);
    assert.match(r.text, /<faultstring>kiosk: Error in Sender \(101508\)<\/faultstring>/);
  });

  it('a mediator failure after an earlier one keeps the first ERROR_* (FaultHandler.handleFault: ERROR_CODE unset only)', async () => {
    const r = await post('/s11-twice');
    assert.deepEqual(r.json(), {
      code: '305100',
      message: "Couldn't find the endpoint with the key : s11NoTwiceEndpoint",
    });
  });

  it('a body that cannot be read after an earlier failure keeps the first ERROR_* too (FaultHandler.handleFault)', async () => {
    // 1e5 is no JSON value MI's builder keeps (JsonUtil.getNewJsonPayload): reading it fails
    const r = await send(`${t.base}/s11-twice-read`, { body: '1e5', type: 'application/json' });
    assert.deepEqual(r.json(), {
      code: '305100',
      message: "Couldn't find the endpoint with the key : s11NoTwiceEndpoint",
    });
  });

  it('an endpoint timeout: the fault sequence has an empty envelope (TimeoutHandler, preservePayloadOnTimeout false)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s11-slow`, { body: '<o><i>1</i></o>', type: 'application/xml' });
    assert.equal(r.text, '');
    assert.ok(t.logs.slice(n).some((l) => l.message === 'body = false'));
  });

  it("a failover answered by its second child: the first child's ERROR_CODE stays on the answer (SynapseCallbackReceiver)", async () => {
    assert.deepEqual((await post('/s11-relay')).json(), { code: '101503' });
  });

  it('send with no endpoint to a relative To: "The system cannot infer the transport information" (Axis2 ClientUtils)', async () => {
    const r = await soap('Drifter');
    assert.deepEqual(r.json(), {
      code: '0',
      message:
        'Unexpected error during sending message out. The system cannot infer the transport information from the /services/Drifter URL.',
    });
  });
});
