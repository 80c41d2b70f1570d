/**
 * `synapse deploy FILE.car|DIR --server URL [--server URL…] [--user U] [--fingerprint SHA256]`: uploads a CAR (a
 * folder is packaged first) to each server's management API and reports per server; exit 1 if any failed.
 * Also the server-connection options shared by `synapse artifacts` and `synapse undeploy`.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildCar, carFileName, loadProject } from '../../core/car';
import { checkBeforePackaging } from '../prepackCheck';
import { addConnectorDependencies } from '../../core/car/connectors';
import { CONNECTOR_OPTIONS, connectorOptionsFrom } from '../../core/car/connectorsOptions';
import { ManagementClient, ManagementError, normalizeFingerprint } from '../../core/management';
import { UsageError, parse, type Command } from '../usage';

export const serverOptions = {
  server: { type: 'string', multiple: true },
  user: { type: 'string', short: 'u' },
  fingerprint: { type: 'string', multiple: true },
  timeout: { type: 'string' },
} as const;

export interface ServerTarget {
  url: string;
  fingerprint?: string;
}

/** Resolves --server/--fingerprint (one fingerprint for all servers, or one per server) and SYNAPSE_SERVER_FINGERPRINT. */
export function serverTargets(values: { server?: string[]; fingerprint?: string[] }): ServerTarget[] {
  const servers = values.server ?? [];
  if (!servers.length)
    throw new UsageError('--server URL is required (e.g. --server https://127.0.0.1:9164)');
  const fps = values.fingerprint?.length
    ? values.fingerprint
    : process.env.SYNAPSE_SERVER_FINGERPRINT
      ? [process.env.SYNAPSE_SERVER_FINGERPRINT]
      : [];
  if (fps.length > 1 && fps.length !== servers.length)
    throw new UsageError('give one --fingerprint for all servers, or one per --server in the same order');
  for (const f of fps)
    if (!normalizeFingerprint(f))
      throw new UsageError(`not a SHA-256 fingerprint: '${f}' (64 hex digits, colons optional)`);
  return servers.map((url, i) => {
    try {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
    } catch {
      throw new UsageError(`--server must be an http(s) URL, got '${url}'`);
    }
    return { url, fingerprint: fps.length > 1 ? fps[i] : fps[0] };
  });
}

/** The password: SYNAPSE_PASSWORD, or a hidden prompt when stdin is a terminal. */
export async function readPassword(user: string): Promise<string> {
  const env = process.env.SYNAPSE_PASSWORD;
  if (env) return env;
  if (!process.stdin.isTTY)
    throw new UsageError('no password: set SYNAPSE_PASSWORD (no terminal to prompt on)');
  process.stderr.write(`Password for ${user}: `);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolvePw, reject) => {
    let pw = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          process.stderr.write('\n');
          return resolvePw(pw);
        }
        if (ch === '\u0003') {
          cleanup();
          process.stderr.write('\n');
          return reject(new UsageError('cancelled'));
        }
        if (ch === '\u007f' || ch === '\b') pw = pw.slice(0, -1);
        else pw += ch;
      }
    };
    const cleanup = () => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

export async function clientsFor(values: {
  server?: string[];
  fingerprint?: string[];
  user?: string;
  timeout?: string;
}): Promise<{ target: ServerTarget; client: ManagementClient }[]> {
  const targets = serverTargets(values);
  const user = values.user ?? process.env.SYNAPSE_USER ?? 'admin';
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0))
    throw new UsageError('--timeout takes seconds (a positive number)');
  for (const t of targets) {
    const u = new URL(t.url);
    if (u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
      process.stderr.write(
        `warning: ${t.url} is plain HTTP: the password and token cross the network unencrypted\n`,
      );
    }
  }
  const password = await readPassword(user);
  return targets.map((target) => ({
    target,
    client: new ManagementClient({
      url: target.url,
      user,
      password,
      fingerprint: target.fingerprint,
      timeoutMs,
      uploadTimeoutMs: timeoutMs,
    }),
  }));
}

export function describeError(e: unknown): string {
  if (e instanceof ManagementError) return `${e.message} [${e.code}]`;
  return (e as Error)?.message ?? String(e);
}

export const deployCommand: Command = {
  name: 'deploy',
  usage:
    'synapse deploy FILE.car|DIR --server URL [--server URL…] [--user U] [--fingerprint SHA256] [--no-validate] [--fetch-connectors] [--maven-repo URL]... [--maven-repo-local DIR] [--require-connectors | --no-connectors]',
  summary: 'deploy a CAR (or package and deploy a project) through the management API',
  async run(args) {
    const { values, positionals } = parse(args, {
      ...serverOptions,
      quiet: { type: 'boolean', short: 'q' },
      'no-validate': { type: 'boolean' },
      ...CONNECTOR_OPTIONS,
    });
    if (positionals.length !== 1) throw new UsageError('give one FILE.car or project folder');
    const connectors = connectorOptionsFrom(values);
    if (typeof connectors === 'string') throw new UsageError(connectors);
    const path = resolve(positionals[0]);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`${positionals[0]}: no such file or folder`);
    }
    if (stat.isDirectory() && !checkBeforePackaging(path, values['no-validate'])) return 1;
    const clients = await clientsFor(values);
    let fileName: string;
    let car: Buffer;
    if (stat.isDirectory()) {
      const project = loadProject(path);
      // the connector zips pom.xml declares, as `synapse package` adds them (nothing is uploaded when one is missing)
      const added = await addConnectorDependencies(project, { ...connectors, base: process.cwd() });
      for (const line of [...added.errors, ...added.warnings, ...added.notices]) process.stderr.write(`${line}\n`);
      if (added.errors.length) {
        for (const { client } of clients) client.close();
        return 1;
      }
      car = await buildCar(project);
      fileName = carFileName(project);
      process.stdout.write(
        `packaged ${fileName} (${project.artifacts.length} artifacts, ${car.length} bytes)\n`,
      );
    } else {
      if (!/\.car$/i.test(path))
        throw new UsageError(`${positionals[0]}: expected a .car file or a project folder`);
      car = readFileSync(path);
      fileName = basename(path);
    }
    const showProgress = !values.quiet && process.stderr.isTTY;
    let failed = 0;
    for (const { target, client } of clients) {
      try {
        let last = -1;
        const msg = await client.upload(fileName, car, {
          onProgress: showProgress
            ? ({ sent, total }) => {
                const pct = Math.floor((sent / total) * 100);
                if (pct !== last) process.stderr.write(`\r${target.url}: uploading ${pct}%`);
                last = pct;
              }
            : undefined,
        });
        if (showProgress) process.stderr.write('\n');
        process.stdout.write(`${target.url}: deployed ${fileName}${msg ? ` (${msg})` : ''}\n`);
      } catch (e) {
        failed++;
        process.stderr.write(`${showProgress ? '\n' : ''}${target.url}: FAILED ${describeError(e)}\n`);
      } finally {
        await client.logout().catch(() => undefined);
        client.close();
      }
    }
    if (clients.length > 1)
      process.stdout.write(`${clients.length - failed} of ${clients.length} servers deployed\n`);
    return failed ? 1 : 0;
  },
};
