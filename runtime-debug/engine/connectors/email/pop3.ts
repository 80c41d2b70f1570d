/**
 * The mailbox operations over POP3 / POP3S, as the connector's code behaves with JavaMail's POP3 provider:
 *
 * - the store: USER/PASS (AUTH XOAUTH2 with OAuth2), TLS as for IMAP (POP3S from the first byte, or STLS with
 *   requireTLS when the server offers it); a failure is the pool's ConnectException;
 * - only the folder INBOX exists (POP3Folder.open: FolderNotFoundException otherwise, an EmailConnectionException);
 * - list: a POP3 folder has no permanent flags, so no flag terms; SubjectTerm / FromTerm are matched here against
 *   each message's headers (Folder.search: a case-insensitive substring of the subject; the From address); a date
 *   term matches nothing (POP3 messages have no received date); deleteAfterRetrieve deletes the page (DELE, QUIT);
 * - getEmailBody / getEmailAttachment: EmailUtils.getEmail casts the search result to IMAPMessage[], which fails
 *   for POP3 (a ClassCastException no catch block names);
 * - markAsRead: \Seen is only kept by the client (success, nothing changes on the server); markAsDeleted: \Deleted
 *   without expunge (nothing changes); delete: DELE of the first message whose Message-ID contains the id;
 *   expungeFolder: nothing to expunge.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { EmailConnection } from './connection';
import { tlsSettings } from './connection';
import { EmailFailure, EmailUncaught, PoolFailure, failure } from './errors';
import { parseEmail, type ParsedEmail } from './parse';
import { paginate } from './page';

/** The longest one POP3 answer may be (a message). */
export const MAX_POP3_ANSWER = 50 * 1024 * 1024;
/** The longest the runtime waits on a POP3 server when the connection sets no timeout. */
export const DEFAULT_POP3_TIMEOUT_MS = 60_000;

export class Pop3 {
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private closed: Error | undefined;

  private constructor(
    private sock: Socket | TLSSocket,
    private readonly timeoutMs: number,
  ) {
    this.attach();
  }

