/**
 * XPath 1.0 with Synapse functions and variables, evaluated by fontoxpath.
 *
 * The expression is parsed once with our XPath 1.0 parser and re-emitted as an XPath 3.1 expression that keeps
 * XPath 1.0 semantics: comparisons go through `xp1Compare`, arithmetic operands through 1.0 number(), string
 * arguments of the 1.0 library through 1.0 string() (first node of a node-set, never a type error), and Synapse
 * variables/functions become calls of functions registered in our own namespace that read the EvalContext passed
 * as fontoxpath's `currentContext`. Simple forms (`$ctx:x`, `get-property('x')`, literals, child paths from the
 * root, `$body` or `//`) are answered without fontoxpath.
 */
import { evaluateXPath, registerCustomXPathFunction } from 'fontoxpath';
import { createHmac } from 'node:crypto';
import * as slimdom from 'slimdom';
import {
  GET_PROPERTY_SCOPES,
  parseXPath,
  type XPathBinary,
  type XPathNegate,
  type XPathNode,
  type XPathStep,
} from '../../../core/expressions';
import {
  SYNAPSE_XPATH2_VARIABLE_PREFIXES,
  rewriteSynapseReferences,
  undeclaredSaxonPrefix,
} from '../../../core/expressions/xpath2';
import type { EvalContext } from './context';
import { DeferredExpression } from './deferred';
import { registryResourceProperty } from './registryProperties';
import { ExpressionCompileError, ExpressionEvalError } from './errors';
import { JavaThrowable, PayloadError } from '../errors';
import { formatJavaDate } from './dates';
import { JsonDecimal } from './jsonNumber';
import { completesEnvelope, readsBody } from './envelopeReach';
import { markBodyRead, markEnvelopeComplete } from '../xml/serialize';
import {
  isDoclessEnvelope,
  isNode,
  jaxenPredicate,
  javaNumberItem,
  javaNumberXPath2Lexical,
  nodeStringValue,
  synapseValueString,
  synapseXPathString,
  xp1Boolean,
  xp1Compare,
  xp1Number,
  xp1String,
  stringifyJson,
} from './values';

export const SYN_FN_NS = 'urn:synapse-integration-tools:xpath-functions';
const Q = `Q{${SYN_FN_NS}}`;

/**
 * A Java number property value as the DOM failover's XPath 2.0 sees it (applied to each item `.`): JAXP hands Saxon the
 * Number object (DOMSynapseXPathVariableResolver, GetPropertyFunctionResolver), an xs:integer for an Integer, Short or
 * Long, xs:float for a Float, xs:double for a Double; any other item as it is.
 */
const FN = 'Q{http://www.w3.org/2005/xpath-functions}';
const XS = 'Q{http://www.w3.org/2001/XMLSchema}';
const TO_XPATH2 =
  `(if (. instance of map(*)) then (let $t := ${Q}x2(.), $v := ${FN}substring($t, 2) return ` +
  `if (${FN}starts-with($t, "i")) then ${XS}integer($v) else if (${FN}starts-with($t, "f")) then ${XS}float($v) ` +
  `else ${XS}double($v)) else .)`;

const GET_PROPERTY_SCOPE_SET: ReadonlySet<string> = new Set(GET_PROPERTY_SCOPES);

interface XPathRunContext {
  ctx: EvalContext;
}

// ------------------------------------------------------------------------------------------ Synapse values

/** What an XPath sees for a property value: nodes stay nodes, objects become JSON text, missing becomes "". */
/** The item an object Jaxen cannot read stands for: a node whose string value is '' (see JavaThrowable). */
const NO_TEXT = new slimdom.Document().createTextNode('');

function toXPathItems(v: unknown): unknown[] {
  if (v === undefined || v === null) return [''];
  // an exception (ERROR_EXCEPTION): an item with no text, as Jaxen's list holding an object it cannot read
  if (v instanceof JavaThrowable) return [NO_TEXT];
  if (isNode(v)) return [v];
  if (Array.isArray(v) && v.every(isNode)) return v;
  if (typeof v === 'string') return [v];
  // a Boolean property is a boolean to Jaxen (BooleanFunction: a BOOLEAN property of false is false in a filter,
  // and `$ctx:flag = 'false'` compares booleans: false)
  if (typeof v === 'boolean') return [v];
  // a JSON number kept with its text (Gson's JsonPrimitive, no Number to Jaxen) as it was written
  if (v instanceof JsonDecimal) return [v.text];
  // an INTEGER, SHORT, LONG, FLOAT or DOUBLE property is the Java Number object to Jaxen (see javaNumberItem)
  const jn = javaNumberItem(v);
  if (jn !== undefined) return [jn];
  // a JSON number (Gson's JsonPrimitive, no Number to Jaxen) as it was written
  if (v instanceof Number) return [v.toString()];
  if (v instanceof Map) return [stringifyJson(Object.fromEntries(v))];
  return [stringifyJson(v)];
}

/**
 * A value that may be Java's null: SynapseXPathVariableContext hands Jaxen null for a property, header, variable or
 * template parameter that is not set, and so does GetPropertyFunction (a missing property, then no local entry);
 * Jaxen's comparisons with null are false both ways (`$ctx:missing = ''` and `get-property('missing') != ''` are
 * false); as a string it is ''. The empty sequence behaves so here.
 */
function nullableItems(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : toXPathItems(v);
}

/** The empty Header of each default envelope that has none written (see doclessHeader). */
const defaultHeaders = new WeakMap<slimdom.Document, slimdom.Element>();

/**
 * `$header` of a message in a default envelope (a REST message, a clone): Axiom's getDefaultEnvelope makes an empty
 * Header with the Body, so MI's `$header` is that element (`<soapenv:Header xmlns:soapenv="..."/>`), which no
 * serialization of the envelope shows; an envelope parsed without a Header has none.
 */
function doclessHeader(ctx: EvalContext): slimdom.Element[] {
  const doc = ctx.envelope();
  const env = doc.documentElement;
  if (!env || !isDoclessEnvelope(doc)) return [];
  let h = defaultHeaders.get(doc);
  if (!h) {
    h = doc.createElementNS(env.namespaceURI, `${env.prefix ? `${env.prefix}:` : ''}Header`);
    defaultHeaders.set(doc, h);
  }
  return [h];
}

function headerElement(ctx: EvalContext): slimdom.Element | null {
  const env = ctx.envelope().documentElement;
  if (!env) return null;
  for (let c = env.firstElementChild; c; c = c.nextElementSibling) if (c.localName === 'Header') return c;
  return null;
}

/** Value of a Synapse XPath variable (`$ctx:x`, `$body`, ...). */
export function synapseVariable(ctx: EvalContext, prefix: string, name: string): unknown[] {
  switch (prefix) {
    case '':
      if (name === 'body') return [ctx.body()];
      if (name === 'header') {
        const h = headerElement(ctx);
        return h ? [h] : doclessHeader(ctx);
      }
      if (name === 'env') {
        const e = ctx.envelope().documentElement;
        return e ? [e] : [];
      }
      // MI: SynapseXPathVariableContext hands any other name to Jaxen's SimpleVariableContext, which fails the
      // evaluation (UnresolvableException); the XPath still deploys
      throw new Error(`No such variable: $${name}`);
    case 'ctx':
      // the property itself: unlike get-property, none of the message's own names (SYSTEM_DATE/SYSTEM_TIME,
      // MessageID, To, Action, MESSAGE_FORMAT) and no local-entry fallback
      return nullableItems(ctx.rawProperty ? ctx.rawProperty(name) : ctx.getProperty(name, 'default'));
    case 'axis2':
      return nullableItems(ctx.getProperty(name, 'axis2'));
    case 'trp':
      return nullableItems(ctx.header(name));
    case 'url':
      return toXPathItems(urlParam(ctx, name));
    case 'func': {
      const v = ctx.funcParam(name);
      // an expression passed to the template unevaluated ({{...}}) is evaluated here, on the message as it is now
      return v instanceof DeferredExpression ? v.evaluate(ctx) : nullableItems(v);
    }
    case 'var':
      return nullableItems(ctx.variable(name));
    case 'operation':
      return nullableItems(ctx.getProperty(name, 'operation'));
    case 'sys':
      return toXPathItems(ctx.getProperty(name, 'system'));
    case 'config':
      return toXPathItems(ctx.configValue(name));
    default: {
      // `$prefix:key`: property `prefix` holding a map, its value's toString() (a String to Jaxen, whatever the value);
      // no such map or key (a null value): SynapseXPathVariableContext hands the name to Jaxen's SimpleVariableContext,
      // which fails the evaluation (UnresolvableException "Variable {null}prefix:key")
      const m = ctx.getProperty(prefix, 'default');
      const v =
        m instanceof Map
          ? m.get(name)
          : m && typeof m === 'object' && !isNode(m)
            ? (m as Record<string, unknown>)[name]
            : undefined;
      if (v === undefined || v === null) throw new Error(`Variable {null}${prefix}:${name}`);
      return [typeof v === 'string' ? v : synapseValueString(v)];
    }
  }
}

/**
 * `$url:name` as MI reads it from the To address: the first query parameter whose name equals `name` ignoring case,
 * its value up to the next `=`, %XX decoded ('+' stays); "" when there is none.
 */
function urlParam(ctx: EvalContext, name: string): string | undefined {
  const to = ctx.getProperty('To', 'default') ?? ctx.getProperty('REST_FULL_REQUEST_PATH', 'default');
  if (typeof to !== 'string') return ctx.queryParam(name);
  const q = to.indexOf('?');
  if (q < 0) return '';
  const lower = name.toLowerCase();
  for (const param of to.slice(q + 1).split('&')) {
    const parts = param.split('=');
    if (parts[0]!.toLowerCase() !== lower) continue;
    const v = parts.length > 1 ? parts[1]! : '';
    if (!v.includes('%')) return v;
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  }
  return '';
}

/**
 * The pattern of `new SimpleDateFormat()` in the en-US locale of the JDK 21 MI 4.4 runs on: since JDK 20 (CLDR 42)
 * a narrow no-break space (U+202F) stands before AM/PM (JDK 11/17: a plain space).
 */
export const JAVA_DEFAULT_DATE_PATTERN = 'M/d/yy, h:mm\u202fa';

/** SYSTEM_DATE and SYSTEM_TIME are answered whatever the scope. */
function systemDateOrTime(
  ctx: EvalContext,
  name: string,
  dateFormat: string | undefined,
): string | undefined {
  if (name === 'SYSTEM_DATE')
    return formatJavaDate(new Date(ctx.now()), dateFormat || JAVA_DEFAULT_DATE_PATTERN);
  if (name === 'SYSTEM_TIME') return String(ctx.now());
  return undefined;
}

