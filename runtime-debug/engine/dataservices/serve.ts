/**
 * Serves deployed data services at /services/<name> on the runtime's HTTP port, as MI does through Axis2:
 * - the operation: a resource whose METHOD/path pattern matches the path after the service name
 *   (HTTPLocationBasedDispatcher, patterns tried in the reversed TreeMap order of DBDeployer), else
 *   `/services/<name>/<op>` (RequestURIOperationDispatcher), else the SOAPAction (`urn:<op>`), else the local name of
 *   the body's first element;
 * - its params: the children of the body's first element (DataServiceRequest.getSingleInputValuesFromOM): a JSON
 *   body read as MI's JSON builder reads it, an XML or SOAP body, or for a request without one (and a form) the
 *   query string and the `{x}` path segments (Axis2's XFormURLEncodedBuilder);
 * - the answer: the result element (200), REQUEST_STATUS SUCCESSFUL for returnRequestStatus, 202 with no body for
 *   an in-only request, a DataServiceFault (500) for a fault; JSON when Accept names application/json
 *   (DBInOutMessageReceiver) or the request was JSON (its message type), a SOAP envelope for a text/xml or
 *   application/soap+xml request, plain XML otherwise (a request without a body is application/xml: ServerWorker).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import * as slimdom from 'slimdom';
import type { LoadProblem } from '../errors';
import { xmlToJson, jsonText } from '../jsonxml';
import { stringifyJson } from '../expr/jsonNumber';
import { parseXmlPayload, serializeXml } from '../xml';
import { DS_NS, type DataServiceDef, type RequestDef } from './model';
import { loadDataService, type LoadOptions } from './load';
import { Pools } from './sources';
import { dataServiceOpenApi } from './swagger';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import {
  DsFault,
  currentParamsText,
  runBatch,
  runRequest,
  runRequestBox,
  type BoxEntry,
  type ParamValue,
} from './execute';
// the dblookup and dbreport mediators run on the same RDBMS layer
import './dbMediators';
// and the dataServiceCall mediator on the services deployed here
import './callMediator';
import { answerDefinition, answerTooLarge, SERVER_NAME } from '../answers';
import { answerNode, gsonJson, type JsonNode } from './jsonOut';
import { OData } from './odata';
import { dataServiceWsdl } from './dswsdl';
import { metadataItem, proxyWsdl2, proxyXsd } from '../wsdl';
import { prettyWsdl } from '../wsdlLayout';
import { escapeXmlText as esc } from '../../../core/xml/escape';
import { serviceNameEnd } from '../../../core/car/versioned';
import { writeForm as writeFormText } from '../formats';
import { javaDoubleToString, javaParseDouble } from '../expr/values';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

export interface DataServiceLoad {
  problems: LoadProblem[];
  warnings: LoadProblem[];
  /** The deployed service's name (none when the file failed). */
  name: string | undefined;
}

/**
 * A generated schema's own namespace declarations: DataServiceDocLitWrappedSchemaGenerator gives each schema an
 * empty NamespaceMap, so XmlSchemaSerializer declares only the prefixes it writes (xs, the ns0... of the types it
 * names), not the WSDL's (wsdl, soap, http...) that a schema read from a published WSDL inherits.
 */
function unusedPrefixesDropped(xsd: string): string {
  const start = xsd.indexOf('<xs:schema ');
  const end = start >= 0 ? xsd.indexOf('>', start) : -1;
  if (end < 0) return xsd;
  const rest = xsd.slice(end);
  const head = xsd
    .slice(start, end)
    .replace(/\s+xmlns:([\w.-]+)="[^"]*"/g, (decl, prefix: string) =>
      prefix === 'xs' || rest.includes(`${prefix}:`) ? decl : '',
    );
  return xsd.slice(0, start) + head + rest;
}

export class DataServices {
  private readonly byName = new Map<string, DataServiceDef>();
  /** (made once: the /services dispatch asks it for a versioned service name) */
  private readonly hasService = (name: string) => this.byName.has(name);
  private readonly byFile = new Map<string, string>();
  readonly pools = new Pools();
  /** The OData v4 endpoints of configs with enableOData (ODataEndpoint, /odata/SERVICE/CONFIG). */
  private readonly odata = new OData(this.pools);
  constructor(
    /** Logs a line (level, message) the way the runtime logs. */
    readonly log: (level: 'INFO' | 'WARN' | 'ERROR', message: string) => void = () => undefined,
    /** The HTTPS listener's port, when the runtime has one (the https server of a definition; MI's default 8253). */
    readonly httpsPort: () => number | undefined = () => undefined,
  ) {}

  get size(): number {
    return this.byName.size;
  }

  get(name: string): DataServiceDef | undefined {
    return this.byName.get(name);
  }

