/**
 * Session 15 (T3): the mail transport listener. A proxy service with `transports="mailto"` polls its mailbox and runs
 * each new mail through the proxy, as MI's axis2 MailTransportListener / PollTableEntry do (MI MailToTransport*
 * TestCase). A real IMAP/POP3 server (dovecot, test/runtime/dovecotFixture.ts) holds the mailbox; the test seeds it
 * and watches the runtime's log and the Maildir.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { knownParameters } from '../../core/catalog';
import { parseXml } from '../../core/xml/parse';
import { NS, closedPort, startProjectRuntime, type TestRuntime } from './helpers';
import { IMAP_PASS, IMAP_USER, startImap, type TestImap } from './dovecotFixture';
import { SMTP_PASS, SMTP_USER, startSmtp } from './emailFixtures';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { until } from '../support';

const TOML = '[transport.mail.listener]\nenable = true\n';

const LOG =
  '<log level="custom"><property name="Subject" expression="$trp:Subject"/>' +
  '<property name="Delivered-To" expression="$trp:Delivered-To"/><property name="From" expression="$trp:From"/>' +
  '<property name="Kind" expression="$trp:Content-Type"/><property name="body" expression="$body/*"/></log><drop/>';

function proxy(name: string, params: Record<string, string>, seq = LOG): string {
  const ps = Object.entries(params)
    .map(([k, v]) => `<parameter name="${k}">${v}</parameter>`)
    .join('');
  return `<proxy ${NS} name="${name}" transports="mailto" startOnLoad="true"><target><inSequence>${seq}</inSequence></target>${ps}</proxy>`;
}

function imapParams(port: number, more: Record<string, string> = {}): Record<string, string> {
  return {
    'transport.mail.Address': 'clerk@post.test',
    'transport.mail.Protocol': 'imap',
    'mail.imap.host': '127.0.0.1',
    'mail.imap.port': String(port),
    'mail.imap.user': IMAP_USER,
    'mail.imap.password': IMAP_PASS,
    'mail.imap.starttls.enable': 'false',
    'transport.PollInterval': '200ms',
    ...more,
  };
}

function mail(subject: string, body: string, extra = '', type = 'text/plain; charset=us-ascii'): string {
  return (
    `From: Orders Desk <orders@shop.test>\nTo: clerk@post.test\nSubject: ${subject}\n${extra}` +
    `Date: Sun, 29 Nov 2026 10:00:00 +0000\nMessage-ID: <${subject.replace(/\W/g, '')}@shop.test>\n` +
    `MIME-Version: 1.0\nContent-Type: ${type}\nContent-Transfer-Encoding: 7bit\n\n${body}\n`
  );
}

async function project(proxies: Record<string, string>, toml = TOML): Promise<TestRuntime> {
  const files: Record<string, string> = { 'deployment/deployment.toml': toml };
  for (const [n, text] of Object.entries(proxies))
    files[`src/main/wso2mi/artifacts/proxy-services/${n}.xml`] = text;
  return startProjectRuntime(files, 'maillistener');
}

/** The names of a Maildir folder's messages (cur/ and new/), as listed now. */
function listing(dir: string): string[] {
  const out: string[] = [];
  for (const d of ['cur', 'new'])
    for (const f of existsSync(join(dir, d)) ? readdirSync(join(dir, d)) : []) out.push(join(d, f));
  return out.sort();
}

/**
 * The subjects of the messages in a Maildir folder (`''`: INBOX). dovecot renames files (new/ to cur/, a flag added
 * to the name) and deletes them while we read the folder: a message renamed between the listing of cur/ and of new/,
 * or between the listing and its read, would be missed, and a wait for its deletion would end while it is still
 * there. So the folder is read again until two listings around the reads agree and every file listed was read.
 */
