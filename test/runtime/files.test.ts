/**
 * Local files as MI's file inbound endpoint and vfs transport handle them: a folder polled for the files whose
 * name matches the pattern, each mediated with FILE_NAME/FILE_PATH/… transport headers, then moved or deleted
 * (MOVE/DELETE after process, after failure for content its type cannot read); and vfs: endpoint addresses that
 * write the message to a file in a folder (transport.vfs.ReplyFileName) or append to one. Real folders under a
 * temporary directory; the runtime in-process.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime: files (file inbound endpoint, vfs transport and vfs: endpoints)', function () {
  this.timeout(30_000);
  let dir: string;
  let t: TestRuntime | undefined;
  const d = (...p: string[]) => join(dir, ...p);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'synapse-files-'));
    for (const f of ['in', 'out', 'done', 'failed', 'drop']) mkdirSync(d(f));
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file inbound endpoint mediates each matching file, then moves it (timestamp prefix); unreadable content goes to the failure folder', async () => {
    // a moved file's name is prefixed with the MoveTimestampFormat text (VFSTransportListener)
    // the year the files are moved in: this one, or the next when the run crosses New Year
    const year = new Date().getFullYear();
    const moved = (dir: string, name: string) =>
      [year, year + 1].some((y) => existsSync(d(dir, `at-${y}_${name}`)));
    writeFileSync(d('in', 'a.xml'), '<order><id>7</id></order>');
    writeFileSync(d('in', 'b.txt'), 'not for us');
    writeFileSync(d('in', 'c.xml'), '<order><id>8</order>');
    t = await startRuntime({
      'FileIn.xml': `<inboundEndpoint ${NS} name="FileIn" protocol="file" sequence="OnFile" onError="fault" suspend="false">
<parameters>
  <parameter name="interval">50</parameter>
  <parameter name="transport.vfs.FileURI">file://${d('in')}</parameter>
  <parameter name="transport.vfs.ContentType">application/xml</parameter>
  <parameter name="transport.vfs.FileNamePattern">.*\\.xml</parameter>
  <parameter name="transport.vfs.ActionAfterProcess">MOVE</parameter>
  <parameter name="transport.vfs.MoveAfterProcess">file://${d('done')}</parameter>
  <parameter name="transport.vfs.MoveTimestampFormat">'at-'yyyy'_'</parameter>
  <parameter name="transport.vfs.FileProcessInterval">20</parameter>
  <parameter name="transport.vfs.ActionAfterFailure">MOVE</parameter>
  <parameter name="transport.vfs.MoveAfterFailure">file://${d('failed')}</parameter>
</parameters></inboundEndpoint>`,
      'OnFile.xml': `<sequence ${NS} name="OnFile">
<log level="custom"><property name="file" expression="$trp:FILE_NAME"/><property name="id" expression="//id"/></log>
<property name="transport.vfs.ReplyFileName" expression="fn:concat('seen-', $trp:FILE_NAME)" scope="transport"/>
<property name="OUT_ONLY" value="true"/>
<payloadFactory media-type="xml"><format><seen xmlns="" id="$1" size="$2"/></format>
<args><arg expression="//id"/><arg expression="$trp:FILE_LENGTH"/></args></payloadFactory>
<call><endpoint><address uri="vfs:file://${d('out')}"/></endpoint></call>
</sequence>`,
      'fault.xml': `<sequence ${NS} name="fault"><drop/></sequence>`,
    });
    await until('a.xml moved and c.xml failed', () => moved('done', 'a.xml') && moved('failed', 'c.xml'));
    // a file being written exists (created) before its bytes do: wait for the content
    await until(
      'the written file',
      () => existsSync(d('out', 'seen-a.xml')) && readFileSync(d('out', 'seen-a.xml'), 'utf8') !== '',
    );
    assert.equal(readFileSync(d('out', 'seen-a.xml'), 'utf8'), '<seen id="7" size="25"/>');
    assert.deepEqual(readdirSync(d('in')), ['b.txt']);
    assert.ok(!existsSync(d('out', 'seen-c.xml')));
    const logged = t.logs.map((l) => l.message).join('\n');
    assert.match(logged, /file = a\.xml, id = 7/);
    assert.match(logged, /Error processing File URI : .*c\.xml/);
  });

  it("a vfs proxy's answer is written to its transport.vfs.ReplyFileURI under ReplyFileName", async () => {
    writeFileSync(d('drop', 'ask.xml'), '<ask><n>5</n></ask>');
    t = await startRuntime({
      'Replier.xml': `<proxy ${NS} name="Replier" transports="vfs" startOnLoad="true"><target><inSequence>
<payloadFactory media-type="xml"><format><answer xmlns="">$1</answer></format>
<args><arg expression="//n * 2"/></args></payloadFactory><respond/>
</inSequence></target>
<parameter name="transport.PollInterval">50ms</parameter>
<parameter name="transport.vfs.FileURI">file://${d('drop')}</parameter>
<parameter name="transport.vfs.ContentType">application/xml</parameter>
<parameter name="transport.vfs.FileNamePattern">.*\\.xml</parameter>
<parameter name="transport.vfs.ReplyFileURI">file://${d('out')}</parameter>
<parameter name="transport.vfs.ReplyFileName">answer.xml</parameter>
</proxy>`,
    });
    await until(
      'the answer file',
      () => existsSync(d('out', 'answer.xml')) && readFileSync(d('out', 'answer.xml'), 'utf8') !== '',
    );
    // an XPath number is a Java double: 10.0
    assert.equal(readFileSync(d('out', 'answer.xml'), 'utf8'), '<answer>10.0</answer>');
    await until('the request file deleted', () => readdirSync(d('drop')).length === 0);
  });

  it('a proxy service on the vfs transport polls its folder (PollInterval in ms), deletes what it processed, and appends to a file', async () => {
    writeFileSync(d('drop', 'one.json'), '{"n":1}');
    writeFileSync(d('drop', 'two.json'), '{"n":2}');
    t = await startRuntime({
      'FileProxy.xml': `<proxy ${NS} name="FileProxy" transports="vfs" startOnLoad="true"><target><inSequence>
<property name="OUT_ONLY" value="true"/>
<payloadFactory media-type="text"><format>$1=$2;</format>
<args><arg expression="$trp:FILE_NAME"/><arg evaluator="json" expression="$.n"/></args></payloadFactory>
<call><endpoint><address uri="vfs:file://${d('out', 'log.txt')}?transport.vfs.Append=true"/></endpoint></call>
</inSequence></target>
<parameter name="transport.PollInterval">50ms</parameter>
<parameter name="transport.vfs.FileURI">file://${d('drop')}</parameter>
<parameter name="transport.vfs.ContentType">application/json</parameter>
<parameter name="transport.vfs.FileNamePattern">.*\\.json</parameter>
</proxy>`,
    });
    assert.ok(t.rt.urls().includes(`Proxy FileProxy: polling file://${d('drop')}`), t.rt.urls().join());
    await until('both files processed', () => readdirSync(d('drop')).length === 0);
    await until(
      'both lines written',
      () =>
        existsSync(d('out', 'log.txt')) && readFileSync(d('out', 'log.txt'), 'utf8').split(';').length === 3,
    );
    assert.equal(readFileSync(d('out', 'log.txt'), 'utf8'), 'one.json=1;two.json=2;');
  });
});
