/**
 * Session 16 (J6): JDK behaviours seen through mediators, end to end. The expected values are what OpenJDK 17
 * answered for the same calls in our Java driver (PropertyMediator.convertValue's parsers, BinaryOperationNode's
 * int/long arithmetic, PredefinedFunctionNode's formatDateTime/split/replace/round, default locale en_US, UTC);
 * test/expressions/oracle-s16-J6-jdk.test.ts has the expression-level cases and says how they were made.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('JDK behaviours through mediators (oracle s16, J6: JDK 17)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Typed.xml': api(
        'Typed',
        '/j6-typed',
        `<property name="s" expression="number('40000.5')" type="SHORT"/>
         <property name="i" expression="'٣٤'" type="INTEGER"/>
         <property name="f" value="1.00000017881393432617187499" type="FLOAT"/>
         <property name="d" value="4.9e-324" type="DOUBLE"/>
         <payloadFactory media-type="xml">
           <format><r xmlns=""><s>$1</s><i>$2</i><f>$3</f><d>$4</d></r></format>
           <args><arg expression="$ctx:s"/><arg expression="$ctx:i"/><arg expression="$ctx:f"/><arg expression="$ctx:d"/></args>
         </payloadFactory>
         <respond/>`,
      ),
      'Expr.xml': api(
        'Expr',
        '/j6-expr',
        `<variable name="start" value="10000000000" type="LONG"/>
         <payloadFactory media-type="json">
           <format><![CDATA[{"elapsed": "\${(payload.end - vars.start) / 2}", "day": "\${formatDateTime(payload.at, 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm')}", "parts": \${split(payload.path, '[.]')}, "none": \${split(payload.path, '[^x]')}, "dashed": "\${replace(payload.word, '', '-')}", "rounded": "\${round(3000000000.5)}"}]]></format>
         </payloadFactory>
         <respond/>`,
      ),
      'Long.xml': api(
        'Long',
        '/j6-long',
        `<variable name="x" value="4" type="LONG"/>
         <payloadFactory media-type="json">
           <format><![CDATA[{"v": \${vars.x}, "plus": "\${vars.x + 1}", "half": "\${vars.x / 2}", "isNumber": "\${isNumber(vars.x)}"}]]></format>
         </payloadFactory>
         <respond/>`,
      ),
      'LongFromJson.xml': api(
        'LongFromJson',
        '/j6-long-json',
        `<variable name="x" expression="\${payload.n}" type="LONG"/>
         <variable name="i" expression="\${payload.big}" type="INTEGER"/>
         <payloadFactory media-type="json">
           <format><![CDATA[{"v": \${vars.x}, "half": "\${vars.x / 2}", "isNumber": "\${isNumber(vars.x)}", "i": \${vars.i}}]]></format>
         </payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('typed properties: (short) of an XPath number, digits of any script, Float.parseFloat, Double.MIN_VALUE', async () => {
    const r = await send(`${t.base}/j6-typed`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '<r><s>-25536</s><i>34</i><f>1.0000001</f><d>4.9E-324</d></r>');
  });

  it('${...}: a long difference divides as a long (a double), 24:00:00 is the next day, split and replace as Java', async () => {
    const r = await send(`${t.base}/j6-expr`, {
      body: JSON.stringify({ end: 10000000010, at: '2024-01-05 24:00:00', path: 'a.b.c', word: 'ab' }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      elapsed: '5.0',
      day: '2024-01-06 00:00',
      parts: ['a', 'b', 'c'],
      none: [],
      dashed: '-a-b-',
      rounded: '-1294967295',
    });
  });

  it('a LONG variable is a java.lang.Long whatever its value: a long division gives a double, isNumber() is false', async () => {
    // Long.parseLong, then BinaryOperationNode.performLongOperation ((double) 4 / 2) and isInteger() || isDouble()
    const r = await send(`${t.base}/j6-long`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { v: 4, plus: '5', half: '2.0', isNumber: 'false' });
  });

  it('a LONG variable from a JSON number is a Long too, an INTEGER one the low 32 bits (R5 review of J6)', async () => {
    // v2 Utils.convertJsonPrimitive: getAsLong() / getAsInt() of the number ${payload.n} reads
    const r = await send(`${t.base}/j6-long-json`, {
      body: JSON.stringify({ n: 4, big: 3000000000 }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { v: 4, half: '2.0', isNumber: 'false', i: -1294967296 });
  });
});