  /** Deploys (or replaces) a .dbs file. A file with errors is not deployed, as MI makes it a faulty service. */
  load(file: string, text: string, opts: LoadOptions): DataServiceLoad {
    this.remove(file);
    const r = loadDataService(file, text, opts);
    const other = r.service ? this.byName.get(r.service.name) : undefined;
    if (r.service && other && other.file !== file) {
      // AxisConfiguration.addService: the name is taken by another file's service, which stays; this file is faulty
      return {
        problems: [
          ...r.problems,
          {
            file,
            line: r.service.line,
            column: 1,
            code: 'RT_DS_INVALID',
            message: `Two services cannot have same name.  A service with the ${r.service.name} name already exists in the system.`,
          },
        ],
        warnings: r.warnings,
        name: undefined,
      };
    }
    if (r.service) {
      this.byName.set(r.service.name, r.service);
      this.byFile.set(file, r.service.name);
    }
    return { problems: r.problems, warnings: r.warnings, name: r.service?.name };
  }

  /** Undeploys the service a file deployed; false when the file deployed none. */
  remove(file: string): boolean {
    const name = this.byFile.get(file);
    if (name !== undefined) this.odata.forget(name);
    if (name !== undefined && this.byName.get(name)?.file === file) this.byName.delete(name);
    return this.byFile.delete(file);
  }

  /** `Data service NAME: URL` lines, with the resources under it. */
  urls(base: string): string[] {
    const out: string[] = [];
    for (const ds of this.byName.values()) {
      out.push(`Data service ${ds.name}: ${base}/services/${ds.name}${ds.inactive ? ' (inactive)' : ''}`);
      for (const r of ds.resources)
        out.push(`  ${r.method} ${base}/services/${ds.name}/${r.path!.replace(/^\//, '')}`);
      // the OData v4 root of each config with enableOData (ODataEndpoint)
      for (const c of ds.configs.values())
        if (c.odata && c.kind === 'rdbms') out.push(`  OData ${base}/odata/${ds.name}/${c.id}`);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.pools.close();
  }

  /**
   * DataServiceProcessor.dispatch, for the dataServiceCall mediator: runs the request `requestName` of a service
   * with the params in the children of `input` (DataServiceRequest.createDataServiceRequest: a request box by its
   * name, a batch when the first child has children of its own, else one request). Answers the result element,
   * REQUEST_STATUS for a request returning its status, or undefined; throws a DsFault.
   */
  async dispatch(
    ds: DataServiceDef,
    requestName: string,
    input: slimdom.Element | undefined,
  ): Promise<slimdom.Element | undefined> {
    const request = ds.requests.get(requestName);
    if (!request)
      throw new DsFault(
        'UNKNOWN_ERROR',
        `A data service request named '${requestName}' does not exist in data service '${ds.name}'`,
      );
    let result: slimdom.Element | undefined;
    if (request.requestBox) result = await runRequestBox(ds, boxEntries(undefined, input), this.pools);
    else if (input?.firstElementChild?.firstElementChild)
      result = await runBatch(
        ds,
        request,
        [...input.children].map((c) => new Map(xmlParams(c))),
        this.pools,
      );
    else result = await runRequest(ds, request, new Map(input ? xmlParams(input) : []), this.pools);
    if (result || !request.returnRequestStatus) return result;
    return requestStatus();
  }

  /**
   * ODataPassThroughHandler: a request whose URI (path and query as sent) holds "/odata/" is marked an OData request
   * (IntegratorStatefulHandler) and answered by ODataEndpoint, not by a proxy, an API or main, with or without data
   * services deployed.
   */
  routeOData(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    query: string,
    preRead: Buffer | undefined,
    maxBytes: number,
  ): Promise<void> {
    return readBody(req, preRead, maxBytes).then(
      (body) => this.odata.serve((n) => this.byName.get(n), req, res, url, query, body),
      () => answerTooLarge(res, maxBytes),
    );
  }

  /**
   * Answers a request for /services/<data service>[/...]; undefined when the path names no data service (the
   * runtime goes on with proxies, APIs and main).
   */
  route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: string,
    preRead: Buffer | undefined,
    maxBytes: number,
  ): Promise<void> | undefined {
    if (!path.startsWith('/services/')) return undefined;
    const rest = path.slice('/services/'.length);
    // a versioned CAR's data service is named `groupId__artifactId__version/NAME` (expose.versioned.services,
    // DataServiceFactory), served at /services/<that>
    const slash = serviceNameEnd(rest, this.hasService);
    let name = slash >= 0 ? rest.slice(0, slash) : rest;
    let ds = this.byName.get(name);
    // `/services/NAME.SOAP11Endpoint` and the like are the service too
    if (!ds && name.indexOf('.') > 0) {
      name = name.slice(0, name.indexOf('.'));
      ds = this.byName.get(name);
    }
    if (!ds || ds.inactive) return undefined;
    // a service listing its transports is not served on the others (DispatchPhase.validateTransport)
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    if (ds.transports && !ds.transports.includes(scheme)) return undefined;
    const sub = slash >= 0 ? rest.slice(slash) : '';
    // ?wsdl: the WSDL 1.1 Axis2 writes from the schema MI generates (DataServiceDocLitWrappedSchemaGenerator)
    // ?wsdl2: the same service printed as WSDL 2.0 (Wsdl20Processor, AxisService2WSDL20), as for a proxy
    const item = req.method === 'GET' && sub.length <= 1 ? metadataItem(query) : undefined;
    if (item === 'wsdl' || item === 'wsdl2') {
      req.resume();
      const host = req.headers.host ?? '127.0.0.1';
      const https = this.httpsPort();
      const httpsBase = https === undefined ? undefined : `https://${host.replace(/:\d+$/, '')}:${https}`;
      const wsdl = dataServiceWsdl(ds, `http://${host}`, httpsBase);
      res.writeHead(200, { server: SERVER_NAME, 'content-type': 'text/xml' });
      // (?wsdl laid out as AxisService.getWSDL prints it: XMLPrettyPrinter, then RequestProcessorUtil.writeDocument)
      res.end(
        item === 'wsdl' ? prettyWsdl(wsdl) : (proxyWsdl2(wsdl, ds.name, `http://${host}`, httpsBase) ?? wsdl),
      );
      return Promise.resolve();
    }
    // SwaggerJsonProcessor / SwaggerYamlProcessor: the definition built from the resources (SwaggerUtils)
    if ((query === 'swagger.json' || query === 'swagger.yaml') && req.method === 'GET' && sub.length <= 1) {
      req.resume();
      const host = req.headers.host ?? '127.0.0.1';
      const hostname = host.replace(/:\d+$/, '');
      const doc = dataServiceOpenApi(ds, {
        http: `http://${host}`,
        https: `https://${hostname}:${this.httpsPort() ?? 8253}`,
      });
      answerDefinition(res, doc, query.endsWith('.yaml'));
      return Promise.resolve();
    }
    // ?xsd: XsdProcessor prints the service's schema (the one DataServiceDocLitWrappedSchemaGenerator made, in the
    // ?wsdl's types), as for a proxy (?xsd=NAME, ?id=N; an XsdUtil failure drops the connection after a 200 head)
    if (item === 'xsd') {
      req.resume();
      const xsd = proxyXsd(
        dataServiceWsdl(ds, `http://${req.headers.host ?? '127.0.0.1'}`, undefined),
        query,
      );
      if (!xsd || 'error' in xsd) {
        res.writeHead(200, { server: SERVER_NAME });
        res.flushHeaders();
        res.socket?.destroy();
      } else {
        res.writeHead(xsd.status, {
          server: SERVER_NAME,
          ...(xsd.contentType ? { 'content-type': xsd.contentType } : {}),
        });
        res.end(unusedPrefixesDropped(xsd.body));
      }
      return Promise.resolve();
    }
    return readBody(req, preRead, maxBytes).then(
      (body) => this.serve(ds, req, res, sub, query, body),
      () => answerTooLarge(res, maxBytes),
    );
  }

