/**
 * Fast XML serialization of slimdom nodes. Namespace declarations are written as attributes (as parsed); an element
 * or attribute whose namespace is not declared in scope gets the declaration it needs, so programmatically built
 * trees (createElementNS without xmlns attributes) and elements serialized on their own come out well-formed and
 * namespace-correct. No closures or maps are allocated for elements that declare nothing (the common case).
 */
import type * as slimdom from 'slimdom';
import { javaStringHash } from '../javaHashOrder';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_ESCAPED = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<"\n\r\t]/;
const ATTR_ESCAPED = /[&<"\n\r\t]/g;

// characters XML 1.0 cannot hold, which the StAX writer refuses in text
const XML10_INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/**
 * commons-text StringEscapeUtils.escapeJava: `"` and `\` escaped, \b \t \n \f \r as such, every other character
 * outside 0x20-0x7F as \uXXXX (upper-case hex; beyond the BMP its surrogate pair).
 */
function escapeJava(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c === 8) out += '\\b';
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 12) out += '\\f';
    else if (c === 13) out += '\\r';
    else if (c < 32 || c > 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += s[i];
  }
  return out;
}

function escText(s: string): string {
  // a text with a character XML 1.0 cannot hold is written escaped as Java escapes a string (wso2 Axiom
  // OMTextImpl.writeOutput retries with StringEscapeUtils.escapeJava when the StAX writer refuses it)
  if (XML10_INVALID.test(s)) s = escapeJava(s);
  if (!TEXT_SPECIAL.test(s)) return s;
  // as MI's Woodstox writes text (BufferingXmlWriter.writeCharacters): `>` only when it starts the text or follows
  // `]` (it might end `]]>`), CR as a lower-case hexadecimal reference
  return s.replace(TEXT_ESCAPED, (c, i: number) =>
    c === '&'
      ? '&amp;'
      : c === '<'
        ? '&lt;'
        : c === '\r'
          ? '&#xd;'
          : i === 0 || s[i - 1] === ']'
            ? '&gt;'
            : '>',
  );
}
function escAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  // as Woodstox writes an attribute value (BufferingXmlWriter.writeAttrValue): `>` as it is, tab, LF and CR as
  // lower-case hexadecimal references
  return s.replace(ATTR_ESCAPED, (c) => ATTR_REFS[c]!);
}
const ATTR_REFS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\n': '&#xa;',
  '\r': '&#xd;',
  '\t': '&#x9;',
};

/** Prefix → namespace URI declared on one element; chained to the ancestors' scopes. */
interface Scope {
  prefixes: string[];
  uris: string[];
  parent: Scope | undefined;
}

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const i = s.prefixes.lastIndexOf(prefix);
    if (i >= 0) return s.uris[i];
  }
  return prefix === 'xml' ? XML_NS : prefix === '' ? '' : undefined;
}

/**
 * Serializes a node (element, document, fragment, text...) to XML text. An element inside a larger tree declares
 * the namespaces it uses (inherited ones included), so the text stands on its own.
 */
export function serializeXml(node: slimdom.Node): string {
  // a log or a copy of the envelope or of what its Body holds serializes with caching: Axiom builds it
  const doc = node.nodeType === 9 ? (node as slimdom.Document) : node.ownerDocument;
  if (doc && !looking && unreadBodies.has(doc) && !inHeader(node, doc)) unreadBodies.delete(doc);
  return write(node, undefined);
}

/** Set while the debugger looks at a paused message: what it serializes is no read of MI's (see unreadBodies). */
let looking = false;

/** Runs `fn` (a view of the message for the debugger) without its serializations counting as reads. */
export function withoutReading<T>(fn: () => T): T {
  const was = looking;
  looking = true;
  try {
    return fn();
  } finally {
    looking = was;
  }
}

/** Whether a node is the envelope's Header or below it (serializing it reads nothing of the Body). */
function inHeader(node: slimdom.Node, doc: slimdom.Document): boolean {
  for (let n: slimdom.Node | null = node; n && n !== doc; n = n.parentNode)
    if (n.parentNode === doc.documentElement && (n as slimdom.Element).localName === 'Header') return true;
  return false;
}

const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';

/** Documents whose root element is a message's SOAP envelope (an Axiom SOAPEnvelope in MI). */
const envelopeDocuments = new WeakSet<object>();

