/**
 * datamapper: runs a data-mapper configuration (the compiled JavaScript `.dmc` of a mapping, with its input and
 * output JSON schemas, all registry resources) the way Micro Integrator's DataMapperMediator does.
 *
 * - Keys: `gov:/...`, `conf:/...`, local entries, and MI 4.4's `resources:datamapper/<Name>/<Name>.dmc` (read from
 *   the project's resources folder, or from a CAR's /_system/governance/mi-resources). Resolved on the first message,
 *   then kept: the `.dmc` is compiled once per deployment into a `node:vm` context of its own (no require/process;
 *   string code generation and wasm off) inside one worker thread shared by all mappings. Calls run one at a time,
 *   each (promise jobs included) bounded to 2 s by replacing the worker, which then loads the live mappings again;
 *   the worker's heap is capped. Only strings cross (the input and the properties as JSON text in, the result as
 *   JSON text out), and what the mapping defines or throws is read inside its context, so no host object is
 *   reachable from the mapping and none of its code runs on the main thread. A changed `.dmc` is read again when the
 *   artifact using it is redeployed.
 * - The call: MI binds `DM_PROPERTIES` and the input variable `input<InputSchemaTitle>` as globals, then calls
 *   `map_S_<in>_S_<out>()` (titles after their last `:`); a `.dmc` without that function but with `mapFunction` is
 *   called as `mapFunction(input)`.
 * - Input: JSON as it is; XML converted to an object following the input schema (the root element is the schema's
 *   title and becomes the object itself; `array` fields collect repeated elements, one element still makes an
 *   array; `number`/`integer`/`boolean` fields are typed; attributes become `attr_<name>`; an object's own text is
 *   `_ELEMVAL`; namespaced names take the schema's prefix as `prefix_name`; `-` in names is encoded as MI encodes
 *   it; elements the schema does not declare are left out); CSV rows become objects whose fields are the schema's
 *   item properties in order.
 * - Output: JSON (messageType application/json); XML built from the result with the output schema's title as the
 *   root element and its namespaces declared (messageType application/xml); CSV as comma-separated rows (a text
 *   payload, messageType text/plain; MI wraps it in a text element and says text/xml).
 * - `DM_PROPERTIES.<SCOPE>['name']` and dm-utils' `getPropertyValue('scope', 'name')`: the properties named
 *   literally in the `.dmc` are read per message by scope (DEFAULT/SYNAPSE, TRANSPORT, AXIS2, AXIS2CLIENT,
 *   OPERATION, FUNC); a missing one is an empty string, as in MI.
 * - MI 4.4 projects keep only the TypeScript mapping (`<Name>.ts`, with `dm-utils.ts`): the `.dmc` and the two
 *   schemas are build outputs. When one of them is missing and the `.ts` is beside its key, the mapping is built
 *   from the `.ts` (core/datamapper, once per source text, the parser loaded only then); a build error faults with
 *   its DM_BUILD_* code and the `.ts` line.
 * - Faults name the mediator's file and line and carry a code: DM_MISSING_CONFIG, DM_BUILD_* (the `.ts` does not
 *   build), DM_MISSING_SCHEMA, DM_BAD_SCHEMA, DM_SYNTAX,
 *   DM_NO_FUNCTION, DM_SCRIPT_ERROR (with the `.dmc` line), DM_TIMEOUT, DM_INPUT_TYPE, DM_INPUT_ROOT,
 *   DM_INPUT_VALUE, DM_OUTPUT.
 * - `xsltStyleSheet`: MI's XSLT form (XML to XML with a stylesheet the tooling marked usable) runs the stylesheet
 *   instead of the JavaScript mapping (see runXsltForm).
 * - Not supported: the schema-less `target`/`variable` form (warned at load, faults when run); dynamic `{...}` keys.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type * as slimdom from 'slimdom';
import { attrValue, parseXml } from '../../../core/xml';
import {
  buildDataMapper,
  DataMapperBuildError,
  dataMapperOutputOf,
  dataMapperSourceOf,
  dmUtilsBeside,
  type DataMapperBuild,
} from '../../../core/datamapper';
import { registerMediator } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import { artifactLabel, type Executor, type Registry } from '../executor';
import { kindOf, TEXT_NS } from '../payload';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { transformXmlText } from './xslt';
import { base } from './util';
import { javaHashOrder } from '../javaHashOrder';

const TIMEOUT_MS = 2000;
const HYPHEN_CODE = '_EnC0DeCHaRHyPh3n_';
const NAME_SEPARATOR = '_Separat0r_';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

type DmType = 'JSON' | 'XML' | 'CSV';
type Node = Record<string, unknown>;

function dmType(v: string | undefined): DmType | undefined {
  if (!v) return undefined;
  const u = v.trim().toUpperCase();
  if (u === 'JSON' || u === 'JSONSCHEMA' || u === 'CONNECTOR') return 'JSON';
  if (u === 'XML' || u === 'XSD') return 'XML';
  if (u === 'CSV') return 'CSV';
  return undefined;
}

/** A field name as MI's readers write it into the input object. */
function fieldName(name: string): string {
  return name.replace(/:/g, '_').replace(/,/g, NAME_SEPARATOR).replace(/=/g, '_').replace(/-/g, HYPHEN_CODE);
}

