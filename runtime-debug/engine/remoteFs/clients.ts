/**
 * The FTP and SSH client libraries (basic-ftp, ssh2), loaded on first use: in a build, the chunk dist/cli-remotefs.js
 * (see ../lazyChunk.ts); from source, ./libs.ts. ssh2's optional native parts (its crypto binding, cpu-features) are
 * not in the chunk: ssh2 then uses Node's crypto.
 */
import { lazyChunk } from '../lazyChunk';

type Libs = typeof import('./libs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const libs = lazyChunk<Libs>('./cli-remotefs.js', () => require('./libs') as Libs);

export const basicFtp = (): typeof import('basic-ftp') => libs().basicFtp();
export const ssh2 = (): unknown => libs().ssh2();
