/**
 * Files as Micro Integrator's VFS transport and file inbound endpoint handle them, for `file://` URIs (and plain
 * paths) and for `ftp://`, `ftps://` and `sftp://` URLs (../remoteFs: the same operations on the server): polling a
 * folder (or one file) for the files whose name matches `transport.vfs.FileNamePattern` (a whole-name Java regex),
 * each read whole and handed to the mediation with MI's transport headers (FILE_NAME, FILE_PATH, FILE_URI,
 * FILE_LENGTH, LAST_MODIFIED), then deleted, moved or left as `transport.vfs.ActionAfterProcess` (or, when it could
 * not be processed, `ActionAfterFailure`) says (DELETE by default, as PollTableEntry has it; a moved file's name
 * prefixed by `MoveTimestampFormat`), `FileProcessInterval` ms apart (else at most `FileProcessCount` per poll); a
 * file inbound endpoint whose FileURI ends with `/*` reads the sub-folders too (RELATIVE_PATH); and writing a message to a `vfs:file://…`,
 * `vfs:sftp://…` or `vfs:ftp://…` endpoint address (VFSTransportSender: into a folder under the
 * `transport.vfs.ReplyFileName` transport header, else `response.xml`; to a file otherwise; appended with
 * `?transport.vfs.Append=true`). On a remote server a polled file is locked while it is processed, as
 * VFSUtils.acquireLock does (transport.vfs.Locking, on unless `disable`): a `<name>.lock` file beside it, written
 * with a value of our own and read back; a file that already has one is left for its holder, and `.lock` files are
 * never picked. SMB is not reached.
 */
import { utimes } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { formatJavaDate } from './expr/dates';
import { builtContentType } from './formats';
import { javaRegExp } from './javaRegex';
import { localFs, remoteDefaults, remoteFs, type FileSystem, type RemoteConfig } from './remoteFs';

export type AfterAction = 'DELETE' | 'MOVE' | 'NONE';

export interface FilePolling {
  /** The file system polled (the local disk or a remote server). */
  fs: FileSystem;
  /** The folder or file polled (a path on `fs`). */
  path: string;
  /** The URI text of a path on `fs` (FILE_URI: the user and password as configured). */
  uriOf: (path: string) => string;
  /** Files are locked while processed (transport.vfs.Locking; remote file systems only here). */
  locking: boolean;
  /** The URI as configured (for FILE_URI). */
  uri: string;
  /** transport.vfs.ContentType as configured (fileContentType says how a file is read). */
  contentType: string | undefined;
  pattern: RegExp | undefined;
  afterProcess: AfterAction;
  moveAfterProcess: VfsLocation | undefined;
  afterFailure: AfterAction;
  moveAfterFailure: VfsLocation | undefined;
  sortBy: 'name' | 'size' | 'lastmodified' | undefined;
  ascending: boolean;
  /**
   * A vfs proxy takes a folder's files only when they match a FileNamePattern: without one it takes none
   * (VFSTransportListener.scanFileOrDirectory); a file inbound endpoint takes them all.
   */
  patternRequired?: boolean;
  /** Larger files are left where they are (transport.vfs.FileSizeLimit, in bytes). */
  sizeLimit?: number;
  /** A vfs proxy leaves files modified less (MinimumAge) or more (MaximumAge) seconds ago than this. */
  minimumAge?: number;
  maximumAge?: number;
  /** At most this many files per poll (transport.vfs.FileProcessCount). */
  count: number | undefined;
  /** Milliseconds to wait between two files (transport.vfs.FileProcessInterval). */
  fileInterval: number | undefined;
  /** A Java date format whose text prefixes a moved file's name (transport.vfs.MoveTimestampFormat). */
  moveTimestampFormat: string | undefined;
  /**
   * transport.vfs.SubFolderTimestampFormat: a Java date format whose text is appended to the move location (after
   * processing; a file inbound endpoint after a failure too), e.g. `/yyyy-MM-dd` for a folder per day.
   */
  subFolderTimestamp?: { format: string; onFailure: boolean };
  /**
   * A file inbound endpoint whose FileURI ends with `/*` reads the files of the sub-folders too (FilePollingConsumer
   * readSubDirectories), giving each its RELATIVE_PATH; a move location ending with `/*` keeps that sub-folder.
   */
  subFolders?: { read: boolean; moveProcessed: boolean; moveFailed: boolean };
}

