/**
 * The server side of Micro Integrator's debug wire protocol over our embedded runtime, so that `synapse serve
 * --debug-ports 9005,9006` can be attached to exactly as a Micro Integrator started with -Desb.debug=true:
 * breakpoints by mediator position, suspension until `resume`, property and variable dumps and edits, and the
 * started / terminated / breakpoint / resumed client / configuration updated events.
 *
 * Differences from MI, on purpose: start-up is not blocked until a debugger connects (messages that arrive before
 * flow undisturbed); skip points and connector operations are refused ("unable to register mediation flow point").
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { DebugHook, DeployInput, DeployResult, Frame, MessageContext, Runtime } from '../engine';
import { describeContext } from '../engine';
import { stringOf } from '../engine/context';
import { fileKey, ProjectModel } from '../dap/projectModel';
import { flowPointJson, parseFlowPoint, readLines, writeLine, type FlowPoint } from './protocol';
import { flowPointOf, resolveFlowPoint } from './positions';

export interface WireServerOptions {
  commandPort: number;
  eventPort: number;
  host?: string;
}

export interface DebugWireServer {
  commandPort: number;
  eventPort: number;
  close(): Promise<void>;
}

type Reply = Record<string, unknown> | unknown[];
const OK = { 'command-response': 'successful' };
/** Longest command line accepted (a set property with a large value fits). */
const MAX_COMMAND_BYTES = 4 * 1024 * 1024;
const failed = (reason: string) => ({ 'command-response': 'failed', 'failed-reason': reason });

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function mapObject(m: Map<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of m)
    if (!k.startsWith('__synapse.'))
      o[k] =
        v === undefined || v === null
          ? null
          : typeof v === 'object' && !Array.isArray(v) && !('nodeType' in (v as object))
            ? v
            : stringOf(v);
  return o;
}

