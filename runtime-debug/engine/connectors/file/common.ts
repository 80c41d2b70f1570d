/**
 * What every File connector operation shares: its evaluated parameters, the result document
 * (Utils.generateOperationResult), the mapping of a failure to an error kind by the operation's own catch blocks,
 * and the retry loop of the operations that have one (maxRetries / retryDelay).
 */
import {
  FileOpError,
  FileOpFailure,
  FileOpUncaught,
  type FileErrorKind,
  type FileFailure,
  FILE_ERRORS,
} from './errors';
import { stat } from './fsops';
import { parseJavaInt } from '../../../../core/javaNumbers';

/** An operation's parameters, already evaluated for the message (undefined: not given). */
export type Params = (name: string) => string | undefined;

/** What an operation produced. */
export interface FileOutcome {
  /** The result document (success, writtenBytes, result, error, and the operation's own fields). */
  json: Record<string, unknown>;
  /** read: the content, to become the body (overwriteBody) or the variable's payload. */
  content?: { bytes: Buffer; contentType: string };
  /** read: the file's metadata (the ConnectorResponse attributes). */
  attributes?: Record<string, string>;
  /** The operation answered nothing (delete of a path that is neither a file nor a folder). */
  silent?: boolean;
  /** fetchDirectoryContent: a message property to set (its result goes there, not to the body). */
  property?: { name: string; value: unknown };
}

/** The result document of a success (generateOperationResult: writtenBytes only when not 0). */
export function okResult(writtenBytes = 0): Record<string, unknown> {
  const json: Record<string, unknown> = { success: true };
  if (writtenBytes !== 0) json.writtenBytes = writtenBytes;
  return json;
}

/** The result document of a failure (generateOperationResult with an error). */
export function errorResult(e: FileOpError): Record<string, unknown> {
  const error: Record<string, unknown> = {
    code: FILE_ERRORS[e.kind].code,
    message: FILE_ERRORS[e.kind].message,
  };
  if (e.detail) error.detail = e.detail;
  return { success: false, error };
}

/** Java's Boolean.parseBoolean over a looked-up parameter with a default for an empty one (lookUpBooleanParam). */
export function boolParam(p: Params, name: string, dflt: boolean): boolean {
  const v = p(name);
  if (v === undefined || v === '') return dflt;
  return v.toLowerCase() === 'true';
}

/** lookUpStringParam with a default: an empty value takes the default. */
export function strParam(p: Params, name: string, dflt: string): string {
  const v = p(name);
  return v === undefined || v === '' ? dflt : v;
}

/** lookUpStringParam without a default: an empty value is an InvalidConfigurationException. */
export function requiredParam(p: Params, name: string): string {
  const v = p(name);
  if (v === undefined || v === '') throw new FileOpFailure('config', `Parameter '${name}' is not provided `);
  return v;
}

/** Java's Integer.parseInt: a NumberFormatException (a generic failure) when not an int. */
export function javaInt(v: string): number {
  const n = parseJavaInt(v);
  if (n === undefined) throw new FileOpFailure('runtime', `For input string: "${v}"`);
  return n;
}

/** Which kind each failure becomes in one operation (its catch blocks); unlisted failures are generic. */
export type KindMap = Partial<Record<FileFailure, FileErrorKind | 'UNCAUGHT'>>;

/** The retry loop caps (MI has none; the embedded runtime bounds what one message may take). */
export const MAX_RETRIES_CAP = 10;
export const RETRY_DELAY_CAP_MS = 5000;

export interface RunOptions {
  /** The operation's name in MI's log text ("file:write"). */
  op: string;
  /** MI's log text before the path ("Error while performing file:write for file "). */
  context: string;
  /** The failures mapped to a kind at once (no retry). */
  kinds: KindMap;
  /** The kind a generic failure becomes (RETRY_EXHAUSTED for the operations with a retry loop). */
  generic: FileErrorKind;
  /** The operation retries generic failures (maxRetries / retryDelay). */
  retries: boolean;
}

/**
 * Runs one operation as the connector's execute() does: a failure listed in `kinds` is reported at once; a generic
 * one (an I/O error, a FileOperationException, a runtime exception) is retried while `attempt < maxRetries - 1`
 * (so maxRetries attempts in all, at least one), `retryDelay` ms apart, then reported as `generic`. The path in
 * MI's log text is whatever `target()` says when it failed.
 */
export async function runOperation(
  p: Params,
  o: RunOptions,
  target: () => string | undefined,
  body: () => Promise<FileOutcome>,
): Promise<FileOutcome> {
  let maxRetries = 0;
  let retryDelay = 0;
  if (o.retries) {
    const r = Number(p('maxRetries'));
    const d = Number(p('retryDelay'));
    if (Number.isInteger(r) && Number.isInteger(d) && p('maxRetries') && p('retryDelay')) {
      maxRetries = Math.min(Math.max(r, 0), MAX_RETRIES_CAP);
      retryDelay = Math.min(Math.max(d, 0), RETRY_DELAY_CAP_MS);
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await body();
    } catch (e) {
      const f =
        e instanceof FileOpFailure
          ? e
          : e instanceof FileOpError || e instanceof FileOpUncaught
            ? undefined
            : new FileOpFailure('io', (e as Error)?.message ?? String(e));
      if (!f) throw e;
      const where = `${o.context}${target() ?? 'null'}`;
      const kind = o.kinds[f.failure];
      if (kind === 'UNCAUGHT') throw new FileOpUncaught(f.message, where);
      if (kind) throw new FileOpError(kind, f.message, where);
      if (!o.retries || attempt >= maxRetries - 1) throw new FileOpError(o.generic, f.message, where);
      if (retryDelay > 0) await new Promise((r) => setTimeout(r, retryDelay));
    }
  }
}

/** The longest size-stability wait one operation makes (MI has none). */
export const STABILITY_WAIT_CAP_MS = 10_000;

/**
 * The operations' isFileStable: the size, `timeBetweenSizeCheck` ms apart, unchanged. Not a number, 0 or less, or
 * an error reading the size: stable (MI assumes so).
 */
export async function isStable(path: string, interval: string | undefined): Promise<boolean> {
  if (!interval || !/^[+-]?\d+$/.test(interval.trim())) return true;
  const ms = Number(interval.trim());
  if (ms <= 0) return true;
  try {
    const before = (await stat(path)).size;
    await new Promise((r) => setTimeout(r, Math.min(ms, STABILITY_WAIT_CAP_MS)));
    return (await stat(path)).size === before;
  } catch {
    return true;
  }
}
