/**
 * The mail libraries, loaded on first use. A build ships them as a chunk of their own, dist/cli-email.js
 * (scripts/build.mjs; nodemailer, imapflow and libmime are external to the other bundles): the runtime's start-up
 * does not parse their two megabytes, and the three bundles that carry the runtime (cli-runtime, cli-test,
 * debugAdapter) do not each hold a copy. Without the chunk (tests run from source) they come from node_modules
 * (./libs.ts).
 */
type Libs = typeof import('./libs');
let loaded: Libs | undefined;

function libs(): Libs {
  if (loaded) return loaded;
  /* eslint-disable @typescript-eslint/no-require-imports */
  try {
    loaded = require('./cli-email.js') as Libs;
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    loaded = require('./libs') as Libs;
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

export const nodemailer = (): typeof import('nodemailer') => libs().nodemailer();
export const imapflow = (): typeof import('imapflow') => libs().imapflow();
export const libmime = (): (typeof import('libmime'))['default'] => libs().libmime();
