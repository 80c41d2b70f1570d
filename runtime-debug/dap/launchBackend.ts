/**
 * `request: launch`: runs the project in the embedded runtime in this process and debugs it through the engine's
 * debug hook (see launchController.ts).
 */
import { basename } from 'node:path';
import { loadOrCreateCertificate } from '../management/cert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  Runtime,
  WIRE_LOGGER,
  evaluateExpression,
  describeContext,
  type Frame,
  type LogRecord,
  type DeployResult,
} from '../engine';
import type { Backend, EvaluateResult } from './backend';
import { UserError } from './backend';
import type { BreakpointSpec, SourceBreakpoint } from './breakpoints';
import { completionsFor } from './completions';
import { LaunchController, RUNTIME_THREAD, type OutputInfo, type StoppedInfo } from './launchController';
import { ProjectModel, mediatorStarts } from './projectModel';
import { MAX_SHOWN, VariableError, VariableStore, shown } from './variables';

export interface LaunchOptions {
  project: string;
  httpPort?: number;
  host?: string;
  stopOnEntry?: boolean;
  env?: Record<string, string>;
  /** Reload saved files while debugging (default true). */
  watch?: boolean;
  /** Wire logs (MI's synapse-transport-http-wire logger at DEBUG): the HTTP bytes in and out, in the debug console. */
  wireLogs?: boolean;
  /** Also serve over HTTPS on this port (0 = ephemeral), with the self-signed certificate `synapse serve` uses. */
  httpsPort?: number;
}

export interface LaunchEvents {
  stopped(info: StoppedInfo): void;
  continued(threadId: number): void;
  output(info: OutputInfo): void;
  thread(e: { reason: 'started' | 'exited'; threadId: number }): void;
  breakpointChanged(bp: DebugProtocol.Breakpoint): void;
}

const FRAMES_PER_THREAD = 1000;
const FAULT_STAND_IN = 'synapse-debugger:fault-stand-in.xml';
const FAULT_STAND_IN_XML =
  '<sequence xmlns="http://ws.apache.org/ns/synapse" name="fault"><property name="__synapse.debugger.fault" value="true"/></sequence>';

export function toDapBreakpoint(bp: SourceBreakpoint): DebugProtocol.Breakpoint {
  const out: DebugProtocol.Breakpoint = {
    id: bp.id,
    verified: bp.verified,
    source: { name: basename(bp.file), path: bp.file },
  };
  if (bp.node) {
    out.line = bp.node.startLine;
    out.endLine = bp.node.endLine;
  } else out.line = bp.line;
  if (bp.message) out.message = bp.message;
  if (!bp.verified) (out as { reason?: string }).reason = 'failed';
  return out;
}

export class LaunchBackend implements Backend {
  readonly model = new ProjectModel();
  readonly runtime: Runtime;
  readonly controller: LaunchController;
  private readonly vars = new VariableStore();
  private standIn = false;

  constructor(
    readonly options: LaunchOptions,
    private readonly events: LaunchEvents,
  ) {
    const env: Record<string, string | undefined> = { ...process.env, ...(options.env ?? {}) };
    const tls =
      options.httpsPort === undefined ? undefined : loadOrCreateCertificate(options.host ?? '127.0.0.1');
    this.runtime = new Runtime({
      host: options.host ?? '127.0.0.1',
      httpPort: options.httpPort ?? 8290,
      env,
      ...(tls && options.httpsPort !== undefined
        ? { https: { port: options.httpsPort, key: tls.key, cert: tls.cert } }
        : {}),
    });
    this.controller = new LaunchController(this.runtime, this.model);
    this.controller.on('stopped', (s: StoppedInfo) => events.stopped(s));
    this.controller.on('continued', (id: number) => events.continued(id));
    this.controller.on('output', (o: OutputInfo) => events.output(o));
    this.controller.on('thread', (e: { reason: 'started' | 'exited'; threadId: number }) => {
      if (e.reason === 'exited') this.vars.releaseThread(e.threadId);
      events.thread(e);
    });
    this.runtime.on('log', (r: LogRecord) =>
      events.output({ category: r.level === 'ERROR' ? 'stderr' : 'stdout', text: `${r.line}\n` }),
    );
    if (options.wireLogs) {
      // every other logger lets everything through, as when the table is left alone
      this.runtime.executor.loggers.setAll('ALL');
      this.runtime.executor.loggers.setLevel(WIRE_LOGGER, 'DEBUG');
    }
  }

  /** Loads the project (before configurationDone, so breakpoints can bind). */
  load(): DeployResult {
    this.model.loadDir(this.options.project);
    const r = this.runtime.loadProject(this.options.project);
    if (r.artifacts.length === 0 && r.problems.length === 0) {
      this.events.output({
        category: 'important',
        text: `No Synapse artifacts found in ${this.options.project}\n`,
      });
    }
    this.controller.setStopOnEntry(!!this.options.stopOnEntry);
    return r;
  }