function defaultProperty(ctx: EvalContext, name: string, dateFormat?: string): unknown {
  const sys = systemDateOrTime(ctx, name, dateFormat);
  if (sys !== undefined) return sys;
  if (name === 'MessageID') return ctx.getProperty(name, 'default') ?? ctx.messageId;
  // the Axis2 operation's name, not a property (GetPropertyFunction): a proxy without a WSDL and the service behind
  // APIs have the one operation Synapse names "mediate" (its QName has no namespace)
  if (name === 'OperationName') return 'mediate';
  if (name === 'OperationNamespace') return '';
  if (name === 'FAULT' && ctx.faultFlag) return ctx.faultFlag();
  // a property, else a local entry of that key (as MI's get-property falls back to the configuration's entries)
  const v = ctx.getProperty(name, 'default');
  return v !== undefined ? v : ctx.localEntry?.(name);
}

/** get-property('registry', 'gov:/path') is the resource's text; 'gov:/path@name' a property of it. */
function registryProperty(ctx: EvalContext, key: string): unknown {
  const parts = key.split('@');
  if (parts.length === 2) return registryResourceProperty(ctx, parts[0]!, parts[1]!);
  const v = ctx.registryResource?.(parts[0]!) ?? ctx.getProperty(key, 'registry');
  return v === undefined || v === null ? undefined : typeof v === 'string' ? v : synapseValueString(v);
}

/** get-property with Synapse's argument rules. */
export function getPropertyFunction(ctx: EvalContext, args: string[]): unknown {
  if (args.length === 1) return defaultProperty(ctx, args[0]!);
  const [a, b, c] = args as [string, string, string | undefined];
  if (GET_PROPERTY_SCOPE_SET.has(a)) {
    const sys = systemDateOrTime(ctx, b, c);
    if (sys !== undefined) return sys;
    if (a === 'default') return defaultProperty(ctx, b, c);
    if (a === 'transport') return ctx.header(b) ?? ctx.getProperty(b, 'transport');
    if (a === 'func') {
      const v = ctx.funcParam(b);
      return v instanceof DeferredExpression ? synapseXPathString(v.evaluate(ctx)) : v;
    }
    if (a === 'registry') return registryProperty(ctx, b);
    return ctx.getProperty(b, a);
  }
  // three arguments with an unknown scope: only SYSTEM_DATE / SYSTEM_TIME answer
  if (c !== undefined) return systemDateOrTime(ctx, b, c) ?? '';
  // get-property(name, dateFormat)
  return defaultProperty(ctx, a, b);
}

// ------------------------------------------------------------------------------------------ custom functions

const CHARSETS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8',
  'iso-8859-1': 'latin1',
  'us-ascii': 'ascii',
  'utf-16le': 'utf16le',
  'utf-16': 'utf16le',
  'utf-16be': 'utf16le',
  // single-byte charsets with their own table (SINGLE_BYTE)
  'windows-1252': 'latin1',
  'iso-8859-15': 'latin1',
};

/** The characters of bytes 0x80-0xFF in the JDK's single-byte charsets (U+FFFD: no character there). */
const SINGLE_BYTE: Record<string, string> = {
  'windows-1252':
    '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
    '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178' +
    Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join(''),
  'iso-8859-15': Array.from({ length: 128 }, (_, i) => {
    const c = 0x80 + i;
    const swapped: Record<number, number> = {
      0xa4: 0x20ac,
      0xa6: 0x160,
      0xa8: 0x161,
      0xb4: 0x17d,
      0xb8: 0x17e,
      0xbc: 0x152,
      0xbd: 0x153,
      0xbe: 0x178,
    };
    return String.fromCharCode(swapped[c] ?? c);
  }).join(''),
};

/** The JDK's aliases of the charsets above (Charset.forName: any case). */
const CHARSET_ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  iso_8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  '8859_1': 'iso-8859-1',
  'iso-ir-100': 'iso-8859-1',
  'iso_8859-1:1987': 'iso-8859-1',
  ibm819: 'iso-8859-1',
  'ibm-819': 'iso-8859-1',
  cp819: 'iso-8859-1',
  '819': 'iso-8859-1',
  csisolatin1: 'iso-8859-1',
  ascii: 'us-ascii',
  us: 'us-ascii',
  'iso646-us': 'us-ascii',
  'iso-ir-6': 'us-ascii',
  cp367: 'us-ascii',
  ibm367: 'us-ascii',
  ascii7: 'us-ascii',
  '646': 'us-ascii',
  csascii: 'us-ascii',
  'ansi_x3.4-1968': 'us-ascii',
  'ansi_x3.4-1986': 'us-ascii',
  'iso_646.irv:1983': 'us-ascii',
  default: 'us-ascii',
  utf_16: 'utf-16',
  utf16: 'utf-16',
  unicode: 'utf-16',
  utf_16be: 'utf-16be',
  'x-utf-16be': 'utf-16be',
  'iso-10646-ucs-2': 'utf-16be',
  unicodebigunmarked: 'utf-16be',
  utf_16le: 'utf-16le',
  'x-utf-16le': 'utf-16le',
  unicodelittleunmarked: 'utf-16le',
  cp1252: 'windows-1252',
  'ibm-1252': 'windows-1252',
  ibm1252: 'windows-1252',
  cp5348: 'windows-1252',
  latin9: 'iso-8859-15',
  'latin-9': 'iso-8859-15',
  l9: 'iso-8859-15',
  latin0: 'iso-8859-15',
  'iso8859-15': 'iso-8859-15',
  iso8859_15: 'iso-8859-15',
  'iso_8859-15': 'iso-8859-15',
  iso8859_15_fdis: 'iso-8859-15',
  '8859_15': 'iso-8859-15',
  cp923: 'iso-8859-15',
  ibm923: 'iso-8859-15',
  'ibm-923': 'iso-8859-15',
  '923': 'iso-8859-15',
  csiso885915: 'iso-8859-15',
  csisolatin9: 'iso-8859-15',
  csisolatin0: 'iso-8859-15',
};

/** A charset name as the JDK resolves it (canonical, lower case), or undefined when we do not have it. */
export function javaCharset(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const c = name.toLowerCase();
  const canonical = CHARSET_ALIASES[c] ?? c;
  return canonical in CHARSETS ? canonical : undefined;
}

export function charsetOf(name: string | undefined): BufferEncoding {
  if (!name) return 'utf8';
  const c = javaCharset(name);
  if (!c) throw new Error(`unsupported charset ${name}`);
  return CHARSETS[c]!;
}

/**
 * Java's String.getBytes(charset): UTF-16 is big-endian after a byte-order mark FE FF, UTF-16BE/LE have none, and
 * a character ISO-8859-1 or US-ASCII cannot hold is '?'.
 */
