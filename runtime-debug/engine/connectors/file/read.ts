/**
 * file.read as ReadFile does it: `path` names a file, or a folder whose first entry matching `filePattern` (a
 * whole-name Java regex, `.*` by default) is read (entries in name order here; VFS lists them as the file system
 * does). Modes: Complete File, Starting From Line, Up To Line, Between Lines, Specific Line (lines joined by "\n"),
 * Metadata Only. The content type is `contentType`, else the one Java guesses from the file name (VFS
 * FileContentInfo through URLConnection's file name map), else none: MI's binary relay builder. The file's metadata
 * (FILE_LAST_MODIFIED_TIME in `metadataOutputFormat`, FILE_IS_DIR, FILE_PATH relative to the working folder,
 * FILE_URL, FILE_NAME, FILE_NAME_WITHOUT_EXTENSION, FILE_SIZE) become the response's attributes. A missing path is
 * ILLEGAL_PATH; a bad line-mode parameter INVALID_CONFIGURATION; a folder with nothing to read RETRY_EXHAUSTED.
 * A file larger than the runtime's body limit is refused (a FileOperationException here; MI has no limit).
 */
import { open } from 'node:fs/promises';
import { readdir, readFile, stat, urlOf, isRemoteFs } from './fsops';
import type { FsStat as Stats } from '../../remoteFs';
import { formatJavaDate } from '../../expr/dates';
import { FileOpFailure, ioMessage } from './errors';
import { baseName, nameWithoutExtension, resolvePath, type FileConnection } from './connection';
import { javaInt, requiredParam, runOperation, strParam, okResult, boolParam, isStable } from './common';
import type { FileOutcome, Params } from './common';
import { javaRegex } from './patterns';
import { withLock } from './locks';

export type ReadMode =
  'Complete File' | 'Starting From Line' | 'Up To Line' | 'Between Lines' | 'Specific Line' | 'Metadata Only';

const MODES: ReadMode[] = [
  'Complete File',
  'Starting From Line',
  'Up To Line',
  'Between Lines',
  'Specific Line',
  'Metadata Only',
];

const CONTEXT = 'Error while performing file:read for file/directory ';

/** The content types URLConnection's file name map gives for the extensions files are usually read with. */
const GUESSED: Record<string, string> = {
  xml: 'application/xml',
  json: 'application/json',
  txt: 'text/plain',
  text: 'text/plain',
  java: 'text/plain',
  c: 'text/plain',
  cc: 'text/plain',
  h: 'text/plain',
  pl: 'text/plain',
  htm: 'text/html',
  html: 'text/html',
  zip: 'application/zip',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
};

export function guessContentType(name: string): string | undefined {
  const i = name.lastIndexOf('.');
  return i < 0 ? undefined : GUESSED[name.slice(i + 1).toLowerCase()];
}

export interface ReadLimits {
  /** The largest file read into a message (the runtime's body limit). */
  maxBytes: number;
  /** The operation's overwriteBody. */
  overwriteBody: boolean;
}

export async function readFileOp(conn: FileConnection, p: Params, limits: ReadLimits): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'read',
      context: CONTEXT,
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH', lock: 'FILE_LOCKING_ERROR' },
      generic: 'RETRY_EXHAUSTED',
      retries: true,
    },
    () => shown,
    async () => {
      const path = requiredParam(p, 'path');
      const filePattern = strParam(p, 'filePattern', '.*');
      const modeRaw = strParam(p, 'readMode', 'Complete File');
      const mode = MODES.find((m) => m.toLowerCase() === modeRaw.toLowerCase());
      let contentType = strParam(p, 'contentType', '');
      const start = javaInt(strParam(p, 'startLineNum', '0'));
      const end = javaInt(strParam(p, 'endLineNum', '0'));
      const lineNum = javaInt(strParam(p, 'lineNum', '0'));
      const format = strParam(p, 'metadataOutputFormat', 'default');
      // streaming hands MI's builder a data source, which only the body can take (readFileContent)
      const streaming = boolParam(p, 'enableStreaming', false);
      if (!mode) throw new FileOpFailure('config', 'Unknown file read mode');
      validateLines(mode, start, end, lineNum);
      let relative = path;
      let target = resolvePath(conn, path);
      shown = target.uri;
      let st = await statOf(target.path);
      if (!st) throw new FileOpFailure('path', `File or folder not found: ${target.uri}`);
      if (st.isDirectory()) {
        const child = await firstMatching(target.path, filePattern);
        relative = relative + '/' + child;
        target = resolvePath(conn, relative);
        shown = target.uri;
        st = await statOf(target.path);
        if (!st) throw new FileOpFailure('io', `File or folder not found: ${target.uri}`);
      }
      const file = st;
      if (!(await isStable(target.path, p('timeBetweenSizeCheck'))))
        throw new FileOpFailure(
          'operation',
          `File is not stable (still being written). Cannot read at this time: ${target.uri}`,
        );
      const doRead = async (): Promise<FileOutcome> => {
        const attributes = metadata(relative, target.path, file, format);
        if (mode === 'Metadata Only') return { json: okResult(), attributes };
        if (file.isDirectory())
          throw new FileOpFailure(
            'io',
            `Could not read from "${fileUrl(target.path)}" because it is not a file.`,
          );
        if (file.size > limits.maxBytes)
          throw new FileOpFailure(
            'operation',
            `${fileUrl(target.path)} is ${file.size} bytes, over the embedded runtime's message limit of ${limits.maxBytes} bytes`,
          );
        if (streaming && !limits.overwriteBody)
          throw new FileOpFailure(
            'io',
            'The content cannot be stored in a variable while streaming is enabled',
          );
        let bytes = await readBounded(target.path, limits.maxBytes);
        if (mode !== 'Complete File') bytes = selectLines(bytes, mode, start, end, lineNum);
        if (!contentType) contentType = guessContentType(baseName(target.path)) ?? '';
        return { json: okResult(), attributes, content: { bytes, contentType } };
      };
      return boolParam(p, 'enableLock', false) ? withLock(conn, target.uri, doRead) : doRead();
    },
  );
}

