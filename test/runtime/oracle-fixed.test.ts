/**
 * Oracle regressions for differences found by running MI's own integration tests and since fixed (see
 * notes/s4/oracle-findings.md): each case is the MI behaviour the named MI test asserts, with our own names and payloads.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle (MI integration tests): behaviours fixed after the oracle run', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      if (req.method === 'POST' && req.url === '/store') {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"stored":true}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.body || '{"empty":true}');
    });
    const B = backend.url;
    const ok = (tag: string) =>
      `<payloadFactory media-type="json"><format>{"hit":"${tag}"}</format><args/></payloadFactory><respond/>`;
    t = await startRuntime({
      // LastQueryParamEmptyTestCase / HTTPResponseCodeTestCase / EnrichJSONPayload: a literal ending in *
      'Star.xml': `<api ${NS} name="Star" context="/star">
          <resource methods="GET" uri-template="/items*"><inSequence>${ok('items')}</inSequence></resource>
          <resource methods="GET" uri-template="/docs/*"><inSequence>${ok('docs')}</inSequence></resource>
        </api>`,
      // AggregateWithJSONAndMaxMinLimits: jsonObject wrappers inside an element lose their name in JSON
      'Wrap.xml': api(
        'Wrap',
        '/wrap',
        `<filter source="$url:n" regex="2"><then>
           <payloadFactory media-type="xml"><format><box xmlns=""><jsonObject><k>1</k></jsonObject><jsonObject><k>2</k></jsonObject></box></format><args/></payloadFactory>
         </then><else>
           <payloadFactory media-type="xml"><format><box xmlns=""><jsonObject><k>1</k></jsonObject></box></format><args/></payloadFactory>
         </else></filter>
         <property name="messageType" value="application/json" scope="axis2"/><respond/>`,
        'methods="GET"',
      ),
      // IterateJsonPathTest: preservePayload + attachPath on JSON
      'Attach.xml': api(
        'Attach',
        '/attach',
        `<iterate id="att" preservePayload="true" attachPath="json-eval($.spot)" expression="json-eval($.list)" sequential="true"><target><sequence>
           <call><endpoint><http method="POST" uri-template="${B}/echo"/></endpoint></call>
           <aggregate id="att"><completeCondition><messageCount min="-1" max="-1"/></completeCondition><onComplete expression="json-eval($)"><respond/></onComplete></aggregate>
         </sequence></target></iterate>`,
        'methods="POST"',
      ),
      // EnrichIntegrationJsonPathTestCase.testEnrichRemoveFromBody: comma-separated JSONPaths removed in turn
      'Strip.xml': api(
        'Strip',
        '/strip',
        `<enrich><source clone="true" xpath="json-eval($.rows[*].secret,$.rows[0])"/><target type="body" action="remove"/></enrich><respond/>`,
        'methods="POST"',
      ),
      // EnrichJSONPayloadWithSpaceTest / PropertyJSONPathSupportTestCase: Jayway-lenient paths
      'Lenient.xml': api(
        'Lenient',
        '/lenient',
        `<property name="v" value="changed"/>
         <enrich><source type="property" property="v"/><target xpath="json-eval(order.lines[0]mail)"/></enrich>
         <payloadFactory media-type="json"><format>{"order": $1, "big": $2}</format>
           <args><arg evaluator="json" expression="$.order"/><arg evaluator="json" expression="$.nums[?(@ &gt; 5)])"/></args></payloadFactory>
         <respond/>`,
        'methods="POST"',
      ),
      // PayloadFactoryXMLJSONTestCase.testJsonToXMLWithBackSlashes: text/xml to a REST client is the body element alone
      'RestXml.xml': api(
        'RestXml',
        '/rest-xml',
        `<payloadFactory media-type="xml"><format><note xmlns="urn:example:note">$1</note></format><args><arg expression="json-eval($.text)"/></args></payloadFactory>
         <property name="messageType" value="text/xml" scope="axis2"/><respond/>`,
        'methods="POST"',
      ),
      // FilterFromJSONPathTestCase-like: JSON proxy, backend status and content type pass through; drop answers 202
      'JsonGate.xml': `<proxy ${NS} name="JsonGate" transports="http"><target><inSequence>
          <filter source="json-eval($.album)" regex="Blue"><then><send><endpoint><http method="POST" uri-template="${B}/store"/></endpoint></send></then><else><drop/></else></filter>
        </inSequence><outSequence><log/><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('uri-template literal ending in * takes the rest of the request (LastQueryParamEmptyTestCase pattern2/3)', async () => {
    for (const p of ['/star/items', '/star/itemsX', '/star/items/7?x=1', '/star/items?x=1&y'])
      assert.equal((await send(`${t.base}${p}`)).status, 200, p);
    assert.deepEqual((await send(`${t.base}/star/docs/a/b`)).json(), { hit: 'docs' });
    assert.equal((await send(`${t.base}/star/doc`)).status, 404);
  });

  it('jsonObject wrappers inside an element lose their name (AggregateWithJSONAndMaxMinLimits)', async () => {
    assert.equal((await send(`${t.base}/wrap?n=1`)).text, '{"box":{"k":1}}');
    assert.equal((await send(`${t.base}/wrap?n=2`)).text, '{"box":[{"k":1},{"k":2}]}');
  });

  it('iterate preservePayload + attachPath keeps the payload with the item attached (IterateJsonPathTest)', async () => {
    const r = await send(`${t.base}/attach`, {
      body: '{"list":[{"n":1},{"n":2}],"spot":"here","keep":true}',
      type: 'application/json',
    });
    const got = r.json() as { list: unknown[]; spot: { n: number }; keep: boolean }[];
    assert.equal(got.length, 2, r.text);
    for (const g of got) {
      assert.deepEqual(g.list, []);
      assert.equal(g.keep, true);
    }
    assert.deepEqual(got.map((g) => g.spot.n).sort(), [1, 2]);
  });

  it('enrich remove takes several JSONPaths with wildcards (EnrichIntegrationJsonPathTestCase.testEnrichRemoveFromBody)', async () => {
    const r = await send(`${t.base}/strip`, {
      body: '{"rows":[{"id":1,"secret":"a"},{"id":2,"secret":"b"},{"id":3}]}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { rows: [{ id: 2 }, { id: 3 }] });
  });

  it('Jayway-lenient JSONPaths deploy and run (EnrichJSONPayloadWithSpaceTest, PropertyJSONPathSupportTestCase)', async () => {
    const r = await send(`${t.base}/lenient`, {
      body: '{"order":{"lines":[{"mail":"a@b"}]},"nums":[3,8,9]}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { order: { lines: [{ mail: 'changed' }] }, big: [8, 9] });
  });

  it('messageType text/xml for a JSON (REST) request answers the body element alone (PayloadFactoryXMLJSONTestCase)', async () => {
    const r = await send(`${t.base}/rest-xml`, { body: '{"text":"XYZ[\\\\]^_"}', type: 'application/json' });
    assert.equal(r.text, '<note xmlns="urn:example:note">XYZ[\\]^_</note>');
  });

  it('JSON proxy: backend status and content type pass through, drop answers 202 (FilterFromJSONPathTestCase)', async () => {
    const yes = await send(`${t.base}/services/JsonGate`, {
      body: '{"album":"Blue","by":"X"}',
      type: 'application/json',
    });
    assert.equal(yes.status, 201);
    assert.equal(yes.headers.get('content-type'), 'application/json');
    const no = await send(`${t.base}/services/JsonGate`, {
      body: '{"album":"Red","by":"X"}',
      type: 'application/json',
    });
    assert.equal(no.status, 202);
  });
});
