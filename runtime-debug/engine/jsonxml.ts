/**
 * JSON <-> XML with Micro Integrator's rules (reference/expressions.md section 6).
 * JSON -> XML: root object `<jsonObject>`, root array `<jsonArray><jsonElement>..`, arrays as repeated elements (no
 * `<?xml-multiple?>` instruction: MI's JsonDataSource reads with synapse.json.to.xml.process.instruction.enabled, false
 * by default, so an array of one is one element and an empty array no element at all), keys starting with a digit /
 * `$` prefixed, other keys as they are (valid XML names or not, as Axiom builds them), null as an empty element.
 * XML -> JSON: root element becomes a key (jsonObject/jsonArray unwrapped, and so is a nested jsonObject/jsonArray/
 * jsonElement that is an element's only child name), repeated siblings become arrays,
 * attributes `@name`, mixed text `$`, numbers/booleans auto-converted, empty element -> null, namespaces dropped.
 */
import { stringify as losslessStringify } from 'lossless-json';
import * as slimdom from 'slimdom';
import { isIndexName, JsonDecimal, jsonAt, settleNumbers } from './expr/jsonNumber';
import { orderedKeys, rawJsonNumber, recordEntries, recordKeyOrder } from './expr/values';

const PI_MULTIPLE = 'xml-multiple';
/** Names MI's JSON writer drops when they come first in an object. */
const WRAPPER_NAMES = new Set(['jsonObject', 'jsonArray', 'jsonElement']);

/**
 * A JSON number whose text JavaScript would not write back the same way (12.50, 10.0, 1e3, a 20-digit id): MI
 * converts JSON to XML from the text, so the element gets these digits, not those of a double.
 */
export class JsonNumberText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  /** Written as its text by stringifyJson (as jsonText does). */
  toJSON(): number {
    return rawJsonNumber(this.text) ?? Number(this.text);
  }
}

/** Scalars of a JSON value: everything but objects and arrays (a JsonNumberText is a number). */
function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object' || v instanceof JsonNumberText || v instanceof Number;
}
const SIMPLE_NAME = /^[A-Za-z_][\w.-]*$/;
// XML 1.0 name characters (no colon: a key never makes a namespace prefix)
const NAME_START =
  'A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\u00B7\u0300-\u036F\u203F\u2040`;
const NAME_RE = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');
const NC_UNIT = new RegExp(`^[${NAME_CHAR}]$`, 'u');

/**
 * A JSON key as MI's element name (JsonReaderDelegate.getLocalName): a key starting with a decimal digit gets
 * `_JsonReader_PD_` in front, one starting with `$` has it replaced by `_JsonReader_PS_`; with
 * synapse.commons.json.buildValidNCNames each UTF-16 unit an NCName cannot hold then becomes
 * `_JsonReader_<decimal code>_` (`stock quote` -> `stock_JsonReader_32_quote`). Anything else is kept as it is, an
 * XML name or not (`first name`, `a@b`, an empty key): Axiom builds the element with that local name, Woodstox writes
 * it unchecked, and the JSON writer gives the key back.
 */
function keyToName(k: string): string {
  if (SIMPLE_NAME.test(k)) return k;
  const mi = digitFirst(k)
    ? `_JsonReader_PD_${k}`
    : k.charCodeAt(0) === 36
      ? `_JsonReader_PS_${k.slice(1)}`
      : k;
  if (!outputSettings.ncNames) return mi;
  let out = '';
  for (let i = 0; i < mi.length; i++) out += NC_UNIT.test(mi[i]) ? mi[i] : `_JsonReader_${mi.charCodeAt(i)}_`;
  return out;
}

/**
 * An element of that local name, no prefix, in the namespace given (see ownNamespace), created unchecked when the
 * name is no XML name (see keyToName).
 */
function elementNamed(doc: slimdom.Document, name: string, ns: string | null): slimdom.Element {
  if (ns === null && (SIMPLE_NAME.test(name) || NAME_RE.test(name))) return doc.createElement(name);
  return slimdom.unsafeCreateElement(doc, name, ns, null);
}

/** Java's Character.isDigit on the key's first UTF-16 unit (JsonReaderDelegate): any decimal digit, ١ too. */
function digitFirst(k: string): boolean {
  const c = k.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c > 127 && (c < 0xd800 || c > 0xdfff) && /^\p{Nd}/u.test(k));
}

