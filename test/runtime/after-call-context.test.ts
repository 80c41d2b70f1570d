/**
 * The message after a non-blocking call (`<call>`, `<send>` + out sequence), as MI 4.4 has it:
 * - transport headers (ClientWorker's TRANSPORT_HEADERS from TargetResponse's lines): every line the back end sent,
 *   in its spelling, hop-by-hop ones too (Transfer-Encoding, Content-Length, Connection, Keep-Alive); a name sent
 *   again keeps its first value for `$trp:` and goes to the client again (EXCESS_TRANSPORT_HEADERS);
 * - the client's answer: names as the back end spelled them, minus what the pass-through sender sets itself;
 * - axis2 scope: the answer's own context (ClientWorker makes a new one): HTTP_SC, messageType (the answer's
 *   Content-Type without parameters, SynapseCallbackReceiver), no HTTP_METHOD (a second call then POSTs,
 *   TargetRequestFactory), no REST_URL_POSTFIX, none of a mediator's axis2 properties set before the call; a
 *   blocking call keeps them (BlockingMsgSender).
 * The back end is a raw socket server, so the header lines are exactly ours.
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Headers } from '../../runtime-debug/engine/context';
import { api, rawRequest, startRuntime, type TestRuntime } from './helpers';

interface Seen {
  method: string;
  path: string;
  head: string;
  body: string;
}

const TRAY = '{"tray":"q-3"}';

/** The answer of our raw back end to a path (whole HTTP/1.1 response text, keep-alive). */
function answerFor(path: string): string {
  const base = path.replace(/\?.*$/, '');
  if (base.startsWith('/chunked'))
    return (
      'HTTP/1.1 200 Fine\r\ncontent-type: application/json\r\nX-Trace-ID: t-88\r\nTransfer-Encoding: chunked\r\n\r\n' +
      `${TRAY.length.toString(16)}\r\n${TRAY}\r\n0\r\n\r\n`
    );
  if (base.startsWith('/nobody')) return 'HTTP/1.1 204 No Content\r\nX-Trace-ID: t-99\r\n\r\n';
  if (base.startsWith('/text'))
    return 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: 4\r\n\r\nlane';
  return (
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: application/json; charset=UTF-8\r\n' +
    'X-Trace-ID: t-77\r\n' +
    'Set-Cookie: a=1\r\n' +
    'Set-Cookie: b=2\r\n' +
    'X-Dup: one\r\n' +
    'x-dup: two\r\n' +
    'Connection: keep-alive\r\n' +
    'Keep-Alive: timeout=9\r\n' +
    'Server: tray-house\r\n' +
    `Content-Length: ${TRAY.length}\r\n\r\n${TRAY}`
  );
}

