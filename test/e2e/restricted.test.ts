/**
 * Restricted Mode: the extension declares limited support for untrusted workspaces (package.json `capabilities`).
 * Opening a project without trusting it must still give the language server's help (it only reads files); running,
 * debugging and deploying are what Restricted Mode disables.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  CodeServer,
  ROOT,
  Workbench,
  assertRigInstalled,
  cleanup,
  copyProject,
  launchBrowser,
  packagedExtension,
  tempDir,
  waitFor,
} from './harness';

describe('e2e: Restricted Mode (untrusted workspace)', function () {
  this.timeout(240_000);
  let work: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(240_000);
    assertRigInstalled();
    work = tempDir('restricted');
    const vsix = await packagedExtension();
    server = await CodeServer.createRestricted(work, vsix);
    browser = await launchBrowser();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`FAILED restricted ${this.currentTest.title}`).catch(() => undefined);
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

  it('runs the language server in an untrusted project', async () => {
    const project = copyProject(join(ROOT, 'examples', 'hello-world'), work!, 'untrusted project');
    wb = await Workbench.open(browser!, server!, project);
    const page = wb.page;
    // Decline trust in VS Code's own dialog.
    const noTrust = page.getByRole('button', { name: /No, I don't trust the authors/i });
    await noTrust.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('20 restricted mode - trust prompt');
    await noTrust.click();
    await page
      .getByText('Restricted Mode', { exact: false })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    const status = wb.synapseStatus();
    await status.waitFor({ state: 'visible', timeout: 60_000 });
    await waitFor(
      'the language server to run',
      async () => /running/.test((await status.getAttribute('aria-label')) ?? ''),
      60_000,
    );
    // It serves requests: hover documentation in Restricted Mode.
    await wb.openFile('src/main/wso2mi/artifacts/apis/HelloAPI.xml');
    await wb.goToText('src/main/wso2mi/artifacts/apis/HelloAPI.xml', '<call-template', 3);
    const hover = await wb.hoverAtCursor();
    assert.match(hover, /template/i);
    await wb.screenshot('21 restricted mode - language server works');
  });
});
