/**
 * JSON <-> XML as Micro Integrator 4.4 does it, from the wso2-synapse commons JSON sources and tests (session 11,
 * helper H2). Our own APIs and payloads over real HTTP:
 * - the XML view of a JSON payload has no <?xml-multiple?> (JsonDataSource.getReader: JsonUtil.isPiEnabled(),
 *   synapse.json.to.xml.process.instruction.enabled, false by default; JsonDataSourceTest): an array of one is one
 *   element and comes back from XML as its value, an empty array is no element;
 * - a processing instruction inside the payload is written as Axiom writes it, `<?xml-multiple  name?>` (MI
 *   ESBJAVA4318Testcase); `<?xml-multiple?>` with no name makes the next element an array in JSON (staxon
 *   JsonXMLStreamWriter.writePI: pendingStartArray; MI ESBJAVA4572 TestApi);
 * - a scalar JSON payload is a jsonValue element holding the JSON text (a string with its quotes, null too); a value
 *   that is not exactly a quoted string, true, false, null or -?\d+(\.\d+)? fails the build
 *   (JsonUtil.getNewJsonPayload; JsonValueTest);
 * - a text node holding a character XML 1.0 cannot hold is written escaped by commons-text escapeJava (wso2 Axiom
 *   OMTextImpl.writeOutput; MI TestJSONtoXMLwithUnicodeCharacters);
 * - whitespace-only text is dropped before XML is written as JSON (`<a> </a>` is null) unless the axis2 property
 *   PRESERVE_SPACES is "true" (JsonUtil.removeIndentations).
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const JSON_TYPE = 'application/json';
const XML_OUT = `<property name="messageType" value="application/xml" scope="axis2"/><respond/>`;
const JSON_OUT = `<property name="messageType" value="application/json" scope="axis2"/><respond/>`;

describe('oracle (session 11): JSON <-> XML conversion as MI 4.4 does it', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'H2Xml.xml': api('H2Xml', '/h2/xml', XML_OUT),
      'H2Json.xml': api('H2Json', '/h2/json', JSON_OUT),
      // an XML-path change of a JSON body: the body is written again from its XML view
      'H2Touch.xml': api(
        'H2Touch',
        '/h2/touch',
        `<enrich><source type="inline" clone="true"><seen xmlns="">1</seen></source><target type="custom" action="child" xpath="$body/jsonObject"/></enrich><respond/>`,
      ),
      'H2Pis.xml': api(
        'H2Pis',
        '/h2/pis',
        `<payloadFactory media-type="xml"><format><box xmlns=""><?xml-multiple crates?><crate><id>7</id></crate><?xml-multiple?><label>red</label><note>n</note></box></format><args/></payloadFactory>
         <filter source="get-property('uri.var.as')" regex="json"><then>${JSON_OUT}</then><else>${XML_OUT}</else></filter>`,
        'methods="GET" uri-template="/{as}"',
      ),
      'H2Value.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="H2Value" context="/h2/value"><resource methods="POST">
         <inSequence><log level="custom"><property name="v" expression="//jsonValue"/></log>${XML_OUT}</inSequence>
         <faultSequence><payloadFactory media-type="json"><format>{"failed":"$1"}</format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
           <property name="HTTP_SC" value="400" scope="axis2"/>${JSON_OUT}</faultSequence></resource></api>`,
      'H2Empty.xml': api(
        'H2Empty',
        '/h2/empty',
        `<filter source="get-property('uri.var.kind')" regex="array"><then><payloadFactory media-type="xml"><format><jsonArray xmlns=""/></format><args/></payloadFactory></then>
           <else><payloadFactory media-type="xml"><format><jsonObject xmlns=""></jsonObject></format><args/></payloadFactory></else></filter>${JSON_OUT}`,
        'methods="GET" uri-template="/{kind}"',
      ),
      'H2Transform.xml': api(
        'H2Transform',
        '/h2/transform',
        `<jsontransform><property name="synapse.commons.json.output.autoPrimitive" value="false"/></jsontransform><respond/>`,
      ),
      'H2Clone.xml': api(
        'H2Clone',
        '/h2/clone',
        `<payloadFactory media-type="json"><format>{"kind" : "copy",  "n" : 1.50}</format><args/></payloadFactory>
         <clone continueParent="true"><target><sequence><log/></sequence></target></clone><respond/>`,
      ),
      'H2Spaces.xml': api(
        'H2Spaces',
        '/h2/spaces',
        `<property name="PRESERVE_SPACES" value="true" scope="axis2"/>${JSON_OUT}`,
      ),
    });
  });
  after(() => t.close());

  it('JSON to XML: arrays are repeated elements with no <?xml-multiple?>; an empty array is no element', async () => {
    const r = await send(`${t.base}/h2/xml`, {
      body: '{"tags":["red"],"none":[],"sizes":[1,2],"grid":[[3,4]],"1st":[true]}',
      type: JSON_TYPE,
    });
    assert.equal(
      r.text,
      '<jsonObject><tags>red</tags><sizes>1</sizes><sizes>2</sizes>' +
        '<grid><jsonArray><jsonElement>3</jsonElement><jsonElement>4</jsonElement></jsonArray></grid>' +
        '<_JsonReader_PD_1st>true</_JsonReader_PD_1st></jsonObject>',
    );
  });

  it('JSON to XML: an array inside an array is a jsonArray of jsonElements, an empty one an empty jsonArray', async () => {
    const r = await send(`${t.base}/h2/xml`, {
      body: '{"mix":[0,[[],[{"k":"v"}]]],"nil":null}',
      type: JSON_TYPE,
    });
    assert.equal(
      r.text,
      '<jsonObject><mix>0</mix><mix><jsonArray><jsonElement><jsonArray/></jsonElement>' +
        '<jsonElement><jsonArray><jsonElement><k>v</k></jsonElement></jsonArray></jsonElement></jsonArray></mix><nil/></jsonObject>',
    );
  });

  it('a JSON body changed through its XML view: arrays of one come back as values, empty arrays are gone', async () => {
    const r = await send(`${t.base}/h2/touch`, {
      body: '{"tags":["red"],"none":[],"sizes":[1,2],"grid":[[3,4]],"cell":[[5]],"rows":[{"id":1}]}',
      type: JSON_TYPE,
    });
    assert.deepEqual(r.json(), {
      tags: 'red',
      sizes: [1, 2],
      grid: [3, 4],
      cell: 5,
      rows: { id: 1 },
      seen: 1,
    });
  });

  it('a processing instruction in the payload goes out as Axiom writes it (two spaces; one after a bare target)', async () => {
    const r = await send(`${t.base}/h2/pis/xml`);
    assert.equal(
      r.text,
      '<box><?xml-multiple  crates?><crate><id>7</id></crate><?xml-multiple ?><label>red</label><note>n</note></box>',
    );
  });

  it('a text with a character XML 1.0 cannot hold goes out Java-escaped, all of it (Axiom OMTextImpl, escapeJava)', async () => {
    const r = await send(`${t.base}/h2/xml`, {
      body: '{"note":"\\u0007ring \\"caf\u00e9\\" <b>","plain":"caf\u00e9"}',
      type: JSON_TYPE,
    });
    assert.equal(
      r.text,
      '<jsonObject><note>\\u0007ring \\"caf\\u00E9\\" &lt;b></note><plain>caf\u00e9</plain></jsonObject>',
    );
  });

  it('XML to JSON: <?xml-multiple?> with no name makes the next element an array; a named one, that key', async () => {
    const r = await send(`${t.base}/h2/pis/json`);
    assert.equal(r.text, '{"box":{"crates":[],"crate":{"id":7},"label":["red"],"note":"n"}}');
  });

  it('a scalar JSON payload is a jsonValue holding the JSON text: a string keeps its quotes, null is one too', async () => {
    t.logs.length = 0;
    let r = await send(`${t.base}/h2/value`, { body: '"blue sky"', type: JSON_TYPE });
    assert.equal(r.text, '<jsonValue>"blue sky"</jsonValue>');
    assert.ok(t.logs.some((l) => l.message === 'v = "blue sky"'));
    r = await send(`${t.base}/h2/value`, { body: 'null', type: JSON_TYPE });
    assert.equal(r.text, '<jsonValue>null</jsonValue>');
    r = await send(`${t.base}/h2/value`, { body: '-4.25', type: JSON_TYPE });
    assert.equal(r.text, '<jsonValue>-4.25</jsonValue>');
  });

  it('a JSON value that is not exactly a string, true, false, null or a plain decimal fails the build', async () => {
    // a line break or tab is no space to the builder (only ' ' is: RelayUtils.isEmptyPayloadStream too)
    for (const body of ['north', 'tall', '12kg', '2e3', ' "x"', '"open', '7\n', '\r\n', ' \t ']) {
      const r = await send(`${t.base}/h2/value`, { body, type: JSON_TYPE });
      assert.equal(r.status, 400, JSON.stringify(body) + r.text);
      assert.match(
        (r.json() as { failed: string }).failed,
        /^Error while building message\. Error while building Passthrough stream/,
      );
    }
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' &&
          l.message === 'Error occurred while processing document for application/json',
      ),
    );
    // only spaces: no payload at all
    const r = await send(`${t.base}/h2/value`, { body: '   ', type: JSON_TYPE });
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
  });

  it('XML to JSON: an empty jsonObject or jsonArray is written null (the wrapper and its braces go, the empty element is null)', async () => {
    assert.equal((await send(`${t.base}/h2/empty/object`)).text, 'null');
    assert.equal((await send(`${t.base}/h2/empty/array`)).text, 'null');
  });

  it('jsontransform with properties converts a JSON body too, through its XML view (JSONTransformMediator)', async () => {
    const r = await send(`${t.base}/h2/transform`, {
      body: '{"ids":[7],"qty":3,"ok":true,"pair":[1,2]}',
      type: JSON_TYPE,
    });
    assert.equal(r.text, '{"ids":"7","qty":"3","ok":"true","pair":["1","2"]}');
  });

  it('a cloned JSON message keeps the text it was written with (JsonUtil.cloneJsonPayload copies the bytes)', async () => {
    const r = await send(`${t.base}/h2/clone`, { body: '{}', type: JSON_TYPE });
    assert.equal(r.text, '{"kind" : "copy",  "n" : 1.50}');
  });

  it('XML to JSON: whitespace-only text is dropped (null) unless PRESERVE_SPACES (axis2) is "true"', async () => {
    const body = '<form><gap> </gap><tab>\t</tab><word> a b </word><tagged k="v"> </tagged></form>';
    let r = await send(`${t.base}/h2/json`, { body, type: 'application/xml' });
    assert.equal(r.text, '{"form":{"gap":null,"tab":null,"word":" a b ","tagged":{"@k":"v"}}}');
    r = await send(`${t.base}/h2/spaces`, { body, type: 'application/xml' });
    assert.equal(r.text, '{"form":{"gap":" ","tab":"\\t","word":" a b ","tagged":{"@k":"v","$":" "}}}');
  });
});
