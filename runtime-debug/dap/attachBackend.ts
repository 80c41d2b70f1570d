/**
 * `request: attach`: debugs a running Micro Integrator (or `synapse serve --debug-ports`) over MI's debug wire
 * protocol. Breakpoints become mediator positions computed from our model of the project's source; a breakpoint
 * event becomes a stop of the one "Micro Integrator" thread; properties and variables are read and set with the
 * protocol's get/set commands.
 *
 * What the protocol cannot do, said plainly to the user: stepping (step commands continue to the next breakpoint),
 * pausing a running message, conditions and logpoints (no expression evaluation on the server; hit counts are
 * counted here), evaluating expressions (only property and variable names can be read), changing the payload, and
 * telling apart concurrent messages (one suspended message at a time).
 */
import { basename } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Backend, EvaluateResult } from './backend';
import { UserError } from './backend';
import { hitMatches, type BreakpointSpec } from './breakpoints';
import { completionsFor } from './completions';
import type { OutputInfo, StoppedInfo } from './launchController';
import { ProjectModel, mediatorStarts } from './projectModel';
import { unboundReason, type MediatorNode } from './sourceModel';
import { shown } from './variables';
import { WireClient } from '../wire/client';
import { flowPointJson, parseFlowPoint, type FlowPoint } from '../wire/protocol';
import { flowPointOf, resolveFlowPoint } from '../wire/positions';

export interface AttachOptions {
  host?: string;
  commandPort?: number;
  eventPort?: number;
  /** The project folder whose sources the server runs (to map lines to mediator positions). */
  project?: string;
}

export interface AttachEvents {
  stopped(info: StoppedInfo): void;
  continued(threadId: number): void;
  output(info: OutputInfo): void;
  breakpointChanged(bp: DebugProtocol.Breakpoint): void;
  terminated(): void;
}

export const MI_THREAD = 1;

interface WireBreakpoint {
  id: number;
  file: string;
  spec: BreakpointSpec;
  node?: MediatorNode;
  point?: FlowPoint;
  verified: boolean;
  message?: string;
  hits: number;
}

type Scope = { kind: 'payload' | 'headers' | 'synapse' | 'axis2' | 'operation' | 'vars' };

let nextId = 1;
const NO_STEP =
  "Micro Integrator's debug protocol has no stepping: the message continues to the next breakpoint.";

export class AttachBackend implements Backend {
  readonly model = new ProjectModel();
  private readonly client: WireClient;
  private readonly byFile = new Map<string, WireBreakpoint[]>();
  private functionPoints: FlowPoint[] = [];
  private suspended: { node?: MediatorNode; point: FlowPoint } | undefined;
  private readonly refs = new Map<number, Scope>();
  private nextRef = 1;
  private cache: Promise<Record<string, Record<string, unknown>>> | undefined;

  constructor(
    readonly options: AttachOptions,
    private readonly events: AttachEvents,
  ) {
    this.client = new WireClient({
      host: options.host ?? '127.0.0.1',
      commandPort: options.commandPort ?? 9005,
      eventPort: options.eventPort ?? 9006,
    });
  }

  async connect(): Promise<void> {
    if (this.options.project) this.model.loadDir(this.options.project);
    await this.client.connect();
    this.client.on('event', (e: Record<string, unknown>) => void this.onEvent(e));
    this.client.on('close', () => {
      this.events.output({ category: 'important', text: 'The Micro Integrator debug connection closed.\n' });
      this.events.terminated();
    });
    const where = `${this.options.host ?? '127.0.0.1'}:${this.options.commandPort ?? 9005}/${this.options.eventPort ?? 9006}`;
    this.events.output({
      category: 'console',
      text:
        `Attached to Micro Integrator at ${where}.\n` +
        'Its debug protocol stops at breakpoints and reads or sets properties and variables; it cannot step, pause, evaluate expressions, change the payload or test breakpoint conditions.\n',
    });
  }

