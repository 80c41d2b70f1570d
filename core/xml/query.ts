/** Small helpers to walk a positioned XML tree. */
import type { XmlAttribute, XmlElement, XmlNode } from './types';

export function attr(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

export function attrValue(el: XmlElement, name: string): string | undefined {
  return attr(el, name)?.value;
}

export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element') out.push(c);
  return out;
}

export function firstChild(el: XmlElement, local: string): XmlElement | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.local === local) return c;
  return undefined;
}

export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return childElements(el).filter((c) => c.local === local);
}

/** The concatenated text (text and CDATA) directly inside an element. */
export function textContent(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text' || c.kind === 'cdata') s += c.value;
  return s;
}

/** Depth-first walk over elements. Return false from the visitor to skip an element's children. */
export function walkElements(nodes: XmlNode[] | XmlElement, visit: (el: XmlElement) => boolean | void): void {
  const list = Array.isArray(nodes) ? nodes : [nodes];
  const stack: XmlNode[] = [...list].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind !== 'element') continue;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** The innermost element whose span contains the offset. */
export function elementAt(nodes: XmlNode[], offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  let level = nodes;
  for (;;) {
    let next: XmlElement | undefined;
    for (const n of level) {
      if (
        n.kind === 'element' &&
        n.span.start <= offset &&
        (offset < n.span.end || (!n.endTag && offset <= n.span.end))
      ) {
        next = n;
      }
    }
    if (!next) return found;
    found = next;
    level = next.children;
  }
}

/** Serializes an element's inner content back to its source text. */
export function innerSource(text: string, el: XmlElement): string {
  if (el.selfClosing) return '';
  const end = el.endTag ? el.endTag.start : el.span.end;
  return text.slice(el.startTag.end, end);
}
