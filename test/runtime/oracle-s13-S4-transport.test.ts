/**
 * Session 13 (S4) oracle sweep of MI's pass-through transport integration tests (tests-transport, tests-patches
 * passthru): what a client and a back end see on the wire. Our own names and values; each case names the MI test.
 */
import assert from 'node:assert/strict';
import { NS, rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { freePort } from '../support';
import { startRawBackend } from './rawBackend';

/** A request through node:http: header values given as arrays go as separate lines. */
const post = (url: string, method: string, headers: Record<string, string | string[]>, body?: string) =>
  rawRequest(url, method, { headers, body });

describe('oracle S13 S4: pass-through transport (MI tests-transport)', () => {
  let t: TestRuntime;
  let be: Backend;
  let port: number;
  const raw: string[][] = [];
  before(async () => {
    be = await startBackend((req, res) => {
      raw.push(req.rawHeaders);
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<seen method="${req.method}">${req.body}</seen>`);
    });
    port = await freePort();
    const self = `http://127.0.0.1:${port}`;
    t = await startRuntime(
      {
        'Orders.xml': `<api ${NS} name="Orders" context="/orders"><resource methods="POST" url-mapping="/new/*"><inSequence>
          <send><endpoint><address uri="${be.url}/orders"/></endpoint></send></inSequence><outSequence><send/></outSequence></resource></api>`,
        'Hosts.xml': `<api ${NS} name="Hosts" context="/hosts"><resource methods="POST"><inSequence>
          <property name="REQUEST_HOST_HEADER" value="first.example:8280" scope="axis2"/>
          <call><endpoint><address uri="${be.url}/one"/></endpoint></call>
          <payloadFactory media-type="xml"><format><again xmlns=""/></format><args/></payloadFactory>
          <property name="REQUEST_HOST_HEADER" value="second.example:8280" scope="axis2"/>
          <call><endpoint><address uri="${be.url}/two"/></endpoint></call>
          <respond/></inSequence></resource></api>`,
        'PatchEcho.xml': `<proxy ${NS} name="PatchEcho" transports="http"><target><inSequence><log level="full"/><respond/></inSequence></target></proxy>`,
        'PatchOn.xml': `<proxy ${NS} name="PatchOn" transports="http"><target><inSequence><log level="full"/>
          <send><endpoint><address uri="${self}/services/PatchEcho"/></endpoint></send></inSequence></target></proxy>`,
        'PatchOut.xml': `<proxy ${NS} name="PatchOut" transports="http"><target><inSequence>
          <send><endpoint><address uri="${be.url}/patched"/></endpoint></send></inSequence><outSequence><send/></outSequence></target></proxy>`,
        'PatchApi.xml': `<api ${NS} name="PatchApi" context="/patchy"><resource methods="POST PATCH GET DELETE OPTIONS PUT"><inSequence>
          <log level="full"/><respond/></inSequence></resource></api>`,
        'NoBody.xml': `<proxy ${NS} name="NoBody" transports="http"><target><inSequence>
          <property name="FORCE_POST_PUT_NOBODY" scope="axis2" type="BOOLEAN" value="true"/>
          <property name="DISABLE_CHUNKING" scope="axis2" value="true"/>
          <send><endpoint><address uri="${be.url}/nobody"/></endpoint></send></inSequence><outSequence><send/></outSequence></target></proxy>`,
      },
      { httpPort: port },
    );
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const lines = (r: string[], name: string) =>
    r.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [r[i + 1]] : []));

  it('a header sent on several lines reaches the back end on as many lines, in order (MI CheckAuthHeaderOrderTestCase)', async () => {
    raw.length = 0;
    const r = await post(
      `${t.base}/orders/new/`,
      'POST',
      { 'content-type': 'application/xml', 'WWW-Authenticate': ['Digest', 'Basic realm="Shop"', 'Bearer'] },
      '<order/>',
    );
    assert.equal(r.status, 200);
    assert.deepEqual(lines(raw[0], 'www-authenticate'), ['Digest', 'Basic realm="Shop"', 'Bearer']);
  });

  it('REQUEST_HOST_HEADER names the Host of each call, the second value for the second call (MI ESBJAVA4326OverridingHostHeaderTestCase)', async () => {
    raw.length = 0;
    const r = await send(`${t.base}/hosts`, { body: '<q/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.deepEqual(
      raw.map((h) => lines(h, 'host')),
      [['first.example:8280'], ['second.example:8280']],
    );
  });

  it('PATCH is taken by a proxy (respond), by an API resource listing it, and sent on as PATCH (MI ESBJAVA3051HTTPPatchMethodSupportTestCase)', async () => {
    const body = '<ping>lamp</ping>';
    for (const path of ['/services/PatchEcho', '/patchy', '/services/PatchOn']) {
      const r = await post(`${t.base}${path}`, 'PATCH', { 'content-type': 'application/xml' }, body);
      assert.equal(r.status, 200, path);
      assert.ok(r.text.includes('lamp'), `${path}: ${r.text}`);
    }
    const out = await post(
      `${t.base}/services/PatchOut`,
      'PATCH',
      { 'content-type': 'application/xml' },
      body,
    );
    assert.equal(out.text, `<seen method="PATCH">${body}</seen>`);
  });

  it('FORCE_POST_PUT_NOBODY: a POST without body or Content-Type goes out as a POST with Content-Length 0 (MI ESBJAVA4402MessageWithoutPayloadTestCase)', async () => {
    raw.length = 0;
    const r = await post(`${t.base}/services/NoBody`, 'POST', { SOAPAction: 'urn:look' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<seen method="POST"></seen>');
    assert.deepEqual(lines(raw[0], 'content-length'), ['0']);
  });
});

describe('oracle S13 S4: a SOAP client gets its own SOAP version back (MI Axis2Sender.doSOAPFormatConversion)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      const answers: Record<string, [string, string]> = {
        '/v12': [
          'application/soap+xml; charset=UTF-8',
          '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><lamp>on</lamp></e:Body></e:Envelope>',
        ],
        '/v11': [
          'text/xml; charset=UTF-8',
          '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><lamp>off</lamp></e:Body></e:Envelope>',
        ],
        '/plain': ['application/xml', '<lamp>dim</lamp>'],
        '/json': ['application/json', '{"lamp":"red"}'],
      };
      const [type, body] = answers[req.url ?? ''] ?? ['text/plain', '?'];
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    const relay = (name: string, ep: string) =>
      `<proxy ${NS} name="${name}" transports="http"><target><inSequence><send><endpoint>${ep}</endpoint></send></inSequence><outSequence><send/></outSequence></target></proxy>`;
    t = await startRuntime({
      'Via12.xml': relay('Via12', `<address uri="${be.url}/v12" format="soap12"/>`),
      'Via11.xml': relay('Via11', `<address uri="${be.url}/v11" format="soap11"/>`),
      'ViaPox.xml': relay('ViaPox', `<address uri="${be.url}/plain" format="pox"/>`),
      'ViaAny.xml': relay('ViaAny', `<address uri="${be.url}/v12"/>`),
      'ViaJson.xml': `<api ${NS} name="ViaJson" context="/via-json"><resource methods="POST"><inSequence>
          <call><endpoint><address uri="${be.url}/json" format="rest"/></endpoint></call>
          <property name="messageType" value="application/json" scope="axis2"/><respond/></inSequence></resource></api>`,
      'ViaDelete.xml': `<api ${NS} name="ViaDelete" context="/via-delete"><resource methods="DELETE GET"><inSequence>
          <call><endpoint><address uri="${be.url}/v12"/></endpoint></call><respond/></inSequence></resource></api>`,
      'ViaJsonRest.xml': `<api ${NS} name="ViaJsonRest" context="/via-json-rest"><resource methods="POST"><inSequence>
          <call><endpoint><address uri="${be.url}/json" format="rest"/></endpoint></call><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const soap11 = (body: string) =>
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`;
  const soap12 = (body: string) =>
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${body}</s:Body></s:Envelope>`;
  const as11 = (path: string) =>
    send(`${t.base}${path}`, {
      body: soap11('<ask/>'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
  const as12 = (path: string) =>
    send(`${t.base}${path}`, { body: soap12('<ask/>'), type: 'application/soap+xml; action="urn:ask"' });

  it('a SOAP 1.1 client of a soap12 endpoint gets SOAP 1.1 (MI ESBJAVA1994SOAPFormatSwitchingTestcase)', async () => {
    const r = await as11('/services/Via12');
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.match(
      r.text,
      /<e:Envelope xmlns:e="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><e:Body><lamp>on<\/lamp>/,
    );
    // a back end answering SOAP 1.2 to an endpoint with no format: the same
    assert.match((await as11('/services/ViaAny')).text, /schemas\.xmlsoap\.org.*<lamp>on<\/lamp>/);
  });

  it('a SOAP 1.2 client of a soap11 endpoint gets SOAP 1.2; each client of its own version gets the answer as it came', async () => {
    const r = await as12('/services/Via11');
    assert.equal(r.headers.get('content-type'), 'application/soap+xml; charset=UTF-8');
    assert.match(
      r.text,
      /<e:Envelope xmlns:e="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"><e:Body><lamp>off<\/lamp>/,
    );
    assert.ok(
      (await as11('/services/Via11')).text.startsWith('<e:Envelope xmlns:e="http://schemas.xmlsoap.org'),
    );
    assert.ok((await as12('/services/Via12')).text.startsWith('<e:Envelope xmlns:e="http://www.w3.org/2003'));
  });

  it('an answer of a REST call (pox/rest endpoint) goes back to a SOAP client in its envelope, whatever messageType the flow set', async () => {
    const pox = await as11('/services/ViaPox');
    assert.equal(pox.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.match(
      pox.text,
      /<soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><soapenv:Body><lamp>dim<\/lamp>/,
    );
    const json = await as12('/via-json');
    assert.equal(json.headers.get('content-type'), 'application/soap+xml; charset=UTF-8');
    assert.match(json.text, /soap-envelope"><soapenv:Body><jsonObject><lamp>red<\/lamp><\/jsonObject>/);
    // a REST client of the same flow gets the JSON
    const rest = await send(`${t.base}/via-json-rest`, { body: '{}', type: 'application/json' });
    assert.equal(rest.text, '{"lamp":"red"}');
  });

  // review R1: DELETE is an entity-enclosing request (SynapseHTTPRequestFactory), which ServerWorker's
  // processEntityEnclosingRequest takes as SOAP by its Content-Type; a GET is REST whatever its Content-Type
  it('a SOAP 1.1 DELETE gets the SOAP 1.2 answer as SOAP 1.1; a GET naming text/xml is REST and gets it as it came', async () => {
    const del = await send(`${t.base}/via-delete`, {
      method: 'DELETE',
      body: soap11('<ask/>'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
    assert.equal(del.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.match(del.text, /schemas\.xmlsoap\.org.*<lamp>on<\/lamp>/);
    const get = await send(`${t.base}/via-delete`, {
      method: 'GET',
      headers: { 'Content-Type': 'text/xml' },
    });
    assert.match(get.headers.get('content-type') ?? '', /^application\/soap\+xml/);
    assert.match(get.text, /2003\/05\/soap-envelope.*<lamp>on<\/lamp>/);
  });
});

describe('oracle S13 S4: message.builder.invoked and the multipart charset (MI tests-transport)', () => {
  it("get-property('axis2','message.builder.invoked') is true once the message is built, after a call whose answer has no Content-Type too (MI SetPropertyMessageBuilderInvokedWithEmptyContentTypeTestCase)", async () => {
    const old = await startRawBackend((s) => {
      s.end('HTTP/1.0 200 OK\r\nServer: Old/1.0\r\n\r\n<HTML><BODY>legacy</BODY>');
    });
    const t = await startRuntime({
      'Builds.xml': `<api ${NS} name="Builds" context="/builds"><resource methods="POST"><inSequence>
        <log level="custom"><property name="before" expression="get-property('axis2','message.builder.invoked')"/></log>
        <enrich><source clone="true" type="body"/><target property="KEPT" type="property"/></enrich>
        <log level="custom"><property name="built" expression="get-property('axis2','message.builder.invoked')"/></log>
        <call><endpoint><http method="POST" uri-template="http://127.0.0.1:${old.port}/legacy"/></endpoint></call>
        <enrich><source clone="true" property="KEPT" type="property"/><target type="body"/></enrich>
        <property name="messageType" scope="axis2" value="application/json"/>
        <log level="full"><property name="after" expression="get-property('axis2','message.builder.invoked')"/></log>
        <respond/></inSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/builds`, { body: '{"tune":"Hello"}', type: 'application/json' });
      assert.equal(r.status, 200);
      assert.equal(r.text, '{"tune":"Hello"}');
      const msgs = t.logs.map((l) => l.message).join('\n');
      assert.match(msgs, /before = null/);
      assert.match(msgs, /built = true/);
      assert.match(msgs, /after = true/);
    } finally {
      await t.close();
      await old.close();
    }
  });
});

describe('oracle S13 S4: the Content-Type a back end gets (MI default http.headers.preserve=Content-Type)', () => {
  it('a built message goes with its axis2 ContentType as it is, no charset added; a blocking call with the formatter type (MI ESBJAVA4631PreserveContentTypeHeaderTestCase)', async () => {
    const got: (string | undefined)[] = [];
    const be = await startBackend((req, res) => {
      got.push(req.headers['content-type']);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const t = await startRuntime({
      'Keep.xml': `<proxy ${NS} name="Keep" transports="http"><target><inSequence><log level="full"/>
        <call><endpoint><http method="POST" uri-template="${be.url}/keep"/></endpoint></call><respond/></inSequence></target></proxy>`,
      'AsJson.xml': `<api ${NS} name="AsJson" context="/as-json"><resource methods="POST"><inSequence>
        <payloadFactory media-type="json"><format>{"n":1}</format><args/></payloadFactory>
        <call><endpoint><http method="POST" uri-template="${be.url}/json"/></endpoint></call>
        <call blocking="true"><endpoint><http method="POST" uri-template="${be.url}/blocking"/></endpoint></call><respond/></inSequence></resource></api>`,
    });
    try {
      const env =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>';
      await send(`${t.base}/services/Keep`, {
        body: env,
        type: 'application/xml',
        headers: { SOAPAction: 'urn:x' },
      });
      await send(`${t.base}/as-json`, { body: '<n/>', type: 'application/xml' });
      assert.deepEqual(got, ['application/xml', 'application/json', 'application/json; charset=UTF-8']);
    } finally {
      await t.close();
      await be.close();
    }
  });
});
