/**
 * Completion lists for a client that takes list defaults (LSP 3.17 itemDefaults, as VS Code): the same items as for a
 * client without them, with the shared range sent once. Two servers on one fixture, asked the same things.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient, positionAt } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: completion list defaults (itemDefaults.editRange)', function () {
  this.timeout(20000);
  let plain: LspClient;
  let lean: LspClient;
  let fx: { root: string; dispose: () => void };
  const docs = new Map<LspClient, string>();

  before(async () => {
    fx = copyFixture();
    [plain, lean] = await Promise.all([
      LspClient.start({ folders: [fx.root] }),
      LspClient.start({ folders: [fx.root], completionItemDefaults: true }),
    ]);
    for (const c of [plain, lean]) {
      await c.indexed();
      docs.set(
        c,
        await c.open(join(fx.root, ART, 'apis/LeanAPI.xml'), `<api ${NS} name="LeanAPI" context="/l"/>`),
      );
    }
  });
  after(async () => {
    await Promise.all([plain?.stop(), lean?.stop()]);
    fx?.dispose();
  });

  const completeAt = async (c: LspClient, textWithCursor: string) => {
    const at = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
    const u = docs.get(c)!;
    await c.change(u, text);
    return c.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: u },
      position: positionAt(text, at),
    });
  };
  /** What the client ends up with: each item with its own text edit (the defaults applied). */
  const expand = (r: CompletionItem[] | CompletionList): CompletionItem[] => {
    if (Array.isArray(r)) return r;
    const range = r.itemDefaults?.editRange as Range | undefined;
    return r.items.map((i) => {
      if (i.textEdit || !range) return i;
      const { textEditText, ...rest } = i;
      return { ...rest, textEdit: { range, newText: textEditText ?? i.label } };
    });
  };
  const api = (inner: string) =>
    `<api ${NS} name="LeanAPI" context="/l">\n  <resource methods="GET" uri-template="/x">\n    <inSequence>\n${inner}\n    </inSequence>\n  </resource>\n</api>`;

  for (const [what, text] of [
    ['mediators after <', api('      <|')],
    ['artifact keys', api('      <sequence key="|"/>')],
    ['attribute names', api('      <log |/>')],
    ['enum values', api('      <log level="|"/>')],
    ['expression roots', api('      <log><message>${|}</message></log>')],
  ] as const) {
    it(`gives the same ${what} with the shared range sent once`, async () => {
      const a = await completeAt(plain, text);
      const b = await completeAt(lean, text);
      assert.ok(Array.isArray(a), 'a client without itemDefaults gets plain items');
      assert.ok(a.length >= 2, `${what}: ${a.length} items`);
      assert.ok(!Array.isArray(b) && b.itemDefaults?.editRange, 'a list with a default edit range');
      assert.ok(
        b.items.every((i) => i.textEdit === undefined),
        'no item repeats the shared range',
      );
      assert.deepEqual(expand(b), a);
      assert.ok(JSON.stringify(b).length < JSON.stringify(a).length);
    });
  }
});
