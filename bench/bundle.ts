/** Bundles a bench entry (TypeScript importing the project's code) the way scripts/build.mjs bundles the product. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain ES module of the build scripts, no types
import { LAZY_PACKAGES } from '../scripts/lazy-externals.mjs';

export async function bundle(entry: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-bench-bundle-'));
  const outfile = join(dir, basename(entry).replace(/\.ts$/, '.js'));
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    // the lazily loaded packages stay out, as in the product (the bench does not reach them)
    external: ['vscode', ...(LAZY_PACKAGES as string[])],
  });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return outfile;
}
