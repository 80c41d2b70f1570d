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
const DIGIT = /\p{Nd}/u;

/**
 * The text of a whole number as Integer.parseInt and Long.parseLong read it, with ASCII digits: a sign, then
 * digits of any script (Character.digit: '٣٤' and '１２' are 34 and 12; one UTF-16 unit each, so only the BMP's);
 * undefined when it is not one.
 */
export function javaWholeText(text: string): string | undefined {
  if (WHOLE.test(text)) return text;
  const m = /^([+-]?)(.+)$/s.exec(text);
  if (!m) return undefined;
  let digits = '';
  for (let i = 0; i < m[2]!.length; i++) {
    const c = m[2]!.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      digits += String.fromCharCode(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) return undefined;
    if (!DIGIT.test(String.fromCharCode(c))) return undefined;
    // the digits of a script are a run of ten: the value is the distance from the run's first
    let z = c;
    while (z > 0 && DIGIT.test(String.fromCharCode(z - 1))) z--;
    digits += String((c - z) % 10);
  }
  return m[1] + digits;
}

/** Integer.parseInt(text), or undefined where Java throws a NumberFormatException. */
export function parseJavaInt(text: string): number | undefined {
  const t = javaWholeText(text);
  if (t === undefined) return undefined;
  const n = Number(t);
  return n >= INT_MIN && n <= INT_MAX ? n : undefined;
}

/**
 * Long.parseLong(text), or undefined where Java throws a NumberFormatException. The value is a JavaScript number:
 * exact up to 2^53, the nearest double beyond (enough for the timeouts and sizes it is used for).
 */
export function parseJavaLong(text: string): number | undefined {
  const t = javaWholeText(text);
  if (t === undefined) return undefined;
  const n = BigInt(t);
  return n >= LONG_MIN && n <= LONG_MAX ? Number(n) : undefined;
}
