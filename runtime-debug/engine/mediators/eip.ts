/**
 * EIP mediators: clone, iterate and aggregate (branches continue where the parent was, as MI's continuation stack
 * does), foreach (classic v1 and MI 4.4 v2) and scatter-gather (MI 4.4).
 */
import { apiResponseCors } from '../cors';
import * as slimdom from 'slimdom';
import { attrValue, childElements, firstChild, type XmlElement } from '../../../core/xml';
import {
  compileMediators,
  compileSequence,
  endpointRef,
  registerMediator,
  type CompileCtx,
} from '../compile';
import { stringOf, type FaultHandler, type MessageContext } from '../context';
import { MediationError } from '../errors';
import { artifactLabel, setErrorProperties, type Executor } from '../executor';
import { compileExpr, type Expr } from '../expressions';
import type { EndpointRef, Mediator, SequenceDef, SequenceRef } from '../model';
import { jsonToXml } from '../jsonxml';
import { cloneJson } from '../expr/jsonNumber';
import { markSoapEnvelope } from '../expr/values';
import { base, isNode, parseBoolean } from './util';
import { parseXmlElement } from '../payloadXml';
import { makeEnvelope, SOAP11_NS, SOAP12_NS } from '../payload';
import { jsonPathSegments } from './transform';
import { parseJavaInt } from '../../../core/javaNumbers';
import { iterateRefusal } from './iterateFactory';

interface Target {
  sequence?: SequenceDef;
  sequenceKey?: string;
  endpoint?: EndpointRef;
  to?: string;
  soapAction?: string;
}

function compileTarget(el: XmlElement, cc: CompileCtx, label: string): Target {
  const seqEl = firstChild(el, 'sequence');
  const epEl = firstChild(el, 'endpoint');
  const epKey = attrValue(el, 'endpoint');
  return {
    sequence: seqEl ? compileSequence(seqEl, cc, label) : undefined,
    sequenceKey: attrValue(el, 'sequence') || undefined,
    endpoint: epKey ? { key: epKey } : endpointRef(epEl, cc),
    to: attrValue(el, 'to') || undefined,
    soapAction: attrValue(el, 'soapAction') || undefined,
  };
}

/** Runs a target on a branch, then continues the branch after the splitting mediator. */
async function runTarget(t: Target, c: MessageContext, ex: Executor): Promise<void> {
  if (t.to) c.to = t.to;
  // Target.mediate: synCtx.setSoapAction, the action Axis2 keeps (Options.action) as a header mediator's Action sets
  // it; the SOAPAction header (or a SOAP 1.2 Content-Type's action) of the call is written from it
  if (t.soapAction) c.props.set('Action', t.soapAction);
  let seq = t.sequence;
  if (!seq && t.sequenceKey) {
    seq = ex.reg.sequence(t.sequenceKey);
    if (!seq) throw new MediationError(0, `Sequence '${t.sequenceKey}' is not deployed`);
  }
  if (seq) {
    if (c.payload.streaming) await c.payload.build();
    c.answeredByCall = false;
    const ok = await ex.runSequence(seq, c);
    if (!ok || c.stopped) return;
    // MI resumes the mediators after the clone/iterate only with a non-blocking call's answer (see answeredByCall)
    if (!c.answeredByCall) return;
  } else if (t.endpoint) {
    // MI's Target.mediate: an endpoint target (only when there is no sequence) is a plain send that drops the
    // continuation after the splitting mediator: its answer goes through the out-sequence of the proxy or resource,
    // or back to the client when there is none (Resource.process / the proxy's out flow)
    await ex.callEndpoint(t.endpoint, c);
    if (c.stopped) return;
    c.response = true;
    const out = ex.resolveSequence(c.flow.outSequence as SequenceRef | undefined);
    apiResponseCors(c, out !== undefined);
    if (out) {
      if (out.contentAware && c.payload.streaming) await c.payload.build();
      await ex.runSequence(out, c);
    } else await ex.respond(c);
    return;
  }
  await ex.continueBranch(c);
}

/**
 * Runs a target as MI's Target.mediateMessage does: an error raised in the target is handled on that copy, by the
 * fault handler on top of its stack (the onError of the sequence that failed, which our sequences run themselves;
 * else that of an enclosing sequence; else the flow's fault sequence), and the splitting mediator goes on with its
 * next target: the error never reaches the parent message (MI ESBJAVA4913HandleExceptionTest). Returns true when a
 * mediator's exception reached Target.mediateMessage, which then sets ERROR_ON_TARGET_EXECUTION on the copy (a
 * transport or endpoint failure goes to the fault handler from the endpoint, not through it).
 */
async function runTargetGuarded(t: Target, c: MessageContext, ex: Executor): Promise<boolean> {
  try {
    await runTarget(t, c, ex);
    return false;
  } catch (e) {
    const raised = !endpointFailure(e);
    if (c.handledError === e) return raised;
    c.handledError = e;
    const top = c.faultStack[c.faultStack.length - 1];
    const handler = top ? ex.reg.sequence(top.name) : undefined;
    if (!handler) {
      await ex.runFault(c, e, c.flow.faultSequence as SequenceRef | undefined);
      return raised;
    }
    setErrorProperties(c, e);
    c.stopped = false;
    await ex.runSequence(handler, c);
    return raised;
  }
}

/**
 * A failed forked message (a foreach iteration, a scatter-gather branch) runs its fault handler once: the enclosing
 * sequence's onError, else the flow's fault sequence.
 */
async function runBranchFault(c: MessageContext, e: unknown, ex: Executor): Promise<void> {
  if (c.handledError === e) return;
  c.handledError = e;
  const onError = c.faultStack[c.faultStack.length - 1];
  await ex.runFault(
    c,
    e,
    onError ? { key: onError.name } : (c.flow.faultSequence as SequenceRef | undefined),
  );
}

/** A transport or endpoint failure (ERROR_CODE 101xxx, 303xxx, 305xxx), which MI's endpoint hands to the fault handler. */
function endpointFailure(e: unknown): boolean {
  return e instanceof MediationError && typeof e.code === 'number' && e.code >= 100000 && e.code < 400000;
}

/**
 * What MI's sequential CloneMediator raises in the parent flow after a target whose copy has ERROR_ON_TARGET_EXECUTION:
 * Target.mediateMessage sets it to Boolean true and CloneMediator reads it back with a (String) cast (MI-2189's
 * STOP_TARGET_EXECUTION_ON_FAILURE check), a ClassCastException that AbstractListMediator turns into the parent's
 * fault (handleException with its message): the next targets do not run and the parent does not go on.
 */
const CLONE_TARGET_FAILURE_CAST =
  "class java.lang.Boolean cannot be cast to class java.lang.String (java.lang.Boolean and java.lang.String are in module java.base of loader 'bootstrap')";

// ------------------------------------------------------------------ aggregation groups
interface AggGroup {
  id: string | undefined;
  expected: number;
  arrived: MessageContext[];
  done: boolean;
  timer?: NodeJS.Timeout;
  /** Settles the pending promise that keeps the message open while the timeout runs. */
  release?: () => void;
  /** correlateOn groups: the value that groups them, and the messages waiting for completion. */
  correlation?: string;
  waiters?: (() => void)[];
  /**
   * The fault handlers of the first message as they were when it was collected: MI's SequenceMediator leaves its
   * onError handler on the stack of a message that stopped inside it, and the aggregated message is a clone of the first.
   */
  firstFaults?: FaultHandler[];
}

function newGroup(id: string | undefined, expected: number): AggGroup {
  return { id, expected, arrived: [], done: false };
}

