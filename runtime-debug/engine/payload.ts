/**
 * The message payload, built lazily: it stays raw bytes (or an unread stream) until a content-aware mediator asks for
 * XML, JSON or text; then it is parsed once and kept. The canonical form follows the last writer (JSON written by a
 * JSON mediator stays JSON; an XPath-based change makes the XML canonical) and the output is converted to the
 * message type on the way out.
 */
import { isUtf8 as isUtf8Bytes } from 'node:buffer';
import type { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import * as slimdom from 'slimdom';
import { PayloadError, PayloadTooLargeError } from './errors';
import { parse as parseLossless } from 'lossless-json';
import { JsonNumberText, jsonPayloadXml, jsonText, recordDuplicateMembers, xmlToJson } from './jsonxml';
import { parsePayloadXml, serializeXml } from './payloadXml';
import {
  isEnvelopeIncomplete,
  markBodyRead,
  markBodyUnread,
  markEnvelopeDocument,
  markEnvelopeIncomplete,
  serializeBodyChildConsuming,
  serializeEnvelopeConsuming,
} from './xml/serialize';
import {
  isMultipartRelated,
  mimePackage,
  multipartRelatedRoot,
  type MimeAttachment,
  type XopAttachment,
} from './mtom';
import {
  cloneJson,
  parseJsonInOrder,
  parseJsonText,
  recordLongDigitsOf,
  watchLongDigits,
  stringifyJson,
} from './expr/jsonNumber';
import { parseJsonLenient } from './mediators/lenientJson';
import {
  isDoclessEnvelope,
  markDoclessEnvelope,
  markSoapEnvelope,
  unmarkDoclessEnvelope,
} from './expr/values';
import {
  charsetParam,
  decodeCharset,
  encodeCharset,
  newBoundary,
  readForm,
  readMultipart,
  writeForm,
  writeMultipart,
  type FormField,
  type OutPart,
} from './formats';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const TEXT_NS = 'http://ws.apache.org/commons/ns/payload';
/** What MI's SOAP formatter writes before an envelope (Axiom's StAX writer: single quotes). */
export const SOAP_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>";

export type ContentKind = 'json' | 'xml' | 'text' | 'binary' | 'form' | 'multipart';

/** The envelope's SOAP Header element, created (first, in the envelope's namespace and prefix) when it has none. */
export function soapHeaderOf(env: slimdom.Document): slimdom.Element {
  const envEl = env.documentElement!;
  let header = envEl.children.find((c) => c.localName === 'Header');
  if (!header) {
    header = env.createElementNS(envEl.namespaceURI, `${envEl.prefix ? envEl.prefix + ':' : ''}Header`);
    envEl.insertBefore(header, envEl.firstChild);
  }
  return header;
}

/**
 * The builder (reading a body) or formatter (writing one) MI 4.4 uses for a content type, by its media type: those
 * its axis2.xml names (and Axis2's defaults for text/xml, application/soap+xml, multipart/related); any other type
 * has none, and MI reads such a body as XML (DeferredMessageBuilder: the POX builder on a REST message) and writes
 * it with the application/xml formatter (MessageProcessorSelector.getMessageFormatter). So text/csv, text/html or
 * application/vnd.api+json are XML to MI, not text or JSON.
 */
export function kindOf(contentType: string | undefined): ContentKind {
  if (contentType === undefined || contentType === '') return 'xml';
  // the same few content types come again and again: the last answer is kept
  if (contentType === lastType) return lastKind;
  const kind = kindOfMedia(contentType);
  lastType = contentType;
  lastKind = kind;
  return kind;
}

let lastType = '';
let lastKind: ContentKind = 'xml';

function kindOfMedia(contentType: string): ContentKind {
  let end = contentType.indexOf(';');
  if (end < 0) end = contentType.indexOf(',');
  const media = (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  switch (media) {
    case 'application/json':
    case 'application/json/badgerfish':
    case 'text/javascript':
      return 'json';
    case 'text/plain':
      return 'text';
    case 'application/x-www-form-urlencoded':
      return 'form';
    case 'multipart/form-data':
      return 'multipart';
    case 'application/octet-stream':
    case 'application/binary':
      return 'binary';
    default:
      return 'xml';
  }
}

/**
 * Whether MI builds an XML body of this content type as plain XML: ApplicationXMLBuilder (application/xml) and the POX
 * builder DeferredMessageBuilder takes for a REST message of a type without a builder put the document element, a
 * SOAP Envelope included, into a new envelope's body; only text/xml and application/soap+xml go to the SOAPBuilder.
 * A message without a content type (made inside the runtime) keeps an Envelope root as its envelope.
 */
function builtAsPox(contentType: string): boolean {
  if (!contentType) return false;
  const end = contentType.indexOf(';');
  const media = (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  // (multipart/related: MIMEBuilder builds the root part as SOAP)
  return media !== 'text/xml' && media !== 'application/soap+xml' && media !== 'multipart/related';
}

/** The binary wrapper MI's binary builders put a body in (BaseConstants.DEFAULT_BINARY_WRAPPER). */
const BINARY = 'binary';

export interface PayloadLimits {
  maxBytes: number;
  maxDepth: number;
}

type Canonical = 'raw' | 'json' | 'xml' | 'text';

/** A number token JavaScript would not write back as it is: trailing zeros, an exponent, 16+ digits, -0. */
const INDEX_KEY = /"(?:0|[1-9]\d{0,9})"\s*:/;
/** A member name in JSON text: `"…"` then `:` (a string value is never followed by a colon). */
const MEMBER_NAME = /"[^"\\]*(?:\\.[^"\\]*)*"\s*:/g;

/** How many member names a JSON text writes (an over-count only costs the slower read that follows). */
function memberNameCount(text: string): number {
  return text.match(MEMBER_NAME)?.length ?? 0;
}

/**
 * Whether a JSON text writes more member names than its parsed value `v` holds (an object repeats a name). Every
 * name is followed by a colon, so a text with no more colons than the value's members repeats none: that count
 * (a tenth of the name pattern's time) settles most texts; colons inside strings (times, URLs) need the names.
 */
function repeatsNames(text: string, v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const keys = keyCount(v);
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1 && colons <= keys; i = text.indexOf(':', i + 1)) colons++;
  return colons > keys && memberNameCount(text) > keys;
}

/** How many members the objects of a parsed JSON value have, all together. */
function keyCount(root: unknown): number {
  let n = 0;
  const stack: unknown[] = [root];
  let guard = 0;
  while (stack.length && ++guard < 10_000_000) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof Number) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') stack.push(v[i]);
    } else
      for (const k in v as Record<string, unknown>) {
        n++;
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') stack.push(x);
      }
  }
  return n;
}

const LOSSY_NUMBER = /\d\.\d*0(?![\d])|\d[eE][+-]?\d|\d{16,}|-0(?![.\d])/;

export class Payload {
  private stream: Readable | undefined;
  private bytes: Buffer | undefined;
  /** The raw bytes were made by the mediation (see setRaw), not received. */
  private written = false;
  /** A content-aware mediator had the message built (parse), though its bytes may still be the ones received. */
  private built = false;
  /**
   * The JSON text the current value was read from, and that value as JSON.stringify wrote it then: when the value
   * still stringifies the same on the way out, the text goes out as it came (MI writes an unchanged JSON stream as
   * it is: 12.50 stays 12.50, spacing stays).
   */
  private jsonSource: Buffer | undefined;
  private jsonSnapshot: string | undefined;
  private canonical: Canonical = 'raw';
  private jsonValue: unknown;
  private jsonReady = false;
  private doc: slimdom.Document | undefined;
  private textValue: string | undefined;
  /**
   * Whether MI's envelope of this message hangs below an OMDocument (where XPath's `/` is that document, not the
   * envelope: see values.ts doclessEnvelopes). 'builder' until bytes received are built: a SOAP builder's envelope
   * (StAXSOAPModelBuilder) has one, the REST builders' default envelope (TransportUtils.createSOAPEnvelope) none.
   * Kept while the mediation replaces the body's content, as MI fills the same envelope (JsonUtil.getNewJsonPayload,
   * payloadFactory, enrich body, script); set anew with a new envelope (setEnvelope) and none on a copy
   * (MessageHelper.cloneSOAPEnvelope: clone, iterate, a blocking call's answer).
   */
  private envelopeDoc: 'builder' | 'document' | 'none' = 'builder';
  /** The payload came as (or was made into) a SOAP envelope. */
  soap = false;
  /**
   * The request URL (path and query) when the payload is a request's: MI's form builder (XFormURLEncodedBuilder)
   * puts the query's parameters before the body's fields. Read only when a form body is built.
   */
  requestUrl: string | undefined;
  /**
   * The payload is an entity-enclosing request's (POST, PUT, PATCH: SynapseHTTPRequestFactory) even when its body is
   * empty: MI still runs the builder of its Content-Type, so an empty form body becomes `<xformValues/>` (with the
   * query's parameters), where a GET carrying that Content-Type keeps an empty envelope.
   */
  entity = false;
  /**
   * The request came with a Content-Type header whose value is empty: MI takes it as a REST message (ServerWorker
   * .isRest) of a type no builder is registered for, which DeferredMessageBuilder reads with the POX builder (XML);
   * a request without the header is application/octet-stream (handleRESTUrlPost).
   */
  emptyTypeHeader = false;
  /** Processing instructions before the root of an XML payload as read (kept for PRESERVE_XML_PROCESSING_INSTRUCTIONS). */
  private leadingPIs: string[] | undefined;
  /**
   * Write those instructions back before the root element (MI: the axis2 property PRESERVE_XML_PROCESSING_INSTRUCTIONS
   * set to true; the property mediator sets this).
   */
  preservePIs = false;
  /**
   * The axis2 properties MI's XML formatters read for the XML declaration (the property mediator sets these):
   * WRITE_XML_DECLARATION ("true": ApplicationXMLFormatter writes `<?xml version="1.0" encoding="…" ?>` before the
   * payload; "false": SOAPMessageFormatter sets OMOutputFormat.setIgnoreXMLDeclaration, the envelope goes without
   * its declaration), XML_DECLARATION_ENCODING and XML_DECLARATION_STANDALONE.
   */
  xmlDeclaration: { write?: string; encoding?: string; standalone?: string } = {};
  /**
   * The encoding an XML request's declaration names when it is not the message's charset (ApplicationXMLBuilder
   * keeps it as XML_DECLARATION_ENCODING: XMLStreamReader.getCharacterEncodingScheme, as written).
   */
  private declaredEncoding: string | undefined;
  /**
   * MI's JSON formatter keeps a whitespace-only text that is an element's only child (the axis2 property
   * PRESERVE_SPACES set to "true": JsonUtil.removeIndentations); otherwise such text is dropped (`<a> </a>` is null).
   */
  preserveSpaces = false;
  /**
   * The multipart formatter decodes the base64 text of a file element into the part (MI: the axis2 property
   * DECODE_MULTIPART_DATA set to the Boolean true; the property mediator sets this). Otherwise the text goes as it is.
   */
  decodeMultipart = false;
  /**
   * The Content-Encoding the body came with (see setContentEncoding). With gzip, MI inflates the body before its
   * builder reads it (DeferredMessageBuilder.handleContentEncoding) and compresses what a formatter writes while the
   * message says gzip (MessageFormatterDecoratorFactory: GzipMessageFormatterDecorator).
   */
  contentEncoding: string | undefined;
  /** The raw bytes are still compressed (gzip, or Brotli for "br"; received so, never read). */
  private gzipped = false;
  /** The XOP attachments an MTOM message was read with (written as parts again with MTOM). */
  private attachments: XopAttachment[] | undefined;
  /** The other MIME parts a multipart/related message was read with (written again with SwA). */
  private mimeParts: MimeAttachment[] | undefined;

