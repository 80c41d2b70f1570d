/**
 * The mail transport listener: a proxy service with `transports="mailto"` polls a mailbox (IMAP or POP3) every
 * `transport.PollInterval` and runs each new mail through the proxy, as axis2-transports' MailTransportListener,
 * PollTableEntry and AbstractPollingTransportListener do:
 *
 * - only with deployment.toml's `[transport.mail.listener] enable` (axis2.xml.j2 then declares the receiver);
 * - PollTableEntry.loadConfiguration: `transport.mail.Address` (none: the proxy is not polled), the `mail.*`
 *   session properties (host, port, user, password, ssl/starttls), `transport.mail.Protocol` (pop3 by default, the
 *   JavaMail default store), `transport.mail.Folder` (INBOX), `transport.mail.ContentType`,
 *   `transport.mail.PreserveHeaders` / `RemoveHeaders`, `transport.mail.ActionAfterProcess` /
 *   `ActionAfterFailure` (MOVE, else DELETE) with `MoveAfterProcess` / `MoveAfterFailure`;
 * - checkMail: a failed connection logs "Error connecting to mail server for address : ADDR" and (no
 *   transport.mail.MaxRetryCount) processFailure's "… :: reason"; a folder that does not open logs "Error checking
 *   mail for account : ADDR :: FOLDER not found"; messages marked \Seen or \Deleted, or with `Status: RO`, are
 *   skipped;
 * - processMail: the transport headers are the mail's headers (a case-insensitive map, filtered by retainHeader),
 *   the payload is the message (or, without a configured content type, the part getMessagePart picks) read with
 *   the content type's builder; a mail that fails is logged "Failed to process message";
 * - moveOrDeleteAfterProcessing: each processed mail is copied to the MOVE folder when asked, and always marked
 *   \Deleted; closing the folder expunges them.
 *
 * An answer the proxy sends back (respond, or send in its out sequence) is mailed by the `mailto` sender with the
 * mail's MailOutTransportInfo (buildOutTransportInfo): to its Reply-To, else From, else transport.mail.ReplyAddress,
 * from transport.mail.Address, "Re: " + its subject, In-Reply-To its message id.
 */
import { parseJavaInt } from '../../../core/javaNumbers';
import type { ProxyDef } from '../model';
import { tlsSettings, type EmailConnection } from '../connectors/email/connection';
import { imapflow, libmime } from '../connectors/email/clients';
import { parseAddresses, type Address } from '../connectors/email/mime';
import type { MailReplyInfo } from './sender';
import { Pop3 } from '../connectors/email/pop3';
import { BUILDER_TYPES } from '../formats';

/** One mail as the listener hands it to the proxy. */
export interface PolledMail {
  contentType: string;
  body: Buffer;
  /** The retained headers in order (a later value of a name replaces an earlier one, as in MI's TreeMap). */
  headers: [string, string][];
  soapAction: string | undefined;
  /** X-Message-ID, else Message-ID. */
  messageId: string | undefined;
  /** Where an answer goes (MailOutTransportInfo). */
  replyInfo: MailReplyInfo;
}

export interface MailListenerHost {
  log(level: 'ERROR' | 'WARN' | 'INFO', artifact: string | undefined, message: string): void;
  /** Runs the mail through the proxy; rejects when the message cannot be built or processed. */
  inject(proxy: string, mail: PolledMail): Promise<void>;
  track(p: Promise<unknown>): void;
}

interface Entry {
  def: ProxyDef;
  timer: NodeJS.Timeout | undefined;
  busy: boolean;
  stopped: boolean;
}

/** AbstractPollTableEntry.loadConfiguration: seconds, or milliseconds with "ms"; BaseConstants.DEFAULT_POLL_INTERVAL. */
function pollIntervalOf(v: string | undefined, bad: (v: string) => void): number {
  if (v === undefined) return 300_000;
  const ms = v.endsWith('ms');
  const n = ms ? v.slice(0, -2) : v;
  const k = parseJavaInt(n);
  if (k === undefined) {
    bad(v);
    return 300_000;
  }
  return k * (ms ? 1 : 1000);
}

/** StringTokenizer(list, " ,"). */
const tokens = (list: string | undefined): string[] | undefined =>
  list === undefined ? undefined : list.split(/[ ,]+/).filter((t) => t.length > 0);

export class MailListener {
  private readonly entries = new Map<string, Entry>();
  private enabled = false;
  private started = false;

  constructor(private readonly host: MailListenerHost) {}

