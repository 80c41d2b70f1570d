/**
 * What MI 4.4's blocking sender makes of a back end's answer: `call blocking="true"` and callout both go through
 * Synapse's BlockingMsgSender.send(EndpointDefinition, MessageContext), an Axis2 client (axis2_blocking_client.xml:
 * CommonsHTTPTransportSender -> HTTPSender, then OutInAxisOperation.handleResponse). The rules, with their sources, are
 * in /work/notes/s9/findings-C5.md:
 * - HTTPSender.handleResponse: a 2xx answer is processed; 500, 400 and 409 (unless listed in the axis2 property
 *   `error.http.status.codes`) are processed and mark the answer as a fault; a status listed in
 *   `non.error.http.status.codes` is processed as a normal answer; any other status throws
 *   "Transport error: <status> Error: <reason>" with the status as its fault code.
 * - OutInAxisOperation.handleResponse: an answer whose body is a SOAP fault, or that was marked as a fault, becomes an
 *   AxisFault (Utils.getInboundFaultFromMessageContext): the SOAP fault's code/reason/detail; for a REST call the
 *   body's first element (its XML as the message, its own text as the detail); else an IllegalArgumentException.
 *   Only when the client's options say so, though: BlockingMsgSenderUtils.fillClientOptions sets
 *   exceptionToBeThrownOnSOAPFault to "true".equals(FORCE_ERROR_ON_SOAP_FAULT), so by default such an answer (a SOAP
 *   fault, a 500 the builder can read) is the message, with its status as HTTP_SC (MI tests-patches
 *   ESBJAVA_4239_AccessHTTPSCAfterCallout logs "Status Code inSequence = 500"). A builder error, an unread body and a
 *   status the transport refuses fail in any case.
 * - BlockingMsgSender: ERROR_CODE is the fault code's local part read as an int, else 401002; ERROR_MESSAGE the fault's
 *   message; ERROR_DETAIL the detail element's text or ""; HTTP_SC the status the fault's message context carries,
 *   else the status read from a "Transport error: nnn" message, else ""; the message takes the envelope of the
 *   fault's message context (the request for a status error, the fault answer for a SOAP fault) and keeps its own
 *   otherwise; the fault handler runs: the endpoint's first (suspension, failover to a group's next child), judged
 *   per endpoint reached (blockingSend; /work/notes/s10/findings-D1.md).
 * - On success only the envelope and HTTP_SC change: the request's headers and message types stay
 *   (keepBlockingAnswer).
 */
import { STATUS_CODES } from 'node:http';
import type * as slimdom from 'slimdom';
import { stringOf, type Headers, type MessageContext } from '../context';
import { baseCode, MediationError } from '../errors';
import { BUILDER_TYPES } from '../formats';
import type { Executor } from '../executor';
import type { EndpointRef } from '../model';
import { mediaTypeOf, ownText, type Payload } from '../payload';
import { serializeXml } from '../payloadXml';

/** SynapseConstants.BLOCKING_SENDER_OPERATION_FAILED: a blocking call failed with no numeric fault code. */
export const BLOCKING_SENDER_OPERATION_FAILED = 401002;

/** Utils.getInboundFaultFromMessageContext's IllegalArgumentException (the fault handler gives it ERROR_CODE 0). */
const NO_SOAP_FAULT = 'The MessageContext does not have an associated SOAPFault.';
/** Axis2's "inputstreamNull": a fault status answered with no Content-Type is never read (HTTPSender). */
const INPUT_STREAM_NULL = 'The input stream for an incoming message is null.';

/** The request as it was before a blocking call: the message gets it back when the call fails. */
export interface BlockingRequest {
  payload: Payload;
  headers: Headers;
  messageType: unknown;
  /** The axis2 ContentType property when a mediator set it (else the request's Content-Type stands for it). */
  contentType: unknown;
  /** The HTTP method the request came with (ServerWorker names a body-less request's types by it). */
  method: string;
  noEntity: unknown;
  to: string | undefined;
  restOverride: boolean | undefined;
  /** ERROR_CODE/MESSAGE/DETAIL before the call (FaultHandler keeps an ERROR_CODE already set). */
  error: [unknown, unknown, unknown];
}

