/**
 * Endpoints: address, http (uri-template, method), default, failover, loadbalance (round robin), recipientlist and
 * template endpoints, over undici keep-alive pools (one per backend origin). Timeouts with responseAction, the
 * suspension state machine (markForSuspension -> timeout state with retries, suspendOnFailure with progression) and
 * MI's transport error codes (101503 connection refused, 101504 timeout, ...).
 */
import { Pool } from 'undici';
import { cutHeadConnector } from './cutHead';
import * as slimdom from 'slimdom';
import type { Readable } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import {
  contentTypeAlone,
  forwardedMessages,
  namedContentType,
  restXml,
  stringOf,
  type Headers,
  type MessageContext,
} from './context';
import { formattedBody } from './formattedBody';
import { MediationError, PayloadTooLargeError, ProtocolState, TransportError } from './errors';
import { bodyIsEmpty, kindOf, makeEnvelope, mediaTypeOf, soapHeaderOf } from './payload';
import { queryOfFields } from './formats';
import { setErrorProperties, toSoapVersion, type EndpointCaller, type Executor } from './executor';
import type { EndpointDef, GroupEndpointDef, LeafEndpointDef } from './model';
import {
  exchange,
  exchangeNow,
  replayExchange,
  type BackendResponse,
  type RecordedExchange,
} from './exchange';
import { writeToVfs } from './files';
import { javaUrlDecode } from './expr/xpath';
import { resolveWsdlEndpoint } from './wsdl';
import { mimeMode } from './mtom';
import { http10Dispatcher } from './http10';
import { tlsTrust, trustGeneration } from './tlsTrust';
import { RabbitMQSender } from './rabbitmq/sender';
import { MqttSender } from './mqtt/sender';
import { isMailAddress, MailSender } from './mail/sender';
import { callWithOAuth } from './connectors/http/oauth';
import { basicAuthorization } from './endpointAuth';
import { parseJavaLong } from '../../core/javaNumbers';

/** Connection headers of a back end's answer left out of the message when its raw lines are not at hand (takeAnswer). */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'proxy-authorization',
  'http2-settings',
]);
/**
 * The headers MI's pass-through sender removes from a message before it goes out, to a back end or back to the
 * client (PassThroughHttpSender.invoke -> PassThroughTransportUtils.removeUnwantedHeaders, with the default
 * passthru-http.properties: Server is preserved): the transport writes its own.
 */
export const MI_UNWANTED_HEADERS: readonly string[] = [
  'transfer-encoding',
  'connection',
  'keep-alive',
  'content-length',
  'date',
  'user-agent',
];
/**
 * Headers of the message not sent on to a back end: those MI's pass-through sender removes as the transport's to set
 * (PassThroughTransportUtils.removeUnwantedHeaders with the default passthru-http.properties: Transfer-Encoding,
 * Connection, Keep-Alive, Content-Length, Date and User-Agent; the sender's own User-Agent is set instead), Host
 * (TargetRequestFactory leaves it for the target's, or REQUEST_HOST_HEADER), and Expect, Upgrade and Trailer, which
 * MI sends on but undici and Node's client refuse. TE, Proxy-Authorization, Server... go on as MI sends them.
 */
const DROP_ON_SEND: ReadonlySet<string> = new Set([
  ...MI_UNWANTED_HEADERS,
  'host',
  'expect',
  'upgrade',
  'trailer',
]);
/** The most indirect endpoints (key aliases) one call goes through before it is refused as a loop. */
const MAX_INDIRECTION = 16;

/** MI's pass-through sender's User-Agent (TargetConfiguration: httpcore RequestUserAgent). */
const SENDER_USER_AGENT = 'Synapse-PT-HttpComponents-NIO';
/**
 * The blocking sender's (call blocking="true", callout: Axis2's CommonsHTTPTransportSender, whose
 * AbstractHTTPSender.addCustomHeaders sets getUserAgent's default over the message's).
 */
const BLOCKING_USER_AGENT = 'Axis2';
const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_TIMEOUT_CODES = [101504, 101505];
/** MI's SynapseConstants.ENDPOINT_CUSTOM_ERROR: a SOAP fault answer with FORCE_ERROR_ON_SOAP_FAULT set. */
const ENDPOINT_CUSTOM_ERROR = 500000;
/** A SOAP envelope whose body starts with a Fault (any prefixes). */
const SOAP_FAULT = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?Fault\b/;

const isTrue = (v: unknown) => v === true || v === 'true';

/**
 * The header lines a request to a back end starts with (the message's transport headers less DROP_ON_SEND, then the
 * sender's User-Agent): what a call sends (callLeaf) and what the relay path sends (relay.ts). `keepType`: the
 * message's Content-Type goes as it is (a request without a body; one with a body has its type set from the body).
 */
export function sendHeaderLines(
  h: Headers,
  out: string[],
  keepType: boolean,
  soapAction: string | undefined,
  blocking: boolean,
): void {
  h.copyTo(out, DROP_ON_SEND, keepType ? undefined : 'content-type', soapAction ? 'soapaction' : undefined);
  out.push('user-agent', blocking ? BLOCKING_USER_AGENT : SENDER_USER_AGENT);
}

/**
 * An address with a REST request's URL postfix after it (Axis2FlexibleMEPClient): joined with one '/' (none before a
 * query).
 */
export function withPostfix(uri: string, postfix: string): string {
  const sep = postfix.startsWith('/') || postfix.startsWith('?') ? '' : '/';
  return (uri.endsWith('/') ? uri.slice(0, -1) : uri) + sep + postfix;
}

/**
 * COPY_CONTENT_LENGTH_FROM_INCOMING with the client's Content-Length known (MI: ORGINAL_CONTEN_LENGTH becomes the
 * request's length, the body is not built).
 */
function copiesLength(ctx: MessageContext): boolean {
  return isTrue(ctx.axis2.get('COPY_CONTENT_LENGTH_FROM_INCOMING')) && ctx.headers.hasLower('content-length');
}

/** A streamed answer read whole (only for the SOAP fault check, bounded). */
function readWhole(body: Readable, limit = 16 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit)
        body.destroy(new MediationError(101510, `The endpoint answer exceeds ${limit} bytes`));
      else chunks.push(c);
    });
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', reject);
  });
}

interface EpState {
  state: 'active' | 'timeout' | 'suspended' | 'off';
  until: number;
  lastDuration: number;
  failures: number;
}

export interface EndpointStatus {
  name: string;
  state: EpState['state'];
}

/** The answer headers not copied as they are: the hop-by-hop ones, and Location (rewritten, see relocate). */
const ANSWER_SPECIAL: ReadonlySet<string> = new Set([...HOP_BY_HOP, 'location']);

/** The WS-Addressing namespaces (final, and the submission one). */
export const WSA_FINAL = 'http://www.w3.org/2005/08/addressing';
export const WSA_SUBMISSION = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';

/**
 * The WS-Addressing headers an address endpoint with <enableAddressing/> sends (Axis2 AddressingOutHandler): To (the
 * endpoint's address), ReplyTo, MessageID and Action, each unless the message already carries it. The addressing
 * namespace is declared once, on the SOAP Header (WSAHeaderWriter.writeHeaders: header.declareNamespace). ReplyTo: the
 * client has none (OutInAxisOperationClient sets none for a synchronous call), which addToSOAPHeader omits for the
 * final namespace (includeOptionalHeaders is false) and writes as the anonymous address for the submission one
 * (MI tests-patches ESBJAVA5098_WSAddressingSupportTest: From, MessageID, Action, To, no ReplyTo).
 */
function addAddressingHeaders(
  ctx: MessageContext,
  version: 'final' | 'submission',
  to: string,
  action: string | undefined,
): void {
  const ns = version === 'final' ? WSA_FINAL : WSA_SUBMISSION;
  const env = ctx.envelope();
  const header = soapHeaderOf(env);
  const has = (local: string) => header.children.some((c) => c.localName === local && c.namespaceURI === ns);
  const add = (local: string, text: string): slimdom.Element => {
    const el = env.createElementNS(ns, `wsa:${local}`);
    el.appendChild(env.createTextNode(text));
    header.appendChild(el);
    return el;
  };
  if (header.lookupNamespaceURI('wsa') === null)
    header.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsa', ns);
  if (!has('To')) add('To', to);
  if (version === 'submission' && !has('ReplyTo')) {
    const reply = env.createElementNS(ns, 'wsa:ReplyTo');
    const address = env.createElementNS(ns, 'wsa:Address');
    address.appendChild(env.createTextNode(WSA_SUBMISSION_ANONYMOUS));
    reply.appendChild(address);
    header.appendChild(reply);
  }
  if (!has('MessageID')) add('MessageID', ctx.messageId);
  if (action && !has('Action')) add('Action', action);
  ctx.payload.markXmlChanged();
}

/** PRESERVE_WS_ADDRESSING (synapse scope) is "true", as Boolean.parseBoolean reads it. */
export function preservesAddressing(ctx: MessageContext): boolean {
  const v = ctx.ownProp('PRESERVE_WS_ADDRESSING');
  return typeof v === 'string' && v.toLowerCase() === 'true';
}

/**
 * A message sent without PRESERVE_WS_ADDRESSING "true" loses its WS-Addressing headers (MessageHelper.
 * removeAddressingHeaders, from Axis2FlexibleMEPClient.cloneForSend and BlockingMsgSenderUtils.fillMessageContext):
 * the submission-namespace ones when there are any, else the final-namespace ones. Only a built envelope has them
 * to lose: bytes relayed unread go as they came (the pass-through envelope is then an empty stand-in).
 */
export function removeAddressingHeaders(ctx: MessageContext): void {
  if (!ctx.payload.xmlBuilt) return;
  const env = ctx.envelope().documentElement;
  const header = env?.children.find((c) => c.localName === 'Header' && c.namespaceURI === env.namespaceURI);
  if (!header) return;
  let blocks = header.children.filter((c) => c.namespaceURI === WSA_SUBMISSION);
  if (blocks.length === 0) blocks = header.children.filter((c) => c.namespaceURI === WSA_FINAL);
  if (blocks.length === 0) return;
  for (const b of blocks) b.remove();
  ctx.payload.markXmlChanged();
}

/** SimpleClientSessionDispatcher: the trimmed text of the request's {http://ws.apache.org/ns/synapse}ClientID header. */
function clientIdOf(ctx: MessageContext): string | undefined {
  let header: slimdom.Element | undefined;
  try {
    const env = ctx.envelope().documentElement;
    header = env ? Array.from(env.children).find((c) => c.localName === 'Header') : undefined;
  } catch {
    return undefined;
  }
  const id = header
    ? Array.from(header.children).find(
        (c) => c.localName === 'ClientID' && c.namespaceURI === 'http://ws.apache.org/ns/synapse',
      )
    : undefined;
  const text = id?.textContent?.trim();
  return text ? text : undefined;
}

/** Session bindings kept per loadbalance endpoint. */
const MAX_SESSIONS = 10_000;

/** The cookies Synapse's AbstractDispatcher takes for a session id. */
const SESSION_COOKIES = ['JSESSIONID', 'PHPSESSID', 'phpMyAdmin', 'wordpress_test_cookie'];

/** AbstractDispatcher.extractSessionCookie: the first `name=value` of a Cookie/Set-Cookie naming a session cookie. */
function sessionCookieOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) if (SESSION_COOKIES.some((c) => part.includes(c))) return part.trim();
  return undefined;
}

/** An endpoint as Synapse's AbstractEndpoint.toString names it in logs. */
function endpointLabel(d: { name?: string }): string {
  return d.name ? `Endpoint [${d.name}]` : 'AnonymousEndpoint';
}

/** The statuses whose Location MI passes on untouched (redirects and 201 Created). */
function keepsLocation(status: number): boolean {
  return status === 301 || status === 302 || status === 201 || status === 303 || status === 307;
}

/**
 * The part of the request URI before its "REST URL postfix", as MI's ServerWorker computes its SERVICE_PREFIX
 * (NhttpUtil.getRestUrlPostfix): for `/services/Name` nothing, for `/services/Name/rest` `/services/Name`, for an
 * API path `/orders/5` just `/`.
 */
