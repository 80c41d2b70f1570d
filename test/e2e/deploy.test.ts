/**
 * The deploy stories in a real VS Code (code-server + Chromium), one workbench for the whole file, in order:
 * add a server and trust its certificate; Deploy to Server on the example project (progress, success); the sidebar
 * lists every deployed artifact kind; deactivate a proxy from its context menu; open the logs; undeploy the CAR.
 * The server is a real `synapse serve` process on 127.0.0.1 with generated credentials.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ManagementClient } from '../../core/management';
import { buildProjectCar, deployTo } from '../../client/deploy/deploy-core';
import { writeTaskProject } from '../client/taskProject';
import { EXTENSION_ID, waitFor } from './harness';
import {
  addServer,
  contextMenu,
  localServerSuite,
  dialogText,
  notification,
  openServersView,
  treeLabels,
  treeRow,
} from './harness-servers';

describe('e2e: Deploy to Server and the server sidebar', function () {
  this.timeout(300_000);
  const env = localServerSuite('deploy');
  const suite = env.suite;

  it('adds a server and trusts exactly its certificate after seeing the fingerprint', async () => {
    const page = suite.wb.page;
    await openServersView(suite.wb);
    await page
      .getByText('Add Server', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await suite.wb.screenshot('30 servers view - welcome');
    await addServer(suite.wb, 'dev', env.serve, async (text) => {
      assert.match(text, /Trust the certificate of 'dev'\?/);
      assert.ok(text.includes(env.serve.fingerprint), `the dialog shows the fingerprint: ${text}`);
      await suite.wb.screenshot('31 add server - trust this certificate');
    });
    await suite.wb.screenshot('32 server added and trusted');
  });

  it('deploys the example project with progress and a success message', async () => {
    const page = suite.wb.page;
    await suite.wb.openFile('src/main/wso2mi/artifacts/apis/HelloAPI.xml');
    await suite.wb.runCommand('Synapse: Deploy to Server');
    const progressOrDone = await notification(page, /Deploying .*\.car|Deployed .*\.car to dev/);
    await suite.wb.screenshot('33 deploy - progress');
    const done = /Deployed/.test(progressOrDone)
      ? progressOrDone
      : await notification(page, /Deployed .*\.car to dev/);
    assert.match(done, /Show in Sidebar/);
    await suite.wb.screenshot('34 deploy - success');
    const apps = await env.api.applications();
    assert.equal(apps.activeList.length, 1, 'the server has the application');
    await page
      .locator('.notification-toast a.monaco-button, .notification-toast .monaco-button', {
        hasText: 'Show in Sidebar',
      })
      .first()
      .click();
  });

  it('lists every deployed artifact kind in the sidebar', async () => {
    const page = suite.wb.page;
    await openServersView(suite.wb);
    const want = [
      'APIs',
      'Proxy Services',
      'Sequences',
      'Endpoints',
      'Local Entries',
      'Templates',
      'Carbon Applications',
    ];
    const labels = await waitFor(
      'the artifact kinds',
      async () => {
        const l = await treeLabels(page);
        return want.every((w) => l.includes(w)) ? l : null;
      },
      30_000,
    );
    await treeRow(page, 'Proxy Services').click();
    await treeRow(page, 'EchoProxy').waitFor({ state: 'visible', timeout: 10_000 });
    await treeRow(page, 'APIs').click();
    await treeRow(page, 'HelloAPI').waitFor({ state: 'visible', timeout: 10_000 });
    await suite.wb.screenshot('35 sidebar - deployed artifact kinds');
    assert.ok(labels.includes('dev'));
  });

  it('opens the deployed configuration read-only beside the local file', async () => {
    const page = suite.wb.page;
    await contextMenu(page, treeRow(page, 'HelloAPI'), 'Open Deployed Configuration');
    await waitFor(
      'two editor groups showing HelloAPI.xml',
      async () => {
        const groups = page.locator('.part.editor .editor-group-container');
        if ((await groups.count()) < 2) return null;
        const tabs = await page.locator('.part.editor .tab .label-name').allInnerTexts();
        return tabs.filter((t) => t.trim() === 'HelloAPI.xml').length >= 2 || null;
      },
      20_000,
    );
    const deployed = page.locator('.part.editor .editor-group-container').nth(1);
    await waitFor(
      'the deployed XML',
      async () =>
        /name="HelloAPI"/.test((await deployed.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ')),
      20_000,
    );
    await suite.wb.screenshot('35b deployed configuration beside the local file');
    await suite.wb.runCommand('View: Close Editor Group');
  });

  it('deactivates a proxy from its context menu and shows the new state', async () => {
    const page = suite.wb.page;
    const row = treeRow(page, 'EchoProxy');
    assert.match(await row.innerText(), /active/);
    await contextMenu(page, row, 'Deactivate');
    await waitFor(
      'EchoProxy shown inactive',
      async () => /inactive/.test(await treeRow(page, 'EchoProxy').innerText()),
      20_000,
    );
    const p = await env.api.get<{ isRunning: boolean }>('proxy-services', 'EchoProxy');
    assert.equal(p.isRunning, false, 'the server stopped the proxy');
    await suite.wb.screenshot('36 sidebar - proxy deactivated');
  });

  it('opens the server log in an output channel', async () => {
    const page = suite.wb.page;
    await contextMenu(page, treeRow(page, 'dev'), 'Show Server Logs');
    await waitFor(
      'log lines in the output panel',
      async () => {
        const t = await page.locator('.view-lines').allInnerTexts();
        return t.some((x) => /\{ManagementApi\}\s+-\s+(login\s+of|Successfully\s+Deployed)/.test(x)) || null;
      },
      30_000,
    );
    await suite.wb.screenshot('37 server log');
  });

  it('undeploys the CAR and the tree keeps only the default sequences', async () => {
    const page = suite.wb.page;
    await openServersView(suite.wb);
    await treeRow(page, 'Carbon Applications').click();
    const app = treeRow(page, 'hello-world'); // the application, named by the project's artifactId
    await app.waitFor({ state: 'visible', timeout: 10_000 });
    await contextMenu(page, app, 'Undeploy');
    assert.match(await dialogText(page), /Undeploy the carbon application 'hello-world'/);
    await page.getByRole('button', { name: 'Undeploy', exact: true }).click({ timeout: 10_000 });
    // what is left is MI's default main and fault sequences, which belong to no application (as MI lists them)
    await waitFor(
      'only the default sequences left',
      async () => {
        const labels = await treeLabels(page);
        return (labels.includes('Sequences') && !labels.includes('Carbon Applications')) || null;
      },
      20_000,
    );
    assert.equal((await env.api.applications()).activeList.length, 0);
    await suite.wb.screenshot('38 sidebar - empty after undeploy');
  });

  it('starts a local server, trusted without a prompt, and shows it in the sidebar', async () => {
    const page = suite.wb.page;
    await suite.wb.runCommand('Synapse: Start Local Server');
    const msg = await notification(page, /Local Synapse server running at https:\/\/127\.0\.0\.1:\d+/);
    assert.ok(
      !(await page
        .locator('.monaco-dialog-box')
        .isVisible()
        .catch(() => false)),
      'no trust prompt for our own server',
    );
    await openServersView(suite.wb);
    await treeRow(page, 'Local Server').waitFor({ state: 'visible', timeout: 20_000 });
    await waitFor(
      'both servers connected, with only the default sequences',
      async () => {
        const labels = await treeLabels(page);
        return (
          (labels.filter((l) => l === 'Sequences').length === 2 && !labels.includes('Carbon Applications')) ||
          null
        );
      },
      20_000,
    );
    await suite.wb.screenshot('39 local server in the sidebar');
    const url = /https:\/\/127\.0\.0\.1:\d+/.exec(msg)![0];
    await suite.wb.runCommand('Synapse: Stop Local Server');
    await waitFor(
      'the local server gone from the sidebar',
      async () => !(await treeLabels(page)).includes('Local Server'),
      20_000,
    );
    const gone = new ManagementClient({ url, user: 'admin', password: 'x', timeoutMs: 3000 });
    try {
      await assert.rejects(
        gone.login(),
        (e: Error & { code?: string }) => e.code === 'UNREACHABLE',
        'the process was stopped',
      );
    } finally {
      gone.close();
    }
  });

  it('runs the project: state and port in the status bar, mediation log, restart on save', async () => {
    const page = suite.wb.page;
    await suite.wb.runCommand('Synapse: Run Project');
    const item = page.locator(`[id="${EXTENSION_ID}.synapse.run"]`);
    await waitFor(
      'the runtime running',
      async () => (await item.innerText().catch(() => '')).includes(`running :${env.runPort}`),
      40_000,
    );
    const res = await fetch(`http://127.0.0.1:${env.runPort}/hello/greet/e2e`);
    assert.equal(res.status, 200, await res.text());
    const panelText = async () =>
      (
        await page
          .locator('.part.panel .view-lines')
          .allInnerTexts()
          .catch(() => [] as string[])
      ).join('\n');
    await waitFor(
      'the runtime log in the output panel',
      async () => /artifact\(s\)\s+deployed/.test(await panelText()),
      20_000,
    );
    await suite.wb.screenshot('50 run project - running');
    await suite.wb.openFile('src/main/wso2mi/artifacts/apis/HelloAPI.xml');
    await suite.wb.goTo(39, 1);
    await suite.wb.type(' ');
    await suite.wb.save();
    await waitFor('a restart after save', async () => /saved:\s+restarting/.test(await panelText()), 20_000);
    await waitFor(
      'running again',
      async () => (await item.innerText().catch(() => '')).includes(`running :${env.runPort}`),
      40_000,
    );
    await suite.wb.screenshot('51 run project - restarted on save');
    await suite.wb.runCommand('Synapse: Stop Running Project');
    await waitFor('stopped', async () => /stopped/.test(await item.innerText().catch(() => '')), 20_000);
    await assert.rejects(fetch(`http://127.0.0.1:${env.runPort}/hello/greet/e2e`));
  });

  it('an error in the project blocks the deploy unless the user insists', async () => {
    const page = suite.wb.page;
    const broken = join(suite.wb.folder, 'src', 'main', 'wso2mi', 'artifacts', 'sequences', 'BrokenSeq.xml');
    writeFileSync(
      broken,
      '<?xml version="1.0" encoding="UTF-8"?>\n<sequence name="BrokenSeq" xmlns="http://ws.apache.org/ns/synapse">\n  <log level="full">\n</sequence>\n',
    );
    try {
      await suite.wb.runCommand('Synapse: Deploy to Server');
      const text = await dialogText(page);
      assert.match(text, /The project has 1 error/);
      assert.match(text, /BrokenSeq\.xml:3 XML_MISSING_END_TAG/);
      await suite.wb.screenshot('52 deploy blocked by an error in the project');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.waitForTimeout(1000);
      assert.equal((await env.api.applications()).activeList.length, 0, 'nothing deployed');
    } finally {
      rmSync(broken, { force: true });
    }
  });

  it('packages the project into a CAR chosen with the save dialog', async () => {
    const page = suite.wb.page;
    // no target/ folder yet: the dialog proposes the project folder and the CAR's own name
    const out = join(suite.wb.folder, 'hello-world_1.0.0.car');
    await suite.wb.runCommand('Synapse: Package CAR');
    const input = page.locator('.quick-input-widget:visible input');
    await waitFor(
      'the proposed file',
      async () => (await input.inputValue()).endsWith('hello-world_1.0.0.car'),
      10_000,
    );
    await page.keyboard.press('Enter');
    await notification(page, /Saved hello-world_1\.0\.0\.car \(\d+ artifacts\)/);
    await waitFor('the .car on disk', () => existsSync(out), 10_000);
    assert.equal(readFileSync(out).subarray(0, 2).toString('latin1'), 'PK', 'a zip archive');
    await suite.wb.screenshot('53 package CAR saved');
  });

  it('triggers a scheduled task from its context menu and the task runs once', async () => {
    const page = suite.wb.page;
    const hits: string[] = [];
    const backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        if (hits.length < 1000) hits.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<ok/>');
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    try {
      const dir = join(suite.work, 'task project');
      writeTaskProject(dir, `http://127.0.0.1:${(backend.address() as AddressInfo).port}`);
      const out = await deployTo(env.api, 'dev', await buildProjectCar(dir));
      assert.equal(out.status, 'deployed', out.message);
      const demand = () => hits.filter((h) => h.includes('from="demand"')).length;
      await openServersView(suite.wb);
      await suite.wb.runCommand('Synapse: Refresh Servers');
      await treeRow(page, 'Scheduled Tasks').click();
      const row = treeRow(page, 'OnDemandTask');
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(demand(), 0, 'the cron task has not run');
      await contextMenu(page, row, 'Trigger Task Now');
      await waitFor('the triggered task to reach the backend', () => demand() === 1, 20_000);
      await waitFor(
        'the status bar message',
        async () =>
          (
            await page
              .locator('.statusbar')
              .innerText()
              .catch(() => '')
          ).includes('OnDemandTask : is triggered'),
        10_000,
      );
      await suite.wb.screenshot('54 sidebar - task triggered');
      await env.api.undeploy('task-project_1.0.0');
    } finally {
      await new Promise((r) => backend.close(r));
    }
  });
});
