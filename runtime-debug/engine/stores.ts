/**
 * Message stores and processors: every store is an in-memory queue (JMS/JDBC stores are simulated locally, with a
 * warning at load) unless a backend is attached (RabbitMQ stores: rabbitmq/store.ts), the scheduled forwarding processor sends stored messages to its
 * target endpoint (retries, max.delivery.attempts, reply and fault sequences, drop or deactivate), and the sampling
 * processor injects them into a sequence.
 */
import {
  forwardedMessages,
  Headers,
  MessageContext,
  restXml,
  stringOf,
  type ContextServices,
} from './context';
import type { Executor } from './executor';
import type { MessageProcessorDef } from './model';
import { Payload, type PayloadLimits } from './payload';
import { parseXmlElement, serializeXml } from './payloadXml';
import { isEnrichedValue, markEnrichedValue } from './mediators/transform';
import { isNode } from './expr/values';
import type { StoreBackend } from './rabbitmq/store';

export interface StoredMessage {
  id: string;
  contentType: string;
  body: Buffer;
  headers: [string, string][];
  props: [string, unknown][];
  /**
   * XML-valued properties. `nodes`: deep copies of every node or node-list value, which only an in-memory store
   * keeps (MessageHelper.cloneMessageContext clones OMElement and ArrayList properties). `om`: what a store that
   * writes the message out keeps of them (MessageConverter.toStorableMessage): the first element of a list of elements
   * (an enrich or XPath result), serialized, read back as an element (toMessageContext); a lone element is lost.
   */
  nodes?: [string, unknown][];
  om?: [string, string][];
  messageType?: string;
  /** The axis2 ContentType when it is not the messageType's (a built form or untyped request: the listener's). */
  named?: string;
  /** The message was doingREST (MI stores it as isDoingPOX and restores it with the message). */
  rest?: boolean;
  storedAt: number;
  /**
   * The API, proxy or inbound endpoint the message came through (MI's ARTIFACT_NAME property, set by API.process,
   * ProxyServiceMessageReceiver and the inbound endpoints, stays with the stored message): a processor's log lines
   * name it (LoggingUtils.getFormattedLog).
   */
  artifact?: { kind: 'api' | 'proxy' | 'inbound'; name: string };
  /** The SOAP action the message came with (Axis2's Options.action, kept with a stored message). */
  action?: string;
  /**
   * The stored copy's correlation id: MessageStoreMediator stores a clone (MessageHelper.cloneMessageContext, with a
   * correlation id of its own, `<original>_<uuid>`), which the processor's log lines show.
   */
  correlation?: string;
  /**
   * An in-memory store keeps a clone of the message context (MessageStoreMediator, InMemoryProducer), so the client
   * can still be answered from it: a respond in a reply or sampling sequence reaches the waiting client.
   */
  client?: { reply: MessageContext['reply']; shared: MessageContext['shared'] };
}

/**
 * Messages an in-memory store keeps: MessageStoreMediator's clone (MessageHelper.cloneMessageContext), whose envelope
 * has no document above it; a store that writes the message out reads it back with StAXSOAPModelBuilder
 * (MessageConverter.toMessageContext), below a document (XPath's `/`, see values.ts doclessEnvelopes).
 */
const keptInMemory = new WeakSet<StoredMessage>();

export class MessageStores {
  private readonly queues = new Map<string, StoredMessage[]>();
  /** Stores kept outside the runtime (a broker), by store name. */
  private readonly backends = new Map<string, StoreBackend>();
  /** Largest number of messages kept per store (oldest dropped beyond it). */
  constructor(private readonly maxPerStore = 10_000) {}

  /** Keeps a store's messages in a backend from now on (a previous backend of that name is closed). */
  attach(store: string, b: StoreBackend): void {
    this.backends.get(store)?.close();
    this.backends.set(store, b);
  }
  /** A backend store fetches its head before peek() (undefined for an in-memory store). */
  prepare(store: string): Promise<void> | undefined {
    return this.backends.get(store)?.prepare();
  }

