import { strict as assert } from 'node:assert';
import { Runtime } from '../../runtime-debug/engine';
import {
  NS,
  api,
  closedPort,
  send,
  startBackend,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

describe('runtime fidelity (F4): query templates, 405, loadbalance without failover', () => {
  let t: TestRuntime;
  let backend: Backend;
  let dead: number;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ from: 'live' }));
    });
    dead = await closedPort();
    const echoVars = `<payloadFactory media-type="json"><format>{"lat":"$1","lon":"$2","lvl":"$3"}</format>
      <args><arg expression="$ctx:uri.var.lat"/><arg expression="$ctx:uri.var.lon"/><arg expression="$ctx:uri.var.lvl"/></args></payloadFactory><respond/>`;
    t = await startRuntime({
      'Geo.xml': `<api ${NS} name="Geo" context="/geo">
        <resource methods="GET" uri-template="/spot?lat={+lat}&amp;lon={+lon}&amp;lvl={+lvl}"><inSequence>${echoVars}</inSequence></resource>
        <resource methods="GET" uri-template="/pin?lat={lat}&amp;lon={lon}"><inSequence>${echoVars}</inSequence></resource>
      </api>`,
      'Shelf.xml': api(
        'Shelf',
        '/shelf',
        `<payloadFactory media-type="json"><format>{"ok":true}</format><args/></payloadFactory><respond/>`,
        'methods="GET" uri-template="/books/{id}"',
      ),
      'Balanced.xml': api(
        'Balanced',
        '/balanced',
        `<call><endpoint><loadbalance failover="false">
            <endpoint><address uri="http://127.0.0.1:${dead}/down"/></endpoint>
            <endpoint><address uri="${backend.url}/up"/></endpoint>
          </loadbalance></endpoint></call><respond/>`,
      ),
      'Remover.xml': api(
        'Remover',
        '/remover',
        `<payloadFactory media-type="json"><format>{"drop":"crate-7"}</format><args/></payloadFactory>
         <property name="HTTP_METHOD" value="DELETE" scope="axis2"/>
         <call><endpoint><address uri="${backend.url}/crates"/></endpoint></call><respond/>`,
      ),
      'PlainDelete.xml': api(
        'PlainDelete',
        '/plain-delete',
        `<call><endpoint><address uri="${backend.url}/crates"/></endpoint></call><respond/>`,
      ),
      'BalancedFailover.xml': api(
        'BalancedFailover',
        '/balanced-fo',
        `<call><endpoint><loadbalance>
            <endpoint><address uri="http://127.0.0.1:${dead}/down"/></endpoint>
            <endpoint><address uri="${backend.url}/up"/></endpoint>
          </loadbalance></endpoint></call><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('a query template matches the query as text, in template order', async () => {
    const ok = await send(`${t.base}/geo/spot?lat=1.5&lon=2&lvl=3`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json(), { lat: '1.5', lon: '2', lvl: '3' });
    // an empty value after `=` still matches
    const empty = await send(`${t.base}/geo/spot?lat=1&lon=2&lvl=`);
    assert.equal(empty.status, 200);
    // `&lvl` without its `=` does not (the literal `&lvl=` is missing)
    assert.equal((await send(`${t.base}/geo/spot?lat=1&lon=2&lvl`)).status, 404);
    // the same parameters in another order do not either
    assert.equal((await send(`${t.base}/geo/spot?lon=2&lat=1&lvl=3`)).status, 404);
  });

  it('a simple query variable stops at a reserved character: nothing may be left over', async () => {
    const ok = await send(`${t.base}/geo/pin?lat=4&lon=5`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json(), { lat: '4', lon: '5', lvl: '' });
    assert.equal((await send(`${t.base}/geo/pin?lat=4&lon=5&extra=1`)).status, 404);
  });

  it('answers a wrong method 405 without an Allow header', async () => {
    const r = await send(`${t.base}/shelf/books/9`, { method: 'DELETE' });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), null);
    assert.equal(r.text, '');
  });

  it('loadbalance failover="false" does not retry a failing child on the next one', async () => {
    // round robin starts at the first child, which refuses connections: the error is the group's
    const first = await send(`${t.base}/balanced`);
    assert.notEqual(first.status, 200);
    assert.equal(backend.requests.length, 0);
    const second = await send(`${t.base}/balanced`);
    assert.equal(second.status, 200);
    assert.deepEqual(second.json(), { from: 'live' });
  });

  it('call with HTTP_METHOD DELETE sends the message it has (MI sends the entity)', async () => {
    const r = await send(`${t.base}/remover`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200);
    const seen = backend.requests.at(-1)!;
    assert.equal(seen.method, 'DELETE');
    assert.equal(seen.body, '{"drop":"crate-7"}');
    assert.match(String(seen.headers['content-type']), /^application\/json/);
  });

  it('a DELETE with no body goes on with no body', async () => {
    const r = await send(`${t.base}/plain-delete`, { method: 'DELETE' });
    assert.equal(r.status, 200);
    const seen = backend.requests.at(-1)!;
    assert.equal(seen.method, 'DELETE');
    assert.equal(seen.body, '');
    assert.equal(seen.headers['content-length'] ?? '0', '0');
  });

  it('a loadbalance with failover (the default) goes on to the next child', async () => {
    const r = await send(`${t.base}/balanced-fo`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { from: 'live' });
  });
});

describe('runtime fidelity (F4): Runtime.inject for unit tests', () => {
  let rt: Runtime;
  before(() => {
    rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Stamp.xml',
        text: `<sequence ${NS} name="Stamp">
          <header name="X-Lane" scope="transport" value="east"/>
          <property name="Seen" expression="$axis2:Channel"/>
          <property name="HTTP_SC" value="299" scope="axis2"/>
          <drop/></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
  });

  it('takes axis2-scope properties and returns the context as the flow left it (no 202 stand-in)', async () => {
    const { ctx, response } = await rt.inject({
      sequence: 'Stamp',
      body: '<in/>',
      contentType: 'application/xml',
      axis2Properties: { Channel: 'web' },
    });
    assert.equal(response, undefined);
    assert.equal(ctx.props.get('Seen'), 'web');
    assert.equal(ctx.headers.get('X-Lane'), 'east');
    assert.equal(ctx.axis2.get('HTTP_SC'), '299');
    assert.equal(ctx.axis2.get('NO_ENTITY_BODY'), undefined);
  });
});
