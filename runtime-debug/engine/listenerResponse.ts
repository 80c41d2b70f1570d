/**
 * The head of every answer the HTTP listeners write (the mediation listener, HTTPS, HTTP inbound endpoints), as MI's
 * pass-through listener frames it: httpcore's ResponseConnControl (one of SourceConfiguration's interceptors)
 * decides the Connection line, and the status line is in the request's own version (SourceResponse.start:
 * `newHttpResponse(request.getVersion(), ...)`). Node's server would answer every request `HTTP/1.1` and add its own
 * `Connection: keep-alive` / `Keep-Alive: timeout=N` lines. One subclass of Node's ServerResponse (the `ServerResponse`
 * option of createServer) so that each answer, whoever writes it, gets the same head. Also here: the answer's framing
 * as the message asks for it (Content-Length or chunks, keep-alive off, HTTP/1.0) and what the listener answers to
 * bytes that do not parse as a request (SourceHandler.generateHTTPErrorResponse, or a second parse).
 */
import type { EventEmitter } from 'node:events';
import {
  ServerResponse,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { MessageContext } from './context';
import { isTrueExplicitly } from './mediators/util';

/** The statuses after which httpcore's ResponseConnControl always drops the connection. */
export const CLOSE_STATUSES = new Set([400, 408, 411, 413, 414, 501, 503]);

/** Node's own fields this class reads or sets (stable since Node 0.x / 15.7 for `req`). */
interface NodeOutgoing {
  _header: string | null;
  useChunkedEncodingByDefault: boolean;
}

export class ListenerResponse<
  Request extends IncomingMessage = IncomingMessage,
> extends ServerResponse<Request> {
  /**
   * Answer in HTTP/1.0 whatever the request's version (FORCE_HTTP_1.0 "true" on the answer: SourceResponse
   * versionChangeRequired). Such an answer without a keep-alive Connection line ends the connection
   * (DefaultConnectionReuseStrategy: HTTP/1.0 is not persistent by default).
   */
  http10 = false;

  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    let given = headers;
    let phrase: string | undefined;
    if (typeof reason === 'string') phrase = reason;
    else if (reason !== undefined) given = reason;
    // (an array given is used as it is until a line has to change: the callers hand over a list of their own)
    let lines: OutgoingHttpHeader[] = Array.isArray(given) ? given : flatLines(given);
    const req = this.req;
    const asked10 = req.httpVersionMajor === 1 && req.httpVersionMinor === 0;
    const http10 = asked10 || this.http10;
    // an HTTP/1.0 answer is never chunked: httpcore's ResponseContent writes no Transfer-Encoding for 1.0, and
    // StrictContentLengthStrategy then takes a body without a length as delimited by the connection's close (Node
    // would chunk it when the request named `TE: chunked`)
    if (http10) (this as unknown as NodeOutgoing).useChunkedEncodingByDefault = false;
    const value = connectionValue(this, statusCode, lines, http10, asked10);
    if (value === undefined) {
      // MI writes no Connection line: Node's keep-alive lines are taken out and Node still keeps the connection
      // (OutgoingMessage._removedConnection), but for an HTTP/1.0 answer (not persistent without keep-alive)
      if (http10) this.shouldKeepAlive = false;
      this.removeHeader('connection');
    } else {
      lines = lines.slice();
      for (let i = lines.length - 2; i >= 0; i -= 2) if (isName(lines[i], 'connection')) lines.splice(i, 2);
      lines.push('Connection', value);
    }
    if (phrase !== undefined) super.writeHead(statusCode, phrase, lines);
    else super.writeHead(statusCode, lines);
    if (http10) {
      // the status line in the request's version (Node writes HTTP/1.1 always; the head is sent with the first write)
      const own = this as unknown as NodeOutgoing;
      if (typeof own._header === 'string' && own._header.startsWith('HTTP/1.1 '))
        own._header = `HTTP/1.0 ${own._header.slice(9)}`;
    }
    return this;
  }
}