  /** A backend store answers when the message is stored (it rejects when it could not be). */
  add(store: string, m: StoredMessage): Promise<boolean> | undefined {
    const b = this.backends.get(store);
    if (b) return b.add({ ...m, client: undefined });
    let q = this.queues.get(store);
    if (!q) this.queues.set(store, (q = []));
    if (q.length >= this.maxPerStore) q.shift();
    keptInMemory.add(m);
    q.push(m);
    return undefined;
  }
  peek(store: string): StoredMessage | undefined {
    const b = this.backends.get(store);
    if (b) return b.peek();
    return this.queues.get(store)?.[0];
  }
  remove(store: string, id: string): void {
    const b = this.backends.get(store);
    if (b) return b.remove(id);
    const q = this.queues.get(store);
    if (!q) return;
    const i = q.findIndex((m) => m.id === id);
    if (i >= 0) q.splice(i, 1);
  }
  size(store: string): number {
    const b = this.backends.get(store);
    if (b) return b.size();
    return this.queues.get(store)?.length ?? 0;
  }
  clear(store: string): void {
    // a backend store is let go (its messages stay in the broker, as MI leaves them when a store is undeployed)
    this.backends.get(store)?.close();
    this.backends.delete(store);
    this.queues.delete(store);
  }
}

/** Snapshots a message for a store (the payload must be built). */
export function snapshot(ctx: MessageContext): StoredMessage {
  // the messageType MI's formatters go by: a form or untyped request, once built, is application/xml
  // (ServerWorker.handleRESTUrlPost), kept with its ContentType (the form type, or application/octet-stream) so the
  // processor names it as the listener did (MI's stored message is the built message context itself)
  const own = ctx.axis2.get('messageType') as string | undefined;
  const mt = own ?? ctx.formatterType();
  // written as it would go out (a REST client's text/xml message as the body element, as MI's formatter would)
  const ser = ctx.payload.serialize(mt, mt !== undefined, true, restXml(ctx, mt ?? ctx.payload.contentType));
  const named = own === undefined && mt !== undefined ? ctx.writtenContentType(ser.contentType) : undefined;
  const props: [string, unknown][] = [];
  const nodes: [string, unknown][] = [];
  const om: [string, string][] = [];
  for (const [k, v] of ctx.props)
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) props.push([k, v]);
    else if (isNode(v)) {
      // an enrich result is a one-element node list in MI (EnrichMediator's ArrayList), a property of type OM a
      // lone OMElement
      const copy = v.cloneNode(true);
      if (isEnrichedValue(v)) {
        markEnrichedValue(copy);
        if (v.nodeType === 1) om.push([k, serializeXml(v)]);
      }
      nodes.push([k, copy]);
    } else if (Array.isArray(v) && v.length && v.every(isNode)) {
      nodes.push([k, v.map((n) => n.cloneNode(true))]);
      if (v[0].nodeType === 1) om.push([k, serializeXml(v[0])]);
    }
  return {
    id: ctx.messageId,
    contentType: ser.contentType,
    body: Buffer.isBuffer(ser.body) ? ser.body : Buffer.alloc(0),
    headers: ctx.headers.entries(),
    props,
    ...(nodes.length ? { nodes } : {}),
    ...(om.length ? { om } : {}),
    messageType: mt,
    ...(named !== undefined ? { named } : {}),
    rest: ctx.doingRest,
    storedAt: Date.now(),
    artifact: entryArtifact(ctx),
    ...(ctx.receivedAction !== undefined ? { action: ctx.receivedAction } : {}),
    correlation: ctx.clonedCorrelationId(),
    client: ctx.reply ? { reply: ctx.reply, shared: ctx.shared } : undefined,
  };
}

function entryArtifact(ctx: MessageContext): StoredMessage['artifact'] {
  const k = ctx.flow.artifactKind;
  return k === 'api' || k === 'proxy' || k === 'inbound'
    ? { kind: k, name: ctx.flow.artifactName }
    : undefined;
}

