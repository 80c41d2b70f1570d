/**
 * XPath leftovers of the session-16 Jaxen oracle (helper J7): property values Jaxen receives as Java objects.
 *
 * SynapseXPathVariableContext ($ctx:, $axis2:, $var:, ...) and GetPropertyFunction hand a property's value to Jaxen
 * as the object it is: a property of type INTEGER, SHORT, LONG or FLOAT is a java.lang.Integer/Short/Long/Float, which
 * Jaxen's NumberFunction does not know (only Double): to number(), arithmetic and every comparison it is NaN (so
 * `$ctx:n = 5`, `$ctx:n = '5'`, `$ctx:n > 3`, `$axis2:HTTP_SC = 200` are false and `!=` true), while boolean() and
 * string() read its double value and a predicate takes it as a position (intValue). A DOUBLE property is a Jaxen
 * number (string() prints it the XPath way, "10"; the whole result as Double.toString, "10.0").
 *
 * How the expectations were produced: the differential oracle of J2 (Jaxen 2.0.0 and Axiom 1.2.11-wso2v36 compiled
 * from their sources; a Java driver evaluating with AXIOMXPath on a SOAP envelope, $ctx: and get-property values
 * given to Jaxen as Integer/Long/Float/Double/Boolean objects) extended with typed cases; each row is the oracle's
 * stringValueOf string and booleanValueOf boolean for our own inputs. 647 typed cases compared, all equal.
 */
import { strict as assert } from 'node:assert';
import { compileExpression } from '../../runtime-debug/engine/expr';
import {
  JavaDouble,
  JavaFloat,
  JavaLong,
  markDoclessEnvelope,
  markSoapEnvelope,
} from '../../runtime-debug/engine/expr/values';
import { setXPathDomFailover } from '../../runtime-debug/engine/expr/xpath';
import { TestContext } from './helpers';

const DOCS: Record<string, string> = { l: '<l><v>1</v><v>5</v><w>9</w></l>' };

// what the property mediator stores for type INTEGER (a number), LONG, FLOAT and DOUBLE
const PROPS: Record<string, unknown> = {
  i: 5,
  zero: 0,
  one: 1,
  neg: -3,
  l: new JavaLong(5n),
  big: new JavaLong(12345678901234n),
  f: new JavaFloat(1.5),
  fz: new JavaFloat(0),
  d: new JavaDouble(2.5),
  d10: new JavaDouble(10),
  dz: new JavaDouble(0),
  s: '5',
};

function ctxOf(doc: string): TestContext {
  const ctx = new TestContext({ xml: DOCS[doc], props: PROPS });
  markSoapEnvelope(ctx.envelope());
  return ctx;
}

/** [document, expression, MI's string, MI's boolean] */
const TYPED: Array<[string, string, string, boolean]> = [
  ['l', '$ctx:i', '5', true],
  ['l', '$ctx:i = 5', 'false', false],
  ['l', "$ctx:i = '5'", 'false', false],
  ['l', '$ctx:i != 5', 'true', true],
  ['l', '$ctx:i > 3', 'false', false],
  ['l', '$ctx:i < 10', 'false', false],
  ['l', 'number($ctx:i)', 'NaN', false],
  ['l', '$ctx:i + 1', 'NaN', false],
  ['l', '-$ctx:i', 'NaN', false],
  ['l', 'round($ctx:i)', 'NaN', false],
  ['l', 'string($ctx:i)', '5', true],
  ['l', "concat($ctx:i, '|')", '5|', true],
  ['l', 'boolean($ctx:i)', 'true', true],
  ['l', '$ctx:i = true()', 'true', true],
  ['l', '$ctx:i = $ctx:i', 'false', false],
  ['l', '$ctx:i = $ctx:s', 'false', false],
  ['l', '$ctx:i = //v', 'false', false],
  ['l', '//v != $ctx:i', 'true', true],
  ['l', '//v[$ctx:i]', '', false],
  ['l', '//v[$ctx:one]', '1', true],
  ['l', 'count(//v[$ctx:one])', '1.0', true],
  ['l', '//v[position() = $ctx:one]', '', false],
  ['l', 'sum(//v) > $ctx:i', 'false', false],
  ['l', '$ctx:zero', '0', false],
  ['l', 'boolean($ctx:zero)', 'false', false],
  ['l', 'not($ctx:zero)', 'true', true],
  ['l', '$ctx:zero = false()', 'true', true],
  ['l', '$ctx:zero or false()', 'false', false],
  ['l', '$ctx:neg < 0', 'false', false],
  ['l', "starts-with($ctx:neg, '-')", 'true', true],
  ['l', '//v[$ctx:neg]', '', false],
  ['l', '$ctx:l', '5', true],
  ['l', '$ctx:l = 5', 'false', false],
  ['l', 'number($ctx:l)', 'NaN', false],
  ['l', '$ctx:big', '12345678901234', true],
  ['l', 'string($ctx:big)', '12345678901234', true],
  ['l', '$ctx:big > 0', 'false', false],
  ['l', '$ctx:f', '1.5', true],
  ['l', '$ctx:f = 1.5', 'false', false],
  ['l', 'string($ctx:f)', '1.5', true],
  ['l', '//v[$ctx:f]', '1', true],
  ['l', '$ctx:fz', '0.0', false],
  ['l', 'string($ctx:fz)', '0', true],
  ['l', 'boolean($ctx:fz)', 'false', false],
  ['l', "substring-before($ctx:fz, '.')", '', false],
  ['l', '$ctx:d', '2.5', true],
  ['l', '$ctx:d = 2.5', 'true', true],
  ['l', "$ctx:d = '2.5'", 'true', true],
  ['l', '$ctx:d + 1', '3.5', true],
  ['l', '$ctx:d10', '10.0', true],
  ['l', 'string($ctx:d10)', '10', true],
  ['l', "concat($ctx:d10, '')", '10', true],
  ['l', '//v[$ctx:d]', '5', true],
  ['l', 'boolean($ctx:dz)', 'false', false],
  ['l', "get-property('i')", '5', true],
  ['l', "get-property('i') = 5", 'false', false],
  ['l', "number(get-property('i'))", 'NaN', false],
  ['l', "get-property('d10') = 10", 'true', true],
  ['l', "string(get-property('d10'))", '10', true],
  ['l', '$ctx:s = 5', 'true', true],
  ['l', 'number($ctx:s)', '5.0', true],
];

