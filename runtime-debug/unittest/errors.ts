/**
 * Errors of the unit-test runner: every one names the file, the 1-based line and column, and a stable code
 * (UNITTEST_*), so that `synapse test` prints `file:line:col CODE message` for a suite it cannot run.
 */

export const UnitTestCodes = {
  /** The file could not be read. */
  READ: 'UNITTEST_READ',
  /** The XML is not well-formed (or is hostile: a DOCTYPE, undefined entities). */
  XML: 'UNITTEST_XML',
  /** The root element is not the one expected (`unit-test`, `mock-service`). */
  ROOT: 'UNITTEST_ROOT',
  /** A required element or attribute is missing or empty. */
  MISSING: 'UNITTEST_MISSING',
  /** A value is not one of those allowed (method, scope, port...). */
  VALUE: 'UNITTEST_VALUE',
  /** An artifact, mock service or registry resource named by a suite does not exist. */
  ARTIFACT_MISSING: 'UNITTEST_ARTIFACT_MISSING',
  /** A path of a suite leads outside its project. */
  PATH_OUTSIDE: 'UNITTEST_PATH_OUTSIDE',
  /** The test artifact is not an API, a proxy service or a sequence (or does not deploy). */
  ARTIFACT_KIND: 'UNITTEST_ARTIFACT_KIND',
  /** The test artifact or a supportive artifact has errors and does not deploy. */
  DEPLOY: 'UNITTEST_DEPLOY',
  /** A mock service could not start (its port is in use). */
  MOCK_PORT: 'UNITTEST_MOCK_PORT',
} as const;

export type UnitTestCode = (typeof UnitTestCodes)[keyof typeof UnitTestCodes];

const BRAND = Symbol.for('synapse.UnitTestError');

export class UnitTestError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(
    readonly code: UnitTestCode,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = 'UnitTestError';
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `file:line:col CODE message`, the form every CLI error of the project takes. */
  format(): string {
    return `${this.file}:${this.line}:${this.column} ${this.code} ${this.message}`;
  }
}