/** The headers handed to writeHead as one flat [name, value, ...] list. */
function flatLines(given: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): OutgoingHttpHeader[] {
  if (given === undefined) return [];
  if (Array.isArray(given)) return given.slice();
  const lines: OutgoingHttpHeader[] = [];
  for (const name of Object.keys(given)) {
    const v = given[name];
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) lines.push(name, one);
    else lines.push(name, typeof v === 'number' ? String(v) : v);
  }
  return lines;
}

/** Whether a header line's name is `lower` (a lower-case name), compared without making a string per line. */
function isName(name: OutgoingHttpHeader | undefined, lower: string): boolean {
  return typeof name === 'string' && name.length === lower.length && name.toLowerCase() === lower;
}

function lineValue(res: ServerResponse, lines: OutgoingHttpHeader[], name: string): string | undefined {
  for (let i = 0; i + 1 < lines.length; i += 2) if (isName(lines[i], name)) return String(lines[i + 1]);
  const set = res.getHeader(name);
  return set === undefined ? undefined : String(set);
}

/**
 * The Connection line of an answer, or undefined for none, as MI decides it:
 * - `Close` after 400, 408, 411, 413, 414, 501 and 503 (ResponseConnControl; the connection ends);
 * - an explicit `Close` the answer already carries stays (ResponseConnControl: persistence explicitly disabled);
 *   SourceResponseFactory sets one for a GET, HEAD or DELETE request that came with a Content-Length or a
 *   Transfer-Encoding header (its body would be read as the next request: keep-alive is disabled);
 * - `Close` for an HTTP/1.0 answer with a body of unknown length (ResponseConnControl: it cannot be delimited but by
 *   closing);
 * - else the request's own Connection header answered back; `Close` for an HTTP/1.0 request without one; none for
 *   an HTTP/1.1 request without one (`http10`: the answer's version, `asked10`: the request's).
 */
function connectionValue(
  res: ServerResponse,
  status: number,
  lines: OutgoingHttpHeader[],
  http10: boolean,
  asked10: boolean,
): string | undefined {
  const req = res.req;
  return connectionFor(
    status,
    (req.method ?? '').toUpperCase(),
    req.headers,
    lineValue(res, lines, 'connection'),
    http10 && lineValue(res, lines, 'content-length') === undefined,
    asked10,
  );
}

/**
 * connectionValue's rule on what it reads (the raw front end, rawFront.ts, writes its answers' Connection line by it
 * too): `method` upper-cased, `explicit` the answer's own Connection value, `unframed10` an HTTP/1.0 answer without a
 * Content-Length, `asked10` an HTTP/1.0 request.
 */
export function connectionFor(
  status: number,
  method: string,
  headers: IncomingHttpHeaders,
  explicit: string | undefined,
  unframed10: boolean,
  asked10: boolean,
): string | undefined {
  if (CLOSE_STATUSES.has(status)) return 'Close';
  if (explicit !== undefined && explicit.toLowerCase() === 'close') return explicit;
  if (
    (method === 'GET' || method === 'HEAD' || method === 'DELETE') &&
    (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined)
  )
    return 'Close';
  if (unframed10) {
    const bodyless = method === 'HEAD' || status === 204 || status === 205 || status === 304 || status < 200;
    if (!bodyless) return 'Close';
  }
  const own = headers.connection;
  if (own !== undefined && own !== '') return own;
  return asked10 ? 'Close' : undefined;
}

/**
 * The methods httpcore's SynapseHTTPRequestFactory knows (compared ignoring case): any other request line fails
 * with a MethodNotSupportedException, answered 501 before any mediation.
 */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);