/** Builds the request (MI's blocking sender serializes the whole envelope) and keeps a copy of it. */
export async function keepRequest(ctx: MessageContext): Promise<BlockingRequest> {
  if (ctx.payload.streaming) await ctx.payload.build();
  return {
    payload: ctx.payload.clone(true),
    headers: ctx.headers.clone(),
    messageType: ctx.axis2.get('messageType'),
    contentType: ctx.axis2.get('ContentType'),
    method: ctx.method,
    noEntity: ctx.axis2.get('NO_ENTITY_BODY'),
    to: ctx.to,
    restOverride: ctx.restOverride,
    error: [ctx.props.get('ERROR_CODE'), ctx.props.get('ERROR_MESSAGE'), ctx.props.get('ERROR_DETAIL')],
  };
}

/**
 * Sends the message through MI's blocking sender: every endpoint reached (each child a failover group tries) has its
 * answer judged there (BlockingMsgSender.send -> the endpoint's onFault: suspension by the failure's ERROR_CODE, then
 * FailoverEndpoint.onChildEndpointFail retries the next child with the original envelope put back). Returns the
 * failure of the last endpoint tried (the message then holds the request, or the SOAP fault answer it keeps), or
 * undefined when the answer is the message. A failure before any answer (refused...) is thrown as it came.
 */
export async function blockingSend(
  ep: EndpointRef | undefined,
  ctx: MessageContext,
  ex: Executor,
  rest: boolean,
  req: BlockingRequest,
  /** FORCE_ERROR_ON_SOAP_FAULT was "true" (fillClientOptions: a fault answer is then an AxisFault). */
  throwOnFault = false,
  /** The message's own doingREST (BlockingSend.ownRest), when the call changed the message's. */
  ownRest = ctx.doingRest,
): Promise<BlockingFailure | undefined> {
  // BlockingMsgSender.isOutOnly ("true".equals(OUT_ONLY)): sendRobust waits for the back end, the message keeps its
  // envelope and gets HTTP_SC (a failure runs the fault handling as any other)
  if (ctx.ownProp('OUT_ONLY') === 'true') {
    const copy = ctx.fork();
    copy.reply = undefined;
    copy.dropProp('OUT_ONLY');
    robustOutOnly.add(copy);
    const f = await blockingSend(ep, copy, ex, rest, req, throwOnFault, ownRest);
    if (f) return { ...f, keepAnswer: false };
    ctx.axis2.set('HTTP_SC', stringOf(copy.axis2.get('HTTP_SC')));
    return undefined;
  }
  const failures = new WeakMap<object, { f: BlockingFailure; answer: Payload | undefined }>();
  ctx.blocking = {
    failureCode: BLOCKING_SENDER_OPERATION_FAILED,
    async judge(c) {
      const f = await answerFailure(c, rest, req, throwOnFault);
      if (!f) return undefined;
      const answer = f.keepAnswer ? c.payload : undefined;
      // the request back on the message, for the next child of a group
      restoreHeaders(c, req);
      c.payload = req.payload.clone();
      const e = new MediationError(f.code, f.message, f.detail);
      failures.set(e, { f, answer });
      return e;
    },
    judged: (e) => typeof e === 'object' && e !== null && failures.has(e),
    ownRest,
  };
  try {
    await ex.callEndpoint(ep, ctx, true);
    return undefined;
  } catch (e) {
    const judged = typeof e === 'object' && e !== null ? failures.get(e) : undefined;
    if (!judged) throw e;
    if (judged.answer) ctx.payload = judged.answer;
    return judged.f;
  } finally {
    ctx.blocking = undefined;
  }
}

/** The request's transport headers and properties back (BlockingMsgSender never copies a failed answer's). */
function restoreHeaders(ctx: MessageContext, req: BlockingRequest): void {
  ctx.headers.replaceWith(req.headers);
  setOrDelete(ctx.axis2, 'messageType', req.messageType);
  setOrDelete(ctx.axis2, 'ContentType', req.contentType);
  setOrDelete(ctx.axis2, 'NO_ENTITY_BODY', req.noEntity);
  ctx.to = req.to;
  ctx.restOverride = req.restOverride;
}

function setOrDelete(m: Map<string, unknown>, k: string, v: unknown): void {
  if (v === undefined) m.delete(k);
  else m.set(k, v);
}

