/**
 * Completion never offers an element the validator then rejects: walks the catalog through the server (artifact
 * roots, then what completion offers inside each inserted element, two levels deep), inserts every offered element
 * with its snippet defaults accepted, then every attribute offered on it with its default, and checks the published
 * diagnostics.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompletionItem, CompletionList, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, copyFixture, LspClient, offsetAt, positionAt } from './lspClient';
import { expandSnippet } from '../../server/features/snippets';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
/** Findings that mean "this element is rejected here". */
const REJECTS = /^(SYN1(0[0-9]|11)|SYN50[34]|XML_|EXPR_)/;

interface Ctx {
  /** Document text with `|` at the cursor. */
  text: string;
  path: string;
  depth: number;
}

describe('lsp: completion only offers what the validator accepts', function () {
  this.timeout(120000);
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let doc: string;

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 0 } } });
    await client.indexed();
    doc = await client.open(
      join(fx.root, 'src/main/wso2mi/artifacts/sequences/Walk.xml'),
      `<sequence ${NS} name="Walk"/>`,
    );
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const setAndDiagnose = async (text: string): Promise<Diagnostic[]> => {
    const mark = client.published.length;
    await client.change(doc, text);
    return client.nextDiagnostics(doc, mark);
  };

  it('offers artifact roots that validate as they are inserted', async () => {
    await client.change(doc, '<');
    const roots = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: doc },
      position: { line: 0, character: 1 },
    });
    assert.ok(roots.length >= 10, String(roots.length));
    const rejected: string[] = [];
    for (const item of roots) {
      const te = item.textEdit as { range: never; newText: string };
      const inserted = applyEdits('<', [{ range: te.range, newText: expandSnippet(te.newText) }]);
      const diags = await setAndDiagnose(inserted);
      const bad = diags.filter((d) => REJECTS.test(String(d.code)) && (d.severity ?? 1) <= 2);
      if (bad.length) rejected.push(`${item.label}: ${bad.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    }
    assert.deepEqual(rejected, []);
  });

  it('walks artifacts, mediators and their children', async () => {
    const roots: Ctx[] = [
      { text: `<sequence ${NS} name="Walk">\n    |\n</sequence>`, path: 'sequence', depth: 0 },
      { text: `<api ${NS} name="Walk" context="/w">\n    |\n</api>`, path: 'api', depth: 0 },
      {
        text: `<api ${NS} name="Walk" context="/w">\n    <resource methods="GET">\n        |\n    </resource>\n</api>`,
        path: 'api/resource',
        depth: 0,
      },
      { text: `<proxy ${NS} name="Walk">\n    |\n</proxy>`, path: 'proxy', depth: 0 },
      { text: `<endpoint ${NS} name="Walk">\n    |\n</endpoint>`, path: 'endpoint', depth: 0 },
      { text: `<template ${NS} name="Walk">\n    |\n</template>`, path: 'template', depth: 0 },
      {
        text: `<inboundEndpoint ${NS} name="Walk" protocol="http" sequence="ValidateOrderSeq" onError="OrderErrorSeq">\n    |\n</inboundEndpoint>`,
        path: 'inboundEndpoint',
        depth: 0,
      },
    ];
    const queue = [...roots];
    const seen = new Set<string>();
    const rejected: string[] = [];
    let checked = 0;
    let checkedAttributes = 0;
    const attributesSeen = new Set<string>();
    while (queue.length && checked < 1500) {
      const ctx = queue.shift()!;
      const at = ctx.text.indexOf('|');
      const text = ctx.text.slice(0, at) + '<' + ctx.text.slice(at + 1);
      await client.change(doc, text);
      const res = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
        textDocument: { uri: doc },
        position: positionAt(text, at + 1),
      });
      const items = (Array.isArray(res) ? res : res.items).filter((i) => !i.label.startsWith('/'));
      const parent = ctx.path.split('/').pop()!;
      const key = `${parent}:${items
        .map((i) => i.label)
        .sort()
        .join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const item of items) {
        const te = item.textEdit as {
          range: { start: { line: number; character: number }; end: { line: number; character: number } };
          newText: string;
        };
        const body = expandSnippet(te.newText);
        // replace from the '<' typed, like a client would with the item's range
        const inserted = applyEdits(text, [{ range: te.range, newText: body }]);
        const diags = await setAndDiagnose(inserted);
        checked++;
        const start = offsetAt(text, te.range.start) - 1;
        const end = start + 1 + body.length;
        const bad = diags.filter((d) => {
          const o = offsetAt(inserted, d.range.start);
          return REJECTS.test(String(d.code)) && (d.severity ?? 1) <= 2 && o >= start && o <= end;
        });
        if (bad.length)
          rejected.push(`${ctx.path}/${item.label}: ${bad.map((d) => `${d.code} ${d.message}`).join('; ')}`);
        // every attribute offered on the new element, inserted with its default, is accepted too
        const nameEnd = start + 1 + item.label.length;
        if (!bad.length && !attributesSeen.has(item.label)) {
          attributesSeen.add(item.label);
          const withSpace = inserted.slice(0, nameEnd) + ' ' + inserted.slice(nameEnd);
          await client.change(doc, withSpace);
          const attrs = await client.request<CompletionItem[]>('textDocument/completion', {
            textDocument: { uri: doc },
            position: positionAt(withSpace, nameEnd + 1),
          });
          for (const a of attrs) {
            const ate = a.textEdit as { range: never; newText: string };
            const attrText = expandSnippet(ate.newText);
            const withAttr = applyEdits(withSpace, [{ range: ate.range, newText: attrText }]);
            const adiags = await setAndDiagnose(withAttr);
            checkedAttributes++;
            const abad = adiags.filter((d) => {
              const o = offsetAt(withAttr, d.range.start);
              return (
                REJECTS.test(String(d.code)) &&
                (d.severity ?? 1) <= 2 &&
                o >= start &&
                o <= end + attrText.length + 1
              );
            });
            if (abad.length)
              rejected.push(
                `${ctx.path}/${item.label} @${attrText}: ${abad.map((d) => `${d.code} ${d.message}`).join('; ')}`,
              );
          }
        }
        // go one level deeper where the snippet leaves room for children
        const zero = te.newText.indexOf('$0');
        if (ctx.depth < 2 && zero >= 0 && !bad.length) {
          const before = expandSnippet(te.newText.slice(0, zero));
          const cursor = start + 1 + before.length;
          queue.push({
            text: inserted.slice(0, cursor) + '|' + inserted.slice(cursor),
            path: `${ctx.path}/${item.label}`,
            depth: ctx.depth + 1,
          });
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} elements checked`);
    assert.ok(checkedAttributes > 200, `only ${checkedAttributes} attributes checked`);
    assert.deepEqual(rejected, []);
  });
});
