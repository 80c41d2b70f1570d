/**
 * The libxml2 (WebAssembly) library, loaded on first use only: import this module with a dynamic `import()` (see
 * load.ts). From source (tests under tsx) it is the npm package itself, an ES module with a top-level await,
 * imported as such (a CommonJS require of it cannot wait); scripts/build.mjs builds this module as a chunk of its
 * own, dist/cli-xsd.js, whose `libxml()` instantiates the WebAssembly module and then evaluates the bundled package.
 */
import { pathToFileURL } from 'node:url';

export type Libxml = typeof import('libxml2-wasm');

export function libxml(): Promise<Libxml> {
  // a real ES import (not rewritten into require by the TypeScript loader)
  const esmImport = new Function('u', 'return import(u)') as (u: string) => Promise<Libxml>;
  return esmImport(pathToFileURL(require.resolve('libxml2-wasm')).href);
}
