/**
 * JSON numbers as MI keeps them. MI reads a JSON payload with Gson, whose numbers keep the text they were written
 * with (LazilyParsedNumber): `10.0` or `12.50` copied by enrich, a json-eval argument of payloadFactory or
 * `${payload.list[0]}` (an array item) keep their text, and `${payload.price + 1}` is the double 11.0 (a number
 * `${...}` reads by name is unwrapped by Jayway's Gson provider instead: `${payload.price}` of 12.50 prints 12.5, see
 * synapse.ts gsonLeaf). JavaScript's JSON.parse turns
 * them into 10 and 12.5. So a JSON text that holds such a number (a fraction or an exponent written differently
 * from JavaScript's shortest form) is read keeping their text: the parsed value stays plain JavaScript (10, so that
 * every mediator and schema validator reads it as before) and the text is recorded for the object or array holding
 * it (values.ts recordNumberText). The JSONPath navigator hands such a number out as a JsonDecimal (a JavaDouble, as
 * MI types it, that prints its text); stringifyJson and JSON -> XML write the text. Texts without such a number
 * (most) are read by JSON.parse alone, and nothing is looked up for them.
 */
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import {
  copyKeyOrder,
  copyNumberTexts,
  fitsLong,
  JavaDouble,
  JavaLong,
  numberTextAt,
  rawJsonNumber,
  recordKeyOrder,
  recordNumberText,
  stringifyJson,
} from './values';

/** A JSON number whose text JavaScript would write differently (10.0, 12.50, 1e3, 1.5E-7): kept with its text. */
export class JsonDecimal extends JavaDouble {
  constructor(readonly text: string) {
    super(Number(text));
  }
  override toString(): string {
    return this.text;
  }
  override toJSON(): number {
    return rawJsonNumber(this.text) ?? this.valueOf();
  }
}

/** A member name that JavaScript would list first (an array index: "0", "7", "20"), in the text. */
const INDEX_KEY = /"(?:0|[1-9]\d{0,9})"\s*:/;
/**
 * That, or a fraction ending in 0 or an exponent: what can make a JSON number's text differ from JavaScript's (a
 * test over the whole text, strings included: a false hit only costs the slower parse). One pass: most JSON has
 * neither and pays this one test only. Integers beyond 2^53 are not looked for here: a test for long digit runs
 * costs half a JSON.parse on payloads full of timestamps.
 */
const DECIMAL_OR_INDEX_KEY = /\d\.\d*0(?!\d)|\d[eE][+-]?\d|"(?:0|[1-9]\d{0,9})"\s*:/;

/**
 * Whether a JSON text may hold a number with a fraction and more than 15 significant digits that a double does not
 * write back (529089212676606.0004, 0.10000000000000001): Gson keeps its text (LazilyParsedNumber), Jayway reads it
 * by name as a BigDecimal, where JSON.parse would keep the nearest double. Such a number has 8 digits or more on one
 * side of its point, so only those points are looked at; a number a double writes back as it is (37.42199999999999,
 * what JavaScript and Java print) needs no slower parse. Strings count too (a false hit only costs the slower parse).
 */
