/**
 * The extension's bundles as scripts/build.mjs makes them: activation loads dist/extension.js only, and the parts it
 * does not need at activation (the language client library, the CAR writer and validator, the XML parser) are their
 * own files, required on first use. Errors that cross bundles keep working with `instanceof`.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, tempDir } from './serverHelpers';

/** Loads a built CommonJS bundle (as the extension host does). */
const load = createRequire(__filename);

describe('client: extension bundles (what activation loads)', function () {
  this.timeout(60_000);
  let out: string;
  before(() => {
    out = tempDir('bundles');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'build.mjs'), '--outdir', out, '--no-sourcemap'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(r.status, 0, r.stderr || r.stdout);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  const read = (f: string) => readFileSync(join(out, f), 'utf8');

  it('dist/extension.js leaves the language client, CAR, validator and XML parser to bundles loaded on use', () => {
    const main = read('extension.js');
    for (const heavy of [
      'node_modules/vscode-languageclient/',
      'node_modules/htmlparser2/',
      'node_modules/entities/',
      'core/car/',
      'core/validate/',
      'core/catalog/',
      'core/expressions/',
    ])
      assert.ok(!main.includes(heavy), `${heavy} is bundled into extension.js`);
    for (const lazy of ['extension-languageClient.js', 'extension-deploy.js', 'extension-xml.js']) {
      assert.ok(existsSync(join(out, lazy)), `${lazy} is built`);
      assert.match(
        main,
        new RegExp(`require\\("\\./${lazy.replace(/[.-]/g, '\\$&')}"\\)`),
        `${lazy} is required`,
      );
    }
    assert.ok(read('extension-languageClient.js').includes('node_modules/vscode-languageclient/'));
    assert.ok(read('extension-deploy.js').includes('core/car/'));
    assert.ok(read('extension-xml.js').includes('node_modules/htmlparser2/'));
    assert.ok(main.length < 250_000, `extension.js is ${main.length} bytes`);
  });

  it('the lazily loaded XML bundle answers what the snippet provider and the request lenses ask', () => {
    const xml = load(join(out, 'extension-xml.js')) as typeof import('../../client/xmlFeatures');
    const text =
      '<api xmlns="http://ws.apache.org/ns/synapse" name="A" context="/a"><resource methods="GET" uri-template="/x"/></api>';
    assert.deepEqual(
      xml.findRequestTargets(text).map((t) => `${t.basePath}${t.template}`),
      ['/a/x'],
    );
    assert.equal(xml.snippetContextIn(xml.parseXml(''), 0), 'artifact');
  });

  it('a ManagementError or ServerStoreError from one bundle is an instance of the class in another', async () => {
    const build = async (name: string) => {
      const file = join(out, `${name}.js`);
      await esbuild.build({
        stdin: {
          contents:
            "export { ManagementError } from './core/management/errors';\nexport { ServerStoreError } from './client/servers/store-core';",
          resolveDir: ROOT,
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: file,
        logLevel: 'silent',
      });
      return load(file) as {
        ManagementError: typeof import('../../core/management').ManagementError;
        ServerStoreError: typeof import('../../client/servers/store-core').ServerStoreError;
      };
    };
    const a = await build('copy-a');
    const b = await build('copy-b');
    assert.notEqual(a.ManagementError, b.ManagementError, 'two copies of the class');
    const e = new a.ManagementError('TIMEOUT', 'slow');
    assert.ok(e instanceof b.ManagementError);
    assert.ok(e instanceof Error);
    assert.ok(new b.ServerStoreError('SERVER_UNKNOWN', 'x') instanceof a.ServerStoreError);
    assert.ok(!(new Error('plain') instanceof b.ManagementError));
    assert.ok(!(e instanceof a.ServerStoreError));
  });
});
