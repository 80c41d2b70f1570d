/** DAP over stdio against dist/debugAdapter.js: launch, breakpoints, stepping, threads (build first: npm run build). */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  API_FILE,
  SEQ_FILE,
  TEMPLATE_FILE,
  freePort,
  launch,
  lineOf,
  request,
  startBackend,
  stopped,
  topFrame,
  type Backend,
  type Session,
} from './helpers';
import { until } from '../support';

describe('debug adapter: launch, breakpoints and stepping', function () {
  this.timeout(20_000);
  let s: (Session & { breakpoints: Record<string, DebugProtocol.Breakpoint[]> }) | undefined;
  let backend: Backend | undefined;
  afterEach(async () => {
    await s?.stop().catch(() => undefined);
    s = undefined;
    await backend?.close();
    backend = undefined;
  });

  it('is a stub that loads the engine from the bundle the CLI runs it from (dist/cli-runtime.js: one copy in the .vsix)', () => {
    const dist = join(__dirname, '..', '..', 'dist');
    const adapter = readFileSync(join(dist, 'debugAdapter.js'), 'utf8');
    assert.ok(adapter.length < 16_000, `dist/debugAdapter.js is ${adapter.length} bytes`);
    assert.match(adapter, /require\("\.\/cli-runtime\.js"\)/);
    // run, serve and test load the same chunk (no engine of their own for `synapse test`)
    const cli = readFileSync(join(dist, 'cli.js'), 'utf8');
    assert.match(cli, /require\("\.\/cli-runtime\.js"\)/);
    assert.doesNotMatch(cli, /cli-test\.js/);
  });

  it('prints the URLs it serves and stops at the exact line of a breakpoint in an API and in a sequence', async () => {
    const apiLine = lineOf(API_FILE, '<property name="mark"');
    const seqLine = lineOf(SEQ_FILE, '<log level="custom">');
    s = await launch({ [API_FILE]: [{ line: apiLine }], [SEQ_FILE]: [{ line: seqLine }] });
    assert.match(s.outputs.join(''), /API ShopAPI: http:\/\/127\.0\.0\.1:\d+\/shop/);
    assert.equal(s.breakpoints[API_FILE][0].verified, true);
    assert.equal(s.breakpoints[API_FILE][0].line, apiLine);
    let answered = '';
    const res = request(`${s.base}/shop/items/3`).then((r) => ((answered = `${r.status} ${r.body}`), r));
    const e1 = await stopped(s.dc).catch((e: Error) => {
      throw new Error(`${e.message}; answered: ${answered}; output: ${s!.outputs.join('')}`);
    });
    assert.equal(e1.body.reason, 'breakpoint');
    const f1 = await topFrame(s.dc, e1.body.threadId!);
    assert.equal(f1.source?.path, API_FILE);
    assert.equal(f1.line, apiLine);
    const st = await s.dc.stackTraceRequest({ threadId: e1.body.threadId! });
    assert.match(st.body.stackFrames.at(-1)!.name, /ShopAPI GET \/items\/\{id\}/);
    await s.dc.continueRequest({ threadId: e1.body.threadId! });
    const e2 = await stopped(s.dc);
    const f2 = await topFrame(s.dc, e2.body.threadId!);
    assert.equal(f2.source?.path, SEQ_FILE);
    assert.equal(f2.line, seqLine);
    await s.dc.continueRequest({ threadId: e2.body.threadId! });
    const r = await res;
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).id, '3');
  });

  it('binds any line of a multi-line start tag, and reports other lines unverified with a reason', async () => {
    const openLine = lineOf(API_FILE, '<call-template target="StampTemplate">');
    const paramLine = lineOf(API_FILE, '<with-param name="who"');
    const apiLine = lineOf(API_FILE, '<api ');
    s = await launch({ [API_FILE]: [{ line: apiLine }, { line: openLine }, { line: paramLine }] });
    const [a, b, c] = s.breakpoints[API_FILE];
    assert.equal(a.verified, false);
    assert.match(a.message ?? '', /not on a mediator's start tag/);
    assert.equal(b.verified, true);
    assert.equal(c.verified, false, 'with-param is not a mediator');
    const locs = (await s.dc.send('breakpointLocations', {
      source: { path: API_FILE },
      line: 1,
      endLine: openLine + 2,
    })) as DebugProtocol.BreakpointLocationsResponse;
    assert.deepEqual(
      locs.body.breakpoints.map((b) => b.line),
      [
        lineOf(API_FILE, '<property name="mark"'),
        lineOf(API_FILE, '<variable name="greeting"'),
        lineOf(API_FILE, '<sequence key="EnrichSeq"/>'),
        openLine,
      ],
    );
  });

  it('stops in the sequence of an inbound endpoint; the bottom frame is the inbound endpoint', async () => {
    const port = await freePort();
    const logLine = lineOf(SEQ_FILE, '<log level="custom">');
    s = await launch({ [SEQ_FILE]: [{ line: logLine }] }, { env: { SHOP_INBOUND_PORT: String(port) } });
    assert.match(s.outputs.join(''), new RegExp(`Inbound OrdersInbound: http://127.0.0.1:${port}/`));
    const res = request(`http://127.0.0.1:${port}/anything`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    const e = await stopped(s.dc);
    const st = await s.dc.stackTraceRequest({ threadId: e.body.threadId! });
    assert.equal(st.body.stackFrames[0].source?.path, SEQ_FILE);
    assert.equal(st.body.stackFrames[0].line, logLine);
    assert.match(st.body.stackFrames.at(-1)!.name, /inbound OrdersInbound/);
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    assert.ok((await res).status < 500);
  });

  it('respects the API resource: a breakpoint in the POST resource does not stop a GET', async () => {
    const postLine = lineOf(API_FILE, '<log level="custom">', 'uri-template="/orders"');
    s = await launch({ [API_FILE]: [{ line: postLine }] });
    const events: unknown[] = [];
    s.dc.on('stopped', (e) => events.push(e));
    const r = await request(`${s.base}/shop/items/4`);
    assert.equal(r.status, 200);
    assert.equal(events.length, 0);
  });

  it('steps into a sequence file and a template, steps out, and steps into the filter branch taken', async () => {
    const seqCall = lineOf(API_FILE, '<sequence key="EnrichSeq"/>');
    s = await launch({ [API_FILE]: [{ line: seqCall }] });
    const res = request(`${s.base}/shop/items/7`);
    const e = await stopped(s.dc);
    const tid = e.body.threadId!;
    const step = async (kind: 'stepIn' | 'stepOut' | 'next') => {
      const p = stopped(s!.dc);
      if (kind === 'stepIn') await s!.dc.stepInRequest({ threadId: tid });
      else if (kind === 'stepOut') await s!.dc.stepOutRequest({ threadId: tid });
      else await s!.dc.nextRequest({ threadId: tid });
      const ev = await p;
      assert.equal(ev.body.reason, 'step');
      return topFrame(s!.dc, tid);
    };
    let f = await step('stepIn');
    assert.equal(f.source?.path, SEQ_FILE);
    assert.equal(f.line, lineOf(SEQ_FILE, '<property name="enriched"'));
    const st = await s.dc.stackTraceRequest({ threadId: tid });
    assert.equal(st.body.stackFrames[1].line, seqCall, 'the caller frame is the <sequence> mediator');
    f = await step('stepOut');
    assert.equal(f.source?.path, API_FILE);
    assert.equal(f.line, lineOf(API_FILE, '<call-template target="StampTemplate">'));
    f = await step('stepIn');
    assert.equal(f.source?.path, TEMPLATE_FILE);
    assert.equal(f.line, lineOf(TEMPLATE_FILE, '<property name="stamp"'));
    f = await step('next');
    assert.equal(
      f.line,
      lineOf(API_FILE, '<filter '),
      'next past the last mediator of the template returns to the caller',
    );
    f = await step('stepIn');
    assert.equal(
      f.line,
      lineOf(API_FILE, '<property name="lucky" value="yes"/>'),
      'id 7 takes the then branch',
    );
    await s.dc.continueRequest({ threadId: tid });
    const r = await res;
    assert.equal(JSON.parse(r.body).lucky, 'yes');
    assert.equal(JSON.parse(r.body).tag, 'shop');
  });

  it('next over a call mediator waits for the real backend and stops at the next mediator', async () => {
    backend = await startBackend(150);
    const callLine = lineOf(API_FILE, '<call>');
    s = await launch({ [API_FILE]: [{ line: callLine }] }, { env: { SHOP_BACKEND_URL: backend.url } });
    const res = request(`${s.base}/shop/orders`, {
      method: 'POST',
      body: '{"item":"pen"}',
      headers: { 'content-type': 'application/json' },
    });
    const e = await stopped(s.dc);
    assert.equal((await topFrame(s.dc, e.body.threadId!)).line, callLine);
    assert.equal(backend.requests.length, 0);
    const p = stopped(s.dc);
    await s.dc.nextRequest({ threadId: e.body.threadId! });
    await p;
    assert.equal(backend.requests.length, 1, 'the backend was called before the stop');
    assert.equal(
      (await topFrame(s.dc, e.body.threadId!)).line,
      lineOf(API_FILE, '<property name="backendSaid"'),
    );
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    const r = await res;
    assert.equal(JSON.parse(r.body).status, 'stored');
  });

  it('"wireLogs": true shows the HTTP bytes to and from the client and the back end in the debug console', async () => {
    backend = await startBackend();
    s = await launch({}, { env: { SHOP_BACKEND_URL: backend.url }, wireLogs: true });
    const r = await request(`${s.base}/shop/orders`, {
      method: 'POST',
      body: '{"item":"ink"}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.status, 200);
    const out = s.outputs.join('');
    assert.match(
      out,
      /DEBUG \{wire\} - HTTP-Listener I\/O dispatcher-1 >> "POST \/shop\/orders HTTP\/1\.1\[\\r\]\[\\n\]"/,
    );
    assert.match(out, /DEBUG \{wire\} - HTTP-Sender I\/O dispatcher-1 << "\{"item":"ink"\}"/);
    assert.match(
      out,
      /DEBUG \{wire\} - HTTP-Listener I\/O dispatcher-1 << "HTTP\/1\.1 200 OK\[\\r\]\[\\n\]"/,
    );
  });

  it('"httpsPort" also serves the project over HTTPS and says where', async () => {
    backend = await startBackend();
    const saved = process.env.SYNAPSE_CONFIG_DIR;
    const config = mkdtempSync(join(tmpdir(), 'synapse-dap-cert-'));
    process.env.SYNAPSE_CONFIG_DIR = config;
    try {
      s = await launch({}, { env: { SHOP_BACKEND_URL: backend.url }, httpsPort: 0 });
    } finally {
      if (saved === undefined) delete process.env.SYNAPSE_CONFIG_DIR;
      else process.env.SYNAPSE_CONFIG_DIR = saved;
    }
    const m = /HTTPS listener: https:\/\/127\.0\.0\.1:(\d+)/.exec(s.outputs.join(''));
    assert.ok(m, s.outputs.join(''));
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        `https://127.0.0.1:${m[1]}/shop/orders`,
        { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end('{"item":"cap"}');
    });
    assert.equal(status, 200);
    rmSync(config, { recursive: true, force: true });
  });

  it('conditional breakpoints, hit counts and logpoints', async () => {
    const mark = lineOf(API_FILE, '<property name="mark"');
    const enriched = lineOf(SEQ_FILE, '<property name="enriched"');
    const stamp = lineOf(TEMPLATE_FILE, '<property name="stamp"');
    s = await launch({
      [API_FILE]: [{ line: mark, condition: "$ctx:uri.var.id = '7'" }],
      [SEQ_FILE]: [{ line: enriched, hitCondition: '2' }],
      [TEMPLATE_FILE]: [{ line: stamp, logMessage: 'stamping item {$ctx:uri.var.id} for {$func:who}' }],
    });
    const events: DebugProtocol.StoppedEvent[] = [];
    s.dc.on('stopped', (e) => events.push(e as DebugProtocol.StoppedEvent));
    // id 1: condition false, first hit of the sequence breakpoint: no stop; the logpoint logs
    const r1 = await request(`${s.base}/shop/items/1`);
    assert.equal(r1.status, 200);
    assert.equal(events.length, 0);
    assert.match(s.outputs.join(''), /stamping item 1 for shop/);
    // id 7: the condition holds
    const r2 = request(`${s.base}/shop/items/7`);
    const e = await stopped(s.dc);
    assert.equal((await topFrame(s.dc, e.body.threadId!)).line, mark);
    const p = stopped(s.dc);
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    // second hit of the sequence breakpoint stops
    const e2 = await p;
    assert.equal((await topFrame(s.dc, e2.body.threadId!)).line, enriched);
    await s.dc.continueRequest({ threadId: e2.body.threadId! });
    assert.equal((await r2).status, 200);
  });

  it('two concurrent requests are two threads, paused and continued independently', async () => {
    const mark = lineOf(API_FILE, '<property name="mark"');
    s = await launch({ [API_FILE]: [{ line: mark }] });
    const seen: DebugProtocol.StoppedEvent[] = [];
    const both = new Promise<void>((resolve) =>
      s!.dc.on('stopped', (e) => {
        seen.push(e as DebugProtocol.StoppedEvent);
        if (seen.length === 2) resolve();
      }),
    );
    const r1 = request(`${s.base}/shop/items/11`);
    const r2 = request(`${s.base}/shop/items/22`);
    await both;
    const ids = seen.map((e) => e.body.threadId!);
    assert.notEqual(ids[0], ids[1]);
    const threads = await s.dc.threadsRequest();
    const names = threads.body.threads.map((t) => t.name);
    assert.ok(
      names.includes('GET /shop/items/11') && names.includes('GET /shop/items/22'),
      names.join(' | '),
    );
    const t22 = threads.body.threads.find((t) => t.name === 'GET /shop/items/22')!.id;
    const t11 = threads.body.threads.find((t) => t.name === 'GET /shop/items/11')!.id;
    await s.dc.continueRequest({ threadId: t22 });
    const done2 = await r2;
    assert.equal(JSON.parse(done2.body).id, '22', 'one message finished while the other stays paused');
    const st = await s.dc.stackTraceRequest({ threadId: t11 });
    assert.equal(st.body.stackFrames[0].line, mark);
    await s.dc.continueRequest({ threadId: t11 });
    assert.equal(JSON.parse((await r1).body).id, '11');
  });

  it('the "on mediation fault" filter stops where the error arose', async () => {
    s = await launch({}, { exceptionFilters: ['fault'] });
    const res = request(`${s.base}/shop/fail`);
    const e = await stopped(s.dc);
    assert.equal(e.body.reason, 'exception');
    assert.match(e.body.description ?? e.body.text ?? '', /shelf is empty/);
    const f = await topFrame(s.dc, e.body.threadId!);
    assert.equal(f.line, lineOf(API_FILE, '<throwError'));
    const info = (await s.dc.send('exceptionInfo', {
      threadId: e.body.threadId!,
    })) as DebugProtocol.ExceptionInfoResponse;
    assert.equal(info.body.exceptionId, 'SHOP_ERROR');
    assert.match(info.body.description ?? '', /shelf is empty/);
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    const r = await res;
    assert.match(r.body, /shelf is empty/);
    // an error no fault sequence of the project handles also stops; MI's default fault sequence logs it and drops
    // the message, so the client gets 202 with no body (ServerWorker.sendAck) and the error is in the output
    const res2 = request(`${s.base}/shop/crash`);
    const e2 = await stopped(s.dc);
    assert.equal(e2.body.reason, 'exception');
    assert.equal((await topFrame(s.dc, e2.body.threadId!)).line, lineOf(API_FILE, 'nobody catches this'));
    await s.dc.continueRequest({ threadId: e2.body.threadId! });
    const r2 = await res2;
    assert.equal(r2.status, 202);
    assert.equal(r2.body, '');
    await until('the uncaught fault in the output', () => /nobody catches this/.test(s!.outputs.join('')));
    assert.match(s.outputs.join(''), /nobody catches this/);
  });

  it('function breakpoints by artifact name; pause stops a running message at its next mediator', async () => {
    s = await launch({}, { functionBreakpoints: ['EnrichSeq'] });
    const res = request(`${s.base}/shop/items/5`);
    const e = await stopped(s.dc);
    assert.equal(e.body.reason, 'function breakpoint');
    const f = await topFrame(s.dc, e.body.threadId!);
    assert.equal(f.source?.path, SEQ_FILE);
    assert.equal(f.line, lineOf(SEQ_FILE, '<property name="enriched"'));
    // pause a running message: it stops at its next mediator
    await s.dc.pauseRequest({ threadId: e.body.threadId! });
    const p = stopped(s.dc);
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    const e2 = await p;
    assert.equal(e2.body.reason, 'pause');
    assert.equal((await topFrame(s.dc, e2.body.threadId!)).line, lineOf(SEQ_FILE, '<log level="custom">'));
    await s.dc.continueRequest({ threadId: e2.body.threadId! });
    assert.equal((await res).status, 200);
  });

  it('terminate lets a paused message go, stops the runtime and ends the session', async () => {
    const mark = lineOf(API_FILE, '<property name="mark"');
    s = await launch({ [API_FILE]: [{ line: mark }] });
    const port = Number(new URL(s.base).port);
    const res = request(`${s.base}/shop/items/1`).catch((e: Error) => ({ status: -1, body: e.message }));
    await stopped(s.dc);
    const terminated = s.dc.waitForEvent('terminated', 15_000);
    await s.dc.terminateRequest({});
    await terminated;
    const r = await res;
    assert.equal(r.status, 200, 'the paused message was released and answered');
    const refused = await new Promise<boolean>((resolve) => {
      const c = connect({ host: '127.0.0.1', port });
      c.once('connect', () => {
        c.destroy();
        resolve(false);
      });
      c.once('error', () => resolve(true));
    });
    assert.equal(refused, true);
  });

  it('disconnect leaves no process and no port behind', async () => {
    s = await launch({});
    const port = Number(new URL(s.base).port);
    const proc = (s.dc as unknown as { _adapterProcess: import('node:child_process').ChildProcess })
      ._adapterProcess;
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    await s.dc.disconnectRequest({});
    // (10 s: the adapter exits at once, but a loaded machine may take seconds to schedule it)
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<string>((r) => (timer = setTimeout(() => r('still running'), 10_000))),
    ]);
    clearTimeout(timer);
    assert.notEqual(code, 'still running');
    const refused = await new Promise<boolean>((resolve) => {
      const c = connect({ host: '127.0.0.1', port });
      c.once('connect', () => {
        c.destroy();
        resolve(false);
      });
      c.once('error', () => resolve(true));
    });
    assert.equal(refused, true);
    s = undefined;
  });
});

