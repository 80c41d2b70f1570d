/**
 * Offers the snippets of snippets/synapse.code-snippets (VS Code snippet format) in Synapse files only, and only where
 * they fit: whole-artifact templates (`isFileTemplate`) in a file without a root element, mediator snippets where a
 * mediator may start. They are not contributed to the `xml` language statically, so plain XML files get none.
 */
import * as vscode from 'vscode';
import type { LoadedSnippet } from './snippetFile';
import { snippetContextAt } from './snippetContext';

export function registerSnippetProvider(
  selector: vscode.DocumentSelector,
  snippets: readonly LoadedSnippet[],
  enabled: () => boolean,
): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    selector,
    {
      provideCompletionItems(document, position) {
        if (!enabled()) return undefined;
        const offset = document.offsetAt(position);
        const text = document.getText();
        const ctx = snippetContextAt(text, offset);
        if (ctx === 'none') return undefined;
        const hasProlog = /^\s*<\?xml\b/.test(text);
        const line = document.lineAt(position.line).text;
        // Replace the word being typed and a `<` right before it (`<lo|` → the whole snippet).
        let start = position.character;
        while (start > 0 && /[\w.-]/.test(line[start - 1])) start--;
        const hasLt = start > 0 && line[start - 1] === '<';
        if (hasLt) start--;
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
