/** `synapse run` as a real process for the tests: started from the repository root, ready when it says so. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface RunningCli {
  proc: ChildProcess;
  /** Everything written to standard output / error so far. */
  out: () => string;
  err: () => string;
  /** Standard output up to "ready (Ctrl-C to stop)"; rejects when the process exits first or takes over 15 s. */
  ready: Promise<string>;
}

/** Starts `node dist/cli.js run ARGS…` with the environment added to this process's. */
export function startSynapseRun(args: string[], env: Record<string, string> = {}): RunningCli {
  const proc = spawn(process.execPath, [CLI, 'run', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${out}\n${err}`)), 15_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready (Ctrl-C to stop)')) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}\n${err}`));
    });
  });
  return { proc, out: () => out, err: () => err, ready };
}

/**
 * Resolves with the exit code once the process has exited and what it wrote is read to the end: its 'close', not its
 * 'exit' (when 'exit' fires, the last lines it wrote, e.g. "synapse run: stopped", may still be in the pipes).
 */
export function closed(proc: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    const ended = [proc.stdout, proc.stderr].every((s) => !s || s.readableEnded || s.destroyed);
    if (proc.exitCode !== null && ended) return r(proc.exitCode);
    proc.once('close', (code) => r(code));
  });
}

/** SIGTERM, and resolves when the process has exited and its output is read (at once when it already has). */
export async function stopProcess(proc: ChildProcess): Promise<void> {
  const done = closed(proc);
  if (proc.exitCode === null) proc.kill('SIGTERM');
  await done;
}
