/**
 * Session 14, W2: XML written as JSON when a member name comes more than once. MI's JSON writer is staxon's stream
 * writer (JsonXMLStreamWriter) behind AutoArrayTarget: only a name written right after itself becomes an array (an
 * element repeated with others between, or two attributes of one local name, ...). Any other repeat is written as
 * the same name again: JSON with duplicate keys. With synapse.json_out_auto_array = false ([mediation],
 * synapse.commons.json.output.jsonoutAutoArray) there is no AutoArrayTarget: only <?xml-multiple?> makes arrays.
 * Own API names and payloads.
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, startRuntime, type TestRuntime } from './helpers';

const asJson = (name: string, context: string, body = '') =>
  `<api ${NS} name="${name}" context="${context}"><resource methods="POST"><inSequence>${body}
    <property name="messageType" value="application/json" scope="axis2"/><respond/></inSequence></resource></api>`;

const post = (t: TestRuntime, path: string, body: string) =>
  send(`${t.base}${path}`, { body, type: 'application/xml' }).then((r) => r.text);

describe('oracle S14 W2: XML -> JSON repeated names (staxon AutoArrayTarget; MI XMLToJsonTransformationPropertiesTestCase)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({ 'Shelf.xml': asJson('Shelf', '/shelf') });
  });
  after(() => t.close());

  it('an element repeated with another between: the name is written again (AutoArrayTarget.name)', async () => {
    assert.equal(
      await post(t, '/shelf', '<shelf><book>A</book><book>B</book><pen>p</pen><book>C</book></shelf>'),
      '{"shelf":{"book":["A","B"],"pen":"p","book":"C"}}',
    );
  });

  it('two attributes of one local name: one array; an attribute and a child of that name: both', async () => {
    assert.equal(
      await post(
        t,
        '/shelf',
        '<shelf xmlns:a="urn:a" xmlns:b="urn:b" a:code="1" b:code="2"><code>3</code></shelf>',
      ),
      '{"shelf":{"@code":["1","2"],"code":3}}',
    );
  });

  it('an array <?xml-multiple?> opened ends at another name; the same name later is written again', async () => {
    assert.equal(
      await post(t, '/shelf', '<shelf><?xml-multiple book?><book>A</book><pen>p</pen><book>C</book></shelf>'),
      '{"shelf":{"book":["A"],"pen":"p","book":"C"}}',
    );
  });
});

describe('oracle S14 W2: synapse.json_out_auto_array = false (JsonUtil.generateJSONOutputFactory; MI XMLToJsonTransformationPropertiesTestCase.testXmlToJsonArray)', () => {
  it('repeated elements are the name written again; <?xml-multiple?> still makes an array', async () => {
    const t = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>autoarray</artifactId><version>1.0.0</version></project>',
        'deployment/deployment.toml': '[mediation]\nsynapse.json_out_auto_array = false\n',
        'src/main/wso2mi/artifacts/apis/Crate.xml': asJson('Crate', '/crate'),
      },
      'w2-autoarray',
    );
    try {
      assert.equal(
        await post(t, '/crate', '<crate><item><n>1</n></item><item><n>2</n></item></crate>'),
        '{"crate":{"item":{"n":1},"item":{"n":2}}}',
      );
      assert.equal(
        await post(t, '/crate', '<crate><?xml-multiple item?><item>1</item><item>2</item></crate>'),
        '{"crate":{"item":[1,2]}}',
      );
      assert.equal(
        await post(t, '/crate', '<crate xmlns:a="urn:a" xmlns:b="urn:b" a:k="1" b:k="2"/>'),
        '{"crate":{"@k":"1","@k":"2"}}',
      );
    } finally {
      await t.close();
    }
  });
});
