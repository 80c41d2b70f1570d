/**
 * Wire logs, as Micro Integrator writes them when its `synapse-transport-http-wire` logger is at DEBUG: every byte
 * the HTTP listener reads (`>>`) and writes (`<<`) on a client connection, and every byte the HTTP sender writes to a
 * back end (`<<`) and reads from it (`>>`), one log line per line of the exchange, with CR and LF shown as `[\r]` and
 * `[\n]` and other bytes outside printable ASCII as `[0xNN]` (Synapse's Wire.wire). Off, nothing is hooked: the
 * listener side taps a client connection's socket (what it reads and writes), the sender side taps what a back-end
 * connection writes (found through undici's diagnostics channels), both only while the logger is on.
 *
 * The sender's answer is written from what undici parsed (the status line and headers as received, then the body
 * bytes): undici reads its socket itself, and does not hand out the raw bytes of a response head.
 */
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/** The I/O threads MI names in wire lines (the runtime has one of each). */
export const LISTENER_THREAD = 'HTTP-Listener I/O dispatcher-1';
export const SENDER_THREAD = 'HTTP-Sender I/O dispatcher-1';

/** The log lines of one chunk of bytes, as Synapse's Wire.wire cuts and escapes them (`>> "…[\r][\n]"`). */
export function wireLines(header: '>> ' | '<< ', data: Buffer | string): string[] {
  const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const out: string[] = [];
  let line = '';
  for (let i = 0; i < b.length; i++) {
    const ch = b[i]!;
    if (ch === 13) line += '[\\r]';
    else if (ch === 10) {
      out.push(`${header}"${line}[\\n]"`);
      line = '';
    } else if (ch < 32 || ch > 127) line += `[0x${ch.toString(16)}]`;
    else line += String.fromCharCode(ch);
  }
  if (line) out.push(`${header}"${line}"`);
  return out;
}

type Sink = (thread: string, line: string) => void;

interface HeadersMessage {
  response: { statusCode: number; statusText?: string; headers: (Buffer | string)[] };
}

/** Taps client connections and subscribes to the sender's channels while on; `sink` gets each wire line. */
export class WireTap {
  private on = false;
  private readonly tapped = new WeakSet<Socket>();
  private readonly channels: [string, (m: unknown) => void][] = [
    // a back-end connection's writes are tapped before its first request goes out (exact bytes, framing included)
    ['undici:client:sendHeaders', (m) => this.tapWrites((m as { socket: Socket }).socket, SENDER_THREAD)],
    ['undici:request:headers', (m) => this.emit(SENDER_THREAD, '>> ', responseHead(m as HeadersMessage))],
    [
      'undici:request:bodyChunkReceived',
      (m) => this.emit(SENDER_THREAD, '>> ', (m as { chunk: Buffer }).chunk),
    ],
  ];

  constructor(private readonly sink: Sink) {}

  /** Turns wire logging on or off (the sender side at once; the listener side from the next request on a connection). */
  set(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    for (const [name, fn] of this.channels)
      if (on) diagnostics.subscribe(name, fn);
      else diagnostics.unsubscribe(name, fn);
  }

  /** Logs what a client connection carries from now on (once per socket; a no-op when off). */
  tap(socket: Socket): void {
    if (!this.on || this.tapped.has(socket)) return;
    socket.on('data', (chunk: Buffer) => {
      if (this.on) this.emit(LISTENER_THREAD, '>> ', chunk);
    });
    this.tapWrites(socket, LISTENER_THREAD);
  }

  /** Logs what is written on a socket (`<<`), once per socket. */
  private tapWrites(socket: Socket, thread: string): void {
    if (this.tapped.has(socket)) return;
    this.tapped.add(socket);
    const write = socket.write;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (this.on && (typeof chunk === 'string' || chunk instanceof Uint8Array))
        this.emit(thread, '<< ', typeof chunk === 'string' ? chunk : Buffer.from(chunk));
      return (write as (...a: unknown[]) => boolean).call(socket, chunk, ...rest);
    }) as typeof socket.write;
  }

  private emit(thread: string, header: '>> ' | '<< ', data: Buffer | string): void {
    for (const line of wireLines(header, data)) this.sink(thread, line);
  }
}

/** A back end's status line and headers as received (undici parses them; names and values are as they came). */
function responseHead(m: HeadersMessage): string {
  const r = m.response;
  let head = `HTTP/1.1 ${r.statusCode} ${r.statusText ?? ''}\r\n`;
  for (let i = 0; i + 1 < r.headers.length; i += 2)
    head += `${text(r.headers[i]!)}: ${text(r.headers[i + 1]!)}\r\n`;
  return `${head}\r\n`;
}

const text = (v: Buffer | string): string => (typeof v === 'string' ? v : v.toString('latin1'));
