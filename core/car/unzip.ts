/**
 * Safe in-memory unzip for CARs (yauzl). Refuses entry names that could escape an extraction folder (`..`, absolute
 * paths, drive letters, backslashes, NUL), symlinks, too many entries, too many bytes (per entry and in total,
 * counted while inflating so a lying header cannot slip through), suspicious compression ratios, and corrupt archives.
 */
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { CarError } from './errors';
import { unsafeEntryName } from '../zip';

export interface UnzipLimits {
  maxEntries?: number; // default 10,000
  maxEntryBytes?: number; // default 64 MiB
  maxTotalBytes?: number; // default 256 MiB
  maxRatio?: number; // uncompressed/compressed per entry, default 200 (for entries above 1 MiB)
}

export const DEFAULT_UNZIP_LIMITS: Required<UnzipLimits> = {
  maxEntries: 10_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

export { unsafeEntryName };

export async function unzipCar(
  buf: Buffer,
  file: string,
  limits: UnzipLimits = {},
): Promise<Map<string, Buffer>> {
  const L = { ...DEFAULT_UNZIP_LIMITS, ...limits };
  let zip: ZipFile;
  try {
    // decodeStrings: false so that yauzl hands us the raw name and we give our own, precise refusal.
    zip = await new Promise<ZipFile>((res, rej) =>
      fromBuffer(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (e, z) =>
        e ? rej(e) : res(z!),
      ),
    );
  } catch (e) {
    throw new CarError('CAR_NOT_ZIP', `not a valid zip archive: ${(e as Error).message}`, file);
  }
  if (zip.entryCount > L.maxEntries) {
    zip.close();
    throw new CarError('CAR_TOO_MANY_ENTRIES', `${zip.entryCount} entries (limit ${L.maxEntries})`, file);
  }
  const out = new Map<string, Buffer>();
  let total = 0;
  return new Promise((resolve, reject) => {
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      try {
        zip.close();
      } catch {
        /* already closed */
      }
      reject(
        err instanceof CarError ? err : new CarError('CAR_NOT_ZIP', `corrupt archive: ${err.message}`, file),
      );
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (done) return;
      done = true;
      resolve(out);
    });
    zip.on('entry', (entry: Entry) => {
      const rawName = entry.fileName as unknown as Buffer | string;
      const name = Buffer.isBuffer(rawName) ? rawName.toString('utf8') : rawName;
      const why = unsafeEntryName(name);
      if (why) return fail(new CarError('CAR_UNSAFE_ENTRY', `unsafe entry '${name}': ${why}`, file));
      const unixMode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (unixMode === 0o120000)
        return fail(new CarError('CAR_UNSAFE_ENTRY', `unsafe entry '${name}': symbolic link`, file));
      if (name.endsWith('/')) {
        zip.readEntry();
        return;
      }
      if (out.has(name)) return fail(new CarError('CAR_UNSAFE_ENTRY', `duplicate entry '${name}'`, file));
      if (entry.uncompressedSize > L.maxEntryBytes) {
        return fail(
          new CarError(
            'CAR_TOO_LARGE',
            `entry '${name}' is ${entry.uncompressedSize} bytes (limit ${L.maxEntryBytes})`,
            file,
          ),
        );
      }
      if (total + entry.uncompressedSize > L.maxTotalBytes) {
        return fail(new CarError('CAR_TOO_LARGE', `archive expands beyond ${L.maxTotalBytes} bytes`, file));
      }
      if (
        entry.uncompressedSize > 1024 * 1024 &&
        entry.uncompressedSize / Math.max(1, entry.compressedSize) > L.maxRatio
      ) {
        return fail(
          new CarError(
            'CAR_TOO_LARGE',
            `entry '${name}' has a suspicious compression ratio (zip bomb?)`,
            file,
          ),
        );
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err ?? new Error('no stream'));
        const chunks: Buffer[] = [];
        let n = 0;
        stream.on('data', (c: Buffer) => {
          n += c.length;
          if (n > L.maxEntryBytes || total + n > L.maxTotalBytes) {
            stream.destroy();
            fail(new CarError('CAR_TOO_LARGE', `entry '${name}' expands beyond the limit`, file));
            return;
          }
          chunks.push(c);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          if (done) return;
          total += n;
          out.set(name, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