  private attach(): void {
    this.sock.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      if (this.buf.length > MAX_POP3_ANSWER) this.sock.destroy(new Error('POP3 answer too large'));
      this.waiter?.();
    });
    this.sock.on('error', (e) => {
      this.closed = e;
      this.waiter?.();
    });
    this.sock.on('close', () => {
      this.closed ??= new Error('Connection closed by the POP3 server');
      this.waiter?.();
    });
    this.sock.setTimeout(this.timeoutMs, () => this.sock.destroy(new Error('Read timed out')));
  }

  static async open(conn: EmailConnection, token: string | undefined): Promise<Pop3> {
    const timeout = conn.readTimeoutMs ?? DEFAULT_POP3_TIMEOUT_MS;
    const implicit = conn.secure && !conn.requireTLS;
    const sock: Socket | TLSSocket = await new Promise((resolve, reject) => {
      const s = implicit
        ? tlsConnect({ host: conn.host, port: conn.port, ...tlsSettings(conn) })
        : tcpConnect({ host: conn.host, port: conn.port });
      const t = setTimeout(
        () => s.destroy(new Error('connect timed out')),
        conn.connectionTimeoutMs ?? DEFAULT_POP3_TIMEOUT_MS,
      );
      s.once(implicit ? 'secureConnect' : 'connect', () => {
        clearTimeout(t);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
    let p = new Pop3(sock, timeout);
    await p.status();
    if (conn.secure && conn.requireTLS) {
      const capa = await p.command('CAPA', true).catch(() => '');
      if (/^STLS\b/im.test(capa)) {
        await p.command('STLS');
        p = await p.upgrade(conn);
      }
    }
    if (token !== undefined) {
      const sasl = Buffer.from(`user=${conn.username ?? ''}\x01auth=Bearer ${token}\x01\x01`).toString(
        'base64',
      );
      await p.command(`AUTH XOAUTH2 ${sasl}`);
    } else {
      await p.command(`USER ${conn.username ?? ''}`);
      await p.command(`PASS ${conn.password ?? ''}`);
    }
    return p;
  }

  private async upgrade(conn: EmailConnection): Promise<Pop3> {
    const plain = this.sock as Socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('error');
    plain.removeAllListeners('close');
    plain.setTimeout(0);
    const secured: TLSSocket = await new Promise((resolve, reject) => {
      const s = tlsConnect({ socket: plain, ...tlsSettings(conn) });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
    return new Pop3(secured, this.timeoutMs);
  }

  private async waitFor(done: () => number): Promise<number> {
    for (;;) {
      const end = done();
      if (end >= 0) return end;
      if (this.closed) throw this.closed;
      await new Promise<void>((r) => (this.waiter = r));
      this.waiter = undefined;
    }
  }

  /** The status line: +OK text, or an error for -ERR. */
  private async status(): Promise<string> {
    const end = await this.waitFor(() => this.buf.indexOf('\r\n'));
    const line = this.buf.subarray(0, end).toString('latin1');
    this.buf = this.buf.subarray(end + 2);
    if (!line.startsWith('+OK')) throw new Error(line.replace(/^-ERR\s*/, '') || 'POP3 error');
    return line;
  }

  /** A command; `multi`: its answer is a dot-terminated block (returned without the status line, un-stuffed). */
  async command(line: string, multi = false): Promise<string> {
    return (await this.raw(line, multi)).toString('latin1');
  }

  async raw(line: string, multi = false): Promise<Buffer> {
    this.sock.write(`${line}\r\n`);
    const head = await this.status();
    if (!multi) return Buffer.from(head, 'latin1');
    const end = await this.waitFor(() => {
      if (this.buf.length >= 3 && this.buf.subarray(0, 3).toString('latin1') === '.\r\n') return 0;
      const i = this.buf.indexOf('\r\n.\r\n');
      return i < 0 ? -1 : i + 2;
    });
    const block = this.buf.subarray(0, end);
    this.buf = this.buf.subarray(end + 3);
    return Buffer.from(block.toString('latin1').replace(/^\.\./gm, '.'), 'latin1');
  }

  async count(): Promise<number> {
    const m = /^\+OK\s+(\d+)/.exec(await this.command('STAT'));
    return m ? Number(m[1]) : 0;
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } catch {
      // the server may close first
    }
    this.sock.destroy();
  }

  close(): void {
    this.sock.destroy();
  }
}

async function withPop3<T>(conn: EmailConnection, f: (p: Pop3) => Promise<T>): Promise<T> {
  let token: string | undefined;
  let p: Pop3;
  try {
    if (conn.accessToken) token = await conn.accessToken();
    p = await Pop3.open(conn, token);
  } catch (e) {
    throw new PoolFailure(
      `Error occurred while borrowing connection from the pool. Error occurred while connecting to the store. ${(e as Error).message}`,
    );
  }
  try {
    return await f(p);
  } finally {
    p.close();
  }
}

/** POP3Folder.open: only INBOX. */
function checkFolder(folder: string): void {
  if (folder.toLowerCase() !== 'inbox')
    throw failure('connection', `Error while opening folder : ${folder}. folder is not INBOX`);
}

interface Headers {
  subject: string;
  from: string[];
  messageIds: string[];
}

async function headersOf(p: Pop3, n: number): Promise<Headers> {
  const top = await p.raw(`TOP ${n} 0`, true);
  const head = parseEmail(top);
  const raw = top.toString('latin1');
  const ids = [...raw.replace(/\r?\n[ \t]/g, ' ').matchAll(/^message-id:[ \t]*(.*)$/gim)].map((m) =>
    m[1].trim(),
  );
  return { subject: head.subject ?? '', from: head.from ? [head.from.toLowerCase()] : [], messageIds: ids };
}

export interface Pop3ListSettings {
  folder: string;
  deleteAfterRetrieve: boolean;
  subjectRegex: string | undefined;
  fromRegex: string | undefined;
  dates: boolean;
  offset: number;
  limit: number;
}

/** EmailList over POP3. */
export async function pop3List(conn: EmailConnection, s: Pop3ListSettings): Promise<ParsedEmail[]> {
  return withPop3(conn, async (p) => {
    checkFolder(s.folder);
    const total = await p.count();
    let matches = Array.from({ length: total }, (_, i) => i + 1);
    const searching = s.subjectRegex || s.fromRegex || s.dates;
    if (searching) {
      const out: number[] = [];
      for (const n of matches) {
        if (s.dates) continue; // getReceivedDate() is null: a date term never matches
        const h = await headersOf(p, n);
        if (s.subjectRegex && !h.subject.toLowerCase().includes(s.subjectRegex.toLowerCase())) continue;
        if (s.fromRegex && !h.from.includes(s.fromRegex.trim().toLowerCase())) continue;
        out.push(n);
      }
      matches = out;
    }
    const { page, toIndex } = paginate(matches, s);
    const out: ParsedEmail[] = [];
    for (const n of page) {
      const src = await p.raw(`RETR ${n}`, true);
      try {
        out.push(parseEmail(src));
      } catch (e) {
        throw failure('parsing', `Error occurred while retrieving message data. ${(e as Error).message}`);
      }
    }
    if (s.deleteAfterRetrieve)
      for (const n of matches.slice(Math.max(0, s.offset), toIndex)) await p.command(`DELE ${n}`);
    await p.quit();
    return out;
  });
}

/** EmailUtils.getEmail over POP3: the cast to IMAPMessage[] fails. */
export async function pop3GetEmail(conn: EmailConnection, folder: string): Promise<never> {
  return withPop3(conn, async (p) => {
    checkFolder(folder);
    await p.quit();
    throw new EmailUncaught(
      'class [Ljavax.mail.Message; cannot be cast to class [Lcom.sun.mail.imap.IMAPMessage; (a POP3 connection: getEmailBody and getEmailAttachment need IMAP)',
    );
  });
}

/** EmailUtils.changeEmailState over POP3. */
export async function pop3ChangeState(
  conn: EmailConnection,
  folder: string,
  emailId: string,
  flag: '\\Seen' | '\\Deleted',
  expunge: boolean,
): Promise<boolean> {
  return withPop3(conn, async (p) => {
    checkFolder(folder);
    const total = await p.count();
    const want = emailId.toLowerCase();
    let found = 0;
    for (let n = 1; n <= total && !found; n++)
      if ((await headersOf(p, n)).messageIds.some((id) => id.toLowerCase().includes(want))) found = n;
    if (!found) throw new EmailFailure('notFound', `No emails found with ID: ${emailId}.`);
    // \Seen is kept by the client only; \Deleted is carried out when the folder closes expunging
    if (flag === '\\Deleted' && expunge) await p.command(`DELE ${found}`);
    await p.quit();
    return true;
  });
}

/** EmailExpungeFolder over POP3: nothing is marked, nothing to remove. */
export async function pop3Expunge(conn: EmailConnection, folder: string): Promise<void> {
  await withPop3(conn, async (p) => {
    checkFolder(folder);
    await p.quit();
  });
}
