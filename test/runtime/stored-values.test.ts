/**
 * What the property and variable mediators store from an expression, as MI's PropertyMediator (stringValueOf, then
 * the type) and MI 4.4's VariableMediator (the typed value, or the text for STRING and XML types) do, read back
 * through a payloadFactory over real HTTP: a computed double keeps its Java text in a property ("2.0"), a JSON
 * object is stored as its text unless typed JSON, and a variable keeps a JSON object as an object.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime: values stored by property and variable from expressions', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Stored.xml': api(
        'Stored',
        '/stored',
        `<property name="sum" expression="\${payload.a + payload.b}"/>
         <property name="ints" expression="\${payload.n * 2}"/>
         <property name="itemsText" expression="\${payload.items}"/>
         <property name="itemsJson" expression="\${payload.items}" type="JSON"/>
         <variable name="items" expression="\${payload.items}"/>
         <variable name="label" expression="\${payload.a + payload.b}" type="STRING"/>
         <variable name="total" expression="\${payload.a + payload.b}"/>
         <log level="custom"><message>total=\${vars.total} next=\${vars.total + 1} twice=\${vars.total * 2} lit=\${1.5 + 1}</message></log>
         <payloadFactory media-type="json">
           <format>{"sum": "$1", "ints": "$2", "text": "$3", "firstOfJson": $4, "firstOfVar": \${vars.items[0].id}, "label": "\${vars.label}"}</format>
           <args>
             <arg expression="$ctx:sum"/>
             <arg expression="$ctx:ints"/>
             <arg expression="$ctx:itemsText"/>
             <arg expression="\${props.synapse.itemsJson[0].id}"/>
           </args>
         </payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a property keeps MI text (2.0, 8, JSON text), typed JSON and variables keep the object', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/stored`, {
      body: '{"a":1.5,"b":0.5,"n":4,"items":[{"id":11},{"id":12}]}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    // JSON text between quotes goes in as it is, as MI's TemplateProcessor puts a string that starts with { or [
    // (no escaping), so the answer is the text MI writes, not valid JSON
    assert.equal(
      r.text,
      '{"sum": "2.0", "ints": "8", "text": "[{"id":11},{"id":12}]", "firstOfJson": 11, "firstOfVar": 11, "label": "2.0"}',
    );
    // a variable keeps a computed double as a double: it prints 2.0 and still counts
    assert.ok(
      t.logs.some((l) => l.message.includes('total=2.0 next=3.0 twice=4.0 lit=2.5')),
      t.logs.map((l) => l.message).join('\n'),
    );
  });
});
