/**
 * "Start Local Server": `synapse serve` as a managed child process (no vscode import). Credentials are generated per
 * start and handed over in the environment (never on the command line); the process prints its management URL and
 * its certificate fingerprint, which the caller pins without asking (it started that server itself).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { normalizeFingerprint } from '../../core/management';

export interface LocalServerOptions {
  /** Path of dist/cli.js. */
  cliPath: string;
  /** The Node executable (process.execPath by default; in VS Code set ELECTRON_RUN_AS_NODE). */
  nodePath?: string;
  httpPort?: number;
  managementPort?: number;
  /** Where serve keeps its certificate (SYNAPSE_CONFIG_DIR). */
  configDir?: string;
  onLine?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface LocalServer {
  readonly url: string;
  readonly httpUrl: string;
  readonly fingerprint: string;
  readonly user: string;
  readonly password: string;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export class LocalServerError extends Error {
  constructor(message: string) {
    super(`${message} [LOCAL_SERVER_FAILED]`);
    this.name = 'LocalServerError';
  }
}

export function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const user = 'admin';
  const password = randomBytes(18).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SYNAPSE_ADMIN_USER: user,
    SYNAPSE_ADMIN_PASSWORD: password,
    ELECTRON_RUN_AS_NODE: '1',
  };
  if (opts.configDir) env.SYNAPSE_CONFIG_DIR = opts.configDir;
  const args = [
    opts.cliPath,
    'serve',
    '--http-port',
    String(opts.httpPort ?? 0),
    '--management-port',
    String(opts.managementPort ?? 0),
  ];
  const child: ChildProcess = spawn(opts.nodePath ?? process.execPath, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // never outlive the window: killed when this process exits, even without a clean deactivate
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      process.removeListener('exit', killOnExit);
      r(code);
    }),
  );
  return new Promise<LocalServer>((resolve, reject) => {
    let url = '';
    let httpUrl = '';
    let fingerprint = '';
    let settled = false;
    let stderr = '';
    const fail = (msg: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(new LocalServerError(msg));
    };
    const timer = setTimeout(
      () =>
        fail(
          `synapse serve did not report ready within ${Math.round((opts.startTimeoutMs ?? 20_000) / 1000)} s`,
        ),
      opts.startTimeoutMs ?? 20_000,
    );
    const onLine = (line: string) => {
      opts.onLine?.(line);
      let m: RegExpMatchArray | null;
      if ((m = /^synapse serve: management API (\S+)/.exec(line))) url = m[1].replace(/\/management\/?$/, '');
      else if ((m = /^synapse serve: HTTP (\S+)/.exec(line))) httpUrl = m[1];
      else if ((m = /^synapse serve: certificate SHA-256 fingerprint (\S+)/.exec(line)))
        fingerprint = normalizeFingerprint(m[1]) ?? '';
      else if (/^synapse serve: ready/.test(line) && !settled) {
        if (!url || !fingerprint)
          return fail('synapse serve started without printing its URL and fingerprint');
        settled = true;
        clearTimeout(timer);
        resolve({
          url,
          httpUrl,
          fingerprint,
          user,
          password,
          pid: child.pid ?? -1,
          exited,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill('SIGTERM');
              const t = setTimeout(() => child.kill('SIGKILL'), 5000);
              await exited;
              clearTimeout(t);
            }
          },
        });
      }
    };
    lines(child.stdout!, onLine);
    lines(child.stderr!, (l) => {
      stderr += `${l}\n`;
      opts.onLine?.(l);
    });
    child.once('error', (e) => fail(`cannot start synapse serve: ${e.message}`));
    child.once('exit', (code) =>
      fail(`synapse serve exited (${code}) before it was ready: ${stderr.trim().slice(0, 500)}`),
    );
  });
}

/** Calls `fn` for each complete line of a stream. */
export function lines(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let buf = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      fn(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (buf) fn(buf);
    buf = '';
  });
}
