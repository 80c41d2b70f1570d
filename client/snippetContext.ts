/**
 * Decides which client snippets fit at a position (pure; no `vscode`): whole-artifact templates in a file that has no
 * root element yet, mediator snippets where mediators may go (inside a sequence body), nothing elsewhere (inside a
 * start tag, in attribute values, in non-mediator elements), so the snippets never add noise where they would be
 * invalid.
 */
import { elementAt, parseXml, type XmlDocument, type XmlElement } from '../core/xml';

export type SnippetContext = 'artifact' | 'mediator' | 'none';

/** Elements whose children are mediators. */
const MEDIATOR_CONTAINERS = new Set([
  'inSequence',
  'outSequence',
  'faultSequence',
  'sequence',
  'then',
  'else',
  'case',
  'default',
  'onAccept',
  'onReject',
  'onCacheHit',
  'onComplete',
  'in',
  'out',
]);

/** Where a mediator's `<` may start: after the start tag of a container, before its end tag. */
export function snippetContextAt(text: string, offset: number): SnippetContext {
  return snippetContextIn(parseXml(text), offset);
}

/** The same, over an already parsed document (the provider caches the parse per document version). */
export function snippetContextIn(doc: XmlDocument, offset: number): SnippetContext {
  if (!doc.root) return 'artifact';
  let el: XmlElement | undefined = elementAt(doc.children, offset);
  // Right before an element's `<` is its parent's content.
  while (el && offset === el.span.start) el = el.parent;
  if (!el) return 'none';
  const inStartTag =
    el.startTag.start < offset &&
    (offset < el.startTag.end || (!el.startTagClosed && offset <= el.startTag.end));
  if (inStartTag) {
    // Typing an element name (`<lo|`): the context is the parent's content.
    if (offset >= el.nameSpan.start && offset <= el.nameSpan.end) {
      el = el.parent;
      if (!el) return 'artifact'; // typing the root element's name
    } else {
      return 'none';
    }
  }
  if (offset < el.startTag.end || (el.endTag && offset > el.endTag.start)) return 'none';
  return MEDIATOR_CONTAINERS.has(el.local) ? 'mediator' : 'none';
}
