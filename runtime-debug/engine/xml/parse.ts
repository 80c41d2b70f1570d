/**
 * Secure XML payload parser: saxes (namespaces on) building a slimdom Document.
 * Refuses any DOCTYPE (so no DTD, no external or internal entities), any entity reference other than the five
 * predefined ones and character references, nesting deeper than `maxDepth`, and input longer than `maxLength`.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import * as slimdom from 'slimdom';
import { XmlPayloadError, type XmlPayloadErrorCode } from './errors';

export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmlPayloadOptions {
  /** Maximum element depth (default 1,000). */
  maxDepth?: number;
  /** Maximum input length in UTF-16 code units (default 64 Mi). */
  maxLength?: number;
  /** Keep comments (default true) and processing instructions (default true). */
  comments?: boolean;
  /** Drop text nodes made only of whitespace between elements (default false: keep the payload as sent). */
  dropWhitespace?: boolean;
}

export const DEFAULT_MAX_DEPTH = 1000;

/**
 * saxes keeps each event handler in its own property, added by `on()` through a computed key. V8 turns an object
 * that gets more than a few properties added that way into a dictionary, and from then on every field the parser
 * reads per character (`i`, `chunk`, `column`…) is a hash lookup: parsing got about four times slower with the eight
 * handlers below. Declaring the handler properties in the constructor keeps the parser a fast object.
 */
class Parser extends SaxesParser<{ xmlns: true; fragment: boolean; position: boolean }> {
  constructor(options: { xmlns: true; fragment: boolean; position: boolean }) {
    super(options);
    const self = this as unknown as Record<string, unknown>;
    self.doctypeHandler = undefined;
    self.errorHandler = undefined;
    self.openTagHandler = undefined;
    self.closeTagHandler = undefined;
    self.textHandler = undefined;
    self.cdataHandler = undefined;
    self.commentHandler = undefined;
    self.piHandler = undefined;
  }
}
export const DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;

/** Parses a complete XML document. Throws XmlPayloadError with a code, line and column. */
export function parseXmlPayload(text: string, options: XmlPayloadOptions = {}): slimdom.Document {
  let doc = new slimdom.Document();
  withPositions((position) => {
    doc = new slimdom.Document();
    parseInto(doc, doc, text, options, false, position);
  });
  if (!doc.documentElement) throw new XmlPayloadError('XML_NO_ROOT', 'the payload has no root element', 1, 1);
  return doc;
}

/**
 * Parses a fragment (several elements and text, as a payloadFactory format or enrich inline source may hold) into
 * nodes owned by `doc`, appended to a new DocumentFragment.
 */
export function parseXmlFragment(
  text: string,
  doc: slimdom.Document,
  options: XmlPayloadOptions = {},
): slimdom.DocumentFragment {
  let frag = doc.createDocumentFragment();
  withPositions((position) => {
    frag = doc.createDocumentFragment();
    parseInto(doc, frag, text, options, true, position);
  });
  return frag;
}

/** Parses without position tracking (faster); on failure parses again with it to report line and column. */
function withPositions(run: (position: boolean) => void): void {
  try {
    run(false);
  } catch (e) {
    if (!(e instanceof XmlPayloadError) || e.code === 'XML_TOO_LARGE') throw e;
    run(true);
    throw e; // not reached unless the second pass differs
  }
}

function parseInto(
  doc: slimdom.Document,
  container: slimdom.Node,
  text: string,
  options: XmlPayloadOptions,
  fragment: boolean,
  position: boolean,
): void {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const keepComments = options.comments ?? true;
  const dropWs = options.dropWhitespace ?? false;
  if (text.length > maxLength) {
    throw new XmlPayloadError(
      'XML_TOO_LARGE',
      `the payload is ${text.length} characters long; the limit is ${maxLength}`,
      0,
      0,
    );
  }
  const parser = new Parser({ xmlns: true, fragment, position });
  let current: slimdom.Node = container;
  let depth = 0;
  let failure: XmlPayloadError | undefined;
  const fail = (code: XmlPayloadErrorCode, detail: string): void => {
    if (!failure)
      failure = position
        ? new XmlPayloadError(code, detail, parser.line, parser.column + 1)
        : new XmlPayloadError(code, detail, 0, 0);
  };

  parser.on('doctype', () => fail('XML_DOCTYPE', 'a DOCTYPE (DTD) is not allowed in a payload'));
  parser.on('error', (e) => {
    const m = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    if (/undefined entity/i.test(m))
      fail(
        'XML_UNDEFINED_ENTITY',
        `${m}; only &lt; &gt; &amp; &quot; &apos; and character references are allowed`,
      );
    else fail('XML_MALFORMED', m);
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    if (++depth > maxDepth) {
      fail('XML_TOO_DEEP', `elements are nested deeper than ${maxDepth}`);
      return;
    }
    const t = tag as SaxesTagNS;
    // createElement / setAttribute skip slimdom's namespace validation: about twice as fast
    const el = t.uri === '' ? doc.createElement(t.name) : doc.createElementNS(t.uri, t.name);
    const attrs = t.attributes;
    for (const key in attrs) {
      const a = attrs[key]!;
      if (a.prefix === 'xmlns' || a.name === 'xmlns') el.setAttributeNS(XMLNS_NS, a.name, a.value);
      else if (a.uri === '') el.setAttribute(a.name, a.value);
      else el.setAttributeNS(a.uri, a.name, a.value);
    }
    current.appendChild(el);
    current = el;
  });
  parser.on('closetag', () => {
    if (failure) return;
    depth--;
    current = current.parentNode ?? container;
  });
  parser.on('text', (t) => {
    if (failure) return;
    if (current === doc) return; // whitespace around the root element
    if (dropWs && /^\s*$/.test(t)) return;
    current.appendChild(doc.createTextNode(t));
  });
  parser.on('cdata', (t) => {
    if (failure || current === doc) return;
    current.appendChild(doc.createCDATASection(t));
  });
  parser.on('comment', (t) => {
    if (failure || !keepComments) return;
    current.appendChild(doc.createComment(t));
  });
  parser.on('processinginstruction', (pi) => {
    if (failure) return;
    if (pi.target.toLowerCase() === 'xml') return; // stray declaration
    current.appendChild(doc.createProcessingInstruction(pi.target, pi.body));
  });
  try {
    // saxes keeps parsing after an error event; stop as soon as we have one
    const CHUNK = 1 << 16;
    for (let i = 0; i < text.length && !failure; i += CHUNK) parser.write(text.slice(i, i + CHUNK));
    if (!failure) parser.close();
  } catch (e) {
    fail('XML_MALFORMED', (e as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''));
  }
  if (failure) throw failure;
}
