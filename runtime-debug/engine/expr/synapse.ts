/**
 * Evaluator of MI 4.4 Synapse expressions (`${...}`): the parse tree of core/expressions compiled to closures once,
 * run per message. A failure anywhere (missing value where one is needed, type error) makes the whole expression
 * yield no value, as MI does; `tryEvaluate` keeps the reason for the debugger.
 */
import * as slimdom from 'slimdom';
import type { JsonPathSegment, SynapseCall, SynapseNode } from '../../../core/expressions';
import type { EvalContext } from './context';
import { formatJavaDate, parseJavaTime, patternFields } from './dates';
import { isPlainObject, JaywayFault, navigate, NavError, type NavHooks } from './jsonnav';
import { javaRegExp } from '../javaRegex';
import { javaWholeText } from '../../../core/javaNumbers';
import {
  bigOf,
  fitsLong,
  isJavaDouble,
  isNode,
  JavaDouble,
  javaDouble,
  javaDoubleToString,
  JavaLong,
  javaParseDouble,
  javaLong,
  nodeStringValue,
  numericValue,
  synapseValueString,
  synapseXPathString,
  unmarkItem,
} from './values';
import {
  addDoubles,
  decimalAdd,
  decimalDivide,
  decimalOfText,
  decimalOf,
  decimalRemainder,
  decimalRound,
  multiplyDoubles,
} from './decimal';
import {
  charsetOf,
  compileXPath,
  javaGetBytes,
  javaUrlDecode,
  javaDecodeBytes,
  javaUrlEncode,
  type CompiledXPath,
} from './xpath';
import { MediationError } from '../errors';
import { parseXmlPayload } from '../xml/parse';
import { registryResourceProperty } from './registryProperties';
import {
  GsonBigDecimal,
  JsonIntLong,
  JsonLong,
  JsonDecimal,
  LazyJsonNumber,
  jsonAt,
  keepLongDigits,
  lossyInteger,
  parseJsonText,
  recordLongDigits,
  recordLongDigitsOf,
} from './jsonNumber';
import { isConnectorResponseMap } from '../connectorResponseMark';

export class SynapseEvalFailure extends Error {}

/** A Synapse part of a filter condition that has no value: the whole expression fails, not just that item. */
class FilterArgumentFailure extends SynapseEvalFailure {}

interface Env {
  ctx: EvalContext;
  /** `@` inside a filter. */
  current: unknown;
}

type Fn = (env: Env) => unknown;

function fail(msg: string): never {
  throw new SynapseEvalFailure(msg);
}

// ------------------------------------------------------------------------------------------ conversions

function toNumber(v: unknown, what: string): number {
  const n = numericValue(v);
  if (n !== undefined) return n;
  return fail(`${what} needs a number, got ${describe(v)}`);
}

/** Outside Java's int range: MI computes with longs (and a long division always gives a double). */
function isLong(n: number): boolean {
  return n > 2147483647 || n < -2147483648;
}

function fitsInt(n: number): boolean {
  return Number.isInteger(n) && n <= 2147483647 && n >= -2147483648;
}

function isLazyInt(v: unknown): v is LazyJsonNumber {
  return v instanceof LazyJsonNumber && INT_TEXT.test(v.text) && fitsInt(v.valueOf());
}

/** ExpressionResult.asInt of an int operand: a JsonIntLong's low 32 bits, else the number itself. */
function asInt(v: unknown, n: number): number {
  return v instanceof JsonIntLong ? Number(BigInt.asIntN(32, v.big)) : n;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A decimal text as sign, digits without leading or trailing zeros and exponent: equal texts, equal numbers. */
function canonicalDecimal(text: string): string | undefined {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return undefined;
  let digits = (m[2]! + (m[3] ?? '')).replace(/^0+/, '');
  let exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
  if (digits === '') return '0';
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exp++;
  }
  return `${m[1]}${digits}e${exp}`;
}

/**
 * What the last step of a path hands a Synapse expression for a JSON number (MI: JsonPath.read with
 * GsonJsonProvider). Read from an array by index: Gson's number as it is (LazyJsonNumber). Read from an object by
 * name: unwrapped (GsonJsonProvider.unwrapNumber on new BigDecimal(text)): without a fraction (scale <= 0, so 1e3
 * too) an int, else a long; with one a Double when the double is exactly that decimal (2.50 is 2.5 and prints 2.5,
 * 0.00001 prints 1.0E-5, 10.0 prints 10.0), else the BigDecimal (left as it came). Other values pass.
 */
export function gsonLeaf(v: unknown, byIndex: boolean): unknown {
  // (most numbers: a plain number, whose text is JavaScript's, is the same int, long or double unwrapped; Java
  // prints a double as JavaScript does between 10^-3 and 10^7)
  if (
    !byIndex &&
    typeof v === 'number' &&
    (Number.isSafeInteger(v) ? v >= -2147483648 : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e7)
  )
    // (-0 is the Integer 0: new BigDecimal("-0").intValue())
    return v === 0 ? 0 : v;
  let text: string;
  if (v instanceof JsonDecimal) text = v.text;
  else if (v instanceof JavaLong) text = v.toString();
  else if (typeof v === 'number' && Number.isFinite(v)) {
    // (an integer JavaScript cannot hold exactly: its digits are read from the payload text first)
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return v;
    // (JSON's -0 read by index stays Gson's "-0": getAsDouble -0.0)
    text = Object.is(v, -0) ? '-0' : String(v);
  } else return v;
  if (byIndex) return v instanceof LazyJsonNumber ? v : new LazyJsonNumber(text);
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return v;
  const scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  if (scale <= 0) {
    const unscaled = BigInt(m[1]! + m[2]! + (m[3] ?? ''));
    // (a non-zero number with more than 19 places is beyond a long: no power of ten to build for 1e999999)
    if (unscaled !== 0n && -scale > 19) return new GsonBigDecimal(text);
    const b = unscaled * 10n ** BigInt(Math.min(-scale, 19));
    // (unwrapNumber compares abs() with Long.MAX_VALUE: Long.MIN_VALUE stays a BigDecimal)
    if (!fitsLong(b) || b === -(2n ** 63n)) return new GsonBigDecimal(text);
    if (b < -2147483648n) return new JsonIntLong(b);
    const n = Number(b);
    return Number.isSafeInteger(n) ? n : new JsonLong(b);
  }
  // (BigDecimal has no negative zero: -0.0 is the double 0.0)
  const d = Number(text) || 0;
  const java = javaDoubleToString(d);
  if (!Number.isFinite(d) || canonicalDecimal(java) !== canonicalDecimal(text))
    return new GsonBigDecimal(text);
  return java === String(d) ? d : new JsonDecimal(java);
}

const splitPatterns = new Map<string, RegExp>();

/** The compiled pattern of a split() separator, kept (a flow splits by the same few separators on every message). */
function splitRegExp(regex: string): RegExp {
  let re = splitPatterns.get(regex);
  if (!re) {
    re = javaRegExp(regex, { flags: 'g' });
    if (splitPatterns.size >= 64) splitPatterns.clear();
    splitPatterns.set(regex, re);
  }
  return re;
}

/**
 * Java's String.split(regex) (limit 0): the text between matches of the Java pattern, no leading empty string for a
 * zero-width match at the start, trailing empty strings dropped (so "a.b".split(".") is empty), the whole text
 * when nothing matches; capture groups add nothing (JavaScript's split would insert them).
 */
