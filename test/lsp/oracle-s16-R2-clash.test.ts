/**
 * Over real LSP (stdio), session 16 review (R2): a clash between two artifacts (SYN201 same name, SYN402 same API
 * context and version, SynapseConfiguration.addAPI) is judged again on the other file when one of them changes its
 * name or context, or is closed and gone: the other file kept the error until it was edited itself.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient } from './lspClient';

const api = (name: string, context: string) =>
  `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="${context}">
  <resource methods="GET"><inSequence><respond/></inSequence></resource>
</api>`;

describe('lsp: clashes judged again on both files (R2, s16)', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 30 } } });
    await client.indexed();
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).filter((c) => c === 'SYN201' || c === 'SYN402');

  it("the other API's SYN402 goes when one changes its context, and comes back when it takes the context again", async () => {
    const dir = join(fx.root, 'src/main/wso2mi/artifacts/apis');
    let mark = client.published.length;
    const dock = await client.open(join(dir, 'Dock.xml'), api('Dock', '/quay'));
    assert.deepEqual(codes(await client.nextDiagnostics(dock, mark)), []);
    mark = client.published.length;
    const pier = await client.open(join(dir, 'Pier.xml'), api('Pier', '/quay/'));
    assert.deepEqual(codes(await client.nextDiagnostics(pier, mark)), ['SYN402']);
    assert.deepEqual(codes(await client.nextDiagnostics(dock, mark)), ['SYN402']);
    mark = client.published.length;
    await client.change(pier, api('Pier', '/pier'));
    assert.deepEqual(codes(await client.nextDiagnostics(pier, mark)), []);
    assert.deepEqual(codes(await client.nextDiagnostics(dock, mark)), []);
    mark = client.published.length;
    await client.change(pier, api('Dock', '/pier'));
    assert.deepEqual(codes(await client.nextDiagnostics(dock, mark)), ['SYN201']);
  });

  it('two loose files (outside every project) are not one deployment: the same API context or name is no clash', async () => {
    let mark = client.published.length;
    const one = await client.open(join(fx.root, 'suelto-a/Ferry.xml'), api('Ferry', '/ferry'));
    assert.deepEqual(codes(await client.nextDiagnostics(one, mark)), []);
    mark = client.published.length;
    const two = await client.open(join(fx.root, 'suelto-b/Ferry.xml'), api('Ferry', '/ferry'));
    assert.deepEqual(codes(await client.nextDiagnostics(two, mark)), []);
  });
});
