/**
 * OData (enableOData="true") on MariaDB through a jdbc:mysql URL: the tables of the URL's database only, Connector/J's
 * types (TINYINT(1) as Edm.Boolean, DECIMAL with its precision and scale, DATETIME as Edm.DateTimeOffset), an
 * AUTO_INCREMENT key read back on POST (GENERATED_KEY), foreign keys as navigations (MI ODataSuperTenantUserTestCase,
 * ODataDataTypeSupportTestCase, which run on MySQL in MI's suite too).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './dataservicePg';
import { startMariaDb, type MariaServer } from './dataserviceMaria';
import { serveFolder, type ServedFolder } from './helpers';

const dbs = (port: number) => `<data name="Shelf">
  <config id="db" enableOData="true">
    <property name="driverClassName">com.mysql.jdbc.Driver</property>
    <property name="url">jdbc:mysql://127.0.0.1:${port}/shelf</property>
    <property name="username">root</property>
    <property name="password"></property>
  </config>
</data>`;

describe('runtime: OData on MariaDB (MI ODataDataTypeSupportTestCase)', function () {
  this.timeout(60000);
  let db: MariaServer;
  let dir: string;
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    db = await startMariaDb();
    db.sql(`CREATE DATABASE shelf; CREATE DATABASE other;
      CREATE TABLE other.hidden (x int);
      CREATE TABLE shelf.bin (bin_id int PRIMARY KEY, aisle varchar(8));
      CREATE TABLE shelf.jar (jar_id int AUTO_INCREMENT PRIMARY KEY, label varchar(40) NOT NULL, full tinyint(1),
        price decimal(8,2), filled datetime NULL, bin_id int, FOREIGN KEY (bin_id) REFERENCES shelf.bin(bin_id));
      INSERT INTO shelf.bin VALUES (1, 'A'), (2, 'B');
      CREATE TABLE shelf.ledger (entry_id int NOT NULL, branch varchar(40) NOT NULL, kind ENUM('CREDIT','DEBIT') NOT NULL,
        amount FLOAT, booked DATE, PRIMARY KEY (entry_id));
      INSERT INTO shelf.ledger VALUES (1, 'North', 'CREDIT', 1250, '2024-06-30');
      INSERT INTO shelf.jar (label, full, price, filled, bin_id) VALUES ('honey', 1, 6.50, '2026-03-04 05:06:07', 1);`);
    dir = mkdtempSync(join(tmpdir(), 'ds-odata-maria-'));
    writeFileSync(join(dir, 'Shelf.dbs'), dbs(db.port));
    served = await serveFolder(dir, { noWarnings: true });
    port = served.port;
  });
  after(async () => {
    await served?.close();
    await db?.stop();
  });

  it('describes the database tables with their types, keys and navigations', async () => {
    const doc = JSON.parse((await call(port, 'GET', '/odata/Shelf/db/')).body);
    assert.deepEqual(doc.value.map((v: { name: string }) => v.name).sort(), ['bin', 'jar', 'ledger']);
    const m = (await call(port, 'GET', '/odata/Shelf/db/$metadata')).body;
    assert.match(m, /<Property Name="full" Type="Edm\.Boolean"\/>/);
    assert.match(m, /<Property Name="price" Type="Edm\.Decimal" Precision="8" Scale="2"\/>/);
    assert.match(m, /<Property Name="filled" Type="Edm\.DateTimeOffset" Precision="9"\/>/);
    assert.match(m, /<Property Name="label" Type="Edm\.String" Nullable="false" MaxLength="40"\/>/);
    assert.match(
      m,
      /<NavigationProperty Name="jar" Type="Collection\(http:\/\/ws\.wso2\.org\/dataservice\.jar\)" Partner="bin"\/>/,
    );
  });

  it('reads typed values, creates with the generated key and follows a navigation', async () => {
    const r = await call(port, 'GET', '/odata/Shelf/db/jar(1)', undefined, { Accept: 'application/json' });
    const e = JSON.parse(r.body);
    assert.deepEqual([e.full, e.price, e.bin_id], [true, 6.5, 1]);
    assert.match(r.body, /"price":6\.50/);
    const post = await call(
      port,
      'POST',
      '/odata/Shelf/db/jar',
      JSON.stringify({ label: 'jam', full: false, bin_id: 2 }),
      {
        'Content-Type': 'application/json',
      },
    );
    assert.equal(post.status, 201, post.body);
    assert.equal(JSON.parse(post.body).jar_id, 2);
    // a DateTimeOffset value with its zone is bound as the local time (ConverterUtil.convertToDateTime, setTimestamp)
    const at = '2000-01-01T16:00:00.000Z';
    const p2 = await call(
      port,
      'POST',
      '/odata/Shelf/db/jar',
      JSON.stringify({ label: 'salt', filled: at }),
      {
        'Content-Type': 'application/json',
      },
    );
    assert.equal(p2.status, 201, p2.body);
    const d = new Date(at);
    const pad = (n: number) => String(n).padStart(2, '0');
    assert.match(
      db.sql('SELECT filled FROM shelf.jar WHERE jar_id = 3'),
      new RegExp(
        `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:00:00`,
      ),
    );
    const nav = await call(port, 'GET', '/odata/Shelf/db/bin(2)/jar', undefined, {
      Accept: 'application/json',
    });
    assert.deepEqual(
      JSON.parse(nav.body).value.map((j: { label: string }) => j.label),
      ['jam'],
    );
  });

  it('serves the service root without a trailing slash, an ENUM as a string, FLOAT as Edm.Single (docs-mi odata-service.md)', async () => {
    const root = await call(port, 'GET', '/odata/Shelf/db', undefined, { Accept: 'application/json' });
    assert.equal(root.status, 200);
    assert.ok(JSON.parse(root.body).value.some((v: { name: string }) => v.name === 'ledger'));
    const m = (await call(port, 'GET', '/odata/Shelf/db/$metadata', undefined, { Accept: 'application/xml' }))
      .body;
    assert.match(m, /<Property Name="kind" Type="Edm\.String" Nullable="false" MaxLength="6"\/>/);
    assert.match(m, /<Property Name="amount" Type="Edm\.Single"\/>/);
    // (Accept application/xml is an Atom feed: ODataAdapter.getSerializer reads the request's Accept, see
    // oracle-s15-C-odata.test.ts)
    const r = await call(port, 'GET', '/odata/Shelf/db/ledger', undefined, { Accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json; charset=UTF-8');
    const [e] = JSON.parse(r.body).value;
    assert.deepEqual([e.entry_id, e.branch, e.kind, e.booked], [1, 'North', 'CREDIT', '2024-06-30']);
    assert.match(r.body, /"amount":1250\.0/);
  });
});
