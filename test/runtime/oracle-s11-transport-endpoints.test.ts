/**
 * Oracle sweep (session 11, H6): endpoints, REST APIs, proxy services and the pass-through transport as MI answers
 * them, with real back ends on 127.0.0.1. Our own names and payloads; each case names the MI source it follows.
 */
import assert from 'node:assert/strict';
import {
  api,
  closedPort,
  NS,
  rawRequest,
  send,
  startBackend,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

const faultSeq = (name: string) =>
  `<sequence ${NS} name="${name}"><payloadFactory media-type="json"><format>{"code":"$1","msg":"$2"}</format>
     <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
   <property name="HTTP_SC" value="502" scope="axis2"/><respond/></sequence>`;

describe('oracle s11: failover and loadbalance retryConfig (Synapse AbstractEndpoint.isRetry)', () => {
  let t: TestRuntime;
  let good: Backend;
  let dead: number;
  before(async () => {
    good = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"from":"good"}');
    });
    dead = await closedPort();
    // a child that refuses connections (101503) followed by a working one
    const failover = (name: string, retry: string, suspend = '') =>
      `<endpoint ${NS} name="${name}"><failover>
         <endpoint name="${name}-first"><address uri="http://127.0.0.1:${dead}/x">${retry}${suspend}</address></endpoint>
         <endpoint name="${name}-second"><address uri="${good.url}/y"/></endpoint>
       </failover></endpoint>`;
    const noSuspend =
      '<suspendOnFailure><initialDuration>0</initialDuration></suspendOnFailure><markForSuspension><retriesBeforeSuspension>0</retriesBeforeSuspension></markForSuspension>';
    const callApi = (name: string, ep: string) =>
      api(name, `/${name.toLowerCase()}`, `<call><endpoint key="${ep}"/></call><respond/>`).replace(
        '<inSequence>',
        '<inSequence onError="EpFault">',
      );
    t = await startRuntime({
      'EpFault.xml': faultSeq('EpFault'),
      'FoDisabled.xml': failover(
        'FoDisabled',
        '<retryConfig><disabledErrorCodes>101503, 101504</disabledErrorCodes></retryConfig>',
        noSuspend,
      ),
      'FoEnabledOther.xml': failover(
        'FoEnabledOther',
        '<retryConfig><enabledErrorCodes>101504</enabledErrorCodes></retryConfig>',
        noSuspend,
      ),
      'FoEnabled.xml': failover(
        'FoEnabled',
        '<retryConfig><enabledErrorCodes>101503</enabledErrorCodes></retryConfig>',
        noSuspend,
      ),
      'FoPlain.xml': failover('FoPlain', '', noSuspend),
      'LbDisabled.xml': `<endpoint ${NS} name="LbDisabled"><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin">
         <endpoint name="LbDisabled-first"><address uri="http://127.0.0.1:${dead}/x"><retryConfig><disabledErrorCodes>101503</disabledErrorCodes></retryConfig>${noSuspend}</address></endpoint>
         <endpoint name="LbDisabled-second"><address uri="${good.url}/y"/></endpoint>
       </loadbalance></endpoint>`,
      'Empty.xml': `<endpoint ${NS} name="FoNone"><failover>
         <endpoint name="FoNone-only"><address uri="http://127.0.0.1:${dead}/x"/></endpoint></failover></endpoint>`,
      'A1.xml': callApi('FoDisabledApi', 'FoDisabled'),
      'A2.xml': callApi('FoEnabledOtherApi', 'FoEnabledOther'),
      'A3.xml': callApi('FoEnabledApi', 'FoEnabled'),
      'A4.xml': callApi('FoPlainApi', 'FoPlain'),
      'A5.xml': callApi('LbDisabledApi', 'LbDisabled'),
      'A6.xml': callApi('FoNoneApi', 'FoNone'),
    });
  });
  after(async () => {
    await t?.close();
    await good?.close();
  });

  it('a disabled error code stops the failover: the child error reaches the fault sequence', async () => {
    const before = good.requests.length;
    const r = await send(`${t.base}/fodisabledapi`);
    assert.equal(r.status, 502);
    assert.equal((r.json() as { code: string }).code, '101503');
    assert.equal(good.requests.length, before);
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'WARN' &&
          l.message ===
            'Failover endpoint : FoDisabled - one of the child endpoints encounterd a non-retry error, not sending message to another endpoint',
      ),
    );
  });

  it('enabledErrorCodes: only those codes fail over', async () => {
    const before = good.requests.length;
    const other = await send(`${t.base}/foenabledotherapi`);
    assert.equal(other.status, 502);
    assert.equal(good.requests.length, before);
    const listed = await send(`${t.base}/foenabledapi`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json(), { from: 'good' });
    const plain = await send(`${t.base}/foplainapi`);
    assert.equal(plain.status, 200);
  });

  it('a loadbalance group honours its child retryConfig too', async () => {
    // round robin: the first message goes to the refusing child
    const r = await send(`${t.base}/lbdisabledapi`);
    assert.equal(r.status, 502);
    assert.equal((r.json() as { code: string }).code, '101503');
    assert.ok(
      t.logs.some((l) =>
        l.message.startsWith(
          'Loadbalance endpoint : LbDisabled - one of the child endpoints encounterd a non-retry error',
        ),
      ),
    );
  });

  it('no ready child: 303000 with MI wording once the only child is suspended', async () => {
    const first = await send(`${t.base}/fononeapi`);
    assert.equal((first.json() as { code: string }).code, '101503');
    const second = await send(`${t.base}/fononeapi`);
    assert.deepEqual(second.json(), {
      code: '303000',
      msg: 'Failover endpoint : FoNone - no ready child endpoints',
    });
  });
});

