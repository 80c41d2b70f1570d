/** API / resource / proxy dispatch over real HTTP. */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { parse as parseYaml } from 'yaml';

const echoProps = (names: string[]) =>
  `<payloadFactory media-type="json"><format>{${names.map((n, i) => `"${n}":"$${i + 1}"`).join(',')}}</format><args>${names
    .map((n) => `<arg expression="get-property('${n}')"/>`)
    .join('')}</args></payloadFactory><respond/>`;

describe('runtime: main sequence', () => {
  it('mediates requests no API or proxy takes, with <in>/<out> and the response coming back through main', async () => {
    const backend = await startBackend();
    const t = await startRuntime({
      'main.xml': `<sequence ${NS} name="main"><in><property name="X-Dir" value="in" scope="transport"/><send><endpoint><address uri="${backend.url}/main-backend"/></endpoint></send></in>
        <out><property name="X-Dir" value="out" scope="transport"/><send/></out></sequence>`,
    });
    try {
      const r = await send(`${t.base}/anything/at/all`, { body: 'hi', type: 'text/plain' });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-dir'), 'out');
      assert.equal(backend.requests.at(-1)?.headers['x-dir'], 'in');
      assert.equal((r.json() as { body: string }).body, 'hi');
    } finally {
      await t.close();
      await backend.close();
    }
  });
});

