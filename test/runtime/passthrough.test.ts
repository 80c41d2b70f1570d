/** Pass-through streaming and HTTP transport details: no parsing on route-only flows, chunked, keep-alive, status. */
import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime: pass-through and HTTP transport', () => {
  let t: TestRuntime;
  let backend: Backend;
  let outOnlyHits = 0;
  before(async () => {
    backend = await startBackend(async (req, res) => {
      if (req.url === '/status404') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"missing":true}');
        return;
      }
      if (req.url === '/outonly') {
        outOnlyHits++;
        res.writeHead(200);
        res.end();
        return;
      }
      if (req.url === '/big') {
        // 1 MiB with a declared length: larger than what is read whole, so it is streamed through
        const big = Buffer.alloc(1024 * 1024, 'abcdefghij');
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(big.length),
        });
        res.end(big);
        return;
      }
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 5; i++) {
          res.write(`part${i};`);
          await new Promise((r) => setTimeout(r, 10));
        }
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': req.headers['content-type'] ?? 'application/octet-stream',
        'x-len': String(req.body.length),
        'x-te': req.headers['transfer-encoding'] ?? '',
      });
      res.end(req.body);
    });
    const B = backend.url;
    t = await startRuntime({
      'Route.xml': api(
        'Route',
        '/route',
        `<property name="X-Route" value="1" scope="transport"/><log><message>routing</message></log><call><endpoint><http method="post" uri-template="${B}/echo"/></endpoint></call><respond/>`,
      ),
      'Status.xml': api(
        'Status',
        '/status',
        `<call><endpoint><http method="get" uri-template="${B}/status404"/></endpoint></call><property name="sc" expression="$axis2:HTTP_SC"/><log level="custom"><property name="sc" expression="$ctx:sc"/></log><respond/>`,
      ),
      'Chunked.xml': api(
        'Chunked',
        '/chunked',
        `<call><endpoint><http method="get" uri-template="${B}/chunked"/></endpoint></call><respond/>`,
      ),
      'Big.xml': api(
        'Big',
        '/big',
        `<call><endpoint><http method="get" uri-template="${B}/big"/></endpoint></call><respond/>`,
      ),
      'NoBody.xml': api(
        'NoBody',
        '/nobody',
        `<property name="NO_ENTITY_BODY" value="true" scope="axis2" type="BOOLEAN"/><property name="HTTP_SC" value="204" scope="axis2"/><respond/>`,
      ),
      'OutOnly.xml': api(
        'OutOnly',
        '/outonly',
        `<property name="OUT_ONLY" value="true"/><property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><send><endpoint><http method="post" uri-template="${B}/outonly"/></endpoint></send>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('a route-only flow does not parse the body: malformed JSON reaches the backend byte for byte', async () => {
    const body = '{"not": valid json, ]]] \u00e9';
    const r = await send(`${t.base}/route`, { body, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, body);
    assert.equal(backend.requests.at(-1)?.headers['x-route'], '1');
  });

  it('a chunked request is streamed to the backend and a chunked response back', async () => {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${t.base}/route`,
        { method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } },
        (res) => {
          let s = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (s += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: s }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(`chunk${i}-`);
      req.end();
    });
    assert.equal(status, 200);
    assert.equal(text, 'chunk0-chunk1-chunk2-chunk3-chunk4-');
    const r = await send(`${t.base}/chunked`);
    assert.equal(r.text, 'part0;part1;part2;part3;part4;');
  });

  // MI's SourceResponse writes a Content-Length only when one is given (removeUnwantedHeaders drops the back end's):
  // the answer is chunked
  it('streams a large response with a declared length through, byte for byte, chunked as MI answers', async () => {
    const res = await fetch(`${t.base}/big`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), null);
    assert.equal(res.headers.get('transfer-encoding'), 'chunked');
    const got = Buffer.from(await res.arrayBuffer());
    assert.equal(got.length, 1024 * 1024);
    assert.ok(got.equals(Buffer.alloc(1024 * 1024, 'abcdefghij')));
  });

  it('keeps client connections alive across requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set<number>();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          `${t.base}/route`,
          { method: 'POST', agent, headers: { 'content-type': 'text/plain' } },
          (res) => {
            ports.add(res.socket.localPort ?? 0);
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        req.end(`n${i}`);
      });
    }
    agent.destroy();
    assert.equal(ports.size, 1);
  });

  it('a backend error status is passed through with HTTP_SC set, without a fault', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/status`);
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { missing: true });
    assert.ok(t.logs.some((l) => l.message === 'sc = 404'));
  });

  it('NO_ENTITY_BODY answers without a body', async () => {
    const r = await send(`${t.base}/nobody`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
  });

  it('OUT_ONLY with FORCE_SC_ACCEPTED: 202 to the client, the message still goes out', async () => {
    const before = outOnlyHits;
    const r = await send(`${t.base}/outonly`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(r.status, 202);
    await until('the message at the back end', () => outOnlyHits > before);
    assert.equal(outOnlyHits, before + 1);
  });
});
