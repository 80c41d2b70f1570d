/**
 * The File connector through `synapse run` as a real process: an MI 4.4 project (test/fixtures/connectors-file/intake)
 * whose `<file.init>` connection works in a temporary folder (workingDir from a config parameter given in the
 * environment). An API writes a posted body to a file and reads it back, lists the folder, checks a missing file,
 * and fails on a path that is a folder (ILLEGAL_PATH through the fault sequence, HTTP 500).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from './helpers';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';

const PROJECT = join('test', 'fixtures', 'connectors-file', 'intake');

const run = (env: Record<string, string>) => startSynapseRun([PROJECT, '--http-port', '0'], env);
const stop = stopProcess;

describe('runtime: File connector through synapse run (process)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'fconn-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes, reads back, lists, checks and fails on an illegal path as MI does', async () => {
    const c = run({ intakeDir: dir });
    try {
      const out = await c.ready;
      const m = /API IntakeAPI: (http:\/\/127\.0\.0\.1:\d+)\/intake/.exec(out);
      assert.ok(m, out);
      const base = `${m[1]}/intake`;

      const w = await send(`${base}/docs/claim-17.json`, {
        body: '{"claim":17,"amount":"9.50"}',
        type: 'application/json',
      });
      assert.equal(w.status, 200, w.text);
      assert.deepEqual(w.json(), { written: 28, back: { claim: 17, amount: '9.50' }, name: 'claim-17.json' });
      assert.equal(readFileSync(join(dir, 'docs', 'claim-17.json'), 'utf8'), '{"claim":17,"amount":"9.50"}');

      const l = await send(`${base}/docs`);
      assert.equal(l.status, 200, l.text);
      assert.deepEqual(l.json(), {
        success: true,
        files: { files: [{ name: 'claim-17.json', path: join(dir, 'docs', 'claim-17.json') }] },
      });

      assert.deepEqual((await send(`${base}/docs/claim-99.json/exists`)).json(), { exists: false });

      const r = await send(`${base}/docs/claim-17.json`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json(), { claim: 17, amount: '9.50' });

      // a path that is a folder: WriteFile throws IllegalPathException
      mkdirSync(join(dir, 'docs', 'sub.json'));
      const bad = await send(`${base}/docs/sub.json`, { body: '{"x":1}', type: 'application/json' });
      assert.equal(bad.status, 500, bad.text);
      const f = bad.json() as Record<string, string>;
      assert.equal(f.code, '700102');
      assert.equal(f.message, 'FILE:ILLEGAL_PATH');
      assert.match(f.detail, /^Path does not point to a file file:\/\/\/.*\/docs\/sub\.json$/);

      const missing = await send(`${base}/docs/claim-99.json`);
      assert.equal(missing.status, 500, missing.text);
      assert.equal((missing.json() as Record<string, string>).code, '700102');
      assert.doesNotMatch(c.err(), /RT_CONNECTOR|RT_UNSUPPORTED/);
    } finally {
      await stop(c.proc);
    }
  });
});
