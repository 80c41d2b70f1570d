import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml } from '../../core/xml';
import { artifactForRoot, isDefinitionsRoot, isKnownAttribute, walkWithDecls } from '../../core/catalog';

const CORPUS = '/work/shared/corpus';

/** Every element and attribute of a document that the catalog does not know at its place. */
export function unknownsIn(text: string): string[] {
  const doc = parseXml(text);
  const out: string[] = [];
  const root = doc.root;
  if (!root) return ['<no root>'];
  if (!artifactForRoot(root) && !isDefinitionsRoot(root)) out.push(`root <${root.local}> is no artifact`);
  walkWithDecls(root, (el, decl, res) => {
    const path = pathOf(el);
    if (res.status === 'unknown') out.push(`unknown element ${path}`);
    if (res.status === 'orphan') return false;
    if (res.wrongNamespace) out.push(`wrong namespace ${path} (${el.ns})`);
    if (!decl) return;
    for (const a of el.attributes) if (!isKnownAttribute(decl, a)) out.push(`unknown attribute ${path}/@${a.name}`);
    if (decl.content !== 'any' && decl.content !== 'text' && decl.text === undefined && !decl.openContent) {
      for (const c of el.children) if ((c.kind === 'text' || c.kind === 'cdata') && c.value.trim()) out.push(`text in ${path}`);
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

if (typeof describe === "function") describe('catalog: the real configurations of the corpus', () => {
  if (!existsSync(CORPUS)) {
    console.log(`note: ${CORPUS} is absent; corpus test skipped`);
    return;
  }
  const files = readdirSync(CORPUS).filter((f) => /\.(xml|dbs)$/.test(f));
  it('has files to check', () => assert.ok(files.length > 20, `only ${files.length} files`));
  for (const f of files) {
    it(`knows every element and attribute of ${f}`, () => {
      assert.deepEqual(unknownsIn(readFileSync(join(CORPUS, f), 'utf8')), []);
    });
  }
  it('reports an unknown element and attribute (the check can fail)', () => {
    const u = unknownsIn(
      `<sequence xmlns="http://ws.apache.org/ns/synapse" name="s"><log levl="full"/><bogus/><filter xpath="true()"><then><respnd/></then></filter><drop>x</drop></sequence>`,
    );
    assert.deepEqual(u, [
      'unknown attribute sequence/log/@levl',
      'unknown element sequence/bogus',
      'unknown element sequence/filter/then/respnd',
      'text in sequence/drop',
    ]);
  });
});
