/**
 * The mail transport sender: an endpoint address `mailto:x@y` (or `mailtoNAME:x@y`, a second sender) is sent as an
 * e-mail as MI's axis2 MailTransportSender does. The senders are deployment.toml's `[[transport.mail.sender]]` tables,
 * by name (MI's config tool writes each as an axis2.xml transportSender, key-mappings.json naming the short keys:
 * hostname -> mail.smtp.host, port, enable_tls -> mail.smtp.starttls.enable, auth, username -> mail.smtp.user,
 * password, from -> mail.smtp.from); an address whose scheme names no sender fails as ClientUtils.inferOutTransport
 * fails it. What goes out (MailTransportSender.sendMail, JavaMail's MimeMessage):
 *
 * - From (and Reply-To): the `From` transport header, else the sender's mail.smtp.from; a `From` header with
 *   `mail.smtp.user` and `mail.smtp.password` transport headers authenticates with those instead;
 * - To: the `To` transport header, else the address after the scheme; Cc: the `Cc` header; Bcc (envelope only): the
 *   `Bcc` header, then the sender's transport.mail.SMTPBccAddresses;
 * - Subject: the `Subject` header, else `SOAPAction: <the action>`; In-Reply-To and References from the headers;
 *   a SOAPAction header; a Message-ID `<urn.uuid.UUID` + the from address + `>`;
 * - the body written by the messageType formatter. transport.mail.Format (axis2 property, else the sender's
 *   parameter, else Text): Text puts it in the message itself; Multipart and Attachment write a multipart/mixed message
 *   whose first part is transport.mail.bodyWhenAttached ("Web Service Message Attached", type
 *   transport.mail.bodyMimeWhenAttached, text/plain) and whose second part is the message (Attachment: with the file
 *   name AttachmentFile, else "attachment"). A textual message part is quoted-printable (CommonUtils.isTextualPart).
 *
 * A failure is an AxisFault (MailTransportSender logs it at ERROR), which Axis2Sender.sendOn turns into the flow's
 * fault: ERROR_CODE 0, "Unexpected error during sending message out. <the AxisFault's message>".
 */
import { randomBytes } from 'node:crypto';
import { contentTypeAlone, namedContentType, stringOf, type MessageContext } from '../context';
import { nodemailer } from '../connectors/email/clients';
import {
  encodeBody as encode,
  encodeWords,
  formatAddress,
  headerLines as lines,
  parseAddresses,
  type Address,
} from '../connectors/email/mime';
import { DEFAULT_SMTP_TIMEOUT_MS } from '../connectors/email/send';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import { formattedBody } from '../formattedBody';
import type { LeafEndpointDef } from '../model';
import { randomUuid } from '../uuid';
import { robustOutOnly, transportFaults } from '../mediators/blockingSender';

const CRLF = '\r\n';

/** Axis2 Options' default timeout: how long MailTransportSender.waitForReply waits for a reply mail. */
const REPLY_TIMEOUT_MS = 30_000;

const MAIL_SCHEME = /^mailto[^:/]*:/;

/** An address whose scheme is a mail transport's (MailConstants.TRANSPORT_NAME and its suffixed names). */
export function isMailAddress(url: string | undefined): boolean {
  // (looked at on every call to a back end: the prefix first, no RegExp object per call)
  return url !== undefined && url.startsWith('mailto') && MAIL_SCHEME.test(url);
}

/**
 * The MailOutTransportInfo the mail listener gives a message it received (MailTransportListener
 * .buildOutTransportInfo): the answer goes from the listener's address to the mail's Reply-To (else From, else the
 * proxy's transport.mail.ReplyAddress), Cc the mail's Cc, Subject "Re: " + its subject, In-Reply-To and References
 * its message id.
 */
export interface MailReplyInfo {
  from: Address;
  targets: Address[] | undefined;
  cc: Address[] | undefined;
  subject: string | undefined;
  requestMessageId: string | undefined;
}

/** An AxisFault of the transport: its message, logged by MailTransportSender at ERROR. */
class MailFault extends Error {}

export class MailSender {
  private senders = new Map<string, Record<string, string>>();

  /** Whether deployment.toml enables the mailto transport receiver ([transport.mail.listener]). */
  private listener = false;
  /** The blocking client's senders and receiver (axis2_blocking_client.xml: call blocking="true", callout). */
  private blocking: { senders?: Map<string, Record<string, string>>; listener: boolean } = {
    listener: false,
  };

  setSenders(
    s: Map<string, Record<string, string>> | undefined,
    listener = false,
    blocking?: { senders?: Map<string, Record<string, string>>; listener: boolean },
  ): void {
    this.senders = s ?? new Map();
    this.listener = listener;
    this.blocking = blocking ?? { listener: false };
  }

