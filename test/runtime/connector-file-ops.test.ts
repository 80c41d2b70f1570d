/**
 * The File connector's operations as functions over a temporary folder (runtime-debug/engine/connectors/file): path
 * resolution as the connector concatenates and VFS resolves, each operation's result document, and the error kinds
 * its catch blocks give (esb-connector-file operations/*.java, utils/Error.java).
 */
import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  readdirSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectionOf,
  localPathOf,
  resolvePath,
  type FileConnection,
} from '../../runtime-debug/engine/connectors/file/connection';
import { FileOpError } from '../../runtime-debug/engine/connectors/file/errors';
import { errorResult, type Params } from '../../runtime-debug/engine/connectors/file/common';
import { writeFileOp, javaLines } from '../../runtime-debug/engine/connectors/file/write';
import { readFileOp, selectLines } from '../../runtime-debug/engine/connectors/file/read';
import { listFilesOp } from '../../runtime-debug/engine/connectors/file/list';
import {
  checkExistOp,
  copyOp,
  createDirectoryOp,
  deleteOp,
  moveOp,
  renameOp,
} from '../../runtime-debug/engine/connectors/file/manage';
import { antRegex, advancedFilter } from '../../runtime-debug/engine/connectors/file/patterns';
import { compressOp, exploreZipFileOp, unzipOp } from '../../runtime-debug/engine/connectors/file/zip';
import { FileOpUncaught } from '../../runtime-debug/engine/connectors/file/errors';
import {
  fetchDirectoryContentOp,
  mergeFilesOp,
  splitFileOp,
} from '../../runtime-debug/engine/connectors/file/extra';
import { writeZip } from '../../core/car/zipwrite';
import { gzipSync } from 'node:zlib';

const params =
  (o: Record<string, string>): Params =>
  (n) =>
    o[n];

async function failsWith(p: Promise<unknown>, kind: string, detail?: RegExp): Promise<FileOpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FileOpError, `expected a FileOpError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind (detail: ${e.detail})`);
    if (detail) assert.match(e.detail, detail);
    return e;
  }
  assert.fail(`expected ${kind}`);
}

const noBody = async (): Promise<Buffer> => {
  throw new Error('the body was read');
};

