/**
 * The Email connector's mailbox operations over POP3 in the embedded runtime, against a real dovecot (its POP3
 * listener; the test starts it and seeds the Maildir), as the connector behaves with JavaMail's POP3 provider: list
 * with no flag terms (a POP3 folder has no permanent flags) and subject / from matched against the headers, a date
 * term matching nothing, only INBOX, getEmailBody failing (the connector casts to IMAP messages), markAsRead changing
 * nothing on the server, delete removing the message, deleteAfterRetrieve removing the page.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { IMAP_PASS, IMAP_USER, startImap, type TestImap } from './dovecotFixture';

interface Case {
  op: string;
  params?: Record<string, string>;
}

function resource(name: string, c: Case): string {
  const params = Object.entries(c.params ?? {})
    .map(([k, v]) => `<${k}>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${k}>`)
    .join('');
  return `<resource methods="GET" uri-template="/${name}"><inSequence>
    <email.${c.op} configKey="Pop">${params}<responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></email.${c.op}>
    <payloadFactory media-type="json"><format>{"payload":\${vars.r.payload}}</format></payloadFactory><respond/></inSequence>
    <faultSequence>
      <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
        <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
      </payloadFactory><respond/></faultSequence></resource>`;
}

const CASES: Record<string, Case> = {
  all: { op: 'list', params: { seen: 'true', answered: 'true' } },
  subject: { op: 'list', params: { subjectRegex: 'PARCEL' } },
  from: { op: 'list', params: { fromRegex: 'Depot@Post.test' } },
  dated: { op: 'list', params: { receivedSince: '2020-01-01T00:00:00' } },
  other: { op: 'list', params: { folder: 'Archive' } },
  body: { op: 'getEmailBody', params: { emailId: '<p-1@post.test>', folder: 'INBOX' } },
  read: { op: 'markAsRead', params: { emailId: '<p-1@post.test>' } },
  delete: { op: 'delete', params: { emailId: 'p-2@post' } },
  take: { op: 'list', params: { deleteAfterRetrieve: 'true', offset: '0', limit: '1' } },
};

const mail = (n: number, from: string, subject: string) => `From: ${from}
To: desk@shop.test
Subject: ${subject}
Message-ID: <p-${n}@post.test>

Body ${n}
`;

describe('runtime: Email connector, mailbox operations over POP3 (real dovecot)', function () {
  this.timeout(30000);
  let srv: TestImap;
  let t: TestRuntime;
  const get = async (c: string) => (await send(`${t.base}/pop/${c}`)).json() as Record<string, unknown>;
  const subjects = (b: Record<string, unknown>) =>
    (b.payload as { emails: { subject: string }[] }).emails.map((e) => e.subject);
  const files = () => readdirSync(join(srv.maildir, 'cur')).length + readdirSync(join(srv.maildir, 'new')).length;

  before(async () => {
    srv = await startImap({ pop3: true });
    srv.seed('p1', mail(1, 'depot@post.test', 'Parcel 1 sent'), { flags: 'S' });
    srv.seed('p2', mail(2, 'Clerk <clerk@post.test>', 'Invoice 2'), { flags: '' });
    srv.seed('p3', mail(3, 'depot@post.test', 'Parcel 3 sent'), { flags: '' });
    t = await startRuntime({
      'Pop.xml': `<localEntry ${NS} key="Pop"><email.init><connectionType>POP3</connectionType><name>Pop</name>
        <host>127.0.0.1</host><port>${srv.pop3Port!}</port><username>${IMAP_USER}</username><password>${IMAP_PASS}</password>
        </email.init></localEntry>`,
      'PopApi.xml': `<api ${NS} name="PopApi" context="/pop">${Object.entries(CASES)
        .map(([n, c]) => resource(n, c))
        .join('')}</api>`,
    });
  });
  after(async () => {
    await t?.close();
    await srv?.close();
  });

  it('lists every message whatever the flags; subject and from matched on the headers; a date term matches none', async () => {
    assert.deepEqual(subjects(await get('all')), ['Parcel 1 sent', 'Invoice 2', 'Parcel 3 sent']);
    assert.deepEqual(subjects(await get('subject')), ['Parcel 1 sent', 'Parcel 3 sent']);
    assert.deepEqual(subjects(await get('from')), ['Parcel 1 sent', 'Parcel 3 sent']);
    assert.deepEqual(subjects(await get('dated')), []);
    const first = ((await get('all')).payload as { emails: Record<string, unknown>[] }).emails[1];
    assert.deepEqual(first, {
      index: 1,
      emailId: '<p-2@post.test>',
      to: 'desk@shop.test',
      from: 'clerk@post.test',
      cc: '',
      bcc: '',
      replyTo: 'clerk@post.test',
      subject: 'Invoice 2',
    });
  });

  it('only INBOX opens (700203); getEmailBody fails as in MI (the cast to IMAP messages: ERROR_CODE 0)', async () => {
    assert.deepEqual(await get('other'), { code: '700203', message: 'EMAIL:CONNECTIVITY' });
    const body = await get('body');
    assert.equal(body.code, '0');
    assert.match(String(body.message), /cannot be cast/);
  });

  it('markAsRead answers success and changes nothing; delete removes the message; deleteAfterRetrieve the page', async () => {
    assert.deepEqual(await get('read'), { payload: { success: true } });
    assert.equal(files(), 3);
    assert.deepEqual(await get('delete'), { payload: { success: true } });
    assert.equal(files(), 2);
    assert.deepEqual(subjects(await get('all')), ['Parcel 1 sent', 'Parcel 3 sent']);
    assert.deepEqual(subjects(await get('take')), ['Parcel 1 sent']);
    assert.deepEqual(subjects(await get('all')), ['Parcel 3 sent']);
  });
});
