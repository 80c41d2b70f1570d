/**
 * Versioned deployment of Carbon applications (MI 4.5), as MI's VersionedDeploymentTestCase shows it: a CAR whose
 * descriptor.xml turns `versionedDeployment` on deploys its artifacts as `groupId__artifactId__version__Name`, the
 * references inside it follow (and `groupId__artifactId__Name` ones take the version of the CAR it depends on), and with
 * `expose.versioned.services` its APIs are served under /groupId/artifactId/version/… and its proxies named
 * `<id>/<name>` (Synapse FactoryUtils, API.setContext; MI ApplicationConfiguration, AppDeployerUtils).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeZip } from '../../core/car/zipwrite';
import { buildCar, loadProject, readCar, readDescriptor, versionedXml } from '../../core/car';
import { Runtime } from '../../runtime-debug/engine';
import { EngineHost, ServeRuntime } from '../../runtime-debug/management/engineHost';
import { appNameWithVersion, DeploymentRegistry } from '../../runtime-debug/management/registry';
import { send } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

interface Part {
  name: string;
  type: string;
  xml: string;
  /** The payload's extension (`xml`, `dbs`, `zip`). */
  ext?: string;
  /** The payload's bytes when not `xml` (a connector zip). */
  data?: Buffer;
}

/** A CAR as MI's tooling writes it: artifacts.xml, one folder per artifact, and descriptor.xml. */
function car(
  app: string,
  version: string,
  parts: Part[],
  descriptor?: { group: string; versioned: boolean; deps?: [string, string, string][] },
  items: { dir: string; file: string; path: string; data: string }[] = [],
): Buffer {
  const files: { path: string; data: Buffer }[] = [];
  const deps = parts.map(
    (p) =>
      `<dependency artifact="${p.name}" version="${version}" include="true" serverRole="EnterpriseIntegrator"/>`,
  );
  for (const p of parts) {
    files.push({
      path: `${p.name}_${version}/artifact.xml`,
      data: Buffer.from(
        `<artifact name="${p.name}" version="${version}" type="${p.type}" serverRole="EnterpriseIntegrator"><file>${p.name}-${version}.${p.ext ?? 'xml'}</file></artifact>`,
      ),
    });
    files.push({
      path: `${p.name}_${version}/${p.name}-${version}.${p.ext ?? 'xml'}`,
      data: p.data ?? Buffer.from(p.xml),
    });
  }
  for (const it of items) {
    deps.push(
      `<dependency artifact="${it.dir}" version="${version}" include="true" serverRole="EnterpriseIntegrator"/>`,
    );
    files.push({
      path: `${it.dir}_${version}/artifact.xml`,
      data: Buffer.from(
        `<artifact name="${it.dir}" version="${version}" type="registry/resource" serverRole="EnterpriseIntegrator"><file>registry-info.xml</file></artifact>`,
      ),
    });
    files.push({
      path: `${it.dir}_${version}/registry-info.xml`,
      data: Buffer.from(
        `<resources><item><file>${it.file}</file><path>${it.path}</path><mediaType>application/json</mediaType></item></resources>`,
      ),
    });
    files.push({ path: `${it.dir}_${version}/resources/${it.file}`, data: Buffer.from(it.data) });
  }
  files.push({
    path: 'artifacts.xml',
    data: Buffer.from(
      `<artifacts><artifact name="${app}" version="${version}" type="carbon/application">${deps.join('')}</artifact></artifacts>`,
    ),
  });
  if (descriptor)
    files.push({
      path: 'descriptor.xml',
      data: Buffer.from(
        `<project><id>${descriptor.group}__${app}__${version}</id><versionedDeployment>${descriptor.versioned}</versionedDeployment><fatCarEnabled>false</fatCarEnabled><dependencies>${(descriptor.deps ?? []).map(([g, a, v]) => `<dependency groupId="${g}" artifactId="${a}" version="${v}" type="car"/>`).join('')}</dependencies></project>`,
      ),
    });
  return writeZip(files);
}

const GROUP = 'net.harbor';
const api1 = `<api ${NS} name="LedgerAPI" context="/ledger2"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`;

