/**
 * The server sidebar and the runtime commands in Restricted Mode, in a real VS Code (code-server + Chromium): a plain
 * folder opened without trusting it shows the Servers view with its welcome, and Run Project, Deploy to Server and
 * Start Local Server refuse with a message that says why (they run or ship the folder's configuration).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  CodeServer,
  Workbench,
  assertRigInstalled,
  cleanup,
  launchBrowser,
  packagedExtension,
  tempDir,
} from './harness';
import { notification, openServersView } from './harness-servers';

describe('e2e: server sidebar and runtime commands in Restricted Mode', function () {
  this.timeout(240_000);
  let work: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(240_000);
    assertRigInstalled();
    work = tempDir('explorer-restricted');
    const vsix = await packagedExtension();
    server = await CodeServer.createRestricted(work, vsix);
    browser = await launchBrowser();
    // a plain folder (no project marker): the extension is activated by its view, not by the folder
    const folder = join(work, 'plain folder');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'notes.txt'), 'not a project\n');
    wb = await Workbench.open(browser, server, folder);
    const noTrust = wb.page.getByRole('button', { name: /No, I don't trust the authors/i });
    await noTrust.waitFor({ state: 'visible', timeout: 30_000 });
    await noTrust.click();
    await wb.page
      .getByText('Restricted Mode', { exact: false })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`FAILED explorer ${this.currentTest.title}`).catch(() => undefined);
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

  it('shows the Servers view with its welcome actions', async () => {
    const pane = await openServersView(wb!);
    await pane
      .getByText('Add Server', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await pane
      .getByText('Start Local Server', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await pane.innerText(), /secret storage/);
    await wb!.screenshot('40 restricted mode - servers view welcome');
  });

  it('disables the runtime commands with their reason', async () => {
    const page = wb!.page;
    await wb!.runCommand('Synapse: Start Local Server');
    const local = await notification(page, /Restricted Mode/);
    assert.match(local, /Starting a local server is disabled in Restricted Mode/);
    assert.match(local, /Manage Workspace Trust/);
    await wb!.screenshot('41 restricted mode - start local server refused');
    await page.keyboard.press('Escape');
    await wb!.runCommand('Synapse: Run Project');
    await notification(
      page,
      /Running the project is disabled in Restricted Mode: the embedded runtime executes/,
    );
    await wb!.screenshot('41b restricted mode - run project refused');
    await wb!.runCommand('Synapse: Export Troubleshooting Information');
    await page
      .locator('.monaco-editor .view-lines', { hasText: /Restricted\s+Mode/ })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await wb!.screenshot('42 restricted mode - troubleshooting report');
  });
});
