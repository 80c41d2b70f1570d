/**
 * The relay path: an API resource whose flow is only `<call>` (non-blocking, no source or target but the body) to a
 * plain address or http endpoint, then `<respond/>`, is served without a message context, mediators or promises of
 * the executor; so is a pass-through proxy service's request (proxyRelayFlowOf).
 * The request goes to the back end with the header lines the call would send (sendHeaderLines), and a plain answer
 * goes back with the lines respond would write (replyHeadLines, the CORS record's lines). Anything else about the
 * exchange (the back end failed or timed out, the answer is not plain) is replayed: the normal path runs the flow
 * with a message made as for any request, and the call takes the recorded outcome instead of sending again
 * (HttpEndpoints.replayInto), so faults, ERROR_CODE, fault sequences, logs and suspension are the normal path's.
 * docs/architecture.md ("The relay path") lists what is eligible.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Headers } from './context';
import { corsRecord, recordLines, type CorsConfig } from './cors';
import { CLOSE_STATUSES } from './listenerResponse';
import {
  expandUriTemplateWith,
  receivedActionOf,
  sendHeaderLines,
  soapActionLine,
  withPostfix,
  type HttpEndpoints,
} from './endpoints';
import type { BackendResponse, RecordedExchange } from './exchange';
import type { Executor } from './executor';
import type { ApiMatch } from './dispatch';
import type {
  ApiDef,
  EndpointDef,
  EndpointRef,
  LeafEndpointDef,
  Mediator,
  ProxyDef,
  SequenceDef,
  SequenceRef,
} from './model';
import { replyHeadLines } from './replyHead';
import { randomUuid } from './uuid';

/** The `<call>` mediators that are a plain non-blocking call to an endpoint (set by the call mediator's factory). */
const plainCalls = new WeakMap<Mediator, EndpointRef>();

/** Marks a compiled `<call>` as plain: no source, no target, not blocking, an endpoint given by key or inline. */
export function markPlainCall(m: Mediator, ep: EndpointRef): void {
  if (!('keyExpr' in ep)) plainCalls.set(m, ep);
}

/**
 * The `<send>` mediators that are plain (set by the send mediator's factory): no attribute, and no child (null: it
 * writes an answer back to the client, ex.respond) or only an endpoint given by key or inline (its endpoint).
 */
const plainSends = new WeakMap<Mediator, EndpointRef | null>();

/** Marks a compiled `<send>` as plain: no endpoint (`ep` undefined) or one endpoint given by key or inline. */
export function markPlainSend(m: Mediator, ep: EndpointRef | undefined): void {
  if (ep === undefined) plainSends.set(m, null);
  else if (!('keyExpr' in ep)) plainSends.set(m, ep);
}

/** The one mediator of an inline sequence (undefined: another sequence). */
function onlyMediator(seq: SequenceRef | undefined): Mediator | undefined {
  return seq !== undefined && 'inline' in seq && seq.inline.mediators.length === 1
    ? seq.inline.mediators[0]
    : undefined;
}

/** Each sequence's relayed endpoint (null: not a relay flow); a redeployed sequence is a new object. */
const flows = new WeakMap<SequenceDef, EndpointRef | null>();

/** The endpoint of a sequence that is exactly a plain `<call>` then `<respond/>`, else undefined. */
export function relayFlowOf(seq: SequenceDef): EndpointRef | undefined {
  let ref = flows.get(seq);
  if (ref === undefined) {
    const ms = seq.mediators;
    ref =
      ms.length === 2 && ms[0].name === 'call' && ms[1].name === 'respond'
        ? (plainCalls.get(ms[0]) ?? null)
        : null;
    flows.set(seq, ref);
  }
  return ref ?? undefined;
}

/** Each proxy's relayed endpoint (null: not a pass-through proxy); a redeployed proxy is a new object. */
const proxyFlows = new WeakMap<ProxyDef, EndpointRef | null>();

