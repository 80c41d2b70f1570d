/**
 * The Email connector's error kinds, as its `Error` enum names them (esb-connector-email utils/Error.java): the code
 * goes to ERROR_CODE and the `EMAIL:…` text to ERROR_MESSAGE (AbstractEmailConnectorOperation
 * .setErrorPropertiesToMessage, which also sets the axis2 HTTP_SC to "500"), and both to the `error` object of the
 * operation's result document (generateOperationResult / generateErrorResult). Unlike the File connector, the
 * result carries no `detail`: the exception's message only goes to the log (handleException).
 */
export const EMAIL_ERRORS = {
  EMAIL_NOT_FOUND: { code: '700201', message: 'EMAIL:EMAIL_NOT_FOUND' },
  ACCESSING_FOLDER: { code: '700202', message: 'EMAIL:ACCESSING_FOLDER' },
  CONNECTIVITY: { code: '700203', message: 'EMAIL:CONNECTIVITY' },
  INVALID_CONFIGURATION: { code: '700204', message: 'EMAIL:INVALID_CONFIGURATION' },
  RESPONSE_GENERATION: { code: '700205', message: 'EMAIL:RESPONSE_GENERATION' },
  INVALID_CREDENTIALS: { code: '700206', message: 'EMAIL:INVALID_CREDENTIALS' },
  EMAIL_CONNECTION_ERROR: { code: '700207', message: 'EMAIL:EMAIL_CONNECTION_ERROR' },
  EMAIL_PARSING_ERROR: { code: '700208', message: 'EMAIL:EMAIL_PARSING_ERROR' },
} as const;

export type EmailErrorKind = keyof typeof EMAIL_ERRORS;

/**
 * The connector's exception classes, which each operation maps to an error kind in its own catch blocks:
 * InvalidConfigurationException ('config'), EmailConnectionException ('connection': a MessagingException from
 * JavaMail wrapped), EmailNotFoundException ('notFound'), EmailParsingException ('parsing').
 */
export type EmailFailureKind = 'config' | 'connection' | 'notFound' | 'parsing';

/** A failure inside an operation, before the operation maps it to an error kind. */
export class EmailFailure extends Error {
  constructor(
    readonly failure: EmailFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'EmailFailure';
  }
}

/**
 * A failure no catch block of the connector names (a Java runtime exception: an unknown connectionType's
 * IllegalArgumentException, a pool setting's NumberFormatException, a POP3 message cast to IMAPMessage): no result
 * document, no EMAIL:* properties; the mediation fails with the exception's message.
 */
export class EmailUncaught extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailUncaught';
  }
}

/** The store connection failed (ConnectionPool.borrowObject's ConnectException). */
export class PoolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolFailure';
  }
}

export function failure(kind: EmailFailureKind, message: string): EmailFailure {
  return new EmailFailure(kind, message);
}

/** The result document of an operation (generateOperationResult: `success`, and `error` on failure). */
export function operationResult(success: boolean, kind?: EmailErrorKind): Record<string, unknown> {
  const out: Record<string, unknown> = { success };
  if (kind) out.error = { code: EMAIL_ERRORS[kind].code, message: EMAIL_ERRORS[kind].message };
  return out;
}

/** generateErrorResult: only the `error` object (list, getEmailBody, getEmailAttachment use it). */
export function errorResult(kind: EmailErrorKind): Record<string, unknown> {
  return { error: { code: EMAIL_ERRORS[kind].code, message: EMAIL_ERRORS[kind].message } };
}
