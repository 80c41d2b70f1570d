import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

describe('synapse package validates first', () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'pkgval-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a project with errors, naming them, and writes no CAR', () => {
    const out = join(tmp, 'broken.car');
    const r = spawnSync(
      process.execPath,
      [CLI, 'package', 'test/fixtures/validate/broken-project', '-o', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /OrdersAPI\.xml:5:14 error SYN100 /);
    assert.match(r.stderr, /errors in the project: not packaged \(fix them, or pass --no-validate/);
    assert.equal(existsSync(out), false);
  });

  it('packages a project with validation errors anyway with --no-validate', () => {
    const proj = join(tmp, 'p');
    cpSync(join(ROOT, 'examples/hello-world'), proj, { recursive: true });
    writeFileSync(
      join(proj, 'src/main/wso2mi/artifacts/sequences/Typo.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Typo"><lgo/></sequence>',
    );
    const out = join(tmp, 'forced.car');
    const refused = spawnSync(process.execPath, [CLI, 'package', proj, '-o', out], { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Typo\.xml:1:\d+ error SYN100 /);
    assert.equal(existsSync(out), false);
    const r = spawnSync(process.execPath, [CLI, 'package', proj, '-o', out, '--no-validate'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(out));
  });

  it('packages the example project (no errors) and reports no warnings', () => {
    const out = join(tmp, 'hello.car');
    const r = spawnSync(process.execPath, [CLI, 'package', 'examples/hello-world', '-o', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(existsSync(out));
  });

  it('packages the same bytes whether it validated first or not, with the warnings of synapse validate', () => {
    // a project root (one discovery serves validation and packaging) whose files are plain, or only well-formed
    // (spaces around '=', a non-ASCII element: the fast root scan leaves those to the parser), one with a warning
    const proj = join(tmp, 'same');
    cpSync(join(ROOT, 'examples/hello-world'), proj, { recursive: true });
    const seq = join(proj, 'src/main/wso2mi/artifacts/sequences');
    writeFileSync(
      join(seq, 'Spaced.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Spaced"><log level = "full"/></sequence>',
    );
    writeFileSync(
      join(seq, 'Inline.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Inline"><payloadFactory media-type="xml"><format>' +
        '<prix xmlns="" note = "x">\u00e9t\u00e9<été/></prix></format><args/></payloadFactory></sequence>',
    );
    const validated = join(tmp, 'validated.car');
    const plain = join(tmp, 'plain.car');
    const a = spawnSync(process.execPath, [CLI, 'package', proj, '-o', validated], { encoding: 'utf8' });
    assert.equal(a.status, 0, a.stderr);
    const b = spawnSync(process.execPath, [CLI, 'package', proj, '-o', plain, '--no-validate'], {
      encoding: 'utf8',
    });
    assert.equal(b.status, 0, b.stderr);
    assert.ok(readFileSync(validated).equals(readFileSync(plain)), 'the CAR bytes differ');
    // the warnings packaging counts are those synapse validate reports
    const v = spawnSync(process.execPath, [CLI, 'validate', proj, '--format', 'json'], { encoding: 'utf8' });
    const warnings = (JSON.parse(v.stdout) as { severity: string }[]).filter((f) => f.severity === 'warning');
    if (warnings.length)
      assert.match(a.stderr, new RegExp(`^${warnings.length} warnings? \\(see synapse validate\\)\\n$`));
    else assert.equal(a.stderr, '');
    assert.equal(a.stdout.replace(validated, 'OUT'), b.stdout.replace(plain, 'OUT'));
    assert.match(a.stdout, / 10 artifacts, /);
  });
});
