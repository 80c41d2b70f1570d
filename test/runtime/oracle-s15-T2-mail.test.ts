/**
 * Session 15 (T2): the mail transport sender. An endpoint address `mailto:x@y` (`mailtoNAME:` for another sender)
 * sends the message as an e-mail as MI's axis2 MailTransportSender does, over deployment.toml's
 * [[transport.mail.sender]] settings (MI SendMailWith*ThroughESBTestCase; MailTransportSender.sendMail). A real SMTP
 * server on 127.0.0.1 (smtp-server) receives what goes out.
 */
import assert from 'node:assert/strict';
import { NS, closedPort, send, startProjectRuntime, type TestRuntime } from './helpers';
import { SMTP_PASS, SMTP_USER, startSmtp, type TestSmtp } from './emailFixtures';

function sender(name: string, port: number, extra = ''): string {
  return `[[transport.mail.sender]]
name = "${name}"
parameter.hostname = "127.0.0.1"
parameter.port = "${port}"
parameter.enable_tls = false
parameter.auth = true
parameter.username = "${SMTP_USER}"
parameter.password = "${SMTP_PASS}"
parameter.from = "dispatch@shop.test"
${extra}
`;
}

const FAULT =
  '<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>' +
  '<arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>' +
  '<property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>';

function mailApi(name: string, body: string): string {
  return `<api ${NS} name="${name}" context="/${name.toLowerCase()}"><resource methods="POST" uri-template="/*"><inSequence>${body}</inSequence>${FAULT}</resource></api>`;
}

async function project(toml: string, apis: Record<string, string>): Promise<TestRuntime> {
  const files: Record<string, string> = { 'deployment/deployment.toml': toml };
  for (const [n, text] of Object.entries(apis)) files[`src/main/wso2mi/artifacts/apis/${n}.xml`] = text;
  return startProjectRuntime(files, 'mail');
}

const TEXT_MAIL =
  '<property name="Subject" expression="//title" scope="transport"/>' +
  '<property name="OUT_ONLY" value="true"/>' +
  '<payloadFactory media-type="xml"><format><ns:text xmlns:ns="http://ws.apache.org/commons/ns/payload">Parcel $1 left the depot</ns:text></format>' +
  '<args><arg expression="//id"/></args></payloadFactory>' +
  // (after the payloadFactory, which makes an XML message application/xml)
  '<property name="messageType" value="text/plain" scope="axis2"/>';

