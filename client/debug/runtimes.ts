/**
 * Which local runtime a request goes to: the one of a running `synapse` launch session (its URLs are read from the
 * adapter's output as it prints them), or the one started by "Run Project" (asked through the `synapse.run.state`
 * command when that feature offers it, else found listening on the `synapse.run.httpPort` setting's port).
 */
import * as vscode from 'vscode';
import {
  DEBUG_TYPE,
  DEFAULT_HTTP_PORT,
  baseUrlFromConfig,
  baseUrlFromOutput,
  isListening,
  isReadyLine,
} from './config-core';

export interface RuntimeEndpoint {
  /** `http://127.0.0.1:8290` */
  base: string;
  source: 'debug' | 'run';
  session?: vscode.DebugSession;
}

interface SessionState {
  session: vscode.DebugSession;
  base?: string;
  ready: boolean;
  waiters: (() => void)[];
}

/** Command of "Run Project" answering `{ state, port?, host? }` (registered by that feature when it is loaded). */
export const RUN_STATE_COMMAND = 'synapse.run.state';

export class RuntimeRegistry {
  private readonly sessions = new Map<string, SessionState>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a runtime becomes ready or goes away. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.disposables.push(
      this.changed,
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => {
          if (session.configuration.request !== 'launch') return undefined;
          const st: SessionState = { session, ready: false, waiters: [] };
          this.sessions.set(session.id, st);
          return {
            onDidSendMessage: (m: { type?: string; event?: string; body?: { output?: string } }) => {
              if (m.type !== 'event' || m.event !== 'output' || typeof m.body?.output !== 'string') return;
              for (const line of m.body.output.split('\n')) {
                const base = baseUrlFromOutput(line);
                if (base && !st.base) st.base = base;
                if (isReadyLine(line) && !st.ready) {
                  st.ready = true;
                  // A runtime with no API or proxy prints no URL: fall back to its configuration.
                  st.base ??= baseUrlFromConfig(
                    session.configuration as { host?: unknown; httpPort?: unknown },
                  );
                  for (const w of st.waiters.splice(0)) w();
                  this.changed.fire();
                }
              }
            },
            onExit: () => this.drop(session.id),
          };
        },
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.drop(s.id)),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private drop(id: string): void {
    const st = this.sessions.get(id);
    if (!st) return;
    this.sessions.delete(id);
    for (const w of st.waiters.splice(0)) w();
    this.changed.fire();
  }

  /** Synapse launch sessions, the active one first. */
  private ordered(): SessionState[] {
    const all = [...this.sessions.values()];
    const active = vscode.debug.activeDebugSession?.id;
    return all.sort((a, b) => Number(b.session.id === active) - Number(a.session.id === active));
  }

  /** Whether a Synapse launch session is running (ready or starting). */
  get debugging(): boolean {
    return this.sessions.size > 0;
  }

  /**
   * The runtime to send to: a debug session's (waiting up to `waitMs` for one still starting), else Run Project's.
   */
  async current(waitMs = 15_000): Promise<RuntimeEndpoint | undefined> {
    const sessions = this.ordered();
    const ready = sessions.find((s) => s.ready && s.base);
    if (ready) return { base: ready.base!, source: 'debug', session: ready.session };
    const starting = sessions.find((s) => !s.ready);
    if (starting) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, waitMs);
        starting.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
      if (starting.ready && starting.base)
        return { base: starting.base, source: 'debug', session: starting.session };
    }
    return runProjectEndpoint();
  }
}

/**
 * Run Project's runtime: its state command when that feature offers one, else its configured port
 * (`synapse.run.httpPort`) when something listens there on this machine.
 */
async function runProjectEndpoint(): Promise<RuntimeEndpoint | undefined> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(RUN_STATE_COMMAND)) {
    try {
      const s = await vscode.commands.executeCommand<
        { state?: string; port?: number; host?: string } | undefined
      >(RUN_STATE_COMMAND);
      if (s?.state !== 'running' || typeof s.port !== 'number') return undefined;
      const base = baseUrlFromConfig({ host: s.host, httpPort: s.port });
      return base ? { base, source: 'run' } : undefined;
    } catch {
      return undefined;
    }
  }
  const port = vscode.workspace.getConfiguration('synapse').get<number>('run.httpPort', DEFAULT_HTTP_PORT);
  if (!(await isListening(port))) return undefined;
  const base = baseUrlFromConfig({ httpPort: port });
  return base ? { base, source: 'run' } : undefined;
}
