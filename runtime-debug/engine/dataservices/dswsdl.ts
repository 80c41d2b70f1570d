/**
 * The WSDL 1.1 a data service answers at `?wsdl`: MI builds the service's schema with
 * DataServiceDocLitWrappedSchemaGenerator (an input element per request, named after it, with an element per
 * parameter typed from its sqlType; the result element with its row and column types; DataServiceFault,
 * REQUEST_STATUS and DATA_SERVICE_RESPONSE in http://ws.wso2.org/dataservice) and Axis2 writes it with a SOAP 1.1,
 * a SOAP 1.2 and an HTTP binding (DBDeployer's NAMESOAP11Binding, NAMESOAP12Binding, NAMEHttpBinding) and a port per
 * binding and transport at `/services/NAME.<port>` (SOAP11Endpoint, SecureSOAP11Endpoint...).
 * Nested call-query results are typed loosely (xs:anyType).
 */
import { escapeXmlAttr as esc } from '../mediators/util';
import { javaHashOrder } from './java';
import { DS_NS, type DataServiceDef, type OutputItem, type RequestDef, type ResultDef } from './model';

/** DBUtils.getJavaTypeFromSQLType then the schema type table: the xs type of a param's sqlType. */
function xsType(sqlType: string): string {
  switch (sqlType.toUpperCase()) {
    case 'INTEGER':
      return 'int';
    case 'SMALLINT':
      return 'short';
    case 'TINYINT':
      return 'byte';
    case 'BIGINT':
      return 'long';
    case 'DOUBLE':
    case 'FLOAT':
      return 'double';
    case 'REAL':
      return 'float';
    case 'NUMERIC':
    case 'DECIMAL':
      return 'decimal';
    case 'BOOLEAN':
    case 'BIT':
      return 'boolean';
    case 'DATE':
      return 'date';
    case 'TIME':
      return 'time';
    case 'TIMESTAMP':
      return 'dateTime';
    case 'BINARY':
    case 'BLOB':
    case 'VARBINARY':
    case 'LONGVARBINARY':
      return 'base64Binary';
    default:
      return 'string';
  }
}

interface Schemas {
  /** Items of each namespace's schema, in the order written. */
  items: Map<string, string[]>;
  prefixes: Map<string, string>;
}

function add(s: Schemas, ns: string, item: string): void {
  const list = s.items.get(ns) ?? [];
  if (!list.includes(item)) list.push(item);
  s.items.set(ns, list);
}

function prefix(s: Schemas, ns: string): string {
  let p = s.prefixes.get(ns);
  if (!p) {
    p = `ns${s.prefixes.size}`;
    s.prefixes.set(ns, p);
  }
  return p;
}

/** The sequence and attributes of a row (or an element group). */
function rowType(s: Schemas, ns: string, items: OutputItem[]): string {
  const seq: string[] = [];
  const attrs: string[] = [];
  for (const it of items) {
    if (it.kind === 'element') {
      const type = `xs:${it.xsdType ?? 'string'}`;
      seq.push(
        `<xs:element${it.optional ? ' minOccurs="0"' : ''} name="${esc(it.name)}" nillable="true" type="${type}"/>`,
      );
    } else if (it.kind === 'attribute')
      attrs.push(`<xs:attribute name="${esc(it.name)}" type="xs:${it.xsdType ?? 'string'}"/>`);
    else if (it.kind === 'group')
      seq.push(
        `<xs:element name="${esc(it.name)}"><xs:complexType>${rowType(s, it.namespace ?? ns, it.items)}</xs:complexType></xs:element>`,
      );
    else seq.push('<xs:any minOccurs="0" maxOccurs="unbounded" processContents="skip"/>');
  }
  return `<xs:sequence>${seq.join('')}</xs:sequence>${attrs.join('')}`;
}

