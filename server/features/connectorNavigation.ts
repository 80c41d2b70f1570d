/**
 * Connections in navigation: a local entry holding `<x.init>` names itself in the connection's `<name>` (WSO2's
 * tooling writes the key there; the HTTP connector names the endpoint it deploys for the connection after it:
 * HTTPConnectionUtils.generateHTTPEndpointOMElement). Renaming the key renames that `<name>` too when it was the key.
 */
import type { ArtifactSymbol, FileModel } from '../../core/project/model';
import type { Span } from '../../core/xml';
import { childElements } from '../../core/xml/query';

/** The spans of `<name>` texts equal to `key` in the connections (`<x.init>`) a local entry holds. */
export function connectionNameSpans(model: FileModel | undefined, decl: ArtifactSymbol, key: string): Span[] {
  const root = model?.doc.root;
  if (!root || decl.kind !== 'localEntry' || root !== decl.element) return [];
  const out: Span[] = [];
  for (const init of childElements(root)) {
    if (!init.local.endsWith('.init') || init.local.indexOf('.') <= 0) continue;
    for (const p of childElements(init)) {
      if (p.local !== 'name') continue;
      // one text child holding the key, blanks around it allowed
      const texts = p.children.filter((c) => c.kind === 'text');
      if (texts.length !== 1 || p.children.length !== 1) continue;
      const raw = model!.text.slice(texts[0].span.start, texts[0].span.end);
      if (raw.trim() !== key) continue;
      const start = texts[0].span.start + raw.indexOf(key);
      out.push({ start, end: start + key.length });
    }
  }
  return out;
}