  /** Starts listening (after configurationDone: every breakpoint is in place before the first message). */
  async start(): Promise<string[]> {
    await this.runtime.start();
    if (this.options.watch !== false) {
      this.runtime.on('deployed', (d: DeployResult) => this.reloaded(d));
      this.runtime.watchProject(this.options.project);
    }
    return this.runtime.urls();
  }

  private reloaded(d: DeployResult): void {
    const files = new Set<string>([...d.artifacts.map((a) => a.file), ...d.problems.map((p) => p.file)]);
    files.delete(FAULT_STAND_IN);
    if (d.artifacts.some((a) => a.file === FAULT_STAND_IN) && files.size === 0) return;
    if (files.size === 0) {
      // a file was removed: re-read them all
      this.model.loadDir(this.options.project);
      for (const bp of this.controller.breakpoints.rebindAll())
        this.events.breakpointChanged(toDapBreakpoint(bp));
      return;
    }
    for (const f of files) {
      this.model.reloadFile(f);
      for (const bp of this.controller.breakpoints.bindFile(f))
        this.events.breakpointChanged(toDapBreakpoint(bp));
      this.events.output({
        category: 'console',
        text: `Reloaded ${f}${d.problems.some((p) => p.file === f) ? ' (with problems)' : ''}\n`,
      });
    }
  }

  async setBreakpoints(file: string, specs: BreakpointSpec[]): Promise<DebugProtocol.Breakpoint[]> {
    const bps = this.controller.breakpoints.setForFile(file, specs);
    this.controller.updateHook();
    return bps.map(toDapBreakpoint);
  }

  async setFunctionBreakpoints(
    specs: { name: string; condition?: string; hitCondition?: string }[],
  ): Promise<DebugProtocol.Breakpoint[]> {
    const fbs = this.controller.breakpoints.setFunctions(specs);
    this.controller.updateHook();
    return fbs.map((f) => ({ id: f.id, verified: f.verified, message: f.message }));
  }

  async setExceptionFilters(filters: string[]): Promise<void> {
    const on = filters.includes('fault');
    this.controller.setFaultFilter(on);
    // Micro Integrator always has a `fault` sequence (its default configuration deploys one); a project run here may
    // not, and then an unhandled error runs no mediator the filter could stop at. While the filter is on, a `fault`
    // sequence with one invisible mediator stands in (the client still gets the runtime's usual error answer).
    if (on && !this.runtime.sequence('fault')) {
      this.runtime.deploy([{ name: FAULT_STAND_IN, text: FAULT_STAND_IN_XML }]);
      this.standIn = true;
    } else if (!on && this.standIn) {
      this.runtime.undeploy(FAULT_STAND_IN);
      this.standIn = false;
    }
  }

  threads(): DebugProtocol.Thread[] {
    return this.controller.listThreads();
  }

  private pausedThread(threadId: number) {
    const t = this.controller.thread(threadId);
    if (!t?.paused) throw new UserError(`Thread ${threadId} is not paused.`);
    return t;
  }

  async stackTrace(threadId: number): Promise<DebugProtocol.StackFrame[]> {
    if (threadId === RUNTIME_THREAD) return [];
    const t = this.pausedThread(threadId);
    const frames = [...t.paused!.frames].reverse();
    const out: DebugProtocol.StackFrame[] = frames.map((f, i) =>
      this.dapFrame(threadId * FRAMES_PER_THREAD + i, f),
    );
    const first = t.paused!.frames[0];
    if (first) {
      const a = this.model.artifact(first.artifactName);
      if (a) {
        const label = first.resource
          ? `${first.artifactKind === 'api' ? 'API' : first.artifactKind} ${first.artifactName} ${first.resource}`
          : `${first.artifactKind} ${first.artifactName}`;
        let line = a.line;
        if (first.resource) {
          const r = a.resources.find(
            (x) =>
              `${x.methods.join(',') || '*'} ${x.uriTemplate ?? x.urlMapping ?? '/*'}` === first.resource,
          );
          if (r) line = r.line;
        }
        out.push({
          id: threadId * FRAMES_PER_THREAD + out.length,
          name: label,
          source: { name: basename(a.file), path: a.file },
          line,
          column: 1,
          presentationHint: 'label',
        });
      }
    }
    return out;
  }

  private dapFrame(id: number, f: Frame): DebugProtocol.StackFrame {
    const node = this.model.nodeAt(f.file, f.line);
    const where = node ? node.root.label : f.sequence;
    return {
      id,
      name: `${f.mediator} (${where})`,
      source: { name: basename(f.file), path: f.file },
      line: node?.startLine ?? f.line,
      column: 1,
      endLine: node?.endLine,
    };
  }

  private threadOfFrame(frameId: number | undefined) {
    if (frameId !== undefined) {
      const t = this.controller.thread(Math.floor(frameId / FRAMES_PER_THREAD));
      if (t?.paused) return t;
    }
    return this.controller.pausedThreads()[0];
  }

