/**
 * Session 17 (E2): the ERROR_MESSAGE a fault sequence reads after a mediator fails, in MI's words.
 *
 * How the expectations were made: read from the MI 4.4 / wso2-synapse sources of each mediator (the message of the
 * exception its mediate() throws: AbstractMediator.handleException(msg, e, synCtx) -> SynapseException(msg), which
 * FaultHandler puts in ERROR_MESSAGE, ERROR_CODE 0), composed for our own stylesheets, keys and payloads. Our own
 * account of the failure (file:line, our codes) is in the mediator's ERROR log line and ERROR_DETAIL.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"';
const DEFAULT_SOURCE = 's11:Body/child::*[position()=1] | s12:Body/child::*[position()=1]';

/** An API whose fault sequence answers `ERROR_CODE|ERROR_MESSAGE|` as text. */
function faultApi(name: string, context: string, inSequence: string): string {
  return `<api ${NS} name="${name}" context="${context}"><resource methods="POST"><inSequence>${inSequence}<respond/></inSequence>
    <faultSequence><payloadFactory media-type="text"><format>$1|$2|</format><args><arg expression="$ctx:ERROR_CODE"/>
    <arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><property name="messageType" value="text/plain" scope="axis2"/>
    <respond/></faultSequence></resource></api>`;
}

function sheet(key: string, body: string, version = '1.0'): string {
  return `<localEntry ${NS} key="${key}"><xsl:stylesheet version="${version}" ${XSL}>${body}</xsl:stylesheet></localEntry>`;
}

