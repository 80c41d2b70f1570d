/**
 * Runs a data service request as MI's engine does: CallQuery.extractParams (with-params, default values), Query
 * (params, validators), the CSV or SQL query, and the result written as XML (Query.writeResultEntry,
 * StaticOutputElement, XMLWriterHelper: the wrapper in the result namespace, rows, elements, attributes, nested
 * call-queries, xsi:nil for NULL).
 */
import * as slimdom from 'slimdom';
import {
  DS_NS,
  type CallQueryDef,
  type DataServiceDef,
  type OutputItem,
  type QueryDef,
  type QueryParam,
  type RequestDef,
} from './model';
import { csvRows, DriverError, replaceOutsideQuotes, Tx, type Pools, type Row } from './sources';
import { excelRows } from './excel';
import { transformXmlText } from '../mediators/xslt';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { javaParseDouble } from '../expr/values';
import { javaHashOrder } from './java';
import { parseJavaInt, parseJavaLong } from '../../../core/javaNumbers';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** A request parameter: text, null (xsi:nil), or several values (an array param). */
export type ParamValue = string | null | string[];

/** DataServiceFault: a code (DATABASE_ERROR, VALIDATION_ERROR, ...), MI's message, the nested exception's text. */
export class DsFault extends Error {
  /** The params of the request that failed (set for a request of a batch or a request box). */
  params?: Map<string, ParamValue>;
  /** The request that failed inside a request box (DataService.invoke names it). */
  requestName?: string;
  constructor(
    readonly code: string,
    readonly dsMessage: string | undefined,
    readonly nested?: string,
  ) {
    super(dsMessage ?? nested ?? code);
  }
}

/** Params of one call (ExternalParamCollection): columns and query-params by lower-cased name. */
interface Params {
  column: Map<string, ParamValue>;
  queryParam: Map<string, ParamValue>;
}

const MAX_NESTING = 32;

