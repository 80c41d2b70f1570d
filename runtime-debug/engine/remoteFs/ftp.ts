/**
 * FTP and FTPS as Commons VFS's ftp/ftps providers reach them for the File connector (FTPFileSystemSetup,
 * FTPSFileSystemSetup) and the VFS transport: binary transfers, passive data connections, a connect and a socket
 * timeout, paths from the server's root unless userDirIsRoot. Sizes, types and times come from the LIST reply, as
 * VFS's FtpFileObject reads them (minute precision; times as the server writes them, read as UTC). FTPS: explicit
 * (AUTH TLS) or implicit TLS, the data channel protected (PROT P); without a trust store any certificate within its
 * validity period is accepted, as Commons Net's FTPSClient default trust manager does (no host name check either);
 * with one (a PEM file or a Java key store, ./trustStore.ts) the chain must lead to it. Active mode is not available (basic-ftp connects passively).
 */
import { Readable, Writable } from 'node:stream';
import type { TLSSocket, ConnectionOptions } from 'node:tls';
import type { Client, FileInfo } from 'basic-ftp';
import { basicFtp } from './clients';
import { Pool } from './pool';
import { trustedCertificatesPem } from './trustStore';
import {
  FsError,
  MAX_LISTING_BYTES,
  MAX_TRANSFER_BYTES,
  type FileSystem,
  type FsEntry,
  type FsStat,
  type RemoteConfig,
} from './types';
import { joinPath, nameOf, parentOf, remoteUri, underHome } from './paths';

