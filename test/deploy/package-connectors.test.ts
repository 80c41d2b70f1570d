import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { readCar } from '../../core/car';
import { writeZip } from '../../core/car/zipwrite';
import { runCli } from './helpers/cli';
import { rawZip } from './helpers/rawzip';
import { tempDir } from './helpers/servers';

const FIX = join(__dirname, '..', 'fixtures', 'package-connectors');
const GROUP = 'org.example.connectors';

/** A connector zip of our own: connector.xml at the root and one template. */
function chimeZip(version: string): Buffer {
  return writeZip([
    {
      path: 'connector.xml',
      data: Buffer.from(
        `<connector>\n  <component name="chime" package="org.example.chime">\n    <dependency component="ring"/>\n    <description>test connector ${version}</description>\n  </component>\n</connector>\n`,
      ),
    },
    {
      path: 'ring/component.xml',
      data: Buffer.from(
        '<component name="ring" type="synapse/template">\n  <subComponents>\n    <component name="ring">\n      <file>ring.xml</file>\n    </component>\n  </subComponents>\n</component>\n',
      ),
    },
    {
      path: 'ring/ring.xml',
      data: Buffer.from(
        '<template xmlns="http://ws.apache.org/ns/synapse" name="ring">\n  <parameter name="tone"/>\n  <sequence><log level="simple"/></sequence>\n</template>\n',
      ),
    },
  ]);
}

interface Dep {
  artifactId: string;
  version: string;
  groupId?: string;
}