/** An object without a prototype: names from payloads and schemas (`__proto__` included) stay plain fields. */
function bare(): Node {
  return Object.create(null) as Node;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A data-mapper JSON schema: its title, root node and namespaces. */
class DmSchema {
  readonly name: string;
  readonly declaredType: DmType | undefined;
  /** namespace URI -> prefixes; prefix -> URI */
  readonly prefixes = new Map<string, string[]>();
  readonly uris = new Map<string, string>();
  constructor(
    readonly root: Node,
    which: 'input' | 'output',
  ) {
    const title = root.title;
    this.name = typeof title === 'string' && title ? title : 'root';
    this.declaredType = dmType(
      typeof root[which === 'input' ? 'inputType' : 'outputType'] === 'string'
        ? (root[which === 'input' ? 'inputType' : 'outputType'] as string)
        : undefined,
    );
    const ns = root.namespaces;
    if (Array.isArray(ns))
      for (const n of ns) {
        if (!isNode(n) || typeof n.prefix !== 'string' || typeof n.url !== 'string') continue;
        const list = this.prefixes.get(n.url) ?? [];
        list.push(n.prefix);
        this.prefixes.set(n.url, list);
        this.uris.set(n.prefix, n.url);
      }
  }
  /** Properties and attributes of a node, as MI merges them. */
  static fields(node: Node): Node {
    const out = bare();
    for (const part of [node.properties, node.attributes])
      if (isNode(part)) for (const [k, v] of Object.entries(part)) out[k] = v;
    return out;
  }
  static items(node: Node): Node {
    const it = node.items;
    if (Array.isArray(it)) return isNode(it[0]) ? it[0] : {};
    return isNode(it) ? it : {};
  }
  static typeOf(node: unknown): string {
    if (!isNode(node)) return 'null';
    const t = node.type;
    if (typeof t === 'string') return t;
    if (Array.isArray(t)) return String(t.find((x) => x !== 'null') ?? 'null');
    return 'null';
  }
  /** The schema name of an element or attribute (`prefix:local` when its namespace has a prefix here). */
  qname(uri: string | null, local: string, fields: Node | undefined): string {
    if (!uri) return local;
    const list = this.prefixes.get(uri);
    if (!list?.length) return local;
    if (list.length === 1) return `${list[0]}:${local}`;
    for (const p of list) {
      const q = `${p}:${local}`;
      if (q === this.name || (fields && q in fields)) return q;
    }
    return `${list[0]}:${local}`;
  }
}

/** The text directly inside an element (MI's getText). */
function ownText(el: slimdom.Element): string {
  let s = '';
  for (let c = el.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 3 || c.nodeType === 4) s += c.nodeValue ?? '';
  return s;
}

/** Thrown while converting; becomes a MediationError with the mediator's label. */
class DmError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function typed(text: string, type: string, field: string): unknown {
  switch (type) {
    case 'boolean':
      return text.trim().toLowerCase() === 'true';
    case 'number': {
      const t = text.trim();
      const n = Number(t);
      if (t === '' || Number.isNaN(n))
        throw new DmError(
          'DM_INPUT_VALUE',
          `'${text}' in ${field} is not a number (the input schema says number)`,
        );
      return n;
    }
    case 'integer': {
      const t = text.trim();
      if (!/^[+-]?\d+$/.test(t))
        throw new DmError(
          'DM_INPUT_VALUE',
          `'${text}' in ${field} is not an integer (the input schema says integer)`,
        );
      return Number.parseInt(t, 10);
    }
    default:
      return text;
  }
}

function isNil(el: slimdom.Element): boolean {
  return (el.getAttributeNS(XSI_NS, 'nil') ?? '').toLowerCase() === 'true';
}

/** XML to the input object, following the input schema as MI's XML reader does. */
function xmlInput(root: slimdom.Element, schema: DmSchema): Node {
  const rootName = schema.qname(root.namespaceURI, root.localName, undefined);
  const want = schema.name;
  if (rootName !== want && root.localName !== want.split(':').pop())
    throw new DmError(
      'DM_INPUT_ROOT',
      `the payload root <${root.nodeName}> is not the input schema's root '${want}' (check inputType and the input schema)`,
    );
  const out = bare();
  if (!isNil(root)) fill(root, out, DmSchema.fields(schema.root), schema);
  return out;
}

function attrs(el: slimdom.Element, obj: Node, fields: Node, schema: DmSchema): void {
  for (const a of Array.from(el.attributes)) {
    if (a.localName.includes('xmlns') || a.prefix === 'xmlns') continue;
    const q = schema.qname(a.namespaceURI, a.localName, fields);
    // xsi: attributes (nil, type) are read only where the schema declares them
    if (a.namespaceURI === XSI_NS && !isNode(fields[q])) continue;
    const t = DmSchema.typeOf(fields[q]);
    obj[fieldName(`attr_${q}`)] = typed(a.value, t === 'null' ? 'string' : t, `@${q}`);
  }
}

function fill(el: slimdom.Element, obj: Node, fields: Node, schema: DmSchema): void {
  attrs(el, obj, fields, schema);
  let previous: string | undefined;
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    let q = schema.qname(c.namespaceURI, c.localName, fields);
    // an element with xsi:type is named with that identifier in the schema (`name,xsi:type=value`), as MI's
    // XMLInputReader.getNamespacesAndIdentifiersAddedFieldName looks it up
    const xsiType = c.getAttributeNS(XSI_NS, 'type');
    if (xsiType && !isNode(fields[q]) && isNode(fields[`${q},xsi:type=${xsiType}`]))
      q = `${q},xsi:type=${xsiType}`;
    const s = fields[q];
    if (!isNode(s)) continue; // not in the schema: left out, as MI does
    const key = fieldName(q);
    let type = DmSchema.typeOf(s);
    let node: Node = s;
    let arr: unknown[] | undefined;
    if (type === 'array') {
      node = DmSchema.items(s);
      type = DmSchema.typeOf(node);
      // MI's XMLInputReader closes an array when another element comes between its items; the next run of the
      // same name writes the key again, and the last run wins in the JSON the mapping reads
      const existing = obj[key];
      arr = Array.isArray(existing) && previous === key ? existing : (obj[key] = []);
    }
    previous = key;
    const nil = isNil(c);
    if (type === 'object') {
      const o = bare();
      if (!nil) {
        const childFields = DmSchema.fields(node);
        // the element's text: `value` in older schemas, an `_ELEMVAL` property in the MI 4.4 tooling's
        let vt = DmSchema.typeOf(node.value);
        if (vt === 'null' && isNode(childFields._ELEMVAL)) vt = DmSchema.typeOf(childFields._ELEMVAL);
        if (vt !== 'null') o._ELEMVAL = typed(ownText(c), vt, q);
        fill(c, o, childFields, schema);
      }
      if (arr) arr.push(o);
      else obj[key] = o;
    } else if (!nil) {
      const v = typed(ownText(c), type, q);
      if (arr) arr.push(v);
      else obj[key] = v;
      attrs(c, obj, DmSchema.fields(node), schema);
    }
  }
}

