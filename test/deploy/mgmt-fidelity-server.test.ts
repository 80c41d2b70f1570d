/**
 * /management/server of `synapse serve` against MI's MetaDataResource (MetaDataResourceTestCase): the server
 * information keys, and PATCH {"status"} with MI's answers; shutdown and shutdownGracefully stop the server
 * (restart is refused: serve cannot restart itself).
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
        const refusals: [unknown, string][] = [
          [{}, 'Invalid payload structure received.'],
          [{ status: 'nap' }, 'Invalid server status received.'],
          [{ status: 'restart' }, 'restart is not supported by synapse serve; stop and start it'],
        ];
        for (const [body, error] of refusals) {
          const r = await m.send('PATCH', 'server', body);
          assert.equal(r.status, 400, JSON.stringify(body));
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
          new Promise((_, rej) => setTimeout(() => rej(new Error('no shutdown within 5 s')), 5000)),
        ]);
      } finally {
        await s.close();
      }
    });
  }
});
