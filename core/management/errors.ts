/** Typed errors of the management API client; `code` is stable (the CLI and the extension branch on it). */
export type ManagementErrorCode =
  | 'AUTH_FAILED' // 401 with the given credentials
  | 'FORBIDDEN' // 403
  | 'UNREACHABLE' // connection refused, unknown host, no route
  | 'CERT_UNTRUSTED' // self-signed / unknown CA and no pinned fingerprint (message shows the fingerprint)
  | 'CERT_CHANGED' // a pinned fingerprint that does not match
  | 'TIMEOUT'
  | 'CONNECTION_DROPPED' // reset or closed mid-request
  | 'SERVER_REJECTED' // a 4xx/5xx answer other than 401/403/404
  | 'NOT_FOUND' // 404
  | 'ABORTED' // the caller's AbortSignal
  | 'BAD_RESPONSE' // not the JSON we expect
  | 'BAD_REQUEST'; // a bad URL or argument on our side

/** Marks our errors so that `instanceof` holds across bundles (the extension loads parts of itself as separate files). */
const BRAND = Symbol.for('synapse.ManagementError');

export class ManagementError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(
    readonly code: ManagementErrorCode,
    message: string,
    readonly details: {
      server?: string;
      status?: number;
      fingerprint?: string;
      expected?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'ManagementError';
    Object.defineProperty(this, BRAND, { value: true });
  }
}