describe('XPath: property values as the Java objects Jaxen sees (J7 oracle, MI SynapseXPathVariableContext)', () => {
  for (const [doc, expr, s, b] of TYPED)
    it(`${expr} → '${s}' / ${b}`, () => {
      const x = compileExpression(expr, {}, { kind: 'xpath' });
      assert.equal(x.evaluateString(ctxOf(doc)), s);
      assert.equal(x.evaluateBoolean(ctxOf(doc)), b);
    });

  it('evaluate() gives a typed property as its Java text, not the marked item', () => {
    assert.equal(compileExpression('$ctx:i', {}, { kind: 'xpath' }).evaluate(ctxOf('l')), '5');
    assert.equal(compileExpression('$ctx:d10', {}, { kind: 'xpath' }).evaluate(ctxOf('l')), '10.0');
  });
});

const ORDER =
  '<order xmlns:m="urn:m"><id>7</id><item sku="a"><name>Pen</name><price>10</price></item>' +
  '<item sku="b"><name>Ink</name><price>5.5</price></item><note> a  b </note></order>';
const FAILOVER_NS = {
  fn: 'http://www.w3.org/2005/xpath-functions',
  soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
  xs: 'http://www.w3.org/2001/XMLSchema',
};

function restCtx(): TestContext {
  const ctx = new TestContext({ xml: ORDER });
  markDoclessEnvelope(ctx.envelope()); // a REST request's envelope
  return ctx;
}

/**
 * [expression, stringValueOf without the failover (Jaxen oracle; null: "No Such Function"), with it (Saxon-HE 9.9
 * JAXP oracle on the payload for the expressions Jaxen cannot finish; null: Saxon fails)]
 */
const FAILOVER: Array<[string, string | null, string | null]> = [
  ["replace('abc', 'b', 'x')", null, 'axc'],
  ["fn:replace(id, '7', 'seven')", null, 'seven'],
  ["matches(//item[2]/name, '^I')", null, 'true'],
  ["tokenize('a,b,c', ',')", null, 'a'],
  ["string-join(//name, '+')", null, 'Pen+Ink'],
  ['abs(-3)', null, '3'],
  ['abs(-2.5)', null, '2.5'],
  ['count(//item) + abs(0)', null, '2'],
  ["xs:integer('12') + 1", null, '13'],
  ['current-dateTime() = current-dateTime()', null, 'true'],
  ["replace(/soapenv:Envelope/soapenv:Body/order/id, '7', 'x')", null, ''],
  ["replace(name(.), 'o', '0')", null, '0rder'],
  ['exists(//item)', null, 'true'],
  ["//item[matches(name, 'n')]/@sku", null, 'a'],
  ["concat(replace(//note, '\\s+', '-'), '|')", null, '-a-b-|'],
  ["translate(replace(id, '7', 'x'), 'x', 'y')", null, 'y'],
  ["//item[1] | //item[2][matches(name, 'I')]", null, 'Pen10'],
  ["string-length(replace(id, '7', 'abc'))", null, '3'],
  ["replace(//name, 'P', 'Q')", null, null], // XPath 2.0: more than one item where one is wanted
  // Jaxen finishes these without reaching the XPath 2.0 function: no failover, Jaxen's answer
  ["false() and matches('a', 'a')", 'false', 'false'],
  ["//none[matches(., 'a')]", '', ''],
  ["count(//item) > 1 or matches('a', 'b')", 'true', 'true'],
  ["ends-with(id, '7') and exists(.)", 'false', 'false'],
  ["upper-case('a')", 'A', 'A'],
];

