/**
 * The File connector's operations on files and folders as such: checkExist (CheckFileExist), createDirectory
 * (CreateDirectory), delete (DeleteFileOrFolder), copy (CopyFiles), move (MoveFiles), rename (RenameFiles). Each
 * maps failures to error kinds as its own catch blocks do; the comments name MI's messages and quirks kept.
 */
import { chmod, copyFile, mkdir, rename, rm, rmdir, stat, unlink, urlOf } from './fsops';
import type { FsStat as Stats } from '../../remoteFs';
import { dirname, join } from 'node:path';
import { FileOpFailure, ioMessage } from './errors';
import { baseName, localPathOf, resolvePath, type FileConnection } from './connection';
import { isStable, okResult, runOperation, type FileOutcome, type Params } from './common';
import { advancedFilter, javaRegex } from './patterns';
import { entriesOf, newBudget, MAX_DEPTH, type DirEntry } from './entries';

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FileOpFailure('io', ioMessage(e, `read the type of "${urlOf(path)}"`));
  }
}

const bool = (p: Params, name: string): boolean => (p(name) ?? '').toLowerCase() === 'true';

/** checkExist: `{success: true, fileExists}`; no path is INVALID_CONFIGURATION, an I/O failure OPERATION_ERROR. */
export async function checkExistOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'checkExist',
      context: 'Error while performing file:checkExist for file/directory ',
      kinds: { config: 'INVALID_CONFIGURATION', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const path = p('path');
      shown = path;
      if (!path) throw new FileOpFailure('config', "Parameter 'path' is not provided ");
      const target = resolvePath(conn, path);
      shown = target.uri;
      const json = okResult();
      json.fileExists = (await statOf(target.path)) !== undefined;
      return { json };
    },
  );
}

/**
 * createDirectory: VFS createFolder makes the missing parents too (whatever autoCreate says); an existing folder is
 * no error, an existing file is (OPERATION_ERROR). `permissions` (3 or 4 octal digits) is applied when given.
 */
export async function createDirectoryOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'createDirectory',
      context: 'Error while performing file:createDirectory for folder ',
      kinds: { config: 'INVALID_CONFIGURATION', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const target = resolvePath(conn, p('directoryPath'));
      shown = target.uri;
      const st = await statOf(target.path);
      if (st && !st.isDirectory())
        throw new FileOpFailure(
          'io',
          `Could not create folder "${urlOf(target.path)}" because it already exists and is a file.`,
        );
      if (!st) {
        try {
          await mkdir(target.path, { recursive: true });
        } catch (e) {
          throw new FileOpFailure('io', ioMessage(e, `create folder "${urlOf(target.path)}"`));
        }
      }
      const perm = p('permissions');
      if (perm && /^\d{3,4}$/.test(perm.trim()))
        await chmod(target.path, parseInt(perm.trim(), 8) & 0o7777).catch(() => {});
      return { json: okResult() };
    },
  );
}

/**
 * delete: a file is deleted (`{success}`); a folder is deleted with everything in it (VFS deleteAll, the count
 * includes the folder), or, with matchingPattern or the advanced filters, only its matching immediate entries
 * (a non-empty folder among them is skipped) — `{success: true, numOfDeletedFiles}`. A path that is neither
 * answers nothing at all (MI sets no result). Generic failures are retried, then RETRY_EXHAUSTED.
 */
