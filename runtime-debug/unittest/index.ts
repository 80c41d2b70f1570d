/**
 * MI's unit-testing framework on the embedded runtime (no Java, no Micro Integrator): suites (`<unit-test>`) and
 * mock services (`<mock-service>`) of a project, run in-process.
 *
 * PUBLIC API:
 *   findSuites(paths)                       -> FoundSuite[] { file, root? }      suites of projects or given files
 *   readSuite(file) / parseSuite(file, text) -> Suite                           UnitTestError on bad input
 *   parseMockService(file, text)            -> MockService
 *   runSuiteFile(file, options?)            -> Promise<SuiteResult>             MI's JSON shape
 *   runSuite(suite, options?)               -> Promise<SuiteResult>
 *   suitePassed(result), casePassed(case)
 *   formatText(results), formatJson(results), formatJunit(results), totals(results)
 *   normalizeForAssert(text), assertEqualsMatch(expected, actual)             the assertEquals comparison
 *   startMockServices(mocks), rewriteEndpoints(text, ports)
 */
export { UnitTestError, UnitTestCodes, type UnitTestCode } from './errors';
export type * from './model';
export { parseSuite } from './suite';
export { parseMockService } from './mockService';
export { normalizeForAssert, assertEqualsMatch, canonicalXml, canonicalJson } from './compare';
export { startMockServices, type RunningMocks, type MockMiss } from './mockServer';
export { rewriteEndpoints, type EndpointRewrite } from './rewrite';
export { projectRootOf, resolveSuitePath } from './paths';
export { findSuites, isSuiteFile, type FoundSuite } from './discover';
export { readSuite, runSuite, runSuiteFile, registryKeys, inputFormat, type RunSuiteOptions } from './runner';
export {
  casePassed,
  suitePassed,
  type SuiteResult,
  type TestCaseResult,
  type FailureAssertion,
  type Status,
} from './result';
export { formatText, formatJson, formatJunit, totals, type Totals } from './report';
export { CoverageTracker, type CoverageReport, type MediatorCoverage } from './coverage';
export { assertService, assertSequence, type ServiceResponse } from './assertions';
