/**
 * The HTTPS listener (MI's pass-through HTTPS, 8253): it serves what the HTTP listener serves, with the certificate
 * given, and a message that came over it says so (TRANSPORT_IN_NAME https, REST_URL_PREFIX https://…). In-process over
 * real TLS, and `synapse run --https-port` as a process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const WHO = `<payloadFactory media-type="json"><format>{"in": "$1", "prefix": "$2"}</format><args>
<arg expression="get-property('TRANSPORT_IN_NAME')"/><arg expression="get-property('REST_URL_PREFIX')"/></args>
</payloadFactory><respond/>`;

function getTls(
  url: string,
  ca: string,
  post?: { body: string; type: string },
): Promise<{ status: number; text: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca,
        servername: 'localhost',
        method: post ? 'POST' : 'GET',
        headers: post ? { 'content-type': post.type } : {},
      },
      (res) => {
        let t = '';
        res.on('data', (d: Buffer) => (t += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: t, type: res.headers['content-type'] }),
        );
      },
    );
    req.on('error', reject);
    req.end(post?.body);
  });
}

const SOAP11 = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ping/></soapenv:Body></soapenv:Envelope>`;
const SOAP12 = `<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><ping/></soapenv:Body></soapenv:Envelope>`;

describe('runtime: the HTTPS listener', () => {
  const { cert, key } = generateCertificate(['localhost', '127.0.0.1']);
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime(
      { 'Who.xml': api('Who', '/who', WHO, 'methods="GET"') },
      { https: { port: 0, key, cert } },
    );
  });
  after(async () => {
    await t?.close();
  });

  it('serves the same API over TLS, and the message knows it came over https', async () => {
    const a = t.rt.httpsAddress()!;
    const r = await getTls(`https://127.0.0.1:${a.port}/who`, cert);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(JSON.parse(r.text), { in: 'https', prefix: `https://127.0.0.1:${a.port}` });
    const plain = await send(`${t.base}/who`);
    assert.deepEqual(JSON.parse(plain.text), { in: 'http', prefix: `${t.base}` });
  });

  it("a proxy's transports list says which listener serves it; the other answers Axis2's service-not-found fault", async () => {
    const proxy = (name: string, transports: string | undefined) =>
      `<proxy ${NS} name="${name}"${transports === undefined ? '' : ` transports="${transports}"`}><target><inSequence>
<payloadFactory media-type="xml"><format><served xmlns="">$1</served></format><args><arg expression="get-property('TRANSPORT_IN_NAME')"/></args></payloadFactory>
<respond/></inSequence></target></proxy>`;
    const t2 = await startRuntime(
      {
        'SecureOnly.xml': proxy('SecureOnly', 'https'),
        'PlainOnly.xml': proxy('PlainOnly', 'http'),
        'Either.xml': proxy('Either', undefined),
        'Listed.xml': proxy('Listed', 'http,https'),
      },
      { https: { port: 0, key, cert } },
    );
    try {
      const tls = `https://127.0.0.1:${t2.rt.httpsAddress()!.port}`;
      const soap = { body: SOAP11, type: 'text/xml' };
      // served where listed
      const secure = await getTls(`${tls}/services/SecureOnly`, cert, soap);
      assert.equal(secure.status, 200, secure.text);
      assert.match(secure.text, /<served>https<\/served>/);
      const plain = await send(`${t2.base}/services/PlainOnly`, { body: SOAP11, type: 'text/xml' });
      assert.equal(plain.status, 200, plain.text);
      assert.match(plain.text, /<served>http<\/served>/);
      for (const name of ['Either', 'Listed']) {
        assert.match(
          (await send(`${t2.base}/services/${name}`, { body: SOAP11, type: 'text/xml' })).text,
          /<served>http</,
        );
        assert.match((await getTls(`${tls}/services/${name}`, cert, soap)).text, /<served>https</);
      }
      // refused on the other listener: a 500 SOAP 1.1 fault, code Client, the request URI in the reason
      const refused = await send(`${t2.base}/services/SecureOnly?x=1`, { body: SOAP11, type: 'text/xml' });
      assert.equal(refused.status, 500);
      assert.match(refused.headers.get('content-type') ?? '', /^text\/xml/);
      assert.match(refused.text, /<faultcode>soapenv:Client<\/faultcode>/);
      assert.match(
        refused.text,
        /<faultstring>The service cannot be found for the endpoint reference \(EPR\) \/services\/SecureOnly\?x=1<\/faultstring>/,
      );
      assert.doesNotMatch(refused.text, /served/);
      // over TLS, a SOAP 1.2 request gets a SOAP 1.2 fault (code Sender)
      const refused12 = await getTls(`${tls}/services/PlainOnly`, cert, {
        body: SOAP12,
        type: 'application/soap+xml',
      });
      assert.equal(refused12.status, 500);
      assert.match(refused12.type ?? '', /^application\/soap\+xml/);
      assert.match(refused12.text, /<soapenv:Value>soapenv:Sender<\/soapenv:Value>/);
      assert.match(
        refused12.text,
        /The service cannot be found for the endpoint reference \(EPR\) \/services\/PlainOnly</,
      );
      // the error is logged as MI's ServerWorker logs it
      assert.ok(
        t2.logs.some(
          (l) =>
            l.level === 'ERROR' &&
            l.category === 'ServerWorker' &&
            l.message.startsWith('Error processing POST request for : /services/SecureOnly?x=1'),
        ),
        t2.logs.map((l) => l.line).join('\n'),
      );
    } finally {
      await t2.close();
    }
  });

  it('an HTTPS inbound endpoint is served over TLS with the runtime certificate', async () => {
    const { cert: c2, key: k2 } = { cert, key };
    const port = await new Promise<number>((resolve) => {
      const srv = createNetServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const t2 = await startRuntime(
      {
        'Seq.xml': `<sequence ${NS} name="InSeq">${WHO}</sequence>`,
        'In.xml': `<inboundEndpoint ${NS} name="SecureIn" protocol="https" sequence="InSeq" suspend="false"><parameters>
<parameter name="inbound.http.port">${port}</parameter></parameters></inboundEndpoint>`,
      },
      { https: { port: 0, key: k2, cert: c2 } },
    );
    try {
      assert.ok(t2.rt.urls().includes(`Inbound SecureIn: https://127.0.0.1:${port}/`), t2.rt.urls().join());
      const r = await getTls(`https://127.0.0.1:${port}/anything`, c2);
      assert.equal(r.status, 200, r.text);
      assert.equal(JSON.parse(r.text).in, 'https');
    } finally {
      await t2.close();
    }
  });

  it('synapse run --https-port prints the HTTPS listener and its certificate, and serves over it', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'synapse-https-'));
    try {
      mkdirSync(join(dir, 'apis'));
      writeFileSync(
        join(dir, 'apis', 'Who.xml'),
        `<api ${NS} name="Who" context="/who"><resource methods="GET"><inSequence>${WHO}</inSequence></resource></api>`,
      );
      const proc = spawn(
        process.execPath,
        [join(__dirname, '../../dist/cli.js'), 'run', dir, '--http-port', '0', '--https-port', '0'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, SYNAPSE_CONFIG_DIR: join(dir, 'config') },
        },
      );
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 15_000);
        proc.stdout.on('data', () => {
          const m =
            /HTTPS listener https:\/\/127\.0\.0\.1:(\d+) \(the same paths; certificate SHA-256 [0-9A-F:]{95}\)/.exec(
              out,
            );
          if (m && out.includes('ready')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const r = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`https://127.0.0.1:${port}/who`, { rejectUnauthorized: false }, (res) => {
          let t = '';
          res.on('data', (d: Buffer) => (t += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: t }));
        });
        req.on('error', reject);
        req.end();
      });
      proc.kill('SIGTERM');
      await new Promise((r2) => proc.on('exit', r2));
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.text).in, 'https');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
