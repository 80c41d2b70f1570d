// The packages the product's bundles leave out because they are chunks of their own, loaded on first use (see
// scripts/build.mjs): shared with bench/bundle.ts, which bundles bench entries the way the product is bundled.
export const LAZY_PACKAGES = [
  '@babel/parser',
  'pg',
  'mysql2',
  'csv-parse',
  'basic-ftp',
  'ssh2',
  'nodemailer',
  'imapflow',
  'libmime',
  'amqplib',
  'mqtt',
];
