/**
 * FORCE_HTTP_1.0: MI's pass-through sender makes the request with HttpVersion.HTTP_1_0 (TargetRequestFactory), writes
 * its body to a buffer first and sends it with a Content-Length, never chunked (PassThroughHttpSender
 * .sendRequestContent, TargetRequest: no chunking for HTTP/1.0). undici speaks HTTP/1.1 only, so such a request goes
 * through node:http on a connection of its own (an HTTP/1.0 exchange ends its connection), whose request line is
 * rewritten to `HTTP/1.0` as it is written. It answers undici's dispatch interface with the new handler API, so the
 * sender's exchange (timeouts, aborts, small and streamed answers) is the same as for any other request.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { notFoundInTrust, tlsTrustAlternatives } from './tlsTrust';

const REQUEST_LINE = /^([^\r\n ]+ [^\r\n ]+ )HTTP\/1\.1\r\n/;
/** The largest streamed body read whole before it is sent with its length. */
const MAX_BODY = 64 * 1024 * 1024;

/** Rewrites the first thing written on the socket (node:http's request head) to an HTTP/1.0 request line. */
function http10Socket(s: Socket): Socket {
  const write = s.write;
  s.write = function (this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    s.write = write;
    let c = chunk;
    if (typeof c === 'string') c = c.replace(REQUEST_LINE, '$1HTTP/1.0\r\n');
    else if (Buffer.isBuffer(c)) {
      const t = c.toString('latin1');
      if (REQUEST_LINE.test(t)) c = Buffer.from(t.replace(REQUEST_LINE, '$1HTTP/1.0\r\n'), 'latin1');
    }
    return (write as (...a: unknown[]) => boolean).call(this, c, ...rest);
  } as Socket['write'];
  return s;
}

function readAll(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) body.destroy(new Error(`the request body exceeds ${MAX_BODY} bytes`));
      else chunks.push(c);
    });
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', reject);
  });
}

function timeoutError(): Error {
  const e = new Error('Headers Timeout Error') as Error & { code: string };
  e.code = 'UND_ERR_HEADERS_TIMEOUT';
  return e;
}

/** A dispatcher that sends each request as HTTP/1.0 to `origin` (https: with the given TLS options). */
export function http10Dispatcher(
  origin: string,
  tls: ConnectionOptions | undefined,
): Pick<Dispatcher, 'dispatch'> {
  const u = new URL(origin);
  const secure = u.protocol === 'https:';
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const port = Number(u.port) || (secure ? 443 : 80);
  const hostHeader = u.host;
  return {
    dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      void send(opts, handler);
      return true;
    },
  };

  async function send(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): Promise<void> {
    // (the request and its answer, once made: fail() may come first)
    const io: { req?: ClientRequest; res?: IncomingMessage } = {};
    let aborted = false;
    let paused = false;
    let ended = false;
    const controller = {
      rawHeaders: undefined as string[] | undefined,
      rawTrailers: undefined,
      reason: null as Error | null,
      get aborted() {
        return aborted;
      },
      get paused() {
        return paused;
      },
      pause() {
        paused = true;
        io.res?.pause();
      },
      resume() {
        paused = false;
        io.res?.resume();
      },
      abort(reason?: Error) {
        if (aborted) return;
        aborted = true;
        controller.reason = reason ?? null;
        fail(reason ?? new Error('aborted'));
      },
    };
    const c = controller as unknown as Dispatcher.DispatchController;
    function fail(e: Error): void {
      if (ended) return;
      ended = true;
      io.req?.destroy();
      io.res?.destroy();
      handler.onResponseError?.(c, e);
    }
    handler.onRequestStart?.(c, {});
    if (aborted) return;
    let body: Buffer | undefined;
    try {
      const b = opts.body as Buffer | Readable | string | null | undefined;
      body =
        b === undefined || b === null
          ? undefined
          : Buffer.isBuffer(b)
            ? b
            : typeof b === 'string'
              ? Buffer.from(b)
              : await readAll(b);
    } catch (e) {
      fail(e as Error);
      return;
    }
    if (aborted) return;
    const headers = [...((opts.headers as string[] | undefined) ?? [])];
    const has = (name: string) => {
      for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === name) return true;
      return false;
    };
    if (!has('host')) headers.push('Host', hostHeader);
    // (the body goes whole, with its length: never chunked in HTTP/1.0)
    if (body !== undefined && !has('content-length')) headers.push('Content-Length', String(body.length));
    const headersTimeout = opts.headersTimeout ?? 0;
    let timer: NodeJS.Timeout | undefined;
    if (headersTimeout > 0) timer = setTimeout(() => fail(timeoutError()), headersTimeout);
    const alternatives = secure && tls ? tlsTrustAlternatives() : [];
    const attempt = (i: number): void => {
      const req = (io.req = httpRequest({
        method: opts.method,
        path: opts.path,
        headers,
        createConnection: () =>
          http10Socket(
            secure
              ? tlsConnect({
                  host,
                  port,
                  servername: isIP(host) ? undefined : host,
                  ...((i === 0 ? tls : { secureContext: alternatives[i - 1] }) ?? {}),
                })
              : netConnect({ host, port }),
          ),
      }));
      req.once('error', (e: Error & { code?: string }) => {
        // a trusted certificate another trusted one shares a subject with: tried with the other contexts (tlsTrust.ts)
        if (secure && tls && i < alternatives.length && !io.res && !ended && notFoundInTrust(e)) {
          attempt(i + 1);
          return;
        }
        clearTimeout(timer);
        fail(e);
      });
      req.once('response', (r) => {
        clearTimeout(timer);
        io.res = r;
        controller.rawHeaders = r.rawHeaders;
        handler.onResponseStart?.(c, r.statusCode ?? 0, r.headers, r.statusMessage);
        if (paused) r.pause();
        r.on('data', (chunk: Buffer) => handler.onResponseData?.(c, chunk));
        r.once('end', () => {
          if (ended) return;
          ended = true;
          handler.onResponseEnd?.(c, {});
        });
        r.once('error', (e) => fail(e));
        r.once('aborted', () => {
          const e = new Error('the back end closed the connection') as Error & { code: string };
          e.code = 'UND_ERR_SOCKET';
          fail(e);
        });
      });
      req.end(body);
    };
    attempt(0);
  }
}