/** CSV text to rows (RFC 4180 quoting). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      cell = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else cell += ch;
  }
  row.push(cell);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

function csvInput(text: string, schema: DmSchema): Node[] {
  const fields = DmSchema.fields(DmSchema.items(schema.root));
  const names = Object.keys(fields);
  return csvRows(text).map((cells, r) => {
    const o = bare();
    cells.forEach((cell, i) => {
      if (i >= names.length)
        throw new DmError(
          'DM_INPUT_VALUE',
          `CSV row ${r + 1} has more columns than the input schema has fields`,
        );
      o[fieldName(names[i])] = typed(cell, DmSchema.typeOf(fields[names[i]]), names[i]);
    });
    return o;
  });
}

function esc(s: string, attr: boolean): string {
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attr)
    out = out.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
  else out = out.replace(/\r/g, '&#13;');
  return out;
}

function scalar(v: unknown): string {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);
}

/** The XML name of an output field (`prefix_local` with a known prefix becomes `prefix:local`). */
function xmlName(key: string, schema: DmSchema): string {
  let n = key.split(HYPHEN_CODE).join('-');
  const sep = n.indexOf(NAME_SEPARATOR);
  if (sep >= 0) n = n.slice(0, sep);
  if (n.includes(':')) return n;
  const us = n.indexOf('_');
  if (us > 0 && schema.uris.has(n.slice(0, us))) return `${n.slice(0, us)}:${n.slice(us + 1)}`;
  return n;
}

function xmlAttrs(value: Node, schema: DmSchema, out: string[]): void {
  for (const [k, v] of Object.entries(value)) {
    if (!k.startsWith('attr_') || v === null || v === undefined) continue;
    let a = k.slice(5).split(HYPHEN_CODE).join('-');
    const us = a.indexOf('_');
    if (!a.includes(':') && us > 0 && schema.uris.has(a.slice(0, us)))
      a = `${a.slice(0, us)}:${a.slice(a.lastIndexOf('_') + 1)}`;
    out.push(` ${a}="${esc(scalar(v), true)}"`);
  }
}

/**
 * One output element. Attributes (`attr_x`) come first, `_ELEMVAL` is the element's own text; `<name>ATTR` holds
 * the attributes of the sibling field `<name>` (a leaf with attributes, as older mappings write it).
 */
function xmlElement(name: string, value: unknown, schema: DmSchema, out: string[], decls = ''): void {
  if (!isNode(value)) {
    out.push(`<${name}${decls}>${esc(scalar(value), false)}</${name}>`);
    return;
  }
  out.push(`<${name}${decls}`);
  xmlAttrs(value, schema, out);
  out.push('>');
  const done = new Set<string>();
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('attr_') || v === null || v === undefined || done.has(k)) continue;
    if (k === '_ELEMVAL') {
      out.push(esc(scalar(v), false));
      continue;
    }
    if (isNode(v) && k.endsWith('ATTR') && k.length > 4) {
      const leafKey = k.slice(0, -4);
      const leaf = value[leafKey];
      const child = xmlName(leafKey, schema);
      if (leaf === undefined || leaf === null || !isNode(leaf)) {
        done.add(leafKey);
        out.push(`<${child}`);
        xmlAttrs(v, schema, out);
        out.push(leaf === undefined || leaf === null ? '/>' : `>${esc(scalar(leaf), false)}</${child}>`);
        continue;
      }
    }
    const child = xmlName(k, schema);
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && item !== undefined) xmlElement(child, item, schema, out);
    } else xmlElement(child, v, schema, out);
  }
  out.push(`</${name}>`);
}

function xmlOutput(result: unknown, schema: DmSchema): slimdom.Element {
  if (!isNode(result))
    throw new DmError(
      'DM_OUTPUT',
      `the mapping returned ${Array.isArray(result) ? 'an array' : typeof result}, not an object, for XML output`,
    );
  let decls = '';
  // declared in the order MI's XMLWriter iterates the schema's prefix map (a java.util.HashMap)
  for (const p of javaHashOrder([...schema.uris.keys()]))
    decls += ` xmlns:${p}="${esc(schema.uris.get(p)!, true)}"`;
  let root = schema.name.split(HYPHEN_CODE).join('-');
  if (root.includes(':') && !schema.uris.has(root.split(':')[0])) root = root.split(':').pop()!;
  const out: string[] = [];
  xmlElement(root, result, schema, out, decls);
  try {
    return parseXmlElement(out.join(''));
  } catch (e) {
    throw new DmError('DM_OUTPUT', `the mapping's result is not valid XML: ${(e as Error).message}`);
  }
}

function csvOutput(result: unknown): string {
  const rows = Array.isArray(result) ? result : [result];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : scalar(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => (isNode(r) ? Object.values(r).map(cell).join(',') : cell(r))).join('\n');
}

// ------------------------------------------------------------------------------------------------ properties

interface PropRef {
  /** The key under DM_PROPERTIES, as the mapping reads it. */
  scopeKey: string;
  name: string;
}

