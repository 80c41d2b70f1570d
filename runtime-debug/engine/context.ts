/**
 * The message context: payload (lazy), transport headers, properties by scope, variables (MI 4.4), template
 * parameters, the fault-handler stack and the stack of mediation frames the debugger shows.
 */
import { formatJavaDate } from './expr/dates';
import { stringifyJson } from './expr/jsonNumber';
import { randomUUID } from 'node:crypto';
import { randomUuid } from './uuid';
import { EOL, homedir, tmpdir, userInfo } from 'node:os';
import { delimiter, sep } from 'node:path';
import type * as slimdom from 'slimdom';
import { mediaTypeOf, SOAP11_NS, SOAP12_NS, type Payload } from './payload';
import { serializeXml } from './payloadXml';
import type { CorsRecord } from './cors';

export type Scope =
  | 'default'
  | 'synapse'
  | 'axis2'
  | 'axis2-client'
  | 'transport'
  | 'operation'
  | 'system'
  | 'env'
  | 'func'
  | 'registry'
  | 'trace'
  | 'analytics';

/** A position in the mediation, for the debugger and for error reports. */
export interface Frame {
  artifactKind: 'api' | 'proxy' | 'sequence' | 'template' | 'inbound' | 'task' | 'main';
  artifactName: string;
  resource?: string;
  sequence: string;
  mediator: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * A case-insensitive header map that keeps the name as first written. A message has a handful of headers: they are
 * kept in one flat list (lower-cased name, name, value per header) and found by a scan, which costs less than a Map
 * and an entry object per header.
 */
export class Headers {
  private readonly slots: string[] = [];
  /**
   * A back end's answer not read yet (see setAnswer): its header lines as received, undici's parsed view of them
   * (lower-cased names) and the Location as the runtime rewrote it. Read into the slots on the first look that
   * needs them; an answer passed through untouched is written from the lines (copyTo).
   */
  private raw: readonly (Buffer | string)[] | undefined;
  private parsed: Record<string, string | string[] | undefined> | undefined;
  private location: string | undefined;
  /**
   * Lines of a name already held (MI's EXCESS_TRANSPORT_HEADERS: TargetResponse keeps the first value of a name
   * sent again, ClientWorker's case-insensitive map the first spelling): name, value…. Never read by a mediator;
   * written to the client after the others (SourceResponseFactory adds them).
   */
  private excess: string[] | undefined;
  private find(lower: string): number {
    const s = this.slots;
    for (let i = 0; i < s.length; i += 3) if (s[i] === lower) return i;
    return -1;
  }
  /**
   * Takes a back end's answer (after clear()): the lines are read lazily, in MI's way (TargetResponse, then
   * ClientWorker's TreeMap): each name in the back end's spelling, hop-by-hop ones included; a name sent again
   * (in any case) is one header under its first spelling, the rest go to the excess lines.
   */
  setAnswer(
    raw: readonly (Buffer | string)[],
    parsed: Record<string, string | string[] | undefined>,
    location: string | undefined,
  ): void {
    this.slots.length = 0;
    this.excess = undefined;
    this.raw = raw;
    this.parsed = parsed;
    this.location = location;
  }
  private load(): void {
    const raw = this.raw!;
    const parsed = this.parsed!;
    this.raw = undefined;
    this.parsed = undefined;
    const s = this.slots;
    for (let k = 0; k + 1 < raw.length; k += 2) {
      const name = lineText(raw[k]);
      const lower = name.toLowerCase();
      const i = this.find(lower);
      const pv = parsed[lower];
      const value =
        i < 0 && lower === 'location' && this.location !== undefined
          ? this.location
          : typeof pv === 'string'
            ? pv
            : lineText(raw[k + 1]);
      if (i < 0) s.push(lower, name, value);
      // TargetResponse: the same name again (as first spelled, or as an earlier line spelled it) keeps the first value
      else if (s[i + 1] === name || sentBefore(raw, k, name)) (this.excess ??= []).push(name, value);
      else {
        // ClientWorker: another spelling: the first spelling with the value put last, the earlier value excess
        (this.excess ??= []).push(name, s[i + 2]);
        s[i + 2] = value;
      }
    }
  }
  get(name: string): string | undefined {
    if (this.raw !== undefined) {
      const lower = name.toLowerCase();
      // (only undici's own values: a name such as constructor or toString finds Object's member)
      const v = this.parsed![lower];
      if (typeof v === 'string')
        return lower === 'location' && this.location !== undefined ? this.location : v;
      if (!Array.isArray(v)) return undefined;
      this.load();
    }
    const i = this.find(name.toLowerCase());
    return i < 0 ? undefined : this.slots[i + 2];
  }
  /** Sets a header (in its place when it is there, with the name as now written). */
  set(name: string, value: string): void {
    if (this.raw !== undefined) this.load();
    const lower = name.toLowerCase();
    const i = this.find(lower);
    if (i < 0) this.slots.push(lower, name, value);
    else {
      this.slots[i + 1] = name;
      this.slots[i + 2] = value;
    }
  }
  /** Adds a header known to be absent, its name already in lower case (a back end's answer after clear()). */
  addLower(lower: string, value: string): void {
    if (this.raw !== undefined) this.load();
    this.slots.push(lower, lower, value);
  }
  /**
   * Adds a request's header line as MI's SourceRequest reads it: the first line of a name (in any case) is the
   * header, a later one an excess line (EXCESS_TRANSPORT_HEADERS: not read by mediators, sent on after the others).
   */
  addLine(name: string, value: string): void {
    const lower = name.toLowerCase();
    if (this.find(lower) >= 0) (this.excess ??= []).push(name, value);
    else this.slots.push(lower, name, value);
  }
  delete(name: string): void {
    if (this.raw !== undefined) this.load();
    const i = this.find(name.toLowerCase());
    if (i >= 0) this.slots.splice(i, 3);
  }
  has(name: string): boolean {
    return this.hasLower(name.toLowerCase());
  }
  /** `has` for a name already in lower case. */
  hasLower(lower: string): boolean {
    if (this.raw !== undefined) {
      const v = this.parsed![lower];
      return typeof v === 'string' || Array.isArray(v);
    }
    return this.find(lower) >= 0;
  }
  clear(): void {
    this.slots.length = 0;
    this.raw = undefined;
    this.parsed = undefined;
    this.excess = undefined;
  }
  /**
   * Removes the headers but not the excess lines, as removing the axis2 property TRANSPORT_HEADERS does in MI
   * (EXCESS_TRANSPORT_HEADERS is another property: SourceResponseFactory and TargetRequestFactory still write it).
   */
  clearKeepingExcess(): void {
    if (this.raw !== undefined) this.load();
    this.slots.length = 0;
  }
  /** Takes another map's headers and excess lines (a copy made with clone(): the request's, put back). */
  replaceWith(h: Headers): void {
    if (h.raw !== undefined) h.load();
    this.raw = undefined;
    this.parsed = undefined;
    this.slots.length = 0;
    this.slots.push(...h.slots);
    this.excess = h.excess === undefined ? undefined : [...h.excess];
  }
  /**
   * Appends name, value, name, value… of each header whose lower-cased name is not in `drop` nor `except`/`except2`
   * (a header list for a request or an answer, with no callback per header). The lines of a name written more than
   * once are grouped under that name, a value repeated once: in the order they came for a request
   * (TargetRequest.addHeader keeps a LinkedHashSet per name), sorted for the answer to the client (`sorted`:
   * SourceResponse.addHeader keeps a TreeSet per name).
   */
  copyTo(out: string[], drop: ReadonlySet<string>, except?: string, except2?: string, sorted = false): void {
    const raw = this.raw;
    const start = out.length;
    let repeated = false;
    if (raw !== undefined) {
      // an answer no one looked at: its lines as they came, found by undici's lower-cased names (a line left out is
      // never decoded; a name sent again is written again, as MI writes the excess lines)
      const parsed = this.parsed!;
      const loc = this.location;
      for (const lower in parsed) {
        if (drop.has(lower) || lower === except || lower === except2) continue;
        const pv = parsed[lower];
        if (pv === undefined) continue;
        let first = true;
        for (let k = 0; k + 1 < raw.length; k += 2) {
          const same = sameName(raw[k], lower);
          if (same === 0) continue;
          out.push(
            same === 1 ? lower : lineText(raw[k]),
            first && lower === 'location' && loc !== undefined
              ? loc
              : typeof pv === 'string'
                ? pv
                : lineText(raw[k + 1]),
          );
          first = false;
          if (typeof pv === 'string') break;
        }
        // (no line matched: a name undici read differently; its lower-cased name then)
        if (first) out.push(lower, typeof pv === 'string' ? pv : pv[0]);
        else if (typeof pv !== 'string') repeated = true;
      }
      if (repeated) regroup(out, start, sorted);
      return;
    }
    const s = this.slots;
    for (let i = 0; i < s.length; i += 3) {
      const lower = s[i];
      if (!drop.has(lower) && lower !== except && lower !== except2) out.push(s[i + 1], s[i + 2]);
    }
    const x = this.excess;
    if (x !== undefined) {
      for (let i = 0; i < x.length; i += 2) {
        const lower = x[i].toLowerCase();
        if (!drop.has(lower) && lower !== except && lower !== except2) {
          out.push(x[i], x[i + 1]);
          repeated = true;
        }
      }
      if (repeated) regroup(out, start, sorted);
    }
  }
  /** Calls `f` with each header's name (as first written), value and lower-cased name. */
  forEach(f: (name: string, value: string, lower: string) => void): void {
    if (this.raw !== undefined) this.load();
    const s = this.slots;
    for (let i = 0; i < s.length; i += 3) f(s[i + 1], s[i + 2], s[i]);
  }
  entries(): [string, string][] {
    if (this.raw !== undefined) this.load();
    const out: [string, string][] = [];
    const s = this.slots;
    for (let i = 0; i < s.length; i += 3) out.push([s[i + 1], s[i + 2]]);
    return out;
  }
  toObject(): Record<string, string> {
    if (this.raw !== undefined) this.load();
    const o: Record<string, string> = {};
    const s = this.slots;
    for (let i = 0; i < s.length; i += 3) o[s[i + 1]] = s[i + 2];
    return o;
  }
  clone(): Headers {
    if (this.raw !== undefined) this.load();
    const h = new Headers();
    h.slots.push(...this.slots);
    if (this.excess !== undefined) h.excess = [...this.excess];
    return h;
  }
}

/**
 * Groups the lines appended from `start` by name (as written, where the name first came), each value once, sorted
 * (Java's String order: UTF-16 code units) when `sorted`.
 */
function regroup(out: string[], start: number, sorted: boolean): void {
  const names: string[] = [];
  const values = new Map<string, string[]>();
  for (let i = start; i < out.length; i += 2) {
    const v = values.get(out[i]);
    if (v === undefined) {
      names.push(out[i]);
      values.set(out[i], [out[i + 1]]);
    } else if (!v.includes(out[i + 1])) v.push(out[i + 1]);
  }
  out.length = start;
  for (const n of names) {
    const v = values.get(n)!;
    if (sorted && v.length > 1) v.sort();
    for (const value of v) out.push(n, value);
  }
}

/** A header line's name or value as received (bytes read as ISO-8859-1, as undici and httpcore read them). */
function lineText(b: Buffer | string): string {
  return typeof b === 'string' ? b : b.toString('latin1');
}

/** Whether a line before `k` has the name `name` byte for byte (only asked of a name also sent in another case). */
function sentBefore(raw: readonly (Buffer | string)[], k: number, name: string): boolean {
  for (let j = 0; j < k; j += 2) if (lineText(raw[j]) === name) return true;
  return false;
}

/**
 * Whether a header line's name is `lower` (a lower-cased name): 0 no, 1 byte for byte, 2 in another case. Compares
 * bytes, so no string is made for a name.
 */
function sameName(b: Buffer | string, lower: string): 0 | 1 | 2 {
  const len = lower.length;
  if (b.length !== len) return 0;
  if (typeof b === 'string') return b === lower ? 1 : b.toLowerCase() === lower ? 2 : 0;
  let same: 1 | 2 = 1;
  for (let i = 0; i < len; i++) {
    const c = b[i];
    const l = lower.charCodeAt(i);
    if (c === l) continue;
    if (c < 65 || c > 90 || (c | 32) !== l) return 0;
    same = 2;
  }
  return same;
}

export interface FlowInfo {
  artifactKind: Frame['artifactKind'];
  artifactName: string;
  resource?: string;
  /** Where `send`/`loopback` continue (the resource/proxy out-sequence). */
  outSequence?: unknown;
  /** The resource/proxy fault sequence. */
  faultSequence?: unknown;
}

export interface FaultHandler {
  /** Runs the handler's sequence with the context. */
  run(ctx: MessageContext): Promise<void>;
  name: string;
}

export interface ContextServices {
  /** Config parameters (`configs.x`, `${configs.x}`). */
  config(name: string): string | undefined;
  env(name: string): string | undefined;
  /** A key of MI's conf/file.properties (get-property('file', key)). */
  fileProperty?(name: string): string | undefined;
  /** The text of a local entry or of a registry resource (`gov:/…`, `conf:/…`) of the deployed project. */
  resource?(key: string): string | undefined;
}

/**
 * What a message shares with its clones and iterations: one answer to the client, whether a request went out, the
 * branches still running and what runs when the message is done (the last two made on first use: most messages have
 * none).
 */
export class SharedState {
  replied = false;
  /** A request went out without waiting for its answer (MI marks the response written then). */
  sentOut = false;
  /**
   * The message was put in an in-memory store (MessageStoreMediator marks RESPONSE_WRITTEN=SKIP): no 202 stand-in
   * when the flow ends unanswered; the stored copy may answer the client later.
   */
  held = false;
  /**
   * The flow let the client's answer go (an endpoint's timeout with no responseAction, MI's NONE, or its discard
   * action): no 202 stand-in, as MI's sent request marked RESPONSE_WRITTEN=SKIP; the listener closes the client's
   * connection after its socket timeout (SourceHandler.timeout), having written nothing.
   */
  unanswered = false;
  /** Set by the listener: closes the client's connection after the socket timeout unless answered by then. */
  abandon: (() => void) | undefined;
  private pendingSet: Set<Promise<unknown>> | undefined;
  private finishers: (() => void)[] | undefined;
  /** The branches still running. */
  get pending(): Set<Promise<unknown>> {
    return (this.pendingSet ??= new Set());
  }
  /** True while a branch is still running. */
  get hasPending(): boolean {
    return this.pendingSet !== undefined && this.pendingSet.size > 0;
  }
  /** What runs when the message is done (once). */
  get onFinish(): (() => void)[] {
    return (this.finishers ??= []);
  }
  /** Takes what runs when the message is done (none: an empty list, shared). */
  takeFinishers(): readonly (() => void)[] {
    const f = this.finishers;
    if (f === undefined || f.length === 0) return NO_FINISHERS;
    this.finishers = undefined;
    return f;
  }
}
const NO_FINISHERS: readonly (() => void)[] = Object.freeze([]);

/**
 * Messages a forwarding message processor is sending (ForwardingService.dispatch uses MI's blocking sender: an
 * endpoint timeout fails the attempt whatever the endpoint's timeout action).
 */
export const forwardedMessages = new WeakSet<MessageContext>();

/**
 * A blocking call under way (call blocking="true", callout): MI's blocking sender runs for every endpoint it reaches,
 * so each answer is judged where it comes (a failover group then tries its next child) and the endpoint counts the
 * failure under the ERROR_CODE the blocking sender gives it (mediators/blockingSender.ts).
 */
export interface BlockingSend {
  /** BLOCKING_SENDER_OPERATION_FAILED: the code of a failure before any answer (refused, timed out...). */
  readonly failureCode: number;
  /** Judges the answer now in the message: undefined when it is the message, else the error (request put back). */
  judge(ctx: MessageContext): Promise<Error | undefined>;
  /** True for an error judge() made. */
  judged(e: unknown): boolean;
  /**
   * The message's own doingREST (BlockingMsgSenderUtils.fillMessageContext reads the original message's
   * isDoingREST() for the REST URL postfix): not what enableREST or a callout's REST copy made of it.
   */
  readonly ownRest: boolean;
}

/** The flow of a message no artifact claimed (shared: a flow is replaced, never changed). */
const MAIN_FLOW: FlowInfo = Object.freeze({ artifactKind: 'main', artifactName: 'main' });

export class MessageContext {
  private id: string | undefined;
  private correlation: string | undefined;
  /** `urn:uuid:…`, made on first use (most messages never need one). */
  get messageId(): string {
    return (this.id ??= `urn:uuid:${randomUuid()}`);
  }
  /** The message id a request's WS-Addressing MessageID header gives it (AddressingInHandler). */
  setMessageId(id: string): void {
    this.id = id;
  }
  /** The id the message started with (the runtime's events keep it when sendBack renews the message id). */
  private firstId: string | undefined;
  get traceId(): string {
    return this.firstId ?? this.messageId;
  }
  /**
   * Axis2Sender.sendBack: the message going back gets a new urn:uuid message id (unless PRESERVE_WS_ADDRESSING is
   * "true"), which is what get-property('MessageID') and the log mediator give for the rest of the flow.
   */
  renewMessageId(): void {
    // (lazily, as messageId: an id nobody read needs no keeping, and most answers never need the new one)
    if (this.id !== undefined) this.firstId ??= this.id;
    this.id = undefined;
  }
  /**
   * The correlation id the HTTP transport gave the request, and the message id when it made that id itself
   * (SourceHandler.setCorrelationId, ServerWorker.createMessageContext: `urn:uuid:<correlation id>`).
   */
  correlateAs(correlationId: string, messageId?: string): void {
    this.correlation = correlationId;
    if (messageId !== undefined) this.id = messageId;
  }
  /** Shared by a message and its forks; made on first use. */
  get correlationId(): string {
    return (this.correlation ??= randomUuid());
  }
  /**
   * A message no HTTP listener received (a task's, a polled file's, a broker's) has no CORRELATION_ID in MI until a
   * non-blocking call gives it one (Axis2FlexibleMEPClient.send): its log lines have no correlation_id.
   */
  correlationUnset = false;
  /** The correlation id a log line shows, if the message has one. */
  get loggedCorrelationId(): string | undefined {
    return this.correlationUnset && this.correlation === undefined ? undefined : this.correlationId;
  }
  /** Made on first use: a message relayed untouched never has a property of its own. */
  private propsMap: Map<string, unknown> | undefined;
  /** Properties the transport knows of the request, written on first look (see deferProps). */
  private deferred: ((props: Map<string, unknown>) => void) | undefined;
  /** Synapse (default) scope properties. */
  get props(): Map<string, unknown> {
    const d = this.deferred;
    if (d === undefined) return (this.propsMap ??= new Map());
    this.deferred = undefined;
    // the deferred ones first, then any set since without writing them (setOwnProp), as if all were set in turn
    const own = this.propsMap;
    const p = (this.propsMap = new Map());
    d(p);
    if (own !== undefined) for (const [k, v] of own) p.set(k, v);
    return p;
  }
  /**
   * Sets a property the transport never defers (e.g. RelatesTo on a call's answer) without writing the deferred
   * ones: a message that never looks at its properties keeps them unwritten (they still come first when it does).
   */
  setOwnProp(name: string, value: unknown): void {
    (this.propsMap ??= new Map()).set(name, value);
  }
  /**
   * Defers writing the properties a transport sets on every request (REST_METHOD, REST_API_CONTEXT, uri.var.*…)
   * until the properties are first looked at: most pass-through messages never look. They come first, in the order
   * `write` sets them, as if set at once.
   */
  deferProps(write: (props: Map<string, unknown>) => void): void {
    // properties deferred before these are written first (reading them does)
    if (this.deferred !== undefined) void this.props;
    this.deferred = write;
  }
  /** True once the deferred properties are written (a mediator has looked at properties). */
  get propsWritten(): boolean {
    return this.deferred === undefined;
  }
  /** A property the transport never defers (e.g. OUT_ONLY), read without writing the deferred ones. */
  ownProp(name: string): unknown {
    return this.propsMap?.get(name);
  }
  /** Whether a property the transport never defers (e.g. Action, set by a mediator) is set, without writing them. */
  hasOwnProp(name: string): boolean {
    return this.propsMap !== undefined && this.propsMap.has(name);
  }
  /** Removes a property the transport never defers, without writing the deferred ones. */
  dropProp(name: string): void {
    this.propsMap?.delete(name);
  }
  readonly axis2 = new Map<string, unknown>();
  private axis2ClientMap: Map<string, unknown> | undefined;
  /** axis2-client scope (made on first use: most messages never touch it). */
  get axis2Client(): Map<string, unknown> {
    return (this.axis2ClientMap ??= new Map());
  }
  private operationMap: Map<string, unknown> | undefined;
  /** Operation scope, shared by a message and its forks (made on first use). */
  get operation(): Map<string, unknown> {
    return (this.operationMap ??= new Map());
  }
  readonly headers: Headers;
  private varsMap: Map<string, unknown> | undefined;
  /** Variables (MI 4.4), made on first use. */
  get vars(): Map<string, unknown> {
    return (this.varsMap ??= new Map());
  }
  /** Template (call-template) parameter frames; the innermost last. */
  readonly funcStack: Map<string, unknown>[] = [];
  readonly faultStack: FaultHandler[] = [];
  readonly frames: Frame[] = [];
  /** The message is on its way back to the client. */
  response = false;
  /** Mediation stopped (drop/respond/send). */
  stopped = false;
  /** Set once the client was answered. */
  responded = false;
  /** Who answered: the flow itself, the engine because the flow ended without answering, or an unhandled error. */
  answeredBy: 'flow' | 'fallback' | 'error' | undefined;
  /** Incoming request facts. */
  method = 'GET';
  /** Path + query of the incoming request. */
  url = '/';
  /** `To` address (for a default endpoint). */
  to: string | undefined;
  /** Set while a blocking call sends this message (not copied to forks). */
  blocking: BlockingSend | undefined;
  /** The header lines of the last back end answer as received (name, value…; the back end's spelling). */
  answerRawHeaders: readonly (Buffer | string)[] | undefined;
  /**
   * Set when the message is a back end's answer to a non-blocking call (undefined on a request): the Content-Type
   * whose base type is the answer's axis2 messageType when no mediator set one (SynapseCallbackReceiver), or null
   * when the answer names none. An answer's axis2 context has no HTTP_METHOD.
   */
  answerType: string | null | undefined;
  /** The axis2 messageType was removed (the request's own no longer reads through). */
  messageTypeRemoved = false;
  /** The request's Content-Type header was sent with an empty value (Payload.emptyTypeHeader). */
  emptyTypeHeader = false;
  /** The request's WS-Addressing headers were applied (once its SOAP envelope was first read). */
  addressed = false;
  /**
   * A non-blocking call's answer (SynapseCallbackReceiver's message): its own WS-Addressing headers are read when it
   * is first built (RelayUtils.buildMessage, processAddressing), as an answer's.
   */
  answerAddressing = false;
  /** The output action of the operation a proxy built from a WSDL dispatched the request to (DispatchPhase). */
  operationOutputAction: string | undefined;
  /** The transport in: http / https / inbound name. */
  transportIn = 'http';
  /**
   * Content type of the client's request as received (undefined when unknown); MI's doingREST follows from it.
   * `restOverride` is what an endpoint's format made of it (soap11/soap12: false, pox/get: true).
   */
  requestType: string | undefined;
  restOverride: boolean | undefined;
  /**
   * The SOAP action the transport read from the request's SOAPAction header, its quotes taken off (ServerWorker,
   * HTTPTransportUtils.initializeMessageContext: Axis2's Options.action); a header changed later does not change it.
   */
  receivedAction: string | undefined;
  /**
   * Set when a non-blocking call's answer became the message: ClientWorker gives the answer's context the SOAP action
   * "" (setSoapAction("")), so until a mediator sets another the log prints `WSAction: , SOAPAction: ` and
   * get-property('Action') is "". `actionResetProp` is the Action property as it was then (one set since is the
   * action). Only what reads the action (log, get-property, script) looks at it: the formatter choice does not.
   * (Two plain fields: set on every call's answer, they allocate nothing.)
   */
  actionReset: boolean | undefined;
  actionResetProp: unknown;
  /** Mediated by Runtime.inject: a flow that does not answer gets no 202 stand-in (its context stays as left). */
  injected: boolean | undefined;
  /**
   * MI's doingREST: the client's request was neither SOAP 1.1 (text/xml) nor SOAP 1.2 (application/soap+xml), or
   * had no content type (Synapse's pass-through ServerWorker); an answer to a call inherits it, unless the
   * endpoint's format changed it.
   */
  get doingRest(): boolean {
    if (this.restOverride !== undefined) return this.restOverride;
    const t = this.requestType;
    if (t === undefined) return false;
    return t === '' || (!t.includes('text/xml') && !t.includes('application/soap+xml'));
  }
  /** The CORS values MI records on an API request (cors.ts; undefined for other messages or CORS off). */
  cors: CorsRecord | undefined;
  /** The answer gets the CORS headers when written (respond, or a response sent back by its API resource). */
  corsOnReply = false;
  /** Answers the client (set by the transport; undefined for messages with no client, e.g. a clone branch). */
  reply: ((ctx: MessageContext) => Promise<void> | void) | undefined;
  /** The artifact and flow this message belongs to (for send/loopback/out-sequences and frames). */
  flow: FlowInfo = MAIN_FLOW;
  /**
   * Axis2's processingFault: a fault mediator made the body a fault, or Axis2Sender turned a SOAP fault into a POX
   * one (POXUtils.convertSOAPFaultToPOX); the answer is then a 500 (PassThroughTransportUtils.determineHttpStatusCode).
   * A back end's answer comes with its own context, without it.
   */
  processingFault = false;
  /** Set when an error is being handled (to avoid handling it twice while unwinding). */
  handledError: unknown;
  /** The error that escaped the fault sequence itself (MI's listener answers it as a SOAP fault). */
  faultSequenceError: unknown;
  /** Shared by a message and its clones/iterations: one answer to the client, and the branches still running. */
  shared = new SharedState();
  /** Where mediation continues after the current mediator (innermost last): for clone/iterate branches. */
  cont: { list: unknown[]; index: number; sequence: string }[] = [];
  /**
   * A non-blocking call went out from this message. MI goes on with a clone/iterate branch's continuation stack (its
   * target, then the mediators after the clone/iterate) only when such a call's answer comes back
   * (SynapseCallbackReceiver -> ContinuationStackManager); a branch whose target ends without one ends there
   * (MediatorWorker runs the target sequence alone).
   */
  answeredByCall = false;
  /** Aggregation groups this message belongs to (innermost last). */
  groups: { id: string | undefined; group: unknown }[] = [];

