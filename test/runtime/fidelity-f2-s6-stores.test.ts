/**
 * Forwarding processors without a targetEndpoint (helper F2, session 6), our own fixtures over real HTTP.
 *
 * Synapse ForwardingService.dispatch takes the processor's targetEndpoint, else the stored message's
 * `target.endpoint` property (and keeps it); with neither, or a name no endpoint has, it logs and deactivates the
 * processor. Ours deactivated every processor without targetEndpoint (MI tests-mediator-2
 * message/processor/test/forwarding/WithInMemoryStoreTestCase stores messages with the property only).
 */
import { strict as assert } from 'node:assert';
import { NS, api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

const processor = (name: string, store: string) =>
  `<messageProcessor ${NS} name="${name}" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="${store}">
     <parameter name="interval">30</parameter></messageProcessor>`;

describe('runtime fidelity (F2 s6): forwarding to the target.endpoint of the message', () => {
  let t: TestRuntime;
  let depot: Backend;
  before(async () => {
    depot = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<stored/>');
    });
    t = await startRuntime({
      'Depot.xml': `<endpoint ${NS} name="Depot"><address uri="${depot.url}/depot"/></endpoint>`,
      'Crates.xml': `<messageStore ${NS} name="Crates"/>`,
      'Pallets.xml': `<messageStore ${NS} name="Pallets"/>`,
      'CratesMP.xml': processor('CratesMP', 'Crates'),
      'PalletsMP.xml': processor('PalletsMP', 'Pallets'),
      'Crate.xml': api(
        'Crate',
        '/crate',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
         <property name="target.endpoint" value="Depot"/><store messageStore="Crates"/>`,
      ),
      'Pallet.xml': api(
        'Pallet',
        '/pallet',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
         <property name="target.endpoint" value="NoSuchDepot"/><store messageStore="Pallets"/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await depot?.close();
  });

  it('a message carrying target.endpoint is forwarded to that endpoint', async () => {
    const r = await send(`${t.base}/crate`, { body: '<crate>7</crate>', type: 'application/xml' });
    assert.equal(r.status, 202);
    await until(() => depot.requests.length >= 1);
    assert.equal(depot.requests[0]?.url, '/depot');
    assert.equal(depot.requests[0]?.body, '<crate>7</crate>');
  });

  it('a target.endpoint naming no endpoint deactivates the processor with MI words', async () => {
    await send(`${t.base}/pallet`, { body: '<pallet>1</pallet>', type: 'application/xml' });
    await until(() => t.logs.some((l) => l.message.includes('Endpoint does not exists')));
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' && l.message === 'Endpoint does not exists. Deactivating the message processor',
      ),
    );
  });
});
