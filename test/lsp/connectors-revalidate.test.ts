/**
 * A connection's change re-validates the files that use it, over real LSP stdio: a local entry holding `<x.init>`
 * edited in the editor, changed, deleted, created again and renamed on disk; the operations naming it by configKey
 * get fresh diagnostics without being touched, and a file that does not use the key is not validated again.
 */
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { projectWithZip } from '../fixtures/connectors-editor/make';
import { LspClient } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: a connection edited, changed on disk, deleted or renamed re-validates the operations that use it', function () {
  this.timeout(30000);
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let user: string;
  let bystander: string;

  const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.code}`).sort();
  const watched = (path: string, type: 1 | 2 | 3) =>
    client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path).href, type }],
    });
  const publishesFor = (u: string, after: number) =>
    client.published.slice(after).filter((p) => p.uri === u).length;

  before(async () => {
    fx = projectWithZip();
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 20 } } });
    await client.indexed();
    user = await client.open(
      join(fx.root, ART, 'sequences/UsesConnections.xml'),
      [
        `<sequence ${NS} name="UsesConnections">`,
        '  <greet.sayGoodbye configKey="GreetConn"><farewell>bye</farewell></greet.sayGoodbye>',
        '  <http.get configKey="BackendConn"><relativePath>/x</relativePath></http.get>',
        '</sequence>',
      ].join('\n'),
    );
    bystander = await client.open(
      join(fx.root, ART, 'sequences/Bystander.xml'),
      `<sequence ${NS} name="Bystander">\n  <log category="INFO"/>\n</sequence>`,
    );
    assert.deepEqual(await client.nextDiagnostics(user, 0), []);
    assert.deepEqual(await client.nextDiagnostics(bystander, 0), []);
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  it('an edit of the connection in the editor re-validates its users (only them), and the edit back clears it', async () => {
    const conn = await client.open(join(fx.root, ART, 'local-entries/GreetConn.xml'));
    const good = client.text(conn);
    let after = client.published.length;
    // the connection becomes an HTTP one: greet.sayGoodbye no longer names a greet connection
    await client.change(
      conn,
      `<localEntry key="GreetConn" ${NS}>\n  <http.init><baseUrl>http://127.0.0.1:1</baseUrl></http.init>\n</localEntry>`,
    );
    // the change is analysed when something reads the workspace: a request, or the debounced validation
    const broken = await client.nextDiagnostics(user, after);
    assert.deepEqual(codes(broken), ['2:SYN603']);
    assert.match(broken[0].message, /'GreetConn' is not a Greeter connection: it holds <http\.init>/);
    assert.equal(publishesFor(bystander, after), 0, 'a file that does not use the key is not re-validated');
    after = client.published.length;
    await client.change(conn, good);
    assert.deepEqual(await client.nextDiagnostics(user, after), []);
    assert.equal(publishesFor(bystander, after), 0);
    await client.close(conn);
  });

  it('a connection changed, deleted, created and renamed on disk re-validates its users', async () => {
    const file = join(fx.root, ART, 'local-entries/BackendConn.xml');
    let after = client.published.length;
    writeFileSync(file, `<localEntry key="BackendConn" ${NS}>plain text</localEntry>`);
    await watched(file, 2);
    assert.deepEqual(codes(await client.nextDiagnostics(user, after)), ['3:SYN603']);

    after = client.published.length;
    rmSync(file);
    await watched(file, 3);
    const gone = await client.nextDiagnostics(user, after);
    assert.deepEqual(codes(gone), ['3:SYN200']);
    assert.match(gone[0].message, /BackendConn/);

    after = client.published.length;
    writeFileSync(
      file,
      `<localEntry key="BackendConn" ${NS}><http.init><connectionType>HTTP</connectionType><baseUrl>http://127.0.0.1:2</baseUrl></http.init></localEntry>`,
    );
    await watched(file, 1);
    assert.deepEqual(await client.nextDiagnostics(user, after), []);

    // the key renamed in the file: the configKey no longer resolves
    after = client.published.length;
    writeFileSync(
      file,
      `<localEntry key="BackendConn2" ${NS}><http.init><baseUrl>http://127.0.0.1:2</baseUrl></http.init></localEntry>`,
    );
    await watched(file, 2);
    assert.deepEqual(codes(await client.nextDiagnostics(user, after)), ['3:SYN200']);
    assert.equal(publishesFor(bystander, after), 0);
  });
});