  private async serve(
    ds: DataServiceDef,
    req: IncomingMessage,
    res: ServerResponse,
    sub: string,
    query: string,
    body: Buffer,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const ct = (req.headers['content-type'] ?? '').toLowerCase();
    const soap12 = ct.includes('application/soap+xml');
    let root: slimdom.Element | undefined;
    let jsonRoot: { name: string | undefined; value: unknown } | undefined;
    // the answer's format is the request's message type (MessageContextBuilder.createOutMessageContext copies it;
    // the listener sets application/xml for a request without a body): text/xml and application/soap+xml are
    // answered in a SOAP envelope, JSON in JSON, anything else as plain XML
    let soap = soap12 || (ct.startsWith('text/xml') && method !== 'GET');
    const hasBody = body.length > 0 && method !== 'GET';
    let fault: DsFault | undefined;
    try {
      if (hasBody && ct.includes('json')) {
        // numbers keep their text (2.50), as MI's JSON builder writes them into the XML it builds
        jsonRoot = jsonFirstElement(parseLossless(body.toString('utf8')));
      } else if (hasBody && (ct.includes('xml') || ct === '')) {
        const doc = parseXmlPayload(body.toString('utf8'));
        const top = doc.documentElement!;
        if (
          (top.namespaceURI === SOAP11_NS || top.namespaceURI === SOAP12_NS) &&
          top.localName === 'Envelope'
        ) {
          soap = true;
          const b = [...top.children].find((c) => c.localName === 'Body');
          root = b?.firstElementChild ?? undefined;
        } else root = top;
      }
    } catch (e) {
      fault = new DsFault('UNKNOWN_ERROR', `Error in reading the request: ${(e as Error).message}`);
    }
    // the request's message type is JSON: its answer and its faults are written by the Gson formatter
    const jsonRequest = !soap && hasBody && ct.includes('json');
    const json = wantsJson(req.headers.accept) || jsonRequest;
    // a form request's message type is the form: its answer goes through the form formatter
    const formRequest = !soap && hasBody && ct.includes('application/x-www-form-urlencoded');
    const answer = { res, json, soap, soap12, jsonRequest, formRequest };

    // the operation
    let request: RequestDef | undefined;
    let template: Record<string, string> = {};
    if (sub.length > 1) {
      const location = method + sub;
      request = ds.resources.find((r) => r.pattern!.test(location));
      if (request) template = templateValues(request, sub);
    }
    if (!request) {
      const action = String(req.headers.soapaction ?? '')
        .replace(/^"|"$/g, '')
        .replace(/^urn:/, '');
      // IntegratorStatefulHandler.dispatchAndVerify: the resource, then the operation named in the URI
      // (RequestURIOperationDispatcher); Axis2's dispatch phase then tries the SOAPAction and the body element
      request =
        (sub.length > 1 ? ds.requests.get(sub.slice(1).split('/')[0]) : undefined) ??
        (action ? ds.requests.get(action) : undefined) ??
        (root
          ? ds.requests.get(root.localName)
          : jsonRoot?.name
            ? ds.requests.get(jsonRoot.name)
            : undefined);
    }
    if (!request) {
      const epr = `/services/${ds.name}${sub}${query ? `?${query}` : ''}`;
      const reason = `The endpoint reference (EPR) for the Operation not found is ${epr} and the WSA Action = ${req.headers.soapaction ? String(req.headers.soapaction).replace(/^"|"$/g, '') : 'null'}. If this EPR was previously reachable, please contact the server administrator.`;
      this.log('ERROR', `Data service ${ds.name}: ${reason}`);
      if (answer.jsonRequest) return writeJsonFault(res, 'soapenv:Client', reason);
      if (answer.formRequest)
        return writeForm500(res, [
          { name: 'faultcode', text: 'soapenv:Client' },
          { name: 'faultstring', text: reason },
          { name: 'detail', text: '' },
        ]);
      return writeSoapFault(answer, 'soapenv:Client', reason, undefined);
    }

    // a JSON body is read by Axis2's GsonXMLStreamReader against the request's input schema (JSONMessageHandler):
    // a value of the wrong JSON type is refused before the request runs, numbers are read as the schema's type
    if (jsonRoot && !fault) {
      try {
        readJsonTypes(ds, request, jsonRoot.value);
      } catch (e) {
        if (!(e instanceof JsonTypeMismatch)) throw e;
        this.log('ERROR', `Data service ${ds.name}: ${e.message}`);
        return writeJsonFault(res, 'soapenv:Server', e.message);
      }
    }

    // the params
    let input = new Map<string, ParamValue>();
    // DataServiceRequest.isBatchRequest: the first child of the body element has children of its own
    let batch: Map<string, ParamValue>[] | undefined;
    if (!fault) {
      if (jsonRoot) {
        batch = jsonBatch(jsonRoot.value);
        if (!batch) for (const [k, v] of jsonParams(jsonRoot.value)) input.set(k, v);
      } else if (root) {
        if (root.firstElementChild?.firstElementChild)
          batch = [...root.children].map((c) => new Map(xmlParams(c)));
        else for (const [k, v] of xmlParams(root)) input.set(k, v);
      } else {
        for (const [k, v] of Object.entries(template)) input.set(k, v);
        const form = ct.includes('application/x-www-form-urlencoded') && hasBody ? body.toString('utf8') : '';
        for (const qs of [query, form]) for (const [k, v] of new URLSearchParams(qs)) addParam(input, k, v);
      }
    }
    try {
      if (fault) throw fault;
      let result: slimdom.Element | undefined;
      if (request.requestBox) {
        const entries = boxEntries(jsonRoot, root);
        try {
          result = await runRequestBox(ds, entries, this.pools);
        } catch (e) {
          if (e instanceof DsFault && e.params) input = e.params;
          throw e;
        }
      } else if (batch) {
        try {
          result = await runBatch(ds, request, batch, this.pools);
        } catch (e) {
          if (e instanceof DsFault && e.params) input = e.params;
          throw e;
        }
      } else result = await runRequest(ds, request, input, this.pools);
      // BoxcarringDataServiceRequest: begin_boxcar and end_boxcar (of the empty box a fresh service context holds)
      // give no result; DBInOutMessageReceiver answers the envelope with an empty body
      if (request.boxcarControl && request.boxcarControl !== 'abort_boxcar') return writeEmpty(answer);
      // a JSON answer is written by the schema of the request's answer (jsonOut.ts)
      if (result) return writeElement(answer, 200, result, answerNode(ds, request));
      if (request.returnRequestStatus)
        return writeElement(answer, 200, requestStatus(), answerNode(ds, request));
      // an in-only operation (DBInOnlyMessageReceiver): the listener acknowledges it
      res.writeHead(202, { server: SERVER_NAME });
      res.end();
    } catch (e) {
      const f = e instanceof DsFault ? e : new DsFault('UNKNOWN_ERROR', (e as Error).message);
      this.log(
        'ERROR',
        `Data service ${ds.name}, request ${request.name}: ${f.code} ${f.dsMessage ?? f.nested ?? ''}`,
      );
      const el = faultElement(ds, request, input, f);
      if (soap) return writeSoapFault(answer, `axis2ns1:${f.code}`, fullMessage(ds, request, input, f), el);
      // a fault keeps the request's message type (DBInOutMessageReceiver sets JSON for Accept only on a result):
      // JSON for a JSON request, as the Gson formatter writes a fault (JsonFormatter: the SOAP fault's children)
      if (answer.jsonRequest)
        return writeJsonFault(res, `axis2ns1:${f.code}`, fullMessage(ds, request, input, f));
      if (answer.formRequest)
        return writeForm500(res, [
          { name: 'faultcode', text: `axis2ns1:${f.code}` },
          { name: 'faultstring', text: fullMessage(ds, request, input, f) },
          { name: 'detail', text: '' },
        ]);
      return writeElement({ ...answer, json: false }, 500, el);
    }
  }
}

