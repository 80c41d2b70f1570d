/**
 * `${...}` checked against MI's own expression engine (session 11): its lexer and parser (wso2-synapse
 * ExpressionLexer.g4 / ExpressionParser.g4 and SynapseExpression's constructor, which refuses syntax errors and
 * leftover input) and its evaluator (ExpressionResult, BinaryOperationNode, PredefinedFunctionNode) on Gson and
 * Jayway JsonPath. Each case is what that engine answers; fixtures are our own.
 */
import { strict as assert } from 'node:assert';
import { compileExpression, compileTemplate, ExpressionCompileError } from '../../runtime-debug/engine/expr';
import { parseExpression, parseInlineTemplate } from '../../core/expressions';
import { LazyJsonNumber, parseJsonText } from '../../runtime-debug/engine/expr/jsonNumber';
import { TestContext } from './helpers';

function errors(text: string): string[] {
  return parseExpression('${' + text + '}')
    .errors.filter((e) => e.severity === 'error')
    .map((e) => e.code);
}

function refused(text: string): boolean {
  try {
    compileExpression('${' + text + '}');
    return false;
  } catch (e) {
    if (e instanceof ExpressionCompileError) return true;
    throw e;
  }
}

describe('Synapse expressions: what MI refuses to compile (oracle s11)', () => {
  // each is refused by SynapseExpression (a syntax error or leftover input): the editor says so, the runtime too
  const refusedByMi: Array<[string, string]> = [
    ['7 -2', "the lexer reads '-2' as a number (NUMBER: '-'? [0-9]+): two values side by side"],
    ['vars.qty -1', 'same after a name'],
    ['(vars.qty) -1', 'same after a parenthesis'],
    ['payload.lines[0]-1', 'same after an index'],
    ['!vars.flag', "'!' is only a filter operator"],
    ['-vars.qty', "a unary '-' only signs a number literal"],
    ['3 * - 2', "'-' then a space is no number"],
    ['vars.empty', "'empty' is a filter keyword token, not a name"],
    ['payload.box.in', "'in' too"],
    ['payload.size', "'size' too (only size() is a path function)"],
    ['payload.flags.true', 'true is a literal token'],
    ['payload.null', 'null too'],
    ['payload.or', 'or is an operator token'],
    ['payload..length', "after '..' only a plain name: a function word is a keyword"],
    ['payload..headers', 'a root word too'],
    ['vars[0]', 'vars takes a name first'],
    ['vars', 'vars alone'],
    ['vars.qty- 1', "names may hold '-': 'qty-' then another value"],
    ['vars.qty- toUpper("a")', 'same before a call'],
    ['true-1', "'true-1' is one name where a value is needed"],
    ['payload.lines[?(@.tags.length() > 0)]', "'length()' is a token of its own that a filter does not take"],
    ['payload.lines[?(@.sku in ["a1", "b2"])]', 'a filter takes no brackets: no array literal'],
    ['payload.lines[?(@.tags[0] == "new")]', 'no index after @'],
    ["payload.lines[?(@['sku'] == 'a1')]", 'no bracketed key after @'],
    ['payload.lines[?(@.sku =~ /[ab]1/)]', 'no character class in a regular expression'],
    ['2e3', "MI's numbers have no exponent"],
    ['vars.ok or-1', "'or-1' is one name"],
  ];
  for (const [text, why] of refusedByMi)
    it(`\${${text}} is refused (${why})`, () => {
      assert.deepEqual(errors(text).slice(0, 1), ['EXPR_SYNAPSE_SYNTAX'], text);
      assert.ok(refused(text), text);
    });

  // and what it compiles: none of these may be flagged
  const acceptedByMi = [
    '7 - 2',
    '7 - -2',
    '7*-2',
    '-2 + vars.qty',
    'payload.lines[-1:]',
    'payload.lines[1:-1]',
    'vars.qty-1', // one name: the variable 'qty-1'
    'vars.qty-[0]', // the name 'qty-' then an index
    'payload.qty- and true',
    'payload.lines.size()',
    'payload.lines.length()',
    'payload["empty"]',
    'vars["in"]',
    'payload.emptyBox',
    'payload.index',
    'payload.inside.sizes',
    'payload.box.length', // a function word after '.' is a name (the grammar's keywords rule)
    'payload.box.vars.headers',
    'payload..sku',
    'payload.lines[?(@.size > 1 && !@.in)]', // anything goes inside a filter
    'payload.lines[?(@.sku =~ /a.*/i)]',
    'payload.lines[?(@.sku == payload.skus[0])]', // a payload path inside a filter may index
    'payload.lines[?(@.sku == "[a1]")]',
    'payload.lines[?(@.sku in vars.wanted)]',
    'not(vars.flag)',
    '2147483647and true',
  ];
  for (const text of acceptedByMi)
    it(`\${${text}} compiles`, () => {
      assert.deepEqual(errors(text), [], text);
      assert.ok(!refused(text), text);
    });

  it('a Synapse part of a filter that has no value fails the whole expression, not only the item', () => {
    const c = new TestContext({ json: { lines: [{ sku: 'a1', n: 2 }, { sku: 'b2' }] }, vars: { s: 'a1' } });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v('${payload.lines[?(@.sku == vars.s)].sku}'), '["a1"]');
    assert.equal(v('${payload.lines[?(@.sku == vars.missing)]}'), ''); // PayloadAccessNode evaluates it first
    assert.equal(v('${exists(payload.lines[?(@.sku == vars.missing)])}'), 'false');
    assert.equal(v('${payload.lines[?(@.n > 1)].sku}'), '["a1"]'); // an item without n is only left out
  });

  it('a name that is a keyword is read with the bracket form, as MI reads it', () => {
    const c = new TestContext({ json: { in: 'inside', size: 3 }, vars: { empty: 'nothing' } });
    assert.equal(compileExpression('${payload["in"]}').evaluateString(c), 'inside');
    assert.equal(compileExpression('${payload["size"] + 1}').evaluateString(c), '4');
    assert.equal(compileExpression('${vars["empty"]}').evaluateString(c), 'nothing');
  });
});

