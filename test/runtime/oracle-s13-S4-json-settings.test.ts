/**
 * Session 13 (S4): MI's JSON writer settings from a project's deployment/deployment.toml ([mediation] keys MI's config
 * tool maps into synapse.properties, or [synapse_properties] directly), as JsonUtil.generateJSONOutputFactory reads
 * them. Our own API names and payloads; each case names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import { jsonOutputSettings } from '../../runtime-debug/engine/jsonxml';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

/** An API that answers the XML it is sent (or the XML given) as JSON. */
function asJson(name: string, context: string, body = ''): string {
  return `<api ${NS} name="${name}" context="${context}"><resource methods="GET POST"><inSequence>${body}
    <property name="messageType" value="application/json" scope="axis2"/><respond/></inSequence></resource></api>`;
}

async function withToml(toml: string, apis: Record<string, string>, run: (t: TestRuntime) => Promise<void>) {
  const files: Record<string, string> = {
    'pom.xml': '<project><artifactId>jsonsettings</artifactId><version>1.0.0</version></project>',
    'deployment/deployment.toml': toml,
  };
  for (const [n, text] of Object.entries(apis)) files[`src/main/wso2mi/artifacts/apis/${n}.xml`] = text;
  const t = await startProjectRuntime(files, 'json-settings');
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

const xml = (t: TestRuntime, path: string, body: string) =>
  send(`${t.base}${path}`, { body, type: 'application/xml' }).then((r) => r.text);

describe('oracle S13 S4: deployment.toml JSON writer settings (MI contenttype/json tests)', () => {
  it('synapse.enable_xml_nil: an element with xsi:nil="true" is written null (MI XMLToJsonNilTestCase)', async () => {
    const nilApi = asJson(
      'Ledger',
      '/ledger',
      `<payloadFactory media-type="xml"><format><entry xmlns="" xmlns:x="http://www.w3.org/2001/XMLSchema-instance"><id>7</id><memo x:nil="true"/></entry></format><args/></payloadFactory>`,
    );
    await withToml('[mediation]\nsynapse.enable_xml_nil = true\n', { Ledger: nilApi }, async (t) => {
      assert.equal((await send(`${t.base}/ledger`)).text, '{"entry":{"id":7,"memo":null}}');
    });
    // (review R1) the settings are the process's: the stopped runtime leaves MI's defaults behind
    assert.deepEqual(jsonOutputSettings(), {});
  });

  it('preserve namespace, namespace declarations, valid NC names and auto primitive off (MI XMLToJsonTransformationPropertiesTestCase)', async () => {
    const toml =
      '[mediation]\nsynapse.enable_namespace_declaration = true\nsynapse.build_valid_nc_name = true\n' +
      'synapse.enable_auto_primitive = false\nsynapse.preserve_namespace_on_xml_to_json = true\n';
    await withToml(toml, { Mirror: asJson('Mirror', '/mirror') }, async (t) => {
      assert.equal(
        await xml(t, '/mirror', '<v:lamp xmlns:v="urn:lamps"><v:watts>40</v:watts></v:lamp>'),
        '{"v_lamp":{"@xmlns_v":"urn:lamps","v_watts":"40"}}',
      );
      assert.equal(
        await xml(t, '/mirror', '<desk_JsonReader_32_lamp><on>true</on></desk_JsonReader_32_lamp>'),
        '{"desk lamp":{"on":"true"}}',
      );
    });
  });

  it('synapse.preserve_namespace_on_xml_to_json alone: prefixed names and attributes keep their prefix, two attributes of one local name stay two keys (MI tests-service XMLToJsonTestCase)', async () => {
    const toml = '[mediation]\nsynapse.preserve_namespace_on_xml_to_json=true\n';
    await withToml(toml, { Mirror: asJson('Mirror', '/mirror') }, async (t) => {
      assert.equal(
        await xml(
          t,
          '/mirror',
          '<p:pot xmlns:p="urn:p"><q:lid xmlns:q="urn:q" p:size="2" q:size="3"/><plain/></p:pot>',
        ),
        '{"p_pot":{"q_lid":{"@p_size":"2","@q_size":"3"},"plain":null}}',
      );
    });
  });

  it('synapse.disable_auto_primitive_regex: numbers the pattern matches stay strings (MI JSONDisableAutoPrimitiveNumericTestCase)', async () => {
    const toml =
      '[mediation]\nsynapse.disable_auto_primitive_regex = "^-?(0|[1-9][0-9]*)(\\\\.[0-9]+)?([eE][+-]?[0-9]+)?$"\n';
    await withToml(toml, { Mirror: asJson('Mirror', '/mirror') }, async (t) => {
      assert.equal(
        await xml(t, '/mirror', '<peak><name>K2</name><h>8.6e3</h><rank>2</rank><open>false</open></peak>'),
        '{"peak":{"name":"K2","h":"8.6e3","rank":"2","open":false}}',
      );
    });
  });

  it('synapse.disable_custom_replace_regex: a value starting with the mark loses it and stays a string; "null" is null (MI ESBJAVA4781EscapeAutoPrimitiveTestCase)', async () => {
    const toml = '[mediation]\nsynapse.disable_custom_replace_regex = "~~"\n';
    await withToml(toml, { Mirror: asJson('Mirror', '/mirror') }, async (t) => {
      assert.equal(
        await xml(
          t,
          '/mirror',
          '<p:m xmlns:p="urn:m"><p:n>12</p:n><p:f>1.5</p:f><p:z>null</p:z><p:t>true</p:t><p:qn>~~12</p:qn><p:qz>~~null</p:qz><p:qt>~~true</p:qt><p:qs>~~word</p:qs><p:mid>a~~b</p:mid></p:m>',
        ),
        '{"m":{"n":12,"f":1.5,"z":null,"t":true,"qn":"12","qz":"null","qt":"true","qs":"word","mid":"a~~b"}}',
      );
    });
  });

  it('without deployment.toml the defaults are back: auto primitive on, nil attribute kept (MI JsonUtil defaults)', async () => {
    await withToml(
      '[server]\nhostname = "localhost"\n',
      { Mirror: asJson('Mirror', '/mirror') },
      async (t) => {
        assert.equal(
          await xml(t, '/mirror', '<peak><h>8.6e3</h><q>~~1</q></peak>'),
          '{"peak":{"h":8.6E+3,"q":"~~1"}}',
        );
      },
    );
  });
});
