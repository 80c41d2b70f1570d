/** The server explorer's model (kinds, artifacts, states, actions, configuration, logs, back-off) on a real `synapse serve`. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ManagementClient } from '../../core/management';
import { buildProjectCar, deployTo } from '../../client/deploy/deploy-core';
import {
  artifactNode,
  Backoff,
  deployedConfiguration,
  KINDS,
  loadKind,
  loadServer,
  LogTail,
  stateIcon,
} from '../../client/explorer/tree-core';
import { ROOT, startServe } from './serverHelpers';

const ORDERS = join(ROOT, 'test', 'fixtures', 'deploy', 'orders-project');

describe('client: server explorer model', function () {
  this.timeout(60_000);
  let s: Awaited<ReturnType<typeof startServe>>;
  let c: ManagementClient;
  let appName: string;
  before(async () => {
    s = await startServe('explorer');
    c = new ManagementClient({ url: s.url, user: s.user, password: s.password, fingerprint: s.fingerprint });
    const car = await buildProjectCar(ORDERS);
    appName = car.appName;
    const out = await deployTo(c, 'dev', car);
    assert.equal(out.status, 'deployed', out.message);
  });
  after(async () => {
    c?.close();
    await s?.dispose();
  });

  it('lists every artifact kind of the deployed project with its artifacts', async () => {
    const logins = () => s.log.filter((l) => /login of/.test(l)).length;
    const before = logins();
    const groups = await loadServer(c);
    await loadServer(c);
    assert.equal(logins(), before, 'a logged-in client is reused: no login per refresh');
    assert.deepEqual(
      groups.map((g) => g.kind),
      KINDS.map((k) => k.kind),
    );
    const names = (kind: string) => groups.find((g) => g.kind === kind)!.items.map((i) => i.name);
    assert.deepEqual(names('apis'), ['OrdersAPI']);
    assert.deepEqual(names('proxy-services'), ['StockProxy']);
    assert.deepEqual(names('endpoints'), ['WarehouseEP']);
    assert.deepEqual(names('inbound-endpoints'), ['OrdersFileInbound']);
    assert.deepEqual(names('tasks'), ['NightlyTask']);
    assert.deepEqual(names('message-stores'), ['OrdersStore']);
    assert.deepEqual(names('message-processors'), ['OrdersForwarder']);
    assert.deepEqual(names('local-entries'), ['Region']);
    assert.deepEqual(names('templates'), ['NotifyTemplate']);
    assert.ok(names('sequences').includes('AuditSeq'));
    assert.deepEqual(names('applications').length, 1);
    const api = groups.find((g) => g.kind === 'apis')!.items[0];
    assert.match(api.url ?? '', /^https?:\/\/127\.0\.0\.1:\d+\//);
    assert.match(api.contextValue, /;canCopyUrl;/);
    const app = groups.find((g) => g.kind === 'applications')!.items[0];
    assert.match(app.contextValue, /;canUndeploy;/);
    assert.match(app.tooltip, /artifact\(s\)/);
  });

  it('deactivating a proxy changes its state, icon and offered action', async () => {
    const info = KINDS.find((k) => k.kind === 'proxy-services')!;
    let proxy = (await loadKind(c, info)).items[0];
    assert.equal(proxy.state, 'active');
    assert.match(proxy.contextValue, /;canDeactivate;/);
    assert.doesNotMatch(proxy.contextValue, /;canActivate;/);
    await c.setActive('proxy-services', proxy.name, false);
    proxy = (await loadKind(c, info)).items[0];
    assert.equal(proxy.state, 'inactive');
    assert.equal(proxy.description, 'inactive');
    assert.match(proxy.contextValue, /;canActivate;/);
    assert.equal(stateIcon(proxy, info.icon).icon, 'circle-slash');
    await c.setActive('proxy-services', proxy.name, true);
    assert.equal((await loadKind(c, info)).items[0].state, 'active');
  });

  it('tracing on and off is offered where the API has it', async () => {
    const info = KINDS.find((k) => k.kind === 'sequences')!;
    await c.setTracing('sequences', 'AuditSeq', true);
    const seq = (await loadKind(c, info)).items.find((i) => i.name === 'AuditSeq')!;
    assert.equal(seq.tracing, 'enabled');
    assert.match(seq.contextValue, /;canTraceOff;/);
    assert.doesNotMatch(seq.contextValue, /;canTraceOn;/);
    const store = (
      await loadKind(
        c,
        KINDS.find((k) => k.kind === 'message-stores')!,
      )
    ).items[0];
    assert.doesNotMatch(store.contextValue, /canTrace|canActivate/);
  });

  it('serves the deployed configuration of an artifact', async () => {
    const xml = await deployedConfiguration(c, 'apis', 'OrdersAPI');
    assert.match(xml, /<api\b[^>]*name="OrdersAPI"/);
    const seq = await deployedConfiguration(c, 'sequences', 'AuditSeq');
    assert.match(seq, /<sequence\b/);
  });

  it('follows the server log: only new lines on each poll', async () => {
    const tail = new LogTail(c);
    const first = await tail.poll();
    assert.match(first, /Carbon Application|login/);
    assert.equal(await tail.poll(), '');
    await c.setLogLevel('rootLogger', 'DEBUG').catch(() => undefined);
    await c.setActive('proxy-services', 'StockProxy', false);
    const next = await tail.poll();
    assert.ok(next.length > 0 && !next.includes(first.split('\n')[0]), next);
    await c.setActive('proxy-services', 'StockProxy', true);
  });

  it('after undeploying the CAR every kind is empty', async () => {
    await c.undeploy(appName);
    const groups = await loadServer(c);
    // all but MI's default fault and main sequences, which belong to no application
    for (const g of groups)
      assert.deepEqual(
        g.items.map((i) => i.name),
        g.kind === 'sequences' ? ['fault', 'main'] : [],
        g.kind,
      );
  });

  it('artifact nodes from API fields: descriptions, tooltips, states', () => {
    const seq = artifactNode('sequences', {
      name: 'S',
      container: '[ Deployed From Artifact Container: orders-project ] ',
    });
    assert.equal(seq.description, 'in orders-project');
    const ep = artifactNode('endpoints', { name: 'E', type: 'http', isActive: false, tracing: 'disabled' });
    assert.equal(ep.state, 'inactive');
    assert.equal(ep.description, 'http · inactive');
    assert.match(ep.tooltip, /Tracing: disabled/);
    const mp = artifactNode('message-processors', {
      name: 'P',
      type: 'Sampling-processor',
      status: 'active',
    });
    assert.match(mp.contextValue, /;canDeactivate;/);
    const tpl = artifactNode('templates', { name: 'T', type: 'endpoint' });
    assert.doesNotMatch(tpl.contextValue, /canTrace/);
    const faulty = artifactNode('applications', {
      name: 'A',
      version: '1.0.0',
      status: 'faulty',
      artifacts: [],
    });
    assert.equal(stateIcon(faulty, 'package').icon, 'error');
  });

  it('backs off exponentially, capped, and resets', () => {
    const b = new Backoff(1000, 8000);
    assert.deepEqual([b.fail(), b.fail(), b.fail(), b.fail(), b.fail()], [1000, 2000, 4000, 8000, 8000]);
    b.reset();
    assert.equal(b.delay(), 0);
  });
});
