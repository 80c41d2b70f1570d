/**
 * Real FTP, FTPS and SFTP servers for the remote file-system tests, each started by the test in a private temp
 * folder on 127.0.0.1 and a free port, stopped at the end: vsftpd (Debian package vsftpd; anonymous login with a
 * write root, passive ports in a range picked here; FTPS with a certificate made by openssl at test time, explicit
 * or implicit) and OpenSSH's sshd (Debian package openssh-server; a host key and a client key made by ssh-keygen,
 * `Subsystem sftp internal-sftp` starting in the test's folder, a test user `synapse-sftp` created when missing,
 * with a password set here). A
 * missing server binary throws: the tests fail, they do not skip.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { STOPPED_DIR_RM, freePorts, onFreePorts } from '../support';
import { generateCertificate } from '../../runtime-debug/management/cert';

const VSFTPD = '/usr/sbin/vsftpd';
const SSHD = '/usr/sbin/sshd';

/** Waits (bounded) until something listens on the port; fails at once if the server process exits. */
export async function waitListening(
  port: number,
  proc: ChildProcess,
  log: () => string,
  ms = 5000,
): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port} after ${ms} ms: ${log()}`);
}

function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve();
    }, 3000);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** A running server: its port, the local folder its users see, how to stop it. */
export interface TestServer {
  port: number;
  /** The local folder the tests' files are in. */
  root: string;
  /** The same folder as the server's clients name it (`/files` on FTP; the absolute path on SFTP). */
  remoteDir: string;
  /** Writes a file under root as the server's user may change it. */
  seed(rel: string, content: string | Buffer): void;
  stop(): Promise<void>;
}

/**
 * A self-signed certificate (and key) for 127.0.0.1, made now (the runtime's own generateCertificate), written to
 * `dir` as PEM files: their paths.
 */
export function makeCertificate(dir: string): { cert: string; key: string } {
  const made = generateCertificate(['127.0.0.1'], 2);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, made.cert);
  writeFileSync(key, made.key, { mode: 0o600 });
  return { cert, key };
}

export interface FtpOptions {
  tls?: 'explicit' | 'implicit';
}

/** vsftpd, anonymous with a writable root, passive ports from a free range; FTPS when `tls` says. */
export function startVsftpd(opts: FtpOptions = {}): Promise<TestServer & { certPem?: string }> {
  return onFreePorts(1, ([port]) => startVsftpdOn(opts, port));
}

async function startVsftpdOn(opts: FtpOptions, port: number): Promise<TestServer & { certPem?: string }> {
  if (!existsSync(VSFTPD)) throw new Error(`${VSFTPD} is missing: install the Debian package vsftpd`);
  const dir = mkdtempSync(join(tmpdir(), 'd6-ftp-'));
  // vsftpd refuses an anonymous root its user may write to: the root is read-only, `files` under it is writable
  const ftpRoot = join(dir, 'root');
  const root = join(ftpRoot, 'files');
  const empty = join(dir, 'empty');
  mkdirSync(root, { recursive: true });
  mkdirSync(empty);
  chmodSync(dir, 0o755);
  chmodSync(ftpRoot, 0o755);
  chmodSync(root, 0o777);
  chmodSync(empty, 0o755);
  // ten passive ports, all free now (outside the kernel's ephemeral range: nothing else takes them)
  const pasv = await freePorts(10);
  const lines = [
    'listen=YES',
    'listen_ipv6=NO',
    'listen_address=127.0.0.1',
    `listen_port=${port}`,
    'background=NO',
    'anonymous_enable=YES',
    'local_enable=NO',
    'write_enable=YES',
    'anon_upload_enable=YES',
    'anon_mkdir_write_enable=YES',
    'anon_other_write_enable=YES',
    'anon_world_readable_only=NO',
    'anon_umask=022',
    'no_anon_password=YES',
    `anon_root=${ftpRoot}`,
    'pasv_enable=YES',
    `pasv_min_port=${pasv}`,
    `pasv_max_port=${pasv + 9}`,
    'pasv_address=127.0.0.1',
    'seccomp_sandbox=NO',
    'isolate=NO',
    'isolate_network=NO',
    `secure_chroot_dir=${empty}`,
    'xferlog_enable=NO',
    'dirmessage_enable=NO',
    'use_localtime=NO',
    'connect_from_port_20=NO',
    'max_clients=20',
  ];
  let certPem: string | undefined;
  if (opts.tls) {
    const { cert, key } = makeCertificate(dir);
    certPem = cert;
    lines.push(
      'ssl_enable=YES',
      `rsa_cert_file=${cert}`,
      `rsa_private_key_file=${key}`,
      'allow_anon_ssl=YES',
      'force_anon_logins_ssl=YES',
      'force_anon_data_ssl=YES',
      'require_ssl_reuse=NO',
      'ssl_tlsv1=YES',
      'ssl_sslv2=NO',
      'ssl_sslv3=NO',
    );
    if (opts.tls === 'implicit') lines.push('implicit_ssl=YES');
  }
  const conf = join(dir, 'vsftpd.conf');
  writeFileSync(conf, lines.join('\n') + '\n');
  let out = '';
  const proc = spawn(VSFTPD, [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await waitListening(port, proc, () => out).catch(async (e: unknown) => {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return {
    port,
    root,
    remoteDir: '/files',
    certPem,
    seed(rel, content) {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true, mode: 0o777 });
      for (let d = dirname(p); d.length > root.length; d = dirname(d)) chmodSync(d, 0o777);
      // written beside, then renamed: a poller never sees it half written
      writeFileSync(p + '.part', content);
      chmodSync(p + '.part', 0o666);
      renameSync(p + '.part', p);
    },
    async stop() {
      await stop(proc);
      rmSync(dir, STOPPED_DIR_RM);
    },
  };
}

export const SFTP_USER = 'synapse-sftp';
export const SFTP_PASSWORD = 'Sftp-test-9f3c';

/** The test user of sshd (created once, its password set each run). */
function ensureUser(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(
      execFileSync('id', [flag, SFTP_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['-M', '-d', '/', '-s', '/usr/sbin/nologin', SFTP_USER], { stdio: 'ignore' });
  }
  execFileSync('chpasswd', { input: `${SFTP_USER}:${SFTP_PASSWORD}\n` });
  return { uid: id('-u'), gid: id('-g') };
}

export interface SshServer extends TestServer {
  /** The client's private key (no passphrase) and one with the passphrase `pass-phrase-1`. */
  keyFile: string;
  keyFileWithPassphrase: string;
  /** The server's public host key line (`ssh-ed25519 AAAA…`). */
  hostKey: string;
  user: string;
  /** How many client connections sshd holds now (its session children). */
  sessions(): number;
}

/** sshd with internal-sftp for the test user: password and public-key logins, files under `root`. */
export function startSshd(): Promise<SshServer> {
  return onFreePorts(1, ([port]) => startSshdOn(port));
}

async function startSshdOn(port: number): Promise<SshServer> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install the Debian package openssh-server`);
  const { uid, gid } = ensureUser();
  // chpasswd every run: the password is this file's, whatever an earlier run left
  execFileSync('chpasswd', { input: `${SFTP_USER}:${SFTP_PASSWORD}\n` });
  const dir = mkdtempSync(join(tmpdir(), 'd6-sftp-'));
  chmodSync(dir, 0o755);
  const root = join(dir, 'files');
  mkdirSync(root);
  chownSync(root, uid, gid);
  const hostKeyFile = join(dir, 'host_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKeyFile], { stdio: 'ignore' });
  const keyFile = join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile], { stdio: 'ignore' });
  const keyFileWithPassphrase = join(dir, 'client_rsa');
  execFileSync(
    'ssh-keygen',
    ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'pass-phrase-1', '-f', keyFileWithPassphrase],
    { stdio: 'ignore' },
  );
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(
    authorized,
    readFileSync(keyFile + '.pub', 'utf8') + readFileSync(keyFileWithPassphrase + '.pub', 'utf8'),
  );
  chmodSync(authorized, 0o644);
  const conf = join(dir, 'sshd_config');
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      `AllowUsers ${SFTP_USER}`,
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      // the session starts in the test's folder: the login folder that userDirIsRoot paths are relative to
      `ForceCommand internal-sftp -d ${root}`,
      'AllowTcpForwarding no',
      'X11Forwarding no',
      'LogLevel ERROR',
      'MaxStartups 20',
    ].join('\n') + '\n',
  );
  chmodSync(hostKeyFile, 0o600);
  // sshd wants its privilege separation folder
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let out = '';
  const proc = spawn(SSHD, ['-D', '-e', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await waitListening(port, proc, () => out).catch(async (e: unknown) => {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const hostKey = readFileSync(hostKeyFile + '.pub', 'utf8')
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .join(' ');
  return {
    port,
    root,
    keyFile,
    keyFileWithPassphrase,
    hostKey,
    user: SFTP_USER,
    remoteDir: root,
    sessions() {
      try {
        return execFileSync('pgrep', ['-P', String(proc.pid)], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .split('\n')
          .filter(Boolean).length;
      } catch {
        return 0; // pgrep exits 1 when there is none
      }
    },
    seed(rel, content) {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      for (let d = dirname(p); d.length >= root.length; d = dirname(d)) chownSync(d, uid, gid);
      writeFileSync(p + '.part', content);
      chownSync(p + '.part', uid, gid);
      renameSync(p + '.part', p);
    },
    async stop() {
      await stop(proc);
      rmSync(dir, STOPPED_DIR_RM);
    },
  };
}