function split(ctx: MessageContext, group: AggGroup, index: number): MessageContext {
  // (CloneMediator, IterateMediator: MessageHelper.cloneMessageContext, each copy its own correlation id)
  const c = ctx.fork(true);
  // (its envelope MessageHelper.cloneSOAPEnvelope's new one: soapenv prefix, the Header's elements, the Body's nodes)
  c.payload.asEnvelopeCopy();
  c.groups.push({ id: group.id, group });
  // CloneMediator.getClonedMessageContext, IterateMediator.getIteratedMessage, RecipientListEndpoint (no id): the
  // copy's EIPConstants.MESSAGE_SEQUENCE ("messageSequence[.id]") is "i/n" from 0, and with an id its
  // AGGREGATE_CORRELATION ("aggregateCorelation.id") the parent's MessageID
  const seq = `${index}/${group.expected}`;
  if (group.id !== undefined) {
    c.setProperty(`aggregateCorelation.${group.id}`, ctx.messageId);
    c.setProperty(`messageSequence.${group.id}`, seq);
  } else c.setProperty('messageSequence', seq);
  return c;
}

/**
 * Copies of a message for `n` sends made at once, each marked as one of n for an aggregate without an id (MI's
 * RecipientListEndpoint sets EIPConstants.MESSAGE_SEQUENCE to "i/n" on each clone). The payload must be built.
 */
export function forkForAggregate(ctx: MessageContext, n: number): MessageContext[] {
  const g = newGroup(undefined, n);
  return Array.from({ length: n }, (_, i) => split(ctx, g, i));
}

registerMediator('clone', (el, cc) => {
  const id = attrValue(el, 'id') || undefined;
  // CloneMediatorFactory: continueParent with JavaUtils.isTrueExplicitly (true, yes, 1 in any case); sequential with
  // equals("true")
  const continueParent = /^(?:true|yes|1)$/i.test(attrValue(el, 'continueParent') ?? '');
  const sequential = attrValue(el, 'sequential') === 'true';
  // CloneMediator: a non-empty iterations attribute copies the message that many times into the first target
  const iterations = attrValue(el, 'iterations') ? cc.value(el, 'iterations') : undefined;
  const targets = childElements(el)
    .filter((c) => c.local === 'target')
    .map((t, i) => compileTarget(t, cc, `clone/target[${i + 1}]`));
  // CloneMediatorFactory requires no target: a clone without one deploys and copies nothing (with iterations it
  // faults when run); with iterations it refuses more than one
  if (attrValue(el, 'iterations') !== undefined && targets.length > 1)
    cc.problem(el, 'RT_CLONE_ITERATIONS', 'When iterations attribute is defined only one target is allowed.');
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      let list = targets;
      if (iterations) {
        // CloneMediator.resolveIterationsCount: Integer.parseInt of the trimmed value
        const text = iterations.string(ctx).trim();
        const n = parseJavaInt(text);
        if (n === undefined)
          throw new MediationError(0, 'Error while parsing iterations number in clone mediator');
        // executeTargetIterations then takes targets.get(0) before its loop: with no <target> that is an
        // IndexOutOfBoundsException (any count), which AbstractListMediator turns into a fault with its message
        if (!targets[0]) throw new MediationError(0, 'Index 0 out of bounds for length 0');
        list = n > 0 ? Array.from({ length: n }, () => targets[0]) : [];
      }
      const group = newGroup(id, list.length);
      // CloneMediator.executeTargetIterations sets CLONED_ITERATION_INDEX (1, 2, ...) on the message before each copy
      // is made: each copy carries its own, the parent keeps the last
      const forks = list.map((_, i) => {
        if (iterations) ctx.setProperty('CLONED_ITERATION_INDEX', i + 1);
        return split(ctx, group, i);
      });
      if (sequential) {
        for (let i = 0; i < list.length; i++)
          if (await runTargetGuarded(list[i], forks[i], ex))
            throw new MediationError(
              0,
              CLONE_TARGET_FAILURE_CAST,
              `java.lang.ClassCastException: ${CLONE_TARGET_FAILURE_CAST}`,
            );
      } else
        list.forEach(
          (t, i) =>
            void ex.branch(forks[i], async () => {
              await runTargetGuarded(t, forks[i], ex);
            }),
        );
      // MI's CloneMediator: a parent that stops here marks RESPONSE_WRITTEN=SKIP (no 202 stand-in)
      if (!continueParent) ctx.shared.sentOut = true;
      return continueParent;
    },
  };
});

registerMediator('iterate', (el, cc) => {
  const expr = cc.expr(el, 'expression');
  if (!expr && !cc.problems.length) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'iterate needs an expression');
  const id = attrValue(el, 'id') || undefined;
  // IterateMediatorFactory: continueParent and preservePayload with Boolean.valueOf (any case), sequential with
  // equals("true")
  const continueParent = parseBoolean(attrValue(el, 'continueParent'));
  const sequential = attrValue(el, 'sequential') === 'true';
  const preserve = parseBoolean(attrValue(el, 'preservePayload'));
  const attachPath = preserve ? cc.expr(el, 'attachPath') : undefined;
  // IterateMediatorFactory refuses an attachPath without preservePayload, or of another kind than the expression
  // (the same check as synapse validate's)
  const refusal = iterateRefusal(el);
  if (refusal) cc.problem(el, 'RT_ITERATE_ATTACH', refusal);
  const tEl = firstChild(el, 'target');
  if (!tEl) cc.problem(el, 'RT_MISSING_TARGET', 'iterate needs a <target>');
  const target = tEl ? compileTarget(tEl, cc, 'iterate/target') : {};
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      const items = selectItems(expr!, ctx, attachPath);
      const group = newGroup(id, items.length);
      const place =
        attachPath && attachPath.kind !== 'xpath' ? jsonAttach(ctx, expr!, attachPath) : undefined;
      const xmlPlace =
        attachPath && attachPath.kind === 'xpath' && items.length
          ? xmlAttach(ctx, expr!, attachPath)
          : undefined;
      const forks = items.map((item, i) => {
        const c = split(ctx, group, i);
        if (place) c.payload.setJson(place(item));
        else if (xmlPlace && isNode(item)) xmlPlace(c, item as slimdom.Node);
        else placeItem(c, item, attachPath);
        return c;
      });
      if (sequential) for (const c of forks) await runTargetGuarded(target, c, ex);
      else
        for (const c of forks)
          void ex.branch(c, async () => {
            await runTargetGuarded(target, c, ex);
          });
      // MI's IterateMediator: as clone
      if (!continueParent) ctx.shared.sentOut = true;
      return continueParent;
    },
  };
});

/**
 * JSON iterate with preservePayload and an attachPath, as MI's IterateMediator: each branch gets the whole payload
 * with the item set at the attachPath; when the attachPath is not the iterated path, the iterated array is emptied
 * in that copy first (it must be an array).
 */
function jsonAttach(ctx: MessageContext, expr: Expr, attachPath: Expr): (item: unknown) => unknown {
  const at = jsonPathOf(attachPath);
  const basePayload = cloneJson(ctx.json());
  if (jsonPathText(attachPath) !== jsonPathText(expr)) {
    const from = jsonPathOf(expr);
    if (!Array.isArray(getAt(basePayload, from)))
      throw new MediationError(
        0,
        `JSON element expressed by the path ${jsonPathText(expr)} is not a valid JSON array that can be iterated`,
      );
    setAt(basePayload, from, []);
  }
  return (item) => {
    if (at.length === 0) return cloneJson(item);
    const copy = cloneJson(basePayload);
    // SynapseJsonPath.replace: a path that is not in the payload fails (PathNotFoundException), it is not created
    const parent = getAt(copy, at.slice(0, -1));
    if (!parent || typeof parent !== 'object' || !(at[at.length - 1]! in parent))
      throw new MediationError(
        0,
        `Unable to get the attach path specified by the expression ${jsonPathText(attachPath)}`,
      );
    setAt(copy, at, cloneJson(item));
    return copy;
  };
}

