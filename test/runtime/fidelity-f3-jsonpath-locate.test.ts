/**
 * The JSONPath locations enrich's remove deletes (compileJsonPathEdit: locate + deleteRefs) agree with what the
 * same path reads (navigate), and deleting them leaves nothing for the path to find (a property over random JSON).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileJsonPathEdit } from '../../runtime-debug/engine/expr/compile';
import type { EvalContext } from '../../runtime-debug/engine/expr/context';
import { deleteRefs } from '../../runtime-debug/engine/expr/jsonnav';

// the paths only use the payload given to them: no message is needed
const ctx = {} as EvalContext;

const PATHS = [
  '$.a',
  '$.a.b',
  '$.list[*]',
  '$.list[*].b',
  '$.list[0]',
  '$.list[-1]',
  '$.list[1:3]',
  '$.list[0,2]',
  '$..b',
  '$..*',
  '$.list[?(@.n > 2)]',
  "$['a','c']",
  '$.*',
];

const leaf = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('x', 'y', true, null));
const item = fc.record(
  { n: fc.integer({ min: 0, max: 5 }), b: leaf, c: fc.array(leaf, { maxLength: 3 }) },
  { requiredKeys: [] },
);
const doc = fc.record(
  {
    a: fc.oneof(leaf, fc.record({ b: leaf }, { requiredKeys: [] })),
    c: leaf,
    list: fc.array(item, { maxLength: 5 }),
  },
  { requiredKeys: [] },
);

function asList(r: { value: unknown; multi: boolean }): unknown[] {
  if (r.multi) return r.value as unknown[];
  return r.value === undefined ? [] : [r.value];
}

describe('runtime fidelity (F3): JSONPath locations for remove', () => {
  it('locate finds what the path reads, in the same order', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom(...PATHS), (d, path) => {
        const p = compileJsonPathEdit(path);
        const read = asList(p.read(ctx, d));
        const located = p.locate(ctx, d).map((r) => r.value);
        assert.deepEqual(located, read, path);
      }),
      { numRuns: 300 },
    );
  });

  // (an index path finds the next item after a removal: only name, wildcard, filter and deep paths here)
  const NO_INDEX = PATHS.filter((p) => !/\[-?\d/.test(p));
  it('after deleting the located values the path finds nothing (filters and deep scans included)', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom(...NO_INDEX), (d, path) => {
        const p = compileJsonPathEdit(path);
        const before = p.locate(ctx, d).filter((r) => r.holder !== undefined).length;
        const gone = deleteRefs(p.locate(ctx, d));
        assert.ok(gone <= before, `${path}: removed ${gone} of ${before}`);
        // deep wildcard / wildcard over objects whose values are themselves matched: nothing is left to find
        assert.deepEqual(
          p.locate(ctx, d).filter((r) => r.holder !== undefined),
          [],
          `${path} on ${JSON.stringify(d)}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('array items are removed together, not shifted by earlier removals', () => {
    const d = { list: ['p', 'q', 'r', 's', 't'] };
    deleteRefs(compileJsonPathEdit('$.list[0,2,4]').locate(ctx, d));
    assert.deepEqual(d, { list: ['q', 's'] });
  });
});
