/**
 * The order a java.util.HashMap<String, ?> lists its keys, which MI's output follows wherever it iterates one (WSDL
 * ports, throttle IDs, data mapper schemas, data service JSON mappings...).
 */

/** String.hashCode (UTF-16 code units, 32-bit). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The order a java.util.HashMap filled with items keyed by `key` (in that order) lists them: by bucket (the spread
 * hash masked by the table size, which starts at 16, or the power of two a `new HashMap(n)` asks for, and doubles past
 * a 0.75 load), then in insertion order.
 */
export function javaHashOrderBy<T>(items: T[], key: (t: T) => string, initialCapacity = 16): T[] {
  let cap = initialCapacity;
  while (items.length > cap * 0.75) cap *= 2;
  const bucket = (k: string) => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & (cap - 1);
  };
  return items
    .map((t, i) => ({ t, i, b: bucket(key(t)) }))
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((e) => e.t);
}

/** The order a java.util.HashMap<String, ?> filled with `keys` (in that order) lists them. */
export function javaHashOrder(keys: string[]): string[] {
  return javaHashOrderBy(keys, (k) => k);
}

/**
 * The order a java.util.concurrent.ConcurrentHashMap filled with items whose keys hash to `code` (in that order) lists
 * them: by bin (the spread hash masked by the table size, 16, doubled when the count reaches 0.75 of it), then in
 * insertion order. (A table that grew may list a bin's items differently: ConcurrentHashMap.transfer keeps a bin's
 * last run of nodes in place.)
 */
export function javaConcurrentHashOrderBy<T>(items: T[], code: (t: T) => number): T[] {
  let cap = 16;
  while (items.length >= cap * 0.75) cap *= 2;
  return items
    .map((t, i) => {
      const h = code(t);
      return { t, i, b: (h ^ (h >>> 16)) & 0x7fffffff & (cap - 1) };
    })
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((e) => e.t);
}

/**
 * The order a java.util.Hashtable<String, ?> (default capacity 11, load factor 0.75) filled with items keyed by `key`
 * (in that order; a key given again keeps its place and takes the later item) lists them with elements(): from the
 * last bucket (`(hash & 0x7FFFFFFF) % capacity`) to the first, each bucket newest first; the table grows to
 * `2 * capacity + 1` when an entry is added at the threshold, rehashing old entries from the last bucket down.
 */
export function javaHashtableOrderBy<T>(items: T[], key: (t: T) => string): T[] {
  type Entry = { h: number; k: string; t: T };
  let cap = 11;
  let threshold = Math.floor(cap * 0.75);
  let table: Entry[][] = Array.from({ length: cap }, () => []);
  let count = 0;
  const index = (h: number) => (h & 0x7fffffff) % cap;
  for (const t of items) {
    const k = key(t);
    const h = javaStringHash(k);
    const same = table[index(h)]!.find((e) => e.k === k);
    if (same) {
      same.t = t;
      continue;
    }
    if (count >= threshold) {
      const old = table;
      cap = cap * 2 + 1;
      threshold = Math.floor(cap * 0.75);
      table = Array.from({ length: cap }, () => []);
      for (let i = old.length; i-- > 0;) for (const e of old[i]!) table[index(e.h)]!.unshift(e);
    }
    table[index(h)]!.unshift({ h, k, t });
    count++;
  }
  const out: T[] = [];
  for (let i = cap; i-- > 0;) for (const e of table[i]!) out.push(e.t);
  return out;
}