/**
 * XML iterate with preservePayload, as MI's IterateMediator: the template is a copy of the message with every split
 * element taken out (EIPUtils.getDetachedMatchingElements); each branch gets a copy of it with its element added as
 * the last child of the first node the attachPath selects there (getIteratedMessage: addChild), the template's
 * other children kept.
 */
function xmlAttach(
  ctx: MessageContext,
  expr: Expr,
  attachPath: Expr,
): (c: MessageContext, item: slimdom.Node) => void {
  const template = ctx.fork();
  for (const n of splitNodes(expr, template)) n.parentNode?.removeChild(n);
  template.payload.markXmlChanged();
  return (c, item) => {
    c.payload = template.payload.clone();
    // (the branch's envelope is MessageHelper.cloneSOAPEnvelope's copy of the template's)
    c.payload.asEnvelopeCopy();
    const at = splitNodes(attachPath, c)[0];
    if (!at || at.nodeType !== 1)
      throw new MediationError(
        0,
        `Error in attaching the splitted elements :: Unable to get the attach path specified by the expression ${attachPath.text}`,
      );
    at.appendChild(at.ownerDocument!.importNode(item, true));
    c.payload.markXmlChanged();
  };
}

/** SynapseJsonPath.getJsonPathExpression: the path without a trailing '.' ("$." is "$"). */
function resolvedJsonPath(e: Expr): string {
  const t = jsonPathText(e);
  return t.endsWith('.') ? t.slice(0, -1) : t;
}

function jsonPathText(e: Expr): string {
  const t = e.text.trim();
  return (t.startsWith('json-eval(') ? t.slice(10, -1) : t).trim();
}

/** Sets the value at a simple path; false when its parent is not there. */
function setAt(root: unknown, path: (string | number)[], v: unknown): boolean {
  const parent = getAt(root, path.slice(0, -1));
  if (!parent || typeof parent !== 'object') return false;
  (parent as Record<string | number, unknown>)[path[path.length - 1]!] = v;
  return true;
}

/**
 * The nodes an iterate XPath selects; an XPath that fails (a prefix not declared, a function unknown) fails the
 * mediator as SynapseXPath.evaluate reports it (IterateMediator rethrows its SynapseException).
 */
function splitNodes(e: Expr, ctx: MessageContext): slimdom.Node[] {
  try {
    return e.nodes(ctx);
  } catch (err) {
    if (err instanceof MediationError) throw err;
    throw new MediationError(
      0,
      `Evaluation of the XPath expression ${e.text} resulted in an error`,
      String(err),
    );
  }
}

/** Items selected by an iterate/foreach expression: XML nodes, or JSON array elements. */
function selectItems(e: Expr, ctx: MessageContext, attachPath?: Expr): unknown[] {
  if (e.kind === 'xpath') return splitNodes(e, ctx);
  // IterateMediator reads a JSONPath through SynapseJsonPath.listValueOf, which lets Jayway's errors through (a
  // missing property, a definite path with no result); its own catch (Exception e) turns them into
  // handleException("Exception occurred while executing the Iterate Mediator"), the fault sequence's ERROR_MESSAGE
  let v: unknown;
  if (e.kind === 'jsonpath' && e.jaywayValue) {
    try {
      v = e.jaywayValue(ctx);
    } catch (err) {
      if (err instanceof MediationError)
        throw new MediationError(0, 'Exception occurred while executing the Iterate Mediator', err.message);
      throw err;
    }
  } else v = e.value(ctx);
  // where the path is not the attachPath (by default "$"), IterateMediator requires an array there
  if (
    e.kind === 'jsonpath' &&
    !Array.isArray(v) &&
    resolvedJsonPath(e) !== (attachPath && attachPath.kind !== 'xpath' ? resolvedJsonPath(attachPath) : '$')
  )
    throw new MediationError(
      0,
      `JSON element expressed by the path ${resolvedJsonPath(e)} is not a valid JSON array that can be iterated`,
    );
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return [v];
}

function placeItem(c: MessageContext, item: unknown, attachPath: Expr | undefined): void {
  if (isNode(item)) {
    if (attachPath) {
      const at = attachPath.nodes(c)[0] as slimdom.Element | undefined;
      // IterateMediator.getIteratedMessage: handleException's message (a SynapseException, rethrown as it is)
      if (!at)
        throw new MediationError(
          0,
          `Error in attaching the splitted elements :: Unable to get the attach path specified by the expression ${attachPath.text}`,
        );
      while (at.firstChild) at.removeChild(at.firstChild);
      at.appendChild(at.ownerDocument!.importNode(item, true));
      c.payload.markXmlChanged();
    } else c.payload.setXmlRoot(item as slimdom.Element);
  } else c.payload.setJson(cloneJson(item));
}

/** AggregateMediator's aggregationExpression when <onComplete> gives none (its constructor sets it). */
const DEFAULT_AGGREGATION = compileExpr(
  '/s11:Envelope/s11:Body/child::*[position()=1] | /s12:Envelope/s12:Body/child::*[position()=1]',
  { s11: 'http://schemas.xmlsoap.org/soap/envelope/', s12: 'http://www.w3.org/2003/05/soap-envelope' },
);

