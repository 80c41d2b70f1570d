/**
 * json-eval end to end: a log mediator's properties and payloadFactory arguments read with SynapseJsonPath as MI 4.4
 * does (Jayway json-path 2.10 with Gson's provider, no SUPPRESS_EXCEPTIONS). Expected values from the session 16 J5
 * differential oracle (a Java driver of our own running Jayway 2.10.0 + Gson 2.13.2 configured as
 * EIPUtils.setJsonPathConfiguration and restating SynapseJsonPath.stringValueOf) on our own document; the
 * expression-level table is test/expressions/oracle-s16-J5-jsonpath.test.ts.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const ORDER =
  '{"order":7,"price":12.50,"list":[1.50,2],"rows":[{"code":7,"name":"seven"},{"code":"7","name":"text seven"},' +
  '{"code":null,"name":"none"},{"name":"nameless"}]}';

describe('json-eval in mediators as SynapseJsonPath answers (oracle s16 J5)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'J5Eval.xml': api(
        'J5Eval',
        '/j5/eval',
        `<log level="custom">
           <property name="missing" expression="json-eval($.items[*].id)"/>
           <property name="price" expression="json-eval($.price)"/>
           <property name="first" expression="json-eval($.list[0])"/>
           <property name="same" expression="json-eval($.rows[?(@.code == '7')].name)"/>
           <property name="present" expression="json-eval($.rows[?(@.code)].name)"/>
           <property name="lengths" expression="json-eval($.rows[*].code.length())"/>
         </log>
         <payloadFactory media-type="json"><format>{"p":$1,"l":$2,"f":$3}</format>
           <args><arg evaluator="json" expression="$.price"/><arg evaluator="json" expression="$.list"/><arg evaluator="json" expression="$.list[0]"/></args>
         </payloadFactory><respond/>`,
      ),
      'j5fault.xml': `<sequence xmlns="http://ws.apache.org/ns/synapse" name="j5fault"><payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></sequence>`,
      'J5Held.xml': api(
        'J5Held',
        '/j5/held',
        `<property name="held" expression="json-eval($.o)"/>
         <log level="custom"><property name="a" expression="json-eval($ctx:held.a)"/><property name="whole" expression="json-eval($ctx:held)"/></log>
         <log level="custom"><property name="deeper" expression="json-eval($ctx:held.a.b)"/></log>
         <payloadFactory media-type="json"><format>{"done":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j5fault"',
      ),
      'J5Unset.xml': api(
        'J5Unset',
        '/j5/unset',
        `<log level="custom"><property name="v" expression="json-eval($ctx:neverSet.a)"/></log><respond/>`,
        'methods="POST" faultSequence="j5fault"',
      ),
      'J5Foreach.xml': api(
        'J5Foreach',
        '/j5/foreach',
        `<foreach expression="json-eval($.lines)"><sequence><log level="custom"><property name="line" expression="json-eval($)"/></log></sequence></foreach><respond/>`,
        'methods="POST" faultSequence="j5fault"',
      ),
      'J5IterateLines.xml': api(
        'J5IterateLines',
        '/j5/iterate-lines',
        `<iterate expression="json-eval($.order.lines)" sequential="true"><target><sequence>
           <log level="custom"><property name="line" expression="json-eval($)"/></log><respond/></sequence></target></iterate>`,
        'methods="POST" faultSequence="j5fault"',
      ),
      'J5Iterate.xml': api(
        'J5Iterate',
        '/j5/iterate',
        `<iterate expression="json-eval($.order.lines[*])" continueParent="true" sequential="true"><target><sequence>
           <log level="custom"><property name="line" expression="json-eval($.sku)"/></log></sequence></target></iterate>
         <payloadFactory media-type="json"><format>{"done":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j5fault"',
      ),
    });
  });
  after(() => t.close());

  it('no value for a missing step before [*]; numbers by name unwrapped, by index kept; Jayway filters and functions', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/j5/eval`, { body: ORDER, type: 'application/json' });
    assert.equal(r.status, 200);
    // TemplateProcessor.getArgValues: each argument is SynapseJsonPath.stringValueOf
    assert.equal(r.text, '{"p":12.5,"l":[1.50,2],"f":1.50}');
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.equal(
      line,
      'missing = , price = 12.5, first = 1.50, same = ["seven","text seven"], ' +
        'present = ["seven","text seven","none"], lengths = [null,null,null]',
    );
  });

  // IterateMediator -> SynapseJsonPath.listValueOf lets Jayway's PathNotFoundException through; IterateMediator's own
  // catch (Exception e) makes it handleException("Exception occurred while executing the Iterate Mediator")
  it('iterate over a path whose definite part is missing goes to the fault sequence (IterateMediator catch)', async () => {
    t.logs.length = 0;
    const ok = await send(`${t.base}/j5/iterate`, {
      body: '{"order":{"lines":[{"sku":"k1"},{"sku":"k2"}]}}',
      type: 'application/json',
    });
    assert.equal(ok.text, '{"done":true}');
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      ['line = k1', 'line = k2'],
    );
    const noOrder = await send(`${t.base}/j5/iterate`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(noOrder.text, '{"error":"Exception occurred while executing the Iterate Mediator"}');
    const noLines = await send(`${t.base}/j5/iterate`, { body: '{"order":{}}', type: 'application/json' });
    assert.equal(noLines.text, '{"error":"Exception occurred while executing the Iterate Mediator"}');
  });

  // json-eval($ctx:p...): SynapseJsonPath.stringValueOf(String) reads the property's text with no try/catch
  it('a json-eval on a property lets Jayway refuse: the mediator fails with its message', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/j5/held`, { body: '{"o":{"a":1.50,"b":[1]}}', type: 'application/json' });
    assert.equal(
      r.text,
      `{"error":"Expected to find an object with property ['b'] in path $['a'] but found 'java.lang.Double'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'."}`,
    );
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'a = 1.5, whole = {"a":1.50,"b":[1]}',
    );
    const unset = await send(`${t.base}/j5/unset`, { body: '{}', type: 'application/json' });
    assert.equal(unset.text, '{"error":"json can not be null or empty"}');
  });

  // ForEachMediator reads the path with JsonPath.parse(payload).read(...): Jayway's errors fail it; what is no
  // array is handleException("JSON element expressed by the path <path> is not a valid JSON array")
  it('foreach over a missing path or a non-array faults as ForEachMediator does', async () => {
    const ok = await send(`${t.base}/j5/foreach`, { body: '{"lines":[1,2]}', type: 'application/json' });
    assert.equal(ok.text, '{"lines":[1,2]}');
    const missing = await send(`${t.base}/j5/foreach`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(missing.text, `{"error":"No results for path: $['lines']"}`);
    const notArray = await send(`${t.base}/j5/foreach`, {
      body: '{"lines":{"a":1}}',
      type: 'application/json',
    });
    assert.equal(
      notArray.text,
      '{"error":"JSON element expressed by the path $.lines is not a valid JSON array"}',
    );
  });

  // IterateMediator: where the path is not the attachPath ("$" by default) what it selects must be a JSON array
  it('iterate over a path that selects an object faults: not a valid JSON array that can be iterated', async () => {
    const r = await send(`${t.base}/j5/iterate-lines`, {
      body: '{"order":{"lines":{"sku":"k1"}}}',
      type: 'application/json',
    });
    assert.equal(
      r.text,
      '{"error":"JSON element expressed by the path $.order.lines is not a valid JSON array that can be iterated"}',
    );
  });
});
