/**
 * The message forwarding processor as MI's documentation shows it (learn/examples/message-store-processor-examples/
 * using-message-forwarding-processor) (helper D2, session 7), over real HTTP with our own fixtures: a proxy stores an
 * OUT_ONLY message (FORCE_SC_ACCEPTED: the client gets 202), the back end is down, and the processor keeps the
 * message until it can deliver it ("the message processor removes the message from the store only if it was
 * delivered"). Synapse ForwardingService.dispatch sends through its blocking sender even for OUT_ONLY messages and
 * counts a BLOCKING_SENDER_ERROR as a failed attempt; ours had sent it fire-and-forget and dropped it.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { closedPort, send, startRuntime, NS, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime fidelity (D2, s7): forwarding processor keeps an out-only message until delivered', () => {
  let t: TestRuntime;
  let port: number;
  let late: Server | undefined;
  const delivered: string[] = [];
  before(async () => {
    port = await closedPort();
    t = await startRuntime({
      'Keep.xml': `<proxy ${NS} name="KeepOrder" transports="http"><target><inSequence>
          <property name="FORCE_SC_ACCEPTED" scope="axis2" value="true"/><property name="OUT_ONLY" value="true"/>
          <store messageStore="Tray"/></inSequence></target></proxy>`,
      'Tray.xml': `<messageStore ${NS} name="Tray"/>`,
      'Courier.xml': `<messageProcessor ${NS} class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor"
          messageStore="Tray" name="Courier" targetEndpoint="OrderDesk"><parameter name="interval">150</parameter>
          <parameter name="max.delivery.attempts">20</parameter></messageProcessor>`,
      'OrderDesk.xml': `<endpoint ${NS} name="OrderDesk"><address uri="http://127.0.0.1:${port}/desk">
          <suspendOnFailure><errorCodes>-1</errorCodes><progressionFactor>1.0</progressionFactor></suspendOnFailure></address></endpoint>`,
    });
  });
  after(async () => {
    await t.close();
    if (late) {
      late.closeAllConnections();
      await new Promise<void>((r) => late!.close(() => r()));
    }
  });

  it('failed attempts keep the message; it is delivered once the back end is up', async () => {
    const r = await send(`${t.base}/services/KeepOrder`, {
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><o:order xmlns:o="urn:d2:o">42</o:order></s:Body></s:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:order' },
    });
    assert.equal(r.status, 202);
    // the back end is down for a few processor rounds
    await until('the second delivery attempt failing', () =>
      t.logs.some((l) => /Delivery attempt 2 .*failed/.test(l.message)),
    );
    assert.ok(
      t.logs.some((l) => /Delivery attempt 2 .*failed: Error connecting to the back end/.test(l.message)),
    );
    late = createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        delivered.push(b);
        res.writeHead(202);
        res.end();
      });
    });
    await new Promise<void>((res) => late!.listen(port, '127.0.0.1', res));
    await until('a delivery', () => delivered.length !== 0);
    assert.equal(delivered.length, 1);
    assert.match(delivered[0], /<o:order xmlns:o="urn:d2:o">42<\/o:order>/);
  });
});
