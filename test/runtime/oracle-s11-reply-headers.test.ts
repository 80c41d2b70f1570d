/**
 * Which of a message's transport headers reach the client, and a back end, as MI's pass-through writes them:
 * PassThroughHttpSender.invoke -> PassThroughTransportUtils.removeUnwantedHeaders removes only Transfer-Encoding,
 * Connection, Keep-Alive, Content-Length, Date and User-Agent (Server is preserved by default), and
 * SourceResponseFactory writes every other header (and the excess lines of a name sent again) into the answer; so a
 * respond of the request answers the client's own Host, Accept, Authorization, Cookie... SourceRequest keeps the first
 * line of a name and the rest as EXCESS_TRANSPORT_HEADERS. Raw header lines over a socket; our own names and values.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { NS, startRuntime, type TestRuntime } from './helpers';

interface RawAnswer {
  status: number;
  lines: [string, string][];
  body: string;
}

/** Sends a request as written (header lines as given) and reads the final answer (1xx skipped). */
function rawCall(port: number, head: string, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', reject);
    sock.setTimeout(5000, () => sock.destroy(new Error('no answer in 5 s')));
    sock.on('close', () => {
      let text = Buffer.concat(chunks).toString('latin1');
      while (/^HTTP\/1\.1 1\d\d/.test(text)) text = text.slice(text.indexOf('\r\n\r\n') + 4);
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...rest] = text.slice(0, end).split('\r\n');
      const lines = rest.map((l): [string, string] => {
        const i = l.indexOf(':');
        return [l.slice(0, i), l.slice(i + 1).trim()];
      });
      let body = text.slice(end + 4);
      if (lines.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && v === 'chunked')) {
        let out = '';
        for (;;) {
          const eol = body.indexOf('\r\n');
          const size = parseInt(body.slice(0, eol), 16);
          if (!size) break;
          out += body.slice(eol + 2, eol + 2 + size);
          body = body.slice(eol + 4 + size);
        }
        body = out;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), lines, body });
    });
    sock.write(`${head.trim().split('\n').join('\r\n')}\r\nConnection: close\r\n\r\n${body}`);
  });
}

const values = (a: RawAnswer, name: string) =>
  a.lines.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);

const CLIENT_HEADERS = (port: number, path: string, len: number) => `POST ${path} HTTP/1.1
Host: 127.0.0.1:${port}
Accept: application/json
Accept-Encoding: identity
Authorization: Bearer tok-17
Cookie: basket=3
Referer: http://shop.example/cart
If-None-Match: "v9"
X-Order-Ref: ord-5521
TE: trailers
Proxy-Authorization: Basic cHg6cHk=
User-Agent: probe/2.0
Date: Mon, 01 Jan 2001 00:00:00 GMT
Keep-Alive: timeout=99
Content-Type: application/json
Content-Length: ${len}`;

