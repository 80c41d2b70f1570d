import { strict as assert } from 'node:assert';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import * as yauzl from 'yauzl';
import { Deflater, deflateParams, writeZip } from '../../core/car/zipwrite';

/** Bytes with repeats at random distances (like text), from a seeded generator. */
function textLike(n: number, seed: number): Buffer {
  let s = seed || 1;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const b = Buffer.alloc(n);
  const alphabet = 2 + Math.floor(rnd() * 60);
  for (let i = 0; i < n;) {
    if (i > 8 && rnd() < 0.3) {
      const d = 1 + Math.floor(rnd() * Math.min(i, 6000));
      const len = 3 + Math.floor(rnd() * 150);
      for (let k = 0; k < len && i < n; k++, i++) b[i] = b[i - d];
    } else b[i++] = 32 + Math.floor(rnd() * alphabet);
  }
  return b;
}

describe('CAR zip writer (core/car/zipwrite.ts)', () => {
  it('sizes the zlib window to the entry, from 9 to 15 bits', () => {
    assert.deepEqual(deflateParams(10), { windowBits: 9, memLevel: 3 });
    assert.deepEqual(deflateParams(250), { windowBits: 9, memLevel: 3 });
    assert.deepEqual(deflateParams(251), { windowBits: 10, memLevel: 4 });
    assert.deepEqual(deflateParams(2000), { windowBits: 12, memLevel: 6 });
    assert.deepEqual(deflateParams(1 << 20), { windowBits: 15, memLevel: 8 });
  });

  it('deflates each entry to the same stream as zlib level 6 with its default window, through one reused stream', () => {
    const d = new Deflater(6);
    try {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 1, max: 1 << 30 }), (n, seed) => {
          const data = textLike(n, seed);
          const ours = d.deflate(data);
          const ref = deflateRawSync(data, { level: 6 });
          if (ref.length < data.length && n >= 2) {
            assert.ok(ours, `n=${n}: zlib deflates to ${ref.length}, we stored`);
            assert.ok(ours.equals(ref), `n=${n}: deflate stream differs from zlib's defaults`);
          } else assert.equal(ours, undefined, `n=${n}: not smaller, must be stored`);
          return true;
        }),
        { numRuns: 250, seed: 11 },
      );
      // random bytes do not compress: stored
      const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + ((i * i) >> 3)) & 0xff));
      const out = d.deflate(noise);
      if (out) assert.ok(inflateRawSync(out).equals(noise));
      // the direct path (one zlib stream per window size, reset between entries) is the one in use on this Node
      assert.equal(d.direct, true);
    } finally {
      d.close();
    }
  });

  it('writes a zip that a reader inflates back to the same bytes, stored and deflated entries alike', async () => {
    const entries = [
      { path: 'a.txt', data: Buffer.from('') },
      { path: 'b.txt', data: Buffer.from('x') },
      { path: 'dir/c.xml', data: textLike(5000, 3) },
      { path: 'dir/d.bin', data: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131) & 0xff)) },
      { path: 'e.xml', data: textLike(40000, 9) },
    ];
    const zip = writeZip(entries);
    const read = new Map<string, Buffer>();
    const methods = new Map<string, number>();
    const z = await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true });
    await new Promise<void>((resolve, reject) => {
      z.on('error', reject);
      z.on('end', () => resolve());
      z.on('entry', (e: yauzl.Entry) => {
        z.openReadStream(e, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            read.set(e.fileName, Buffer.concat(chunks));
            methods.set(e.fileName, e.compressionMethod);
            z.readEntry();
          });
        });
      });
      z.readEntry();
    });
    for (const e of entries) assert.ok(read.get(e.path)?.equals(e.data), e.path);
    assert.equal(methods.get('dir/c.xml'), 8);
    assert.equal(methods.get('b.txt'), 0);
    assert.ok(writeZip(entries).equals(zip), 'deterministic');
  });
});
