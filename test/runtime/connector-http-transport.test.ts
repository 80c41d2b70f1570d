/**
 * The HTTP connector's answer headers, transport properties, HTTPS connections and inline `<http.init>`, against
 * real back ends on 127.0.0.1 that record what they received (request line, version, header lines, body):
 *
 * - the response variable's `headers` as MI's pass-through keeps them (TargetResponse + ClientWorker): every line,
 *   the connection's own too, each name as the back end spelled it, the first value of a repeated name;
 * - POST_TO_URI, FORCE_HTTP_1.0, FORCE_POST_PUT_NOBODY and COPY_CONTENT_LENGTH_FROM_INCOMING, from the connector's
 *   parameters and from a user's own axis2 property (PassThroughHttpSender, TargetRequestFactory, TargetRequest);
 * - an HTTPS connection whose certificateConfigurable names a certificate file (ConfigDeployer.deployCert): trusted,
 *   for the call and for an OAuth token request; another self-signed back end stays untrusted;
 * - an inline `<http.init>` before an operation without configKey (the init template's properties; the endpoint of
 *   the local-entry connection of that name).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import {
  connect,
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { apiAnsweringFaults, httpConnection } from './connectorFixtures';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

interface Seen {
  method: string;
  url: string;
  version: string;
  raw: string[];
  body: string;
}

interface Recorder {
  url: string;
  seen: Seen[];
  /** Called as each request's head arrives (before its body). */
  onHead: ((s: { url: string }) => void) | undefined;
  close(): Promise<void>;
}

/** A back end (HTTP, or HTTPS with the given certificate) that records each request and answers what it got. */
async function startRecorder(tls?: { key: string; cert: string }): Promise<Recorder> {
  const rec: Recorder = { url: '', seen: [], onHead: undefined, close: async () => undefined };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    rec.onHead?.({ url: req.url ?? '' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        version: req.httpVersion,
        raw: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      rec.seen.push(s);
      if (req.url?.endsWith('/slow-token')) {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"access_token":"late"}');
        }, 1500);
        return;
      }
      if (req.url?.endsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token":"tls-token"}');
        return;
      }
      const answer = JSON.stringify({ version: s.version, url: s.url, body: s.body.length });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  rec.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  rec.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return rec;
}

function header(s: Seen, name: string): string | undefined {
  for (let i = 0; i < s.raw.length; i += 2) if (s.raw[i].toLowerCase() === name) return s.raw[i + 1];
  return undefined;
}

