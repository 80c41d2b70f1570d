/**
 * A loadbalance endpoint with algorithm="org.apache.synapse.endpoints.algorithms.WeightedRoundRobin" sends as
 * Synapse's WeightedRoundRobin does: each child as many times in a row as its loadbalance.weight property says (1
 * without one), children in order (MI SendIntegrationTestCase: weights 1, 2, 1 answer Server_1, Server_2, Server_2,
 * Server_3, Server_1). A weight that is not a positive integer fails the deployment. Our own back ends and names.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const WRR = 'org.apache.synapse.endpoints.algorithms.WeightedRoundRobin';

describe('oracle s13 S6: WeightedRoundRobin loadbalance (MI SendIntegrationTestCase, Synapse WeightedRoundRobin)', () => {
  let t: TestRuntime;
  const backends: Backend[] = [];
  before(async () => {
    for (const n of ['one', 'two', 'three'])
      backends.push(
        await startBackend((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(n);
        }),
      );
    const child = (b: Backend, weight?: number) =>
      `<endpoint><address uri="${b.url}/svc"/>${weight === undefined ? '' : `<property name="loadbalance.weight" value="${weight}"/>`}</endpoint>`;
    const lb = (name: string, algorithm: string, children: string) =>
      `<api ${NS} name="${name}" context="/${name}"><resource methods="GET"><inSequence><call><endpoint><loadbalance ${algorithm}>${children}</loadbalance></endpoint></call><respond/></inSequence></resource></api>`;
    t = await startRuntime({
      'Weighted.xml': lb(
        'weighted',
        `algorithm="${WRR}"`,
        child(backends[0]!, 1) + child(backends[1]!, 2) + child(backends[2]!, 1),
      ),
      'Heavy.xml': lb('heavy', `algorithm=" ${WRR} "`, child(backends[0]!, 3) + child(backends[1]!)),
      'Plain.xml': lb('plain', '', child(backends[0]!, 5) + child(backends[1]!)),
    });
  });
  after(async () => {
    await t.close();
    for (const b of backends) await b.close();
  });
  const run = async (p: string, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await send(t.base + p)).text);
    return out;
  };

  it('weights 1, 2, 1 send to the first, the second twice, the third, then the first again', async () => {
    assert.deepEqual(await run('/weighted', 9), [
      'one',
      'two',
      'two',
      'three',
      'one',
      'two',
      'two',
      'three',
      'one',
    ]);
  });
  it('a child without a weight counts 1; the plain round robin ignores weights', async () => {
    assert.deepEqual(await run('/heavy', 5), ['one', 'one', 'one', 'two', 'one']);
    assert.deepEqual(await run('/plain', 3), ['one', 'two', 'one']);
  });
  it('a weight that is not a positive integer fails the deployment', async () => {
    // WeightedRoundRobin.init: Integer.parseInt (NumberFormatException, also out of the int range), then weight <= 0
    const cases: [string, RegExp][] = [
      ['0', /RT_BAD_VALUE[\s\S]*Weight must be greater than zero/],
      ['x', /RT_BAD_VALUE[\s\S]*For input string: "x"/],
      ['2147483648', /RT_BAD_VALUE[\s\S]*For input string: "2147483648"/],
    ];
    for (const [w, expected] of cases)
      await assert.rejects(
        startRuntime({
          'Bad.xml': `<endpoint ${NS} name="Bad"><loadbalance algorithm="${WRR}"><endpoint><address uri="http://127.0.0.1:9/a"/><property name="loadbalance.weight" value="${w}"/></endpoint></loadbalance></endpoint>`,
        }),
        expected,
      );
  });
});