/**
 * The endpoint of a pass-through proxy service (MI's "direct proxy"), else undefined: a target endpoint (inline or by
 * key) and no inSequence, or an inline inSequence of only `<send>` to an endpoint, and an outSequence that is none or
 * only `<send/>` (inline), its fault sequence any (a failure is replayed); or no target endpoint and an inline
 * inSequence that is a relay flow (relayFlowOf). Not one that publishes a WSDL (operation dispatch), has parameters,
 * QoS (enableAddressing, enableSec, enableRM, policy) or is pinned to servers.
 */
export function proxyRelayFlowOf(proxy: ProxyDef): EndpointRef | undefined {
  let ref = proxyFlows.get(proxy);
  if (ref === undefined) {
    ref = null;
    if (
      proxy.wsdl === undefined &&
      proxy.qos !== true &&
      proxy.pinnedServers === undefined &&
      Object.keys(proxy.params).length === 0
    ) {
      const { inSequence: inSeq, outSequence: out, endpoint } = proxy;
      const outMediator = onlyMediator(out);
      // (the answer comes back through the outSequence: `<send/>` answers the client, as none does)
      const answers =
        out === undefined || (outMediator !== undefined && plainSends.get(outMediator) === null);
      const inMediator = onlyMediator(inSeq);
      const sendTo = inMediator && plainSends.get(inMediator);
      if (inSeq === undefined && endpoint !== undefined && !('keyExpr' in endpoint)) {
        if (answers) ref = endpoint;
      } else if (sendTo) {
        if (answers) ref = sendTo;
      } else if (endpoint === undefined && inSeq !== undefined && 'inline' in inSeq)
        ref = relayFlowOf(inSeq.inline) ?? null;
    }
    proxyFlows.set(proxy, ref);
  }
  return ref ?? undefined;
}

/** Each API's answer to mayRelay; a redeployed API is a new object. */
const apis = new WeakMap<ApiDef, boolean>();

/**
 * Whether a resource of the API may be a relay flow (an inline sequence that is one, or a sequence by key, looked at
 * per request): an API none of whose resources can be is not looked at further.
 */
export function mayRelay(api: ApiDef): boolean {
  let may = apis.get(api);
  if (may === undefined) {
    may = api.resources.some((r) => {
      const s = r.inSequence;
      return s !== undefined && (!('inline' in s) || relayFlowOf(s.inline) !== undefined);
    });
    apis.set(api, may);
  }
  return may;
}

/**
 * The endpoint when the relay path can call it: an address or http endpoint on http:// or https:// (the same pool and
 * trusted certificates as a call's, HttpEndpoints.pool), with no properties, format, timeout computed by an
 * expression, authentication, addressing, MTOM/SwA or WSDL. (A `<timeout>` of a fixed duration or none is the
 * exchange's timer, HttpEndpoints.relayExchange; an http endpoint's method and uri-template are looked at per
 * request, relayUrl.)
 */
export function relayEndpoint(def: EndpointDef): LeafEndpointDef | undefined {
  if (def.type !== 'address' && def.type !== 'http') return undefined;
  const uri = def.uri;
  if (
    uri === undefined ||
    !(uri.startsWith('http://') || uri.startsWith('https://')) ||
    def.properties.length > 0 ||
    def.unsupported !== undefined ||
    def.wsdl !== undefined ||
    def.format !== undefined ||
    def.timeout?.durationExpr !== undefined ||
    def.auth !== undefined ||
    def.addressing !== undefined ||
    def.mtom === true ||
    def.swa === true
  )
    return undefined;
  return def;
}

/** Content types the relay path sends and answers as they came (none that a SOAP, form or multipart rule reads). */
function plainType(ct: string | string[] | undefined): ct is string {
  if (ct === 'application/json' || ct === 'application/xml') return true;
  if (typeof ct !== 'string' || ct === '') return false;
  const t = ct.toLowerCase();
  return (
    !(
      t.includes('xml') ||
      t.includes('multipart') ||
      t.includes('x-www-form-urlencoded') ||
      t.includes('soap')
    ) || t.startsWith('application/xml')
  );
}

/** A content type's SOAP version as a proxy service's relay tells them apart (text/xml 1.1, application/soap+xml 1.2). */
type SoapKind = '1.1' | '1.2' | 'none';