export function javaSplit(text: string, regex: string): string[] {
  const re = splitRegExp(regex);
  const out: string[] = [];
  let index = 0;
  // Matcher.find from `from` on: after an empty match the next search starts one char later, between the halves
  // of a surrogate pair too (where a unicode RegExp would step back to the pair's start and loop): there an
  // empty match is taken as Java finds it
  for (let from = 0; from <= text.length;) {
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    let start = m.index;
    let end = start + m[0].length;
    if (start < from) {
      if (m[0].length > 0) break;
      start = end = from;
    }
    if (end === start && start >= text.length) break;
    if (!(index === 0 && start === 0 && end === 0)) {
      out.push(text.slice(index, start));
      index = end;
    }
    from = end === start ? end + 1 : end;
  }
  if (index === 0) return [text];
  out.push(text.slice(index));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** `(int) Math.round(d)`: NaN is 0, the long saturates at its bounds, then the cast keeps the low 32 bits. */
export function javaRoundToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  // (Math.round and Java's are both floor(d + 1/2) taken exactly)
  const r = Math.round(d);
  const b = r >= 2 ** 63 ? 2n ** 63n - 1n : r <= -(2 ** 63) ? -(2n ** 63n) : BigInt(r);
  return Number(BigInt.asIntN(32, b));
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * java.util.Base64.getDecoder().decode(String), which MI's base64decode() calls: strict, and what it refuses is an
 * IllegalArgumentException that no part of the expression catches, so the mediator fails (AbstractListMediator
 * makes it a fault with its message). The text is read as ISO-8859-1 bytes (other characters become '?').
 */
function javaBase64Decode(text: string): Buffer {
  const src = Array.from(text, (c) => (c.charCodeAt(0) > 0xff ? 0x3f : c.charCodeAt(0)));
  const n = src.length;
  if (n === 0) return Buffer.alloc(0);
  if (n < 2) throw new Error('Input byte[] should at least have 2 bytes for base64 bytes');
  const out: number[] = [];
  let bits = 0;
  let shift = 18;
  let sp = 0;
  while (sp < n) {
    const b = src[sp++]!;
    const v = b < 0x80 ? BASE64_ALPHABET.indexOf(String.fromCharCode(b)) : -1;
    if (v < 0) {
      if (b === 0x3d) {
        if ((shift === 6 && (sp === n || src[sp++] !== 0x3d)) || shift === 18)
          throw new Error('Input byte array has wrong 4-byte ending unit');
        break;
      }
      throw new Error(`Illegal base64 character ${(b > 127 ? b - 256 : b).toString(16)}`);
    }
    bits |= v << shift;
    shift -= 6;
    if (shift < 0) {
      out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
      shift = 18;
      bits = 0;
    }
  }
  if (shift === 6) out.push((bits >> 16) & 0xff);
  else if (shift === 0) out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff);
  else if (shift === 12) throw new Error('Last unit does not have enough valid bits');
  if (sp < n) throw new Error(`Input byte array has incorrect ending byte at ${sp}`);
  return Buffer.from(out);
}

/**
 * A long (a whole number outside Java's int range, or a JavaLong): MI's ExpressionResult counts it numeric for
 * arithmetic (isLong) but neither isInteger nor isDouble, so comparisons, isNumber and the math functions refuse it.
 */
function isLongValue(v: unknown): boolean {
  return (
    (v instanceof JavaLong && !(v instanceof JsonIntLong)) ||
    (typeof v === 'number' && Number.isInteger(v) && isLong(v))
  );
}

/** A string argument (JSON strings and text); numbers and booleans only where MI accepts any primitive. */
function needString(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  return fail(`${what} needs a string, got ${describe(v)}`);
}

function needInt(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v instanceof JsonIntLong) return asInt(v, 0);
  if (isLazyInt(v)) return v.valueOf();
  return fail(`${what} needs an integer, got ${describe(v)}`);
}

/** MI's asString(): strings as they are, other values as their text (JSON for objects and arrays). */
function toStr(v: unknown, what: string): string {
  if (v === undefined || v === null) return fail(`${what} has no value`);
  if (typeof v === 'string') return v;
  if (isNode(v)) return nodeStringValue(v);
  return synapseValueString(v);
}

/** Whether a node reads JSON (the payload, a variable, a parsed object): its scalars are JSON primitives in MI. */
function readsJson(n: SynapseNode | undefined): boolean {
  if (!n || n.type !== 'se-access') return false;
  return (
    typeof n.root !== 'string' ||
    n.root === 'payload' ||
    n.root === '$' ||
    n.root === '@' ||
    n.root === 'vars' ||
    n.root === 'var'
  );
}

function toBool(v: unknown, what: string): boolean {
  if (typeof v === 'boolean') return v;
  return fail(`${what} needs a boolean, got ${describe(v)}`);
}

const JAVA_TRIM = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const INT_TEXT = /^[+-]?\d+$/;
const ND_FIRST = /^\p{Nd}/u;
const DOUBLE_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/**
 * A header, property, parameter or config as MI's HeadersAndPropertiesAccessNode gives it: missing is a failure;
 * otherwise the text of the value, read as an int or long (Integer/Long.parseInt) or a double (Double.parseDouble,
 * which trims) when it is one, else the text itself. So `params.queryParams.limit > 5` and `props.axis2.HTTP_SC + 1`
 * compute with numbers.
 */
function keyedValue(v: unknown, what: string): unknown {
  if (v === undefined || v === null) return fail(`${what} is not set`);
  const text = typeof v === 'string' ? v : synapseValueString(v);
  if (text === '') return text;
  const c = text.charCodeAt(0);
  // quick exit: a number starts with a digit (of any script: U+0660 is the first after ASCII's), a sign, '.',
  // N(aN), I(nfinity) or (trimmed) whitespace
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 78 || c === 73 || c <= 32))
    if (c < 0x660 || !ND_FIRST.test(text)) return text;
  // Integer.parseInt, then Long.parseLong: a sign and decimal digits of any script ('٣٤' is the int 34)
  const whole = INT_TEXT.test(text) ? text : javaWholeText(text);
  if (whole !== undefined) {
    const n = Number(whole);
    if (Number.isSafeInteger(n)) return n;
    // Long.parseLong: the digits kept (a long beyond 2^53); beyond a long, Double.parseDouble below
    const b = BigInt(whole.charCodeAt(0) === 43 ? whole.slice(1) : whole);
    if (fitsLong(b)) return new JavaLong(b);
  }
  const t = text.replace(JAVA_TRIM, '');
  if (DOUBLE_TEXT.test(t)) return javaDouble(Number(t.replace(/[fFdD]$/, '')));
  return text;
}

/** JSONPath filter truthiness: a value that exists and is not false. */
function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false;
}

/**
 * JSON read out of text as MI's object()/array()/isObject/isArray do: surrounding double quotes dropped, every
 * backslash removed (so a JSON document kept as an escaped string, "{\"a\":1}", reads as {"a":1}); undefined
 * when that is no JSON.
 */
function jsonOfText(text: string): unknown {
  let t = text;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  try {
    return parseJsonText(t.includes('\\') ? t.replace(/\\/g, '') : t);
  } catch {
    return undefined;
  }
}

function isJsonText(v: unknown, open: string): boolean {
  if (typeof v !== 'string') return false;
  const x = jsonOfText(v);
  return open === '[' ? Array.isArray(x) : isPlainObject(x);
}

