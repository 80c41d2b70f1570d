/**
 * The synchronous zip reader shared by connector descriptors (validate) and Excel workbooks (data services),
 * core/zip.ts: entries inflated when read, the caller's limits, refusals as ZipError.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeZip } from '../../core/car/zipwrite';
import { openZip, ZipError } from '../../core/zip';

const text = (s: string) => Buffer.from(s.repeat(50), 'utf8');

describe('core/zip.ts: the synchronous zip reader (connector descriptors, Excel workbooks)', () => {
  it('lists the wanted entries and inflates each when first read, once', () => {
    const zip = openZip(
      writeZip([
        { path: 'a/one.xml', data: text('<one/>') },
        { path: 'b.bin', data: randomBytes(64) },
        { path: 'a/two.xml', data: text('<two/>') },
      ]),
      { want: (n) => n.endsWith('.xml'), maxTotalBytes: 1 << 20 },
    );
    assert.deepEqual([...zip.names()], ['a/one.xml', 'a/two.xml']);
    assert.equal(zip.has('b.bin'), false);
    assert.equal(zip.read('b.bin'), undefined);
    const one = zip.read('a/one.xml')!;
    assert.equal(one.toString(), '<one/>'.repeat(50));
    assert.equal(zip.read('a/one.xml'), one);
  });

  it("counts stored and deflated entries against the caller's total, and refuses an entry above its own limit", () => {
    const buf = writeZip([
      { path: 'stored.bin', data: randomBytes(3000) },
      { path: 'big.xml', data: text('<x>padding</x>') },
    ]);
    const parts = openZip(buf, { maxTotalBytes: 2000, noun: ['part', 'parts'] });
    assert.throws(
      () => parts.read('stored.bin'),
      (e: Error) => e instanceof ZipError && e.message === 'its parts inflate to more than 2000 bytes',
    );
    assert.equal(parts.read('big.xml')!.length, 700);
    assert.throws(
      () =>
        openZip(buf, {
          want: (n) => n.endsWith('.xml'),
          maxEntryBytes: 500,
          maxTotalBytes: 1 << 20,
          noun: ['descriptor', 'descriptors'],
        }),
      /entry 'big\.xml' is 700 bytes, more than the 500 a descriptor may have/,
    );
  });

  it('refuses zip64, an unsafe name when asked, and an unknown compression method when the entry is read', () => {
    const buf = writeZip([{ path: '../up.xml', data: text('<u/>') }]);
    assert.throws(
      () => openZip(buf, { refuseUnsafeNames: true, maxTotalBytes: 1 << 20 }),
      (e: Error) => e instanceof ZipError && /unsafe entry name '\.\.\/up\.xml'/.test(e.message),
    );
    const cd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const odd = Buffer.from(buf);
    odd.writeUInt16LE(12, cd + 10);
    const zip = openZip(odd, { maxTotalBytes: 1 << 20 });
    assert.throws(() => zip.read('../up.xml'), /entry '\.\.\/up\.xml' uses compression method 12/);
    const z64 = Buffer.from(buf);
    z64.writeUInt16LE(0xffff, z64.length - 22 + 10);
    assert.throws(() => openZip(z64, { maxTotalBytes: 1 << 20 }), /zip64 archives are not read/);
  });
});