/**
 * A blocking call that succeeded leaves the message as BlockingMsgSender.send does: the answer's envelope (its JSON
 * too, JsonUtil.cloneJsonPayload) and HTTP_SC are the message's; the rest stays the request's, because the call went
 * out from a new Axis2 message context: its transport headers, messageType and ContentType (CallMediator keeps the
 * originals only for source/target), NO_ENTITY_BODY, To and doingREST (BlockingMsgSenderUtils.fillMessageContext
 * sets the outgoing context's). So `<respond/>` writes the answer in the request's message type and names the
 * request's Content-Type (PassThroughHttpSender.setContentType takes the ContentType property first). When the message
 * property BLOCKING_SENDER_PRESERVE_REQ_HEADERS is the string "false", the answer's transport headers replace the
 * request's and its Content-Type's base type becomes messageType and ContentType
 * (MessageHelper.copyResponseMessageHeaders). The Axis2 client has read the answer whole (sendReceive clones it).
 */
export async function keepBlockingAnswer(ctx: MessageContext, req: BlockingRequest): Promise<void> {
  if (ctx.payload.streaming) await ctx.payload.build();
  // HTTP_SC as BlockingMsgSender sets it: String.valueOf(the status).trim()
  const sc = ctx.axis2.get('HTTP_SC');
  if (typeof sc === 'number') ctx.axis2.set('HTTP_SC', String(sc));
  if (takesAnswerHeaders(ctx)) setRequestTypes(ctx, req, baseType(ctx.headers.get('content-type')));
  else {
    ctx.headers.replaceWith(req.headers);
    setRequestTypes(ctx, req);
  }
  // the Axis2 client reads a gzip answer inflated (AbstractHTTPSender.processResponse); what is written from the
  // message is compressed only when the message's headers say gzip (GzipMessageFormatterDecorator)
  if (ctx.payload.contentEncoding !== undefined) ctx.payload.text();
  ctx.payload.contentEncoding = ctx.headers.get('content-encoding');
  setOrDelete(ctx.axis2, 'NO_ENTITY_BODY', req.noEntity);
  ctx.to = req.to;
  ctx.restOverride = req.restOverride;
}

/** SynapseConstants.BLOCKING_SENDER_PRESERVE_REQ_HEADERS: only the string "false" takes the answer's headers. */
export function takesAnswerHeaders(ctx: MessageContext): boolean {
  return ctx.props.get('BLOCKING_SENDER_PRESERVE_REQ_HEADERS') === 'false';
}

/**
 * javax.mail ContentType.getBaseType of a Content-Type header (primary/sub, parameters dropped), or undefined when it
 * does not parse (copyResponseMessageHeaders then keeps the message's types).
 */
export function baseType(ct: string | undefined): string | undefined {
  if (ct === undefined) return undefined;
  const i = ct.indexOf(';');
  const t = (i >= 0 ? ct.slice(0, i) : ct).trim();
  return /^[^\s/()<>@,;:\\"[\]?=]+\/[^\s/()<>@,;:\\"[\]?=]+$/.test(t) ? t : undefined;
}

/**
 * messageType and ContentType as the request has them (or `answer`, the answer's base type, for both): what a
 * mediator set, else what MI's listener set from the request (ServerWorker.processEntityEnclosingRequest: the
 * Content-Type, its type before ';' as messageType; handleRESTUrlPost: a form body, or no Content-Type, is messageType
 * application/xml, and no Content-Type is ContentType application/x-www-form-urlencoded for a GET or DELETE,
 * application/octet-stream otherwise).
 */
export function setRequestTypes(ctx: MessageContext, req: BlockingRequest, answer?: string): void {
  if (answer !== undefined) {
    ctx.axis2.set('messageType', answer);
    ctx.axis2.set('ContentType', answer);
    return;
  }
  const ct = req.payload.contentType;
  const [mt, named] = listenerTypes(ct, req.method);
  ctx.axis2.set('messageType', typeof req.messageType === 'string' ? req.messageType : mt);
  ctx.axis2.set('ContentType', typeof req.contentType === 'string' ? req.contentType : named);
}

const FORM = 'application/x-www-form-urlencoded';

function listenerTypes(ct: string, method: string): [string, string] {
  if (ct === '')
    return ['application/xml', method === 'GET' || method === 'DELETE' ? FORM : 'application/octet-stream'];
  // TransportUtils.getContentType: up to the first ';' (else ',')
  const semi = ct.indexOf(';');
  const comma = ct.indexOf(',');
  const mt = semi > 0 ? ct.slice(0, semi) : comma > 0 ? ct.slice(0, comma) : ct;
  return [mt === FORM ? 'application/xml' : mt, ct];
}

