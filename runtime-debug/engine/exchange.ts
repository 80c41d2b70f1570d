/**
 * One request to a backend over an undici pool, through `dispatch` with our own handler rather than `request()`:
 * a response with a small declared length (see smallBody.ts) is collected straight into one buffer, with no body
 * stream and no promise per chunk; any other response is handed over as a Readable as soon as its headers arrive
 * and streamed with backpressure (pass-through). Errors (connection refused, timeouts, aborts) reject with undici's
 * own errors, so the caller maps their codes as before; a body cut short after the headers (connection dropped,
 * broken framing) ends the body where it stopped, as MI does (see onResponseError).
 */
import { Readable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import { isSmallBody } from './smallBody';
import type { LeafEndpointDef } from './model';

export interface BackendResponse {
  statusCode: number;
  /** The status line's reason phrase as the back end wrote it (MI keeps it as HTTP_SC_DESC). */
  statusText?: string;
  /** Lower-cased names; a header sent more than once has an array of values. */
  headers: Record<string, string | string[] | undefined>;
  /** The header lines as received (name, value, name, value…, names in the back end's spelling), when known. */
  raw?: readonly (Buffer | string)[];
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
  /**
   * Given: an abort of `signal` expires the exchange instead of aborting it (MI's TimeoutHandler with the timeout
   * action NONE removes the callback but leaves the request and its connection as they are): the exchange fails then
   * as an aborted one, the request goes on, and an answer that comes later calls this once (its head; its body is
   * read and dropped).
   */
  lateAnswer?: () => void;
  /**
   * The signal's abort is ignored once the answer's head has come (a non-blocking call: MI's callback is taken on the
   * head); a small body still coming in completes the answer.
   */
  headEndsTimeout?: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * Sends the request; the promise settles with what `onAnswer` (or, when no answer came, `onError`) returns, called
 * as the answer arrives (no further promise and microtask for the caller's own continuation).
 */
export function exchange<T>(
  pool: Pick<Pool, 'dispatch'>,
  opts: ExchangeOptions,
  onAnswer: (r: BackendResponse) => T | PromiseLike<T>,
  onError: (e: Error) => T | PromiseLike<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const signal = opts.signal;
    const h = new ExchangeHandler<T>(opts.method === 'HEAD', signal, resolve, reject, onAnswer, onError);
    h.lateAnswer = opts.lateAnswer;
    h.headEndsTimeout = opts.headEndsTimeout === true;
    if (signal?.aborted) {
      h.settle(undefined, abortError());
      return;
    }
    if (signal) signal.addEventListener('abort', (h.onAbort = () => h.abort()), { once: true });
    dispatch(pool, opts, h);
  });
}

/** Hands the request to the pool (one options object, no closure: this is every back-end call's path). */
function dispatch<T>(
  pool: Pick<Pool, 'dispatch'>,
  opts: Omit<ExchangeOptions, 'signal'>,
  h: ExchangeHandler<T>,
): void {
  pool.dispatch(
    {
      path: opts.path,
      method: opts.method as Dispatcher.HttpMethod,
      headers: opts.headers,
      body: opts.body,
      headersTimeout: opts.headersTimeout,
      bodyTimeout: opts.bodyTimeout,
    },
    h,
  );
}

const ignore = (): void => undefined;

/**
 * `exchange` without a promise (the relay path, relay.ts): `onAnswer` or `onError` is called once, as the answer (or
 * the error) arrives; what either throws goes to `onThrow`. An abort of `opts.signal` (an endpoint's timeout) fails
 * it as it fails `exchange`.
 */
export function exchangeNow(
  pool: Pick<Pool, 'dispatch'>,
  opts: ExchangeOptions,
  onAnswer: (r: BackendResponse) => void,
  onError: (e: Error) => void,
  onThrow: (e: unknown) => void,
): void {
  const signal = opts.signal;
  const h = new ExchangeHandler<void>(opts.method === 'HEAD', signal, ignore, onThrow, onAnswer, onError);
  h.lateAnswer = opts.lateAnswer;
  h.headEndsTimeout = opts.headEndsTimeout === true;
  if (signal) signal.addEventListener('abort', (h.onAbort = () => h.abort()), { once: true });
  dispatch(pool, opts, h);
}

/**
 * An exchange that already happened (the relay path sent the request and got this answer or this error, relay.ts):
 * the mediation's endpoint call takes it instead of sending again (HttpEndpoints.dispatchLeaf). `taken` once used.
 */
export interface RecordedExchange {
  answer?: BackendResponse;
  error?: Error;
  taken?: boolean;
  /** The endpoint and address the request went to (an endpoint redeployed since is not the one that answered). */
  sentTo?: { ep: LeafEndpointDef; url: string };
  /** The error is the endpoint's `<timeout>` that expired (its timer aborted the exchange, as dispatchLeaf's does). */
  timedOut?: boolean;
  /** An expiry that left the request going (the action NONE): what a later answer logs (HttpEndpoints). */
  late?: { arrived?: boolean; warn?: () => void };
}

/** `exchange` for a recorded outcome: settles as exchange would have with that answer or error. */
export function replayExchange<T>(
  rec: RecordedExchange,
  onAnswer: (r: BackendResponse) => T | PromiseLike<T>,
  onError: (e: Error) => T | PromiseLike<T>,
): Promise<T> {
  rec.taken = true;
  return new Promise<T>((resolve) => resolve(rec.answer ? onAnswer(rec.answer) : onError(rec.error!)));
}

/** A connection closed or a body whose framing broke (not a timeout or an abort of ours). */
function bodyCutShort(err: Error): boolean {
  const code = (err as Error & { code?: string }).code;
  return (
    code === 'UND_ERR_SOCKET' ||
    code === 'ECONNRESET' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' ||
    err.name === 'HTTPParserError' ||
    (typeof code === 'string' && code.startsWith('HPE_'))
  );
}

function abortError(): Error {
  const e = new Error('the request was aborted') as Error & { code: string };
  e.code = 'UND_ERR_ABORTED';
  return e;
}

/** A reason phrase in ASCII (undici's UTF-8 reading of it is then its bytes). */
const ASCII_TEXT = /^[\x00-\x7f]*$/;

/**
 * undici's handler of one exchange (a class: its methods are shared, a request allocates one object), which also
 * settles the exchange's promise (no closure per request for that).
 */
class ExchangeHandler<T> implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private status = 0;
  private statusText: string | undefined;
  private headers: BackendResponse['headers'] = {};
  private raw: BackendResponse['raw'];
  private stream: Readable | undefined;
  private first: Buffer | undefined;
  private more: Buffer[] | undefined;

  constructor(
    private readonly head: boolean,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (v: T | PromiseLike<T>) => void,
    private readonly reject: (e: unknown) => void,
    // (not onError: a name of undici's older handler interface)
    private readonly answered: (r: BackendResponse) => T | PromiseLike<T>,
    private readonly failed: (e: Error) => T | PromiseLike<T>,
  ) {}

  /** Called once: with the answer, or with the error when none came. */
  settle(r: BackendResponse | undefined, e: Error | undefined): void {
    try {
      this.resolve(r ? this.answered(r) : this.failed(e!));
    } catch (err) {
      this.reject(err);
    }
  }

  /** The abort listener on the signal (only a request with a signal has one). */
  onAbort: (() => void) | undefined;
  /** ExchangeOptions.lateAnswer. */
  lateAnswer: (() => void) | undefined;
  /** ExchangeOptions.headEndsTimeout. */
  headEndsTimeout = false;
  /** Failed by an expiry (lateAnswer given): what the back end still sends is dropped. */
  private expired = false;

  abort(): void {
    // the answer's head came before the timeout: MI took its callback then (ClientWorker runs
    // SynapseCallbackReceiver.receive on the head), so the TimeoutHandler finds none; a small body still coming in
    // completes the answer
    if (this.headEndsTimeout && this.status >= 200) return;
    // (a request still in the pool's queue never goes out: onRequestStart aborts it)
    if (this.lateAnswer !== undefined && this.controller !== undefined && !this.settled) {
      this.done();
      this.expired = true;
      this.settled = true;
      this.settle(undefined, abortError());
      return;
    }
    if (this.controller) this.controller.abort(abortError());
    else this.fail(abortError());
  }

  private done(): void {
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
  }

  private fail(e: Error): void {
    this.done();
    if (!this.settled) {
      this.settled = true;
      this.settle(undefined, e);
    } else this.stream?.destroy(e);
  }

  onRequestStart(c: Dispatcher.DispatchController): void {
    this.controller = c;
    // aborted (timed out) while it waited in the pool's queue: it never goes out
    if (this.signal?.aborted) c.abort(abortError());
  }

  onResponseStart(
    c: Dispatcher.DispatchController,
    statusCode: number,
    h: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    if (statusCode < 200) return; // 1xx: informational, the real answer follows
    if (this.expired) {
      // (once: the body that follows is dropped, the connection kept)
      if (this.status === 0) this.lateAnswer?.();
      this.status = statusCode;
      return;
    }
    this.status = statusCode;
    // (undici decodes the reason phrase as UTF-8; httpcore reads its bytes one char each and writes them back so:
    // its latin1 reading, which Node also writes back, where a char past U+00FF would make writeHead throw)
    if (statusMessage !== undefined && !ASCII_TEXT.test(statusMessage))
      statusMessage = Buffer.from(statusMessage, 'utf8').toString('latin1');
    this.statusText = statusMessage;
    this.headers = h;
    // (undici's controller keeps the lines as they came; the parsed headers are lower-cased)
    this.raw = (c as { rawHeaders?: BackendResponse['raw'] }).rawHeaders ?? undefined;
    if (this.head || isSmallBody(h['content-length'] as string | undefined)) return;
    if (h['content-length'] === '0' || statusCode === 204 || statusCode === 304) return;
    const stream = new Readable({
      read() {
        c.resume();
      },
      destroy(err, cb) {
        if (err && !c.aborted) c.abort(err);
        cb(err);
      },
    });
    this.stream = stream;
    this.settled = true;
    this.settle(
      { statusCode, statusText: statusMessage, headers: h, raw: this.raw, body: stream },
      undefined,
    );
  }

  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.status < 200 || this.expired) return;
    if (this.stream) {
      if (!this.stream.push(chunk)) c.pause();
    } else if (this.first === undefined) this.first = chunk;
    else (this.more ??= [this.first]).push(chunk);
  }

  onResponseEnd(): void {
    this.done();
    if (this.expired) return;
    if (this.stream) {
      this.stream.push(null);
      return;
    }
    this.settled = true;
    this.settle(
      {
        statusCode: this.status,
        statusText: this.statusText,
        headers: this.headers,
        raw: this.raw,
        body: this.more ? Buffer.concat(this.more) : (this.first ?? EMPTY),
      },
      undefined,
    );
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    if (this.expired) return;
    if (this.status >= 200 && bodyCutShort(err)) {
      // The status line and headers had arrived when the back end closed the connection or broke the body's
      // framing (fewer bytes than its Content-Length, a bad chunk). MI's pass-through has already handed the
      // response on by then: its pipe reads the end of what came as the end of the body (Pipe.producerError
      // makes the reader see end of stream) and the response is mediated with it; the connection-closed fault
      // raised after that finds no callback left. So the response goes on with the bytes received.
      this.done();
      if (this.stream) this.stream.push(null);
      else this.onResponseEnd();
      return;
    }
    this.fail(err);
  }
}