  constructor(
    /** Content type of the payload as received (with parameters). */
    public contentType: string,
    body: Readable | Buffer | undefined,
    private readonly limits: PayloadLimits,
  ) {
    if (Buffer.isBuffer(body)) this.bytes = body;
    else if (body) this.stream = body;
    else this.bytes = Buffer.alloc(0);
    this.receivedType = contentType;
  }

  /**
   * The Content-Type the message came with, whose charset is its CHARACTER_SET_ENCODING (ServerWorker for a request,
   * ClientWorker for an answer); it stays the message's when a mediator replaces the body. Read only when a formatter
   * writes the body (a relayed message parses nothing more).
   */
  private receivedType: string;

  /**
   * The MIME package the message came as: MIMEBuilder sets doingSwA for every one it reads, and MTOMBuilder doingMTOM
   * for an XOP package (type application/xop+xml).
   */
  get readAsMime(): 'mtom' | 'swa' | undefined {
    if (!isMultipartRelated(this.receivedType)) return undefined;
    return /;\s*type\s*=\s*"?application\/xop\+xml/i.test(this.receivedType) ? 'mtom' : 'swa';
  }

  /**
   * The charset a formatter writes a body in whose type names none: the message's CHARACTER_SET_ENCODING
   * (OMOutputFormat.getCharSetEncoding: JsonStreamFormatter/ApplicationXMLFormatter/PlainTextFormatter write in it and
   * setContentType names it), UTF-8 when the message came without one.
   */
  private formatCharset(): string {
    return this.charsetSet ?? charsetParam(this.receivedType) ?? 'UTF-8';
  }

  /**
   * CHARACTER_SET_ENCODING as a mediator set it (property scope="axis2"): OMOutputFormat takes it over the one the
   * message came with (PassThroughTransportUtils.getOMOutputFormat), so a formatter writes in it and names it.
   */
  charsetSet: string | undefined;

  /** The limits this payload is read within (the runtime's maxBodyBytes / maxDepth). */
  get limitsOf(): PayloadLimits {
    return this.limits;
  }

  /** True while the body is an unread stream (pass-through possible). */
  get streaming(): boolean {
    return this.stream !== undefined;
  }

  /**
   * Records the body's Content-Encoding (request or back-end answer); only gzip and br change anything: the builder
   * reads a Content-Encoding of exactly "br" through Brotli (DeferredMessageBuilder.handleContentEncoding, Synapse
   * f4679c5f0, 2026-06; no formatter compresses it again).
   */
  setContentEncoding(encoding: string | undefined): void {
    this.contentEncoding = encoding;
    this.gzipped =
      encoding !== undefined && (isGzip(encoding) || encoding === 'br') && this.canonical === 'raw';
  }

  /** Inflates a gzip (or br) body before it is first read (bounded by the size limit: a small bomb does not grow). */
  private inflate(): void {
    this.gzipped = false;
    const raw = this.bytes;
    if (!raw || raw.length === 0) return;
    try {
      const max = { maxOutputLength: Math.max(1, this.limits.maxBytes) };
      this.bytes = this.contentEncoding === 'br' ? brotliDecompressSync(raw, max) : gunzipSync(raw, max);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new PayloadTooLargeError(this.limits.maxBytes);
      throw new PayloadError(
        'GZIP_MALFORMED',
        `Error while building Passthrough stream: ${(e as Error).message}`,
      );
    }
  }

  /** True when sending in `messageType` needs the payload built (a format change). */
  needsBuildFor(messageType: string | undefined): boolean {
    if (this.stream === undefined || messageType === undefined) return false;
    const k = this.kind;
    // a form or multipart body in its own type is still written again by MI's formatter from its fields
    return kindOf(messageType) !== k || k === 'form' || k === 'multipart';
  }

  /** Takes the unread stream for pass-through (the payload becomes empty-but-consumed). */
  takeStream(): Readable | undefined {
    const s = this.stream;
    this.stream = undefined;
    return s;
  }

  /** Gives back a stream taken by takeStream and never read (the payload is the unread stream again). */
  putBackStream(s: Readable): void {
    if (this.stream === undefined && this.bytes === undefined) this.stream = s;
  }

