/**
 * The Email connector's mailbox operations in the embedded runtime against a real IMAP server (dovecot, started by
 * the test with its own configuration on 127.0.0.1, a Maildir the test seeds): list with its flag, subject, from,
 * offset/limit and folder filters, getEmailBody, getEmailAttachment, markAsRead, markAsDeleted, delete and
 * expungeFolder, with the result documents of esb-connector-email v2 (EmailList, EmailGetBody, EmailGetAttachment,
 * ResponseConstants) and its error codes. The tests run in order: the mailbox changes as they go.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NS, closedPort, send, startRuntime, type TestRuntime } from './helpers';
import { IMAP_PASS, IMAP_USER, startImap, type TestImap } from './dovecotFixture';

function mailbox(key: string, port: number, password = IMAP_PASS): string {
  return `<localEntry ${NS} key="${key}"><email.init>
    <connectionType>IMAP</connectionType><name>${key}</name><host>127.0.0.1</host><port>${port}</port>
    <username>${IMAP_USER}</username><password>${password}</password>
    <maxActiveConnections>4</maxActiveConnections><exhaustedAction>WHEN_EXHAUSTED_FAIL</exhaustedAction>
  </email.init></localEntry>`;
}

/**
 * One resource per case: `/<case>` runs `<email.<op> configKey="<box>">` with the parameters as written (a
 * parameter not listed is not given). `raw` cases use overwriteBody and answer the body as the operation left it.
 */
interface Case {
  op: string;
  box?: string;
  params?: Record<string, string>;
  raw?: boolean;
}

function resource(name: string, c: Case): string {
  const params = Object.entries(c.params ?? {})
    .map(([k, v]) => `<${k}>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${k}>`)
    .join('');
  const answer = c.raw
    ? '<respond/>'
    : // a ${} without a value writes nothing and a string literal its quotes (RegexTemplateProcessor): null is the
      // template's own text, in a branch of its own
      `<filter xpath="\${exists(vars.r.attributes)}"><then><payloadFactory media-type="json"><format>{"payload":\${vars.r.payload},"attributes":\${vars.r.attributes}}</format></payloadFactory></then>
      <else><payloadFactory media-type="json"><format>{"payload":\${vars.r.payload},"attributes":null}</format></payloadFactory></else></filter><respond/>`;
  return `<resource methods="GET POST" uri-template="/${name}"><inSequence>
    <email.${c.op} configKey="${c.box ?? 'Box'}">${params}
      <responseVariable>r</responseVariable><overwriteBody>${c.raw ? 'true' : 'false'}</overwriteBody>
    </email.${c.op}>${answer}</inSequence>
    <faultSequence>
      <filter xpath="\${exists(vars.r.payload)}"><then><payloadFactory media-type="json"><format>{"code":"$1","message":"$2","status":"$3","payload":\${vars.r.payload}}</format>
        <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="get-property('axis2','HTTP_SC')"/></args>
      </payloadFactory></then><else><payloadFactory media-type="json"><format>{"code":"$1","message":"$2","status":"$3","payload":null}</format>
        <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="get-property('axis2','HTTP_SC')"/></args>
      </payloadFactory></else></filter><respond/></faultSequence></resource>`;
}

const flags = (
  seen: boolean,
  answered: boolean,
  deleted: boolean,
  recent: boolean,
): Record<string, string> => ({
  seen: String(seen),
  answered: String(answered),
  deleted: String(deleted),
  recent: String(recent),
});
const UNSEEN = flags(false, false, false, true);
const id = (emailId: string, more: Record<string, string> = {}) => ({ emailId, ...more });

/**
 * Today in the local time zone as LocalDateTime text: the received date of the messages seeded now (taken when they
 * are seeded, not when the file is loaded: a run that starts before midnight may seed them after it).
 */
