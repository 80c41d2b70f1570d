/**
 * Conditional required fields over real LSP stdio: an HTTP connection whose authType asks for fields it lacks gets a
 * warning naming them (the connector's uischema), gone as soon as the condition no longer holds or the field is
 * written; a value only known at run time decides nothing. For an HTTP connection MI also refuses the local entry
 * (LocalEntryDeployer.deployEndpointsForHTTPConnection builds its endpoint, AuthUtils.getAuthHandler finds the
 * authentication invalid): that is the error RT_BAD_CONNECTION (core/httpConnection.ts) next to the warning.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { projectWithZip } from '../fixtures/connectors-editor/make';
import type { CompletionItem, CompletionList, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, positionAt } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const conn = (fields: string) =>
  `<localEntry key="AuthConn" ${NS}>\n  <http.init>\n    <connectionType>HTTPS</connectionType>\n    <name>AuthConn</name>\n    <baseUrl>https://127.0.0.1:1</baseUrl>${fields}\n  </http.init>\n</localEntry>`;

describe('lsp: conditional required fields of a connection (uischema enableCondition)', function () {
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

  it('offers the fields a condition makes required first, as required, and says so in their documentation', async () => {
    const doc = await client.open(
      join(fx.root, ART, 'local-entries/Offer.xml'),
      conn('').replace(/AuthConn/g, 'Offer'),
    );
    const at = async (fields: string) => {
      const text = conn(fields).replace(/AuthConn/g, 'Offer');
      await client.change(doc, text);
      const offset = text.indexOf('|');
      const res = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
        textDocument: { uri: doc },
        position: positionAt(text.replace('|', ''), offset),
      });
      return Array.isArray(res) ? res : res.items;
    };
    const oauth = await at('\n    <authType>OAuth</authType>\n    <|');
    const clientId = oauth.find((i) => i.label === 'clientId');
    assert.equal(clientId?.detail, 'required parameter');
    assert.equal(clientId?.sortText, '0clientId');
    // the default grant (Authorization Code) asks for the refresh token; the user name only with the password grant
    assert.equal(oauth.find((i) => i.label === 'refreshToken')?.sortText, '0refreshToken');
    assert.equal(oauth.find((i) => i.label === 'username')?.sortText, '1username');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', clientId);
    assert.match(
      (resolved.documentation as MarkupContent).value,
      /Applies when authType is OAuth \(required then\)\./,
    );
    const none = await at('\n    <authType>None</authType>\n    <|');
    assert.equal(none.find((i) => i.label === 'clientId')?.detail, 'parameter');
    assert.equal(none.find((i) => i.label === 'clientId')?.sortText, '1clientId');
    await client.close(doc);
  });

  it('warns while authType asks for fields the connection lacks, and clears when it no longer does', async () => {
    const doc = await client.open(
      join(fx.root, ART, 'local-entries/AuthConn.xml'),
      conn('\n    <authType>OAuth</authType>\n    <oauthGrantType>Client Credentials</oauthGrantType>'),
    );
    const first = await client.nextDiagnostics(doc, 0);
    assert.deepEqual(
      first.map((d) => `${d.range.start.line}:${d.severity}:${d.code}`),
      ['1:2:SYN602', '5:1:RT_BAD_CONNECTION'],
    );
    assert.match(first[0].message, /needs <clientId> \(as authType is OAuth\), <clientSecret>/);
    assert.doesNotMatch(first[0].message, /refreshToken|username/);
    // Basic Auth with both fields: nothing to say
    let after = client.published.length;
    await client.change(
      doc,
      conn('\n    <authType>Basic Auth</authType>\n    <username>u</username>\n    <password>p</password>'),
    );
    assert.deepEqual(await client.nextDiagnostics(doc, after), []);
    // Basic Auth without the password
    after = client.published.length;
    await client.change(doc, conn('\n    <authType>Basic Auth</authType>\n    <username>u</username>'));
    const half = await client.nextDiagnostics(doc, after);
    assert.deepEqual(
      half.map((d) => d.code),
      ['SYN602', 'RT_BAD_CONNECTION'],
    );
    assert.match(half[0].message, /needs <password> \(as authType is Basic Auth, or OAuth/);
    // an authType computed at run time decides nothing
    after = client.published.length;
    await client.change(doc, conn('\n    <authType>${vars.auth}</authType>'));
    assert.deepEqual(await client.nextDiagnostics(doc, after), []);
  });
});