describe('oracle s11: suspension durations (Synapse EndpointContext.computeNextRetryTimeForSuspended)', () => {
  let t: TestRuntime;
  let dead: number;
  before(async () => {
    dead = await closedPort();
    const ep = (name: string, suspend: string) =>
      `<endpoint ${NS} name="${name}"><address uri="http://127.0.0.1:${dead}/z"><suspendOnFailure>${suspend}</suspendOnFailure></address></endpoint>`;
    const callApi = (name: string, key: string) =>
      api(name, `/${name.toLowerCase()}`, `<call><endpoint key="${key}"/></call><respond/>`).replace(
        '<inSequence>',
        '<inSequence onError="SuspFault">',
      );
    t = await startRuntime({
      'SuspFault.xml': faultSeq('SuspFault'),
      'Zero.xml': ep('SuspZero', '<initialDuration>0</initialDuration>'),
      'Grow.xml': ep(
        'SuspGrow',
        '<initialDuration>60</initialDuration><progressionFactor>2.5</progressionFactor><maximumDuration>120</maximumDuration>',
      ),
      'Dflt.xml': ep('SuspDefault', '<maximumDuration>500</maximumDuration>'),
      'Z.xml': callApi('ZeroApi', 'SuspZero'),
      'G.xml': callApi('GrowApi', 'SuspGrow'),
      'D.xml': callApi('DefaultApi', 'SuspDefault'),
    });
  });
  after(() => t?.close());

  const suspendLines = (name: string) =>
    t.logs
      .filter((l) => l.message.startsWith(`Suspending endpoint : ${name} with address`))
      .map((l) => l.message);

  it('initialDuration 0: suspended for 0 ms (logged as such), so the next message is sent again', async () => {
    const a = await send(`${t.base}/zeroapi`);
    const b = await send(`${t.base}/zeroapi`);
    // both reach the back end: connection refused each time, never 303001
    assert.equal((a.json() as { code: string }).code, '101503');
    assert.equal((b.json() as { code: string }).code, '101503');
    const lines = suspendLines('SuspZero');
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, / - current suspend duration is : 0ms - Next retry after : /);
  });

  it('the next duration is the last one times the factor, capped at maximumDuration', async () => {
    await send(`${t.base}/growapi`);
    await new Promise((r) => setTimeout(r, 80));
    await send(`${t.base}/growapi`);
    const lines = suspendLines('SuspGrow');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, / - current suspend duration is : 60ms/);
    assert.match(lines[1]!, / - last suspend duration was : 60ms and current suspend duration is : 120ms/);
  });

  it('no initialDuration: 30000 ms even when maximumDuration is lower (the default replaces a negative duration)', async () => {
    await send(`${t.base}/defaultapi`);
    assert.match(suspendLines('SuspDefault')[0]!, / - current suspend duration is : 30000ms/);
  });
});

