/**
 * The authoring stories checked from inside a desktop VS Code's extension host (through the `vscode` API), for
 * machines that can download VS Code: run with `npx tsx test/e2e/electron/runTest.ts`. CI runs the same stories in
 * code-server instead (test/e2e/authoring.test.ts), because VS Code cannot be downloaded there.
 *
 * Not part of the extension bundle; lives under client/ because it imports `vscode`.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'synapse-integration-tools.synapse-integration-tools';

async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const doc = await vscode.workspace.openTextDocument(path.join(root, rel));
  return vscode.window.showTextDocument(doc);
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${doc.uri.fsPath}`);
  return doc.positionAt(at + delta);
}

const API = 'src/main/wso2mi/artifacts/apis/HelloAPI.xml';

const stories: [string, () => Promise<void>][] = [
  [
    'activates on the example project',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, 'extension installed');
      await until('activation', () => ext.isActive);
    },
  ],
  [
    'completes mediators inside <inSequence>',
    async () => {
      const ed = await open(API);
      const pos = positionOf(ed.document, '<respond/>');
      await ed.edit((e) => e.insert(pos, '<lo\n'));
      const list = await until('completion items', async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          ed.document.uri,
          pos.translate(0, 3),
        );
        return l.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'log')
          ? l
          : undefined;
      });
      assert.ok(list.items.length > 0);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },
  ],
  [
    'hovers a mediator',
    async () => {
      const ed = await open(API);
      const hovers = await until('hover', async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          ed.document.uri,
          positionOf(ed.document, '<call-template', 3),
        );
        return h.length ? h : undefined;
      });
      const text = hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
        .join('\n');
      assert.match(text, /template/i);
    },
  ],
  [
    'goes to a referenced sequence',
    async () => {
      const ed = await open(API);
      const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        ed.document.uri,
        positionOf(ed.document, 'key="EnrichOrderSeq"', 8),
      );
      const uris = defs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).fsPath);
      assert.ok(
        uris.some((u) => u.endsWith('EnrichOrderSeq.xml')),
        uris.join(', '),
      );
    },
  ],
  [
    'reports a broken reference and offers a quick fix',
    async () => {
      const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const uri = vscode.Uri.file(path.join(root, 'src/main/wso2mi/artifacts/apis/BrokenRefAPI.xml'));
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, {
        overwrite: true,
        contents: Buffer.from(
          '<api xmlns="http://ws.apache.org/ns/synapse" name="BrokenRefAPI" context="/broken">\n' +
            '  <resource methods="GET" uri-template="/"><inSequence><sequence key="NoSuchSeq"/><respond/></inSequence></resource>\n' +
            '</api>\n',
        ),
      });
      await vscode.workspace.applyEdit(edit);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const diag = await until('the diagnostic', () =>
        vscode.languages.getDiagnostics(uri).find((d) => d.message.includes('NoSuchSeq')),
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diag.range,
      );
      assert.ok(
        actions.some((a) => a.title.includes('NoSuchSeq')),
        actions.map((a) => a.title).join(', '),
      );
    },
  ],
];

/** Entry point called by @vscode/test-electron. */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, story] of stories) {
    try {
      await story();
      console.log(`  ✔ ${name}`);
    } catch (err) {
      console.log(`  ✘ ${name}: ${err instanceof Error ? err.message : String(err)}`);
      failures.push(name);
    }
  }
  if (failures.length)
    throw new Error(
      `${failures.length} stor${failures.length === 1 ? 'y' : 'ies'} failed: ${failures.join(', ')}`,
    );
}