/** The result's element (global, in the result's namespace) and its types; answers the element's prefixed name. */
function resultElement(s: Schemas, r: ResultDef): string | undefined {
  if (!r.element) return undefined;
  const ns = r.namespace;
  const p = prefix(s, ns);
  add(s, ns, `<xs:element name="${esc(r.element)}" type="${p}:${esc(r.element)}"/>`);
  if (r.rowName) {
    add(
      s,
      ns,
      `<xs:complexType name="${esc(r.element)}"><xs:sequence><xs:element maxOccurs="unbounded" minOccurs="0" name="${esc(r.rowName)}" type="${p}:${esc(r.rowName)}"/></xs:sequence></xs:complexType>`,
    );
    add(s, ns, `<xs:complexType name="${esc(r.rowName)}">${rowType(s, ns, r.items)}</xs:complexType>`);
  } else add(s, ns, `<xs:complexType name="${esc(r.element)}">${rowType(s, ns, r.items)}</xs:complexType>`);
  return `${p}:${esc(r.element)}`;
}

const DS_SCHEMA =
  '<xs:element name="DataServiceFault"><xs:complexType><xs:sequence>' +
  '<xs:element name="current_params" type="xs:string"/><xs:element name="current_request_name" type="xs:string"/>' +
  '<xs:element name="nested_exception" type="xs:string"/><xs:element name="source_data_service"><xs:complexType><xs:sequence>' +
  '<xs:element name="location" type="xs:string"/><xs:element name="default_namespace" type="xs:string"/>' +
  '<xs:element name="description" type="xs:string"/><xs:element name="data_service_name" type="xs:string"/>' +
  '</xs:sequence></xs:complexType></xs:element><xs:element name="ds_code" type="xs:string"/></xs:sequence></xs:complexType></xs:element>' +
  '<xs:element name="REQUEST_STATUS" type="xs:string"/>' +
  '<xs:element name="DATA_SERVICE_RESPONSE"><xs:complexType><xs:sequence><xs:any minOccurs="0"/></xs:sequence></xs:complexType></xs:element>';

/**
 * An operation's documentation as AxisService2WSDL11 writes it: AxisDescription.setDocumentation ignores "" (no
 * element) and makes an empty text of null (no description: an empty element), DBDeployer passing the description's
 * text as written.
 */
function documentation(text: string | undefined): string {
  if (text === '') return '';
  return text === undefined
    ? '<wsdl:documentation/>'
    : `<wsdl:documentation>${esc(text)}</wsdl:documentation>`;
}