export async function deleteOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'delete',
      context: 'Error while performing file:delete for file/folder ',
      kinds: { config: 'INVALID_CONFIGURATION' },
      generic: 'RETRY_EXHAUSTED',
      retries: true,
    },
    () => shown,
    async () => {
      const target = resolvePath(conn, p('path'));
      shown = target.uri;
      const st = await statOf(target.path);
      if (st?.isFile()) {
        let ok = true;
        try {
          await unlink(target.path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
            throw new FileOpFailure('io', ioMessage(e, `delete "${urlOf(target.path)}"`));
          ok = false;
        }
        return { json: ok ? okResult() : { success: false } };
      }
      if (st?.isDirectory()) {
        const include = p('includeFiles');
        const exclude = p('excludeFiles');
        const age = p('maxFileAge');
        const pattern = p('matchingPattern');
        let count: number;
        if (include || exclude || age || pattern) {
          const keep =
            include || exclude || age
              ? advancedFilter(p('fileFilterType'), include, exclude, age)
              : (
                  (re) => (e: DirEntry) =>
                    re.test(e.name)
                )(javaRegex(pattern!));
          count = 0;
          for (const e of await entriesOf(target.path, newBudget())) {
            if (!keep(e)) continue;
            if (e.isDir) {
              try {
                await rmdir(e.path); // only an empty folder: VFS skips a selected folder that still has children
                count++;
              } catch {
                // not empty
              }
            } else {
              await unlink(e.path).catch((err) => {
                throw new FileOpFailure('io', ioMessage(err, `delete "${urlOf(e.path)}"`));
              });
              count++;
            }
          }
        } else {
          count = await countAll(target.path, newBudget(), 0);
          await rm(target.path, { recursive: true, force: true }).catch((err) => {
            throw new FileOpFailure('io', ioMessage(err, `delete "${urlOf(target.path)}"`));
          });
        }
        const json = okResult();
        json.numOfDeletedFiles = count;
        return { json };
      }
      return { json: {}, silent: true };
    },
  );
}

async function countAll(dir: string, budget: { left: number }, depth: number): Promise<number> {
  let n = 1;
  if (depth > MAX_DEPTH)
    throw new FileOpFailure('operation', `Folders nested deeper than ${MAX_DEPTH} levels`);
  for (const e of await entriesOf(dir, budget)) n += e.isDir ? await countAll(e.path, budget, depth + 1) : 1;
  return n;
}

/** What VFS copyFrom copies: the selected entries under a source (a file: itself), as relative paths. */
type Selector = (e: {
  name: string;
  path: string;
  isFile: boolean;
  mtimeMs: number;
}) => boolean | Promise<boolean>;

async function copySelected(src: string, srcStat: Stats, dest: string, select: Selector): Promise<void> {
  const budget = newBudget();
  const one = async (from: string, to: string, isFile: boolean, depth: number): Promise<void> => {
    if (isFile) {
      await mkdir(dirname(to), { recursive: true });
      const existing = await statOf(to);
      if (existing?.isDirectory()) await rm(to, { recursive: true, force: true });
      await copyFile(from, to);
      return;
    }
    if (depth > MAX_DEPTH)
      throw new FileOpFailure('operation', `Folders nested deeper than ${MAX_DEPTH} levels`);
    for (const e of await entriesOf(from, budget)) {
      const sel = await select({ name: e.name, path: e.path, isFile: e.isFile, mtimeMs: e.mtimeMs });
      if (e.isDir) {
        if (sel) await mkdir(join(to, e.name), { recursive: true });
        await one(e.path, join(to, e.name), false, depth + 1);
      } else if (e.isFile && sel) await one(e.path, join(to, e.name), true, depth + 1);
    }
  };
  try {
    if (srcStat.isFile()) {
      if (await select({ name: baseName(src), path: src, isFile: true, mtimeMs: srcStat.mtimeMs }))
        await one(src, dest, true, 0);
    } else {
      if (await select({ name: baseName(src), path: src, isFile: false, mtimeMs: srcStat.mtimeMs }))
        await mkdir(dest, { recursive: true });
      await one(src, dest, false, 0);
    }
  } catch (e) {
    if (e instanceof FileOpFailure) throw e;
    throw new FileOpFailure('io', ioMessage(e, `copy "${urlOf(src)}" to "${urlOf(dest)}"`));
  }
}

/**
 * The selector copy and move use: AdvancedFileSelector when any advanced filter or timeBetweenSizeCheck is given (the
 * filter, then, for a file, its size stable over the interval), else SimpleFileSelector over the pattern, else all.
 */
function selectorOf(p: Params, patternParam: string, stability: boolean): Selector {
  const include = p('includeFiles');
  const exclude = p('excludeFiles');
  const age = p('maxFileAge');
  const pattern = p(patternParam);
  const interval = stability ? p('timeBetweenSizeCheck') : undefined;
  if (include || exclude || age || interval) {
    const f = advancedFilter(p('fileFilterType'), include, exclude, age);
    return async (e) => f(e) && (!e.isFile || (await isStable(e.path, interval)));
  }
  if (pattern) {
    const re = javaRegex(pattern);
    return (e) => re.test(e.name);
  }
  return () => true;
}

