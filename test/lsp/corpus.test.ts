/**
 * Over real LSP: every file of the shared corpus (real configurations) opened in a workspace gets no wrong error or
 * warning. Findings that are right are listed below with the reason; anything else is a false positive to fix in core/.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Location } from 'vscode-languageserver-protocol';
import { CORPUS, FIXTURE, LspClient, posOf, positionAt, REPO, uri } from './lspClient';

/** Codes that are right anywhere in the corpus. */
const ALLOWED_IN_CORPUS = new Map([
  [
    'SYN200',
    'the corpus is a bag of unrelated samples: their references point to artifacts that are not in it',
  ],
  [
    'EXPR_LEGACY_SPELLING',
    "samples written for pre-GA MI 4.4 use 'var.'; flagging it is intended (reference/expressions.md 4.5)",
  ],
]);
/** Findings that are right in one file: the sample really has the flaw. */
const TRUE_POSITIVES = new Set([
  'api__payloadFactory_synapse-expressions_freemarker.xml SYN300', // two <respond/> in a row: the second never runs
  'sequence__Sample61Main_recipientlist.xml SYN300', // <drop/> after <send>: send ends the list, MI never runs it
  'proxy__CallLoadBalance_loadbalance-endpoint.xml SYN110', // the sample misspells `algorithm` as `alogorithm`
  'api__HealthcareAPI_docs-mi_quick-start_clone-aggregate.xml EXPR_UNKNOWN_SCOPE', // ${properties.uri.var.x}: no scope
  // the same value as a payloadFactory <arg evaluator="xml" expression="${...}">: PayloadFactoryMediatorFactory
  // compiles it with SynapseXPathFactory (new SynapseXPath: Jaxen refuses '${'), so MI refuses the API (c080f743)
  'api__HealthcareAPI_docs-mi_quick-start_clone-aggregate.xml EXPR_XPATH_SYNTAX',
  // samples written for pre-GA MI 4.4: pre-release attribute names of foreach v2 and scatter-gather
  'api__ForEachMediator_v2_mi44.xml SYN110',
  'api__ScatterGatherMediator_mi44.xml SYN110',
  // variable type="OM" of the MI 4.4 previews: Synapse 0c9766202 (Jan 2025, in MI 4.4.0) dropped OM from
  // VARIABLE_DATA_TYPES, so MI 4.4.0 refuses it with a value; flagged as deprecated (R2, s8)
  'api__payloadFactory_synapse-expressions_freemarker.xml SYN110',
  // its FreeMarker template reads var.userID: MI 4.4 (Synapse 4.0.0-wso2v215) binds vars only; the v4.4.0 tag's
  // copy of this MI test reads vars.userID
  'api__payloadFactory_synapse-expressions_freemarker.xml SYN505',
]);

describe('lsp: corpus and fixture project are accepted', function () {
  this.timeout(60000);

  it('reports no wrong error or warning on the shared corpus', async function () {
    assert.ok(existsSync(CORPUS), `the corpus folder ${CORPUS} is missing`);
    const files = readdirSync(CORPUS).filter((f) => /\.(xml|dbs)$/.test(f));
    assert.ok(files.length > 20, `expected the corpus files, found ${files.length}`);
    const client = await LspClient.start({ folders: [CORPUS] });
    try {
      const problems: string[] = [];
      const mark = client.published.length;
      for (const f of files) await client.open(join(CORPUS, f));
      for (const f of files) {
        const diags: Diagnostic[] = await client.nextDiagnostics(uri(join(CORPUS, f)), mark, 10000);
        for (const d of diags) {
          if (d.severity !== undefined && d.severity > 2) continue;
          if (ALLOWED_IN_CORPUS.has(String(d.code)) || TRUE_POSITIVES.has(`${f} ${d.code}`)) continue;
          problems.push(
            `${f}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`,
          );
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await client.stop();
    }
  });

  it('answers hover, completion, definition and symbols all over the corpus without a failure', async function () {
    const files = readdirSync(CORPUS).filter((f) => /\.(xml|dbs)$/.test(f));
    const client = await LspClient.start({ folders: [CORPUS] });
    try {
      let requests = 0;
      for (const f of files) {
        const u = await client.open(join(CORPUS, f));
        const text = client.text(u);
        await client.request('textDocument/documentSymbol', { textDocument: { uri: u } });
        await client.request('textDocument/foldingRange', { textDocument: { uri: u } });
        // every 4th tag name and attribute value (bounded)
        const points = [...text.matchAll(/<\/?[\w.:-]+|="[^"]/g)].filter((_, i) => i % 4 === 0).slice(0, 40);
        for (const m of points) {
          const position = positionAt(text, m.index! + 2);
          await client.request('textDocument/hover', { textDocument: { uri: u }, position });
          await client.request('textDocument/completion', { textDocument: { uri: u }, position });
          await client.request('textDocument/definition', { textDocument: { uri: u }, position });
          requests += 3;
        }
        await client.close(u);
      }
      assert.ok(requests > 300, String(requests));
    } finally {
      await client.stop();
    }
  });

  it('reports nothing at all on the fixture project (every reference resolves)', async function () {
    const client = await LspClient.start({ folders: [FIXTURE] });
    try {
      await client.indexed();
      const files = [
        'apis/OrderAPI.xml',
        'sequences/ValidateOrderSeq.xml',
        'sequences/OrderErrorSeq.xml',
        'endpoints/OrderBackendEP.xml',
        'templates/AuditTemplate.xml',
        'message-stores/PendingOrdersStore.xml',
        'local-entries/ShopName.xml',
      ].map((f) => uri(join(FIXTURE, 'src/main/wso2mi/artifacts', f)));
      const all = await client.until(
        () =>
          files.every((f) => client.diagnostics.has(f))
            ? files.map((f) => [f, client.diagnostics.get(f)!] as const)
            : undefined,
        'diagnostics of every fixture file',
        10000,
      );
      const found = all.flatMap(([f, ds]) =>
        ds.map((d) => `${f.split('/').pop()}:${d.range.start.line + 1} ${d.code} ${d.message}`),
      );
      assert.deepEqual(found, []);
    } finally {
      await client.stop();
    }
  });

  it('serves an Integration Studio project (multi-module layout): clean diagnostics and navigation', async function () {
    const root = join(REPO, 'test/fixtures/lsp/Estudio legado');
    const client = await LspClient.start({ folders: [root] });
    try {
      await client.until(
        () => client.logs.find((l) => /indexed 3 file\(s\) of 1 project/.test(l)),
        'index of the legacy project',
      );
      const cfg = join(root, 'LegadoConfigs/src/main/synapse-config');
      const api = await client.open(join(cfg, 'api/StockAPI.xml'));
      const diags = await client.nextDiagnostics(api, 0);
      assert.deepEqual(diags, []);
      const locs = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: api },
        position: posOf(client.text(api), 'QuoteSeq', 2),
      });
      assert.equal(locs[0]?.uri, uri(join(cfg, 'sequences/QuoteSeq.xml')));
      const seq = uri(join(cfg, 'sequences/QuoteSeq.xml'));
      const seqDiags = await client.until(() => client.diagnostics.get(seq), 'sequence diagnostics');
      assert.deepEqual(seqDiags, []);
    } finally {
      await client.stop();
    }
  });
});
