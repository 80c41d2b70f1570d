/**
 * Shared helpers of the benchmarks: CPU time of a process from /proc, free ports, spawning servers and waiting for
 * them, wrk runs, simple statistics and the result file every bench writes (bench/run.mjs turns them into
 * BENCHMARKS.md). Benchmarks print figures and ratios; they never assert on time.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..');
export const RESULTS = join(REPO, 'bench', 'results');

let clkTck: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat times. */
export function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** utime + stime of one process, in microseconds (0 when it is gone). */
export function cpuMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1e6) / ticksPerSecond();
  } catch {
    return 0;
  }
}

/** The pids of a process's direct children (e.g. nginx's worker). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/))
          if (c) out.push(Number(c));
      } catch {
        // task ended
      }
    }
  } catch {
    // process ended
  }
  return out;
}

/** CPU of a process and its direct children, in microseconds. */
export function cpuTreeMicros(pid: number): number {
  return cpuMicros(pid) + childPids(pid).reduce((s, c) => s + cpuMicros(c), 0);
}

/** Resident set size of a process in MB. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** One GET or POST on 127.0.0.1; resolves with the status (0 on a connection error). */
export function httpOnce(port: number, path: string, body?: string, timeoutMs = 2000): Promise<number> {
  return new Promise((done) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: body === undefined ? {} : { 'content-type': 'application/xml' },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', () => done(0));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

/** Polls until a path answers `status` (bounded). */
export async function waitFor(
  port: number,
  path: string,
  status = 200,
  limitMs = 15000,
  body?: string,
): Promise<void> {
  const end = Date.now() + limitMs;
  let last = 0;
  while (Date.now() < end) {
    last = await httpOnce(port, path, body, 1000);
    if (last === status) return;
    await sleep(20);
  }
  throw new Error(
    `127.0.0.1:${port}${path} did not answer ${status} within ${limitMs} ms (last status ${last})`,
  );
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a process, keeps the end of its output, and stops it (SIGTERM, then SIGKILL after 3 s). */
export function startProc(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Proc {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? REPO,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 20000) out = out.slice(-10000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const gone = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  return {
    child,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(t);
    },
  };
}

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  errors: number;
  p50ms: number;
  p99ms: number;
}

function ms(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60000;
}

/** A closed-loop wrk run (one thread, `connections` keep-alive connections, optional lua script for POST). */
export function wrk(url: string, connections: number, seconds: number, script?: string): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '5s'];
  if (script) args.push('-s', script);
  args.push(url);
  return new Promise((done, fail) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const kill = setTimeout(() => p.kill('SIGKILL'), (seconds + 15) * 1000);
    p.on('exit', () => {
      clearTimeout(kill);
      const req = /(\d+) requests in ([\d.]+)(\w+)/.exec(out);
      if (!req) return fail(new Error(`wrk output not understood:\n${out}`));
      const secs = ms(`${req[2]}${req[3]}`) / 1000;
      const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      const p50 = /\s50%\s+(\S+)/.exec(out);
      const p99 = /\s99%\s+(\S+)/.exec(out);
      done({
        requests: Number(req[1]),
        seconds: secs,
        rps: Number(req[1]) / secs,
        errors:
          (errs ? errs.slice(1).reduce((s, x) => s + Number(x), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0),
        p50ms: p50 ? ms(p50[1]) : NaN,
        p99ms: p99 ? ms(p99[1]) : NaN,
      });
    });
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** One figure of a bench: its value, and its reference and ratio when it has one, and its target when set. */
export interface Row {
  metric: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  /** value ÷ reference (or as `ratioNote` says) */
  ratio?: number;
  ratioNote?: string;
  target?: string;
  met?: boolean;
}

export interface BenchResult {
  bench: string;
  title: string;
  date: string;
  seconds: number;
  setup: string[];
  rows: Row[];
  notes: string[];
}

export class Recorder {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  readonly setup: string[] = [];
  private readonly t0 = Date.now();
  constructor(
    readonly bench: string,
    readonly title: string,
  ) {}

  add(row: Row): Row {
    this.rows.push(row);
    const ref = row.reference
      ? `   ref ${row.reference.name}: ${round(row.reference.value)} ${row.unit}`
      : '';
    const ratio =
      row.ratio !== undefined
        ? `   ratio ${round(row.ratio, 3)}${row.ratioNote ? ` (${row.ratioNote})` : ''}`
        : '';
    const target = row.target ? `   target ${row.target}: ${row.met ? 'met' : 'MISSED'}` : '';
    process.stdout.write(`  ${row.metric}: ${round(row.value)} ${row.unit}${ref}${ratio}${target}\n`);
    return row;
  }

  note(text: string): void {
    this.notes.push(text);
    process.stdout.write(`  note: ${text}\n`);
  }

  save(): BenchResult {
    const r: BenchResult = {
      bench: this.bench,
      title: this.title,
      date: new Date().toISOString(),
      seconds: Math.round((Date.now() - this.t0) / 1000),
      setup: this.setup,
      rows: this.rows,
      notes: this.notes,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, `${this.bench}.json`), JSON.stringify(r, null, 2) + '\n');
    return r;
  }
}
