/**
 * The Testing view for MI unit-test suites: a TestController listing the workspace's suites and their cases
 * (found when the view first asks, refreshed when a suite file changes), and a Run profile that runs the chosen
 * suites with `synapse test` as a child process and reports each case (expected and actual values of a failed
 * assertion at its line); the Coverage profile runs them with `--coverage` and shows which mediators ran in each
 * artifact (a mediator is a statement at its element name). The discovery and run code is its own bundle (dist/extension-testing.js), loaded on use.
 */
import * as vscode from 'vscode';
import { requireTrust } from './trust/trust';

type Core = typeof import('./testing-core');
let core: Promise<Core> | undefined;
const loadCore = (): Promise<Core> => (core ??= import('./testing-core'));

/** Items by suite file: the suite item and its case entries (for lines). */
interface SuiteInfo {
  item: vscode.TestItem;
  entry: import('./testing-core').SuiteEntry;
}

export function registerTesting(context: vscode.ExtensionContext): vscode.TestController {
  const ctrl = vscode.tests.createTestController('synapse.unitTests', 'Synapse Unit Tests');
  context.subscriptions.push(ctrl);
  const suites = new Map<string, SuiteInfo>();

  const addSuite = (entry: import('./testing-core').SuiteEntry) => {
    const uri = vscode.Uri.file(entry.file);
    const item = ctrl.createTestItem(entry.file, entry.name, uri);
    item.range = new vscode.Range(0, 0, 0, 0);
    if (entry.error) {
      item.error = `${entry.error.code} ${entry.error.message} (line ${entry.error.line})`;
    }
    for (const c of entry.cases) {
      const child = ctrl.createTestItem(`${entry.file}#${c.name}`, c.name, uri);
      child.range = new vscode.Range(c.line - 1, 0, c.line - 1, 0);
      item.children.add(child);
    }
    suites.set(entry.file, { item, entry });
    return item;
  };

  const refreshAll = async () => {
    const { discoverTestSuites } = await loadCore();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    suites.clear();
    ctrl.items.replace(discoverTestSuites(folders).map(addSuite));
  };
  const refreshFile = async (uri: vscode.Uri) => {
    const { readSuiteEntry, isSuiteFile } = await loadCore();
    // a file that is not (or no longer) a suite: a mock service, another XML file
    if (!isSuiteFile(uri.fsPath)) {
      if (suites.delete(uri.fsPath)) ctrl.items.delete(uri.fsPath);
      return;
    }
    ctrl.items.add(addSuite(readSuiteEntry(uri.fsPath)));
  };

  // the file watchers start when the view first asks for the tests (nothing but the controller at activation)
  let resolved = false;
  const watch = () => {
    for (const glob of ['**/src/test/**/*.xml', '**/test/*.xml']) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      w.onDidChange((u) => void refreshFile(u));
      w.onDidCreate((u) => void refreshFile(u));
      w.onDidDelete((u) => {
        if (suites.delete(u.fsPath)) ctrl.items.delete(u.fsPath);
      });
      context.subscriptions.push(w);
    }
  };
  const resolveAll = async () => {
    if (!resolved) {
      resolved = true;
      watch();
    }
    await refreshAll();
  };
  ctrl.resolveHandler = async (item) => {
    if (!item) await resolveAll();
  };
  ctrl.refreshHandler = async () => {
    await resolveAll();
  };

  /** The statement details of the files a coverage run reported, for loadDetailedCoverage. */
  const coverageDetails = new WeakMap<vscode.FileCoverage, vscode.StatementCoverage[]>();

  const run = async (request: vscode.TestRunRequest, token: vscode.CancellationToken, coverage = false) => {
    if (!requireTrust('run')) return;
    if (!resolved) await resolveAll();
    const { runTestSuites, caseOutcome, coverageByFile } = await loadCore();
    // the cases to report, grouped by suite file
    const wanted = new Map<string, Set<string> | 'all'>();
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const include = request.include ?? [...suites.values()].map((s) => s.item);
    for (const item of include) {
      if (excluded.has(item.id)) continue;
      const hash = item.id.indexOf('#');
      if (hash < 0) wanted.set(item.id, 'all');
      else {
        const file = item.id.slice(0, hash);
        const w = wanted.get(file);
        if (w === 'all') continue;
        wanted.set(file, (w ?? new Set()).add(item.id.slice(hash + 1)));
      }
    }
    const testRun = ctrl.createTestRun(request);
    const cases: { info: SuiteInfo; item: vscode.TestItem; name: string }[] = [];
    for (const [file, which] of wanted) {
      const info = suites.get(file);
      if (!info) continue;
      if (info.entry.error) {
        const e = info.entry.error;
        const m = new vscode.TestMessage(`${e.code} ${e.message}`);
        m.location = new vscode.Location(info.item.uri!, new vscode.Position(e.line - 1, e.column - 1));
        testRun.errored(info.item, m);
        continue;
      }
      info.item.children.forEach((child) => {
        const name = child.id.slice(file.length + 1);
        if (which !== 'all' && !which.has(name)) return;
        if (excluded.has(child.id)) return;
        cases.push({ info, item: child, name });
        testRun.started(child);
      });
    }
    const files = [...new Set(cases.map((c) => c.info.entry.file))];
    if (!files.length) return testRun.end();
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const out = await runTestSuites({
        cliPath: context.asAbsolutePath('dist/cli.js'),
        files,
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        signal: abort.signal,
        onStderr: (l) => testRun.appendOutput(l + '\r\n'),
        coverage,
      });
      // mediator coverage: each mediator of the covered artifacts is a statement, at its element name
      if (coverage)
        for (const [file, mediators] of coverageByFile(out.results)) {
          const details = mediators.map(
            (m) => new vscode.StatementCoverage(m.executed, new vscode.Position(m.line - 1, m.column - 1)),
          );
          const fc = vscode.FileCoverage.fromDetails(vscode.Uri.file(file), details);
          coverageDetails.set(fc, details);
          testRun.addCoverage(fc);
        }
      for (const c of cases) {
        const result = out.results.find((r) => r.file === c.info.entry.file);
        if (!result) {
          const err = out.loadErrors.find((e) => e.file === c.info.entry.file);
          testRun.errored(
            c.item,
            new vscode.TestMessage(err ? `${err.code} ${err.message}` : 'the suite did not run'),
          );
          continue;
        }
        const entry = c.info.entry.cases.find((e) => e.name === c.name);
        const o = caseOutcome(result, entry, c.name);
        if (o.state === 'passed') {
          testRun.passed(c.item, o.durationMs);
          continue;
        }
        const messages = o.messages.map((msg) => {
          const m =
            msg.expected !== undefined && msg.actual !== undefined
              ? vscode.TestMessage.diff(msg.text, msg.expected, msg.actual)
              : new vscode.TestMessage(msg.text);
          if (msg.line !== undefined)
            m.location = new vscode.Location(c.item.uri!, new vscode.Position(msg.line - 1, 0));
          return m;
        });
        if (o.state === 'failed') testRun.failed(c.item, messages, o.durationMs);
        else testRun.errored(c.item, messages, o.durationMs);
      }
    } catch (e) {
      for (const c of cases) testRun.errored(c.item, new vscode.TestMessage((e as Error).message));
    } finally {
      sub.dispose();
      testRun.end();
    }
  };
  ctrl.createRunProfile('Run', vscode.TestRunProfileKind.Run, (r, t) => run(r, t), true);
  const withCoverage = ctrl.createRunProfile(
    'Run with Mediator Coverage',
    vscode.TestRunProfileKind.Coverage,
    (r, t) => run(r, t, true),
    true,
  );
  withCoverage.loadDetailedCoverage = async (_run, fc) => coverageDetails.get(fc) ?? [];
  return ctrl;
}
