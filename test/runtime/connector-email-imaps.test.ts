/**
 * IMAPS in the embedded runtime against a real dovecot with TLS (a certificate made at test time): TLS from the first
 * byte (ssl.enable), STARTTLS with requireTLS (starttls.enable), a plain IMAP connection that stays in clear although
 * the server offers STARTTLS, and a certificate not trusted (no trustedHosts) failing the store connection.
 */
import assert from 'node:assert/strict';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { IMAP_PASS, IMAP_USER, startImap, type TestImap } from './dovecotFixture';

describe('runtime: Email connector, IMAPS and STARTTLS (real dovecot with TLS)', function () {
  this.timeout(30000);
  let srv: TestImap;
  let t: TestRuntime;

  const box = (key: string, type: string, port: number, extra = '') =>
    `<localEntry ${NS} key="${key}"><email.init><connectionType>${type}</connectionType><name>${key}</name>
      <host>127.0.0.1</host><port>${port}</port><username>${IMAP_USER}</username><password>${IMAP_PASS}</password>${extra}
      </email.init></localEntry>`;
  const logins = () => srv.log().split('\n').filter((l) => /imap-login: Info: Login: /.test(l));

  before(async () => {
    srv = await startImap({ tls: generateCertificate(['127.0.0.1']) });
    srv.seed('n1', 'From: ops@plant.test\nTo: desk@shop.test\nSubject: Shift report\nMessage-ID: <sr-1@plant.test>\n\nok\n');
    const trust = '<trustedHosts>127.0.0.1</trustedHosts>';
    t = await startRuntime({
      'Implicit.xml': box('Implicit', 'IMAPS', srv.imapsPort!, trust),
      'Upgrade.xml': box('Upgrade', 'IMAPS', srv.port, `<requireTLS>true</requireTLS>${trust}`),
      'Clear.xml': box('Clear', 'IMAP', srv.port),
      'Untrusted.xml': box('Untrusted', 'IMAPS', srv.imapsPort!),
      'Box.xml': `<api ${NS} name="Box" context="/box">
        <resource methods="POST" uri-template="/list/{c}"><inSequence>
          <email.list configKey="{\${params.pathParams.c}}"><responseVariable>r</responseVariable><overwriteBody>true</overwriteBody></email.list>
          <respond/></inSequence></resource>
        <resource methods="GET" uri-template="/read/{c}"><inSequence>
          <email.markAsRead configKey="{\${params.pathParams.c}}"><emailId>&lt;sr-1@plant.test&gt;</emailId>
            <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></email.markAsRead>
          <respond/></inSequence>
          <faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
            <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
          </payloadFactory><respond/></faultSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await srv?.close();
  });

  const subjects = async (c: string) => {
    // (a POST: a bodiless GET keeps NO_ENTITY_BODY and would answer nothing)
    const r = await send(`${t.base}/box/list/${c}`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    return (r.json() as { emails: { subject: string }[] }).emails.map((e) => e.subject);
  };

  it('IMAPS: TLS from the first byte; requireTLS: STARTTLS; IMAP: stays in clear', async () => {
    assert.deepEqual(await subjects('Implicit'), ['Shift report']);
    assert.deepEqual(await subjects('Upgrade'), ['Shift report']);
    assert.deepEqual(await subjects('Clear'), ['Shift report']);
    const lines = logins();
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.deepEqual(
      lines.map((l) => /, TLS(,|$)/.test(l)),
      [true, true, false],
      lines.join('\n'),
    );
  });

  it('a certificate not trusted fails the store connection (markAsRead: 700203)', async () => {
    const r = await send(`${t.base}/box/read/Untrusted`);
    assert.deepEqual(r.json(), { code: '700203', message: 'EMAIL:CONNECTIVITY' });
    assert.ok(t.logs.some((l) => /self[- ]signed certificate/i.test(l.message)), JSON.stringify(t.logs.map((l) => l.message)));
  });
});
