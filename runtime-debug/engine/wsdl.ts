/**
 * The WSDL a proxy service answers at `?wsdl`: the one it publishes (inline, or a local entry / registry resource
 * by key), or, when it publishes none, one generated as Micro Integrator generates it for a proxy: a single
 * `mediate` operation with SOAP 1.1, SOAP 1.2 and plain HTTP bindings, and one port per binding at
 * `/services/NAME.NAME<Kind>Endpoint` (which the runtime also dispatches to the proxy).
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The endpoint kinds of a proxy, as they appear in its port names and URLs. */
export const PROXY_ENDPOINT_KINDS = ['HttpSoap11Endpoint', 'HttpSoap12Endpoint', 'HttpEndpoint'] as const;

export function generatedProxyWsdl(name: string, baseUrl: string): string {
  const n = esc(name);
  const at = (kind: string) => `${esc(baseUrl)}/services/${n}.${n}${kind}`;
  const operation = (inner: string) =>
    `<wsdl:operation name="mediate">${inner}<wsdl:input><%BODY%/></wsdl:input><wsdl:output><%BODY%/></wsdl:output></wsdl:operation>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"',
    ' xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"',
    ' xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"',
    ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ns="http://ws.apache.org/axis2" targetNamespace="http://ws.apache.org/axis2">',
    `<wsdl:documentation>${n}</wsdl:documentation>`,
    '<wsdl:types><xs:schema targetNamespace="http://ws.apache.org/axis2" elementFormDefault="qualified">',
    '<xs:element name="mediate"><xs:complexType><xs:sequence><xs:any minOccurs="0" maxOccurs="unbounded" processContents="skip"/></xs:sequence></xs:complexType></xs:element>',
    '</xs:schema></wsdl:types>',
    '<wsdl:message name="mediateRequest"><wsdl:part name="parameters" element="ns:mediate"/></wsdl:message>',
    '<wsdl:message name="mediateResponse"><wsdl:part name="parameters" element="ns:mediate"/></wsdl:message>',
    `<wsdl:portType name="${n}PortType"><wsdl:operation name="mediate">`,
    '<wsdl:input message="ns:mediateRequest" wsaw:Action="urn:mediate"/>',
    '<wsdl:output message="ns:mediateResponse" wsaw:Action="urn:mediateResponse"/>',
    '</wsdl:operation></wsdl:portType>',
    `<wsdl:binding name="${n}Soap11Binding" type="ns:${n}PortType">`,
    '<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>',
    operation('<soap:operation soapAction="urn:mediate" style="document"/>').replace(
      /<%BODY%\/>/g,
      '<soap:body use="literal"/>',
    ),
    '</wsdl:binding>',
    `<wsdl:binding name="${n}Soap12Binding" type="ns:${n}PortType">`,
    '<soap12:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>',
    operation('<soap12:operation soapAction="urn:mediate" style="document"/>').replace(
      /<%BODY%\/>/g,
      '<soap12:body use="literal"/>',
    ),
    '</wsdl:binding>',
    `<wsdl:binding name="${n}HttpBinding" type="ns:${n}PortType">`,
    '<http:binding verb="POST"/>',
    operation('<http:operation location="mediate"/>').replace(
      /<%BODY%\/>/g,
      '<mime:content type="text/xml" part="parameters"/>',
    ),
    '</wsdl:binding>',
    `<wsdl:service name="${n}">`,
    `<wsdl:port name="${n}HttpSoap11Endpoint" binding="ns:${n}Soap11Binding"><soap:address location="${at('HttpSoap11Endpoint')}"/></wsdl:port>`,
    `<wsdl:port name="${n}HttpSoap12Endpoint" binding="ns:${n}Soap12Binding"><soap12:address location="${at('HttpSoap12Endpoint')}"/></wsdl:port>`,
    `<wsdl:port name="${n}HttpEndpoint" binding="ns:${n}HttpBinding"><http:address location="${at('HttpEndpoint')}"/></wsdl:port>`,
    '</wsdl:service>',
    '</wsdl:definitions>',
  ].join('\n');
}
