/**
 * The HTTP listener as MI's tests-http client cases see it over raw TCP: a request without a Host header is served,
 * a body sent with GET is never read nor mediated (MI makes a GET a request without an entity), and bytes after a
 * request that do not parse (a body longer than its Content-Length) do not lose the answer to the request before
 * them. Our own fixture; raw sockets on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { NS, startRuntime, tcpExchange, type TestRuntime } from './helpers';

const CRLF = '\r\n';

/** Writes `raw` on a fresh connection and collects what comes back until the server closes or `ms` pass. */
const rawExchange = (port: number, raw: string, ms = 10_000): Promise<string> =>
  tcpExchange(port, raw, { ms }).then((r) => r.text);

describe('fidelity G3: HTTP listener edge cases of MI tests-http (raw TCP)', () => {
  let t: TestRuntime;
  let port: number;
  before(async () => {
    t = await startRuntime({
      'Kiosk.xml': `<api ${NS} name="Kiosk" context="/kiosk"><resource methods="GET POST"><inSequence>
        <property name="seen" expression="json-eval($.item)"/>
        <payloadFactory media-type="json"><format>{"kiosk":"open","item":"$1"}</format><args><arg expression="$ctx:seen"/></args></payloadFactory>
        <respond/></inSequence></resource></api>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(async () => {
    await t?.close();
  });

  it('serves an HTTP/1.1 request that has no Host header', async () => {
    const got = await rawExchange(
      port,
      `GET /kiosk HTTP/1.1${CRLF}Accept: application/json${CRLF}Connection: close${CRLF}${CRLF}`,
    );
    assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(got.includes('{"kiosk":"open","item":""}'), got);
  });

  it('a GET body is not read: a body the Content-Type cannot parse does not fail the GET', async () => {
    const body = '{"item":"lamp"}';
    const got = await rawExchange(
      port,
      `GET /kiosk HTTP/1.1${CRLF}Host: x${CRLF}Content-Type: application/xml${CRLF}Content-Length: ${body.length}${CRLF}Connection: close${CRLF}${CRLF}${body}`,
    );
    assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(got.includes('"item":""'), 'the GET body was not mediated: ' + got);
  });

  it('a POST body is still read and mediated', async () => {
    const body = '{"item":"lamp"}';
    const got = await rawExchange(
      port,
      `POST /kiosk HTTP/1.1${CRLF}Host: x${CRLF}Content-Type: application/json${CRLF}Content-Length: ${body.length}${CRLF}Connection: close${CRLF}${CRLF}${body}`,
    );
    assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(got.includes('"item":"lamp"'), got);
  });

  // SourceHandler.inputReady: the MalformedChunkCodingException (an IOException) shuts the connection down with no
  // answer (MI's tests-http ClientSendsInvalidChunksTestCase: "HTTPCore will close the client connection")
  it('a POST whose chunked body breaks: no answer, the connection closed at once (no flow left waiting)', async () => {
    const started = Date.now();
    const got = await rawExchange(
      port,
      `POST /kiosk HTTP/1.1${CRLF}Host: x${CRLF}Content-Type: application/json${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}` +
        `15${CRLF}{"item":"chair"}${CRLF}zz${CRLF}`,
      3000,
    );
    assert.equal(got, '');
    assert.ok(Date.now() - started < 2000, 'closed by the runtime, not by the test timeout');
  });

  it('bytes after a request that do not parse: the request is answered first, then 400 and close', async () => {
    const body = '{"item":"desk"}';
    const trailing = '    "junk": true }\r\n\r\n';
    const got = await rawExchange(
      port,
      `POST /kiosk HTTP/1.1${CRLF}Host: x${CRLF}Content-Type: application/json${CRLF}Content-Length: ${body.length}${CRLF}${CRLF}${body}${trailing}`,
    );
    assert.match(got, /^HTTP\/1\.1 200 OK\r\n/, got);
    assert.ok(got.includes('"item":"desk"'), got);
    // SourceHandler.generateHTTPErrorResponse: the reason phrase is MI's own "Bad request"
    const second = got.indexOf('HTTP/1.1 400 Bad request\r\nConnection: Close\r\n');
    assert.ok(second > 0, 'then a 400 for the bytes that do not parse: ' + got);
  });
});
