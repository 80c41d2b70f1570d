/**
 * SFTP as Commons VFS's sftp provider (JSch) reaches it for the File connector (SFTPFileSystemSetup) and the VFS
 * transport: a password or an identity file (with its passphrase), the session timeout (JSch's Session.setTimeout,
 * which also bounds the connect), host key checking only when strict (./knownHosts.ts), paths from the server's root
 * unless userDirIsRoot (then from the login folder). A rename replaces an existing target (OpenSSH's posix-rename,
 * as the local rename does).
 */
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { ssh2 } from './clients';
import { Pool } from './pool';
import {
  FsError,
  MAX_LISTING_ENTRIES,
  MAX_TRANSFER_BYTES,
  type FileSystem,
  type FsEntry,
  type FsStat,
  type RemoteConfig,
} from './types';
import { joinPath, remoteUri, underHome } from './paths';
import { checkHostKey, defaultKnownHosts } from './knownHosts';

/* The parts of ssh2's API used here (the package ships no types). */
interface Attrs {
  size: number;
  mtime: number;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}
type Cb<T = void> = (err: Error | undefined | null, v: T) => void;
interface Sftp {
  stat(p: string, cb: Cb<Attrs>): void;
  readdir(p: string | Buffer, cb: Cb<{ filename: string; attrs: Attrs }[]>): void;
  opendir(p: string, cb: Cb<Buffer>): void;
  close(handle: Buffer, cb: Cb): void;
  readFile(p: string, cb: Cb<Buffer>): void;
  writeFile(p: string, d: Buffer, cb: Cb): void;
  appendFile(p: string, d: Buffer, cb: Cb): void;
  mkdir(p: string, cb: Cb): void;
  rmdir(p: string, cb: Cb): void;
  unlink(p: string, cb: Cb): void;
  rename(a: string, b: string, cb: Cb): void;
  ext_openssh_rename(a: string, b: string, cb: Cb): void;
  chmod(p: string, mode: number, cb: Cb): void;
  realpath(p: string, cb: Cb<string>): void;
  end(): void;
}
interface SshClient {
  on(ev: string, f: (...a: unknown[]) => void): SshClient;
  once(ev: string, f: (...a: unknown[]) => void): SshClient;
  connect(o: Record<string, unknown>): void;
  sftp(cb: Cb<Sftp>): void;
  end(): void;
  destroy?(): void;
}

interface SftpConn {
  client: SshClient;
  /** The TCP connection (ours, handed to ssh2: idle, it does not keep the process alive). */
  socket: Socket;
  sftp: Sftp;
  home: string;
  open: boolean;
}

function call<T>(f: (cb: Cb<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v))));
}

/** A folder's entries, read a batch at a time and bounded (a server that never says EOF is cut). */
async function readFolder(s: Sftp, dir: string): Promise<{ filename: string; attrs: Attrs }[]> {
  const handle = await call<Buffer>((cb) => s.opendir(dir, cb));
  const out: { filename: string; attrs: Attrs }[] = [];
  try {
    for (;;) {
      // the end comes as `false` or as an EOF status (code 1)
      const batch = await new Promise<{ filename: string; attrs: Attrs }[] | false>((resolve, reject) =>
        s.readdir(handle, (err, list) => {
          if (err) return (err as { code?: number }).code === 1 ? resolve(false) : reject(err);
          resolve(list ?? false);
        }),
      );
      if (!batch) return out;
      out.push(...batch);
      if (out.length > MAX_LISTING_ENTRIES)
        throw new FsError('EIO', `The folder ${dir} lists more than ${MAX_LISTING_ENTRIES} entries: refused`);
    }
  } finally {
    await call<void>((cb) => s.close(handle, cb)).catch(() => undefined);
  }
}

