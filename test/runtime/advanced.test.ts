/** validate (JSON Schema), cache (request side + collector, also around a call), throttle. */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: validate, cache, throttle', () => {
  let t: TestRuntime;
  let backend: Backend;
  let hits = 0;
  before(async () => {
    backend = await startBackend((req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json', 'x-hit': String(hits) });
      res.end(JSON.stringify({ hit: hits, path: req.url }));
    });
    const B = backend.url;
    t = await startRuntime({
      'Schema.xml': `<localEntry ${NS} key="orderSchema"><![CDATA[{"type":"object","required":["id"],"properties":{"id":{"type":"integer"},"qty":{"type":"integer","minimum":1}}}]]></localEntry>`,
      'Validate.xml': api(
        'Validate',
        '/validate',
        `<validate><schema key="orderSchema"/><on-fail><payloadFactory media-type="json"><format>{"valid":false,"why":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><property name="HTTP_SC" value="422" scope="axis2"/><respond/></on-fail></validate>
         <payloadFactory media-type="json"><format>{"valid":true}</format></payloadFactory><respond/>`,
      ),
      'Cache.xml': `<api ${NS} name="Cache" context="/cache"><resource methods="GET"><inSequence>
          <cache collector="false" timeout="60" scope="per-host"><implementation maxSize="10" type="memory"/></cache>
          <send><endpoint><http uri-template="${B}/cached"/></endpoint></send></inSequence>
          <outSequence><cache collector="true" scope="per-host"/><send/></outSequence></resource></api>`,
      'Cache4.xml': api(
        'Cache4',
        '/cache4',
        `<cache collector="false" timeout="60" maxMessageSize="10000"><protocol type="HTTP"><methods>GET</methods><responseCodes>2[0-9][0-9]</responseCodes></protocol><implementation maxSize="10"/></cache><call><endpoint><http method="get" uri-template="${B}/cache4"/></endpoint></call><property name="RESPONSE" value="true"/><cache collector="true"/><respond/>`,
        'methods="GET POST"',
      ),
      'Throttle.xml': api(
        'Throttle',
        '/throttle',
        `<throttle id="t1"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle">
            <throttle:MediatorThrottleAssertion><wsp:All><throttle:ID throttle:type="IP">other</throttle:ID><wsp:ExactlyOne><wsp:All>
            <throttle:MaximumCount>2</throttle:MaximumCount><throttle:UnitTime>60000</throttle:UnitTime></wsp:All><throttle:IsAllowed>true</throttle:IsAllowed></wsp:ExactlyOne></wsp:All></throttle:MediatorThrottleAssertion></wsp:Policy></policy>
          <onAccept><payloadFactory media-type="text"><format>accepted</format></payloadFactory><respond/></onAccept>
          <onReject><payloadFactory media-type="text"><format>rejected</format></payloadFactory><property name="HTTP_SC" value="429" scope="axis2"/><respond/></onReject></throttle>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('validate: a valid JSON payload passes, an invalid one runs on-fail with ERROR_MESSAGE', async () => {
    let r = await send(`${t.base}/validate`, { body: '{"id":1,"qty":2}', type: 'application/json' });
    assert.deepEqual(r.json(), { valid: true });
    r = await send(`${t.base}/validate`, { body: '{"id":"x"}', type: 'application/json' });
    assert.equal(r.status, 422);
    const j = r.json() as { valid: boolean; why: string };
    assert.equal(j.valid, false);
    assert.equal(
      j.why,
      'instance type (string) does not match any allowed primitive type (allowed: ["integer"])',
    );
  });

  it('cache (request side + collector): the second identical request is answered from the cache', async () => {
    const first = await send(`${t.base}/cache/a`);
    const second = await send(`${t.base}/cache/a`);
    assert.equal(first.text, second.text);
    const other = await send(`${t.base}/cache/b`);
    assert.notEqual(other.text, first.text);
    assert.equal((second.json() as { hit: number }).hit, (first.json() as { hit: number }).hit);
  });

  it('cache around a call: the collector after RESPONSE="true" stores the answer (MI tests-patches CachingTestPost)', async () => {
    const a = await send(`${t.base}/cache4`);
    const b = await send(`${t.base}/cache4`);
    assert.equal(a.status, 200);
    assert.equal(a.text, b.text);
    assert.equal(b.headers.get('x-hit'), a.headers.get('x-hit'));
  });

  it('throttle: MaximumCount per unit time, then onReject', async () => {
    const got = [];
    for (let i = 0; i < 4; i++) {
      const r = await send(`${t.base}/throttle`);
      got.push(`${r.status}:${r.text}`);
    }
    assert.deepEqual(got, ['200:accepted', '200:accepted', '429:rejected', '429:rejected']);
  });
});