/** DataServiceProcessor.generateRequestSuccessElement: REQUEST_STATUS SUCCESSFUL. */
function requestStatus(): slimdom.Element {
  const doc = new slimdom.Document();
  const st = doc.createElementNS(DS_NS, 'axis2ns1:REQUEST_STATUS');
  st.appendChild(doc.createTextNode('SUCCESSFUL'));
  return st;
}

interface Answer {
  res: ServerResponse;
  json: boolean;
  soap: boolean;
  soap12: boolean;
  jsonRequest: boolean;
  formRequest: boolean;
}

/** The form formatter (Synapse XFormURLEncodedFormatter): each child of the element as name=its own text. */
function formFieldsOf(el: slimdom.Element): { name: string; text: string }[] {
  return [...el.children].map((c) => ({
    name: c.localName,
    text: [...c.childNodes]
      .filter((n) => n.nodeType === 3 || n.nodeType === 4)
      .map((n) => n.nodeValue ?? '')
      .join(''),
  }));
}

/** A fault through the form formatter: the SOAP fault's children (code, reason, the detail's own text). */
function writeForm500(res: ServerResponse, fields: { name: string; text: string }[]): void {
  const body = writeFormText(fields);
  res.writeHead(500, {
    server: SERVER_NAME,
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
  });
  res.end(body);
}

