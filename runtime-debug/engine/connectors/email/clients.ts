/**
 * The mail libraries (nodemailer, imapflow, libmime), loaded on first use: in a build, the chunk dist/cli-email.js
 * (see ../../lazyChunk.ts); from source, ./libs.ts.
 */
import { lazyChunk } from '../../lazyChunk';

type Libs = typeof import('./libs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const libs = lazyChunk<Libs>('./cli-email.js', () => require('./libs') as Libs);

export const nodemailer = (): typeof import('nodemailer') => libs().nodemailer();
export const imapflow = (): typeof import('imapflow') => libs().imapflow();
export const libmime = (): (typeof import('libmime'))['default'] => libs().libmime();
