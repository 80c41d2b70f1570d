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
 * Reads a whole stream into one buffer. Rejects when the stream fails or closes before its end (a dropped
 * connection), so a truncated body never passes for a complete one.
 */
export function readSmallBody(s: Readable): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
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
      resolve(more ? Buffer.concat(more) : (first ?? Buffer.alloc(0)));
    });
    s.on('error', (e: Error) => {
      if (settled) return;
      settled = true;
      reject(e);
    });
    s.on('close', () => {
      if (settled) return;
      settled = true;
      const e = new Error('the connection closed before the body ended') as Error & { code: string };
      e.code = 'ECONNRESET';
      reject(e);
    });
  });
}
