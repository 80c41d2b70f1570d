/**
 * Found replaying MI's tests-mediator-2 script and xslt tests: a Nashorn/GraalJS script selects from the payload
 * with mc.getXpathResult(expr).selectNodes(payload) (NashornJavaScriptMessageContext.getXpathResult returns an
 * AXIOMXPath), and an XSLT 2.0 stylesheet may name elements like `m0:return` (Saxon reads them; xslt-processor's
 * 2.0 reader took `return` for a keyword); a keyed script's <include> scripts are in its scope. Our own fixtures,
 * real HTTP.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const stylesheet = `<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:quotes" exclude-result-prefixes="q">
  <xsl:template match="/"><xsl:apply-templates select="//q:return"/></xsl:template>
  <xsl:template match="q:return"><price for="{q:for}"><xsl:value-of select="q:last"/></price></xsl:template>
</xsl:stylesheet>`;

describe('fidelity O1: script getXpathResult and XSLT 2.0 names', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Picker.xml': api(
        'Picker',
        '/o1/picker',
        `<script language="nashornJs"><![CDATA[
           var payload = mc.getPayloadXML();
           var nodes = mc.getXpathResult("//*[local-name()='code']").selectNodes(payload);
           var first = nodes.get(0).getText();
           mc.setProperty("picked", first + "/" + nodes.size() + "/" + nodes[1].getLocalName());
           mc.setPayloadXML("<picked>" + first + "</picked>");
         ]]></script>
         <log level="custom"><property name="picked" expression="$ctx:picked"/></log>
         <respond/>`,
      ),
      'Quote.xml': `<localEntry ${NS} key="quoteSheet">${stylesheet}</localEntry>`,
      'helpers.xml': `<localEntry ${NS} key="helpers.js"><![CDATA[function shout(s) { return String(s).toUpperCase() + '!'; }]]></localEntry>`,
      'main.xml': `<localEntry ${NS} key="main.js"><![CDATA[function greet(mc) {
  mc.setPayloadXML(<hello>{shout(mc.getPayloadXML()..*::name.toString())}</hello>);
}]]></localEntry>`,
      'Include.xml': api(
        'Include',
        '/o1/include',
        `<script language="js" key="main.js" function="greet"><include key="helpers.js"/></script><respond/>`,
      ),
      'Xslt2.xml': api('Xslt2', '/o1/xslt2', `<xslt key="quoteSheet"/><respond/>`),
    });
  });
  after(() => t.close());

  it('mc.getXpathResult(expr).selectNodes(payload) gives a list of nodes with getText()', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/picker`, {
      body: '<order><code>A-1</code><line><code>B-2</code></line></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<picked>A-1</picked>');
    assert.ok(
      t.logs.some((l) => l.message === 'picked = A-1/2/code'),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
  });

  it('an XSLT 2.0 stylesheet matching q:return and reading q:for runs', async () => {
    const r = await send(`${t.base}/o1/xslt2`, {
      body: '<r xmlns:q="urn:quotes"><q:return><q:for>ACME</q:for><q:last>12.5</q:last></q:return></r>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    // (a literal result element of a stylesheet inside a local entry is in the configuration's default namespace)
    assert.equal(r.text, '<price xmlns="http://ws.apache.org/ns/synapse" for="ACME">12.5</price>');
  });

  it('a keyed script with <include>: the included script is in scope (ScriptMediator.prepareExternalScript)', async () => {
    const r = await send(`${t.base}/o1/include`, {
      body: '<p><name>ada</name></p>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<hello>ADA!</hello>');
  });
});
