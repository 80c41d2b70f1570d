/**
 * What completion items give on completionItem/resolve instead of inline in every item of a list: the documentation,
 * and for long lists (artifact keys) the detail line too. An item carries `data: <id>` (a number) and resolving it
 * fills `documentation` (and `detail`) from that id. The entries are interned (catalog docs, "defined in" lines of
 * artifacts), so the table stays about as big as the catalog plus the project; past a bound it starts afresh, and
 * ids of the old table then resolve to nothing rather than to a wrong text.
 */
import { MarkupKind, type CompletionItem } from 'vscode-languageserver';

interface Entry {
  markdown: string;
  detail?: string;
}

const LIMIT = 20000;
let base = 0;
let entries: Entry[] = [];
let ids = new Map<string, number>();

/** The id of a markdown text, with the detail line resolve adds (the same pair always gets the same id). */
export function docData(markdown: string, detail?: string): number {
  const key = detail === undefined ? markdown : `${detail}\u0000${markdown}`;
  let id = ids.get(key);
  if (id === undefined) {
    if (entries.length >= LIMIT) {
      base += entries.length;
      entries = [];
      ids = new Map();
    }
    id = base + entries.length;
    entries.push(detail === undefined ? { markdown } : { markdown, detail });
    ids.set(key, id);
  }
  return id;
}

/** completionItem/resolve: adds what the item's data names (items without one come back as they are). */
export function resolveCompletionItem(item: CompletionItem): CompletionItem {
  const id = item.data;
  if (typeof id !== 'number' || id < base || id - base >= entries.length) return item;
  const e = entries[id - base];
  item.documentation = { kind: MarkupKind.Markdown, value: e.markdown };
  if (e.detail !== undefined && item.detail === undefined) item.detail = e.detail;
  return item;
}
