import { strict as assert } from 'node:assert';
import { CAR_KINDS, kindByType } from '../../core/car';
import { artifactDecls } from '../../core/catalog';

describe('CAR kinds and the catalog agree', () => {
  it('every catalog artifact with a CAR type has the same type, root element and folders in core/car', () => {
    const withType = artifactDecls().filter((d) => d.carType);
    assert.ok(withType.length >= 10);
    for (const d of withType) {
      const k = kindByType(d.carType);
      assert.ok(k, `no CAR kind for ${d.carType} (${d.kind})`);
      if (k.root) assert.equal(k.root, d.root, d.kind);
      for (const f of d.folders)
        assert.ok(
          f === k.folder || f === k.legacyFolder,
          `${d.kind}: folder ${f} unknown to core/car (${k.folder}, ${k.legacyFolder})`,
        );
    }
    for (const k of CAR_KINDS.filter((x) => x.root)) {
      assert.ok(
        withType.some((d) => d.carType === k.type),
        `${k.type} is not in the catalog`,
      );
    }
  });
});