  /** Reads an unread stream into memory, enforcing the size limit. */
  async build(): Promise<void> {
    if (!this.stream) return;
    const s = this.stream;
    this.stream = undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of s) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > this.limits.maxBytes) {
        s.destroy();
        throw new PayloadTooLargeError(this.limits.maxBytes);
      }
      chunks.push(b);
    }
    this.bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  /** The empty envelope a refused JSON body left (jsonRefused), while it is still the message's. */
  private refusedDoc: slimdom.Document | undefined;

  /**
   * The JSON builder refused the body and nothing replaced the empty envelope it left: JsonUtil.removeJsonPayload
   * took the JSON stream away (RelayUtils.buildMessage), so MI no longer has a JSON payload (a full log shows the
   * envelope).
   */
  get jsonRefusedView(): boolean {
    return this.refusedDoc !== undefined && this.doc === this.refusedDoc && this.canonical === 'xml';
  }

  /**
   * A JSON message with no JSON in it: its body came empty (or blank) and nothing set one since. MI's JsonStreamBuilder
   * keeps no JSON payload then (JsonUtil.getNewJsonPayload finds none; a request without a body is never built), so a
   * full log shows the envelope, not `Payload: `.
   */
  get jsonAbsent(): boolean {
    if (this.stream || this.written || this.kind !== 'json') return false;
    if (this.canonical === 'raw') return blank(this.rawBytes());
    return (
      this.canonical === 'json' &&
      this.jsonReady &&
      this.jsonValue === undefined &&
      this.jsonSource === undefined
    );
  }

  /**
   * The message goes out through a formatter (MI's MESSAGE_BUILDER_INVOKED): a mediator built or wrote it; bytes
   * received and never read (or still a stream) go out as they came.
   */
  get formatted(): boolean {
    return !this.stream && (this.built || this.written || this.canonical !== 'raw');
  }

  /** The message is held as a built XML envelope (a mediator read or wrote it as XML), not as bytes, JSON or text. */
  get xmlBuilt(): boolean {
    return this.canonical === 'xml' && this.doc !== undefined;
  }

  /** The envelope whose JSON stream an XML enrich dropped (see dropJsonStream). */
  private jsonStreamDroppedDoc: slimdom.Document | undefined;

  /**
   * An enrich changed the envelope of the message the XML way: MI's Target.insert ends with removeOutdatedJsonStream,
   * so JsonUtil.hasAJsonPayload is false from then on (a full log writes the envelope) until a new payload is set.
   */
  dropJsonStream(): void {
    this.jsonStreamDroppedDoc = this.doc;
  }

  /** Whether the JSON stream of this envelope was dropped (see dropJsonStream). */
  get jsonStreamDropped(): boolean {
    return this.doc !== undefined && this.doc === this.jsonStreamDroppedDoc && this.canonical === 'xml';
  }

  /** The envelope if one is held already (a mediator read or changed it), without building one. */
  get heldEnvelope(): slimdom.Document | undefined {
    return this.doc;
  }

  /**
   * The body is held as JSON or text (not as an XML tree): a change in the SOAP Header leaves it as it is, as MI's
   * header mediator touches the envelope's Header only and the JSON stream / text element in the Body stays.
   */
  get jsonOrTextCanonical(): boolean {
    return this.canonical === 'json' || this.canonical === 'text';
  }

  /** The payload is the bytes received (or their stream), not read as JSON, XML or text. */
  get canonicalRaw(): boolean {
    return this.canonical === 'raw';
  }

  /** True while the bytes received were read but never built: parse() is then MI's first build of the message. */
  get unbuilt(): boolean {
    return !this.built && this.canonical === 'raw' && !this.stream;
  }

  /** Parses a built raw payload by its content type (JSON or XML), so malformed or hostile input fails here. */
  parse(): void {
    if (this.canonical !== 'raw' || this.stream) return;
    // a content-aware mediator reached it: MI has built the message, and writes it through a formatter
    this.built = true;
    const k = this.kind;
    if (k === 'json') this.json();
    // a form or multipart body is built as MI's builder does it then (a malformed one fails here, as in MI)
    else if (k === 'xml' || k === 'form' || k === 'multipart') this.envelope();
  }

  private rawBytes(): Buffer {
    if (this.stream) throw new Error('internal: payload used before it was built');
    return this.bytes ?? Buffer.alloc(0);
  }

  get kind(): ContentKind {
    const ct = this.contentType;
    if (ct !== '') return kindOf(ct);
    if (this.emptyTypeHeader) return 'xml';
    // no Content-Type: an empty message, or bytes MI reads as application/octet-stream (ServerWorker,
    // ClientWorker.inferContentType)
    return this.canonical === 'raw' && this.bytes !== undefined && this.bytes.length > 0 ? 'binary' : 'xml';
  }

  isEmpty(): boolean {
    return this.canonical === 'raw' && !this.stream && this.rawBytes().length === 0;
  }

  /** The JSON view (parsing JSON, or converting XML with MI's rules). */
  json(): unknown {
    if (this.jsonReady) return this.jsonValue;
    if (this.canonical === 'raw') {
      if (this.gzipped && !this.stream) this.inflate();
      const k = this.kind;
      if (k === 'json') {
        const t = this.rawBytes().toString('utf8');
        if (!this.jsonStartValid(t)) this.jsonValue = undefined;
        else {
          try {
            // numbers like 10.0 keep their text (MI's Gson does), only when the text has such a number
            this.jsonValue = parseJsonText(t);
          } catch (e) {
            // read the lenient way MI reads JSON (Jayway's Gson provider): unquoted strings, single quotes,
            // comments, as a payloadFactory may write it (MI keeps its text) and a back end may answer with it
            const lenient = readLenient(t);
            if (lenient === undefined)
              throw new PayloadError('JSON_MALFORMED', `malformed JSON payload: ${(e as Error).message}`);
            this.jsonValue = lenient.value;
          }
          checkJsonDepth(this.jsonValue, this.limits.maxDepth);
          this.jsonSource = this.rawBytes();
          this.jsonSnapshot = stringifyJson(this.jsonValue);
          // reading an integer beyond 2^53 records its digits, which changes how the value writes: a value still
          // as it was read keeps being "unchanged" (written as the text it came as, as MI writes its JSON stream)
          const read = this.jsonValue;
          watchLongDigits(read, () => {
            const unchanged = this.jsonValue === read && stringifyJson(read) === this.jsonSnapshot;
            return () => {
              if (unchanged && this.jsonValue === read) this.jsonSnapshot = stringifyJson(read);
            };
          });
        }
        this.jsonReady = true;
        this.canonical = 'json';
        return this.jsonValue;
      }
    }
    // a text payload is seen as MI builds it, the text wrapper element: {"text": "..."} (numbers as numbers)
    const root = this.rootElement();
    this.jsonValue = root ? xmlToJson(root) : undefined;
    this.jsonReady = true;
    return this.jsonValue;
  }

  /**
   * MI's JSON builder looks at the text before keeping it (JsonUtil.getNewJsonPayload): it skips to the first
   * character that can start JSON (`{ [ " t n f -` or a digit). None: only spaces is an empty payload, anything
   * else "Invalid input stream found", a build error. A value
   * that is no object or array must be the whole text, exactly a quoted string, true, false, null or -?\d+(\.\d+)?
   * (so 1e5, `abc`, ` "x"` or `42` with a line break after it are refused). False: no payload.
   */
  private jsonStartValid(t: string): boolean {
    let onlySpaces = true;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 123 || c === 91) return true; // { [
      if (c === 34 || c === 116 || c === 110 || c === 102 || c === 45 || (c >= 48 && c <= 57)) {
        if (
          (t.startsWith('"') && t.endsWith('"')) ||
          t === 'true' ||
          t === 'false' ||
          t === 'null' ||
          /^-?\d+(\.\d+)?$/.test(t)
        )
          return true;
        return this.jsonRefused();
      }
      if (c !== 32) onlySpaces = false;
    }
    // (MI lets a GET or DELETE through with no payload here; such a request seldom has a body)
    if (onlySpaces) return false;
    return this.jsonRefused();
  }

  /**
   * The builder's AxisFault ("#getNewJsonPayload. Could not save JSON payload. Invalid input stream found. Payload is
   * not a JSON string."), which the mediation sees as AbstractListMediator.buildMessage words it; the stream is
   * discarded and the message keeps an empty envelope (RelayUtils.buildMessage).
   */
  private jsonRefused(): never {
    this.bytes = Buffer.alloc(0);
    this.doc = makeEnvelope(undefined);
    this.refusedDoc = this.doc;
    this.canonical = 'xml';
    throw new PayloadError(
      'JSON_INVALID',
      'Error while building message. Error while building Passthrough stream',
    );
  }

  /**
   * The JSON value to convert to XML: while the value is still the text it was read from, and that text holds a
   * number JavaScript would write differently (12.50, 10.0, 1e3, a 20-digit id), the text is read again keeping
   * those numbers' digits (MI converts from the text).
   */
  private jsonForXml(): unknown {
    const v = this.jsonValue;
    if (v === undefined || this.jsonSnapshot === undefined || !this.jsonSource) return v;
    const text = this.jsonSource.toString('utf8');
    // an object that gives a name twice: MI's stream reader makes an element of each (JsonXMLStreamReader)
    const dups = repeatsNames(text, v);
    if ((!dups && !LOSSY_NUMBER.test(text)) || stringifyJson(v) !== this.jsonSnapshot) return v;
    try {
      const num = (n: string): unknown => (String(Number(n)) === n ? Number(n) : new JsonNumberText(n));
      if (dups) return parseJsonInOrder(text, num, recordDuplicateMembers);
      // members named like array indexes keep their order only through our own reader
      return INDEX_KEY.test(text) ? parseJsonInOrder(text, num) : parseLossless(text, null, num);
    } catch {
      return v;
    }
  }

  /** The SOAP envelope view (a JSON payload is shown as MI shows it: jsonObject inside the body). */
  envelope(): slimdom.Document {
    if (this.doc) return this.doc;
    if (this.gzipped && !this.stream) this.inflate();
    if (this.canonical === 'raw' && this.kind === 'json') this.json();
    if (this.canonical === 'json') {
      // an entity-enclosing request's empty JSON body: JsonStreamBuilder finds no JSON and returns the SOAP 1.2
      // factory's default envelope, which becomes the message's
      const absent = this.jsonAbsent;
      const v = this.jsonForXml();
      this.doc = this.withDocState(
        makeEnvelope(
          v === undefined ? undefined : (d) => jsonPayloadXml(v, d),
          // (a body of spaces only is such a body too: the builder ran on it)
          absent && (this.entity || (this.bytes?.length ?? 0) > 0) ? SOAP12_NS : SOAP11_NS,
        ),
      );
      return this.doc;
    }
    if (this.canonical === 'text' || (this.canonical === 'raw' && this.kind === 'text')) {
      const t = this.text();
      this.doc = this.withDocState(
        makeEnvelope((d) => {
          // PlainTextBuilder: an OMSourcedElement of BaseConstants.DEFAULT_TEXT_WRAPPER, whose QName has no prefix, so
          // it is written with the default namespace (<text xmlns="...">), empty as <text xmlns="..."/>
          const el = d.createElementNS(TEXT_NS, 'text');
          if (t !== '') el.appendChild(d.createTextNode(t));
          return el;
        }),
      );
      return this.doc;
    }
    const raw = this.rawBytes();
    // an empty body stays an empty envelope, but for an entity-enclosing request's empty form body MI's builder
    // still runs (<xformValues/>); a GET carrying a form Content-Type keeps an empty body (ServerWorker)
    let built: slimdom.Document | undefined;
    try {
      built =
        this.canonical === 'raw' && (raw.length > 0 || (this.entity && this.kind === 'form'))
          ? this.builtView(raw)
          : undefined;
    } catch (e) {
      // as for XML below: the stream is discarded and the message keeps an empty envelope (RelayUtils.buildMessage)
      this.bytes = Buffer.alloc(0);
      this.doc = makeEnvelope(undefined);
      this.canonical = 'xml';
      throw e;
    }
    if (built) {
      this.doc = this.withDocState(built);
      // a binary body stays its bytes (the binary formatters write them); the view is only read
      if (this.kind === 'binary') return built;
    } else if (!blank(raw)) {
      let parsed: slimdom.Document;
      try {
        // ApplicationXMLBuilder/SOAPBuilder read the stream in the Content-Type's charset (UTF-8 by default)
        // (multipart/related: MIMEBuilder reads the root part, an XOP Include being its part's base64 text)
        let text: string;
        if (isMultipartRelated(this.contentType)) {
          const attachments: XopAttachment[] = [];
          const others: MimeAttachment[] = [];
          text = multipartRelatedRoot(raw, this.contentType, attachments, others);
          this.attachments = attachments.length ? attachments : undefined;
          this.mimeParts = others.length ? others : undefined;
        } else {
          const cs = charsetParam(this.contentType);
          // the builders hand Woodstox the stream with the message's charset (UTF-8 when the Content-Type names
          // none), whatever the XML declaration says: bytes that are no UTF-8 fail its decoder
          if ((!cs || /^utf-?8$/i.test(cs)) && !isUtf8Bytes(raw))
            throw new PayloadError(
              'XML_BUILD',
              'Error while building message. Error while building Passthrough stream',
              601000,
            );
          text = decodeCharset(raw, cs);
          this.attachments = undefined;
          this.mimeParts = undefined;
        }
        try {
          parsed = parsePayloadXml(text, this.limits.maxDepth);
        } catch (e) {
          // Axiom reads no further than the root element's end: what follows it is never looked at
          const end = e instanceof PayloadError && e.code === 'XML_MALFORMED' ? rootEnd(text) : -1;
          if (end < 0 || end >= text.length) throw builderFailure(e, text);
          try {
            parsed = parsePayloadXml(text.slice(0, end), this.limits.maxDepth);
          } catch {
            throw builderFailure(e, text);
          }
        }
        if (text.includes('<![CDATA[')) coalesceCData(parsed);
      } catch (e) {
        // MI's builder failed (RelayUtils.buildMessage): the stream is discarded and the message keeps its empty
        // envelope, so the fault sequence (log, payloadFactory) works on an empty body instead of failing again: the
        // one ServerWorker made, SOAP 1.2 for a Content-Type holding application/soap+xml (initializeMessageContext)
        this.bytes = Buffer.alloc(0);
        this.doc = makeEnvelope(
          undefined,
          this.contentType.includes('application/soap+xml') ? SOAP12_NS : SOAP11_NS,
        );
        // a SOAP request (not doingREST) stays SOAP: its formatter writes the empty envelope, POX writes nothing
        if (this.contentType && !builtAsPox(this.contentType)) this.soap = true;
        this.canonical = 'xml';
        throw e;
      }
      const de = parsed.documentElement!;
      if (
        de.localName === 'Envelope' &&
        (de.namespaceURI === SOAP11_NS || de.namespaceURI === SOAP12_NS) &&
        !builtAsPox(this.contentType)
      ) {
        this.soap = true;
        this.doc = this.withDocState(markSoapEnvelope(parsed), false);
        // built, not read to its end: written as the parser reads it until something completes it
        markEnvelopeIncomplete(this.doc);
        markBodyUnread(this.doc);
        if (this.copyWhenBuilt) this.doc = cloneSoapEnvelope(this.doc);
      } else {
        for (let n = parsed.firstChild; n && n !== de; n = n.nextSibling)
          if (n.nodeType === 7) (this.leadingPIs ??= []).push(serializeXml(n));
        const declared = /^(?:\xef\xbb\xbf)?<\?xml\s[^?]*?encoding\s*=\s*(["'])([^"']*)\1/.exec(
          raw.subarray(0, 256).toString('latin1'),
        )?.[2];
        this.declaredEncoding =
          declared !== undefined && declared !== (charsetParam(this.contentType) ?? 'UTF-8')
            ? declared
            : undefined;
        this.doc = this.withDocState(makeEnvelope((d) => d.adoptNode(de)));
      }
    } else {
      this.doc = this.withDocState(makeEnvelope(undefined));
    }
    this.canonical = 'xml';
    return this.doc;
  }

  /**
   * The envelope MI's builder makes of a body that is neither JSON, XML nor text, or undefined for those:
   * application/x-www-form-urlencoded (XFormURLEncodedBuilder: a SOAP 1.2 envelope, `<xformValues>` with one
   * element per field), multipart/form-data (MultipartFormDataBuilder: SOAP 1.2, `<mediate>`, text fields with
   * their charset, files in base64 with filename and content-type), application/octet-stream or a body with no
   * Content-Type (BinaryRelayBuilder: SOAP 1.2, `<ns:binary>` in base64) and application/binary (BinaryBuilder).
   */
  private builtView(raw: Buffer): slimdom.Document | undefined {
    const ct = this.contentType;
    const k = this.kind;
    if (k === 'form' || k === 'multipart') {
      const fields = k === 'form' ? readForm(raw, ct, queryOf(this.requestUrl)) : readMultipart(raw, ct);
      return makeEnvelope(
        (d) => fieldsElement(d, k === 'form' ? 'xformValues' : 'mediate', fields),
        SOAP12_NS,
      );
    }
    if (k === 'binary') {
      const soap12 = ct === '' || !/^\s*application\/binary/i.test(ct);
      return makeEnvelope(
        (d) => {
          // BinaryRelayBuilder names its prefix ns; Axis2's BinaryBuilder (application/binary) creates the wrapper
          // from a QName with no prefix (createOMElement(DEFAULT_BINARY_WRAPPER, null)), for which Axiom declares a
          // generated one (OMElementImpl.handleNamespace: axis2ns<N>, N a process-wide counter)
          const el = d.createElementNS(TEXT_NS, soap12 ? `ns:${BINARY}` : `axis2ns1:${BINARY}`);
          el.appendChild(d.createTextNode(raw.toString('base64')));
          return el;
        },
        soap12 ? SOAP12_NS : SOAP11_NS,
      );
    }
    return undefined;
  }

  /**
   * Marks an envelope just made for this message as MI's holds it: `docless` is what the builder makes of bytes
   * received (no document but for the SOAP builder); once known, the message's own state wins (envelopeDoc).
   */
  private withDocState(d: slimdom.Document, docless = true): slimdom.Document {
    if (this.envelopeDoc === 'builder') this.envelopeDoc = docless ? 'none' : 'document';
    return this.envelopeDoc === 'document' ? unmarkDoclessEnvelope(d) : markDoclessEnvelope(d);
  }

  /** Before the body's content is replaced: what MI's builder made of bytes never built yet (see envelopeDoc). */
  private settleDocState(): void {
    if (this.envelopeDoc !== 'builder') return;
    if (this.doc) this.envelopeDoc = isDoclessEnvelope(this.doc) ? 'none' : 'document';
    else if (this.canonical === 'raw' && this.kind === 'xml' && !builtAsPox(this.contentType))
      this.envelopeDoc = 'document';
    else this.envelopeDoc = 'none';
  }

  /**
   * Says whether the message's envelope now hangs below a document, whatever the builder would make: none for a copy
   * (MessageHelper.cloneSOAPEnvelope: the blocking sender's answer, BlockingMsgSender.sendReceive; a callout's answer
   * set as the envelope; an in-memory store's message), one for an envelope read back by StAXSOAPModelBuilder (a
   * message store's MessageConverter.toMessageContext).
   */
  envelopeDocument(has: boolean): void {
    this.envelopeDoc = has ? 'document' : 'none';
    if (this.doc) this.withDocState(this.doc);
  }

  /**
   * The SOAP envelope this message's bytes make, once read, is MessageHelper.cloneSOAPEnvelope's copy of it (the
   * blocking sender's answer: BlockingMsgSender.sendReceive sets a clone of the answer's envelope).
   */
  envelopeCopyWhenBuilt(): void {
    if (this.canonical === 'xml' && this.doc) this.asEnvelopeCopy();
    else this.copyWhenBuilt = true;
  }
  private copyWhenBuilt = false;

  /** The SOAP Body element. */
  body(): slimdom.Element {
    const env = this.envelope().documentElement!;
    for (const c of env.children) if (c.localName === 'Body') return c;
    const b = env.ownerDocument!.createElementNS(
      env.namespaceURI,
      `${env.prefix ? env.prefix + ':' : ''}Body`,
    );
    env.appendChild(b);
    return b;
  }

  /**
   * The payload root's child elements as name and own text (Axiom getText): what MI's form formatter writes, and
   * what a GET sent through it carries as query parameters.
   */
  formFields(): { name: string; text: string }[] {
    const root = this.rootElement();
    const out: { name: string; text: string }[] = [];
    if (root) for (const c of root.children) out.push({ name: c.localName, text: ownText(c) });
    return out;
  }

  /** The first child of the body (the payload root), if any. */
  rootElement(): slimdom.Element | undefined {
    return this.body().firstElementChild ?? undefined;
  }

  text(): string {
    if (this.textValue !== undefined && this.canonical === 'text') return this.textValue;
    if (this.canonical === 'raw') {
      if (this.gzipped) this.inflate();
      const raw = this.rawBytes();
      // PlainTextBuilder reads the text in the charset its Content-Type names
      return this.kind === 'text' ? decodeCharset(raw, charsetParam(this.contentType)) : raw.toString('utf8');
    }
    if (this.canonical === 'json') {
      if (this.jsonValue === undefined) return '';
      // unchanged since it was read: the text as it came (MI reads its JSON stream: spacing, 1.50 kept)
      const out = stringifyJson(this.jsonValue);
      if (this.jsonSnapshot !== undefined && this.jsonSource && out === this.jsonSnapshot)
        return this.jsonSource.toString('utf8');
      return this.longDigitsRecorded(this.jsonValue) ? stringifyJson(this.jsonValue) : out;
    }
    const root = this.rootElement();
    if (root && root.namespaceURI === TEXT_NS && root.localName === 'text') return root.textContent ?? '';
    return root ? serializeXml(root) : '';
  }

  /**
   * A changed JSON value about to be written: when the text it was read from has integers beyond 2^53, their digits
   * are recorded so that they are written as they came (JavaScript read them as the nearest doubles). Once per value.
   */
  keepLongDigits(v: unknown): boolean {
    return this.longDigitsRecorded(v);
  }

  private longDigitsRecorded(v: unknown): boolean {
    const src = this.jsonSource;
    return src !== undefined && recordLongDigitsOf(v, v, () => src.toString('utf8'));
  }

  // ----- writers -----
  setJson(v: unknown): void {
    this.settleDocState();
    this.gzipped = false;
    this.stream = undefined;
    this.leadingPIs = undefined;
    this.jsonSnapshot = undefined;
    this.canonical = 'json';
    this.jsonValue = v;
    this.jsonReady = true;
    this.doc = undefined;
    this.textValue = undefined;
  }

  /** Replaces the body content with an element (imported into the envelope document). */
  setXmlRoot(el: slimdom.Element | undefined): void {
    if (this.gzipped && !this.stream) this.inflate();
    this.stream = undefined;
    // a JSON body is replaced, not converted first (MI removes the JSON stream; a body that does not parse is
    // never read)
    if (this.canonical === 'json' || (this.canonical === 'raw' && this.kind === 'json')) {
      this.settleDocState();
      this.doc = this.withDocState(makeEnvelope(undefined));
      this.canonical = 'xml';
    }
    const body = this.body();
    this.leadingPIs = undefined;
    while (body.firstChild) body.removeChild(body.firstChild);
    if (el) body.appendChild(body.ownerDocument!.importNode(el, true));
    this.markXmlChanged();
  }

  /**
   * Puts an element in the place of the body's first element (appended when the body has none): the nodes around it
   * (the request's white space) stay, as Axiom's firstChild.insertSiblingAfter(el) + firstChild.detach() leave them
   * (CommonScriptMessageContext/GraalVMJavaScriptMessageContext.setPayloadXML).
   */
  replaceFirstElement(el: slimdom.Element): void {
    if (this.canonical === 'json' || (this.canonical === 'raw' && this.kind === 'json')) {
      this.setXmlRoot(el);
      return;
    }
    const body = this.body();
    const first = body.firstElementChild;
    if (!first) {
      this.setXmlRoot(el);
      return;
    }
    this.leadingPIs = undefined;
    body.replaceChild(body.ownerDocument!.importNode(el, true), first);
    this.markXmlChanged();
  }

  setEnvelope(doc: slimdom.Document): void {
    this.gzipped = false;
    this.stream = undefined;
    this.leadingPIs = undefined;
    this.doc = markSoapEnvelope(doc);
    this.envelopeDoc = isDoclessEnvelope(doc) ? 'none' : 'document';
    this.soap = true;
    this.markXmlChanged();
  }

  /** Call after mutating the XML view in place (enrich, XPath changes). */
  markXmlChanged(): void {
    // a change below the envelope: Axiom built what it changed (see markBodyUnread)
    markBodyRead(this.doc);
    this.canonical = 'xml';
    this.jsonSnapshot = undefined;
    this.jsonReady = false;
    this.jsonValue = undefined;
    this.textValue = undefined;
  }

  /** After JSON was mutated in place. */
  markJsonChanged(): void {
    this.canonical = 'json';
    this.jsonSnapshot = undefined;
    this.doc = undefined;
  }

  setText(t: string): void {
    this.settleDocState();
    this.gzipped = false;
    this.stream = undefined;
    this.leadingPIs = undefined;
    this.jsonSnapshot = undefined;
    this.canonical = 'text';
    this.textValue = t;
    this.jsonReady = false;
    this.doc = undefined;
  }

  /**
   * Replaces the payload with bytes. `written` says the mediation made them (a payloadFactory result): they go out
   * as they are, but through a formatter, so their content type gets a charset as MI's formatters write it.
   */
  setRaw(bytes: Buffer | Readable, contentType: string, written = false): void {
    // bytes received are a new message for a builder; bytes the mediation wrote fill the same envelope
    if (written) this.settleDocState();
    else this.envelopeDoc = 'builder';
    this.gzipped = false;
    this.attachments = undefined;
    this.mimeParts = undefined;
    this.contentType = contentType;
    this.written = written;
    this.copyWhenBuilt = false;
    this.leadingPIs = undefined;
    this.jsonSnapshot = undefined;
    this.canonical = 'raw';
    this.jsonReady = false;
    this.jsonValue = undefined;
    this.doc = undefined;
    this.textValue = undefined;
    this.soap = false;
    if (Buffer.isBuffer(bytes)) {
      this.bytes = bytes;
      this.stream = undefined;
    } else {
      this.stream = bytes;
      this.bytes = undefined;
    }
  }

  /**
   * A deep copy (for clone/iterate/call source); the payload must be built. Its envelope is MI's copy
   * (MessageHelper.cloneSOAPEnvelope: no document above it) unless `sameEnvelope`: a copy standing for the message's
   * own envelope (kept to be put back, or worked on in its place).
   */
  clone(sameEnvelope = false): Payload {
    const p = new Payload(
      this.contentType,
      this.canonical === 'raw' ? this.rawBytes() : Buffer.alloc(0),
      this.limits,
    );
    p.soap = this.soap;
    p.written = this.written;
    p.requestUrl = this.requestUrl;
    p.entity = this.entity;
    p.decodeMultipart = this.decodeMultipart;
    p.xmlDeclaration = { ...this.xmlDeclaration };
    p.declaredEncoding = this.declaredEncoding;
    p.preserveSpaces = this.preserveSpaces;
    p.contentEncoding = this.contentEncoding;
    p.receivedType = this.receivedType;
    p.gzipped = this.gzipped && this.canonical === 'raw';
    p.attachments = this.attachments;
    p.mimeParts = this.mimeParts;
    if (this.canonical === 'json') {
      p.setJson(cloneJson(this.jsonValue));
      // the copy keeps the text it came from while unchanged (JsonUtil.cloneJsonPayload copies the stream's bytes)
      p.jsonSource = this.jsonSource;
      p.jsonSnapshot = this.jsonSnapshot;
    } else if (this.canonical === 'xml' && this.doc) {
      p.doc = this.doc.cloneNode(true) as slimdom.Document;
      p.canonical = 'xml';
      p.leadingPIs = this.leadingPIs;
    } else if (this.canonical === 'text') p.setText(this.textValue ?? '');
    p.envelopeDoc = sameEnvelope ? this.envelopeDoc : 'none';
    if (p.doc) p.withDocState(p.doc);
    // the message's own envelope, unfinished as its builder left it
    if (sameEnvelope && p.doc && this.doc && isEnvelopeIncomplete(this.doc)) markEnvelopeIncomplete(p.doc);
    // a copy reads the whole Body (MessageHelper.cloneSOAPEnvelope, cloneOMElement)
    markBodyRead(this.doc);
    return p;
  }

  /**
   * Makes this copy's envelope the one MessageHelper.cloneSOAPEnvelope makes (see cloneSoapEnvelope): for the copies
   * of clone and iterate, which MI mediates and writes as that new envelope.
   */
  asEnvelopeCopy(): void {
    if (this.canonical !== 'xml' || !this.doc) return;
    this.doc = cloneSoapEnvelope(this.doc);
    this.envelopeDoc = 'none';
  }

  /**
   * Serializes for the wire in the given message type (content type). Returns the unread stream when the payload was
   * never built (pass-through). `rest` is MI's doingREST with no SOAP action (the client's request was not SOAP):
   * text/xml is then written by MI's POX formatter, the body's first element without the envelope.
   */
  serialize(
    messageType: string | undefined,
    explicitType: boolean,
    charset = true,
    rest = false,
    /**
     * The message's Content-Encoding transport header as it is now (null: none), for what goes on the wire:
     * MessageFormatterDecoratorFactory wraps the formatter in GzipMessageFormatterDecorator when TRANSPORT_HEADERS
     * say exactly "gzip" (a property mediator may set or remove it). Not given: the encoding the body came with.
     */
    encoding?: string | null,
    /**
     * The SOAP formatter writes a MIME package: 'mtom' for the axis2 enableMTOM "true" (an XOP package,
     * TransportUtils.doWriteMTOM), 'swa' for enableSwA "true" (doWriteSwA).
     */
    mime?: 'mtom' | 'swa',
    /** The message's SOAP action, which a SOAP 1.2 MIME package's Content-Type names (SOAPMessageFormatter). */
    mimeAction?: string,
  ): { body: Buffer | Readable; contentType: string } {
    // (bytes never read nor built go out as the pipe holds them: no formatter runs, whatever the header says)
    const untouched = this.canonical === 'raw' && !this.written && !this.built;
    const out = this.format(messageType, explicitType, charset, rest, mime, mimeAction);
    const gzip =
      encoding === undefined
        ? this.contentEncoding !== undefined && isGzip(this.contentEncoding)
        : encoding === 'gzip' && !(untouched && !messageType);
    // while the message says gzip, what a formatter wrote is compressed (bytes still as received already are)
    if (
      gzip &&
      Buffer.isBuffer(out.body) &&
      out.body.length > 0 &&
      !(this.gzipped && out.body === this.bytes)
    )
      out.body = gzipSync(out.body);
    return out;
  }

  /**
   * What ApplicationXMLFormatter.writeXMLDeclaration writes first when WRITE_XML_DECLARATION is "true": its own
   * double-quoted declaration (a space before `?>`), naming XML_DECLARATION_ENCODING, else the format's charset
   * (UTF-8 when none), and XML_DECLARATION_STANDALONE when set.
   */
  private poxDeclaration(cs: string | undefined): string {
    const d = this.xmlDeclaration;
    if (d.write?.toLowerCase() !== 'true') return '';
    const enc = d.encoding ?? this.declaredEncoding ?? cs ?? 'UTF-8';
    return d.standalone !== undefined
      ? `<?xml version="1.0" encoding="${enc}" standalone="${d.standalone}" ?>`
      : `<?xml version="1.0" encoding="${enc}" ?>`;
  }

  private format(
    messageType: string | undefined,
    explicitType: boolean,
    charset: boolean,
    rest: boolean,
    mime?: 'mtom' | 'swa',
    mimeAction?: string,
  ): { body: Buffer | Readable; contentType: string } {
    if (this.stream) return { body: this.takeStream()!, contentType: this.contentType };
    // bytes received and never read, going out in their own type: as they are (what the general case below gives)
    if (!messageType && this.canonical === 'raw' && !this.written && !this.built && this.contentType !== '')
      return { body: this.rawBytes(), contentType: this.contentType };
    const ct =
      messageType ||
      this.contentType ||
      (this.kind === 'binary' ? 'application/octet-stream' : 'application/xml');
    const target = kindOf(ct);
    if (this.canonical === 'raw') {
      const srcKind = this.kind;
      // a form or multipart body that went through MI's builder is written again by a formatter from its fields
      const fields = srcKind === 'form' || srcKind === 'multipart';
      // POX bytes (application/xml...) going out through the SOAP formatter: MI's builder made them the body of a
      // SOAP 1.1 envelope (ApplicationXMLBuilder), which SOAPMessageFormatter writes whole (e.g. a blocking call's
      // POX answer to a SOAP client: its messageType and doingREST stay the request's)
      // (the type tests first: builtAsPox makes strings, and most XML answers go out in their own type)
      const poxAsSoap =
        srcKind === 'xml' &&
        target === 'xml' &&
        (/soap\+xml/i.test(ct) || (/^text\/xml/i.test(ct) && !rest && explicitType)) &&
        builtAsPox(this.contentType);
      if (
        (target === srcKind && !fields && !poxAsSoap) ||
        target === 'binary' ||
        (target === 'text' && srcKind === 'text')
      ) {
        const type = explicitType ? ct : this.contentType || ct;
        // through a formatter (a body the mediation wrote, or one MI built: JSON, XML and text formatters) the
        // content type says its charset, as MI's formatters write it
        // (a built application/binary message too: BinaryFormatter, named by PassThroughHttpSender.setContentType)
        const formatter =
          this.written ||
          ((this.built || explicitType) &&
            (srcKind !== 'binary' || /^\s*application\/binary/i.test(this.contentType)));
        const named = formatter && charset && !/charset=/i.test(type);
        // bytes a mediator wrote (UTF-8) go out in the message's charset (JsonUtil.writeJsonStream turns them into
        // CHARACTER_SET_ENCODING); bytes as received are in the charset they came in
        const cs = named
          ? (!this.written && charsetParam(this.contentType)) || this.formatCharset()
          : undefined;
        const recode = this.written && cs !== undefined && !isUtf8(cs) && srcKind !== 'binary';
        return {
          body: recode ? encodeCharset(this.rawBytes().toString('utf8'), cs) : this.rawBytes(),
          // bytes as received are in the charset they came in: that is the one to name (MI names the message's
          // CHARACTER_SET_ENCODING, read from the Content-Type it came with)
          contentType: cs !== undefined ? withCharset(type, cs) : type,
        };
      }
    }
    // a body written by a formatter says its encoding, as MI's JSON, XML, SOAP and text formatters do
    // (unless the content type has one, or the axis2 property setCharacterEncoding is "false")
    const formatted = charset && !/charset=/i.test(ct) ? withCharset(ct, this.formatCharset()) : ct;
    if (target === 'json') {
      if (this.canonical === 'xml' || (this.canonical === 'raw' && this.kind === 'xml')) {
        // XML written as JSON: numbers as MI's JSON writer writes them (Java BigDecimal of the element text)
        const root = this.rootElement();
        if (!root) return { body: Buffer.alloc(0), contentType: formatted };
        // a jsonValue root (any namespace) is written as its own text, whatever that is: JsonUtil.convertOMElementToJson
        // writes element.getText() (after removeIndentations dropped whitespace-only text)
        if (root.localName === 'jsonValue')
          return { body: Buffer.from(jsonValueText(root, this.preserveSpaces)), contentType: formatted };
        const numberText = { found: false };
        const ordered = { found: false };
        const x = xmlToJson(root, { numberText, ordered, preserveSpaces: this.preserveSpaces });
        // JsonUtil.writeAsJson converts the element through a writer in the format's charset (a JSON stream, by
        // contrast, goes out as its bytes)
        return {
          body: encodeCharset(
            ordered.found ? stringifyJson(x) : numberText.found ? jsonText(x) : JSON.stringify(x),
            charsetParam(formatted),
          ),
          contentType: formatted,
        };
      }
      const v = this.json();
      // a body of spaces only: JsonUtil.getNewJsonPayload kept it as the JSON stream (setJsonStream) before it found
      // no JSON in it, and JsonStreamFormatter writes that stream back
      if (v === undefined && this.jsonAbsent && this.bytes && this.bytes.length > 0)
        return { body: this.bytes, contentType: formatted };
      let out = v === undefined ? '' : stringifyJson(v);
      if (this.jsonSnapshot !== undefined && this.jsonSource && out === this.jsonSnapshot)
        return { body: this.jsonSource, contentType: formatted };
      if (this.longDigitsRecorded(v)) out = stringifyJson(v);
      const cs = charsetParam(formatted);
      return { body: cs && !isUtf8(cs) ? encodeCharset(out, cs) : Buffer.from(out), contentType: formatted };
    }
    if (target === 'xml') {
      const lower = ct.toLowerCase();
      // multipart/related has no formatter in MI's axis2.xml: a SOAP message goes to Axis2's SOAPMessageFormatter
      // (MessageProcessorSelector), which names the SOAP type of the envelope's version
      const related = isMultipartRelated(ct) && !rest;
      const wantEnvelope =
        related ||
        lower.includes('soap+xml') ||
        (lower.startsWith('text/xml') && !rest && (this.soap || explicitType));
      // the XML and SOAP formatters write in the charset the content type names (OMOutputFormat's
      // CHARACTER_SET_ENCODING, which their getContentType names too); UTF-8 when none
      const cs = related ? (charset ? this.formatCharset() : undefined) : charsetParam(formatted);
      if (wantEnvelope) {
        const env = this.envelope().documentElement!;
        // whatever made it (a builder, a clone, an aggregate, a mediator's new envelope), what the SOAP formatter
        // writes is an Axiom SOAPEnvelope: SOAPEnvelopeImpl.internalSerialize writes only a Header with a child node
        // and the Body (see markEnvelopeDocument)
        if (env.parentNode?.nodeType === 9) markEnvelopeDocument(env.parentNode as slimdom.Document);
        // MI's SOAP formatter starts the envelope with the XML declaration its StAX writer writes
        // (unless the axis2 property WRITE_XML_DECLARATION is "false": SOAPMessageFormatter.writeTo)
        const decl =
          this.xmlDeclaration.write?.toLowerCase() === 'false'
            ? ''
            : cs === undefined
              ? SOAP_XML_DECLARATION
              : `<?xml version='1.0' encoding='${cs}'?>`;
        const body = xmlBytes(decl + serializeEnvelopeConsuming(env), cs);
        const soap11 = env.namespaceURI !== SOAP12_NS;
        if (mime)
          return mimePackage(
            body,
            soap11,
            cs ?? 'UTF-8',
            mime,
            soap11 ? undefined : mimeAction,
            this.attachments,
            this.mimeParts,
          );
        if (!related) return { body, contentType: formatted };
        const soapType = soap11 ? 'text/xml' : 'application/soap+xml';
        return { body, contentType: cs === undefined ? soapType : `${soapType}; charset=${cs}` };
      }
      const root = this.rootElement();
      const decl = this.poxDeclaration(cs);
      // (an empty body is written by ApplicationXMLFormatter all the same: PassThroughHttpSender names the charset)
      if (!root) return { body: decl ? Buffer.from(decl) : Buffer.alloc(0), contentType: formatted };
      const pis = this.preservePIs && this.leadingPIs ? this.leadingPIs.join('') : '';
      return { body: xmlBytes(decl + pis + bodyChildXml(root), cs), contentType: formatted };
    }
    if (target === 'form') {
      // XFormURLEncodedFormatter: name=value of each child of the payload root; names go as they are
      // (String.getBytes(): UTF-8), values are URL-encoded ASCII
      return { body: Buffer.from(writeForm(this.formFields()), 'utf8'), contentType: formatted };
    }
    if (target === 'multipart') {
      const boundary = newBoundary();
      const base = charset ? withCharset(mediaTypeOf(ct)) : mediaTypeOf(ct);
      return {
        body: writeMultipart(
          multipartParts(this.rootElement(), charsetParam(ct) ?? 'UTF-8', this.decodeMultipart),
          boundary,
        ),
        contentType: `${base}; boundary=${boundary}`,
      };
    }
    if (target === 'text') {
      // PlainTextFormatter writes the text wrapper's text (or its element); any other payload root: nothing
      if (this.canonical === 'text')
        return { body: encodeCharset(this.textValue ?? '', charsetParam(formatted)), contentType: formatted };
      const root = this.canonical === 'json' ? undefined : this.rootElement();
      if (!root || root.namespaceURI !== TEXT_NS || root.localName !== 'text')
        return { body: Buffer.alloc(0), contentType: formatted };
      const first = root.firstElementChild;
      const t = first ? serializeXml(first) : (root.textContent ?? '');
      return { body: encodeCharset(t, charsetParam(formatted)), contentType: formatted };
    }
    return { body: Buffer.from(this.text()), contentType: formatted };
  }
}

