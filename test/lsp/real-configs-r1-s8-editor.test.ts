/**
 * Over real LSP (stdio): shapes of real projects MI 4.4 deploys get no error in the editor (helper R1, session 8):
 * a nameless endpoint kept as a registry resource, a query-only uri-template, an unclosed json-eval(, vault lookups
 * without an xmlns, a file named otherwise than its artifact (info only). A nameless endpoint among the artifacts
 * stays an error.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient } from './lspClient';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: real-project shapes MI deploys (R1, s8)', function () {
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
  /** [code, severity (1 error, 2 warning, 3 info), line] of each diagnostic. */
  const summary = (ds: Diagnostic[]) =>
    ds
      .map((d) => [d.code, d.severity, d.range.start.line])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('a nameless endpoint under the resources folder is a registry resource: nothing to say', async () => {
    const ds = await open(
      'src/main/wso2mi/resources/endpoints/hedge.xml',
      `<endpoint ${NS}>\n  <address uri="http://127.0.0.1:9/hedge"/>\n</endpoint>`,
    );
    assert.deepEqual(summary(ds), []);
  });

  it('a nameless endpoint among the artifacts stays an error (MI refuses it)', async () => {
    const ds = await open(
      'src/main/wso2mi/artifacts/endpoints/Hedge.xml',
      `<endpoint ${NS}>\n  <address uri="http://127.0.0.1:9/hedge"/>\n</endpoint>`,
    );
    assert.deepEqual(summary(ds), [['SYN102', 1, 0]]);
  });

  it('query-only uri-template, unclosed json-eval, vault lookups and another file name', async () => {
    const ds = await open(
      'src/main/wso2mi/artifacts/apis/meadow_api.xml',
      `<api ${NS} name="MeadowAPI" context="/meadow">
  <resource methods="GET" uri-template="?field={field}">
    <inSequence>
      <property name="secret" expression="wso2:vault-lookup('meadow.key')"/>
      <property name="size" expression="json-eval($.field.size"/>
      <respond/>
    </inSequence>
  </resource>
</api>`,
    );
    assert.deepEqual(summary(ds), [
      ['EXPR_JSONPATH_SYNTAX', 2, 4],
      ['SYN202', 3, 0],
    ]);
  });
});
