/**
 * Forwarding processors without a targetEndpoint (helper F2, session 6), our own fixtures over real HTTP.
 *
 * Synapse ForwardingService.dispatch takes the processor's targetEndpoint, else the stored message's
 * `target.endpoint` property (and keeps it); with neither, or a name no endpoint has, it logs and deactivates the
 * processor. Ours deactivated every processor without targetEndpoint (MI tests-mediator-2
 * message/processor/test/forwarding/WithInMemoryStoreTestCase stores messages with the property only).
 * When a processor deactivates, the message goes through its message.processor.deactivate.sequence
 * (ForwardingService.deactivateMessageProcessor / sendThroughDeactivateSeq; MI tests-mediator-2
 * MessageProcessorWithFaultDeactivateSeqTestCase); ours had no such sequence.
 */
import { strict as assert } from 'node:assert';
import {
  NS,
  api,
  closedPort,
  send,
  startBackend,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';
import { until } from '../support';

const processor = (name: string, store: string) =>
  `<messageProcessor ${NS} name="${name}" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="${store}">
     <parameter name="interval">30</parameter></messageProcessor>`;

describe('runtime fidelity (F2 s6): forwarding to the target.endpoint of the message', () => {
  let t: TestRuntime;
  let depot: Backend;
  before(async () => {
    const shut = await closedPort();
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
      'Shut.xml': `<endpoint ${NS} name="Shut"><address uri="http://127.0.0.1:${shut}/gone"/></endpoint>`,
      'Boxes.xml': `<messageStore ${NS} name="Boxes"/>`,
      'BoxesMP.xml': `<messageProcessor ${NS} name="BoxesMP" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="Boxes" targetEndpoint="Shut">
          <parameter name="interval">30</parameter><parameter name="max.delivery.attempts">1</parameter>
          <parameter name="message.processor.deactivate.sequence">BoxesGiveUp</parameter></messageProcessor>`,
      'BoxesGiveUp.xml': `<sequence ${NS} name="BoxesGiveUp"><log level="custom"><property name="gave up on" expression="//box"/></log></sequence>`,
      'Box.xml': api(
        'Box',
        '/box',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><store messageStore="Boxes"/>`,
      ),
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
    await until('1 request(s) at the depot', () => depot.requests.length >= 1);
    assert.equal(depot.requests[0]?.url, '/depot');
    assert.equal(depot.requests[0]?.body, '<crate>7</crate>');
  });

  it('a target.endpoint naming no endpoint deactivates the processor with MI words', async () => {
    await send(`${t.base}/pallet`, { body: '<pallet>1</pallet>', type: 'application/xml' });
    await until('the log line Endpoint does not exists', () =>
      t.logs.some((l) => l.message.includes('Endpoint does not exists')),
    );
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' && l.message === 'Endpoint does not exists. Deactivating the message processor',
      ),
    );
  });

  it('a processor that gives up sends the message through its deactivate sequence', async () => {
    await send(`${t.base}/box`, { body: '<box>blue</box>', type: 'application/xml' });
    await until('the log line gave up on = blue', () =>
      t.logs.some((l) => l.message === 'gave up on = blue'),
    );
    assert.ok(t.logs.some((l) => l.message === 'gave up on = blue'));
    assert.equal(t.rt.list().find((a) => a.name === 'BoxesMP')?.state, 'inactive');
  });
});