registerMediator('aggregate', (el, cc) => {
  const id = attrValue(el, 'id') || undefined;
  const cond = firstChild(el, 'completeCondition');
  const timeoutS = cond ? Number(attrValue(cond, 'timeout') ?? '0') : 0;
  const mc = cond ? firstChild(cond, 'messageCount') : undefined;
  const minV = mc ? cc.value(mc, 'min') : undefined;
  const maxV = mc ? cc.value(mc, 'max') : undefined;
  // AggregateMediatorFactory deploys an aggregate without <onComplete> (a completed group then faults) and one whose
  // <onComplete> has no expression: AggregateMediator's default takes the first element of each SOAP body
  const oc = firstChild(el, 'onComplete');
  const expr =
    oc && attrValue(oc, 'expression') !== undefined ? cc.expr(oc, 'expression') : DEFAULT_AGGREGATION;
  const seqKey = oc ? attrValue(oc, 'sequence') : undefined;
  const enclosing = oc ? attrValue(oc, 'enclosingElementProperty') : undefined;
  const childType = (oc ? attrValue(oc, 'aggregateElementType') : undefined) === 'child';
  const onComplete: Mediator[] = oc ? compileMediators(oc, cc) : [];
  const corrEl = firstChild(el, 'correlateOn');
  const correlate = corrEl ? cc.expr(corrEl, 'expression') : undefined;
  /** The group of messages from no iterate/clone that correlateOn collects (MI's active aggregate, by its expression). */
  const byCorrelation = new Map<string, AggGroup>();
  /**
   * Runs onComplete on the aggregated message. Returns the aggregated payload (as it was before onComplete) when
   * onComplete went on to its end: MI (AggregateMediator.completeAggregate) then gives it to the message that
   * completed the group, which goes on after the aggregate.
   */
  const complete = async (g: AggGroup, ex: Executor): Promise<MessageContext | undefined> => {
    if (g.done) return undefined;
    g.done = true;
    clearTimeout(g.timer);
    if (g.correlation !== undefined) byCorrelation.delete(g.correlation);
    for (const w of g.waiters ?? []) w();
    const first = g.arrived[0];
    if (!first) return undefined;
    // (AggregateMediator.getAggregatedMessage: a copy of the first message, with a correlation id of its own)
    const agg = first.fork(true);
    agg.groups = first.groups.filter((x) => x.group !== g);
    agg.stopped = false;
    mergeInto(agg, g.arrived, expr, enclosing, childType);
    const merged = agg.fork();
    if (g.firstFaults) agg.faultStack.splice(0, agg.faultStack.length, ...g.firstFaults);
    let went: boolean;
    try {
      if (!oc)
        throw new MediationError(
          0,
          'Unable to find the sequence for the mediation of the aggregated message',
        );
      if (seqKey) {
        const s = ex.reg.sequence(seqKey);
        if (!s) throw new MediationError(0, `Sequence '${seqKey}' is not deployed`);
        went = await ex.runSequence(s, agg);
      } else went = await ex.runList(onComplete, agg, 'aggregate/onComplete');
    } catch (e) {
      // MI (AggregateMediator.mediateTheOnCompleteSequence) handles an onComplete error in place: the top fault handler
      // of the aggregated message (the onError of the sequence that holds the aggregate) runs on it, also when the
      // group completed on its timeout; with none, the error goes on to the flow's fault sequence
      if (agg.handledError === e) return undefined;
      const handler = agg.faultStack.pop();
      const seq = handler ? ex.reg.sequence(handler.name) : undefined;
      if (!seq) throw e;
      agg.handledError = e;
      setErrorProperties(agg, e);
      agg.stopped = false;
      await ex.runSequence(seq, agg);
      return undefined;
    }
    return went && !agg.stopped && !agg.responded ? merged : undefined;
  };
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      let entry: { id: string | undefined; group: unknown } | undefined;
      for (let i = ctx.groups.length - 1; i >= 0; i--)
        if (!id || ctx.groups[i].id === id || ctx.groups[i].id === undefined) {
          entry = ctx.groups[i];
          break;
        }
      let g = entry?.group as AggGroup | undefined;
      if (!g) {
        // MI: a message from no iterate/clone is aggregated only by correlateOn; without it, it goes on
        if (!correlate) return true;
        // MI (AggregateMediator.mediate): the expression only has to select something (false lets the message go
        // on, nothing at all is a fault); the messages are grouped by the expression itself, not by its value
        const v = correlate.value(ctx);
        if (v === false) return true;
        if (v === undefined || v === null || (Array.isArray(v) && v.length === 0))
          throw new MediationError(0, `Failed to evaluate correlate expression: ${correlate.text}`);
        const key = correlate.text;
        g = byCorrelation.get(key);
        if (!g) byCorrelation.set(key, (g = { ...newGroup(id, Infinity), correlation: key, waiters: [] }));
      }
      if (g.done) return false;
      const max = maxV ? Number(maxV.string(ctx)) : -1;
      const min = minV ? Number(minV.string(ctx)) : -1;
      // as MI's Aggregate: a message past the maximum is not added; the group completes when every expected
      // message arrived, or the minimum (when given) or the maximum is reached, or at the timeout with what came
      if (max > 0 && g.arrived.length >= max) return false;
      if (g.arrived.length === 0 && ctx.faultStack.length) g.firstFaults = ctx.faultStack.slice();
      g.arrived.push(ctx);
      const n = g.arrived.length;
      if (n >= g.expected || (min > 0 && n >= min) || (max > 0 && n >= max)) {
        g.release?.();
        const merged = await complete(g, ex);
        if (merged) {
          // the message that completed the group goes on after the aggregate with the aggregated payload
          ctx.payload = merged.payload;
          const mt = merged.axis2.get('messageType');
          if (mt !== undefined) ctx.axis2.set('messageType', mt);
          ctx.groups = ctx.groups.filter((x) => x.group !== g);
          return true;
        }
      } else if (timeoutS > 0 && !g.timer) {
        const p = new Promise<void>((resolve) => {
          g.release = resolve;
          g.timer = setTimeout(() => {
            if (!g.done) {
              ex.log('WARN', 'Aggregate', undefined, 'Aggregate mediator timeout occurred.');
              void ex.branch(g.arrived[g.arrived.length - 1]!, () => complete(g, ex).then(() => undefined));
            }
            resolve();
          }, timeoutS * 1000);
        });
        ctx.shared.pending.add(p);
        void p.finally(() => ctx.shared.pending.delete(p));
      }
      if (g.waiters && !g.done) {
        // a correlated message waits for its group (its own request stays open until the group completes)
        const group = g;
        const p = new Promise<void>((resolve) => group.waiters!.push(resolve));
        ctx.shared.pending.add(p);
        void p.finally(() => ctx.shared.pending.delete(p));
      }
      return false;
    },
  };
});

/** Builds the aggregated payload: the matching XML elements in the SOAP body (as MI), or a JSON array of the values. */
function mergeInto(
  agg: MessageContext,
  arrived: MessageContext[],
  expr: Expr | undefined,
  enclosing: string | undefined,
  childType = false,
): void {
  if (!expr) return;
  if (expr.kind !== 'xpath') {
    const values = arrived.map((c) => expr.value(c)).flatMap((v) => (v === undefined ? [] : [v]));
    // aggregateElementType="child": the objects are merged (a repeated key collects its values in an array)
    let result: unknown = childType ? mergeObjects(values) : values;
    // enclosingElementProperty: MI keys the JSON result by the enclosing element's name
    const encl = enclosing ? agg.getProperty(enclosing) : undefined;
    if (enclosing && !(isNode(encl) && encl.nodeType === 1))
      throw new MediationError(
        0,
        `aggregate: the enclosing element property '${enclosing}' is not an XML element`,
      );
    if (isNode(encl)) result = { [(encl as slimdom.Element).localName]: result };
    agg.payload.setJson(result);
    agg.axis2.set('messageType', 'application/json');
    return;
  }
  const doc = agg.envelope();
  const all = arrived.map((c, i) => (i === 0 ? expr.nodes(agg) : expr.nodes(c)));
  // MI (EIPUtils.enrichEnvelope for every message after the first): nothing matching, or a whole SOAP envelope ("."),
  // fails the aggregation ("Could not find matching elements to aggregate." / "Could not add SOAPEnvelope as child
  // element.", reported by AggregateMediator as "Error evaluating expression: EXPR")
  for (let i = 1; i < all.length; i++)
    if (all[i]!.length === 0 || all[i]!.some(isEnvelopeOrDocument))
      throw new MediationError(0, `Error evaluating expression: ${expr.text}`);
  const encl = enclosing ? agg.getProperty(enclosing) : undefined;
  if (isNode(encl) && encl.nodeType === 1) {
    const wrapper = doc.importNode(encl, true) as slimdom.Element;
    for (const n of all.flat()) wrapper.appendChild(doc.importNode(n, true));
    agg.payload.setXmlRoot(wrapper);
    return;
  }
  // MI (EIPUtils.enrichEnvelope): the first message's matches move up into the SOAP body and the body child that
  // held them goes; every other message's matching elements are appended to the body
  const body = agg.body();
  const firstNodes = all[0]!;
  const first = firstNodes[0];
  const parent = first?.parentNode;
  if (first && first.nodeType === 1 && parent && parent.nodeType === 1 && parent !== body) {
    let top: slimdom.Node = parent;
    while (top.parentNode && top.parentNode !== body) top = top.parentNode;
    for (const n of firstNodes) if (n.nodeType === 1) body.appendChild(n);
    if (top.parentNode === body) body.removeChild(top);
  }
  for (const n of all.slice(1).flat()) if (n.nodeType === 1) body.appendChild(doc.importNode(n, true));
  soapenvEnvelope(doc);
  agg.payload.markXmlChanged();
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

function isEnvelopeOrDocument(n: slimdom.Node): boolean {
  if (n.nodeType === 9) return true;
  if (n.nodeType !== 1) return false;
  const e = n as slimdom.Element;
  return (
    e.localName === 'Envelope' &&
    (e.namespaceURI === 'http://schemas.xmlsoap.org/soap/envelope/' ||
      e.namespaceURI === 'http://www.w3.org/2003/05/soap-envelope')
  );
}

/**
 * MI aggregates into a clone of the first message (MessageHelper.cloneMessageContext), whose envelope is a new one
 * from Axiom's factory: prefix `soapenv`, the original envelope's namespace declarations, its Header (when it had
 * one) and Body contents moved over. A SOAP answer from a backend that wrote `SOAP-ENV:` comes out as `soapenv:`.
 */
function soapenvEnvelope(doc: slimdom.Document): void {
  const env = doc.documentElement;
  if (!env || env.prefix === 'soapenv' || !env.namespaceURI) return;
  const ns = env.namespaceURI;
  const fresh = doc.createElementNS(ns, 'soapenv:Envelope');
  for (const a of env.attributes)
    if (a.namespaceURI === XMLNS_NS && a.localName !== 'soapenv')
      fresh.setAttributeNS(XMLNS_NS, a.name, a.value);
  for (const part of ['Header', 'Body']) {
    const old = env.children.find((c) => c.namespaceURI === ns && c.localName === part);
    if (!old) continue;
    const copy = doc.createElementNS(ns, `soapenv:${part}`);
    while (old.firstChild) copy.appendChild(old.firstChild);
    fresh.appendChild(copy);
  }
  doc.replaceChild(fresh, env);
}

/** MI's JSON merge into one object: a key seen again turns into an array of its values. */
function mergeObjects(values: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!(k in out)) out[k] = x;
      else if (Array.isArray(out[k])) (out[k] as unknown[]).push(...(Array.isArray(x) ? x : [x]));
      else out[k] = [out[k], ...(Array.isArray(x) ? x : [x])];
    }
  }
  return out;
}

