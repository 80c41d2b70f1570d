/**
 * A back end whose answer breaks after its status line and headers (it closes early, its Content-Length promises
 * more than it sends, its chunk sizes are wrong): MI has already handed the response on, so it is mediated with
 * the bytes that came and the client gets the back end's status, not a fault (MI's own tests-http
 * ContentLengthGreaterThanResponseSize / InvalidChunked backend cases). A connection closed before any status
 * line still faults, CONNECTION_CLOSED 101505 + REQUEST_DONE = 101508; an answer that is not HTTP faults with MI's
 * PROTOCOL_VIOLATION 101506 + REQUEST_DONE = 101509 (ERROR_CODE is base + protocol state, TargetErrorHandler; MI's
 * MalformedBackendTestCase, TargetHandler). Raw TCP back ends on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { startRawBackend, type RawBackend } from './rawBackend';

const CRLF = '\r\n';

/** (each request is answered once its head has arrived: the cut comes before the body is read) */
const rawBackend = (act: (s: net.Socket) => void) => startRawBackend(act, { whenHead: true });

const small = '{"parcel":{"ref":"PX-7","weight":3}}';
const large = JSON.stringify({ lines: Array.from({ length: 900 }, (_, i) => ({ n: i, sku: `SKU-${i}` })) });

describe('fidelity G3: a back-end answer cut short after its headers is mediated with what came (MI)', () => {
  let t: TestRuntime;
  const backends: Record<string, RawBackend> = {};
  before(async () => {
    const head = (status: string, extra: string) =>
      `HTTP/1.1 ${status}${CRLF}Content-Type: application/json${CRLF}${extra}Connection: keep-alive${CRLF}${CRLF}`;
    backends.longerSmall = await rawBackend((s) =>
      s.end(head('200 OK', `Content-Length: ${small.length + 150}${CRLF}`) + small),
    );
    backends.longerLarge = await rawBackend((s) =>
      s.end(head('200 OK', `Content-Length: ${large.length + 150}${CRLF}`) + large),
    );
    backends.badChunks = await rawBackend((s) => {
      // chunk sizes written in decimal instead of hex: "100" is read as 256 bytes, the framing breaks
      let out = head('200 OK', `Transfer-Encoding: chunked${CRLF}`);
      for (let i = 0; i < large.length; i += 100) {
        const c = large.slice(i, i + 100);
        out += String(c.length) + CRLF + c + CRLF;
      }
      s.end(out + '0' + CRLF + CRLF);
    });
    backends.statusOnly404 = await rawBackend((s) => {
      s.write(head('404 Not Found', `Content-Length: 500${CRLF}`) + '{"miss');
      setTimeout(() => s.destroy(), 20);
    });
    backends.closesAtOnce = await rawBackend((s) => s.destroy());
    backends.notHttp = await rawBackend((s) =>
      s.end(`7${CRLF}2.0 200 FINE${CRLF}Content-Type: text/plain${CRLF}${CRLF}hi`),
    );
    const call = (name: string) =>
      `<call><endpoint><http method="get" uri-template="http://127.0.0.1:${backends[name].port}/parcels"/></endpoint></call>`;
    const fault = `<faultSequence><payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory><property name="HTTP_SC" value="503" scope="axis2"/><respond/></faultSequence>`;
    const resource = (path: string, body: string) =>
      `<resource methods="GET" uri-template="${path}"><inSequence>${body}</inSequence>${fault}</resource>`;
    t = await startRuntime({
      'Parcels.xml': `<api ${NS} name="ParcelsCut" context="/parcels-cut">${[
        resource(
          '/longer-small',
          `${call('longerSmall')}<property name="ref" expression="json-eval($.parcel.ref)"/><log level="custom"><property name="ref" expression="$ctx:ref"/></log><respond/>`,
        ),
        resource('/longer-large', `${call('longerLarge')}<respond/>`),
        resource('/bad-chunks', `${call('badChunks')}<respond/>`),
        resource('/cut-404', `${call('statusOnly404')}<respond/>`),
        resource('/closes', `${call('closesAtOnce')}<respond/>`),
        resource('/not-http', `${call('notHttp')}<respond/>`),
      ].join('')}</api>`,
    });
  });
  after(async () => {
    await t?.close();
    for (const b of Object.values(backends)) await b.close();
  });

  it('Content-Length larger than the body (small answer): 200 with the body that came, mediated', async () => {
    const r = await send(`${t.base}/parcels-cut/longer-small`);
    assert.equal(r.status, 200);
    assert.equal(r.text, small);
    assert.ok(
      t.logs.some((l) => l.message === 'ref = PX-7'),
      'json-eval read the body that came',
    );
  });

  it('Content-Length larger than the body (streamed answer): 200 with every byte sent', async () => {
    const r = await send(`${t.base}/parcels-cut/longer-large`);
    assert.equal(r.status, 200);
    assert.equal(r.text, large);
  });

  it('broken chunk framing: the back end status goes out with the bytes read before the break', async () => {
    const r = await send(`${t.base}/parcels-cut/bad-chunks`);
    assert.equal(r.status, 200);
    assert.ok(
      r.text.length > 0 && r.text.length < large.length,
      `a prefix of the body, got ${r.text.length}`,
    );
    assert.ok(large.startsWith(r.text.slice(0, 90)));
  });

  it('a non-2xx status keeps its code when the body is cut', async () => {
    const r = await send(`${t.base}/parcels-cut/cut-404`);
    assert.equal(r.status, 404);
    assert.equal(r.text, '{"miss');
  });

  it('an answer that is not HTTP: the fault has MI PROTOCOL_VIOLATION code 101506 + REQUEST_DONE = 101509', async () => {
    const r = await send(`${t.base}/parcels-cut/not-http`);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), { fault: '101509' });
  });

  it('closed before any status line: still a fault, CONNECTION_CLOSED 101505 + REQUEST_DONE = 101508 (ESBJAVA4394)', async () => {
    const r = await send(`${t.base}/parcels-cut/closes`);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), { fault: '101508' });
  });
});
