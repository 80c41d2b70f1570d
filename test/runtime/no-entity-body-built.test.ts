/**
 * NO_ENTITY_BODY set when an entity-enclosing request is first BUILT (not at intake), as MI's
 * DeferredMessageBuilder.getDocument does: an empty DELETE (HTTP_METHOD DELETE, empty stream), and a message whose
 * ContentType is exactly application/octet-stream (a POST with no Content-Type is, ServerWorker.handleRESTUrlPost)
 * with no Content-Length (or 0) and no Transfer-Encoding. Built means a content-aware mediator reached it (script,
 * a full log, a blocking call: CallMediator.isContentAware); the answer then has no body unless a mediator that writes
 * one (payloadFactory, enrich...) clears the property; script does not.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SCRIPT = `<script language="js"><![CDATA[mc.setPayloadJSON({ crate: 'k-4', sealed: true });]]></script>`;
const ALL = 'methods="POST PUT DELETE PATCH"';
const CRATE = { crate: 'k-4', sealed: true };
// setPayloadJSON leaves the message type as it is (JsonUtil.getNewJsonPayload): a message that is not JSON by
// its type answers the JSON payload in XML, as MI's formatter for that type writes it
const CRATE_XML = '<jsonObject><crate>k-4</crate><sealed>true</sealed></jsonObject>';

/** A request with a body and no Content-Type at all (fetch would name text/plain). */
function untyped(url: string, method: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end(body);
  });
}

