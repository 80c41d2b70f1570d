/**
 * The Testing view's work without vscode (loaded on first use as its own bundle, dist/extension-testing.js):
 * finding the unit-test suites of the workspace with their cases and positions, running suites through
 * `synapse test --format json` as a child process (the same runner as the CLI; mock services and the runtime live
 * and die with that process), and turning a suite's result into per-case outcomes with messages.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { findSuites, isSuiteFile } from '../runtime-debug/unittest/discover';
import { UnitTestError } from '../runtime-debug/unittest/errors';
import { parseSuite } from '../runtime-debug/unittest/suite';
import type { FailureAssertion, SuiteResult, TestCaseResult } from '../runtime-debug/unittest/result';

export type { SuiteResult } from '../runtime-debug/unittest/result';
export { isSuiteFile };

export interface CaseEntry {
  name: string;
  /** 1-based line of `<test-case>`. */
  line: number;
  /** Its assertions in order: expression, message and 1-based line. */
  assertions: { actual: string; message: string; line: number }[];
}

export interface LoadProblem {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

export interface SuiteEntry {
  file: string;
  name: string;
  cases: CaseEntry[];
  /** Why the suite cannot be read (it is listed, without cases). */
  error?: LoadProblem;
}

/** The suites under the folders (projects of the MI or Integration Studio layout, or bare folders), sorted. */
export function discoverTestSuites(folders: string[]): SuiteEntry[] {
  const out: SuiteEntry[] = [];
  for (const s of findSuites(folders)) out.push(readSuiteEntry(s.file));
  return out;
}

/** One suite file's cases (or its load problem). */
export function readSuiteEntry(file: string): SuiteEntry {
  const name = file.replace(/^.*[\\/]/, '').replace(/\.xml$/i, '');
  try {
    const suite = parseSuite(file, readFileSync(file, 'utf8'));
    return {
      file,
      name: suite.name,
      cases: suite.testCases.map((c) => ({
        name: c.name,
        line: c.line,
        assertions: c.assertions.map((a) => ({ actual: a.actual, message: a.message, line: a.line })),
      })),
    };
  } catch (e) {
    if (e instanceof UnitTestError)
      return {
        file,
        name,
        cases: [],
        error: { file, line: e.line, column: e.column, code: e.code, message: e.message },
      };
    return {
      file,
      name,
      cases: [],
      error: { file, line: 1, column: 1, code: 'UNITTEST_READ', message: (e as Error).message },
    };
  }
}

export interface RunTestsOptions {
  cliPath: string;
  /** Node (or Electron with ELECTRON_RUN_AS_NODE) to run the CLI with (default process.execPath). */
  nodePath?: string;
  files: string[];
  cwd?: string;
  /** Aborts the run (the child process is killed). */
  signal?: AbortSignal;
  onStderr?: (line: string) => void;
  /** Bound on the whole run (default 10 minutes). */
  timeoutMs?: number;
  /** Record mediator coverage (`--coverage`). */
  coverage?: boolean;
}

export interface RunTestsResult {
  results: SuiteResult[];
  loadErrors: LoadProblem[];
  exitCode: number | null;
}

/** A load error line of `synapse test`: `file:line:col CODE message`. */
const LOAD_ERROR = /^(.*):(\d+):(\d+) (UNITTEST_[A-Z_]+) (.*)$/;

/** Runs suite files with `synapse test --format json` and reads its answer. */
export function runTestSuites(opts: RunTestsOptions): Promise<RunTestsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      opts.nodePath ?? process.execPath,
      [opts.cliPath, 'test', ...opts.files, '--format', 'json', ...(opts.coverage ? ['--coverage'] : [])],
      {
        cwd: opts.cwd,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const kill = () => child.kill('SIGTERM');
    opts.signal?.addEventListener('abort', kill, { once: true });
    const timer = setTimeout(kill, opts.timeoutMs ?? 600_000);
    timer.unref();
    process.once('exit', kill);
    let stdout = '';
    let pending = '';
    const stderrLines: string[] = [];
    const line = (l: string) => {
      if (stderrLines.length < 1000) stderrLines.push(l);
      opts.onStderr?.(l);
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      if (stdout.length < 64 * 1024 * 1024) stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      pending += c;
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        line(pending.slice(0, i));
        pending = pending.slice(i + 1);
      }
    });
    const done = () => {
      clearTimeout(timer);
      process.removeListener('exit', kill);
      opts.signal?.removeEventListener('abort', kill);
    };
    child.once('error', (e) => {
      done();
      reject(e);
    });
    child.once('close', (code) => {
      done();
      if (pending) line(pending);
      if (opts.signal?.aborted) return reject(new Error('the test run was cancelled'));
      const loadErrors: LoadProblem[] = [];
      for (const l of stderrLines) {
        const m = LOAD_ERROR.exec(l);
        if (m)
          loadErrors.push({
            file: resolvePath(opts.cwd ?? process.cwd(), m[1]),
            line: Number(m[2]),
            column: Number(m[3]),
            code: m[4],
            message: m[5],
          });
      }
      let results: SuiteResult[] = [];
      const text = stdout.trim();
      if (text.startsWith('[')) {
        try {
          results = JSON.parse(text) as SuiteResult[];
        } catch (e) {
          return reject(new Error(`synapse test answered with unreadable JSON: ${(e as Error).message}`));
        }
      } else if (code !== 0 && !loadErrors.length)
        return reject(new Error(`synapse test exited with ${code}: ${stderrLines.slice(-5).join('\n')}`));
      resolve({ results, loadErrors, exitCode: code });
    });
  });
}