function pom(deps: Dep[], extra = ''): string {
  const ds = deps
    .map(
      (d) =>
        `    <dependency>\n      <groupId>${d.groupId ?? GROUP}</groupId>\n      <artifactId>${d.artifactId}</artifactId>\n      <version>${d.version}</version>\n      <type>zip</type>\n    </dependency>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>org.example</groupId>\n  <artifactId>bell</artifactId>\n  <version>1.0.0</version>\n  <packaging>pom</packaging>\n${extra}  <dependencies>\n${ds}  </dependencies>\n</project>\n`;
}

/** The bell project in a temp folder with the given pom; returns its folder. */
function project(root: string, pomText: string): string {
  const dir = join(root, 'bell');
  cpSync(join(FIX, 'bell-project'), dir, { recursive: true });
  writeFileSync(join(dir, 'pom.xml'), pomText);
  return dir;
}

function install(repo: string, artifactId: string, version: string, bytes: Buffer, groupId = GROUP): string {
  const file = join(repo, ...groupId.split('.'), artifactId, version, `${artifactId}-${version}.zip`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** A Maven repository layout served over HTTP on 127.0.0.1 (path → bytes), counting requests. */
async function mavenServer(
  files: Map<string, Buffer>,
): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end('not here');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/maven2/`, hits, server };
}

function sha1(b: Buffer): string {
  return createHash('sha1').update(b).digest('hex');
}

async function readBack(file: string) {
  return readCar(readFileSync(file), file);
}

function carsIn(dir: string): string[] {
  const t = join(dir, 'target');
  return existsSync(t) ? readdirSync(t).filter((n) => n.endsWith('.car')) : [];
}

describe('synapse package: connector dependencies of pom.xml', function () {
  this.timeout(60000);

  it('puts a zip dependency found in the local Maven repository into the CAR as synapse/lib', async () => {
    const t = tempDir('pkgc-local-');
    try {
      const repo = join(t.dir, 'm2repo');
      const zip = chimeZip('1.2.3');
      install(repo, 'chime-connector', '1.2.3', zip);
      const dir = project(
        t.dir,
        pom(
          [{ artifactId: 'chime-connector', version: '${chime.version}' }],
          '  <properties>\n    <chime.version>1.2.3</chime.version>\n  </properties>\n',
        ),
      );
      const r = await runCli(['package', dir, '--maven-repo-local', repo], { HOME: t.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /bell 1\.0\.0 \(mi layout\): 2 artifacts/);
      const car = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      const lib = car.artifacts.find((a) => a.type === 'synapse/lib');
      assert.ok(lib, 'a synapse/lib artifact');
      assert.equal(lib.name, 'chime-connector');
      assert.equal(lib.version, '1.2.3');
      assert.ok(car.entries.get('chime-connector_1.2.3/chime-connector-1.2.3.zip')?.equals(zip));
      assert.match(
        car.entries.get('chime-connector_1.2.3/artifact.xml')!.toString(),
        /name="chime-connector"[^>]*version="1\.2\.3"[^>]*type="synapse\/lib"/,
      );
      assert.match(
        car.entries.get('artifacts.xml')!.toString(),
        /artifact="chime-connector"[^>]*version="1\.2\.3"/,
      );
    } finally {
      t.cleanup();
    }
  });

  it('finds the local repository through localRepository of ~/.m2/settings.xml (validation on)', async () => {
    const t = tempDir('pkgc-settings-');
    try {
      const repo = join(t.dir, 'elsewhere', 'repo');
      install(repo, 'chime-connector', '2.0.0', chimeZip('2.0.0'));
      mkdirSync(join(t.dir, '.m2'));
      writeFileSync(
        join(t.dir, '.m2', 'settings.xml'),
        '<settings>\n  <localRepository>${user.home}/elsewhere/repo</localRepository>\n</settings>\n',
      );
      const dir = project(t.dir, pom([{ artifactId: 'chime-connector', version: '2.0.0' }]));
      const r = await runCli(['package', dir], { HOME: t.dir });
      assert.equal(r.code, 0, r.stderr);
      const car = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      assert.deepEqual(
        car.artifacts.filter((a) => a.type === 'synapse/lib').map((a) => `${a.name}:${a.version}`),
        ['chime-connector:2.0.0'],
      );
    } finally {
      t.cleanup();
    }
  });

  it('warns with pom.xml:line:col and the code for each dependency it cannot find and packages without them; --require-connectors makes it an error (exit 1, no CAR)', async () => {
    const t = tempDir('pkgc-missing-');
    try {
      const repo = join(t.dir, 'm2repo');
      mkdirSync(repo);
      const dir = project(
        t.dir,
        pom([
          { artifactId: 'chime-connector', version: '1.2.3' },
          { artifactId: 'gong-connector', version: '${gong.version}' },
        ]),
      );
      const r = await runCli(
        ['package', dir, '--no-validate', '--maven-repo-local', repo, '--require-connectors'],
        {
          HOME: t.dir,
        },
      );
      assert.equal(r.code, 1);
      const where = join(
        repo,
        'org',
        'example',
        'connectors',
        'chime-connector',
        '1.2.3',
        'chime-connector-1.2.3.zip',
      );
      assert.ok(
        r.stderr.includes(
          `pom.xml:9:5 error CAR_CONNECTOR_MISSING ${GROUP}:chime-connector:1.2.3 is not in src/main/wso2mi/resources/connectors nor in the local Maven repository (${where}); put the zip there or run synapse package --fetch-connectors`,
        ),
        r.stderr,
      );
      assert.match(
        r.stderr,
        /pom\.xml:18:7 error CAR_CONNECTOR_VERSION .*gong-connector.*\$\{gong\.version\} is not a property/,
      );
      assert.deepEqual(carsIn(dir), []);
      // by default: the same lines as warnings, and a CAR without them (a server may have the connectors already)
      const w = await runCli(['package', dir, '--no-validate', '--maven-repo-local', repo], { HOME: t.dir });
      assert.equal(w.code, 0, w.stderr);
      assert.ok(
        w.stderr.includes(
          `pom.xml:9:5 warning CAR_CONNECTOR_MISSING ${GROUP}:chime-connector:1.2.3 is not in`,
        ),
        w.stderr,
      );
      assert.match(w.stderr, /pom\.xml:18:7 warning CAR_CONNECTOR_VERSION /);
      assert.match(
        w.stderr,
        /the CAR does not carry these connectors: Micro Integrator refuses the artifacts that use them/,
      );
      const partial = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      assert.equal(partial.artifacts.filter((a) => a.type === 'synapse/lib').length, 0);
      rmSync(join(dir, 'target'), { recursive: true, force: true });
      // --no-connectors packages without them, and says so
      const n = await runCli(
        ['package', dir, '--no-validate', '--no-connectors', '--maven-repo-local', repo],
        {
          HOME: t.dir,
        },
      );
      assert.equal(n.code, 0, n.stderr);
      assert.match(
        n.stderr,
        /does not carry the connectors .*chime-connector:1\.2\.3.*gong-connector.*--no-connectors/,
      );
      const car = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      assert.equal(car.artifacts.filter((a) => a.type === 'synapse/lib').length, 0);
      // flags that do not fit together are usage errors
      assert.equal((await runCli(['package', dir, '--no-connectors', '--fetch-connectors'])).code, 2);
      assert.equal((await runCli(['package', dir, '--maven-repo', 'http://127.0.0.1:1/'])).code, 2);
      assert.equal((await runCli(['package', dir, '--no-connectors', '--require-connectors'])).code, 2);
    } finally {
      t.cleanup();
    }
  });

  it('--fetch-connectors downloads from the given repository (checking .sha1), caches it and packages it', async () => {
    const t = tempDir('pkgc-fetch-');
    const zip = chimeZip('3.1.0');
    const path = '/maven2/org/example/connectors/chime-connector/3.1.0/chime-connector-3.1.0.zip';
    const m = await mavenServer(
      new Map([
        [path, zip],
        [`${path}.sha1`, Buffer.from(`${sha1(zip)}  chime-connector-3.1.0.zip\n`)],
      ]),
    );
    const empty = await mavenServer(new Map());
    try {
      const repo = join(t.dir, 'm2repo');
      const dir = project(t.dir, pom([{ artifactId: 'chime-connector', version: '3.1.0' }]));
      const args = ['package', dir, '--no-validate', '--maven-repo-local', repo];
      // never downloads unless asked
      assert.equal((await runCli([...args, '--require-connectors'], { HOME: t.dir })).code, 1);
      assert.equal(m.hits.length, 0);
      const r = await runCli(
        [...args, '--fetch-connectors', '--maven-repo', empty.url, '--maven-repo', m.url],
        {
          HOME: t.dir,
        },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /downloaded org\.example\.connectors:chime-connector:3\.1\.0 from http:\/\/127\.0\.0\.1/,
      );
      assert.deepEqual(empty.hits, [path]); // tried first, 404, then the next repository
      assert.deepEqual(m.hits, [path, `${path}.sha1`]);
      const cached = join(
        repo,
        'org',
        'example',
        'connectors',
        'chime-connector',
        '3.1.0',
        'chime-connector-3.1.0.zip',
      );
      assert.ok(readFileSync(cached).equals(zip));
      assert.equal(readFileSync(`${cached}.sha1`, 'utf8').trim(), sha1(zip));
      const car = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      assert.ok(car.entries.get('chime-connector_3.1.0/chime-connector-3.1.0.zip')?.equals(zip));
      // cached: packaging again needs no network
      const again = await runCli([...args, '--fetch-connectors', '--maven-repo', m.url], { HOME: t.dir });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(m.hits.length, 2);
    } finally {
      m.server.close();
      empty.server.close();
      t.cleanup();
    }
  });

  it('--fetch-connectors without --maven-repo goes through the mirror of ~/.m2/settings.xml', async () => {
    const t = tempDir('pkgc-mirror-');
    const zip = chimeZip('5.0.0');
    const path = '/maven2/org/example/connectors/chime-connector/5.0.0/chime-connector-5.0.0.zip';
    const m = await mavenServer(
      new Map([
        [path, zip],
        [`${path}.sha1`, Buffer.from(sha1(zip))],
      ]),
    );
    try {
      mkdirSync(join(t.dir, '.m2'));
      writeFileSync(
        join(t.dir, '.m2', 'settings.xml'),
        `<settings>\n  <localRepository>\${user.home}/m2cache</localRepository>\n  <mirrors>\n    <mirror><id>all</id><url>${m.url}</url><mirrorOf>*</mirrorOf></mirror>\n  </mirrors>\n</settings>\n`,
      );
      const dir = project(
        t.dir,
        pom(
          [{ artifactId: 'chime-connector', version: '5.0.0' }],
          '  <repositories>\n    <repository><id>corp</id><url>https://corp.example.test/m2/</url></repository>\n  </repositories>\n',
        ),
      );
      const r = await runCli(['package', dir, '--no-validate', '--fetch-connectors'], { HOME: t.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(m.hits, [path, `${path}.sha1`]); // the pom's repository and Central both behind the mirror
      assert.ok(
        existsSync(
          join(
            t.dir,
            'm2cache',
            'org',
            'example',
            'connectors',
            'chime-connector',
            '5.0.0',
            'chime-connector-5.0.0.zip',
          ),
        ),
      );
      const car = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      assert.ok(car.entries.get('chime-connector_5.0.0/chime-connector-5.0.0.zip')?.equals(zip));
    } finally {
      m.server.close();
      t.cleanup();
    }
  });

  it('refuses a download whose .sha1 does not match, and says which repository failed how', async () => {
    const t = tempDir('pkgc-sha-');
    const zip = chimeZip('3.1.0');
    const path = '/maven2/org/example/connectors/chime-connector/3.1.0/chime-connector-3.1.0.zip';
    const m = await mavenServer(
      new Map([
        [path, zip],
        [`${path}.sha1`, Buffer.from(`${'0'.repeat(40)}\n`)],
      ]),
    );
    // a port with nothing listening: unreachable
    const closed = await mavenServer(new Map());
    await new Promise((r) => closed.server.close(r));
    try {
      const repo = join(t.dir, 'm2repo');
      const dir = project(t.dir, pom([{ artifactId: 'chime-connector', version: '3.1.0' }]));
      const base = ['package', dir, '--no-validate', '--maven-repo-local', repo, '--fetch-connectors'];
      const r = await runCli([...base, '--maven-repo', m.url], { HOME: t.dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /pom\.xml:9:5 error CAR_CONNECTOR_CHECKSUM .*checksum mismatch.*refused/);
      assert.ok(
        !existsSync(
          join(repo, 'org', 'example', 'connectors', 'chime-connector', '3.1.0', 'chime-connector-3.1.0.zip'),
        ),
      );
      assert.deepEqual(carsIn(dir), []);
      const u = await runCli([...base, '--maven-repo', closed.url], { HOME: t.dir });
      assert.equal(u.code, 1);
      assert.match(
        u.stderr,
        /pom\.xml:9:5 error CAR_CONNECTOR_MISSING .*could not be downloaded: http:\/\/127\.0\.0\.1:\d+\/maven2\/.*unreachable/,
      );
    } finally {
      m.server.close();
      t.cleanup();
    }
  });

  it('refuses a zip that is not a connector, or that has a zip-slip entry', async () => {
    const t = tempDir('pkgc-bad-');
    try {
      const repo = join(t.dir, 'm2repo');
      install(
        repo,
        'plain-zip',
        '1.0.0',
        writeZip([{ path: 'readme.txt', data: Buffer.from('no connector here') }]),
      );
      install(
        repo,
        'slip-connector',
        '1.0.0',
        rawZip([
          { name: 'connector.xml', data: '<connector><component name="slip" package="x"/></connector>' },
          { name: '../../outside.txt', data: 'escape' },
        ]),
      );
      const dir = project(
        t.dir,
        pom([
          { artifactId: 'plain-zip', version: '1.0.0' },
          { artifactId: 'slip-connector', version: '1.0.0' },
        ]),
      );
      const r = await runCli(['package', dir, '--no-validate', '--maven-repo-local', repo], { HOME: t.dir });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /pom\.xml:9:5 error CAR_CONNECTOR_INVALID .*plain-zip:1\.0\.0: .* no connector\.xml at the root/,
      );
      assert.match(
        r.stderr,
        /pom\.xml:15:5 error CAR_CONNECTOR_INVALID .*slip-connector:1\.0\.0: .*unsafe entry '\.\.\/\.\.\/outside\.txt'/,
      );
      assert.deepEqual(carsIn(dir), []);
      assert.ok(!existsSync(join(t.dir, 'outside.txt')));
    } finally {
      t.cleanup();
    }
  });

  it('a connector kept in resources/connectors is packaged as before, once even when the pom declares it', async () => {
    const t = tempDir('pkgc-res-');
    try {
      const zip = chimeZip('1.2.3');
      const repo = join(t.dir, 'm2repo');
      // the local repository holds another build of the same version: the project's own zip wins
      install(repo, 'chime-connector', '1.2.3', chimeZip('other'));
      const dir = project(t.dir, pom([{ artifactId: 'chime-connector', version: '1.2.3' }]));
      mkdirSync(join(dir, 'src/main/wso2mi/resources/connectors'), { recursive: true });
      writeFileSync(join(dir, 'src/main/wso2mi/resources/connectors/chime-connector-1.2.3.zip'), zip);
      const r = await runCli(['package', dir, '--no-validate', '--maven-repo-local', repo], { HOME: t.dir });
      assert.equal(r.code, 0, r.stderr);
      const car = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      const libs = car.artifacts.filter((a) => a.type === 'synapse/lib');
      assert.deepEqual(
        libs.map((a) => `${a.name}:${a.version}`),
        ['chime-connector:1.2.3'],
      );
      assert.ok(car.entries.get('chime-connector_1.2.3/chime-connector-1.2.3.zip')?.equals(zip));
      // and without any zip dependency in the pom, nothing changes
      writeFileSync(join(dir, 'pom.xml'), pom([]));
      const r2 = await runCli(['package', dir, '--no-validate', '--maven-repo-local', join(t.dir, 'none')], {
        HOME: t.dir,
      });
      assert.equal(r2.code, 0, r2.stderr);
      assert.equal(r2.stderr, '');
      const car2 = await readBack(join(dir, 'target', 'bell_1.0.0.car'));
      assert.deepEqual(car2.artifacts.map((a) => a.type).sort(), ['synapse/api', 'synapse/lib']);
    } finally {
      t.cleanup();
    }
  });
});
