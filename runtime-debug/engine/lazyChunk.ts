/**
 * Libraries a build ships as chunks of their own beside the bundles (scripts/build.mjs and scripts/lazy-externals.mjs:
 * dist/cli-dbdrivers.js, cli-remotefs.js, cli-email.js, cli-rabbitmq.js, cli-mqtt.js), loaded the first time a message needs
 * them: the runtime's start-up does not parse them, and the three bundles that carry the runtime share one copy.
 * Without the chunk (tests run from source) the libraries come from node_modules through `fromSource`.
 */
export function lazyChunk<T>(chunkPath: string, fromSource: () => T): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded) return loaded;
    try {
      // a path esbuild cannot follow: resolved at run time beside the bundle
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(chunkPath) as T;
    } catch (e) {
      if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
      loaded = fromSource();
    }
    return loaded;
  };
}
