/**
 * Session 14 (W3): TRACE and CONNECT on raw sockets (own fixtures; no MI test, the sources decide). httpcore's
 * SynapseHTTPRequestFactory takes both whatever their case (isOneOf compares ignoring case; a BasicHttpRequest, no
 * entity) and ServerWorker dispatches them like any request without a body, HTTP_METHOD being the request line's
 * method as sent (processHttpRequestUri: request.getMethod(); neither the GET processor nor
 * processEntityEnclosingRequest upper-cases it), so Resource.canProcess compares `trace` with the resource's methods.
 * Node takes a CONNECT for a tunnel and refuses both methods in lower case.
 */
import assert from 'node:assert/strict';
import { NS, startRuntime, tcpExchange, type TestRuntime } from './helpers';

const CRLF = '\r\n';

/** Writes `text` on one connection and collects what comes back until `answers` answers ended or 10 s pass. */
const exchange = (port: number, text: string, answers = 1): Promise<string> =>
  tcpExchange(port, text, {
    ms: 10_000,
    done: (got) => got.split(/\r\n0\r\n\r\n/).length - 1 >= answers,
  }).then((r) => r.text);

const statuses = (text: string): string[] => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
const bodies = (text: string): string[] => [...text.matchAll(/\{"m": "[^"]*"\}/g)].map((m) => m[0]);

describe('oracle S14 W3: TRACE and CONNECT in any case are dispatched with the method as sent (SynapseHTTPRequestFactory, ServerWorker.processHttpRequestUri)', () => {
  let t: TestRuntime;
  let port: number;
  before(async () => {
    const echo = `<payloadFactory media-type="json"><format>{"m": "$1"}</format><args><arg expression="$axis2:HTTP_METHOD"/></args></payloadFactory><respond/>`;
    t = await startRuntime({
      'Looms.xml': `<api ${NS} name="Looms" context="/looms"><resource uri-template="/warp"><inSequence>${echo}</inSequence></resource>
        <resource methods="GET" uri-template="/weft"><inSequence>${echo}</inSequence></resource></api>`,
      'Reeds.xml': `<api ${NS} name="Reeds" context="/reeds"><resource methods="GET" uri-template="/dent"><inSequence>${echo}</inSequence></resource></api>`,
      'Shuttle.xml': `<proxy ${NS} name="Shuttle" transports="http"><target><inSequence>${echo}</inSequence></target></proxy>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(() => t?.close());

  it('a resource without methods and a proxy take them, HTTP_METHOD as sent; a GET-only API answers 405, an unknown path 404', async () => {
    for (const m of ['TRACE', 'trace', 'Trace', 'CONNECT', 'connect', 'cOnnect']) {
      const req = (path: string) =>
        `${m} ${path} HTTP/1.1${CRLF}Host: l${CRLF}Connection: close${CRLF}${CRLF}`;
      let text = await exchange(port, req('/looms/warp'));
      assert.deepEqual([statuses(text), bodies(text)], [['200'], [`{"m": "${m}"}`]], `${m}: ${text}`);
      text = await exchange(port, req('/services/Shuttle'));
      assert.deepEqual([statuses(text), bodies(text)], [['200'], [`{"m": "${m}"}`]], `${m}: ${text}`);
      assert.deepEqual(statuses(await exchange(port, req('/reeds/dent'))), ['405'], m);
      // the method-less resource accepts the message, so the GET-only one is not looked at (API.process with
      // getAcceptableResources not empty: handleResourceNotFound)
      assert.deepEqual(statuses(await exchange(port, req('/looms/weft'))), ['404'], m);
      assert.deepEqual(statuses(await exchange(port, req('/looms/none'))), ['404'], m);
    }
  });

  it('the connection stays open after a CONNECT or a lower-case trace: the next request on it is answered', async () => {
    for (const m of ['CONNECT', 'connect', 'trace']) {
      const text = await exchange(
        port,
        `${m} /looms/warp HTTP/1.1${CRLF}Host: l${CRLF}${CRLF}GET /looms/weft HTTP/1.1${CRLF}Host: l${CRLF}${CRLF}`,
        2,
      );
      assert.deepEqual(
        [statuses(text), bodies(text)],
        [
          ['200', '200'],
          [`{"m": "${m}"}`, '{"m": "GET"}'],
        ],
        text,
      );
    }
  });
});
