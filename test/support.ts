/**
 * Small waiting and port helpers shared by every test tier (no imports of the product, so any tier can use them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls `ok` (every 25 ms) until it holds; throws `timed out waiting for <what>` after `ms` milliseconds, so a test
 * never goes on as if the condition had held.
 */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Ports freePort has handed out in this process: never handed out twice. */
const handedOut = new Set<number>();

/**
 * The ports the kernel never picks by itself (for a listen on port 0 or an outgoing connection): those of
 * 20000..65535 outside ip_local_port_range (Linux: 20000..32767 and 61000..65535 by default). A port picked there and
 * found free stays free until a test binds it, whatever else this process (a backend or runtime listening on port
 * 0) or the machine (outgoing connections) does in between. Empty where the range is unknown (not Linux) or covers
 * them all: freePort then takes one the kernel picks.
 */
const quietPorts: [number, number][] = (() => {
  let low = 32768;
  let high = 60999;
  try {
    [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
  } catch {
    return [];
  }
  const ranges: [number, number][] = [];
  if (low > 20000) ranges.push([20000, low - 1]);
  if (high < 65535) ranges.push([Math.max(high + 1, 20000), 65535]);
  return ranges.filter(([a, b]) => b - a >= 1000);
})();

/** Whether nothing listens on (or holds) the port of 127.0.0.1: it can be listened on now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port of 127.0.0.1 the kernel picked for a listen on port 0 (then closed). */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `count` consecutive ports of 127.0.0.1 that were free a moment ago (for listeners whose port is configured: a
 * server the test spawns, vsftpd's passive ports), the first returned; never one this process was given before (a
 * fixture asking for two ports in a row, dovecot's IMAP and POP3 listeners, must get two). Taken outside the range
 * the kernel picks ephemeral ports from, so nothing but a test's own configured listener takes them in between.
 */
export async function freePorts(count = 1): Promise<number> {
  for (let tries = 0; ; tries++) {
    let first: number;
    if (quietPorts.length && tries < 500) {
      const sizes = quietPorts.map(([a, b]) => b - a + 2 - count);
      let pick = Math.floor(Math.random() * sizes.reduce((s, n) => s + n, 0));
      let i = 0;
      while (pick >= sizes[i]) pick -= sizes[i++];
      first = quietPorts[i][0] + pick;
    } else if (count === 1) first = await kernelPort();
    else throw new Error(`no ${count} consecutive free ports found`);
    let ok = true;
    for (let p = first; p < first + count && ok; p++) ok = !handedOut.has(p) && (await canListen(p));
    if (!ok) continue;
    for (let p = first; p < first + count; p++) handedOut.add(p);
    return first;
  }
}

/** One free port of 127.0.0.1 (see freePorts): for a listener whose port is configured, or nothing (refused). */
export function freePort(): Promise<number> {
  return freePorts(1);
}

/** What a server says (in the error a fixture throws) when a port it was given is taken. */
const PORT_TAKEN = /address already in use|eaddrinuse|could not bind|cannot bind|bind\b[^\n]*\bfailed/i;

/**
 * Starts a server the test spawns on `count` fresh ports (freePort each), and again on new ones (up to `tries` in
 * all) when it failed because one was taken: `start` must clean up what it made and throw an error carrying what the
 * server said (its log), so that an address in use is recognised.
 */
export async function onFreePorts<T>(
  count: number,
  start: (ports: number[]) => Promise<T>,
  tries = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await freePort());
    try {
      return await start(ports);
    } catch (e) {
      if (attempt >= tries || !PORT_TAKEN.test(String((e as Error)?.message ?? e))) throw e;
    }
  }
}

/** A log file a spawned server writes, as far as written ('' when there is none yet): for a fixture's errors. */
export function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/**
 * rmSync options for the folder of a server the test has stopped: its worker processes (dovecot's imap and pop3,
 * vsftpd's and sshd's sessions, a broker's helpers) may still write there a moment after the main process exits, and
 * a recursive removal meeting a file created meanwhile fails with ENOTEMPTY; Node retries those errors (EBUSY,
 * ENOTEMPTY, EPERM, ...) with a growing delay.
 */
export const STOPPED_DIR_RM = { recursive: true, force: true, maxRetries: 10, retryDelay: 50 } as const;
