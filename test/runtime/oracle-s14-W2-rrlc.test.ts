/**
 * Session 14, W2: loadbalance algorithm="org.apache.synapse.endpoints.algorithms.WeightedRRLCAlgorithm" as Synapse's
 * WeightedRRLCAlgorithm does it: children taken heaviest first, each as many times in a row as its
 * loadbalance.weight; when a round ends (loadbalance.weightedRRLC.roundsPerRecal rounds, 1 by default) it reads the
 * transport's open connections map, which MI's pass-through transport does not keep: that pick fails with
 * "Connections map not found." and the next message starts the next round. init needs a weight on every child, and
 * address (or wsdl) children only. Own back ends and names (Synapse WeightedRRLCAlgorithmTest).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const RRLC = 'org.apache.synapse.endpoints.algorithms.WeightedRRLCAlgorithm';

describe('oracle S14 W2: WeightedRRLCAlgorithm loadbalance (Synapse WeightedRRLCAlgorithm.getNextEndpoint, WeightedRRLCAlgorithmTest)', () => {
  let t: TestRuntime;
  const backends: Backend[] = [];
  before(async () => {
    for (const n of ['red', 'green', 'blue'])
      backends.push(
        await startBackend((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(n);
        }),
      );
    const child = (b: Backend, weight: number) =>
      `<endpoint><address uri="${b.url}/svc"/><property name="loadbalance.weight" value="${weight}"/></endpoint>`;
    const lb = (name: string, children: string, props = '') =>
      `<api ${NS} name="${name}" context="/${name}"><resource methods="GET"><inSequence><call><endpoint><loadbalance algorithm="${RRLC}">${children}</loadbalance>${props}</endpoint></call><respond/></inSequence>
       <faultSequence><payloadFactory media-type="text"><format>fault: $1</format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`;
    t = await startRuntime({
      'Rrlc.xml': lb('rrlc', child(backends[0]!, 1) + child(backends[1]!, 3) + child(backends[2]!, 2)),
      'Rrlc2.xml': lb(
        'rrlc2',
        child(backends[0]!, 1) + child(backends[1]!, 1),
        '<property name="loadbalance.weightedRRLC.roundsPerRecal" value="2"/>',
      ),
    });
  });
  after(async () => {
    await t.close();
    for (const b of backends) await b.close();
  });
  const run = async (p: string, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await send(`${t.base}${p}`)).text);
    return out;
  };

  it('heaviest first, each weight in a row; the round after fails with "Connections map not found."', async () => {
    assert.deepEqual(await run('/rrlc', 8), [
      'green',
      'green',
      'green',
      'blue',
      'blue',
      'red',
      'fault: Connections map not found.',
      'green',
    ]);
    assert.ok(t.logs.some((l) => l.level === 'ERROR' && l.message === 'Connections map not found.'));
  });

  it('loadbalance.weightedRRLC.roundsPerRecal: the failure comes after that many rounds (equal weights keep their order)', async () => {
    assert.deepEqual(await run('/rrlc2', 6), [
      'red',
      'green',
      'red',
      'green',
      'fault: Connections map not found.',
      'red',
    ]);
  });

  it('a child without loadbalance.weight, or one that is not an address endpoint, fails the deployment (init)', async () => {
    await assert.rejects(
      startRuntime({
        'NoWeight.xml': `<endpoint ${NS} name="NoWeight"><loadbalance algorithm="${RRLC}"><endpoint><address uri="http://127.0.0.1:9/a"/></endpoint></loadbalance></endpoint>`,
      }),
      /Parameter loadbalance.weighted.weight should be specified for every endpoint/,
    );
    await assert.rejects(
      startRuntime({
        'HttpChild.xml': `<endpoint ${NS} name="HttpChild"><loadbalance algorithm="${RRLC}"><endpoint><http uri-template="http://127.0.0.1:9/a"/><property name="loadbalance.weight" value="1"/></endpoint></loadbalance></endpoint>`,
      }),
      /Only AddressEndpoint and WSDLEndpoint can be used with WeightedRRLCAlgorithm/,
    );
  });
});
