import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { buildCar, loadProject, readCar } from '../../core/car';
import { resolveConnectorDependencies } from '../../core/car/connectors';
import { fetchConnectorZip } from '../../core/car/connectorsFetch';
import { connectorDependenciesOf } from '../../core/car/connectorsPom';
import { writeZip } from '../../core/car/zipwrite';
import { artifactFile, localRepository, mirrorCovers, repositoryUrls } from '../../core/car/connectorsRepo';
import { tempDir } from './helpers/servers';

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.example.parent</groupId><artifactId>base</artifactId><version>9.1.0</version></parent>
  <artifactId>lamp</artifactId>
  <properties>
    <wick.major>4</wick.major>
    <wick.version>\${wick.major}.2.0</wick.version>
    <cfg.group>org.example.cfg</cfg.group>
  </properties>
  <repositories>
    <repository><id>r1</id><url>https://repo.example.test/releases</url></repository>
    <repository><id>r2</id><url>https://repo.example.test/snapshots</url>
      <releases><enabled>false</enabled></releases></repository>
  </repositories>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.example.cfg</groupId><artifactId>oil-connector</artifactId><version>1.5.0</version><type>zip</type></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.example</groupId><artifactId>wick-connector</artifactId><version>\${wick.version}</version><type>zip</type></dependency>
    <dependency><groupId>\${cfg.group}</groupId><artifactId>oil-connector</artifactId><type>zip</type></dependency>
    <dependency><groupId>org.example</groupId><artifactId>glass-lib</artifactId><version>1.0</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>same-as-project</artifactId><version>\${project.version}</version><type>zip</type></dependency>
    <dependency><groupId>org.example</groupId><artifactId>range-connector</artifactId><version>[1.0,2.0)</version><type>zip</type></dependency>
    <dependency><groupId>org.example</groupId><artifactId>lost-connector</artifactId>
      <version>\${nowhere}</version><type>zip</type></dependency>
  </dependencies>
  <profiles><profile><id>p</id><dependencies>
    <dependency><groupId>org.example</groupId><artifactId>profile-connector</artifactId><version>1</version><type>zip</type></dependency>
  </dependencies></profile></profiles>
</project>
`;

describe('connector dependencies read from pom.xml', () => {
  it('takes the zip dependencies of <project><dependencies>, placeholders and dependencyManagement resolved', () => {
    const r = connectorDependenciesOf(POM, 'pom.xml');
    assert.deepEqual(
      r.dependencies.map((d) => `${d.groupId}:${d.artifactId}:${d.version ?? '-'} ${d.line}:${d.col}`),
      [
        'org.example:wick-connector:4.2.0 20:5',
        'org.example.cfg:oil-connector:1.5.0 21:5',
        'org.example:same-as-project:9.1.0 23:5',
        'org.example:range-connector:- 24:5',
        'org.example:lost-connector:- 25:5',
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.line}:${p.col} ${p.code}`),
      ['24:87 CAR_CONNECTOR_VERSION', '26:7 CAR_CONNECTOR_VERSION'],
    );
    assert.match(r.problems[0].message, /version range/);
    assert.match(r.problems[1].message, /\$\{nowhere\} is not a property of pom\.xml/);
    assert.deepEqual(r.repositories, ['https://repo.example.test/releases']);
    assert.deepEqual(r.snapshotRepositories, [
      'https://repo.example.test/releases',
      'https://repo.example.test/snapshots',
    ]);
  });

  it('refuses a pom with a DOCTYPE (entities) with its line', () => {
    assert.throws(
      () =>
        connectorDependenciesOf(
          '<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY x "y">]>\n<project/>\n',
          'pom.xml',
        ),
      /pom\.xml:2: .*PROJECT_BAD_FILE/,
    );
  });

  it('chooses the local repository as Maven does: option, settings.xml localRepository, ~/.m2/repository', () => {
    const t = tempDir('pkgc-repo-');
    try {
      assert.equal(localRepository({ home: t.dir }).dir, join(t.dir, '.m2', 'repository'));
      mkdirSync(join(t.dir, '.m2'));
      writeFileSync(
        join(t.dir, '.m2', 'settings.xml'),
        '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"><localRepository>${user.home}/cache/m2</localRepository></settings>',
      );
      const s = localRepository({ home: t.dir });
      assert.equal(s.dir, join(t.dir, 'cache', 'm2'));
      assert.equal(s.from, 'settings');
      assert.equal(localRepository({ home: t.dir, override: join(t.dir, 'x') }).dir, join(t.dir, 'x'));
      assert.equal(
        artifactFile('/r', 'org.wso2.integration.connector', 'mi-connector-http', '0.1.14'),
        join(
          '/r',
          'org',
          'wso2',
          'integration',
          'connector',
          'mi-connector-http',
          '0.1.14',
          'mi-connector-http-0.1.14.zip',
        ),
      );
    } finally {
      t.cleanup();
    }
  });
});

