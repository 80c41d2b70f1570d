/**
 * The raw front end of the HTTP listener, for the relay path (relay.ts): a connection is read with Node's own request
 * parser (the llhttp binding node:http uses, `_http_common`'s HTTPParser) and a request the relay path takes is served
 * without node:http's request and response objects: its plain answer is written as one buffer, byte for byte what
 * ListenerResponse writes for it. Everything else goes to node:http for good: the bytes since the current message's
 * start are put back and the connection handed to the server's own connection listener (listenerResponse.ts
 * handOver), so a request the relay path does not take, a parse error, pipelined or HTTP/1.0 requests are node:http's
 * as before. A relayed request whose answer is not written here (not plain, a streamed body, a back end's failure) is
 * handed over too, its recorded exchange attached to the connection: when Node emits that request the runtime takes
 * it up (takeResume) instead of relaying again. docs/architecture.md ("The relay path") tells what is served raw.
 */
import type { EventEmitter } from 'node:events';
import { IncomingMessage, STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connectionFor, handOver, ListenerResponse, NODE_CONNECTION_LISTENER } from './listenerResponse';
import type { RawExchange, RelayRequest, Resume } from './relay';
import { SMALL_BODY_BYTES } from './smallBody';

/** Node's parser binding as `_http_common` exports it (Node 12 to 24). */
interface NodeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): Error | undefined;
  close(): void;
  [callback: number]: unknown;
}
interface HttpCommon {
  HTTPParser: {
    new (): NodeParser;
    REQUEST: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnMessageComplete: number;
  };
  methods: string[];
  _checkInvalidHeaderChar(value: string): boolean;
}
type AddHeaderLine = (this: object, field: string, value: string, dest: Record<string, unknown>) => void;

/** `_http_common` and IncomingMessage's header reader, or undefined (node:http then reads every connection). */
function nodeParts(): { common: HttpCommon; addLine: AddHeaderLine } | undefined {
  try {
    const common = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.(
      '_http_common',
    ) as HttpCommon | undefined;
    const addLine = (IncomingMessage.prototype as unknown as { _addHeaderLine?: AddHeaderLine })
      ._addHeaderLine;
    if (
      typeof common?.HTTPParser !== 'function' ||
      !Array.isArray(common.methods) ||
      typeof common._checkInvalidHeaderChar !== 'function' ||
      typeof addLine !== 'function' ||
      !readsAsExpected(common, addLine)
    )
      return undefined;
    return { common, addLine };
  } catch {
    return undefined;
  }
}

/**
 * Whether Node's parser and header reader still behave as this module reads them (the callbacks' arguments in their
 * order, a message's end, Node's duplicate rules): one request parsed when a listener starts, so that a Node whose
 * internals changed shape gets node:http's reading instead of a wrong one.
 */
function readsAsExpected(common: HttpCommon, addLine: AddHeaderLine): boolean {
  const { HTTPParser } = common;
  const p = new HTTPParser();
  let head = '';
  let ends = 0;
  let checked: boolean;
  try {
    p.initialize(HTTPParser.REQUEST, {}, 0, 0);
    p[HTTPParser.kOnHeadersComplete] = (...a: unknown[]) => {
      const raw = a[2] as string[] | undefined;
      head = `${a[0]}.${a[1]} ${common.methods[a[3] as number]} ${a[4]} ${raw?.join('|')} ${a[7]} ${a[8]}`;
    };
    p[HTTPParser.kOnMessageComplete] = () => ends++;
    const bytes = Buffer.from('PUT /a?b HTTP/1.1\r\nX-One: 1\r\nx-one: 2\r\nContent-Length: 1\r\n\r\nz');
    const r = p.execute(bytes);
    const h: Record<string, unknown> = {};
    for (const [n, v] of [
      ['X-One', '1'],
      ['x-one', '2'],
      ['Content-Type', 'a'],
      ['content-type', 'b'],
    ])
      addLine.call({}, n, v, h);
    checked =
      r === bytes.length &&
      ends === 1 &&
      head === '1.1 PUT /a?b X-One|1|x-one|2|Content-Length|1 false true' &&
      h['x-one'] === '1, 2' &&
      h['content-type'] === 'a';
  } catch {
    checked = false;
  } finally {
    p.close();
  }
  return checked;
}