describe('oracle (MI pass-through): the transport headers an answer carries', () => {
  let t: TestRuntime;
  let port: number;
  let backend: Server;
  let backendPort: number;
  const seen: { raw: string[] }[] = [];
  before(async () => {
    backend = createServer((req, res) => {
      seen.push({ raw: req.rawHeaders });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, [
          'Content-Type',
          'application/json',
          'X-Stock-Level',
          'low',
          'Server',
          'StockHouse/3',
          'Date',
          'Tue, 02 Jan 2001 00:00:00 GMT',
          'Set-Cookie',
          'sid=1',
          'Set-Cookie',
          'lang=en',
        ]);
        res.end('{"stock":4}');
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    backendPort = (backend.address() as AddressInfo).port;
    const B = `http://127.0.0.1:${backendPort}`;
    t = await startRuntime({
      'HeadsApi.xml': `<api ${NS} name="HeadsApi" context="/heads">
        <resource methods="POST GET" url-mapping="/mirror"><inSequence><respond/></inSequence></resource>
        <resource methods="POST" url-mapping="/first"><inSequence>
          <payloadFactory media-type="json"><format>{"multi": "$1"}</format>
            <args><arg evaluator="xml" expression="get-property('transport', 'X-Lane')"/></args></payloadFactory>
          <respond/></inSequence></resource>
        <resource methods="POST" url-mapping="/bare"><inSequence>
          <property name="TRANSPORT_HEADERS" action="remove" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="POST" url-mapping="/after-call"><inSequence>
          <call><endpoint><address uri="${B}/stock"/></endpoint></call><respond/></inSequence></resource>
        <resource methods="POST" url-mapping="/after-blocking"><inSequence>
          <call blocking="true"><endpoint><address uri="${B}/stock"/></endpoint></call><respond/></inSequence></resource>
        <resource methods="POST" url-mapping="/ack"><inSequence><drop/></inSequence></resource>
      </api>`,
      'Picky.xml': `<api ${NS} name="Picky" context="/picky">
        <resource methods="GET" uri-template="/ua" user-agent="curl.*"><inSequence><respond/></inSequence></resource>
      </api>`,
      'HeadsProxy.xml': `<proxy ${NS} name="HeadsProxy" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(async () => {
    await t?.close();
    await new Promise<void>((r) => backend?.close(() => r()));
  });

  it("respond on the request answers the client's headers, less Content-Length, Date, User-Agent, Keep-Alive", async () => {
    const body = '{"qty":2}';
    const a = await rawCall(port, CLIENT_HEADERS(port, '/heads/mirror', body.length), body);
    assert.equal(a.status, 200);
    assert.equal(a.body, body);
    assert.deepEqual(values(a, 'Host'), [`127.0.0.1:${port}`]);
    assert.deepEqual(values(a, 'Accept'), ['application/json']);
    assert.deepEqual(values(a, 'Accept-Encoding'), ['identity']);
    assert.deepEqual(values(a, 'Authorization'), ['Bearer tok-17']);
    assert.deepEqual(values(a, 'Cookie'), ['basket=3']);
    assert.deepEqual(values(a, 'Referer'), ['http://shop.example/cart']);
    assert.deepEqual(values(a, 'If-None-Match'), ['"v9"']);
    assert.deepEqual(values(a, 'X-Order-Ref'), ['ord-5521']);
    assert.deepEqual(values(a, 'TE'), ['trailers']);
    assert.deepEqual(values(a, 'Proxy-Authorization'), ['Basic cHg6cHk=']);
    assert.deepEqual(values(a, 'User-Agent'), []);
    // removeUnwantedHeaders drops the request's Content-Length and SourceResponse chunks an answer given none
    assert.deepEqual(values(a, 'Content-Length'), []);
    assert.deepEqual(values(a, 'Transfer-Encoding'), ['chunked']);
    assert.equal(values(a, 'Date').length, 1);
    assert.notEqual(values(a, 'Date')[0], 'Mon, 01 Jan 2001 00:00:00 GMT');
    assert.ok(!values(a, 'Keep-Alive').includes('timeout=99'));
    assert.deepEqual(values(a, 'Content-Type'), ['application/json']);
    assert.deepEqual(values(a, 'Server'), ['WSO2-PassThrough-HTTP']);
  });

  it('a GET answered with no body: Expect and a Content-Type header the request carried go back as they are', async () => {
    const a = await rawCall(
      port,
      `GET /heads/mirror HTTP/1.1
Host: h
Expect: 100-continue
Content-Type: application/json`,
    );
    assert.equal(a.status, 200);
    assert.equal(a.body, '');
    assert.deepEqual(values(a, 'Expect'), ['100-continue']);
    assert.deepEqual(values(a, 'Content-Type'), ['application/json']);
  });

  it('a name sent again: the first value is the header (get-property), the lines go back sorted, once each', async () => {
    const body = '{}';
    const a = await rawCall(
      port,
      `POST /heads/first HTTP/1.1
Host: h
X-Lane: west
X-Lane: east
X-Lane: west
Content-Type: application/json
Content-Length: ${body.length}`,
      body,
    );
    assert.deepEqual(JSON.parse(a.body), { multi: 'west' });
    // each value once, sorted (SourceResponse.addHeader: a TreeSet per name)
    assert.deepEqual(values(a, 'X-Lane'), ['east', 'west']);
  });

  it('removing TRANSPORT_HEADERS (axis2) answers none of them (but the excess lines)', async () => {
    const body = '{"qty":2}';
    const a = await rawCall(port, CLIENT_HEADERS(port, '/heads/bare', body.length), body);
    assert.equal(a.body, body);
    for (const h of ['Host', 'Accept', 'Authorization', 'Cookie', 'X-Order-Ref', 'Referer'])
      assert.deepEqual(values(a, h), [], h);
    assert.deepEqual(values(a, 'Content-Type'), ['application/json']);
    // EXCESS_TRANSPORT_HEADERS is another property: a name's second line still goes back
    const b = await rawCall(
      port,
      `POST /heads/bare HTTP/1.1
Host: h
X-Lane: east
X-Lane: west
Content-Type: application/json
Content-Length: 2`,
      '{}',
    );
    assert.deepEqual(values(b, 'X-Lane'), ['west']);
    assert.deepEqual(values(b, 'Host'), []);
  });

  it("after a call: the back end's headers (its Server kept, its Date not), each Set-Cookie line", async () => {
    const body = '{"qty":2}';
    seen.length = 0;
    const a = await rawCall(port, CLIENT_HEADERS(port, '/heads/after-call', body.length), body);
    assert.deepEqual(JSON.parse(a.body), { stock: 4 });
    assert.deepEqual(values(a, 'X-Stock-Level'), ['low']);
    assert.deepEqual(values(a, 'Server'), ['StockHouse/3']);
    // (SourceResponse keeps a TreeSet of values per name: the lines of a name go sorted)
    assert.deepEqual(values(a, 'Set-Cookie'), ['lang=en', 'sid=1']);
    assert.equal(values(a, 'Date').length, 1);
    assert.notEqual(values(a, 'Date')[0], 'Tue, 02 Jan 2001 00:00:00 GMT');
    assert.deepEqual(values(a, 'X-Order-Ref'), []);
    assert.deepEqual(values(a, 'Host'), []);
    // what the back end got: the client's headers less Host (the target's), User-Agent (the sender's), Date
    const got = seen[0].raw;
    const sent = (n: string) =>
      got.filter((_, i) => i % 2 === 1 && got[i - 1].toLowerCase() === n.toLowerCase());
    assert.deepEqual(sent('Host'), [`127.0.0.1:${backendPort}`]);
    assert.deepEqual(sent('User-Agent'), ['Synapse-PT-HttpComponents-NIO']);
    assert.deepEqual(sent('Date'), []);
    assert.deepEqual(sent('Authorization'), ['Bearer tok-17']);
    assert.deepEqual(sent('X-Order-Ref'), ['ord-5521']);
    assert.deepEqual(sent('TE'), ['trailers']);
    assert.deepEqual(sent('Proxy-Authorization'), ['Basic cHg6cHk=']);
    assert.deepEqual(sent('Keep-Alive'), []);
    // a name sent again goes on in the order it came, each value once (TargetRequest: a LinkedHashSet per name)
    seen.length = 0;
    await rawCall(
      port,
      `POST /heads/after-call HTTP/1.1
Host: h
X-Lane: west
X-Lane: east
X-Lane: west
Content-Type: application/json
Content-Length: 2`,
      '{}',
    );
    const again = seen[0].raw;
    assert.deepEqual(
      again.filter((_, i) => i % 2 === 1 && again[i - 1] === 'X-Lane'),
      ['west', 'east'],
    );
  });

  it("after a blocking call: the request's headers are still the message's, and go back", async () => {
    const body = '{"qty":2}';
    seen.length = 0;
    const a = await rawCall(port, CLIENT_HEADERS(port, '/heads/after-blocking', body.length), body);
    // the blocking sender (Axis2's HTTP sender) names itself Axis2 (AbstractHTTPSender.getUserAgent)
    const got = seen[0].raw;
    assert.deepEqual(
      got.filter((_, i) => i % 2 === 1 && got[i - 1].toLowerCase() === 'user-agent'),
      ['Axis2'],
    );
    assert.deepEqual(JSON.parse(a.body), { stock: 4 });
    assert.deepEqual(values(a, 'X-Order-Ref'), ['ord-5521']);
    assert.deepEqual(values(a, 'Authorization'), ['Bearer tok-17']);
    assert.deepEqual(values(a, 'User-Agent'), []);
    const b = await rawCall(
      port,
      `POST /heads/after-blocking HTTP/1.1
Host: h
X-Lane: east
X-Lane: west
Content-Type: application/json
Content-Length: 2`,
      '{}',
    );
    assert.deepEqual(values(b, 'X-Lane'), ['east', 'west']);
  });

  it('a proxy service answers the same way (Origin too, no CORS there)', async () => {
    const body = '<ping/>';
    const a = await rawCall(
      port,
      `POST /services/HeadsProxy HTTP/1.1
Host: proxy.example
Origin: http://app.example
X-Order-Ref: ord-9
User-Agent: probe/2.0
Content-Type: application/xml
Content-Length: ${body.length}`,
      body,
    );
    assert.equal(a.body, body);
    assert.deepEqual(values(a, 'Host'), ['proxy.example']);
    assert.deepEqual(values(a, 'Origin'), ['http://app.example']);
    assert.deepEqual(values(a, 'X-Order-Ref'), ['ord-9']);
    assert.deepEqual(values(a, 'User-Agent'), []);
    assert.deepEqual(values(a, 'Access-Control-Allow-Origin'), []);
  });

  it('a resource refusing the request (400) echoes its headers as they are; a 404 only the excess lines', async () => {
    const a = await rawCall(
      port,
      `GET /picky/ua HTTP/1.1
Host: h
User-Agent: probe/2.0
X-Order-Ref: ord-3`,
    );
    assert.equal(a.status, 400);
    // (API.process leaves TRANSPORT_HEADERS for the 400; sendAck runs no removeUnwantedHeaders)
    assert.deepEqual(values(a, 'X-Order-Ref'), ['ord-3']);
    assert.deepEqual(values(a, 'User-Agent'), ['probe/2.0']);
    assert.deepEqual(values(a, 'Host'), ['h']);
    const b = await rawCall(
      port,
      `GET /picky/elsewhere HTTP/1.1
Host: h
X-Lane: east
X-Lane: west`,
    );
    assert.equal(b.status, 404);
    assert.deepEqual(values(b, 'Host'), []);
    assert.deepEqual(values(b, 'X-Lane'), ['west']);
  });

  it('the 202 of a dropped message carries none of the request headers (but the excess lines)', async () => {
    const body = '{"qty":2}';
    const a = await rawCall(port, CLIENT_HEADERS(port, '/heads/ack', body.length), body);
    assert.equal(a.status, 202);
    for (const h of ['Host', 'Accept', 'Authorization', 'X-Order-Ref']) assert.deepEqual(values(a, h), [], h);
    // sendAck removes TRANSPORT_HEADERS only: a name's second line (EXCESS_TRANSPORT_HEADERS) is still written
    const b = await rawCall(
      port,
      `POST /heads/ack HTTP/1.1
Host: h
X-Lane: east
X-Lane: west
Content-Type: application/json
Content-Length: 2`,
      '{}',
    );
    assert.equal(b.status, 202);
    assert.deepEqual(values(b, 'X-Lane'), ['west']);
  });
});
