/**
 * `email.send` (EmailSend.sendMessage): the recipients (to, cc, bcc: at least one, else an
 * InvalidConfigurationException), the message MessageBuilder builds (./mime.ts), and JavaMail's Transport.send over
 * the connection's SMTP settings: one connection per message, AUTH with the username and password when the
 * connection requires authentication, the envelope sender the first From address, the envelope recipients all of
 * to, cc and bcc. Any MessagingException on the way (a refused connection, a failed AUTH, a rejected recipient, an
 * address that does not parse, an unknown transfer encoding) and any IOException building the message (an attachment
 * file that cannot be read, attachments that are not JSON) is an EmailConnectionException: EMAIL:CONNECTIVITY.
 */
import { nodemailer } from './clients';
import type { EmailConnection } from './connection';
import { tlsSettings } from './connection';
import { EmailFailure, EmailUncaught, failure } from './errors';
import { composeMessage, parseAddresses, type MailSpec } from './mime';

/** The longest the runtime waits on an SMTP server when the connection sets no timeout (JavaMail: forever). */
export const DEFAULT_SMTP_TIMEOUT_MS = 60_000;

/** The send operation's parameters: the addresses as written (parsed into the MailSpec), the rest as MailSpec has it. */
export interface SendInput extends Omit<MailSpec, 'from' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'content'> {
  to: string | undefined;
  from: string | undefined;
  personalName: string | undefined;
  cc: string | undefined;
  bcc: string | undefined;
  replyTo: string | undefined;
  content: string | undefined;
}

export async function sendEmail(conn: EmailConnection, m: SendInput): Promise<void> {
  if (!m.to && !m.cc && !m.bcc)
    throw new EmailFailure('config', 'Error occurred while sending the email. Recipients are not provided.');
  const context = `Error occurred while sending the email with subject ${m.subject ?? 'null'} to ${m.to ?? 'null'}.`;
  if (conn.family !== 'smtp')
    throw failure(
      'connection',
      `${context} The connection '${conn.name}' is of type ${conn.protocol}: sending needs an SMTP or SMTPS connection`,
    );
  // MessageBuilder.fromAddress: InternetAddress.parse(null) is a NullPointerException (no catch block names it)
  if (m.from === undefined)
    throw new EmailUncaught('java.lang.NullPointerException: the from address is not set');
  let spec: MailSpec;
  let raw: string;
  try {
    const from = parseAddresses(m.from);
    if (from.length > 0 && m.personalName && m.personalName.trim() !== '')
      from[0] = { ...from[0], name: m.personalName };
    spec = {
      from,
      to: parseAddresses(m.to),
      cc: parseAddresses(m.cc),
      bcc: parseAddresses(m.bcc),
      replyTo: parseAddresses(m.replyTo),
      subject: m.subject,
      content: m.content ?? '',
      contentType: m.contentType,
      encoding: m.encoding,
      contentTransferEncoding: m.contentTransferEncoding,
      attachments: m.attachments,
      inlineImages: m.inlineImages,
      headers: m.headers,
    };
    raw = composeMessage(spec);
  } catch (e) {
    if (e instanceof EmailFailure && e.failure === 'connection')
      throw failure('connection', `${context} ${e.message}`);
    throw e;
  }
  const recipients = [...spec.to, ...spec.cc, ...spec.bcc].map((a) => a.address);
  const token = conn.accessToken ? await conn.accessToken() : undefined;
  const tls = tlsSettings(conn);
  const transport = nodemailer().createTransport({
    host: conn.host,
    port: conn.port,
    // SMTPS without requireTLS: TLS from the start (ssl.enable); with it: STARTTLS when offered (starttls.enable)
    secure: conn.secure && !conn.requireTLS,
    // SMTP: JavaMail never upgrades (starttls.enable is off)
    ignoreTLS: !conn.secure,
    requireTLS: false,
    auth: !conn.requireAuthentication
      ? undefined
      : token !== undefined
        ? { type: 'OAuth2' as const, user: conn.username ?? '', accessToken: token }
        : conn.username !== undefined
          ? { user: conn.username, pass: conn.password ?? '' }
          : undefined,
    tls,
    connectionTimeout: conn.connectionTimeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS,
    greetingTimeout: conn.readTimeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS,
    socketTimeout: conn.readTimeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS,
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({
      envelope: { from: spec.from[0]?.address ?? '', to: recipients },
      raw,
    });
  } catch (e) {
    throw failure('connection', `${context} ${(e as Error).message}`);
  } finally {
    transport.close();
  }
}