/** Starts the command and event listeners of the debug protocol for a runtime. */
export async function startDebugWireServer(
  runtime: Runtime,
  opts: WireServerOptions,
): Promise<DebugWireServer> {
  const host = opts.host ?? '127.0.0.1';
  const model = new ProjectModel();
  for (const a of runtime.list()) {
    if (model.file(a.file)) continue;
    try {
      model.setFile(a.file, readFileSync(a.file, 'utf8'));
    } catch {
      // a deployed text with no file on disk: known from the next deploy
    }
  }
  // learn each deployed text (the engine compiles it; we index its mediator positions)
  const originalDeploy = runtime.deploy.bind(runtime);
  const originalUndeploy = runtime.undeploy.bind(runtime);
  runtime.deploy = (inputs: DeployInput[]): DeployResult => {
    for (const i of inputs) model.setFile(i.name, i.text);
    return originalDeploy(inputs);
  };
  runtime.undeploy = (nameOrFile: string, kind?: Parameters<Runtime['undeploy']>[1]): boolean => {
    const files = runtime
      .list()
      .filter((a) => a.file === nameOrFile || a.name === nameOrFile)
      .map((a) => a.file);
    const ok = originalUndeploy(nameOrFile, kind);
    if (ok) for (const f of files) if (!runtime.list().some((a) => a.file === f)) model.removeFile(f);
    return ok;
  };

  let command: Socket | undefined;
  let event: Socket | undefined;
  /** "file:line" of a mediator -> its flow point as set by the client */
  const breakpoints = new Map<string, FlowPoint>();
  let suspended: { ctx: MessageContext; resume: () => void } | undefined;
  let queue: Promise<void> = Promise.resolve();

  const sendEvent = (obj: Record<string, unknown>) => {
    if (event) writeLine(event, obj);
  };

  const hook: DebugHook = {
    beforeMediator: (frame: Frame, ctx: MessageContext) => {
      const key = `${fileKey(frame.file)}:${frame.line}`;
      if (!breakpoints.has(key) || !event) return;
      const node = model.nodeAt(frame.file, frame.line);
      if (!node) return;
      const point = flowPointOf(node, ctx.method);
      // one suspended message at a time (the protocol has one "current" message); others wait their turn
      const turn = queue.then(
        () =>
          new Promise<void>((resolve) => {
            if (!event || !breakpoints.has(key)) return resolve();
            suspended = { ctx, resume: resolve };
            sendEvent({ event: 'breakpoint', ...flowPointJson(point, true) });
          }),
      );
      queue = turn.then(() => {
        suspended = undefined;
      });
      return turn;
    },
  };
  const updateHook = () => runtime.setDebugHook(breakpoints.size > 0 && event ? hook : undefined);

  const onStarted = () => sendEvent({ event: 'started' });
  const onFinished = () => sendEvent({ event: 'terminated' });
  const onDeployed = () => sendEvent({ event: 'configuration updated' });
  runtime.on('messageStarted', onStarted);
  runtime.on('messageFinished', onFinished);
  runtime.on('deployed', onDeployed);

  async function handle(msg: Record<string, unknown>): Promise<Reply> {
    const cmd = msg.command;
    const arg = msg['command-argument'];
    if (cmd === 'resume') {
      if (!suspended) return failed('no suspended message to resume');
      suspended.resume();
      sendEvent({ event: 'resumed client' });
      return OK;
    }
    if (cmd !== 'set' && cmd !== 'clear' && cmd !== 'get') return failed('command not found');
    if ((cmd === 'set' || cmd === 'clear') && (arg === 'breakpoint' || arg === 'skip')) {
      const p = parseFlowPoint(msg);
      if (typeof p === 'string') return failed('unable to register mediation flow point');
      if (arg === 'skip') return failed('unable to register mediation flow point');
      const node = resolveFlowPoint(model, p);
      if (typeof node === 'string') return failed(node);
      const key = `${fileKey(node.file)}:${node.line}`;
      if (cmd === 'set') {
        if (breakpoints.has(key)) return failed('already breakpoint enabled at mediator position');
        breakpoints.set(key, p);
      } else {
        if (!breakpoints.delete(key)) return failed('already breakpoint disabled at mediator position');
      }
      updateHook();
      return OK;
    }
    const ctx = suspended?.ctx;
    if (arg === 'properties' || arg === 'property') {
      const context = String(msg.context ?? 'all');
      if (cmd === 'get' && arg === 'property' && context === 'wire') return { wirelogs: [] };
      if (!ctx)
        return failed(
          cmd === 'get'
            ? 'unable to acquire message context properties'
            : 'unable to alter message context property',
        );
      if (cmd === 'get' && arg === 'properties') return dump(ctx, context);
      const prop = (msg.property ?? {}) as Record<string, unknown>;
      const name = typeof prop['property-name'] === 'string' ? prop['property-name'] : undefined;
      if (!name)
        return failed(
          cmd === 'get'
            ? 'unable to acquire message context properties'
            : 'unable to alter message context property',
        );
      const map = scopeMap(ctx, context);
      if (cmd === 'get') {
        if (context === 'transport') return { [name]: ctx.headers.get(name) ?? null };
        const v = map?.get(name);
        return { [name]: v === undefined || v === null ? null : stringOf(v) };
      }
      if (cmd === 'set') {
        const value = prop['property-value'];
        ctx.setProperty(name, typeof value === 'string' ? value : JSON.stringify(value), scopeName(context));
      } else if (context === 'transport') ctx.headers.delete(name);
      else map?.delete(name);
      return OK;
    }
    if (arg === 'variables' || arg === 'variable') {
      if (!ctx)
        return failed(
          cmd === 'get' ? 'unable to acquire message variables' : 'unable to alter message variable',
        );
      if (cmd === 'get' && arg === 'variables') return { 'message-variables': mapObject(ctx.vars) };
      const v = (msg.variable ?? {}) as Record<string, unknown>;
      const name = typeof v['variable-name'] === 'string' ? v['variable-name'] : undefined;
      if (!name)
        return failed(
          cmd === 'get' ? 'unable to acquire message variables' : 'unable to alter message variable',
        );
      if (cmd === 'get') {
        const x = ctx.vars.get(name);
        return { [name]: x === undefined ? null : (mapObject(new Map([[name, x]]))[name] as unknown) };
      }
      if (cmd === 'set') {
        const raw = v['variable-value'];
        let value: unknown = raw;
        if (typeof raw === 'string') {
          try {
            value = JSON.parse(raw);
          } catch {
            value = raw;
          }
        }
        ctx.vars.set(name, value);
      } else ctx.vars.delete(name);
      return OK;
    }
    return failed('command not found');
  }

  const commandServer = createServer((s) => {
    command?.destroy();
    command = s;
    s.setNoDelay(true);
    let chain = Promise.resolve();
    readLines(
      s,
      (line) => {
        chain = chain.then(async () => {
          let msg: Record<string, unknown>;
          try {
            msg = JSON.parse(line) as Record<string, unknown>;
          } catch {
            writeLine(s, failed('command not found'));
            return;
          }
          if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
            writeLine(s, failed('command not found'));
            return;
          }
          try {
            writeLine(s, await handle(msg));
          } catch (e) {
            writeLine(s, failed(String((e as Error).message)));
          }
        });
      },
      MAX_COMMAND_BYTES,
    );
    s.on('error', () => undefined);
    s.on('close', () => {
      if (command === s) {
        command = undefined;
        detach();
      }
    });
  });
  const eventServer = createServer((s) => {
    event?.destroy();
    event = s;
    s.setNoDelay(true);
    s.on('error', () => undefined);
    s.on('data', () => undefined);
    s.on('close', () => {
      if (event === s) {
        event = undefined;
        detach();
      }
    });
    updateHook();
  });
  /** The debugger went away: forget its breakpoints and let a suspended message go. */
  function detach() {
    breakpoints.clear();
    updateHook();
    suspended?.resume();
  }

  const commandPort = await listen(commandServer, opts.commandPort, host);
  const eventPort = await listen(eventServer, opts.eventPort, host).catch(async (e) => {
    commandServer.close();
    throw e;
  });
  return {
    commandPort,
    eventPort,
    async close() {
      runtime.off('messageStarted', onStarted);
      runtime.off('messageFinished', onFinished);
      runtime.off('deployed', onDeployed);
      runtime.deploy = originalDeploy;
      runtime.undeploy = originalUndeploy;
      command?.destroy();
      event?.destroy();
      detach();
      runtime.setDebugHook(undefined);
      await Promise.all([
        new Promise((r) => commandServer.close(r)),
        new Promise((r) => eventServer.close(r)),
      ]);
    },
  };
}

