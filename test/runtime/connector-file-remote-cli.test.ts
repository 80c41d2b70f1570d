/**
 * The built runtime (dist/cli.js `synapse run`, a real process) with a File connector connection of type SFTP and a
 * vfs proxy on an ftp:// folder: the FTP and SSH clients come from the chunk dist/cli-remotefs.js (loaded on first
 * use; ssh2's native parts left out), against servers the test starts (./connector-file-remote-servers.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from './helpers';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';
import { SFTP_PASSWORD, startSshd, startVsftpd, type SshServer } from './connector-file-remote-servers';
import { until } from '../support';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('runtime: remote files through synapse run (process, bundled clients)', function () {
  this.timeout(40_000);
  let sftp: SshServer;
  let ftp: Awaited<ReturnType<typeof startVsftpd>>;
  let project: string;
  before(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    if (!existsSync(join(CLI, '..', 'cli-remotefs.js'))) throw new Error('dist/cli-remotefs.js is missing');
    sftp = await startSshd();
    ftp = await startVsftpd();
    project = mkdtempSync(join(tmpdir(), 'd6-proj-'));
    const art = join(project, 'src', 'main', 'wso2mi', 'artifacts');
    for (const d of ['local-entries', 'apis', 'proxy-services']) mkdirSync(join(art, d), { recursive: true });
    writeFileSync(
      join(project, 'pom.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>com.example.remote</groupId><artifactId>remote</artifactId><version>1.0.0</version><packaging>pom</packaging>
<name>remote</name></project>
`,
    );
    writeFileSync(
      join(art, 'local-entries', 'Partner.xml'),
      `<localEntry key="Partner" ${NS}><file.init><connectionType>SFTP</connectionType><name>Partner</name>
  <host>127.0.0.1</host><port>${sftp.port}</port><username>${sftp.user}</username>
  <privateKeyFilePath>${sftp.keyFile}</privateKeyFilePath>
  <workingDir>${sftp.remoteDir}</workingDir><fileLockScheme>Local</fileLockScheme></file.init></localEntry>
`,
    );
    writeFileSync(
      join(art, 'apis', 'PartnerAPI.xml'),
      `<api ${NS} name="PartnerAPI" context="/partner">
  <resource methods="POST" uri-template="/{name}"><inSequence>
    <file.write configKey="Partner"><filePath>{\${'/drop/' + params.pathParams.name}}</filePath>
      <writeMode>Overwrite</writeMode><responseVariable>w</responseVariable><overwriteBody>false</overwriteBody></file.write>
    <file.listFiles configKey="Partner"><directoryPath>/drop</directoryPath>
      <responseVariable>l</responseVariable><overwriteBody>false</overwriteBody></file.listFiles>
    <payloadFactory media-type="json"><format>{"written":\${vars.w.payload.writtenBytes},"list":\${vars.l.payload}}</format></payloadFactory>
    <respond/></inSequence></resource>
</api>
`,
    );
    writeFileSync(
      join(art, 'proxy-services', 'FtpWatch.xml'),
      `<proxy ${NS} name="FtpWatch" transports="vfs" startOnLoad="true"><target><inSequence>
  <property name="OUT_ONLY" value="true"/>
  <call><endpoint><address uri="vfs:sftp://${sftp.user}:${SFTP_PASSWORD}@127.0.0.1:${sftp.port}/from-ftp"/></endpoint></call>
  </inSequence></target>
  <parameter name="transport.PollInterval">50ms</parameter>
  <parameter name="transport.vfs.FileURI">ftp://anonymous:guest@127.0.0.1:${ftp.port}${ftp.remoteDir}/in?vfs.passive=true</parameter>
  <parameter name="transport.vfs.ContentType">text/plain</parameter>
  <parameter name="transport.vfs.FileNamePattern">.*</parameter>
</proxy>
`,
    );
  });
  after(async () => {
    await sftp?.stop();
    await ftp?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('writes and lists on SFTP with an identity file; a file polled on FTP is written to SFTP', async () => {
    sftp.seed('drop/.keep', '');
    sftp.seed('from-ftp/.keep', '');
    const c = startSynapseRun([project, '--http-port', '0']);
    try {
      const out = await c.ready;
      const m = /API PartnerAPI: (http:\/\/127\.0\.0\.1:\d+)\/partner/.exec(out);
      assert.ok(m, out);
      assert.match(
        out,
        new RegExp(`Proxy FtpWatch: polling ftp://anonymous:\\*\\*\\*@127\\.0\\.0\\.1:${ftp.port}/files/in`),
      );
      const w = await send(`${m[1]}/partner/a.txt`, { body: 'for the partner', type: 'text/plain' });
      assert.equal(w.status, 200, w.text + c.err());
      const body = w.json() as { written: number; list: { success: boolean; file: string[] } };
      assert.equal(body.written, 15, JSON.stringify(body));
      assert.deepEqual(body.list, { success: true, directory: { name: 'drop', file: ['.keep', 'a.txt'] } });
      assert.equal(readFileSync(join(sftp.root, 'drop/a.txt'), 'utf8'), 'for the partner');
      ftp.seed('in/b.txt', 'from the ftp side');
      // a file being written on the server exists before its bytes do: wait for the content
      const written = join(sftp.root, 'from-ftp/response.xml');
      await until(
        'the polled file written on the SFTP server',
        () => existsSync(written) && readFileSync(written, 'utf8') !== '',
      );
      await until('the polled file deleted', () => !existsSync(join(ftp.root, 'in/b.txt')));
      assert.equal(readFileSync(written, 'utf8'), 'from the ftp side');
      assert.doesNotMatch(c.err(), /RT_UNSUPPORTED|Cannot find module/);
    } finally {
      await stopProcess(c.proc);
    }
  });
});
