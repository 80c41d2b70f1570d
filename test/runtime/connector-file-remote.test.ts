/**
 * The File connector's 15 operations on FTP, FTPS (explicit and implicit) and SFTP connections against real servers
 * started by the test (./connector-file-remote-servers.ts): the same script of operations runs on a LOCAL
 * connection and on the remote one over identical seeded folders, and each answer (result document, read content and
 * metadata, error kind) and the folder left behind must be the same — the connector runs every operation through
 * Commons VFS whatever the protocol (FileSystemHandler, FTPFileSystemSetup, FTPSFileSystemSetup, SFTPFileSystemSetup).
 * Plus what only a remote connection has: the connection settings (userDirIsRoot, identity files with a passphrase,
 * a refused login, strict host key checking against known_hosts) and the pool.
 */
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionOf, type FileConnection } from '../../runtime-debug/engine/connectors/file/connection';
import { FileOpError } from '../../runtime-debug/engine/connectors/file/errors';
import type { FileOutcome, Params } from '../../runtime-debug/engine/connectors/file/common';
import { runOnFs } from '../../runtime-debug/engine/connectors/file/fsops';
import { writeFileOp } from '../../runtime-debug/engine/connectors/file/write';
import { readFileOp } from '../../runtime-debug/engine/connectors/file/read';
import { listFilesOp } from '../../runtime-debug/engine/connectors/file/list';
import {
  checkExistOp,
  copyOp,
  createDirectoryOp,
  deleteOp,
  moveOp,
  renameOp,
} from '../../runtime-debug/engine/connectors/file/manage';
import { compressOp, exploreZipFileOp, unzipOp } from '../../runtime-debug/engine/connectors/file/zip';
import {
  fetchDirectoryContentOp,
  mergeFilesOp,
  splitFileOp,
} from '../../runtime-debug/engine/connectors/file/extra';
import { closeRemoteFileSystems } from '../../runtime-debug/engine/remoteFs';
import { Pool } from '../../runtime-debug/engine/remoteFs/pool';
import { NS, send, startRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine';
import { gzipSync } from 'node:zlib';
import {
  SFTP_PASSWORD,
  startSshd,
  startVsftpd,
  type SshServer,
  type TestServer,
} from './connector-file-remote-servers';
import { until } from '../support';

const params =
  (o: Record<string, string>): Params =>
  (n) =>
    o[n];

const LIMITS = { maxBytes: 1 << 20, overwriteBody: false };

type Step = [label: string, run: (c: FileConnection) => Promise<FileOutcome>];

/** The script: every operation, with successes and the failures whose kind the connector decides. */
const STEPS: Step[] = [
  [
    'write new',
    (c) =>
      writeFileOp(
        c,
        params({ filePath: '/out/new.txt', contentOrExpression: 'alpha\nbeta', writeMode: 'Overwrite' }),
        noBody,
      ),
  ],
  [
    'write append',
    (c) =>
      writeFileOp(
        c,
        params({
          filePath: '/out/new.txt',
          contentOrExpression: 'gamma',
          writeMode: 'Append',
          appendNewLine: 'true',
        }),
        noBody,
      ),
  ],
  [
    'write at line',
    (c) =>
      writeFileOp(
        c,
        params({
          filePath: '/out/new.txt',
          contentOrExpression: 'inserted',
          writeMode: 'Append',
          appendPosition: '2',
        }),
        noBody,
      ),
  ],
  [
    'write create new over existing',
    (c) =>
      writeFileOp(
        c,
        params({ filePath: '/out/new.txt', contentOrExpression: 'x', writeMode: 'Create New' }),
        noBody,
      ),
  ],
  [
    'write compressed',
    (c) =>
      writeFileOp(
        c,
        params({
          filePath: '/zipped/data.txt',
          contentOrExpression: 'packed words',
          writeMode: 'Overwrite',
          compress: 'true',
        }),
        noBody,
      ),
  ],
  [
    'write from the body with a lock',
    (c) =>
      writeFileOp(
        c,
        params({ filePath: '/out/body.json', writeMode: 'Overwrite', enableLock: 'true' }),
        async () => Buffer.from('{"a":1}'),
      ),
  ],
  ['read json', (c) => readFileOp(c, params({ path: '/in/order.json' }), LIMITS)],
  [
    'read lines',
    (c) =>
      readFileOp(
        c,
        params({ path: '/in/lines.txt', readMode: 'Between Lines', startLineNum: '2', endLineNum: '3' }),
        LIMITS,
      ),
  ],
  [
    'read metadata',
    (c) => readFileOp(c, params({ path: '/in/lines.txt', readMode: 'Metadata Only' }), LIMITS),
  ],
  [
    'read a folder by pattern',
    (c) => readFileOp(c, params({ path: '/in', filePattern: '.*\\.txt', enableLock: 'true' }), LIMITS),
  ],
  ['read missing', (c) => readFileOp(c, params({ path: '/in/ghost.txt' }), LIMITS)],
  ['checkExist yes', (c) => checkExistOp(c, params({ path: '/in/order.json' }))],
  ['checkExist no', (c) => checkExistOp(c, params({ path: '/in/none.json' }))],
  ['createDirectory', (c) => createDirectoryOp(c, params({ directoryPath: '/made/deep/er' }))],
  ['createDirectory again', (c) => createDirectoryOp(c, params({ directoryPath: '/made/deep/er' }))],
  ['createDirectory over a file', (c) => createDirectoryOp(c, params({ directoryPath: '/in/order.json' }))],
  [
    'listFiles hierarchical',
    (c) =>
      listFilesOp(
        c,
        params({
          directoryPath: '/in',
          recursive: 'true',
          sortingAttribute: 'Name',
          sortingOrder: 'Ascending',
        }),
      ),
  ],
  [
    'listFiles flat by size',
    (c) =>
      listFilesOp(
        c,
        params({ directoryPath: '/in', recursive: 'true', responseFormat: 'Flat', sortingAttribute: 'Size' }),
      ),
  ],
  [
    'listFiles pattern',
    (c) => listFilesOp(c, params({ directoryPath: '/in', matchingPattern: '.*\\.json' })),
  ],
  ['listFiles missing', (c) => listFilesOp(c, params({ directoryPath: '/nope' }))],
  [
    'copy a file',
    (c) => copyOp(c, params({ sourcePath: '/in/order.json', targetPath: '/copies', renameTo: 'o.json' })),
  ],
  [
    'copy a file again (no overwrite)',
    (c) => copyOp(c, params({ sourcePath: '/in/order.json', targetPath: '/copies', renameTo: 'o.json' })),
  ],
  ['copy a folder', (c) => copyOp(c, params({ sourcePath: '/in', targetPath: '/copies2' }))],
  [
    'copy a folder by pattern',
    (c) => copyOp(c, params({ sourcePath: '/in', targetPath: '/copies3', sourceFilePattern: '.*\\.txt' })),
  ],
  [
    'move a file',
    (c) =>
      moveOp(
        c,
        params({ sourcePath: '/copies/o.json', targetPath: '/moved/here', createParentDirectories: 'true' }),
      ),
  ],
  [
    'move a file without parents',
    (c) => moveOp(c, params({ sourcePath: '/copies2/order.json', targetPath: '/nowhere/x' })),
  ],
  [
    'move a folder',
    (c) =>
      moveOp(c, params({ sourcePath: '/copies3', targetPath: '/moved3', createParentDirectories: 'true' })),
  ],
  ['rename', (c) => renameOp(c, params({ path: '/moved/here/o.json', renameTo: 'renamed.json' }))],
  [
    'rename onto an existing file, overwrite',
    (c) => renameOp(c, params({ path: '/copies2/lines.txt', renameTo: 'order.json', overwrite: 'true' })),
  ],
  ['rename missing', (c) => renameOp(c, params({ path: '/copies2/ghost', renameTo: 'x' }))],
  ['compress', (c) => compressOp(c, params({ sourceDirectoryPath: '/in', targetFilePath: '/arch/in.zip' }))],
  ['exploreZipFile', (c) => exploreZipFileOp(c, params({ zipFilePath: '/arch/in.zip' }))],
  ['unzip', (c) => unzipOp(c, params({ sourceFilePath: '/arch/in.zip', targetDirectory: '/unz' }))],
  ['unzip gz', (c) => unzipOp(c, params({ sourceFilePath: '/data.csv.gz', targetDirectory: '/gz' }))],
  [
    'mergeFiles',
    (c) =>
      mergeFilesOp(
        c,
        params({
          sourceDirectoryPath: '/parts',
          targetFilePath: '/merged.csv',
          filePattern: '.*\\.csv',
          writeMode: 'Overwrite',
        }),
      ),
  ],
  [
    'mergeFiles append',
    (c) =>
      mergeFilesOp(
        c,
        params({
          sourceDirectoryPath: '/parts',
          targetFilePath: '/merged.csv',
          filePattern: 'p1.*',
          writeMode: 'Append',
        }),
      ),
  ],
  [
    'splitFile lines',
    (c) =>
      splitFileOp(
        c,
        params({
          sourceFilePath: '/in/lines.txt',
          targetDirectory: '/split',
          splitMode: 'Line Count',
          lineCount: '2',
        }),
        1 << 20,
      ),
  ],
  [
    'splitFile chunks',
    (c) =>
      splitFileOp(
        c,
        params({
          sourceFilePath: '/in/order.json',
          targetDirectory: '/chunks',
          splitMode: 'Chunk Size',
          chunkSize: '4',
        }),
        1 << 20,
      ),
  ],
  [
    'fetchDirectoryContent',
    (c) =>
      fetchDirectoryContentOp(
        c,
        params({ directoryPath: '/in', matchingPattern: 'lines.*', resultPropertyName: 'p' }),
        1 << 20,
      ),
  ],
  ['delete a file', (c) => deleteOp(c, params({ path: '/out/body.json' }))],
  ['delete by pattern', (c) => deleteOp(c, params({ path: '/copies2', matchingPattern: '.*\\.json' }))],
  ['delete a folder', (c) => deleteOp(c, params({ path: '/made' }))],
  ['delete missing', (c) => deleteOp(c, params({ path: '/made' }))],
];

/** A Java key store (JKS, version 2) with one trusted certificate entry: the certificate of a PEM file. */
function javaKeyStore(pem: string): Buffer {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const utf = (t: string) => Buffer.concat([Buffer.from([0, t.length]), Buffer.from(t)]);
  return Buffer.concat([
    u32(0xfeedfeed),
    u32(2),
    u32(1),
    u32(2),
    utf('ftp-server'),
    Buffer.alloc(8),
    utf('X.509'),
    u32(der.length),
    der,
    Buffer.alloc(20), // the integrity digest (not checked)
  ]);
}

async function noBody(): Promise<Buffer> {
  throw new Error('the body was read');
}

/** The seeded folder (the same content locally and on the server). */
function seed(put: (rel: string, content: string | Buffer) => void): void {
  put('in/order.json', '{"id":7,"item":"lamp"}');
  put('in/lines.txt', 'one\ntwo\nthree\nfour\nfive');
  put('in/sub/deep.txt', 'down here');
  put('parts/p1.csv', 'a,1\n');
  put('parts/p2.csv', 'b,2\n');
  put('parts/skip.txt', 'no');
  put('data.csv.gz', gzipSync(Buffer.from('x,y\n1,2\n')));
}

/** An answer with what differs by nature between two file systems taken out (URIs, times). */
function normalized(o: FileOutcome | { error: string }, roots: string[]): unknown {
  let text = JSON.stringify(o, (k, v: unknown) => {
    if (k === 'FILE_LAST_MODIFIED_TIME' || k === 'FILE_URL') return undefined;
    // the entries of a folder come in the order its file system lists them (compress follows it)
    if (k === 'zipFileContent' && Array.isArray(v)) return [...(v as string[])].sort();
    // a sort by size compares folders as equal to anything (FileSorter): the listing order shows through
    if (k === 'files' && Array.isArray(v))
      return [...(v as { path: string }[])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (Buffer.isBuffer(v) || (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'))
      return Buffer.from((v as { data: number[] }).data ?? (v as Buffer)).toString('base64');
    return v;
  });
  for (const r of roots) text = text.split(r).join('<root>');
  return JSON.parse(text);
}

async function runStep(c: FileConnection, run: Step[1]): Promise<FileOutcome | { error: string }> {
  try {
    return await runOnFs(c.fs, () => run(c));
  } catch (e) {
    if (e instanceof FileOpError) {
      if (process.env.D6_DEBUG) console.log(e.kind, e.detail);
      return { error: e.kind };
    }
    return { error: `${(e as Error).name}` };
  }
}

/** A folder's tree: relative path → content (folders as `/`). */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, r)).isDirectory()) {
      out[r] = '/';
      Object.assign(out, tree(dir, r));
    } else out[r] = readFileSync(join(dir, r)).toString('base64');
  }
  return out;
}

