/**
 * The few Java standard classes scripts in Synapse configurations reach through the JavaScript engines' Java access
 * (Rhino's `java.*` / `Packages.*`, Nashorn's and GraalJS's `Java.type(...)`): java.util.UUID, java.lang.Thread.sleep,
 * java.lang.System's clocks, the boxed number parsers and Math (MI tests-patches ScriptMediatorWithImports uses
 * `java.util.UUID.randomUUID().toString()`, the DistributedCachingHeaderSerialization config `java.lang.Thread.sleep`).
 * A Java string comes back as a JavaScript string, as the engines hand it to the script. Any other class is absent:
 * reaching it fails the script as an unknown name does.
 */
import { randomUUID } from 'node:crypto';

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

function parseInteger(s: unknown, radix?: unknown): number {
  const text = String(s);
  const r = radix === undefined ? 10 : Number(radix);
  if (!/^[+-]?[0-9a-zA-Z]+$/.test(text))
    throw new Error(`java.lang.NumberFormatException: For input string: "${text}"`);
  const v = parseInt(text, r);
  if (Number.isNaN(v)) throw new Error(`java.lang.NumberFormatException: For input string: "${text}"`);
  return v;
}

function parseDecimal(s: unknown): number {
  const text = String(s).trim();
  const v = Number(text);
  if (text === '' || Number.isNaN(v))
    throw new Error(`java.lang.NumberFormatException: For input string: "${text}"`);
  return v;
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
      parseInt: parseInteger,
      valueOf: parseInteger,
      MAX_VALUE: 2147483647,
      MIN_VALUE: -2147483648,
    },
    'java.lang.Long': { parseLong: parseInteger, valueOf: parseInteger },
    'java.lang.Double': { parseDouble: parseDecimal, valueOf: parseDecimal },
    'java.lang.Float': { parseFloat: parseDecimal, valueOf: parseDecimal },
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
