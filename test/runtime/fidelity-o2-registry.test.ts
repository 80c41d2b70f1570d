/**
 * Sequences and endpoints kept in the registry (helper O2, session 5): a `conf:`/`gov:` key that names no deployed
 * artifact is the registry resource of that path, as MI's dynamic sequences and endpoints (MI tests-service
 * customProxy InSequenceFromRegistry / OutSequence from registry, tests-mediator-2 SendMediatorEndpointFromRegistry).
 * Our own project fixture over real HTTP.
 */
import assert from 'node:assert/strict';
import { send, startBackend, startProjectRuntime, type Backend, type TestRuntime } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('runtime fidelity (O2): registry sequences and endpoints', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stocked: req.url }));
    });
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        'src/main/wso2mi/artifacts/apis/Depot.xml': `<api ${NS} name="Depot" context="/depot">
          <resource methods="GET" uri-template="/greet"><inSequence><sequence key="conf:/flows/greet.xml"/><respond/></inSequence></resource>
          <resource methods="GET" uri-template="/stock"><inSequence><call><endpoint key="gov:/targets/stock.xml"/></call><respond/></inSequence></resource>
          <resource methods="GET" uri-template="/missing"><inSequence><sequence key="conf:/flows/nowhere.xml"/><respond/></inSequence></resource>
        </api>`,
        'src/main/wso2mi/resources/registry/conf/flows/greet.xml': `<sequence ${NS} name="greet"><payloadFactory media-type="json"><format>{"hello":"depot"}</format><args/></payloadFactory></sequence>`,
        'src/main/wso2mi/resources/registry/gov/targets/stock.xml': `<endpoint ${NS} name="stock"><http method="get" uri-template="${be.url}/shelf"/></endpoint>`,
      },
      'o2reg',
    );
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  it('a conf: sequence key runs the sequence kept in the registry', async () => {
    const r = await send(`${t.base}/depot/greet`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { hello: 'depot' });
  });

  it('a gov: endpoint key calls the endpoint kept in the registry', async () => {
    const r = await send(`${t.base}/depot/stock`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { stocked: '/shelf' });
  });

  it('a key with no registry resource behind it still fails (logged, 202 as MI)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/depot/missing`);
    assert.equal(r.status, 202);
    assert.ok(t.logs.slice(n).some((l) => l.message.includes("'conf:/flows/nowhere.xml'")));
  });
});
