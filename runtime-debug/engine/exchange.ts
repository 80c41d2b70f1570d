/**
 * One request to a backend over an undici pool, through `dispatch` with our own handler rather than `request()`:
 * a response with a small declared length (see smallBody.ts) is collected straight into one buffer, with no body
 * stream and no promise per chunk; any other response is handed over as a Readable as soon as its headers arrive
 * and streamed with backpressure (pass-through). Errors (connection refused, timeouts, a connection dropped
 * mid-body) reject with undici's own errors, so the caller maps their codes as before.
 */
import { Readable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import { isSmallBody } from './smallBody';

export interface BackendResponse {
  statusCode: number;
  /** Lower-cased names; a header sent more than once has an array of values. */
  headers: Record<string, string | string[] | undefined>;
  /** The whole body (small or empty responses) or a stream of it. */
  body: Buffer | Readable;
}

export interface ExchangeOptions {
  path: string;
  method: string;
  /** Name, value, name, value… */
  headers: string[];
  body: Buffer | Readable | undefined;
  headersTimeout: number;
  bodyTimeout: number;
  signal?: AbortSignal;
}

const EMPTY = Buffer.alloc(0);

export function exchange(pool: Pool, opts: ExchangeOptions): Promise<BackendResponse> {
  return new Promise<BackendResponse>((resolve, reject) => {
    const signal = opts.signal;
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let headers: BackendResponse['headers'] = {};
    let stream: Readable | undefined;
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    const abortError = () => {
      const e = new Error('the request was aborted') as Error & { code: string };
      e.code = 'UND_ERR_ABORTED';
      return e;
    };
    const onAbort = () => {
      if (controller) controller.abort(abortError());
      else fail(abortError());
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    const fail = (e: Error) => {
      done();
      if (!settled) {
        settled = true;
        reject(e);
      } else stream?.destroy(e);
    };
    if (signal?.aborted) {
      fail(abortError());
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        // aborted (timed out) while it waited in the pool's queue: it never goes out
        if (signal?.aborted) c.abort(abortError());
      },
      onResponseStart(c, statusCode, h) {
        if (statusCode < 200) return; // 1xx: informational, the real answer follows
        status = statusCode;
        headers = h as BackendResponse['headers'];
        if (opts.method === 'HEAD' || isSmallBody(h['content-length'] as string | undefined)) return;
        if (h['content-length'] === '0' || statusCode === 204 || statusCode === 304) return;
        stream = new Readable({
          read() {
            c.resume();
          },
          destroy(err, cb) {
            if (err && !c.aborted) c.abort(err);
            cb(err);
          },
        });
        settled = true;
        resolve({ statusCode, headers, body: stream });
      },
      onResponseData(c, chunk) {
        if (status < 200) return;
        if (stream) {
          if (!stream.push(chunk)) c.pause();
        } else if (first === undefined) first = chunk;
        else (more ??= [first]).push(chunk);
      },
      onResponseEnd() {
        done();
        if (stream) {
          stream.push(null);
          return;
        }
        settled = true;
        resolve({
          statusCode: status,
          headers,
          body: more ? Buffer.concat(more) : (first ?? EMPTY),
        });
      },
      onResponseError(_c, err) {
        fail(err);
      },
    };
    pool.dispatch(
      {
        path: opts.path,
        method: opts.method as Dispatcher.HttpMethod,
        headers: opts.headers,
        body: opts.body,
        headersTimeout: opts.headersTimeout,
        bodyTimeout: opts.bodyTimeout,
      },
      handler,
    );
  });
}
