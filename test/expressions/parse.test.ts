import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml, walkElements, textContent, type XmlElement } from '../../core/xml';
import {
  classify,
  classifyValue,
  parseExpression,
  parseDynamicValue,
  parseXPath,
  parseJsonPath,
  parseSynapseExpression,
  findInlineExpressions,
  parseInlineTemplate,
  expressionAt,
  shiftParsed,
  functionsFor,
  SYNAPSE_ROOT_LIST,
  XPATH_VARIABLES,
  type ExprError,
} from '../../core/expressions';

const CORPUS = '/work/shared/corpus';

function errorsOnly(errs: ExprError[]): ExprError[] {
  return errs.filter((e) => e.severity === 'error');
}

function namespacesOf(el: XmlElement): Record<string, string> {
  const ns: Record<string, string> = {};
  const chain: XmlElement[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) chain.unshift(e);
  for (const e of chain) {
    for (const a of e.attributes) if (a.prefix === 'xmlns') ns[a.local] = a.value;
  }
  return ns;
}

describe('expressions: classification', () => {
  it('follows SynapsePathFactory', () => {
    assert.equal(classify('json-eval($.a)'), 'jsonpath');
    assert.equal(classify('${vars.a}'), 'synapse');
    assert.equal(classify('//a/b'), 'xpath');
    assert.equal(classify('$ctx:x'), 'xpath');
    assert.equal(classify('${a} and ${b'), 'xpath');
  });
  it('follows ValueFactory for key values', () => {
    assert.deepEqual(classifyValue('plain'), { form: 'static', value: 'plain' });
    assert.deepEqual(classifyValue('{{literal}}'), { form: 'escaped', value: '{literal}' });
    assert.deepEqual(classifyValue("{get-property('k')}"), {
      form: 'dynamic',
      expression: "get-property('k')",
      start: 1,
      kind: 'xpath',
    });
    assert.equal((classifyValue('{${vars.k}}') as { kind: string }).kind, 'synapse');
    assert.equal((classifyValue('{json-eval($.k)}') as { kind: string }).kind, 'jsonpath');
  });
});

describe('expressions: the corpus parses without errors', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml'));
  it('finds the corpus', () => assert.ok(files.length > 40, `only ${files.length} files`));
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const doc = parseXml(text);
      const problems: string[] = [];
      let checked = 0;
      walkElements(doc.children, (el) => {
        const ns = namespacesOf(el);
        for (const a of el.attributes) {
          let parsed;
          if (['expression', 'xpath'].includes(a.local) || (a.local === 'source' && el.local !== 'enrich')) {
            const evaluator = el.attributes.find((x) => x.local === 'evaluator')?.value;
            parsed = parseExpression(
              a.value,
              evaluator === 'json' ? { kind: 'jsonpath', namespaces: ns } : { namespaces: ns },
            );
          } else if (
            a.local === 'key' ||
            (a.local === 'value' && el.local === 'with-param') ||
            (a.local === 'target' && el.local === 'call-template')
          ) {
            parsed = parseDynamicValue(a.value, { namespaces: ns });
          }
          if (!parsed) continue;
          checked++;
          for (const e of errorsOnly(parsed.errors))
            problems.push(`${el.name}@${a.local}="${a.value}": ${e.code} ${e.message}`);
        }
        if (el.local === 'message' && el.parent?.local === 'log') {
          checked++;
          for (const e of errorsOnly(parseInlineTemplate(textContent(el)).errors))
            problems.push(`log message: ${e.code} ${e.message}`);
        }
        if (
          el.local === 'format' &&
          el.parent?.local === 'payloadFactory' &&
          el.parent.attributes.every((x) => x.value !== 'freemarker')
        ) {
          checked++;
          for (const e of errorsOnly(parseInlineTemplate(textContent(el)).errors))
            problems.push(`payload format: ${e.code} ${e.message}`);
        }
      });
      assert.deepEqual(problems, []);
      void checked;
    });
  }
  it('checks a meaningful number of expressions', () => {
    let n = 0;
    for (const f of files)
      n += (readFileSync(join(CORPUS, f), 'utf8').match(/(expression|xpath)="/g) ?? []).length;
    assert.ok(n > 50, `${n}`);
  });
});