/**
 * MI's doingREST for the blocking call (BlockingMsgSenderUtils.fillMessageContext): pox, get and rest formats make
 * it true, soap11 and soap12 false; with no format (DefaultEndpointFactory keeps only those five) it is the
 * request's.
 */
export function blockingRest(ep: EndpointRef | undefined, ctx: MessageContext, ex: Executor): boolean {
  let format: string | undefined;
  if (ep) {
    try {
      const def = ex.resolveEndpoint(ep, ctx);
      if (def.type === 'address' || def.type === 'http' || def.type === 'default') format = def.format;
    } catch {
      // the call itself reports an endpoint it cannot resolve
    }
  }
  if (format === undefined) return ctx.doingRest;
  return format === 'pox' || format === 'get' || format === 'rest';
}

/** A failed blocking call: the ERROR_* values, the HTTP_SC it leaves ('' when none) and the body the message keeps. */
export interface BlockingFailure {
  code: number;
  message: string;
  detail: string;
  status: number | '';
  /** The answer (a SOAP fault) is the message afterwards; otherwise the request is. */
  keepAnswer: boolean;
}

/** A connection failure (refused, timed out...) as the Axis2 client reports it: 401002 and the exception's text. */
export function connectionFailure(e: MediationError): BlockingFailure {
  return {
    code: BLOCKING_SENDER_OPERATION_FAILED,
    message: connectionMessage(e),
    detail: '',
    status: '',
    keepAnswer: false,
  };
}

/** The copies a blocking OUT_ONLY call sends (BlockingMsgSender.sendRobust: Axis2's out-only operation). */
export const robustOutOnly = new WeakSet<MessageContext>();

/** AxisFaults of a transport sender (the mail sender's): their message (the detail) is the blocking call's. */
export const transportFaults = new WeakSet<MediationError>();

/**
 * An address Axis2 finds no transport for (ClientUtils.inferOutTransport), or another AxisFault of the transport: the
 * blocking client's AxisFault, which BlockingMsgSender.setErrorDetails turns into 401002 and the fault's message.
 */
export function isNoTransport(e: unknown): boolean {
  return (
    e instanceof MediationError &&
    e.code === 0 &&
    (transportFaults.has(e) ||
      (e.detail ?? '').startsWith('The system cannot infer the transport information'))
  );
}

/** What the Axis2 client (commons-httpclient) says about a failed connection. */
function connectionMessage(e: MediationError): string {
  if (isNoTransport(e)) return e.detail ?? e.message;
  switch (baseCode(e)) {
    case 101503:
      return /unknown host|ENOTFOUND|EAI_AGAIN/i.test(e.detail ?? '') ? 'Unknown host' : 'Connection refused';
    case 101504:
    case 101508:
      return 'Read timed out';
    default:
      return e.message;
  }
}

/** Integer.valueOf of each comma-separated item (no trimming: " 404" is not a status, as in HTTPSender). */
function statusCodes(v: unknown, trimWhole: boolean): Set<number> {
  const out = new Set<number>();
  if (typeof v !== 'string') return out;
  const s = trimWhole ? v.trim() : v;
  if (s.trim() === '') return out;
  for (const item of s.split(',')) if (/^[+-]?\d+$/.test(item)) out.add(Number(item));
  return out;
}

/** HTTPSender.handleResponse: how the Axis2 blocking client takes an answer with this status. */
export function statusRoute(sc: number, ctx: MessageContext): 'processed' | 'fault' | 'transport' {
  if (sc >= 200 && sc < 300) return 'processed';
  const errorCodes = statusCodes(ctx.axis2.get('error.http.status.codes'), false);
  if (!errorCodes.has(sc) && (sc === 500 || sc === 400 || sc === 409)) return 'fault';
  if (statusCodes(ctx.axis2.get('non.error.http.status.codes'), true).has(sc)) return 'processed';
  return 'transport';
}

/**
 * The answer now in `ctx` (HTTP_SC, headers, payload as the endpoint left them) judged as MI's blocking client judges
 * it: undefined when it is the message, else the failure.
 */
