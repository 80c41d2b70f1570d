/**
 * The mail libraries (nodemailer, imapflow, libmime): the entry of the chunk dist/cli-email.js (scripts/build.mjs),
 * loaded by ./clients.ts on first use.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const nodemailer = (): typeof import('nodemailer') => require('nodemailer');
export const imapflow = (): typeof import('imapflow') => require('imapflow');
export const libmime = (): (typeof import('libmime'))['default'] => require('libmime');
/* eslint-enable @typescript-eslint/no-require-imports */
