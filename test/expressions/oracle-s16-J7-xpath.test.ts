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
import { JavaDouble, JavaFloat, JavaLong, markSoapEnvelope } from '../../runtime-debug/engine/expr/values';
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
