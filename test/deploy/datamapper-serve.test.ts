/**
 * The CAR of a .ts-only data-mapper project, deployed to `synapse serve` (in-process, management API on 127.0.0.1):
 * the CAR holds only the generated .dmc and schemas (no .ts), and the runtime runs them as Micro Integrator would.
 * Fixture (our own): test/fixtures/datamapper-ts/.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import type { ManagementClient } from '../../core/management';
import type { RunningServe } from '../../runtime-debug/management';
import { adminClient, serve, tempDir } from './helpers/servers';

const FIX = join(__dirname, '..', 'fixtures', 'datamapper-ts');

describe('data mappers from .ts: the packaged CAR runs in synapse serve', function () {
  this.timeout(30000);
  let s: RunningServe;
  let c: ManagementClient;
  let t: { dir: string; cleanup(): void };
  before(async () => {
    t = tempDir('dm-serve-');
    s = await serve(t.dir, { engine: true });
    c = adminClient(s);
    const project = loadProject(FIX);
    const reg = project.artifacts.filter((a) => a.type === 'registry/resource');
    assert.equal(reg.length, 9);
    assert.ok(
      reg.every((a) => a.items!.every((i) => !i.file.endsWith('.ts'))),
      'no TypeScript in the CAR',
    );
    await c.upload('DataMapperSources_1.2.0.car', await buildCar(project));
  });
  after(async () => {
    c?.close();
    await s?.close();
    t?.cleanup();
  });

  it('XML to JSON and JSON to XML through the generated .dmc and schemas', async () => {
    const staff = await fetch(`http://127.0.0.1:${s.httpPort}/maps/staff`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body:
        '<st:staff xmlns:st="http://example.org/staff"><st:member id="3" active="false"><st:name>Kay</st:name>' +
        '<st:phone kind="work">1</st:phone></st:member></st:staff>',
    });
    assert.equal(staff.status, 200, await staff.clone().text());
    assert.deepEqual(await staff.json(), {
      people: [{ id: 3, name: 'Kay', active: false, phones: ['work:1'] }],
      count: 1,
    });
    const notice = await fetch(`http://127.0.0.1:${s.httpPort}/maps/shipments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ref: 'Z', parcels: [{ kg: 3, fragile: false }] }),
    });
    assert.equal(notice.status, 200);
    assert.match(
      await notice.text(),
      /<sh:notice xmlns:sh="http:\/\/example\.org\/shipping"><sh:reference>Z<\/sh:reference><sh:parcel seq="1"><sh:weight>3<\/sh:weight><\/sh:parcel><\/sh:notice>/,
    );
    const orders = await fetch(`http://127.0.0.1:${s.httpPort}/maps/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Channel': 'api' },
      body: JSON.stringify({
        orderId: 'A',
        customer: { name: 'B', tier: 'gold' },
        items: [{ sku: 'q', qty: 3, unitPrice: 2 }],
      }),
    });
    assert.equal(orders.status, 200);
    assert.deepEqual(await orders.json(), {
      id: 'A',
      buyer: 'B (gold)',
      lines: [{ code: 'Q', amount: 6 }],
      total: 6,
      premium: true,
      channel: 'api',
    });
  });
});