function servicePrefixPath(uri: string): string {
  let post: string;
  if (uri.startsWith('/services')) {
    const u = uri.slice('/services'.length);
    const p = u.indexOf('/', 1);
    if (p > 0) post = u.slice(p);
    else {
      const q = u.indexOf('?');
      post = q !== -1 ? u.slice(q) : '';
    }
  } else {
    let u = uri;
    const abs = u.indexOf('://');
    const qs = u.indexOf('?');
    if (abs !== -1 && (qs === -1 || abs < qs)) u = u.slice(abs + 3);
    const p = u.indexOf('/');
    if (p !== -1) u = u.slice(p + 1);
    post = u;
  }
  return uri.slice(0, uri.indexOf(post));
}

/** Origin, path and query of an endpoint address. */
interface ParsedAddress {
  origin: string;
  pathname: string;
  search: string;
  /** A `local://services/NAME` address: the runtime's own listener, marked as the local transport. */
  local?: boolean;
}

/** The header that marks a request the runtime sends itself over the local transport (with its token). */
export const LOCAL_TRANSPORT_HEADER = 'x-synapse-local-transport';

/** One call of a leaf endpoint, from its preparation to its answer. */
interface LeafCall {
  ep: LeafEndpointDef;
  ctx: MessageContext;
  ex: Executor;
  inGroup: boolean;
  url: string;
  origin: string;
  /** Path and query. */
  path: string;
  method: string;
  noBody: boolean;
  /** Name, value, name, value… */
  headers: string[];
  soapFormat: boolean;
  soapAction: string | undefined;
  /** The message type the body is written in (undefined: as it is). */
  messageType: string | undefined;
  /** FORCE_HTTP_1.0: an HTTP/1.0 request, its body sent whole with its length. */
  http10: boolean;
  /** The message's unread body stream, handed to the request (put back when the call fails before reading it). */
  sentStream?: Readable;
  /** The key of the call's callback (TimeoutHandler and SynapseCallbackReceiver name it): see callbackKey. */
  key?: string;
}

/**
 * The key Synapse files the call's callback under: the message id of the clone Axis2FlexibleMEPClient sent
 * (cloneForSend: a new one unless PRESERVE_WS_ADDRESSING, which keeps the request's), not the request's own.
 */
function callbackKey(c: LeafCall): string {
  return (c.key ??= preservesAddressing(c.ctx) ? c.ctx.messageId : `urn:uuid:${randomUUID()}`);
}

/**
 * Whether an expiry of the call's `<timeout>` leaves the request going (MI's timeout action NONE: no responseAction):
 * TimeoutHandler only removes the callback, so the exchange expires at its run and a later answer finds no callback.
 * A blocking call and a forwarding processor's send (MI's blocking sender: a socket timeout) are not such calls.
 */
function expiresOnTick(ep: LeafEndpointDef, ctx: MessageContext | undefined): boolean {
  const action = ep.timeout?.responseAction;
  return action !== 'fault' && action !== 'discard' && (ctx === undefined || passesThrough(ctx));
}

/**
 * A call through MI's non-blocking pass-through sender (its callback, TimeoutHandler, head-taken answer), not the
 * blocking sender of a blocking call or a forwarding processor's send.
 */
function passesThrough(ctx: MessageContext): boolean {
  return !ctx.blocking && !forwardedMessages.has(ctx);
}

/** One call's expiry, shared by the relay path's exchange and the flow it replays into (relay.ts). */
export interface LateAnswer {
  /** The back end answered after the expiry (before `warn` was set). */
  arrived?: boolean;
  /** Logs SynapseCallbackReceiver's WARN for that answer. */
  warn?: () => void;
}

export class HttpEndpoints implements EndpointCaller {
  /**
   * `http://address:port` of the runtime's HTTP listener (set when it starts): MI rewrites a back end's Location
   * header onto the address the request came in on.
   */
  listenOrigin: string | undefined;
  /** The token of LOCAL_TRANSPORT_HEADER: only this runtime's own local calls carry it. */
  readonly localToken = randomBytes(16).toString('hex');
  private readonly pools = new Map<string, Pool>();
  /** How many indirect endpoints the call being prepared has gone through (synchronously). */
  private indirectDepth = 0;
  private readonly addresses = new Map<string, ParsedAddress>();
  private readonly named = new Map<string, EpState>();
  private readonly anonymous = new WeakMap<object, EpState>();
  private readonly states = {
    get: (k: object | string) => (typeof k === 'string' ? this.named.get(k) : this.anonymous.get(k)),
    set: (k: object | string, v: EpState) =>
      typeof k === 'string' ? this.named.set(k, v) : this.anonymous.set(k, v),
    has: (k: object | string) => (typeof k === 'string' ? this.named.has(k) : this.anonymous.has(k)),
    delete: (k: object | string) => (typeof k === 'string' ? this.named.delete(k) : this.anonymous.delete(k)),
  };
  private readonly rr = new WeakMap<object, number>();
  /** Endpoints switched off through the management API (by name). */
  readonly inactive = new Set<string>();
  /** The RabbitMQ transport sender (`rabbitmq:` addresses) and its broker connections. */
  readonly rabbitmq = new RabbitMQSender();
  /** The mail transport senders (`mailto:` addresses, deployment.toml's [[transport.mail.sender]]). */
  readonly mail = new MailSender();
  /** MI's MQTT transport sender (`mqtt:` addresses; off unless deployment.toml enables it). */
  readonly mqtt = new MqttSender();

  /** Set while the runtime is stopped: a weighted group's endless retries end (callGroup). */
  private closing = false;

  /** The runtime (re)starts: retries go on again. */
  open(): void {
    this.closing = false;
    this.ticksFrom = Date.now();
  }

  /**
   * MI's TimeoutHandler runs when the server starts and then every synapse.timeout_handler_interval ms
   * (SynapseCallbackReceiver: timer.schedule(handler, 0, interval); default 15000, deployment.toml
   * `[synapse_properties] 'synapse.timeout_handler_interval'`): a callback expires at the first run at or after its
   * timeout (TimeoutHandler.processCallbacks: getTimeOutOn() <= now), so an answer that comes before that run is
   * still taken.
   */
  timeoutHandlerIntervalMs = 15_000;
  private ticksFrom = Date.now();

  /** The time from now to the TimeoutHandler run that expires a callback of this timeout registered now. */
  expiryDelay(timeoutMs: number): number {
    const now = Date.now();
    const every = this.timeoutHandlerIntervalMs;
    const runs = Math.ceil((now + timeoutMs - this.ticksFrom) / every);
    return Math.max(0, this.ticksFrom + runs * every - now);
  }

  /** The headers' timeout of an exchange whose expiry leaves it going: long enough for a late answer to be seen. */
  private static lateHeadersTimeout(delay: number): number {
    return Math.max(delay + 1000, DEFAULT_TIMEOUT_MS);
  }

  /** SynapseCallbackReceiver.handleNoCallback's WARN: an answer to a call whose callback expired. */
  private lateWarning(c: LeafCall): () => void {
    return () =>
      c.ex.log(
        'WARN',
        'SynapseCallbackReceiver',
        undefined,
        `Synapse received a response for the request with message Id : ${callbackKey(c)} and correlation_id : ${c.ctx.correlationId} But a callback is not registered (anymore) to process this response`,
      );
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.rabbitmq.close();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }

  stateOf(name: string, def: EndpointDef | undefined): EpState['state'] {
    if (this.inactive.has(name)) return 'off';
    const s = def && this.states.get(def);
    if (!s) return 'active';
    if (s.state === 'suspended' && s.until <= Date.now()) return 'active';
    return s.state;
  }

  /**
   * Forgets the suspension state of an endpoint (switched on again). The state belongs to the definition, as
   * Synapse's EndpointContext to its endpoint object: a (re)deployed endpoint starts afresh, and two inline endpoints
   * that share a name do not share their state.
   */
  reset(def: EndpointDef | undefined): void {
    if (def) this.states.delete(def);
  }

  private pool(origin: string): Pool {
    // a certificate trusted since the pools were made (tlsTrust.ts): HTTPS pools are made again with it
    if (this.trustGen !== trustGeneration()) this.renewTlsPools();
    let p = this.pools.get(origin);
    if (!p) {
      p = new Pool(origin, {
        connections: 128,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 60_000,
        // (MI's httpcore takes a response head cut by the close as whole: cutHead.ts)
        connect: cutHeadConnector(origin.startsWith('https:') ? tlsTrust() : undefined),
      });
      this.pools.set(origin, p);
    }
    return p;
  }

  private trustGen = trustGeneration();
  private renewTlsPools(): void {
    this.trustGen = trustGeneration();
    for (const [origin, p] of this.pools)
      if (origin.startsWith('https:')) {
        this.pools.delete(origin);
        void p.close().catch(() => undefined);
      }
  }

  private ready(ep: EndpointDef): boolean {
    if (ep.name && this.inactive.has(ep.name)) return false;
    const s = this.states.get(ep);
    return !s || s.state === 'active' || s.until <= Date.now();
  }

  /** Exchanges the relay path made, each for the message its flow runs again with (see dispatchLeaf). */
  private readonly recorded = new WeakMap<MessageContext, RecordedExchange>();

  /** The message's first call to a back end takes this exchange instead of sending (relay.ts's replay). */
  replayInto(ctx: MessageContext, rec: RecordedExchange): void {
    this.recorded.set(ctx, rec);
  }

  /** Whether the relay path may call this endpoint now: active (callLeaf's suspension check would pass). */
  relayReady(ep: LeafEndpointDef): boolean {
    return !(ep.name !== undefined && this.inactive.has(ep.name)) && !this.states.has(ep);
  }

  /**
   * The relay path's request (relay.ts): to the address as addressOf parses it, through the endpoint's pool, with the
   * timeouts dispatchLeaf gives it: the default ones, or the endpoint's `<timeout>` (a fixed duration, or none: the
   * default) enforced by a timer that aborts the exchange until the answer comes. `onError` learns whether that timer
   * failed it (`timedOut` true; not given without a `<timeout>`).
   */
  relayExchange(
    ep: LeafEndpointDef,
    url: string,
    method: string,
    headers: string[],
    body: Buffer | undefined,
    onAnswer: (r: BackendResponse) => void,
    onError: (e: Error, timedOut?: boolean, late?: LateAnswer) => void,
    onThrow: (e: unknown) => void,
  ): void {
    const target = this.addressOf(ep, url);
    const timeoutMs = ep.timeout?.durationMs ?? DEFAULT_TIMEOUT_MS;
    let headersTimeout = timeoutMs;
    let controller: AbortController | undefined;
    let late: LateAnswer | undefined;
    // (no closure of its own per request without a <timeout>)
    let answered = onAnswer;
    let failed: (e: Error) => void = onError;
    if (ep.timeout) {
      const ac = (controller = new AbortController());
      // (the action NONE: expired at the TimeoutHandler's run, as dispatchLeaf's)
      const tick = expiresOnTick(ep, undefined);
      const delay = tick ? this.expiryDelay(timeoutMs) : timeoutMs;
      if (tick) {
        late = {};
        headersTimeout = HttpEndpoints.lateHeadersTimeout(delay);
      }
      const timer = setTimeout(() => ac.abort(), delay);
      answered = (a) => {
        // (as takeCallAnswer: the timeout ends with the answer's arrival)
        clearTimeout(timer);
        onAnswer(a);
      };
      failed = (e) => {
        clearTimeout(timer);
        onError(e, ac.signal.aborted, late);
      };
    }
    exchangeNow(
      this.pool(target.origin),
      {
        path: target.pathname + target.search,
        method,
        headers,
        body,
        headersTimeout,
        bodyTimeout: DEFAULT_TIMEOUT_MS,
        signal: controller?.signal,
        lateAnswer: late && (() => (late.warn ? late.warn() : (late.arrived = true))),
        headEndsTimeout: true,
      },
      answered,
      failed,
      onThrow,
    );
  }

  /** The relay path wrote the answer of this endpoint: its success counts as a call's (EndpointContext.onSuccess). */
  relaySucceeded(ep: LeafEndpointDef, ex: Executor): void {
    this.onSuccess(ep, ex);
  }