/** The flow a processor runs a stored message in: named after its entry artifact when it had one. */
function processorFlow(m: StoredMessage, processor: string): MessageContext['flow'] {
  return m.artifact
    ? { artifactKind: m.artifact.kind, artifactName: m.artifact.name }
    : { artifactKind: 'sequence', artifactName: processor };
}

export function restore(m: StoredMessage, services: ContextServices, limits: PayloadLimits): MessageContext {
  const h = new Headers();
  for (const [k, v] of m.headers) h.set(k, v);
  const ctx = new MessageContext(new Payload(m.contentType, m.body, limits), h, services);
  ctx.payload.envelopeDocument(!keptInMemory.has(m));
  for (const [k, v] of m.props) ctx.props.set(k, v);
  if (m.nodes) for (const [k, v] of m.nodes) ctx.props.set(k, v);
  else if (m.om)
    for (const [k, xml] of m.om)
      try {
        const el = parseXmlElement(xml);
        markEnrichedValue(el);
        ctx.props.set(k, el);
      } catch {
        // (MessageConverter logs and drops a message it cannot rebuild; a property that does not parse is left out)
      }
  if (m.messageType) ctx.axis2.set('messageType', m.messageType);
  if (m.named !== undefined) ctx.axis2.set('ContentType', m.named);
  if (m.rest !== undefined) ctx.restOverride = m.rest;
  if (m.action !== undefined) ctx.receivedAction = m.action;
  if (m.correlation !== undefined) ctx.correlateAs(m.correlation);
  ctx.method = 'POST';
  if (m.client) {
    ctx.reply = m.client.reply;
    ctx.shared = m.client.shared;
  }
  return ctx;
}

export interface ProcessorState {
  def: MessageProcessorDef;
  active: boolean;
  timer?: NodeJS.Timeout;
  busy: boolean;
  attempts: number;
  /** The target.endpoint property of the first message, when the processor names no target (MI keeps it). */
  target?: string;
}

/** Runs one tick of a processor: forwards or samples the head message of its store. */
export async function processorTick(
  p: ProcessorState,
  stores: MessageStores,
  ex: Executor,
  mk: (m: StoredMessage) => MessageContext,
): Promise<void> {
  if (!p.active || p.busy) return;
  const def = p.def;
  const fetching = stores.prepare(def.messageStore);
  if (fetching) {
    p.busy = true;
    try {
      await fetching;
    } finally {
      p.busy = false;
    }
    if (!p.active) return;
  }
  const head = stores.peek(def.messageStore);
  if (!head) return;
  p.busy = true;
  const label = `message-processor:${def.name}`;
  try {
    const ctx = mk(head);
    ctx.flow = processorFlow(head, def.name);
    if (def.kind === 'sampling') {
      stores.remove(def.messageStore, head.id);
      const seq = ex.reg.sequence(def.params.sequence ?? '');
      if (!seq) {
        ex.log('ERROR', 'SamplingProcessor', label, `Sequence '${def.params.sequence}' is not deployed`);
        return;
      }
      // SamplingService.execute takes up to `concurrency` messages (default 1) at each run and mediates each
      // one on its own thread
      const runs = [ex.runFlow(ctx, seq, undefined)];
      const n = Number.parseInt(def.params.concurrency ?? '1', 10);
      // (a broker store hands one message at a time)
      for (let i = 1; i < (Number.isNaN(n) ? 1 : n) && !fetching; i++) {
        const next = stores.peek(def.messageStore);
        if (!next) break;
        stores.remove(def.messageStore, next.id);
        const c = mk(next);
        c.flow = processorFlow(next, def.name);
        runs.push(ex.runFlow(c, seq, undefined));
      }
      await Promise.all(runs);
      return;
    }
    if (def.kind === 'failover') {
      await failoverTick(p, head, ctx, stores, ex, label);
      return;
    }
    // MI ForwardingService.dispatch: the processor's targetEndpoint, else the message's target.endpoint property (the
    // processor keeps the first one it reads); none, or one that names no endpoint, deactivates the processor
    const target =
      def.targetEndpoint ?? def.params['target.endpoint'] ?? p.target ?? (p.target = targetOf(ctx));
    if (!target || !ex.reg.endpoint(target)) {
      ex.log(
        'ERROR',
        'ScheduledMessageForwardingProcessor',
        label,
        target
          ? 'Endpoint does not exists. Deactivating the message processor'
          : 'Neither targetEndpoint defined in the MessageProcessor configuration nor Property target.endpoint is found in the message context, hence deactivating the MessageProcessor',
      );
      await deactivate(p, ctx, ex, label);
      return;
    }
    // ForwardingService.dispatch: the same message is tried again (a fresh copy each time) after client.retry.interval
    // ms until it is delivered, the processor is deactivated, or max.delivery.attempts is reached
    const retryMs = Math.max(0, Number(def.params['client.retry.interval'] ?? '1000') || 0);
    const max = Number(def.params['max.delivery.attempts'] ?? '4');
    p.attempts = 0;
    for (let msg = ctx; ; msg = mk(head)) {
      if (msg !== ctx) msg.flow = ctx.flow;
      const r = await forwardOnce(p, msg, target, ex, label);
      if (r.outcome === 'delivered') {
        stores.remove(def.messageStore, head.id);
        p.attempts = 0;
        return;
      }
      if (r.outcome === 'deactivated' || !p.active) return;
      p.attempts++;
      ex.log(
        'WARN',
        'ScheduledMessageForwardingProcessor',
        label,
        `Delivery attempt ${p.attempts} of message ${head.id} failed${r.error ? `: ${r.error}` : ''}`,
      );
      // ForwardingService.checkAndDeactivateProcessor
      if (max > 0 && p.attempts >= max) {
        p.attempts = 0;
        await giveUp(p, msg, head, stores, ex, label, max);
        return;
      }
      await new Promise<void>((res) => setTimeout(res, retryMs).unref());
      if (!p.active || !p.timer) return;
    }
  } finally {
    p.busy = false;
  }
}

