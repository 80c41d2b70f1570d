/**
 * Session 13 oracle sweep (helper S1): MI's cache integration tests (tests-mediator-1 cache/*, tests-patches
 * APIMANAGER1838RequestHashGeneratorTestCase) that no test of ours named yet. Our own API, back end and values.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S13 S1 (MI APIMANAGER1838RequestHashGeneratorTestCase): the old cache syntax keys GETs by their query', () => {
  let t: TestRuntime;
  let people: Backend;
  before(async () => {
    people = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ who: decodeURIComponent(req.url ?? ''), n: people.requests.length }));
    });
    t = await startRuntime({
      'Folks.xml': `<api ${NS} name="Folks" context="/folks">
        <resource methods="GET" uri-template="/person*"><inSequence>
          <property name="uri.var.mail" expression="$ctx:query.param.mail"/>
          <cache id="folksCache" scope="per-host" collector="false" hashGenerator="org.wso2.caching.digest.REQUESTHASHGenerator"
                 timeout="100" maxMessageSize="1000000"><implementation type="memory" maxSize="1000"/></cache>
          <send><endpoint><http method="get" uri-template="${people.url}/people/{uri.var.mail}"/></endpoint></send>
        </inSequence><outSequence><cache id="folksCache" scope="per-host" collector="true"/><send/></outSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t.close();
    await people.close();
  });

  it('two queries are two entries; the same query again is answered from the cache', async () => {
    const a = await send(`${t.base}/folks/person?mail=ann@example.com`);
    const b = await send(`${t.base}/folks/person?mail=bob@example.com`);
    const a2 = await send(`${t.base}/folks/person?mail=ann@example.com`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json(), { who: '/people/ann@example.com', n: 1 });
    assert.deepEqual(b.json(), { who: '/people/bob@example.com', n: 2 });
    assert.deepEqual(a2.json(), { who: '/people/ann@example.com', n: 1 });
    assert.equal(people.requests.length, 2);
  });
});
