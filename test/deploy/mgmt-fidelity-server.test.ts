/**
 * /management/server of `synapse serve` against MI's MetaDataResource (MetaDataResourceTestCase): the server
 * information keys, and PATCH {"status"} with MI's answers; shutdown and shutdownGracefully stop the server
 * (restart: oracle-s12-management.test.ts).
 */
import { strict as assert } from 'node:assert';
import { startServe, type RunningServe } from '../../runtime-debug/management';
import { MgmtCaller } from './mgmt-fidelity-helpers';
import { ADMIN, tempDir } from './helpers/servers';

async function started(dir: string, onShutdown: () => void): Promise<RunningServe> {
  return startServe({
    host: '127.0.0.1',
    httpPort: 0,
    managementPort: 0,
    credentials: ADMIN,
    configDir: dir,
    onShutdown,
  });
}

describe('management API fidelity: server (MetaDataResource)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir('mgmt-fid-srv-');
  });
  after(() => tmp?.cleanup());

  for (const status of ['shutdown', 'shutdownGracefully'] as const) {
    it(`answers PATCH refusals with MI's messages, then ${status} shuts the server down`, async () => {
      let stop!: () => void;
      const stopped = new Promise<void>((r) => (stop = r));
      const s = await started(tmp.dir, stop);
      try {
        const m = new MgmtCaller(s);
        await m.login();
        const info = await m.get('server');
        assert.equal(info.status, 200);
        for (const k of [
          'productName',
          'productVersion',
          'carbonHome',
          'javaHome',
          'javaVersion',
          'osName',
          'osVersion',
        ])
          assert.ok(k in info.json, k);
        // MetaDataResource answers a bad payload with an error object and no status code (200)
        const refusals: [unknown, number, string][] = [
          [{}, 200, 'Invalid payload structure received.'],
          [{ status: 'nap' }, 200, 'Invalid server status received.'],
        ];
        for (const [body, code, error] of refusals) {
          const r = await m.send('PATCH', 'server', body);
          assert.equal(r.status, code, JSON.stringify(body));
          assert.deepEqual(r.json, { Error: error });
        }
        const r = await m.send('PATCH', 'server', { status });
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, {
          Message:
            status === 'shutdown'
              ? 'The server will start to shutdown.'
              : 'The server will start to shutdown gracefully.',
        });
        await Promise.race([
          stopped,
          new Promise((_, rej) => setTimeout(() => rej(new Error('no shutdown within 10 s')), 10_000)),
        ]);
      } finally {
        await s.close();
      }
    });
  }
});

describe('management API fidelity: root, users and roles (RootResource, Users/Roles resources)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;
  let token: Promise<string>;
  before(async () => {
    tmp = tempDir('mgmt-fid-users-');
    s = await started(tmp.dir, () => undefined);
    m = new MgmtCaller(s);
    token = m.login();
    await token;
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  it('answers the base path as MI does: the release it follows, and the API active', async () => {
    const r = await m.get('');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { 'WSO2 Micro Integrator': '4.4.0', ManagementApi: 'Active' });
  });

  it("refuses user and role management as MI does with a file-based user store (403 and MI's message)", async () => {
    const error =
      'User management is not supported with the file-based user store. Please plug in a user store for the correct functionality';
    const calls: [string, string, unknown][] = [
      ['GET', 'users', undefined],
      ['POST', 'users', { userId: 'fern', password: 'leaf-2026', isAdmin: false }],
      ['GET', 'users/admin', undefined],
      ['DELETE', 'users/fern', undefined],
      ['GET', 'roles', undefined],
      ['GET', 'roles/admin', undefined],
    ];
    for (const [method, path, body] of calls) {
      const r =
        body === undefined
          ? await m.raw(method, `/management/${path}`, { Authorization: `Bearer ${await token}` })
          : await m.send(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.deepEqual(r.json, { Error: error }, `${method} ${path}`);
    }
  });

  it('asks for a token before it says anything about users', async () => {
    const r = await m.raw('GET', '/management/users', {});
    assert.equal(r.status, 401);
  });
});