/** An element name as the JSON key MI's writer gives it (XmlReaderDelegate.getLocalName: the prefixes undone). */
function nameToKey(n: string): string {
  if (n.charCodeAt(0) !== 95) return n;
  if (n.startsWith('_JsonReader_PD_')) return n.slice(15);
  if (n.startsWith('_JsonReader_PS_')) return '$' + n.slice(15);
  return n;
}

function nsKey(el: { prefix: string | null }, k: string, ns: NonNullable<XmlToJsonOptions['ns']>): string {
  return ns.preserve && el.prefix ? el.prefix + ns.sep + k : k;
}

/** enableNSDeclarations: the element's namespace declarations as [key, value], or undefined. */
function nsDeclarations(
  el: slimdom.Element,
  ns: NonNullable<XmlToJsonOptions['ns']>,
): [string, string][] | undefined {
  // without preserve.namespace, JsonUtil.transformElement has removed every declaration before the writer sees it
  if (!ns.decls || !ns.preserve) return undefined;
  let out: [string, string][] | undefined;
  for (const a of el.attributes)
    if (a.prefix === 'xmlns') (out ??= []).push(['@xmlns' + ns.sep + a.localName, a.value]);
    else if (a.name === 'xmlns') (out ??= []).push(['@xmlns', a.value]);
  return out;
}

function keyOf(name: string, opts: XmlToJsonOptions): string {
  const k = nameToKey(name);
  return opts.ncNames ? fromNcName(k) : k;
}

const NC_ID = '_JsonReader_';

/**
 * synapse.commons.json.buildValidNCNames on XML -> JSON: every `_JsonReader_<decimal code>_` in a name becomes that
 * character again (`stock_JsonReader_32_quote` -> `stock quote`); a marker without a positive decimal code stays.
 */
export function fromNcName(s: string): string {
  if (!s.includes(NC_ID)) return s;
  let out = '';
  let i = 0;
  for (;;) {
    const j = s.indexOf(NC_ID, i);
    if (j < 0) return out + s.slice(i);
    out += s.slice(i, j);
    let k = j + NC_ID.length;
    let code = 0;
    let ok = true;
    for (; k < s.length && s[k] !== '_'; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9 || code > 0x10ffff) {
        ok = false;
        break;
      }
      code = code * 10 + d;
    }
    if (ok && code > 0 && code <= 0xffff) {
      out += String.fromCharCode(code);
      i = k + 1;
    } else {
      out += NC_ID;
      i = j + NC_ID.length;
    }
  }
}

/** Builds MI's XML view of a JSON value inside `doc` and returns the root element (jsonObject/jsonArray). */
export function jsonToXml(value: unknown, doc: slimdom.Document = new slimdom.Document()): slimdom.Element {
  if (Array.isArray(value)) {
    const root = doc.createElement('jsonArray');
    if (withPis) root.appendChild(doc.createProcessingInstruction(PI_MULTIPLE, 'jsonElement'));
    for (let i = 0; i < value.length; i++) {
      const v = jsonAt(value, i);
      const ns = ownNamespace(v, null);
      const el = elementNamed(doc, 'jsonElement', ns);
      fill(el, v, doc, ns);
      root.appendChild(el);
    }
    return root;
  }
  if (value !== null && value !== undefined && isScalar(value)) return jsonValueElement(value, doc);
  const ns = ownNamespace(value, null);
  const root = elementNamed(doc, 'jsonObject', ns);
  if (value !== null && typeof value === 'object')
    fillObject(root, value as Record<string, unknown>, doc, ns);
  return root;
}

/**
 * A scalar JSON payload: MI's jsonValue element holds the JSON text itself (JsonUtil.getNewJsonPayload adds the
 * whole string as its text), a string with its quotes.
 */
function jsonValueElement(value: unknown, doc: slimdom.Document): slimdom.Element {
  const v = doc.createElement('jsonValue');
  const text =
    typeof value === 'string' || value instanceof String ? JSON.stringify(String(value)) : String(value);
  v.appendChild(doc.createTextNode(text));
  return v;
}

