/**
 * attach over Micro Integrator's debug wire protocol, against `synapse serve --debug-ports` (a real process with the
 * shop project deployed as a CAR through the management API).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { WireClient } from '../../runtime-debug/wire/client';
import {
  ADAPTER,
  freePort,
  API_FILE,
  ROOT,
  SEQ_FILE,
  SHOP,
  lineOf,
  request,
  scopeValues,
  startBackend,
  stopped,
  topFrame,
  type Backend,
} from './helpers';
import { until } from '../support';

const CLI = join(ROOT, 'dist/cli.js');
const ADMIN = { SYNAPSE_ADMIN_USER: 'dbg-admin', SYNAPSE_ADMIN_PASSWORD: 'dbg-Secret-1' };

interface Served {
  proc: ChildProcess;
  redeploy(): { status: number | null; out: string };
  http: string;
  commandPort: number;
  eventPort: number;
  stop(): Promise<void>;
}

async function serveShop(backendUrl: string, configDir: string): Promise<Served> {
  const env = {
    ...process.env,
    ...ADMIN,
    SYNAPSE_CONFIG_DIR: configDir,
    SHOP_BACKEND_URL: backendUrl,
    SHOP_INBOUND_PORT: String(await freePort()),
  };
  const proc = spawn(
    process.execPath,
    [CLI, 'serve', '--http-port', '0', '--management-port', '0', '--debug-ports', '0,0'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 15_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('synapse serve: ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (c) => reject(new Error(`serve exited ${c}: ${out} ${err}`)));
  });
  const http = /HTTP (http:\/\/\S+)/.exec(out)![1];
  const mgmt = /management API (https:\/\/\S+)/.exec(out)![1];
  const fp = /fingerprint (\S+)/.exec(out)![1];
  const ports = /debugger command port (\d+), event port (\d+)/.exec(out);
  assert.ok(ports, out);
  const deploy = () => {
    const dep = spawnSync(
      process.execPath,
      [CLI, 'deploy', SHOP, '--server', mgmt, '--user', ADMIN.SYNAPSE_ADMIN_USER, '--fingerprint', fp],
      {
        env: { ...env, SYNAPSE_PASSWORD: ADMIN.SYNAPSE_ADMIN_PASSWORD },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    return { status: dep.status, out: `${dep.stdout}\n${dep.stderr}` };
  };
  const dep = deploy();
  assert.equal(dep.status, 0, dep.out);
  return {
    proc,
    redeploy: deploy,
    http,
    commandPort: Number(ports[1]),
    eventPort: Number(ports[2]),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

describe('debug adapter: attach to synapse serve --debug-ports (MI wire protocol)', function () {
  this.timeout(60_000);
  let served: Served;
  let backend: Backend;
  let configDir: string;
  before(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'synapse-dap-serve-'));
    backend = await startBackend();
    served = await serveShop(backend.url, configDir);
  });
  after(async () => {
    await served?.stop();
    await backend?.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('speaks the documented protocol: set/clear breakpoints with MI failure reasons, events, properties, resume', async () => {
    const c = new WireClient({ commandPort: served.commandPort, eventPort: served.eventPort });
    await c.connect();
    const events: Record<string, unknown>[] = [];
    c.on('event', (e: Record<string, unknown>) => events.push(e));
    try {
      const api = (pos: string, uri = '/items/{id}', key = 'ShopAPI') => ({
        command: 'set',
        'command-argument': 'breakpoint',
        'mediation-component': 'sequence',
        sequence: {
          api: {
            'api-key': key,
            resource: { method: 'GET', 'uri-template': uri },
            'sequence-type': 'api_inseq',
            'mediator-position': pos,
          },
        },
      });
      assert.deepEqual(await c.send(api('2')), { 'command-response': 'successful' });
      assert.deepEqual(await c.send(api('2')), {
        'command-response': 'failed',
        'failed-reason': 'already breakpoint enabled at mediator position',
      });
      assert.deepEqual(await c.send(api('0', '/items/{id}', 'NoSuchAPI')), {
        'command-response': 'failed',
        'failed-reason': 'api not found',
      });
      assert.deepEqual(await c.send(api('0', '/nothing')), {
        'command-response': 'failed',
        'failed-reason': 'api resource not found',
      });
      assert.deepEqual(await c.send(api('42')), {
        'command-response': 'failed',
        'failed-reason': 'non existing mediator position',
      });
      assert.deepEqual(await c.send({ command: 'fly' }), {
        'command-response': 'failed',
        'failed-reason': 'command not found',
      });
      // filter at index 4: "4 1 0" is the first mediator of its then branch
      assert.deepEqual(await c.send(api('4 1 0')), { 'command-response': 'successful' });
      assert.deepEqual(
        await c.send({ command: 'get', 'command-argument': 'properties', context: 'all' }),
        { 'command-response': 'failed', 'failed-reason': 'unable to acquire message context properties' },
        'properties only while a message is suspended',
      );
      const res = request(`${served.http}/shop/items/7`);
      await until('the breakpoint event', () => events.some((e) => e.event === 'breakpoint'));
      assert.deepEqual(events[0], { event: 'started' });
      const bp = events.find((e) => e.event === 'breakpoint')!;
      assert.deepEqual(bp, {
        event: 'breakpoint',
        'mediation-component': 'sequence',
        sequence: {
          api: {
            'api-key': 'ShopAPI',
            resource: { method: 'GET', mapping: '/items/{id}' },
            'sequence-type': 'api_inseq',
            'mediator-position': '2',
          },
        },
      });
      const all = (await c.send({
        command: 'get',
        'command-argument': 'properties',
        context: 'all',
      })) as Record<string, Record<string, unknown>>[];
      assert.equal(all[1]['synapse-properties'].mark, 'get-item');
      assert.equal(all[0]['axis2-properties'].Direction, 'request');
      assert.deepEqual(
        await c.send({
          command: 'get',
          'command-argument': 'property',
          context: 'default',
          property: { 'property-name': 'mark' },
        }),
        { mark: 'get-item' },
      );
      assert.deepEqual(await c.send({ command: 'get', 'command-argument': 'variables' }), {
        'message-variables': { greeting: 'hello' },
      });
      assert.deepEqual(
        await c.send({
          command: 'set',
          'command-argument': 'variable',
          variable: { 'variable-name': 'greeting', 'variable-value': 'ciao' },
        }),
        { 'command-response': 'successful' },
      );
      assert.deepEqual(await c.send({ command: 'resume' }), { 'command-response': 'successful' });
      // the then-branch breakpoint ("4 1 0")
      await until(
        'the second breakpoint event',
        () => events.filter((e) => e.event === 'breakpoint').length >= 2,
      );
      const bp2 = events.filter((e) => e.event === 'breakpoint')[1] as {
        sequence: { api: Record<string, unknown> };
      };
      assert.equal(bp2.sequence.api['mediator-position'], '4 1 0');
      assert.deepEqual(await c.send({ command: 'resume' }), { 'command-response': 'successful' });
      const r = await res;
      assert.equal(JSON.parse(r.body).greeting, 'ciao');
      assert.ok(events.some((e) => e.event === 'resumed client'));
      await until('the terminated event', () => events.some((e) => e.event === 'terminated'));
      assert.ok(events.some((e) => e.event === 'terminated'));
      const clear = { ...api('2'), command: 'clear' };
      assert.deepEqual(await c.send(clear), { 'command-response': 'successful' });
      assert.deepEqual(await c.send(clear), {
        'command-response': 'failed',
        'failed-reason': 'already breakpoint disabled at mediator position',
      });
      assert.deepEqual(await c.send({ ...api('4 1 0'), command: 'clear' }), {
        'command-response': 'successful',
      });
      // a redeploy is announced so that the debugger can set its breakpoints again
      const again = served.redeploy();
      assert.equal(again.status, 0, again.out);
      await until('the configuration updated event', () =>
        events.some((e) => e.event === 'configuration updated'),
      );
      assert.ok(events.some((e) => e.event === 'configuration updated'));
    } finally {
      c.close();
    }
  });

  it('DAP attach: breakpoints as mediator positions from our model, hit, read and set properties, resume, clear', async () => {
    const dc = new DebugClient('node', ADAPTER, 'synapse');
    const outputs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    await dc.start();
    try {
      const seqCall = lineOf(API_FILE, '<sequence key="EnrichSeq"/>');
      const logLine = lineOf(SEQ_FILE, '<log level="custom">');
      let bps: DebugProtocol.Breakpoint[] = [];
      await Promise.all([
        dc.waitForEvent('initialized').then(async () => {
          bps = (
            await dc.setBreakpointsRequest({
              source: { path: API_FILE },
              breakpoints: [
                { line: seqCall },
                { line: seqCall + 100 },
                { line: lineOf(API_FILE, '<property name="mark"'), condition: '1 = 1' },
              ],
            })
          ).body.breakpoints;
          await dc.setBreakpointsRequest({ source: { path: SEQ_FILE }, breakpoints: [{ line: logLine }] });
          await dc.configurationDoneRequest();
        }),
        dc
          .initializeRequest({
            adapterID: 'synapse',
            linesStartAt1: true,
            columnsStartAt1: true,
            pathFormat: 'path',
          })
          .then(() =>
            dc.attachRequest({
              type: 'synapse',
              request: 'attach',
              name: 'attach',
              host: '127.0.0.1',
              commandPort: served.commandPort,
              eventPort: served.eventPort,
              project: SHOP,
            } as DebugProtocol.AttachRequestArguments),
          ),
      ]);
      assert.equal(bps[0].verified, true);
      assert.equal(bps[1].verified, false);
      assert.equal(bps[2].verified, false);
      assert.match(bps[2].message ?? '', /cannot evaluate conditions/);
      assert.match(outputs.join(''), /cannot step, pause, evaluate expressions/);
      const res = request(`${served.http}/shop/items/5`);
      const e = await stopped(dc);
      const f = await topFrame(dc, e.body.threadId!);
      assert.equal(f.source?.path, API_FILE);
      assert.equal(f.line, seqCall);
      const props = await scopeValues(dc, e.body.threadId!, 'Properties (default)');
      assert.equal(props.values.mark, 'get-item');
      await dc.setVariableRequest({ variablesReference: props.ref, name: 'lucky', value: 'attached' });
      const ev = await dc.evaluateRequest({ expression: '$ctx:lucky', context: 'repl', frameId: f.id });
      assert.equal(ev.body.result, 'attached');
      await assert.rejects(
        dc.evaluateRequest({ expression: 'json-eval($.x)', context: 'repl', frameId: f.id }),
        /cannot evaluate expressions/,
      );
      await assert.rejects(dc.pauseRequest({ threadId: e.body.threadId! }), /cannot pause/);
      const payload = await scopeValues(dc, e.body.threadId!, 'Payload');
      await assert.rejects(
        dc.setVariableRequest({ variablesReference: payload.ref, name: 'payload', value: '{}' }),
        /cannot change the payload/,
      );
      // next: the protocol has no stepping; it continues to the next breakpoint (the sequence's log)
      const p = stopped(dc);
      await dc.nextRequest({ threadId: e.body.threadId! });
      const e2 = await p;
      const f2 = await topFrame(dc, e2.body.threadId!);
      assert.equal(f2.source?.path, SEQ_FILE);
      assert.equal(f2.line, logLine);
      assert.match(outputs.join(''), /has no stepping/);
      await dc.continueRequest({ threadId: e2.body.threadId! });
      const r = JSON.parse((await res).body);
      assert.equal(r.lucky, 'no', 'the filter ran after the change and set it again');
      // clear every breakpoint: the next request flows through
      await dc.setBreakpointsRequest({ source: { path: API_FILE }, breakpoints: [] });
      await dc.setBreakpointsRequest({ source: { path: SEQ_FILE }, breakpoints: [] });
      const events: unknown[] = [];
      dc.on('stopped', (x) => events.push(x));
      assert.equal((await request(`${served.http}/shop/items/6`)).status, 200);
      assert.equal(events.length, 0);
      await dc.disconnectRequest({});
    } finally {
      await dc.stop().catch(() => undefined);
    }
  });

  it('DAP attach: hit counts are counted by the adapter; function breakpoints stop at the first mediator of a sequence', async () => {
    const dc = new DebugClient('node', ADAPTER, 'synapse');
    await dc.start();
    try {
      const mark = lineOf(API_FILE, '<property name="mark"');
      let fb: DebugProtocol.Breakpoint[] = [];
      await Promise.all([
        dc.waitForEvent('initialized').then(async () => {
          await dc.setBreakpointsRequest({
            source: { path: API_FILE },
            breakpoints: [{ line: mark, hitCondition: '2' }],
          });
          fb = (
            await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'EnrichSeq' }, { name: 'Nope' }] })
          ).body.breakpoints;
          await dc.configurationDoneRequest();
        }),
        dc
          .initializeRequest({
            adapterID: 'synapse',
            linesStartAt1: true,
            columnsStartAt1: true,
            pathFormat: 'path',
          })
          .then(() =>
            dc.attachRequest({
              type: 'synapse',
              request: 'attach',
              name: 'attach',
              commandPort: served.commandPort,
              eventPort: served.eventPort,
              project: SHOP,
            } as DebugProtocol.AttachRequestArguments),
          ),
      ]);
      assert.deepEqual(
        fb.map((b) => b.verified),
        [true, false],
      );
      const stops: DebugProtocol.StoppedEvent[] = [];
      dc.on('stopped', (e) => stops.push(e as DebugProtocol.StoppedEvent));
      // first request: the hit-count breakpoint is passed (hit 1), the function breakpoint stops
      const r1 = request(`${served.http}/shop/items/1`);
      const e1 = await stopped(dc);
      assert.equal((await topFrame(dc, e1.body.threadId!)).source?.path, SEQ_FILE);
      assert.equal(
        (await topFrame(dc, e1.body.threadId!)).line,
        lineOf(SEQ_FILE, '<property name="enriched"'),
      );
      await dc.continueRequest({ threadId: e1.body.threadId! });
      assert.equal((await r1).status, 200);
      assert.equal(stops.length, 1);
      // second request: hit 2 of the mark breakpoint stops
      const r2 = request(`${served.http}/shop/items/2`);
      const e2 = await stopped(dc);
      assert.equal((await topFrame(dc, e2.body.threadId!)).line, mark);
      await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
      await dc.continueRequest({ threadId: e2.body.threadId! });
      assert.equal((await r2).status, 200);
      await dc.disconnectRequest({});
    } finally {
      await dc.stop().catch(() => undefined);
    }
  });
});
