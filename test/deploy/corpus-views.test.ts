import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCar, loadProject, kindByType } from '../../core/car';
import { ManagementClient, SINGLE_PARAM, type ArtifactKind } from '../../core/management';
import type { RunningServe } from '../../runtime-debug/management';
import { ADMIN, serve, tempDir } from './helpers/servers';

const CORPUS = [join(__dirname, '..', '..', '..', 'shared', 'corpus'), '/work/shared/corpus'].find((p) =>
  existsSync(p),
)!;

describe('management views over the shared corpus of real configurations', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let c: ManagementClient;
  before(async () => {
    tmp = tempDir('corpus-');
    s = await serve(tmp.dir);
    c = new ManagementClient({
      url: `https://127.0.0.1:${s.managementPort}`,
      user: ADMIN.user,
      password: ADMIN.password,
      fingerprint: s.fingerprint256,
    });
  });
  after(async () => {
    c.close();
    await s.close();
    tmp.cleanup();
  });

  it('lists every deployed corpus artifact under its kind, and every single-item view answers', async () => {
    const project = loadProject(CORPUS);
    await c.upload('corpus_1.0.0.car', await buildCar(project));
    const expected = new Map<string, number>();
    for (const a of project.artifacts) {
      const k = kindByType(a.type)?.kind;
      if (k) expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    assert.ok(expected.size >= 9);
    // MI always lists a main and a fault sequence (SynapseConfigurationBuilder adds the defaults if not deployed)
    const seqNames = new Set(
      project.artifacts.filter((a) => a.type === 'synapse/sequence').map((a) => a.name),
    );
    for (const d of ['main', 'fault'])
      if (!seqNames.has(d)) expected.set('sequences', (expected.get('sequences') ?? 0) + 1);
    for (const [kind, n] of expected) {
      const list = await c.list<{ name: string; type?: string }>(kind as ArtifactKind);
      assert.equal(list.count, n, kind);
      assert.equal(list.list.length, n, kind);
      for (const item of list.list) {
        assert.ok(item.name, `${kind} item without a name`);
        if (kind === 'templates') continue; // the list already carries the full template objects
        const one = await c.get<Record<string, unknown>>(kind as ArtifactKind, item.name);
        const name = one.name ?? one.serviceName;
        assert.equal(name, item.name, `${kind} ${SINGLE_PARAM[kind as ArtifactKind]}=${item.name}`);
      }
    }
    const endpoints = (await c.list<{ name: string; type: string }>('endpoints')).list;
    const types = new Set(endpoints.map((e) => e.type));
    for (const t of ['address', 'http', 'failover', 'template'])
      assert.ok(types.has(t), `endpoint type ${t} in ${[...types]}`);
    const failover = endpoints.find((e) => e.type === 'failover')!;
    const detail = await c.get<{ type: string; children: unknown[] }>('endpoints', failover.name);
    assert.equal(detail.type, 'Failover Endpoint');
    assert.ok(detail.children.length >= 2);
    const ds = await c.get<{
      serviceName: string;
      queries: unknown[];
      resources: { resourceMethod: string; resourcePath: string }[];
      dataSources: { dataSourceId: string }[];
    }>('data-services', 'RESTDataService');
    assert.equal(ds.serviceName, 'RESTDataService');
    assert.equal(ds.queries.length, 4);
    assert.deepEqual(
      ds.resources.map((r) => `${r.resourceMethod} ${r.resourcePath}`),
      ['GET student', 'POST student', 'PUT student', 'DELETE student'],
    );
    assert.equal(ds.dataSources[0].dataSourceId, 'default');
    const stores = (await c.list<{ type: string }>('message-stores')).list.map((x) => x.type).sort();
    assert.ok(
      stores.includes('jms-message-store') && stores.includes('rabbitmq-message-store'),
      stores.join(),
    );
  });
});
