/**
 * Small waiting and port helpers shared by every test tier (no imports of the product, so any tier can use them).
 */
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

/** Ports freePort has handed out in this process: the kernel may give a just-closed port again. */
const handedOut = new Set<number>();

/**
 * A port of 127.0.0.1 that was free a moment ago (for listeners whose port is configured), never one this process
 * was given before: a fixture asking for two ports in a row (dovecot's IMAP and POP3 listeners) must get two.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
