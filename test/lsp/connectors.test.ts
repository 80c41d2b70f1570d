/**
 * Connectors in the editor, over real LSP stdio: a project carrying a connector zip built here from our own files
 * (test/fixtures/connectors-editor), plus the built-in HTTP connector: completion of operations, parameters, values
 * and connections; hover; diagnostics the same as `synapse validate`'s.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { validatePaths } from '../../core/validate/paths';
import { writeZip } from '../../core/car/zipwrite';
import {
  CONNECTOR_FIXTURE,
  folderEntries,
  projectWithZip,
  ZIP_PATH,
} from '../fixtures/connectors-editor/make';
import { LspClient, positionAt } from './lspClient';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: connectors (completion, hover, diagnostics from the project connector zip and the built-in HTTP connector)', function () {
  this.timeout(30000);
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let scratch: string;
  let entry: string;

  before(async () => {
    fx = projectWithZip();
    client = await LspClient.start({ folders: [fx.root] });
    await client.indexed();
    scratch = await client.open(
      join(fx.root, ART, 'apis/ScratchAPI.xml'),
      `<api ${NS} name="ScratchAPI" context="/s"/>`,
    );
    entry = await client.open(
      join(fx.root, ART, 'local-entries/NewConn.xml'),
      `<localEntry ${NS} key="NewConn"/>`,
    );
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const place = async (doc: string, textWithCursor: string) => {
    const at = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
    await client.change(doc, text);
    return { textDocument: { uri: doc }, position: positionAt(text, at) };
  };
  const completeAt = async (textWithCursor: string, doc = scratch): Promise<CompletionItem[]> => {
    const res = await client.request<CompletionItem[] | CompletionList>(
      'textDocument/completion',
      await place(doc, textWithCursor),
    );
    return Array.isArray(res) ? res : res.items;
  };
  const hoverAt = async (textWithCursor: string): Promise<string | undefined> => {
    const h = await client.request<Hover | null>('textDocument/hover', await place(scratch, textWithCursor));
    return h ? (h.contents as MarkupContent).value : undefined;
  };
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);
  const newText = (i: CompletionItem | undefined) => (i?.textEdit as TextEdit | undefined)?.newText ?? '';
  const api = (inner: string) =>
    `<api ${NS} name="ScratchAPI" context="/s">\n  <resource methods="GET" uri-template="/">\n    <inSequence>\n${inner}\n    </inSequence>\n  </resource>\n</api>`;

  it('offers the operations of the zip and of the built-in HTTP connector in a mediator list, with parameter snippets', async () => {
    const items = await completeAt(api('      <|'));
    const names = labels(items);
    for (const op of ['greet.sayHello', 'greet.sayGoodbye', 'http.get', 'http.post', 'log'])
      assert.ok(names.includes(op), op);
    // init is the connection, not an operation to call
    assert.ok(!names.includes('greet.init') && !names.includes('http.init'));
    const hello = items.find((i) => i.label === 'greet.sayHello')!;
    assert.match(hello.detail ?? '', /Greeter connector 1\.0\.0/);
    const body = newText(hello);
    // its connections are the choice for configKey; the required parameter comes first, then what the tooling shows
    assert.match(
      body,
      /^greet\.sayHello configKey="\$\{1\|GreetConn\|\}">\n\t<personName>\$\{2:\}<\/personName>\n/,
    );
    assert.match(body, /<tone>\$\{3\|warm,formal,cheerful\|\}<\/tone>/);
    assert.ok(!body.includes('<language>'), 'language applies only to formal greetings');
    assert.ok(body.endsWith('</greet.sayHello>'));
    const post = newText(items.find((i) => i.label === 'http.post'));
    assert.match(post, /^http\.post configKey="\$\{1\|BackendConn\|\}">/);
    assert.match(post, /<requestBodyType>\$\{\d+\|JSON,XML,TEXT\|\}<\/requestBodyType>/);
    assert.match(post, /<requestBodyJson>\$\{\d+:\\\$\{payload\\\}\}<\/requestBodyJson>/);
    assert.ok(!post.includes('requestBodyXml'));
    // documentation on resolve
    const resolved = await client.request<CompletionItem>('completionItem/resolve', hello);
    assert.match(
      (resolved.documentation as MarkupContent).value,
      /Greets one person by name\.[\s\S]*greet-connector-1\.0\.0\.zip/,
    );
  });

  it('offers an operation’s parameters not yet given, their values, and the connector’s connections for configKey', async () => {
    const inner = await completeAt(
      api(
        '      <greet.sayHello configKey="GreetConn">\n        <tone>warm</tone>\n        <|\n      </greet.sayHello>',
      ),
    );
    assert.deepEqual(labels(inner).sort(), ['language', 'loud', 'personName', 'responseVariable']);
    assert.equal(inner.find((i) => i.label === 'personName')?.detail, 'required parameter — Person');
    assert.equal(newText(inner.find((i) => i.label === 'personName')), 'personName>${1:}</personName>');
    const values = await completeAt(
      api('      <greet.sayHello configKey="GreetConn"><tone>|</tone></greet.sayHello>'),
    );
    assert.deepEqual(labels(values), ['warm', 'formal', 'cheerful']);
    // a checkbox field of the uischema takes true or false
    const flags = await completeAt(
      api('      <greet.sayHello configKey="GreetConn"><loud>|</loud></greet.sayHello>'),
    );
    assert.deepEqual(labels(flags), ['true', 'false']);
    const keys = await completeAt(api('      <greet.sayHello configKey="|"/>'));
    assert.deepEqual(labels(keys), ['GreetConn']);
    const httpKeys = await completeAt(api('      <http.get configKey="|"/>'));
    assert.deepEqual(labels(httpKeys), ['BackendConn']);
    const httpParams = labels(
      await completeAt(api('      <http.get configKey="BackendConn">\n<|\n</http.get>')),
    );
    for (const p of ['relativePath', 'headers', 'nonErrorHttpStatusCodes', 'responseVariable'])
      assert.ok(httpParams.includes(p), p);
    assert.ok(!httpParams.includes('requestBodyJson'), 'GET sends no body');
  });

  it('offers connections in a local entry, and the connection parameters inside one', async () => {
    const conns = await completeAt(`<localEntry ${NS} key="NewConn">\n  <|\n</localEntry>`, entry);
    assert.deepEqual(labels(conns).sort(), ['greet.init', 'http.init']);
    const greet = newText(conns.find((i) => i.label === 'greet.init'));
    assert.match(
      greet,
      /<connectionType>\$\{1\|REMOTE\|\}<\/connectionType>\n\t<name>NewConn<\/name>\n\t<serviceUrl>\$\{2:\}<\/serviceUrl>/,
    );
    const http = newText(conns.find((i) => i.label === 'http.init'));
    assert.match(http, /<connectionType>\$\{1\|HTTP,HTTPS\|\}<\/connectionType>[\s\S]*<baseUrl>/);
    const params = labels(
      await completeAt(
        `<localEntry ${NS} key="NewConn">\n  <greet.init>\n<name>NewConn</name>\n<|\n</greet.init>\n</localEntry>`,
        entry,
      ),
    );
    assert.deepEqual(params.sort(), ['apiToken', 'connectionType', 'serviceUrl']);
    const types = await completeAt(
      `<localEntry ${NS} key="NewConn">\n  <http.init><connectionType>|</connectionType></http.init>\n</localEntry>`,
      entry,
    );
    assert.deepEqual(labels(types), ['HTTP', 'HTTPS']);
  });

  it('hovers operations and parameters with their description, defaults and allowed values', async () => {
    const op = await hoverAt(api('      <greet.say|Hello configKey="GreetConn"/>'));
    assert.match(op ?? '', /\*\*greet\.sayHello\*\* — Say Hello/);
    assert.match(op ?? '', /Required: `personName`/);
    const param = await hoverAt(
      api('      <greet.sayHello configKey="GreetConn"><to|ne>warm</tone></greet.sayHello>'),
    );
    assert.match(param ?? '', /\*\*tone\*\* — Tone/);
    assert.match(
      param ?? '',
      /How the greeting sounds\.[\s\S]*Default: `warm`\. Values: `warm`, `formal`, `cheerful`\./,
    );
    const lang = await hoverAt(api('      <greet.sayHello><lang|uage>x</language></greet.sayHello>'));
    assert.match(lang ?? '', /Applies when tone is formal/);
    const http = await hoverAt(api('      <http.ge|t configKey="BackendConn"/>'));
    assert.match(http ?? '', /built-in declaration of the HTTP connector/);
    const unknown = await hoverAt(api('      <greet.sayHello><mo|od>x</mood></greet.sayHello>'));
    assert.match(unknown ?? '', /not a parameter of `<greet\.sayHello>`/);
  });

  it('ignores a hostile zip dropped into the project with a clear warning, and keeps the good one', async () => {
    const evil = folderEntries(join(CONNECTOR_FIXTURE, 'connector')).map((e) =>
      e.path === 'connector.xml'
        ? { path: e.path, data: Buffer.from(e.data.toString().replace('"greet"', '"evil"')) }
        : e,
    );
    writeFileSync(
      join(fx.root, 'src/main/wso2mi/resources/connectors/evil-1.0.zip'),
      writeZip([...evil, { path: '../../escape.xml', data: Buffer.from('<x/>') }]),
    );
    // the server looks at the connectors folder again after a second
    await new Promise((r) => setTimeout(r, 1100));
    const u = await client.open(
      join(fx.root, ART, 'sequences/UsesEvil.xml'),
      `<sequence ${NS} name="UsesEvil">\n  <evil.sayHello/>\n  <greet.sayGoodbye><farewell>bye</farewell></greet.sayGoodbye>\n</sequence>`,
    );
    const diags = await client.nextDiagnostics(u, 0);
    assert.deepEqual(
      diags.map((d) => `${d.range.start.line}:${d.severity}:${d.code}`),
      ['1:2:SYN604'],
    );
    assert.match(diags[0].message, /evil-1\.0\.zip \(unsafe entry name '\.\.\/\.\.\/escape\.xml'/);
    await client.close(u);
  });

  it('re-reads a connector zip replaced on disk: an open file loses its SYN600 without an edit', async () => {
    const doc = await client.open(
      join(fx.root, ART, 'apis/ZipSwapApi.xml'),
      api('      <greet.sayHowdy configKey="GreetConn"/>').replace('ScratchAPI', 'ZipSwapApi'),
    );
    const before = await client.nextDiagnostics(doc, 0);
    assert.ok(
      before.some((d) => d.code === 'SYN600'),
      JSON.stringify(before.map((d) => d.code)),
    );
    // the same connector, one operation more (sayHowdy)
    const entries = folderEntries(join(CONNECTOR_FIXTURE, 'connector')).map((e) =>
      e.path === 'functions/component.xml'
        ? {
            path: e.path,
            data: Buffer.from(
              e.data
                .toString('utf8')
                .replace(
                  '</subComponents>',
                  '<component name="sayHowdy"><file>sayHowdy.xml</file><description>Howdy.</description></component></subComponents>',
                ),
            ),
          }
        : e,
    );
    entries.push({
      path: 'functions/sayHowdy.xml',
      data: Buffer.from(
        `<template name="sayHowdy" ${NS}><sequence><log category="INFO"><message>howdy</message></log></sequence></template>`,
      ),
    });
    const zip = join(fx.root, ZIP_PATH);
    writeFileSync(zip, writeZip(entries));
    const after = client.published.length;
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(zip).href, type: 2 }],
    });
    const now = await client.nextDiagnostics(doc, after);
    assert.ok(!now.some((d) => d.code === 'SYN600'), JSON.stringify(now.map((d) => d.code)));
  });

  it('reports connector findings as the CLI does, and none for what the tooling writes', async () => {
    const api0 = join(fx.root, ART, 'apis/GreetingApi.xml');
    const u = await client.open(api0);
    const clean = await client.nextDiagnostics(u, 0);
    assert.deepEqual(clean, []);
    const text = api(
      [
        '      <greet.sayHelo configKey="GreetConn"/>',
        '      <greet.sayHello configKey="Motto"><mood>x</mood></greet.sayHello>',
        '      <http.get configKey="BackendConn"><timeoutMillis>1</timeoutMillis></http.get>',
      ].join('\n'),
    ).replace('ScratchAPI', 'GreetingApi');
    const after = client.published.length;
    await client.change(u, text);
    const diags = (await client.nextDiagnostics(u, after)).filter((d: Diagnostic) =>
      String(d.code).startsWith('SYN6'),
    );
    const got = diags.map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`).sort();
    // the same file on disk through `synapse validate`
    writeFileSync(api0, text);
    // (the zip an earlier test dropped in is also said on itself by the CLI: not a finding of a Synapse file)
    const cli = validatePaths([fx.root], fx.root)
      .findings.filter((f) => f.code.startsWith('SYN6') && !f.file.endsWith('.zip'))
      .map((f) => `${f.line}:${{ error: 1, warning: 2, info: 3, hint: 4 }[f.severity]}:${f.code}`)
      .sort();
    assert.deepEqual(got, cli);
    assert.deepEqual(got, ['4:2:SYN600', '5:2:SYN601', '5:2:SYN602', '5:2:SYN603', '6:3:SYN601']);
  });
});
