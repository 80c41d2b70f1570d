/**
 * Session 14, review R1: a REST client's message to a proxy that publishes a WSDL and names none of its operations.
 * Axis2's DispatchPhase refuses it as it refuses a SOAP one (the AxisFault "The endpoint reference (EPR) for the
 * Operation not found is …"), and ServerWorker.handleException answers it through MessageContextBuilder's fault
 * message, which keeps the request's messageType: the JSON formatter writes the Fault as JSON, the XML formatter the
 * Fault element without the envelope (ServerWorker.processNonEntityEnclosingRESTHandler, AxisEngine.sendFault). Own
 * WSDL and proxy.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:d="http://example.org/dye" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.org/dye">
  <wsdl:types><xs:schema targetNamespace="http://example.org/dye" elementFormDefault="qualified">
    <xs:element name="tint" type="xs:string"/></xs:schema></wsdl:types>
  <wsdl:message name="tintIn"><wsdl:part name="p" element="d:tint"/></wsdl:message>
  <wsdl:portType name="DyePort"><wsdl:operation name="tint"><wsdl:input message="d:tintIn"/><wsdl:output message="d:tintIn"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="DyeBinding" type="d:DyePort"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="tint"><soap:operation soapAction="urn:tint"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="Dye"><wsdl:port name="DyePort" binding="d:DyeBinding"><soap:address location="http://localhost/services/Dye"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;

const REASON = (action: string) =>
  `The endpoint reference (EPR) for the Operation not found is /services/Vat and the WSA Action = ${action}. If this EPR was previously reachable, please contact the server administrator.`;

describe('oracle S14 R1: a REST message naming no operation of a proxy that publishes a WSDL (DispatchPhase, ServerWorker.handleException)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Vat.xml': `<proxy ${NS} name="Vat" transports="http"><target><inSequence><payloadFactory media-type="json"><format>{"dyed":true}</format></payloadFactory><respond/></inSequence></target><publishWSDL>${WSDL}</publishWSDL></proxy>`,
    });
  });
  after(() => t.close());

  it('a JSON request gets the 500 Fault as JSON, a POX one the Fault element; the operation named by SOAPAction is mediated', async () => {
    const json = await send(`${t.base}/services/Vat`, { body: '{"colour":"red"}', type: 'application/json' });
    assert.equal(json.status, 500);
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(json.text), {
      Fault: { faultcode: 'soapenv:Client', faultstring: REASON('null'), detail: null },
    });
    const pox = await send(`${t.base}/services/Vat`, {
      body: '<colour>red</colour>',
      type: 'application/xml',
      headers: { SOAPAction: 'urn:bleach' },
    });
    assert.equal(pox.status, 500);
    assert.match(pox.headers.get('content-type') ?? '', /^application\/xml/);
    assert.ok(pox.text.startsWith('<soapenv:Fault'), pox.text);
    assert.ok(pox.text.includes(`<faultstring>${REASON('urn:bleach')}</faultstring>`), pox.text);
    const named = await send(`${t.base}/services/Vat`, {
      body: '{"colour":"red"}',
      type: 'application/json',
      headers: { SOAPAction: 'urn:tint' },
    });
    assert.equal(named.status, 200);
    assert.deepEqual(JSON.parse(named.text), { dyed: true });
  });
});