function describe(v: unknown): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isNode(v)) return 'XML';
  if (v instanceof JavaDouble) return `number ${v.toString()}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** MI compares the string forms of the two values. */
function sameValue(a: unknown, b: unknown): boolean {
  return synapseValueString(a) === synapseValueString(b);
}

/** Structural equality for JSONPath filter operators (in, nin, subsetof...). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof JavaDouble) a = a.valueOf();
  if (b instanceof JavaDouble) b = b.valueOf();
  if (a === b) return true;
  if (isNode(a) || isNode(b)) return synapseValueString(a) === synapseValueString(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function compare(op: '>' | '<' | '>=' | '<=', a: unknown, b: unknown, filter: boolean): boolean {
  let x: number | string;
  let y: number | string;
  if (filter && typeof a === 'string' && typeof b === 'string') {
    x = a;
    y = b;
  } else {
    // MI compares ints and doubles only (BinaryOperationNode.handleComparison): a long is refused, and a BigDecimal
    if (
      !filter &&
      (isLongValue(a) || isLongValue(b) || a instanceof GsonBigDecimal || b instanceof GsonBigDecimal)
    )
      fail(`'${op}' compares ints and doubles only, got ${describe(a)} and ${describe(b)}`);
    x = toNumber(a, `'${op}'`);
    y = toNumber(b, `'${op}'`);
  }
  switch (op) {
    case '>':
      return x > y;
    case '<':
      return x < y;
    case '>=':
      return x >= y;
    default:
      return x <= y;
  }
}

type ArithOp = '-' | '*' | '/' | '%';

/**
 * The result of long arithmetic: a Java Long whatever its value (a JavaLong, so that a later operation still
 * computes with longs: (end - start) / 1000 of two epoch times is a double, 5.0, as MI's long division gives).
 */
function longResult(b: bigint): JavaLong {
  return new JavaLong(BigInt.asIntN(64, b));
}

/** A double operand as BigDecimal sees it (MI goes through the Java string form). */
function decimalOperand(x: number): ReturnType<typeof decimalOf> {
  if (!Number.isFinite(x)) notADecimal(x);
  return decimalOf(x, true);
}

/**
 * new BigDecimal("Infinity") (or "NaN"): BinaryOperationNode computes doubles through BigDecimal of their Java text,
 * and the NumberFormatException is no EvaluationException: it leaves the expression uncaught and fails the mediator
 * (AbstractListMediator: ERROR_MESSAGE is its message).
 */
function notADecimal(x: number): never {
  throw new MediationError(
    0,
    `Character ${Number.isNaN(x) ? 'N' : 'I'} is neither a decimal digit number, decimal point, nor "e" notation exponential mark.`,
  );
}

/**
 * MI's arithmetic (BinaryOperationNode): a double on either side → BigDecimal on the Java string forms, a double
 * result; else longs when a side is outside the int range (a long division is always a double); else ints, where
 * an exact division stays an int and an inexact one is a double.
 */
function arithmetic(op: ArithOp, a: unknown, b: unknown): number | JavaDouble {
  notBigDecimal(op, a, b);
  const x = toNumber(a, `'${op}'`);
  const y = toNumber(b, `'${op}'`);
  if ((op === '/' || op === '%') && y === 0) fail(op === '/' ? 'division by zero' : 'modulo by zero');
  if (!isJavaDouble(a) && !isJavaDouble(b)) {
    // a long on either side (a Long stays one whatever its value: 3000000000 - 2999999990 is the long 10)
    const long = isLongValue(a) || isLongValue(b);
    // ints: asInt() of each side (a JsonIntLong's low 32 bits)
    const i = long ? x : asInt(a, x);
    const j = long ? y : asInt(b, y);
    if (j !== y && (op === '/' || op === '%') && j === 0)
      fail(op === '/' ? 'division by zero' : 'modulo by zero');
    switch (op) {
      case '-':
        // Java: an int subtraction wraps at 32 bits, a long one at 64 (BinaryOperationNode.performInt/LongOperation)
        return long ? longResult(bigOf(a)! - bigOf(b)!) : (i - j) | 0;
      case '*': {
        // an int product that overflows becomes a long (multiplyExact), a long one wraps
        if (long) return longResult(bigOf(a)! * bigOf(b)!);
        const r = i * j;
        return fitsInt(r) ? r : longResult(BigInt(i) * BigInt(j));
      }
      case '/':
        // a long division is (double) a / b; an int one an int when exact (Integer.MIN_VALUE / -1 wraps)
        return long ? javaDouble(x / y) : i % j !== 0 ? javaDouble(i / j) : (i / j) | 0;
      default:
        return long ? longResult(bigOf(a)! % bigOf(b)!) : i % j;
    }
  }
  // (asDouble(), then String.valueOf: a number beyond a double is Infinity there)
  if (!Number.isFinite(x)) notADecimal(x);
  if (!Number.isFinite(y)) notADecimal(y);
  if (op === '-') return javaDouble(addDoubles(x, y, true));
  if (op === '*') return javaDouble(multiplyDoubles(x, y));
  const dx = decimalOperand(x);
  const dy = decimalOperand(y);
  switch (op) {
    case '/':
      return javaDouble(decimalDivide(dx, dy));
    default:
      return javaDouble(decimalRemainder(dx, dy));
  }
}

/** A BigDecimal read from JSON is no number to MI's ExpressionResult (isNumeric): `+ - * / %` refuse it. */
function notBigDecimal(op: string, a: unknown, b: unknown): void {
  if (a instanceof GsonBigDecimal || b instanceof GsonBigDecimal)
    fail(`'${op}' needs numbers, got ${describe(a)} and ${describe(b)}`);
}

/** `+`: numbers add (a double on either side gives a double, through BigDecimal), two strings join. */
function add(a: unknown, b: unknown): unknown {
  notBigDecimal('+', a, b);
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) {
    if (!isJavaDouble(a) && !isJavaDouble(b)) {
      // ints add exactly (an overflow becomes a long: Math.addExact, then asLong() of each side), longs wrap at 64
      // bits and stay longs
      if (isLongValue(a) || isLongValue(b)) return longResult(bigOf(a)! + bigOf(b)!);
      const r = asInt(a, x) + asInt(b, y);
      return fitsInt(r) ? r : longResult((bigOf(a) ?? BigInt(x)) + (bigOf(b) ?? BigInt(y)));
    }
    // new BigDecimal(asString()) of each side: a JSON number keeps its text (Gson's 1e400 adds to Infinity), a
    // computed Infinity or NaN is no decimal
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (!Number.isFinite(x) && !(a instanceof JsonDecimal)) notADecimal(x);
      if (!Number.isFinite(y) && !(b instanceof JsonDecimal)) notADecimal(y);
      return javaDouble(x + y);
    }
    // MI adds new BigDecimal(asString()) of each side: a long keeps all its digits, a JSON number its text
    if (
      a instanceof JavaLong ||
      b instanceof JavaLong ||
      a instanceof JsonDecimal ||
      b instanceof JsonDecimal
    ) {
      const side = (v: unknown, n: number) =>
        v instanceof JavaLong || v instanceof JsonDecimal
          ? decimalOfText(v.toString())
          : decimalOf(n, isJavaDouble(v));
      return javaDouble(decimalAdd(side(a, x), side(b, y)));
    }
    return javaDouble(addDoubles(x, y));
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  return fail(`'+' needs two numbers or two strings, got ${describe(a)} and ${describe(b)}`);
}

/** Reads a JSON value out of a string when a path has to go into it. */
function structured(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        // Gson (JsonPath.parse of the text) keeps a number's text: integers beyond 2^53 keep their digits
        return keepLongDigits(parseJsonText(t), t);
      } catch {
        return v;
      }
    }
  }
  return v;
}

/** Backslash escapes as a JSONPath string reads them (\n, \t, \uXXXX, \' ...). */
function decodeEscapes(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) =>
    e.length === 5
      ? String.fromCharCode(parseInt(e.slice(1), 16))
      : e === 'n'
        ? '\n'
        : e === 't'
          ? '\t'
          : e === 'r'
            ? '\r'
            : e === 'b'
              ? '\b'
              : e === 'f'
                ? '\f'
                : e,
  );
}

/** A charset argument; an unknown one makes the expression fail (as Charset.forName does in MI). */
function charset(name: string | undefined): BufferEncoding {
  try {
    return charsetOf(name);
  } catch {
    return fail(`unsupported charset '${name}'`);
  }
}

/** The charset name itself, once charset() accepts it. */
function checkedCharset(name: string | undefined): string | undefined {
  charset(name);
  return name;
}

/**
 * Whether MI holds the node's value as a Java String when it is text (not a JSON string of the payload or of a
 * variable): a joined string, a function result, a header, property, parameter or config. Its asString() drops
 * one pair of surrounding quotes ("'" + x + "'" prints x).
 */
export function javaStringNode(n: SynapseNode): boolean {
  switch (n.type) {
    case 'se-binary':
      return n.op === '+';
    case 'se-call':
      return true;
    case 'se-ternary':
      return javaStringNode(n.whenTrue) || javaStringNode(n.whenFalse);
    case 'se-access':
      return (
        typeof n.root === 'string' &&
        ['headers', 'props', 'properties', 'params', 'configs', 'config'].includes(n.root)
      );
    default:
      return false;
  }
}

/**
 * What MI's ExpressionResult holds for the node's value, as the v2 variable mediator's type conversion tells them
 * apart (Utils.convertExpressionResult): `json` a Gson JsonElement (a read of the payload, or of a path into a
 * variable or object: Jayway hands a JsonPrimitive for a scalar), `variable` the object a variable holds as it is
 * (`vars.x`: whatever was stored), `java` a Java value the expression made (a literal, arithmetic, a function, a
 * header or property).
 */
export function synapseResultKind(n: SynapseNode): 'json' | 'variable' | 'java' {
  switch (n.type) {
    case 'se-access':
      if (typeof n.root !== 'string' || n.root === 'payload' || n.root === '$') return 'json';
      if (n.root === 'vars' || n.root === 'var') return n.segments.length <= 1 ? 'variable' : 'json';
      return 'java';
    case 'se-ternary': {
      const a = synapseResultKind(n.whenTrue);
      return a === synapseResultKind(n.whenFalse) ? a : 'variable';
    }
    default:
      return 'java';
  }
}

/** ExpressionResult.asString() of a Java String: one pair of surrounding double (else single) quotes dropped. */
export function unquoted(v: unknown): unknown {
  if (typeof v !== 'string' || v.length < 2) return v;
  const q = v[0];
  return (q === '"' || q === "'") && v[v.length - 1] === q ? v.slice(1, -1) : v;
}

// ------------------------------------------------------------------------------------------ compiler

export interface SynapseCompileOptions {
  namespaces?: Readonly<Record<string, string>>;
  /** Compiling a JSONPath filter condition: Jayway's looser rules (truthiness, string comparison). */
  filter?: boolean;
  /** The text the node spans point into (number literals read their digits from it). */
  source?: string;
  /**
   * Filters of a json-eval JSONPath, which Jayway runs itself (SynapseJsonPath): a bare `@.x` tests that x exists
   * (null too: ValueNodes.PathNode existsCheck), a missing value equals nothing (UNDEFINED), a number equals a
   * string holding it (NumberNode/StringNode.equals: 2 == '2'), `empty` holds for strings, arrays and objects only.
   */
  jayway?: boolean;
}

/** A filter operand that is a bare `@...` path: Jayway tests that it exists. */
export function isExistsCheck(n: SynapseNode): boolean {
  return n.type === 'se-access' && n.root === '@';
}

/** Jayway's == of two filter values (EqualsEvaluator): a number and a string compare as numbers, else typed. */
function jaywayEqual(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  if (a === null || b === null) return a === b;
  const an = typeof a === 'number' || a instanceof Number;
  const bn = typeof b === 'number' || b instanceof Number;
  if (an && typeof b === 'string') return b.trim() !== '' && Number(b) === Number(a);
  if (bn && typeof a === 'string') return a === String(Number(b));
  return deepEqual(a, b);
}

export class SynapseCompiler {
  private aware = false;
  /** Whether any part reads the payload. */
  get payloadAware(): boolean {
    return this.aware || (this.filterCompiler?.aware ?? false);
  }
  set payloadAware(v: boolean) {
    this.aware = v;
  }
  private readonly filterMode: boolean;
  private filterCompiler: SynapseCompiler | undefined;
  constructor(private readonly options: SynapseCompileOptions = {}) {
    this.filterMode = options.filter === true;
  }

  /** The compiler for filter conditions (shares payload awareness with this one). */
  private forFilters(): SynapseCompiler {
    if (this.filterMode) return this;
    if (!this.filterCompiler) {
      // MI hands the filter's text to Jayway (FilterExpressionNode, EvaluationContext.getJSONResult): Jayway's
      // filter semantics, as json-eval's
      this.filterCompiler = new SynapseCompiler({ ...this.options, filter: true, jayway: true });
    }
    return this.filterCompiler;
  }

  /**
   * A number literal the parser read as a double: one with digits only is a long beyond 2^53 when it fits
   * (LiteralNode.parseNumber: Integer, else Long, else Double), its digits read from the expression text.
   */
  private numberLiteral(n: Extract<SynapseNode, { type: 'se-literal' }>): JavaDouble | JavaLong {
    const raw = this.options.source?.slice(n.span.start, n.span.end);
    if (raw !== undefined && /^-?\d+$/.test(raw) && Number(raw) === n.value) {
      const b = BigInt(raw);
      if (fitsLong(b)) return new JavaLong(b);
    }
    return javaDouble(n.value as number);
  }

  compile(n: SynapseNode): Fn {
    switch (n.type) {
      case 'se-literal': {
        // a literal with a fraction or an exponent is a Java double (prints 5.0); a string is kept as written,
        // except inside a JSONPath filter, whose text Jayway reads (and decodes)
        const v =
          n.double === true && typeof n.value === 'number'
            ? this.numberLiteral(n)
            : this.filterMode && typeof n.value === 'string' && n.value.includes('\\')
              ? decodeEscapes(n.value)
              : n.value;
        return () => v;
      }
      case 'se-regex': {
        const re = new RegExp(n.pattern, n.flags.replace(/[^gimsuy]/g, ''));
        return () => re;
      }
      case 'se-array': {
        // items are plain JSON values (a JavaDouble item becomes its number)
        const items = n.items.map((i) => this.compile(i));
        return (env) =>
          items.map((f) => {
            const v = f(env);
            return v instanceof JavaDouble ? v.valueOf() : v;
          });
      }
      case 'se-unary': {
        const f = this.compile(n.operand);
        if (n.op === '!' && this.options.jayway && isExistsCheck(n.operand))
          return (env) => f(env) === undefined;
        if (n.op === '!') return this.filterMode ? (env) => !truthy(f(env)) : (env) => !toBool(f(env), "'!'");
        return (env) => {
          const v = f(env);
          if (v instanceof JavaLong) return javaLong(-v.big);
          const x = -toNumber(v, "unary '-'");
          return isJavaDouble(v) ? javaDouble(x) : x;
        };
      }
      case 'se-ternary': {
        const c = this.compile(n.condition);
        const a = this.compile(n.whenTrue);
        const b = this.compile(n.whenFalse);
        return (env) => (toBool(c(env), 'the condition of ?:') ? a(env) : b(env));
      }
      case 'se-binary':
        return this.binary(n);
      case 'se-call':
        return this.call(n);
      case 'se-access': {
        const f = this.access(n);
        if (!this.filterMode || n.root === '@') return f;
        // inside a [?(...)] filter, a Synapse part (vars.x, payload.y, headers.z...) is evaluated before Jayway
        // runs the filter (PayloadAccessNode puts its value into the path text): its failure fails the expression
        return (env) => {
          try {
            return f(env);
          } catch (e) {
            if (e instanceof SynapseEvalFailure && !(e instanceof FilterArgumentFailure))
              throw new FilterArgumentFailure(e.message);
            throw e;
          }
        };
      }
    }
  }

  private binary(n: Extract<SynapseNode, { type: 'se-binary' }>): Fn {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    switch (n.op) {
      case '+': {
        // MI joins the asString() forms: a Java String (not a JSON string) wrapped in quotes loses them
        if (this.filterMode) return (env) => add(l(env), r(env));
        const ls = javaStringNode(n.left);
        const rs = javaStringNode(n.right);
        if (!ls && !rs) return (env) => add(l(env), r(env));
        return (env) => add(ls ? unquoted(l(env)) : l(env), rs ? unquoted(r(env)) : r(env));
      }
      case '-':
      case '*':
      case '/':
      case '%': {
        const op = n.op;
        return (env) => arithmetic(op, l(env), r(env));
      }
      case '==':
      case '!=': {
        const eq = n.op === '==';
        // MI compares string forms; inside a JSONPath filter Jayway compares (EqualsEvaluator: 2 == '2')
        if (this.options.jayway)
          return n.op === '==' ? (env) => jaywayEqual(l(env), r(env)) : (env) => !jaywayEqual(l(env), r(env));
        const equal = this.filterMode ? deepEqual : sameValue;
        const ls = !this.filterMode && javaStringNode(n.left);
        const rs = !this.filterMode && javaStringNode(n.right);
        return (env) => {
          const a = ls ? unquoted(l(env)) : l(env);
          const b = rs ? unquoted(r(env)) : r(env);
          const same =
            a === undefined || a === null || b === undefined || b === null
              ? (a ?? null) === (b ?? null)
              : equal(a, b);
          return eq ? same : !same;
        };
      }
      case '>':
      case '<':
      case '>=':
      case '<=': {
        const op = n.op;
        const filter = this.filterMode;
        // Jayway (LessThanEvaluator...): two numbers or two strings compare, anything else is false
        if (this.options.jayway)
          return (env) => {
            const a = l(env);
            const b = r(env);
            const num = (x: unknown) => typeof x === 'number' || x instanceof Number;
            if (!((num(a) && num(b)) || (typeof a === 'string' && typeof b === 'string'))) return false;
            return compare(op, a, b, true);
          };
        return (env) => compare(op, l(env), r(env), filter);
      }
      case '&&':
        if (this.options.jayway) {
          const lt = this.filterTest(n.left, l);
          const rt = this.filterTest(n.right, r);
          return (env) => lt(env) && rt(env);
        }
        if (this.filterMode) return (env) => truthy(l(env)) && truthy(r(env));
        return (env) => {
          const a = toBool(l(env), "'&&'");
          const b = toBool(r(env), "'&&'");
          return a && b;
        };
      case '||':
        if (this.options.jayway) {
          const lt = this.filterTest(n.left, l);
          const rt = this.filterTest(n.right, r);
          return (env) => lt(env) || rt(env);
        }
        if (this.filterMode) return (env) => truthy(l(env)) || truthy(r(env));
        return (env) => {
          const a = toBool(l(env), "'||'");
          const b = toBool(r(env), "'||'");
          return a || b;
        };
      case '=~':
        return (env) => {
          const re = r(env);
          const s = l(env);
          if (s === undefined || s === null) return false;
          const rx = re instanceof RegExp ? re : new RegExp(toStr(re, "'=~'"));
          const m = rx.exec(toStr(s, "'=~'"));
          return m !== null && m[0].length === toStr(s, "'=~'").length; // Java matches(): the whole string
        };
      case 'in':
      case 'nin':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (!Array.isArray(b)) fail(`'${n.op}' needs an array on the right`);
          const found = b.some((x) => deepEqual(a, x));
          return n.op === 'in' ? found : !found;
        };
      case 'subsetof':
      case 'anyof':
      case 'noneof':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (!Array.isArray(a) || !Array.isArray(b)) fail(`'${n.op}' needs arrays`);
          const inB = (x: unknown): boolean => b.some((y) => deepEqual(x, y));
          if (n.op === 'subsetof') return a.every(inB);
          if (n.op === 'anyof') return a.some(inB);
          return !a.some(inB);
        };
      case 'size':
        return (env) => {
          const a = l(env);
          const len =
            Array.isArray(a) || typeof a === 'string'
              ? a.length
              : isPlainObject(a) && !this.options.jayway // (Jayway's SizeEvaluator: strings and arrays only)
                ? Object.keys(a).length
                : -1;
          return len === toNumber(r(env), "'size'");
        };
      case 'empty':
        return (env) => {
          const a = l(env);
          if (this.options.jayway && typeof a !== 'string' && !Array.isArray(a) && !isPlainObject(a))
            return false;
          const isEmpty =
            Array.isArray(a) || typeof a === 'string'
              ? a.length === 0
              : isPlainObject(a)
                ? Object.keys(a).length === 0
                : a === undefined || a === null;
          return isEmpty === toBool(r(env), "'empty'");
        };
    }
  }

  /** A Jayway filter operand as a test: a bare `@.x` exists, anything else is truthy. */
  private filterTest(n: SynapseNode, f: Fn): (env: Env) => boolean {
    return isExistsCheck(n) ? (env) => f(env) !== undefined : (env) => truthy(f(env));
  }

  private hooks(env: Env): NavHooks {
    return {
      filter: (cond, item) => {
        let v: unknown;
        try {
          v = this.forFilters().compileCached(cond)({ ctx: env.ctx, current: item });
        } catch (e) {
          if (
            (e instanceof SynapseEvalFailure && !(e instanceof FilterArgumentFailure)) ||
            e instanceof NavError
          )
            return false;
          throw e;
        }
        // a bare [?(@.x)] tests that x exists (null too), as Jayway does
        return isExistsCheck(cond) ? v !== undefined : truthy(v);
      },
      key: (expr) => this.compileCached(expr)(env),
      args: (args) => args.map((a) => this.compileCached(a)(env)),
    };
  }

  private readonly cache = new WeakMap<SynapseNode, Fn>();
  compileCached(n: SynapseNode): Fn {
    let f = this.cache.get(n);
    if (!f) {
      f = this.compile(n);
      this.cache.set(n, f);
    }
    return f;
  }

  /** Pre-compiles filter conditions, keys and method arguments so the hot path never compiles. */
  private precompile(segments: readonly JsonPathSegment[]): void {
    for (const s of segments) {
      if (s.kind === 'filter') this.forFilters().compileCached(s.condition);
      else if (s.kind === 'expr') this.compileCached(s.expr);
      else if (s.kind === 'exprs') s.exprs.forEach((e) => this.compileCached(e));
      else if (s.kind === 'exprslice') {
        if (s.start) this.compileCached(s.start);
        if (s.end) this.compileCached(s.end);
        if (s.step) this.compileCached(s.step);
      } else if (s.kind === 'method') s.args.forEach((a) => this.compileCached(a));
    }
  }

  private nav(segments: readonly JsonPathSegment[]): (base: unknown, env: Env) => unknown {
    this.precompile(segments);
    if (segments.length === 0) return (base) => base;
    const lastSeg = segments[segments.length - 1]!;
    // MI's Jayway answers .length() and .size() as a Long: ExpressionResult computes with it but neither compares
    // it nor takes it as a number in isNumber or the math functions
    const asLong =
      lastSeg.kind === 'method' && (lastSeg.name === 'length' || lastSeg.name === 'size')
        ? (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? new JavaLong(BigInt(v)) : v)
        : (v: unknown) => v;
    const direct = directPath(segments);
    if (direct) {
      const byIndex = lastSeg.kind === 'index' && typeof lastSeg.indexes[0] === 'number';
      return (base) => {
        const v = direct(structured(base));
        return typeof v === 'number' || v instanceof Number ? gsonLeaf(v, byIndex) : v;
      };
    }
    return (base, env) => {
      try {
        return asLong(
          navigate(structured(base), segments, {
            ...this.hooks(env),
            leaf: gsonLeaf,
            jayway: true,
            jaywayValue: true,
          }).value,
        );
      } catch (e) {
        // PayloadAccessNode turns only a PathNotFoundException into an EvaluationException (no value); Jayway's
        // other errors fail the mediator (AbstractListMediator: ERROR_MESSAGE is their message)
        if (e instanceof JaywayFault) throw new MediationError(0, e.message);
        if (e instanceof NavError) fail(e.message);
        throw e;
      }
    };
  }

  private access(n: Extract<SynapseNode, { type: 'se-access' }>): Fn {
    const segs = n.segments;
    if (typeof n.root !== 'string') {
      const root = n.root;
      if (root.name === 'registry' && segs[0]?.kind === 'method' && segs[0].name === 'property') {
        const pathF = this.compile(root.args[0]!);
        const keyF = this.compile(segs[0].args[0]!);
        const rest = this.nav(segs.slice(1));
        return (env) => {
          const path = toStr(pathF(env), 'registry()');
          const v = registryResourceProperty(env.ctx, path, toStr(keyF(env), '.property()'));
          return rest(v, env);
        };
      }
      const base = this.call(root);
      const nav = this.nav(segs);
      return (env) => nav(base(env), env);
    }
    const first = segs[0];
    const firstName = (): string | undefined =>
      first &&
      (first.kind === 'name'
        ? first.name
        : first.kind === 'index' && first.indexes.length === 1 && typeof first.indexes[0] === 'string'
          ? first.indexes[0]
          : undefined);
    switch (n.root) {
      case 'payload':
      case '$': {
        this.payloadAware = true;
        const nav = this.nav(segs);
        if (segs.length === 0)
          // the whole payload; for an application/xml message MI answers xpath('$body'): the SOAP Body element
          return (env) => {
            const ct = env.ctx.getProperty('ContentType', 'axis2');
            if (typeof ct === 'string' && ct.includes('application/xml')) return env.ctx.body();
            const json = env.ctx.json();
            if (json === undefined) fail('the message has no JSON payload');
            return json;
          };
        // MI fails on a path that is not in the payload (JSON null is a value)
        return (env) => {
          const json = env.ctx.json();
          if (json === undefined) fail('the message has no JSON payload');
          let v = nav(json, env);
          // an integer beyond 2^53, alone or inside an object or array: its digits read from the payload text once
          // (MI's Gson reads a Long and writes an object's numbers as they came)
          const ctx = env.ctx;
          if (
            ctx.payloadText &&
            (lossyInteger(v)
              ? recordLongDigits(json, ctx.payloadText())
              : typeof v === 'object' && v !== null && recordLongDigitsOf(json, v, () => ctx.payloadText?.()))
          )
            v = nav(json, env);
          if (v === undefined) fail(`no value at ${describePath(n.root as string, segs)}`);
          return v;
        };
      }
      case '@': {
        const nav = this.nav(segs);
        return (env) => nav(env.current, env);
      }
      case 'vars':
      case 'var': {
        const name = firstName();
        if (name === undefined) {
          if (first) return () => fail('a variable name is needed after vars');
          return () => fail('vars needs a name');
        }
        const nav = this.nav(segs.slice(1));
        const whole = segs.length === 1;
        return (env) => {
          const v = env.ctx.variable(name);
          if (v === undefined) fail(`variable '${name}' is not defined`);
          // MI: a connector's response variable is a java.util.Map, which PayloadAccessNode answers as null whole
          if (whole && isConnectorResponseMap(v))
            fail(`variable '${name}' holds a connector response: read its payload, headers or attributes`);
          const r = nav(v, env);
          if (r === undefined) fail(`no value at ${describePath('vars', segs)}`);
          return r;
        };
      }
      case 'headers': {
        const name = firstName();
        if (name === undefined) return (env) => env.ctx.allHeaders?.() ?? {};
        const nav = this.nav(segs.slice(1));
        return (env) => nav(keyedValue(env.ctx.header(name), `header '${name}'`), env);
      }
      case 'configs':
      case 'config': {
        const name = firstName();
        if (name === undefined) return () => fail('configs needs a name');
        const nav = this.nav(segs.slice(1));
        return (env) => nav(keyedValue(env.ctx.configValue(name), `config '${name}'`), env);
      }
      case 'props':
      case 'properties':
        return this.properties(segs);
      case 'params':
        return this.params(segs);
      default:
        return () => fail(`unknown name '${n.root}'`);
    }
  }

  private properties(segs: readonly JsonPathSegment[]): Fn {
    // a Java object a property holds (an exception) is its toString() to an expression
    const javaText = (v: unknown): unknown => (v instanceof String ? v.toString() : v);
    const scopeSeg = segs[0];
    const scopeName = scopeSeg?.kind === 'name' ? scopeSeg.name : undefined;
    const known = scopeName === 'synapse' || scopeName === 'axis2';
    const scope = scopeName === 'axis2' ? 'axis2' : 'default';
    const nameSegs = known ? segs.slice(1) : segs;
    // the property name: a bracketed string, or dotted names (uri.var.id) taken as long as a property exists
    const s0 = nameSegs[0];
    if (s0 && s0.kind === 'index' && s0.indexes.length === 1 && typeof s0.indexes[0] === 'string') {
      const name = s0.indexes[0];
      const nav = this.nav(nameSegs.slice(1));
      return (env) => nav(keyedValue(javaText(env.ctx.getProperty(name, scope)), `property '${name}'`), env);
    }
    let dotted = 0;
    while (dotted < nameSegs.length && nameSegs[dotted]!.kind === 'name' && !nameSegs[dotted]!.deep) dotted++;
    if (dotted === 0) return () => fail('props needs a property name');
    const names = nameSegs.slice(0, dotted).map((s) => (s as { name: string }).name);
    const navs = names.map((_, i) => this.nav(nameSegs.slice(i + 1)));
    return (env) => {
      for (let k = names.length; k >= 1; k--) {
        const v = env.ctx.getProperty(names.slice(0, k).join('.'), scope);
        if (v !== undefined && v !== null) return navs[k - 1]!(keyedValue(javaText(v), 'property'), env);
      }
      return fail(`property '${names.join('.')}' is not set`);
    };
  }

  private params(segs: readonly JsonPathSegment[]): Fn {
    const kind = segs[0]?.kind === 'name' ? segs[0].name : undefined;
    const s1 = segs[1];
    const name =
      s1 &&
      (s1.kind === 'name'
        ? s1.name
        : s1.kind === 'index' && typeof s1.indexes[0] === 'string'
          ? s1.indexes[0]
          : undefined);
    if (!kind || name === undefined)
      return () => fail('params needs a kind and a name (params.queryParams.x)');
    const nav = this.nav(segs.slice(2));
    switch (kind) {
      case 'pathParams':
      case 'uriParams':
        return (env) => nav(keyedValue(env.ctx.uriVar(name), `path parameter '${name}'`), env);
      case 'queryParams':
        return (env) => nav(keyedValue(env.ctx.queryParam(name), `query parameter '${name}'`), env);
      case 'functionParams':
        return (env) => nav(keyedValue(env.ctx.funcParam(name), `function parameter '${name}'`), env);
      default:
        return () => fail(`unknown parameter kind '${kind}'`);
    }
  }

  // ---------------------------------------------------------------- functions

  private call(n: SynapseCall): Fn {
    // every argument must have a value (MI refuses null arguments), except for exists()
    const args = n.args.map((a) => {
      const f = this.compile(a);
      if (n.name === 'exists') return f;
      const name = n.name;
      // PredefinedFunctionNode reads a text argument through asString(): a Java String (a header, property, joined
      // text, function result) loses one pair of surrounding quotes
      const java = javaStringNode(a);
      return (env: Env): unknown => {
        const v = f(env);
        if (v === undefined || v === null) fail(`${name}() got no value for an argument`);
        return java ? unquoted(v) : v;
      };
    });
    const a0 = args[0]!;
    const a1 = args[1]!;
    const a2 = args[2]!;
    const what = `${n.name}()`;
    const s = (f: Fn, env: Env): string => needString(f(env), what);
    const num = (f: Fn, env: Env): number => toNumber(f(env), what);
    // PredefinedFunctionNode's math functions take an int or a double (isInteger/isDouble), never a long; abs, ceil,
    // floor, round, sqrt and log(x) take an int's asInt(), pow and log(x, base) asDouble()
    const mathNum = (f: Fn, env: Env, double = false): number => {
      const v = f(env);
      if (isLongValue(v)) fail(`${what} takes an int or a double, not the long ${String(v)}`);
      const x = toNumber(v, what);
      return double ? x : asInt(v, x);
    };
    const int = (f: Fn, env: Env): number => needInt(f(env), what);
    switch (n.name) {
      case 'length':
        return (env) => {
          const v = a0(env);
          if (typeof v === 'string' || Array.isArray(v)) return v.length;
          return fail(`length() needs a string or an array, got ${describe(v)}`);
        };
      // a string, or any JSON primitive read from the payload or a variable; a number or boolean that the
      // expression made (a literal, arithmetic, a function, a typed header or property) is refused, as MI does
      case 'toUpper':
      case 'toLower': {
        const upper = n.name === 'toUpper';
        const anyScalar = readsJson(n.args[0]);
        return (env) => {
          const v = a0(env);
          // a string, or a JSON primitive (never a JSON object or array: handleToUpperFunction's isJsonPrimitive)
          if ((!anyScalar && typeof v !== 'string' && !isNode(v)) || Array.isArray(v) || isPlainObject(v))
            fail(`Invalid argument provided for ${n.name} function: ${describe(v)}`);
          const t = toStr(v, what);
          return upper ? t.toUpperCase() : t.toLowerCase();
        };
      }
      case 'subString':
        return (env) => {
          const str = s(a0, env);
          const b = int(a1, env);
          const e = args.length > 2 ? int(a2, env) : str.length;
          if (b < 0 || e > str.length || b > e) fail(`subString(): range ${b}..${e} is outside '${str}'`);
          return str.substring(b, e);
        };
      case 'startsWith':
        return (env) => s(a0, env).startsWith(s(a1, env));
      case 'endsWith':
        return (env) => s(a0, env).endsWith(s(a1, env));
      case 'contains':
        return (env) => s(a0, env).includes(s(a1, env));
      case 'trim':
        // Java's String.trim: characters up to U+0020 only (a no-break space stays)
        return (env) => s(a0, env).replace(JAVA_TRIM, '');
      case 'replace':
        // String.replace(target, replacement): an empty target is found before each char and at the end
        return (env) => {
          const str = s(a0, env);
          const target = s(a1, env);
          const by = s(a2, env);
          return target === '' ? by + str.split('').join(by) + (str ? by : '') : str.split(target).join(by);
        };
      case 'split':
        return (env) => javaSplit(s(a0, env), s(a1, env));
      case 'charAt':
        return (env) => {
          const str = s(a0, env);
          const i = int(a1, env);
          if (i < 0 || i >= str.length) fail(`charAt(): index ${i} outside '${str}'`);
          return str[i];
        };
      case 'indexOf':
        return (env) => s(a0, env).indexOf(s(a1, env), args.length > 2 ? int(a2, env) : 0);
      // abs, ceil, floor keep an int an int; on a double they give a double (floor(5.9) is 5.0)
      case 'abs':
      case 'ceil':
      case 'floor': {
        const f = n.name === 'abs' ? Math.abs : n.name === 'ceil' ? Math.ceil : Math.floor;
        return (env) => {
          const v = a0(env);
          const x = mathNum(() => v, env);
          // (an int first: a JSON number of an array whose text is an int gives an int; Math.abs(int) of
          // Integer.MIN_VALUE is itself)
          return isJavaDouble(v) && !isLazyInt(v) ? javaDouble(f(x)) : x === -2147483648 ? x : f(x);
        };
      }
      // sqrt, log, pow always give a double; log(x) is the base-10 logarithm (Math.log10), log(x, b) any base
      case 'sqrt':
        return (env) => javaDouble(Math.sqrt(mathNum(a0, env)));
      case 'log':
        return (env) =>
          javaDouble(
            args.length > 1
              ? Math.log(mathNum(a0, env, true)) / Math.log(mathNum(a1, env, true))
              : Math.log10(mathNum(a0, env)),
          );
      case 'pow':
        return (env) => javaDouble(Math.pow(mathNum(a0, env, true), mathNum(a1, env, true)));
      case 'round':
        return (env) => {
          const v = a0(env);
          // round(double) is (int) Math.round(d): the long cut to 32 bits; round(int) is the int
          if (args.length < 2) return javaRoundToInt(mathNum(() => v, env));
          // both arguments are evaluated first and must have a value (handleDoubleArgumentFunctions)
          const places = a1(env);
          if (places === undefined || places === null) fail('round() needs the number of decimals');
          const x = num(() => v, env);
          // round(x, d) hands an int or a long back as it is (handleRoundFunction(result, decimalPlaces))
          if (!isJavaDouble(v)) return isLongValue(v) ? v : x;
          const d = needInt(places, what);
          if (d <= 0) fail('round(): the number of decimals must be positive');
          return javaDouble(decimalRound(decimalOf(x, true), d));
        };
      case 'base64encode':
        return (env) =>
          javaGetBytes(s(a0, env), checkedCharset(args.length > 1 ? s(a1, env) : undefined)).toString(
            'base64',
          );
      case 'base64decode':
        return (env) => javaDecodeBytes(javaBase64Decode(s(a0, env)));
      case 'urlEncode':
        // URLEncoder, then %20 for spaces and %2A for '*' (with a charset argument, only when it is written "UTF-8")
        return (env) => {
          const text = s(a0, env);
          const cs = args.length > 1 ? s(a1, env) : undefined;
          charset(cs);
          const encoded = javaUrlEncode(text, cs);
          return cs === undefined || cs === 'UTF-8'
            ? encoded.replace(/\+/g, '%20').replace(/\*/g, '%2A')
            : encoded;
        };
      case 'urlDecode':
        return (env) => javaUrlDecode(s(a0, env));
      case 'isNumber':
        // isInteger() || isDouble(): a long is not a number here
        return (env) => {
          const v = a0(env);
          return numericValue(v) !== undefined && !isLongValue(v);
        };
      case 'isString':
        return (env) => typeof a0(env) === 'string';
      case 'isArray':
        return (env) => {
          const v = a0(env);
          return Array.isArray(v) || isJsonText(v, '[');
        };
      case 'isObject':
        return (env) => {
          const v = a0(env);
          return isPlainObject(v) || isJsonText(v, '{');
        };
      case 'integer':
        return (env) => {
          const v = a0(env);
          if (typeof v === 'number' && Number.isInteger(v) && !isLong(v)) return v;
          if (v instanceof JsonIntLong) return asInt(v, 0);
          const t = toStr(v, what);
          // Integer.parseInt: a sign and digits (of any script)
          const w = javaWholeText(t);
          const x = w === undefined ? NaN : Number(w);
          if (!Number.isInteger(x) || x > 2147483647 || x < -2147483648)
            fail(`integer() cannot convert '${t}'`);
          return x;
        };
      case 'float':
        // a double (float(-34) is -34.0)
        return (env) => {
          const v = a0(env);
          const x = numericValue(v);
          if (x !== undefined) return javaDouble(x);
          // Double.parseDouble: NaN and Infinity too
          const t = toStr(v, what);
          const d = javaParseDouble(t);
          if (d === undefined) fail(`float() cannot convert '${t.trim()}'`);
          return javaDouble(d);
        };
      case 'string':
        return (env) => toStr(a0(env), what);
      case 'boolean':
        return (env) => {
          const v = a0(env);
          if (typeof v === 'boolean') return v;
          return toStr(v, what).toLowerCase() === 'true';
        };
      case 'object':
      case 'array':
        return (env) => {
          const a = a0(env);
          const v = typeof a === 'string' ? jsonOfText(a) : a;
          const ok = n.name === 'object' ? isPlainObject(v) : Array.isArray(v);
          if (!ok)
            fail(
              `${n.name}() needs JSON ${n.name === 'object' ? 'object' : 'array'} text, got ${describe(v)}`,
            );
          return v;
        };
      case 'now':
        return (env) => env.ctx.now();
      case 'formatDateTime':
        return (env) => {
          try {
            // MI parses into a LocalDateTime, else a LocalDate, else a LocalTime, and prints that with
            // java.time: no zone to print, no time of a date-only value, no date of a time-only one
            if (args.length > 2) {
              const inFormat = s(a1, env);
              const outFormat = s(a2, env);
              const value = parseJavaTime(s(a0, env), inFormat);
              const to = patternFields(outFormat);
              if (to.zone) fail('formatDateTime(): a local date-time has no zone to print');
              if (to.time && value.kind === 'date') fail('formatDateTime(): the value has no time to print');
              if (to.date && value.kind === 'time') fail('formatDateTime(): the value has no date to print');
              return formatJavaDate(value.date, outFormat, true, value.nanos);
            }
            // two arguments: epoch milliseconds, printed as a local date-time
            const outFormat = s(a1, env);
            if (patternFields(outFormat).zone)
              fail('formatDateTime(): a local date-time has no zone to print');
            return formatJavaDate(new Date(num(a0, env)), outFormat, true);
          } catch (e) {
            // a date that does not match its pattern, an unknown pattern letter: no value, as in MI
            if (e instanceof SynapseEvalFailure) throw e;
            return fail(`formatDateTime(): ${(e as Error).message}`);
          }
        };
      case 'exists':
        // a path that is missing, or holds JSON null, does not exist
        return (env) => {
          try {
            const v = a0(env);
            return v !== undefined && v !== null;
          } catch (e) {
            if (e instanceof SynapseEvalFailure) return false;
            throw e;
          }
        };
      case 'not':
        return (env) => !toBool(a0(env), 'not()');
      case 'xpath':
        return this.xpathCall(n, args);
      case 'registry':
        if (args.length > 1)
          // registry(path, key): a property of the resource, as registry(path).property(key)
          return (env) => {
            const v = registryResourceProperty(env.ctx, s(a0, env), s(a1, env));
            if (v === undefined) fail(`no property '${s(a1, env)}' on registry resource '${s(a0, env)}'`);
            return v;
          };
        // the resource as MI gives it (its text); a path after the call reads it as JSON
        return (env) => {
          const path = s(a0, env);
          if (!env.ctx.registryResource) fail('the registry is not available');
          const v = env.ctx.registryResource(path);
          if (v === undefined || v === null) fail(`no registry resource '${path}'`);
          return v;
        };
      case 'wso2-vault':
      case 'secret':
        return (env) => {
          const alias = s(a0, env);
          const v = env.ctx.secret?.(alias);
          if (v === undefined) fail(`no secret '${alias}' in the vault`);
          return v;
        };
      case 'hashicorp-vault':
        return (env) => {
          const xs = args.map((f) => s(f, env));
          const v =
            xs.length === 3
              ? env.ctx.hashicorpSecret?.(xs[1]!, xs[2]!, xs[0])
              : env.ctx.hashicorpSecret?.(xs[0]!, xs[1]!);
          if (v === undefined) fail('HashiCorp Vault secret not available');
          return v;
        };
      default:
        return () => fail(`unknown function ${n.name}()`);
    }
  }

  private xpathCall(n: SynapseCall, args: Fn[]): Fn {
    // xpath('expr') runs on the message; xpath('expr', 'name') runs `$var:name` + expr, as MI does;
    // xpath('expr', 'name.field') runs expr on the XML element held in that field of a map variable (a connector
    // response: 'resp.payload'), with the element's document as the root
    const literal = (i: number): string | undefined => {
      const a = n.args[i];
      return a && a.type === 'se-literal' && typeof a.value === 'string' ? a.value : undefined;
    };
    const ns = this.options.namespaces ?? {};
    const FIELD_VAR = '__synapse_xpath_field';
    const textOf = (exprText: string, varName: string | undefined): string =>
      varName === undefined ? exprText : `$var:${varName.includes('.') ? FIELD_VAR : varName}${exprText}`;
    const v0 = literal(0);
    const v1 = literal(1);
    const fixedText = n.args.length === 1 ? v0 : v0 !== undefined && v1 ? textOf(v0, v1) : undefined;
    let fixed: CompiledXPath | undefined;
    let fixedError: string | undefined;
    if (fixedText !== undefined) {
      try {
        fixed = compileXPath(fixedText, ns);
      } catch (e) {
        // xpath('expr') alone is checked when the configuration loads; with a variable, MI builds the text
        // `$var:name` + expr at run time, so a bad combination only gives no value
        if (n.args.length === 1) throw e;
        fixedError = (e as Error).message;
      }
    }
    const cache = new Map<string, CompiledXPath>();
    const compiled = (text: string): CompiledXPath => {
      if (fixed) return fixed;
      if (fixedError !== undefined) return fail(`xpath(): ${fixedError}`);
      let c = cache.get(text);
      if (!c) {
        if (cache.size > 64) cache.clear();
        try {
          c = compileXPath(text, ns);
        } catch (e) {
          // a computed XPath text that does not compile: no value, as MI's JaxenException
          return fail(`xpath(): ${(e as Error).message}`);
        }
        cache.set(text, c);
      }
      return c;
    };
    const withVariable = (base: EvalContext, name: string, value: unknown): EvalContext => {
      const ctx = Object.create(base) as EvalContext;
      Object.assign(ctx, { variable: (x: string) => (x === name ? value : base.variable(x)) });
      return ctx;
    };
    if (args.length === 1) {
      // a literal XPath reads the payload only if it touches the message (xpath('$ctx:x') does not)
      if (!fixed || fixed.payloadAware) this.payloadAware = true;
      return (env) => xpathResult(compiled(fixedText ?? needString(args[0]!(env), 'xpath()')).run(env.ctx));
    }
    return (env) => {
      const exprText = needString(args[0]!(env), 'xpath()');
      const varName = needString(args[1]!(env), 'xpath()');
      if (varName === '') fail('xpath() needs a variable name');
      const dot = varName.indexOf('.');
      if (dot >= 0) {
        const baseName = varName.slice(0, dot);
        const field = varName.slice(dot + 1);
        const holder = env.ctx.variable(baseName);
        if (holder === undefined || holder === null) fail(`variable '${baseName}' is not defined`);
        const fv =
          holder instanceof Map
            ? (holder.get(field) as unknown)
            : isPlainObject(holder)
              ? holder[field]
              : fail(`variable '${baseName}' is not a map`);
        if (!isNode(fv) || fv.nodeType !== 1) fail(`field '${field}' of variable '${baseName}' is not XML`);
        const doc = xmlDocumentOf(fv);
        return xpathResult(compiled(textOf(exprText, varName)).run(withVariable(env.ctx, FIELD_VAR, doc)));
      }
      const v = env.ctx.variable(varName);
      if (v === undefined) fail(`variable '${varName}' is not set`);
      // an XML variable kept as text: give the XPath its element
      const ctx =
        typeof v === 'string' ? withVariable(env.ctx, varName, xmlDocumentOf(v).documentElement) : env.ctx;
      return xpathResult(compiled(textOf(exprText, varName)).run(ctx));
    };
  }
}

function describePath(root: string, segs: readonly JsonPathSegment[]): string {
  return (
    root +
    segs
      .map((x) =>
        x.kind === 'name'
          ? `${x.deep ? '..' : '.'}${x.name}`
          : x.kind === 'index'
            ? `[${x.indexes.join(',')}]`
            : x.kind === 'method'
              ? `.${x.name}()`
              : '[...]',
      )
      .join('')
  );
}

/** A path of plain names and single indexes (the common case) walked without the general navigator. */
export function directPath(segments: readonly JsonPathSegment[]): ((v: unknown) => unknown) | undefined {
  const keys: Array<string | number> = [];
  for (const s of segments) {
    if (s.deep) return undefined;
    if (s.kind === 'name') keys.push(s.name);
    else if (s.kind === 'index' && s.indexes.length === 1) keys.push(s.indexes[0]!);
    else return undefined;
  }
  return (v) => {
    let cur = v;
    for (const k of keys) {
      if (typeof k === 'number') {
        if (!Array.isArray(cur)) return undefined;
        cur = jsonAt(cur, k < 0 ? cur.length + k : k);
      } else if (isPlainObject(cur)) {
        if (!Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
        cur = jsonAt(cur, k);
      } else if (cur instanceof Map) cur = cur.get(k);
      else return undefined;
      if (cur === undefined) return undefined;
    }
    return cur;
  };
}

function xmlDocumentOf(v: unknown): slimdom.Document {
  if (isNode(v)) {
    if (v.nodeType === 9) return v as slimdom.Document;
    if (v.ownerDocument && v.ownerDocument.documentElement === v) return v.ownerDocument;
    const doc = new slimdom.Document();
    doc.appendChild(doc.importNode(v, true));
    return doc;
  }
  if (typeof v === 'string') return parseXmlPayload(v);
  return fail('xpath() needs an XML variable');
}

/** XPath results as Synapse-expression values: structured elements stay XML, everything else becomes text. */
function xpathResult(seq: unknown[]): unknown {
  if (seq.length === 0) return undefined;
  if (seq.length === 1 && !isNode(seq[0])) return unmarkItem(seq[0]);
  const structuredEls = seq.every((n) => isNode(n) && n.nodeType === 1 && ownTextBlank(n));
  if (structuredEls) return seq.length === 1 ? seq[0] : seq;
  return synapseXPathString(seq);
}

function ownTextBlank(n: slimdom.Node): boolean {
  for (let c = n.firstChild; c; c = c.nextSibling)
    if ((c.nodeType === 3 || c.nodeType === 4) && (c as slimdom.Text).data.trim() !== '') return false;
  return true;
}