/** A back end that answers every request with the same raw header lines (spelling and repeats as written). */
async function startRawAnswerer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = '{"shelf":"C2"}';
  const answer =
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: application/json\r\n' +
    'X-Tag: first\r\n' +
    'X-Tag: second\r\n' +
    'x-lower-case: kept\r\n' +
    'ETag: "v7"\r\n' +
    'Keep-Alive: timeout=5\r\n' +
    'Connection: keep-alive\r\n' +
    `Content-Length: ${body.length}\r\n\r\n${body}`;
  const server: NetServer = createNetServer((sock) => {
    let buf = '';
    sock.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        sock.write(answer);
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const apiWith = (name: string, body: string) =>
  apiAnsweringFaults(name, `/${name.toLowerCase()}`, body, 'GET POST');

describe('runtime: HTTP connector transport (headers, transport properties, HTTPS, inline init)', () => {
  let t: TestRuntime;
  let rec: Recorder;
  let raw: { url: string; close(): Promise<void> };
  let secure: Recorder;
  let stranger: Recorder;
  let certDir: string;
  before(async () => {
    rec = await startRecorder();
    raw = await startRawAnswerer();
    const trusted = generateCertificate(['127.0.0.1', 'localhost']);
    secure = await startRecorder(trusted);
    stranger = await startRecorder(generateCertificate(['127.0.0.1', 'localhost']));
    certDir = mkdtempSync(join(tmpdir(), 'synapse-d2-cert-'));
    writeFileSync(join(certDir, 'vault.pem'), trusted.cert);
    const files: Record<string, string> = {
      'Rec.xml': httpConnection('Rec', rec.url),
      'Raw.xml': httpConnection('Raw', raw.url),
      'Vault.xml': httpConnection(
        'Vault',
        secure.url,
        '<certificateConfigurable>vaultCert</certificateConfigurable>',
        false,
      ),
      'VaultAuth.xml': httpConnection(
        'VaultAuth',
        secure.url,
        `<authType>OAuth</authType><oauthGrantType>Client Credentials</oauthGrantType><clientId>c1</clientId>
         <clientSecret>s1</clientSecret><tokenUrl>${secure.url}/token</tokenUrl>
         <oauthAuthorizationMode>Header</oauthAuthorizationMode>`,
      ),
      'Stranger.xml': httpConnection('Stranger', stranger.url),
      'SlowAuth.xml': httpConnection(
        'SlowAuth',
        rec.url,
        `<authType>OAuth</authType><oauthGrantType>Client Credentials</oauthGrantType><clientId>c2</clientId>
         <clientSecret>s2</clientSecret><tokenUrl>${rec.url}/slow-token</tokenUrl><socketTimeout>300</socketTimeout>`,
      ),
      // a local entry whose connection is named Desk: it deploys Desk_INTERNAL_ENDPOINT_REFERENCE (Basic Auth)
      'DeskEntry.xml': httpConnection(
        'DeskEntry',
        `${rec.url}/entry`,
        '<authType>Basic Auth</authType><username>clerk</username><password>pw</password>',
      ).replace('<name>DeskEntry</name>', '<name>Desk</name>'),
      'Hdr.xml': apiWith(
        'Hdr',
        `<http.get configKey="Raw"><relativePath>/h</relativePath><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></http.get>
         <log category="INFO"><message>headers=\${vars.r.headers}</message></log>
         <payloadFactory media-type="json"><format>{"tag":"\${vars.r.headers['x-tag']}","etag":"\${vars.r.headers.etag}"}</format></payloadFactory><respond/>`,
      ),
      'Full.xml': apiWith(
        'Full',
        `<http.post configKey="Rec"><relativePath>/target?x=1</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>'{"a":1}'</requestBodyJson><postToUri>true</postToUri></http.post><respond/>`,
      ),
      'FullProp.xml': apiWith(
        'FullProp',
        `<property name="POST_TO_URI" value="true" scope="axis2"/>
         <call><endpoint><http method="GET" uri-template="${rec.url}/plain?q=2"/></endpoint></call><respond/>`,
      ),
      'Old.xml': apiWith(
        'Old',
        `<http.post configKey="Rec"><relativePath>/old</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>'{"legacy":true}'</requestBodyJson><forceHttp10>true</forceHttp10></http.post><respond/>`,
      ),
      'Twice.xml': apiWith(
        'Twice',
        `<http.get configKey="Rec"><relativePath>/first</relativePath><forceHttp10>true</forceHttp10><postToUri>true</postToUri>
           <noKeepAlive>true</noKeepAlive><responseVariable>one</responseVariable><overwriteBody>false</overwriteBody></http.get>
         <http.get configKey="Rec"><relativePath>/second</relativePath></http.get><respond/>`,
      ),
      'OldProp.xml': apiWith(
        'OldProp',
        `<property name="FORCE_HTTP_1.0" value="true" scope="axis2"/>
         <call><endpoint><http method="GET" uri-template="${rec.url}/old-get"/></endpoint></call><respond/>`,
      ),
      'NoBody.xml': apiWith(
        'NoBody',
        `<http.post configKey="Rec"><relativePath>/nobody</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>'{"kept":true}'</requestBodyJson><forcePostPutNobody>true</forcePostPutNobody></http.post><respond/>`,
      ),
      'Copy.xml': apiWith(
        'Copy',
        `<http.post configKey="Rec"><relativePath>/copy</relativePath><forceHttpContentLength>true</forceHttpContentLength>
           <copyContentLengthFromIncoming>true</copyContentLengthFromIncoming></http.post><respond/>`,
      ),
      'Force.xml': apiWith(
        'Force',
        `<property name="FORCE_HTTP_CONTENT_LENGTH" value="true" scope="axis2"/>
         <call><endpoint><http method="POST" uri-template="${rec.url}/force"/></endpoint></call><respond/>`,
      ),
      'Chunks.xml': apiWith(
        'Chunks',
        `<http.post configKey="Rec"><relativePath>/chunks</relativePath></http.post><respond/>`,
      ),
      'Whole.xml': apiWith(
        'Whole',
        `<http.post configKey="Rec"><relativePath>/whole</relativePath><disableChunking>true</disableChunking>
           <noKeepAlive>true</noKeepAlive></http.post><respond/>`,
      ),
      'Tls.xml': apiWith(
        'Tls',
        `<http.get configKey="Vault"><relativePath>/vault</relativePath></http.get><respond/>`,
      ),
      'TlsOld.xml': apiWith(
        'TlsOld',
        `<http.get configKey="Vault"><relativePath>/vault-old</relativePath><forceHttp10>true</forceHttp10></http.get><respond/>`,
      ),
      'TlsAuth.xml': apiWith(
        'TlsAuth',
        `<http.get configKey="VaultAuth"><relativePath>/vault-auth</relativePath></http.get><respond/>`,
      ),
      'SlowToken.xml': apiWith(
        'SlowToken',
        `<http.get configKey="SlowAuth"><relativePath>/slow</relativePath></http.get><respond/>`,
      ),
      'TlsStranger.xml': apiWith(
        'TlsStranger',
        `<http.get configKey="Stranger"><relativePath>/stranger</relativePath></http.get><respond/>`,
      ),
      'Inline.xml': apiWith(
        'Inline',
        `<http.init><name>Desk</name><baseUrl>${rec.url}/inline</baseUrl></http.init>
         <http.get><relativePath>/items</relativePath></http.get><respond/>`,
      ),
      'Ghost.xml': apiWith(
        'Ghost',
        `<http.init><name>Ghost</name><baseUrl>${rec.url}</baseUrl></http.init>
         <http.get><relativePath>/nowhere</relativePath></http.get><respond/>`,
      ),
    };
    t = await startRuntime(files, { configs: { vaultCert: join(certDir, 'vault.pem') } });
  });
  after(async () => {
    await t?.close();
    await rec?.close();
    await raw?.close();
    await secure?.close();
    await stranger?.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  describe('the response variable headers', () => {
    it("keep every answer line with the back end's spelling, the first value of a repeated name, in TreeMap order", async () => {
      const before = t.logs.length;
      const r = await send(`${t.base}/hdr/x`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { tag: 'first', etag: '"v7"' });
      const line = t.logs
        .slice(before)
        .map((l) => l.message ?? '')
        .find((m) => m.startsWith('headers='));
      const headers = JSON.parse(line!.slice('headers='.length)) as Record<string, string>;
      assert.deepEqual(Object.keys(headers), [
        'Connection',
        'Content-Length',
        'Content-Type',
        'ETag',
        'Keep-Alive',
        'x-lower-case',
        'X-Tag',
      ]);
      assert.equal(headers['X-Tag'], 'first');
      assert.equal(headers['Keep-Alive'], 'timeout=5');
      assert.equal(headers['Content-Length'], '14');
    });
  });

  describe('transport properties on the request', () => {
    it('postToUri / POST_TO_URI: the request line carries the whole address (connector and a user property)', async () => {
      rec.seen.length = 0;
      assert.equal((await send(`${t.base}/full/x`)).status, 200);
      assert.equal(rec.seen[0].url, `${rec.url}/target?x=1`);
      assert.equal(rec.seen[0].body, '{"a":1}');
      assert.equal((await send(`${t.base}/fullprop/x`)).status, 200);
      assert.equal(rec.seen[1].url, `${rec.url}/plain?q=2`);
      assert.equal(rec.seen[1].method, 'GET');
    });

    it('forceHttp10 / FORCE_HTTP_1.0: an HTTP/1.0 request, the body with its Content-Length, never chunked', async () => {
      rec.seen.length = 0;
      const r = await send(`${t.base}/old/x`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { version: '1.0', url: '/old', body: 15 });
      const s = rec.seen[0];
      assert.equal(s.version, '1.0');
      assert.equal(s.body, '{"legacy":true}');
      assert.equal(header(s, 'content-length'), '15');
      assert.equal(header(s, 'transfer-encoding'), undefined);
      const g = await send(`${t.base}/oldprop/x`);
      assert.equal(g.status, 200);
      assert.equal(rec.seen[1].version, '1.0');
      assert.equal(rec.seen[1].method, 'GET');
      assert.equal(header(rec.seen[1], 'host'), new URL(rec.url).host);
    });

    it('an operation after another does not inherit its transport properties (the answer has a new context)', async () => {
      rec.seen.length = 0;
      const r = await send(`${t.base}/twice/x`);
      assert.deepEqual(r.json(), { version: '1.1', url: '/second', body: 0 });
      assert.equal(rec.seen[0].version, '1.0');
      assert.equal(rec.seen[0].url, `${rec.url}/first`);
      assert.equal(header(rec.seen[0], 'connection'), 'close');
      assert.equal(rec.seen[1].version, '1.1');
      assert.equal(rec.seen[1].url, '/second');
      assert.notEqual(header(rec.seen[1], 'connection'), 'close');
    });

    it('forcePostPutNobody: MI reads it nowhere, the body still goes', async () => {
      rec.seen.length = 0;
      assert.equal((await send(`${t.base}/nobody/x`)).status, 200);
      assert.equal(rec.seen[0].body, '{"kept":true}');
      assert.match(header(rec.seen[0], 'content-type') ?? '', /^application\/json/);
    });

    it('disableChunking: a chunked client body goes with its Content-Length; noKeepAlive: Connection close', async () => {
      rec.seen.length = 0;
      const body = `{"pad":"${'q'.repeat(90_000)}"}`;
      for (const path of ['/chunks/x', '/whole/x']) {
        const u = new URL(t.base);
        const sock = connect(Number(u.port), '127.0.0.1');
        let answer = '';
        sock.on('data', (c: Buffer) => (answer += c.toString('latin1')));
        const closed = new Promise<void>((r) => sock.once('close', () => r()));
        sock.write(
          `POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
            `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        );
        await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
        sock.destroy();
        assert.match(answer, /^HTTP\/1\.1 200 /);
      }
      const [chunked, whole] = rec.seen;
      assert.equal(chunked.body, body);
      assert.equal(header(chunked, 'transfer-encoding'), 'chunked');
      assert.equal(header(chunked, 'content-length'), undefined);
      assert.notEqual(header(chunked, 'connection'), 'close');
      assert.equal(whole.body, body);
      assert.equal(header(whole, 'transfer-encoding'), undefined);
      assert.equal(header(whole, 'content-length'), String(body.length));
      assert.equal(header(whole, 'connection'), 'close');
    });

    it("copyContentLengthFromIncoming with forceHttpContentLength: the client's body streams on with its length", async () => {
      rec.seen.length = 0;
      const body = `{"pad":"${'p'.repeat(100_000)}"}`;
      const half = Math.floor(body.length / 2);
      // Copy: the back end has the request head while the client has sent only half of the body
      const copied = await halfThenRest('/copy/x', body, half, true);
      assert.equal(copied.headBeforeRest, true);
      assert.equal(copied.status, 200);
      // FORCE_HTTP_CONTENT_LENGTH alone: the body is read whole first (nothing reaches the back end before)
      const forced = await halfThenRest('/force/x', body, half, false);
      assert.equal(forced.headBeforeRest, false);
      assert.equal(forced.status, 200);
      assert.equal(rec.seen.length, 2);
      for (const s of rec.seen) {
        assert.equal(s.body.length, body.length);
        assert.equal(header(s, 'content-length'), String(body.length));
        assert.equal(header(s, 'transfer-encoding'), undefined);
      }
    });
  });

  /**
   * Sends a POST of `body` with its Content-Length through a raw socket: `half` bytes, then (after the back end saw
   * the request head, or after 400 ms when `expectHead` is false) the rest; reports whether the head came first.
   */
  async function halfThenRest(
    path: string,
    body: string,
    half: number,
    expectHead: boolean,
  ): Promise<{ headBeforeRest: boolean; status: number }> {
    const u = new URL(t.base);
    const sock = connect(Number(u.port), '127.0.0.1');
    let answer = '';
    sock.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    let head = false;
    const headSeen = new Promise<void>((r) => {
      rec.onHead = () => {
        head = true;
        r();
      };
    });
    sock.write(
      `POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    sock.write(body.slice(0, half));
    const wait = expectHead ? 5000 : 400;
    await Promise.race([headSeen, new Promise((r) => setTimeout(r, wait))]);
    const headBeforeRest = head;
    rec.onHead = undefined;
    sock.write(body.slice(half));
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
    sock.destroy();
    return { headBeforeRest, status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0) };
  }

  describe('HTTPS connections', () => {
    it('a certificateConfigurable certificate is trusted: the call goes over TLS', async () => {
      secure.seen.length = 0;
      const r = await send(`${t.base}/tls/x`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { version: '1.1', url: '/vault', body: 0 });
    });

    it('forceHttp10 over TLS: the HTTP/1.0 request trusts the same certificates', async () => {
      const r = await send(`${t.base}/tlsold/x`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { version: '1.0', url: '/vault-old', body: 0 });
    });

    it('an OAuth token request to an HTTPS token endpoint trusts it too', async () => {
      secure.seen.length = 0;
      const r = await send(`${t.base}/tlsauth/x`);
      assert.equal(r.status, 200);
      assert.equal(secure.seen[0].url, '/token');
      assert.equal(header(secure.seen[1], 'authorization'), 'Bearer tls-token');
    });

    it("an OAuth connection's socketTimeout bounds its token request (OAuthUtils.getOauthTimeouts)", async () => {
      const started = Date.now();
      const j = (await send(`${t.base}/slowtoken/x`)).json() as { code: string; message: string };
      assert.equal(j.code, '303003');
      assert.match(
        j.message,
        /Socket timeout: OAuth token endpoint did not respond within the expected time frame/,
      );
      assert.ok(Date.now() - started < 1400, 'the token request was not cut at 300 ms');
    });

    it('a self-signed back end nobody named stays untrusted: the call faults and never reaches it', async () => {
      stranger.seen.length = 0;
      const r = await send(`${t.base}/tlsstranger/x`);
      const j = r.json() as { code: string; message: string };
      assert.equal(j.code, '101500');
      assert.match(j.message, /certificate/i);
      assert.equal(stranger.seen.length, 0);
    });

    it('a certificateConfigurable whose value or file is missing deploys with RT_CERTIFICATE', () => {
      const res = new Runtime({ httpPort: 0, configs: { gone: join(certDir, 'missing.pem') } }).deploy([
        {
          name: 'NoValue.xml',
          text: httpConnection(
            'NoValue',
            'https://127.0.0.1:1',
            '<certificateConfigurable>unset</certificateConfigurable>',
          ),
        },
        {
          name: 'NoFile.xml',
          text: httpConnection(
            'NoFile',
            'https://127.0.0.1:1',
            '<certificateConfigurable>gone</certificateConfigurable>',
          ),
        },
      ]);
      assert.deepEqual(res.problems, []);
      assert.deepEqual(
        res.warnings.map((w) => `${w.file}:${w.line} ${w.code}`),
        ['NoValue.xml:1 RT_CERTIFICATE', 'NoFile.xml:1 RT_CERTIFICATE'],
      );
      assert.match(res.warnings[0].message, /The value of the key:\[unset\] is not found/);
      assert.match(res.warnings[1].message, /Certificate import failed for the key:\[gone\]/);
    });
  });

  describe("a project's cert configurables (config.properties)", () => {
    it('trust their certificate files for every HTTPS endpoint; a missing value is RT_CERTIFICATE', async () => {
      // (its own subject name: OpenSSL finds a trusted self-signed certificate by its subject, so two trusted ones
      // with the same subject would hide each other)
      const own = generateCertificate(['localhost', '127.0.0.1']);
      const backend = await startRecorder(own);
      const dir = mkdtempSync(join(tmpdir(), 'synapse-d2-proj-'));
      const put = (p: string, text: string) => {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      };
      put('pom.xml', '<project><artifactId>certs</artifactId><version>1.0.0</version></project>');
      put('certs/ledger.pem', own.cert);
      put('.env', `ledgerCert=${join(dir, 'certs', 'ledger.pem')}\n`);
      put(
        'src/main/wso2mi/resources/conf/config.properties',
        '# types of the configurables\nledgerCert:cert\nledgerUrl:string\nabsentCert:cert\n',
      );
      put(
        'src/main/wso2mi/artifacts/apis/Ledger.xml',
        apiWith(
          'Ledger',
          `<call><endpoint><http method="GET" uri-template="${backend.url}/ledger"/></endpoint></call><respond/>`,
        ),
      );
      const rt = new Runtime({ httpPort: 0 });
      try {
        let res = rt.loadProject(dir);
        assert.deepEqual(res.problems, []);
        assert.deepEqual(
          res.warnings.map((w) => `${w.file.slice(dir.length)}:${w.line} ${w.code}`),
          ['/src/main/wso2mi/resources/conf/config.properties:4 RT_CERTIFICATE'],
        );
        assert.match(res.warnings[0].message, /The value of the key:\[absentCert\] is not found/);
        // a connection naming the same configurable warns once, at the connection
        put(
          'src/main/wso2mi/artifacts/local-entries/Till.xml',
          httpConnection(
            'Till',
            'https://127.0.0.1:1',
            '<certificateConfigurable>absentCert</certificateConfigurable>',
          ),
        );
        res = new Runtime({ httpPort: 0 }).loadProject(dir);
        assert.deepEqual(
          res.warnings.map((w) => `${w.file.slice(dir.length)}:${w.line} ${w.code}`),
          ['/src/main/wso2mi/artifacts/local-entries/Till.xml:1 RT_CERTIFICATE'],
        );
        const { port } = await rt.start();
        const r = await send(`http://127.0.0.1:${port}/ledger/x`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.json(), { version: '1.1', url: '/ledger', body: 0 });
      } finally {
        await rt.stop(1000);
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('inline <http.init>', () => {
    it('sets the connection properties; the operation calls the endpoint of that name with the inline baseUrl', async () => {
      rec.seen.length = 0;
      const r = await send(`${t.base}/inline/x`);
      assert.equal(r.status, 200);
      assert.equal(rec.seen[0].url, '/inline/items');
      // the deployed endpoint's own settings (the local entry's Basic Auth)
      assert.equal(
        header(rec.seen[0], 'authorization'),
        `Basic ${Buffer.from('clerk:pw').toString('base64')}`,
      );
    });

    it('with no connection of that name deployed the operation faults 305100', async () => {
      const j = (await send(`${t.base}/ghost/x`)).json() as { code: string; message: string };
      assert.equal(j.code, '305100');
      assert.equal(j.message, "Couldn't find the endpoint with the key : Ghost_INTERNAL_ENDPOINT_REFERENCE");
    });

    it('deploys without a warning (MI runs it)', () => {
      const res = new Runtime({ httpPort: 0 }).deploy([
        {
          name: 'Seq.xml',
          text: `<sequence ${NS} name="Seq"><http.init><name>Desk</name><baseUrl>http://127.0.0.1:1</baseUrl></http.init>
            <http.get><relativePath>/a</relativePath></http.get></sequence>`,
        },
      ]);
      assert.deepEqual(res.problems, []);
      assert.deepEqual(res.warnings, []);
    });
  });
});
