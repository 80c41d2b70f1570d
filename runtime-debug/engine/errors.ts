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

/**
 * A Java exception held by a property (ERROR_EXCEPTION): its toString() where Synapse prints the object (a
 * `${props.synapse.ERROR_EXCEPTION}`, a full log), but no text to an XPath: Jaxen hands SynapseXPath.stringValueOf a
 * list holding the object, whose string value skips what is neither a node nor a JSON element (''), while the list
 * is not empty (boolean() true, concat() adds nothing).
 */
export class JavaThrowable extends String {}

/**
 * A failure whose mediator set ERROR_CODE and ERROR_MESSAGE itself before throwing (the throwError mediator,
 * ThrowError.mediate): FaultHandler.handleFault, finding ERROR_CODE set, records nothing more (no ERROR_DETAIL, no
 * ERROR_EXCEPTION).
 */
export class RecordedError extends MediationError {}

/**
 * Axis2Sender.sendBack's SynapseException: the transport sender refused the answer (nothing went to the client, who
 * may still be answered by the fault sequence).
 */
export class SendBackError extends MediationError {
  constructor(message: string) {
    super(ErrorCodes.MEDIATION_FAILURE, message);
    this.name = 'SynapseException';
  }
}

/**
 * The connection states of MI's pass-through transport (Synapse ProtocolState, in its order): a transport failure's
 * ERROR_CODE is its base code plus the ordinal of the state the connection was in (TargetErrorHandler.getErrorCode).
 */
export const ProtocolState = { REQUEST_READY: 0, REQUEST_HEAD: 1, REQUEST_BODY: 2, REQUEST_DONE: 3 } as const;

/**
 * A failure of the pass-through transport to a back end: ERROR_CODE is `base + state` as MI sets it, with
 * BASE_ERROR_CODE and PROTOCOL_STATE_ON_FAILURE beside it (TargetErrorHandler.handleError, SynapseCallbackReceiver).
 */
export class TransportError extends MediationError {
  constructor(
    readonly base: number,
    readonly state: number,
    message: string,
    detail?: string,
    where?: string,
  ) {
    super(base + state, message, detail, where);
  }
}

/** The transport's own code of a failure (BASE_ERROR_CODE), else its ERROR_CODE. */
export function baseCode(e: MediationError): number | string {
  return e instanceof TransportError ? e.base : e.code;
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
    /** The ERROR_CODE MI records for this failure, when it is not the default 0 (e.g. 601000, a parsing error). */
    readonly errorCode?: number,
  ) {
    super(message);
  }
}