/** The XML view of a JSON payload: as jsonToXml, and a null payload (the text `null`) is a jsonValue too. */
export function jsonPayloadXml(value: unknown, doc: slimdom.Document): slimdom.Element {
  if (value === null) return jsonValueElement(null, doc);
  // synapse.json.to.xml.processing.instruction.enabled (or ...output.xmloutMultiplePI): the payload's reader
  // (JsonDataSource.getReader) announces each array with <?xml-multiple name?>, so that one of one or none comes back
  withPis = outputSettings.xmlMultiplePI === true;
  try {
    return jsonToXml(value, doc);
  } finally {
    withPis = false;
  }
}

/** While the payload view is built with <?xml-multiple?> instructions (see jsonPayloadXml). */
let withPis = false;

/**
 * MI's JSON reader (staxon JsonXMLStreamReader.consume) reads on until an array or object ends, then hands the events
 * read so far to the tree builder, which takes the element's attributes and namespace then: an "@name" member that
 * comes after an array or object member of the same object is lost. Whether a member comes early enough so.
 */
function beforeStructure(obj: Record<string, unknown>, key: string): boolean {
  for (const k of orderedKeys(obj)) {
    if (k === key) return true;
    const v = jsonAt(obj, k);
    if (
      v !== null &&
      typeof v === 'object' &&
      !isScalar(v) &&
      !(k.charCodeAt(0) === 64 && attributeObject(k, v))
    )
      return false;
  }
  return false;
}

/**
 * The namespace of the element a JSON value makes: an "@xmlns" member with a scalar (read in time, see
 * beforeStructure) declares the default namespace of that element and of those below it (JsonXMLStreamReader
 * readNsDecl); otherwise the inherited one.
 */
function ownNamespace(v: unknown, inherited: string | null): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isScalar(v)) return inherited;
  const obj = v as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(obj, '@xmlns')) return inherited;
  const x = jsonAt(obj, '@xmlns');
  if (x === null || !isScalar(x) || !beforeStructure(obj, '@xmlns')) return inherited;
  const uri = String(x);
  return uri === '' ? null : uri;
}

/**
 * An attribute of any name (`@name`): staxon reads the name as it is, prefix included (`p:x`, `xml:lang` and
 * `xmlns:p` are plain attributes of those names), and Woodstox writes it unchecked.
 */
function addAttribute(el: slimdom.Element, name: string, value: string): void {
  if (SIMPLE_NAME.test(name) || (NAME_RE.test(name.replace(/:/g, '_')) && !/^:|:$|::/.test(name)))
    el.setAttribute(name, value);
  else slimdom.unsafeAppendAttribute(slimdom.unsafeCreateAttribute(null, null, name, value, el), el);
}

/**
 * The members of JSON objects that give a name more than once, as written (MI's stream reader, staxon
 * JsonXMLStreamReader, makes an element of each: {"a":1,"a":2} is <a>1</a><a>2</a>, where a read of the value keeps
 * the last, as Gson does). Recorded by the payload's XML view when its JSON text has such an object.
 */
const duplicateMembers = new WeakMap<object, [string, unknown][]>();

/** Records the members of an object whose JSON text repeats a name (see duplicateMembers). */
export function recordDuplicateMembers(obj: object, members: [string, unknown][]): void {
  duplicateMembers.set(obj, members);
}