/**
 * FailoverForwardingService.dispatch: the head message goes to the store named by message.target.store.name (none:
 * the message is removed with a warning); a message the target store does not take is tried again after
 * client.retry.interval ms, through message.processor.fault.sequence, until max.delivery.attempts (default -1:
 * for ever) deactivates the processor.
 */
async function failoverTick(
  p: ProcessorState,
  head: StoredMessage,
  ctx: MessageContext,
  stores: MessageStores,
  ex: Executor,
  label: string,
): Promise<void> {
  const def = p.def;
  const CLS = 'FailoverForwardingService';
  const target = def.params['message.target.store.name'];
  if (!target) {
    ex.log(
      'WARN',
      CLS,
      label,
      'Property message.target.store.name not found in the message context , Hence removing the message ',
    );
    stores.remove(def.messageStore, head.id);
    return;
  }
  const retryMs = Math.max(0, Number(def.params['client.retry.interval'] ?? '1000') || 0);
  const max = Number(def.params['max.delivery.attempts'] ?? '-1');
  for (p.attempts = 0; p.active && p.timer;) {
    let stored = false;
    try {
      stored = await ex.reg.storeMessage(target, { ...head, client: undefined, storedAt: Date.now() });
    } catch {
      stored = false;
    }
    if (stored) {
      stores.remove(def.messageStore, head.id);
      p.attempts = 0;
      return;
    }
    ex.log(
      'ERROR',
      CLS,
      label,
      `Message store messageSender of message processor [${def.name}] failed to send message to the target message store`,
    );
    const fault = def.params['message.processor.fault.sequence'];
    const seq = fault ? ex.reg.sequence(fault) : undefined;
    if (seq)
      await ex.runFault(ctx, new Error(`Message store ${target} did not take the message`), { key: fault! });
    if (max > 0 && ++p.attempts >= max) {
      p.attempts = 0;
      await deactivate(p, ctx, ex, label);
      return;
    }
    await new Promise<void>((res) => setTimeout(res, retryMs).unref());
  }
}

type Attempt = { outcome: 'delivered' | 'failed' | 'deactivated'; error?: string };