  /** deployment.toml's `[transport.mail.listener] enable`. */
  setEnabled(on: boolean): void {
    this.enabled = on;
  }

  /** Starts polling for the active mailto proxies, stops it for the others (deploy, hot reload, deactivate). */
  sync(proxies: Iterable<ProxyDef>, inactive: (name: string) => boolean): void {
    const wanted = new Map<string, ProxyDef>();
    // AbstractTransportListener.start: the transport's own line once the server starts it
    if (this.enabled && !this.started) {
      this.started = true;
      this.host.log('INFO', undefined, 'MAILTO listener started');
    }
    if (this.enabled)
      for (const p of proxies)
        if (p.transports.includes('mailto') && !inactive(p.name)) wanted.set(p.name, p);
    for (const [name, e] of this.entries)
      if (wanted.get(name) !== e.def) {
        e.stopped = true;
        if (e.timer) clearTimeout(e.timer);
        this.entries.delete(name);
      }
    for (const [name, def] of wanted) {
      if (this.entries.has(name)) continue;
      // PollTableEntry.loadConfiguration: no address, no configuration: the proxy is marked faulty for mailto
      if (def.params['transport.mail.Address'] === undefined) {
        this.host.log(
          'WARN',
          `proxy:${name}`,
          `Unable to configure the service ${name} for the MAILTO transport: Service doesn't have configuration information for transport mailto. This service is being marked as faulty and will not be available over the MAILTO transport.`,
        );
        continue;
      }
      const e: Entry = { def, timer: undefined, busy: false, stopped: false };
      this.entries.set(name, e);
      const interval = pollIntervalOf(def.params['transport.PollInterval'], (v) =>
        this.host.log('ERROR', `proxy:${name}`, `Invalid poll interval : ${v},  default to : 300sec`),
      );
      // onPollCompletion schedules the next poll an interval after this one ended
      const run = (): void => {
        e.timer = undefined;
        if (e.stopped) return;
        const p = this.checkMail(name, def, () => e.stopped)
          .catch((err: unknown) =>
            this.host.log(
              'ERROR',
              `proxy:${name}`,
              `Error checking mail for account : ${def.params['transport.mail.Address']} :: ${reasonOf(err)}`,
            ),
          )
          .finally(() => {
            if (!e.stopped) {
              e.timer = setTimeout(run, Math.max(10, interval));
              e.timer.unref();
            }
          });
        this.host.track(p);
      };
      run();
    }
  }

  close(): void {
    if (this.started) this.host.log('INFO', undefined, 'MAILTO Listener Shutdown');
    this.started = false;
    for (const e of this.entries.values()) {
      e.stopped = true;
      if (e.timer) clearTimeout(e.timer);
    }
    this.entries.clear();
  }

