/** A raw zip writer for tests: lets us write entries that yazl would refuse (../, absolute, symlinks, lying sizes). */
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  data: Buffer | string;
  /** Unix mode (e.g. 0o120777 for a symlink). */
  mode?: number;
  deflate?: boolean;
  /** Override the uncompressed size written in the headers. */
  claimedSize?: number;
}

export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const body = e.deflate ? deflateRawSync(data) : data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const size = e.claimedSize ?? data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(e.deflate ? 8 : 0, 8);
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x21, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    locals.push(lh, name, body);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE((3 << 8) | 20, 4); // made by unix
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(e.deflate ? 8 : 0, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A minimal valid CAR (one sequence) plus extra raw entries. */
export function tinyCar(extra: RawEntry[] = [], name = 'Tiny', seq = 'TinySeq'): Buffer {
  return rawZip([
    {
      name: 'artifacts.xml',
      data: `<artifacts><artifact name="${name}" version="1.0.0" type="carbon/application"><dependency artifact="${seq}" version="1.0.0" include="true" serverRole="EnterpriseIntegrator"/></artifact></artifacts>`,
    },
    {
      name: `${seq}_1.0.0/artifact.xml`,
      data: `<artifact name="${seq}" version="1.0.0" type="synapse/sequence" serverRole="EnterpriseIntegrator"><file>${seq}-1.0.0.xml</file></artifact>`,
    },
    {
      name: `${seq}_1.0.0/${seq}-1.0.0.xml`,
      data: `<sequence xmlns="http://ws.apache.org/ns/synapse" name="${seq}"><log/></sequence>`,
    },
    ...extra,
  ]);
}