/**
 * XML text in a charset, as MI's StAX writer (Woodstox) writes it: UTF-8 as it is; ISO-8859-1 and US-ASCII
 * (ISOLatin1XmlWriter, AsciiXmlWriter) write a character they cannot hold, and the C1 controls 0x7F-0x9F, as a
 * hexadecimal character reference in lower case (EncodingXmlWriter.writeAsEntity: `&#x20ac;`, a surrogate pair as
 * one `&#x1f600;`). (Woodstox refuses such a character in a name, comment, CDATA section or PI with an IOException;
 * here it is written as a reference there too.)
 */
function xmlBytes(text: string, charset: string | undefined): Buffer {
  const c = charset?.toLowerCase();
  if (c === undefined || c === 'utf-8' || c === 'utf8') return Buffer.from(text, 'utf8');
  const max =
    c === 'us-ascii' || c === 'ascii'
      ? 0x7f
      : c === 'iso-8859-1' || c === 'iso8859-1' || c === 'latin1'
        ? 0xff
        : -1;
  if (max < 0) return encodeCharset(text, charset);
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += cp > max || (cp >= 0x7f && cp <= 0x9f) ? `&#x${cp.toString(16)};` : ch;
  }
  return encodeCharset(out, charset);
}

/**
 * The body's first element written alone. An `xmlns=""` it carries only undid the envelope's default namespace:
 * alone (no namespace around it) it says nothing, and MI's writer leaves it out.
 */
