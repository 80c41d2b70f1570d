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
import { readRemoteText, type RemoteText } from './remoteText';
import { parsePayloadXml, serializeXml } from './payloadXml';
import type { LeafEndpointDef, WsdlSource } from './model';
import { javaConcurrentHashOrderBy, javaHashOrderBy, javaStringHash } from './javaHashOrder';
import { documentElementOf, prettyWsdl, writtenDocument } from './wsdlLayout';
import { escapeXmlAttr as esc } from '../../core/xml/escape';

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
    for (const { name, base } of javaHashOrderBy(ports, (p) => p.name))
      out.push(
        `<wsdl:port name="${name}" binding="${prefix}:${n}${binding}"><${address} location="${esc(base)}/services/${n}.${name}"/></wsdl:port>`,
      );
  }
  out.push('</wsdl:service>');
  return out.join('\n');
}

/**
 * The `?wsdl` of a proxy that publishes no WSDL, as AxisService2WSDL11 generates it for the service
 * ProxyService.buildAxisService makes (`new AxisService()`, one InOut operation `mediate` whose messages are named "in"
 * and "out" and have no schema element): no namespace map, so the target namespace http://ws.apache.org/axis2 gets the
 * service's prefix `tns`; a documentation element only for a non-empty `<description>` (AxisDescription
 * .setDocumentation ignores ""); empty types; the messages `in` and `out` without parts; the port type with
 * urn:mediate / urn:mediateResponse; SOAP 1.1, SOAP 1.2 and HTTP bindings and the proxy's ports.
 */
