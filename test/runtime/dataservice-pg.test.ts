/**
 * Data services on a real PostgreSQL (a private cluster started by the test, see dataservicePg.ts): RDBMS configs
 * with JDBC URLs and $SYSTEM: values, SQL with `?` and `:name` params bound by sqlType, results with NULLs and typed
 * columns as MI writes them (SQLQuery.getDataEntryFromRS), nested call-queries, JSON/XML/form/SOAP request bodies
 * (DataServiceRequest), returnRequestStatus (REQUEST_STATUS SUCCESSFUL), in-only requests (202),
 * returnUpdatedRowCount, returnGeneratedKeys, empty results and DataServiceFaults; and one service through
 * `synapse run` as a process.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { call, offsetOf, startPostgres, type PgCluster } from './dataservicePg';
import { startSynapseRun, stopProcess } from './cliProcess';
import { javaHashOrder } from '../../runtime-debug/engine/dataservices/java';

const dbs = (
  port: number,
) => `<data name="Library" serviceNamespace="urn:library" enableBatchRequests="true" enableBoxcarring="true">
  <description>Readers and loans</description>
  <config id="main">
    <property name="driverClassName">org.postgresql.Driver</property>
    <property name="url">jdbc:postgresql://127.0.0.1:${port}/library</property>
    <property name="username">$SYSTEM:LIBRARY_DB_USER</property>
    <property name="password">unused</property>
  </config>
  <query id="readers" useConfig="main">
    <sql>SELECT id, name, joined, score, active, note FROM readers ORDER BY id</sql>
    <result element="Readers" rowName="Reader">
      <element column="id" name="Id" xsdType="integer"/>
      <element column="name" name="Name" xsdType="string"/>
      <element column="joined" name="Joined" xsdType="date"/>
      <element column="score" name="Score" xsdType="double"/>
      <element column="active" name="Active" xsdType="boolean"/>
      <element column="note" name="Note" xsdType="string"/>
    </result>
  </query>
  <query id="reader" useConfig="main">
    <sql>SELECT id, name FROM readers WHERE id = ?</sql>
    <param name="id" sqlType="INTEGER"/>
    <result element="Readers" rowName="Reader">
      <attribute column="id" name="id"/>
      <element column="name" name="Name"/>
      <call-query href="loansOf"><with-param name="reader" column="id"/></call-query>
    </result>
  </query>
  <query id="loansOf" useConfig="main">
    <sql>SELECT title, due FROM loans WHERE reader_id = :reader ORDER BY title</sql>
    <param name="reader" sqlType="INTEGER"/>
    <result element="Loans" rowName="Loan" defaultNamespace="urn:library:loans">
      <element column="title" name="Title"/>
      <element column="due" name="Due"/>
    </result>
  </query>
  <query id="addReader" useConfig="main">
    <sql>INSERT INTO readers (name, joined, score, active) VALUES (?, ?, ?, ?)</sql>
    <param name="name" sqlType="STRING"/>
    <param name="joined" sqlType="DATE"/>
    <param name="score" sqlType="DOUBLE"/>
    <param name="active" sqlType="BOOLEAN"/>
  </query>
  <query id="addReaderKey" useConfig="main" returnGeneratedKeys="true" keyColumns="id">
    <sql>INSERT INTO readers (name, joined, score, active) VALUES (?, '2025-01-01', 0, true)</sql>
    <param name="name" sqlType="STRING"/>
    <result element="NewReader" rowName=""><element column="id" name="Id"/></result>
  </query>
  <query id="rename" useConfig="main" returnUpdatedRowCount="true" returnGeneratedKeys="true" keyColumns="id">
    <sql>UPDATE readers SET name = ? WHERE name LIKE ?</sql>
    <param name="name" sqlType="STRING"/>
    <param name="pattern" sqlType="STRING"/>
    <result element="UpdatedRowCount" rowName=""><element column="1" name="Value"/></result>
  </query>
  <query id="broken" useConfig="main">
    <sql>SELECT nothing FROM no_such_table</sql>
    <result element="X" rowName="Y"><element column="nothing" name="n"/></result>
  </query>
  <query id="some" useConfig="main">
    <sql>SELECT name FROM readers WHERE id IN (?) AND name &lt;&gt; ? ORDER BY id</sql>
    <param name="ids" sqlType="INTEGER" paramType="ARRAY"/>
    <param name="not" sqlType="STRING"/>
    <result element="Names" rowName=""><element column="name" name="Name"/></result>
  </query>
  <resource method="GET" path="some"><call-query href="some"><with-param name="ids" query-param="ids"/><with-param name="not" query-param="not"/></call-query></resource>
  <query id="clock" useConfig="main">
    <sql>SELECT TIME '07:05:09.5' AS t, NUMERIC '12.50' AS n</sql>
    <result element="Clock" rowName=""><element column="t" name="T"/><element column="n" name="N"/></result>
  </query>
  <resource method="GET" path="clock"><call-query href="clock"/></resource>
  <resource method="GET" path="readers"><call-query href="readers"/></resource>
  <resource method="GET" path="readers/{id}"><call-query href="reader"><with-param name="id" query-param="id"/></call-query></resource>
  <resource method="POST" path="readers" returnRequestStatus="true">
    <call-query href="addReader">
      <with-param name="name" query-param="name"/><with-param name="joined" query-param="joined"/>
      <with-param name="score" query-param="score"/><with-param name="active" query-param="active"/>
    </call-query>
  </resource>
  <resource method="PUT" path="readers">
    <call-query href="addReader">
      <with-param name="name" query-param="name"/><with-param name="joined" query-param="joined"/>
      <with-param name="score" query-param="score"/><with-param name="active" query-param="active"/>
    </call-query>
  </resource>
  <resource method="POST" path="keys"><call-query href="addReaderKey"><with-param name="name" query-param="name"/></call-query></resource>
  <resource method="POST" path="rename"><call-query href="rename"><with-param name="name" query-param="name"/><with-param name="pattern" query-param="pattern"/></call-query></resource>
  <resource method="GET" path="broken"><call-query href="broken"/></resource>
  <operation name="getReader"><call-query href="reader"><with-param name="id" query-param="readerId"/></call-query></operation>
</data>`;

const SEED = `
CREATE TABLE readers (id serial PRIMARY KEY, name text NOT NULL, joined date, score double precision, active boolean, note text);
CREATE TABLE loans (reader_id int, title text, due timestamp);
INSERT INTO readers (name, joined, score, active, note) VALUES
  ('Ilse Varga', '2021-04-03', 4, true, NULL),
  ('Tomas Reyes', '2023-11-20', 3.25, false, 'prefers <poetry> & plays');
INSERT INTO loans VALUES (1, 'The Salt Road', '2026-12-01 10:30:00'), (1, 'Harbour Lights', '2026-12-15 09:00:00');
`;

describe('runtime: data services on PostgreSQL', function () {
  this.timeout(60000);
  let pg: PgCluster;
  let dir: string;
  let rt: Runtime;
  let port: number;
  before(async () => {
    pg = await startPostgres();
    pg.sql('CREATE DATABASE library');
    pg.sql(SEED, 'library');
    dir = mkdtempSync(join(tmpdir(), 'ds-pg-project-'));
    const ds = join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services');
    mkdirSync(ds, { recursive: true });
    writeFileSync(join(dir, 'pom.xml'), '<project><artifactId>library</artifactId></project>');
    writeFileSync(join(ds, 'Library.dbs'), dbs(pg.port));
    rt = new Runtime({ httpPort: 0, runTasks: false, env: { LIBRARY_DB_USER: 'postgres' } });
    const r = rt.loadProject(dir);
    assert.deepEqual([r.problems, r.warnings], [[], []]);
    port = (await rt.start()).port;
  });
  after(async () => {
    await rt?.stop(1000);
    pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers rows with values as MI writes them: double, boolean, date with its zone, NULL as xsi:nil, escaped text', async () => {
    const r = await call(port, 'GET', '/services/Library/readers');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/xml; charset=UTF-8');
    assert.equal(
      r.body,
      '<Readers xmlns="urn:library">' +
        `<Reader><Id>1</Id><Name>Ilse Varga</Name><Joined>2021-04-03${offsetOf(new Date('2021-04-03T00:00:00'))}</Joined><Score>4.0</Score><Active>true</Active>` +
        '<Note xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></Reader>' +
        `<Reader><Id>2</Id><Name>Tomas Reyes</Name><Joined>2023-11-20${offsetOf(new Date('2023-11-20T00:00:00'))}</Joined><Score>3.25</Score><Active>false</Active>` +
        '<Note>prefers &lt;poetry> &amp; plays</Note></Reader></Readers>',
    );
    const j = await call(port, 'GET', '/services/Library/readers', undefined, { accept: 'application/json' });
    assert.equal(j.type, 'application/json; charset=UTF-8');
    const readers = JSON.parse(j.body).Readers.Reader;
    assert.deepEqual(readers[1], {
      Id: 2,
      Name: 'Tomas Reyes',
      Joined: `2023-11-20${offsetOf(new Date('2023-11-20T00:00:00'))}`,
      Score: 3.25,
      Active: false,
      Note: 'prefers <poetry> & plays',
    });
    // a data service's JSON is Axis2's Gson formatter (MI JsonStreamFormatter): xsi:nil is null (MI DS1081NullValuesTest)
    assert.equal(readers[0].Note, null);
  });

  it('binds a path param as INTEGER and runs the nested query per row (:name param, its own namespace, timestamps)', async () => {
    const r = await call(port, 'GET', '/services/Library/readers/1');
    const due = new Date('2026-12-01T10:30:00');
    assert.equal(
      r.body,
      '<Readers xmlns="urn:library"><Reader id="1"><Name>Ilse Varga</Name>' +
        '<Loans xmlns="urn:library:loans">' +
        `<Loan><Title>Harbour Lights</Title><Due>2026-12-15T09:00:00.000${offsetOf(new Date('2026-12-15T09:00:00'))}</Due></Loan>` +
        `<Loan><Title>The Salt Road</Title><Due>2026-12-01T10:30:00.000${offsetOf(due)}</Due></Loan>` +
        '</Loans></Reader></Readers>',
    );
  });

  it('expands an ARRAY param into one placeholder per value (repeated query parameters)', async () => {
    const r = await call(port, 'GET', '/services/Library/some?ids=1&ids=2&not=nobody');
    assert.equal(
      r.body,
      '<Names xmlns="urn:library"><Name>Ilse Varga</Name><Name>Tomas Reyes</Name></Names>',
    );
    // a fault shows an array param as MI's ParamValue writes it ({a,b}), the params in Java HashMap order
    const bad = await call(port, 'GET', '/services/Library/some?ids=1&ids=x&not=nobody');
    assert.equal(bad.status, 500);
    assert.match(bad.body, /<axis2ns1:current_params>\{not=nobody, ids=\{1,x\}\}<\/axis2ns1:current_params>/);
    const one = await call(port, 'GET', '/services/Library/some?ids=2&not=nobody');
    assert.equal(one.body, '<Names xmlns="urn:library"><Name>Tomas Reyes</Name></Names>');
  });

  it('describes its resources in ?swagger.json: typed path and query params, sample bodies', async () => {
    const doc = JSON.parse((await call(port, 'GET', '/services/Library?swagger.json')).body);
    assert.deepEqual(doc.paths['/readers/{id}'].get.parameters, [
      // swagger-core's IntegerSchema: format int32 (MI SwaggerGenerationTestCase's JSONResponse.json)
      { name: 'id', in: 'path', required: true, schema: { type: 'integer', format: 'int32' } },
    ]);
    const payload =
      doc.paths['/readers'].post.requestBody.content['application/json'].schema.properties.payload;
    assert.deepEqual(payload, {
      type: 'object',
      properties: {
        score: { type: 'number' },
        name: { type: 'string' },
        joined: { type: 'string' },
        active: { type: 'string' },
      },
    });
    assert.deepEqual(Object.keys(payload.properties), javaHashOrder(['name', 'joined', 'score', 'active']));
    assert.deepEqual(Object.keys(doc.paths['/readers']), ['get', 'put', 'post']);
  });

  it('writes TIME as Axis2 Time writes it (milliseconds and zone) and NUMERIC as BigDecimal.toPlainString', async () => {
    const r = await call(port, 'GET', '/services/Library/clock');
    const zone = offsetOf(new Date(1970, 0, 1, 7, 5, 9));
    assert.equal(r.body, `<Clock xmlns="urn:library"><T>07:05:09.500${zone}</T><N>12.50</N></Clock>`);
  });

  it('answers an empty result with the empty wrapper', async () => {
    const r = await call(port, 'GET', '/services/Library/readers/999');
    assert.equal(r.status, 200);
    assert.equal(r.body, '<Readers xmlns="urn:library"/>');
  });

  it('faults a param its sqlType cannot read (INCOMPATIBLE_PARAMETERS_ERROR) and an SQL error (DATABASE_ERROR)', async () => {
    const bad = await call(port, 'GET', '/services/Library/readers/abc');
    assert.equal(bad.status, 500);
    assert.match(bad.body, /<axis2ns1:current_params>\{id=abc\}<\/axis2ns1:current_params>/);
    assert.match(
      bad.body,
      /<axis2ns1:nested_exception>java.lang.NumberFormatException: For input string: "abc"<\/axis2ns1:nested_exception>/,
    );
    assert.match(bad.body, /<axis2ns1:ds_code>INCOMPATIBLE_PARAMETERS_ERROR<\/axis2ns1:ds_code>/);
    const sql = await call(port, 'GET', '/services/Library/broken', undefined, {
      accept: 'application/json',
    });
    // a fault keeps the request's message type (a GET: application/xml), whatever Accept says
    assert.equal(sql.status, 500);
    assert.equal(sql.type, 'application/xml; charset=UTF-8');
    assert.match(sql.body, /<axis2ns1:ds_code>DATABASE_ERROR<\/axis2ns1:ds_code>/);
    assert.match(sql.body, /<axis2ns1:current_request_name>_getbroken<\/axis2ns1:current_request_name>/);
    assert.match(
      sql.body,
      /<axis2ns1:nested_exception>org.postgresql.util.PSQLException: ERROR: relation "no_such_table" does not exist\n {2}Position: 21<\/axis2ns1:nested_exception>/,
    );
    assert.match(sql.body, /<axis2ns1:description>Readers and loans<\/axis2ns1:description>/);
  });

  it('inserts from a JSON body and answers REQUEST_STATUS SUCCESSFUL (JSON, as the request was)', async () => {
    const r = await call(
      port,
      'POST',
      '/services/Library/readers',
      JSON.stringify({
        _postreaders: { name: 'Wen Okafor', joined: '2025-06-30', score: 2.5, active: true },
      }),
      { 'content-type': 'application/json' },
    );
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json; charset=UTF-8');
    assert.deepEqual(JSON.parse(r.body), { REQUEST_STATUS: 'SUCCESSFUL' });
    assert.equal(
      pg.sql("SELECT joined, score, active FROM readers WHERE name = 'Wen Okafor'", 'library').trim(),
      '2025-06-30|2.5|t',
    );
    // a JSON number for a DOUBLE param is read as a double (GsonXMLStreamReader: nextDouble)
    const n = await call(
      port,
      'POST',
      '/services/Library/readers',
      '{"_postreaders": {"name": "Ten", "joined": "2025-07-01", "score": 1e1, "active": false}}',
      { 'content-type': 'application/json' },
    );
    assert.equal(n.status, 200, n.body);
    assert.equal(pg.sql("SELECT score, active FROM readers WHERE name = 'Ten'", 'library').trim(), '10|f');
    const x = await call(
      port,
      'POST',
      '/services/Library/readers',
      '<_postreaders><name>Ana Lind</name><joined>2024-01-02</joined><score>1</score><active>no</active></_postreaders>',
      {
        'content-type': 'application/xml',
      },
    );
    assert.equal(
      x.body,
      '<axis2ns1:REQUEST_STATUS xmlns:axis2ns1="http://ws.wso2.org/dataservice">SUCCESSFUL</axis2ns1:REQUEST_STATUS>',
    );
    assert.equal(pg.sql("SELECT active FROM readers WHERE name = 'Ana Lind'", 'library').trim(), 'f');
  });

  it('acknowledges an in-only request with 202 and no body (form body); a bad DATE faults', async () => {
    const r = await call(
      port,
      'PUT',
      '/services/Library/readers',
      'name=Ola+Berg&joined=2022-02-02&score=5&active=true',
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    assert.equal(r.status, 202);
    assert.equal(r.body, '');
    assert.equal(pg.sql("SELECT count(*) FROM readers WHERE name = 'Ola Berg'", 'library').trim(), '1');
    const bad = await call(
      port,
      'PUT',
      '/services/Library/readers',
      'name=X&joined=02/02/2022&score=5&active=true',
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    // the fault keeps the form message type: Synapse's form formatter writes the SOAP fault's children
    assert.equal(bad.status, 500);
    assert.equal(bad.type, 'application/x-www-form-urlencoded; charset=UTF-8');
    const fault = new URLSearchParams(bad.body);
    assert.deepEqual([...fault.keys()], ['faultcode', 'faultstring', 'detail']);
    assert.equal(fault.get('faultcode'), 'axis2ns1:DATABASE_ERROR');
    assert.match(
      fault.get('faultstring')!,
      /Nested Exception:-\nDS Fault Message: Incorrect date format for parameter {2}: joined\. Date should be in yyyy-mm-dd format\.\nNested Exception:-\njava\.lang\.IllegalArgumentException\nDS Code: UNKNOWN_ERROR\n\n/,
    );
  });

  it('returns generated keys and the updated row count through the result mapping', async () => {
    const k = await call(
      port,
      'POST',
      '/services/Library/keys',
      JSON.stringify({ _postkeys: { name: 'Key Person' } }),
      {
        'content-type': 'application/json',
        accept: 'application/xml',
      },
    );
    const id = pg.sql("SELECT id FROM readers WHERE name = 'Key Person'", 'library').trim();
    // a JSON request is answered in JSON (the response takes the request's message type)
    // no xsdType: a string (the answer schema types the JSON values)
    assert.deepEqual(JSON.parse(k.body), { NewReader: { Id: id } });
    const u = await call(
      port,
      'POST',
      '/services/Library/rename',
      '<x><name>Renamed</name><pattern>Key%</pattern></x>',
      { 'content-type': 'application/xml' },
    );
    assert.equal(u.status, 200);
    assert.equal(u.type, 'application/xml; charset=UTF-8');
    assert.equal(u.body, '<UpdatedRowCount xmlns="urn:library"><Value>1</Value></UpdatedRowCount>');
    // a text/xml request is answered by the SOAP formatter, whatever its root (its message type is text/xml)
    const t = await call(
      port,
      'POST',
      '/services/Library/rename',
      '<x><name>Again</name><pattern>Renamed</pattern></x>',
      {
        'content-type': 'text/xml',
      },
    );
    assert.equal(t.type, 'text/xml; charset=UTF-8');
    assert.match(
      t.body,
      /<soapenv:Body><UpdatedRowCount xmlns="urn:library"><Value>1<\/Value><\/UpdatedRowCount><\/soapenv:Body>/,
    );
  });

  it('runs a batch request in one transaction: all rows, or none when one fails (enableBatchRequests)', async () => {
    const row = (name: string, joined: string) => ({ name, joined, score: 1, active: true });
    const ok = await call(
      port,
      'POST',
      '/services/Library/readers_batch_req',
      JSON.stringify({
        _postreaders_batch_req: {
          _postreaders: [row('Batch One', '2020-01-01'), row('Batch Two', '2020-01-02')],
        },
      }),
      { 'content-type': 'application/json' },
    );
    assert.equal(ok.status, 200, ok.body);
    assert.deepEqual(JSON.parse(ok.body), { REQUEST_STATUS: 'SUCCESSFUL' });
    assert.equal(pg.sql("SELECT count(*) FROM readers WHERE name LIKE 'Batch %'", 'library').trim(), '2');
    const bad = await call(
      port,
      'POST',
      '/services/Library/readers_batch_req',
      JSON.stringify({
        _postreaders_batch_req: {
          _postreaders: [row('Batch Three', '2020-01-03'), row('Batch Four', 'someday')],
        },
      }),
      { 'content-type': 'application/json' },
    );
    // a JSON request's fault is JSON as the Gson formatter writes a fault: the SOAP fault's code, reason and detail
    assert.equal(bad.status, 500);
    assert.equal(bad.type, 'application/json; charset=UTF-8');
    const f = JSON.parse(bad.body).Fault;
    assert.equal(f.faultcode, 'axis2ns1:DATABASE_ERROR');
    assert.match(f.faultstring, /Current Params: \{.*joined=someday.*\}\n/);
    assert.match(f.faultstring, /DS Code: DATABASE_ERROR\n$/);
    assert.equal(f.detail, '');
    assert.equal(pg.sql("SELECT count(*) FROM readers WHERE name LIKE 'Batch %'", 'library').trim(), '2');
    // an XML batch on the in-only twin: 202
    const x = await call(
      port,
      'PUT',
      '/services/Library/readers_batch_req',
      '<b><r><name>Batch Five</name><joined>2020-01-05</joined><score>1</score><active>true</active></r>' +
        '<r><name>Batch Six</name><joined>2020-01-06</joined><score>1</score><active>false</active></r></b>',
      { 'content-type': 'application/xml' },
    );
    assert.equal(x.status, 202);
    assert.equal(pg.sql("SELECT count(*) FROM readers WHERE name LIKE 'Batch %'", 'library').trim(), '4');
  });

  it('runs a request box: its requests in one transaction, the last answer wrapped (enableBoxcarring)', async () => {
    const reader = { name: 'Box One', joined: '2021-02-03', score: 2, active: true };
    const ok = await call(
      port,
      'POST',
      '/services/Library/request_box',
      JSON.stringify({ request_box: { _putreaders: reader, _getreaders_id: { id: 2 } } }),
      { 'content-type': 'application/json' },
    );
    assert.equal(ok.status, 200, ok.body);
    assert.deepEqual(JSON.parse(ok.body), {
      DATA_SERVICE_REQUEST_BOX_RESPONSE: {
        Readers: { Reader: [{ Name: 'Tomas Reyes', Loans: {} }] },
      },
    });
    assert.equal(pg.sql("SELECT count(*) FROM readers WHERE name = 'Box One'", 'library').trim(), '1');
    const bad = await call(
      port,
      'POST',
      '/services/Library/request_box',
      '<request_box><_putreaders><name>Box Two</name><joined>2021-02-04</joined><score>1</score><active>true</active></_putreaders>' +
        '<_getreaders_id><id>abc</id></_getreaders_id></request_box>',
      { 'content-type': 'application/xml' },
    );
    assert.equal(bad.status, 500);
    assert.match(
      bad.body,
      /<axis2ns1:current_params>\{id=abc\}<\/axis2ns1:current_params><axis2ns1:current_request_name>_getreaders_id</,
    );
    assert.equal(pg.sql("SELECT count(*) FROM readers WHERE name = 'Box Two'", 'library').trim(), '0');
    const empty = await call(
      port,
      'POST',
      '/services/Library/request_box',
      '<request_box><_putreaders><name>Box Three</name><joined>2021-02-05</joined><score>1</score><active>true</active></_putreaders></request_box>',
      {
        'content-type': 'application/xml',
      },
    );
    assert.equal(
      empty.body,
      '<axis2ns1:DATA_SERVICE_REQUEST_BOX_RESPONSE xmlns:axis2ns1="http://ws.wso2.org/dataservice"/>',
    );
  });

  it('serves the SOAP operation with the param from the body', async () => {
    const env =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><p:getReader xmlns:p="urn:library"><p:readerId>2</p:readerId></p:getReader></s:Body></s:Envelope>';
    const r = await call(port, 'POST', '/services/Library', env, {
      'content-type': 'text/xml',
      soapaction: 'urn:getReader',
    });
    assert.equal(r.status, 200);
    assert.match(
      r.body,
      /<soapenv:Body><Readers xmlns="urn:library"><Reader id="2"><Name>Tomas Reyes<\/Name><Loans xmlns="urn:library:loans"\/><\/Reader><\/Readers><\/soapenv:Body>/,
    );
  });

  it('runs through `synapse run` as a process, which lists the service and its resources', async function () {
    const cli = startSynapseRun([dir, '--http-port', '0'], { LIBRARY_DB_USER: 'postgres' });
    try {
      const out = await cli.ready;
      const m = /Data service Library: http:\/\/127\.0\.0\.1:(\d+)\/services\/Library/.exec(out);
      assert.ok(m, out);
      assert.match(out, new RegExp(`GET http://127\\.0\\.0\\.1:${m[1]}/services/Library/readers/\\{id\\}`));
      const r = await call(Number(m[1]), 'GET', '/services/Library/readers/2', undefined, {
        accept: 'application/json',
      });
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.body), {
        Readers: { Reader: [{ Name: 'Tomas Reyes', Loans: {} }] },
      });
    } finally {
      await stopProcess(cli.proc);
    }
  });
});
