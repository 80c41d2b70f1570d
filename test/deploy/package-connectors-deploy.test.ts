import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCar } from '../../core/car';
import { writeZip } from '../../core/car/zipwrite';
import { buildProjectCar } from '../../client/deploy/deploy-core';
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

  it('synapse deploy DIR --require-connectors refuses to upload a CAR without its connectors; by default it warns; packages them when found', async () => {
    const t = tempDir('pkgc-deploy-');
    try {
      const dir = bellProject(t.dir);
      const port = await closedPort();
      const env = { HOME: t.dir, SYNAPSE_PASSWORD: 'pw' };
      const args = ['deploy', dir, '--no-validate', '--server', `http://127.0.0.1:${port}`, '--timeout', '5'];
      const r = await runCli([...args, '--require-connectors'], env);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /pom\.xml:5:5 error CAR_CONNECTOR_MISSING org\.example\.gong:gong-connector:0\.4\.0 is not in/,
      );
      assert.doesNotMatch(r.stdout, /packaged/);
      assert.doesNotMatch(r.stderr, /FAILED/); // no upload was tried
      // by default: a warning, and the CAR without the connector goes (the upload fails here: nothing listens)
      const w = await runCli(args, env);
      assert.match(
        w.stderr,
        /pom\.xml:5:5 warning CAR_CONNECTOR_MISSING org\.example\.gong:gong-connector:0\.4\.0/,
      );
      assert.match(w.stdout, /packaged bell_2\.0\.0\.car \(1 artifacts, /);
      assert.match(w.stderr, /FAILED/);
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

  it("the editor's package/deploy (buildProjectCar) adds the connector, or warns with the code and the pom line", async () => {
    const t = tempDir('pkgc-editor-');
    const home = process.env.HOME;
    process.env.HOME = t.dir; // os.homedir(): where ~/.m2 is looked for
    try {
      const dir = bellProject(t.dir);
      const without = await buildProjectCar(dir);
      assert.match(
        without.warnings[0],
        /pom\.xml:5:5 warning CAR_CONNECTOR_MISSING org\.example\.gong:gong-connector:0\.4\.0/,
      );
      assert.match(without.warnings[1], /the CAR does not carry this connector/);
      assert.deepEqual(
        (await readCar(without.bytes, without.fileName)).artifacts.map((a) => a.type),
        ['synapse/api'],
      );
      const zip = install(join(t.dir, '.m2', 'repository'));
      const built = await buildProjectCar(dir);
      assert.deepEqual(built.warnings, []);
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
  it('docs/diagnostics.md lists every CAR_CONNECTOR_ code the resolver reports, with its severity', () => {
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
    // a dependency not to be had offline warns (an error when the connectors are required); a wrong zip stops it
    const severity = (c: string) =>
      c === 'CAR_CONNECTOR_MISSING' || c === 'CAR_CONNECTOR_VERSION' ? 'warning (error with' : 'error |';
    for (const c of used)
      assert.ok(section.includes(`| \`${c}\` | ${severity(c)}`), `${c} is not documented as ${severity(c)}`);
  });
});
