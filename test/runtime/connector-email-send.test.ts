/**
 * The Email connector's email.send in the embedded runtime against a real SMTP server on 127.0.0.1 (smtp-server;
 * what arrives is read with mailparser): `<email.init>` connections (SMTP, SMTPS with STARTTLS), AUTH PLAIN and
 * LOGIN, the message MessageBuilder builds (recipients, subject and content with inline expressions, content type,
 * charset, transfer encoding, attachments, inline images, EMAIL-HEADER:* headers), the result document, and the
 * failures as esb-connector-email v2 reports them (ERROR_CODE 700203 / 700204, HTTP_SC 500, the error document).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { NS, closedPort, send, startRuntime, type TestRuntime } from './helpers';
import { EMAIL_FAULT, emailConnection, SMTP_PASS, SMTP_USER, startSmtp, type TestSmtp } from './emailFixtures';

function api(name: string, body: string, fault = EMAIL_FAULT): string {
  return `<api ${NS} name="${name}" context="/${name.toLowerCase()}"><resource methods="POST GET" uri-template="/*"><inSequence>${body}</inSequence>${fault}</resource></api>`;
}

const SEND_TAIL = '<responseVariable>r</responseVariable><overwriteBody>false</overwriteBody>';

describe('runtime: Email connector, email.send (real SMTP server)', function () {
  this.timeout(20000);
  let plain: TestSmtp;
  let loginOnly: TestSmtp;
  let tlsServer: TestSmtp;
  let implicitTls: TestSmtp;
  let t: TestRuntime;
  let dir: string;
  let files: Record<string, string>;
  let refused: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'email-rt-'));
    writeFileSync(join(dir, 'terms.txt'), 'Payment within 30 days.\n');
    const cert = generateCertificate(['127.0.0.1']);
    plain = await startSmtp({ authMethods: ['PLAIN'], reject: ['nobody@shop.test'], key: cert.key, cert: cert.cert });
    loginOnly = await startSmtp({ authMethods: ['LOGIN'] });
    tlsServer = await startSmtp({ key: cert.key, cert: cert.cert });
    implicitTls = await startSmtp({ key: cert.key, cert: cert.cert, secure: true });
    refused = await closedPort();
    files = {
      'Outbox.xml': emailConnection('Outbox', 'SMTP', plain.port),
      'LoginBox.xml': emailConnection('LoginBox', 'SMTP', loginOnly.port),
      'Secure.xml': emailConnection('Secure', 'SMTPS', tlsServer.port, '<requireTLS>true</requireTLS><trustedHosts>127.0.0.1</trustedHosts>'),
      'Implicit.xml': emailConnection('Implicit', 'SMTPS', implicitTls.port, '<trustedHosts>localhost, 127.0.0.1</trustedHosts>'),
      'Untrusted.xml': emailConnection('Untrusted', 'SMTPS', tlsServer.port, '<requireTLS>true</requireTLS>'),
      'Down.xml': emailConnection('Down', 'SMTP', refused),
      'WrongPass.xml': `<localEntry ${NS} key="WrongPass"><email.init><connectionType>SMTP</connectionType><name>WrongPass</name>
        <host>127.0.0.1</host><port>${plain.port}</port><username>${SMTP_USER}</username><password>not-it</password></email.init></localEntry>`,
      'NoHost.xml': `<localEntry ${NS} key="NoHost"><email.init>
        <connectionType>SMTP</connectionType><name>NoHost</name><port>25</port>
        <username>u</username><password>p</password></email.init></localEntry>`,
      'Mail.xml': api(
        'Mail',
        `<property name="EMAIL-HEADER:X-Order-Ref" expression="\${payload.id}"/>
         <email.send configKey="{\${payload.via}}">
           <from>shop@shop.test</from><personalName>Café Corner</personalName>
           <to>ann@client.test, Bob Stone &lt;bob@client.test&gt;</to><cc>desk@shop.test</cc><bcc>audit@shop.test</bcc>
           <replyTo>help@shop.test</replyTo>
           <subject>Order \${payload.id} confirmed</subject>
           <content>Dear \${payload.who}, your order \${payload.id} ships today.</content>
           <contentType>text/plain</contentType>
           ${SEND_TAIL}
         </email.send>
         <payloadFactory media-type="json"><format>{"result":\${vars.r.payload},"kept":\${payload}}</format></payloadFactory>
         <respond/>`,
      ),
      'Files.xml': api(
        'Files',
        `<email.send configKey="Outbox">
           <from>shop@shop.test</from><to>ann@client.test</to><subject>Your documents</subject>
           <content>&lt;p&gt;See the attached files.&lt;/p&gt;&lt;img src="cid:logo1"/&gt;</content>
           <encoding>UTF-8</encoding><contentTransferEncoding>quoted-printable</contentTransferEncoding>
           <attachments>{\${payload.attachments}}</attachments>
           <inlineImages>[{"base64Content":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==","contentID":"logo1","fileName":"logo.png"}]</inlineImages>
           <responseVariable>r</responseVariable><overwriteBody>true</overwriteBody>
         </email.send>
         <respond/>`,
        EMAIL_FAULT.replace('${vars.r.payload}', '${payload}'),
      ),
      'Bare.xml': api(
        'Bare',
        `<email.send configKey="Outbox"><from>shop@shop.test</from><subject>nobody</subject>${SEND_TAIL}</email.send><respond/>`,
      ),
      'NoVar.xml': api(
        'NoVar',
        `<email.send configKey="Outbox"><from>shop@shop.test</from><to>ann@client.test</to></email.send><respond/>`,
        `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
          <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
         </payloadFactory><respond/></faultSequence>`,
      ),
      'Inline.xml': api(
        'Inline',
        `<email.init><connectionType>SMTP</connectionType><name>Quick</name><host>127.0.0.1</host><port>${loginOnly.port}</port>
           <username>${SMTP_USER}</username><password>${SMTP_PASS}</password></email.init>
         <email.send><from>shop@shop.test</from><to>ann@client.test</to><subject>inline</subject><content>hi</content>${SEND_TAIL}</email.send>
         <payloadFactory media-type="json"><format>{"result":\${vars.r.payload},"name":"\${props.synapse.name}","host":"\${props.synapse.host}","subject":"\${props.synapse.subject}","bcc":"\${props.synapse.bcc}"}</format></payloadFactory>
         <respond/>`,
      ),
    };
    t = await startRuntime(files);
  });
  after(async () => {
    await t?.close();
    await Promise.all([plain?.close(), loginOnly?.close(), tlsServer?.close(), implicitTls?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads email.* without problems; a connection the connector refuses is an RT_EMAIL_CONNECTION warning (MI deploys it) at its init', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.map((w) => `${w.file}:${w.line} ${w.code} ${w.message}`),
      [
        "NoHost.xml:1 RT_EMAIL_CONNECTION The email connection 'NoHost' will be refused when an operation runs: Mandatory parameter 'host' is not set.",
      ],
    );
  });

  it('sends with AUTH PLAIN: envelope, headers, body; the result in the variable, the body kept', async () => {
    const arrived = plain.next();
    const r = await send(`${t.base}/mail/x`, {
      body: JSON.stringify({ id: 'A-17', who: 'Ann Müller', via: 'Outbox' }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { result: { success: true }, kept: { id: 'A-17', who: 'Ann Müller', via: 'Outbox' } });
    const m = await arrived;
    assert.equal(m.user, SMTP_USER);
    assert.equal(m.secure, false, 'SMTP never upgrades with STARTTLS, even when the server offers it');
    assert.equal(m.from, 'shop@shop.test');
    assert.deepEqual(m.to, ['ann@client.test', 'bob@client.test', 'desk@shop.test', 'audit@shop.test']);
    assert.equal(m.mail.subject, 'Order A-17 confirmed');
    assert.equal(m.mail.text?.trim(), 'Dear Ann Müller, your order A-17 ships today.');
    // a personal name that is not ASCII goes as an RFC 2047 word
    assert.deepEqual(m.mail.from?.value, [{ address: 'shop@shop.test', name: 'Café Corner' }]);
    assert.match(m.raw, /^From: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <shop@shop.test>\r?$/m);
    assert.match(m.raw, /^To: ann@client.test, Bob Stone <bob@client.test>\r?$/m);
    assert.equal(m.mail.cc && !Array.isArray(m.mail.cc) ? m.mail.cc.text : '', 'desk@shop.test');
    assert.equal(m.mail.replyTo?.text, 'help@shop.test');
    assert.equal(m.mail.headers.get('x-order-ref'), 'A-17');
    // Bcc goes only to the envelope
    assert.ok(!/^bcc:/im.test(m.raw), m.raw);
    assert.match(m.raw, /^Content-Type: text\/plain; charset=UTF-8\r?$/m);
    assert.match(m.raw, /^Content-Transfer-Encoding: Base64\r?$/m);
    assert.match(m.raw, /^Content-Disposition: inline\r?$/m);
  });

  it('sends with AUTH LOGIN through an inline <email.init> (the property name names the connection)', async () => {
    const arrived = loginOnly.next();
    const r = await send(`${t.base}/inline/x`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    // the templates copy their parameters into properties (init: host, name…; send: subject, bcc… — "" when not given)
    assert.deepEqual(r.json(), { result: { success: true }, name: 'Quick', host: '127.0.0.1', subject: 'inline', bcc: '' });
    const m = await arrived;
    assert.equal(m.user, SMTP_USER);
    assert.equal(m.mail.subject, 'inline');
  });

  it('SMTPS with requireTLS upgrades with STARTTLS; the self-signed certificate is trusted through trustedHosts', async () => {
    const arrived = tlsServer.next();
    const r = await send(`${t.base}/mail/x`, {
      body: JSON.stringify({ id: 'S-1', who: 'Sam', via: 'Secure' }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    const m = await arrived;
    assert.equal(m.secure, true);
    assert.equal(m.mail.subject, 'Order S-1 confirmed');
  });

  it('SMTPS without requireTLS speaks TLS from the first byte (ssl.enable); trustedHosts is a comma separated list', async () => {
    const arrived = implicitTls.next();
    const r = await send(`${t.base}/mail/x`, {
      body: JSON.stringify({ id: 'I-1', who: 'Ida', via: 'Implicit' }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    const m = await arrived;
    assert.equal(m.secure, true);
    assert.equal(m.mail.subject, 'Order I-1 confirmed');
  });

  it('an untrusted certificate fails the send: 700203 EMAIL:CONNECTIVITY, the error document, HTTP_SC 500', async () => {
    const r = await send(`${t.base}/mail/x`, {
      body: JSON.stringify({ id: 'U-1', who: 'Una', via: 'Untrusted' }),
      type: 'application/json',
    });
    assert.deepEqual(r.json(), {
      code: '700203',
      message: 'EMAIL:CONNECTIVITY',
      status: '500',
      result: { success: false, error: { code: '700203', message: 'EMAIL:CONNECTIVITY' } },
    });
    assert.ok(t.logs.some((l) => /self[- ]signed certificate/i.test(l.message)), JSON.stringify(t.logs.map((l) => l.message)));
  });

  it('a rejected recipient, a refused connection and a wrong password fail with 700203', async () => {
    const before = plain.mails.length;
    for (const via of ['Down', 'WrongPass']) {
      const r = await send(`${t.base}/mail/x`, {
        body: JSON.stringify({ id: 'D-1', who: 'Dee', via }),
        type: 'application/json',
      });
      assert.equal((r.json() as { code: string }).code, '700203', `${via}: ${r.text}`);
    }
    const rt2 = await startRuntime({
      'Outbox.xml': files['Outbox.xml'],
      'Rej.xml': api(
        'Rej',
        `<email.send configKey="Outbox"><from>shop@shop.test</from><to>nobody@shop.test</to><subject>x</subject>${SEND_TAIL}</email.send><respond/>`,
      ),
    });
    try {
      const r = await send(`${rt2.base}/rej/x`, { body: '{}', type: 'application/json' });
      assert.deepEqual(r.json(), {
        code: '700203',
        message: 'EMAIL:CONNECTIVITY',
        status: '500',
        result: { success: false, error: { code: '700203', message: 'EMAIL:CONNECTIVITY' } },
      });
      assert.ok(
        rt2.logs.some((l) => l.message.includes('Error occurred while sending the email with subject x to nobody@shop.test')),
        JSON.stringify(rt2.logs),
      );
    } finally {
      await rt2.close();
    }
    assert.equal(plain.mails.length, before);
  });

  it('sends attachments (JSON base64 and file paths) and inline images; overwriteBody puts the result in the body', async () => {
    const arrived = plain.next();
    const attachments = JSON.stringify([
      { name: 'note.txt', content: Buffer.from('first attachment').toString('base64') },
      { name: 'plain.csv', content: 'a,b' },
    ]);
    const r = await send(`${t.base}/files/x`, {
      body: JSON.stringify({ attachments }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { success: true });
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    const m = await arrived;
    assert.equal(m.mail.html && m.mail.html.includes('See the attached files.'), true, String(m.mail.html));
    assert.match(m.raw, /^Content-Type: multipart\/mixed; boundary=/m);
    assert.match(m.raw, /^Content-Transfer-Encoding: quoted-printable\r?$/m);
    const got = m.mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString('latin1'), a.cid ?? '']);
    assert.deepEqual(got.slice(0, 2), [
      ['note.txt', 'text/plain', 'first attachment', ''],
      ['plain.csv', 'text/plain', 'a,b', ''],
    ]);
    assert.deepEqual([got[2][0], got[2][1], got[2][3]], ['logo.png', 'image/png', 'logo1']);

    const arrived2 = plain.next();
    const r2 = await send(`${t.base}/files/x`, {
      body: JSON.stringify({ attachments: join(dir, 'terms.txt') }),
      type: 'application/json',
    });
    assert.equal(r2.status, 200, r2.text);
    const m2 = await arrived2;
    assert.deepEqual(
      m2.mail.attachments.map((a) => [a.filename, a.contentType]).slice(0, 1),
      [['terms.txt', 'text/plain']],
    );
    // quoted-printable (the body's transfer encoding) writes the line end as CRLF, as JavaMail's QPEncoderStream does
    assert.equal(m2.mail.attachments[0].content.toString(), 'Payment within 30 days.\r\n');

    // a file that does not exist: IOException building the message, the error document in the body (overwriteBody)
    const r3 = await send(`${t.base}/files/x`, {
      body: JSON.stringify({ attachments: join(dir, 'missing.pdf') }),
      type: 'application/json',
    });
    assert.deepEqual(r3.json(), {
      code: '700203',
      message: 'EMAIL:CONNECTIVITY',
      status: '500',
      result: { success: false, error: { code: '700203', message: 'EMAIL:CONNECTIVITY' } },
    });
  });

  it('an inline expression that does not compile loads with RT_INLINE_EXPRESSION and fails the send with 700204', async () => {
    const before = plain.mails.length;
    const broken = api(
      'Broken',
      `<email.send configKey="Outbox"><from>shop@shop.test</from><to>ann@client.test</to><subject>x</subject>
         <content>Total \${payload.total +}</content>${SEND_TAIL}</email.send><respond/>`,
    );
    const loaded = new Runtime({ httpPort: 0 }).deploy([{ name: 'Broken.xml', text: broken }]);
    assert.deepEqual(
      loaded.warnings.map((w) => `${w.file}:${w.line} ${w.code}`),
      ['Broken.xml:2 RT_INLINE_EXPRESSION'],
    );
    const rt2 = await startRuntime({ 'Outbox.xml': files['Outbox.xml'], 'Broken.xml': broken });
    try {
      const r = await send(`${rt2.base}/broken/x`, { body: '{"total":3}', type: 'application/json' });
      assert.deepEqual(r.json(), {
        code: '700204',
        message: 'EMAIL:INVALID_CONFIGURATION',
        status: '500',
        result: { success: false, error: { code: '700204', message: 'EMAIL:INVALID_CONFIGURATION' } },
      });
    } finally {
      await rt2.close();
    }
    assert.equal(plain.mails.length, before);
  });

  it('no recipient is 700204 EMAIL:INVALID_CONFIGURATION; a connection without host faults at its init (no document)', async () => {
    const r = await send(`${t.base}/bare/x`, { body: '{}', type: 'application/json' });
    assert.deepEqual(r.json(), {
      code: '700204',
      message: 'EMAIL:INVALID_CONFIGURATION',
      status: '500',
      result: { success: false, error: { code: '700204', message: 'EMAIL:INVALID_CONFIGURATION' } },
    });
    const r2 = await send(`${t.base}/novar/x`, { body: JSON.stringify({ via: 'NoHost' }), type: 'application/json' });
    // (this API has no responseVariable: the connector refuses that before the connection is looked at)
    assert.deepEqual(r2.json(), { code: '0', message: 'Parameter responseVariable is not provided' });
    const r3 = await send(`${t.base}/mail/x`, {
      body: JSON.stringify({ id: 'N', who: 'N', via: 'NoHost' }),
      type: 'application/json',
    });
    // EmailConfig sets only ERROR_CODE / ERROR_MESSAGE (EmailUtils.setErrorsInMessage): no HTTP_SC, no document
    assert.equal(r3.status, 200);
    // (the variable was never set: the fault's template prints nothing for it)
    assert.equal(r3.text, '{"code":"700204","message":"EMAIL:INVALID_CONFIGURATION","status":"","result":}');
  });
});
