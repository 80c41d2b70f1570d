/**
 * Passwords stay hidden in the management API's views of `synapse serve`, as MI masks them: a message store's
 * parameters whose name contains "password" (MessageStoreResource, MessageStoreSerializer UI serialization) and a
 * data source's password element or property (DataSourceUtils.elementToStringWithMaskedPasswords) read "*****".
 * Served without the engine (the store and data source are only listed), our own fixture.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { carOf, MgmtCaller } from './mgmt-fidelity-helpers';
import { adminClient, serve, tempDir } from './helpers/servers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const SECRET = 'hunter2-Garden';

describe('management API fidelity: masked passwords', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-fid-sec-');
    s = await serve(tmp.dir);
    await adminClient(s).upload(
      'Vault_1.0.0.car',
      carOf('Vault', [
        {
          name: 'SeedVaultStore',
          type: 'synapse/message-store',
          xml: `<messageStore ${NS} name="SeedVaultStore" class="org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore"><parameter name="store.jdbc.driver">org.h2.Driver</parameter><parameter name="store.jdbc.password">${SECRET}</parameter><parameter name="store.jdbc.table">seeds</parameter></messageStore>`,
        },
        {
          name: 'SeedDataSource',
          type: 'datasource/datasource',
          xml: `<datasource><name>SeedDataSource</name><definition type="RDBMS"><configuration><driverClassName>org.h2.Driver</driverClassName><url>jdbc:h2:mem:seeds</url><username>gardener</username><password>${SECRET}</password></configuration></definition></datasource>`,
        },
      ]),
    );
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  it('masks a message store password parameter in properties and configuration', async () => {
    const r = await m.get('message-stores?name=SeedVaultStore');
    assert.equal(r.status, 200);
    assert.equal(r.json.type, undefined); // MessageStoreResource's single view has no type
    assert.equal(r.json.properties['store.jdbc.password'], '*****');
    assert.equal(r.json.properties['store.jdbc.table'], 'seeds');
    assert.match(r.json.configuration, /name="store\.jdbc\.password">\*\*\*\*\*</);
    assert.ok(!r.text.includes(SECRET), r.text);
    assert.equal((await m.get('message-stores')).json.list[0].type, 'jdbc-message-store');
  });

  it('masks a data source password in its configuration', async () => {
    const r = await m.get('data-sources?name=SeedDataSource');
    assert.equal(r.status, 200);
    assert.equal(r.json.userName, 'gardener');
    assert.match(r.json.configuration, /<password>\*\*\*\*\*<\/password>/);
    assert.ok(!r.text.includes(SECRET), r.text);
  });
});