/**
 * Marks a document as holding a message's SOAP envelope: its root element is then written as Axiom's
 * SOAPEnvelopeImpl.internalSerialize writes it, the Header (only when it has any child node) and the Body, nothing
 * else: whitespace between them and an empty `<soapenv:Header/>` are left out.
 */
export function markEnvelopeDocument(doc: slimdom.Document): void {
  envelopeDocuments.add(doc);
}

/**
 * Envelopes a builder parsed from a message's bytes that it has not read to the end (the envelope's end tag).
 * SOAPEnvelopeImpl.internalSerialize (serializeAndConsume, as SOAPMessageFormatter writes) writes only the Header
 * with a child and the Body when the envelope is complete (`done`) or has no builder; otherwise
 * serializeByPullStream writes the envelope as the parser reads it: an empty `<soapenv:Header/>`, comments and the
 * white space between the envelope's children stay. MI's mediators read no further than the Body (getBody,
 * getFirstElement, a `$body` XPath, toString of the envelope, payloadFactory's emptying of the body): only a walk of
 * the envelope's children to their end completes it (an XPath from the root or the envelope: `/…`, `//…`,
 * `soapenv:Body/…`; SOAPEnvelope.build()). Checked with Axiom 1.2.11-wso2 (session 17, A1).
 */
const incompleteEnvelopes = new WeakSet<object>();

/** A document parsed from a message whose envelope MI's builder has not finished (see incompleteEnvelopes). */
export function markEnvelopeIncomplete(doc: slimdom.Document): void {
  incompleteEnvelopes.add(doc);
}

/** The builder read the envelope to its end (Axiom's `done`): written as a built envelope from now on. */
export function markEnvelopeComplete(doc: slimdom.Document): void {
  incompleteEnvelopes.delete(doc);
}

/** Whether a document's envelope is one its builder has not finished (see incompleteEnvelopes). */
export function isEnvelopeIncomplete(doc: slimdom.Document): boolean {
  return incompleteEnvelopes.has(doc);
}

/**
 * Parsed envelopes whose Body content nothing has read yet (a log of the headers, a header mediator, `$header`
 * XPaths): Axiom has built no element below the Body, so the pull stream writes them as the parser reports them,
 * each element's namespace declarations in their written order, not in the order of a built element's HashMap.
 */
const unreadBodies = new WeakSet<object>();

/** A parsed envelope whose Body content nothing has read (see unreadBodies). */
export function markBodyUnread(doc: slimdom.Document): void {
  unreadBodies.add(doc);
}

/** Something read the Body's content (an XPath, a change, a serialization of it): Axiom built it. */
export function markBodyRead(doc: slimdom.Document | null | undefined): void {
  if (doc) unreadBodies.delete(doc);
}

/** Whether nothing has read the Body's content of a parsed envelope (see unreadBodies). */
export function isBodyUnread(doc: slimdom.Document): boolean {
  return unreadBodies.has(doc);
}

/** Set while a formatter writes a message (serializeAndConsume): only then does an unfinished envelope go as parsed. */
let consuming = false;
/** Set while elements an unbuilt Body holds are written: their declarations in the parser's order. */
let parserOrder = false;
/** The element whose content is written as the parser reports it (the POX formatter's unbuilt first element). */
let parserFrom: slimdom.Element | undefined;

/**
 * Serializes the Body's first element as ApplicationXMLFormatter writes it (serializeAndConsume): as the parser
 * reports it while nothing read the Body (see unreadBodies).
 */
export function serializeBodyChildConsuming(el: slimdom.Element): string {
  // the element itself comes from Axiom's tree (getFirstElement built its start tag), what it holds from the parser
  const doc = el.ownerDocument;
  parserFrom = doc !== null && unreadBodies.has(doc) ? el : undefined;
  try {
    return write(el, undefined);
  } finally {
    parserFrom = undefined;
  }
}

/**
 * Serializes a message's envelope as a formatter writes it to the wire (OMNode.serializeAndConsume, cache off): an
 * envelope its builder has not finished goes as parsed (see incompleteEnvelopes). A log of the envelope
 * (toString: serialize with caching) writes the built form either way: use serializeXml.
 */
export function serializeEnvelopeConsuming(env: slimdom.Element): string {
  consuming = true;
  try {
    return write(env, undefined);
  } finally {
    consuming = false;
  }
}

