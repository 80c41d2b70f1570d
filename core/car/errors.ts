/** Errors of CAR building and reading: a stable code, the file (CAR or project file) and, when known, a line. */
export type CarErrorCode =
  | 'CAR_NOT_ZIP' // corrupt or not a zip
  | 'CAR_UNSAFE_ENTRY' // ../, absolute, drive letter, backslash, symlink
  | 'CAR_TOO_MANY_ENTRIES'
  | 'CAR_TOO_LARGE' // compressed or uncompressed size over the limit, or a suspicious ratio
  | 'CAR_NO_DESCRIPTOR' // artifacts.xml missing
  | 'CAR_BAD_DESCRIPTOR' // artifacts.xml / artifact.xml / registry-info.xml malformed
  | 'CAR_MISSING_FILE' // a descriptor names a file that is not in the archive
  | 'CAR_BAD_ARTIFACT' // a Synapse artifact that does not parse
  | 'PROJECT_NOT_FOUND'
  | 'PROJECT_EMPTY'
  | 'PROJECT_BAD_FILE'
  | 'PROJECT_DUPLICATE';

export class CarError extends Error {
  constructor(
    readonly code: CarErrorCode,
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(`${file ? `${file}${line ? `:${line}` : ''}: ` : ''}${message} [${code}]`);
    this.name = 'CarError';
  }
}
