/** Deploy flow (build in-process, upload, verify) and its failure paths, against real `synapse serve` processes. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ManagementClient } from '../../core/management';
import {
  buildProjectCar,
  deployTo,
  deployToAll,
  projectErrors,
  summarize,
  type BuiltCar,
} from '../../client/deploy/deploy-core';
import { ROOT, startServe } from './serverHelpers';
import { closedPort } from '../deploy/helpers/servers';
import { rawZip } from '../deploy/helpers/rawzip';

const ORDERS = join(ROOT, 'test', 'fixtures', 'deploy', 'orders-project');
const HELLO = join(ROOT, 'examples', 'hello-world');

describe('client: Deploy to Server', function () {
  this.timeout(60_000);
  let s: Awaited<ReturnType<typeof startServe>>;
  let other: Awaited<ReturnType<typeof startServe>>;
  const clients: ManagementClient[] = [];
  const client = (o: Partial<ConstructorParameters<typeof ManagementClient>[0]> = {}, srv = s) => {
    const c = new ManagementClient({
      url: srv.url,
      user: srv.user,
      password: srv.password,
      fingerprint: srv.fingerprint,
      ...o,
    });
    clients.push(c);
    return c;
  };
  let car: BuiltCar;
  before(async () => {
    [s, other] = await Promise.all([startServe('deploy'), startServe('deploy-2')]);
    car = await buildProjectCar(ORDERS);
  });
  after(async () => {
    for (const c of clients) c.close();
    await Promise.all([s?.dispose(), other?.dispose()]);
  });
  const listed = async (c: ManagementClient) =>
    (await c.applications()).activeList.map((a) => `${a.name}_${a.version}`);

  it('builds the CAR in-process and deploys it, reporting progress and the artifacts', async () => {
    assert.match(car.fileName, /\.car$/);
    const progress: number[] = [];
    const out = await deployTo(client(), 'dev', car, { onProgress: (p) => progress.push(p.sent / p.total) });
    assert.equal(out.status, 'deployed', out.message);
    assert.ok(progress.length > 0 && progress[progress.length - 1] === 1, 'progress reached 100%');
    assert.ok((out.artifacts?.length ?? 0) >= 10, `artifacts: ${JSON.stringify(out.artifacts)}`);
    assert.ok((await listed(client())).includes(car.appName));
    await client().undeploy(car.appName);
  });

  it('a wrong password fails before the upload and leaves nothing deployed', async () => {
    const out = await deployTo(client({ password: 'wrong' }), 'dev', car);
    assert.equal(out.status, 'failed');
    assert.equal(out.code, 'AUTH_FAILED');
    assert.equal(out.action, 'editServer');
    assert.ok(!(await listed(client())).includes(car.appName));
  });

  it('a changed certificate is refused with the new fingerprint for the trust prompt', async () => {
    const out = await deployTo(client({ fingerprint: other.fingerprint }), 'dev', car);
    assert.equal(out.code, 'CERT_CHANGED');
    assert.equal(out.action, 'trustCertificate');
    assert.equal(out.fingerprint, s.fingerprint);
    assert.ok(!(await listed(client())).includes(car.appName));
  });

  it('an unreachable server says so and suggests retrying', async () => {
    const port = await closedPort();
    const out = await deployTo(client({ url: `https://127.0.0.1:${port}` }), 'gone', car);
    assert.equal(out.code, 'UNREACHABLE');
    assert.equal(out.action, 'retry');
    assert.match(out.message, /Is it running, and is the URL right\?/);
  });

  it('a CAR the server rejects is reported with the server reason and nothing is left deployed', async () => {
    const bad: BuiltCar = { ...car, bytes: Buffer.from('this is not a zip archive') };
    const out = await deployTo(client(), 'dev', bad);
    assert.equal(out.status, 'failed');
    assert.equal(out.code, 'SERVER_REJECTED');
    assert.match(out.message, /rejected .*\.car/);
    assert.ok(!(await listed(client())).includes(car.appName));
  });

  it('a CAR the server keeps as faulty is removed again, with the reason from the server log', async () => {
    const broken: BuiltCar = {
      ...car,
      fileName: 'Broken_1.0.0.car',
      appName: 'Broken_1.0.0',
      bytes: rawZip([
        {
          name: 'artifacts.xml',
          data: '<artifacts><artifact name="Broken" version="1.0.0" type="carbon/application"><dependency artifact="LameAPI" version="1.0.0"/></artifact></artifacts>',
        },
        {
          name: 'LameAPI_1.0.0/artifact.xml',
          data: '<artifact name="LameAPI" version="1.0.0" type="synapse/api"><file>LameAPI-1.0.0.xml</file></artifact>',
        },
        {
          name: 'LameAPI_1.0.0/LameAPI-1.0.0.xml',
          data: '<api xmlns="http://ws.apache.org/ns/synapse" name="LameAPI" context="/lame">\n<resource>\n</api>',
        },
      ]),
    };
    const out = await deployTo(client(), 'dev', broken);
    assert.equal(out.status, 'failed');
    assert.equal(out.code, 'DEPLOY_FAULTY');
    assert.match(
      out.message,
      /listed as faulty\) and it was removed again; the server's log says: .*LameAPI-1\.0\.0\.xml:2.*CAR_BAD_ARTIFACT/,
    );
    const apps = await client().applications();
    assert.ok(!apps.faultyList.some((a) => a.name === 'Broken'), JSON.stringify(apps));
    assert.ok(!apps.activeList.some((a) => a.name === 'Broken'));
  });

  it('cancelling leaves the server without the application', async () => {
    const ac = new AbortController();
    const out = await deployTo(client(), 'dev', car, {
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    assert.equal(out.status, 'cancelled', out.message);
    assert.match(out.message, /nothing was left deployed/);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!(await listed(client())).includes(car.appName));
  });

  it('deploys to several servers and reports per server', async () => {
    const hello = await buildProjectCar(HELLO);
    const outs = await deployToAll(
      [
        { name: 'one', client: client() },
        { name: 'two', client: client({}, other) },
        { name: 'bad', client: client({ password: 'nope' }, other) },
      ],
      hello,
    );
    assert.deepEqual(
      outs.map((o) => o.status),
      ['deployed', 'deployed', 'failed'],
    );
    assert.match(summarize(outs), /Deployed to 2 of 3 servers/);
    await client().undeploy(hello.appName);
    await client({}, other).undeploy(hello.appName);
  });

  it('finds the errors that block a deploy, with file, line and code', () => {
    const errs = projectErrors(join(ROOT, 'test', 'fixtures', 'validate', 'broken-project'));
    assert.ok(errs.length > 0);
    for (const e of errs) {
      assert.ok(e.file && e.line > 0 && /\S/.test(e.code), JSON.stringify(e));
    }
    assert.deepEqual(projectErrors(HELLO), []);
  });
});
