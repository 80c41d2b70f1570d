/**
 * A received message read as the connector reads it (pojo/EmailMessage over commons-email's MimeMessageParser):
 *
 * - emailId: the Message-ID header as written; subject: decoded (RFC 2047);
 * - to / cc / bcc: the addresses of that header, each as InternetAddress.toString writes it (`addr`, or
 *   `Name <addr>`), joined with `,` (an empty string when the header is absent);
 * - from: the first From (else Sender) address, the bare address; replyTo: the first Reply-To address, else the
 *   first From address;
 * - the parts, walked depth first: the first text/plain part that is not an attachment is textContent, the first
 *   text/html one htmlContent; every other leaf part (a second text part, an inline image, a file) is an attachment:
 *   its name the decoded file name (Content-Disposition filename, else Content-Type name; none: null), its content
 *   type the Content-Type without parameters, its content the decoded bytes.
 */
import { libmime } from './clients';
import { decodeCharset } from '../../formats';
import { formatAddress, parseAddresses, type Address } from './mime';

export interface ParsedAttachment {
  name: string | null;
  contentType: string;
  content: Buffer;
}

export interface ParsedEmail {
  emailId: string | null;
  to: string;
  from: string | null;
  cc: string;
  bcc: string;
  replyTo: string | null;
  subject: string | null;
  htmlContent: string | null;
  textContent: string | null;
  attachments: ParsedAttachment[];
}

interface Node {
  headers: Map<string, string[]>;
  body: Buffer;
}

/** The most nested multiparts followed (a hostile message cannot recurse without bound). */
const MAX_DEPTH = 32;
/** The most parts read from one message. */
const MAX_PARTS = 1000;

function splitHeaders(buf: Buffer): Node {
  // the header block ends at the first empty line
  let end = -1;
  let bodyStart = buf.length;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] !== 0x0a) continue;
    if (buf[i + 1] === 0x0a) {
      end = i;
      bodyStart = i + 2;
      break;
    }
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) {
      end = i;
      bodyStart = i + 3;
      break;
    }
  }
  if (buf.length > 0 && (buf[0] === 0x0a || (buf[0] === 0x0d && buf[1] === 0x0a))) {
    end = 0;
    bodyStart = buf[0] === 0x0a ? 1 : 2;
  }
  const head = end < 0 ? buf.toString('latin1') : buf.subarray(0, end).toString('latin1');
  const headers = new Map<string, string[]>();
  const unfolded = head.replace(/\r?\n[ \t]/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    const list = headers.get(name);
    if (list) list.push(value);
    else headers.set(name, [value]);
  }
  return { headers, body: end < 0 ? Buffer.alloc(0) : buf.subarray(bodyStart) };
}

function header(n: Node, name: string): string | undefined {
  return n.headers.get(name)?.[0];
}

/** Header bytes were read as latin1: reread them as UTF-8 (raw UTF-8 headers), then decode RFC 2047 words. */
function decodeHeader(v: string): string {
  const utf8 = Buffer.from(v, 'latin1').toString('utf8');
  const text = utf8.includes('\ufffd') ? v : utf8;
  try {
    return libmime().decodeWords(text);
  } catch {
    return text;
  }
}

interface ContentType {
  type: string;
  /** The Content-Type value without its parameters, as written (MimeMessageParser.getBaseMimeType). */
  base: string;
  params: Record<string, string>;
}

function contentTypeOf(n: Node): ContentType {
  const raw = header(n, 'content-type');
  if (!raw) return { type: 'text/plain', base: 'text/plain', params: {} };
  const parsed = libmime().parseHeaderValue(raw);
  const semi = raw.indexOf(';');
  return {
    type: String(parsed.value || 'text/plain').toLowerCase(),
    base: semi >= 0 ? raw.slice(0, semi) : raw,
    params: (parsed.params ?? {}) as Record<string, string>,
  };
}

