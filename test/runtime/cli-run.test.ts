/** `synapse run` as a real process (node dist/cli.js run): starts, prints its URLs, serves, stops on SIGINT/SIGTERM. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, send } from './helpers';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT, closed, startSynapseRun } from './cliProcess';
import { until } from '../support';

const startCli = startSynapseRun;

/** The exit code, once the process's output is read to the end (closed: its last line may come after 'exit'). */
function exited(proc: ChildProcess): Promise<number | null> {
  return closed(proc);
}

describe('runtime: synapse run (CLI process)', function () {
  this.timeout(30_000);
  before(function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  it('serves a project, prints URLs and MI-like log lines, reports load problems, stops cleanly on SIGINT', async () => {
    const c = startCli([join('test', 'fixtures', 'runtime', 'bare'), '--http-port', '0']);
    const out = await c.ready;
    const m = /API PingAPI: (http:\/\/127\.0\.0\.1:\d+\/ping)/.exec(out);
    assert.ok(m, out);
    const r = await send(m[1]);
    assert.equal(r.status, 200);
    assert.equal(r.text, 'pong');
    assert.match(c.err(), /BrokenAPI\.xml:5:40 error EXPR_XPATH_SYNTAX/);
    assert.match(
      out,
      /\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\]\s+INFO \{PassThroughListeningIOReactorManager\} - Pass-through HTTP Listener started on/,
    );
    c.proc.kill('SIGINT');
    assert.equal(await exited(c.proc), 0);
    assert.match(c.out(), /synapse run: stopped/);
  });

  it('--no-relay serves the same project with the relay path off', async () => {
    const c = startCli([join('test', 'fixtures', 'runtime', 'bare'), '--http-port', '0', '--no-relay']);
    const out = await c.ready;
    const m = /API PingAPI: (http:\/\/127\.0\.0\.1:\d+\/ping)/.exec(out);
    assert.ok(m, out);
    const r = await send(m[1]);
    assert.equal(r.status, 200);
    assert.equal(r.text, 'pong');
    c.proc.kill('SIGTERM');
    assert.equal(await exited(c.proc), 0);
  });

  it('stops on SIGTERM; a taken port is a failure (exit 1); a missing folder is bad usage (exit 2)', async () => {
    const c = startCli([join('test', 'fixtures', 'runtime', 'bare'), '--http-port', '0']);
    const out = await c.ready;
    const port = /127\.0\.0\.1:(\d+)\//.exec(out)![1];
    const taken = spawn(
      process.execPath,
      [CLI, 'run', join('test', 'fixtures', 'runtime', 'bare'), '--http-port', port],
      { cwd: ROOT, stdio: 'ignore' },
    );
    assert.equal(await exited(taken), 1);
    c.proc.kill('SIGTERM');
    assert.equal(await exited(c.proc), 0);
    const bad = spawn(process.execPath, [CLI, 'run', 'no/such/folder'], { cwd: ROOT, stdio: 'ignore' });
    assert.equal(await exited(bad), 2);
  });

  it('--management-port also serves the management API over HTTPS (login works); no credentials is a failure', async () => {
    const c = startCli(
      [join('test', 'fixtures', 'runtime', 'bare'), '--http-port', '0', '--management-port', '0'],
      { SYNAPSE_ADMIN_USER: 'admin', SYNAPSE_ADMIN_PASSWORD: 's3cret' },
    );
    const out = await c.ready;
    const m = /management API (https:\/\/127\.0\.0\.1:\d+\S*)/.exec(out);
    assert.ok(m, out);
    const base = m[1].replace(/\/management\/?$/, '');
    const { request } = await import('node:https');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/management/login`,
        {
          rejectUnauthorized: false,
          headers: { authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
    c.proc.kill('SIGINT');
    assert.equal(await exited(c.proc), 0);
    const env = { ...process.env };
    delete env.SYNAPSE_ADMIN_USER;
    delete env.SYNAPSE_ADMIN_PASSWORD;
    const nocreds = spawn(
      process.execPath,
      [CLI, 'run', join('test', 'fixtures', 'runtime', 'bare'), '--http-port', '0', '--management-port', '0'],
      { cwd: ROOT, stdio: 'ignore', env },
    );
    assert.equal(await exited(nocreds), 1);
  });

  it('prints log lines at or above --log-level (INFO by default, as MI): a DEBUG log mediator only with debug', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapse-loglevel-'));
    try {
      mkdirSync(join(dir, 'apis'));
      writeFileSync(
        join(dir, 'apis', 'Levels.xml'),
        `<api ${NS} name="Levels" context="/levels"><resource methods="GET"><inSequence>
           <log level="custom" category="DEBUG"><property name="seen" value="debug-line"/></log>
           <log level="custom"><property name="seen" value="info-line"/></log>
           <payloadFactory media-type="text"><format>ok</format><args/></payloadFactory><respond/>
         </inSequence></resource></api>`,
      );
      for (const [args, debugShown] of [
        [[], false],
        [['--log-level', 'debug'], true],
      ] as const) {
        const c = startCli([dir, '--http-port', '0', ...args]);
        const out = await c.ready;
        const url = /API Levels: (http:\/\/127\.0\.0\.1:\d+\/levels)/.exec(out)![1];
        assert.equal((await send(url)).text, 'ok');
        // the INFO line comes after the DEBUG one: once it is read, the DEBUG one would have been too
        await until('the INFO log line', () => c.out().includes('seen = info-line'));
        c.proc.kill('SIGTERM');
        await exited(c.proc);
        assert.match(c.out(), /INFO \{LogMediator\} .*seen = info-line/);
        assert.equal(/DEBUG \{LogMediator\} .*seen = debug-line/.test(c.out()), debugShown, c.out());
      }
      const bad = spawn(process.execPath, [CLI, 'run', dir, '--log-level', 'loud'], {
        cwd: ROOT,
        stdio: 'ignore',
      });

      assert.equal(await exited(bad), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the logging API of --management-port changes what synapse run prints (one logger table with --log-level)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapse-loglevel-api-'));
    try {
      mkdirSync(join(dir, 'apis'));
      writeFileSync(
        join(dir, 'apis', 'Chatty.xml'),
        `<api ${NS} name="Chatty" context="/chatty"><resource methods="GET"><inSequence>
           <log level="custom" category="DEBUG"><property name="said" value="debug-line"/></log>
           <log level="custom"><property name="said" value="info-line"/></log>
           <payloadFactory media-type="text"><format>ok</format><args/></payloadFactory><respond/>
         </inSequence></resource></api>`,
      );
      const c = startCli([dir, '--http-port', '0', '--management-port', '0'], {
        SYNAPSE_ADMIN_USER: 'admin',
        SYNAPSE_ADMIN_PASSWORD: 's3cret',
        SYNAPSE_CONFIG_DIR: dir,
      });
      const out = await c.ready;
      const url = /API Chatty: (http:\/\/127\.0\.0\.1:\d+\/chatty)/.exec(out)![1];
      const base = /management API (https:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
      const { request } = await import('node:https');
      const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
        new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = request(`${base}${path}`, { method, headers, rejectUnauthorized: false }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          });
          req.on('error', reject);
          req.end(body);
        });
      const said = async () => {
        const before = c.out().length;
        assert.equal((await send(url)).text, 'ok');
        // the INFO line comes after the DEBUG one: once it is read, the DEBUG one would have been too
        await until('the INFO log line', () => c.out().slice(before).includes('said = info-line'));
        return [
          ...c
            .out()
            .slice(before)
            .matchAll(/said = (\S+)/g),
        ].map((m) => m[1]);
      };
      // --log-level info (the default): the DEBUG line is not printed
      assert.deepEqual(await said(), ['info-line']);
      const login = await call('GET', '/management/login', {
        authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
      });
      assert.equal(login.status, 200, login.text);
      const token = String((JSON.parse(login.text) as { AccessToken: string }).AccessToken);
      const patch = await call(
        'PATCH',
        '/management/logging',
        { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        JSON.stringify({ loggerName: 'org-apache-synapse-mediators', loggingLevel: 'DEBUG' }),
      );
      assert.equal(patch.status, 200, patch.text);
      assert.deepEqual(await said(), ['debug-line', 'info-line']);
      c.proc.kill('SIGTERM');
      assert.equal(await exited(c.proc), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