function bodyChildXml(root: slimdom.Element): string {
  const text = serializeBodyChildConsuming(root);
  if (root.namespaceURI !== null || root.getAttributeNS(XMLNS_NS, 'xmlns') !== '') return text;
  const end = text.indexOf('>');
  const at = text.indexOf(' xmlns=""');
  return at > 0 && at < end ? text.slice(0, at) + text.slice(at + 9) : text;
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** A Content-Encoding of gzip (HTTPTransportUtils.handleGZip). */
function isGzip(encoding: string): boolean {
  return encoding.trim().toLowerCase() === 'gzip';
}

/** True when the bytes are only ASCII whitespace (or none): stops at the first other byte, usually the first. */
function blank(raw: Buffer): boolean {
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b !== 32 && b !== 10 && b !== 13 && b !== 9) return false;
  }
  return true;
}

/** The query string of a request URL, if it has one. */
function queryOf(url: string | undefined): string | undefined {
  const q = url === undefined ? -1 : url.indexOf('?');
  return q < 0 ? undefined : url!.slice(q + 1);
}

/** The media type of a content type, without its parameters, as written (e.g. `application/json`). */
export function mediaTypeOf(ct: string): string {
  const semi = ct.indexOf(';');
  return (semi < 0 ? ct : ct.slice(0, semi)).trim();
}