  constructor(
    public payload: Payload,
    headers: Headers,
    readonly services: ContextServices,
    operation?: Map<string, unknown>,
    correlationId?: string,
  ) {
    this.headers = headers;
    this.operationMap = operation;
    this.correlation = correlationId;
  }

  // ----------------------------------------------------------------- EvalContext-style accessors
  envelope(): slimdom.Document {
    return this.payload.envelope();
  }
  body(): slimdom.Element {
    return this.payload.body();
  }
  json(): unknown {
    return this.payload.json();
  }
  payloadText(): string {
    return this.payload.text();
  }
  getProperty(name: string, scope: string = 'default'): unknown {
    switch (scope) {
      case 'default':
      case 'synapse':
        return this.defaultProperty(name);
      case 'axis2':
        return this.axis2Property(name);
      case 'axis2-client':
        return this.axis2Client.get(name);
      case 'transport':
        return this.headers.get(name);
      case 'operation':
        return this.operation.get(name);
      case 'system':
        return process.env[name] ?? javaSystemProperty(name);
      case 'env':
        return this.services.env(name);
      case 'file':
        return this.services.fileProperty?.(name);
      case 'func':
        return this.funcParam(name);
      default:
        return undefined;
    }
  }
  /**
   * get-property('FAULT'), answered by GetPropertyFunction itself (before any property of that name; $ctx:FAULT is
   * the property): "TRUE" when the built body holds a SOAP Fault, or the message is a back end's answer with a
   * status of 400 or more (ClientWorker's FAULT_MESSAGE), else "".
   */
  faultFlag(): string {
    // SynapseConstants.TRUE.equals(FAULT_MESSAGE): ClientWorker sets PassThroughConstants.TRUE, "TRUE"
    return this.bodyHasFault() || this.axis2.get('FAULT_MESSAGE') === 'TRUE' ? 'TRUE' : '';
  }
  /**
   * Axiom's SOAPBody.hasFault on a built message (what get-property('FAULT') and the answer's status read): the body's
   * first element is a Fault in either SOAP version's namespace (SOAPBodyImpl.hasFault compares it with both, not
   * with the envelope's own). An unread message has no body to look at (MI's dummy envelope has none).
   */
  bodyHasFault(): boolean {
    if (!this.payload.xmlBuilt) return false;
    const first = this.payload.body().firstElementChild;
    return (
      first !== null &&
      first.localName === 'Fault' &&
      (first.namespaceURI === SOAP11_NS || first.namespaceURI === SOAP12_NS)
    );
  }
  /** A default-scope property as it is set ($ctx:), without the names get-property answers from the message. */
  rawProperty(name: string): unknown {
    return this.props.get(name);
  }
  private defaultProperty(name: string): unknown {
    const v = this.props.get(name);
    if (v !== undefined) return v;
    switch (name) {
      case 'SYSTEM_TIME':
        return String(Date.now());
      case 'SYSTEM_DATE':
        return formatJavaDate(new Date(), "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
      case 'MessageID':
        return this.messageId;
      case 'To':
        return this.to;
      case 'Action': {
        // GetPropertyFunction: getWSAAction(), "" when there is none
        const t = this.soapAction();
        return t === '' ? undefined : t;
      }
      case 'MESSAGE_FORMAT':
        // GetPropertyFunction: isDoingPOX (doingREST) comes first, then the SOAP version (Axis2 isSOAP11 knows it
        // from the content type when the envelope was not read)
        if (this.doingRest) return 'pox';
        return this.payload.contentType.toLowerCase().includes('application/soap+xml') ? 'soap12' : 'soap11';
      default:
        return undefined;
    }
  }
  /**
   * The messageType MI's formatters write this message by: the axis2 property, else, for a request that came with
   * no Content-Type or a form one once a mediator built it, application/xml: ServerWorker.handleRESTUrlPost sets that
   * MESSAGE_TYPE (the listener's CONTENT_TYPE stays the form type, or application/octet-stream), so PassThroughHttpSender
   * and the call's sender pick ApplicationXMLFormatter for it (the body's first element) unless the flow names another
   * type. Bytes never built go out as they came (no formatter). See writtenContentType for the header.
   */
  formatterType(): string | undefined {
    const v = this.axis2.get('messageType');
    if (v !== undefined) return v as string;
    if (this.answerType !== undefined || this.messageTypeRemoved || !this.payload.formatted) return undefined;
    // (a payload a mediator gave its own type, such as a cache hit, which sets messageType in MI, goes by that type)
    if (this.payload.contentType !== (this.requestType ?? '')) return undefined;
    return this.restPostType() === undefined ? undefined : 'application/xml';
  }

  /**
   * The Content-Type ApplicationXMLFormatter.getContentType (and PassThroughHttpSender.setContentType) write for a
   * request formatterType() made application/xml: the axis2 ContentType the listener set (the form type as received,
   * or application/octet-stream for a request with none), with `; charset=` of the message appended when it names
   * none (SET_CHARACTER_ENCODING "false": without).
   */
  writtenContentType(written: string): string {
    const named = this.axis2.get('ContentType');
    // (a GET or DELETE without Content-Type keeps application/xml: its listener ContentType is the form type, which
    // MI's default http.headers.preserve=Content-Type does not write either; see docs/cli.md)
    const ct =
      typeof named === 'string' && named !== ''
        ? named
        : this.requestType === '' && (this.method === 'GET' || this.method === 'DELETE')
          ? undefined
          : this.restPostType();
    if (ct === undefined) return written;
    if (/charset=/i.test(ct) || this.axis2.get('setCharacterEncoding') === 'false') return ct;
    const cs = /charset=([^;\s]+)/i.exec(written);
    return cs ? `${ct}; charset=${cs[1]}` : ct;
  }

  /**
   * The axis2 ContentType handleRESTUrlPost gives a request it takes as a form post (its MESSAGE_TYPE then is
   * application/xml): a form Content-Type as received, application/x-www-form-urlencoded for a GET or DELETE
   * without one (HTTP_METHOD), application/octet-stream for any other method without one; undefined for other requests.
   */
  private restPostType(): string | undefined {
    if (this.answerType !== undefined) return undefined;
    const t = this.requestType;
    if (t === undefined) return undefined;
    // (a Content-Type header sent empty is no form post: its ContentType stays "", ServerWorker)
    if (t === '' && this.emptyTypeHeader) return undefined;
    if (t === '')
      return this.method === 'GET' || this.method === 'DELETE'
        ? 'application/x-www-form-urlencoded'
        : 'application/octet-stream';
    return mediaTypeOf(t).toLowerCase() === 'application/x-www-form-urlencoded' ? t : undefined;
  }

  private axis2Property(name: string): unknown {
    const v = this.axis2.get(name);
    if (v !== undefined) return v;
    if (name === 'ContentType') return this.payload.contentType || (this.restPostType() ?? '');
    if (name === 'HTTP_METHOD') return this.answerType === undefined ? this.method : undefined;
    // TRANSPORT_IN_URL: the request line's URI as received (pass-through ServerWorker.createMessageContext); an
    // answer's context has none
    if (name === 'TransportInURL')
      return this.answerType === undefined && this.requestType !== undefined ? this.url : undefined;
    // PassThroughConstants.MESSAGE_BUILDER_INVOKED: RelayUtils.buildMessage sets it when it builds the message
    if (name === 'message.builder.invoked') return this.payload.formatted ? true : undefined;
    if (name === 'messageType' && this.answerType) return mediaTypeOf(this.answerType);
    if (name === 'messageType' && this.answerType === undefined && !this.messageTypeRemoved) {
      // pass-through ServerWorker: GET, HEAD and OPTIONS go through PassThroughNHttpGetProcessor, which marks them a
      // REST invocation (REST_GET_DELETE_INVOKE); every other method is entity enclosing (SynapseHTTPRequestFactory:
      // DELETE too) and processEntityEnclosingRequest sets the base type of its Content-Type. Both hand a request with
      // no Content-Type (or a form one) to handleRESTUrlPost, which takes it as a form post: application/xml. A REST
      // invocation with another Content-Type gets none
      const t = this.requestType;
      const rest = this.method === 'GET' || this.method === 'HEAD' || this.method === 'OPTIONS';
      if (!t) {
        // undefined: not received by the listener (a GET then is one built in-process, taken as a plain GET)
        if (t === '' || this.method === 'GET') return 'application/xml';
      } else {
        const base = mediaTypeOf(t);
        if (base.toLowerCase() === 'application/x-www-form-urlencoded') return 'application/xml';
        if (!rest) return base;
      }
    }
    // Axis2's MessageContext.getProperty falls back to the client Options, where scope="axis2-client" stores, then
    // to its OperationContext, where scope="operation" stores
    const client = this.axis2ClientMap?.get(name);
    return client !== undefined && client !== null ? client : this.operationMap?.get(name);
  }
  setProperty(name: string, value: unknown, scope: string = 'default'): void {
    switch (scope) {
      case 'default':
      case 'synapse':
        this.props.set(name, value);
        return;
      case 'axis2':
        this.axis2.set(name, value);
        if (name === 'CHARACTER_SET_ENCODING')
          this.payload.charsetSet = value == null ? undefined : stringOf(value);
        if (name === 'messageType' && typeof value === 'string') {
          this.axis2.set('ContentType', value);
          this.headers.set('Content-Type', value);
        }
        return;
      case 'axis2-client':
        this.axis2Client.set(name, value);
        return;
      case 'transport':
        this.headers.set(name, value == null ? '' : stringOf(value));
        return;
      case 'operation':
        this.operation.set(name, value);
        return;
      case 'system':
        process.env[name] = stringOf(value);
        return;
      default:
        this.props.set(name, value);
    }
  }
  removeProperty(name: string, scope: string = 'default'): void {
    switch (scope) {
      case 'axis2':
        this.axis2.delete(name);
        if (name === 'CHARACTER_SET_ENCODING') this.payload.charsetSet = undefined;
        if (name === 'TRANSPORT_HEADERS') this.headers.clearKeepingExcess();
        if (name === 'messageType' && this.answerType) this.answerType = null;
        if (name === 'messageType') this.messageTypeRemoved = true;
        return;
      case 'axis2-client':
        this.axis2Client.delete(name);
        return;
      case 'transport':
        this.headers.delete(name);
        return;
      case 'operation':
        this.operation.delete(name);
        return;
      default:
        this.props.delete(name);
    }
  }
  header(name: string): string | undefined {
    return this.headers.get(name);
  }
  allHeaders(): Record<string, string> {
    return this.headers.toObject();
  }
  variable(name: string): unknown {
    return this.vars.get(name);
  }
  funcParam(name: string): unknown {
    for (let i = this.funcStack.length - 1; i >= 0; i--) {
      const m = this.funcStack[i];
      if (m.has(name)) return m.get(name);
      break; // only the innermost template's parameters are visible
    }
    return undefined;
  }
  uriVar(name: string): string | undefined {
    const v = this.props.get(`uri.var.${name}`);
    return v === undefined ? undefined : String(v);
  }
  queryParam(name: string): string | undefined {
    const v = this.props.get(`query.param.${name}`);
    return v === undefined ? undefined : String(v);
  }
  configValue(name: string): string | undefined {
    return this.services.config(name);
  }
  /** A local entry or registry resource by key (get-property('key') falls back to it, as MI looks the key up). */
  localEntry(key: string): unknown {
    return this.services.resource?.(key);
  }
  /** The content of a registry resource (`registry('gov:/x')`, get-property('registry', path)). */
  registryResource(path: string): unknown {
    return this.services.resource?.(path);
  }
  now(): number {
    return Date.now();
  }

  /**
   * The action Axis2 keeps (Options.action, which getSoapAction and getWSAAction both read): an Action a mediator set
   * (WS-Addressing, header, script: props) wins; after a non-blocking call's answer, "" (ClientWorker); else the
   * SOAPAction header as the transport read it (its quotes taken off; "" when it came empty: ServerWorker), else a
   * SOAP 1.2 request's Content-Type action parameter (HTTPTransportUtils.initializeMessageContext). undefined: none.
   */
  soapAction(): string | undefined {
    const own = this.props.get('Action');
    if (this.actionReset && own === this.actionResetProp) return '';
    if (own !== undefined && own !== null) return unquoted(stringOf(own));
    const ct = this.requestType;
    if (ct && !this.actionReset && ct.includes('application/soap+xml')) {
      const a = contentTypeAction(ct);
      if (a !== undefined) return a;
    }
    const h = this.headers.get('SOAPAction');
    return h === undefined ? undefined : unquoted(h);
  }

  /**
   * MessageHelper.cloneMessageContext with isCloneCorrelationId: a copy's CORRELATION_ID (the log's correlation_id, an
   * API answer's activityid) is the original's followed by `_` and a new UUID, when the original has one.
   */
  cloneCorrelationOf(source: MessageContext): void {
    const id = source.clonedCorrelationId();
    if (id !== undefined) this.correlation = id;
  }

  /** The correlation id a copy of this message gets (`<id>_<uuid>`, see cloneCorrelationOf), if it has one. */
  clonedCorrelationId(): string | undefined {
    const id = this.loggedCorrelationId;
    return id === undefined ? undefined : `${id}_${randomUUID()}`;
  }

  /**
   * A copy for clone/iterate/scatter-gather branches (payload must be built). `cloneCorrelation`: the copy gets a
   * correlation id of its own (cloneCorrelationOf), as MI's clones for clone, iterate, foreach (v2), scatter-gather,
   * aggregate and a recipient list do.
   */
  fork(cloneCorrelation = false): MessageContext {
    const c = new MessageContext(
      this.payload.clone(),
      this.headers.clone(),
      this.services,
      this.operation,
      this.correlationUnset ? this.correlation : this.correlationId,
    );
    c.correlationUnset = this.correlationUnset;
    if (cloneCorrelation) c.cloneCorrelationOf(this);
    for (const [k, v] of this.props) c.props.set(k, v);
    for (const [k, v] of this.axis2) c.axis2.set(k, v);
    if (this.varsMap) for (const [k, v] of this.varsMap) c.vars.set(k, v);
    for (const f of this.funcStack) c.funcStack.push(new Map(f));
    c.faultStack.push(...this.faultStack);
    c.frames.push(...this.frames);
    c.method = this.method;
    c.url = this.url;
    c.to = this.to;
    c.addressed = this.addressed;
    c.answerAddressing = this.answerAddressing;
    c.operationOutputAction = this.operationOutputAction;
    c.response = this.response;
    // (not processingFault: MessageHelper.clonePartially starts a new Axis2 MessageContext, whose flag is false; a
    // copied SOAP Fault body still makes the copy's answer a 500 through hasFault)
    c.transportIn = this.transportIn;
    c.requestType = this.requestType;
    c.restOverride = this.restOverride;
    c.receivedAction = this.receivedAction;
    c.actionReset = this.actionReset;
    c.actionResetProp = this.actionResetProp;
    c.answerType = this.answerType;
    c.messageTypeRemoved = this.messageTypeRemoved;
    c.injected = this.injected;
    c.cors = this.cors;
    c.flow = this.flow;
    c.reply = this.reply;
    c.shared = this.shared;
    c.cont = this.cont.map((f) => ({ ...f }));
    c.groups = [...this.groups];
    return c;
  }
}

export function stringOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  // a Java object held as its toString() (JavaThrowable)
  if (v instanceof String) return v.toString();
  // a double computed by ${…} and kept in a variable prints as Java prints it (10.0)
  if (v instanceof Number) return v.toString();
  if (typeof v === 'object' && 'nodeType' in (v as object)) {
    // slimdom node: an element prints as XML, others by text
    const n = v as slimdom.Node;
    if (n.nodeType === 1) return serializeXml(n);
    return n.textContent ?? '';
  }
  // JSON numbers keep their text (10.0, 12.50), as MI's Gson writes them
  return stringifyJson(v);
}

/**
 * True when MI would write a text/xml message with its POX formatter (the body's first element, no envelope):
 * the message is doingREST and has no SOAP action (Axis2's formatter selection), e.g. a JSON or GET request
 * answered with messageType text/xml, or a REST client's answer from a SOAP backend that the mediation rewrote.
 * Costs one character test unless the type is text/xml.
 */
export function restXml(ctx: MessageContext, type: string): boolean {
  return (
    type.charCodeAt(0) === 116 &&
    type.toLowerCase().startsWith('text/xml') &&
    ctx.doingRest &&
    // (the blocking sender's Axis2 client: MessageProcessorSelector.getContentTypeForFormatterSelection looks at
    // doingREST only)
    (ctx.blocking !== undefined || !ctx.headers.has('SOAPAction')) &&
    // a WS-Addressing Action (header mediator) is the SOAP action too in Axis2
    ctx.ownProp('Action') == null
  );
}

/**
 * The Content-Type of a body written by MI's JSON or XML formatter: the axis2 property `ContentType` first, then
 * `messageType` (JsonStreamFormatter/ApplicationXMLFormatter.getContentType), with the charset appended when the
 * written type has one and the property does not. `written` is what serialize() returned for `mt`.
 */
export function namedContentType(ctx: MessageContext, mt: string, written: string): string {
  const named = ctx.axis2.get('ContentType');
  if (typeof named !== 'string' || named === '' || named === mt) return written;
  const base = mediaType(mt);
  if (mediaType(named) === base) return written;
  // the SOAP formatter names its type from the SOAP version, not from the property
  if (base === 'application/soap+xml' || (base === 'text/xml' && !restXml(ctx, mt))) return written;
  if (!base.includes('json') && !base.includes('xml')) return written;
  return /charset=/i.test(written) && !/charset=/i.test(named) ? `${named}; charset=UTF-8` : named;
}

/**
 * The Content-Type of the client's answer written by the formatter of `mt` (PassThroughHttpSender.setContentType):
 * the axis2 ContentType property, which the property mediator sets along with messageType or a flow sets itself,
 * names it as it is, with the message's charset appended when it names none (SET_CHARACTER_ENCODING "false":
 * without): its own type and charset win over the formatter's (text/plain and form answers too, a SOAP envelope of
 * the other version too); multipart/related and multipart/form-data keep the formatter's.
 */
export function answerContentType(ctx: MessageContext, mt: string, written: string): string {
  const named = ctx.axis2.get('ContentType');
  if (typeof named !== 'string' || named === '') return namedContentType(ctx, mt, written);
  if (/multipart\//i.test(written) || /multipart\/(related|form-data)/i.test(named)) return written;
  if (/charset=/i.test(named) || ctx.axis2.get('setCharacterEncoding') === 'false') return named;
  return `${named}; charset=${/charset=([^;\s]+)/i.exec(written)?.[1] ?? 'UTF-8'}`;
}

/**
 * The Content-Type of a message the flow gave an axis2 ContentType but no messageType (the formatter stays the one of
 * the message's own type). Built, PassThroughHttpSender.setContentType names the answer by that property, with
 * `; charset=` of the message appended when it names none (SET_CHARACTER_ENCODING "false": without), unless it is
 * multipart/related or multipart/form-data (the formatter's then); the call's formatters (JsonStreamFormatter,
 * ApplicationXMLFormatter, PlainTextFormatter.getContentType) name it so too, ApplicationXMLFormatter a SOAP type
 * as application/xml, and the SOAP formatter its version's type. Relayed unbuilt, the property goes as it is
 * (SourceResponseFactory puts CONTENT_TYPE in the transport headers). `written`: what serialize() returned.
 */
export function contentTypeAlone(ctx: MessageContext, written: string, call: boolean): string {
  const named = ctx.axis2.get('ContentType');
  if (typeof named !== 'string' || named === '' || ctx.axis2.has('messageType')) return written;
  if (/multipart\/(related|form-data)/i.test(named)) return written;
  if (!ctx.payload.formatted) return named;
  let ct = named;
  if (call) {
    const base = mediaType(written);
    if (base === 'application/soap+xml' || (base === 'text/xml' && !restXml(ctx, written))) return written;
    const soapNamed = /^(text\/xml|application\/soap\+xml)$/.test(mediaType(named));
    if (soapNamed && (base === 'application/xml' || base === 'text/xml')) ct = 'application/xml';
  }
  if (/charset=/i.test(ct) || ctx.axis2.get('setCharacterEncoding') === 'false') return ct;
  return `${ct}; charset=${/charset=([^;\s]+)/i.exec(written)?.[1] ?? 'UTF-8'}`;
}

/**
 * The action parameter of a SOAP 1.2 Content-Type as TransportUtils.processContentTypeForAction reads it: from the
 * first `action`, what is between its `=` and the next `;`, its quotes taken off.
 */
function contentTypeAction(ct: string): string | undefined {
  const i = ct.indexOf('action');
  if (i < 0) return undefined;
  const t = ct.slice(i);
  const semi = t.indexOf(';');
  const a = t.slice(t.indexOf('=') + 1, semi > -1 ? semi : undefined);
  return a.length >= 2 && a.startsWith('"') && a.endsWith('"') ? a.slice(1, -1) : a;
}

/** A SOAP action as the transport reads it: trimmed, its quotes taken off. */
function unquoted(a: string): string {
  return a.trim().replace(/^"(.*)"$/, '$1');
}

function mediaType(t: string): string {
  return mediaTypeOf(t).toLowerCase();
}

/**
 * A standard Java system property the JVM of MI always has, for get-property('system', name) when no variable of that
 * name is set (GetPropertyFunction reads System.getProperty): the separators, the user's folders and name, the
 * temporary folder, the default encoding.
 */
export function javaSystemProperty(name: string): string | undefined {
  switch (name) {
    case 'file.separator':
      return sep;
    case 'path.separator':
      return delimiter;
    case 'line.separator':
      return EOL;
    case 'user.dir':
      return process.cwd();
    case 'user.home':
      return homedir();
    case 'user.name':
      try {
        return userInfo().username;
      } catch {
        return undefined;
      }
    case 'java.io.tmpdir':
      return tmpdir();
    case 'file.encoding':
      return 'UTF-8';
    default:
      return undefined;
  }
}
