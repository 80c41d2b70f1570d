/** Runs the `synapse` CLI as a process (cli/main.ts through tsx, so the tests need no build). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The real command line: a broken cli/main.ts must fail these tests. */
export function cliEntry(): string {
  return join(ROOT, 'cli', 'main.ts');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 20000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry(), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`synapse ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  httpPort: number;
  managementUrl: string;
  serverUrl: string;
  fingerprint: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts `synapse serve` on ephemeral ports and waits for its "ready" line. */
export function startServeProcess(
  env: Record<string, string | undefined>,
  extra: string[] = [],
  timeoutMs = 20000,
): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliEntry(), 'serve', '--http-port', '0', '--management-port', '0', ...extra],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      if (!/synapse serve: ready/.test(out)) return;
      clearTimeout(t);
      const httpPort = Number(/HTTP http:\/\/[^:]+:(\d+)/.exec(out)![1]);
      const managementUrl = /management API (\S+)/.exec(out)![1];
      const fingerprint = /fingerprint (\S+)/.exec(out)![1];
      resolve({
        child,
        httpPort,
        managementUrl,
        serverUrl: managementUrl.replace(/\/management$/, ''),
        fingerprint,
        output: () => out,
        // resolves on 'close', not 'exit': the last lines it wrote ("synapse serve: stopped") may still be in the
        // pipes when 'exit' fires
        stop: () =>
          new Promise((r) => {
            const ended = [child.stdout, child.stderr].every((s) => !s || s.readableEnded || s.destroyed);
            if (child.exitCode !== null && ended) return r(child.exitCode);
            child.once('close', (code) => r(code));
            if (child.exitCode === null) child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(t);
      if (!/synapse serve: ready/.test(out)) reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}
