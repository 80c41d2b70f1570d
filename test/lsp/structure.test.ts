/** Over real LSP: lifecycle, XML diagnostics, folding, selection ranges and the outline. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { DocumentSymbol, FoldingRange, SelectionRange } from 'vscode-languageserver-protocol';
import { FIXTURE, LspClient, posOf, uri } from './lspClient';

const API = join(FIXTURE, 'src/main/wso2mi/artifacts/apis/OrderAPI.xml');

describe('lsp: lifecycle and structure', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ folders: [FIXTURE] });
  });
  after(async () => {
    await client?.stop();
  });

  it('initializes with the advertised capabilities and registers file watchers', async () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(client.initializeResult.serverInfo?.name, 'synapse-language-server');
    assert.ok(caps.foldingRangeProvider && caps.selectionRangeProvider && caps.documentSymbolProvider);
    assert.ok(caps.documentFormattingProvider && caps.documentRangeFormattingProvider);
    // completion documentation is given on completionItem/resolve
    assert.equal(caps.completionProvider?.resolveProvider, true);
    await client.until(
      () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
      'watcher registration',
    );
    await client.until(() => client.logs.find((l) => /indexed \d+ file/.test(l)), 'index log');
    const log = client.logs.find((l) => /indexed \d+ file/.test(l))!;
    assert.match(log, /indexed [1-9]\d* file\(s\) of 1 project/);
  });

  it('validates every project file at start, without opening it', async () => {
    await client.until(() => client.diagnostics.get(uri(API)), 'initial diagnostics of OrderAPI.xml');
    const seq = uri(join(FIXTURE, 'src/main/wso2mi/artifacts/sequences/OrderErrorSeq.xml'));
    await client.until(() => client.diagnostics.get(seq), 'initial diagnostics of OrderErrorSeq.xml');
  });

  it('reports XML errors with source "synapse" and a code, after a debounce, and clears them when fixed', async () => {
    const u = await client.open(API);
    const text = client.text(u);
    const broken = text.replace('<respond/>\n        </inSequence>', '<respond/>\n        </inSequenc>');
    const mark = client.published.length;
    const sentAt = Date.now();
    await client.change(u, broken);
    const diags = await client.nextDiagnostics(u, mark);
    const elapsed = Date.now() - sentAt;
    assert.ok(elapsed >= 150, `published after ${elapsed} ms: not debounced`);
    const err = diags.find((d) => d.code === 'XML_UNEXPECTED_END_TAG' || d.code === 'XML_MISSING_END_TAG');
    assert.ok(err, `expected an XML error, got ${JSON.stringify(diags)}`);
    assert.equal(err.source, 'synapse');
    assert.equal(err.severity, 1);
    const mark2 = client.published.length;
    await client.change(u, text);
    const fixed = await client.nextDiagnostics(u, mark2);
    assert.deepEqual(
      fixed.filter((d) => String(d.code).startsWith('XML_')),
      [],
    );
  });

  it('coalesces a burst of edits into one validation', async () => {
    const u = uri(API);
    const text = client.text(u);
    const mark = client.published.length;
    for (let i = 0; i < 10; i++) await client.change(u, text + ' '.repeat(i));
    await client.nextDiagnostics(u, mark);
    await new Promise((r) => setTimeout(r, 400));
    const forFile = client.published.slice(mark).filter((p) => p.uri === u);
    assert.equal(forFile.length, 1);
  });

  it('folds multi-line elements and keeps the end tag visible', async () => {
    const u = uri(API);
    const text = client.text(u);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: u },
    });
    const res = posOf(text, '<resource methods="POST"').line;
    const resEnd = posOf(text, '</resource>').line;
    assert.ok(
      ranges.some((r) => r.startLine === res && r.endLine === resEnd - 1),
      JSON.stringify(ranges),
    );
    const root = posOf(text, '<api').line;
    assert.ok(ranges.some((r) => r.startLine === root));
  });

  it('expands selection from an attribute value up to the document', async () => {
    const u = uri(API);
    const text = client.text(u);
    const at = posOf(text, 'ValidateOrderSeq', 3);
    const [sel] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: u },
      positions: [at],
    });
    const chain: string[] = [];
    for (let s: SelectionRange | undefined = sel; s; s = s.parent) {
      const lines = text.split('\n');
      const r = s.range;
      chain.push(
        r.start.line === r.end.line
          ? lines[r.start.line].slice(r.start.character, r.end.character)
          : `${r.start.line}-${r.end.line}`,
      );
    }
    assert.equal(chain[0], 'ValidateOrderSeq');
    assert.equal(chain[1], 'key="ValidateOrderSeq"');
    assert.equal(chain[2], '<sequence key="ValidateOrderSeq"/>');
    // then the inSequence, the resource, the api, the document
    assert.ok(chain.length >= 6, chain.join(' | '));
  });

  it('outlines the API with its resources and mediators', async () => {
    const u = uri(API);
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: u },
    });
    assert.equal(syms.length, 1);
    assert.equal(syms[0].name, 'OrderAPI');
    assert.equal(syms[0].detail, '/orders');
    const names = syms[0].children!.map((c) => c.name);
    assert.deepEqual(names, ['POST /', 'GET /{id}']);
    const inSeq = syms[0].children![0].children!.find((c) => c.name === 'inSequence')!;
    assert.deepEqual(
      inSeq.children!.map((c) => c.name),
      ['log', 'sequence', 'call', 'respond'],
    );
  });
});