function hasLongDecimal(text: string): boolean {
  for (let i = text.indexOf('.'); i !== -1; i = text.indexOf('.', i + 1)) {
    let a = i;
    while (a > 0 && isDigit(text.charCodeAt(a - 1))) a--;
    let b = i + 1;
    while (b < text.length && isDigit(text.charCodeAt(b))) b++;
    if (b - a - 1 <= 15) continue;
    let z = a;
    while (z < b && (text.charCodeAt(z) === 48 || z === i)) z++;
    if (b - z - (z <= i ? 1 : 0) <= 15) continue;
    const token = text.slice(a, b);
    if (String(Number(token)) !== token) return true;
    i = b - 1;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A JSON number token as MI keeps it: a plain number, or a JsonDecimal when JavaScript would write it differently. */
export function jsonNumber(n: string): unknown {
  const x = Number(n);
  // a fraction or an exponent written otherwise than JavaScript writes it (10.0, 1e3): its text kept
  // (beyond a double too: Gson keeps 1e400 as its text, where JavaScript reads Infinity)
  if ((n.includes('.') || n.includes('e') || n.includes('E')) && String(x) !== n) return new JsonDecimal(n);
  return x;
}

/**
 * JSON.parse, except that numbers like 10.0 keep their text when the text has any: the value is plain (10), its
 * text recorded for the object or array holding it (recordNumberText); a lone number is a JsonDecimal. Throws as
 * JSON.parse does on malformed text.
 */
export function parseJsonText(text: string): unknown {
  if (!DECIMAL_OR_INDEX_KEY.test(text) && !hasLongDecimal(text)) return JSON.parse(text);
  // a member named like an array index ("1", "20"): read in order, so that it is written back in order
  if (INDEX_KEY.test(text)) return parseJsonInOrder(text, jsonNumber);
  let v: unknown;
  try {
    v = parseLossless(text, null, jsonNumber);
  } catch {
    return JSON.parse(text); // its error message
  }
  return settleNumbers(v);
}

/**
 * Replaces the JsonDecimal numbers inside a parsed value by plain numbers, recording their text for their holder
 * (see recordNumberText); returns the value (a lone JsonDecimal stays one).
 */
export function settleNumbers(root: unknown): unknown {
  const stack: unknown[] = [root];
  let guard = 0;
  while (stack.length && ++guard < 10_000_000) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof Number) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x instanceof JsonDecimal) {
          v[i] = x.valueOf();
          recordNumberText(v, i, x.text);
        } else if (x !== null && typeof x === 'object') stack.push(x);
      }
    } else {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const x = o[k];
        if (x instanceof JsonDecimal) {
          o[k] = x.valueOf();
          recordNumberText(o, k, x.text);
        } else if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return root;
}

/**
 * holder[key], as a JsonDecimal when it is a number recorded with its text (10.0), a JavaLong for an integer
 * recorded with its digits (beyond 2^53, within a long: Jayway's Gson provider reads it as a Long).
 */
export function jsonAt(holder: object, key: string | number): unknown {
  const v = (holder as Record<string, unknown>)[key as string];
  if (typeof v !== 'number') return v;
  const t = numberTextAt(holder, key, v);
  if (t === undefined) return v;
  if (INTEGER_TEXT.test(t)) {
    const b = BigInt(t);
    if (fitsLong(b)) return new JavaLong(b);
  }
  return new JsonDecimal(t);
}

const INTEGER_TEXT = /^-?\d+$/;

/** An integer JavaScript could not read exactly (beyond 2^53): its digits may be in the text it came from. */
export function lossyInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v);
}

const longsRecorded = new WeakSet<object>();

/**
 * Watchers of a JSON value whose long digits may get recorded (a payload keeping the text it was read from): called
 * just before the digits are recorded, each returns what to run once they are.
 */
const longDigitWatchers = new WeakMap<object, () => () => void>();

/** Registers `before` to be called when the digits of `root`'s integers beyond 2^53 are about to be recorded. */
export function watchLongDigits(root: unknown, before: () => () => void): void {
  if (root !== null && typeof root === 'object') longDigitWatchers.set(root, before);
}

/** Whether a JSON value holds an integer JavaScript could not read exactly (a walk, bounded). */
function hasLossyInteger(v: unknown): boolean {
  const stack: unknown[] = [v];
  let guard = 0;
  while (stack.length && ++guard < 1_000_000) {
    const x = stack.pop();
    if (typeof x === 'number') {
      if (lossyInteger(x)) return true;
    } else if (x !== null && typeof x === 'object' && !(x instanceof Number)) {
      if (Array.isArray(x)) for (let i = 0; i < x.length; i++) stack.push(x[i]);
      else for (const k in x) stack.push((x as Record<string, unknown>)[k]);
    }
  }
  return false;
}

