/**
 * IMAPS in the embedded runtime against a real dovecot with TLS (a certificate made at test time): TLS from the first
 * byte (ssl.enable), STARTTLS with requireTLS (starttls.enable), a plain IMAP connection that stays in clear although
 * the server offers STARTTLS, and a certificate not trusted (no trustedHosts) failing the store connection.
 */
import assert from 'node:assert/strict';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { IMAP_PASS, IMAP_USER, startImap, type TestImap } from './dovecotFixture';

/** A connection local entry to the fixture's dovecot. */
const box = (key: string, type: string, port: number, extra = '') =>
  `<localEntry ${NS} key="${key}"><email.init><connectionType>${type}</connectionType><name>${key}</name>
      <host>127.0.0.1</host><port>${port}</port><username>${IMAP_USER}</username><password>${IMAP_PASS}</password>${extra}
      </email.init></localEntry>`;

describe('runtime: Email connector, IMAPS and STARTTLS (real dovecot with TLS)', function () {
  this.timeout(30000);
  let srv: TestImap;
  let t: TestRuntime;

  const logins = () =>
    srv
      .log()
      .split('\n')
      .filter((l) => /imap-login: Info: Login: /.test(l));

  before(async () => {
    srv = await startImap({ tls: generateCertificate(['127.0.0.1']) });
    srv.seed(
      'n1',
      'From: ops@plant.test\nTo: desk@shop.test\nSubject: Shift report\nMessage-ID: <sr-1@plant.test>\n\nok\n',
    );
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
    assert.ok(
      t.logs.some((l) => /self[- ]signed certificate/i.test(l.message)),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
  });
});

describe('runtime: Email connector, POP3S and STLS (real dovecot with TLS)', function () {
  this.timeout(30000);
  let srv: TestImap;
  let t: TestRuntime;

  const logins = () =>
    srv
      .log()
      .split('\n')
      .filter((l) => /pop3-login: Info: Login: /.test(l));

  before(async () => {
    srv = await startImap({ tls: generateCertificate(['127.0.0.1']), pop3: true });
    srv.seed(
      'q1',
      'From: dock@harbour.test\nTo: desk@shop.test\nSubject: Crate 12 landed\nMessage-ID: <c-12@harbour.test>\n\nok\n',
    );
    const trust = '<trustedHosts>127.0.0.1</trustedHosts>';
    t = await startRuntime({
      'Implicit.xml': box('Implicit', 'POP3S', srv.pop3sPort!, trust),
      'Upgrade.xml': box('Upgrade', 'POP3S', srv.pop3Port!, `<requireTLS>true</requireTLS>${trust}`),
      'Clear.xml': box('Clear', 'POP3', srv.pop3Port!),
      'Untrusted.xml': box('Untrusted', 'POP3S', srv.pop3sPort!),
      'Box.xml': `<api ${NS} name="Box" context="/box">
        <resource methods="POST" uri-template="/list/{c}"><inSequence>
          <email.list configKey="{\${params.pathParams.c}}"><responseVariable>r</responseVariable><overwriteBody>true</overwriteBody></email.list>
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

  const list = (c: string) => send(`${t.base}/box/list/${c}`, { body: '{}', type: 'application/json' });

  it('POP3S: TLS from the first byte; requireTLS: STLS; POP3: stays in clear', async () => {
    for (const c of ['Implicit', 'Upgrade', 'Clear']) {
      const r = await list(c);
      assert.equal(r.status, 200, `${c}: ${r.text}`);
      assert.deepEqual(
        (r.json() as { emails: { subject: string }[] }).emails.map((e) => e.subject),
        ['Crate 12 landed'],
        c,
      );
    }
    const lines = logins();
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.deepEqual(
      lines.map((l) => /, TLS(,|$)/.test(l)),
      [true, true, false],
      lines.join('\n'),
    );
  });

  // as over IMAP, list does not catch the pool's ConnectException: ERROR_CODE 0 and the pool's message
  it('a certificate not trusted fails the store connection (list: the pool error)', async () => {
    const r = await list('Untrusted');
    const b = r.json() as { code: string; message: string };
    assert.equal(b.code, '0', r.text);
    assert.match(
      b.message,
      /Error occurred while borrowing connection from the pool\..*self[- ]signed certificate/i,
    );
    assert.equal(logins().length, 3, 'no login over the untrusted connection');
  });
});
