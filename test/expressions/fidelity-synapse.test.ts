/**
 * Fidelity of `${...}` to Micro Integrator's evaluator (wso2-synapse util/synapse/expression): how numbers are typed
 * (int, long, double) and printed, which functions answer doubles, computed indexes and slices, null and missing
 * values, failures that give no value instead of an exception. Each case is the string MI's stringValueOf gives.
 */
import { strict as assert } from 'node:assert';
import { compileExpression, ExpressionCompileError, JavaDouble } from '../../runtime-debug/engine/expr';
import { parseExpression } from '../../core/expressions';
import { parseXmlPayload } from '../../runtime-debug/engine/xml';
import { TestContext } from './helpers';

const order = {
  customer: 'Ana',
  items: ['pen', 'ink', 'pad', 'cap', 'nib'],
  from: 1,
  qty: 4,
  unit: 2.5,
  scores: [3, 4, 5],
  note: null,
  stamp: '2025-02-30 07:05:09',
};

function ctx(): TestContext {
  return new TestContext({
    json: order,
    vars: {
      i: 2,
      big: 3000000000,
      text: 'a b*c',
      padded: ' \u00a0x\t ',
      shipment: {
        payload: parseXmlPayload('<shipment ref="S-9"><box><w>12</w></box><box><w>7</w></box></shipment>')
          .documentElement,
        headers: {},
      },
      flat: 'plain',
    },
  });
}

function str(expr: string): string {
  return compileExpression(expr).evaluateString(ctx());
}