const today = (): string => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T00:00:00`;
};

const CASES: Record<string, Case> = {
  seenNotAnswered: { op: 'list', params: flags(true, false, false, true) },
  defaults: { op: 'list' },
  answered: { op: 'list', params: { ...flags(true, true, false, true), subjectRegex: 'Invoice' } },
  page: { op: 'list', params: { ...UNSEEN, offset: '1', limit: '1' } },
  pastEnd: { op: 'list', params: { ...UNSEEN, offset: '9', limit: '1' } },
  fromDues: { op: 'list', params: { ...UNSEEN, fromRegex: 'dues@billing.test' } },
  since2000: { op: 'list', params: { receivedSince: '2000-01-01T00:00:00' } },
  sinceToday: { op: 'list', params: { receivedSince: 'today' } },
  untilToday: { op: 'list', params: { sentUntil: 'today' } },
  untilLater: { op: 'list', params: { receivedUntil: '2999-12-31T23:59:59' } },
  badDate: { op: 'list', params: { receivedSince: '2024-05-01' } },
  archive: { op: 'list', params: { ...flags(true, false, false, true), folder: 'Archive' } },
  body102: { op: 'getEmailBody', params: id('<inv-102@billing.test>', { folder: 'INBOX' }) },
  body101: { op: 'getEmailBody', params: id('<inv-101@billing.test>', { folder: 'INBOX' }) },
  att: {
    op: 'getEmailAttachment',
    params: id('<inv-102@billing.test>', { folder: 'INBOX', attachmentIndex: '0' }),
  },
  attRaw: {
    op: 'getEmailAttachment',
    params: id('<inv-102@billing.test>', { folder: 'INBOX', attachmentIndex: '0' }),
    raw: true,
  },
  attBad: {
    op: 'getEmailAttachment',
    params: id('<inv-102@billing.test>', { folder: 'INBOX', attachmentIndex: '4' }),
  },
  read1: { op: 'markAsRead', params: id('<rem-1@billing.test>') },
  readNone: { op: 'markAsRead', params: id('<none@billing.test>') },
  del2: { op: 'markAsDeleted', params: id('<rem-2@billing.test>', { folder: 'INBOX' }) },
  expunge: { op: 'expungeFolder', params: { folder: 'INBOX' } },
  delete3: { op: 'delete', params: id('<rem-3@billing.test>', { folder: 'INBOX' }) },
  bodyNone: { op: 'getEmailBody', params: id('<none@billing.test>', { folder: 'INBOX' }) },
  nowhere: { op: 'list', params: { folder: 'Nowhere' } },
  downRead: { op: 'markAsRead', box: 'Down', params: id('<inv-101@billing.test>') },
  badList: { op: 'list', box: 'BadPass' },
  takeSeen: { op: 'list', params: { ...flags(true, false, false, false), deleteAfterRetrieve: 'true' } },
};

const MAILS = {
  inv101: `From: Ann Clerk <ann@billing.test>
To: desk@shop.test
Subject: Invoice 101
Message-ID: <inv-101@billing.test>
Date: Mon, 4 Nov 2024 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Amount due: 40 EUR
`,
  inv102: `From: ann@billing.test
To: desk@shop.test, "Stone, Bob" <bob@shop.test>
Cc: Audit Team <audit@shop.test>
Reply-To: replies@billing.test
Subject: =?UTF-8?B?SW52b2ljZSAxMDIg4oCTIGNvcHk=?=
Message-ID: <inv-102@billing.test>
Date: Tue, 5 Nov 2024 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Total: 12,50 =E2=82=AC
--inner
Content-Type: text/html; charset=utf-8

<p>Total: 12,50 &euro;</p>
--inner--
--outer
Content-Type: text/csv; name="lines.csv"
Content-Disposition: attachment; filename="lines.csv"
Content-Transfer-Encoding: base64

${Buffer.from('item,qty\npen,3\n').toString('base64')}
--outer--
`,
  reminder: (n: number, from: string) => `From: ${from}
