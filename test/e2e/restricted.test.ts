/**
 * Restricted Mode: the extension declares limited support for untrusted workspaces (package.json `capabilities`).
 * Opening a project without trusting it must still give the language server's help (it only reads files); running,
 * debugging and deploying are what Restricted Mode disables.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, copyProject, waitFor, workbenchSuite } from './harness';

describe('e2e: Restricted Mode (untrusted workspace)', function () {
  this.timeout(240_000);
  const suite = workbenchSuite('restricted', {
    restricted: true,
    waitForExtension: false,
    folder: (work) => copyProject(join(ROOT, 'examples', 'hello-world'), work, 'untrusted project'),
  });

  it('runs the language server in an untrusted project', async () => {
    const wb = suite.wb;
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