/** A keep-alive HTTP/1.1 server on a raw socket: reads each request (Content-Length bodies) and answers answerFor. */
async function rawBackend(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length > 1 << 20) return void sock.destroy();
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const m = /^content-length:\s*(\d+)/im.exec(head);
        const len = m ? Number(m[1]) : 0;
        if (buf.length < end + 4 + len) return;
        const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
        buf = buf.subarray(end + 4 + len);
        const [method, path] = head.split(' ');
        seen.push({ method, path, head, body });
        sock.write(answerFor(path));
      }
    });
    sock.on('error', () => sock.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A request through node:http: the answer's raw header lines (names as sent, repeated lines kept). */
async function fetchRaw(
  url: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; raw: string[]; text: string }> {
  const headers =
    body !== undefined
      ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      : {};
  const r = await rawRequest(url, method, { headers, body, agent: false });
  return { status: r.status, raw: r.rawHeaders, text: r.text };
}

/** name: value lines of a rawHeaders list. */
function lines(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push(`${raw[i]}: ${raw[i + 1]}`);
  return out;
}

const LOOK = (names: [string, string][]) =>
  `<log level="custom">${names.map(([n, e]) => `<property name="${n}" expression="${e}"/>`).join('')}</log>`;

describe('runtime: the message after a non-blocking call (MI 4.4 answer context)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let b: Awaited<ReturnType<typeof rawBackend>>;

  before(async () => {
    b = await rawBackend();
    const B = b.url;
    t = await startRuntime({
      'Pass.xml': api(
        'Pass',
        '/acx/pass',
        `<call><endpoint><address uri="${B}/mixed"/></endpoint></call><respond/>`,
      ),
      'Touched.xml': api(
        'Touched',
        '/acx/touched',
        `<call><endpoint><address uri="${B}/mixed"/></endpoint></call>
         <property name="X-Added" scope="transport" value="v-1"/><respond/>`,
      ),
      'Look.xml': api(
        'Look',
        '/acx/look',
        `<property name="tray.mark" value="m-1" scope="axis2"/>
         <property name="messageType" value="application/xml" scope="axis2"/>
         <call><endpoint><address uri="${B}/mixed"/></endpoint></call>
         ${LOOK([
           ['trace', '$trp:x-trace-id'],
           ['cookie', "get-property('transport', 'SET-COOKIE')"],
           ['length', '$trp:Content-Length'],
           ['conn', '$trp:Connection'],
           ['keep', '$trp:keep-alive'],
           ['server', '$trp:Server'],
           ['mark', '$axis2:tray.mark'],
           ['mt', '$axis2:messageType'],
           ['ct', '$axis2:ContentType'],
           ['method', "get-property('axis2', 'HTTP_METHOD')"],
           ['postfix', '$axis2:REST_URL_POSTFIX'],
           ['sc', '$axis2:HTTP_SC'],
         ])}
         <payloadFactory media-type="json"><format>{"names":"$1"}</format>
           <args><arg expression="\${headers['X-Trace-ID']}"/></args></payloadFactory>
         <respond/>`,
      ),
      'Names.xml': api(
        'Names',
        '/acx/names',
        `<call><endpoint><address uri="${B}/chunked"/></endpoint></call>
         ${LOOK([
           ['te', "get-property('transport', 'transfer-encoding')"],
           ['len', '$trp:Content-Length'],
         ])}
         <payloadFactory media-type="json"><format>{"h":$1}</format><args><arg expression="\${headers}"/></args></payloadFactory>
         <respond/>`,
      ),
      'NoBody.xml': api(
        'NoBody',
        '/acx/nobody',
        `<property name="messageType" value="application/xml" scope="axis2"/>
         <call><endpoint><address uri="${B}/nobody"/></endpoint></call>
         ${LOOK([
           ['mt', '$axis2:messageType'],
           ['trace', '$trp:X-TRACE-ID'],
         ])}<respond/>`,
      ),
      'Text.xml': api(
        'Text',
        '/acx/text',
        `<call><endpoint><address uri="${B}/text"/></endpoint></call>${LOOK([['mt', '$axis2:messageType']])}<respond/>`,
      ),
      'Twice.xml': api(
        'Twice',
        '/acx/twice',
        `<property name="NO_KEEPALIVE" value="true" scope="axis2"/>
         <call><endpoint><address uri="${B}/first"/></endpoint></call>
         <call><endpoint><address uri="${B}/second"/></endpoint></call><respond/>`,
        'methods="GET" uri-template="/*"',
      ),
      'Blocking.xml': api(
        'Blocking',
        '/acx/blocking',
        `<property name="tray.mark" value="m-2" scope="axis2"/>
         <call blocking="true"><endpoint><address uri="${B}/mixed"/></endpoint></call>
         ${LOOK([
           ['mark', '$axis2:tray.mark'],
           ['method', "get-property('axis2', 'HTTP_METHOD')"],
         ])}<respond/>`,
      ),
      'Out.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="Out" context="/acx/out"><resource methods="GET">
          <inSequence><send><endpoint><address uri="${B}/chunked"/></endpoint></send></inSequence>
          <outSequence>${LOOK([
            ['trace', '$trp:x-trace-id'],
            ['te', '$trp:Transfer-Encoding'],
          ])}<send/></outSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await b?.close();
  });

  /** The properties the last log line of `api:<name>` printed (name = value, comma separated). */
  function logged(name: string): Record<string, string> {
    const r = [...t.logs]
      .reverse()
      .find((l) => l.category === 'LogMediator' && l.message.includes('=') && l.artifact?.includes(name));
    assert.ok(r, `no log line of ${name}`);
    const out: Record<string, string> = {};
    for (const part of r.message.split(', ')) {
      const i = part.indexOf(' = ');
      if (i > 0) out[part.slice(0, i)] = part.slice(i + 3);
    }
    return out;
  }

  it('a pass-through answer reaches the client with the back end names as spelled, a repeated line twice', async () => {
    const r = await fetchRaw(`${t.base}/acx/pass`);
    assert.equal(r.status, 200);
    assert.equal(r.text, TRAY);
    const l = lines(r.raw);
    assert.ok(l.includes('X-Trace-ID: t-77'), l.join(' | '));
    assert.ok(l.includes('Content-Type: application/json; charset=UTF-8'), l.join(' | '));
    assert.deepEqual(
      l.filter((x) => x.startsWith('Set-Cookie')),
      ['Set-Cookie: a=1', 'Set-Cookie: b=2'],
    );
    assert.deepEqual(
      l
        .filter((x) => /^x-dup:/i.test(x))
        .map((x) => x.slice(7))
        .sort(),
      ['one', 'two'],
    );
    // the back end's Server stays (http.server.preserve); its Connection, Keep-Alive and length are the listener's
    assert.ok(l.includes('Server: tray-house'), l.join(' | '));
    assert.ok(!l.some((x) => x.startsWith('Keep-Alive: timeout=9')), l.join(' | '));
    // (and its length too: MI's SourceResponse chunks an answer given no Content-Length)
    assert.equal(l.filter((x) => /^content-length:/i.test(x)).length, 0, l.join(' | '));
    assert.ok(l.includes('Transfer-Encoding: chunked'), l.join(' | '));
  });

  it('headers a mediator changed: the same names and repeated lines, plus the new one', async () => {
    const r = await fetchRaw(`${t.base}/acx/touched`);
    const l = lines(r.raw);
    assert.ok(l.includes('X-Trace-ID: t-77'), l.join(' | '));
    assert.ok(l.includes('X-Added: v-1'), l.join(' | '));
    assert.deepEqual(
      l.filter((x) => x.startsWith('Set-Cookie')),
      ['Set-Cookie: a=1', 'Set-Cookie: b=2'],
    );
    assert.deepEqual(
      l
        .filter((x) => /^x-dup:/i.test(x))
        .map((x) => x.slice(7))
        .sort(),
      ['one', 'two'],
    );
    assert.ok(!l.some((x) => /^keep-alive: timeout=9/i.test(x)), l.join(' | '));
    assert.equal(r.text, TRAY);
  });

  it('$trp: reads every answer line in any case (hop-by-hop ones too, the first of a repeated name)', async () => {
    const r = await fetchRaw(`${t.base}/acx/look`);
    assert.equal(r.status, 200);
    const v = logged('Look');
    assert.equal(v.trace, 't-77');
    assert.equal(v.cookie, 'a=1');
    assert.equal(v.length, String(TRAY.length));
    assert.equal(v.conn, 'keep-alive');
    assert.equal(v.keep, 'timeout=9');
    assert.equal(v.server, 'tray-house');
    assert.deepEqual(JSON.parse(r.text), { names: 't-77' });
  });

  it("the answer's axis2 context: its own messageType and status, no request method, postfix or own property", async () => {
    await fetchRaw(`${t.base}/acx/look`);
    const v = logged('Look');
    assert.equal(v.mark, 'null');
    assert.equal(v.mt, 'application/json');
    assert.equal(v.ct, 'application/json; charset=UTF-8');
    assert.equal(v.method, 'null');
    assert.equal(v.postfix, 'null');
    assert.equal(v.sc, '200');
  });

  it('a chunked answer: Transfer-Encoding is there, no Content-Length; ${headers} has the names as spelled', async () => {
    const r = await fetchRaw(`${t.base}/acx/names`);
    const v = logged('Names');
    assert.equal(v.te, 'chunked');
    assert.equal(v.len, 'null');
    const h = (JSON.parse(r.text) as { h: Record<string, string> }).h;
    assert.equal(h['X-Trace-ID'], 't-88');
    assert.equal(h['Transfer-Encoding'], 'chunked');
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h['x-trace-id'], undefined);
  });

  it("an answer with no body keeps the request's messageType; one of text/plain names text/plain", async () => {
    const r = await fetchRaw(`${t.base}/acx/nobody`);
    assert.equal(r.status, 204);
    let v = logged('NoBody');
    assert.equal(v.mt, 'application/xml');
    assert.equal(v.trace, 't-99');
    const x = await fetchRaw(`${t.base}/acx/text`);
    assert.equal(x.text, 'lane');
    v = logged('Text');
    assert.equal(v.mt, 'text/plain');
  });

  it('a second call after a call: POST with the answer, no REST postfix, no request axis2 property', async () => {
    const from = b.seen.length;
    const r = await fetchRaw(`${t.base}/acx/twice/extra`);
    assert.equal(r.status, 200);
    const [first, second] = b.seen.slice(from);
    assert.equal(first.method, 'GET');
    assert.equal(first.path, '/first/extra');
    assert.match(first.head, /^connection: close$/im);
    assert.equal(second.method, 'POST');
    assert.equal(second.path, '/second');
    assert.equal(second.body, TRAY);
    assert.doesNotMatch(second.head, /^connection: close$/im);
    // the first answer's hop-by-hop lines are not sent on
    assert.doesNotMatch(second.head, /^keep-alive:/im);
    assert.match(second.head, /^X-Trace-ID: t-77$/m);
  });

  it("a blocking call keeps the request's axis2 context", async () => {
    await fetchRaw(`${t.base}/acx/blocking`);
    const v = logged('Blocking');
    assert.equal(v.mark, 'm-2');
    assert.equal(v.method, 'GET');
  });

  it('send + out sequence: the out sequence reads the answer lines in any case', async () => {
    const r = await fetchRaw(`${t.base}/acx/out`);
    assert.equal(r.text, TRAY);
    const v = logged('Out');
    assert.equal(v.trace, 't-88');
    assert.equal(v.te, 'chunked');
    assert.ok(lines(r.raw).includes('X-Trace-ID: t-88'));
  });

  it('a name sent again in another spelling keeps its first value there too (TargetResponse by exact name)', () => {
    // X-Dup: one / x-dup: two / x-dup: three: TargetResponse holds X-Dup one and x-dup two (three is excess);
    // ClientWorker's case-insensitive map then has one entry under the first spelling, with two
    const raw = ['X-Dup', 'one', 'x-dup', 'two', 'x-dup', 'three', 'X-Trace-ID', 't-5'].map((x) =>
      Buffer.from(x, 'latin1'),
    );
    const parsed = { 'x-dup': ['one', 'two', 'three'], 'x-trace-id': 't-5' };
    const h = new Headers();
    h.setAnswer(raw, parsed, undefined);
    assert.equal(h.get('X-DUP'), 'two');
    assert.deepEqual(h.toObject(), { 'X-Dup': 'two', 'X-Trace-ID': 't-5' });
    // every line still goes to the client
    const out: string[] = [];
    h.copyTo(out, new Set());
    assert.deepEqual(out.slice(0, 4), ['X-Dup', 'two', 'X-Trace-ID', 't-5']);
    assert.deepEqual(out.slice(4), ['x-dup', 'one', 'x-dup', 'three']);
  });

  it("a name that is a plain object's member (constructor, toString) is no header of an answer that did not send it", () => {
    const h = new Headers();
    h.setAnswer([Buffer.from('X-Trace-ID'), Buffer.from('t-6')], { 'x-trace-id': 't-6' }, undefined);
    assert.equal(h.has('constructor'), false);
    assert.equal(h.has('toString'), false);
    assert.equal(h.get('constructor'), undefined);
    assert.equal(h.get('X-Trace-ID'), 't-6');
  });
});
