/** Selection ranges (expand selection): value -> attribute -> start tag -> element -> parent element ... */
import type { SelectionRange } from 'vscode-languageserver';
import type { LineIndex, Span, XmlDocument, XmlElement } from '../../core/xml';
import { elementAt } from '../../core/xml';
import { toRange } from '../convert';

export function selectionRange(doc: XmlDocument, lines: LineIndex, offset: number): SelectionRange {
  const spans: Span[] = [];
  const el = elementAt(doc.children, offset);
  if (el) {
    const inStart = offset >= el.startTag.start && offset <= el.startTag.end;
    if (inStart) {
      const a = el.attributes.find((x) => x.span.start <= offset && offset <= x.span.end);
      if (a) {
        if (offset >= a.valueSpan.start && offset <= a.valueSpan.end) spans.push(a.valueSpan);
        spans.push(a.span);
      } else if (offset >= el.nameSpan.start && offset <= el.nameSpan.end) spans.push(el.nameSpan);
      spans.push(el.startTag);
    } else if (el.endTag && offset >= el.endTag.start) {
      spans.push(el.endTag);
    } else {
      // inside the content: the child node under the cursor (text, comment, cdata), then the whole content
      for (const c of el.children) {
        if (c.kind !== 'element' && c.span.start <= offset && offset <= c.span.end) {
          const raw = doc.text.slice(c.span.start, c.span.end);
          const lead = raw.length - raw.trimStart().length;
          const trail = raw.length - raw.trimEnd().length;
          if (raw.trim()) spans.push({ start: c.span.start + lead, end: c.span.end - trail });
        }
      }
      if (el.endTag) spans.push({ start: el.startTag.end, end: el.endTag.start });
    }
    for (let e: XmlElement | undefined = el; e; e = e.parent) spans.push(e.span);
  }
  spans.push({ start: 0, end: doc.text.length });
  // build from the outermost, dropping spans that do not grow
  let parent: SelectionRange | undefined;
  let prev: Span | undefined;
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i];
    if (prev && s.start === prev.start && s.end === prev.end) continue;
    if (prev && (s.start < prev.start || s.end > prev.end)) continue;
    parent = { range: toRange(lines, s), parent };
    prev = s;
  }
  return parent!;
}
