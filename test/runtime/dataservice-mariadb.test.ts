/**
 * Data services on a real MariaDB through `jdbc:mysql://` and `jdbc:mariadb://` URLs (mysql2), a private server
 * started by the test (dataserviceMaria.ts): column values as MI writes what Connector/J reads (TINYINT(1) as a
 * boolean, DOUBLE as Java writes it, DATETIME as a Calendar, DECIMAL as written), `:name` params, generated keys
 * (the GENERATED_KEY column), the updated row count, and an SQL error as a DATABASE_ERROR fault.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, offsetOf } from './dataservicePg';
import { startMariaDb, type MariaServer } from './dataserviceMaria';
import { serveFolder, type ServedFolder } from './helpers';

const dbs = (
  port: number,
  scheme: string,
) => `<data name="${scheme === 'mysql' ? 'PantryMy' : 'PantryMaria'}">
  <config id="db">
    <property name="driverClassName">com.mysql.jdbc.Driver</property>
    <property name="url">jdbc:${scheme}://127.0.0.1:${port}/pantry</property>
    <property name="username">root</property>
    <property name="password"></property>
  </config>
  <query id="items" useConfig="db">
    <sql>SELECT id, label, weight, price, fresh, packed, sealed FROM items WHERE label LIKE :prefix ORDER BY id</sql>
    <param name="prefix" sqlType="STRING" defaultValue="%"/>
    <result element="Items" rowName="Item">
      <element column="id" name="id"/><element column="label" name="label"/><element column="weight" name="weight"/>
      <element column="price" name="price"/><element column="fresh" name="fresh"/><element column="packed" name="packed"/><element column="sealed" name="sealed"/>
    </result>
  </query>
  <query id="add" useConfig="db" returnGeneratedKeys="true">
    <sql>INSERT INTO items (label, weight, price, fresh) VALUES (?, ?, ?, ?)</sql>
    <param name="label" sqlType="STRING"/><param name="weight" sqlType="DOUBLE"/>
    <param name="price" sqlType="DECIMAL"/><param name="fresh" sqlType="BOOLEAN"/>
    <result element="Added" rowName=""><element column="GENERATED_KEY" name="id"/></result>
  </query>
  <query id="spoil" useConfig="db" returnUpdatedRowCount="true">
    <sql>UPDATE items SET fresh = 0 WHERE weight &lt; ?</sql>
    <param name="below" sqlType="DOUBLE"/>
    <result element="Spoiled" rowName=""><element column="1" name="count"/></result>
  </query>
  <query id="oops" useConfig="db"><sql>SELECT * FROM missing_table</sql><result element="X" rowName="Y"/></query>
  <resource method="GET" path="items"><call-query href="items"><with-param name="prefix" query-param="prefix"/></call-query></resource>
  <resource method="POST" path="items"><call-query href="add">
    <with-param name="label" query-param="label"/><with-param name="weight" query-param="weight"/>
    <with-param name="price" query-param="price"/><with-param name="fresh" query-param="fresh"/></call-query></resource>
  <resource method="POST" path="spoil"><call-query href="spoil"><with-param name="below" query-param="below"/></call-query></resource>
  <resource method="GET" path="oops"><call-query href="oops"/></resource>
</data>`;

describe('runtime: data services on MariaDB (jdbc:mysql and jdbc:mariadb URLs)', function () {
  this.timeout(60000);
  let db: MariaServer;
  let dir: string;
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    db = await startMariaDb();
    db.sql(`CREATE DATABASE pantry;
      CREATE TABLE pantry.items (id int AUTO_INCREMENT PRIMARY KEY, label varchar(40), weight double, price decimal(8,2),
        fresh tinyint(1), packed datetime NULL, sealed bit(1) DEFAULT b'1');
      INSERT INTO pantry.items (label, weight, price, fresh, packed) VALUES
        ('oats', 2, 3.50, 1, '2026-10-04 08:15:00'), ('figs', 0.25, 12.00, 0, NULL);`);
    dir = mkdtempSync(join(tmpdir(), 'ds-maria-project-'));
    writeFileSync(join(dir, 'PantryMy.dbs'), dbs(db.port, 'mysql'));
    writeFileSync(join(dir, 'PantryMaria.dbs'), dbs(db.port, 'mariadb'));
    served = await serveFolder(dir, { noWarnings: true });
    port = served.port;
  });
  after(async () => {
    await served?.close();
    await db?.stop();
  });

  it('answers rows as MI writes them (boolean, double, decimal, datetime, NULL)', async () => {
    for (const svc of ['PantryMy', 'PantryMaria']) {
      const r = await call(port, 'GET', `/services/${svc}/items`);
      assert.equal(r.status, 200, r.body);
      assert.equal(
        r.body,
        '<Items xmlns="http://ws.wso2.org/dataservice">' +
          `<Item><id>1</id><label>oats</label><weight>2.0</weight><price>3.50</price><fresh>true</fresh><packed>2026-10-04T08:15:00.000${offsetOf(new Date('2026-10-04T08:15:00'))}</packed><sealed>true</sealed></Item>` +
          '<Item><id>2</id><label>figs</label><weight>0.25</weight><price>12.00</price><fresh>false</fresh>' +
          '<packed xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><sealed>true</sealed></Item></Items>',
      );
    }
    const one = await call(port, 'GET', '/services/PantryMy/items?prefix=f%25', undefined, {
      accept: 'application/json',
    });
    // one row is still an array: the row element is maxOccurs unbounded in the answer schema (Gson formatter)
    assert.deepEqual(JSON.parse(one.body).Items.Item[0].label, 'figs');
  });

  it('returns the generated key and the updated row count', async () => {
    const r = await call(
      port,
      'POST',
      '/services/PantryMy/items',
      // JSON values of the params' types (Axis2's GsonXMLStreamReader refuses a string for a DOUBLE param)
      '{"_postitems": {"label": "rice", "weight": 1.5, "price": 4.10, "fresh": true}}',
      {
        'content-type': 'application/json',
      },
    );
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(JSON.parse(r.body), { Added: { id: '3' } });
    assert.equal(
      db.sql('SELECT label, weight, price, fresh FROM items WHERE id = 3', 'pantry').trim(),
      'rice\t1.5\t4.10\t1',
    );
    const u = await call(port, 'POST', '/services/PantryMaria/spoil', '<spoil><below>1.6</below></spoil>', {
      'content-type': 'application/xml',
    });
    assert.equal(u.body, '<Spoiled xmlns="http://ws.wso2.org/dataservice"><count>2</count></Spoiled>');
  });

  it('faults an SQL error with DATABASE_ERROR and the driver exception', async () => {
    const r = await call(port, 'GET', '/services/PantryMy/oops');
    assert.equal(r.status, 500);
    assert.match(
      r.body,
      /<axis2ns1:nested_exception>java\.sql\.SQLSyntaxErrorException: Table 'pantry\.missing_table' doesn't exist<\/axis2ns1:nested_exception>/,
    );
    assert.match(r.body, /<axis2ns1:ds_code>DATABASE_ERROR<\/axis2ns1:ds_code>/);
  });
});