function scopeName(context: string): string {
  if (context === 'synapse' || context === 'default' || context === 'all') return 'default';
  return context;
}

function scopeMap(ctx: MessageContext, context: string): Map<string, unknown> | undefined {
  switch (context) {
    case 'axis2':
      return ctx.axis2;
    case 'axis2-client':
      return ctx.axis2Client;
    case 'operation':
      return ctx.operation;
    case 'transport':
      return undefined;
    default:
      return ctx.props;
  }
}

async function dump(ctx: MessageContext, context: string): Promise<Reply> {
  const view = await describeContext(ctx);
  const axis2 = {
    ...mapObject(ctx.axis2),
    To: ctx.to ?? ctx.url,
    MessageID: ctx.messageId,
    Direction: view.direction,
    Envelope: view.payload.text,
    TransportHeaders: view.headers,
    MessageType: (ctx.axis2.get('messageType') as string | undefined) ?? view.payload.contentType,
    ContentType: view.payload.contentType,
  };
  switch (context) {
    case 'all':
      return [{ 'axis2-properties': axis2 }, { 'synapse-properties': mapObject(ctx.props) }];
    case 'axis2':
      return { 'axis2-properties': axis2 };
    case 'synapse':
    case 'default':
      return { 'synapse-properties': mapObject(ctx.props) };
    case 'axis2-client':
      return { 'axis2Client-properties': mapObject(ctx.axis2Client) };
    case 'transport':
      return { 'axis2Transport-properties': view.headers };
    case 'operation':
      return { 'axis2Operation-properties': mapObject(ctx.operation) };
    default:
      return failed('unable to acquire message context properties');
  }
}
