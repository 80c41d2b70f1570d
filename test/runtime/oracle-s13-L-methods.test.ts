/**
 * Session 13 (L): request methods in another case on raw sockets (own fixtures). httpcore's SynapseHTTPRequestFactory
 * takes a known method whatever its case, and ServerWorker dispatches GET, HEAD, OPTIONS (GET processor) and POST,
 * PUT, PATCH, DELETE (processEntityEnclosingRequest: HTTP_METHOD is the request line's method upper-cased) as their
 * upper-case selves; TRACE and CONNECT keep their case (processHttpRequestUri: oracle-s14-W3-methods), an unknown
 * method is refused (501).
 */
import assert from 'node:assert/strict';
import { NS, startBackend, startRuntime, tcpExchange, type Backend, type TestRuntime } from './helpers';

const CRLF = '\r\n';

/**
 * Writes the parts on one connection (`gap` ms apart) and collects what comes back until `answers` answers ended (a
 * last chunk, or an empty body with its length) or `ms` pass.
 */
const exchange = (port: number, parts: string[], answers = 1, ms = 10_000, gap = 150): Promise<string> =>
  tcpExchange(port, parts, {
    ms,
    gap,
    done: (text) => text.split(/\r\n0\r\n\r\n|Content-Length: 0\r\n\r\n/).length - 1 >= answers,
  }).then((r) => r.text);

const statuses = (text: string): string[] => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);

describe('oracle S13 L: a method in another case is dispatched upper-cased (no MI test: ServerWorker.processEntityEnclosingRequest, SynapseHTTPRequestFactory)', () => {
  let t: TestRuntime;
  let port: number;
  let backend: Backend;
  before(async () => {
    backend = await startBackend(async (req, res) => {
      if (req.url === '/wait') await new Promise((r) => setTimeout(r, 400));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body: req.body }));
    });
    const answer = (label: string): string =>
      `<payloadFactory media-type="json"><format>{"at":"${label}","method":"$1"}</format>
        <args><arg expression="get-property('axis2','HTTP_METHOD')"/></args></payloadFactory><respond/>`;
    t = await startRuntime({
      'Spools.xml': `<api ${NS} name="Spools" context="/spools">
        <resource methods="POST" uri-template="/s"><inSequence>${answer('post')}</inSequence></resource>
        <resource methods="PUT PATCH" uri-template="/s"><inSequence>${answer('edit')}</inSequence></resource>
        <resource methods="DELETE" uri-template="/s"><inSequence>${answer('gone')}</inSequence></resource>
        <resource methods="GET" uri-template="/slow"><inSequence>
          <call><endpoint><http method="get" uri-template="${backend.url}/wait"/></endpoint></call>
          ${answer('slow')}</inSequence></resource>
        <resource uri-template="/out"><inSequence>
          <call><endpoint><http uri-template="${backend.url}/out"/></endpoint></call><respond/></inSequence></resource>
        <resource uri-template="/any"><inSequence>${answer('any')}</inSequence></resource></api>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('post, put, patch and delete in lower (or mixed) case reach the resource of their upper-case method', async () => {
    for (const [sent, at, method] of [
      ['post', 'post', 'POST'],
      ['Put', 'edit', 'PUT'],
      ['patch', 'edit', 'PATCH'],
      ['delete', 'gone', 'DELETE'],
    ]) {
      const text = await exchange(port, [
        `${sent} /spools/s HTTP/1.1${CRLF}Host: s${CRLF}Content-Type: application/json${CRLF}Content-Length: 2${CRLF}${CRLF}{}`,
      ]);
      assert.match(text, /^HTTP\/1\.1 200 OK\r\n/, `${sent}: ${text}`);
      assert.ok(text.includes(`{"at":"${at}","method":"${method}"}`), `${sent}: ${text}`);
    }
  });

  it('a lower-case post is sent on to a back end as POST with its body', async () => {
    const text = await exchange(port, [
      `post /spools/out HTTP/1.1${CRLF}Host: s${CRLF}Content-Type: application/json${CRLF}Content-Length: 9${CRLF}${CRLF}{"r":"o"}`,
    ]);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/, text);
    const last = backend.requests.at(-1);
    assert.equal(last?.method, 'POST');
    assert.equal(last?.body, '{"r":"o"}');
  });

  it('two lower-case posts in one packet, and one after a request still being mediated, are each answered in order', async () => {
    const post = (b: string): string =>
      `post /spools/s HTTP/1.1${CRLF}Host: s${CRLF}Content-Type: application/json${CRLF}Content-Length: ${b.length}${CRLF}${CRLF}${b}`;
    const two = await exchange(port, [post('{"n":1}') + post('{"n":2}')], 2);
    assert.deepEqual(statuses(two), ['200', '200'], two);
    // the first answer waits on a back end: the post behind it is parsed again only once that answer is written
    const slow = await exchange(
      port,
      [`GET /spools/slow HTTP/1.1${CRLF}Host: s${CRLF}${CRLF}${post('{}')}`],
      2,
    );
    assert.deepEqual(statuses(slow), ['200', '200'], slow);
    assert.ok(slow.indexOf('"at":"slow"') < slow.indexOf('"at":"post"'), slow);
  });

  it('a lower-case head split over packets (inside the method, then inside the headers) is read whole first', async () => {
    const text = await exchange(port, [
      'pa',
      `tch /spools/s HTTP/1.1${CRLF}Host: s${CRLF}Content-Ty`,
      `pe: application/json${CRLF}Content-Length: 2${CRLF}${CRLF}{}`,
    ]);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/, text);
    assert.ok(text.includes('{"at":"edit","method":"PATCH"}'), text);
  });

  it('an unknown method is still refused 501 before mediation, whatever its case', async () => {
    for (const line of ['brew /spools/any HTTP/1.1', 'BREW /spools/any HTTP/1.1']) {
      const text = await exchange(port, [`${line}${CRLF}Host: s${CRLF}${CRLF}`]);
      assert.match(text, /^HTTP\/1\.1 501 Not Implemented\r\n/, `${line}: ${text}`);
    }
  });
});