/** What the runtime does for the raw front end. */
export interface RawFrontHost {
  /** Whether a new connection may be read raw (no wire logs tapping it). */
  accepts(): boolean;
  /** Relays a request read raw: true when the relay path took it (its answer then goes through `ex`). */
  take(req: RawRequest, ex: RawExchange, body: Buffer | undefined): boolean;
}

/** A request as the raw front end read it: what the relay path reads of node:http's IncomingMessage. */
export interface RawRequest extends RelayRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  socket: Socket;
}

/** What node:http's request is taken up with, attached to the connection handed over (see takeResume). */
interface Attached {
  resume: Resume;
  drop: () => void;
}
const kResume = Symbol('rawResume');

/**
 * The relay path's continuation for a request node:http parsed from bytes the raw front end handed over (the first
 * request Node emits on that connection), taken off the connection; undefined for any other request.
 */
export function takeResume(req: IncomingMessage): Attached | undefined {
  const s = req.socket as (Duplex & { [kResume]?: Attached }) | null;
  const a = s?.[kResume];
  if (a !== undefined) delete s![kResume];
  return a;
}

/** The methods a relayed request can have (relayableRequest). */
const RAW_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Node's check of a Connection value that ends the connection (OutgoingMessage: RE_CONN_CLOSE). */
const CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;
/** A Content-Length value read raw (any other goes to node:http). */
const DIGITS = /^\d+$/;
/** How long a message may stay incomplete before its connection goes to node:http (whose own timeouts then run). */
const PARTIAL_MS = 1000;

/**
 * What node:http adds to keepAliveTimeout when it arms an idle connection's timer (resOnFinish): Node 24's
 * server.keepAliveTimeoutBuffer, else 1000 ms (Node 20/22's HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER).
 */
function keepAliveBuffer(server: Server): number {
  const b = (server as Server & { keepAliveTimeoutBuffer?: number }).keepAliveTimeoutBuffer;
  return typeof b === 'number' && Number.isFinite(b) && b >= 0 ? b : 1000;
}