// ------------------------------------------------------------------ foreach
registerMediator('foreach', (el, cc) => {
  const collection = attrValue(el, 'collection');
  return collection !== undefined ? foreachV2(el, cc) : foreachV1(el, cc);
});

function foreachV1(el: XmlElement, cc: CompileCtx): Mediator {
  const expr = cc.expr(el, 'expression');
  if (!expr && !cc.problems.length) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'foreach needs an expression');
  const seqKey = attrValue(el, 'sequence') || undefined;
  const seqEl = firstChild(el, 'sequence');
  const seq = seqEl ? compileSequence(seqEl, cc, 'foreach/sequence') : undefined;
  if (seq && seq.mediators.some((m) => m.name === 'call' || m.name === 'send' || m.name === 'callout'))
    cc.problem(el, 'RT_FOREACH_CALL', 'the classic foreach sequence may not contain call, send or callout');
  const goOn = parseBoolean(attrValue(el, 'continueLoopOnFailure')); // ForEachMediatorFactory: parseBoolean
  // ForEachMediator: FOREACH_ORIGINAL_MESSAGE (a copy of the envelope) and FOREACH_COUNTER, prefixed by the id
  const idPrefix = attrValue(el, 'id') ? `${attrValue(el, 'id')}_` : '';
  const originalProp = `${idPrefix}FOREACH_ORIGINAL_MESSAGE`;
  const counterProp = `${idPrefix}FOREACH_COUNTER`;
  /**
   * One iteration as MI's ForEachMediator runs it: the sequence's result (false stops the loop), or with
   * continueLoopOnFailure a failure logged and skipped ("Continuing with the remaining").
   */
  /**
   * ForEachMediator.mediateSequence, on each iteration: an inline sequence, or the one the key names, which must be
   * deployed and may not hold call, send or callout among its own mediators (validateSequence; the factory checks
   * an inline one when it loads). MI's words, a SynapseException from handleException.
   */
  const runIteration = async (c: MessageContext, ex: Executor): Promise<boolean> => {
    if (seq) return ex.runSequence(seq, c);
    const s = seqKey ? ex.reg.sequence(seqKey) : undefined;
    if (!s) throw new MediationError(0, `Couldn't find the sequence named : ${seqKey}`);
    if (s.mediators.some((m) => m.name === 'call' || m.name === 'send' || m.name === 'callout'))
      throw new MediationError(
        0,
        'ForEach: Referred sequence cannot contain Call, Send or CallOut mediators',
      );
    return ex.runSequence(s, c);
  };
  const iterate = async (
    ctx: MessageContext,
    c: MessageContext,
    ex: Executor,
  ): Promise<'ok' | 'stop' | 'failed'> => {
    if (!goOn) {
      try {
        return (await runIteration(c, ex)) ? 'ok' : 'stop';
      } catch (e) {
        // ForEachMediator mediates each iteration on the message itself: a failure reaches the fault handler with
        // the message as the iteration left it (the item as its payload, the properties it set: throwError's
        // ERROR_CODE and ERROR_MESSAGE)
        keepIterationState(ctx, c);
        ctx.payload = c.payload;
        throw e;
      }
    }
    try {
      await runIteration(c, ex);
      return 'ok';
    } catch (e) {
      ex.log(
        'WARN',
        'ForEachMediator',
        artifactLabel(c),
        `Error occurred while mediating the sequence for the foreach mediator, ${(e as Error).message}. Continuing with the remaining.`,
      );
      return 'failed';
    }
  };
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      // the original message (MessageHelper.cloneSOAPEnvelope: prints as a SOAP envelope, with its declaration) and
      // the counter, set on the message before the loop and after each iteration that went through
      // (made on a copy of the payload: reading a JSON payload's envelope must not change the message)
      const original = markSoapEnvelope(ctx.payload.clone().envelope().cloneNode(true) as slimdom.Document);
      ctx.props.set(originalProp, original.documentElement);
      let counter = 0;
      ctx.props.set(counterProp, counter);
      if (expr!.kind === 'xpath') {
        for (const node of expr!.nodes(ctx)) {
          const c = ctx.fork();
          // ForEachMediator.getIteratedMessage: the item in a new default envelope of the message's SOAP version (no
          // header; Axiom's soapenv prefix), set on the message itself (its message id stays)
          c.setMessageId(ctx.messageId);
          const soapNs =
            node.ownerDocument?.documentElement?.namespaceURI === SOAP12_NS ? SOAP12_NS : SOAP11_NS;
          const soap = c.payload.soap;
          c.payload.setEnvelope(makeEnvelope((d) => d.importNode(node, true) as slimdom.Element, soapNs));
          // (still the message it was: a REST message's envelope is only its XML view)
          c.payload.soap = soap;
          const r = await iterate(ctx, c, ex);
          keepIterationState(ctx, c);
          // MI adds the iterated body back whatever the iteration did, then stops the loop on a false result
          const result = c.payload.rootElement();
          if (result && node.parentNode)
            node.parentNode.replaceChild(node.ownerDocument!.importNode(result, true), node);
          if (r !== 'failed') ctx.props.set(counterProp, ++counter);
          if (r === 'stop') break;
        }
        ctx.payload.markXmlChanged();
        return true;
      }
      // ForEachMediator reads the path first (a filter gives the list of its matches) with Jayway, whose errors fail
      // the mediator (a missing property: "No results for path: $['items']"); what is no array is refused, and an
      // empty result ends the mediator with the body untouched, before the path is written back
      const found = expr!.jaywayValue ? expr!.jaywayValue(ctx) : expr!.value(ctx);
      if (!Array.isArray(found))
        throw new MediationError(
          0,
          `JSON element expressed by the path ${jsonPathText(expr!)} is not a valid JSON array`,
        );
      if (found.length === 0) {
        ex.log(
          'INFO',
          'ForEachMediator',
          artifactLabel(ctx),
          `No elements found for the JSONPath : ${expr!.text}`,
        );
        return true;
      }
      const path = jsonPathOf(expr!);
      const root = ctx.json();
      const arr = getAt(root, path);
      if (!Array.isArray(arr))
        throw new MediationError(
          0,
          `JSON element expressed by the path ${jsonPathText(expr!)} is not a valid JSON array`,
        );
      // MI writes back only the elements whose iteration went through (a failed one is left out; a stop ends it)
      const out: unknown[] = [];
      for (let i = 0; i < arr.length; i++) {
        const c = ctx.fork();
        c.payload.setJson(cloneJson(arr[i]));
        const r = await iterate(ctx, c, ex);
        keepIterationState(ctx, c);
        if (r === 'failed') continue;
        ctx.props.set(counterProp, ++counter);
        out.push(c.payload.json());
        if (r === 'stop') break;
      }
      arr.length = 0;
      arr.push(...out);
      ctx.payload.setJson(root);
      return true;
    },
  };
}

