/**
 * The archive operations: compress (CompressFiles), unzip (UnzipFile) and exploreZipFile (ExploreZipFile).
 *
 * - compress: a folder's files (sub-folders unless includeSubDirectories is false; the advanced filters and
 *   subDirectoryMaxDepth when any filter parameter is given) into a zip at targetFilePath, entries named by their
 *   path under the folder; a file as one entry named as the file. `NumberOfFilesAdded` counts as MI does: without
 *   filters the folders listed too. A target without an extension is ILLEGAL_PATH, a missing source ILLEGAL_PATH.
 * - unzip: a zip (or a `.gz` file, inflated to its name without `.gz`) into targetDirectory (made when missing).
 *   Here every entry is checked before anything is written: an entry that would leave the target folder (`..`,
 *   absolute, backslash, a symbolic link) is refused — MI's VFS resolves such a name wherever it points (zip slip) —
 *   and so is an archive that expands beyond the limits (entries, bytes per entry and in total, counted while
 *   inflating, and the compression ratio): OPERATION_ERROR with the reason. A missing source is MI's uncaught
 *   IllegalPathException: a fault with ERROR_CODE 0 and no result document.
 * - exploreZipFile: the names of the zip's file entries (`zipFileContent`); a file that is not a zip lists nothing,
 *   as Java's ZipInputStream reads it.
 */
import { open } from 'node:fs/promises';
import { mkdir, readFile, stat, writeFile, urlOf, isRemoteFs } from './fsops';
import { dirname, join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { writeZip } from '../../../../core/car/zipwrite';
import { unzipCar, DEFAULT_UNZIP_LIMITS } from '../../../../core/car/unzip';
import { FileOpFailure, ioMessage } from './errors';
import { baseName, localPathOf, resolvePath, type FileConnection } from './connection';
import { isStable, okResult, runOperation, type FileOutcome, type Params } from './common';
import { advancedFilter } from './patterns';
import { entriesOf, newBudget, MAX_DEPTH } from './entries';

/** The largest archive read or written by these operations (they hold it in memory). */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

async function statOf(path: string): Promise<import('../../remoteFs').FsStat | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}

export async function compressOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'compress',
      context: 'Error while performing file:compress for file/directory ',
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const src = p('sourceDirectoryPath');
      const dst = p('targetFilePath');
      shown = src;
      if (!src || !dst) throw new FileOpFailure('config', 'Source or target file path is not provided ');
      const subRaw = p('includeSubDirectories');
      const includeSub = subRaw ? subRaw.toLowerCase() === 'true' : true;
      const source = resolvePath(conn, src);
      const target = resolvePath(conn, dst);
      shown = source.uri;
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', 'File or directory to compress does not exist');
      if (!extensionOf(target.path))
        throw new FileOpFailure('path', 'Target File path does not resolve to a file');
      const advanced = [
        'fileFilterType',
        'includeFiles',
        'excludeFiles',
        'maxFileAge',
        'subDirectoryMaxDepth',
        'timeBetweenSizeCheck',
      ].some((n) => !!p(n));
      const entries: { path: string; data: Buffer }[] = [];
      let budget = MAX_ARCHIVE_BYTES;
      const add = async (file: string, name: string): Promise<void> => {
        const s = await stat(file);
        budget -= s.size;
        if (budget < 0)
          throw new FileOpFailure('operation', `More than ${MAX_ARCHIVE_BYTES} bytes to compress: refused`);
        entries.push({ path: name, data: await readFile(file) });
      };
      let count = 0;
      if (st.isFile()) {
        const keep = advanced
          ? advancedFilter(p('fileFilterType'), p('includeFiles'), p('excludeFiles'), p('maxFileAge'))
          : undefined;
        const stable = !advanced || (await isStable(source.path, p('timeBetweenSizeCheck')));
        if (stable && (!keep || keep({ name: baseName(source.path), isFile: true, mtimeMs: st.mtimeMs }))) {
          await add(source.path, baseName(source.path));
          count = 1;
        }
      } else {
        const walkBudget = newBudget();
        const depthRaw = p('subDirectoryMaxDepth');
        const maxDepth = advanced && depthRaw && /^[+-]?\d+$/.test(depthRaw) ? Number(depthRaw) : undefined;
        const keep = advanced
          ? advancedFilter(p('fileFilterType'), p('includeFiles'), p('excludeFiles'), p('maxFileAge'))
          : undefined;
        const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
          if (maxDepth !== undefined && depth >= maxDepth) return;
          if (depth > MAX_DEPTH)
            throw new FileOpFailure('operation', `Folders nested deeper than ${MAX_DEPTH} levels`);
          for (const e of await entriesOf(dir, walkBudget)) {
            if (e.isFile) {
              if (keep && !keep(e)) continue;
              if (advanced && !(await isStable(e.path, p('timeBetweenSizeCheck')))) continue;
              await add(e.path, prefix + e.name);
              count++;
            } else if (e.isDir) {
              // getAllFiles lists the folders too (and NumberOfFilesAdded counts them)
              if (!keep) count++;
              if (includeSub) await walk(e.path, `${prefix}${e.name}/`, depth + 1);
            }
          }
        };
        await walk(source.path, '', 0);
      }
      try {
        await mkdir(dirname(target.path), { recursive: true });
        await writeFile(target.path, writeZip(entries));
      } catch (e) {
        throw new FileOpFailure('io', ioMessage(e, `write "${urlOf(target.path)}"`));
      }
      const json = okResult();
      json.NumberOfFilesAdded = count;
      return { json };
    },
  );
}