let dateSecond = -1;
let dateText = '';
/** Node's Date line value (utcDate: the time's UTC string, made once a second). */
function utcDate(): string {
  const now = Date.now();
  const s = Math.floor(now / 1000);
  if (s !== dateSecond) {
    dateSecond = s;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** The raw front end of one server: its connections, and how many answers it wrote itself (for tests). */
export class RawFront {
  served = 0;
  private readonly conns = new Set<RawConn>();

  constructor(
    readonly server: Server,
    readonly host: RawFrontHost,
    readonly common: HttpCommon,
    readonly addLine: AddHeaderLine,
    readonly nodeListener: (this: EventEmitter, socket: Duplex) => void,
  ) {}

  readonly onConnection = (socket: Socket): void => {
    if (!this.host.accepts()) {
      this.nodeListener.call(this.server, socket);
      return;
    }
    const c = new RawConn(this, socket);
    this.conns.add(c);
  };

  /** The connection is no longer read raw (handed over or closed). */
  forget(c: RawConn): void {
    this.conns.delete(c);
  }

  /** Ends the raw connections with no request in progress (http.Server.closeIdleConnections). */
  closeIdle(): void {
    for (const c of this.conns) if (c.idle()) c.socket.destroy();
  }

  /** Ends every raw connection (http.Server.closeAllConnections). */
  closeAll(): void {
    for (const c of this.conns) c.socket.destroy();
  }
}

/** One connection read raw until it is handed over. */
class RawConn implements RawExchange {
  readonly raw = true;
  private readonly parser: NodeParser;
  /** The bytes since the current message's start. */
  private kept: Buffer | undefined;
  /** Bytes that came while a request was in flight (read after its answer). */
  private held: Buffer[] | undefined;
  private heldBytes = 0;
  private req: RawRequest | undefined;
  /** The body of the request in flight (kept for a hand-over after the connection closed). */
  private body: Buffer | undefined;
  /** A second message began in the bytes read, or the message is one node:http must read. */
  private refused = false;
  private complete = false;
  /** A relayed request is in flight. */
  private busy = false;
  /** An answer was written: the keep-alive timeout applies. */
  private answered = false;
  private gone = false;
  /** The client does not take its answers in: the connection is read no further until its writes drain. */
  private blocked = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly front: RawFront,
    readonly socket: Socket,
  ) {
    const { HTTPParser } = front.common;
    const p = new HTTPParser();
    p.initialize(HTTPParser.REQUEST, {}, 0, 0);
    p[HTTPParser.kOnHeaders] = this.onHeaders;
    p[HTTPParser.kOnHeadersComplete] = this.onHeadersComplete;
    p[HTTPParser.kOnMessageComplete] = this.onMessageComplete;
    this.parser = p;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
    // (node:http's keepAliveTimeout after an answer: the socket's idle timer, refreshed by each read and write)
    const ka = front.server.keepAliveTimeout;
    if (ka > 0) socket.setTimeout(ka + keepAliveBuffer(front.server));
  }

  /** No request in progress (closeIdleConnections ends it). */
  idle(): boolean {
    return !this.busy && this.kept === undefined;
  }

  // ---------------------------------------------------------------------------------------------- parser callbacks
  /** (headers flushed before their end: more than 32 lines, node:http's reading of them is kept) */
  private readonly onHeaders = (): void => {
    this.refused = true;
  };

  private readonly onHeadersComplete = (
    major: number,
    minor: number,
    rawHeaders: string[] | undefined,
    method: number,
    url: string,
    _status: unknown,
    _message: unknown,
    upgrade: boolean,
    keepAlive: boolean,
  ): void => {
    if (this.req !== undefined || this.refused || rawHeaders === undefined) {
      this.refused = true;
      return;
    }
    const m = this.front.common.methods[method];
    if (major !== 1 || minor !== 1 || upgrade || !keepAlive || !RAW_METHODS.has(m)) {
      this.refused = true;
      return;
    }
    // the headers object node:http's IncomingMessage makes of them (its duplicate rules)
    const headers: Record<string, unknown> = {};
    for (let i = 0; i + 1 < rawHeaders.length; i += 2)
      this.front.addLine.call(this, rawHeaders[i], rawHeaders[i + 1], headers);
    const h = headers as IncomingMessage['headers'];
    const cl = h['content-length'];
    if (
      h['transfer-encoding'] !== undefined ||
      h.expect !== undefined ||
      (cl !== undefined && !(DIGITS.test(cl) && Number(cl) <= SMALL_BODY_BYTES))
    ) {
      this.refused = true;
      return;
    }
    this.req = { method: m, url, headers: h, rawHeaders, socket: this.socket };
  };

  private readonly onMessageComplete = (): void => {
    if (this.complete) this.refused = true;
    this.complete = true;
  };

  // ---------------------------------------------------------------------------------------------- the connection
  private readonly onData = (chunk: Buffer): void => {
    if (!this.busy) return this.feed(chunk);
    const held = (this.held ??= []);
    held.push(chunk);
    // (a client that keeps sending meanwhile is read no further until the answer is written)
    if ((this.heldBytes += chunk.length) > SMALL_BODY_BYTES) this.socket.pause();
  };

  private feed(chunk: Buffer): void {
    this.kept = this.kept === undefined ? chunk : Buffer.concat([this.kept, chunk]);
    const r = this.parser.execute(chunk);
    // a parse error (node:http answers it as it does), or a message node:http reads
    if (typeof r !== 'number' || this.refused) return this.toNode();
    if (!this.complete) {
      this.timer ??= setTimeout(this.onPartial, PARTIAL_MS).unref();
      return;
    }
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.serve();
  }

  /** A whole message read (and nothing after it): the relay path's if it takes it, else node:http's. */
  private serve(): void {
    const kept = this.kept!;
    const req = this.req;
    if (req === undefined) return this.toNode();
    const cl = req.headers['content-length'];
    const n = cl === undefined ? 0 : Number(cl);
    // exactly one message in the bytes read: its head (after the empty lines llhttp skips) ends at its first empty
    // line, and its body there
    let start = 0;
    while (start < kept.length && (kept[start] === 13 || kept[start] === 10)) start++;
    const bodyAt = kept.indexOf('\r\n\r\n', start, 'latin1') + 4;
    if (bodyAt < 4 || bodyAt + n !== kept.length) return this.toNode();
    // (node:http's parserOnIncoming: a request that finds the answers before it not yet taken in is served, and the
    // connection read no further until they are)
    if (this.socket.writableNeedDrain && !this.blocked) {
      this.blocked = true;
      this.socket.pause();
      this.socket.once('drain', this.onDrain);
    }
    this.busy = true;
    this.body = n > 0 ? kept.subarray(bodyAt) : undefined;
    if (!this.front.host.take(req, this, this.body)) {
      this.busy = false;
      this.toNode();
    }
  }

  /** The message since its start (and what came after it) to node:http, for good. */
  private toNode(attached?: Attached): void {
    if (this.gone) return;
    this.detach();
    const s = this.socket as Socket & { [kResume]?: Attached };
    if (attached !== undefined) {
      s[kResume] = attached;
      s.once('close', () => {
        if (s[kResume] === attached) {
          delete s[kResume];
          attached.drop();
        }
      });
    }
    let bytes = this.kept ?? Buffer.alloc(0);
    if (this.held !== undefined) bytes = Buffer.concat([bytes, ...this.held]);
    this.kept = undefined;
    this.held = undefined;
    this.heldBytes = 0;
    handOver(this.socket, bytes, this.front.nodeListener);
  }

  /** The raw front end lets go of the connection (its parser closed, its listeners off). */
  private detach(): void {
    this.gone = true;
    this.front.forget(this);
    if (this.timer !== undefined) clearTimeout(this.timer);
    const s = this.socket;
    s.removeListener('data', this.onData);
    s.removeListener('end', this.onEnd);
    s.removeListener('error', this.onError);
    s.removeListener('close', this.onClose);
    s.removeListener('timeout', this.onTimeout);
    s.removeListener('drain', this.onDrain);
    s.setTimeout(0);
    const p = this.parser;
    setImmediate(() => p.close());
  }

  /** A message still incomplete: node:http reads it (its headers and request timeouts run from there). */
  private readonly onPartial = (): void => {
    this.timer = undefined;
    if (!this.busy && !this.complete) this.toNode();
  };

  private readonly onEnd = (): void => {
    if (this.busy) {
      // node:http (socketOnEnd, no half-open): the request in flight is abandoned and the connection ended
      if (this.socket.writable) this.socket.end();
      return;
    }
    if (this.req !== undefined) {
      // a body cut short: node:http emitted the request, and the parser's error at the end destroys the connection
      // (answerClientError: a body that broke gets no answer)
      this.socket.destroy();
      return;
    }
    const err = this.parser.finish();
    if (err instanceof Error) {
      // (socketOnEnd: an incomplete message is the parser's error, answered by the server's clientError listener)
      this.detach();
      this.socket.on('error', () => undefined);
      if (!this.front.server.emit('clientError', err, this.socket)) this.socket.destroy();
      return;
    }
    if (this.socket.writable) this.socket.end();
  };

  private readonly onDrain = (): void => {
    this.blocked = false;
    if (!this.gone && !(this.busy && this.heldBytes > SMALL_BODY_BYTES)) this.socket.resume();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  private readonly onClose = (): void => {
    this.detachClosed();
  };

  private detachClosed(): void {
    if (this.gone) return;
    this.gone = true;
    this.front.forget(this);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.kept = undefined;
    this.held = undefined;
    this.parser.close();
  }

  private readonly onTimeout = (): void => {
    // (node:http's keep-alive timeout runs after an answer, with no request in progress)
    if (this.answered && this.idle()) this.socket.destroy();
  };

  // ---------------------------------------------------------------------------------------------- RawExchange
  write(status: number, reason: string | undefined, lines: string[], body: Buffer): boolean {
    const s = this.socket;
    if (s.destroyed || !s.writable) {
      this.next();
      return true;
    }
    const common = this.front.common;
    const phrase = reason || STATUS_CODES[status] || 'unknown';
    // (what node:http refuses in a head is its to refuse: the answer is written through it)
    if (common._checkInvalidHeaderChar(phrase)) return false;
    let head = `HTTP/1.1 ${status} ${phrase}\r\n`;
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const v = lines[i + 1];
      if (common._checkInvalidHeaderChar(v)) return false;
      head += `${lines[i]}: ${v}\r\n`;
    }
    // (ListenerResponse's Connection line for an HTTP/1.1 request, the reply lines holding none: MI_UNWANTED_HEADERS;
    // node:http's _last when it ends the connection)
    const req = this.req!;
    const connection = connectionFor(status, req.method, req.headers, undefined, false, false);
    if (connection !== undefined) head += `Connection: ${connection}\r\n`;
    head += `Date: ${utcDate()}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    if (body.length > 0) head += `${body.length.toString(16)}\r\n`;
    const hl = Buffer.byteLength(head, 'latin1');
    const tail = body.length > 0 ? 7 : 5;
    const buf = Buffer.allocUnsafe(hl + body.length + tail);
    buf.write(head, 0, 'latin1');
    body.copy(buf, hl);
    buf.write(body.length > 0 ? '\r\n0\r\n\r\n' : '0\r\n\r\n', hl + body.length, 'latin1');
    s.write(buf);
    this.front.served++;
    this.answered = true;
    if (connection !== undefined && CONN_CLOSE.test(connection)) {
      // (node:http's _last: the connection ends after this answer)
      this.detachClosed();
      s.removeListener('data', this.onData);
      const soon = (s as Socket & { destroySoon?: () => void }).destroySoon;
      if (typeof soon === 'function') soon.call(s);
      else s.end();
      return true;
    }
    this.next();
    return true;
  }

  handOver(resume: Resume, drop: () => void): void {
    const s = this.socket;
    const req = this.req!;
    if (this.gone || s.destroyed || !s.writable) {
      // the client is gone: the normal path runs with a request and an answer nobody reads (as node:http's would be)
      // (its body too: the connection's bytes are let go of when it closes)
      const body = this.body;
      this.detachClosed();
      const im = new IncomingMessage(s);
      im.method = req.method;
      im.url = req.url;
      im.httpVersion = '1.1';
      im.httpVersionMajor = 1;
      im.httpVersionMinor = 1;
      im.headers = req.headers;
      im.rawHeaders = req.rawHeaders;
      im.complete = true;
      const res = new ListenerResponse(im);
      res.destroy();
      resume(im, res, body);
      return;
    }
    this.busy = false;
    this.toNode({ resume, drop });
  }

  /** The answer is written: the next message (bytes that came meanwhile) is read. */
  private next(): void {
    this.busy = false;
    this.kept = undefined;
    this.req = undefined;
    this.body = undefined;
    this.complete = false;
    if (this.gone) return;
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      if (this.heldBytes > SMALL_BODY_BYTES && !this.blocked) this.socket.resume();
      this.heldBytes = 0;
      this.feed(held.length === 1 ? held[0] : Buffer.concat(held));
    }
  }
}

/**
 * Puts the raw front end in place of node:http's own connection listener (the first one the server registered; the
 * others, wire logs' tap among them, stay), and makes the server's closeIdleConnections and closeAllConnections end
 * its connections too. undefined when Node's parser is not there to use (node:http then reads every connection).
 */
export function installRawFront(server: Server, host: RawFrontHost): RawFront | undefined {
  const parts = nodeParts();
  const nodeListener = server.listeners('connection')[0] as
    ((this: EventEmitter, socket: Duplex) => void) | undefined;
  if (!parts || typeof nodeListener !== 'function') return undefined;
  const front = new RawFront(server, host, parts.common, parts.addLine, nodeListener);
  (server as Server & { [NODE_CONNECTION_LISTENER]?: unknown })[NODE_CONNECTION_LISTENER] = nodeListener;
  server.removeListener('connection', nodeListener);
  server.prependListener('connection', front.onConnection);
  const idle = server.closeIdleConnections;
  const all = server.closeAllConnections;
  server.closeIdleConnections = function (this: Server): void {
    idle.call(this);
    front.closeIdle();
  };
  server.closeAllConnections = function (this: Server): void {
    all.call(this);
    front.closeAll();
  };
  return front;
}
