/** Errors of the payload XML parser: a stable code plus where in the payload it happened. */

export type XmlPayloadErrorCode =
  'XML_DOCTYPE' | 'XML_UNDEFINED_ENTITY' | 'XML_TOO_DEEP' | 'XML_TOO_LARGE' | 'XML_MALFORMED' | 'XML_NO_ROOT';

export class XmlPayloadError extends Error {
  constructor(
    readonly code: XmlPayloadErrorCode,
    readonly detail: string,
    /** 1-based; 0 when unknown. */
    readonly line: number,
    /** 1-based; 0 when unknown. */
    readonly column: number,
  ) {
    super(`${code}: ${detail}${line > 0 ? ` (payload line ${line}, column ${column})` : ''}`);
    this.name = 'XmlPayloadError';
  }
}
