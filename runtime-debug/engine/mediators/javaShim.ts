/**
 * The few Java standard classes scripts in Synapse configurations reach through the JavaScript engines' Java access
 * (Rhino's `java.*` / `Packages.*`, Nashorn's and GraalJS's `Java.type(...)`): java.util.UUID, java.lang.Thread.sleep,
 * java.lang.System's clocks, the boxed number parsers and Math (MI tests-patches ScriptMediatorWithImports uses
 * `java.util.UUID.randomUUID().toString()`, the DistributedCachingHeaderSerialization config `java.lang.Thread.sleep`).
 * A Java string comes back as a JavaScript string, as the engines hand it to the script. Any other class is absent:
 * reaching it fails the script as an unknown name does.
 */
import { randomUUID } from 'node:crypto';
import { javaWholeText } from '../../../core/javaNumbers';
import { javaParseDouble, javaParseFloat } from '../expr/values';

/** A java.util.UUID: its text through toString() (and as a string in concatenation). */
class Uuid {
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Blocks the script for `ms` (Thread.sleep), bounded by the script's own time limit. */
function sleep(ms: unknown, limitMs: number): void {
  const n = Math.max(0, Math.min(Number(ms) || 0, limitMs));
  if (n > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, n);
}

const nfe = (text: string): Error =>
  new Error(`java.lang.NumberFormatException: For input string: "${text}"`);

/**
 * Integer.parseInt / Long.parseLong (text, radix): a sign, then digits of the radix only (Character.digit: ASCII
 * letters above 9, the decimal digits of any script), within the type's range; anything else is a
 * NumberFormatException ("12abc" is not 12, "3000000000" is no int).
 */
function parseWhole(bits: 32 | 64): (s: unknown, radix?: unknown) => number {
  return (s, radix) => {
    const text = String(s);
    const r = radix === undefined ? 10 : Number(radix);
    const m = /^([+-]?)(.+)$/s.exec(text);
    if (!m || !(r >= 2 && r <= 36)) throw nfe(text);
    let v = 0n;
    for (const ch of m[2]!) {
      let d = parseInt(ch, 36);
      if (Number.isNaN(d)) {
        const w = javaWholeText(ch);
        if (w === undefined) throw nfe(text);
        d = Number(w);
      }
      if (d >= r) throw nfe(text);
      v = v * BigInt(r) + BigInt(d);
    }
    if (m[1] === '-') v = -v;
    if (v !== BigInt.asIntN(bits, v)) throw nfe(text);
    return Number(v);
  };
}

/** Double.parseDouble / Float.parseFloat (Java's trim, NaN, Infinity, 1d, hexadecimal; a float rounded once). */
function parseDecimal(float: boolean): (s: unknown) => number {
  return (s) => {
    const text = String(s);
    const v = float ? javaParseFloat(text) : javaParseDouble(text);
    if (v === undefined) throw nfe(text);
    return v;
  };
}

/** The classes by their Java names. */
function classes(limitMs: number): Record<string, unknown> {
  return {
    'java.util.UUID': {
      randomUUID: () => new Uuid(randomUUID()),
      fromString: (s: unknown) => new Uuid(String(s).toLowerCase()),
    },
    'java.lang.Thread': { sleep: (ms: unknown) => sleep(ms, limitMs) },
    'java.lang.System': {
      currentTimeMillis: () => Date.now(),
      nanoTime: () => Number(process.hrtime.bigint()),
      getProperty: () => null,
      getenv: () => null,
    },
    'java.lang.String': Object.assign((v: unknown) => String(v), { valueOf: (v: unknown) => String(v) }),
    'java.lang.Integer': {
      parseInt: parseWhole(32),
      valueOf: parseWhole(32),
      MAX_VALUE: 2147483647,
      MIN_VALUE: -2147483648,
    },
    'java.lang.Long': { parseLong: parseWhole(64), valueOf: parseWhole(64) },
    'java.lang.Double': { parseDouble: parseDecimal(false), valueOf: parseDecimal(false) },
    'java.lang.Float': { parseFloat: parseDecimal(true), valueOf: parseDecimal(true) },
    'java.lang.Boolean': {
      parseBoolean: (s: unknown) => String(s).toLowerCase() === 'true',
      valueOf: (s: unknown) => String(s).toLowerCase() === 'true',
    },
    // a copy: the host's own Math must not be reachable (a script could replace its functions for everyone)
    'java.lang.Math': Object.fromEntries(
      Object.getOwnPropertyNames(Math).map((k) => [k, (Math as unknown as Record<string, unknown>)[k]]),
    ),
  };
}

/** A package object: its members are the classes and sub-packages under `prefix`. */
function pkg(prefix: string, all: Record<string, unknown>): unknown {
  return new Proxy(Object.freeze({}), {
    get(_t, key) {
      if (typeof key !== 'string') return undefined;
      const name = `${prefix}.${key}`;
      if (name in all) return all[name];
      return Object.keys(all).some((k) => k.startsWith(`${name}.`)) ? pkg(name, all) : undefined;
    },
  });
}

/**
 * The globals a script sandbox gets: `java`, `Packages` and `Java.type`. Frozen, so that one object can serve every
 * run (script.ts builds it once) and no script can change it for the next or for the host.
 */
export function javaGlobals(limitMs: number): Readonly<Record<string, unknown>> {
  const all = classes(limitMs);
  for (const c of Object.values(all)) Object.freeze(c);
  const java = pkg('java', all);
  return Object.freeze({
    java,
    Packages: Object.freeze({ java }),
    Java: Object.freeze({
      type: (name: unknown) => {
        const c = all[String(name)];
        if (c === undefined) throw new Error(`java.lang.ClassNotFoundException: ${String(name)}`);
        return c;
      },
    }),
  });
}
