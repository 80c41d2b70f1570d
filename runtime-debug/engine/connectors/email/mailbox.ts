/**
 * The mailbox operations over IMAP (imapflow), as the connector runs them with JavaMail's IMAP store:
 *
 * - the store connection (the connection pool's makeObject: connect and log in) failing is a ConnectException
 *   ('pool' here): markAsRead and expungeFolder catch it as EMAIL:CONNECTIVITY, the other operations do not;
 * - a folder that cannot be opened is an EmailConnectionException ("Error while opening folder : X.");
 * - list (EmailList): the search terms — the seen / answered / recent / deleted flags (each `true` unless given,
 *   so by default only messages with all four flags match) when the folder has permanent flags, `subjectRegex` as a
 *   SUBJECT search (a substring, not a regular expression), `fromRegex` as a FROM search for that address,
 *   receivedSince / sentSince as "after that day" (NOT ON d SINCE d), receivedUntil / sentUntil as BEFORE d (both
 *   pairs on the received date, as the connector builds them) — then offset / limit over the matches (limit -1: all,
 *   offset ignored; an offset past the end: all), deleteAfterRetrieve setting \Deleted on the page (from offset to
 *   the end when there is no limit) and expunging when the folder closes;
 * - getEmailBody / getEmailAttachment (EmailUtils.getEmail): a HEADER Message-ID search; none found or more than one
 *   is an EmailParsingException;
 * - markAsRead / markAsDeleted / delete (EmailUtils.changeEmailState): the first message whose Message-ID contains
 *   the id gets \Seen or \Deleted (delete expunges when the folder closes); none is an EmailNotFoundException;
 * - expungeFolder: opens the folder read-write and closes it expunging.
 *
 * POP3 connections run through ./pop3.ts (as JavaMail's POP3 provider behaves). With
 * OAuth2 the login is XOAUTH2 with the connection's access token (./oauth.ts); failing to get one fails the borrow.
 */
import type { ImapFlow, SearchObject } from 'imapflow';
import { imapflow } from './clients';
import type { EmailConnection } from './connection';
import { tlsSettings } from './connection';
import { EmailFailure, EmailUncaught, PoolFailure, failure } from './errors';
import { pop3ChangeState, pop3Expunge, pop3GetEmail, pop3List } from './pop3';
import { parseEmail, type ParsedEmail } from './parse';
import { paginate } from './page';

/** The longest the runtime waits on a mailbox server when the connection sets no timeout. */
export const DEFAULT_IMAP_TIMEOUT_MS = 60_000;

export { PoolFailure };