/**
 * For a part of a JSON value about to be written whole (an object read by a path, a changed payload): when it holds
 * an integer beyond 2^53, records the digits of such integers of the whole value from the text it was read from
 * (recordLongDigits), once per value. Costs a walk of that part otherwise. Returns whether any were recorded.
 */
export function recordLongDigitsOf(root: unknown, part: unknown, text: () => string | undefined): boolean {
  if (root === null || typeof root !== 'object' || longsRecorded.has(root) || !hasLossyInteger(part))
    return false;
  const t = text();
  if (t === undefined) {
    longsRecorded.add(root);
    return false;
  }
  return recordLongDigits(root, t);
}

/**
 * Records the digits of the integers beyond 2^53 of a JSON value read from `text` (holder and key, as number texts
 * are recorded), so that jsonAt gives them exactly. Done once per value, when such an integer is first read (a test
 * for long digit runs on every parse would cost half a JSON.parse). Returns whether it recorded any.
 */
export function recordLongDigits(root: unknown, text: string): boolean {
  if (root === null || typeof root !== 'object' || longsRecorded.has(root)) return false;
  longsRecorded.add(root);
  const after = longDigitWatchers.get(root)?.();
  try {
    return recordLongDigitsIn(root, text);
  } finally {
    after?.();
  }
}

function recordLongDigitsIn(root: object, text: string): boolean {
  let exact: unknown;
  try {
    exact = parseLossless(text);
  } catch {
    return false;
  }
  let found = false;
  const stack: [unknown, unknown][] = [[root, exact]];
  let guard = 0;
  while (stack.length && ++guard < 5_000_000) {
    const [cur, src] = stack.pop()!;
    if (cur === null || typeof cur !== 'object' || src === null || typeof src !== 'object') continue;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    for (const k of keys) {
      const c = (cur as Record<string, unknown>)[k as string];
      const e = (src as Record<string, unknown>)[k as string];
      if (lossyInteger(c) && isLosslessNumber(e) && INTEGER_TEXT.test(e.value) && Number(e.value) === c) {
        recordNumberText(cur, k, e.value);
        found = true;
      } else if (c !== null && typeof c === 'object') stack.push([c, e]);
    }
  }
  return found;
}

/**
 * A JSON value read from a text that a property or variable keeps (MI: a Gson JsonElement, whose numbers keep their
 * text): an integer beyond 2^53 keeps its digits, a lone one as a JavaLong (a JsonDecimal beyond a long, a double
 * in MI's arithmetic), one inside an object or array recorded for its holder (recordLongDigits). Costs a walk of
 * the value when it holds no such integer.
 */
export function keepLongDigits(v: unknown, text: string): unknown {
  if (lossyInteger(v)) {
    const t = text.trim();
    if (!INTEGER_TEXT.test(t)) return v;
    const b = BigInt(t);
    return fitsLong(b) ? new JavaLong(b) : new JsonDecimal(t);
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Number)) recordLongDigitsOf(v, v, () => text);
  return v;
}

/** A value to store into a JSON holder: a JsonDecimal becomes its number, its text recorded for holder[key]. */
export function storeJson(holder: object, key: string | number, v: unknown): unknown {
  if (v instanceof JsonDecimal) {
    recordNumberText(holder, key, v.text);
    return v.valueOf();
  }
  return v;
}

export { stringifyJson };

/** A deep copy of a JSON value keeping JsonDecimal (and JavaDouble) numbers (structuredClone would drop their class). */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Number) return v;
  if (Array.isArray(v)) {
    const a = v.map((x: unknown) => cloneJson(x));
    copyNumberTexts(v, a);
    return a as T;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)
    return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = cloneJson(x);
  copyNumberTexts(v, out);
  copyKeyOrder(v, out);
  return out as T;
}

/**
 * The value with its JsonDecimal (and other Number object) numbers as plain numbers, for consumers that read JSON
 * as Java objects do (FreeMarker gets Gson's Map of Doubles in MI). Unchanged parts are shared, not copied.
 */
