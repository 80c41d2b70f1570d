/** Reports of suite results: a text summary, MI-shaped JSON, JUnit XML (for CI systems). */
import { relative } from 'node:path';
import {
  casePassed,
  suitePassed,
  type FailureAssertion,
  type SuiteResult,
  type TestCaseResult,
} from './result';
import type { CoverageReport } from './coverage';

export interface Totals {
  suites: number;
  failedSuites: number;
  cases: number;
  passed: number;
  failed: number;
}

export function totals(results: SuiteResult[]): Totals {
  let cases = 0;
  let passed = 0;
  for (const s of results)
    for (const c of s.testCases) {
      cases++;
      if (casePassed(c)) passed++;
    }
  return {
    suites: results.length,
    failedSuites: results.filter((s) => !suitePassed(s)).length,
    cases,
    passed,
    failed: cases - passed,
  };
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function failureText(f: FailureAssertion): string {
  let s = `${f.assertionType} ${f.assertionExpression}${f.message ? `: ${f.message}` : ''}`;
  if (f.expected !== null) s += `\n  expected: ${f.expected}`;
  if (f.actual !== null) s += `\n  actual:   ${f.actual}`;
  if (f.assertionDescription) s += '\n' + indent(f.assertionDescription, '  ');
  return s;
}

/** How many mediators that did not run are named per artifact in the text report. */
const MAX_NOT_RUN = 10;

/** A line per covered artifact (the test artifact first), with the mediators that did not run under it. */
function coverageText(c: CoverageReport): string[] {
  const out: string[] = [];
  for (const a of [...(c.primaryArtifact ? [c.primaryArtifact] : []), ...c.supportingArtifacts]) {
    const refs = a.referencedArtifacts?.length ? ` with ${a.referencedArtifacts.join(', ')}` : '';
    out.push(
      `  coverage ${a.artifactType}:${a.artifactName}${refs}: ${a.executedMediators}/${a.totalMediators} mediators (${a.coveragePercentage}%)`,
    );
    const notRun = a.mediatorDetails.filter((d) => !d.executed).map((d) => d.mediatorId);
    for (const id of notRun.slice(0, MAX_NOT_RUN)) out.push(`    not run: ${id}`);
    if (notRun.length > MAX_NOT_RUN) out.push(`    … and ${notRun.length - MAX_NOT_RUN} more`);
  }
  return out;
}

/** One block per suite, one line per case, the failures under their case, and a last line of totals. */
export function formatText(results: SuiteResult[], cwd = process.cwd()): string {
  const out: string[] = [];
  for (const s of results) {
    const where = relative(cwd, s.file) || s.file;
    out.push(`${suitePassed(s) ? 'PASS' : 'FAIL'} ${s.suite} (${where}) ${s.durationMs} ms`);
    if (s.deploymentStatus !== 'PASSED') {
      out.push(
        `  deployment ${s.deploymentStatus}${s.deploymentDescription ? `: ${s.deploymentDescription}` : ''}`,
      );
      if (s.deploymentException) out.push(indent(s.deploymentException, '    '));
      continue;
    }
    for (const c of s.testCases) {
      out.push(`  ${casePassed(c) ? 'ok  ' : 'FAIL'} ${c.testCaseName} (${c.durationMs} ms)`);
      if (c.mediationStatus !== 'PASSED')
        out.push(indent(`mediation FAILED: ${c.exception ?? ''}`, '      '));
      for (const f of c.failureAssertions ?? []) out.push(indent(failureText(f), '      '));
    }
    if (!suitePassed(s)) for (const m of s.mockMisses ?? []) out.push(`  note: ${m}`);
    if (s.coverage) out.push(...coverageText(s.coverage));
  }
  const t = totals(results);
  out.push(
    `${plural(t.suites, 'suite')}, ${plural(t.cases, 'test case')}: ${t.passed} passed, ${t.failed} failed` +
      (t.failedSuites ? ` (${plural(t.failedSuites, 'suite')} not passing)` : ''),
  );
  return out.join('\n') + '\n';
}

/** MI's answer per suite (with the suite's name and file), as one JSON array. */
export function formatJson(results: SuiteResult[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}

const xmlEsc = (s: string) =>
  // characters XML 1.0 cannot carry are dropped
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
const secs = (ms: number) => (ms / 1000).toFixed(3);

function junitCase(s: SuiteResult, c: TestCaseResult): string {
  const open = `    <testcase name="${xmlEsc(c.testCaseName)}" classname="${xmlEsc(s.suite)}" time="${secs(c.durationMs)}"`;
  if (casePassed(c)) return open + '/>';
  let body = '';
  if (c.mediationStatus !== 'PASSED')
    body += `      <error message="${xmlEsc(`mediation failed: ${(c.exception ?? '').split('\n')[0]}`)}" type="mediation">${xmlEsc(c.exception ?? '')}</error>\n`;
  for (const f of c.failureAssertions ?? [])
    body += `      <failure message="${xmlEsc(f.message || `${f.assertionType} ${f.assertionExpression}`)}" type="${f.assertionType}">${xmlEsc(failureText(f))}</failure>\n`;
  return `${open}>\n${body}    </testcase>`;
}

/** JUnit XML: a <testsuite> per suite, a <testcase> per case; a deployment failure is an <error> case. */
export function formatJunit(results: SuiteResult[]): string {
  const t = totals(results);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const errorsOf = (s: SuiteResult) =>
    (s.deploymentStatus !== 'PASSED' ? 1 : 0) +
    s.testCases.filter((c) => c.mediationStatus !== 'PASSED').length;
  const failuresOf = (s: SuiteResult) =>
    s.testCases.filter((c) => c.mediationStatus === 'PASSED' && c.assertionStatus !== 'PASSED').length;
  const totalTime = results.reduce((a, s) => a + s.durationMs, 0);
  lines.push(
    `<testsuites name="synapse test" tests="${t.cases + results.filter((s) => s.deploymentStatus !== 'PASSED').length}" failures="${results.reduce((a, s) => a + failuresOf(s), 0)}" errors="${results.reduce((a, s) => a + errorsOf(s), 0)}" time="${secs(totalTime)}">`,
  );
  for (const s of results) {
    const deployFailed = s.deploymentStatus !== 'PASSED';
    lines.push(
      `  <testsuite name="${xmlEsc(s.suite)}" file="${xmlEsc(s.file)}" tests="${s.testCases.length + (deployFailed ? 1 : 0)}" failures="${failuresOf(s)}" errors="${errorsOf(s)}" time="${secs(s.durationMs)}">`,
    );
    if (deployFailed) {
      const msg = `deployment ${s.deploymentStatus}${s.deploymentDescription ? `: ${s.deploymentDescription}` : ''}`;
      lines.push(
        `    <testcase name="deployment" classname="${xmlEsc(s.suite)}" time="0.000">\n      <error message="${xmlEsc(msg)}" type="deployment">${xmlEsc(s.deploymentException ?? '')}</error>\n    </testcase>`,
      );
    }
    for (const c of s.testCases) lines.push(junitCase(s, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
