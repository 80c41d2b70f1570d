/**
 * Over real LSP (helper H9, session 12): the newest MI syntax is offered and explained where it is written (the
 * Synapse factories at HEAD, MI for VS Code's 4.4 templates): foreach v2's attributes and the <sequence> MI requires,
 * validate's json-source, header's value type, an API's validateSchema.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
} from 'vscode-languageserver-protocol';
import { expandSnippet } from '../../server/features/snippets';
import { copyFixture, LspClient, positionAt } from './lspClient';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: the newest MI syntax (H9, s12)', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let scratch: string;

  before(async () => {
    fx = copyFixture();
    // an integration project dependency (MI 4.5): its artifacts are referred to as <groupId>__<artifactId>__<name>
    const pom = join(fx.root, 'pom.xml');
    writeFileSync(
      pom,
      readFileSync(pom, 'utf8').replace(
        /<dependencies>|(?=<\/project>)/,
        (m) =>
          `${m || '<dependencies>'}<dependency><groupId>org.example.kiln</groupId><artifactId>kiln-utils</artifactId><version>1.0.2</version><type>car</type></dependency>${m ? '' : '</dependencies>'}`,
      ),
    );
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 0 } } });
    await client.indexed();
    scratch = await client.open(
      join(fx.root, 'src/main/wso2mi/artifacts/sequences/H9Scratch.xml'),
      `<sequence ${NS} name="H9Scratch"/>`,
    );
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const at = (textWithCursor: string) => {
    const i = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, i) + textWithCursor.slice(i + 1);
    return { text, position: positionAt(text, i) };
  };
  const items = async (textWithCursor: string): Promise<CompletionItem[]> => {
    const { text, position } = at(textWithCursor);
    await client.change(scratch, text);
    const res = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: scratch },
      position,
    });
    return Array.isArray(res) ? res : res.items;
  };
  const labels = async (textWithCursor: string) => (await items(textWithCursor)).map((i) => i.label);
  const hover = async (textWithCursor: string): Promise<string> => {
    const { text, position } = at(textWithCursor);
    await client.change(scratch, text);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: scratch },
      position,
    });
    return h ? (h.contents as MarkupContent).value : '';
  };
  const seq = (body: string) => `<sequence ${NS} name="H9Scratch">\n${body}\n</sequence>`;

  it('foreach: inserted with the <sequence> MI 4.4 requires, which the validator otherwise reports (ForEachMediatorFactory)', async () => {
    const foreach = (await items(seq('<|'))).find((i) => i.label === 'foreach');
    assert.ok(foreach, 'foreach offered');
    const body = expandSnippet((foreach.textEdit as { newText: string }).newText);
    assert.match(body, /^foreach collection="[^"]*">\s*<sequence>\s*<\/sequence>\s*<\/foreach>$/);
    const mark = client.published.length;
    await client.change(scratch, seq('<foreach collection="${payload.pots}"/>'));
    const diags: Diagnostic[] = await client.nextDiagnostics(scratch, mark);
    assert.deepEqual(
      diags.map((d) => d.code),
      ['SYN106'],
    );
  });

  it('foreach v2 offers its attributes and result-content-type its two values', async () => {
    const names = await labels(seq('<foreach collection="${payload.pots}" |><sequence/></foreach>'));
    for (const n of [
      'parallel-execution',
      'continue-without-aggregation',
      'update-original',
      'target-variable',
      'result-content-type',
      'result-enclosing-element',
      'counter-variable',
    ])
      assert.ok(names.includes(n), `${n} in ${names.join()}`);
    assert.deepEqual(
      await labels(
        seq(
          '<foreach collection="${payload.pots}" update-original="false" target-variable="v" result-content-type="|"><sequence/></foreach>',
        ),
      ),
      ['JSON', 'XML'],
    );
  });

  it("a reference to a dependency project's artifact (<groupId>__<artifactId>__<name>) is not reported missing; another one is", async () => {
    const mark = client.published.length;
    await client.change(
      scratch,
      seq(
        '<sequence key="org.example.kiln__kiln-utils__logSeq"/>\n<sequence key="org.example.kiln__nowhere__logSeq"/>',
      ),
    );
    const diags: Diagnostic[] = await client.nextDiagnostics(scratch, mark);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.code]),
      [[2, 'SYN200']],
    );
  });

  it("validate's json-source, header's type and an API's validateSchema are offered and explained", async () => {
    assert.ok((await labels(seq('<validate |/>'))).includes('json-source'));
    assert.match(
      await hover(
        seq('<validate json-sou|rce="true"><schema key="S"/><on-fail><drop/></on-fail></validate>'),
      ),
      /even when the payload is not JSON/,
    );
    assert.ok((await labels(seq('<header name="X" |/>'))).includes('type'));
    assert.ok((await labels(`<api ${NS} name="Kiln" context="/kiln" |/>`)).includes('validateSchema'));
    assert.match(
      await hover(
        `<api ${NS} name="Kiln" context="/kiln" publishSwagger="gov:/k.yaml" validateSch|ema="true"/>`,
      ),
      /With publishSwagger[\s\S]*RT_SIMULATED/,
    );
  });
});
