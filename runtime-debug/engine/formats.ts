/**
 * The message builders and formatters MI 4.4 has for the content types beyond JSON and XML, as its axis2.xml
 * configures them: application/x-www-form-urlencoded (Synapse's XFormURLEncodedBuilder and -Formatter),
 * multipart/form-data (Axis2's MultipartFormDataBuilder and -Formatter), text/plain (PlainTextBuilder) and the
 * charsets a Content-Type names. Only called when a mediator reads such a body or it is written through a formatter;
 * a pass-through flow never gets here.
 */
import { randomBytes } from 'node:crypto';
import { PayloadError } from './errors';
import { javaGetBytes, javaUrlEncode } from './expr/xpath';
import { boundaryOf, partHeaders, splitMultipart } from './multipart';

/**
 * The media types MI has a message builder for: its axis2.xml (and axis2_blocking_client.xml, which declares the same
 * set for blocking calls) and Axis2's own for SOAP and MIME. A type outside it is read by the SOAP builder (a polled
 * file, a blocking call's SOAP answer) or as POX (a REST call).
 */
export const BUILDER_TYPES: ReadonlySet<string> = new Set([
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/json',
  'application/json/badgerfish',
  'text/javascript',
  'text/plain',
  'application/octet-stream',
  'application/binary',
  'text/xml',
  'application/soap+xml',
  'multipart/related',
]);

/**
 * The content type a polled or consumed message is built with: its own when MI has a builder for its base type, else
 * (or without one) the SOAP builder's text/xml, as FileInjectHandler and MqttInjectHandler fall back to SOAPBuilder
 * when BuilderUtil.getBuilderFromSelector finds none.
 */
export function builtContentType(contentType: string | undefined): string {
  if (!contentType) return 'text/xml';
  const semi = contentType.indexOf(';');
  return BUILDER_TYPES.has((semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase())
    ? contentType
    : 'text/xml';
}

/** One field of a form or multipart body, as the builder keeps it. */
export interface FormField {
  name: string;
  /** The text of a form field (decoded), or the bytes of a file part. */
  value: string | Buffer;
  /** A multipart file part's file name (present, possibly "", for a file part). */
  filename?: string;
  /** A multipart part's own Content-Type header. */
  contentType?: string;
  /** The charset a multipart text field was read in. */
  charset?: string;
}

/** The charset parameter of a content type (as Axis2's BuilderUtil.getCharSetEncoding reads it), or undefined. */
export function charsetParam(contentType: string): string | undefined {
  const at = contentType.indexOf('charset');
  if (at < 0) return undefined;
  const m = /charset\s*=\s*("?)([^";,\s]*)\1/i.exec(contentType.slice(at));
  return m && m[2] ? m[2] : undefined;
}

/**
 * Decodes bytes in a charset named by a content type, as Java's String(byte[], charset) does (ISO-8859-1 maps each
 * byte to one character, not to windows-1252 as WHATWG's decoder would). Unknown charsets fail the build, as
 * Java's UnsupportedEncodingException does in MI's builders.
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  if (!charset) return bytes.toString('utf8');
  const c = charset.toLowerCase();
  if (c === 'utf-8' || c === 'utf8') return bytes.toString('utf8');
  if (c === 'iso-8859-1' || c === 'iso8859-1' || c === 'iso_8859_1' || c === 'latin1' || c === 'l1')
    return bytes.toString('latin1');
  if (c === 'us-ascii' || c === 'ascii') return bytes.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
  if (c === 'utf-16le') return bytes.toString('utf16le');
  try {
    return new TextDecoder(c).decode(bytes);
  } catch {
    throw new PayloadError('UNSUPPORTED_CHARSET', `Unsupported encoding: ${charset}`);
  }
}

/** Encodes text in a charset, as Java's String.getBytes(charset). */
export function encodeCharset(text: string, charset: string | undefined): Buffer {
  const c = (charset ?? 'utf-8').toLowerCase();
  // (javaGetBytes: one '?' per character ISO-8859-1 / US-ASCII cannot hold, a surrogate pair being one character;
  // UTF-16 big-endian after its FE FF mark)
  if (c === 'iso8859-1') return javaGetBytes(text, 'iso-8859-1');
  if (
    c === 'iso-8859-1' ||
    c === 'latin1' ||
    c === 'us-ascii' ||
    c === 'ascii' ||
    c === 'utf-16' ||
    c === 'utf-16be' ||
    c === 'utf-16le'
  )
    return javaGetBytes(text, c);
  return Buffer.from(text, 'utf8');
}