/**
 * A fault in JSON as Axis2's Gson JsonFormatter writes one (isProcessingFault): the SOAP 1.1 Fault element's
 * children as members with their own text (the detail holds only the DataServiceFault element: "").
 */
function writeJsonFault(res: ServerResponse, code: string, reason: string): void {
  const body = JSON.stringify({ Fault: { faultcode: code, faultstring: reason, detail: '' } });
  res.writeHead(500, {
    server: SERVER_NAME,
    'content-type': 'application/json; charset=UTF-8',
  });
  res.end(body);
}

/** GsonXMLStreamReader.nextValue: a JSON value whose token does not fit the schema type. */
class JsonTypeMismatch extends Error {}

/**
 * The schema types of a request's input elements (DataServiceDocLitWrappedSchemaGenerator.createInputEntryElement):
 * each with-param, by the name it is given in (as written), typed by its query param's sqlType (DBUtils
 * conversionTypes, then Axis2's TypeTable).
 */
function inputTypes(ds: DataServiceDef, request: RequestDef | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const call = request?.call;
  const query = call ? ds.queries.get(call.href) : undefined;
  if (!call || !query) return out;
  for (const p of query.params) {
    if (p.type === 'OUT') continue;
    const w = call.withParams.find((x) => x.name === p.name);
    if (w?.original !== undefined) out.set(w.original, SQL_SCHEMA_TYPES[p.sqlType]);
  }
  return out;
}