  async send(ep: LeafEndpointDef, ctx: MessageContext, ex: Executor, url: string): Promise<void> {
    const blocking = ctx.blocking !== undefined;
    const scheme = url.slice(0, url.indexOf(':'));
    const params = (blocking ? this.blocking.senders : this.senders)?.get(scheme);
    if (params === undefined) {
      // ClientUtils.inferOutTransport: no transportSender of that name in axis2.xml (axis2_blocking_client.xml)
      const axis = `The system cannot infer the transport information from the ${url} URL.`;
      ex.log('ERROR', 'ClientUtils', undefined, axis);
      throw new MediationError(0, `Unexpected error during sending message out. ${axis}`, axis);
    }
    try {
      await this.sendMail(params, ctx, url);
      // a two-way message (Synapse's out-in DynamicAxisOperation, or the blocking client's sendReceive; no separate
      // listener): MailTransportSender's waitForReply needs the mailto receiver, else "Could not find the transport
      // receiver for mailto"; with it, it waits the client options' timeout (30 s) for a reply mail. The embedded
      // runtime reads no mailbox, so no reply comes. That AxisFault is an IOException, caught in sendMessage as
      // "Error generating mail message". (A blocking OUT_ONLY call is sendRobust: Axis2's out-only operation.)
      const outOnly = ctx.ownProp('OUT_ONLY');
      if (outOnly !== true && outOnly !== 'true' && !robustOutOnly.has(ctx)) {
        if (!(blocking ? this.blocking.listener : this.listener))
          ex.log(
            'ERROR',
            'MailTransportSender',
            undefined,
            'Could not find the transport receiver for mailto',
          );
        else {
          await new Promise((r) => setTimeout(r, REPLY_TIMEOUT_MS));
          ex.log('ERROR', 'MailTransportSender', undefined, 'Timeout while waiting for a response');
        }
        throw new MailFault('Error generating mail message');
      }
    } catch (e) {
      if (!(e instanceof MailFault)) throw e;
      ex.log('ERROR', 'MailTransportSender', undefined, e.message);
      if (blocking) {
        // BlockingMsgSender.send: ERROR_CODE 401002, ERROR_MESSAGE the AxisFault's message
        const f = new MediationError(0, e.message, e.message);
        transportFaults.add(f);
        throw f;
      }
      const msg = `Unexpected error during sending message out. ${e.message}`;
      ex.log('ERROR', 'Axis2Sender', undefined, msg);
      throw new MediationError(0, msg, e.message);
    }
  }

  /**
   * The answer to a mail the listener received (Axis2Sender.sendBack -> AxisEngine.send over the mailto transport,
   * MailTransportSender.sendMessage with the request's MailOutTransportInfo); a failure is sendBack's
   * SynapseException: the transport headers "name:value," and " Unexpected error sending message back".
   */
  async reply(ctx: MessageContext, ex: Executor, out: MailReplyInfo): Promise<void> {
    const params = this.senders.get('mailto');
    const failed = (): never => {
      const head = [...ctx.headers.entries()].map(([k, v]) => `${k}:${v},`).join('');
      const msg = `${head} Unexpected error sending message back`;
      ex.log('ERROR', 'Axis2Sender', undefined, msg);
      throw new MediationError(0, msg, msg);
    };
    if (params === undefined) return failed();
    try {
      await this.sendMail(params, ctx, undefined, out);
    } catch (e) {
      if (!(e instanceof MailFault)) throw e;
      ex.log('ERROR', 'MailTransportSender', undefined, e.message);
      failed();
    }
  }

