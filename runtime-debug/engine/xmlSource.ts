/** Re-serializes a positioned config element as a standalone XML string with the namespaces in scope declared. */
import type { XmlElement } from '../../core/xml';

export function serializeSource(text: string, el: XmlElement): string {
  const src = text.slice(el.span.start, el.span.end);
  // declare ancestor namespaces that the fragment may rely on
  const decls: string[] = [];
  const seen = new Set(el.attributes.filter((a) => a.prefix === 'xmlns' || a.name === 'xmlns').map((a) => a.name));
  for (let p = el.parent; p; p = p.parent) {
    for (const a of p.attributes) {
      if ((a.prefix === 'xmlns' || a.name === 'xmlns') && !seen.has(a.name)) {
        seen.add(a.name);
        decls.push(`${a.name}="${a.value.replace(/"/g, '&quot;')}"`);
      }
    }
  }
  if (decls.length === 0) return src;
  const m = /^<[^\s/>]+/.exec(src);
  if (!m) return src;
  return `${m[0]} ${decls.join(' ')}${src.slice(m[0].length)}`;
}
