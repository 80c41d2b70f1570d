/**
 * A bounded load test: 2,000 requests at concurrency 20 through a pass-through API and a content-based routing API,
 * with a backend that fails 1% of requests. Every request is answered, none is lost, nothing crashes.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';

/** Heap in use after a full garbage collection (the runtime runs in this process). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: bounded load', function () {
  this.timeout(60_000);
  let t: TestRuntime;
  let backend: Backend;
  let n = 0;
  before(async () => {
    backend = await startBackend((req, res) => {
      n++;
      if (n % 100 === 0) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"backend failure"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, len: req.body.length }));
    });
    backend.requests.length = 0;
    t = await startRuntime({
      'Pass.xml': api(
        'Pass',
        '/pass',
        `<call><endpoint><http method="post" uri-template="${backend.url}/pass"/></endpoint></call><respond/>`,
      ),
      'Cbr.xml': api(
        'Cbr',
        '/cbr',
        `<switch source="json-eval($.kind)"><case regex="a"><call><endpoint><http method="post" uri-template="${backend.url}/a"/></endpoint></call></case><default><call><endpoint><http method="post" uri-template="${backend.url}/other"/></endpoint></call></default></switch><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('2,000 requests at concurrency 20: all answered, statuses match the backend, memory stays flat, the runtime still serves', async () => {
    // keep the backend's request log from growing without bound
    const origPush = backend.requests.push.bind(backend.requests);
    backend.requests.push = () => 0;
    const agent = new Agent({ connections: 20 });
    const total = 2000;
    let next = 0;
    const counts = { ok: 0, failed: 0, other: 0, routedA: 0 };
    // the heap after the first half (warm: pools, caches, compiled code) against the heap after the second half
    let limit = total / 2;
    async function worker() {
      while (next < limit) {
        const i = next++;
        const cbr = i % 2 === 1;
        const body = cbr
          ? JSON.stringify({ kind: i % 4 === 1 ? 'a' : 'b', i })
          : JSON.stringify({ i, pad: 'x'.repeat(200) });
        const res = await request(`${t.base}/${cbr ? 'cbr' : 'pass'}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          dispatcher: agent,
        });
        const text = await res.body.text();
        if (res.statusCode === 200) {
          counts.ok++;
          if ((JSON.parse(text) as { path: string }).path === '/a') counts.routedA++;
        } else if (res.statusCode === 500 && text.includes('backend failure')) counts.failed++;
        else counts.other++;
      }
    }
    await Promise.all(Array.from({ length: 20 }, worker));
    const warm = heapAfterGc();
    limit = total;
    await Promise.all(Array.from({ length: 20 }, worker));
    const after = heapAfterGc();
    await agent.close();
    backend.requests.push = origPush;
    // a message context kept per request would add several MB over 1,000 requests
    const growth = (after - warm) / 1024 / 1024;
    assert.ok(growth < 4, `heap grew by ${growth.toFixed(1)} MB over the second 1,000 requests`);
    assert.equal(counts.other, 0);
    assert.equal(counts.ok + counts.failed, total);
    assert.equal(counts.failed, total / 100);
    assert.ok(counts.routedA > 400 && counts.routedA <= 500, `routed to /a: ${counts.routedA}`);
    assert.equal((await send(`${t.base}/pass`, { body: '{}', type: 'application/json' })).status, 200);
  });
});
