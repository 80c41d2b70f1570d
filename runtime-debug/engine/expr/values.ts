/**
 * Value conversions: XPath 1.0 (string(), number(), boolean(), comparisons) over fontoxpath's JS values,
 * Synapse's `stringValueOf` for XPath results, and the string form of Synapse-expression values.
 */
import type * as slimdom from 'slimdom';
import { markEnvelopeComplete, markEnvelopeDocument, serializeXml } from '../xml/serialize';

export function isNode(v: unknown): v is slimdom.Node {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { nodeType?: unknown }).nodeType === 'number' &&
    'ownerDocument' in (v as object)
  );
}

/** XPath string-value of a node. */
export function nodeStringValue(n: slimdom.Node): string {
  switch (n.nodeType) {
    case 2:
      return (n as slimdom.Attr).value;
    case 3:
    case 4:
    case 7:
    case 8:
      return (n as slimdom.CharacterData).data;
    default: {
      // element, document, fragment: concatenated descendant text
      let s = '';
      const walk = (p: slimdom.Node): void => {
        for (let c = p.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === 3 || c.nodeType === 4) s += (c as slimdom.Text).data;
          else if (c.nodeType === 1) walk(c);
        }
      };
      walk(n);
      return s;
    }
  }
}

/**
 * XPath 1.0 number → string as Jaxen's StringFunction writes it (MI's string(), concat(), comparisons of strings):
 * 0 (and -0) is "0", NaN and ±Infinity by name, every other number through a DecimalFormat of Locale.ENGLISH without
 * grouping and with at most 32 fraction digits (rounded half-even): never an exponent, 1e21 is
 * "1000000000000000000000", 1e-40 rounds to "0" ("-0" when negative).
 */
