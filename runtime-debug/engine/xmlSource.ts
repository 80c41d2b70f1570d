/**
 * Re-serializes a positioned config element as a standalone XML string. A namespace the fragment uses but declares
 * outside itself (its prefixes, and the default namespace of unprefixed elements) is declared on the first element
 * that needs it, as Axiom's serializer does when MI writes a config fragment (OMSerializerUtil.serializeStartpart:
 * each start tag declares the prefixes of its name and attributes the writer has not yet associated). So a
 * payloadFactory format `<d:find xmlns:d="…"><uid>…</uid></d:find>` comes out with the Synapse default namespace on
 * `uid`, not on `d:find`.
 */
import type { XmlElement } from '../../core/xml';

function declaration(prefix: string, uri: string): string {
  const v = uri.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return prefix ? `xmlns:${prefix}="${v}"` : `xmlns="${v}"`;
}

/** The namespace bindings an element's ancestors declare (nearest wins): prefix ('' = default) -> URI. */
function outerBindings(el: XmlElement): Map<string, string> {
  const out = new Map<string, string>();
  for (let p = el.parent; p; p = p.parent) {
    for (const a of p.attributes) {
      const prefix = a.name === 'xmlns' ? '' : a.prefix === 'xmlns' ? a.local : undefined;
      if (prefix !== undefined && !out.has(prefix)) out.set(prefix, a.value);
    }
  }
  return out;
}

export function serializeSource(text: string, el: XmlElement): string {
  const src = text.slice(el.span.start, el.span.end);
  let outer: Map<string, string> | undefined;
  /** Insertions: offset in `src` (right after the element name) and the declarations to write there. */
  const inserts: { at: number; decls: string[] }[] = [];
  // depth-first, in document order; `bound` holds the prefixes associated on the way down (declared in the
  // fragment, or declared by us from the outer bindings)
  const walk = (e: XmlElement, bound: ReadonlySet<string>): void => {
    let own: Set<string> | undefined;
    for (const a of e.attributes) {
      const prefix = a.name === 'xmlns' ? '' : a.prefix === 'xmlns' ? a.local : undefined;
      if (prefix !== undefined) (own ??= new Set(bound)).add(prefix);
    }
    const here = own ?? bound;
    const needed: string[] = [];
    const need = (prefix: string) => {
      if (here.has(prefix) || needed.includes(prefix)) return;
      outer ??= outerBindings(el);
      const uri = outer.get(prefix);
      // an unbound prefix stays as written; an unprefixed name with no default namespace needs nothing
      if (uri === undefined || (prefix === '' && uri === '')) return;
      needed.push(prefix);
    };
    need(e.prefix);
    for (const a of e.attributes) if (a.prefix && a.prefix !== 'xmlns' && a.prefix !== 'xml') need(a.prefix);
    let next = here;
    if (needed.length) {
      inserts.push({
        at: e.nameSpan.end - el.span.start,
        decls: needed.map((p) => declaration(p, outer!.get(p)!)),
      });
      next = new Set(here);
      for (const p of needed) (next as Set<string>).add(p);
    }
    for (const c of e.children) if (c.kind === 'element') walk(c, next);
  };
  walk(el, new Set());
  if (inserts.length === 0) return cdataAsText(src);
  let out = '';
  let pos = 0;
  for (const ins of inserts) {
    out += `${src.slice(pos, ins.at)} ${ins.decls.join(' ')}`;
    pos = ins.at;
  }
  return cdataAsText(out + src.slice(pos));
}

/**
 * MI reads its configuration with Axiom's coalescing parsers (StAXUtils sets IS_COALESCING; the deployers' and
 * AXIOMUtil's StAXOMBuilder), so a CDATA section of a config fragment is text, merged with the text around it, and
 * the fragment copied into a message (a payloadFactory format, an enrich or property inline element, a local entry)
 * writes it escaped: the sections become escaped text here (comments left alone).
 */
function cdataAsText(s: string): string {
  if (!s.includes('<![CDATA[')) return s;
  let out = '';
  let i = 0;
  for (;;) {
    const c = s.indexOf('<![CDATA[', i);
    if (c < 0) break;
    const comment = s.indexOf('<!--', i);
    if (comment >= 0 && comment < c) {
      const end = s.indexOf('-->', comment + 4);
      if (end < 0) break;
      out += s.slice(i, end + 3);
      i = end + 3;
      continue;
    }
    const end = s.indexOf(']]>', c + 9);
    if (end < 0) break;
    out +=
      s.slice(i, c) +
      s
        .slice(c + 9, end)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
    i = end + 3;
  }
  return out + s.slice(i);
}