describe('File connector operations (local files)', () => {
  let dir: string;
  let conn: FileConnection;
  const limits = { maxBytes: 1024 * 1024, overwriteBody: false };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fconn-'));
    conn = connectionOf(
      params({ name: 'Drop', connectionType: 'LOCAL', workingDir: dir, fileLockScheme: 'Local' }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('connection and paths', () => {
    it('builds the base as file:// + / + workingDir and appends the path as written', () => {
      assert.equal(conn.base, `file:///${dir}`);
      assert.equal(resolvePath(conn, '/in/a.txt').path, join(dir, 'in/a.txt'));
      // a plain concatenation: no separator is added
      assert.equal(resolvePath(conn, 'a.txt').path, `${dir}a.txt`);
      assert.equal(localPathOf('file:////tmp//x/./y/../z%20q.txt'), '/tmp/x/z q.txt');
      assert.throws(() => localPathOf('file:///../etc'), /Invalid relative file name/);
    });
    it('refuses a connection without type or lock scheme (INVALID_CONFIGURATION), and an unknown type', () => {
      for (const bad of <Record<string, string>[]>[
        { name: 'a', fileLockScheme: 'Local' },
        { name: 'a', connectionType: 'LOCAL' },
        { name: 'a', connectionType: 'NFS', fileLockScheme: 'Local' },
        { connectionType: 'LOCAL', fileLockScheme: 'Local' },
      ]) {
        assert.throws(
          () => connectionOf(params(bad)),
          (e: unknown) => e instanceof FileOpError && e.kind === 'INVALID_CONFIGURATION',
        );
      }
      assert.equal(
        connectionOf(params({ name: 'f', connectionType: 'SFTP', fileLockScheme: 'Local' })).protocol,
        'SFTP',
      );
    });
    it('maps error kinds to MI codes and builds the error document', () => {
      const e = new FileOpError('ILLEGAL_PATH', 'File or folder not found: x', 'ctx');
      assert.equal(e.code, '700102');
      assert.equal(e.errorMessage, 'FILE:ILLEGAL_PATH');
      assert.deepEqual(errorResult(e), {
        success: false,
        error: { code: '700102', message: 'FILE:ILLEGAL_PATH', detail: 'File or folder not found: x' },
      });
    });
  });

  describe('write', () => {
    it('writes content in Overwrite mode, creating the folders, and counts the bytes', async () => {
      const r = await writeFileOp(
        conn,
        params({ filePath: '/out/deep/note.txt', contentOrExpression: 'héllo', writeMode: 'Overwrite' }),
        noBody,
      );
      assert.deepEqual(r.json, { success: true, writtenBytes: 6 });
      assert.equal(readFileSync(join(dir, 'out/deep/note.txt'), 'utf8'), 'héllo');
      await writeFileOp(
        conn,
        params({ filePath: '/out/deep/note.txt', contentOrExpression: 'x', writeMode: 'Overwrite' }),
        noBody,
      );
      assert.equal(readFileSync(join(dir, 'out/deep/note.txt'), 'utf8'), 'x');
    });
    it('writes the body when there is no content, with appendNewLine', async () => {
      let asked = '';
      const r = await writeFileOp(
        conn,
        params({
          filePath: '/b.json',
          writeMode: 'Overwrite',
          appendNewLine: 'true',
          mimeType: 'application/json',
        }),
        async (mt) => {
          asked = mt;
          return Buffer.from('{"k":1}');
        },
      );
      assert.equal(asked, 'application/json');
      assert.equal(readFileSync(join(dir, 'b.json'), 'utf8'), '{"k":1}\n');
      assert.equal(r.json.writtenBytes, 8);
    });
    it('encodes content in the given encoding and decodes application/binary from base64', async () => {
      await writeFileOp(
        conn,
        params({
          filePath: '/l1.txt',
          contentOrExpression: 'é',
          encoding: 'ISO-8859-1',
          writeMode: 'Overwrite',
        }),
        noBody,
      );
      assert.deepEqual([...readFileSync(join(dir, 'l1.txt'))], [0xe9]);
      await writeFileOp(
        conn,
        params({
          filePath: '/bin.dat',
          contentOrExpression: Buffer.from([1, 2, 255]).toString('base64'),
          mimeType: 'application/binary',
          writeMode: 'Overwrite',
        }),
        noBody,
      );
      assert.deepEqual([...readFileSync(join(dir, 'bin.dat'))], [1, 2, 255]);
    });
    it('appends text to the last line (or to appendPosition) and writes the lines back', async () => {
      writeFileSync(join(dir, 'log.txt'), 'one\ntwo\n');
      const r = await writeFileOp(
        conn,
        params({ filePath: '/log.txt', contentOrExpression: '+', writeMode: 'Append' }),
        noBody,
      );
      assert.equal(readFileSync(join(dir, 'log.txt'), 'utf8'), 'one\ntwo+\n');
      assert.equal(r.json.writtenBytes, 9);
      await writeFileOp(
        conn,
        params({ filePath: '/log.txt', contentOrExpression: '!', writeMode: 'Append', appendPosition: '1' }),
        noBody,
      );
      assert.equal(readFileSync(join(dir, 'log.txt'), 'utf8'), 'one!\ntwo+\n');
    });
    it('appends the body bytes at the end', async () => {
      writeFileSync(join(dir, 'acc.txt'), 'a');
      await writeFileOp(conn, params({ filePath: '/acc.txt', writeMode: 'Append' }), async () =>
        Buffer.from('bc'),
      );
      assert.equal(readFileSync(join(dir, 'acc.txt'), 'utf8'), 'abc');
    });
    it('fails as MI does: Append to a missing file (ILLEGAL_PATH), Create New over a file (RETRY_EXHAUSTED)', async () => {
      await failsWith(
        writeFileOp(
          conn,
          params({ filePath: '/none.txt', contentOrExpression: 'x', writeMode: 'Append' }),
          noBody,
        ),
        'ILLEGAL_PATH',
        /File to append is not found: file:\/\/.*none\.txt/,
      );
      writeFileSync(join(dir, 'once.txt'), 'first');
      await failsWith(
        writeFileOp(
          conn,
          params({ filePath: '/once.txt', contentOrExpression: 'x', writeMode: 'Create New' }),
          noBody,
        ),
        'RETRY_EXHAUSTED',
        /Target file already exists/,
      );
      assert.equal(readFileSync(join(dir, 'once.txt'), 'utf8'), 'first');
      await writeFileOp(
        conn,
        params({ filePath: '/twice.txt', contentOrExpression: 'new', writeMode: 'Create New' }),
        noBody,
      );
      assert.equal(readFileSync(join(dir, 'twice.txt'), 'utf8'), 'new');
      assert.ok(!existsSync(join(dir, 'twice.txt.tmp')));
    });
    it('fails on a folder path (ILLEGAL_PATH), without filePath or writeMode (INVALID_CONFIGURATION), and a path with no /', async () => {
      mkdirSync(join(dir, 'sub'));
      await failsWith(
        writeFileOp(
          conn,
          params({ filePath: '/sub', contentOrExpression: 'x', writeMode: 'Overwrite' }),
          noBody,
        ),
        'ILLEGAL_PATH',
        /Path does not point to a file/,
      );
      await failsWith(
        writeFileOp(conn, params({ contentOrExpression: 'x', writeMode: 'Overwrite' }), noBody),
        'INVALID_CONFIGURATION',
        /Parameter 'filePath' is not provided/,
      );
      await failsWith(
        writeFileOp(conn, params({ filePath: '/a.txt', contentOrExpression: 'x' }), noBody),
        'INVALID_CONFIGURATION',
        /writeMode/,
      );
      await failsWith(
        writeFileOp(
          conn,
          params({ filePath: 'a.txt', contentOrExpression: 'x', writeMode: 'Overwrite' }),
          noBody,
        ),
        'RETRY_EXHAUSTED',
        /begin -1/,
      );
      await failsWith(
        writeFileOp(
          conn,
          params({ filePath: '/a.txt', contentOrExpression: 'x', writeMode: 'Append', appendPosition: '0' }),
          noBody,
        ),
        'RETRY_EXHAUSTED',
        /append position/,
      );
    });
    it('compresses into <name>.zip holding one entry named as the file', async () => {
      const r = await writeFileOp(
        conn,
        params({
          filePath: '/z/report.csv',
          contentOrExpression: 'a,b',
          writeMode: 'Overwrite',
          compress: 'true',
        }),
        noBody,
      );
      assert.equal(r.json.writtenBytes, 3);
      const zip = readFileSync(join(dir, 'z/report.zip'));
      assert.equal(zip.readUInt32LE(0), 0x04034b50);
      assert.ok(zip.includes(Buffer.from('report.csv')));
      assert.ok(!existsSync(join(dir, 'z/report.csv')));
    });
    it('retries a generic failure maxRetries times before RETRY_EXHAUSTED', async () => {
      writeFileSync(join(dir, 'busy.txt'), 'x');
      const t0 = Date.now();
      await failsWith(
        writeFileOp(
          conn,
          params({
            filePath: '/busy.txt',
            contentOrExpression: 'x',
            writeMode: 'Create New',
            maxRetries: '3',
            retryDelay: '40',
          }),
          noBody,
        ),
        'RETRY_EXHAUSTED',
      );
      // three attempts, two waits between them
      assert.ok(Date.now() - t0 >= 75, `took ${Date.now() - t0} ms`);
    });
    it('enableLock: a second write of the same file while the first holds the lock is FILE_LOCKING_ERROR', async () => {
      // the first write's body is asked for once it holds the lock, and given once the second write has failed
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const slow = async (): Promise<Buffer> => {
        entered();
        await released;
        return Buffer.from('first');
      };
      const p1 = writeFileOp(
        conn,
        params({ filePath: '/locked.txt', writeMode: 'Overwrite', enableLock: 'true' }),
        slow,
      );
      await inside;
      await failsWith(
        writeFileOp(
          conn,
          params({
            filePath: '/locked.txt',
            contentOrExpression: 'x',
            writeMode: 'Overwrite',
            enableLock: 'true',
          }),
          noBody,
        ),
        'FILE_LOCKING_ERROR',
        /Failed to acquire lock for file .*locked\.txt/,
      ).finally(release);
      await p1;
      assert.equal(readFileSync(join(dir, 'locked.txt'), 'utf8'), 'first');
      // released: the next one goes through
      await writeFileOp(
        conn,
        params({
          filePath: '/locked.txt',
          contentOrExpression: 'second',
          writeMode: 'Overwrite',
          enableLock: 'true',
        }),
        noBody,
      );
      assert.equal(readFileSync(join(dir, 'locked.txt'), 'utf8'), 'second');
    });
    it('splits lines as BufferedReader does', () => {
      assert.deepEqual(javaLines('a\r\nb\rc\n'), ['a', 'b', 'c']);
      assert.deepEqual(javaLines(''), []);
      assert.deepEqual(javaLines('\n'), ['']);
    });
  });

  describe('read', () => {
    it('reads a file with its metadata and the content type guessed from its name', async () => {
      writeFileSync(join(dir, 'order.json'), '{"id":7}');
      const mtime = new Date(2026, 0, 2, 3, 4, 5);
      utimesSync(join(dir, 'order.json'), mtime, mtime);
      const r = await readFileOp(conn, params({ path: '/order.json' }), limits);
      assert.equal(r.content!.contentType, 'application/json');
      assert.equal(r.content!.bytes.toString(), '{"id":7}');
      assert.deepEqual(r.json, { success: true });
      assert.deepEqual(r.attributes, {
        FILE_LAST_MODIFIED_TIME: '01/02/2026 03:04:05',
        FILE_IS_DIR: 'false',
        FILE_PATH: '/order.json',
        FILE_URL: `file://${join(dir, 'order.json')}`,
        FILE_NAME: 'order.json',
        FILE_NAME_WITHOUT_EXTENSION: 'order',
        FILE_SIZE: '8',
      });
      const u = await readFileOp(
        conn,
        params({ path: '/order.json', metadataOutputFormat: 'unix', readMode: 'Metadata Only' }),
        limits,
      );
      assert.equal(u.attributes!.FILE_LAST_MODIFIED_TIME, String(mtime.getTime()));
      assert.equal(u.content, undefined);
    });
    it('reads the first matching entry of a folder, and fails when none matches', async () => {
      mkdirSync(join(dir, 'in'));
      writeFileSync(join(dir, 'in/b.xml'), '<b/>');
      writeFileSync(join(dir, 'in/a.txt'), 'A');
      const r = await readFileOp(conn, params({ path: '/in', filePattern: '.*\\.xml' }), limits);
      assert.equal(r.attributes!.FILE_PATH, '/in/b.xml');
      assert.equal(r.content!.contentType, 'application/xml');
      await failsWith(
        readFileOp(conn, params({ path: '/in', filePattern: '.*\\.csv' }), limits),
        'RETRY_EXHAUSTED',
        /no immediate files to read that matches/,
      );
    });
    it('reads lines in the line modes', async () => {
      writeFileSync(join(dir, 'l.txt'), 'l1\nl2\nl3\nl4\n');
      const read = async (o: Record<string, string>): Promise<string> =>
        (await readFileOp(conn, params({ path: '/l.txt', ...o }), limits)).content!.bytes.toString();
      assert.equal(await read({ readMode: 'Starting From Line', startLineNum: '3' }), 'l3\nl4');
      assert.equal(await read({ readMode: 'Up To Line', endLineNum: '2' }), 'l1\nl2');
      assert.equal(await read({ readMode: 'Between Lines', startLineNum: '2', endLineNum: '3' }), 'l2\nl3');
      assert.equal(await read({ readMode: 'Specific Line', lineNum: '4' }), 'l4');
      assert.equal(await read({ readMode: 'Specific Line', lineNum: '9' }), '');
      assert.equal(selectLines(Buffer.from('a\nb'), 'Up To Line', 0, 1, 0).toString(), 'a\nb');
      await failsWith(
        readFileOp(
          conn,
          params({ path: '/l.txt', readMode: 'Between Lines', startLineNum: '3', endLineNum: '2' }),
          limits,
        ),
        'INVALID_CONFIGURATION',
        /should be greater/,
      );
      await failsWith(
        readFileOp(conn, params({ path: '/l.txt', readMode: 'Sideways' }), limits),
        'INVALID_CONFIGURATION',
        /Unknown file read mode/,
      );
    });
    it('timeBetweenSizeCheck: a file still growing is not read (RETRY_EXHAUSTED), a stable one is', async () => {
      writeFileSync(join(dir, 'growing.txt'), 'a');
      const timer = setTimeout(() => writeFileSync(join(dir, 'growing.txt'), 'abc'), 15);
      await failsWith(
        readFileOp(conn, params({ path: '/growing.txt', timeBetweenSizeCheck: '60' }), limits),
        'RETRY_EXHAUSTED',
        /File is not stable \(still being written\)/,
      );
      clearTimeout(timer);
      const r = await readFileOp(conn, params({ path: '/growing.txt', timeBetweenSizeCheck: '20' }), limits);
      assert.equal(r.content!.bytes.toString(), 'abc');
    });
    it('fails on a missing path (ILLEGAL_PATH) and refuses a file over the limit', async () => {
      const e = await failsWith(
        readFileOp(conn, params({ path: '/ghost.txt' }), limits),
        'ILLEGAL_PATH',
        /File or folder not found: file:\/\/\/.*ghost\.txt/,
      );
      assert.match(e.context, /^Error while performing file:read for file\/directory /);
      writeFileSync(join(dir, 'big.txt'), Buffer.alloc(2048, 65));
      await failsWith(
        readFileOp(conn, params({ path: '/big.txt' }), { maxBytes: 1000, overwriteBody: false }),
        'RETRY_EXHAUSTED',
        /over the embedded runtime's message limit/,
      );
    });
  });

  describe('checkExist, createDirectory, delete', () => {
    it('checks existence', async () => {
      writeFileSync(join(dir, 'here.txt'), '');
      assert.deepEqual((await checkExistOp(conn, params({ path: '/here.txt' }))).json, {
        success: true,
        fileExists: true,
      });
      assert.deepEqual((await checkExistOp(conn, params({ path: '/gone.txt' }))).json, {
        success: true,
        fileExists: false,
      });
      await failsWith(checkExistOp(conn, params({})), 'INVALID_CONFIGURATION');
    });
    it('creates a folder with its parents; a file in the way is OPERATION_ERROR', async () => {
      assert.deepEqual((await createDirectoryOp(conn, params({ directoryPath: '/x/y/z' }))).json, {
        success: true,
      });
      assert.ok(existsSync(join(dir, 'x/y/z')));
      await createDirectoryOp(conn, params({ directoryPath: '/x/y/z' }));
      writeFileSync(join(dir, 'f'), '');
      await failsWith(
        createDirectoryOp(conn, params({ directoryPath: '/f' })),
        'OPERATION_ERROR',
        /already exists and is a file/,
      );
    });
    it('deletes a file, a whole folder (counting it), matching entries only, and answers nothing for a missing path', async () => {
      writeFileSync(join(dir, 'a.txt'), '');
      assert.deepEqual((await deleteOp(conn, params({ path: '/a.txt' }))).json, { success: true });
      assert.ok(!existsSync(join(dir, 'a.txt')));
      mkdirSync(join(dir, 'd/e'), { recursive: true });
      writeFileSync(join(dir, 'd/1.log'), '');
      writeFileSync(join(dir, 'd/2.txt'), '');
      writeFileSync(join(dir, 'd/e/3.log'), '');
      const some = await deleteOp(conn, params({ path: '/d', matchingPattern: '.*\\.log' }));
      assert.deepEqual(some.json, { success: true, numOfDeletedFiles: 1 });
      assert.deepEqual(readdirSync(join(dir, 'd')).sort(), ['2.txt', 'e']);
      const all = await deleteOp(conn, params({ path: '/d' }));
      assert.deepEqual(all.json, { success: true, numOfDeletedFiles: 4 });
      assert.ok(!existsSync(join(dir, 'd')));
      assert.equal((await deleteOp(conn, params({ path: '/nothing' }))).silent, true);
    });
  });

  describe('listFiles', () => {
    beforeEach(() => {
      mkdirSync(join(dir, 'box/inner/deeper'), { recursive: true });
      writeFileSync(join(dir, 'box/b.txt'), 'bb');
      writeFileSync(join(dir, 'box/a.xml'), 'a');
      writeFileSync(join(dir, 'box/inner/c.txt'), 'ccc');
      writeFileSync(join(dir, 'box/inner/deeper/d.txt'), 'd');
    });
    it('lists a folder hierarchically, sorted by name, without sub-folders unless recursive', async () => {
      const r = await listFilesOp(conn, params({ directoryPath: '/box' }));
      assert.deepEqual(r.json, { success: true, directory: { name: 'box', file: ['a.xml', 'b.txt'] } });
      const rec = await listFilesOp(
        conn,
        params({ directoryPath: '/box', recursive: 'true', matchingPattern: '.*\\.txt' }),
      );
      assert.deepEqual(rec.json, {
        success: true,
        directory: {
          name: 'box',
          file: ['b.txt'],
          directory: [{ name: 'inner', file: ['c.txt'], directory: [{ name: 'deeper', file: ['d.txt'] }] }],
        },
      });
      const depth = await listFilesOp(
        conn,
        params({ directoryPath: '/box', recursive: 'true', subDirectoryMaxDepth: '1' }),
      );
      assert.deepEqual((depth.json.directory as { directory: unknown[] }).directory, [
        { name: 'inner', file: ['c.txt'] },
      ]);
    });
    it('lists flat with paths, sorted by size descending, with attributes', async () => {
      const r = await listFilesOp(
        conn,
        params({
          directoryPath: '/box',
          responseFormat: 'Flat',
          recursive: 'true',
          sortingAttribute: 'Size',
          sortingOrder: 'Descending',
          appendFileAttributes: 'true',
        }),
      );
      const files = (r.json.files as { files: Record<string, unknown>[] }).files;
      assert.deepEqual(files.map((f) => f.name).slice(0, 2), ['b.txt', 'a.xml']);
      assert.equal(files[0].path, join(dir, 'box/b.txt'));
      assert.equal(files[0].size, 2);
      assert.equal(files[0].contentType, 'text/plain');
      assert.equal(files[0].contentEncoding, null);
      assert.equal(files.length, 4);
    });
    it('fails on a missing folder (ILLEGAL_PATH) and on a file (RETRY_EXHAUSTED)', async () => {
      await failsWith(
        listFilesOp(conn, params({ directoryPath: '/nope' })),
        'ILLEGAL_PATH',
        /Folder does not exist/,
      );
      await failsWith(
        listFilesOp(conn, params({ directoryPath: '/box/b.txt' })),
        'RETRY_EXHAUSTED',
        /Folder is expected/,
      );
    });
  });

  describe('copy, move, rename', () => {
    beforeEach(() => {
      mkdirSync(join(dir, 'src/sub'), { recursive: true });
      writeFileSync(join(dir, 'src/one.txt'), '1');
      writeFileSync(join(dir, 'src/two.csv'), '2');
      writeFileSync(join(dir, 'src/sub/three.txt'), '3');
      mkdirSync(join(dir, 'dst'));
    });
    it('copies a file (renamed), refusing to overwrite unless told', async () => {
      await copyOp(conn, params({ sourcePath: '/src/one.txt', targetPath: '/dst', renameTo: 'uno.txt' }));
      assert.equal(readFileSync(join(dir, 'dst/uno.txt'), 'utf8'), '1');
      await failsWith(
        copyOp(conn, params({ sourcePath: '/src/one.txt', targetPath: '/dst', renameTo: 'uno.txt' })),
        'FILE_ALREADY_EXISTS',
      );
      await copyOp(
        conn,
        params({ sourcePath: '/src/two.csv', targetPath: '/dst', renameTo: 'uno.txt', overwrite: 'true' }),
      );
      assert.equal(readFileSync(join(dir, 'dst/uno.txt'), 'utf8'), '2');
      await failsWith(
        copyOp(conn, params({ sourcePath: '/src/zero.txt', targetPath: '/dst' })),
        'ILLEGAL_PATH',
        /File\/Folder does not exist/,
      );
    });
    it('copies only the files whose size is stable over timeBetweenSizeCheck', async () => {
      // one.txt keeps growing while the operation looks at it
      const timer = setInterval(() => appendFileSync(join(dir, 'src/one.txt'), '1'), 10);
      try {
        await copyOp(conn, params({ sourcePath: '/src', targetPath: '/dst', timeBetweenSizeCheck: '50' }));
      } finally {
        clearInterval(timer);
      }
      assert.ok(!existsSync(join(dir, 'dst/one.txt')));
      assert.equal(readFileSync(join(dir, 'dst/two.csv'), 'utf8'), '2');
    });
    it('copies a folder (with its parent folder, filtered by pattern)', async () => {
      await copyOp(
        conn,
        params({
          sourcePath: '/src',
          targetPath: '/dst',
          includeParent: 'true',
          sourceFilePattern: '.*\\.txt',
        }),
      );
      assert.deepEqual(readdirSync(join(dir, 'dst/src')).sort(), ['one.txt', 'sub']);
      assert.equal(readFileSync(join(dir, 'dst/src/sub/three.txt'), 'utf8'), '3');
      assert.ok(existsSync(join(dir, 'src/one.txt')));
      await failsWith(
        copyOp(conn, params({ sourcePath: '/src', targetPath: '/dst/src' })),
        'FILE_ALREADY_EXISTS',
        /sub-directories already exists/,
      );
    });
    it('moves a file, making parents only with createParentDirectories', async () => {
      await failsWith(
        moveOp(conn, params({ sourcePath: '/src/one.txt', targetPath: '/new/place' })),
        'OPERATION_ERROR',
        /createParentDirectories is set to false/,
      );
      await moveOp(
        conn,
        params({ sourcePath: '/src/one.txt', targetPath: '/new/place', createParentDirectories: 'true' }),
      );
      assert.ok(existsSync(join(dir, 'new/place/one.txt')));
      assert.ok(!existsSync(join(dir, 'src/one.txt')));
      await failsWith(
        moveOp(conn, params({ sourcePath: '/src/one.txt', targetPath: '/dst' })),
        'OPERATION_ERROR',
        /File\/Folder does not exist\./,
      );
      writeFileSync(join(dir, 'dst/two.csv'), 'old');
      await failsWith(
        moveOp(conn, params({ sourcePath: '/src/two.csv', targetPath: '/dst' })),
        'FILE_ALREADY_EXISTS',
      );
      await moveOp(conn, params({ sourcePath: '/src/two.csv', targetPath: '/dst', overwrite: 'true' }));
      assert.equal(readFileSync(join(dir, 'dst/two.csv'), 'utf8'), '2');
    });
    it('moves a folder content, or only the files matching filePattern', async () => {
      await moveOp(conn, params({ sourcePath: '/src', targetPath: '/dst', filePattern: '.*\\.txt' }));
      assert.ok(existsSync(join(dir, 'dst/one.txt')));
      assert.ok(existsSync(join(dir, 'dst/sub/three.txt')));
      assert.ok(existsSync(join(dir, 'src/two.csv')));
      await moveOp(
        conn,
        params({
          sourcePath: '/src',
          targetPath: '/dst2',
          createParentDirectories: 'true',
          includeParent: 'true',
        }),
      );
      assert.ok(existsSync(join(dir, 'dst2/src/two.csv')));
      assert.ok(!existsSync(join(dir, 'src')));
    });
    it('renames in place; a taken name is FILE_ALREADY_EXISTS, a missing source ILLEGAL_PATH', async () => {
      await renameOp(conn, params({ path: '/src/one.txt', renameTo: 'eins.txt' }));
      assert.ok(existsSync(join(dir, 'src/eins.txt')));
      await failsWith(
        renameOp(conn, params({ path: '/src/eins.txt', renameTo: 'two.csv' })),
        'FILE_ALREADY_EXISTS',
      );
      await renameOp(conn, params({ path: '/src/eins.txt', renameTo: 'two.csv', overwrite: 'true' }));
      assert.equal(readFileSync(join(dir, 'src/two.csv'), 'utf8'), '1');
      await failsWith(
        renameOp(conn, params({ path: '/src/ghost', renameTo: 'x' })),
        'ILLEGAL_PATH',
        /File or folder does not exist/,
      );
    });
  });

  describe('compress, unzip, exploreZipFile', () => {
    beforeEach(() => {
      mkdirSync(join(dir, 'pack/sub'), { recursive: true });
      writeFileSync(join(dir, 'pack/a.txt'), 'alpha');
      writeFileSync(join(dir, 'pack/sub/b.txt'), 'beta');
    });
    it('compresses a folder (entries by relative path; folders counted as MI counts them) and lists it back', async () => {
      const r = await compressOp(
        conn,
        params({ sourceDirectoryPath: '/pack', targetFilePath: '/out/pack.zip' }),
      );
      assert.deepEqual(r.json, { success: true, NumberOfFilesAdded: 3 });
      const x = await exploreZipFileOp(conn, params({ zipFilePath: '/out/pack.zip' }));
      assert.deepEqual((x.json.zipFileContent as string[]).sort(), ['a.txt', 'sub/b.txt']);
      const f = await compressOp(
        conn,
        params({
          sourceDirectoryPath: '/pack',
          targetFilePath: '/out/txt.zip',
          fileFilterType: 'ant',
          includeFiles: 'a*',
        }),
      );
      assert.deepEqual(f.json, { success: true, NumberOfFilesAdded: 1 });
      await failsWith(
        compressOp(conn, params({ sourceDirectoryPath: '/pack', targetFilePath: '/out/noext' })),
        'ILLEGAL_PATH',
        /does not resolve to a file/,
      );
      await failsWith(
        compressOp(conn, params({ sourceDirectoryPath: '/none', targetFilePath: '/out/x.zip' })),
        'ILLEGAL_PATH',
      );
    });
    it('unzips into the target folder, making it', async () => {
      await compressOp(conn, params({ sourceDirectoryPath: '/pack', targetFilePath: '/out/pack.zip' }));
      const r = await unzipOp(
        conn,
        params({ sourceFilePath: '/out/pack.zip', targetDirectory: '/unpacked/here' }),
      );
      assert.deepEqual(r.json, { success: true });
      assert.equal(readFileSync(join(dir, 'unpacked/here/sub/b.txt'), 'utf8'), 'beta');
    });
    it('inflates a .gz file to its name without .gz', async () => {
      writeFileSync(join(dir, 'data.csv.gz'), gzipSync('x,y\n1,2\n'));
      await unzipOp(conn, params({ sourceFilePath: '/data.csv.gz', targetDirectory: '/gz' }));
      assert.equal(readFileSync(join(dir, 'gz/data.csv'), 'utf8'), 'x,y\n1,2\n');
    });
    it('refuses an entry that leaves the target folder (zip slip) and writes nothing', async () => {
      writeFileSync(
        join(dir, 'slip.zip'),
        writeZip([
          { path: 'ok.txt', data: Buffer.from('fine') },
          { path: '../escaped.txt', data: Buffer.from('bad') },
        ]),
      );
      await failsWith(
        unzipOp(conn, params({ sourceFilePath: '/slip.zip', targetDirectory: '/t' })),
        'OPERATION_ERROR',
        /unsafe entry '\.\.\/escaped\.txt'/,
      );
      assert.ok(!existsSync(join(dir, 'escaped.txt')));
      assert.ok(!existsSync(join(dir, 't/ok.txt')));
    });
    it('refuses an archive that expands suspiciously (zip bomb)', async () => {
      writeFileSync(
        join(dir, 'bomb.zip'),
        writeZip([{ path: 'zeros.bin', data: Buffer.alloc(4 * 1024 * 1024) }]),
      );
      await failsWith(
        unzipOp(conn, params({ sourceFilePath: '/bomb.zip', targetDirectory: '/b' })),
        'OPERATION_ERROR',
        /compression ratio/,
      );
      assert.ok(!existsSync(join(dir, 'b/zeros.bin')));
    });
    it('a missing archive is an exception unzip does not catch; explore of a missing one is ILLEGAL_PATH', async () => {
      await assert.rejects(
        unzipOp(conn, params({ sourceFilePath: '/ghost.zip', targetDirectory: '/t' })),
        (e: unknown) => e instanceof FileOpUncaught && /File not found: file:/.test(e.message),
      );
      await failsWith(
        exploreZipFileOp(conn, params({ zipFilePath: '/ghost.zip' })),
        'ILLEGAL_PATH',
        /Zip file not found at path/,
      );
      writeFileSync(join(dir, 'not.zip'), 'just text');
      assert.deepEqual((await exploreZipFileOp(conn, params({ zipFilePath: '/not.zip' }))).json, {
        success: true,
        zipFileContent: [],
      });
    });
  });

  describe('mergeFiles, splitFile, fetchDirectoryContent', () => {
    it('merges the matching files of a folder, overwriting or appending', async () => {
      mkdirSync(join(dir, 'parts'));
      writeFileSync(join(dir, 'parts/p1.csv'), 'a,1\n');
      writeFileSync(join(dir, 'parts/p2.csv'), 'b,2\n');
      writeFileSync(join(dir, 'parts/skip.txt'), 'no');
      writeFileSync(join(dir, 'all.csv'), 'old\n');
      const r = await mergeFilesOp(
        conn,
        params({
          sourceDirectoryPath: '/parts',
          targetFilePath: '/all.csv',
          filePattern: '.*\\.csv',
          writeMode: 'Overwrite',
        }),
      );
      assert.deepEqual(r.json, { success: true, detail: { numberOfMergedFiles: 2, totalWrittenBytes: 8 } });
      assert.equal(readFileSync(join(dir, 'all.csv'), 'utf8'), 'a,1\nb,2\n');
      await mergeFilesOp(
        conn,
        params({
          sourceDirectoryPath: '/parts',
          targetFilePath: '/all.csv',
          filePattern: 'p1.*',
          writeMode: 'Append',
        }),
      );
      assert.equal(readFileSync(join(dir, 'all.csv'), 'utf8'), 'a,1\nb,2\na,1\n');
      mkdirSync(join(dir, 'parts/inner'));
      await failsWith(
        mergeFilesOp(
          conn,
          params({ sourceDirectoryPath: '/parts', targetFilePath: '/x.csv', writeMode: 'Overwrite' }),
        ),
        'OPERATION_ERROR',
        /not a file/,
      );
      await failsWith(
        mergeFilesOp(
          conn,
          params({ sourceDirectoryPath: '/nope', targetFilePath: '/x.csv', writeMode: 'Overwrite' }),
        ),
        'ILLEGAL_PATH',
        /Directory not found/,
      );
    });
    it('splits by lines (full parts counted) and by chunks (the last part padded as MI writes it)', async () => {
      writeFileSync(join(dir, 'big.txt'), 'l1\nl2\nl3\nl4\nl5\n');
      const r = await splitFileOp(
        conn,
        params({
          sourceFilePath: '/big.txt',
          targetDirectory: '/split',
          splitMode: 'Line Count',
          lineCount: '2',
        }),
        1 << 20,
      );
      assert.deepEqual(r.json, { success: true, numberOfSplits: 2 });
      assert.equal(readFileSync(join(dir, 'split/big0.txt'), 'utf8'), 'l1\nl2\n');
      assert.equal(readFileSync(join(dir, 'split/big2.txt'), 'utf8'), 'l5\n');
      writeFileSync(join(dir, 'abc.bin'), 'abcdefg');
      const c = await splitFileOp(
        conn,
        params({
          sourceFilePath: '/abc.bin',
          targetDirectory: '/chunks',
          splitMode: 'Chunk Size',
          chunkSize: '3',
        }),
        1 << 20,
      );
      assert.equal(c.json.numberOfSplits, 3);
      assert.equal(readFileSync(join(dir, 'chunks/abc1.bin'), 'utf8'), 'def');
      assert.equal(readFileSync(join(dir, 'chunks/abc2.bin'), 'utf8'), 'gef');
      writeFileSync(join(dir, 'noext'), 'x');
      await assert.rejects(
        splitFileOp(
          conn,
          params({
            sourceFilePath: '/noext',
            targetDirectory: '/s',
            splitMode: 'Chunk Size',
            chunkSize: '1',
          }),
          1 << 20,
        ),
        FileOpUncaught,
      );
      await failsWith(
        splitFileOp(
          conn,
          params({ sourceFilePath: '/big.txt', targetDirectory: '/s', splitMode: 'Halves' }),
          1 << 20,
        ),
        'INVALID_CONFIGURATION',
        /Unknown 'splitMode'/,
      );
    });
    it('splits XML by an XPath, each node inside its parent element', async () => {
      writeFileSync(
        join(dir, 'orders.xml'),
        '<orders><order id="1"><sku>a</sku></order><order id="2"/></orders>',
      );
      const r = await splitFileOp(
        conn,
        params({
          sourceFilePath: '/orders.xml',
          targetDirectory: '/x',
          splitMode: 'XPATH Expression',
          xpathExpression: '/orders/order',
        }),
        1 << 20,
      );
      assert.equal(r.json.numberOfSplits, 2);
      assert.match(
        readFileSync(join(dir, 'x/orders1.xml'), 'utf8'),
        /<orders><order id="1"><sku>a<\/sku><\/order><\/orders>$/,
      );
      assert.match(readFileSync(join(dir, 'x/orders2.xml'), 'utf8'), /<orders><order id="2"\/><\/orders>$/);
    });
    it('fetches the files of a folder as base64 into the property', async () => {
      mkdirSync(join(dir, 'f/deep'), { recursive: true });
      writeFileSync(join(dir, 'f/b.txt'), 'B');
      writeFileSync(join(dir, 'f/a.txt'), 'A');
      writeFileSync(join(dir, 'f/deep/c.txt'), 'C');
      const r = await fetchDirectoryContentOp(
        conn,
        params({ directoryPath: '/f', recursive: 'true', resultPropertyName: 'contents' }),
        1 << 20,
      );
      assert.deepEqual(r.property, { name: 'contents', value: ['QQ==', 'Qg==', 'Qw=='] });
      await assert.rejects(
        fetchDirectoryContentOp(
          conn,
          params({ directoryPath: '/f/a.txt', resultPropertyName: 'c' }),
          1 << 20,
        ),
        FileOpUncaught,
      );
      await failsWith(
        fetchDirectoryContentOp(conn, params({ directoryPath: '/gone', resultPropertyName: 'c' }), 1 << 20),
        'ILLEGAL_PATH',
      );
    });
  });

  describe('patterns', () => {
    it('translates Ant globs and applies the advanced filters', () => {
      assert.ok(antRegex('*.txt,*.csv').test('a.csv'));
      assert.ok(!antRegex('*.txt').test('a.txt.bak'));
      const f = advancedFilter('ant', '*.log', 'old*', '1h', 10_000_000);
      assert.ok(f({ name: 'new.log', isFile: true, mtimeMs: 10_000_000 - 1000 }));
      assert.ok(!f({ name: 'old.log', isFile: true, mtimeMs: 10_000_000 }));
      assert.ok(!f({ name: 'new.log', isFile: true, mtimeMs: 0 }));
    });
  });
});
