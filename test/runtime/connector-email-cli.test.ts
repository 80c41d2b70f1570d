/**
 * The Email connector through `synapse run` as a real process (the esbuild bundle with nodemailer and imapflow): a
 * small MI project written to a temporary folder sends a message to a real SMTP server and lists a real dovecot
 * mailbox, both on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, send } from './helpers';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';
import { emailConnection, startSmtp, type TestSmtp } from './emailFixtures';
import { IMAP_PASS, IMAP_USER, startImap, type TestImap } from './dovecotFixture';

describe('runtime: Email connector through synapse run (process)', function () {
  this.timeout(30_000);
  let dir: string;
  let smtp: TestSmtp;
  let imap: TestImap;
  before(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    smtp = await startSmtp();
    imap = await startImap();
    imap.seed('w1', 'From: ops@plant.test\nTo: desk@shop.test\nSubject: Weekly 12\nMessage-ID: <wk-12@plant.test>\n\nok\n');
    dir = mkdtempSync(join(tmpdir(), 'email-cli-'));
    const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
    mkdirSync(join(art, 'local-entries'), { recursive: true });
    mkdirSync(join(art, 'apis'), { recursive: true });
    writeFileSync(
      join(dir, 'pom.xml'),
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>t.mail</groupId><artifactId>mailer</artifactId><version>1.0.0</version><packaging>pom</packaging></project>',
    );
    writeFileSync(join(art, 'local-entries', 'Relay.xml'), emailConnection('Relay', 'SMTP', smtp.port));
    writeFileSync(
      join(art, 'local-entries', 'Inbox.xml'),
      `<localEntry ${NS} key="Inbox"><email.init><connectionType>IMAP</connectionType><name>Inbox</name>
        <host>127.0.0.1</host><port>${imap.port}</port><username>${IMAP_USER}</username><password>${IMAP_PASS}</password>
        </email.init></localEntry>`,
    );
    writeFileSync(
      join(art, 'apis', 'MailAPI.xml'),
      `<api ${NS} name="MailAPI" context="/mailer">
        <resource methods="POST" uri-template="/send"><inSequence>
          <email.send configKey="Relay"><from>bot@shop.test</from><to>{\${payload.to}}</to>
            <subject>Ticket \${payload.ticket}</subject><content>Ticket \${payload.ticket} is closed.</content>
            <contentType>text/plain</contentType>
            <responseVariable>sent</responseVariable><overwriteBody>true</overwriteBody></email.send>
          <respond/></inSequence></resource>
        <resource methods="POST" uri-template="/inbox"><inSequence>
          <email.list configKey="Inbox"><folder>INBOX</folder>
            <responseVariable>mails</responseVariable><overwriteBody>true</overwriteBody></email.list>
          <respond/></inSequence></resource>
      </api>`,
    );
  });
  after(async () => {
    await smtp?.close();
    await imap?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends over SMTP and lists over IMAP', async () => {
    const c = startSynapseRun([dir, '--http-port', '0']);
    try {
      const out = await c.ready;
      const m = /API MailAPI: (http:\/\/127\.0\.0\.1:\d+)\/mailer/.exec(out);
      assert.ok(m, out);
      const arrived = smtp.next();
      const r = await send(`${m[1]}/mailer/send`, {
        body: JSON.stringify({ to: 'lee@client.test', ticket: 'T-88' }),
        type: 'application/json',
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json(), { success: true });
      const mail = await arrived;
      assert.deepEqual(mail.to, ['lee@client.test']);
      assert.equal(mail.mail.subject, 'Ticket T-88');
      assert.equal(mail.mail.text?.trim(), 'Ticket T-88 is closed.');

      const l = await send(`${m[1]}/mailer/inbox`, { body: '{}', type: 'application/json' });
      assert.equal(l.status, 200, l.text);
      assert.deepEqual(l.json(), {
        emails: [
          {
            index: 0,
            emailId: '<wk-12@plant.test>',
            to: 'desk@shop.test',
            from: 'ops@plant.test',
            cc: '',
            bcc: '',
            replyTo: 'ops@plant.test',
            subject: 'Weekly 12',
          },
        ],
      });
    } finally {
      await stopProcess(c.proc);
    }
  });
});
