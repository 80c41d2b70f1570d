/**
 * The layout of the metadata documents MI's HTTP GET processors answer (`?wsdl`, `?wsdl2`, `?xsd`).
 *
 * RequestProcessorUtil.writeDocument parses the printed document with StAX, builds it with Axiom (StAXOMBuilder) and
 * serializes its document element alone through a Woodstox XMLStreamWriter. So:
 * - there is no XML declaration;
 * - each element's namespace declarations come out as Axiom's OMSerializerUtil.serializeStartpart writes them. The
 *   element's own prefix comes first when the element declares it. The others follow in the order of the element's
 *   `namespaces` java.util.HashMap (OMElementImpl: `new HashMap(5)`, keyed by prefix, filled in document order);
 * - an empty element is `<x/>` (Woodstox's automatic empty elements); text escapes `&`, `<`, and `>` only first or
 *   after `]`; attributes escape `&`, `<` and `"`.
 *
 * A `?wsdl` that AxisService generates (AxisService.getWSDL) goes through XMLPrettyPrinter.prettify first: an XSLT
 * identity transform with `indent='yes'` and `xsl:strip-space elements='*'`. MI's TransformerFactory is Saxon-HE 10
 * (wso2/lib holds it, and its META-INF/services names net.sf.saxon.TransformerFactoryImpl). Saxon ignores the
 * stylesheet's xalan:indent-amount, so its XMLIndenter indents 3 spaces a level. Its NamespaceDifferencer writes each
 * element's new namespaces in prefix order (NamespaceMap keeps prefixes sorted), which is then the HashMap's
 * insertion order. Saxon puts a long start tag's attributes on separate lines, but Axiom's re-serialization writes
 * them again with single spaces, so that is lost.
 */

import type * as slimdom from 'slimdom';
import { escapeXmlAttr as escAttr } from '../../core/xml/escape';
import { parsePayloadXml } from './payloadXml';
import { javaHashOrderBy } from './javaHashOrder';

const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Woodstox text: `&`, `<`; `>` when it begins the text or follows `]` (it may end "]]>"). */
function escText(s: string): string {
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  out = out.replace(/(^|\])>/g, '$1&gt;');
  return out.replace(/\]>/g, ']&gt;');
}

/** The namespace declarations an element carries (prefix '' for the default namespace), in document order. */
function declarations(el: slimdom.Element): [string, string][] {
  const out: [string, string][] = [];
  for (const a of el.attributes)
    if (a.namespaceURI === XMLNS) out.push([a.localName === 'xmlns' ? '' : a.localName, a.value]);
  return out;
}

/**
 * Axiom's order of an element's namespace declarations: its own prefix first when it is declared here, then the rest
 * of the HashMap(5) the builder filled in this order.
 */
function axiomOrder(el: slimdom.Element, decls: [string, string][]): [string, string][] {
  const own = el.prefix ?? '';
  const first = decls.find(([p]) => p === own && el.namespaceURI !== null);
  const rest = javaHashOrderBy(decls, ([p]) => p, 8).filter((d) => d !== first);
  return first ? [first, ...rest] : rest;
}

/** An element's start tag, its namespace declarations in Axiom's order (`asIs`: in the order given). */
function startTag(el: slimdom.Element, decls: [string, string][], asIs = false): string {
  let out = `<${el.nodeName}`;
  for (const [p, v] of asIs ? decls : axiomOrder(el, decls))
    out += ` ${p === '' ? 'xmlns' : `xmlns:${p}`}="${escAttr(v)}"`;
  for (const a of el.attributes) if (a.namespaceURI !== XMLNS) out += ` ${a.name}="${escAttr(a.value)}"`;
  return out;
}

function writeNode(node: slimdom.Node, scope: Map<string, string>): string {
  switch (node.nodeType) {
    case 1: {
      const el = node as slimdom.Element;
      // (OMSerializerUtil.generateSetPrefix: a declaration the writer already has in scope is not written again)
      const decls = declarations(el).filter(([p, v]) => (scope.get(p) ?? (p === '' ? '' : undefined)) !== v);
      const head = startTag(el, decls);
      if (!el.firstChild) return `${head}/>`;
      const innerScope = inScope(scope, el);
      let inner = '';
      for (const c of el.childNodes) inner += writeNode(c, innerScope);
      return inner === '' ? `${head}/>` : `${head}>${inner}</${el.nodeName}>`;
    }
    case 3:
    case 4:
      return escText((node as slimdom.Text).data);
    case 7: {
      const pi = node as slimdom.ProcessingInstruction;
      return `<?${pi.target}${pi.data ? ` ${pi.data}` : ''}?>`;
    }
    case 8:
      return `<!--${(node as slimdom.Comment).data}-->`;
    default:
      return '';
  }
}