describe('Synapse expressions: fidelity to MI (numbers, functions, paths, failures)', () => {
  describe('ints stay ints, doubles print as Java doubles', () => {
    const cases: Array<[string, string]> = [
      ['${4 - 2}', '2'],
      ['${5.5 - 3.5}', '2.0'], // a double on either side: a double result
      ['${2.0}', '2.0'], // a literal with a fraction is a double
      ['${1.5 + 2.5}', '4.0'],
      ['${10 / 5}', '2'], // an exact int division stays an int
      ['${10 / 4}', '2.5'], // an inexact one is a double
      ['${9 / 3.0}', '3.0'],
      ['${vars.big / 3}', '1.0E9'], // outside the int range: a long, and a long division is a double
      ['${vars.big * 2}', '6000000000'],
      ['${payload.unit * payload.qty}', '10.0'], // 2.5 from the payload is a double
      ['${payload.qty * 2}', '8'],
      ['${0 - payload.unit * 2}', '-5.0'],
      ['${7 % 3}', '1'],
      ['${7.5 % 2}', '1.5'],
      ['${1 == 1.0}', 'false'], // MI compares the printed forms
      ['${2.0 == 2.0}', 'true'],
      ['${payload.unit + 0.5 > 2}', 'true'],
    ];
    for (const [expr, want] of cases) it(`${expr} → ${want}`, () => assert.equal(str(expr), want));

    it('a computed double is a JavaDouble (a Number) from evaluateTyped, a plain number from evaluate', () => {
      assert.equal(compileExpression('${1.5 + 2.5}').evaluate(ctx()), 4);
      const d = compileExpression('${1.5 + 2.5}').evaluateTyped(ctx());
      assert.ok(d instanceof JavaDouble);
      assert.equal(Number(d), 4);
      assert.equal(String(d), '4.0');
      assert.equal(JSON.stringify({ d }), '{"d":4}');
      assert.equal(compileExpression('${2 + 2}').evaluate(ctx()), 4);
    });
  });

  describe('functions that answer doubles, ints or keep the type', () => {
    const cases: Array<[string, string]> = [
      ['${log(100)}', '2.0'], // log is the base-10 logarithm
      ['${log(8, 2)}', '3.0'],
      ['${sqrt(9)}', '3.0'],
      ['${pow(3, 2)}', '9.0'],
      ['${floor(7.9)}', '7.0'],
      ['${floor(7)}', '7'],
      ['${ceil(-1.2)}', '-1.0'],
      ['${abs(-3)}', '3'],
      ['${abs(-3.0)}', '3.0'],
      ['${round(2.5)}', '3'], // round(double) is an int
      ['${round(-2.5)}', '-2'],
      ['${round(7.456, 2)}', '7.46'],
      ['${round(7.4, 3)}', '7.4'],
      ['${round(7, 2)}', '7'],
      ['${float(12)}', '12.0'],
      ['${float("1.5") + 1}', '2.5'],
      ['${integer("12") + 1}', '13'],
      ['${integer(1.5)}', ''], // not an int: no value
      ['${string(0.5 + 0.5)}', '1.0'],
      ['${isNumber(sqrt(4))}', 'true'],
      ['${payload.scores.sum()}', '12.0'], // JSONPath aggregates answer doubles
      ['${payload.scores.avg()}', '4.0'],
      ['${payload.scores.max()}', '5.0'],
      ['${payload.scores.length()}', '3'],
    ];
    for (const [expr, want] of cases)
      it(`${expr} → ${JSON.stringify(want)}`, () => assert.equal(str(expr), want));
  });

  describe('computed indexes, unions and slices', () => {
    const cases: Array<[string, string]> = [
      ['${payload.items[vars.i]}', 'pad'],
      ['${payload.items[payload.from, 4]}', '["ink","nib"]'],
      ['${payload.items[vars.i, 0]}', '["pad","pen"]'],
      ['${payload.items[payload.from:3]}', '["ink","pad"]'],
      ['${payload.items[payload.from + 2:]}', '["cap","nib"]'],
      ['${payload.items[:vars.i]}', '["pen","ink"]'],
      ['${$.items[0:vars.i + 3:2]}', '["pen","pad","nib"]'],
    ];
    for (const [expr, want] of cases) it(`${expr} → ${want}`, () => assert.equal(str(expr), want));

    it('the editor parses them without errors', () => {
      for (const [expr] of cases) {
        const p = parseExpression(expr);
        assert.deepEqual(
          p.errors.filter((e) => e.severity === 'error'),
          [],
          expr,
        );
      }
    });
  });

  describe('null, missing values and failures give no value', () => {
    const cases: Array<[string, string]> = [
      ['${payload.note}', ''], // JSON null prints as nothing
      ['${null}', ''],
      ['${payload.note == null}', 'true'],
      ['${exists(payload.note)}', 'false'],
      ['${exists(null)}', 'false'],
      ['${exists(payload.customer)}', 'true'],
      ['${payload.nothing}', ''],
      ['${5 > "x"}', ''],
      ['${"a" + 1}', ''],
      ['${10 / 0}', ''],
      ['${1.5 / 0}', ''],
      ['${base64encode("hi", "NO-SUCH-CHARSET")}', ''],
      ['${urlEncode("hi", "NO-SUCH-CHARSET")}', ''],
      ['${formatDateTime("50-10-10", "HH-mm-ss", "HH:mm")}', ''], // hour 50 does not exist
      ['${formatDateTime("2025-13-01", "yyyy-MM-dd", "dd/MM")}', ''],
      ['${formatDateTime("2025-01-32", "yyyy-MM-dd", "dd/MM")}', ''],
      ['${formatDateTime("10:00", "yyyy-MM-dd", "dd/MM")}', ''],
      // java.time cannot print a time of a date-only value, a date of a time-only one, or any zone
      ['${formatDateTime("2025-01-05", "yyyy-MM-dd", "dd/MM/yyyy HH:mm")}', ''],
      ['${formatDateTime("07:30", "HH:mm", "yyyy HH")}', ''],
      ['${formatDateTime("2025-01-05 07:30", "yyyy-MM-dd HH:mm", "HH:mm XXX")}', ''],
      ['${formatDateTime(now(), "yyyy Z")}', ''],
    ];
    for (const [expr, want] of cases)
      it(`${expr} → ${JSON.stringify(want)} (no exception)`, () => assert.equal(str(expr), want));
  });

  describe('encoding and dates', () => {
    const cases: Array<[string, string]> = [
      ['${trim(" \\t x \\t")}', '\\t x \\t'], // a literal keeps \\t as two characters
      ['${trim(vars.padded)}', '\u00a0x'], // Java trims up to U+0020 only
      ['${urlEncode(vars.text)}', 'a%20b%2Ac'],
      ['${urlEncode(vars.text, "UTF-8")}', 'a%20b%2Ac'],
      ['${urlEncode(vars.text, "ISO-8859-1")}', 'a+b*c'], // the %20/%2A rewrite is for "UTF-8" only
      // a day past the end of the month moves back to its last day (java.time SMART resolving)
      ['${formatDateTime(payload.stamp, "yyyy-MM-dd HH:mm:ss", "dd.MM.yyyy H:mm")}', '28.02.2025 7:05'],
      ['${formatDateTime("2025-01-05", "yyyy-MM-dd", "dd MMM yyyy")}', '05 Jan 2025'], // a date-only value
      ['${formatDateTime("07:30", "HH:mm", "h:mm a")}', '7:30 AM'], // a time-only value
      // an offset in the input is read and dropped (a local date-time)
      ['${formatDateTime("2025-01-05T07:30:00+05:30", "yyyy-MM-dd\'T\'HH:mm:ssXXX", "HH:mm")}', '07:30'],
    ];
    for (const [expr, want] of cases) it(`${expr} → ${want}`, () => assert.equal(str(expr), want));
  });

  it("a filter's test is Boolean.parseBoolean of the string (case-insensitive; a list is not true)", () => {
    const c = new TestContext({ json: { a: 'TRUE', b: ['true'], c: true, d: 'yes' }, vars: {} });
    const b = (e: string): boolean => compileExpression(e).evaluateBoolean(c);
    assert.equal(b('${payload.a}'), true);
    assert.equal(b('${payload.c}'), true);
    assert.equal(b('${payload.b}'), false);
    assert.equal(b('${payload.d}'), false);
    assert.equal(b('${payload.missing}'), false);
    assert.equal(b('json-eval($.a)'), true);
    assert.equal(b('json-eval($.b)'), false);
    assert.equal(b('json-eval($..c)'), false); // a list: ["true"] as text
  });

  it('registry(): the resource text as stored, a path into its JSON, a property by 2 arguments or .property()', () => {
    const c = new TestContext({
      registry: { 'gov:/cfg.json': '{ "limits": { "max": 9 } }', 'gov:/cfg.json@owner': 'ops' },
    });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v("${registry('gov:/cfg.json')}"), '{ "limits": { "max": 9 } }');
    assert.equal(v("${registry('gov:/cfg.json').limits.max}"), '9');
    assert.equal(v("${registry('gov:/cfg.json', 'owner')}"), 'ops');
    assert.equal(v("${registry('gov:/cfg.json').property('owner')}"), 'ops');
    assert.equal(v("${registry('gov:/cfg.json', 'nobody')}"), '');
    assert.equal(v("${registry('gov:/none.json')}"), '');
    assert.deepEqual(
      parseExpression("${registry('gov:/cfg.json', 'owner')}").errors.filter((e) => e.severity === 'error'),
      [],
    );
  });

  it("names after a dot may hold '-', as MI's identifiers do (headers.Content-Type; vars.a-1 is a name)", () => {
    const c = new TestContext({
      headers: { 'Content-Type': 'application/json' },
      vars: { a: 5, 'a-1': 'dash' },
      json: { 'x-id': 7 },
    });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v('${headers.Content-Type}'), 'application/json');
    assert.equal(v('${vars.a-1}'), 'dash');
    assert.equal(v('${vars.a - 1}'), '4');
    assert.equal(v('${payload.x-id + 1}'), '8');
    assert.deepEqual(parseExpression('${headers.Content-Type}').errors, []);
    // a name ending in -<digits> is probably a subtraction: a warning says how MI reads it
    assert.deepEqual(
      parseExpression('${vars.a-1}').errors.map((e) => [e.code, e.severity]),
      [['EXPR_SYNAPSE_SYNTAX', 'warning']],
    );
  });

  it('string literals are kept as written (no escape decoding); escapes MI refuses are syntax errors', () => {
    const c = new TestContext({ vars: { ip: '10.1.2.3', path: 'a\\b' } });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v('${"a\\"b"}'), 'a\\"b');
    assert.equal(v('${"\\u0041"}'), '\\u0041');
    assert.equal(v('${split(vars.ip, "[.]")}'), '["10","1","2","3"]');
    // the literal "\\\\" is two backslashes, which 'a\\b' does not hold
    assert.equal(v('${replace(vars.path, "\\\\", "/")}'), 'a\\b');
    assert.equal(v('${replace("x\\\\y", "\\\\", "/")}'), 'x/y');
    assert.equal(v("${'it' + 's'}"), 'its');
    // inside a filter the condition is JSONPath text, whose strings Jayway decodes
    const people = new TestContext({ json: { p: [{ n: "O'Neil" }, { n: 'Ann' }] } });
    assert.equal(
      compileExpression("${payload.p[?(@.n == 'O\\'Neil')].n}").evaluateString(people),
      '["O\'Neil"]',
    );
    for (const bad of ['${split(vars.ip, "\\.")}', '${"\\d+"}']) {
      assert.throws(() => compileExpression(bad), ExpressionCompileError, bad);
      const errs = parseExpression(bad).errors.filter((e) => e.severity === 'error');
      assert.equal(errs.length, 1, bad);
      assert.equal(errs[0]!.code, 'EXPR_SYNAPSE_SYNTAX');
    }
  });

  describe('headers, properties, parameters and configs are read as numbers when their text is one', () => {
    const c = (): TestContext =>
      new TestContext({
        headers: { 'X-Count': '7', 'X-Rate': '2.50', 'X-Pad': ' 5 ', 'X-Name': 'ann', 'X-Big': '9000000000' },
        props: { total: '12', label: 'L', code: '007' },
        axis2: { HTTP_SC: 404 },
        query: { limit: '10', q: 'abc' },
        uri: { id: '42' },
        configs: { retries: '3' },
        func: { f: '1.5' },
      });
    const cases: Array<[string, string]> = [
      ['${headers.X-Count + 1}', '8'],
      ['${headers.X-Rate * 2}', '5.0'], // "2.50" is a double
      ['${headers.X-Rate}', '2.5'], // and prints as one
      ['${headers.X-Pad + 1}', '6.0'], // Integer.parseInt fails on spaces; Double.parseDouble trims
      ['${headers.X-Big + 1}', '9000000001'], // a long
      ['${headers.X-Name + 1}', ''], // text + number: no value
      ['${headers.X-Name + "!"}', 'ann!'],
      ['${props.synapse.total / 4}', '3'],
      ['${props.synapse.code}', '7'], // "007" is the int 7
      ['${props.axis2.HTTP_SC == 404}', 'true'],
      ['${params.queryParams.limit > 5}', 'true'],
      ['${params.queryParams.q}', 'abc'],
      ['${params.pathParams.id + 1}', '43'],
      ['${configs.retries * 2}', '6'],
      ['${params.functionParams.f + 1}', '2.5'],
      ['${isNumber(headers.X-Count)}', 'true'],
      ['${isString(headers.X-Count)}', 'false'],
      // a missing one is a failure, not null
      ['${props.synapse.nothing == null}', ''],
      ['${headers.X-None == null}', ''],
      ['${exists(headers.X-None)}', 'false'],
      ['${exists(props.synapse.total)}', 'true'],
    ];
    for (const [expr, want] of cases)
      it(`${expr} → ${JSON.stringify(want)}`, () =>
        assert.equal(compileExpression(expr).evaluateString(c()), want));
  });

  describe("operator grouping follows MI's grammar (&& and || before comparisons, from the right)", () => {
    const c = (): TestContext =>
      new TestContext({
        vars: { a: 5, b: 1 },
        json: {
          r: [
            { x: 2, y: 1 },
            { x: 0, y: 1 },
          ],
        },
      });
    const cases: Array<[string, string]> = [
      ['${vars.a > 1 && vars.b < 2}', ''], // vars.a > (1 && vars.b) < 2: no value
      ['${(vars.a > 1) && (vars.b < 2)}', 'true'],
      ['${vars.a > 1 ? "big" : "small"}', 'big'],
      ['${false && true || true}', 'false'], // false && (true || true)
      ['${(false && true) || true}', 'true'],
      ['${payload.r[?(@.x > 1 && @.y < 2)].x}', '[2]'], // a filter is JSONPath: the usual precedence
    ];
    for (const [expr, want] of cases)
      it(`${expr} → ${JSON.stringify(want)}`, () =>
        assert.equal(compileExpression(expr).evaluateString(c()), want));
  });

  describe('the whole payload', () => {
    it("${payload} of an application/xml message is the SOAP Body element (MI answers xpath('$body'))", () => {
      const c = new TestContext({ xml: '<ack><ok>1</ok></ack>', axis2: { ContentType: 'application/xml' } });
      assert.equal(
        compileExpression('${payload}').evaluateString(c),
        '<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><ack><ok>1</ok></ack></soapenv:Body>',
      );
      assert.equal(
        compileExpression('${$}').evaluateString(c),
        compileExpression('${payload}').evaluateString(c),
      );
    });
    it('${payload} of a JSON message is the JSON text', () => {
      assert.equal(str('${payload.scores}'), '[3,4,5]');
      assert.equal(JSON.parse(str('${payload}')).customer, 'Ana');
    });
  });

  it('knows which expressions read the payload (as MI decides content awareness)', () => {
    const aware = (e: string): boolean => compileExpression(e).payloadAware;
    assert.equal(aware("${xpath('$ctx:name')}"), false);
    assert.equal(aware("${vars.a + xpath('$ctx:b')}"), false);
    assert.equal(aware("${xpath('//student')}"), true);
    assert.equal(aware("${xpath('$ctx:b') + $.age}"), true);
    assert.equal(aware('${vars.books[?(@.c == payload.c)]}'), true);
    assert.equal(aware('${vars.books[?(@.c == "payload.c")]}'), false);
  });

  it('json-eval paths take dynamic {xpath} / {json-eval(...)} values, filled in per message', () => {
    const c = (i: string): TestContext =>
      new TestContext({
        json: {
          items: [
            { n: 'a', c: 'x' },
            { n: 'b', c: 'y' },
          ],
          pick: 0,
        },
        props: { i, cat: 'y' },
      });
    const e = compileExpression('json-eval($.items[{$ctx:i}].n)');
    assert.equal(e.evaluateString(c('1')), 'b');
    assert.equal(e.evaluateString(c('0')), 'a');
    assert.equal(e.evaluateString(c('x]')), ''); // the filled-in text is no JSONPath: no value
    assert.equal(
      compileExpression("json-eval($.items[?(@.c == '{$ctx:cat}')].n)").evaluateString(c('0')),
      '["b"]',
    );
    assert.equal(compileExpression('json-eval($.items[{json-eval($.pick)}].c)').evaluateString(c('0')), 'x');
    assert.deepEqual(parseExpression('json-eval($.items[{$ctx:i}].n)').errors, []);
  });

  it('object()/array() read JSON kept as an escaped string, as MI does (quotes dropped, backslashes removed)', () => {
    const c = new TestContext({
      vars: { plain: '{"a":{"b":2}}', escaped: '"{\\"a\\":{\\"b\\":3}}"', list: '[1,2]', text: 'abc' },
    });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v('${object(vars.plain).a.b}'), '2');
    assert.equal(v('${object(vars.escaped).a.b}'), '3');
    assert.equal(v('${isObject(vars.escaped)}'), 'true');
    assert.equal(v('${array(vars.list)[1]}'), '2');
    assert.equal(v('${isArray(vars.text)}'), 'false');
    assert.equal(v('${object(vars.text)}'), '');
  });

  it("a Java String result loses one pair of surrounding quotes (MI's asString); a JSON string keeps them", () => {
    const c = new TestContext({
      vars: { name: 'abc' },
      json: { quoted: "'kept'" },
      headers: { 'X-Q': '"hq"' },
    });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v(`\${"'" + vars.name + "'"}`), 'abc');
    assert.equal(v(`\${"Name: '" + vars.name + "'"}`), "Name: 'abc'");
    assert.equal(v(`\${("'" + vars.name + "'") + "!"}`), 'abc!');
    assert.equal(v('${payload.quoted}'), "'kept'");
    assert.equal(v('${headers.X-Q}'), 'hq');
    assert.equal(v(`\${toUpper("'x'")}`), 'X');
    assert.equal(v(`\${"'" + vars.name + "'" == "abc"}`), 'true');
  });

  it('warns where MI takes a single name (headers, props, params, configs) and suggests brackets', () => {
    const w = (e: string): string[] => parseExpression(e).errors.map((x) => `${x.severity}: ${x.message}`);
    assert.deepEqual(w('${props.synapse.uri.var.id}'), [
      'warning: MI takes a single name after props.synapse: it would not load this expression. For a name with dots write props.synapse["uri.var.id"].',
    ]);
    assert.equal(w('${configs.db.url}').length, 1);
    assert.deepEqual(w('${props.synapse["uri.var.id"]}'), []);
    assert.deepEqual(w('${vars.a.b.c}'), []);
    // still evaluated leniently (the longest property name that exists)
    const c = new TestContext({ props: { 'uri.var.id': '7' } });
    assert.equal(compileExpression('${props.synapse.uri.var.id}').evaluateString(c), '7');
  });

  it('json-eval($) answers the JSON body as written; ${payload} re-serializes it (Gson)', () => {
    const text = '{\n  "a" : 1\n}';
    const c = new TestContext({ json: { a: 1 }, text });
    assert.equal(compileExpression('json-eval($)').evaluateString(c), text);
    assert.equal(compileExpression('json-eval($.)').evaluateString(c), text);
    assert.equal(compileExpression('json-eval($.a)').evaluateString(c), '1');
    assert.equal(compileExpression('${payload}').evaluateString(c), '{"a":1}');
    assert.deepEqual(compileExpression('json-eval($)').evaluate(c), { a: 1 });
  });

  describe('xpath() on variables', () => {
    const cases: Array<[string, string]> = [
      ["${xpath('/shipment/@ref', 'shipment.payload')}", 'S-9'], // a field of a map variable holding XML
      ["${xpath('//box[2]/w/text()', 'shipment.payload')}", '7'],
      ["${xpath('//w', 'shipment.payload')}", '<w>12</w><w>7</w>'],
      // MI runs `$var:<name>` + the text: a function call there is no XPath, so no value (not a load error)
      ["${xpath('sum(//w)', 'shipment.payload')}", ''],
      ["${'ref ' + xpath('/shipment/@ref', 'shipment.payload')}", 'ref S-9'],
      ["${xpath('//w', 'shipment.headers')}", ''], // not XML
      ["${xpath('//w', 'flat.payload')}", ''], // not a map
      ["${xpath('//w', 'nope.payload')}", ''],
      ["${xpath('//w', '')}", ''], // compiles; no value at run time
    ];
    for (const [expr, want] of cases)
      it(`${expr} → ${JSON.stringify(want)}`, () => assert.equal(str(expr), want));
  });
});