const SQL_SCHEMA_TYPES: Record<string, string> = {
  CHAR: 'string',
  STRING: 'string',
  QUERY_STRING: 'string',
  VARCHAR: 'string',
  NVARCHAR: 'string',
  TEXT: 'string',
  UUID: 'string',
  INETADDRESS: 'string',
  CLOB: 'string',
  NUMERIC: 'decimal',
  DECIMAL: 'decimal',
  MONEY: 'decimal',
  SMALLMONEY: 'decimal',
  BIT: 'boolean',
  BOOLEAN: 'boolean',
  TINYINT: 'byte',
  SMALLINT: 'short',
  INTEGER: 'int',
  BIGINT: 'long',
  REAL: 'float',
  FLOAT: 'double',
  DOUBLE: 'double',
  BINARY: 'base64Binary',
  VARBINARY: 'base64Binary',
  LONG_VARBINARY: 'base64Binary',
  IMAGE: 'base64Binary',
  BLOB: 'base64Binary',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'dateTime',
  VARINT: 'integer',
  ANYURI: 'anyURI',
};

/**
 * Reads the params of a JSON body as GsonXMLStreamReader does (validateArgumentTypes, nextValue): a string fits
 * string, date, time, datetime (so not dateTime) and base64Binary; a number fits int, long, double, float, decimal,
 * byte and short, and is read as that type (nextInt, nextLong, nextDouble: 7.50 becomes 7.5); a boolean fits
 * boolean; null fits anything. A value that does not fit throws; a number is replaced by its text as read.
 */
function readJsonTypes(ds: DataServiceDef, request: RequestDef, body: unknown): void {
  // a member the schema does not name is read against its parent's type (nextName finds no element, nextValue
  // checks the enclosing one): the request element's type is '' for a single request, the request's name for an
  // item of a batch or a request box
  const readParams = (obj: unknown, types: Map<string, string | undefined>, parentType: string) => {
    if (!isJsonObject(obj)) return;
    for (const [k, v] of Object.entries(obj)) {
      if (!types.has(k)) {
        if (v !== null && !isJsonObject(v) && !Array.isArray(v)) readJsonValue(v, parentType);
        continue;
      }
      const t = types.get(k);
      if (t === undefined) continue;
      if (Array.isArray(v)) v.forEach((x, i) => (v[i] = readJsonValue(x, t)));
      else obj[k] = readJsonValue(v, t);
    }
  };
  const readRequest = (v: unknown, req: RequestDef | undefined, itemType: string) => {
    const types = inputTypes(ds, req);
    const batch = isJsonObject(v) && jsonBatch(v) !== undefined;
    if (!batch) return readParams(v, types, itemType);
    for (const val of Object.values(v as Record<string, unknown>))
      for (const item of Array.isArray(val) ? val : [val]) readParams(item, types, req?.name ?? '');
  };
  if (request.requestBox) {
    if (!isJsonObject(body)) return;
    for (const [name, val] of Object.entries(body))
      for (const item of Array.isArray(val) ? val : [val]) {
        const req = ds.requests.get(name);
        // the request box names no such request: left to the request box's own fault
        if (req) readRequest(item, req, name);
      }
    return;
  }
  readRequest(body, request, '');
}

function readJsonValue(v: unknown, type: string): unknown {
  if (v === null || isJsonObject(v) || Array.isArray(v)) return v;
  const token = isLosslessNumber(v) ? 'NUMBER' : typeof v === 'boolean' ? 'BOOLEAN' : 'STRING';
  const fits =
    type.toLowerCase() === token.toLowerCase() ||
    (token === 'NUMBER' && ['int', 'long', 'double', 'float', 'decimal', 'byte', 'short'].includes(type)) ||
    (token === 'STRING' && ['string', 'date', 'time', 'datetime', 'base64Binary'].includes(type));
  if (!fits)
    throw new JsonTypeMismatch(
      `Value type miss match, Expected value type - '${type}', but found - '${token}'`,
    );
  if (!isLosslessNumber(v)) return v;
  const text = v.value;
  if (type === 'int' || type === 'long' || type === 'byte' || type === 'short') {
    // JsonReader.nextInt / nextLong: an integral value (7.0 reads as 7)
    const n = Number(text);
    if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return String(n);
    return text;
  }
  // nextDouble, written with String.valueOf(double)
  const d = javaParseDouble(text);
  return d === undefined ? text : javaDoubleToString(d);
}

/** DBInOutMessageReceiver: the Accept header up to its first `;`, split on `,`, one item exactly application/json. */
function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const i = accept.indexOf(';');
  const a = i > 0 ? accept.slice(0, i) : accept;
  return a.split(',').some((s) => s.trim() === 'application/json');
}

