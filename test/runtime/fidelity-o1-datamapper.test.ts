/**
 * datamapper with an input schema made from a SOAP sample (root `soapenv:Envelope`): MI's DataMapperMediator
 * .getInputStream hands the whole envelope to the mapping then, not the body's first element (found replaying MI
 * tests-mediator-2 DataMapperSimpleTestCase). Our own mapping and schemas in an MI project, real HTTP.
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const REG = 'src/main/wso2mi/resources/registry/gov/mapping/soapin';

const inSchema = {
  $schema: 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#',
  id: 'http://wso2jsonschema.org',
  title: 'soapenv:Envelope',
  type: 'object',
  properties: {
    'soapenv:Body': {
      id: 'http://wso2jsonschema.org/soapenv:Body',
      type: 'object',
      properties: {
        parcel: {
          id: 'http://wso2jsonschema.org/soapenv:Body/parcel',
          type: 'object',
          properties: {
            ref: { id: 'http://wso2jsonschema.org/soapenv:Body/parcel/ref', type: 'string' },
            kg: { id: 'http://wso2jsonschema.org/soapenv:Body/parcel/kg', type: 'number' },
          },
        },
      },
    },
  },
  namespaces: [{ prefix: 'soapenv', url: 'http://schemas.xmlsoap.org/soap/envelope/' }],
};
const outSchema = {
  $schema: 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#',
  id: 'http://wso2jsonschema.org',
  title: 'label',
  type: 'object',
  properties: {
    code: { id: 'http://wso2jsonschema.org/code', type: 'string' },
    grams: { id: 'http://wso2jsonschema.org/grams', type: 'number' },
  },
};
const dmc = `map_S_Envelope_S_label = function () {
  var out = {};
  out.code = inputsoapenv_Envelope.soapenv_Body.parcel.ref.toUpperCase();
  out.grams = inputsoapenv_Envelope.soapenv_Body.parcel.kg * 1000;
  return out;
};
`;

describe('fidelity O1: datamapper input schema rooted at the SOAP envelope', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startProjectRuntime(
      {
        'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>parcels</artifactId></project>',
        [`${REG}/map.dmc`]: dmc,
        [`${REG}/in.json`]: JSON.stringify(inSchema),
        [`${REG}/out.json`]: JSON.stringify(outSchema),
        'src/main/wso2mi/artifacts/apis/Parcels.xml': `<api ${NS} name="Parcels" context="/parcels"><resource methods="POST"><inSequence>
          <datamapper config="gov:/mapping/soapin/map.dmc" inputSchema="gov:/mapping/soapin/in.json"
            outputSchema="gov:/mapping/soapin/out.json" inputType="XML" outputType="XML"/>
          <respond/></inSequence></resource></api>`,
      },
      'o1-dm',
    );
  });
  after(() => t.close());

  it('a plain XML body is read through the envelope the schema describes', async () => {
    const r = await send(`${t.base}/parcels`, {
      body: '<parcel><ref>px-7</ref><kg>1.5</kg></parcel>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<label><code>PX-7</code><grams>1500</grams></label>');
  });
});
