import { strict as assert } from 'node:assert';
import { JSONPath } from 'jsonpath-plus';
import {
  compileExpression,
  compileTemplate,
  compileValue,
  ExpressionCompileError,
  JavaDouble,
} from '../../runtime-debug/engine/expr';
import { serializeXml } from '../../runtime-debug/engine/xml';
import { TestContext } from './helpers';

const STORE = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel', title: 'Sayings', price: 8.95, tags: ['a'] },
      { category: 'fiction', author: 'Evelyn', title: 'Honour', price: 12.99, tags: ['a', 'b'] },
      { category: 'fiction', author: 'Herman', title: 'Moby', isbn: '0-553', price: 8.99, tags: [] },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  name: 'John Smith',
  'first name': 'John',
  count: 3,
  ok: true,
  nothing: null,
  csv: 'a,b,,c,,',
  text: '{"x":{"y":5}}',
};

function jctx(extra: ConstructorParameters<typeof TestContext>[0] = {}): TestContext {
  return new TestContext({ json: STORE, ...extra });
}

describe('json-eval (JSONPath)', () => {
  const cases: Array<[string, string]> = [
    ['json-eval($.name)', 'John Smith'],
    ['json-eval($.count)', '3'],
    ['json-eval($.ok)', 'true'],
    ['json-eval($.nothing)', 'null'],
    ['json-eval($.missing)', ''],
    ['json-eval($.store.bicycle)', '{"color":"red","price":19.95}'],
    ['json-eval($.store.book[0].title)', 'Sayings'],
    ['json-eval($.store.book[-1].title)', 'Moby'],
    ["json-eval($['first name'])", 'John'],
    ['json-eval($.store.book[*].author)', '["Nigel","Evelyn","Herman"]'],
    ['json-eval($..price)', '[8.95,12.99,8.99,19.95]'],
    ['json-eval($.store.book[0,2].title)', '["Sayings","Moby"]'],
    ['json-eval($.store.book[1:].title)', '["Honour","Moby"]'],
    ['json-eval($.store.book[:1].title)', '["Sayings"]'],
    ['json-eval($.store.book[?(@.price < 10)].title)', '["Sayings","Moby"]'],
    ['json-eval($.store.book[?(@.isbn)].title)', '["Moby"]'],
    ["json-eval($.store.book[?(@.category == 'fiction' && @.price > 10)].title)", '["Honour"]'],
    ['json-eval($.store.book[?(@.author =~ /^E.*/)].title)', '["Honour"]'],
    // Jayway's == compares a number with a string holding it as numbers (NumberNode.equals; oracle J5, Jayway 2.10)
    ["json-eval($.store.book[?(@.price == '8.95')].title)", '["Sayings"]'],
    ['json-eval($.store.book[?(@.price == 8.95)].title)', '["Sayings"]'],
    ["json-eval($.store.book[?(@.category in ['reference'])].title)", '["Sayings"]'],
    ["json-eval($.store.book[?(@.category nin ['reference'])].title)", '["Honour","Moby"]'],
    ['json-eval($.store.book[?(@.tags size 2)].title)', '["Honour"]'],
    ['json-eval($.store.book[?(@.tags empty true)].title)', '["Moby"]'],
    ["json-eval($.store.book[?(@.tags anyof ['b'])].title)", '["Honour"]'],
    ['json-eval($.store.book.length())', '3'],
    // after [*] Jayway runs the function on each price, no array: an error, no value (oracle J5, Jayway 2.10);
    // `$..price.min()` reads as min($..price) (CompiledPath.invertScannerFunctionRelationship)
    ['json-eval($.store.book[*].price.min())', ''],
    ['json-eval($.store.book[*].price.max())', ''],
    ['json-eval($..price.min())', '8.95'],
    ['json-eval($..price.max())', '19.95'],
    ['json-eval($.store.bicycle.keys())', '["color","price"]'],
    ['json-eval($)', JSON.stringify(STORE)],
    ['json-eval($.)', JSON.stringify(STORE)],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} → ${want.length > 60 ? `${want.slice(0, 60)}…` : want}`, () => {
      assert.equal(compileExpression(expr).evaluateString(jctx()), want);
    });
  }

  it('agrees with jsonpath-plus on paths both support', () => {
    for (const p of [
      '$.store.book[*].author',
      '$..price',
      '$.store.book[1:3].title',
      '$.store.*',
      '$..book[0].title',
      '$.store.book[?(@.price > 9)].price',
    ]) {
      const ours = compileExpression(`json-eval(${p})`).evaluate(jctx());
      const theirs = JSONPath({ path: p, json: STORE, wrap: true });
      assert.deepEqual(ours, theirs, p);
    }
  });

  it('takes a bare path with evaluator="json" and gives a boolean for filters', () => {
    const c = compileExpression('$.store.bicycle.color', {}, { kind: 'jsonpath' });
    assert.equal(c.kind, 'jsonpath');
    assert.equal(c.evaluateString(jctx()), 'red');
    assert.equal(compileExpression('json-eval($.ok)').evaluateBoolean(jctx()), true);
    assert.equal(compileExpression('json-eval($.name)').evaluateBoolean(jctx()), false);
    assert.equal(compileExpression('json-eval($.missing)').evaluate(new TestContext({})), undefined);
  });

  it('runs on a property holding JSON: json-eval($ctx:name...), $axis2:, $trp:', () => {
    const ctx = new TestContext({
      json: STORE,
      props: { student: '{"name":"Ann","marks":[70,80]}' },
      axis2: { obj: { k: 'v' } },
      headers: { 'X-Json': '{"a":1}' },
    });
    const c = compileExpression('json-eval($ctx:student.name)');
    assert.equal(c.payloadAware, false);
    assert.equal(c.evaluateString(ctx), 'Ann');
    assert.equal(compileExpression('json-eval($ctx:student.marks[1])').evaluateString(ctx), '80');
    assert.equal(
      compileExpression('json-eval($ctx:student)').evaluateString(ctx),
      '{"name":"Ann","marks":[70,80]}',
    );
    assert.equal(compileExpression('json-eval($axis2:obj.k)').evaluateString(ctx), 'v');
    assert.equal(compileExpression('json-eval($trp:X-Json.a)').evaluateString(ctx), '1');
    // SynapseJsonPath.stringValueOf(String) has no try/catch: Jayway's read of the unset property's "" throws
    // (oracle J5: IllegalArgumentException "json can not be null or empty"), the mediator fails
    assert.throws(
      () => compileExpression('json-eval($ctx:missing.a)').evaluateString(ctx),
      /json can not be null or empty/,
    );
  });

  it('refuses malformed paths at compile time with a span in the attribute', () => {
    assert.throws(
      () => compileExpression('json-eval($.a[0)'),
      (e: unknown) =>
        e instanceof ExpressionCompileError && e.code === 'EXPR_JSONPATH_SYNTAX' && e.span.start >= 13,
    );
  });
});

describe('Synapse expressions: roots and navigation', () => {
  const init = {
    json: STORE,
    vars: {
      total: 42,
      s: '{"a":{"b":"deep"}}',
      list: [1, 2, 3],
      user: { name: 'ann', roles: ['x', 'y'] },
      'my var': 'spaced',
      xmlv: '<list><name>n1</name><name>n2</name></list>',
    },
    headers: { 'Content-Type': 'application/json', Host: 'localhost' },
    props: { 'uri.var.id': '17', ERROR_MESSAGE: 'boom', prop1: 'p1' },
    axis2: { HTTP_SC: 200 },
    uri: { id: '17' },
    query: { limit: '10' },
    func: { message: 'hello' },
    configs: { backendUrl: 'http://127.0.0.1:9000' },
    registry: { 'gov:/a.json': '{"x":{"y":"reg"}}', 'gov:/a.json@owner': 'ops' },
    secrets: { db: 's3cret' },
  };
  const cases: Array<[string, string]> = [
    ['${payload.name}', 'John Smith'],
    ['${$.name}', 'John Smith'],
    ['${payload["first name"]}', 'John'],
    ['${payload.store.book[1].title}', 'Honour'],
    ['${payload.store.book[*].title}', '["Sayings","Honour","Moby"]'],
    ['${payload..author}', '["Nigel","Evelyn","Herman"]'],
    ['${payload.store.book[?(@.price < vars.total / 4)].title}', '["Sayings","Moby"]'],
    ['${payload.store.book.length()}', '3'],
    ['${payload.store.book[vars.list[0]].title}', 'Honour'],
    ['${payload}', JSON.stringify(STORE)],
    ['${vars.total}', '42'],
    ['${vars["my var"]}', 'spaced'],
    ['${vars.user.roles[1]}', 'y'],
    ['${vars.s.a.b}', 'deep'], // JSON text in a variable can be navigated
    ['${var.total}', '42'], // pre-release spelling still works
    ['${headers.Host}', 'localhost'],
    ['${headers["content-type"]}', 'application/json'],
    ['${props.synapse.ERROR_MESSAGE}', 'boom'],
    ['${properties.synapse.prop1}', 'p1'],
    ['${props.synapse["uri.var.id"]}', '17'],
    ['${properties.uri.var.id}', '17'], // pre-release form: a dotted synapse property name
    ['${props.axis2.HTTP_SC}', '200'],
    ['${params.pathParams.id}', '17'],
    ['${params.uriParams.id}', '17'],
    ['${params.queryParams.limit}', '10'],
    ['${params.functionParams.message}', 'hello'],
    ['${configs.backendUrl}', 'http://127.0.0.1:9000'],
    ['${config.backendUrl}', 'http://127.0.0.1:9000'],
    ["${registry('gov:/a.json').x.y}", 'reg'],
    ["${registry('gov:/a.json').property('owner')}", 'ops'],
    ["${wso2-vault('db')}", 's3cret'],
    ["${secret('db')}", 's3cret'],
    ['${object(vars.s).a.b}', 'deep'],
    ['${array("[1,2]")[1]}', '2'],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} → ${want.length > 50 ? `${want.slice(0, 50)}…` : want}`, () => {
      assert.equal(compileExpression(expr).evaluateString(new TestContext(init)), want);
    });
  }

  it('reads headers, properties, parameters and configs as numbers when their text is one, as MI does', () => {
    // HeadersAndPropertiesAccessNode: the value's text through Integer/Long/Double.parse, else the text
    const ctx = new TestContext(init);
    assert.equal(compileExpression('${props.axis2.HTTP_SC}').evaluate(ctx), 200);
    assert.equal(compileExpression('${isString(props.axis2.HTTP_SC)}').evaluate(ctx), false);
    assert.equal(compileExpression('${props.axis2.HTTP_SC + 1}').evaluate(ctx), 201);
    assert.equal(compileExpression('${integer(props.axis2.HTTP_SC) + 1}').evaluate(ctx), 201);
    assert.equal(compileExpression('${params.queryParams.limit > 5}').evaluate(ctx), true);
    assert.equal(compileExpression('${integer(params.queryParams.limit) > 5}').evaluate(ctx), true);
  });

  it('evaluates xpath() on the payload and on an XML variable', () => {
    const ctx = new TestContext({ xml: '<r><a>1</a><b><c>x</c></b></r>', vars: init.vars });
    assert.equal(compileExpression("${xpath('//a')}").evaluateString(ctx), '1');
    const el = compileExpression("${xpath('//b')}").evaluate(ctx);
    assert.equal(serializeXml(el as never), '<b><c>x</c></b>');
    assert.equal(
      compileExpression("${xpath('//name', 'xmlv')}").evaluateString(ctx),
      '<name>n1</name><name>n2</name>',
    );
    assert.equal(compileExpression("${xpath('//name/text()', 'xmlv')}").evaluateString(ctx), 'n1n2');
    // MI runs `$var:<name>` followed by the expression
    assert.equal(compileExpression("${xpath('/name[2]', 'xmlv')}").evaluateString(ctx), 'n2');
    // `$var:xmlv` + `count(//name)` is no XPath: MI builds that text at run time, so no value (the config loads)
    assert.equal(compileExpression("${xpath('count(//name)', 'xmlv')}").evaluateString(ctx), '');
    assert.equal(compileExpression("${xpath('//b')}").evaluateNodes(ctx).length, 1);
  });

  it('knows which expressions read the payload', () => {
    assert.equal(compileExpression('${vars.total + 1}').payloadAware, false);
    assert.equal(compileExpression('${payload.a}').payloadAware, true);
    assert.equal(compileExpression("${xpath('//a')}").payloadAware, true);
    assert.equal(compileExpression("${xpath('//a', 'v')}").payloadAware, false);
  });
});