describe('oracle S15 T2: mailto: transport sender (MI MailTransportSender)', function () {
  this.timeout(20000);
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.close();
  });

  it('an OUT_ONLY call to mailto: sends the text message with the Subject header and the sender Bcc list (MI SendMailWithBCCThroughESBTestCase)', async () => {
    const t = await project(
      sender('mailto', smtp.port, `parameter.'transport.mail.SMTPBccAddresses' = "audit@shop.test"`),
      {
        Notify: mailApi(
          'Notify',
          TEXT_MAIL + '<call><endpoint><address uri="mailto:client@home.test"/></endpoint></call><respond/>',
        ),
      },
    );
    try {
      const arrived = smtp.next();
      const r = await send(`${t.base}/notify`, {
        body: '<order><id>P-77</id><title>Your parcel P-77</title></order>',
        type: 'application/xml',
      });
      const m = await arrived;
      // the client gets the message as the flow left it (the mail sender sends no answer)
      assert.equal(r.status, 200);
      assert.equal(r.text, 'Parcel P-77 left the depot');
      assert.equal(m.user, SMTP_USER);
      assert.equal(m.from, 'dispatch@shop.test');
      assert.deepEqual(m.to, ['client@home.test', 'audit@shop.test']);
      assert.equal(m.mail.subject, 'Your parcel P-77');
      assert.equal(m.mail.from?.text, 'dispatch@shop.test');
      assert.equal((m.mail.replyTo as { text: string } | undefined)?.text, 'dispatch@shop.test');
      assert.equal((m.mail.to as { text: string }).text, 'client@home.test');
      // Bcc recipients are only in the envelope
      assert.doesNotMatch(m.raw, /^Bcc:/im);
      assert.match(m.raw, /^Content-Type: text\/plain; charset=UTF-8\r$/im);
      assert.match(m.raw, /^Content-Transfer-Encoding: quoted-printable\r$/im);
      assert.match(m.raw, /^Message-ID: <urn\.uuid\.[0-9a-f-]{36}dispatch@shop\.test>\r$/im);
      assert.equal(m.mail.text?.trim(), 'Parcel P-77 left the depot');
    } finally {
      await t.close();
    }
  });

  it('transport.mail.Format Multipart: a text part "Web Service Message Attached", then the SOAP message (MI SendMailWithMultipartThroughESBTestCase)', async () => {
    const t = await project(sender('mailto', smtp.port), {
      Multi: mailApi(
        'Multi',
        '<property name="Subject" value="Envelope inside" scope="transport"/>' +
          '<property name="transport.mail.Format" value="Multipart" scope="axis2"/>' +
          '<property name="OUT_ONLY" value="true"/>' +
          '<call><endpoint><address uri="mailto:desk@home.test"/></endpoint></call><respond/>',
      ),
      Attach: mailApi(
        'Attach',
        '<property name="transport.mail.Format" value="Attachment" scope="axis2"/>' +
          '<property name="AttachmentFile" value="order.xml" scope="axis2"/>' +
          '<property name="transport.mail.bodyWhenAttached" value="See the attached order" scope="axis2"/>' +
          '<property name="OUT_ONLY" value="true"/>' +
          '<call><endpoint><address uri="mailto:desk@home.test"/></endpoint></call><respond/>',
      ),
    });
    try {
      const env =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><note>kept</note></soapenv:Body></soapenv:Envelope>';
      let arrived = smtp.next();
      await send(`${t.base}/multi`, { body: env, type: 'text/xml', headers: { SOAPAction: 'urn:notify' } });
      let m = await arrived;
      assert.match(m.raw, /^Content-Type: multipart\/mixed;/im);
      assert.equal(m.mail.subject, 'Envelope inside');
      assert.equal(m.mail.text?.trim(), 'Web Service Message Attached');
      assert.equal(m.mail.attachments.length, 1);
      const part = m.mail.attachments[0];
      assert.equal(part.contentType, 'text/xml');
      assert.match(part.content.toString('utf8'), /<note>kept<\/note><\/soapenv:Body><\/soapenv:Envelope>/);
      // the SOAPAction header on the message and on its part, after their Content-* headers (JavaMail InternetHeaders)
      assert.equal(m.raw.match(/^SOAPAction: urn:notify\r$/gim)?.length, 2);
      assert.match(
        m.raw,
        /Content-Transfer-Encoding: quoted-printable\r\nSOAPAction: urn:notify\r\n\r\n<soapenv:Envelope/,
      );
      // the SOAP formatter names the charset; the text part is JavaMail's us-ascii 7bit
      assert.match(m.raw, /^Content-Type: text\/xml; charset=UTF-8\r$/im);
      assert.match(
        m.raw,
        /^Content-Type: text\/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r$/im,
      );

      // Attachment: the message part carries the file name (AttachmentFile), the text part bodyWhenAttached
      arrived = smtp.next();
      await send(`${t.base}/attach`, { body: '<order><id>9</id></order>', type: 'application/xml' });
      m = await arrived;
      assert.equal(m.mail.text?.trim(), 'See the attached order');
      assert.equal(m.mail.attachments[0].filename, 'order.xml');
      assert.equal(m.mail.attachments[0].content.toString('utf8'), '<order><id>9</id></order>');
      // no Subject and no action: MailTransportSender writes "SOAPAction: " and the (null) action
      assert.equal(m.mail.subject, 'SOAPAction: null');
    } finally {
      await t.close();
    }
  });

  it('a mailtoNAME: address uses the sender of that name, its account and From (MI SendMailWithSecondaryAccountThroughESBTestCase)', async () => {
    const second = await startSmtp({ open: true });
    const t = await project(
      sender('mailto', smtp.port) +
        `[[transport.mail.sender]]
name = "mailtoOps"
parameter.hostname = "127.0.0.1"
parameter.port = "${second.port}"
parameter.from = "ops@shop.test"
`,
      {
        Ops: mailApi(
          'Ops',
          TEXT_MAIL +
            '<call><endpoint><address uri="mailtoOps:oncall@home.test"/></endpoint></call><respond/>',
        ),
      },
    );
    try {
      const arrived = second.next();
      await send(`${t.base}/ops`, { body: '<o><id>5</id><title>Ops</title></o>', type: 'application/xml' });
      const m = await arrived;
      assert.equal(m.user, undefined);
      assert.equal(m.from, 'ops@shop.test');
      assert.deepEqual(m.to, ['oncall@home.test']);
      assert.equal(smtp.mails.filter((x) => x.to.includes('oncall@home.test')).length, 0);
    } finally {
      await t.close();
      await second.close();
    }
  });

  it('From, To, Cc and Bcc transport headers override the sender and the address (MI MailTransportSender.sendMail)', async () => {
    const t = await project(sender('mailto', smtp.port), {
      Heads: mailApi(
        'Heads',
        TEXT_MAIL +
          '<property name="From" value="Sales Desk &lt;sales@shop.test&gt;" scope="transport"/>' +
          '<property name="To" value="a@home.test, b@home.test" scope="transport"/>' +
          '<property name="Cc" value="c@home.test" scope="transport"/>' +
          '<property name="Bcc" value="d@home.test" scope="transport"/>' +
          '<property name="messageType" value="application/xml" scope="axis2"/>' +
          '<property name="ContentType" value="application/vnd.shop+xml" scope="axis2"/>' +
          '<call><endpoint><address uri="mailto:ignored@home.test"/></endpoint></call><respond/>',
      ),
    });
    try {
      const arrived = smtp.next();
      await send(`${t.base}/heads`, { body: '<o><id>1</id><title>T</title></o>', type: 'application/xml' });
      const m = await arrived;
      // the envelope sender stays mail.smtp.from (JavaMail's SMTPTransport)
      assert.equal(m.from, 'dispatch@shop.test');
      assert.deepEqual(m.to, ['a@home.test', 'b@home.test', 'c@home.test', 'd@home.test']);
      assert.match(m.raw, /^From: Sales Desk <sales@shop\.test>\r$/im);
      assert.match(m.raw, /^Reply-To: Sales Desk <sales@shop\.test>\r$/im);
      assert.match(m.raw, /^To: a@home\.test, b@home\.test\r$/im);
      assert.match(m.raw, /^Cc: c@home\.test\r$/im);
      // the XML formatter names the axis2 ContentType property, with the charset
      assert.match(m.raw, /^Content-Type: application\/vnd\.shop\+xml; charset=UTF-8\r$/im);
      assert.doesNotMatch(m.raw, /^Bcc:/im);
    } finally {
      await t.close();
    }
  });

  it('a From transport header with mail.smtp.user and mail.smtp.password ones sends on an account of its own (MI MailTransportSender.sendMail)', async () => {
    // the sender's own password is wrong: only the headers' account can send
    const t = await project(sender('mailto', smtp.port).replace(`"${SMTP_PASS}"`, '"stale"'), {
      Own: mailApi(
        'Own',
        TEXT_MAIL +
          '<property name="From" value="night@shop.test" scope="transport"/>' +
          `<property name="mail.smtp.user" value="${SMTP_USER}" scope="transport"/>` +
          `<property name="mail.smtp.password" value="${SMTP_PASS}" scope="transport"/>` +
          '<call><endpoint><address uri="mailto:client@home.test"/></endpoint></call><respond/>',
      ),
    });
    try {
      const arrived = smtp.next();
      const r = await send(`${t.base}/own`, {
        body: '<o><id>3</id><title>Night</title></o>',
        type: 'application/xml',
      });
      assert.equal(r.status, 200);
      const m = await arrived;
      assert.equal(m.user, SMTP_USER);
      assert.equal(m.mail.from?.text, 'night@shop.test');
      // WSMimeMessage names its Message-ID after the From header then
      assert.match(m.raw, /^Message-ID: <urn\.uuid\.[0-9a-f-]{36}night@shop\.test>\r$/im);
    } finally {
      await t.close();
    }
  });

  it('a two-way call (no OUT_ONLY) sends the mail, then faults: no mailto receiver to wait for a reply on (MI MailTransportSender.waitForReply, Synapse DynamicAxisOperation)', async () => {
    const t = await project(sender('mailto', smtp.port), {
      TwoWay: mailApi(
        'TwoWay',
        '<property name="Subject" value="Two-way" scope="transport"/>' +
          '<call><endpoint><address uri="mailto:twoway@home.test"/></endpoint></call><respond/>',
      ),
    });
    try {
      const arrived = smtp.next();
      const r = await send(`${t.base}/twoway`, { body: '<o/>', type: 'application/xml' });
      const m = await arrived;
      assert.equal(m.mail.subject, 'Two-way');
      assert.equal(r.status, 500);
      assert.deepEqual(r.json(), {
        code: '0',
        message: 'Unexpected error during sending message out. Error generating mail message',
      });
      assert.ok(
        t.logs.some(
          (l) =>
            l.level === 'ERROR' && l.message.includes('Could not find the transport receiver for mailto'),
        ),
      );
    } finally {
      await t.close();
    }
  });

  it('call blocking="true" sends through [[transport.blocking.mail.sender]]: OUT_ONLY goes as sendRobust, two-way faults 401002 after sending, none configured cannot infer the transport (MI BlockingMsgSender, MailTransportSender.waitForReply)', async () => {
    const blockingToml = sender('mailto', smtp.port).replace(
      '[[transport.mail.sender]]',
      '[[transport.blocking.mail.sender]]',
    );
    const call =
      '<call blocking="true"><endpoint><address uri="mailto:blocking@home.test"/></endpoint></call>';
    const apis = {
      Robust: mailApi('Robust', TEXT_MAIL + call + '<respond/>'),
      Blocking: mailApi(
        'Blocking',
        '<property name="Subject" value="Blocking two-way" scope="transport"/>' + call + '<respond/>',
      ),
    };
    let t = await project(blockingToml, apis);
    try {
      let arrived = smtp.next();
      let r = await send(`${t.base}/robust`, {
        body: '<o><id>8</id><title>Robust</title></o>',
        type: 'application/xml',
      });
      let m = await arrived;
      assert.equal(m.mail.subject, 'Robust');
      assert.equal(r.status, 200);
      assert.equal(r.text, 'Parcel 8 left the depot');
      arrived = smtp.next();
      r = await send(`${t.base}/blocking`, { body: '<o/>', type: 'application/xml' });
      m = await arrived;
      assert.equal(m.mail.subject, 'Blocking two-way');
      assert.deepEqual(r.json(), { code: '401002', message: 'Error generating mail message' });
    } finally {
      await t.close();
    }
    // only the non-blocking sender: the blocking client has no mailto transport
    t = await project(sender('mailto', smtp.port), apis);
    try {
      const r = await send(`${t.base}/robust`, {
        body: '<o><id>8</id><title>Robust</title></o>',
        type: 'application/xml',
      });
      assert.deepEqual(r.json(), {
        code: '401002',
        message: 'The system cannot infer the transport information from the mailto:blocking@home.test URL.',
      });
    } finally {
      await t.close();
    }
  });

  it('an SMTP failure is the flow fault ERROR_CODE 0 "Error creating mail message or sending it to the configured server"; a mailto scheme with no sender cannot infer the transport (MI MailTransportSender, Axis2Sender.sendOn)', async () => {
    const down = await closedPort();
    const t = await project(sender('mailto', down), {
      Down: mailApi(
        'Down',
        TEXT_MAIL + '<call><endpoint><address uri="mailto:x@home.test"/></endpoint></call><respond/>',
      ),
      Nobody: mailApi(
        'Nobody',
        TEXT_MAIL + '<call><endpoint><address uri="mailtoNone:x@home.test"/></endpoint></call><respond/>',
      ),
    });
    try {
      let r = await send(`${t.base}/down`, {
        body: '<o><id>1</id><title>T</title></o>',
        type: 'application/xml',
      });
      assert.equal(r.status, 500);
      assert.deepEqual(r.json(), {
        code: '0',
        message:
          'Unexpected error during sending message out. Error creating mail message or sending it to the configured server',
      });
      assert.ok(
        t.logs.some(
          (l) =>
            l.level === 'ERROR' &&
            l.message.includes('Error creating mail message or sending it to the configured server'),
        ),
      );
      r = await send(`${t.base}/nobody`, {
        body: '<o><id>1</id><title>T</title></o>',
        type: 'application/xml',
      });
      assert.deepEqual(r.json(), {
        code: '0',
        message:
          'Unexpected error during sending message out. The system cannot infer the transport information from the mailtoNone:x@home.test URL.',
      });
    } finally {
      await t.close();
    }
  });

  it('a text message part is quoted-printable with a blank at a line end escaped as two hex digits (tab =09, space =20), as QPEncoderStream writes it (MI MailTransportSender)', async () => {
    const t = await project(sender('mailto', smtp.port), {
      Tabs: mailApi(
        'Tabs',
        '<property name="OUT_ONLY" value="true"/>' +
          '<call><endpoint><address uri="mailto:client@home.test"/></endpoint></call><respond/>',
      ),
    });
    try {
      const arrived = smtp.next();
      const r = await send(`${t.base}/tabs`, { body: 'qty\t\r\nnote \r\nend', type: 'text/plain' });
      const m = await arrived;
      assert.equal(r.status, 200);
      assert.match(
        m.raw,
        /^Content-Transfer-Encoding: quoted-printable\r\n\r\nqty=09\r\nnote=20\r\nend\r\n/m,
      );
    } finally {
      await t.close();
    }
  });
});