  private async onEvent(e: Record<string, unknown>): Promise<void> {
    switch (e.event) {
      case 'breakpoint': {
        const p = parseFlowPoint(e);
        if (typeof p === 'string') return;
        const node = resolveFlowPoint(this.model, p);
        const n = typeof node === 'string' ? undefined : node;
        const bp = n
          ? [...this.byFile.values()]
              .flat()
              .find((b) => b.node === n || (b.node && b.node.file === n.file && b.node.line === n.line))
          : undefined;
        if (bp) {
          bp.hits++;
          if (hitMatches(bp.spec.hitCondition, bp.hits) !== true) {
            await this.client.send({ command: 'resume' }).catch(() => undefined);
            return;
          }
        }
        this.suspended = { node: n, point: p };
        this.cache = undefined;
        this.events.stopped({
          threadId: MI_THREAD,
          reason: bp || !this.functionPoints.length ? 'breakpoint' : 'function breakpoint',
          hitBreakpointIds: bp ? [bp.id] : undefined,
        });
        return;
      }
      case 'resumed client':
        return;
      case 'configuration updated':
        this.events.output({
          category: 'console',
          text: 'Micro Integrator redeployed its configuration: setting the breakpoints again.\n',
        });
        if (this.options.project) this.model.loadDir(this.options.project);
        for (const [file, bps] of this.byFile) {
          const specs = bps.map((b) => b.spec);
          for (const bp of await this.setBreakpoints(file, specs, true)) this.events.breakpointChanged(bp);
        }
        return;
      default:
        return;
    }
  }

  private async sendPoint(command: 'set' | 'clear', p: FlowPoint): Promise<string | undefined> {
    const r = (await this.client.send({
      command,
      'command-argument': 'breakpoint',
      ...flowPointJson(p),
    })) as Record<string, unknown>;
    if (r['command-response'] === 'successful') return undefined;
    const reason = String(r['failed-reason'] ?? 'failed');
    if (/already breakpoint (enabled|disabled)/.test(reason)) return undefined;
    return reason;
  }

  async setBreakpoints(
    file: string,
    specs: BreakpointSpec[],
    again = false,
  ): Promise<DebugProtocol.Breakpoint[]> {
    const old = this.byFile.get(file) ?? [];
    if (!again)
      for (const b of old)
        if (b.verified && b.point) await this.sendPoint('clear', b.point).catch(() => undefined);
    const fm = this.model.file(file);
    const out: WireBreakpoint[] = [];
    const seen = new Set<number>();
    for (const spec of specs) {
      const prev = again ? old.find((o) => o.spec === spec) : undefined;
      const bp: WireBreakpoint = { id: prev?.id ?? nextId++, file, spec, verified: false, hits: 0 };
      out.push(bp);
      if (!this.options.project) {
        bp.message =
          "Attach needs 'project' (the folder of the project the server runs) to map lines to mediator positions.";
        continue;
      }
      if (spec.condition || spec.logMessage !== undefined) {
        bp.message =
          "Micro Integrator's debug protocol cannot evaluate conditions or logpoints; use a plain breakpoint (hit counts work).";
        continue;
      }
      const node = fm?.byLine.get(spec.line);
      if (!node) {
        bp.message = unboundReason(fm, spec.line);
        continue;
      }
      if (seen.has(node.line)) {
        bp.message = `Another breakpoint is already bound to the <${node.name}> mediator on line ${node.line}.`;
        continue;
      }
      seen.add(node.line);
      bp.node = node;
      bp.point = flowPointOf(node);
      const failed = await this.sendPoint('set', bp.point);
      if (failed) bp.message = `Micro Integrator refused the breakpoint (${failed}).`;
      else bp.verified = true;
    }
    this.byFile.set(file, out);
    return out.map((b) => {
      const r: DebugProtocol.Breakpoint = {
        id: b.id,
        verified: b.verified,
        source: { name: basename(file), path: file },
        line: b.node?.startLine ?? b.spec.line,
        message: b.message,
      };
      if (b.node) r.endLine = b.node.endLine;
      return r;
    });
  }

