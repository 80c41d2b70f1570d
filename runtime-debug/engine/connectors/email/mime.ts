/**
 * The MIME message `email.send` writes, built as the connector's MessageBuilder builds it with JavaMail:
 *
 * - the body part: `Content-Type: <contentType, text/html by default>; charset=<encoding, UTF-8 by default>`,
 *   `Content-Transfer-Encoding` as given (Base64 by default; JavaMail knows base64, quoted-printable, 7bit, 8bit and
 *   binary, in any case, and fails the send on any other), `Content-Disposition: inline`;
 * - with attachments or inline images, a multipart/mixed message: the body part, then one part per attachment
 *   (`attachments` is a JSON array of `{name, content}` objects when it starts with `[`, the content base64-decoded
 *   when the whole of it is base64, else comma separated file paths; each part `Content-Disposition: attachment`
 *   with the file name, its content type detected from the bytes (and the file name), and the body's
 *   Content-Transfer-Encoding), then one part per inline image (`inlineImages`, a JSON array of
 *   `{filePath | base64Content, contentID, fileName}`: `image/<extension>`, `Content-ID: <contentID>`, base64);
 * - From (the address, with personalName when given), To, Cc, Reply-To, Subject (RFC 2047 words when not ASCII),
 *   Date, Message-ID, MIME-Version, and the custom headers (the `EMAIL-HEADER:<name>` message properties). Bcc
 *   recipients are only in the envelope.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { hostname } from 'node:os';
import { encodeCharset } from '../../formats';
import { EmailFailure, failure } from './errors';

/** The largest attachment file the runtime reads into a message (MI has no limit; one message stays bounded). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export interface Address {
  name: string;
  address: string;
}

export interface MailSpec {
  from: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  subject: string | undefined;
  content: string;
  contentType: string | undefined;
  encoding: string | undefined;
  contentTransferEncoding: string | undefined;
  attachments: string | undefined;
  inlineImages: string | undefined;
  headers: [string, string][];
}

const CRLF = '\r\n';

/**
 * InternetAddress.parse (strict): a comma separated list of `addr` or `Name <addr>`; an address with white space
 * in it, or an empty one between commas, is an AddressException (a MessagingException: the send fails with
 * EMAIL:CONNECTIVITY).
 */
export function parseAddresses(list: string | undefined): Address[] {
  if (list === undefined || list === '') return [];
  const out: Address[] = [];
  for (const raw of splitList(list)) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^(.*)<([^<>]*)>\s*$/s.exec(item);
    let name = '';
    let address: string;
    if (m) {
      name = m[1].trim().replace(/^"(.*)"$/s, '$1');
      address = m[2].trim();
    } else address = item;
    if (address === '' || /\s/.test(address) || address.startsWith('@') || address.endsWith('@'))
      throw failure('connection', `Illegal address in string '${item}'`);
    out.push({ name, address });
  }
  return out;
}