  private async checkMail(name: string, def: ProxyDef, stopped: () => boolean): Promise<void> {
    const params = def.params;
    const label = `proxy:${name}`;
    const address = params['transport.mail.Address']!;
    const protocol = (params['transport.mail.Protocol'] ?? 'pop3').toLowerCase();
    const family = protocol.startsWith('imap') ? 'imap' : 'pop3';
    const secure = protocol.endsWith('s');
    const prop = (k: string) => params[`mail.${protocol}.${k}`];
    const host = prop('host') ?? 'localhost';
    const port = Number(prop('port') ?? (family === 'imap' ? (secure ? 993 : 143) : secure ? 995 : 110));
    const user = params[`mail.${family}.user`];
    const password = params[`mail.${family}.password`];
    const ssl = secure || prop('ssl.enable') === 'true';
    const starttls = prop('starttls.enable') === 'true';
    const folderName = params['transport.mail.Folder'] ?? 'INBOX';
    // checkMail's connection loop: transport.mail.MaxRetryCount attempts (0: one), transport.mail.ReconnectTimeout
    // seconds apart; each failure logs, the last one is processFailure's
    const maxRetry = Number.parseInt(params['transport.mail.MaxRetryCount'] ?? '0', 10) || 0;
    const reconnectMs = (Number.parseInt(params['transport.mail.ReconnectTimeout'] ?? '0', 10) || 0) * 1000;
    const connect = async <T>(open: () => Promise<T>): Promise<T | undefined> => {
      for (let retry = 1; ; retry++) {
        try {
          return await open();
        } catch (e) {
          this.host.log('ERROR', label, `Error connecting to mail server for address : ${address}`);
          if (maxRetry <= retry) {
            const reason = reasonOf(e, { host, port, timeout: prop('connectiontimeout') });
            this.host.log(
              'ERROR',
              label,
              `Error connecting to mail server for address : ${address} :: ${reason}`,
            );
            return undefined;
          }
        }
        this.host.log(
          'WARN',
          label,
          `Connection to mail server for account : ${address} failed. Retrying in : ${Math.trunc(reconnectMs / 1000)} seconds`,
        );
        await new Promise((r) => setTimeout(r, reconnectMs).unref());
        // undeployed, reloaded or shut down while waiting: no further attempt
        if (stopped()) return undefined;
      }
    };
    const retain = (h: string): boolean => {
      const keep = tokens(params['transport.mail.PreserveHeaders']);
      const drop = tokens(params['transport.mail.RemoveHeaders']);
      return keep ? keep.includes(h) : drop ? !drop.includes(h) : true;
    };
    const after = (ok: boolean): string | undefined | null => {
      const move = ok
        ? params['transport.mail.ActionAfterProcess'] === 'MOVE'
        : params['transport.mail.ActionAfterFailure'] === 'MOVE';
      if (!move) return undefined;
      return (
        (ok ? params['transport.mail.MoveAfterProcess'] : params['transport.mail.MoveAfterFailure']) ?? null
      );
    };
    const process = async (raw: Buffer): Promise<boolean> => {
      try {
        await this.host.inject(name, mailOf(raw, params, retain));
        return true;
      } catch (e) {
        this.host.log('ERROR', label, `Failed to process message`);
        void e;
        return false;
      }
    };

    const store = storeConnection(prop, family, host, port, user, password, ssl, starttls);
    if (family === 'imap') {
      const { ImapFlow } = imapflow();
      const client = await connect(async () => {
        const c = new ImapFlow({
          host,
          port,
          secure: ssl,
          doSTARTTLS: ssl ? undefined : starttls ? true : false,
          auth: { user: user ?? '', pass: password ?? '' },
          logger: false,
          tls: tlsSettings(store),
          disableAutoIdle: true,
        } as ConstructorParameters<typeof ImapFlow>[0]);
        c.on('error', () => undefined);
        await c.connect();
        return c;
      });
      if (!client) return;
      try {
        let box;
        try {
          box = await client.mailboxOpen(folderName);
        } catch (e) {
          const list = await client.list().catch(() => []);
          const known = list.some((m) =>
            folderName.toUpperCase() === 'INBOX' ? m.path.toUpperCase() === 'INBOX' : m.path === folderName,
          );
          this.host.log(
            'ERROR',
            label,
            `Error checking mail for account : ${address} :: ${known ? reasonOf(e) : `${folderName} not found`}`,
          );
          return;
        }
        const mails: { uid: number; flags: Set<string>; source: Buffer }[] = [];
        if (box.exists > 0)
          for await (const m of client.fetch('1:*', { uid: true, flags: true, source: true }))
            if (m.source) mails.push({ uid: m.uid, flags: m.flags ?? new Set(), source: m.source });
        for (const m of mails) {
          if (m.flags.has('\\Seen') || m.flags.has('\\Deleted') || statusRO(m.source)) continue;
          const ok = await process(m.source);
          try {
            // JavaMail reads the body with FETCH BODY[] (not PEEK; updateMetrics' getContent): the server marks the
            // mail \Seen, and a moved copy keeps that flag
            await client.messageFlagsAdd(String(m.uid), ['\\Seen'], { uid: true });
            const to = after(ok);
            if (to === null) throw new Error('No folder to move the mail to');
            if (to !== undefined) {
              const exists = (await client.list()).some((b) => b.path === to);
              if (!exists) await client.mailboxCreate(to);
              await client.messageCopy(String(m.uid), to, { uid: true });
            }
            await client.messageFlagsAdd(String(m.uid), ['\\Deleted'], { uid: true });
          } catch (e) {
            this.host.log(
              'ERROR',
              label,
              `Error deleting or resolving folder to move after processing : ${after(ok) ?? null}`,
            );
            void e;
          }
        }
        // MailCheckCompletionTask: folder.close(true) expunges what was marked \Deleted
        await client.mailboxClose().catch(() => undefined);
      } catch (e) {
        this.host.log('ERROR', label, `Error checking mail for account : ${address} :: ${reasonOf(e)}`);
      } finally {
        await client.logout().catch(() => client.close());
      }
      return;
    }

    // POP3: only INBOX; no flags kept on the server; a deleted message goes at QUIT
    const p = await connect(() => Pop3.open(store, undefined));
    if (!p) return;
    try {
      if (folderName.toUpperCase() !== 'INBOX') {
        this.host.log(
          'ERROR',
          label,
          `Error checking mail for account : ${address} :: ${folderName} not found`,
        );
        p.close();
        return;
      }
      const n = await p.count();
      for (let i = 1; i <= n; i++) {
        const raw = await p.raw(`RETR ${i}`, true);
        if (statusRO(raw)) continue;
        const ok = await process(raw);
        const to = after(ok);
        if (to !== undefined) {
          // POP3Folder: no other folder exists and none can be created
          this.host.log(
            'ERROR',
            label,
            `Error deleting or resolving folder to move after processing : ${to}`,
          );
          continue;
        }
        await p.command(`DELE ${i}`);
      }
      await p.quit();
    } catch (e) {
      this.host.log('ERROR', label, `Error checking mail for account : ${address} :: ${reasonOf(e)}`);
      p.close();
    }
  }
}

