/**
 * The launch side of the debugger, apart from DAP (as vscode-mock-debug keeps its runtime apart from its session):
 * runs a project in the embedded runtime, keeps one thread per message in flight, and decides in the engine's debug
 * hook whether a message stops (breakpoint, condition, hit count, logpoint, function breakpoint, fault, step, pause).
 * The hook is only installed while something can stop a message, so a session with no breakpoints costs the runtime
 * nothing per mediator.
 */
import { EventEmitter } from 'node:events';
import type { DebugHook, Frame, MessageContext, Runtime } from '../engine';
import { evaluateExpression, framesOf } from '../engine';
import { BreakpointStore, hitMatches, truthy, type SourceBreakpoint } from './breakpoints';
import type { ProjectModel } from './projectModel';

export type StopReason = 'breakpoint' | 'function breakpoint' | 'exception' | 'step' | 'pause' | 'entry';

export interface StepRequest {
  kind: 'in' | 'over' | 'out';
  depth: number;
}

export interface MessageThread {
  id: number;
  messageId: string;
  name: string;
  named: boolean;
  ctx?: MessageContext;
  /** Sequence entered at each depth (for function breakpoints). */
  seqAt: string[];
  lastDepth: number;
  step?: StepRequest;
  pauseRequested: boolean;
  seenError?: unknown;
  /** Frames at the last mediator (to show where a fault arose). */
  lastFrames?: Frame[];
  paused?: {
    reason: StopReason;
    frames: Frame[];
    ctx: MessageContext;
    resume: () => void;
    description?: string;
  };
  /** The thread of the message this one was forked from (clone/iterate branches). */
  parent?: number;
}

export interface StoppedInfo {
  threadId: number;
  reason: StopReason;
  description?: string;
  text?: string;
  hitBreakpointIds?: number[];
}

export interface OutputInfo {
  category: 'console' | 'stdout' | 'stderr' | 'important';
  text: string;
  file?: string;
  line?: number;
}

/** The thread that stands for the runtime itself (pausing it stops the next message at its next mediator). */
export const RUNTIME_THREAD = 1;

export class LaunchController extends EventEmitter {
  readonly breakpoints: BreakpointStore;
  private readonly threads = new Map<string, MessageThread>();
  private readonly byId = new Map<number, MessageThread>();
  private readonly byShared = new WeakMap<object, number>();
  private nextThreadId = RUNTIME_THREAD + 1;
  private faultFilter = false;
  private pauseNext = false;
  private stopOnEntry = false;
  private hookInstalled = false;
  private readonly hook: DebugHook = { beforeMediator: (frame, ctx) => this.beforeMediator(frame, ctx) };

  constructor(
    readonly runtime: Runtime,
    readonly model: ProjectModel,
  ) {
    super();
    this.breakpoints = new BreakpointStore(model);
    runtime.on(
      'messageStarted',
      (e: {
        messageId: string;
        flow: { artifactKind: string; artifactName: string; resource?: string };
        method?: string;
        url?: string;
      }) => {
        // With nothing that can stop a message (no hook), threads are not tracked: a message in flight costs the
        // debugger one call here. A message already in flight when the hook is installed gets its thread at its next
        // mediator.
        if (!this.hookInstalled) return;
        // named after method and path, as the thread is once it reaches a mediator
        const name =
          e.method && e.url
            ? `${e.method} ${e.url}`
            : `${e.flow.artifactKind === 'main' ? 'message' : e.flow.artifactKind} ${e.flow.artifactName}${e.flow.resource ? ` ${e.flow.resource}` : ''}`;
        const t = this.newThread(e.messageId, name);
        if (e.method && e.url) t.named = true;
      },
    );
    runtime.on('messageFinished', (e: { messageId: string }) => {
      const t = this.threads.get(e.messageId);
      if (!t) return;
      this.dropThread(t);
      if (this.threads.size === 0) return;
      for (const other of [...this.threads.values()])
        if (other.parent === t.id && !other.paused) this.dropThread(other);
    });
  }

  private newThread(messageId: string, name: string, parent?: number): MessageThread {
    const t: MessageThread = {
      id: this.nextThreadId++,
      messageId,
      name,
      named: false,
      seqAt: [],
      lastDepth: 0,
      pauseRequested: false,
      parent,
    };
    this.threads.set(messageId, t);
    this.byId.set(t.id, t);
    this.emit('thread', { reason: 'started', threadId: t.id });
    return t;
  }

  private dropThread(t: MessageThread): void {
    this.threads.delete(t.messageId);
    this.byId.delete(t.id);
    this.emit('thread', { reason: 'exited', threadId: t.id });
  }