function subjects(box: TestImap, folder = ''): string[] {
  const dir = folder ? join(box.maildir, `.${folder}`) : box.maildir;
  // (a synchronous loop blocks every timer of the test: bounded, though dovecot settles in one or two rounds)
  for (let round = 0; ; round++) {
    if (round === 100) throw new Error(`the Maildir ${dir} kept changing while it was read`);
    if (!existsSync(dir)) return [];
    const names = listing(dir);
    const out: string[] = [];
    let gone = false;
    for (const name of names) {
      let text: string;
      try {
        text = readFileSync(join(dir, name), 'latin1');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        gone = true;
        break;
      }
      const m = /^Subject: (.*)$/m.exec(text);
      if (m) out.push(m[1]);
    }
    if (!gone && listing(dir).join('\n') === names.join('\n')) return out;
  }
}

const logged = (t: TestRuntime, s: string) => t.logs.some((l) => l.message.includes(s));

describe('oracle S15 T3: mailto transport listener (MI MailTransportListener)', function () {
  this.timeout(30000);
  let box: TestImap;
  before(async () => {
    box = await startImap({ pop3: true });
  });
  after(async () => {
    await box?.close();
  });

  it('a new mail runs through the proxy with its headers as transport headers, and is deleted after (MI MailToTransportActionAfterProcessDeleteTestCase, MailToTransportFolderTestCase)', async () => {
    box.seed('seen', mail('Old news', 'already read'), { flags: 'S' });
    box.seed('a', mail('Parcel 41 shipped', 'Content :parcel 41'), { recent: true });
    const t = await project({
      Inbox: proxy(
        'Inbox',
        imapParams(box.port, {
          'transport.mail.ContentType': 'text/plain',
          'transport.mail.Folder': 'INBOX',
          'transport.mail.ActionAfterProcess': 'DELETE',
        }),
      ),
    });
    try {
      await until('the mail', () => logged(t, 'Subject = Parcel 41 shipped'));
      const line = t.logs.find((l) => l.message.includes('Subject = Parcel 41 shipped'))!.message;
      assert.match(line, /From = Orders Desk <orders@shop.test>/);
      assert.match(line, /body = Content :parcel 41/);
      await until('the deletion', () => !subjects(box).includes('Parcel 41 shipped'));
      // a mail marked \Seen is not processed (checkMail), and stays
      assert.ok(!logged(t, 'Subject = Old news'));
      assert.ok(subjects(box).includes('Old news'));
      // AbstractTransportListener.start
      assert.ok(
        t.logs.some((l) => l.category === 'MailTransportListener' && l.message === 'MAILTO listener started'),
      );
      // a flow that drops sends nothing back (no 202 stand-in goes to the mail sender)
      assert.ok(!logged(t, 'Unexpected error sending message back'));
    } finally {
      await t.close();
    }
  });

  it('MOVE after process copies the mail to the folder, creating it, and removes it from the inbox (MI MailToTransportActionAfterProcessMoveTestCase)', async () => {
    box.seed('b', mail('Parcel 42 shipped', 'Content :parcel 42'), { recent: true });
    const t = await project({
      Mover: proxy(
        'Mover',
        imapParams(box.port, {
          'transport.mail.ContentType': 'text/plain',
          'transport.mail.ActionAfterProcess': 'MOVE',
          'transport.mail.MoveAfterProcess': 'Handled',
        }),
      ),
    });
    try {
      await until('the mail', () => logged(t, 'Subject = Parcel 42 shipped'));
      await until('the move', () => subjects(box, 'Handled').includes('Parcel 42 shipped'));
      // the copy is marked seen (JavaMail fetched its body without PEEK): Maildir flag S
      const handled = join(box.maildir, '.Handled', 'cur');
      assert.ok(readdirSync(handled).some((f) => /:2,[A-Z]*S/.test(f)));
      await until('the inbox copy gone', () => !subjects(box).includes('Parcel 42 shipped'));
    } finally {
      await t.close();
    }
  });

  it('a mail its content type cannot build logs "Failed to process message" and is deleted (DELETE) or moved (MOVE) (MI MailToTransportActionAfterFailureDELETETestCase, MailToTransportActionAfterFailureMOVETestCase)', async () => {
    box.seed('c', mail('Broken 1', 'Content :not xml'), { recent: true });
    let t = await project({
      Strict: proxy('Strict', imapParams(box.port, { 'transport.mail.ContentType': 'application/xml' })),
    });
    try {
      await until('the failure', () => logged(t, 'Failed to process message'));
      const fail = t.logs.find((l) => l.message === 'Failed to process message')!;
      assert.equal(fail.level, 'ERROR');
      assert.equal(fail.category, 'MailTransportListener');
      await until('the deletion', () => !subjects(box).includes('Broken 1'));
      assert.ok(!logged(t, 'Subject = Broken 1'));
    } finally {
      await t.close();
    }
    box.seed('d', mail('Broken 2', 'Content :not xml'), { recent: true });
    t = await project({
      Strict2: proxy(
        'Strict2',
        imapParams(box.port, {
          'transport.mail.ContentType': 'application/xml',
          'transport.mail.ActionAfterFailure': 'MOVE',
          'transport.mail.MoveAfterFailure': 'Rejected',
        }),
      ),
    });
    try {
      await until('the move', () => subjects(box, 'Rejected').includes('Broken 2'));
      await until('the inbox copy gone', () => !subjects(box).includes('Broken 2'));
      assert.ok(logged(t, 'Failed to process message'));
    } finally {
      await t.close();
    }
  });

  it('PreserveHeaders keeps only the headers named; RemoveHeaders drops the ones named (MI MailToTransportPreserveHeadersTestCase, MailToTransportRemoveHeaderTestCase)', async () => {
    box.seed('e', mail('Keep some', 'x', 'Delivered-To: clerk@post.test\n'), { recent: true });
    let t = await project({
      Keep: proxy(
        'Keep',
        imapParams(box.port, {
          'transport.mail.ContentType': 'text/plain',
          'transport.mail.PreserveHeaders': 'From, Delivered-To',
        }),
      ),
    });
    try {
      await until('the mail', () => logged(t, 'Delivered-To = clerk@post.test'));
      const line = t.logs.find((l) => l.message.includes('Delivered-To = clerk@post.test'))!.message;
      assert.match(line, /Subject = null/);
      assert.match(line, /From = Orders Desk/);
    } finally {
      await t.close();
    }
    box.seed('f', mail('Drop some', 'x'), { recent: true });
    t = await project({
      Drop: proxy(
        'Drop',
        imapParams(box.port, {
          'transport.mail.ContentType': 'text/plain',
          'transport.mail.RemoveHeaders': 'Subject,Received',
        }),
      ),
    });
    try {
      await until('the mail', () => logged(t, 'From = Orders Desk'));
      assert.ok(logged(t, 'Subject = null'));
    } finally {
      await t.close();
    }
  });

  it('a folder the mailbox does not have logs "FOLDER not found" (MI MailToTransportInvalidFolderTestCase)', async () => {
    const t = await project({
      NoFolder: proxy('NoFolder', imapParams(box.port, { 'transport.mail.Folder': 'NoSuchBox' })),
    });
    try {
      await until('the error', () =>
        logged(t, 'Error checking mail for account : clerk@post.test :: NoSuchBox not found'),
      );
    } finally {
      await t.close();
    }
  });

  it('POP3: a mail in the inbox runs through the proxy and is deleted (MI MailTransportListener over pop3)', async () => {
    box.seed('g', mail('Over pop', 'Content :pop'), { recent: true });
    const t = await project({
      Pop: proxy('Pop', {
        'transport.mail.Address': 'clerk@post.test',
        'transport.mail.Protocol': 'pop3',
        'mail.pop3.host': '127.0.0.1',
        'mail.pop3.port': String(box.pop3Port),
        'mail.pop3.user': IMAP_USER,
        'mail.pop3.password': IMAP_PASS,
        'transport.PollInterval': '200ms',
      }),
    });
    try {
      await until('the mail', () => logged(t, 'Subject = Over pop'));
      // without transport.mail.ContentType, the mail's own content type (text/plain: the text wrapper)
      assert.ok(logged(t, 'Kind = text/plain; charset=us-ascii'));
      await until('the deletion', () => !subjects(box).includes('Over pop'));
    } finally {
      await t.close();
    }
  });

  it('without [transport.mail.listener] enable the mailbox is not read (MI axis2.xml.j2 declares no mailto receiver)', async () => {
    box.seed('h', mail('Not polled', 'x'), { recent: true });
    const t = await project({ Off: proxy('Off', imapParams(box.port)) }, '');
    try {
      await new Promise((r) => setTimeout(r, 600));
      assert.ok(!logged(t, 'Subject = Not polled'));
      assert.ok(subjects(box).includes('Not polled'));
    } finally {
      await t.close();
      // (the mail is not for the next cases)
      for (const d of ['cur', 'new'])
        for (const f of readdirSync(join(box.maildir, d)))
          if (readFileSync(join(box.maildir, d, f), 'latin1').includes('Subject: Not polled'))
            unlinkSync(join(box.maildir, d, f));
    }
  });
  it('an answer is mailed by the mailto sender with the MailOutTransportInfo: to Reply-To/From, from the listener address, "Re: " subject, In-Reply-To the message id (MI MailTransportListener.buildOutTransportInfo, MailTransportSender.sendMail)', async () => {
    const smtp = await startSmtp();
    const toml =
      TOML +
      `[[transport.mail.sender]]\nname = "mailto"\nparameter.hostname = "127.0.0.1"\nparameter.port = "${smtp.port}"\n` +
      `parameter.enable_tls = false\nparameter.auth = true\nparameter.username = "${SMTP_USER}"\n` +
      `parameter.password = "${SMTP_PASS}"\nparameter.from = "robot@post.test"\n`;
    const answer =
      '<payloadFactory media-type="xml"><format><ack xmlns="">got it</ack></format><args/></payloadFactory>' +
      '<property name="messageType" value="application/xml" scope="axis2"/><respond/>';
    box.seed('r1', mail('Order 7', 'x', 'Reply-To: desk@shop.test\nCc: boss@shop.test\n'), { recent: true });
    // (only Message-ID kept as a transport header: the answer's From, To and Subject come from the out info)
    let t = await project(
      {
        Answer: proxy(
          'Answer',
          imapParams(box.port, {
            'transport.mail.ContentType': 'text/plain',
            'transport.mail.PreserveHeaders': 'Message-ID',
          }),
          answer,
        ),
      },
      toml,
    );
    try {
      const got = await smtp.next();
      assert.deepEqual(got.to.sort(), ['boss@shop.test', 'desk@shop.test']);
      assert.equal(got.mail.from?.text, 'clerk@post.test');
      assert.equal(got.mail.subject, 'Re: Order 7');
      assert.equal(got.mail.inReplyTo, '<Order7@shop.test>');
      assert.match(got.mail.messageId ?? '', /^<urn\.uuid\.[0-9a-f-]+clerk@post\.test>$/);
      assert.match(got.raw, /Content-Type: application\/xml; charset=UTF-8/);
      assert.match(got.raw, /<ack>got it<\/ack>/);
    } finally {
      await t.close();
    }
    // with every header kept, the request's own From / To / Subject transport headers win (sendMail reads the
    // transport headers first)
    box.seed('r2', mail('Order 8', 'x'), { recent: true });
    t = await project(
      {
        Answer2: proxy(
          'Answer2',
          imapParams(box.port, { 'transport.mail.ContentType': 'text/plain' }),
          answer,
        ),
      },
      toml,
    );
    try {
      const got = await smtp.next();
      assert.deepEqual(got.to, ['clerk@post.test']);
      assert.equal(got.mail.from?.value[0].address, 'orders@shop.test');
      assert.equal(got.mail.subject, 'Order 8');
      assert.equal(got.mail.inReplyTo, '<Order8@shop.test>');
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  // (last: dovecot's auth penalty slows later logins from the same address after a refused one)
  it('a mailbox that refuses the login logs "Error connecting to mail server for address" (POP3) (MI MailToTransportInvalidAddressTestCase)', async () => {
    const closed = await closedPort();
    const t = await project({
      BadLogin: proxy('BadLogin', {
        'transport.mail.Address': 'nobody@post.test',
        'transport.mail.Protocol': 'pop3',
        'mail.pop3.host': '127.0.0.1',
        'mail.pop3.port': String(box.pop3Port),
        'mail.pop3.user': 'nobody',
        'mail.pop3.password': 'wrong',
        'transport.PollInterval': '1',
      }),
      Closed: proxy('Closed', {
        'transport.mail.Address': 'closed@post.test',
        'transport.mail.Protocol': 'pop3',
        'mail.pop3.host': '127.0.0.1',
        'mail.pop3.port': String(closed),
        'transport.PollInterval': '1',
        'transport.mail.MaxRetryCount': '2',
      }),
    });
    try {
      await until('the error', () =>
        logged(t, 'Error connecting to mail server for address : nobody@post.test'),
      );
      // transport.mail.MaxRetryCount 2: a second attempt after the warning (ReconnectTimeout 0 s)
      await until('the retry', () =>
        logged(t, 'Connection to mail server for account : closed@post.test failed. Retrying in : 0 seconds'),
      );
      // (JavaMail's MailConnectException for a socket that does not connect)
      await until('the refused one', () =>
        logged(
          t,
          `Error connecting to mail server for address : closed@post.test :: Couldn't connect to host, port: 127.0.0.1, ${closed}; timeout -1`,
        ),
      );
    } finally {
      await t.close();
    }
  });

  it("offers MI's mail listener parameters where a proxy names one (MI MailToTransportFolderTestCase)", () => {
    const doc = parseXml(`<proxy ${NS} name="P" transports="mailto"><target/></proxy>`);
    const names = knownParameters(doc.root!).map((k) => k.name);
    for (const n of [
      'transport.mail.Address',
      'transport.mail.Protocol',
      'transport.mail.Folder',
      'mail.imap.host',
    ])
      assert.ok(names.includes(n), n);
  });
});

describe('oracle S15 T3: the mail listener trusts a mail server as JavaMail does (ssl.trust)', function () {
  this.timeout(30000);
  let box: TestImap;
  before(async () => {
    // a self-signed certificate: no CA of the platform vouches for it
    box = await startImap({ tls: generateCertificate(['127.0.0.1']), pop3: true });
  });
  after(async () => {
    await box?.close();
  });

  for (const family of ['imaps', 'pop3s'] as const) {
    it(`${family}: a certificate nobody trusts is refused; listed in mail.${family}.ssl.trust it is read`, async () => {
      const port = family === 'imaps' ? box.imapsPort! : box.pop3sPort!;
      const subject = `Parcel ${family} trusted`;
      box.seed(family, mail(subject, `Content :${family}`), { recent: true });
      const params = (more: Record<string, string>) => ({
        'transport.mail.Address': 'clerk@post.test',
        'transport.mail.Protocol': family,
        [`mail.${family}.host`]: '127.0.0.1',
        [`mail.${family}.port`]: String(port),
        [`mail.${family === 'imaps' ? 'imap' : 'pop3'}.user`]: IMAP_USER,
        [`mail.${family === 'imaps' ? 'imap' : 'pop3'}.password`]: IMAP_PASS,
        'transport.mail.ContentType': 'text/plain',
        'transport.PollInterval': '200ms',
        ...more,
      });
      const refused = await project({ Guarded: proxy('Guarded', params({})) });
      try {
        await until('the refusal', () =>
          logged(refused, 'Error connecting to mail server for address : clerk@post.test ::'),
        );
        assert.ok(!logged(refused, `Subject = ${subject}`));
      } finally {
        await refused.close();
      }
      const trusted = await project({
        Trusting: proxy('Trusting', params({ [`mail.${family}.ssl.trust`]: '127.0.0.1' })),
      });
      try {
        await until('the mail', () => logged(trusted, `Subject = ${subject}`));
      } finally {
        await trusted.close();
      }
    });
  }
});
