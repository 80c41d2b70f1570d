/**
 * NO_ENTITY_BODY as MI sets and clears it, over real HTTP with our own small flows.
 * - Set TRUE when a request comes in without an entity: SynapseHTTPRequestFactory makes GET, HEAD, OPTIONS and TRACE
 *   plain requests (DELETE, POST, PUT, PATCH are entity-enclosing) and ServerWorker.processNonEntityEnclosingRESTHandler
 *   marks those NO_ENTITY_BODY TRUE.
 * - While TRUE, PassThroughHttpSender.submitResponse writes no body whatever the payload, and SourceResponseFactory
 *   adds no Content-Type.
 * - Cleared by what writes an entity: payloadFactory (setContentType), enrich into body/envelope, scatter-gather into
 *   the body, a non-blocking call's answer with a body (ClientWorker), a cache hit (CacheMediator), or the property
 *   mediator removing it. Not by script, makefault, the blocking call (BlockingMsgSender), nor a connector's
 *   JSON payload.
 */
import assert from 'node:assert/strict';
import { api, rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SCRIPT = `<script language="js"><![CDATA[mc.setPayloadJSON({ parcel: 'p-17', weight: 4 });]]></script>`;
const ALL = 'methods="GET HEAD OPTIONS POST PUT DELETE"';

const raw = rawRequest;

describe('runtime: NO_ENTITY_BODY (set and cleared by mediators)', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  let hits = 0;
  before(async () => {
    backend = await startBackend((req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ depot: 'north', method: req.method, body: req.body }));
    });
    const B = backend.url;
    t = await startRuntime({
      'Script.xml': api('Script', '/neb/script', `${SCRIPT}<respond/>`, ALL),
      'Removed.xml': api(
        'Removed',
        '/neb/removed',
        `<property name="NO_ENTITY_BODY" scope="axis2" action="remove"/>${SCRIPT}<respond/>`,
        ALL,
      ),
      'Pf.xml': api(
        'Pf',
        '/neb/pf',
        `<payloadFactory media-type="json"><format>{"route":"r-3"}</format></payloadFactory><respond/>`,
        ALL,
      ),
      'CallScript.xml': api(
        'CallScript',
        '/neb/call-script',
        `<call><endpoint><http method="get" uri-template="${B}/depot"/></endpoint></call>
         <script language="js"><![CDATA[var p = mc.getPayloadJSON(); p.seen = true; mc.setPayloadJSON(p);]]></script><respond/>`,
        ALL,
      ),
      'Cache.xml': api(
        'Cache',
        '/neb/cache',
        `<property name="NO_ENTITY_BODY" value="true" type="BOOLEAN" scope="axis2"/>
         <cache collector="false" timeout="60" maxMessageSize="10000"><protocol type="HTTP"><methods>GET</methods><responseCodes>2[0-9][0-9]</responseCodes></protocol><implementation maxSize="10"/></cache>
         <call><endpoint><http method="get" uri-template="${B}/cached"/></endpoint></call><property name="RESPONSE" value="true"/><cache collector="true"/><respond/>`,
        'methods="GET"',
      ),
      'SetTrue.xml': api(
        'SetTrue',
        '/neb/set-true',
        `<property name="NO_ENTITY_BODY" value="true" type="BOOLEAN" scope="axis2"/>${SCRIPT}<respond/>`,
        ALL,
      ),
      'SetTruePf.xml': api(
        'SetTruePf',
        '/neb/set-true-pf',
        `<property name="NO_ENTITY_BODY" value="true" type="BOOLEAN" scope="axis2"/>
         <payloadFactory media-type="json"><format>{"route":"r-4"}</format></payloadFactory><respond/>`,
        ALL,
      ),
      'SetTrueSg.xml': api(
        'SetTrueSg',
        '/neb/set-true-sg',
        `<property name="NO_ENTITY_BODY" value="true" type="BOOLEAN" scope="axis2"/>
         <scatter-gather parallel-execution="false" target="body" result-content-type="JSON">
           <aggregation expression="\${payload.p}"/>
           <sequence><script language="js"><![CDATA[mc.setPayloadJSON({ p: 'q-5' });]]></script></sequence>
         </scatter-gather><respond/>`,
        ALL,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('GET + the property removed first + script: the body', async () => {
    const r = await send(`${t.base}/neb/removed`);
    assert.equal(r.status, 200);
    // (setPayloadJSON leaves the GET's messageType, application/xml: the JSON payload goes out as XML)
    assert.equal(r.text, '<jsonObject><parcel>p-17</parcel><weight>4</weight></jsonObject>');
    assert.match(r.headers.get('content-type') ?? '', /application\/xml/);
  });

  it('GET + payloadFactory: the body', async () => {
    const r = await send(`${t.base}/neb/pf`);
    assert.deepEqual(r.json(), { route: 'r-3' });
  });

  it("GET + call + script: the back end's answer (a body) cleared it, the script's change is answered", async () => {
    const r = await send(`${t.base}/neb/call-script`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { depot: 'north', method: 'GET', body: '', seen: true });
  });

  it('answered from the cache (NO_ENTITY_BODY TRUE): the cached body (CacheMediator removes it on a hit)', async () => {
    const first = await send(`${t.base}/neb/cache`);
    const calls = hits;
    const second = await send(`${t.base}/neb/cache`);
    assert.equal(hits, calls, 'the second answer came from the cache');
    assert.deepEqual(second.json(), first.json());
    assert.equal((first.json() as { depot: string }).depot, 'north');
  });

  it('HEAD: no body', async () => {
    const r = await raw(`${t.base}/neb/removed`, 'HEAD');
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
  });

  it('POST, PUT and DELETE (entity-enclosing) + script: the body', async () => {
    // with a body: an empty DELETE, or an empty POST/PUT with no Content-Type, is marked when the script builds it
    // (DeferredMessageBuilder.getDocument; no-entity-body-built.test.ts)
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await send(`${t.base}/neb/script`, { method, body: '{"x":1}', type: 'application/json' });
      assert.equal(r.status, 200, method);
      assert.deepEqual(r.json(), { parcel: 'p-17', weight: 4 }, method);
    }
    const b = await send(`${t.base}/neb/script`, { body: '{"x":1}', type: 'application/json' });
    assert.deepEqual(b.json(), { parcel: 'p-17', weight: 4 });
  });

  it('the property set TRUE on a POST: script answers no body; payloadFactory and scatter-gather clear it', async () => {
    const body = { body: '{"x":1}', type: 'application/json' };
    assert.equal((await send(`${t.base}/neb/set-true`, body)).text, '');
    assert.deepEqual((await send(`${t.base}/neb/set-true-pf`, body)).json(), { route: 'r-4' });
    assert.deepEqual((await send(`${t.base}/neb/set-true-sg`, body)).json(), ['q-5']);
  });
});
