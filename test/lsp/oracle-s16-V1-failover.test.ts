/**
 * The language server reads the project's XPath DOM failover setting (deployment/deployment.toml `[mediation]
 * synapse.enable_xpath_dom_failover`) and validates again when that file changes: with it on, MI deploys XPath 2.0
 * syntax Saxon compiles and evaluates XPath 2.0 functions where a string value is taken (SynapseXPathFactory,
 * SynapseXPath.stringValueOf), so `replace(...)` and `if (...) then ... else ...` are no finding; without it, the
 * usual findings. Our own fixture (s16 V1).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: XPath 2.0 follows the project deployment.toml DOM failover setting (s16 V1; MI SynapseXPath)', function () {
  this.timeout(30000);
  let client: LspClient;
  let root: string;
  let toml: string;
  const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${String(d.code)}`).sort();

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'v1-s16-lsp-'));
    writeFileSync(
      join(root, 'pom.xml'),
      '<project><artifactId>Marsh</artifactId><version>1.0.0</version></project>',
    );
    mkdirSync(join(root, 'deployment'));
    toml = join(root, 'deployment', 'deployment.toml');
    writeFileSync(toml, '[mediation]\nsynapse.enable_xpath_dom_failover = true\n');
    mkdirSync(join(root, 'src/main/wso2mi/artifacts/sequences'), { recursive: true });
    client = await LspClient.start({ folders: [root], settings: { validation: { delayMs: 20 } } });
    await client.indexed();
  });
  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('no diagnostic with the failover on; the findings come back when deployment.toml turns it off', async () => {
    const uri = await client.open(
      join(root, 'src/main/wso2mi/artifacts/sequences/Reeds.xml'),
      [
        `<sequence ${NS} name="Reeds">`,
        `  <property name="tidy" expression="replace(//tag, ' ', '_')"/>`,
        `  <property name="size" expression="if (count(//tag) &gt; 2) then 'many' else 'few'"/>`,
        '</sequence>',
      ].join('\n'),
    );
    assert.deepEqual(await client.nextDiagnostics(uri, 0), []);
    const after = client.published.length;
    writeFileSync(toml, '[server]\nhostname = "localhost"\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(toml).href, type: 2 }],
    });
    assert.deepEqual(codes(await client.nextDiagnostics(uri, after)), [
      '2:EXPR_XPATH2_FUNCTION',
      '3:EXPR_XPATH_SYNTAX',
    ]);
  });
});
