/** Folding ranges: multi-line elements, comments and CDATA sections. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { LineIndex, XmlDocument, XmlNode } from '../../core/xml';

const MAX_RANGES = 5000;

export function foldingRanges(doc: XmlDocument, lines: LineIndex): FoldingRange[] {
  const out: FoldingRange[] = [];
  const visit = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      if (out.length >= MAX_RANGES) return;
      const startLine = lines.positionAt(n.span.start).line;
      if (n.kind === 'element') {
        const endLine = n.endTag ? lines.positionAt(n.endTag.start).line : lines.positionAt(n.span.end).line;
        // keep the end tag visible: fold up to the line before it when it starts its own line
        const last = n.endTag && endLine > startLine ? endLine - 1 : endLine;
        if (last > startLine) out.push({ startLine, endLine: last });
        visit(n.children);
      } else if (n.kind === 'comment' || n.kind === 'cdata') {
        const endLine = lines.positionAt(n.span.end).line;
        if (endLine > startLine) {
          out.push(n.kind === 'comment' ? { startLine, endLine, kind: FoldingRangeKind.Comment } : { startLine, endLine });
        }
      }
    }
  };
  visit(doc.children);
  return out;
}