function fillObject(
  el: slimdom.Element,
  obj: Record<string, unknown>,
  doc: slimdom.Document,
  ns: string | null,
): void {
  // attributes count until an array or object member (see beforeStructure)
  let started = false;
  // in the order the members came (names like "1" stay where they were written, as MI's stream reader sees them)
  const members = duplicateMembers.get(obj);
  const keys = members ? members.map((m) => m[0]) : orderedKeys(obj);
  for (let m = 0; m < keys.length; m++) {
    const k = keys[m]!;
    // a number with its JSON text (10.0) is written as that text: MI converts from the text
    const v = members ? members[m]![1] : jsonAt(obj, k);
    // MI's JSON reader (staxon): "@name" with a scalar is an attribute, "$" with a scalar is the element's text
    if ((k.charCodeAt(0) === 64 || k === '$') && v !== null && isScalar(v)) {
      if (k === '$') {
        el.appendChild(doc.createTextNode(String(v)));
        continue;
      }
      // (@xmlns: the element's namespace, see ownNamespace)
      if (!started && k !== '@xmlns') addAttribute(el, k.slice(1), String(v));
      continue;
    }
    // "@name" with an object of scalars: each member is an attribute (JsonXMLStreamReader.consumeName)
    if (k.charCodeAt(0) === 64 && attributeObject(k, v)) {
      if (!started)
        for (const [n, a] of Object.entries(v as Record<string, unknown>)) addAttribute(el, n, String(a));
      continue;
    }
    if (v !== null && typeof v === 'object' && !isScalar(v)) started = true;
    const name = keyToName(k);
    if (Array.isArray(v)) {
      // repeated elements, no <?xml-multiple?> (JsonDataSource.getReader: JsonUtil.isPiEnabled() is false by default;
      // when on, the instruction names the key as written: JsonXMLStreamReader.consume START_ARRAY)
      if (withPis) el.appendChild(doc.createProcessingInstruction(PI_MULTIPLE, k));
      for (let i = 0; i < v.length; i++) {
        const item = jsonAt(v, i);
        const own = ownNamespace(item, ns);
        const c = elementNamed(doc, name, own);
        fill(c, item, doc, own);
        el.appendChild(c);
      }
    } else {
      const own = ownNamespace(v, ns);
      const c = elementNamed(doc, name, own);
      fill(c, v, doc, own);
      el.appendChild(c);
    }
  }
}

/** An "@name" member whose value is an object of scalars: its members are attributes (not @xmlns). */
function attributeObject(k: string, v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isScalar(v) || k === '@xmlns') return false;
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.every(([, a]) => a !== null && isScalar(a));
}

function fill(el: slimdom.Element, v: unknown, doc: slimdom.Document, ns: string | null): void {
  if (v === null || v === undefined) {
    // synapse.commons.enableXmlNilReadWrite: a null is an empty element with a plain nil="true" attribute
    // (JsonXMLStreamReader.consume: readAttrNsDecl("nil", "true"), no namespace)
    if (v === null && outputSettings.xmlNil) el.setAttribute('nil', 'true');
    return;
  }
  if (Array.isArray(v)) {
    const arr = elementNamed(doc, 'jsonArray', ns);
    if (withPis) arr.appendChild(doc.createProcessingInstruction(PI_MULTIPLE, 'jsonElement'));
    for (let i = 0; i < v.length; i++) {
      const item = jsonAt(v, i);
      const own = ownNamespace(item, ns);
      const c = elementNamed(doc, 'jsonElement', own);
      fill(c, item, doc, own);
      arr.appendChild(c);
    }
    el.appendChild(arr);
  } else if (!isScalar(v)) fillObject(el, v as Record<string, unknown>, doc, ns);
  else el.appendChild(doc.createTextNode(String(v)));
}

export interface XmlToJsonOptions {
  autoPrimitive?: boolean;
  emptyAsEmptyString?: boolean;
  /** synapse.commons.enableXmlNilReadWrite: an empty element with xsi:nil="true" (or a plain nil="true") is null. */
  xmlNil?: boolean;
  /** synapse.commons.json.buildValidNCNames: `_JsonReader_<code>_` in element names is decoded (see fromNcName). */
  ncNames?: boolean;
  /**
   * synapse.commons.json.preserve.namespace (prefixed names: `ns_stock`), output.enableNSDeclarations (namespace
   * declarations written as `@xmlns_ns` / `@xmlns`), output.namespaceSepChar (the `_` between them).
   */
  ns?: { preserve: boolean; decls: boolean; sep: string };
  /**
   * For writing: a number is kept as the text MI writes (Java's BigDecimal of the element text: 10.0 stays 10.0,
   * a 20-digit id stays a number) as a JsonNumberText whenever JavaScript would write it differently, and
   * `found` is set. The value is then for jsonText() only, not for expressions.
   */
  numberText?: { found: boolean };
  /**
   * The axis2 property PRESERVE_SPACES: a whitespace-only text that is its element's only child is kept. Otherwise
   * MI drops whitespace-only text before writing JSON (JsonUtil.removeIndentations), so `<a> </a>` is null.
   */
  preserveSpaces?: boolean;
  /**
   * synapse.commons.json.output.disableAutoPrimitive.regex: a text the pattern matches whole stays a string
   * (staxon's CustomRegexIgnoreAutoPrimitiveTarget).
   */
  disableRegex?: RegExp;
  /**
   * synapse.commons.json.json.output.disableAutoPrimitive.customReplaceRegex / customReplaceSequence (used only
   * without disableRegex): a text that starts with a match has that first match replaced and stays a string
   * (staxon's CustomRegexMatchReplaceIgnoreAutoPrimitiveTarget: lookingAt, then replaceFirst).
   */
  replaceRegex?: { re: RegExp; seq: string };
  /** (internal) set when a number kept its text as a JsonDecimal, to be settled (see jsonNumber.ts). */
  decimals?: { found: boolean };
  /**
   * Set when an object got a member named like an array index ("0", "12": JavaScript lists those first); its
   * document order is recorded (recordKeyOrder) for stringifyJson, which writes it as MI does.
   */
  ordered?: { found: boolean };
  /**
   * synapse.commons.json.output.jsonoutAutoArray (default true): false leaves out staxon's AutoArrayTarget, so only
   * <?xml-multiple?> makes arrays and a repeated element is its name written again.
   */
  autoArray?: boolean;
  /**
   * synapse.commons.json.output.jsonoutMultiplePI (default true): false makes the writer ignore <?xml-multiple?>.
   */
  multiplePI?: boolean;
  /**
   * JSON -> XML, not the writer: synapse.json.to.xml.processing.instruction.enabled or
   * synapse.commons.json.output.xmloutMultiplePI "true" puts <?xml-multiple name?> before each array of the payload
   * view (JsonUtil.getReader with the PI or the no-PI factory).
   */
  xmlMultiplePI?: boolean;
}

