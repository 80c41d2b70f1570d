/**
 * Integers beyond 2^53 kept by properties and variables of type JSON. MI holds a Gson JsonElement there
 * (PropertyMediator.buildJSONElement, v2 Utils.convertValue: JsonParser.parse), whose numbers are
 * LazilyParsedNumber: their text as written. `$ctx:` prints JsonElement.toString() with those digits, `${vars.x.id}`
 * reads JsonPath.parse(variable.toString()) (PayloadAccessNode) and gives the JsonPrimitive with its digits; one
 * within a long computes as a long (ExpressionResult.isLong: Long.parseLong of the text); one beyond it, read by
 * name, is a JsonPrimitive holding the BigDecimal Jayway's GsonJsonProvider.unwrapNumber leaves (session 17 J1's
 * Jayway 2.10 + Gson oracle), which ExpressionResult counts as no number: `+ 1` has no value. A `${}` literal beyond
 * a long is a Double (LiteralNode.parseNumber). Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const ORDER = '{"order":31415926535897932384626,"seq":9007199254740993,"fee":2.50}';

describe('fidelity F1 s6: big integers in JSON-typed properties and variables', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'BigKeep.xml': api(
        'BigKeep',
        '/f1s6/big',
        `<property name="whole" type="JSON" expression="json-eval($)"/>
         <property name="orderNo" type="JSON" expression="json-eval($.order)"/>
         <variable name="ticket" type="JSON" value='{"ref":27182818284590452353602,"step":9007199254740995}'/>
         <log level="custom"><property name="whole" expression="$ctx:whole"/><property name="orderNo" expression="get-property('orderNo')"/></log>
         <log level="custom"><property name="ref" expression="\${vars.ticket.ref}"/><property name="stepNext" expression="\${vars.ticket.step + 1}"/><property name="refPlus" expression="\${vars.ticket.ref + 1}"/><property name="lit" expression="\${123456789012345678901 + 0}"/></log>
         <payloadFactory media-type="json"><format>{"copy":$1,"ticket":\${vars.ticket},"ref":\${vars.ticket.ref}}</format><args><arg evaluator="xml" expression="$ctx:whole"/></args></payloadFactory>
         <respond/>`,
      ),
      'BigEnrich.xml': api(
        'BigEnrich',
        '/f1s6/big-enrich',
        `<enrich><source type="body"/><target type="property" property="copy"/></enrich>
         <enrich><source type="body"/><target type="variable" variable="held"/></enrich>
         <log level="custom"><property name="copy" expression="$ctx:copy"/><property name="seqNext" expression="\${vars.held.seq + 1}"/></log>
         <respond/>`,
      ),
      'BigXml.xml': api(
        'BigXml',
        '/f1s6/big-xml',
        `<log level="custom"><property name="seq" expression="\${payload.ticket.seq}"/><property name="seqNext" expression="\${payload.ticket.seq + 1}"/><property name="refPlus" expression="\${payload.ticket.ref + 1}"/><property name="after" expression="\${payload.ticket.seq > 9007199254740990}"/></log>
         <respond/>`,
      ),
      'BigText.xml': api(
        'BigText',
        '/f1s6/big-text',
        `<property name="saved" value='{"ref":27182818284590452353602,"step":9007199254740995,"extra":0}'/>
         <enrich><source type="property" property="saved"/><target type="body"/></enrich>
         <enrich><source type="inline">{"n":9007199254740997}</source><target type="custom" xpath="json-eval($.extra)"/></enrich>
         <variable name="txt" value='{"ref":27182818284590452353602,"step":9007199254740995}'/>
         <property name="ptxt" value='{"ref":27182818284590452353602}'/>
         <log level="custom"><property name="ref" expression="\${vars.txt.ref}"/><property name="stepNext" expression="\${vars.txt.step + 1}"/><property name="pref" expression="json-eval($ctx:ptxt.ref)"/></log>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('keeps every digit where MI keeps the Gson number text', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/big`, { body: ORDER, type: 'application/json' });
    assert.equal(r.status, 200);
    const lines = t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message);
    assert.deepEqual(lines, [
      `whole = ${ORDER}, orderNo = 31415926535897932384626`,
      'ref = 27182818284590452353602, stepNext = 9007199254740996, refPlus = , lit = 1.2345678901234568E20',
    ]);
    assert.equal(
      r.text,
      `{"copy":${ORDER},"ticket":{"ref":27182818284590452353602,"step":9007199254740995},"ref":27182818284590452353602}`,
    );
  });

  it('a JSON body copied by enrich into a property or variable keeps its digits', async () => {
    // EnrichMediator (JSON): the source JsonElement's toString() into the property, the element into the variable
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/big-enrich`, { body: ORDER, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      [`copy = ${ORDER}, seqNext = 9007199254740994`],
    );
  });

  it('${payload...} over an XML body reads long numbers as numbers with their digits', async () => {
    // EvaluationContext.getJSONResult: a non-JSON payload is read through SynapseJsonPath("$.").stringValueOf, the
    // JSON text of MI's writer (numbers as BigDecimal text), parsed by Gson: a long computes as a long, beyond it
    // as a double; ours kept a text of 16 digits or more as a string and refused the arithmetic
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/big-xml`, {
      body: '<ticket><seq>9007199254740993</seq><ref>27182818284590452353602</ref></ticket>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      // a long is not compared (BinaryOperationNode.handleComparison takes ints and doubles): after has no value
      ['seq = 9007199254740993, seqNext = 9007199254740994, refPlus = , after = '],
    );
  });

  it('JSON text from a string property or an inline source keeps its digits in the body', async () => {
    // EnrichMediator (JSON) parses a String source with Gson, whose numbers keep their text
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/big-text`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    // a string variable read by a path: PayloadAccessNode runs JsonPath.parse(variable.toString())
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      ['ref = 27182818284590452353602, stepNext = 9007199254740996, pref = 27182818284590452353602'],
    );
    assert.equal(
      r.text,
      '{"ref":27182818284590452353602,"step":9007199254740995,"extra":{"n":9007199254740997}}',
    );
  });
});
