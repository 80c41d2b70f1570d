/**
 * The head of every answer the HTTP listeners write (the mediation listener, HTTPS, HTTP inbound endpoints), as MI's
 * pass-through listener frames it: httpcore's ResponseConnControl (one of SourceConfiguration's interceptors)
 * decides the Connection line, and the status line is in the request's own version (SourceResponse.start:
 * `newHttpResponse(request.getVersion(), ...)`). Node's server would answer every request `HTTP/1.1` and add its own
 * `Connection: keep-alive` / `Keep-Alive: timeout=N` lines. One subclass of Node's ServerResponse (the `ServerResponse`
 * option of createServer) so that each answer, whoever writes it, gets the same head.
 */
import {
  ServerResponse,
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
} from 'node:http';

/** The statuses after which httpcore's ResponseConnControl always drops the connection. */
const CLOSE_STATUSES = new Set([400, 408, 411, 413, 414, 501, 503]);

/** Node's own fields this class reads or sets (stable since Node 0.x / 15.7 for `req`). */
interface NodeOutgoing {
  _header: string | null;
  useChunkedEncodingByDefault: boolean;
}

export class ListenerResponse<
  Request extends IncomingMessage = IncomingMessage,
> extends ServerResponse<Request> {
  /**
   * Answer in HTTP/1.0 whatever the request's version (FORCE_HTTP_1.0 "true" on the answer: SourceResponse
   * versionChangeRequired). Such an answer without a keep-alive Connection line ends the connection
   * (DefaultConnectionReuseStrategy: HTTP/1.0 is not persistent by default).
   */
  http10 = false;

  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    let given = headers;
    let phrase: string | undefined;
    if (typeof reason === 'string') phrase = reason;
    else if (reason !== undefined) given = reason;
    const lines = flatLines(given);
    const req = this.req;
    const asked10 = req.httpVersionMajor === 1 && req.httpVersionMinor === 0;
    const http10 = asked10 || this.http10;
    // an HTTP/1.0 answer is never chunked: httpcore's ResponseContent writes no Transfer-Encoding for 1.0, and
    // StrictContentLengthStrategy then takes a body without a length as delimited by the connection's close (Node
    // would chunk it when the request named `TE: chunked`)
    if (http10) (this as unknown as NodeOutgoing).useChunkedEncodingByDefault = false;
    const value = connectionValue(this, statusCode, lines, http10, asked10);
    if (value === undefined) {
      // MI writes no Connection line: Node's keep-alive lines are taken out and Node still keeps the connection
      // (OutgoingMessage._removedConnection), but for an HTTP/1.0 answer (not persistent without keep-alive)
      if (http10) this.shouldKeepAlive = false;
      this.removeHeader('connection');
    } else {
      for (let i = lines.length - 2; i >= 0; i -= 2)
        if (String(lines[i]).toLowerCase() === 'connection') lines.splice(i, 2);
      lines.push('Connection', value);
    }
    if (phrase !== undefined) super.writeHead(statusCode, phrase, lines);
    else super.writeHead(statusCode, lines);
    if (http10) {
      // the status line in the request's version (Node writes HTTP/1.1 always; the head is sent with the first write)
      const own = this as unknown as NodeOutgoing;
      if (typeof own._header === 'string' && own._header.startsWith('HTTP/1.1 '))
        own._header = `HTTP/1.0 ${own._header.slice(9)}`;
    }
    return this;
  }
}

/** The headers handed to writeHead as one flat [name, value, ...] list. */
function flatLines(given: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): OutgoingHttpHeader[] {
  if (given === undefined) return [];
  if (Array.isArray(given)) return given.slice();
  const lines: OutgoingHttpHeader[] = [];
  for (const name of Object.keys(given)) {
    const v = given[name];
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) lines.push(name, one);
    else lines.push(name, typeof v === 'number' ? String(v) : v);
  }
  return lines;
}

function lineValue(res: ServerResponse, lines: OutgoingHttpHeader[], name: string): string | undefined {
  for (let i = 0; i + 1 < lines.length; i += 2)
    if (String(lines[i]).toLowerCase() === name) return String(lines[i + 1]);
  const set = res.getHeader(name);
  return set === undefined ? undefined : String(set);
}

/**
 * The Connection line of an answer, or undefined for none, as MI decides it:
 * - `Close` after 400, 408, 411, 413, 414, 501 and 503 (ResponseConnControl; the connection ends);
 * - an explicit `Close` the answer already carries stays (ResponseConnControl: persistence explicitly disabled);
 *   SourceResponseFactory sets one for a GET, HEAD or DELETE request that came with a Content-Length or a
 *   Transfer-Encoding header (its body would be read as the next request: keep-alive is disabled);
 * - `Close` for an HTTP/1.0 answer with a body of unknown length (ResponseConnControl: it cannot be delimited but by
 *   closing);
 * - else the request's own Connection header answered back; `Close` for an HTTP/1.0 request without one; none for
 *   an HTTP/1.1 request without one (`http10`: the answer's version, `asked10`: the request's).
 */
function connectionValue(
  res: ServerResponse,
  status: number,
  lines: OutgoingHttpHeader[],
  http10: boolean,
  asked10: boolean,
): string | undefined {
  if (CLOSE_STATUSES.has(status)) return 'Close';
  const explicit = lineValue(res, lines, 'connection');
  if (explicit !== undefined && explicit.toLowerCase() === 'close') return explicit;
  const req = res.req;
  const method = (req.method ?? '').toUpperCase();
  if (
    (method === 'GET' || method === 'HEAD' || method === 'DELETE') &&
    (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)
  )
    return 'Close';
  if (http10) {
    const bodyless = method === 'HEAD' || status === 204 || status === 205 || status === 304 || status < 200;
    if (!bodyless && lineValue(res, lines, 'content-length') === undefined) return 'Close';
  }
  const own = req.headers.connection;
  if (own !== undefined && own !== '') return own;
  return asked10 ? 'Close' : undefined;
}