export function xp1NumberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return '0';
  const neg = n < 0;
  // the shortest digits of the double (what Java's FloatingDecimal gives DecimalFormat) and the decimal exponent
  const [mant, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const e = Number(exp);
  // digits[0] sits at 10^e: the integer part has e + 1 digits when e >= 0
  let int: string;
  let frac: string;
  if (e >= 0) {
    int = digits.slice(0, e + 1).padEnd(e + 1, '0');
    frac = digits.slice(e + 1);
  } else {
    int = '0';
    frac = '0'.repeat(-e - 1) + digits;
  }
  if (frac.length > 32) {
    // HALF_EVEN at the 32nd fraction digit
    const kept = frac.slice(0, 32);
    const rest = frac.slice(32);
    const first = rest.charCodeAt(0) - 48;
    const beyond = /[1-9]/.test(rest.slice(1));
    const last = kept.length ? kept.charCodeAt(kept.length - 1) - 48 : int.charCodeAt(int.length - 1) - 48;
    const up = first > 5 || (first === 5 && (beyond || last % 2 === 1));
    let all = int + kept;
    if (up) {
      const arr = all.split('').map(Number);
      let i = arr.length - 1;
      while (i >= 0) {
        if (arr[i] === 9) {
          arr[i] = 0;
          i--;
        } else {
          arr[i]!++;
          break;
        }
      }
      all = (i < 0 ? '1' : '') + arr.join('');
    }
    int = all.slice(0, all.length - 32);
    frac = all.slice(all.length - 32);
  }
  frac = frac.replace(/0+$/, '');
  int = int.replace(/^0+(?=\d)/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Java's Double.toString, which is what Synapse prints for a numeric XPath result (`count(//a)` → "3.0"). */
export function javaDoubleToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [m0, e0] = twoDigitRule(n, n.toExponential(), (x) => x).split('e') as [string, string];
  const m = m0.includes('.') ? m0 : `${m0}.0`;
  return `${m}E${e0.startsWith('+') ? e0.slice(1) : e0}`;
}

/**
 * Java's Double/Float.toString (JDK 19 and later) picks the shortest decimal that reads back as the value, as
 * JavaScript does, except that when one digit is enough it takes the two-digit decimal closest to the value:
 * Double.MIN_VALUE is 4.9E-324 (JavaScript: 5e-324), Float.MIN_VALUE 1.4E-45. `exp` is the shortest form in
 * exponent notation, `round` reads a decimal back (Math.fround for a float).
 */
function twoDigitRule(n: number, exp: string, round: (x: number) => number): string {
  if (!/^-?\de/.test(exp)) return exp;
  const two = n.toExponential(1);
  return round(Number(two)) === n ? two.replace(/\.0e/, 'e') : exp;
}

/** Axis2 JavaUtils.isTrueExplicitly(Object): a Boolean, a non-zero number, or "true", "yes" (any case) or "1". */
export function isTrueExplicitly(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return typeof v === 'string' && /^(true|yes|1)$/i.test(v);
}

/** The text Java's Double.parseDouble reads: trimmed, NaN, Infinity, 1e3, .5, a d/f suffix. */
export const JAVA_DOUBLE_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/** Java's hexadecimal floating-point text (0x1.8p1): Double.parseDouble reads it too. */
const JAVA_HEX_DOUBLE_TEXT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/;

/** Java's String.trim(): every character up to U+0020 at either end (not the other Unicode spaces). */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Java's Double.parseDouble; undefined where Java throws NumberFormatException (an empty text among them). */
export function javaParseDouble(s: string): number | undefined {
  const t = javaTrim(s);
  if (JAVA_DOUBLE_TEXT.test(t)) return Number(t.replace(/[fFdD]$/, ''));
  const h = JAVA_HEX_DOUBLE_TEXT.exec(t);
  if (h && (h[2] || h[3])) {
    const mant = parseInt(`${h[2]}${h[3]}` || '0', 16);
    const v = mant * 2 ** (Number(h[4]) - 4 * h[3]!.length);
    return h[1] === '-' ? -v : v;
  }
  return undefined;
}

/**
 * Java's Float.parseFloat: the decimal rounded once, to the nearest float (reading it as a double first and then
 * rounding that to a float would round twice: 1.00000017881393432617187499 would be 1.0000002, not 1.0000001).
 */
export function javaParseFloat(s: string): number | undefined {
  const d = javaParseDouble(s);
  if (d === undefined || !Number.isFinite(d)) return d;
  const f = Math.fround(d);
  if (f === d) return f;
  // a double exactly halfway between two floats may come from a decimal that is not: compare the exact values
  const other = nextFloat(f, d > f);
  if (Math.abs(d - f) !== Math.abs(other - d)) return f;
  const m = /^[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?[fFdD]?$/.exec(
    s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ''),
  );
  if (!m) return f;
  const cmp = compareDecimal(m[1]! + m[2]!, Number(m[3] ?? 0) - m[2]!.length, Math.abs(d));
  if (cmp === 0) return f;
  // the decimal is beyond the halfway double (away from zero) or short of it
  return cmp > 0 === Math.abs(other) > Math.abs(f) ? other : f;
}

/** The float next to f, upwards or downwards. */
function nextFloat(f: number, up: boolean): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, f);
  if (f === 0) b.setInt32(0, up ? 1 : -2147483647);
  else b.setInt32(0, b.getInt32(0) + (f > 0 === up ? 1 : -1));
  return b.getFloat32(0);
}

/** Compares digits × 10^exp with the positive finite double x exactly: -1, 0 or 1. */
function compareDecimal(digits: string, exp: number, x: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)) | (e ? 1n << 52n : 0n);
  const e2 = (e || 1) - 1075;
  let l = BigInt(digits || '0');
  let r = mant;
  if (exp >= 0) l *= 10n ** BigInt(exp);
  else r *= 10n ** BigInt(-exp);
  if (e2 >= 0) r <<= BigInt(e2);
  else l <<= BigInt(-e2);
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * A double computed by a Synapse expression (a literal like `2.5`, arithmetic with a double, sqrt, float()...).
 * MI keeps int and double apart (`5.5 - 3.5` is the double 2.0 and prints "2.0", `4 - 2` is the int 2) and prints a
 * computed double with Java's Double.toString; a JS number cannot say which it is. Numbers read from a JSON payload
 * stay plain (MI prints them as written). This Number subclass keeps arithmetic (valueOf), JSON.stringify (a
 * number) and String() ("2.0") working wherever the value goes.
 */
export class JavaDouble extends Number {
  override toString(): string {
    return javaDoubleToString(this.valueOf());
  }
  toJSON(): number {
    return this.valueOf();
  }
}