function validateLines(mode: ReadMode, start: number, end: number, line: number): void {
  const bad = (m: string): never => {
    throw new FileOpFailure('config', m);
  };
  switch (mode) {
    case 'Starting From Line':
      if (start === 0) bad("Parameter 'startLineNum' is required for selected read mode");
      if (start < 0) bad("Parameter 'startLineNum' must be positive");
      break;
    case 'Up To Line':
      if (end === 0) bad("Parameter 'endLineNum' is required for selected read mode");
      if (end < 0) bad("Parameter 'endLineNum' must be positive");
      break;
    case 'Between Lines':
      if (start === 0 || end === 0)
        bad("Parameters 'startLineNum' and 'endLineNumber' are required for selected read mode");
      if (start < 0 || end < 0) bad("Parameter 'startLineNum' and 'endLineNumber' must be positive");
      if (end < start) bad("Parameter 'endLineNumber' should be greater than 'startLineNum'");
      break;
    case 'Specific Line':
      if (line === 0) bad("Parameter 'lineNum' is required for selected read mode");
      if (line < 0) bad("Parameter 'lineNum' should be positive");
      break;
    default:
      break;
  }
}

/** ReadFile.processStream / the Specific Line case: lines as BufferedReader splits them, joined by "\n". */
export function selectLines(bytes: Buffer, mode: ReadMode, start: number, end: number, line: number): Buffer {
  const text = bytes.toString('utf8');
  const lines = text === '' ? [] : text.split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === '' && /[\r\n]$/.test(text)) lines.pop();
  let picked: string[];
  switch (mode) {
    case 'Starting From Line':
      picked = lines.slice(start - 1);
      break;
    case 'Up To Line':
      // processStream(in, 1, end): with end 1 the range test fails and every line from the first is kept
      picked = end > 1 ? lines.slice(0, end) : lines;
      break;
    case 'Between Lines':
      // processStream: when end is not after start, only the start applies
      picked = end > start ? lines.slice(start - 1, end) : lines.slice(start - 1);
      break;
    case 'Specific Line':
      picked = line - 1 < lines.length ? [lines[line - 1]] : [''];
      break;
    default:
      picked = lines;
  }
  return Buffer.from(picked.join('\n'), 'utf8');
}

/** The first entry of a folder whose name matches the pattern (selectFileToRead), in name order. */
async function firstMatching(dir: string, pattern: string): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw new FileOpFailure('io', ioMessage(e, `list ${fileUrl(dir)}`));
  }
  if (names.length === 0)
    throw new FileOpFailure('operation', `There is no immediate files to read in the folder ${fileUrl(dir)}`);
  const re = javaRegex(pattern);
  const found = names.find((n) => re.test(n));
  if (found === undefined)
    throw new FileOpFailure(
      'operation',
      `There is no immediate files to read that matches with given pattern in the folder ${fileUrl(dir)}`,
    );
  return found;
}

const DATE_FORMATS: Record<string, string> = {
  iso8601: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  detailed: 'EEEE, MMMM dd, yyyy HH:mm:ss z',
  simple: 'yyyy-MM-dd HH:mm:ss',
};

/** ReadFile.getFileProperties. */
export function metadata(relative: string, path: string, st: Stats, format: string): Record<string, string> {
  const f = format.toLowerCase();
  const name = baseName(path);
  const mtime = Math.floor(st.mtimeMs);
  const out: Record<string, string> = {
    FILE_LAST_MODIFIED_TIME:
      f === 'unix'
        ? String(mtime)
        : formatJavaDate(new Date(mtime), DATE_FORMATS[f] ?? 'MM/dd/yyyy HH:mm:ss'),
    FILE_IS_DIR: String(st.isDirectory()),
    FILE_PATH: relative,
    FILE_URL: fileUrl(path),
    FILE_NAME: name,
    FILE_NAME_WITHOUT_EXTENSION: nameWithoutExtension(name),
    FILE_SIZE: String(st.isDirectory() ? 0 : st.size),
  };
  if (f === 'detailed') {
    const dot = name.lastIndexOf('.');
    out.fileExtension = dot > 0 && dot < name.length - 1 ? name.slice(dot + 1) : '';
    out.fileSizeReadable = readableSize(st.size);
    const ct = guessContentType(name);
    if (ct) out.contentType = ct;
    out.parentPath = path.slice(0, path.lastIndexOf('/')) || '/';
  }
  return out;
}

function readableSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(2)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FileOpFailure('io', ioMessage(e, `read ${fileUrl(path)}`));
  }
}

/** Reads at most `max` bytes (the file may grow between stat and read: what is past the limit is refused). */
async function readBounded(path: string, max: number): Promise<Buffer> {
  if (isRemoteFs()) {
    // a remote file is fetched whole: its size is checked first (the caller's stat), then the bytes received
    const data = await readFile(path).catch((e) => {
      throw new FileOpFailure('io', ioMessage(e, `read ${urlOf(path)}`));
    });
    if (data.length > max)
      throw new FileOpFailure('operation', `${urlOf(path)} grew over the message limit of ${max} bytes`);
    return data;
  }
  const fh = await open(path, 'r').catch((e) => {
    throw new FileOpFailure('io', ioMessage(e, `read ${fileUrl(path)}`));
  });
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > max)
        throw new FileOpFailure('operation', `${fileUrl(path)} grew over the message limit of ${max} bytes`);
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

function fileUrl(path: string): string {
  return urlOf(path);
}
