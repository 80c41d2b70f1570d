/**
 * The FTP and SSH client libraries (basic-ftp, ssh2): the entry of the chunk dist/cli-remotefs.js
 * (scripts/build.mjs), loaded by ./clients.ts on first use.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const basicFtp = (): typeof import('basic-ftp') => require('basic-ftp');
export const ssh2 = (): unknown => require('ssh2');
/* eslint-enable @typescript-eslint/no-require-imports */