/**
 * Decodes a form value as Axis2's URIEncoderDecoder.decode: `+` is a space, runs of %XX are bytes in the charset;
 * an incomplete or invalid % sequence fails the build (IllegalArgumentException in MI).
 */
function formDecode(s: string, charset: string | undefined): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      const bytes: number[] = [];
      do {
        if (i + 2 >= s.length) throw new PayloadError('FORM_MALFORMED', `Incomplete % sequence at ${i}`);
        const b = parseInt(s.slice(i + 1, i + 3), 16);
        if (!/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3)))
          throw new PayloadError('FORM_MALFORMED', `Invalid % sequence${s.slice(i, i + 3)}at ${i}`);
        bytes.push(b);
        i += 3;
      } while (i < s.length && s.charCodeAt(i) === 37);
      out += decodeCharset(Buffer.from(bytes), charset);
    } else if (c === 43) {
      out += ' ';
      i++;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

/** XFormURLEncodedBuilder.replaceInvalidCharacters: a name starting with a digit or `$` is kept readable as XML. */
function formName(name: string): string {
  const c = name.charCodeAt(0);
  if (c >= 48 && c <= 57) return `_JsonReader_PD_${name}`;
  if (c === 36) return `_JsonReader_PS_${name.slice(1)}`;
  return name;
}

/**
 * A body field's name as the element name MI gives it: not decoded (`a+b`, `%C3%A9` and `a b` stay as they are, an
 * element name no XML parser would read back); an empty or blank name (`=x`, `a=1&=2`) fails the build, as Axiom's
 * OMElementImpl refuses a local name that is empty once trimmed ('localname can not be null or empty').
 */
function bodyFormName(raw: string): string {
  const name = formName(raw);
  if (/^[\x00-\x20]*$/.test(name))
    throw new PayloadError(
      'FORM_MALFORMED',
      'Error while building message. Error while building Passthrough stream',
    );
  return name;
}

/** Fields in the order MI's MultipleEntryHashMap gives them: by first appearance of a name, repeats grouped. */
function grouped(fields: FormField[]): FormField[] {
  const byName = new Map<string, FormField[]>();
  for (const f of fields) {
    const list = byName.get(f.name);
    if (list) list.push(f);
    else byName.set(f.name, [f]);
  }
  if (byName.size === fields.length) return fields;
  const out: FormField[] = [];
  for (const list of byName.values()) out.push(...list);
  return out;
}

/**
 * The fields of an application/x-www-form-urlencoded body as Synapse's XFormURLEncodedBuilder reads them: the URL's
 * query parameters first (parts without `=` or with an empty name skipped), then each line of the body split at `&`
 * (a part without `=` fails, as MI's substring(0, -1) does), values decoded in the request's charset, names not.
 */
export function readForm(body: Buffer, contentType: string, query?: string): FormField[] {
  const charset = charsetParam(contentType);
  const fields: FormField[] = [];
  if (query) {
    for (const part of javaSplit(query)) {
      const eq = part.indexOf('=');
      if (eq > 0)
        fields.push({ name: formName(part.slice(0, eq)), value: formDecode(part.slice(eq + 1), charset) });
    }
  }
  const text = decodeCharset(body, charset);
  if (text !== '') {
    // BufferedReader.readLine: a final line terminator ends the last line, it does not start an empty one
    const lines = text.split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      for (const part of javaSplit(line)) {
        const eq = part.indexOf('=');
        if (eq < 0)
          // (MI: part.substring(0, -1) throws StringIndexOutOfBoundsException in the builder)
          throw new PayloadError(
            'FORM_MALFORMED',
            'Error while building message. Error while building Passthrough stream',
          );
        fields.push({
          name: bodyFormName(part.slice(0, eq)),
          value: formDecode(part.slice(eq + 1), charset),
        });
      }
    }
  }
  return grouped(fields);
}