/** Nothing in the message: no bytes, or an envelope whose Body holds nothing (what a GET request builds to). */
export function bodyIsEmpty(p: Payload): boolean {
  if (p.isEmpty()) return true;
  if (p.streaming || p.kind !== 'xml') return false;
  return p.body().firstChild === null;
}

/**
 * The text a jsonValue element is written as in JSON: OMElement.getText() (its own text and CDATA children) once
 * JsonUtil.removeIndentations dropped each whitespace-only one (kept when PRESERVE_SPACES and it is the only child).
 */
function jsonValueText(el: slimdom.Element, preserveSpaces: boolean): string {
  let t = '';
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 3 || n.nodeType === 4) {
      const d = (n as slimdom.Text).data;
      if (/^[\x00-\x20]*$/.test(d) && !(preserveSpaces && el.childNodes.length === 1)) continue;
      t += d;
    }
  return t;
}

/** The text of an element's own text children (Axiom getText), not of its descendants. */
export function ownText(el: slimdom.Element): string {
  let t = '';
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 3 || n.nodeType === 4) t += (n as slimdom.Text).data;
  return t;
}

/** MultipartFormDataFormatter's reserved element for a file given in base64: {FORM_DATA_NS}file. */
const FORM_DATA_NS = 'http://org.apache.axis2/xsd/form-data';

