/**
 * Lean completion lists for clients that take list defaults (LSP 3.17 `completionList.itemDefaults`, as VS Code
 * does): the range that the items share is sent once as `itemDefaults.editRange`, and each item keeps only its text
 * (`textEditText` when it differs from the label). A list of hundreds of artifact keys then shrinks to about a third.
 */
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver';

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/**
 * The items as a list with a default edit range, when every item is an edit (an item without one would otherwise
 * get the default range) and they share a range; items with another range keep their own edit.
 */
export function withDefaultEditRange(items: CompletionItem[]): CompletionItem[] | CompletionList {
  if (items.length < 2) return items;
  let range: Range | undefined;
  for (const i of items) {
    const te = i.textEdit;
    if (!te || !('range' in te)) return items;
    range ??= te.range;
  }
  if (!range) return items;
  for (const i of items) {
    const te = i.textEdit as { range: Range; newText: string };
    if (!sameRange(te.range, range)) continue;
    delete i.textEdit;
    if (te.newText !== i.label) i.textEditText = te.newText;
  }
  return { isIncomplete: false, itemDefaults: { editRange: range }, items };
}
