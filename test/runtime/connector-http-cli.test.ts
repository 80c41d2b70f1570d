/**
 * The HTTP connector through `synapse run` as a real process: an MI 4.4 project (test/fixtures/connectors-http/
 * warehouse) whose API calls a backend through an `<http.init>` connection (baseUrl from a config parameter given in
 * the environment), with responseVariable and with the answer as the body, and a refused backend.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort, send, startBackend, type Backend } from './helpers';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';

const PROJECT = join('test', 'fixtures', 'connectors-http', 'warehouse');

const run = (env: Record<string, string>) => startSynapseRun([PROJECT, '--http-port', '0'], env);
const stop = stopProcess;

describe('runtime: HTTP connector through synapse run (process)', function () {
  this.timeout(30_000);
  let backend: Backend;
  before(async function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/levels/')) res.end(JSON.stringify({ count: 12 }));
      else res.end(JSON.stringify({ got: JSON.parse(req.body || 'null'), path: req.url }));
    });
  });
  after(() => backend?.close());

  it('serves the API: the connection answers into the variable and as the body; no connector warning', async () => {
    const c = run({ stockServiceUrl: backend.url });
    try {
      const out = await c.ready;
      const m = /API WarehouseAPI: (http:\/\/127\.0\.0\.1:\d+)\/warehouse/.exec(out);
      assert.ok(m, out);
      const r = await send(`${m[1]}/warehouse/bins/B12`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json(), { bin: 'B12', onHand: 12, status: 200 });
      assert.equal(backend.requests.at(-1)!.url, '/levels/B12');
      assert.equal(backend.requests.at(-1)!.headers['x-caller'], 'warehouse');
      const p = await send(`${m[1]}/warehouse/restock`, {
        body: '{"sku":"K9","qty":4}',
        type: 'application/json',
      });
      assert.deepEqual(p.json(), { got: { sku: 'K9', qty: 4 }, path: '/restock' });
      assert.doesNotMatch(c.err(), /RT_CONNECTOR/);
    } finally {
      await stop(c.proc);
    }
  });

  it('a refused backend runs the fault sequence with 101503', async () => {
    const c = run({ stockServiceUrl: `http://127.0.0.1:${await closedPort()}` });
    try {
      const out = await c.ready;
      const m = /API WarehouseAPI: (http:\/\/127\.0\.0\.1:\d+)\/warehouse/.exec(out)!;
      const r = await send(`${m[1]}/warehouse/bins/B1`);
      assert.equal(r.status, 502);
      assert.deepEqual(r.json(), { error: '101503' });
    } finally {
      await stop(c.proc);
    }
  });
});
