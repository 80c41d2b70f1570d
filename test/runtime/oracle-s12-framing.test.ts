/**
 * Session 12: the HTTP framing of the listener's answers, byte for byte on raw sockets (own fixtures). MI's
 * pass-through writes every answer through SourceResponse and httpcore's interceptors (ResponseDate, ResponseServer,
 * ResponseContent, ResponseConnControl): the status line in the request's version, a chunked entity unless a length
 * is given (HTTP/1.1), a body delimited by the connection's close for HTTP/1.0, and the Connection line
 * ResponseConnControl decides (none for an HTTP/1.1 request without one).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { RunningServe } from '../../runtime-debug/management';
import { ADMIN, serve, tempDir } from '../deploy/helpers/servers';
import {
  NS,
  send,
  serveFolder,
  startBackend,
  startRuntime,
  tcpExchange,
  type Backend,
  type ServedFolder,
  type TestRuntime,
} from './helpers';

const CRLF = '\r\n';

/**
 * Writes `raw` on one connection and collects what comes back until the server closes it or `ms` pass; `closed`
 * says whether the server ended the connection. `chunked`: stop at the first chunked answer's last chunk (the
 * connection's fate is then not looked at).
 */
const exchange = (port: number, raw: string, ms = 10_000, chunked = false) =>
  tcpExchange(port, raw, { ms, done: chunked ? (text) => text.endsWith('\r\n0\r\n\r\n') : undefined });

/**
 * Writes `raw` (requests the server keeps the connection open after) and collects until `answers` answers are
 * complete (`ended` counts them), then 500 ms more: `closed` says whether the server ended the connection by then.
 * (Waiting for the answers, not a fixed second, so a loaded machine does not cut them.)
 */
const keptExchange = (port: number, raw: string, ended: (text: string) => number, answers: number) =>
  tcpExchange(port, raw, { ms: 10_000, linger: 500, done: (text) => ended(text) >= answers });

const headOf = (text: string): string => text.split(CRLF + CRLF)[0];

