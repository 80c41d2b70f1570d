/**
 * The File connector in the embedded runtime (in-process, real HTTP on 127.0.0.1, a temporary working folder):
 * `<localEntry><file.init>` connections of type LOCAL and the operations as MI 4.4 runs them with connector v6
 * (esb-connector-file operations/*.java; responseVariable / overwriteBody as AbstractConnectorOperation
 * .handleConnectorResponse and InvokeMediator do; on failure ERROR_CODE / ERROR_MESSAGE as utils/Error.java and the
 * fault sequence, HTTP_SC 500).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { writeZip } from '../../core/car/zipwrite';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

function connection(key: string, type: string, workingDir: string): string {
  return `<localEntry ${NS} key="${key}"><file.init>
    <connectionType>${type}</connectionType><name>${key}</name><workingDir>${workingDir}</workingDir>
    <fileLockScheme>Local</fileLockScheme>${type === 'LOCAL' ? '' : '<host>files.invalid</host><port>21</port>'}
  </file.init></localEntry>`;
}

/** An API whose fault sequence answers what MI sets on a File connector failure. */
function api(name: string, resources: string): string {
  return `<api ${NS} name="${name}" context="/${name.toLowerCase()}">${resources}</api>`;
}

const FAULT = `<faultSequence>
  <payloadFactory media-type="json"><format>{"code":"$1","message":"$2","errorDetail":"$3","detail":"\${vars.r.payload.error.detail}","success":\${vars.r.payload.success}}</format>
    <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="get-property('ERROR_DETAIL')"/></args>
  </payloadFactory><respond/></faultSequence>`;

