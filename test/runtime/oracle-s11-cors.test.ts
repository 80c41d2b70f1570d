/**
 * Oracle sweep (session 11, H8): MI's default CORS handling of APIs, over real HTTP. Synapse's
 * SynapseCORSConfiguration is on by default (synapse.rest.CORSConfig.enabled, default true) with no allowed origin
 * and no allowed headers; Resource.process records the values (CORSHelper.handleCORSHeaders), RespondMediator and
 * the response path through the resource put them on the answer (handleCORSHeadersForResponse), Resource.sendOptions
 * answers OPTIONS with them (403 when the origin is not allowed). Our own names and payloads.
 */
import assert from 'node:assert/strict';
import {
  NS,
  rawRequest,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

type Answer = { status: number; text: string; headers: Record<string, string | string[] | undefined> };

const call = (
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> => rawRequest(url, method, { headers, body });

const cors = (a: Answer) => ({
  methods: a.headers['access-control-allow-methods'],
  origin: a.headers['access-control-allow-origin'],
  headers: a.headers['access-control-allow-headers'],
  requestOrigin: a.headers.origin,
});

const kiosk = (backend: string) => `<api ${NS} name="Kiosk" context="/kiosk">
  <resource methods="POST GET" uri-template="/echo"><inSequence>
    <payloadFactory media-type="json"><format>{"stall":"open"}</format><args/></payloadFactory><respond/>
  </inSequence></resource>
  <resource methods="GET" uri-template="/relay">
    <inSequence><send><endpoint><address uri="${backend}/stock"/></endpoint></send></inSequence>
    <outSequence><header name="X-Leg" scope="transport" value="out"/><send/></outSequence>
  </resource>
  <resource methods="PUT" uri-template="/direct"><inSequence>
    <send><endpoint><address uri="${backend}/shelf"/></endpoint></send>
  </inSequence></resource>
  <resource methods="OPTIONS GET" uri-template="/probe"><inSequence>
    <payloadFactory media-type="json"><format>{"probe":true}</format><args/></payloadFactory><respond/>
  </inSequence></resource>
  <resource methods="DELETE" uri-template="/props"><inSequence>
    <payloadFactory media-type="json"><format>{"m":"$1","o":"$2","r":"$3"}</format><args>
      <arg expression="get-property('_SYNAPSE_INTERNAL_REST_Access-Control-Allow-Methods')"/>
      <arg expression="get-property('_SYNAPSE_INTERNAL_REST_Access-Control-Allow-Origin')"/>
      <arg expression="get-property('_SYNAPSE_INTERNAL_REST_Origin')"/>
    </args></payloadFactory><respond/>
  </inSequence></resource>
</api>`;

const booth = `<proxy ${NS} name="Booth" transports="http"><target><inSequence>
  <payloadFactory media-type="json"><format>{"booth":1}</format><args/></payloadFactory><respond/>
</inSequence></target></proxy>`;

describe('oracle s11: default CORS headers of API answers (Synapse CORSHelper, Resource, RespondMediator)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'access-control-allow-origin': 'http://back.example',
      });
      res.end('{"items":3}');
    });
    t = await startRuntime({ 'Kiosk.xml': kiosk(backend.url), 'Booth.xml': booth });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('respond: the resource methods in HashSet order, empty origin and headers, the Origin echoed', async () => {
    const a = await call(
      `${t.base}/kiosk/echo`,
      'POST',
      { Origin: 'http://shop.example', 'content-type': 'application/json' },
      '{}',
    );
    assert.equal(a.status, 200);
    assert.deepEqual(cors(a), {
      methods: 'POST, GET',
      origin: '',
      headers: '',
      requestOrigin: 'http://shop.example',
    });
  });

  it('a request without Origin gets no Origin back, the other three still', async () => {
    const a = await call(`${t.base}/kiosk/echo`, 'GET');
    assert.deepEqual(cors(a), { methods: 'POST, GET', origin: '', headers: '', requestOrigin: undefined });
  });

  it("an out-sequence answer carries them (put before the out-sequence); a back end's own is replaced", async () => {
    const a = await call(`${t.base}/kiosk/relay`, 'GET', { Origin: 'http://shop.example' });
    assert.equal(a.text, '{"items":3}');
    assert.equal(a.headers['x-leg'], 'out');
    assert.deepEqual(cors(a), {
      methods: 'GET',
      origin: '',
      headers: '',
      requestOrigin: 'http://shop.example',
    });
  });

  it('an answer sent back by a resource without out-sequence carries them', async () => {
    const a = await call(`${t.base}/kiosk/direct`, 'PUT', { 'content-type': 'application/json' }, '{"n":1}');
    assert.equal(a.text, '{"items":3}');
    assert.deepEqual(cors(a), { methods: 'PUT', origin: '', headers: '', requestOrigin: undefined });
  });

  it('the values are the _SYNAPSE_INTERNAL_REST_ properties', async () => {
    const a = await call(`${t.base}/kiosk/props`, 'DELETE', { Origin: 'http://o.example' });
    assert.deepEqual(JSON.parse(a.text), { m: 'DELETE', o: '', r: 'http://o.example' });
  });

  it('a proxy service answer and a resource mismatch carry none', async () => {
    const p = await call(
      `${t.base}/services/Booth`,
      'POST',
      { Origin: 'http://shop.example', 'content-type': 'application/json' },
      '{}',
    );
    assert.equal(p.text, '{"booth":1}');
    // (the request's Origin goes back as any transport header does: removeUnwantedHeaders leaves it)
    assert.deepEqual(cors(p), {
      methods: undefined,
      origin: undefined,
      headers: undefined,
      requestOrigin: 'http://shop.example',
    });
    const m = await call(`${t.base}/kiosk/nowhere`, 'GET', { Origin: 'http://shop.example' });
    assert.equal(m.status, 404);
    assert.equal(m.headers['access-control-allow-origin'], undefined);
  });

  it('OPTIONS answered by the resource: 403 when no origin is allowed, with Allow and the CORS headers', async () => {
    const a = await call(`${t.base}/kiosk/echo`, 'OPTIONS', { Origin: 'http://shop.example' });
    assert.equal(a.status, 403);
    assert.equal(a.headers.allow, 'POST, GET');
    assert.deepEqual(cors(a), {
      methods: 'POST, GET',
      origin: '',
      headers: '',
      requestOrigin: 'http://shop.example',
    });
  });

  it('OPTIONS mediated by a resource that lists it gets HTTP_SC 403; Max-Forwards 0 is answered by it', async () => {
    const a = await call(`${t.base}/kiosk/probe`, 'OPTIONS');
    assert.equal(a.status, 403);
    assert.equal(a.text, '{"probe":true}');
    assert.equal(cors(a).methods, 'GET');
    const b = await call(`${t.base}/kiosk/probe`, 'OPTIONS', { 'Max-Forwards': '0' });
    assert.equal(b.status, 403);
    assert.equal(b.text, '');
    assert.equal(b.headers.allow, 'GET');
  });
});