export async function unzipOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'unzip',
      context: 'Error while performing file:unzip for file ',
      kinds: { config: 'INVALID_CONFIGURATION', path: 'UNCAUGHT', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const source = resolvePath(conn, p('sourceFilePath'));
      const targetUri = resolvePath(conn, p('targetDirectory')).uri;
      shown = source.uri;
      const target = localPathOf(targetUri);
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', `File not found: ${source.uri}`);
      if (!st.isFile()) throw new FileOpFailure('path', `File is not a compressed file: ${source.uri}`);
      await mkdir(target, { recursive: true }).catch((e) => {
        throw new FileOpFailure('io', ioMessage(e, `create folder "${urlOf(target)}"`));
      });
      if (!(await isStable(source.path, p('timeBetweenSizeCheck'))))
        throw new FileOpFailure('io', 'File is not stable (still being written). Cannot unzip at this time.');
      if (extensionOf(source.path) === 'gz') {
        const name = baseName(source.path).replace('.gz', '');
        await gunzipBounded(source.path, join(target, name));
        return { json: okResult() };
      }
      if (st.size > MAX_ARCHIVE_BYTES)
        throw new FileOpFailure(
          'operation',
          `The archive is ${st.size} bytes, over the limit of ${MAX_ARCHIVE_BYTES}`,
        );
      let files: Map<string, Buffer>;
      try {
        files = await unzipCar(await readFile(source.path), source.uri);
      } catch (e) {
        throw new FileOpFailure('io', `Refused to extract ${source.uri}: ${(e as Error).message}`);
      }
      for (const [name, data] of files) {
        const to = localPathOf(`${targetUri}/${name}`);
        if (!to.startsWith(target + '/'))
          throw new FileOpFailure(
            'io',
            `Refused to extract ${source.uri}: entry '${name}' leaves the target folder`,
          );
        try {
          await mkdir(dirname(to), { recursive: true });
          await writeFile(to, data);
        } catch (e) {
          throw new FileOpFailure('io', ioMessage(e, `write "${urlOf(to)}"`));
        }
      }
      return { json: okResult() };
    },
  );
}

/** GZIPInputStream into the target, refused past the total limit of an archive's content. */
async function gunzipBounded(from: string, to: string): Promise<void> {
  const max = DEFAULT_UNZIP_LIMITS.maxTotalBytes;
  if (isRemoteFs()) {
    // remote: fetched, expanded in memory (bounded), written back
    let data: Buffer;
    try {
      data = gunzipSync(await readFile(from), { maxOutputLength: max });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new FileOpFailure('io', `Refused to extract ${urlOf(from)}: it expands beyond ${max} bytes`);
      throw new FileOpFailure('io', `Could not extract ${urlOf(from)}: ${(e as Error).message}`);
    }
    await writeFile(to, data);
    return;
  }
  const out = await open(to, 'w');
  try {
    let total = 0;
    const input = createReadStream(from).pipe(createGunzip());
    for await (const chunk of input) {
      total += (chunk as Buffer).length;
      if (total > max) {
        input.destroy();
        throw new FileOpFailure('io', `Refused to extract ${urlOf(from)}: it expands beyond ${max} bytes`);
      }
      await out.write(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof FileOpFailure) throw e;
    throw new FileOpFailure('io', `Could not extract ${urlOf(from)}: ${(e as Error).message}`);
  } finally {
    await out.close();
  }
}

export async function exploreZipFileOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'exploreZipFile',
      context: 'Error while performing file:exploreZipFile for file ',
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const zipPath = p('zipFilePath');
      if (!zipPath) throw new FileOpFailure('config', "Parameter 'zipFilePath' is not provided ");
      const source = resolvePath(conn, zipPath);
      shown = source.uri;
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', `Zip file not found at path ${source.uri}`);
      // a ConnectException ExploreZipFile does not catch
      if (!(await isStable(source.path, p('timeBetweenSizeCheck'))))
        throw new FileOpFailure('runtime', `Zip file is still being modified. Cannot explore: ${source.uri}`);
      if (st.size > MAX_ARCHIVE_BYTES)
        throw new FileOpFailure(
          'operation',
          `The archive is ${st.size} bytes, over the limit of ${MAX_ARCHIVE_BYTES}`,
        );
      const names = zipEntryNames(await readFile(source.path));
      const json = okResult();
      json.zipFileContent = names;
      return { json };
    },
  );
}

/**
 * The names of a zip's file entries in the order of their local headers, as ZipInputStream walks them (no entry is
 * inflated: each header says its sizes, or the central directory does for a streamed entry). Not a zip: none.
 */
export function zipEntryNames(buf: Buffer): string[] {
  const names: string[] = [];
  const central = centralSizes(buf);
  let at = 0;
  while (at + 30 <= buf.length && buf.readUInt32LE(at) === 0x04034b50) {
    const flags = buf.readUInt16LE(at + 6);
    let compressed = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extraLen = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    if (flags & 0x08) compressed = central.get(name) ?? NaN;
    if (!Number.isFinite(compressed)) throw new FileOpFailure('io', `invalid entry size for '${name}'`);
    if (!name.endsWith('/')) names.push(name);
    at += 30 + nameLen + extraLen + compressed;
    if (flags & 0x08) at += buf.readUInt32LE(at) === 0x08074b50 ? 16 : 12;
    if (names.length > DEFAULT_UNZIP_LIMITS.maxEntries)
      throw new FileOpFailure('operation', `More than ${DEFAULT_UNZIP_LIMITS.maxEntries} entries: refused`);
  }
  return names;
}

/** Compressed sizes by name from the central directory (for entries whose local header defers them). */
function centralSizes(buf: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) return out;
  let at = buf.readUInt32LE(eocd + 16);
  const count = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < count && at + 46 <= buf.length && buf.readUInt32LE(at) === 0x02014b50; i++) {
    const nameLen = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    out.set(name, buf.readUInt32LE(at + 20));
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}
