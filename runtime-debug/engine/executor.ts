/**
 * Runs compiled mediation: sequences, the debug hook, frames, error handling (onError / fault sequences with
 * ERROR_CODE / ERROR_MESSAGE / ERROR_DETAIL set), responding to the client, and the events the CLI and the debugger
 * subscribe to.
 */
import { isMailAddress } from './mail/sender';
import type { EventEmitter } from 'node:events';
import * as slimdom from 'slimdom';
import type { Frame, MessageContext } from './context';
import type { RegistryKind } from './duplicates';
import {
  JavaThrowable,
  MediationError,
  PayloadError,
  PayloadTooLargeError,
  RecordedError,
  SendBackError,
  TransportError,
} from './errors';
import { makeEnvelope, mediaTypeOf, ownText, Payload, SOAP11_NS, SOAP12_NS } from './payload';
import { parseXmlElement } from './payloadXml';
import { markDoclessEnvelope } from './expr/values';
import type { StoredMessage } from './stores';
import { formatLogLine, type LogLevel, type LogRecord } from './log';
import { LoggerLevels } from './loggers';
import { axisFaultContentType, axisFaultEnvelope } from './axisFault';
import { addressingOut, DISABLE_OUT, WSA_VERSION } from './addressingOut';
import {
  preservesAddressing,
  WSA_ANONYMOUS,
  WSA_FINAL,
  WSA_NONE,
  WSA_SUBMISSION,
  WSA_SUBMISSION_ANONYMOUS,
} from './endpoints';
import type {
  EndpointDef,
  EndpointRef,
  LocalEntryDef,
  Mediator,
  SequenceDef,
  SequenceRef,
  SequenceTemplateDef,
} from './model';

/** The debugger's hook: awaited before and after each mediator (it may pause). */
export interface DebugHook {
  beforeMediator(frame: Frame, ctx: MessageContext): Promise<void> | void;
  afterMediator?(frame: Frame, ctx: MessageContext): Promise<void> | void;
}

/** Lookup of deployed artifacts by key (resolved at run time so hot deploys take effect). */
export interface Registry {
  sequence(key: string): SequenceDef | undefined;
  endpoint(key: string): EndpointDef | undefined;
  sequenceTemplate(key: string): SequenceTemplateDef | undefined;
  /** Instantiates an endpoint template with parameters. */
  endpointFromTemplate(template: string, params: Record<string, string>): EndpointDef | undefined;
  localEntry(key: string): LocalEntryDef | undefined;
  /** Puts a message into a deployed message store; false when no such store. */
  storeMessage(store: string, m: StoredMessage): boolean | Promise<boolean>;
  /** True when a message store of that name is deployed. */
  hasStore(store: string): boolean;
  /** The text of a local entry or of a project registry resource (`gov:/...`, `conf:/...`). */
  resource(key: string): string | undefined;
  config(name: string): string | undefined;
  /** The kind of Synapse's local registry that holds a key (endpoint, sequence, template), if one does. */
  registryKind?(key: string): RegistryKind | undefined;
}

export interface EndpointCaller {
  /** Sends the message to the endpoint and puts the response into the context. */
  call(ep: EndpointDef, ctx: MessageContext, ex: Executor): Promise<void>;
}

/** Where a running mediator list is (ctx.cont): forked branches continue from there. */
interface ListCont {
  list: unknown[];
  index: number;
  sequence: string;
  /** The frame entries of the list's mediators (see frameEntries). */
  entries: FrameEntry[];
}

/** An entry of the per-message frame stack (materialized into `Frame`s on demand). */
export interface FrameEntry {
  mediator: Mediator;
  sequence: string;
}

export class Executor {
  hook: DebugHook | undefined;
  /** What runs when a flow fails and no fault sequence is deployed (MI's default `fault` sequence). */
  defaultFault: SequenceDef | undefined;
  /** MI's logger levels (GET/PATCH /management/logging): a record below its logger's level is not emitted. */
  readonly loggers = new LoggerLevels();

  constructor(
    readonly reg: Registry,
    readonly events: EventEmitter,
    readonly endpoints: EndpointCaller,
  ) {}

  // ---------------------------------------------------------------- logging
  log(level: LogLevel, category: string, artifact: string | undefined, message: string): void {
    if (!this.loggers.enabled(level, category)) return;
    const time = new Date();
    const rec: LogRecord = {
      time,
      level,
      category,
      artifact,
      message,
      line: formatLogLine(time, level, category, artifact, message),
    };
    this.events.emit('log', rec);
  }

  // ---------------------------------------------------------------- running
  resolveSequence(ref: SequenceRef | undefined): SequenceDef | undefined {
    if (!ref) return undefined;
    if ('inline' in ref) return ref.inline;
    const s = this.reg.sequence(ref.key);
    if (!s) throw new MediationError(0, `Sequence '${ref.key}' is not deployed`);
    return s;
  }

  /** Like resolveSequence, but a missing key gives undefined. */
  resolveSequenceSafe(ref: SequenceRef | undefined): SequenceDef | undefined {
    if (!ref) return undefined;
    return 'inline' in ref ? ref.inline : this.reg.sequence(ref.key);
  }

  resolveEndpoint(ref: EndpointRef, ctx?: MessageContext): EndpointDef {
    if ('inline' in ref) return ref.inline;
    if ('keyExpr' in ref) {
      let key = ctx ? ref.keyExpr.string(ctx) : '';
      // ResolvingEndpoint.sendMessage: a resolving endpoint of a versioned CAR, with the message's
      // APPEND_ARTIFACT_IDENTIFIER true (the HTTP connector's init sets it), looks up `<id>__<key>`
      if (ref.artifactIdentifier?.trim() && ctx?.props.get('APPEND_ARTIFACT_IDENTIFIER') === true)
        key = `${ref.artifactIdentifier}__${key}`;
      const e = key ? this.reg.endpoint(key) : undefined;
      if (!e && key) this.assertRegistryEntry(key, 'endpoint', ctx);
      // ResolvingEndpoint.sendMessage: informFailure(ENDPOINT_IN_DIRECT_NOT_READY, ...)
      if (!e) throw new MediationError(305100, `Couldn't find the endpoint with the key : ${key}`);
      return e;
    }
    const e = this.reg.endpoint(ref.key);
    if (!e) this.assertRegistryEntry(ref.key, 'endpoint', ctx);
    // IndirectEndpoint.send: informFailure(ENDPOINT_IN_DIRECT_NOT_READY, ...), ERROR_DETAIL the same words
    if (!e) throw new MediationError(305100, `Couldn't find the endpoint with the key : ${ref.key}`);
    return e;
  }

  /**
   * A key Synapse's local registry holds with another kind (a sequence where an endpoint is looked up, ...):
   * SynapseConfiguration.getEndpoint/getSequence find neither that kind nor an Entry, and assertEntryNull's
   * handleException logs and throws "Cannot locate an either local or remote entry for key : X" (a SynapseException:
   * the fault handler has it, not the endpoint's failure handling).
   */
  assertRegistryEntry(key: string, want: 'endpoint' | 'sequence', ctx?: MessageContext): void {
    const held = this.reg.registryKind?.(key);
    if (!held || held === want) return;
    // (MI's getSequence returns a sequence template as the mediator: not judged here)
    if (want === 'sequence' && held === 'sequenceTemplate') return;
    const msg = `Cannot locate an either local or remote entry for key : ${key}`;
    this.log('ERROR', 'SynapseConfiguration', ctx ? artifactLabel(ctx) : undefined, msg);
    throw new MediationError(0, msg);
  }