  /** Sends the message to the endpoint and puts its answer into the context (rejects, never throws). */
  call(ep: EndpointDef, ctx: MessageContext, ex: Executor, inGroup = false): Promise<void> {
    try {
      return this.callKind(ep, ctx, ex, inGroup);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private callKind(ep: EndpointDef, ctx: MessageContext, ex: Executor, inGroup: boolean): Promise<void> {
    for (const p of ep.properties) {
      const v = p.expr ? p.expr.value(ctx) : p.value;
      ctx.setProperty(
        p.name,
        p.scope === 'transport' ? stringOf(v) : v,
        p.scope === 'axis2-client' ? 'axis2-client' : p.scope,
      );
    }
    switch (ep.type) {
      case 'template': {
        const params: Record<string, string> = { ...ep.params };
        if (ep.name) params.name = ep.name;
        const inst = ex.reg.endpointFromTemplate(ep.template, params);
        if (!inst) throw new MediationError(305100, `Endpoint template '${ep.template}' is not deployed`);
        if (!inst.name && ep.name) inst.name = ep.name;
        return this.call(inst, ctx, ex, inGroup);
      }
      case 'indirect': {
        // IndirectEndpoint / ResolvingEndpoint: the real endpoint, looked up for this message (an alias that names
        // itself, directly or through others, is refused instead of recursing without end)
        if (this.indirectDepth >= MAX_INDIRECTION)
          throw new MediationError(305100, `Endpoint '${ep.name ?? '?'}' refers to itself through its key`);
        this.indirectDepth++;
        try {
          return this.call(ex.resolveEndpoint(ep.ref, ctx), ctx, ex, inGroup);
        } finally {
          this.indirectDepth--;
        }
      }
      case 'failover':
      case 'loadbalance':
        return this.callGroup(ep, ctx, ex);
      case 'recipientlist':
        return this.callRecipients(ep, ctx, ex);
      default:
        // (a group reads which leaf failed; a send outside one records nothing)
        if (inGroup) this.lastLeaf.set(ctx, ep);
        return ctx.blocking
          ? this.judged(ep, ctx, ex, this.callLeaf(ep, ctx, ex, inGroup))
          : this.callLeaf(ep, ctx, ex, inGroup);
    }
  }

  /** A blocking call's answer judged by MI's blocking sender: a failure is the endpoint's (AbstractEndpoint.onFault). */
  private async judged(
    ep: LeafEndpointDef,
    ctx: MessageContext,
    ex: Executor,
    sent: Promise<void>,
  ): Promise<void> {
    await sent;
    const judge = ctx.blocking;
    // (a mail went out: no answer to judge, BlockingMsgSender.sendRobust reads none)
    if (!judge || ctx.stopped || isMailAddress(ep.uri)) return;
    const e = await judge.judge(ctx);
    if (!e) return;
    this.onFailure(ep, (e as MediationError).code as number, ex);
    // (AbstractEndpoint.onFault with the timeout action discard: no further fault handler)
    if (ep.timeout?.responseAction === 'discard') return this.discardFault(ep, ctx, ex);
    throw e;
  }

  /** A call's failure dropped by its endpoint's discard action (AbstractEndpoint.onFault's INFO line). */
  private discardFault(ep: LeafEndpointDef, ctx: MessageContext, ex: Executor): void {
    ex.log(
      'INFO',
      ep.type === 'http' ? 'HTTPEndpoint' : ep.type === 'default' ? 'DefaultEndpoint' : 'AddressEndpoint',
      undefined,
      'Ignoring fault handlers since the timeout action is set to DISCARD',
    );
    ctx.stopped = true;
  }

  private async callGroup(ep: GroupEndpointDef, ctx: MessageContext, ex: Executor): Promise<void> {
    const children = ep.children.map((c) => ex.resolveEndpoint(c, ctx));
    const n = children.length;
    // failover needs a rebuildable message: build it once so each attempt can re-send it
    if (ctx.payload.streaming) await ctx.payload.build();
    // SALoadbalanceEndpoint: a message of a known session goes to the child its session is bound to
    const sessions = ep.session ? this.sessionsOf(ep) : undefined;
    const clientSession = ep.session?.type === 'simpleClientSession';
    const sessionId = !ep.session
      ? undefined
      : clientSession
        ? clientIdOf(ctx)
        : ep.session.type === 'http'
          ? sessionCookieOf(ctx.headers.get('cookie'))
          : undefined;
    const bound = sessionId !== undefined ? sessions!.get(sessionId) : undefined;
    const tried = new Set<number>();
    let lastError: unknown;
    // MI's weighted algorithms (WeightedRoundRobin, WeightedRRLCAlgorithm) do not look at readiness: each retry takes
    // the next slot, the same child again while it has weight left. WeightedRoundRobin always answers a child, so
    // while the children fail MI retries without end (LoadbalanceEndpoint.onChildEndpointFail sends again each time):
    // so does ours, until the runtime stops; WeightedRRLCAlgorithm answers none once its round ends
    const weighted = ep.type === 'loadbalance' ? (ep.weights ?? ep.rrlc?.weights) : undefined;
    const endless = ep.type === 'loadbalance' && ep.weights !== undefined;
    const attempts = weighted
      ? Math.max(
          n,
          weighted.reduce((a, w) => a + Math.max(0, w), 0),
        )
      : n;
    // each attempt (the first send and each retry after a child failed) picks a child as MI's group does; a child is
    // tried once per message (MI would pick a failed child again while it is still ready)
    for (let attempt = 0; endless || attempt < attempts; attempt++) {
      if (endless && attempt > 0) {
        // (a child that fails at once must not hold the event loop: MI's retries run on the transport's threads)
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.closing) break;
      }
      const index =
        attempt === 0 && bound && bound.expires > Date.now() && this.ready(children[bound.child]!)
          ? bound.child
          : this.pickChild(ep, children, tried, ex);
      if (index === undefined) break;
      tried.add(index);
      const child = children[index]!;
      try {
        this.lastLeaf.delete(ctx);
        // an inline child sends even when it is not ready (AddressEndpoint.send checks readyToSend only without a
        // parent endpoint); the algorithms above pick only ready children, except the weighted ones
        if ('inline' in ep.children[index]!) this.groupChild.set(ctx, child);
        else this.groupChild.delete(ctx);
        await this.call(child, ctx, ex, true);
        if (sessions) {
          // a client session is bound when it is first served; an http session when the back end sets its cookie
          const id = clientSession ? sessionId : sessionCookieOf(ctx.headers.get('set-cookie'));
          const ms = ep.session!.timeoutMs;
          if (id !== undefined) {
            // bounded: the oldest binding goes first when a flood of new session ids arrives
            if (sessions.size >= MAX_SESSIONS && !sessions.has(id))
              sessions.delete(sessions.keys().next().value!);
            sessions.set(id, { child: index, expires: ms ? Date.now() + ms : Infinity });
          }
        }
        return;
      } catch (e) {
        lastError = e;
        // a blocking call's judged answer fails over too (FailoverEndpoint.onChildEndpointFail: isRetry)
        const retry = e instanceof MediationError && (isEndpointError(e.code) || !!ctx.blocking?.judged(e));
        // the leaf that failed (through an indirect or template child); a nested group has no retry config
        const failed = this.lastLeaf.get(ctx);
        this.lastLeaf.delete(ctx);
        if (!retry) throw e;
        const kind = ep.type === 'failover' ? 'Failover' : 'Loadbalance';
        // MI's wording (AbstractEndpoint.logOnChildEndpointFail: the group, then the child, as
        // AbstractEndpoint.toString prints them)
        ex.log(
          'WARN',
          `${kind}Endpoint`,
          undefined,
          `${endpointLabel(ep)} Detect a Failure in a child endpoint : ${endpointLabel(child)}`,
        );
        if (ep.noFailover) throw e;
        // Failover/LoadbalanceEndpoint.onChildEndpointFail: the failed child's <retryConfig> may forbid the next
        // try; the message keeps the child's ERROR_CODE (informFailure sets none after the first send)
        if (!retryAllowed(failed, typeof e.code === 'number' ? e.code : undefined)) {
          ex.log(
            'WARN',
            `${kind}Endpoint`,
            undefined,
            `${kind} endpoint : ${ep.name ?? 'AnonymousEndpoint'} - one of the child endpoints encounterd a non-retry error, not sending message to another endpoint`,
          );
          throw e;
        }
        // the failure is on the message before the next child is tried (SynapseCallbackReceiver sets ERROR_* on it,
        // then pops the group's fault handler): a later answer keeps them
        setErrorProperties(ctx, e);
      }
    }
    if (lastError) throw lastError;
    // Failover/LoadbalanceEndpoint.sendMessage: informFailure(ENDPOINT_FO_NONE_READY / ENDPOINT_LB_NONE_READY)
    const kind = ep.type === 'failover' ? 'Failover' : 'Loadbalance';
    const msg = `${kind} endpoint : ${ep.name ?? 'AnonymousEndpoint'} - no ready child endpoints`;
    ex.log('WARN', `${kind}Endpoint`, undefined, msg);
    throw new MediationError(303000, msg);
  }

  /** The inline child a group is sending the message to (callLeaf: no readiness check, MI's parent endpoint). */
  private readonly groupChild = new WeakMap<MessageContext, EndpointDef>();

  /** The leaf endpoint a message was last sent to (which child of a group failed: its retry config). */
  private readonly lastLeaf = new WeakMap<MessageContext, LeafEndpointDef>();

  /** A static failover's current child (FailoverEndpoint.currentEndpoint), per definition. */
  private readonly foCurrent = new WeakMap<GroupEndpointDef, number>();

  /**
   * The next child of a group to send to, or undefined when none is ready. Loadbalance: MI's RoundRobin, whose
   * counter moves past every child it looks at, a not-ready one included, at every pick (retries too). Failover:
   * the first ready child (dynamic), or the current one while it is ready, else the first ready, which becomes
   * current (dynamic="false", FailoverEndpoint.sendMessage).
   */
  private pickChild(
    ep: GroupEndpointDef,
    children: EndpointDef[],
    tried: Set<number>,
    ex: Executor,
  ): number | undefined {
    const n = children.length;
    const ok = (i: number) => !tried.has(i) && this.ready(children[i]!);
    if (ep.type === 'loadbalance' && ep.weights) return this.pickWeighted(ep, ep.weights);
    if (ep.type === 'loadbalance' && ep.rrlc) return this.pickRrlc(ep, ep.rrlc, ex);
    if (ep.type === 'loadbalance') {
      let at = (this.rr.get(ep) ?? 0) % Math.max(1, n);
      let picked: number | undefined;
      for (let looked = 0; looked < n && picked === undefined; looked++) {
        if (ok(at)) picked = at;
        at = (at + 1) % n;
      }
      this.rr.set(ep, at);
      return picked;
    }
    if (!ep.dynamic) {
      const cur = this.foCurrent.get(ep) ?? 0;
      if (cur < n && ok(cur)) return cur;
    }
    for (let i = 0; i < n; i++)
      if (ok(i)) {
        if (!ep.dynamic) this.foCurrent.set(ep, i);
        return i;
      }
    return undefined;
  }

  /** WeightedRoundRobin's cursor and each child's weight left in the current round, per loadbalance definition. */
  private readonly wrr = new WeakMap<GroupEndpointDef, { cursor: number; left: number[] }>();

  /**
   * MI's WeightedRoundRobin.getNextEndpoint: the child at the cursor while it has weight left in this round, then
   * the next one (its weight restored when the cursor leaves it), so weights 1, 2, 1 give 1, 2, 2, 3, 1, ... It does
   * not look at readiness: a suspended child is sent to (and, when it fails, failover takes the next slot, which may
   * be the same child again).
   */
  private pickWeighted(ep: GroupEndpointDef, weights: number[]): number {
    let st = this.wrr.get(ep);
    if (!st) this.wrr.set(ep, (st = { cursor: 0, left: [...weights] }));
    if (st.left[st.cursor] === 0) {
      st.left[st.cursor] = weights[st.cursor]!;
      st.cursor = st.cursor === weights.length - 1 ? 0 : st.cursor + 1;
    }
    st.left[st.cursor]!--;
    return st.cursor;
  }

  /** WeightedRRLCAlgorithm's cursor, rounds and each child's sends left in the round, per loadbalance definition. */
  private readonly rrlc = new WeakMap<GroupEndpointDef, { cursor: number; round: number; left: number[] }>();

  /**
   * MI's WeightedRRLCAlgorithm.getNextEndpoint: the children heaviest first, each sent to while it has sends left in
   * the round. When the cursor wraps and roundsPerRecal rounds are over, it recalculates the weights from the
   * transport's open connections map (OPEN_CONNNECTIONS_MAP), which only the old nhttp transport keeps: MI's
   * pass-through has none, so that pick fails with the SynapseException "Connections map not found." (the state has
   * moved on: the next message starts the next round). As WeightedRoundRobin, it does not look at readiness.
   */
  private pickRrlc(
    ep: GroupEndpointDef,
    r: { order: number[]; weights: number[]; rounds: number },
    ex: Executor,
  ): number | undefined {
    let st = this.rrlc.get(ep);
    if (!st) this.rrlc.set(ep, (st = { cursor: 0, round: 0, left: [...r.weights] }));
    const n = r.weights.length;
    // (MI loops for ever when no child has a weight above 0)
    if (!r.weights.some((w) => w > 0)) return undefined;
    if (!(st.left[st.cursor]! > 0)) {
      st.left[st.cursor] = r.weights[st.cursor]!;
      do {
        if (++st.cursor === n) {
          st.cursor = 0;
          if (++st.round === r.rounds) {
            st.round = 0;
            ex.log('ERROR', 'WeightedRRLCAlgorithm', undefined, 'Connections map not found.');
            throw new MediationError(0, 'Connections map not found.');
          }
        }
      } while (!(st.left[st.cursor]! > 0));
    }
    st.left[st.cursor]!--;
    return r.order[st.cursor]!;
  }

  /** Session id -> the child index it is bound to, per loadbalance definition. */
  private readonly sessionMaps = new WeakMap<
    GroupEndpointDef,
    Map<string, { child: number; expires: number }>
  >();
  private sessionsOf(ep: GroupEndpointDef): Map<string, { child: number; expires: number }> {
    let m = this.sessionMaps.get(ep);
    if (!m) this.sessionMaps.set(ep, (m = new Map()));
    return m;
  }

  private async callRecipients(ep: GroupEndpointDef, ctx: MessageContext, ex: Executor): Promise<void> {
    if (ctx.payload.streaming) await ctx.payload.build();
    const children = ep.children.map((c) => ex.resolveEndpoint(c, ctx));
    if (ep.dynamicList) {
      for (const uri of ep.dynamicList
        .string(ctx)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean))
        children.push(addressEndpointFor(uri, ep));
    }
    const results = await Promise.allSettled(
      children.map(async (child) => {
        // (RecipientListEndpoint: MessageHelper.cloneMessageContext, each copy its own correlation id)
        const c = ctx.fork(true);
        // an XML message is built first (sendToEndpointList: buildMessage) and each child gets the copy's envelope
        // (MessageHelper.cloneSOAPEnvelope), which the SOAP formatter writes
        if (c.payload.kind === 'xml' && !c.payload.streaming) {
          c.payload.envelope();
          c.payload.asEnvelopeCopy();
        }
        await this.call(child, c, ex);
        if (c.payload.streaming) await c.payload.build();
        return c;
      }),
    );
    const ok = results.find((r) => r.status === 'fulfilled') as
      PromiseFulfilledResult<MessageContext> | undefined;
    if (!ok)
      throw (
        (results[0] as PromiseRejectedResult | undefined)?.reason ??
        new MediationError(303000, 'Recipient list has no child endpoint')
      );
    adoptResponse(ctx, ok.value);
  }

