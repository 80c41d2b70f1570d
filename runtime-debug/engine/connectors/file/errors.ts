/**
 * The File connector's error kinds, as its `Error` enum names them (esb-connector-file utils/Error.java): the code
 * goes to ERROR_CODE and the `FILE:…` text to ERROR_MESSAGE (Utils.setErrorPropertiesToMessage), and both, with the
 * exception's message as `detail`, to the `error` object of the operation's result (Utils.generateOperationResult).
 */
export const FILE_ERRORS = {
  CONNECTION_ERROR: { code: '700101', message: 'FILE:CONNECTION_ERROR' },
  ILLEGAL_PATH: { code: '700102', message: 'FILE:ILLEGAL_PATH' },
  FILE_ALREADY_EXISTS: { code: '700103', message: 'FILE:FILE_ALREADY_EXISTS' },
  RETRY_EXHAUSTED: { code: '700104', message: 'FILE:RETRY_EXHAUSTED' },
  ACCESS_DENIED: { code: '700105', message: 'FILE:ACCESS_DENIED' },
  FILE_LOCKING_ERROR: { code: '700106', message: 'FILE:FILE_LOCKING_ERROR' },
  INVALID_CONFIGURATION: { code: '700107', message: 'FILE:INVALID_CONFIGURATION' },
  OPERATION_ERROR: { code: '700108', message: 'FILE:OPERATION_ERROR' },
} as const;

export type FileErrorKind = keyof typeof FILE_ERRORS;

/**
 * The exception classes of the connector that decide which kind an operation reports (each operation maps them in
 * its own catch blocks): InvalidConfigurationException, IllegalPathException, FileAlreadyExistsException,
 * FileLockException, FileOperationException, I/O failures (VFS FileSystemException, an IOException), and Java runtime
 * exceptions (NullPointerException, NumberFormatException…: caught only by the operations that catch Exception).
 */
export type FileFailure = 'config' | 'path' | 'exists' | 'lock' | 'operation' | 'io' | 'runtime';

/** A failure inside an operation, before it is mapped to an error kind. `message` is the exception's message. */
export class FileOpFailure extends Error {
  constructor(
    readonly failure: FileFailure,
    message: string,
  ) {
    super(message);
    this.name = 'FileOpFailure';
  }
}

/** An operation's failure mapped as the operation maps it: the kind, the exception's message, MI's log text. */
export class FileOpError extends Error {
  constructor(
    readonly kind: FileErrorKind,
    /** The exception's message (the result's `error.detail`). */
    readonly detail: string,
    /** What MI logs with it ("Error while performing file:read for file/directory …"). */
    readonly context: string,
  ) {
    super(`${FILE_ERRORS[kind].message}: ${detail}`);
    this.name = 'FileOpError';
  }
  get code(): string {
    return FILE_ERRORS[this.kind].code;
  }
  get errorMessage(): string {
    return FILE_ERRORS[this.kind].message;
  }
}

/**
 * A failure the operation does not catch (an IllegalPathException where its catch blocks name only other
 * exceptions): no result document, no FILE:* properties; the exception fails the mediation as it is.
 */
export class FileOpUncaught extends Error {
  constructor(
    message: string,
    readonly context: string,
  ) {
    super(message);
    this.name = 'FileOpUncaught';
  }
}

export function failure(kind: FileFailure, message: string): FileOpFailure {
  return new FileOpFailure(kind, message);
}

/** The message of a Node file-system error in words close to the VFS exception MI would report. */
export function ioMessage(e: unknown, what: string): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return `Could not ${what}: no such file or directory`;
    case 'EACCES':
    case 'EPERM':
      return `Could not ${what}: permission denied`;
    case 'EISDIR':
      return `Could not ${what}: it is a folder`;
    case 'ENOTDIR':
      return `Could not ${what}: a parent is not a folder`;
    case 'EEXIST':
      return `Could not ${what}: it already exists`;
    case 'ENOTEMPTY':
      return `Could not ${what}: the folder is not empty`;
    default:
      return `Could not ${what}: ${err?.message ?? String(e)}`;
  }
}
