/**
 * Session 14, helper W1: `?wsdl2` and `?xsd` of a proxy, and which GET queries MI's HTTP GET processors take.
 * MI's carbon.xml lists the processors wsdl, wsdl2 and xsd; PassThroughNHttpGetProcessor gives a GET to the first
 * whose item the query begins with (case matters), when the query is the item or goes on with "&" or "=" right after
 * it. Wsdl20Processor prints AxisService.printWSDL2 (AxisService2WSDL20.generateOM over the proxy's Axis2 service:
 * the `mediate` operation of ProxyService.buildAxisService, or the operations WSDL11ToAxisServiceBuilder read from a
 * published WSDL 1.1 document; bindings and endpoints as Utils.addEndpointsToService makes them); XsdProcessor
 * answers XsdUtil.printXsd. Both are re-serialized by RequestProcessorUtil.writeDocument, without an XML declaration.
 * The regenerated `?wsdl` (AxisService2WSDL11) of solicit-response and notification operations and of SOAP 1.2
 * operations with an empty soapAction is checked here too. Own WSDL and proxies.
 */
import assert from 'node:assert/strict';
import { NS, rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

const KILN_WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
  xmlns:k="http://example.org/kiln" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.org/kiln">
  <wsdl:types><xs:schema targetNamespace="http://example.org/kiln" elementFormDefault="qualified">
    <xs:element name="fire"><xs:complexType><xs:sequence><xs:element name="pot" type="xs:string"/><xs:element name="degrees" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="fireResponse"><xs:complexType><xs:sequence><xs:element name="glazed" type="xs:boolean"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="glaze"><xs:complexType><xs:sequence><xs:element name="colour" type="xs:string" minOccurs="0"/><xs:element name="sample" type="xs:base64Binary"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="fireIn"><wsdl:part name="p" element="k:fire"/></wsdl:message>
  <wsdl:message name="fireOut"><wsdl:part name="p" element="k:fireResponse"/></wsdl:message>
  <wsdl:message name="glazeIn"><wsdl:part name="p" element="k:glaze"/></wsdl:message>
  <wsdl:portType name="KilnPort">
    <wsdl:operation name="fire"><wsdl:input message="k:fireIn"/><wsdl:output message="k:fireOut"/></wsdl:operation>
    <wsdl:operation name="glaze"><wsdl:input message="k:glazeIn"/></wsdl:operation>
    <wsdl:operation name="alarm"><wsdl:output message="k:fireOut"/></wsdl:operation>
    <wsdl:operation name="poll"><wsdl:output message="k:fireOut"/><wsdl:input message="k:fireIn"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="KilnSoap12" type="k:KilnPort"><soap12:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="fire"><soap12:operation soapAction=""/><wsdl:input><soap12:body use="literal"/></wsdl:input><wsdl:output><soap12:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="glaze"><soap12:operation soapAction="urn:glaze"/><wsdl:input><soap12:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>
  <wsdl:service name="Kiln"><wsdl:port name="KilnPort" binding="k:KilnSoap12"><soap12:address location="http://kiln.example.org/ws"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;

const TWO_SCHEMAS = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:a="urnanvil:tools" targetNamespace="urnanvil:tools">
  <wsdl:types><xs:schema targetNamespace="urnanvil:tools"><xs:element name="strike" type="xs:string"/></xs:schema>
    <xs:schema targetNamespace="urnanvil:other"><xs:element name="spark" type="xs:string"/></xs:schema></wsdl:types>
  <wsdl:message name="strikeIn"><wsdl:part name="p" element="a:strike"/></wsdl:message>
  <wsdl:portType name="AnvilPort"><wsdl:operation name="strike"><wsdl:input message="a:strikeIn"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;

const W2 = 'http://www.w3.org/ns/wsdl';
/** A ?wsdl without the indentation MI's XMLPrettyPrinter gives it (see oracle-s15-A-wsdl-layout.test.ts). */
const compact = (s: string) => s.replace(/>\s+</g, '><');

describe('oracle s14 (W1): ?wsdl2 and ?xsd of a proxy (MI Wsdl20Processor, XsdProcessor; AxisService2WSDL20)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'KilnWsdl.xml': `<localEntry ${NS} key="KilnWsdl">${KILN_WSDL}</localEntry>`,
      'AnvilWsdl.xml': `<localEntry ${NS} key="AnvilWsdl">${TWO_SCHEMAS}</localEntry>`,
      'Kiln.xml': `<proxy ${NS} name="Kiln"><target><inSequence><respond/></inSequence></target><publishWSDL key="KilnWsdl"/></proxy>`,
      'Anvil.xml': `<proxy ${NS} name="Anvil"><target><inSequence><respond/></inSequence></target><publishWSDL key="AnvilWsdl"/></proxy>`,
      'Wheel.xml': `<proxy ${NS} name="Wheel"><description> Throws pots </description><target><inSequence><respond/></inSequence></target></proxy>`,
      'Bare.xml': `<proxy ${NS} name="Bare"><target><inSequence><respond/></inSequence></target><publishWSDL><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:bare"><wsdl:message name="ping"/><wsdl:portType name="BarePort"><wsdl:operation name="ping"><wsdl:input message="ping"/></wsdl:operation></wsdl:portType></wsdl:definitions></publishWSDL></proxy>`,
      'Dormant.xml': `<proxy ${NS} name="Dormant" startOnLoad="false"><target><inSequence><respond/></inSequence></target></proxy>`,
      'Hidden.xml': `<proxy ${NS} name="Hidden"><target><inSequence><respond/></inSequence></target><parameter name="exposeServiceMetadata">No</parameter></proxy>`,
      'Potter.xml': `<proxy ${NS} name="Potter"><target><inSequence><payloadFactory media-type="xml"><format><mediated xmlns="">yes</mediated></format><args/></payloadFactory><respond/></inSequence></target></proxy>`,
    });
  });
  after(() => t.close());

  it('?wsdl2 of a proxy without a published WSDL: the mediate service in WSDL 2.0, no XML declaration (AxisService2WSDL20.generateOM)', async () => {
    const r = await send(`${t.base}/services/Potter?wsdl2`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/xml');
    const w = r.text;
    assert.ok(
      // (Axiom's order, RequestProcessorUtil.writeDocument: the element's own prefix, then its java.util.HashMap's)
      w.startsWith(
        `<wsdl2:description xmlns:wsdl2="${W2}" xmlns:wsoap="${W2}/soap" xmlns:whttp="${W2}/http" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:wsdlx="${W2}-extensions" xmlns:tns="http://ws.apache.org/axis2"`,
      ),
      w,
    );
    assert.ok(w.includes('targetNamespace="http://ws.apache.org/axis2">'), w);
    assert.ok(
      w.includes(
        `<wsdl2:types/><wsdl2:interface name="ServiceInterface"><wsdl2:operation name="mediate" pattern="${W2}/in-out"><wsdl2:input element="#none" wsaw:Action="urn:mediate"/><wsdl2:output element="#none" wsaw:Action="urn:mediateResponse"/></wsdl2:operation></wsdl2:interface>`,
      ),
      w,
    );
    assert.ok(
      w.includes(
        `<wsdl2:binding name="PotterSoap11Binding" interface="tns:ServiceInterface" type="${W2}/soap" wsoap:version="1.1"><wsdl2:operation ref="tns:mediate" wsoap:action="urn:mediate"><wsdl2:input/><wsdl2:output/></wsdl2:operation></wsdl2:binding>`,
      ),
      w,
    );
    assert.ok(w.includes(`type="${W2}/soap" wsoap:version="1.2">`), w);
    assert.ok(
      w.includes(
        `<wsdl2:binding name="PotterHttpBinding" interface="tns:ServiceInterface" whttp:methodDefault="POST" type="${W2}/http"><wsdl2:operation ref="tns:mediate" whttp:location="mediate">`,
      ),
      w,
    );
    assert.ok(w.includes('<wsdl2:service name="Potter" interface="tns:ServiceInterface">'), w);
    for (const [ep, binding] of [
      ['PotterHttpSoap11Endpoint', 'PotterSoap11Binding'],
      ['PotterHttpSoap12Endpoint', 'PotterSoap12Binding'],
      ['PotterHttpEndpoint', 'PotterHttpBinding'],
    ])
      assert.ok(
        w.includes(
          `<wsdl2:endpoint name="${ep}" binding="tns:${binding}" address="${t.base}/services/Potter.${ep}"/>`,
        ),
        w,
      );
  });

  it('?wsdl of a proxy without a published WSDL: the mediate service as AxisService2WSDL11 prints it (prefix tns, empty types, messages in/out without parts), documentation only for a non-empty description (ProxyService.buildAxisService, AxisDescription.setDocumentation)', async () => {
    const r = await send(`${t.base}/services/Potter?wsdl`);
    const w = compact(r.text);
    assert.ok(
      w.includes(' xmlns:tns="http://ws.apache.org/axis2"') &&
        w.includes(' targetNamespace="http://ws.apache.org/axis2">'),
      w,
    );
    assert.ok(
      w.includes(
        '<wsdl:types/><wsdl:message name="in"/><wsdl:message name="out"/><wsdl:portType name="PotterPortType"><wsdl:operation name="mediate"><wsdl:input message="tns:in" wsaw:Action="urn:mediate"/><wsdl:output message="tns:out" wsaw:Action="urn:mediateResponse"/>',
      ),
      w,
    );
    assert.ok(w.includes('<wsdl:binding name="PotterSoap11Binding" type="tns:PotterPortType">'), w);
    assert.ok(!w.includes('documentation') && !w.includes('xmlns:xs='), w);
    const described = await send(`${t.base}/services/Wheel?wsdl`);
    assert.ok(
      compact(described.text).includes('<wsdl:documentation>Throws pots</wsdl:documentation><wsdl:types/>'),
      described.text,
    );
    const described2 = await send(`${t.base}/services/Wheel?wsdl2`);
    assert.ok(
      described2.text.includes('<wsdl2:documentation>Throws pots</wsdl2:documentation><wsdl2:types/>'),
      described2.text,
    );
    const plain2 = await send(`${t.base}/services/Potter?wsdl2`);
    assert.ok(!plain2.text.includes('documentation'), plain2.text);
  });

  it('?wsdl2 of a proxy publishing a WSDL 1.1 document: its schema, element names, patterns, styles and actions (WSDL11ToAxisServiceBuilder.getMEP, AxisService2WSDL20.checkStyle)', async () => {
    const r = await send(`${t.base}/services/Kiln?wsdl2`);
    assert.equal(r.status, 200);
    const w = r.text;
    assert.ok(
      w.includes('xmlns:k="http://example.org/kiln"') && w.includes('xmlns:tns="http://example.org/kiln"'),
      w,
    );
    // (the schema's attributes by name, as XmlSchema.write's Xerces DOM lists them: oracle-s15-A-wsdl-layout.test.ts)
    assert.ok(
      w.includes(
        '<wsdl2:types><xs:schema elementFormDefault="qualified" targetNamespace="http://example.org/kiln"',
      ),
      w,
    );
    // fire: rpc (fireResponse in the same namespace), iri (simple types), multipart (each child once)
    assert.ok(
      w.includes(
        `<wsdl2:operation name="fire" style="${W2}/style/rpc ${W2}/style/iri ${W2}/style/multipart" wrpc:signature="pot #in degrees #in glazed #return " pattern="${W2}/in-out"><wsdl2:input element="k:fire" wsaw:Action="http://example.org/kiln/KilnPort/fireRequest"/><wsdl2:output element="k:fireResponse" wsaw:Action="http://example.org/kiln/KilnPort/fireResponse"/></wsdl2:operation>`,
      ),
      w,
    );
    // glaze: a base64Binary child is not iri, an optional one not multipart, and its input element is not named
    // after the operation's response: rpc only (in-only)
    assert.ok(
      w.includes(
        `<wsdl2:operation name="glaze" style="${W2}/style/rpc" wrpc:signature="colour #in sample #in " pattern="${W2}/in-only"><wsdl2:input element="k:glaze" wsaw:Action="urn:glaze"/></wsdl2:operation>`,
      ),
      w,
    );
    assert.ok(
      w.includes(
        `<wsdl2:operation name="alarm" pattern="${W2}/out-only"><wsdl2:output element="k:fireResponse" wsaw:Action="http://example.org/kiln/KilnPort/alarm"/></wsdl2:operation>`,
      ),
      w,
    );
    // a solicit-response: out-in, its default actions OPResponse (input) and OPSolicit (output)
    assert.ok(
      w.includes(
        `<wsdl2:operation name="poll" pattern="${W2}/out-in"><wsdl2:input element="k:fire" wsaw:Action="http://example.org/kiln/KilnPort/pollResponse"/><wsdl2:output element="k:fireResponse" wsaw:Action="http://example.org/kiln/KilnPort/pollSolicit"/></wsdl2:operation>`,
      ),
      w,
    );
    // the SOAP 1.2 soapAction "" sets no soapAction: no wsoap:action on fire; glaze keeps its own (operations in
    // the service's ConcurrentHashMap order: oracle-s15-A-wsdl-layout.test.ts)
    for (const op of [
      '<wsdl2:operation ref="tns:fire"><wsdl2:input/><wsdl2:output/></wsdl2:operation>',
      '<wsdl2:operation ref="tns:glaze" wsoap:action="urn:glaze"><wsdl2:input/></wsdl2:operation>',
      '<wsdl2:operation ref="tns:alarm"><wsdl2:output/></wsdl2:operation>',
    ])
      assert.ok(w.includes(op), w);
    assert.ok(!w.includes('kiln.example.org'), w);
  });

  it('?xsd: none without a published WSDL (200, nothing), the one schema of a published WSDL, several only by id (XsdUtil.printXsd)', async () => {
    const none = await send(`${t.base}/services/Potter?xsd`);
    assert.equal(none.status, 200);
    assert.equal(none.text, '');
    assert.equal(none.headers.get('content-type'), null);
    const one = await send(`${t.base}/services/Kiln?xsd`);
    assert.equal(one.status, 200);
    assert.equal(one.headers.get('content-type'), 'text/xml');
    assert.match(
      one.text,
      /^<xs:schema xmlns:xs="http:\/\/www.w3.org\/2001\/XMLSchema"[^>]* xmlns:k="http:\/\/example.org\/kiln"[^>]* targetNamespace="http:\/\/example.org\/kiln"/,
    );
    assert.ok(one.text.includes('<xs:element name="glaze">') && one.text.endsWith('</xs:schema>'), one.text);
    const several = await send(`${t.base}/services/Anvil?xsd`);
    assert.equal(several.status, 200);
    assert.equal(several.text, '');
    const second = await send(`${t.base}/services/Anvil?xsd&id=1`);
    assert.equal(second.headers.get('content-type'), 'text/xml');
    assert.match(second.text, /^<xs:schema [^>]*targetNamespace="urnanvil:other"/);
  });

  it('?xsd=NAME: an unknown NAME.xsd is 404 text/xml with no body; any other name fails the request after its head (XsdUtil: "Invalid schema NAME requested")', async () => {
    const missing = await send(`${t.base}/services/Kiln?xsd=glazes.xsd`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'text/xml');
    assert.equal(missing.text, '');
    await assert.rejects(send(`${t.base}/services/Kiln?xsd=xsd0`));
    assert.ok(
      t.logs.some((l) => l.message.includes('Invalid schema xsd0 requested')),
      JSON.stringify(t.logs),
    );
  });

  it('exposeServiceMetadata explicitly false: ?wsdl, ?wsdl2 and ?xsd answer 403 with no body, the reason phrase naming the service (RequestProcessorUtil.canExposeServiceMetadata, JavaUtils.isFalseExplicitly)', async () => {
    for (const q of ['wsdl', 'wsdl2', 'xsd']) {
      const r = await rawRequest(`${t.base}/services/Hidden?${q}`);
      assert.equal(r.status, 403);
      assert.equal(r.reason, 'Access to service metadata for service: Hidden has been forbidden');
      assert.equal(r.text, '');
    }
  });

  it('an inactive proxy: ?wsdl/?wsdl2 say "Service NAME is inactive. Cannot display WSDL document.", ?xsd "… Cannot display Schema." (200, text/html: AbstractWsdlProcessor.printWSDL, XsdUtil.printXsd)', async () => {
    for (const [q, what] of [
      ['wsdl', 'WSDL document'],
      ['wsdl2', 'WSDL document'],
      ['xsd', 'Schema'],
    ]) {
      const r = await send(`${t.base}/services/Dormant?${q}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/html');
      assert.equal(r.text, `<h4>Service Dormant is inactive. Cannot display ${what}.</h4>`);
    }
  });

  it('the GET processors take the query only as MI matches it: case matters, "&" or "=" may follow the item (PassThroughNHttpGetProcessor.process)', async () => {
    const upper = await send(`${t.base}/services/Potter?WSDL`);
    assert.equal(upper.text, '<mediated>yes</mediated>');
    const longer = await send(`${t.base}/services/Potter?wsdlfile`);
    assert.equal(longer.text, '<mediated>yes</mediated>');
    const annotated = await send(`${t.base}/services/Potter?wsdl&annotation=true`);
    // (RequestProcessorUtil.writeDocument serializes the document element alone: no XML declaration)
    // (with its stylesheet instruction: RequestProcessorUtil.writeDocument, see oracle-s15-A-wsdl-layout.test.ts)
    assert.ok(
      annotated.text.startsWith(
        '<?xml-stylesheet   type="text/xsl" href="/styles/annotated-wsdl.xsl"?><wsdl:definitions ',
      ),
      annotated.text,
    );
    const w2 = await send(`${t.base}/services/Potter?wsdl2&x=1`);
    assert.match(w2.text, /^<wsdl2:description /);
  });

  it('?wsdl regenerated from a WSDL 1.1 document: a solicit-response has an empty port type operation and nameless binding operations, a notification a nameless one; a SOAP 1.2 soapAction "" leaves the default input action (AxisService2WSDL11.generatePortType/generateSoap12Binding, WSDL11ToAxisServiceBuilder)', async () => {
    const r = await send(`${t.base}/services/Kiln?wsdl`);
    const w = compact(r.text);
    assert.ok(w.startsWith('<wsdl:definitions '), w);
    assert.ok(
      w.includes(
        '<wsdl:operation name="fire"><wsdl:input message="k:fireIn" wsaw:Action="http://example.org/kiln/KilnPort/fireRequest"/>',
      ),
      w,
    );
    assert.ok(w.includes('<wsdl:operation name="poll"/>'), w);
    const soap12 = /<wsdl:binding name="KilnSoap12Binding"[^]*?<\/wsdl:binding>/.exec(w)?.[0] ?? '';
    for (const op of [
      '<wsdl:operation><soap12:operation soapAction="" style="document"/><wsdl:output><soap12:body use="literal"/></wsdl:output></wsdl:operation>',
      '<wsdl:operation><soap12:operation soapAction="" style="document"/></wsdl:operation>',
    ])
      assert.ok(soap12.includes(op), soap12);
    // a document that gives its target namespace no prefix: the service's, tns (AxisService2WSDL11.generateOM)
    const bare = await send(`${t.base}/services/Bare?wsdl`);
    assert.ok(bare.text.includes(' xmlns:tns="urn:bare"'), bare.text);
    assert.ok(
      bare.text.includes('<wsdl:binding name="BareSoap11Binding" type="tns:BarePortType">'),
      bare.text,
    );
    // a target namespace beginning with "urn" (any case, no colon needed) joins the default action with ":"
    const anvil = await send(`${t.base}/services/Anvil?wsdl`);
    assert.ok(anvil.text.includes('wsaw:Action="urnanvil:tools:AnvilPort:strike"'), anvil.text);
  });
});

describe('oracle s14 (W1): the operation of a proxy that publishes a WSDL (Axis2 dispatch phase, DispatchPhase.checkPostConditions)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<s:Envelope xmlns:s="${S11}"><s:Body><k:fireResponse xmlns:k="http://example.org/kiln"><k:glazed>true</k:glazed></k:fireResponse></s:Body></s:Envelope>`,
      );
    });
    t = await startRuntime({
      'KilnWsdl.xml': `<localEntry ${NS} key="KilnWsdl">${KILN_WSDL}</localEntry>`,
      'Kiln.xml': `<proxy ${NS} name="Kiln"><target><inSequence><payloadFactory media-type="xml"><format><done xmlns="">fired</done></format><args/></payloadFactory><respond/></inSequence></target><publishWSDL key="KilnWsdl"/></proxy>`,
      'KilnLoose.xml': `<proxy ${NS} name="KilnLoose"><target><inSequence><payloadFactory media-type="xml"><format><done xmlns="">loose</done></format><args/></payloadFactory><respond/></inSequence></target><publishWSDL key="KilnWsdl"/>
        <parameter name="disableOperationValidation">true</parameter></proxy>`,
      'KilnRelay.xml': `<proxy ${NS} name="KilnRelay"><target><inSequence><log level="full"/><send><endpoint><address uri="${be.url}/kiln"/></endpoint></send></inSequence>
        <outSequence><log level="full"/><send/></outSequence></target><publishWSDL key="KilnWsdl"/></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const fire = `<s:Envelope xmlns:s="${S11}"><s:Body><k:fire xmlns:k="http://example.org/kiln"><k:pot>jug</k:pot><k:degrees>1200</k:degrees></k:fire></s:Body></s:Envelope>`;
  const post = (path: string, action?: string, body = fire) =>
    send(`${t.base}/services/${path}`, {
      body,
      type: 'text/xml; charset=UTF-8',
      headers: action === undefined ? {} : { SOAPAction: action },
    });

  it("a SOAPAction that is an operation's soapAction, input action or name, or /services/NAME/OP, reaches the proxy (SOAPActionBasedDispatcher, AxisService.getOperationBySOAPAction, RequestURIOperationDispatcher)", async () => {
    for (const [path, action] of [
      ['Kiln', '"urn:glaze"'],
      ['Kiln', 'http://example.org/kiln/KilnPort/fireRequest'],
      ['Kiln', 'fire'],
      ['Kiln/glaze', '"urn:unknown"'],
      ['Kiln.KilnHttpSoap11Endpoint/fire', undefined],
    ] as const) {
      const r = await post(path, action);
      assert.equal(r.status, 200, `${path} ${action}: ${r.text}`);
      assert.ok(r.text.includes('<done>fired</done>'), r.text);
    }
  });

  it('a message that names no operation is refused with the Axis2 fault "The endpoint reference (EPR) for the Operation not found…" (500), unless disableOperationValidation (SynapseDispatcher, ProxyService.processOperationValidation)', async () => {
    const other = await post('Kiln', '"urn:bake"');
    assert.equal(other.status, 500);
    assert.equal(other.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.ok(
      other.text.includes(
        '<faultcode>soapenv:Client</faultcode><faultstring>The endpoint reference (EPR) for the Operation not found is /services/Kiln and the WSA Action = urn:bake. If this EPR was previously reachable, please contact the server administrator.</faultstring>',
      ),
      other.text,
    );
    const none = await post('Kiln');
    assert.equal(none.status, 500);
    assert.ok(none.text.includes('and the WSA Action = null.'), none.text);
    const loose = await post('KilnLoose', '"urn:bake"');
    assert.equal(loose.status, 200);
    assert.ok(loose.text.includes('<done>loose</done>'), loose.text);
  });

  it("the answer to a WS-Addressing client carries the dispatched operation's output action, not urn:mediateResponse (AddressingOutHandler: AxisOperation.getOutputAction)", async () => {
    const r = await post(
      'KilnRelay',
      'fire',
      `<s:Envelope xmlns:s="${S11}" xmlns:wsa="http://www.w3.org/2005/08/addressing"><s:Header><wsa:To>${t.base}/services/KilnRelay</wsa:To><wsa:MessageID>urn:uuid:kiln-req-1</wsa:MessageID><wsa:Action>fire</wsa:Action></s:Header><s:Body><k:fire xmlns:k="http://example.org/kiln"/></s:Body></s:Envelope>`,
    );
    assert.equal(r.status, 200, r.text);
    assert.ok(
      r.text.includes('<wsa:Action>http://example.org/kiln/KilnPort/fireResponse</wsa:Action>'),
      r.text,
    );
    assert.ok(r.text.includes('<wsa:RelatesTo>urn:uuid:kiln-req-1</wsa:RelatesTo>'), r.text);
  });
});