function writeElement(a: Answer, status: number, el: slimdom.Element, node?: JsonNode): void {
  let body: string;
  let type: string;
  const gson = a.json && node ? gsonJson(el, node) : undefined;
  if (gson !== undefined) {
    body = gson;
    type = 'application/json; charset=UTF-8';
  } else if (a.formRequest && !a.json) {
    body = writeFormText(formFieldsOf(el));
    type = 'application/x-www-form-urlencoded; charset=UTF-8';
  } else if (a.json) {
    const numberText = { found: false };
    const ordered = { found: false };
    const x = xmlToJson(el, { numberText, ordered });
    body = ordered.found ? stringifyJson(x) : numberText.found ? jsonText(x) : JSON.stringify(x);
    type = 'application/json; charset=UTF-8';
  } else if (a.soap) {
    const ns = a.soap12 ? SOAP12_NS : SOAP11_NS;
    body = `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${ns}"><soapenv:Body>${serializeXml(el)}</soapenv:Body></soapenv:Envelope>`;
    type = a.soap12 ? 'application/soap+xml; charset=UTF-8' : 'text/xml; charset=UTF-8';
  } else {
    body = serializeXml(el);
    type = 'application/xml; charset=UTF-8';
  }
  a.res.writeHead(status, {
    server: SERVER_NAME,
    'content-type': type,
  });
  a.res.end(body);
}

/** An in-out answer whose SOAP body is empty: the envelope for SOAP, no body for POX and JSON (200). */
function writeEmpty(a: Answer): void {
  if (a.soap) {
    const ns = a.soap12 ? SOAP12_NS : SOAP11_NS;
    a.res.writeHead(200, {
      server: SERVER_NAME,
      'content-type': a.soap12 ? 'application/soap+xml; charset=UTF-8' : 'text/xml; charset=UTF-8',
    });
    a.res.end(
      `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${ns}"><soapenv:Body/></soapenv:Envelope>`,
    );
    return;
  }
  a.res.writeHead(200, {
    server: SERVER_NAME,
    'content-type': a.json ? 'application/json; charset=UTF-8' : 'application/xml; charset=UTF-8',
  });
  a.res.end();
}

function writeSoapFault(a: Answer, code: string, reason: string, detail: slimdom.Element | undefined): void {
  if (!a.soap && detail) return writeElement(a, 500, detail);
  const codeNs = code.startsWith('axis2ns1:') ? ` xmlns:axis2ns1="${DS_NS}"` : '';
  const d = detail ? serializeXml(detail) : '';
  const body = a.soap12
    ? `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP12_NS}"><soapenv:Body><soapenv:Fault><soapenv:Code><soapenv:Value${codeNs}>${code.startsWith('soapenv:') ? 'soapenv:Sender' : code}</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang="en-US">${esc(reason)}</soapenv:Text></soapenv:Reason><soapenv:Detail>${d}</soapenv:Detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
    : `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body><soapenv:Fault><faultcode${codeNs}>${code}</faultcode><faultstring>${esc(reason)}</faultstring><detail>${d}</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  a.res.writeHead(500, {
    server: SERVER_NAME,
    'content-type': a.soap12 ? 'application/soap+xml; charset=UTF-8' : 'text/xml; charset=UTF-8',
  });
  a.res.end(body);
}

/** DataServiceFault.getFullMessage. */
function fullMessage(
  ds: DataServiceDef,
  request: RequestDef,
  input: Map<string, ParamValue>,
  f: DsFault,
): string {
  let s = '';
  if (f.dsMessage !== undefined) s += `DS Fault Message: ${f.dsMessage}\n`;
  s += `Current Params: ${currentParamsText(input)}\n`;
  s += `Current Request Name: ${f.requestName ?? request.name}\n`;
  if (f.nested !== undefined) s += `Nested Exception:-\n${f.nested}\n`;
  s += `Source Data Service:-\n${sourceText(ds)}`;
  s += `DS Code: ${f.code}\n`;
  return s;
}

function sourceText(ds: DataServiceDef): string {
  return `Name: ${ds.name}\nLocation: ${location(ds)}\nDescription: ${ds.description ?? 'N/A'}\nDefault Namespace: ${ds.defaultNamespace}\n`;
}

/** DataService.setRelativeDsLocation: the path after `dataservices` (MI deploys .dbs files to .../dataservices/). */
function location(ds: DataServiceDef): string {
  return `/${basename(ds.file)}`;
}