  /**
   * Runs a sequence; its onError handles errors raised inside it. Returns false when the flow stopped. A sequence
   * whose mediators all answer at once answers without a promise.
   */
  runSequence(seq: SequenceDef, ctx: MessageContext): Promise<boolean> | boolean {
    if (!seq.onError) return this.runList(seq.mediators, ctx, seq.name);
    return this.runGuarded(seq, seq.onError, ctx);
  }

  private async runGuarded(seq: SequenceDef, onError: string, ctx: MessageContext): Promise<boolean> {
    ctx.faultStack.push({ name: onError, run: async () => undefined });
    try {
      return await this.runList(seq.mediators, ctx, seq.name);
    } catch (e) {
      if (ctx.handledError === e) throw e;
      const handler = this.reg.sequence(onError);
      if (!handler) throw e;
      ctx.handledError = e;
      setErrorProperties(ctx, e);
      this.log(
        'WARN',
        'FaultHandler',
        artifactLabel(ctx),
        `Running onError sequence '${onError}' of '${seq.name}': ${(e as Error).message}`,
      );
      await this.runSequence(handler, ctx);
      throw e;
    } finally {
      ctx.faultStack.pop();
    }
  }

  /**
   * Runs a list of mediators in order. Returns false when one of them stopped the flow. The list runs synchronously
   * until a mediator answers with a promise, and goes on from there when it settles: a list of mediators with
   * nothing to wait for costs no promise and no microtask.
   */
  runList(list: Mediator[], ctx: MessageContext, sequence: string): Promise<boolean> | boolean {
    const cont: ListCont = {
      list: list as unknown[],
      index: 0,
      sequence,
      entries: frameEntries(list, sequence),
    };
    ctx.cont.push(cont);
    return this.listFrom(ctx, cont, 0);
  }

  /** Runs `list` from `from`; pops the list's continuation when it ends (stopped, done or failed). */
  private listFrom(ctx: MessageContext, cont: ListCont, from: number): Promise<boolean> | boolean {
    const frames = ctx.frames as unknown as FrameEntry[];
    const list = cont.list as Mediator[];
    const entries = cont.entries;
    for (let i = from; i < list.length; i++) {
      cont.index = i;
      const m = list[i];
      if (m.contentAware) {
        // the payload is read first (then the list goes on from this mediator)
        if (ctx.payload.streaming)
          return ctx.payload.build().then(
            () => this.listFrom(ctx, cont, i),
            (e: unknown) => this.listFailed(ctx, e),
          );
        try {
          if (ctx.payload.unbuilt) noEntityWhenBuilt(ctx);
          ctx.payload.parse();
          if (
            ctx.payload.soap &&
            !ctx.addressed &&
            (!ctx.response || ctx.answerAddressing) &&
            applyAddressing(ctx)
          )
            acknowledged.add(ctx.shared);
        } catch (e) {
          // MI's JSON builder keeps the stream unparsed (JsonUtil.getNewJsonPayload only looks at its first
          // character): malformed JSON fails only where a mediator reads it
          if (!(e instanceof PayloadError && e.code === 'JSON_MALFORMED')) {
            // MI's JSON builder wrapper logs the builder's AxisFault (org.wso2.micro.integrator.core.json
            // .JsonStreamBuilder.processDocument) before the build fails
            if (e instanceof PayloadError && e.code === 'JSON_INVALID')
              this.log(
                'ERROR',
                'JsonStreamBuilder',
                artifactLabel(ctx),
                'Error occurred while processing document for application/json',
              );
            ctx.cont.pop();
            // (the JSON and form builders read the body whole when the message is built: their failure is
            // AbstractListMediator.buildMessage's, before the mediator runs, not one the mediator meets reading)
            if (
              m.unreadable &&
              e instanceof PayloadError &&
              !(e instanceof PayloadTooLargeError) &&
              e.code !== 'JSON_INVALID' &&
              e.code !== 'FORM_MALFORMED' &&
              e.code !== 'XML_BUILD'
            )
              throw located(m.unreadable(e, ctx, this), m);
            throw located(e, m);
          }
        }
      }
      frames.push(entries[i]);
      // the debugger's hook (a null check when none is attached); one that does not pause costs no promise
      const hook = this.hook;
      let frame: Frame | undefined;
      if (hook) {
        frame = frameOf(ctx, m, entries[i].sequence);
        let pause: Promise<void> | void;
        try {
          pause = hook.beforeMediator(frame, ctx);
        } catch (e) {
          frames.pop();
          ctx.cont.pop();
          throw e;
        }
        if (pause) return this.afterPause(pause, m, hook, frame, ctx, cont, i);
      }
      let r: Promise<boolean | void> | boolean;
      try {
        r = m.mediate(ctx, this);
      } catch (e) {
        frames.pop();
        ctx.cont.pop();
        consumeOnParserFailure(ctx, e);
        throw located(e, m);
      }
      if (typeof r !== 'boolean') return this.afterMediator(r, m, hook, frame, ctx, cont, i);
      frames.pop();
      if (hook) return this.afterHook(r, hook, frame!, ctx, cont, i);
      if (!r || ctx.stopped) return this.listEnd(ctx, false);
    }
    return this.listEnd(ctx, true);
  }

  /** After mediator `i`: the list goes on unless it stopped. */
  private next(goOn: boolean, ctx: MessageContext, cont: ListCont, i: number): Promise<boolean> | boolean {
    return goOn && !ctx.stopped ? this.listFrom(ctx, cont, i + 1) : this.listEnd(ctx, false);
  }

  /** The debugger's hook after a mediator (its frame already off the stack); it may pause. */
  private afterHook(
    goOn: boolean,
    hook: DebugHook,
    frame: Frame,
    ctx: MessageContext,
    cont: ListCont,
    i: number,
  ): Promise<boolean> | boolean {
    if (hook.afterMediator) {
      let pause: Promise<void> | void;
      try {
        pause = hook.afterMediator(frame, ctx);
      } catch (e) {
        ctx.cont.pop();
        throw e;
      }
      if (pause)
        return pause.then(
          () => this.next(goOn, ctx, cont, i),
          (e: unknown) => this.listFailed(ctx, e),
        );
    }
    return this.next(goOn, ctx, cont, i);
  }

  /** The debugger paused before mediator `i` (its frame on the stack): it runs once the pause ends. */
  private async afterPause(
    pause: Promise<void>,
    m: Mediator,
    hook: DebugHook,
    frame: Frame,
    ctx: MessageContext,
    cont: ListCont,
    i: number,
  ): Promise<boolean> {
    const frames = ctx.frames as unknown as FrameEntry[];
    let goOn: boolean;
    try {
      await pause;
      try {
        const r = m.mediate(ctx, this);
        goOn = typeof r === 'boolean' ? r : (await r) !== false;
      } catch (e) {
        consumeOnParserFailure(ctx, e);
        throw located(e, m);
      }
    } catch (e) {
      frames.pop();
      ctx.cont.pop();
      throw e;
    }
    frames.pop();
    return this.afterHook(goOn, hook, frame, ctx, cont, i);
  }

  private listEnd(ctx: MessageContext, result: boolean): boolean {
    ctx.cont.pop();
    return result;
  }

  /** A list that failed (its own mediators' failures pop it where they happen). */
  private listFailed(ctx: MessageContext, e: unknown): never {
    ctx.cont.pop();
    throw e;
  }

  /** The list goes on when the mediator's promise settles: its frame is popped, its error located. */
  private afterMediator(
    p: Promise<boolean | void>,
    m: Mediator,
    hook: DebugHook | undefined,
    frame: Frame | undefined,
    ctx: MessageContext,
    cont: ListCont,
    i: number,
  ): Promise<boolean> {
    return p.then(
      (goOn) => {
        (ctx.frames as unknown as FrameEntry[]).pop();
        if (hook) return this.afterHook(goOn !== false, hook, frame!, ctx, cont, i);
        if (goOn === false || ctx.stopped) return this.listEnd(ctx, false);
        return this.listFrom(ctx, cont, i + 1);
      },
      (e: unknown) => {
        (ctx.frames as unknown as FrameEntry[]).pop();
        ctx.cont.pop();
        consumeOnParserFailure(ctx, e);
        throw located(e, m);
      },
    );
  }