  async setFunctionBreakpoints(
    specs: { name: string; condition?: string; hitCondition?: string }[],
  ): Promise<DebugProtocol.Breakpoint[]> {
    for (const p of this.functionPoints) await this.sendPoint('clear', p).catch(() => undefined);
    this.functionPoints = [];
    const out: DebugProtocol.Breakpoint[] = [];
    for (const s of specs) {
      const firsts = this.model
        .allFiles()
        .flatMap((f) => f.mediators)
        .filter(
          (m) =>
            m.root.artifact === s.name &&
            m.position.length === 1 &&
            m.position[0] === 0 &&
            ['named', 'template', 'api_inseq', 'proxy_inseq'].includes(m.root.type),
        );
      if (!firsts.length) {
        out.push({
          id: nextId++,
          verified: false,
          message: `No API, proxy service, sequence or template named '${s.name}' with a mediator in the project.`,
        });
        continue;
      }
      let message: string | undefined;
      for (const n of firsts) {
        const p = flowPointOf(n);
        const failed = await this.sendPoint('set', p);
        if (failed) message = `Micro Integrator refused it (${failed}).`;
        else this.functionPoints.push(p);
      }
      out.push({ id: nextId++, verified: !message, message });
    }
    return out;
  }

  async setExceptionFilters(filters: string[]): Promise<void> {
    if (filters.includes('fault'))
      this.events.output({
        category: 'important',
        text: "Micro Integrator's debug protocol has no fault events: 'On mediation fault' works only with launch.\n",
      });
  }

  threads(): DebugProtocol.Thread[] {
    return [{ id: MI_THREAD, name: 'Micro Integrator' }];
  }

  async stackTrace(threadId: number): Promise<DebugProtocol.StackFrame[]> {
    if (threadId !== MI_THREAD || !this.suspended) return [];
    const n = this.suspended.node;
    if (!n)
      return [
        {
          id: 1,
          name: `mediator at ${JSON.stringify(flowPointJson(this.suspended.point))} (not found in the project)`,
          line: 0,
          column: 0,
        },
      ];
    return [
      {
        id: 1,
        name: `${n.name} (${n.root.label})`,
        source: { name: basename(n.file), path: n.file },
        line: n.startLine,
        endLine: n.endLine,
        column: 1,
      },
    ];
  }

  private ref(s: Scope): number {
    const id = this.nextRef++;
    this.refs.set(id, s);
    return id;
  }

  async scopes(): Promise<DebugProtocol.Scope[]> {
    if (!this.suspended) return [];
    return [
      {
        name: 'Payload',
        presentationHint: 'locals',
        variablesReference: this.ref({ kind: 'payload' }),
        expensive: false,
      },
      { name: 'Transport headers', variablesReference: this.ref({ kind: 'headers' }), expensive: false },
      { name: 'Properties (default)', variablesReference: this.ref({ kind: 'synapse' }), expensive: false },
      { name: 'Properties (axis2)', variablesReference: this.ref({ kind: 'axis2' }), expensive: false },
      {
        name: 'Properties (operation)',
        variablesReference: this.ref({ kind: 'operation' }),
        expensive: false,
      },
      { name: 'Variables', variablesReference: this.ref({ kind: 'vars' }), expensive: false },
    ];
  }

  private async get(obj: Record<string, unknown>): Promise<Record<string, unknown>> {
    const r = (await this.client.send({ command: 'get', ...obj })) as unknown;
    if (
      r &&
      typeof r === 'object' &&
      !Array.isArray(r) &&
      (r as Record<string, unknown>)['command-response'] === 'failed'
    )
      throw new UserError(`Micro Integrator: ${String((r as Record<string, unknown>)['failed-reason'])}`);
    if (Array.isArray(r))
      return Object.assign({}, ...(r as Record<string, unknown>[])) as Record<string, unknown>;
    return r as Record<string, unknown>;
  }

