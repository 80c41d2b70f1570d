/**
 * Reads a document from an http(s) URL for a deployment (a proxy's publishWSDL, a localEntry src) or a wsdl
 * endpoint: bounded in time (the whole read, body included) and in size (the body is read only up to the limit, so
 * a URL that answers without end neither holds the deployment nor fills the memory).
 */

/** How long a read may take, its body included. */
const REMOTE_READ_TIMEOUT_MS = 10_000;

export interface RemoteText {
  status: number;
  /** The body as UTF-8 text; undefined for an error status (>= 400: not read) or a body over the limit. */
  text: string | undefined;
  /** The body was longer than the limit (its reading stopped there). */
  tooLarge: boolean;
}

/**
 * GETs `url`. A connection that fails, or a read that takes longer than the timeout, rejects as fetch does (the
 * error's `cause` and `name` are fetch's: callers turn them into Java's exceptions).
 */
export async function readRemoteText(
  url: string,
  maxBytes: number,
  timeoutMs = REMOTE_READ_TIMEOUT_MS,
): Promise<RemoteText> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (res.status >= 400 || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, text: res.status >= 400 ? undefined : '', tooLarge: false };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { status: res.status, text: undefined, tooLarge: true };
    }
    chunks.push(value);
  }
  // (TextDecoder drops a leading BOM, as Response.text does)
  return { status: res.status, text: new TextDecoder().decode(Buffer.concat(chunks)), tooLarge: false };
}
