/**
 * Decimal arithmetic on doubles the way MI's Synapse expressions do it: each double goes through its Java string
 * form into a BigDecimal, so 0.1 + 0.2 is 0.3, and a division keeps the scale of its left operand (rounding half up).
 */
import { javaDoubleToString } from './values';

interface Dec {
  u: bigint;
  s: number;
}

function dec(text: string): Dec {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  return { u: BigInt(`${m[1]}${m[2]}${frac}`), s: frac.length - Number(m[4] ?? 0) };
}

/** 10^n (n >= 0), exact. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Both unscaled values at the larger scale (BigDecimal's add/subtract/compareTo alignment), and that scale. */
export function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.u * pow10(s - a.s), b.u * pow10(s - b.s), s];
}

function toNumber(d: Dec): number {
  return Number(`${d.u}e${-d.s}`);
}

/** The decimal of a number's text (a long's digits). */
export function decimalOfText(text: string): Dec {
  return dec(text);
}

/** The decimal form MI uses: integers as written, doubles as Java prints them. */
export function decimalOf(n: number, asDouble: boolean): Dec {
  return dec(asDouble ? javaDoubleToString(n) : String(n));
}

export function decimalAdd(a: Dec, b: Dec): number {
  const [x, y, s] = align(a, b);
  return toNumber({ u: x + y, s });
}

export function decimalSubtract(a: Dec, b: Dec): number {
  const [x, y, s] = align(a, b);
  return toNumber({ u: x - y, s });
}

export function decimalMultiply(a: Dec, b: Dec): number {
  return toNumber({ u: a.u * b.u, s: a.s + b.s });
}

export function decimalRemainder(a: Dec, b: Dec): number {
  const [x, y, s] = align(a, b);
  return toNumber({ u: x % y, s });
}

/** a / b with the scale of a, rounding half up (BigDecimal.divide(b, ROUND_HALF_UP)). */
export function decimalDivide(a: Dec, b: Dec): number {
  let num = a.u * pow10(Math.max(b.s, 0));
  let den = b.u * pow10(Math.max(-b.s, 0));
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  let q = num / den;
  const r = num % den;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= den) q += num < 0n ? -1n : 1n;
  return toNumber({ u: q, s: a.s });
}

/** Rounds to `scale` decimals, half up (BigDecimal.setScale(scale, HALF_UP)). */
export function decimalRound(a: Dec, scale: number): number {
  if (a.s <= scale) return toNumber(a);
  const div = pow10(a.s - scale);
  let q = a.u / div;
  const r = a.u % div;
  if ((r < 0n ? -r : r) * 2n >= div) q += a.u < 0n ? -1n : 1n;
  return toNumber({ u: q, s: scale });
}

// ------------------------------------------------------------------------------------------ fast path

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * The decimal digits of a double as a safe integer and a scale (2.5 → 25, 1), when they fit; else undefined.
 * Uses the shortest text of the double, which is Java's Double.toString digits in the plain range.
 */
function small(n: number): [number, number] | undefined {
  const t = String(n);
  if (t.includes('e')) return undefined;
  const dot = t.indexOf('.');
  if (dot < 0) return Number.isSafeInteger(n) ? [n, 0] : undefined;
  const scale = t.length - dot - 1;
  const u = Number(t.slice(0, dot) + t.slice(dot + 1));
  return scale <= 16 && Number.isSafeInteger(u) ? [u, scale] : undefined;
}

/** u / 10^s, correctly rounded: both are exact doubles, so IEEE division gives what BigDecimal.doubleValue does. */
function value(u: number, s: number): number {
  return u === 0 ? 0 : u / POW10[s]!; // BigDecimal has no -0
}

/** a + b (or a - b) on the decimal forms of two doubles (BigDecimal), without BigInt when the digits are small. */
export function addDoubles(a: number, b: number, subtract = false): number {
  const x = small(a);
  const y = small(b);
  if (x && y) {
    const s = Math.max(x[1], y[1]);
    const ux = x[0] * POW10[s - x[1]]!;
    const uy = y[0] * POW10[s - y[1]]!;
    const u = subtract ? ux - uy : ux + uy;
    if (Number.isSafeInteger(ux) && Number.isSafeInteger(uy) && Number.isSafeInteger(u)) return value(u, s);
  }
  const da = decimalOf(a, true);
  const db = decimalOf(b, true);
  return subtract ? decimalSubtract(da, db) : decimalAdd(da, db);
}

/** a * b on the decimal forms of two doubles (BigDecimal), without BigInt when the digits are small. */
export function multiplyDoubles(a: number, b: number): number {
  const x = small(a);
  const y = small(b);
  if (x && y && x[1] + y[1] <= 16) {
    const u = x[0] * y[0];
    if (Number.isSafeInteger(u)) return value(u, x[1] + y[1]);
  }
  return decimalMultiply(decimalOf(a, true), decimalOf(b, true));
}
