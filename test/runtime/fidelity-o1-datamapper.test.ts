/**
 * datamapper with an input schema made from a SOAP sample (root `soapenv:Envelope`): MI's DataMapperMediator
 * .getInputStream hands the whole envelope to the mapping then, not the body's first element (found replaying MI
 * tests-mediator-2 DataMapperSimpleTestCase); and MI's XSLT form of a mapping (DataMapperMediator
 * .checkForXSLTTransformation, XSLTMappingResource). Our own mappings, schemas and stylesheets in an MI project, real
 * HTTP.
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

const sheet = (compatible: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:firstElementOfTheInput="parcel"
    xmlns:notXSLTCompatible="${compatible ? 'false' : 'true'}" xmlns:runTimeProperties="tag,DEFAULT"
    extension-element-prefixes="notXSLTCompatible firstElementOfTheInput runTimeProperties" version="2.0">
  <xsl:param name="tag"/>
  <xsl:template match="/"><label><code><xsl:value-of select="concat($tag, '-', parcel/ref)"/></code><grams>0</grams></label></xsl:template>
</xsl:stylesheet>`;
const plainIn = {
  ...inSchema,
  title: 'parcel',
  properties: inSchema.properties['soapenv:Body'].properties.parcel.properties,
  namespaces: [],
};
const plainDmc = `map_S_parcel_S_label = function () {
  return { code: 'js-' + inputparcel.ref, grams: inputparcel.kg };
};
`;

// an element told apart by its xsi:type, namespaces on the output root, a repeated element interrupted by another
const typedIn = {
  $schema: 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#',
  id: 'http://wso2jsonschema.org',
  title: 'crate',
  type: 'object',
  properties: {
    'k:item,xsi:type=k:Box': {
      id: 'http://wso2jsonschema.org/item',
      type: 'object',
      properties: {
        'k:tag': {
          id: 'http://wso2jsonschema.org/item/tag',
          type: 'array',
          items: [{ id: 'x', type: 'string' }],
        },
        'k:size': { id: 'http://wso2jsonschema.org/item/size', type: 'string' },
      },
      attributes: { 'xsi:type': { id: 'http://wso2jsonschema.org/item/type', type: 'string' } },
    },
  },
  namespaces: [
    { prefix: 'k', url: 'urn:kit' },
    { prefix: 'xsi', url: 'http://www.w3.org/2001/XMLSchema-instance' },
    { prefix: 'zz', url: 'urn:other' },
  ],
};
const typedDmc = `map_S_crate_S_crate = function () {
  var it = inputcrate.k_item_Separat0r_xsi_type_k_Box;
  return { k_item_Separat0r_xsi_type_k_Box: { attr_xsi_type: it.attr_xsi_type, k_tag: it.k_tag, k_size: it.k_size } };
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
        [`${REG}/typed.dmc`]: typedDmc,
        [`${REG}/typed.json`]: JSON.stringify(typedIn),
        'src/main/wso2mi/artifacts/apis/Crates.xml': `<api ${NS} name="Crates" context="/crates"><resource methods="POST"><inSequence>
          <datamapper config="gov:/mapping/soapin/typed.dmc" inputSchema="gov:/mapping/soapin/typed.json"
            outputSchema="gov:/mapping/soapin/typed.json" inputType="XML" outputType="XML"/>
          <respond/></inSequence></resource></api>`,
        [`${REG}/plain.dmc`]: plainDmc,
        [`${REG}/plain_in.json`]: JSON.stringify(plainIn),
        [`${REG}/usable.xslt`]: sheet(true),
        [`${REG}/unusable.xslt`]: sheet(false),
        'src/main/wso2mi/artifacts/apis/Sheets.xml': `<api ${NS} name="Sheets" context="/sheets">
          <resource methods="POST" uri-template="/usable"><inSequence><property name="tag" value="T1"/>
            <datamapper config="gov:/mapping/soapin/plain.dmc" inputSchema="gov:/mapping/soapin/plain_in.json"
              outputSchema="gov:/mapping/soapin/out.json" xsltStyleSheet="gov:/mapping/soapin/usable.xslt" inputType="XML" outputType="XML"/>
            <respond/></inSequence></resource>
          <resource methods="POST" uri-template="/unusable"><inSequence><property name="tag" value="T1"/>
            <datamapper config="gov:/mapping/soapin/plain.dmc" inputSchema="gov:/mapping/soapin/plain_in.json"
              outputSchema="gov:/mapping/soapin/out.json" xsltStyleSheet="gov:/mapping/soapin/unusable.xslt" inputType="XML" outputType="XML"/>
            <respond/></inSequence></resource></api>`,
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

  it('xsltStyleSheet marked usable maps with the stylesheet (run-time properties as parameters); unusable, the JavaScript mapping', async () => {
    const body = '<parcel><ref>px-7</ref><kg>2</kg></parcel>';
    const a = await send(`${t.base}/sheets/usable`, { body, type: 'application/xml' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.text, '<label><code>T1-px-7</code><grams>0</grams></label>');
    const b = await send(`${t.base}/sheets/unusable`, { body, type: 'application/xml' });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.text, '<label><code>js-px-7</code><grams>2</grams></label>');
  });

  it('an element named with its xsi:type identifier, namespaces declared in MI order, the last run of a repeated element', async () => {
    const r = await send(`${t.base}/crates`, {
      body:
        '<crate xmlns:k="urn:kit" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><k:item xsi:type="k:Box">' +
        '<k:tag>a</k:tag><k:tag>b</k:tag><k:size>L</k:size><k:tag>c</k:tag></k:item></crate>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    // prefixes in java.util.HashMap order (buckets zz 0, k 11, xsi 15); only the run after <k:size> is read (MI's reader writes the
    // key again and the last one wins)
    assert.equal(
      r.text,
      '<crate xmlns:zz="urn:other" xmlns:k="urn:kit" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<k:item xsi:type="k:Box"><k:tag>c</k:tag><k:size>L</k:size></k:item></crate>',
    );
  });
});
