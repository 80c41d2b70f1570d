/**
 * Session 15, helper A: `?xsd=NAME` for the schemas a published WSDL's schemas import, and their rewritten
 * schemaLocation. ProxyService resolves each location through the proxy's `<resource location key>` map
 * (CustomXmlSchemaURIResolver, ResourceMap: the entry's document with the system id `synapse-reg:///KEY`).
 * AxisService.populateSchemaMappings names each imported schema once, depth first: the last segment of its URI
 * without ".xsd", or `xsd<count>` when it does not end with ".xsd". It then rewrites the location to
 * `SERVICE?xsd=NAME.xsd`. XsdUtil.printXsd answers `?xsd=NAME` and `?xsd=NAME.xsd` with that schema, written by
 * XmlSchema.write straight to the answer: indented, namespaces in prefix order, a final newline. Own proxy and schemas.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const XS = 'http://www.w3.org/2001/XMLSchema';
const WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="${XS}" xmlns:c="urn:crate"
    targetNamespace="urn:crate">
  <wsdl:types><xs:schema targetNamespace="urn:crate" xmlns:t="urn:crate:types">
    <xs:import namespace="urn:crate:types" schemaLocation="types.xsd"/>
    <xs:element name="pack"><xs:complexType><xs:sequence><xs:element ref="t:box"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="packIn"><wsdl:part name="p" element="c:pack"/></wsdl:message>
  <wsdl:portType name="CratePort"><wsdl:operation name="pack"><wsdl:input message="c:packIn"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;
const ORIGINAL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="${XS}" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:c="urn:crate" targetNamespace="urn:crate">
  <wsdl:import namespace="urn:crate" location="abstract.wsdl"/>
  <wsdl:types><xs:schema targetNamespace="urn:crate"><xs:import namespace="urn:crate:types" schemaLocation="types.xsd"/></xs:schema></wsdl:types>
  <wsdl:service name="CrateService"><wsdl:port name="p" binding="c:CrateBinding"><soap:address location="http://crates.example.org/ws"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;
const ABSTRACT = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:c="urn:crate" xmlns:k="urn:crate:kinds" targetNamespace="urn:crate">
  <wsdl:types><xs:schema xmlns:xs="${XS}" targetNamespace="urn:crate:kinds"><xs:element name="lid" type="xs:string"/></xs:schema></wsdl:types>
  <wsdl:message name="stackIn"><wsdl:part name="parameters" element="k:lid"/></wsdl:message>
  <wsdl:portType name="CrateAbstractPort"><wsdl:operation name="stack"><wsdl:input message="c:stackIn"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;
const TYPES = `<xs:schema xmlns:xs="${XS}" xmlns:m="urn:crate:common" targetNamespace="urn:crate:types"><xs:import namespace="urn:crate:common" schemaLocation="common.xsd"/><xs:element name="box" type="m:size"/></xs:schema>`;
const COMMON = `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:crate:common"><xs:simpleType name="size"><xs:restriction base="xs:int"/></xs:simpleType></xs:schema>`;

describe('oracle s15 (A): ?xsd=NAME for imported schemas and the rewritten schemaLocation (AxisService.populateSchemaMappings, XsdUtil.printXsd, ProxyService <resource>)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'CrateWsdl.xml': `<localEntry ${NS} key="CrateWsdl">${WSDL}</localEntry>`,
      'CrateTypes.xml': `<localEntry ${NS} key="CrateTypes">${TYPES}</localEntry>`,
      'CrateCommon.xml': `<localEntry ${NS} key="crate/common.xsd">${COMMON}</localEntry>`,
      'CrateOriginalWsdl.xml': `<localEntry ${NS} key="CrateOriginalWsdl">${ORIGINAL}</localEntry>`,
      'CrateAbstract.xml': `<localEntry ${NS} key="CrateAbstract">${ABSTRACT}</localEntry>`,
      'CrateOriginal.xml': `<proxy ${NS} name="CrateOriginal"><target><inSequence><respond/></inSequence></target>
        <publishWSDL key="CrateOriginalWsdl"><resource location="abstract.wsdl" key="CrateAbstract"/><resource location="types.xsd" key="CrateTypes"/></publishWSDL>
        <parameter name="useOriginalwsdl">true</parameter></proxy>`,
      'CrateSplit.xml': `<proxy ${NS} name="CrateSplit"><target><inSequence><respond/></inSequence></target>
        <publishWSDL key="CrateOriginalWsdl"><resource location="abstract.wsdl" key="CrateAbstract"/><resource location="types.xsd" key="CrateTypes"/></publishWSDL></proxy>`,
      'Crate.xml': `<proxy ${NS} name="Crate"><target><inSequence><respond/></inSequence></target>
        <publishWSDL key="CrateWsdl"><resource location="types.xsd" key="CrateTypes"/><resource location="common.xsd" key="crate/common.xsd"/></publishWSDL></proxy>`,
    });
  });
  after(() => t.close());

  it('?wsdl and ?xsd show the import at Crate?xsd=xsd0.xsd (a key not ending ".xsd" is xsd0)', async () => {
    const w = await send(`${t.base}/services/Crate?wsdl`);
    assert.ok(
      w.text.includes('<xs:import namespace="urn:crate:types" schemaLocation="Crate?xsd=xsd0.xsd"/>'),
      w.text,
    );
    const x = await send(`${t.base}/services/Crate?xsd`);
    assert.ok(x.text.includes('schemaLocation="Crate?xsd=xsd0.xsd"'), x.text);
  });

  it('?xsd=xsd0 and ?xsd=xsd0.xsd answer the imported schema, its own import renamed after the key "crate/common.xsd"; ?xsd=common.xsd the next one', async () => {
    const expected =
      `<xs:schema xmlns:m="urn:crate:common" xmlns:xs="${XS}" targetNamespace="urn:crate:types">\n` +
      '   <xs:import namespace="urn:crate:common" schemaLocation="Crate?xsd=common.xsd"/>\n' +
      '   <xs:element name="box" type="m:size"/>\n' +
      '</xs:schema>\n';
    for (const q of ['xsd=xsd0', 'xsd=xsd0.xsd']) {
      const r = await send(`${t.base}/services/Crate?${q}`);
      assert.equal(r.status, 200, q);
      assert.equal(r.headers.get('content-type'), 'text/xml');
      assert.equal(r.text, expected, q);
    }
    const common = await send(`${t.base}/services/Crate?xsd=common.xsd`);
    assert.equal(common.status, 200);
    assert.equal(
      common.text,
      `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:crate:common">\n   <xs:simpleType name="size">\n      <xs:restriction base="xs:int"/>\n   </xs:simpleType>\n</xs:schema>\n`,
    );
    // a name that is not in the table still gets XsdUtil's 404
    const missing = await send(`${t.base}/services/Crate?xsd=pallet.xsd`);
    assert.equal(missing.status, 404);
  });

  it('useOriginalwsdl: the document with its relative wsdl:import and schema locations at SERVICE?wsdl= and SERVICE?xsd=, and ?wsdl=NAME the imported WSDL through the <resource> map (AxisService.printUserWSDL, changeImportAndIncludeLocations, getWSDLDefinition)', async () => {
    const w = await send(`${t.base}/services/CrateOriginal?wsdl`);
    assert.ok(
      w.text.includes('<wsdl:import namespace="urn:crate" location="CrateOriginal?wsdl=abstract.wsdl"/>'),
      w.text,
    );
    assert.ok(w.text.includes('schemaLocation="CrateOriginal?xsd=types.xsd"'), w.text);
    assert.ok(w.text.includes(`<soap:address location="${t.base}/services/CrateOriginal"/>`), w.text);
    const imported = await send(`${t.base}/services/CrateOriginal?wsdl=abstract.wsdl`);
    assert.equal(imported.status, 200);
    assert.equal(imported.headers.get('content-type'), 'text/xml');
    assert.ok(
      imported.text.startsWith('<wsdl:definitions ') &&
        imported.text.includes('<wsdl:portType name="CrateAbstractPort">'),
      imported.text,
    );
  });

  it('?wsdl regenerated from a document whose port type, messages and a schema are in the WSDL it imports: all read across the import (WSDL11ToAxisServiceBuilder getParentDefinition, processTypes)', async () => {
    const w = (await send(`${t.base}/services/CrateSplit?wsdl`)).text.replace(/>\s+</g, '><');
    assert.ok(w.includes('<xs:element name="lid" type="xs:string"/>'), w);
    assert.ok(
      w.includes(
        '<wsdl:portType name="CrateSplitPortType"><wsdl:operation name="stack"><wsdl:input message="c:stackIn" ',
      ),
      w,
    );
    // (the message's element in the namespace map: the imported schema's target namespace, added as ns0)
    assert.match(
      w,
      /<wsdl:message name="stackIn"><wsdl:part name="parameters" element="(\w+):lid"\/><\/wsdl:message>/,
    );
    const prefix = /element="(\w+):lid"/.exec(w)![1];
    assert.ok(w.includes(`xmlns:${prefix}="urn:crate:kinds"`), w);
  });
});
