/**
 * Session 15, review R1: java.util.Hashtable's elements() order (javaHashtableOrderBy), which the SwA part headers
 * follow (Axiom PartFactory.readHeaders keeps them in a Hashtable by lower-case name). Expected orders printed by
 * a JDK's Hashtable filled with the same keys.
 */
import assert from 'node:assert/strict';
import { javaHashtableOrderBy } from '../../runtime-debug/engine/javaHashOrder';

const order = (keys: string) => javaHashtableOrderBy(keys.split(' '), (k) => k.toLowerCase()).join(' ');

describe('oracle s15 (R1): Hashtable order of MIME part headers (Axiom PartFactory, AbstractPart.getAllHeaders)', () => {
  it('lists the last bucket first, a bucket newest first, and keeps a repeated name in its place', () => {
    assert.equal(
      order('Content-Type Content-Transfer-Encoding Content-ID Content-Description'),
      'Content-Type Content-Description Content-ID Content-Transfer-Encoding',
    );
    assert.equal(
      order(
        'a b c d e f g h i j k l m content-location X-Custom Content-Disposition Content-Type Content-ID',
      ),
      'X-Custom Content-ID Content-Disposition content-location Content-Type m l k j i h g f e d c b a',
    );
  });

  it('grows to 2n+1 buckets past its threshold (11 buckets: the ninth key) and rehashes from the last bucket down', () => {
    const keys = Array.from({ length: 21 }, (_, i) => `k${i + 1}`);
    assert.equal(
      order([...keys.slice(0, 20), 'K3', 'k21'].join(' ')),
      'k21 k20 k9 k8 k7 k6 k5 k4 K3 k2 k1 k19 k18 k17 k16 k15 k14 k13 k12 k11 k10',
    );
  });
});
