/** Linked editing of an element's start and end tag names (typing in one renames the other). */
import type { LinkedEditingRanges } from 'vscode-languageserver';
import { elementAt, type LineIndex, type XmlDocument } from '../../core/xml';
import { toRange } from '../convert';

export function linkedEditingRanges(
  doc: XmlDocument,
  lines: LineIndex,
  offset: number,
): LinkedEditingRanges | null {
  const el = elementAt(doc.children, offset);
  if (!el || !el.endTag || el.selfClosing) return null;
  const endName = { start: el.endTag.start + 2, end: el.endTag.start + 2 + el.name.length };
  if (doc.text.slice(endName.start, endName.end) !== el.name) return null;
  const inStart = offset >= el.nameSpan.start && offset <= el.nameSpan.end;
  const inEnd = offset >= endName.start && offset <= endName.end;
  if (!inStart && !inEnd) return null;
  return {
    ranges: [toRange(lines, el.nameSpan), toRange(lines, endName)],
    wordPattern: '[A-Za-z_][\\w.:-]*',
  };
}