export function plainNumbers<T>(v: T): T {
  if (v instanceof Number) return v.valueOf() as T;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = plainNumbers(v[i] as unknown);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return (out ?? v) as T;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const y = plainNumbers(x);
    if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
  }
  return (out ?? v) as T;
}

/**
 * A JSON number as Gson's LazilyParsedNumber reaches a Synapse expression: taken from an array by its index
 * (Jayway's GsonJsonProvider.getArrayIndex hands the element out as it is), or the whole value of a variable of
 * type JSON (v2 Utils.buildJSONElement parses it with Gson). It prints its text, and
 * ExpressionResult types it by that text: always a double (isDouble: Double.parseDouble reads it), so `+ - * / %`
 * compute doubles (`payload.list[0] + 1` is 6.0), and an int too where Integer.parseInt reads it, which
 * abs/ceil/floor and the int arguments (subString, charAt, indexOf, round's decimals) take first.
 */
export class LazyJsonNumber extends JsonDecimal {}

/**
 * A JSON number read by name that is neither a long nor exactly a double (12345678901234567890, 1e400, 0.1e-400,
 * 123456789012345678901234.5): Jayway's GsonJsonProvider.unwrapNumber leaves a java.math.BigDecimal, which prints
 * as BigDecimal.toString (1E+400, 1E-401) and which MI's ExpressionResult counts as no number at all (isInteger,
 * isLong and isDouble look for Integer, Long, Double or Gson's LazilyParsedNumber): arithmetic and comparisons
 * refuse it. Its text here is that toString.
 */
export class GsonBigDecimal extends JsonDecimal {
  constructor(text: string) {
    super(bigDecimalString(text));
  }
}

/**
 * A JSON integer beyond 2^53 read by name: Jayway's unwrapNumber gives a Long inside a JsonPrimitive, so a variable
 * that stores it untyped still holds a JSON primitive (v2 Utils.convertJsonPrimitive converts it for a type, where a
 * Long that an expression made must already be one).
 */
export class JsonLong extends JavaLong {}

/**
 * A JSON integer below Java's int range read by name (-3000000000): a JsonPrimitive Long that MI's
 * ExpressionResult.isInteger counts as an int (longValue() <= Integer.MAX_VALUE), so arithmetic, comparisons and
 * the math functions take it as an int: asInt() is its low 32 bits (JsonPrimitive.getAsInt), asDouble() and
 * asLong() (an int sum that overflows) its value. Prints its digits.
 */
export class JsonIntLong extends JsonLong {}