/**
 * The parts MultipartFormDataFormatter makes of the payload root's children: an element with child elements is an
 * XML part (application/xml; charset=US-ASCII); one with a `filename` attribute a file part whose data is the
 * element's text as it is (MI does not decode the base64 its builder wrote unless DECODE_MULTIPART_DATA is true),
 * content type from `content-type` (text/plain), charset from that type or `charset` (ISO-8859-1); any other a text
 * part (text/plain, charset from `charset` or the message's).
 */
function multipartParts(
  root: slimdom.Element | undefined,
  messageCharset: string,
  decode: boolean,
): OutPart[] {
  const parts: OutPart[] = [];
  if (!root) return parts;
  for (const el of root.children) {
    const attr = (n: string) => (el.hasAttribute(n) ? el.getAttribute(n)! : undefined);
    const transferEncoding = attr('content-transfer-encoding');
    if (el.firstElementChild) {
      const copy = el.cloneNode(true) as slimdom.Element;
      for (const a of [...copy.attributes]) if (!a.name.startsWith('xmlns')) copy.removeAttributeNode(a);
      parts.push({
        name: el.localName,
        contentType: 'application/xml',
        charset: 'US-ASCII',
        transferEncoding,
        data: encodeCharset(serializeXml(copy), 'US-ASCII'),
      });
    } else if (el.localName === 'file' && el.namespaceURI === FORM_DATA_NS) {
      // the reserved file element: its text is base64, decoded into the part
      parts.push({
        name: attr('name') ?? 'file',
        filename: attr('filename') ?? 'esb-generated-file',
        contentType: attr('content-type') ?? 'text/plain',
        charset: attr('charset') ?? 'ISO-8859-1',
        transferEncoding,
        data: Buffer.from(ownText(el), 'base64'),
      });
    } else if (el.hasAttribute('filename')) {
      let type = attr('content-type') ?? 'text/plain';
      let cs = charsetParam(type);
      if (cs) type = type.replace(`charset=${cs}`, '').replace(/;/g, '');
      else cs = attr('charset') ?? 'ISO-8859-1';
      parts.push({
        name: attr('name') ?? el.localName,
        filename: attr('filename') ?? 'esb-generated-file',
        contentType: type,
        charset: cs,
        transferEncoding,
        data: decode ? Buffer.from(ownText(el), 'base64') : Buffer.from(ownText(el), 'utf8'),
      });
    } else {
      const cs = attr('charset') ?? messageCharset;
      parts.push({
        name: el.prefix ? `${el.prefix}:${el.localName}` : el.localName,
        contentType: 'text/plain',
        charset: cs,
        transferEncoding,
        data: encodeCharset(ownText(el), cs),
      });
    }
  }
  return parts;
}

function isUtf8(cs: string): boolean {
  const c = cs.toLowerCase();
  return c === 'utf-8' || c === 'utf8';
}

/**
 * The type with `; charset=UTF-8` appended after its parameters, as MI names a formatted body: setContentType
 * (PassThroughHttpSender) and the JSON and XML formatters' getContentType append it to the axis2 ContentType.
 */
function withCharset(ct: string, cs = 'UTF-8'): string {
  return `${ct}; charset=${cs}`;
}

/**
 * MI's copy of an envelope (MessageHelper.cloneSOAPEnvelope): a new default envelope of the Body's SOAP version
 * (Axiom's factory: prefix `soapenv`, an empty Header and a Body), the original Header's element children (not its
 * text), the Body's attributes, the namespaces declared on the Body that are not its own (by URI and prefix), all the
 * Body's child nodes, and the namespaces declared on the original envelope.
 */
