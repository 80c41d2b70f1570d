/**
 * Data service behaviours of MI's dataservice-hosting-tests classes no earlier test named, on a private PostgreSQL
 * (dataservicePg.ts): a NULL column mapped to an attribute (OutputMappingAsAttributeDataServiceTestCase), path
 * values that repeat the service's name (CARBON15280RepeatServiceNameInURLTest), a Carbon data source
 * (carbon_datasource_name) defined by a <datasource> artifact or deployment.toml (CarbonDataSourceTestCase; docs-mi
 * carbon-data-service.md).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { call, startPostgres, type PgCluster } from './dataservicePg';
import { serveFolder, type ServedFolder } from './helpers';

const dbs = (port: number) => `<data name="Kiln" transports="http https local">
  <config id="db">
    <property name="driverClassName">org.postgresql.Driver</property>
    <property name="url">jdbc:postgresql://127.0.0.1:${port}/kiln</property>
    <property name="username">postgres</property>
    <property name="password">unused</property>
  </config>
  <query id="addPot" useConfig="db">
    <sql>INSERT INTO pot (pot_id, glaze, firings, weight) VALUES (?, ?, ?, ?)</sql>
    <param name="PotId" sqlType="INTEGER"/>
    <param name="Glaze" sqlType="STRING"/>
    <param name="Firings" sqlType="INTEGER"/>
    <param name="Weight" sqlType="DOUBLE"/>
  </query>
  <query id="pots" useConfig="db">
    <sql>SELECT pot_id, glaze, firings FROM pot ORDER BY pot_id</sql>
    <result element="Pots" rowName="Pot">
      <attribute column="pot_id" name="id"/>
      <attribute column="glaze" name="glaze"/>
      <element column="firings" name="Firings"/>
    </result>
  </query>
  <query id="label" useConfig="db">
    <sql>INSERT INTO note (a, b) VALUES (:a, :b)</sql>
    <param name="a" sqlType="STRING"/>
    <param name="b" sqlType="STRING"/>
  </query>
  <resource method="POST" path="pot">
    <call-query href="addPot">
      <with-param name="PotId" query-param="PotId"/><with-param name="Glaze" query-param="Glaze"/>
      <with-param name="Firings" query-param="Firings"/><with-param name="Weight" query-param="Weight"/>
    </call-query>
  </resource>
  <resource method="GET" path="pots"><call-query href="pots"/></resource>
  <resource method="GET" path="/label/{a}/{b}" returnRequestStatus="true">
    <call-query href="label"><with-param name="a" query-param="a"/><with-param name="b" query-param="b"/></call-query>
  </resource>
</data>`;

describe('runtime: data service sweep on PostgreSQL (MI dataservice-hosting-tests)', function () {
  this.timeout(60000);
  let pg: PgCluster;
  let dir: string;
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    pg = await startPostgres();
    pg.sql('CREATE DATABASE kiln');
    pg.sql(
      'CREATE TABLE pot (pot_id int PRIMARY KEY, glaze text, firings int, weight double precision); CREATE TABLE note (a text, b text);',
      'kiln',
    );
    dir = mkdtempSync(join(tmpdir(), 'ds-sweep-'));
    writeFileSync(join(dir, 'Kiln.dbs'), dbs(pg.port));
    served = await serveFolder(dir, { noWarnings: true });
    port = served.port;
  });
  after(async () => {
    await served?.close();
    pg?.stop();
  });

  it('leaves out an attribute whose column is NULL (MI OutputMappingAsAttributeDataServiceTestCase)', async () => {
    pg.sql("INSERT INTO pot (pot_id, glaze, firings) VALUES (2, NULL, 3), (3, 'tenmoku', NULL)", 'kiln');
    // the attribute is left out, not written empty (XMLWriterHelper.addAttribute writes none for a null value)
    const r = await call(port, 'GET', '/services/Kiln/pots');
    assert.equal(r.status, 200);
    assert.match(r.body, /<Pot id="2"><Firings>3<\/Firings><\/Pot>/);
    assert.match(
      r.body,
      /<Pot id="3" glaze="tenmoku"><Firings xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance" xsi:nil="true"\/><\/Pot>/,
    );
  });

  it('matches path values that repeat the service name (MI CARBON15280RepeatServiceNameInURLTest)', async () => {
    const r = await call(port, 'GET', '/services/Kiln/label/Kiln/services');
    assert.equal(r.status, 200);
    assert.match(r.body, /SUCCESSFUL/);
    assert.equal(pg.sql("SELECT b FROM note WHERE a = 'Kiln'", 'kiln').trim(), 'services');
  });

  it('runs a config (and a dblookup dsName) on a Carbon data source of the project (MI CarbonDataSourceTestCase, carbon-data-service.md)', async () => {
    const project = mkdtempSync(join(tmpdir(), 'ds-carbon-'));
    const art = join(project, 'src', 'main', 'wso2mi', 'artifacts');
    mkdirSync(join(art, 'data-sources'), { recursive: true });
    mkdirSync(join(art, 'data-services'), { recursive: true });
    mkdirSync(join(project, 'deployment'), { recursive: true });
    writeFileSync(join(project, 'pom.xml'), '<project><artifactId>carbon</artifactId></project>');
    writeFileSync(
      join(art, 'data-sources', 'KilnDs.xml'),
      `<datasource><name>kiln_ds</name><description>the kiln</description>
        <jndiConfig useDataSourceFactory="false"><name>KilnJNDI</name></jndiConfig>
        <definition type="RDBMS"><configuration><driverClassName>org.postgresql.Driver</driverClassName>
          <url>jdbc:postgresql://127.0.0.1:${pg.port}/kiln</url><username>postgres</username><password>unused</password>
        </configuration></definition></datasource>`,
    );
    writeFileSync(
      join(project, 'deployment', 'deployment.toml'),
      `[[datasource]]\nid = "kiln_toml"\nurl = "jdbc:postgresql://127.0.0.1:${pg.port}/kiln"\nusername = "postgres"\npassword = "unused"\ndriver = "org.postgresql.Driver"\n`,
    );
    const svc = (name: string, ds: string) =>
      `<data name="${name}"><config id="Datasource"><property name="carbon_datasource_name">${ds}</property></config>
        <query id="q" useConfig="Datasource"><sql>SELECT count(*) AS n FROM pot</sql>
          <result element="Count" rowName=""><element column="n" name="n"/></result></query>
        <resource method="GET" path="count"><call-query href="q"/></resource></data>`;
    writeFileSync(join(art, 'data-services', 'ByArtifact.dbs'), svc('ByArtifact', 'kiln_ds'));
    writeFileSync(join(art, 'data-services', 'ByToml.dbs'), svc('ByToml', 'kiln_toml'));
    writeFileSync(join(art, 'data-services', 'Missing.dbs'), svc('Missing', 'nowhere'));
    // a dblookup's <dsName> (the data source's JNDI name) reaches the same data source (AbstractDBMediator.lookupDataSource)
    mkdirSync(join(art, 'apis'), { recursive: true });
    writeFileSync(
      join(art, 'apis', 'KilnApi.xml'),
      `<api xmlns="http://ws.apache.org/ns/synapse" name="KilnApi" context="/kiln"><resource methods="GET" uri-template="/count">
        <inSequence><dblookup><connection><pool><dsName>KilnJNDI</dsName></pool></connection>
          <statement><sql>SELECT count(*) AS n FROM pot</sql><result name="pots" column="n"/></statement></dblookup>
        <payloadFactory media-type="json"><format>{"pots":"$1"}</format><args><arg expression="get-property('pots')"/></args></payloadFactory>
        <respond/></inSequence></resource></api>`,
    );
    const rt2 = new Runtime({ httpPort: 0, runTasks: false });
    try {
      const r = rt2.loadProject(project);
      assert.deepEqual(r.problems, []);
      // a name the project does not define stays a data source the runtime cannot run
      assert.deepEqual(
        r.warnings.filter((w) => w.code.startsWith('RT_D')).map((w) => [w.code, /nowhere/.test(w.message)]),
        [['RT_DS_CONFIG_UNSUPPORTED', true]],
      );
      const p2 = (await rt2.start()).port;
      const n = pg.sql('SELECT count(*) FROM pot', 'kiln').trim();
      const api = await call(p2, 'GET', '/kiln/count');
      assert.equal(api.status, 200, api.body);
      assert.deepEqual(JSON.parse(api.body), { pots: n });
      for (const name of ['ByArtifact', 'ByToml']) {
        const c = await call(p2, 'GET', `/services/${name}/count`);
        assert.equal(c.status, 200, c.body);
        assert.equal(c.body, `<Count xmlns="http://ws.wso2.org/dataservice"><n>${n}</n></Count>`);
      }
    } finally {
      await rt2.stop(1000);
      rmSync(project, { recursive: true, force: true });
    }
  });
});