/** Java's String.split("&"): trailing empty strings are removed (a string without `&` is itself). */
function javaSplit(s: string): string[] {
  const parts = s.split('&');
  if (parts.length === 1) return parts;
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Axis2's URLTemplatingUtil.appendQueryParameters (a GET or DELETE sent through the form formatter): `name=value` of
 * each field, the value URL-encoded with spaces as %20, joined with `&` (names as they are, no `_JsonReader_` undoing).
 */
export function queryOfFields(fields: { name: string; text: string }[]): string {
  return fields.map((f) => `${f.name}=${javaUrlEncode(f.text).replace(/\+/g, '%20')}`).join('&');
}

/**
 * Synapse's XFormURLEncodedFormatter: `name=value` for each child element of the payload root, joined with `&`:
 * the name as written, the value (the element's own text) URL-encoded with spaces as %20; the builder's
 * `_JsonReader_PD_` prefix is removed and `_JsonReader_PS_` becomes `$` again.
 */
export function writeForm(fields: { name: string; text: string }[]): string {
  let out = '';
  for (const f of fields) {
    const p = `${f.name}=${javaUrlEncode(f.text).replace(/\+/g, '%20')}`
      .split('_JsonReader_PD_')
      .join('')
      .split('_JsonReader_PS_')
      .join('$');
    out = out === '' ? p : `${out}&${p}`;
  }
  return out;
}

/** A parameter of a Content-Disposition header (quoted or not). */
function dispositionParam(cd: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(cd);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
}

/** At most this many parts are read from one multipart body. */
const MAX_PARTS = 10_000;

/**
 * The fields of a multipart/form-data body as Axis2's MultipartFormDataBuilder reads them (commons-fileupload): a
 * part whose Content-Disposition names no `name` is skipped; a part with a `filename` parameter (even empty) is a
 * file (its bytes), any other a text field decoded in its own charset or the request's (UTF-8 by default).
 */
export function readMultipart(body: Buffer, contentType: string): FormField[] {
  const boundary = boundaryOf(contentType);
  if (!boundary)
    throw new PayloadError(
      'MULTIPART_MALFORMED',
      'the request was rejected because no multipart boundary was found',
    );
  const messageCharset = charsetParam(contentType) ?? 'UTF-8';
  const fields: FormField[] = [];
  const { parts, end } = splitMultipart(body, boundary, MAX_PARTS);
  if (end === 'no-delimiter')
    throw new PayloadError(
      'MULTIPART_MALFORMED',
      'Stream ended unexpectedly: no multipart boundary in the body',
    );
  if (end !== 'closed' && end !== 'limit')
    throw new PayloadError('MULTIPART_MALFORMED', 'Stream ended unexpectedly');
  for (const { head, data } of parts) {
    const headers = partHeaders(head.toString('utf8'));
    // commons-fileupload: a field name only comes from a form-data disposition
    const cd = headers.get('content-disposition') ?? '';
    if (!cd.toLowerCase().startsWith('form-data')) continue;
    const name = dispositionParam(cd, 'name');
    if (name === undefined) continue;
    const partType = headers.get('content-type');
    const filename = dispositionParam(cd, 'filename');
    if (filename !== undefined) {
      fields.push({ name, value: Buffer.from(data), filename: filename.trim(), contentType: partType });
    } else {
      const charset = (partType && charsetParam(partType)) || messageCharset;
      fields.push({ name, value: decodeCharset(data, charset), contentType: partType, charset });
    }
  }
  return grouped(fields);
}

/** One part the multipart formatter writes. */
export interface OutPart {
  name: string;
  filename?: string;
  contentType: string;
  charset?: string;
  transferEncoding?: string;
  data: Buffer;
}

/** A boundary as Axiom's OMOutputFormat makes one. */
export function newBoundary(): string {
  return `MIMEBoundary_${randomBytes(24).toString('hex')}`;
}

/**
 * The bytes Axis2's MultipartFormDataFormatter writes (commons-httpclient's Part.sendParts): for each part the
 * boundary line, Content-Disposition, Content-Type with its charset, a Content-Transfer-Encoding only when the
 * element asked for one, a blank line, the data; then the closing boundary.
 */
export function writeMultipart(parts: OutPart[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += `\r\nContent-Type: ${p.contentType}${p.charset ? `; charset=${p.charset}` : ''}`;
    if (p.transferEncoding) head += `\r\nContent-Transfer-Encoding: ${p.transferEncoding}`;
    head += '\r\n\r\n';
    chunks.push(Buffer.from(head, 'latin1'), p.data, Buffer.from('\r\n', 'latin1'));
  }
  if (parts.length === 0) return Buffer.alloc(0);
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}