function localConnection(dir: string): FileConnection {
  return connectionOf(
    params({ name: 'Here', connectionType: 'LOCAL', workingDir: dir, fileLockScheme: 'Local' }),
  );
}

/** Runs the script on both connections; every answer and the trees left must be the same. */
async function sameAsLocal(remote: FileConnection, server: TestServer): Promise<void> {
  const localDir = mkdtempSync(join(tmpdir(), 'd6-local-'));
  try {
    const put = (root: string) => (rel: string, content: string | Buffer) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), content);
    };
    seed(put(localDir));
    seed((rel, content) => server.seed(rel, content));
    // a link to a folder is followed as VFS follows it (FTP: a LIST `l` entry the server lets us change into)
    symlinkSync('sub', join(localDir, 'in/alias'));
    symlinkSync('sub', join(server.root, 'in/alias'));
    const local = localConnection(localDir);
    const roots = [local.base, remote.base, localDir, server.remoteDir].sort((a, b) => b.length - a.length);
    for (const [label, run] of STEPS) {
      const a = normalized(await runStep(local, run), roots);
      const b = normalized(await runStep(remote, run), roots);
      assert.deepEqual(b, a, `${label}: ${JSON.stringify(b)} vs local ${JSON.stringify(a)}`);
    }
    const lt = tree(localDir);
    const rt = tree(server.root);
    // a compressed write and a zip hold file times: the entries are compared, not the bytes
    for (const t of [lt, rt]) for (const k of ['zipped/data.zip', 'arch/in.zip']) if (t[k]) t[k] = 'zip';
    assert.deepEqual(rt, lt);
    assert.match(Buffer.from(lt['out/new.txt'], 'base64').toString(), /^alpha\nbeta/);
  } finally {
    rmSync(localDir, { recursive: true, force: true });
  }
}