describe('expressions: XPath 1.0 grammar', () => {
  const valid = [
    '/',
    '//a',
    'a/b/c',
    '/a//b[@c="1"]/d[2]',
    'child::a/descendant-or-self::node()/attribute::b',
    'ancestor::x[1] | preceding-sibling::y',
    '.. /. ',
    '@*',
    'ns:*',
    'text()',
    "processing-instruction('xml-multiple')",
    'comment()',
    '-1 + 2 * 3 div 4 mod 5 - -6',
    '1 < 2 and 3 >= 2 or 4 != 5 and 6 <= 7 and 8 > 1',
    '(//a)[1]/b',
    '$body/*[1]',
    '$body/jsonObject/name',
    'count($header/*) = 0',
    "concat($ctx:a, '-', $trp:Content-Type, $axis2:HTTP_SC, $url:q, $func:p, $var:v, $operation:o, $sys:s, $config:c)",
    "get-property('transport', 'Content-Type')",
    "get-property('SYSTEM_DATE', 'yyyy-MM-dd')",
    "base64Encode('x')",
    "url-encode('a b')",
    '//a[. = "x"][position() < 3][last()]',
    'div/mod/and/or',
    '//div * 2',
    '.5 + 3.',
    'boolean(//a) = true()',
    "$env//*[local-name()='Body']",
    "translate('abc', 'abc', 'ABC')",
  ];
  for (const v of valid) {
    it(`accepts ${v}`, () => {
      const r = parseXPath(v);
      assert.ok(r.tree, JSON.stringify(r.errors));
      assert.deepEqual(errorsOnly(r.errors), []);
    });
  }

  it('builds the operator tree with precedence and spans', () => {
    const r = parseXPath('1 + 2 * 3');
    const t = r.tree!;
    assert.equal(t.type, 'xp-binary');
    if (t.type !== 'xp-binary') return;
    assert.equal(t.op, '+');
    assert.deepEqual(t.opSpan, { start: 2, end: 3 });
    assert.equal(t.right.type, 'xp-binary');
    assert.deepEqual(t.right.span, { start: 4, end: 9 });
  });

  it('represents // as a descendant-or-self step and names with prefixes', () => {
    const t = parseXPath('//ns:a/@b').tree!;
    assert.equal(t.type, 'xp-path');
    if (t.type !== 'xp-path') return;
    assert.equal(t.root, '//');
    assert.deepEqual(
      t.steps.map((s) => [s.axis, s.test.kind === 'name' ? `${s.test.prefix}:${s.test.local}` : s.test.kind]),
      [
        ['child', 'ns:a'],
        ['attribute', ':b'],
      ],
    );
    const t2 = parseXPath('a//b').tree!;
    assert.ok(t2.type === 'xp-path' && t2.steps.length === 3 && t2.steps[1]!.axis === 'descendant-or-self');
  });

  const bad: Array<[string, string, number, number]> = [
    ['//a[', 'EXPR_XPATH_SYNTAX', 4, 4],
    ['//a[]', 'EXPR_XPATH_SYNTAX', 3, 5],
    ["concat('a", 'EXPR_UNTERMINATED_STRING', 7, 9],
    ['a/', 'EXPR_XPATH_SYNTAX', 1, 2],
    ['1 +', 'EXPR_XPATH_SYNTAX', 3, 3],
    ['a b', 'EXPR_XPATH_SYNTAX', 2, 3],
    ['foo::a', 'EXPR_XPATH_SYNTAX', 0, 3],
    ['a # b', 'EXPR_XPATH_SYNTAX', 2, 3],
    ["get-propety('x')", 'EXPR_UNKNOWN_FUNCTION', 0, 11],
    ["url-decode('x')", 'EXPR_UNKNOWN_FUNCTION', 0, 10], // MI has url-encode only
    ["concat('a')", 'EXPR_BAD_ARITY', 0, 11],
    ['count()', 'EXPR_BAD_ARITY', 0, 7],
    ['$foo', 'EXPR_UNKNOWN_VARIABLE', 0, 4],
    ['(1', 'EXPR_XPATH_SYNTAX', 2, 2],
    ['', 'EXPR_EMPTY', 0, 0],
  ];
  for (const [text, code, start, end] of bad) {
    it(`reports ${code} at ${start}-${end} for ${JSON.stringify(text)}`, () => {
      const r = parseXPath(text);
      const e = r.errors[0];
      assert.ok(e, 'no error');
      assert.equal(e.code, code, e.message);
      assert.deepEqual(e.span, { start, end }, e.message);
      assert.equal(e.severity, 'error');
    });
  }

  it('reports undeclared prefixes only when namespaces are known', () => {
    assert.deepEqual(parseXPath('//m:a').errors, []);
    const r = parseXPath('//m:a/n:b', { namespaces: { m: 'urn:m' } });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.code, 'EXPR_UNDECLARED_PREFIX');
    assert.deepEqual(r.errors[0]!.span, { start: 6, end: 7 });
    // MI deploys such an XPath and fails only when it is evaluated
    assert.equal(r.errors[0]!.severity, 'warning');
  });

  it('warns on XPath 2.0 functions and unknown variable prefixes', () => {
    // (upper-case, lower-case and ends-with are Jaxen's own functions: MI evaluates them without the failover)
    const r = parseXPath('tokenize($foo:bar)');
    assert.deepEqual(
      r.errors.map((e) => [e.code, e.severity]),
      [
        ['EXPR_XPATH2_FUNCTION', 'warning'],
        ['EXPR_UNKNOWN_VARIABLE', 'warning'],
      ],
    );
  });
});

