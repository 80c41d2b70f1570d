/**
 * The WSDL a proxy service answers at `?wsdl`: the one it publishes (inline, or a local entry / registry resource
 * by key), or, when it publishes none, one generated as Micro Integrator generates it for a proxy: a single
 * `mediate` operation with SOAP 1.1, SOAP 1.2 and plain HTTP bindings, and one port per binding at
 * `/services/NAME.NAME<Kind>Endpoint` (which the runtime also dispatches to the proxy).
 */

import { readFile } from 'node:fs/promises';
import { attrValue, childElements, parseXml, type XmlElement } from '../../core/xml';
import { MediationError } from './errors';
import type { LeafEndpointDef, WsdlSource } from './model';

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

// ------------------------------------------------------------------------------------------------ wsdl endpoints

/** A WSDL larger than this is refused (a WSDL is read whole). */
const MAX_WSDL_BYTES = 4 * 1024 * 1024;
const SOAP11_BINDING = 'http://schemas.xmlsoap.org/wsdl/soap/';
const SOAP12_BINDING = 'http://schemas.xmlsoap.org/wsdl/soap12/';
const resolving = new WeakMap<LeafEndpointDef, Promise<void>>();

/**
 * Reads a wsdl endpoint's address and SOAP version from its WSDL, once: the endpoint keeps them (`uri`, `format`), as
 * Synapse's WSDLEndpointFactory sets the endpoint's address and format (soap11/soap12 from the port's address element)
 * from the named service and port. A WSDL that cannot be read is tried again on the next message. `read` answers a
 * local entry or registry key.
 */
export function resolveWsdlEndpoint(ep: LeafEndpointDef, read: (key: string) => unknown): Promise<void> {
  let p = resolving.get(ep);
  if (!p) {
    const src = ep.wsdl!;
    p = wsdlText(src, read).then((text) => {
      const { uri, format } = wsdlAddress(text, src);
      ep.uri = uri;
      ep.format ??= format;
      ep.unsupported = undefined;
    });
    resolving.set(ep, p);
    p.catch(() => resolving.delete(ep));
  }
  return p;
}

async function wsdlText(src: WsdlSource, read: (key: string) => unknown): Promise<string> {
  if (src.inline !== undefined) return src.inline;
  const where = src.uri ?? '';
  if (/^https?:\/\//i.test(where)) {
    let res: Response;
    try {
      res = await fetch(where, { signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      throw new MediationError(101503, `Unable to read the WSDL ${where}: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new MediationError(101500, `Unable to read the WSDL ${where}: HTTP ${res.status}`);
    if (text.length > MAX_WSDL_BYTES) throw new MediationError(101500, `The WSDL ${where} is too large`);
    return text;
  }
  if (where.startsWith('file:')) {
    const text = await readFile(where.replace(/^file:(\/\/)?/, ''), 'utf8').catch(() => undefined);
    if (text === undefined) throw new MediationError(101500, `Unable to read the WSDL ${where}`);
    if (text.length > MAX_WSDL_BYTES) throw new MediationError(101500, `The WSDL ${where} is too large`);
    return text;
  }
  const entry = read(where);
  if (typeof entry !== 'string') throw new MediationError(101500, `No WSDL found for the key ${where}`);
  return entry;
}

/** The address of the named service's port: WSDL 1.1 (soap/soap12/http address location) or 2.0 (endpoint address). */
export function wsdlAddress(
  text: string,
  src: Pick<WsdlSource, 'service' | 'port'>,
): { uri: string; format: 'soap11' | 'soap12' | undefined } {
  const root = parseXml(text).root;
  const named = (el: XmlElement | undefined, local: string, name: string) =>
    el ? childElements(el).find((c) => c.local === local && attrValue(c, 'name') === name) : undefined;
  if (root?.local === 'description') {
    const ep = named(named(root, 'service', src.service), 'endpoint', src.port);
    const address = ep ? attrValue(ep, 'address') : undefined;
    if (address) return { uri: address, format: undefined };
  } else if (root?.local === 'definitions') {
    const port = named(named(root, 'service', src.service), 'port', src.port);
    const address = port ? childElements(port).find((c) => c.local === 'address') : undefined;
    const location = address ? attrValue(address, 'location') : undefined;
    if (address && location)
      return {
        uri: location,
        format:
          address.ns === SOAP12_BINDING ? 'soap12' : address.ns === SOAP11_BINDING ? 'soap11' : undefined,
      };
  }
  throw new MediationError(
    101500,
    `Unable to find the port '${src.port}' of the service '${src.service}' in the WSDL`,
  );
}
