import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import { ManagementClient } from '../../core/management';
import type { RunningServe } from '../../runtime-debug/management';
import { rawZip } from './helpers/rawzip';
import { adminClient, serve, tempDir } from './helpers/servers';

const ORDERS = join(__dirname, '..', 'fixtures', 'deploy', 'orders-project');

describe('synapse serve with the embedded engine', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let c: ManagementClient;
  const call = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${s.httpPort}${path}`, init);

  before(async () => {
    tmp = tempDir('engine-');
    s = await serve(tmp.dir, { engine: true });
    c = adminClient(s);
  });
  after(async () => {
    c.close();
    await s.close();
    tmp.cleanup();
  });

  it('serves an uploaded API on the HTTP port and stops serving it once undeployed', async () => {
    assert.equal((await call('/orders/ping')).status, 404);
    await c.upload('orders-project_2.1.0.car', await buildCar(loadProject(ORDERS)));
    const r = await call('/orders/ping');
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: 'orders-ok' });
    await c.undeploy('orders-project_2.1.0');
    assert.equal((await call('/orders/ping')).status, 404);
  });

  it('deactivating a proxy service through the management API takes it off the HTTP port', async () => {
    await c.upload('orders-project_2.1.0.car', await buildCar(loadProject(ORDERS)));
    const post = () =>
      call('/services/StockProxy', {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: '<ping/>',
      });
    assert.notEqual((await post()).status, 404);
    await c.setActive('proxy-services', 'StockProxy', false);
    assert.equal((await post()).status, 404);
    await c.setActive('proxy-services', 'StockProxy', true);
    assert.notEqual((await post()).status, 404);
    await c.undeploy('orders-project_2.1.0');
  });

  it("answers gov: registry keys from the CAR's registry resources (JSON schema for validate)", async () => {
    await c.upload(
      'schema-project_1.0.0.car',
      await buildCar(loadProject(join(ORDERS, '..', 'schema-project'))),
    );
    const send = (body: unknown) =>
      call('/intake/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await send({ id: 'A-1', quantity: 2 });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { accepted: true });
    const bad = await send({ id: 'A-2', quantity: 0 });
    assert.equal(bad.status, 422);
    assert.deepEqual(await bad.json(), { accepted: false });
    await c.undeploy('schema-project_1.0.0');
  });

  it('a CAR the engine refuses (unknown mediator) is kept as faulty with none of its artifacts deployed', async () => {
    const car = rawZip([
      {
        name: 'artifacts.xml',
        data: '<artifacts><artifact name="Mixed" version="1.0.0" type="carbon/application"><dependency artifact="GoodAPI" version="1.0.0"/><dependency artifact="OddSeq" version="1.0.0"/></artifact></artifacts>',
      },
      {
        name: 'GoodAPI_1.0.0/artifact.xml',
        data: '<artifact name="GoodAPI" version="1.0.0" type="synapse/api"><file>GoodAPI-1.0.0.xml</file></artifact>',
      },
      {
        name: 'GoodAPI_1.0.0/GoodAPI-1.0.0.xml',
        data: '<api xmlns="http://ws.apache.org/ns/synapse" name="GoodAPI" context="/good"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>',
      },
      {
        name: 'OddSeq_1.0.0/artifact.xml',
        data: '<artifact name="OddSeq" version="1.0.0" type="synapse/sequence"><file>OddSeq-1.0.0.xml</file></artifact>',
      },
      {
        name: 'OddSeq_1.0.0/OddSeq-1.0.0.xml',
        data: '<sequence xmlns="http://ws.apache.org/ns/synapse" name="OddSeq"><noSuchMediator/></sequence>',
      },
    ]);
    // MI's answer to the upload: the file is in place; the deployment then fails (CappDeployer)
    assert.equal(
      await c.upload('Mixed_1.0.0.car', car),
      'Successfully added Carbon Application Mixed_1.0.0.car',
    );
    assert.equal((await call('/good')).status, 404);
    const apps = await c.applications();
    assert.deepEqual([apps.totalCount, apps.activeCount, apps.faultyCount], [1, 0, 1]);
    assert.deepEqual(apps.faultyList, [
      {
        name: 'Mixed',
        version: '1.0.0',
        artifacts: [
          { name: 'GoodAPI', type: 'api' },
          { name: 'OddSeq', type: 'sequence' },
        ],
      },
    ]);
    // the log names the file, the line and the code of what failed
    assert.match(
      await c.logFile('wso2carbon.log'),
      /Error occurred while deploying the Carbon application: Mixed_1\.0\.0\.car\. .*\n.*OddSeq-1\.0\.0\.xml:1:\d+ \S+ .*noSuchMediator/i,
    );
    await c.undeploy('Mixed_1.0.0');
    assert.equal((await c.applications()).totalCount, 0);
    assert.equal((await c.list('apis')).count, 0);
  });
});