describe('oracle s11: CORS configured in deployment/deployment.toml [synapse_properties]', () => {
  const project = (toml: string) => ({
    'pom.xml': '<project><artifactId>corsdemo</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/apis/Kiosk.xml': kiosk('http://127.0.0.1:9'),
    'deployment/deployment.toml': toml,
  });

  it('listed origins: a listed one is allowed (itself), another is 403; the allowed headers as written', async () => {
    const t = await startProjectRuntime(
      project(
        `[server]\nhostname = "localhost"\n\n[synapse_properties]\n'synapse.rest.CORSConfig.enabled' = "true"\n'synapse.rest.CORSConfig.Access-Control-Allow-Origin' = "http://a.example, http://b.example"\n'synapse.rest.CORSConfig.Access-Control-Allow-Headers' = "content-type,x-key"\n`,
      ),
      'cors-list',
    );
    try {
      const ok = await call(`${t.base}/kiosk/echo`, 'OPTIONS', { Origin: 'http://b.example' });
      assert.equal(ok.status, 200);
      assert.deepEqual(cors(ok), {
        methods: 'POST, GET',
        origin: 'http://b.example',
        headers: 'content-type,x-key',
        requestOrigin: 'http://b.example',
      });
      const no = await call(`${t.base}/kiosk/echo`, 'OPTIONS', { Origin: 'http://c.example' });
      assert.equal(no.status, 403);
      assert.equal(no.headers['access-control-allow-origin'], '');
      const get = await call(`${t.base}/kiosk/echo`, 'GET', { Origin: 'http://a.example' });
      assert.equal(get.headers['access-control-allow-origin'], 'http://a.example');
    } finally {
      await t.close();
    }
  });

  it('"*" allows every origin (and a request without one)', async () => {
    const t = await startProjectRuntime(
      project(`[synapse_properties]\n'synapse.rest.CORSConfig.Access-Control-Allow-Origin' = "*"\n`),
      'cors-star',
    );
    try {
      const a = await call(`${t.base}/kiosk/echo`, 'OPTIONS');
      assert.equal(a.status, 200);
      assert.equal(a.headers['access-control-allow-origin'], '*');
    } finally {
      await t.close();
    }
  });

  it('enabled = false: no CORS headers, OPTIONS answered 200 with Allow only', async () => {
    const t = await startProjectRuntime(
      project(
        `[synapse_properties]\n'synapse.rest.CORSConfig.enabled' = false\n'synapse.rest.CORSConfig.Access-Control-Allow-Origin' = "*"\n`,
      ),
      'cors-off',
    );
    try {
      const a = await call(`${t.base}/kiosk/echo`, 'GET', { Origin: 'http://shop.example' });
      // (the request's Origin goes back as any transport header does)
      assert.deepEqual(cors(a), {
        methods: undefined,
        origin: undefined,
        headers: undefined,
        requestOrigin: 'http://shop.example',
      });
      const o = await call(`${t.base}/kiosk/echo`, 'OPTIONS', { Origin: 'http://shop.example' });
      assert.equal(o.status, 200);
      assert.equal(o.headers.allow, 'POST, GET');
      assert.equal(o.headers['access-control-allow-methods'], undefined);
    } finally {
      await t.close();
    }
  });

  it('a deployment.toml that is no TOML is a load warning with its line; the defaults apply', async () => {
    const t = await startProjectRuntime(
      project(`[server]\nhostname = "localhost"\n[synapse_properties\n`),
      'cors-bad',
    );
    try {
      const w = t.logs.find((l) => l.message.includes('RT_DEPLOYMENT_TOML'));
      assert.ok(w, 'no RT_DEPLOYMENT_TOML warning');
      assert.match(w.message, /deployment\.toml:3:\d+ RT_DEPLOYMENT_TOML /);
      const a = await call(`${t.base}/kiosk/echo`, 'OPTIONS');
      assert.equal(a.status, 403);
    } finally {
      await t.close();
    }
  });
});
