/**
 * Documentation of completion items, sent on completionItem/resolve instead of inline in every item of a list: an
 * item carries `data: { doc: id }` and resolving it fills `documentation` with the markdown of that id. The texts are
 * interned (catalog docs, "defined in" lines of artifacts), so the table stays about as big as the catalog plus the
 * project; past a bound it starts afresh, and ids of the old table then resolve to nothing rather than a wrong text.
 */
import { MarkupKind, type CompletionItem } from 'vscode-languageserver';

const LIMIT = 20000;
let base = 0;
let texts: string[] = [];
let ids = new Map<string, number>();

/** The id of a markdown text (the same text always gets the same id while the table lasts). */
export function docId(markdown: string): number {
  let id = ids.get(markdown);
  if (id === undefined) {
    if (texts.length >= LIMIT) {
      base += texts.length;
      texts = [];
      ids = new Map();
    }
    id = base + texts.length;
    texts.push(markdown);
    ids.set(markdown, id);
  }
  return id;
}

/** The `data` of an item whose documentation is given on resolve. */
export function docData(markdown: string): { doc: number } {
  return { doc: docId(markdown) };
}

/** completionItem/resolve: adds the documentation named by the item's data (items without one come back as they are). */
export function resolveCompletionItem(item: CompletionItem): CompletionItem {
  const id = (item.data as { doc?: unknown } | undefined)?.doc;
  if (typeof id === 'number' && id >= base && id - base < texts.length)
    item.documentation = { kind: MarkupKind.Markdown, value: texts[id - base] };
  return item;
}