describe('connectors of an Integration Studio connector exporter module', () => {
  it('are packaged as synapse/lib artifacts; a zip the descriptor names but that is missing is refused', async () => {
    const t = tempDir('pkgc-studio-');
    try {
      const dir = join(t.dir, 'lamp');
      cpSync(join(__dirname, '..', 'fixtures', 'package-connectors', 'lamp-studio'), dir, {
        recursive: true,
      });
      assert.throws(
        () => loadProject(dir),
        /LampConnectorExporter[\\/]artifact\.xml:3: connector zip 'chime-connector-1\.2\.3\.zip' not found .*PROJECT_BAD_FILE/,
      );
      const zip = writeZip([
        {
          path: 'connector.xml',
          data: Buffer.from('<connector><component name="chime" package="x"/></connector>'),
        },
      ]);
      writeFileSync(join(dir, 'LampConnectorExporter', 'chime-connector-1.2.3.zip'), zip);
      const p = loadProject(dir);
      assert.equal(p.layout, 'integration-studio');
      const car = await readCar(await buildCar(p), 'lamp.car');
      assert.deepEqual(car.artifacts.map((a) => `${a.name}:${a.version}:${a.type}:${a.serverRole}`).sort(), [
        'LampApi:3.0.0:synapse/api:EnterpriseServiceBus',
        'chime-connector:1.2.3:synapse/lib:EnterpriseServiceBus',
      ]);
      assert.ok(car.entries.get('chime-connector_1.2.3/chime-connector-1.2.3.zip')?.equals(zip));
    } finally {
      t.cleanup();
    }
  });
});

describe('repositories for --fetch-connectors, as Maven reaches them', () => {
  const central = { id: 'central', url: 'https://repo1.maven.org/maven2/' };
  const corp = { id: 'corp', url: 'http://corp.example.test/m2/' };
  const secure = { id: 'secure', url: 'https://secure.example.test/m2/' };
  const mirror = (id: string, url: string, mirrorOf: string) => ({ id, url, mirrorOf });

  it('blocks plain HTTP to another machine (Maven 3.8.1+), keeps order, dedupes mirrored repositories', () => {
    assert.deepEqual(repositoryUrls([corp, secure, central], []), {
      urls: [secure.url, central.url],
      blocked: [corp.url],
    });
    assert.deepEqual(repositoryUrls([{ id: 'mine', url: 'http://127.0.0.1:8081/m2/' }], []).blocked, []);
    const all = mirror('m', 'https://mirror.example.test/all/', '*');
    assert.deepEqual(repositoryUrls([corp, secure, central], [all]), { urls: [all.url], blocked: [] });
  });

  it('takes the mirror naming the id before a pattern, honours !id and external:*', () => {
    const any = mirror('any', 'https://mirror.example.test/any/', '*,!secure');
    const forCentral = mirror('c', 'https://mirror.example.test/central/', 'central');
    assert.deepEqual(repositoryUrls([secure, central], [any, forCentral]).urls, [secure.url, forCentral.url]);
    const ext = mirror('e', 'https://mirror.example.test/ext/', 'external:*');
    const local = { id: 'local', url: 'http://localhost:8081/m2/' };
    assert.deepEqual(repositoryUrls([local, central], [ext]).urls, [local.url, ext.url]);
    assert.equal(mirrorCovers('external:http:*', corp), true);
    assert.equal(mirrorCovers('external:http:*', secure), false);
  });
});

describe('resolveConnectorDependencies (the API the editor can call)', () => {
  it('reports each dependency with its pom position; refuses a zip over the size limit', async () => {
    const t = tempDir('pkgc-api-');
    try {
      const repo = join(t.dir, 'repo');
      const zip = writeZip([
        {
          path: 'connector.xml',
          data: Buffer.from('<connector><component name="wick" package="x"/></connector>'),
        },
      ]);
      const file = artifactFile(repo, 'org.example', 'wick-connector', '4.2.0');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, zip);
      writeFileSync(join(t.dir, 'pom.xml'), POM);
      const res = await resolveConnectorDependencies(t.dir, { mavenRepoLocal: repo, home: t.dir });
      assert.deepEqual(
        res.resolved.map((r) => `${r.dependency.artifactId} ${r.origin} ${r.file === file}`),
        ['wick-connector local-repository true'],
      );
      assert.deepEqual(
        res.problems.map((p) => `${p.line}:${p.col} ${p.code}`),
        [
          '24:87 CAR_CONNECTOR_VERSION',
          '26:7 CAR_CONNECTOR_VERSION',
          '21:5 CAR_CONNECTOR_MISSING',
          '23:5 CAR_CONNECTOR_MISSING',
        ],
      );
      const small = await resolveConnectorDependencies(t.dir, {
        mavenRepoLocal: repo,
        home: t.dir,
        maxZipBytes: 10,
      });
      assert.match(
        small.problems.find((p) => p.code === 'CAR_CONNECTOR_INVALID')!.message,
        /wick-connector:4\.2\.0: .* is refused: \d+ bytes \(limit 10\)/,
      );
    } finally {
      t.cleanup();
    }
  });
});

describe('fetchConnectorZip bounds', () => {
  it('refuses a body over the size limit and gives up on a repository that does not answer in time', async () => {
    const t = tempDir('pkgc-bounds-');
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/big/')) {
        // no Content-Length: the limit must hold while reading
        res.writeHead(200);
        res.write(Buffer.alloc(3000));
        res.end(Buffer.alloc(3000));
      }
      // /slow/: never answers
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const dep = { groupId: 'org.example', artifactId: 'wick-connector', version: '1.0.0' };
      const started = Date.now();
      const got = await fetchConnectorZip(dep, [`${base}/slow/`, `${base}/big/`], t.dir, {
        maxBytes: 4096,
        timeoutMs: 300,
      });
      assert.equal(got.file, undefined);
      assert.equal(got.failures.length, 2);
      assert.match(
        got.failures[0],
        /\/slow\/org\/example\/wick-connector\/1\.0\.0\/wick-connector-1\.0\.0\.zip: no answer within 300 ms/,
      );
      assert.match(got.failures[1], /\/big\/.*: more than 4096 bytes/);
      assert.ok(Date.now() - started < 5000);
      assert.ok(!existsSync(artifactFile(t.dir, dep.groupId, dep.artifactId, dep.version)));
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
      t.cleanup();
    }
  });
});