/** The shared CAR: a sequence template and a sequence others call as `net.harbor__kit__NAME`. */
const kit = (version: string, word: string) =>
  car(
    'kit',
    version,
    [
      {
        name: 'stamp_tpl',
        type: 'synapse/template',
        xml: `<template ${NS} name="stamp_tpl"><parameter name="code"/><sequence><payloadFactory media-type="json"><format>{"stamp":"${word}-$1"}</format><args><arg expression="$func:code"/></args></payloadFactory></sequence></template>`,
      },
      {
        name: 'tell_seq',
        type: 'synapse/sequence',
        xml: `<sequence ${NS} name="tell_seq"><log level="custom"><property name="kit" value="${word}"/></log></sequence>`,
      },
    ],
    { group: GROUP, versioned: true },
  );

/** The versioned application: an API, a proxy, a sequence and an endpoint of its own, and references to kit. */
const ledger = (version: string, kitVersion: string) =>
  car(
    'ledger',
    version,
    [
      {
        name: 'mark_seq',
        type: 'synapse/sequence',
        xml: `<sequence ${NS} name="mark_seq"><property name="mark" value="ledger-${version}"/></sequence>`,
      },
      {
        name: 'LedgerAPI',
        type: 'synapse/api',
        xml: `<api ${NS} name="LedgerAPI" context="/ledger/"><resource methods="GET" uri-template="/"><inSequence><sequence key="mark_seq"/><payloadFactory media-type="json"><format>{"release":"$1"}</format><args><arg expression="$ctx:mark"/></args></payloadFactory><respond/></inSequence></resource><resource methods="GET" uri-template="/kit"><inSequence><sequence key="net.harbor__kit__tell_seq"/><call-template target="net.harbor__kit__stamp_tpl"><with-param name="code" value="${version}"/></call-template><respond/></inSequence></resource><resource methods="GET" uri-template="/names"><inSequence><payloadFactory media-type="json"><format>{"api":"$1","proxy":"$2"}</format><args><arg expression="$ctx:SYNAPSE_REST_API"/><arg value="-"/></args></payloadFactory><respond/></inSequence></resource></api>`,
      },
      {
        name: 'LedgerProxy',
        type: 'synapse/proxy-service',
        xml: `<proxy ${NS} name="LedgerProxy" transports="http"><target inSequence="answer_seq"/></proxy>`,
      },
      {
        name: 'answer_seq',
        type: 'synapse/sequence',
        xml: `<sequence ${NS} name="answer_seq"><sequence key="mark_seq"/><payloadFactory media-type="json"><format>{"proxy":"$1"}</format><args><arg expression="$ctx:mark"/></args></payloadFactory><respond/></sequence>`,
      },
    ],
    { group: GROUP, versioned: true, deps: [[GROUP, 'kit', kitVersion]] },
  );

/** A CAR without versioned deployment. */
const plain = car('plain', '1.0.0', [
  {
    name: 'PlainAPI',
    type: 'synapse/api',
    xml: `<api ${NS} name="PlainAPI" context="/plain"><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"plain":true}</format><args/></payloadFactory><respond/></inSequence></resource></api>`,
  },
  {
    name: 'PlainProxy',
    type: 'synapse/proxy-service',
    xml: `<proxy ${NS} name="PlainProxy" transports="http"><target><inSequence><payloadFactory media-type="json"><format>{"proxy":"plain"}</format><args/></payloadFactory><respond/></inSequence></target></proxy>`,
  },
]);

async function serve(expose: boolean) {
  const rt = new ServeRuntime({ httpPort: 0 });
  rt.exposeVersionedServices = expose;
  const lines: string[] = [];
  rt.on('log', (r: { line: string }) => lines.push(r.line));
  const reg = new DeploymentRegistry(new EngineHost(rt));
  const { port } = await rt.start();
  return { rt, reg, lines, base: `http://127.0.0.1:${port}` };
}

