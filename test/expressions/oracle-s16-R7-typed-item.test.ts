/**
 * Review R7 of J7's typed property values in XPath (cee9cc1c): a Java Number property value is a typed item, never a
 * text with an in-band marker character.
 *
 * J7 carried an INTEGER/LONG/FLOAT/DOUBLE property value through fontoxpath as a string starting with U+E000/U+E001;
 * any other text starting with that character (a property set from a client's JSON or XML, a node's text, a literal)
 * was then read as a number and lost its first character. The rows below are our own texts starting with those
 * characters, and typed values inside XPath 2.0 functions of the DOM failover.
 *
 * How the expectations were produced: the Jaxen rows by J2/J7's differential oracle (Jaxen 2.0.0 and Axiom
 * 1.2.11-wso2v36 compiled from their sources, a Java driver evaluating with AXIOMXPath on a SOAP envelope, $ctx: and
 * get-property values handed to Jaxen as String/Integer objects): its stringValueOf string and booleanValueOf boolean
 * for each row (30 cases, all equal after the fix, 26 differed before). The failover rows by a JAXP driver of ours
 * on Debian's Saxon-HE 9.9.1 (XPathFactory.newInstance(), a variable resolver and a get-property function resolver
 * handing the property's Java object, as DOMSynapseXPathVariableResolver and GetPropertyFunctionResolver do, and a
 * NamespaceContext knowing only Synapse's variable prefixes and the XPath's own, as DOMSynapseXPathNamespaceMap does):
 * its string, or whether XPathFactory's compile refuses the text.
 */
import { strict as assert } from 'node:assert';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { JavaFloat, JavaLong, markSoapEnvelope } from '../../runtime-debug/engine/expr/values';
import { setXPathDomFailover } from '../../runtime-debug/engine/expr/xpath';
import { TestContext } from './helpers';

const XML = '<l><v>\ue0012</v><v>\ue000abc</v><w>5</w></l>';
const PROPS: Record<string, unknown> = { u: '\ue000abc', u2: '\ue0017', u3: '\ue0010', i: 5 };

function ctx(): TestContext {
  const c = new TestContext({ xml: XML, props: PROPS });
  markSoapEnvelope(c.envelope());
  return c;
}

/** [expression, MI's stringValueOf, MI's booleanValueOf] */
const TEXTS: Array<[string, string, boolean]> = [
  ['$ctx:u', '\ue000abc', true],
  ['string($ctx:u)', '\ue000abc', true],
  ['string-length($ctx:u)', '4.0', true],
  ['$ctx:u2', '\ue0017', true],
  ['$ctx:u2 = 7', 'false', false],
  ['number($ctx:u2)', 'NaN', false],
  ['$ctx:u3', '\ue0010', true],
  ['string(//v[1])', '\ue0012', true],
  ['concat(//v[1], "") = 2', 'false', false],
  ["'\ue0013'", '\ue0013', true],
  ['//w[$ctx:u2]', '5', true],
  ['substring-after($ctx:u, "a")', 'bc', true],
  ['concat($ctx:i, $ctx:u)', '5\ue000abc', true],
  ['get-property("u")', '\ue000abc', true],
  ['$ctx:i = $ctx:u2', 'false', false],
  ['//v[. = concat("\ue000", "abc")]', '\ue000abc', true],
];

describe('XPath: a text is never taken for a typed property value (review R7 of J7; Jaxen oracle, MI SynapseXPathVariableContext)', () => {
  for (const [expr, s, b] of TEXTS)
    it(`${JSON.stringify(expr)} → ${JSON.stringify(s)} / ${b}`, () => {
      const x = compileExpression(expr, {}, { kind: 'xpath' });
      assert.equal(x.evaluateString(ctx()), s);
      assert.equal(x.evaluateBoolean(ctx()), b);
    });

  it('evaluate() of a text property keeps its first character; of an INTEGER property is its Java text', () => {
    assert.equal(compileExpression('$ctx:u', {}, { kind: 'xpath' }).evaluate(ctx()), '\ue000abc');
    assert.equal(compileExpression('$ctx:i', {}, { kind: 'xpath' }).evaluate(ctx()), '5');
  });
});

/** [expression, Saxon's string with the failover] */
const FAILOVER: Array<[string, string]> = [
  ["string-join(('x', $ctx:big), '-')", 'x-12345678'],
  ["string-join(('x', get-property('big')), '-')", 'x-12345678'],
  ["for $x in (get-property('big'), 2) return $x + 1", '12345679'],
  ["string-join((get-property('f'), string($ctx:l)), '|')", '1.5|7'],
  ['$ctx:big instance of xs:integer', 'true'],
  ['$ctx:f instance of xs:float', 'true'],
  ["upper-case(concat(get-property('s'), abs(-1)))", 'X(Y)1'],
];