/**
 * MI's JSON writer settings of synapse.properties (deployment.toml [mediation] / [synapse_properties]): JsonUtil
 * builds its one output factory from them when it loads (generateJSONOutputFactory), and the JSON formatter, json-eval
 * on XML and a jsontransform without its own property use it. Set by the runtime from the project it loads.
 */
export type JsonOutputSettings = Pick<
  XmlToJsonOptions,
  | 'autoPrimitive'
  | 'xmlNil'
  | 'ncNames'
  | 'ns'
  | 'emptyAsEmptyString'
  | 'disableRegex'
  | 'replaceRegex'
  | 'autoArray'
  | 'multiplePI'
  | 'xmlMultiplePI'
>;

const EMPTY_SETTINGS: JsonOutputSettings = {};
let outputSettings: JsonOutputSettings = EMPTY_SETTINGS;

/** Sets MI's JSON writer settings (see JsonOutputSettings); {} is MI's defaults. */
export function setJsonOutputSettings(s: JsonOutputSettings): void {
  outputSettings = Object.keys(s).length ? s : EMPTY_SETTINGS;
}

export function jsonOutputSettings(): JsonOutputSettings {
  return outputSettings;
}

/** Converts an XML element (payload root) to JSON as MI's JSON formatter does. */
export function xmlToJson(root: slimdom.Element, options: XmlToJsonOptions = {}): unknown {
  const opts = outputSettings === EMPTY_SETTINGS ? options : { ...outputSettings, ...definedOnly(options) };
  if (opts.numberText || opts.autoPrimitive === false) return xmlToJsonValue(root, opts);
  // numbers whose text JavaScript writes otherwise (12.50) keep MI's text: plain values, the text recorded
  const decimals = { found: false };
  const v = xmlToJsonValue(root, { ...opts, decimals });
  return decimals.found ? settleNumbers(v) : v;
}

function definedOnly(o: XmlToJsonOptions): XmlToJsonOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as XmlToJsonOptions;
}