describe('debug adapter: bad launch input', function () {
  this.timeout(20_000);
  it('a missing project folder, a bad port and a port in use (DAP_LISTEN_FAILED) are clear errors with a code; a broken file is reported with file, line and code', async () => {
    const { DebugClient } = await import('@vscode/debugadapter-testsupport');
    const { ADAPTER, copyProject } = await import('./helpers');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { createServer } = await import('node:net');
    const start = async () => {
      const dc = new DebugClient('node', ADAPTER, 'synapse');
      await dc.start();
      return dc;
    };
    let dc = await start();
    try {
      await assert.rejects(
        dc.launch({ project: '/no/such/project', httpPort: 0 } as DebugProtocol.LaunchRequestArguments),
        /does not exist.*DAP_PROJECT_NOT_FOUND/,
      );
    } finally {
      await dc.stop();
    }
    dc = await start();
    try {
      await assert.rejects(
        dc.launch({ project: '.', httpPort: 70000 } as DebugProtocol.LaunchRequestArguments),
        /DAP_BAD_PORT/,
      );
    } finally {
      await dc.stop();
    }
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as import('node:net').AddressInfo).port;
    const copy = copyProject();
    dc = await start();
    const outputs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    try {
      writeFileSync(
        join(copy.dir, 'src/main/wso2mi/artifacts/sequences/Broken.xml'),
        '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Broken">\n  <log level="nope"\n</sequence>\n',
      );
      await Promise.all([
        dc.configurationSequence(),
        assert.rejects(
          dc.launch({ project: copy.dir, httpPort: busy } as DebugProtocol.LaunchRequestArguments),
          /DAP_LISTEN_FAILED/,
        ),
      ]);
      assert.match(outputs.join(''), /Broken\.xml:\d+:\d+ [A-Z_]+ /);
    } finally {
      await dc.stop();
      blocker.close();
      copy.remove();
    }
  });
});
