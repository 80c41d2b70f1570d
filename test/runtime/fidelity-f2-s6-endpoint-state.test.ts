/**
 * Endpoint state belongs to the endpoint definition (helper F2, session 6), our own fixture over real HTTP.
 * Synapse gives every endpoint object its own EndpointContext (AbstractEndpoint.init), so two inline endpoints that
 * happen to share a name (copied configurations do: MI tests-service HttpEndpointTestCase has three proxies with an
 * inline endpoint "HTTPEndpointEP") are suspended each on its own failures. Ours kept the state by name: one inline
 * endpoint's failure suspended the other.
 */
import assert from 'node:assert/strict';
import { api, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): endpoint suspension per definition', () => {
  let t: TestRuntime;
  let live: Backend;
  before(async () => {
    const dead = await closedPort();
    live = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"up":true}');
    });
    const call = (url: string) =>
      `<call><endpoint name="Shared"><address uri="${url}"/></endpoint></call><respond/>`;
    t = await startRuntime({
      'Broken.xml': api('Broken', '/broken', call(`http://127.0.0.1:${dead}/x`)),
      'Working.xml': api('Working', '/working', call(`${live.url}/y`)),
    });
  });
  after(async () => {
    await t?.close();
    await live?.close();
  });

  it('a failing inline endpoint does not suspend another inline endpoint of the same name', async () => {
    await send(`${t.base}/broken`);
    const r = await send(`${t.base}/working`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { up: true });
  });
});
