/**
 * A WeightedRoundRobin loadbalance sends to a suspended inline child: Synapse's WeightedRoundRobin.getNextEndpoint
 * never looks at readiness (only RoundRobin does), and AddressEndpoint.send checks readyToSend only for an endpoint
 * without a parent. So the suspended child gets the message: answered when its back end is back, and with
 * failover="false" its failure goes to the fault sequence (LoadbalanceEndpoint.onChildEndpointFail pops the next
 * fault handler). With failover on, a failing child is retried at the next slot, the same child while it has weight
 * left. Our own back ends and names (MI SendIntegrationTestCase's weighted loadbalance, Synapse LoadbalanceEndpoint).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const WRR = 'org.apache.synapse.endpoints.algorithms.WeightedRoundRobin';

describe('oracle s14 W4: WeightedRoundRobin and a suspended child (MI SendIntegrationTestCase, Synapse WeightedRoundRobin)', () => {
  let t: TestRuntime;
  let steady: Backend;
  let flaky: Backend;
  let down = true;
  before(async () => {
    steady = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('steady');
    });
    flaky = await startBackend((req, res) => {
      if (down) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('flaky');
    });
    const child = (b: Backend, weight: number) =>
      `<endpoint><address uri="${b.url}/w"/><property name="loadbalance.weight" value="${weight}"/></endpoint>`;
    const lb = (name: string, attrs: string, children: string) =>
      `<api ${NS} name="${name}" context="/${name}"><resource methods="GET"><inSequence><call><endpoint><loadbalance algorithm="${WRR}" ${attrs}>${children}</loadbalance></endpoint></call><respond/></inSequence>` +
      `<faultSequence><payloadFactory media-type="text"><format>fault $1</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`;
    t = await startRuntime({
      'NoFo.xml': lb('nofo', 'failover="false"', child(steady, 1) + child(flaky, 1)),
      'Fo.xml': lb('fo', '', child(flaky, 2) + child(steady, 1)),
    });
  });
  after(async () => {
    await t.close();
    await steady.close();
    await flaky.close();
  });
  const texts = async (p: string, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await send(t.base + p)).text);
    return out;
  };

  it('failover="false": the suspended child still gets its turn, failing to the fault sequence, then answering once back', async () => {
    down = true;
    const before = flaky.requests.length;
    // steady, flaky (fails: suspended), steady, flaky again (suspended, still sent to: fails again)
    assert.deepEqual(await texts('/nofo', 4), ['steady', 'fault 101508', 'steady', 'fault 101508']);
    assert.equal(flaky.requests.length - before, 2);
    // the second failure finds it suspended already (EndpointContext.onFault: 'last suspend duration was')
    assert.ok(t.logs.some((l) => /will be marked SUSPENDED/.test(l.message)));
    assert.ok(t.logs.some((l) => /last suspend duration was : 30000ms/.test(l.message)));
    down = false;
    // still suspended in our state, but sent to and answered
    assert.deepEqual(await texts('/nofo', 2), ['steady', 'flaky']);
  });

  it('failover on: a failing child is tried again at its next slot, then the next child answers', async () => {
    down = true;
    const before = flaky.requests.length;
    // weights 2, 1: flaky, flaky (both fail), steady answers; the next message starts at flaky again
    assert.deepEqual(await texts('/fo', 1), ['steady']);
    assert.equal(flaky.requests.length - before, 2);
    down = false;
    assert.deepEqual(await texts('/fo', 3), ['flaky', 'flaky', 'steady']);
  });
});
