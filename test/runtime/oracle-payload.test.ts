/**
 * Oracle regressions (payloadFactory / property / JSON<->XML): behaviours MI's own integration tests assert and our runtime
 * already answers the same way. Our own API names and payloads; the MI test each case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('oracle (MI integration tests): payloadFactory and JSON/XML', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      // PayloadFactorySynapseExpressionTestCase: ${...} templates
      'ExprJson.xml': api(
        'ExprJson',
        '/expr-json',
        `<variable name="code" value="42" type="INTEGER"/>
         <payloadFactory media-type="json"><format><![CDATA[{"code": \${var.code}, "who": "\${payload.owner}", "codeText": "\${var.code}",
           "flag": \${payload.active}, "flagText": "\${payload.active}", "boxText": "\${payload.box}", "box": \${payload.box}}]]></format></payloadFactory>
         <respond/>`,
      ),
      'ExprJsonXml.xml': api(
        'ExprJsonXml',
        '/expr-json-xml',
        `<variable name="label" value="7&lt;8"/>
         <variable name="twoLines" value="a\\nb"/>
         <variable name="frag" value="&lt;color&gt;blue&lt;/color&gt;" type="OM"/>
         <payloadFactory media-type="xml"><format><out xmlns=""><label>\${var.label}</label><tag>\${payload.box.tag}</tag><name>\${payload.box.name}</name><frag>\${var.frag}</frag><box>\${payload.box}</box><lines>\${var.twoLines}</lines></out></format></payloadFactory>
         <respond/>`,
      ),
      'ExprXmlXml.xml': api(
        'ExprXmlXml',
        '/expr-xml-xml',
        `<variable name="n" value="5&lt;6"/>
         <payloadFactory media-type="xml"><format><out xmlns=""><owner>\${xpath('//order/owner/text()')}</owner><n>\${var.n}</n><item>\${xpath('//order/item')}</item></out></format></payloadFactory>
         <respond/>`,
      ),
      'ExprXmlJson.xml': api(
        'ExprXmlJson',
        '/expr-xml-json',
        `<variable name="n" value="5&lt;6"/>
         <payloadFactory media-type="json"><format>{"owner": "\${xpath('//order/owner/text()')}", "itemText": "\${xpath('//order/item')}", "item": \${xpath('//order/item')}, "n": "\${var.n}"}</format></payloadFactory>
         <respond/>`,
      ),
      'ExprFreemarker.xml': api(
        'ExprFreemarker',
        '/expr-ftl',
        `<variable name="num" value="9" type="INTEGER"/>
         <payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{"full": "\${payload.first} \${payload.last}", "num": \${vars.num}}]]></format></payloadFactory>
         <respond/>`,
      ),
      // PayloadFactoryXMLJSONTestCase: strings that look like JSON inside XML, nested envelopes, body into a property array
      'Braces.xml': api(
        'Braces',
        '/braces',
        `<property name="token" value="{not json at all}"/>
         <payloadFactory media-type="xml"><format><soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body><wrap><token>$1</token></wrap></soapenv:Body></soapenv:Envelope></format>
           <args><arg evaluator="xml" expression="get-property('token')"/></args></payloadFactory>
         <respond/>`,
      ),
      'Nested.xml': api(
        'Nested',
        '/nested',
        `<property name="ref" expression="json-eval($.job.ref)"/>
         <property name="ids" expression="json-eval($.job.ids)"/>
         <payloadFactory media-type="xml"><format><soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body><soapenv:Envelope><soapenv:Body><job xmlns="urn:example:jobs"><ref>$1</ref><ids>$2</ids></job></soapenv:Body></soapenv:Envelope></soapenv:Body></soapenv:Envelope></format>
           <args><arg evaluator="xml" expression="$ctx:ref"/><arg evaluator="xml" expression="$ctx:ids"/></args></payloadFactory>
         <respond/>`,
      ),
      'Collect.xml': api(
        'Collect',
        '/collect',
        `<enrich><source clone="true" type="inline">[]</source><target type="property" property="bag"/></enrich>
         <enrich><source clone="true" type="body"/><target type="property" property="bag" action="child"/></enrich>
         <payloadFactory media-type="json"><format>{"all":$1}</format><args><arg evaluator="xml" expression="$ctx:bag"/></args></payloadFactory>
         <respond/>`,
      ),
      // PayloadFactoryLiteralArgumentTestCase (literal="true" keeps an XML-looking string as text)
      'Literal.xml': api(
        'Literal',
        '/literal-arg',
        `<property name="snippet" expression="json-eval($.snippet)" type="STRING"/>
         <payloadFactory media-type="json"><format>{"kept": "$1"}</format><args><arg literal="true" evaluator="xml" expression="$ctx:snippet"/></args></payloadFactory>
         <respond/>`,
      ),
      // PropertyJSONPathSupportTestCase (JSONPath against a JSON-typed property, filter expressions)
      'PropPath.xml': api(
        'PropPath',
        '/prop-path',
        `<property name="stock" scope="transport" type="JSON" value='{"shelf":[{"sku":"a1","cost":3},{"sku":"b2","cost":15},{"sku":"c3","cost":30}]}'/>
         <payloadFactory media-type="json"><format>{"dear": $1}</format><args><arg evaluator="json" expression="$trp:stock.shelf[?(@.cost &gt; 20)]"/></args></payloadFactory>
         <property name="mid" expression="json-eval($trp:stock.shelf[?(@.cost &gt; 10)])"/>
         <log level="custom"><property name="firstMid" expression="json-eval($ctx:mid.[0])"/></log>
         <respond/>`,
      ),
      // JSONArrayTestCase: XML request, JSON answer built by payloadFactory from json-eval
      'XmlToJsonArr.xml': api(
        'XmlToJsonArr',
        '/xml-to-json-arr',
        `<property name="messageType" value="application/json" scope="axis2"/>
         <payloadFactory media-type="json"><format>{ "Parts": { "Part": $1 } }</format><args><arg evaluator="json" expression="$.Parts.Part"/></args></payloadFactory>
         <respond/>`,
      ),
      // PayloadFactoryXMLJSONTestCase.testJSONToJSONConversion-like escaping of quotes inside XML
      'XmlText.xml': `<api ${NS} name="XmlText" context="/xml-text"><resource methods="POST"><inSequence>
          <payloadFactory media-type="xml"><format><note xmlns=""><to>$1</to></note></format><args><arg expression="json-eval($.who)"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
    });
  });
  after(() => t.close());

  it('json -> json with ${} (PayloadFactorySynapseExpressionTestCase.testPayloadFactoryJsonToJson)', async () => {
    const r = await send(`${t.base}/expr-json`, {
      body: '{"owner":"[]Ann&\\nLee]","box":{"tag":"red\\n\\rgreen","size":"L"},"active":true}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      code: 42,
      who: '[]Ann&\nLee]',
      codeText: '42',
      flag: true,
      flagText: 'true',
      boxText: '{"tag":"red\\n\\rgreen","size":"L"}',
      box: { tag: 'red\n\rgreen', size: 'L' },
    });
  });

  it('json -> xml with ${} (PayloadFactorySynapseExpressionTestCase.testPayloadFactoryJsonToXML)', async () => {
    const r = await send(`${t.base}/expr-json-xml`, {
      body: '{"box":{"tag":"dog&","name":"x\\\\ny"}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      // MI writes a JSON string with its escapes (one backslash in the value, two in the XML text)
      '<out><label>7&lt;8</label><tag>dog&amp;</tag><name>x\\\\ny</name><frag><color>blue</color></frag><box><tag>dog&amp;</tag><name>x\\\\ny</name></box><lines>a\\nb</lines></out>',
    );
  });

  it('xml -> xml with ${xpath()} (PayloadFactorySynapseExpressionTestCase.testPayloadFactoryXMLToXML)', async () => {
    const r = await send(`${t.base}/expr-xml-xml`, {
      body: '<order>\n  <owner>Bo&lt;</owner>\n  <item>\n    <sku>k1</sku>\n  </item>\n</order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      '<out><owner>Bo&lt;</owner><n>5&lt;6</n><item><item>\n    <sku>k1</sku>\n  </item></item></out>',
    );
  });

  it('xml -> json with ${xpath()} (PayloadFactorySynapseExpressionTestCase.testPayloadFactoryXMLToJson)', async () => {
    const r = await send(`${t.base}/expr-xml-json`, {
      body: '<order><owner>Bo&lt;</owner><item><sku>k1</sku><note>a\\\\nb</note></item></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      owner: 'Bo<',
      itemText: '<item><sku>k1</sku><note>a\\\\nb</note></item>',
      item: { item: { sku: 'k1', note: 'a\\nb' } },
      n: '5<6',
    });
  });

  it('freemarker template reads variables as vars (PayloadFactorySynapseExpressionTestCase.testPayloadFactoryFreemarker, April 2026: ${vars.userID})', async () => {
    const r = await send(`${t.base}/expr-ftl`, {
      body: '{"first":"Mia","last":"Ko"}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { full: 'Mia Ko', num: 9 });
  });

  it('a string starting with { stays text in XML (PayloadFactoryXMLJSONTestCase.testXMLStringWithCurlyBracketsProxy)', async () => {
    const r = await send(`${t.base}/braces`, { body: '{"any":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      `<wrap xmlns="http://ws.apache.org/ns/synapse"><token>{not json at all}</token></wrap>`,
    );
  });

  it('an envelope inside the body, JSON arrays as text (PayloadFactoryXMLJSONTestCase.testComplexJSONToXML)', async () => {
    const r = await send(`${t.base}/nested`, {
      body: '{"job":{"ref":"R-9","ids":["71"],"empty":[]}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      `<soapenv:Envelope xmlns:soapenv="${SOAP}"><soapenv:Body><job xmlns="urn:example:jobs"><ref>R-9</ref><ids>["71"]</ids></job></soapenv:Body></soapenv:Envelope>`,
    );
  });

  it('body enriched as a child of an inline [] property (PayloadFactoryXMLJSONTestCase.testJSONToJSONConversion)', async () => {
    const r = await send(`${t.base}/collect`, { body: '{"greet":"hi there"}', type: 'application/json' });
    assert.equal(r.text, '{"all":[{"greet":"hi there"}]}');
  });

  it('literal="true" keeps an XML-looking string (PayloadFactoryLiteralArgumentTestCase, literal true)', async () => {
    const r = await send(`${t.base}/literal-arg`, {
      body: '{"snippet":"<ping/>"}',
      type: 'application/json',
    });
    assert.ok(r.text.includes('<ping/>'), r.text);
  });

  it('JSONPath filters against a JSON property (PropertyJSONPathSupportTestCase)', async () => {
    const r = await send(`${t.base}/prop-path`, { body: '{"x":1}', type: 'application/json' });
    assert.deepEqual(r.json(), { dear: [{ sku: 'c3', cost: 30 }] });
    assert.ok(
      t.logs.some((l) => l.message.includes('firstMid = {"sku":"b2","cost":15}')),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('XML request answered as JSON built from json-eval (JSONArrayTestCase)', async () => {
    const r = await send(`${t.base}/xml-to-json-arr`, {
      body: '<Parts> <Part> <Code>P1</Code> <Name>bolt</Name> </Part> <Part> <Code>P2</Code> <Name>nut</Name> </Part> </Parts>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.ok(r.text.startsWith('{ "Parts": { "Part":'), r.text);
    assert.deepEqual(r.json(), {
      Parts: {
        Part: [
          { Code: 'P1', Name: 'bolt' },
          { Code: 'P2', Name: 'nut' },
        ],
      },
    });
  });

  it('a format root with xmlns="" and no envelope is written without it', async () => {
    const r = await send(`${t.base}/xml-text`, { body: '{"who":"Ann"}', type: 'application/json' });
    assert.equal(r.text, '<note><to>Ann</to></note>');
  });
});
