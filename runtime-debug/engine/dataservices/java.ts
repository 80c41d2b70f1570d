/**
 * Java behaviours MI's data services output depends on: HashMap iteration order (Double.toString and
 * Double.parseDouble are expr/values.ts javaDoubleToString and javaParseDouble).
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
