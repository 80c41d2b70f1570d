/**
 * MI unit-test suites in VS Code's Testing view, in a real VS Code (code-server + Chromium): the view lists the
 * project's suites and their cases (src/test/wso2mi), "Run All Tests" runs them with `synapse test` (mock services
 * and the embedded runtime in a child process) and the view reports every case passed; "Run All Tests with Coverage"
 * shows the mediator coverage of each artifact file in the Test Coverage view; a suite added to the project appears
 * and its failing case is reported as failed.
 */
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, workbenchSuite } from './harness';

const FIXTURE = join(__dirname, '..', 'fixtures', 'unittest', 'shop');

describe('e2e: MI unit tests in the Testing view', function () {
  this.timeout(300_000);
  const suite = workbenchSuite('testing', {
    folder: (work) => {
      // the shop project with its passing suites only (the fixture's failing/ and broken/ suites are for the CLI)
      const folder = join(work, 'shop project');
      mkdirSync(folder, { recursive: true });
      cpSync(FIXTURE, folder, {
        recursive: true,
        filter: (src) => !/[\\/]src[\\/]test[\\/](failing|broken)([\\/]|$)/.test(src),
      });
      return folder;
    },
  });

  it('lists the suites and runs them all', async () => {
    const page = suite.wb.page;
    await suite.wb.runCommand('Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer');
    for (const name of ['OrderAPITest', 'PriceSeqTest', 'GreetProxyTest'])
      await tree.getByText(name, { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await suite.wb.screenshot('60 testing view - suites');
    await suite.wb.runCommand('Test: Run All Tests');
    // the view's summary line says passed/total: all five cases of the three suites passed
    await waitFor(
      'the test run summary 5/5',
      async () => {
        const all = (await page.locator('.pane-body').allInnerTexts()).join('\n');
        return /(?:^|\n)\s*5\/5\b/.test(all) || null;
      },
      120_000,
    );
    // each suite row shows its passed state
    await waitFor(
      'three passed suites',
      async () => ((await tree.locator('.codicon-testing-passed-icon').count()) >= 3 ? true : null),
      30_000,
    );
    await suite.wb.screenshot('61 testing view - all passed');
  });

  it('runs them with mediator coverage and shows the coverage of each artifact file', async () => {
    const page = suite.wb.page;
    await suite.wb.runCommand('Test: Run All Tests with Coverage');
    // the Test Coverage view lists the covered artifacts with their percentage of mediators that ran
    await waitFor(
      'OrderAPI.xml and PriceSeq.xml in the Test Coverage view with percentages',
      async () => {
        const all = (await page.locator('.pane-body').allInnerTexts()).join('\n');
        return (/OrderAPI\.xml/.test(all) && /PriceSeq\.xml/.test(all) && /\d+(?:\.\d+)?%/.test(all)) || null;
      },
      120_000,
    );
    await suite.wb.screenshot('62 testing view - mediator coverage');
  });

  it('a suite added to the project shows up, and its failing case is reported as failed', async () => {
    const page = suite.wb.page;
    // the file watcher picks up a new suite file (one case of it fails its assertions)
    copyFileSync(
      join(FIXTURE, 'src', 'test', 'failing', 'SeqFailTest.xml'),
      join(suite.wb.folder, 'src', 'test', 'wso2mi', 'SeqFailTest.xml'),
    );
    const tree = page.locator('.test-explorer');
    await tree
      .getByText('SeqFailTest', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    await suite.wb.runCommand('Test: Run All Tests');
    await waitFor(
      'a failed test in the Test Explorer',
      async () => ((await tree.locator('.codicon-testing-failed-icon').count()) >= 1 ? true : null),
      120_000,
    );
    // six of the seven cases pass; the failed assertion's message is in the test results
    await waitFor(
      'the summary 6/7 and the failed assertion',
      async () => {
        const all = (await page.locator('.pane-body').allInnerTexts()).join('\n');
        const panel = (await page.locator('.panel').allInnerTexts()).join('\n');
        return (/(?:^|\n)\s*6\/7\b/.test(all) && /total should be 13/.test(panel)) || null;
      },
      30_000,
    );
    await suite.wb.screenshot('63 testing view - a failing suite');
  });
});
