/**
 * Formatting of Synapse XML: re-indents by the element tree and nothing else.
 *
 * Rules (so that a format never changes what the runtime reads, and format(format(x)) == format(x)):
 * - Only whitespace at the start and end of lines changes. Text with content, CDATA, comments, processing
 *   instructions and attribute values are never touched (a line that starts inside them keeps its indentation).
 * - A line that starts with markup gets the indentation of its depth in the tree (children one level deeper).
 * - Attribute line breaks are kept: an attribute on a continuation line of a start tag is aligned with the first
 *   attribute when that one sits on the tag's line, else indented one level deeper than the tag.
 * - Trailing whitespace is removed, blank lines are kept (empty), a document with XML errors is left alone.
 */
import type { XmlDocument, XmlElement, XmlNode, Span } from '../../core/xml';
import { LineIndex } from '../../core/xml';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Ensure the document ends with exactly one newline. */
  insertFinalNewline?: boolean;
  /** Remove trailing whitespace (default true). */
  trimTrailingWhitespace?: boolean;
  /**
   * Continuation lines of a start tag: 'first' aligns them with the first attribute (when it is on the tag's line),
   * 'indent' indents them one level deeper than the tag. Default 'first'.
   */
  attributeAlignment?: 'first' | 'indent';
}

/** A replacement of [start, end) by newText (offsets into the original text). */
export interface TextChange {
  start: number;
  end: number;
  newText: string;
}

interface Marker {
  /** Indentation (columns) wanted for a line whose first non-blank character is at this offset; -1 = keep. */
  indent: number;
}

/**
 * Computes the changes that format `doc` (optionally only the lines that intersect `range`).
 * Returns [] when the document has XML errors (the tree is then a guess and formatting could do harm).
 */
export function formatChanges(doc: XmlDocument, options: FormatOptions, range?: Span): TextChange[] {
  if (doc.hasDoctype || doc.problems.some((p) => p.severity === 'error')) return [];
  const text = doc.text;
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';
  const unitCols = options.insertSpaces ? Math.max(1, options.tabSize) : 1;

  // Protected spans: lines starting strictly inside them keep their text untouched.
  const protectedSpans: Span[] = [];
  // Where a line beginning with a given offset should be indented (by depth).
  const wanted = new Map<number, Marker>();
  // Start tags that span several lines: attribute continuation handling.
  const multiLineTags: { el: XmlElement; depth: number }[] = [];

  // iterative walk (hostile input may nest very deeply)
  const stack: [XmlNode, number][] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push([doc.children[i], 0]);
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (n.kind === 'element') {
      wanted.set(n.span.start, { indent: depth });
      if (n.endTag) wanted.set(n.endTag.start, { indent: depth });
      for (const a of n.attributes) protectedSpans.push({ start: a.valueSpan.start, end: a.valueSpan.end });
      const nl = text.indexOf('\n', n.startTag.start);
      if (nl >= 0 && nl < n.startTag.end) multiLineTags.push({ el: n, depth });
      for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], depth + 1]);
    } else if (n.kind === 'text') {
      if (/\S/.test(text.slice(n.span.start, n.span.end))) {
        // +1: an end tag right after the text (at the start of a line) belongs to the text's layout too
        protectedSpans.push({ start: n.span.start, end: n.span.end + 1 });
      }
    } else {
      wanted.set(n.span.start, { indent: depth });
      protectedSpans.push({ start: n.span.start + 1, end: n.span.end });
    }
  }
  protectedSpans.sort((a, b) => a.start - b.start);

  const lines = new LineIndex(text);
  const isProtected = (offset: number): boolean => {
    // binary search the last span starting before offset
    let lo = 0;
    let hi = protectedSpans.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (protectedSpans[mid].start < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // spans may nest only trivially (attribute values inside tags); check a few back
    for (let i = found; i >= 0 && i > found - 8; i--) {
      const s = protectedSpans[i];
      if (s.start < offset && offset < s.end) return true;
    }
    return false;
  };

  // Continuation lines of multi-line start tags.
  const continuation = new Map<number, { el: XmlElement; depth: number }>();
  for (const t of multiLineTags) {
    const first = lines.positionAt(t.el.startTag.start).line;
    const last = lines.positionAt(t.el.startTag.end - 1).line;
    for (let l = first + 1; l <= last; l++) continuation.set(l, t);
  }

  const changes: TextChange[] = [];
  const firstLine = range ? lines.positionAt(range.start).line : 0;
  const lastLine = range ? lines.positionAt(range.end).line : lines.lineCount - 1;
  const trimTrailing = options.trimTrailingWhitespace !== false;

  for (let l = firstLine; l <= lastLine && l < lines.lineCount; l++) {
    const start = lines.lineStart(l);
    const end = l + 1 < lines.lineCount ? lineContentEnd(text, lines.lineStart(l + 1)) : text.length;
    let p = start;
    while (p < end && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;

    // Leading whitespace.
    if (!(l > 0 && isProtected(start))) {
      let want: string | undefined;
      if (p === end) want = '';
      else {
        const mark = wanted.get(p);
        if (mark) want = unit.repeat(mark.indent);
        else {
          const cont = continuation.get(l);
          if (cont && p < cont.el.startTag.end)
            want =
              options.attributeAlignment === 'indent'
                ? unit.repeat(cont.depth + 1)
                : continuationIndent(cont.el, cont.depth, text, lines, unit, unitCols);
        }
      }
      if (want !== undefined && text.slice(start, p) !== want) changes.push({ start, end: p, newText: want });
    }

    // Trailing whitespace.
    if (trimTrailing && p < end) {
      let q = end;
      while (q > p && (text.charCodeAt(q - 1) === 32 || text.charCodeAt(q - 1) === 9)) q--;
      if (q < end && !isProtected(q)) changes.push({ start: q, end, newText: '' });
    }
  }

  if (options.insertFinalNewline && !range) {
    let q = text.length;
    while (q > 0 && /\s/.test(text[q - 1])) q--;
    const tail = text.slice(q);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    if (q > 0 && tail !== eol && !isProtected(q)) {
      // keep changes non-overlapping: drop any change inside the tail
      for (let i = changes.length - 1; i >= 0; i--) if (changes[i].end > q) changes.splice(i, 1);
      changes.push({ start: q, end: text.length, newText: eol });
    }
  }
  return changes;
}

/** End of the line's content before its line break, given the start of the next line. */
function lineContentEnd(text: string, nextLineStart: number): number {
  let e = nextLineStart;
  if (e > 0 && text.charCodeAt(e - 1) === 10) e--;
  if (e > 0 && text.charCodeAt(e - 1) === 13) e--;
  return e;
}

function continuationIndent(
  el: XmlElement,
  depth: number,
  text: string,
  lines: LineIndex,
  unit: string,
  unitCols: number,
): string {
  const tagLine = lines.positionAt(el.startTag.start).line;
  const first = el.attributes[0];
  if (first && lines.positionAt(first.nameSpan.start).line === tagLine) {
    // Align with the first attribute, measured in the formatted line: tag indent + distance from '<'.
    const col = depth * unitCols + (first.nameSpan.start - el.startTag.start);
    if (unit === '\t') return '\t'.repeat(depth) + ' '.repeat(first.nameSpan.start - el.startTag.start);
    return ' '.repeat(col);
  }
  return unit.repeat(depth + 1);
}

/** Applies non-overlapping changes to a text. */
export function applyChanges(text: string, changes: TextChange[]): string {
  const sorted = [...changes].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of sorted) {
    out += text.slice(at, c.start) + c.newText;
    at = c.end;
  }
  return out + text.slice(at);
}
