/**
 * Session 8 (lead): a named endpoint that is only a `key` or `key-expression` deploys and sends through the endpoint
 * it names (Synapse IndirectEndpoint / ResolvingEndpoint, chosen by EndpointFactory.getEndpointFactory before any
 * address child is looked at), an alias loop faults instead of recursing, and `synapse run`'s loader reads a
 * configuration file as an XML parser does (a UTF-16 file with its byte-order mark, an ISO-8859-1 one by its
 * declaration). Real HTTP, real files.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: indirect endpoints (lead, session 8)', () => {
  let backend: Backend;
  let t: TestRuntime;
  before(async () => {
    backend = await startBackend();
    t = await startRuntime({
      'OrchardEP.xml': `<endpoint ${NS} name="OrchardEP"><address uri="${backend.url}/orchard"/></endpoint>`,
      'AliasEP.xml': `<endpoint ${NS} name="AliasEP" key="OrchardEP"/>`,
      'PickedEP.xml': `<endpoint ${NS} name="PickedEP" key-expression="$ctx:target"/>`,
      'LoopA.xml': `<endpoint ${NS} name="LoopA" key="LoopB"/>`,
      'LoopB.xml': `<endpoint ${NS} name="LoopB" key="LoopA"/>`,
      'Fruit.xml': `<api ${NS} name="Fruit" context="/fruit">
        <resource methods="POST" uri-template="/alias"><inSequence>
          <call><endpoint key="AliasEP"/></call><respond/>
        </inSequence></resource>
        <resource methods="POST" uri-template="/picked"><inSequence>
          <property name="target" value="AliasEP"/>
          <call><endpoint key="PickedEP"/></call><respond/>
        </inSequence></resource>
        <resource methods="POST" uri-template="/loop"><inSequence>
          <call><endpoint key="LoopA"/></call><respond/>
        </inSequence><faultSequence>
          <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>
            <arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/>
          </args></payloadFactory><respond/>
        </faultSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('sends through the endpoint a key names', async () => {
    const r = await send(`${t.base}/fruit/alias`, { body: '{"pear":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      method: 'POST',
      path: '/orchard/alias', // an address endpoint appends the REST_URL_POSTFIX
      contentType: 'application/json',
      body: '{"pear":1}',
    });
  });

  it('looks a key-expression up per message, through another alias', async () => {
    const before = backend.requests.length;
    const r = await send(`${t.base}/fruit/picked`, { body: '{"plum":2}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(backend.requests.length, before + 1);
    assert.equal(backend.requests.at(-1)!.url, '/orchard/picked');
  });

  it('faults on an alias loop instead of recursing', async () => {
    const r = await send(`${t.base}/fruit/loop`, { body: '{}', type: 'application/json' });
    const j = r.json() as { code: string; message: string };
    assert.equal(j.code, '305100');
    assert.match(j.message, /refers to itself/);
  });
});

describe('runtime loader: file encodings (lead, session 8)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'synapse-enc-'));
    const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
    mkdirSync(join(art, 'sequences'), { recursive: true });
    mkdirSync(join(art, 'apis'), { recursive: true });
    writeFileSync(
      join(dir, 'pom.xml'),
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>t</groupId><artifactId>enc</artifactId><version>1.0.0</version><packaging>pom</packaging><properties><projectType>integration-project</projectType></properties></project>',
    );
    writeFileSync(
      join(art, 'sequences', 'Wide.xml'),
      Buffer.from(
        `\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<sequence ${NS} name="Wide"><log/></sequence>\n`,
        'utf16le',
      ),
    );
    writeFileSync(
      join(art, 'apis', 'Cafe.xml'),
      Buffer.from(
        `<?xml version="1.0" encoding="ISO-8859-1"?>\n<api ${NS} name="Cafe" context="/cafe"><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"drink":"café"}</format></payloadFactory><respond/></inSequence></resource></api>\n`,
        'latin1',
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a UTF-16 file and a Latin-1 one as their encodings say', async () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.loadProject(dir);
    assert.deepEqual(res.problems, []);
    assert.ok(
      rt.list().some((a) => a.kind === 'sequence' && a.name === 'Wide'),
      JSON.stringify(rt.list()),
    );
    const { port } = await rt.start();
    try {
      const r = await send(`http://127.0.0.1:${port}/cafe`);
      assert.deepEqual(r.json(), { drink: 'café' });
    } finally {
      await rt.stop(1000);
    }
  });
});

describe('runtime: a GET through the form formatter carries the payload as query parameters (lead, session 8)', () => {
  let backend: Backend;
  let t: TestRuntime;
  before(async () => {
    backend = await startBackend();
    const build = `<payloadFactory media-type="xml"><format><s:find xmlns:s="http://seeds.example/s"><s:kind>winter rye</s:kind><s:limit>5</s:limit><s:note/></s:find></format></payloadFactory>`;
    t = await startRuntime({
      'Seeds.xml': `<api ${NS} name="SeedSearch" context="/seedsearch">
        <resource methods="POST" uri-template="/by-property"><inSequence>
          ${build}
          <property name="messageType" value="application/x-www-form-urlencoded" scope="axis2"/>
          <property name="HTTP_METHOD" value="GET" scope="axis2"/>
          <call><endpoint><address uri="${backend.url}/catalog?lang=en"/></endpoint></call><respond/>
        </inSequence></resource>
        <resource methods="POST" uri-template="/by-format"><inSequence>
          ${build}
          <call><endpoint><address uri="${backend.url}/catalog" format="get"/></endpoint></call><respond/>
        </inSequence></resource>
        <resource methods="POST" uri-template="/xml-get"><inSequence>
          ${build}
          <property name="HTTP_METHOD" value="GET" scope="axis2"/>
          <call><endpoint><address uri="${backend.url}/catalog"/></endpoint></call><respond/>
        </inSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('messageType application/x-www-form-urlencoded and HTTP_METHOD GET: the root children, after the query', async () => {
    const r = await send(`${t.base}/seedsearch/by-property`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200);
    const got = backend.requests.at(-1)!;
    assert.equal(got.method, 'GET');
    // the address, then the REST_URL_POSTFIX appended to it as text (as MI appends it), then `&` and the fields
    // (appendQueryParameters: the URL already has a '?'; URLEncoder values with spaces as %20)
    assert.equal(got.url, '/catalog?lang=en/by-property&kind=winter%20rye&limit=5&note=');
    assert.equal(got.body, '');
  });

  it('an endpoint with format="get" does the same', async () => {
    await send(`${t.base}/seedsearch/by-format`, { body: '{}', type: 'application/json' });
    const got = backend.requests.at(-1)!;
    assert.equal(got.method, 'GET');
    assert.equal(got.url, '/catalog/by-format?kind=winter%20rye&limit=5&note=');
  });

  it('a GET through the XML formatter keeps the address as it is', async () => {
    await send(`${t.base}/seedsearch/xml-get`, { body: '{}', type: 'application/json' });
    const got = backend.requests.at(-1)!;
    assert.equal(got.method, 'GET');
    assert.equal(got.url, '/catalog/xml-get');
  });
});

describe('runtime: an empty answer keeps the Content-Type the message carries (lead, session 8)', () => {
  let backend: Backend;
  let t: TestRuntime;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
    });
    t = await startRuntime({
      'Empty.xml': `<api ${NS} name="Empty" context="/empty">
        <resource methods="GET POST" uri-template="/echo"><inSequence><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/relay"><inSequence>
          <call><endpoint><address uri="${backend.url}/none"/></endpoint></call><respond/>
        </inSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it("a back end's empty JSON answer goes on as application/json (SourceResponseFactory keeps the headers)", async () => {
    const r = await send(`${t.base}/empty/relay`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    // (an answer that can have a body is chunked in MI, an empty one too: SourceResponse.start)
    assert.equal(r.headers.get('transfer-encoding'), 'chunked');
    assert.equal(r.headers.get('content-type'), 'application/json');
  });

  it('an empty POST echoed keeps its type; a GET echoed has none', async () => {
    const p = await send(`${t.base}/empty/echo`, { method: 'POST', body: '', type: 'application/json' });
    assert.equal(p.text, '');
    assert.equal(p.headers.get('content-type'), 'application/json');
    const g = await send(`${t.base}/empty/echo`);
    assert.equal(g.text, '');
    assert.equal(g.headers.get('content-type'), null);
  });
});

describe('runtime: a call source of a type MI does not read sends the body (lead, session 8)', () => {
  it('type="envelope" deploys and the back end gets the message body', async () => {
    const backend = await startBackend();
    const t = await startRuntime({
      'Src.xml': `<api ${NS} name="Src" context="/src"><resource methods="POST"><inSequence>
        <call><source type="envelope"/><endpoint><address uri="${backend.url}/in"/></endpoint></call><respond/>
      </inSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/src`, { body: '{"leaf":"oak"}', type: 'application/json' });
      assert.equal(r.status, 200);
      assert.equal(backend.requests.at(-1)!.body, '{"leaf":"oak"}');
    } finally {
      await t.close();
      await backend.close();
    }
  });
});
