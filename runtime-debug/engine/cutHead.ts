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

/** The request line undici writes first (the head is written as one string). */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/;
const HEAD_END = /\r?\n\r?\n/;

/** Watches one back-end connection (undici reads it with read(); the wrapper sees every chunk undici gets). */
function completeCutHeads(socket: Socket): void {
  let awaiting = false;
  let seen = '';
  const write = socket.write;
  socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && REQUEST_LINE.test(chunk)) {
      awaiting = true;
      seen = '';
    }
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof socket.write;
  const read = socket.read;
  socket.read = function (this: Socket, size?: number) {
    const chunk = read.call(this, size) as Buffer | string | null;
    if (!awaiting) return chunk;
    if (chunk !== null) {
      // (a head is small: only its last bytes matter once it is long)
      seen = (seen + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'))).slice(-65536);
      if (HEAD_END.test(seen)) awaiting = false;
      return chunk;
    }
    const state = (this as Socket & { _readableState?: { ended?: boolean } })._readableState;
    if (!state?.ended || seen.length === 0) return chunk;
    // the back end is done writing and the head has no end: finish its last line, then the head
    awaiting = false;
    return Buffer.from(seen.endsWith('\n') ? '\r\n' : '\r\n\r\n', 'latin1');
  } as typeof socket.read;
}

/** undici's connector (TLS options as given) whose sockets take a head cut by the close as MI does. */
export function cutHeadConnector(tls: object | undefined): buildConnector.connector {
  const connect = buildConnector({ ...(tls ?? {}) });
  return (opts, callback) =>
    connect(opts, (err, socket) => {
      if (socket) completeCutHeads(socket as Socket);
      (callback as (e: Error | null, s: unknown) => void)(err, socket);
    });
}
