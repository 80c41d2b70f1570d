/**
 * Debugger bench (issue "Debug adapter"): dist/debugAdapter.js over stdio with @vscode/debugadapter-testsupport's
 * DebugClient, on examples/hello-world.
 *
 * - F5 to ready: spawn the adapter, initialize, launch, configurationDone, until the runtime answers its first 200;
 *   reference: `synapse run` of the same project until its first 200 (the runtime without a debugger), interleaved.
 * - Step latency: stopped at a breakpoint in HelloAPI, `next` → `stopped` for each mediator of the flow, many times;
 *   reference: the round trip of a `threads` request (the adapter's floor), measured in the same session.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { freePort, httpOnce, median, percentile, Recorder, REPO, sleep } from './lib';

const ADAPTER = join(REPO, 'dist', 'debugAdapter.js');
const CLI = join(REPO, 'dist', 'cli.js');
const PROJECT = join(REPO, 'examples', 'hello-world');
const API = join(PROJECT, 'src/main/wso2mi/artifacts/apis/HelloAPI.xml');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 60);

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function firstAnswer(port: number, deadline: number): Promise<void> {
  while (now() < deadline) {
    const status = await httpOnce(port, '/hello/greet/bench', undefined, 500).catch(() => 0);
    if (status === 200) return;
    await sleep(5);
  }
  throw new Error(`no 200 on port ${port}`);
}

async function launchSession(port: number, breakpointLine?: number): Promise<DebugClient> {
  const dc = new DebugClient('node', ADAPTER, 'synapse');
  await dc.start();
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (breakpointLine)
        await dc.setBreakpointsRequest({ source: { path: API }, breakpoints: [{ line: breakpointLine }] });
      await dc.configurationDoneRequest();
    }),
    dc.launch({
      type: 'synapse',
      request: 'launch',
      name: 'bench',
      project: PROJECT,
      httpPort: port,
    } as DebugProtocol.LaunchRequestArguments),
  ]);
  return dc;
}

async function f5ToReady(): Promise<number> {
  const port = await freePort();
  const t0 = now();
  const dc = await launchSession(port);
  await firstAnswer(port, t0 + 15_000);
  const ms = now() - t0;
  await dc.stop();
  return ms;
}

async function runToReady(): Promise<number> {
  const port = await freePort();
  const t0 = now();
  const child = spawn(process.execPath, [CLI, 'run', PROJECT, '--http-port', String(port)], {
    stdio: 'ignore',
  });
  try {
    await firstAnswer(port, t0 + 15_000);
    return now() - t0;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function stepLatencies(): Promise<{ steps: number[]; threads: number[] }> {
  const text = (await import('node:fs')).readFileSync(API, 'utf8').split('\n');
  const line = text.findIndex((l) => l.includes('<log category="INFO">')) + 1;
  const port = await freePort();
  const dc = await launchSession(port, line);
  const steps: number[] = [];
  const threads: number[] = [];
  try {
    while (steps.length < STEPS) {
      const answered = httpOnce(port, '/hello/greet/bench', undefined, 10_000).catch(() => 0);
      let ev = (await dc.waitForEvent('stopped', 10_000)) as DebugProtocol.StoppedEvent;
      const threadId = ev.body.threadId!;
      for (;;) {
        const t1 = now();
        await dc.threadsRequest();
        threads.push(now() - t1);
        const t0 = now();
        const next = dc.nextRequest({ threadId });
        const stoppedOrDone = await Promise.race([
          dc.waitForEvent('stopped', 10_000).then((e) => e as DebugProtocol.StoppedEvent),
          answered.then(() => undefined),
        ]);
        await next;
        if (!stoppedOrDone) break;
        steps.push(now() - t0);
        ev = stoppedOrDone;
      }
      await answered;
    }
  } finally {
    await dc.stop();
  }
  return { steps, threads };
}

async function main() {
  const rec = new Recorder('dap', 'Debugger: F5 to ready and step latency');
  rec.setup.push(
    `dist/debugAdapter.js over stdio, client @vscode/debugadapter-testsupport DebugClient; project examples/hello-world`,
    `${ROUNDS} interleaved rounds of (F5 to first 200) and (synapse run to first 200) after one warm-up of each; ${STEPS} steps`,
  );
  await f5ToReady();
  await runToReady();
  const f5: number[] = [];
  const run: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    f5.push(await f5ToReady());
    run.push(await runToReady());
  }
  const ratios = f5.map((v, i) => v / run[i]!);
  const f5m = median(f5);
  rec.add({
    metric:
      'F5 to ready: spawn the adapter, initialize, launch, configurationDone, until the first 200 (median)',
    value: f5m,
    unit: 'ms',
    reference: { name: '`synapse run` of the same project to its first 200', value: median(run) },
    ratio: median(ratios),
    ratioNote: 'median of per-round ratios',
    target: '≤ 1 s',
    met: f5m <= 1000,
  });
  const { steps, threads } = await stepLatencies();
  const p95 = percentile(steps, 95);
  rec.add({
    metric: 'step latency p95: next → stopped at the next mediator',
    value: p95,
    unit: 'ms',
    reference: { name: '`threads` request round trip p95, same session', value: percentile(threads, 95) },
    ratio: p95 / percentile(threads, 95),
    target: '≤ 20 ms',
    met: p95 <= 20,
  });
  rec.add({ metric: 'step latency p50', value: median(steps), unit: 'ms' });
  rec.note(
    `${steps.length} steps measured over the mediators of GET /hello/greet/{name} (log, call-template into the template, payloadFactory, respond)`,
  );
  rec.note(
    "the runtime's CPU per request with a never-pausing debug hook against none is in the runtime section (the adapter attaches exactly that hook)",
  );
  rec.save();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