describe('expressions: JSONPath', () => {
  for (const v of [
    '$',
    '$.',
    '$.a.b',
    '$.a[0].b',
    "$['a b'].c",
    '$..price',
    '$.store.*',
    '$.a[*]',
    '$.a[1:3]',
    '$.a[-1:]',
    '$.a[0,2]',
    '$.a[?(@.price < 10 && @.x == "y")].t',
    '$.a.length()',
    '$.first-name',
    '$ctx:student.name',
    '$axis2:p[0]',
    '$trp:X-Json',
    '$.a[?(@.n =~ /ab.*/i)]',
  ]) {
    it(`accepts ${v}`, () => {
      const r = parseJsonPath(v);
      assert.ok(r.tree, JSON.stringify(r.errors));
      assert.deepEqual(r.errors, []);
    });
  }
  it('json-eval spans point into the whole attribute', () => {
    const r = parseExpression('json-eval($.a[0)');
    assert.equal(r.kind, 'jsonpath');
    assert.equal(r.innerStart, 10);
    assert.equal(r.errors[0]!.code, 'EXPR_JSONPATH_SYNTAX');
    assert.ok(r.errors[0]!.span.start >= 13, JSON.stringify(r.errors[0]));
    const r2 = parseExpression('json-eval($.a');
    assert.equal(r2.errors[0]!.code, 'EXPR_JSONPATH_SYNTAX');
    assert.match(r2.errors[0]!.message, /not closed/);
  });
  it('reads a path without $ or @ as Jayway does: $. + the path', () => {
    const r = parseJsonPath('a.b[0]', 10);
    assert.deepEqual(r.errors, []);
    const names = r.tree!.segments.map((s) => ('name' in s ? s.name : s.kind));
    assert.deepEqual(names, ['a', 'b', r.tree!.segments[2]!.kind]);
    assert.equal(r.tree!.root, '$');
    assert.equal(r.tree!.span.start, 10);
    // the dot-less form still reports a broken path where it is broken
    const bad = parseJsonPath('a..[', 0);
    assert.equal(bad.errors[0]!.code, 'EXPR_JSONPATH_SYNTAX');
  });
  it("takes a bracket after a dot, as Jayway does ($.[0], $.['a b'])", () => {
    assert.deepEqual(parseJsonPath('$.[0]').errors, []);
    assert.deepEqual(parseJsonPath("$.['a b'].c").errors, []);
    assert.deepEqual(parseJsonPath('$ctx:original.[0]').errors, []);
    // and a name right after a bracket is the next property (`[0]b` is `[0].b`)
    const r = parseJsonPath('a.b[0]cd');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.tree!.segments.map((s) => ('name' in s ? s.name : s.kind)),
      ['a', 'b', r.tree!.segments[2]!.kind, 'cd'],
    );
  });
});

