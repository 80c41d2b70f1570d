/**
 * DOMHASH (RFC 2803) of an XML node, as MI's default digest generator computes it (DOMHASHGenerator, the
 * CachingConstants.DEFAULT_XML_IDENTIFIER the pass-through sender uses for HTTP_ETAG): MD5 over
 *  - an element: int 1, its expanded name in UTF-16BE, two zero bytes, the number of its attributes and each
 *    attribute's digest (sorted by expanded name, namespace declarations left out), the number of its child
 *    ELEMENTS, then the digest of every child node in order;
 *  - a text node: int 3 and its text in UTF-16BE;
 *  - a processing instruction: int 7, its target, two zero bytes, its value;
 *  - an attribute: int 2, its expanded name, two zero bytes, its value.
 * A comment or a CDATA section adds nothing (the generator answers an empty digest for any other node type). The
 * expanded name is `namespaceURI:localName`, or the local name alone when the node has no namespace. The digest
 * is printed as MI prints it: each byte as a signed decimal number, one after the other (getStringRepresentation).
 */
import { createHash } from 'node:crypto';
import type * as slimdom from 'slimdom';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

function utf16be(s: string): Buffer {
  return Buffer.from(s, 'utf16le').swap16();
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

const TWO_ZEROS = Buffer.alloc(2);

function expandedName(ns: string | null, local: string): string {
  return ns ? `${ns}:${local}` : local;
}

function md5(parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

function attrDigest(a: slimdom.Attr): Buffer {
  return md5([int32(2), utf16be(expandedName(a.namespaceURI, a.localName)), TWO_ZEROS, utf16be(a.value)]);
}

function nodeDigest(n: slimdom.Node): Buffer {
  switch (n.nodeType) {
    case 1:
      return elementDigest(n as slimdom.Element);
    case 3:
      return md5([int32(3), utf16be((n as slimdom.Text).data)]);
    case 7: {
      const pi = n as slimdom.ProcessingInstruction;
      return md5([int32(7), utf16be(pi.target), TWO_ZEROS, utf16be(pi.data)]);
    }
    default:
      return Buffer.alloc(0);
  }
}

function elementDigest(el: slimdom.Element): Buffer {
  const attrs = el.attributes
    .filter((a) => a.namespaceURI !== XMLNS_NS && a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
    .map((a) => ({ key: expandedName(a.namespaceURI, a.localName), a }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const parts: Buffer[] = [
    int32(1),
    utf16be(expandedName(el.namespaceURI, el.localName)),
    TWO_ZEROS,
    int32(attrs.length),
  ];
  for (const { a } of attrs) parts.push(attrDigest(a));
  parts.push(int32(el.children.length));
  for (let c = el.firstChild; c; c = c.nextSibling) parts.push(nodeDigest(c));
  return md5(parts);
}

/** The DOMHASH of an element, printed as MI's DOMHASHGenerator.getStringRepresentation prints it. */
export function domHash(el: slimdom.Element): string {
  const d = elementDigest(el);
  let s = '';
  for (const b of d) s += String(b > 127 ? b - 256 : b);
  return s;
}