/**
 * The classic ForEachMediator runs its sequence on the message itself (getIteratedMessage / updateIteratedMessage set
 * the iterated payload on synCtx, not on a copy): what an iteration sets or removes (properties, axis2 properties,
 * transport headers, variables, the To) is there for the next iteration and after the foreach. Only the payload is
 * the iteration's own (merged back into the original message).
 */
function keepIterationState(ctx: MessageContext, c: MessageContext): void {
  const copyInto = (to: Map<string, unknown>, from: Map<string, unknown>) => {
    to.clear();
    for (const [k, v] of from) to.set(k, v);
  };
  copyInto(ctx.props, c.props);
  copyInto(ctx.axis2, c.axis2);
  copyInto(ctx.vars, c.vars);
  ctx.headers.replaceWith(c.headers);
  ctx.to = c.to;
  // (the state that goes with the axis2 messageType: a removed one, an answer's type)
  ctx.answerType = c.answerType;
  ctx.messageTypeRemoved = c.messageTypeRemoved;
  ctx.restOverride = c.restOverride;
}

function jsonPathOf(e: Expr): (string | number)[] {
  let t = e.text.trim();
  if (t.startsWith('json-eval(')) t = t.slice(10, -1).trim();
  else if (t.startsWith('${')) {
    t = t.slice(2, -1).trim();
    if (t.startsWith('payload')) t = '$' + t.slice(7);
  }
  const segs = jsonPathSegments(t);
  if (!segs)
    throw new MediationError(0, `cannot update the collection '${e.text}' in place (use a simple path)`);
  return segs;
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const s of path)
    cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
  return cur;
}

/**
 * The collection of a foreach (MI 4.4): a JSON array or a node list (ForEachMediatorV2.mediate); anything else is
 * "Expression EXPR did not resolve to a valid array".
 */
function collectionItems(e: Expr, ctx: MessageContext, asNodes?: XPathCollection): unknown[] {
  if (e.kind === 'xpath') return e.nodes(ctx);
  // ${xpath(...)}: MI reads the collection with objectValueOf, the node list, however many nodes and whatever
  // they hold (a lone node, or elements with text only, stay nodes)
  if (asNodes && (!asNodes.variable || isNode(ctx.vars.get(asNodes.variable))))
    return asNodes.expr.nodes(ctx);
  const v = e.value(ctx);
  if (Array.isArray(v)) return v;
  throw new MediationError(0, `Expression ${pathText(e)} did not resolve to a valid array`);
}

/** An iteration of a foreach (MI 4.4) that failed or stopped: nothing of it is aggregated. */
const NOT_COLLECTED = Symbol('not collected');

/** ForEachMediatorV2's read of an iteration's result for a JSON collection or result: `${payload}`. */
const WHOLE_PAYLOAD = compileExpr('${payload}', {});

interface XPathCollection {
  expr: Expr;
  /** xpath(expr, variable): the variable the XPath reads. */
  variable?: string;
}

/** A collection written `${xpath('expr')}` or `${xpath('expr', 'variable')}`, as the XPath it runs. */
function xpathCollection(coll: Expr | undefined, ns: Record<string, string>): XPathCollection | undefined {
  const m =
    coll && /^\s*\$\{\s*xpath\(\s*'([^']*)'\s*(?:,\s*'([A-Za-z_][\w-]*)'\s*)?\)\s*\}\s*$/.exec(coll.text);
  if (!m) return undefined;
  try {
    const text = m[2] ? `$var:${m[2]}${m[1]}` : m[1]!;
    return { expr: compileExpr(text, ns), variable: m[2] };
  } catch {
    return undefined;
  }
}

