/**
 * The cache mediator's key and response codes as MI's cache mediator (helper O2, session 5; MI tests-mediator-1
 * ExcludeHeadersWithCacheTestCase, ExcludeMultipleHeadersWithCacheTestCase, CacheResponseCodeRegexTestCase):
 * - HttpRequestHashGenerator hashes every transport header but those in headersToExcludeInHash (names without case);
 * - the collector stores a response only when the request-side cache's responseCodes match (the pattern travels
 *   with the cached object, CacheMediator.processResponseMessage). Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (O2): cache key headers and response codes', () => {
  let t: TestRuntime;
  let be: Backend;
  let served = 0;
  before(async () => {
    be = await startBackend((req, res) => {
      served++;
      res.writeHead(Number(req.headers['x-status'] ?? 200), { 'content-type': 'application/json' });
      res.end(JSON.stringify({ served }));
    });
    const cached = (name: string, ctx: string, protocol: string) =>
      `<api ${NS} name="${name}" context="${ctx}"><resource methods="POST"><inSequence>
        <cache collector="false" timeout="60"><protocol type="HTTP"><methods>POST</methods>${protocol}
          <hashGenerator>org.wso2.carbon.mediator.cache.digest.HttpRequestHashGenerator</hashGenerator></protocol></cache>
        <send><endpoint><address uri="${be.url}/count"/></endpoint></send>
      </inSequence><outSequence><cache collector="true"/><send/></outSequence></resource></api>`;
    t = await startRuntime({
      'Keyed.xml': cached(
        'Keyed',
        '/o2c/keyed',
        '<headersToExcludeInHash>Visitor, Region</headersToExcludeInHash>',
      ),
      'Codes.xml': cached(
        'Codes',
        '/o2c/codes',
        '<headersToExcludeInHash/><responseCodes>2[0-9][0-9]</responseCodes>',
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  const post = (path: string, headers: Record<string, string> = {}) =>
    send(`${t.base}${path}`, { body: '{"q":1}', type: 'application/json', headers });

  it('every header but the excluded ones is part of the key (excluded names in any case)', async () => {
    const first = (await post('/o2c/keyed')).json();
    assert.deepEqual((await post('/o2c/keyed', { visitor: 'ann' })).json(), first);
    assert.deepEqual((await post('/o2c/keyed', { VISITOR: 'bob', region: 'north' })).json(), first);
    const other = (await post('/o2c/keyed', { 'x-tier': 'gold' })).json();
    assert.notDeepEqual(other, first);
  });

  it("the request-side cache's responseCodes decide what the collector stores", async () => {
    const ok1 = (await post('/o2c/codes', { 'x-status': '201' })).json();
    assert.deepEqual((await post('/o2c/codes', { 'x-status': '201' })).json(), ok1);
    const bad1 = await post('/o2c/codes', { 'x-status': '503' });
    const bad2 = await post('/o2c/codes', { 'x-status': '503' });
    assert.equal(bad1.status, 503);
    assert.notDeepEqual(bad2.json(), bad1.json());
  });
});
