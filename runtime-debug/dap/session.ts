/**
 * The DAP session of debugger type `synapse`: translates DAP requests to a Backend (launch: the embedded runtime;
 * attach: a Micro Integrator over its debug wire protocol) and the backend's happenings to DAP events.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  BreakpointEvent,
  ContinuedEvent,
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  StoppedEvent,
  TerminatedEvent,
  ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AttachBackend } from './attachBackend';
import { UserError, type Backend } from './backend';
import { LaunchBackend, type LaunchOptions } from './launchBackend';
import type { OutputInfo, StoppedInfo } from './launchController';

interface LaunchArgs extends DebugProtocol.LaunchRequestArguments, Partial<LaunchOptions> {}
interface AttachArgs extends DebugProtocol.AttachRequestArguments {
  host?: string;
  commandPort?: number;
  eventPort?: number;
  project?: string;
}

const STOP_REASON: Record<StoppedInfo['reason'], string> = {
  breakpoint: 'breakpoint',
  'function breakpoint': 'function breakpoint',
  exception: 'exception',
  step: 'step',
  pause: 'pause',
  entry: 'entry',
};

export class SynapseDebugSession extends LoggingDebugSession {
  private backend: Backend | undefined;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  private configurationDoneResolve!: () => void;
  private readonly configured = new Promise<void>((r) => (this.configurationDoneResolve = r));
  private columnsFrom1 = true;
  private closing = false;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(
    response: DebugProtocol.InitializeResponse,
    args: DebugProtocol.InitializeRequestArguments,
  ): void {
    this.columnsFrom1 = args.columnsStartAt1 !== false;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.', ':', '$', '{', '[', '('],
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
      supportsClipboardContext: true,
      supportsDelayedStackTraceLoading: false,
      supportsBreakpointLocationsRequest: true,
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: [
        {
          filter: 'fault',
          label: 'On mediation fault',
          description: 'Stop where an error arises in mediation (before the onError or fault sequence runs).',
          default: false,
        },
      ],
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  private out(info: OutputInfo): void {
    const e = new OutputEvent(info.text, info.category) as DebugProtocol.OutputEvent;
    if (info.file) {
      e.body.source = { name: basename(info.file), path: info.file };
      e.body.line = info.line;
    }
    this.sendEvent(e);
  }

  private events() {
    return {
      stopped: (s: StoppedInfo) => {
        const e = new StoppedEvent(STOP_REASON[s.reason], s.threadId, s.text) as DebugProtocol.StoppedEvent;
        if (s.description) e.body.description = s.description;
        if (s.hitBreakpointIds) e.body.hitBreakpointIds = s.hitBreakpointIds;
        e.body.allThreadsStopped = false;
        e.body.preserveFocusHint = false;
        this.sendEvent(e);
      },
      continued: (threadId: number) => this.sendEvent(new ContinuedEvent(threadId, false)),
      output: (o: OutputInfo) => this.out(o),
      thread: (e: { reason: 'started' | 'exited'; threadId: number }) =>
        this.sendEvent(new ThreadEvent(e.reason, e.threadId)),
      breakpointChanged: (bp: DebugProtocol.Breakpoint) =>
        this.sendEvent(new BreakpointEvent('changed', bp as never)),
      terminated: () => {
        if (!this.closing) this.sendEvent(new TerminatedEvent());
      },
    };
  }

  protected override async launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: LaunchArgs,
  ): Promise<void> {
    await this.guard(response, async () => {
      if (!args.project)
        throw new UserError(
          "The launch configuration needs 'project': the folder of the Synapse project [DAP_NO_PROJECT].",
        );
      let isDir = false;
      try {
        isDir = statSync(args.project).isDirectory();
      } catch {
        // missing
      }
      if (!isDir)
        throw new UserError(
          `The project folder '${args.project}' does not exist or is not a folder [DAP_PROJECT_NOT_FOUND].`,
        );
      if (
        args.httpPort !== undefined &&
        !(Number.isInteger(args.httpPort) && args.httpPort >= 0 && args.httpPort <= 65535)
      )
        throw new UserError(
          `'httpPort' must be a port number (0-65535), got ${JSON.stringify(args.httpPort)} [DAP_BAD_PORT].`,
        );
      if (
        args.httpsPort !== undefined &&
        !(Number.isInteger(args.httpsPort) && args.httpsPort >= 0 && args.httpsPort <= 65535)
      )
        throw new UserError(
          `'httpsPort' must be a port number (0-65535), got ${JSON.stringify(args.httpsPort)} [DAP_BAD_PORT].`,
        );
      const b = new LaunchBackend(
        {
          project: args.project,
          httpPort: args.httpPort,
          host: args.host,
          stopOnEntry: args.stopOnEntry,
          env: args.env,
          watch: args.watch,
          wireLogs: args.wireLogs === true,
          httpsPort: args.httpsPort,
        },
        this.events(),
      );
      this.backend = b;
      const loaded = b.load();
      for (const p of loaded.problems)
        this.out({
          category: 'stderr',
          text: `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}\n`,
          file: p.file,
          line: p.line,
        });
      this.readyResolve();
      await Promise.race([this.configured, new Promise((r) => setTimeout(r, 5000).unref())]);
      let urls: string[];
      try {
        urls = await b.start();
      } catch (e) {
        throw new UserError(
          `The runtime could not listen on ${args.host ?? '127.0.0.1'}:${args.httpPort ?? 8290}: ${(e as Error).message} [DAP_LISTEN_FAILED].`,
        );
      }
      const addr = b.runtime.urls();
      this.out({
        category: 'console',
        text: `Synapse runtime ready (${loaded.artifacts.length} artifacts)\n`,
      });
      for (const u of urls) this.out({ category: 'console', text: `${u}\n` });
      const https = b.runtime.httpsAddress();
      if (https)
        this.out({ category: 'console', text: `HTTPS listener: https://${https.host}:${https.port}\n` });
      void addr;
    });
  }

  protected override async attachRequest(
    response: DebugProtocol.AttachResponse,
    args: AttachArgs,
  ): Promise<void> {
    await this.guard(response, async () => {
      const b = new AttachBackend(
        { host: args.host, commandPort: args.commandPort, eventPort: args.eventPort, project: args.project },
        this.events(),
      );
      this.backend = b;
      await b.connect();
      this.readyResolve();
    });
  }

  private async guard(response: DebugProtocol.Response, f: () => Promise<void>): Promise<void> {
    try {
      await f();
      this.sendResponse(response);
    } catch (e) {
      this.readyResolve();
      this.sendErrorResponse(response, { id: 1, format: (e as Error).message, showUser: true });
    }
  }

  private async target(): Promise<Backend> {
    await this.ready;
    if (!this.backend) throw new UserError('The debug session has not started.');
    return this.backend;
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDoneResolve();
    this.sendResponse(response);
  }

  protected override async setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const b = await this.target();
      const file = args.source.path ?? '';
      const specs = (
        args.breakpoints ?? (args.lines ?? []).map((line): DebugProtocol.SourceBreakpoint => ({ line }))
      ).map((s) => ({
        line: s.line,
        condition: s.condition,
        hitCondition: s.hitCondition,
        logMessage: s.logMessage,
      }));
      response.body = { breakpoints: await b.setBreakpoints(file, specs) };
    });
  }

  protected override async setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const b = await this.target();
      response.body = { breakpoints: await b.setFunctionBreakpoints(args.breakpoints) };
    });
  }

  protected override async setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const b = await this.target();
      await b.setExceptionFilters(args.filters);
    });
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.backend ? this.backend.threads() : [] };
    this.sendResponse(response);
  }

  protected override async stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const frames = await (await this.target()).stackTrace(args.threadId);
      const start = args.startFrame ?? 0;
      const end = args.levels ? start + args.levels : frames.length;
      response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    });
  }

  protected override async scopesRequest(
    response: DebugProtocol.ScopesResponse,
    args: DebugProtocol.ScopesArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      response.body = { scopes: await (await this.target()).scopes(args.frameId) };
    });
  }

  protected override async variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      let vars = await (await this.target()).variables(args.variablesReference);
      if (args.start !== undefined || args.count)
        vars = vars.slice(args.start ?? 0, args.count ? (args.start ?? 0) + args.count : undefined);
      response.body = { variables: vars };
    });
  }

  protected override async setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const r = await (await this.target()).setVariable(args.variablesReference, args.name, args.value);
      response.body = { value: r.value };
    });
  }

  protected override async continueRequest(
    response: DebugProtocol.ContinueResponse,
    args: DebugProtocol.ContinueArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      await (await this.target()).resume(args.threadId);
      response.body = { allThreadsContinued: false };
    });
  }

  protected override async nextRequest(
    response: DebugProtocol.NextResponse,
    args: DebugProtocol.NextArguments,
  ): Promise<void> {
    await this.guard(response, async () => (await this.target()).resume(args.threadId, 'over'));
  }

  protected override async stepInRequest(
    response: DebugProtocol.StepInResponse,
    args: DebugProtocol.StepInArguments,
  ): Promise<void> {
    await this.guard(response, async () => (await this.target()).resume(args.threadId, 'in'));
  }

  protected override async stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): Promise<void> {
    await this.guard(response, async () => (await this.target()).resume(args.threadId, 'out'));
  }

  protected override async pauseRequest(
    response: DebugProtocol.PauseResponse,
    args: DebugProtocol.PauseArguments,
  ): Promise<void> {
    await this.guard(response, async () => (await this.target()).pause(args.threadId));
  }

  protected override async evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const r = await (await this.target()).evaluate(args.expression, args.frameId, args.context);
      response.body = { result: r.result, variablesReference: r.variablesReference, type: r.type };
    });
  }

  protected override async completionsRequest(
    response: DebugProtocol.CompletionsResponse,
    args: DebugProtocol.CompletionsArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const column = this.columnsFrom1 ? args.column : args.column + 1;
      const items = await (await this.target()).completions(args.text, column, args.frameId);
      if (this.columnsFrom1) for (const i of items) if (i.start !== undefined) i.start += 1;
      response.body = { targets: items };
    });
  }

  protected override async breakpointLocationsRequest(
    response: DebugProtocol.BreakpointLocationsResponse,
    args: DebugProtocol.BreakpointLocationsArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const b = await this.target();
      response.body = {
        breakpoints:
          args.source.path && b.breakpointLocations
            ? b.breakpointLocations(args.source.path, args.line, args.endLine ?? args.line)
            : [],
      };
    });
  }

  protected override async exceptionInfoRequest(
    response: DebugProtocol.ExceptionInfoResponse,
    args: DebugProtocol.ExceptionInfoArguments,
  ): Promise<void> {
    await this.guard(response, async () => {
      const b = await this.target();
      if (!b.exceptionInfo)
        throw new UserError('No fault information is available when attached to Micro Integrator.');
      response.body = b.exceptionInfo(args.threadId);
    });
  }

  private async closeBackend(): Promise<void> {
    this.closing = true;
    const b = this.backend;
    this.backend = undefined;
    if (b) await b.close();
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.closeBackend();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.closeBackend();
    this.sendResponse(response);
    this.shutdown();
  }
}
