/**
 * The VFS transport on remote URLs (VFSTransportListener / VFSTransportSender with Commons VFS's sftp and ftp
 * providers): a file inbound endpoint and a vfs proxy polling a folder on a real sshd / vsftpd started by the test
 * (./connector-file-remote-servers.ts), each file mediated with its transport headers and then moved or deleted,
 * locked while processed (`<name>.lock`, VFSUtils.acquireLock), and `vfs:sftp://…` / `vfs:ftp://…` endpoint
 * addresses writing the message into a remote folder (ReplyFileName) or appending to a remote file.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, startRuntime, type TestRuntime } from './helpers';
import {
  SFTP_PASSWORD,
  makeCertificate,
  startSshd,
  startVsftpd,
  type SshServer,
} from './connector-file-remote-servers';
import { pollingOf, writeToVfs } from '../../runtime-debug/engine/files';
import { until } from '../support';

describe('VFS transport on SFTP (sshd on 127.0.0.1)', function () {
  this.timeout(40_000);
  let s: SshServer;
  let t: TestRuntime | undefined;
  let url: string;
  before(async () => {
    s = await startSshd();
    // paths from the login folder (Commons VFS's default userDirIsRoot; sshd starts the session in the test folder)
    url = `sftp://${s.user}:${encodeURIComponent(SFTP_PASSWORD)}@127.0.0.1:${s.port}`;
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  after(async () => {
    await s?.stop();
  });

  it('a file inbound endpoint polls a remote folder: headers, MOVE after process and failure, a locked file left alone, the answer written by vfs:sftp', async () => {
    s.seed('in/a.xml', '<order><id>7</id></order>');
    s.seed('in/b.txt', 'not for us');
    s.seed('in/c.xml', '<order><id>8</order>');
    // another party holds d.xml: its lock file stays, and so does it
    s.seed('in/d.xml', '<order><id>9</id></order>');
    s.seed('in/d.xml.lock', 'someone else');
    s.seed('out/.keep', '');
    t = await startRuntime({
      'FarIn.xml': `<inboundEndpoint ${NS} name="FarIn" protocol="file" sequence="OnFar" onError="fault" suspend="false">
<parameters>
  <parameter name="interval">50</parameter>
  <parameter name="transport.vfs.FileURI">${url}/in</parameter>
  <parameter name="transport.vfs.ContentType">application/xml</parameter>
  <parameter name="transport.vfs.FileNamePattern">.*\\.xml</parameter>
  <parameter name="transport.vfs.ActionAfterProcess">MOVE</parameter>
  <parameter name="transport.vfs.MoveAfterProcess">${url}/done</parameter>
  <parameter name="transport.vfs.ActionAfterFailure">MOVE</parameter>
  <parameter name="transport.vfs.MoveAfterFailure">${url}/failed</parameter>
</parameters></inboundEndpoint>`,
      'OnFar.xml': `<sequence ${NS} name="OnFar">
<property name="transport.vfs.ReplyFileName" expression="fn:concat('seen-', $trp:FILE_NAME)" scope="transport"/>
<property name="OUT_ONLY" value="true"/>
<payloadFactory media-type="xml"><format><seen xmlns="" id="$1" size="$2" path="$3" uri="$4"/></format>
<args><arg expression="//id"/><arg expression="$trp:FILE_LENGTH"/><arg expression="$trp:FILE_PATH"/><arg expression="$trp:FILE_URI"/></args></payloadFactory>
<call><endpoint><address uri="vfs:${url}/out"/></endpoint></call>
</sequence>`,
      'fault.xml': `<sequence ${NS} name="fault"><drop/></sequence>`,
    });
    const r = (p: string) => join(s.root, p);
    await until(
      'a.xml moved and c.xml failed',
      () => existsSync(r('done/a.xml')) && existsSync(r('failed/c.xml')),
    );
    // a file being written on the server exists before its bytes do: wait for the content
    await until(
      'the written file',
      () => existsSync(r('out/seen-a.xml')) && readFileSync(r('out/seen-a.xml'), 'utf8') !== '',
    );
    assert.equal(
      readFileSync(r('out/seen-a.xml'), 'utf8'),
      `<seen id="7" size="25" path="/in/a.xml" uri="${url}/in/a.xml"/>`,
    );
    // no lock file left behind by us; d.xml (locked by another) and b.txt (not matching) stay. (Our lock of a file
    // is removed after the file is moved: c.xml's is waited for too, it may be the last one processed.)
    await until(
      'a.xml, c.xml and their locks gone',
      () => !readdirSync(r('in')).some((n) => n.startsWith('a.xml') || n.startsWith('c.xml')),
    );
    await new Promise((res) => setTimeout(res, 300));
    assert.deepEqual(readdirSync(r('in')).sort(), ['b.txt', 'd.xml', 'd.xml.lock']);
    assert.equal(existsSync(r('out/seen-d.xml')), false);
    assert.ok(
      t.rt.urls().includes(`Inbound FarIn: polling sftp://${s.user}:***@127.0.0.1:${s.port}/in`),
      t.rt.urls().join(),
    );
  });

  it('a vfs proxy with an identity file (transport.vfs.SFTPIdentities) and paths from the root (SFTPUserDirIsRoot false) deletes what it processed and appends to a remote file', async () => {
    s.seed('drop/one.json', '{"n":1}');
    s.seed('drop/two.json', '{"n":2}');
    const keyed = `sftp://${s.user}@127.0.0.1:${s.port}${s.remoteDir}`;
    t = await startRuntime({
      'FarProxy.xml': `<proxy ${NS} name="FarProxy" transports="vfs" startOnLoad="true"><target><inSequence>
<property name="OUT_ONLY" value="true"/>
<payloadFactory media-type="text"><format>$1=$2;</format>
<args><arg expression="$trp:FILE_NAME"/><arg evaluator="json" expression="$.n"/></args></payloadFactory>
<call><endpoint><address uri="vfs:${url}/log.txt?transport.vfs.Append=true"/></endpoint></call>
</inSequence></target>
<parameter name="transport.PollInterval">50ms</parameter>
<parameter name="transport.vfs.FileURI">${keyed}/drop</parameter>
<parameter name="transport.vfs.SFTPIdentities">${s.keyFile}</parameter>
<parameter name="transport.vfs.SFTPUserDirIsRoot">false</parameter>
<parameter name="transport.vfs.ContentType">application/json</parameter>
<parameter name="transport.vfs.FileNamePattern">.*\\.json</parameter>
<parameter name="transport.vfs.FileSortAttribute">Name</parameter>
</proxy>`,
    });
    const r = (p: string) => join(s.root, p);
    await until('both files processed', () => readdirSync(r('drop')).length === 0);
    await until(
      'both lines written',
      () => existsSync(r('log.txt')) && readFileSync(r('log.txt'), 'utf8').split(';').length === 3,
    );
    // the two out-only writes run side by side (each on a pooled connection): their order is not fixed
    assert.deepEqual(readFileSync(r('log.txt'), 'utf8').split(';').sort(), ['', 'one.json=1', 'two.json=2']);
  });

  it('vfs:sftp sends lock the target (a foreign lock: retried, then the send fails; Locking=disable writes anyway)', async () => {
    s.seed('locked/.keep', '');
    s.seed('locked/taken.txt.lock', 'another sender');
    const r = (p: string) => join(s.root, p);
    const to = `vfs:${url}/locked`;
    const at = await writeToVfs(`${to}?transport.vfs.ReconnectTimeout=0`, Buffer.from('mine'), 'free.txt');
    assert.equal(at, `sftp://${s.user}:***@127.0.0.1:${s.port}/locked/free.txt`);
    assert.equal(readFileSync(r('locked/free.txt'), 'utf8'), 'mine');
    await assert.rejects(
      writeToVfs(
        `${to}?transport.vfs.ReconnectTimeout=0&transport.vfs.MaxRetryCount=2`,
        Buffer.from('x'),
        'taken.txt',
      ),
      /unable to acquire the lock even after 3 retries/,
    );
    assert.equal(existsSync(r('locked/taken.txt')), false);
    await writeToVfs(`${to}?transport.vfs.Locking=disable`, Buffer.from('anyway'), 'taken.txt');
    assert.equal(readFileSync(r('locked/taken.txt'), 'utf8'), 'anyway');
    // our own lock files are gone; the foreign one stays
    assert.deepEqual(readdirSync(r('locked')).sort(), ['.keep', 'free.txt', 'taken.txt', 'taken.txt.lock']);
  });

  it('reads the SFTP options from the URI and the parameters; refuses another scheme', () => {
    const p = pollingOf({
      'transport.vfs.FileURI': `sftp://u:p%40ss@127.0.0.1:${s.port}/x/in?UserDirIsRoot=false`,
      'transport.vfs.SFTPIdentities': '/keys/a,/keys/b',
      'transport.vfs.SFTPIdentityPassPhrase': 'phrase',
    });
    assert.ok(typeof p !== 'string');
    assert.equal(p.path, '/x/in');
    assert.equal(p.locking, true);
    assert.equal(p.uri, `sftp://u:***@127.0.0.1:${s.port}/x/in?UserDirIsRoot=false`);
    assert.equal(p.uriOf('/x/in/a'), `sftp://u:p%40ss@127.0.0.1:${s.port}/x/in/a`);
    const off = pollingOf({ 'transport.vfs.FileURI': 'ftp://h/in', 'transport.vfs.Locking': 'disable' });
    assert.ok(typeof off !== 'string' && off.locking === false);
    assert.match(
      String(pollingOf({ 'transport.vfs.FileURI': 'smb://h/share' })),
      /not a file, ftp, ftps or sftp URI/,
    );
  });
});

describe('VFS transport on FTP and FTPS (vsftpd on 127.0.0.1)', function () {
  this.timeout(40_000);
  let t: TestRuntime | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  for (const tls of [undefined, 'implicit'] as const)
    it(`a vfs proxy polls ${tls ? 'an FTPS' : 'an FTP'} folder (?vfs.passive=true), DELETE after process, the answer written to ReplyFileURI`, async () => {
      const s = await startVsftpd({ tls });
      try {
        s.seed('drop/ask.xml', '<ask><n>5</n></ask>');
        s.seed('drop/ask.xml.lock', 'a lock file is never picked');
        s.seed('out/.keep', '');
        const base = tls
          ? `ftps://anonymous:guest@127.0.0.1:${s.port}${s.remoteDir}`
          : `ftp://anonymous:guest@127.0.0.1:${s.port}${s.remoteDir}`;
        const q = tls
          ? `?vfs.passive=true&amp;vfs.implicit=true&amp;vfs.ssl.truststore=${s.certPem}`
          : '?vfs.passive=true';
        t = await startRuntime({
          'Replier.xml': `<proxy ${NS} name="Replier" transports="vfs" startOnLoad="true"><target><inSequence>
<payloadFactory media-type="xml"><format><answer xmlns="">$1</answer></format>
<args><arg expression="//n * 2"/></args></payloadFactory><respond/>
</inSequence></target>
<parameter name="transport.PollInterval">50ms</parameter>
<parameter name="transport.vfs.FileURI">${base}/drop${q}</parameter>
<parameter name="transport.vfs.ContentType">application/xml</parameter>
<parameter name="transport.vfs.Locking">disable</parameter>
<parameter name="transport.vfs.FileNamePattern">.*\\.xml</parameter>
<parameter name="transport.vfs.ReplyFileURI">vfs:${base}/out${q}</parameter>
<parameter name="transport.vfs.ReplyFileName">answer.xml</parameter>
</proxy>`,
        });
        const answer = join(s.root, 'out/answer.xml');
        await until('the answer file', () => existsSync(answer) && readFileSync(answer, 'utf8') !== '');
        assert.equal(readFileSync(join(s.root, 'out/answer.xml'), 'utf8'), '<answer>10.0</answer>');
        await until('the request deleted', () => !existsSync(join(s.root, 'drop/ask.xml')));
        // locking disabled: the lock file is an ordinary file, not matching the pattern
        assert.deepEqual(readdirSync(join(s.root, 'drop')), ['ask.xml.lock']);
        if (tls) {
          // a trust store without the server's certificate: the send is refused
          const other = mkdtempSync(join(tmpdir(), 'd6-vfs-trust-'));
          try {
            const { cert } = makeCertificate(other);
            await assert.rejects(
              writeToVfs(
                `vfs:${base}/out?vfs.implicit=true&transport.vfs.Locking=disable&vfs.ssl.truststore=${cert}`,
                Buffer.from('x'),
                'no.xml',
              ),
              /self-signed certificate|certificate/,
            );
          } finally {
            rmSync(other, { recursive: true, force: true });
          }
        }
      } finally {
        await t?.close();
        t = undefined;
        await s.stop();
      }
    });
});
