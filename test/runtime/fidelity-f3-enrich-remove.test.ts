/**
 * enrich action="remove" on JSON as MI's Target does it: the source's comma-separated JSONPaths removed one after
 * the other (wildcards, filters, deep scan, slices), `$` empties the body, a path that matches nothing is logged and
 * skipped, a definite path that finds nothing fails the mediation (found by helper G running MI's
 * EnrichIntegrationJsonPathTestCase). Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const JSON_TYPE = 'application/json';

function removeApi(name: string, paths: string, extra = ''): string {
  return api(
    name,
    `/f3rm/${name.toLowerCase()}`,
    `<enrich><source clone="true" xpath="json-eval(${paths})"/><target type="body" action="remove"/></enrich>${extra}<respond/>`,
  );
}

describe('runtime fidelity (F3): enrich remove on JSON', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Several.xml': removeApi('Several', '$.items[*].tag,$.items[0]'),
      'Deep.xml': removeApi('Deep', '$..note'),
      'Slice.xml': removeApi('Slice', '$.items[-2:]'),
      'Whole.xml': removeApi('Whole', '$'),
      'NoMatch.xml': removeApi('NoMatch', '$.items[?(@.id > 99)]'),
      'EmptyList.xml': removeApi('EmptyList', '$.empty'),
      'Numbers.xml': removeApi('Numbers', '$.prices[0]'),
      'Union.xml': removeApi('Union', "$.items[0,2],$['meta']"),
      'Missing.xml': `<api ${NS} name="Missing" context="/f3rm/missing"><resource methods="POST"><inSequence>
          <enrich><source clone="true" xpath="json-eval($.order.none)"/><target type="body" action="remove"/></enrich><respond/>
        </inSequence><faultSequence>
          <payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
          <property name="HTTP_SC" value="500" scope="axis2"/><respond/>
        </faultSequence></resource></api>`,
      'FromProperty.xml': api(
        'FromProperty',
        '/f3rm/property',
        `<property name="kept" expression="json-eval($)"/>
         <enrich><source clone="true" xpath="json-eval($.items[?(@.id > 1)],$.owner)"/><target type="property" property="kept" action="remove"/></enrich>
         <payloadFactory media-type="json"><format>{"kept":$1,"body":$2}</format>
           <args><arg expression="$ctx:kept"/><arg evaluator="json" expression="$"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  const post = (name: string, body: string) => send(`${t.base}/f3rm/${name}`, { body, type: JSON_TYPE });
  const ITEMS = '{"items":[{"id":1,"tag":"a"},{"id":2,"tag":"b"},{"id":3,"tag":"c"}]}';

  it('comma-separated paths are removed in turn: every tag, then the first item of what is left', async () => {
    const r = await post('several', ITEMS);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"items":[{"id":2},{"id":3}]}');
  });

  it('a deep scan removes the key at every depth', async () => {
    const r = await post('deep', '{"note":"x","a":{"note":1,"b":[{"note":true,"k":2}]}}');
    assert.equal(r.text, '{"a":{"b":[{"k":2}]}}');
  });

  it('a slice removes the items it selects', async () => {
    const r = await post('slice', '{"items":[1,2,3,4]}');
    assert.equal(r.text, '{"items":[1,2]}');
  });

  // (MI splits the text at every comma, so `[0,2]` would not compile there; we split at the commas between paths)
  it('an index union and a bracketed name, in one expression (commas inside brackets stay in their path)', async () => {
    const r = await post('union', '{"items":["p","q","r","s"],"meta":{"v":1},"z":0}');
    assert.equal(r.text, '{"items":["q","s"],"z":0}');
  });

  it('$ empties the body', async () => {
    const r = await post('whole', ITEMS);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
  });

  it('a filter that matches nothing leaves the body as it is and says so in the log', async () => {
    t.logs.length = 0;
    const r = await post('nomatch', ITEMS);
    assert.deepEqual(r.json(), JSON.parse(ITEMS));
    const line = t.logs.find((l) => l.message.includes('No matching elements'));
    assert.ok(line, JSON.stringify(t.logs.map((l) => l.message)));
    assert.equal(line.level, 'INFO');
    assert.match(
      line.message,
      /JSONPath: \$\.items\[\?\(@\.id > 99\)\]\. Therefore, no elements were removed\./,
    );
  });

  it('a definite path holding an empty array is left alone (MI reads it as "nothing matched")', async () => {
    const r = await post('emptylist', '{"empty":[],"x":1}');
    assert.equal(r.text, '{"empty":[],"x":1}');
  });

  it('numbers keep their JSON text where items move', async () => {
    const r = await post('numbers', '{"prices":[1.50,2.50,3.0]}');
    assert.equal(r.text, '{"prices":[2.50,3.0]}');
  });

  it('a definite path that finds nothing fails: the fault sequence sees the error', async () => {
    const r = await post('missing', '{"order":{"id":5}}');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'Error occurred while executing the action : remove' });
  });

  it('remove from a property holding JSON: filter and name paths; the body is untouched', async () => {
    const r = await post('property', '{"owner":"kim","items":[{"id":1},{"id":2},{"id":3}]}');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      kept: { items: [{ id: 1 }] },
      body: { owner: 'kim', items: [{ id: 1 }, { id: 2 }, { id: 3 }] },
    });
  });
});