  private dumps(): Promise<Record<string, Record<string, unknown>>> {
    if (!this.cache) {
      this.cache = (async () => {
        const all = await this.get({ 'command-argument': 'properties', context: 'all' });
        const op = await this.get({ 'command-argument': 'properties', context: 'operation' }).catch(
          () => ({}) as Record<string, unknown>,
        );
        const vars = await this.get({ 'command-argument': 'variables' }).catch(
          () => ({}) as Record<string, unknown>,
        );
        return {
          axis2: (all['axis2-properties'] ?? {}) as Record<string, unknown>,
          synapse: (all['synapse-properties'] ?? {}) as Record<string, unknown>,
          operation: (op['axis2Operation-properties'] ?? {}) as Record<string, unknown>,
          vars: (vars['message-variables'] ?? {}) as Record<string, unknown>,
        };
      })();
      this.cache.catch(() => (this.cache = undefined));
    }
    return this.cache;
  }

  async variables(ref: number): Promise<DebugProtocol.Variable[]> {
    const s = this.refs.get(ref);
    if (!s || !this.suspended) return [];
    const d = await this.dumps();
    const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'));
    const list = (o: Record<string, unknown>, ev: (k: string) => string) =>
      Object.keys(o)
        .sort()
        .map((k) => ({ name: k, value: shown(text(o[k])), evaluateName: ev(k), variablesReference: 0 }));
    switch (s.kind) {
      case 'payload': {
        const env = text(d.axis2.Envelope ?? '');
        return [
          { name: 'payload', value: shown(env), variablesReference: 0, evaluateName: 'Envelope' },
          {
            name: 'content type',
            value: text(d.axis2.ContentType ?? d.axis2.MessageType ?? ''),
            variablesReference: 0,
          },
          { name: 'size', value: `${Buffer.byteLength(env, 'utf8')} bytes`, variablesReference: 0 },
          { name: 'direction', value: text(d.axis2.Direction ?? ''), variablesReference: 0 },
        ];
      }
      case 'headers':
        return list((d.axis2.TransportHeaders ?? {}) as Record<string, unknown>, (k) => `$trp:${k}`);
      case 'synapse':
        return list(d.synapse, (k) => `$ctx:${k}`);
      case 'axis2': {
        const o = { ...d.axis2 };
        delete o.Envelope;
        delete o.TransportHeaders;
        return list(o, (k) => `$axis2:${k}`);
      }
      case 'operation':
        return list(d.operation, (k) => `get-property('operation','${k}')`);
      case 'vars':
        return list(d.vars, (k) => `\${vars.${k}}`);
    }
  }

  async setVariable(ref: number, name: string, value: string): Promise<{ value: string }> {
    const s = this.refs.get(ref);
    if (!s || !this.suspended) throw new UserError('No message is suspended.');
    const v = value.trim().replace(/^"(.*)"$/s, '$1');
    let r: Record<string, unknown>;
    switch (s.kind) {
      case 'payload':
        throw new UserError(
          "Micro Integrator's debug protocol cannot change the payload (only properties and variables).",
        );
      case 'vars':
        r = (await this.client.send({
          command: 'set',
          'command-argument': 'variable',
          variable: { 'variable-name': name, 'variable-value': v },
        })) as Record<string, unknown>;
        break;
      default: {
        const context = s.kind === 'headers' ? 'transport' : s.kind === 'synapse' ? 'default' : s.kind;
        r = (await this.client.send({
          command: 'set',
          'command-argument': 'property',
          context,
          property: { 'property-name': name, 'property-value': v },
        })) as Record<string, unknown>;
      }
    }
    if (r['command-response'] !== 'successful')
      throw new UserError(`Micro Integrator refused the change: ${String(r['failed-reason'] ?? 'failed')}`);
    this.cache = undefined;
    return { value: v };
  }

