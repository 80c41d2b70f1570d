/**
 * The WSDL a proxy service answers at `?wsdl`: the one it publishes (inline, or a local entry / registry resource
 * by key), or, when it publishes none, one generated as Micro Integrator generates it for a proxy: a single
 * `mediate` operation with SOAP 1.1, SOAP 1.2 and plain HTTP bindings, and one port per binding at
 * `/services/NAME.NAME<Kind>Endpoint` (which the runtime also dispatches to the proxy).
 */

import { readFile } from 'node:fs/promises';
import { attrValue, childElements, parseXml, type XmlElement } from '../../core/xml';
import type * as slimdom from 'slimdom';
import { MediationError } from './errors';
import { parsePayloadXml, serializeXml } from './payloadXml';
import type { LeafEndpointDef, WsdlSource } from './model';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The endpoint kinds of a proxy, as they appear in its port names and URLs. */
export const PROXY_ENDPOINT_KINDS = ['HttpSoap11Endpoint', 'HttpSoap12Endpoint', 'HttpEndpoint'] as const;

/**
 * The service element Axis2 prints for a proxy (name already escaped): its SOAP 1.1, SOAP 1.2 and HTTP ports at the
 * proxy's own addresses, bound to the bindings of the target namespace's `prefix`.
 */
function wsdlService(n: string, prefix: string, baseUrl: string, httpsBase?: string): string {
  const bases: [string, string][] = [['Http', baseUrl]];
  if (httpsBase !== undefined) bases.push(['Https', httpsBase]);
  const out = [`<wsdl:service name="${n}">`];
  // generateSoap11Port, generateSoap12Port, generateHttpPort: each walks the service's endpoints, a HashMap
  for (const [kind, binding, address] of [
    ['Soap11', 'Soap11Binding', 'soap:address'],
    ['Soap12', 'Soap12Binding', 'soap12:address'],
    ['', 'HttpBinding', 'http:address'],
  ] as const) {
    const ports = bases.map(([t, base]) => ({ name: `${n}${t}${kind}Endpoint`, base }));
    for (const { name, base } of javaHashMapOrder(ports, (p) => p.name))
      out.push(
        `<wsdl:port name="${name}" binding="${prefix}:${n}${binding}"><${address} location="${esc(base)}/services/${n}.${name}"/></wsdl:port>`,
      );
  }
  out.push('</wsdl:service>');
  return out.join('\n');
}

/**
 * The order java.util.HashMap (default capacity 16, no more than 12 entries) iterates keys inserted in this order:
 * by bucket (String.hashCode spread by `h ^ (h >>> 16)`, low four bits), then by insertion within a bucket.
 */