  /**
   * Continues a forked message (clone/iterate branch) where its parent was: the rest of each enclosing list, innermost
   * first. Returns false when the branch stopped.
   */
  async continueBranch(ctx: MessageContext): Promise<boolean> {
    const stack = ctx.cont;
    ctx.cont = [];
    for (let k = stack.length - 1; k >= 0; k--) {
      const f = stack[k];
      ctx.cont = stack.slice(0, k);
      const rest = (f.list as Mediator[]).slice(f.index + 1);
      if (rest.length === 0) continue;
      const ok = await this.runList(rest, ctx, f.sequence);
      if (!ok || ctx.stopped) return false;
    }
    return true;
  }

  /**
   * Runs a message flow from its entry sequence; any error not handled by an onError runs the flow's fault sequence
   * (or the deployed `fault` sequence). The client always gets an answer. A flow that ends answered, with nothing
   * left to wait for, ends without a further promise.
   */
  runFlow(
    ctx: MessageContext,
    entry: SequenceDef | undefined,
    fault: SequenceRef | undefined,
  ): Promise<void> | void {
    if (this.events.listenerCount('messageStarted') > 0)
      this.events.emit('messageStarted', {
        messageId: ctx.traceId,
        flow: ctx.flow,
        method: ctx.method,
        url: ctx.url,
      });
    let r: Promise<boolean> | boolean | undefined;
    try {
      r = entry ? this.runSequence(entry, ctx) : undefined;
    } catch (e) {
      return this.endFlow(ctx, fault, e, true);
    }
    if (typeof r === 'object')
      return r.then(
        () => this.endFlow(ctx, fault, undefined, false),
        (e: unknown) => this.endFlow(ctx, fault, e, true),
      );
    return this.endFlow(ctx, fault, undefined, false);
  }

  /** The end of a flow: its failure handled, the client answered, what is left unread consumed. */
  private endFlow(
    ctx: MessageContext,
    fault: SequenceRef | undefined,
    error: unknown,
    failed: boolean,
  ): Promise<void> | void {
    if (failed || ctx.shared.hasPending || (!ctx.responded && !ctx.shared.replied && ctx.reply))
      return this.endFlowAsync(ctx, fault, error, failed);
    this.finishFlow(ctx, undefined);
  }

  private async endFlowAsync(
    ctx: MessageContext,
    fault: SequenceRef | undefined,
    error: unknown,
    hasFailed: boolean,
  ): Promise<void> {
    let failed: unknown;
    try {
      if (hasFailed) throw error;
      if (ctx.shared.hasPending) await this.settleBranches(ctx);
    } catch (e) {
      failed = e;
      if (e instanceof PayloadTooLargeError) {
        ctx.handledError = e;
        listenerStatus(ctx, 413);
        ctx.payload.setJson({ error: { code: 413, message: e.message } });
        ctx.axis2.set('messageType', 'application/json');
        ctx.headers.clear();
        ctx.headers.set('Connection', 'close');
        await this.respond(ctx);
      } else if (ctx.handledError !== e) {
        ctx.handledError = e;
        await this.runFault(ctx, e, fault);
      }
    }
    try {
      if (ctx.shared.hasPending) await this.settleBranches(ctx);
      if (!ctx.responded && !ctx.shared.replied && ctx.reply) {
        if (ctx.faultSequenceError !== undefined && !ctx.injected) {
          // MI: the fault sequence's own error escapes the engine (FaultHandler.handleFault rethrows it as a
          // RuntimeException when no fault handler is left) and the listener answers it as a fault
          // (ServerWorker.handleException -> MessageContextBuilder.createFaultMessageContext, status 500). The fault
          // message keeps the request's messageType and REST flag (createResponseMessageContext), so a SOAP client
          // gets the SOAP fault and a REST client the Fault element through its request's formatter (JSON, XML...)
          const reason = `org.apache.synapse.SynapseException: ${(ctx.faultSequenceError as Error).message}`;
          this.log(
            'ERROR',
            'ServerWorker',
            artifactLabel(ctx),
            `Error processing ${ctx.method} request for : ${ctx.url}. Error detail: ${reason}. `,
          );
          await this.listenerFault(ctx, reason);
        } else if (
          failed !== undefined &&
          (ctx.shared.sentOut || ctx.injected || ctx.faultSequenceError !== undefined)
        ) {
          // a failure MI would leave unanswered (a non-blocking call went out: the client waits for its socket
          // timeout), or an injected message whose flow or fault sequence failed: the error is the answer
          const code = ctx.getProperty('ERROR_CODE');
          const msg = ctx.getProperty('ERROR_MESSAGE');
          // 500 whatever the error, a body that could not be read too: MI sends nothing here, so the status is ours
          // (MI ContentTypeAndBodyMismatchBackendTestCase's 500 is its API's fault sequence answering, HTTP_SC 500)
          listenerStatus(ctx, 500);
          ctx.payload.setJson({ error: { code, message: msg } });
          ctx.axis2.set('messageType', 'application/json');
          // our stand-in answer is an entity, even for a GET (NO_ENTITY_BODY TRUE at intake)
          ctx.axis2.delete('NO_ENTITY_BODY');
          ctx.headers.clear();
          ctx.answeredBy = 'error';
          await this.respond(ctx);
        } else if (ctx.injected) {
          // an injected message (Runtime.inject: unit tests, tools) keeps the headers and properties the flow
          // left; there is no client to hold a 202 for
          ctx.answeredBy = 'fallback';
        } else if (ctx.shared.unanswered) {
          // MI writes nothing: the client's connection is closed at the listener's socket timeout
          ctx.shared.abandon?.();
        } else if (ctx.shared.held) {
          // stored in an in-memory store without FORCE_SC_ACCEPTED: the client waits for the stored copy's answer,
          // at most the listener's socket timeout
          ctx.shared.abandon?.();
        } else {
          // MI (pass-through ServerWorker.sendAck): the flow ended or failed without answering (drop, no
          // respond/send, a fault sequence that drops): 202 Accepted, no body, no transport headers (but the
          // request's excess lines, EXCESS_TRANSPORT_HEADERS, which sendAck leaves)
          listenerStatus(ctx, 202);
          ctx.axis2.set('NO_ENTITY_BODY', true);
          if (ctx.response) ctx.headers.clear();
          else ctx.headers.clearKeepingExcess();
          ctx.answeredBy = 'fallback';
          await this.respond(ctx);
        }
      }
    } catch (e) {
      this.log(
        'ERROR',
        'Runtime',
        artifactLabel(ctx),
        `Could not answer the client: ${(e as Error).message}`,
      );
    }
    this.finishFlow(ctx, failed);
  }

  /** Consumes whatever body is left unread, runs the finish callbacks and reports the message finished. */
  private finishFlow(ctx: MessageContext, failed: unknown): void {
    // whatever body is left unread (a dropped backend response, a request nobody read) is consumed
    if (ctx.payload.streaming) ctx.payload.takeStream()?.resume();
    for (const f of ctx.shared.takeFinishers()) {
      try {
        f();
      } catch {
        // a finish callback never breaks the flow
      }
    }
    if (this.events.listenerCount('messageFinished') > 0)
      this.events.emit('messageFinished', {
        messageId: ctx.traceId,
        flow: ctx.flow,
        error: failed === undefined ? undefined : String((failed as Error).message),
      });
  }

