/** XML nodes as freemarker.ext.dom shows them: children, attributes, @@ keys, names by namespace, node output. */
import type * as slimdom from 'slimdom';

import { type Expr } from './ast';
import { FreeMarkerError, blame } from './errors';
import { Env, FmDocument, FmText, MISSING, NodeList, isDomNode, isMissing } from './values';

// ------------------------------------------------------------------ XML nodes (freemarker.ext.dom)
export function parentOf(n: unknown, env: Env): unknown {
  if (n instanceof FmText) return n.parent;
  if (n instanceof FmDocument) return MISSING;
  const node = n as slimdom.Node;
  if (env.doc && node === env.doc.root) return env.doc;
  if (node.nodeType === 2) return (node as slimdom.Attr).ownerElement ?? MISSING;
  return node.parentNode ?? MISSING;
}

/** NodeModel.parse's simplified children: no comments or processing instructions, adjacent text merged. */
export function childrenOf(n: unknown): unknown[] {
  if (n instanceof FmDocument) return [n.root];
  // an attribute's value is its text child
  if (isDomNode(n) && n.nodeType === 2) return [new FmText((n as slimdom.Attr).value, n)];
  if (!isDomNode(n) || n.nodeType !== 1) return [];
  const out: unknown[] = [];
  let pending: string | undefined;
  for (const c of Array.from(n.childNodes)) {
    if (c.nodeType === 7 || c.nodeType === 8) continue;
    if (c.nodeType === 3 || c.nodeType === 4) {
      pending = (pending ?? '') + (c.textContent ?? '');
      continue;
    }
    if (pending !== undefined) out.push(new FmText(pending, n));
    pending = undefined;
    out.push(c);
  }
  if (pending !== undefined) out.push(new FmText(pending, n));
  return out;
}

function elementChildren(n: unknown): slimdom.Element[] {
  if (n instanceof FmDocument) return [n.root];
  if (!isDomNode(n) || n.nodeType !== 1) return [];
  return Array.from((n as slimdom.Element).children);
}

/** freemarker.ext.dom's name test: by namespace (ns_prefixes; an unprefixed name is in no namespace or D's). */
function matchesName(qname: string, el: slimdom.Element, env: Env): boolean {
  const local = el.localName;
  const uri = el.namespaceURI ?? '';
  const def = env.defaultNs;
  if (def !== undefined && def === uri) return qname === local || qname === `D:${local}`;
  if (uri === '') {
    if (def !== undefined) return qname === `N:${local}`;
    return qname === local || qname === `N:${local}`;
  }
  let prefix: string | undefined;
  for (const [p, u] of env.nsPrefixes ?? []) if (u === uri && p !== 'D') prefix = p;
  if (prefix === undefined) return false;
  return qname === `${prefix}:${local}`;
}