describe('oracle s11: resource protocol, content-type and user-agent (Synapse Resource.canProcess, API.process)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Filters.xml': `<api ${NS} name="Filters" context="/filters">
        <resource methods="POST" uri-template="/typed" content-type="application/json"><inSequence>
          <payloadFactory media-type="json"><format>{"took":"json"}</format></payloadFactory><respond/></inSequence></resource>
        <resource methods="POST" uri-template="/typed"><inSequence>
          <payloadFactory media-type="json"><format>{"took":"other"}</format></payloadFactory><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/secure" protocol="https"><inSequence><respond/></inSequence></resource>
        <resource methods="PUT" uri-template="/agent" user-agent="probe/\\p{Digit}++"><inSequence>
          <payloadFactory media-type="json"><format>{"agent":"ok"}</format></payloadFactory><respond/></inSequence></resource>
      </api>`,
      'Only.xml': `<api ${NS} name="OnlyJson" context="/onlyjson">
        <resource methods="POST GET" uri-template="/in" content-type="application/json"><inSequence>
          <payloadFactory media-type="json"><format>{"in":true}</format></payloadFactory><respond/></inSequence></resource>
      </api>`,
    });
  });
  after(() => t?.close());

  it('content-type: the resource whose type equals the whole header takes the request, another one the rest', async () => {
    const json = await send(`${t.base}/filters/typed`, { body: '{"a":1}', type: 'application/json' });
    assert.deepEqual(json.json(), { took: 'json' });
    const xml = await send(`${t.base}/filters/typed`, { body: '<a/>', type: 'application/xml' });
    assert.deepEqual(xml.json(), { took: 'other' });
    // a charset makes it another type (String.equals)
    const charset = await send(`${t.base}/filters/typed`, {
      body: '{"a":1}',
      type: 'application/json; charset=UTF-8',
    });
    assert.deepEqual(charset.json(), { took: 'other' });
  });

  it('the only resource for the method refusing the request: 400 with no body; a request without a body is not checked', async () => {
    const refused = await send(`${t.base}/onlyjson/in`, { body: '<a/>', type: 'application/xml' });
    assert.equal(refused.status, 400);
    assert.equal(refused.text, '');
    const get = await send(`${t.base}/onlyjson/in`);
    assert.deepEqual(get.json(), { in: true });
    // a method no resource takes at that path stays 405
    const del = await send(`${t.base}/onlyjson/in`, { method: 'DELETE' });
    assert.equal(del.status, 405);
  });

  it('protocol="https" refuses a plain http request (400); user-agent must match as a whole', async () => {
    const plain = await send(`${t.base}/filters/secure`);
    assert.equal(plain.status, 400);
    const ok = await send(`${t.base}/filters/agent`, {
      method: 'PUT',
      body: '{}',
      type: 'application/json',
      headers: { 'user-agent': 'probe/12' },
    });
    assert.deepEqual(ok.json(), { agent: 'ok' });
    const partial = await send(`${t.base}/filters/agent`, {
      method: 'PUT',
      body: '{}',
      type: 'application/json',
      headers: { 'user-agent': 'probe/12 extra' },
    });
    assert.equal(partial.status, 400);
  });
});