describe('XPath 2.0 functions without and with the DOM failover (J7 oracles: Jaxen, Saxon; MI SynapseXPath.stringValueOf)', () => {
  after(() => setXPathDomFailover(false));
  for (const [expr, off, on] of FAILOVER)
    it(`${expr} → ${JSON.stringify(off)} / failover ${JSON.stringify(on)}`, () => {
      const x = compileExpression(expr, FAILOVER_NS, { kind: 'xpath' });
      for (const [enabled, want] of [
        [false, off],
        [true, on],
      ] as const) {
        setXPathDomFailover(enabled);
        if (want === null) assert.throws(() => x.evaluateString(restCtx()), /failed/);
        else assert.equal(x.evaluateString(restCtx()), want);
      }
    });

  it("a filter's xpath (booleanValueOf) has no failover: the function fails either way", () => {
    const x = compileExpression("matches(//id, '7')", {}, { kind: 'xpath' });
    setXPathDomFailover(true);
    assert.throws(() => x.evaluateBoolean(restCtx()), /No Such Function matches/);
    setXPathDomFailover(false);
    assert.throws(() => x.evaluateBoolean(restCtx()), /No Such Function matches/);
  });
});

/**
 * [expression, MI's string (null: "Cannot resolve namespace prefix 'x'"), MI's boolean]: Jaxen resolves a name test's
 * prefix only when a node of the axis meets the test (DefaultNameStep.matches); J2/J7 Jaxen oracle.
 */
const UNDECLARED: Array<[string, string | null, boolean | null]> = [
  ['//x:b', null, null],
  ['$header/x:y', '', false],
  ['count(//@x:b)', '0.0', false],
  ['$body/x:a', null, null],
  ['boolean($header/x:y)', 'false', false],
  ['false() and //x:b', 'false', false],
  ['//b/x:c', '', false],
  ['count(//b/@x:*)', '0.0', false],
  ['//x:*', null, null],
];

describe('XPath: an undeclared prefix fails only on a node it is matched against (J7 oracle, Jaxen DefaultNameStep)', () => {
  const soapCtx = (): TestContext => {
    const ctx = new TestContext({
      xml: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body><a><b/></a></soapenv:Body></soapenv:Envelope>',
    });
    markSoapEnvelope(ctx.envelope());
    return ctx;
  };
  for (const [expr, s, b] of UNDECLARED)
    it(`${expr} → ${JSON.stringify(s)}`, () => {
      const x = compileExpression(expr, {}, { kind: 'xpath' });
      if (s === null) {
        assert.throws(() => x.evaluateString(soapCtx()), /Cannot resolve namespace prefix 'x'/);
        return;
      }
      assert.equal(x.evaluateString(soapCtx()), s);
      assert.equal(x.evaluateBoolean(soapCtx()), b);
    });
});

/** [expression, Saxon-HE 9.9 JAXP's string on the payload (the failover's stringValueOf)]: XPath 2.0 syntax Jaxen refuses */
const XPATH2_SYNTAX: Array<[string, string]> = [
  ["if (//id = 7) then 'seven' else 'other'", 'seven'],
  ['for $i in //item return $i/name', 'Pen'],
  ["//item[1]/price eq '10'", 'true'],
  ["string-join(for $n in //name return upper-case($n), ',')", 'PEN,INK'],
  ['some $p in //price satisfies $p > 6', 'true'],
  ['(//price)[2] instance of element()', 'true'],
  ['1 to 3', '1'],
];

describe('XPath 2.0 syntax: refused without the failover, Saxon with it; its Jaxen part is `/` (MI SynapsePathFactory, SynapseXPath(expr, elem))', () => {
  const payload =
    '<order><id>7</id><item><name>Pen</name><price>10</price></item><item><name>Ink</name><price>5.5</price></item></order>';
  const ctx = (): TestContext => {
    const c = new TestContext({ xml: payload, props: { flag: 'x' } });
    markDoclessEnvelope(c.envelope());
    return c;
  };
  after(() => setXPathDomFailover(false));
  for (const [expr, want] of XPATH2_SYNTAX)
    it(`${expr} → ${JSON.stringify(want)}`, () => {
      setXPathDomFailover(false);
      assert.throws(() => compileExpression(expr, {}, { kind: 'xpath' }), /EXPR_XPATH_SYNTAX/);
      setXPathDomFailover(true);
      assert.equal(compileExpression(expr, {}, { kind: 'xpath' }).evaluateString(ctx()), want);
    });

  it("a filter on such an XPath evaluates Jaxen's `/`: always true; Synapse variables reach the XPath 2.0 evaluation", () => {
    setXPathDomFailover(true);
    const x = compileExpression("if ($ctx:flag = 'y') then 'yes' else 'no'", {}, { kind: 'xpath' });
    assert.equal(x.evaluateString(ctx()), 'no');
    assert.equal(x.evaluateBoolean(ctx()), true);
    assert.equal(
      compileExpression(
        "if (get-property('flag') = 'x') then 'yes' else 'no'",
        {},
        { kind: 'xpath' },
      ).evaluateString(ctx()),
      'yes',
    );
  });
});