  /**
   * Calls an address/http/default endpoint. Runs synchronously up to the request's dispatch (a SOAP version change
   * or a body that must be read first waits for that), and settles when the answer is the message.
   */
  private callLeaf(ep: LeafEndpointDef, ctx: MessageContext, ex: Executor, inGroup: boolean): Promise<void> {
    // a wsdl endpoint reads its address and SOAP version from its WSDL the first time (wsdl.ts)
    if (ep.wsdl && ep.uri === undefined)
      return resolveWsdlEndpoint(ep, (k) => ctx.localEntry(k)).then(() =>
        this.callLeaf(ep, ctx, ex, inGroup),
      );
    if (ep.unsupported) throw new MediationError(101500, `${ep.unsupported} (${ep.file}:${ep.line})`);
    // a default endpoint builds the message first (Synapse DefaultEndpoint.send), so a SOAP request's wsa:To is the
    // address it sends to
    if (ep.type === 'default' && !ctx.addressed) {
      const built = ex.addressRequest(ctx);
      if (built) return built.then(() => this.callLeaf(ep, ctx, ex, inGroup));
    }
    const st = this.states.get(ep);
    if (
      ((ep.name && this.inactive.has(ep.name)) || (st && st.state !== 'active' && st.until > Date.now())) &&
      // (the map lookups after the state checks: most calls go to a ready endpoint)
      this.groupChild.get(ctx) !== ep &&
      // (a relayed request went out while the endpoint was ready, as a call passes this check before it sends: a
      // failure of another request meanwhile does not make its replay fail here)
      !this.recorded.has(ctx)
    ) {
      throw new MediationError(
        303001,
        // MI's own wording, comma included (EndpointContext.toString: the state as getStateAsString prints it); an
        // http endpoint's has no space before the comma (HTTPEndpoint.send)
        `${ep.type === 'http' ? 'Currently, HTTP' : ep.type === 'default' ? 'Currently , Default' : 'Currently , Address'} endpoint : [ Name : ${ep.name ?? 'AnonymousEndpoint'} ] [ State : ${st?.state === 'timeout' ? 'TIMEOUT' : 'SUSPENDED'} ]`,
      );
    }
    // OAuthConfiguredHTTPEndpoint: a bearer token first (and the request once more with a new one after a 401);
    // BasicAuthConfiguredHTTPEndpoint: the credentials go into the message's transport headers
    if (ep.auth?.oauth && !this.authorizing.has(ctx)) return this.callWithToken(ep, ctx, ex, inGroup);
    if (ep.auth?.basic) ctx.headers.set('Authorization', basicAuthorization(ep.auth.basic, ctx));
    // Axis2FlexibleMEPClient.send gives a message without a CORRELATION_ID one (a task's, a polled file's)
    if (ctx.blocking === undefined) void ctx.correlationId;
    const url = this.urlFor(ep, ctx);
    // a vfs: address writes the message to a file (VFSTransportSender); no answer comes back
    if (url.startsWith('vfs:')) return this.writeFile(ep, ctx, ex, url);
    // a rabbitmq: address publishes to a RabbitMQ broker (RabbitMQSender)
    if (url.startsWith('rabbitmq:'))
      return this.rabbitmq.send(ep, ctx, ex, url).then(() => this.onSuccess(ep, ex));
    // an mqtt: address publishes to an MQTT broker when deployment.toml enables MI's MqttSender, else it has no
    // transport (mqtt/sender.ts)
    if (url.startsWith('mqtt:')) return this.mqtt.send(ctx, ex, url).then(() => this.onSuccess(ep, ex));
    // a mailto: address (mailtoNAME: for another sender) sends the message as an e-mail (MailTransportSender);
    // no answer comes back: the message goes on as it is
    if (isMailAddress(url)) return this.mail.send(ep, ctx, ex, url).then(() => this.onSuccess(ep, ex));
    const target = this.addressOf(ep, url);
    // (an answer's axis2 context has no HTTP_METHOD: TargetRequestFactory.create sends POST then)
    let method = (
      ep.method ??
      stringOf(ctx.axis2.get('HTTP_METHOD') ?? (ctx.answerType !== undefined ? 'POST' : ctx.method))
    ).toUpperCase();
    if (ep.format === 'get') method = 'GET';
    // a SOAP format is always POSTed (MI: "in case the request was not a POST"), with the SOAP action
    const soapFormat = ep.format === 'soap11' || ep.format === 'soap12';
    if (soapFormat) method = 'POST';
    // MI's pass-through sender sends a DELETE's entity when the message has one (GET and HEAD never carry one)
    const noEntity = ctx.axis2.get('NO_ENTITY_BODY');
    const noBody =
      method === 'GET' ||
      method === 'HEAD' ||
      (method === 'DELETE' && ctx.payload.isEmpty()) ||
      // TargetRequestFactory: a Body with an element goes out whatever NO_ENTITY_BODY says; on a request that came
      // without an entity, any payload is one a mediator wrote
      ((noEntity === true || noEntity === 'true') &&
        !(BODILESS_IN.has(ctx.method) && !bodyIsEmpty(ctx.payload)));
    // name, value, name, value… (undici takes a flat list as it is); a body's type is set from the body below
    const headers: string[] = [];
    const soapAction = soapFormat ? soapActionFor(ctx) : undefined;
    sendHeaderLines(ctx.headers, headers, noBody, soapAction, ctx.blocking !== undefined);
    if (target.local) headers.push(LOCAL_TRANSPORT_HEADER, this.localToken);
    if (soapAction && ep.format === 'soap11') headers.push('SOAPAction', `"${soapAction}"`);
    // NO_KEEPALIVE (MI): this request closes its backend connection
    if (isTrue(ctx.axis2.get('NO_KEEPALIVE'))) headers.push('connection', 'close');
    const hostOverride = ctx.axis2.get('REQUEST_HOST_HEADER');
    if (typeof hostOverride === 'string' && hostOverride) headers.push('host', hostOverride);
    const c: LeafCall = {
      ep,
      ctx,
      ex,
      inGroup,
      url,
      origin: target.origin,
      // (MI formats a DELETE's address too, but only one without a body, which has no fields to add); POST_TO_URI
      // (MI TargetRequest): the request line carries the whole address
      path:
        (isTrue(ctx.axis2.get('POST_TO_URI')) ? target.origin : '') +
        (method === 'GET' ? getPath(ep, ctx, target) : target.pathname + target.search),
      method,
      noBody,
      headers,
      soapFormat,
      soapAction,
      messageType: noBody ? undefined : (formatType(ep.format) ?? ctx.formatterType()),
      http10: ctx.axis2.get('FORCE_HTTP_1.0') === 'true',
    };
    if (soapFormat)
      return toSoapVersion(ctx, ep.format === 'soap12' ? SOAP12 : SOAP11).then(() => this.sendLeaf(c));
    return this.sendLeaf(c);
  }

  /** The messages an OAuth http endpoint is sending with its token (the send itself, not a new authorization). */
  private readonly authorizing = new WeakSet<MessageContext>();

  private async callWithToken(
    ep: LeafEndpointDef,
    ctx: MessageContext,
    ex: Executor,
    inGroup: boolean,
  ): Promise<void> {
    this.authorizing.add(ctx);
    try {
      await callWithOAuth(ep.auth!.oauth!, ep, ex, ctx, () => this.callLeaf(ep, ctx, ex, inGroup));
    } finally {
      this.authorizing.delete(ctx);
    }
  }

  /**
   * Writes the message to the file a `vfs:` address names, formatted as it would be sent (messageType), named by the
   * `transport.vfs.ReplyFileName` transport header in a folder. The message goes on unchanged: a file sends no answer.
   */
  private async writeFile(
    ep: LeafEndpointDef,
    ctx: MessageContext,
    ex: Executor,
    url: string,
  ): Promise<void> {
    const mt = (formatType(ep.format) ?? ctx.axis2.get('messageType')) as string | undefined;
    let path: string;
    try {
      path = await writeMessageFile(ctx, url, mt, undefined);
    } catch (e) {
      throw new MediationError(101500, `Error while writing to ${url}: ${(e as Error).message}`);
    }
    this.onSuccess(ep, ex);
    ex.log('DEBUG', 'VFSTransportSender', undefined, `Wrote the message to ${path}`);
  }

  /** Reads the body first when it must be (a format change, or a Content-Length asked for), then sends. */
  private sendLeaf(c: LeafCall): Promise<void> {
    const ctx = c.ctx;
    if (!c.noBody && ctx.payload.streaming) {
      // DISABLE_CHUNKING and FORCE_HTTP_CONTENT_LENGTH (MI): the body goes with a Content-Length, so a streamed
      // one is read whole first
      // (FORCE_HTTP_1.0 too; with COPY_CONTENT_LENGTH_FROM_INCOMING, FORCE_HTTP_CONTENT_LENGTH sends the untouched
      // body as it streams in with the client's Content-Length: MI PassThroughHttpSender.invoke, TargetRequest)
      if (
        c.ep.addressing ||
        c.http10 ||
        ctx.payload.needsBuildFor(c.messageType) ||
        // (PassThroughHttpSender: an enableMTOM property, whatever its value, builds the message)
        ctx.axis2.has('enableMTOM') ||
        c.ep.mtom ||
        c.ep.swa ||
        isTrue(ctx.axis2.get('DISABLE_CHUNKING')) ||
        (isTrue(ctx.axis2.get('FORCE_HTTP_CONTENT_LENGTH')) && !copiesLength(ctx))
      )
        return ctx.payload.build().then(() => this.dispatchLeaf(c));
    }
    return this.dispatchLeaf(c);
  }

