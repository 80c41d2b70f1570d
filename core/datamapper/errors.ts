/** A data-mapper build error: a stable code, the file (the .ts, or dm-utils.ts) and the 1-based line and column. */
export type DataMapperBuildCode =
  | 'DM_BUILD_SYNTAX' // the TypeScript does not parse
  | 'DM_BUILD_UNSUPPORTED' // a TypeScript construct that is not only types (enum, namespace, parameter property...)
  | 'DM_BUILD_IMPORT' // an import other than ./dm-utils, or dm-utils.ts missing
  | 'DM_BUILD_NO_FUNCTION' // no mapFunction
  | 'DM_BUILD_NO_INTERFACE' // the input or output interface cannot be found
  | 'DM_BUILD_METADATA' // a bad title/inputType/outputType/namespaces comment
  | 'DM_BUILD_TOO_LARGE'
  | 'DM_BUILD_INTERNAL'; // the JavaScript we produced does not parse (a bug of ours)

export class DataMapperBuildError extends Error {
  constructor(
    readonly code: DataMapperBuildCode,
    readonly detail: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${detail} [${code}]`);
    this.name = 'DataMapperBuildError';
  }
}
