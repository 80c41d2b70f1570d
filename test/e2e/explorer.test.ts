/**
 * The server sidebar and the runtime commands in Restricted Mode, in a real VS Code (code-server + Chromium): a plain
 * folder opened without trusting it shows the Servers view with its welcome, and Run Project, Deploy to Server and
 * Start Local Server refuse with a message that says why (they run or ship the folder's configuration).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchSuite } from './harness';
import { notification, openServersView } from './harness-servers';

describe('e2e: server sidebar and runtime commands in Restricted Mode', function () {
  this.timeout(240_000);
  const suite = workbenchSuite('explorer-restricted', {
    restricted: true,
    waitForExtension: false,
    // a plain folder (no project marker): the extension is activated by its view, not by the folder
    folder: (work) => {
      const folder = join(work, 'plain folder');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'notes.txt'), 'not a project\n');
      return folder;
    },
  });

  before(async function () {
    this.timeout(60_000);
    const noTrust = suite.wb.page.getByRole('button', { name: /No, I don't trust the authors/i });
    await noTrust.waitFor({ state: 'visible', timeout: 30_000 });
    await noTrust.click();
    await suite.wb.page
      .getByText('Restricted Mode', { exact: false })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('shows the Servers view with its welcome actions', async () => {
    const pane = await openServersView(suite.wb);
    await pane
      .getByText('Add Server', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await pane
      .getByText('Start Local Server', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await pane.innerText(), /secret storage/);
    await suite.wb.screenshot('40 restricted mode - servers view welcome');
  });

  it('disables the runtime commands with their reason', async () => {
    const page = suite.wb.page;
    await suite.wb.runCommand('Synapse: Start Local Server');
    const local = await notification(page, /Restricted Mode/);
    assert.match(local, /Starting a local server is disabled in Restricted Mode/);
    assert.match(local, /Manage Workspace Trust/);
    await suite.wb.screenshot('41 restricted mode - start local server refused');
    await page.keyboard.press('Escape');
    await suite.wb.runCommand('Synapse: Run Project');
    await notification(
      page,
      /Running the project is disabled in Restricted Mode: the embedded runtime executes/,
    );
    await suite.wb.screenshot('41b restricted mode - run project refused');
    await suite.wb.runCommand('Synapse: Export Troubleshooting Information');
    await page
      .locator('.monaco-editor .view-lines', { hasText: /Restricted\s+Mode/ })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await suite.wb.screenshot('42 restricted mode - troubleshooting report');
  });
});
