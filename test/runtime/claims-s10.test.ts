/**
 * README and docs/cli.md claims of session 10 shown for real. "Data services": a project's .dbs is served at
 * /services/<name> from the debugger's runtime (dist/debugAdapter.js over DAP stdio, real HTTP; build first: npm run
 * build). docs/cli.md, NO_ENTITY_BODY: a payload set from the debugger while paused on a GET is answered. "What the
 * runtime executes": dblookup and dbreport on MySQL/MariaDB (a private MariaDB, dataserviceMaria.ts; the mediator tests
 * use PostgreSQL only). "Data services": data sources that need Java (Oracle, Cassandra, Excel) load with a warning.
 * "Connectors": a connector operation is one mediator in `synapse test` coverage (its parameters are not mediators).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setPayloadText, type MessageContext } from '../../runtime-debug/engine';
import { loadDataService } from '../../runtime-debug/engine/dataservices/load';
import { runSuiteFile } from '../../runtime-debug/unittest';
import { copyProject, freePort, launch, request, type Session } from '../dap/helpers';
import { startMariaDb, type MariaServer } from './dataserviceMaria';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

const SHELF = (csv: string) => `<data name="ClaimShelf" transports="http https">
  <config id="books">
    <property name="csv_datasource">${csv}</property>
    <property name="csv_columnseperator">;</property>
    <property name="csv_startingrow">2</property>
    <property name="csv_maxrowcount">-1</property>
    <property name="csv_hasheader">true</property>
  </config>
  <query id="allBooks" useConfig="books">
    <result element="Books" rowName="Book">
      <element column="Code" name="code" xsdType="string"/>
      <element column="Title" name="title" xsdType="string"/>
    </result>
  </query>
  <resource method="GET" path="books"><call-query href="allBooks"/></resource>
</data>`;

describe('README claims (session 10)', function () {
  this.timeout(30_000);
  let s: Session | undefined;
  let project: { dir: string; remove(): void } | undefined;
  after(async () => {
    await s?.stop().catch(() => undefined);
    project?.remove();
  });

  it("data services are served from the debugger's runtime at /services/<name>", async () => {
    project = copyProject();
    const folder = join(project.dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services');
    mkdirSync(folder, { recursive: true });
    const csv = join(project.dir, 'books.csv');
    writeFileSync(csv, 'Code;Title\nB-1;Rivers of Salt\nB-2;Glass Orchard\n');
    writeFileSync(join(folder, 'ClaimShelf.dbs'), SHELF(csv));
    s = await launch({}, { project: project.dir });
    const r = await request(`${s.base}/services/ClaimShelf/books`);
    assert.equal(r.status, 200, `${r.status} ${r.body}; output: ${s.outputs.join('')}`);
    assert.match(r.body, /<Book><code>B-1<\/code><title>Rivers of Salt<\/title><\/Book>/);
    assert.match(r.body, /<Book><code>B-2<\/code><title>Glass Orchard<\/title><\/Book>/);
  });

  it('a payload set from the debugger while paused on a GET is answered (its NO_ENTITY_BODY cleared)', async () => {
    const t = await startRuntime({
      'apis/Paused.xml': `<api ${NS} name="Paused" context="/paused"><resource methods="GET" uri-template="/go"><inSequence><respond/></inSequence></resource></api>`,
    });
    let resume: () => void = () => undefined;
    let paused: MessageContext | undefined;
    t.rt.setDebugHook({
      beforeMediator(frame, ctx) {
        if (frame.mediator !== 'respond') return;
        paused = ctx;
        return new Promise<void>((r) => (resume = r));
      },
    });
    try {
      const answer = request(`${t.base}/paused/go`);
      await until('the pause', () => !!paused);
      assert.ok(paused, 'paused at respond');
      // a GET comes in with NO_ENTITY_BODY true (ServerWorker): without the clearing nothing would be answered
      assert.equal(String(paused.axis2.get('NO_ENTITY_BODY')), 'true');
      setPayloadText(paused, '{"changed":true}', 'application/json');
      resume();
      const r = await answer;
      assert.equal(r.status, 200);
      assert.equal(r.body, '{"changed":true}');
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    } finally {
      t.rt.setDebugHook(undefined);
      await t.close();
    }
  });

  describe('dblookup and dbreport on MySQL/MariaDB', function () {
    this.timeout(90_000);
    let db: MariaServer | undefined;
    let t: TestRuntime | undefined;
    const pool = (port: number) => `<connection><pool><driver>com.mysql.jdbc.Driver</driver>
      <url>jdbc:mysql://127.0.0.1:${port}/depot</url><user>root</user><password></password></pool></connection>`;
    before(async () => {
      db = await startMariaDb();
      db.sql(`CREATE DATABASE depot;
        CREATE TABLE depot.crates (sku varchar(10), qty int);
        INSERT INTO depot.crates VALUES ('AX-1', 12), ('AX-2', 3);`);
      t = await startRuntime({
        'Depot.xml': `<api ${NS} name="Depot" context="/depot">
  <resource methods="POST" uri-template="/lookup"><inSequence>
    <dblookup>${pool(db.port)}<statement><sql>SELECT qty FROM crates WHERE sku = ?</sql>
      <parameter expression="json-eval($.sku)" type="VARCHAR"/><result name="qty" column="qty"/></statement></dblookup>
    <payloadFactory media-type="json"><format>{"qty":"$1"}</format><args><arg expression="get-property('qty')"/></args></payloadFactory>
    <respond/></inSequence></resource>
  <resource methods="POST" uri-template="/report"><inSequence>
    <dbreport>${pool(db.port)}<statement><sql>UPDATE crates SET qty = qty + ? WHERE sku LIKE ?</sql>
      <parameter expression="json-eval($.add)" type="INTEGER"/><parameter expression="json-eval($.like)" type="VARCHAR"/></statement></dbreport>
    <payloadFactory media-type="json"><format>{"count":"$1"}</format><args><arg expression="get-property('DBREPORT_MODIFIED_RAW_COUNT')"/></args></payloadFactory>
    <respond/></inSequence></resource>
</api>`,
      });
    });
    after(async () => {
      await t?.close();
      await db?.stop();
    });

    it('dblookup copies a column of the first row into a property; dbreport updates the table', async () => {
      const look = await send(`${t!.base}/depot/lookup`, {
        body: '{"sku":"AX-2"}',
        type: 'application/json',
      });
      assert.equal(look.status, 200, look.text);
      assert.deepEqual(JSON.parse(look.text), { qty: '3' });
      const rep = await send(`${t!.base}/depot/report`, {
        body: '{"add":5,"like":"AX-%"}',
        type: 'application/json',
      });
      assert.equal(rep.status, 200, rep.text);
      assert.deepEqual(JSON.parse(rep.text), { count: '2' });
      assert.equal(db!.sql('SELECT sku, qty FROM crates ORDER BY sku', 'depot').trim(), 'AX-1\t17\nAX-2\t8');
    });
  });

  it('a data service on Oracle, Cassandra or a missing Excel file loads with a warning per data source', () => {
    const r = loadDataService(
      '/p/Java.dbs',
      `<data name="Java">
  <config id="ora"><property name="driverClassName">oracle.jdbc.OracleDriver</property><property name="url">jdbc:oracle:thin:@127.0.0.1:1521/XE</property></config>
  <config id="cas"><property name="cassandraServers">127.0.0.1</property></config>
  <config id="xls"><property name="excel_datasource">/p/book.xls</property></config>
</data>`,
      { env: () => undefined, config: () => undefined, baseDirs: ['/p'] },
    );
    assert.deepEqual(r.problems, []);
    assert.ok(r.service, 'the service loads');
    assert.deepEqual(
      r.warnings.slice(0, 2).map((w) => [w.code, /^Config '(\w+)' \(a (\w+)/.exec(w.message)?.slice(1)]),
      [
        ['RT_DS_CONFIG_UNSUPPORTED', ['ora', 'oracle']],
        ['RT_DS_CONFIG_UNSUPPORTED', ['cas', 'Cassandra']],
      ],
    );
    // Excel runs since session 14 (excel.ts, as MI's ExcelQuery): a file that is not there is its own warning
    assert.deepEqual(
      r.warnings.slice(2).map((w) => w.code),
      ['RT_DS_EXCEL_FILE'],
    );
  });

  it('a connector operation is one mediator in synapse test coverage, executed when it ran', async () => {
    const root = mkdtempSync(join(tmpdir(), 'claims-coverage-'));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    try {
      const port = await freePort();
      write('pom.xml', '<project><artifactId>tmp</artifactId></project>');
      write(
        'src/main/wso2mi/artifacts/local-entries/Crm.xml',
        `<localEntry ${NS} key="Crm"><http.init><connectionType>HTTP</connectionType><baseUrl>http://crm.invalid/v2</baseUrl><authType>None</authType><name>Crm</name></http.init></localEntry>`,
      );
      write(
        'src/main/wso2mi/artifacts/apis/CrmApi.xml',
        `<api ${NS} name="CrmApi" context="/crm"><resource methods="GET"><inSequence>
<http.get configKey="Crm"><relativePath>/accounts</relativePath><headers>[]</headers></http.get>
<respond/>
</inSequence></resource></api>`,
      );
      write(
        'src/test/resources/mock-services/Back.xml',
        `<mock-service><service-name>Crm_INTERNAL_ENDPOINT_REFERENCE</service-name><port>${port}</port><context>/v2</context><resources><resource><sub-context>/accounts</sub-context><method>GET</method><response><status-code>200</status-code><payload>{"a":1}</payload><headers><header name="Content-Type" value="application/json"/></headers></response></resource></resources></mock-service>`,
      );
      write(
        'src/test/wso2mi/CrmTest.xml',
        `<unit-test><artifacts><test-artifact><artifact>src/main/wso2mi/artifacts/apis/CrmApi.xml</artifact></test-artifact><supportive-artifacts><artifact>src/main/wso2mi/artifacts/local-entries/Crm.xml</artifact></supportive-artifacts></artifacts><test-cases><test-case name="t"><input><request-method>GET</request-method></input><assertions><assertEquals><actual>$body</actual><expected>{"a":1}</expected><message>m</message></assertEquals></assertions></test-case></test-cases><mock-services><m>src/test/resources/mock-services/Back.xml</m></mock-services></unit-test>`,
      );
      const r = await runSuiteFile(join(root, 'src/test/wso2mi/CrmTest.xml'), { coverage: true });
      assert.equal(r.deploymentStatus, 'PASSED', String(r.deploymentException));
      assert.deepEqual(
        r.testCases.map((c) => [c.mediationStatus, c.assertionStatus]),
        [['PASSED', 'PASSED']],
      );
      const p = r.coverage?.primaryArtifact;
      assert.ok(p, JSON.stringify(r.coverage));
      assert.deepEqual(
        p.mediatorDetails.map((d) => `${d.executed ? '+' : '-'} ${d.mediatorId}`),
        ['+ api:CrmApi/GET[/]/in/1.http.get', '+ api:CrmApi/GET[/]/in/2.Respond'],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
