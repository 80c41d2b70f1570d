/**
 * Local files as Micro Integrator's VFS transport and file inbound endpoint handle them, for `file://` URIs (and
 * plain paths): polling a folder (or one file) for the files whose name matches `transport.vfs.FileNamePattern` (a
 * whole-name Java regex), each read whole and handed to the mediation with MI's transport headers (FILE_NAME,
 * FILE_PATH, FILE_URI, FILE_LENGTH, LAST_MODIFIED), then deleted, moved or left as `transport.vfs.ActionAfterProcess`
 * (or, when it could not be processed, `ActionAfterFailure`) says (DELETE by default, as PollTableEntry has it; a moved
 * file's name prefixed by `MoveTimestampFormat`), `FileProcessInterval` ms apart; and
 * writing a message to a `vfs:file://…` endpoint address (VFSTransportSender: into a folder under the
 * `transport.vfs.ReplyFileName` transport header, else `response.xml`; to a file otherwise; appended with
 * `?transport.vfs.Append=true`). Remote file systems (ftp, sftp, smb) are not reached.
 */
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
  appendFile,
  copyFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatJavaDate } from './expr/dates';

export type AfterAction = 'DELETE' | 'MOVE' | 'NONE';

export interface FilePolling {
  /** The folder or file polled (a local path). */
  path: string;
  /** The URI as configured (for FILE_URI). */
  uri: string;
  contentType: string;
  pattern: RegExp | undefined;
  afterProcess: AfterAction;
  moveAfterProcess: string | undefined;
  afterFailure: AfterAction;
  moveAfterFailure: string | undefined;
  sortBy: 'name' | 'size' | 'lastmodified' | undefined;
  ascending: boolean;
  /** At most this many files per poll (transport.vfs.FileProcessCount). */
  count: number | undefined;
  /** Milliseconds to wait between two files (transport.vfs.FileProcessInterval). */
  fileInterval: number | undefined;
  /** A Java date format whose text prefixes a moved file's name (transport.vfs.MoveTimestampFormat). */
  moveTimestampFormat: string | undefined;
}

/** A file found by a poll, read whole. */
export interface PolledFile {
  path: string;
  name: string;
  uri: string;
  body: Buffer;
  size: number;
  lastModified: number;
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

function action(v: string | undefined): AfterAction {
  return v === 'MOVE' ? 'MOVE' : v === 'NONE' ? 'NONE' : 'DELETE';
}

/** Reads the polling parameters of an inbound endpoint or a proxy service; a string says what is wrong. */
export function pollingOf(params: Record<string, string>): FilePolling | string {
  const uri = params['transport.vfs.FileURI'];
  if (!uri) return 'transport.vfs.FileURI is missing';
  const path = localPath(uri);
  if (path === undefined)
    return `transport.vfs.FileURI ${uri} is not a local file URI (only file:// is read by the embedded runtime)`;
  const patternText = params['transport.vfs.FileNamePattern'];
  let pattern: RegExp | undefined;
  if (patternText) {
    try {
      // Java's String.matches: the whole name
      pattern = new RegExp(`^(?:${patternText})$`);
    } catch (e) {
      return `transport.vfs.FileNamePattern is not a valid pattern: ${(e as Error).message}`;
    }
  }
  const moveDir = (v: string | undefined) => (v ? localPath(v) : undefined);
  const sort = params['transport.vfs.FileSortAttribute']?.toLowerCase();
  const count = Number(params['transport.vfs.FileProcessCount']);
  const fileInterval = Number(params['transport.vfs.FileProcessInterval']);
  return {
    path,
    uri,
    contentType: params['transport.vfs.ContentType'] || 'text/plain',
    pattern,
    afterProcess: action(params['transport.vfs.ActionAfterProcess']),
    moveAfterProcess: moveDir(params['transport.vfs.MoveAfterProcess']),
    afterFailure: action(params['transport.vfs.ActionAfterFailure']),
    moveAfterFailure: moveDir(params['transport.vfs.MoveAfterFailure']),
    sortBy: sort === 'name' || sort === 'size' || sort === 'lastmodified' ? sort : undefined,
    ascending: params['transport.vfs.FileSortAscending'] !== 'false',
    count: Number.isInteger(count) && count > 0 ? count : undefined,
    fileInterval: Number.isFinite(fileInterval) && fileInterval > 0 ? fileInterval : undefined,
    moveTimestampFormat: params['transport.vfs.MoveTimestampFormat'] || undefined,
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
): Promise<number> {
  let names: string[];
  let dir: string;
  try {
    const s = await stat(p.path);
    if (s.isDirectory()) {
      dir = p.path;
      names = (await readdir(p.path, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    } else {
      dir = dirname(p.path);
      names = [basename(p.path)];
    }
  } catch {
    return 0; // nothing there (yet)
  }
  if (p.pattern) names = names.filter((n) => p.pattern!.test(n));
  const files: { name: string; path: string; size: number; mtime: number }[] = [];
  for (const name of names) {
    try {
      const s = await stat(join(dir, name));
      files.push({ name, path: join(dir, name), size: s.size, mtime: s.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
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
  let done = 0;
  for (const f of p.count ? files.slice(0, p.count) : files) {
    if (done > 0 && p.fileInterval) await new Promise((r) => setTimeout(r, p.fileInterval));
    let ok = true;
    try {
      if (f.size > maxBytes) throw new Error(`${f.path} is ${f.size} bytes, over the limit of ${maxBytes}`);
      const body = await readFile(f.path);
      await handle({
        path: f.path,
        name: f.name,
        uri: pathToFileURL(f.path).href,
        body,
        size: body.length,
        lastModified: f.mtime,
      });
    } catch (e) {
      ok = false;
      onError(f.path, e);
    }
    try {
      await after(
        f.path,
        ok ? p.afterProcess : p.afterFailure,
        ok ? p.moveAfterProcess : p.moveAfterFailure,
        p.moveTimestampFormat ? formatJavaDate(new Date(), p.moveTimestampFormat) : '',
      );
    } catch (e) {
      onError(f.path, e);
    }
    done++;
  }
  return done;
}

async function after(
  path: string,
  what: AfterAction,
  moveTo: string | undefined,
  prefix: string,
): Promise<void> {
  if (what === 'NONE') return;
  if (what === 'DELETE' || !moveTo) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(moveTo, { recursive: true });
  // VFSTransportListener: the MoveTimestampFormat text goes before the file's name
  const target = join(moveTo, prefix + basename(path));
  try {
    await rename(path, target);
  } catch {
    // another device: copy, then remove
    await copyFile(path, target);
    await rm(path, { force: true });
  }
}

/**
 * Writes a message to a `vfs:` endpoint address: into an existing folder under `fileName` (else `response.xml`), or
 * to the file the address names; appended when the address says `transport.vfs.Append=true`. Returns the path.
 */
export async function writeToVfs(
  address: string,
  body: Buffer,
  fileName: string | undefined,
): Promise<string> {
  const path = localPath(address);
  if (path === undefined)
    throw new Error(`${address} is not a local file URI (only file:// is written by the embedded runtime)`);
  let target = path;
  try {
    if ((await stat(path)).isDirectory()) target = join(path, fileName || 'response.xml');
  } catch {
    // not there: the address names the file to create
  }
  const append = uriParams(address).get('transport.vfs.Append') === 'true';
  if (append) await appendFile(target, body);
  else await writeFile(target, body);
  return target;
}