function soapKind(ct: string | string[] | undefined): SoapKind {
  if (typeof ct !== 'string') return 'none';
  const t = ct.trimStart().toLowerCase();
  return t.startsWith('text/xml') ? '1.1' : t.startsWith('application/soap+xml') ? '1.2' : 'none';
}

/** A SOAP answer (`answer` not 'none') a proxy's request of kind `request` takes as it came: any to POX/JSON, the same version to SOAP. */
function answersSoapTo(answer: SoapKind, request: SoapKind): boolean {
  return answer !== 'none' && (request === 'none' || answer === request);
}

/** A SOAP 1.1 or 1.2 type (text/xml, application/soap+xml), which a proxy service's relay sends and answers as it came. */
function soapType(ct: string | string[] | undefined): ct is string {
  return soapKind(ct) !== 'none';
}

/**
 * Whether the request itself can be relayed: GET or DELETE without a body, or POST/PUT/PATCH/DELETE with a small body
 * read whole (`preRead`) of a plain type; no Content-Encoding, chunking, SOAPAction. To a proxy service (`proxy`), a
 * body may be SOAP too (text/xml, application/soap+xml) and come with a SOAPAction.
 */
export function relayableRequest(req: RelayRequest, preRead: Buffer | undefined, proxy = false): boolean {
  const m = req.method;
  const h = req.headers;
  if (
    h['transfer-encoding'] !== undefined ||
    h['content-encoding'] !== undefined ||
    (h.soapaction !== undefined && (!proxy || preRead === undefined))
  )
    return false;
  // (a DELETE without a body goes as a GET does: sent without one, its address as it is)
  if (m === 'GET' || (m === 'DELETE' && preRead === undefined))
    return preRead === undefined && (h['content-length'] === undefined || h['content-length'] === '0');
  if (m !== 'POST' && m !== 'PUT' && m !== 'PATCH' && m !== 'DELETE') return false;
  if (preRead === undefined || preRead.length === 0) return false;
  const ct = h['content-type'];
  return plainType(ct) || (proxy && soapType(ct));
}

/**
 * The statuses whose answer the relay path writes: a 2xx with a body, or an error status but those after which the
 * listener closes the connection (listenerResponse.ts CLOSE_STATUSES: left to the mediation path).
 */
function plainStatus(status: number): boolean {
  if (status >= 200 && status < 300) return status !== 204 && status !== 205;
  return status >= 400 && status < 600 && !CLOSE_STATUSES.has(status);
}

/**
 * A back end's answer the relay path writes itself: a 2xx (or an error status, as the mediation path relays it too:
 * the answer of a call is the message whatever its status) with a body of a plain type, nothing to rewrite: a small
 * one read whole (with its Content-Length), or one streamed through (chunked, or larger).
 */
function plainAnswer(a: BackendResponse, proxyRequest: SoapKind | undefined): boolean {
  const h = a.headers;
  const ct = h['content-type'];
  return (
    plainStatus(a.statusCode) &&
    a.raw !== undefined &&
    // (to a proxy service, a SOAP answer of a 2xx too: an error one, a SOAP fault, is replayed; so is one of the other
    // SOAP version than a SOAP request's, which MI converts to the client's: Axis2Sender.doSOAPFormatConversion)
    (plainType(ct) ||
      (proxyRequest !== undefined && a.statusCode < 300 && answersSoapTo(soapKind(ct), proxyRequest))) &&
    (Buffer.isBuffer(a.body)
      ? typeof h['content-length'] === 'string' && h['transfer-encoding'] === undefined
      : true) &&
    h['content-encoding'] === undefined &&
    // (a 201's Location stays as the back end wrote it: ClientWorker moves any other onto the runtime, see relocate)
    (h.location === undefined || (a.statusCode === 201 && typeof h.location === 'string'))
  );
}

/** A request's transport headers as MI's SourceRequest reads them (the first line of a name, the rest excess). */
export function requestHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) headers.addLine(raw[i], raw[i + 1]);
  return headers;
}

/**
 * What the normal path needs to run a relayed request's flow again: the headers read, the activityid made, and the
 * route the relay took (the flow the request went into stays its flow when the API is redeployed meanwhile).
 */
