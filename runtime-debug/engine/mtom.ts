/**
 * MTOM and SwA (multipart/related) as Axis2 reads and writes them: MIMEBuilder reads the root part (the `start`
 * Content-ID, else the first part) as the SOAP envelope, an XOP message's `xop:Include href="cid:…"` being the
 * referenced part's bytes (written as base64 text when the message is serialized without MTOM); SOAPMessageFormatter
 * writes an XOP package when MTOM is on (Axiom OMMultipartWriter, OMOutputFormat.getContentTypeForMTOM).
 */
import { randomBytes } from 'node:crypto';
import type { MessageContext } from './context';
import { PayloadError } from './errors';
import { isTrueExplicitly } from './expr/values';
import { newBoundary } from './formats';
import { javaHashtableOrderBy } from './javaHashOrder';
import { boundaryOf, partHeadersOf, splitMultipart } from './multipart';

/** The media type of a Content-Type is multipart/related. */
export function isMultipartRelated(contentType: string | undefined): boolean {
  return !!contentType && /^\s*multipart\/related\s*(;|$)/i.test(contentType);
}

function param(contentType: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

interface Part {
  headers: Map<string, string>;
  /** Its header lines as read, in order. */
  lines: [name: string, value: string][];
  body: Buffer;
}

/**
 * A part's header lines as Axiom's PartFactory.readHeaders reads them, each `[name, value]` as it puts it in the
 * part's Hashtable (a name again replaces the value in place): a line continues the one before only when that one
 * (trimmed) ends in `;`, the CRLF dropped; any other line is a header of its own, its name and value trimmed; a line
 * without `:` is added to the previous header's value as it stands. (RFC 822 folding is not Axiom's: an indented
 * `Name: value` line is a header of its own.)
 */
export function axiomHeaderLines(headText: string): [name: string, value: string][] {
  const out: [string, string][] = [];
  let previous: [string, string] | undefined;
  const read = (h: string) => {
    const colon = h.indexOf(':');
    if (colon < 0) {
      if (previous) out.push((previous = [previous[0], previous[1] + h]));
      return;
    }
    out.push((previous = [h.slice(0, colon).trim(), h.slice(colon + 1).trim()]));
  };
  let acc: string | undefined;
  for (const line of headText.split('\r\n')) {
    if (acc !== undefined && acc.trim().endsWith(';')) acc += line;
    else {
      if (acc !== undefined) read(acc);
      acc = line;
    }
  }
  if (acc !== undefined && acc !== '') read(acc);
  return out;
}

/** The parts up to where the body ends; a base64 part decoded. */
function splitParts(raw: Buffer, boundary: string): Part[] {
  return splitMultipart(raw, boundary).parts.map(({ head, data }) => {
    const lines = axiomHeaderLines(head.toString('latin1'));
    const headers = partHeadersOf(lines);
    const body =
      (headers.get('content-transfer-encoding') ?? '').toLowerCase() === 'base64'
        ? Buffer.from(data.toString('latin1'), 'base64')
        : data;
    return { headers, lines, body };
  });
}

/**
 * A MIME part of a read multipart/related message other than its root part: Axiom's Attachments keeps it (its
 * DataHandler, Content-ID and headers) on the message context, whatever the mediation does to the envelope, and
 * SOAPMessageFormatter.writeSwAMessage writes it again when the message goes out with SwA.
 */
export interface MimeAttachment {
  cid: string;
  contentType: string;
  /**
   * its other header lines, `Name: value` (Axiom's Attachments.extractHeaders keeps all but Content-Type and
   * Content-ID: a Content-Transfer-Encoding read goes out again after the writer's own), in the order Axiom lists them:
   * PartFactory.readHeaders keeps a part's headers in a Hashtable by lower-case name (one per name, the last value),
   * which AbstractPart.getAllHeaders enumerates
   */
  headers: string[];
  body: Buffer;
}

const bareId = (id: string) => id.trim().replace(/^</, '').replace(/>$/, '');

/**
 * A MIME part an XOP Include of a read message named: Axiom keeps it as an optimized binary text node (its DataHandler
 * and Content-ID), base64 text to whatever reads the XML, a MIME part again when the message is written with MTOM.
 */
export interface XopAttachment {
  cid: string;
  contentType: string;
  base64: string;
  body: Buffer;
}

/**
 * The root part's XML of a multipart/related body, with each XOP Include replaced by the base64 text of the part it
 * names (MIMEBuilder, XOPAwareStAXOMBuilder); `attachments` receives those parts. A body without the boundary or
 * without parts fails as Axis2's Attachments does.
 */
export function multipartRelatedRoot(
  raw: Buffer,
  contentType: string,
  attachments?: XopAttachment[],
  others?: MimeAttachment[],
): string {
  const boundary = boundaryOf(contentType);
  if (!boundary)
    throw new PayloadError('XML_MIME', 'Error while building Passthrough stream: no MIME boundary');
  const parts = splitParts(raw, boundary);
  if (!parts.length)
    throw new PayloadError('XML_MIME', 'Error while building Passthrough stream: no MIME parts');
  const start = param(contentType, 'start');
  const byId = new Map<string, Part>();
  for (const p of parts) {
    const id = p.headers.get('content-id');
    if (id) byId.set(bareId(id), p);
  }
  const root = (start && byId.get(bareId(start))) || parts[0]!;
  // (Attachments: every other part, in order; a part without a Content-ID is not kept)
  if (others)
    for (const p of parts) {
      const id = p.headers.get('content-id');
      if (p === root || !id) continue;
      others.push({
        cid: bareId(id),
        contentType: p.headers.get('content-type') ?? 'application/octet-stream',
        headers: javaHashtableOrderBy(p.lines, ([name]) => name.toLowerCase())
          .filter(([name]) => !/^content-(?:type|id)$/i.test(name))
          .map(([name, value]) => `${name}: ${value}`),
        body: p.body,
      });
    }
  const rootType = root.headers.get('content-type') ?? '';
  const charset = param(rootType, 'charset') ?? 'UTF-8';
  const text = new TextDecoder(/^utf-?8$/i.test(charset) ? 'utf-8' : charset).decode(root.body);
  if (!/application\/xop\+xml/i.test(rootType) && !/application\/xop\+xml/i.test(contentType)) return text;
  // xop:Include (http://www.w3.org/2004/08/xop/include) by its cid: URL
  return text.replace(
    /<([\w.-]+:)?Include\b([^>]*?)href\s*=\s*(["'])cid:([^"']*)\3([^>]*?)(?:\/>|>\s*<\/\1?Include\s*>)/g,
    (whole: string, _p: string, _a: string, _q: string, cid: string) => {
      const id = decodeURIComponent(cid);
      const part = byId.get(id);
      if (!part) return whole;
      const base64 = part.body.toString('base64');
      attachments?.push({
        cid: id,
        contentType: part.headers.get('content-type') ?? 'application/octet-stream',
        base64,
        body: part.body,
      });
      return base64;
    },
  );
}

/** The hex Axiom's UIDGenerator.generateContentId writes before `@apache.org`. */
function contentId(): string {
  return `0.${randomBytes(24).toString('hex')}@apache.org`;
}

/**
 * A MIME package of the serialized envelope, as SOAPMessageFormatter writes it with MTOM (an XOP package) or SwA on
 * (Axiom OMMultipartWriter): the root part `application/xop+xml; charset=…; type="<SOAP type>"` (MTOM) or
 * `<SOAP type>; charset=…` (SwA), binary, with its Content-ID; with MTOM, the attachments the message was read with
 * as parts of their own (base64 text of another origin is not optimized). The content type as OMOutputFormat.getContentTypeForMTOM / getContentTypeForSwA give it (no charset),
 * followed, for a SOAP 1.2 message with a SOAP action, by `; action="…"` (SOAPMessageFormatter.getContentType appends
 * it to whatever content type the format gives, the multipart one too).
 */
export function mimePackage(
  envelope: Buffer,
  soap11: boolean,
  charset: string,
  mode: 'mtom' | 'swa',
  action?: string,
  attachments?: XopAttachment[],
  others?: MimeAttachment[],
): { body: Buffer; contentType: string } {
  const boundary = newBoundary();
  const id = contentId();
  // MTOM: the optimized binary text nodes (attachments the message was read with, their text unchanged) go out as
  // parts of their own, an xop:Include in their place (Axiom MTOMXMLStreamWriter, OMMultipartWriter.writePart: the
  // node's Content-ID and content type, binary), in document order after the root part
  const parts: XopAttachment[] = [];
  if (mode === 'mtom' && attachments?.length) {
    const byText = new Map(attachments.map((a) => [a.base64, a]));
    const xml = envelope.toString('utf8');
    let changed = false;
    const out = xml.replace(/>([A-Za-z0-9+/=]{4,})</g, (whole: string, text: string) => {
      const a = byText.get(text);
      if (!a) return whole;
      changed = true;
      parts.push(a);
      return `><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:${encodeURI(a.cid)}"/><`;
    });
    if (changed) envelope = Buffer.from(out, 'utf8');
  }
  const soapType = soap11 ? 'text/xml' : 'application/soap+xml';
  const rootType =
    mode === 'mtom'
      ? `application/xop+xml; charset=${charset}; type="${soapType}"`
      : `${soapType}; charset=${charset}`;
  const head =
    `--${boundary}\r\nContent-Type: ${rootType}\r\n` +
    `Content-Transfer-Encoding: binary\r\nContent-ID: <${id}>\r\n\r\n`;
  const body = Buffer.concat([
    Buffer.from(head, 'latin1'),
    envelope,
    ...parts.flatMap((p) => [
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${p.cid}>\r\n\r\n`,
        'latin1',
      ),
      p.body,
    ]),
    // SwA: the parts the message was read with, after the root (writeSwAMessage: OMMultipartWriter.writePart with the
    // part's content type, binary, its Content-ID, then its other headers as Axiom kept them: MI 4.4's Axis2
    // (1.6.1-wso2v102) forwards them all, a Content-Transfer-Encoding too; only Axis2 1.6.1-wso2v128 and later drop it)
    ...(mode === 'swa' ? (others ?? []) : []).flatMap((p) => [
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${p.cid}>${p.headers.map((h) => `\r\n${h}`).join('')}\r\n\r\n`,
        'latin1',
      ),
      p.body,
    ]),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  ]);
  const withAction =
    !soap11 && action !== undefined && action.trim() !== '' && action.trim() !== '""'
      ? `; action="${action}"`
      : '';
  if (mode === 'swa')
    return {
      body,
      contentType: `multipart/related; boundary="${boundary}"; type="${soapType}"; start="<${id}>"${withAction}`,
    };
  return {
    body,
    contentType: `multipart/related; boundary="${boundary}"; type="application/xop+xml"; start="<${id}>"; start-info="${soapType}"${withAction}`,
  };
}

/**
 * The MIME package the SOAP formatter writes: MTOM before SwA (TransportUtils.doWriteMTOM, doWriteSwA: the property
 * true as JavaUtils.isTrueExplicitly reads it, or "optional" for a message read as an MTOM package, resp. any MIME
 * package: the doingMTOM/doingSwA MTOMBuilder and MIMEBuilder set, which MessageHelper.cloneAxis2MessageContext
 * copies).
 */
export function mimeMode(
  ctx: MessageContext,
  endpointMtom = false,
  endpointSwa = false,
): 'mtom' | 'swa' | undefined {
  // (the package the message was read as is looked at only for "optional": most requests carry neither property)
  const mtom = ctx.axis2.get('enableMTOM');
  if (endpointMtom || isTrueExplicitly(mtom) || (isOptional(mtom) && ctx.payload.readAsMime === 'mtom'))
    return 'mtom';
  const swa = ctx.axis2.get('enableSwA');
  return endpointSwa || isTrueExplicitly(swa) || (isOptional(swa) && ctx.payload.readAsMime !== undefined)
    ? 'swa'
    : undefined;
}

/** Constants.VALUE_OPTIONAL, compared ignoring case (doWriteMTOM, doWriteSwA). */
const isOptional = (v: unknown): boolean => typeof v === 'string' && v.toLowerCase() === 'optional';
