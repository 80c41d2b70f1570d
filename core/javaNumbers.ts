/**
 * Whole numbers read as Java reads them: Integer.parseInt and Long.parseLong (an optional sign, then decimal
 * digits, nothing else: no spaces, no decimal point; out of the type's range is a NumberFormatException too).
 * MI's factories and mediators parse many settings this way; callers trim first only where MI trims.
 */

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const WHOLE = /^[+-]?\d+$/;

/** Integer.parseInt(text), or undefined where Java throws a NumberFormatException. */
export function parseJavaInt(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  const n = Number(text);
  return n >= INT_MIN && n <= INT_MAX ? n : undefined;
}

/**
 * Long.parseLong(text), or undefined where Java throws a NumberFormatException. The value is a JavaScript number:
 * exact up to 2^53, the nearest double beyond (enough for the timeouts and sizes it is used for).
 */
export function parseJavaLong(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  const n = BigInt(text);
  return n >= LONG_MIN && n <= LONG_MAX ? Number(n) : undefined;
}
