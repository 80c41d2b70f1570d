/**
 * The shared corpus of real configurations loads into the runtime: no load problems; features the embedded runtime
 * does not execute are reported as warnings (they load and fault only when used).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';

const CORPUS = '/work/shared/corpus';

describe('runtime: the shared corpus loads', () => {
  it('every corpus artifact compiles without problems', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml'));
    assert.ok(files.length > 20);
    // $SYSTEM: placeholders of the corpus resolve from this fake environment
    const env = new Proxy({} as Record<string, string>, { get: (_t, k) => `value-of-${String(k)}` });
    const rt = new Runtime({ httpPort: 0, env });
    const r = rt.deploy(files.map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') })));
    assert.deepEqual(
      r.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`),
      [],
    );
    for (const w of r.warnings)
      assert.match(
        w.code,
        /^RT_(UNSUPPORTED|UNSUPPORTED_ENDPOINT|EDITOR_ONLY|CONNECTOR|SIMULATED)$/,
        `${w.file}:${w.line} ${w.message}`,
      );
    assert.ok(r.artifacts.length >= files.length);
  });
});