  /** Waits for the clone/iterate branches of a message (bounded by their own timeouts). */
  async settleBranches(ctx: MessageContext): Promise<void> {
    for (let guard = 0; ctx.shared.hasPending && guard < 10_000; guard++)
      await Promise.allSettled([...ctx.shared.pending]);
  }

  /** Runs a forked branch in the background of its message; its errors go to the flow's fault handling. */
  branch(ctx: MessageContext, run: () => Promise<void>): Promise<void> {
    const p = (async () => {
      try {
        await run();
      } catch (e) {
        if (ctx.handledError === e) return;
        ctx.handledError = e;
        await this.runFault(ctx, e, ctx.flow.faultSequence as SequenceRef | undefined);
      }
    })();
    ctx.shared.pending.add(p);
    void p.finally(() => ctx.shared.pending.delete(p));
    return p;
  }

  async runFault(ctx: MessageContext, e: unknown, fault: SequenceRef | undefined): Promise<void> {
    setErrorProperties(ctx, e);
    let seq: SequenceDef | undefined;
    try {
      seq = fault ? this.resolveSequence(fault) : this.reg.sequence('fault');
    } catch {
      seq = this.reg.sequence('fault');
    }
    // no fault sequence deployed: MI's default one runs (it logs the message in full with the error properties),
    // also for a payload its builder refused (RelayUtils.buildMessage left the message an empty envelope); a body
    // still streaming (it may be half sent) is not logged
    // (our own nesting limits, which MI has not, are only reported)
    if (!seq && this.defaultFault && !ctx.payload.streaming && !tooDeep(e)) seq = this.defaultFault;
    else
      this.log(
        'ERROR',
        'FaultHandler',
        artifactLabel(ctx),
        `ERROR_CODE = ${ctx.getProperty('ERROR_CODE')}, ERROR_MESSAGE = ${ctx.getProperty('ERROR_MESSAGE')}`,
      );
    if (!seq) return;
    try {
      ctx.stopped = false;
      await this.runSequence(seq, ctx);
    } catch (e2) {
      ctx.faultSequenceError = e2;
      this.log(
        'ERROR',
        'FaultHandler',
        artifactLabel(ctx),
        `Fault sequence failed: ${(e2 as Error).message}`,
      );
    }
  }

  /**
   * The answer of MI's listener to an error that escaped the engine (ServerWorker.handleException ->
   * MessageContextBuilder.createFaultMessageContext, AxisEngine.sendFault): a 500 fault with the reason, written by the
   * request's formatter, as the fault message keeps the request's messageType and REST flag: a SOAP client gets the
   * SOAP fault of its version, a REST client the Fault element as JSON, XML...
   */
  listenerFault(ctx: MessageContext, reason: string): Promise<void> | void {
    const soapRequest = isSoapType(ctx.requestType);
    const soap12 = soapRequest === 12;
    listenerStatus(ctx, 500);
    ctx.axis2.delete('NO_ENTITY_BODY');
    ctx.payload.setRaw(Buffer.from(axisFaultEnvelope(reason, soap12)), axisFaultContentType(soap12));
    // a REST request's messageType: its content type (a GET's is application/xml, ServerWorker)
    if (soapRequest) ctx.axis2.delete('messageType');
    else {
      ctx.axis2.set('messageType', mediaTypeOf(ctx.requestType ?? '') || 'application/xml');
      // a made envelope: its formatter writes it (the XML one without the envelope)
      ctx.payload.parse();
    }
    ctx.headers.clear();
    ctx.answeredBy = 'error';
    return this.respond(ctx);
  }

  /** Sends the current message back to the client (once). */
  respond(ctx: MessageContext): Promise<void> | void {
    const elsewhere = replyAddress(ctx);
    if (elsewhere !== undefined) return this.replyElsewhere(ctx, elsewhere);
    if (ctx.responded || ctx.shared.replied || !ctx.reply) return;
    const answeredBefore = ctx.answeredBy;
    ctx.answeredBy ??= 'flow';
    // MI's Axis2Sender.sendBack: a SOAP fault going back to a REST client becomes <Exception> (POXUtils); the
    // listener's own fault (answeredBy 'error': ServerWorker.handleException -> AxisEngine.sendFault) goes to the
    // transport without Axis2Sender, as a Fault
    if (ctx.payload.soap && ctx.doingRest && ctx.answeredBy !== 'error') soapFaultToPox(ctx);
    if (ctx.answeredBy === 'flow' && !preservesAddressing(ctx)) ctx.renewMessageId();
    if (ctx.payload.soap && ctx.answeredBy !== 'error') addressingOut(ctx);
    ctx.responded = true;
    ctx.shared.replied = true;
    const reply = ctx.reply;
    const converted = ctx.answeredBy !== 'error' ? soapFormatConversion(ctx) : undefined;
    return converted
      ? converted.then(() => this.sendBack(ctx, reply, answeredBefore))
      : this.sendBack(ctx, reply, answeredBefore);
  }

  /** respond's hand-over to the transport (a method, not a closure per answer). */
  private sendBack(
    ctx: MessageContext,
    reply: NonNullable<MessageContext['reply']>,
    answeredBefore: MessageContext['answeredBy'],
  ): Promise<void> | void {
    try {
      return reply(ctx);
    } catch (e) {
      // the transport refused the answer before writing any of it: the client is still to be answered
      if (e instanceof SendBackError) {
        ctx.responded = false;
        ctx.shared.replied = false;
        ctx.answeredBy = answeredBefore;
      }
      throw e;
    }
  }

  /**
   * Axis2Sender.sendBack of a message whose ReplyTo (FaultTo for a SOAP fault, else ReplyTo) is an address that is
   * not anonymous: the message goes there as a new request (To = that address, ReplyTo cleared, the action ""), its
   * answer ignored; the client's connection is answered 202 when the mediation returns (ServerWorker.sendAck, the
   * request acknowledged: see applyAddressing). Once per message.
   */
  private replyElsewhere(ctx: MessageContext, address: string): Promise<void> | void {
    if (repliedElsewhere.has(ctx.shared)) return;
    if (ctx.payload.streaming)
      return ctx.payload.build().then(() => this.replyElsewhere(ctx, replyAddress(ctx) ?? address));
    repliedElsewhere.add(ctx.shared);
    ctx.answeredBy ??= 'flow';
    const copy = ctx.fork();
    copy.reply = undefined;
    copy.to = address;
    copy.props.delete('ReplyTo');
    copy.props.delete('FaultTo');
    copy.props.set('Action', '');
    // AddressingOutHandler writes the reply's own headers (sendBack: DISABLE_ADDRESSING_FOR_OUT_MESSAGES false),
    // which the send then keeps
    if (copy.payload.soap) {
      copy.payload.parse();
      addressingOut(copy, address);
      copy.props.set('PRESERVE_WS_ADDRESSING', 'true');
    }
    void this.endpoints.call(implicitEndpoint(), copy, this).then(
      () => {
        if (copy.payload.streaming) copy.payload.takeStream()?.resume();
      },
      (e) =>
        this.log(
          'WARN',
          'Axis2Sender',
          artifactLabel(ctx),
          `Reply to ${address} failed: ${(e as Error).message}`,
        ),
    );
  }

  /**
   * MI's Axis2SynapseEnvironment.send builds a request that goes out with no endpoint before it looks for its
   * address: a SOAP request's WS-Addressing headers then apply (its wsa:To is where it goes).
   */
  addressRequest(ctx: MessageContext): Promise<void> | void {
    if (ctx.addressed || (ctx.response && !ctx.answerAddressing) || ctx.doingRest) return;
    if (ctx.payload.streaming) return ctx.payload.build().then(() => this.addressRequest(ctx));
    ctx.payload.parse();
    if (ctx.payload.soap) {
      if (applyAddressing(ctx)) acknowledged.add(ctx.shared);
    } else ctx.addressed = true;
  }

