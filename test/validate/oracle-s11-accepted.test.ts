/**
 * Configurations Micro Integrator deploys that `synapse validate` refused (H7, session 11: a sweep of MI's
 * integration-test artifacts, Synapse's config tests and MI VS Code's test data). Our own minimal fixtures; the
 * Synapse factory that proves each case is named in its title. Where MI refuses, the error stays.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: what MI deploys (H7, session 11)', () => {
  let fx: ScratchProject;
  const put = (rel: string, text: string) => fx.put(rel, text);
  const findings = (rel: string) => fx.findings(rel);

  before(() => {
    fx = scratchProject('h7-s11-', 'Mill');
  });
  after(() => fx?.dispose());

  it('rewrite: a rule without <action> deploys (URLRewriteMediatorFactory.parseRule: getChildrenWithName is never null)', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Grind.xml',
      `<sequence ${S} name="Grind">
  <rewrite inProperty="src" outProperty="dst">
    <rewriterule><condition><equal type="url" source="host" value="mill.example.org"/></condition></rewriterule>
  </rewrite>
  <rewrite/>
</sequence>`,
    );
    assert.deepEqual(findings('Mill/src/main/wso2mi/artifacts/sequences/Grind.xml'), []);
  });

  it('rewrite: a <condition> written as text is a warning (MI reads only an evaluator element; the rule always applies)', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Sift.xml',
      `<sequence ${S} name="Sift">
  <rewrite>
    <rewriterule>
      <condition>$ctx:grade = 'fine'</condition>
      <action fragment="path" value="/fine"/>
    </rewriterule>
  </rewrite>
</sequence>`,
    );
    const rows = fx.validate('Mill/src/main/wso2mi/artifacts/sequences/Sift.xml');
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['4 warning SYN111'],
    );
    assert.match(rows[0].message, /ignores the text '\$ctx:grade = 'fine''.*every message/);
  });

  it('aggregate, clone, propertyGroup: what AggregateMediatorFactory, CloneMediatorFactory, PropertyGroupMediatorFactory deploy', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Bag.xml',
      `<sequence ${S} name="Bag">
  <propertyGroup/>
  <clone continueParent="true"/>
  <aggregate><correlateOn/><onComplete><respond/></onComplete></aggregate>
  <aggregate id="loose"/>
</sequence>`,
    );
    const rows = fx.validate('Mill/src/main/wso2mi/artifacts/sequences/Bag.xml');
    // only the aggregate without onComplete: deployed, faults when a group completes
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['5 warning SYN106'],
    );
    assert.match(rows[0].message, /Unable to find the sequence for the mediation of the aggregated message/);
  });

  it('a task without class (StartUpController uses the MessageInjector) and a scatter-gather with one sequence (ScatterGatherMediatorFactory) deploy', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/tasks/Tick.xml',
      `<task ${S} name="Tick"><trigger once="true"/><property name="message"><tick xmlns=""/></property>
  <property name="injectTo" value="sequence"/><property name="sequenceName" value="Fan"/></task>`,
    );
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Fan.xml',
      `<sequence ${S} name="Fan">
  <scatter-gather target="body" result-content-type="JSON">
    <aggregation expression="\${payload}"/>
    <sequence><log/></sequence>
  </scatter-gather>
</sequence>`,
    );
    const rows = fx.validate('Mill').filter((f) => /Tick|Fan/.test(f.file) && f.severity !== 'info');
    assert.deepEqual(
      rows.map((f) => `${f.file} ${f.line} ${f.code}`),
      [],
    );
  });

  it("Jaxen's lower-case, upper-case and ends-with are no XPath 2.0 functions (MI evaluates them without the failover)", () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Case.xml',
      `<sequence ${S} name="Case">
  <filter xpath="ends-with(lower-case(//kind), 'tea')"><then><property name="k" expression="upper-case(//kind, 'en')"/></then></filter>
  <property name="t" expression="tokenize(//kind, ' ')"/>
</sequence>`,
    );
    assert.deepEqual(findings('Mill/src/main/wso2mi/artifacts/sequences/Case.xml'), [
      '3 warning EXPR_XPATH2_FUNCTION',
    ]);
  });

  it('an endpoint without key, key-expression, template or definition child is refused (EndpointFactory: "Invalid endpoint configuration.")', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Post.xml',
      `<sequence ${S} name="Post">
  <call><endpoint key=""/></call>
  <call><endpoint><property name="mode" value="fast"/></endpoint></call>
  <call><endpoint><endpoint><http method="get" uri-template="http://mill.example.org/"/></endpoint></endpoint></call>
</sequence>`,
    );
    const rows = fx.validate('Mill/src/main/wso2mi/artifacts/sequences/Post.xml');
    assert.deepEqual(
      rows.filter((f) => f.code === 'SYN106').map((f) => `${f.line} ${f.severity}`),
      ['3 error', '4 error'],
    );
    assert.match(rows.find((f) => f.code === 'SYN106')!.message, /Invalid endpoint configuration/);
  });

  it("a JSONPath index written as a script, [(@.length-1)], parses as MI's arrayIndex LPAREN filterExpression RPAREN (Synapse ConditionalExpressionTest)", () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Last.xml',
      `<sequence ${S} name="Last">
  <variable name="last" expression="\${vars.count > 0 ? payload.sacks[(@.length - 1)].grain : 'none'}"/>
  <variable name="lastQuoted" expression="\${$..sacks[(@.&quot;length&quot;-1)].grain}"/>
</sequence>`,
    );
    assert.deepEqual(findings('Mill/src/main/wso2mi/artifacts/sequences/Last.xml'), []);
  });

  it('conditionalRouter and rewrite conditions: what EvaluatorFactoryFinder and its factories build, and what they refuse', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Route.xml',
      `<sequence ${S} name="Route">
  <conditionalRouter continueAfter="true">
    <conditionalRoute><condition><equal xmlns="" type="url" source="protocol" value="https"/></condition><target sequence="Route"/></conditionalRoute>
    <conditionalRoute><condition><and><match source="X-Grade" regex="fine|coarse"/><not><equal type="param" source="q" value="x"/></not></and></condition><target sequence="Route"/></conditionalRoute>
    <conditionalRoute><condition/><target sequence="Route"/></conditionalRoute>
    <conditionalRoute><condition><or><equal value="1"/><match type="url" source="fragment" regex="a"/></or></condition><target sequence="Route"/></conditionalRoute>
    <conditionalRoute><condition><exists source="a"/></condition><target sequence="Route"/></conditionalRoute>
  </conditionalRouter>
</sequence>`,
    );
    const rows = fx.validate('Mill/src/main/wso2mi/artifacts/sequences/Route.xml');
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['5 error SYN106', '6 error SYN102', '6 error SYN103', '7 error SYN100'],
    );
  });

  it('a mediator in no namespace or another one is refused (MediatorFactoryFinder.getMediator finds it by its qualified name)', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Stray.xml',
      `<sequence ${S} name="Stray">
  <log xmlns=""/>
  <payloadFactory media-type="xml"><format><sack xmlns="">$1</sack></format><args><arg value="rye"/></args></payloadFactory>
  <respond/>
</sequence>`,
    );
    assert.deepEqual(findings('Mill/src/main/wso2mi/artifacts/sequences/Stray.xml'), ['2 error SYN003']);
  });

  it('xquery variables as XQueryMediatorFactory reads them: one without name or type is passed over, DOCUMENT_ELEMENT is no type', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Query.xml',
      `<sequence ${S} name="Query">
  <xquery key="gov:xq/grind.xq">
    <variable name="sack"/>
    <variable type="INT" value="3"/>
    <variable name="bin" type="ELEMENT" expression="//bin"/>
    <variable name="whole" type="DOCUMENT_ELEMENT"/>
  </xquery>
</sequence>`,
    );
    assert.deepEqual(
      findings('Mill/src/main/wso2mi/artifacts/sequences/Query.xml').filter((f) => !f.includes('SYN203')),
      ['6 error SYN103'],
    );
  });

  it('callout source and target as CalloutMediatorFactory reads them', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Ask.xml',
      `<sequence ${S} name="Ask">
  <callout serviceURL="http://mill.example.org/ask"><source type="body" xpath="$body/*[1]"/><target key="answer"/></callout>
  <callout serviceURL="http://mill.example.org/ask"><source type="envelope" xpath="$body/*[1]"/><target xpath="$body/*[1]"/></callout>
  <callout serviceURL="http://mill.example.org/ask"><source/><target/></callout>
</sequence>`,
    );
    // a type other than envelope is passed over (the xpath is read): a warning; envelope with an xpath: the xpath is
    // not read; a source or target with neither xpath nor key is refused
    assert.deepEqual(findings('Mill/src/main/wso2mi/artifacts/sequences/Ask.xml'), [
      '2 warning SYN103',
      '3 warning SYN108',
      '4 error SYN109',
      '4 error SYN109',
    ]);
  });

  it('a conditionalRouter without routes deploys (ConditionalRouterMediatorFactory iterates them)', () => {
    put(
      'Mill/src/main/wso2mi/artifacts/sequences/Idle.xml',
      `<sequence ${S} name="Idle"><conditionalRouter continueAfter="true"/></sequence>`,
    );
    assert.deepEqual(findings('Mill/src/main/wso2mi/artifacts/sequences/Idle.xml'), []);
  });
});
