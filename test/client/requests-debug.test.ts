/**
 * The debugger's client side without vscode: which project F5 runs and the configuration it gets, checks before a
 * launch, and the request sender against the real debug adapter (dist/debugAdapter.js) running the example project:
 * the runtime's address read from the adapter's output as the extension reads it, a request held at a breakpoint
 * until continue, and its response.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  attachConfig,
  baseUrlFromConfig,
  baseUrlFromOutput,
  configProblem,
  initialConfigurations,
  isListening,
  isPortFree,
  isReadyLine,
  launchConfig,
  projectRootOf,
  projectsIn,
  projectVariable,
} from '../../client/debug/config-core';
import { formatResponse, parseHeaders, sendRequest } from '../../client/requests/http';
import { fillTemplate, pathMismatch } from '../../client/requests/path';
import { findRequestTargets } from '../../client/requests/targets';

const ROOT = join(__dirname, '..', '..');
const HELLO = join(ROOT, 'examples/hello-world');
const HELLO_API = join(HELLO, 'src/main/wso2mi/artifacts/apis/HelloAPI.xml');
const ADAPTER = join(ROOT, 'dist/debugAdapter.js');

describe('client: debug configurations', () => {
  let ws = '';
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'synapse dbg ü-'));
    // Projects side by side in one workspace folder, one in each layout, plus unrelated folders.
    mkdirSync(join(ws, 'orders', 'src/main/wso2mi/artifacts/apis'), { recursive: true });
    writeFileSync(
      join(ws, 'orders', 'src/main/wso2mi/artifacts/apis/A.xml'),
      '<api xmlns="http://ws.apache.org/ns/synapse" name="A" context="/a"/>',
    );
    // An Integration Studio solution: its folder holds a module with src/main/synapse-config.
    mkdirSync(join(ws, 'legacy', 'LegacyConfigs', 'src/main/synapse-config/api'), { recursive: true });
    mkdirSync(join(ws, 'node_modules', 'x', 'src/main/wso2mi/artifacts'), { recursive: true });
    mkdirSync(join(ws, 'docs'), { recursive: true });
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('finds the project of a file and the projects of a workspace folder', () => {
    assert.equal(
      projectRootOf(join(ws, 'orders', 'src/main/wso2mi/artifacts/apis/A.xml'), ws),
      join(ws, 'orders'),
    );
    assert.equal(projectRootOf(join(ws, 'docs'), ws), undefined);
    assert.equal(projectRootOf(HELLO_API), HELLO);
    assert.deepEqual(projectsIn(ws), [join(ws, 'legacy'), join(ws, 'orders')]);
    assert.deepEqual(projectsIn(HELLO), [HELLO]);
    assert.deepEqual(projectsIn(join(ws, 'docs')), []);
  });

  it('writes project paths relative to the workspace folder', () => {
    assert.equal(projectVariable(ws, ws), '${workspaceFolder}');
    assert.equal(projectVariable(join(ws, 'orders'), ws), '${workspaceFolder}/orders');
    assert.equal(projectVariable('/elsewhere/p', ws), '/elsewhere/p');
    assert.equal(projectVariable('/elsewhere/p', undefined), '/elsewhere/p');
  });

  it('offers one launch per project and an attach configuration', () => {
    const cs = initialConfigurations(ws);
    assert.deepEqual(
      cs.map((c) => [c.type, c.request, c.project, c.httpPort]),
      [
        ['synapse', 'launch', '${workspaceFolder}/legacy', 8290],
        ['synapse', 'launch', '${workspaceFolder}/orders', 8290],
        ['synapse', 'attach', '${workspaceFolder}/legacy', undefined],
      ],
    );
    assert.equal(cs[2].commandPort, 9005);
    assert.equal(cs[2].eventPort, 9006);
    assert.equal(new Set(cs.map((c) => c.name)).size, 3, 'names are distinct');
    assert.deepEqual(
      initialConfigurations(HELLO).map((c) => [c.request, c.project]),
      [
        ['launch', '${workspaceFolder}'],
        ['attach', '${workspaceFolder}'],
      ],
    );
    assert.equal(launchConfig(HELLO, HELLO).stopOnEntry, false);
    assert.equal(attachConfig(undefined, undefined).project, undefined);
  });

  it('reports what keeps a configuration from running, with a code', () => {
    assert.equal(configProblem({ ...launchConfig(HELLO, undefined) }), undefined);
    assert.equal(
      configProblem({ type: 'synapse', request: 'launch', name: 'x', project: HELLO, httpPort: 0 }),
      undefined,
    );
    assert.equal(configProblem({ type: 'synapse', request: 'launch', name: 'x' })?.code, 'DBG_NO_PROJECT');
    assert.equal(
      configProblem({ type: 'synapse', request: 'launch', name: 'x', project: join(ws, 'nope') })?.code,
      'DBG_PROJECT_MISSING',
    );
    assert.equal(
      configProblem({ type: 'synapse', request: 'launch', name: 'x', project: HELLO, httpPort: 70000 })?.code,
      'DBG_BAD_PORT',
    );
    assert.equal(
      configProblem({ type: 'synapse', request: 'attach', name: 'x', commandPort: 0 })?.code,
      'DBG_BAD_PORT',
    );
    assert.equal(configProblem(attachConfig(HELLO, HELLO)), undefined);
    assert.equal(
      configProblem({ type: 'synapse', request: 'bogus' as 'launch', name: 'x' })?.code,
      'DBG_BAD_REQUEST',
    );
  });

  it('knows whether a port is taken', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    try {
      assert.equal(await isPortFree(port), false);
      assert.equal(await isListening(port), true);
    } finally {
      await new Promise((r) => s.close(r));
    }
    assert.equal(await isPortFree(port), true);
    assert.equal(await isListening(port), false);
    assert.equal(await isPortFree(0), true);
    assert.equal(await isListening(0), false);
  });

  it('reads runtime addresses from output lines and configurations', () => {
    assert.equal(baseUrlFromOutput('API HelloAPI: http://127.0.0.1:8290/hello\n'), 'http://127.0.0.1:8290');
    assert.equal(
      baseUrlFromOutput('Proxy EchoProxy: http://[::1]:41234/services/EchoProxy'),
      'http://[::1]:41234',
    );
    assert.equal(baseUrlFromOutput('[2026-01-01] INFO LogMediator API HelloAPI: http://x'), undefined);
    assert.ok(isReadyLine('Synapse runtime ready (7 artifacts)\n'));
    assert.ok(!isReadyLine('not ready'));
    assert.equal(baseUrlFromConfig({ httpPort: 9000 }), 'http://127.0.0.1:9000');
    assert.equal(baseUrlFromConfig({}), 'http://127.0.0.1:8290');
    assert.equal(baseUrlFromConfig({ httpPort: 0 }), undefined);
    assert.equal(baseUrlFromConfig({ host: '0.0.0.0', httpPort: 1 }), 'http://127.0.0.1:1');
  });
});

describe('client: send request to the debugged runtime (real adapter)', function () {
  this.timeout(30_000);
  let dc: DebugClient | undefined;
  const outputs: string[] = [];

  afterEach(async () => {
    await dc?.stop().catch(() => undefined);
    dc = undefined;
    outputs.length = 0;
  });

  /** Launches the example project as VS Code would for F5, with `bps` (1-based lines of HelloAPI.xml). */
  async function launch(lines: number[]): Promise<void> {
    dc = new DebugClient(process.execPath, ADAPTER, 'synapse');
    dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    await dc.start();
    const cfg = { ...launchConfig(HELLO, undefined), project: HELLO, httpPort: 0 };
    const c = dc;
    await Promise.all([
      c.waitForEvent('initialized').then(async () => {
        await c.setBreakpointsRequest({
          source: { path: HELLO_API },
          breakpoints: lines.map((line) => ({ line })),
        });
        await c.configurationDoneRequest();
      }),
      c.launch(cfg as DebugProtocol.LaunchRequestArguments),
    ]);
  }

  /** The runtime's address as the extension's tracker finds it: the first URL line, once the ready line came. */
  function trackedBase(): string {
    const lines = outputs.join('').split('\n');
    assert.ok(lines.some(isReadyLine), `no ready line in ${JSON.stringify(lines)}`);
    const base = lines.map(baseUrlFromOutput).find(Boolean);
    assert.ok(base, `no URL line in ${JSON.stringify(lines)}`);
    return base;
  }

  it('sends the GET resource request built from the lens and shows the greeting', async () => {
    await launch([]);
    const base = trackedBase();
    const [greet] = findRequestTargets(readFileSync(HELLO_API, 'utf8'));
    const path = `${greet.basePath}${fillTemplate(greet.template, { name: 'Ada' })}`;
    assert.equal(pathMismatch(greet, path), undefined);
    const r = await sendRequest({ method: 'GET', url: `${base}${path}`, timeoutMs: 10_000 });
    assert.equal(r.status, 200);
    const doc = formatResponse({ method: 'GET', url: `${base}${path}` }, r);
    assert.match(doc, /"greeting": "Hello, Ada!"/);
    assert.match(doc, /^GET http:\/\/127\.0\.0\.1:\d+\/hello\/greet\/Ada\n/);

    // The proxy's lens: POST of the default XML body to /services/EchoProxy, echoed back and pretty-printed.
    const proxy = findRequestTargets(
      readFileSync(join(HELLO, 'src/main/wso2mi/artifacts/proxy-services/EchoProxy.xml'), 'utf8'),
    )[0];
    const pr = await sendRequest({
      method: 'POST',
      url: `${base}${proxy.basePath}`,
      headers: parseHeaders('Content-Type: application/xml'),
      body: '<message><text>Hello</text></message>',
      timeoutMs: 10_000,
    });
    assert.equal(pr.status, 200);
    assert.match(
      formatResponse({ method: 'POST', url: `${base}${proxy.basePath}` }, pr),
      /<message>\n  <text>Hello<\/text>\n<\/message>/,
    );
  });

  it('holds the request at a breakpoint on the resource until continue, then shows the response', async () => {
    const text = readFileSync(HELLO_API, 'utf8').split('\n');
    const logLine = text.findIndex((l) => l.includes('<log category="INFO">')) + 1;
    await launch([logLine]);
    const base = trackedBase();
    const [greet] = findRequestTargets(readFileSync(HELLO_API, 'utf8'));
    const path = `${greet.basePath}${fillTemplate(greet.template, { name: 'Grace' })}`;
    let settled = false;
    const pending = sendRequest({
      method: 'GET',
      url: `${base}${path}`,
      headers: parseHeaders('X-Demo: 1'),
      timeoutMs: 20_000,
    }).finally(() => {
      settled = true;
    });
    const stop = (await dc!.waitForEvent('stopped', 10_000)) as DebugProtocol.StoppedEvent;
    const st = await dc!.stackTraceRequest({ threadId: stop.body.threadId! });
    assert.equal(st.body.stackFrames[0].line, logLine);
    assert.equal(st.body.stackFrames[0].source?.path, HELLO_API);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(settled, false, 'the response waits while the message is paused');
    await dc!.continueRequest({ threadId: stop.body.threadId! });
    const r = await pending;
    assert.equal(r.status, 200);
    assert.match(r.body.toString('utf8'), /Hello, Grace!/);
  });
});
