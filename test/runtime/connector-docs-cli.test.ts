/**
 * A project shaped like the getting-started "Route and transform messages" one (MI 4.4 documentation), through
 * `synapse run` as a real process: the greeting resource, and the deposit flow whose HTTP connector call answers into
 * a variable (the request body kept), a filter on its status code and a payload built from both. Own names and
 * payloads (test/fixtures/connectors-docs/piggybank); the rate service is our own backend on 127.0.0.1, its URL given
 * as the config parameter rateDeskUrl in the environment.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { send, startBackend, type Backend } from './helpers';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';

const PROJECT = join('test', 'fixtures', 'connectors-docs', 'piggybank');

const run = (env: Record<string, string>) => startSynapseRun([PROJECT, '--http-port', '0'], env);
const stop = stopProcess;

describe('runtime: the documented deposit flow through synapse run (process)', function () {
  this.timeout(30_000);
  let rates: Backend;
  before(async function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    rates = await startBackend((req, res) => {
      const b = JSON.parse(req.body || '{}') as { from?: string };
      if (b.from === 'XYZ') {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"unknown coin XYZ"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ from: b.from, to: 'CHF', rate: 1.5 }));
    });
  });
  after(() => rates?.close());

  it('greets, converts through the connection, and answers a refused rate with its status', async () => {
    const c = run({ rateDeskUrl: rates.url });
    try {
      const out = await c.ready;
      const m = /API PiggyBankAPI: (http:\/\/127\.0\.0\.1:\d+)\/piggybank/.exec(out);
      assert.ok(m, out);
      const hello = await send(`${m[1]}/piggybank`);
      assert.equal(hello.status, 200);
      assert.deepEqual(hello.json(), { hello: 'Welcome to the piggy bank' });

      const saved = await send(`${m[1]}/piggybank/save`, {
        body: '{"coin":"EUR","count":40}',
        type: 'application/json',
      });
      assert.equal(saved.status, 200, saved.text);
      assert.equal(saved.text, '{ "state": "saved", "saved": 60.0 }');
      const sent = rates.requests.at(-1)!;
      assert.equal(sent.url, '/rates/lookup');
      assert.deepEqual(JSON.parse(sent.body), { from: 'EUR', to: 'CHF' });

      const refused = await send(`${m[1]}/piggybank/save`, {
        body: '{"coin":"XYZ","count":1}',
        type: 'application/json',
      });
      assert.equal(refused.status, 404);
      assert.deepEqual(refused.json(), { state: 'refused', why: 'unknown coin XYZ' });
      assert.doesNotMatch(c.err(), /RT_CONNECTOR|RT_INLINE_EXPRESSION/);
    } finally {
      await stop(c.proc);
    }
  });
});