/** DataServiceFault.extractFaultMessage: the DataServiceFault element with the fault's properties. */
function faultElement(
  ds: DataServiceDef,
  request: RequestDef,
  input: Map<string, ParamValue>,
  f: DsFault,
): slimdom.Element {
  const doc = new slimdom.Document();
  const root = doc.createElementNS(DS_NS, 'axis2ns1:DataServiceFault');
  const add = (parent: slimdom.Element, name: string, text: string | undefined) => {
    const e = doc.createElementNS(DS_NS, `axis2ns1:${name}`);
    if (text !== undefined) e.appendChild(doc.createTextNode(text));
    parent.appendChild(e);
    return e;
  };
  add(root, 'current_params', currentParamsText(input));
  add(root, 'current_request_name', f.requestName ?? request.name);
  add(root, 'nested_exception', f.nested);
  const src = add(root, 'source_data_service', undefined);
  add(src, 'location', location(ds));
  add(src, 'default_namespace', ds.defaultNamespace);
  add(src, 'description', ds.description ?? 'N/A');
  add(src, 'data_service_name', ds.name);
  add(root, 'ds_code', f.code);
  return root;
}

function addParam(input: Map<string, ParamValue>, k: string, v: string | null): void {
  const had = input.get(k);
  if (had === undefined) input.set(k, v);
  else input.set(k, [...(Array.isArray(had) ? had : [had ?? '']), v ?? '']);
}

/** The values of the `{x}` segments of a resource's path in the request path. */
function templateValues(request: RequestDef, sub: string): Record<string, string> {
  const out: Record<string, string> = {};
  const t = request.template;
  const m = t?.re.exec(sub);
  if (t && m)
    t.names.forEach((n, i) => {
      try {
        out[n] = decodeURIComponent(m[i + 1]);
      } catch {
        out[n] = m[i + 1];
      }
    });
  return out;
}

/**
 * The body's first element as MI's JSON builder makes it: an object with one member is that member's element,
 * anything else the jsonObject/jsonArray element.
 */
function jsonFirstElement(v: unknown): { name: string | undefined; value: unknown } {
  if (isJsonObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) return { name: keys[0], value: (v as Record<string, unknown>)[keys[0]] };
    return { name: undefined, value: v };
  }
  return { name: undefined, value: v };
}

/** The requests of a request box: the body element's children, each a single request or a batch. */
function boxEntries(
  jsonRoot: { name: string | undefined; value: unknown } | undefined,
  root: slimdom.Element | undefined,
): BoxEntry[] {
  const out: BoxEntry[] = [];
  if (jsonRoot) {
    const v = jsonRoot.value;
    if (!isJsonObject(v)) return out;
    for (const [name, val] of Object.entries(v as Record<string, unknown>))
      for (const item of Array.isArray(val) ? val : [val])
        out.push({ name, inputs: jsonBatch(item) ?? [new Map(jsonParams(item))] });
  } else if (root) {
    for (const c of root.children)
      out.push({
        name: c.localName,
        inputs: c.firstElementChild?.firstElementChild
          ? [...c.children].map((b) => new Map(xmlParams(b)))
          : [new Map(xmlParams(c))],
      });
  }
  return out;
}

/**
 * A JSON batch: the first element's children (a member with an array is several) each with members of its own,
 * as params; undefined when the first child has none (a single request).
 */
function jsonBatch(v: unknown): Map<string, ParamValue>[] | undefined {
  if (!isJsonObject(v)) return undefined;
  const items: unknown[] = [];
  for (const val of Object.values(v as Record<string, unknown>)) {
    if (Array.isArray(val)) items.push(...val);
    else items.push(val);
  }
  const first = items[0];
  if (!isJsonObject(first) || Object.keys(first).length === 0) return undefined;
  return items.map((item) => new Map(jsonParams(item)));
}

/** The child elements of the first element, as params (an array member gives several elements of one name). */
function jsonParams(v: unknown): [string, ParamValue][] {
  if (!isJsonObject(v)) return [];
  const out: [string, ParamValue][] = [];
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(val)) out.push([k, val.map(textOf)]);
    else out.push([k, val === null ? '' : textOf(val)]);
  }
  return out;
}

/** A JSON object (not an array, not a number read losslessly). */
function isJsonObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isLosslessNumber(v);
}

function textOf(v: unknown): string {
  if (isLosslessNumber(v)) return v.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return '';
  return String(v);
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** DataServiceRequest.getSingleInputValuesFromOM: one value per name, several as an array, xsi:nil as null. */
function xmlParams(root: slimdom.Element): [string, ParamValue][] {
  const groups = new Map<string, ParamValue[]>();
  for (const c of root.children) {
    const nil = c.getAttributeNS(XSI, 'nil');
    const v: ParamValue = nil === '1' || nil === 'true' ? null : (c.textContent ?? '');
    const list = groups.get(c.localName) ?? [];
    list.push(v);
    groups.set(c.localName, list);
  }
  return [...groups].map(([k, vs]) => [
    k,
    vs.length === 1 ? vs[0] : vs.map((x) => (x === null ? '' : (x as string))),
  ]);
}

function readBody(req: IncomingMessage, preRead: Buffer | undefined, max: number): Promise<Buffer> {
  if (preRead) return Promise.resolve(preRead);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