  // ------------------------------------------------------------------ configuration
  setStopOnEntry(on: boolean): void {
    this.stopOnEntry = on;
    this.updateHook();
  }

  setFaultFilter(on: boolean): void {
    this.faultFilter = on;
    this.updateHook();
  }

  /** Installs the hook only while something can stop or log. */
  updateHook(): void {
    let need = this.faultFilter || this.pauseNext || this.stopOnEntry || this.breakpoints.size > 0;
    if (!need) for (const t of this.byId.values()) if (t.step || t.pauseRequested) need = true;
    if (need !== this.hookInstalled) {
      this.runtime.setDebugHook(need ? this.hook : undefined);
      this.hookInstalled = need;
    }
  }

  // ------------------------------------------------------------------ threads
  listThreads(): { id: number; name: string }[] {
    return [
      { id: RUNTIME_THREAD, name: 'Synapse runtime (pause stops the next message)' },
      ...[...this.byId.values()].map((t) => ({ id: t.id, name: t.name })),
    ];
  }

  thread(id: number): MessageThread | undefined {
    return this.byId.get(id);
  }

  pausedThreads(): MessageThread[] {
    return [...this.byId.values()].filter((t) => t.paused);
  }

  pause(threadId: number): void {
    const t = this.byId.get(threadId);
    if (t) t.pauseRequested = true;
    else this.pauseNext = true;
    this.updateHook();
  }

  /** Resumes a paused message; with a step, it stops again according to the step. Returns false if it was not paused. */
  resume(threadId: number, step?: 'in' | 'over' | 'out'): boolean {
    const t = this.byId.get(threadId);
    if (!t?.paused) return false;
    const depth = t.paused.frames.length;
    t.step = step
      ? { kind: t.paused.reason === 'exception' && step !== 'out' ? 'in' : step, depth }
      : undefined;
    const r = t.paused.resume;
    t.paused = undefined;
    this.updateHook();
    this.emit('continued', threadId);
    r();
    return true;
  }

  /** Lets every paused message go (terminate/disconnect). */
  releaseAll(): void {
    this.faultFilter = false;
    this.stopOnEntry = false;
    this.pauseNext = false;
    this.breakpoints.setFunctions([]);
    for (const t of this.byId.values()) {
      t.step = undefined;
      t.pauseRequested = false;
      const r = t.paused?.resume;
      t.paused = undefined;
      r?.();
    }
    this.runtime.setDebugHook(undefined);
    this.hookInstalled = false;
  }

  // ------------------------------------------------------------------ the hook
  /** Synchronous unless something may stop or log here (the common case costs a few map lookups). */
  private beforeMediator(frame: Frame, ctx: MessageContext): Promise<void> | void {
    let t = this.threads.get(ctx.messageId);
    if (!t) {
      const parent = this.byShared.get(ctx.shared);
      t = this.newThread(
        ctx.messageId,
        `${ctx.method} ${ctx.url}${parent === undefined ? '' : ' (branch)'}`,
        parent,
      );
      t.named = true;
      if (parent === undefined) this.byShared.set(ctx.shared, t.id);
    } else if (!this.byShared.has(ctx.shared)) this.byShared.set(ctx.shared, t.id);
    if (!t.named) {
      t.named = true;
      t.name = `${ctx.method} ${ctx.url}`;
    }
    t.ctx = ctx;
    const depth = ctx.frames.length;
    const entering = t.seqAt[depth - 1] !== frame.sequence || t.lastDepth < depth;
    t.seqAt[depth - 1] = frame.sequence;
    t.seqAt.length = depth;
    t.lastDepth = depth;

    let reason: StopReason | undefined;
    let frames: Frame[] | undefined;
    let description: string | undefined;
    const hitIds: number[] | undefined = undefined;

    if (this.faultFilter) {
      if (ctx.handledError !== undefined && ctx.handledError !== t.seenError) {
        t.seenError = ctx.handledError;
        reason = 'exception';
        frames = t.lastFrames ?? framesOf(ctx);
        description = `Mediation fault: ${String(ctx.getProperty('ERROR_MESSAGE') ?? (ctx.handledError as Error)?.message ?? ctx.handledError)}`;
      } else t.lastFrames = framesOf(ctx);
    }
    if (!reason && t.step) {
      const s = t.step;
      if (
        s.kind === 'in' ||
        (s.kind === 'over' && depth <= s.depth) ||
        (s.kind === 'out' && depth < s.depth)
      ) {
        reason = 'step';
        t.step = undefined;
      }
    }
    if (!reason && (t.pauseRequested || this.pauseNext)) {
      t.pauseRequested = false;
      this.pauseNext = false;
      reason = 'pause';
    }
    if (!reason && this.stopOnEntry) {
      this.stopOnEntry = false;
      reason = 'entry';
    }
    const bp = this.breakpoints.at(frame.file, frame.line);
    const checkBp = !!bp && bp.verified;
    const checkFn = entering && this.breakpoints.functions.length > 0;
    if (!checkBp && !checkFn) {
      if (!reason) return;
      return this.pauseHere(t, ctx, reason, frames, description, hitIds);
    }
    return this.checkBreakpoints(
      t,
      frame,
      ctx,
      depth,
      checkBp ? bp : undefined,
      checkFn,
      reason,
      frames,
      description,
    );
  }

