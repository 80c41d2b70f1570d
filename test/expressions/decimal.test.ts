/** The fast decimal path (safe integers) gives exactly what the BigInt BigDecimal path gives. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  addDoubles,
  decimalAdd,
  decimalMultiply,
  decimalOf,
  decimalSubtract,
  multiplyDoubles,
} from '../../runtime-debug/engine/expr/decimal';

const slow = {
  add: (a: number, b: number) => decimalAdd(decimalOf(a, true), decimalOf(b, true)),
  sub: (a: number, b: number) => decimalSubtract(decimalOf(a, true), decimalOf(b, true)),
  mul: (a: number, b: number) => decimalMultiply(decimalOf(a, true), decimalOf(b, true)),
};

// prices and quantities as configurations see them (a few decimals), and any finite double
const money = fc
  .integer({ min: -10_000_000, max: 10_000_000 })
  .chain((u) => fc.integer({ min: 0, max: 6 }).map((s) => u / 10 ** s));
const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 });

describe('decimal arithmetic of Synapse expressions: fast path = BigDecimal path', () => {
  for (const [name, arb] of [
    ['money', money],
    ['any double', anyDouble],
  ] as const) {
    it(`${name}: add, subtract, multiply`, () => {
      fc.assert(
        fc.property(arb, arb, (a, b) => {
          assert.equal(addDoubles(a, b), slow.add(a, b));
          assert.equal(addDoubles(a, b, true), slow.sub(a, b));
          assert.equal(multiplyDoubles(a, b), slow.mul(a, b));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('known cases', () => {
    assert.equal(addDoubles(0.1, 0.2), 0.3);
    assert.equal(addDoubles(8.95, 8.99), 17.94);
    assert.equal(addDoubles(2.5, 0.1, true), 2.4);
    assert.equal(multiplyDoubles(1.1, 3), 3.3);
    assert.equal(multiplyDoubles(2.5, 4), 10);
    assert.equal(multiplyDoubles(1e-7, 3), slow.mul(1e-7, 3)); // exponent form: the BigInt path
  });
});