/**
 * The methods ServerWorker dispatches upper-cased whatever their case: GET, HEAD and OPTIONS through its GET processor
 * (REST_GET_DELETE_INVOKE, HTTP_METHOD upper-cased), and the ones SynapseHTTPRequestFactory makes an entity-enclosing
 * request of (POST, PUT, PATCH, DELETE) through processEntityEnclosingRequest, which sets HTTP_METHOD to the request
 * line's method upper-cased before the API dispatch reads it. TRACE and CONNECT keep the case they were sent in
 * (processHttpRequestUri's raw HTTP_METHOD, see CASE_KEPT).
 */
const UPPER_CASED = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The methods httpcore takes in any case but ServerWorker leaves as they were sent: processHttpRequestUri sets
 * HTTP_METHOD to the request line's method as it is, and neither the GET processor nor processEntityEnclosingRequest
 * (a TRACE or CONNECT is a BasicHttpRequest) upper-cases it. Node reads them only upper-cased: the head is written
 * again upper-cased and the method as sent is handed to the runtime (takeSentMethod).
 */
const CASE_KEPT = new Set(['TRACE', 'CONNECT']);
/** The method as the client sent it, for the request a re-parse handed over (read once by takeSentMethod). */
const kSentMethod = Symbol('sentMethod');
/** The methods it makes a request without an entity of (BasicHttpRequest): their Content-Length is never read. */
const NO_ENTITY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);
/** The longest head waited for when a re-parsed request's head comes in several packets (Node's maxHeaderSize). */
const HEAD_LIMIT = 16 * 1024;

/** The listeners besides data and end that Node's connectionListenerInternal puts on a socket (Node 12 to 24). */
const SESSION_LISTENERS: readonly (readonly [string, string])[] = [
  ['close', 'socketOnClose'],
  ['drain', 'socketOnDrain'],
  ['timeout', 'socketOnTimeout'],
  ['resume', 'onSocketResume'],
  ['pause', 'onSocketPause'],
];

/** Node's own fields and functions of a server socket and its parser this reads (stable since Node 12). */
interface ParsedSocket {
  server?: EventEmitter & { headersTimeout?: number };
  parser?: {
    _consumed?: boolean;
    unconsume?(): void;
    remove?(): void;
    close?(): void;
    socket?: unknown;
    incoming?: unknown;
    onIncoming?: unknown;
  } | null;
  _handle?: { _consumed?: boolean } | null;
  _httpMessage?: (EventEmitter & { writableFinished?: boolean; destroyed?: boolean }) | null;
  encrypted?: boolean;
}

/**
 * Node's parser (llhttp, even with insecureHTTPParser) refuses two requests httpcore takes: a known method in
 * another case (`post`: SynapseHTTPRequestFactory compares methods ignoring case, and ServerWorker dispatches GET, HEAD,
 * OPTIONS, POST, PUT, PATCH and DELETE upper-cased, see UPPER_CASED), and a Content-Length that is no number (say
 * -100) on a request httpcore reads no entity of (GET, HEAD, OPTIONS, TRACE, CONNECT: a BasicHttpRequest, whose
 * Content-Length nothing reads; MI tests-http ContentLengthDifferFromPayloadContentLength answers such a GET 200).
 * The failed request's head is written again as Node reads it (the method upper-cased, such a Content-Length 0: its
 * body is the next request, as for httpcore; the header still turns keep-alive off) and the connection is handed to a
 * new parser of the same server, as Node itself hands one over on an upgrade. A method in another case may come after
 * other requests on the connection (their answers are written first: the hand-over waits for them) and its head may
 * come in several packets (read until it is whole). Returns false (the caller answers the error) when the failure is
 * none of these; once it returns true the connection is this function's to answer.
 */