interface FtpConn {
  client: Client;
  home: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A LIST time (`Nov 29 06:00`, `Nov 29  2025`) as epoch ms (UTC; a date in the future is last year's). */
export function listTime(raw: string | undefined, now = Date.now()): number {
  const m = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/.exec((raw ?? '').trim());
  if (!m) return 0;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  if (month < 0) return 0;
  const day = Number(m[2]);
  if (m[5]) return Date.UTC(Number(m[5]), month, day);
  const year = new Date(now).getUTCFullYear();
  let t = Date.UTC(year, month, day, Number(m[3]), Number(m[4]));
  // a time without a year is within the last 6 months: later than tomorrow means last year
  if (t > now + 86_400_000) t = Date.UTC(year - 1, month, day, Number(m[3]), Number(m[4]));
  return t;
}

function statOf(info: FileInfo, linkToFolder = false): FsStat | undefined {
  // 1 file, 2 folder, 3 symbolic link (its target's type: resolved by the caller, as VFS follows a link)
  const dir = info.type === 2 || (info.type === 3 && linkToFolder);
  const file = info.type === 1 || (info.type === 3 && !linkToFolder);
  if (!dir && !file) return undefined;
  return {
    size: dir ? 0 : info.size,
    mtimeMs: info.modifiedAt ? info.modifiedAt.getTime() : listTime(info.rawModifiedAt),
    isFile: () => file,
    isDirectory: () => dir,
  };
}

/**
 * The bytes to send. An empty file over TLS: the data connection is ended a moment after its handshake (ended at
 * once, vsftpd answers the client's close with a decode-error alert and the transfer fails).
 */
function source(data: Buffer | string, tls: boolean): Readable {
  const b = Buffer.from(data);
  if (b.length || !tls) return Readable.from(b.length ? [b] : []);
  return new Readable({
    read() {
      setTimeout(() => this.push(null), 20);
    },
  });
}

const ROOT_STAT: FsStat = { size: 0, mtimeMs: 0, isFile: () => false, isDirectory: () => true };

/** An FTP reply as an errno-like failure (550: not there or not allowed; 553 / 530: not allowed). */
function ftpError(e: unknown, what: string): Error {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number') {
    const errno = code === 550 ? 'ENOENT' : code === 553 || code === 530 || code === 532 ? 'EACCES' : 'EIO';
    return new FsError(errno, `${what}: ${(e as Error).message}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** A reply of the server (not a broken connection: the connection stays in the pool). */
function isReply(e: unknown): boolean {
  // a transfer cut short by us (EFBIG) leaves the control connection mid-reply: not reused
  if (e instanceof FsError) return e.code !== 'EFBIG';
  return typeof (e as { code?: unknown })?.code === 'number';
}

export class FtpFileSystem implements FileSystem {
  readonly scheme: string;
  private readonly pool: Pool<FtpConn>;

  constructor(private readonly cfg: RemoteConfig) {
    this.scheme = cfg.protocol;
    this.pool = new Pool<FtpConn>({
      create: () => this.connect(),
      destroy: (c) => c.client.close(),
      alive: (c) => !c.client.closed,
      hold: (c, busy) => (busy ? c.client.ftp.socket.ref() : c.client.ftp.socket.unref()),
      maxActive: cfg.maxActive,
      maxWaitMs: cfg.maxWaitMs,
      idleMs: 30_000,
      exhausted: () => new Error(`No free connection to ${cfg.host}:${cfg.port} within ${cfg.maxWaitMs} ms`),
    });
  }

  uriOf(path: string): string {
    const c = this.cfg;
    return remoteUri(c.protocol, c.username, c.password, c.host, c.port, path);
  }

  private async connect(): Promise<FtpConn> {
    const { Client } = basicFtp();
    const cfg = this.cfg;
    const client = new Client(cfg.socketTimeoutMs);
    const secureOptions: ConnectionOptions = cfg.trustPem
      ? { ca: trustedCertificatesPem(cfg.trustPem), checkServerIdentity: () => undefined }
      : { rejectUnauthorized: false };
    const timer = setTimeout(() => client.close(), cfg.connectTimeoutMs);
    try {
      await client.access({
        host: cfg.host,
        port: cfg.port,
        user: cfg.username || 'anonymous',
        password: cfg.password,
        secure: cfg.protocol === 'ftps' ? (cfg.implicit ? 'implicit' : true) : false,
        secureOptions,
      });
    } catch (e) {
      client.close();
      throw new FsError(
        'ECONNREFUSED',
        `Could not connect to ${this.uriOf('/')}: ${client.closed && !(e as Error).message ? 'timed out' : (e as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (cfg.protocol === 'ftps' && !cfg.trustPem) {
      const cert = (client.ftp.socket as TLSSocket).getPeerCertificate?.();
      const now = Date.now();
      if (cert && cert.valid_from && (Date.parse(cert.valid_from) > now || Date.parse(cert.valid_to) < now)) {
        client.close();
        throw new FsError('ECONNREFUSED', `The certificate of ${cfg.host} is not within its validity period`);
      }
    }
    // a listing the server does not end (or a huge one) is cut: the connection is closed, the operation fails
    client.trackProgress((info) => {
      if (info.type === 'list' && info.bytes > MAX_LISTING_BYTES) client.close();
    });
    const home = cfg.userDirIsRoot ? await client.pwd() : '';
    return { client, home };
  }

  private run<R>(what: string, f: (c: Client, abs: (p: string) => string) => Promise<R>): Promise<R> {
    return this.pool.use(
      async (c) => {
        try {
          return await f(c.client, (p) => (this.cfg.userDirIsRoot ? underHome(c.home, p) : p));
        } catch (e) {
          throw ftpError(e, what);
        }
      },
      (e) => !isReply(e),
    );
  }

  private async statWith(c: Client, path: string): Promise<FsStat> {
    if (path === '/' || path === '') return ROOT_STAT;
    const name = nameOf(path);
    const list = await c.list(parentOf(path)).catch(() => [] as FileInfo[]);
    const info = list.find((i) => i.name === name);
    const st = info && statOf(info, info.type === 3 && (await this.isFolder(c, path)));
    if (!st) throw new FsError('ENOENT', `${this.uriOf(path)} does not exist`);
    return st;
  }

  stat(path: string): Promise<FsStat> {
    return this.run(`Could not stat ${this.uriOf(path)}`, (c, abs) => this.statWith(c, abs(path)));
  }

  private async listWith(c: Client, dir: string): Promise<FsEntry[]> {
    const st = await this.statWith(c, dir);
    if (!st.isDirectory()) throw new FsError('ENOTDIR', `${this.uriOf(dir)} is not a folder`);
    await c.cd(dir);
    const out: FsEntry[] = [];
    for (const i of await c.list()) {
      if (i.name === '.' || i.name === '..') continue;
      const linkToFolder = i.type === 3 && (await this.isFolder(c, joinPath(dir, i.name)));
      out.push({ name: i.name, stat: statOf(i, linkToFolder) });
    }
    return out;
  }

  /** A link leads to a folder when the server lets us change into it. */
  private async isFolder(c: Client, path: string): Promise<boolean> {
    const ok = (await c.sendIgnoringError(`CWD ${path}`)).code < 400;
    return ok;
  }

  list(dir: string): Promise<FsEntry[]> {
    return this.run(`Could not list ${this.uriOf(dir)}`, (c, abs) => this.listWith(c, abs(dir)));
  }

  async readdir(dir: string): Promise<string[]> {
    return (await this.list(dir)).map((e) => e.name);
  }

  readFile(path: string): Promise<Buffer> {
    return this.run(`Could not read ${this.uriOf(path)}`, async (c, abs) => {
      const chunks: Buffer[] = [];
      let total = 0;
      const tooBig = () =>
        new FsError('EFBIG', `${this.uriOf(path)} is over ${MAX_TRANSFER_BYTES} bytes: refused`);
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          total += chunk.length;
          if (total > MAX_TRANSFER_BYTES) return cb(tooBig());
          chunks.push(chunk);
          cb();
        },
      });
      const st = await this.statWith(c, abs(path));
      if (st.isDirectory()) throw new FsError('EISDIR', `${this.uriOf(path)} is a folder`);
      if (st.size > MAX_TRANSFER_BYTES) throw tooBig();
      await c.downloadTo(sink, abs(path));
      return Buffer.concat(chunks);
    });
  }

  writeFile(path: string, data: Buffer | string): Promise<void> {
    return this.run(`Could not write ${this.uriOf(path)}`, async (c, abs) => {
      await c.uploadFrom(source(data, this.cfg.protocol === 'ftps'), abs(path));
    });
  }

  appendFile(path: string, data: Buffer | string): Promise<void> {
    return this.run(`Could not append to ${this.uriOf(path)}`, async (c, abs) => {
      await c.appendFrom(source(data, this.cfg.protocol === 'ftps'), abs(path));
    });
  }

  mkdir(path: string, opts?: { recursive?: boolean }): Promise<void> {
    return this.run(`Could not create the folder ${this.uriOf(path)}`, async (c, abs) => {
      const target = abs(path);
      if (!opts?.recursive) {
        const there = await this.statWith(c, target).catch(() => undefined);
        if (there) throw new FsError('EEXIST', `${this.uriOf(path)} already exists`);
        await c.send(`MKD ${target}`);
        return;
      }
      let at = '';
      for (const seg of target.split('/').filter(Boolean)) {
        at += '/' + seg;
        await c.sendIgnoringError(`MKD ${at}`);
      }
      const st = await this.statWith(c, target);
      if (!st.isDirectory()) throw new FsError('EEXIST', `${this.uriOf(path)} is a file`);
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.run(`Could not rename ${this.uriOf(from)}`, async (c, abs) => {
      await c.rename(abs(from), abs(to));
    });
  }

  unlink(path: string): Promise<void> {
    return this.run(`Could not delete ${this.uriOf(path)}`, async (c, abs) => {
      await c.remove(abs(path));
    });
  }

  rmdir(path: string): Promise<void> {
    return this.run(`Could not delete the folder ${this.uriOf(path)}`, async (c, abs) => {
      const res = await c.sendIgnoringError(`RMD ${abs(path)}`);
      if (res.code >= 400) {
        const st = await this.statWith(c, abs(path)).catch(() => undefined);
        throw new FsError(st ? 'ENOTEMPTY' : 'ENOENT', `${this.uriOf(path)}: ${res.message}`);
      }
    });
  }

  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): Promise<void> {
    return this.run(`Could not delete ${this.uriOf(path)}`, async (c, abs) => {
      const target = abs(path);
      const st = await this.statWith(c, target).catch((e) => {
        if (opts?.force) return undefined;
        throw e;
      });
      if (!st) return;
      if (!st.isDirectory()) await c.remove(target);
      else if (opts?.recursive) await this.removeTree(c, target, 0);
      else throw new FsError('EISDIR', `${this.uriOf(path)} is a folder`);
    });
  }

  /** A folder and everything under it (bounded depth: a server's links may make a cycle). */
  private async removeTree(c: Client, dir: string, depth: number): Promise<void> {
    if (depth > 64) throw new FsError('EIO', `${this.uriOf(dir)}: too deep`);
    await c.cd(dir);
    for (const e of await c.list()) {
      if (e.name === '.' || e.name === '..') continue;
      const p = joinPath(dir, e.name);
      if (e.type === 2) await this.removeTree(c, p, depth + 1);
      else await c.remove(p);
    }
    await c.send(`RMD ${dir}`);
  }

  async copyFile(from: string, to: string): Promise<void> {
    // VFS copies through the client: read, then write
    await this.writeFile(to, await this.readFile(from));
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.run(`Could not change the permissions of ${this.uriOf(path)}`, async (c, abs) => {
      await c.send(`SITE CHMOD ${mode.toString(8)} ${abs(path)}`);
    });
  }

  close(): void {
    this.pool.close();
  }
}
