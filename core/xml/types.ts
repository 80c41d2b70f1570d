/**
 * A positioned XML tree. Every node knows its offsets in the source text (UTF-16 code units, as JavaScript strings
 * and LSP count them). Offsets are half-open: [start, end).
 */

export interface Span {
  start: number;
  end: number;
}

export interface XmlAttribute {
  /** Qualified name as written, e.g. `xmlns:ns` or `name`. */
  name: string;
  prefix: string;
  local: string;
  /** Decoded value (predefined entities and character references resolved). */
  value: string;
  /** Raw value as written between the quotes. */
  raw: string;
  /** From the start of the name to the closing quote (or the end of the value if unquoted / unterminated). */
  span: Span;
  nameSpan: Span;
  /** Inside the quotes; empty span right after `=` when no value. */
  valueSpan: Span;
  /** `"` / `'` / `` (unquoted or missing). */
  quote: string;
}

export interface XmlElement {
  kind: 'element';
  /** Qualified name as written. */
  name: string;
  prefix: string;
  local: string;
  /** Namespace URI resolved from xmlns declarations in scope ('' when none). */
  ns: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  parent: XmlElement | undefined;
  /** From `<` of the start tag to the end of the end tag (or as far as the element got in a broken document). */
  span: Span;
  startTag: Span;
  nameSpan: Span;
  endTag: Span | undefined;
  selfClosing: boolean;
  /** False when the start tag was not finished with `>` (half-typed). */
  startTagClosed: boolean;
  /** Namespace declarations in scope ('' = default namespace); read it with `namespaceScope(el)`. */
  nsScope?: Readonly<Record<string, string>>;
  /**
   * The catalog's resolution of this element and the namespace its children are expected in, kept by
   * core/catalog/resolve.ts (a field, not a WeakMap lookup: resolution runs for every element of every file).
   */
  catalogResolution?: unknown;
  catalogChildNs?: string;
}

export interface XmlText {
  kind: 'text' | 'cdata' | 'comment' | 'pi';
  /** Decoded text (for cdata: the content; for comments: the comment body). */
  value: string;
  span: Span;
  parent: XmlElement | undefined;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlProblem {
  code: string;
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

export interface XmlDocument {
  text: string;
  /** Top-level nodes (comments, PIs, the root element and any junk). */
  children: XmlNode[];
  /** The first top-level element. */
  root: XmlElement | undefined;
  problems: XmlProblem[];
  /** Whether a DOCTYPE was present (always refused). */
  hasDoctype: boolean;
}
