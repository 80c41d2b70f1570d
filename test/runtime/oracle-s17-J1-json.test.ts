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
import { Payload } from '../../runtime-debug/engine/payload';
import { serializeXml } from '../../runtime-debug/engine/payloadXml';
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
    ['${ceil(payload.f)}', 'INTEGER'],
    ['${now()}', 'INTEGER'],
    ['${round(payload.f)}', 'INTEGER'],
    ['${params.queryParams.age}', 'INTEGER'],
    ['${params.queryParams.age}', 'LONG'],
    ['${params.queryParams.flag}', 'BOOLEAN'],
    ['${params.queryParams.rate}', 'DOUBLE'],
    ['${vars.lg}', 'INTEGER'],
    ['${vars.pf}', 'INTEGER'],
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
        `<variable name="lg" value="7" type="LONG"/><variable name="pf" expression="\${payload.f}"/>
         <variable name="v" expression="${x}"${type ? ` type="${type}"` : ''}/>
         <log level="custom"><property name="v" expression="\${vars.v}"/></log>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j1fault"',
      );
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  async function run(i: number, query = ''): Promise<string> {
    t.logs.length = 0;
    const r = await send(`${t.base}/j1/typed${i}${query}`, { body: BODY, type: 'application/json' });
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

  it("a function's result has its Java class (PredefinedFunctionNode): ceil of a double is a Double, now() a Long, round an int", async () => {
    assert.equal(
      await run(23),
      "fault: Expression '${ceil(payload.f)}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(
      await run(24),
      "fault: Expression '${now()}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(await run(25), 'v = 3');
  });

  it('a parameter, header or property is read as HeadersAndPropertiesAccessNode.tryParseNumber reads its text: an Integer, a Long, a Double or a String', async () => {
    const q = '?age=30&flag=true&rate=2.0';
    assert.equal(await run(26, q), 'v = 30');
    assert.equal(
      await run(27, q),
      "fault: Expression '${params.queryParams.age}' result does not match the expected data type 'LONG'",
    );
    // "true" stays a String: no BOOLEAN
    assert.equal(
      await run(28, q),
      "fault: Expression '${params.queryParams.flag}' result does not match the expected data type 'BOOLEAN'",
    );
    assert.equal(await run(29, q), 'v = 2.0');
  });

  it('a variable read whole is what it holds: a Long stays a Long, a JSON number read untyped a JsonPrimitive', async () => {
    assert.equal(
      await run(30),
      "fault: Expression '${vars.lg}' result does not match the expected data type 'INTEGER'",
    );
    assert.equal(await run(31), 'v = 2');
  });
});

/**
 * Numbers beyond a double or a long, read from a JSON payload. Expected values: a driver of our own running Jayway
 * json-path 2.10.0 with the Gson provider as EIPUtils.setJsonPathConfiguration installs it, reading our documents
 * with JsonPath.parse(text).read(path) (EvaluationContext.getJSONResult) and printing the JsonPrimitive's Number class
 * and text; BinaryOperationNode/ExpressionResult restated for what they do with it; json-eval from session 16 J5's
 * SynapseJsonPath driver.
 */
describe('oracle S17 J1: JSON numbers beyond a double or a long (Jayway GsonJsonProvider, ExpressionResult)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'j1fault2.xml': `<sequence xmlns="http://ws.apache.org/ns/synapse" name="j1fault2"><payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></sequence>`,
      'J1Prop.xml': api(
        'J1Prop',
        '/j1/prop',
        `<property name="d" type="DOUBLE" expression="json-eval($.huge)"/>
         <log level="custom"><property name="d" expression="$ctx:d"/></log>
         <property name="l" type="LONG" expression="json-eval($.wide)"/>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j1fault2"',
      ),
      'J1Dup.xml': api(
        'J1Dup',
        '/j1/dup',
        `<log level="custom" separator="|"><property name="count" expression="count(//a)"/><property name="first" expression="//a[1]"/><property name="a" expression="\${payload.a}"/><property name="je" expression="json-eval($.a)"/><property name="whole" expression="\${payload}"/></log>
         <respond/>`,
        'methods="POST"',
      ),
      'J1Om.xml': api(
        'J1Om',
        '/j1/om',
        `<variable name="first" type="XML" expression="\${payload.two}"/>
         <log level="custom"><property name="first" expression="\${vars.first}"/></log>
         <variable name="word" type="XML" expression="\${payload.word}"/>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j1fault2"',
      ),
      'J1Inf.xml': api(
        'J1Inf',
        '/j1/inf',
        `<log level="custom"><property name="sum" expression="\${payload.list[0] + 1}"/></log>
         <log level="custom"><property name="product" expression="\${payload.list[0] * 2}"/></log>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j1fault2"',
      ),
      'J1Big.xml': api(
        'J1Big',
        '/j1/big',
        `<log level="custom" separator="|"><property name="huge" expression="\${payload.huge}"/><property name="tiny" expression="\${payload.tiny}"/><property name="wide" expression="\${payload.wide}"/><property name="idx" expression="\${payload.list[1]}"/><property name="list" expression="\${payload.list}"/><property name="je" expression="json-eval($.huge)"/><property name="plus" expression="\${payload.wide + 1}"/><property name="more" expression="\${payload.huge > 1}"/><property name="times" expression="\${payload.wide * 2}"/><property name="longPlus" expression="\${payload.long + 1}"/></log>
         <variable name="d" expression="\${payload.huge}" type="DOUBLE"/>
         <variable name="i" expression="\${payload.wide}" type="INTEGER"/>
         <log level="custom"><property name="d" expression="\${vars.d}"/></log>
         <payloadFactory media-type="json"><format>{"list":\${payload.list},"huge":\${payload.huge},"i":\${vars.i}}</format></payloadFactory>
         <respond/>`,
        'methods="POST"',
      ),
    });
  });
  after(() => t.close());

  it('a number read by name that is neither a long nor exactly a double is a BigDecimal: printed as BigDecimal.toString, no number to + - * > ', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/j1/big`, {
      body: '{"huge":1e400,"tiny":0.1e-400,"wide":12345678901234567890,"long":9999999999,"list":[1,1e400,2.50]}',
      type: 'application/json',
    });
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'huge = 1E+400|tiny = 1E-401|wide = 12345678901234567890|idx = 1e400|list = [1,1e400,2.50]|je = 1E+400|plus = |more = |times = |longPlus = 10000000000',
    );
    // a number kept in an array keeps its text (Gson's LazilyParsedNumber); getAsDouble of 1E+400 is Infinity,
    // getAsInt of 12345678901234567890 its low 32 bits
    assert.equal(t.logs.filter((l) => l.category === 'LogMediator')[1]!.message, 'd = Infinity');
    assert.equal(r.text, '{"list":[1,1e400,2.50],"huge":1E+400,"i":-350287150}');
  });

  it('1e400 by index is a double to add (BigDecimal of its text: Infinity); - * / % go through String.valueOf(Infinity), which BigDecimal refuses: the mediator fails', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/j1/inf`, { body: '{"list":[1e400]}', type: 'application/json' });
    assert.equal(t.logs.find((l) => l.category === 'LogMediator')!.message, 'sum = Infinity');
    assert.equal(
      (JSON.parse(r.text) as { error: string }).error,
      'Character I is neither a decimal digit number, decimal point, nor "e" notation exponential mark.',
    );
  });

  it('XML from text is AXIOMUtil.stringToOM: the first element only; a text not starting with < fails with the Woodstox exception', async () => {
    // values from Axiom 1.2.11-wso2 (session 16 J2's classes) with Woodstox: OMException(WstxUnexpectedCharException)
    t.logs.length = 0;
    const r = await send(`${t.base}/j1/om`, {
      body: '{"two":"<a>1</a><b/>","word":"abc"}',
      type: 'application/json',
    });
    assert.equal(t.logs.find((l) => l.category === 'LogMediator')!.message, 'first = <a>1</a>');
    assert.equal(
      (JSON.parse(r.text) as { error: string }).error,
      "com.ctc.wstx.exc.WstxUnexpectedCharException: Unexpected character 'a' (code 97) in prolog; expected '<'",
    );
  });

  it('a property converts the text (PropertyMediator.convertValue): 1E+400 is the Double Infinity, a number beyond a long fails with the bare message', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/j1/prop`, {
      body: '{"huge":1e400,"wide":12345678901234567890}',
      type: 'application/json',
    });
    assert.equal(t.logs.find((l) => l.category === 'LogMediator')!.message, 'd = Infinity');
    // ERROR_MESSAGE is the SynapseException's message as it is (AbstractListMediator)
    assert.equal(
      r.text,
      '{"error":"Unknown type : LONG for the property mediator or the property value cannot be converted into the specified type."}',
    );
  });

  it('a name given twice: each is an element of the XML view (staxon JsonXMLStreamReader), a read of the value takes the last (Gson)', async () => {
    t.logs.length = 0;
    const body = '{"a":1,"b":{"x":1},"a":2}';
    const r = await send(`${t.base}/j1/dup`, { body, type: 'application/json' });
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'count = 2.0|first = 1|a = 2|je = 2|whole = {"a":2,"b":{"x":1}}',
    );
    // the payload was only read: the answer is the request's bytes
    assert.equal(r.text, body);
  });
});

/**
 * The XML view of a JSON payload whose objects repeat a name. Expected values: session 16 J1's oracle (Synapse's
 * staxon fork and JsonReaderDelegate written by Woodstox, as JsonUtil reads a JSON payload), on our own documents and
 * 1,200 seeded random ones (seeds 7 and 11); equal but for a repeated "@name", which Woodstox writes twice where
 * Axiom's tree (MI's XML view) keeps the last, as ours does.
 */
describe('oracle S17 J1: repeated JSON names in the XML view (JsonXMLStreamReader)', () => {
  function view(json: string): string {
    const env = new Payload('application/json', Buffer.from(json), {
      maxBytes: 1 << 24,
      maxDepth: 500,
    }).envelope();
    const body = env.documentElement!.children.find((c) => c.localName === 'Body')!;
    return serializeXml(body.children[0]!);
  }
  it('each member is an element where it was written; arrays and objects too; $ texts join', () => {
    assert.equal(view('{"a":1,"a":2}'), '<jsonObject><a>1</a><a>2</a></jsonObject>');
    assert.equal(
      view('{"a":{"x":1},"b":2,"a":[3,4]}'),
      '<jsonObject><a><x>1</x></a><b>2</b><a>3</a><a>4</a></jsonObject>',
    );
    assert.equal(
      view('{"r":{"$":"s","@x":true,"c":{"k":1,"k":null},"$":1}}'),
      '<jsonObject><r x="true">s<c><k>1</k><k/></c>1</r></jsonObject>',
    );
    assert.equal(view('{"a":[{"p":1,"p":2}],"a":[]}'), '<jsonObject><a><p>1</p><p>2</p></a></jsonObject>');
  });
  it('names are counted as the reader reads them: escapes, names inside strings, colons in values (review RJ1)', () => {
    // the same name at two levels repeats nothing; \u0061 is a
    assert.equal(view('{"a":{"a":1}}'), '<jsonObject><a><a>1</a></a></jsonObject>');
    assert.equal(view('{"a":1,"\\u0061":2}'), '<jsonObject><a>1</a><a>2</a></jsonObject>');
    // a string that looks like a member, escaped quotes and backslashes, a colon in a value or a name
    assert.equal(view('{"s":"\\"a\\":1","a":2}'), '<jsonObject><s>"a":1</s><a>2</a></jsonObject>');
    assert.equal(view('{"s":"x\\":","a":1,"a":2}'), '<jsonObject><s>x":</s><a>1</a><a>2</a></jsonObject>');
    assert.equal(view('{"a":"q\\\\","a":"r"}'), '<jsonObject><a>q\\</a><a>r</a></jsonObject>');
    assert.equal(
      view('{"a":["x",":"],"k":1,"k":2}'),
      '<jsonObject><a>x</a><a>:</a><k>1</k><k>2</k></jsonObject>',
    );
    assert.equal(
      view('{"t":"10:00","u":"http://x","t":"11:00"}'),
      '<jsonObject><t>10:00</t><u>http://x</u><t>11:00</t></jsonObject>',
    );
    // colons in values but no repeat: the value's own members
    assert.equal(
      view('{"t":"10:00","u":"http://x"}'),
      '<jsonObject><t>10:00</t><u>http://x</u></jsonObject>',
    );
    // a repeated "@name" is one attribute, the last value where the first was (Axiom's LinkedHashMap of attributes)
    assert.equal(view('{"r":{"@x":1,"@y":2,"@x":3}}'), '<jsonObject><r x="3" y="2"/></jsonObject>');
  });
});

/**
 * A grid of our own: 39 JSON values read by name and by index, into each variable type (468 cases), and 200 seeded
 * random numbers into five types (2,000 cases: equal but for JDK 17's longer Double.toString; decimals of more than
 * 15 significant digits keep their text since the review RJ1). Expected values:
 * a Java driver of our own reading with Jayway 2.10.0 + Gson 2.13.2 as MI configures them and restating v2
 * Utils.convertExpressionResult / convertJsonPrimitive and ExpressionResult.asString; a representative dozen here.
 */
describe('oracle S17 J1: JSON scalars into typed variables, by name and by index (Jayway + Gson getAsX)', () => {
  let t: TestRuntime;
  const rows: [string, string, string, string][] = [
    ['4294967296.5', 'v', 'INTEGER', 'v = 2147483647'],
    ['3000000000.7', 'v', 'LONG', 'v = 3000000000'],
    ['1e19', 'arr[0]', 'INTEGER', 'v = -1981284352'],
    ['1e19', 'v', 'LONG', 'v = -8446744073709551616'],
    ['9223372036854775808', 'v', 'LONG', 'v = -9223372036854775808'],
    ['2.50', 'arr[0]', 'JSON', 'v = 2.50'],
    ['1.0E2', 'v', 'JSON', 'v = 100'],
    ['-0.0', 'arr[0]', 'DOUBLE', 'v = -0.0'],
    ['-0', 'v', 'DOUBLE', 'v = 0.0'],
    ['-0', 'arr[0]', 'DOUBLE', 'v = -0.0'],
    ['-0', 'arr[0]', '', 'v = -0'],
    // a whole Double read by name narrows as (int) does (review RJ1; 2,000-row grid)
    ['945728699070086.0', 'v', 'INTEGER', 'v = 2147483647'],
    // more than 15 significant digits: a BigDecimal by name, Gson's text by index, both printing the text
    ['529089212676606.0004', 'v', '', 'v = 529089212676606.0004'],
    ['19309392062690.2822', 'arr[0]', 'JSON', 'v = 19309392062690.2822'],
    ['19309392062690.2822', 'v', 'INTEGER', 'v = -780900126'],
    ['-2454098461099279081.318665', 'arr[0]', 'LONG', 'v = -2454098461099279081'],
    ['true', 'arr[0]', 'JSON', 'v = true'],
    ['[]', 'v', 'JSON', 'v = []'],
    ['null', 'arr[0]', '', 'v = '],
    [
      '"12"',
      'arr[0]',
      'LONG',
      "fault: Expression '${payload.arr[0]}' result does not match the expected data type 'LONG'",
    ],
  ];
  before(async () => {
    const files: Record<string, string> = {
      'j1fault3.xml': `<sequence xmlns="http://ws.apache.org/ns/synapse" name="j1fault3"><payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></sequence>`,
    };
    rows.forEach(([, path, type], i) => {
      files[`j1g${i}.xml`] = api(
        `J1Grid${i}`,
        `/j1/grid${i}`,
        `<variable name="v" expression="\${payload.${path}}"${type ? ` type="${type}"` : ''}/>
         <log level="custom"><property name="v" expression="\${vars.v}"/></log>
         <payloadFactory media-type="json"><format>{"ok":true}</format></payloadFactory><respond/>`,
        'methods="POST" faultSequence="j1fault3"',
      );
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  it('converts each as MI does', async () => {
    const got: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![0];
      t.logs.length = 0;
      const r = await send(`${t.base}/j1/grid${i}`, {
        body: `{"v":${v},"arr":[${v}]}`,
        type: 'application/json',
      });
      got.push(
        r.text === '{"ok":true}'
          ? t.logs.find((l) => l.category === 'LogMediator')!.message
          : `fault: ${(JSON.parse(r.text) as { error: string }).error}`,
      );
    }
    assert.deepEqual(
      got,
      rows.map((r) => r[3]),
    );
  });
});

/**
 * Review RJ1: a JSON number with a fraction and more than 15 significant digits keeps its text, as Gson's
 * LazilyParsedNumber does (JsonPath reads by name give new BigDecimal(text), which ExpressionResult counts as no
 * number; by index the text is a double to arithmetic). Expected values: J1's Jayway 2.10 + Gson and wso2-synapse
 * ExpressionResult/BinaryOperationNode driver, and session 16 J1's staxon oracle for the XML view.
 */
describe('oracle S17 J1: decimals of more than 15 significant digits keep their text (Gson LazilyParsedNumber)', () => {
  let t: TestRuntime;
  const BODY = '{"v":529089212676606.0004,"arr":[0.10000000000000001, 2.5],"s":"x"}';
  before(async () => {
    t = await startRuntime({
      'rj1a.xml': api(
        'Rj1Copy',
        '/rj1/copy',
        `<log level="custom"><property name="plus" expression="\${payload.v + 1}"/><property name="idx" expression="\${payload.arr[0] * 3}"/><property name="gt" expression="\${payload.v > 1}"/><property name="add" expression="\${payload.arr[0] + 1}"/></log>
         <payloadFactory media-type="json" template-type="default"><format>{"copy":\${payload},"v":\${payload.v},"a0":\${payload.arr[0]}}</format></payloadFactory><respond/>`,
        'methods="POST"',
      ),
      'rj1b.xml': api(
        'Rj1Xml',
        '/rj1/xml',
        `<property name="messageType" value="application/xml" scope="axis2"/><respond/>`,
        'methods="POST"',
      ),
    });
  });
  after(() => t.close());

  it('prints, builds and converts to XML with the text; by name no number, by index a double', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/rj1/copy`, { body: BODY, type: 'application/json' });
    assert.equal(
      r.text,
      '{"copy":{"v":529089212676606.0004,"arr":[0.10000000000000001,2.5],"s":"x"},"v":529089212676606.0004,"a0":0.10000000000000001}',
    );
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'plus = , idx = 0.3, gt = , add = 1.1',
    );
    const x = await send(`${t.base}/rj1/xml`, { body: BODY, type: 'application/json' });
    assert.equal(
      x.text,
      '<jsonObject><v>529089212676606.0004</v><arr>0.10000000000000001</arr><arr>2.5</arr><s>x</s></jsonObject>',
    );
  });
});