describe('oracle s17 E2: ERROR_MESSAGE of mediator failures as MI sets it', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<answer><v>1</v></answer>');
    });
    t = await startRuntime({
      'E2p1.xml': faultApi(
        'E2p1',
        '/e2/payload/noelement',
        '<payloadFactory media-type="xml"><format>plain words</format><args/></payloadFactory>',
      ),
      'E2i1.xml': faultApi(
        'E2i1',
        '/e2/iterate/attach',
        `<iterate expression="//id" preservePayload="true" attachPath="//nowhere" sequential="true">
           <target><sequence><log level="custom"><property name="it" value="branch"/></log></sequence></target></iterate>`,
      ),
      'E2r1.xml': faultApi(
        'E2r1',
        '/e2/rewrite/input',
        '<property name="u" value="http://a b/c"/><rewrite inProperty="u" outProperty="v"/>',
      ),
      'E2r2.xml': faultApi(
        'E2r2',
        '/e2/rewrite/build',
        `<property name="u" value="x/y"/><rewrite inProperty="u" outProperty="v"><rewriterule>
           <action fragment="protocol" value="http"/></rewriterule></rewrite>`,
      ),
      'E2c1.xml': faultApi(
        'E2c1',
        '/e2/callout/target',
        `<callout serviceURL="${be.url}/svc"><source type="envelope"/><target xpath="//nowhere"/></callout>`,
      ),
      'E2Stop.xml': sheet(
        'e2Stop',
        '<xsl:template match="/"><xsl:message terminate="yes">halt</xsl:message></xsl:template>',
      ),
      'E2Text.xml': sheet('e2Text', '<xsl:template match="/">just words</xsl:template>'),
      'E2Ok.xml': sheet('e2Ok', '<xsl:template match="/"><ok/></xsl:template>'),
      'E2x1.xml': faultApi('E2x1', '/e2/xslt/terminate', '<xslt key="e2Stop"/>'),
      'E2x2.xml': faultApi('E2x2', '/e2/xslt/textresult', '<xslt key="e2Text" source="//order"/>'),
      'E2x3.xml': faultApi(
        'E2x3',
        '/e2/xslt/dynamic',
        `<property name="sheet" value="e2Ok"/><xslt key="{get-property('sheet')}" source="//absent"/>`,
      ),
      'E2x4.xml': faultApi('E2x4', '/e2/xslt/nokey', '<xslt key="e2Missing"/>'),
      'E2Bad.xml': `<localEntry ${NS} key="e2BadSchema"><![CDATA[{"type": "object", "properties": ]]></localEntry>`,
      'E2j1.xml': faultApi('E2j1', '/e2/jsontransform/broken', '<jsontransform schema="e2BadSchema"/>'),
      'E2j2.xml': faultApi('E2j2', '/e2/jsontransform/missing', '<jsontransform schema="e2NoSchema"/>'),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  const post = (path: string, body = '<order><id>7</id></order>') =>
    send(`${t.base}${path}`, {
      body,
      type: body.startsWith('<') ? 'application/xml' : 'application/json',
    });

  it("xslt: a transformation error (XSLTMediator.mediate over performXSLT's TransformerException)", async () => {
    const r = await post('/e2/xslt/terminate');
    assert.equal(
      r.text,
      `0|Unable to perform XSLT transformation using : Value {name ='null', keyValue ='e2Stop'} against source XPath : ${DEFAULT_SOURCE} reason : Error performing XSLT transformation using : Value {name ='null', keyValue ='e2Stop'}|`,
    );
  });

  it('xslt: a result that is no XML element (resultBuilder.getNode fails)', async () => {
    const r = await post('/e2/xslt/textresult');
    assert.equal(
      r.text,
      "0|Unable to perform XSLT transformation using : Value {name ='null', keyValue ='e2Text'} against source XPath : //order reason : Unable to create an OMElement using XSLT result |",
    );
  });

  it('xslt: a dynamic key and a source selecting nothing (Value.toString with its expression)', async () => {
    const r = await post('/e2/xslt/dynamic');
    assert.equal(
      r.text,
      "0|Unable to perform XSLT transformation using : Value {name ='null', expression =get-property('sheet')} against source XPath : //absent reason : The evaluation of the XPath expression //absent did not result in an OMNode : null|",
    );
  });

  it("xslt: a key that names no entry (createTemplate's handleException)", async () => {
    const r = await post('/e2/xslt/nokey');
    assert.equal(
      r.text,
      `0|Unable to perform XSLT transformation using : Value {name ='null', keyValue ='e2Missing'} against source XPath : ${DEFAULT_SOURCE} reason : Error creating XSLT transformer using : Value {name ='null', keyValue ='e2Missing'}|`,
    );
  });

  it('jsontransform: a schema that is no JSON (JsonProcessor.parseJson ValidatorException)', async () => {
    const r = await post('/e2/jsontransform/broken', '{"n":1}');
    assert.equal(r.text, '0|Invalid JSON schema|');
  });

  it('jsontransform: a schema key naming nothing (JSONTransformMediator.mediate)', async () => {
    const r = await post('/e2/jsontransform/missing', '{"n":1}');
    assert.equal(r.text, '0|Schema does not exist in the specified location : e2NoSchema|');
  });

  it('callout: a target XPath that selects nothing (CalloutMediator.mediate)', async () => {
    const r = await post('/e2/callout/target');
    assert.equal(r.text, '0|Evaluation of target XPath expression : //nowhere did not yeild an OMNode|');
  });

  it('rewrite: an input URI java.net.URI refuses (URLRewriteMediator.getInputAddress)', async () => {
    const r = await post('/e2/rewrite/input');
    assert.equal(r.text, '0|Malformed input URI: http://a b/c|');
  });

  it('rewrite: fragments that make no URI (URLRewriteMediator.mediate URISyntaxException)', async () => {
    const r = await post('/e2/rewrite/build');
    assert.equal(r.text, '0|Error while constructing a URI from the fragments|');
  });

  it('iterate: an attachPath that selects nothing (IterateMediator.getIteratedMessage)', async () => {
    const r = await post('/e2/iterate/attach');
    assert.equal(
      r.text,
      '0|Error in attaching the splitted elements :: Unable to get the attach path specified by the expression //nowhere|',
    );
  });

  it('payloadFactory: an XML format that yields no element (PayloadFactoryMediator.checkAndReplaceEnvelope)', async () => {
    const r = await post('/e2/payload/noelement');
    assert.equal(r.text, '0|Generated content is not a valid XML payload|');
  });
});