async function openStore(conn: EmailConnection): Promise<ImapFlow> {
  if (conn.family !== 'imap')
    // MailBoxConnection cast of an SMTP connection: a ClassCastException no catch block names
    throw new EmailUncaught(
      `class org.wso2.carbon.connector.connection.EmailConnection cannot be cast to class org.wso2.carbon.connector.connection.MailBoxConnection (the connection '${conn.name}' is ${conn.protocol}: mailbox operations need IMAP or IMAPS)`,
    );
  let token: string | undefined;
  if (conn.accessToken)
    try {
      token = await conn.accessToken();
    } catch (e) {
      // EmailConnection's constructor in the pool's makeObject: the borrow fails
      throw new PoolFailure(
        `Error occurred while borrowing connection from the pool. ${(e as Error).message}`,
      );
    }
  const client = new (imapflow().ImapFlow)({
    host: conn.host,
    port: conn.port,
    secure: conn.secure && !conn.requireTLS,
    // IMAP: never STARTTLS; IMAPS with requireTLS: STARTTLS when offered
    doSTARTTLS: conn.secure ? undefined : false,
    auth:
      token !== undefined
        ? { user: conn.username ?? '', accessToken: token }
        : { user: conn.username ?? '', pass: conn.password ?? '' },
    tls: tlsSettings(conn),
    logger: false,
    connectionTimeout: conn.connectionTimeoutMs ?? DEFAULT_IMAP_TIMEOUT_MS,
    greetingTimeout: conn.readTimeoutMs ?? DEFAULT_IMAP_TIMEOUT_MS,
    socketTimeout: conn.readTimeoutMs ?? DEFAULT_IMAP_TIMEOUT_MS,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw new PoolFailure(
      `Error occurred while borrowing connection from the pool. Error occurred while connecting to the store. ${describe(e)}`,
    );
  }
  return client;
}

function describe(e: unknown): string {
  const err = e as { message?: string; responseText?: string; authenticationFailed?: boolean };
  if (err?.authenticationFailed)
    return `Authentication failed${err.responseText ? `: ${err.responseText}` : ''}`;
  return err?.responseText || err?.message || String(e);
}

async function withStore<T>(conn: EmailConnection, f: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = await openStore(conn);
  try {
    return await f(client);
  } finally {
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }
}

/** MailBoxConnection.getFolder: opens the folder (read-only or read-write). */
async function openFolder(client: ImapFlow, folder: string, readOnly: boolean): Promise<void> {
  try {
    await client.mailboxOpen(folder, { readOnly });
  } catch (e) {
    throw failure('connection', `Error while opening folder : ${folder}. ${describe(e)}`);
  }
}

/**
 * closeFolder(expunge): the \\Deleted messages are expunged only when asked. JavaMail leaves a folder without
 * expunging (UNSELECT, or EXAMINE then CLOSE); IMAP's CLOSE would expunge, so the folder is left by the LOGOUT
 * that ends the session.
 */
async function closeFolder(client: ImapFlow, expunge: boolean): Promise<void> {
  if (!expunge) return;
  try {
    await client.messageDelete({ deleted: true }, { uid: true });
  } catch {
    // nothing to expunge, or the folder is gone: the session ends anyway
  }
}

export interface ListSettings {
  folder: string;
  deleteAfterRetrieve: boolean;
  seen: boolean;
  answered: boolean;
  recent: boolean;
  deleted: boolean;
  receivedSince: string | undefined;
  receivedUntil: string | undefined;
  sentSince: string | undefined;
  sentUntil: string | undefined;
  subjectRegex: string | undefined;
  fromRegex: string | undefined;
  offset: number;
  limit: number;
}

/** Java's LocalDateTime.parse (ISO: 2024-05-01T10:15 or with seconds); the day, as a UTC midnight Date. */
function localDay(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?$/.exec(s);
  if (!m) throw new EmailUncaught(`Text '${s}' could not be parsed at index 0`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCMonth() !== Number(m[2]) - 1 || Number(m[4]) > 23 || Number(m[5]) > 59)
    throw new EmailUncaught(`Text '${s}' could not be parsed: Invalid date`);
  return d;
}

function searchOf(s: ListSettings, permanentFlags: boolean): SearchObject {
  const q: SearchObject = { all: true };
  if (permanentFlags) {
    q.deleted = s.deleted;
    q.seen = s.seen;
    q.answered = s.answered;
    // JavaMail writes FlagTerm(RECENT, false) as OLD (there is no UNRECENT)
    if (s.recent) q.recent = true;
    else q.old = true;
  }
  if (s.subjectRegex) q.subject = s.subjectRegex;
  if (s.fromRegex) {
    if (/\s/.test(s.fromRegex.trim()) || s.fromRegex.trim() === '')
      throw failure('connection', "Error occurred when parsing 'from' email address. %s");
    q.from = s.fromRegex.trim();
  }
  const after: Date[] = [];
  const before: Date[] = [];
  if (s.receivedSince !== undefined) after.push(localDay(s.receivedSince));
  if (s.receivedUntil !== undefined) before.push(localDay(s.receivedUntil));
  if (s.sentSince !== undefined) after.push(localDay(s.sentSince));
  if (s.sentUntil !== undefined) before.push(localDay(s.sentUntil));
  // several terms of one kind: every one must hold (AndTerm); the latest `since` and the earliest `before` do that
  if (after.length) {
    const d = new Date(Math.max(...after.map((x) => x.getTime())));
    q.since = d;
    q.not = { on: d };
  }
  if (before.length) q.before = new Date(Math.min(...before.map((x) => x.getTime())));
  return q;
}

/** EmailList.retrieveMessages: the matching messages of the page, parsed. */
export async function listEmails(conn: EmailConnection, s: ListSettings): Promise<ParsedEmail[]> {
  if (conn.family === 'pop3') {
    const dates = [s.receivedSince, s.receivedUntil, s.sentSince, s.sentUntil].filter((d) => d !== undefined);
    for (const d of dates) localDay(d);
    if (s.fromRegex !== undefined && s.fromRegex !== '' && /\s/.test(s.fromRegex.trim()))
      throw failure('connection', "Error occurred when parsing 'from' email address. %s");
    return pop3List(conn, {
      folder: s.folder,
      deleteAfterRetrieve: s.deleteAfterRetrieve,
      subjectRegex: s.subjectRegex,
      fromRegex: s.fromRegex,
      dates: dates.length > 0,
      offset: s.offset,
      limit: s.limit,
    });
  }
  return withStore(conn, async (client) => {
    await openFolder(client, s.folder, !s.deleteAfterRetrieve);
    try {
      const box = client.mailbox;
      const permanent =
        box && box.permanentFlags ? [...box.permanentFlags].some((f) => f.startsWith('\\')) : false;
      let uids: number[];
      try {
        const found = await client.search(searchOf(s, permanent), { uid: true });
        uids = Array.isArray(found) ? found : [];
      } catch (e) {
        if (e instanceof EmailFailure || e instanceof EmailUncaught) throw e;
        throw failure('connection', `Error occurred when searching emails. ${describe(e)}`);
      }
      uids.sort((a, b) => a - b);
      const { page, toIndex } = paginate(uids, s);
      if (s.deleteAfterRetrieve) {
        const marked = uids.slice(Math.max(0, s.offset), toIndex);
        if (marked.length) await client.messageFlagsAdd(marked.join(','), ['\\Deleted'], { uid: true });
      }
      const out: ParsedEmail[] = [];
      if (page.length) {
        const bySource = new Map<number, Buffer>();
        for await (const m of client.fetch(page.join(','), { source: true }, { uid: true }))
          if (m.source) bySource.set(m.uid, m.source);
        for (const uid of page) {
          const src = bySource.get(uid);
          if (!src) continue;
          try {
            out.push(parseEmail(src));
          } catch (e) {
            throw failure('parsing', `Error occurred while retrieving message data. ${(e as Error).message}`);
          }
        }
      }
      return out;
    } finally {
      await closeFolder(client, s.deleteAfterRetrieve);
    }
  });
}

/** The sequence numbers of messages whose Message-ID header contains the id (javax.mail MessageIDTerm). */
async function findById(client: ImapFlow, emailId: string): Promise<number[]> {
  try {
    const found = await client.search({ header: { 'message-id': emailId } }, { uid: true });
    return Array.isArray(found) ? found.sort((a, b) => a - b) : [];
  } catch (e) {
    throw failure('connection', `Error occurred when searching emails. ${describe(e)}`);
  }
}

/** EmailUtils.getEmail: the one message of that id in the folder, parsed. */
export async function getEmail(conn: EmailConnection, emailId: string, folder: string): Promise<ParsedEmail> {
  if (conn.family === 'pop3') return pop3GetEmail(conn, folder);
  return withStore(conn, async (client) => {
    await openFolder(client, folder, true);
    try {
      const uids = await findById(client, emailId);
      if (uids.length === 0) throw failure('parsing', `No email found with ID: ${emailId}.`);
      if (uids.length > 1) throw failure('parsing', `Multiple emails found with ID: ${emailId}.`);
      const m = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
      if (!m || !m.source) throw failure('parsing', `No email found with ID: ${emailId}.`);
      try {
        return parseEmail(m.source);
      } catch (e) {
        throw failure('parsing', `Error occurred while retrieving message data. ${(e as Error).message}`);
      }
    } finally {
      await closeFolder(client, false);
    }
  });
}

/** EmailUtils.changeEmailState: sets the flag on the first message of that id; true when set. */
export async function changeEmailState(
  conn: EmailConnection,
  folder: string | undefined,
  emailId: string | undefined,
  flag: '\\Seen' | '\\Deleted',
  expunge: boolean,
): Promise<boolean> {
  const name = folder || 'INBOX';
  if (!emailId) throw failure('config', "Mandatory parameter 'Email ID' is not configured.");
  if (conn.family === 'pop3') return pop3ChangeState(conn, name, emailId, flag, expunge);
  return withStore(conn, async (client) => {
    try {
      await openFolder(client, name, false);
      const uids = await findById(client, emailId);
      if (uids.length === 0) throw new EmailFailure('notFound', `No emails found with ID: ${emailId}.`);
      try {
        await client.messageFlagsAdd(String(uids[0]), [flag], { uid: true });
      } catch (e) {
        throw failure('connection', `Error occurred while changing email state. ${describe(e)}`);
      }
      return true;
    } finally {
      await closeFolder(client, expunge);
    }
  });
}

/** EmailExpungeFolder: open read-write, close expunging. */
export async function expungeFolder(conn: EmailConnection, folder: string): Promise<void> {
  if (conn.family === 'pop3') return pop3Expunge(conn, folder);
  await withStore(conn, async (client) => {
    try {
      await openFolder(client, folder, false);
    } finally {
      await closeFolder(client, true);
    }
  });
}