/**
 * A Java Float (a property of type FLOAT): the value rounded to single precision, printed as Java's
 * Float.toString does (the shortest decimal that reads back as the same float: 16777217 -> 1.6777216E7).
 */
export class JavaFloat extends JavaDouble {
  constructor(n: number) {
    super(Math.fround(n));
  }
  override toString(): string {
    const f = this.valueOf();
    if (!Number.isFinite(f) || f === 0) return javaDoubleToString(f);
    let shortest = f;
    for (let p = 1; p <= 9; p++) {
      const c = Number(f.toPrecision(p));
      if (Math.fround(c) === f) {
        // (one digit: the two-digit decimal nearest the float when it reads back too, as Java takes it)
        shortest = p === 1 ? Number(twoDigitRule(f, c.toExponential(), Math.fround)) : c;
        break;
      }
    }
    return javaDoubleToString(shortest);
  }
}

/**
 * A Java long that a JavaScript number cannot hold exactly (beyond 2^53): literals, typed values and results of
 * long arithmetic in `${...}`, and integers read from JSON with their digits. MI computes with longs (wrapping at
 * 64 bits), compares through doubles and prints the digits: valueOf() is the nearest double (comparisons and other
 * numeric code keep working), toString() and JSON writing give the exact digits.
 */
export class JavaLong extends Number {
  constructor(readonly big: bigint) {
    super(Number(big));
  }
  override toString(): string {
    return this.big.toString();
  }
  toJSON(): number {
    return rawJsonNumber(this.big.toString()) ?? this.valueOf();
  }
}

/**
 * A JSON string held by a property of type JSON: MI's property mediator keeps a Gson JsonPrimitive there
 * (PropertyMediator.buildJSONElement), and whatever prints the property object prints JsonElement.toString(), the
 * string with its quotes (`$ctx:x`, get-property, `${props.x}`, a log property, enrich into XML). toString() gives
 * that text; JSON writing (toJSON) and valueOf() give the string itself, as a JSON enrich takes the element.
 */
export class JsonString extends String {
  override toString(): string {
    return JSON.stringify(this.valueOf());
  }
  toJSON(): string {
    return this.valueOf();
  }
}

/**
 * JSON null held by a property of type JSON (MI: Gson's JsonNull.INSTANCE, a value, not Java null): printed `null`
 * wherever MI prints JsonElement.toString(); written as JSON null.
 */
export class JsonNull {
  toString(): string {
    return 'null';
  }
  toJSON(): null {
    return null;
  }
}
export const JSON_NULL: JsonNull = Object.freeze(new JsonNull());

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Whether an integer fits in a Java long. */
export function fitsLong(b: bigint): boolean {
  return b >= LONG_MIN && b <= LONG_MAX;
}

/** A long result as MI holds it (wrapped to 64 bits as Java's long arithmetic): a plain number while exact. */
export function javaLong(b: bigint): number | JavaLong {
  const w = BigInt.asIntN(64, b);
  const n = Number(w);
  return Number.isSafeInteger(n) ? n : new JavaLong(w);
}