  async resume(threadId: number, step?: 'in' | 'over' | 'out'): Promise<void> {
    if (threadId !== MI_THREAD || !this.suspended) throw new UserError('No message is suspended.');
    if (step) this.events.output({ category: 'important', text: `${NO_STEP}\n` });
    // forget the stop before resuming: the next breakpoint event may arrive before the command's response
    this.suspended = undefined;
    this.cache = undefined;
    this.refs.clear();
    this.events.continued(MI_THREAD);
    const r = (await this.client.send({ command: 'resume' })) as Record<string, unknown>;
    if (r['command-response'] !== 'successful')
      throw new UserError(`Micro Integrator: ${String(r['failed-reason'] ?? 'resume failed')}`);
  }

  async pause(): Promise<void> {
    throw new UserError(
      "Micro Integrator's debug protocol cannot pause a running message: set a breakpoint on a mediator instead.",
    );
  }

  async evaluate(expression: string): Promise<EvaluateResult> {
    if (!this.suspended) throw new UserError('No message is suspended.');
    const e = expression.trim();
    let m: RegExpExecArray | null;
    let req: Record<string, unknown> | undefined;
    let key = '';
    if (
      (m = /^\$ctx:([\w.-]+)$/.exec(e)) ||
      (m = /^get-property\(\s*'([^']+)'\s*\)$/.exec(e)) ||
      (m = /^\$\{props\.synapse\.([\w.-]+)\}$/.exec(e))
    ) {
      key = m[1];
      req = { 'command-argument': 'property', context: 'default', property: { 'property-name': key } };
    } else if (
      (m = /^\$axis2:([\w.-]+)$/.exec(e)) ||
      (m = /^get-property\(\s*'axis2'\s*,\s*'([^']+)'\s*\)$/.exec(e))
    ) {
      key = m[1];
      req = { 'command-argument': 'property', context: 'axis2', property: { 'property-name': key } };
    } else if ((m = /^\$trp:([\w.-]+)$/.exec(e))) {
      key = m[1];
      req = { 'command-argument': 'property', context: 'transport', property: { 'property-name': key } };
    } else if ((m = /^\$\{vars\.([\w.-]+)\}$/.exec(e)) || (m = /^\$var:([\w.-]+)$/.exec(e))) {
      key = m[1];
      req = { 'command-argument': 'variable', variable: { 'variable-name': key } };
    } else if (e === 'Envelope') {
      const d = await this.dumps();
      const env = d.axis2.Envelope;
      return { result: typeof env === 'string' ? env : JSON.stringify(env), variablesReference: 0 };
    }
    if (!req)
      throw new UserError(
        "Micro Integrator's debug protocol cannot evaluate expressions; it can read a property or variable: $ctx:name, $axis2:name, $trp:name, ${vars.name}.",
      );
    const r = await this.get(req);
    const v = r[key];
    return {
      result: v === null || v === undefined ? 'null' : typeof v === 'string' ? v : JSON.stringify(v),
      variablesReference: 0,
    };
  }

  async completions(text: string, column: number): Promise<DebugProtocol.CompletionItem[]> {
    if (!this.suspended) return completionsFor(text, column, undefined);
    const d = await this.dumps().catch(() => undefined);
    return completionsFor(
      text,
      column,
      d && {
        properties: Object.keys(d.synapse),
        axis2: Object.keys(d.axis2),
        headers: Object.keys((d.axis2.TransportHeaders ?? {}) as object),
        variables: Object.keys(d.vars),
        templateParameters: [],
        payloadKeys: [],
      },
    );
  }

  breakpointLocations(file: string, line: number, endLine: number): DebugProtocol.BreakpointLocation[] {
    return mediatorStarts(this.model, file, line, endLine);
  }

  async close(): Promise<void> {
    try {
      for (const bps of this.byFile.values())
        for (const b of bps) if (b.verified && b.point) await this.sendPoint('clear', b.point);
      for (const p of this.functionPoints) await this.sendPoint('clear', p);
      if (this.suspended) await this.client.send({ command: 'resume' });
    } catch {
      // the server may be gone already
    }
    this.client.close();
  }
}