describe('oracle S12 framing: the head and body framing of every listener answer (SourceResponse, ResponseConnControl)', () => {
  let dir: string;
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's12-framing-'));
    const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
    mkdirSync(join(art, 'apis'), { recursive: true });
    mkdirSync(join(art, 'data-services'), { recursive: true });
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'pom.xml'), '<project><artifactId>framing</artifactId></project>');
    writeFileSync(join(dir, 'data', 'kites.csv'), 'Name,Span\nDelta,120\nBox,80\n');
    const pf = '<payloadFactory media-type="json"><format>{"kite":"delta"}</format><args/></payloadFactory>';
    writeFileSync(
      join(art, 'apis', 'Kites.xml'),
      `<api ${NS} name="Kites" context="/kites">
        <resource methods="GET DELETE" uri-template="/one"><inSequence>${pf}<respond/></inSequence></resource>
        <resource methods="GET" uri-template="/sized"><inSequence>${pf}
          <property name="DISABLE_CHUNKING" value="true" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/closing"><inSequence>${pf}
          <property name="NO_KEEPALIVE" value="true" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/old"><inSequence>${pf}
          <property name="FORCE_HTTP_1.0" value="true" scope="axis2"/><respond/></inSequence></resource>
      </api>`,
    );
    writeFileSync(
      join(art, 'data-services', 'KiteStore.dbs'),
      `<data name="KiteStore" transports="http https">
        <config id="c"><property name="csv_datasource">./data/kites.csv</property>
          <property name="csv_hasheader">true</property></config>
        <query id="q" useConfig="c"><result element="Kites" rowName="Kite">
          <element column="Name" name="name" xsdType="string"/></result></query>
        <resource method="GET" path="all"><call-query href="q"/></resource></data>`,
    );
    served = await serveFolder(dir);
    port = served.port;
  });
  after(async () => {
    await served?.close();
  });

  it('HTTP/1.1 without a Connection header: chunked, no Connection nor Keep-Alive line, the connection kept', async () => {
    // two requests on one connection: both answered, the connection still open after them
    const get = `GET /kites/one HTTP/1.1${CRLF}Host: k${CRLF}${CRLF}`;
    const { text, closed } = await keptExchange(
      port,
      get + get,
      (t) => t.split('\r\n0\r\n\r\n').length - 1,
      2,
    );
    assert.equal(text.match(/HTTP\/1\.1 200 OK\r\n/g)?.length, 2, text);
    const head = headOf(text);
    assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/, head);
    assert.doesNotMatch(head, /\r\nConnection:/i, head);
    assert.doesNotMatch(head, /\r\nKeep-Alive:/i, head);
    assert.equal(closed, false);
  });

  it('HTTP/1.0: the status line in HTTP/1.0, the body delimited by the close, Connection: Close', async () => {
    const { text, closed } = await exchange(port, `GET /kites/one HTTP/1.0${CRLF}Host: k${CRLF}${CRLF}`);
    assert.match(text, /^HTTP\/1\.0 200 OK\r\n/, text);
    const head = headOf(text);
    assert.doesNotMatch(head, /Transfer-Encoding|Content-Length/i, head);
    assert.match(head, /\r\nConnection: Close(\r\n|$)/, head);
    assert.equal(text.slice(head.length + 4), '{"kite":"delta"}');
    assert.equal(closed, true);
  });

  it('HTTP/1.0 asking keep-alive: a body without a length still closes (ResponseConnControl)', async () => {
    const { text, closed } = await exchange(
      port,
      `GET /kites/one HTTP/1.0${CRLF}Host: k${CRLF}Connection: keep-alive${CRLF}${CRLF}`,
    );
    assert.match(text, /^HTTP\/1\.0 200 OK\r\n/, text);
    assert.match(headOf(text), /\r\nConnection: Close(\r\n|$)/, text);
    assert.equal(closed, true);
  });

  it('HTTP/1.0 asking keep-alive, an answer with a length: keep-alive answered back, the connection kept', async () => {
    const one = `GET /kites/sized HTTP/1.0${CRLF}Host: k${CRLF}Connection: keep-alive${CRLF}${CRLF}`;
    const { text, closed } = await keptExchange(
      port,
      one + one,
      (t) => t.split('{"kite":"delta"}').length - 1,
      2,
    );
    assert.equal(text.match(/HTTP\/1\.0 200 OK\r\n/g)?.length, 2, text);
    const head = headOf(text);
    assert.match(head, /\r\nContent-Length: 16(\r\n|$)/, head);
    assert.match(head, /\r\nConnection: keep-alive(\r\n|$)/, head);
    assert.equal(closed, false);
  });

  it('FORCE_HTTP_1.0 on the answer: HTTP/1.0 with its length, no Connection line, the connection ends', async () => {
    const { text, closed } = await exchange(port, `GET /kites/old HTTP/1.1${CRLF}Host: k${CRLF}${CRLF}`);
    const head = headOf(text);
    assert.match(head, /^HTTP\/1\.0 200 OK\r\n/, head);
    assert.match(head, /\r\nContent-Length: 16(\r\n|$)/, head);
    assert.doesNotMatch(head, /\r\nConnection:/i, head);
    assert.equal(closed, true);
  });

  it('NO_KEEPALIVE "true": Connection: Close and the connection ends (SourceResponseFactory)', async () => {
    const { text, closed } = await exchange(
      port,
      `GET /kites/closing HTTP/1.1${CRLF}Host: k${CRLF}Connection: keep-alive${CRLF}${CRLF}`,
    );
    assert.match(headOf(text), /\r\nConnection: Close(\r\n|$)/, text);
    assert.equal(closed, true);
  });

  it('GET or DELETE that came with a Content-Length: keep-alive off (SourceResponseFactory)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const { text, closed } = await exchange(
        port,
        `${method} /kites/one HTTP/1.1${CRLF}Host: k${CRLF}Content-Length: 0${CRLF}Connection: keep-alive${CRLF}${CRLF}`,
      );
      assert.match(text, /^HTTP\/1\.1 200 OK\r\n(?:.*\r\n)*Connection: Close\r\n/, `${method}: ${text}`);
      assert.equal(closed, true, method);
    }
  });

  it('a data service answer is chunked like any other (PassThroughHttpSender -> SourceResponse)', async () => {
    const { text } = await exchange(
      port,
      `GET /services/KiteStore/all HTTP/1.1${CRLF}Host: k${CRLF}${CRLF}`,
      3000,
      true,
    );
    const head = headOf(text);
    assert.match(head, /^HTTP\/1\.1 200 OK\r\n/, text);
    assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/, head);
    assert.doesNotMatch(head, /Content-Length/i, head);
    assert.match(text, /<name>Delta<\/name>/);
  });

  it('a generated API definition (?swagger.json) and a 404 are chunked (GET processor, sendAck)', async () => {
    for (const path of ['/kites?swagger.json', '/nowhere']) {
      const { text } = await exchange(port, `GET ${path} HTTP/1.1${CRLF}Host: k${CRLF}${CRLF}`, 3000, true);
      const head = headOf(text);
      assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/, `${path}: ${head}`);
      assert.doesNotMatch(head, /Content-Length/i, head);
    }
  });
});

