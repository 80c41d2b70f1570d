/**
 * "Run Project" without vscode: `synapse run DIR --http-port N` as a child process whose state (starting, running on
 * a port, stopped, failed) and MI-style log lines are reported to the caller; restart stops and starts it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lines } from '../servers/localServer-core';

export type RunState =
  | { state: 'stopped' }
  | { state: 'starting' }
  | { state: 'running'; port: number; urls: string[] }
  | { state: 'failed'; message: string };

export interface RunOptions {
  cliPath: string;
  nodePath?: string;
  dir: string;
  httpPort: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onState?: (s: RunState) => void;
  startTimeoutMs?: number;
}

export class ProjectRunner {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  current: RunState = { state: 'stopped' };

  constructor(private readonly opts: RunOptions) {}

  private set(s: RunState): void {
    this.current = s;
    this.opts.onState?.(s);
  }

  /** Starts the runtime; resolves when it is ready (or rejects with the reason it is not). */
  start(): Promise<RunState> {
    if (this.child) return Promise.resolve(this.current);
    this.set({ state: 'starting' });
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    const child = spawn(
      this.opts.nodePath ?? process.execPath,
      [this.opts.cliPath, 'run', this.opts.dir, '--http-port', String(this.opts.httpPort)],
      {
        env,
        cwd: this.opts.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    const killOnExit = () => child.kill('SIGTERM');
    process.once('exit', killOnExit);
    this.exited = new Promise((r) =>
      child.once('exit', () => {
        process.removeListener('exit', killOnExit);
        r();
      }),
    );
    const urls: string[] = [];
    let stderr = '';
    return new Promise<RunState>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        if (!ready) {
          child.kill();
          const s: RunState = {
            state: 'failed',
            message: `the runtime did not report ready within ${Math.round((this.opts.startTimeoutMs ?? 30_000) / 1000)} s`,
          };
          this.set(s);
          reject(new Error(`${s.message} [RUN_TIMEOUT]`));
        }
      }, this.opts.startTimeoutMs ?? 30_000);
      lines(child.stdout!, (l) => {
        this.opts.onLine?.(l, 'stdout');
        const u = /^\s+(https?:\/\/\S+)/.exec(l);
        if (u && !ready) urls.push(u[1]);
        if (!ready && /^synapse run: ready/.test(l)) {
          ready = true;
          clearTimeout(timer);
          const port = portOf(urls) ?? this.opts.httpPort;
          const s: RunState = { state: 'running', port, urls };
          this.set(s);
          resolve(s);
        }
      });
      lines(child.stderr!, (l) => {
        stderr += `${l}\n`;
        this.opts.onLine?.(l, 'stderr');
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        this.child = undefined;
        const s: RunState = { state: 'failed', message: `cannot start the runtime: ${e.message}` };
        this.set(s);
        if (!ready) reject(new Error(`${s.message} [RUN_FAILED]`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = undefined;
        if (!ready) {
          const last = stderr.trim().split('\n').slice(-3).join(' ');
          const s: RunState = {
            state: 'failed',
            message: `the runtime exited (${code ?? signal}) before it was ready${last ? `: ${last}` : ''}`,
          };
          this.set(s);
          reject(new Error(`${s.message} [RUN_FAILED]`));
        } else if (this.current.state !== 'stopped') {
          this.set(
            code === 0 || signal === 'SIGTERM'
              ? { state: 'stopped' }
              : { state: 'failed', message: `the runtime exited (${code ?? signal})` },
          );
        }
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.set({ state: 'stopped' });
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }

  async restart(): Promise<RunState> {
    await this.stop();
    return this.start();
  }

  get running(): boolean {
    return this.child !== undefined;
  }
}

function portOf(urls: string[]): number | undefined {
  for (const u of urls) {
    try {
      const p = Number(new URL(u).port);
      if (p) return p;
    } catch {
      /* not a URL */
    }
  }
  return undefined;
}
