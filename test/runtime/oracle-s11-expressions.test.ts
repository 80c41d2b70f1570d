/**
 * Synapse expressions over the variable mediator, as MI types the values (session 11, helper H1): a JSON variable's
 * bare number is Gson's LazilyParsedNumber (v2 Utils.buildJSONElement), which ExpressionResult takes as a double;
 * an INTEGER variable is an Integer; a number read by name from the payload is unwrapped (Jayway's Gson provider),
 * one read by index is not. Our own fixture, over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('oracle s11 (H1): expression values through the variable mediator', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Tally.xml': api(
        'Tally',
        '/h1/tally',
        `<variable name="seed" type="JSON" value="8"/><variable name="count" type="INTEGER" value="8"/>
         <log level="custom"><property name="seedNext" expression="\${vars.seed + 1}"/>
           <property name="countNext" expression="\${vars.count + 1}"/><property name="third" expression="\${vars.seed / 3}"/>
           <property name="fee" expression="\${payload.fee}"/><property name="firstRate" expression="\${payload.rates[0] * 2}"/></log>
         <payloadFactory media-type="json"><format>{"seed": \${vars.seed}, "fee": \${payload.fee}}</format></payloadFactory><respond/>`,
      ),
      'Unpack.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="Unpack" context="/h1/unpack"><resource methods="POST">
        <inSequence><log level="custom"><property name="plain" expression="\${base64decode(payload.code)}"/></log><respond/></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"failed": "$1"}</format>
          <args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
    });
  });
  after(() => t.close());

  it('base64decode() of a text java.util.Base64 refuses fails the mediator: the fault sequence runs', async () => {
    const ok = await send(`${t.base}/h1/unpack`, { body: '{"code": "b2s"}', type: 'application/json' });
    assert.equal(ok.status, 200);
    assert.ok(t.logs.some((l) => l.message === 'plain = ok'));
    const r = await send(`${t.base}/h1/unpack`, { body: '{"code": "no way"}', type: 'application/json' });
    assert.match(r.text, /"failed": ".*Illegal base64 character 20"/);
  });

  it('computes and prints them as MI does', async () => {
    const r = await send(`${t.base}/h1/tally`, {
      body: '{"fee": 3.50, "rates": [4]}',
      type: 'application/json',
    });
    assert.equal(r.text, '{"seed": 8, "fee": 3.5}');
    assert.ok(
      t.logs.some(
        (l) => l.message === 'seedNext = 9.0, countNext = 9, third = 2.7, fee = 3.5, firstRate = 8.0',
      ),
      t.logs.map((l) => l.message).join('\n'),
    );
  });
});
