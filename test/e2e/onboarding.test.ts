/**
 * Onboarding and server settings in a real VS Code (code-server + Chromium), one workbench for the file:
 * the "Get started" walkthrough (opened with "Welcome: Open Walkthrough...", its four steps, a step's command link run
 * from the page), and "Set Server Log Level" from the server's context menu (logger and level picked, the new level
 * read back through the management API and shown in the next pick). The server is a real `synapse serve` process on
 * 127.0.0.1 with generated credentials.
 */
import assert from 'node:assert/strict';
import { EXTENSION_ID, waitFor } from './harness';
import {
  addServer,
  contextMenu,
  localServerSuite,
  notification,
  openServersView,
  treeRow,
} from './harness-servers';

const WALKTHROUGH = 'Get started with Synapse Integration Tools';

describe('e2e: walkthrough and server log levels', function () {
  this.timeout(300_000);
  const env = localServerSuite('onboarding');
  const suite = env.suite;

  it('opens the walkthrough, shows its steps, and runs a step command from its link', async () => {
    const page = suite.wb.page;
    await suite.wb.runCommand('Welcome: Open Walkthrough...');
    await suite.wb.pickQuickItem(WALKTHROUGH);
    const pageRoot = page.locator('.gettingStartedContainer');
    await pageRoot.locator('.getting-started-category-title, h2', { hasText: WALKTHROUGH }).first().waitFor({
      state: 'visible',
      timeout: 20_000,
    });
    const steps = pageRoot.locator('.getting-started-step');
    const titles = await waitFor(
      'the four steps',
      async () => {
        const t = (await steps.locator('.step-title').allInnerTexts()).map((x) => x.trim());
        return t.length >= 4 ? t : null;
      },
      20_000,
    );
    assert.deepEqual(titles, [
      'Open or create a project',
      'Run the project',
      'Debug a mediation',
      'Deploy to a server',
    ]);
    // (the first step's completion event, context key synapse.projectOpen, is not checked here: VS Code 1.100 records
    // a context already true when the walkthrough registers as seen without checking the step)
    assert.notEqual(
      await steps.nth(2).getAttribute('aria-checked'),
      'true',
      'the debug step is not done yet',
    );
    await suite.wb.screenshot('60 walkthrough - steps');

    const run = steps.filter({ hasText: 'Run the project' }).first();
    await run.click();
    const link = run
      .getByRole('button', { name: 'Run Project' })
      .or(run.locator('a', { hasText: 'Run Project' }));
    await link.first().waitFor({ state: 'visible', timeout: 10_000 });
    await suite.wb.screenshot('61 walkthrough - run step');
    await link.first().click();

    const item = page.locator(`[id="${EXTENSION_ID}.synapse.run"]`);
    await waitFor(
      'the runtime running',
      async () => (await item.innerText().catch(() => '')).includes(`running :${env.runPort}`),
      40_000,
    );
    const res = await fetch(`http://127.0.0.1:${env.runPort}/hello/greet/walkthrough`);
    assert.equal(res.status, 200, await res.text());
    await waitFor(
      'the run step checked (completion event onCommand:synapse.run)',
      async () => (await run.getAttribute('aria-checked')) === 'true',
      20_000,
    );
    await suite.wb.screenshot('62 walkthrough - run step done, runtime running');
    await suite.wb.runCommand('Synapse: Stop Running Project');
    await waitFor('stopped', async () => /stopped/.test(await item.innerText().catch(() => '')), 20_000);
    await suite.wb.runCommand('View: Close All Editors');
  });

  it('sets a server log level from the sidebar and reads it back', async () => {
    const page = suite.wb.page;
    const before = (await env.api.loggers()).list.find((l) => l.loggerName === 'org-apache-synapse');
    assert.equal(before?.level, 'INFO');
    await addServer(suite.wb, 'dev', env.serve);
    await contextMenu(page, treeRow(page, 'dev'), 'Set Server Log Level');
    await suite.wb.pickQuickItem('org-apache-synapse');
    assert.ok((await suite.wb.quickPickLabels()).includes('DEBUG'));
    await suite.wb.screenshot('63 set log level - pick the level');
    await suite.wb.pickQuickItem('DEBUG');
    await notification(page, /Log level of org-apache-synapse on dev: DEBUG \(was INFO\)/);
    await suite.wb.screenshot('64 set log level - done');
    const after = (await env.api.loggers()).list.find((l) => l.loggerName === 'org-apache-synapse');
    assert.equal(after?.level, 'DEBUG', 'the server has the new level');

    // the next pick lists the logger with its new level
    await suite.wb.runCommand('Synapse: Set Server Log Level');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'org-apache-synapse' }).first();
    await waitFor(
      'the logger listed with DEBUG',
      async () => /DEBUG/.test(await row.innerText().catch(() => '')),
      20_000,
    );
    await suite.wb.screenshot('65 set log level - the logger now at DEBUG');
    await page.keyboard.press('Escape');
    await openServersView(suite.wb);
  });
});