function ftpConnection(s: TestServer, extra: Record<string, string> = {}): FileConnection {
  return connectionOf(
    params({
      name: 'Far',
      connectionType: 'FTP',
      host: '127.0.0.1',
      port: String(s.port),
      username: 'anonymous',
      password: 'guest',
      workingDir: s.remoteDir,
      fileLockScheme: 'Local',
      ftpConnectionTimeout: '5000',
      ftpSocketTimeout: '10000',
      ...extra,
    }),
  );
}

function sftpConnection(s: SshServer, extra: Record<string, string> = {}): FileConnection {
  return connectionOf(
    params({
      name: 'Far',
      connectionType: 'SFTP',
      host: '127.0.0.1',
      port: String(s.port),
      username: s.user,
      password: SFTP_PASSWORD,
      workingDir: s.remoteDir,
      fileLockScheme: 'Local',
      sftpSessionTimeout: '10000',
      ...extra,
    }),
  );
}

describe('File connector on FTP (vsftpd on 127.0.0.1)', function () {
  this.timeout(60000);
  let s: Awaited<ReturnType<typeof startVsftpd>>;
  before(async () => {
    s = await startVsftpd();
  });
  after(async () => {
    closeRemoteFileSystems();
    await s?.stop();
  });

  it('runs every operation with the same answers and leaves the same files as on a local connection', async () => {
    await sameAsLocal(ftpConnection(s), s);
  });

  it('a refused connection is the operation error its catch blocks give (read: RETRY_EXHAUSTED)', async () => {
    const c = ftpConnection(s, { port: String(s.port), username: 'nobody-here', password: 'x' });
    const r = await runStep(c, (cc) => readFileOp(cc, params({ path: '/in/order.json' }), LIMITS));
    assert.deepEqual(r, { error: 'RETRY_EXHAUSTED' });
    const w = await runStep(c, (cc) => createDirectoryOp(cc, params({ directoryPath: '/x' })));
    assert.deepEqual(w, { error: 'OPERATION_ERROR' });
  });

  it('names the server in the result (the password not shown) and reuses pooled connections', async () => {
    s.seed('pool/a.txt', 'A');
    const c = ftpConnection(s, { maxActiveConnections: '2' });
    const all = await Promise.all(
      Array.from({ length: 6 }, () => runOnFs(c.fs, () => checkExistOp(c, params({ path: '/pool/a.txt' })))),
    );
    assert.ok(all.every((r) => r.json.fileExists === true));
    const e = await runStep(c, (cc) => readFileOp(cc, params({ path: '/pool/ghost.txt' }), LIMITS));
    assert.deepEqual(e, { error: 'ILLEGAL_PATH' });
    try {
      await runOnFs(c.fs, () => readFileOp(c, params({ path: '/pool/ghost.txt' }), LIMITS));
    } catch (err) {
      assert.match(
        (err as FileOpError).detail,
        new RegExp(`ftp://anonymous:\\*\\*\\*@127\\.0\\.0\\.1:${s.port}//files/pool/ghost\\.txt`),
      );
      assert.doesNotMatch((err as FileOpError).detail, /guest/);
    }
  });
});

