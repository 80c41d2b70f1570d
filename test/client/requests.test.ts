/**
 * "Send request" without vscode: the targets a file declares, paths from uri-templates, header parsing, the request
 * itself against real HTTP servers on 127.0.0.1, and the response document.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  formatHeaderLine,
  formatResponse,
  parseHeaders,
  prettyBody,
  RequestInputError,
  sendRequest,
} from '../../client/requests/http';
import {
  fillTemplate,
  firstVariableRange,
  initialPath,
  pathMismatch,
  templateVariables,
  unfilledVariable,
} from '../../client/requests/path';
import {
  apiBasePath,
  defaultMethod,
  findRequestTargets,
  hasBody,
  methodChoices,
  targetLabel,
} from '../../client/requests/targets';

const ROOT = join(__dirname, '..', '..');
const HELLO = join(ROOT, 'examples/hello-world/src/main/wso2mi/artifacts');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function server(
  handler: (req: IncomingMessage, body: string, res: import('node:http').ServerResponse) => void,
): Promise<{ base: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const s: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

describe('client: send request targets', () => {
  it('finds each resource of the example API with its line, methods, template and base path', () => {
    const text = readFileSync(join(HELLO, 'apis/HelloAPI.xml'), 'utf8');
    const ts = findRequestTargets(text);
    assert.equal(ts.length, 2);
    const lines = text.split('\n');
    assert.match(lines[ts[0].line], /<resource methods="GET" uri-template="\/greet\/\{name\}">/);
    assert.match(lines[ts[1].line], /<resource methods="POST" uri-template="\/orders">/);
    assert.equal(ts[0].character, lines[ts[0].line].indexOf('<resource'));
    assert.deepEqual(
      ts.map((t) => [t.kind, t.artifact, t.methods.join(','), t.template, t.templateKind, t.basePath]),
      [
        ['api', 'HelloAPI', 'GET', '/greet/{name}', 'uri-template', '/hello'],
        ['api', 'HelloAPI', 'POST', '/orders', 'uri-template', '/hello'],
      ],
    );
    assert.notEqual(ts[0].key, ts[1].key);
    assert.equal(targetLabel(ts[0]), 'GET /hello/greet/{name}');
  });

  it('keeps the same key when lines above the resource change', () => {
    const text = readFileSync(join(HELLO, 'apis/HelloAPI.xml'), 'utf8');
    const before = findRequestTargets(text);
    const after = findRequestTargets(text.replace('<api ', '<!-- a comment\n spanning lines -->\n<api '));
    assert.deepEqual(
      after.map((t) => t.key),
      before.map((t) => t.key),
    );
    assert.deepEqual(
      after.map((t) => t.line),
      before.map((t) => t.line + 2),
    );
  });

  it('finds a proxy, served under /services/Name, any method, POST first', () => {
    const ts = findRequestTargets(readFileSync(join(HELLO, 'proxy-services/EchoProxy.xml'), 'utf8'));
    assert.equal(ts.length, 1);
    assert.equal(ts[0].kind, 'proxy');
    assert.equal(ts[0].basePath, '/services/EchoProxy');
    assert.equal(ts[0].line, 1);
    assert.equal(defaultMethod(ts[0]), 'POST');
    assert.ok(methodChoices(ts[0]).includes('GET'));
    assert.equal(initialPath(ts[0]), '/services/EchoProxy');
  });

  it('finds nothing in sequences, endpoints and non-Synapse XML', () => {
    assert.deepEqual(
      findRequestTargets(readFileSync(join(HELLO, 'sequences/EnrichOrderSeq.xml'), 'utf8')),
      [],
    );
    assert.deepEqual(findRequestTargets('<project><api>not synapse</api></project>'), []);
    // A half-typed API still gets its lens (the tolerant parser keeps the unfinished resource).
    const half = findRequestTargets('<api name="Half" context="/h"><resource methods="GET"');
    assert.deepEqual(
      half.map((t) => [t.artifact, t.methods.join(), t.basePath]),
      [['Half', 'GET', '/h']],
    );
  });

  it('reads APIs and proxies inside a definitions root, url-mappings and default resources', () => {
    const text = `<definitions xmlns="http://ws.apache.org/ns/synapse">
  <api name="A" context="/a/" version="1.0" version-type="url">
    <resource methods="PUT DELETE" url-mapping="/items/*"/>
    <resource/>
  </api>
  <proxy name="P"><target/></proxy>
</definitions>`;
    const ts = findRequestTargets(text);
    assert.deepEqual(
      ts.map((t) => [t.kind, t.basePath, t.templateKind, t.template, t.methods.join(' '), t.line]),
      [
        ['api', '/a/1.0', 'url-mapping', '/items/*', 'PUT DELETE', 2],
        ['api', '/a/1.0', 'none', '', '', 3],
        ['proxy', '/services/P', 'none', '', '', 5],
      ],
    );
    assert.equal(initialPath(ts[0]), '/a/1.0/items/');
    assert.equal(defaultMethod(ts[0]), 'PUT');
    assert.equal(defaultMethod(ts[0], 'DELETE'), 'DELETE');
    assert.equal(
      defaultMethod(ts[0], 'GET'),
      'PUT',
      'a remembered method the resource no longer accepts is dropped',
    );
    assert.ok(ts[0].key.startsWith('api:A:v1.0|'));
  });

  it('computes API base paths for every versioning style', () => {
    assert.equal(apiBasePath('/hello'), '/hello');
    assert.equal(apiBasePath('/hello/'), '/hello');
    assert.equal(apiBasePath('/'), '');
    assert.equal(apiBasePath('/shop', '2.0', 'url'), '/shop/2.0');
    assert.equal(apiBasePath('/health/{version}/x', 'v1', 'context'), '/health/v1/x');
    assert.equal(apiBasePath('/shop', '2.0', ''), '/shop');
    assert.equal(apiBasePath('noslash'), '/noslash');
  });

  it('knows which methods carry a body', () => {
    assert.deepEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map(hasBody), [
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('client: send request paths', () => {
  it('lists template variables once, with their operator', () => {
    assert.deepEqual(templateVariables('/a/{id}/b/{+rest}{?q,limit}{&id}'), [
      { name: 'id', op: '' },
      { name: 'rest', op: '+' },
      { name: 'q', op: '?' },
      { name: 'limit', op: '?' },
    ]);
  });

  it('fills templates, encoding values as each operator wants, leaving unknown variables', () => {
    assert.equal(fillTemplate('/greet/{name}', { name: 'World' }), '/greet/World');
    assert.equal(fillTemplate('/greet/{name}', { name: 'a b/c' }), '/greet/a%20b%2Fc');
    assert.equal(fillTemplate('/files/{+path}', { path: 'dir/a b.txt' }), '/files/dir/a%20b.txt');
    assert.equal(fillTemplate('/s{?q,n}', { q: 'x y', n: '5' }), '/s?q=x%20y&n=5');
    assert.equal(fillTemplate('/s{/a,b}{.ext}', { a: '1', b: '2', ext: 'json' }), '/s/1/2.json');
    assert.equal(fillTemplate('/m{;k}', { k: 'v' }), '/m;k=v');
    assert.equal(fillTemplate('/greet/{name}', {}), '/greet/{name}');
  });

  it('points at what is left to fill', () => {
    assert.equal(unfilledVariable('/hello/greet/{name}'), '{name}');
    assert.equal(unfilledVariable('/hello/greet/World'), undefined);
    assert.deepEqual(firstVariableRange('/hello/greet/{name}'), [13, 19]);
  });

  it('tells whether a typed path reaches the resource, with the engine matchers', () => {
    const [greet, orders] = findRequestTargets(readFileSync(join(HELLO, 'apis/HelloAPI.xml'), 'utf8'));
    assert.equal(pathMismatch(greet, '/hello/greet/World'), undefined);
    assert.equal(pathMismatch(greet, '/hello/greet/World?lang=fr'), undefined);
    assert.match(
      pathMismatch(greet, '/hello/orders') ?? '',
      /does not match the resource's uri-template \/greet\/\{name\}/,
    );
    assert.match(pathMismatch(orders, '/other/orders') ?? '', /outside \/hello/);
    assert.match(pathMismatch(orders, 'hello/orders') ?? '', /must start with \//);
    const [items] = findRequestTargets('<api name="A" context="/a"><resource url-mapping="/items/*"/></api>');
    assert.equal(pathMismatch(items, '/a/items/7'), undefined);
    assert.ok(pathMismatch(items, '/a/things/7'));
  });
});

describe('client: send request headers and responses', () => {
  it('parses headers typed on one line and refuses malformed ones with a code', () => {
    assert.deepEqual(parseHeaders('Content-Type: application/json; X-Trace:  1 '), [
      ['Content-Type', 'application/json'],
      ['X-Trace', '1'],
    ]);
    assert.deepEqual(parseHeaders('  '), []);
    assert.deepEqual(parseHeaders('Authorization: Basic a2V5OnZhbHVl'), [
      ['Authorization', 'Basic a2V5OnZhbHVl'],
    ]);
    assert.throws(
      () => parseHeaders('no colon here'),
      (e: RequestInputError) => e.code === 'REQ_HEADER' && /Name: value/.test(e.message),
    );
    assert.throws(
      () => parseHeaders('Bad Name: x'),
      (e: RequestInputError) => e.code === 'REQ_HEADER_NAME',
    );
    assert.equal(formatHeaderLine(parseHeaders('A: 1; B: 2')), 'A: 1; B: 2');
  });

  it('pretty-prints JSON and XML bodies and leaves other text alone', () => {
    assert.equal(
      prettyBody('{"a":{"b":[1,2]}}', 'application/json'),
      '{\n  "a": {\n    "b": [\n      1,\n      2\n    ]\n  }\n}',
    );
    assert.equal(prettyBody('{broken', 'application/json'), '{broken');
    assert.equal(
      prettyBody('<a><b>x</b><c/></a>', 'application/xml; charset=UTF-8'),
      '<a>\n  <b>x</b>\n  <c/>\n</a>',
    );
    assert.equal(prettyBody('plain {text}', 'text/plain'), 'plain {text}');
    assert.equal(prettyBody('[1]', undefined), '[\n  1\n]');
  });

  it('sends method, path, headers and body to a real server and reads status, headers and body', async () => {
    const s = await server((_req, body, res) => {
      res.writeHead(201, 'Created', { 'Content-Type': 'application/json', 'X-Echo': 'yes' });
      res.end(JSON.stringify({ got: body }));
    });
    try {
      const r = await sendRequest({
        method: 'POST',
        url: `${s.base}/hello/orders?x=1`,
        headers: parseHeaders('Content-Type: application/json; X-Trace: abc'),
        body: '{"order":{"id":"A1"}}',
      });
      assert.equal(s.seen.length, 1);
      assert.equal(s.seen[0].method, 'POST');
      assert.equal(s.seen[0].url, '/hello/orders?x=1');
      assert.equal(s.seen[0].headers['x-trace'], 'abc');
      assert.equal(s.seen[0].headers['content-type'], 'application/json');
      assert.equal(s.seen[0].body, '{"order":{"id":"A1"}}');
      assert.equal(r.status, 201);
      assert.equal(r.statusText, 'Created');
      assert.ok(r.headers.some(([n, v]) => n === 'X-Echo' && v === 'yes'));
      assert.equal(r.truncated, false);
      const doc = formatResponse({ method: 'POST', url: `${s.base}/hello/orders?x=1` }, r);
      const lines = doc.split('\n');
      assert.equal(lines[0], `POST ${s.base}/hello/orders?x=1`);
      assert.match(lines[2], /^HTTP\/1\.1 201 Created {4}\(\d+ ms, 37 B\)$/);
      assert.ok(lines.includes('X-Echo: yes'));
      assert.ok(doc.includes('{\n  "got": "{\\"order\\":{\\"id\\":\\"A1\\"}}"\n}\n'), doc);
    } finally {
      await s.close();
    }
  });

  it('keeps at most maxBodyBytes of a large body and says so', async () => {
    const big = 'x'.repeat(300_000);
    const s = await server((_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(big);
    });
    try {
      const r = await sendRequest({ method: 'GET', url: `${s.base}/big`, maxBodyBytes: 1000 });
      assert.equal(r.body.length, 1000);
      assert.equal(r.size, 300_000);
      assert.equal(r.truncated, true);
      assert.match(
        formatResponse({ method: 'GET', url: s.base }, r),
        /\(truncated: 1000 B of 293\.0 KB shown\)/,
      );
    } finally {
      await s.close();
    }
  });

  it('gives up after its timeout, can be cancelled, and explains a refused connection', async () => {
    const s = await server(() => {
      /* never answers */
    });
    try {
      const t0 = Date.now();
      await assert.rejects(
        sendRequest({ method: 'GET', url: `${s.base}/slow`, timeoutMs: 200 }),
        (e: RequestInputError) => e.code === 'REQ_TIMEOUT',
      );
      assert.ok(Date.now() - t0 < 2000);
      const abort = new AbortController();
      const p = sendRequest({ method: 'GET', url: `${s.base}/slow`, signal: abort.signal });
      setTimeout(() => abort.abort(), 50);
      await assert.rejects(p, (e: RequestInputError) => e.code === 'REQ_CANCELLED');
    } finally {
      await s.close();
    }
    // The port is closed now: nothing listens there.
    await assert.rejects(
      sendRequest({ method: 'GET', url: `${s.base}/gone`, timeoutMs: 5000 }),
      (e: RequestInputError) => e.code === 'REQ_REFUSED' && /is the runtime still running/.test(e.message),
    );
    await assert.rejects(
      sendRequest({ method: 'GET', url: 'ftp://127.0.0.1/x' }),
      (e: RequestInputError) => e.code === 'REQ_URL',
    );
  });
});
