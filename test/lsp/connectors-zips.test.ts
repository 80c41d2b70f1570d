/**
 * Connector zips in the language server, over real LSP stdio: a zip the server refuses is reported once on the
 * project's pom.xml (an editor shows no diagnostic on a zip; the Problems view lists it under the pom), or in a
 * window message for a project without a pom.xml; and a zip added, replaced or deleted under resources/connectors
 * (workspace/didChangeWatchedFiles on the `**\/*.zip` watcher) re-validates the files that use its operations.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { writeZip, type ZipInput } from '../../core/car/zipwrite';
import { CONNECTOR_FIXTURE, folderEntries, projectWithZip } from '../fixtures/connectors-editor/make';
import { LspClient, uri } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const DIR = 'src/main/wso2mi/resources/connectors';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/** Our fixture connector under another name. */
const renamed = (name: string): ZipInput[] =>
  folderEntries(join(CONNECTOR_FIXTURE, 'connector')).map((e) =>
    e.path === 'connector.xml'
      ? { path: e.path, data: Buffer.from(e.data.toString().replace('"greet"', `"${name}"`)) }
      : e,
  );

describe('lsp: connector zips (a refused zip reported for its project; zip changes re-validate their users)', function () {
  this.timeout(30000);
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let bare: string;
  const messages: { type: number; message: string }[] = [];
  let pom: string;
  let zip: string;

  const watched = (path: string, type: 1 | 2 | 3) =>
    client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path).href, type }],
    });

  before(async () => {
    fx = projectWithZip();
    zip = join(fx.root, DIR, 'other-1.0.zip');
    writeFileSync(
      zip,
      writeZip([...renamed('other'), { path: '../../planted.xml', data: Buffer.from('<x/>') }]),
    );
    // a second project, in the MI layout but without a pom.xml
    bare = join(fx.root, '..', 'NoPom');
    mkdirSync(join(bare, ART, 'sequences'), { recursive: true });
    mkdirSync(join(bare, DIR), { recursive: true });
    cpSync(join(fx.root, ART, 'local-entries'), join(bare, ART, 'local-entries'), { recursive: true });
    client = await LspClient.start({ folders: [fx.root, bare], settings: { validation: { delayMs: 20 } } });
    client.conn.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      messages.push(m);
    });
    pom = uri(join(fx.root, 'pom.xml'));
    await client.indexed();
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  it('reports a refused zip once on the project’s pom.xml, and clears it when the zip is fixed', async () => {
    const onPom = await client.until(
      () => client.published.find((p) => p.uri === pom)?.diagnostics,
      'diagnostics on pom.xml',
    );
    assert.deepEqual(
      onPom.map((d: Diagnostic) => `${d.range.start.line}:${d.severity}:${d.code}`),
      ['0:2:SYN604'],
    );
    assert.match(
      onPom[0].message,
      /^src\/main\/wso2mi\/resources\/connectors\/other-1\.0\.zip: The connector zip other-1\.0\.zip is ignored: unsafe entry name '\.\.\/\.\.\/planted\.xml'/,
    );
    // a file using the refused connector: its first operation says why nothing provides it
    const seq = await client.open(
      join(fx.root, ART, 'sequences/UsesOther.xml'),
      `<sequence ${NS} name="UsesOther">\n  <other.sayHelo/>\n</sequence>`,
    );
    const refused = await client.nextDiagnostics(seq, 0);
    assert.deepEqual(
      refused.map((d) => d.code),
      ['SYN604'],
    );
    // nothing else on the pom while nothing changes (said once)
    const pomCount = () => client.published.filter((p) => p.uri === pom).length;
    assert.equal(pomCount(), 1);

    // the zip replaced by a good one: the pom is cleared and the file now meets the connector (SYN600 with a hint)
    writeFileSync(zip, writeZip(renamed('other')));
    let after = client.published.length;
    await watched(zip, 2);
    const fixed = await client.nextDiagnostics(seq, after);
    assert.deepEqual(
      fixed.map((d) => d.code),
      ['SYN600'],
    );
    assert.match(fixed[0].message, /did you mean <other\.sayHello>/);
    assert.deepEqual(client.published.filter((p) => p.uri === pom).pop()?.diagnostics, []);
    assert.equal(pomCount(), 2);

    // the zip deleted: the connector is unknown again, and unknown connectors are not checked
    rmSync(zip);
    after = client.published.length;
    await watched(zip, 3);
    assert.deepEqual(await client.nextDiagnostics(seq, after), []);
    // a zip added: its operations are checked at once
    writeFileSync(zip, writeZip(renamed('other')));
    after = client.published.length;
    await watched(zip, 1);
    assert.deepEqual(
      (await client.nextDiagnostics(seq, after)).map((d) => d.code),
      ['SYN600'],
    );
    assert.equal(pomCount(), 2, 'nothing new to say on the pom');
  });

  it('says it in a window message for a project without a pom.xml', async () => {
    const bad = join(bare, DIR, 'broken-1.0.zip');
    writeFileSync(bad, Buffer.from('not a zip'));
    await watched(bad, 1);
    const m = await client.until(
      () => messages.find((x) => /broken-1\.0\.zip/.test(x.message)),
      'a window message',
    );
    assert.equal(m.type, 2); // warning
    assert.match(m.message, /Synapse project NoPom: .*broken-1\.0\.zip is ignored: not a zip file/);
    // the same state again: not said twice
    await watched(bad, 2);
    await client.request('workspace/symbol', { query: '\u0000' });
    assert.equal(messages.filter((x) => /broken-1\.0\.zip/.test(x.message)).length, 1);
  });
});