/** The integer text of a long (plain number or JavaLong) as a bigint; undefined for anything else. */
export function bigOf(v: unknown): bigint | undefined {
  if (v instanceof JavaLong) return v.big;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

const MARK = '\u0000';
const MARKED = /"\\u0000(\d+)\\u0000"/g;
let writing = false;
let written: string[] = [];

/**
 * While stringifyJson runs: a placeholder that it replaces by `text` (a number written as it came, 10.0); else
 * undefined. For toJSON() of numbers that keep their text (jsonNumber.ts JsonDecimal).
 */
export function rawJsonNumber(text: string): number | undefined {
  if (!writing) return undefined;
  written.push(text);
  return `${MARK}${written.length - 1}${MARK}` as unknown as number;
}

/**
 * The text JSON numbers came with where JavaScript writes them otherwise (10.0, 12.50), by the object or array
 * holding them and the key: the parsed JSON stays plain JavaScript values (every mediator reads it as usual) and
 * the text is written back by stringifyJson, read by the JSONPath navigator and JSON -> XML. Empty (and never
 * consulted) until a payload with such a number is read.
 */
const numberTexts = new WeakMap<object, Map<string, string>>();
let numberTextsUsed = false;

/** Records that holder[key] was written `text` in the JSON it was read from. */
export function recordNumberText(holder: object, key: string | number, text: string): void {
  numberTextsUsed = true;
  let m = numberTexts.get(holder);
  if (!m) numberTexts.set(holder, (m = new Map()));
  m.set(String(key), text);
}

/** The text holder[key] came with (10.0), when it still holds that number; else undefined. */
export function numberTextAt(holder: object, key: string | number, value: unknown): string | undefined {
  if (!numberTextsUsed || typeof value !== 'number') return undefined;
  const t = numberTexts.get(holder)?.get(String(key));
  return t !== undefined && Number(t) === value ? t : undefined;
}

/** Gives `to` (a copy of `from`) the number texts of `from`. */
export function copyNumberTexts(from: object, to: object): void {
  if (!numberTextsUsed) return;
  const m = numberTexts.get(from);
  if (m) numberTexts.set(to, new Map(m));
}

/**
 * The order the members of an object came in, for objects whose names look like array indexes ("1", "20"):
 * JavaScript lists such names first, in numeric order, whatever order they were written in, while MI (Gson's
 * LinkedTreeMap, the JSON stream) keeps the order of the text. Recorded only for such objects when JSON is read
 * (jsonNumber.ts parseJsonText); empty and never consulted otherwise.
 */
const keyOrders = new WeakMap<object, string[]>();
let keyOrdersUsed = false;

/** Records the order `keys` of the members of `holder` (names as written, first occurrence first). */
export function recordKeyOrder(holder: object, keys: string[]): void {
  keyOrdersUsed = true;
  keyOrders.set(holder, keys);
}

/**
 * The names of an object's members in the order MI keeps: the recorded order of those still there, then members
 * added since (in JavaScript's order); Object.keys when nothing was recorded.
 */
export function orderedKeys(o: object): string[] {
  const keys = Object.keys(o);
  if (!keyOrdersUsed) return keys;
  const order = keyOrders.get(o);
  if (!order) return keys;
  const present = new Set(keys);
  const out = order.filter((k) => present.has(k));
  if (out.length !== keys.length) {
    const seen = new Set(out);
    for (const k of keys) if (!seen.has(k)) out.push(k);
  }
  return out;
}

/**
 * The members of an object as MI's JSON writer writes them when a name comes more than once (XML -> JSON: staxon
 * writes a repeated element that does not follow itself, or any repeat without auto arrays, as the same name again):
 * stringifyJson writes these, duplicate names and all, in place of the object's own members.
 */
const entryLists = new WeakMap<object, [string, unknown][]>();

/** Records the members `holder` is written with (see entryLists). */
export function recordEntries(holder: object, entries: [string, unknown][]): void {
  keyOrdersUsed = true;
  entryLists.set(holder, entries);
}

/** Gives `to` (a copy of `from`) the member order of `from`. */
export function copyKeyOrder(from: object, to: object): void {
  if (!keyOrdersUsed) return;
  const order = keyOrders.get(from);
  if (order) keyOrders.set(to, order);
}

function keepNumberText(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === 'number' && this !== null && typeof this === 'object') {
    const t = numberTexts.get(this)?.get(key);
    if (t !== undefined && Number(t) === value) return rawJsonNumber(t);
  }
  return value;
}

/** keepNumberText, and objects with a recorded member order written in that order. */
function keepTextAndOrder(this: unknown, key: string, value: unknown): unknown {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (keyOrders.has(value) || entryLists.has(value))
  )
    return rawJsonNumber(orderedObjectText(value));
  return keepNumberText.call(this, key, value);
}

/** The JSON text of an object with a recorded member order (compact), its markers already resolved. */
function orderedObjectText(o: object): string {
  const rec = o as Record<string, unknown>;
  let s = '';
  const entries = entryLists.get(o);
  if (entries) {
    for (const [k, v] of entries) {
      const inner = JSON.stringify(v, keepTextAndOrder) as string | undefined;
      if (inner !== undefined) s += `${s ? ',' : ''}${JSON.stringify(k)}:${resolveMarks(inner)}`;
    }
    return `{${s}}`;
  }
  for (const k of orderedKeys(o)) {
    const v = rec[k];
    let text: string | undefined;
    if (typeof v === 'number') {
      const t = numberTextAt(o, k, v);
      text = t ?? JSON.stringify(v);
    } else {
      const inner = JSON.stringify(v, keepTextAndOrder) as string | undefined;
      text = inner === undefined ? undefined : resolveMarks(inner);
    }
    if (text === undefined) continue; // undefined and functions are left out, as JSON.stringify does
    s += `${s ? ',' : ''}${JSON.stringify(k)}:${text}`;
  }
  return `{${s}}`;
}