describe('Synapse expressions: JSON numbers and longs as MI types them (oracle s11)', () => {
  const text =
    '{"price":2.50,"tiny":0.00001,"k":1e3,"rate":10.0,"q":[5,2.50],"rows":[{"v":2.50},{"v":4}],"big":3000000000}';
  const str = (e: string): string =>
    compileExpression(e).evaluateString(new TestContext({ json: parseJsonText(text), text }));
  const cases: Array<[string, string, string]> = [
    // read by name: Jayway's GsonJsonProvider.getMapValue unwraps (BigDecimal: an int, a long, an exact Double)
    ['${payload.price}', '2.5', 'a Double prints as Java prints it'],
    ['${payload.tiny}', '1.0E-5', ''],
    ['${payload.k}', '1000', '1e3 has no fraction: an int'],
    ['${payload.k + 1}', '1001', ''],
    ['${payload.rate}', '10.0', ''],
    ['${payload.rows[*].v}', '[2.5,4]', 'each read by name'],
    ['${payload..v}', '[2.5,4]', ''],
    ['${payload.rows[0].v * 2}', '5.0', ''],
    // read by index: getArrayIndex hands Gson's number out as it is, which ExpressionResult takes as a double
    ['${payload.q[0]}', '5', 'its text'],
    ['${payload.q[1]}', '2.50', ''],
    ['${payload.q[*]}', '[5,2.50]', ''],
    ['${payload.q[0] + 1}', '6.0', 'a double sum'],
    ['${payload.q[0] - 1}', '4.0', ''],
    ['${payload.q[0] * 2}', '10.0', ''],
    ['${payload.q[0] / 3}', '1.7', "a double division keeps the left operand's scale (5.0)"],
    ['${payload.q[0] + payload.price}', '7.5', ''],
    ['${payload.q[0] == 5}', 'true', ''],
    ['${abs(payload.q[0])}', '5', 'an int text is an int first for abs/ceil/floor'],
    ['${ceil(payload.q[1])}', '3.0', ''],
    ['${round(payload.q[0], 2)}', '5.0', 'a double first for round'],
    ['${subString("abcdefg", payload.q[0])}', 'fg', 'an int argument'],
    // longs (outside the int range): arithmetic yes; comparisons, isNumber and the math functions no
    ['${payload.big + 1}', '3000000001', ''],
    ['${payload.big > 1}', '', 'handleComparison takes ints and doubles only'],
    ['${3000000000 > 1}', '', ''],
    ['${isNumber(3000000000)}', 'false', ''],
    ['${abs(3000000000)}', '', ''],
    ['${integer(payload.big)}', '', 'Integer.parseInt refuses it'],
    ['${round(3000000000, 2)}', '3000000000', 'round(x, d) hands a long back'],
    ['${now() > 1}', '', 'now() is a long'],
    // .length() and .size() of a path are Longs too
    ['${payload.q.length() + 1}', '3', ''],
    ['${payload.q.length() > 1}', '', ''],
    ['${isNumber(payload.q.size())}', 'false', ''],
    ['${length(payload.q) > 1}', 'true', 'the length() function gives an int'],
    ['${round(5, vars.missing)}', '', 'both arguments are evaluated first'],
    // toUpper/toLower take a string or a JSON primitive, never an object or an array
    ['${toUpper(payload.rows[0])}', '', ''],
    ['${toLower(payload.q)}', '', ''],
    ['${toUpper(payload.q[1])}', '2.50', ''],
  ];
  for (const [expr, want, why] of cases)
    it(`${expr} → ${JSON.stringify(want)}${why ? ` (${why})` : ''}`, () => assert.equal(str(expr), want));

  it('a bare number held by a JSON variable is a Gson number too: it computes as a double', () => {
    const c = new TestContext({ vars: { n: new LazyJsonNumber('5'), k: 5 } });
    const v = (e: string): string => compileExpression(e).evaluateString(c);
    assert.equal(v('${vars.n}'), '5');
    assert.equal(v('${vars.n + 1}'), '6.0');
    assert.equal(v('${vars.n / 3}'), '1.7');
    assert.equal(v('${vars.k + 1}'), '6'); // an INTEGER variable is an Integer
  });

  it('evaluate() still gives plain numbers where nothing is lost', () => {
    const c = new TestContext({ json: parseJsonText(text), text });
    assert.equal(compileExpression('${payload.q[0]}').evaluate(c), 5);
    assert.equal(compileExpression('${payload.q.length()}').evaluate(c), 2);
    assert.equal(String(compileExpression('${payload.q[1]}').evaluate(c)), '2.50');
  });
});