/** Splits at commas outside quotes and angle brackets. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = 0;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle++;
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    if (ch === ',' && !quoted && angle === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** RFC 2047 B words for text that is not printable ASCII (MimeUtility.encodeText). */
export function encodeWords(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const n = encodeWords(a.name);
  const quoted = n === a.name && /[()<>@,;:\\".[\]]/.test(n) ? `"${n.replace(/(["\\])/g, '\\$1')}"` : n;
  return `${quoted} <${a.address}>`;
}

function addressHeader(list: Address[]): string {
  return list.map(formatAddress).join(', ');
}

/** The transfer encodings JavaMail's MimeUtility.encode knows (the mailto: transport sender's too, mail/sender.ts). */
export function encodeBody(bytes: Buffer, cte: string): string {
  switch (cte.toLowerCase()) {
    case 'base64':
      return wrap(bytes.toString('base64'), 76);
    case 'quoted-printable':
      return quotedPrintable(bytes);
    case '7bit':
    case '8bit':
    case 'binary':
      return bytes.toString('latin1').replace(/\r?\n/g, CRLF);
    default:
      throw failure('connection', `Unknown encoding: ${cte}`);
  }
}

function wrap(s: string, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += n) lines.push(s.slice(i, i + n));
  return lines.join(CRLF);
}

/** Quoted-printable (RFC 2045): soft line breaks at 76, CRLF line ends kept as hard breaks. */
function quotedPrintable(bytes: Buffer): string {
  const out: string[] = [];
  let line = '';
  const push = (tok: string): void => {
    if (line.length + tok.length > 75) {
      out.push(line + '=');
      line = '';
    }
    line += tok;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0d && bytes[i + 1] === 0x0a) {
      out.push(endSpace(line));
      line = '';
      i++;
      continue;
    }
    if (b === 0x0a) {
      out.push(endSpace(line));
      line = '';
      continue;
    }
    if ((b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 9) push(String.fromCharCode(b));
    else push('=' + b.toString(16).toUpperCase().padStart(2, '0'));
  }
  out.push(endSpace(line));
  return out.join(CRLF);
}

/** A space or tab at a line end is encoded (it would be lost). */
function endSpace(line: string): string {
  const last = line.charCodeAt(line.length - 1);
  if (last === 32 || last === 9)
    return line.slice(0, -1) + '=' + last.toString(16).toUpperCase().padStart(2, '0');
  return line;
}

interface Part {
  headers: [string, string][];
  body: string;
}

/** The content type detected from the bytes (magic numbers), then the file name; text when it reads as text. */
export function detectType(bytes: Buffer, name?: string): string {
  const starts = (sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'application/pdf';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return byExtension(name) ?? 'application/zip';
  const ext = byExtension(name);
  if (ext) return ext;
  if (bytes.length === 0) return 'application/octet-stream';
  if (bytes.includes(0)) return 'application/octet-stream';
  const head = bytes.subarray(0, 512).toString('utf8').trimStart();
  if (head.startsWith('<?xml')) return 'application/xml';
  if (/^<(!doctype\s+html|html)/i.test(head)) return 'text/html';
  return 'text/plain';
}

const EXTENSIONS: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function byExtension(name: string | undefined): string | undefined {
  return name ? EXTENSIONS[extname(name).toLowerCase()] : undefined;
}

/** MessageBuilder.isBase64: the whole string is base64 (groups of four, padded). */
function isBase64(s: string): boolean {
  return /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/.test(s);
}

function readAttachmentFile(path: string): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw failure('connection', `${path} (No such file or directory)`);
  }
  if (size > MAX_ATTACHMENT_BYTES)
    throw failure(
      'connection',
      `${path} is ${size} bytes: the embedded runtime attaches files of at most ${MAX_ATTACHMENT_BYTES} bytes`,
    );
  try {
    return readFileSync(path);
  } catch (e) {
    throw failure('connection', `${path} (${(e as Error).message})`);
  }
}

function attachmentPart(name: string, bytes: Buffer, type: string, cte: string): Part {
  return {
    headers: [
      ['Content-Type', type],
      ['Content-Transfer-Encoding', cte],
      ['Content-Disposition', `attachment; filename=${paramValue(encodeWords(name))}`],
    ],
    body: encodeBody(bytes, cte),
  };
}

/** A MIME parameter value, quoted when it has characters a token may not hold. */
function paramValue(v: string): string {
  return /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`;
}

function parseJsonArray(text: string, what: string): unknown[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw failure('connection', `Invalid JSON data format for ${what}.`);
  }
  if (!Array.isArray(v)) throw failure('connection', `Invalid JSON data format for ${what}.`);
  return v;
}

function attachmentParts(attachments: string, cte: string): Part[] {
  const parts: Part[] = [];
  if (attachments.startsWith('[')) {
    for (const item of parseJsonArray(attachments, 'attachments')) {
      const o = item as Record<string, unknown> | null;
      const name = o && typeof o === 'object' ? o.name : undefined;
      const content = o && typeof o === 'object' ? o.content : undefined;
      if (name === undefined || content === undefined)
        throw failure('connection', 'Invalid JSON data format.');
      const text = String(content);
      const bytes = isBase64(text) ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
      // Tika.detect over the stream: the bytes only
      parts.push(attachmentPart(String(name), bytes, detectType(bytes), cte));
    }
  } else {
    for (const path of attachments.split(',')) {
      const bytes = readAttachmentFile(path);
      // Tika.detect(File): the bytes and the file name
      parts.push(attachmentPart(basename(path), bytes, detectType(bytes, path), cte));
    }
  }
  return parts;
}

function inlineImageParts(images: string): Part[] {
  const parts: Part[] = [];
  for (const item of parseJsonArray(images, 'inline images')) {
    const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    let bytes: Buffer;
    let fileName: string;
    if ('filePath' in o) {
      if (o.contentID === undefined || o.filePath === undefined)
        throw new EmailFailure('config', 'Invalid JSON data format for inline image.');
      const path = String(o.filePath);
      bytes = readAttachmentFile(path);
      fileName = basename(path);
    } else if ('base64Content' in o) {
      if (o.contentID === undefined || o.fileName === undefined)
        throw new EmailFailure('config', 'Invalid JSON data format for inline image.');
      bytes = Buffer.from(String(o.base64Content), 'base64');
      fileName = String(o.fileName);
    } else
      throw new EmailFailure(
        'config',
        "Mandatory parameters 'filePath' or 'base64Content' are not set for inline image.",
      );
    const ext = extname(fileName).slice(1);
    parts.push({
      headers: [
        ['Content-Type', `image/${ext}; name=${paramValue(fileName)}`],
        ['Content-Transfer-Encoding', 'base64'],
        ['Content-ID', `<${String(o.contentID)}>`],
        ['Content-Disposition', `attachment; filename=${paramValue(fileName)}`],
      ],
      body: wrap(bytes.toString('base64'), 76),
    });
  }
  return parts;
}

/** A part's or message's header lines, each ended by CRLF. */
export function headerLines(headers: [string, string][]): string {
  return headers.map(([n, v]) => `${n}: ${v}${CRLF}`).join('');
}

/** The whole message as it goes on the wire (CRLF line ends). */
export function composeMessage(m: MailSpec): string {
  const type = `${m.contentType || 'text/html'}; charset=${m.encoding || 'UTF-8'}`;
  const cte = m.contentTransferEncoding || 'Base64';
  const body: Part = {
    headers: [
      ['Content-Type', type],
      ['Content-Transfer-Encoding', cte],
      ['Content-Disposition', 'inline'],
    ],
    body: encodeBody(encodeCharset(m.content, m.encoding || 'UTF-8'), cte),
  };
  const top: [string, string][] = [['Date', new Date().toUTCString().replace('GMT', '+0000')]];
  if (m.from.length) top.push(['From', addressHeader(m.from)]);
  if (m.replyTo.length) top.push(['Reply-To', addressHeader(m.replyTo)]);
  if (m.to.length) top.push(['To', addressHeader(m.to)]);
  if (m.cc.length) top.push(['Cc', addressHeader(m.cc)]);
  top.push(['Message-ID', `<${randomBytes(12).toString('hex')}.${Date.now()}@${hostname() || 'localhost'}>`]);
  if (m.subject) top.push(['Subject', encodeWords(m.subject)]);
  top.push(['MIME-Version', '1.0']);
  const extra = [...(m.attachments ? attachmentParts(m.attachments, cte) : [])];
  if (m.inlineImages) extra.push(...inlineImageParts(m.inlineImages));
  let out: string;
  if (m.attachments || m.inlineImages) {
    const boundary = `----=_Part_${randomBytes(8).toString('hex')}`;
    top.push(['Content-Type', `multipart/mixed; boundary="${boundary}"`]);
    top.push(...m.headers);
    out = headerLines(top) + CRLF;
    for (const p of [body, ...extra])
      out += `--${boundary}${CRLF}${headerLines(p.headers)}${CRLF}${p.body}${CRLF}`;
    out += `--${boundary}--${CRLF}`;
  } else {
    top.push(...body.headers, ...m.headers);
    out = headerLines(top) + CRLF + body.body + CRLF;
  }
  return out;
}
