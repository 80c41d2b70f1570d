/**
 * Every code the embedded runtime reports when it loads a configuration (`'RT_…'` in runtime-debug/) is documented
 * in docs/diagnostics.md's "Runtime load codes" table, and the table lists no code the runtime no longer reports.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('runtime load codes are documented (docs/diagnostics.md)', () => {
  it('the table lists exactly the RT_ codes the runtime reports', () => {
    const used = new Set<string>();
    for (const f of sources(join(ROOT, 'runtime-debug')))
      for (const m of readFileSync(f, 'utf8').matchAll(/'(RT_[A-Z_]+)'/g)) used.add(m[1]);
    const doc = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    const at = doc.indexOf('## Runtime load codes');
    assert.ok(at >= 0, 'no "Runtime load codes" section');
    const section = doc.slice(at, doc.indexOf('\n## ', at + 1) >>> 0);
    const documented = new Set([...section.matchAll(/^\| `(RT_[A-Z_]+)` \| (error|warning) \|/gm)].map((m) => m[1]));
    assert.ok(used.size > 40, `only ${used.size} codes found: the scan is broken`);
    assert.deepEqual(
      [...used].filter((c) => !documented.has(c)).sort(),
      [],
      'reported by the runtime but not documented',
    );
    assert.deepEqual(
      [...documented].filter((c) => !used.has(c)).sort(),
      [],
      'documented but no longer reported',
    );
  });
});
