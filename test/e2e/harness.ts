/**
 * End-to-end rig: our extension in a real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3, installed by
 * scripts/setup-e2e.sh into .e2e/), driven through Debian's Chromium with playwright-core.
 *
 * - {@link packageExtension} bundles the extension and the language server (scripts/build.mjs) into a staging folder and
 *   packages it with `vsce package --no-dependencies` (the same .vsix a user installs);
 * - {@link CodeServer} installs that .vsix into a temporary extensions dir and serves VS Code on 127.0.0.1 (port
 *   chosen by the OS) with a temporary user-data-dir;
 * - {@link Workbench} wraps a page with the user actions the stories need (quick open, go to line, type, completion,
 *   Problems panel, hover, F12, quick fix, screenshots into .test-output/e2e/).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..');
export const CODE_SERVER = join(ROOT, '.e2e', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.SYNAPSE_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const OUTPUT_DIR = join(ROOT, '.test-output', 'e2e');
export const EXTENSION_ID = 'synapse-integration-tools.synapse-integration-tools';

/** Throws a clear error when the rig is not installed (it is part of scripts/setup.sh). */
export function assertRigInstalled(): void {
  const missing = [CODE_SERVER, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(
      `The e2e rig is not installed (missing ${missing.join(', ')}): run scripts/setup-e2e.sh.`,
    );
  }
}

/** Temporary folder removed by {@link cleanup}. Paths with a space and a non-ASCII letter, as users have them. */
export function tempDir(label: string): string {
  const base = join(tmpdir(), 'synapse e2e ü');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

export function cleanup(...dirs: (string | undefined)[]): void {
  for (const d of dirs) if (d) rmSync(d, { recursive: true, force: true });
}

/**
 * Builds the extension's bundles from the sources (scripts/build.mjs) into a staging copy of the extension and
 * packages it.
 * Returns the .vsix path.
 */
export async function packageExtension(workDir: string): Promise<string> {
  const stage = join(workDir, 'extension');
  mkdirSync(join(stage, 'dist'), { recursive: true });
  // every bundle the .vsix ships, as `npm run build` makes them (the extension's lazily loaded parts included)
  const b = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'build.mjs'), '--outdir', join(stage, 'dist'), '--no-sourcemap'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  if (b.status !== 0) throw new Error(`scripts/build.mjs failed (${b.status}): ${b.stderr || b.stdout}`);
  for (const f of ['package.json', 'README.md', '.vscodeignore', 'LICENSE', 'CHANGELOG.md']) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(stage, f));
  }
  for (const d of ['snippets', 'syntaxes', 'media']) {
    if (existsSync(join(ROOT, d))) cpSync(join(ROOT, d), join(stage, d), { recursive: true });
  }
  const vsix = join(workDir, 'synapse-integration-tools.vsix');
  const vsce = join(ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(
    vsce,
    [
      'package',
      '--no-dependencies',
      '--skip-license',
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '-o',
      vsix,
    ],
    {
      cwd: stage,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0 || !existsSync(vsix)) {
    throw new Error(`vsce package failed (${r.status}): ${r.stderr || r.stdout}`);
  }
  return vsix;
}

let packaged: Promise<string> | undefined;

/** The .vsix, packaged once per test process (in a temp folder removed when the process exits). */
export function packagedExtension(): Promise<string> {
  if (!packaged) {
    const dir = tempDir('vsix');
    process.once('exit', () => cleanup(dir));
    packaged = packageExtension(dir);
  }
  return packaged;
}

/** User settings that keep the workbench quiet and deterministic for tests. */
export const TEST_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'editor.acceptSuggestionOnEnter': 'on',
  'editor.suggest.snippetsPreventQuickSuggestions': false,
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'synapse.validation.delayMs': 100,
};

export class CodeServer {
  private proc: ChildProcess | undefined;
  private log = '';
  url = '';

  constructor(
    readonly userDataDir: string,
    readonly extensionsDir: string,
  ) {}

  /** A code-server with workspace trust on, asking at start-up: new folders open in Restricted Mode. */
  static createRestricted(workDir: string, vsix: string): Promise<CodeServer> {
    return CodeServer.create(
      workDir,
      vsix,
      {
        ...TEST_SETTINGS,
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'always',
      },
      { workspaceTrust: true },
    );
  }

