/** Folding ranges: multi-line elements, comments and CDATA sections. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { LineIndex, XmlDocument, XmlNode } from '../../core/xml';

const MAX_RANGES = 5000;

export function foldingRanges(doc: XmlDocument, lines: LineIndex): FoldingRange[] {
  const out: FoldingRange[] = [];
  // iterative: configurations may be nested very deeply (hostile input)
  const stack: XmlNode[] = [...doc.children].reverse();
  while (stack.length && out.length < MAX_RANGES) {
    const n = stack.pop()!;
    const startLine = lines.positionAt(n.span.start).line;
    if (n.kind === 'element') {
      const endLine = n.endTag ? lines.positionAt(n.endTag.start).line : lines.positionAt(n.span.end).line;
      // keep the end tag visible: fold up to the line before it when it starts its own line
      const last = n.endTag && endLine > startLine ? endLine - 1 : endLine;
      if (last > startLine) out.push({ startLine, endLine: last });
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    } else if (n.kind === 'comment' || n.kind === 'cdata') {
      const endLine = lines.positionAt(n.span.end).line;
      if (endLine > startLine) {
        out.push(
          n.kind === 'comment'
            ? { startLine, endLine, kind: FoldingRangeKind.Comment }
            : { startLine, endLine },
        );
      }
    }
  }
  return out;
}
