import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scanRoot, scanRootTag } from '../../core/car/scan';
import { attrValue, parseXml } from '../../core/xml';

const SYN = 'http://ws.apache.org/ns/synapse';

/** What the full parser says of a document: no error and its root, or undefined. */
function fullParse(text: string) {
  const doc = parseXml(text);
  if (doc.problems.some((p) => p.severity === 'error') || !doc.root) return undefined;
  return doc.root;
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else if (p.endsWith('.xml')) out.push(p);
  }
  return out;
}

/** Documents built from pieces that are sometimes well-formed and sometimes not. */
function documents() {
  // documents built from pieces that are sometimes well-formed and sometimes not
  // mostly good pieces, sometimes a bad one
  const pick = <T>(good: T[], bad: T[]) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...good), weight: 12 },
      { arbitrary: fc.constantFrom(...bad), weight: 1 },
    );
  const name = pick(['a', 'b', 'log', 'p:x', 'sequence', 'x-y.z'], ['q:', ':q', '1a', 'é', 'zz:y']);
  const value = pick(
    ['v', '', 'a&amp;b', '&#65;', '&#x10FFFF;', "it's", 'a > b'],
    ['&#x110000;', 'a<b', 'a&b', '&foo;', '&#0;', '"'],
  );
  const attr = fc
    .tuple(
      pick(['name', 'key', 'xmlns', 'xmlns:p', 'p:k', 'version'], ['name ', 'a b']),
      value,
      fc.constantFrom('"', "'"),
      pick([' ', '  ', '\n'], ['']),
    )
    .map(([n, v, q, sp]) => `${sp}${n}=${q}${v}${q}`);
  const text = pick(
    ['', 'hi', ' ', 'a &amp; b', '&lt;', '>', ']]>', '\n  '],
    ['a & b', '&unknown;', 'a < b'],
  );
  const misc = pick(
    ['', '', '<!-- c -->', '<!-- a -- b -->', '<?pi x?>', '<![CDATA[<x>]]>'],
    ['<!-->', '<?xml version="1.0"?>', '<!DOCTYPE a>', '<?pi a>b?>'],
  );
  const el: fc.Memo<string> = fc.memo((depth) =>
    fc
      .tuple(
        name,
        fc.array(attr, { maxLength: 3 }),
        fc.boolean(),
        depth > 1
          ? fc.array(fc.oneof(el(depth - 1), text, misc), { maxLength: 3 })
          : fc.array(text, { maxLength: 1 }),
        pick(['match', 'space'], ['other', 'none']),
      )
      .map(([n, attrs, self, kids, close]) => {
        const open = `<${n}${attrs.join('')}`;
        if (self && kids.length === 0) return `${open}/>`;
        const end =
          close === 'match' ? `</${n}>` : close === 'space' ? `</${n} >` : close === 'other' ? '</zz>' : '';
        return `${open}>${kids.join('')}${end}`;
      }),
  );
  const doc = fc
    .tuple(
      pick(['', '<?xml version="1.0" encoding="UTF-8"?>\n'], [' ']),
      misc,
      el(4),
      misc,
      pick(['', '\n'], ['x', '<b/>']),
    )
    .map(([decl, m1, root, m2, tail]) => `${decl}${m1}${root}${m2}${tail}`);
  return doc;
}

