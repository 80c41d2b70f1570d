/**
 * JSON numbers as MI keeps them. MI reads a JSON payload with Gson, whose numbers keep the text they were written
 * with (LazilyParsedNumber): `10.0` copied by enrich, inserted by payloadFactory or printed by `${payload.price}`
 * stays `10.0`, `12.50` stays `12.50`, and `${payload.price + 1}` is the double 11.0. JavaScript's JSON.parse turns
 * them into 10 and 12.5. So a JSON text that holds such a number (a fraction or an exponent written differently
 * from JavaScript's shortest form) is read keeping them as JsonDecimal: a JavaDouble (MI types them as doubles)
 * that prints its text. Texts without such a number (most) are read by JSON.parse alone: no cost for them.
 */
import { parse as parseLossless } from 'lossless-json';
import { JavaDouble, rawJsonNumber, stringifyJson } from './values';

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

/**
 * A fraction ending in 0, or an exponent: what can make a JSON number's text differ from JavaScript's (a test over
 * the whole text, strings included: a false hit only costs the slower parse). Integers beyond 2^53 are not looked
 * for here: a test for long digit runs costs half a JSON.parse on payloads full of timestamps.
 */
const DECIMAL_TEXT = /\d\.\d*0(?!\d)|\d[eE][+-]?\d/;

/** A JSON number token as MI keeps it: a plain number, or a JsonDecimal when JavaScript would write it differently. */
export function jsonNumber(n: string): unknown {
  const x = Number(n);
  // a fraction or an exponent written otherwise than JavaScript writes it (10.0, 1e3): its text kept
  if ((n.includes('.') || n.includes('e') || n.includes('E')) && String(x) !== n && Number.isFinite(x))
    return new JsonDecimal(n);
  return x;
}

/**
 * JSON.parse, except that numbers like 10.0 are kept as JsonDecimal when the text has any. Throws as JSON.parse
 * does on malformed text.
 */
export function parseJsonText(text: string): unknown {
  if (!DECIMAL_TEXT.test(text)) return JSON.parse(text);
  try {
    return parseLossless(text, null, jsonNumber);
  } catch {
    return JSON.parse(text); // its error message
  }
}

export { stringifyJson };

/** Whether a value holds a JsonDecimal (for callers that can skip stringifyJson otherwise). */
export function isJsonDecimal(v: unknown): v is JsonDecimal {
  return v instanceof JsonDecimal;
}

/** A deep copy of a JSON value keeping JsonDecimal (and JavaDouble) numbers (structuredClone would drop their class). */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Number) return v;
  if (Array.isArray(v)) return v.map((x: unknown) => cloneJson(x)) as T;
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = cloneJson(x);
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
