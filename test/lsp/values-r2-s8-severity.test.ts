/**
 * Over real LSP (stdio): attribute values MI 4.4 deploys although they are not the canonical spelling are warnings
 * or nothing, the ones its factories refuse stay errors (helper R2, session 8); completion and hover still offer the
 * canonical spelling.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient, posOf } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: attribute values as MI reads them (R2, s8)', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let doc: string;
  const seq = (body: string) => `<sequence ${NS} name="ValuesR2">\n${body}\n</sequence>`;

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root], settings: { validation: { delayMs: 30 } } });
    await client.indexed();
    doc = await client.open(join(fx.root, ART, 'sequences/ValuesR2.xml'), seq('    <log/>'));
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const diagnose = async (text: string): Promise<Diagnostic[]> => {
    const mark = client.published.length;
    await client.change(doc, text);
    return client.nextDiagnostics(doc, mark);
  };
  /** [code, severity (1 error, 2 warning), line] of each diagnostic. */
  const summary = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.range.start.line]);

  it('values MI deploys in another case or with spaces give no diagnostic', async () => {
    const ds = await diagnose(
      seq(`    <log category=" warn "/>
    <payloadFactory media-type="json" template-type="FreeMarker"><format>{}</format></payloadFactory>
    <call><endpoint><address uri="http://127.0.0.1:9/a" format="SOAP11" optimize="MTOM"><enableAddressing version="Final"/></address></endpoint></call>
    <call><endpoint><http uri-template="http://127.0.0.1:9/b" method="post"/></endpoint></call>
    <bean action="create" class="org.example.Box" var="box"/>
    <script language="js" target="Body">mc.setProperty('a', 'b');</script>`),
    );
    assert.deepEqual(summary(ds), []);
  });

  it('values MI deploys and then ignores or reads otherwise are warnings that say what MI does', async () => {
    const ds = await diagnose(
      seq(`    <payloadFactory media-type="JSON"><format>{}</format></payloadFactory>
    <property name="a" value="1" action="REMOVE"/>
    <log trace="true"/>
    <call><endpoint><address uri="http://127.0.0.1:9/c" format="json"/></endpoint></call>
    <property name="b" expression="//b" type="string"/>`),
    );
    assert.deepEqual(summary(ds), [
      ['SYN103', 2, 1],
      ['SYN103', 2, 2],
      ['SYN103', 2, 3],
      ['SYN103', 2, 4],
      ['SYN103', 2, 5],
    ]);
    assert.match(ds[0].message, /deploys it and leaves the message as it is/);
    assert.match(ds[1].message, /sets the property/);
    assert.match(ds[2].message, /reads it as disable/);
    assert.match(ds[3].message, /forces no format/);
    assert.match(ds[4].message, /fails every message/);
  });

  it('values MI refuses stay errors', async () => {
    const ds = await diagnose(
      seq(`    <property name="a" value="1" type="string"/>
    <property name="b" action="REMOVE"/>
    <log level="FULL"/>
    <cache timeout="10"><onCacheHit/></cache>
    <call><endpoint><address uri="http://127.0.0.1:9/d"><enableAddressing version="2005"/></address></endpoint></call>`),
    );
    assert.deepEqual(summary(ds), [
      ['SYN103', 1, 1],
      // action="REMOVE" sets (a warning), and a set needs a value (the error)
      ['SYN103', 2, 2],
      ['SYN109', 1, 2],
      ['SYN103', 1, 3],
      ['SYN102', 1, 4],
      ['SYN103', 1, 5],
    ]);
  });

  it('completion and hover offer the canonical spelling', async () => {
    const text = seq('    <payloadFactory media-type=""><format>{}</format></payloadFactory>');
    await diagnose(text);
    const res = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: doc },
      position: posOf(text, 'media-type="', 'media-type="'.length),
    });
    const items = Array.isArray(res) ? res : res.items;
    assert.deepEqual(items.map((i) => i.label).sort(), ['json', 'text', 'xml']);
    const upper = seq('    <payloadFactory media-type="JSON"><format>{}</format></payloadFactory>');
    await diagnose(upper);
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: doc },
      position: posOf(upper, 'media-type', 2),
    });
    const md = JSON.stringify(hover?.contents ?? '');
    assert.match(md, /xml/);
    assert.match(md, /json/);
    assert.doesNotMatch(md, /JSON`/);
  });
});
