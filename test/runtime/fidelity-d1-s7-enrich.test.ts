/**
 * enrich on JSON as MI 4.4's enrich documentation shows it, with our own payloads, over real HTTP: a replace and a
 * key rename at a path with a wildcard change every match (Target: JsonPath set() / renameKey(), EnrichMediator
 * splitting the key path at its last '.'); a path without `$.` is read as from the root (Jayway).
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const PUPILS = JSON.stringify({
  data: {
    pupils: [
      { id: '11', name: 'Ria', lastName: 'Moss', classes: ['AR1', 'AR2'] },
      { id: '12', name: 'Teo', classes: ['MU1'] },
    ],
  },
});

describe('fidelity D1 s7: enrich JSON examples of the documentation', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'EnEmpty.xml': api(
        'EnEmpty',
        '/d1s7/en-empty',
        `<enrich><source clone="true" type="inline">
            []
          </source><target action="replace" xpath="json-eval($.data.pupils[*].classes)"/></enrich><respond/>`,
      ),
      'EnFilter.xml': api(
        'EnFilter',
        '/d1s7/en-filter',
        `<enrich><source clone="true" type="inline">"gone"</source><target action="replace" xpath="json-eval($.data.pupils[?(@.id == '12')].name)"/></enrich><respond/>`,
      ),
      'EnRename.xml': api(
        'EnRename',
        '/d1s7/en-rename',
        `<enrich><source clone="true" type="inline">
            givenName
          </source><target action="replace" type="key" xpath="json-eval($.data.pupils[*].name)"/></enrich><respond/>`,
      ),
      'EnRenameMissing.xml': api(
        'EnRenameMissing',
        '/d1s7/en-rename-missing',
        `<enrich><source clone="true" type="inline">surname</source><target action="replace" type="key" xpath="json-eval($.data.pupils[*].lastName)"/></enrich><respond/>`,
      ),
      'EnNoRoot.xml': api(
        'EnNoRoot',
        '/d1s7/en-noroot',
        `<property name="Extra" value="&quot;MU2 B&quot;" type="JSON"/><enrich><source clone="false" property="Extra" type="property"/><target action="child" xpath="json-eval(data.pupils[1].classes)"/></enrich><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('replace at a wildcard path sets every match', async () => {
    const r = await send(`${t.base}/d1s7/en-empty`, { body: PUPILS, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(
      JSON.parse(r.text).data.pupils.map((p: { classes: unknown }) => p.classes),
      [[], []],
    );
  });

  it('replace at a filter path sets only what the filter selects', async () => {
    const r = await send(`${t.base}/d1s7/en-filter`, { body: PUPILS, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(
      JSON.parse(r.text).data.pupils.map((p: { name: string }) => p.name),
      ['Ria', 'gone'],
    );
  });

  it('type="key" renames the key in every object, the renamed member last (Jayway renameInMap)', async () => {
    const r = await send(`${t.base}/d1s7/en-rename`, { body: PUPILS, type: 'application/json' });
    assert.equal(r.status, 200);
    const pupils = JSON.parse(r.text).data.pupils as Record<string, unknown>[];
    assert.deepEqual(
      pupils.map((p) => Object.keys(p)),
      [
        ['id', 'lastName', 'classes', 'givenName'],
        ['id', 'classes', 'givenName'],
      ],
    );
    assert.deepEqual(
      pupils.map((p) => p.givenName),
      ['Ria', 'Teo'],
    );
  });

  it('a key missing in one of the objects fails the mediation (JsonPath: no results for key)', async () => {
    const r = await send(`${t.base}/d1s7/en-rename-missing`, { body: PUPILS, type: 'application/json' });
    assert.notEqual(r.status, 200);
    assert.match(t.logs.map((l) => l.message).join('\n'), /No results for Key lastName found in map!/);
  });

  it('a JSON string property goes into an array at a path written without $.', async () => {
    const r = await send(`${t.base}/d1s7/en-noroot`, { body: PUPILS, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text).data.pupils[1].classes, ['MU1', 'MU2 B']);
  });
});
