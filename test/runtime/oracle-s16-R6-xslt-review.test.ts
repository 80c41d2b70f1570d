/**
 * Review R6 of the xslt mediator's result read-back (session 16).
 *
 * How the expectations were produced: from MI's sources, not a run of MI. XSLTMediator.performXSLT reads a non-text
 * result with StreamResultBuilder.getNode (Axiom 1.2.11-wso2v36 StAXOMBuilder over Woodstox) and, with no target,
 * puts it in the source's place with sourceNode.insertSiblingAfter(result): OMNodeImpl.setParent detaches the result
 * from its document, detach asks for its next sibling, and the builder reads one event past the document element.
 * What Woodstox (6.5.1, run here on the same outputs) answers to that event decides: a second root or text faults,
 * a comment or processing instruction (or the end) does not. With a target the result is only stored: nothing
 * after the document element is read.
 */
import assert from 'node:assert/strict';
import { startProjectRuntime, type TestRuntime } from './helpers';

const XSL = 'http://www.w3.org/1999/XSL/Transform';
const sheet = (template: string): string =>
  `<xsl:stylesheet version="1.0" xmlns:xsl="${XSL}"><xsl:template match="/">${template}</xsl:template></xsl:stylesheet>`;

const SHEETS: Record<string, string> = {
  twoRoots: sheet(`<head id="{*/@id}"/><tail/>`),
  commentThenRoot: sheet(`<head id="{*/@id}"/><xsl:comment>gap</xsl:comment><tail/>`),
  rootThenSpace: sheet(`<head id="{*/@id}"/><xsl:text>&#10;  </xsl:text>`),
  copyChars: sheet(`<xsl:copy-of select="*"/>`),
  indented: `<xsl:stylesheet version="1.0" xmlns:xsl="${XSL}"><xsl:output indent="yes" encoding="ISO-8859-1"/><xsl:template match="/"><r><xsl:copy-of select="*"/></r></xsl:template></xsl:stylesheet>`,
  stripSpace: `<xsl:stylesheet version="1.0" xmlns:xsl="${XSL}"><xsl:strip-space elements="*"/><xsl:template match="/"><r n="{count(//text())}"><xsl:for-each select="*/node()"><i p="{position()}"><xsl:value-of select="name()"/></i></xsl:for-each></r></xsl:template></xsl:stylesheet>`,
  commentsInPlace: sheet(
    `<r>t1<xsl:comment>c<xsl:value-of select="*/@id"/></xsl:comment>t2<xsl:processing-instruction name="p">d</xsl:processing-instruction><b/></r>`,
  ),
};