/**
 * Review RJ1: a JSON integer below Java's int range read by name is a Long that MI's ExpressionResult counts as an
 * int (isInteger: a JsonPrimitive Long with longValue() <= Integer.MAX_VALUE), so arithmetic takes its asInt(), the
 * low 32 bits (-3000000000 is 1294967296); Long.MIN_VALUE by name is a BigDecimal (unwrapNumber compares abs() with
 * Long.MAX_VALUE). By index it is Gson's number, a double to + (isDouble: parseDouble). Expected values: J1's
 * Jayway 2.10 + Gson + wso2-synapse ExpressionResult/BinaryOperationNode driver (a seeded grid of 2,800 cases,
 * equal but JDK 17's Double.toString); abs() and isNumber() restate PredefinedFunctionNode (isInteger first:
 * Math.abs(asInt())).
 */
describe('oracle S17 J1: a negative long read by name is an int to ${} (ExpressionResult.isInteger)', () => {
  let t: TestRuntime;
  before(async () => {
    const props = [
      ['plus', 'payload.v + 1'],
      ['times', 'payload.v * 2'],
      ['gt', 'payload.v > 1'],
      ['byIndex', 'payload.arr[0] + 1'],
      ['min', 'payload.m + 1'],
      ['abs', 'abs(payload.v)'],
      ['isNum', 'isNumber(payload.v)'],
      ['v', 'payload.v'],
    ]
      .map(([n, e]) => `<property name="${n}" expression="\${${e!.replace('>', '&gt;')}}"/>`)
      .join('');
    t = await startRuntime({
      'rj1n.xml': api('Rj1Neg', '/rj1/neg', `<log level="custom">${props}</log><respond/>`, 'methods="POST"'),
      // a variable stored untyped keeps the JsonPrimitive Long: a type converts it later (getAsInt: low 32 bits)
      'rj1w.xml': api(
        'Rj1Whole',
        '/rj1/whole',
        `<variable name="x1" expression="\${payload.v}"/><variable name="x2" expression="\${payload.w}"/>
         <variable name="y1" expression="\${vars.x1}" type="INTEGER"/><variable name="y2" expression="\${vars.x2}" type="INTEGER"/>
         <variable name="z2" expression="\${vars.x2}" type="DOUBLE"/>
         <log level="custom"><property name="y1" expression="\${vars.y1}"/><property name="y2" expression="\${vars.y2}"/><property name="z2" expression="\${vars.z2}"/></log><respond/>`,
        'methods="POST"',
      ),
    });
  });
  after(() => t.close());

  it('computes with the low 32 bits, compares the value, and refuses Long.MIN_VALUE', async () => {
    t.logs.length = 0;
    await send(`${t.base}/rj1/neg`, {
      body: '{"v":-3000000000,"arr":[-3000000000],"m":-9223372036854775808}',
      type: 'application/json',
    });
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'plus = 1294967297, times = 2589934592, gt = false, byIndex = -2.999999999E9, min = , abs = 1294967296, isNum = true, v = -3000000000',
    );
  });

  it('a variable holding a long read from JSON converts to a type later, as v2 Utils.convertJsonPrimitive does', async () => {
    t.logs.length = 0;
    await send(`${t.base}/rj1/whole`, {
      body: '{"v":-3000000000,"w":9007199254740993}',
      type: 'application/json',
    });
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'y1 = 1294967296, y2 = 1, z2 = 9.007199254740992E15',
    );
  });
});

/**
 * Review RJ1: PredefinedFunctionNode reads a text argument through ExpressionResult.asString(), which drops one pair
 * of surrounding quotes from a Java String (a property, a header, a joined text). Expected values: the s17 mi-run
 * harness (/tmp/s17-S1: wso2-synapse's own mediators and expressions) on the same flow.
 */
describe('oracle S17 J1: a quoted Java String argument of a ${} function (ExpressionResult.asString)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'rj1q.xml': api(
        'Rj1Quoted',
        '/rj1/quoted',
        `<property name="p" value='"abc"'/>
         <log level="custom"><property name="len" expression="\${length(props.synapse.p)}"/><property name="sub" expression="\${subString(props.synapse.p, 1)}"/><property name="c" expression="\${contains(headers.ETag, '&quot;')}"/><property name="l2" expression="\${length(props.synapse.p + '')}"/></log><respond/>`,
        'methods="POST"',
      ),
    });
  });
  after(() => t.close());

  it('takes the text without its quotes', async () => {
    t.logs.length = 0;
    await send(`${t.base}/rj1/quoted`, { body: '{}', type: 'application/json', headers: { ETag: '"e1"' } });
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'len = 3, sub = bc, c = false, l2 = 3',
    );
  });
});
