/**
 * Session 13, helper S9: `?wsdl` of a proxy that publishes a WSDL 1.1 document, as MI answers it. ProxyService
 * .buildAxisService builds the Axis2 service from the document, clears its endpoints ("so that the service will
 * generate the bindings on calling the printWSDL") and names it after the proxy; MI's Wsdl11Processor prints
 * AxisService.printWSDL, i.e. AxisService2WSDL11's document: the types and messages of the WSDL, its operations in
 * `NAMEPortType`, generated SOAP 1.1/1.2/HTTP bindings and the proxy's own ports. The proxy parameter
 * `useOriginalwsdl` "true" prints the document as published (printUserWSDL). Our own WSDL and proxies.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:lib="urn:example:library" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example:library" name="Library">
  <wsdl:types><xs:schema targetNamespace="urn:example:library" elementFormDefault="qualified">
    <xs:element name="lend"><xs:complexType><xs:sequence><xs:element name="isbn" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="lent"><xs:complexType><xs:sequence><xs:element name="due" type="xs:date"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="lendRequest"><wsdl:part name="parameters" element="lib:lend"/></wsdl:message>
  <wsdl:message name="lendResponse"><wsdl:part name="parameters" element="lib:lent"/></wsdl:message>
  <wsdl:portType name="LibraryPort"><wsdl:operation name="lend"><wsdl:input message="lib:lendRequest"/><wsdl:output message="lib:lendResponse"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="LibrarySoap" type="lib:LibraryPort"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="lend"><soap:operation soapAction="urn:lend"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="Library"><wsdl:port name="LibraryPort" binding="lib:LibrarySoap"><soap:address location="http://books.example.org/lend"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;

describe('oracle s13 (S9): ?wsdl of a proxy that publishes a WSDL (ProxyService.buildAxisService, AxisService2WSDL11)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'LibraryWsdl.xml': `<localEntry ${NS} key="LibraryWsdl">${WSDL}</localEntry>`,
      'LendDesk.xml': `<proxy ${NS} name="LendDesk"><target><inSequence><respond/></inSequence></target><publishWSDL key="LibraryWsdl"/></proxy>`,
      'LendOriginal.xml': `<proxy ${NS} name="LendOriginal"><target><inSequence><respond/></inSequence></target><publishWSDL key="LibraryWsdl"/>
        <parameter name="useOriginalwsdl">true</parameter></proxy>`,
      'LendAsIs.xml': `<proxy ${NS} name="LendAsIs"><target><inSequence><respond/></inSequence></target><publishWSDL key="LibraryWsdl"/>
        <parameter name="useOriginalwsdl">true</parameter><parameter name="modifyUserWSDLPortAddress">false</parameter></proxy>`,
      'LendCased.xml': `<proxy ${NS} name="LendCased"><target><inSequence><respond/></inSequence></target><publishWSDL key="LibraryWsdl"/>
        <parameter name="useOriginalwsdl">True</parameter></proxy>`,
    });
  });
  after(() => t.close());

  it('the service is the proxy: its port type, bindings and ports are generated, the types, messages and soapAction kept', async () => {
    const r = await send(`${t.base}/services/LendDesk?wsdl`);
    assert.equal(r.status, 200);
    // (without the indentation MI's XMLPrettyPrinter gives it: see oracle-s15-A-wsdl-layout.test.ts)
    const w = r.text.replace(/>\s+</g, '><');
    assert.match(
      w,
      /<wsdl:definitions [^>]*xmlns:lib="urn:example:library"[^>]*targetNamespace="urn:example:library">/,
    );
    assert.ok(w.includes('<xs:element name="lend">'), w);
    assert.ok(
      w.includes(
        '<wsdl:message name="lendRequest"><wsdl:part name="parameters" element="lib:lend"/></wsdl:message>',
      ),
      w,
    );
    assert.ok(w.includes('<wsdl:portType name="LendDeskPortType"><wsdl:operation name="lend">'), w);
    assert.ok(w.includes('<wsdl:binding name="LendDeskSoap11Binding" type="lib:LendDeskPortType">'), w);
    assert.ok(w.includes('<soap:operation soapAction="urn:lend" style="document"/>'), w);
    assert.ok(w.includes('<wsdl:binding name="LendDeskSoap12Binding" type="lib:LendDeskPortType">'), w);
    assert.ok(w.includes('<wsdl:binding name="LendDeskHttpBinding" type="lib:LendDeskPortType">'), w);
    assert.ok(w.includes('<wsdl:service name="LendDesk">'), w);
    assert.ok(
      w.includes(
        `<wsdl:port name="LendDeskHttpSoap11Endpoint" binding="lib:LendDeskSoap11Binding"><soap:address location="${t.base}/services/LendDesk.LendDeskHttpSoap11Endpoint"/></wsdl:port>`,
      ),
      w,
    );
    assert.ok(!w.includes('books.example.org'), w);
    assert.ok(!w.includes('name="Library"'), w);
  });

  it('useOriginalwsdl "true": the document as it was published, its port addresses the proxy\'s (AxisService.printUserWSDL)', async () => {
    const r = await send(`${t.base}/services/LendOriginal?wsdl`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('<wsdl:service name="Library">'), r.text);
    // (its port addresses are the proxy's: setPortAddress, getLocationURI)
    assert.ok(r.text.includes(`<soap:address location="${t.base}/services/LendOriginal"/>`), r.text);
  });

  it('useOriginalwsdl "true" with modifyUserWSDLPortAddress "false": the document as published, its port addresses too (AxisService.printUserWSDL)', async () => {
    const r = await send(`${t.base}/services/LendAsIs?wsdl`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('<wsdl:service name="Library">'), r.text);
    assert.ok(r.text.includes('<soap:address location="http://books.example.org/lend"/>'), r.text);
    assert.ok(!r.text.includes('/services/LendAsIs'), r.text);
  });

  it('useOriginalwsdl "True" is not "true": the WSDL is generated (AxisService.isUseUserWSDL: "true".equals)', async () => {
    const r = await send(`${t.base}/services/LendCased?wsdl`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('<wsdl:service name="LendCased">'), r.text);
    assert.ok(!r.text.includes('<wsdl:service name="Library">'), r.text);
  });
});