export function reparseRequest(
  err: Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number },
  socket: Duplex,
): boolean {
  if (err.code !== 'HPE_INVALID_METHOD' && err.code !== 'HPE_INVALID_CONTENT_LENGTH') return false;
  const s = socket as Duplex & ParsedSocket;
  const raw = err.rawPacket;
  const server = s.server;
  const parser = s.parser;
  if (!raw || !server || !parser || typeof parser.unconsume !== 'function') return false;
  // the HTTP session's own data and end listeners (Node's socketOnData / socketOnEnd, bound to the failed parser);
  // nothing else may read the connection (wire logs tap it otherwise)
  const data = socket.listeners('data');
  const ends = socket.listeners('end').filter((f) => /socketOnEnd/.test(f.name));
  if (data.length !== 1 || !/socketOnData/.test(data[0].name) || ends.length !== 1) return false;
  // the connection listener Node's server registered first (http: 'connection', https: 'secureConnection')
  const nodeListener = nodeConnectionListener(server, s.encrypted === true);
  if (typeof nodeListener !== 'function') return false;
  const text = raw.toString('latin1');
  let start = 0;
  if (err.code === 'HPE_INVALID_METHOD') {
    // the failed request starts where the parser stopped, or before the upper-case letters it took as a method's
    // beginning (`Post` fails at the o); what is before it, the requests before, was taken
    const at = Math.min(err.bytesParsed ?? 0, text.length);
    let token = '';
    for (let k = 0; k <= at && k < 8; k++) {
      if (k > 0 && !/[A-Z]/.test(text[at - k])) break;
      const t = /^[A-Za-z]*/.exec(text.slice(at - k))?.[0] ?? '';
      const upper = t.toUpperCase();
      const whole = text.length > at - k + t.length;
      if (
        t !== upper &&
        (whole
          ? UPPER_CASED.has(upper) || CASE_KEPT.has(upper)
          : [...UPPER_CASED, ...CASE_KEPT].some((m) => m.startsWith(upper)))
      ) {
        start = at - k;
        token = t;
        break;
      }
    }
    if (token === '') return false;
  } else if (s._httpMessage) return false;
  // the failed parser lets go of the connection (what Node's freeParser does first); what comes next is kept here
  if (parser._consumed) parser.unconsume();
  parser._consumed = false;
  if (s._handle) s._handle._consumed = false;
  socket.removeListener('data', data[0] as (...args: unknown[]) => void);
  socket.removeListener('end', ends[0] as (...args: unknown[]) => void);
  let pending = raw.subarray(start);
  let done = false;
  let waiting = false;
  const timer = setTimeout(() => finish(), server.headersTimeout || 60_000);
  timer.unref();
  const onData = (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    proceed();
  };
  const onGone = (): void => finish();
  function finish(answer?: string): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    socket.removeListener('end', onGone);
    socket.removeListener('close', onGone);
    if (answer !== undefined && socket.writable && !socket.destroyed) socket.end(answer);
    else socket.destroy();
  }
  function proceed(): void {
    if (done || waiting) return;
    if (socket.destroyed || !socket.writable) return finish();
    // the answers to the requests before it are written first (as httpcore answers a connection's requests in order)
    const before = s._httpMessage;
    if (before && !before.writableFinished && !before.destroyed) {
      socket.pause();
      waiting = true;
      const next = (): void => {
        before.removeListener('finish', next);
        before.removeListener('close', next);
        setImmediate(() => {
          waiting = false;
          proceed();
        });
      };
      before.once('finish', next);
      before.once('close', next);
      return;
    }
    const head = pending.toString('latin1');
    const headEnd = head.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      if (pending.length > HEAD_LIMIT) return finish(listenerErrorAnswer('400 Bad request'));
      socket.resume();
      return;
    }
    const fixed = rewrittenHead(head, headEnd);
    if (!fixed) {
      const line = head.slice(0, head.indexOf('\r\n'));
      return finish(
        listenerErrorAnswer(
          /^[ \t]*\S+[ \t]+\S+[ \t]+HTTP\/\d+\.\d+[ \t]*$/.test(line) && err.code === 'HPE_INVALID_METHOD'
            ? '501 Not Implemented'
            : '400 Bad request',
        ),
      );
    }
    done = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    socket.removeListener('end', onGone);
    socket.removeListener('close', onGone);
    const sent = /^[A-Za-z]+/.exec(head)?.[0] ?? '';
    if (CASE_KEPT.has(sent.toUpperCase()) && sent !== sent.toUpperCase())
      (s as Duplex & { [kSentMethod]?: string })[kSentMethod] = sent;
    handOver(s, fixed, nodeListener as (this: EventEmitter, socket: Duplex) => void);
  }
  socket.on('end', onGone);
  socket.on('close', onGone);
  socket.on('data', onData);
  proceed();
  return true;
}