/**
 * A document as RequestProcessorUtil.writeDocument writes it (the `?wsdl2` and `?xsd` path): its document element
 * alone, re-serialized by Axiom. Text that is not well-formed is answered as it is.
 */
export function writtenDocument(text: string): string {
  const root = documentElementOf(text);
  return root ? writeNode(root, new Map()) : text;
}

/** The document element of a well-formed text (a leading BOM dropped), or undefined. */
export function documentElementOf(text: string): slimdom.Element | undefined {
  try {
    return parsePayloadXml(text.replace(/^\uFEFF/, '')).documentElement ?? undefined;
  } catch {
    return undefined;
  }
}

/** The in-scope namespaces of an element: its parent's, then its own declarations. */
function inScope(parent: Map<string, string>, el: slimdom.Element): Map<string, string> {
  const decls = declarations(el);
  if (!decls.length) return parent;
  const m = new Map(parent);
  for (const [p, v] of decls) {
    if (v === '' && p !== '') continue;
    m.set(p, v);
  }
  return m;
}

/**
 * A generated `?wsdl` as MI answers it: XMLPrettyPrinter.prettify (Saxon's identity transform, whitespace-only text
 * stripped, indented by its XMLIndenter) and then RequestProcessorUtil.writeDocument. `written` 'saxon': as Saxon alone
 * writes it (a schema XmlSchema.write writes straight to the answer): namespaces in prefix order, a final newline.
 * Text that is not well-formed is answered as it is.
 */
export function prettyWsdl(text: string, written: 'axiom' | 'saxon' = 'axiom'): string {
  const root = documentElementOf(text);
  if (!root) return text;
  let out = '';
  // XMLIndenter's state
  let level = 0;
  let afterStartTag = false;
  let afterEndTag = false;
  let sameline = false;
  let suppressedAtLevel = -1;
  const indent = () => {
    if (suppressedAtLevel >= 0) return;
    out += `\n${' '.repeat(level * 3)}`;
    sameline = false;
  };
  const element = (el: slimdom.Element, parentScope: Map<string, string>, preserve: boolean) => {
    if (afterStartTag || afterEndTag) indent();
    level++;
    const space = el.getAttributeNS(XML_NS, 'space');
    const keep = space === null ? preserve : space.trim() === 'preserve';
    if (suppressedAtLevel < 0 && space !== null && space.trim() === 'preserve') suppressedAtLevel = level;
    // NamespaceDifferencer: the in-scope namespaces that differ from the parent's, in prefix order
    const scope = inScope(parentScope, el);
    const delta: [string, string][] = [];
    for (const [p, v] of scope) if (p !== '' && parentScope.get(p) !== v) delta.push([p, v]);
    // (a default namespace that changes, or is undone: xmlns="")
    if ((scope.get('') ?? '') !== (parentScope.get('') ?? '')) delta.push(['', scope.get('') ?? '']);
    delta.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // (written by Saxon alone, as XmlSchema.write straight to the answer: its prefix order)
    out += startTag(el, delta, written === 'saxon');
    sameline = true;
    afterStartTag = true;
    afterEndTag = false;
    // (xsl:strip-space elements='*': whitespace-only text goes, except under xml:space="preserve")
    const kids = el.childNodes.filter(
      (c) =>
        !((c.nodeType === 3 || c.nodeType === 4) && !keep && /^[ \t\r\n]*$/.test((c as slimdom.Text).data)),
    );
    if (!kids.length) {
      out += '/>';
    } else {
      out += '>';
      let pendingText = '';
      const flushText = () => {
        if (pendingText === '') return;
        out += escText(pendingText);
        if (pendingText.includes('\n')) sameline = false;
        afterStartTag = false;
        afterEndTag = false;
        pendingText = '';
      };
      for (const c of kids) {
        if (c.nodeType === 3 || c.nodeType === 4) {
          // adjacent text and CDATA are one text node in the XSLT source tree
          pendingText += (c as slimdom.Text).data;
          continue;
        }
        flushText();
        if (c.nodeType === 1) element(c as slimdom.Element, scope, keep);
        else if (c.nodeType === 7 || c.nodeType === 8) {
          if (afterEndTag) indent();
          out += writeNode(c, scope);
        }
      }
      flushText();
    }
    level--;
    if (kids.length) {
      if (afterEndTag && !sameline) indent();
      out += `</${el.nodeName}>`;
    }
    sameline = false;
    afterEndTag = true;
    afterStartTag = false;
    if (level === suppressedAtLevel - 1) suppressedAtLevel = -1;
  };
  element(root, new Map(), false);
  // (Saxon's XMLIndenter ends the document with a newline; writeDocument keeps the document element alone)
  return written === 'axiom' ? out : `${out}\n`;
}
