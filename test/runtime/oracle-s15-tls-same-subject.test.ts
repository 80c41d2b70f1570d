/**
 * Trusted certificates that share a subject (development certificates often do: CN=127.0.0.1, CN=localhost): each is
 * trusted for itself, as MI's client trust store (Java) matches a server's certificate by the certificate, where
 * OpenSSL looks it up by subject and failed on the second when the first came earlier (tlsTrust.ts
 * tlsTrustAlternatives, cutHead.ts cutHeadConnector). One not named stays untrusted, with Node's own error.
 */
import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { trustCertificate } from '../../runtime-debug/engine/tlsTrust';
import { NS, send, startRuntime } from './helpers';

describe('oracle S15: trusted certificates sharing a subject (MI client-truststore)', function () {
  this.timeout(20000);
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });
  const serve = async (tls: { key: string; cert: string }, answer: string): Promise<string> => {
    const s = createHttpsServer(tls, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };

  it('each of two trusted certificates of one subject is trusted; a third of that subject, not named, is not', async () => {
    const first = generateCertificate(['127.0.0.1']);
    const second = generateCertificate(['127.0.0.1']);
    const stranger = generateCertificate(['127.0.0.1']);
    assert.equal(new X509Certificate(first.cert).subject, new X509Certificate(second.cert).subject);
    trustCertificate(first.cert);
    trustCertificate(second.cert);
    const urls = [
      await serve(first, '{"who":"first"}'),
      await serve(second, '{"who":"second"}'),
      await serve(stranger, '{"who":"stranger"}'),
    ];
    const api = (n: number) =>
      `<api ${NS} name="T${n}" context="/t${n}"><resource methods="GET"><inSequence><call><endpoint><address uri="${urls[n]}/x"/></endpoint></call><respond/></inSequence><faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`;
    // (FORCE_HTTP_1.0: the HTTP/1.0 client, http10.ts, trusts the same way)
    const http10 = `<api ${NS} name="T10" context="/t10"><resource methods="GET"><inSequence><property name="FORCE_HTTP_1.0" value="true" scope="axis2"/><call><endpoint><address uri="${urls[1]}/x"/></endpoint></call><respond/></inSequence></resource></api>`;
    for (const relay of [true, false]) {
      const t = await startRuntime(
        { 'T0.xml': api(0), 'T1.xml': api(1), 'T2.xml': api(2), 'T10.xml': http10 },
        { relay },
      );
      try {
        assert.deepEqual((await send(`${t.base}/t0`)).json(), { who: 'first' });
        assert.deepEqual((await send(`${t.base}/t1`)).json(), { who: 'second' });
        assert.deepEqual((await send(`${t.base}/t10`)).json(), { who: 'second' });
        const refused = (await send(`${t.base}/t2`)).json() as { code: string; message: string };
        assert.equal(refused.code, '101500');
        assert.match(refused.message, /self-signed certificate$/);
      } finally {
        await t.close();
      }
    }
  });
});