  async scopes(frameId: number): Promise<DebugProtocol.Scope[]> {
    const t = this.threadOfFrame(frameId);
    if (!t?.paused) return [];
    return this.vars.scopes(t.id, t.paused.ctx);
  }

  variables(ref: number): Promise<DebugProtocol.Variable[]> {
    return this.vars.variables(ref);
  }

  async setVariable(ref: number, name: string, value: string): Promise<{ value: string }> {
    try {
      return await this.vars.setVariable(ref, name, value);
    } catch (e) {
      if (e instanceof VariableError) throw new UserError(e.message);
      throw e;
    }
  }

  async resume(threadId: number, step?: 'in' | 'over' | 'out'): Promise<void> {
    const t = this.controller.thread(threadId);
    this.vars.releaseThread(threadId, t?.paused?.ctx);
    if (!this.controller.resume(threadId, step) && threadId !== RUNTIME_THREAD)
      throw new UserError(`Thread ${threadId} is not paused.`);
  }

  async pause(threadId: number): Promise<void> {
    this.controller.pause(threadId);
  }

  async evaluate(
    expression: string,
    frameId: number | undefined,
    context: string | undefined,
  ): Promise<EvaluateResult> {
    const t = this.threadOfFrame(frameId);
    if (!t?.paused)
      throw new UserError('No message is paused: expressions are evaluated against a paused message.');
    const text = expression.trim();
    if (!text) throw new UserError('Type an XPath expression, json-eval(...) or ${...}.');
    if (text === '${payload}') {
      // the whole payload as it is (any content type): what "Copy Value" of the Payload scope gives
      const v = await describeContext(t.paused.ctx);
      return {
        result:
          context === 'clipboard' || context === 'repl' || v.payload.text.length <= MAX_SHOWN
            ? v.payload.text
            : shown(v.payload.text),
        variablesReference: 0,
      };
    }
    if (context === 'hover' && /^[A-Za-z_][\w.-]*$/.test(text)) {
      // a bare word under the mouse (e.g. uri.var.id in $ctx:uri.var.id): a property, variable or header of that name
      const ctx = t.paused.ctx;
      const found = ctx.props.has(text)
        ? ctx.props.get(text)
        : ctx.vars.has(text)
          ? ctx.vars.get(text)
          : ctx.headers.get(text);
      if (found !== undefined) {
        let v: string;
        if (typeof found === 'string') v = found;
        else if (ctx.props.has(text)) {
          const r = await evaluateExpression(`$ctx:${text}`, ctx);
          v = r.ok ? r.value : String(found);
        } else v = JSON.stringify(found) ?? String(found);
        return { result: shown(v), variablesReference: 0 };
      }
    }
    const r = await evaluateExpression(text, t.paused.ctx);
    if (!r.ok) throw new UserError(r.error);
    return { result: r.value, variablesReference: 0 };
  }

  async completions(
    text: string,
    column: number,
    frameId: number | undefined,
  ): Promise<DebugProtocol.CompletionItem[]> {
    const t = this.threadOfFrame(frameId);
    let names;
    if (t?.paused) {
      const v = await describeContext(t.paused.ctx);
      let payloadKeys: string[] = [];
      try {
        const j = JSON.parse(v.payload.text) as unknown;
        if (j && typeof j === 'object' && !Array.isArray(j)) payloadKeys = Object.keys(j);
      } catch {
        // not JSON
      }
      names = {
        properties: Object.keys(v.properties.default),
        axis2: Object.keys(v.properties.axis2),
        headers: Object.keys(v.headers),
        variables: Object.keys(v.variables),
        templateParameters: Object.keys(v.templateParameters),
        payloadKeys,
      };
    }
    return completionsFor(text, column, names);
  }

  breakpointLocations(file: string, line: number, endLine: number): DebugProtocol.BreakpointLocation[] {
    return mediatorStarts(this.model, file, line, endLine);
  }

  exceptionInfo(threadId: number): DebugProtocol.ExceptionInfoResponse['body'] {
    const t = this.pausedThread(threadId);
    if (t.paused!.reason !== 'exception')
      throw new UserError(`Thread ${threadId} did not stop on a mediation fault.`);
    const ctx = t.paused!.ctx;
    const err = ctx.handledError as (Error & { code?: unknown; detail?: string }) | undefined;
    return {
      exceptionId: String(ctx.getProperty('ERROR_CODE') ?? err?.code ?? 'fault'),
      description: String(ctx.getProperty('ERROR_MESSAGE') ?? err?.message ?? ''),
      breakMode: 'always',
      details: {
        message: err?.message,
        typeName: err?.name,
        stackTrace: typeof err?.detail === 'string' ? err.detail : undefined,
      },
    };
  }

  async close(): Promise<void> {
    this.controller.releaseAll();
    await this.runtime.stop(300);
  }
}
