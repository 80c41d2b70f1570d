/**
 * XPath 2.0 functions and MI's DOM failover (synapse.xpath.dom.failover.enabled, deployment.toml `[mediation]
 * synapse.enable_xpath_dom_failover`). MI's Jaxen knows no XPath 2.0 function: reaching one is an
 * UnresolvableException. SynapseXPath.stringValueOf then evaluates the expression again with the JAXP XPath of the DOM
 * (Saxon) when the setting is "true" (off in MI's default configuration), against a copy of the Body's first element;
 * otherwise, and always in a filter's xpath (BaseXPath.booleanValueOf has no failover), the evaluation fails.
 *
 * Expected values: the J2/J7 Jaxen oracle (Jaxen 2.0.0 + Axiom: "No Such Function replace") and a Saxon-HE 9.9 JAXP
 * oracle (XPathFactory on a DOM document holding the payload, evaluated from its element as evaluateDOMXPath does).
 * Our own API names and values.
 */
import assert from 'node:assert/strict';
import { startProjectRuntime, type TestRuntime } from './helpers';

const API = `<api xmlns="http://ws.apache.org/ns/synapse" name="FailoverProbe" context="/j7-failover">
  <resource methods="POST" uri-template="/string">
    <inSequence>
      <property name="code" expression="replace(//code, '-', '_')"/>
      <property name="first" expression="tokenize(//tags, ',')"/>
      <property name="abs" expression="abs(//delta)"/>
      <property name="rel" expression="string-join(item/name, '+')"/>
      <payloadFactory media-type="xml"><format><r xmlns=""><c>$1</c><f>$2</f><a>$3</a><n>$4</n><p>$5</p></r></format>
        <args><arg expression="$ctx:code"/><arg expression="$ctx:first"/><arg expression="$ctx:abs"/><arg expression="$ctx:rel"/><arg expression="replace(//code, 'A', 'Z')"/></args></payloadFactory>
      <respond/>
    </inSequence>
    <faultSequence>
      <payloadFactory media-type="xml"><format><fault xmlns="">$1</fault></format>
        <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
      <respond/>
    </faultSequence>
  </resource>
  <resource methods="POST" uri-template="/filter">
    <inSequence>
      <filter xpath="matches(//code, '^A')"><then><property name="m" value="yes"/></then><else><property name="m" value="no"/></else></filter>
      <payloadFactory media-type="xml"><format><r xmlns="">$1</r></format><args><arg expression="$ctx:m"/></args></payloadFactory>
      <respond/>
    </inSequence>
    <faultSequence>
      <payloadFactory media-type="xml"><format><fault xmlns="">$1</fault></format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
      <respond/>
    </faultSequence>
  </resource>
</api>`;

const SYNTAX_API = `<api xmlns="http://ws.apache.org/ns/synapse" name="Xpath2Probe" context="/j7-xpath2">
  <resource methods="POST">
    <inSequence>
      <property name="v" expression="if (//code = 'Z') then 'matched' else 'other'"/>
      <filter xpath="if (//code = 'Z') then true() else false()"><then><property name="f" value="then"/></then><else><property name="f" value="else"/></else></filter>
      <payloadFactory media-type="xml"><format><r xmlns=""><v>$1</v><f>$2</f></r></format>
        <args><arg expression="$ctx:v"/><arg expression="$ctx:f"/></args></payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>`;

const BODY =
  '<order><code>A-1-b</code><tags>red,green</tags><delta>-2.5</delta><item><name>Pen</name></item><item><name>Ink</name></item></order>';

function project(toml?: string): Record<string, string> {
  const files: Record<string, string> = {
    'pom.xml': '<project><artifactId>failoverdemo</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/apis/FailoverProbe.xml': API,
  };
  if (toml !== undefined) files['deployment/deployment.toml'] = toml;
  return files;
}

async function post(t: TestRuntime, path: string): Promise<string> {
  const r = await fetch(`${t.base}/j7-failover${path}`, {
    method: 'POST',
    body: BODY,
    headers: { 'Content-Type': 'application/xml' },
  });
  return r.text();
}

describe('XPath 2.0 functions and the DOM failover (MI SynapseXPath.stringValueOf, SynapsePathFactory)', () => {
  it("MI's default: an XPath 2.0 function fails the evaluation (Jaxen: No Such Function)", async () => {
    const t = await startProjectRuntime(project(), 'j7-nofailover');
    try {
      assert.equal(
        await post(t, '/string'),
        "<fault>Evaluation of the XPath expression replace(//code, '-', '_') resulted in an error</fault>",
      );
      assert.equal(
        await post(t, '/filter'),
        "<fault>Error evaluating Expression : matches(//code, '^A')</fault>",
      );
    } finally {
      await t.close();
    }
  });

  it('[mediation] synapse.enable_xpath_dom_failover = true: string values through XPath 2.0 on the payload; a filter still fails', async () => {
    const t = await startProjectRuntime(
      project('[mediation]\nsynapse.enable_xpath_dom_failover = true\n'),
      'j7-failover',
    );
    try {
      // Saxon: replace → A_1_b, the first token, abs(-2.5) = 2.5, a path relative to the payload's root element
      assert.equal(
        await post(t, '/string'),
        '<r><c>A_1_b</c><f>red</f><a>2.5</a><n>Pen+Ink</n><p>Z-1-b</p></r>',
      );
      assert.equal(
        await post(t, '/filter'),
        "<fault>Error evaluating Expression : matches(//code, '^A')</fault>",
      );
    } finally {
      await t.close();
    }
  });

  it('[synapse_properties] \'synapse.xpath.dom.failover.enabled\' = "true" turns it on too', async () => {
    const t = await startProjectRuntime(
      project('[synapse_properties]\n\'synapse.xpath.dom.failover.enabled\' = "true"\n'),
      'j7-failover-sp',
    );
    try {
      assert.equal(
        await post(t, '/string'),
        '<r><c>A_1_b</c><f>red</f><a>2.5</a><n>Pen+Ink</n><p>Z-1-b</p></r>',
      );
    } finally {
      await t.close();
    }
  });
});

describe('XPath 2.0 syntax and the DOM failover (MI SynapsePathFactory: new SynapseXPath(expr, elem), Jaxen part "/")', () => {
  const files = (toml?: string): Record<string, string> => {
    const f = { ...project(toml), 'src/main/wso2mi/artifacts/apis/Xpath2Probe.xml': SYNTAX_API };
    return f;
  };

  it('is refused without the failover (Jaxen XPathSyntaxException: the API does not deploy)', async () => {
    await assert.rejects(
      startProjectRuntime(files(), 'j7-syntax-off'),
      /load problems: .*Xpath2Probe.xml:\d+ EXPR_XPATH_SYNTAX/,
    );
  });

  it("with it, a string value is Saxon's answer and a filter is always true (its Jaxen part is `/`)", async () => {
    const t = await startProjectRuntime(
      files('[mediation]\nsynapse.enable_xpath_dom_failover = true\n'),
      'j7-syntax-on',
    );
    try {
      const r = await fetch(`${t.base}/j7-xpath2`, {
        method: 'POST',
        body: BODY,
        headers: { 'Content-Type': 'application/xml' },
      });
      assert.equal(await r.text(), '<r><v>other</v><f>then</f></r>');
    } finally {
      await t.close();
    }
  });
});
