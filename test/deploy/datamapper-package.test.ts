/**
 * `synapse package` and `synapse validate` (as processes) on an MI 4.4 project that keeps only its data mappers'
 * TypeScript: registry/artifact.xml lists `<Name>.dmc` and the two schemas, which are build outputs of `<Name>.ts`.
 * Fixture (our own): test/fixtures/datamapper-ts/.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCar } from '../../core/car';
import { buildDataMapper } from '../../core/datamapper';
import { runCli } from './helpers/cli';
import { tempDir } from './helpers/servers';

const FIX = join(__dirname, '..', 'fixtures', 'datamapper-ts');
const REG = 'src/main/wso2mi/resources/registry';

function copyFixture(dir: string): string {
  const proj = join(dir, 'dm project');
  cpSync(FIX, proj, { recursive: true });
  return proj;
}

function listItem(proj: string, name: string, file: string): void {
  const desc = join(proj, REG, 'artifact.xml');
  writeFileSync(
    desc,
    readFileSync(desc, 'utf8').replace(
      '</artifacts>',
      `  <artifact name="${file.replace(/\.\w+$/, '')}" version="1.2.0" type="registry/resource" serverRole="EnterpriseIntegrator">\n` +
        `    <item>\n      <file>${file}</file>\n      <path>/_system/governance/datamapper/${name}</path>\n` +
        '      <mediaType>text/plain</mediaType>\n    </item>\n  </artifact>\n</artifacts>',
    ),
  );
}

describe('data mappers from .ts: synapse package and validate', function () {
  this.timeout(60000);

  it('package builds the listed .dmc and schemas into the CAR from the .ts (the source tree keeps no output)', async () => {
    const t = tempDir('dm-pkg-');
    try {
      const proj = copyFixture(t.dir);
      const out = join(t.dir, 'dm.car');
      const r = await runCli(['package', proj, '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(
        !existsSync(join(proj, REG, 'gov/datamapper/OrderTotals/OrderTotals.dmc')),
        'no file written in the project',
      );
      const car = await readCar(readFileSync(out), out);
      const reg = car.artifacts.filter((a) => a.type === 'registry/resource');
      const byName = new Map(reg.map((a) => [a.name, a.items![0]!]));
      for (const n of ['OrderTotals', 'StaffDirectory', 'ShipmentNotice'])
        for (const s of ['', '_inputSchema', '_outputSchema'])
          assert.ok(byName.has(`${n}${s}`), `${n}${s} in the CAR`);
      assert.equal(reg.length, 9);
      const dir = join(FIX, REG, 'gov/datamapper/OrderTotals');
      const expected = buildDataMapper(
        readFileSync(join(dir, 'OrderTotals.ts'), 'utf8'),
        readFileSync(join(dir, 'dm-utils.ts'), 'utf8'),
      );
      const dmc = byName.get('OrderTotals')!;
      assert.equal(dmc.file, 'OrderTotals.dmc');
      assert.equal(dmc.path, '/_system/governance/datamapper/OrderTotals');
      assert.equal(dmc.content.toString(), expected.dmc);
      assert.match(dmc.content.toString(), /function map_S_root_S_root\(\)/);
      assert.equal(byName.get('OrderTotals_inputSchema')!.content.toString(), expected.inputSchema);
      const notice = JSON.parse(byName.get('ShipmentNotice_outputSchema')!.content.toString()) as Record<
        string,
        unknown
      >;
      assert.equal(notice.title, 'sh:notice');
      assert.deepEqual(notice.namespaces, [{ prefix: 'sh', url: 'http://example.org/shipping' }]);
      // the TypeScript itself is not packaged (artifact.xml does not list it)
      assert.ok(!reg.some((a) => a.items!.some((i) => i.file.endsWith('.ts'))));
    } finally {
      t.cleanup();
    }
  });

  it('without registry/artifact.xml (every file an item), each <Name>/<Name>.ts adds its three outputs', async () => {
    const t = tempDir('dm-pkg-flat-');
    try {
      const proj = copyFixture(t.dir);
      rmSync(join(proj, REG, 'artifact.xml'));
      rmSync(join(proj, REG, 'gov/datamapper/BrokenMap'), { recursive: true });
      const out = join(t.dir, 'flat.car');
      const r = await runCli(['package', proj, '-o', out, '--no-validate']);
      assert.equal(r.code, 0, r.stderr);
      const car = await readCar(readFileSync(out), out);
      const items = car.artifacts
        .filter((a) => a.type === 'registry/resource')
        .flatMap((a) => a.items!.map((i) => [i.path, i.file, i.content.toString()] as const))
        .filter(([p]) => p === '/_system/governance/datamapper/StaffDirectory');
      assert.deepEqual(items.map(([, f]) => f).sort(), [
        'StaffDirectory.dmc',
        'StaffDirectory.ts',
        'StaffDirectory_inputSchema.json',
        'StaffDirectory_outputSchema.json',
      ]);
      const schema = items.find(([, f]) => f === 'StaffDirectory_inputSchema.json')![2];
      assert.equal((JSON.parse(schema) as { title: string }).title, 'st:staff');
      assert.match(
        items.find(([, f]) => f === 'StaffDirectory.dmc')![2],
        /function map_S_staff_S_directory\(\)/,
      );
    } finally {
      t.cleanup();
    }
  });

  it('a listed output whose .ts does not build fails with DM_BUILD_*, the .ts and its line; other missing files stay PROJECT_BAD_FILE', async () => {
    const t = tempDir('dm-pkg-bad-');
    try {
      const proj = copyFixture(t.dir);
      listItem(proj, 'BrokenMap', 'BrokenMap.dmc');
      const r = await runCli(['package', proj, '-o', join(t.dir, 'x.car'), '--no-validate']);
      assert.equal(r.code, 1, r.stdout);
      assert.match(
        r.stderr,
        /gov\/datamapper\/BrokenMap\/BrokenMap\.ts:18:\d+: not valid TypeScript.*\[DM_BUILD_SYNTAX\]/,
      );
      const proj2 = join(t.dir, 'second');
      cpSync(FIX, proj2, { recursive: true });
      listItem(proj2, 'Ghost', 'Ghost_inputSchema.json');
      const r2 = await runCli(['package', proj2, '-o', join(t.dir, 'y.car'), '--no-validate']);
      assert.equal(r2.code, 1, r2.stdout);
      assert.match(r2.stderr, /Ghost_inputSchema\.json' not found.*\[PROJECT_BAD_FILE\]/);
    } finally {
      t.cleanup();
    }
  });

  it('validate says nothing about keys of build outputs whose .ts is there, and still warns SYN203 otherwise', async () => {
    const t = tempDir('dm-val-');
    try {
      const proj = copyFixture(t.dir);
      const quiet = await runCli(['validate', proj, '--format', 'json']);
      const findings = JSON.parse(quiet.stdout) as { code: string; message: string }[];
      assert.deepEqual(
        findings.filter((f) => f.code === 'SYN203'),
        [],
      );
      assert.equal(quiet.code, 0, quiet.stdout);
      const api = join(proj, 'src/main/wso2mi/artifacts/apis/MappingsAPI.xml');
      writeFileSync(api, readFileSync(api, 'utf8').replace('BrokenMap/BrokenMap.dmc', 'Ghost/Ghost.dmc'));
      const loud = await runCli(['validate', proj, '--format', 'json']);
      const f2 = JSON.parse(loud.stdout) as { code: string; message: string }[];
      assert.deepEqual(
        f2.filter((f) => f.code === 'SYN203').map((f) => f.message),
        [
          "No file under the project's resources provides the registry resource 'gov:/datamapper/Ghost/Ghost.dmc'.",
        ],
      );
    } finally {
      t.cleanup();
    }
  });
});