  private dispatchLeaf(c: LeafCall): Promise<void> {
    const { ep, ctx, ex, headers } = c;
    let body: Buffer | Readable | undefined;
    if (!c.noBody) {
      const mt = c.messageType;
      // (PassThroughHttpSender: an enableMTOM property builds the message, which the formatter then writes)
      // (AbstractEndpoint: an endpoint optimize'd for MTOM or SwA is content aware, it builds the message)
      if (ctx.axis2.has('enableMTOM') || ep.mtom || ep.swa) ctx.payload.parse();
      // <enableAddressing/>: the endpoint builds the message (AbstractEndpoint.send)
      if (ep.addressing && !ctx.doingRest) ctx.payload.parse();
      const preserve = preservesAddressing(ctx);
      if (!preserve) removeAddressingHeaders(ctx);
      // <enableAddressing/>: Axis2's AddressingOutHandler writes the request's WS-Addressing headers (SOAP only); the
      // blocking sender disables it unless PRESERVE_WS_ADDRESSING (BlockingMsgSenderUtils.fillMessageContext:
      // DISABLE_ADDRESSING_FOR_OUT_MESSAGES)
      if (ep.addressing && (preserve || ctx.blocking === undefined)) {
        if (c.soapFormat || (ctx.payload.soap && !ctx.doingRest))
          addAddressingHeaders(ctx, ep.addressing, c.url, c.soapAction ?? soapActionFor(ctx));
      }
      const mime = mimeMode(ctx, ep.mtom === true, ep.swa === true);
      const ser = ctx.payload.serialize(
        mt,
        mt !== undefined,
        ctx.axis2.get('setCharacterEncoding') !== 'false',
        !c.soapFormat && restXml(ctx, mt ?? ctx.payload.contentType),
        ctx.headers.get('content-encoding') ?? null,
        mime,
        // (only a MIME package names the action, and an endpoint format soap12 names it itself, below; looking at it
        // writes the request's deferred properties)
        mime === undefined || ep.format === 'soap12' ? undefined : (c.soapAction ?? soapActionFor(ctx)),
      );
      // MI's formatters name the type from the axis2 ContentType property first (an endpoint format sets both)
      if (mt !== undefined && ep.format === undefined)
        ser.contentType = ctx.axis2.has('messageType')
          ? namedContentType(ctx, mt, ser.contentType)
          : ctx.writtenContentType(ser.contentType);
      else if (mt === undefined && ep.format === undefined)
        ser.contentType = contentTypeAlone(ctx, ser.contentType, true);
      // MI's default http.headers.preserve=Content-Type (deployment.toml transport.http.preserve_http_headers): a
      // message whose transport headers hold a Content-Type (not multipart) goes with the axis2 ContentType property
      // as it is, else its messageType (TargetRequestFactory.getContentType), not the formatter's type and charset.
      // A blocking call goes through Axis2's CommonsHTTPTransportSender (axis2_blocking_client.xml): the formatter's
      // (optimize="mtom": Axis2FlexibleMEPClient drops a Content-Type transport header that is not multipart)
      if (ep.format === undefined && ctx.blocking === undefined && !ep.mtom)
        ser.contentType = preservedContentType(ctx) ?? ser.contentType;
      body = ser.body;
      if (!Buffer.isBuffer(body)) c.sentStream = body;
      // RelayUtils.shouldOverwriteContentType: the pass-through sender writes a Content-Type only for a built message
      // with an entity, or when the message's transport headers hold one: a client's request relayed unread that came
      // without Content-Type goes on without one (TargetRequestFactory)
      if (
        ctx.requestType !== '' ||
        ctx.answerType !== undefined ||
        ctx.blocking !== undefined ||
        ep.format !== undefined ||
        ctx.headers.has('Content-Type') ||
        (ctx.payload.formatted && !isTrue(ctx.axis2.get('NO_ENTITY_BODY')))
      )
        headers.push(
          'content-type',
          c.soapAction && ep.format === 'soap12'
            ? `${ser.contentType}; action="${c.soapAction}"`
            : ser.contentType,
        );
      if (!c.soapFormat && ctx.blocking === undefined) setSoapActionHeader(headers, ctx, ser.contentType);
      if (!Buffer.isBuffer(body) && ctx.payload.streaming === false) {
        const declared = ctx.headers.get('content-length');
        if (declared) headers.push('content-length', declared);
      }
    } else {
      // (the type is looked up only for a message with an action set: setSoapActionHeader)
      if (!c.soapFormat && ctx.blocking === undefined && ctx.hasOwnProp('Action'))
        setSoapActionHeader(
          headers,
          ctx,
          stringOf(ctx.axis2.get('messageType') ?? '') ||
            ctx.payload.contentType ||
            'application/x-www-form-urlencoded',
        );
      if (ctx.payload.streaming) ctx.payload.takeStream()?.resume();
    }
    const timeoutMs = ep.timeout?.durationExpr
      ? dynamicTimeout(ep, ep.timeout.durationExpr.text, ep.timeout.durationExpr.string(ctx), ex)
      : (ep.timeout?.durationMs ?? DEFAULT_TIMEOUT_MS);
    if (ex.events.listenerCount('endpointCall') > 0)
      ex.events.emit('endpointCall', {
        messageId: ctx.traceId,
        endpoint: ep.name,
        url: c.url,
        method: c.method,
      });
    // a configured timeout is enforced precisely (undici's own timers are coarse); the global one by undici
    let timer: NodeJS.Timeout | undefined;
    let controller: AbortController | undefined;
    let headersTimeout = timeoutMs;
    let lateAnswer: (() => void) | undefined;
    // (a non-blocking call's timeout ends with the answer's head: SynapseCallbackReceiver.receive takes the callback
    // then; MI's blocking sender reads under a socket timeout instead)
    const headEndsTimeout = passesThrough(ctx);
    if (ep.timeout) {
      controller = new AbortController();
      const ac = controller;
      // the action NONE: the callback expires at the TimeoutHandler's first run at or after the timeout, and the
      // request goes on (a later answer finds no callback: its WARN)
      const tick = expiresOnTick(ep, ctx);
      const delay = tick ? this.expiryDelay(timeoutMs) : timeoutMs;
      if (tick) {
        headersTimeout = HttpEndpoints.lateHeadersTimeout(delay);
        lateAnswer = this.lateWarning(c);
      }
      timer = setTimeout(() => ac.abort(), delay);
    }
    // the relay path sent this request already (relay.ts): its answer, or its error, is this call's
    const rec = this.recorded.get(ctx);
    if (rec !== undefined) {
      this.recorded.delete(ctx);
      clearTimeout(timer);
      // the endpoint and address it was sent to (with the default timeout), as a call in progress keeps them when
      // the endpoint is redeployed meanwhile
      const sent: LeafCall = rec.sentTo ? { ...c, ep: rec.sentTo.ep, url: rec.sentTo.url } : c;
      // (an expired exchange the back end still answers: the WARN names the key the flow's expiry line named)
      const late = rec.late;
      if (late) {
        late.warn = this.lateWarning(sent);
        if (late.arrived) late.warn();
      }
      return replayExchange(
        rec,
        (res) => this.answered(sent, res, undefined),
        (e) =>
          this.callFailed(
            sent,
            e,
            sent.ep.timeout?.durationMs ?? DEFAULT_TIMEOUT_MS,
            rec.timedOut === true,
            undefined,
          ),
      );
    }
    return exchange(
      c.http10 ? http10Dispatcher(c.origin, tlsTrust()) : this.pool(c.origin),
      {
        path: c.path,
        method: c.method,
        headers,
        body,
        headersTimeout,
        // (the body is read under the transport's own socket timeout, not the endpoint's: see takeCallAnswer)
        bodyTimeout: DEFAULT_TIMEOUT_MS,
        signal: controller?.signal,
        lateAnswer,
        headEndsTimeout,
      },
      (res) => this.answered(c, res, timer),
      (e) => this.callFailed(c, e, timeoutMs, controller?.signal.aborted === true, timer),
    );
  }

  /**
   * The call failed before an answer: ERROR_CODE as MI sets it, the endpoint's failure counted. `aborted`: the
   * endpoint's `<timeout>` timer aborted it.
   */
  private callFailed(
    c: LeafCall,
    e: unknown,
    timeoutMs: number,
    aborted: boolean,
    timer: NodeJS.Timeout | undefined,
  ): void {
    const { ep, ctx, ex, url } = c;
    clearTimeout(timer);
    if (e instanceof PayloadTooLargeError) throw e;
    // a connection that never took the body (refused, not made in time) leaves it with the message, as MI's pipe
    // keeps what was never written: the fault sequence sees it and a respond sends it
    const s = c.sentStream;
    if (s && !s.readableDidRead && !s.destroyed) ctx.payload.putBackStream(s);
    const err = aborted
      ? new MediationError(101504, 'Send timeout', `no response from ${url} within ${timeoutMs} ms`)
      : toMediationError(e, url, timeoutMs);
    // Synapse TimeoutHandler (an endpoint's or the global callback timeout): the fault handler gets the message with
    // an empty SOAP envelope (CallbackAckConfigUtil.isPreservePayloadOnTimeout is false by default); a JSON message
    // keeps its JSON, which its formatter writes from the JSON stream when the body is empty. A group's child keeps
    // the message for the next child (FailoverEndpoint works on the original)
    if (err.code === 101504 && err.message === 'Send timeout' && !c.inGroup && ctx.payload.kind !== 'json')
      emptyEnvelope(ctx);
    // the pass-through sender's IO reactor warns of a connection it could not make (ConnectCallback.failed /
    // timeout) before the failure is mediated on a worker thread (TargetErrorHandler)
    // (a blocking call and a forwarding processor's send go through MI's blocking sender, an Axis2 HTTP client: no
    // pass-through reactor, no callback for the TimeoutHandler)
    const passThrough = passesThrough(ctx);
    const warning = passThrough ? connectWarning(e, url) : undefined;
    if (warning !== undefined) ex.log('WARN', 'ConnectCallback', undefined, warning);
    // TimeoutHandler.processCallbacks warns of each expired callback (whatever its action) before it mediates it
    const timedOut = err.code === 101504 && err.message === 'Send timeout';
    if (timedOut && passThrough) ex.log('WARN', 'TimeoutHandler', undefined, expiringWarning(c, timeoutMs));
    const action = ep.timeout?.responseAction;
    if (timedOut && passThrough && action !== 'fault' && action !== 'discard') {
      // the timeout action NONE (no responseAction; EndpointDefinition's default, the global timeout's too):
      // TimeoutHandler.processCallbacks only warns and removes the callback. No fault handler runs (no fault
      // sequence, no failure counted, a group tries no other child) and nothing answers the client: its connection is
      // closed at the listener's socket timeout (SourceHandler.timeout)
      ctx.stopped = true;
      ctx.shared.unanswered = true;
      return;
    }
    // a blocking call's failure is counted under BLOCKING_SENDER_OPERATION_FAILED (BlockingMsgSender's ERROR_CODE)
    this.onFailure(ep, ctx.blocking ? ctx.blocking.failureCode : (err.code as number), ex);
    if (ep.timeout?.responseAction === 'discard') {
      // AbstractEndpoint.onFault (the endpoint is the message's fault handler for any failure of its send, not only
      // its timeout): with the timeout action discard it counts the failure, then invokes no further fault handler:
      // a group's child informs no parent either (invokeNextFaultHandler is where onChildEndpointFail is called), so
      // the group tries no other child
      // a blocking call: BlockingMsgSender hands any failure to the endpoint (the fault stack's top), whose onFault
      // discards it the same way; CallMediator then stops the flow (routing.ts)
      this.discardFault(ep, ctx, ex);
      // (a non-blocking send: the sent request marked RESPONSE_WRITTEN=SKIP: no 202; the client waits for the
      // socket timeout)
      if (!ctx.blocking) ctx.shared.unanswered = true;
      return;
    }
    throw err;
  }

