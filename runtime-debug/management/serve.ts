/**
 * `synapse serve`: an empty runtime that accepts CAR deployments through the management API (HTTPS, self-signed
 * certificate cached per user) and serves the deployed artifacts on its HTTP port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminCredentials } from './auth';
import { configDir, loadOrCreateCertificate } from './cert';
import { LogBuffer } from './logs';
import { DeploymentRegistry, NullHost, type ArtifactHost } from './registry';
import { startManagementServer, type ManagementServer } from './server';

export interface ServeOptions {
  host: string;
  httpPort: number;
  managementPort: number;
  credentials: AdminCredentials;
  /** Where the certificate is cached (default: the per-user config folder). */
  configDir?: string;
  maxCarBytes?: number;
  /** What /management/registry-resources may hold in all (default 256 MiB). */
  maxRegistryBytes?: number;
  /** Each log line (deployments, errors) is also given here. */
  onLog?: (line: string) => void;
  onShutdown?: () => void;
  /**
   * The runtime to deploy into, listening on the HTTP port (engineHost.ts gives the engine's). Without it,
   * deployments are only recorded and the HTTP port answers 404.
   */
  runtime?: (http: {
    host: string;
    port: number;
  }) => Promise<{ host: ArtifactHost; port: number; close(): Promise<void> }>;
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

  // The HTTP listener first, so that API URLs carry its real port (port 0 in tests).
  let host: ArtifactHost;
  let httpPort: number;
  let closeRuntime: () => Promise<void>;
  if (opts.runtime) {
    const rt = await opts.runtime({ host: opts.host, port: opts.httpPort });
    host = rt.host;
    httpPort = rt.port;
    closeRuntime = rt.close;
  } else {
    const http = createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Error: 'No API or proxy service matches this request' }));
    });
    httpPort = await listen(http, opts.httpPort, opts.host);
    host = new NullHost();
    closeRuntime = () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      });
  }
  host.onLogLine?.((line) => log.append(line));
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
      maxRegistryBytes: opts.maxRegistryBytes,
      log,
      loggers: host.loggers,
      onShutdown: opts.onShutdown,
    });
  } catch (e) {
    await closeRuntime();
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
      await Promise.all([management.close(), closeRuntime()]);
    },
  };
}
