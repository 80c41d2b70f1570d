/**
 * Errors of the embedded runtime. A `MediationError` carries the ERROR_CODE / ERROR_MESSAGE / ERROR_DETAIL values
 * Micro Integrator sets before a fault sequence runs; a `LoadError` names the file, line, column and a stable code.
 */

/** Error codes as Micro Integrator uses them (see reference/artifacts.md, endpoints). */
export const ErrorCodes = {
  SENDER_IO_ERROR_SENDING: 101500,
  SENDER_IO_ERROR_RECEIVING: 101501,
  CONNECTION_FAILED: 101503,
  CONNECTION_TIMEOUT: 101504,
  CONNECTION_CLOSED: 101505,
  PROTOCOL_VIOLATION: 101506,
  CONNECT_TIMEOUT: 101508,
  RESPONSE_PROCESSING_FAILURE: 101510,
  NO_READY_CHILD: 303000,
  ENDPOINT_SUSPENDED: 303001,
  INDIRECT_ENDPOINT_NOT_READY: 305100,
  /** Generic mediation failure (an exception inside a mediator). */
  MEDIATION_FAILURE: 0,
  /** throwError mediator / editor-only mediator / unknown key: MI reports these with code 0 or its own codes. */
} as const;

export class MediationError extends Error {
  constructor(
    readonly code: number | string,
    message: string,
    readonly detail?: string,
    /** Where it happened (file:line) when known. */
    readonly where?: string,
  ) {
    super(message);
    this.name = 'MediationError';
  }
}

export interface LoadProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  code: string;
  message: string;
}

export class LoadError extends Error {
  constructor(readonly problem: LoadProblem) {
    super(`${problem.file}:${problem.line}:${problem.column} ${problem.code} ${problem.message}`);
    this.name = 'LoadError';
  }
}

/** Thrown by the request reader when a body exceeds the configured limit (answered with 413). */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** Thrown when a payload cannot be parsed (bad XML/JSON, DTD, too deep). */
export class PayloadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
