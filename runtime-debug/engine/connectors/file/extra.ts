/**
 * mergeFiles (MergeFiles), splitFile (SplitFile) and fetchDirectoryContent (FetchContentToList).
 *
 * - mergeFiles: the source folder's entries (in name order here; VFS lists them as the file system does) appended
 *   to targetFilePath — overwritten first when writeMode is Overwrite, else appended to (the target is made when
 *   missing); a whole-name `filePattern` or the advanced filters choose them. A folder among the chosen entries
 *   fails the merge (its content cannot be read: OPERATION_ERROR), except with the advanced filters (skipped).
 *   `detail: {numberOfMergedFiles, totalWrittenBytes}` counts the entries that added bytes.
 * - splitFile: `Chunk Size` writes parts of chunkSize bytes — each part is the whole read buffer, so the last one
 *   carries the previous chunk's tail after the remainder, as MI writes it; `Line Count` writes lineCount lines per
 *   part, each ended by "\n", and answers the number of full parts (a last partial part is written, not counted);
 *   `XPATH Expression` writes each selected node inside an element named as its parent, to `<parent><n>.xml`. Parts
 *   are named `<name before the first dot><n>.<text after it>` in targetDirectory (made when missing); a source name
 *   without a dot is MI's uncaught ArrayIndexOutOfBoundsException (a fault with code 0).
 * - fetchDirectoryContent: the base64 content of each file (recursive when asked), sorted, into the property
 *   `resultPropertyName` as a list; bounded by the body limit.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, readFile, stat, writeFile, urlOf, isRemoteFs } from './fsops';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as slimdom from 'slimdom';
import { evaluateXPathToNodes } from 'fontoxpath';
import { parsePayloadXml } from '../../payloadXml';
import { serializeXml } from '../../xml/serialize';
import { FileOpFailure, ioMessage } from './errors';
import { baseName, localPathOf, resolvePath, type FileConnection } from './connection';
import { isStable, okResult, runOperation, strParam, type FileOutcome, type Params } from './common';
import { advancedFilter, javaRegex } from './patterns';
import { entriesOf, newBudget, sortEntries, MAX_DEPTH, type DirEntry } from './entries';

async function statOf(path: string): Promise<import('../../remoteFs').FsStat | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

export async function mergeFilesOp(conn: FileConnection, p: Params): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'mergeFiles',
      context: 'Error while performing file:merge for directory ',
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const source = resolvePath(conn, p('sourceDirectoryPath'));
      const target = resolvePath(conn, p('targetFilePath'));
      shown = source.uri;
      const writeMode = p('writeMode');
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', `Directory not found: ${source.uri}`);
      if (!st.isDirectory())
        throw new FileOpFailure('path', `Source Path does not point to a directory: ${source.uri}`);
      const existing = await statOf(target.path);
      if (existing && writeMode === undefined)
        throw new FileOpFailure('runtime', 'writeMode is not given (MI: a NullPointerException)');
      await mkdir(localPathOf(target.uri.slice(0, target.uri.lastIndexOf('/')) || '/'), { recursive: true });
      if (!existing || writeMode === 'Overwrite') await writeFile(target.path, Buffer.alloc(0));
      const include = p('includeFiles');
      const exclude = p('excludeFiles');
      const age = p('maxFileAge');
      const advanced =
        include || exclude || age ? advancedFilter(p('fileFilterType'), include, exclude, age) : undefined;
      const pattern = p('filePattern');
      const re = pattern ? javaRegex(pattern) : undefined;
      const children = await entriesOf(source.path, newBudget());
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      let merged = 0;
      let total = 0;
      const interval = p('timeBetweenSizeCheck');
      for (const c of children) {
        if (c.path === target.path) continue;
        if (interval && c.isFile && !(await isStable(c.path, interval))) continue;
        if (advanced ? !advanced(c) || !c.isFile : re && !re.test(c.name)) continue;
        if (!c.isFile)
          throw new FileOpFailure('io', `Could not read from "${urlOf(c.path)}" because it is not a file.`);
        const size = (await stat(c.path)).size;
        try {
          if (isRemoteFs()) await appendFile(target.path, await readFile(c.path));
          else await pipeline(createReadStream(c.path), createWriteStream(target.path, { flags: 'a' }));
        } catch (e) {
          throw new FileOpFailure('io', ioMessage(e, `append "${urlOf(c.path)}"`));
        }
        if (size !== 0) {
          merged++;
          total += size;
        }
      }
      const json = okResult();
      json.detail = { numberOfMergedFiles: merged, totalWrittenBytes: total };
      return { json };
    },
  );
}

const SPLIT_MODES = ['Chunk Size', 'Line Count', 'XPATH Expression'] as const;

export async function splitFileOp(conn: FileConnection, p: Params, maxBytes: number): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'splitFile',
      context: 'Error while performing file:split for file ',
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH', runtime: 'UNCAUGHT' },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const modeRaw = p('splitMode');
      if (!modeRaw) throw new FileOpFailure('config', "Parameter 'splitMode' is not provided");
      const mode = SPLIT_MODES.find((m) => m.toLowerCase() === modeRaw.toLowerCase());
      if (!mode) throw new FileOpFailure('config', "Unknown 'splitMode' is provided");
      const source = resolvePath(conn, p('sourceFilePath'));
      const targetUri = resolvePath(conn, p('targetDirectory')).uri;
      const target = localPathOf(targetUri);
      shown = source.uri;
      const st = await statOf(source.path);
      if (!st) throw new FileOpFailure('path', `File not found: ${source.uri}`);
      if (!st.isFile())
        throw new FileOpFailure('path', `Source Path does not point to a file: ${source.uri}`);
      if (st.size > maxBytes)
        throw new FileOpFailure(
          'operation',
          `${source.uri} is ${st.size} bytes, over the limit of ${maxBytes}`,
        );
      await mkdir(target, { recursive: true });
      if (!(await isStable(source.path, p('timeBetweenSizeCheck'))))
        throw new FileOpFailure('io', 'File is not stable (still being written). Cannot split at this time.');
      const name = baseName(source.path);
      // createFilePart: name.split("\\.") [0] and [1]
      const parts = name.split('.');
      const partName = (n: number): string => {
        if (parts.length < 2)
          throw new FileOpFailure('runtime', `Index 1 out of bounds for length ${parts.length}`);
        return join(target, `${parts[0]}${n}.${parts[1]}`);
      };
      const data = await readFile(source.path);
      let count = 0;
      if (mode === 'Chunk Size') {
        const raw = p('chunkSize');
        if (!raw) throw new FileOpFailure('config', "Parameter 'chunkSize' is not provided");
        const size = Number(raw);
        if (!/^\d+$/.test(raw) || size <= 0 || size > maxBytes)
          throw new FileOpFailure('runtime', `For input string: "${raw}"`);
        const buf = Buffer.alloc(size);
        for (let at = 0; at < data.length; at += size) {
          data.copy(buf, 0, at, Math.min(at + size, data.length));
          await writeFile(partName(count), buf);
          count++;
        }
      } else if (mode === 'Line Count') {
        const raw = p('lineCount');
        if (!raw) throw new FileOpFailure('config', "Parameter 'lineCount' is not provided");
        const lines = data.toString('utf8') === '' ? [] : data.toString('utf8').split(/\r\n|\r|\n/);
        if (lines.length && lines[lines.length - 1] === '' && /[\r\n]$/.test(data.toString('utf8')))
          lines.pop();
        const per = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
        if (lines.length > 0 && !Number.isInteger(per))
          throw new FileOpFailure('runtime', `For input string: "${raw}"`);
        let current: string[] = [];
        await writeFile(partName(0), '');
        for (const line of lines) {
          current.push(line + '\n');
          if (current.length === per) {
            await writeFile(partName(count), current.join(''));
            count++;
            current = [];
          }
        }
        if (current.length) await writeFile(partName(count), current.join(''));
      } else {
        const expr = p('xpathExpression');
        if (!expr) throw new FileOpFailure('config', "Parameter 'xpathExpression' is not provided");
        let doc: slimdom.Document;
        try {
          doc = parsePayloadXml(data.toString('utf8'));
        } catch (e) {
          throw new FileOpFailure(
            'operation',
            `Failed to read source xml file ${name}: ${(e as Error).message}`,
          );
        }
        let nodes: slimdom.Node[];
        try {
          nodes = evaluateXPathToNodes(expr, doc) as slimdom.Node[];
        } catch (e) {
          throw new FileOpFailure(
            'operation',
            `Error while evaluating xpath expression ${expr}: ${(e as Error).message}`,
          );
        }
        for (let i = 0; i < nodes.length; i++) {
          const n = nodes[i];
          const parent = n.parentNode;
          const parentName =
            parent && parent.nodeType === 1 ? (parent as slimdom.Element).nodeName : '#document';
          const out = new slimdom.Document();
          const root = out.createElement(parentName);
          out.appendChild(root);
          root.appendChild(out.importNode(n, true));
          await writeFile(
            join(target, `${parentName}${i + 1}.xml`),
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' + serializeXml(root),
          );
        }
        count = nodes.length;
      }
      const json = okResult();
      json.numberOfSplits = count;
      return { json };
    },
  );
}

export async function fetchDirectoryContentOp(
  conn: FileConnection,
  p: Params,
  maxBytes: number,
): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'fetchDirectoryContent',
      context: 'Error while performing file:fetchContent for folder ',
      kinds: {
        config: 'INVALID_CONFIGURATION',
        path: 'ILLEGAL_PATH',
        operation: 'UNCAUGHT',
        runtime: 'UNCAUGHT',
      },
      generic: 'OPERATION_ERROR',
      retries: false,
    },
    () => shown,
    async () => {
      const folder = resolvePath(conn, p('directoryPath'));
      shown = folder.uri;
      const re = javaRegex(p('matchingPattern') || '.*');
      const property = strParam(p, 'resultPropertyName', '');
      const recursive = (p('recursive') ?? '').toLowerCase() === 'true';
      const attribute = strParam(p, 'sortingAttribute', 'Name');
      const order = strParam(p, 'sortingOrder', 'Ascending');
      const st = await statOf(folder.path);
      if (!st) throw new FileOpFailure('path', 'Folder does not exist.');
      if (!st.isDirectory()) throw new FileOpFailure('operation', 'Folder is expected.');
      const out: string[] = [];
      let left = maxBytes;
      const budget = newBudget();
      const walk = async (dir: string, depth: number): Promise<void> => {
        if (depth > MAX_DEPTH)
          throw new FileOpFailure('operation', `Folders nested deeper than ${MAX_DEPTH} levels`);
        const list: DirEntry[] = (await entriesOf(dir, budget)).filter((e) => e.isDir || re.test(e.name));
        sortEntries(list, attribute, order);
        for (const e of list) {
          if (e.isFile) {
            left -= e.size;
            if (left < 0)
              throw new FileOpFailure(
                'io',
                `The folder's content is over the message limit of ${maxBytes} bytes`,
              );
            out.push((await readFile(e.path)).toString('base64'));
          } else if (e.isDir && recursive) await walk(e.path, depth + 1);
        }
      };
      await walk(folder.path, 0);
      return { json: okResult(), property: { name: property, value: out } };
    },
  );
}