/** An SFTP status as an errno-like failure (2 no such file, 3 permission denied, 4 failure). */
function sftpError(e: unknown, what: string): Error {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number') {
    const errno = code === 2 ? 'ENOENT' : code === 3 ? 'EACCES' : 'EIO';
    return new FsError(errno, `${what}: ${(e as Error).message}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

function statOf(a: Attrs): FsStat {
  return {
    size: a.size,
    mtimeMs: a.mtime * 1000,
    isFile: () => a.isFile(),
    isDirectory: () => a.isDirectory(),
  };
}

export class SftpFileSystem implements FileSystem {
  readonly scheme = 'sftp';
  private readonly pool: Pool<SftpConn>;

  constructor(private readonly cfg: RemoteConfig) {
    this.pool = new Pool<SftpConn>({
      create: () => this.connect(),
      destroy: (c) => {
        c.open = false;
        c.client.end();
      },
      alive: (c) => c.open,
      hold: (c, busy) => (busy ? c.socket.ref() : c.socket.unref()),
      maxActive: cfg.maxActive,
      maxWaitMs: cfg.maxWaitMs,
      idleMs: 30_000,
      exhausted: () => new Error(`No free connection to ${cfg.host}:${cfg.port} within ${cfg.maxWaitMs} ms`),
    });
  }

  uriOf(path: string): string {
    const c = this.cfg;
    return remoteUri('sftp', c.username, c.password, c.host, c.port, path);
  }

  private connect(): Promise<SftpConn> {
    const cfg = this.cfg;
    const { Client } = ssh2() as { Client: new () => SshClient };
    const client = new Client();
    let refusedKey: string | undefined;
    const socket = new Socket();
    const options: Record<string, unknown> = {
      sock: socket,
      host: cfg.host,
      port: cfg.port,
      username: cfg.username,
      readyTimeout: cfg.socketTimeoutMs,
      hostVerifier: (key: Buffer) => {
        if (!cfg.strictHostKeyChecking) return true;
        const verdict = checkHostKey(cfg.knownHostsFile ?? defaultKnownHosts(), cfg.host, cfg.port, key);
        if (verdict === 'ok') return true;
        refusedKey =
          verdict === 'changed'
            ? `The host key of ${cfg.host}:${cfg.port} has changed (it is not the one in known_hosts): refused`
            : `The host ${cfg.host}:${cfg.port} is not in known_hosts and strictHostKeyChecking is on: refused`;
        return false;
      },
    };
    if (cfg.password) options.password = cfg.password;
    if (cfg.identityFile) {
      try {
        options.privateKey = readFileSync(cfg.identityFile);
      } catch (e) {
        return Promise.reject(
          new FsError(
            'ECONNREFUSED',
            `Could not read the identity file ${cfg.identityFile}: ${(e as Error).message}`,
          ),
        );
      }
      if (cfg.identityPassphrase) options.passphrase = cfg.identityPassphrase;
    }
    return new Promise<SftpConn>((resolve, reject) => {
      const conn: SftpConn = { client, socket, sftp: undefined as unknown as Sftp, home: '', open: false };
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        client.end();
        const why = refusedKey ?? (e as Error)?.message ?? String(e);
        reject(new FsError('ECONNREFUSED', `Could not connect to ${this.uriOf('/')}: ${why}`));
      };
      client.on('error', fail);
      client.on('close', () => {
        conn.open = false;
        fail(new Error('connection closed'));
      });
      client.once('ready', () => {
        client.sftp((err, sftp) => {
          if (err) return fail(err);
          conn.sftp = sftp;
          conn.open = true;
          const done = (home: string) => {
            conn.home = home;
            settled = true;
            resolve(conn);
          };
          if (!cfg.userDirIsRoot) return done('');
          sftp.realpath('.', (e, home) => (e ? fail(e) : done(home)));
        });
      });
      socket.once('error', fail);
      // ssh2 waits for the socket to connect; its readyTimeout bounds the connect too
      socket.connect(cfg.port, cfg.host);
      try {
        client.connect(options);
      } catch (e) {
        fail(e);
      }
    });
  }

  private run<R>(what: string, f: (s: Sftp, abs: (p: string) => string) => Promise<R>): Promise<R> {
    return this.pool.use(
      async (c) => {
        try {
          return await f(c.sftp, (p) => (this.cfg.userDirIsRoot ? underHome(c.home, p) : p));
        } catch (e) {
          throw e instanceof FsError ? e : sftpError(e, what);
        }
      },
      (e) => !(e instanceof FsError) || e.code === 'ECONNREFUSED',
    );
  }

  stat(path: string): Promise<FsStat> {
    return this.run(`Could not stat ${this.uriOf(path)}`, async (s, abs) =>
      statOf(await call<Attrs>((cb) => s.stat(abs(path), cb))),
    );
  }

  list(dir: string): Promise<FsEntry[]> {
    return this.run(`Could not list ${this.uriOf(dir)}`, async (s, abs) => {
      const st = await call<Attrs>((cb) => s.stat(abs(dir), cb));
      if (!st.isDirectory()) throw new FsError('ENOTDIR', `${this.uriOf(dir)} is not a folder`);
      const list = await readFolder(s, abs(dir));
      const out: FsEntry[] = [];
      for (const e of list) {
        if (e.filename === '.' || e.filename === '..') continue;
        let a: Attrs | undefined = e.attrs;
        // a link: its target's type and size, as VFS follows it (a dangling one is neither)
        if (a.isSymbolicLink())
          a = await call<Attrs>((cb) => s.stat(joinPath(abs(dir), e.filename), cb)).catch(() => undefined);
        out.push({ name: e.filename, stat: a && statOf(a) });
      }
      return out;
    });
  }

  async readdir(dir: string): Promise<string[]> {
    return (await this.list(dir)).map((e) => e.name);
  }

  readFile(path: string): Promise<Buffer> {
    return this.run(`Could not read ${this.uriOf(path)}`, async (s, abs) => {
      const st = await call<Attrs>((cb) => s.stat(abs(path), cb));
      if (st.size > MAX_TRANSFER_BYTES)
        throw new FsError('EFBIG', `${this.uriOf(path)} is over ${MAX_TRANSFER_BYTES} bytes: refused`);
      return call<Buffer>((cb) => s.readFile(abs(path), cb));
    });
  }

  writeFile(path: string, data: Buffer | string): Promise<void> {
    return this.run(`Could not write ${this.uriOf(path)}`, (s, abs) =>
      call<void>((cb) => s.writeFile(abs(path), Buffer.from(data), cb)),
    );
  }

  appendFile(path: string, data: Buffer | string): Promise<void> {
    return this.run(`Could not append to ${this.uriOf(path)}`, (s, abs) =>
      call<void>((cb) => s.appendFile(abs(path), Buffer.from(data), cb)),
    );
  }

  mkdir(path: string, opts?: { recursive?: boolean }): Promise<void> {
    return this.run(`Could not create the folder ${this.uriOf(path)}`, async (s, abs) => {
      const target = abs(path);
      const there = await call<Attrs>((cb) => s.stat(target, cb)).catch(() => undefined);
      if (there) {
        if (opts?.recursive && there.isDirectory()) return;
        throw new FsError('EEXIST', `${this.uriOf(path)} already exists`);
      }
      if (!opts?.recursive) return call<void>((cb) => s.mkdir(target, cb));
      let at = '';
      for (const seg of target.split('/').filter(Boolean)) {
        at += '/' + seg;
        const st = await call<Attrs>((cb) => s.stat(at, cb)).catch(() => undefined);
        if (!st) await call<void>((cb) => s.mkdir(at, cb));
        else if (!st.isDirectory()) throw new FsError('ENOTDIR', `${at} is not a folder`);
      }
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.run(`Could not rename ${this.uriOf(from)}`, (s, abs) =>
      call<void>((cb) => s.ext_openssh_rename(abs(from), abs(to), cb)).catch(() =>
        call<void>((cb) => s.rename(abs(from), abs(to), cb)),
      ),
    );
  }

  unlink(path: string): Promise<void> {
    return this.run(`Could not delete ${this.uriOf(path)}`, (s, abs) =>
      call<void>((cb) => s.unlink(abs(path), cb)),
    );
  }

  rmdir(path: string): Promise<void> {
    return this.run(`Could not delete the folder ${this.uriOf(path)}`, async (s, abs) => {
      try {
        await call<void>((cb) => s.rmdir(abs(path), cb));
      } catch (e) {
        const st = await call<Attrs>((cb) => s.stat(abs(path), cb)).catch(() => undefined);
        if (st) throw new FsError('ENOTEMPTY', `${this.uriOf(path)}: ${(e as Error).message}`);
        throw e;
      }
    });
  }

  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): Promise<void> {
    return this.run(`Could not delete ${this.uriOf(path)}`, async (s, abs) => {
      const target = abs(path);
      const st = await call<Attrs>((cb) => s.stat(target, cb)).catch((e) => {
        if (opts?.force) return undefined;
        throw e;
      });
      if (!st) return;
      if (!st.isDirectory()) return call<void>((cb) => s.unlink(target, cb));
      if (!opts?.recursive) throw new FsError('EISDIR', `${this.uriOf(path)} is a folder`);
      await this.removeTree(s, target, 0);
    });
  }

  private async removeTree(s: Sftp, dir: string, depth: number): Promise<void> {
    if (depth > 64) throw new FsError('EIO', `${this.uriOf(dir)}: too deep`);
    for (const e of await readFolder(s, dir)) {
      if (e.filename === '.' || e.filename === '..') continue;
      const p = joinPath(dir, e.filename);
      if (e.attrs.isDirectory()) await this.removeTree(s, p, depth + 1);
      else await call<void>((cb) => s.unlink(p, cb));
    }
    await call<void>((cb) => s.rmdir(dir, cb));
  }

  async copyFile(from: string, to: string): Promise<void> {
    await this.writeFile(to, await this.readFile(from));
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.run(`Could not change the permissions of ${this.uriOf(path)}`, (s, abs) =>
      call<void>((cb) => s.chmod(abs(path), mode, cb)),
    );
  }

  close(): void {
    this.pool.close();
  }
}