export function javaGetBytes(s: string, charset?: string): Buffer {
  const enc = charsetOf(charset);
  const c = javaCharset(charset) ?? '';
  if (c === 'utf-16' || c === 'utf-16be') {
    // (an empty text has no bytes, not even the mark)
    if (s === '') return Buffer.alloc(0);
    const le = Buffer.from(s, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i + 1 < le.length; i += 2) {
      be[i] = le[i + 1];
      be[i + 1] = le[i];
    }
    return c === 'utf-16' ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
  }
  const table = SINGLE_BYTE[c];
  if (table) {
    // a character the charset has no byte for is '?'
    const out: number[] = [];
    for (const ch of s) {
      const code = ch.codePointAt(0)!;
      const at = code < 0x80 ? -1 : table.indexOf(ch);
      out.push(code < 0x80 ? code : at >= 0 && ch !== '\ufffd' ? 0x80 + at : 0x3f);
    }
    return Buffer.from(out);
  }
  if (enc === 'latin1' || enc === 'ascii') {
    const max = enc === 'ascii' ? 0x7f : 0xff;
    let t = '';
    for (const ch of s) t += ch.codePointAt(0)! > max ? '?' : ch;
    return Buffer.from(t, 'latin1');
  }
  // (Java's encoders write an unpaired surrogate as '?', Node's UTF-8 as U+FFFD)
  if (enc === 'utf8') return Buffer.from(s.replace(LONE_SURROGATE, '?'), 'utf8');
  return Buffer.from(s, enc);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const URL_SAFE = /[A-Za-z0-9.\-*_]/;

/**
 * Java URLEncoder.encode: form encoding (space → +; only A-Z a-z 0-9 . - * _ left as they are); each run of other
 * characters is written as the %XX of its bytes in the charset (String.getBytes: with UTF-16, a mark per run).
 */
export function javaUrlEncode(s: string, charset?: string): string {
  let out = '';
  let run = '';
  const flush = () => {
    if (!run) return;
    for (const b of javaGetBytes(run, charset)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    run = '';
  };
  for (const ch of s) {
    if (ch === ' ') {
      flush();
      out += '+';
    } else if (URL_SAFE.test(ch)) {
      flush();
      out += ch;
    } else run += ch;
  }
  flush();
  return out;
}

/** commons-httpclient URI.allowed_abs_path: abs_path's characters but '%' and '+'. */
const PATH_SAFE = /[A-Za-z0-9\-_.!~*'():@&=$,;/]/;
/** URI.allowed_query: uric's characters (reserved, unreserved) but '%'. */
const QUERY_SAFE = /[A-Za-z0-9\-_.!~*'():@&=+$,;/?]/;

/**
 * The XPath url-encode() (Synapse URLEncodeFunction: commons-httpclient URIUtil.encodePathQuery): the part before the
 * first '?' as a path, the rest as a query, each part's bytes in the charset (String.getBytes: a character the charset
 * cannot hold is one '?', UTF-16 starts with its mark) percent-encoded byte by byte (URLCodec.encodeUrl) unless the
 * byte is an ASCII character the part allows (so '+' goes as %2B in the path, an unmappable '?' stays in the query).
 */
export function encodePathQuery(s: string, charset?: string): string {
  const q = s.indexOf('?');
  const encode = (part: string, safe: RegExp): string => {
    let out = '';
    for (const b of javaGetBytes(part, charset)) {
      const ch = String.fromCharCode(b);
      out += b < 0x80 && safe.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
  return q < 0
    ? encode(s, PATH_SAFE)
    : `${encode(s.slice(0, q), PATH_SAFE)}?${encode(s.slice(q + 1), QUERY_SAFE)}`;
}

/**
 * Java URLDecoder.decode: '+' is a space, each run of %XX escapes is decoded as bytes of the charset on its own
 * (Integer.parseInt of the two characters in base 16: "%+A" is 10, a negative one is refused), every other character
 * is kept as it is (a surrogate pair too); a '%' without two characters after it is an error.
 */
export function javaUrlDecode(s: string, charset?: string): string {
  charsetOf(charset); // (an unknown charset is an error even without escapes)
  let out = '';
  for (let i = 0; i < s.length;) {
    const ch = s[i]!;
    if (ch === '+') {
      out += ' ';
      i++;
    } else if (ch === '%') {
      const bytes: number[] = [];
      while (i + 2 < s.length && s[i] === '%') {
        const hex = s.slice(i + 1, i + 3);
        if (!/^(?:[0-9a-fA-F]{2}|\+[0-9a-fA-F])$/.test(hex))
          throw new Error(`URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
        bytes.push(parseInt(hex, 16));
        i += 3;
      }
      if (i < s.length && s[i] === '%') throw new Error('URLDecoder: Incomplete trailing escape (%) pattern');
      out += javaDecodeBytes(Buffer.from(bytes), charset);
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The Mac algorithms of the JDK (Mac.getInstance: names in any case), as Node names their hashes. */
const HMAC_ALGOS: Record<string, string> = {
  hmacsha1: 'sha1',
  hmacsha224: 'sha224',
  hmacsha256: 'sha256',
  hmacsha384: 'sha384',
  hmacsha512: 'sha512',
  'hmacsha512/224': 'sha512-224',
  'hmacsha512/256': 'sha512-256',
  'hmacsha3-224': 'sha3-224',
  'hmacsha3-256': 'sha3-256',
  'hmacsha3-384': 'sha3-384',
  'hmacsha3-512': 'sha3-512',
  hmacmd5: 'md5',
};

/**
 * `new String(bytes, charset)`: Node's decoding, except that UTF-8 bytes of a surrogate (ED A0..BF, with its
 * third byte when there is one) are one U+FFFD in Java's decoder (Node writes one per byte).
 */
export function javaDecodeBytes(b: Buffer, charset?: string): string {
  const enc = charsetOf(charset);
  const c = javaCharset(charset) ?? '';
  if (c === 'utf-16' || c === 'utf-16be' || c === 'utf-16le') {
    // UTF-16 is big-endian unless a byte-order mark says otherwise; an odd last byte is U+FFFD
    let le = c === 'utf-16le';
    let from = 0;
    if (
      c === 'utf-16' &&
      b.length >= 2 &&
      ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe))
    ) {
      le = b[0] === 0xff;
      from = 2;
    }
    const even = b.subarray(from, from + ((b.length - from) & ~1));
    const units = le ? Buffer.from(even) : Buffer.from(even).swap16();
    return units.toString('utf16le') + ((b.length - from) % 2 ? '\ufffd' : '');
  }
  const table = SINGLE_BYTE[c];
  if (table) return Array.from(b, (x) => (x < 0x80 ? String.fromCharCode(x) : table[x - 0x80]!)).join('');
  // (US-ASCII: a byte above 0x7F is U+FFFD in Java, Node would drop its high bit)
  if (enc === 'ascii') return b.toString('latin1').replace(/[\u0080-\u00ff]/g, '\ufffd');
  if (enc !== 'utf8') return b.toString(enc);
  let out = '';
  let from = 0;
  for (let i = 0; i + 1 < b.length; i++) {
    if (b[i] !== 0xed || b[i + 1]! < 0xa0 || b[i + 1]! > 0xbf) continue;
    out += b.subarray(from, i).toString('utf8') + '\ufffd';
    i += b[i + 2] !== undefined && b[i + 2]! >= 0x80 && b[i + 2]! <= 0xbf ? 2 : 1;
    from = i + 1;
  }
  return out + b.subarray(from).toString('utf8');
}

/**
 * Marks for `/` and `//` at the start of a path in translated code, and what they are written as: with the document
 * above the envelope (a SOAP message's) as XPath writes them, or, for a message whose envelope has none (Jaxen's root
 * is the envelope element: a REST message, a copy), from the document's one element. Two plain paths rather than a
 * function call: fontoxpath keeps its own fast ways of `//x` and `x[1]`.
 */
const ROOT_PATH = '\u0001';
const ROOT_ALONE = '\u0002';
const ROOT_DESCENDANTS = '\u0003';
const ROOT_MARKS = /[\u0001-\u0003]/g;
const ROOT_FORMS: Record<'document' | 'docless', Record<string, string>> = {
  document: { [ROOT_PATH]: '/', [ROOT_ALONE]: '(/)', [ROOT_DESCENDANTS]: '//' },
  docless: { [ROOT_PATH]: '/*/', [ROOT_ALONE]: '(/*)', [ROOT_DESCENDANTS]: '/*//' },
};
function rootForm(code: string, form: 'document' | 'docless'): string {
  return code.replace(ROOT_MARKS, (m) => ROOT_FORMS[form][m]!);
}

/** The node `/` selects: the envelope's document, or the envelope itself when MI has no document above it. */
function xpathRoot(ctx: EvalContext): slimdom.Node {
  const doc = ctx.envelope();
  return isDoclessEnvelope(doc) && doc.documentElement ? doc.documentElement : doc;
}

/** Jaxen's round(): Java's Math.round (a long: -0.5 and -0.4 give 0, beyond ±2^63 the long's bound), NaN and ±Infinity as they are. */
function jaxenRound(d: number): number {
  if (!Number.isFinite(d)) return d;
  const r = Math.round(d);
  if (r === 0) return 0;
  return Math.max(-(2 ** 63), Math.min(2 ** 63, r));
}

/** Java's (int) of a double (Double.intValue): toward zero, NaN is 0, beyond the int range its bound. */
function javaIntValue(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) || 0;
}

/**
 * Jaxen's SubstringFunction: start = (int) round(start) - 1, end = start + (int) round(length) in 32-bit int
 * arithmetic (a length of 1e10 overflows: substring('12345', 2, 1e10) is ''), over Unicode code points.
 */
function jaxenSubstring(str: string, startArg: number, lengthArg: number | undefined): string {
  const chars = Array.from(str);
  const len = chars.length;
  if (len === 0 || Number.isNaN(startArg)) return '';
  let start = (javaIntValue(jaxenRound(startArg)) - 1) | 0;
  let sublen = len;
  if (lengthArg !== undefined) sublen = Number.isNaN(lengthArg) ? 0 : javaIntValue(jaxenRound(lengthArg));
  if (sublen < 0) return '';
  let end = (start + sublen) | 0;
  if (lengthArg === undefined) end = len;
  if (start < 0) start = 0;
  else if (start > len) return '';
  if (end > len) end = len;
  else if (end < start) return '';
  return chars.slice(start, end).join('');
}

/** Jaxen's normalize-space(): only space, tab, CR and LF are white space (U+00A0 stays). */
function jaxenNormalizeSpace(s: string): string {
  return s
    .split(/[ \t\r\n]+/)
    .filter((x) => x.length > 0)
    .join(' ');
}

/**
 * Jaxen's upper-case/lower-case(value [, locale]): Java's toUpperCase/toLowerCase in Locale.ENGLISH, or in the
 * locale named by the second argument ('tr', 'az' and 'lt' case the dotted and dotless i their own way).
 */
function jaxenCase(s: string, locale: unknown[] | undefined, upper: boolean): string {
  const tag = locale && locale.length ? xp1String(locale) : '';
  const lang = tag.split('-')[0]!.toLowerCase();
  if (lang === 'tr' || lang === 'az' || lang === 'lt')
    return upper ? s.toLocaleUpperCase(lang) : s.toLocaleLowerCase(lang);
  return upper ? s.toUpperCase() : s.toLowerCase();
}

/**
 * synapse.xpath.dom.failover.enabled (deployment.toml `[mediation] synapse.enable_xpath_dom_failover`, or the key in
 * `[synapse_properties]`): MI's SynapseXPath.stringValueOf evaluates an XPath that Jaxen cannot (a function Jaxen does
 * not know: UnresolvableException) again with the JAXP XPath of the DOM (Saxon, XPath 2.0) when it is "true"; off by
 * default (MI's default synapse.properties has it commented out), so an XPath 2.0 function fails the evaluation
 * ("Evaluation of the XPath expression ... resulted in an error"). booleanValueOf (filter xpath) and evaluate()
 * (iterate, aggregate, enrich, clone node-sets) have no failover. One setting for the server, read when a project loads.
 */
let domFailover = false;
export function setXPathDomFailover(enabled: boolean): void {
  domFailover = enabled;
}
export function xpathDomFailover(): boolean {
  return domFailover;
}
/** Open while a stringValueOf evaluation runs with the failover on (evaluations do not interleave: synchronous). */
let failoverOpen = false;
/** Set when the last evaluation reached a function Jaxen does not know. */
let unresolved = false;

let registered = false;
function registerFunctions(): void {
  if (registered) return;
  registered = true;
  type DC = { currentContext: XPathRunContext };
  const reg = (
    name: string,
    arity: number,
    ret: string,
    fn: (ctx: EvalContext, ...args: unknown[][]) => unknown,
  ): void => {
    registerCustomXPathFunction(
      { namespaceURI: SYN_FN_NS, localName: name },
      new Array(arity).fill('item()*'),
      ret,
      (dc: DC, ...args: unknown[][]) => fn(dc.currentContext.ctx, ...args),
    );
  };
  reg('var', 2, 'item()*', (ctx, p, n) => synapseVariable(ctx, xp1String(p), xp1String(n)));
  for (const arity of [1, 2, 3]) {
    reg('get-property', arity, 'item()*', (ctx, ...args) =>
      nullableItems(getPropertyFunction(ctx, args.map(xp1String))),
    );
  }
  reg('str', 1, 'xs:string', (_c, v) => xp1String(v));
  reg('num', 1, 'xs:double', (_c, v) => xp1Number(v));
  reg('bool', 1, 'xs:boolean', (_c, v) => xp1Boolean(v));
  reg('sum', 1, 'xs:double', (_c, v) => v.reduce((acc: number, x) => acc + xp1Number([x]), 0));
  // Jaxen's own versions of XPath 1.0 functions, where they differ from fontoxpath's (MI answers with Jaxen 2.0.0)
  reg('evaluate', 2, 'item()*', (ctx, text, ns) =>
    compileXPath(xp1String(text), JSON.parse(xp1String(ns)) as Record<string, string>).run(ctx),
  );
  reg('fail', 1, 'item()*', (_c, m) => {
    throw new Error(xp1String(m));
  });
  reg('round', 1, 'xs:double', (_c, v) => jaxenRound(xp1Number(v)));
  reg('int-value', 1, 'xs:double', (_c, v) => javaIntValue(xp1Number(v)));
  reg('unresolvable', 1, 'xs:boolean', (_c, name) => {
    if (failoverOpen) return false;
    unresolved = true;
    throw new Error(`No Such Function ${xp1String(name).replace(/^.*:/, '')}`);
  });
  reg('predicate', 2, 'xs:boolean', (_c, v, p) => jaxenPredicate(v, Number(p[0])));
  // the DOM failover's values (DOMSynapseXPathVariableResolver, GetPropertyFunctionResolver): see TO_XPATH2
  reg('x2', 1, 'xs:string', (_c, v) => javaNumberXPath2Lexical(v[0]));
  for (const arity of [2, 3])
    reg('substring', arity, 'xs:string', (_c, s, a, b) =>
      jaxenSubstring(xp1String(s), xp1Number(a), b ? xp1Number(b) : undefined),
    );
  reg('normalize-space', 1, 'xs:string', (_c, v) => jaxenNormalizeSpace(xp1String(v)));
  for (const arity of [1, 2]) {
    reg('upper-case', arity, 'xs:string', (_c, v, l) => jaxenCase(xp1String(v), l, true));
    reg('lower-case', arity, 'xs:string', (_c, v, l) => jaxenCase(xp1String(v), l, false));
  }
  for (const op of ['=', '!=', '<', '<=', '>', '>='] as const) {
    const name = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[op];
    // (left, leftIsNodeSet, right, rightIsNodeSet): node-sets arrive as their string values (fontoxpath cannot
    // pass attribute nodes to custom functions)
    reg(name, 4, 'xs:boolean', (_c, a, as, b, bs) => xp1Compare(op, a, b, as[0] === true, bs[0] === true));
  }
  for (const arity of [1, 2]) {
    // Base64EncodeFunction: value.getBytes(encoding), as Java gives them (UTF-16 big-endian after FE FF, '?')
    // Base64EncodeFunction: new String(Base64.encode(value.getBytes(charset)), charset): the base64 text's bytes
    // read in the charset again (with UTF-16 two ASCII letters make one char)
    reg('base64Encode', arity, 'xs:string', (_c, s, cs) => {
      const charset = cs ? xp1String(cs) : undefined;
      const text = javaGetBytes(xp1String(s), charset).toString('base64');
      return charsetOf(charset) === 'utf16le'
        ? javaDecodeBytes(Buffer.from(text, 'latin1'), charset).replace(
            /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g,
            '',
          )
        : text;
    });
    // Base64DecodeFunction: new String(decoded bytes, charset).trim()
    reg('base64Decode', arity, 'xs:string', (_c, s, cs) =>
      javaDecodeBytes(Buffer.from(xp1String(s), 'base64'), cs ? xp1String(cs) : undefined).replace(
        /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g,
        '',
      ),
    );
    reg('url-encode', arity, 'xs:string', (_c, s, cs) =>
      encodePathQuery(xp1String(s), cs ? xp1String(cs) : undefined),
    );
  }
  for (const arity of [2, 3]) {
    reg('hmac-generate', arity, 'xs:string', (_c, data, secret, algo) => {
      const a = algo ? xp1String(algo) : 'HmacSHA1';
      const h = HMAC_ALGOS[a.toLowerCase()];
      if (!h) throw new Error(`unsupported HMAC algorithm ${a}`);
      // (SecretKeySpec refuses an empty key: IllegalArgumentException "Empty key")
      if (xp1String(secret) === '') throw new Error('Empty key');
      // Synapse prints the signature as lower-case hex (HMACGenerateFunction)
      return createHmac(h, xp1String(secret)).update(xp1String(data)).digest('hex');
    });
  }
  for (const name of ['encrypt', 'decrypt']) {
    for (const arity of [1, 2, 3]) {
      reg(name, arity, 'xs:string', () => {
        throw new Error(
          `${name}() needs the Micro Integrator key store; it is not available in the embedded runtime`,
        );
      });
    }
  }
}

// ------------------------------------------------------------------------------------------ translation

type StaticType = 'string' | 'number' | 'boolean' | 'nodes' | 'any';
interface Emitted {
  code: string;
  type: StaticType;
}

const CMP_NAMES: Record<string, string> = {
  '=': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

/** XPath 1.0 library functions whose arguments are strings, numbers, or nodes, with their result type. */
const LIB: Record<
  string,
  { args: Array<'s' | 'n' | 'ns' | 'b' | 'o'>; ret: StaticType; implicit?: 's' | 'ns' }
> = {
  concat: { args: [], ret: 'string' },
  'starts-with': { args: ['s', 's'], ret: 'boolean' },
  contains: { args: ['s', 's'], ret: 'boolean' },
  'substring-before': { args: ['s', 's'], ret: 'string' },
  'substring-after': { args: ['s', 's'], ret: 'string' },
  substring: { args: ['s', 'n', 'n'], ret: 'string' },
  'string-length': { args: ['s'], ret: 'number', implicit: 's' },
  'normalize-space': { args: ['s'], ret: 'string', implicit: 's' },
  translate: { args: ['s', 's', 's'], ret: 'string' },
  not: { args: ['b'], ret: 'boolean' },
  true: { args: [], ret: 'boolean' },
  false: { args: [], ret: 'boolean' },
  lang: { args: ['s'], ret: 'boolean' },
  floor: { args: ['n'], ret: 'number' },
  ceiling: { args: ['n'], ret: 'number' },
  round: { args: ['n'], ret: 'number' },
  count: { args: ['ns'], ret: 'number' },
  last: { args: [], ret: 'number' },
  position: { args: [], ret: 'number' },
  'local-name': { args: ['o'], ret: 'string', implicit: 'ns' },
  'namespace-uri': { args: ['o'], ret: 'string', implicit: 'ns' },
  name: { args: ['o'], ret: 'string', implicit: 'ns' },
  id: { args: ['s'], ret: 'nodes' },
};

const SYNAPSE_FUNCTIONS = new Set([
  'get-property',
  'base64Encode',
  'base64Decode',
  'url-encode',
  'hmac-generate',
  'encrypt',
  'decrypt',
]);

function lit(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
function num(n: number): string {
  const s = String(n);
  return s.includes('e') ? s : `${s}e0`;
}
/** fontoxpath does not pass attribute nodes to custom functions: give it their values instead. */
function safe(e: Emitted): string {
  return e.type === 'nodes' || e.type === 'any'
    ? `((${e.code}) ! (if (. instance of attribute()) then fn:string(.) else .))`
    : e.code;
}
/** 1.0 string(): for a node-set, the string value of its first node. */
function asString(e: Emitted): string {
  if (e.type === 'string') return e.code;
  if (e.type === 'nodes') return `fn:string((${e.code})[1])`;
  return `${Q}str(${safe(e)})`;
}
function asNumber(e: Emitted): string {
  if (e.type === 'number') return e.code;
  if (e.type === 'nodes') return `${Q}num(fn:string((${e.code})[1]))`;
  return `${Q}num(${safe(e)})`;
}
function asBoolean(e: Emitted): string {
  if (e.type === 'boolean') return e.code;
  if (e.type === 'nodes') return `fn:exists(${e.code})`;
  return `${Q}bool(${safe(e)})`;
}
/** A comparison operand: node-sets as the string values of their nodes, with a flag saying it is a node-set. */
function comparand(e: Emitted): string {
  if (e.type === 'nodes') return `((${e.code}) ! fn:string(.)), true()`;
  return `${safe(e)}, false()`;
}

/**
 * `$body`, `$header` or `$env` alone: SynapseXPathVariableContext gives Jaxen the element itself (SOAPBody,
 * SOAPHeader, SOAPEnvelope), no node-set, so count(), sum() and a union of it fail ("count() function can only be
 * used for node-sets"); a path from it (`$body/*`) and the string functions take it.
 */
function messageVariable(x: XPathNode): boolean {
  if (x.type === 'xp-paren') return messageVariable(x.expr);
  return (
    x.type === 'xp-variable' &&
    x.prefix === '' &&
    (x.local === 'body' || x.local === 'header' || x.local === 'env')
  );
}

class Translator {
  payloadAware = false;
  /** Whether a function Jaxen does not know is called (the DOM failover's business, see setXPathDomFailover). */
  failover = false;
  usesFontoxpath = false;

  /** The namespaces in scope of the expression (a function prefix not among them is looked up by local name). */
  constructor(private readonly ns: Readonly<Record<string, string>> = {}) {}

  emit(n: XPathNode): Emitted {
    switch (n.type) {
      case 'xp-literal':
        return { code: lit(n.value), type: 'string' };
      case 'xp-number':
        return { code: num(n.value), type: 'number' };
      case 'xp-paren': {
        const e = this.emit(n.expr);
        return { code: `(${e.code})`, type: e.type };
      }
      case 'xp-negate':
        return { code: `(-${asNumber(this.emit(n.operand))})`, type: 'number' };
      case 'xp-variable':
        if (n.prefix === '' && (n.local === 'body' || n.local === 'header' || n.local === 'env'))
          this.payloadAware = true;
        return { code: `${Q}var(${lit(n.prefix)}, ${lit(n.local)})`, type: 'any' };
      case 'xp-binary': {
        const l = this.emit(n.left);
        const r = this.emit(n.right);
        switch (n.op) {
          case 'or':
          case 'and':
            return { code: `(${asBoolean(l)} ${n.op} ${asBoolean(r)})`, type: 'boolean' };
          case '=':
          case '!=':
          case '<':
          case '<=':
          case '>':
          case '>=':
            // same static atomic types: XPath 3.1's general comparison means the same as 1.0's, and is faster
            // (not for strings with < > <= >=: 1.0 compares those as numbers)
            if (
              l.type === r.type &&
              (l.type === 'number' ||
                l.type === 'boolean' ||
                (l.type === 'string' && (n.op === '=' || n.op === '!=')))
            ) {
              return { code: `(${l.code} ${n.op} ${r.code})`, type: 'boolean' };
            }
            return { code: `${Q}${CMP_NAMES[n.op]}(${comparand(l)}, ${comparand(r)})`, type: 'boolean' };
          case '|': {
            // Jaxen fails a union with a string, number or boolean when it evaluates it (DefaultUnionExpr)
            const fail = `${Q}fail("Unions are only allowed over node-sets")`;
            const side = (e: Emitted, x: XPathNode): string =>
              (e.type === 'nodes' || e.type === 'any') && !messageVariable(x) ? e.code : fail;
            return { code: `(${side(l, n.left)} | ${side(r, n.right)})`, type: 'nodes' };
          }
          default:
            return { code: `(${asNumber(l)} ${n.op} ${asNumber(r)})`, type: 'number' };
        }
      }
      case 'xp-call':
        return this.call(n);
      case 'xp-filter': {
        const p = this.emit(n.primary);
        return { code: `(${p.code})${n.predicates.map((x) => this.predicate(x)).join('')}`, type: 'nodes' };
      }
      case 'xp-path': {
        let code = '';
        if (n.filter) code = `(${this.emit(n.filter).code})`;
        else {
          this.payloadAware = true;
          // Jaxen's root (DocumentNavigator.getDocumentNode): the document, or the envelope of a message without one;
          // a mark here, written both ways (ROOT_FORMS) and chosen per message when evaluating
          if (n.root === '/') code = n.steps.length ? ROOT_PATH : ROOT_ALONE;
          else if (n.root === '//') code = ROOT_DESCENDANTS;
        }
        const steps = n.steps.map((s) => this.step(s)).join('/');
        if (n.filter) return { code: `${code}/${steps}`, type: 'nodes' };
        return { code: `${code}${steps}`, type: 'nodes' };
      }
    }
  }

  /** How many predicates enclose the part being emitted (position() and last() outside any read Jaxen's first context). */
  private depth = 0;

  private predicate(p: XPathNode): string {
    this.depth++;
    let e: Emitted;
    try {
      e = this.emit(p);
    } finally {
      this.depth--;
    }
    // Jaxen's PredicateSet takes a number's intValue() as the position ([1.5] is [1], [0.5] selects nothing); a
    // literal or last() is a whole position already, which fontoxpath finds without a call per node
    if (p.type === 'xp-number') {
      const k = javaIntValue(p.value);
      return k >= 1 ? `[${k}]` : '[fn:false()]';
    }
    if (p.type === 'xp-call' && p.local === 'last' && p.prefix === '' && p.args.length === 0)
      return `[${e.code}]`;
    if (e.type === 'number') return `[fn:position() = ${Q}int-value(${e.code})]`;
    // a value only known when evaluating (a property may be a Java Number: a position too)
    if (e.type === 'any') return `[${Q}predicate((${e.code}), fn:position())]`;
    return `[${e.code}]`;
  }

  private step(s: XPathStep): string {
    this.payloadAware = true;
    let test: string;
    switch (s.test.kind) {
      case 'any':
        test = '*';
        break;
      case 'name':
        // Jaxen resolves a name test's prefix only when a node of the axis's principal type meets the test
        // (DefaultNameStep.matches: UnresolvableException "Cannot resolve namespace prefix"): an undeclared prefix
        // fails on the first such node and selects nothing where there is none (`$header/x:y` of an empty Header)
        if (s.test.prefix && s.test.prefix !== 'xml' && !Object.hasOwn(this.ns, s.test.prefix))
          return `${s.axis}::*[${Q}fail(${lit(`Cannot resolve namespace prefix '${s.test.prefix}'`)})]`;
        test = s.test.prefix ? `${s.test.prefix}:${s.test.local}` : s.test.local;
        break;
      default:
        test =
          s.test.type === 'processing-instruction' && s.test.literal !== undefined
            ? `processing-instruction(${lit(s.test.literal)})`
            : `${s.test.type}()`;
    }
    return `${s.axis}::${test}${s.predicates.map((x) => this.predicate(x)).join('')}`;
  }

  private call(n: Extract<XPathNode, { type: 'xp-call' }>): Emitted {
    const local = n.local;
    // MI (Jaxen) translates an undeclared prefix to a null namespace, with which SynapseXPathFunctionContext finds
    // its functions (get-property, base64Encode...) and Jaxen the XPath 1.0 ones by local name
    const isCore = n.prefix === '' || n.prefix === 'fn' || !Object.hasOwn(this.ns, n.prefix);
    if (isCore && SYNAPSE_FUNCTIONS.has(local)) {
      const args = n.args.map((a) => safe(this.emit(a)));
      return { code: `${Q}${local}(${args.join(', ')})`, type: local === 'get-property' ? 'any' : 'string' };
    }
    // Jaxen checks the argument count when it calls the function (FunctionCallException: the evaluation fails)
    if (
      isCore &&
      ((n.args.length > 1 && (local === 'string' || local === 'number' || local === 'boolean')) ||
        (local === 'round' && n.args.length !== 1))
    )
      return { code: `${Q}fail(${lit(`${local}() was given ${n.args.length} arguments`)})`, type: 'any' };
    // Jaxen's evaluate(text): the text as an XPath with the same namespaces, from the same context (EvaluateFunction)
    if (isCore && local === 'evaluate' && n.args.length === 1) {
      this.payloadAware = true;
      return {
        code: `${Q}evaluate(${asString(this.emit(n.args[0]!))}, ${lit(JSON.stringify(this.ns))})`,
        type: 'any',
      };
    }
    if (isCore && local === 'string') {
      if (n.args.length === 0) this.payloadAware = true;
      return { code: n.args.length ? asString(this.emit(n.args[0]!)) : `${Q}str(.)`, type: 'string' };
    }
    if (isCore && local === 'number') {
      if (n.args.length === 0) this.payloadAware = true;
      return { code: n.args.length ? asNumber(this.emit(n.args[0]!)) : `${Q}num(.)`, type: 'number' };
    }
    if (isCore && local === 'boolean') return { code: asBoolean(this.emit(n.args[0]!)), type: 'boolean' };
    if (isCore && (local === 'sum' || local === 'count') && n.args.length === 1) {
      // Jaxen's sum() and count() take only a node-set (a string, number or boolean is an evaluation error)
      const e = this.emit(n.args[0]!);
      const fail = `${Q}fail(${lit(local === 'sum' ? 'The argument to the sum function must be a node-set' : 'count() function can only be used for node-sets')})`;
      if ((e.type !== 'nodes' && e.type !== 'any') || messageVariable(n.args[0]!))
        return { code: fail, type: 'number' };
      const call = (x: string): string =>
        local === 'sum'
          ? `${Q}sum(${x} ! (if (. instance of node()) then fn:string(.) else .))`
          : `fn:count(${x})`;
      if (e.type === 'nodes') return { code: call(`(${e.code})`), type: 'number' };
      // a variable or extension function: a node-set only when all its items are nodes (a property's text is not)
      return {
        code: `(let $s := (${e.code}) return if (every $x in $s satisfies $x instance of node()) then ${call('$s')} else ${fail})`,
        type: 'number',
      };
    }
    // Jaxen's round(), substring() and normalize-space() (see jaxenRound, jaxenSubstring, jaxenNormalizeSpace)
    if (isCore && local === 'round' && n.args.length === 1)
      return { code: `${Q}round(${asNumber(this.emit(n.args[0]!))})`, type: 'number' };
    if (isCore && local === 'substring' && (n.args.length === 2 || n.args.length === 3)) {
      const [a, ...rest] = n.args.map((x) => this.emit(x));
      return { code: `${Q}substring(${[asString(a!), ...rest.map(asNumber)].join(', ')})`, type: 'string' };
    }
    if (isCore && local === 'normalize-space' && n.args.length <= 1) {
      if (n.args.length === 0) this.payloadAware = true;
      const arg = n.args.length ? asString(this.emit(n.args[0]!)) : `${Q}str(.)`;
      return { code: `${Q}normalize-space(${arg})`, type: 'string' };
    }
    // name(): Axiom's navigator (DocumentNavigator.getElementQName/getAttributeQName) writes a prefixed name as
    // prefix:namespace-URI (name() of <m:note xmlns:m="urn:m"> is 'm:urn:m'), and fails on an attribute without a
    // namespace (it asks for the prefix of its null namespace)
    if (isCore && local === 'name' && n.args.length <= 1) {
      let arg = '.';
      if (n.args.length === 0) this.payloadAware = true;
      else {
        const e = this.emit(n.args[0]!);
        if (e.type !== 'nodes' && e.type !== 'any')
          return { code: `${Q}fail("The argument to the name function must be a node-set")`, type: 'string' };
        arg = e.code;
      }
      const qname = (v: string): string =>
        `(let $p := fn:prefix-from-QName(fn:node-name(${v})) return if (fn:exists($p) and $p != "") then fn:concat($p, ":", fn:namespace-uri(${v})) else fn:local-name(${v}))`;
      return {
        code:
          `(let $n := (${arg})[1] return if (fn:empty($n)) then "" ` +
          `else if ($n instance of element()) then ${qname('$n')} ` +
          `else if ($n instance of attribute()) then (if (fn:namespace-uri($n) = "") then ${Q}fail("name() of an attribute without a namespace: Axiom's getAttributeQName fails (NullPointerException)") else ${qname('$n')}) ` +
          `else if ($n instance of processing-instruction()) then fn:name($n) ` +
          `else if ($n instance of node()) then "" ` +
          `else ${Q}fail("The argument to the name function must be a node-set"))`,
        type: 'string',
      };
    }
    // outside a predicate, Jaxen's context is the envelope alone with no position: position() is 0, last() is 1
    if (isCore && (local === 'position' || local === 'last') && n.args.length === 0 && this.depth === 0)
      return { code: local === 'position' ? '0e0' : '1e0', type: 'number' };
    // local-name() and namespace-uri() of an empty node-set are '' (fontoxpath wants exactly one node)
    if (isCore && (local === 'local-name' || local === 'namespace-uri') && n.args.length === 1) {
      const e = this.emit(n.args[0]!);
      return {
        code: `(let $n := (${e.code})[1] return if (fn:empty($n)) then "" else fn:${local}($n))`,
        type: 'string',
      };
    }
    // id(): Axiom's navigator knows no IDs (DefaultNavigator.getElementById gives null): always an empty node-set
    if (isCore && local === 'id' && n.args.length === 1) return { code: '()', type: 'nodes' };
    // lang() reads the context node (the envelope at the top of an expression)
    if (isCore && local === 'lang') this.payloadAware = true;
    // Jaxen's own extension functions (XPathFunctionContext registers them with the XPath 1.0 ones, so MI evaluates
    // them without the Saxon failover): lower-case/upper-case(value [, locale]) and ends-with(a, b) over the 1.0
    // string values of their arguments; the locale (English by default) as Jaxen's LocaleFunctionSupport finds it
    if (isCore && (local === 'lower-case' || local === 'upper-case') && n.args.length >= 1)
      return {
        code: `${Q}${local}(${n.args
          .slice(0, 2)
          .map((a) => asString(this.emit(a)))
          .join(', ')})`,
        type: 'string',
      };
    if (isCore && local === 'ends-with' && n.args.length === 2)
      return {
        code: `fn:ends-with(${asString(this.emit(n.args[0]!))}, ${asString(this.emit(n.args[1]!))})`,
        type: 'boolean',
      };
    const lib = isCore ? LIB[local] : undefined;
    if (lib) {
      if (n.args.length === 0 && lib.implicit) {
        this.payloadAware = true;
        return { code: lib.implicit === 's' ? `fn:${local}(${Q}str(.))` : `fn:${local}(.)`, type: lib.ret };
      }
      const args = n.args.map((a, i) => {
        const e = this.emit(a);
        const kind = local === 'concat' ? 's' : (lib.args[i] ?? 's');
        if (kind === 's') return asString(e);
        if (kind === 'n') return asNumber(e);
        if (kind === 'b') return asBoolean(e);
        if (kind === 'o') return `(${e.code})[1]`;
        return e.code;
      });
      return { code: `fn:${local}(${args.join(', ')})`, type: lib.ret };
    }
    // XPath 2.0 and extension functions: Jaxen knows none of them (UnresolvableException when the call is reached);
    // MI evaluates them (Saxon) only through the DOM failover (see setXPathDomFailover): passed through behind the gate
    // (a Java number property value is a number to Saxon: JAXP hands it the Number object)
    const args = n.args.map((a) => {
      const e = this.emit(a);
      return e.type === 'any' ? `((${e.code}) ! ${TO_XPATH2})` : e.code;
    });
    this.failover = true;
    return {
      code: `(if (${Q}unresolvable(${lit(n.name)})) then () else ${n.name}(${args.join(', ')}))`,
      type: 'any',
    };
  }
}

// ------------------------------------------------------------------------------------------ fast path

type Fast = (ctx: EvalContext) => unknown[];

interface SimpleStep {
  kind: 'el' | 'any' | 'local' | 'text' | 'attr';
  local: string;
  ns: string | null;
  prefix: string;
  index: number;
  /** A value test `[. = 'x']`, `[name = 'x']`, `[@id = 3]`, `[text() != 'x']` on the element. */
  cmp?: ValueTest;
}

interface ValueTest {
  op: '=' | '!=';
  of:
    { kind: 'self' } | { kind: 'child'; local: string } | { kind: 'attr'; local: string } | { kind: 'text' };
  value: string | number;
}

/** `. = 'x'`, `name = 'x'`, `@a = 'x'`, `text() = 'x'` (either side, = or !=, string or number literal). */
function valueTest(p: XPathNode): ValueTest | undefined {
  if (p.type !== 'xp-binary' || (p.op !== '=' && p.op !== '!=')) return undefined;
  const lit = (n: XPathNode): string | number | undefined =>
    n.type === 'xp-literal' || n.type === 'xp-number' ? n.value : undefined;
  const rel = (n: XPathNode): ValueTest['of'] | undefined => {
    if (n.type !== 'xp-path' || n.filter || n.root || n.steps.length !== 1) return undefined;
    const st = n.steps[0]!;
    if (st.predicates.length) return undefined;
    if (st.axis === 'self' && st.test.kind === 'type' && st.test.type === 'node') return { kind: 'self' };
    if (st.axis === 'child' && st.test.kind === 'type' && st.test.type === 'text') return { kind: 'text' };
    if (st.test.kind === 'name' && st.test.prefix === '' && st.test.local !== '*') {
      if (st.axis === 'child') return { kind: 'child', local: st.test.local };
      if (st.axis === 'attribute') return { kind: 'attr', local: st.test.local };
    }
    return undefined;
  };
  const l = rel(p.left);
  const rv = lit(p.right);
  if (l && rv !== undefined) return { op: p.op, of: l, value: rv };
  const r = rel(p.right);
  const lv = lit(p.left);
  if (r && lv !== undefined) return { op: p.op, of: r, value: lv };
  return undefined;
}

function valueTestHolds(el: slimdom.Element, t: ValueTest): boolean {
  const nodes: slimdom.Node[] = [];
  switch (t.of.kind) {
    case 'self':
      nodes.push(el);
      break;
    case 'attr': {
      const a = el.getAttributeNode(t.of.local);
      if (a) nodes.push(a);
      break;
    }
    case 'child':
      for (let c = el.firstElementChild; c; c = c.nextElementSibling)
        if (c.localName === t.of.local && c.namespaceURI === null) nodes.push(c);
      break;
    case 'text':
      for (let c = el.firstChild; c; c = c.nextSibling)
        if (c.nodeType === 3 || c.nodeType === 4) nodes.push(c);
      break;
  }
  return xp1Compare(t.op, nodes, [t.value]);
}

/** `local-name() = 'x'` or `'x' = local-name()` → x. */
function localNameTest(p: XPathNode): string | undefined {
  if (p.type !== 'xp-binary' || p.op !== '=') return undefined;
  const isLn = (n: XPathNode): boolean =>
    n.type === 'xp-call' && n.prefix === '' && n.local === 'local-name' && n.args.length === 0;
  if (isLn(p.left) && p.right.type === 'xp-literal') return p.right.value;
  if (isLn(p.right) && p.left.type === 'xp-literal') return p.left.value;
  return undefined;
}

/** Child steps with name tests (no predicates, or one positive integer), optionally ending in text() or @name. */
function simpleSteps(steps: XPathStep[]): Array<SimpleStep> | undefined {
  const out: Array<SimpleStep> = [];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    let index = 0;
    let preds = s.predicates;
    // *[local-name()='x'] (the usual way to ignore namespaces) is a name test on the local name
    const ln =
      preds.length > 0 &&
      s.axis === 'child' &&
      (s.test.kind === 'any' || (s.test.kind === 'name' && s.test.local === '*' && s.test.prefix === ''))
        ? localNameTest(preds[0]!)
        : undefined;
    if (ln !== undefined) preds = preds.slice(1);
    // one value test, or one position, on an element step
    const cmp = preds.length === 1 && s.axis === 'child' ? valueTest(preds[0]!) : undefined;
    if (cmp) preds = [];
    if (preds.length > 1) return undefined;
    if (preds.length === 1) {
      const p = preds[0]!;
      if (p.type !== 'xp-number' || !Number.isInteger(p.value) || p.value < 1) return undefined;
      index = p.value;
    }
    const last = i === steps.length - 1;
    const withCmp = (st: SimpleStep): SimpleStep => (cmp ? { ...st, cmp } : st);
    if (ln !== undefined) {
      out.push(withCmp({ kind: 'local', local: ln, ns: null, prefix: '', index }));
      continue;
    }
    if (s.axis === 'child' && s.test.kind === 'name' && s.test.local !== '*')
      out.push(withCmp({ kind: 'el', local: s.test.local, ns: null, prefix: s.test.prefix, index }));
    else if (
      s.axis === 'child' &&
      (s.test.kind === 'any' || (s.test.kind === 'name' && s.test.local === '*' && s.test.prefix === ''))
    )
      out.push(withCmp({ kind: 'any', local: '*', ns: null, prefix: '', index }));
    else if (cmp) return undefined;
    else if (last && index === 0 && s.axis === 'child' && s.test.kind === 'type' && s.test.type === 'text')
      out.push({ kind: 'text', local: '', ns: null, prefix: '', index: 0 });
    else if (
      last &&
      index === 0 &&
      s.axis === 'attribute' &&
      s.test.kind === 'name' &&
      s.test.prefix === '' &&
      s.test.local !== '*'
    )
      out.push({ kind: 'attr', local: s.test.local, ns: null, prefix: '', index: 0 });
    else return undefined;
  }
  return out;
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

function fastPath(tree: XPathNode, namespaces: Readonly<Record<string, string>>): Fast | undefined {
  // a comparison of a simple path with a literal or another simple path (content-based routing:
  // `//order/symbol = 'IBM'`, `$body/a/b > 10`): XPath 1.0 node-set comparison, without fontoxpath
  if (tree.type === 'xp-binary' && COMPARISONS.has(tree.op)) {
    const side = (n: XPathNode): { run: Fast; set: boolean } | undefined => {
      if (n.type === 'xp-literal' || n.type === 'xp-number') {
        const v = [n.value];
        return { run: () => v, set: false };
      }
      if (n.type !== 'xp-path') return undefined;
      const run = fastPath(n, namespaces);
      return run ? { run, set: true } : undefined;
    };
    const l = side(tree.left);
    const r = side(tree.right);
    if (l && r && (l.set || r.set)) {
      const op = tree.op as Parameters<typeof xp1Compare>[0];
      return (ctx) => [xp1Compare(op, l.run(ctx), r.run(ctx), l.set, r.set)];
    }
    return undefined;
  }
  // literals
  if (tree.type === 'xp-literal') return () => [tree.value];
  if (tree.type === 'xp-number') return () => [tree.value];
  // $ctx:x and friends (not $body/$header/$env)
  if (tree.type === 'xp-variable' && tree.prefix !== '') {
    const { prefix, local } = tree;
    return (ctx) => synapseVariable(ctx, prefix, local);
  }
  // get-property('literal'...)
  if (
    tree.type === 'xp-call' &&
    tree.prefix === '' &&
    tree.local === 'get-property' &&
    tree.args.length >= 1 &&
    tree.args.length <= 3 &&
    tree.args.every((a) => a.type === 'xp-literal')
  ) {
    const args = tree.args.map((a) => (a as { value: string }).value);
    return (ctx) => nullableItems(getPropertyFunction(ctx, args));
  }
  if (tree.type !== 'xp-path') return undefined;
  const steps = simpleSteps(tree.root === '//' ? tree.steps : tree.steps);
  if (!steps || steps.length === 0) return undefined;
  for (const s of steps) {
    if (s.prefix) {
      const uri = namespaces[s.prefix];
      if (uri === undefined) return undefined;
      s.ns = uri;
    }
  }
  const matches = (el: slimdom.Element, s: SimpleStep): boolean =>
    (s.kind === 'any' || (el.localName === s.local && (s.kind === 'local' || el.namespaceURI === s.ns))) &&
    (s.cmp === undefined || valueTestHolds(el, s.cmp));
  const descend = (start: slimdom.Node[]): unknown[] => {
    let cur: slimdom.Node[] = start;
    for (const s of steps) {
      const next: slimdom.Node[] = [];
      for (const n of cur) {
        if (s.kind === 'attr') {
          if (n.nodeType === 1) {
            const a = (n as slimdom.Element).getAttributeNode(s.local);
            if (a) next.push(a);
          }
          continue;
        }
        let count = 0;
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (s.kind === 'text') {
            if (c.nodeType === 3 || c.nodeType === 4) next.push(c);
          } else if (c.nodeType === 1 && matches(c as slimdom.Element, s)) {
            count++;
            if (s.index === 0) next.push(c);
            else if (count === s.index) {
              next.push(c);
              break;
            }
          }
        }
      }
      cur = next;
      if (cur.length === 0) break;
    }
    return cur;
  };
  if (tree.filter) {
    const f = tree.filter;
    if (f.type !== 'xp-variable' || f.prefix !== '' || !['body', 'header', 'env'].includes(f.local))
      return undefined;
    const local = f.local;
    return (ctx) => descend(synapseVariable(ctx, '', local) as slimdom.Node[]);
  }
  if (tree.root === '/') return (ctx) => descend([xpathRoot(ctx)]);
  if (tree.root === '//') {
    // pattern match over the whole tree in document order: a node matches when its ancestors match the steps
    if (steps.some((s) => s.index !== 0)) return undefined;
    const last = steps[steps.length - 1]!;
    const elementSteps = last.kind === 'text' || last.kind === 'attr' ? steps.slice(0, -1) : steps;
    if (elementSteps.length === 0) return undefined;
    const matchesChain = (el: slimdom.Element, root: slimdom.Node): boolean => {
      let n: slimdom.Node | null = el;
      for (let i = elementSteps.length - 1; i >= 0; i--) {
        if (!n || n.nodeType !== 1 || !matches(n as slimdom.Element, elementSteps[i]!)) return false;
        n = n.parentNode;
      }
      // the first step's element is a child of a node within the root's tree (the root itself included)
      return root.nodeType === 9 || (n !== null && n.nodeType === 1);
    };
    return (ctx) => {
      const out: unknown[] = [];
      const walk = (p: slimdom.Node): void => {
        for (let c = p.firstChild; c; c = c.nextSibling) {
          if (c.nodeType !== 1) continue;
          const el = c as slimdom.Element;
          if (matchesChain(el, root)) {
            if (last.kind === 'text') {
              for (let t = el.firstChild; t; t = t.nextSibling)
                if (t.nodeType === 3 || t.nodeType === 4) out.push(t);
            } else if (last.kind === 'attr') {
              const a = el.getAttributeNode(last.local);
              if (a) out.push(a);
            } else out.push(el);
          }
          walk(el);
        }
      };
      const root = xpathRoot(ctx);
      walk(root);
      return out;
    };
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ compiled XPath

export interface CompiledXPath {
  readonly source: string;
  /** The XPath 3.1 text given to fontoxpath (undefined when the fast path answers). */
  readonly translated: string | undefined;
  readonly payloadAware: boolean;
  /**
   * The result as a sequence: nodes, or one atomic value (string, number, boolean; a Java Number property value as
   * its typed item, see javaNumberItem: values.ts unmarkItem gives its text). `stringValue`: evaluated for
   * SynapseXPath.stringValueOf, where the DOM failover may take over (see setXPathDomFailover).
   */
  run(ctx: EvalContext, stringValue?: boolean): unknown[];
}

/** Parse findings MI reports only when the XPath is evaluated (the evaluation then fails). */
const EVALUATION_TIME_ERRORS: ReadonlySet<string> = new Set([
  'EXPR_UNKNOWN_FUNCTION',
  'EXPR_BAD_ARITY',
  'EXPR_UNKNOWN_VARIABLE',
]);

// ------------------------------------------------------------------------------------------ Jaxen's node order

/**
 * Whether Jaxen sorts the node-set the expression gives (DefaultUnionExpr always, DefaultLocationPath for more than
 * one step or from more than one context node) with its NodeComparator.
 */
function jaxenSorts(n: XPathNode): 'always' | 'from-several' | false {
  switch (n.type) {
    case 'xp-binary':
      return n.op === '|' && 'always';
    case 'xp-paren':
      return jaxenSorts(n.expr);
    case 'xp-filter':
      return jaxenSorts(n.primary);
    case 'xp-path':
      if (n.steps.length + (n.root === '//' ? 1 : 0) > 1) return 'always';
      // one step after a filter: sorted when the filter gave several nodes (taken here as: the step's nodes have
      // several parents)
      return (
        n.filter !== undefined && n.filter.type !== 'xp-variable' && n.steps.length > 0 && 'from-several'
      );
    default:
      return false;
  }
}

function jaxenParent(n: slimdom.Node): slimdom.Node | null {
  return n.nodeType === 2 ? (n as slimdom.Attr).ownerElement : n.parentNode;
}

/** Axiom's DocumentNavigator.getAttributeQName: prefix:namespace-URI; an attribute without a namespace fails. */
function axiomAttributeQName(a: slimdom.Attr): string {
  if (!a.namespaceURI)
    throw new Error(
      `NullPointerException: Axiom's getAttributeQName on attribute ${a.localName}, which has no namespace (Jaxen's NodeComparator orders two attributes of one element by it)`,
    );
  return a.prefix ? `${a.prefix}:${a.namespaceURI}` : a.localName;
}

/**
 * Jaxen's NodeComparator: document order, except that an element's attributes come after its descendants (its
 * compareSiblings puts an attribute after any child) and among themselves by getAttributeQName (which fails on an
 * attribute without a namespace: MI's evaluation of `//item/@*` over an element with two plain attributes fails).
 */
function jaxenCompare(o1: slimdom.Node, o2: slimdom.Node): number {
  if (o1 === o2) return 0;
  if (o1.nodeType === 2 && o2.nodeType === 2) {
    const p1 = jaxenParent(o1);
    const p2 = jaxenParent(o2);
    if (p1 === p2) {
      const a = axiomAttributeQName(o1 as slimdom.Attr);
      const b = axiomAttributeQName(o2 as slimdom.Attr);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return p1 && p2 ? jaxenCompare(p1, p2) : 0;
  }
  const depth = (n: slimdom.Node): number => {
    let d = 0;
    for (let p = jaxenParent(n); p; p = jaxenParent(p)) d++;
    return d;
  };
  let d1 = depth(o1);
  let d2 = depth(o2);
  let a1: slimdom.Node = o1;
  let a2: slimdom.Node = o2;
  while (d1 > d2) {
    a1 = jaxenParent(a1)!;
    d1--;
  }
  if (a1 === o2) return 1;
  while (d2 > d1) {
    a2 = jaxenParent(a2)!;
    d2--;
  }
  if (a2 === o1) return -1;
  for (;;) {
    const p1 = jaxenParent(a1);
    const p2 = jaxenParent(a2);
    if (p1 === p2) {
      if (a1.nodeType === 2) return 1;
      if (a2.nodeType === 2) return -1;
      for (let n = a1.nextSibling; n; n = n.nextSibling) if (n === a2) return -1;
      return 1;
    }
    if (!p1 || !p2) return 0;
    a1 = p1;
    a2 = p2;
  }
}

/**
 * A node-set in Jaxen's order: sorted by its NodeComparator (only attributes are placed differently from document
 * order), or, unsorted, an element's attributes in the order Axiom keeps them (as written; fontoxpath orders them
 * its own way).
 */
function jaxenOrder(items: unknown[], how: 'always' | 'from-several' | false): unknown[] {
  if (items.length < 2 || !items.some((x) => isNode(x) && x.nodeType === 2) || !items.every(isNode))
    return items;
  const nodes = items as slimdom.Node[];
  if (how === 'always' || (how === 'from-several' && new Set(nodes.map(jaxenParent)).size > 1))
    return [...nodes].sort(jaxenCompare);
  const out = [...nodes];
  const slots = new Map<slimdom.Node, number[]>();
  nodes.forEach((n, i) => {
    const p = n.nodeType === 2 ? jaxenParent(n) : null;
    if (p) slots.set(p, [...(slots.get(p) ?? []), i]);
  });
  for (const [p, at] of slots) {
    if (at.length < 2) continue;
    const attrs = (p as slimdom.Element).attributes;
    const index = (a: slimdom.Node): number => attrs.indexOf(a as slimdom.Attr);
    const sorted = at.map((i) => nodes[i]!).sort((a, b) => index(a) - index(b));
    at.forEach((i, k) => (out[i] = sorted[k]!));
  }
  return out;
}

// ------------------------------------------------------------------------------------------ Jaxen's union grouping

type GroupToken = { op: XPathBinary['op']; node: XPathBinary } | { neg: XPathNegate } | { atom: XPathNode };

const JAXEN_PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  div: 6,
  mod: 6,
};

/**
 * The tree as Jaxen groups it. Jaxen's parser (XPathReader.unionExpr) reads the right side of `|` as a whole
 * expression: `//a | //b = 'x'` is `//a | (//b = 'x')` and `false() and //a | //b or true()` is
 * `false() and (//a | (//b or true()))`, so a union followed by any other operator at its level unites a node-set
 * with a non-node-set, which fails when it is evaluated ("Unions are only allowed over node-sets"). Trees without
 * such a union come back as they are.
 */
function jaxenGrouping(tree: XPathNode): XPathNode {
  const levelNeeds = (n: XPathNode): boolean => {
    const toks: GroupToken[] = [];
    flatten(n, toks, (x) => x);
    return toks.some(
      (t, i) => 'op' in t && t.op === '|' && toks.slice(i + 1).some((u) => 'op' in u && u.op !== '|'),
    );
  };
  let needed = false;
  walkLevels(tree, (n) => {
    if (!needed && levelNeeds(n)) needed = true;
  });
  return needed ? regroup(tree) : tree;
}

/** The operands and operators of one level (binary operators and unary minus, not inside parentheses). */
function flatten(n: XPathNode, out: GroupToken[], atom: (x: XPathNode) => XPathNode): void {
  if (n.type === 'xp-binary') {
    flatten(n.left, out, atom);
    out.push({ op: n.op, node: n });
    flatten(n.right, out, atom);
  } else if (n.type === 'xp-negate') {
    out.push({ neg: n });
    flatten(n.operand, out, atom);
  } else out.push({ atom: atom(n) });
}

/** Calls `f` with the root of every level (the whole tree, each parenthesis, argument and predicate). */
function walkLevels(n: XPathNode, f: (level: XPathNode) => void): void {
  f(n);
  const toks: GroupToken[] = [];
  flatten(n, toks, (x) => x);
  for (const t of toks) if ('atom' in t) forInner(t.atom, (x) => walkLevels(x, f));
}

function forInner(n: XPathNode, f: (x: XPathNode) => void): void {
  switch (n.type) {
    case 'xp-paren':
      f(n.expr);
      break;
    case 'xp-call':
      n.args.forEach(f);
      break;
    case 'xp-filter':
      f(n.primary);
      n.predicates.forEach(f);
      break;
    case 'xp-path':
      if (n.filter) f(n.filter);
      for (const st of n.steps) st.predicates.forEach(f);
      break;
    default:
      break;
  }
}

function mapInner(n: XPathNode): XPathNode {
  switch (n.type) {
    case 'xp-paren':
      return { ...n, expr: regroup(n.expr) };
    case 'xp-call':
      return { ...n, args: n.args.map(regroup) };
    case 'xp-filter':
      return { ...n, primary: regroup(n.primary), predicates: n.predicates.map(regroup) };
    case 'xp-path':
      return {
        ...n,
        filter: n.filter ? regroup(n.filter) : undefined,
        steps: n.steps.map((st) => ({ ...st, predicates: st.predicates.map(regroup) })),
      };
    default:
      return n;
  }
}

/** Re-parses one level's tokens with Jaxen's grammar (its inner levels too). */
function regroup(n: XPathNode): XPathNode {
  const toks: GroupToken[] = [];
  flatten(n, toks, mapInner);
  let i = 0;
  const unary = (): XPathNode => {
    const t = toks[i]!;
    if ('neg' in t) {
      i++;
      const operand = unary();
      return { ...t.neg, operand };
    }
    i++;
    const left = (t as { atom: XPathNode }).atom;
    const next = toks[i];
    if (next && 'op' in next && next.op === '|') {
      i++;
      // the right side of a union is a whole expression (XPathReader.unionExpr)
      return { ...next.node, left, right: expr(0) };
    }
    return left;
  };
  const expr = (min: number): XPathNode => {
    let left = unary();
    for (;;) {
      const t = toks[i];
      if (!t || !('op' in t)) return left;
      const prec = JAXEN_PRECEDENCE[t.op]!;
      if (prec < min) return left;
      i++;
      const right = expr(prec + 1);
      left = { ...t.node, left, right };
    }
  };
  return expr(0);
}

export function compileXPath(
  text: string,
  namespaces: Readonly<Record<string, string>> = {},
  options: { fastPath?: boolean } = {},
): CompiledXPath {
  const parsed = parseXPath(text);
  // MI (Jaxen) looks functions and variables up, and checks argument counts, only when evaluating: these deploy
  const errors = parsed.errors.filter((e) => e.severity === 'error' && !EVALUATION_TIME_ERRORS.has(e.code));
  if (!parsed.tree || errors.length > 0)
    throw new ExpressionCompileError(text, errors.length ? errors : parsed.errors);
  const tree = jaxenGrouping(parsed.tree);
  const tr = new Translator(namespaces);
  const emitted = tr.emit(tree);
  const payloadAware = tr.payloadAware;
  const fast = options.fastPath === false ? undefined : fastPath(tree, namespaces);
  // Jaxen walks the envelope's children to their end: Axiom's builder finishes the envelope (see completesEnvelope)
  const completes = payloadAware && completesEnvelope(tree);
  // (and builds what it passes below the Body: see readsBody)
  const reads = payloadAware && readsBody(tree);
  if (fast) {
    return {
      source: text,
      translated: undefined,
      payloadAware,
      run: (ctx) => {
        try {
          if (completes) markEnvelopeComplete(ctx.envelope());
          if (reads) markBodyRead(ctx.envelope());
          return fast(ctx);
        } catch (e) {
          // a body that does not build (malformed JSON or XML) is the builder's exception, not Jaxen's: it goes
          // through as it is (MI: an OMException past SynapseXPath's JaxenException catch)
          if (e instanceof PayloadError) throw e;
          throw new ExpressionEvalError(text, (e as Error).message);
        }
      },
    };
  }
  registerFunctions();
  const code = rootForm(emitted.code, 'document');
  // (the same for a message without a document above its envelope, when the expression has an absolute path)
  const doclessCode = code === emitted.code ? code : rootForm(emitted.code, 'docless');
  // the XPath 2.0 evaluation of the DOM failover: the string of the first item (in a document of its own)
  const failoverCode = tr.failover ? `fn:string((${code})[1])` : undefined;
  const sorted = jaxenSorts(tree);
  const nsMap = { ...namespaces };
  const resolver = (p: string): string | null => {
    if (p === '') return null;
    if (p === 'fn') return nsMap.fn ?? 'http://www.w3.org/2005/xpath-functions';
    return nsMap[p] ?? null;
  };
  // a prefix fontoxpath knows by itself but MI's Saxon does not, in the failover (see undeclaredSaxonPrefix)
  const saxonPrefix = tr.failover ? undeclaredSaxonPrefix(text, nsMap) : undefined;
  return {
    source: text,
    translated: code,
    payloadAware,
    run(ctx, stringValue) {
      const env = payloadAware ? ctx.envelope() : undefined;
      if (completes && env) markEnvelopeComplete(env);
      if (reads) markBodyRead(env);
      const contextItem = env ? env.documentElement : null;
      try {
        unresolved = false;
        const own = env && doclessCode !== code && isDoclessEnvelope(env) ? doclessCode : code;
        const r = evaluateXPath(own, contextItem, null, null, evaluateXPath.ALL_RESULTS_TYPE, {
          namespaceResolver: resolver,
          currentContext: { ctx } satisfies XPathRunContext,
          language: evaluateXPath.XPATH_3_1_LANGUAGE,
        }) as unknown[];
        return jaxenOrder(r, sorted);
      } catch (e) {
        if (unresolved && stringValue === true && domFailover && failoverCode !== undefined) {
          if (saxonPrefix !== undefined)
            throw new ExpressionEvalError(
              text,
              `XPST0081: Namespace prefix '${saxonPrefix}' has not been declared`,
            );
          return [runFailover(text, failoverCode, ctx, resolver)];
        }
        throw new ExpressionEvalError(text, cleanMessage(e));
      }
    },
  };
}

/**
 * An XPath Jaxen cannot parse, deployed because the DOM failover is on (SynapsePathFactory / SynapseXPathFactory
 * catch the XPathSyntaxException and build `new SynapseXPath(expr, elem)`, forced to the failover): stringValueOf
 * evaluates the text as XPath 2.0 (see runFailover); everything else (booleanValueOf of a filter, evaluate() of
 * iterate or enrich) evaluates the `/` its Jaxen part was compiled from (SynapsePath(path, pathType, log):
 * super("/")): the root, so such a filter is always true. Undefined when the failover is off (MI refuses the XPath).
 */
export function compileXPath2Failover(
  text: string,
  namespaces: Readonly<Record<string, string>> = {},
): CompiledXPath | undefined {
  if (!domFailover) return undefined;
  registerFunctions();
  // Synapse's variables and get-property through our functions ($ctx:x, ... as DOMSynapseXPathVariableResolver)
  const code = `${FN}string((${synapseVariablesAsCalls(text)})[1])`;
  const nsMap = { ...namespaces };
  // the XPath's own namespaces only (DOMSynapseXPathNamespaceMap: fn:, xs:... undeclared fail as in Saxon)
  const resolver = (p: string): string | null => (p === '' ? null : (nsMap[p] ?? null));
  // the SynapseXPath(expr, elem) constructor compiles it with Saxon (domXpath.compile): a static error (syntax, an
  // undeclared prefix, an unknown function or arity) refuses the XPath at deploy time (JaxenException)
  const saxonPrefix = undeclaredSaxonPrefix(text, nsMap);
  if (saxonPrefix !== undefined)
    throw new ExpressionCompileError(text, [
      {
        code: 'EXPR_XPATH_SYNTAX',
        severity: 'error',
        message: `Saxon cannot compile it (the DOM failover): XPST0081: Namespace prefix '${saxonPrefix}' has not been declared`,
        span: { start: 0, end: text.length },
      },
    ]);
  try {
    evaluateXPath(`if (${FN}false()) then (${code}) else ()`, null, null, null, evaluateXPath.ANY_TYPE, {
      namespaceResolver: resolver,
      language: evaluateXPath.XPATH_3_1_LANGUAGE,
    });
  } catch (e) {
    const message = /\bX[PQ]ST\d{4}.*/.exec(cleanMessage(e))?.[0];
    if (message !== undefined)
      throw new ExpressionCompileError(text, [
        {
          code: 'EXPR_XPATH_SYNTAX',
          severity: 'error',
          message: `Saxon cannot compile it (the DOM failover): ${message}`,
          span: { start: 0, end: text.length },
        },
      ]);
  }
  return {
    source: text,
    translated: code,
    payloadAware: true,
    run(ctx, stringValue) {
      if (stringValue === true) return [runFailover(text, code, ctx, resolver)];
      return [xpathRoot(ctx)];
    },
  };
}

/** `$ctx:x`, `$body`... and get-property(...) outside string literals, as calls of our functions. */
function synapseVariablesAsCalls(text: string): string {
  return rewriteSynapseReferences(
    text,
    (prefix, name, raw) =>
      // $body, $header, $env: DOMSynapseXPathVariableResolver hands their empty namespace to the parent variable
      // context, which knows none of them (UnresolvableException: "DOM Synapse XPATH variable resolution failed")
      prefix === '' && ['body', 'header', 'env'].includes(name)
        ? `${Q}fail("DOM Synapse XPATH variable resolution failed: $${name}")`
        : SYNAPSE_XPATH2_VARIABLE_PREFIXES.has(prefix)
          ? `(${Q}var(${lit(prefix)}, ${lit(name)}) ! ${TO_XPATH2})`
          : raw,
    `(${Q}get-property(`,
    ` ! ${TO_XPATH2})`,
  );
}

/**
 * SynapseXPath.evaluateDOMXPath: the whole expression again with XPath 2.0 (MI's JAXP XPath, Saxon) against a copy
 * of the Body's first element as the document element of a new document (the context item is that element: `/` is
 * the new document, `/soapenv:Envelope` finds nothing), its result as the XPath string of its first item.
 */
function runFailover(
  text: string,
  code: string,
  ctx: EvalContext,
  resolver: (p: string) => string | null,
): string {
  const first = ctx.body().firstElementChild;
  const doc = ctx.envelope().implementation.createDocument(null, '');
  if (first) doc.appendChild(doc.importNode(first, true));
  const prev = failoverOpen;
  failoverOpen = true;
  try {
    return evaluateXPath(code, doc.documentElement ?? doc, null, null, evaluateXPath.STRING_TYPE, {
      namespaceResolver: resolver,
      currentContext: { ctx } satisfies XPathRunContext,
      language: evaluateXPath.XPATH_3_1_LANGUAGE,
    });
  } catch (e) {
    throw new ExpressionEvalError(text, cleanMessage(e));
  } finally {
    failoverOpen = prev;
  }
}

export { nodeStringValue };

/**
 * A call-template `with-param` value written `{{expr}}`: the inner XPath kept as an expression to evaluate where
 * `$func:name` reads it (see DeferredExpression); undefined for any other value.
 */
export function deferredParam(
  value: string,
  namespaces: Readonly<Record<string, string>> = {},
): DeferredExpression | undefined {
  const v = value.trim();
  if (!v.startsWith('{{') || !v.endsWith('}}') || v.length < 5) return undefined;
  const x = compileXPath(v.slice(2, -2), namespaces);
  return new DeferredExpression(v.slice(2, -2), (ctx) => x.run(ctx));
}

/** fontoxpath messages span several lines (with the expression drawn); keep the first meaningful ones. */
function cleanMessage(e: unknown): string {
  const lines = String((e as Error).message ?? e)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^[\^~\s]+$/.test(l));
  return lines
    .slice(0, 2)
    .join(' ')
    .replace(/Q\{urn:synapse-integration-tools:xpath-functions\}/g, '');
}
