/**
 * file.write as WriteFile does it: the content is `contentOrExpression` (inline `${…}` already rendered) when not
 * empty, else the message body through its formatter; modes Overwrite (creates the file and its missing folders,
 * truncates), Create New (fails when the file exists: a FileOperationException, so RETRY_EXHAUSTED after the
 * retries), Append (the file must exist: ILLEGAL_PATH otherwise). Appending text content joins it to the file's
 * last line (or to line `appendPosition`) and writes the lines back, each ended by a new line, in `encoding`
 * (performContentAppend); appending the body adds its bytes at the end. `appendNewLine` adds "\n" after the content.
 * `mimeType` application/binary decodes the content from base64. `compress` writes a zip holding one entry named as
 * the file, at the file's path with `.zip` instead of its extension (Overwrite and Create New). `writeMode` must be
 * given (getModifiedFilePathForCompress reads it raw: INVALID_CONFIGURATION otherwise), and so must a `/` in
 * `filePath` (Java's substring(-1) fails: RETRY_EXHAUSTED).
 */
import { appendFile, chmod, mkdir, readFile, rename, stat, writeFile, urlOf } from './fsops';
import { dirname } from 'node:path';
import { writeZip } from '../../../../core/car/zipwrite';
import { encodeCharset } from '../../formats';
import { FileOpFailure, ioMessage } from './errors';
import { resolvePath, type FileConnection } from './connection';
import { withLock } from './locks';
import {
  boolParam,
  isStable,
  javaInt,
  okResult,
  requiredParam,
  runOperation,
  strParam,
  type FileOutcome,
  type Params,
} from './common';

export type WriteMode = 'Overwrite' | 'Append' | 'Create New';

/** The message body as its formatter writes it (after `mimeType`, when given, became the messageType). */
export type BodySource = (mimeType: string) => Promise<Buffer>;

const CONTEXT = 'Error while performing file:write for file ';

function writeModeOf(v: string): WriteMode | undefined {
  const l = v.toLowerCase();
  return l === 'overwrite'
    ? 'Overwrite'
    : l === 'append'
      ? 'Append'
      : l === 'create new'
        ? 'Create New'
        : undefined;
}

