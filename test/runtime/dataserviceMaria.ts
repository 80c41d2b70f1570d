/**
 * A private MariaDB for the data service tests: a data folder made with mariadb-install-db in a temp folder, the
 * server (mariadbd, run as the `mysql` user) on a free port of 127.0.0.1 with root and no password, killed and
 * removed at the end. Throws (the test fails, it does not skip) when MariaDB is not installed: .ci/run installs the
 * Debian package mariadb-server.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STOPPED_DIR_RM, onFreePorts } from '../support';

export interface MariaServer {
  port: number;
  /** Runs SQL with the mariadb client in the given database; returns its tab-separated output. */
  sql(text: string, db?: string): string;
  stop(): Promise<void>;
}

/** MariaDB on a free port of 127.0.0.1 (another when it is taken: onFreePorts). */
export function startMariaDb(): Promise<MariaServer> {
  return onFreePorts(1, ([port]) => startMariaDbOn(port));
}

async function startMariaDbOn(port: number): Promise<MariaServer> {
  if (!existsSync('/usr/sbin/mariadbd'))
    throw new Error('MariaDB is not installed (no /usr/sbin/mariadbd): apt-get install -y mariadb-server');
  const dir = mkdtempSync(join(tmpdir(), 'ds-maria-'));
  const uid = Number(execFileSync('id', ['-u', 'mysql']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'mysql']).toString().trim());
  chownSync(dir, uid, gid);
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${join(dir, 'data')}`,
      '--user=mysql',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { timeout: 60_000, stdio: 'pipe' },
  );
  const proc: ChildProcess = spawn(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      `--datadir=${join(dir, 'data')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'sock')}`,
      `--pid-file=${join(dir, 'pid')}`,
      '--user=mysql',
      '--innodb-buffer-pool-size=16M',
      '--skip-log-bin',
      '--max-connections=20',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let said = '';
  proc.stderr?.on('data', (d: Buffer) => (said += d.toString()));
  const sql = (text: string, db?: string) =>
    execFileSync(
      'mariadb',
      ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-N', '-B', ...(db ? [db] : []), '-e', text],
      {
        timeout: 20_000,
        stdio: 'pipe',
      },
    ).toString();
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      sql('SELECT 1');
      break;
    } catch (e) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`MariaDB did not start on ${port}: ${(e as Error).message}\n${said}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    port,
    sql,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dir, STOPPED_DIR_RM);
    },
  };
}