  static async create(
    workDir: string,
    vsix: string,
    settings: Record<string, unknown> = TEST_SETTINGS,
    options: { workspaceTrust?: boolean } = {},
  ): Promise<CodeServer> {
    const cs = new CodeServer(join(workDir, 'user-data'), join(workDir, 'extensions'));
    mkdirSync(join(cs.userDataDir, 'User'), { recursive: true });
    mkdirSync(cs.extensionsDir, { recursive: true });
    writeFileSync(join(cs.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    writeFileSync(join(workDir, 'config.yaml'), 'auth: none\n');
    const r = spawnSync(
      CODE_SERVER,
      [
        '--config',
        join(workDir, 'config.yaml'),
        '--user-data-dir',
        cs.userDataDir,
        '--extensions-dir',
        cs.extensionsDir,
        '--install-extension',
        vsix,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (r.status !== 0) throw new Error(`code-server --install-extension failed: ${r.stderr || r.stdout}`);
    await cs.start(join(workDir, 'config.yaml'), options.workspaceTrust === true);
    return cs;
  }

  private start(config: string, workspaceTrust: boolean): Promise<void> {
    const proc = spawn(
      CODE_SERVER,
      [
        '--config',
        config,
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--user-data-dir',
        this.userDataDir,
        '--extensions-dir',
        this.extensionsDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } },
    );
    this.proc = proc;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`code-server did not start in 60 s:\n${this.log}`)),
        60_000,
      );
      const onData = (d: Buffer) => {
        this.log += d.toString();
        if (this.log.length > 200_000) this.log = this.log.slice(-100_000);
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(this.log);
        if (m && !this.url) {
          this.url = m[1];
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        if (!this.url) reject(new Error(`code-server exited (${code}):\n${this.log}`));
      });
    });
  }

  /** The extension host's log and our extension's output channel logs (for failure reports). */
  extensionLogs(): string {
    const logs = join(this.userDataDir, 'logs');
    const files: string[] = [];
    const walk = (d: string, depth: number) => {
      if (depth > 6) return;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p, depth + 1);
        else if (/remoteexthost\.log$|Synapse.*\.log$/.test(e.name)) files.push(p);
      }
    };
    if (existsSync(logs)) walk(logs, 0);
    return files.map((f) => `== ${f}\n${readFileSync(f, 'utf8').slice(-6000)}`).join('\n');
  }

  /** The server's combined output (extension host messages, errors). */
  output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        p.kill('SIGKILL');
        resolve();
      }, 5000);
      p.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      p.kill('SIGTERM');
    });
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Copies a project into a fresh temp folder so tests can change it. */
export function copyProject(src: string, workDir: string, name: string): string {
  const dest = join(workDir, name);
  cpSync(src, dest, { recursive: true });
  return dest;
}

/** A VS Code window showing one folder, with the user actions the stories need. */
export class Workbench {
  private constructor(
    readonly page: Page,
    readonly folder: string,
  ) {}