  private async sendMail(
    params: Record<string, string>,
    ctx: MessageContext,
    url: string | undefined,
    out?: MailReplyInfo,
  ): Promise<void> {
    // sendMessage: a target starting with "mailto" loses everything up to the first ':'
    const target = url === undefined ? '' : url.startsWith('mailto') ? url.slice(url.indexOf(':') + 1) : url;
    const parse = (list: string, what: string): Address[] => {
      try {
        return parseAddresses(list);
      } catch {
        throw new MailFault(`${what} : ${list}`);
      }
    };
    const configFrom =
      params['mail.smtp.from'] !== undefined
        ? parse(params['mail.smtp.from'], "Invalid default 'From' address")[0]
        : undefined;
    const configBcc =
      params['transport.mail.SMTPBccAddresses'] !== undefined
        ? parse(params['transport.mail.SMTPBccAddresses'], "Invalid default 'Bcc' address")
        : [];
    const targets = out ? out.targets : parse(target, 'Invalid target address/es');
    const header = (name: string): string | undefined => {
      const v = ctx.headers.get(name);
      return v === undefined || v === null ? undefined : stringOf(v);
    };
    const fail = (m: string): never => {
      throw new MailFault(m);
    };
    const hFrom = header('From');
    const hUser = header('mail.smtp.user');
    const hPass = header('mail.smtp.password');
    let user = params['mail.smtp.user'];
    let pass = params['mail.smtp.password'];
    // a From transport header with a user and password: a session of its own (they authenticate)
    const ownSession = hFrom !== undefined && hUser !== undefined && hPass !== undefined;
    if (ownSession) {
      user = hUser;
      pass = hPass;
    }
    const gen = (list: string) => parse(list, 'Error generating mail message');
    let from: Address;
    if (hFrom !== undefined) from = gen(hFrom)[0] ?? fail('Error generating mail message');
    else if (out && out.targets) from = out.from;
    else if (configFrom !== undefined) from = configFrom;
    else return fail('From address for outgoing message cannot be determined');
    // (WSMimeMessage's from: a reply's is the listener's address)
    const messageIdFrom = ownSession ? hFrom : out ? out.from.address : (configFrom?.address ?? '');
    const to =
      header('To') !== undefined
        ? gen(header('To')!)
        : (targets ?? fail('To address for outgoing message cannot be determined'));
    const cc = header('Cc') !== undefined ? gen(header('Cc')!) : (out?.cc ?? []);
    const bcc = [...(header('Bcc') !== undefined ? gen(header('Bcc')!) : []), ...configBcc];
    const action = soapAction(ctx);
    const subject = header('Subject') ?? out?.subject ?? `SOAPAction: ${action ?? 'null'}`;

    // the body: the messageType's formatter (BaseUtils.getMessageFormatter)
    if (ctx.payload.streaming) await ctx.payload.build();
    const mt = ctx.formatterType();
    const body = await formattedBody(ctx, mt);
    const bytes = body.bytes;
    // the formatter names the type from the axis2 ContentType property first (as for an HTTP call)
    const named =
      mt !== undefined
        ? ctx.axis2.has('messageType')
          ? namedContentType(ctx, mt, body.contentType)
          : body.contentType
        : contentTypeAlone(ctx, body.contentType, true);
    const contentType = formatterContentType(ctx, named);
    const mainHeaders: [string, string][] = [['Content-Type', contentType]];
    // (a header InternetHeaders has no place for goes after the Content-* ones, in the order it is set)
    const soap: [string, string][] = action !== undefined ? [['SOAPAction', action]] : [];
    const ct = contentType.toLowerCase();
    const textual = !ct.startsWith('multipart/') && isTextualPart(ct);
    const cte = textual ? 'quoted-printable' : autoEncoding(bytes);
    mainHeaders.push(['Content-Transfer-Encoding', cte]);
    const mainBody = encode(bytes, cte);

    const format =
      stringOrUndefined(ctx.axis2.get('transport.mail.Format')) ?? params['transport.mail.Format'] ?? 'Text';
    const top: [string, string][] = [['Date', mailDate(new Date())]];
    top.push(['From', formatAddress(from)]);
    top.push(['Reply-To', formatAddress(from)]);
    top.push(['To', to.map(formatAddress).join(', ')]);
    if (cc.length) top.push(['Cc', cc.map(formatAddress).join(', ')]);
    top.push(['Message-ID', `<urn.uuid.${randomUuid()}${messageIdFrom}>`]);
    // a reply refers to the request's message id, else the headers say
    const inReplyTo = out?.requestMessageId ?? header('In-Reply-To');
    const references = out?.requestMessageId ?? header('References');
    if (inReplyTo !== undefined) top.push(['In-Reply-To', inReplyTo]);
    if (references !== undefined) top.push(['References', references]);
    top.push(['Subject', encodeWords(subject)]);
    top.push(['MIME-Version', '1.0']);
    let raw: string;
    if (format === 'Multipart' || format === 'Attachment') {
      const boundary = `----=_Part_${randomBytes(6).readUIntBE(0, 6) % 1000}_${randomBytes(4).readUInt32BE(0)}.${Date.now()}`;
      top.push(['Content-Type', `multipart/mixed; ${CRLF}\tboundary="${boundary}"`], ...soap);
      const text =
        stringOrUndefined(ctx.axis2.get('transport.mail.bodyWhenAttached')) ?? 'Web Service Message Attached';
      const textMime =
        stringOrUndefined(ctx.axis2.get('transport.mail.bodyMimeWhenAttached')) ?? 'text/plain';
      const textBytes = Buffer.from(text, 'utf8');
      const ascii = /^[\x00-\x7f]*$/.test(text);
      // MimeBodyPart.updateHeaders: a text type without a charset gets us-ascii, else the default charset
      const firstType =
        /^text\//i.test(textMime) && !/charset=/i.test(textMime)
          ? `${textMime}; charset=${ascii ? 'us-ascii' : 'UTF-8'}`
          : textMime;
      const firstCte = autoEncoding(textBytes);
      const second = [...mainHeaders];
      if (format === 'Attachment') {
        const name = stringOrUndefined(ctx.axis2.get('AttachmentFile')) ?? 'attachment';
        second.push(['Content-Disposition', `attachment; filename=${name}`]);
      }
      second.push(...soap);
      raw =
        lines(top) +
        CRLF +
        `--${boundary}${CRLF}` +
        lines([
          ['Content-Type', firstType],
          ['Content-Transfer-Encoding', firstCte],
        ]) +
        CRLF +
        encode(textBytes, firstCte) +
        CRLF +
        `--${boundary}${CRLF}` +
        lines(second) +
        CRLF +
        mainBody +
        CRLF +
        `--${boundary}--${CRLF}`;
    } else raw = lines([...top, ...mainHeaders, ...soap]) + CRLF + mainBody + CRLF;

    const host = params['mail.smtp.host'] ?? 'localhost';
    const ssl = isTrue(params['mail.smtp.ssl.enable']);
    const port = Number(params['mail.smtp.port'] ?? (ssl ? 465 : 25)) || 25;
    const starttls = isTrue(params['mail.smtp.starttls.enable']);
    const trust = (params['mail.smtp.ssl.trust'] ?? '').split(/\s+/);
    const auth = isTrue(params['mail.smtp.auth']);
    const timeout = (k: string): number => Number(params[k]) || DEFAULT_SMTP_TIMEOUT_MS;
    const transport = nodemailer().createTransport({
      host,
      port,
      secure: ssl,
      ignoreTLS: !starttls && !ssl,
      requireTLS: isTrue(params['mail.smtp.starttls.required']),
      auth: auth && user !== undefined ? { user, pass: pass ?? '' } : undefined,
      tls: { rejectUnauthorized: !(trust.includes('*') || trust.includes(host)) },
      connectionTimeout: timeout('mail.smtp.connectiontimeout'),
      greetingTimeout: timeout('mail.smtp.timeout'),
      socketTimeout: timeout('mail.smtp.timeout'),
      logger: false,
      debug: false,
    });
    // JavaMail's SMTPTransport: MAIL FROM is mail.smtp.from, else the message's From; RCPT TO every recipient
    const envelopeFrom = params['mail.smtp.from'] !== undefined ? (configFrom?.address ?? '') : from.address;
    try {
      await transport.sendMail({
        envelope: { from: envelopeFrom, to: [...to, ...cc, ...bcc].map((a) => a.address) },
        raw,
      });
    } catch {
      throw new MailFault('Error creating mail message or sending it to the configured server');
    } finally {
      transport.close();
    }
  }
}