describe('File connector on FTPS (vsftpd with a certificate made now)', function () {
  this.timeout(60000);
  for (const mode of ['explicit', 'implicit'] as const)
    describe(mode, () => {
      let s: Awaited<ReturnType<typeof startVsftpd>>;
      before(async () => {
        s = await startVsftpd({ tls: mode });
      });
      after(async () => {
        closeRemoteFileSystems();
        await s?.stop();
      });
      it('runs every operation as on a local connection (data channel protected)', async () => {
        const c = ftpConnection(s, {
          connectionType: 'FTPS',
          implicitModeEnabled: String(mode === 'implicit'),
        });
        await sameAsLocal(c, s);
      });
      it('a plain FTP client is refused by the FTPS-only server; a trust store that does not hold its certificate too', async () => {
        const plain = ftpConnection(s, { ftpConnectionTimeout: '1000' });
        assert.deepEqual(await runStep(plain, (cc) => checkExistOp(cc, params({ path: '/x' }))), {
          error: 'OPERATION_ERROR',
        });
        const other = mkdtempSync(join(tmpdir(), 'd6-other-'));
        try {
          const { makeCertificate } = await import('./connector-file-remote-servers');
          const { cert } = makeCertificate(other);
          const c = ftpConnection(s, {
            connectionType: 'FTPS',
            implicitModeEnabled: String(mode === 'implicit'),
            trustStorePath: cert,
          });
          assert.deepEqual(await runStep(c, (cc) => checkExistOp(cc, params({ path: '/x' }))), {
            error: 'OPERATION_ERROR',
          });
          // a Java key store holding the server's certificate is read (MI's trust stores are JKS)
          const jksFile = join(other, 'trust.jks');
          writeFileSync(jksFile, javaKeyStore(readFileSync(s.certPem!, 'utf8')));
          const viaJks = ftpConnection(s, {
            connectionType: 'FTPS',
            implicitModeEnabled: String(mode === 'implicit'),
            trustStorePath: jksFile,
          });
          s.seed('j.txt', 'via jks');
          const j = (await runStep(viaJks, (cc) =>
            checkExistOp(cc, params({ path: '/j.txt' })),
          )) as FileOutcome;
          assert.equal(j.json.fileExists, true);
          // a cut key store, and a file of another format, are refused with a message saying so
          for (const [bytes, why] of [
            [readFileSync(jksFile).subarray(0, 30), /not a valid Java key store/],
            [Buffer.from('0\x82\x01\x00 not a store'), /neither PEM nor a Java key store/],
          ] as const) {
            writeFileSync(jksFile, bytes);
            const k = ftpConnection(s, {
              connectionType: 'FTPS',
              implicitModeEnabled: String(mode === 'implicit'),
              trustStorePath: jksFile,
              ftpSocketTimeout: String(10000 + bytes.length),
            });
            await assert.rejects(
              runOnFs(k.fs, () => checkExistOp(k, params({ path: '/x' }))),
              (e: FileOpError) => e.kind === 'OPERATION_ERROR' && why.test(e.detail),
            );
          }
        } finally {
          rmSync(other, { recursive: true, force: true });
        }
      });
    });
});

