/**
 * XML payload parsing and serialization for the runtime. Uses helper B's secure parser when available
 * (runtime-debug/engine/xml/); this module is the single place the engine parses payload XML, so switching is local.
 * Refuses DOCTYPE/DTD, undefined entities and nesting deeper than `maxDepth`.
 */
import { SaxesParser } from 'saxes';
import * as slimdom from 'slimdom';
import { PayloadError } from './errors';

export const DEFAULT_MAX_DEPTH = 1000;

export function parsePayloadXml(text: string, maxDepth = DEFAULT_MAX_DEPTH): slimdom.Document {
  const doc = new slimdom.Document();
  const parser = new SaxesParser({ xmlns: true, position: false });
  let current: slimdom.Node = doc;
  let depth = 0;
  let failure: PayloadError | undefined;
  const fail = (code: string, msg: string) => {
    if (!failure) failure = new PayloadError(code, msg);
  };
  parser.on('doctype', () => fail('XML_DOCTYPE', 'a DOCTYPE (DTD) is not allowed in a payload'));
  parser.on('error', (e) => {
    const m = e.message;
    fail(/undefined entity|entity/i.test(m) ? 'XML_UNDEFINED_ENTITY' : 'XML_MALFORMED', m);
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    if (++depth > maxDepth) {
      fail('XML_TOO_DEEP', `payload nesting deeper than ${maxDepth}`);
      return;
    }
    const el = doc.createElementNS(tag.uri || null, tag.prefix ? `${tag.prefix}:${tag.local}` : tag.local!);
    for (const a of Object.values(tag.attributes)) {
      const at = a as { name: string; prefix: string; local: string; uri: string; value: string };
      if (at.name === 'xmlns' || at.prefix === 'xmlns') el.setAttributeNS('http://www.w3.org/2000/xmlns/', at.name, at.value);
      else el.setAttributeNS(at.uri || null, at.name, at.value);
    }
    current.appendChild(el);
    current = el;
  });
  parser.on('closetag', () => {
    if (failure) return;
    depth--;
    current = current.parentNode ?? doc;
  });
  parser.on('text', (t) => {
    if (failure || current === doc) return;
    current.appendChild(doc.createTextNode(t));
  });
  parser.on('cdata', (t) => {
    if (failure || current === doc) return;
    current.appendChild(doc.createCDATASection(t));
  });
  parser.on('comment', (t) => {
    if (failure) return;
    current.appendChild(doc.createComment(t));
  });
  parser.on('processinginstruction', (pi) => {
    if (failure || current === doc) return;
    current.appendChild(doc.createProcessingInstruction(pi.target, pi.body));
  });
  try {
    parser.write(text).close();
  } catch (e) {
    fail('XML_MALFORMED', (e as Error).message);
  }
  if (failure) throw failure;
  if (!doc.documentElement) throw new PayloadError('XML_MALFORMED', 'no root element');
  return doc;
}

export function serializeXml(node: slimdom.Node): string {
  return slimdom.serializeToWellFormedString(node);
}

/** Parses an XML fragment (e.g. a payloadFactory result) into a detached element of `doc`. */
export function parseXmlElement(text: string, maxDepth = DEFAULT_MAX_DEPTH): slimdom.Element {
  return parsePayloadXml(text, maxDepth).documentElement!;
}
