/**
 * Property test: JSON -> MI's XML view -> JSON gives the value back, for the values MI's rules can carry: arrays of
 * two or more (the view has no <?xml-multiple?>, so an array of one or none does not come back as an array).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonToXml, xmlToJson } from '../../runtime-debug/engine/jsonxml';
import { parsePayloadXml, serializeXml } from '../../runtime-debug/engine/payloadXml';

// strings that MI's auto-primitive conversion would not turn into numbers, booleans or null, never empty
const text = fc
  .stringMatching(/^[A-Za-z][A-Za-z .,_-]{0,11}$/)
  .filter((s) => s !== 'true' && s !== 'false' && s !== 'null' && s.trim() === s);
const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,7}$/);
const scalar = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.boolean(),
  fc.constant(null),
  text,
);

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown; obj: Record<string, unknown>; arr: unknown[] }>(
  (tie) => ({
    v: fc.oneof({ depthSize: 'small' }, scalar, tie('obj'), tie('arr')),
    obj: fc.dictionary(key, tie('v'), { minKeys: 1, maxKeys: 4 }),
    arr: fc.array(fc.oneof(scalar, tie('obj'), tie('arr')), { minLength: 2, maxLength: 4 }),
  }),
).v;

// plain objects (fast-check builds null-prototype dictionaries)
const rootObject = fc
  .dictionary(key, value, { minKeys: 1, maxKeys: 5 })
  .map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);

describe('runtime: JSON <-> XML round trip (property)', () => {
  it('xmlToJson(jsonToXml(v)) equals v for objects', () => {
    fc.assert(
      fc.property(rootObject, (v) => {
        assert.deepEqual(xmlToJson(jsonToXml(v)), v);
      }),
      { numRuns: 300 },
    );
  });
  it('a key that holds an escape-like run (_x0000_) comes back as it was (a case fast-check found)', () => {
    for (const v of [{ a: { a_x0000_: false } }, { _x0041_: 1, b_x005F_: 2, $_x0020_: 3 }]) {
      assert.deepEqual(xmlToJson(jsonToXml(v)), v);
      assert.deepEqual(xmlToJson(parsePayloadXml(serializeXml(jsonToXml(v))).documentElement!), v);
    }
  });
  it('the round trip survives serialization and secure re-parsing (the wire form)', () => {
    fc.assert(
      fc.property(rootObject, (v) => {
        const wire = serializeXml(jsonToXml(v));
        assert.deepEqual(xmlToJson(parsePayloadXml(wire).documentElement!), v);
      }),
      { numRuns: 200 },
    );
  });
});
