import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCar } from '../../core/car';
import { writeZip } from '../../core/car/zipwrite';
import { buildProjectCar, DeployError } from '../../client/deploy/deploy-core';
import { runCli } from './helpers/cli';
import { closedPort, tempDir } from './helpers/servers';

const FIX = join(__dirname, '..', 'fixtures', 'package-connectors');

function gongZip(): Buffer {
  return writeZip([
    {
      path: 'connector.xml',
      data: Buffer.from('<connector><component name="chime" package="org.example.gong"/></connector>\n'),
    },
  ]);
}

function bellProject(root: string): string {
  const dir = join(root, 'bell');
  cpSync(join(FIX, 'bell-project'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'pom.xml'),
    '<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <artifactId>bell</artifactId>\n  <version>2.0.0</version>\n  <dependencies>\n    <dependency>\n      <groupId>org.example.gong</groupId>\n      <artifactId>gong-connector</artifactId>\n      <version>0.4.0</version>\n      <type>zip</type>\n    </dependency>\n  </dependencies>\n</project>\n',
  );
  return dir;
}

function install(repo: string): Buffer {
  const file = join(repo, 'org', 'example', 'gong', 'gong-connector', '0.4.0', 'gong-connector-0.4.0.zip');
  mkdirSync(dirname(file), { recursive: true });
  const zip = gongZip();
  writeFileSync(file, zip);
  return zip;
}

describe('connector dependencies when deploying a project folder', function () {
  this.timeout(60000);

  it('synapse deploy DIR refuses to upload a CAR without its connectors, and packages them when found', async () => {
    const t = tempDir('pkgc-deploy-');
    try {
      const dir = bellProject(t.dir);
      const port = await closedPort();
      const env = { HOME: t.dir, SYNAPSE_PASSWORD: 'pw' };
      const args = ['deploy', dir, '--no-validate', '--server', `http://127.0.0.1:${port}`, '--timeout', '5'];
      const r = await runCli(args, env);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /pom\.xml:5:5 error CAR_CONNECTOR_MISSING org\.example\.gong:gong-connector:0\.4\.0 is not in/,
      );
      assert.doesNotMatch(r.stdout, /packaged/);
      assert.doesNotMatch(r.stderr, /FAILED/); // no upload was tried
      // found in ~/.m2/repository (HOME): packaged with it, then the upload is tried (and fails: nothing listens)
      install(join(t.dir, '.m2', 'repository'));
      const ok = await runCli(args, env);
      assert.match(ok.stdout, /packaged bell_2\.0\.0\.car \(2 artifacts, /);
      assert.match(ok.stderr, /FAILED/);
      assert.equal(ok.code, 1);
    } finally {
      t.cleanup();
    }
  });

  it("the editor's package/deploy (buildProjectCar) adds the connector, or fails with the code and the pom line", async () => {
    const t = tempDir('pkgc-editor-');
    const home = process.env.HOME;
    process.env.HOME = t.dir; // os.homedir(): where ~/.m2 is looked for
    try {
      const dir = bellProject(t.dir);
      await assert.rejects(buildProjectCar(dir), (e: unknown) => {
        assert.ok(e instanceof DeployError);
        assert.equal(e.code, 'CAR_CONNECTOR_MISSING');
        assert.match(
          e.message,
          /pom\.xml:5:5 error CAR_CONNECTOR_MISSING org\.example\.gong:gong-connector:0\.4\.0/,
        );
        return true;
      });
      const zip = install(join(t.dir, '.m2', 'repository'));
      const built = await buildProjectCar(dir);
      assert.equal(built.fileName, 'bell_2.0.0.car');
      const car = await readCar(built.bytes, built.fileName);
      assert.ok(car.entries.get('gong-connector_0.4.0/gong-connector-0.4.0.zip')?.equals(zip));
      assert.deepEqual(car.artifacts.map((a) => `${a.type} ${a.name}`).sort(), [
        'synapse/api BellApi',
        'synapse/lib gong-connector',
      ]);
    } finally {
      process.env.HOME = home;
      t.cleanup();
    }
  });
});

describe('connector packaging codes are documented', () => {
  it('docs/diagnostics.md lists every CAR_CONNECTOR_ code the resolver reports, as an error', () => {
    const root = join(__dirname, '..', '..');
    const used = new Set(
      [
        ...readFileSync(join(root, 'core', 'car', 'connectors.ts'), 'utf8').matchAll(
          /'(CAR_CONNECTOR_[A-Z]+)'/g,
        ),
      ].map((m) => m[1]),
    );
    assert.ok(used.size >= 4, `only ${used.size} codes found: the scan is broken`);
    const doc = readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Packaging'));
    for (const c of used) assert.ok(section.includes(`| \`${c}\` | error |`), `${c} is not documented`);
  });
});
