import { strict as assert } from 'node:assert';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagingFiles } from '../../core/car/discover';
import { discoverProject, findProjects } from '../../core/project/discover';

const ROOT = join(__dirname, '..', '..');

/** Every project folder under the fixtures and examples (as the editor would find them), and a few bare folders. */
function projectDirs(): string[] {
  const dirs = new Set<string>();
  for (const base of [join(ROOT, 'test', 'fixtures'), join(ROOT, 'examples')]) {
    for (const p of findProjects(base, 4)) dirs.add(p.root);
    for (const e of readdirSync(base)) {
      const d = join(base, e);
      if (statSync(d).isDirectory()) for (const p of findProjects(d, 3)) dirs.add(p.root);
    }
  }
  dirs.add('/work/shared/corpus');
  return [...dirs].sort();
}

function same(dir: string) {
  const ref = discoverProject(dir);
  const ours = packagingFiles(dir);
  assert.equal(ours.layout, ref.layout, dir);
  const want = ref.files
    .filter((f) => f.role === 'artifact')
    .map(({ path, relPath, folder, role }) => ({ path, relPath, folder, role }));
  const got = ours.files.map(({ path, relPath, folder, role }) => ({ path, relPath, folder, role }));
  assert.deepEqual(got, want, dir);
  for (const f of ours.files) assert.ok(f.content.equals(readFileSync(f.path)), f.path);
}

describe('packaging discovery: core/project discovery with the bytes of each artifact (core/car/discover.ts)', () => {
  it('the same artifact files, in the same order, for every fixture and example project', () => {
    const dirs = projectDirs();
    assert.ok(dirs.length >= 8, `only ${dirs.length} projects found`);
    for (const d of dirs) same(d);
  });

  it('the same on edge cases: nested and dot folders, non-Synapse XML, tests in the bare layout, a symlinked folder', () => {
    const t = mkdtempSync(join(tmpdir(), 'car-disc-'));
    try {
      const mi = join(t, 'mi');
      const a = join(mi, 'src/main/wso2mi/artifacts');
      mkdirSync(join(a, 'sequences/sub/deeper/too-deep'), { recursive: true });
      mkdirSync(join(a, '.hidden'), { recursive: true });
      mkdirSync(join(a, 'apis/.git'), { recursive: true });
      mkdirSync(join(mi, 'src/test/wso2mi'), { recursive: true });
      const seq = (n: string) => `<sequence xmlns="http://ws.apache.org/ns/synapse" name="${n}"/>`;
      writeFileSync(join(a, 'sequences/A.xml'), seq('A'));
      writeFileSync(join(a, 'sequences/sub/B.XML'), seq('B'));
      writeFileSync(join(a, 'sequences/sub/deeper/C.xml'), seq('C'));
      writeFileSync(join(a, 'sequences/sub/deeper/too-deep/D.xml'), seq('D'));
      writeFileSync(join(a, 'sequences/notes.xml'), '<notes/>');
      writeFileSync(join(a, 'sequences/empty.xml'), '');
      writeFileSync(join(a, '.hidden/E.xml'), seq('E'));
      writeFileSync(join(a, 'apis/.git/F.xml'), seq('F'));
      writeFileSync(join(mi, 'src/test/wso2mi/T.xml'), '<unit-test/>');
      symlinkSync(join(a, 'sequences'), join(a, 'linked'));
      same(mi);

      const bare = join(t, 'bare');
      mkdirSync(join(bare, 'x/y'), { recursive: true });
      writeFileSync(join(bare, 'S.xml'), seq('S'));
      writeFileSync(
        join(bare, 'x/y/T.xml'),
        '<?xml version="1.0"?>\n<!-- t -->\n<unit-test><artifacts/></unit-test>',
      );
      writeFileSync(join(bare, 'pom.xml'), '<project/>');
      writeFileSync(join(bare, 'x/D.dbs'), '<data name="D"/>');
      writeFileSync(join(bare, 'x/other.xml'), '<beans/>');
      same(bare);

      const studio = join(t, 'studio');
      mkdirSync(join(studio, 'PConfigs/src/main/synapse-config/api'), { recursive: true });
      mkdirSync(join(studio, 'PDataServiceConfigs/dataservice'), { recursive: true });
      writeFileSync(
        join(studio, 'PConfigs/src/main/synapse-config/api/A.xml'),
        '<api xmlns="http://ws.apache.org/ns/synapse" name="A" context="/a"/>',
      );
      writeFileSync(join(studio, 'PDataServiceConfigs/dataservice/D.dbs'), '<data name="D"/>');
      same(studio);
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  });
});
