/** Run Project (the runtime as a child process) and the troubleshooting report. */
import { strict as assert } from 'node:assert';
import { cpSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectRunner, type RunState } from '../../client/run/run-core';
import { redact, troubleshootingReport } from '../../client/trust/troubleshooting-core';
import { cliPath, ROOT, tempDir } from './serverHelpers';
import { closedPort } from '../deploy/helpers/servers';

describe('client: Run Project', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = join(tempDir('run'), 'hello wörld');
    cpSync(join(ROOT, 'examples', 'hello-world'), dir, { recursive: true });
  });
  after(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('starts the runtime, reports state and port, answers requests, restarts and stops', async () => {
    const port = await closedPort();
    const states: RunState['state'][] = [];
    const logs: string[] = [];
    const r = new ProjectRunner({
      cliPath: await cliPath(),
      dir,
      httpPort: port,
      onState: (s) => states.push(s.state),
      onLine: (l) => logs.push(l),
    });
    try {
      const s = await r.start();
      assert.equal(s.state, 'running');
      assert.equal(s.state === 'running' && s.port, port);
      assert.ok(
        logs.some((l) => /artifact\(s\) deployed/.test(l)),
        logs.join('\n'),
      );
      const api = readFileSync(join(dir, 'src/main/wso2mi/artifacts/apis/HelloAPI.xml'), 'utf8');
      const context = /context="([^"]+)"/.exec(api)![1];
      const res = await fetch(`http://127.0.0.1:${port}${context}`);
      assert.ok(res.status < 500, `HTTP ${res.status}`);
      await r.restart();
      assert.equal(r.current.state, 'running');
      await r.stop();
      assert.equal(r.current.state, 'stopped');
      await assert.rejects(fetch(`http://127.0.0.1:${port}${context}`));
      assert.deepEqual(states, ['starting', 'running', 'stopped', 'starting', 'running', 'stopped']);
    } finally {
      await r.stop();
    }
  });

  it('a port in use is a failed state with the runtime reason', async () => {
    const a = new ProjectRunner({ cliPath: await cliPath(), dir, httpPort: await closedPort() });
    const s = await a.start();
    const used = s.state === 'running' ? s.port : 0;
    const b = new ProjectRunner({ cliPath: await cliPath(), dir, httpPort: used });
    try {
      await assert.rejects(b.start(), /RUN_FAILED/);
      assert.equal(b.current.state, 'failed');
      assert.match((b.current as { message: string }).message, /exited/);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('the troubleshooting report carries no password or token', () => {
    const text = troubleshootingReport({
      extensionVersion: '0.1.0',
      vscodeVersion: '1.100.3',
      platform: 'linux x64',
      node: 'v20',
      trusted: false,
      settings: {
        'synapse.servers': [{ name: 'x', url: 'https://u:hunter2@h:9164', user: 'u', password: 'hunter2' }],
        'synapse.trace.server': 'off',
      },
      servers: [{ name: 'dev', url: 'https://h:9164', user: 'admin', fingerprint: 'AB:CD' }],
      logTail: ['Authorization: Bearer abc.def.ghi', 'SYNAPSE_ADMIN_PASSWORD=hunter2 started'],
    });
    assert.ok(!text.includes('hunter2'), text);
    assert.ok(!text.includes('abc.def.ghi'));
    assert.match(text, /Restricted Mode/);
    assert.match(text, /pinned SHA-256 AB:CD/);
    assert.deepEqual(redact({ a: { apiKey: 'k', b: 1 } }), { a: { apiKey: '<redacted>', b: 1 } });
  });
});