export function generatedProxyWsdl(
  name: string,
  baseUrl: string,
  httpsBase?: string,
  description?: string,
): string {
  const n = esc(name);
  const operation = (inner: string) =>
    `<wsdl:operation name="mediate">${inner}<wsdl:input><%BODY%/></wsdl:input><wsdl:output><%BODY%/></wsdl:output></wsdl:operation>`;
  // (laid out as AxisService.getWSDL prints it: XMLPrettyPrinter, then RequestProcessorUtil.writeDocument)
  return prettyWsdl(
    [
      '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"',
      ' xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"',
      ' xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"',
      ' xmlns:tns="http://ws.apache.org/axis2" targetNamespace="http://ws.apache.org/axis2">',
      ...(description ? [`<wsdl:documentation>${esc(description)}</wsdl:documentation>`] : []),
      '<wsdl:types/>',
      '<wsdl:message name="in"/>',
      '<wsdl:message name="out"/>',
      `<wsdl:portType name="${n}PortType"><wsdl:operation name="mediate">`,
      '<wsdl:input message="tns:in" wsaw:Action="urn:mediate"/>',
      '<wsdl:output message="tns:out" wsaw:Action="urn:mediateResponse"/>',
      '</wsdl:operation></wsdl:portType>',
      `<wsdl:binding name="${n}Soap11Binding" type="tns:${n}PortType">`,
      '<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>',
      operation('<soap:operation soapAction="urn:mediate" style="document"/>').replace(
        /<%BODY%\/>/g,
        '<soap:body use="literal"/>',
      ),
      '</wsdl:binding>',
      `<wsdl:binding name="${n}Soap12Binding" type="tns:${n}PortType">`,
      '<soap12:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>',
      operation('<soap12:operation soapAction="urn:mediate" style="document"/>').replace(
        /<%BODY%\/>/g,
        '<soap12:body use="literal"/>',
      ),
      '</wsdl:binding>',
      `<wsdl:binding name="${n}HttpBinding" type="tns:${n}PortType">`,
      '<http:binding verb="POST"/>',
      operation('<http:operation location="mediate"/>').replace(
        /<%BODY%\/>/g,
        '<mime:content type="text/xml" part="parameters"/>',
      ),
      '</wsdl:binding>',
      wsdlService(n, 'tns', baseUrl, httpsBase),
      '</wsdl:definitions>',
    ].join('\n'),
  );
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
    let res: RemoteText;
    try {
      res = await readRemoteText(where, MAX_WSDL_BYTES);
    } catch (e) {
      throw new MediationError(101503, `Unable to read the WSDL ${where}: ${(e as Error).message}`);
    }
    if (res.status < 200 || res.status >= 300)
      throw new MediationError(101500, `Unable to read the WSDL ${where}: HTTP ${res.status}`);
    if (res.text === undefined) throw new MediationError(101500, `The WSDL ${where} is too large`);
    return res.text;
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

/** The WSDL 1.1 children of an element with this local name. */
function wsdlKids(el: slimdom.Element, local: string): slimdom.Element[] {
  return el.children.filter((c) => c.localName === local && c.namespaceURI === WSDL11);
}

/**
 * A port type's operations in the order the Axis2 service lists them: AxisService.getOperations iterates its children,
 * a ConcurrentHashMap keyed by each operation's QName (the document's target namespace and the operation's name:
 * WSDL11ToAxisServiceBuilder), whose hashCode is the two names' hash codes xor'ed. AxisService2WSDL11 and
 * AxisService2WSDL20 write messages, port type, bindings and interface in that order.
 */
function serviceOperations(portType: slimdom.Element | undefined, tns: string): slimdom.Element[] {
  if (!portType) return [];
  const ns = javaStringHash(tns);
  return javaConcurrentHashOrderBy(
    wsdlKids(portType, 'operation'),
    (op) => ns ^ javaStringHash(op.getAttribute('name') ?? ''),
  );
}

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
  description?: string,
): string | undefined {
  // AxisService.isUseUserWSDL / isModifyUserWSDLPortAddress compare the value ("true".equals, "false".equals) as
  // ProxyServiceFactory read it (trimmed): "True" is not true
  if ((params['useOriginalwsdl'] ?? '').trim() === 'true') {
    // AxisService.printUserWSDL: the document, each http(s) port address the service's own (its endpoints were
    // cleared: getLocationURI, the EPR of the address's scheme), unless modifyUserWSDLPortAddress is "false"; a
    // service built from a WSDL 2.0 document has no wsdl4j definition to print (printWSDLError)
    if (!wsdl11Root(published)) return PRINT_WSDL_ERROR;
    const located = userWsdlLocations(published, name);
    if ((params['modifyUserWSDLPortAddress'] ?? '').trim() === 'false') return located;
    // (an https address the same with the HTTPS listener's base, when the runtime serves https)
    return located.replace(
      /(<(?:[\w.-]+:)?address\b[^>]*\blocation\s*=\s*)(["'])(https?):\/\/[^"']*\2/g,
      (w: string, head: string, q: string, scheme: string) => {
        const base = scheme === 'https' ? httpsBase : baseUrl;
        return base === undefined ? w : `${head}${q}${esc(`${base}/services/${name}`)}${q}`;
      },
    );
  }
  const root = serviceRoot(published);
  if (!root) return undefined;
  const tns = root.getAttribute('targetNamespace') ?? '';
  // the service's namespace map (the document's declarations and its schemas' target namespaces:
  // AxisService.getNamespaceMap), then the generator's own; the target namespace's prefix is the map's, else the
  // service's target namespace prefix, "tns" (AxisService2WSDL11.generateOM)
  const decls = new Map<string, string>();
  for (const [p, v] of wsdl11Service(root).namespaces) if (p !== '') decls.set(p, v);
  let tnsPrefix = [...decls].find(([, v]) => v === tns)?.[0];
  if (!tnsPrefix) {
    tnsPrefix = 'tns';
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
  // each operation's soapAction as the document's SOAP bindings give it
  const actions = documentSoapActions(root);
  const portType = wsdlKids(root, 'portType')[0];
  const operations = serviceOperations(portType, tns);
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
      // (generateSoap11Binding…: the operation is named where its input is written, and an out-in operation, a
      // solicit-response, gets neither input nor output)
      const input = wsdlKids(op, 'input').length > 0;
      const output = wsdlKids(op, 'output').length > 0;
      const solicit = input && output && operationIsSolicitResponse(op);
      out.push(input && !solicit ? `<wsdl:operation name="${on}">` : '<wsdl:operation>');
      if (kind === 'Http') out.push(`<http:operation location="${on}"/>`);
      else
        out.push(
          `<${kind === 'Soap11' ? 'soap' : 'soap12'}:operation soapAction="${esc(actions.get(op.getAttribute('name') ?? '') ?? '')}" style="document"/>`,
        );
      if (input && !solicit) out.push(`<wsdl:input>${body}</wsdl:input>`);
      if (output && !solicit) out.push(`<wsdl:output>${body}</wsdl:output>`);
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
  // AxisService2WSDL11.generateMessages: per operation (in the service's order) its input message unless it is
  // out-only or out-in, its output message unless it is in-only, robust-in-only or out-in, then its faults' (a fault's
  // message named after the fault); each name once; a part only for a message with an element (its part's name)
  const messageEls = new Map(wsdlKids(root, 'message').map((m) => [m.getAttribute('name') ?? '', m]));
  const written = new Set<string>();
  const messages: string[] = [];
  const writeMessage = (name: string, of: slimdom.Element | undefined) => {
    if (written.has(name)) return;
    written.add(name);
    const part = of ? wsdlKids(of, 'part').find((p) => p.hasAttribute('element')) : undefined;
    // (the element's prefix in the service's namespace map: WSDLSerializationUtil.getPrefix)
    let element = part?.getAttribute('element') ?? '';
    const colon = element.indexOf(':');
    const uri = part?.lookupNamespaceURI(colon < 0 ? null : element.slice(0, colon));
    const mapped = uri ? [...decls].find(([, v]) => v === uri)?.[0] : undefined;
    // (a namespace the map lacks: getPrefix gives null, so the name goes without a prefix)
    if (uri) element = mapped ? `${mapped}:${element.slice(colon + 1)}` : element.slice(colon + 1);
    messages.push(
      part
        ? `<wsdl:message name="${esc(name)}"><wsdl:part name="${esc(part.getAttribute('name') ?? '')}" element="${esc(element)}"/></wsdl:message>`
        : `<wsdl:message name="${esc(name)}"/>`,
    );
  };
  const messageOf = (ref: slimdom.Element) => (ref.getAttribute('message') ?? '').replace(/^[^:]*:/, '');
  for (const op of operations) {
    const input = wsdlKids(op, 'input')[0];
    const output = wsdlKids(op, 'output')[0];
    if (input && output && operationIsSolicitResponse(op)) continue;
    if (input) writeMessage(messageOf(input), messageEls.get(messageOf(input)));
    if (output) writeMessage(messageOf(output), messageEls.get(messageOf(output)));
    for (const f of wsdlKids(op, 'fault'))
      writeMessage(f.getAttribute('name') ?? '', messageEls.get(messageOf(f)));
  }
  const documentation = wsdlKids(root, 'documentation')[0];
  // (laid out as AxisService.getWSDL prints it: XMLPrettyPrinter, then RequestProcessorUtil.writeDocument)
  return prettyWsdl(
    [
      `<wsdl:definitions ${[...decls].map(([p, v]) => `xmlns:${p}="${esc(v)}"`).join(' ')} targetNamespace="${esc(tns)}">`,
      // (the proxy's non-empty description, else the first node of the document's documentation, else none:
      // WSDL11ToAxisServiceBuilder.addDocumentation, ProxyService.buildAxisService, AxisDescription.setDocumentation)
      ...(description
        ? [`<wsdl:documentation>${esc(description)}</wsdl:documentation>`]
        : documentation?.firstChild && detached(documentation.firstChild) !== ''
          ? [`<wsdl:documentation>${detached(documentation.firstChild)}</wsdl:documentation>`]
          : []),
      // (its schemas as XmlSchema.write writes them: schemaWritten)
      ...wsdlKids(root, 'types').map(
        (t) =>
          `<wsdl:types>${t.childNodes
            .map((c) =>
              detached(
                c.nodeType === 1 && (c as slimdom.Element).localName === 'schema'
                  ? schemaWritten(c as slimdom.Element)
                  : c,
              ),
            )
            .join('')}</wsdl:types>`,
      ),
      ...messages,
      `<wsdl:portType name="${n}PortType">${operations.map((o) => portTypeOperation(o, portType!, tns, tnsPrefix, actions)).join('')}</wsdl:portType>`,
      binding('Soap11'),
      binding('Soap12'),
      binding('Http'),
      wsdlService(n, tnsPrefix, baseUrl, httpsBase),
      '</wsdl:definitions>',
    ].join('\n'),
  );
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
): string {
  const name = op.getAttribute('name') ?? '';
  const local = (qname: string | null): string => (qname ?? '').replace(/^[^:]*:/, '');
  const action = (v: string | undefined): string => (v ? ` wsaw:Action="${esc(v)}"` : '');
  const input = wsdlKids(op, 'input')[0];
  const output = wsdlKids(op, 'output')[0];
  // a solicit-response (output before input) is an out-in operation, whose messages generatePortType leaves out
  if (input && output && operationIsSolicitResponse(op)) return `<wsdl:operation name="${esc(name)}"/>`;
  const actions = operationActions(op, portType, tns, soapActions);
  const out: string[] = [`<wsdl:operation name="${esc(name)}">`];
  if (input)
    out.push(
      `<wsdl:input message="${tnsPrefix}:${esc(local(input.getAttribute('message')))}"${action(actions.input)}/>`,
    );
  if (output)
    out.push(
      `<wsdl:output message="${tnsPrefix}:${esc(local(output.getAttribute('message')))}"${action(actions.output)}/>`,
    );
  for (const f of wsdlKids(op, 'fault')) {
    const fn = f.getAttribute('name') ?? '';
    out.push(
      `<wsdl:fault message="${tnsPrefix}:${esc(fn)}" name="${esc(fn)}"${action(actions.faults.get(fn))}/>`,
    );
  }
  out.push('</wsdl:operation>');
  return out.join('');
}

/** A WSDL 1.1 port type operation whose output comes before its input (wsdl4j's SOLICIT_RESPONSE). */
function operationIsSolicitResponse(op: slimdom.Element): boolean {
  const io = op.children.filter((c) => c.namespaceURI === WSDL11 && /^(input|output)$/.test(c.localName));
  return io.length === 2 && io[0].localName === 'output';
}

/**
 * The actions of a WSDL 1.1 operation as WSDL11ToAxisServiceBuilder gives them: the input's is the SOAP binding's
 * non-empty soapAction (AxisOperation.getInputAction), else the element's own Action attribute (WSDL11ActionHelper:
 * the 2004/08, wsam, wsaw and 2005/08 namespaces in that order), else the default action pattern
 * (WSDL11DefaultActionPatternHelper: target namespace, port type and the input's name joined by "/", or by ":" when
 * the target namespace begins with "urn" in any case; a nameless input is `OPRequest` in a request-response,
 * `OPResponse` in a solicit-response, else `OP`); the output's likewise without the soapAction (`OPResponse`,
 * `OPSolicit`, `OP`); a fault's `…OP<d>Fault<d>NAME`.
 */
function operationActions(
  op: slimdom.Element,
  portType: slimdom.Element,
  tns: string,
  soapActions: Map<string, string>,
): { input?: string; output?: string; faults: Map<string, string> } {
  const name = op.getAttribute('name') ?? '';
  const delimiter = tns.toLowerCase().startsWith('urn') ? ':' : '/';
  const base = `${tns}${tns.endsWith(delimiter) ? '' : delimiter}${portType.getAttribute('name') ?? ''}${delimiter}`;
  const declared = (el: slimdom.Element): string | undefined => {
    for (const ns of ACTION_ATTRIBUTE_NS) {
      const v = el.getAttributeNS(ns, 'Action');
      if (v !== null) return v;
    }
    return undefined;
  };
  const input = wsdlKids(op, 'input')[0];
  const output = wsdlKids(op, 'output')[0];
  const solicit = input && output && operationIsSolicitResponse(op);
  // (a service built from a WSDL 2.0 description has only the actions it declares: wsdl20AsWsdl11)
  const defaults = !(op.ownerDocument && fromWsdl20.has(op.ownerDocument));
  const faults = new Map<string, string>();
  for (const f of wsdlKids(op, 'fault')) {
    const fn = f.getAttribute('name') ?? '';
    const action = declared(f) || (defaults ? `${base}${name}${delimiter}Fault${delimiter}${fn}` : undefined);
    if (action !== undefined) faults.set(fn, action);
  }
  return {
    input: input
      ? (soapActions.get(name) ??
        (declared(input) ||
          (defaults
            ? `${base}${input.getAttribute('name') ?? (output ? `${name}${solicit ? 'Response' : 'Request'}` : name)}`
            : undefined)))
      : undefined,
    output: output
      ? declared(output) ||
        (defaults
          ? `${base}${output.getAttribute('name') ?? (input ? `${name}${solicit ? 'Solicit' : 'Response'}` : name)}`
          : undefined)
      : undefined,
    faults,
  };
}

// ------------------------------------------------------------------------------------------ ?wsdl2 and ?xsd

/**
 * A WSDL as MI's GET processors write it: RequestProcessorUtil.writeDocument parses the printed document and serializes
 * its document element only, so no XML declaration, comment or other prolog comes before it.
 */
export function documentElementOnly(text: string): string {
  let t = text.replace(/^\uFEFF/, '');
  for (;;) {
    const m = /^\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)/.exec(t);
    if (!m) break;
    t = t.slice(m[0].length);
  }
  return t.replace(/^\s+/, '');
}

/**
 * Which of MI's HTTP GET processors answers a GET to a proxy with this query (carbon.xml HttpGetRequestProcessors,
 * tried in this order by PassThroughNHttpGetProcessor.process): the query begins with the item and is the item, or
 * its first "&" or first "=" comes right after it. Case matters (`?WSDL` is mediated as any other GET).
 */
export function metadataItem(query: string): 'wsdl' | 'wsdl2' | 'xsd' | undefined {
  for (const item of ['wsdl', 'wsdl2', 'xsd'] as const)
    if (
      query.startsWith(item) &&
      (query === item || query.indexOf('&') === item.length || query.indexOf('=') === item.length)
    )
      return item;
  return undefined;
}

/**
 * A query parameter as PassThroughNHttpGetProcessor gives it to CarbonHttpRequest: the query split at "&", each part at
 * its first "=" (not decoded; a part without "=" is null; a later one replaces an earlier one). Undefined when absent.
 */
function carbonParam(query: string, name: string): string | null | undefined {
  let value: string | null | undefined;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (part === name) value = null;
    } else if (part.slice(0, eq) === name) value = part.slice(eq + 1);
  }
  return value;
}

