/**
 * Session 13 (S4) oracle sweep of MI's local entry and template integration tests: our own names, back ends and
 * values; each case names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

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
