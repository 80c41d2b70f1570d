/**
 * The dblookup and dbreport mediators on a real PostgreSQL (a private cluster, dataservicePg.ts), as Synapse runs them
 * (AbstractDBMediatorFactory, AbstractDBMediator.getPreparedStatement, DBLookupMediator, DBReportMediator): parameters
 * from values and expressions bound by JDBC type, the first row's columns (by name or number) copied into properties
 * as the JDBC object's toString, NULL columns leaving the property alone, DBREPORT_MODIFIED_RAW_COUNT, failures as
 * faults with Synapse's messages; and the load checks (what MI refuses, what the runtime cannot reach).
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { startPostgres, type PgCluster } from './dataservicePg';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const pool = (port: number) => `<connection><pool>
    <driver>org.postgresql.Driver</driver><url>jdbc:postgresql://127.0.0.1:${port}/depot</url>
    <user>postgres</user><password>unused</password><property name="maxactive" value="3"/>
  </pool></connection>`;

const FAULT = `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2","detail":"$3"}</format>
  <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="get-property('ERROR_DETAIL')"/></args>
  </payloadFactory><property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>`;

const api = (port: number) => `<api ${NS} name="Depot" context="/depot">
  <resource methods="POST" uri-template="/lookup"><inSequence>
    <property name="kept" value="untouched"/>
    <dblookup>
      ${pool(port)}
      <statement>
        <sql>SELECT sku, qty, price, ratio, stocked, checked, note FROM crates WHERE sku = ? AND qty &gt;= ?</sql>
        <parameter expression="json-eval($.sku)" type="VARCHAR"/>
        <parameter value="0" type="INTEGER"/>
        <result name="qty" column="qty"/><result name="price" column="PRICE"/><result name="ratio" column="4"/>
        <result name="stocked" column="stocked"/><result name="checked" column="checked"/><result name="kept" column="note"/>
      </statement>
    </dblookup>
    <payloadFactory media-type="json"><format>{"qty":"$1","price":"$2","ratio":"$3","stocked":"$4","checked":"$5","kept":"$6"}</format>
      <args><arg expression="get-property('qty')"/><arg expression="get-property('price')"/><arg expression="get-property('ratio')"/>
        <arg expression="get-property('stocked')"/><arg expression="get-property('checked')"/><arg expression="get-property('kept')"/></args>
    </payloadFactory><respond/></inSequence>${FAULT}</resource>
  <resource methods="POST" uri-template="/report"><inSequence>
    <dbreport>
      ${pool(port)}
      <statement>
        <sql>UPDATE crates SET qty = qty + ? WHERE sku LIKE ?</sql>
        <parameter expression="json-eval($.add)" type="INTEGER"/>
        <parameter expression="json-eval($.like)" type="VARCHAR"/>
      </statement>
    </dbreport>
    <payloadFactory media-type="json"><format>{"count":"$1"}</format>
      <args><arg expression="get-property('DBREPORT_MODIFIED_RAW_COUNT')"/></args></payloadFactory>
    <respond/></inSequence>${FAULT}</resource>
  <resource methods="GET" uri-template="/broken"><inSequence>
    <dblookup>${pool(port)}<statement><sql>SELECT missing FROM crates</sql><result name="m" column="missing"/></statement></dblookup>
    <respond/></inSequence>${FAULT}</resource>
  <resource methods="GET" uri-template="/badparam"><inSequence>
    <dbreport>${pool(port)}<statement><sql>UPDATE crates SET qty = ?</sql><parameter value="many" type="INTEGER"/></statement></dbreport>
    <respond/></inSequence>${FAULT}</resource>
</api>`;

describe('runtime: dblookup and dbreport on PostgreSQL', function () {
  this.timeout(60000);
  let pg: PgCluster;
  let t: TestRuntime;
  before(async () => {
    pg = await startPostgres();
    pg.sql('CREATE DATABASE depot');
    pg.sql(
      `CREATE TABLE crates (sku text, qty int, price numeric(8,2), ratio double precision, stocked boolean, checked timestamp, note text);
       INSERT INTO crates VALUES ('AX-1', 12, 4.50, 2, true, '2026-03-04 05:06:07.25', NULL), ('AX-2', 3, 10.00, 0.5, false, '2026-01-01 00:00:00', 'n');`,
      'depot',
    );
    t = await startRuntime({ 'Depot.xml': api(pg.port) });
  });
  after(async () => {
    await t?.close();
    pg?.stop();
  });

  it('copies the first row into properties (by name, any case, or number; NULL leaves the property)', async () => {
    const r = await send(`${t.base}/depot/lookup`, { body: '{"sku":"AX-1"}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      qty: '12',
      price: '4.50',
      ratio: '2.0',
      stocked: 'true',
      checked: '2026-03-04 05:06:07.25',
      kept: 'untouched',
    });
  });

  it('runs an update and sets DBREPORT_MODIFIED_RAW_COUNT', async () => {
    const r = await send(`${t.base}/depot/report`, {
      body: '{"add":5,"like":"AX-%"}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { count: '2' });
    assert.equal(pg.sql("SELECT qty FROM crates WHERE sku = 'AX-2'", 'depot').trim(), '8');
  });

  it('faults an SQL error and a parameter its type cannot read, with Synapse messages', async () => {
    const r = await send(`${t.base}/depot/broken`);
    assert.equal(r.status, 500);
    const f = r.json() as { code: string; message: string; detail: string };
    assert.equal(f.code, '0');
    assert.equal(
      f.message,
      `SQL Exception occurred while executing statement : SELECT missing FROM crates against DataSource : jdbc:postgresql://127.0.0.1:${pg.port}/depot`,
    );
    assert.match(f.detail, /column "missing" does not exist/);
    const p = await send(`${t.base}/depot/badparam`);
    assert.equal(p.status, 500);
    assert.match(
      (p.json() as { message: string }).message,
      /^Error while executing insert statement : UPDATE crates SET qty = \? against DataSource/,
    );
    assert.equal(pg.sql('SELECT count(*) FROM crates WHERE qty IS NULL', 'depot').trim(), '0');
  });

  it('refuses at load what MI refuses, and warns about what the runtime cannot reach', () => {
    const rt = new Runtime({ httpPort: 0 });
    const r = rt.deploy([
      {
        name: 'seq.xml',
        text: `<sequence ${NS} name="s">
<dblookup><connection><pool><driver>x</driver><user>u</user><password>p</password></pool></connection></dblookup>
<dbreport><statement><sql>SELECT 1</sql></statement></dbreport>
<dblookup><connection><pool><dsName>jdbc/Orders</dsName></pool></connection></dblookup>
<dblookup><connection><pool><driver>oracle.jdbc.OracleDriver</driver><url>jdbc:oracle:thin:@db:1521:x</url><user>u</user><password>p</password></pool></connection>
<statement><sql>SELECT 1 FROM dual</sql><parameter value="1" type="NUMBER"/><result name="x"/></statement></dblookup>
</sequence>`,
      },
    ]);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.line]),
      [
        ['RT_DB_CONFIG', 2],
        ['RT_DB_CONFIG', 3],
        ['RT_DB_CONFIG', 6],
        ['RT_DB_CONFIG', 6],
      ],
    );
    assert.deepEqual(
      r.warnings.filter((w) => w.code.startsWith('RT_DB')).map((w) => [w.code, w.line]),
      [['RT_DB_UNSUPPORTED', 4]],
    );
  });
});