function foreachV2(el: XmlElement, cc: CompileCtx): Mediator {
  const coll = cc.expr(el, 'collection');
  const collNodes = xpathCollection(coll, cc.ns(el));
  const parallel = attrValue(el, 'parallel-execution') !== 'false';
  // ForEachMediatorFactory: "true".equalsIgnoreCase
  const noAgg = attrValue(el, 'continue-without-aggregation')?.toLowerCase() === 'true';
  // pre-GA MI 4.4 spellings: result-target / result-type
  const targetVar = attrValue(el, 'target-variable') ?? attrValue(el, 'result-target');
  const updateAttr = attrValue(el, 'update-original');
  const update =
    updateAttr !== undefined ? updateAttr !== 'false' : attrValue(el, 'result-target') === undefined;
  const resultType = (
    attrValue(el, 'result-content-type') ??
    attrValue(el, 'result-type') ??
    'JSON'
  ).toUpperCase();
  // pre-GA: the XML result is enclosed in an element named after the variable
  const enclosing = attrValue(el, 'result-enclosing-element') ?? attrValue(el, 'result-target');
  const counter = attrValue(el, 'counter-variable');
  if (counter && parallel)
    cc.problem(el, 'RT_FOREACH_COUNTER', 'counter-variable needs parallel-execution="false"');
  // continue-without-aggregation gathers nothing: ForEachMediatorFactory then reads neither update-original nor
  // its target (MI's documented migration from the classic foreach writes update-original="false" alone)
  if (!update && !targetVar && !noAgg)
    cc.problem(el, 'RT_FOREACH_TARGET', 'update-original="false" needs target-variable');
  const seqEl = firstChild(el, 'sequence');
  const seq = seqEl ? compileSequence(seqEl, cc, 'foreach/sequence') : undefined;
  if (!seq) cc.problem(el, 'RT_FOREACH_SEQUENCE', 'foreach needs a <sequence>');
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      let items = collectionItems(coll!, ctx, collNodes);
      if (items.length === 0) {
        // ForEachMediatorV2.mediate: nothing to loop over, the flow goes on untouched (no variable is set)
        ex.log(
          'INFO',
          'ForEachMediatorV2',
          artifactLabel(ctx),
          `No elements found for the expression : ${pathText(coll!)}`,
        );
        return true;
      }
      // what each iteration gives (ForEachMediatorV2): the body's first element for an XML collection updated in
      // place or an XML result (getXMLPayloadsAsList), else its payload as JSON (${payload}), whatever the item was
      const wantXml = update ? isNode(items[0]) : resultType === 'XML';
      const runOne = async (item: unknown, i: number): Promise<unknown> => {
        const c = ctx.fork(true);
        c.groups = [];
        c.cont = [];
        if (isNode(item)) c.payload.setXmlRoot(item as slimdom.Element);
        else c.payload.setJson(cloneJson(item));
        if (counter) c.vars.set(counter, i);
        // Target.mediate: an iteration that fails runs its fault handler on its own message (the enclosing
        // sequence's onError, else the flow's fault sequence); one that fails or stops (drop, respond) is not
        // collected (aggregateMessages runs only for a true result)
        try {
          if (!(await ex.runSequence(seq!, c)) || c.stopped) return NOT_COLLECTED;
        } catch (e) {
          await runBranchFault(c, e, ex);
          return NOT_COLLECTED;
        }
        if (c.payload.streaming) await c.payload.build();
        if (wantXml) return c.payload.rootElement();
        // SynapseExpression("payload").objectValueOf: an iteration that left an XML payload gives its Body, which is
        // no JsonElement: null in the array (updateOriginalPayload, setJSONResultToVariable)
        const v = WHOLE_PAYLOAD.value(c);
        return isNode(v) ? null : v;
      };
      if (noAgg) {
        // getIteratedMessage adds each node of an XML collection to its iteration's new envelope (Axiom's addChild
        // detaches it first): the message goes on without them
        if (isNode(items[0])) {
          for (const n of items) (n as slimdom.Node).parentNode?.removeChild(n as slimdom.Node);
          ctx.payload.markXmlChanged();
        }
        // parallel: the iterations run on their own; sequential: MI mediates each one in turn before going on
        if (parallel) items.forEach((it, i) => void ex.branch(ctx, async () => void (await runOne(it, i))));
        else
          for (let i = 0; i < items.length; i++)
            await ex.branch(ctx, async () => void (await runOne(items[i], i)));
        return true;
      }
      // the flow goes on with the copy of the message ForEachMediatorV2 saved (MessageHelper.cloneMessageContext: a
      // SOAP envelope as cloneSOAPEnvelope makes it), the collection read again there when it is updated
      ctx.payload.asEnvelopeCopy();
      if (isNode(items[0])) items = collectionItems(coll!, ctx, collNodes);
      let results: unknown[];
      if (parallel) results = await Promise.all(items.map((it, i) => runOne(it, i)));
      else {
        results = [];
        for (let i = 0; i < items.length; i++) results.push(await runOne(items[i], i));
      }
      // ForEachMediatorV2.mediate marks RESPONSE_WRITTEN=SKIP once it has looped (unless it continues without
      // aggregation): ServerWorker.sendAck then writes no 202 whatever the flow does next, so a flow that ends (or
      // stops) unanswered leaves the client to the listener's socket timeout
      ctx.shared.unanswered = true;
      // an iteration not collected leaves the aggregation incomplete (ForEachAggregate.isComplete): the original
      // message goes no further
      if (results.includes(NOT_COLLECTED)) return false;
      // the flow goes on with the copy of the message ForEachMediatorV2 saved (cloneMessageContext: its own id)
      ctx.cloneCorrelationOf(ctx);
      if (update) {
        if (items.length && isNode(items[0])) {
          // ForEachMediatorV2.updateXMLCollection: the collection's nodes are taken out and the results added,
          // in order, as the last children of the first node's parent
          const parent = (items[0] as slimdom.Node).parentNode;
          for (const n of items) (n as slimdom.Node).parentNode?.removeChild(n as slimdom.Node);
          if (parent)
            for (const r of results)
              if (isNode(r))
                parent.appendChild(
                  (parent.ownerDocument ?? (parent as slimdom.Document)).importNode(r, true),
                );
          ctx.payload.markXmlChanged();
        } else {
          const inVar = /^\$\{\s*vars?\.([A-Za-z_][\w-]*)([\s\S]*)\}$/.exec(coll!.text.trim());
          if (inVar) {
            // a collection held by a variable is updated in the variable
            const held = ctx.vars.get(inVar[1]);
            let root = typeof held === 'string' ? tryParse(held) : held;
            const rest = inVar[2].trim();
            if (rest === '') root = results;
            else {
              const segs = jsonPathSegments('$' + rest);
              const arr = segs ? getAt(root, segs) : undefined;
              if (Array.isArray(arr)) results.forEach((r, i) => (arr[i] = r));
            }
            ctx.vars.set(inVar[1], root);
          } else {
            const root = ctx.json();
            const arr = getAt(root, jsonPathOf(coll!));
            if (Array.isArray(arr)) results.forEach((r, i) => (arr[i] = r));
            ctx.payload.setJson(root);
          }
        }
      } else if (targetVar) {
        ctx.vars.set(
          targetVar,
          resultType === 'XML'
            ? wrapXml(results, enclosing ?? 'result')
            : results.map((r) => (isNode(r) ? stringOf(r) : r)),
        );
      }
      return true;
    },
  };
}

function wrapXml(values: unknown[], rootName: string): slimdom.Element {
  const d = new slimdom.Document();
  const root = d.createElement(rootName);
  for (const v of values) {
    if (isNode(v)) root.appendChild(d.importNode(v, true));
    else if (v && typeof v === 'object') for (const c of [...jsonToXml(v, d).childNodes]) root.appendChild(c);
    else if (v !== undefined) root.appendChild(d.createTextNode(stringOf(v)));
  }
  return root;
}

