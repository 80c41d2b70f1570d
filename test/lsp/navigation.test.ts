/** Over real LSP: definition, references, rename (with the file), workspace symbols, document links, custom requests. */
import { strict as assert } from 'node:assert';
import { existsSync, renameSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  DocumentLink,
  Location,
  SymbolInformation,
  TextDocumentEdit,
  RenameFile,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, copyFixture, LspClient, posOf, uri } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';

describe('lsp: navigation and rename', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  const f = (rel: string) => join(fx.root, ART, rel);

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root] });
    await client.indexed();
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  it('goes to the definition of a sequence, endpoint, template and message store key', async () => {
    const api = await client.open(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    const cases: [string, string, string][] = [
      ['"ValidateOrderSeq"', 'sequences/ValidateOrderSeq.xml', 'ValidateOrderSeq'],
      ['"OrderBackendEP"', 'endpoints/OrderBackendEP.xml', 'OrderBackendEP'],
      ['"AuditTemplate"', 'templates/AuditTemplate.xml', 'AuditTemplate'],
    ];
    for (const [needle, file, name] of cases) {
      const locs = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: api },
        position: posOf(text, needle, 2),
      });
      assert.equal(locs.length, 1, needle);
      assert.equal(locs[0].uri, uri(f(file)));
      const target = readFileSync(f(file), 'utf8').split('\n')[locs[0].range.start.line];
      assert.equal(target.slice(locs[0].range.start.character, locs[0].range.end.character), name);
    }
    const seq = await client.open(f('sequences/ValidateOrderSeq.xml'));
    const st = client.text(seq);
    const locs = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: seq },
      position: posOf(st, 'PendingOrdersStore', 1),
    });
    assert.equal(locs[0]?.uri, uri(f('message-stores/PendingOrdersStore.xml')));
  });

  it('goes to a registry resource file from a gov: key, and links it', async () => {
    const api = uri(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    const resource = join(fx.root, 'src/main/wso2mi/resources/registry/gov/xslt/to-summary.xslt');
    const locs = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: api },
      position: posOf(text, 'gov:/xslt', 4),
    });
    assert.equal(locs.length, 1);
    assert.equal(fileURLToPath(locs[0].uri), resource);
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', {
      textDocument: { uri: api },
    });
    assert.equal(links.length, 1);
    assert.equal(fileURLToPath(links[0].target!), resource);
    const line = text.split('\n')[links[0].range.start.line];
    assert.equal(
      line.slice(links[0].range.start.character, links[0].range.end.character),
      'gov:/xslt/to-summary.xslt',
    );
  });

  it('finds every reference to a sequence across files, from the declaration or a reference', async () => {
    const err = await client.open(f('sequences/OrderErrorSeq.xml'));
    const et = client.text(err);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: err },
      position: posOf(et, '"OrderErrorSeq"', 3),
      context: { includeDeclaration: true },
    });
    const files = refs.map((r) => fileURLToPath(r.uri)).sort();
    assert.deepEqual(
      files,
      [f('apis/OrderAPI.xml'), f('sequences/OrderErrorSeq.xml'), f('sequences/ValidateOrderSeq.xml')].sort(),
    );
    const api = uri(f('apis/OrderAPI.xml'));
    const fromRef = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: api },
      position: posOf(client.text(api), 'OrderErrorSeq', 2),
      context: { includeDeclaration: false },
    });
    assert.equal(fromRef.length, 2);
  });

  it('highlights the other uses of a key in the same file', async () => {
    const api = uri(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    const hl = await client.request<{ range: { start: { line: number } } }[]>(
      'textDocument/documentHighlight',
      {
        textDocument: { uri: api },
        position: posOf(text, 'OrderErrorSeq', 2),
      },
    );
    assert.deepEqual(
      hl.map((h) => h.range.start.line),
      [posOf(text, 'OrderErrorSeq').line],
    );
  });

  it('prepares a rename on a name or a key, and refuses elsewhere', async () => {
    const api = uri(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    const ok = await client.request<{ range: unknown; placeholder: string } | null>(
      'textDocument/prepareRename',
      {
        textDocument: { uri: api },
        position: posOf(text, 'OrderBackendEP', 3),
      },
    );
    assert.equal(ok?.placeholder, 'OrderBackendEP');
    const no = await client.request<unknown>('textDocument/prepareRename', {
      textDocument: { uri: api },
      position: posOf(text, 'methods', 2),
    });
    assert.equal(no, null);
  });

  it('renames an endpoint in every file and renames its file, and the index follows', async () => {
    const api = uri(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: api },
      position: posOf(text, 'OrderBackendEP', 3),
      newName: 'PedidosBackendEP',
    });
    const changes = edit.documentChanges!;
    const textEdits = changes.filter((c): c is TextDocumentEdit => 'textDocument' in c);
    const renames = changes.filter((c): c is RenameFile => 'kind' in c && c.kind === 'rename');
    assert.deepEqual(
      textEdits.map((e) => fileURLToPath(e.textDocument.uri)).sort(),
      [f('apis/OrderAPI.xml'), f('endpoints/OrderBackendEP.xml')].sort(),
    );
    assert.equal(
      textEdits.find((e) => e.textDocument.uri === api)!.textDocument.version,
      1,
      'open document edited at its version',
    );
    assert.equal(renames.length, 1);
    assert.equal(fileURLToPath(renames[0].oldUri), f('endpoints/OrderBackendEP.xml'));
    assert.equal(fileURLToPath(renames[0].newUri), f('endpoints/PedidosBackendEP.xml'));
    // text edits come before the file rename
    assert.ok(changes.indexOf(renames[0]) > changes.indexOf(textEdits[textEdits.length - 1]));

    // apply like a client: edit the texts, rename the file, notify the server
    const epOld = f('endpoints/OrderBackendEP.xml');
    const epNew = f('endpoints/PedidosBackendEP.xml');
    const epEdit = textEdits.find((e) => fileURLToPath(e.textDocument.uri) === epOld)!;
    writeFileSync(epOld, applyEdits(readFileSync(epOld, 'utf8'), epEdit.edits as never));
    renameSync(epOld, epNew);
    const apiEdit = textEdits.find((e) => e.textDocument.uri === api)!;
    await client.change(api, applyEdits(text, apiEdit.edits as never));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uri(epOld), type: 3 },
        { uri: uri(epNew), type: 1 },
      ],
    });
    assert.ok(existsSync(epNew));
    assert.match(client.text(api), /<endpoint key="PedidosBackendEP"\/>/);
    const locs = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: api },
      position: posOf(client.text(api), 'PedidosBackendEP', 2),
    });
    assert.equal(locs.length, 1);
    assert.equal(fileURLToPath(locs[0].uri), epNew);
  });

  it('renames the artifact and its references when its file is renamed (willRenameFiles)', async () => {
    const old = f('sequences/ValidateOrderSeq.xml');
    const edit = await client.request<WorkspaceEdit | null>('workspace/willRenameFiles', {
      files: [{ oldUri: uri(old), newUri: uri(f('sequences/CheckOrderSeq.xml')) }],
    });
    const edits = (edit?.documentChanges ?? []) as TextDocumentEdit[];
    assert.ok(
      edits.every((e) => 'textDocument' in e),
      'no file operation: the client renames the file itself',
    );
    assert.deepEqual(
      edits.map((e) => fileURLToPath(e.textDocument.uri)).sort(),
      [f('apis/OrderAPI.xml'), old].sort(),
    );
    assert.ok(edits.every((e) => e.edits.every((x) => x.newText === 'CheckOrderSeq')));
    // a file whose name differs from its artifact: nothing to do
    const none = await client.request<WorkspaceEdit | null>('workspace/willRenameFiles', {
      files: [{ oldUri: uri(f('apis/Unrelated.xml')), newUri: uri(f('apis/Other.xml')) }],
    });
    assert.equal(none, null);
    const caps = client.initializeResult.capabilities.workspace?.fileOperations?.willRename;
    assert.ok(caps?.filters?.length);
  });

  it('refuses a rename to an existing name or an invalid name with a clear error', async () => {
    const api = uri(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    await assert.rejects(
      client.request('textDocument/rename', {
        textDocument: { uri: api },
        position: posOf(text, 'ValidateOrderSeq', 2),
        newName: 'OrderErrorSeq',
      }),
      /already exists/,
    );
    await assert.rejects(
      client.request('textDocument/rename', {
        textDocument: { uri: api },
        position: posOf(text, 'ValidateOrderSeq', 2),
        newName: 'bad name',
      }),
      /not a valid artifact name/,
    );
  });

  it('goes from $func:p and with-param to the template parameter, and from vars.x to the variable', async () => {
    const tpl = await client.open(f('templates/AuditTemplate.xml'));
    const tt = client.text(tpl);
    const fromFunc = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: tpl },
      position: posOf(tt, '$func:who', 7),
    });
    assert.equal(fromFunc.length, 1);
    assert.equal(fromFunc[0].range.start.line, posOf(tt, 'name="who"').line);
    const api = uri(f('apis/OrderAPI.xml'));
    const at = client.text(api);
    const fromParam = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: api },
      position: posOf(at, 'name="who"', 7),
    });
    assert.equal(fromParam[0]?.uri, tpl);
    assert.equal(fromParam[0].range.start.line, posOf(tt, 'name="who"').line);
    const scratch = await client.open(
      f('sequences/VarsSeq.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="VarsSeq">\n  <variable name="total" value="1"/>\n  <log><message>${vars.total}</message></log>\n</sequence>',
    );
    const st = client.text(scratch);
    const fromVar = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: scratch },
      position: posOf(st, 'vars.total', 7),
    });
    assert.equal(fromVar[0]?.range.start.line, 1);
  });

  it('links the start and end tag names for linked editing', async () => {
    const api = uri(f('apis/OrderAPI.xml'));
    const text = client.text(api);
    const res = await client.request<{ ranges: { start: { line: number; character: number } }[] } | null>(
      'textDocument/linkedEditingRange',
      {
        textDocument: { uri: api },
        position: posOf(text, '<faultSequence>', 3),
      },
    );
    assert.equal(res?.ranges.length, 2);
    assert.equal(res!.ranges[1].start.line, posOf(text, '</faultSequence>').line);
    const none = await client.request<unknown>('textDocument/linkedEditingRange', {
      textDocument: { uri: api },
      position: posOf(text, '<respond/>', 3),
    });
    assert.equal(none, null);
  });

  it('lists workspace symbols by fuzzy name, and artifacts through the custom request', async () => {
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'ordseq' });
    assert.deepEqual(syms.map((s) => s.name).sort(), ['OrderErrorSeq', 'ValidateOrderSeq']);
    const all = await client.request<{ kind: string; name: string; uri: string }[]>(
      'synapse/listArtifacts',
      {},
    );
    assert.ok(all.some((a) => a.kind === 'api' && a.name === 'OrderAPI'));
    const seqs = await client.request<{ kind: string; name: string }[]>('synapse/listArtifacts', {
      kind: 'sequence',
    });
    assert.deepEqual(
      seqs.map((s) => s.name),
      ['OrderErrorSeq', 'ValidateOrderSeq', 'VarsSeq'],
    );
    const projects = await client.request<{ name: string; layout: string }[]>(
      'synapse/listProjects',
      undefined,
    );
    assert.deepEqual(
      projects.map((p) => [p.name, p.layout]),
      [['pedidos-ü', 'mi']],
    );
    // a file written outside the editor without a watcher event: found by a re-index
    writeFileSync(
      f('sequences/LateSeq.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="LateSeq"/>',
    );
    const re = await client.request<{ files: number }>('synapse/reindex', undefined);
    assert.ok(re.files > 0, String(re.files)); // files read from disk (open documents keep their editor text)
    const late = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'LateSeq' });
    assert.deepEqual(
      late.map((s) => s.name),
      ['LateSeq', 'ValidateOrderSeq'],
      'the exact match first',
    );
  });
});
