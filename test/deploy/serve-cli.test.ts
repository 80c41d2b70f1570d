import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { runCli, startServeProcess, type ServeProcess } from './helpers/cli';
import { createServer } from 'node:net';
import { closedPort, listen, tempDir } from './helpers/servers';

const ORDERS = join(__dirname, '..', 'fixtures', 'deploy', 'orders-project');
const ADMIN = { SYNAPSE_ADMIN_USER: 'ci-admin', SYNAPSE_ADMIN_PASSWORD: 'änother-S3cret' };
const CLIENT = {
  SYNAPSE_USER: 'ci-admin',
  SYNAPSE_PASSWORD: 'änother-S3cret',
  SYNAPSE_SERVER_FINGERPRINT: undefined,
};

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('synapse serve / deploy / artifacts / undeploy as processes', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  let s: ServeProcess;
  let env: Record<string, string | undefined>;

  before(async () => {
    tmp = tempDir('serve-cli-');
    env = { SYNAPSE_CONFIG_DIR: tmp.dir, ...CLIENT };
    s = await startServeProcess({ SYNAPSE_CONFIG_DIR: tmp.dir, ...ADMIN });
  });
  after(async () => {
    await s?.stop();
    tmp.cleanup();
  });

  it('refuses to start without admin credentials', async () => {
    const r = await runCli(['serve', '--http-port', '0', '--management-port', '0'], {
      SYNAPSE_CONFIG_DIR: tmp.dir,
      SYNAPSE_ADMIN_USER: undefined,
      SYNAPSE_ADMIN_PASSWORD: undefined,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SYNAPSE_ADMIN_USER and SYNAPSE_ADMIN_PASSWORD.*SERVE_NO_CREDENTIALS/);
  });

  it('a port in use is a clear error (exit 1)', async () => {
    const blocker = createServer();
    const port = await listen(blocker);
    try {
      const r = await runCli(['serve', '--http-port', '0', '--management-port', String(port)], {
        SYNAPSE_CONFIG_DIR: tmp.dir,
        ...ADMIN,
      });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(
          `127\\.0\\.0\\.1:${port} is already in use; choose another --management-port \\[SERVE_PORT_IN_USE\\]`,
        ),
      );
    } finally {
      blocker.close();
    }
  });

  it('prints its certificate fingerprint; an unpinned deploy is refused with that fingerprint', async () => {
    assert.match(s.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const r = await runCli(['deploy', ORDERS, '--server', s.serverUrl], env);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(s.fingerprint), r.stderr);
    assert.match(r.stderr, /CERT_UNTRUSTED/);
  });

  it('deploys a project folder (packaged first), lists every kind, serves the API on the HTTP port', async () => {
    const r = await runCli(['deploy', ORDERS, '--server', s.serverUrl, '--fingerprint', s.fingerprint], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /packaged orders-project_2\.1\.0\.car \(12 artifacts/);
    assert.match(
      r.stdout,
      /deployed orders-project_2\.1\.0\.car \(Successfully added Carbon Application orders-project_2\.1\.0\.car\)/,
    );

    const all = await runCli(['artifacts', '--server', s.serverUrl, '--format', 'json'], {
      ...env,
      SYNAPSE_SERVER_FINGERPRINT: s.fingerprint,
    });
    assert.equal(all.code, 0, all.stderr);
    const j = JSON.parse(all.stdout);
    const names = (k: string) => j[k].map((x: { name: string }) => x.name);
    assert.deepEqual(names('applications'), ['orders-project']);
    assert.deepEqual(names('apis'), ['OrdersAPI']);
    assert.deepEqual(names('proxy-services'), ['StockProxy']);
    assert.deepEqual(names('sequences'), ['AuditSeq', 'fault', 'main']); // MI's default fault and main
    assert.deepEqual(names('endpoints'), ['WarehouseEP']);
    assert.deepEqual(names('inbound-endpoints'), ['OrdersFileInbound']);
    assert.deepEqual(names('tasks'), ['NightlyTask']);
    assert.deepEqual(names('message-stores'), ['OrdersStore']);
    assert.deepEqual(names('message-processors'), ['OrdersForwarder']);
    assert.deepEqual(names('local-entries'), ['Region']);
    assert.deepEqual(names('templates'), ['NotifyTemplate']);
    assert.deepEqual(j.connectors, []);

    const text = await runCli(
      ['artifacts', '--server', s.serverUrl, '--kind', 'apis', '--fingerprint', s.fingerprint],
      env,
    );
    assert.equal(text.code, 0);
    assert.equal(text.stdout, `apis\tOrdersAPI\turl=http://127.0.0.1:${s.httpPort}/orders\n`);

    const res = await httpGet(s.httpPort, '/orders/ping');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { status: 'orders-ok' });
  });

  it('reports per server and exits 1 when one of several servers fails', async () => {
    const dead = `https://127.0.0.1:${await closedPort()}`;
    const r = await runCli(
      ['deploy', ORDERS, '--server', s.serverUrl, '--server', dead, '--fingerprint', s.fingerprint],
      env,
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`${s.serverUrl}: deployed orders-project_2\\.1\\.0\\.car`));
    assert.match(r.stderr, new RegExp(`${dead}: FAILED .*UNREACHABLE`));
    assert.match(r.stdout, /1 of 2 servers deployed/);
  });

  it('wrong password: exit 1 with AUTH_FAILED; no password and no terminal: exit 2', async () => {
    const r = await runCli(['artifacts', '--server', s.serverUrl, '--fingerprint', s.fingerprint], {
      ...env,
      SYNAPSE_PASSWORD: 'wrong',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /AUTH_FAILED/);
    const r2 = await runCli(['artifacts', '--server', s.serverUrl, '--fingerprint', s.fingerprint], {
      ...env,
      SYNAPSE_PASSWORD: undefined,
    });
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /SYNAPSE_PASSWORD/);
  });

  it('undeploys by application name; the API is gone from the list and the HTTP port', async () => {
    const r = await runCli(
      ['undeploy', 'orders-project', '--server', s.serverUrl, '--fingerprint', s.fingerprint],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /undeployed orders-project_2\.1\.0/);
    const all = await runCli(
      ['artifacts', '--server', s.serverUrl, '--format', 'json', '--fingerprint', s.fingerprint],
      env,
    );
    const j = JSON.parse(all.stdout);
    // all gone but MI's default fault and main sequences, which belong to no application
    for (const k of Object.keys(j))
      assert.deepEqual(
        j[k].map((x: { name: string }) => x.name),
        k === 'sequences' ? ['fault', 'main'] : [],
        k,
      );
    assert.equal((await httpGet(s.httpPort, '/orders/ping')).status, 404);
    const again = await runCli(
      ['undeploy', 'orders-project', '--server', s.serverUrl, '--fingerprint', s.fingerprint],
      env,
    );
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no Carbon application named 'orders-project'/);
  });

  it('keeps its certificate across restarts, makes a new one when it is gone; the old pin then fails as CERT_CHANGED', async () => {
    const old = s.fingerprint;
    assert.equal(await s.stop(), 0); // SIGTERM: a clean stop
    assert.match(s.output(), /synapse serve: stopped/);
    s = await startServeProcess({ SYNAPSE_CONFIG_DIR: tmp.dir, ...ADMIN });
    assert.equal(s.fingerprint, old);
    await s.stop();
    rmSync(join(tmp.dir, 'serve-cert.pem'));
    s = await startServeProcess({ SYNAPSE_CONFIG_DIR: tmp.dir, ...ADMIN });
    assert.notEqual(s.fingerprint, old);
    const r = await runCli(['artifacts', '--server', s.serverUrl, '--fingerprint', old], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /CERT_CHANGED/);
    assert.ok(r.stderr.includes(s.fingerprint));
  });

  it('--https-port also serves the deployed artifacts over TLS with its certificate', async () => {
    const t2 = tempDir('serve-https-');
    const s2 = await startServeProcess({ SYNAPSE_CONFIG_DIR: t2.dir, ...ADMIN }, ['--https-port', '0']);
    try {
      const m = /synapse serve: HTTPS https:\/\/127\.0\.0\.1:(\d+)/.exec(s2.output());
      assert.ok(m, s2.output());
      // nothing deployed: MI's main sequence answers 404, over TLS, presenting the management API's certificate
      const { status, fingerprint } = await new Promise<{ status: number; fingerprint: string }>(
        (resolve, reject) => {
          httpsRequest(
            { host: '127.0.0.1', port: Number(m[1]), path: '/nothing', rejectUnauthorized: false },
            (res) => {
              const fp = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode!, fingerprint: fp }));
            },
          )
            .on('error', reject)
            .end();
        },
      );
      assert.equal(status, 404);
      assert.equal(fingerprint, s2.fingerprint);
    } finally {
      await s2.stop();
      t2.cleanup();
    }
  });

  it('bad usage exits 2', async () => {
    assert.equal((await runCli(['deploy', ORDERS], env)).code, 2);
    assert.equal((await runCli(['deploy', ORDERS, '--server', 'ftp://x'], env)).code, 2);
    assert.equal((await runCli(['artifacts', '--server', s.serverUrl, '--kind', 'widgets'], env)).code, 2);
    assert.equal(
      (await runCli(['deploy', ORDERS, '--server', s.serverUrl, '--fingerprint', 'abc'], env)).code,
      2,
    );
  });
});