describe('runtime: NO_ENTITY_BODY when the message is built (DeferredMessageBuilder)', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/empty-json' ? '' : JSON.stringify({ dock: 'east', method: req.method }));
    });
    const B = backend.url;
    t = await startRuntime({
      'Script.xml': api('Script', '/nbb/script', `${SCRIPT}<respond/>`, ALL),
      // not content-aware: the message is never built, so nothing marks it
      'Status.xml': api(
        'Status',
        '/nbb/status',
        `<property name="HTTP_SC" value="200" scope="axis2"/><respond/>`,
        ALL,
      ),
      'Pf.xml': api(
        'Pf',
        '/nbb/pf',
        `<log level="full"/><payloadFactory media-type="json"><format>{"crate":"k-5"}</format></payloadFactory><respond/>`,
        ALL,
      ),
      'Blocking.xml': api(
        'Blocking',
        '/nbb/blocking',
        `<call blocking="true"><endpoint><http method="post" uri-template="${B}/dock"/></endpoint></call><respond/>`,
        ALL,
      ),
      'Plain.xml': api(
        'Plain',
        '/nbb/plain',
        `<call><endpoint><http method="post" uri-template="${B}/dock"/></endpoint></call><respond/>`,
        ALL,
      ),
      // the DELETE is never built before the call; the back end answers an empty JSON body, which script builds
      'Answered.xml': api(
        'Answered',
        '/nbb/answered',
        `<call><endpoint><http method="post" uri-template="${B}/empty-json"/></endpoint></call>${SCRIPT}<respond/>`,
        ALL,
      ),
      'Probe.xml': api(
        'Probe',
        '/nbb/probe',
        `<log level="full"/><log level="custom"><property name="probe" expression="fn:concat($axis2:NO_ENTITY_BODY, '|', $axis2:ContentType, '|')"/></log>
         <property name="NO_ENTITY_BODY" scope="axis2" action="remove"/>${SCRIPT}<respond/>`,
        ALL,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('an empty DELETE + script: no body (built, NO_ENTITY_BODY TRUE; script does not clear it)', async () => {
    const r = await send(`${t.base}/nbb/script`, { method: 'DELETE' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('content-type'), null);
  });

  it('an empty DELETE with a Content-Type + script: no body either', async () => {
    const r = await send(`${t.base}/nbb/script`, { method: 'DELETE', body: '', type: 'application/json' });
    assert.equal(r.text, '');
  });

  it('a DELETE with a body + script: the body', async () => {
    const r = await send(`${t.base}/nbb/script`, {
      method: 'DELETE',
      body: '{"id":7}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), CRATE);
  });

  it('an empty DELETE that is never built answers as before; payloadFactory clears the flag', async () => {
    const s = await send(`${t.base}/nbb/status`, { method: 'DELETE' });
    assert.equal(s.status, 200);
    assert.equal(s.text, '');
    const p = await send(`${t.base}/nbb/pf`, { method: 'DELETE' });
    assert.deepEqual(p.json(), { crate: 'k-5' });
  });

  it('an empty DELETE + blocking call: the call builds it, keeps the flag, so no body; a plain call answers', async () => {
    const b = await send(`${t.base}/nbb/blocking`, { method: 'DELETE' });
    assert.equal(b.status, 200);
    assert.equal(b.text, '');
    const p = await send(`${t.base}/nbb/plain`, { method: 'DELETE' });
    assert.deepEqual(p.json(), { dock: 'east', method: 'POST' });
  });

  it('a POST with no Content-Type and no body + script: no body (application/octet-stream, length 0)', async () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const r = await send(`${t.base}/nbb/script`, { method });
      assert.equal(r.status, 200, method);
      assert.equal(r.text, '', method);
    }
    const o = await send(`${t.base}/nbb/script`, {
      method: 'POST',
      body: '',
      type: 'application/octet-stream',
    });
    assert.equal(o.text, '');
  });

  it("an empty DELETE whose first build is a back end's typed answer is not marked (the answer has no method)", async () => {
    const r = await send(`${t.base}/nbb/answered`, { method: 'DELETE' });
    assert.deepEqual(r.json(), CRATE);
  });

  it('the octet-stream rule sets ContentType to "" as well; the flag removed, script writes the body', async () => {
    const r = await send(`${t.base}/nbb/probe`, { method: 'POST' });
    assert.equal(r.text, CRATE_XML);
    const l = t.logs.filter((x) => x.message.includes('probe = ')).pop();
    assert.ok(l);
    assert.ok(l.message.endsWith('probe = true||'), l.message);
  });

  it('an empty body of another type, or a body with no Content-Type: the body', async () => {
    const j = await send(`${t.base}/nbb/script`, { method: 'PUT', body: '', type: 'application/json' });
    assert.deepEqual(j.json(), CRATE);
    const x = await untyped(`${t.base}/nbb/script`, 'POST', 'crate-k');
    assert.equal(x, CRATE_XML);
  });
});

describe("runtime: NO_ENTITY_BODY and ContentType of a back end's answer (ClientWorker)", function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      switch (req.url) {
        case '/bare':
          // no Content-Type, Content-Length 0 (said: Node's writeHead alone would answer chunked, which MI does not
          // mark: DeferredMessageBuilder looks for a Transfer-Encoding in the answer's transport headers)
          res.writeHead(200, { 'content-length': '0' });
          return void res.end();
        case '/none':
          // a 204 cannot have a body (TargetHandler.isResponseHaveBodyExpected), whatever its Content-Type says
          res.writeHead(204, { 'content-type': 'application/json' });
          return void res.end();
        case '/typed-empty':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
          return void res.end();
        case '/accepted':
          res.writeHead(202, { 'content-type': 'application/json', 'content-length': '0' });
          return void res.end();
        case '/untyped':
          res.writeHead(200, { 'content-length': '5' });
          return void res.end('crate');
        default:
          res.writeHead(200, { 'content-type': 'application/xml' });
          return void res.end('<dock>east</dock>');
      }
    });
    const B = backend.url;
    const relay = (path: string) =>
      api(
        `Relay${path.replace(/\W/g, '')}`,
        `/nbc${path}`,
        `<call><endpoint><http method="post" uri-template="${B}${path}"/></endpoint></call>
         <property name="HTTP_SC" value="200" scope="axis2"/>${SCRIPT}<respond/>`,
        ALL,
      );
    t = await startRuntime({
      'Bare.xml': relay('/bare'),
      'None.xml': relay('/none'),
      'TypedEmpty.xml': relay('/typed-empty'),
      'Untyped.xml': relay('/untyped'),
      // no HTTP_SC set by the flow: the answer's 202 (an Integer in MI) stays
      'Accepted.xml': api(
        'Accepted',
        '/nbc/accepted',
        `<call><endpoint><http method="post" uri-template="${B}/accepted"/></endpoint></call>${SCRIPT}<respond/>`,
        ALL,
      ),
      'Named.xml': api(
        'Named',
        '/nbc/named',
        `<property name="messageType" value="application/json" scope="axis2"/>
         <call><endpoint><http method="post" uri-template="${B}/xml"/></endpoint></call>
         <log level="custom"><property name="named" expression="$axis2:ContentType"/></log><respond/>`,
        ALL,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  const post = (path: string) => send(`${t.base}/nbc${path}`, { body: '{"id":1}', type: 'application/json' });

  it('an answer with no Content-Type and no length, or one that has no body (204), is marked: script answers none', async () => {
    assert.equal((await post('/bare')).text, '');
    const n = await post('/none');
    assert.equal(n.status, 200);
    assert.equal(n.text, '');
  });

  it('an answer with a Content-Type (even empty) or with a length clears the mark: script answers its body', async () => {
    assert.deepEqual((await post('/typed-empty')).json(), CRATE);
    assert.equal((await post('/untyped')).text, CRATE_XML);
  });

  it('an empty 202 answer with a Content-Type is marked when built (RelayUtils.buildMessage): script answers none', async () => {
    const r = await post('/accepted');
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
  });

  it("the answer's ContentType is its own Content-Type, not the one the request flow named", async () => {
    const r = await post('/named');
    assert.equal(r.text, '<dock>east</dock>');
    const l = t.logs.filter((x) => x.message.includes('named = ')).pop();
    assert.ok(l, t.logs.map((x) => x.message).join(' | '));
    assert.ok(l.message.endsWith('named = application/xml'), l.message);
  });
});