export async function writeFileOp(conn: FileConnection, p: Params, body: BodySource): Promise<FileOutcome> {
  let shown: string | undefined;
  return runOperation(
    p,
    {
      op: 'write',
      context: CONTEXT,
      kinds: { config: 'INVALID_CONFIGURATION', path: 'ILLEGAL_PATH', lock: 'FILE_LOCKING_ERROR' },
      generic: 'RETRY_EXHAUSTED',
      retries: true,
    },
    () => shown,
    async () => {
      let filePath = requiredParam(p, 'filePath');
      shown = filePath;
      const writeModeRaw = strParam(p, 'writeMode', 'Overwrite');
      const mode = writeModeOf(writeModeRaw);
      const content = p('contentOrExpression') ?? '';
      const encoding = strParam(p, 'encoding', 'UTF-8');
      const mimeType = strParam(p, 'mimeType', '');
      const compress = boolParam(p, 'compress', false);
      const streaming = boolParam(p, 'enableStreaming', false);
      let appendNewLine = boolParam(p, 'appendNewLine', false);
      let appendPosition = javaInt(strParam(p, 'appendPosition', String(2147483647)));
      const permission = strParam(p, 'updateFilePermission', '');
      const entryName = filePath.slice(filePath.lastIndexOf('/') + 1);
      // getModifiedFilePathForCompress
      if (!p('writeMode'))
        throw new FileOpFailure('config', "Mandatory parameter 'writeMode' is not provided");
      const slash = filePath.lastIndexOf('/');
      if (slash < 0)
        throw new FileOpFailure('io', `begin -1, end ${filePath.length}, length ${filePath.length}`);
      if (mode !== 'Append' && compress) {
        const name = filePath.slice(slash).split('.')[0];
        filePath = filePath.slice(0, slash) + name + '.zip';
      }
      const target = resolvePath(conn, filePath);
      shown = target.uri;
      const st = await statOf(target.path);
      if (st?.isDirectory()) throw new FileOpFailure('path', `Path does not point to a file ${target.uri}`);
      if (st && !(await isStable(target.path, p('timeBetweenSizeCheck'))))
        throw new FileOpFailure(
          'operation',
          `File is not stable (still being written). Cannot write at this time: ${target.uri}`,
        );
      const locked = boolParam(p, 'enableLock', false);
      const doWrite = async (): Promise<FileOutcome> => {
        if (streaming) {
          appendPosition = 2147483647;
          appendNewLine = false;
        }
        const text = content !== '' ? (appendNewLine ? content + '\n' : content) : undefined;
        const contentBytes = (): Buffer =>
          mimeType === 'application/binary' ? Buffer.from(text!, 'base64') : encodeCharset(text!, encoding);
        const zipped = (data: Buffer): Buffer => (compress ? writeZip([{ path: entryName, data }]) : data);
        let written: number;
        if (mode === 'Create New') {
          if (st)
            throw new FileOpFailure(
              'operation',
              `Target file already exists. Path = ${fileUrl(target.path)}`,
            );
          const data =
            text !== undefined ? contentBytes() : await bodyBytes(body, mimeType, appendNewLine && !compress);
          await ensureParent(target.path);
          const tmp = target.path + '.tmp';
          await writeFile(tmp, zipped(data)).catch((e) => {
            throw new FileOpFailure('io', ioMessage(e, `write ${fileUrl(tmp)}`));
          });
          await rename(tmp, target.path);
          written = data.length;
        } else if (mode === 'Overwrite') {
          const data =
            text !== undefined ? contentBytes() : await bodyBytes(body, mimeType, appendNewLine && !compress);
          await ensureParent(target.path);
          await writeFile(target.path, zipped(data)).catch((e) => {
            throw new FileOpFailure('io', ioMessage(e, `write ${fileUrl(target.path)}`));
          });
          written = data.length;
        } else if (mode === 'Append') {
          if (appendPosition <= 0)
            throw new FileOpFailure('operation', 'Invalid file append position. Expecting a positive value');
          if (!st) throw new FileOpFailure('path', `File to append is not found: ${fileUrl(target.path)}`);
          if (text !== undefined) {
            const old = (await readFile(target.path)).toString('utf8');
            const lines = javaLines(old);
            if (appendPosition <= lines.length) lines[appendPosition - 1] += text;
            else if (lines.length > 0) lines[lines.length - 1] += text;
            else lines.push(text);
            const data = encodeCharset(lines.map((l) => l + '\n').join(''), encoding);
            await writeFile(target.path, data);
            written = data.length;
          } else {
            const data = await bodyBytes(body, mimeType, appendNewLine && !compress);
            await appendFile(target.path, zipped(data));
            written = data.length;
          }
        } else {
          throw new FileOpFailure('io', `Unexpected File Write Mode: ${writeModeRaw}`);
        }
        if (/^\d{3,4}$/.test(permission))
          await chmod(target.path, parseInt(permission, 8) & 0o7777).catch(() => {});
        return { json: okResult(written) };
      };
      return locked ? withLock(conn, target.uri, doWrite) : doWrite();
    },
  );
}

async function bodyBytes(body: BodySource, mimeType: string, newLine: boolean): Promise<Buffer> {
  const b = await body(mimeType);
  return newLine ? Buffer.concat([b, Buffer.from('\n')]) : b;
}

async function statOf(path: string): Promise<import('../../remoteFs').FsStat | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new FileOpFailure('io', ioMessage(e, `read ${fileUrl(path)}`));
  }
}

/** VFS createFile creates the missing folders above the file. */
async function ensureParent(path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    throw new FileOpFailure('io', ioMessage(e, `create the folder ${fileUrl(dirname(path))}`));
  }
}

/** The lines as Java's BufferedReader.lines() splits them (\n, \r\n or \r; no empty line after the last break). */
export function javaLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A local path as VFS shows a file's URL. */
export function fileUrl(path: string): string {
  return urlOf(path);
}