/** freemarker.ext.dom: NodeListModel.get, ElementModel.get, DocumentModel.get, NodeModel.get. */
export function nodeGet(o: unknown, key: string, e: Expr, env: Env): unknown {
  if (o instanceof NodeList) {
    if (o.items.length === 1) return nodeGet(o.items[0], key, e, env);
    if (key.startsWith('@@')) {
      if (key === '@@text' || key === '@@markup' || key === '@@nested_markup')
        return o.items.map((n) => nodeGet(n, key, e, env)).join('');
      if (key !== '@@')
        throw new FreeMarkerError(
          AT_AT_KEYS.has(key)
            ? `"${key}" is only applicable to a single XML node, but it was applied on ${o.items.length ? `${o.items.length} XML nodes (multiple matches).` : 'an empty list of XML nodes (no matches).'}`
            : `Unsupported @@ key: ${key}`,
        );
    }
    if (
      XML_NAME.test(key) ||
      key === '*' ||
      key === '**' ||
      key === '@@' ||
      key === '@*' ||
      /^@[A-Za-z_]/.test(key)
    ) {
      const out: unknown[] = [];
      for (const n of o.items) {
        if (!isDomNode(n) || n.nodeType !== 1) continue;
        const r = nodeGet(n, key, e, env);
        if (r instanceof NodeList) out.push(...r.items);
        else if (!isMissing(r)) out.push(r);
      }
      return out.length === 1 ? out[0] : new NodeList(out);
    }
    throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
  }
  if (o instanceof FmDocument) {
    if (key === '*') return o.root;
    if (key === '**') return new NodeList(descendants(o));
    if (XML_NAME.test(key)) return matchesName(key, o.root, env) ? o.root : new NodeList([]);
    if (key.startsWith('@@')) return atAt(o, key, env);
    throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
  }
  const node = o as slimdom.Node;
  if (isDomNode(o) && node.nodeType === 1) {
    const el = node as slimdom.Element;
    if (key === '*') return new NodeList(elementChildren(el));
    if (key === '**') return new NodeList(descendants(el));
    // a bare @@ names nothing (an empty node list)
    if (key === '@@') return new NodeList([]);
    if (key.startsWith('@@')) return atAt(o, key, env);
    if (key.startsWith('@')) {
      if (key === '@*') return new NodeList(sortedAttributes(el));
      const qn = key.slice(1);
      let att = el.getAttributeNode(qn);
      const colon = qn.indexOf(':');
      if (!att && colon > 0) {
        const prefix = qn.slice(0, colon);
        const uri = prefix === 'D' ? env.defaultNs : env.nsPrefixes?.get(prefix);
        if (uri !== undefined) att = el.getAttributeNodeNS(uri, qn.slice(colon + 1));
      }
      return att ?? new NodeList([]);
    }
    if (XML_NAME.test(key)) {
      const r = elementChildren(el).filter((c) => matchesName(key, c, env));
      return r.length === 1 ? r[0] : new NodeList(r);
    }
    throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
  }
  if (key.startsWith('@@')) return atAt(o, key, env);
  throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
}

const XML_NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

const AT_AT_KEYS = new Set([
  '@@markup',
  '@@nested_markup',
  '@@attributes_markup',
  '@@text',
  '@@start_tag',
  '@@qname',
  '@@namespace',
  '@@local_name',
  '@@attributes',
  '@@next_sibling_element',
  '@@previous_sibling_element',
  '@@next_sibling_node',
  '@@previous_sibling_node',
]);

function descendants(n: unknown): slimdom.Element[] {
  const all: slimdom.Element[] = [];
  const walk = (x: unknown) => {
    for (const c of elementChildren(x)) {
      all.push(c);
      walk(c);
    }
  };
  if (n instanceof FmDocument) {
    all.push(n.root);
    walk(n.root);
  } else walk(n);
  return all;
}

