/**
 * Integers beyond 2^53 in `${...}` and json-eval, as MI computes them (facts from wso2-synapse: LiteralNode
 * parseNumber reads Integer, else Long, else Double; BinaryOperationNode adds, subtracts and multiplies longs with
 * Java's 64-bit wrap, subtracts ints with the 32-bit wrap, adds a double through BigDecimal of each side's
 * asString(), compares through doubles and tests == on the string forms; Jayway's Gson provider hands a JSON
 * integer out as a Long). Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity O1: integers beyond 2^53 in expressions', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Longs.xml': api(
        'Longs',
        '/o1/longs',
        `<property name="serial" value="9007199254740995"/>
         <variable name="big" type="LONG" value="9223372036854775806"/>
         <log level="custom">
           <property name="next" expression="\${payload.account + 2}"/>
           <property name="read" expression="json-eval($.account)"/>
           <property name="same" expression="\${payload.account == 9007199254740993}"/>
           <property name="twin" expression="\${payload.account == 9007199254740992}"/>
           <property name="more" expression="\${payload.account > 9007199254740992}"/>
           <property name="prop" expression="\${props.synapse.serial - 1}"/>
           <property name="lit" expression="\${9007199254740993 * 3}"/>
           <property name="wrap" expression="\${9223372036854775807 + 1}"/>
           <property name="intWrap" expression="\${-2147483648 - 1}"/>
           <property name="mixed" expression="\${0.5 + 9007199254740993}"/>
           <property name="rem" expression="\${payload.account % 1000}"/>
           <property name="var" expression="\${vars.big + 1}"/>
         </log>
         <payloadFactory media-type="json"><format>{"account":$1,"next":\${payload.account + 1},"copy":\${payload.account}}</format>
           <args><arg evaluator="json" expression="$.account"/></args></payloadFactory>
         <respond/>`,
      ),
      'Objects.xml': api(
        'Objects',
        '/o1/long-objects',
        `<payloadFactory media-type="json"><format>{"copy":$1,"inline":\${payload.order}}</format>
           <args><arg evaluator="json" expression="$.order"/></args></payloadFactory>
         <respond/>`,
      ),
      'Changed.xml': api(
        'Changed',
        '/o1/long-changed',
        `<property name="flag" value="seen"/>
         <enrich><source type="property" property="flag"/><target xpath="json-eval($.state)"/></enrich>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('an object holding integers beyond 2^53 is copied and written with all their digits', async () => {
    const body = '{"order": {"id": 12345678901234567890, "seq": 9007199254740993, "n": 1}}';
    const r = await send(`${t.base}/o1/long-objects`, { body, type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    const order = '{"id":12345678901234567890,"seq":9007199254740993,"n":1}';
    assert.equal(r.text, `{"copy":${order},"inline":${order}}`);
  });

  it('a changed JSON payload is written with the digits of its long integers', async () => {
    const r = await send(`${t.base}/o1/long-changed`, {
      body: '{"state": "new", "ids": [9007199254740993, 18014398509481985]}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"state":"seen","ids":[9007199254740993,18014398509481985]}');
  });

  it('reads, computes and writes a JSON long with all its digits; compares as MI does', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/longs`, {
      body: '{"account": 9007199254740993, "label": "x"}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    const line = t.logs.find((l) => l.category === 'LogMediator')?.message;
    assert.equal(
      line,
      [
        'next = 9007199254740995',
        'read = 9007199254740993',
        'same = true',
        // == compares the string forms: not equal, though the doubles are
        'twin = false',
        // > compares doubles, as MI (asDouble)
        'more = ', // a long is not compared (BinaryOperationNode.handleComparison takes ints and doubles)
        'prop = 9007199254740994',
        'lit = 27021597764222979',
        'wrap = -9223372036854775808',
        'intWrap = 2147483647',
        'mixed = 9.007199254740994E15',
        'rem = 993',
        'var = 9223372036854775807',
      ].join(', '),
    );
    assert.equal(r.text, '{"account":9007199254740993,"next":9007199254740994,"copy":9007199254740993}');
  });
});
