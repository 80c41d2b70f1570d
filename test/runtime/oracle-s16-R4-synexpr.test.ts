/**
 * Synapse expressions (`${payload…}`) end to end where their JSONPath read differs from json-eval's: MI 4.4's
 * PayloadAccessNode reads the payload with JsonPath.parse(payload).read(path) (Jayway json-path 2.10 with the Gson
 * provider EIPUtils.setJsonPathConfiguration installs at start-up, no SUPPRESS_EXCEPTIONS) and turns only a
 * PathNotFoundException into an EvaluationException (a warning, no value); Jayway's other errors (an aggregation over
 * nothing, first() of nothing, a filter on a primitive) leave SynapseExpression.evaluateExpression uncaught, and
 * AbstractListMediator fails the mediator with their message. A function's string or boolean result is a value
 * (ExpressionResult), where json-eval (formatJsonPathResponse) has none.
 * Expected values from the session 16 R4 oracle: a Java driver of our own running Jayway 2.10.0 + Gson 2.13.2
 * configured as MI does and restating PayloadAccessNode (PAYLOAD) + ExpressionResult.asString, on our own documents.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('${payload…} reads as PayloadAccessNode does (oracle s16 R4)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'r4fault.xml': `<sequence xmlns="http://ws.apache.org/ns/synapse" name="r4fault"><payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></sequence>`,
      'R4Totals.xml': api(
        'R4Totals',
        '/r4/totals',
        `<variable name="total" expression="\${payload.amounts.sum()}"/>
         <log level="custom"><property name="first" expression="\${payload.tags.first()}"/><property name="last" expression="\${payload.tags.last()}"/><property name="ids" expression="\${payload.missing[*].id}"/></log>
         <payloadFactory media-type="json"><format>{"total":\${vars.total}}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="r4fault"',
      ),
      'R4Filter.xml': api(
        'R4Filter',
        '/r4/filter',
        `<log level="custom"><property name="big" expression="\${payload.code[?(@ > 1)]}"/></log>
         <payloadFactory media-type="json"><format>{"done":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="r4fault"',
      ),
      'R4Unset.xml': api(
        'R4Unset',
        '/r4/unset',
        `<log level="custom"><property name="whole" expression="json-eval($ctx:neverSet)"/></log>
         <payloadFactory media-type="json"><format>{"done":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="r4fault"',
      ),
    });
  });
  after(() => t.close());

  it('sum() of numbers, first()/last() of strings are values; a missing member before [*] is none', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/r4/totals`, {
      body: '{"amounts":[1,2.5],"tags":["red","blue"]}',
      type: 'application/json',
    });
    assert.equal(r.text, '{"total":3.5}');
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'first = red, last = blue, ids = ',
    );
  });

  it("Jayway's errors other than PathNotFoundException fail the mediator with their message", async () => {
    const empty = await send(`${t.base}/r4/totals`, {
      body: '{"amounts":[],"tags":["a","b"]}',
      type: 'application/json',
    });
    assert.equal(
      empty.text,
      '{"error":"Aggregation function attempted to calculate value using empty array"}',
    );
    const noTags = await send(`${t.base}/r4/totals`, {
      body: '{"amounts":[1],"tags":[]}',
      type: 'application/json',
    });
    assert.equal(noTags.text, '{"error":"Index 0 out of bounds for length 0"}');
    const primitive = await send(`${t.base}/r4/filter`, { body: '{"code":5}', type: 'application/json' });
    assert.equal(
      primitive.text,
      '{"error":"Filter: [?] can not be applied to primitives. Current context is: 5"}',
    );
    const ok = await send(`${t.base}/r4/filter`, { body: '{"code":[1,5]}', type: 'application/json' });
    assert.equal(ok.text, '{"done":true}');
  });

  // SynapseJsonPath: json-eval($ctx:p) is a whole-body path (isWholeBody), so stringValueOf(String) answers the
  // property's text ("" when unset: SynapseXPath's stringValueOf) before Jayway would refuse an empty text
  it('json-eval($ctx:p) of an unset property is empty, not a fault', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/r4/unset`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"done":true}');
    assert.equal(t.logs.find((l) => l.category === 'LogMediator')!.message, 'whole = ');
  });
});