/** Whether a child of a message's envelope is written (SOAPEnvelopeImpl.internalSerialize). */
function envelopePartWritten(c: slimdom.Node): boolean {
  if (c.nodeType !== 1) return false;
  const e = c as slimdom.Element;
  if (e.namespaceURI !== SOAP11_ENV && e.namespaceURI !== SOAP12_ENV) return false;
  return e.localName === 'Body' || (e.localName === 'Header' && e.firstChild !== null);
}

/** Serializes the children of a node (the "inner XML"). */
export function serializeChildren(node: slimdom.Node): string {
  let out = '';
  for (let c = node.firstChild; c; c = c.nextSibling) out += write(c, undefined);
  return out;
}

/**
 * Elements written as they stand alone, every namespace they use declared on them even where an ancestor binds it:
 * a header block the header mediator made of inline XML is an OMSourcedElement over that XML's own serialization
 * (Axiom ElementHelper.toSOAPHeaderBlock: serialize, ByteArrayDataSource), which a formatter writes from those bytes
 * (serializeAndConsume); a log (toString) expands it and writes it as a built element.
 */
const standaloneElements = new WeakSet<object>();
let anyStandalone = false;

/** Marks an element to be written as it stands alone (see standaloneElements). */
export function markStandalone(el: slimdom.Element): void {
  standaloneElements.add(el);
  anyStandalone = true;
}

