/**
 * The shared frame of every connector operation: one mediator (one frame for the debugger, one step for coverage)
 * that resolves the connection, reads its parameters per message, runs the connector's own code, and applies MI 4.4's
 * connector-response rules (Synapse InvokeMediator.prepareForMediation / postMediate / processConnectorResponse):
 *
 * - `responseVariable` (its value for this message, not empty) turns the rules on; `overwriteBody` is
 *   Boolean.parseBoolean of its value.
 * - Without `overwriteBody`, the message's payload, messageType, ContentType, transport headers and NO_ENTITY_BODY are
 *   kept before the operation and put back after it: the operation's result goes only to the variable.
 * - The variable: when the operation answers with a connector response (payload / headers / attributes), it holds
 *   `payload` (unless overwriteBody), and `headers` and `attributes` when not empty. When it answers with nothing (the
 *   HTTP connector: the result is the message itself), it holds what an enrich of the body into a variable gives:
 *   `payload` (the JSON value, the first XML element of the body, or nothing), `headers` (the transport headers) and
 *   `attributes` (`statusCode` from HTTP_SC); with overwriteBody the `payload` is left out.
 * - Without `responseVariable`, the operation's result is the message as the connector left it.
 *
 * An operation that fails leaves the message as it is at the failure (MI runs no postMediate then); the error goes
 * to the enclosing onError / fault sequence as any mediator's.
 */