To: desk@shop.test
Subject: Reminder ${n}
Message-ID: <rem-${n}@billing.test>
Date: Wed, 6 Nov 2024 09:0${n}:00 +0000

Please pay.
`,
  old: `From: ann@billing.test
To: desk@shop.test
Subject: Old invoice
Message-ID: <old-1@billing.test>

Settled.
`,
};

describe('runtime: Email connector, mailbox operations (real IMAP server: dovecot)', function () {
  this.timeout(30000);
  let imap: TestImap;
  let t: TestRuntime;
  const get = async (path: string) => {
    const r = await send(`${t.base}/mail/${path}`);
    return {
      status: r.status,
      body: r.json() as Record<string, unknown>,
      type: r.headers.get('content-type'),
      text: r.text,
    };
  };

  before(async () => {
    imap = await startImap();
    CASES.sinceToday.params = { receivedSince: today() };
    CASES.untilToday.params = { sentUntil: today() };
    imap.seed('inv101', MAILS.inv101, { flags: 'S' });
    imap.seed('inv102', MAILS.inv102, { flags: 'RS' });
    imap.seed('rem1', MAILS.reminder(1, 'ann@billing.test'), { flags: '' });
    imap.seed('rem2', MAILS.reminder(2, 'Collections <dues@billing.test>'), { flags: '' });
    imap.seed('rem3', MAILS.reminder(3, 'ann@billing.test'), { flags: '' });
    imap.seed('old', MAILS.old, { folder: 'Archive', flags: 'S' });
    t = await startRuntime({
      'Box.xml': mailbox('Box', imap.port),
      'BadPass.xml': mailbox('BadPass', imap.port, 'wrong'),
      'Down.xml': mailbox('Down', await closedPort()),
      'Mail.xml': `<api ${NS} name="Mail" context="/mail">${Object.entries(CASES)
        .map(([n, c]) => resource(n, c))
        .join('')}</api>`,
    });
  });
  after(async () => {
    await t?.close();
    await imap?.close();
  });

  const subjectsOf = (b: Record<string, unknown>) =>
    (b.payload as { emails: { subject: string; index: number }[] }).emails.map(
      (e) => `${e.index}:${e.subject}`,
    );
  const ALL = ['0:Invoice 101', '1:Invoice 102 – copy', '2:Reminder 1', '3:Reminder 2', '4:Reminder 3'];

  it('lists a read-only folder: the EmailList document; no flag terms (dovecot opens it with PERMANENTFLAGS ())', async () => {
    const r = await get('seenNotAnswered');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(subjectsOf(r.body), ALL);
    assert.deepEqual((r.body.payload as { emails: unknown[] }).emails[0], {
      index: 0,
      emailId: '<inv-101@billing.test>',
      to: 'desk@shop.test',
      from: 'ann@billing.test',
      cc: '',
      bcc: '',
      replyTo: 'ann@billing.test',
      subject: 'Invoice 101',
    });
    assert.equal(r.body.attributes, null);
    // without flag parameters each flag term would be true; on a read-only folder there are none either
    assert.deepEqual(subjectsOf((await get('defaults')).body), ALL);
  });

  it('lists with attachments; decodes the subject and the address lists; subjectRegex is a SUBJECT search', async () => {
    const r = await get('answered');
    assert.deepEqual(subjectsOf(r.body), ['0:Invoice 101', '1:Invoice 102 – copy']);
    assert.deepEqual((r.body.payload as { emails: unknown[] }).emails[1], {
      index: 1,
      emailId: '<inv-102@billing.test>',
      to: 'desk@shop.test,"Stone, Bob" <bob@shop.test>',
      from: 'ann@billing.test',
      cc: 'Audit Team <audit@shop.test>',
      bcc: '',
      replyTo: 'replies@billing.test',
      subject: 'Invoice 102 – copy',
      attachments: [{ index: 0, name: 'lines.csv', contentType: 'text/csv' }],
    });
  });

  it('offset and limit page the matches; fromRegex filters by sender; folder reads another folder', async () => {
    assert.deepEqual(subjectsOf((await get('page')).body), ['0:Invoice 102 – copy']);
    // an offset past the end gives every match (getPaginatedMessages keeps the list when offset > size)
    assert.deepEqual(subjectsOf((await get('pastEnd')).body), ALL);
    assert.deepEqual(subjectsOf((await get('fromDues')).body), ['0:Reminder 2']);
    assert.deepEqual(subjectsOf((await get('archive')).body), ['0:Old invoice']);
  });

  it('date terms: since is after that day (NOT ON d SINCE d), until before it; sent* compare the received date too', async () => {
    assert.deepEqual(subjectsOf((await get('since2000')).body), ALL);
    assert.deepEqual(subjectsOf((await get('sinceToday')).body), []);
    assert.deepEqual(subjectsOf((await get('untilToday')).body), []);
    assert.deepEqual(subjectsOf((await get('untilLater')).body), ALL);
    // LocalDateTime.parse wants a time: the DateTimeParseException is no connector error (ERROR_CODE 0)
    const bad = await get('badDate');
    assert.equal(bad.body.code, '0', bad.text);
    assert.match(String(bad.body.message), /could not be parsed/);
  });

  it('getEmailBody: the EmailGetBody document (first text and html parts, decoded)', async () => {
    const r = await get('body102');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.payload, {
      email: {
        emailId: '<inv-102@billing.test>',
        to: 'desk@shop.test,"Stone, Bob" <bob@shop.test>',
        from: 'ann@billing.test',
        cc: 'Audit Team <audit@shop.test>',
        bcc: '',
        subject: 'Invoice 102 – copy',
        replyTo: 'replies@billing.test',
        htmlContent: '<p>Total: 12,50 &euro;</p>',
        textContent: 'Total: 12,50 €',
      },
    });
    const plain = await get('body101');
    // htmlContent is null in the variable; ${vars.r.payload} in a JSON template is written by Gson without its null
    // members (RegexTemplateProcessor, b44eae7f), so the answer has no htmlContent
    const email = (plain.body.payload as { email: Record<string, unknown> }).email;
    assert.ok(!('htmlContent' in email), JSON.stringify(email));
    // (the text as the IMAP server serves it: CRLF line ends)
    assert.equal(
      (plain.body.payload as { email: { textContent: unknown } }).email.textContent,
      'Amount due: 40 EUR\r\n',
    );
  });

  it('getEmailAttachment: base64 with name and type attributes; overwriteBody puts the raw bytes in the body', async () => {
    const r = await get('att');
    assert.deepEqual(r.body, {
      payload: { base64Encoded: Buffer.from('item,qty\npen,3\n').toString('base64') },
      attributes: { ATTACHMENT_NAME: 'lines.csv', ATTACHMENT_TYPE: 'text/csv' },
    });
    // (a POST: a bodiless GET keeps NO_ENTITY_BODY, which PayloadUtils.setContent leaves, and would answer nothing)
    const raw = await send(`${t.base}/mail/attRaw`, { body: '{"want":"lines"}', type: 'application/json' });
    // PayloadUtils.setContent builds text/csv as text; MI has no formatter for text/csv, so the application/xml one
    // writes the text wrapper, which PayloadUtils.getTextElement makes with factory.createOMElement(QName without a
    // prefix): Axiom 1.2.11-wso2 gives it a generated prefix (OMElementImpl.handleNamespace, axis2ns<N> of a global
    // counter; checked: createOMElement + toString), not PlainTextBuilder's default namespace
    assert.match(
      raw.text,
      /^<axis2ns(\d+):text xmlns:axis2ns\1="http:\/\/ws\.apache\.org\/commons\/ns\/payload">item,qty\npen,3\n<\/axis2ns\1:text>$/,
    );
    assert.match(raw.headers.get('content-type') ?? '', /^text\/csv/);
    const bad = await get('attBad');
    assert.deepEqual(bad.body, {
      code: '700204',
      message: 'EMAIL:INVALID_CONFIGURATION',
      status: '500',
      payload: { error: { code: '700204', message: 'EMAIL:INVALID_CONFIGURATION' } },
    });
  });

  /** The Maildir flags of the message whose file name ends with `.<name>` (dovecot renames on a flag change). */
  const maildirFlags = (name: string): string | undefined => {
    for (const d of ['cur', 'new']) {
      const f = readdirSync(join(imap.maildir, d)).find((x) => x.includes(`.${name}`));
      if (f) return f.includes(':2,') ? f.slice(f.indexOf(':2,') + 3) : '';
    }
    return undefined;
  };

  it('markAsRead sets \\Seen; an unknown id is 700201 EMAIL:EMAIL_NOT_FOUND', async () => {
    assert.equal(maildirFlags('rem1'), '');
    const r = await get('read1');
    assert.deepEqual(r.body, { payload: { success: true }, attributes: null });
    assert.equal(maildirFlags('rem1'), 'S');
    const missing = await get('readNone');
    assert.deepEqual(missing.body, {
      code: '700201',
      message: 'EMAIL:EMAIL_NOT_FOUND',
      status: '500',
      payload: { success: false, error: { code: '700201', message: 'EMAIL:EMAIL_NOT_FOUND' } },
    });
  });

  it('markAsDeleted flags a message; expungeFolder removes it; delete flags and expunges at once', async () => {
    const r = await get('del2');
    assert.deepEqual(r.body, { payload: { success: true }, attributes: null });
    assert.equal(maildirFlags('rem2'), 'T');
    assert.deepEqual((await get('expunge')).body, { payload: { success: true }, attributes: null });
    assert.equal(maildirFlags('rem2'), undefined);
    const d = await get('delete3');
    assert.deepEqual(d.body, { payload: { success: true }, attributes: null });
    assert.equal(maildirFlags('rem3'), undefined);
    assert.deepEqual(subjectsOf((await get('defaults')).body), [
      '0:Invoice 101',
      '1:Invoice 102 – copy',
      '2:Reminder 1',
    ]);
  });

  it('deleteAfterRetrieve opens the folder read-write: the flag terms apply, the page is deleted', async () => {
    // seen, not answered, not deleted, not recent (the read-write sessions took \\Recent): Invoice 101, Reminder 1
    const r = await get('takeSeen');
    assert.deepEqual(subjectsOf(r.body), ['0:Invoice 101', '1:Reminder 1']);
    assert.deepEqual(subjectsOf((await get('defaults')).body), ['0:Invoice 102 – copy']);
  });

  it('failures: a missing email (700208), a folder that does not open (700203), a store that does not connect', async () => {
    const body = await get('bodyNone');
    assert.deepEqual(body.body, {
      code: '700208',
      message: 'EMAIL:EMAIL_PARSING_ERROR',
      status: '500',
      payload: { error: { code: '700208', message: 'EMAIL:EMAIL_PARSING_ERROR' } },
    });
    const folder = await get('nowhere');
    assert.deepEqual(folder.body, {
      code: '700203',
      message: 'EMAIL:CONNECTIVITY',
      status: '500',
      payload: { error: { code: '700203', message: 'EMAIL:CONNECTIVITY' } },
    });
    // the store connection (refused, or its login refused) is the pool's ConnectException: markAsRead catches it,
    // list does not (one refused login only: dovecot slows down repeated failures from one address)
    const read = await get('downRead');
    assert.equal(read.body.code, '700203', read.text);
    const list = await get('badList');
    assert.equal(list.body.code, '0', list.text);
    assert.equal(list.body.payload, null);
    assert.match(String(list.body.message), /Error occurred while borrowing connection from the pool/);
  });
});
