/**
 * MI's liveness and readiness probes (org.wso2.micro.integrator.probes LivenessResource and ReadinessResource),
 * internal APIs MI serves on its internal HTTP API port (internal_http_api_port 9191 plus the port offset 10: 9201):
 *   GET /liveness -> 200 {"server" : "started"}
 *   GET /healthz  -> 200 {"version":"4.4.0", "update_level":"null", "status" : "ready"}, or 500 naming the faulty
 *                    CApps ("status": "not ready, faulty CAPPs detected", "Faulty CAPPs" : [...]) when some did not deploy
 * Both answer application/json; charset=UTF-8 (JsonStreamFormatter.getContentType adds the charset). Each resource
 * takes GET only (a probe's getMethods): InternalAPIDispatcher.dispatch finds no resource for another method, nor
 * an API for another path, and InboundHttpServerWorker.respond answers 404 then; an OPTIONS is answered at once
 * (isOptions: 200). Without a body here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProbeOptions {
  host: string;
  port: number;
  /** The MI version the readiness answer names (CarbonServerConfigurationService.getServerVersion). */
  version?: string;
  /** The CApps (for `synapse run`, the project) that failed to deploy: readiness is 500 while there are any. */
  faulty: () => string[];
}

export interface ProbeServer {
  port: number;
  close(): Promise<void>;
}

/** The answer of a probe path, or undefined for a path that is none. */
export function probeAnswer(
  method: string,
  url: string,
  opts: Pick<ProbeOptions, 'version' | 'faulty'>,
): { status: number; body?: string } | undefined {
  // InternalAPIDispatcher: the API whose context is the path or a prefix of it (findAPI) answers an OPTIONS at once
  // (isOptions); then its resource's template "/" (so `/liveness` or `/liveness/`) and method GET, or 404
  const full = url.split('?')[0];
  const api = full.startsWith('/liveness')
    ? '/liveness'
    : full.startsWith('/healthz')
      ? '/healthz'
      : undefined;
  if (api === undefined || (full.length > api.length && full[api.length] !== '/')) return undefined;
  if (method === 'OPTIONS') return { status: 200 };
  const path = full.length > 1 && full.endsWith('/') ? full.slice(0, -1) : full;
  if (path !== api || method !== 'GET') return { status: 404 };
  if (path === '/liveness') return { status: 200, body: '{"server" : "started"}' };
  // ReadinessResource.invoke: the version and System.getProperty(UPDATE_LEVEL) ("null" when unset), then the status
  let body = `{"version":"${opts.version ?? '4.4.0'}", "update_level":"null", `;
  const faulty = opts.faulty();
  if (faulty.length) {
    body += `"status": "not ready, faulty CAPPs detected", "Faulty CAPPs" : ["${faulty.join('","')}"]}`;
    return { status: 500, body };
  }
  return { status: 200, body: `${body}"status" : "ready"}` };
}

export async function startProbeServer(opts: ProbeOptions): Promise<ProbeServer> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const a = probeAnswer(req.method ?? 'GET', req.url ?? '/', opts);
    if (!a) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (a.body === undefined) {
      res.writeHead(a.status);
      res.end();
      return;
    }
    res.writeHead(a.status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(a.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
