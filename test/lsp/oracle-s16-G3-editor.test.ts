/**
 * Over real LSP (stdio): shapes of real repositories (G3, session 16). A data service outside the projects' artifact
 * folders, in a project copied inside another project's folder (as Nareash503536/WSO2-MI-Projects has it) or opened
 * alone, is checked as an open Synapse .xml file is; it had no diagnostics at all.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient } from './lspClient';

const dbs = (name: string) => `<data name="${name}" transports="http https">
  <config id="l"><property name="driverClassName">org.h2.Driver</property><property name="url">jdbc:h2:mem:ledger</property></config>
  <query id="q" useConfig="l" colour="red"><sql>SELECT 1</sql></query>
  <resource method="GET" path="one"><call-query href="q"/></resource>
</data>`;

describe('lsp: data services outside the projects (G3, s16)', function () {
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

  const open = async (rel: string, text: string): Promise<Diagnostic[]> => {
    const mark = client.published.length;
    const doc = await client.open(join(fx.root, rel), text);
    return client.nextDiagnostics(doc, mark);
  };
  const summary = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.range.start.line]);

  it('a .dbs of a project nested inside another project folder gets its diagnostics', async () => {
    const ds = await open(
      'Proyecto con espacios ü/Copia/src/main/wso2mi/artifacts/data-services/Ledger.dbs',
      dbs('Ledger'),
    );
    assert.deepEqual(summary(ds), [['SYN101', 2, 2]]);
  });

  it('a .dbs opened outside every project gets its diagnostics', async () => {
    const ds = await open('suelto/Tally.dbs', dbs('Tally'));
    assert.deepEqual(summary(ds), [['SYN101', 2, 2]]);
  });
});