describe('runtime: dispatch', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend();
    t = await startRuntime({
      'Orders.xml': `<api ${NS} name="Orders" context="/orders">
        <resource methods="GET" uri-template="/{id}">
          <inSequence>${echoProps(['uri.var.id', 'REST_SUB_REQUEST_PATH', 'SYNAPSE_REST_API'])}</inSequence></resource>
        <resource methods="GET" uri-template="/{id}/items/{item}?expand={e}">
          <inSequence>${echoProps(['uri.var.id', 'uri.var.item', 'uri.var.e'])}</inSequence></resource>
        <resource methods="POST" uri-template="/">
          <inSequence><payloadFactory media-type="text"><format>created</format></payloadFactory><property name="HTTP_SC" value="201" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/files/{+path}">
          <inSequence>${echoProps(['uri.var.path'])}</inSequence></resource>
      </api>`,
      'Mapped.xml': `<api ${NS} name="Mapped" context="/mapped">
        <resource url-mapping="/exact"><inSequence><payloadFactory media-type="text"><format>exact</format></payloadFactory><respond/></inSequence></resource>
        <resource url-mapping="/docs/*"><inSequence><payloadFactory media-type="text"><format>prefix</format></payloadFactory><respond/></inSequence></resource>
        <resource url-mapping="/docs/deep/*"><inSequence><payloadFactory media-type="text"><format>longer-prefix</format></payloadFactory><respond/></inSequence></resource>
        <resource url-mapping="*.jsp"><inSequence><payloadFactory media-type="text"><format>extension</format></payloadFactory><respond/></inSequence></resource>
      </api>`,
      'Versioned.xml': `<api ${NS} name="Health" context="/health" version="1.0.0" version-type="url">
        <resource methods="GET" uri-template="/status"><inSequence>${echoProps(['SYNAPSE_REST_API', 'SYNAPSE_REST_API_VERSION'])}</inSequence></resource></api>`,
      'CtxVersioned.xml': `<api ${NS} name="Pets" context="/pets/{version}/store" version="2" version-type="context">
        <resource methods="GET" uri-template="/list"><inSequence>${echoProps(['REST_API_CONTEXT'])}</inSequence></resource></api>`,
      'Query.xml': api('Query', '/query', echoProps(['query.param.q', 'query.param.limit']), 'methods="GET"'),
      'Proxy.xml': `<proxy ${NS} name="EchoProxy" transports="http https"><target>
          <inSequence><property name="seen" value="in" scope="transport"/></inSequence>
          <endpoint><address uri="${backend.url}/backend/echo"/></endpoint>
          <outSequence><property name="X-Out" value="out-seq" scope="transport"/><respond/></outSequence>
        </target>
        <publishWSDL><definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="EchoWsdl"/></publishWSDL></proxy>`,
      'Inactive.xml': `<proxy ${NS} name="Sleeper" startOnLoad="false"><target><inSequence><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('matches a uri-template and sets uri.var.* and the REST properties', async () => {
    const r = await send(`${t.base}/orders/42`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      'uri.var.id': '42',
      REST_SUB_REQUEST_PATH: '/42',
      SYNAPSE_REST_API: 'Orders',
    });
  });
  it('matches a template with a query part and decodes values', async () => {
    const r = await send(`${t.base}/orders/7/items/a%20b?expand=full`);
    assert.deepEqual(r.json(), { 'uri.var.id': '7', 'uri.var.item': 'a b', 'uri.var.e': 'full' });
  });
  it('lets {+var} span slashes', async () => {
    const r = await send(`${t.base}/orders/files/a/b/c.txt`);
    assert.deepEqual(r.json(), { 'uri.var.path': 'a/b/c.txt' });
  });
  it('answers 404 for no API and for no resource, 405 for a wrong method', async () => {
    assert.equal((await send(`${t.base}/nothing-here`)).status, 404);
    assert.equal((await send(`${t.base}/orders/1/2/3/4`)).status, 404);
    const r = await send(`${t.base}/orders/42`, { method: 'DELETE' });
    assert.equal(r.status, 405);
    // MI's 405 carries no Allow header (Synapse API dispatch answers the status alone)
    assert.equal(r.headers.get('allow'), null);
  });
  it('answers OPTIONS with the allowed methods', async () => {
    const r = await send(`${t.base}/orders/42`, { method: 'OPTIONS' });
    // MI's default CORS configuration allows no origin: CORSHelper.handleCORSHeaders makes the answer 403
    assert.equal(r.status, 403);
    assert.match(r.headers.get('allow') ?? '', /GET/);
  });
  it('sets HTTP_SC from the flow', async () => {
    const r = await send(`${t.base}/orders`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 201);
    assert.equal(r.text, 'created');
  });
  it('url-mapping: exact, longest prefix, extension', async () => {
    assert.equal((await send(`${t.base}/mapped/exact`)).text, 'exact');
    assert.equal((await send(`${t.base}/mapped/docs/a`)).text, 'prefix');
    assert.equal((await send(`${t.base}/mapped/docs/deep/x`)).text, 'longer-prefix');
    assert.equal((await send(`${t.base}/mapped/page.jsp`)).text, 'extension');
    assert.equal((await send(`${t.base}/mapped/other`)).status, 404);
  });
  it('url versioning: /context/version/...', async () => {
    const r = await send(`${t.base}/health/1.0.0/status`);
    assert.deepEqual(r.json(), { SYNAPSE_REST_API: 'Health:v1.0.0', SYNAPSE_REST_API_VERSION: '1.0.0' });
    assert.equal((await send(`${t.base}/health/status`)).status, 404);
  });
  it('context versioning: {version} inside the context', async () => {
    const r = await send(`${t.base}/pets/2/store/list`);
    assert.deepEqual(r.json(), { REST_API_CONTEXT: '/pets/2/store' });
  });
  it('exposes decoded query parameters', async () => {
    const r = await send(`${t.base}/query?q=hello%20world&limit=5`);
    assert.deepEqual(r.json(), { 'query.param.q': 'hello world', 'query.param.limit': '5' });
  });
  it('serves the same definition in YAML at ?swagger.yaml and ?openapi.yaml (SwaggerYamlProcessor)', async () => {
    const json = (await send(`${t.base}/orders?swagger.json`)).json();
    for (const q of ['swagger.yaml', 'openapi.yaml']) {
      const r = await send(`${t.base}/orders?${q}`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^application\/yaml/);
      assert.ok(!r.text.trimStart().startsWith('{'), 'block YAML, not JSON');
      assert.deepEqual(parseYaml(r.text), json);
    }
  });
  it('serves an OpenAPI document at <context>?swagger.json', async () => {
    const r = await send(`${t.base}/orders?swagger.json`);
    assert.equal(r.status, 200);
    const doc = r.json() as {
      openapi: string;
      info: { title: string };
      servers: { url: string }[];
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    assert.equal(doc.info.title, 'Orders');
    assert.equal(doc.servers[0].url, `${t.base}/orders`);
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/', '/files/{path}', '/{id}', '/{id}/items/{item}']);
    assert.deepEqual(
      doc.paths['/{id}/items/{item}'].get.parameters?.map((p) => `${p.in}:${p.name}`),
      ['path:id', 'path:item', 'query:expand'],
    );
    const v = (await send(`${t.base}/health/1.0.0?swagger.json`)).json() as {
      info: { version: string };
      servers: { url: string }[];
    };
    assert.equal(v.info.version, '1.0.0');
    assert.equal(v.servers[0].url, `${t.base}/health/1.0.0`);
  });

  it('proxy: in-sequence, target endpoint, out-sequence, at /services/<name>', async () => {
    const r = await send(`${t.base}/services/EchoProxy`, { body: '<a>1</a>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-out'), 'out-seq');
    const got = r.json() as { path: string; body: string };
    assert.equal(got.path, '/backend/echo');
    assert.equal(got.body, '<a>1</a>');
    assert.equal(backend.requests.at(-1)?.headers['seen'], 'in');
  });
  it('proxy: ?wsdl returns the published WSDL', async () => {
    const r = await send(`${t.base}/services/EchoProxy?wsdl`);
    assert.equal(r.status, 200);
    assert.match(r.text, /definitions/);
    // (as MI's AxisService2WSDL11 writes it: the service is the proxy's)
    assert.match(r.text, /<wsdl:service name="EchoProxy">/);
  });
  it('an inactive proxy (startOnLoad=false) is not served until activated', async () => {
    assert.equal((await send(`${t.base}/services/Sleeper`, { body: 'x', type: 'text/plain' })).status, 404);
    assert.ok(t.rt.setActive('proxy', 'Sleeper', true));
    assert.equal((await send(`${t.base}/services/Sleeper`, { body: 'x', type: 'text/plain' })).status, 200);
  });
});