/** java.math.BigDecimal's toString of new BigDecimal(text) (a JSON number's text). */
export function bigDecimalString(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return text;
  const frac = m[3] ?? '';
  let digits = ((m[2] ?? '') + frac).replace(/^0+(?=\d)/, '');
  if (digits === '') digits = '0';
  const scale = frac.length - Number(m[4] ?? 0);
  const sign = m[1] === '-' && /[1-9]/.test(digits) ? '-' : '';
  if (scale === 0) return sign + digits;
  const adjusted = -scale + (digits.length - 1);
  if (scale > 0 && adjusted >= -6) {
    if (digits.length > scale)
      return `${sign}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return `${sign}0.${'0'.repeat(scale - digits.length)}${digits}`;
  }
  const coeff = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return adjusted === 0 ? sign + coeff : `${sign}${coeff}E${adjusted > 0 ? '+' : ''}${adjusted}`;
}

/** An array index as a property name (JavaScript lists those first): "0", "7", "4294967294". */
export function isIndexName(k: string): boolean {
  const c = k.charCodeAt(0);
  if (k.length === 0 || k.length > 10 || c < 48 || c > 57 || (c === 48 && k.length > 1)) return false;
  for (let i = 1; i < k.length; i++) {
    const d = k.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(k) < 4294967295;
}

const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

/**
 * JSON read with the order of every object's members recorded where JavaScript would change it (see
 * recordKeyOrder), numbers made by `num` (then settled as parseJsonText does). Throws JSON.parse's error on
 * malformed text. Iterative: deep nesting does not overflow the stack.
 */
export function parseJsonInOrder(
  text: string,
  num: (token: string) => unknown,
  onDuplicates?: (obj: Record<string, unknown>, members: [string, unknown][]) => void,
): unknown {
  let i = 0;
  const bad = (): never => {
    JSON.parse(text); // throws its own message
    throw new SyntaxError(`Unexpected token in JSON at position ${i}`);
  };
  const ws = (): void => {
    WS.lastIndex = i;
    WS.test(text);
    i = WS.lastIndex;
  };
  const str = (): string => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (i >= text.length || c < 32) bad();
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      i++;
      if (c === 34) break;
    }
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  // containers being filled: an array, or an object with its pending member name and the names in order
  type Frame =
    | { arr: unknown[] }
    | {
        obj: Record<string, unknown>;
        key: string;
        names: string[];
        index: boolean;
        /** Every member as written, a repeated name too (only with onDuplicates). */
        members?: [string, unknown][];
      };
  const stack: Frame[] = [];
  let root: unknown;
  let done = false;
  const put = (v: unknown): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      done = true;
    } else if ('arr' in top) top.arr.push(v);
    else {
      if (!Object.prototype.hasOwnProperty.call(top.obj, top.key)) top.names.push(top.key);
      top.members?.push([top.key, v]);
      if (top.key === '__proto__')
        Object.defineProperty(top.obj, top.key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else top.obj[top.key] = v;
    }
  };
  const close = (): void => {
    const f = stack.pop()!;
    if ('obj' in f) {
      if (f.members && f.members.length > f.names.length) onDuplicates!(f.obj, f.members);
      if (f.index && f.names.length > 1) {
        const keys = Object.keys(f.obj);
        if (keys.some((k, j) => k !== f.names[j])) recordKeyOrder(f.obj, f.names);
      }
      put(f.obj);
    } else put(f.arr);
  };
  // after a value inside a container: ',' or the closing bracket
  const next = (): boolean => {
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (!top) return false;
      const c = text[i];
      if (c === ',') {
        i++;
        ws();
        if ('obj' in top) {
          if (text[i] !== '"') bad();
          top.key = str();
          if (!top.index && isIndexName(top.key)) top.index = true;
          ws();
          if (text[i] !== ':') bad();
          i++;
        }
        return true;
      }
      if (c === ('arr' in top ? ']' : '}')) {
        i++;
        close();
        if (done) return false;
        continue;
      }
      return bad();
    }
  };
  for (;;) {
    ws();
    const c = text[i];
    let opened = false;
    if (c === '{') {
      i++;
      ws();
      const f = {
        obj: {} as Record<string, unknown>,
        key: '',
        names: [] as string[],
        index: false,
        members: onDuplicates ? ([] as [string, unknown][]) : undefined,
      };
      stack.push(f);
      if (text[i] === '}') {
        i++;
        close();
      } else {
        if (text[i] !== '"') bad();
        f.key = str();
        f.index = isIndexName(f.key);
        ws();
        if (text[i] !== ':') bad();
        i++;
        opened = true;
      }
    } else if (c === '[') {
      i++;
      ws();
      stack.push({ arr: [] });
      if (text[i] === ']') {
        i++;
        close();
      } else opened = true;
    } else if (c === '"') put(str());
    else if (text.startsWith('true', i)) {
      i += 4;
      put(true);
    } else if (text.startsWith('false', i)) {
      i += 5;
      put(false);
    } else if (text.startsWith('null', i)) {
      i += 4;
      put(null);
    } else {
      NUMBER_TOKEN.lastIndex = i;
      const m = NUMBER_TOKEN.exec(text);
      if (!m) bad();
      i += m![0].length;
      put(num(m![0]));
    }
    if (opened) continue;
    if (done || !next()) break;
  }
  ws();
  if (!done || i < text.length) bad();
  return settleNumbers(root);
}
