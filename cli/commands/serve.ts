/**
 * `synapse serve [--http-port 8290] [--https-port 8253] [--management-port 9164] [--host 127.0.0.1] [--debug-ports 9005,9006]
 *  [--config FILE] [--max-car-mb 100]`: an empty runtime that accepts CAR deployments through the management API.
 */
import { readFileSync } from 'node:fs';
import { loadCredentials, startServe } from '../../runtime-debug/management';
import { loadOrCreateCertificate } from '../../runtime-debug/management/cert';
import { engineRuntime, type EngineHost } from '../../runtime-debug/management/engineHost';
import { startDebugWireServer, type DebugWireServer } from '../../runtime-debug/wire/server';
import { tuneServerProcess } from '../../runtime-debug/engine/serverProcess';
import { parse, portOption as port, UsageError, type Command } from '../usage';

export const serveCommand: Command = {
  name: 'serve',
  usage:
    'synapse serve [--http-port 8290] [--https-port 8253] [--management-port 9164] [--host 127.0.0.1] [--config FILE]',
  summary: 'run an empty runtime that accepts CAR deployments through the management API',
  async run(args) {
    tuneServerProcess();
    const { values, positionals } = parse(args, {
      'http-port': { type: 'string' },
      'https-port': { type: 'string' },
      'management-port': { type: 'string' },
      host: { type: 'string' },
      'debug-ports': { type: 'string' },
      config: { type: 'string' },
      'max-car-mb': { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const httpPort = port(values['http-port'], 8290, '--http-port');
    const httpsPort =
      values['https-port'] === undefined ? undefined : port(values['https-port'], 8253, '--https-port');
    const managementPort = port(values['management-port'], 9164, '--management-port');
    const maxMb = values['max-car-mb'] === undefined ? 100 : Number(values['max-car-mb']);
    if (!(maxMb > 0)) throw new UsageError(`--max-car-mb must be a positive number`);
    if (values['debug-ports'] !== undefined && !/^\d+,\d+$/.test(values['debug-ports']))
      throw new UsageError('--debug-ports takes COMMAND,EVENT (e.g. 9005,9006)');
    const credentials = loadCredentials(process.env, values.config);
    const host = values.host ?? '127.0.0.1';
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (stop = r));
    let debugWire: DebugWireServer | undefined;
    let httpsBound: number | undefined;
    const serve = await startServe({
      host,
      httpPort,
      managementPort,
      credentials,
      maxCarBytes: Math.floor(maxMb * 1024 * 1024),
      onLog: (line) => process.stdout.write(`${line}\n`),
      onShutdown: () => stop(),
      runtime: async (http) => {
        // the HTTPS listener presents the management API's certificate (made once per user)
        const tls = httpsPort === undefined ? undefined : loadOrCreateCertificate(host);
        const rt = await engineRuntime(http, tls && { port: httpsPort!, key: tls.key, cert: tls.cert });
        httpsBound = rt.httpsPort;
        // synapse.properties `expose.versioned.services` (MI: deployment.toml [synapse_properties]), from --config
        (rt.host as EngineHost).runtime.exposeVersionedServices = exposeVersioned(values.config);
        if (values['debug-ports']) {
          const [commandPort, eventPort] = values['debug-ports'].split(',').map(Number);
          debugWire = await startDebugWireServer((rt.host as EngineHost).runtime, {
            commandPort,
            eventPort,
            host,
          });
        }
        return rt;
      },
    }).catch((e: NodeJS.ErrnoException & { port?: number }) => {
      if (e.code === 'EADDRINUSE') {
        const which = e.port === managementPort ? '--management-port' : '--http-port';
        throw new Error(
          `${host}:${e.port ?? ''} is already in use; choose another ${which} [SERVE_PORT_IN_USE]`,
        );
      }
      if (e.code === 'EADDRNOTAVAIL')
        throw new Error(`cannot bind ${host}: no such local address (--host) [SERVE_BAD_HOST]`);
      throw e;
    });
    process.stdout.write(
      `synapse serve: HTTP http://${host}:${serve.httpPort}\n` +
        (httpsBound !== undefined ? `synapse serve: HTTPS https://${host}:${httpsBound}\n` : '') +
        `synapse serve: management API ${serve.managementUrl}\n` +
        `synapse serve: certificate SHA-256 fingerprint ${serve.fingerprint256}\n` +
        (debugWire
          ? `synapse serve: debugger command port ${debugWire.commandPort}, event port ${debugWire.eventPort}\n`
          : '') +
        'synapse serve: ready\n',
    );
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await stopped;
    await debugWire?.close();
    await serve.close();
    process.stdout.write('synapse serve: stopped\n');
    return 0;
  },
};

/**
 * `"synapseProperties": {"expose.versioned.services": true}` of the --config JSON: versioned CARs serve their APIs
 * under /groupId/artifactId/version/… and name their proxies and data services `<id>/<name>` (MI 4.5).
 */
function exposeVersioned(configFile: string | undefined): boolean {
  if (!configFile) return false;
  try {
    const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as {
      synapseProperties?: Record<string, unknown>;
    };
    return (
      String(cfg.synapseProperties?.['expose.versioned.services'] ?? '')
        .trim()
        .toLowerCase() === 'true'
    );
  } catch {
    return false; // loadCredentials has reported a file that is not JSON
  }
}
