/** Helpers shared by the mediator implementations. */
import * as slimdom from 'slimdom';
import type { XmlElement } from '../../../core/xml';
import { stringOf, type MessageContext } from '../context';
import type { CompileCtx } from '../compile';
import { MediationError } from '../errors';
import type { Expr } from '../expressions';
import type { Mediator } from '../model';
import { parseXmlElement } from '../payloadXml';
import {
  fitsLong,
  javaDouble,
  JavaFloat,
  JavaLong,
  javaParseDouble,
  javaParseFloat,
  JSON_NULL,
  JsonString,
} from '../expr/values';
import { JsonDecimal, keepLongDigits, LazyJsonNumber, parseJsonText } from '../expr/jsonNumber';
import { parseJsonLenient } from './lenientJson';
import { javaWholeText } from '../../../core/javaNumbers';

export function base(
  el: XmlElement,
  cc: CompileCtx,
  contentAware: boolean,
): Pick<Mediator, 'name' | 'file' | 'line' | 'column' | 'contentAware'> {
  return { name: el.local, contentAware, ...cc.pos(el) };
}

export function aware(...exprs: (Expr | undefined)[]): boolean {
  return exprs.some((e) => e?.payloadAware);
}

export interface ConvertOptions {
  /** The value is the text of an XPath result (MI's property mediator then truncates 2.0 for INTEGER/SHORT). */
  expression?: boolean;
  /** Which mediator converts (its name is in MI's error message). */
  mediator?: 'property' | 'variable';
}

const INT_RANGE: Record<string, [number, number]> = {
  INTEGER: [-2147483648, 2147483647],
  SHORT: [-32768, 32767],
};

/**
 * SynapseConfigUtils.stringToOM (AXIOMUtil.stringToOM), as the property and variable mediators build an XML/OM value:
 * Woodstox reads the prolog, then the builder takes the first element, and what follows it is never read. Woodstox's
 * prolog errors leave as an OMException whose message is the Woodstox exception (AbstractListMediator makes it the
 * ERROR_MESSAGE).
 */
function stringToOM(s: string): unknown {
  const start = s.search(/[^ \t\r\n]/);
  if (start < 0) throw new MediationError(0, 'com.ctc.wstx.exc.WstxEOFException: Unexpected EOF in prolog');
  if (s[start] !== '<')
    throw new MediationError(
      0,
      `com.ctc.wstx.exc.WstxUnexpectedCharException: Unexpected character '${s[start]}' (code ${s.charCodeAt(start)}) in prolog; expected '<'`,
    );
  try {
    return parseXmlElement(s);
  } catch (e) {
    const end = firstElementEnd(s);
    if (end !== undefined && end < s.length)
      try {
        return parseXmlElement(s.slice(0, end));
      } catch {
        // the first element itself is malformed
      }
    throw new MediationError(0, `Cannot convert the value to XML: ${(e as Error).message}`);
  }
}

/** The index of the '>' closing the start or end tag at `lt` (quoted attribute values skipped), or the text's length. */
export function tagEnd(s: string, lt: number): number {
  let j = lt + 1;
  let quote = '';
  for (; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') break;
  }
  return j;
}

/** Where the first element of an XML text ends (comments, CDATA and instructions skipped), or undefined. */
function firstElementEnd(s: string): number | undefined {
  let depth = 0;
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) return undefined;
    const skip = s.startsWith('<!--', lt)
      ? '-->'
      : s.startsWith('<![CDATA[', lt)
        ? ']]>'
        : s.startsWith('<?', lt)
          ? '?>'
          : '';
    if (skip) {
      const e = s.indexOf(skip, lt + 2);
      if (e < 0) return undefined;
      i = e + skip.length;
      continue;
    }
    if (s.startsWith('<!', lt)) return undefined;
    const j = tagEnd(s, lt);
    if (j >= s.length) return undefined;
    if (s[lt + 1] === '/') depth--;
    else if (s[j - 1] !== '/') depth++;
    i = j + 1;
    if (depth <= 0) return i;
  }
  return undefined;
}