describe('inline ${...} templates as MI replaces them (oracle s11)', () => {
  it('an unclosed ${ and an empty ${} stay in the text (warnings, not errors)', () => {
    const c = new TestContext({ json: { id: 7 } });
    assert.equal(compileTemplate('id ${payload.id} cost ${ 5').render(c), 'id 7 cost ${ 5');
    assert.equal(compileTemplate('a ${} b ${payload.id}').render(c), 'a ${} b 7');
    const scan = parseInlineTemplate('a ${} b ${payload.id');
    assert.deepEqual(
      scan.errors.map((e) => [e.code, e.severity]),
      [
        ['EXPR_EMPTY', 'warning'],
        ['EXPR_UNTERMINATED_TEMPLATE', 'warning'],
      ],
    );
  });

  it('formatDateTime reads DateTimeFormatter patterns: S a fraction, week-based year, quarter, era, day numbers', () => {
    const v = (e: string): string => compileExpression(e).evaluateString(new TestContext({}));
    assert.equal(v('${formatDateTime("2024-12-30", "yyyy-MM-dd", "YYYY \'w\'ww e")}'), '2025 w01 2');
    assert.equal(v('${formatDateTime("2022-12-31", "yyyy-MM-dd", "YYYY w W")}'), '2022 53 5');
    assert.equal(
      v('${formatDateTime("2024-05-02", "yyyy-MM-dd", "QQQ QQQQ G LLL")}'),
      'Q2 2nd quarter AD May',
    );
    assert.equal(v('${formatDateTime("10:11:12.345", "HH:mm:ss.SSS", "SS|SSSS|A")}'), '34|3450|36672345');
  });

  it('base64decode() decodes as java.util.Base64 does; what it refuses fails the mediator, not only the value', () => {
    const v = (e: string): string => compileExpression(e).evaluateString(new TestContext({}));
    assert.equal(v('${base64decode("SGk")}'), 'Hi'); // padding is not required
    assert.equal(v('${base64decode("SG==")}'), 'H');
    assert.throws(() => v('${base64decode("a,b")}'), /Illegal base64 character 2c/);
    assert.throws(() => v('${base64decode("SGVsb")}'), /Last unit does not have enough valid bits/);
    assert.throws(() => v('${exists(base64decode("S"))}'), /at least have 2 bytes/); // exists() does not catch it
  });

  it('float() reads what Double.parseDouble reads (NaN, Infinity, a d/f suffix)', () => {
    const v = (e: string): string => compileExpression(e).evaluateString(new TestContext({}));
    assert.equal(v('${float("NaN")}'), 'NaN');
    assert.equal(v('${float("-Infinity")}'), '-Infinity');
    assert.equal(v('${float(" 2f ")}'), '2.0');
    assert.equal(v('${float("x")}'), '');
  });
});