/** A file found by a poll, read whole. */
export interface PolledFile {
  path: string;
  name: string;
  uri: string;
  body: Buffer;
  size: number;
  lastModified: number;
  /** With sub-folders read: the file's folder under the polled one (`/a/b`, or '' at the top; RELATIVE_PATH). */
  relativePath?: string;
}

/** A local path from a `vfs:file:///…`, `file:///…` or plain path; undefined for another scheme (ftp, smb…). */
export function localPath(uri: string): string | undefined {
  let u = uri.trim();
  if (u.startsWith('vfs:')) u = u.slice(4);
  const q = u.indexOf('?');
  if (q >= 0) u = u.slice(0, q);
  if (u.startsWith('file:')) {
    try {
      return fileURLToPath(
        u.startsWith('file:///') || u.startsWith('file://localhost/') ? u : `file://${u.slice(5)}`,
      );
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(u) && !/^[a-z]:[\\/]/i.test(u) ? undefined : u;
}

/** The query parameters of a `vfs:` URI (`?transport.vfs.Append=true`). */
function uriParams(uri: string): URLSearchParams {
  const q = uri.indexOf('?');
  return new URLSearchParams(q >= 0 ? uri.slice(q + 1) : '');
}

/** A path in a folder: the operating system's join locally, `/` on a server. */
function joinOn(fs: FileSystem, dir: string, name: string): string {
  return fs === localFs ? join(dir, name) : posix.join(dir, name);
}

/** Where a URI leads: a file system and a path on it. */
export interface VfsLocation {
  fs: FileSystem;
  path: string;
  /** The URI text of a path on `fs` (as configured: user and password kept, as VFS's FileName.getURI gives). */
  uriOf: (path: string) => string;
}

const REMOTE = /^(ftp|ftps|sftp):\/\/(?:([^@/]*)@)?([^/:?#]+|\[[^\]]+\])(?::(\d+))?([^?#]*)/i;

/**
 * The location a `file:`, `ftp:`, `ftps:` or `sftp:` URI (with or without `vfs:`) names, or a string saying what is
 * wrong. Remote settings as VFSUtils.parseSchemeFileOptions / attachFileSystemOptions read them: the URI's query
 * (`vfs.passive`, `vfs.implicit`, `vfs.ssl.truststore`) and, for SFTP, the `transport.vfs.SFTPIdentities`, `SFTPIdentityPassPhrase` and
 * `SFTPUserDirIsRoot` parameters (or `Identities`, … in the query). Paths are from the login folder
 * (Commons VFS's default userDirIsRoot true) unless `SFTPUserDirIsRoot` / `vfs.userDirIsRoot` says false.
 */
export function vfsLocation(uri: string, params: Record<string, string> = {}): VfsLocation | string {
  let u = uri.trim();
  if (u.startsWith('vfs:')) u = u.slice(4);
  const m = REMOTE.exec(u);
  if (!m) {
    const path = localPath(u);
    if (path === undefined)
      return `${uri} is not a file, ftp, ftps or sftp URI (the embedded runtime does not reach other schemes)`;
    return { fs: localFs, path, uriOf: (p) => pathToFileURL(p).href };
  }
  const scheme = m[1].toLowerCase() as RemoteConfig['protocol'];
  const q = uriParams(u);
  const opt = (query: string, param: string): string | undefined =>
    q.get(query) ?? (params[param] || undefined);
  const [user = '', pass = ''] = (m[2] ?? '').split(/:(.*)/s);
  const d = remoteDefaults(scheme);
  const cfg: RemoteConfig = {
    ...d,
    host: m[3].replace(/^\[|\]$/g, ''),
    port: m[4] ? Number(m[4]) : d.port,
    username: safeDecode(user),
    password: safeDecode(pass),
    userDirIsRoot: true,
    connectTimeoutMs: 30_000,
    socketTimeoutMs: 60_000,
  };
  if (scheme === 'sftp') {
    const identity = opt('Identities', 'transport.vfs.SFTPIdentities');
    // JSch takes a list of identity files; the first is used here
    if (identity) cfg.identityFile = identity.split(',')[0].trim();
    cfg.identityPassphrase = opt('IdentityPassPhrase', 'transport.vfs.SFTPIdentityPassPhrase');
    const udr = opt('UserDirIsRoot', 'transport.vfs.SFTPUserDirIsRoot');
    if (udr !== undefined) cfg.userDirIsRoot = udr.toLowerCase() === 'true';
  } else {
    const passive = q.get('vfs.passive');
    if (passive !== null) cfg.passive = passive.toLowerCase() === 'true';
    if (scheme === 'ftps') {
      cfg.implicit = q.get('vfs.implicit')?.toLowerCase() === 'true';
      // VFSUtils.attachFileSystemOptions: vfs.ssl.truststore (a Java key store or a PEM file here)
      cfg.trustPem = q.get('vfs.ssl.truststore') ?? undefined;
    }
  }
  const udr = q.get('vfs.userDirIsRoot');
  if (udr !== null) cfg.userDirIsRoot = udr.toLowerCase() === 'true';
  const path = safeDecode(m[5] || '/').replace(/\/+$/, '') || '/';
  const fs = remoteFs(cfg);
  const origin = `${scheme}://${m[2] !== undefined ? m[2] + '@' : ''}${m[3]}${m[4] ? ':' + m[4] : ''}`;
  return { fs, path, uriOf: (p) => origin + p };
}

/**
 * The content type a polled file is read as (FileInjectHandler.invoke, VFSTransportListener.processFile): the
 * configured one; with none, a file inbound endpoint goes by the extension (`xml`: text/xml, `txt`: text/plain; the
 * proxy's check compares the extension with ".xml" and never matches); a type without a message builder, or none, is
 * read by the SOAPBuilder, as text/xml is.
 */
export function fileContentType(
  declared: string | undefined,
  fileName: string,
  kind: 'inbound' | 'proxy',
): string {
  let ct = declared;
  if (ct === undefined || ct.trim() === '') {
    const dot = fileName.lastIndexOf('.');
    const ext = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
    ct =
      kind === 'inbound'
        ? ext.endsWith('xml')
          ? 'text/xml'
          : ext.endsWith('txt')
            ? 'text/plain'
            : undefined
        : ct;
  }
  return builtContentType(ct);
}

/** A URI with its password as `***` (VFSUtils.maskURLPassword), for what is shown and logged. */
export function maskPassword(uri: string): string {
  return uri.replace(/^((?:vfs:)?[a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function action(v: string | undefined): AfterAction {
  return v === 'MOVE' ? 'MOVE' : v === 'NONE' ? 'NONE' : 'DELETE';
}

/**
 * Reads the polling parameters of an inbound endpoint or a proxy service; a string says what is wrong. A proxy
 * (PollTableEntry) leaves a file with NONE; a file inbound endpoint (FilePollingConsumer.moveOrDeleteAfterProcessing)
 * knows only MOVE and deletes the file otherwise.
 */
export function pollingOf(
  params: Record<string, string>,
  kind: 'inbound' | 'proxy' = 'proxy',
): FilePolling | string {
  const after = (v: string | undefined): AfterAction => {
    const a = action(v);
    return kind === 'inbound' && a === 'NONE' ? 'DELETE' : a;
  };
  // FilePollingConsumer.extractFileUri: a file inbound endpoint's FileURI, MoveAfterProcess or MoveAfterFailure that
  // ends with /* (or \*) before its query names the folder without it, and its sub-folders
  const subs = { read: false, moveProcessed: false, moveFailed: false };
  const sub = (v: string | undefined, flag: keyof typeof subs): string | undefined => {
    if (kind !== 'inbound' || !v) return v;
    const q = v.indexOf('?');
    const head = q < 0 ? v : v.slice(0, q);
    if (!head.endsWith('/*') && !head.endsWith('\\*')) return v;
    subs[flag] = true;
    return head.slice(0, -2) + (q < 0 ? '' : v.slice(q));
  };
  const uri = sub(params['transport.vfs.FileURI'], 'read');
  if (!uri) return 'transport.vfs.FileURI is missing';
  const where = vfsLocation(uri, params);
  if (typeof where === 'string') return `transport.vfs.FileURI ${where}`;
  const patternText = params['transport.vfs.FileNamePattern'];
  let pattern: RegExp | undefined;
  if (patternText) {
    try {
      // Java's String.matches: the whole name
      pattern = javaRegExp(patternText, { whole: true });
    } catch (e) {
      return `transport.vfs.FileNamePattern is not a valid pattern: ${(e as Error).message}`;
    }
  }
  const moveDir = (v: string | undefined) => {
    if (!v) return undefined;
    const to = vfsLocation(v, params);
    return typeof to === 'string' ? undefined : to;
  };
  // VFSConstants.FILE_SORT_VALUE_*: the values as written ("Name", "Size", "Lastmodifiedtimestamp"); another value
  // sorts nothing (the folder's own order: by name here)
  const sort = (
    { Name: 'name', Size: 'size', Lastmodifiedtimestamp: 'lastmodified' } as Record<
      string,
      FilePolling['sortBy']
    >
  )[params['transport.vfs.FileSortAttribute'] ?? ''];
  const order = params['transport.vfs.FileSortAscending']?.toLowerCase();
  const num = (name: string): number | undefined => {
    const v = params[name]?.trim();
    return v && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const sizeLimit = num('transport.vfs.FileSizeLimit');
  const count = Number(params['transport.vfs.FileProcessCount']);
  const fileInterval = Number(params['transport.vfs.FileProcessInterval']);
  return {
    fs: where.fs,
    path: where.path,
    uriOf: where.uriOf,
    // VFSTransportListener's global flag is on; `disable` turns it off per service (PollTableEntry)
    locking: where.fs !== localFs && params['transport.vfs.Locking'] !== 'disable',
    // what the runtime shows it polls (VFSUtils.maskURLPassword)
    uri: maskPassword(uri),
    contentType: params['transport.vfs.ContentType'],
    pattern,
    afterProcess: after(params['transport.vfs.ActionAfterProcess']),
    moveAfterProcess: moveDir(sub(params['transport.vfs.MoveAfterProcess'], 'moveProcessed')),
    afterFailure: after(params['transport.vfs.ActionAfterFailure']),
    moveAfterFailure: moveDir(sub(params['transport.vfs.MoveAfterFailure'], 'moveFailed')),
    sortBy: sort,
    // PollTableEntry: Boolean.parseBoolean (only "true" ascends); FilePollingConsumer: only "false" descends
    ascending: order === undefined || (kind === 'proxy' ? order === 'true' : order !== 'false'),
    ...(kind === 'proxy' ? { patternRequired: true } : {}),
    ...(sizeLimit !== undefined && sizeLimit >= 0 ? { sizeLimit } : {}),
    ...(kind === 'proxy' && num('transport.vfs.MinimumAge') !== undefined
      ? { minimumAge: num('transport.vfs.MinimumAge') }
      : {}),
    ...(kind === 'proxy' && num('transport.vfs.MaximumAge') !== undefined
      ? { maximumAge: num('transport.vfs.MaximumAge') }
      : {}),
    count: Number.isInteger(count) && count > 0 ? count : undefined,
    fileInterval: Number.isFinite(fileInterval) && fileInterval > 0 ? fileInterval : undefined,
    moveTimestampFormat: params['transport.vfs.MoveTimestampFormat'] || undefined,
    // VFSTransportListener.moveOrDeleteAfterProcessing (after processing only); FilePollingConsumer
    // .optionallyAppendDateToUri (both)
    ...(params['transport.vfs.SubFolderTimestampFormat'] !== undefined
      ? {
          subFolderTimestamp: {
            format: params['transport.vfs.SubFolderTimestampFormat'],
            onFailure: kind === 'inbound',
          },
        }
      : {}),
    ...(subs.read || subs.moveProcessed || subs.moveFailed ? { subFolders: subs } : {}),
  };
}

/**
 * One poll: the matching files, in order, each read and handed to `handle`; when it resolves the file is deleted,
 * moved or left (after process), when it throws, as after a failure. Files larger than `maxBytes` fail.
 */
export async function pollOnce(
  p: FilePolling,
  maxBytes: number,
  handle: (f: PolledFile) => Promise<void>,
  onError: (file: string, e: unknown) => void,
  onMissing?: () => void,
): Promise<number> {
  const { fs } = p;
  let top: Entry[];
  let isFolder = false;
  try {
    const s = await fs.stat(p.path);
    isFolder = s.isDirectory();
    top = isFolder
      ? await entries(fs, p.path)
      : [{ name: basename(p.path), path: p.path, size: s.size, mtime: s.mtimeMs, dir: false }];
  } catch (e) {
    // nothing there (yet); a server that cannot be reached is reported
    const missing = (e as { code?: string }).code === 'ENOENT';
    if (fs !== localFs && !missing) onError(p.uri, e);
    if (missing) onMissing?.();
    return 0;
  }
  let done = 0;
  // FilePollingConsumer.directoryHandler: the folder's entries in order; with sub-folders read, a folder's own
  // entries are handled where it comes (sorted, and counted, on their own)
  const folder = async (list: Entry[], relative: string): Promise<void> => {
    // lock files are never picked (VFSTransportListener skips `*.lock`)
    let files = p.locking ? list.filter((f) => !f.name.endsWith('.lock')) : list;
    if (!p.subFolders?.read) files = files.filter((f) => !f.dir);
    if (p.pattern) files = files.filter((f) => f.dir || p.pattern!.test(f.name));
    else if (p.patternRequired && isFolder) files = [];
    // a file over FileSizeLimit is passed over (and left); a vfs proxy's MinimumAge / MaximumAge in seconds (a vfs
    // proxy checks them in a folder only, a file inbound endpoint the size of a lone file too)
    const now = Date.now();
    files = files.filter(
      (f) =>
        f.dir ||
        (!isFolder && p.patternRequired) ||
        ((p.sizeLimit === undefined || f.size <= p.sizeLimit) &&
          (p.minimumAge === undefined || Math.floor((now - f.mtime) / 1000) > p.minimumAge) &&
          (p.maximumAge === undefined || Math.floor((now - f.mtime) / 1000) < p.maximumAge)),
    );
    const key = p.sortBy;
    files.sort((a, b) => {
      const d =
        key === 'size'
          ? a.size - b.size
          : key === 'lastmodified'
            ? a.mtime - b.mtime
            : a.name < b.name
              ? -1
              : a.name > b.name
                ? 1
                : 0;
      return p.ascending ? d : -d;
    });
    let here = 0;
    for (const f of files) {
      if (f.dir) {
        try {
          await folder(await entries(fs, f.path), `${relative}/${f.name}`);
        } catch (e) {
          onError(f.path, e);
        }
        continue;
      }
      // (VFSTransportListener and FilePollingConsumer stop at FileProcessCount only without a FileProcessInterval)
      if (p.count && !p.fileInterval && here >= p.count) break;
      if (done > 0 && p.fileInterval) await new Promise((r) => setTimeout(r, p.fileInterval));
      const lock = p.locking ? await acquireLock(fs, f.path) : undefined;
      if (lock === false) continue; // another party holds it (or it is gone)
      let ok = true;
      try {
        if (f.size > maxBytes) throw new Error(`${f.path} is ${f.size} bytes, over the limit of ${maxBytes}`);
        const body = await fs.readFile(f.path);
        await handle({
          path: f.path,
          name: f.name,
          uri: p.uriOf(f.path),
          body,
          size: body.length,
          lastModified: f.mtime,
          ...(p.subFolders?.read ? { relativePath: relative } : {}),
        });
      } catch (e) {
        ok = false;
        onError(f.path, e);
      }
      try {
        let moveTo = ok ? p.moveAfterProcess : p.moveAfterFailure;
        const keep = ok ? p.subFolders?.moveProcessed : p.subFolders?.moveFailed;
        const stamp = p.subFolderTimestamp;
        if (moveTo && stamp && (ok || stamp.onFailure))
          moveTo = { ...moveTo, path: moveTo.path + formatJavaDate(new Date(), stamp.format) };
        await after(
          fs,
          f.path,
          ok ? p.afterProcess : p.afterFailure,
          // FilePollingConsumer.resolveActualOutUrl: the file's folder under the polled one, under the move location
          moveTo && keep && relative
            ? { ...moveTo, path: joinOn(moveTo.fs, moveTo.path, relative.slice(1)) }
            : moveTo,
          p.moveTimestampFormat ? formatJavaDate(new Date(), p.moveTimestampFormat) : '',
        );
      } catch (e) {
        onError(f.path, e);
      }
      if (lock) await fs.rm(f.path + '.lock', { force: true }).catch((e) => onError(f.path + '.lock', e));
      done++;
      here++;
    }
  };
  await folder(top, '');
  return done;
}

interface Entry {
  name: string;
  path: string;
  size: number;
  mtime: number;
  dir: boolean;
}

/** The files and folders of a folder. */
async function entries(fs: FileSystem, dir: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const e of await fs.list(dir))
    if (e.stat?.isFile() || e.stat?.isDirectory())
      out.push({
        name: e.name,
        path: joinOn(fs, dir, e.name),
        size: e.stat.size,
        mtime: e.stat.mtimeMs,
        dir: e.stat.isDirectory(),
      });
  return out;
}

/**
 * VFSUtils.acquireLock: no `<file>.lock` there and the file still there, then the lock file written with a value
 * of our own (a random number, the host, the time) and read back: true when it is ours.
 */
async function acquireLock(fs: FileSystem, path: string, isListener = true): Promise<boolean> {
  const there = (p: string): Promise<boolean> =>
    fs.stat(p).then(
      () => true,
      () => false,
    );
  const lockPath = path + '.lock';
  try {
    if (await there(lockPath)) return false;
    // the listener checks the file is still there (another node may have taken it)
    if (isListener && !(await there(path))) return false;
    const value = `${BigInt.asIntN(64, BigInt('0x' + randomBytes(8).toString('hex')))}:${hostname()}:${Date.now()}`;
    await fs.writeFile(lockPath, value);
    return (await fs.readFile(lockPath)).toString() === value;
  } catch {
    return false;
  }
}

async function after(
  fs: FileSystem,
  path: string,
  what: AfterAction,
  moveTo: VfsLocation | undefined,
  prefix: string,
): Promise<void> {
  if (what === 'NONE') return;
  if (what === 'DELETE' || !moveTo) {
    await fs.rm(path, { force: true });
    return;
  }
  await moveTo.fs.mkdir(moveTo.path, { recursive: true });
  // VFSTransportListener: the MoveTimestampFormat text goes before the file's name
  const target = joinOn(moveTo.fs, moveTo.path, prefix + basename(path));
  if (moveTo.fs === fs) {
    try {
      await fs.rename(path, target);
      return;
    } catch {
      // another device: copy, then remove
    }
    await fs.copyFile(path, target);
  } else await moveTo.fs.writeFile(target, await fs.readFile(path));
  await fs.rm(path, { force: true });
}

/**
 * Writes a message to a `vfs:` endpoint address: into an existing folder under `fileName` (else `response.xml`), or
 * to the file the address names; appended when the address says `transport.vfs.Append=true`. Returns the path.
 * VFSTransportSender: with `transport.vfs.CreateFolder=true` (on the address, or `createFolder` from the message's
 * transport header) an address that does not exist is made a folder first; the file written gets the time
 * `lastModified` (the LAST_MODIFIED transport header of a polled file) unless the address says
 * `transport.vfs.UpdateLastModified=false` (populateResponseFile; the local disk only here).
 */
export async function writeToVfs(
  address: string,
  body: Buffer,
  fileName: string | undefined,
  opts: { createFolder?: boolean; lastModified?: number } = {},
): Promise<string> {
  const where = vfsLocation(address);
  if (typeof where === 'string') throw new Error(where);
  const { fs, path } = where;
  const q = uriParams(address);
  let target = path;
  let isDir = false;
  try {
    isDir = (await fs.stat(path)).isDirectory();
  } catch {
    // not there: the address names the file to create, or the folder to create
    if (opts.createFolder || q.get('transport.vfs.CreateFolder')?.toLowerCase() === 'true') {
      await fs.mkdir(path, { recursive: true });
      isDir = true;
    }
  }
  if (isDir) target = joinOn(fs, path, fileName || 'response.xml');
  const append = q.get('transport.vfs.Append') === 'true';
  // VFSTransportSender: a remote target is locked while written unless the address says transport.vfs.Locking=disable
  const locked = fs !== localFs && q.get('transport.vfs.Locking') !== 'disable';
  if (locked) await lockForSending(fs, target, q, maskPassword(where.uriOf(target)));
  try {
    if (append) await fs.appendFile(target, body);
    else await fs.writeFile(target, body);
  } finally {
    if (locked) await fs.rm(target + '.lock', { force: true });
  }
  const updateTime = (q.get('transport.vfs.UpdateLastModified') ?? 'true').toLowerCase() === 'true';
  if (fs === localFs && updateTime && opts.lastModified !== undefined && Number.isFinite(opts.lastModified)) {
    const when = new Date(opts.lastModified);
    await utimes(target, when, when).catch(() => undefined);
  }
  return fs === localFs ? target : maskPassword(where.uriOf(target));
}

/** The longest wait between two attempts at a sender's lock (MI: ReconnectTimeout, 30 s by default). */
export const SEND_LOCK_WAIT_CAP_MS = 5000;

/**
 * VFSTransportSender.acquireLockForSending: the lock tried, then again after `transport.vfs.ReconnectTimeout`
 * seconds (30; each wait capped here at 5 s), `transport.vfs.MaxRetryCount` times (3), then the send fails.
 */
async function lockForSending(
  fs: FileSystem,
  path: string,
  q: URLSearchParams,
  shown: string,
): Promise<void> {
  const count = Number(q.get('transport.vfs.MaxRetryCount') ?? '3');
  const max = Number.isInteger(count) ? Math.min(Math.max(count, 0), 10) : 3;
  const seconds = Number(q.get('transport.vfs.ReconnectTimeout') ?? '30');
  const wait = Math.min(
    Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000,
    SEND_LOCK_WAIT_CAP_MS,
  );
  for (let tryNum = 0; !(await acquireLock(fs, path, false));) {
    if (max === tryNum++)
      throw new Error(
        `Couldn't send the message to file : ${shown}, unable to acquire the lock even after ${tryNum} retries`,
      );
    await new Promise((r) => setTimeout(r, wait));
  }
}
