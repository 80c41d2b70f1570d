/**
 * A back end that closes its connection in the middle of a response head ("HTTP/1.1 200 OK", some header lines, no
 * blank line): MI's httpcore takes what came as the whole head (AbstractMessageParser.parse: at the end of the
 * stream the unfinished last line is read as a line, and the head is COMPLETED), so the response goes on with its
 * status and headers and a body cut short (MI's tests-http BackendClosesConnectionWhileSendingHeadersTestCase
 * expects the back end's 200). undici's parser would call that connection closed; this tap hands it the end of the
 * head the back end never wrote, at the end of the stream, when bytes of a response head came without one.
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { trustedConnector } from './tlsTrust';

/** The request line undici writes first (the head is written as one string). */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/;
/** The end of a head: an empty line (CRLF or a bare LF, as httpcore reads lines). */
const HEAD_END = /\r?\n\r?\n/;
/** The same as needles for Buffer.indexOf (made once: a string needle is converted on every call). */
const LF_CRLF = Buffer.from('\n\r\n', 'latin1');
const LF_LF = Buffer.from('\n\n', 'latin1');

/**
 * Watches one back-end connection (undici reads it with read(); the wrapper sees every chunk undici gets). Every
 * response passes here, so a chunk is searched as bytes (no string made of it) and only its last two bytes are kept
 * (for an empty line split between two chunks).
 */
function completeCutHeads(socket: Socket): void {
  let awaiting = false;
  let any = false;
  let tail = '';
  const write = socket.write;
  // (write takes a chunk, an encoding and a callback, each optional: passed on as they came, without a rest array)
  socket.write = function (this: Socket, chunk: unknown, encoding?: unknown, cb?: unknown) {
    if (typeof chunk === 'string' && REQUEST_LINE.test(chunk)) {
      awaiting = true;
      any = false;
      tail = '';
    }
    return (write as (c: unknown, e: unknown, f: unknown) => boolean).call(this, chunk, encoding, cb);
  } as typeof socket.write;
  const read = socket.read;
  socket.read = function (this: Socket, size?: number) {
    const chunk = read.call(this, size) as Buffer | string | null;
    if (!awaiting) return chunk;
    if (chunk !== null) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      if (bytes.length === 0) return chunk;
      any = true;
      if (
        bytes.indexOf(LF_CRLF) >= 0 ||
        bytes.indexOf(LF_LF) >= 0 ||
        HEAD_END.test(tail + bytes.toString('latin1', 0, 2))
      )
        awaiting = false;
      else tail = (tail + bytes.toString('latin1', Math.max(0, bytes.length - 2))).slice(-2);
      return chunk;
    }
    const state = (this as Socket & { _readableState?: { ended?: boolean } })._readableState;
    if (!state?.ended || !any) return chunk;
    // the back end is done writing and the head has no end: finish its last line, then the head
    awaiting = false;
    return Buffer.from(tail.endsWith('\n') ? '\r\n' : '\r\n\r\n', 'latin1');
  } as typeof socket.read;
}

/** undici's connector (TLS options as given) whose sockets take a head cut by the close as MI does. */
export function cutHeadConnector(tls: object | undefined): buildConnector.connector {
  const connect = trustedConnector(tls);
  return (opts, callback) =>
    connect(opts, (err, socket) => {
      if (socket) completeCutHeads(socket as Socket);
      (callback as (e: Error | null, s: unknown) => void)(err, socket);
    });
}
