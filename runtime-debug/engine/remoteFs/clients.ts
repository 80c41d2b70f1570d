/**
 * The FTP and SSH client libraries, loaded on first use. A build ships them as a chunk of their own,
 * dist/cli-remotefs.js (scripts/build.mjs; basic-ftp and ssh2 are external to the other bundles): the runtime's
 * start-up does not parse them. Without the chunk (tests run from source) they come from node_modules (./libs.ts).
 * ssh2's optional native parts (its crypto binding, cpu-features) are not in the chunk: ssh2 then uses Node's crypto.
 */
type Libs = typeof import('./libs');
let loaded: Libs | undefined;

function libs(): Libs {
  if (loaded) return loaded;
  /* eslint-disable @typescript-eslint/no-require-imports */
  try {
    loaded = require('./cli-remotefs.js') as Libs;
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    loaded = require('./libs') as Libs;
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

export const basicFtp = (): typeof import('basic-ftp') => libs().basicFtp();
export const ssh2 = (): unknown => libs().ssh2();
