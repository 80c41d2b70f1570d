/**
 * Oracle regressions (REST/HTTP): behaviours MI's own integration tests assert and our runtime already answers the same
 * way. Our own API names, backends and payloads; the MI test each case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const CHECK = (p: string) =>
  `<payloadFactory media-type="xml"><format><q:probe xmlns:q="urn:example:probe"><q:lat>$1</q:lat><q:lon>$2</q:lon><q:fl>$3</q:fl></q:probe></format>
     <args><arg evaluator="xml" expression="get-property('query.param.lat')"/><arg evaluator="xml" expression="get-property('query.param.lon')"/><arg evaluator="xml" expression="get-property('query.param.fl')"/></args></payloadFactory><respond/>${p}`;
const probe = (lat: string, lon: string, fl: string) =>
  `<q:probe xmlns:q="urn:example:probe">${[
    ['lat', lat],
    ['lon', lon],
    ['fl', fl],
  ]
    .map(([k, v]) => (v ? `<q:${k}>${v}</q:${k}>` : `<q:${k}/>`))
    .join('')}</q:probe>`;

describe('oracle (MI integration tests): REST dispatch, query params, HTTP status', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      const m = /^\/status\/(\d{3})$/.exec(req.url ?? '');
      if (m) {
        res.writeHead(Number(m[1]), { 'content-type': 'text/plain' });
        res.end(`Backend said ${m[1]}`);
        return;
      }
      if (req.url === '/styled') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<?xml-stylesheet type="text/xsl" href="look.xsl"?>\n<greeting>hello</greeting>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, auth: req.headers.authorization ?? null }));
    });
    const B = backend.url;
    t = await startRuntime({
      // LastQueryParamEmptyTestCase
      'Query.xml': `<api ${NS} name="Query" context="/query">
          <resource methods="GET" uri-template="/p1?lat={+lat}&amp;lon={+lon}&amp;fl={+fl}"><inSequence>${CHECK('')}</inSequence></resource>
          <resource methods="GET" uri-template="/p2"><inSequence>${CHECK('')}</inSequence></resource>
        </api>`,
      // PropertyIntegrationXpathURLPropertyTestCase
      'UrlProps.xml': `<api ${NS} name="UrlProps" context="/url-props"><resource methods="GET" uri-template="/look?k={key}&amp;v={val}"><inSequence>
          <log level="full"><property name="KEY" expression="$url:k"/><property name="VAL" expression="$url:v"/></log>
          <payloadFactory media-type="json"><format>{"k":"$1","v":"$2"}</format><args><arg expression="$url:k"/><arg expression="get-property('uri.var.val')"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
      // RestPostFixUrlTest: the part after the API context is appended to an address endpoint
      'Front.xml': `<api ${NS} name="Front" context="/front/extra"><resource methods="GET"><inSequence>
          <send><endpoint><address uri="${B}/svc"/></endpoint></send></inSequence><outSequence><send/></outSequence></resource></api>`,
      // HTTPResponseCodeTestCase: backend status codes pass through send/outSequence
      'Relay.xml': `<api ${NS} name="Relay" context="/relay"><resource methods="GET" uri-template="/{code}"><inSequence>
          <send><endpoint><http method="get" uri-template="${B}/status/{uri.var.code}"/></endpoint></send></inSequence><outSequence><send/></outSequence></resource></api>`,
      // CallMediatorHttpStatusResponseTestCase: call + loopback in a proxy keeps the backend status and text
      'LoopProxy.xml': `<proxy ${NS} name="LoopProxy" transports="http"><target><inSequence>
          <call><endpoint><http method="GET" uri-template="${B}/status/401"/></endpoint></call><loopback/>
          </inSequence><outSequence><send/></outSequence></target></proxy>`,
      'LoopApi.xml': api(
        'LoopApi',
        '/loop',
        `<property name="uri.var.code" expression="$url:code"/>
         <call><endpoint><http method="GET" uri-template="${B}/status/{uri.var.code}"/></endpoint></call><respond/>`,
        'methods="GET"',
      ),
      'SetStatus.xml': api(
        'SetStatus',
        '/set-status',
        `<property name="HTTP_SC" value="409" scope="axis2"/><payloadFactory media-type="text"><format>Got:409,Conflict</format><args/></payloadFactory><respond/>`,
        'methods="GET"',
      ),
      // NullValueTransportHeaderTestCase: a transport header from a missing template parameter does not break the call
      'NullHeaderTpl.xml': `<template ${NS} name="NullHeaderTpl"><parameter name="unused"/><sequence>
          <property name="Authorization" expression="$func:missingParam" scope="transport" type="STRING"/>
          <call blocking="true"><endpoint><http uri-template="${B}/echo-auth"/></endpoint></call><respond/></sequence></template>`,
      'NullHeader.xml': api(
        'NullHeader',
        '/null-header',
        `<call-template target="NullHeaderTpl"/>`,
        'methods="POST"',
      ),
      // PreserveXmlProcessingInstructionsPropertyTestCase (without the property; a full log builds the message, as in MI's test)
      'Styled.xml': api(
        'Styled',
        '/styled',
        `<call><endpoint><address uri="${B}/styled"/></endpoint></call><log level="full"/><respond/>`,
        'methods="GET"',
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('query template with every value given (LastQueryParamEmptyTestCase.testResourcePattern1WithParameters)', async () => {
    const r = await send(`${t.base}/query/p1?lat=1&lon=2&fl=3`);
    assert.equal(r.status, 200);
    assert.equal(r.text, probe('1', '2', '3'));
  });

  for (const [name, qs, want] of [
    ['LastParameterEmpty', 'lat=1&lon=2&fl=', ['1', '2', '']],
    ['FirstParameterEmpty', 'lat=&lon=2&fl=3', ['', '2', '3']],
    ['SecondtParameterEmpty', 'lat=1&lon=&fl=3', ['1', '', '3']],
    ['AllParametersEmpty', 'lat=&lon=&fl=', ['', '', '']],
  ] as const) {
    it(`empty query values give empty elements (LastQueryParamEmptyTestCase.testResourcePattern1With${name})`, async () => {
      const r = await send(`${t.base}/query/p1?${qs}`);
      assert.equal(r.status, 200);
      assert.equal(r.text, probe(want[0], want[1], want[2]));
    });
  }

  it('a trailing name without "=" is glued to the previous value (LastQueryParamEmptyTestCase pattern 2/3, missing equal sign)', async () => {
    const r = await send(`${t.base}/query/p2?lat=1&lon=2&fl`);
    assert.equal(r.status, 200);
    assert.equal(r.text, probe('1', '2&amp;fl', ''));
    const r2 = await send(`${t.base}/query/p2?lat=1&lon=2&fl=`);
    assert.equal(r2.text, probe('1', '2', ''));
  });

  it('$url: and uri.var from a query template (PropertyIntegrationXpathURLPropertyTestCase)', async () => {
    const r = await send(`${t.base}/url-props/look?k=acme&v=3.5`);
    assert.deepEqual(r.json(), { k: 'acme', v: '3.5' });
    assert.ok(
      t.logs.some((l) => l.message.includes('KEY = acme, VAL = 3.5')),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('REST_URL_POSTFIX is appended to an address endpoint (RestPostFixUrlTest)', async () => {
    const before = backend.requests.length;
    await send(`${t.base}/front/extra`);
    await send(`${t.base}/front/extra/more`);
    const paths = backend.requests.slice(before).map((q) => q.url);
    assert.deepEqual(paths, ['/svc', '/svc/more']);
  });

  it('backend status codes pass through send (HTTPResponseCodeTestCase)', async () => {
    for (const code of [200, 400, 403, 404, 500, 501, 503]) {
      const r = await send(`${t.base}/relay/${code}`);
      assert.equal(r.status, code, `status ${code}`);
    }
  });

  it('call + loopback keeps the backend status and text (CallMediatorHttpStatusResponseTestCase)', async () => {
    for (const code of [202, 400, 401, 403, 404, 409, 500]) {
      const r = await send(`${t.base}/loop?code=${code}`);
      assert.equal(r.status, code);
      assert.equal(r.text, `Backend said ${code}`);
    }
    const p = await send(`${t.base}/services/LoopProxy`, { headers: { 'content-type': 'text/plain' } });
    assert.equal(p.status, 401);
    assert.equal(p.text, 'Backend said 401');
    const s = await send(`${t.base}/set-status`);
    assert.equal(s.status, 409);
    assert.equal(s.text, 'Got:409,Conflict');
  });

  it('a transport header from a missing template parameter does not break the call (NullValueTransportHeaderTestCase)', async () => {
    const r = await send(`${t.base}/null-header`, {
      body: '{"probe":"nullHeader"}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/echo-auth');
  });

  it('leading processing instructions of an XML answer are dropped by default (PreserveXmlProcessingInstructionsPropertyTestCase.testWithoutXmlProcessingInstructionsProperty)', async () => {
    const r = await send(`${t.base}/styled`);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('xml-stylesheet'), r.text);
    assert.ok(r.text.includes('<greeting>hello</greeting>'), r.text);
  });
});
