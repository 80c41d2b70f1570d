/** The jsontransform mediator over real HTTP: JSON schema type correction and conversion property overrides. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { correctBySchema } from '../../runtime-debug/engine/mediators/jsontransform';
import { send } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const PROJECT = join(__dirname, '..', 'fixtures', 'runtime-k', 'json-project');

describe('runtime: jsontransform mediator', () => {
  let rt: Runtime;
  let base: string;
  const logs: { message: string }[] = [];
  before(async () => {
    rt = new Runtime({ httpPort: 0 });
    rt.on('log', (l: { message: string }) => logs.push(l));
    const res = rt.loadProject(PROJECT);
    assert.deepEqual(res.problems, []);
    const { port } = await rt.start();
    base = `http://127.0.0.1:${port}/intake`;
  });
  after(() => rt.stop(1000));

  it('corrects types of a JSON payload by a registry schema', async () => {
    const r = await send(`${base}/typed`, {
      body: JSON.stringify({
        orderId: '1001',
        customer: 42,
        express: 'true',
        lines: { sku: 'AB-7', qty: '3', price: '9.50' },
      }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      orderId: 1001,
      customer: '42',
      express: true,
      lines: [{ sku: 'AB-7', qty: 3, price: 9.5 }],
    });
  });

  it('a value that cannot be corrected faults with the JSON path and a code', async () => {
    const r = await send(`${base}/typed`, {
      body: JSON.stringify({ orderId: 'abc', lines: [{ qty: 1 }] }),
      type: 'application/json',
    });
    const fault = (r.json() as { fault: string }).fault;
    assert.match(fault, /JSON_SCHEMA_VALIDATION/);
    assert.match(fault, /\$\.orderId: expected an integer but found "abc"/);
    const r2 = await send(`${base}/typed`, {
      body: JSON.stringify({ orderId: 1, status: 'LOST', lines: [{ sku: 'bad', qty: 1 }] }),
      type: 'application/json',
    });
    assert.match((r2.json() as { fault: string }).fault, /\$\.status: "LOST" is not one of/);
    const r3 = await send(`${base}/typed`, {
      body: JSON.stringify({ orderId: 1 }),
      type: 'application/json',
    });
    assert.match((r3.json() as { fault: string }).fault, /required property 'lines' is missing/);
  });

  it('conversion properties: autoPrimitive with disableAutoPrimitive.regex', async () => {
    const r = await send(`${base}/plain`, {
      body: '<item><code>0042</code><count>12</count><ok>true</ok><empty/></item>',
      type: 'application/xml',
    });
    assert.deepEqual(r.json(), { item: { code: '0042', count: 12, ok: true, empty: null } });
  });

  it('an XML payload: properties convert it, a dynamic schema key (local entry) corrects it', async () => {
    const body = '<ticket><id>77</id><seats>4</seats><vip>false</vip><extra>5</extra></ticket>';
    const r = await send(`${base}/both?schema=TicketSchema`, { body, type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type')?.split(';')[0], 'application/json');
    // autoPrimitive=false keeps "77" and "5" strings; the schema makes seats an integer array and vip a boolean
    assert.deepEqual(r.json(), { ticket: { id: '77', seats: [4], vip: false, extra: '5' } });
    const n = logs.length;
    const none = await send(`${base}/both`, { body, type: 'application/xml' });
    assert.equal(none.status, 202);
    assert.match(loggedSince(logs, n), /Schema does not exist in the specified location : /);
  });

  it('a missing schema faults with the key and file:line', async () => {
    const n = logs.length;
    const r = await send(`${base}/missing`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 202);
    assert.match(loggedSince(logs, n), /gov:schemas\/nope\.json/);
    assert.match(loggedSince(logs, n), /OrderIntake\.xml:\d+/);
  });

  it('correctBySchema: nested arrays, additionalProperties, unique items, null', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        grid: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        note: { type: ['null', 'string'] },
      },
    };
    assert.deepEqual(correctBySchema({ grid: [['1', 2], '3'], tags: 'x', note: '' }, schema), {
      grid: [[1, 2], [3]],
      tags: ['x'],
      note: null,
    });
    assert.throws(() => correctBySchema({ other: 1 }, schema), /property 'other' is not allowed/);
    assert.throws(() => correctBySchema({ tags: ['a', 'a'] }, schema), /not unique/);
  });
});