export async function answerFailure(
  ctx: MessageContext,
  rest: boolean,
  req: BlockingRequest,
  throwOnFault = false,
): Promise<BlockingFailure | undefined> {
  const sc = Number(ctx.axis2.get('HTTP_SC'));
  // OutInAxisOperation.handleResponse throws for a fault answer only with exceptionToBeThrownOnSOAPFault
  const fault = (f: BlockingFailure): BlockingFailure | undefined => (throwOnFault ? f : undefined);
  const route = statusRoute(sc, ctx);
  if (route === 'transport')
    return {
      code: sc,
      // HTTPSender: the status line's own reason phrase (commons-httpclient getStatusText)
      message: `Transport error: ${sc} Error: ${stringOf(ctx.axis2.get('HTTP_SC_DESC') ?? STATUS_CODES[sc] ?? '')}`,
      detail: '',
      status: sc,
      keepAnswer: false,
    };
  if (rest) readTextXmlAsPox(ctx.payload);
  const media = mediaTypeOf(ctx.payload.contentType).toLowerCase();
  // the builder Axis2 picks (TransportUtils.getContentType/createDocumentElement): text/xml and application/soap+xml
  // have the SOAP builder, but a REST call reads text/xml with the application/xml one; a type with no builder is
  // read as SOAP, or as POX for a REST call
  const soapBuilder =
    media === 'application/soap+xml' || (!rest && (media === 'text/xml' || !BUILDER_TYPES.has(media)));
  if (route === 'processed') {
    // a 202 with no body and no Content-Length: processResponse releases it before keeping its stream, and the
    // client then has no stream to read (OutInAxisOperation.checkContentLength finds no length)
    if (sc === 202 && !ctx.headers.has('content-length')) {
      if (ctx.payload.streaming) await ctx.payload.build();
      if (ctx.payload.isEmpty()) return inputStreamNull();
    }
    // only a SOAP body can hold a fault (SOAPEnvelope.hasFault); other answers are the message as they are (an
    // answer with no Content-Type too: MI would read it with the SOAP builder, we leave it as it came)
    if (!soapBuilder || media === '') return undefined;
    if (ctx.payload.streaming) await ctx.payload.build();
    if (ctx.payload.isEmpty()) return undefined;
    const read = readAnswer(ctx.payload, true);
    return typeof read === 'string'
      ? { code: BLOCKING_SENDER_OPERATION_FAILED, message: read, detail: '', status: '', keepAnswer: false }
      : read.fault
        ? fault(soapFailure(read.fault, sc))
        : undefined;
  }
  // 500, 400, 409: the answer is read only when it names its Content-Type (HTTPSender)
  if (!ctx.headers.has('content-type')) {
    // OutInAxisOperation.checkContentLength then looks at the transport headers left on the request (the request's)
    const cl = req.headers.get('content-length');
    return cl !== undefined && cl.trim() === '0' ? fault(noSoapFault()) : inputStreamNull();
  }
  if (ctx.payload.streaming) await ctx.payload.build();
  // an empty answer (Content-Length: 0) gets an empty envelope
  if (ctx.payload.isEmpty()) return fault(noSoapFault());
  const read = readAnswer(ctx.payload, soapBuilder);
  if (typeof read === 'string')
    return {
      code: BLOCKING_SENDER_OPERATION_FAILED,
      message: read,
      detail: '',
      status: '',
      keepAnswer: false,
    };
  if (read.fault) return fault(soapFailure(read.fault, sc));
  if (rest && read.first)
    return fault({
      code: BLOCKING_SENDER_OPERATION_FAILED,
      message: serializeXml(read.first),
      detail: ownText(read.first),
      status: '',
      keepAnswer: false,
    });
  return fault(noSoapFault());
}

/**
 * Axis2's TransportUtils.getContentType on the blocking client's answer: for a REST call (the answer's context takes
 * doingREST from the request's, OutInAxisOperation) a text/xml answer is read with the application/xml builder, so a
 * SOAP envelope in it is not taken apart: the whole envelope is the body's child, and what is written of the message
 * afterwards is that envelope (a 200 answer's too; a fault answer that does not throw, without
 * FORCE_ERROR_ON_SOAP_FAULT, is no SOAP fault of the message).
 */
