/**
 * A small deterministic zip writer for CARs. Every entry's bytes are known up front, so each local header carries
 * its CRC-32 and sizes (no data descriptors: the most widely readable form, also by java.util.zip.ZipInputStream).
 * Entries are deflated synchronously (stored when deflating does not help), with a fixed DOS time (1980-01-01 00:00)
 * and Unix mode 0644.
 *
 * Speed: a CAR is thousands of small entries (artifact.xml files of ~200 bytes, Synapse files of a few KB). zlib's
 * cost per call is then dominated by setting up its default 32 KB window and 64 K-entry hash table, not by
 * compressing. Each entry is therefore deflated with a window sized to the entry (`windowBits` = the smallest that
 * holds the whole input plus zlib's look-ahead) and a matching `memLevel`: at the same level (6, as `zip -r`), a
 * window that already spans the whole input cannot miss a match, so the output is the same deflate stream as with
 * the defaults (test/deploy/zipwrite.test.ts checks this on random inputs), at about a quarter of the CPU.
 */
import { constants as zlibConstants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { CarError } from './errors';

export interface ZipInput {
  path: string;
  data: Buffer;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const MODE = 0o100644;
/** zlib's MIN_LOOKAHEAD: the largest match distance a window of 2^w bytes allows is 2^w - 262. */
const LOOKAHEAD = 262;

/** zlib parameters for deflating `n` bytes: the smallest window (9..15 bits) whose reach covers the whole input. */
export function deflateParams(n: number): { windowBits: number; memLevel: number } {
  let w = 9;
  while (w < 15 && (1 << w) - LOOKAHEAD < n) w++;
  // memLevel sizes the hash table (2^(memLevel+7)) and the symbol buffer (2^(memLevel+6)); w-6 keeps the symbol
  // buffer at least as large as the input, so block boundaries do not move either
  return { windowBits: w, memLevel: Math.min(8, Math.max(1, w - 6)) };
}

/** The parts of a node:zlib stream object a Deflater drives directly (present in Node 18-22; checked at run time). */
interface RawHandle {
  writeSync(
    flush: number,
    input: Buffer,
    inOff: number,
    inLen: number,
    out: Buffer,
    outOff: number,
    outLen: number,
  ): void;
  reset(): void;
}

/**
 * Deflates many small entries. node:zlib's one-shot `deflateRawSync` builds a whole Transform stream per call (about
 * 40 µs each on a cold process, more than compressing a 2 KB file); a Deflater keeps one zlib stream per window size
 * and drives its native handle directly: write everything with Z_FINISH into an output buffer the size of the input, then reset the stream for the next entry. Output that does not fit in fewer bytes than the input is not worth
 * deflating (the entry is stored). When the handle is not what we expect, every entry goes through `deflateRawSync` instead (same bytes).
 */
export class Deflater {
  private readonly streams = new Map<
    number,
    { stream: ReturnType<typeof createDeflateRaw>; handle: RawHandle; state: Uint32Array }
  >();
  /** False once the direct path has been found unusable (then `deflateRawSync` is used). */
  direct = true;

  constructor(private readonly level = 6) {}

  /** The deflated bytes, or undefined when deflating does not make the entry smaller (store it). */
  deflate(data: Buffer): Buffer | undefined {
    if (data.length < 2) return undefined;
    const { windowBits, memLevel } = deflateParams(data.length);
    if (this.direct) {
      const s = this.stream(windowBits, memLevel);
      if (s) {
        const out = Buffer.allocUnsafe(data.length);
        s.handle.writeSync(zlibConstants.Z_FINISH, data, 0, data.length, out, 0, out.length);
        const availOut = s.state[0];
        const availIn = s.state[1];
        s.handle.reset();
        // output buffer full (zlib ends with Z_STREAM_END only when room is left): the stream would be at least as
        // large as the input, so the entry is stored
        if (availOut === 0 || availIn !== 0) return undefined;
        return out.subarray(0, out.length - availOut);
      }
    }
    const d = deflateRawSync(data, { level: this.level, windowBits, memLevel });
    return d.length < data.length ? d : undefined;
  }

  private stream(windowBits: number, memLevel: number) {
    const key = windowBits * 16 + memLevel;
    let s = this.streams.get(key);
    if (!s) {
      const stream = createDeflateRaw({ level: this.level, windowBits, memLevel });
      const internals = stream as unknown as { _handle?: Partial<RawHandle>; _writeState?: unknown };
      const handle = internals._handle;
      const state = internals._writeState;
      if (
        !handle ||
        typeof handle.writeSync !== 'function' ||
        typeof handle.reset !== 'function' ||
        !(state instanceof Uint32Array) ||
        state.length < 2
      ) {
        stream.close();
        this.direct = false;
        return undefined;
      }
      s = { stream, handle: handle as RawHandle, state };
      this.streams.set(key, s);
    }
    return s;
  }

  close(): void {
    for (const s of this.streams.values()) s.stream.close();
    this.streams.clear();
  }
}

/** Raw deflate of one entry at `level`, with the window sized to the input (same stream as zlib's defaults). */
export function deflateEntry(data: Buffer, level = 6): Buffer {
  const { windowBits, memLevel } = deflateParams(data.length);
  return deflateRawSync(data, { level, windowBits, memLevel });
}

const NON_ASCII = /[^\x20-\x7e]/;

export function writeZip(entries: ZipInput[], level = 6): Buffer {
  if (entries.length > 0xffff)
    throw new CarError('CAR_TOO_MANY_ENTRIES', `${entries.length} entries (zip without ZIP64 holds 65,535)`);
  const n = entries.length;
  const names: Buffer[] = new Array(n);
  const bodies: Buffer[] = new Array(n);
  const crcs = new Uint32Array(n);
  const methods = new Uint8Array(n);
  let localSize = 0;
  let centralSize = 0;
  const deflater = new Deflater(level);
  try {
    for (let i = 0; i < n; i++) {
      const e = entries[i];
      if (e.data.length > 0xfffffffe || localSize > 0xfffffffe)
        throw new CarError('CAR_TOO_LARGE', 'archive over 4 GiB (ZIP64 is not written)');
      const name = Buffer.from(e.path, 'utf8');
      const deflated = deflater.deflate(e.data);
      names[i] = name;
      bodies[i] = deflated ?? e.data;
      methods[i] = deflated ? 8 : 0;
      crcs[i] = crc32(e.data);
      localSize += 30 + name.length + bodies[i].length;
      centralSize += 46 + name.length;
    }
  } finally {
    deflater.close();
  }
  if (localSize > 0xfffffffe)
    throw new CarError('CAR_TOO_LARGE', 'archive over 4 GiB (ZIP64 is not written)');
  // one buffer for the whole archive: local entries, central directory, end record
  const out = Buffer.alloc(localSize + centralSize + 22);
  let p = 0;
  let c = localSize;
  for (let i = 0; i < n; i++) {
    const name = names[i];
    const body = bodies[i];
    const size = entries[i].data.length;
    const utf8Flag = NON_ASCII.test(entries[i].path) ? 0x0800 : 0;
    const offset = p;
    out.writeUInt32LE(0x04034b50, p);
    out.writeUInt16LE(20, p + 4); // version needed: 2.0
    out.writeUInt16LE(utf8Flag, p + 6);
    out.writeUInt16LE(methods[i], p + 8);
    out.writeUInt16LE(DOS_TIME, p + 10);
    out.writeUInt16LE(DOS_DATE, p + 12);
    out.writeUInt32LE(crcs[i], p + 14);
    out.writeUInt32LE(body.length, p + 18);
    out.writeUInt32LE(size, p + 22);
    out.writeUInt16LE(name.length, p + 26);
    out.writeUInt16LE(0, p + 28);
    name.copy(out, p + 30);
    body.copy(out, p + 30 + name.length);
    p += 30 + name.length + body.length;

    out.writeUInt32LE(0x02014b50, c);
    out.writeUInt16LE((3 << 8) | 20, c + 4); // made by: Unix, 2.0
    out.writeUInt16LE(20, c + 6);
    out.writeUInt16LE(utf8Flag, c + 8);
    out.writeUInt16LE(methods[i], c + 10);
    out.writeUInt16LE(DOS_TIME, c + 12);
    out.writeUInt16LE(DOS_DATE, c + 14);
    out.writeUInt32LE(crcs[i], c + 16);
    out.writeUInt32LE(body.length, c + 20);
    out.writeUInt32LE(size, c + 24);
    out.writeUInt16LE(name.length, c + 28);
    // extra, comment, disk number, internal attributes: 0 (the buffer is zero-filled)
    out.writeUInt32LE((MODE << 16) >>> 0, c + 38);
    out.writeUInt32LE(offset, c + 42);
    name.copy(out, c + 46);
    c += 46 + name.length;
  }
  const end = c;
  out.writeUInt32LE(0x06054b50, end);
  out.writeUInt16LE(n, end + 8);
  out.writeUInt16LE(n, end + 10);
  out.writeUInt32LE(centralSize, end + 12);
  out.writeUInt32LE(localSize, end + 16);
  return out;
}