function write(node: slimdom.Node, scope: Scope | undefined): string {
  switch (node.nodeType) {
    case 1:
      if (anyStandalone && consuming && standaloneElements.has(node))
        return writeElement(node as slimdom.Element, undefined);
      return writeElement(node as slimdom.Element, scope);
    case 3:
      return escText((node as slimdom.Text).data);
    case 4:
      return `<![CDATA[${(node as slimdom.CDATASection).data.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
    case 7: {
      const pi = node as slimdom.ProcessingInstruction;
      // inside an element as Axiom writes it (OMProcessingInstructionImpl.internalSerialize passes `target + " "` to
      // the StAX writer, which adds its own space before the data): `<?xml-multiple  item?>`, `<?xml-multiple ?>`;
      // one before the root (the prolog, written by MI's XML formatter itself) keeps one space
      const p = pi.parentNode;
      if (p && p.nodeType !== 9) return `<?${pi.target} ${pi.data ? ` ${pi.data}` : ''}?>`;
      return `<?${pi.target}${pi.data ? ` ${pi.data}` : ''}?>`;
    }
    case 8:
      return `<!--${(node as slimdom.Comment).data}-->`;
    case 9:
    case 11: {
      let out = '';
      for (let c = node.firstChild; c; c = c.nextSibling) out += write(c, scope);
      return out;
    }
    case 2:
      return escText((node as slimdom.Attr).value);
    default:
      return '';
  }
}

const declaredPrefix = (a: slimdom.Attr): string => (a.prefix === null ? '' : a.localName);

/**
 * The order a java.util.HashMap of `cap` buckets keyed by prefix lists these declarations (javaHashOrderBy's: by
 * bucket of the spread String hash, then as inserted), without its allocations: this runs for every element that
 * declares two or more namespaces (every SOAP envelope written).
 */
function hashMapOrder(declared: slimdom.Attr[], cap: number): slimdom.Attr[] {
  const n = declared.length;
  const out = declared.slice();
  const buckets: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = javaStringHash(declaredPrefix(declared[i]!));
    buckets.push((h ^ (h >>> 16)) & (cap - 1));
  }
  // stable insertion sort by bucket (a handful of items)
  for (let i = 1; i < n; i++) {
    const b = buckets[i]!;
    const a = out[i]!;
    let j = i - 1;
    for (; j >= 0 && buckets[j]! > b; j--) {
      buckets[j + 1] = buckets[j]!;
      out[j + 1] = out[j]!;
    }
    buckets[j + 1] = b;
    out[j + 1] = a;
  }
  return out;
}

function writeElement(el: slimdom.Element, parentScope: Scope | undefined): string {
  const attrs = el.attributes;
  let scope = parentScope;
  let own: Scope | undefined;
  // declarations written on the element itself; one that binds a prefix as it is already bound in scope is left
  // out, as Axiom's serializer does (it writes a declaration only when the writer has no such binding yet): an
  // xmlns="" on the element written first too, where no default namespace is bound. All of them count for the
  // size of the element's namespace map (OMElementImpl.namespaces: the builder declares each one the parser reports)
  let declared: slimdom.Attr[] | undefined;
  let declaredCount = 0;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.namespaceURI === XMLNS_NS) {
      declaredCount++;
      const p = a.prefix === null ? '' : a.localName;
      if ((parentScope || (p === '' && a.value === '')) && lookup(parentScope, p) === a.value) continue;
      if (!own) scope = own = { prefixes: [], uris: [], parent: parentScope };
      own.prefixes.push(p);
      own.uris.push(a.value);
      (declared ??= []).push(a);
    }
  }
  let extra = '';
  const prefix = el.prefix ?? '';
  const ns = el.namespaceURI ?? '';
  // Axiom's OMSerializerUtil.serializeStartpart: the element's own namespace first, then the namespaces declared on
  // it as its HashMap (OMElementImpl.namespaces, new HashMap(5), keyed by prefix) lists them, then those the
  // attributes need; the attributes (a LinkedHashMap) after all declarations, in their order
  const ownWritten = lookup(parentScope, prefix) !== ns;
  // from the parser (an element of an unbuilt Body): its declarations as written, its own among them
  const asParsed = parserOrder;
  const ownDeclared =
    asParsed &&
    ownWritten &&
    declared !== undefined &&
    declared.some((a) => declaredPrefix(a) === prefix && a.value === ns);
  if (ownWritten && !ownDeclared) {
    if (!own) scope = own = { prefixes: [], uris: [], parent: parentScope };
    if (lookup(scope, prefix) !== ns) {
      own.prefixes.push(prefix);
      own.uris.push(ns);
    }
    extra += prefix === '' ? ` xmlns="${escAttr(ns)}"` : ` xmlns:${prefix}="${escAttr(ns)}"`;
  }
  if (declared) {
    let ordered = declared;
    if (declared.length > 1 && !asParsed) {
      // new HashMap(5): a table of 8, doubled each time it holds more than 3/4 of its size
      let cap = 8;
      while (declaredCount > cap * 0.75) cap *= 2;
      ordered = hashMapOrder(declared, cap);
    }
    for (let i = 0; i < ordered.length; i++) {
      const a = ordered[i]!;
      const p = declaredPrefix(a);
      if (ownWritten && !ownDeclared && p === prefix && a.value === ns) continue;
      extra += p === '' ? ` xmlns="${escAttr(a.value)}"` : ` xmlns:${p}="${escAttr(a.value)}"`;
    }
  }
  let attrText = '';
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.namespaceURI === XMLNS_NS) continue;
    if (
      a.namespaceURI !== null &&
      a.namespaceURI !== XMLNS_NS &&
      a.prefix !== null &&
      a.namespaceURI !== XML_NS &&
      lookup(scope, a.prefix) !== a.namespaceURI
    ) {
      if (!own) scope = own = { prefixes: [], uris: [], parent: parentScope };
      own.prefixes.push(a.prefix);
      own.uris.push(a.namespaceURI);
      extra += ` xmlns:${a.prefix}="${escAttr(a.namespaceURI)}"`;
    }
    attrText += ` ${a.name}="${escAttr(a.value)}"`;
  }
  const qname = prefix ? `${prefix}:${el.localName}` : el.localName;
  // declarations added for this element come first, then the attributes as written
  const start = `<${qname}${extra}${attrText}`;
  if (!el.firstChild) return `${start}/>`;
  let out = `${start}>`;
  // (only a document element can be an envelope: no set lookup for the elements below it)
  if (
    el.parentNode?.nodeType === 9 &&
    envelopeDocuments.has(el.parentNode) &&
    !(consuming && incompleteEnvelopes.has(el.parentNode))
  ) {
    for (let c: slimdom.Node | null = el.firstChild; c; c = c.nextSibling)
      if (envelopePartWritten(c)) out += write(c, scope);
    return `${out}</${qname}>`;
  }
  // the content of a parsed Body nothing read below (see unreadBodies): as the parser reports it
  const grand = el.parentNode?.parentNode;
  if (
    !parserOrder &&
    (el === parserFrom ||
      (consuming && grand?.nodeType === 9 && unreadBodies.has(grand) && el.localName === 'Body'))
  ) {
    parserOrder = true;
    try {
      for (let c: slimdom.Node | null = el.firstChild; c; c = c.nextSibling) out += write(c, scope);
    } finally {
      parserOrder = false;
    }
    return `${out}</${qname}>`;
  }
  for (let c: slimdom.Node | null = el.firstChild; c; c = c.nextSibling) out += write(c, scope);
  return `${out}</${qname}>`;
}
