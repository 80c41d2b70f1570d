/**
 * XML schema validation through the built product (dist/, `npm run build` first):
 * - `synapse run` does not load libxml2 (dist/cli-xsd.js, about 1 MB of WebAssembly) at start-up nor for a flow
 *   without an XML schema; the first message an XSD validate mediator checks loads it, once;
 * - `synapse validate` reports a schema key (or a `<resource>` key) that names a missing local entry or registry
 *   .xsd with the same reference codes as any other key (SYN200, SYN203), and nothing when the files are there.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NS, send } from './helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ART = 'src/main/wso2mi/artifacts';
const RES = 'src/main/wso2mi/resources';
const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-xsd-cli-'));
  const all = {
    'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>x</artifactId></project>',
    ...files,
  };
  for (const [p, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const ON_FAIL = `<on-fail><payloadFactory media-type="text"><format>[$1]</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></on-fail>`;

describe('runtime: XML schema validation in the built CLI', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  before(function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    if (!existsSync(join(ROOT, 'dist', 'cli-xsd.js')))
      throw new Error('dist/cli-xsd.js is missing: run `npm run build`');
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('synapse run loads libxml2 on the first XSD validation only', async () => {
    const dir = project({
      [`${ART}/local-entries/CountSchema.xml`]: `<localEntry ${NS} key="CountSchema"><xs:schema ${XS}><xs:element name="count" type="xs:nonNegativeInteger"/></xs:schema></localEntry>`,
      [`${ART}/apis/Counter.xml`]: `<api ${NS} name="Counter" context="/counter">
  <resource methods="POST" uri-template="/plain"><inSequence><payloadFactory media-type="text"><format>plain</format></payloadFactory><respond/></inSequence></resource>
  <resource methods="POST" uri-template="/checked"><inSequence><validate><schema key="CountSchema"/>${ON_FAIL}</validate>
    <payloadFactory media-type="text"><format>[valid]</format></payloadFactory><respond/></inSequence></resource>
</api>`,
    });
    dirs.push(dir);
    // a preloaded hook reports every load of the chunk on stderr
    const hook = join(dir, 'trace-xsd.cjs');
    writeFileSync(
      hook,
      `const M = require('module'); const load = M._load;
M._load = function (req, ...rest) { if (/cli-xsd/.test(req)) process.stderr.write('XSD-CHUNK-LOADED\\n'); return load.call(this, req, ...rest); };`,
    );
    const proc = spawn(process.execPath, ['-r', hook, CLI, 'run', dir, '--http-port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${out}\n${err}`)), 15_000);
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /API Counter: (http:\/\/127\.0\.0\.1:\d+\/counter)/.exec(out);
          if (m && out.includes('ready (Ctrl-C to stop)')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        proc.on('exit', (c) => reject(new Error(`exited ${c}:\n${out}\n${err}`)));
      });
      const loads = () => err.split('XSD-CHUNK-LOADED').length - 1;
      assert.equal(loads(), 0, 'loaded at start-up');
      assert.equal(
        (await send(`${url}/plain`, { body: '<count>1</count>', type: 'application/xml' })).text,
        'plain',
      );
      assert.equal(loads(), 0, 'loaded by a flow without a schema');
      assert.equal(
        (await send(`${url}/checked`, { body: '<count>3</count>', type: 'application/xml' })).text,
        '[valid]',
      );
      assert.equal(loads(), 1);
      const bad = await send(`${url}/checked`, { body: '<count>-3</count>', type: 'application/xml' });
      assert.equal(
        bad.text,
        "[cvc-minInclusive-valid: Value '-3' is not facet-valid with respect to minInclusive '0' for type 'nonNegativeInteger'.\n" +
          "cvc-type.3.1.3: The value '-3' of element 'count' is not valid.\n]",
      );
      assert.equal(loads(), 1);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.on('exit', r)));
    }
  });

  it('synapse validate: a missing schema or resource key is a reference finding like any other key', () => {
    const api = `<api ${NS} name="Shelf" context="/shelf"><resource methods="POST"><inSequence>
<validate><schema key="ShelfSchema"/><schema key="gov:/schemas/bin.xsd"/><resource location="bin-types.xsd" key="conf:/schemas/bin-types.xsd"/>${ON_FAIL}</validate>
<respond/></inSequence></resource></api>`;
    const dir = project({ [`${ART}/apis/Shelf.xml`]: api });
    dirs.push(dir);
    const run = () =>
      spawnSync(process.execPath, [CLI, 'validate', dir, '--format', 'json'], { encoding: 'utf8' });
    const findings = () =>
      (JSON.parse(run().stdout) as { code: string; message: string }[])
        .map((f) => `${f.code} ${f.message}`)
        .sort();
    assert.deepEqual(findings(), [
      "SYN200 No local entry or registry resource named 'ShelfSchema' in this project.",
      "SYN203 No file under the project's resources provides the registry resource 'conf:/schemas/bin-types.xsd'.",
      "SYN203 No file under the project's resources provides the registry resource 'gov:/schemas/bin.xsd'.",
    ]);
    const files = {
      [`${ART}/local-entries/ShelfSchema.xml`]: `<localEntry ${NS} key="ShelfSchema"><xs:schema ${XS}><xs:element name="bin" type="xs:string"/></xs:schema></localEntry>`,
      [`${RES}/registry/gov/schemas/bin.xsd`]: `<xs:schema ${XS}/>`,
      [`${RES}/registry/conf/schemas/bin-types.xsd`]: `<xs:schema ${XS}/>`,
    };
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    assert.deepEqual(findings(), []);
  });
});