describe('File connector on SFTP (OpenSSH sshd on 127.0.0.1)', function () {
  this.timeout(60000);
  let s: SshServer;
  let home: string;
  before(async () => {
    s = await startSshd();
    home = mkdtempSync(join(tmpdir(), 'd6-home-'));
  });
  after(async () => {
    closeRemoteFileSystems();
    await s?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('runs every operation with the same answers and leaves the same files as on a local connection (password)', async () => {
    await sameAsLocal(sftpConnection(s), s);
  });

  it('logs in with an identity file, and with one protected by a passphrase', async () => {
    s.seed('id/a.txt', 'by key');
    for (const extra of [
      { password: '', privateKeyFilePath: s.keyFile } as Record<string, string>,
      { password: '', privateKeyFilePath: s.keyFileWithPassphrase, privateKeyPassword: 'pass-phrase-1' },
    ]) {
      const c = sftpConnection(s, extra);
      const r = (await runStep(c, (cc) =>
        readFileOp(cc, params({ path: '/id/a.txt' }), LIMITS),
      )) as FileOutcome;
      assert.equal(r.content?.bytes.toString(), 'by key');
    }
    const wrong = sftpConnection(s, {
      password: '',
      privateKeyFilePath: s.keyFileWithPassphrase,
      privateKeyPassword: 'not-it',
    });
    assert.deepEqual(await runStep(wrong, (cc) => readFileOp(cc, params({ path: '/id/a.txt' }), LIMITS)), {
      error: 'RETRY_EXHAUSTED',
    });
    const badPassword = sftpConnection(s, { password: 'wrong' });
    assert.deepEqual(await runStep(badPassword, (cc) => checkExistOp(cc, params({ path: '/id/a.txt' }))), {
      error: 'OPERATION_ERROR',
    });
  });

  it('strictHostKeyChecking: refuses an unknown host and a changed key, accepts the known key', async () => {
    s.seed('hk/a.txt', 'known');
    const knownHosts = join(home, '.ssh', 'known_hosts');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    const oldHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const check = (c: FileConnection) =>
        runStep(c, (cc) => checkExistOp(cc, params({ path: '/hk/a.txt' })));
      // no known_hosts entry: refused (and without strict checking: accepted)
      writeFileSync(knownHosts, '');
      assert.deepEqual(
        await check(sftpConnection(s, { strictHostKeyChecking: 'true', sftpSessionTimeout: '10001' })),
        {
          error: 'OPERATION_ERROR',
        },
      );
      assert.equal(
        ((await check(sftpConnection(s, { strictHostKeyChecking: 'false' }))) as FileOutcome).json.fileExists,
        true,
      );
      // another key for this host: refused
      writeFileSync(
        knownHosts,
        `[127.0.0.1]:${s.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0aGlzIGlzIG5vdCB0aGUga2V5IG9mIHRoZSBob3N0\n`,
      );
      assert.deepEqual(
        await check(sftpConnection(s, { strictHostKeyChecking: 'true', sftpSessionTimeout: '10002' })),
        {
          error: 'OPERATION_ERROR',
        },
      );
      // the server's key: accepted
      writeFileSync(knownHosts, `# ours\n[127.0.0.1]:${s.port} ${s.hostKey}\n`);
      assert.equal(
        (
          (await check(
            sftpConnection(s, { strictHostKeyChecking: 'true', sftpSessionTimeout: '10003' }),
          )) as FileOutcome
        ).json.fileExists,
        true,
      );
    } finally {
      process.env.HOME = oldHome;
    }
  });

  it('userDirIsRoot: paths from the login folder (sshd starts the session in the test folder); sftpPathFromRoot forces the root', async () => {
    s.seed('ud/a.txt', 'home');
    const exists = async (extra: Record<string, string>) =>
      (
        (await runStep(sftpConnection(s, { workingDir: '', ...extra }), (cc) =>
          checkExistOp(cc, params({ path: '/ud/a.txt' })),
        )) as FileOutcome
      ).json.fileExists;
    assert.equal(await exists({ userDirIsRoot: 'true' }), true);
    // from the server's root: /ud/a.txt is not there
    assert.equal(await exists({}), false);
    assert.equal(await exists({ userDirIsRoot: 'true', sftpPathFromRoot: 'true' }), false);
  });
});

describe('File connector on SFTP through the runtime (a <file.init> local entry, real HTTP)', function () {
  this.timeout(60000);
  let s: SshServer;
  before(async () => {
    s = await startSshd();
  });
  after(async () => {
    await s?.stop();
  });

  it('writes the body to the server, reads it back as the body, and faults with 700102 on a missing file', async () => {
    const t = await startRuntime({
      'Far.xml': `<localEntry ${NS} key="Far"><file.init><connectionType>SFTP</connectionType><name>Far</name>
        <host>127.0.0.1</host><port>${s.port}</port><username>${s.user}</username><password>${SFTP_PASSWORD}</password>
        <workingDir>${s.remoteDir}</workingDir><fileLockScheme>Local</fileLockScheme></file.init></localEntry>`,
      'Remote.xml': `<api ${NS} name="Remote" context="/remote">
        <resource methods="POST" uri-template="/put/{name}"><inSequence>
          <file.write configKey="Far"><filePath>{\${'/box/' + params.pathParams.name}}</filePath>
            <writeMode>Overwrite</writeMode><responseVariable>w</responseVariable><overwriteBody>false</overwriteBody></file.write>
          <payloadFactory media-type="json"><format>{"written":\${vars.w.payload.writtenBytes}}</format></payloadFactory>
          <respond/></inSequence></resource>
        <resource methods="GET" uri-template="/get/{name}"><inSequence>
          <file.read configKey="Far"><path>{\${'/box/' + params.pathParams.name}}</path><contentType>application/json</contentType>
            <responseVariable>r</responseVariable><overwriteBody>true</overwriteBody></file.read>
          <respond/></inSequence>
          <faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
            <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
          </payloadFactory><property name="NO_ENTITY_BODY" scope="axis2" action="remove"/><respond/></faultSequence></resource>
      </api>`,
    });
    try {
      const w = await send(`${t.base}/remote/put/order.json`, {
        method: 'POST',
        body: '{"id":41}',
        type: 'application/json',
      });
      assert.equal(w.text, '{"written":9}');
      assert.equal(readFileSync(join(s.root, 'box/order.json'), 'utf8'), '{"id":41}');
      const r = await send(`${t.base}/remote/get/order.json`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { id: 41 });
      const m = await send(`${t.base}/remote/get/ghost.json`);
      assert.deepEqual(m.json(), { code: '700102', message: 'FILE:ILLEGAL_PATH' });
      // the pooled connection stays open between messages, and the runtime's stop closes it
      assert.equal(s.sessions(), 1);
    } finally {
      await t.close();
    }
    await until('sshd to see the connection closed', () => s.sessions() === 0);
    assert.equal(s.sessions(), 0);
  });
});

describe('remote file-system pool', () => {
  it('opens at most maxActive connections, reuses idle ones, drops broken ones, makes a waiter time out, reopens after close', async () => {
    let made = 0;
    let busy = 0;
    let most = 0;
    const pool = new Pool<{ id: number; ok: boolean }>({
      create: async () => ({ id: ++made, ok: true }),
      destroy: (c) => {
        c.ok = false;
      },
      alive: (c) => c.ok,
      hold: () => undefined,
      maxActive: 2,
      maxWaitMs: 200,
      idleMs: 1000,
      exhausted: () => new Error('exhausted'),
    });
    const work = () =>
      pool.use(
        async () => {
          busy++;
          most = Math.max(most, busy);
          await new Promise((r) => setTimeout(r, 10));
          busy--;
        },
        () => false,
      );
    await Promise.all(Array.from({ length: 8 }, work));
    assert.equal(most, 2);
    assert.equal(made, 2);
    // a broken connection is not reused: two at once need the idle one and a new one
    await assert.rejects(
      pool.use(
        async () => Promise.reject(new Error('cut')),
        () => true,
      ),
      /cut/,
    );
    await Promise.all([work(), work()]);
    assert.equal(made, 3);
    // both held: a third caller waits maxWaitMs, then is refused
    const hold = (ms: number) =>
      pool.use(
        () => new Promise((r) => setTimeout(r, ms)),
        () => false,
      );
    const held = [hold(400), hold(400)];
    await assert.rejects(work(), /exhausted/);
    await Promise.all(held);
    // closed: the idle ones go; a later use opens a new one
    pool.close();
    const before = made;
    await work();
    assert.equal(made, before + 1);
  });
});

describe('File connector remote connections at load', () => {
  it('FTP, FTPS and SFTP connections load without a finding; active FTP and SMB are RT_UNSUPPORTED warnings', () => {
    const entry = (key: string, type: string, extra = '') =>
      `<localEntry ${NS} key="${key}"><file.init><connectionType>${type}</connectionType><name>${key}</name>
      <host>files.example.invalid</host><workingDir>/x</workingDir><fileLockScheme>Local</fileLockScheme>${extra}</file.init></localEntry>`;
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy(
      Object.entries({
        'A.xml': entry('A', 'FTP'),
        'B.xml': entry('B', 'FTPS', '<implicitModeEnabled>true</implicitModeEnabled>'),
        'C.xml': entry('C', 'SFTP', '<strictHostKeyChecking>true</strictHostKeyChecking>'),
        'D.xml': entry('D', 'FTP', '<isPassive>false</isPassive>'),
        'E.xml': entry('E', 'SMB'),
      }).map(([name, text]) => ({ name, text })),
    );
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.map((w) => `${w.file} ${w.code} ${w.message}`),
      [
        "D.xml RT_UNSUPPORTED File connection 'D' asks for active FTP (isPassive false): the embedded runtime connects in passive mode",
        "E.xml RT_UNSUPPORTED File connection 'E' is of type SMB: the embedded runtime does not reach SMB shares (its operations fault with FILE:CONNECTION_ERROR)",
      ],
    );
  });
});
