/**
 * Re-serializes a positioned config element as a standalone XML string, declaring the ancestor namespaces the
 * fragment uses (its prefixes, and the default namespace for unprefixed elements).
 */
import type { XmlElement } from '../../core/xml';

export function serializeSource(text: string, el: XmlElement): string {
  const src = text.slice(el.span.start, el.span.end);
  const used = new Set<string>();
  const stack: XmlElement[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    used.add(e.prefix ? `xmlns:${e.prefix}` : 'xmlns');
    for (const a of e.attributes)
      if (a.prefix && a.prefix !== 'xmlns' && a.prefix !== 'xml') used.add(`xmlns:${a.prefix}`);
    for (const c of e.children) if (c.kind === 'element') stack.push(c);
  }
  const decls: string[] = [];
  const seen = new Set(
    el.attributes.filter((a) => a.prefix === 'xmlns' || a.name === 'xmlns').map((a) => a.name),
  );
  for (let p = el.parent; p; p = p.parent) {
    for (const a of p.attributes) {
      if ((a.prefix === 'xmlns' || a.name === 'xmlns') && !seen.has(a.name)) {
        seen.add(a.name);
        if (used.has(a.name))
          decls.push(`${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
      }
    }
  }
  if (decls.length === 0) return src;
  const m = /^<[^\s/>]+/.exec(src);
  if (!m) return src;
  return `${m[0]} ${decls.join(' ')}${src.slice(m[0].length)}`;
}
