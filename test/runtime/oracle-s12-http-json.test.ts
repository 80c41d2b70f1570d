/**
 * Session 12 oracle sweep of MI's tests-http, json, api and mediators integration tests (our own fixtures, names
 * and values; raw sockets and back ends on 127.0.0.1). Each case names the MI source that decides the answer.
 */
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  NS,
  rawRequest,
  send,
  startBackend,
  startProjectRuntime,
  startRuntime,
  tcpExchange,
  type Backend,
  type TestRuntime,
} from './helpers';
import { startRawBackend, type RawBackend } from './rawBackend';

const CRLF = '\r\n';

/** What the listener writes back, until it closes, `ms` pass, or `done` says the answer is complete. */
const rawExchange = (
  port: number,
  raw: string,
  ms = 10_000,
  done?: (got: string) => boolean,
): Promise<string> => tcpExchange(port, raw, { ms, done }).then((r) => r.text);

describe('oracle S12 (MI tests-http client cases): what the listener answers a request it cannot take', () => {
  let t: TestRuntime;
  let port: number;
  before(async () => {
    t = await startRuntime({
      'Lamps.xml': `<api ${NS} name="Lamps" context="/lamps"><resource methods="GET POST"><inSequence>
        <payloadFactory media-type="json"><format>{"lamp":"on"}</format><args/></payloadFactory>
        <respond/></inSequence></resource></api>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(async () => {
    await t?.close();
  });

  // SourceHandler.exception -> generateHTTPErrorResponse(400, "Bad request"): Connection: Close, then the
  // interceptors of SourceConfiguration (ResponseDate, ResponseContent: Content-Length 0); MI's MalformedHTTPRequest
  const head = (status: string) =>
    new RegExp(
      `^HTTP/1\\.1 ${status}\\r\\nConnection: Close\\r\\nDate: [A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} [\\d:]{8} GMT\\r\\nContent-Length: 0\\r\\n\\r\\n$`,
    );

  it('a header line without a colon: 400 "Bad request" (MI reason phrase), Connection: Close', async () => {
    const got = await rawExchange(
      port,
      `GET /lamps HTTP/1.1${CRLF}c2Vzc2lvbi10b2tlbi13aXRob3V0LWNvbG9u${CRLF}Accept: application/json${CRLF}${CRLF}`,
    );
    assert.match(got, head('400 Bad request'), got);
  });

  it('a negative Content-Length on a POST: the same 400', async () => {
    const got = await rawExchange(
      port,
      `POST /lamps HTTP/1.1${CRLF}Content-Type: application/json${CRLF}Content-Length: -40${CRLF}${CRLF}`,
    );
    assert.match(got, head('400 Bad request'), got);
  });

  // SynapseHTTPRequestFactory knows GET POST PUT PATCH DELETE HEAD OPTIONS TRACE CONNECT; any other method is a
  // MethodNotSupportedException, which SourceHandler.exception answers 501 "Not Implemented" before any mediation
  for (const method of ['PROPFIND', 'BREW'])
    it(`a ${method} request: 501 Not Implemented, nothing mediated`, async () => {
      const got = await rawExchange(port, `${method} /lamps HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`);
      assert.match(got, head('501 Not Implemented'), got);
    });
});

describe('oracle S12 (MI tests-http backend cases): a back end that closes in the middle of its response head', () => {
  let t: TestRuntime;
  const backends: RawBackend[] = [];
  before(async () => {
    const cut = async (bytes: string) => {
      const b = await startRawBackend((s) => s.end(bytes));
      backends.push(b);
      return b.port;
    };
    // httpcore's AbstractMessageParser: at the end of the stream the unfinished line is a header line and the head
    // is complete; the body the Content-Length promised never comes (BackendClosesConnectionWhileSendingHeaders)
    const ports = {
      lines: await cut(
        `HTTP/1.1 200 OK${CRLF}Content-Type: application/json${CRLF}X-Shelf: B7${CRLF}Content-Length:  64${CRLF}Connection:`,
      ),
      empty: await cut(
        `HTTP/1.1 200 OK${CRLF}Content-Type: application/json${CRLF}Content-Length:  0${CRLF}X-Shelf: C2`,
      ),
      status: await cut(`HTTP/1.1 201 Created`),
    };
    const resource = (name: string, port: number) =>
      `<resource methods="GET" uri-template="/${name}"><inSequence>
        <call><endpoint><http method="get" uri-template="http://127.0.0.1:${port}/shelf"/></endpoint></call>
        <property name="shelf" expression="$trp:X-Shelf"/>
        <payloadFactory media-type="json"><format>{"status":"$1","shelf":"$2"}</format><args>
          <arg expression="$axis2:HTTP_SC"/><arg expression="$ctx:shelf"/></args></payloadFactory>
        <respond/></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory>
        <property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence></resource>`;
    t = await startRuntime({
      'Shelves.xml': `<api ${NS} name="Shelves" context="/shelves">${Object.entries(ports)
        .map(([n, p]) => resource(n, p))
        .join('')}</api>`,
    });
  });
  after(async () => {
    await t?.close();
    for (const b of backends) await b.close();
  });

  it('the header lines that came make the response: its status and headers go on, no fault', async () => {
    const r = await send(`${t.base}/shelves/lines`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { status: '200', shelf: 'B7' });
  });

  it('an unfinished last header line is still a header', async () => {
    const r = await send(`${t.base}/shelves/empty`);
    assert.deepEqual(r.json(), { status: '200', shelf: 'C2' });
  });

  it('a status line alone is a whole head', async () => {
    const r = await send(`${t.base}/shelves/status`);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json(), { status: '201', shelf: '' });
  });
});

/** A POST through node:http with its body as bytes; the answer's body as bytes too (nothing inflated). */
const postBytes = (url: string, body: Buffer, headers: Record<string, string>) =>
  rawRequest(url, 'POST', { headers, body });

describe('oracle S12 (MI ESBJAVA2262ContentEncodingGzipTestCase): Content-Encoding gzip set or removed by the mediation', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"crate":{"id":"K-12","fruit":"quince"}}');
    });
    const ep = `<endpoint><http method="post" uri-template="${backend.url}/crates"/></endpoint>`;
    // MessageFormatterDecoratorFactory: a formatter writes through GZIPOutputStream while TRANSPORT_HEADERS say
    // Content-Encoding "gzip", whoever put the header there
    t = await startRuntime({
      'Crates.xml': `<api ${NS} name="Crates" context="/crates">
        <resource methods="POST" uri-template="/to-back"><inSequence>
          <property name="fruit" expression="json-eval($.fruit)"/>
          <property name="Content-Encoding" value="gzip" scope="transport"/>
          <call>${ep}</call>
          <property name="Content-Encoding" value="gzip" scope="transport"/>
          <property name="id" expression="json-eval($.crate.id)"/>
          <respond/></inSequence></resource>
        <resource methods="POST" uri-template="/unzipped"><inSequence>
          <property name="fruit" expression="json-eval($.fruit)"/>
          <property name="Content-Encoding" scope="transport" action="remove"/>
          <payloadFactory media-type="json"><format>{"fruit":"$1"}</format><args><arg expression="$ctx:fruit"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('a header set by a property: the built request goes out compressed, and so does the built answer', async () => {
    const r = await postBytes(`${t.base}/crates/to-back`, Buffer.from('{"fruit":"quince"}'), {
      'content-type': 'application/json',
    });
    const sent = backend.requests.at(-1)!;
    assert.equal(sent.headers['content-encoding'], 'gzip');
    assert.equal(sent.body.charCodeAt(0), 0x1f, 'the request body is gzip data');
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.deepEqual(JSON.parse(gunzipSync(r.body).toString()), { crate: { id: 'K-12', fruit: 'quince' } });
  });

  it('a gzip request read and its header removed: the answer goes out plain', async () => {
    const r = await postBytes(`${t.base}/crates/unzipped`, gzipSync('{"fruit":"medlar"}'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.deepEqual(JSON.parse(r.body.toString()), { fruit: 'medlar' });
  });
});

describe('oracle S12 (MI CustomSwaggerWithSpecialCharactersTestCase, SwaggerUtils.getAPISwagger): a published definition', () => {
  let t: TestRuntime;
  const orchardYaml = [
    'openapi: 3.0.1',
    'info:',
    '  title: Orchard',
    '  description: Trees <and> rows',
    "  version: '2.0'",
    'x-rows: 12',
    'x-ratio: 3.0',
    'x-empty: null',
    'paths:',
    '  /trees:',
    '    get:',
    '      summary: Деревья',
    '      responses:',
    "        '200':",
    '          description: ok',
    '',
  ].join('\n');
  const groveJson =
    '{\n  "swagger": "2.0",\n  "info": {"title": "Grove", "version": "1.0.0"},\n  "x-count": 4,\n  "schemes": ["http"]\n}';
  before(async () => {
    const api = (name: string, attrs = '') =>
      `<api ${NS} name="${name}" context="/${name.toLowerCase()}"${attrs}><resource methods="GET" uri-template="/trees"><inSequence><respond/></inSequence></resource></api>`;
    t = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>orchards</artifactId></project>',
        'src/main/wso2mi/artifacts/apis/Orchard.xml': api('Orchard'),
        'src/main/wso2mi/artifacts/apis/Grove.xml': api(
          'Grove',
          ' publishSwagger="/_system/governance/defs/grove.json"',
        ),
        'src/main/wso2mi/artifacts/apis/Plain.xml': api('Plain', ' publishSwagger="gov:defs/missing.json"'),
        'src/main/wso2mi/resources/metadata/Orchard_swagger.yaml': orchardYaml,
        'src/main/wso2mi/resources/registry/gov/defs/grove.json': groveJson,
      },
      'swagger',
    );
  });
  after(async () => {
    await t?.close();
  });

  it('the metadata YAML asked for as YAML: the document as it is', async () => {
    const r = await send(`${t.base}/Orchard?swagger.yaml`);
    assert.equal(r.status, 200);
    assert.equal(r.text, orchardYaml);
  });

  it('the metadata YAML asked for as JSON: SnakeYAML types, Gson pretty printing (HTML escaped, nulls left out)', async () => {
    const r = await send(`${t.base}/Orchard?swagger.json`);
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      [
        '{',
        '  "openapi": "3.0.1",',
        '  "info": {',
        '    "title": "Orchard",',
        '    "description": "Trees \\u003cand\\u003e rows",',
        '    "version": "2.0"',
        '  },',
        '  "x-rows": 12,',
        '  "x-ratio": 3.0,',
        '  "paths": {',
        '    "/trees": {',
        '      "get": {',
        '        "summary": "Деревья",',
        '        "responses": {',
        '          "200": {',
        '            "description": "ok"',
        '          }',
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('a publishSwagger JSON resource: as it is for JSON, dumped as YAML (numbers as Doubles) for YAML', async () => {
    const j = await send(`${t.base}/Grove?swagger.json`);
    assert.equal(j.text, groveJson);
    const y = await send(`${t.base}/Grove?swagger.yaml`);
    assert.equal(
      y.text,
      "swagger: '2.0'\ninfo:\n  title: Grove\n  version: 1.0.0\nx-count: 4.0\nschemes:\n- http\n",
    );
  });

  it('a publishSwagger resource that is not there: the definition is generated', async () => {
    const r = await send(`${t.base}/Plain?swagger.json`);
    assert.equal((r.json() as { info: { description: string } }).info.description, 'API Definition of Plain');
  });
});

describe('oracle S12 (MI ScriptMediatorWithImports): Java standard classes from a script', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Ticket.xml': `<api ${NS} name="Ticket" context="/ticket"><resource methods="POST"><inSequence>
        <script language="js"><![CDATA[
          var id = java.util.UUID.randomUUID().toString();
          var UUID = Java.type('java.util.UUID');
          java.lang.Thread.sleep(5);
          var req = mc.getPayloadJSON();
          mc.setPayloadJSON({ desk: req.desk, id: id, other: String(UUID.randomUUID()),
            seats: java.lang.Integer.parseInt('42') + 1, at: java.lang.System.currentTimeMillis() > 0 });
        ]]></script><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('java.util.UUID, Java.type, Thread.sleep, Integer.parseInt and System.currentTimeMillis answer as in MI (GraalJS)', async () => {
    const r = await send(`${t.base}/ticket`, { body: '{"desk":"D-4"}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    const j = r.json() as { desk: string; id: string; other: string; seats: number; at: boolean };
    assert.equal(j.desk, 'D-4');
    assert.match(j.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(j.other, /^[0-9a-f-]{36}$/);
    assert.equal(j.seats, 43);
    assert.equal(j.at, true);
  });
});

describe('oracle S12 (MI ESBJAVA4318Testcase): an answer sent to a default endpoint goes back to the client', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<stock><item>pears</item></stock>');
    });
    // the answer's To is the anonymous address (SynapseCallbackReceiver): a default endpoint takes it, and
    // PassThroughHttpSender, finding no destination in it, writes the message back on the client's connection
    t = await startRuntime({
      'Pantry.xml': `<proxy ${NS} name="Pantry" transports="http"><target>
        <inSequence><send><endpoint><address uri="${backend.url}/stock"/></endpoint></send></inSequence>
        <outSequence><property name="messageType" value="application/xml" scope="axis2"/>
          <send><endpoint><default/></endpoint></send></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('the client gets the answer (no connection attempt to the anonymous address)', async () => {
    const r = await send(`${t.base}/services/Pantry`, { body: '<stock/>', type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<stock><item>pears</item></stock>');
  });
});

describe('oracle S12 (MI ESBJAVA5098_WSAddressingSupportTest): headers set by the header mediator and <enableAddressing/>', () => {
  let echo: TestRuntime;
  let t: TestRuntime;
  before(async () => {
    // the back end answers with the SOAP Header it received
    echo = await startRuntime({
      'Echo.xml': `<api ${NS} name="HeaderEcho" context="/header-echo"><resource methods="POST"><inSequence>
        <payloadFactory media-type="xml"><format><seen>$1</seen></format><args><arg evaluator="xml" expression="$header"/></args></payloadFactory>
        <respond/></inSequence></resource></api>`,
    });
    const wsa = 'xmlns:wsa="http://www.w3.org/2005/08/addressing"';
    t = await startRuntime({
      'Relay.xml': `<proxy ${NS} name="Relay" transports="http"><target><inSequence>
        <header scope="default"><wsa:From ${wsa}><wsa:Address>http://relay.example/origin</wsa:Address></wsa:From></header>
        <header scope="default"><wsa:MessageID ${wsa}>urn:uuid:6b1f0c1e-0000-4000-8000-00000000a11c</wsa:MessageID></header>
        <header scope="default"><wsa:Action ${wsa}>urn:relayIt</wsa:Action></header>
        <property name="PRESERVE_WS_ADDRESSING" value="true"/>
        <send><endpoint><address uri="${echo.base}/header-echo" format="soap11"><enableAddressing/></address></endpoint></send>
        </inSequence><outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await echo?.close();
  });

  it('the wsa namespace declared on the Header, the set headers kept, To added, no ReplyTo', async () => {
    const r = await send(`${t.base}/services/Relay`, {
      body: '<parcel><tag>R-1</tag></parcel>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    const seen =
      '<soapenv:Header xmlns:wsa="http://www.w3.org/2005/08/addressing">' +
      '<wsa:From><wsa:Address>http://relay.example/origin</wsa:Address></wsa:From>' +
      '<wsa:MessageID>urn:uuid:6b1f0c1e-0000-4000-8000-00000000a11c</wsa:MessageID>' +
      `<wsa:Action>urn:relayIt</wsa:Action><wsa:To>${echo.base}/header-echo</wsa:To></soapenv:Header>`;
    assert.ok(r.text.includes(`<seen xmlns="http://ws.apache.org/ns/synapse">${seen}</seen>`), r.text);
  });
});

describe('oracle S12 (MI SourceResponse, SourceResponseFactory): the framing of an answer', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 15 });
      res.end('{"plums":"ripe"}'.slice(0, 15));
    });
    const call = `<call><endpoint><http method="get" uri-template="${backend.url}/fruit"/></endpoint></call>`;
    const pf = '<payloadFactory media-type="json"><format>{"basket":3}</format><args/></payloadFactory>';
    t = await startRuntime({
      'Orchard.xml': `<api ${NS} name="Framing" context="/framing">
        <resource methods="GET" uri-template="/plain"><inSequence>${pf}<respond/></inSequence></resource>
        <resource methods="GET" uri-template="/unchunked"><inSequence>${pf}
          <property name="DISABLE_CHUNKING" value="true" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/copied"><inSequence>${call}
          <property name="FORCE_HTTP_CONTENT_LENGTH" value="true" scope="axis2"/>
          <property name="COPY_CONTENT_LENGTH_FROM_INCOMING" value="true" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/relayed"><inSequence>${call}<respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  const head = async (path: string) => {
    const r = await send(`${t.base}/framing/${path}`);
    return [r.headers.get('transfer-encoding'), r.headers.get('content-length'), r.text];
  };

  it('chunked by default, a built answer and a relayed one with its own length alike', async () => {
    assert.deepEqual(await head('plain'), ['chunked', null, '{"basket":3}']);
    assert.deepEqual(await head('relayed'), ['chunked', null, '{"plums":"ripe"']);
  });

  it('DISABLE_CHUNKING: the formatted length; FORCE_HTTP_CONTENT_LENGTH with COPY_CONTENT_LENGTH_FROM_INCOMING: the incoming one', async () => {
    assert.deepEqual(await head('unchunked'), [null, '12', '{"basket":3}']);
    assert.deepEqual(await head('copied'), [null, '15', '{"plums":"ripe"']);
  });
});

describe("oracle S12 (httpcore ResponseConnControl, SourceConfiguration's interceptors): the Connection line", () => {
  let t: TestRuntime;
  let port: number;
  before(async () => {
    const pf = '<payloadFactory media-type="json"><format>{"gate":"B"}</format><args/></payloadFactory>';
    t = await startRuntime({
      'Gates.xml': `<api ${NS} name="Gates" context="/gates">
        <resource methods="GET" uri-template="/open"><inSequence>${pf}<respond/></inSequence></resource>
        <resource methods="GET" uri-template="/closed"><inSequence>${pf}
          <property name="HTTP_SC" value="503" scope="axis2"/><respond/></inSequence></resource></api>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(async () => {
    await t?.close();
  });

  it("the request's own Connection header is answered back (no Keep-Alive line)", async () => {
    const got = await rawExchange(
      port,
      `GET /gates/open HTTP/1.1${CRLF}Host: x${CRLF}Connection: keep-alive${CRLF}${CRLF}`,
      5000,
      // the connection stays open: the answer is complete at its last chunk
      (got) => got.endsWith(`${CRLF}0${CRLF}${CRLF}`),
    );
    const head = got.split(CRLF + CRLF)[0];
    assert.match(head, /\r\nConnection: keep-alive\r\n/, head);
    assert.doesNotMatch(head, /Keep-Alive:/i, head);
  });

  it('a 503 answer says Connection: Close and the connection ends', async () => {
    const started = Date.now();
    const got = await rawExchange(
      port,
      `GET /gates/closed HTTP/1.1${CRLF}Host: x${CRLF}Connection: keep-alive${CRLF}${CRLF}`,
      3000,
    );
    assert.match(got, /^HTTP\/1\.1 503 [^\r]*\r\n(?:.*\r\n)*Connection: Close\r\n/, got);
    assert.ok(Date.now() - started < 2000, 'closed by the runtime, not by the test');
  });
});