describe('expressions: Synapse expressions', () => {
  const valid = [
    'payload',
    '$.items[0]',
    'payload.order.id',
    'payload["first name"]',
    'payload..book[?(@.price < 10)].title',
    'vars.total + 1',
    'vars["my var"]',
    'vars.["my var"].x',
    'vars.resp.payload.id',
    'headers.Host',
    'headers["Content-Type"]',
    'props.synapse.ERROR_MESSAGE',
    'properties.axis2.HTTP_SC',
    'props.synapse["uri.var.id"]',
    'params.pathParams.id',
    'params.queryParams.limit',
    'params.functionParams.message',
    'configs.backendUrl',
    '1 + 2 * 3 - 4 / 2 % 3',
    "'a' + \"b\\n\" + '\\u0041'",
    'true && (false || not(true))',
    '(vars.a and vars.b) or not(vars.c)',
    '(vars.a > 1) && (vars.b < 2)',
    'vars.a == null',
    'vars.a != null ? vars.a : "none"',
    '[1, "a", vars.x]',
    'length(payload.items) >= 2',
    'subString(toUpper(trim(vars.s)), 0, 3)',
    'object(vars.s).a.b',
    "registry('gov:/a.json').x",
    "registry('gov:/a').property('k')",
    "xpath('//a/b')",
    "xpath('//a', 'xmlVar')",
    "hashicorp-vault('p', 'f')",
    "wso2-vault('alias')",
    'now() - 1000',
    "formatDateTime(now(), 'yyyy-MM-dd')",
    'payload.items[?(@.age >= vars.minAge)]',
    'payload.items[?(@.tag in vars.tags)]', // (a bracketed list there is refused: MI's filter takes no brackets)
    'payload.x[1:3]',
    'payload.x[*].y',
    'payload.x.*',
    'payload.items.length()',
    'payload.items[vars.i]',
    '0 - vars.x',
    '-5 + 2',
    '(1 + 2) * 3',
  ];
  for (const v of valid) {
    it(`accepts ${v}`, () => {
      const r = parseSynapseExpression(v);
      assert.ok(r.tree, JSON.stringify(r.errors));
      assert.deepEqual(r.errors, []);
    });
  }

  it("groups as MI's grammar does: ternary < comparison < and/or (from the right) < additive < multiplicative", () => {
    const r = parseSynapseExpression('vars.a || vars.b && 1 + 2 * 3 > 4 ? 1 : 2');
    const tree = r.tree!;
    assert.equal(tree.type, 'se-ternary');
    if (tree.type !== 'se-ternary') return;
    const gt = tree.condition;
    assert.ok(gt.type === 'se-binary' && gt.op === '>');
    if (gt.type !== 'se-binary') return;
    const or = gt.left;
    assert.ok(or.type === 'se-binary' && or.op === '||');
    if (or.type !== 'se-binary') return;
    const and = or.right;
    assert.ok(and.type === 'se-binary' && and.op === '&&');
    if (and.type !== 'se-binary') return;
    assert.ok(and.right.type === 'se-binary' && and.right.op === '+');
    // both groupings differ from the usual reading: warnings, not errors (MI accepts the expression)
    assert.deepEqual(
      r.errors.map((e) => [e.code, e.severity]),
      [
        ['EXPR_SYNAPSE_SYNTAX', 'warning'],
        ['EXPR_SYNAPSE_SYNTAX', 'warning'],
      ],
    );
  });

  it("refuses '!' and a unary '-' outside filters (not in MI's grammar: SynapseExpression throws)", () => {
    for (const e of ['!vars.a', '-vars.x', 'not(vars.a) && !vars.b']) {
      const r = parseSynapseExpression(e);
      assert.ok(r.tree, e);
      assert.deepEqual(
        r.errors.map((x) => [x.code, x.severity]),
        [['EXPR_SYNAPSE_SYNTAX', 'error']],
        e,
      );
    }
    assert.deepEqual(parseSynapseExpression('payload.a[?(!@.b)]').errors, []);
  });

  it('keeps the usual precedence inside a [?(...)] filter (JSONPath text)', () => {
    const r = parseSynapseExpression('payload.a[?(@.x > 1 && @.y < 2 || @.z)]');
    assert.deepEqual(r.errors, []);
    const tree = r.tree!;
    assert.ok(tree.type === 'se-access');
    if (tree.type !== 'se-access') return;
    const f = tree.segments[1]!;
    assert.ok(f.kind === 'filter');
    if (f.kind !== 'filter') return;
    assert.ok(f.condition.type === 'se-binary' && f.condition.op === '||');
  });

  const bad: Array<[string, string, number, number, 'error' | 'warning']> = [
    ['payload.a +', 'EXPR_SYNAPSE_SYNTAX', 11, 11, 'error'],
    ['foo.bar', 'EXPR_UNKNOWN_VARIABLE', 0, 3, 'error'],
    ['toupper(vars.a)', 'EXPR_UNKNOWN_FUNCTION', 0, 7, 'error'],
    ['subString(vars.a)', 'EXPR_BAD_ARITY', 0, 17, 'error'],
    ["'abc", 'EXPR_UNTERMINATED_STRING', 0, 4, 'error'],
    ['vars.a = 1', 'EXPR_SYNAPSE_SYNTAX', 7, 8, 'error'],
    ['var.x', 'EXPR_LEGACY_SPELLING', 0, 3, 'warning'],
    ['config.x', 'EXPR_LEGACY_SPELLING', 0, 6, 'warning'],
    ['params.uriParams.x', 'EXPR_LEGACY_SPELLING', 6, 16, 'warning'],
    ["secret('a')", 'EXPR_LEGACY_SPELLING', 0, 6, 'warning'],
    ['params.other.x', 'EXPR_UNKNOWN_SCOPE', 6, 12, 'error'],
    ['props', 'EXPR_SYNAPSE_SYNTAX', 0, 5, 'error'],
    ['vars.a )', 'EXPR_SYNAPSE_SYNTAX', 7, 8, 'error'],
    ['payload.', 'EXPR_SYNAPSE_SYNTAX', 8, 8, 'error'],
    ['', 'EXPR_EMPTY', 0, 0, 'error'],
    ["xpath('//a[')", 'EXPR_XPATH_SYNTAX', 11, 11, 'error'],
  ];
  for (const [text, code, start, end, severity] of bad) {
    it(`reports ${code} at ${start}-${end} for ${JSON.stringify(text)}`, () => {
      const r = parseSynapseExpression(text);
      const e = r.errors[0];
      assert.ok(e, 'no error');
      assert.equal(e.code, code, e.message);
      assert.deepEqual(e.span, { start, end }, e.message);
      assert.equal(e.severity, severity);
    });
  }

  it('places spans relative to the attribute text', () => {
    const r = parseExpression('${vars.a + }');
    assert.equal(r.kind, 'synapse');
    assert.equal(r.innerStart, 2);
    assert.deepEqual(r.errors[0]!.span, { start: 11, end: 11 });
    const moved = shiftParsed(parseExpression('${foo}'), 100);
    assert.deepEqual(moved.errors[0]!.span, { start: 102, end: 105 });
    assert.deepEqual(moved.tree!.span, { start: 102, end: 105 });
    const dyn = parseDynamicValue('{${foo}}')!;
    assert.deepEqual(dyn.errors[0]!.span, { start: 3, end: 6 });
  });
});