function resolveMarks(s: string): string {
  if (written.length === 0) return s;
  const texts = written;
  return s.replace(MARKED, (m, i: string) => texts[Number(i)] ?? m);
}

/**
 * JSON.stringify, writing numbers that keep their text (JsonDecimal: 10.0, 12.50) as that text, and objects whose
 * member order was recorded (names like "1", "20") in that order.
 */
export function stringifyJson(v: unknown, indent?: number): string {
  if (writing) return JSON.stringify(v, null, indent);
  writing = true;
  written = [];
  try {
    const s = (
      keyOrdersUsed
        ? JSON.stringify(v, keepTextAndOrder, indent)
        : numberTextsUsed
          ? JSON.stringify(v, keepNumberText, indent)
          : JSON.stringify(v, null, indent)
    ) as string | undefined;
    if (s === undefined || written.length === 0) return s as string;
    return resolveMarks(s);
  } finally {
    writing = false;
    written = [];
  }
}

/** A computed double as MI holds it (see JavaDouble). */
export function javaDouble(n: number): JavaDouble {
  return new JavaDouble(n);
}

/** A number of either kind, or undefined. */
export function numericValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof JavaDouble || v instanceof JavaLong) return v.valueOf();
  return undefined;
}

/** Whether MI would type the value as a double (a non-integral number, an integral JavaDouble, NaN, Infinity). */
export function isJavaDouble(v: unknown): boolean {
  return v instanceof JavaDouble || (typeof v === 'number' && !Number.isInteger(v));
}

/**
 * A property value Jaxen sees as a java.lang.Number (SynapseXPathVariableContext and GetPropertyFunction hand the
 * object as it is): an item of the XPath is a typed item, an object with one key (JAVA_NUMBER_KEY) holding `i` for
 * an Integer, Short or Long, `f` for a Float or `d` for a Double, then the text Java's toString() gives it (what
 * stringValueOf prints). fontoxpath carries it as a map, which no XPath 1.0 expression and no message or property text can make
 * (an in-band marker character could: a client's text starting with it was read as a number). Jaxen's NumberFunction
 * knows only Double: another Number is NaN to number(), arithmetic and every comparison but one with a boolean
 * (`$ctx:n = 5` and `$ctx:n = '5'` are false, `!=` true); boolean() and string() read its double value (0 is false;
 * string() of a Float 0.0 is "0"); a predicate takes it as a position (intValue). XPath 2.0 functions (the DOM
 * failover) get it as the XPath 2.0 number JAXP makes of it (javaNumberXPath2Lexical).
 */
const JAVA_NUMBER_KEY = '\u0000javaNumber';

/** The typed item of a Java number property value (see JAVA_NUMBER_KEY), or undefined for any other value. */
export function javaNumberItem(v: unknown): object | undefined {
  if (typeof v === 'number') return { [JAVA_NUMBER_KEY]: `${Number.isInteger(v) ? 'i' : 'f'}${String(v)}` };
  if (v instanceof JavaLong) return { [JAVA_NUMBER_KEY]: `i${v.toString()}` };
  if (v instanceof JavaFloat) return { [JAVA_NUMBER_KEY]: `f${v.toString()}` };
  if (v instanceof JavaDouble) return { [JAVA_NUMBER_KEY]: `d${v.toString()}` };
  return undefined;
}

/** A Java number item: whether it is a Double, its double value and its Java text. */
function javaNumberOf(v: unknown): { double: boolean; d: number; text: string } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const k = (v as Record<string, unknown>)[JAVA_NUMBER_KEY];
  if (typeof k !== 'string') return undefined;
  const text = k.slice(1);
  return { double: k.charCodeAt(0) === 100, d: Number(text), text };
}

/** An item as a caller outside the XPath sees it: a Java number item as its Java text. */
export function unmarkItem(v: unknown): unknown {
  const j = javaNumberOf(v);
  return j ? j.text : v;
}

