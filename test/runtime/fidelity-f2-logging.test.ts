import { strict as assert } from 'node:assert';
import { request } from 'node:https';
import type { LogRecord } from '../../runtime-debug/engine';
import { startServe, type RunningServe } from '../../runtime-debug/management';
import { EngineHost, ServeRuntime } from '../../runtime-debug/management/engineHost';
import { api, send } from './helpers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN = { user: 'ops', password: 'levels-Ä1' };

/** One call to the management API over HTTPS (the self-signed certificate of this test's server). */
function mgmt(
  s: RunningServe,
  method: string,
  path: string,
  opts: { token?: string; basic?: boolean; body?: unknown } = {},
): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.basic)
      headers.authorization = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const data = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    if (data) headers['content-type'] = 'application/json';
    const req = request(
      { host: '127.0.0.1', port: s.managementPort, method, path, headers, rejectUnauthorized: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const json = /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text || '{}') : {};
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('runtime fidelity (F2): the logging API changes what the runtime prints', function () {
  this.timeout(20000);
  let rt: ServeRuntime;
  let s: RunningServe;
  let dir: string;
  let token: string;
  const logs: LogRecord[] = [];
  let base: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'synapse-f2-logging-'));
    rt = new ServeRuntime({ httpPort: 0 });
    rt.on('log', (r: LogRecord) => logs.push(r));
    const res = rt.deploy([
      {
        name: 'LevelsApi.xml',
        text: api(
          'LevelsApi',
          '/levels',
          `<log category="INFO"><property name="said" value="info-line"/></log>
           <log category="DEBUG"><property name="said" value="debug-line"/></log>
           <log category="WARN"><property name="said" value="warn-line"/></log>
           <respond/>`,
        ),
      },
    ]);
    assert.deepEqual(res.problems, []);
    const { port } = await rt.start();
    base = `http://127.0.0.1:${port}`;
    s = await startServe({
      host: '127.0.0.1',
      httpPort: 0,
      managementPort: 0,
      credentials: ADMIN,
      configDir: dir,
      runtime: async () => ({ host: new EngineHost(rt), port, close: () => rt.stop(1000) }),
    });
    const login = await mgmt(s, 'GET', '/management/login', { basic: true });
    assert.equal(login.status, 200);
    token = String(login.json.AccessToken);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function said(): Promise<string[]> {
    logs.length = 0;
    assert.equal((await send(`${base}/levels`)).status, 200);
    return logs
      .filter((l) => l.category === 'LogMediator')
      .map((l) => /said = (\S+)/.exec(l.message)?.[1] ?? '?');
  }

  it('lists MI loggers at INFO; PATCH changes the level that applies to the log mediator, at once', async () => {
    const one = await mgmt(s, 'GET', '/management/logging?loggerName=org-apache-synapse', { token });
    assert.deepEqual(one.json, {
      loggerName: 'org-apache-synapse',
      componentName: 'org.apache.synapse',
      level: 'INFO',
    });
    // not configured yet: every line is emitted (the embedder's own threshold decides)
    assert.deepEqual(await said(), ['info-line', 'debug-line', 'warn-line']);

    let r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: { loggerName: 'org-apache-synapse-mediators', loggingLevel: 'WARN' },
    });
    assert.equal(r.status, 200);
    // LoggingResource.updateLoggerData answers getSuccessMsg("", name, level) for an update too
    assert.equal(
      r.json.message,
      "Successfully added logger for ('org-apache-synapse-mediators') with level WARN",
    );
    assert.deepEqual(await said(), ['warn-line']);

    r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: { loggerName: 'org-apache-synapse-mediators', loggingLevel: 'debug' },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await said(), ['info-line', 'debug-line', 'warn-line']);
    const got = await mgmt(s, 'GET', '/management/logging?loggerName=org-apache-synapse-mediators', {
      token,
    });
    // (read back as written: LoggingResource puts the given text into log4j2.properties and reads it from there)
    assert.equal(got.json.level, 'debug');
    // the printed lines are in the server log file, as MI's wso2carbon.log has them
    const file = await mgmt(s, 'GET', '/management/logs?file=wso2carbon.log', { token });
    assert.equal(file.status, 200);
    assert.match(file.text, /DEBUG \{LogMediator\} - \{api:LevelsApi\} .*said = debug-line/);
  });

  it('a new logger for the LogMediator class wins over its packages; OFF silences it; bad levels are refused', async () => {
    let r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: {
        loggerName: 'log-mediator',
        loggerClass: 'org.apache.synapse.mediators.builtin.LogMediator',
        loggingLevel: 'OFF',
      },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await said(), []);
    const list = await mgmt(s, 'GET', '/management/logging', { token });
    assert.ok(
      (list.json.list as { loggerName: string; level: string }[]).some(
        (l) => l.loggerName === 'log-mediator' && l.level === 'OFF',
      ),
    );
    r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: { loggerName: 'log-mediator', loggingLevel: 'ERROR' },
    });
    assert.deepEqual(await said(), []);
    r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: { loggerName: 'log-mediator', loggingLevel: 'LOUD' },
    });
    assert.equal(r.status, 400);
    r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: { loggerName: 'log-mediator', loggingLevel: 'INFO' },
    });
    assert.deepEqual(await said(), ['info-line', 'warn-line']);
    // the root logger applies to categories no named logger covers
    r = await mgmt(s, 'PATCH', '/management/logging', {
      token,
      body: { loggerName: 'rootLogger', loggingLevel: 'OFF' },
    });
    assert.equal(r.status, 200);
    logs.length = 0;
    rt.executor.log('ERROR', 'org.example.Custom', undefined, 'outside synapse');
    rt.executor.log('ERROR', 'PassThroughHttpListener', undefined, 'inside synapse');
    assert.deepEqual(
      logs.map((l) => l.message),
      ['inside synapse'],
    );
  });
});