export interface Replay {
  rec: RecordedExchange;
  headers: Headers;
  /** The correlation id the relay made (the client sent none). */
  generated: string | undefined;
  route: RelayRoute;
}

export interface RelayRoute {
  /**
   * The API the request went to and the resource's inSequence (kept for a replay); null for a proxy service's request
   * (a replay dispatches it again).
   */
  match: ApiMatch | null;
  seq: SequenceDef | undefined;
  ep: LeafEndpointDef;
  /** The endpoint's address with the request's REST URL postfix. */
  url: string;
  /** The global CORS configuration when enabled, and the resource's methods. */
  cors: CorsConfig | undefined;
  methods: string;
}

/** What the runtime does for the relay path: run a request's flow again, count an answer written, report a failure. */
export interface RelayHost {
  /** The normal path for this request, with the recorded exchange (it tracks the request to its end). */
  replay(req: IncomingMessage, res: ServerResponse, preRead: Buffer | undefined, p: Replay): void;
  /** The relay path answers the request itself (counted). */
  relayed(): void;
  /** The request is done (its answer written, or its connection closed). */
  done(): void;
  /** Something threw while the answer was written (the request is done). */
  failed(e: unknown, res: ServerResponse): void;
}

/** Reads the body of a recorded answer the replayed flow never took (it no longer calls), so its connection is freed. */
export function drainUnused(rec: RecordedExchange): void {
  const b = rec.answer?.body;
  if (!rec.taken && b !== undefined && !Buffer.isBuffer(b)) b.resume();
}

/** What the relay path reads of a request: node:http's IncomingMessage, or the raw front end's own (rawFront.ts). */
export interface RelayRequest {
  method?: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  socket: Socket | IncomingMessage['socket'];
}

/** What the normal path takes up of a request the raw front end handed to node:http: the request Node parsed again. */
export type Resume = (req: IncomingMessage, res: ServerResponse, preRead: Buffer | undefined) => void;

/**
 * The answer side of a request the raw front end (rawFront.ts) read itself: a plain answer with a whole body is written
 * on its connection as ListenerResponse would write it; anything else hands the connection to node:http, and `resume`
 * then gets the request Node parses from the same bytes (`drop` when it never comes: the connection closed first).
 */
export interface RawExchange {
  readonly raw: true;
  write(status: number, reason: string | undefined, lines: string[], body: Buffer): boolean;
  handOver(resume: Resume, drop: () => void): void;
}

/** Relays one request; `host` is told when it is done (or replays it). */
export function relay(
  endpoints: HttpEndpoints,
  ex: Executor,
  req: RelayRequest,
  out: ServerResponse | RawExchange,
  preRead: Buffer | undefined,
  r: RelayRoute,
  host: RelayHost,
): void {
  const h = requestHeaders(req.rawHeaders);
  // SourceHandler.setCorrelationId: the client's activityid, else one made and added to the request's headers
  let generated: string | undefined;
  if (!h.hasLower('activityid')) h.set('activityid', (generated = randomUuid()));
  const noBody = preRead === undefined;
  const lines: string[] = [];
  sendHeaderLines(h, lines, noBody, undefined, false);
  // (an unread body keeps its type: TargetRequestFactory with http.headers.preserve=Content-Type)
  if (!noBody) {
    const type = h.get('content-type')!;
    lines.push('content-type', type);
    // (a proxy's request may name a SOAP action: TargetRequest writes it as its formatter does, setSoapActionHeader;
    // an API's relayed request has none, relayableRequest: no scan of its lines for one)
    const sa = req.headers.soapaction !== undefined ? h.get('soapaction') : undefined;
    if (sa !== undefined) soapActionLine(lines, receivedActionOf(sa), type, type);
  }
  const raw = 'raw' in out ? out : undefined;
  endpoints.relayExchange(
    r.ep,
    r.url,
    req.method!,
    lines,
    preRead,
    (a) => {
      if (!plainAnswer(a, r.match === null ? soapKind(req.headers['content-type']) : undefined)) {
        replay(req, out, preRead, host, { rec: { answer: a, sentTo: r }, headers: h, generated, route: r });
        return;
      }
      endpoints.relaySucceeded(r.ep, ex);
      host.relayed();
      const body = a.body;
      if (raw) {
        // (ClientWorker's HTTP_SC_DESC: the back end's reason phrase is the answer's)
        if (Buffer.isBuffer(body) && raw.write(a.statusCode, a.statusText, answerHead(a, r, h), body))
          host.done();
        else
          raw.handOver(
            (_rq, rs) => writeRelayed(rs, a, r, h, host),
            () => {
              if (!Buffer.isBuffer(body)) body.resume();
              host.done();
            },
          );
        return;
      }
      writeRelayed(out as ServerResponse, a, r, h, host);
    },
    (e, timedOut, late) =>
      replay(req, out, preRead, host, {
        rec: { error: e, sentTo: r, timedOut, late },
        headers: h,
        generated,
        route: r,
      }),
    (e) => {
      if (raw) raw.handOver((_rq, rs) => host.failed(e, rs), host.done);
      else host.failed(e, out as ServerResponse);
    },
  );
}