describe('oracle S12: a SOAP answer to a REST blocking call (Axis2 TransportUtils.getContentType: text/xml read as application/xml)', () => {
  let t: TestRuntime;
  let backend: Backend;
  const envelope =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
    '<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>pump jammed</faultstring></soapenv:Fault>' +
    '</soapenv:Body></soapenv:Envelope>';
  const okEnvelope =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
    '<pump xmlns="urn:pumps">on</pump></soapenv:Body></soapenv:Envelope>';
  before(async () => {
    backend = await startBackend((req, res) => {
      const fault = req.url?.startsWith('/fault') === true;
      res.writeHead(fault ? 500 : 200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(fault ? envelope : okEnvelope);
    });
    const call = (path: string, format: string) =>
      `<call blocking="true"><endpoint><address uri="${backend.url}${path}"${format}/></endpoint></call>
       <log level="custom"><property name="pumpBody" expression="$body"/><property name="pumpSc" expression="$axis2:HTTP_SC"/></log><respond/>`;
    t = await startRuntime({
      'Pumps.xml': `<api ${NS} name="Pumps" context="/pumps">
        <resource methods="POST" uri-template="/rest-fault"><inSequence>${call('/fault', ' format="rest"')}</inSequence></resource>
        <resource methods="POST" uri-template="/rest-ok"><inSequence>${call('/ok', ' format="rest"')}</inSequence></resource>
        <resource methods="POST" uri-template="/soap-ok"><inSequence>${call('/ok', ' format="soap11"')}</inSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  const ask = { body: '<ask>pump</ask>', type: 'application/xml' };
  const logged = (key: string): string[] =>
    t.logs.filter((l) => l.message.includes(`${key} = `)).map((l) => l.message);

  it('a SOAP fault (500, text/xml) without FORCE_ERROR_ON_SOAP_FAULT: the whole envelope is the body child', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/pumps/rest-fault`, ask);
    assert.match(
      r.text,
      /^<soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/,
      r.text,
    );
    assert.match(r.text, /<faultstring>pump jammed<\/faultstring>/);
    assert.match(logged('pumpBody').join('\n'), /pumpBody = <soapenv:Body[^>]*><soapenv:Envelope[ >]/);
  });

  it('a SOAP 200 answer to a REST call: the envelope kept whole too; a SOAP call takes its body', async () => {
    const rest = await send(`${t.base}/pumps/rest-ok`, ask);
    assert.match(
      rest.text,
      /^<soapenv:Envelope [^>]*><soapenv:Body><pump xmlns="urn:pumps">on<\/pump>/,
      rest.text,
    );
    const soap = await send(`${t.base}/pumps/soap-ok`, ask);
    assert.match(soap.text, /^<pump xmlns="urn:pumps">on<\/pump>$/, soap.text);
  });
});

describe("oracle S12 framing: the management API (MI's internal APIs answer through the pass-through inbound listener)", () => {
  let served: RunningServe;
  let tmp: { dir: string; cleanup(): void };
  before(async () => {
    tmp = tempDir('s12-framing-mgmt-');
    served = await serve(tmp.dir);
  });
  after(async () => {
    await served?.close();
    tmp?.cleanup();
  });

  it('a login answer is chunked, with no Connection line for a request without one (InboundHttpServerWorker.respond -> SourceResponse)', async () => {
    const basic = Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64');
    const text = await new Promise<string>((resolve) => {
      const s = tls.connect(
        { port: served.managementPort, host: '127.0.0.1', rejectUnauthorized: false },
        () =>
          s.write(
            `GET /management/login HTTP/1.1${CRLF}Host: m${CRLF}Authorization: Basic ${basic}${CRLF}${CRLF}`,
          ),
      );
      let got = '';
      const timer = setTimeout(() => s.destroy(), 3000);
      s.on('data', (d) => {
        got += d.toString('latin1');
        if (got.endsWith('\r\n0\r\n\r\n')) s.destroy();
      });
      s.on('error', () => {});
      s.on('close', () => {
        clearTimeout(timer);
        resolve(got);
      });
    });
    const head = headOf(text);
    assert.match(head, /^HTTP\/1\.1 200 /, text);
    assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/, head);
    assert.doesNotMatch(head, /Content-Length|\r\nConnection:|Keep-Alive/i, head);
    assert.match(text, /AccessToken/);
  });
});

describe("oracle S12: requests httpcore takes and Node's parser refuses, parsed again", () => {
  let t: TestRuntime;
  let port: number;
  before(async () => {
    const pf = (v: string) =>
      `<payloadFactory media-type="json"><format>{"reel":"${v}"}</format><args/></payloadFactory><respond/>`;
    t = await startRuntime({
      'Reels.xml': `<api ${NS} name="Reels" context="/reels">
        <resource methods="GET" uri-template="/r"><inSequence>${pf('got')}</inSequence></resource>
        <resource methods="POST" uri-template="/r"><inSequence>${pf('posted')}</inSequence></resource></api>`,
    });
    port = Number(new URL(t.base).port);
  });
  after(async () => {
    await t?.close();
  });

  it('a lower-case get is served as GET (SynapseHTTPRequestFactory ignores case, ServerWorker upper-cases it)', async () => {
    const { text } = await exchange(port, `get /reels/r HTTP/1.1${CRLF}Host: r${CRLF}${CRLF}`, 3000, true);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/, text);
    assert.match(text, /\{"reel":"got"\}/);
  });

  it('a GET with a negative Content-Length is answered 200 (its entity is never read), a POST with one 400', async () => {
    const get = await exchange(
      port,
      `GET /reels/r HTTP/1.1${CRLF}Host: r${CRLF}Content-Length: -100${CRLF}${CRLF}`,
    );
    assert.match(get.text, /^HTTP\/1\.1 200 OK\r\n/, get.text);
    assert.match(get.text, /\{"reel":"got"\}/);
    // (a GET that came with a Content-Length header: keep-alive off, SourceResponseFactory)
    assert.match(headOf(get.text), /\r\nConnection: Close(\r\n|$)/, get.text);
    const post = await exchange(
      port,
      `POST /reels/r HTTP/1.1${CRLF}Host: r${CRLF}Content-Length: -100${CRLF}${CRLF}{"a":1}`,
    );
    assert.match(post.text, /^HTTP\/1\.1 400 Bad request\r\n/, post.text);
  });

  it('a kept-alive connection re-parsed again and again keeps one set of session listeners (R4)', async () => {
    // each re-parse hands the socket to a new session: the old one's close/drain/timeout/resume/pause listeners
    // must go with it (they piled up: MaxListenersExceededWarning after ten)
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    try {
      let text = '';
      let answered = 0;
      let wake: () => void = () => {};
      s.on('data', (d) => {
        text += d.toString('latin1');
        const ends = text.split('\r\n0\r\n\r\n').length - 1;
        if (ends > answered) {
          answered = ends;
          wake();
        }
      });
      for (let i = 1; i <= 12; i++) {
        const done = new Promise<void>((resolve) => (wake = resolve));
        s.write(`get /reels/r HTTP/1.1${CRLF}Host: r${CRLF}${CRLF}`);
        await done;
      }
      await new Promise((r) => setImmediate(r));
      assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 12, text);
      assert.deepEqual(warnings, []);
    } finally {
      s.destroy();
      process.off('warning', onWarning);
    }
  });

  it('a lower-case post is dispatched as POST (ServerWorker.processEntityEnclosingRequest upper-cases HTTP_METHOD)', async () => {
    const { text } = await exchange(
      port,
      `post /reels/r HTTP/1.1${CRLF}Host: r${CRLF}Content-Length: 2${CRLF}${CRLF}{}`,
      3000,
      true,
    );
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/, text);
    assert.match(text, /\{"reel":"posted"\}/, text);
  });
});
