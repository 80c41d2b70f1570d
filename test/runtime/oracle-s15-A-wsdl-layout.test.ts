/**
 * Session 15, helper A: the layout of a proxy's `?wsdl`, `?wsdl2` and `?xsd` as MI writes them.
 * - AxisService.getWSDL prints a generated WSDL through XMLPrettyPrinter.prettify: an identity XSLT with indent="yes"
 *   and strip-space. MI's TransformerFactory is Saxon-HE 10 (wso2/lib, its META-INF/services). Its XMLIndenter
 *   indents 3 spaces (xalan:indent-amount is ignored), and its NamespaceDifferencer writes new namespaces in prefix
 *   order.
 * - RequestProcessorUtil.writeDocument then re-reads the document with Axiom and writes its document element alone.
 *   OMSerializerUtil.serializeStartpart puts the element's own prefix first, then the rest of OMElementImpl's
 *   `new HashMap(5)`, and leaves out a declaration already in scope.
 * - AxisService.printWSDL2 serializes the WSDL 2.0 document as it is (no indentation). Each schema in it, and each
 *   `?xsd` schema, is written by XmlSchema.write with indent="yes".
 * Own proxies and WSDL.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const REEL_WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:r="http://example.org/reel" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.org/reel">
  <wsdl:types>
    <xs:schema targetNamespace="http://example.org/reel" elementFormDefault="qualified">
      <xs:element name="spool"><xs:complexType><xs:sequence><xs:element name="metres" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="spoolIn"><wsdl:part name="p" element="r:spool"/></wsdl:message>
  <wsdl:portType name="ReelPort"><wsdl:operation name="spool"><wsdl:input message="r:spoolIn"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;

const MILL_WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:m="http://example.org/mill"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.org/mill">
  <wsdl:types><xs:schema targetNamespace="http://example.org/mill"><xs:element name="grain" type="xs:string"/>
    <xs:element name="flour" type="xs:string"/><xs:element name="jam" type="xs:string"/></xs:schema></wsdl:types>
  <wsdl:message name="unused"><wsdl:part name="u" element="m:grain"/></wsdl:message>
  <wsdl:message name="grainIn"><wsdl:part name="g" element="m:grain"/></wsdl:message>
  <wsdl:message name="flourOut"><wsdl:part name="f" element="m:flour"/></wsdl:message>
  <wsdl:message name="jamFault"><wsdl:part name="j" element="m:jam"/></wsdl:message>
  <wsdl:message name="empty"/>
  <wsdl:portType name="MillPort">
    <wsdl:operation name="grind"><wsdl:input message="m:grainIn"/><wsdl:output message="m:flourOut"/><wsdl:fault name="Jammed" message="m:jamFault"/></wsdl:operation>
    <wsdl:operation name="sift"><wsdl:input message="m:grainIn"/></wsdl:operation>
    <wsdl:operation name="bag"><wsdl:input message="m:empty"/></wsdl:operation>
    <wsdl:operation name="weigh"><wsdl:input message="m:grainIn"/><wsdl:output message="m:flourOut"/></wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>`;

const LOOM_W2 = `<description xmlns="http://www.w3.org/ns/wsdl" xmlns:l="urn:loomery" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:loomery">
  <types><xs:schema targetNamespace="urn:loomery"><xs:element name="warp" type="xs:int"/><xs:element name="cloth" type="xs:string"/></xs:schema></types>
  <interface name="LoomeryInterface">
    <operation name="weave" pattern="http://www.w3.org/ns/wsdl/in-out"><input element="l:warp"/><output element="l:cloth"/></operation>
    <operation name="cut" pattern="http://www.w3.org/ns/wsdl/in-only"><input element="l:warp" wsaw:Action="urn:loomery:cut"/></operation>
  </interface>
  <binding name="LoomerySoap" interface="l:LoomeryInterface" type="http://www.w3.org/ns/wsdl/soap"/>
  <service name="Loomery" interface="l:LoomeryInterface"><endpoint name="main" binding="l:LoomerySoap" address="http://loomery.example.org/ws"/></service>
</description>`;

describe('oracle s15 (A): layout of ?wsdl, ?wsdl2 and ?xsd (MI XMLPrettyPrinter + RequestProcessorUtil.writeDocument; WSDLOptionsSpecifiedInlineTestCase proxy kind)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Loom.xml': `<proxy ${NS} name="Loom"><description>Weaves</description><target><inSequence><respond/></inSequence></target></proxy>`,
      'ReelWsdl.xml': `<localEntry ${NS} key="ReelWsdl">${REEL_WSDL}</localEntry>`,
      'MillWsdl.xml': `<localEntry ${NS} key="MillWsdl">${MILL_WSDL}</localEntry>`,
      'Mill.xml': `<proxy ${NS} name="Mill"><target><inSequence><respond/></inSequence></target><publishWSDL key="MillWsdl"/></proxy>`,
      'Spindle.xml': `<proxy ${NS} name="Spindle"><target><inSequence><respond/></inSequence></target>
        <publishWSDL><wsdl2:description xmlns:wsdl2="http://www.w3.org/ns/wsdl" xmlns:s="urn:spindle" targetNamespace="urn:spindle"><wsdl2:interface name="SpindlePort"/><wsdl2:binding name="SpindleSoap" interface="s:SpindlePort" type="http://www.w3.org/ns/wsdl/soap"/><wsdl2:service name="Spindle" interface="s:SpindlePort"><wsdl2:endpoint name="main" binding="s:SpindleSoap" address="http://spindle.example.org/ws"/></wsdl2:service></wsdl2:description></publishWSDL>
        <parameter name="useOriginalwsdl">true</parameter></proxy>`,
      'Loomery.xml': `<proxy ${NS} name="Loomery"><target><inSequence><payloadFactory media-type="xml"><format><woven xmlns="">yes</woven></format><args/></payloadFactory><respond/></inSequence></target><publishWSDL>${LOOM_W2}</publishWSDL></proxy>`,
      'Reel.xml': `<proxy ${NS} name="Reel"><target><inSequence><respond/></inSequence></target><publishWSDL key="ReelWsdl"/></proxy>`,
    });
  });
  after(() => t.close());

  it('?wsdl of a proxy without a published WSDL: indented 3 spaces a level, namespaces in Axiom HashMap order after the element own prefix, no XML declaration', async () => {
    const r = await send(`${t.base}/services/Loom?wsdl`);
    assert.equal(r.status, 200);
    const b = `${t.base}/services/Loom.Loom`;
    const body = (inner: string) =>
      `\n         <wsdl:input>\n            ${inner}\n         </wsdl:input>\n         <wsdl:output>\n            ${inner}\n         </wsdl:output>`;
    assert.equal(
      r.text,
      '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:tns="http://ws.apache.org/axis2" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" targetNamespace="http://ws.apache.org/axis2">\n' +
        '   <wsdl:documentation>Weaves</wsdl:documentation>\n' +
        '   <wsdl:types/>\n' +
        '   <wsdl:message name="in"/>\n' +
        '   <wsdl:message name="out"/>\n' +
        '   <wsdl:portType name="LoomPortType">\n' +
        '      <wsdl:operation name="mediate">\n' +
        '         <wsdl:input message="tns:in" wsaw:Action="urn:mediate"/>\n' +
        '         <wsdl:output message="tns:out" wsaw:Action="urn:mediateResponse"/>\n' +
        '      </wsdl:operation>\n' +
        '   </wsdl:portType>\n' +
        '   <wsdl:binding name="LoomSoap11Binding" type="tns:LoomPortType">\n' +
        '      <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>\n' +
        '      <wsdl:operation name="mediate">\n' +
        `         <soap:operation soapAction="urn:mediate" style="document"/>${body('<soap:body use="literal"/>')}\n` +
        '      </wsdl:operation>\n' +
        '   </wsdl:binding>\n' +
        '   <wsdl:binding name="LoomSoap12Binding" type="tns:LoomPortType">\n' +
        '      <soap12:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>\n' +
        '      <wsdl:operation name="mediate">\n' +
        `         <soap12:operation soapAction="urn:mediate" style="document"/>${body('<soap12:body use="literal"/>')}\n` +
        '      </wsdl:operation>\n' +
        '   </wsdl:binding>\n' +
        '   <wsdl:binding name="LoomHttpBinding" type="tns:LoomPortType">\n' +
        '      <http:binding verb="POST"/>\n' +
        '      <wsdl:operation name="mediate">\n' +
        `         <http:operation location="mediate"/>${body('<mime:content type="text/xml" part="parameters"/>')}\n` +
        '      </wsdl:operation>\n' +
        '   </wsdl:binding>\n' +
        '   <wsdl:service name="Loom">\n' +
        `      <wsdl:port name="LoomHttpSoap11Endpoint" binding="tns:LoomSoap11Binding">\n         <soap:address location="${b}HttpSoap11Endpoint"/>\n      </wsdl:port>\n` +
        `      <wsdl:port name="LoomHttpSoap12Endpoint" binding="tns:LoomSoap12Binding">\n         <soap12:address location="${b}HttpSoap12Endpoint"/>\n      </wsdl:port>\n` +
        `      <wsdl:port name="LoomHttpEndpoint" binding="tns:LoomHttpBinding">\n         <http:address location="${b}HttpEndpoint"/>\n      </wsdl:port>\n` +
        '   </wsdl:service>\n' +
        '</wsdl:definitions>',
    );
  });

  it('?wsdl of a proxy publishing a WSDL: the document whitespace replaced by the indentation, the schema indented in place', async () => {
    const w = (await send(`${t.base}/services/Reel?wsdl`)).text;
    assert.ok(
      w.startsWith(
        '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:r="http://example.org/reel" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" targetNamespace="http://example.org/reel">\n   <wsdl:types>\n      <xs:schema elementFormDefault="qualified" targetNamespace="http://example.org/reel">\n         <xs:element name="spool">\n            <xs:complexType>\n               <xs:sequence>\n                  <xs:element name="metres" type="xs:int"/>\n               </xs:sequence>\n            </xs:complexType>\n         </xs:element>\n      </xs:schema>\n   </wsdl:types>\n   <wsdl:message name="spoolIn">\n      <wsdl:part name="p" element="r:spool"/>\n   </wsdl:message>\n',
      ),
      w,
    );
  });

  it("?xsd: the schema indented on its own, its namespaces in Axiom order, its attributes by name (XmlSchemaSerializer's Xerces DOM); ?wsdl2: not indented, the schema indented from column 0 without the namespaces the description declares", async () => {
    const x = await send(`${t.base}/services/Reel?xsd`);
    assert.equal(
      x.text,
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:r="http://example.org/reel" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" elementFormDefault="qualified" targetNamespace="http://example.org/reel">\n' +
        '   <xs:element name="spool">\n      <xs:complexType>\n         <xs:sequence>\n            <xs:element name="metres" type="xs:int"/>\n         </xs:sequence>\n      </xs:complexType>\n   </xs:element>\n</xs:schema>',
    );
    const w2 = (await send(`${t.base}/services/Reel?wsdl2`)).text;
    assert.ok(
      w2.includes(
        '<wsdl2:types><xs:schema elementFormDefault="qualified" targetNamespace="http://example.org/reel">\n   <xs:element name="spool">\n      <xs:complexType>',
      ),
      w2,
    );
    assert.ok(w2.includes('</xs:schema></wsdl2:types><wsdl2:interface name="ServiceInterface">'), w2);
  });

  it('operations in the Axis2 service order (a ConcurrentHashMap keyed by the operation QName), messages generated per operation: only those used, each once, a fault message named after its fault (AxisService.getOperations, AxisService2WSDL11.generateMessages/writeMessage)', async () => {
    const w = (await send(`${t.base}/services/Mill?wsdl`)).text.replace(/>\s+</g, '><');
    const names = (re: RegExp) => [...w.matchAll(re)].map((m) => m[1]);
    assert.deepEqual(
      names(/<wsdl:portType name="MillPortType">(.*?)<\/wsdl:portType>/g)
        .join('')
        .match(/operation name="\w+"/g),
      ['operation name="bag"', 'operation name="sift"', 'operation name="weigh"', 'operation name="grind"'],
    );
    assert.ok(
      w.includes(
        '<wsdl:message name="empty"/><wsdl:message name="grainIn"><wsdl:part name="g" element="m:grain"/></wsdl:message><wsdl:message name="flourOut"><wsdl:part name="f" element="m:flour"/></wsdl:message><wsdl:message name="Jammed"><wsdl:part name="j" element="m:jam"/></wsdl:message><wsdl:portType ',
      ),
      w,
    );
    assert.ok(!w.includes('"unused"') && !w.includes('"jamFault"'), w);
    const w2 = (await send(`${t.base}/services/Mill?wsdl2`)).text;
    assert.deepEqual(
      [...w2.matchAll(/<wsdl2:operation name="(\w+)"/g)].map((m) => m[1]),
      ['bag', 'sift', 'weigh', 'grind'],
    );
  });

  it('a published WSDL 2.0 description: ?wsdl is the WSDL 1.1 Axis2 generates from the service WSDL20ToAxisServiceBuilder builds (messages named after elements, part "parameters", input action "urn:OP" unless declared, no default output action), ?wsdl2 keeps the interface name, and dispatch takes only its operations', async () => {
    const w = (await send(`${t.base}/services/Loomery?wsdl`)).text.replace(/>\s+</g, '><');
    assert.ok(w.startsWith('<wsdl:definitions '), w);
    assert.ok(
      w.includes('<wsdl:message name="warp"><wsdl:part name="parameters" element="l:warp"/></wsdl:message>'),
      w,
    );
    assert.ok(
      w.includes(
        '<wsdl:operation name="weave"><wsdl:input message="l:warp" wsaw:Action="urn:weave"/><wsdl:output message="l:cloth"/></wsdl:operation>',
      ),
      w,
    );
    assert.ok(
      w.includes(
        '<wsdl:operation name="cut"><wsdl:input message="l:warp" wsaw:Action="urn:loomery:cut"/></wsdl:operation>',
      ),
      w,
    );
    assert.ok(w.includes('<soap:operation soapAction="urn:weave" style="document"/>'), w);
    assert.ok(
      w.includes(`<soap:address location="${t.base}/services/Loomery.LoomeryHttpSoap11Endpoint"/>`),
      w,
    );
    const w2 = (await send(`${t.base}/services/Loomery?wsdl2`)).text;
    assert.ok(w2.includes('<wsdl2:interface name="LoomeryInterface">'), w2);
    assert.ok(w2.includes(`<wsdl2:service name="Loomery" interface="tns:LoomeryInterface">`), w2);
    const soap = (action: string) =>
      fetch(`${t.base}/services/Loomery`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: action },
        body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><l:warp xmlns:l="urn:loomery">3</l:warp></s:Body></s:Envelope>',
      });
    for (const action of ['urn:weave', 'urn:loomery:cut'])
      assert.equal((await soap(action)).status, 200, action);
    assert.equal((await soap('urn:unravel')).status, 500);
  });

  it('annotation=true: a stylesheet instruction before the document element, /styles/annotated-wsdl.xsl, -wsdl2.xsl, and /services/styles/annotated-xsd.xsl for a schema (RequestProcessorUtil.writeDocument, AbstractWsdlProcessor.checkForAnnotation, XsdUtil.processSchema)', async () => {
    const pi = (xsl: string) => `<?xml-stylesheet   type="text/xsl" href="${xsl}"?>`;
    const w = await send(`${t.base}/services/Loom?wsdl&annotation=true`);
    assert.ok(w.text.startsWith(`${pi('/styles/annotated-wsdl.xsl')}<wsdl:definitions `), w.text);
    const w2 = await send(`${t.base}/services/Reel?wsdl2&annotation=true`);
    assert.ok(w2.text.startsWith(`${pi('/styles/annotated-wsdl2.xsl')}<wsdl2:description `), w2.text);
    const x = await send(`${t.base}/services/Reel?xsd&annotation=true`);
    assert.ok(x.text.startsWith(`${pi('/services/styles/annotated-xsd.xsl')}<xs:schema `), x.text);
    // only the value "true"
    const other = await send(`${t.base}/services/Loom?wsdl&annotation=yes`);
    assert.ok(other.text.startsWith('<wsdl:definitions '), other.text);
  });

  it('?wsdl=NAME: a proxy without a published WSDL 1.1 document prints Axis2 WSDL error; one whose document imports no NAME fails after the head (AxisService.printUserWSDL, getWSDLDefinition)', async () => {
    const r = await send(`${t.base}/services/Loom?wsdl=parts.wsdl`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/xml');
    assert.equal(
      r.text,
      '<error><description>Unable to generate WSDL 1.1 for this service</description><reason>If you wish Axis2 to automatically generate the WSDL 1.1, then please set useOriginalwsdl as false in your services.xml</reason></error>',
    );
    // useOriginalwsdl with a published WSDL 2.0 document: no wsdl4j definition either (AxisService.printWSDL)
    const spindle = await send(`${t.base}/services/Spindle?wsdl`);
    assert.equal(spindle.text, r.text);
    // an empty name is the service's own WSDL
    const own = await send(`${t.base}/services/Loom?wsdl=`);
    assert.ok(own.text.startsWith('<wsdl:definitions '), own.text);
    await assert.rejects(send(`${t.base}/services/Reel?wsdl=parts.wsdl`));
    assert.ok(
      t.logs.some(
        (l) =>
          l.message.startsWith('Error processing request: ') && l.message.includes('"definition" is null'),
      ),
      JSON.stringify(t.logs),
    );
  });
});
