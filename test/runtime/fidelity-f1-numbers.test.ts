/**
 * JSON numbers and JSON <-> XML structure as Micro Integrator 4.4 keeps them (facts from wso2-synapse: Gson reads
 * JSON numbers as LazilyParsedNumber, which keeps its text; ExpressionResult types such a number by its text;
 * PredefinedFunctionNode's toUpper/toLower take strings and JSON primitives only; the XML view of a JSON payload has
 * no <?xml-multiple?> (JsonDataSource.getReader: synapse.json.to.xml.process.instruction.enabled is false by
 * default); the JSON writer keeps document order, reads an array back from an instruction that names the key, and
 * writes a lone jsonElement without the instruction as its value). Real HTTP, our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const JSON_TYPE = 'application/json';

describe('runtime fidelity (F1): JSON numbers keep their text, JSON <-> XML structure', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Quote.xml': api(
        'Quote',
        '/f1/quote',
        `<payloadFactory media-type="json"><format>{"unit":$1,"rate":\${payload.rate},"next":\${payload.rate + 1},"qty":$2}</format>
           <args><arg evaluator="json" expression="$.unit"/><arg evaluator="json" expression="$.qty"/></args></payloadFactory><respond/>`,
      ),
      'Keep.xml': api(
        'Keep',
        '/f1/keep',
        `<enrich><source type="custom" xpath="json-eval($.rate)"/><target type="property" property="kept"/></enrich>
         <variable name="unitVar" type="JSON" expression="\${payload.unit}"/>
         <log level="custom"><property name="rate" expression="\${payload.rate}"/><property name="kept" expression="$ctx:kept"/></log>
         <payloadFactory media-type="json"><format>{"kept":$1,"unit":\${vars.unitVar}}</format><args><arg expression="$ctx:kept"/></args></payloadFactory><respond/>`,
      ),
      'Copy.xml': api(
        'Copy',
        '/f1/copy',
        `<enrich><source type="custom" xpath="json-eval($.from)"/><target type="custom" action="child" xpath="json-eval($.to)"/></enrich><respond/>`,
      ),
      'Fm.xml': api(
        'Fm',
        '/f1/fm',
        `<payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{"p": \${payload.rate}, "twice": \${payload.rate * 2}}]]></format></payloadFactory><respond/>`,
      ),
      'rate-schema.xml': `<localEntry xmlns="http://ws.apache.org/ns/synapse" key="rateSchema"><![CDATA[{"type":"object","properties":{"rate":{"type":"number","minimum":1},"tags":{"type":"array","items":{"type":"number"}}},"required":["rate"]}]]></localEntry>`,
      'Checked.xml': api(
        'Checked',
        '/f1/checked',
        `<validate><schema key="rateSchema"/><on-fail><payloadFactory media-type="json"><format>{"invalid":true}</format></payloadFactory><respond/></on-fail></validate>
         <enrich><source type="custom" xpath="json-eval($.tags)"/><target type="custom" action="child" xpath="json-eval($.all)"/></enrich>
         <property name="messageType" value="application/xml" scope="axis2"/><respond/>`,
      ),
      'FromXml.xml': api(
        'FromXml',
        '/f1/from-xml',
        `<payloadFactory media-type="json"><format>{"line":$1,"last":\${payload.quote.last},"text":"$2"}</format>
           <args><arg expression="//line"/><arg expression="//last"/></args></payloadFactory><respond/>`,
      ),
      'Upper.xml': api(
        'Upper',
        '/f1/upper',
        `<log level="custom"><property name="code" expression="\${toUpper(payload.code)}"/><property name="lit" expression="\${toUpper(34)}"/><property name="low" expression="\${toLower(payload.name)}"/></log><respond/>`,
      ),
      'ToXml.xml': api(
        'ToXml',
        '/f1/to-xml',
        `<property name="messageType" value="application/xml" scope="axis2"/><respond/>`,
      ),
      'ToJson.xml': api(
        'ToJson',
        '/f1/to-json',
        `<property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
    });
  });
  after(() => t.close());

  // a json-evaluated argument is SynapseJsonPath.stringValueOf: Jayway's GsonJsonProvider.getMapValue unwraps the
  // number read by name to a Double (12.50 -> 12.5, 10.0 stays 10.0); ${payload.rate} keeps 10.0 (oracle J5)
  it('payloadFactory writes a json-eval argument as Jayway unwraps it (12.50 -> 12.5, 10.0) and arithmetic on them gives a double (11.0)', async () => {
    const r = await send(`${t.base}/f1/quote`, {
      body: '{"unit":12.50,"rate":10.0,"qty":3}',
      type: JSON_TYPE,
    });
    assert.equal(r.text, '{"unit":12.5,"rate":10.0,"next":11.0,"qty":3}');
  });

  it('a number copied to a property, a variable and the log keeps its text', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1/keep`, { body: '{"unit":4.50,"rate":2.0}', type: JSON_TYPE });
    // ${payload.unit} reads 4.50 by name: Jayway's Gson provider unwraps it to the Double 4.5 (getMapValue)
    assert.equal(r.text, '{"kept":2.0,"unit":4.5}');
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.equal(line, 'rate = 2.0, kept = 2.0');
  });

  it('enrich that changes the body writes every number of it as it came', async () => {
    const r = await send(`${t.base}/f1/copy`, {
      body: '{"from":{"w":1.50,"h":2e3},"to":{"id":7},"tag":0.10}',
      type: JSON_TYPE,
    });
    assert.equal(r.text, '{"from":{"w":1.50,"h":2e3},"to":{"id":7,"w":1.50,"h":2e3},"tag":0.10}');
  });

  it('FreeMarker reads JSON numbers as MI gives them to it (Gson Doubles): 10.0 prints 10', async () => {
    const r = await send(`${t.base}/f1/fm`, { body: '{"rate":10.0}', type: JSON_TYPE });
    assert.equal(r.text, '{"p": 10, "twice": 20}');
  });

  it("a schema sees 10.0 as a number; a changed body converted to XML keeps the numbers' text", async () => {
    const r = await send(`${t.base}/f1/checked`, {
      body: '{"rate":10.0,"tags":[1.50,2],"all":[0.0]}',
      type: JSON_TYPE,
    });
    assert.equal(
      r.text,
      '<jsonObject><rate>10.0</rate><tags>1.50</tags><tags>2</tags>' +
        '<all>0.0</all><all><jsonArray><jsonElement>1.50</jsonElement><jsonElement>2</jsonElement></jsonArray></all></jsonObject>',
    );
  });

  it("XML numbers turned into JSON keep MI's text: an element argument, ${payload...} on an XML body", async () => {
    const r = await send(`${t.base}/f1/from-xml`, {
      body: '<quote><line><qty>2</qty><price>4.50</price><rate>1e2</rate></line><last>12.50</last></quote>',
      type: 'application/xml',
    });
    // ${payload.quote.last} reads the JSON view by name: unwrapped to the Double 12.5 (GsonJsonProvider.getMapValue)
    assert.equal(r.text, '{"line":{"line":{"qty":2,"price":4.50,"rate":1E+2}},"last":12.5,"text":"12.50"}');
  });

  it('toUpper/toLower take a JSON number of the payload as text but refuse a number literal', async () => {
    t.logs.length = 0;
    await send(`${t.base}/f1/upper`, { body: '{"code":34,"name":"MiXeD"}', type: JSON_TYPE });
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.equal(line, 'code = 34, lit = , low = mixed');
  });

  it('JSON to XML: arrays are repeated elements with no <?xml-multiple?> (JsonDataSource, MI default)', async () => {
    let r = await send(`${t.base}/f1/to-xml`, { body: '[1,2]', type: JSON_TYPE });
    assert.equal(r.text, '<jsonArray><jsonElement>1</jsonElement><jsonElement>2</jsonElement></jsonArray>');
    r = await send(`${t.base}/f1/to-xml`, { body: '{"9lives":[true],"grid":[[1,2]]}', type: JSON_TYPE });
    assert.equal(
      r.text,
      '<jsonObject><_JsonReader_PD_9lives>true</_JsonReader_PD_9lives>' +
        '<grid><jsonArray><jsonElement>1</jsonElement><jsonElement>2</jsonElement></jsonArray></grid></jsonObject>',
    );
  });

  it('XML to JSON: keys in document order after an <?xml-multiple?>, a digit key read back from the instruction', async () => {
    const r = await send(`${t.base}/f1/to-json`, {
      body:
        '<jsonObject><kind>box</kind><?xml-multiple sides?><sides>3</sides><sides>4</sides>' +
        '<?xml-multiple 2d?><_JsonReader_PD_2d>x</_JsonReader_PD_2d><last>true</last></jsonObject>',
      type: 'application/xml',
    });
    assert.equal(r.text, '{"kind":"box","sides":[3,4],"2d":["x"],"last":true}');
  });

  it('XML to JSON: the text beside attributes is written as it is, spaces included', async () => {
    const r = await send(`${t.base}/f1/to-json`, {
      body: '<item code="A"> blue pen </item>',
      type: 'application/xml',
    });
    assert.equal(r.text, '{"item":{"@code":"A","$":" blue pen "}}');
  });

  it('XML to JSON: a jsonArray with one jsonElement and no instruction is that element; with it, an array', async () => {
    let r = await send(`${t.base}/f1/to-json`, {
      body: '<jsonArray><jsonElement><id>5</id></jsonElement></jsonArray>',
      type: 'application/xml',
    });
    assert.equal(r.text, '{"id":5}');
    r = await send(`${t.base}/f1/to-json`, {
      body: '<jsonArray><?xml-multiple jsonElement?><jsonElement><id>5</id></jsonElement></jsonArray>',
      type: 'application/xml',
    });
    assert.equal(r.text, '[{"id":5}]');
  });
});