describe('Synapse expressions: operators, literals and functions', () => {
  const ctx = (): TestContext =>
    new TestContext({
      json: STORE,
      vars: {
        n: 5,
        s: 'Hello World',
        f: 2.5,
        t: true,
        str5: '5',
        arr: [3, 1, 2],
        obj: { a: 1 },
        when: '2024-03-05 14:07:09',
      },
    });
  const cases: Array<[string, unknown]> = [
    ['${1 + 2 * 3}', 7],
    ['${(1 + 2) * 3}', 9],
    ['${10 / 4}', new JavaDouble(2.5)],
    ['${10 % 4}', 2],
    ['${0 - vars.n + 1}', -4],
    ["${'a' + 'b'}", 'ab'],
    ['${vars.n + vars.f}', new JavaDouble(7.5)],
    ['${0.1 + 0.2}', new JavaDouble(0.3)], // MI adds doubles as BigDecimals
    ['${2.5 - 0.1}', new JavaDouble(2.4)],
    ['${1.1 * 3}', new JavaDouble(3.3)],
    ['${10 / 5}', 2],
    ['${7.5 / 2}', new JavaDouble(3.8)], // a double division keeps the left operand's scale, rounding half up
    ['${7 % 3}', 1],
    ['${7.5 % 2}', new JavaDouble(1.5)],
    // MI keeps a string literal as written: its escapes are not decoded
    ['${"esc\\"aped\\n\\u0041"}', 'esc\\"aped\\n\\u0041'],
    ['${vars.n == 5}', true],
    ['${vars.n == "5"}', true],
    ['${vars.n != 5}', false],
    ['${vars.s == "Hello World"}', true],
    ['${vars.obj == vars.obj}', true],
    ['${payload.nothing == null}', true],
    ['${vars.n != null}', true],
    ['${(vars.n > 4) && (vars.n <= 5)}', true],
    // MI groups && before comparisons: vars.n > (4 && vars.n) <= 5 fails, so no value
    ['${vars.n > 4 && vars.n <= 5}', undefined],
    ['${vars.t || false}', true],
    ['${not(vars.t)}', false],
    ['${(vars.n > 10) or vars.t and true}', true],
    // and/or group from the right in MI: false && (true || true)
    ['${false && true || true}', false],
    ['${not(vars.t)}', false],
    ["${vars.n > 3 ? 'big' : 'small'}", 'big'],
    ['${[1, "a", vars.n]}', [1, 'a', 5]],
    ['${null}', null],
    ['${length(vars.s)}', 11],
    ['${length(vars.arr)}', 3],
    ['${toUpper(vars.s)}', 'HELLO WORLD'],
    ['${toLower(vars.s)}', 'hello world'],
    ['${subString(vars.s, 6)}', 'World'],
    ['${subString(vars.s, 0, 5)}', 'Hello'],
    ["${startsWith(vars.s, 'Hell')}", true],
    ["${endsWith(vars.s, 'x')}", false],
    ["${contains(vars.s, 'o W')}", true],
    ["${trim('  x  ')}", 'x'],
    ["${replace(vars.s, 'o', '0')}", 'Hell0 W0rld'],
    ["${split(payload.csv, ',')}", ['a', 'b', '', 'c']],
    ['${charAt(vars.s, 4)}', 'o'],
    ["${indexOf(vars.s, 'o')}", 4],
    ["${indexOf(vars.s, 'o', 5)}", 7],
    ['${abs(-3)}', 3],
    ['${ceil(vars.f)}', new JavaDouble(3)],
    ['${floor(vars.f)}', new JavaDouble(2)],
    ['${sqrt(16)}', new JavaDouble(4)],
    ['${log(8, 2)}', new JavaDouble(3)],
    ['${pow(2, 10)}', new JavaDouble(1024)],
    ['${round(vars.f)}', 3],
    ['${round(3.14159, 2)}', new JavaDouble(3.14)],
    ["${base64encode('hi there')}", 'aGkgdGhlcmU='],
    ["${base64decode('aGkgdGhlcmU=')}", 'hi there'],
    ["${urlEncode('a b/c*')}", 'a%20b%2Fc%2A'],
    ["${urlDecode('a+b%2Fc')}", 'a b/c'],
    ['${isNumber(vars.n)}', true],
    ['${isNumber(vars.str5)}', false],
    ['${isString(vars.s)}', true],
    ['${isArray(vars.arr)}', true],
    ["${isArray('[1, 2]')}", true],
    ['${isObject(\'{"a": 1}\')}', true],
    ['${isObject(vars.obj)}', true],
    ['${integer(vars.str5) + 1}', 6],
    ["${float('2.5') * 2}", new JavaDouble(5)],
    ['${string(vars.n) + string(vars.obj)}', '5{"a":1}'],
    ["${boolean('true')}", true],
    ["${boolean('no')}", false],
    ['${exists(vars.n)}', true],
    ['${exists(vars.nope)}', false],
    ['${exists(payload.store.nope.deeper)}', false],
    ['${now()}', Date.UTC(2024, 0, 15, 10, 30, 45, 123)],
    ["${formatDateTime(vars.when, 'yyyy-MM-dd HH:mm:ss', 'dd/MM/yyyy HH:mm')}", '05/03/2024 14:07'],
    [
      "${formatDateTime(now(), 'yyyy')}",
      String(new Date(Date.UTC(2024, 0, 15, 10, 30, 45, 123)).getFullYear()),
    ],
    [
      "${formatDateTime(vars.when, 'yyyy-MM-dd HH:mm:ss', \"EEE, d MMM yyyy 'at' h:mm a\")}",
      'Tue, 5 Mar 2024 at 2:07 PM',
    ],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} → ${JSON.stringify(want)}`, () => {
      assert.deepEqual(compileExpression(expr).evaluateTyped(ctx()), want);
    });
  }

  it('gives no value (not an exception) when evaluation fails, and says why in tryEvaluate', () => {
    for (const e of [
      '${vars.missing == null}',
      '${payload.nope == null}',
      "${'a' + 1}",
      '${vars.str5 + 1}',
      "${'b' > 'a'}",
      '${vars.str5 > 1}',
      "${startsWith(vars.n, '5')}",
      '${toUpper(vars.missing)}',
      '${vars.missing + 1}',
      '${vars.s * 2}',
      '${subString(vars.s, 20)}',
      '${1 / 0}',
      '${vars.s && true}',
      "${object('[1]')}",
      "${wso2-vault('none')}",
      '${vars.missing.x}',
    ]) {
      const c = compileExpression(e);
      assert.equal(c.evaluate(ctx()), undefined, e);
      assert.equal(c.evaluateString(ctx()), '', e);
      const t = c.tryEvaluate(ctx());
      assert.equal(t.ok, false, e);
      if (!t.ok) assert.ok(t.error.length > 5, e);
    }
  });

  it('refuses expressions that do not parse, with the error code and place', () => {
    assert.throws(
      () => compileExpression('${vars.a +}'),
      (e: unknown) =>
        e instanceof ExpressionCompileError && e.code === 'EXPR_SYNAPSE_SYNTAX' && e.span.start === 10,
    );
    assert.throws(
      () => compileExpression('${foo.bar}'),
      (e: unknown) => e instanceof ExpressionCompileError && e.code === 'EXPR_UNKNOWN_VARIABLE',
    );
    assert.throws(
      () => compileExpression('${toupper(vars.a)}'),
      (e: unknown) => e instanceof ExpressionCompileError && e.code === 'EXPR_UNKNOWN_FUNCTION',
    );
    assert.throws(
      () => compileExpression("${xpath('//a[')}"),
      (e: unknown) => e instanceof ExpressionCompileError && e.code === 'EXPR_XPATH_SYNTAX',
    );
  });
});

describe('dynamic values and inline templates', () => {
  const ctx = (): TestContext =>
    new TestContext({
      json: { name: 'Ann', n: 2, o: { k: 'v' } },
      props: { key: 'conf:/x.xml' },
      vars: { id: 'v1' },
    });

  it('follows ValueFactory: static, {{escaped}}, {expression}', () => {
    assert.equal(compileValue('plain').evaluateString(ctx()), 'plain');
    assert.equal(compileValue('plain').dynamic, false);
    assert.equal(compileValue('{{literal}}').evaluateString(ctx()), '{literal}');
    const d = compileValue("{get-property('key')}");
    assert.equal(d.dynamic, true);
    assert.equal(d.expression?.kind, 'xpath');
    assert.equal(d.evaluateString(ctx()), 'conf:/x.xml');
    assert.equal(compileValue('{${vars.id}}').evaluateString(ctx()), 'v1');
    assert.equal(compileValue('{json-eval($.name)}').evaluateString(ctx()), 'Ann');
  });

  it('renders inline ${} parts, with quoted parts marked', () => {
    const t = compileTemplate('Hello ${payload.name}, you have ${payload.n} items; obj=${payload.o}');
    assert.equal(t.hasExpressions, true);
    assert.equal(t.payloadAware, true);
    assert.equal(t.render(ctx()), 'Hello Ann, you have 2 items; obj={"k":"v"}');
    const j = compileTemplate('{"name": "${payload.name}", "n": ${payload.n}, "id": "${vars.id}"}');
    assert.equal(j.parts.filter((p) => typeof p !== 'string' && p.quoted).length, 2);
    assert.equal(j.render(ctx()), '{"name": "Ann", "n": 2, "id": "v1"}');
    const typed = j.render(ctx(), (v) => JSON.stringify(v));
    assert.equal(typed, '{"name": "Ann", "n": 2, "id": "v1"}');
    const plain = compileTemplate('no expressions here {x}');
    assert.equal(plain.hasExpressions, false);
    assert.equal(plain.render(ctx()), 'no expressions here {x}');
  });
});