describe('expressions: cursor, templates, lists', () => {
  it('finds the node under the cursor', () => {
    const text = '${vars.a + payload.b.c}';
    const r = parseExpression(text);
    const at = expressionAt(r.tree, text.indexOf('payload') + 3)!;
    assert.equal(at.node.type, 'se-access');
    assert.equal((at.node as { root: string }).root, 'payload');
    assert.equal(at.ancestors[0]!.type, 'se-binary');
    const x = parseExpression("concat(get-property('a'), //b[c])");
    const at2 = expressionAt(x.tree, 22)!;
    assert.equal(at2.node.type, 'xp-literal');
    assert.equal(at2.ancestors.at(-1)!.type, 'xp-call');
    assert.equal(expressionAt(x.tree, 999), undefined);
  });

  it('finds inline templates with their spans', () => {
    const text = 'Order ${payload.id} for {name} by ${vars["a}b"]} and ${';
    const scan = findInlineExpressions(text);
    assert.deepEqual(
      scan.parts.map((p) => [p.expression, p.span.start, p.span.end, text.slice(p.inner.start, p.inner.end)]),
      [
        ['payload.id', 6, 19, 'payload.id'],
        ['vars["a}b"]', 34, 48, 'vars["a}b"]'],
      ],
    );
    assert.equal(scan.errors[0]!.code, 'EXPR_UNTERMINATED_TEMPLATE');
    assert.deepEqual(scan.errors[0]!.span, { start: 53, end: 55 });
    const parsed = parseInlineTemplate('x ${foo} y');
    assert.deepEqual(parsed.errors[0]!.span, { start: 4, end: 7 });
  });

  it('lists functions and variables with docs', () => {
    for (const kind of ['xpath', 'synapse', 'jsonpath'] as const) {
      const list = functionsFor(kind);
      assert.ok(list.length > 5);
      for (const f of list) assert.ok(f.doc.length > 5 && f.signature.includes(f.name), f.name);
    }
    assert.ok(functionsFor('xpath').some((f) => f.name === 'get-property'));
    assert.ok(functionsFor('synapse').some((f) => f.name === 'formatDateTime'));
    assert.ok(SYNAPSE_ROOT_LIST.some((r) => r.label === 'payload'));
    assert.ok(XPATH_VARIABLES.some((r) => r.label === '$ctx:'));
  });
});