const FAULT = `<faultSequence><property name="messageType" value="text/plain" scope="axis2"/><payloadFactory media-type="text"><format>fault: $1</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;

describe('oracle s16 R6: what follows the xslt result document element (XSLTMediator, Axiom detach)', () => {
  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    for (const [name, xsl] of Object.entries(SHEETS))
      files[`src/main/wso2mi/resources/registry/gov/r6/${name}.xslt`] = xsl;
    const resource = (uri: string, body: string) =>
      `<resource methods="POST" uri-template="/${uri}"><inSequence>${body}<respond/></inSequence>${FAULT}</resource>`;
    let apis =
      Object.keys(SHEETS)
        .map((n) => resource(n, `<xslt key="gov:r6/${n}.xslt"/>`))
        .join('') +
      resource(
        'twoRootsTarget',
        `<xslt key="gov:r6/twoRoots.xslt" target="res"/><enrich><source type="property" property="res"/><target type="body"/></enrich>`,
      );
    // transform.xslt.result.disableBuild: the target property holds the output text (answered as text/plain)
    const raw = (n: string, flag: string) =>
      `<property name="transform.xslt.result.disableBuild" value="${flag}"/><xslt key="gov:r6/${n}.xslt" target="res"/><property name="messageType" value="text/plain" scope="axis2"/><payloadFactory media-type="text"><format>$1</format><args><arg expression="concat('[', $ctx:res, ']')"/></args></payloadFactory>`;
    apis +=
      resource('rawCopy', raw('copyChars', 'TRUE')) +
      resource('rawIndented', raw('indented', 'true')) +
      resource(
        'builtNoTarget',
        `<property name="transform.xslt.result.disableBuild" value="true"/><xslt key="gov:r6/copyChars.xslt"/>`,
      );
    // the source: a property's XML text is parsed (SourceXPathSupport.selectOMNode -> SynapseConfigUtils.stringToOM)
    const text = `<property name="s" value="&lt;ask id=&quot;8&quot;/&gt;"/>`;
    apis +=
      resource(
        'stringSourceTarget',
        `${text}<xslt key="gov:r6/twoRoots.xslt" source="$ctx:s" target="res"/><enrich><source type="property" property="res"/><target type="body"/></enrich>`,
      ) +
      resource('stringSourceInPlace', `${text}<xslt key="gov:r6/rootThenSpace.xslt" source="$ctx:s"/>`) +
      resource('attributeSource', `<xslt key="gov:r6/rootThenSpace.xslt" source="//@id"/>`);
    files['src/main/wso2mi/artifacts/apis/R6Xslt.xml'] =
      `<api xmlns="http://ws.apache.org/ns/synapse" name="R6Xslt" context="/r6">${apis}</api>`;
    t = await startProjectRuntime(files, 'r6-xslt');
  });
  after(() => t.close());

  const post = async (name: string, body = '<ask id="4"/>') => {
    const r = await fetch(`${t.base}/r6/${name}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/xml' },
    });
    return r.text();
  };

  it('a second root replacing the body content faults (Woodstox: multiple roots)', async () => {
    assert.match(
      await post('twoRoots'),
      /^fault: .*Illegal to have multiple roots \(start tag in epilog\?\)/,
    );
  });

  it('a comment after the document element stops the reading: the first root is the result', async () => {
    assert.equal(await post('commentThenRoot'), '<head id="4"/>');
  });

  it('white space after the document element is no event: the first root is the result', async () => {
    assert.equal(await post('rootThenSpace'), '<head id="4"/>');
  });

  // Saxon-HE 9.9.1 (JAXP, as XSLTMediator runs it) writes <r>t1<!--c4-->t2<?p d?><b/></r>; Axiom writes the PI back
  // with two spaces (OMProcessingInstructionImpl.internalSerialize passes target + " ")
  it('xsl:comment and xsl:processing-instruction are written where they stand (Saxon-HE oracle)', async () => {
    assert.equal(await post('commentsInPlace'), '<r>t1<!--c4-->t2<?p  d?><b/></r>');
  });

  it('with a target the result is only stored: a second root is never read', async () => {
    assert.equal(await post('twoRootsTarget'), '<head id="4"/>');
  });

  // Saxon-HE 9.9.1's output for this input (XSLTMediator with transform.xslt.result.disableBuild="true" and a target:
  // StreamResultBuilder.getResultAsString, the XML declaration included)
  const CHARS = `<c a="1&gt;2 's&#9;t&#13;r&#x85;&#x2028;\u00e9">x&#13;y]]&gt;z&#x85;&#x2028;&#x7f;\u00e9&quot;'</c>`;
  it('transform.xslt.result.disableBuild keeps the output text as Saxon wrote it in the target property (MI XSLTDisableBuildPropertyTestCase)', async () => {
    assert.equal(
      await post('rawCopy', CHARS),
      `[<?xml version="1.0" encoding="UTF-8"?><c a="1&gt;2 's&#x9;t&#xD;r&#x85;&#x2028;\u00e9">x&#xD;y]]&gt;z&#x85;&#x2028;&#x7f;\u00e9"'</c>]`,
    );
    assert.equal(
      await post('rawIndented', '<c a="x&#10;y">l1</c>'),
      `[<?xml version="1.0" encoding="ISO-8859-1"?>\n<r>\n   <c a="x&#xA;y">l1</c>\n</r>\n]`,
    );
  });

  it('without a target transform.xslt.result.disableBuild changes nothing: the result replaces the body', async () => {
    assert.equal(await post('builtNoTarget', '<c a="x">y</c>'), '<c a="x">y</c>');
  });

  it('a source XPath giving a string transforms that string parsed as XML; without a target the message is unchanged (SourceXPathSupport.selectOMNode)', async () => {
    assert.equal(await post('stringSourceTarget'), '<head id="8"/>');
    assert.equal(await post('stringSourceInPlace'), '<ask id="4"/>');
  });

  it('a source XPath giving an attribute faults: it is no OMNode', async () => {
    assert.match(
      await post('attributeSource'),
      /^fault: .*The evaluation of the XPath expression \/\/@id did not result in an OMNode/,
    );
  });

  // Saxon-HE 9.9.1: <r n="3"><i p="1">b</i><i p="2">c</i></r> (the xml:space="preserve" element keeps its two)
  it('xsl:strip-space takes white-space text out of the source tree: node(), position() and count() do not see it (Saxon-HE oracle)', async () => {
    assert.equal(
      await post('stripSpace', '<a>\n  <b> x </b>\n  <c xml:space="preserve">\n    <d/>\n  </c>\n</a>'),
      '<r n="3"><i p="1">b</i><i p="2">c</i></r>',
    );
  });
});
