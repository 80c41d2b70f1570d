/** Over real LSP: Synapse diagnostics, cross-file re-validation, file events, settings, and the quick fixes. */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyEdits, copyFixture, LspClient, uri } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: diagnostics and quick fixes', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let scratch: string;
  const f = (rel: string) => join(fx.root, ART, rel);
  const seqText = (body: string) => `<sequence ${NS} name="Scratch">\n${body}\n</sequence>`;

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 50 } } });
    await client.indexed();
    scratch = await client.open(f('sequences/Scratch.xml'), seqText('    <log/>'));
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  /** Sets the scratch text and returns its next diagnostics. */
  const diagnose = async (text: string): Promise<Diagnostic[]> => {
    const mark = client.published.length;
    await client.change(scratch, text);
    return client.nextDiagnostics(scratch, mark);
  };
  const actionsFor = async (d: Diagnostic): Promise<CodeAction[]> =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: scratch },
      range: d.range,
      context: { diagnostics: [d] },
    });
  const applyToScratch = (a: CodeAction) => {
    const edits = (a.edit!.documentChanges![0] as TextDocumentEdit).edits;
    return applyEdits(client.text(scratch), edits as never);
  };

  it('reports catalog findings with codes and ranges', async () => {
    const text = seqText('    <lgo level="full"/>\n    <log levle="full"/>');
    const diags = await diagnose(text);
    const codes = diags.map((d) => d.code).sort();
    assert.deepEqual(codes, ['SYN100', 'SYN101']);
    const unknown = diags.find((d) => d.code === 'SYN100')!;
    const line = text.split('\n')[unknown.range.start.line];
    assert.equal(line.slice(unknown.range.start.character, unknown.range.end.character), 'lgo');
    assert.ok(diags.every((d) => d.source === 'synapse'));
  });

  it('fixes an unknown element and an unknown attribute with "did you mean"', async () => {
    const diags = await diagnose(seqText('    <lgo level="full"></lgo>\n    <log levle="full"/>'));
    const el = (await actionsFor(diags.find((d) => d.code === 'SYN100')!)).find(
      (a) => a.title === 'Did you mean <log>?',
    );
    assert.ok(el, 'no did-you-mean for the element');
    const fixed = applyToScratch(el);
    assert.match(fixed, /<log level="full"><\/log>/);
    const at = (await actionsFor(diags.find((d) => d.code === 'SYN101')!)).find(
      (a) => a.title === "Did you mean 'level'?",
    );
    assert.ok(at);
    assert.match(applyToScratch(at), /<log level="full"\/>/);
    assert.deepEqual(await diagnose(fixed.replace('levle', 'level')), []);
  });

  it('adds missing required attributes with valid defaults', async () => {
    const diags = await diagnose(seqText('    <call-template/>'));
    const d = diags.find((x) => x.code === 'SYN102');
    assert.ok(d, JSON.stringify(diags));
    const action = (await actionsFor(d)).find((a) => a.title.startsWith('Add'));
    assert.ok(action);
    const fixed = applyToScratch(action);
    assert.match(fixed, /<call-template target="AuditTemplate"\/>/);
    const after = await diagnose(fixed);
    assert.deepEqual(
      after.filter((x) => x.code === 'SYN102'),
      [],
    );
  });

  it('adds a missing required child, and one of the alternatives of a one-of group', async () => {
    const diags = await diagnose(
      seqText(
        '    <scatter-gather target="body" result-content-type="JSON">\n        <aggregation expression="$ctx:x"/>\n    </scatter-gather>',
      ),
    );
    const d = diags.find((x) => x.code === 'SYN106');
    assert.ok(d, JSON.stringify(diags));
    const add = (await actionsFor(d)).find((a) => a.title === 'Add a <sequence> child');
    assert.ok(add);
    const once = applyToScratch(add);
    assert.match(once, /        <sequence>\n        <\/sequence>\n    <\/scatter-gather>/);
    // one is enough: ScatterGatherMediatorFactory refuses only a scatter-gather without any <sequence>
    assert.deepEqual(
      (await diagnose(once)).filter((x) => x.code === 'SYN106'),
      [],
    );

    const one = (await diagnose(seqText('    <property name="p"/>'))).find((x) => x.code === 'SYN109');
    assert.ok(one, 'property without value or expression');
    const alts = (await actionsFor(one)).map((a) => a.title);
    assert.ok(alts.includes("Add 'value'") && alts.includes("Add 'expression'"), alts.join());
    const fixed = applyToScratch((await actionsFor(one)).find((a) => a.title === "Add 'value'")!);
    assert.deepEqual(
      (await diagnose(fixed)).filter((x) => x.code === 'SYN109'),
      [],
    );
  });

  it('removes unreachable mediators', async () => {
    const diags = await diagnose(seqText('    <respond/>\n    <log/>\n    <drop/>'));
    const d = diags.find((x) => x.code === 'SYN300');
    assert.ok(d, JSON.stringify(diags));
    const action = (await actionsFor(d)).find((a) => /unreachable/i.test(a.title));
    assert.ok(action);
    assert.equal(applyToScratch(action), seqText('    <respond/>'));
  });

  it('creates the missing sequence for an unresolved key, and the referring file is re-validated', async () => {
    const diags = await diagnose(seqText('    <sequence key="AuditTrailSeq"/>'));
    const d = diags.find((x) => x.code === 'SYN200');
    assert.ok(d, JSON.stringify(diags));
    const action = (await actionsFor(d)).find((a) => a.title.startsWith('Create sequence'));
    assert.ok(action, 'no create action');
    const [create, content] = action.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    assert.equal(create.kind, 'create');
    const path = fileURLToPath(create.uri);
    assert.equal(path, f('sequences/AuditTrailSeq.xml'));
    // apply like a client: write the file, tell the server
    writeFileSync(path, applyEdits('', content.edits as never));
    const mark = client.published.length;
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: create.uri, type: 1 }],
    });
    const created = await client.nextDiagnostics(uri(path), mark);
    assert.deepEqual(created, [], 'the created file must be valid');
    const again = await client.nextDiagnostics(scratch, mark);
    assert.deepEqual(
      again.filter((x) => x.code === 'SYN200'),
      [],
    );
  });

  it('re-validates the files that reference an artifact when its file is deleted, and clears its diagnostics', async () => {
    const target = f('sequences/OrderErrorSeq.xml');
    const api = uri(f('apis/OrderAPI.xml'));
    const validate = uri(f('sequences/ValidateOrderSeq.xml'));
    const mark = client.published.length;
    rmSync(target);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(target), type: 3 }],
    });
    const apiDiags = await client.nextDiagnostics(api, mark);
    assert.ok(
      apiDiags.some((d) => d.code === 'SYN200' && /OrderErrorSeq/.test(d.message)),
      JSON.stringify(apiDiags),
    );
    const valDiags = await client.nextDiagnostics(validate, mark);
    assert.ok(valDiags.some((d) => d.code === 'SYN200'));
    assert.deepEqual(await client.nextDiagnostics(uri(target), mark), []);
    // and back: the file reappears
    writeFileSync(
      target,
      readFileSync(
        join(__dirname, '../fixtures/lsp/Proyecto con espacios ü', ART, 'sequences/OrderErrorSeq.xml'),
      ),
    );
    const mark2 = client.published.length;
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(target), type: 1 }],
    });
    assert.deepEqual(
      (await client.nextDiagnostics(api, mark2)).filter((d) => d.code === 'SYN200'),
      [],
    );
  });

  it('follows a closed file changed on disk, and a deleted folder', async () => {
    const store = f('message-stores/PendingOrdersStore.xml');
    const before = readFileSync(store, 'utf8');
    writeFileSync(store, before.replace('<messageStore ', '<messageStore bogus="1" '));
    const mark = client.published.length;
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(store), type: 2 }],
    });
    assert.deepEqual(
      (await client.nextDiagnostics(uri(store), mark)).map((d) => d.code),
      ['SYN101'],
    );
    // the sequence that uses the store is re-validated too (the store's file changed)
    await client.nextDiagnostics(uri(f('sequences/ValidateOrderSeq.xml')), mark);
    // the whole folder goes: its files are forgotten and the sequence that stores into it is re-validated
    rmSync(f('message-stores'), { recursive: true });
    const mark2 = client.published.length;
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(f('message-stores')), type: 3 }],
    });
    assert.deepEqual(await client.nextDiagnostics(uri(store), mark2), []);
    // (a re-validation the first change started may still publish after mark2 on a loaded machine: wait for the
    // publication that follows the deletion instead of taking the first one)
    const seqUri = uri(f('sequences/ValidateOrderSeq.xml'));
    const missing = (p: { uri: string; diagnostics: { code?: unknown; message: string }[] }) =>
      p.uri === seqUri &&
      p.diagnostics.some((d) => d.code === 'SYN200' && /PendingOrdersStore/.test(d.message));
    await client.until(
      () => client.published.slice(mark2).some(missing),
      `SYN200 for the deleted store in ${seqUri}; published: ${JSON.stringify(client.published.slice(mark2).filter((p) => p.uri === seqUri))}`,
    );
  });

  it('re-validates referring files when an artifact is renamed in the editor', async () => {
    const ep = await client.open(f('endpoints/OrderBackendEP.xml'));
    const api = uri(f('apis/OrderAPI.xml'));
    const mark = client.published.length;
    await client.change(ep, client.text(ep).replace('name="OrderBackendEP"', 'name="OtherEP"'));
    const apiDiags = await client.nextDiagnostics(api, mark);
    assert.ok(
      apiDiags.some((d) => d.code === 'SYN200' && /OrderBackendEP/.test(d.message)),
      JSON.stringify(apiDiags),
    );
    const mark2 = client.published.length;
    await client.change(ep, client.text(ep).replace('name="OtherEP"', 'name="OrderBackendEP"'));
    assert.deepEqual(
      (await client.nextDiagnostics(api, mark2)).filter((d) => d.code === 'SYN200'),
      [],
    );
  });

  it('offers to rename a file whose name differs from its artifact, and to add the Synapse namespace', async () => {
    const diags = await diagnose('<sequence name="Renamed">\n    <log/>\n</sequence>');
    const ns = diags.find((d) => d.code === 'SYN001');
    assert.ok(ns, JSON.stringify(diags));
    const addNs = (await actionsFor(ns)).find((a) => a.title === 'Add the Synapse namespace');
    assert.ok(addNs);
    assert.equal(applyToScratch(addNs).split('\n')[0], `<sequence ${NS} name="Renamed">`);
    const named = (await diagnose(`<sequence ${NS} name="Renamed">\n    <log/>\n</sequence>`)).find(
      (d) => d.code === 'SYN202',
    );
    assert.ok(named);
    const ren = (await actionsFor(named)).find((a) => a.title === "Rename the file to 'Renamed.xml'");
    assert.ok(ren);
    const op = ren.edit!.documentChanges![0] as { kind: string; oldUri: string; newUri: string };
    assert.equal(op.kind, 'rename');
    assert.equal(fileURLToPath(op.oldUri), f('sequences/Scratch.xml'));
    assert.equal(fileURLToPath(op.newUri), f('sequences/Renamed.xml'));
    await diagnose(seqText('    <log/>'));
  });

  it('offers to remove the blank space MI refuses before the XML declaration (XML_DECLARATION_NOT_FIRST)', async () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${seqText('    <log/>')}`;
    const d = (await diagnose(`\n  ${body}`)).find((x) => x.code === 'XML_DECLARATION_NOT_FIRST');
    assert.ok(d);
    assert.match(d.message, /very first characters/);
    const rm = (await actionsFor(d)).find(
      (a) => a.title === 'Remove the blank space before the XML declaration',
    );
    assert.ok(rm);
    assert.equal(applyToScratch(rm), body);
    await diagnose(seqText('    <log/>'));
  });

  it('honours synapse.validation.enable', async () => {
    await diagnose(seqText('    <lgo/>'));
    client.settings = { validation: { enable: false, delayMs: 50 } };
    const mark = client.published.length;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.nextDiagnostics(scratch, mark), []);
    client.settings = { validation: { delayMs: 50 } };
    const mark2 = client.published.length;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await client.nextDiagnostics(scratch, mark2)).map((d) => d.code),
      ['SYN100'],
    );
  });

  it('serves Synapse XML kept as a registry resource on its own, outside the project index', async () => {
    const reg = join(fx.root, 'src/main/wso2mi/resources/registry/gov/sequences/Copy.xml');
    const text = `<sequence ${NS} name="ValidateOrderSeq">\n    <log/>\n</sequence>`;
    const mark = client.published.length;
    const u = await client.open(reg, text);
    assert.deepEqual(await client.nextDiagnostics(u, mark), [], 'no duplicate-name or file-name finding');
    const syms = await client.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', {
      query: 'ValidateOrderSeq',
    });
    assert.ok(syms.some((x) => x.location.uri === uri(f('sequences/ValidateOrderSeq.xml'))));
    await client.close(u);
  });

  it('leaves non-Synapse XML alone (no diagnostics, no completion)', async () => {
    const pom = join(fx.root, 'pom.xml');
    const u = await client.open(pom, readFileSync(pom, 'utf8'), 'xml');
    const items = await client.request<unknown[]>('textDocument/completion', {
      textDocument: { uri: u },
      position: { line: 2, character: 3 },
    });
    assert.deepEqual(items, []);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(client.diagnostics.get(u), undefined);
  });
});