/** The names of the immediate entries two folders share (files only when `filesOnly`). */
async function commonNames(a: string, b: string, filesOnly: boolean): Promise<boolean> {
  const budget = newBudget();
  const names = new Set(
    (await entriesOf(b, budget)).filter((e) => !filesOnly || e.isFile).map((e) => e.name),
  );
  return (await entriesOf(a, budget)).some((e) => (!filesOnly || e.isFile) && names.has(e.name));
}

/**
 * copy: a file goes to `targetPath/<renameTo or its name>` (FILE_ALREADY_EXISTS when there and overwrite is not
 * true); a folder's content goes into targetPath (or `targetPath/<renameTo or its name>` with includeParent),
 * FILE_ALREADY_EXISTS when not overwriting and an immediate entry name is in both. sourceFilePattern or the advanced
 * filters choose the files (folders are walked). A missing source is ILLEGAL_PATH; I/O failures are retried.
 */
export async function copyOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'copy',
      context: 'Error while performing file:copy for file/folder ',
      kinds: { config: 'INVALID_CONFIGURATION', exists: 'FILE_ALREADY_EXISTS', path: 'ILLEGAL_PATH' },
      generic: 'RETRY_EXHAUSTED',
      retries: true,
    },
    () => shown,
    async () => {
      const includeParent = bool(p, 'includeParent');
      const overwrite = bool(p, 'overwrite');
      const renameTo = p('renameTo');
      const source = resolvePath(conn, p('sourcePath'));
      shown = source.uri;
      let targetUri = resolvePath(conn, p('targetPath')).uri;
      const select = selectorOf(p, 'sourceFilePattern', true);
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', `File/Folder does not exist : ${source.uri}`);
      if (st.isFile()) {
        const dest = localPathOf(targetUri + '/' + (renameTo || baseName(source.path)));
        if (!overwrite && (await statOf(dest)))
          throw new FileOpFailure('exists', 'Destination file already exists and overwrite not allowed');
        await copySelected(source.path, st, dest, select);
      } else {
        if (includeParent) targetUri = targetUri + '/' + (renameTo || baseName(source.path));
        const dest = localPathOf(targetUri);
        if ((await statOf(dest)) && !overwrite && (await commonNames(source.path, dest, false)))
          throw new FileOpFailure(
            'exists',
            'Folder or one or more sub-directories already exists and overwrite not allowed',
          );
        await copySelected(source.path, st, dest, select);
      }
      return { json: okResult() };
    },
  );
}

/**
 * move: a file goes to `targetPath/<renameTo or its name>`: FILE_ALREADY_EXISTS when there and overwrite is not
 * true; missing parent folders are made only when createParentDirectories is true (read raw: absent is false).
 * A folder: targetPath must exist unless createParentDirectories; with includeParent it goes under its own name (or
 * renameTo); when not overwriting, a file name in both folders fails the move; its content is copied (filtered by
 * the advanced filters) and the source deleted, or, with filePattern, only matching files move (folders walked).
 * A missing source is "File/Folder does not exist." — OPERATION_ERROR, like every other failure (no retries).
 */
