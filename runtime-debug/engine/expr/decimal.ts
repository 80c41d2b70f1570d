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

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.u * pow10(s - a.s), b.u * pow10(s - b.s), s];
}

function toNumber(d: Dec): number {
  return Number(`${d.u}e${-d.s}`);
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
