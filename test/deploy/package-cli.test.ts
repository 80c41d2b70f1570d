import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCar } from '../../core/car';
import { runCli } from './helpers/cli';
import { tempDir } from './helpers/servers';

const FIX = join(__dirname, '..', 'fixtures', 'deploy');

describe('synapse package as a process', function () {
  this.timeout(60000);

  it('writes target/<name>_<version>.car by default, or -o FILE', async () => {
    const t = tempDir('pkg-');
    try {
      const proj = join(t.dir, 'my project');
      cpSync(join(FIX, 'orders-project'), proj, { recursive: true });
      const r = await runCli(['package', proj]);
      assert.equal(r.code, 0, r.stderr);
      const out = join(proj, 'target', 'orders-project_2.1.0.car');
      assert.ok(existsSync(out));
      assert.match(r.stdout, /orders-project 2\.1\.0 \(mi layout\): 12 artifacts/);
      const car = await readCar(readFileSync(out), out);
      assert.equal(car.artifacts.length, 12);
      const r2 = await runCli(['package', proj, '-o', join(t.dir, 'out', 'x.car'), '-q']);
      assert.equal(r2.code, 0);
      assert.equal(r2.stdout, '');
      assert.ok(readFileSync(join(t.dir, 'out', 'x.car')).equals(readFileSync(out)));
    } finally {
      t.cleanup();
    }
  });

  it('fails with file, line and code on a broken artifact (exit 1); bad usage exits 2', async () => {
    const t = tempDir('pkg-bad-');
    try {
      mkdirSync(join(t.dir, 'src/main/wso2mi/artifacts/apis'), { recursive: true });
      writeFileSync(
        join(t.dir, 'src/main/wso2mi/artifacts/apis/Broken.xml'),
        '<api xmlns="http://ws.apache.org/ns/synapse" name="Broken" context="/b">\n  <resource methods="GET">\n</api>\n',
      );
      // validation comes first and names the problem with file:line:col and its code
      const v = await runCli(['package', t.dir]);
      assert.equal(v.code, 1);
      assert.match(v.stderr, /Broken\.xml:2:4 error XML_MISSING_END_TAG /);
      // without validation, the packager itself refuses the file it cannot read
      const r = await runCli(['package', t.dir, '--no-validate']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Broken\.xml:\d+: .*\[PROJECT_BAD_FILE\]/);
      assert.equal((await runCli(['package', t.dir, t.dir])).code, 2);
      const empty = tempDir('pkg-empty-');
      const e = await runCli(['package', empty.dir]);
      empty.cleanup();
      assert.equal(e.code, 1);
      assert.match(e.stderr, /PROJECT_EMPTY/);
    } finally {
      t.cleanup();
    }
  });
});