/**
 * A Java number item for XPath 2.0 (the DOM failover: JAXP hands Saxon the Number, an xs:integer for an Integer, Short
 * or Long, xs:float for a Float, xs:double for a Double): its kind (`i`, `f`, `d`) and XPath lexical form.
 */
export function javaNumberXPath2Lexical(v: unknown): string {
  const j = javaNumberOf(v);
  if (!j) return '';
  const kind = (v as Record<string, string>)[JAVA_NUMBER_KEY]!.charAt(0);
  if (kind === 'i') return `i${j.text}`;
  return `${kind}${Number.isFinite(j.d) ? j.text : Number.isNaN(j.d) ? 'NaN' : j.d > 0 ? 'INF' : '-INF'}`;
}

/** Jaxen's PredicateSet: a Number is a position (its intValue), anything else a boolean. */
export function jaxenPredicate(v: unknown, position: number): boolean {
  const s = asSeq(v);
  if (s.length === 1) {
    const f = s[0];
    const j = javaNumberOf(f);
    const n = j ? j.d : typeof f === 'number' ? f : undefined;
    if (n !== undefined) return position === javaIntValue(n);
  }
  return xp1Boolean(s);
}

/** Java's (int) of a double: NaN is 0, beyond the int range the bound, else truncated. */
function javaIntValue(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.trunc(Math.min(Math.max(n, -2147483648), 2147483647));
}

type Seq = unknown[];

function asSeq(v: unknown): Seq {
  return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
}

/** XPath 1.0 string() of a fontoxpath value or sequence (first node of a node-set). */
export function xp1String(v: unknown): string {
  const s = asSeq(v);
  if (s.length === 0) return '';
  const f = s[0];
  if (isNode(f)) return nodeStringValue(f);
  if (typeof f === 'string') return f;
  if (typeof f === 'number') return xp1NumberToString(f);
  const j = javaNumberOf(f);
  if (j) return xp1NumberToString(j.d);
  if (typeof f === 'boolean') return f ? 'true' : 'false';
  return String(f);
}

/**
 * A string as an XPath number, as MI's Jaxen reads it (NumberFunction: Double.valueOf, NaN where Java throws): so
 * beyond XPath 1.0's grammar also '+1', '1e3', '2.5d', 'Infinity', and Java's trim (control characters, not U+00A0).
 */
export function stringToNumber(s: string): number {
  return javaParseDouble(s) ?? NaN;
}

/** XPath 1.0 number(). */
export function xp1Number(v: unknown): number {
  const s = asSeq(v);
  if (s.length === 0) return NaN;
  const f = s[0];
  if (typeof f === 'number') return f;
  if (typeof f === 'boolean') return f ? 1 : 0;
  if (isNode(f)) return stringToNumber(nodeStringValue(f));
  const j = javaNumberOf(f);
  if (j) return j.double ? j.d : NaN;
  return stringToNumber(String(f));
}

/** XPath 1.0 boolean(). */
export function xp1Boolean(v: unknown): boolean {
  const s = asSeq(v);
  if (s.length === 0) return false;
  const f = s[0];
  if (isNode(f)) return true;
  if (s.length > 1) return true;
  if (typeof f === 'boolean') return f;
  if (typeof f === 'number') return f !== 0 && !Number.isNaN(f);
  if (typeof f === 'string') return f.length > 0;
  const j = javaNumberOf(f);
  if (j) return j.d !== 0 && !Number.isNaN(j.d);
  return f !== null && f !== undefined;
}

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A java.lang.Number other than a Double in a comparison: NaN to Jaxen's NumberFunction, its value to boolean(). */
class OtherNumber {
  constructor(readonly d: number) {}
}
type Atom = string | number | boolean | OtherNumber;

