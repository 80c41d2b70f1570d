/**
 * Session 13 (S4) oracle sweep of MI's local entry and template integration tests: our own names, back ends and
 * values; each case names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import {
  NS,
  send,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

describe('oracle S13 S4: local entries (MI localentry tests)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend();
    t = await startRuntime({
      'RouteEntry.xml': `<localEntry ${NS} key="route-entry"><sequence ${NS} name="routeInEntry"><log level="custom"><property name="route" value="from the entry"/></log>
        <send><endpoint><address uri="${be.url}/routed"/></endpoint></send></sequence></localEntry>`,
      'EpEntry.xml': `<localEntry ${NS} key="ep-entry"><endpoint ${NS} name="epInEntry"><address uri="${be.url}/entry-ep"/></endpoint></localEntry>`,
      'ViaEntry.xml': `<proxy ${NS} name="ViaEntry" transports="http"><target><inSequence><sequence key="route-entry"/></inSequence><outSequence><send/></outSequence></target></proxy>`,
      'ViaEpEntry.xml': `<proxy ${NS} name="ViaEpEntry" transports="http"><target><inSequence><send><endpoint key="ep-entry"/></send></inSequence><outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a sequence key naming a local entry that holds a <sequence> runs it (MI SequenceAsLocalRegistryEntryTestCase)', async () => {
    const r = await send(`${t.base}/services/ViaEntry`, { body: '<ask/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/routed');
    assert.ok(t.logs.some((l) => l.message === 'route = from the entry'));
  });

  it('an endpoint key naming a local entry that holds an <endpoint> sends to it (SynapseConfiguration.getEndpoint)', async () => {
    const r = await send(`${t.base}/services/ViaEpEntry`, { body: '<ask/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/entry-ep');
  });
});

describe('oracle S13 S4: configurable properties (MI ApiWithConfigurablePropertyTestCase)', () => {
  it('${configs.x} falls back to conf/file.properties after the environment (ConfigDeployer.getValueOfKey: env, system property, file)', async () => {
    process.env.S13S4_GREETING = 'from env';
    const t = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>cfgdemo</artifactId><version>1.0.0</version></project>',
        'deployment/file.properties': 'S13S4_GREETING=from file\nS13S4_WHO=the file\n',
        'src/main/wso2mi/resources/conf/config.properties': 'S13S4_GREETING:string\nS13S4_WHO:string\n',
        'src/main/wso2mi/artifacts/apis/Greet.xml': `<api ${NS} name="Greet" context="/greet"><resource methods="GET"><inSequence>
          <property name="who" expression="\${configs.S13S4_WHO}"/>
          <property name="greeting" expression="\${configs[&quot;S13S4_GREETING&quot;]}"/>
          <payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{"who": "\${ctx.who}", "greeting": "\${ctx.greeting}"}]]></format><args/></payloadFactory>
          <respond/></inSequence></resource></api>`,
      },
      'configs',
    );
    try {
      const r = await send(`${t.base}/greet`);
      assert.deepEqual(r.json(), { who: 'the file', greeting: 'from env' });
    } finally {
      delete process.env.S13S4_GREETING;
      await t.close();
    }
  });
});
