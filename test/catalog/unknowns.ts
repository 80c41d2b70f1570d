/** Lists what the catalog does not know in a document (test helper, also handy from a script over many files). */
import { parseXml } from '../../core/xml';
import {
  artifactForRoot,
  conditionViolations,
  configRootDecl,
  isKnownAttribute,
  walkWithDecls,
} from '../../core/catalog';

/** Every element and attribute of a document that the catalog does not know at its place. */
export function unknownsIn(text: string): string[] {
  const doc = parseXml(text);
  const out: string[] = [];
  const root = doc.root;
  if (!root) return ['<no root>'];
  if (!artifactForRoot(root) && !configRootDecl(root)) out.push(`root <${root.local}> is no artifact`);
  walkWithDecls(root, (el, decl, res) => {
    const path = pathOf(el);
    if (res.status === 'unknown') out.push(`unknown element ${path}`);
    if (res.status === 'orphan') return false;
    if (res.wrongNamespace) out.push(`wrong namespace ${path} (${el.ns})`);
    if (!decl) return;
    for (const a of el.attributes)
      if (!isKnownAttribute(decl, a)) out.push(`unknown attribute ${path}/@${a.name}`);
    for (const v of conditionViolations(el, decl)) {
      for (const m of v.missing) out.push(`${path}: ${v.rule.when.join('=')} needs @${m}`);
      for (const f of v.forbidden) out.push(`${path}: ${v.rule.when.join('=')} forbids @${f}`);
    }
    if (decl.content !== 'any' && decl.content !== 'text' && decl.text === undefined && !decl.openContent) {
      for (const c of el.children)
        if ((c.kind === 'text' || c.kind === 'cdata') && c.value.trim()) out.push(`text in ${path}`);
    }
  });
  return out;
}

function pathOf(el: { local: string; parent?: { local: string; parent?: unknown } }): string {
  const parts: string[] = [];
  let e: any = el;
  while (e) {
    parts.unshift(e.local);
    e = e.parent;
  }
  return parts.join('/');
}