describe('fast root scan for packaging (core/car/scan.ts)', () => {
  it('reads the root name, namespace and decoded attributes of a plain document', () => {
    const r = scanRoot(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<api xmlns="http://ws.apache.org/ns/synapse" name="A&amp;B&#x41;" context=\'/x\'>\n' +
        '  <resource methods="GET"><inSequence><log/><![CDATA[ <not a tag> ]]></inSequence></resource>\n</api>\n',
    );
    assert.ok(r);
    assert.equal(r.local, 'api');
    assert.equal(r.ns, SYN);
    assert.equal(r.attributes.get('name'), 'A&BA');
    assert.equal(r.attributes.get('context'), '/x');
    const p = scanRoot('<s:sequence xmlns:s="http://ws.apache.org/ns/synapse" name="S"/>');
    assert.deepEqual([p?.local, p?.prefix, p?.ns], ['sequence', 's', SYN]);
  });

  it('leaves every document that is not plain to the full parser', () => {
    for (const bad of [
      '<sequence name="S">\n  <log>\n</sequence>', // missing end tag
      '<a></b>',
      '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      '<a>&nbsp;</a>',
      '<a b="1" b="2"/>',
      '<a b="1"c="2"/>',
      '<a b = "1"/>',
      '<a b="<"/>',
      '<p:a/>', // undeclared prefix
      '<a/><b/>',
      'text<a/>',
      '<a/>text',
      ' <?xml version="1.0"?><a/>',
      '<a><!-- unterminated </a>',
      '<a><![CDATA[ x </a>',
      '<!--><a/>',
      '<?pi a>b?><a/>',
      '<a>&#0;</a>',
      '<a>x & y</a>',
      '<été/>',
      '<a',
      '',
    ]) {
      assert.equal(scanRoot(bad), undefined, bad);
    }
  });

  it('accepts only what the full parser accepts without an error, with the same root (generated documents)', () => {
    const doc = documents();
    let accepted = 0;
    fc.assert(
      fc.property(doc, (d) => {
        const s = scanRoot(d);
        if (!s) return true;
        accepted++;
        const full = fullParse(d);
        assert.ok(full, `scan accepted a document the parser refuses: ${JSON.stringify(d)}`);
        assert.equal(s.local, full.local);
        assert.equal(s.ns, full.ns);
        for (const [k, v] of s.attributes) assert.equal(v, attrValue(full, k), k);
        assert.equal(s.attributes.size, full.attributes.length);
        return true;
      }),
      { numRuns: 3000, seed: 5 },
    );
    // the generator must exercise the accepting side too
    assert.ok(accepted > 300, `only ${accepted} generated documents were plain`);
  });

  it('reads the root from the head alone as the parser does, whatever follows (scanRootTag, generated documents)', () => {
    let accepted = 0;
    let brokenBody = 0;
    fc.assert(
      fc.property(documents(), (d) => {
        const s = scanRootTag(d);
        const whole = scanRoot(d);
        // a document the whole-text scan accepts has a plain head, read the same way
        if (whole) assert.deepEqual(s, whole);
        if (!s) return true;
        accepted++;
        const doc = parseXml(d);
        if (doc.problems.some((p) => p.severity === 'error')) brokenBody++;
        const root = doc.root;
        assert.ok(root, `no root for ${JSON.stringify(d)}`);
        assert.equal(s.local, root.local, d);
        assert.equal(s.prefix, root.prefix, d);
        assert.equal(s.ns, root.ns, d);
        assert.equal(s.attributes.size, root.attributes.length, d);
        for (const [k, v] of s.attributes) assert.equal(v, attrValue(root, k), `${k} in ${d}`);
        return true;
      }),
      { numRuns: 3000, seed: 7 },
    );
    assert.ok(accepted > 1000, `only ${accepted} generated heads were plain`);
    // and the generator gave broken bodies behind plain heads
    assert.ok(brokenBody > 100, `only ${brokenBody} broken bodies behind a plain head`);
  });

  it('accepts the real configurations of the shared corpus and the fixtures as the parser reads them', () => {
    const root = join(__dirname, '..', '..');
    const files = [
      ...filesUnder(join(root, 'test', 'fixtures', 'deploy')),
      ...filesUnder(join(root, 'examples')),
      ...filesUnder('/work/shared/corpus'),
    ];
    let plain = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      const s = scanRoot(text);
      const full = fullParse(text);
      if (s) {
        plain++;
        assert.ok(full, f);
        assert.equal(s.local, full.local, f);
        assert.equal(s.ns, full.ns, f);
        assert.equal(s.attributes.get('name'), attrValue(full, 'name'), f);
      }
    }
    // most real files are plain: the fast path is the common one
    assert.ok(plain >= files.length * 0.8, `${plain} of ${files.length} plain`);
  });
});
