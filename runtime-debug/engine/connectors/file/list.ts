/**
 * file.listFiles as ListFiles does it: the folder's entries, files filtered by `matchingPattern` (a whole-name
 * regex) or by the advanced filters (includeFiles / excludeFiles / maxFileAge; folders that do not match are kept),
 * sorted (FileSorter), `recursive` down to `subDirectoryMaxDepth`. Hierarchical: `{name, file: [...], directory:
 * [...]}` (each key only when not empty; sub-folders only when recursive); Flat: `{files: [{name, path}]}` with the
 * absolute path. `appendFileAttributes` makes each file an object with size, lastModifiedTime (ms), contentType
 * and contentEncoding (null for local files). A missing folder is ILLEGAL_PATH; a file is "Folder is expected."
 * (a generic failure: RETRY_EXHAUSTED).
 */
import { stat } from './fsops';
import { FileOpFailure } from './errors';
import { baseName, resolvePath, type FileConnection } from './connection';
import { okResult, runOperation, strParam, type FileOutcome, type Params } from './common';
import { advancedFilter, javaRegex } from './patterns';
import { entriesOf, newBudget, sortEntries, MAX_DEPTH, type DirEntry } from './entries';
import { guessContentType } from './read';

interface ListConfig {
  keep: ((e: DirEntry) => boolean) | undefined;
  recursive: boolean;
  maxDepth: number;
  sortAttribute: string;
  sortOrder: string;
  attributes: boolean;
  budget: { left: number };
}

export async function listFilesOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'listFiles',
      context: 'Error while performing file:listFiles for folder ',
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH' },
      generic: 'RETRY_EXHAUSTED',
      retries: true,
    },
    () => shown,
    async () => {
      const target = resolvePath(conn, p('directoryPath'));
      shown = target.uri;
      const format = p('responseFormat') || 'Hierarchical';
      const include = p('includeFiles');
      const exclude = p('excludeFiles');
      const age = p('maxFileAge');
      const pattern = p('matchingPattern');
      let keep: ListConfig['keep'];
      if (include || exclude || age) {
        const f = advancedFilter(p('fileFilterType'), include, exclude, age);
        keep = (e) => e.isDir || f(e);
      } else if (pattern) {
        const re = javaRegex(pattern);
        keep = (e) => e.isDir || re.test(e.name);
      }
      const depthRaw = p('subDirectoryMaxDepth');
      const depth = depthRaw && /^[+-]?\d+$/.test(depthRaw) ? Number(depthRaw) : -1;
      const cfg: ListConfig = {
        keep,
        recursive: (p('recursive') ?? '').toLowerCase() === 'true',
        maxDepth: depth < 0 ? MAX_DEPTH : Math.min(depth, MAX_DEPTH),
        sortAttribute: strParam(p, 'sortingAttribute', 'Name'),
        sortOrder: strParam(p, 'sortingOrder', 'Ascending'),
        attributes: (p('appendFileAttributes') ?? '').toLowerCase() === 'true',
        budget: newBudget(),
      };
      let st;
      try {
        st = await stat(target.path);
      } catch {
        st = undefined;
      }
      if (!st) throw new FileOpFailure('path', 'Folder does not exist.');
      if (!st.isDirectory()) throw new FileOpFailure('operation', 'Folder is expected.');
      if (format !== 'Hierarchical' && format !== 'Flat')
        throw new FileOpFailure('config', `Unknown responseFormat found ${format}`);
      const json = okResult();
      if (format === 'Flat') {
        const files: unknown[] = [];
        await flat(target.path, cfg, 0, files);
        json.files = { files };
      } else {
        json.directory = await hierarchical(target.path, cfg, 0);
      }
      return { json };
    },
  );
}

async function selected(dir: string, cfg: ListConfig): Promise<DirEntry[]> {
  let list = await entriesOf(dir, cfg.budget);
  if (cfg.keep) list = list.filter(cfg.keep);
  sortEntries(list, cfg.sortAttribute, cfg.sortOrder);
  return list;
}

function fileAttributes(e: DirEntry, withPath: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { name: e.name };
  if (withPath) o.path = e.path;
  return o;
}

function addAttributes(o: Record<string, unknown>, e: DirEntry): void {
  o.size = e.size;
  o.lastModifiedTime = Math.floor(e.mtimeMs);
  o.contentType = guessContentType(e.name) ?? null;
  o.contentEncoding = null;
}

async function hierarchical(dir: string, cfg: ListConfig, depth: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { name: baseName(dir) };
  const files: unknown[] = [];
  const dirs: unknown[] = [];
  for (const e of await selected(dir, cfg)) {
    if (e.isFile) {
      if (cfg.attributes) {
        const o = fileAttributes(e, false);
        addAttributes(o, e);
        files.push(o);
      } else files.push(e.name);
    } else if (e.isDir && cfg.recursive && depth < cfg.maxDepth) {
      dirs.push(await hierarchical(e.path, cfg, depth + 1));
    }
  }
  if (files.length) out.file = files;
  if (dirs.length) out.directory = dirs;
  return out;
}

async function flat(dir: string, cfg: ListConfig, depth: number, files: unknown[]): Promise<void> {
  for (const e of await selected(dir, cfg)) {
    if (e.isFile) {
      const o = fileAttributes(e, true);
      if (cfg.attributes) addAttributes(o, e);
      files.push(o);
    } else if (e.isDir && cfg.recursive && depth < cfg.maxDepth) {
      await flat(e.path, cfg, depth + 1, files);
    }
  }
}
