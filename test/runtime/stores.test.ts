/** store mediator, in-memory message stores, the scheduled forwarding processor and the sampling processor. */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime } from './helpers';
import { until } from '../support';

describe('runtime: message stores and processors', () => {
  it('store + forwarding processor: 202 to the client, delivered to the target endpoint, reply sequence runs; retries then deactivates', async () => {
    let fail = true;
    const backend = await startBackend((req, res) => {
      if (req.url === '/flaky' && fail) {
        res.writeHead(503);
        res.end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stored: JSON.parse(req.body) }));
    });
    const t = await startRuntime({
      'Reg.xml': api(
        'Reg',
        '/register',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><property name="user" expression="json-eval($.user)"/><store messageStore="RegStore"/>`,
      ),
      'RegStore.xml': `<messageStore ${NS} name="RegStore"/>`,
      'RegEP.xml': `<endpoint ${NS} name="RegEP"><http method="post" uri-template="${backend.url}/users"/></endpoint>`,
      'RegMP.xml': `<messageProcessor ${NS} name="RegMP" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="RegStore" targetEndpoint="RegEP">
          <parameter name="interval">50</parameter><parameter name="message.processor.reply.sequence">RegReply</parameter></messageProcessor>`,
      'RegReply.xml': `<sequence ${NS} name="RegReply"><log level="custom"><property name="delivered" expression="json-eval($.stored.user)"/><property name="prop" expression="$ctx:user"/></log></sequence>`,
      'Flaky.xml': api('Flaky', '/flaky', `<store messageStore="FlakyStore"/>`),
      'FlakyStore.xml': `<messageStore ${NS} name="FlakyStore" class="org.apache.synapse.message.store.impl.jms.JmsStore"><parameter name="store.jms.destination">q</parameter></messageStore>`,
      'FlakyEP.xml': `<endpoint ${NS} name="FlakyEP"><http method="post" uri-template="${backend.url}/flaky"/></endpoint>`,
      'FlakyMP.xml': `<messageProcessor ${NS} name="FlakyMP" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="FlakyStore" targetEndpoint="FlakyEP">
          <parameter name="interval">30</parameter><parameter name="client.retry.interval">30</parameter><parameter name="max.delivery.attempts">3</parameter>
          <parameter name="message.processor.reply.sequence">RegReply</parameter></messageProcessor>`,
    });
    try {
      const r = await send(`${t.base}/register`, { body: '{"user":"ann"}', type: 'application/json' });
      assert.equal(r.status, 202);
      await until('the log line delivered = ', () =>
        t.logs.some((l) => l.message.startsWith('delivered = ')),
      );
      assert.ok(
        t.logs.some((l) => l.message === 'delivered = ann, prop = ann'),
        t.logs.map((l) => l.line).join('\n'),
      );
      assert.equal(backend.requests.filter((q) => q.url === '/users').length, 1);
      assert.equal(t.rt.messageStores.size('RegStore'), 0);

      await send(`${t.base}/flaky`, { body: '{"n":1}', type: 'application/json' });
      await until(
        'FlakyMP to be inactive',
        () => t.rt.list().find((a) => a.name === 'FlakyMP')?.state === 'inactive',
      );
      assert.equal(t.rt.list().find((a) => a.name === 'FlakyMP')?.state, 'inactive');
      assert.equal(backend.requests.filter((q) => q.url === '/flaky').length, 3);
      assert.equal(t.rt.messageStores.size('FlakyStore'), 1, 'the message stays in the store');
      fail = false;
      assert.ok(t.rt.setActive('messageProcessor', 'FlakyMP', true));
      await until('FlakyStore to be empty', () => t.rt.messageStores.size('FlakyStore') === 0);
      assert.equal(t.rt.messageStores.size('FlakyStore'), 0);
    } finally {
      await t.close();
      await backend.close();
    }
  });

  it('sampling processor injects stored messages into its sequence', async () => {
    const t = await startRuntime({
      'In.xml': api(
        'In',
        '/in',
        `<store messageStore="S"/><payloadFactory media-type="text"><format>stored</format></payloadFactory><respond/>`,
      ),
      'S.xml': `<messageStore ${NS} name="S"/>`,
      'P.xml': `<messageProcessor ${NS} name="P" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="S"><parameter name="interval">30</parameter><parameter name="sequence">Sampled</parameter></messageProcessor>`,
      'Sampled.xml': `<sequence ${NS} name="Sampled"><log level="custom"><property name="sampled" expression="//v"/></log></sequence>`,
    });
    try {
      assert.equal(
        (await send(`${t.base}/in`, { body: '<m><v>42</v></m>', type: 'application/xml' })).text,
        'stored',
      );
      await until('the log line sampled = 42', () => t.logs.some((l) => l.message === 'sampled = 42'));
      assert.ok(t.logs.some((l) => l.message === 'sampled = 42'));
    } finally {
      await t.close();
    }
  });
});
