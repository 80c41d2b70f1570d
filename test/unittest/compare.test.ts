import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertEqualsMatch, normalizeForAssert } from '../../runtime-debug/unittest';
import { javaDoubleToString as javaDouble } from '../../runtime-debug/engine/expr/values';

describe('assertEquals comparison (MI normal form)', () => {
  it('XML: formatting, attribute order, the declaration and empty-element forms do not matter', () => {
    const a = '<?xml version="1.0" encoding="UTF-8"?>\n<r b="2" a="1">\n  <x></x>\n  <y>t</y>\n</r>';
    const b = '<r a="1" b="2"><x/><y>t</y></r>';
    assert.equal(normalizeForAssert(a), '<ra="1"b="2"><x/><y>t</y></r>');
    assert.ok(assertEqualsMatch(a, b));
  });

  it('XML: a different value, element or namespace is a mismatch', () => {
    assert.ok(!assertEqualsMatch('<r a="1"/>', '<r a="2"/>'));
    assert.ok(!assertEqualsMatch('<r><x/></r>', '<r><y/></r>'));
    assert.ok(!assertEqualsMatch('<r xmlns="urn:a"/>', '<r xmlns="urn:b"/>'));
    // element text: whitespace is removed everywhere, as MI does
    assert.ok(assertEqualsMatch('<r>Hello World</r>', '<r>HelloWorld</r>'));
  });

  it('XML: escaped text, CDATA content and an empty default namespace compare by value', () => {
    assert.ok(assertEqualsMatch('<r>a &lt; b</r>', '<r><![CDATA[a < b]]></r>'));
    assert.ok(assertEqualsMatch('<r><x xmlns="">1</x></r>', '<r><x>1</x></r>'));
  });

  it('a <![CDATA[ wrapper around the whole value is removed', () => {
    assert.equal(normalizeForAssert('  <![CDATA[ {"a": 1} ]]>  '), '{"a":1.0}');
  });

  it('JSON objects: key order, whitespace and 35 vs 35.0 do not matter; nulls are dropped', () => {
    assert.equal(
      normalizeForAssert('{"b": {"z": 1, "y": [3, 2]}, "a": "x y", "n": null}'),
      '{"a":"xy","b":{"y":[3.0,2.0],"z":1.0}}',
    );
    assert.ok(assertEqualsMatch('{"total": 35}', '{ "total" : 35.0 }'));
    assert.ok(!assertEqualsMatch('{"total": 35}', '{"total": "35"}'));
    assert.ok(!assertEqualsMatch('{"a": [1, 2]}', '{"a": [2, 1]}'));
  });

  it('JSON strings are written as Gson writes them (HTML-safe escapes)', () => {
    assert.equal(normalizeForAssert('{"h": "<b>&\'="}'), '{"h":"\\u003cb\\u003e\\u0026\\u0027\\u003d"}');
  });

  it('a JSON array and plain text are compared as written, without whitespace', () => {
    assert.equal(normalizeForAssert('[ 1, 2 ]'), '[1,2]');
    assert.ok(!assertEqualsMatch('[1.0]', '[1]'));
    assert.equal(normalizeForAssert('  hello\n world '), 'helloworld');
    assert.equal(normalizeForAssert('<not xml'), '<notxml');
  });

  it('numbers print as Java doubles', () => {
    assert.deepEqual([35, 0.4, 10.5, 1e7, 12345678, 1.5e-4, -2, 0].map(javaDouble), [
      '35.0',
      '0.4',
      '10.5',
      '1.0E7',
      '1.2345678E7',
      '1.5E-4',
      '-2.0',
      '0.0',
    ]);
  });

  it('property: a JSON object equals itself with shuffled keys and other whitespace', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 6 }),
          fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 6 })),
        ),
        (o) => {
          const reversed = Object.fromEntries(Object.entries(o).reverse());
          return assertEqualsMatch(JSON.stringify(o), JSON.stringify(reversed, null, 3));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: XML attributes in any order compare equal', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1 }),
        fc.string({ maxLength: 5 }),
        (names, v) => {
          const esc = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
          const attrs = names.map((n) => `${n}="${esc}"`);
          return assertEqualsMatch(`<r ${attrs.join(' ')}/>`, `<r ${[...attrs].reverse().join('  ')}></r>`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