  static async open(browser: Browser, server: CodeServer, folder: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The explorer shows the folder once the workbench has restored its layout.
    await page.waitForSelector('.explorer-folders-view, .monaco-workbench .part.sidebar', {
      timeout: 30_000,
    });
    return new Workbench(page, folder);
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  /** Saves a PNG under .test-output/e2e/ and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const path = join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** The language server's status bar entry (present only once the extension is active). */
  synapseStatus(): Locator {
    return this.page.locator(`[id="${EXTENSION_ID}.synapse.status"]`);
  }

  private async focusWorkbench(): Promise<void> {
    await this.page
      .locator('.monaco-workbench')
      .first()
      .focus()
      .catch(() => undefined);
  }

  /** Runs a command through the command palette by its title (e.g. "Synapse: New Artifact..."). */
  async runCommand(title: string): Promise<void> {
    // Close whatever widget a previous step left open.
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.press('Enter');
  }

  /** The command palette entries matching `query` (palette opened and closed again). */
  async paletteEntries(query: string): Promise<string[]> {
    await this.page.keyboard.press('Escape');
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${query}`);
    await this.page.waitForTimeout(800);
    const labels = await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    await this.page.keyboard.press('Escape');
    return labels.map((l) => l.trim());
  }

  /** The labels of the visible quick-pick rows (the first label of each row, not its description or detail). */
  async quickPickLabels(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    const out: string[] = [];
    for (let i = 0, n = await rows.count(); i < n; i++) {
      out.push((await rows.nth(i).locator('.label-name').first().innerText()).trim());
    }
    return out;
  }

  /** Picks the quick-pick row whose label is exactly `label`. */
  async pickQuickItem(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(label);
    const labels = await waitFor(`quick pick item "${label}"`, async () => {
      const l = await this.quickPickLabels();
      return l.includes(label) ? l : null;
    });
    await this.page.locator('.quick-input-list .monaco-list-row').nth(labels.indexOf(label)).click();
  }

  /** Replaces the text of the visible quick input (input box, file dialog) and accepts it with Enter. */
  async fillQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget:visible input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    await this.page.waitForTimeout(300);
    await this.page.keyboard.press('Enter');
    await this.page.waitForTimeout(300);
  }

  /** The names listed by "Developer: Show Running Extensions" (the activated extensions). */
  async runningExtensions(): Promise<string[]> {
    await this.runCommand('Developer: Show Running Extensions');
    const editor = this.page.locator('.runtime-extensions-editor');
    await editor.waitFor({ state: 'visible', timeout: 20_000 });
    return waitFor(
      'the running extensions list',
      async () => {
        const t = await editor.locator('.monaco-list-row').allInnerTexts();
        return t.length ? t : null;
      },
      20_000,
    );
  }

  /** Opens a file of the workspace by its path relative to the folder (Quick Open). */
  async openFile(relPath: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relPath);
    const base = relPath.split('/').pop()!;
    // Wait until the filtered list has settled with the file on top (Enter on a stale list opens something else).
    const first = this.page.locator('.quick-input-list .monaco-list-row').first();
    await waitFor(
      `${base} at the top of Quick Open`,
      async () => ((await first.innerText().catch(() => '')) ?? '').includes(base),
      15_000,
    );
    await this.page.waitForTimeout(200);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: base }).waitFor({ timeout: 15_000 });
    await this.page
      .locator('.editor-instance .monaco-editor .view-lines')
      .first()
      .waitFor({ timeout: 15_000 });
  }

  /** Moves the cursor to a 1-based line and column (Go to Line/Column). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Puts the cursor on the first occurrence of `needle` in the file (offset `delta` characters into it). */
  async goToText(relPath: string, needle: string, delta = 0): Promise<{ line: number; column: number }> {
    const text = readFileSync(join(this.folder, relPath), 'utf8');
    const at = text.indexOf(needle);
    if (at < 0) throw new Error(`"${needle}" not found in ${relPath}`);
    const before = text.slice(0, at + delta);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    await this.goTo(line, column);
    return { line, column };
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 30 });
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.waitForTimeout(300);
  }

  /**
   * The CSS class Monaco gave the rendered token whose text is exactly `text` in the visible lines (tokens of the same
   * colour share a class), or undefined when no such token is rendered.
   */
  async tokenClass(text: string): Promise<string | undefined> {
    return this.page.evaluate((t) => {
      for (const span of Array.from(
        document.querySelectorAll('.editor-instance .view-lines .view-line > span > span'),
      )) {
        if (span.textContent?.trim() === t) return span.className;
      }
      return undefined;
    }, text);
  }

  /** Opens the suggest widget (Ctrl+Space) and returns the labels it shows. */
  async triggerSuggest(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    return this.suggestions();
  }

  async suggestions(): Promise<string[]> {
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.waitForTimeout(300);
    const labels = await rows.locator('.label-name').allInnerTexts();
    return labels.map((l) => l.trim());
  }

  /** Selects the suggestion whose label is exactly `label` and accepts it. */
  async acceptSuggestion(label: string): Promise<void> {
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    for (let i = 0; i < 40; i++) {
      const focused = (
        await widget.locator('.monaco-list-row.focused .label-name').first().innerText()
      ).trim();
      if (focused === label) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`No suggestion "${label}" in ${JSON.stringify(await this.suggestions())}`);
  }

  /** Opens the Problems panel and returns the text of its rows once at least one row matches `expect`. */
  async problems(expect: RegExp, timeoutMs = 30_000): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    const rows = panel.locator('.monaco-list-row');
    const deadline = Date.now() + timeoutMs;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      if (texts.some((t) => expect.test(t))) return texts;
      await this.page.waitForTimeout(500);
    }
    throw new Error(`No problem matching ${expect} in the Problems panel; rows: ${JSON.stringify(texts)}`);
  }

  /** The rows of the Problems panel as they are now (the panel must be open). */
  async problemRows(): Promise<string[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Shows the hover at the cursor and returns its text. */
  async hoverAtCursor(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page
      .locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents')
      .first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.waitForTimeout(300);
    return (await hover.innerText()).trim();
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and returns the action titles. */
  async quickFixes(): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    const items = this.page.locator('.action-widget .monaco-list-row.action');
    await items.first().waitFor({ state: 'visible', timeout: 15_000 });
    return (await items.allInnerTexts()).map((t) => t.trim());
  }

  /** Selects the quick fix whose title matches (keyboard, as a user would) and applies it. */
  async applyQuickFix(title: RegExp): Promise<void> {
    const widget = this.page.locator('.action-widget');
    for (let i = 0; i < 20; i++) {
      const focused = (await widget.locator('.monaco-list-row.action.focused').first().innerText()).trim();
      if (title.test(focused)) {
        await this.page.keyboard.press('Enter');
        await widget.waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`No quick fix matching ${title}`);
  }

  /** The file name shown on the active editor tab. */
  async activeTab(): Promise<string> {
    const tab = this.page
      .locator(
        '.tabs-container .tab.active .label-name, .tabs-container .tab.active .monaco-icon-label-container',
      )
      .first();
    await tab.waitFor({ timeout: 10_000 });
    return (await tab.innerText()).trim();
  }
}

/** Polls `fn` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => T | Promise<T>,
  timeoutMs = 20_000,
  stepMs = 250,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface WorkbenchSuiteOptions {
  /** code-server user settings (default TEST_SETTINGS). */
  settings?: Record<string, unknown>;
  /** The folder to open, made in the suite's temp folder (default: a copy of examples/hello-world). */
  folder?: (work: string) => string | Promise<string>;
  /** Wait for the extension's status bar item (the extension active on a project) before the first test. */
  waitForExtension?: boolean;
  /** Workspace trust on and asked at start-up, as {@link CodeServer.createRestricted} (the folder opens untrusted). */
  restricted?: boolean;
  /** Runs first in `before` (servers, backends the folder or settings need); `work` is the suite's temp folder. */
  setUp?: (work: string) => Promise<void>;
  /** Runs last in `after`, before the temp folder is removed. */
  tearDown?: () => Promise<void>;
}

/** What a suite set up by {@link workbenchSuite} holds, available from its first test on. */
export interface WorkbenchSuite {
  readonly work: string;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly wb: Workbench;
}

/**
 * The set-up every story file repeats, as mocha hooks of the calling `describe`: the packaged extension in a fresh
 * code-server, Chromium, one folder opened (and the extension active, if asked); a screenshot named
 * `FAILED <label> <test>` and the extension's logs on a failed test; everything stopped and removed at the end.
 */
export function workbenchSuite(label: string, opts: WorkbenchSuiteOptions = {}): WorkbenchSuite {
  let work: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench | undefined;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${label}: the suite's ${what} is not set up (did before() fail?)`);
    return v;
  };
  before(async function () {
    this.timeout(300_000);
    assertRigInstalled();
    work = tempDir(label);
    const vsix = packagedExtension();
    await opts.setUp?.(work);
    server = opts.restricted
      ? await CodeServer.createRestricted(work, await vsix)
      : await CodeServer.create(work, await vsix, opts.settings ?? TEST_SETTINGS);
    browser = await launchBrowser();
    const folder = opts.folder
      ? await opts.folder(work)
      : copyProject(join(ROOT, 'examples', 'hello-world'), work, `${label} project`);
    wb = await Workbench.open(browser, server, folder);
    if (opts.waitForExtension !== false)
      await wb.synapseStatus().waitFor({ state: 'visible', timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`FAILED ${label} ${this.currentTest.title}`).catch(() => undefined);
      if (server) console.log(server.extensionLogs());
    }
  });
  after(async function () {
    this.timeout(60_000);
    await wb?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await opts.tearDown?.();
    cleanup(work);
  });
  return {
    get work() {
      return need(work, 'temp folder');
    },
    get server() {
      return need(server, 'code-server');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get wb() {
      return need(wb, 'workbench');
    },
  };
}
