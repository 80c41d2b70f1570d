/**
 * A synchronous, bounded reader of an in-memory zip, for the readers that cannot wait for yauzl (validation's
 * connector descriptors, core/project/connectors.ts; the data services' Excel workbooks,
 * runtime-debug/engine/dataservices/excel.ts). The central directory is walked once when the zip is opened (a zip64
 * archive, a directory or an entry lying outside the file, a broken directory entry and, when the caller asks, an
 * unsafe entry name or more entries than it allows are refused); an entry is inflated only when it is read, capped
 * by inflateRawSync's maxOutputLength (a lying header cannot make a bomb), all the entries read together at most the
 * caller's total. Encrypted entries are left out. Every refusal is a ZipError whose message the caller puts after
 * its own words about the file.
 */
import { inflateRawSync } from 'node:zlib';

/** Why a zip, or one of its entries, cannot be read. */
export class ZipError extends Error {}

/**
 * Why an entry name could escape an extraction folder (a zip slip: `..`, an absolute path, a drive letter, a
 * backslash, NUL) or names nothing, or undefined when it is fine. The CAR reader (core/car/unzip.ts) uses it too.
 */
export function unsafeEntryName(name: string): string | undefined {
  if (!name) return 'empty name';
  if (name.includes('\0')) return 'NUL in name';
  if (name.includes('\\')) return 'backslash in name';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  if (name.split('/').some((s) => s === '..')) return "'..' segment";
  return undefined;
}

export interface ZipOptions {
  /** The entries kept (default: all). */
  want?: (name: string) => boolean;
  /** Most entries the central directory may list. */
  maxEntries?: number;
  /** Refuse the zip when an entry's name could escape an extraction folder. */
  refuseUnsafeNames?: boolean;
  /** Most bytes one kept entry may have (its declared size, and what it inflates to). */
  maxEntryBytes?: number;
  /** Most bytes the entries read may have together. */
  maxTotalBytes: number;
  /** What the entries are, in messages (default: entry, entries). */
  noun?: readonly [one: string, many: string];
}

export interface ZipEntries {
  /** The kept entries' names, in the central directory's order. */
  names(): IterableIterator<string>;
  has(name: string): boolean;
  /** The entry's bytes, inflated on the first read (undefined: no such kept entry). */
  read(name: string): Buffer | undefined;
}

interface Stored {
  method: number;
  data: Buffer;
}

/** Opens a zip held in `buf`. Throws ZipError when it cannot be read. */
export function openZip(buf: Buffer, o: ZipOptions): ZipEntries {
  const fail = (m: string): never => {
    throw new ZipError(m);
  };
  const [one, many] = o.noun ?? ['entry', 'entries'];
  // end of central directory: the last 22 bytes, or up to 64 KiB earlier with a comment
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0 && i >= buf.length - 22 - 0xffff; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) fail('zip64 archives are not read');
  if (o.maxEntries !== undefined && count > o.maxEntries)
    fail(`more than ${o.maxEntries} entries (${count})`);
  if (cdOffset + cdSize > buf.length) fail('the central directory lies outside the file');
  const entries = new Map<string, Stored>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) fail('a broken central directory entry');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    // (UTF-8 with or without the language encoding flag, as java.util.zip.ZipFile's default charset reads names)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (o.refuseUnsafeNames && unsafeEntryName(name) !== undefined)
      fail(`unsafe entry name '${name}' (it would escape the folder it is extracted to)`);
    if ((o.want && !o.want(name)) || flags & 1) continue;
    if (o.maxEntryBytes !== undefined && size > o.maxEntryBytes)
      fail(`entry '${name}' is ${size} bytes, more than the ${o.maxEntryBytes} a ${one} may have`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
      fail(`entry '${name}' has no local header`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compSize > buf.length) fail(`entry '${name}' lies outside the file`);
    entries.set(name, { method, data: buf.subarray(start, start + compSize) });
  }
  const entryMax = o.maxEntryBytes ?? Infinity;
  let left = o.maxTotalBytes;
  const inflated = new Map<string, Buffer>();
  const tooMuch = () => fail(`its ${many} inflate to more than ${o.maxTotalBytes} bytes`);
  const read = (name: string): Buffer | undefined => {
    const done = inflated.get(name);
    if (done) return done;
    const e = entries.get(name);
    if (!e) return undefined;
    // the cap: the entry's own, or what the total leaves (whichever is smaller says why it stopped)
    const cap = Math.min(entryMax, left);
    let out: Buffer;
    if (e.method === 0) {
      out = e.data;
      if (out.length > cap)
        return out.length > entryMax
          ? fail(`entry '${name}' is ${out.length} bytes, more than the ${entryMax} a ${one} may have`)
          : tooMuch();
    } else if (e.method !== 8) return fail(`entry '${name}' uses compression method ${e.method}`);
    else
      try {
        out = inflateRawSync(e.data, { maxOutputLength: Math.max(1, cap) });
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE')
          return fail(`entry '${name}' cannot be inflated (${(err as Error).message})`);
        return entryMax <= left
          ? fail(`entry '${name}' does not inflate within ${entryMax} bytes`)
          : tooMuch();
      }
    left -= out.length;
    inflated.set(name, out);
    return out;
  };
  return { names: () => entries.keys(), has: (name) => entries.has(name), read };
}
