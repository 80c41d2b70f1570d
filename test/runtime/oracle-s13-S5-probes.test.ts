/**
 * Session 13, helper S5: MI's liveness and readiness probes (MI tests-other probes LivenessProbeTestCase,
 * ReadienssProbeTestCase; tests-patches HealthCheckTestCase; MI org.wso2.micro.integrator.probes LivenessResource /
 * ReadinessResource), served by `synapse run --internal-port` as MI serves them on its internal HTTP API port.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeAnswer, startProbeServer } from '../../runtime-debug/management/probes';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';
import { send } from './helpers';

describe('oracle s13 (S5): liveness and readiness probes', function () {
  this.timeout(30_000);

  it('liveness, readiness when every CApp deployed, 404 for another method or path, 200 for an OPTIONS (MI LivenessProbeTestCase, HealthCheckTestCase)', async () => {
    const p = await startProbeServer({ host: '127.0.0.1', port: 0, faulty: () => [] });
    try {
      const base = `http://127.0.0.1:${p.port}`;
      const live = await send(`${base}/liveness`, { headers: { Accept: 'application/json' } });
      assert.equal(live.status, 200);
      assert.equal(live.text, '{"server" : "started"}');
      assert.equal(live.headers.get('content-type'), 'application/json; charset=UTF-8');
      const ready = await send(`${base}/healthz`);
      assert.equal(ready.status, 200);
      assert.equal(ready.text, '{"version":"4.4.0", "update_level":"null", "status" : "ready"}');
      const post = await send(`${base}/liveness`, { body: '{}', type: 'application/json' });
      assert.equal(post.status, 404);
      assert.equal(post.text, '');
      assert.equal((await send(`${base}/livenessx`)).status, 404);
      assert.equal((await send(`${base}/liveness/more`)).status, 404);
      // an OPTIONS to the probe's context is answered at once (InternalAPIDispatcher.isOptions), under it too
      assert.equal((await send(`${base}/healthz`, { method: 'OPTIONS' })).status, 200);
      assert.equal((await send(`${base}/liveness/more`, { method: 'OPTIONS' })).status, 200);
      assert.equal((await send(`${base}/livenessx`, { method: 'OPTIONS' })).status, 404);
    } finally {
      await p.close();
    }
    assert.deepEqual(probeAnswer('GET', '/healthz/?x=1', { faulty: () => ['a_1.0.0.car', 'b_2.0.0.car'] }), {
      status: 500,
      body: '{"version":"4.4.0", "update_level":"null", "status": "not ready, faulty CAPPs detected", "Faulty CAPPs" : ["a_1.0.0.car","b_2.0.0.car"]}',
    });
  });

  it('synapse run --internal-port: a project with a load problem is a faulty CApp, readiness 500 (MI ReadienssProbeTestCase)', async function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: build first (npm test does)`);
    const c = startSynapseRun([
      join('test', 'fixtures', 'runtime', 'bare'),
      '--http-port',
      '0',
      '--internal-port',
      '0',
    ]);
    try {
      const out = await c.ready;
      const m = /probes (http:\/\/127\.0\.0\.1:\d+)\/liveness and \/healthz/.exec(out);
      assert.ok(m, out);
      assert.equal((await send(`${m[1]}/liveness`)).status, 200);
      const ready = await send(`${m[1]}/healthz`);
      assert.equal(ready.status, 500);
      assert.match(
        ready.text,
        /"status": "not ready, faulty CAPPs detected", "Faulty CAPPs" : \["[^"]+\.car"\]\}$/,
      );
    } finally {
      await stopProcess(c.proc);
    }
  });

  it('synapse run: a project without problems is a deployed CApp (logged as CappDeployer does) and ready (MI ReadienssProbeTestCase)', async function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: build first (npm test does)`);
    const dir = mkdtempSync(join(tmpdir(), 's5-probes-'));
    writeFileSync(
      join(dir, 'pom.xml'),
      '<project><artifactId>desk-service</artifactId><version>2.1.0</version></project>',
    );
    mkdirSync(join(dir, 'src/main/wso2mi/artifacts/apis'), { recursive: true });
    writeFileSync(
      join(dir, 'src/main/wso2mi/artifacts/apis/DeskApi.xml'),
      '<api xmlns="http://ws.apache.org/ns/synapse" name="DeskApi" context="/desk"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>',
    );
    const c = startSynapseRun([dir, '--http-port', '0', '--internal-port', '0']);
    try {
      const out = await c.ready;
      const deployed = out.indexOf(
        'INFO {CappDeployer} - Successfully Deployed Carbon Application : desk-service_2.1.0{super-tenant}',
      );
      assert.ok(deployed > 0, out);
      assert.ok(deployed < out.indexOf('Pass-through HTTP Listener started on'), out);
      const m = /probes (http:\/\/127\.0\.0\.1:\d+)\/liveness and \/healthz/.exec(out);
      assert.ok(m, out);
      const ready = await send(`${m[1]}/healthz`);
      assert.equal(ready.status, 200);
      assert.equal(ready.text, '{"version":"4.4.0", "update_level":"null", "status" : "ready"}');
    } finally {
      await stopProcess(c.proc);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
