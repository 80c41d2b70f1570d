/**
 * The debugging story in a real VS Code (code-server 4.100.3 + Chromium): open the example project, click the gutter
 * to set a breakpoint on a mediator of HelloAPI.xml, press F5 (no launch.json), send a request with the "Send request"
 * CodeLens, see the editor stop on that line with the payload in Variables, step into the sequence and see its file
 * open at the right line, continue and see the response beside. Screenshots go to .test-output/e2e/.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  CodeServer,
  EXTENSION_ID,
  ROOT,
  TEST_SETTINGS,
  Workbench,
  assertRigInstalled,
  cleanup,
  copyProject,
  launchBrowser,
  tempDir,
  waitFor,
} from './harness';
import {
  breakpointLines,
  clickGutter,
  codeLens,
  debugAction,
  debugging,
  editorText,
  packagedDebugExtension,
  variablesRows,
  waitForStoppedAt,
} from './harness-debug';

const API_REL = 'src/main/wso2mi/artifacts/apis/HelloAPI.xml';
const EP_REL = 'src/main/wso2mi/artifacts/endpoints/OrderBackendEP.xml';
const SEQ_REL = 'src/main/wso2mi/artifacts/sequences/EnrichOrderSeq.xml';

/** 1-based line of the first line of `rel` containing `needle`. */
function lineOf(project: string, rel: string, needle: string): number {
  const i = readFileSync(join(project, ...rel.split('/')), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${rel}`);
  return i + 1;
}

describe('e2e: debugging and sending requests (code-server + Chromium)', function () {
  this.timeout(300_000);
  let work: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let backend: Server | undefined;
  const received: { url: string; body: string }[] = [];
  let project = '';
  let runPort = 0;
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(300_000);
    assertRigInstalled();
    work = tempDir('debug');
    // A real order backend on 127.0.0.1 (ephemeral port); the project's endpoint points at it.
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'stored', orders: received.length }));
      });
    });
    await new Promise<void>((r) => backend!.listen(0, '127.0.0.1', r));
    const port = (backend.address() as AddressInfo).port;
    project = copyProject(join(ROOT, 'examples', 'hello-world'), work, 'hello world');
    const ep = join(project, ...EP_REL.split('/'));
    writeFileSync(
      ep,
      readFileSync(ep, 'utf8').replace('http://localhost:9090/orders', `http://127.0.0.1:${port}/orders`),
    );
    // A free port for Run Project (its setting), so the run-mode story does not depend on 8290 being free.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    runPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const vsix = await packagedDebugExtension();
    server = await CodeServer.create(work, vsix, {
      ...TEST_SETTINGS,
      'synapse.run.httpPort': runPort,
      'debug.openDebug': 'openOnSessionStart',
      'debug.toolBarLocation': 'floating',
    });
    browser = await launchBrowser();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`FAILED debug ${this.currentTest.title}`).catch(() => undefined);
      if (server) console.log(server.extensionLogs());
    }
  });

  after(async function () {
    this.timeout(60_000);
    await wb?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await new Promise((r) => (backend ? backend.close(r) : r(undefined)));
    cleanup(work);
  });

  it('F5, Send request, stop on the gutter breakpoint with the payload, step into the sequence, continue to the response', async () => {
    wb = await Workbench.open(browser!, server!, project);
    const page = wb.page;
    await wb.openFile(API_REL);
    const lens = codeLens(page, 'Send request (POST /hello/orders)');
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    await codeLens(page, 'Send request (GET /hello/greet/{name})').waitFor({
      state: 'visible',
      timeout: 10_000,
    });
    await wb.screenshot('30 debug - Send request lenses on the API resources');

    // A breakpoint on the <sequence key="EnrichOrderSeq"/> mediator, set by clicking the gutter.
    const line = lineOf(project, API_REL, '<sequence key="EnrichOrderSeq"/>');
    await wb.goTo(line, 1);
    await clickGutter(page, line);
    await waitFor('the breakpoint glyph', async () => (await breakpointLines(page)).includes(line), 10_000);
    await wb.screenshot('31 debug - breakpoint set in the gutter');

    // F5 with no launch.json: the Synapse debugger runs the project of the active file.
    await wb.goTo(line, 1);
    await page.keyboard.press('F5');
    await waitFor(
      'a debug session (or the debugger pick)',
      async () => {
        if (await debugging(page)) return true;
        const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Synapse/ }).first();
        if (await pick.isVisible().catch(() => false)) await pick.click();
        return false;
      },
      60_000,
    );
    await wb.screenshot('32 debug - F5 started the embedded runtime');

    // Send request: path and headers as offered, a JSON body typed in.
    await lens.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('the path input', async () => (await input.inputValue()) === '/hello/orders', 10_000);
    await page.keyboard.press('Enter');
    await waitFor(
      'the headers input',
      async () => (await input.inputValue()) === 'Content-Type: application/json',
      10_000,
    );
    await page.keyboard.press('Enter');
    await waitFor('the body input', async () => (await input.inputValue()) === '{}', 10_000);
    await input.fill('{"order": {"id": "A-17", "express": true}}');
    await page.keyboard.press('Enter');

    // The editor stops on the breakpoint's line, the payload in Variables.
    await waitForStoppedAt(wb, 'HelloAPI.xml', line, 60_000);
    const rows = await waitFor(
      'the payload in Variables',
      async () => {
        const r = await variablesRows(page);
        return r.some((t) => /^payload\b/.test(t)) &&
          r.some((t) => /content type\W+application\/json/.test(t))
          ? r
          : null;
      },
      20_000,
    );
    assert.ok(
      rows.some((t) => /^Payload/.test(t)),
      JSON.stringify(rows),
    );
    const payloadRow = page.locator('.pane .monaco-list-row', { hasText: /^\s*payload/ }).first();
    await payloadRow.click();
    await page.keyboard.press('ArrowRight');
    await waitFor(
      'the payload tree',
      async () => (await variablesRows(page)).some((t) => /^order\b/.test(t)),
      10_000,
    );
    await wb.screenshot('33 debug - stopped on the breakpoint with the payload in Variables');
    assert.equal(received.length, 0, 'the backend is not called while the message is paused');

    // Step into the sequence: its file opens at its first mediator.
    await debugAction(page, 'Step Into');
    await waitForStoppedAt(
      wb,
      'EnrichOrderSeq.xml',
      lineOf(project, SEQ_REL, '<log level="custom">'),
      30_000,
    );
    await wb.screenshot('34 debug - stepped into EnrichOrderSeq');

    // Continue: the backend answers, the response opens beside.
    await debugAction(page, 'Continue');
    const tab = 'Response HelloAPI POST orders';
    await page.locator('.tab', { hasText: tab }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = await waitFor('the response text', async () => {
      const t = await editorText(page, tab);
      return /HTTP\/1\.1 200/.test(t) ? t : null;
    });
    assert.match(text, /POST http:\/\/127\.0\.0\.1:\d+\/hello\/orders/);
    assert.match(text, /"status": "stored"/);
    assert.equal(received.length, 1);
    assert.match(received[0].body, /A-17/);
    await wb.screenshot('35 debug - response beside the editor');

    // The lens remembers the last request of its resource (workspaceState): the body comes back as typed.
    await wb.openFile(API_REL);
    await lens.click();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('the remembered path', async () => (await input.inputValue()) === '/hello/orders', 10_000);
    await page.keyboard.press('Enter');
    await waitFor(
      'the remembered headers',
      async () => (await input.inputValue()) === 'Content-Type: application/json',
      10_000,
    );
    await page.keyboard.press('Enter');
    await waitFor(
      'the remembered body',
      async () => (await input.inputValue()) === '{"order": {"id": "A-17", "express": true}}',
      10_000,
    );
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(received.length, 1, 'a cancelled request is not sent');

    await debugAction(page, 'Stop');
    await waitFor('the session to end', async () => !(await debugging(page)), 20_000);
  });

  it('Run (editor title) starts Run Project, and Send request goes to that runtime', async () => {
    const page = wb!.page;
    await wb!.openFile(API_REL);
    await page.locator('.editor-actions .action-label[aria-label^="Run Project"]').first().click();
    const status = page.locator(`[id="${EXTENSION_ID}.synapse.run"]`);
    await waitFor(
      'Run Project to be running',
      async () => ((await status.innerText().catch(() => '')) ?? '').includes(`running :${runPort}`),
      60_000,
    );
    await wb!.openFile(API_REL);
    await wb!.goTo(1, 1);
    await codeLens(page, 'Send request (GET /hello/greet/{name})').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('the path input', async () => (await input.inputValue()) === '/hello/greet/{name}', 10_000);
    // {name} is selected: typing replaces it.
    await page.keyboard.type('Ada');
    assert.equal(await input.inputValue(), '/hello/greet/Ada');
    await page.keyboard.press('Enter');
    await waitFor('the headers input', async () => (await input.inputValue()) === '', 10_000);
    await page.keyboard.press('Enter');
    const tab = 'Response HelloAPI GET greet name';
    await page.locator('.tab', { hasText: tab }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = await waitFor('the greeting', async () => {
      const t = await editorText(page, tab);
      return /Hello, Ada!/.test(t) ? t : null;
    });
    assert.ok(text.includes(`GET http://127.0.0.1:${runPort}/hello/greet/Ada`), text);
    assert.match(text, /HTTP\/1\.1 200/);
    await wb!.screenshot('38 debug - Send request to the Run Project runtime');
    await wb!.runCommand('Synapse: Stop Running Project');
    await waitFor(
      'Run Project to stop',
      async () => !((await status.innerText().catch(() => '')) ?? '').includes('running'),
      20_000,
    );

    // "Debug Project" (editor title / palette) starts the debugger on the project of the active file.
    await wb!.openFile(API_REL);
    await wb!.runCommand('Synapse: Debug Project');
    await waitFor('the debug session', () => debugging(page), 60_000);
    await debugAction(page, 'Stop');
    await waitFor('the session to end', async () => !(await debugging(page)), 20_000);
  });
});

