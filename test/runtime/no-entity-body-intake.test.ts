/**
 * NO_ENTITY_BODY set at intake for the requests MI's listener takes as having no entity (GET, HEAD, OPTIONS, TRACE:
 * SynapseHTTPRequestFactory, ServerWorker.processNonEntityEnclosingRESTHandler), and what that does to whole flows;
 * what sets and clears it mediator by mediator is in no-entity-body.test.ts.
 */
import assert from 'node:assert/strict';
import { api, rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SCRIPT = `<script language="js"><![CDATA[mc.setPayloadJSON({ parcel: 'p-17', weight: 4 });]]></script>`;
const ALL = 'methods="GET HEAD OPTIONS POST PUT DELETE"';

const raw = rawRequest;

describe('runtime: NO_ENTITY_BODY at intake (GET, HEAD, OPTIONS, TRACE)', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ depot: 'north', method: req.method, body: req.body }));
    });
    const B = backend.url;
    t = await startRuntime({
      'Script.xml': api('Script', '/neb/script', `${SCRIPT}<respond/>`, ALL),
      // an API resource takes no TRACE (its methods are GET POST PUT DELETE HEAD OPTIONS PATCH): a proxy does
      'proxy-services/NebProxy.xml': `<proxy xmlns="http://ws.apache.org/ns/synapse" name="NebProxy" transports="http">
        <target><inSequence>${SCRIPT}<respond/></inSequence></target></proxy>`,
      'Enrich.xml': api(
        'Enrich',
        '/neb/enrich',
        `<enrich><source type="inline" clone="true"><slot xmlns="">b-9</slot></source><target type="body"/></enrich>
         <property name="messageType" value="application/xml" scope="axis2"/><respond/>`,
        ALL,
      ),
      'EnrichProp.xml': api(
        'EnrichProp',
        '/neb/enrich-prop',
        `<enrich><source type="inline" clone="true"><slot xmlns="">b-9</slot></source><target type="property" property="s"/></enrich>
         ${SCRIPT}<respond/>`,
        ALL,
      ),
      'Blocking.xml': api(
        'Blocking',
        '/neb/blocking',
        `<call blocking="true"><endpoint><http method="get" uri-template="${B}/depot"/></endpoint></call><respond/>`,
        ALL,
      ),
      'Sg.xml': api(
        'Sg',
        '/neb/sg',
        `<scatter-gather parallel-execution="false" target="body" result-content-type="JSON">
           <aggregation expression="\${payload.p}"/>
           <sequence>${SCRIPT.replace('parcel', 'p')}</sequence>
           <sequence><script language="js"><![CDATA[mc.setPayloadJSON({ p: 'q-2' });]]></script></sequence>
         </scatter-gather><respond/>`,
        ALL,
      ),
      'ScriptPost.xml': api(
        'ScriptPost',
        '/neb/script-post',
        `${SCRIPT}<property name="HTTP_METHOD" value="POST" scope="axis2"/>
         <call><endpoint><http uri-template="${B}/intake"/></endpoint></call><respond/>`,
        ALL,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('GET + script + respond: 200 with no body and no Content-Type', async () => {
    const r = await send(`${t.base}/neb/script`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('content-type'), null);
  });

  it('GET + enrich into the body: the body; enrich into a property does not clear it', async () => {
    const r = await send(`${t.base}/neb/enrich`);
    assert.equal(r.text, '<slot>b-9</slot>');
    const p = await send(`${t.base}/neb/enrich-prop`);
    assert.equal(p.text, '');
  });

  it("GET + blocking call: BlockingMsgSender leaves NO_ENTITY_BODY, so the answer's body is not sent", async () => {
    const before = backend.requests.length;
    const r = await send(`${t.base}/neb/blocking`);
    assert.equal(r.status, 200);
    assert.equal(backend.requests.length, before + 1, 'the back end was called');
    assert.equal(r.text, '');
  });

  it('GET + script + call as POST: the body goes out (TargetRequestFactory: a Body with an element is sent)', async () => {
    const r = await send(`${t.base}/neb/script-post`);
    assert.equal(r.status, 200);
    const got = r.json() as { method: string; body: string };
    assert.equal(got.method, 'POST');
    // (setPayloadJSON leaves the GET's messageType, application/xml: the JSON payload goes out as XML)
    assert.equal(got.body, '<jsonObject><parcel>p-17</parcel><weight>4</weight></jsonObject>');
  });

  it('GET + scatter-gather into the body: the body', async () => {
    const r = await send(`${t.base}/neb/sg`);
    assert.deepEqual(r.json(), ['p-17', 'q-2']);
  });

  it('OPTIONS and TRACE + script: no body', async () => {
    for (const [m, path] of [
      ['OPTIONS', '/neb/script'],
      ['TRACE', '/services/NebProxy'],
      ['GET', '/services/NebProxy'],
    ]) {
      const r = await raw(`${t.base}${path}`, m);
      // an API's OPTIONS: HTTP_SC 403, MI's default CORS configuration allows no origin (CORSHelper.handleCORSHeaders)
      assert.equal(r.status, m === 'OPTIONS' ? 403 : 200, m);
      assert.equal(r.text, '', m);
      assert.equal(r.headers['content-type'], undefined, m);
    }
  });
});