  private async checkBreakpoints(
    t: MessageThread,
    frame: Frame,
    ctx: MessageContext,
    depth: number,
    bp: SourceBreakpoint | undefined,
    checkFn: boolean,
    reason: StopReason | undefined,
    frames: Frame[] | undefined,
    description: string | undefined,
  ): Promise<void> {
    let hitIds: number[] | undefined;
    if (bp) {
      const hit = await this.conditionHolds(bp.condition, ctx, frame);
      if (hit) {
        bp.hits++;
        if (hitMatches(bp.hitCondition, bp.hits) === true) {
          if (bp.logMessage !== undefined) {
            const text = await this.interpolate(bp.logMessage, ctx);
            this.emit('output', {
              category: 'console',
              text: `${text}\n`,
              file: frame.file,
              line: frame.line,
            } satisfies OutputInfo);
          } else if (!reason) {
            reason = 'breakpoint';
            hitIds = [bp.id];
          }
        }
      }
    }
    if (!reason && checkFn) {
      for (const fb of this.breakpoints.functions) {
        if (!fb.verified) continue;
        const matches =
          frame.sequence === fb.name ||
          frame.sequence.startsWith(`${fb.name}/`) ||
          (depth === 1 && frame.artifactName === fb.name);
        if (!matches || !(await this.conditionHolds(fb.condition, ctx, frame))) continue;
        fb.hits++;
        if (hitMatches(fb.hitCondition, fb.hits) !== true) continue;
        reason = 'function breakpoint';
        hitIds = [fb.id];
        break;
      }
    }
    if (!reason) return;
    return this.pauseHere(t, ctx, reason, frames, description, hitIds);
  }

  private pauseHere(
    t: MessageThread,
    ctx: MessageContext,
    reason: StopReason,
    frames: Frame[] | undefined,
    description: string | undefined,
    hitIds: number[] | undefined,
  ): Promise<void> {
    this.updateHook();
    return new Promise<void>((resolve) => {
      t.paused = { reason, frames: frames ?? framesOf(ctx), ctx, resume: resolve, description };
      this.emit('stopped', {
        threadId: t.id,
        reason,
        description,
        text: description,
        hitBreakpointIds: hitIds,
      } satisfies StoppedInfo);
    });
  }

  private async conditionHolds(
    cond: string | undefined,
    ctx: MessageContext,
    frame: Frame,
  ): Promise<boolean> {
    if (!cond || !cond.trim()) return true;
    const r = await evaluateExpression(cond, ctx);
    if (r.ok) return truthy(r.value);
    this.emit('output', {
      category: 'stderr',
      text: `Breakpoint condition '${cond}' failed (${frame.file}:${frame.line}): ${r.error}\n`,
      file: frame.file,
      line: frame.line,
    } satisfies OutputInfo);
    return true;
  }

  /** Replaces each {expression} of a logpoint message by its value ({{ and }} stand for braces). */
  async interpolate(message: string, ctx: MessageContext): Promise<string> {
    let out = '';
    let i = 0;
    while (i < message.length) {
      const c = message[i];
      if ((c === '{' || c === '}') && message[i + 1] === c) {
        out += c;
        i += 2;
        continue;
      }
      if (c !== '{') {
        out += c;
        i++;
        continue;
      }
      // find the matching close brace (expressions such as ${vars.x} hold braces of their own)
      let depth = 1;
      let j = i + 1;
      for (; j < message.length && depth > 0; j++) {
        if (message[j] === '{') depth++;
        else if (message[j] === '}') depth--;
      }
      if (depth !== 0) {
        out += message.slice(i);
        break;
      }
      const expr = message.slice(i + 1, j - 1);
      const r = await evaluateExpression(expr, ctx);
      out += r.ok ? r.value : `<${r.error}>`;
      i = j;
    }
    return out;
  }
}
