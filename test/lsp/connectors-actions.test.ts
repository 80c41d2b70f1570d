/**
 * Quick fixes for connector findings over real LSP stdio: the close operation (SYN600) or parameter (SYN601) name,
 * the missing required parameters added as elements (SYN602, self-closing or not, indented as their siblings), the
 * close connection for a configKey naming another connector's connection (SYN603). Applying the preferred fixes
 * leaves the file without connector findings.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { projectWithZip } from '../fixtures/connectors-editor/make';
import { applyEdits, LspClient } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: quick fixes for connector findings (SYN600-SYN603)', function () {
  this.timeout(30000);
  let client: LspClient;
  let fx: { root: string; dispose: () => void };

  before(async () => {
    fx = projectWithZip();
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 20 } } });
    await client.indexed();
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const actionsFor = (doc: string, d: Diagnostic) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: d.range,
      context: { diagnostics: [d] },
    });
  const editsOf = (a: CodeAction): TextEdit[] =>
    ((a.edit?.documentChanges ?? []) as TextDocumentEdit[]).flatMap((c) => c.edits as TextEdit[]);

  it('fixes names, adds missing parameters and picks the close connection; the file is then clean of connector findings', async () => {
    await client.open(
      join(fx.root, ART, 'local-entries/GreetConn2.xml'),
      `<localEntry key="GreetConn2" ${NS}><http.init><baseUrl>http://127.0.0.1:1</baseUrl></http.init></localEntry>`,
    );
    let text = [
      `<sequence ${NS} name="Fixes">`,
      '  <greet.sayHelo configKey="GreetConn"><personName>A</personName></greet.sayHelo>',
      '  <greet.sayGoodbye configKey="GreetConn"/>',
      '  <greet.sayHello configKey="GreetConn">',
      '    <tone>formal</tone>',
      '    <personName>B</personName>',
      '    <loudd>true</loudd>',
      '  </greet.sayHello>',
      '  <greet.sayGoodbye configKey="GreetConn2"><farewell>bye</farewell></greet.sayGoodbye>',
      '</sequence>',
    ].join('\n');
    const doc = await client.open(join(fx.root, ART, 'sequences/Fixes.xml'), text);
    const diags = (await client.nextDiagnostics(doc, 0))
      .filter((d) => String(d.code).startsWith('SYN6'))
      .sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(
      diags.map((d) => `${d.range.start.line}:${d.code}`),
      ['1:SYN600', '2:SYN602', '3:SYN602', '6:SYN601', '8:SYN603'],
    );
    const titles: string[] = [];
    const chosen: TextEdit[] = [];
    for (const d of diags) {
      const actions = (await actionsFor(doc, d)).filter((a) =>
        a.diagnostics?.some((x) => x.code === d.code && x.range.start.line === d.range.start.line),
      );
      const preferred = actions.find((a) => a.isPreferred);
      assert.ok(preferred, `a preferred fix for ${d.code}: ${JSON.stringify(actions.map((a) => a.title))}`);
      titles.push(preferred.title);
      chosen.push(...editsOf(preferred));
    }
    assert.deepEqual(titles, [
      'Did you mean <greet.sayHello>?',
      'Add <farewell>',
      'Add <language>',
      'Did you mean <loud>?',
      "Use the connection 'GreetConn'",
    ]);
    text = applyEdits(text, chosen);
    assert.equal(
      text,
      [
        `<sequence ${NS} name="Fixes">`,
        '  <greet.sayHello configKey="GreetConn"><personName>A</personName></greet.sayHello>',
        '  <greet.sayGoodbye configKey="GreetConn">',
        '    <farewell></farewell>',
        '  </greet.sayGoodbye>',
        '  <greet.sayHello configKey="GreetConn">',
        '    <tone>formal</tone>',
        '    <personName>B</personName>',
        '    <loud>true</loud>',
        '    <language></language>',
        '  </greet.sayHello>',
        '  <greet.sayGoodbye configKey="GreetConn"><farewell>bye</farewell></greet.sayGoodbye>',
        '</sequence>',
      ].join('\n'),
    );
    const after = client.published.length;
    await client.change(doc, text);
    const now = await client.nextDiagnostics(doc, after);
    assert.deepEqual(
      now.filter((d) => String(d.code).startsWith('SYN6')),
      [],
    );
  });
});
