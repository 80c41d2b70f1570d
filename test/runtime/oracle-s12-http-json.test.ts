/**
 * Session 12 oracle sweep of MI's tests-http, json, api and mediators integration tests (our own fixtures, names
 * and values; raw sockets and back ends on 127.0.0.1). Each case names the MI source that decides the answer.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { NS, startRuntime, type TestRuntime } from './helpers';

const CRLF = '\r\n';

/** Writes `raw` on a fresh connection and collects what comes back until the server closes or `ms` pass. */
function rawExchange(port: number, raw: string, ms = 1500): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(got);
    }, ms);
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    s.write(raw);
  });
}

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
