// Builds one esbuild bundle per entry point (DESIGN.md section 3).
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAZY_PACKAGES } from './lazy-externals.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// `--outdir DIR` builds into another folder (the e2e rig stages a copy of the extension); `--no-sourcemap`.
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? resolve(process.argv[outdirArg + 1]) : join(ROOT, 'dist');
const sourcemap = !production && !process.argv.includes('--no-sourcemap');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: sourcemap ? 'linked' : false,
  absWorkingDir: ROOT,
  minify: production,
  logLevel: 'warning',
  // @babel/parser (data-mapper .ts builds) is a chunk of its own, dist/cli-datamapper-parser.js, loaded on first use
  // by core/datamapper/parse.ts: the bundles that may build a mapping do not carry it
  // pg, mysql2 and csv-parse (data services) are the chunk dist/cli-dbdrivers.js, loaded on first use by
  // runtime-debug/engine/dataservices/sources.ts: the runtime's start-up does not parse their 1.5 MB
  // basic-ftp and ssh2 (remote file systems: File connector, VFS transport) are the chunk dist/cli-remotefs.js, loaded on
  // first use by runtime-debug/engine/remoteFs/clients.ts
  // nodemailer, imapflow and libmime (Email connector) are the chunk dist/cli-email.js, loaded on first use by
  // runtime-debug/engine/connectors/email/clients.ts; amqplib (RabbitMQ) the chunk dist/cli-rabbitmq.js
  // (runtime-debug/engine/rabbitmq/client.ts); mqtt (MQTT inbound endpoints) the chunk dist/cli-mqtt.js
  // (runtime-debug/engine/mqtt/client.ts): the three bundles that carry the runtime hold no copy of them
  external: ['vscode', ...LAZY_PACKAGES],
  legalComments: 'none',
};

/**
 * Client modules the extension loads on first use: a dynamic `import('./x')` of one of these in client/ becomes a
 * `require('./extension-….js')` of its own bundle, so activation parses and runs only what it needs (the language
 * client library, the CAR writer and validator, the XML parser stay out of dist/extension.js). A dynamic import of
 * any other module is bundled in as before. The .vsix ships dist/extension-*.js (.vscodeignore).
 */
const lazyClient = {
  'client/languageClient.ts': 'dist/extension-languageClient.js',
  'client/deploy/deploy-core.ts': 'dist/extension-deploy.js',
  'client/xmlFeatures.ts': 'dist/extension-xml.js',
  'client/testing-core.ts': 'dist/extension-testing.js',
};

/**
 * CLI commands, loaded the same way (cli/commands.ts imports each on demand): `synapse package` parses only the CAR
 * builder, `synapse validate` only the validator, and neither pays for the runtime. Commands that share most of their
 * code share a bundle. The .vsix ships dist/cli-*.js (the extension runs `dist/cli.js run|serve`).
 */
const lazyCli = {
  'cli/commands/validate.ts': 'dist/cli-validate.js',
  'cli/commands/package.ts': 'dist/cli-package.js',
  'cli/commands/run.ts': 'dist/cli-runtime.js',
  'cli/commands/serve.ts': 'dist/cli-runtime.js',
  'cli/commands/deploy.ts': 'dist/cli-remote.js',
  'cli/commands/artifacts.ts': 'dist/cli-remote.js',
  'cli/commands/undeploy.ts': 'dist/cli-remote.js',
  'cli/commands/test.ts': 'dist/cli-runtime.js',
};
const lazyCliEntries = {
  'dist/cli-validate.js': 'cli/commands/validate.ts',
  'dist/cli-package.js': 'cli/commands/package.ts',
  'dist/cli-runtime.js': 'cli/commands/runtimeCommands.ts',
  'dist/cli-remote.js': 'cli/commands/remoteCommands.ts',
};
/**
 * libxml2 (WebAssembly, for the validate mediator's XML schemas) is a chunk of its own, dist/cli-xsd.js, required the
 * first time a schema is compiled (runtime-debug/engine/xsd/load.ts): the runtime's start-up and the bundles never
 * parse its megabyte. The package is an ES module with a top-level await (the WebAssembly instantiation); the chunk is
 * CommonJS like the others, so that await becomes the chunk's `libxml()` (libxmlChunkPlugin below).
 */
const lazyXsd = { 'runtime-debug/engine/xsd/libxml.ts': 'dist/cli-xsd.js' };
// the debug adapter (dist/debugAdapter.js) loads its implementation from the runtime's bundle
const lazyAdapter = { 'runtime-debug/debugAdapterMain.ts': 'dist/cli-runtime.js' };
const lazyModules = { ...lazyClient, ...lazyCli, ...lazyXsd, ...lazyAdapter };

