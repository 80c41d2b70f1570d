/**
 * Finds the expression under the cursor: in an expression attribute (XPath, json-eval(...), ${...}), in a dynamic key
 * `{...}`, in an inline `${...}` of free text (log message, payload templates), or in an element whose text is an
 * expression. Works on half-typed text (an unclosed `${` or `get-property('` still gives a context).
 */
import type { ExpressionKind } from '../../core/expressions';
import { classify, findInlineExpressions } from '../../core/expressions';
import type { XmlAttribute, XmlElement } from '../../core/xml';
import { valueSpan } from '../convert';
import { isFreeMarkerFormat } from '../../core/validate/rules/expressions';

export interface ExprCursor {
  kind: ExpressionKind;
  /** The expression text (for synapse: the inside of `${...}`; for jsonpath and xpath: the whole expression). */
  text: string;
  /** File offset of text[0]. */
  base: number;
  /** Cursor offset inside `text`. */
  at: number;
  element: XmlElement;
  attribute?: XmlAttribute;
}

/** How an attribute value is read (from the catalog); 'key' values may hold a dynamic `{...}`. */
export type AttrReading = 'expression' | 'xpath' | 'jsonpath' | 'key' | 'other';

/** The expression under `offset` inside an attribute value, if any. */
export function exprInAttribute(
  el: XmlElement,
  a: XmlAttribute,
  offset: number,
  reading: AttrReading,
  fileText: string,
): ExprCursor | undefined {
  const raw = a.raw;
  const base = valueSpan(a, fileText).start;
  const at = offset - base;
  if (at < 0 || at > raw.length) return undefined;
  // an inline ${ ... } around the cursor (whole-value synapse expressions, {${...}} keys, templates)
  const inline = inlineAround(raw, at);
  if (inline)
    return {
      kind: 'synapse',
      text: inline.text,
      base: base + inline.start,
      at: at - inline.start,
      element: el,
      attribute: a,
    };
  if (reading === 'expression' || reading === 'xpath' || reading === 'jsonpath') {
    const kind: ExpressionKind =
      reading === 'xpath' ? 'xpath' : reading === 'jsonpath' ? 'jsonpath' : classify(raw);
    return { kind, text: raw, base, at, element: el, attribute: a };
  }
  if (reading === 'key' && raw.startsWith('{') && !raw.startsWith('{{')) {
    const end = raw.endsWith('}') ? raw.length - 1 : raw.length;
    if (at >= 1 && at <= end) {
      const text = raw.slice(1, end);
      return { kind: classify(text), text, base: base + 1, at: at - 1, element: el, attribute: a };
    }
  }
  return undefined;
}

/** The expression under `offset` inside an element's text (inline `${...}`, or the whole text when it is an expression). */
export function exprInText(
  el: XmlElement,
  fileText: string,
  offset: number,
  textIsExpression: boolean,
): ExprCursor | undefined {
  const node = el.children.find(
    (c) => (c.kind === 'text' || c.kind === 'cdata') && c.span.start <= offset && offset <= c.span.end,
  );
  // a FreeMarker payload template: its ${...} are FreeMarker's, no Synapse expression help there
  if (isFreeMarkerFormat(el)) return undefined;
  const start = node ? (node.kind === 'cdata' ? node.span.start + 9 : node.span.start) : offset;
  const end = node ? (node.kind === 'cdata' ? node.span.end - 3 : node.span.end) : offset;
  const raw = fileText.slice(start, end);
  const at = offset - start;
  const inline = inlineAround(raw, at);
  if (inline)
    return {
      kind: 'synapse',
      text: inline.text,
      base: start + inline.start,
      at: at - inline.start,
      element: el,
    };
  if (textIsExpression) {
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    return { kind: classify(text), text, base: start + lead, at: Math.max(0, at - lead), element: el };
  }
  return undefined;
}

/** The `${...}` part of `s` containing position `at` (an unclosed one runs to the end), as inner text and start. */
function inlineAround(s: string, at: number): { text: string; start: number } | undefined {
  if (s.indexOf('${') < 0) return undefined;
  const scan = findInlineExpressions(s);
  for (const p of scan.parts) {
    if (p.inner.start <= at && at <= p.inner.end)
      return { text: s.slice(p.inner.start, p.inner.end), start: p.inner.start };
  }
  // unclosed: the last `${` before the cursor with no `}` between
  const open = s.lastIndexOf('${', at - 2);
  if (open >= 0 && !scan.parts.some((p) => p.span.start === open)) {
    const start = open + 2;
    const close = s.indexOf('}', start);
    const end = close >= 0 && close >= at ? close : s.length;
    if (at >= start) return { text: s.slice(start, end), start };
  }
  return undefined;
}