function xmlToJsonValue(root: slimdom.Element, opts: XmlToJsonOptions): unknown {
  const local = root.localName;
  // an empty jsonObject / jsonArray (no attribute, child, instruction or text) is written `null`: staxon's writer
  // drops the wrapper name and its braces and writes an empty element as null (JsonXMLStreamWriterTest.testNull)
  if ((local === 'jsonObject' || local === 'jsonArray') && emptyWrapper(root, opts)) return null;
  // any other root jsonObject / jsonArray: staxon's writer drops the name (JsonStreamTargetImpl.name drops a
  // jsonObject / jsonArray / jsonElement name written first in an object, and that object's braces) and writes the
  // element's value as it writes any element's: its text alone is a scalar, children an object (jsonElement children
  // an array or, one without <?xml-multiple?>, its value), attributes `@` members
  if (local === 'jsonObject' || local === 'jsonArray') return elementValue(root, opts, false);
  if (local === 'jsonValue' && root.children.length === 0) {
    // the element's text is JSON text (MI's writer writes it as it is: JsonUtil.convertOMElementToJson)
    const text = root.textContent ?? '';
    if (opts.numberText && !/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
      opts.numberText.found = true;
      return new JsonNumberText(text);
    }
    if (text.length > 1 && text.startsWith('"') && text.endsWith('"'))
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    return primitive(text, opts);
  }
  const key = nameToKey(local);
  const k = opts.ncNames ? fromNcName(key) : key;
  return { [opts.ns ? nsKey(root, k, opts.ns) : k]: elementValue(root, opts, false) };
}

/**
 * An <?xml-multiple?> instruction the writer acts on: synapse.commons.json.output.jsonoutMultiplePI "false" makes
 * the JSON writer ignore them (JsonXMLStreamWriter.writeProcessingInstruction).
 */
function multiplePi(n: slimdom.Node, opts: XmlToJsonOptions): boolean {
  return (
    n.nodeType === 7 &&
    (n as slimdom.ProcessingInstruction).target === PI_MULTIPLE &&
    opts.multiplePI !== false
  );
}

