/**
 * Small bodies are read into one buffer instead of being streamed: for a body of a few kilobytes a stream costs more
 * (readable state, pipe, one write per chunk) than the copy, and one buffer lets the transport answer with a single
 * write. Bodies without a declared length, or larger than this, keep streaming (pass-through).
 */
import type { Readable } from 'node:stream';

/** Declared lengths up to this many bytes are read into one buffer. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** True when a declared Content-Length is small enough to read at once. */
export function isSmallBody(contentLength: string | string[] | undefined): boolean {
  if (typeof contentLength !== 'string') return false;
  const n = Number(contentLength);
  return n > 0 && n <= SMALL_BODY_BYTES;
}

/**
 * Reads a whole stream into one buffer and hands it to `done`, or undefined when the stream fails or closes before
 * its end (a dropped connection), so a truncated body never passes for a complete one. A callback, not a promise:
 * this is on every request's path.
 */
export function readSmallBody(s: Readable, done: (body: Buffer | undefined) => void): void {
  // the listeners stay attached once settled (the stream is the request's and goes with it): cheaper than removing
  let settled = false;
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  s.on('data', (c: Buffer) => {
    if (first === undefined) first = c;
    else (more ??= [first]).push(c);
  });
  s.on('end', () => {
    if (settled) return;
    settled = true;
    done(more ? Buffer.concat(more) : (first ?? Buffer.alloc(0)));
  });
  const fail = (): void => {
    if (settled) return;
    settled = true;
    done(undefined);
  };
  s.on('error', fail);
  s.on('close', fail);
}
