/**
 * Navigation for connections over real LSP stdio: go to definition on a configKey value opens the local entry that
 * holds the connection, find references on the local entry's key lists the operations that use it, and renaming the
 * key renames every configKey naming it (and the connection's own `<name>` when it was the key, as the tooling
 * writes it).
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Location, WorkspaceEdit, TextEdit, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { projectWithZip } from '../fixtures/connectors-editor/make';
import { applyEdits, LspClient, posOf, uri } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: navigation for connections (configKey -> local entry, references, rename)', function () {
  this.timeout(30000);
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let seq: string;
  let seqText: string;
  let connPath: string;

  before(async () => {
    fx = projectWithZip();
    client = await LspClient.start({ folders: [fx.root] });
    await client.indexed();
    seqText = [
      `<sequence ${NS} name="CallsGreeter">`,
      '  <greet.sayGoodbye configKey="GreetConn"><farewell>bye</farewell></greet.sayGoodbye>',
      '  <greet.sayHello configKey="GreetConn"><personName>Ada</personName></greet.sayHello>',
      '</sequence>',
    ].join('\n');
    seq = await client.open(join(fx.root, ART, 'sequences/CallsGreeter.xml'), seqText);
    connPath = join(fx.root, ART, 'local-entries/GreetConn.xml');
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  it('goes from a configKey value to the local entry holding the connection', async () => {
    const res = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: seq },
      position: posOf(seqText, 'GreetConn', 3),
    });
    assert.equal(res.length, 1);
    assert.equal(res[0].uri, uri(connPath));
    // the range is the key's value in the local entry
    assert.equal(res[0].range.start.line, 1);
  });

  it('lists the operations that use a connection from its local entry', async () => {
    const conn = await client.open(connPath);
    const text = client.text(conn);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: conn },
      position: posOf(text, 'GreetConn', 2),
      context: { includeDeclaration: false },
    });
    const users = refs.map(
      (r) => `${r.uri === seq ? 'CallsGreeter' : r.uri.split('/').pop()}:${r.range.start.line}`,
    );
    // the two operations of the open sequence and the one of GreetingApi.xml (on disk)
    assert.deepEqual(users.sort(), ['CallsGreeter:1', 'CallsGreeter:2', 'GreetingApi.xml:4']);
    await client.close(conn);
  });

  it('renaming the local entry key renames the configKey values and the connection name', async () => {
    const conn = await client.open(connPath);
    const text = client.text(conn);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: conn },
      position: posOf(text, 'GreetConn', 2),
      newName: 'WelcomeConn',
    });
    const byUri = new Map<string, TextEdit[]>();
    for (const dc of (edit.documentChanges ?? []) as TextDocumentEdit[]) {
      if (!('textDocument' in dc)) continue;
      byUri.set(dc.textDocument.uri, [
        ...(byUri.get(dc.textDocument.uri) ?? []),
        ...(dc.edits as TextEdit[]),
      ]);
    }
    for (const [u, es] of Object.entries(edit.changes ?? {})) byUri.set(u, [...(byUri.get(u) ?? []), ...es]);
    const seqAfter = applyEdits(seqText, byUri.get(seq) ?? []);
    assert.equal((seqAfter.match(/configKey="WelcomeConn"/g) ?? []).length, 2, seqAfter);
    assert.ok(!seqAfter.includes('GreetConn'));
    const connAfter = applyEdits(text, byUri.get(conn) ?? []);
    assert.match(connAfter, /<localEntry key="WelcomeConn"/);
    assert.match(connAfter, /<name>WelcomeConn<\/name>/);
    assert.ok(!connAfter.includes('GreetConn'), connAfter);
    const api = [...byUri.keys()].find((u) => u.endsWith('GreetingApi.xml'));
    assert.ok(api, 'the API on disk is renamed too');
    await client.close(conn);
  });
});