function readTextXmlAsPox(p: Payload): void {
  const ct = p.contentType;
  if (mediaTypeOf(ct).toLowerCase() !== 'text/xml') return;
  const semi = ct.indexOf(';');
  const params = semi >= 0 ? ct.slice(semi) : '';
  // not read yet: read it as application/xml (the same bytes, the same charset)
  if (!p.soap) p.contentType = `application/xml${params}`;
  else p.setRaw(Buffer.from(serializeXml(p.envelope()), 'utf8'), 'application/xml; charset=UTF-8');
}

function inputStreamNull(): BlockingFailure {
  return {
    code: BLOCKING_SENDER_OPERATION_FAILED,
    message: INPUT_STREAM_NULL,
    detail: '',
    status: '',
    keepAnswer: false,
  };
}

function noSoapFault(): BlockingFailure {
  // FaultHandler.handleFault: ERROR_CODE 0, the exception's message, its stack trace as the detail
  return {
    code: 0,
    message: NO_SOAP_FAULT,
    detail: `java.lang.IllegalArgumentException: ${NO_SOAP_FAULT}`,
    status: '',
    keepAnswer: false,
  };
}

/**
 * The answer's body as Axis2 builds it: the SOAP fault in it (SOAP builder only) and its first element (the SOAP
 * builder's body child; the application/xml and POX builders wrap the whole document, a SOAP envelope included), or
 * the builder's error.
 */
function readAnswer(
  p: Payload,
  soapBuilder: boolean,
): { fault?: slimdom.Element; first?: slimdom.Element } | string {
  let env: slimdom.Document;
  try {
    env = p.envelope();
  } catch (e) {
    return (e as Error).message;
  }
  if (p.soap) {
    if (!soapBuilder) return { first: env.documentElement ?? undefined };
    const first = p.rootElement();
    return first && first.localName === 'Fault' ? { fault: first, first } : { first };
  }
  const first = p.rootElement();
  if (soapBuilder && first)
    return `First Element must contain the local name, Envelope , but found ${first.localName}`;
  return { first };
}

/** AxisFault(SOAPFault): code from faultcode (SOAP 1.1) or Code/Value (1.2), reason text, detail's first element. */
function soapFailure(f: slimdom.Element, sc: number): BlockingFailure {
  const child = (el: slimdom.Element | null | undefined, name: string) =>
    el ? (Array.from(el.children).find((c) => c.localName === name) ?? null) : null;
  const code = child(f, 'faultcode') ?? child(child(f, 'Code'), 'Value');
  const reason = child(f, 'faultstring') ?? child(child(f, 'Reason'), 'Text');
  const detail = child(f, 'detail') ?? child(f, 'Detail');
  // the code is read as a QName: its local part, as an int (Integer.parseInt), else 401002
  const qname = (code ? ownText(code) : '').trim();
  const local = qname.slice(qname.indexOf(':') + 1);
  const n = /^[+-]?\d+$/.test(local) ? Number(local) : NaN;
  const first = detail?.firstElementChild ?? null;
  return {
    code: Number.isSafeInteger(n) && Math.abs(n) <= 2147483647 ? n : BLOCKING_SENDER_OPERATION_FAILED,
    message: reason ? ownText(reason) : '',
    detail: first ? ownText(first) : '',
    status: sc,
    keepAnswer: true,
  };
}

/**
 * Leaves the message as MI's blocking sender leaves it after a failure and returns the error to throw: the request's
 * headers, the request's body (or the SOAP fault answer), HTTP_SC, and ERROR_* (an ERROR_CODE already set stays with
 * its message and detail when the failure has no fault of its own, as FaultHandler does).
 */
export function failBlocking(ctx: MessageContext, req: BlockingRequest, f: BlockingFailure): MediationError {
  restoreHeaders(ctx, req);
  if (!f.keepAnswer) ctx.payload = req.payload;
  // the fault answer kept as the envelope is written in the request's message type (nothing changed it)
  else setRequestTypes(ctx, req);
  ctx.axis2.set('HTTP_SC', f.status);
  if (f.status !== '') ctx.props.set('HTTP_SC', f.status);
  if (f.message === NO_SOAP_FAULT && req.error[0] !== undefined)
    return new MediationError(req.error[0] as number, String(req.error[1] ?? ''), String(req.error[2] ?? ''));
  return new MediationError(f.code, f.message, f.detail);
}