describe('versioned CAR deployment (MI VersionedDeploymentTestCase)', function () {
  this.timeout(20000);

  it('with expose.versioned.services two versions of one API are served side by side under /group/artifact/version (MI VersionedDeploymentTestCase)', async () => {
    const t = await serve(true);
    try {
      assert.ok((await t.reg.deployCar('kit_3.1.0.car', kit('3.1.0', 'kit31'))).deployed);
      const v1 = await t.reg.deployCar('ledger_1.0.0.car', ledger('1.0.0', '3.1.0'));
      const v2 = await t.reg.deployCar('ledger_1.0.1.car', ledger('1.0.1', '3.1.0'));
      assert.ok(v1.deployed && v2.deployed, JSON.stringify([v1.faulty, v2.faulty]));
      // CappDeployer logs a versioned application by its descriptor id (getAppNameWithVersion)
      assert.equal(appNameWithVersion(v1.deployed), 'net.harbor__ledger__1.0.0');
      assert.deepEqual(v1.deployed.synapse.map((a) => a.name).sort(), [
        'net.harbor__ledger__1.0.0/LedgerProxy',
        'net.harbor__ledger__1.0.0__LedgerAPI',
        'net.harbor__ledger__1.0.0__answer_seq',
        'net.harbor__ledger__1.0.0__mark_seq',
      ]);
      const logs = t.lines.join('\n');
      assert.match(logs, /Initializing API: net\.harbor__ledger__1\.0\.0__LedgerAPI/);
      assert.match(logs, /Sequence named 'net\.harbor__kit__3\.1\.0__tell_seq' has been deployed/);
      assert.match(logs, /ProxyService named 'net\.harbor__ledger__1\.0\.1\/LedgerProxy' has been deployed/);

      const r1 = await send(`${t.base}/net.harbor/ledger/1.0.0/ledger`);
      assert.equal(r1.status, 200);
      assert.deepEqual(r1.json(), { release: 'ledger-1.0.0' });
      const r2 = await send(`${t.base}/net.harbor/ledger/1.0.1/ledger`);
      assert.deepEqual(r2.json(), { release: 'ledger-1.0.1' });
      // the context is the versioned one only
      assert.equal((await send(`${t.base}/ledger`)).status, 404);

      // a `group__artifact__Name` reference takes the version the descriptor depends on
      const k = await send(`${t.base}/net.harbor/ledger/1.0.1/ledger/kit`);
      assert.equal(k.status, 200);
      assert.deepEqual(k.json(), { stamp: 'kit31-1.0.1' });
      assert.match(t.lines.join('\n'), /kit = kit31/);

      // the proxy at /services/<id>/<name>
      const p = await send(`${t.base}/services/net.harbor__ledger__1.0.1/LedgerProxy`, {
        body: '{"a":1}',
        type: 'application/json',
      });
      assert.equal(p.status, 200);
      assert.deepEqual(p.json(), { proxy: 'ledger-1.0.1' });
    } finally {
      await t.rt.stop(1000);
    }
  });

  it('a CAR without versioned deployment is deployed as it is, with FactoryUtils warning for its API and proxy (MI VersionedDeploymentTestCase)', async () => {
    const t = await serve(true);
    try {
      const out = await t.reg.deployCar('plain_1.0.0.car', plain);
      assert.ok(out.deployed);
      assert.equal(appNameWithVersion(out.deployed), 'plain_1.0.0');
      const logs = t.lines.join('\n');
      assert.match(
        logs,
        /WARN +\{FactoryUtils\} - The API 'PlainAPI' is not included in a versioned CApp\. Versioned service exposure is skipped; deploying as a regular API\./,
      );
      assert.match(
        logs,
        /The ProxyService 'PlainProxy' is not included in a versioned CApp\. Versioned service exposure is skipped; deploying as a regular ProxyService\./,
      );
      assert.deepEqual((await send(`${t.base}/plain`)).json(), { plain: true });
      assert.deepEqual((await send(`${t.base}/services/PlainProxy`)).json(), { proxy: 'plain' });
    } finally {
      await t.rt.stop(1000);
    }
  });

  it('without expose.versioned.services APIs keep their name and context, so a second version clashes; sequences are still versioned (MI VersionedDeploymentTestCase)', async () => {
    const t = await serve(false);
    try {
      assert.ok((await t.reg.deployCar('kit_3.1.0.car', kit('3.1.0', 'kit31'))).deployed);
      const v1 = await t.reg.deployCar('ledger_1.0.0.car', ledger('1.0.0', '3.1.0'));
      assert.ok(v1.deployed);
      assert.deepEqual(v1.deployed.synapse.map((a) => a.name).sort(), [
        'LedgerAPI',
        'LedgerProxy',
        'net.harbor__ledger__1.0.0__answer_seq',
        'net.harbor__ledger__1.0.0__mark_seq',
      ]);
      assert.match(t.lines.join('\n'), /Initializing API: LedgerAPI/);
      assert.doesNotMatch(t.lines.join('\n'), /not included in a versioned CApp/);
      assert.deepEqual((await send(`${t.base}/ledger`)).json(), { release: 'ledger-1.0.0' });
      const v2 = await t.reg.deployCar('ledger_1.0.1.car', ledger('1.0.1', '3.1.0'));
      // ProxyServiceDeployer (proxies deploy before APIs)
      assert.equal(
        v2.faulty?.reason,
        'ProxyService named : LedgerProxy already exists. To deploy multiple versions of a ProxyService, please enable service versioning.',
      );
      // SynapseConfiguration.addAPI
      const api = await t.reg.deployCar(
        'ledgerapi_1.0.1.car',
        car('ledger', '1.0.2', [{ name: 'LedgerAPI', type: 'synapse/api', xml: api1 }], {
          group: GROUP,
          versioned: true,
        }),
      );
      assert.equal(api.faulty?.reason, 'Duplicate resource definition by the name: LedgerAPI');
    } finally {
      await t.rt.stop(1000);
    }
  });

  it('a reference to a CAR the descriptor does not depend on makes the application faulty (FactoryUtils: Cannot find the artifact version)', async () => {
    const t = await serve(true);
    try {
      const bad = car(
        'stray',
        '1.0.0',
        [
          {
            name: 'StrayAPI',
            type: 'synapse/api',
            xml: `<api ${NS} name="StrayAPI" context="/stray"><resource methods="GET"><inSequence><sequence key="net.harbor__nowhere__x_seq"/><respond/></inSequence></resource></api>`,
          },
        ],
        { group: GROUP, versioned: true },
      );
      const out = await t.reg.deployCar('stray_1.0.0.car', bad);
      assert.ok(out.faulty);
      assert.match(out.faulty.reason, /Cannot find the artifact version for : net\.harbor__nowhere/);
    } finally {
      await t.rt.stop(1000);
    }
  });

  it('rewrites names, static keys and resource keys as the factories read them; dynamic keys stay (FactoryUtils)', () => {
    const entries = new Map([
      [
        'descriptor.xml',
        Buffer.from(
          `<project><id>g.h__app__2.0.0</id><versionedDeployment>TRUE</versionedDeployment><dependencies><dependency groupId="g.h" artifactId="lib" version="0.9.1" type="car"/></dependencies></project>`,
        ),
      ],
    ]);
    const d = readDescriptor(entries, 'x.car')!;
    assert.equal(d.id, 'g.h__app__2.0.0');
    const xml = `<sequence ${NS} name="main_seq" onError="err_seq"><sequence key="{get-property('k')}"/><filter xpath="1"><then sequence="yes_seq"/><else sequence="g.h__lib__no_seq"/></filter><xslt key="gov:xslt/t.xslt"/><datamapper config="resources:dm/a.dmc" inputSchema="resources:dm/g.h__lib__in.json" outputSchema="{$ctx:x}"/><store messageStore="box"/><http.get configKey="Conn"/><send><endpoint key="ep1"/></send><script language="js" key="resources:js/run.js"/><throttle onReject="deny_seq" onAccept="allow_seq"><policy key="pol"/></throttle><cache><onCacheHit sequence="hit_seq"/></cache></sequence>`;
    const out = versionedXml(xml, d, false);
    for (const s of [
      'name="g.h__app__2.0.0__main_seq"',
      'onError="g.h__app__2.0.0__err_seq"',
      `key="{get-property('k')}"`,
      'sequence="g.h__app__2.0.0__yes_seq"',
      'sequence="g.h__lib__0.9.1__no_seq"',
      'key="gov:xslt/g.h__app__2.0.0__t.xslt"',
      'config="resources:dm/g.h__app__2.0.0__a.dmc"',
      'inputSchema="resources:dm/g.h__lib__0.9.1__in.json"',
      'outputSchema="{$ctx:x}"',
      'messageStore="g.h__app__2.0.0__box"',
      'configKey="g.h__app__2.0.0__Conn"',
      'key="g.h__app__2.0.0__ep1"',
      'key="resources:js/g.h__app__2.0.0__run.js"',
      'onReject="g.h__app__2.0.0__deny_seq"',
      'onAccept="g.h__app__2.0.0__allow_seq"',
      'key="g.h__app__2.0.0__pol"',
      'sequence="g.h__app__2.0.0__hit_seq"',
    ])
      assert.ok(out.includes(s), `${s} in ${out}`);
  });

  it('synapse package writes descriptor.xml from the pom (versionedDeployment property, car dependencies), which deployment reads back (MI VersionedDeploymentTestCase)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w5-versioned-'));
    try {
      writeFileSync(
        join(dir, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>net.harbor</groupId><artifactId>ledger</artifactId><version>2.4.0</version><packaging>pom</packaging><properties><versionedDeployment>true</versionedDeployment></properties><dependencies><dependency><groupId>net.harbor</groupId><artifactId>kit</artifactId><version>3.1.0</version><type>car</type></dependency><dependency><groupId>org.x</groupId><artifactId>lib</artifactId><version>1</version></dependency></dependencies></project>`,
      );
      const apis = join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'apis');
      mkdirSync(apis, { recursive: true });
      writeFileSync(join(apis, 'LedgerAPI.xml'), api1);
      const bytes = await buildCar(loadProject(dir));
      const back = await readCar(bytes, 'ledger_2.4.0.car');
      assert.equal(back.versioned?.id, 'net.harbor__ledger__2.4.0');
      assert.deepEqual([...back.versioned.dependencies], [['net.harbor__kit', '3.1.0']]);
      assert.match(
        back.entries.get('descriptor.xml')!.toString(),
        /<versionedDeployment>true<\/versionedDeployment>\s*<fatCarEnabled>false<\/fatCarEnabled>\s*<dependencies>\s*<dependency groupId="net.harbor" artifactId="kit" version="3.1.0" type="car"\/>/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('synapse run: a project whose pom turns versionedDeployment on runs as its versioned CAR, its APIs under /group/artifact/version with expose.versioned.services (MI VersionedDeploymentTestCase)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w5-run-'));
    const rt = new Runtime({ httpPort: 0 });
    const lines: string[] = [];
    rt.on('log', (r: { line: string }) => lines.push(r.line));
    try {
      writeFileSync(
        join(dir, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>net.harbor</groupId><artifactId>till</artifactId><version>0.3.0</version><packaging>pom</packaging><properties><versionedDeployment>true</versionedDeployment></properties></project>`,
      );
      mkdirSync(join(dir, 'deployment'));
      writeFileSync(
        join(dir, 'deployment', 'deployment.toml'),
        `[synapse_properties]\n'expose.versioned.services' = true\n`,
      );
      const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
      mkdirSync(join(art, 'apis'), { recursive: true });
      mkdirSync(join(art, 'sequences'), { recursive: true });
      writeFileSync(
        join(art, 'apis', 'TillAPI.xml'),
        `<api ${NS} name="TillAPI" context="/till"><resource methods="GET"><inSequence><sequence key="till_seq"/><respond/></inSequence></resource></api>`,
      );
      writeFileSync(
        join(art, 'sequences', 'till_seq.xml'),
        `<sequence ${NS} name="till_seq"><payloadFactory media-type="json"><format>{"till":"open"}</format><args/></payloadFactory></sequence>`,
      );
      mkdirSync(join(dir, 'src', 'main', 'wso2mi', 'resources', 'metadata'), { recursive: true });
      writeFileSync(
        join(dir, 'src', 'main', 'wso2mi', 'resources', 'metadata', 'TillAPI_swagger.yaml'),
        `openapi: 3.0.1\ninfo:\n  title: TillDoc\n  version: 0.3.0\npaths: {}\n`,
      );
      const report = rt.loadProject(dir);
      assert.deepEqual(report.problems, []);
      const { port } = await rt.start();
      const logs = lines.join('\n');
      assert.match(logs, /Sequence named 'net\.harbor__till__0\.3\.0__till_seq' has been deployed/);
      assert.match(logs, /Initializing API: net\.harbor__till__0\.3\.0__TillAPI/);
      const r = await send(`http://127.0.0.1:${port}/net.harbor/till/0.3.0/till`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { till: 'open' });
      // CappDeployer gives the versioned API its `TillAPI_swagger` document
      const doc = await send(`http://127.0.0.1:${port}/net.harbor/till/0.3.0/till?swagger.json`);
      assert.equal(doc.status, 200);
      assert.match(doc.text, /TillDoc/);
    } finally {
      await rt.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with expose.versioned.services a versioned data service is named <id>/<name> and served at /services/<id>/<name> (DataServiceFactory; MI VersionedDeploymentTestCase)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w5-ds-'));
    const t = await serve(true);
    try {
      const csv = join(dir, 'bins.csv');
      writeFileSync(csv, 'code,qty\nB-7,3\n');
      const dbs = (name: string) =>
        `<data name="${name}" transports="http"><config id="bins"><property name="csv_datasource">${csv}</property><property name="csv_hasheader">true</property><property name="csv_startingrow">2</property></config><query id="all" useConfig="bins"><result element="Bins" rowName="Bin"><element column="code" name="code" xsdType="string"/></result></query><resource method="GET" path="bins"><call-query href="all"/></resource></data>`;
      const v = await t.reg.deployCar(
        'depot_1.0.0.car',
        car(
          'depot',
          '1.0.0',
          [{ name: 'BinsDS', type: 'service/dataservice', xml: dbs('BinsDS'), ext: 'dbs' }],
          {
            group: GROUP,
            versioned: true,
          },
        ),
      );
      assert.ok(v.deployed, JSON.stringify(v.faulty));
      const r = await send(`${t.base}/services/net.harbor__depot__1.0.0/BinsDS/bins`);
      assert.equal(r.status, 200);
      assert.match(r.text, /<code>B-7<\/code>/);
      const p = await t.reg.deployCar(
        'yard_1.0.0.car',
        car('yard', '1.0.0', [
          { name: 'YardDS', type: 'service/dataservice', xml: dbs('YardDS'), ext: 'dbs' },
        ]),
      );
      assert.ok(p.deployed);
      assert.match(
        t.lines.join('\n'),
        /The DataService 'YardDS' is not included in a versioned CApp\. Versioned service exposure is skipped; deploying as a regular DataService\./,
      );
      assert.equal((await send(`${t.base}/services/YardDS/bins`)).status, 200);
    } finally {
      await t.rt.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a FAT CAR deploys the CARs under its dependencies/ first, as applications of their own, and takes them away with it (CappDeployer; MI VersionedDeploymentTestCase)', async () => {
    const t = await serve(true);
    try {
      const inner = kit('3.1.0', 'fat31');
      const outer = ledger('1.0.0', '3.1.0');
      // the parent: its descriptor says fatCarEnabled, the dependency CAR sits under dependencies/
      const { unzipCar } = await import('../../core/car');
      const entries = await unzipCar(outer, 'ledger_1.0.0.car');
      entries.set(
        'descriptor.xml',
        Buffer.from(
          entries.get('descriptor.xml')!.toString().replace('<fatCarEnabled>false', '<fatCarEnabled>true'),
        ),
      );
      entries.set('dependencies/kit-3.1.0.car', inner);
      const fat = writeZip([...entries].map(([path, data]) => ({ path, data })));
      const out = await t.reg.deployCar('ledger_1.0.0.car', fat);
      assert.ok(out.deployed, JSON.stringify(out.faulty));
      assert.equal(out.embedded?.length, 1);
      assert.equal(appNameWithVersion(out.embedded![0].deployed!), 'net.harbor__kit__3.1.0');
      assert.deepEqual([...t.reg.apps.keys()], ['kit-3.1.0', 'ledger_1.0.0']);
      const k = await send(`${t.base}/net.harbor/ledger/1.0.0/ledger/kit`);
      assert.deepEqual(k.json(), { stamp: 'fat31-1.0.0' });
      // hot deployment of the FAT CAR again: the old parent goes, then its embedded application, then the new
      // embedded one and the new parent are deployed (CappDeployer.undeploy isFatCAR, deployCarbonApps)
      entries.set('dependencies/kit-3.1.0.car', kit('3.1.0', 'fat32'));
      const events: string[] = [];
      const again = await t.reg.deployCar(
        'ledger_1.0.0.car',
        writeZip([...entries].map(([path, data]) => ({ path, data }))),
        (a, phase) => events.push(`${phase} ${appNameWithVersion(a)}`),
      );
      assert.ok(again.deployed);
      assert.deepEqual(events, [
        'start net.harbor__ledger__1.0.0',
        'done net.harbor__ledger__1.0.0',
        'start net.harbor__kit__3.1.0',
        'done net.harbor__kit__3.1.0',
      ]);
      const k2 = await send(`${t.base}/net.harbor/ledger/1.0.0/ledger/kit`);
      assert.deepEqual(k2.json(), { stamp: 'fat32-1.0.0' });
      await t.reg.undeployApp('ledger_1.0.0');
      assert.deepEqual([...t.reg.apps.keys()], []);
      assert.match(
        t.lines.join('\n'),
        /Sequence named 'net\.harbor__kit__3\.1\.0__tell_seq' has been undeployed/,
      );
    } finally {
      await t.rt.stop(1000);
    }
  });

  it("a versioned CAR's connector library is {<id>__package}name in LibraryArtifactDeployer's lines and the connectors list (MI VersionedDeploymentTestCase)", async () => {
    const t = await serve(false);
    try {
      const zip = writeZip([
        {
          path: 'connector.xml',
          data: Buffer.from(
            '<connector><component name="http" package="org.wso2.carbon.connector"><description>HTTP</description></component></connector>',
          ),
        },
      ]);
      const out = await t.reg.deployCar(
        'wire_1.0.0.car',
        car(
          'wire',
          '1.0.0',
          [{ name: 'mi-connector-http', type: 'synapse/lib', xml: '', ext: 'zip', data: zip }],
          {
            group: GROUP,
            versioned: true,
          },
        ),
      );
      assert.ok(out.deployed, JSON.stringify(out.faulty));
      assert.equal(out.deployed.connectors[0].package, 'net.harbor__wire__1.0.0__org.wso2.carbon.connector');
      // the same file again: the old application's library goes before the new one's is deployed (CappDeployer
      // undeploys the replaced application first)
      const again = await t.reg.deployCar(
        'wire_1.0.0.car',
        car(
          'wire',
          '1.0.0',
          [{ name: 'mi-connector-http', type: 'synapse/lib', xml: '', ext: 'zip', data: zip }],
          { group: GROUP, versioned: true },
        ),
      );
      assert.ok(again.deployed, JSON.stringify(again.faulty));
      await t.reg.undeployApp('wire_1.0.0');
      assert.deepEqual(
        t.lines.filter((l) => l.includes('Synapse Library named')).map((l) => / has been (\w+)/.exec(l)?.[1]),
        ['deployed', 'undeployed', 'deployed', 'undeployed'],
      );
      const logs = t.lines.join('\n');
      assert.match(
        logs,
        /\{LibraryArtifactDeployer\} - Synapse Library named '\{net\.harbor__wire__1\.0\.0__org\.wso2\.carbon\.connector\}http' has been deployed from file : wire_1\.0\.0\.car!/,
      );
      assert.match(
        logs,
        /Synapse Library named '\{net\.harbor__wire__1\.0\.0__org\.wso2\.carbon\.connector\}http' has been undeployed/,
      );
    } finally {
      await t.rt.stop(1000);
    }
  });
});