  /** Calls an endpoint (with the endpoint's onError). */
  callEndpoint(ref: EndpointRef | undefined, ctx: MessageContext, blocking = false): Promise<void> {
    // a non-blocking send (MI's Axis2FlexibleMEPClient marks RESPONSE_WRITTEN=SKIP): no 202 stand-in any more
    if (!blocking) ctx.shared.sentOut = true;
    try {
      const ep: EndpointDef = ref ? this.resolveEndpoint(ref, ctx) : implicitEndpoint();
      const outOnly = ctx.ownProp('OUT_ONLY');
      if (outOnly === true || outOnly === 'true') return this.sendOutOnly(ep, ctx);
      // (a request whose reply goes to its ReplyTo address: the 202 goes the same way, the answer is still mediated)
      const acked = acknowledged.has(ctx.shared);
      const forced = acked || ctx.axis2.get('FORCE_SC_ACCEPTED');
      if ((forced === true || forced === 'true') && !ctx.response) {
        // a blocking call keeps the listener's thread in MI: its 202 goes when the call is over
        if (blocking)
          return this.endpoints.call(ep, ctx, this).then(
            () => this.acknowledge(ctx, acked),
            (e: unknown) => {
              this.acknowledge(ctx, acked);
              throw e;
            },
          );
        // MI (pass-through ServerWorker.sendAck, run when the listener thread's mediation returns): the 202 goes
        // out once the request is on its way, before the back end answers
        const p = this.endpoints.call(ep, ctx, this);
        this.acknowledge(ctx, acked);
        return p;
      }
      // (no async wrapper: the endpoint's own promise is the answer, one microtask hop less per call)
      return this.endpoints.call(ep, ctx, this);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Answers the client 202 Accepted with no body (FORCE_SC_ACCEPTED); the message itself is left as it is. All of it
   * runs before returning (a 202 without a body is written at once), so an endpoint call in flight never sees the
   * stand-in payload and headers. `mediated`: the message is not taken as answered (its answer is still mediated).
   */
  private acknowledge(ctx: MessageContext, mediated = false): void {
    if (ctx.responded || ctx.shared.replied || !ctx.reply) return;
    const payload = ctx.payload;
    const headers = ctx.headers.clone();
    const sc = ctx.axis2.get('HTTP_SC');
    const noEntity = ctx.axis2.get('NO_ENTITY_BODY');
    // MI drops the transport headers for the acknowledgement (ServerWorker.sendAck removes TRANSPORT_HEADERS; the
    // excess lines of a name sent twice are another property, which SourceResponseFactory still writes)
    ctx.payload = new Payload('', Buffer.alloc(0), { maxBytes: 0, maxDepth: 0 });
    ctx.headers.clearKeepingExcess();
    ctx.axis2.set('HTTP_SC', 202);
    ctx.axis2.set('NO_ENTITY_BODY', true);
    ctx.answeredBy ??= 'flow';
    ctx.responded = true;
    ctx.shared.replied = true;
    try {
      const written = ctx.reply(ctx);
      if (written) void written.catch(() => undefined);
    } finally {
      if (mediated) ctx.responded = false;
      ctx.payload = payload;
      ctx.headers.replaceWith(headers);
      if (sc === undefined) ctx.axis2.delete('HTTP_SC');
      else ctx.axis2.set('HTTP_SC', sc);
      if (noEntity === undefined) ctx.axis2.delete('NO_ENTITY_BODY');
      else ctx.axis2.set('NO_ENTITY_BODY', noEntity);
    }
  }

  /** Fire and forget: the message goes out, no response is awaited or mediated. */
  private async sendOutOnly(ep: EndpointDef, ctx: MessageContext): Promise<void> {
    if (ctx.payload.streaming) await ctx.payload.build();
    const copy = ctx.fork();
    copy.reply = undefined;
    // MI's RabbitMQSender publishes on the mediation's own thread: a failure is the flow's (its fault sequence runs)
    // and so does MailTransportSender (JavaMail's Transport.send)
    if (ep.type === 'address' && (ep.uri?.startsWith('rabbitmq:') || isMailAddress(ep.uri)))
      return this.endpoints.call(ep, copy, this);
    void this.endpoints.call(ep, copy, this).then(
      () => {
        if (copy.payload.streaming) copy.payload.takeStream()?.resume();
      },
      (e) => this.log('WARN', 'OutOnly', artifactLabel(ctx), `Out-only send failed: ${(e as Error).message}`),
    );
  }
}

/** A SOAP endpoint format sends an envelope of its SOAP version: MI converts 1.1 <-> 1.2 (headers and body kept). */
export async function toSoapVersion(ctx: MessageContext, ns: string): Promise<void> {
  const ct = ctx.payload.contentType.toLowerCase();
  const same = ns === SOAP11_NS ? ct.startsWith('text/xml') : ct.includes('soap+xml');
  // pass-through: a message never built, already of that SOAP version, goes as it came (Axis2FlexibleMEPClient
  // converts only a message of the other version)
  if (same && (ctx.payload.streaming || ctx.payload.unbuilt)) return;
  if (ctx.payload.streaming) await ctx.payload.build();
  const env = ctx.payload.envelope();
  const old = env.documentElement;
  if (!old || old.namespaceURI === ns) return;
  const d = new slimdom.Document();
  const root = d.createElementNS(ns, `${old.prefix ?? 'soapenv'}:Envelope`);
  d.appendChild(root);
  for (const part of old.children) {
    if (part.localName !== 'Header' && part.localName !== 'Body') continue;
    const p = d.createElementNS(ns, `${old.prefix ?? 'soapenv'}:${part.localName}`);
    for (const c of [...part.childNodes]) p.appendChild(d.importNode(c, true));
    root.appendChild(p);
  }
  // SOAPUtils.convertSOAP11toSOAP12 / convertSOAP12toSOAP11: a default envelope of the other version (no document)
  ctx.payload.setEnvelope(markDoclessEnvelope(d));
}

/**
 * MI's Axis2Sender.doSOAPFormatConversion, run by sendBack for a SOAP client of the HTTP listener (a proxy service,
 * API or main-sequence request that was SOAP 1.1 or 1.2, not REST): an answer that is not of the client's SOAP
 * version (the message's Content-Type header says the other one) or that is REST (the call that got it went REST:
 * a pox/get/rest endpoint, or a REST request) is built, converted to the client's SOAP version and written as it
 * (messageType and ContentType text/xml or application/soap+xml), no longer REST. MTOM answers are left alone.
 */
function soapFormatConversion(ctx: MessageContext): Promise<void> | void {
  if (ctx.injected || (ctx.transportIn !== 'http' && ctx.transportIn !== 'https')) return;
  const client = ctx.requestType;
  if (client === undefined || client === '') return;
  const soap11 = client.includes('text/xml');
  if (!soap11 && !client.includes('application/soap+xml')) return;
  // GET, HEAD and OPTIONS (the GET processor) and TRACE, CONNECT (no entity) are REST whatever their Content-Type;
  // DELETE is one of the entity-enclosing requests processEntityEnclosingRequest takes as SOAP (ServerWorker,
  // SynapseHTTPRequestFactory)
  if (!SOAP_METHODS.has(ctx.method)) return;
  if (String(ctx.axis2.get('enableMTOM') ?? '') === 'true') return;
  const ct = (ctx.headers.get('Content-Type') ?? '').trim();
  const rest = ctx.doingRest;
  // no conversion for an answer of the client's version that did not come from a REST call
  if (!rest && (soap11 ? !ct.startsWith(SOAP12_TYPE) : !ct.startsWith('text/xml'))) return;
  const type = soap11 ? 'text/xml' : SOAP12_TYPE;
  // built before the conversion (MessageHandlerProvider...buildMessage): the SOAP formatter writes it
  return buildWhole(ctx)
    .then(() => toSoapVersion(ctx, soap11 ? SOAP11_NS : SOAP12_NS))
    .then(() => {
      ctx.axis2.set('messageType', type);
      ctx.axis2.set('ContentType', type);
      ctx.restOverride = false;
    });
}

async function buildWhole(ctx: MessageContext): Promise<void> {
  if (ctx.payload.streaming) await ctx.payload.build();
  if (ctx.payload.unbuilt) ctx.payload.parse();
}

const SOAP12_TYPE = 'application/soap+xml';
const SOAP_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const SOAP_ENV_NS = new Set([
  'http://schemas.xmlsoap.org/soap/envelope/',
  'http://schemas.xmlsoap.org/soap/envelope',
  'http://www.w3.org/2003/05/soap-envelope',
  'http://www.w3.org/2003/05/soap-envelope/',
]);

/**
 * MI's POXUtils.convertSOAPFaultToPOX, run by Axis2Sender.sendBack when the client is not a SOAP client (doingREST)
 * and the body holds a SOAP Fault: the body becomes `<Exception>` holding the fault detail's own text (an element
 * when that text reads as XML), else the reason text; the message is a fault (setProcessingFault: a 500 unless
 * HTTP_SC says otherwise or FAULTS_AS_HTTP_200 is true).
 */
export function soapFaultToPox(ctx: MessageContext): void {
  const fault = ctx.payload.rootElement();
  if (!fault || fault.localName.toLowerCase() !== 'fault' || !SOAP_ENV_NS.has(fault.namespaceURI ?? ''))
    return;
  let detail = '';
  let reason = '';
  for (const c of fault.children) {
    const n = c.localName;
    if (n === 'detail' || n === 'Detail') detail += ownText(c);
    else if (n === 'faultstring') reason = c.textContent ?? '';
    else if (n === 'Reason') reason = (c.firstElementChild ?? c).textContent ?? '';
  }
  const doc = fault.ownerDocument!;
  const ex = doc.createElementNS(null, 'Exception');
  if (detail !== '') {
    const el = xmlLooking(detail) ? tryParseElement(detail) : undefined;
    if (el) ex.appendChild(doc.importNode(el, true));
    else ex.appendChild(doc.createTextNode(detail));
  } else if (reason !== '') ex.appendChild(doc.createTextNode(reason));
  ctx.payload.setXmlRoot(ex);
  ctx.processingFault = true;
}

/** POXUtils.getOMFromXML's test: as many `<` (not `<!`, `<?`) as two per `</` plus one per `/>`. */
function xmlLooking(t: string): boolean {
  const count = (s: string) => t.split(s).length - 1;
  const lt = count('<') - count('<!') - count('<?');
  return lt !== 0 && count('</') * 2 + count('/>') === lt;
}

function tryParseElement(t: string): ReturnType<typeof parseXmlElement> | undefined {
  try {
    return parseXmlElement(t);
  } catch {
    return undefined;
  }
}

/** Requests AddressingInHandler acknowledged (their reply goes to a ReplyTo address): 202 to the client. */
const acknowledged = new WeakSet<object>();
/** Messages whose reply went to their ReplyTo/FaultTo address. */
const repliedElsewhere = new WeakSet<object>();

/**
 * The endpoint of a send or call that names none (and of a reply sent to a ReplyTo address): a default endpoint
 * with no settings, which goes to the message's To and never suspends.
 */
function implicitEndpoint(): EndpointDef {
  return {
    type: 'default',
    file: '',
    line: 0,
    column: 0,
    properties: [],
    suspend: { initialDuration: -1, progressionFactor: 1, maximumDuration: Number.MAX_SAFE_INTEGER },
    mark: { retriesBeforeSuspension: 0, retryDelay: 0 },
  };
}

/** Where Axis2Sender.sendBack sends a reply that is not for the client's connection; undefined: the client's. */
function replyAddress(ctx: MessageContext): string | undefined {
  if (ctx.answeredBy === 'fallback' || ctx.answeredBy === 'error') return undefined;
  const replyTo = ctx.ownProp('ReplyTo');
  if (replyTo === undefined) return undefined;
  const root = !ctx.payload.streaming && ctx.payload.soap ? ctx.payload.rootElement() : undefined;
  // a fault goes to a FaultTo that is neither anonymous nor the none URI; with any other FaultTo it goes where the
  // reply goes (sendBack redirects to the ReplyTo first, then to the FaultTo only when isFaultRedirected and not none)
  if (root && root.localName === 'Fault' && SOAP_ENV_NS.has(root.namespaceURI ?? '')) {
    const faultTo = redirectAddress(ctx.ownProp('FaultTo'));
    if (faultTo !== undefined) return faultTo;
  }
  return redirectAddress(replyTo);
}

/**
 * An address a reply is sent to instead of the client's connection (EndpointReference.hasAnonymousAddress false,
 * hasNoneAddress false: Axis2Sender.sendBack).
 */
function redirectAddress(address: unknown): string | undefined {
  if (typeof address !== 'string') return undefined;
  if (address === WSA_ANONYMOUS || address === WSA_SUBMISSION_ANONYMOUS || address === WSA_NONE)
    return undefined;
  return address;
}

/**
 * The AxisFault AddressingFaultsHelper throws for a header AddressingInHandler refuses; RelayUtils.buildMessage
 * wraps it and the mediation sees the build fail as AbstractListMediator.buildMessage words it.
 */
function addressingFault(): never {
  throw new PayloadError(
    'XML_WSA_FAULT',
    'Error while building message. Error while building Passthrough stream',
  );
}

/** EndpointReferenceHelper.fromOM: the Address child's text (final namespace first); undefined when none. */
function eprAddress(el: slimdom.Element, ns: string): string {
  let address: slimdom.Element | undefined;
  let found: string | undefined;
  for (const want of [WSA_FINAL, WSA_SUBMISSION]) {
    for (let c = el.firstElementChild; c; c = c.nextElementSibling)
      if (c.localName === 'Address' && c.namespaceURI === want) {
        address = c;
        found = want;
        break;
      }
    if (address) break;
  }
  // (no Address: MissingAddressInEPR; an EPR of the other namespace: InvalidEPR)
  if (!address || found !== ns) addressingFault();
  return address.textContent ?? '';
}

/**
 * MI applies a SOAP request's WS-Addressing headers when the message is first built (pass-through RelayUtils
 * .buildMessage, then Axis2's AddressingInHandler, the addressing module being engaged globally): the headers of the
 * final namespace (else the submission one) are read. `wsa:To` becomes the message's To, where a send or call with
 * no endpoint goes; `wsa:MessageID` its message id (extractMessageIDInformation: Options.setMessageId);
 * `wsa:Action` the action (extractActionInformation: a non-empty SOAPAction that differs faults, ActionMismatch;
 * an empty wsa:Action faults); `wsa:ReplyTo`, `wsa:FaultTo`, `wsa:From` the addresses of their EPRs and the first
 * `wsa:RelatesTo` its value, which log and get-property show. A header given twice faults (InvalidCardinality);
 * the final namespace without wsa:Action faults, the submission one without To or Action, or with ReplyTo/FaultTo
 * and no MessageID (checkForMandatoryHeaders). No ReplyTo: the anonymous address (final) or the none URI
 * (submission) (setDefaults). Returns whether the reply goes elsewhere than the client's connection (ReplyTo and
 * FaultTo, else ReplyTo, not anonymous): RelayUtils.processAddressing acknowledges the request then, and the
 * listener answers 202 when the mediation returns (HttpCoreRequestResponseTransport, ServerWorker.sendAck).
 */
function applyAddressing(ctx: MessageContext): boolean {
  ctx.addressed = true;
  const env = ctx.payload.envelope().documentElement;
  let header: slimdom.Element | undefined;
  for (let h = env?.firstElementChild; h; h = h.nextElementSibling)
    if (h.localName === 'Header') {
      header = h;
      break;
    }
  if (!header) return false;
  let ns = WSA_FINAL;
  const blocks: slimdom.Element[] = [];
  for (const want of [WSA_FINAL, WSA_SUBMISSION]) {
    for (let c = header.firstElementChild; c; c = c.nextElementSibling)
      if (c.namespaceURI === want) blocks.push(c);
    if (blocks.length) {
      ns = want;
      break;
    }
  }
  if (!blocks.length) return false;
  // (AddressingInHandler.doInvoke: what AddressingOutHandler reads when the message is sent back; on an answer
  // RelayUtils.processAddressing puts back the DISABLE_ADDRESSING_FOR_OUT_MESSAGES it had, the request's)
  const answer = ctx.answerAddressing;
  ctx.axis2.set(WSA_VERSION, ns);
  if (!answer) ctx.axis2.set(DISABLE_OUT, false);
  const first = new Map<string, slimdom.Element>();
  let twice: Set<string> | undefined;
  const relatesTo: slimdom.Element[] = [];
  for (const b of blocks) {
    const name = b.localName;
    if (name === 'RelatesTo') relatesTo.push(b);
    else if (WSA_SINGLE_HEADERS.has(name)) {
      if (first.has(name)) (twice ??= new Set()).add(name);
      else first.set(name, b);
    }
  }
  // a header given twice is not read at all (checkDuplicateHeaders: headers of an incorrect cardinality "MUST NOT be
  // used"); the others are, then the build fails (InvalidCardinality) before any header is found missing
  if (twice) for (const name of twice) first.delete(name);
  const action = first.get('Action');
  if (action) {
    const wsaAction = textOf(action);
    if (wsaAction.trim() === '') addressingFault();
    const soapAction = ctx.soapAction();
    if (soapAction !== undefined && soapAction !== '') {
      if (soapAction !== wsaAction) addressingFault();
    } else ctx.props.set('Action', wsaAction);
  }
  const to = first.get('To');
  if (to) ctx.to = textOf(to).trim();
  const id = first.get('MessageID');
  if (id) ctx.setMessageId(textOf(id));
  // (an answer's RelatesTo is added after the one SynapseCallbackReceiver set, which Options.getRelatesTo still
  // gives first)
  if (relatesTo.length && !answer) ctx.props.set('RelatesTo', textOf(relatesTo[0]!));
  for (const name of ['ReplyTo', 'FaultTo', 'From']) {
    const b = first.get(name);
    if (b) ctx.props.set(name, eprAddress(b, ns));
  }
  if (twice) addressingFault();
  if (ns === WSA_FINAL) {
    if (!action) addressingFault();
  } else if (!to || !action || ((first.has('ReplyTo') || first.has('FaultTo')) && !id)) addressingFault();
  if (!first.has('ReplyTo')) ctx.props.set('ReplyTo', ns === WSA_FINAL ? WSA_ANONYMOUS : WSA_NONE);
  const replyTo = ctx.props.get('ReplyTo');
  const faultTo = first.has('FaultTo') ? ctx.props.get('FaultTo') : replyTo;
  // (the none URI is not acknowledged: HttpCoreRequestResponseTransport.acknowledgeMessage; an answer is not)
  return (
    !answer &&
    redirectAddress(replyTo) !== undefined &&
    (faultTo === WSA_NONE || redirectAddress(faultTo) !== undefined)
  );
}

/** The WS-Addressing headers a message may carry once (AddressingInHandler.extractAddressingInformation). */
const WSA_SINGLE_HEADERS = new Set(['Action', 'To', 'MessageID', 'ReplyTo', 'FaultTo', 'From']);

/** Axiom getText(): the element's own text children. */
function textOf(el: slimdom.Element): string {
  let t = '';
  for (const n of el.childNodes) if (n.nodeType === 3 || n.nodeType === 4) t += (n as slimdom.Text).data;
  return t;
}

/**
 * MI's DeferredMessageBuilder.getDocument, when a message is first built, marks NO_ENTITY_BODY TRUE (so the answer
 * has no body unless a mediator that writes one clears it) for an empty body of a DELETE (the axis2 HTTP_METHOD),
 * and for a message whose ContentType is exactly application/octet-stream (a POST with no Content-Type is so,
 * ServerWorker.handleRESTUrlPost; an answer with none and a body, ClientWorker.inferContentType) with no
 * Content-Length (or 0) and no Transfer-Encoding, whose ContentType then becomes "".
 */
function noEntityWhenBuilt(ctx: MessageContext): void {
  // RelayUtils.buildMessage first: an empty answer whose HTTP_SC is the Integer 202 (ClientWorker's)
  if (ctx.axis2.get('HTTP_SC') === 202 && ctx.payload.isEmpty()) {
    ctx.axis2.set('NO_ENTITY_BODY', true);
    return;
  }
  // (the request's: an answer's context in MI has no HTTP_METHOD; an answer here has set HTTP_SC)
  if (ctx.axis2.get('HTTP_METHOD') === 'DELETE' && ctx.payload.isEmpty() && !ctx.axis2.has('HTTP_SC')) {
    ctx.axis2.set('NO_ENTITY_BODY', true);
    return;
  }
  const named = ctx.axis2.get('ContentType') ?? ctx.payload.contentType;
  if (named !== 'application/octet-stream' && (named !== '' || ctx.method === 'GET')) return;
  // (no length, or 0, and no chunking: an empty body; a back end's answer keeps neither header here)
  if (ctx.payload.isEmpty() && !ctx.headers.has('transfer-encoding')) {
    ctx.axis2.set('NO_ENTITY_BODY', true);
    ctx.axis2.set('ContentType', '');
  }
}

export function frameOf(ctx: MessageContext, m: Mediator, sequence: string): Frame {
  return {
    artifactKind: ctx.flow.artifactKind,
    artifactName: ctx.flow.artifactName,
    resource: ctx.flow.resource,
    sequence,
    mediator: m.name,
    file: m.file,
    line: m.line,
    column: m.column,
  };
}

/**
 * The frame entries of a mediator list run as `sequence`: the same for every message, so they are made once (a list
 * is almost always run under one sequence name; another name gets its own entries).
 */
const frameEntryCache = new WeakMap<Mediator[], { sequence: string; entries: FrameEntry[] }>();
function frameEntries(list: Mediator[], sequence: string): FrameEntry[] {
  const c = frameEntryCache.get(list);
  if (c && c.sequence === sequence) return c.entries;
  const entries = list.map((mediator) => ({ mediator, sequence }));
  if (!c) frameEntryCache.set(list, { sequence, entries });
  return entries;
}

/** The frame stack of a message, innermost last (for the debugger). */
export function framesOf(ctx: MessageContext): Frame[] {
  return (ctx.frames as unknown as FrameEntry[]).map((f) => frameOf(ctx, f.mediator, f.sequence));
}

/** 11 or 12 for a SOAP 1.1 (text/xml) or SOAP 1.2 (application/soap+xml) request type, else undefined. */
function isSoapType(t: string | undefined): 11 | 12 | undefined {
  if (t === undefined) return undefined;
  if (t.includes('application/soap+xml')) return 12;
  return t.includes('text/xml') ? 11 : undefined;
}

/**
 * The artifact a log line names (MI's ARTIFACT_NAME property, LoggingUtils.getFormattedLog): set by an API, a proxy
 * service or an inbound endpoint only. A message in the main sequence, from a task or a processor's message that
 * came through none of them, has none: its lines carry no `{...}` before the message.
 */
export function artifactLabel(ctx: MessageContext): string {
  const k = ctx.flow.artifactKind;
  return k === 'api' || k === 'proxy' || k === 'inbound' ? `${k}:${ctx.flow.artifactName}` : '';
}

function located(e: unknown, m: Mediator): unknown {
  if (e instanceof PayloadTooLargeError) return e;
  // (ERROR_MESSAGE is the exception's message, as MI has it: the place goes in `where` only)
  if (e instanceof PayloadError)
    return new MediationError(e.errorCode ?? e.code, e.message, undefined, `${m.file}:${m.line}`);
  if (e instanceof MediationError) {
    if (e.where) return e;
    const where = `${m.file}:${m.line}`;
    if (e instanceof TransportError) return new TransportError(e.base, e.state, e.message, e.detail, where);
    if (e instanceof RecordedError) return new RecordedError(e.code, e.message, e.detail, where);
    const le = new MediationError(e.code, e.message, e.detail, where);
    return le;
  }
  const err = e as Error & { code?: unknown };
  const code = typeof err?.code === 'string' && /^\d+$/.test(err.code) ? Number(err.code) : 0;
  return new MediationError(
    code,
    `Error in ${m.name} mediator (${m.file}:${m.line}): ${err?.message ?? String(e)}`,
    err?.stack,
    `${m.file}:${m.line}`,
  );
}

/**
 * AbstractListMediator's catch: a mediator failure whose stack names a parser's exception
 * (MSG_BUILD_FAILURE_EXCEPTION_PATTERN: Wstx...Exception, MalformedJsonException, JsonSyntaxException) consumes the
 * input (consumeInputOnOmException): the message goes on with an empty envelope (SOAP 1.2 for a SOAP 1.2 message),
 * the JSON stream removed, so the fault sequence sees an empty body.
 */
function consumeOnParserFailure(ctx: MessageContext, e: unknown): void {
  // a body a mediator could not read (malformed JSON written by a payloadFactory...) is the parser's exception in MI
  const unreadableBody =
    (e instanceof PayloadError || e instanceof MediationError) &&
    /^(JSON|XML)_(MALFORMED|INVALID)$/.test(String((e as { code?: unknown }).code));
  if (!unreadableBody) {
    if (!(e instanceof MediationError) || e instanceof TransportError) return;
    if (
      !/Wstx\w*Exception|MalformedJsonException|JsonSyntaxException/.test(`${e.message}\n${e.detail ?? ''}`)
    )
      return;
  }
  const soap12 = /^\s*application\/soap\+xml/i.test(ctx.payload.contentType);
  ctx.payload.setEnvelope(makeEnvelope(undefined, soap12 ? SOAP12_NS : SOAP11_NS));
}

/** A payload refused for its nesting depth: our own limit (XML_TOO_DEEP, JSON_TOO_DEEP). */
function tooDeep(e: unknown): boolean {
  return (e instanceof PayloadError || e instanceof MediationError) && /_TOO_DEEP$/.test(String(e.code));
}

/** An error of reading the payload (bad XML/JSON, DTD, too deep). */
function unreadable(e: unknown): boolean {
  if (e instanceof PayloadError) return true;
  return e instanceof MediationError && typeof e.code === 'string' && /^(XML_|JSON_|FORM_)/.test(e.code);
}

export function setErrorProperties(ctx: MessageContext, e: unknown): void {
  // a sender's failure and an endpoint's timeout go on without NO_KEEPALIVE (SynapseCallbackReceiver and
  // TimeoutHandler remove it before the fault handlers run, that property being meant for the back end's
  // connection): the client's answer keeps its connection alive
  if (e instanceof TransportError || (e instanceof MediationError && isSendTimeout(e)))
    ctx.axis2.delete('NO_KEEPALIVE');
  // throwError set its ERROR_CODE and ERROR_MESSAGE itself: handleFault leaves them (and ERROR_DETAIL/EXCEPTION) be
  if (e instanceof RecordedError) return;
  // FaultHandler.handleFault records a mediator's exception only while ERROR_CODE is unset: after an earlier
  // failure the fault sequence still sees that one's ERROR_* (transport, endpoint, blocking and throwError failures
  // set their own values before the fault handler runs; a payload that cannot be read is a builder's exception in MI,
  // recorded like any other, whatever XML_/JSON_ code ours gives it)
  const own = !(e instanceof MediationError) || e.code === 0 || unreadable(e);
  const code = ctx.props.get('ERROR_CODE');
  if (own && code !== undefined && code !== null) return;
  if (e instanceof MediationError) {
    // a body that cannot be read fails in MI as the parser's exception (an OMException a mediator meets while
    // reading): AbstractListMediator's handleException, whose ERROR_CODE FaultHandler sets to 0 (DEFAULT_ERROR)
    // (our own limits on a body, nesting depth, keep their code: MI has none)
    ctx.props.set('ERROR_CODE', unreadable(e) && !/_TOO_DEEP$/.test(String(e.code)) ? 0 : e.code);
    ctx.props.set('ERROR_MESSAGE', e.message);
    // TimeoutHandler (the endpoint's timeout, responseAction fault) sets ERROR_CODE and ERROR_MESSAGE only
    if (isSendTimeout(e)) return;
    ctx.props.set('ERROR_DETAIL', e.detail ?? e.message);
    const ex = errorException(e);
    if (ex === undefined) ctx.props.delete('ERROR_EXCEPTION');
    else ctx.props.set('ERROR_EXCEPTION', new JavaThrowable(ex));
    if (e instanceof TransportError) {
      ctx.props.set('BASE_ERROR_CODE', e.base);
      ctx.props.set('PROTOCOL_STATE_ON_FAILURE', e.state);
    }
  } else {
    const err = e as Error;
    ctx.props.set('ERROR_CODE', 0);
    ctx.props.set('ERROR_MESSAGE', err?.message ?? String(e));
    ctx.props.set('ERROR_DETAIL', err?.stack ?? String(e));
    ctx.props.set('ERROR_EXCEPTION', new JavaThrowable(`${SYNAPSE_EXCEPTION}: ${err?.message ?? String(e)}`));
  }
}

const SYNAPSE_EXCEPTION = 'org.apache.synapse.SynapseException';

/**
 * ERROR_EXCEPTION as MI holds it (a Java exception, read as its toString): a mediator's failure is the
 * SynapseException AbstractMediator.handleException throws (FaultHandler.handleFault); a sender failure is the
 * exception TargetErrorHandler.handleError was given: the connect failure's java.net.ConnectException
 * (ConnectCallback.failed: the session request's exception), none (undefined: SynapseCallbackReceiver copies a null)
 * for a timeout, a closed connection or a protocol error, which the pass-through handlers report without one.
 */
function errorException(e: MediationError): string | undefined {
  if (e instanceof TransportError)
    return /ECONNREFUSED/.test(e.detail ?? '') ? 'java.net.ConnectException: Connection refused' : undefined;
  return `${SYNAPSE_EXCEPTION}: ${e.message}`;
}

/** The endpoint timeout Synapse's TimeoutHandler reports (HANDLER_TIME_OUT, "Send timeout"). */
function isSendTimeout(e: MediationError): boolean {
  return e.code === 101504 && e.message === 'Send timeout' && !(e instanceof TransportError);
}

/**
 * The status of an answer the listener makes itself (a new message context in MI): no back end's reason phrase
 * (HTTP_SC_DESC) goes on its status line.
 */
function listenerStatus(ctx: MessageContext, status: number): void {
  ctx.axis2.set('HTTP_SC', status);
  ctx.axis2.delete('HTTP_SC_DESC');
}