/**
 * One delivery of a stored message, as ForwardingService.tryToDispatchToEndpoint does it: a send that fails
 * (BLOCKING_SENDER_ERROR) or an answer whose HTTP_SC is neither 2xx nor one of non.retry.status.codes
 * (validateResponse) is a failed attempt, and the message goes through the fault sequence (an OUT_ONLY message
 * whose answer is refused does not); an accepted answer to an in-out message goes through the reply sequence, and
 * delivery counts only when that sequence mediates to its end (a drop or respond in it, or an error, is a failed
 * attempt); with no reply sequence the processor is deactivated and the message stays in the store.
 */
async function forwardOnce(
  p: ProcessorState,
  ctx: MessageContext,
  target: string,
  ex: Executor,
  label: string,
): Promise<Attempt> {
  const def = p.def;
  const CLS = 'ScheduledMessageForwardingProcessor';
  const onFailure = () =>
    ex.log(
      'ERROR',
      CLS,
      label,
      `BlockingMessageSender of message processor [${def.name}] failed to forward message to endpoint ${target}`,
    );
  const throughFault = async (e: unknown) => {
    const fault = def.params['message.processor.fault.sequence'];
    const seq = fault ? ex.reg.sequence(fault) : undefined;
    if (!seq) {
      ex.log(
        'WARN',
        CLS,
        label,
        fault
          ? `Failed to send the message through the fault sequence. Sequence [${fault}] does not Exist.`
          : 'Failed to send the message through the fault sequence. Sequence name does not Exist.',
      );
      return;
    }
    await ex.runFault(ctx, e, { key: fault! });
  };
  // ForwardingService.dispatch sends through its blocking sender even for an OUT_ONLY message: a failure
  // (BLOCKING_SENDER_ERROR) is a failed attempt and the message stays; a success has no reply to mediate
  const outOnlyProp = ctx.ownProp('OUT_ONLY');
  const outOnly = outOnlyProp === true || outOnlyProp === 'true';
  if (outOnly) ctx.props.delete('OUT_ONLY');
  forwardedMessages.add(ctx);
  try {
    try {
      await ex.callEndpoint({ key: target }, ctx);
    } finally {
      if (outOnly) ctx.props.set('OUT_ONLY', outOnlyProp);
    }
    if (ctx.payload.streaming) await ctx.payload.build();
  } catch (e) {
    onFailure();
    await throughFault(e);
    return { outcome: 'failed', error: (e as Error).message };
  }
  // validateResponse: the status code's family is 2xx, or one of non.retry.status.codes contains it
  const sc = ctx.axis2.get('HTTP_SC');
  const scText = sc === undefined || sc === null ? '' : String(sc).trim();
  const n = /^[+-]?\d+$/.test(scText) ? Number(scText) : NaN;
  const nonRetry = (def.params['non.retry.status.codes'] ?? '').split(',');
  const accepted =
    !Number.isNaN(n) && (Math.trunc(n / 100) === 2 || nonRetry.some((c) => c.trim().includes(scText)));
  if (!accepted) {
    ex.log(
      'INFO',
      CLS,
      label,
      `Message processor [${def.name}] received a response with HTTP_SC: ${Number.isNaN(n) || n === 0 ? ' ' : n} from backend ${target}. Message forwarding failed.`,
    );
    onFailure();
    const error = `backend answered HTTP ${scText}`;
    if (!outOnly) await throughFault(new Error(error));
    return { outcome: 'failed', error };
  }
  if (outOnly) return { outcome: 'delivered' };
  ctx.response = true;
  // sendThroughReplySeq
  const reply = def.params['message.processor.reply.sequence'];
  const seq = reply ? ex.reg.sequence(reply) : undefined;
  if (!seq) {
    await deactivate(p, ctx, ex, label);
    ex.log(
      'ERROR',
      CLS,
      label,
      reply
        ? `Failed to send the out message. Reply sequence [${reply}] does not exist. Deactivated the message processor.`
        : 'Failed to send the out message. Reply sequence does not Exist. Deactivated the message processor.',
    );
    return { outcome: 'deactivated' };
  }
  try {
    const done = await ex.runSequence(seq, ctx);
    if (ctx.shared.hasPending) await ex.settleBranches(ctx);
    return done && !ctx.stopped ? { outcome: 'delivered' } : { outcome: 'failed' };
  } catch (e) {
    ex.log('ERROR', CLS, label, `[ ${def.name} ] Error while forwarding message to endpoint ${target}.`);
    onFailure();
    await throughFault(e);
    return { outcome: 'failed', error: (e as Error).message };
  }
}

