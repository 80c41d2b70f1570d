/** Argument parsing shared by the CLI commands (node:util parseArgs with our usage errors). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Marks usage errors so that `instanceof` holds across bundles (each command is a bundle of its own). */
const BRAND = Symbol.for('synapse.UsageError');

export class UsageError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A port flag's value (0-65535; 0 picks a free port), or the default when the flag is absent. */
export function portOption(v: string | undefined, def: number, flag: string): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag} must be a port number (0-65535), got '${v}'`);
  return n;
}
