/**
 * E2E helpers for the server stories: the Servers view of the
 * Synapse activity-bar container, its rows and context menus, notifications, modal dialogs and the output panel.
 */
import type { Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import { ManagementClient } from '../../core/management';
import { startLocalServer, type LocalServer } from '../../client/servers/localServer-core';
import { cliPath } from '../client/serverHelpers';
import { closedPort } from '../deploy/helpers/servers';
import { TEST_SETTINGS, waitFor, workbenchSuite, type Workbench } from './harness';

/** Opens the Synapse container's Servers view (activity-bar icon). */
export async function openServersView(wb: Workbench): Promise<Locator> {
  const page = wb.page;
  const icon = page.locator('.activitybar .action-item a[aria-label^="Synapse"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  const pane = serversPane(page);
  if (!(await pane.isVisible().catch(() => false))) await icon.click();
  await pane.waitFor({ state: 'visible', timeout: 20_000 });
  return pane;
}

export function serversPane(page: Page): Locator {
  return page
    .locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /Servers/i }) })
    .first();
}

/** The tree row whose label is exactly `label`. */
export function treeRow(page: Page, label: string): Locator {
  return serversPane(page)
    .locator('.monaco-list-row', {
      has: page.locator('.label-name', {
        hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      }),
    })
    .first();
}

/** Labels of the rows of the Servers view. */
export async function treeLabels(page: Page): Promise<string[]> {
  return (await serversPane(page).locator('.monaco-list-row .label-name').allInnerTexts()).map((t) =>
    t.trim(),
  );
}

/** Right-clicks a row and picks a context menu item by its exact title. */
export async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  await row.click({ button: 'right' });
  const entry = page.getByRole('menuitem', { name: item, exact: true }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(200); // the menu ignores clicks while it is still opening
  await entry.hover();
  await entry.click();
  // a click swallowed by the opening animation leaves the menu up with the item focused: accept it by keyboard
  const closed = await entry
    .waitFor({ state: 'hidden', timeout: 1500 })
    .then(() => true)
    .catch(() => false);
  if (!closed) await page.keyboard.press('Enter');
}

/** Waits for a notification toast whose text matches and returns its text. */
export async function notification(page: Page, text: RegExp, timeoutMs = 30_000): Promise<string> {
  return waitFor(
    `a notification matching ${text}`,
    async () => {
      const all = await page
        .locator('.notifications-toasts .notification-toast, .notification-list-item')
        .allInnerTexts();
      return all.find((t) => text.test(t)) ?? null;
    },
    timeoutMs,
  );
}

/** The text of the visible modal dialog (after it appears). */
export async function dialogText(page: Page, timeoutMs = 20_000): Promise<string> {
  const d = page.locator('.monaco-dialog-box').first();
  await d.waitFor({ state: 'visible', timeout: timeoutMs });
  return d.innerText();
}

/**
 * "Synapse: Add Server" as a user does it: name, URL, user, password, then "Trust This Certificate" in the dialog
 * that shows the server's fingerprint (checked). Resolves once the server's row is in the sidebar. `onDialog` sees
 * the dialog's text before the certificate is trusted (for a screenshot or more checks).
 */
export async function addServer(
  wb: Workbench,
  name: string,
  server: { url: string; user: string; password: string; fingerprint: string },
  onDialog?: (text: string) => Promise<void>,
): Promise<void> {
  const page = wb.page;
  await wb.runCommand('Synapse: Add Server');
  await wb.fillQuickInput(name);
  await wb.fillQuickInput(server.url);
  await wb.fillQuickInput(server.user);
  await wb.fillQuickInput(server.password);
  const text = await dialogText(page);
  if (!text.includes(server.fingerprint))
    throw new Error(`the trust dialog does not show the fingerprint: ${text}`);
  await onDialog?.(text);
  await page.getByRole('button', { name: 'Trust This Certificate' }).click();
  await notification(page, new RegExp(`Connected to ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await openServersView(wb);
  await treeRow(page, name).waitFor({ state: 'visible', timeout: 20_000 });
}

/**
 * A story file's workbench next to a real `synapse serve` on 127.0.0.1 (generated credentials, our management client
 * logged in to it) and a free port the extension's Run Project uses (`synapse.run.httpPort`).
 */
export function localServerSuite(label: string) {
  const settings: Record<string, unknown> = { ...TEST_SETTINGS };
  const state: { serve?: LocalServer; api?: ManagementClient; runPort: number } = { runPort: 0 };
  const suite = workbenchSuite(label, {
    settings,
    setUp: async (work) => {
      state.runPort = await closedPort();
      settings['synapse.run.httpPort'] = state.runPort;
      const serve = await startLocalServer({
        cliPath: await cliPath(),
        configDir: join(work, 'serve-config'),
      });
      state.serve = serve;
      state.api = new ManagementClient({
        url: serve.url,
        user: serve.user,
        password: serve.password,
        fingerprint: serve.fingerprint,
      });
    },
    tearDown: async () => {
      state.api?.close();
      await state.serve?.stop();
    },
  });
  return {
    suite,
    get serve(): LocalServer {
      if (!state.serve) throw new Error('the local server is not started yet');
      return state.serve;
    },
    get api(): ManagementClient {
      if (!state.api) throw new Error('the local server is not started yet');
      return state.api;
    },
    get runPort(): number {
      return state.runPort;
    },
  };
}