function cloneSoapEnvelope(src: slimdom.Document): slimdom.Document {
  const env = src.documentElement;
  if (
    !env ||
    env.localName !== 'Envelope' ||
    (env.namespaceURI !== SOAP11_NS && env.namespaceURI !== SOAP12_NS)
  )
    return src.cloneNode(true) as slimdom.Document;
  const part = (name: string) =>
    env.children.find((c) => c.localName === name && c.namespaceURI === env.namespaceURI);
  const header = part('Header');
  const body = part('Body');
  const ns = body?.namespaceURI === SOAP11_NS ? SOAP11_NS : SOAP12_NS;
  const d = markDoclessEnvelope(markSoapEnvelope(new slimdom.Document()));
  const e = d.createElementNS(ns, 'soapenv:Envelope');
  const h = d.createElementNS(ns, 'soapenv:Header');
  const b = d.createElementNS(ns, 'soapenv:Body');
  e.appendChild(h);
  e.appendChild(b);
  d.appendChild(e);
  if (header) for (const c of header.children) h.appendChild(d.importNode(c, true));
  if (body) {
    for (const a of body.attributes) {
      if (a.namespaceURI === XMLNS_NS) {
        const p = a.prefix === null ? '' : a.localName;
        if (a.value !== body.namespaceURI && p !== (body.prefix ?? ''))
          b.setAttributeNS(XMLNS_NS, a.name, a.value);
      } else b.setAttributeNodeNS(d.importNode(a) as slimdom.Attr);
    }
    for (let c = body.firstChild; c; c = c.nextSibling) b.appendChild(d.importNode(c, true));
  }
  for (const a of env.attributes)
    if (a.namespaceURI === XMLNS_NS && !(a.localName === 'soapenv' && a.value === ns))
      e.setAttributeNS(XMLNS_NS, a.name, a.value);
  return d;
}

export function makeEnvelope(
  fill: ((d: slimdom.Document) => slimdom.Element) | undefined,
  ns = SOAP11_NS,
): slimdom.Document {
  // Axiom's getDefaultEnvelope: no document above it (XPath's / is the envelope), an empty Header then the Body
  // (SOAP11Factory/SOAP12Factory.getDefaultEnvelope: createSOAPHeader, createSOAPBody; `count(/*)` is 2, `/*[1]` the
  // Header); no serialization writes the Header while it is empty (SOAPEnvelopeImpl.internalSerialize)
  const d = markDoclessEnvelope(markSoapEnvelope(new slimdom.Document()));
  const env = d.createElementNS(ns, 'soapenv:Envelope');
  const body = d.createElementNS(ns, 'soapenv:Body');
  env.appendChild(d.createElementNS(ns, 'soapenv:Header'));
  env.appendChild(body);
  d.appendChild(env);
  if (fill) body.appendChild(fill(d));
  return d;
}

/** A name Axiom would write as it is that is not an XML name: ours keeps the element, with `_` for what cannot be. */
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.\-]*$/u;

/**
 * The body element MI's form builders make (BuilderUtil.addRequestParameter): one child per field in the builder's
 * order; a multipart text field carries `charset` (and `content-type` when the part had one), a file part
 * `filename` and `content-type` (text/plain by default) and its bytes in base64.
 */
/** An element of that name, or `_` when the DOM refuses the name (a letter XML does not allow). */
function elementNamed(d: slimdom.Document, name: string): slimdom.Element {
  try {
    return d.createElement(name);
  } catch {
    return d.createElement('_');
  }
}

function fieldsElement(d: slimdom.Document, rootName: string, fields: FormField[]): slimdom.Element {
  const root = d.createElement(rootName);
  const form = rootName === 'xformValues';
  for (const f of fields) {
    const c = XML_NAME.test(f.name)
      ? elementNamed(d, f.name)
      : form
        ? // XFormURLEncodedBuilder: the field's name as it came (createOMElement(key, null, parent)), whatever it is
          slimdom.unsafeCreateElement(d, f.name, null, null)
        : elementNamed(d, f.name.replace(/[^\p{L}\p{N}_.\-]/gu, '_').replace(/^(?![\p{L}_])/u, '_'));
    if (typeof f.value === 'string') {
      if (f.charset !== undefined) c.setAttribute('charset', f.charset);
      if (f.contentType !== undefined) c.setAttribute('content-type', f.contentType);
      c.appendChild(d.createTextNode(f.value));
    } else {
      c.setAttribute('filename', f.filename ?? '');
      c.setAttribute('content-type', f.contentType ?? 'text/plain');
      c.appendChild(d.createTextNode(f.value.toString('base64')));
    }
    root.appendChild(c);
  }
  return root;
}

function readLenient(text: string): { value: unknown } | undefined {
  try {
    return { value: parseJsonLenient(text) };
  } catch {
    return undefined;
  }
}

function checkJsonDepth(v: unknown, max: number): void {
  // iterative depth check (a deep JSON already parsed by V8; refuse it before converting)
  const stack: [unknown, number][] = [[v, 1]];
  let guard = 0;
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > max) throw new PayloadError('JSON_TOO_DEEP', `JSON payload nesting deeper than ${max}`);
    if (++guard > 5_000_000) return;
    if (x && typeof x === 'object')
      for (const c of Object.values(x as object)) if (c && typeof c === 'object') stack.push([c, d + 1]);
  }
}

/**
 * Axiom's StAXUtils makes every parser coalescing (IS_COALESCING true, MI ships no XMLInputFactory.properties to undo
 * it), so a CDATA section of a body MI builds is reported as text and merged with the text around it: the built
 * message holds one text node, written escaped (`<![CDATA[a<b]]>` goes out as `a&lt;b`).
 */
export function coalesceCData(node: slimdom.Node): void {
  for (let c = node.firstChild; c;) {
    const next = c.nextSibling;
    if (c.nodeType === 4) {
      const doc = c.ownerDocument!;
      const prev = c.previousSibling;
      let data = (c as slimdom.CDATASection).data;
      if (prev && prev.nodeType === 3) {
        data = (prev as slimdom.Text).data + data;
        node.removeChild(prev);
      }
      const t = doc.createTextNode(data);
      node.replaceChild(t, c);
      if (next && next.nodeType === 3) {
        t.data += (next as slimdom.Text).data;
        const after = next.nextSibling;
        node.removeChild(next);
        c = after;
        continue;
      }
    } else if (c.nodeType === 1) coalesceCData(c);
    c = next;
  }
}

/**
 * MI's XML and SOAP builders read a body only up to its root element's start tag when the message is built (Axiom
 * defers the rest): a body refused before that (a DTD, which MI's parser does not support, or no root element where
 * the prolog ends: text, JSON) fails the build itself, AbstractListMediator.buildMessage's "Error while building
 * message. Error while building Passthrough stream", recorded as MESSAGE_PARSING_ERROR (601000) when Woodstox's
 * exception is the cause and as 0 for the DTD; a failure further in is met by the mediator reading it.
 */
function builderFailure(e: unknown, text: string): unknown {
  if (!(e instanceof PayloadError)) return e;
  const dtd = e.code === 'XML_DOCTYPE';
  // (Woodstox reads the root's whole start tag, attributes and namespace bindings, when the builder asks for the
  // document element: an error there fails the build too)
  if (
    !dtd &&
    // (an undefined entity is left to the mediator: Woodstox without DTD support may report it as a reference)
    (e.code !== 'XML_MALFORMED' || (rootStarts(text) && rootStartTagParses(text)))
  )
    return e;
  return new PayloadError(
    'XML_BUILD',
    'Error while building message. Error while building Passthrough stream',
    dtd ? undefined : 601000,
  );
}

/**
 * Whether the root element's start tag is complete and well-formed on its own (its attributes, their values and
 * the prefixes it uses bound): the part of the body MI's builder reads before any mediator looks at the message.
 */
function rootStartTagParses(text: string): boolean {
  const lt = text.indexOf('<', rootProlog(text));
  let quote = 0;
  let j = lt + 1;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) break;
  }
  if (lt < 0 || j >= text.length) return false;
  const tag = text.slice(lt, j + 1);
  const name = /^<([^\s/>]+)/.exec(tag)?.[1] ?? '';
  try {
    parsePayloadXml(tag.endsWith('/>') ? tag : `${tag}</${name}>`);
    return true;
  } catch {
    return false;
  }
}

/** The index after the prolog (BOM, spaces, XML declaration, PIs, comments); -1 when one is not closed. */
function rootProlog(text: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 3;
    } else return i;
  }
}

/** Whether the text gets past its prolog (BOM, spaces, XML declaration, PIs, comments) to a root start tag. */
function rootStarts(text: string): boolean {
  const i = rootProlog(text);
  return i >= 0 && /^<[A-Za-z_:\u00C0-\uFFFF]/.test(text.slice(i, i + 2));
}

/**
 * The index just after the root element's end tag (or its empty-element tag), scanning tags, comments, CDATA
 * sections and PIs; -1 when the text has no complete root element (or a DOCTYPE, left to the parser).
 */
function rootEnd(text: string): number {
  const n = text.length;
  let i = 0;
  let depth = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return -1;
    const skip = (open: string, close: string): number => {
      const e = text.indexOf(close, lt + open.length);
      return e < 0 ? -1 : e + close.length;
    };
    if (text.startsWith('<!--', lt)) i = skip('<!--', '-->');
    else if (text.startsWith('<![CDATA[', lt)) i = skip('<![CDATA[', ']]>');
    else if (text.startsWith('<?', lt)) i = skip('<?', '?>');
    else if (text.startsWith('<!', lt)) return -1;
    else {
      let j = lt + 1;
      let quote = 0;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 34 || c === 39) quote = c;
        else if (c === 62) break;
      }
      if (j >= n) return -1;
      if (text.charCodeAt(lt + 1) === 47) depth--;
      else if (text.charCodeAt(j - 1) !== 47) depth++;
      i = j + 1;
      if (depth <= 0) return i;
      continue;
    }
    if (i < 0) return -1;
  }
  return -1;
}