/** The action the outgoing message carries (its wsa:Action, else the SOAPAction it came with). */
function soapAction(ctx: MessageContext): string | undefined {
  if (ctx.hasOwnProp('Action')) {
    const a = ctx.ownProp('Action');
    return a === undefined || a === null || a === '' ? undefined : stringOf(a);
  }
  return ctx.receivedAction || undefined;
}

/**
 * The formatter's getContentType: the SOAP, XML, JSON and text formatters name the charset of the output format
 * (BaseUtils.getOMOutputFormat: CHARACTER_SET_ENCODING, else UTF-8).
 */
function formatterContentType(ctx: MessageContext, ct: string): string {
  if (/;\s*charset=/i.test(ct)) return ct;
  if (!/^(text\/(xml|plain|html)|application\/(xml|soap\+xml|json))\b/i.test(ct.trim())) return ct;
  const cs = stringOrUndefined(ctx.axis2.get('CHARACTER_SET_ENCODING')) ?? 'UTF-8';
  return `${ct}; charset=${cs}`;
}

/** AXIOM's CommonUtils.isTextualPart: text types, XML and SOAP, and any type that names a charset. */
function isTextualPart(ct: string): boolean {
  return (
    ct.startsWith('text/') ||
    ct.startsWith('application/soap') ||
    ct.startsWith('application/xml') ||
    ct.includes('charset')
  );
}

/** MimeUtility.getEncoding: 7bit for short ASCII lines, quoted-printable for mostly ASCII, else base64. */
function autoEncoding(b: Buffer): string {
  let non = 0;
  let line = 0;
  let long = false;
  for (const c of b) {
    if (c === 0x0a || c === 0x0d) line = 0;
    else if (++line > 998) long = true;
    if (c >= 0x7f || (c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) non++;
  }
  if (non === 0 && !long) return '7bit';
  return non * 2 > b.length ? 'base64' : 'quoted-printable';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** JavaMail's MailDateFormat (in UTC): `Sun, 1 Nov 2026 19:05:03 +0000 (UTC)`. */
function mailDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 (UTC)`;
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

function stringOrUndefined(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : stringOf(v);
}