export interface CaseMessage {
  text: string;
  expected?: string;
  actual?: string;
  /** 1-based line in the suite (the failed assertion's, or the case's). */
  line?: number;
}

export type CaseOutcome =
  | { state: 'passed'; durationMs: number }
  | { state: 'failed'; durationMs: number; messages: CaseMessage[] }
  | { state: 'errored'; durationMs?: number; messages: CaseMessage[] };

function failureMessage(f: FailureAssertion, line: number | undefined): CaseMessage {
  return {
    text: `${f.assertionType} ${f.assertionExpression}${f.message ? `: ${f.message}` : ''}${f.assertionDescription ? `\n${f.assertionDescription}` : ''}`,
    expected: f.expected ?? undefined,
    actual: f.actual ?? undefined,
    line,
  };
}

/** What happened to one case of a suite result (by name); a suite that did not deploy errors every case. */
export function caseOutcome(result: SuiteResult, entry: CaseEntry | undefined, name: string): CaseOutcome {
  if (result.deploymentStatus !== 'PASSED') {
    const text = `deployment ${result.deploymentStatus}${result.deploymentDescription ? `: ${result.deploymentDescription}` : ''}${result.deploymentException ? `\n${result.deploymentException}` : ''}`;
    return { state: 'errored', messages: [{ text }] };
  }
  const c: TestCaseResult | undefined = result.testCases.find((t) => t.testCaseName === name);
  if (!c)
    return { state: 'errored', messages: [{ text: `test case '${name}' did not run`, line: entry?.line }] };
  if (c.mediationStatus !== 'PASSED')
    return {
      state: 'errored',
      durationMs: c.durationMs,
      messages: [
        { text: `mediation failed: ${c.exception ?? result.mediationException ?? ''}`, line: entry?.line },
      ],
    };
  if (c.assertionStatus === 'PASSED') return { state: 'passed', durationMs: c.durationMs };
  const failures = c.failureAssertions ?? [];
  const used = new Set<number>();
  return {
    state: 'failed',
    durationMs: c.durationMs,
    messages: failures.length
      ? failures.map((f) => failureMessage(f, lineOf(entry, f, used)))
      : [{ text: 'assertions failed', line: entry?.line }],
  };
}

/** The line of the assertion a failure came from: the first one not yet matched with its expression and message. */
function lineOf(entry: CaseEntry | undefined, f: FailureAssertion, used: Set<number>): number | undefined {
  if (!entry) return undefined;
  const i = entry.assertions.findIndex(
    (a, n) => !used.has(n) && a.actual === f.assertionExpression && a.message === f.message,
  );
  if (i < 0) return entry.line;
  used.add(i);
  return entry.assertions[i].line;
}

/** A mediator in a file, and whether any suite of the run reached it. */
export interface MediatorCoverageAt {
  line: number;
  column: number;
  executed: boolean;
  mediatorId: string;
}

/**
 * The mediator coverage of a run per artifact file (for the Testing view's coverage): every mediator of the covered
 * artifacts at its place, executed when a suite of the run reached it (an artifact several suites deploy is merged).
 */
export function coverageByFile(results: SuiteResult[]): Map<string, MediatorCoverageAt[]> {
  const byFile = new Map<string, Map<string, MediatorCoverageAt>>();
  for (const r of results) {
    const c = r.coverage;
    if (!c) continue;
    for (const a of [...(c.primaryArtifact ? [c.primaryArtifact] : []), ...c.supportingArtifacts])
      for (const d of a.mediatorDetails) {
        let f = byFile.get(d.file);
        if (!f) byFile.set(d.file, (f = new Map()));
        const key = `${d.line}:${d.column}`;
        const had = f.get(key);
        if (had) had.executed ||= d.executed;
        else f.set(key, { line: d.line, column: d.column, executed: d.executed, mediatorId: d.mediatorId });
      }
  }
  const out = new Map<string, MediatorCoverageAt[]>();
  for (const [file, m] of byFile)
    out.set(
      file,
      [...m.values()].sort((a, b) => a.line - b.line || a.column - b.column),
    );
  return out;
}