function cmpAtoms(op: Op, a: Atom, b: Atom): boolean {
  if (op === '=' || op === '!=') {
    let eq: boolean;
    if (typeof a === 'boolean' || typeof b === 'boolean') eq = toBool(a) === toBool(b);
    else if (
      typeof a === 'number' ||
      typeof b === 'number' ||
      a instanceof OtherNumber ||
      b instanceof OtherNumber
    )
      eq = toNum(a) === toNum(b);
    else eq = a === b;
    return op === '=' ? eq : !eq;
  }
  const x = toNum(a);
  const y = toNum(b);
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}
function toBool(a: Atom): boolean {
  if (a instanceof OtherNumber) return a.d !== 0 && !Number.isNaN(a.d);
  return typeof a === 'boolean' ? a : typeof a === 'number' ? a !== 0 && !Number.isNaN(a) : a.length > 0;
}
function toNum(a: Atom): number {
  if (a instanceof OtherNumber) return NaN;
  return typeof a === 'number' ? a : typeof a === 'boolean' ? (a ? 1 : 0) : stringToNumber(a);
}

function atom(v: unknown): Atom {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isNode(v)) return nodeStringValue(v);
  const j = javaNumberOf(v);
  if (j) return j.double ? j.d : new OtherNumber(j.d);
  return String(v);
}

/** XPath 1.0 comparison (section 3.4) of two fontoxpath sequences. */
export function xp1Compare(
  op: Op,
  left: unknown,
  right: unknown,
  leftIsSet = false,
  rightIsSet = false,
): boolean {
  const a = asSeq(left);
  const b = asSeq(right);
  // a side is a node-set when said so (its nodes may arrive as their string values) or when it holds nodes
  const aNodes = leftIsSet || a.length !== 1 || isNode(a[0]);
  const bNodes = rightIsSet || b.length !== 1 || isNode(b[0]);
  if (aNodes && bNodes) {
    // strings for = and !=, numbers for relational operators
    const bs = b.map((n) => (isNode(n) ? nodeStringValue(n) : atom(n)));
    for (const x of a) {
      const xs = isNode(x) ? nodeStringValue(x) : atom(x);
      for (const y of bs)
        if (
          cmpAtoms(
            op,
            op === '=' || op === '!=' ? String(xs) : toNum(xs),
            op === '=' || op === '!=' ? String(y) : toNum(y),
          )
        )
          return true;
    }
    return false;
  }
  if (aNodes || bNodes) {
    const nodes = aNodes ? a : b;
    const other = atom(aNodes ? b[0] : a[0]);
    if (typeof other === 'boolean') {
      // Jaxen (DefaultRelationalExpr) compares the boolean with the node-set's boolean in that order whichever side
      // the node-set is on: `//a > true()` is `true() > boolean(//a)`, true when //a is empty
      const nb = nodes.length > 0;
      return cmpAtoms(op, other, nb);
    }
    for (const n of nodes) {
      const sv = isNode(n) ? nodeStringValue(n) : String(atom(n));
      const x: string | number =
        typeof other === 'number' || other instanceof OtherNumber ? stringToNumber(sv) : sv;
      if (aNodes ? cmpAtoms(op, x, other) : cmpAtoms(op, other, x)) return true;
    }
    return false;
  }
  return cmpAtoms(op, atom(a[0]), atom(b[0]));
}

/** Direct text children of an element (Axiom's OMElement.getText). */
function ownText(el: slimdom.Node): string {
  let s = '';
  for (let c = el.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 3 || c.nodeType === 4) s += (c as slimdom.Text).data;
  return s;
}

/**
 * The string Synapse makes of an XPath result (SynapseXPath.stringValueOf):
 * - every node of a node-set is appended in order: text → its text; attribute → its value; document → its root
 *   element's XML;
 * - an element alone in the result gives its own text, trimmed (its XML when that text is blank, or when the
 *   expression uses node()); several elements give their XML each, with their own text trimmed;
 * - a lone text node selected by an expression ending with node() stands for its parent element;
 * - numbers print as Java doubles ("3.0"), booleans as true/false.
 */
/** The documents holding a message's SOAP envelope (MI's SOAPEnvelope: toString() starts with the XML declaration). */
const soapEnvelopeDocs = new WeakSet<object>();

/** Marks a document as a message's SOAP envelope (see synapseXPathString). */
export function markSoapEnvelope(doc: slimdom.Document): slimdom.Document {
  soapEnvelopeDocs.add(doc);
  markEnvelopeDocument(doc);
  return doc;
}