function javaHashMapOrder<T>(items: T[], key: (t: T) => string): T[] {
  const bucket = (k: string): number => {
    let h = 0;
    for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & 15;
  };
  return items
    .map((t, i) => ({ t, i, b: bucket(key(t)) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.t);
}

export function generatedProxyWsdl(name: string, baseUrl: string, httpsBase?: string): string {
  const n = esc(name);
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
    wsdlService(n, 'ns', baseUrl, httpsBase),
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

// ------------------------------------------------------------------------------------------ published WSDL

const WSDL11 = 'http://schemas.xmlsoap.org/wsdl/';
const XMLNS = 'http://www.w3.org/2000/xmlns/';

/**
 * The `?wsdl` of a proxy that publishes a WSDL 1.1 document, as MI gives it: ProxyService.buildAxisService builds the
 * Axis2 service from the document, clears its endpoints and names it after the proxy, and `?wsdl` prints what
 * AxisService2WSDL11 generates from that service: the document's namespaces, types and messages, its operations in a
 * port type `NAMEPortType`, SOAP 1.1, SOAP 1.2 and HTTP bindings `NAMESoap11Binding`… (each operation's soapAction the
 * document's), and a service named after the proxy whose ports are the proxy's own endpoints,
 * `NAMEHttpSoap11Endpoint`… at `BASE/services/NAME.NAMEHttpSoap11Endpoint`. With the proxy parameter
 * `useOriginalwsdl` "true" (AxisService.printUserWSDL): the document with its http port addresses the proxy's
 * (`BASE/services/NAME`). A document that is not WSDL 1.1, or modifyUserWSDLPortAddress "false" with
 * useOriginalwsdl: undefined, the document is served as it was published.
 */
export function publishedProxyWsdl(
  published: string,
  name: string,
  baseUrl: string,
  params: Record<string, string>,
  httpsBase?: string,
): string | undefined {
  // AxisService.isUseUserWSDL / isModifyUserWSDLPortAddress compare the value ("true".equals, "false".equals) as
  // ProxyServiceFactory read it (trimmed): "True" is not true
  if ((params['useOriginalwsdl'] ?? '').trim() === 'true') {
    // AxisService.printUserWSDL: the document, each http(s) port address the service's own (its endpoints were
    // cleared: getLocationURI, the EPR of the address's scheme), unless modifyUserWSDLPortAddress is "false"
    if ((params['modifyUserWSDLPortAddress'] ?? '').trim() === 'false') return undefined;
    // (an https address the same with the HTTPS listener's base, when the runtime serves https)
    return published.replace(
      /(<(?:[\w.-]+:)?address\b[^>]*\blocation\s*=\s*)(["'])(https?):\/\/[^"']*\2/g,
      (w: string, head: string, q: string, scheme: string) => {
        const base = scheme === 'https' ? httpsBase : baseUrl;
        return base === undefined ? w : `${head}${q}${esc(`${base}/services/${name}`)}${q}`;
      },
    );
  }
  let doc: slimdom.Document;
  try {
    doc = parsePayloadXml(published.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'definitions' || root.namespaceURI !== WSDL11) return undefined;
  const tns = root.getAttribute('targetNamespace') ?? '';
  const kids = (el: slimdom.Element, local: string) =>
    el.children.filter((c) => c.localName === local && c.namespaceURI === WSDL11);
  // the document's namespace declarations (AxisService.getNamespaceMap), then the generator's own
  const decls = new Map<string, string>();
  for (const a of root.attributes)
    if (a.namespaceURI === XMLNS && a.localName !== 'xmlns') decls.set(a.localName, a.value);
  const taken = (p: string) => decls.has(p);
  let tnsPrefix = [...decls].find(([, v]) => v === tns)?.[0];
  if (!tnsPrefix) {
    tnsPrefix = 'ns';
    for (let i = 1; taken(tnsPrefix) && decls.get(tnsPrefix) !== tns; i++) tnsPrefix = `ns${i}`;
    decls.set(tnsPrefix, tns);
  }
  for (const [p, v] of [
    ['wsdl', WSDL11],
    ['soap', 'http://schemas.xmlsoap.org/wsdl/soap/'],
    ['soap12', 'http://schemas.xmlsoap.org/wsdl/soap12/'],
    ['http', 'http://schemas.xmlsoap.org/wsdl/http/'],
    ['mime', 'http://schemas.xmlsoap.org/wsdl/mime/'],
    ['wsaw', 'http://www.w3.org/2006/05/addressing/wsdl'],
  ] as const)
    decls.set(p, v);
  const n = esc(name);
  // each operation's soapAction as the document's SOAP binding gives it
  const actions = new Map<string, string>();
  for (const b of kids(root, 'binding'))
    for (const op of kids(b, 'operation'))
      for (const c of op.children)
        if (
          c.localName === 'operation' &&
          c.getAttribute('soapAction') !== null &&
          !actions.has(op.getAttribute('name') ?? '')
        )
          actions.set(op.getAttribute('name') ?? '', c.getAttribute('soapAction')!);
  const portType = kids(root, 'portType')[0];
  const operations = portType ? kids(portType, 'operation') : [];
  const binding = (kind: 'Soap11' | 'Soap12' | 'Http') => {
    const out: string[] = [`<wsdl:binding name="${n}${kind}Binding" type="${tnsPrefix}:${n}PortType">`];
    if (kind === 'Http') out.push('<http:binding verb="POST"/>');
    else
      out.push(
        `<${kind === 'Soap11' ? 'soap' : 'soap12'}:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>`,
      );
    for (const op of operations) {
      const on = esc(op.getAttribute('name') ?? '');
      const body =
        kind === 'Http'
          ? '<mime:content type="text/xml" part="parameters"/>'
          : `<${kind === 'Soap11' ? 'soap' : 'soap12'}:body use="literal"/>`;
      out.push(`<wsdl:operation name="${on}">`);
      if (kind === 'Http') out.push(`<http:operation location="${on}"/>`);
      else
        out.push(
          `<${kind === 'Soap11' ? 'soap' : 'soap12'}:operation soapAction="${esc(actions.get(op.getAttribute('name') ?? '') ?? '')}" style="document"/>`,
        );
      if (kids(op, 'input').length) out.push(`<wsdl:input>${body}</wsdl:input>`);
      if (kids(op, 'output').length) out.push(`<wsdl:output>${body}</wsdl:output>`);
      out.push('</wsdl:operation>');
    }
    out.push('</wsdl:binding>');
    return out.join('\n');
  };
  // (an element written alone declares the namespaces it uses: those the new root declares alike are left out)
  const detached = (node: slimdom.Node) => {
    const text = serializeXml(node);
    const end = text.indexOf('>');
    if (node.nodeType !== 1 || end < 0) return text;
    const head = text
      .slice(0, end)
      .replace(/ xmlns:([\w.-]+)="([^"]*)"/g, (d: string, p: string, v: string) =>
        decls.get(p) ===
        v
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&amp;/g, '&')
          ? ''
          : d,
      );
    return head + text.slice(end);
  };
  const inner = (el: slimdom.Element) => el.childNodes.map((c) => detached(c)).join('');
  const documentation = kids(root, 'documentation')[0];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<wsdl:definitions ${[...decls].map(([p, v]) => `xmlns:${p}="${esc(v)}"`).join(' ')} targetNamespace="${esc(tns)}">`,
    `<wsdl:documentation>${documentation ? inner(documentation) : n}</wsdl:documentation>`,
    ...kids(root, 'types').map((t) => `<wsdl:types>${inner(t)}</wsdl:types>`),
    ...kids(root, 'message').map((m) => detached(m)),
    `<wsdl:portType name="${n}PortType">${operations.map((o) => portTypeOperation(o, portType!, tns, tnsPrefix, actions, kids)).join('')}</wsdl:portType>`,
    binding('Soap11'),
    binding('Soap12'),
    binding('Http'),
    wsdlService(n, tnsPrefix, baseUrl, httpsBase),
    '</wsdl:definitions>',
  ].join('\n');
}

const ACTION_ATTRIBUTE_NS = [
  'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  'http://www.w3.org/2007/05/addressing/metadata',
  'http://www.w3.org/2006/05/addressing/wsdl',
  'http://www.w3.org/2005/08/addressing',
];

/**
 * One operation of the port type AxisService2WSDL11.generatePortType writes for a service built from a WSDL 1.1
 * document (WSDL11ToAxisServiceBuilder): its input, output and faults, each naming its message with the target
 * namespace's prefix (a fault its own name, as the AxisMessage of a fault is named after it) and carrying the
 * action in `wsaw:Action` (WSDLSerializationUtil.addWSAWActionAttribute, left out when empty). The input's action is
 * the SOAP binding's soapAction when the binding gives one (AxisOperation.getInputAction), else the element's own
 * Action attribute (WSDL11ActionHelper: the 2004/08, wsam, wsaw and 2005/08 namespaces in that order), else the
 * default action pattern (WSDL11DefaultActionPatternHelper: target namespace, port type, input name or
 * `OPRequest`, joined by "/", or ":" for a urn namespace); the output's and a fault's likewise without the
 * soapAction (`OPResponse`, `OP/Fault/NAME`).
 */
function portTypeOperation(
  op: slimdom.Element,
  portType: slimdom.Element,
  tns: string,
  tnsPrefix: string,
  soapActions: Map<string, string>,
  kids: (el: slimdom.Element, local: string) => slimdom.Element[],
): string {
  const name = op.getAttribute('name') ?? '';
  const delimiter = tns.toLowerCase().startsWith('urn:') ? ':' : '/';
  const base = `${tns}${tns.endsWith(delimiter) ? '' : delimiter}${portType.getAttribute('name') ?? ''}${delimiter}`;
  const declared = (el: slimdom.Element): string | undefined => {
    for (const ns of ACTION_ATTRIBUTE_NS) {
      const v = el.getAttributeNS(ns, 'Action');
      if (v !== null) return v;
    }
    return undefined;
  };
  const local = (qname: string | null): string => (qname ?? '').replace(/^[^:]*:/, '');
  const action = (v: string | undefined): string => (v ? ` wsaw:Action="${esc(v)}"` : '');
  const input = kids(op, 'input')[0];
  const output = kids(op, 'output')[0];
  const out: string[] = [`<wsdl:operation name="${esc(name)}">`];
  if (input) {
    const soapAction = soapActions.get(name);
    const a =
      soapAction ??
      declared(input) ??
      `${base}${input.getAttribute('name') ?? (output ? `${name}Request` : name)}`;
    out.push(`<wsdl:input message="${tnsPrefix}:${esc(local(input.getAttribute('message')))}"${action(a)}/>`);
  }
  if (output) {
    const a =
      declared(output) ?? `${base}${output.getAttribute('name') ?? (input ? `${name}Response` : name)}`;
    out.push(
      `<wsdl:output message="${tnsPrefix}:${esc(local(output.getAttribute('message')))}"${action(a)}/>`,
    );
  }
  for (const f of kids(op, 'fault')) {
    const fn = f.getAttribute('name') ?? '';
    const a = declared(f) ?? `${base}${name}${delimiter}Fault${delimiter}${fn}`;
    out.push(`<wsdl:fault message="${tnsPrefix}:${esc(fn)}" name="${esc(fn)}"${action(a)}/>`);
  }
  out.push('</wsdl:operation>');
  return out.join('');
}