function storeConnection(
  prop: (k: string) => string | undefined,
  family: 'imap' | 'pop3',
  host: string,
  port: number,
  user: string | undefined,
  password: string | undefined,
  ssl: boolean,
  starttls: boolean,
): EmailConnection {
  return {
    name: 'mailto',
    protocol: (family === 'imap'
      ? ssl
        ? 'IMAPS'
        : 'IMAP'
      : ssl
        ? 'POP3S'
        : 'POP3') as EmailConnection['protocol'],
    family,
    secure: ssl || starttls,
    host,
    port,
    username: user,
    password,
    requireAuthentication: true,
    requireTLS: !ssl && starttls,
    // JavaMail's session properties: a certificate the platform does not trust is refused unless its host is listed
    // in ssl.trust (`*`: any); the host name is checked only with ssl.checkserveridentity true (JavaMail 1.6)
    checkServerIdentity: prop('ssl.checkserveridentity') === 'true',
    trustedHosts: prop('ssl.trust')
      ?.split(/\s+/)
      .filter((h) => h !== ''),
    sslProtocols: undefined,
    cipherSuites: undefined,
    readTimeoutMs: undefined,
    writeTimeoutMs: undefined,
    connectionTimeoutMs: undefined,
    oauth: undefined,
  };
}

/**
 * What JavaMail's exception says: a socket that does not connect is MailConnectException's "Couldn't connect to
 * host, port: HOST, PORT; timeout T" (-1 without mail.PROTOCOL.connectiontimeout), else the server's answer text.
 */
function reasonOf(e: unknown, where?: { host: string; port: number; timeout: string | undefined }): string {
  const x = e as { responseText?: string; message?: string; code?: string };
  if (where && (x?.code === 'ECONNREFUSED' || x?.code === 'ENOTFOUND' || x?.code === 'EHOSTUNREACH'))
    return `Couldn't connect to host, port: ${where.host}, ${where.port}; timeout ${where.timeout ?? -1}`;
  return x?.responseText || x?.message || String(e);
}

/** A message the server marks `Status: RO` (not one to process). */
function statusRO(raw: Buffer): boolean {
  const { headers } = splitMessage(raw);
  const status = headers.filter(([n]) => n.toLowerCase() === 'status');
  return status.length === 1 && status[0][1] === 'RO';
}

