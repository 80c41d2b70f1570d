/**
 * The database drivers and the CSV parser of data services, loaded on first use. A build ships them as a chunk of
 * their own, dist/cli-dbdrivers.js (scripts/build.mjs; pg, mysql2 and csv-parse are external to the other bundles):
 * the runtime's start-up does not parse their 1.5 MB. Without the chunk (tests run from source) they come from
 * node_modules. pg's optional native binding (pg-native) is never loaded.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const pg = (): unknown => require('pg');
export const mysql = (): unknown => require('mysql2/promise');
export const csvParse = (): unknown => require('csv-parse/sync');
/* eslint-enable @typescript-eslint/no-require-imports */
