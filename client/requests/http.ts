/**
 * Sending a request to the local runtime and showing its answer, without vscode: header lines as the user types them,
 * the request itself (bounded in time and size, cancellable), and the response as a readable text document.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { prettyXml } from '../../runtime-debug/dap/prettyXml';

export class RequestInputError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Parses headers typed on one line, `Name: value; Other: value` (or one per line). Returns the pairs, or throws a
 * {@link RequestInputError} naming the part it could not read.
 */
export function parseHeaders(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split(/[;\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const colon = part.indexOf(':');
    if (colon <= 0) throw new RequestInputError(`"${part}" is not a header: write Name: value`, 'REQ_HEADER');
    const name = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new RequestInputError(`"${name}" is not a valid header name`, 'REQ_HEADER_NAME');
    }
    if (/[\r\n\0]/.test(value))
      throw new RequestInputError(`The value of ${name} has a line break`, 'REQ_HEADER_VALUE');
    out.push([name, value]);
  }
  return out;
}

/** The headers back as the one-line text the input box shows. */
export function formatHeaderLine(headers: readonly [string, string][]): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join('; ');
}

export interface SendOptions {
  method: string;
  url: string;
  headers?: readonly [string, string][];
  body?: string;
  /** Give up after this long (default 60 s). A message paused in the debugger needs a long one. */
  timeoutMs?: number;
  /** Keep at most this many bytes of the body (default 5 MB); the rest is counted, not kept. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface ResponseInfo {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: [string, string][];
  body: Buffer;
  /** Bytes received, including those not kept. */
  size: number;
  truncated: boolean;
  elapsedMs: number;
}

/** Sends one request (a fresh connection; nothing pooled). Rejects with a clear message on failure or timeout. */
export function sendRequest(o: SendOptions): Promise<ResponseInfo> {
  const url = new URL(o.url);
  const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!lib) return Promise.reject(new RequestInputError(`Unsupported URL ${o.url}`, 'REQ_URL'));
  const max = o.maxBodyBytes ?? 5 * 1024 * 1024;
  const timeoutMs = o.timeoutMs ?? 60_000;
  const started = Date.now();
  const headers: Record<string, string | string[]> = {};
  for (const [n, v] of o.headers ?? []) {
    const prev = headers[n];
    headers[n] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const body = o.body !== undefined && o.body !== '' ? Buffer.from(o.body, 'utf8') : undefined;
  if (body) headers['Content-Length'] = String(body.length);
  return new Promise<ResponseInfo>((resolve, reject) => {
    let settled = false;
    const done = (e: Error | undefined, r?: ResponseInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (e) reject(e);
      else resolve(r!);
    };
    const req = lib.request(url, { method: o.method, headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      done(
        new RequestInputError(
          `No response from ${url.origin} within ${Math.round(timeoutMs / 1000)} s`,
          'REQ_TIMEOUT',
        ),
      );
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      done(new RequestInputError('Request cancelled', 'REQ_CANCELLED'));
    };
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort);
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'ECONNREFUSED'
          ? `Nothing is listening on ${url.host}: is the runtime still running?`
          : `The request to ${url.origin} failed: ${e.message}`;
      done(new RequestInputError(why, e.code === 'ECONNREFUSED' ? 'REQ_REFUSED' : 'REQ_FAILED'));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (kept < max) {
          const part = kept + c.length > max ? c.subarray(0, max - kept) : c;
          chunks.push(part);
          kept += part.length;
        }
      });
      res.on('error', (e) =>
        done(new RequestInputError(`The response broke off: ${e.message}`, 'REQ_FAILED')),
      );
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        done(undefined, {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          httpVersion: res.httpVersion,
          headers: pairs,
          body: Buffer.concat(chunks),
          size,
          truncated: size > kept,
          elapsedMs: Date.now() - started,
        });
      });
    });
    req.end(body);
  });
}

/** Pretty-prints a body for reading: JSON indented, XML one element per line, anything else as it is. */
export function prettyBody(body: string, contentType: string | undefined): string {
  const ct = (contentType ?? '').toLowerCase();
  const t = body.trim();
  if (/json/.test(ct) || (!ct && /^[[{]/.test(t))) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch {
      return body;
    }
  }
  if (/xml/.test(ct) || (!ct && t.startsWith('<'))) return prettyXml(t);
  return body;
}

function sizeText(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The response as a document: request line, status line with time and size, headers, blank line, body. */
export function formatResponse(request: { method: string; url: string }, r: ResponseInfo): string {
  const ct = r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const binary = r.body.includes(0);
  const text = binary
    ? `(${sizeText(r.size)} of binary content not shown)`
    : prettyBody(r.body.toString('utf8'), ct);
  const lines = [
    `${request.method} ${request.url}`,
    '',
    `HTTP/${r.httpVersion} ${r.status} ${r.statusText}`.trimEnd() +
      `    (${r.elapsedMs} ms, ${sizeText(r.size)})`,
    ...r.headers.map(([n, v]) => `${n}: ${v}`),
    '',
    text,
  ];
  if (r.truncated) lines.push('', `(truncated: ${sizeText(r.body.length)} of ${sizeText(r.size)} shown)`);
  return lines.join('\n') + '\n';
}