describe('oracle s11: REST_URL_POSTFIX after the endpoint address (Synapse Axis2FlexibleMEPClient.send, isRequestRest)', () => {
  let t: TestRuntime;
  let b: Backend;
  const soap11 =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><q/></soapenv:Body></soapenv:Envelope>';
  const soap12 =
    '<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><q/></soapenv:Body></soapenv:Envelope>';
  before(async () => {
    b = await startBackend();
    t = await startRuntime({
      'Tail.xml': `<api ${NS} name="Tail" context="/tail"><resource methods="POST GET PUT" url-mapping="/*"><inSequence>
        <call><endpoint><address uri="${b.url}/base"/></endpoint></call><respond/></inSequence></resource></api>`,
      'Slash.xml': `<api ${NS} name="Slash" context="/slash"><resource methods="GET" url-mapping="/*"><inSequence>
        <call><endpoint><address uri="${b.url}/base/"/></endpoint></call><respond/></inSequence></resource></api>`,
      'Blk.xml': `<api ${NS} name="Blk" context="/blk"><resource methods="GET POST" uri-template="/items/{id}"><inSequence>
        <call blocking="true"><endpoint><http method="GET" uri-template="${b.url}/one/{uri.var.id}"/></endpoint></call>
        <call><endpoint><http method="GET" uri-template="${b.url}/two/{uri.var.id}"/></endpoint></call>
        <respond/></inSequence></resource></api>`,
      'Vars.xml': `<api ${NS} name="Vars" context="/vars"><resource methods="GET" uri-template="/{id}"><inSequence>
        <property name="plain" value="kept-out"/><property name="query.param.extra" value="x y"/>
        <call><endpoint><http method="GET" uri-template="${b.url}/v/{uri.var.id}/{plain}{?query.param.extra}"/></endpoint></call>
        <respond/></inSequence></resource></api>`,
      'Dflt.xml': `<api ${NS} name="Dflt" context="/dflt"><resource methods="GET POST" url-mapping="/*"><inSequence>
        <header name="To" value="${b.url}/target"/>
        <call><endpoint><default/></endpoint></call><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await b?.close();
  });
  const pathOf = async (path: string, init: Parameters<typeof send>[1]) => {
    const n = b.requests.length;
    await send(`${t.base}${path}`, init);
    return b.requests[n]?.url;
  };

  it('a SOAP request (text/xml with a SOAPAction, or SOAP 1.2) POSTed is sent to the address as it is', async () => {
    assert.equal(
      await pathOf('/tail/a/b', { body: soap11, type: 'text/xml', headers: { soapaction: 'urn:q' } }),
      '/base',
    );
    assert.equal(await pathOf('/tail/a/b', { body: soap12, type: 'application/soap+xml' }), '/base');
    // text/xml with no SOAP action, a REST body, or a method other than POST: the postfix follows
    assert.equal(await pathOf('/tail/a/b', { body: soap11, type: 'text/xml' }), '/base/a/b');
    assert.equal(await pathOf('/tail/a/b', { body: '<q/>', type: 'application/xml' }), '/base/a/b');
    assert.equal(
      await pathOf('/tail/a/b', {
        method: 'PUT',
        body: soap11,
        type: 'text/xml',
        headers: { soapaction: 'urn:q' },
      }),
      '/base/a/b',
    );
  });

  it('an address ending in / before a query postfix loses its /', async () => {
    assert.equal(await pathOf('/slash?k=v', {}), '/base?k=v');
    assert.equal(await pathOf('/slash/x?k=v', {}), '/base/x?k=v');
  });

  it('a blocking call appends the postfix to an http endpoint that names its method; a non-blocking one does not', async () => {
    const n = b.requests.length;
    await send(`${t.base}/blk/items/5`);
    assert.deepEqual(
      b.requests.slice(n).map((r) => r.url),
      ['/one/5/items/5', '/two/5'],
    );
  });

  it('uri-template variables are the uri.var.* and query.param.* properties only', async () => {
    assert.equal(await pathOf('/vars/7', {}), '/v/7/?extra=x%20y');
  });

  it('a default endpoint appends the postfix of a REST request to the To address', async () => {
    assert.equal(await pathOf('/dflt/p/q?z=1', {}), '/target/p/q?z=1');
    assert.equal(
      await pathOf('/dflt/p', { body: soap11, type: 'text/xml', headers: { soapaction: 'urn:q' } }),
      '/target',
    );
  });
});

describe('oracle s11: OPTIONS answered by a resource (Synapse Resource.sendOptions, getSupportedMethods)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Opts.xml': `<api ${NS} name="Opts" context="/opts">
        <resource methods="GET POST PUT DELETE" uri-template="/four"><inSequence><respond/></inSequence></resource>
        <resource methods="GET POST" uri-template="/two"><inSequence><respond/></inSequence></resource>
        <resource uri-template="/any"><inSequence><respond/></inSequence></resource></api>`,
    });
  });
  after(() => t?.close());

  it('Allow lists the methods in the order of the resource method HashSet, and the request headers are sent back', async () => {
    const four = await send(`${t.base}/opts/four`, { method: 'OPTIONS', headers: { 'x-probe': 'seen' } });
    // 403: MI's default CORS configuration allows no origin (CORSHelper.handleCORSHeaders, oracle-s11-cors)
    assert.equal(four.status, 403);
    assert.equal(four.headers.get('allow'), 'DELETE, POST, PUT, GET');
    assert.equal(four.headers.get('x-probe'), 'seen');
    assert.equal(four.text, '');
    const two = await send(`${t.base}/opts/two`, { method: 'OPTIONS' });
    assert.equal(two.headers.get('allow'), 'POST, GET');
    const any = await send(`${t.base}/opts/any`, { method: 'OPTIONS' });
    assert.equal(any.headers.get('allow'), 'GET, POST, PUT, DELETE');
  });
});

describe('oracle s11: which child a group sends to (Synapse RoundRobin.getNextEndpoint, FailoverEndpoint dynamic="false")', () => {
  let t: TestRuntime;
  let b: Backend;
  let dead: number;
  let primaryDown = true;
  before(async () => {
    b = await startBackend((req, res) => {
      if (req.url === '/primary' && primaryDown) return void res.destroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ at: req.url }));
    });
    dead = await closedPort();
    const quick = '<suspendOnFailure><initialDuration>150</initialDuration></suspendOnFailure>';
    const fo = (name: string, dynamic: string) =>
      `<endpoint ${NS} name="${name}"><failover${dynamic}>
        <endpoint><address uri="${b.url}/primary">${quick}</address></endpoint>
        <endpoint><address uri="${b.url}/backup">${quick}</address></endpoint></failover></endpoint>`;
    const callApi = (name: string, key: string) =>
      api(name, `/${name.toLowerCase()}`, `<call><endpoint key="${key}"/></call><respond/>`);
    t = await startRuntime({
      'Rr.xml': `<endpoint ${NS} name="Rr"><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin">
        <endpoint><address uri="http://127.0.0.1:${dead}/a"><suspendOnFailure><initialDuration>60000</initialDuration></suspendOnFailure></address></endpoint>
        <endpoint><address uri="${b.url}/b"/></endpoint>
        <endpoint><address uri="${b.url}/c"/></endpoint></loadbalance></endpoint>`,
      'FoDyn.xml': fo('FoDyn', ''),
      'FoStatic.xml': fo('FoStatic', ' dynamic="false"'),
      'A1.xml': callApi('RrApi', 'Rr'),
      'A2.xml': callApi('FoDynApi', 'FoDyn'),
      'A3.xml': callApi('FoStaticApi', 'FoStatic'),
    });
  });
  after(async () => {
    await t?.close();
    await b?.close();
  });
  const at = async (path: string) => ((await send(`${t.base}${path}`)).json() as { at: string }).at;

  it('round robin moves past a suspended child and past each child it retried on', async () => {
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await at('/rrapi'));
    // a fails (then suspended) and b takes the message; the counter is past b, so c; then a is skipped: b, c, b
    assert.deepEqual(seen, ['/b', '/c', '/b', '/c', '/b']);
  });

  it('a static failover stays on the child it failed over to; a dynamic one goes back to the first ready', async () => {
    primaryDown = true;
    assert.equal(await at('/fodynapi'), '/backup');
    assert.equal(await at('/fostaticapi'), '/backup');
    primaryDown = false;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await at('/fodynapi'), '/primary');
    assert.equal(await at('/fostaticapi'), '/backup');
  });
});

describe('oracle s11: endpoint template parameters (Synapse Template.replace)', () => {
  let t: TestRuntime;
  let b: Backend;
  before(async () => {
    b = await startBackend();
    t = await startRuntime({
      'TplFault.xml': faultSeq('TplFault'),
      'Declared.xml': `<template ${NS} name="Declared"><parameter name="uri"/>
        <endpoint name="$name"><address uri="$uri"/></endpoint></template>`,
      'Undeclared.xml': `<template ${NS} name="Undeclared"><parameter name="uri"/>
        <endpoint><address uri="$target"/></endpoint></template>`,
      'UseD.xml': `<endpoint ${NS} name="UseD" template="Declared" uri="${b.url}/declared"/>`,
      'UseU.xml': `<endpoint ${NS} name="UseU" template="Undeclared" uri="${b.url}/x"><parameter name="target" value="${b.url}/undeclared"/></endpoint>`,
      'D.xml': api('TplD', '/tpld', '<call><endpoint key="UseD"/></call><respond/>'),
      'U.xml': api('TplU', '/tplu', '<call><endpoint key="UseU"/></call><respond/>').replace(
        '<inSequence>',
        '<inSequence onError="TplFault">',
      ),
    });
  });
  after(async () => {
    await t?.close();
    await b?.close();
  });

  it('a $param the template does not declare is left as it is', async () => {
    const n = b.requests.length;
    assert.equal((await send(`${t.base}/tpld`)).status, 200);
    assert.equal(b.requests[n]?.url, '/declared');
    const u = await send(`${t.base}/tplu`);
    assert.equal(u.status, 502);
    assert.equal(b.requests.length, n + 1);
  });
});

describe('oracle s11: Content-Length of an answer without a body (httpcore ResponseContent, SourceResponse.start)', () => {
  let t: TestRuntime;
  let b: Backend;
  before(async () => {
    b = await startBackend((req, res) => {
      if (req.url === '/none') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 12 });
      res.end(req.method === 'HEAD' ? undefined : 'twelve bytes');
    });
    t = await startRuntime({
      'Via.xml': `<api ${NS} name="Via" context="/via"><resource methods="GET HEAD" url-mapping="/*"><inSequence>
        <call><endpoint><address uri="${b.url}"/></endpoint></call><respond/></inSequence></resource></api>`,
      'Here.xml': `<api ${NS} name="Here" context="/here"><resource methods="GET HEAD"><inSequence><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await b?.close();
  });

  // SourceResponse.start gives every status that can have a body (not a HEAD, 204, 205, 304) a chunked entity unless
  // a Content-Length is given: an empty GET answer is chunked, not Content-Length 0 (session 12)
  it('HEAD carries the back end length or none; 204 none; an empty GET answer is chunked', async () => {
    const viaHead = await rawRequest(`${t.base}/via/data`, 'HEAD');
    assert.equal(viaHead.headers['content-length'], '12');
    const hereHead = await rawRequest(`${t.base}/here`, 'HEAD');
    assert.equal(hereHead.headers['content-length'], undefined);
    const none = await rawRequest(`${t.base}/via/none`);
    assert.equal(none.status, 204);
    assert.equal(none.headers['content-length'], undefined);
    const empty = await rawRequest(`${t.base}/here`);
    assert.equal(empty.headers['content-length'], undefined);
    assert.equal(empty.headers['transfer-encoding'], 'chunked');
    assert.equal(empty.text, '');
  });
});

describe('oracle s11: proxy pinnedServers (Synapse ProxyService.buildAxisService; MI CorrectPinnedServerName, ESBJAVA4540)', () => {
  let t: TestRuntime;
  before(async () => {
    const proxy = (name: string, pinned: string) =>
      `<proxy ${NS} name="${name}" transports="http" pinnedServers="${pinned}"><target><inSequence>
        <payloadFactory media-type="json"><format>{"served":"${name}"}</format><args/></payloadFactory><respond/></inSequence></target></proxy>`;
    t = await startRuntime({
      'Here.xml': proxy('PinnedHere', 'localhost'),
      'Listed.xml': proxy('PinnedListed', 'nodeA, localhost'),
      'Away.xml': proxy('PinnedAway', 'nodeA nodeB'),
    });
  });
  after(() => t?.close());

  it('a proxy pinned to other server names is not deployed (MI server name: localhost)', async () => {
    assert.deepEqual(
      (await send(`${t.base}/services/PinnedHere`, { body: '{}', type: 'application/json' })).json(),
      {
        served: 'PinnedHere',
      },
    );
    assert.equal(
      (await send(`${t.base}/services/PinnedListed`, { body: '{}', type: 'application/json' })).status,
      200,
    );
    assert.equal(
      (await send(`${t.base}/services/PinnedAway`, { body: '{}', type: 'application/json' })).status,
      404,
    );
    assert.ok(
      t.logs.some(
        (l) =>
          l.message ===
          'Server name localhost not in pinned servers list. Not deploying Proxy service : PinnedAway',
      ),
    );
  });
});