/**
 * RequestProcessorUtil.writeDocument's processing instruction for `annotation=true` (the CarbonHttpRequest parameter,
 * AbstractWsdlProcessor.checkForAnnotation): `<?xml-stylesheet   type="text/xsl" href="ROOT/styles/XSL"?>` written by
 * the StAX writer before the document element, ROOT the context root ("" for "/"); "" otherwise.
 */
export function annotationPi(query: string, xsl: string, contextRoot: string): string {
  if (carbonParam(query, 'annotation') !== 'true') return '';
  return `<?xml-stylesheet   type="text/xsl" href="${contextRoot === '/' ? '' : contextRoot}/styles/${xsl}"?>`;
}

/**
 * AxisService.changeImportAndIncludeLocations, as printUserWSDL applies it: a `wsdl:import` location and a schema's
 * import or include schemaLocation that is relative (no "://") and not already one of the service's become
 * `SERVICE?wsdl=LOCATION` and `SERVICE?xsd=LOCATION` (getServiceEPR: the service's name).
 */
export function userWsdlLocations(text: string, service: string): string {
  return text
    .replace(
      /(<(?:[\w.-]+:)?import\b[^>]*?\slocation\s*=\s*)(["'])([^"']*)\2/g,
      (w: string, head: string, q: string, loc: string) =>
        loc.includes('://') || loc.includes('?wsdl=') ? w : `${head}${q}${esc(service)}?wsdl=${loc}${q}`,
    )
    .replace(
      /(<(?:[\w.-]+:)?(?:import|include)\b[^>]*?\sschemaLocation\s*=\s*)(["'])([^"']*)\2/g,
      (w: string, head: string, q: string, loc: string) =>
        loc.includes('://') || loc.includes('?xsd=') ? w : `${head}${q}${esc(service)}?xsd=${loc}${q}`,
    );
}

/** AxisService.printWSDLError: what printUserWSDL prints for a service without a wsdl4j definition. */
const PRINT_WSDL_ERROR =
  '<error><description>Unable to generate WSDL 1.1 for this service</description><reason>If you wish Axis2 to ' +
  'automatically generate the WSDL 1.1, then please set useOriginalwsdl as false in your services.xml</reason></error>';

/**
 * `?wsdl=NAME` of a proxy (Wsdl11Processor.getImportedWSDL, AxisService.printUserWSDL): undefined without such a
 * parameter (or an empty one: the service's WSDL). A service without the wsdl4j definition (no published WSDL 1.1
 * document) prints Axis2's printWSDLError document. With one, the WSDL imported at a location ending with NAME
 * (getWSDLDefinition); with none, printDefinitionObject gets null and setPortAddress fails (a NullPointerException:
 * `{ error }`). `{ imported }`: the location of a matching import, whose document is not read here.
 */
export function importedWsdl(
  published: string | undefined,
  query: string,
): undefined | { body: string } | { error: string } | { imported: string } {
  const name = carbonParam(query, 'wsdl');
  if (name === undefined || name === null || name === '') return undefined;
  const root = published === undefined ? undefined : wsdl11Root(published);
  if (!root) return { body: PRINT_WSDL_ERROR };
  for (const imp of wsdlKids(root, 'import')) {
    const location = imp.getAttribute('location') ?? '';
    if (location.endsWith(name)) return { imported: location };
  }
  // (a helpful NullPointerException message, as MI's Java gives it)
  return { error: 'Cannot invoke "javax.wsdl.Definition.getServices()" because "definition" is null' };
}

const WSDL2 = 'http://www.w3.org/ns/wsdl';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const WSAW = 'http://www.w3.org/2006/05/addressing/wsdl';

/** An operation of the Axis2 service behind a proxy, as the WSDL generators read it. */
interface ServiceOperation {
  name: string;
  /** the message exchange pattern: in-out, in-only, robust-in-only, out-only or out-in (solicit-response) */
  mep: string;
  input?: { element?: [string, string]; action?: string };
  output?: { element?: [string, string]; action?: string };
  faults: { name: string; element?: [string, string]; action?: string }[];
  /** AxisOperation.getSoapAction: the WSDL's soapAction (see documentSoapActions), "urn:OP" for the proxy's mediate */
  soapAction?: string;
  /** the input's WS-Addressing action (its Action attribute or the default pattern), which the service maps */
  inputWsaAction?: string;
}

/** The Axis2 service of a proxy: its target namespace, namespace map, schemas and operations. */
interface ProxyServiceModel {
  tns: string;
  namespaces: Map<string, string>;
  schemas: slimdom.Element[];
  operations: ServiceOperation[];
  documentation?: string;
  /** the interface name of a service built from a WSDL 2.0 description (WSDL2Constants.INTERFACE_LOCAL_NAME) */
  interfaceName?: string;
}

/**
 * The service ProxyService.buildAxisService makes for a proxy that publishes no WSDL: one InOut operation `mediate`
 * (messages "in" and "out", no schema element), which AxisService.addOperation gives the soapAction `urn:mediate` and
 * the output action `urn:mediateResponse`, in the default target namespace of an AxisService.
 */
function mediateService(): ProxyServiceModel {
  return {
    tns: 'http://ws.apache.org/axis2',
    namespaces: new Map(),
    schemas: [],
    operations: [
      {
        name: 'mediate',
        mep: 'in-out',
        input: { action: 'urn:mediate' },
        output: { action: 'urn:mediateResponse' },
        faults: [],
        soapAction: 'urn:mediate',
      },
    ],
  };
}

/**
 * The service WSDL11ToAxisServiceBuilder builds from a WSDL 1.1 document: the document's namespaces (and each schema's
 * target namespace under its own prefix or ns0, ns1… as AxisService.addSchemaNameSpace adds it), its schemas, and the
 * operations of its port type, each with its MEP as the order of its input and output gives it (getMEP: an output
 * first is a solicit-response, out-in), the schema elements of its messages' parts and its actions.
 */
function wsdl11Service(root: slimdom.Element): ProxyServiceModel {
  const tns = root.getAttribute('targetNamespace') ?? '';
  const namespaces = new Map<string, string>();
  for (const a of root.attributes)
    if (a.namespaceURI === XMLNS && !SYNTHETIC_PREFIXES.has(a.localName))
      namespaces.set(a.localName === 'xmlns' ? '' : a.localName, a.value);
  const schemas: slimdom.Element[] = [];
  for (const t of wsdlKids(root, 'types'))
    for (const s of t.children) if (s.localName === 'schema' && s.namespaceURI === XSD_NS) schemas.push(s);
  let nsCount = 0;
  for (const s of schemas) {
    const target = s.getAttribute('targetNamespace') ?? '';
    if ([...namespaces.values()].includes(target)) continue;
    let prefix = s.lookupPrefix(target);
    while (prefix === null || namespaces.has(prefix)) prefix = `ns${nsCount++}`;
    namespaces.set(prefix, target);
  }
  const messages = new Map(wsdlKids(root, 'message').map((m) => [m.getAttribute('name') ?? '', m]));
  const partElement = (ref: slimdom.Element): [string, string] | undefined => {
    const m = messages.get((ref.getAttribute('message') ?? '').replace(/^[^:]*:/, ''));
    const part = m ? wsdlKids(m, 'part')[0] : undefined;
    const q = part?.getAttribute('element');
    if (!part || !q) return undefined;
    const colon = q.indexOf(':');
    return [part.lookupNamespaceURI(colon < 0 ? null : q.slice(0, colon)) ?? '', q.slice(colon + 1)];
  };
  const soapActions = documentSoapActions(root);
  const portType = wsdlKids(root, 'portType')[0];
  const operations = serviceOperations(portType, tns).map((op): ServiceOperation => {
    const name = op.getAttribute('name') ?? '';
    const io = op.children.filter((c) => c.namespaceURI === WSDL11 && /^(input|output)$/.test(c.localName));
    const input = wsdlKids(op, 'input')[0];
    const output = wsdlKids(op, 'output')[0];
    const faults = wsdlKids(op, 'fault');
    const mep = !output
      ? faults.length
        ? 'robust-in-only'
        : 'in-only'
      : !input
        ? 'out-only'
        : io[0].localName === 'output'
          ? 'out-in'
          : 'in-out';
    const actions = operationActions(op, portType!, tns, soapActions);
    return {
      name,
      mep,
      input: input ? { element: partElement(input), action: actions.input } : undefined,
      output: output ? { element: partElement(output), action: actions.output } : undefined,
      faults: faults.map((f) => ({
        name: f.getAttribute('name') ?? '',
        element: partElement(f),
        action: actions.faults.get(f.getAttribute('name') ?? ''),
      })),
      soapAction: soapActions.get(name),
      inputWsaAction: input ? operationActions(op, portType!, tns, new Map()).input : undefined,
    };
  });
  const documentation = wsdlKids(root, 'documentation')[0];
  return {
    tns,
    namespaces,
    schemas,
    operations,
    documentation: documentation?.firstChild
      ? serializeXml(documentation.firstChild) || undefined
      : undefined,
    ...(root.ownerDocument && fromWsdl20.has(root.ownerDocument) && portType
      ? { interfaceName: portType.getAttribute('name') ?? undefined }
      : {}),
  };
}

/**
 * Each operation's soapAction as WSDL11ToAxisServiceBuilder sets it from the document's SOAP bindings (the first
 * binding that gives one): a SOAP 1.1 `soap:operation` with a soapAction attribute, even an empty one, a SOAP 1.2
 * `soap12:operation` with a non-empty one (an empty SOAP 1.2 soapAction leaves the operation without one, so its
 * input action is the WSDL's Action or the default pattern).
 */
function documentSoapActions(root: slimdom.Element): Map<string, string> {
  const actions = new Map<string, string>();
  for (const b of wsdlKids(root, 'binding'))
    for (const op of wsdlKids(b, 'operation'))
      for (const c of op.children) {
        if (c.localName !== 'operation') continue;
        const a = c.getAttribute('soapAction');
        const name = op.getAttribute('name') ?? '';
        if (a === null || actions.has(name)) continue;
        if (c.namespaceURI === SOAP11_BINDING || (c.namespaceURI === SOAP12_BINDING && a !== ''))
          actions.set(name, a);
      }
  return actions;
}

/**
 * The service a proxy's WSDL generators describe: the mediate service without a published WSDL, the one built from a
 * published WSDL 1.1 document or WSDL 2.0 description (serviceRoot); undefined for anything else (text that is no
 * WSDL, a WSDL 2.0 description without a service and endpoint).
 */
function proxyService(published: string | undefined): ProxyServiceModel | undefined {
  if (published === undefined) return mediateService();
  const root = serviceRoot(published);
  return root && wsdl11Service(root);
}

/** The `wsdl:definitions` root of a published WSDL 1.1 document (undefined: not well-formed, or not WSDL 1.1). */
function wsdl11Root(published: string): slimdom.Element | undefined {
  return wsdl11(documentElementOf(published));
}

const wsdl11 = (root: slimdom.Element | undefined) =>
  root && root.localName === 'definitions' && root.namespaceURI === WSDL11 ? root : undefined;

/** The prefixes wsdl20AsWsdl11 writes its WSDL 1.1 with: not the service's. */
const SYNTHETIC_PREFIXES = new Set(['a2w11', 'a2wsaw', 'a2soap']);

/** The WSDL 1.1 documents wsdl20AsWsdl11 made (their operations have no default actions). */
const fromWsdl20 = new WeakSet<slimdom.Document>();

/**
 * The document the proxy's Axis2 service is built from, as WSDL 1.1: a published WSDL 1.1 document, or a WSDL 2.0
 * description as wsdl20AsWsdl11 gives it.
 */
function serviceRoot(published: string): slimdom.Element | undefined {
  const d = documentElementOf(published);
  return (
    wsdl11(d) ??
    (d && d.localName === 'description' && d.namespaceURI === WSDL2 ? wsdl20AsWsdl11(d) : undefined)
  );
}

/**
 * A WSDL 2.0 description as the WSDL 1.1 document whose service is the one WSDL20ToAxisServiceBuilder builds (server
 * side) for ProxyService, so that ?wsdl, ?wsdl2, ?xsd and dispatch treat it alike: the description's namespaces,
 * documentation and schemas; the operations of the interface its first service names (processService), each with
 * its pattern (in-out by default), its messages named after their elements (or the operation, for #none; part
 * "parameters": createAxisMessage) and its faults (named after the interface fault, with its element); the input's
 * wsaw:Action as declared, else the soapAction AxisService.addOperation gives, "urn:OP"; an output or fault action
 * only as declared. The bindings' own soapActions go with the endpoints ProxyService clears. Undefined: no service
 * with an endpoint (MI refuses such a document: "No wsdlService found", "No endpoints found").
 */
function wsdl20AsWsdl11(d: slimdom.Element): slimdom.Element | undefined {
  const kids = (el: slimdom.Element, local: string) =>
    el.children.filter((c) => c.localName === local && c.namespaceURI === WSDL2);
  const service = kids(d, 'service')[0];
  if (!service || !kids(service, 'endpoint').length) return undefined;
  const local = (q: string | null) => (q ?? '').replace(/^[^:]*:/, '');
  const iface = kids(d, 'interface').find(
    (i) => i.getAttribute('name') === local(service.getAttribute('interface')),
  );
  if (!iface) return undefined;
  const tns = d.getAttribute('targetNamespace') ?? '';
  const decls = new Map<string, string>();
  for (const a of d.attributes)
    if (a.namespaceURI === XMLNS && a.localName !== 'xmlns') decls.set(a.localName, a.value);
  let p = [...decls].find(([, v]) => v === tns)?.[0];
  if (!p) {
    p = 'tns';
    while (decls.has(p)) p += '0';
    decls.set(p, tns);
  }
  // (its own WSDL 1.1 prefixes are left out of the service's namespace map: SYNTHETIC_PREFIXES)
  decls.set('a2w11', WSDL11);
  decls.set('a2wsaw', WSAW);
  decls.set('a2soap', SOAP11_BINDING);
  const faults = new Map(
    kids(iface, 'fault').map((f) => [f.getAttribute('name') ?? '', f.getAttribute('element')]),
  );
  const messages = new Map<string, string | null>();
  const ops: string[] = [];
  const binding: string[] = [];
  for (const op of kids(iface, 'operation')) {
    const name = op.getAttribute('name') ?? '';
    const mep = (op.getAttribute('pattern') ?? `${WSDL2}/in-out`).replace(`${WSDL2}/`, '');
    const ref = (el: slimdom.Element | undefined, tag: 'input' | 'output') => {
      if (!el) return '';
      const element = el.getAttribute('element');
      const named = element && !element.startsWith('#');
      const m = named ? local(element) : name;
      if (!messages.has(m)) messages.set(m, named ? element : null);
      const action = el.getAttributeNS(WSAW, 'Action');
      return `<a2w11:${tag} message="${p}:${esc(m)}"${action !== null ? ` a2wsaw:Action="${esc(action)}"` : ''}/>`;
    };
    const input = ref(kids(op, 'input')[0], 'input');
    const output = ref(kids(op, 'output')[0], 'output');
    const fs = [...kids(op, 'outfault'), ...kids(op, 'infault')].map((f) => {
      const fn = local(f.getAttribute('ref'));
      if (!messages.has(fn)) messages.set(fn, faults.get(fn) ?? null);
      const action = f.getAttributeNS(WSAW, 'Action');
      return `<a2w11:fault name="${esc(fn)}" message="${p}:${esc(fn)}"${action !== null ? ` a2wsaw:Action="${esc(action)}"` : ''}/>`;
    });
    const io =
      mep === 'out-only'
        ? output
        : mep === 'out-in' || mep === 'out-opt-in'
          ? output + input
          : mep === 'in-only' || mep === 'robust-in-only'
            ? input
            : input + output;
    ops.push(`<a2w11:operation name="${esc(name)}">${io}${fs.join('')}</a2w11:operation>`);
    const inputAction = kids(op, 'input')[0]?.getAttributeNS(WSAW, 'Action');
    binding.push(
      `<a2w11:operation name="${esc(name)}">${inputAction == null ? `<a2soap:operation soapAction="urn:${esc(name)}"/>` : ''}</a2w11:operation>`,
    );
  }
  const documentation = kids(d, 'documentation')[0];
  const types = kids(d, 'types')[0];
  const text = [
    `<a2w11:definitions ${[...decls].map(([k, v]) => `xmlns:${k}="${esc(v)}"`).join(' ')} targetNamespace="${esc(tns)}">`,
    documentation
      ? `<a2w11:documentation>${documentation.childNodes.map((c) => serializeXml(c)).join('')}</a2w11:documentation>`
      : '',
    types ? `<a2w11:types>${types.children.map((c) => standaloneSchema(c)).join('')}</a2w11:types>` : '',
    ...[...messages].map(([m, element]) =>
      element
        ? `<a2w11:message name="${esc(m)}"><a2w11:part name="parameters" element="${esc(element)}"/></a2w11:message>`
        : `<a2w11:message name="${esc(m)}"/>`,
    ),
    `<a2w11:portType name="${esc(iface.getAttribute('name') ?? '')}">${ops.join('')}</a2w11:portType>`,
    `<a2w11:binding name="B" type="${p}:${esc(iface.getAttribute('name') ?? '')}">${binding.join('')}</a2w11:binding>`,
    '</a2w11:definitions>',
  ].join('');
  let doc: slimdom.Document;
  try {
    doc = parsePayloadXml(text);
  } catch {
    return undefined;
  }
  fromWsdl20.add(doc);
  return doc.documentElement ?? undefined;
}

/**
 * A schema element written alone, as XmlSchema.write writes a schema: with the namespaces its context declares (those
 * of its ancestors too, so that prefixes used in its QName values stay declared).
 */
function standaloneSchema(schema: slimdom.Element): string {
  const copy = schemaWritten(schema);
  for (let p = schema.parentElement; p; p = p.parentElement)
    for (const a of p.attributes)
      if (a.namespaceURI === XMLNS && !SYNTHETIC_PREFIXES.has(a.localName)) {
        const qn = a.localName === 'xmlns' ? 'xmlns' : `xmlns:${a.localName}`;
        if (
          !copy.hasAttribute(qn) &&
          schema.lookupNamespaceURI(a.localName === 'xmlns' ? null : a.localName) === a.value
        )
          copy.setAttributeNS(XMLNS, qn, a.value);
      }
  return serializeXml(copy);
}

/**
 * A copy of a schema as XmlSchema.write writes it: XmlSchemaSerializer builds a DOM (Xerces, whose NamedNodeMapImpl
 * keeps an element's attributes sorted by name) that the serializer writes in that order, so every element of the
 * schema lists its attributes by name (String order).
 */
function schemaWritten(schema: slimdom.Element): slimdom.Element {
  const copy = schema.cloneNode(true) as slimdom.Element;
  const sort = (el: slimdom.Element) => {
    const attrs = el.attributes.filter((a) => a.namespaceURI !== XMLNS);
    const sorted = [...attrs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (sorted.some((a, i) => a !== attrs[i])) {
      for (const a of attrs) el.removeAttributeNode(a);
      for (const a of sorted) el.setAttributeNodeNS(a);
    }
    for (const c of el.children) sort(c);
  };
  sort(copy);
  return copy;
}

/**
 * The `?wsdl2` of a proxy as MI's Wsdl20Processor prints it (AxisService.printWSDL2, AxisService2WSDL20.generateOM,
 * re-serialized by RequestProcessorUtil.writeDocument without an XML declaration): a `wsdl2:description` with the
 * service's namespaces, its schemas in `types`, one interface `ServiceInterface` (each operation's pattern, its
 * WSDL 2.0 style when its schema allows one, its input/output elements — `#none` without a schema element — with
 * their `wsaw:Action`, its faults), SOAP 1.1, SOAP 1.2 and HTTP bindings (AxisBinding.toWSDL20 of the bindings
 * Utils.addEndpointsToService made), and the service with the proxy's endpoints (java.util.HashMap order, as
 * AxisService's endpoint map). `published` is the WSDL the proxy publishes; undefined when the proxy publishes one
 * MI builds no service of (see proxyService).
 */
export function proxyWsdl2(
  published: string | undefined,
  name: string,
  baseUrl: string,
  httpsBase?: string,
  description?: string,
): string | undefined {
  const m = proxyService(published);
  if (!m) return undefined;
  const n = esc(name);
  // the description's namespaces: its own, the service's namespace map, then tns and those the generator needs
  const decls = new Map<string, string>([['wsdl2', WSDL2]]);
  for (const [p, v] of m.namespaces) decls.set(p, v);
  decls.set('tns', m.tns);
  decls.set('wsaw', WSAW);
  const prefixOf = (uri: string, fallback: string): string => {
    for (const [p, v] of m.namespaces) if (v === uri && p !== '') return p;
    decls.set(fallback, uri);
    return fallback;
  };
  const wsoap = prefixOf('http://www.w3.org/ns/wsdl/soap', 'wsoap');
  const whttp = prefixOf('http://www.w3.org/ns/wsdl/http', 'whttp');
  prefixOf('http://www.w3.org/ns/wsdl-extensions', 'wsdlx');
  const wrpc = prefixOf('http://www.w3.org/ns/wsdl/rpc', 'wrpc');
  // WSDLSerializationUtil.getElementName: #none without an element, else its prefix in the namespace map
  const elementName = (e: [string, string] | undefined): string => {
    if (!e) return '#none';
    let prefix: string | null = null;
    for (const [p, v] of m.namespaces)
      if (v === e[0]) {
        prefix = p;
        break;
      }
    return esc(`${prefix}:${e[1]}`);
  };
  const action = (a: string | undefined) => (a ? ` wsaw:Action="${esc(a)}"` : '');
  const out: string[] = [
    `<wsdl2:description ${[...decls].map(([p, v]) => `${p === '' ? 'xmlns' : `xmlns:${p}`}="${esc(v)}"`).join(' ')} targetNamespace="${esc(m.tns)}">`,
  ];
  // (the proxy's non-empty description, else the document's: see publishedProxyWsdl)
  const documentation = description ? esc(description) : m.documentation;
  if (documentation) out.push(`<wsdl2:documentation>${documentation}</wsdl2:documentation>`);
  const schemas = m.schemas.filter((s) => s.getAttribute('targetNamespace') !== XSD_NS);
  out.push(
    schemas.length
      ? // (each schema as XmlSchema.write prints it alone: indented)
        `<wsdl2:types>${schemas.map((s) => prettyWsdl(standaloneSchema(s))).join('')}</wsdl2:types>`
      : '<wsdl2:types/>',
  );
  // the interface: each fault once (its element), then the operations
  // (AxisService2WSDL20: the INTERFACE_LOCAL_NAME parameter, else ServiceInterface)
  const iface = esc(m.interfaceName ?? 'ServiceInterface');
  out.push(`<wsdl2:interface name="${iface}">`);
  const faultNames = new Set<string>();
  for (const op of m.operations)
    for (const f of op.faults)
      if (!faultNames.has(f.name)) {
        faultNames.add(f.name);
        out.push(`<wsdl2:fault name="${esc(f.name)}" element="${elementName(f.element)}"/>`);
      }
  for (const op of m.operations) {
    const style = operationStyle(op, m.schemas);
    out.push(
      `<wsdl2:operation name="${esc(op.name)}"${style ? ` style="${style.style}"` : ''}${style?.signature !== undefined ? ` ${wrpc}:signature="${esc(style.signature)}"` : ''} pattern="${WSDL2}/${op.mep}">`,
    );
    if (op.input && op.mep !== 'out-only')
      out.push(`<wsdl2:input element="${elementName(op.input.element)}"${action(op.input.action)}/>`);
    if (op.output)
      out.push(`<wsdl2:output element="${elementName(op.output.element)}"${action(op.output.action)}/>`);
    for (const f of op.faults) out.push(`<wsdl2:outfault ref="tns:${esc(f.name)}"${action(f.action)}/>`);
    out.push('</wsdl2:operation>');
  }
  out.push('</wsdl2:interface>');
  // the bindings (AxisService2WSDL20 walks them in a HashSet: SOAP 1.1, SOAP 1.2, HTTP here)
  const hasInput = (op: ServiceOperation) => op.mep !== 'out-only';
  const hasOutput = (op: ServiceOperation) => op.mep !== 'in-only' && op.mep !== 'robust-in-only';
  for (const kind of ['Soap11', 'Soap12', 'Http'] as const) {
    out.push(
      kind === 'Http'
        ? `<wsdl2:binding name="${n}HttpBinding" interface="tns:${iface}" ${whttp}:methodDefault="POST" type="http://www.w3.org/ns/wsdl/http">`
        : `<wsdl2:binding name="${n}${kind}Binding" interface="tns:${iface}" type="http://www.w3.org/ns/wsdl/soap" ${wsoap}:version="${kind === 'Soap11' ? '1.1' : '1.2'}">`,
    );
    for (const f of faultNames) out.push(`<wsdl2:fault ref="tns:${esc(f)}"/>`);
    for (const op of m.operations) {
      const attr =
        kind === 'Http'
          ? ` ${whttp}:location="${esc(op.name)}"`
          : op.soapAction !== undefined
            ? ` ${wsoap}:action="${esc(op.soapAction)}"`
            : '';
      out.push(
        `<wsdl2:operation ref="tns:${esc(op.name)}"${attr}>${hasInput(op) ? '<wsdl2:input/>' : ''}${hasOutput(op) ? '<wsdl2:output/>' : ''}${op.faults.map((f) => `<wsdl2:outfault ref="tns:${esc(f.name)}"/>`).join('')}</wsdl2:operation>`,
      );
    }
    out.push('</wsdl2:binding>');
  }
  // the service: the proxy's endpoints
  out.push(`<wsdl2:service name="${n}" interface="tns:${iface}">`);
  const endpoints: { name: string; binding: string; address: string }[] = [];
  for (const [t, base] of [
    ['Http', baseUrl],
    ['Https', httpsBase],
  ] as const)
    if (base !== undefined)
      for (const [kind, binding] of [
        ['Soap11', 'Soap11Binding'],
        ['Soap12', 'Soap12Binding'],
        ['', 'HttpBinding'],
      ] as const) {
        const ep = `${n}${t}${kind}Endpoint`;
        endpoints.push({ name: ep, binding: `${n}${binding}`, address: `${base}/services/${n}.${ep}` });
      }
  for (const ep of javaHashOrderBy(endpoints, (e) => e.name))
    out.push(`<wsdl2:endpoint name="${ep.name}" binding="tns:${ep.binding}" address="${esc(ep.address)}"/>`);
  out.push('</wsdl2:service>', '</wsdl2:description>');
  // (AxisService.printWSDL2 serializes it as it is; RequestProcessorUtil.writeDocument writes it again)
  return writtenDocument(out.join(''));
}

/**
 * The WSDL 2.0 style of an operation as AxisService2WSDL20.checkStyle finds it from its input (and output) schema
 * elements: none unless the input element is named after the operation and is a sequence of local elements; then
 * rpc (an in-out or in-only operation whose output is OPResponse in the same namespace, no element twice; with its
 * wrpc:signature), iri (every child of a simple type other than QName, NOTATION, hexBinary and base64Binary) and
 * multipart (each child exactly once), in that order.
 */
function operationStyle(
  op: ServiceOperation,
  schemas: slimdom.Element[],
): { style: string; signature?: string } | undefined {
  const xsd = (el: slimdom.Element, local: string) =>
    el.children.filter((c) => c.localName === local && c.namespaceURI === XSD_NS);
  const resolveQ = (el: slimdom.Element, q: string): [string, string] => {
    const colon = q.indexOf(':');
    return [el.lookupNamespaceURI(colon < 0 ? null : q.slice(0, colon)) ?? '', q.slice(colon + 1)];
  };
  const global = (kind: string, [ns, local]: [string, string]) => {
    for (const s of schemas)
      if ((s.getAttribute('targetNamespace') ?? '') === ns)
        for (const d of xsd(s, kind)) if (d.getAttribute('name') === local) return d;
    return undefined;
  };
  // the sequence of an element's complex type (inline or named), undefined when it has none
  const sequenceOf = (el: slimdom.Element): slimdom.Element[] | undefined => {
    const typeAttr = el.getAttribute('type');
    const complex = typeAttr ? global('complexType', resolveQ(el, typeAttr)) : xsd(el, 'complexType')[0];
    const seq = complex ? xsd(complex, 'sequence')[0] : undefined;
    if (!complex || !seq) return undefined;
    return seq.children;
  };
  if (!op.input?.element) return undefined;
  let isRPC = op.mep === 'in-only' || op.mep === 'in-out';
  let isMultipart = true;
  let isIRI = true;
  const inEl = global('element', op.input.element);
  if (!inEl || inEl.getAttribute('name') !== op.name) return undefined;
  const inItems = sequenceOf(inEl);
  if (!inItems) return undefined;
  const inDetails = new Map<string, string | null>();
  for (const item of inItems) {
    if (item.localName !== 'element' || item.namespaceURI !== XSD_NS || item.hasAttribute('ref'))
      return undefined;
    if ((item.getAttribute('minOccurs') ?? '1') !== '1' || (item.getAttribute('maxOccurs') ?? '1') !== '1')
      isMultipart = false;
    const t = item.getAttribute('type');
    const tq = t ? resolveQ(item, t) : undefined;
    const simple = tq
      ? tq[0] === XSD_NS
        ? tq[1] !== 'anyType'
        : global('simpleType', tq) !== undefined
      : xsd(item, 'simpleType').length > 0;
    if (
      !simple ||
      (tq && tq[0] === XSD_NS && ['QName', 'NOTATION', 'hexBinary', 'base64Binary'].includes(tq[1]))
    )
      isIRI = false;
    if (tq && tq[0] === XSD_NS && tq[1] === 'anyType' && item !== inItems[inItems.length - 1]) isRPC = false;
    const name = item.getAttribute('name') ?? '';
    if (inDetails.has(name)) {
      isRPC = false;
      isMultipart = false;
    }
    inDetails.set(name, tq ? tq.join(' ') : null);
  }
  const outDetails = new Map<string, string | null>();
  if (isRPC && op.mep !== 'in-only') {
    const outEl = op.output?.element ? global('element', op.output.element) : undefined;
    if (!outEl) isRPC = false;
    else {
      if (
        outEl.getAttribute('name') !== `${op.name}Response` ||
        op.output!.element![0] !== op.input.element[0]
      )
        isRPC = false;
      const outItems = sequenceOf(outEl);
      if (!outItems) isRPC = false;
      for (const item of outItems ?? []) {
        if (item.localName !== 'element' || item.namespaceURI !== XSD_NS) {
          isRPC = false;
          continue;
        }
        const name = item.getAttribute('name') ?? '';
        if (item.hasAttribute('ref') || outDetails.has(name)) isRPC = false;
        // (a same-named input child with a type: checkStyle compares the two QName objects by identity)
        if (inDetails.get(name)) isRPC = false;
        const t = item.getAttribute('type');
        outDetails.set(name, t ? resolveQ(item, t).join(' ') : null);
      }
    }
  }
  const styles: string[] = [];
  let signature: string | undefined;
  if (isRPC) {
    styles.push(`${WSDL2}/style/rpc`);
    let sin = '';
    let sinout = '';
    for (const name of inDetails.keys())
      if (outDetails.has(name)) {
        sinout += `${name} #inout `;
        outDetails.delete(name);
      } else sin += `${name} #in `;
    let sout = '';
    for (const name of outDetails.keys()) sout += `${name} #return `;
    signature = sin + sout + sinout;
  }
  if (isIRI) styles.push(`${WSDL2}/style/iri`);
  if (isMultipart) styles.push(`${WSDL2}/style/multipart`);
  return styles.length ? { style: styles.join(' '), signature } : undefined;
}

/** A published WSDL with its schemas' imports named (see schemaMappings). */
export interface SchemaMappings {
  /** the document with each resolved schemaLocation rewritten */
  text: string;
  /** each imported or included schema by its name, written alone */
  table: Map<string, string>;
}

const SCHEMA_EXTERNALS = new Set(['import', 'include', 'redefine']);

/**
 * The schemas a published WSDL 1.1 document's schemas import or include, named as AxisService.populateSchemaMappings
 * names them, and the document with their schemaLocation rewritten to those names. `resolve` gives a location's
 * document and URI (ProxyService: CustomXmlSchemaURIResolver over the `<resource>` map, a registry or local entry key
 * K read as `synapse-reg:///K`), or undefined when it does not resolve (the location is left as it is). Names
 * (insertIntoNameTable), depth first in document order, one per source URI: an http(s) URI is its own name; else
 * the URI's last segment without ".xsd", or `xsd<count>` when it does not end with ".xsd", made unique with the
 * count. A resolved location becomes `SERVICE?xsd=NAME`, with ".xsd" added to a name without a dot
 * (adjustSchemaLocation, getScheamLocationWithDot; the service EPR is its name). Undefined: not WSDL 1.1, or nothing
 * resolves.
 */
export function schemaMappings(
  published: string,
  service: string,
  resolve: (location: string) => { uri: string; text: string } | undefined,
): SchemaMappings | undefined {
  const root = wsdl11Root(published);
  if (!root) return undefined;
  const inline: slimdom.Element[] = [];
  for (const t of wsdlKids(root, 'types'))
    for (const c of t.children) if (c.localName === 'schema' && c.namespaceURI === XSD_NS) inline.push(c);
  const byUri = new Map<string, { name: string; schema: slimdom.Element }>();
  const names = new Set<string>();
  let count = 0;
  const externals = (schema: slimdom.Element) =>
    schema.children.filter(
      (c) =>
        c.namespaceURI === XSD_NS && SCHEMA_EXTERNALS.has(c.localName) && c.hasAttribute('schemaLocation'),
    );
  const resolved = new Map<slimdom.Element, string>();
  const calculate = (schemas: slimdom.Element[]) => {
    for (const schema of schemas)
      for (const ext of externals(schema)) {
        const found = resolve(ext.getAttribute('schemaLocation') ?? '');
        if (!found) continue;
        const parsed = documentElementOf(found.text);
        if (!parsed || parsed.localName !== 'schema' || parsed.namespaceURI !== XSD_NS) continue;
        resolved.set(ext, found.uri);
        if (byUri.has(found.uri)) continue;
        let name: string;
        if (found.uri.startsWith('http')) name = found.uri;
        else {
          name = found.uri.slice(found.uri.lastIndexOf('/') + 1);
          name = name.endsWith('.xsd') ? name.slice(0, name.lastIndexOf('.')) : `xsd${count++}`;
          while (names.has(name)) name = `${name}${count++}`;
        }
        names.add(name);
        byUri.set(found.uri, { name, schema: parsed });
        calculate([parsed]);
      }
  };
  calculate(inline);
  if (!byUri.size) return undefined;
  const withDot = (name: string) => (name.includes('.') ? name : `${name}.xsd`);
  for (const [ext, uri] of resolved)
    ext.setAttribute('schemaLocation', `${service}?xsd=${withDot(byUri.get(uri)!.name)}`);
  const table = new Map<string, string>();
  for (const { name, schema } of byUri.values()) table.set(name, serializeXml(schemaWritten(schema)));
  return { text: serializeXml(root), table };
}

/**
 * A published WSDL 1.1 document with the WSDL documents it imports (`wsdl:import`, read through `resolve`: the proxy's
 * `<resource>` map, as ProxyService's CustomWSDLLocator reads them; recursively, each once) merged in, as
 * WSDL11ToAxisServiceBuilder reads across them: their schemas join the types (processTypes), their messages, port
 * types and bindings are found there (getParentDefinition). Each merged element keeps the namespaces its document
 * declares. The service's namespace map stays the main document's. Undefined: nothing imported resolves.
 */
export function mergedImports(
  published: string,
  resolve: (location: string) => string | undefined,
): string | undefined {
  const root = wsdl11Root(published);
  if (!root) return undefined;
  const doc = root.ownerDocument!;
  const seen = new Set<string>();
  let merged = false;
  let types = wsdlKids(root, 'types')[0];
  const adopt = (el: slimdom.Element, from: slimdom.Element): slimdom.Element => {
    const copy = doc.importNode(el, true) as slimdom.Element;
    for (const a of from.attributes)
      if (a.namespaceURI === XMLNS) {
        const qn = a.localName === 'xmlns' ? 'xmlns' : `xmlns:${a.localName}`;
        if (!copy.hasAttribute(qn)) copy.setAttributeNS(XMLNS, qn, a.value);
      }
    return copy;
  };
  const visit = (def: slimdom.Element) => {
    for (const imp of wsdlKids(def, 'import')) {
      const location = imp.getAttribute('location') ?? '';
      if (seen.has(location)) continue;
      seen.add(location);
      const text = resolve(location);
      const inner = text === undefined ? undefined : wsdl11Root(text);
      if (!inner) continue;
      merged = true;
      for (const t of wsdlKids(inner, 'types'))
        for (const schema of t.children) {
          if (!types) {
            types = doc.createElementNS(WSDL11, `${root.prefix ?? 'wsdl'}:types`);
            const after = wsdlKids(root, 'import').pop() ?? wsdlKids(root, 'documentation')[0];
            root.insertBefore(types, after ? after.nextSibling : root.firstChild);
          }
          types.appendChild(adopt(schema, inner));
        }
      for (const kind of ['message', 'portType', 'binding'])
        for (const el of wsdlKids(inner, kind)) root.appendChild(adopt(el, inner));
      visit(inner);
    }
  };
  visit(root);
  return merged ? serializeXml(root) : undefined;
}

/** What MI's XsdProcessor answers to `?xsd…` for a proxy: status, Content-Type (none when absent), body. */
export type XsdAnswer = { status: number; contentType?: string; body: string } | { error: string };

/**
 * The `?xsd` of a proxy as MI's XsdProcessor (XsdUtil.printXsd) answers it. The schema mapping table of a proxy's
 * service holds only the schemas its WSDL's schemas import or include (named xsd0, xsd1…), and a proxy has no
 * META-INF resources, so: `?xsd=NAME` (a name that is no imported schema) ending in ".xsd" (without "..") answers
 * 404 with Content-Type text/xml and no body, any other name fails ("Invalid schema NAME requested"); `?xsd` answers
 * the service's schema when it has exactly one (text/xml), with several the one `id=N` names; with none (a proxy
 * without a published WSDL) or several and no id, 200 with nothing.
 */
export function proxyXsd(
  published: string | undefined,
  query: string,
  table?: Map<string, string>,
): XsdAnswer | undefined {
  const m = proxyService(published);
  if (!m) return undefined;
  // a schema of the mapping table (see schemaMappings), written straight to the answer by XmlSchema.write
  const mapped = (text: string | undefined): XsdAnswer | undefined =>
    text === undefined
      ? undefined
      : { status: 200, contentType: 'text/xml', body: prettyWsdl(text, 'saxon') };
  if (table?.size && query.endsWith('.xsd')) {
    // XsdUtil: the name after the query's last "=", else between its last "/" and last ".", else before its first "."
    const name = query.slice(query.lastIndexOf('=') + 1);
    const slash = name.lastIndexOf('/');
    const found =
      table.get(name) ??
      (slash > 0 ? table.get(name.slice(slash + 1, name.lastIndexOf('.'))) : undefined) ??
      (name.indexOf('.') > 0 ? table.get(name.slice(0, name.indexOf('.'))) : undefined);
    const answer = mapped(found);
    if (answer) return answer;
  }
  const xsds = carbonParam(query, 'xsd');
  if (xsds && xsds.trim().length) {
    if (table?.size) {
      const answer = mapped(
        table.get(xsds) ?? (xsds.indexOf('.') > 0 ? table.get(xsds.slice(0, xsds.indexOf('.'))) : undefined),
      );
      if (answer) return answer;
    }
    if (xsds.endsWith('.xsd') && !xsds.includes('..'))
      return { status: 404, contentType: 'text/xml', body: '' };
    return { error: `Invalid schema ${xsds} requested` };
  }
  // (XmlSchema.write indents, with MI's Saxon; RequestProcessorUtil.writeDocument writes it again)
  // (XsdUtil.processSchema: annotated with the service context path as its root)
  const pi = annotationPi(query, 'annotated-xsd.xsl', '/services');
  if (m.schemas.length === 1)
    return { status: 200, contentType: 'text/xml', body: pi + prettyWsdl(standaloneSchema(m.schemas[0])) };
  const id = carbonParam(query, 'id');
  if (id !== undefined && id !== null) {
    // Integer.parseInt, then AxisService.getSchema(index): a list index
    if (!/^[-+]?\d+$/.test(id)) return { error: `For input string: "${id}"` };
    const i = Number(id);
    const s = m.schemas[i];
    if (!s) return { error: `Index ${i} out of bounds for length ${m.schemas.length}` };
    return { status: 200, contentType: 'text/xml', body: pi + prettyWsdl(standaloneSchema(s)) };
  }
  return { status: 200, body: '' };
}

// ------------------------------------------------------------------------------------------ operation dispatch

/** The operation Axis2's dispatch phase found for a message to a proxy built from a published WSDL. */
export interface DispatchedOperation {
  name: string;
  /** the operation's output action (AddressingOutHandler's action for an answer that has none) */
  outputAction?: string;
}

interface OperationTable {
  model: ProxyServiceModel;
  /** AxisService.operationsAliasesMap: each input action and non-empty soapAction, but one two operations share */
  aliases: Map<string, ServiceOperation>;
}

const operationTables = new Map<string, OperationTable | null>();

function operationTable(published: string): OperationTable | null {
  let t = operationTables.get(published);
  if (t !== undefined) return t;
  const model = proxyService(published);
  // (a document with no operations: MI's WSDL builder finds no service in it and the proxy does not deploy; here it
  // is not validated)
  if (!model || !model.operations.length) t = null;
  else {
    const aliases = new Map<string, ServiceOperation>();
    const invalid = new Set<string>();
    // AxisService.mapActionToOperation: an empty action is not mapped; one mapped to another operation is removed
    const map = (action: string | undefined, op: ServiceOperation) => {
      if (!action || invalid.has(action)) return;
      const current = aliases.get(action);
      if (current === undefined) aliases.set(action, op);
      else if (current !== op) {
        aliases.delete(action);
        invalid.add(action);
      }
    };
    for (const op of model.operations) {
      // (WSDL11ToAxisServiceBuilder.populateOperations maps the input's wsa action, the binding its soapAction)
      if (op.input) map(op.inputWsaAction, op);
      map(op.soapAction, op);
    }
    t = { model, aliases };
  }
  // (a handful of documents: the proxies' published WSDLs)
  if (operationTables.size > 64) operationTables.clear();
  operationTables.set(published, t);
  return t;
}

/**
 * The operation MI's dispatch phase finds for a message to a proxy that publishes a WSDL 1.1 document (its Axis2
 * service has only the document's operations: ProxyService.buildAxisService), in the order of MI's axis2.xml Dispatch
 * phase: SOAPActionBasedDispatcher (AxisService.getOperationBySOAPAction: the action mapped to one operation, else an
 * operation named as the action; getOperationByAction), RequestURIOperationDispatcher (`/services/NAME/OP`); the
 * body-based dispatcher sees no body in the pass-through transport (the message is not built yet); SynapseDispatcher
 * finds no `mediate` operation, and the proxy's default one only with the parameter disableOperationValidation
 * (ProxyService.processOperationValidation). null: none (DispatchPhase faults); undefined: the document is no WSDL
 * 1.1 or has no operation (no validation here).
 */
export function proxyOperationOf(
  published: string,
  subPath: string,
  action: string | undefined,
  disableOperationValidation: boolean,
): DispatchedOperation | null | undefined {
  const t = operationTable(published);
  if (!t) return undefined;
  const found = (op: ServiceOperation | undefined) =>
    op ? { name: op.name, outputAction: op.output?.action } : undefined;
  if (action) {
    const op = t.aliases.get(action) ?? t.model.operations.find((o) => o.name === action);
    if (op) return found(op)!;
  }
  const segment = subPath.split('/')[1];
  if (segment) {
    const op = t.model.operations.find((o) => o.name === segment);
    if (op) return found(op)!;
  }
  return disableOperationValidation ? { name: 'mediate' } : null;
}