describe('XPath 2.0 failover: typed property values are Saxon numbers (review R7 of J7; MI DOMSynapseXPathVariableResolver)', () => {
  const props = { big: 12345678, l: new JavaLong(7n), f: new JavaFloat(1.5), s: 'x(y)' };
  const ns = { xs: 'http://www.w3.org/2001/XMLSchema' };
  after(() => setXPathDomFailover(false));
  for (const [expr, want] of FAILOVER)
    it(`${expr} → ${JSON.stringify(want)}`, () => {
      setXPathDomFailover(true);
      const x = compileExpression(expr, ns, { kind: 'xpath' });
      assert.equal(x.evaluateString(new TestContext({ xml: '<l><v>1</v></l>', props })), want);
    });

  it('an XPath 2.0 function refuses a typed value where it wants a string, as Saxon does (matches: XPTY0004)', () => {
    setXPathDomFailover(true);
    const x = compileExpression("matches($ctx:big, '^1')", {}, { kind: 'xpath' });
    assert.throws(() => x.evaluateString(new TestContext({ xml: '<l/>', props })), /XPTY0004/);
  });
});

/**
 * [expression, the XPath's namespaces, Saxon's string with the failover (null: Saxon refuses it at compile time, so MI
 * refuses the XPath at deploy: the SynapseXPath(expr, elem) constructor's domXpath.compile)]
 */
const SAXON_COMPILE: Array<[string, Record<string, string>, string | null]> = [
  ["if (1) then 'a' else", {}, null],
  ['some $x in //v satisfies nosuch($x)', {}, null],
  ["for $i in 1 return xs:integer('3')", {}, null],
  ["for $i in 1 return xs:integer('3')", { xs: 'http://www.w3.org/2001/XMLSchema' }, '3'],
  ['for $i in 1 return fn:abs(-2)', {}, null],
  ['for $i in 1 return abs(-2)', {}, '2'],
  ["if ($var:x) then 'a' else 'b'", {}, null],
  ['for $i in (1, 2) return $ctx:s', {}, 'x(y)'],
];

describe('XPath 2.0 under the DOM failover: the namespaces and variables Saxon knows (review R7 of J7; MI DOMSynapseXPathNamespaceMap)', () => {
  const props = { s: 'x(y)' };
  after(() => setXPathDomFailover(false));
  for (const [expr, ns, want] of SAXON_COMPILE)
    it(`${expr} ${JSON.stringify(ns)} → ${want === null ? 'refused at deploy' : JSON.stringify(want)}`, () => {
      setXPathDomFailover(true);
      if (want === null)
        assert.throws(() => compileExpression(expr, ns, { kind: 'xpath' }), /EXPR_XPATH_SYNTAX/);
      else
        assert.equal(
          compileExpression(expr, ns, { kind: 'xpath' }).evaluateString(
            new TestContext({ xml: '<l><v>1</v></l>', props }),
          ),
          want,
        );
    });

  it('$body in a failover XPath deploys but fails when evaluated (DOMSynapseXPathVariableResolver: no such variable)', () => {
    setXPathDomFailover(true);
    const x = compileExpression("if ($body) then 'a' else 'b'", {}, { kind: 'xpath' });
    assert.throws(
      () => x.evaluateString(new TestContext({ xml: '<l/>', props })),
      /variable resolution failed/,
    );
  });

  it('an XPath 2.0 function failing over from Jaxen with an undeclared xs: prefix fails in Saxon (XPST0081)', () => {
    setXPathDomFailover(true);
    const ctx = (): TestContext => new TestContext({ xml: '<l/>', props });
    assert.throws(
      () => compileExpression("xs:integer('12') + 1", {}, { kind: 'xpath' }).evaluateString(ctx()),
      /XPST0081/,
    );
    const declared = { xs: 'http://www.w3.org/2001/XMLSchema' };
    assert.equal(
      compileExpression("xs:integer('12') + 1", declared, { kind: 'xpath' }).evaluateString(ctx()),
      '13',
    );
  });
});

describe('$prefix:key of a property holding a map (review R7; MI SynapseXPathVariableContext)', () => {
  const props = {
    m: new Map<string, unknown>([
      ['n', 40],
      ['s', 'x'],
    ]),
    t: 'text',
  };
  const str = (expr: string): string =>
    compileExpression(expr, {}, { kind: 'xpath' }).evaluateString(new TestContext({ xml: '<l/>', props }));
  it("the value's toString(), a String to Jaxen even for a number ($m:n = 40 compares text as a number: true)", () => {
    assert.equal(str('$m:n'), '40');
    assert.equal(str('$m:n = 40'), 'true');
    assert.equal(str("$m:s = 'x'"), 'true');
  });
  it('no such key, or a property that is no map: the evaluation fails (SimpleVariableContext: UnresolvableException)', () => {
    assert.throws(() => str('$m:none'), /Variable \{null\}m:none/);
    assert.throws(() => str('$t:x'), /Variable \{null\}t:x/);
    assert.throws(() => str('$nothing:x'), /Variable \{null\}nothing:x/);
  });
});