// ------------------------------------------------------------------ scatter-gather (MI 4.4)
registerMediator('scatter-gather', (el, cc) => {
  const parallel = attrValue(el, 'parallel-execution') !== 'false';
  // MI 4.4 pre-GA spellings, still found in real configurations (and in MI's documentation):
  // result-target="body|<variable>", content-type, root-element. "body" and "variable" are read ignoring case
  // (Synapse v2 Utils.isTargetBody / isTargetVariable: equalsIgnoreCase), so result-target="Body" is the body.
  const legacyTarget = attrValue(el, 'result-target');
  const legacyIsBody = legacyTarget !== undefined && legacyTarget.toLowerCase() === 'body';
  const target = (
    attrValue(el, 'target') ?? (legacyTarget && !legacyIsBody ? 'variable' : 'body')
  ).toLowerCase();
  const targetVar =
    attrValue(el, 'target-variable') ?? (legacyTarget && !legacyIsBody ? legacyTarget : undefined);
  const resultType = (
    attrValue(el, 'result-content-type') ??
    attrValue(el, 'content-type') ??
    'JSON'
  ).toUpperCase();
  const enclosing = attrValue(el, 'result-enclosing-element') ?? attrValue(el, 'root-element');
  if (resultType === 'XML' && !enclosing)
    cc.problem(el, 'RT_SG_ENCLOSING', 'result-content-type="XML" needs result-enclosing-element');
  if (target === 'variable' && !targetVar)
    cc.problem(el, 'RT_SG_VARIABLE', 'target="variable" needs target-variable');
  const agg = firstChild(el, 'aggregation');
  const expr = agg ? cc.expr(agg, 'expression') : undefined;
  const condition = agg ? cc.expr(agg, 'condition') : undefined;
  const timeoutMs = agg ? Number(attrValue(agg, 'timeout') ?? '0') : 0;
  // min-messages / max-messages: values or {expressions} (ScatterGatherMediatorFactory: ValueFactory)
  const minV = agg ? cc.value(agg, 'min-messages') : undefined;
  const maxV = agg ? cc.value(agg, 'max-messages') : undefined;
  const seqs = childElements(el)
    .filter((c) => c.local === 'sequence')
    .map((s, i) => compileSequence(s, cc, `scatter-gather/sequence[${i + 1}]`));
  if (seqs.length === 0) cc.problem(el, 'RT_SG_SEQUENCES', 'scatter-gather needs <sequence> children');
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      // MI (ScatterGather.mediate / Target.mediate): each branch is a clone of the message
      // (MessageHelper.cloneMessageContext) with its fault stack and its way back to the client. A branch that fails
      // runs its fault handler (the enclosing sequence's onError, else the flow's fault sequence) with the branch's
      // message, whose <respond/> answers the client; a branch that stops (drop, respond, a failure) is not
      // collected: only a branch sequence that ends true joins the group (aggregateMessages)
      const runOne = async (s: SequenceDef): Promise<MessageContext | undefined> => {
        const c = ctx.fork(true);
        c.groups = [];
        c.cont = [];
        try {
          if (!(await ex.runSequence(s, c)) || c.stopped) return undefined;
        } catch (e) {
          await runBranchFault(c, e, ex);
          return undefined;
        }
        if (c.payload.streaming) await c.payload.build();
        return c;
      };
      const min = minV ? Math.trunc(Number(minV.string(ctx))) : -1;
      const max = maxV ? Math.trunc(Number(maxV.string(ctx))) : -1;
      const gathered = await gather(
        seqs,
        runOne,
        { parallel, min, max, timeoutMs, accept: condition ? (c) => condition.bool(c) : undefined },
        ex,
        ctx,
      );
      // nothing collected (every branch failed or stopped): MI's group never completes and the flow does not go on
      if (gathered.length === 0) return false;
      const result =
        resultType === 'XML'
          ? wrapXml(
              gathered.map((c) => xmlResultOf(c, expr)),
              enclosing ?? 'result',
            )
          : gathered.map((c) => {
              const v = expr ? expr.value(c) : c.payload.json();
              const xml = isNode(v) || (Array.isArray(v) && v.length > 0 && v.every(isNode));
              // ScatterGather.setJSONResultToVariable takes only a JSON element (an XML result, such as ${payload}
              // of an XML answer, fails the mediator; Synapse fd500ad44); getAggregatedMessage puts the node list's
              // toString() into the body: "[" + each node's XML, joined by ", " + "]"
              // (a plain XPath or json-eval gives no object value at all, SynapseXPath/SynapseJsonPath.objectValueOf)
              if (target === 'variable' && (xml || (expr !== undefined && expr.kind !== 'synapse')))
                throw new MediationError(
                  0,
                  `Aggregation expression ${expr ? pathText(expr) : 'payload'} did not return a valid JSON element`,
                );
              return xml ? `[${(Array.isArray(v) ? v : [v]).map((n) => stringOf(n)).join(', ')}]` : v;
            });
      // into a variable: the original message goes on with it (the copy ScatterGather saved: its own correlation id)
      if (target === 'variable') {
        ctx.vars.set(targetVar ?? '', result);
        ctx.cloneCorrelationOf(ctx);
        return true;
      }
      // into the body: ScatterGather.getAggregatedMessage goes on with a copy of the last collected message
      // (MessageHelper.cloneMessageContext: its properties, variables, transport headers and axis2 properties)
      const last = gathered[gathered.length - 1];
      ctx.cloneCorrelationOf(last);
      for (const [k, v] of last.props) ctx.props.set(k, v);
      for (const [k, v] of last.vars) ctx.vars.set(k, v);
      for (const [k, v] of last.axis2) ctx.axis2.set(k, v);
      ctx.headers.clear();
      for (const [k, v] of last.headers.entries()) ctx.headers.set(k, v);
      if (resultType === 'XML') {
        ctx.payload.setXmlRoot(result as slimdom.Element);
        ctx.setProperty('messageType', 'application/xml', 'axis2');
      } else {
        ctx.payload.setJson(result);
        ctx.setProperty('messageType', 'application/json', 'axis2');
      }
      // the gathered body is an entity (ScatterGather.setContentType removes NO_ENTITY_BODY)
      ctx.axis2.delete('NO_ENTITY_BODY');
      return true;
    },
  };
});

/** SynapsePath.toString: a Synapse expression without its `${ }`, a JSONPath as json-eval(…), an XPath as written. */
function pathText(e: Expr): string {
  const t = e.text.trim();
  if (e.kind === 'synapse') return t.replace(/^\$\{([\s\S]*)\}$/, '$1').trim();
  return t;
}

/**
 * One branch's part of an XML result as ScatterGather.setXMLResultToRootOMElement makes it: the expression's
 * string value (an XPath gives a lone element's text, the markup of several elements or of a node() selection)
 * read as an XML element (AXIOMUtil.stringToOM); text that is not XML fails the mediator.
 */
function xmlResultOf(c: MessageContext, expr: Expr | undefined): slimdom.Element {
  const text = expr ? expr.string(c) : stringOf(c.payload.rootElement() ?? '');
  try {
    return parseXmlElement(text);
  } catch {
    // several elements in a row: the builder reads the first one
    try {
      const first = parseXmlElement(`<r>${text}</r>`).firstElementChild;
      if (first && text.trimStart().startsWith('<')) return first;
    } catch {
      /* reported below */
    }
    throw new MediationError(0, `Error reading XML element: ${expr?.text ?? '$body'}`);
  }
}

interface GatherRule {
  parallel: boolean;
  /** complete once this many results are in (-1: not set) */
  min: number;
  /** complete at this many results; later ones are not added (-1: not set) */
  max: number;
  /** ms from the first collected result to completing with what is in (0: none) */
  timeoutMs: number;
  /** the aggregation condition: a result for which it is not true is not collected */
  accept?: (c: MessageContext) => boolean;
}

/**
 * Collects the branches' results as Synapse's ScatterGather and its Aggregate do: a result joins the group only
 * when the condition (if any) is "true"; the group completes when it holds one result per branch, or min-messages
 * results, or max-messages results (no more are added), or when the timeout counted from the first collected result
 * runs out ("Scatter Gather mediator timeout occurred.", completed with what came). Results are in the order they
 * came (Aggregate.getMessages). Branches still running at completion go on alone and their results are dropped.
 * Where MI would wait forever (every branch ended, the group not complete, no timer), the flow goes on with what
 * was collected; with nothing collected it stops (a branch's fault handler may have answered the client).
 */
function gather(
  seqs: SequenceDef[],
  runOne: (s: SequenceDef) => Promise<MessageContext | undefined>,
  rule: GatherRule,
  ex: Executor,
  ctx: MessageContext,
): Promise<MessageContext[]> {
  const total = seqs.length;
  const collected: MessageContext[] = [];
  let firstError: unknown;
  let settled = 0;
  let completed = false;
  let timer: NodeJS.Timeout | undefined;
  return new Promise<MessageContext[]>((resolve, reject) => {
    const finish = (): void => {
      if (completed) return;
      completed = true;
      if (timer) clearTimeout(timer);
      if (collected.length || firstError === undefined) resolve(collected);
      else reject(firstError);
    };
    const complete = (): boolean =>
      collected.length >= total ||
      (rule.min > 0 && collected.length >= rule.min) ||
      (rule.max > 0 && collected.length >= rule.max);
    const arrived = (c: MessageContext): void => {
      if (completed) return;
      if (rule.accept && !rule.accept(c)) return;
      if (rule.max > 0 && collected.length >= rule.max) return;
      collected.push(c);
      if (collected.length === 1 && rule.timeoutMs > 0)
        timer = setTimeout(() => {
          if (completed) return;
          ex.log('WARN', 'Aggregate', artifactLabel(ctx), 'Scatter Gather mediator timeout occurred.');
          finish();
        }, rule.timeoutMs);
      if (complete()) finish();
    };
    const failed = (e: unknown): void => {
      if (completed) return;
      firstError ??= e;
      ex.log(
        'WARN',
        'ScatterGather',
        artifactLabel(ctx),
        `a scatter-gather branch failed: ${(e as Error).message}`,
      );
    };
    const ended = (): void => {
      settled++;
      // every branch ended without completing the group: MI waits for its timer if there is one
      if (!completed && settled === total && !timer) finish();
    };
    const one = (s: SequenceDef): Promise<void> =>
      runOne(s).then((c) => {
        if (!c) return;
        try {
          arrived(c);
        } catch (e) {
          failed(e);
        }
      }, failed);
    if (rule.parallel) {
      for (const s of seqs) void one(s).then(ended);
      return;
    }
    void (async () => {
      for (const s of seqs) {
        await one(s);
        ended();
      }
    })();
  });
}

export const EIP_LOADED = true;
