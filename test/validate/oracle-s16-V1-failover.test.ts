/**
 * `synapse validate` honours the project's XPath DOM failover setting (deployment/deployment.toml `[mediation]
 * synapse.enable_xpath_dom_failover = true`, or `[synapse_properties] 'synapse.xpath.dom.failover.enabled'`): MI's
 * SynapseXPathFactory deploys an XPath Jaxen cannot parse as `new SynapseXPath(expr, elem)` when the failover is on,
 * whose constructor compiles it with Saxon (a static error still refuses it), and SynapseXPath.stringValueOf evaluates
 * an XPath 2.0 function through the failover (booleanValueOf and evaluate() have none). Expectations: what those
 * sources do (the Saxon-HE 9.9 JAXP answers of session 16's J7/R7 oracles for which texts compile); our own fixtures.
 */
import assert from 'node:assert/strict';
import { compileValue } from '../../runtime-debug/engine/expr';
import { setXPathDomFailover } from '../../runtime-debug/engine/expr/xpath';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const BODY = `  <property name="grade" expression="if (//score &gt; 50) then 'pass' else 'fail'"/>
  <property name="clean" expression="replace(//code, '-', '')"/>
  <property name="ids" expression="string-join(for $i in 1 to 3 return string($i), ',')"/>
  <log category="INFO"><property name="any" expression="some $s in //score satisfies $s eq 7"/></log>
  <filter xpath="matches(//code, '^A')"><then><drop/></then></filter>
  <property name="broken" expression="if (//score) then 'x'"/>
  <property name="xs" expression="xs:integer(//score) + 1"/>
  <sequence key="{if (//score) then 'Low' else 'High'}"/>
  <sequence key="{replace(//code, '-', '')}"/>`;

describe("synapse validate: XPath 2.0 under the project's DOM failover setting (s16 V1; MI SynapseXPath / SynapseXPathFactory)", () => {
  let fx: ScratchProject;
  const rel = 'Fen/src/main/wso2mi/artifacts/sequences/Grades.xml';

  before(() => {
    fx = scratchProject('v1-s16-', 'Fen');
    fx.put(rel, `<sequence ${S} name="Grades">\n${BODY}\n</sequence>`);
  });
  after(() => fx?.dispose());

  it('without deployment.toml: XPath 2.0 syntax is an error, XPath 2.0 functions a warning (MI default: failover off)', () => {
    assert.deepEqual(fx.findings(rel), [
      '2 error EXPR_XPATH_SYNTAX',
      '3 warning EXPR_XPATH2_FUNCTION',
      '4 error EXPR_XPATH_SYNTAX',
      '5 error EXPR_XPATH_SYNTAX',
      '6 warning EXPR_XPATH2_FUNCTION',
      '7 error EXPR_XPATH_SYNTAX',
      '8 warning EXPR_UNDECLARED_PREFIX',
      '9 error EXPR_XPATH_SYNTAX',
      '10 warning EXPR_XPATH2_FUNCTION',
    ]);
  });

  it('[mediation] synapse.enable_xpath_dom_failover = true: valid XPath 2.0 is no finding; what Saxon refuses at deploy stays an error; a filter has no failover', () => {
    fx.put('Fen/deployment/deployment.toml', '[mediation]\nsynapse.enable_xpath_dom_failover = true\n');
    assert.deepEqual(fx.findings(rel), [
      // booleanValueOf (filter xpath): no failover in MI
      '6 warning EXPR_XPATH2_FUNCTION',
      // Saxon XPST0003 (if without else): refused at deploy
      '7 error EXPR_XPATH_SYNTAX',
      // Jaxen parses xs:integer(..): the prefix fails when evaluated, and Saxon (xs: not in
      // DOMSynapseXPathNamespaceMap) fails it too
      '8 warning EXPR_UNDECLARED_PREFIX',
      // a dynamic key: ValueFactory.createSynXpath uses SynapseXPathFactory.getSynapseXPath(elem, String), which
      // does not catch Jaxen's XPathSyntaxException (no failover for syntax); its string value fails over
      '9 error EXPR_XPATH_SYNTAX',
    ]);
  });

  it('[synapse_properties] \'synapse.xpath.dom.failover.enabled\' = "true" too; "TRUE" is off (SynapseXPath: "true".equals)', () => {
    fx.put(
      'Fen/deployment/deployment.toml',
      `[synapse_properties]\n'synapse.xpath.dom.failover.enabled' = "true"\n`,
    );
    assert.equal(fx.findings(rel).length, 4);
    fx.put(
      'Fen/deployment/deployment.toml',
      `[synapse_properties]\n'synapse.xpath.dom.failover.enabled' = "TRUE"\n`,
    );
    assert.equal(fx.findings(rel).length, 9);
    fx.put('Fen/deployment/deployment.toml', '[mediation]\nsynapse.enable_xpath_dom_failover = false\n');
    assert.equal(fx.findings(rel).length, 9);
  });

  it('synapse run agrees on a dynamic key: XPath 2.0 syntax refused at deploy even with the failover, an XPath 2.0 function deploys (ValueFactory.createSynXpath)', () => {
    setXPathDomFailover(true);
    try {
      assert.throws(() => compileValue("{if (//score) then 'Low' else 'High'}"), /EXPR_XPATH_SYNTAX/);
      assert.equal(compileValue("{replace(//code, '-', '')}").dynamic, true);
    } finally {
      setXPathDomFailover(false);
    }
  });
});