export function dataServiceWsdl(ds: DataServiceDef, baseUrl: string, httpsBase?: string): string {
  const s: Schemas = { items: new Map(), prefixes: new Map() };
  const tns = ds.serviceNamespace;
  prefix(s, tns);
  prefix(s, DS_NS);
  s.items.set(tns, []);
  const requests = [...ds.requests.values()].filter((r) => r.call && !r.batch && !r.requestBox);
  const ops: { r: RequestDef; input: string; output: string | undefined }[] = [];
  for (const r of requests) {
    const q = ds.queries.get(r.call!.href);
    if (!q) continue;
    // the input element: in the query's input namespace (its inputNamespace attribute, else its result's, else the
    // service's default: QueryFactory.extractQueryInputNamespace, DataServiceDocLitWrappedSchemaGenerator)
    const inNs = q.inputNamespace || q.result?.namespace || ds.defaultNamespace;
    const p = prefix(s, inNs);
    const fields: string[] = [];
    for (const qp of q.params) {
      if (qp.type === 'OUT') continue;
      const wp = r.call!.withParams.find((w) => w.name.toLowerCase() === qp.name.toLowerCase());
      if (!wp) continue;
      const name = wp.original ?? wp.ref;
      const occurs =
        qp.paramType === 'ARRAY'
          ? ' maxOccurs="unbounded" minOccurs="0"'
          : qp.defaultValue !== undefined || (q.sqlKind === 'update' && qp.optional)
            ? ' minOccurs="0"'
            : '';
      fields.push(
        `<xs:element${occurs} name="${esc(name)}" nillable="true" type="xs:${xsType(qp.sqlType)}"/>`,
      );
    }
    add(
      s,
      inNs,
      `<xs:element name="${esc(r.name)}"><xs:complexType><xs:sequence>${fields.join('')}</xs:sequence></xs:complexType></xs:element>`,
    );
    let output: string | undefined;
    if (q.result) output = resultElement(s, q.result) ?? `${prefix(s, DS_NS)}:DATA_SERVICE_RESPONSE`;
    else if (r.returnRequestStatus) output = `${prefix(s, DS_NS)}:REQUEST_STATUS`;
    ops.push({ r, input: `${p}:${esc(r.name)}`, output });
  }
  // the batch twins (DataServiceFactory.populateBatchOperations / populateBatchResources): an element holding the
  // parent's input element, unbounded, in the same namespace; the parent's output; documented as MI names them
  for (const r of ds.requests.values()) {
    if (!r.batch || !r.call) continue;
    const parent =
      r.kind === 'resource'
        ? ops.find(
            (o) =>
              o.r.kind === 'resource' &&
              o.r.method === r.method &&
              o.r.path === r.path?.replace(/_batch_req(\/?)$/, '$1'),
          )
        : ops.find((o) => o.r.kind === 'operation' && `${o.r.name}_batch_req` === r.name);
    if (!parent) continue;
    const inNs = parent.input.slice(0, parent.input.indexOf(':'));
    const ns = [...s.prefixes].find(([, pf]) => pf === inNs)?.[0] ?? tns;
    add(
      s,
      ns,
      `<xs:element name="${esc(r.name)}"><xs:complexType><xs:sequence><xs:element maxOccurs="unbounded" ref="${parent.input}"/></xs:sequence></xs:complexType></xs:element>`,
    );
    const description =
      r.kind === 'resource'
        ? `batch resource for [${r.method}:${parent.r.path}]`
        : `batch operation for '${parent.r.name}'`;
    ops.push({ r: { ...r, description }, input: `${inNs}:${esc(r.name)}`, output: parent.output });
  }
  // the legacy boxcarring control operations (DataService.initBoxcarring): no params, in the service's default
  // namespace; begin_boxcar and end_boxcar answer the empty boxcar query's xs:any result, abort_boxcar nothing
  const control: Record<string, string> = {
    begin_boxcar: 'Control operation for beginning a boxcarring session',
    end_boxcar: 'Control operation for ending a boxcarring session',
    abort_boxcar: 'Control operation for aborting a boxcarring session',
  };
  for (const r of ds.requests.values()) {
    if (!r.boxcarControl) continue;
    const p = prefix(s, ds.defaultNamespace);
    add(
      s,
      ds.defaultNamespace,
      `<xs:element name="${r.name}"><xs:complexType><xs:sequence/></xs:complexType></xs:element>`,
    );
    ops.push({
      r: { ...r, description: control[r.name] },
      input: `${p}:${r.name}`,
      output: r.boxcarControl === 'abort_boxcar' ? undefined : `${prefix(s, DS_NS)}:DATA_SERVICE_RESPONSE`,
    });
  }
  add(s, DS_NS, DS_SCHEMA);
  const n = esc(ds.name);
  const tp = prefix(s, tns);
  const nsDecls = [...s.prefixes].map(([ns, p]) => ` xmlns:${p}="${esc(ns)}"`).join('');
  // no XML declaration: MI's Wsdl11Processor writes the document element alone (RequestProcessorUtil.writeDocument)
  const out: string[] = [
    `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"${nsDecls} xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" targetNamespace="${esc(tns)}">`,
    `<wsdl:documentation>${ds.description ? esc(ds.description) : ''}</wsdl:documentation>`,
    '<wsdl:types>',
  ];
  for (const [ns, items] of s.items)
    if (items.length)
      out.push(
        `<xs:schema attributeFormDefault="unqualified" elementFormDefault="qualified" targetNamespace="${esc(ns)}">${items.join('')}</xs:schema>`,
      );
  out.push('</wsdl:types>');
  for (const o of ops) {
    out.push(
      `<wsdl:message name="${esc(o.r.name)}Request"><wsdl:part name="parameters" element="${o.input}"/></wsdl:message>`,
    );
    if (o.output)
      out.push(
        `<wsdl:message name="${esc(o.r.name)}Response"><wsdl:part name="parameters" element="${o.output}"/></wsdl:message>`,
      );
  }
  const dp = prefix(s, DS_NS);
  // (the fault message of the operations that have one)
  if (ops.some((o) => o.output))
    out.push(
      `<wsdl:message name="DataServiceFault"><wsdl:part name="parameters" element="${dp}:DataServiceFault"/></wsdl:message>`,
    );
  out.push(`<wsdl:portType name="${n}PortType">`);
  for (const o of ops) {
    const on = esc(o.r.name);
    out.push(
      `<wsdl:operation name="${on}">${documentation(o.r.description)}` +
        `<wsdl:input message="${tp}:${on}Request" wsaw:Action="urn:${on}"/>` +
        // DBDeployer.createAxisOperation: the fault message only for an operation with a result
        (o.output
          ? `<wsdl:output message="${tp}:${on}Response" wsaw:Action="urn:${on}Response"/>` +
            `<wsdl:fault message="${tp}:DataServiceFault" name="DataServiceFault" wsaw:Action="urn:${on}DataServiceFault"/>`
          : '') +
        '</wsdl:operation>',
    );
  }
  out.push('</wsdl:portType>');
  // DBDeployer's own bindings: NAME + Java2WSDLConstants.BINDING_NAME_SUFFIX / SOAP12BINDING_NAME_SUFFIX / HTTP_BINDING
  for (const [kind, ns] of [
    ['SOAP11', 'soap'],
    ['SOAP12', 'soap12'],
  ] as const) {
    out.push(
      `<wsdl:binding name="${n}${kind}Binding" type="${tp}:${n}PortType"><${ns}:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>`,
    );
    for (const o of ops) {
      const on = esc(o.r.name);
      out.push(
        `<wsdl:operation name="${on}"><${ns}:operation soapAction="urn:${on}" style="document"/>` +
          `<wsdl:input><${ns}:body use="literal"/></wsdl:input>` +
          (o.output
            ? `<wsdl:output><${ns}:body use="literal"/></wsdl:output>` +
              `<wsdl:fault name="DataServiceFault"><${ns}:fault use="literal" name="DataServiceFault"/></wsdl:fault>`
            : '') +
          '</wsdl:operation>',
      );
    }
    out.push('</wsdl:binding>');
  }
  out.push(`<wsdl:binding name="${n}HttpBinding" type="${tp}:${n}PortType"><http:binding verb="POST"/>`);
  for (const o of ops) {
    // a resource's HTTP operation is its path; an operation's its name
    const location = o.r.kind === 'resource' ? (o.r.path ?? '').replace(/^\//, '') : o.r.name;
    out.push(
      `<wsdl:operation name="${esc(o.r.name)}"><http:operation location="${esc(location)}"/>` +
        '<wsdl:input><mime:content type="text/xml" part="parameters"/></wsdl:input>' +
        (o.output ? '<wsdl:output><mime:content type="text/xml" part="parameters"/></wsdl:output>' : '') +
        '</wsdl:operation>',
    );
  }
  out.push('</wsdl:binding>');
  // the ports: SOAP 1.1, SOAP 1.2 and HTTP, each on every transport the service is exposed on, named as
  // DBDeployer.createDefaultEndpoints names its endpoints (WSDL2Constants: SOAP11Endpoint, SOAP12Endpoint,
  // HTTPEndpoint, with the prefix "Secure" for https), in the order of the service's endpoint HashMap
  const bases: [string, string][] = [];
  if (!ds.transports || ds.transports.includes('http')) bases.push(['', baseUrl]);
  if (httpsBase !== undefined && (!ds.transports || ds.transports.includes('https')))
    bases.push(['Secure', httpsBase]);
  out.push(`<wsdl:service name="${n}">`);
  for (const [kind, binding, address] of [
    ['SOAP11', 'SOAP11Binding', 'soap:address'],
    ['SOAP12', 'SOAP12Binding', 'soap12:address'],
    ['HTTP', 'HttpBinding', 'http:address'],
  ] as const) {
    const ports = new Map(bases.map(([t, base]) => [`${t}${kind}Endpoint`, base]));
    for (const name of javaHashOrder([...ports.keys()]))
      out.push(
        `<wsdl:port name="${name}" binding="${tp}:${n}${binding}"><${address} location="${esc(ports.get(name)!)}/services/${n}.${name}"/></wsdl:port>`,
      );
  }
  out.push('</wsdl:service>', '</wsdl:definitions>');
  return out.join('\n');
}
