/** Test helpers: a started `synapse serve` (in process), a temp config folder, and misbehaving TLS servers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagementClient } from '../../../core/management';
import { startServe, type ArtifactHost, type RunningServe } from '../../../runtime-debug/management';
import { engineRuntime } from '../../../runtime-debug/management/engineHost';
import { freePort } from '../../support';

export const ADMIN = { user: 'deployer', password: 'pa55-Wörd' };

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `synapse serve` in process on 127.0.0.1: with a given artifact host, the embedded engine (`engine`), or neither. */
export async function serve(
  configDir: string,
  opts: { maxCarBytes?: number; host?: ArtifactHost; engine?: boolean } = {},
): Promise<RunningServe> {
  return startServe({
    host: '127.0.0.1',
    httpPort: 0,
    managementPort: 0,
    credentials: ADMIN,
    configDir,
    maxCarBytes: opts.maxCarBytes,
    runtime: opts.host
      ? async () => ({ host: opts.host!, port: 0, close: async () => undefined })
      : opts.engine
        ? engineRuntime
        : undefined,
  });
}

/** A management client of a started serve, as the admin, its certificate pinned. */
export function adminClient(s: RunningServe): ManagementClient {
  return new ManagementClient({
    url: `https://127.0.0.1:${s.managementPort}`,
    user: ADMIN.user,
    password: ADMIN.password,
    fingerprint: s.fingerprint256,
  });
}

export function listen<T extends TlsServer | NetServer | HttpsServer>(server: T): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/**
 * An HTTPS server that logs anyone in, then reads `dropAfter` bytes of any other request's body and destroys the
 * connection without answering (a server crash or network cut mid-upload).
 */
export function droppingServer(cert: string, key: string, dropAfter: number): HttpsServer {
  return createHttpsServer({ cert, key }, (req, res) => {
    if (req.url?.startsWith('/management/login')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ AccessToken: 'token' }));
      return;
    }
    let n = 0;
    req.on('data', (d: Buffer) => {
      n += d.length;
      if (n >= dropAfter) req.socket.destroy();
    });
  });
}

/** A TLS server that completes the handshake and never answers. */
export function silentServer(cert: string, key: string): TlsServer {
  const s = createTlsServer({ cert, key }, (sock) => {
    sock.on('error', () => undefined);
    sock.resume();
  });
  return s;
}

/** A closed port: bind, note the port, close. */
export const closedPort = freePort;