import type { XmlElement } from '../../../core/xml';
import { registerMediator, type CompileCtx, type CompileOptions, type MediatorFactory } from '../compile';
import type { MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import { compileValue, type Expr } from '../expressions';
import type { Mediator } from '../model';
import { bodyIsEmpty, type Payload } from '../payload';
import { compareIgnoreCase, parseBoolean } from '../mediators/util';
import { resolveConnection, type Connection } from './connection';
import { OperationParams } from './params';
import { CONNECTOR_RESPONSE_MAP } from '../connectorResponseMark';

/** What a connector operation answers (MI's ConnectorResponse), or nothing when its result is the message itself. */
export interface ConnectorResponse {
  payload?: unknown;
  headers?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
}

/** Everything an operation's code gets for one message. */
export interface OperationRun {
  readonly ctx: MessageContext;
  readonly ex: Executor;
  readonly params: OperationParams;
  /** The connection configKey names (undefined for an operation without configKey). */
  readonly connection: Connection | undefined;
  /** The response variable's name for this message (undefined when not given or empty). */
  readonly responseVariable: string | undefined;
  /** overwriteBody for this message. */
  readonly overwriteBody: boolean;
  /** `file:line` of the operation element (for error messages). */
  readonly where: string;
  /**
   * Set by an operation whose result is the message (no ConnectorResponse): the headers the response variable
   * holds instead of the message's transport headers at the end (the HTTP connector: the answer's headers as the
   * call left them, in the back end's spelling).
   */
  answerHeaders?: Record<string, string>;
}

export interface OperationSpec<S = undefined> {
  /** `http`, `file`, … */
  connector: string;
  /** `get`, `write`, … (the element is `<connector.operation>`). */
  operation: string;
  /** The operation cannot run without a connection (configKey missing: a fault when run, a load warning). */
  needsConnection?: boolean;
  /**
   * Reads what the operation needs from its element once, at deploy (report problems through `cc`); the result is
   * handed to every run.
   */
  prepare?(el: XmlElement, cc: CompileCtx, params: OperationParams): S;
  /** Its values need the payload built (besides parameters that read it, and responseVariable/overwriteBody). */
  contentAware?: boolean;
  /** Runs the operation for a message. */
  run(op: OperationRun, state: S): Promise<ConnectorResponse | void> | ConnectorResponse | void;
}

/** The factory that compiles `<connector.operation>` elements with this spec. */
export function connectorOperation<S>(spec: OperationSpec<S>): MediatorFactory {
  return (el, cc) => compileOperation(spec, el, cc);
}

/** Registers `<connector.operation>` with the compiler. */
export function registerConnectorOperation<S>(spec: OperationSpec<S>): void {
  registerMediator(`${spec.connector}.${spec.operation}`, connectorOperation(spec));
}

const RESPONSE_VARIABLE = 'responseVariable';
const OVERWRITE_BODY = 'overwriteBody';

function compileOperation<S>(spec: OperationSpec<S>, el: XmlElement, cc: CompileCtx): Mediator {
  const pos = cc.pos(el);
  const where = `${pos.file}:${pos.line}`;
  const params = OperationParams.compile(el, cc);
  const keyAttr = el.attributes.find((a) => a.name === 'configKey');
  let configKey: Expr | undefined;
  if (keyAttr && keyAttr.value !== '') {
    try {
      configKey = compileValue(keyAttr.value, cc.ns(el));
    } catch (e) {
      cc.problem(
        el,
        'EXPR_SYNTAX',
        `Invalid configKey '${keyAttr.value}': ${(e as Error).message}`,
        keyAttr.valueSpan.start,
      );
    }
  } else if (spec.needsConnection)
    cc.unsupported(
      el,
      `<${el.local}> has no configKey: it needs a ${spec.connector} connection (a local entry with <${spec.connector}.init>)`,
      'RT_CONNECTION',
    );
  const state = spec.prepare ? spec.prepare(el, cc, params) : (undefined as S);
  const opts: CompileOptions = cc.opts;
  const responseVar = params.param(RESPONSE_VARIABLE)?.value;
  const overwrite = params.param(OVERWRITE_BODY)?.value;
  // InvokeMediator.isContentAware: responseVariable or overwriteBody, or a parameter whose value reads the payload
  const contentAware =
    params.param(RESPONSE_VARIABLE) !== undefined ||
    params.param(OVERWRITE_BODY) !== undefined ||
    params.payloadAware ||
    spec.contentAware === true;

  return {
    name: el.local,
    contentAware,
    ...pos,
    mediate(ctx, ex) {
      let connection: Connection | undefined;
      if (configKey) {
        const key = configKey.string(ctx);
        connection = resolveConnection(ex, key, spec.connector, opts, where);
      } else if (spec.needsConnection)
        throw new MediationError(
          0,
          `<${el.local}> has no configKey: it needs a ${spec.connector} connection (${where})`,
          where,
        );
      const rv = responseVar?.string(ctx);
      const responseVariable = rv === undefined || rv === '' ? undefined : rv;
      const overwriteBody = overwrite ? parseBoolean(overwrite.string(ctx)) : false;
      const saved = responseVariable !== undefined && !overwriteBody ? keep(ctx) : undefined;
      const op: OperationRun = { ctx, ex, params, connection, responseVariable, overwriteBody, where };
      const r = spec.run(op, state);
      if (r instanceof Promise) return r.then((res) => settle(op, res, saved));
      return settle(op, r, saved);
    },
  };
}

/** What InvokeMediator.prepareForMediation keeps of the message when the result goes only to a variable. */
export interface Kept {
  payload: Payload;
  messageType: unknown;
  contentType: unknown;
  headers: [string, string][];
  noEntityBody: unknown;
  /** NO_ENTITY_BODY is Boolean.TRUE: the body is neither kept nor put back. */
  bodyless: boolean;
}

/** Methods whose requests MI's pass-through takes in without an entity (NO_ENTITY_BODY TRUE when bodiless). */
const NON_ENTITY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE']);

export function keep(ctx: MessageContext): Kept {
  const noEntityBody = ctx.axis2.get('NO_ENTITY_BODY');
  // MI marks a request that came without a body NO_ENTITY_BODY TRUE when it takes it in
  // (ServerWorker.processNonEntityEnclosingRESTHandler); here that is an untouched empty GET/DELETE/… message
  const bodyless =
    noEntityBody === true ||
    (noEntityBody === undefined &&
      NON_ENTITY_METHODS.has(ctx.method.toUpperCase()) &&
      bodyIsEmpty(ctx.payload));
  const kept: Kept = {
    payload: ctx.payload,
    messageType: ctx.axis2.get('messageType'),
    contentType: ctx.axis2.get('ContentType'),
    headers: [...ctx.headers.entries()],
    noEntityBody,
    bodyless,
  };
  // the operation works on a copy: the kept payload is what goes back (the payload is built: content-aware)
  if (!bodyless) ctx.payload = ctx.payload.clone(true);
  return kept;
}

/**
 * InvokeMediator.postMediate without overwriteBody: headers, messageType and ContentType go back; the body goes back
 * unless NO_ENTITY_BODY was TRUE — then MI sets NO_ENTITY_BODY TRUE again and leaves the answer as the body (its
 * `TransportUtils.createSOAPEnvelope(null)` result is not used): `${payload}` reads the answer, a respond sends none.
 */
export function restore(ctx: MessageContext, k: Kept): void {
  if (k.bodyless) ctx.axis2.set('NO_ENTITY_BODY', true);
  else {
    ctx.payload = k.payload;
    setOrDelete(ctx.axis2, 'NO_ENTITY_BODY', k.noEntityBody);
  }
  setOrDelete(ctx.axis2, 'messageType', k.messageType);
  setOrDelete(ctx.axis2, 'ContentType', k.contentType);
  ctx.headers.clear();
  for (const [n, v] of k.headers) ctx.headers.set(n, v);
}

function setOrDelete(m: Map<string, unknown>, k: string, v: unknown): void {
  if (v === undefined) m.delete(k);
  else m.set(k, v);
}

/** After the operation: the response rules, once the answer is read when the variable needs its payload. */
function settle(
  op: OperationRun,
  res: ConnectorResponse | void,
  saved: Kept | undefined,
): Promise<boolean> | boolean {
  const ctx = op.ctx;
  if (ctx.stopped) return false;
  // the enrich into the variable builds the message (MediatorEnrichUtil.buildMessage)
  if (op.responseVariable !== undefined && !res && !op.overwriteBody && ctx.payload.streaming)
    return ctx.payload.build().then(() => {
      finish(op, res, saved);
      return true;
    });
  finish(op, res, saved);
  return true;
}

/** InvokeMediator.postMediate for one message. */
function finish(op: OperationRun, res: ConnectorResponse | void, saved: Kept | undefined): void {
  const { ctx, responseVariable, overwriteBody } = op;
  if (responseVariable === undefined) return;
  ctx.vars.set(
    responseVariable,
    res
      ? connectorResponseValue(res, overwriteBody)
      : messageAsResponse(ctx, overwriteBody, op.answerHeaders),
  );
  if (saved) restore(ctx, saved);
}

/** A new response variable value, marked as MI's Map (connectorResponseMark.ts). */
function responseMap(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  Object.defineProperty(out, CONNECTOR_RESPONSE_MAP, { value: true, enumerable: false });
  return out;
}

/** processConnectorResponse with a ConnectorResponse: payload unless overwriteBody; headers/attributes when not empty. */
export function connectorResponseValue(
  res: ConnectorResponse,
  overwriteBody: boolean,
): Record<string, unknown> {
  const out = responseMap();
  if (!overwriteBody && res.payload !== undefined && res.payload !== null) out.payload = res.payload;
  if (res.headers && Object.keys(res.headers).length > 0) out.headers = res.headers;
  if (res.attributes && Object.keys(res.attributes).length > 0) out.attributes = res.attributes;
  return out;
}

/**
 * processConnectorResponse without a ConnectorResponse: the body enriched into the variable (Target, VARIABLE):
 * `payload` is the JSON value of a JSON body, else the body's first element (a text body's `<text>` wrapper), else
 * the (empty) list of its nodes; `headers` the transport headers; `attributes.statusCode` HTTP_SC when set.
 */
export function messageAsResponse(
  ctx: MessageContext,
  overwriteBody: boolean,
  answerHeaders?: Record<string, string>,
): Record<string, unknown> {
  const out = responseMap();
  if (!overwriteBody) out.payload = bodyValue(ctx.payload);
  // MI's transport headers are a TreeMap ordered by compareToIgnoreCase (ClientWorker), which the JSON keeps
  const headers: Record<string, unknown> = {};
  const entries = answerHeaders ? Object.entries(answerHeaders) : [...ctx.headers.entries()];
  entries.sort((a, b) => compareIgnoreCase(a[0], b[0]));
  for (const [n, v] of entries) headers[n] = v;
  out.headers = caseInsensitive(headers);
  const attributes: Record<string, unknown> = {};
  const sc = ctx.axis2.get('HTTP_SC');
  if (typeof sc === 'number') attributes.statusCode = sc;
  else if (typeof sc === 'string') attributes.statusCode = sc;
  out.attributes = attributes;
  return out;
}

function bodyValue(p: Payload): unknown {
  if (p.isEmpty()) return [];
  if (p.kind === 'json') return p.json();
  return p.body().firstElementChild ?? [];
}

/**
 * The answer's headers with lookups in any case, as MI's TreeMap ordered by compareToIgnoreCase answers them
 * (`${vars.r.headers['content-type']}` finds `Content-Type`). The keys listed (and printed) are the names as held.
 */
export function caseInsensitive<T>(obj: Record<string, T>): Record<string, T> {
  const lower = new Map<string, string>();
  for (const k of Object.keys(obj)) lower.set(k.toLowerCase(), k);
  const find = (k: string | symbol): string | symbol | undefined =>
    typeof k !== 'string' || Object.prototype.hasOwnProperty.call(obj, k) ? k : lower.get(k.toLowerCase());
  return new Proxy(obj, {
    get(t, k, r) {
      const key = find(k);
      return key === undefined ? undefined : (Reflect.get(t, key, r) as unknown);
    },
    has(t, k) {
      const key = find(k);
      return key !== undefined && Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, k) {
      const key = find(k);
      return key === undefined ? undefined : Reflect.getOwnPropertyDescriptor(t, key);
    },
  });
}
