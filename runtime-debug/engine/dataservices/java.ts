/**
 * Java behaviours MI's data services output depends on: HashMap iteration order, Double.toString,
 * Double.parseDouble.
 */

/** String.hashCode (UTF-16 code units, 32-bit). */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The order a java.util.HashMap<String, ?> filled with `keys` (in that order) lists them: by bucket (the spread hash
 * masked by the table size, which starts at 16 and doubles past a 0.75 load), then in insertion order. org.json's
 * JSONObject keeps its members in such a map, so MI reads a JSON output mapping in this order.
 */
export function javaHashOrder(keys: string[]): string[] {
  let cap = 16;
  while (keys.length > cap * 0.75) cap *= 2;
  const bucket = (k: string) => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & (cap - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((e) => e.k);
}

/** Double.toString: 3.0, 0.001, 1.0E7, 1.0E-4, NaN, Infinity. */
export function javaDoubleString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const a = Math.abs(n);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = n.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** Double.parseDouble: trimmed, NaN, Infinity, 1e3, a d/f suffix; undefined where Java throws NumberFormatException. */
export function javaParseDouble(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(t)) return undefined;
  return Number(t.replace(/[fFdD]$/, ''));
}
