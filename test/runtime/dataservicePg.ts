/**
 * A private PostgreSQL for the data service tests: a cluster made with initdb in a temp folder, run by pg_ctl as the
 * `postgres` user on a free port of 127.0.0.1 (trust authentication, fsync off), stopped and removed at the end.
 * Throws (the test fails, it does not skip) when PostgreSQL is not installed: .ci/run installs the Debian package.
 * Also what the PostgreSQL and MariaDB tests share: freePort, call (a request to the runtime) and offsetOf.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STOPPED_DIR_RM, onFreePorts, readLog } from '../support';
export { freePort } from '../support';

export interface PgCluster {
  port: number;
  /** Runs SQL with psql in the given database (default postgres); returns its output. */
  sql(text: string, db?: string): string;
  stop(): void;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql',
    );
  return join(root, versions[0], 'bin');
}

/** A cluster on a free port of 127.0.0.1 (another when it is taken: onFreePorts). */
export function startPostgres(): Promise<PgCluster> {
  return onFreePorts(1, ([port]) => startPostgresOn(port));
}

async function startPostgresOn(port: number): Promise<PgCluster> {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'ds-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const asPg = (cmd: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
      timeout: 30_000,
      stdio: 'pipe',
    }).toString();
  asPg('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  try {
    asPg('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=20`,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '20',
      'start',
    ]);
  } catch (e) {
    const log = readLog(join(dir, 'log'));
    try {
      asPg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // it did not start
    }
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start on ${port}: ${(e as Error).message}\n${log}`);
  }
  let stopped = false;
  return {
    port,
    sql: (text, db = 'postgres') =>
      asPg('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        db,
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-A',
        '-t',
        '-c',
        text,
      ]),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, STOPPED_DIR_RM);
      }
    },
  };
}

/** A request to the runtime on `port`: its status, content type and body text. */
export async function call(
  port: number,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(8000),
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

/** The local offset as ConverterUtil writes it (+hh:mm). */
export function offsetOf(d: Date): string {
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
  return `${off >= 0 ? '+' : '-'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
}
