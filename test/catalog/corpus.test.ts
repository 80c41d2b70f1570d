import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseXml } from '../../core/xml';
import { artifactForRoot, isDefinitionsRoot } from '../../core/catalog';
import { unknownsIn } from './unknowns';

const CORPUS = '/work/shared/corpus';

describe('catalog: the real configurations of the corpus', () => {
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
});

describe('catalog: the unknowns check', () => {
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
    const c = unknownsIn(
      `<sequence xmlns="http://ws.apache.org/ns/synapse" name="s"><enrich><source type="property"/><target xpath="//a"/></enrich><foreach collection="\${payload.a}" counter-variable="i"><sequence/></foreach><foreach collection="\${payload.a}" parallel-execution="false" counter-variable="i"><sequence/></foreach></sequence>`,
    );
    assert.deepEqual(c, [
      'sequence/enrich/source: type=property needs @property',
      'sequence/foreach: parallel-execution=true forbids @counter-variable',
    ]);
  });
});

describe('catalog: the example projects of this repository', () => {
  const root = join(__dirname, '../../examples');
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || !existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'target' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (/\.(xml|dbs)$/.test(e.name) && e.name !== 'pom.xml') files.push(p);
    }
  };
  walk(root, 0);
  it('finds example files', () => assert.ok(files.length > 0));
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const doc = parseXml(text);
    if (!doc.root || (!artifactForRoot(doc.root) && !isDefinitionsRoot(doc.root))) continue;
    it(`knows every element and attribute of ${relative(root, f)}`, () =>
      assert.deepEqual(unknownsIn(text), []));
  }
});