function emptyWrapper(el: slimdom.Element, opts: XmlToJsonOptions): boolean {
  if (el.attributes.some((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns')) return false;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) return false;
    if (multiplePi(n, opts)) return false;
    if (
      (n.nodeType === 3 || n.nodeType === 4) &&
      (!JAVA_BLANK.test((n as slimdom.Text).data) || (opts.preserveSpaces && el.childNodes.length === 1))
    )
      return false;
  }
  return true;
}

function primitive(text: string, opts: XmlToJsonOptions): unknown {
  if (opts.autoPrimitive === false) return text;
  if (opts.disableRegex) {
    if (opts.disableRegex.test(text)) return text;
  } else if (opts.replaceRegex) {
    const { re, seq } = opts.replaceRegex;
    const m = re.exec(text);
    if (m && m.index === 0) return text.slice(0, m.index) + seq + text.slice(m.index + m[0].length);
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return text;
  if (opts.numberText) {
    const java = bigDecimalString(text);
    if (text.length >= 16 || java !== String(Number(text))) {
      opts.numberText.found = true;
      return new JsonNumberText(java);
    }
    return Number(text);
  }
  if (opts.decimals && (text.length >= 16 || /[.eE]/.test(text))) {
    // MI's JSON view of XML is the JSON text its writer makes (BigDecimal of the element text), read back by Gson:
    // the number keeps that text, an integer beyond 2^53 included (a long in ${} arithmetic, beyond a long a
    // double), so it is a number with its text recorded, not a string
    const java = bigDecimalString(text);
    if (java !== String(Number(text))) {
      opts.decimals.found = true;
      return new JsonDecimal(java);
    }
  } else if (text.length >= 16) return text;
  return Number(text);
}

/**
 * `new BigDecimal(text).toString()` in Java (MI's JSON writer turns numeric element text into a BigDecimal): the
 * text itself for plain decimals, Java's scientific form (1E+3) when the scale is negative or the number tiny.
 */
export function bigDecimalString(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = (int + frac).replace(/^0+(?=\d)/, '');
  const scale = frac.length - Number(exp);
  const zero = /^0+$/.test(digits);
  const neg = sign === '-' && !zero ? '-' : '';
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return neg + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${neg}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${neg}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** JSON text of a value made with `numberText`: its JsonNumberText numbers written as they are. */
export function jsonText(v: unknown): string {
  return (
    losslessStringify(v, undefined, undefined, [
      { test: (x) => x instanceof JsonNumberText, stringify: (x) => (x as JsonNumberText).text },
    ]) ?? ''
  );
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** Text that Java's String.trim() makes empty (every character at most U+0020). */
const JAVA_BLANK = /^[\x00-\x20]*$/;

/** The members of an object made by elementValue, in the order of the element's attributes and children. */
function documentKeys(el: slimdom.Element, obj: Record<string, unknown>, opts: XmlToJsonOptions): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  const add = (k: string) => {
    if (!seen.has(k) && k in obj) {
      seen.add(k);
      keys.push(k);
    }
  };
  // attributes and namespace declarations come first, as elementValue puts them
  for (const k of Object.keys(obj)) if (k.startsWith('@') || k.startsWith('xmlns')) add(k);
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (multiplePi(n, opts)) add(keyOf((n as slimdom.ProcessingInstruction).data.trim(), opts));
    else if (n.nodeType === 1) {
      const c = n as slimdom.Element;
      add(opts.ns ? nsKey(c, keyOf(c.localName, opts), opts.ns) : keyOf(c.localName, opts));
    }
  }
  for (const k of Object.keys(obj)) add(k);
  return keys;
}

function elementValue(el: slimdom.Element, opts: XmlToJsonOptions, forceObject: boolean): unknown {
  const kids = el.children;
  // namespace declarations go; other attributes (xsi:type too) stay, by local name, as MI writes them
  let attrs = el.attributes.filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns');
  if (attrs.length && opts.xmlNil) {
    // MI's writer takes the nil attribute as the element's value (null unless text follows), never as a key
    const rest = attrs.filter(
      (a) => !(a.localName === 'nil' && a.value === 'true' && (a.namespaceURI ?? XSI) === XSI),
    );
    if (rest.length < attrs.length && rest.length === 0 && kids.length === 0 && !el.textContent) return null;
    attrs = rest;
  }
  const decls = opts.ns ? nsDeclarations(el, opts.ns) : undefined;
  if (decls)
    attrs = [
      ...attrs,
      ...decls.map(([name, value]) => ({ name, value, localName: '', prefix: null }) as never),
    ];
  const multiples = new Set<string>();
  for (const n of el.childNodes)
    if (multiplePi(n, opts)) {
      const named = (n as slimdom.ProcessingInstruction).data.trim();
      if (named !== '') multiples.add(keyOf(named, opts));
    }
  if (kids.length === 0 && attrs.length === 0 && multiples.size === 0 && !forceObject) {
    const t = el.textContent ?? '';
    if (t === '' || (JAVA_BLANK.test(t) && !(opts.preserveSpaces && el.childNodes.length === 1)))
      return opts.emptyAsEmptyString ? '' : null;
    return primitive(t, opts);
  }
  const obj: Record<string, unknown> = {};
  // The members as MI's JSON stream writes them (staxon JsonXMLStreamWriter, then AutoArrayTarget unless
  // synapse.commons.json.output.jsonoutAutoArray is false): a name repeated right after itself (attributes of one
  // local name too) makes one array; an array <?xml-multiple?> opened goes on while the same name follows; any other
  // repeat is the same name written again (JSON with duplicate keys), kept for the writer (recordEntries)
  const stream = new MemberStream(opts.autoArray !== false);
  // attribute values stay strings (MI's auto-primitive leaves `@` names alone)
  if (opts.ns) {
    // namespace declarations (pseudo attributes named by their key, no local name) first, as MI writes them
    for (const a of attrs) if (a.localName === '') stream.put(a.name, a.value);
    for (const a of attrs) if (a.localName !== '') stream.put('@' + nsKey(a, a.localName, opts.ns), a.value);
  } else for (const a of attrs) stream.put('@' + a.localName, a.value);
  for (const e of stream.entries) obj[e.key] = e.array ?? e.value;
  // keys in document order: an array announced by <?xml-multiple?> takes its place where the instruction is
  let indexKey = false;
  // <?xml-multiple?> with no name: the next element starts the array (staxon JsonXMLStreamWriter.writePI sets
  // pendingStartArray, writeStartElementTag starts the array with that element's name)
  let pending = false;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 7) {
      const pi = n as slimdom.ProcessingInstruction;
      if (multiplePi(pi, opts)) {
        const named = pi.data.trim();
        if (named === '') pending = true;
        else {
          const key = keyOf(named, opts);
          if (!(key in obj)) obj[key] = [];
          stream.openArray(key);
        }
      }
      continue;
    }
    if (n.nodeType !== 1) continue;
    const c = n as slimdom.Element;
    const key = opts.ns ? nsKey(c, keyOf(c.localName, opts), opts.ns) : keyOf(c.localName, opts);
    if (pending) {
      pending = false;
      multiples.add(key);
      if (!(key in obj)) obj[key] = [];
      stream.openArray(key);
    }
    const v = elementValue(c, opts, false);
    stream.put(key, v);
    if (key in obj) {
      const cur = obj[key];
      if (Array.isArray(cur) && (multiples.has(key) || (cur as unknown[] & { __rep?: boolean }).__rep))
        cur.push(v);
      else {
        const arr = [cur, v] as unknown[] & { __rep?: boolean };
        Object.defineProperty(arr, '__rep', { value: true, enumerable: false });
        obj[key] = arr;
      }
    } else {
      obj[key] = v;
      if (!indexKey && isIndexName(key)) indexKey = true;
    }
  }
  // members named like array indexes: JavaScript lists them first, MI keeps the document's order
  if (indexKey) {
    recordKeyOrder(obj, documentKeys(el, obj, opts));
    if (opts.ordered) opts.ordered.found = true;
  }
  // a name the writer writes more than once (JSON with duplicate keys) is, read back from that text as MI reads it
  // (Gson's JsonObject: each repeat replaces the value, which keeps the first one's place), its last value
  if (stream.repeats()) {
    for (const k of Object.keys(obj)) delete obj[k];
    for (const e of stream.entries) obj[e.key] = e.array ?? e.value;
  }
  // MI's JSON writer (staxon) drops a jsonObject / jsonArray / jsonElement name written first in an object, and the
  // braces of that object: the wrapper's value (an array for repeated wrappers) takes the object's place. With other
  // names after it MI writes broken JSON (no comma); the key is kept then. A nested <jsonArray> is no array of its
  // own: its jsonElement children are one (repeated or announced by <?xml-multiple?>) or a single value.
  if (attrs.length === 0 && (kids.length === 0 || WRAPPER_NAMES.has(kids[0].localName))) {
    let only: string | undefined;
    for (const k in obj) {
      if (only !== undefined) {
        only = undefined;
        break;
      }
      only = k;
    }
    if (only !== undefined && WRAPPER_NAMES.has(only)) {
      // a new array: the repeated-element mark of this object's array must not make the parent append to it
      const w = obj[only];
      return Array.isArray(w) ? [...(w as unknown[])] : w;
    }
  }
  if (kids.length === 0 || attrs.length > 0) {
    let text = '';
    for (const n of el.childNodes) if (n.nodeType === 3 || n.nodeType === 4) text += (n as slimdom.Text).data;
    // MI drops whitespace-only text (JsonUtil.removeIndentations) and writes any other text as it is, spaces included
    if (!JAVA_BLANK.test(text) || (opts.preserveSpaces && el.childNodes.length === 1 && text !== ''))
      obj['$'] = primitive(text, opts);
  }
  // (only for a JSON text being written: a view read by expressions keeps one member per name)
  if (opts.ordered && stream.repeats()) {
    if ('$' in obj) stream.put('$', obj['$']);
    recordEntries(
      obj,
      stream.entries.map((e) => [e.key, e.array ?? e.value]),
    );
    opts.ordered.found = true;
  }
  return obj;
}

/** The members of one JSON object as MI's JSON stream writes them (see elementValue). */
class MemberStream {
  readonly entries: { key: string; value: unknown; array?: unknown[] }[] = [];
  /** The <?xml-multiple?> array the writer has open (JsonXMLStreamWriter.writeStartArray). */
  private open: { key: string; value: unknown; array?: unknown[] } | undefined;
  constructor(private readonly autoArray: boolean) {}
  openArray(key: string): void {
    this.open = { key, value: undefined, array: [] };
    this.entries.push(this.open);
  }
  put(key: string, value: unknown): void {
    if (this.open?.key === key) {
      this.open.array!.push(value);
      return;
    }
    // another name ends the open array (autoEndArray)
    this.open = undefined;
    const last = this.entries[this.entries.length - 1];
    // AutoArrayTarget.name: the same name as the field before it makes that field an array
    if (this.autoArray && last?.key === key) {
      (last.array ??= [last.value]).push(value);
      return;
    }
    this.entries.push({ key, value });
  }
  /** Whether a name is written more than once. */
  repeats(): boolean {
    if (this.entries.length < 2) return false;
    return new Set(this.entries.map((e) => e.key)).size < this.entries.length;
  }
}
