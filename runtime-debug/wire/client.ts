/**
 * The client side of Micro Integrator's debug wire protocol: connects to the command port, then the event port;
 * sends commands one at a time (responses come back in order on the command socket) and emits events.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { readLines, writeLine } from './protocol';

export interface WireClientOptions {
  host?: string;
  commandPort?: number;
  eventPort?: number;
  /** Per-command timeout (default 10 s). */
  timeoutMs?: number;
  /** Connection timeout (default 10 s; MI opens its ports only once it is far enough in its start-up). */
  connectTimeoutMs?: number;
}

export class WireError extends Error {}

function open(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new WireError(`No answer from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.setNoDelay(true);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(
        new WireError(
          `Cannot connect to ${host}:${port}: ${e.message}. Is Micro Integrator running with -Desb.debug=true (or synapse serve --debug-ports)?`,
        ),
      );
    });
  });
}

/** Emits 'event' (the event JSON), 'close'. */
export class WireClient extends EventEmitter {
  private command: Socket | undefined;
  private event: Socket | undefined;
  private readonly waiting: {
    resolve: (v: unknown) => void;
    reject: (e: Error) => void;
    timer: NodeJS.Timeout;
  }[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly options: WireClientOptions = {}) {
    super();
  }

  async connect(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const to = this.options.connectTimeoutMs ?? 10_000;
    this.command = await open(host, this.options.commandPort ?? 9005, to);
    try {
      this.event = await open(host, this.options.eventPort ?? 9006, to);
    } catch (e) {
      this.command.destroy();
      throw e;
    }
    readLines(this.command, (line) => {
      const w = this.waiting.shift();
      if (!w) return;
      clearTimeout(w.timer);
      try {
        w.resolve(JSON.parse(line));
      } catch {
        w.reject(new WireError(`Unreadable response: ${line.slice(0, 200)}`));
      }
    });
    readLines(this.event, (line) => {
      try {
        this.emit('event', JSON.parse(line));
      } catch {
        // ignore an unreadable event line
      }
    });
    // the server went away: the same shutdown as close(), then tell the listeners
    const onClose = () => {
      if (this.closed) return;
      this.close();
      this.emit('close');
    };
    for (const s of [this.command, this.event]) {
      s.on('close', onClose);
      s.on('error', () => undefined);
    }
  }

  /** Sends a command and resolves with its response (commands are serialized). */
  send(obj: Record<string, unknown>): Promise<unknown> {
    const run = () =>
      new Promise<unknown>((resolve, reject) => {
        if (!this.command || this.closed) return reject(new WireError('Not connected'));
        const timer = setTimeout(() => {
          const i = this.waiting.findIndex((w) => w.timer === timer);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(
            new WireError(
              `No response to '${String(obj.command)}' within ${this.options.timeoutMs ?? 10_000} ms`,
            ),
          );
        }, this.options.timeoutMs ?? 10_000);
        this.waiting.push({ resolve, reject, timer });
        writeLine(this.command, obj);
      });
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new WireError('The debug connection was closed'));
    }
    this.command?.destroy();
    this.event?.destroy();
  }
}
