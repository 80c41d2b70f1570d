/**
 * The one MIME multipart splitter (RFC 2046, CRLF line ends): the multipart/form-data builder (formats.ts), the
 * multipart/related reader (mtom.ts) and the management API's CAR upload read their bodies through it, each
 * answering a malformed body with its own failure.
 */

/** The boundary parameter of a multipart content type (quoted or not). */
export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^;,\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** One body part: its header bytes (without the blank line) and its data (without the CRLF before the next delimiter). */
export interface RawPart {
  head: Buffer;
  data: Buffer;
}

/**
 * Why the splitting stopped: the closing delimiter; no delimiter at all; a delimiter line without its CRLF; part
 * headers without the blank line; a part without a next delimiter; `max` parts read (the rest not looked at).
 */
export type SplitEnd = 'closed' | 'no-delimiter' | 'no-eol' | 'no-head-end' | 'no-next' | 'limit';

/** The parts of a multipart body up to where it ends (`end`), at most `max` of them. */
export function splitMultipart(
  body: Buffer,
  boundary: string,
  max = Infinity,
): { parts: RawPart[]; end: SplitEnd } {
  const delim = Buffer.from(`--${boundary}`, 'latin1');
  const crlfDelim = Buffer.concat([Buffer.from('\r\n', 'latin1'), delim]);
  const parts: RawPart[] = [];
  let at = body.indexOf(delim);
  if (at < 0) return { parts, end: 'no-delimiter' };
  for (;;) {
    if (parts.length >= max) return { parts, end: 'limit' };
    let p = at + delim.length;
    // the closing delimiter
    if (body[p] === 0x2d && body[p + 1] === 0x2d) return { parts, end: 'closed' };
    // the rest of the delimiter line (transport padding)
    const eol = body.indexOf('\r\n', p, 'latin1');
    if (eol < 0) return { parts, end: 'no-eol' };
    p = eol + 2;
    let head: Buffer;
    let dataStart: number;
    if (body[p] === 0x0d && body[p + 1] === 0x0a) {
      head = body.subarray(p, p);
      dataStart = p + 2;
    } else {
      const headEnd = body.indexOf('\r\n\r\n', p, 'latin1');
      if (headEnd < 0) return { parts, end: 'no-head-end' };
      head = body.subarray(p, headEnd);
      dataStart = headEnd + 4;
    }
    const next = body.indexOf(crlfDelim, dataStart);
    if (next < 0) return { parts, end: 'no-next' };
    parts.push({ head, data: body.subarray(dataStart, next) });
    at = next + 2;
  }
}

/** A part's header lines in order, as read (folded lines joined): each its name and its trimmed value. */
function partHeaderLines(headText: string): [name: string, value: string][] {
  const lines: [string, string][] = [];
  for (const line of headText.split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon > 0) lines.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return lines;
}

/** A part's header lines (folded lines joined) by lower-case name. */
export function partHeaders(headText: string): Map<string, string> {
  return partHeadersOf(partHeaderLines(headText));
}

/** partHeaderLines by lower-case name (the last of a name wins). */
export function partHeadersOf(lines: [name: string, value: string][]): Map<string, string> {
  return new Map(lines.map(([name, value]) => [name.toLowerCase(), value]));
}