/**
 * Documents whose envelope MI holds without an OMDocument above it: the default envelope Axiom's SOAPFactory makes
 * (getDefaultEnvelope), which a REST message's builder fills (TransportUtils.createSOAPEnvelope for XML, JSON, text
 * or no body) and a clone gets (MessageHelper.cloneSOAPEnvelope); only an envelope parsed from a SOAP message
 * (StAXSOAPModelBuilder) hangs below a document. Jaxen's root (`/`, Axiom's DocumentNavigator.getDocumentNode) of
 * such an envelope is the envelope itself: `/soapenv:Envelope/soapenv:Body/x` finds nothing, `/soapenv:Body/x` does.
 */
const doclessEnvelopes = new WeakSet<object>();

/** Marks a message's envelope as one without a document above it in MI (see doclessEnvelopes). */
export function markDoclessEnvelope<T extends slimdom.Document>(doc: T): T {
  doclessEnvelopes.add(doc);
  return doc;
}

/** Marks an envelope as one with a document above it (an OMDocument: MI's SOAP builder, StAXSOAPModelBuilder). */
export function unmarkDoclessEnvelope<T extends slimdom.Document>(doc: T): T {
  doclessEnvelopes.delete(doc);
  return doc;
}

/** Whether XPath's root of this message's envelope is the envelope element (see doclessEnvelopes). */
export function isDoclessEnvelope(doc: slimdom.Document): boolean {
  return doclessEnvelopes.has(doc);
}

/** The declaration Axiom's SOAPEnvelope.toString() writes first (what MI's log level full shows too). */
const ENVELOPE_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>";

export function synapseXPathString(result: unknown, expression = ''): string {
  if (result === null || result === undefined) return '';
  if (Array.isArray(result)) {
    const single = result.length === 1;
    const nodeTest = expression.includes('node()');
    // a lone text node stands for its parent only when the expression ends with node() (SynapseXPath)
    const parentForText = single && expression.endsWith('node()');
    let s = '';
    for (let o of result) {
      if (!isNode(o)) {
        s += synapseXPathString(o, expression);
        continue;
      }
      if (parentForText && (o.nodeType === 3 || o.nodeType === 4) && o.parentNode) o = o.parentNode;
      switch (o.nodeType) {
        case 3:
        case 4:
          s += (o as slimdom.Text).data;
          break;
        case 1: {
          // (getText() of each element: over a message's envelope it iterates the envelope's children to their
          // end, so Axiom's builder finishes the envelope: written as built from now on)
          if (o.parentNode && o.parentNode.nodeType === 9)
            markEnvelopeComplete(o.parentNode as slimdom.Document);
          const own = ownText(o);
          const trimmed = own.replace(/\u00a0/g, ' ').trim();
          if (trimmed.length === 0) {
            // a message's envelope prints as SOAPEnvelope.toString(), declaration first ($env, an enriched copy)
            if (o.parentNode && soapEnvelopeDocs.has(o.parentNode)) s += ENVELOPE_DECLARATION;
            s += serializeXml(o);
          } else if (single && !nodeTest) s += trimmed;
          else s += serializeXml(o).split(own).join(trimmed);
          break;
        }
        case 9: {
          // OMDocument: its root element's toString() (a message's envelope with the declaration first)
          const root = (o as slimdom.Document).documentElement;
          if (root && soapEnvelopeDocs.has(o)) s += ENVELOPE_DECLARATION;
          if (root) s += serializeXml(root);
          break;
        }
        case 2:
          s += (o as slimdom.Attr).value;
          break;
        default:
          break;
      }
    }
    return s;
  }
  if (typeof result === 'number') return javaDoubleToString(result);
  if (isNode(result)) return synapseXPathString([result], expression);
  return String(unmarkItem(result));
}

/** The string form of a Synapse-expression value (JSON text for objects and arrays, XML for elements). */
export function synapseValueString(v: unknown): string {
  if (v === undefined || v === null) return v === null ? 'null' : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof JavaDouble || v instanceof JavaLong) return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isNode(v)) return v.nodeType === 1 || v.nodeType === 9 ? serializeXml(v) : nodeStringValue(v);
  if (Array.isArray(v) && v.length > 0 && v.every(isNode))
    return v.map((n) => synapseValueString(n)).join('');
  // Gson's JsonElement.toString(): as JSON.stringify writes it, but U+2028 and U+2029 escaped (JsonWriter)
  return stringifyJson(v).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}