/** The head of a request Node refused, written as Node reads it (see reparseRequest), or undefined. */
function rewrittenHead(text: string, headEnd: number): Buffer | undefined {
  const eol = text.indexOf('\r\n');
  if (eol <= 0 || headEnd < eol) return undefined;
  const line = /^([A-Za-z]+) (\S+) (HTTP\/1\.[01])$/.exec(text.slice(0, eol));
  if (!line) return undefined;
  const upper = line[1].toUpperCase();
  const method = UPPER_CASED.has(upper) || CASE_KEPT.has(upper) ? upper : line[1];
  if (!KNOWN_METHODS.has(method)) return undefined;
  let headers = text.slice(eol, headEnd);
  let changed = method !== line[1];
  if (NO_ENTITY_METHODS.has(method))
    headers = headers.replace(
      /(\r\ncontent-length[ \t]*:[ \t]*)([^\r]*)/gi,
      (all, name: string, v: string) => {
        if (/^\d+[ \t]*$/.test(v)) return all;
        changed = true;
        return `${name}0`;
      },
    );
  if (!changed) return undefined;
  return Buffer.from(`${method} ${line[2]} ${line[3]}${headers}${text.slice(headEnd)}`, 'latin1');
}

/**
 * The method a TRACE or CONNECT in another case was sent with (`trace`), for the first request Node parses after the
 * re-parse handed its connection over; undefined for any other request.
 */
export function takeSentMethod(req: IncomingMessage): string | undefined {
  const s = req.socket as Duplex & { [kSentMethod]?: string };
  const sent = s[kSentMethod];
  if (sent !== undefined) delete s[kSentMethod];
  return sent;
}

/**
 * A CONNECT request served as any other, as MI's listener serves it (SynapseHTTPRequestFactory makes a BasicHttpRequest
 * of it and ServerWorker dispatches it to the APIs and proxy services): Node takes it for a tunnel (its 'connect'
 * event, the connection destroyed when nobody listens). The answer is written on the connection as Node writes a
 * request's, and the connection then goes to a new HTTP session of the server (unless the answer closes it).
 */
export function serveConnect(
  server: EventEmitter,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  https = false,
): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex, rest: Buffer) => {
    const res = new ListenerResponse(req);
    const conn = req.headers.connection?.toLowerCase();
    res.shouldKeepAlive =
      req.httpVersionMajor === 1 && req.httpVersionMinor === 0 ? conn === 'keep-alive' : conn !== 'close';
    res.assignSocket(socket as Parameters<ServerResponse['assignSocket']>[0]);
    const done = (): void => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      res.detachSocket(socket as Parameters<ServerResponse['detachSocket']>[0]);
      const nodeListener = nodeConnectionListener(server, https);
      if (
        (res as unknown as { _last?: boolean })._last ||
        !nodeListener ||
        socket.destroyed ||
        !socket.writable
      )
        socket.end();
      else handOver(socket as Duplex & ParsedSocket, rest, nodeListener);
    };
    res.once('finish', done);
    res.once('close', done);
    handler(req, res);
  });
}

/**
 * The server's own connection listener (node:http's connectionListener, registered first: http 'connection', https
 * 'secureConnection'), or the one the raw front end (rawFront.ts) took the place of.
 */
export const NODE_CONNECTION_LISTENER = Symbol('nodeConnectionListener');

