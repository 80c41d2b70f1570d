/**
 * Offers the snippets of snippets/synapse.code-snippets (VS Code snippet format) in Synapse files only, and only where
 * they fit: whole-artifact templates (`isFileTemplate`) in a file without a root element, mediator snippets where a
 * mediator may start. They are not contributed to the `xml` language statically, so plain XML files get none.
 */
import * as vscode from 'vscode';
import type { LoadedSnippet } from './snippetFile';
import type { XmlDocument } from './xmlFeatures';

/** The XML parser and snippet context: their own bundle, loaded at the first completion (not at activation). */
const xmlFeatures = () => import('./xmlFeatures');

/** The last parse of each open document, reused while its version does not change. */
const parses = new WeakMap<vscode.TextDocument, { version: number; doc: XmlDocument }>();

function parsed(document: vscode.TextDocument, parseXml: (text: string) => XmlDocument): XmlDocument {
  const hit = parses.get(document);
  if (hit && hit.version === document.version) return hit.doc;
  const doc = parseXml(document.getText());
  parses.set(document, { version: document.version, doc });
  return doc;
}

export function registerSnippetProvider(
  selector: vscode.DocumentSelector,
  snippets: readonly LoadedSnippet[],
  enabled: () => boolean,
): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    selector,
    {
      async provideCompletionItems(document, position) {
        if (!enabled()) return undefined;
        const line = document.lineAt(position.line).text;
        // Replace the word being typed and a `<` right before it (`<lo|` → the whole snippet).
        let start = position.character;
        while (start > 0 && /[\w.-]/.test(line[start - 1])) start--;
        const hasLt = start > 0 && line[start - 1] === '<';
        if (hasLt) start--;
        // A snippet starts an element: only after whitespace, `>` or at the start of a line (cheap check first).
        if (start > 0 && !/[\s>]/.test(line[start - 1])) return undefined;
        const { parseXml, snippetContextIn } = await xmlFeatures();
        const ctx = snippetContextIn(parsed(document, parseXml), document.offsetAt(position));
        if (ctx === 'none') return undefined;
        const hasProlog = /^\s*<\?xml\b/.test(document.getText(new vscode.Range(0, 0, 1, 0)));
        const range = new vscode.Range(position.line, start, position.line, position.character);
        return snippets
          .filter((s) => s.context === ctx)
          .map((s) => {
            const item = new vscode.CompletionItem(
              { label: s.prefix, description: s.name },
              vscode.CompletionItemKind.Snippet,
            );
            const body =
              hasProlog && s.body.startsWith('<?xml') ? s.body.slice(s.body.indexOf('\n') + 1) : s.body;
            item.insertText = new vscode.SnippetString(body);
            item.documentation = new vscode.MarkdownString()
              .appendText(s.description)
              .appendCodeblock(s.body, 'xml');
            item.detail = s.description;
            item.range = range;
            item.filterText = hasLt ? `<${s.prefix}` : s.prefix;
            item.sortText = `~${s.prefix}`; // after the language server's context-aware items
            return item;
          });
      },
    },
    '<',
  );
}