const LIBXML_GLOBAL = "globalThis[Symbol.for('synapse.libxml2')]";
const libxmlChunkPlugin = {
  name: 'libxml2-chunk',
  setup(build) {
    const patch = (file, from, to) => {
      const text = readFileSync(file, 'utf8');
      if (!text.includes(from))
        throw new Error(`${file}: expected text not found (libxml2-wasm changed?): ${from}`);
      return text.split(from).join(to);
    };
    // the chunk's entry: instantiate the WebAssembly module, then evaluate the package (bundled, lazily initialised)
    build.onLoad({ filter: /runtime-debug[\\/]engine[\\/]xsd[\\/]libxml\.ts$/ }, () => ({
      loader: 'js',
      resolveDir: join(ROOT, 'runtime-debug/engine/xsd'),
      contents: `let ready;
export function libxml() {
  return (ready ??= (async () => {
    const { default: factory } = await import('libxml2-wasm/lib/libxml2raw.mjs');
    ${LIBXML_GLOBAL} = await factory();
    return await import('libxml2-wasm');
  })());
}`,
    }));
    // the package's top-level await reads the instance made above
    build.onLoad({ filter: /libxml2-wasm[\\/]lib[\\/]libxml2\.mjs$/ }, (args) => ({
      loader: 'js',
      contents: patch(
        args.path,
        'const libxml2 = await moduleLoader();',
        `const libxml2 = ${LIBXML_GLOBAL};`,
      ),
    }));
    // the Emscripten glue gives import.meta.url to createRequire(), which takes a CommonJS file name as well
    build.onLoad({ filter: /libxml2-wasm[\\/]lib[\\/]libxml2raw\.mjs$/ }, (args) => ({
      loader: 'js',
      contents: patch(args.path, 'import.meta.url', '__filename'),
    }));
  },
};

// `import('./x')` → a small bundled stub `module.exports = require('./extension-x.js')`: a plain CommonJS require at
// run time (the extension host's module loader, which resolves `vscode`), not an ES module import of the file.
const lazyPlugin = {
  name: 'lazy-client-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.namespace !== 'file') return undefined;
      const r = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: 'import-statement' });
      const out = lazyModules[relative(ROOT, r.path).split('\\').join('/')];
      return out ? { path: `./${basename(out)}`, namespace: 'lazy-client' } : undefined;
    });
    build.onResolve({ filter: /.*/, namespace: 'lazy-client' }, (args) => ({
      path: args.path,
      external: true,
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-client' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const entries = [
  { entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', plugins: [lazyPlugin] },
  ...Object.entries(lazyClient).map(([source, outfile]) => ({
    entryPoints: [source],
    outfile,
    plugins: [lazyPlugin],
  })),
  { entryPoints: ['server/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['runtime-debug/debugAdapter.ts'], outfile: 'dist/debugAdapter.js', plugins: [lazyPlugin] },
  {
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [lazyPlugin],
  },
  ...Object.entries(lazyCliEntries).map(([outfile, source]) => ({
    entryPoints: [source],
    outfile,
    plugins: [lazyPlugin],
  })),
  { entryPoints: ['node_modules/@babel/parser/lib/index.js'], outfile: 'dist/cli-datamapper-parser.js' },
  // the drivers bundled in (pg's optional native binding, pg-native, stays out: pg requires it only for pg.native)
  {
    entryPoints: ['runtime-debug/engine/dataservices/drivers.ts'],
    outfile: 'dist/cli-dbdrivers.js',
    external: ['vscode', 'pg-native'],
  },
  // the FTP and SSH clients bundled in; ssh2's optional native parts stay out (its crypto binding, a .node file, and
  // cpu-features: both are required inside a try, and ssh2 falls back to Node's crypto without them)
  {
    entryPoints: ['runtime-debug/engine/remoteFs/libs.ts'],
    outfile: 'dist/cli-remotefs.js',
    external: ['vscode', 'cpu-features', '*.node'],
  },
  // the mail libraries bundled in
  {
    entryPoints: ['runtime-debug/engine/connectors/email/libs.ts'],
    outfile: 'dist/cli-email.js',
    external: ['vscode'],
  },
  // the AMQP client bundled in
  {
    entryPoints: ['runtime-debug/engine/rabbitmq/libs.ts'],
    outfile: 'dist/cli-rabbitmq.js',
    external: ['vscode'],
  },
  // the MQTT client bundled in
  {
    entryPoints: ['runtime-debug/engine/mqtt/libs.ts'],
    outfile: 'dist/cli-mqtt.js',
    external: ['vscode'],
  },
  // the WebAssembly module is a string of bytes in the glue: written as UTF-8, not escaped
  {
    entryPoints: ['runtime-debug/engine/xsd/libxml.ts'],
    outfile: 'dist/cli-xsd.js',
    plugins: [libxmlChunkPlugin],
    charset: 'utf8',
    sourcemap: false,
  },
];

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({ ...common, ...e, outfile: join(outdir, relative('dist', e.outfile)) }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  chmodSync(join(outdir, 'cli.js'), 0o755);
}