function nodeConnectionListener(
  server: EventEmitter & { [NODE_CONNECTION_LISTENER]?: unknown },
  https: boolean,
): ((this: EventEmitter, socket: Duplex) => void) | undefined {
  const l =
    (!https && server[NODE_CONNECTION_LISTENER]) ||
    server.listeners(https ? 'secureConnection' : 'connection')[0];
  return typeof l === 'function' ? (l as (this: EventEmitter, socket: Duplex) => void) : undefined;
}

/**
 * The connection, its failed parser (if any) let go of, handed to a new session of the server with `bytes` to read
 * first (the raw front end's connections too, which no node:http parser read yet).
 */
export function handOver(
  socket: Duplex,
  bytes: Buffer,
  nodeListener: (this: EventEmitter, socket: Duplex) => void,
): void {
  const s = socket as Duplex & ParsedSocket;
  const parser = s.parser;
  const server = s.server as EventEmitter;
  if (parser) {
    if (parser._consumed) parser.unconsume?.();
    parser._consumed = false;
    parser.remove?.();
  }
  if (s._handle) s._handle._consumed = false;
  s.parser = null;
  // and the session's other listeners, which the new session registers again: left in place, each re-parse on a
  // kept-alive connection added one more of each (a leak, and the old session's drain handler resumed the socket
  // whatever the new one's back-pressure)
  for (const [event, name] of SESSION_LISTENERS) {
    const own = s.listeners(event).find((f) => f.name === name || f.name === `bound ${name}`);
    if (own) s.removeListener(event, own as (...args: unknown[]) => void);
  }
  nodeListener.call(server, s);
  if (bytes.length > 0) s.unshift(bytes);
  s.resume();
  // and is closed, as Node's freeParser closes one its free list does not take back (closeParserInstance, on the next
  // turn: it is still executing): a parser never closed stays in memory with all it refers to (about 4 KB per
  // re-parse on a kept-alive connection)
  if (parser) {
    parser.socket = null;
    parser.incoming = null;
    parser.onIncoming = null;
    setImmediate(() => parser.close?.());
  }
}

/**
 * What the message itself asks of the answer's connection (the Connection line is ListenerResponse's): NO_KEEPALIVE
 * "true" makes SourceResponseFactory set keep-alive off (`Connection: Close`, the connection ends); FORCE_HTTP_1.0
 * "true" makes SourceResponse.checkResponseChunkDisable answer in HTTP/1.0 (with the formatted length, replyLength).
 */
export function replyConnection(ctx: MessageContext, res: ServerResponse, lines: string[]): void {
  if (ctx.axis2.get('NO_KEEPALIVE') === 'true') lines.push('Connection', 'Close');
  if (ctx.axis2.get('FORCE_HTTP_1.0') === 'true' && res instanceof ListenerResponse) res.http10 = true;
}

/**
 * The Content-Length of an answer with a body, as MI's pass-through decides its framing: SourceResponse.start writes
 * one only when the headers it was given hold one, else the entity is chunked; removeUnwantedHeaders takes the
 * message's own Content-Length out (http.headers.preserve is Content-Type). One is given when chunking is disabled
 * (DISABLE_CHUNKING, or FORCE_HTTP_1.0 "true": checkResponseChunkDisable writes the formatted length), or copied from
 * the incoming message with FORCE_HTTP_CONTENT_LENGTH and COPY_CONTENT_LENGTH_FROM_INCOMING (SourceResponseFactory).
 * undefined: chunked. `size`: the formatted body's length when it is known (a stream's is not: its incoming one).
 */
export function replyLength(ctx: MessageContext, size: number | undefined): string | undefined {
  if (chunkingDisabled(ctx)) return size !== undefined ? String(size) : ctx.headers.get('content-length');
  return copiedLength(ctx);
}

/** DISABLE_CHUNKING, or FORCE_HTTP_1.0 "true" (SourceResponse.calculateContentlengthForChunckDisabledResponse). */
export function chunkingDisabled(ctx: MessageContext): boolean {
  return isTrueExplicitly(ctx.axis2.get('DISABLE_CHUNKING')) || ctx.axis2.get('FORCE_HTTP_1.0') === 'true';
}

