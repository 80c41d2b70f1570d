/**
 * `synapse run [DIR] [--http-port 8290] [--https-port 8253] [--host 127.0.0.1] [--management-port 9164] [--watch] [--max-body-mb 10]
 * [--internal-port 9201] [--log-level info] [--wire] [--no-relay]`:
 * serves the project's APIs, proxy services and HTTP inbound endpoints with the embedded runtime until stopped
 * (Ctrl-C / SIGTERM). With --management-port it also serves the management API (as `synapse serve` does; admin
 * credentials from SYNAPSE_ADMIN_USER / SYNAPSE_ADMIN_PASSWORD) so CARs can be hot-deployed next to the project.
 * With --internal-port it serves MI's liveness and readiness probes (management/probes.ts).
 * Prints the URLs it serves and MI-like log lines at or above the log level (INFO by default, as MI's loggers: a log
 * mediator with category DEBUG or TRACE prints only with --log-level debug / trace); with --management-port, the
 * logging API changes single loggers of that same table. --wire turns MI's wire logger on (the HTTP bytes in and
 * out). Exit 1 when the project cannot be served (e.g. the port is taken).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadCredentials, startServe, type RunningServe } from '../../runtime-debug/management';
import { loadOrCreateCertificate } from '../../runtime-debug/management/cert';
import { EngineHost, ServeRuntime } from '../../runtime-debug/management/engineHost';
import { startProbeServer, type ProbeServer } from '../../runtime-debug/management/probes';
import { carFileName, loadProject as loadCarProject, projectDescriptor } from '../../core/car';
import { WIRE_LOGGER, type LoggerLevel } from '../../runtime-debug/engine/loggers';
import { tuneServerProcess } from '../../runtime-debug/engine/serverProcess';
import { parse, portOption as port, UsageError, type Command } from '../usage';

/** The levels --log-level takes, from the most verbose; a line prints when its level is at or above the chosen one. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export const runCommand: Command = {
  name: 'run',
  usage:
    'synapse run [DIR] [--http-port 8290] [--host 127.0.0.1] [--https-port 8253] [--management-port 9164] [--internal-port 9201] [--watch] [--log-level info] [--wire] [--no-relay]',
  summary: "Serve the project's APIs, proxies and inbound endpoints with the embedded runtime",
  async run(args) {
    tuneServerProcess();
    const { values, positionals } = parse(args, {
      'http-port': { type: 'string' },
      'https-port': { type: 'string' },
      'management-port': { type: 'string' },
      'internal-port': { type: 'string' },
      host: { type: 'string' },
      watch: { type: 'boolean' },
      'max-body-mb': { type: 'string' },
      'log-level': { type: 'string' },
      wire: { type: 'boolean' },
      'no-relay': { type: 'boolean' },
    });
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const dir = resolve(positionals[0] ?? '.');
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UsageError(`'${positionals[0] ?? '.'}' is not a folder`);
    const httpPort = port(values['http-port'], 8290, '--http-port');
    const httpsPort =
      values['https-port'] === undefined ? undefined : port(values['https-port'], 8253, '--https-port');
    const maxMb = values['max-body-mb'] === undefined ? 10 : Number(values['max-body-mb']);
    if (!(maxMb > 0)) throw new UsageError('--max-body-mb must be a positive number');
    const managementPort =
      values['management-port'] === undefined
        ? undefined
        : port(values['management-port'], 9164, '--management-port');
    const credentials = managementPort === undefined ? undefined : loadCredentials(process.env);
    // MI's internal HTTP API listener (internal_http_api_port 9191 + offset 10), where its probes answer
    const internalPort =
      values['internal-port'] === undefined
        ? undefined
        : port(values['internal-port'], 9201, '--internal-port');
    const level = (values['log-level'] ?? 'info').toUpperCase();
    if (!LOG_LEVELS.includes(level))
      throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ').toLowerCase()}`);
    const started = Date.now();
    // ServeRuntime: the engine Runtime that also answers registry keys of CARs deployed through the management API
    // the HTTPS listener presents the same self-signed certificate as the management API (cached per user)
    const tls = httpsPort === undefined ? undefined : loadOrCreateCertificate(values.host ?? '127.0.0.1');
    const rt = new ServeRuntime({
      host: values.host ?? '127.0.0.1',
      httpPort,
      maxBodyBytes: Math.floor(maxMb * 1024 * 1024),
      // (the relay path serves plain call-and-respond resources without a message context: engine/relay.ts)
      relay: values['no-relay'] !== true,
      ...(tls && httpsPort !== undefined ? { https: { port: httpsPort, key: tls.key, cert: tls.cert } } : {}),
    });
    // one logger table decides what is printed: --log-level sets every logger, and the management API's
    // /management/logging changes single loggers of the same table afterwards (as on MI)
    rt.executor.loggers.setAll(level as LoggerLevel);
    // wire logs: MI's synapse-transport-http-wire logger at DEBUG (it keeps its own level under --log-level)
    if (values.wire) rt.executor.loggers.setLevel(WIRE_LOGGER, 'DEBUG');
    rt.on('log', (rec: { line: string }) => process.stdout.write(`${rec.line}\n`));
    const report = rt.loadProject(dir);
    for (const p of report.problems)
      process.stderr.write(`${p.file}:${p.line}:${p.column} error ${p.code} ${p.message}\n`);
    for (const p of report.warnings)
      process.stderr.write(`${p.file}:${p.line}:${p.column} warning ${p.code} ${p.message}\n`);
    // (the lines of artifacts that read a URL while they deploy come once read: the CApp's line after them)
    await rt.settleDeployments();
    // MI runs a project as the CApp it packages to: CappDeployer logs it deployed once its artifacts are (a CApp
    // with a faulty artifact is not)
    if (!report.problems.length)
      rt.executor.log(
        'INFO',
        'CappDeployer',
        undefined,
        // a versioned project's CApp is named by its descriptor id (CarbonApplication.getAppNameWithVersion)
        `Successfully Deployed Carbon Application : ${projectDescriptor(dir)?.id ?? projectCarName(dir).replace(/\.car$/, '')}{super-tenant}`,
      );
    try {
      await rt.start();
    } catch (e) {
      process.stderr.write(
        `synapse run: cannot listen on ${values.host ?? '127.0.0.1'}:${httpPort}: ${(e as Error).message}\n`,
      );
      await rt.stop(0);
      return 1;
    }
    if (values.watch) rt.watchProject(dir);
    const onUnhandled = (e: unknown) =>
      process.stderr.write(
        `synapse run: internal error (the runtime goes on): ${(e as Error)?.stack ?? e}\n`,
      );
    process.on('unhandledRejection', onUnhandled);
    let serve: RunningServe | undefined;
    if (managementPort !== undefined && credentials) {
      try {
        serve = await startServe({
          host: values.host ?? '127.0.0.1',
          httpPort: rt.address().port,
          managementPort,
          credentials,
          onLog: (line) => process.stdout.write(`${line}\n`),
          runtime: async () => ({
            host: new EngineHost(rt),
            port: rt.address().port,
            close: () => rt.stop(3000),
          }),
        });
      } catch (e) {
        process.stderr.write(`synapse run: cannot start the management API: ${(e as Error).message}\n`);
        await rt.stop(0);
        return 1;
      }
    }
    const urls = rt.urls();
    process.stdout.write(
      `synapse run: ${rt.deployedCount()} artifact(s) deployed${report.problems.length ? `, ${report.problems.length} problem(s)` : ''}${report.warnings.length ? `, ${report.warnings.length} unsupported feature(s)` : ''} in ${Date.now() - started} ms\n`,
    );
    for (const u of urls) process.stdout.write(`  ${u}\n`);
    const https = rt.httpsAddress();
    if (https && tls)
      process.stdout.write(
        `synapse run: HTTPS listener https://${https.host}:${https.port} (the same paths; certificate SHA-256 ${tls.fingerprint256})\n`,
      );
    if (serve)
      process.stdout.write(
        `synapse run: management API ${serve.managementUrl} (certificate SHA-256 ${serve.fingerprint256})\n`,
      );
    let probes: ProbeServer | undefined;
    if (internalPort !== undefined) {
      // the project deploys as one CApp: with load problems it is MI's faulty CApp, and readiness says so
      const faulty = report.problems.length ? [projectCarName(dir)] : [];
      try {
        probes = await startProbeServer({
          host: values.host ?? '127.0.0.1',
          port: internalPort,
          faulty: () => faulty,
        });
      } catch (e) {
        process.stderr.write(`synapse run: cannot start the probes listener: ${(e as Error).message}\n`);
        if (serve) await serve.close();
        else await rt.stop(0);
        return 1;
      }
      process.stdout.write(
        `synapse run: probes http://${values.host ?? '127.0.0.1'}:${probes.port}/liveness and /healthz\n`,
      );
    }
    process.stdout.write('synapse run: ready (Ctrl-C to stop)\n');
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await probes?.close();
    if (serve) await serve.close();
    else await rt.stop(3000);
    process.off('unhandledRejection', onUnhandled);
    process.stdout.write('synapse run: stopped\n');
    return 0;
  },
};

/** The name of the CAR the project packages to (its pom's artifactId_version), for readiness to name it. */
function projectCarName(dir: string): string {
  try {
    return carFileName(loadCarProject(dir));
  } catch {
    // a file the packager cannot read: the folder's name, at the packager's default version
    return `${basename(dir)}_1.0.0.car`;
  }
}