/** StaticOutputElement.NON_PRINTABLE_CHARS: what XML 1.0 cannot hold. */
const NON_PRINTABLE = /[^\t\r\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export interface RunContext {
  service: DataServiceDef;
  pools: Pools;
  doc: slimdom.Document;
  /** The transaction of a batch request. */
  tx?: Tx;
  /** The values exported by the requests of a request box so far (TLParamStore), by export name. */
  exports?: Map<string, ParamValue>;
}

/** Runs a request; the element MI answers with, or undefined when the request has no result. */
export async function runRequest(
  service: DataServiceDef,
  request: RequestDef,
  input: Map<string, ParamValue>,
  pools: Pools,
  tx?: Tx,
  exports?: Map<string, ParamValue>,
): Promise<slimdom.Element | undefined> {
  const doc = new slimdom.Document();
  if (!request.call) return undefined;
  const params: Params = { column: new Map(), queryParam: new Map() };
  for (const [k, v] of input) params.queryParam.set(k.toLowerCase(), v);
  const holder = doc.createElement('holder');
  await callQuery({ service, pools, doc, tx, exports }, request.call, params, holder, 0);
  const query = service.queries.get(request.call.href);
  if (!query?.result) return undefined;
  const out = holder.firstElementChild ?? undefined;
  // SingleDataServiceRequest.executeXsltTranformation: the result's stylesheet over the whole answer
  if (out && query.result.xslt) {
    try {
      const text = await transformXmlText(query.result.xslt.text, serializeXml(out), []);
      return parseXmlElement(text.replace(/^\s*<\?xml[^>]*\?>/, '').trim());
    } catch (e) {
      throw new DsFault('UNKNOWN_ERROR', 'Error in result XSLT transformation', (e as Error).message);
    }
  }
  return out;
}

/**
 * A batch request (BatchDataServiceRequest): each param set runs as a single request, all in one transaction that
 * is committed when every one succeeded and rolled back otherwise; the answer is the last non-empty result.
 */
export async function runBatch(
  service: DataServiceDef,
  request: RequestDef,
  inputs: Map<string, ParamValue>[],
  pools: Pools,
): Promise<slimdom.Element | undefined> {
  const tx = new Tx();
  let result: slimdom.Element | undefined;
  let ok = false;
  try {
    for (const input of inputs) {
      let r;
      try {
        r = await runRequest(service, request, input, pools, tx);
      } catch (e) {
        if (e instanceof DsFault) e.params = input;
        throw e;
      }
      if (r && r.firstChild) result = r;
    }
    ok = true;
  } finally {
    await tx.end(ok);
  }
  return result;
}

/** One request of a request box: its name and its param sets (several for a batch). */
export interface BoxEntry {
  name: string;
  inputs: Map<string, ParamValue>[];
}

/**
 * A request box (RequestBoxRequest, RequestBox.execute): the requests run in order in one transaction; the answer is
 * the last request's result inside DATA_SERVICE_REQUEST_BOX_RESPONSE (DBUtils.wrapBoxCarringResponse), empty when
 * the last request has none.
 */
export async function runRequestBox(
  service: DataServiceDef,
  entries: BoxEntry[],
  pools: Pools,
): Promise<slimdom.Element> {
  const tx = new Tx();
  // RequestBoxRequest: the exported values live for the request box (TLParamStore, cleared at its end)
  const exports = new Map<string, ParamValue>();
  let last: slimdom.Element | undefined;
  let ok = false;
  try {
    for (const entry of entries) {
      const request = service.requests.get(entry.name);
      if (!request || request.requestBox)
        throw new DsFault(
          'UNKNOWN_ERROR',
          `A data service request named '${entry.name}' does not exist in data service '${service.name}'`,
        );
      last = undefined;
      for (const input of entry.inputs) {
        let r;
        try {
          r = await runRequest(service, request, input, pools, tx, exports);
        } catch (e) {
          if (e instanceof DsFault) {
            e.params = input;
            e.requestName = entry.name;
          }
          throw e;
        }
        if (r && (entry.inputs.length === 1 || r.firstChild)) last = r;
      }
    }
    ok = true;
  } finally {
    await tx.end(ok);
  }
  const doc = new slimdom.Document();
  const wrapper = doc.createElementNS(DS_NS, 'axis2ns1:DATA_SERVICE_REQUEST_BOX_RESPONSE');
  if (last) wrapper.appendChild(doc.importNode(last, true));
  return wrapper;
}

async function callQuery(
  rc: RunContext,
  call: CallQueryDef,
  params: Params,
  parent: slimdom.Element,
  level: number,
): Promise<void> {
  if (level > MAX_NESTING)
    throw new DsFault('UNKNOWN_ERROR', `Nested queries deeper than ${MAX_NESTING} levels`);
  const query = rc.service.queries.get(call.href);
  if (!query) throw new DsFault('UNKNOWN_ERROR', `Query with the query id: '${call.href}' cannot be found`);
  const result = query.result;
  let target = parent;
  if (result?.element) {
    target = rc.doc.createElementNS(result.namespace, result.element);
    // XMLWriterHelper.startWrapperElement: the wrapper declares the default namespace
    target.setAttributeNS(XMLNS_NS, 'xmlns', result.namespace);
    parent.appendChild(target);
  }
  // default values (CallQuery.processDefaultValues), then the with-params (CallQuery.extractParams)
  const temp = new Map<string, ParamValue>();
  for (const qp of query.params)
    if (qp.defaultValue !== undefined) temp.set(qp.name, defaultValue(qp.defaultValue, qp.paramType));
  const qparams = new Map<string, ParamValue>();
  for (const wp of call.withParams) {
    const found = lookup(params, wp.refType, wp.ref);
    // a NULL for a forceDefault param with a default: the default is used (the query param is looked up by the
    // with-param's reference, as MI's queryParamMap.get(paramName) does)
    if (
      found === null &&
      temp.has(wp.name) &&
      query.params.find((p) => p.name.toLowerCase() === wp.ref)?.forceDefault
    )
      continue;
    if (found !== undefined) qparams.set(wp.name, found);
    else if (temp.has(wp.name)) continue;
    else if (
      query.sqlKind === 'update' &&
      query.params.find((p) => p.name.toLowerCase() === wp.ref)?.optional
    )
      continue;
    else
      throw new DsFault(
        'INCOMPATIBLE_PARAMETERS_ERROR',
        `Error in 'CallQuery.extractParams', cannot find parameter with type:${wp.refType} name:${wp.original ?? wp.ref}`,
      );
  }
  for (const [k, v] of temp) if (!qparams.has(k)) qparams.set(k, v);
  await runQuery(rc, query, qparams, target, level);
}

function lookup(params: Params, type: 'column' | 'query-param', name: string): ParamValue | undefined {
  const primary = type === 'column' ? params.column : params.queryParam;
  if (primary.has(name)) return primary.get(name);
  // "workaround for users using 'column' and 'query-param' as the same"
  if (params.queryParam.has(name)) return params.queryParam.get(name);
  return params.column.get(name);
}

/**
 * CallQuery.evaluateDefaultValue: `#{NULL}` and the other system values (evaluateGetProperty); an ARRAY param's
 * default is split at its commas (getParamValueListFromString: quotes, `\` escapes).
 */
function defaultValue(v: string, paramType: 'SCALAR' | 'ARRAY' = 'SCALAR'): ParamValue {
  let value: string | null = v;
  if (v.startsWith('#{') && v.endsWith('}')) {
    const prop = v.slice(2, -1).trim();
    // CURRENT_TIMESTAMP: SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") in the local zone (the Z is a literal)
    value = prop === 'CURRENT_TIMESTAMP' ? localStampZ(new Date()) : prop === 'TENANT_ID' ? '-1234' : null;
  }
  if (paramType !== 'ARRAY') return value;
  if (value === null) return [null as unknown as string];
  return splitDefault(value);
}

function localStampZ(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}Z`;
}

/** CallQuery.getParamValueListFromString: values between commas, optionally quoted, `\` escaping. */
function splitDefault(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let escape = false;
  let quote = '';
  let b = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (i === start && !quoted && (c === "'" || c === '"')) {
      quote = c;
      quoted = true;
      start++;
      continue;
    }
    if (escape) {
      escape = false;
      b += c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c;
    } else if (c === '\\') escape = true;
    else if (quoted && c === quote) {
      if (i + 1 === s.length) {
        quoted = false;
        break;
      }
      if (s[i + 1] !== ',')
        throw new DsFault(
          'UNKNOWN_ERROR',
          `Value started as quoted value with (') but terminated prematurely at ${i} maybe escape (\\) is missing before ' or a , Processed Value up to error point: ${s.slice(start, i + 1)}`,
        );
      i++;
      out.push(b);
      b = '';
      start = i + 1;
      quoted = false;
    } else if (!quoted && c === ',') {
      out.push(b);
      b = '';
      start = i + 1;
    } else b += c;
  }
  // the loop's end as getParamValueListFromString checks it
  if (escape) throw new DsFault('UNKNOWN_ERROR', 'Input ended abruptly with \\');
  if (quoted)
    throw new DsFault('UNKNOWN_ERROR', 'At the end there was a quote present without ending quote.');
  out.push(b);
  return out;
}

async function runQuery(
  rc: RunContext,
  query: QueryDef,
  qparams: Map<string, ParamValue>,
  target: slimdom.Element,
  level: number,
): Promise<void> {
  if (query.unsupported) throw new DsFault('DATABASE_ERROR', query.unsupported);
  // Query.extractParams: every IN param needs a value unless optional or defaulted
  const bound: { param: QueryParam; value: ParamValue | undefined }[] = [];
  for (const p of query.params) {
    let v = qparams.get(p.name);
    if (v === undefined && p.type !== 'OUT') {
      if (p.optional) continue;
      // a value exported by an earlier request of the request box
      v = rc.exports?.get(p.name);
      if (v === undefined && p.defaultValue === undefined)
        throw new DsFault(
          'INCOMPATIBLE_PARAMETERS_ERROR',
          `Error in 'Query.extractParams', cannot find query param with name:${p.name}`,
        );
    }
    if (p.paramType === 'ARRAY' && typeof v === 'string') v = [v];
    bound.push({ param: p, value: v });
  }
  // Query.validateParams
  for (const { param, value } of bound) {
    if (value === undefined || value === null) continue;
    for (const val of param.validators) {
      const values = Array.isArray(value) ? value : [value];
      if (!values.every((s) => validScalar(val, s)))
        throw new DsFault(
          'VALIDATION_ERROR',
          undefined,
          `${val.message}\nField Name: ${param.name}\nField Value: ${Array.isArray(value) ? `{${value.join(',')}}` : value}`,
        );
    }
  }
  const config = rc.service.configs.get(query.configId);
  if (!config || config.kind === 'unsupported')
    throw new DsFault(
      'DATABASE_ERROR',
      `Config '${query.configId}' (${config?.reason ?? 'not defined'}) cannot run in the embedded runtime`,
    );
  let rows: Row[];
  let updateCount = -1;
  if (config.kind === 'csv') {
    try {
      rows = csvRows(config.csv!);
    } catch (e) {
      throw new DsFault('UNKNOWN_ERROR', 'Error in CSVQuery.runQuery.', javaIoText(e as Error));
    }
  } else if (config.kind === 'excel') {
    if (!query.excel) throw new DsFault('DATABASE_ERROR', `Query '${query.id}' has no <excel>`);
    try {
      rows = excelRows(config.excel!.file, query.excel);
    } catch (e) {
      throw new DsFault('UNKNOWN_ERROR', 'Error in ExcelQuery.runQuery.', javaIoText(e as Error));
    }
  } else {
    if (query.sql === undefined) throw new DsFault('DATABASE_ERROR', `Query '${query.id}' has no SQL`);
    const values: unknown[] = [];
    for (const { param, value } of bound) {
      const v = value === undefined ? null : sqlValue(param, value, query.sqlKind);
      for (const o of param.ordinals) values[o - 1] = v;
    }
    for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = null;
    const where = query.sqlKind === 'update' ? 'processPostNormalQuery' : 'processPreNormalQuery';
    try {
      // SQLQuery.writeGeneratedElements: the updated row count wins over the generated keys
      const returning =
        query.returnGeneratedKeys && !query.returnUpdatedRowCount ? query.keyColumns : undefined;
      // an ARRAY param's `?` stands for as many `?` as it has values (SQLQuery.createProcessedPreparedStatement)
      const expanded = expandArrays(query.sql, values);
      const r = await rc.pools.run(
        config.rdbms!,
        `${rc.service.name}/${config.id}`,
        expanded.sql,
        expanded.values,
        returning,
        'dss',
        rc.tx,
      );
      rows = query.maxRows !== undefined ? r.rows.slice(0, query.maxRows) : r.rows;
      updateCount = r.updateCount;
    } catch (e) {
      if (e instanceof DsFault) throw e;
      const nested = e instanceof DriverError ? e.nested : `java.sql.SQLException: ${(e as Error).message}`;
      throw new DsFault(
        'DATABASE_ERROR',
        `Error in 'SQLQuery.${where}': ${nested.replace(/^[\w.]+: /, '')}`,
        nested,
      );
    }
    if (query.returnUpdatedRowCount) rows = [{ names: ['1'], values: [String(Math.max(updateCount, 0))] }];
  }
  const result = query.result;
  if (!result) return;
  const internal = new Map<string, ParamValue>();
  for (const { param, value } of bound)
    if (value !== undefined) internal.set(param.name.toLowerCase(), value);
  for (const row of rows) {
    const params: Params = { column: new Map(), queryParam: internal };
    for (let i = 0; i < row.values.length; i++) {
      const key = result.useColumnNumbers ? String(i + 1) : row.names[i].toLowerCase();
      if (!params.column.has(key)) params.column.set(key, row.values[i]);
    }
    let rowEl = target;
    if (result.rowName) {
      rowEl = rc.doc.createElementNS(result.namespace, result.rowName);
      target.appendChild(rowEl);
    }
    await writeItems(rc, result.items, params, rowEl, result.namespace, level, !!result.escapeNonPrintable);
  }
}

async function writeItems(
  rc: RunContext,
  items: OutputItem[],
  params: Params,
  el: slimdom.Element,
  ns: string,
  level: number,
  escapeNonPrintable = false,
): Promise<void> {
  for (const item of items) {
    if (item.kind === 'call') {
      await callQuery(rc, item.call, params, el, level + 1);
      continue;
    }
    if (item.kind === 'group') {
      const g = rc.doc.createElementNS(item.namespace ?? ns, item.name);
      el.appendChild(g);
      await writeItems(rc, item.items, params, g, item.namespace ?? ns, level, escapeNonPrintable);
      continue;
    }
    let value: ParamValue;
    if (item.ref === undefined) value = item.value ?? null;
    else {
      const found = lookup(params, item.refType, item.ref);
      if (found === undefined) {
        if (item.optional) continue;
        throw new DsFault(
          'INCOMPATIBLE_PARAMETERS_ERROR',
          `Error in 'StaticOutputElement.execute', cannot find parameter with type:${item.refType} name:${item.ref}`,
        );
      }
      value = found;
    }
    if (escapeNonPrintable && typeof value === 'string') value = value.replace(NON_PRINTABLE, '?');
    // StaticOutputElement.exportParam: inside a request box, the value is kept for the requests after it
    if (item.export !== undefined && rc.exports) {
      const text = Array.isArray(value) ? value.join(',') : value;
      if (item.exportType === 'ARRAY') {
        const had = rc.exports.get(item.export);
        rc.exports.set(item.export, [...(Array.isArray(had) ? had : []), text ?? '']);
      } else rc.exports.set(item.export, text);
    }
    if (item.kind === 'attribute') {
      if (value !== null) el.setAttribute(item.name, Array.isArray(value) ? value.join('') : value);
      continue;
    }
    const c = rc.doc.createElementNS(item.namespace ?? ns, item.name);
    if (value === null) c.setAttributeNS(XSI_NS, 'xsi:nil', 'true');
    else c.appendChild(rc.doc.createTextNode(Array.isArray(value) ? value.join('') : value));
    el.appendChild(c);
  }
}

function validScalar(v: QueryParam['validators'][number], s: string): boolean {
  switch (v.kind) {
    case 'length':
      return (v.min === undefined || s.length >= v.min) && (v.max === undefined || s.length <= v.max);
    case 'pattern':
      return v.re.test(s);
    case 'long': {
      if (!/^[+-]?\d+$/.test(s)) return false;
      const n = BigInt(s);
      return (v.min === undefined || n >= v.min) && (v.max === undefined || n <= v.max);
    }
    case 'double': {
      const n = javaParseDouble(s);
      return n !== undefined && (v.min === undefined || n >= v.min) && (v.max === undefined || n <= v.max);
    }
  }
}

/** The value bound for a `?` (SQLQuery.setParamInPreparedStatement by sqlType). */
function sqlValue(p: QueryParam, value: ParamValue, kind: 'select' | 'update'): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => sqlValue(p, v, kind));
  const where = kind === 'update' ? 'processPostNormalQuery' : 'processPreNormalQuery';
  const numberFault = (msg: string) =>
    new DsFault(
      'INCOMPATIBLE_PARAMETERS_ERROR',
      `Error in 'SQLQuery.${where}': ${msg}`,
      `java.lang.NumberFormatException: ${msg}`,
    );
  switch (p.sqlType) {
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT': {
      const n = parseJavaInt(value);
      if (n === undefined) throw numberFault(`For input string: "${value}"`);
      return n;
    }
    case 'BIGINT':
      // (Long.parseLong's reading, out of range included; the digits go on as written)
      if (parseJavaLong(value) === undefined) throw numberFault(`For input string: "${value}"`);
      return value;
    case 'DOUBLE':
    case 'FLOAT':
    case 'REAL': {
      const n = javaParseDouble(value);
      if (n === undefined)
        throw numberFault(value.trim() === '' ? 'empty String' : `For input string: "${value}"`);
      return n;
    }
    case 'NUMERIC':
    case 'DECIMAL':
      if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value))
        throw numberFault(`Character array is missing "exponent" mark 'e' or 'E'.`);
      return value.trim();
    case 'BOOLEAN':
    case 'BIT':
      return value.toLowerCase() === 'true';
    case 'DATE':
      if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(value.trim())) {
        // SQLQuery.setDateValue wraps java.sql.Date.valueOf's IllegalArgumentException in a DataServiceFault, which
        // the query wraps again: the nested exception is the inner fault's full message
        const inner = `Incorrect date format for parameter  : ${p.name}. Date should be in yyyy-mm-dd format.`;
        const nested = `DS Fault Message: ${inner}\nNested Exception:-\njava.lang.IllegalArgumentException\nDS Code: UNKNOWN_ERROR\n`;
        throw new DsFault('DATABASE_ERROR', `Error in 'SQLQuery.${where}': ${nested}`, nested);
      }
      return value.trim();
    case 'BINARY':
    case 'BLOB':
      return Buffer.from(value, 'base64');
    case 'TIMESTAMP': {
      // SQLQuery.setTimestampValue: DBUtils.getTimestamp (ConverterUtil.convertToDateTime), set as a local time
      const local = timestampParam(value);
      if (typeof local !== 'string')
        // processPreNormalQuery: a NumberFormatException is INCOMPATIBLE_PARAMETERS_ERROR, another exception a
        // DATABASE_ERROR (ConverterUtil throws both)
        throw new DsFault(
          local.nested.startsWith('java.lang.NumberFormatException')
            ? 'INCOMPATIBLE_PARAMETERS_ERROR'
            : 'DATABASE_ERROR',
          `Error in 'SQLQuery.${where}': ${local.message}`,
          local.nested,
        );
      return local;
    }
    case 'QUERY_STRING':
      // ExpressionQuery.processDynamicQuery: the value is written into the SQL in place of its `?` (an optional
      // QUERY_STRING param is bound as a value)
      return p.optional ? value : new InlineSql(value);
    default:
      return value;
  }
}

/**
 * ConverterUtil.convertToDateTime: `yyyy-MM-ddTHH:mm:ss[.f][Z|±hh:mm]` (a value without a zone is at the zone's
 * raw offset, without daylight saving), as the local wall time JDBC's setTimestamp writes; or the exception it
 * throws (a value shorter than 19 characters, or without its - - T : : in place).
 */
function timestampParam(source: string): string | { message: string; nested: string } {
  const v = source.trim();
  if (v.length < 19) {
    const m = 'date string can not be less than 19 characters';
    return { message: m, nested: `java.lang.NumberFormatException: ${m}` };
  }
  if (v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') {
    const m = `invalid date format (${v}) with out - s at correct place `;
    return { message: m, nested: `java.lang.RuntimeException: ${m}` };
  }
  const num = (a: number, b: number) => Number(v.slice(a, b));
  const [y, mo, d, h, mi, sec] = [num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)];
  let rest = v.slice(19);
  let ms = 0;
  let offsetMin: number | undefined;
  // a zone without its colon: ConverterUtil's RuntimeException (after a fraction the last + is looked for, else -)
  const signAt = rest.startsWith('.')
    ? rest.endsWith('Z')
      ? -1
      : rest.lastIndexOf('+') > 0
        ? rest.lastIndexOf('+')
        : rest.lastIndexOf('-')
    : /^[+-]/.test(rest)
      ? 0
      : -1;
  if (signAt >= 0 && rest[signAt + 3] !== ':') {
    const m = `invalid time zone format (${v}) without : at correct place`;
    return { message: m, nested: `java.lang.RuntimeException: ${m}` };
  }
  const zone = /(Z|[+-]\d\d:\d\d)$/.exec(rest);
  if (zone) {
    rest = rest.slice(0, zone.index);
    offsetMin =
      zone[1] === 'Z'
        ? 0
        : (zone[1][0] === '-' ? -1 : 1) * (Number(zone[1].slice(1, 3)) * 60 + Number(zone[1].slice(4, 6)));
  }
  if (rest.startsWith('.')) {
    const frac = rest.slice(1);
    ms = frac.length === 3 ? Number(frac) : Math.trunc((Number(frac) * 1000) / 10 ** frac.length);
  } else if (rest !== '') {
    const m = 'Invalid time zone attribute';
    return { message: m, nested: `java.lang.NumberFormatException: ${m}` };
  }
  if ([y, mo, d, h, mi, sec, ms].some((n) => Number.isNaN(n))) {
    const m = `For input string: "${v}"`;
    return { message: m, nested: `java.lang.NumberFormatException: ${m}` };
  }
  if (offsetMin === undefined) {
    // TimeZone.getRawOffset: the zone's standard offset (the smaller one of the year)
    const jan = -new Date(y, 0, 1).getTimezoneOffset();
    const jul = -new Date(y, 6, 1).getTimezoneOffset();
    offsetMin = Math.min(jan, jul);
  }
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60000);
  const p2 = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p2(t.getFullYear(), 4)}-${p2(t.getMonth() + 1)}-${p2(t.getDate())} ${p2(t.getHours())}:${p2(t.getMinutes())}:${p2(t.getSeconds())}.${p2(t.getMilliseconds(), 3)}`;
}

/** A QUERY_STRING param's value: SQL text that takes the place of its `?`. */
export class InlineSql {
  constructor(readonly text: string) {}
}

/**
 * Expands each `?` (outside quotes) bound to an array into one `?` per value, and writes a QUERY_STRING value in
 * place of its `?`.
 */
export function expandArrays(sql: string, values: unknown[]): { sql: string; values: unknown[] } {
  if (!values.some((v) => Array.isArray(v) || v instanceof InlineSql)) return { sql, values };
  let n = 0;
  const flat: unknown[] = [];
  const out = replaceOutsideQuotes(sql, /\?/g, () => {
    const v = values[n++];
    if (v instanceof InlineSql) return v.text;
    if (!Array.isArray(v)) {
      flat.push(v);
      return '?';
    }
    flat.push(...(v as unknown[]));
    return v.map(() => '?').join(',');
  });
  return { sql: out, values: flat };
}

function javaIoText(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return `java.io.FileNotFoundException: ${(e as NodeJS.ErrnoException).path ?? ''} (No such file or directory)`;
  return `java.io.IOException: ${e.message}`;
}

/** Map.toString of the request params (DataServiceFault current_params), in HashMap order. */
export function currentParamsText(input: Map<string, ParamValue>): string {
  const keys = javaHashOrder([...input.keys()]);
  return `{${keys
    .map((k) => {
      const v = input.get(k);
      return `${k}=${Array.isArray(v) ? `{${v.join(',')}}` : v === null ? 'null' : v}`;
    })
    .join(', ')}}`;
}

export { DS_NS };