  /** The back end answered: its answer becomes the message (a SOAP fault may fail the call first). */
  private answered(
    c: LeafCall,
    res: BackendResponse,
    timer: NodeJS.Timeout | undefined,
  ): Promise<void> | void {
    const forceOnFault = c.ctx.ownProp('FORCE_ERROR_ON_SOAP_FAULT');
    if (
      (forceOnFault === true || forceOnFault === 'true') &&
      /xml/i.test(String(res.headers['content-type']))
    )
      return this.answeredUnlessFault(c, res, timer);
    this.takeCallAnswer(c, res, res.body, timer);
  }

  /** MI (SynapseCallbackReceiver): with FORCE_ERROR_ON_SOAP_FAULT a SOAP fault answer fails the endpoint (500000). */
  private async answeredUnlessFault(
    c: LeafCall,
    res: BackendResponse,
    timer: NodeJS.Timeout | undefined,
  ): Promise<void> {
    const { ep, ctx, ex, url } = c;
    const answer = Buffer.isBuffer(res.body) ? res.body : await readWhole(res.body);
    if (SOAP_FAULT.test(answer.toString('utf8'))) {
      clearTimeout(timer);
      this.onFailure(ep, ENDPOINT_CUSTOM_ERROR, ex);
      // in a failover or loadbalance group the request is tried on the next child; alone, the fault sequence
      // gets the fault answer
      if (!c.inGroup)
        this.takeAnswer(
          ctx,
          res.statusCode,
          res.statusText,
          res.headers,
          answer,
          c.method === 'HEAD',
          res.raw,
        );
      throw new MediationError(
        ENDPOINT_CUSTOM_ERROR,
        `The endpoint ${ep.name ?? url} answered with a SOAP fault (FORCE_ERROR_ON_SOAP_FAULT)`,
        answer.toString('utf8'),
      );
    }
    this.takeCallAnswer(c, res, answer, timer);
  }

  private takeCallAnswer(
    c: LeafCall,
    res: BackendResponse,
    answer: Buffer | Readable,
    timer: NodeJS.Timeout | undefined,
  ): void {
    // the endpoint's timeout ends with the answer's arrival: Synapse's TimeoutHandler expires only the callbacks still
    // waiting, and SynapseCallbackReceiver.receive removes the call's as the answer comes (ClientWorker runs on its
    // head; the body streams through the pipe), so a body that takes longer than the timeout is not cut by it
    clearTimeout(timer);
    this.onSuccess(c.ep, c.ex);
    this.takeAnswer(c.ctx, res.statusCode, res.statusText, res.headers, answer, c.method === 'HEAD', res.raw);
    c.ctx.answerRawHeaders = res.raw;
    // the answer inherits the request's doingREST, which a SOAP format cleared and pox/get/rest set (MI)
    if (c.ep.format !== undefined && c.ep.format !== 'json') c.ctx.restOverride = !c.soapFormat;
  }

  /** The backend's answer becomes the message: its headers (hop-by-hop left out), status and body. */
  private takeAnswer(
    ctx: MessageContext,
    status: number,
    statusText: string | undefined,
    rh: Record<string, string | string[] | undefined>,
    answer: Buffer | Readable,
    head: boolean,
    raw?: BackendResponse['raw'],
  ): void {
    ctx.headers.clear();
    if (raw !== undefined) {
      // the answer's lines as the back end wrote them, read when first looked at (Headers.setAnswer)
      const loc = rh['location'];
      ctx.headers.setAnswer(
        raw,
        rh,
        loc === undefined ? undefined : this.relocate(ctx, status, Array.isArray(loc) ? loc[0] : loc),
      );
    } else {
      for (const k in rh) {
        let v = rh[k];
        if (v === undefined) continue;
        if (ANSWER_SPECIAL.has(k)) {
          if (k !== 'location') continue;
          v = this.relocate(ctx, status, Array.isArray(v) ? v[0] : v);
        }
        // undici names each header once, in lower case
        ctx.headers.addLower(k, Array.isArray(v) ? v.join(', ') : v);
      }
    }
    // a body streamed through unchanged keeps its declared length (the answer is then not chunked)
    const declared = rh['content-length'];
    if (raw === undefined && !Buffer.isBuffer(answer) && typeof declared === 'string')
      ctx.headers.set('Content-Length', declared);
    const requestType = ctx.axis2.get('messageType');
    // A non-blocking call's mediation goes on with the answer's own axis2 context (ClientWorker: responseMsgCtx, a
    // new MessageContext; SynapseCallbackReceiver.handleMessage gives it to the Synapse context): what the request's
    // held (REST_URL_POSTFIX, HTTP_METHOD, a mediator's own axis2 properties...) is not there. A blocking call keeps
    // the request's (BlockingMsgSender answers into the same context).
    if (ctx.blocking === undefined) {
      // (SynapseCallbackReceiver: the request's DISABLE_ADDRESSING_FOR_OUT_MESSAGES is the answer's: see addressingOut)
      const disableOut = ctx.axis2.get('disableAddressingForOutMessages');
      ctx.axis2.clear();
      if (disableOut !== undefined) ctx.axis2.set('disableAddressingForOutMessages', disableOut);
      ctx.processingFault = false;
    }
    // ClientWorker: the answer's context has the SOAP action "" (responseMsgCtx.setSoapAction("")), what the log
    // and get-property('Action') read until a mediator sets another
    if (ctx.blocking === undefined) {
      // SynapseCallbackReceiver: the answer relates to the request (setRelationships: a RelatesTo holding the
      // request's message id), what get-property('RelatesTo') reads from then on (not one of the properties the
      // transport defers: set without writing them)
      ctx.setOwnProp('RelatesTo', ctx.messageId);
      ctx.actionReset = true;
      // (the answer's own WS-Addressing headers are read when it is built: see executor applyAddressing)
      ctx.addressed = false;
      ctx.answerAddressing = true;
      // (Action is never one of the properties the transport defers: looking at it does not write them)
      ctx.actionResetProp = ctx.ownProp('Action');
    }
    ctx.axis2.set('HTTP_SC', status);
    // ClientWorker: an answer of 400 or more is a FAULT_MESSAGE (what get-property('FAULT') reads)
    if (status >= 400 && ctx.blocking === undefined) ctx.axis2.set('FAULT_MESSAGE', 'TRUE');
    // ClientWorker: the reason phrase as the back end wrote it, which the answer's status line then carries
    // (PassThroughTransportUtils.determineHttpStatusLine)
    if (statusText) ctx.axis2.set('HTTP_SC_DESC', statusText);
    else ctx.axis2.delete('HTTP_SC_DESC');
    ctx.axis2.delete('messageType');
    // ClientWorker: the answer's context names its own ContentType (the Content-Type: the payload's, read back)
    ctx.axis2.delete('ContentType');
    // ClientWorker: an answer that cannot have a body (to a HEAD; 1xx, 204, 205, 304:
    // TargetHandler.isResponseHaveBodyExpected), or one with no Content-Type and no length (or 0) nor chunking
    // (inferContentType), is NO_ENTITY_BODY TRUE; any other clears it
    const noEntity = noEntityAnswer(status, head, rh);
    if (noEntity) ctx.axis2.set('NO_ENTITY_BODY', true);
    else ctx.axis2.delete('NO_ENTITY_BODY');
    if (ctx.blocking === undefined) {
      // SynapseCallbackReceiver.handleResponse: messageType is the answer's CONTENT_TYPE without its parameters
      // (ClientWorker: the Content-Type, else application/octet-stream for a body of no type), read on demand
      // (MessageContext.answerType); an answer with none keeps the request's messageType, unless a form's
      const t = rh['content-type'];
      if (!noEntity)
        ctx.answerType = t === undefined ? 'application/octet-stream' : Array.isArray(t) ? t[0] : t;
      else {
        ctx.answerType = null;
        if (requestType !== undefined && requestType !== FORM_TYPE) ctx.axis2.set('messageType', requestType);
      }
    }
    const ct = (rh['content-type'] as string | undefined) ?? '';
    ctx.payload.setRaw(answer, ct);
    // the blocking sender hands over a copy of the answer's envelope (BlockingMsgSender.sendReceive:
    // MessageHelper.cloneSOAPEnvelope), without a document above it even when a SOAP builder made it
    if (ctx.blocking !== undefined) {
      ctx.payload.envelopeDocument(false);
      ctx.payload.envelopeCopyWhenBuilt();
    }
    // the answer's own encoding (none resets the request's)
    ctx.payload.setContentEncoding(rh['content-encoding'] as string | undefined);
    // the request's properties go on with the answer (SynapseCallbackReceiver copies them all): an ERROR_CODE a failed
    // failover child set stays
    // MI goes on with a message context made on the response, its To the WS-Addressing anonymous address
    // (SynapseCallbackReceiver.handleMessage): a log prints it, a send with no endpoint answers the client with it
    ctx.to = WSA_ANONYMOUS;
  }

  /**
   * MI's ClientWorker moves a back end's Location (any status but a redirect or 201) onto the runtime: the path and
   * query of an absolute URL (or a relative value as it is), one leading `/` dropped, after the request's service
   * prefix (`http://address:port` + the request URI before its REST postfix). Kept as it is when the runtime has no
   * listener (MI removes it then).
   */
  private relocate(ctx: MessageContext, status: number, loc: string): string {
    if (keepsLocation(status) || this.listenOrigin === undefined) return loc;
    let rest: string;
    try {
      const u = new URL(loc);
      rest = u.pathname + u.search;
    } catch {
      rest = loc;
    }
    if (rest.startsWith('/')) rest = rest.slice(1);
    return this.listenOrigin + servicePrefixPath(ctx.url) + rest;
  }

  /** The last address each endpoint called: a message calls the same URL as the one before it, most of the time. */
  private readonly lastAddress = new WeakMap<LeafEndpointDef, { url: string; target: ParsedAddress }>();
  private addressOf(ep: LeafEndpointDef, url: string): ParsedAddress {
    const last = this.lastAddress.get(ep);
    if (last !== undefined && last.url === url) return last.target;
    const target = this.parseAddress(url);
    this.lastAddress.set(ep, { url, target });
    return target;
  }