describe('e2e: debugger and Send request in Restricted Mode', function () {
  this.timeout(240_000);
  let work: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(240_000);
    assertRigInstalled();
    work = tempDir('debug-restricted');
    const vsix = await packagedDebugExtension();
    server = await CodeServer.createRestricted(work, vsix);
    browser = await launchBrowser();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`FAILED debug restricted ${this.currentTest.title}`).catch(() => undefined);
      if (server) console.log(server.extensionLogs());
    }
  });

  after(async function () {
    this.timeout(60_000);
    await wb?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    cleanup(work);
  });

  /** The text of the first notification toast matching `re`. */
  async function toast(re: RegExp): Promise<string> {
    return waitFor(
      `a notification matching ${re}`,
      async () =>
        (await wb!.page.locator('.notifications-toasts .notification-toast').allInnerTexts()).find((t) =>
          re.test(t),
        ) ?? null,
      20_000,
    );
  }

  it('shows the lens as disabled, and says why requests and debugging are off', async () => {
    const project = copyProject(join(ROOT, 'examples', 'hello-world'), work!, 'untrusted hello');
    wb = await Workbench.open(browser!, server!, project);
    const page = wb.page;
    const noTrust = page.getByRole('button', { name: /No, I don't trust the authors/i });
    await noTrust.waitFor({ state: 'visible', timeout: 30_000 });
    await noTrust.click();
    await wb.openFile(API_REL);
    const lens = codeLens(page, 'Send request (disabled in Restricted Mode)');
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(
      await codeLens(page, 'Send request (POST').count(),
      0,
      'no live Send request lens while untrusted',
    );
    await lens.click();
    const why = await toast(/Sending requests is disabled in Restricted Mode/);
    assert.match(why, /runs the project's configuration/);
    await wb.screenshot('36 debug - Send request disabled in Restricted Mode');
    await page.keyboard.press('Escape');
    await wb.runCommand('Synapse: Debug Project');
    await toast(/Debugging is disabled in Restricted Mode/);
    assert.equal(await debugging(page), false);
    await wb.screenshot('37 debug - Debug Project disabled in Restricted Mode');
  });
});