export async function moveOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'move',
      context: 'Error while performing file:move for file/folder ',
      kinds: { config: 'INVALID_CONFIGURATION', exists: 'FILE_ALREADY_EXISTS', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const createParents = bool(p, 'createParentDirectories');
      const includeParent = bool(p, 'includeParent');
      const overwrite = bool(p, 'overwrite');
      const renameTo = p('renameTo');
      const filePattern = p('filePattern');
      const source = resolvePath(conn, p('sourcePath'));
      shown = source.uri;
      let targetUri = resolvePath(conn, p('targetPath')).uri;
      const advanced = !!(
        p('includeFiles') ||
        p('excludeFiles') ||
        p('maxFileAge') ||
        p('timeBetweenSizeCheck')
      );
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('operation', 'File/Folder does not exist.');
      if (st.isFile()) {
        const dest = localPathOf(targetUri + '/' + (renameTo || baseName(source.path)));
        const there = await statOf(dest);
        if (!overwrite && there)
          throw new FileOpFailure('exists', 'Destination file already exists and overwrite not allowed');
        if (!(await statOf(dirname(dest)))) {
          if (!createParents)
            throw new FileOpFailure(
              'io',
              `Parent directory: ${urlOf(dirname(dest))} does not exist and createParentDirectories is set to false`,
            );
          await mkdir(dirname(dest), { recursive: true });
        }
        if (there?.isDirectory()) await rm(dest, { recursive: true, force: true });
        await moveEntry(source.path, dest);
        return { json: okResult() };
      }
      if (!(await statOf(localPathOf(targetUri))) && !createParents)
        throw new FileOpFailure('operation', 'Target folder does not exist and not configured to create');
      if (includeParent) targetUri = targetUri + '/' + (renameTo || baseName(source.path));
      const dest = localPathOf(targetUri);
      if (!(await moveFolder(source.path, dest, overwrite, advanced ? undefined : filePattern, p)))
        throw new FileOpFailure('operation', 'Error occurred while moving one or more File(s)/Folder.');
      return { json: okResult() };
    },
  );
}

async function moveFolder(
  src: string,
  dest: string,
  overwrite: boolean,
  filePattern: string | undefined,
  p: Params,
  depth = 0,
): Promise<boolean> {
  if (depth > MAX_DEPTH)
    throw new FileOpFailure('operation', `Folders nested deeper than ${MAX_DEPTH} levels`);
  if ((await statOf(dest)) && !overwrite && (await commonNames(src, dest, true))) return false;
  if (!filePattern) {
    const st = await statOf(src);
    if (!st) return true;
    await copySelected(src, st, dest, selectorOf(p, '', true));
    await rm(src, { recursive: true, force: true });
    return true;
  }
  const re = javaRegex(filePattern);
  let ok = true;
  for (const e of await entriesOf(src, newBudget())) {
    if (e.isFile) {
      if (!re.test(e.name)) continue;
      try {
        await mkdir(dest, { recursive: true });
        await moveEntry(e.path, join(dest, e.name));
      } catch {
        ok = false;
      }
    } else if (e.isDir) {
      if (!(await moveFolder(e.path, join(dest, e.name), overwrite, filePattern, p, depth + 1))) ok = false;
    } else ok = false;
  }
  return ok;
}

async function moveEntry(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV')
      throw new FileOpFailure('io', ioMessage(e, `rename "${urlOf(from)}" to "${urlOf(to)}"`));
    await copyFile(from, to);
    await unlink(from);
  }
}

/**
 * rename: the entry gets `renameTo` as its name in the same folder; a missing one is ILLEGAL_PATH ("File or folder
 * does not exist …"); an existing target without overwrite true is FILE_ALREADY_EXISTS ("Destination file already
 * exists and overwrite not allowed." — MI passes a null exception there and fails on it; the intended kind is kept).
 */
export async function renameOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'rename',
      context: 'Error while performing file:rename for file/folder ',
      kinds: {
        config: 'INVALID_CONFIGURATION',
        path: 'ILLEGAL_PATH',
        exists: 'FILE_ALREADY_EXISTS',
        runtime: 'UNCAUGHT',
      },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const overwrite = bool(p, 'overwrite');
      const newName = p('renameTo') ?? 'null';
      const source = resolvePath(conn, p('path'));
      shown = source.uri;
      const newUri = source.uri.slice(0, source.uri.lastIndexOf('/')) + '/' + newName;
      const dest = localPathOf(newUri);
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', `File or folder does not exist ${source.uri}`);
      const there = await statOf(dest);
      if (there && !overwrite)
        throw new FileOpFailure('exists', 'Destination file already exists and overwrite not allowed.');
      if (dest !== source.path) {
        if (there) await rm(dest, { recursive: true, force: true });
        await mkdir(dirname(dest), { recursive: true });
        await moveEntry(source.path, dest);
      }
      return { json: okResult() };
    },
  );
}
