/**
 * OAuth2 (XOAUTH2) email connections in the embedded runtime: a real token endpoint (node:http on 127.0.0.1), a
 * real SMTP server that accepts only XOAUTH2 with the token it issued, and a real dovecot that checks XOAUTH2 tokens
 * at the same server's introspection URL. The connector's token request
 * (connection/oauth: client_credentials or a refresh_token grant, the form body as written), the token kept until
 * it expires, and a token that cannot be had failing the init (EmailConfig: EMAIL:CONNECTIVITY, no document).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { SMTP_USER, startSmtp, type TestSmtp } from './emailFixtures';
import { IMAP_USER, startImap, type TestImap } from './dovecotFixture';

describe('runtime: Email connector, OAuth2 (XOAUTH2) connections', function () {
  this.timeout(20000);
  let smtp: TestSmtp;
  let tokens: Server;
  let t: TestRuntime;
  let imap: TestImap;
  const requests: { path: string; type: string; body: string }[] = [];
  const introspected: string[] = [];

  before(async () => {
    smtp = await startSmtp({ authMethods: ['XOAUTH2'], accessToken: 'tok-9f2' });
    tokens = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/introspect') {
          // dovecot asks whether the token a client logged in with is good
          const token = new URLSearchParams(body).get('token') ?? '';
          introspected.push(token);
          const ok = token === 'tok-9f2';
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(ok ? { active: true, username: IMAP_USER } : { active: false }));
          return;
        }
        requests.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
        if (req.url === '/denied') {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'tok-9f2', token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((r) => tokens.listen(0, '127.0.0.1', r));
    const tokenBase = `http://127.0.0.1:${(tokens.address() as AddressInfo).port}`;
    imap = await startImap({ introspectionUrl: `${tokenBase}/introspect`, pop3: true });
    imap.seed(
      'o1',
      'From: ops@plant.test\nTo: desk@shop.test\nSubject: Token inbox\nMessage-ID: <ti-1@plant.test>\n\nok\n',
    );
    const conn = (key: string, grant: string, path: string) => `<localEntry ${NS} key="${key}"><email.init>
      <connectionType>SMTP</connectionType><name>${key}</name><host>127.0.0.1</host><port>${smtp.port}</port>
      <username>${SMTP_USER}</username><enableOAuth2>true</enableOAuth2><grantType>${grant}</grantType>
      <clientId>shop-app</clientId><clientSecret>s3cr3t</clientSecret><scope>mail.send</scope>
      <refreshToken>r-77</refreshToken><tokenUrl>${tokenBase}${path}</tokenUrl></email.init></localEntry>`;
    t = await startRuntime({
      'App.xml': conn('App', 'client_credentials', '/token'),
      'User.xml': conn('User', 'AUTHORIZATION_CODE', '/token'),
      'Denied.xml': conn('Denied', 'client_credentials', '/denied'),
      'Odd.xml': conn('Odd', 'password', '/token'),
      'Inbox.xml': `<localEntry ${NS} key="Inbox"><email.init>
        <connectionType>IMAP</connectionType><name>Inbox</name><host>127.0.0.1</host><port>${imap.port}</port>
        <username>${IMAP_USER}</username><enableOAuth2>true</enableOAuth2><grantType>client_credentials</grantType>
        <clientId>shop-app</clientId><clientSecret>s3cr3t</clientSecret><scope>mail.read</scope>
        <tokenUrl>${tokenBase}/token</tokenUrl></email.init></localEntry>`,
      'PopInbox.xml': `<localEntry ${NS} key="PopInbox"><email.init>
        <connectionType>POP3</connectionType><name>PopInbox</name><host>127.0.0.1</host><port>${imap.pop3Port}</port>
        <username>${IMAP_USER}</username><enableOAuth2>true</enableOAuth2><grantType>client_credentials</grantType>
        <clientId>shop-app</clientId><clientSecret>s3cr3t</clientSecret><scope>mail.pop</scope>
        <tokenUrl>${tokenBase}/token</tokenUrl></email.init></localEntry>`,
      'Inboxes.xml': `<api ${NS} name="Inboxes" context="/inboxes"><resource methods="POST" uri-template="/list"><inSequence>
        <email.list configKey="Inbox"><responseVariable>r</responseVariable><overwriteBody>true</overwriteBody></email.list>
        <respond/></inSequence></resource>
        <resource methods="POST" uri-template="/pop"><inSequence>
        <email.list configKey="PopInbox"><responseVariable>r</responseVariable><overwriteBody>true</overwriteBody></email.list>
        <respond/></inSequence></resource></api>`,
      'Notify.xml': `<api ${NS} name="Notify" context="/notify"><resource methods="POST" uri-template="/{via}"><inSequence>
        <email.send configKey="{\${params.pathParams.via}}"><from>shop@shop.test</from><to>ann@client.test</to>
          <subject>Token mail</subject><content>hello</content>
          <responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></email.send>
        <payloadFactory media-type="json"><format>{"result":\${vars.r.payload}}</format></payloadFactory><respond/>
        </inSequence><faultSequence>
        <payloadFactory media-type="json"><format>{"code":"$1","message":"$2","status":"$3"}</format>
          <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="get-property('axis2','HTTP_SC')"/></args>
        </payloadFactory><respond/></faultSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
    await imap?.close();
    await new Promise<void>((r) => tokens.close(() => r()));
  });

  it('client_credentials: the token request as the connector writes it; XOAUTH2 login; the token is kept', async () => {
    const arrived = smtp.next();
    const r = await send(`${t.base}/notify/App`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { result: { success: true } });
    assert.equal((await arrived).user, SMTP_USER);
    assert.deepEqual(requests, [
      {
        path: '/token',
        type: 'application/x-www-form-urlencoded',
        body: 'grant_type=client_credentials&client_id=shop-app&client_secret=s3cr3t&scope=mail.send',
      },
    ]);
    const again = smtp.next();
    assert.equal((await send(`${t.base}/notify/App`, { body: '{}', type: 'application/json' })).status, 200);
    await again;
    assert.equal(requests.length, 1, 'the unexpired token is used again');
  });

  it('authorization_code (any case) asks with the refresh token', async () => {
    const arrived = smtp.next();
    const r = await send(`${t.base}/notify/User`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    await arrived;
    assert.equal(
      requests[requests.length - 1].body,
      'grant_type=refresh_token&client_id=shop-app&client_secret=s3cr3t&refresh_token=r-77',
    );
  });

  it('IMAP: the store logs in with XOAUTH2 and the token (dovecot checks it at its introspection URL)', async () => {
    const before = requests.length;
    const r = await send(`${t.base}/inboxes/list`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      (r.json() as { emails: { subject: string }[] }).emails.map((e) => e.subject),
      ['Token inbox'],
    );
    assert.deepEqual(introspected, ['tok-9f2']);
    // the Inbox connection's own token (another connection name: another token request)
    assert.equal(requests.length, before + 1);
    assert.equal(
      requests[before].body,
      'grant_type=client_credentials&client_id=shop-app&client_secret=s3cr3t&scope=mail.read',
    );
  });

  it('POP3: the store logs in with AUTH XOAUTH2 and the token (dovecot checks it at its introspection URL)', async () => {
    const before = requests.length;
    const checked = introspected.length;
    const r = await send(`${t.base}/inboxes/pop`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      (r.json() as { emails: { subject: string }[] }).emails.map((e) => e.subject),
      ['Token inbox'],
    );
    assert.deepEqual(introspected.slice(checked), ['tok-9f2']);
    assert.equal(requests.length, before + 1);
    assert.equal(
      requests[before].body,
      'grant_type=client_credentials&client_id=shop-app&client_secret=s3cr3t&scope=mail.pop',
    );
    assert.ok(
      imap
        .log()
        .split('\n')
        .some((l) => /pop3-login: Info: Login: .*method=XOAUTH2/.test(l)),
      imap.log(),
    );
  });

  it('a token endpoint that refuses, or an unknown grant type, fails the init: 700203, no HTTP_SC', async () => {
    for (const via of ['Denied', 'Odd']) {
      const r = await send(`${t.base}/notify/${via}`, { body: '{}', type: 'application/json' });
      assert.deepEqual(r.json(), { code: '700203', message: 'EMAIL:CONNECTIVITY', status: '' }, via);
    }
    assert.ok(
      t.logs.some((l) => l.message.includes('Error occurred while accessing the Token URL. HTTP/1.1 401')),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
    assert.ok(t.logs.some((l) => l.message.includes('Grant type password is invalid.')));
  });
});