function decodeTransfer(n: Node): Buffer {
  const cte = (header(n, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (cte === 'base64')
    return Buffer.from(n.body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(n.body.toString('latin1'));
  return n.body;
}

function decodeQuotedPrintable(s: string): Buffer {
  const text = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

function textOf(n: Node, ct: ContentType): string {
  const bytes = decodeTransfer(n);
  const charset = ct.params.charset || 'us-ascii';
  try {
    return decodeCharset(bytes, charset);
  } catch {
    return bytes.toString('utf8');
  }
}

function disposition(n: Node): string {
  const d = header(n, 'content-disposition');
  if (!d) return '';
  return String(libmime().parseHeaderValue(d).value || '').toLowerCase();
}

function fileName(n: Node, ct: ContentType): string | null {
  const d = header(n, 'content-disposition');
  const fromDisposition = d
    ? (libmime().parseHeaderValue(d).params as Record<string, string>)?.filename
    : undefined;
  const name = fromDisposition || ct.params.name;
  return name ? decodeHeader(name) : null;
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delim = `--${boundary}`;
  const parts: Buffer[] = [];
  let pos = text.indexOf(delim);
  while (pos >= 0 && parts.length < MAX_PARTS) {
    let start = pos + delim.length;
    if (text.startsWith('--', start)) break;
    // the rest of the delimiter line
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    start = nl + 1;
    const next = text.indexOf(`\n${delim}`, start);
    const end = next < 0 ? text.length : next;
    let partEnd = end;
    if (partEnd > start && text[partEnd - 1] === '\r') partEnd--;
    parts.push(Buffer.from(text.slice(start, next < 0 ? text.length : partEnd), 'latin1'));
    if (next < 0) break;
    pos = next + 1;
  }
  return parts;
}

function walk(n: Node, out: ParsedEmail, depth: number): void {
  const ct = contentTypeOf(n);
  const attachment = disposition(n) === 'attachment';
  if (ct.type === 'text/plain' && out.textContent === null && !attachment) {
    out.textContent = textOf(n, ct);
    return;
  }
  if (ct.type === 'text/html' && out.htmlContent === null && !attachment) {
    out.htmlContent = textOf(n, ct);
    return;
  }
  if (ct.type.startsWith('multipart/') && ct.params.boundary && depth < MAX_DEPTH) {
    for (const p of splitMultipart(n.body, ct.params.boundary)) {
      if (out.attachments.length >= MAX_PARTS) return;
      walk(splitHeaders(p), out, depth + 1);
    }
    return;
  }
  out.attachments.push({ name: fileName(n, ct), contentType: ct.base, content: decodeTransfer(n) });
}

/** InternetAddress.toString of each address, joined with `,` (EmailMessage.getAddressListAsString). */
function addressList(n: Node, name: string): string {
  const v = n.headers.get(name);
  if (!v) return '';
  return addressesOf(v.join(', '))
    .map((a) => formatAddress(a))
    .join(',');
}

function addressesOf(v: string): Address[] {
  try {
    return parseAddresses(decodeHeader(v)).filter((a) => a.address !== '');
  } catch {
    return [];
  }
}

function firstAddress(n: Node, ...names: string[]): string | null {
  for (const name of names) {
    const v = n.headers.get(name);
    if (!v) continue;
    const a = addressesOf(v.join(', '))[0];
    if (a) return a.address;
  }
  return null;
}

export function parseEmail(source: Buffer): ParsedEmail {
  const root = splitHeaders(source);
  const subject = header(root, 'subject');
  const out: ParsedEmail = {
    emailId: header(root, 'message-id') ?? null,
    to: addressList(root, 'to'),
    from: firstAddress(root, 'from', 'sender'),
    cc: addressList(root, 'cc'),
    bcc: addressList(root, 'bcc'),
    replyTo: firstAddress(root, 'reply-to', 'from', 'sender'),
    subject: subject === undefined ? null : decodeHeader(subject),
    htmlContent: null,
    textContent: null,
    attachments: [],
  };
  walk(root, out, 0);
  return out;
}
