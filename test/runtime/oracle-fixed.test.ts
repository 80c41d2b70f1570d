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
      if (req.url === '/soap') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><pong/></e:Body></e:Envelope>',
        );
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
      // Property*ScopeRemovePropertiesTestCase: a missing property logs as null
      'LogNull.xml': api(
        'LogNull',
        '/log-null',
        `<property name="gone" value="x"/><property name="gone" action="remove"/>
         <log level="custom"><property name="ctxGone" expression="$ctx:gone"/><property name="trpGone" expression="$trp:nothere"/><property name="axisGone" expression="get-property('axis2','nothere')"/></log>
         <payloadFactory media-type="json"><format>{"arg":"$1"}</format><args><arg expression="$ctx:gone"/></args></payloadFactory><respond/>`,
        'methods="POST"',
      ),
      // PayloadFactoryXMLJSONTestCase.testJSONToJSONConversionWithCarriageReturn: json-eval($) is the text as received
      'RawBody.xml': api(
        'RawBody',
        '/raw-body',
        `<property name="whole" expression="json-eval($)" type="STRING"/>
         <payloadFactory media-type="json"><format>{"copy":"$1"}</format><args><arg expression="$ctx:whole" literal="true"/></args></payloadFactory><respond/>`,
        'methods="POST"',
      ),
      // Soap11FaultDetailAsElementTestCase: makefault detail elements kept
      'Fault.xml': api(
        'Fault',
        '/fault-detail',
        `<makefault version="soap11"><code xmlns:f11="http://schemas.xmlsoap.org/soap/envelope/" value="f11:Server"/><reason value="nope"/><detail><code xmlns="">E7</code><why xmlns="">broken</why></detail></makefault><respond/>`,
        'methods="POST"',
      ),
      // CalloutStatusCodeTestCase: callout sets HTTP_SC
      'CalloutSc.xml': api(
        'CalloutSc',
        '/callout-sc',
        `<callout serviceURL="${B}/soap" action="urn:any"><source type="envelope"/><target key="answer"/></callout>
         <payloadFactory media-type="xml"><format><sc xmlns="">$1</sc></format><args><arg expression="$axis2:HTTP_SC"/></args></payloadFactory><respond/>`,
        'methods="POST"',
      ),
      // HTTPDeleteTestCases.testHttpDeleteWithCallMediator (the body part): DELETE carries the entity
      'DeleteBody.xml': api(
        'DeleteBody',
        '/delete-body',
        `<payloadFactory media-type="json"><format>{"drop":"this one"}</format></payloadFactory>
         <property name="HTTP_METHOD" scope="axis2" value="DELETE"/>
         <call><endpoint><address uri="${B}/gone"/></endpoint></call><respond/>`,
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
    // the outSequence's <log/> builds the answer (LogMediator.isContentAware: every level but custom/template), so
    // JsonStreamFormatter.getContentType writes it with the format's charset
    assert.equal(yes.headers.get('content-type'), 'application/json; charset=UTF-8');
    const no = await send(`${t.base}/services/JsonGate`, {
      body: '{"album":"Red","by":"X"}',
      type: 'application/json',
    });
    assert.equal(no.status, 202);
  });

  it('a missing property logs null, an argument stays empty (Property*ScopeRemovePropertiesTestCase)', async () => {
    const r = await send(`${t.base}/log-null`, { body: '{}', type: 'application/json' });
    assert.deepEqual(r.json(), { arg: '' });
    assert.ok(
      t.logs.some((l) => l.message.includes('ctxGone = null, trpGone = null, axisGone = null')),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('json-eval($) as a string is the JSON text as received (PayloadFactoryXMLJSONTestCase, carriage return)', async () => {
    const r = await send(`${t.base}/raw-body`, {
      body: '{\n\t"a": 1.50,  "b" : "x"\n}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { copy: '{\n\t"a": 1.50,  "b" : "x"\n}' });
  });

  it('makefault keeps detail child elements (Soap11FaultDetailAsElementTestCase)', async () => {
    const r = await send(`${t.base}/fault-detail`, { body: '<x/>', type: 'text/xml' });
    assert.match(r.text, /<detail><code>E7<\/code><why>broken<\/why><\/detail>/);
    assert.match(r.text, /<faultcode[^>]*>f11:Server<\/faultcode>/);
  });

  it('callout sets HTTP_SC from the backend answer (CalloutStatusCodeTestCase)', async () => {
    const r = await send(`${t.base}/callout-sc`, {
      body: '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><ping/></e:Body></e:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:any' },
    });
    assert.match(r.text, /<sc>200<\/sc>/);
  });

  it('a DELETE call carries the message body (HTTPDeleteTestCases.testHttpDeleteWithCallMediator)', async () => {
    const before = backend.requests.length;
    await send(`${t.base}/delete-body`, { body: '{}', type: 'application/json' });
    const q = backend.requests.slice(before).find((x) => x.url === '/gone');
    assert.ok(q, 'backend was called');
    assert.equal(q.method, 'DELETE');
    assert.deepEqual(JSON.parse(q.body), { drop: 'this one' });
  });
});
