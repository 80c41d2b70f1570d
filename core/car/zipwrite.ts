/**
 * A small deterministic zip writer for CARs. Every entry's bytes are known up front, so each local header carries
 * its CRC-32 and sizes (no data descriptors: the most widely readable form, also by java.util.zip.ZipInputStream).
 * Entries are deflated synchronously (stored when deflating does not help), with a fixed DOS time (1980-01-01 00:00)
 * and Unix mode 0644. Measured on a 1,200-artifact project (2,400 small entries): yazl's per-entry asynchronous
 * deflate took 1.3-2.6 s on this machine; this writer ~0.15 s, about `zip -r` speed.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { CarError } from './errors';

export interface ZipInput {
  path: string;
  data: Buffer;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const MODE = 0o100644;

export function writeZip(entries: ZipInput[], level = 6): Buffer {
  if (entries.length > 0xffff)
    throw new CarError('CAR_TOO_MANY_ENTRIES', `${entries.length} entries (zip without ZIP64 holds 65,535)`);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.path, 'utf8');
    const utf8Flag = /[^\x20-\x7e]/.test(e.path) ? 0x0800 : 0;
    const deflated = e.data.length ? deflateRawSync(e.data, { level }) : e.data;
    const useDeflate = deflated.length < e.data.length;
    const body = useDeflate ? deflated : e.data;
    const method = useDeflate ? 8 : 0;
    const crc = crc32(e.data);
    if (e.data.length > 0xfffffffe || offset > 0xfffffffe)
      throw new CarError('CAR_TOO_LARGE', 'archive over 4 GiB (ZIP64 is not written)');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(utf8Flag, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(utf8Flag, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(DOS_TIME, 12);
    cd.writeUInt16LE(DOS_DATE, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(e.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: 0
    cd.writeUInt32LE((MODE << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}
