/**
 * Fast XML serialization of slimdom nodes. Namespace declarations are written as attributes (as parsed); an element
 * or attribute whose namespace is not declared in scope gets the declaration it needs, so programmatically built
 * trees (createElementNS without xmlns attributes) serialize to well-formed, namespace-correct XML.
 */
import type * as slimdom from 'slimdom';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function escText(s: string): string {
  if (!/[&<>\r]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}
function escAttr(s: string): string {
  if (!/[&<>"\n\r\t]/.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;')
    .replace(/\t/g, '&#x9;');
}

/** Prefix → namespace URI in scope; a linked chain of small maps. */
interface Scope {
  map: Map<string, string> | undefined;
  parent: Scope | undefined;
}
function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const v = s.map?.get(prefix);
    if (v !== undefined) return v;
  }
  return prefix === 'xml' ? XML_NS : prefix === '' ? '' : undefined;
}

/**
 * Serializes a node (element, document, fragment, text...) to XML text. For an element inside a larger tree, the
 * namespace declarations it relies on from its ancestors are repeated on it, so the text stands on its own.
 */
export function serializeXml(node: slimdom.Node): string {
  const out: string[] = [];
  // an element serialized alone declares the namespaces it uses (inherited ones included)
  write(node, undefined, out, node.nodeType === 1);
  return out.join('');
}

/** Serializes the children of a node (the "inner XML"). */
export function serializeChildren(node: slimdom.Node): string {
  const out: string[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) write(c, undefined, out, true);
  return out.join('');
}

function write(node: slimdom.Node, scope: Scope | undefined, out: string[], detached: boolean): void {
  switch (node.nodeType) {
    case 1:
      writeElement(node as slimdom.Element, scope, out, detached);
      return;
    case 3:
      out.push(escText((node as slimdom.Text).data));
      return;
    case 4:
      out.push('<![CDATA[', (node as slimdom.CDATASection).data.replace(/]]>/g, ']]]]><![CDATA[>'), ']]>');
      return;
    case 7: {
      const pi = node as slimdom.ProcessingInstruction;
      out.push('<?', pi.target, pi.data ? ` ${pi.data}` : '', '?>');
      return;
    }
    case 8:
      out.push('<!--', (node as slimdom.Comment).data, '-->');
      return;
    case 9:
    case 11:
      for (let c = node.firstChild; c; c = c.nextSibling) write(c, scope, out, false);
      return;
    case 2: {
      const a = node as slimdom.Attr;
      out.push(escText(a.value));
      return;
    }
    default:
      return;
  }
}

function writeElement(el: slimdom.Element, parentScope: Scope | undefined, out: string[], detached: boolean): void {
  let map: Map<string, string> | undefined;
  const declare = (prefix: string, uri: string): void => {
    (map ??= new Map()).set(prefix, uri);
  };
  const attrs = el.attributes;
  // declarations written on the element itself
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.namespaceURI === XMLNS_NS) declare(a.prefix === null ? '' : a.localName, a.value);
  }
  const scope: Scope = { map, parent: parentScope };
  const extra: string[] = [];
  const ensure = (prefix: string, uri: string): void => {
    if (lookup(scope, prefix) === uri) return;
    scope.map = map ??= new Map();
    map.set(prefix, uri);
    extra.push(prefix === '' ? ` xmlns="${escAttr(uri)}"` : ` xmlns:${prefix}="${escAttr(uri)}"`);
  };
  const prefix = el.prefix ?? '';
  const ns = el.namespaceURI ?? '';
  ensure(prefix, ns);
  const qname = prefix ? `${prefix}:${el.localName}` : el.localName;
  out.push('<', qname);
  const at = out.length;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.namespaceURI === XMLNS_NS) {
      out.push(' ', a.name, '="', escAttr(a.value), '"');
      continue;
    }
    if (a.namespaceURI !== null && a.prefix !== null && a.namespaceURI !== XML_NS) ensure(a.prefix, a.namespaceURI);
    out.push(' ', a.name, '="', escAttr(a.value), '"');
  }
  if (extra.length) out.splice(at, 0, ...extra);
  void detached;
  if (!el.firstChild) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (let c: slimdom.Node | null = el.firstChild; c; c = c.nextSibling) write(c, scope, out, false);
  out.push('</', qname, '>');
}