/** The incoming Content-Length SourceResponseFactory copies with FORCE_HTTP_CONTENT_LENGTH + COPY_CONTENT_LENGTH_FROM_INCOMING. */
export function copiedLength(ctx: MessageContext): string | undefined {
  if (
    isTrueExplicitly(ctx.axis2.get('FORCE_HTTP_CONTENT_LENGTH')) &&
    isTrueExplicitly(ctx.axis2.get('COPY_CONTENT_LENGTH_FROM_INCOMING'))
  )
    return ctx.headers.get('content-length');
  return undefined;
}

/**
 * Bytes on a connection that do not parse as a request (say, a body longer than its Content-Length): Node would
 * answer 400 and destroy the socket at once, losing the answer to the request before them that is still being
 * mediated. MI's listener answers that request first (MI's tests-http ContentLengthDifferFromPayloadContentLength
 * expects its 200/202), so the 400 (431 for oversized headers, 408 for a slow head) waits for it. The answer is
 * the one SourceHandler.generateHTTPErrorResponse writes: a request head httpcore cannot parse (an HttpException) is
 * `400 Bad request`, a method its SynapseHTTPRequestFactory does not know (MethodNotSupportedException) `501 Not
 * Implemented`, each with Connection: Close and what SourceConfiguration's interceptors add (Date, Content-Length: 0).
 * A body that breaks while it is read (a bad chunk: MalformedChunkCodingException, an IOException) gets no answer:
 * SourceHandler.inputReady shuts the connection down (MI's tests-http ClientSendsInvalidChunksTestCase).
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // a request httpcore takes and llhttp refuses (a method in lower case, a GET's bad Content-Length): parsed again
  if (reparseRequest(err, socket)) return;
  // the response Node has bound to the socket for the request in flight (Node's own field, stable since 0.x)
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  const bodyBroke = pending !== undefined && pending !== null && !pending.req.complete;
  if (bodyBroke && err.code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy();
    return;
  }
  let answered = false;
  const answer = (): void => {
    if (answered) return;
    answered = true;
    if (socket.writable && !socket.destroyed) {
      const status =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : unknownMethod(err)
              ? '501 Not Implemented'
              : '400 Bad request';
      socket.end(listenerErrorAnswer(status));
    } else socket.destroy();
  };
  // only when that request was read whole (a body that broke ends the exchange above)
  if (pending && !bodyBroke && !pending.writableFinished && !pending.destroyed) {
    pending.once('finish', answer);
    pending.once('close', answer);
  } else answer();
}

/**
 * A request line httpcore parses (BasicLineParser: a method, a URI, HTTP/x.y) with a method Node does not know:
 * MI's request factory refuses it (501); any other line that does not parse is a ProtocolException (400).
 */
function unknownMethod(err: Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number }): boolean {
  if (err.code !== 'HPE_INVALID_METHOD' || !err.rawPacket) return false;
  // (the packet may hold the request before it too: the line is the one the parser stopped in)
  const text = err.rawPacket.toString('latin1');
  const at = Math.min(err.bytesParsed ?? 0, text.length);
  const start = at > 0 ? text.lastIndexOf('\n', at - 1) + 1 : 0;
  const eol = text.indexOf('\n', at);
  const line = (eol < 0 ? text.slice(start) : text.slice(start, eol)).replace(/\r$/, '');
  return /^[ \t]*\S+[ \t]+\S+[ \t]+HTTP\/\d+\.\d+[ \t]*$/.test(line);
}

/** The head SourceHandler.generateHTTPErrorResponse writes (Connection: Close, then ResponseDate, ResponseContent). */
export function listenerErrorAnswer(status: string): string {
  return `HTTP/1.1 ${status}\r\nConnection: Close\r\nDate: ${new Date().toUTCString()}\r\nContent-Length: 0\r\n\r\n`;
}