  /** Origin and path of an endpoint address; parsed addresses are kept (most endpoints call the same few URLs). */
  private parseAddress(url: string): ParsedAddress {
    let t = this.addresses.get(url);
    if (t) return t;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      // Axis2 ClientUtils.inferOutTransport finds no transport for an address without a scheme (a relative To such
      // as /services/X); Axis2Sender.sendOn fails the mediation with its words (a mediator error: ERROR_CODE 0)
      const axis = `The system cannot infer the transport information from the ${url} URL.`;
      throw new MediationError(0, `Unexpected error during sending message out. ${axis}`, axis);
    }
    if (u.protocol === 'local:' && this.listenOrigin !== undefined) {
      // Axis2's local transport (NonBlockingLocalTransportSender, MI LocalTransportTestCase): local://services/NAME
      // hands the message to the proxy service NAME of this server; here through its own HTTP listener, marked
      t = { origin: this.listenOrigin, pathname: `/${u.host}${u.pathname}`, search: u.search, local: true };
    } else if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new MediationError(101500, `Unsupported endpoint address '${url}'`);
    else t = { origin: u.origin, pathname: u.pathname, search: u.search };
    if (this.addresses.size >= 1000) this.addresses.clear();
    this.addresses.set(url, t);
    return t;
  }

  private onSuccess(ep: LeafEndpointDef, ex: Executor): void {
    const s = this.states.get(ep);
    if (!s) return;
    this.states.delete(ep);
    // MI's EndpointContext.onSuccess
    if (s.state !== 'active')
      ex.log(
        'INFO',
        'EndpointContext',
        undefined,
        `Endpoint : ${contextName(ep)} currently ${s.state.toUpperCase()} will now be marked active since it processed its last message`,
      );
  }

  private onFailure(ep: LeafEndpointDef, code: number, ex: Executor): void {
    const now = Date.now();
    const s = this.states.get(ep) ?? { state: 'active' as const, until: 0, lastDuration: 0, failures: 0 };
    const timeoutCodes = ep.mark.errorCodes ?? DEFAULT_TIMEOUT_CODES;
    const suspendCodes = ep.suspend.errorCodes;
    const suspend = (afterTimeout: boolean) => {
      // EndpointContext.computeNextRetryTimeForSuspended: the last duration (kept until the endpoint is active
      // again) times the progression factor (a Java float), else the initial one; above the maximum the maximum,
      // below zero (no initialDuration) 30 s. A 0 ms suspension is one too: logged, ready again at once.
      const last = s.lastDuration > 0 ? s.lastDuration : 0;
      let d = last
        ? Math.trunc(Math.fround(Math.fround(last) * Math.fround(ep.suspend.progressionFactor)))
        : ep.suspend.initialDuration;
      if (d > ep.suspend.maximumDuration) d = ep.suspend.maximumDuration;
      else if (d < 0) d = 30_000;
      s.state = 'suspended';
      s.lastDuration = d;
      s.until = now + d;
      // MI's EndpointContext.onFault and computeNextRetryTimeForSuspended, word for word
      const name = contextName(ep);
      // (onFault's line; a timeout with no retry left says so itself, EndpointContext.setState(ST_TIMEOUT))
      if (!afterTimeout)
        ex.log(
          'WARN',
          'EndpointContext',
          undefined,
          `Endpoint : ${name} will be marked SUSPENDED as it failed`,
        );
      ex.log(
        'WARN',
        'EndpointContext',
        undefined,
        `Suspending endpoint : ${name}${last ? ` - last suspend duration was : ${last}ms and` : ' -'} current suspend duration is : ${d}ms - Next retry after : ${javaDate(now + d)}`,
      );
    };
    if (timeoutCodes.includes(code)) {
      // MI EndpointContext.setState(ST_TIMEOUT): each timeout uses one of retriesBeforeSuspension; the endpoint is
      // not used again before retryDelay (readyToSend); when none remains it is suspended
      s.failures++;
      if (s.failures > ep.mark.retriesBeforeSuspension) {
        ex.log(
          'INFO',
          'EndpointContext',
          undefined,
          `Endpoint : ${contextName(ep)} has been marked for SUSPENSION, but no further retries remain. Thus it will be SUSPENDED.`,
        );
        suspend(true);
      } else {
        s.state = 'timeout';
        s.until = now + ep.mark.retryDelay;
        ex.log(
          'WARN',
          'EndpointContext',
          undefined,
          `Endpoint : ${contextName(ep)} is marked as TIMEOUT and will be retried : ${ep.mark.retriesBeforeSuspension - s.failures} more time/s after : ${javaDate(s.until)} until its marked SUSPENDED for failure`,
        );
      }
    } else if (!suspendCodes || suspendCodes.includes(code)) suspend(false);
    this.states.set(ep, s);
  }

  private urlFor(ep: LeafEndpointDef, ctx: MessageContext): string {
    if (ep.type === 'default') {
      if (!ctx.to)
        throw new MediationError(101500, 'Default endpoint used but the message has no To address');
      // Axis2FlexibleMEPClient, an endpoint without an address: the postfix of a REST request after the To address
      const postfix = ctx.axis2.get('REST_URL_POSTFIX');
      if (typeof postfix !== 'string' || postfix === '' || !restRequest(ep, ctx)) return ctx.to;
      const sep = !ctx.to.endsWith('/') && !postfix.startsWith('/') && !postfix.startsWith('?');
      return ctx.to + (sep ? '/' : '') + postfix;
    }
    // MI drops REST_URL_POSTFIX for an http endpoint only when it names its method; without one the postfix is
    // appended as for an address endpoint. A blocking call drops it for none (BlockingMsgSenderUtils.fillMessageContext
    // appends it to the expanded uri-template of a REST request)
    const uri = ep.type === 'http' ? expandUriTemplate(ep.uri ?? '', ctx) : (ep.uri ?? '');
    if (ep.type === 'http' && ep.method && !ctx.blocking) return uri;
    const postfix = ctx.axis2.get('REST_URL_POSTFIX');
    // Axis2FlexibleMEPClient: the postfix goes after the address of a REST request only (a SOAP format, or a SOAP
    // request, is sent to the address as it is), joined with one '/' (none before a query)
    if (typeof postfix !== 'string' || postfix === '' || !restRequest(ep, ctx)) return uri;
    return withPostfix(uri, postfix);
  }
}

/**
 * The path of a GET: through the form formatter (messageType
 * application/x-www-form-urlencoded, or an endpoint with format="get") the payload root's children become query
 * parameters (PassThrough TargetRequest -> XFormURLEncodedFormatter.getTargetAddress ->
 * URLTemplatingUtil.appendQueryParameters); every other formatter leaves the address as it is.
 */