/** The header lines (each value as after the colon, folded lines kept) and the body bytes. */
function splitMessage(raw: Buffer): { headers: [string, string][]; body: Buffer } {
  let end = raw.indexOf('\r\n\r\n');
  let sep = 4;
  const lf = raw.indexOf('\n\n');
  if (lf >= 0 && (end < 0 || lf < end)) {
    end = lf;
    sep = 2;
  }
  const headText = (end < 0 ? raw : raw.subarray(0, end)).toString('latin1');
  const body = end < 0 ? Buffer.alloc(0) : raw.subarray(end + sep);
  const headers: [string, string][] = [];
  for (const line of headText.split(/\r?\n(?![ \t])/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    headers.push([line.slice(0, i).trim(), line.slice(i + 1).replace(/^[ \t]+/, '')]);
  }
  return { headers, body };
}

const headerOf = (headers: [string, string][], name: string): string | undefined =>
  headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/** MimePart.getInputStream: the body decoded by its Content-Transfer-Encoding. */
function decodeBody(headers: [string, string][], body: Buffer): Buffer {
  const cte = (headerOf(headers, 'Content-Transfer-Encoding') ?? '').trim().toLowerCase();
  if (cte === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    const s = body
      .toString('latin1')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(s, 'latin1');
  }
  return body;
}

/** The parts of a multipart body, each split into headers and body. */
function partsOf(contentType: string, body: Buffer): { headers: [string, string][]; body: Buffer }[] {
  const b = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  const boundary = b?.[1] ?? b?.[2];
  if (!boundary) return [];
  const text = body.toString('latin1');
  const out: { headers: [string, string][]; body: Buffer }[] = [];
  const chunks = text.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  for (const c of chunks.slice(1)) {
    if (c.startsWith('--')) break;
    out.push(splitMessage(Buffer.from(c.replace(/^[ \t]*\r?\n/, ''), 'latin1')));
  }
  return out;
}

/** processMail: the transport headers, the content type and the bytes the builder reads. */
function mailOf(raw: Buffer, params: Record<string, string>, retain: (h: string) => boolean): PolledMail {
  const configured = params['transport.mail.ContentType'];
  const { headers, body } = splitMessage(raw);
  let contentType = configured;
  let partHeaders = headers;
  let partBody = body;
  if (contentType === undefined) {
    // getMessagePart: in multipart/mixed, the first part with a builder other than text/plain, else the text part
    const ct = headerOf(headers, 'Content-Type') ?? 'text/plain';
    if (ct.split(';')[0].trim().toLowerCase() === 'multipart/mixed') {
      let text: { headers: [string, string][]; body: Buffer } | undefined;
      let pick: { headers: [string, string][]; body: Buffer } | undefined;
      for (const part of partsOf(ct, body)) {
        const base = (headerOf(part.headers, 'Content-Type') ?? 'text/plain')
          .split(';')[0]
          .trim()
          .toLowerCase();
        if (!BUILDER_TYPES.has(base)) continue;
        if (base === 'text/plain') text ??= part;
        else {
          pick = part;
          break;
        }
      }
      const chosen = pick ?? text;
      if (chosen) {
        partHeaders = chosen.headers;
        partBody = chosen.body;
      }
    }
    contentType = (headerOf(partHeaders, 'Content-Type') ?? 'text/plain').replace(/\r?\n[ \t]*/g, ' ');
  }
  // "remove this ugly hack when Axis2 has learned that content types are case insensitive"
  const idx = contentType.indexOf(';');
  contentType =
    idx === -1 ? contentType.toLowerCase() : contentType.slice(0, idx).toLowerCase() + contentType.slice(idx);
  const retained = headers.filter(([n]) => retain(n));
  let soapAction = headerOf(retained, 'SOAPAction');
  const subject = headerOf(headers, 'Subject');
  if (soapAction === undefined && subject?.startsWith('SOAPAction')) {
    soapAction = subject.slice('SOAPAction'.length);
    if (soapAction.startsWith(':')) soapAction = soapAction.slice(1).trim();
  }
  const messageId = headerOf(headers, 'X-Message-ID') ?? headerOf(headers, 'Message-ID');
  return {
    contentType,
    body: decodeBody(partHeaders, partBody),
    headers: retained,
    soapAction,
    messageId,
    replyInfo: replyInfoOf(headers, params, subject, messageId),
  };
}

/** MailTransportListener.buildOutTransportInfo. */
function replyInfoOf(
  headers: [string, string][],
  params: Record<string, string>,
  subject: string | undefined,
  messageId: string | undefined,
): MailReplyInfo {
  const list = (v: string | undefined): Address[] | undefined => {
    if (v === undefined) return undefined;
    try {
      const a = parseAddresses(v.replace(/\r?\n[ \t]*/g, ' '));
      return a.length ? a : undefined;
    } catch {
      return undefined;
    }
  };
  const reply = params['transport.mail.ReplyAddress'];
  return {
    from: list(params['transport.mail.Address'])?.[0] ?? {
      name: '',
      address: params['transport.mail.Address'] ?? '',
    },
    targets:
      list(headerOf(headers, 'Reply-To')) ??
      list(headerOf(headers, 'From')) ??
      (reply ? list(reply) : undefined),
    cc: list(headerOf(headers, 'Cc')),
    subject: subject !== undefined ? `Re: ${decodeSubject(subject)}` : undefined,
    requestMessageId: messageId,
  };
}

/** MimeMessage.getSubject: the encoded words decoded, the folding undone. */
function decodeSubject(s: string): string {
  const unfolded = s.replace(/\r?\n(?=[ \t])/g, '');
  if (!unfolded.includes('=?')) return unfolded;
  try {
    return libmime().decodeWords(unfolded);
  } catch {
    return unfolded;
  }
}