/** The normal path for a relayed request (the raw front end's: once node:http has parsed it again). */
function replay(
  req: RelayRequest,
  out: ServerResponse | RawExchange,
  preRead: Buffer | undefined,
  host: RelayHost,
  p: Replay,
): void {
  if ('raw' in out)
    out.handOver(
      (rq, rs, pre) => host.replay(rq, rs, pre, p),
      () => {
        drainUnused(p.rec);
        host.done();
      },
    );
  else host.replay(req as IncomingMessage, out, preRead, p);
}

/** The head's lines of a plain answer as the normal path writes them (the request's headers `h` for CORS). */
function answerHead(a: BackendResponse, r: RelayRoute, h: Headers): string[] {
  const ah = new Headers();
  ah.setAnswer(a.raw!, a.headers, undefined);
  const o: string[] = [];
  replyHeadLines(ah, r.cors ? recordLines(corsRecord(r.cors, r.methods, h.get('origin'))!) : undefined, o);
  o.push('Content-Type', a.headers['content-type'] as string);
  return o;
}

/** A plain answer written through node:http (its head by answerHead), streamed when its body is. */
function writeRelayed(
  res: ServerResponse,
  a: BackendResponse,
  r: RelayRoute,
  h: Headers,
  host: RelayHost,
): void {
  const body = a.body;
  if (!res.headersSent && !res.destroyed) {
    // ClientWorker's HTTP_SC_DESC: the back end's reason phrase is the answer's
    if (a.statusText) res.statusMessage = a.statusText;
    res.writeHead(a.statusCode, answerHead(a, r, h));
    if (Buffer.isBuffer(body)) res.end(body);
    else {
      // as writeBuilt streams a body: piped, the request done when the answer's connection is
      res.once('close', () => {
        // (a client gone before the end: the rest is read, so the back end's connection is freed)
        if (!body.readableEnded) body.resume();
        host.done();
      });
      body.once('error', () => res.destroy());
      body.pipe(res);
      return;
    }
  } else if (!Buffer.isBuffer(body)) body.resume();
  host.done();
}

/** Whether relayUrl reads the route's properties for this endpoint: an http endpoint's uri-template with variables. */
export function relayReadsRoute(ep: LeafEndpointDef): boolean {
  return ep.type === 'http' && ep.uri!.includes('{');
}

/**
 * The address a relayed request goes to, as HttpEndpoints.urlFor makes it for a REST request with this postfix: an
 * http endpoint's uri-template expanded with the uri.var.* and query.param.* values the request's route gives the
 * message (`props`, given when relayReadsRoute), the postfix left out when the endpoint names its method. Undefined
 * when the request cannot be relayed there: the endpoint sends another method than the request's.
 */
export function relayUrl(
  ep: LeafEndpointDef,
  method: string,
  postfix: string,
  props: ReadonlyMap<string, unknown> | undefined,
): string | undefined {
  let uri = ep.uri!;
  if (ep.type === 'http') {
    if (ep.method !== undefined && ep.method !== method) return undefined;
    if (props !== undefined) uri = expandUriTemplateWith(uri, (n) => props.get(n));
    if (ep.method !== undefined) return uri;
  }
  return postfix === '' ? uri : withPostfix(uri, postfix);
}
