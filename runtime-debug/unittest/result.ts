/** The result of a suite, in the JSON shape MI's unit-testing agent answers with (plus the suite's name and file). */
import type { CoverageReport } from './coverage';

export type Status = 'PASSED' | 'FAILED' | 'SKIPPED';

export interface FailureAssertion {
  assertionType: 'assertEquals' | 'assertNotNull';
  assertionExpression: string;
  actual: string | null;
  expected: string | null;
  assertionDescription: string | null;
  message: string;
}

export interface TestCaseResult {
  testCaseName: string;
  mediationStatus: Status | null;
  assertionStatus: Status | null;
  /** Why mediation failed (MI's `exception`). */
  exception: string | null;
  failureAssertions?: FailureAssertion[];
  /** Milliseconds the case took (not in MI's answer). */
  durationMs: number;
}

export interface SuiteResult {
  /** The suite's name (its file name without .xml) and its path (not in MI's answer). */
  suite: string;
  file: string;
  deploymentStatus: Status;
  deploymentException: string | null;
  deploymentDescription: string | null;
  mediationStatus: Status | null;
  currentTestCase: string | null;
  mediationException: string | null;
  testCases: TestCaseResult[];
  durationMs: number;
  /** Requests a mock service had no resource for (not in MI's answer): why a backend call got 404. */
  mockMisses?: string[];
  /** Mediator coverage (with the coverage option), in the shape of the agent's coverage report. */
  coverage?: CoverageReport;
}

export function casePassed(c: TestCaseResult): boolean {
  return c.mediationStatus === 'PASSED' && c.assertionStatus === 'PASSED';
}

export function suitePassed(s: SuiteResult): boolean {
  return s.deploymentStatus === 'PASSED' && s.mediationStatus !== 'FAILED' && s.testCases.every(casePassed);
}
