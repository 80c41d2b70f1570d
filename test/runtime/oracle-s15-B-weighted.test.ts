/**
 * Session 15 (B): a WeightedRoundRobin loadbalance with failover retries without end while its children fail:
 * WeightedRoundRobin.getNextEndpoint always answers a child (the next slot, never looking at readiness), and
 * LoadbalanceEndpoint.onChildEndpointFail sends the message again after each failure, so MI keeps going round the
 * slots until a child answers. Own back ends (they drop each connection until told to answer) and names
 * (MI SendIntegrationTestCase's weighted loadbalance, Synapse LoadbalanceEndpoint / WeightedRoundRobin).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const WRR = 'org.apache.synapse.endpoints.algorithms.WeightedRoundRobin';

describe('oracle S15 B: WeightedRoundRobin retries round its slots until a child answers (LoadbalanceEndpoint.onChildEndpointFail; MI SendIntegrationTestCase)', () => {
  let t: TestRuntime;
  const order: string[] = [];
  let answerAfter = Infinity;
  const backend = (name: string) =>
    startBackend((req, res) => {
      order.push(name);
      if (order.length < answerAfter) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`answered by ${name}`);
    });
  let left: Backend;
  let right: Backend;
  before(async () => {
    left = await backend('left');
    right = await backend('right');
    const child = (b: Backend, weight: number) =>
      `<endpoint><address uri="${b.url}/w"/><property name="loadbalance.weight" value="${weight}"/></endpoint>`;
    t = await startRuntime({
      'Spin.xml': `<api ${NS} name="Spin" context="/spin"><resource methods="GET"><inSequence><call><endpoint><loadbalance algorithm="${WRR}">${child(left, 1)}${child(right, 2)}</loadbalance></endpoint></call><respond/></inSequence>
        <faultSequence><payloadFactory media-type="text"><format>fault $1</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await left?.close();
    await right?.close();
  });

  it('the failing children are tried slot after slot, round after round (left, right, right, ...), until one answers', async () => {
    // the tenth try is answered: three rounds of slots and more, where ours used to stop after one
    answerAfter = 10;
    const r = await send(`${t.base}/spin`);
    assert.equal(r.text, 'answered by left');
    assert.deepEqual(order, [
      'left',
      'right',
      'right',
      'left',
      'right',
      'right',
      'left',
      'right',
      'right',
      'left',
    ]);
    const failures = t.logs.filter((l) => l.message.includes('Detect a Failure in a child endpoint'));
    assert.equal(failures.length, 9);
  });

  it('the runtime stopping ends the retries', async () => {
    order.length = 0;
    answerAfter = Infinity;
    const pending = send(`${t.base}/spin`).catch(() => undefined);
    while (order.length < 8) await new Promise((r) => setTimeout(r, 10));
    await t.rt.stop(0);
    const seen = order.length;
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(order.length <= seen + 1, `${seen} -> ${order.length}`);
    await pending;
  });
});