describe('runtime: File connector (local files)', function () {
  this.timeout(20000);
  let dir: string;
  let t: TestRuntime;
  let files: Record<string, string>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fconn-rt-'));
    mkdirSync(join(dir, 'inbox'));
    writeFileSync(join(dir, 'inbox', 'note.txt'), 'plain words');
    t = await startRuntime(
      (files = {
        'Drop.xml': connection('Drop', 'LOCAL', dir),
        'Remote.xml': connection('Remote', 'SMB2', '/'),
        'NoLock.xml': `<localEntry ${NS} key="NoLock"><file.init><connectionType>LOCAL</connectionType><name>NoLock</name>
        <workingDir>${dir}</workingDir></file.init></localEntry>`,
        'Files.xml': api(
          'Files',
          `<resource methods="POST" uri-template="/save/{name}"><inSequence>
           <file.write configKey="Drop">
             <filePath>{\${'/inbox/' + params.pathParams.name}}</filePath>
             <writeMode>Overwrite</writeMode>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody>
           </file.write>
           <payloadFactory media-type="json"><format>{"result":\${vars.r.payload},"whole":"\${vars.r}","kept":\${payload}}</format></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="POST" uri-template="/log"><inSequence>
           <file.write configKey="Drop">
             <filePath>/inbox/orders.log</filePath>
             <contentOrExpression>order \${payload.id} for \${payload.who}</contentOrExpression>
             <writeMode>Append</writeMode><appendNewLine>true</appendNewLine>
             <responseVariable>r</responseVariable><overwriteBody>true</overwriteBody>
           </file.write>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/read/{name}"><inSequence>
           <file.read configKey="Drop">
             <path>{\${'/inbox/' + params.pathParams.name}}</path>
             <readMode>Complete File</readMode>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody>
           </file.read>
           <payloadFactory media-type="json"><format>{"content":\${vars.r.payload},"name":"\${vars.r.attributes.FILE_NAME}","size":"\${vars.r.attributes.FILE_SIZE}","path":"\${vars.r.attributes.FILE_PATH}"}</format></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/body/{name}"><inSequence>
           <file.read configKey="Drop">
             <path>{\${'/inbox/' + params.pathParams.name}}</path>
             <contentType>text/plain</contentType>
             <responseVariable>r</responseVariable><overwriteBody>true</overwriteBody>
           </file.read>
           <property name="messageType" value="text/plain" scope="axis2"/>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/list"><inSequence>
           <file.listFiles configKey="Drop">
             <directoryPath>/inbox</directoryPath><matchingPattern>.*\\.(json|log)</matchingPattern>
             <responseFormat>Hierarchical</responseFormat><sortingAttribute>Name</sortingAttribute>
             <sortingOrder>Ascending</sortingOrder>
             <responseVariable>r</responseVariable><overwriteBody>true</overwriteBody>
           </file.listFiles>
           <!-- a GET is NO_ENTITY_BODY TRUE (ServerWorker); handleConnectorResponse writes the list with
                JsonUtil.getNewJsonPayload, which leaves it set: without this removal MI answers no body -->
           <property name="NO_ENTITY_BODY" scope="axis2" action="remove"/>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/exists/{name}"><inSequence>
           <file.checkExist configKey="Drop">
             <path>{\${'/inbox/' + params.pathParams.name}}</path>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody>
           </file.checkExist>
           <payloadFactory media-type="json"><format>{"exists":\${vars.r.payload.fileExists}}</format></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="POST" uri-template="/archive/{name}"><inSequence>
           <file.createDirectory configKey="Drop"><directoryPath>/archive/2026</directoryPath>
             <responseVariable>d</responseVariable><overwriteBody>false</overwriteBody></file.createDirectory>
           <file.copy configKey="Drop">
             <sourcePath>{\${'/inbox/' + params.pathParams.name}}</sourcePath><targetPath>/archive/2026</targetPath>
             <responseVariable>c</responseVariable><overwriteBody>false</overwriteBody></file.copy>
           <file.rename configKey="Drop">
             <path>{\${'/archive/2026/' + params.pathParams.name}}</path><renameTo>kept.txt</renameTo>
             <responseVariable>n</responseVariable><overwriteBody>false</overwriteBody></file.rename>
           <file.move configKey="Drop">
             <sourcePath>{\${'/inbox/' + params.pathParams.name}}</sourcePath><targetPath>/moved/here</targetPath>
             <createParentDirectories>true</createParentDirectories>
             <responseVariable>m</responseVariable><overwriteBody>false</overwriteBody></file.move>
           <file.delete configKey="Drop"><path>/archive</path>
             <responseVariable>x</responseVariable><overwriteBody>false</overwriteBody></file.delete>
           <payloadFactory media-type="json"><format>{"d":\${vars.d.payload.success},"c":\${vars.c.payload.success},"n":\${vars.n.payload.success},"m":\${vars.m.payload.success},"x":\${vars.x.payload.numOfDeletedFiles}}</format></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/text/{name}"><inSequence>
           <file.read configKey="Drop">
             <path>{\${'/inbox/' + params.pathParams.name}}</path>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody>
           </file.read>
           <payloadFactory media-type="json"><format>{"content":"\${vars.r.payload}"}</format></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/fetch"><inSequence>
           <file.fetchDirectoryContent configKey="Drop">
             <directoryPath>/inbox</directoryPath><matchingPattern>note.*</matchingPattern>
             <resultPropertyName>contents</resultPropertyName>
           </file.fetchDirectoryContent>
           <payloadFactory media-type="json"><format>{"first":"\${properties.contents[0]}"}</format></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="POST" uri-template="/unzip/{name}"><inSequence>
           <file.unzip configKey="Drop">
             <sourceFilePath>{\${'/inbox/' + params.pathParams.name}}</sourceFilePath><targetDirectory>/unzipped</targetDirectory>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody>
           </file.unzip>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/nolock"><inSequence>
           <file.checkExist configKey="NoLock"><path>/x</path>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></file.checkExist>
           <respond/></inSequence><faultSequence>
             <!-- a GET is NO_ENTITY_BODY TRUE (ServerWorker) and the error document does not clear it -->
             <property name="NO_ENTITY_BODY" scope="axis2" action="remove"/><respond/></faultSequence></resource>
         <resource methods="POST" uri-template="/inline"><inSequence>
           <file.init><connectionType>LOCAL</connectionType><name>Side</name><workingDir>${dir}/inbox</workingDir>
             <fileLockScheme>Local</fileLockScheme></file.init>
           <file.write><filePath>/side.txt</filePath><contentOrExpression>beside</contentOrExpression>
             <writeMode>Overwrite</writeMode><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></file.write>
           <file.checkExist configKey="Drop"><path>/inbox/side.txt</path>
             <responseVariable>e</responseVariable><overwriteBody>false</overwriteBody></file.checkExist>
           <payloadFactory media-type="json"><format>{"written":\${vars.r.payload.writtenBytes},"exists":\${vars.e.payload.fileExists},"name":"$1"}</format>
             <args><arg expression="get-property('name')"/></args></payloadFactory>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/noconn"><inSequence>
           <file.checkExist><path>/x</path><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></file.checkExist>
           <respond/></inSequence>${FAULT}</resource>
         <resource methods="GET" uri-template="/remote"><inSequence>
           <file.checkExist configKey="Remote"><path>/x</path>
             <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></file.checkExist>
           <respond/></inSequence>${FAULT}</resource>`,
        ),
      }),
    );
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads file.* operations without warnings; an SMB connection is RT_UNSUPPORTED naming its type (FTP, FTPS and SFTP are reached: connector-file-remote*.test.ts)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.map((w) => `${w.file}:${w.line} ${w.code} ${w.message}`),
      [
        "Remote.xml:2 RT_UNSUPPORTED File connection 'Remote' is of type SMB2: the embedded runtime does not reach SMB shares (its operations fault with FILE:CONNECTION_ERROR)",
      ],
    );
    assert.ok(res.artifacts.some((a) => a.name === 'Files'));
  });

  it('writes a posted body to a file: result in the variable, body kept', async () => {
    const r = await send(`${t.base}/files/save/order-7.json`, {
      body: '{"id":7,"qty":2}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      result: { success: true, writtenBytes: 16 },
      // the variable whole is a java.util.Map in MI: PayloadAccessNode answers nothing for it
      whole: '',
      kept: { id: 7, qty: 2 },
    });
    assert.equal(readFileSync(join(dir, 'inbox', 'order-7.json'), 'utf8'), '{"id":7,"qty":2}');
  });

  it('appends content with inline expressions; overwriteBody puts the result document in the body', async () => {
    writeFileSync(join(dir, 'inbox', 'orders.log'), '');
    for (const [id, who] of [
      [1, 'ann'],
      [2, 'bo'],
    ] as const) {
      const r = await send(`${t.base}/files/log`, {
        body: JSON.stringify({ id, who }),
        type: 'application/json',
      });
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(r.json(), { success: true, writtenBytes: id === 1 ? 17 : 32 });
    }
    // performContentAppend: the content (with its new line) joins the last line, then every line is written with a
    // line separator: the new line doubles, and the next append joins the empty last line
    assert.equal(
      readFileSync(join(dir, 'inbox', 'orders.log'), 'utf8'),
      'order 1 for ann\norder 2 for bo\n\n',
    );
  });

  it('reads a JSON file back into the variable with its metadata', async () => {
    const r = await send(`${t.base}/files/read/order-7.json`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      content: { id: 7, qty: 2 },
      name: 'order-7.json',
      size: '16',
      path: '/inbox/order-7.json',
    });
  });

  it('reads a text file into the body (overwriteBody)', async () => {
    const r = await send(`${t.base}/files/body/note.txt`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'plain words');
  });

  it('lists the folder', async () => {
    const r = await send(`${t.base}/files/list`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      success: true,
      directory: { name: 'inbox', file: ['order-7.json', 'orders.log'] },
    });
  });

  it('checks a missing file', async () => {
    assert.deepEqual((await send(`${t.base}/files/exists/nothing.txt`)).json(), { exists: false });
    assert.deepEqual((await send(`${t.base}/files/exists/note.txt`)).json(), { exists: true });
  });

  it('fails on a missing file: ERROR_CODE 700102, FILE:ILLEGAL_PATH, the error document in the variable, 500', async () => {
    const r = await send(`${t.base}/files/read/ghost.json`);
    assert.equal(r.status, 500, r.text);
    const body = r.json() as Record<string, unknown>;
    assert.equal(body.code, '700102');
    assert.equal(body.message, 'FILE:ILLEGAL_PATH');
    assert.equal(body.success, false);
    assert.match(String(body.detail), /^File or folder not found: file:\/\/.*\/inbox\/ghost\.json$/);
    // the connector sets ERROR_CODE itself: Synapse's fault handler adds no ERROR_DETAIL; handleException logs
    assert.equal(body.errorDetail, '');
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' &&
          l.category === 'ReadFile' &&
          /^Error while performing file:read for file\/directory file:\/\/.*ghost\.json: File or folder not found/.test(
            l.message,
          ),
      ),
      JSON.stringify(t.logs.slice(-3)),
    );
  });

  it('creates, copies, renames, moves and deletes', async () => {
    writeFileSync(join(dir, 'inbox', 'cycle.txt'), 'round');
    const r = await send(`${t.base}/files/archive/cycle.txt`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    // the deleted folder counted itself, 2026 and kept.txt
    assert.deepEqual(r.json(), { d: true, c: true, n: true, m: true, x: 3 });
    assert.equal(readFileSync(join(dir, 'moved', 'here', 'cycle.txt'), 'utf8'), 'round');
    assert.ok(!existsSync(join(dir, 'inbox', 'cycle.txt')));
    assert.ok(!existsSync(join(dir, 'archive')));
  });

  it('reads a text file into the variable as the <text> element MI builds', async () => {
    const r = await send(`${t.base}/files/text/note.txt`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      content: '<text xmlns="http://ws.apache.org/commons/ns/payload">plain words</text>',
    });
  });

  it('fetches file contents (base64) into a property', async () => {
    const r = await send(`${t.base}/files/fetch`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { first: Buffer.from('plain words').toString('base64') });
  });

  it('refuses a zip entry leaving the target (OPERATION_ERROR) and faults with code 0 on a missing archive', async () => {
    writeFileSync(
      join(dir, 'inbox', 'slip.zip'),
      writeZip([{ path: '../../outside.txt', data: Buffer.from('no') }]),
    );
    const r = await send(`${t.base}/files/unzip/slip.zip`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 500, r.text);
    const body = r.json() as Record<string, unknown>;
    assert.equal(body.code, '700108');
    assert.equal(body.message, 'FILE:OPERATION_ERROR');
    assert.match(String(body.detail), /unsafe entry '\.\.\/\.\.\/outside\.txt'/);
    assert.ok(!existsSync(join(dir, '..', 'outside.txt')));
    // UnzipFile does not catch its IllegalPathException: no FILE:* properties, no result document
    const m = await send(`${t.base}/files/unzip/none.zip`, { body: '{}', type: 'application/json' });
    // (the fault sequence's template has no success value to print: the variable was never set; nor is HTTP_SC, so
    // the fault sequence's answer keeps 200)
    assert.equal(m.status, 200, m.text);
    assert.match(m.text, /"code":"0"/);
    assert.match(m.text, /"message":"File not found: file:\/\/[^"]*none\.zip"/);
    assert.match(m.text, /"success":}/);
  });

  it('a connection without fileLockScheme fails its init: the error document is the body, 700107', async () => {
    const r = await send(`${t.base}/files/nolock`);
    assert.equal(r.status, 500, r.text);
    assert.deepEqual(r.json(), {
      success: false,
      error: {
        code: '700107',
        message: 'FILE:INVALID_CONFIGURATION',
        detail: "Parameter 'fileLockScheme' contains empty value.",
      },
    });
  });

  it('an inline <file.init> serves the operations without configKey; a configKey operation sets the property name', async () => {
    const r = await send(`${t.base}/files/inline`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { written: 6, exists: true, name: 'Drop' });
    assert.equal(readFileSync(join(dir, 'inbox', 'side.txt'), 'utf8'), 'beside');
  });

  it('an operation without configKey and no connection named faults (ERROR_CODE 0)', async () => {
    const r = await send(`${t.base}/files/noconn`);
    assert.match(r.text, /"code":"0","message":"Connection name is not set\."/);
  });

  it('faults with CONNECTION_ERROR on an SMB2 connection', async () => {
    const r = await send(`${t.base}/files/remote`);
    assert.equal(r.status, 500, r.text);
    const body = r.json() as Record<string, unknown>;
    assert.equal(body.code, '700101');
    assert.equal(body.message, 'FILE:CONNECTION_ERROR');
    assert.match(String(body.detail), /does not reach SMB shares: connection 'Remote' is of type SMB2/);
  });
});
