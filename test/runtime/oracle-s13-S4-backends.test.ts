/**
 * Session 13 (S4) oracle sweep of MI's tests-http back-end cases: an API calls a back end that answers in an odd way
 * (raw sockets on 127.0.0.1), reads a field of the JSON answer and responds. Our own names and payloads; each case
 * names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import type net from 'node:net';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { startRawBackend, type RawBackend } from './rawBackend';

const CRLF = '\r\n';
const BODY = JSON.stringify([
  { LOT_ID: 'L-1', qty: 4 },
  { LOT_ID: 'L-2', qty: 9 },
]);

// the MI test API's fault sequence (HTTPCoreBETestAPI): a JSON payload, HTTP_SC 500, respond
const FAULT = `<faultSequence><payloadFactory media-type="json"><format>{"outcome": "fault"}</format><args/></payloadFactory>
  <property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>`;

describe('oracle S13 S4: odd back-end answers to a call (MI tests-http backend cases)', () => {
  let t: TestRuntime;
  const backends: Record<string, RawBackend> = {};
  const answers: Record<string, (s: net.Socket) => void> = {
    closes: (s) => s.destroy(),
    ok: (s) =>
      s.end(
        `HTTP/1.1 200 OK${CRLF}Content-Type: application/json${CRLF}Content-Length: ${BODY.length}${CRLF}${CRLF}${BODY}`,
      ),
    bad: (s) =>
      s.end(
        `HTTP/1.1 400 Bad Request${CRLF}Content-Type: application/json${CRLF}Content-Length: ${BODY.length}${CRLF}Connection: Close${CRLF}${CRLF}${BODY}`,
      ),
    broken: (s) =>
      s.end(
        `HTTP/1.1 500 Internal Server Error${CRLF}Content-Type: application/json${CRLF}Content-Length: ${BODY.length}${CRLF}Connection: Close${CRLF}${CRLF}${BODY}`,
      ),
    xmlSaysJson: (s) =>
      s.end(
        `HTTP/1.1 200 OK${CRLF}Content-Type: application/xml${CRLF}Content-Length: ${BODY.length}${CRLF}${CRLF}${BODY}`,
      ),
    xmlEmpty: (s) => s.end(`HTTP/1.1 200 OK${CRLF}Content-Type: application/xml${CRLF}${CRLF}`),
    shortLength: (s) =>
      s.end(
        `HTTP/1.1 200 OK${CRLF}Content-Type: application/json${CRLF}Content-Length: ${BODY.length - 20}${CRLF}${CRLF}${BODY}`,
      ),
    chunked: (s) => {
      let out = `HTTP/1.1 200 OK${CRLF}Content-Type: application/json${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}`;
      for (let i = 0; i < BODY.length; i += 10) {
        const part = BODY.slice(i, i + 10);
        out += `${part.length.toString(16)}${CRLF}${part}${CRLF}`;
      }
      s.end(`${out}0${CRLF}${CRLF}`);
    },
  };
  before(async () => {
    for (const [name, act] of Object.entries(answers)) backends[name] = await startRawBackend(act);
    const resources = Object.entries(backends)
      .map(
        ([name, b]) => `<resource methods="GET POST" uri-template="/${name}"><inSequence>
          <call><endpoint><http uri-template="http://127.0.0.1:${b.port}/lots"/></endpoint></call>
          <property name="lot" expression="json-eval($[0].LOT_ID)"/>
          <log level="custom"><property name="lot from back end" expression="$ctx:lot"/></log>
          <respond/></inSequence>${FAULT}</resource>`,
      )
      .join('');
    t = await startRuntime({ 'Lots.xml': `<api ${NS} name="Lots" context="/lots">${resources}</api>` });
  });
  after(async () => {
    await t?.close();
    for (const b of Object.values(backends)) await b.close();
  });

  const get = (name: string) => send(`${t.base}/lots/${name}`);

  it('a 200, 400 or 500 JSON answer goes back with its status and whole body (MI BackendRespondWith200TestCase, BackendRespondWith400TestCase, BackendRespondWith500TestCase)', async () => {
    for (const [name, status] of [
      ['ok', 200],
      ['bad', 400],
      ['broken', 500],
    ] as const) {
      const r = await get(name);
      assert.equal(r.status, status, name);
      assert.equal(r.text, BODY, name);
    }
  });

  it('a chunked answer is read whole (MI ChunkedBackendTestCase)', async () => {
    const r = await get('chunked');
    assert.equal(r.status, 200);
    assert.equal(r.text, BODY);
  });

  it('a back end closing the connection on the request: 500 (MI BackendClosesConnectionAsSoonAsTheRequestReceivedTestCase)', async () => {
    const r = await get('closes');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { outcome: 'fault' });
  });

  it("a JSON body sent as application/xml fails the build and the resource's fault sequence answers its 500; an empty one is 200 (MI ContentTypeAndBodyMismatchBackendTestCase)", async () => {
    const r = await get('xmlSaysJson');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { outcome: 'fault' });
    assert.equal((await get('xmlEmpty')).status, 200);
  });

  it('a Content-Length shorter than the body: the answer is what the length covers, 200 (MI ContentLengthLowerThanResponseSizeBackendTestCase)', async () => {
    const r = await get('shortLength');
    assert.equal(r.status, 200);
  });
});