/** Converts a value by a property/variable `type`, as MI's property and variable mediators do. */
export function convertType(v: unknown, type: string | undefined, opts: ConvertOptions = {}): unknown {
  if (!type || type === 'STRING')
    return v === undefined ? undefined : typeof v === 'string' ? v : stringOf(v);
  const s = stringOf(v);
  // MI: "Unknown type : T for the property mediator or the property value cannot be converted into the specified type."
  const fail = (): never => {
    const m = opts.mediator ?? 'property';
    // (ERROR_MESSAGE is the SynapseException's message as it is: AbstractListMediator; the value goes to the detail)
    throw new MediationError(
      0,
      `Unknown type : ${type} for the ${m} mediator or the ${m} value cannot be converted into the specified type.`,
      `value '${s.slice(0, 80)}'`,
    );
  };
  switch (type) {
    case 'INTEGER':
    case 'LONG':
    case 'SHORT': {
      // a variable's expression result (v2 Utils.convertJsonPrimitive): getAsLong() a java.lang.Long whatever its
      // value (as a LONG text below), getAsInt() the number's low 32 bits
      if (typeof v === 'number' && Number.isInteger(v))
        return type === 'LONG' ? new JavaLong(BigInt(v)) : type === 'INTEGER' ? v | 0 : v;
      // the property mediator casts an XPath number (2.0) for INTEGER and SHORT: (int) Double.parseDouble(s),
      // and (short) of that for SHORT (the int's low 16 bits: 40000.5 is -25536)
      if (opts.expression && type !== 'LONG' && s.includes('.')) {
        const d = javaParseDouble(s);
        if (d === undefined) return fail();
        const i = Number.isNaN(d) ? 0 : Math.trunc(Math.min(Math.max(d, -2147483648), 2147483647));
        return type === 'SHORT' ? (i << 16) >> 16 : i;
      }
      // Integer/Short/Long.parseXxx: a sign and digits (of any script)
      const t = javaWholeText(s);
      if (t === undefined) return fail();
      const b = BigInt(t);
      if (type === 'LONG') {
        // Long.parseLong: a java.lang.Long whatever its value (a JavaLong: ${} computes with it as a long, refuses
        // it where MI takes only ints and doubles), refused beyond a long
        if (!fitsLong(b)) return fail();
        return new JavaLong(b);
      }
      const [lo, hi] = INT_RANGE[type]!;
      const n = Number(b);
      return n >= lo && n <= hi ? n : fail();
    }
    case 'DOUBLE':
    case 'FLOAT': {
      if (typeof v === 'number') return type === 'FLOAT' ? new JavaFloat(v) : javaDouble(v);
      // (Float.parseFloat rounds the decimal to a float once)
      const d = type === 'FLOAT' ? javaParseFloat(s) : javaParseDouble(s);
      if (d === undefined) return fail();
      // a Java Double: 10 is held (and printed) as 10.0; a Float keeps single precision
      return type === 'FLOAT' ? new JavaFloat(d) : javaDouble(d);
    }
    case 'BOOLEAN':
      // Axis2 JavaUtils.isTrueExplicitly: "true" and "yes" (any case) and "1"
      return typeof v === 'boolean' ? v : /^(true|yes|1)$/i.test(s);
    case 'OM':
    case 'XML':
      if (Array.isArray(v) && v.length === 1) v = v[0];
      if (v && typeof v === 'object' && 'nodeType' in (v as object)) return v;
      return stringToOM(s);
    case 'JSON': {
      if (typeof v !== 'string') return v;
      if (opts.mediator !== 'variable') {
        // PropertyMediator.buildJSONElement: JsonParser reads an empty document as JsonNull, and JsonReader.peekKeyword
        // takes each letter of true/false/null in either case; white space is JsonReader's (space, tab, line feed,
        // carriage return): a no-break or em space is text, which Gson reads as a string
        const t = s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
        // JsonParser.parseReader checks that the whole text was read only for a value other than JsonNull: a null
        // keyword ends the reading whatever follows it ("null x"); a text of lenient comments only (or none) is empty
        if (/^null(?=$|[ \t\f\r\n{}[\]:,;=#/\\])/i.test(t)) return JSON_NULL;
        if (/^(?:#[^\r\n]*|\/\/[^\r\n]*|\/\*[\s\S]*?\*\/|[ \t\n\r])*$/.test(t)) return JSON_NULL;
        if (/^(true|false)$/i.test(t)) return /^t/i.test(t);
      }
      // Gson's lenient parser; what it cannot read is taken as a JSON string (MI encloses it in quotes)
      let j: unknown;
      try {
        // Gson keeps a number's text: an integer beyond 2^53 keeps its digits
        j = keepLongDigits(parseJsonText(s), s);
      } catch {
        try {
          j = parseJsonLenient(s);
        } catch {
          // buildJSONElement then parses the text enclosed in quotes; when that fails too it logs "Malformed JSON
          // payload" and the value is null
          j = enclosedJsonString(s);
          if (j === undefined) return null;
        }
      }
      // the property mediator keeps a JsonPrimitive, printed with its quotes (a variable's is read by ${vars.x},
      // which gives the string: getAsString)
      // a bare number stays Gson's LazilyParsedNumber: ${vars.x + 1} computes a double (6.0)
      if (opts.mediator === 'variable')
        return (typeof j === 'number' || j instanceof JsonDecimal || j instanceof JavaLong) &&
          /^-?\d/.test(s.trim())
          ? new LazyJsonNumber(s.trim())
          : j;
      // (MI's JsonNull is a value: $ctx: prints null, the property is there)
      return typeof j === 'string' ? new JsonString(j) : j === null ? JSON_NULL : j;
    }
    default:
      return v;
  }
}

/**
 * Gson reading `"` + s + `"`: the string with its escapes read (\" \\ \/ \' \b \f \n \r \t \uXXXX, and a backslash
 * before a line break), or undefined when it does not read as one string (a quote inside, another escape).
 */
function enclosedJsonString(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === undefined) return undefined;
    if (e === 'u') {
      const h = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(h)) return undefined;
      out += String.fromCharCode(parseInt(h, 16));
      i += 4;
    } else if ('"\\/\'\n'.includes(e)) out += e;
    else if (e === 'b') out += '\b';
    else if (e === 'f') out += '\f';
    else if (e === 'n') out += '\n';
    else if (e === 'r') out += '\r';
    else if (e === 't') out += '\t';
    else return undefined;
  }
  return out;
}

/** Evaluates an expression the way the property mediator stores it (string for XPath unless asked otherwise). */
export function evalForStore(e: Expr, ctx: MessageContext, type: string | undefined): unknown {
  // an XPath's OM/XML value is built from its text too (PropertyMediator.buildOMElement(stringValueOf(…)), v2
  // Utils.getResolvedValue): an envelope from SOAPEnvelope.toString() (no empty Header: a plain element),
  // an element with text of its own from that text alone (no element: stringToOM refuses it)
  if (e.kind === 'xpath') return e.string(ctx);
  // MI's property mediator stores stringValueOf(…) and converts that by type: a computed double keeps its Java
  // text (10.0), an object its JSON text (type JSON parses it back)
  if ((e.kind === 'synapse' || e.kind === 'jsonpath') && type !== 'OM' && type !== 'XML')
    return e.string(ctx);
  return e.value(ctx);
}

export { escapeXmlAttr, escapeXmlText } from '../../../core/xml/escape';

export function isNode(v: unknown): v is slimdom.Node {
  return !!v && typeof v === 'object' && 'nodeType' in (v as object);
}

export function setMessageType(ctx: MessageContext, type: string): void {
  ctx.setProperty('messageType', type, 'axis2');
  ctx.payload.contentType = type;
}

/**
 * Java's Boolean.parseBoolean / Boolean.valueOf(String): true only for "true" in any case, anything else (or nothing)
 * false. Most factories read their boolean attributes so.
 */
export function parseBoolean(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}

/** MI's isResponse(): the message's direction, or a RESPONSE property holding the string "true". */
export function isResponse(ctx: MessageContext): boolean {
  if (ctx.response) return true;
  const r = ctx.props.get('RESPONSE');
  return typeof r === 'string' && r.toLowerCase() === 'true';
}

/** Java's String.CASE_INSENSITIVE_ORDER (for header names: compares the lower-cased characters). */
export function compareIgnoreCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

// (kept in expr/values, which mtom.ts can import without a cycle: this module reaches mtom.ts through context)
export { isTrueExplicitly } from '../expr/values';
