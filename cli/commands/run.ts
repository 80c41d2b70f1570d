/**
 * `synapse run [DIR] [--http-port 8290] [--host 127.0.0.1] [--watch] [--max-body-mb 10]`: serves the project's APIs,
 * proxy services and HTTP inbound endpoints with the embedded runtime until stopped (Ctrl-C / SIGTERM).
 * Prints the URLs it serves and MI-like log lines. Exit 1 when the project cannot be served (e.g. the port is taken).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { parse, UsageError, type Command } from '../usage';

function port(v: string | undefined, def: number, flag: string): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535), got '${v}'`);
  return n;
}

export const runCommand: Command = {
  name: 'run',
  usage: 'synapse run [DIR] [--http-port 8290] [--host 127.0.0.1] [--watch]',
  summary: "Serve the project's APIs, proxies and inbound endpoints with the embedded runtime",
  async run(args) {
    const { values, positionals } = parse(args, {
      'http-port': { type: 'string' },
      'management-port': { type: 'string' },
      host: { type: 'string' },
      watch: { type: 'boolean' },
      'max-body-mb': { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const dir = resolve(positionals[0] ?? '.');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`'${positionals[0] ?? '.'}' is not a folder`);
    const httpPort = port(values['http-port'], 8290, '--http-port');
    const maxMb = values['max-body-mb'] === undefined ? 10 : Number(values['max-body-mb']);
    if (!(maxMb > 0)) throw new UsageError('--max-body-mb must be a positive number');
    const started = Date.now();
    const rt = new Runtime({ host: values.host ?? '127.0.0.1', httpPort, maxBodyBytes: Math.floor(maxMb * 1024 * 1024) });
    rt.on('log', (rec: { line: string }) => process.stdout.write(`${rec.line}\n`));
    const report = rt.loadProject(dir);
    for (const p of report.problems) process.stderr.write(`${p.file}:${p.line}:${p.column} error ${p.code} ${p.message}\n`);
    try {
      await rt.start();
    } catch (e) {
      process.stderr.write(`synapse run: cannot listen on ${values.host ?? '127.0.0.1'}:${httpPort}: ${(e as Error).message}\n`);
      await rt.stop(0);
      return 1;
    }
    if (values.watch) rt.watchProject(dir);
    const urls = rt.urls();
    process.stdout.write(`synapse run: ${report.artifacts.length} artifact(s) deployed${report.problems.length ? `, ${report.problems.length} problem(s)` : ''} in ${Date.now() - started} ms\n`);
    for (const u of urls) process.stdout.write(`  ${u}\n`);
    if (values['management-port'] !== undefined) process.stdout.write('synapse run: --management-port is served by `synapse serve`; ignored here\n');
    process.stdout.write('synapse run: ready (Ctrl-C to stop)\n');
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await rt.stop(3000);
    process.stdout.write('synapse run: stopped\n');
    return 0;
  },
};
