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
});