/** Xerces keeps the attributes of an element ordered by name; namespace declarations are attributes too. */
function sortedAttributes(el: slimdom.Element): slimdom.Attr[] {
  return Array.from(el.attributes).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function qualifiedName(n: slimdom.Element | slimdom.Attr, env: Env): string | undefined {
  const uri = n.namespaceURI ?? '';
  if (uri === '') return n.localName;
  const prefix = env.defaultNs === uri ? '' : prefixFor(uri, env);
  if (prefix === undefined) return undefined;
  return prefix ? `${prefix}:${n.localName}` : n.localName;
}

function prefixFor(uri: string, env: Env): string | undefined {
  for (const [p, u] of env.nsPrefixes ?? []) if (u === uri && p !== 'D') return p;
  return undefined;
}

function atAt(o: unknown, key: string, env: Env): unknown {
  const node = o as slimdom.Node;
  const isEl = isDomNode(o) && node.nodeType === 1;
  const isAttr = isDomNode(o) && node.nodeType === 2;
  switch (key) {
    case '@@text':
      // NodeModel.getText: text, elements and the document; an attribute has none
      return o instanceof FmText
        ? o.text
        : o instanceof FmDocument
          ? (o.root.textContent ?? '')
          : isAttr
            ? ''
            : (node.textContent ?? '');
    case '@@markup':
    case '@@nested_markup': {
      const out = new NodeOutputter(o, env);
      if (key === '@@markup') return out.content(o);
      if (isAttr) return xmlEncNQG((node as slimdom.Attr).value);
      return (o instanceof FmDocument ? [o.root] : childrenOf(o)).map((c) => out.content(c)).join('');
    }
    case '@@attributes_markup':
    case '@@start_tag': {
      if (!isEl) return new NodeList([]);
      const el = node as slimdom.Element;
      const out = new NodeOutputter(o, env);
      if (key === '@@attributes_markup') return out.attributes(el).trim();
      return `<${out.qname(el)}${out.namespaceDecl}${out.attributes(el)}>`;
    }
    case '@@qname':
      if (isEl || isAttr) return qualifiedName(node as slimdom.Element, env) ?? MISSING;
      return MISSING;
    case '@@local_name':
      return isEl || isAttr ? (node as slimdom.Element).localName : MISSING;
    case '@@namespace': {
      const u = isEl || isAttr ? (node as slimdom.Element).namespaceURI : null;
      return u ? u : MISSING;
    }
    case '@@attributes':
      return new NodeList(isEl ? sortedAttributes(node as slimdom.Element) : []);
    default:
      throw new FreeMarkerError(`Unsupported @@ key: ${key}`);
  }
}

/** freemarker.ext.dom.NodeOutputter: @@markup, @@nested_markup, @@start_tag. */
class NodeOutputter {
  private readonly prefixes = new Map<string, string>();
  namespaceDecl = '';
  private readonly context: slimdom.Element | undefined;
  constructor(n: unknown, env: Env) {
    const node = n as slimdom.Node;
    this.context =
      n instanceof FmDocument
        ? n.root
        : isDomNode(n) && node.nodeType === 1
          ? (node as slimdom.Element)
          : isDomNode(n) && node.nodeType === 2
            ? ((node as slimdom.Attr).ownerElement ?? undefined)
            : undefined;
    if (!this.context) return;
    const def = env.defaultNs;
    const hasDef = !!def;
    let explicitDefault = false;
    let next = 1;
    const walk = (x: slimdom.Node) => {
      const uri = (x as slimdom.Element).namespaceURI ?? '';
      if (x.nodeType === 1 && uri) {
        let prefix = prefixFor(uri, env) ?? this.prefixes.get(uri);
        if (prefix === undefined) {
          do prefix = lowerAbc(next++);
          while (env.nsPrefixes?.has(prefix));
        }
        this.prefixes.set(uri, prefix);
      } else if (hasDef && x.nodeType === 1) {
        this.prefixes.set(def!, 'D');
        explicitDefault = true;
      }
      // the child nodes only (attributes are no children)
      if (x.nodeType === 1) for (const c of Array.from(x.childNodes)) if (c.nodeType === 1) walk(c);
    };
    walk(this.context);
    if (!explicitDefault && hasDef) this.prefixes.set(def!, '');
    let decl = explicitDefault ? ` xmlns="${def}"` : '';
    for (const [uri, prefix] of this.prefixes) decl += ` xmlns${prefix ? `:${prefix}` : ''}="${uri}"`;
    this.namespaceDecl = decl;
  }
  qname(n: slimdom.Element | slimdom.Attr): string {
    const uri = n.namespaceURI ?? '';
    if (!uri) return n.nodeName;
    const prefix = this.prefixes.get(uri);
    if (prefix === undefined) return n.nodeName;
    return prefix ? `${prefix}:${n.localName}` : n.localName;
  }
  attributes(el: slimdom.Element): string {
    let out = '';
    for (const a of sortedAttributes(el)) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      out += ` ${this.qname(a)}="${xmlEncQAttr(a.value)}"`;
    }
    return out;
  }
  content(n: unknown): string {
    if (n instanceof FmText) return xmlEncNQG(n.text);
    if (n instanceof FmDocument) return this.content(n.root);
    const node = n as slimdom.Node;
    if (node.nodeType === 2)
      return ` ${this.qname(node as slimdom.Attr)}="${xmlEncQAttr((node as slimdom.Attr).value)}"`;
    if (node.nodeType === 3 || node.nodeType === 4) return xmlEncNQG(node.textContent ?? '');
    if (node.nodeType !== 1) return '';
    const el = node as slimdom.Element;
    const kids = childrenOf(el);
    let out = `<${this.qname(el)}${el === this.context ? this.namespaceDecl : ''}${this.attributes(el)}`;
    if (!kids.length) return `${out} />`;
    out += '>';
    for (const k of kids) out += this.content(k);
    return `${out}</${this.qname(el)}>`;
  }
}

function lowerAbc(n: number): string {
  let s = '';
  while (n > 0) {
    n--;
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

/** StringUtil.XMLEncNQG: & and < escaped, > only after ]]. */
function xmlEncNQG(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');
}

/** StringUtil.XMLEncQAttr: &, < and " escaped. */
function xmlEncQAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