/**
 * After max.delivery.attempts failed deliveries (ForwardingService.checkAndDeactivateProcessor): max.delivery.drop
 * Enabled drops the message and goes on, a message.processor.failMessagesStore gets the message (stored as it was)
 * and the processor goes on, otherwise the processor is deactivated and the message stays.
 */
async function giveUp(
  p: ProcessorState,
  ctx: MessageContext,
  head: StoredMessage,
  stores: MessageStores,
  ex: Executor,
  label: string,
  max: number,
): Promise<void> {
  const def = p.def;
  const CLS = 'ScheduledMessageForwardingProcessor';
  if (def.params['max.delivery.drop'] === 'Enabled') {
    stores.remove(def.messageStore, head.id);
    ex.log(
      'WARN',
      CLS,
      label,
      `Message processor [${def.name}] failed to forward message ${max} times. Drop message and continue.`,
    );
    return;
  }
  const failStore = def.params['message.processor.failMessagesStore'];
  if (failStore) {
    if (!ex.reg.hasStore(failStore)) {
      ex.log(
        'ERROR',
        CLS,
        label,
        `Message processor [${def.name}] failed to forward message ${max} times. Cannot find fail-messages-store to backup. Hence deactivating message processor.`,
      );
      await deactivate(p, ctx, ex, label);
      return;
    }
    let stored = false;
    try {
      stored = await ex.reg.storeMessage(failStore, { ...head, storedAt: Date.now() });
    } catch {
      stored = false;
    }
    if (!stored) {
      ex.log(
        'ERROR',
        CLS,
        label,
        `Message processor [${def.name}] failed to forward message ${max} times but failed to store message in fail-messages-store and continue. Hence deactivating message processor.`,
      );
      await deactivate(p, ctx, ex, label);
      return;
    }
    stores.remove(def.messageStore, head.id);
    ex.log(
      'INFO',
      CLS,
      label,
      `Message processor [${def.name}] failed to forward message ${max} times. Moved failed message to fail-messages-store and continue`,
    );
    return;
  }
  await deactivate(p, ctx, ex, label);
}

function targetOf(ctx: MessageContext): string | undefined {
  const v = ctx.props.get('target.endpoint');
  return v === undefined || v === null || v === '' ? undefined : stringOf(v);
}

/**
 * Deactivates a forwarding processor, then sends the message through its deactivate sequence, as Synapse
 * ForwardingService.deactivateMessageProcessor / sendThroughDeactivateSeq (the processor stays inactive whatever the
 * sequence does; a failure in it is logged).
 */
async function deactivate(
  p: ProcessorState,
  ctx: MessageContext,
  ex: Executor,
  label: string,
): Promise<void> {
  p.active = false;
  ex.log(
    'INFO',
    'ScheduledMessageProcessor',
    label,
    `Successfully deactivated the message processor [${p.def.name}]`,
  );
  const name = p.def.params['message.processor.deactivate.sequence'];
  const seq = name ? ex.reg.sequence(name) : undefined;
  if (!seq) {
    ex.log(
      'WARN',
      'ScheduledMessageForwardingProcessor',
      label,
      name
        ? `Failed to send the message through the deactivate sequence. Sequence [${name}] does not Exist.`
        : 'Failed to send the message through the deactivate sequence. Sequence name does not Exist.',
    );
    return;
  }
  try {
    ctx.stopped = false;
    await ex.runSequence(seq, ctx);
  } catch (e) {
    ex.log(
      'ERROR',
      'ScheduledMessageForwardingProcessor',
      label,
      `Deactivate sequence '${name}' failed: ${(e as Error).message}`,
    );
  }
}