/** The properties a `.dmc` names literally (MI reads only those, by the same pattern). */
function propertyRefs(js: string): PropRef[] {
  const out = new Map<string, PropRef>();
  const add = (scopeKey: string, name: string) => out.set(`${scopeKey}\u0000${name}`, { scopeKey, name });
  for (const m of js.matchAll(/DM_PROPERTIES\s*\.\s*([A-Za-z_$][\w$]*)\s*\[\s*(['"])([^'"\n]+)\2\s*\]/g))
    add(m[1], m[3]);
  for (const m of js.matchAll(/DM_PROPERTIES\s*\.\s*([A-Za-z_$][\w$]*)\s*\.\s*([A-Za-z_$][\w$]*)/g))
    add(m[1], m[2]);
  for (const m of js.matchAll(/getPropertyValue\s*\(\s*(['"])([\w-]+)\1\s*,\s*(['"])([^'"\n]+)\3\s*\)/g))
    add(m[2].toUpperCase(), m[4]);
  return [...out.values()];
}

function propertyValue(ctx: MessageContext, scopeKey: string, name: string): unknown {
  let v: unknown;
  switch (scopeKey.toUpperCase()) {
    case 'DEFAULT':
    case 'SYNAPSE':
      v = ctx.getProperty(name, 'default');
      break;
    case 'TRANSPORT':
      v = ctx.getProperty(name, 'transport');
      break;
    case 'AXIS2':
      v = ctx.getProperty(name, 'axis2');
      break;
    case 'AXIS2CLIENT':
      v = ctx.getProperty(name, 'axis2-client');
      break;
    case 'OPERATION':
      v = ctx.getProperty(name, 'operation');
      break;
    case 'FUNC':
      v = ctx.getProperty(name, 'func');
      break;
    default:
      v = undefined;
  }
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'nodeType' in v) return stringOf(v);
  try {
    return JSON.parse(JSON.stringify(v)) as unknown;
  } catch {
    return stringOf(v);
  }
}

// ------------------------------------------------------------------------------------------------ the sandbox

/** Reads an error thrown by the mapping inside its own context, never running its code outside the sandbox. */
const DESCRIBE_SRC = `(function (e) {
  try {
    var m = e !== null && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
    var s = e !== null && typeof e === 'object' && typeof e.stack === 'string' ? e.stack : '';
    return m + '\\u0000' + s;
  } catch (x) {
    return 'an error that cannot be printed\\u0000';
  }
})(globalThis.__dm_err)`;

/**
 * The operators of the tooling's dm-utils, for a `.dmc` that calls `dmUtils.x(...)` without defining `dmUtils`
 * (our own implementation, run inside the mapping's context).
 */
const DM_UTILS_SRC = `globalThis.dmUtils = {
  sum: function () { var s = 0; for (var i = 0; i < arguments.length; i++) s += arguments[i]; return s; },
  max: function () { return Math.max.apply(null, arguments); },
  min: function () { return Math.min.apply(null, arguments); },
  average: function () { var s = 0; for (var i = 0; i < arguments.length; i++) s += arguments[i]; return s / arguments.length; },
  ceiling: function (n) { return Math.ceil(n); },
  floor: function (n) { return Math.floor(n); },
  round: function (n) { return Math.round(n); },
  toNumber: function (s) { return Number(s); },
  toBoolean: function (s) { return String(s).toLowerCase() === 'true'; },
  numberToString: function (n) { return String(n); },
  booleanToString: function (b) { return String(b); },
  concat: function () { return Array.prototype.join.call(arguments, ''); },
  split: function (s, sep) { return String(s).split(sep); },
  toUppercase: function (s) { return String(s).toUpperCase(); },
  toLowercase: function (s) { return String(s).toLowerCase(); },
  stringLength: function (s) { return String(s).length; },
  startsWith: function (s, p) { return String(s).startsWith(p); },
  endsWith: function (s, p) { return String(s).endsWith(p); },
  substring: function (s, a, b) { return String(s).substring(a, b); },
  trim: function (s) { return String(s).trim(); },
  replaceFirst: function (s, t, r) { return String(s).replace(t, r); },
  match: function (s, re) { return re.test(s); },
  getPropertyValue: function (scope, name) {
    var p = globalThis.DM_PROPERTIES && globalThis.DM_PROPERTIES[String(scope).toUpperCase()];
    return p ? p[name] : undefined;
  }
};`;

/**
 * The worker that holds every mapping's context. Each mapping gets a `node:vm` context of its own (no require,
 * no process; string code generation and wasm off; promise jobs run before a call returns). Only strings go in
 * and come out.
 */
const WORKER_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const DESCRIBE = new vm.Script(workerData.describe, { filename: 'datamapper (error)' });
const DM_UTILS = new vm.Script(workerData.utils, { filename: 'dm-utils (embedded runtime)' });
const mappings = new Map();
function describe(context, e) {
  if (e instanceof Error) return { message: e.message, stack: e.stack || '' };
  context.__dm_err = e;
  try {
    const r = DESCRIBE.runInContext(context);
    const text = typeof r === 'string' ? r : 'an error that cannot be printed\\u0000';
    const cut = text.indexOf('\\u0000');
    return { message: text.slice(0, cut), stack: text.slice(cut + 1) };
  } catch (x) {
    return { message: 'an error that cannot be printed', stack: '' };
  } finally {
    context.__dm_err = undefined;
  }
}
function load(m) {
  let body;
  try {
    body = new vm.Script(m.js, { filename: m.key });
  } catch (e) {
    return { error: 'syntax', message: String(e && e.message), stack: String(e && e.stack) };
  }
  const context = vm.createContext(Object.create(null), {
    name: 'datamapper ' + m.key,
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  let probe;
  try {
    body.runInContext(context);
    probe = new vm.Script(
      '(function () { if (' + m.utils + " && typeof dmUtils === 'undefined') globalThis.__dm_utils = true; " +
        'return typeof globalThis[' + JSON.stringify(m.fn) + "] === 'function' ? 'fn' : " +
        "typeof mapFunction === 'function' ? 'map' : ''; })()",
    ).runInContext(context);
  } catch (e) {
    const d = describe(context, e);
    return { error: 'load', message: d.message, stack: d.stack };
  }
  if (context.__dm_utils === true) {
    context.__dm_utils = undefined;
    DM_UTILS.runInContext(context);
  }
  if (probe !== 'fn' && probe !== 'map') return { probe: '' };
  const call = probe === 'fn'
    ? 'globalThis[' + JSON.stringify(m.fn) + ']()'
    : 'mapFunction(globalThis[' + JSON.stringify(m.inputVar) + '])';
  const invoke = new vm.Script(
    '(function () {\\n  globalThis.DM_PROPERTIES = JSON.parse(__dm_props);\\n  globalThis[' +
      JSON.stringify(m.inputVar) + '] = JSON.parse(__dm_in);\\n  var r = ' + call +
      ";\\n  return r === undefined ? undefined : 'R' + JSON.stringify(r);\\n})()",
    { filename: m.key + ' (call)' },
  );
  mappings.set(m.handle, { context, invoke });
  return { probe };
}
function call(m) {
  const mp = mappings.get(m.handle);
  if (!mp) return { error: 'gone', message: 'the mapping is not loaded', stack: '' };
  const c = mp.context;
  c.__dm_in = m.input;
  c.__dm_props = m.props;
  try {
    const r = mp.invoke.runInContext(c);
    return typeof r === 'string' && r[0] === 'R' ? { out: r.slice(1) } : { error: 'output' };
  } catch (e) {
    const d = describe(c, e);
    return { error: 'throw', message: d.message, stack: d.stack };
  } finally {
    c.__dm_in = undefined;
    c.__dm_props = undefined;
  }
}
parentPort.on('message', (m) => {
  if (m.op === 'free') {
    mappings.delete(m.handle);
    return;
  }
  let res;
  try {
    res = m.op === 'load' ? load(m) : call(m);
  } catch (e) {
    res = { error: 'internal', message: String(e && e.message), stack: '' };
  }
  res.id = m.id;
  parentPort.postMessage(res);
});
`;

interface LoadMsg {
  op: 'load';
  id: number;
  handle: number;
  key: string;
  js: string;
  fn: string;
  inputVar: string;
  utils: boolean;
}

interface CallMsg {
  op: 'call';
  id: number;
  handle: number;
  input: string;
  props: string;
}

interface Reply {
  id: number;
  probe?: string;
  out?: string;
  error?: 'syntax' | 'load' | 'throw' | 'output' | 'gone' | 'internal';
  message?: string;
  stack?: string;
}

interface Job {
  msg: LoadMsg | CallMsg;
  key: string;
  resolve(r: Reply): void;
  reject(e: Error): void;
  timer?: NodeJS.Timeout;
}

/**
 * Runs the mappings in one worker thread, one call at a time, each bounded to TIMEOUT_MS: a call that runs longer
 * (or a worker that runs out of memory) costs that worker, which is replaced and given the live mappings again.
 * The main thread's event loop never runs mapping code, so a slow mapping does not hold other messages.
 */
class MappingSandbox {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private nextId = 1;
  private nextHandle = 1;
  /** The load requests of the live mappings, to load them again in a new worker. */
  private readonly live = new Map<number, LoadMsg>();
  private readonly gone = new FinalizationRegistry<number>((handle) => this.free(handle));

  /** Compiles a mapping for `owner` (freed in the worker when `owner` is collected). */
  async load(
    owner: object,
    m: Omit<LoadMsg, 'op' | 'id' | 'handle'>,
  ): Promise<{ handle: number; reply: Reply }> {
    const msg: LoadMsg = { op: 'load', id: 0, handle: this.nextHandle++, ...m };
    const reply = await this.request(msg, m.key);
    if (reply.probe === 'fn' || reply.probe === 'map') {
      this.live.set(msg.handle, msg);
      this.gone.register(owner, msg.handle);
    }
    return { handle: msg.handle, reply };
  }

  call(handle: number, input: string, props: string, key: string): Promise<Reply> {
    return this.request({ op: 'call', id: 0, handle, input, props }, key);
  }

  private free(handle: number): void {
    this.live.delete(handle);
    this.worker?.postMessage({ op: 'free', id: 0, handle });
  }

  private request(msg: LoadMsg | CallMsg, key: string): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ msg, key, resolve, reject });
      this.pump();
    });
  }

  private start(): Worker {
    const w = new Worker(WORKER_SRC, {
      eval: true,
      workerData: { describe: DESCRIBE_SRC, utils: DM_UTILS_SRC },
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    w.on('message', (r: Reply) => this.reply(w, r));
    w.on('error', (e: Error) => this.lost(w, e.message));
    w.on('exit', (code: number) => this.lost(w, `the sandbox stopped (exit code ${code})`));
    this.worker = w;
    // a new worker holds no mapping yet: load the live ones again before anything else
    const reloads: Job[] = [...this.live.values()].map((msg) => ({
      msg,
      key: msg.key,
      resolve: () => undefined,
      reject: () => undefined,
    }));
    this.queue.unshift(...reloads);
    return w;
  }

  private pump(): void {
    if (this.current || !this.queue.length) {
      if (!this.current) this.worker?.unref();
      return;
    }
    const w = this.worker ?? this.start();
    const job = this.queue.shift()!;
    job.msg.id = this.nextId++;
    this.current = job;
    job.timer = setTimeout(() => this.expire(job), TIMEOUT_MS);
    // the worker keeps the process alive while it works (a caller may only be awaiting the answer)
    w.ref();
    w.postMessage(job.msg);
  }

  private reply(w: Worker, r: Reply): void {
    const job = this.current;
    if (w !== this.worker || !job || job.msg.id !== r.id) return;
    clearTimeout(job.timer);
    this.current = undefined;
    job.resolve(r);
    this.pump();
  }

  private expire(job: Job): void {
    if (this.current !== job) return;
    this.current = undefined;
    this.stopWorker();
    job.reject(new DmError('DM_TIMEOUT', `the mapping '${job.key}' ran longer than ${TIMEOUT_MS} ms`));
    this.pump();
  }

  private lost(w: Worker, why: string): void {
    if (w !== this.worker) return;
    this.worker = undefined;
    const job = this.current;
    this.current = undefined;
    if (job) {
      clearTimeout(job.timer);
      job.reject(new DmError('DM_SCRIPT_ERROR', `the mapping '${job.key}' stopped its sandbox: ${why}`));
    }
    this.pump();
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    w.removeAllListeners();
    w.on('error', () => undefined);
    void w.terminate();
  }
}

const SANDBOX = new MappingSandbox();

// ------------------------------------------------------------------------------------------------ the mapping

interface Mapping {
  handle: number;
  inSchema: DmSchema;
  outSchema: DmSchema;
  inputType: DmType;
  outputType: DmType;
  props: PropRef[];
  configKey: string;
}

interface Config {
  label: string;
  config: string;
  inputSchema: string;
  outputSchema: string;
  inputType: DmType | undefined;
  outputType: DmType | undefined;
}

/** A registry key as MI 4.4 writes it (`resources:datamapper/...`) read from the project's resources folder. */
function readResource(reg: Registry, key: string): string | undefined {
  const text = reg.resource(key);
  if (text !== undefined) return text;
  const m = /^resources:\/*(.*)$/.exec(key);
  // the project's resources folder; in a CAR, MI 4.4 keeps these under /_system/governance/mi-resources
  return m ? (reg.resource(`gov:/${m[1]}`) ?? reg.resource(`gov:/mi-resources/${m[1]}`)) : undefined;
}

/** The line of the `.dmc` an error happened at, from its stack (the script's file name is the config key). */
function dmcLine(stack: string, key: string): number | undefined {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${esc}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : undefined;
}

/** Built mappings by source text (a mapping used by several mediators, or redeployed unchanged, is built once). */
const BUILDS = new Map<string, DataMapperBuild | DataMapperBuildError>();
const MAX_BUILDS = 64;

/**
 * A build output (`X.dmc`, `X_inputSchema.json`, `X_outputSchema.json`) that is not a resource, built from the
 * `X.ts` beside its key (with the `dm-utils.ts` beside it); undefined when there is no such `.ts`.
 */
function builtResource(reg: Registry, key: string): string | undefined {
  const tsKey = dataMapperSourceOf(key);
  const kind = dataMapperOutputOf(key)?.kind;
  if (!tsKey || !kind) return undefined;
  const ts = readResource(reg, tsKey);
  if (ts === undefined) return undefined;
  const utils = readResource(reg, dmUtilsBeside(tsKey));
  const cacheKey = createHash('sha256')
    .update(ts)
    .update('\u0000')
    .update(utils ?? '')
    .digest('base64');
  let built = BUILDS.get(cacheKey);
  if (!built) {
    try {
      built = buildDataMapper(ts, utils, { file: tsKey, dmUtilsFile: dmUtilsBeside(tsKey) });
    } catch (e) {
      if (!(e instanceof DataMapperBuildError)) throw e;
      built = e;
    }
    if (BUILDS.size >= MAX_BUILDS) BUILDS.delete(BUILDS.keys().next().value!);
    BUILDS.set(cacheKey, built);
  }
  if (built instanceof DataMapperBuildError)
    throw new DmError(
      built.code,
      `the mapping does not build from its TypeScript: ${built.file}${built.line ? `:${built.line}` : ''}${built.column ? `:${built.column}` : ''}: ${built.detail}`,
    );
  return kind === 'dmc' ? built.dmc : kind === 'inputSchema' ? built.inputSchema : built.outputSchema;
}

async function loadMapping(cfg: Config, reg: Registry): Promise<Mapping> {
  const js = readResource(reg, cfg.config) ?? builtResource(reg, cfg.config);
  if (js === undefined) {
    throw new DmError(
      'DM_MISSING_CONFIG',
      `the mapping configuration '${cfg.config}' is not a registry resource of the project`,
    );
  }
  const schema = (key: string, which: 'input' | 'output'): DmSchema => {
    const text = readResource(reg, key) ?? builtResource(reg, key);
    if (text === undefined)
      throw new DmError(
        'DM_MISSING_SCHEMA',
        `the ${which} schema '${key}' is not a registry resource of the project`,
      );
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new DmError('DM_BAD_SCHEMA', `the ${which} schema '${key}' is not JSON: ${(e as Error).message}`);
    }
    if (!isNode(v)) throw new DmError('DM_BAD_SCHEMA', `the ${which} schema '${key}' is not a JSON object`);
    return new DmSchema(v, which);
  };
  const inSchema = schema(cfg.inputSchema, 'input');
  const outSchema = schema(cfg.outputSchema, 'output');
  const inputType = cfg.inputType ?? inSchema.declaredType;
  const outputType = cfg.outputType ?? outSchema.declaredType;
  if (!inputType || !outputType)
    throw new DmError(
      'DM_NO_TYPE',
      `the ${inputType ? 'output' : 'input'} type is set neither on the mediator nor in the ${inputType ? 'output' : 'input'} schema`,
    );
  const last = (n: string) => n.split(':').pop()!;
  const inPart = last(inSchema.name).replace(/[:=,]/g, '_').replace(/-/g, HYPHEN_CODE);
  const fn = `map_S_${inPart}_S_${last(outSchema.name)}`;
  const inputVar = `input${inSchema.name.replace(/[:=,]/g, '_').replace(/-/g, HYPHEN_CODE)}`;
  const mapping: Mapping = {
    handle: 0,
    inSchema,
    outSchema,
    inputType,
    outputType,
    props: propertyRefs(js),
    configKey: cfg.config,
  };
  const { handle, reply } = await SANDBOX.load(mapping, {
    key: cfg.config,
    js,
    fn,
    inputVar,
    utils: /\bdmUtils\s*\./.test(js),
  });
  if (reply.error === 'syntax') {
    const line = dmcLine(reply.stack ?? '', cfg.config);
    const tsHint = /\b(interface|import|export|declare)\b/.test(js)
      ? ' (it looks like TypeScript: the .dmc must be JavaScript; keep the TypeScript as <Name>.ts beside it, without the .dmc, and it is built)'
      : '';
    throw new DmError(
      'DM_SYNTAX',
      `the mapping '${cfg.config}' is not valid JavaScript${line ? ` at line ${line}` : ''}: ${reply.message}${tsHint}`,
    );
  }
  if (reply.error) {
    const line = dmcLine(reply.stack ?? '', cfg.config);
    throw new DmError(
      'DM_SCRIPT_ERROR',
      `the mapping '${cfg.config}' failed while loading${line ? ` at line ${line}` : ''}: ${reply.message}`,
    );
  }
  if (!reply.probe)
    throw new DmError(
      'DM_NO_FUNCTION',
      `the mapping '${cfg.config}' defines neither ${fn}() (from the schema titles '${inSchema.name}' and '${outSchema.name}') nor mapFunction()`,
    );
  mapping.handle = handle;
  return mapping;
}

function effectiveKind(ctx: MessageContext): string {
  const mt = ctx.getProperty('messageType', 'axis2');
  return kindOf(typeof mt === 'string' && mt ? mt : ctx.payload.contentType);
}

function inputText(ctx: MessageContext, mp: Mapping): string {
  if (mp.inputType === 'JSON') {
    const kind = effectiveKind(ctx);
    if (kind !== 'json')
      throw new DmError(
        'DM_INPUT_TYPE',
        `inputType is JSON but the message is not JSON (content type '${ctx.payload.contentType || 'none'}')`,
      );
    const v = ctx.json();
    if (v === undefined) throw new DmError('DM_INPUT_TYPE', 'inputType is JSON but the message has no body');
    return JSON.stringify(v);
  }
  if (mp.inputType === 'CSV') {
    const root = effectiveKind(ctx) === 'xml' ? ctx.payload.rootElement() : undefined;
    const text = root
      ? root.namespaceURI === TEXT_NS && root.localName === 'text'
        ? (root.textContent ?? '')
        : undefined
      : ctx.payload.text();
    if (text === undefined)
      throw new DmError(
        'DM_INPUT_TYPE',
        `inputType is CSV but the payload is XML <${root!.nodeName}>, not text`,
      );
    return JSON.stringify(csvInput(text, mp.inSchema));
  }
  if (effectiveKind(ctx) !== 'xml' && effectiveKind(ctx) !== 'json' && ctx.payload.isEmpty())
    throw new DmError('DM_INPUT_TYPE', 'inputType is XML but the message has no body');
  // an input schema made from a SOAP sample (root soapenv:Envelope) reads the whole envelope, as MI's
  // DataMapperMediator.getInputStream does; otherwise the body's first element
  if (mp.inSchema.name === 'soapenv:Envelope')
    return JSON.stringify(xmlInput(ctx.envelope().documentElement!, mp.inSchema));
  const root = ctx.payload.rootElement();
  if (!root) throw new DmError('DM_INPUT_TYPE', 'inputType is XML but the message body is empty');
  return JSON.stringify(xmlInput(root, mp.inSchema));
}

function propertiesText(ctx: MessageContext, refs: PropRef[]): string {
  if (!refs.length) return '{}';
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of refs) (out[r.scopeKey] ??= {})[r.name] = propertyValue(ctx, r.scopeKey, r.name);
  return JSON.stringify(out);
}

async function run(mp: Mapping, ctx: MessageContext): Promise<string> {
  const r = await SANDBOX.call(mp.handle, inputText(ctx, mp), propertiesText(ctx, mp.props), mp.configKey);
  if (r.out !== undefined) return r.out;
  if (r.error === 'output') throw new DmError('DM_OUTPUT', `the mapping '${mp.configKey}' returned no value`);
  const line = dmcLine(r.stack ?? '', mp.configKey);
  throw new DmError(
    'DM_SCRIPT_ERROR',
    `the mapping '${mp.configKey}' threw${line ? ` at line ${line}` : ''}: ${r.message}`,
  );
}

function writeOutput(mp: Mapping, ctx: MessageContext, json: string): void {
  if (mp.outputType === 'JSON') {
    // MI turns the encoded hyphen back into '-' in the whole JSON text
    const text = json.includes(HYPHEN_CODE) ? json.split(HYPHEN_CODE).join('-') : json;
    // the mapping's JSON text becomes the JSON stream as it is (read again only if a later mediator needs it)
    ctx.payload.setRaw(Buffer.from(text), 'application/json', true);
    ctx.setProperty('messageType', 'application/json', 'axis2');
    return;
  }
  const result = JSON.parse(json) as unknown;
  if (mp.outputType === 'XML') {
    ctx.payload.setXmlRoot(xmlOutput(result, mp.outSchema));
    ctx.setProperty('messageType', 'application/xml', 'axis2');
    return;
  }
  ctx.payload.setText(csvOutput(result));
  ctx.setProperty('messageType', 'text/plain', 'axis2');
}

/**
 * MI's XSLT form of a mapping (DataMapperMediator.checkForXSLTTransformation): with xsltStyleSheet, XML in and XML
 * out, and a stylesheet the tooling marked usable (root attributes xmlns:notXSLTCompatible="false" and
 * xmlns:firstElementOfTheInput), the stylesheet maps the input (the whole envelope when that first element is
 * soapenv:Envelope), with the properties named in xmlns:runTimeProperties ("name,scope,...") as parameters. Returns
 * false when the stylesheet is not usable, so the JavaScript mapping runs.
 */
async function runXsltForm(key: string, ctx: MessageContext, ex: Executor): Promise<boolean> {
  const text = ex.reg.resource(key);
  if (text === undefined) return false;
  const root = parseXml(text).root;
  if (!root) return false;
  const at = (n: string) => root.attributes.find((a) => a.name === n)?.value;
  const first = at('xmlns:firstElementOfTheInput');
  if (at('xmlns:notXSLTCompatible') !== 'false' || !first) return false;
  const props = (at('xmlns:runTimeProperties') ?? '').split(',').filter((x) => x !== '');
  const params: { name: string; value: string }[] = [];
  for (let i = 0; i + 1 < props.length; i += 2)
    params.push({ name: props[i]!, value: stringOf(propertyValue(ctx, props[i + 1]!, props[i]!)) });
  const input = first === 'soapenv:Envelope' ? ctx.envelope().documentElement : ctx.payload.rootElement();
  if (!input) throw new DmError('DM_INPUT_TYPE', 'inputType is XML but the message body is empty');
  const out = await transformXmlText(text, serializeXml(input), params);
  const t = out.replace(/^\s*<\?xml[^>]*\?>/, '').trim();
  ctx.payload.setXmlRoot(t ? parseXmlElement(t) : undefined);
  ctx.setProperty('messageType', 'application/xml', 'axis2');
  return true;
}

registerMediator('datamapper', (el, cc) => {
  const p = cc.pos(el);
  const label = `datamapper (${p.file}:${p.line})`;
  const where = `${p.file}:${p.line}`;
  const need = (name: string): string => {
    const v = attrValue(el, name)?.trim();
    if (!v) cc.problem(el, 'RT_MISSING_ATTRIBUTE', `datamapper needs a ${name} attribute`);
    else if (v.startsWith('{'))
      cc.unsupported(el, `datamapper: dynamic key ${name}="${v}" is not supported by the embedded runtime`);
    return v ?? '';
  };
  const typeAttr = (name: string): DmType | undefined => {
    const v = attrValue(el, name);
    const t = dmType(v);
    if (v !== undefined && v.trim() !== '' && !t)
      cc.problem(el, 'RT_BAD_ATTRIBUTE', `datamapper ${name}="${v}" is not XML, JSON or CSV`);
    return t;
  };
  const cfg: Config = {
    label,
    config: need('config'),
    inputSchema: need('inputSchema'),
    outputSchema: need('outputSchema'),
    inputType: typeAttr('inputType'),
    outputType: typeAttr('outputType'),
  };
  if (attrValue(el, 'target') !== undefined || attrValue(el, 'variable') !== undefined)
    cc.unsupported(
      el,
      'datamapper with target/variable (the schema-less form) is not supported by the embedded runtime',
    );
  let mapping: Promise<Mapping> | undefined;
  const xsltKey = attrValue(el, 'xsltStyleSheet')?.trim() || undefined;
  const fault = (e: unknown): MediationError => {
    if (e instanceof DmError) return new MediationError(0, `${label}: ${e.code} ${e.message}`, e.code, where);
    if (e instanceof MediationError) return e;
    return new MediationError(0, `${label}: ${e instanceof Error ? e.message : String(e)}`, undefined, where);
  };
  return {
    ...base(el, cc, true),
    async mediate(ctx: MessageContext, ex: Executor) {
      try {
        if (
          xsltKey &&
          cfg.inputType === 'XML' &&
          cfg.outputType === 'XML' &&
          (await runXsltForm(xsltKey, ctx, ex))
        )
          return true;
        if (!mapping) {
          const loading = loadMapping(cfg, ex.reg);
          mapping = loading;
          // a failed load is tried again by the next message
          loading.catch(() => {
            if (mapping === loading) mapping = undefined;
          });
        }
        const mp = await mapping;
        try {
          writeOutput(mp, ctx, await run(mp, ctx));
        } catch (e) {
          if (!(e instanceof DmError) || !MAPPING_FAILED.has(e.code)) throw e;
          // DataMapperMediator.transformWithSchemaValidation: what doMap throws (the reader, the script, the writer)
          // is handleException("DataMapper mediator : mapping failed", e): MI's ERROR_MESSAGE; our account of the
          // cause, with its place, goes to the ERROR log line (MI's is followed by the cause's stack) and ERROR_DETAIL
          const ours = `${label}: ${e.code} ${e.message}`;
          ex.log('ERROR', 'DataMapperMediator', artifactLabel(ctx), `${DM_MAPPING_FAILED}\n${ours}`);
          throw new MediationError(0, DM_MAPPING_FAILED, ours, where);
        }
      } catch (e) {
        throw fault(e);
      }
      return true;
    },
  };
});

/** DataMapperMediator's message for a failure while mapping (reading the input, running the script, writing). */
const DM_MAPPING_FAILED = 'DataMapper mediator : mapping failed';
const MAPPING_FAILED = new Set(['DM_SCRIPT_ERROR', 'DM_OUTPUT', 'DM_INPUT_VALUE', 'DM_INPUT_ROOT']);

export const DATAMAPPER_LOADED = true;
