/**
 * `synapse serve`: an empty runtime that accepts CAR deployments through the management API (HTTPS, self-signed
 * certificate cached per user) and serves the deployed artifacts on its HTTP port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminCredentials } from './auth';
import { configDir, loadOrCreateCertificate } from './cert';
import { LogBuffer } from './logs';
import { DeploymentRegistry, NullHost, type ArtifactHost } from './registry';
import { startManagementServer, type ManagementServer } from './server';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ServeOptions {
  host: string;
  httpPort: number;
  managementPort: number;
  credentials: AdminCredentials;
  /** Where the certificate is cached (default: the per-user config folder). */
  configDir?: string;
  maxCarBytes?: number;
  /** Each log line (deployments, errors) is also given here. */
  onLog?: (line: string) => void;
  onShutdown?: () => void;
  /**
   * The runtime to deploy into. Given the HTTP host and port, returns the ArtifactHost and the HTTP request handler
   * (the engine's); without it, deployments are only recorded and the HTTP port answers 404.
   */
  runtime?: (http: { host: string; port: number }) => Promise<{ host: ArtifactHost; handler: HttpHandler; close?(): Promise<void> }>;
}

export interface RunningServe {
  httpPort: number;
  managementPort: number;
  managementUrl: string;
  fingerprint256: string;
  certFile?: string;
  registry: DeploymentRegistry;
  management: ManagementServer;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startServe(opts: ServeOptions): Promise<RunningServe> {
  const cert = loadOrCreateCertificate(opts.host, opts.configDir ?? configDir());
  const log = new LogBuffer(1024 * 1024, opts.onLog);

  // The HTTP listener first, so that the runtime knows its port (API URLs, port 0 in tests).
  let handler: HttpHandler = (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ Error: 'No API or proxy service matches this request' }));
  };
  const http = createServer((req, res) => handler(req, res));
  const httpPort = await listen(http, opts.httpPort, opts.host);
  let host: ArtifactHost = new NullHost();
  let closeRuntime: (() => Promise<void>) | undefined;
  if (opts.runtime) {
    const rt = await opts.runtime({ host: opts.host, port: httpPort });
    host = rt.host;
    handler = rt.handler;
    closeRuntime = rt.close;
  }
  const registry = new DeploymentRegistry(host);
  const viewHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
  let management: ManagementServer;
  try {
    management = await startManagementServer({
      host: opts.host,
      port: opts.managementPort,
      cert: cert.cert,
      key: cert.key,
      credentials: opts.credentials,
      registry,
      view: { httpHost: viewHost, httpPort, storeSize: host.storeSize?.bind(host) },
      maxCarBytes: opts.maxCarBytes,
      log,
      onShutdown: opts.onShutdown,
    });
  } catch (e) {
    http.close();
    throw e;
  }
  const urlHost = viewHost.includes(':') ? `[${viewHost}]` : viewHost;
  return {
    httpPort,
    managementPort: management.port,
    managementUrl: `https://${urlHost}:${management.port}/management`,
    fingerprint256: cert.fingerprint256,
    certFile: cert.certFile,
    registry,
    management,
    async close() {
      http.closeAllConnections?.();
      await Promise.all([management.close(), new Promise<void>((r) => http.close(() => r())), closeRuntime?.()]);
    },
  };
}