function getPath(ep: LeafEndpointDef, ctx: MessageContext, target: ParsedAddress): string {
  const path = target.pathname + target.search;
  const mt = ep.format === 'get' ? FORM_TYPE : (formatType(ep.format) ?? ctx.axis2.get('messageType'));
  if (typeof mt !== 'string' || kindOf(mt) !== 'form' || ctx.payload.isEmpty()) return path;
  let query: string;
  try {
    query = queryOfFields(ctx.payload.formFields());
  } catch {
    return path; // a body that does not build has failed the message before it gets here in MI
  }
  if (query === '') return path;
  const q = path.indexOf('?');
  return q < 0 ? `${path}?${query}` : q === path.length - 1 ? path + query : `${path}&${query}`;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

function formatType(format: string | undefined): string | undefined {
  switch (format) {
    case 'soap11':
      return 'text/xml';
    case 'soap12':
      return 'application/soap+xml';
    case 'pox':
      return 'application/xml';
    case 'json':
      return 'application/json';
    default:
      return undefined;
  }
}

/** How MI's EndpointContext names an endpoint in its log lines: the name (or AnonymousEndpoint) and the address. */
function contextName(ep: LeafEndpointDef): string {
  const name = ep.name ?? 'AnonymousEndpoint';
  return ep.uri ? `${name} with address ${ep.uri}` : name;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as Java's Date.toString() prints it (EEE MMM dd HH:mm:ss zzz yyyy, local time). */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(d)
      .find((x) => x.type === 'timeZoneName')?.value ?? 'UTC';
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone} ${d.getFullYear()}`;
}

/** ClientWorker's NO_ENTITY_BODY for a back end's answer (see takeAnswer). */
function noEntityAnswer(
  status: number,
  head: boolean,
  rh: Record<string, string | string[] | undefined>,
): boolean {
  if (head || status < 200 || status === 204 || status === 205 || status === 304) return true;
  if (rh['content-type'] !== undefined) return false;
  const cl = rh['content-length'];
  return (cl === undefined && rh['transfer-encoding'] === undefined) || cl === '0';
}

/** The methods whose requests are REST whatever their content (Axis2FlexibleMEPClient.isRequestRest). */
const REST_METHODS: ReadonlySet<string> = new Set(['GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD']);

/**
 * Whether the REST URL postfix goes after the endpoint's address (Axis2FlexibleMEPClient.send): format="rest"
 * always, a SOAP format never; otherwise isRequestRest: the client's request had a body that was not SOAP (or no
 * content type), or its method is one of REST_METHODS, or it is a POST whose message type is a REST one
 * (HTTPTransportUtils.isRESTRequest), or the message type is text/xml with no SOAP action.
 */
function restRequest(ep: LeafEndpointDef, ctx: MessageContext): boolean {
  if (ep.format === 'rest') return true;
  // BlockingMsgSenderUtils.fillMessageContext: a doingREST message is REST whatever the endpoint's format (the
  // message's own doingREST: enableREST makes the call REST only in the transport, after the address is made)
  if (ctx.blocking?.ownRest) return true;
  if (ep.format === 'soap11' || ep.format === 'soap12') return false;
  const client = ctx.requestType;
  if (client !== undefined && !client.includes('text/xml') && !client.includes('application/soap+xml'))
    return true;
  const method = ctx.axis2.get('HTTP_METHOD') ?? ctx.method;
  if (typeof method === 'string' && REST_METHODS.has(method))
    // the blocking sender's isRequestRest does not list PATCH
    return !ctx.blocking || method !== 'PATCH';
  const mt = ctx.axis2.get('messageType') ?? (client === undefined ? undefined : mediaTypeOf(client));
  const type = typeof mt === 'string' ? mt : '';
  if (
    method === 'POST' &&
    /application\/(?:xml|x-www-form-urlencoded|json|jwt)|multipart\/form-data/.test(type)
  )
    return true;
  if (ctx.blocking) return false;
  return type === 'text/xml' && !ctx.headers.has('SOAPAction') && ctx.ownProp('Action') == null;
}

/** Synapse AbstractEndpoint.isRetry: disabledErrorCodes first, then (when given) only the enabledErrorCodes retry. */
function retryAllowed(ep: LeafEndpointDef | undefined, code: number | undefined): boolean {
  if (!ep?.retry || code === undefined) return true;
  if (ep.retry.disabled?.includes(code)) return false;
  const enabled = ep.retry.enabled;
  return !enabled || enabled.length === 0 || enabled.includes(code);
}

export function isEndpointError(code: unknown): boolean {
  return (
    typeof code === 'number' &&
    ((code >= 101000 && code < 102000) || (code >= 303000 && code < 306000) || code === ENDPOINT_CUSTOM_ERROR)
  );
}

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** The message's envelope becomes an empty one of its SOAP version (1.1 unless it is a SOAP 1.2 message). */
function emptyEnvelope(ctx: MessageContext): void {
  const ns = ctx.payload.soap && ctx.payload.contentType.toLowerCase().includes('soap+xml') ? SOAP12 : SOAP11;
  ctx.payload.setEnvelope(makeEnvelope(undefined, ns));
}

/**
 * EndpointDefinition.evaluateDynamicEndpointTimeout: the expression's value read as Long.parseLong reads it (an
 * integer, spaces trimmed), at most the global timeout; anything else is a WARN line and the global timeout.
 */
function dynamicTimeout(ep: LeafEndpointDef, expr: string, value: string, ex: Executor): number {
  const v = value.trim();
  // (beyond a long's range Long.parseLong throws a NumberFormatException too: the WARN below)
  const n = parseJavaLong(v);
  if (n !== undefined) return Math.min(n, DEFAULT_TIMEOUT_MS);
  const where = ep.name ? ` in endpoint: '${ep.name}'` : ' defined in an anonymous endpoint';
  ex.log(
    'WARN',
    'EndpointDefinition',
    undefined,
    `Error while evaluating dynamic endpoint timeout expression: ${expr.replace(/^\{|\}$/g, '')}${where}. Using the Synapse global timeout: ${DEFAULT_TIMEOUT_MS} as the effective timeout. Error: For input string: "${v}"`,
  );
  return DEFAULT_TIMEOUT_MS;
}

/**
 * TargetRequestFactory.getContentType with Content-Type preserved (MI's default): the axis2 ContentType property
 * (the request's Content-Type as received, or what messageType, a payloadFactory or an endpoint format set), else
 * messageType, when the message's transport headers hold a Content-Type that is not multipart; undefined otherwise
 * (the formatter names the type).
 */
function preservedContentType(ctx: MessageContext): string | undefined {
  const header = ctx.headers.get('Content-Type');
  if (header === undefined || /multipart\/form-data|multipart\/related/i.test(header)) return undefined;
  const named = ctx.getProperty('ContentType', 'axis2');
  if (typeof named === 'string' && named !== '') return named;
  const mt = ctx.axis2.get('messageType');
  return typeof mt === 'string' && mt !== '' ? mt : undefined;
}

/** The SOAP action the transport reads from a SOAPAction header: trimmed, its quotes taken off. */
export function receivedActionOf(header: string): string {
  return header.trim().replace(/^"(.*)"$/, '$1');
}

/**
 * The SOAP action of a message: Axis2 keeps one (Options.action, read by both getSoapAction and getWSAAction), the
 * SOAPAction header the transport read (its quotes taken off) unless WS-Addressing or a header mediator `Action` set
 * another since (or removed it).
 */
function soapActionFor(ctx: MessageContext): string | undefined {
  // (Action is never one of the properties the transport defers: looking at it does not write them)
  if (ctx.hasOwnProp('Action')) {
    const wsa = ctx.ownProp('Action');
    return wsa === undefined || wsa === null || wsa === '' ? undefined : stringOf(wsa);
  }
  return ctx.receivedAction || undefined;
}

/**
 * TargetRequest ("setup wsa action"): when the message has a SOAP action and a SOAP 1.1 envelope (a JSON or POX
 * message sits in one too), the SOAPAction header is the action as the message's formatter writes it
 * (formatSOAPAction), over any SOAPAction transport header: quoted by the SOAP formatter, as it is by the XML, form
 * and multipart ones, and empty by the JSON, text and binary ones, which give none (HttpCore writes `SOAPAction: `).
 * Without an action (none came, none was set) a SOAPAction transport header goes as it is.
 */
function setSoapActionHeader(headers: string[], ctx: MessageContext, contentType: string): void {
  soapActionLine(headers, soapActionFor(ctx), ctx.payload.contentType, contentType);
}

/**
 * setSoapActionHeader's line for a message of the type `messageType` written as `contentType` with this action (the
 * relay path's proxy requests use it too).
 */
export function soapActionLine(
  headers: string[],
  action: string | undefined,
  messageType: string,
  contentType: string,
): void {
  if (!action || messageType.toLowerCase().includes('application/soap+xml')) return;
  const media = mediaTypeOf(contentType).toLowerCase();
  let value: string;
  if (media === 'text/xml' || media === 'application/soap+xml')
    value = action.startsWith('"') ? action : `"${action}"`;
  else if (
    media === 'application/json' ||
    media === 'application/json/badgerfish' ||
    media === 'text/javascript' ||
    media === 'text/plain' ||
    media === 'application/octet-stream' ||
    media === 'application/binary'
  )
    value = '';
  else value = action;
  for (let i = headers.length - 2; i >= 0; i -= 2)
    if (headers[i]!.toLowerCase() === 'soapaction') headers.splice(i, 2);
  headers.push('SOAPAction', value);
}

const CONNECT_ERROR = 'Error connecting to the back end';

/**
 * TimeoutHandler's warning for a callback that expired: "Expiring message ID : ID; dropping message after
 * ENDPOINT_TIMEOUT|GLOBAL_TIMEOUT of : N seconds for Endpoint [NAME] (AnonymousEndpoint), URI : ADDRESS, Received
 * through API : X" then "Correlation ID : C" with nothing between (getServiceLogMessage + "Correlation ID : ", as
 * the source writes it since the duplicate line was removed).
 */
function expiringWarning(c: LeafCall, timeoutMs: number): string {
  const { ep, ctx, url } = c;
  const type =
    ep.timeout?.durationMs !== undefined || ep.timeout?.durationExpr !== undefined
      ? 'ENDPOINT_TIMEOUT'
      : 'GLOBAL_TIMEOUT';
  const { artifactKind, artifactName } = ctx.flow;
  const through =
    artifactKind === 'proxy'
      ? `Received through Proxy service : ${artifactName}`
      : artifactKind === 'api'
        ? `Received through API : ${artifactName}`
        : artifactKind === 'inbound'
          ? `Received through Inbound Endpoint : ${artifactName}`
          : 'Received through an entry point other than a proxy, an api or an inbound endpoint ';
  // the callback's key (callbackKey)
  const id = callbackKey(c);
  return (
    `Expiring message ID : ${id}; dropping message after ${type} of : ${Math.floor(timeoutMs / 1000)} ` +
    `seconds for ${ep.name ? `Endpoint [${ep.name}]` : 'AnonymousEndpoint'}, URI : ${url}, ${through}` +
    `Correlation ID : ${ctx.correlationId}`
  );
}

/**
 * ConnectCallback's warning for a connection refused ("Connection refused or failed for : ") or not made in time
 * ("Timeout connecting to : "), naming the session request's remote address as Java prints an InetSocketAddress
 * (`host/ip:port`, `/ip:port` for an address given as an IP); undefined for another failure.
 */
function connectWarning(e: unknown, url: string): string | undefined {
  const err = e as Error & { code?: string; address?: string; cause?: { code?: string; address?: string } };
  const code = err.code ?? err.cause?.code;
  const what =
    code === 'ECONNREFUSED'
      ? 'Connection refused or failed for : '
      : code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'Timeout connecting to : '
        : undefined;
  if (what === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const literal = isIP(host) !== 0;
  const ip = literal ? host : (err.address ?? err.cause?.address);
  return `${what}${literal ? '' : host}/${ip ?? host}:${port}`;
}

/** The WS-Addressing anonymous address (AddressingConstants.Final.WSA_ANONYMOUS_URL): "back where it came from". */
export const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
/** AddressingConstants.Final.WSA_NONE_URI and Submission.WSA_ANONYMOUS_URL. */
export const WSA_NONE = 'http://www.w3.org/2005/08/addressing/none';
export const WSA_SUBMISSION_ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

function toMediationError(e: unknown, url: string, timeoutMs: number): MediationError {
  const err = e as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  // ERROR_MESSAGE as MI's pass-through transport words it; what happened and where goes to ERROR_DETAIL. ERROR_CODE
  // is the transport's code plus the connection's state (TargetErrorHandler.getErrorCode): a connection is made in
  // REQUEST_READY (DeliveryAgent.errorConnecting); anything before the answer's status line arrives happens in
  // REQUEST_DONE (the request written), the state TargetHandler leaves only when a whole response head is parsed
  const { REQUEST_READY, REQUEST_DONE } = ProtocolState;
  if (code === 'ECONNREFUSED')
    return new TransportError(
      101503,
      REQUEST_READY,
      CONNECT_ERROR,
      `Connection refused: ${url} (${err.message})`,
    );
  // no answer within the global timeout: Synapse's TimeoutHandler fails the callback before the socket times out
  // (synapse.global_timeout_interval 120 s < http.socket.timeout 180 s): HANDLER_TIME_OUT, "Send timeout"
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT')
    return new MediationError(101504, 'Send timeout', `no response from ${url} within ${timeoutMs} ms`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return new TransportError(
      101508,
      REQUEST_READY,
      CONNECT_ERROR,
      `Timeout connecting to : ${url} (${err.message})`,
    );
  // a reset is an IOException (TargetHandler.exception: SND_IO_ERROR); a close with no answer is
  // TargetHandler.closed (CONNECTION_CLOSED)
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return new TransportError(
      101500,
      REQUEST_DONE,
      'Error in Sender',
      `Connection reset by the back end: ${url} (${err.message})`,
    );
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED')
    return new TransportError(
      101505,
      REQUEST_DONE,
      'Error in Sender',
      // no exception: ERROR_DETAIL is the message (TargetErrorHandler.handleError)
      'Error in Sender',
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TransportError(101503, REQUEST_READY, CONNECT_ERROR, `Unknown host: ${url} (${err.message})`);
  // an answer that is not HTTP: MI's TargetHandler takes httpcore's HttpException as PROTOCOL_VIOLATION
  if (err.name === 'HTTPParserError' || (typeof code === 'string' && code.startsWith('HPE_')))
    return new TransportError(101506, REQUEST_DONE, 'Error in Sender', 'Error in Sender');
  return new MediationError(101500, `Error sending to ${url}: ${err.message}`, err.stack);
}

/** RFC 6570 expansion with uri.var.* / query.param.* properties (MI's http endpoint rules). */
/** A value encoded as MI encodes a URI-template variable (Java's URLEncoder, a space as %20): ! ' ( ) ~ escaped too. */
function javaUrlEncode(s: string): string {
  const e = encodeURIComponent(s);
  return /[!'()~]/.test(e)
    ? e.replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    : e;
}

export function expandUriTemplate(template: string, ctx: MessageContext): string {
  return expandUriTemplateWith(template, (n) => ctx.props.get(n));
}

/** expandUriTemplate with the properties read by `prop` (the relay path's: the request's route values, relay.ts). */
export function expandUriTemplateWith(template: string, prop: (name: string) => unknown): string {
  // MI HTTPEndpoint legacySupport: the variables are URL-decoded, the template expanded, the result URL-decoded as a
  // whole and rebuilt through java.net.URI, which quotes only what is illegal (so %2F in a variable becomes a /)
  if (template.startsWith('legacy-encoding:'))
    return encodeURI(legacyDecode(expandTemplate(template.slice(16), prop, legacyDecode)));
  return expandTemplate(template, prop, undefined);
}

/** Java's URLDecoder (xpath.ts), a malformed escape left as it is (HTTPEndpoint's decodeString). */
function legacyDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return javaUrlDecode(s);
  } catch {
    return s;
  }
}

/** The property names HTTPEndpoint takes as uri-template variables (RESTConstants REST_URI_VARIABLE_PREFIX, ...). */
const VARIABLE_PREFIX = /^(?:uri\.var\.|query\.param\.)/;

/** A pct-encoded triplet of the input after encodeURI (its `%` became `%25`). */
const PCT_TRIPLET_ENCODED = /%25([0-9A-Fa-f]{2})/g;

function expandTemplate(
  template: string,
  prop: (name: string) => unknown,
  prepare: ((v: string) => string) | undefined,
): string {
  let t = template;
  if (/^\{[^+#./?&]/.test(t)) t = '{+' + t.slice(1);
  return t.replace(/\{([+#./?&]?)([^}]+)\}/g, (_m, op: string, names: string) => {
    const vals = names.split(',').map((raw) => {
      const n = raw.trim().replace(/\*$/, '');
      // HTTPEndpoint.resolveUrlTemplate: only the uri.var.* and query.param.* properties are variables (a name
      // without one of those prefixes expands to nothing)
      const v = VARIABLE_PREFIX.test(n) ? prop(n) : undefined;
      return {
        n: n.replace(/^(uri\.var\.|query\.param\.)/, ''),
        v: v === undefined ? undefined : prepare ? prepare(stringOf(v)) : stringOf(v),
      };
    });
    // reserved expansion (RFC 6570 3.2.3, handy-uri-templates): reserved characters and pct-encoded triplets as
    // they are, anything else percent-encoded
    const enc = (s: string) =>
      op === '+' || op === '#' ? encodeURI(s).replace(PCT_TRIPLET_ENCODED, '%$1') : javaUrlEncode(s);
    const defined = vals.filter((x) => x.v !== undefined);
    switch (op) {
      case '?':
      case '&':
        return defined.length ? op + defined.map((x) => `${x.n}=${javaUrlEncode(x.v!)}`).join('&') : '';
      case '/':
        return defined.map((x) => '/' + enc(x.v!)).join('');
      case '.':
        return defined.map((x) => '.' + enc(x.v!)).join('');
      case '#':
        return defined.length ? '#' + defined.map((x) => enc(x.v!)).join(',') : '';
      default:
        return defined.map((x) => enc(x.v!)).join(',');
    }
  });
}

/** Copies a forked context's response into the original. */
/** The address endpoints of dynamic recipients (a recipient list's endpoints value), one per URI. */
const addressEndpoints = new Map<string, LeafEndpointDef>();

/**
 * The address endpoint a dynamic recipient URI stands for, made once per URI (its suspension state lives on it), with
 * the recipient list's position for messages.
 */
export function addressEndpointFor(uri: string, parent: GroupEndpointDef): LeafEndpointDef {
  let e = addressEndpoints.get(uri);
  if (!e) {
    if (addressEndpoints.size > 1000) addressEndpoints.clear();
    e = {
      type: 'address',
      uri,
      properties: [],
      suspend: { initialDuration: -1, progressionFactor: 1, maximumDuration: Number.MAX_SAFE_INTEGER },
      mark: { retriesBeforeSuspension: 0, retryDelay: 0 },
      file: parent.file,
      line: parent.line,
      column: parent.column,
    };
    addressEndpoints.set(uri, e);
  }
  return e;
}

export function adoptResponse(ctx: MessageContext, from: MessageContext): void {
  ctx.payload = from.payload;
  ctx.headers.clear();
  for (const [k, v] of from.headers.entries()) ctx.headers.set(k, v);
  ctx.axis2.set('HTTP_SC', from.axis2.get('HTTP_SC'));
}

/**
 * Writes a message to the file a `vfs:` URI names (VFSTransportSender), formatted by `messageType` as it would be
 * sent; in a folder it takes the `transport.vfs.ReplyFileName` transport header, else `fileName`, else response.xml.
 * Returns the path written.
 */
export async function writeMessageFile(
  ctx: MessageContext,
  address: string,
  messageType: string | undefined,
  fileName: string | undefined,
): Promise<string> {
  if (ctx.payload.streaming) await ctx.payload.build();
  const body = (await formattedBody(ctx, messageType, 16 * 1024 * 1024)).bytes;
  const modified = ctx.headers.get('LAST_MODIFIED');
  return writeToVfs(address, body, ctx.headers.get('transport.vfs.ReplyFileName') ?? fileName, {
    createFolder: ctx.headers.get('transport.vfs.CreateFolder') === 'true',
    lastModified:
      modified !== undefined && /^-?\d+$/.test(modified.trim()) ? Number(modified.trim()) : undefined,
  });
}

/** The methods of a request that comes without an entity (SynapseHTTPRequestFactory). */
const BODILESS_IN = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
