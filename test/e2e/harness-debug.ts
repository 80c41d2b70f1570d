/**
 * E2E helpers for the debugging stories: the user actions of a debug session in the workbench (gutter clicks,
 * CodeLens, the stopped line, the Variables view, the debug toolbar, the response editor).
 */
import type { Locator, Page } from 'playwright-core';
import { waitFor, type Workbench } from './harness';

/** The .vsix of the e2e suite (harness.ts packages every entry, the debug adapter and the CLI included). */
export { packagedExtension as packagedDebugExtension } from './harness';

/** The editor of the active editor group. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** The line-number element of a 1-based line in the active editor (the line must be rendered). */
function lineNumber(page: Page, line: number): Locator {
  return activeEditor(page)
    .locator('.margin-view-overlays .line-numbers')
    .filter({ hasText: new RegExp(`^\\s*${line}\\s*$`) })
    .first();
}

/** Vertical centre of a rendered line of the active editor, in page coordinates. */
async function lineY(page: Page, line: number): Promise<number> {
  const box = await lineNumber(page, line).boundingBox();
  if (!box) throw new Error(`line ${line} is not rendered in the active editor`);
  return box.y + box.height / 2;
}

/** Clicks the breakpoint gutter (glyph margin) of a 1-based line, as a user sets a breakpoint. */
export async function clickGutter(page: Page, line: number): Promise<void> {
  const y = await lineY(page, line);
  const margin = await activeEditor(page).locator('.glyph-margin').first().boundingBox();
  if (!margin) throw new Error('no glyph margin in the active editor');
  await page.mouse.move(margin.x + margin.width / 2, y);
  await page.mouse.click(margin.x + margin.width / 2, y);
}

/** 1-based lines of the active editor that show a decoration matching `selector` in the gutter or the view. */
export async function decoratedLines(page: Page, selector: string): Promise<number[]> {
  const editor = activeEditor(page);
  const numbers = editor.locator('.margin .margin-view-overlays .line-numbers');
  const rows: { n: number; y: number }[] = [];
  for (const el of await numbers.all()) {
    const t = (await el.innerText()).trim();
    const box = await el.boundingBox();
    if (/^\d+$/.test(t) && box) rows.push({ n: Number(t), y: box.y + box.height / 2 });
  }
  const out: number[] = [];
  for (const d of await editor.locator(selector).all()) {
    const box = await d.boundingBox();
    if (!box) continue;
    const mid = box.y + box.height / 2;
    const row = rows.find((r) => Math.abs(r.y - mid) < box.height / 2 + 1);
    if (row && !out.includes(row.n)) out.push(row.n);
  }
  return out.sort((a, b) => a - b);
}

/** Lines with a breakpoint glyph (verified or not) in the active editor. */
export function breakpointLines(page: Page): Promise<number[]> {
  return decoratedLines(page, '.codicon[class*="debug-breakpoint"]');
}

/** Waits until the active editor shows `file` stopped (top stack frame) at a 1-based line. */
export async function waitForStoppedAt(
  wb: Workbench,
  fileBase: string,
  line: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    `the editor stopped at ${fileBase}:${line}`,
    async () => {
      const tab = (await wb.activeTab().catch(() => '')) ?? '';
      if (!tab.includes(fileBase)) return false;
      const lines = await decoratedLines(wb.page, '.debug-top-stack-frame-line');
      return lines.includes(line);
    },
    timeoutMs,
  );
}

/** The CodeLens whose text contains `text` in the active editor. */
export function codeLens(page: Page, text: string): Locator {
  return activeEditor(page).locator('.codelens-decoration a', { hasText: text }).first();
}

/** The rows of the Variables view, as text (the view must be open: it is while debugging). */
export async function variablesRows(page: Page): Promise<string[]> {
  const pane = page
    .locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Variables/ }) })
    .first();
  return (await pane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Clicks a debug toolbar action by the start of its label ("Continue", "Step Into", "Step Over", "Stop"...). */
export async function debugAction(page: Page, label: string): Promise<void> {
  const button = page.locator(`.debug-toolbar .action-label[aria-label^="${label}"]`).first();
  await button.waitFor({ state: 'visible', timeout: 15_000 });
  await button.click();
}

/** Whether a debug session runs (the debug toolbar is shown). */
export async function debugging(page: Page): Promise<boolean> {
  return page
    .locator('.debug-toolbar')
    .first()
    .isVisible()
    .catch(() => false);
}

/** The text of the editor whose tab label contains `tabText` (visible lines, non-breaking spaces made plain). */
export async function editorText(page: Page, tabText: string): Promise<string> {
  const group = page
    .locator('.editor-group-container', { has: page.locator('.tab', { hasText: tabText }) })
    .first();
  const t = await group.locator('.view-lines').first().innerText();
  return t.replace(/\u00a0/g, ' ');
}
