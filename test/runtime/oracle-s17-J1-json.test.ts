/**
 * Session 17 (J1): JSON values as MI 4.4 holds them, settled against the real code.
 * - Typed variables from expressions: the expected values restate wso2-synapse's v2 Utils.getResolvedValue /
 *   convertExpressionResult / convertJsonPrimitive (HEAD f30492dc) on the Java class each expression yields; the
 *   class of a payload read was taken from a driver of our own running Jayway json-path 2.10.0 with the Gson
 *   provider EIPUtils installs (Gson 2.13.2): every `payload.x` read is a JsonPrimitive (a Long, Double or BigDecimal
 *   inside), and Gson's getAsInt/getAsLong/getAsDouble were printed by the same driver for each number.
 * Inputs are our own; the outputs are the oracle's, written here as literals (CI runs no Java).
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const BODY = '{"n":5,"f":2.5,"s":"12","b":true,"o":{"k":1},"a":[1,2],"big":12345678901234567890,"nul":null}';

describe('oracle S17 J1: a variable with a type and an expression converts as v2 Utils.convertExpressionResult does (MI VariableMediator)', () => {
  let t: TestRuntime;
  const cases: [string, string | undefined][] = [
    ['${payload.n}', 'INTEGER'],
    ['${payload.f}', 'INTEGER'],
    ['${payload.big}', 'LONG'],
    ['${payload.big}', 'INTEGER'],
    ['${payload.n}', 'DOUBLE'],
    ['${payload.s}', 'INTEGER'],
    ['${payload.n}', 'BOOLEAN'],
    ['${payload.n}', 'JSON'],
    ['${payload.o}', 'JSON'],
    ['${12}', 'INTEGER'],
    ['${12}', 'LONG'],
    ['${12}', 'DOUBLE'],
    ["${'12'}", 'INTEGER'],
    ['${9999999999}', 'LONG'],
    ['${payload.n * 2}', 'DOUBLE'],
    ['${payload.n + 0.5}', 'DOUBLE'],
    ['${payload.n > 1}', 'BOOLEAN'],
    ["${'true'}", 'BOOLEAN'],
    ['${payload.missing}', 'INTEGER'],
    ['${payload.nul}', 'JSON'],
    ['${payload.missing}', undefined],
    ['count(//n)', 'INTEGER'],
    ['count(//n)', undefined],
  ];
  before(async () => {
    const files: Record<string, string> = {
      'j1fault.xml': `<sequence xmlns="http://ws.apache.org/ns/synapse" name="j1fault"><payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></sequence>`,
    };
    cases.forEach(([e, type], i) => {
      const x = e.replace(/'/g, '&apos;');
      files[`j1v${i}.xml`] = api(
        `J1Typed${i}`,
        `/j1/typed${i}`,
        `<variable name="v" expression="${x}"${type ? ` type="${type}"` : ''}/>
         <log level="custom"><property name="v" expression="\${vars.v}"/></log>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j1fault"',
      );
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  async function run(i: number): Promise<string> {
    t.logs.length = 0;
    const r = await send(`${t.base}/j1/typed${i}`, { body: BODY, type: 'application/json' });
    if (r.text !== '{"ok":true}') return `fault: ${(JSON.parse(r.text) as { error: string }).error}`;
    return t.logs.find((l) => l.category === 'LogMediator')!.message;
  }

  it('a JSON scalar converts (getAsInt/getAsLong/getAsDouble of the number: 2.5 is 2, beyond a long its low bits)', async () => {
    assert.equal(await run(0), 'v = 5');
    assert.equal(await run(1), 'v = 2');
    assert.equal(await run(2), 'v = -6101065172474983726');
    assert.equal(await run(3), 'v = -350287150');
    assert.equal(await run(4), 'v = 5.0');
    // JSON: any JSON scalar becomes its text (getAsString); an object stays one
    assert.equal(await run(7), 'v = 5');
    assert.equal(await run(8), 'v = {"k":1}');
  });

  it('a JSON string is not a number, a number not a boolean: the mediator fails with handleDataTypeException', async () => {
    assert.equal(
      await run(5),
      "fault: Expression '${payload.s}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(
      await run(6),
      "fault: Expression '${payload.n}' result does not match the expected data type 'BOOLEAN'",
    );
  });

  it('a value the expression makes must already be of the Java class: ${12} is an Integer, not a Long or Double', async () => {
    assert.equal(await run(9), 'v = 12');
    assert.equal(
      await run(10),
      "fault: Expression '${12}' result does not match the expected data type 'LONG'",
    );
    assert.equal(
      await run(11),
      "fault: Expression '${12}' result does not match the expected data type 'DOUBLE'",
    );
    assert.equal(
      await run(12),
      "fault: Expression '${'12'}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(await run(13), 'v = 9999999999');
    assert.equal(
      await run(14),
      "fault: Expression '${payload.n * 2}' result does not match the expected data type 'DOUBLE'",
    );
    assert.equal(await run(15), 'v = 5.5');
    assert.equal(await run(16), 'v = true');
    assert.equal(
      await run(17),
      "fault: Expression '${'true'}' result does not match the expected data type 'BOOLEAN'",
    );
  });

  it('no result (a missing path, JSON null) is the empty string objectValueOf gives: refused by a type, kept without one', async () => {
    assert.equal(
      await run(18),
      "fault: Expression '${payload.missing}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(
      await run(19),
      "fault: Expression '${payload.nul}' result does not match the expected data type 'JSON'",
    );
    assert.equal(await run(20), 'v = ');
  });

  it('an XPath expression has no object value (SynapseXPath.objectValueOf is null): refused by a type, nothing without one', async () => {
    assert.equal(
      await run(21),
      "fault: Expression '${count(//n)}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(await run(22), 'v = ');
  });
});
