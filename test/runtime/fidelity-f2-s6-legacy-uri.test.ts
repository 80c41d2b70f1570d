/**
 * http endpoint `uri-template="legacy-encoding:..."` (helper F2, session 6), our own fixture over real HTTP.
 * Synapse HTTPEndpoint with legacySupport URL-decodes the uri.var/query.param values, expands the template, URL-decodes
 * the whole result and rebuilds it through java.net.URI (which quotes only illegal characters): an encoded slash in
 * a variable reaches the back end as a path separator (MI tests-service HttpEndpointTestCase.testLegacyEncodingProperty
 * sends customers%2F<id> and expects the customer). Ours kept the escape (%252F) and the back end answered 404.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): legacy-encoding uri-template', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    t = await startRuntime({
      'Legacy.xml': api(
        'Legacy',
        '/legacy',
        `<property name="uri.var.where" value="${be.url}/shelves%2Fbook%20one"/>
         <call><endpoint><http method="get" uri-template="legacy-encoding:{uri.var.where}"/></endpoint></call><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('decodes the variable and the expanded address, then quotes what is illegal', async () => {
    const r = await send(`${t.base}/legacy`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { path: '/shelves/book%20one' });
  });
});
