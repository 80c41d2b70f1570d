/**
 * XML payload parsing and serialization for the runtime, over helper B's secure parser (runtime-debug/engine/xml/):
 * refuses DOCTYPE/DTD, undefined entities and nesting deeper than `maxDepth`. Errors become PayloadError with the
 * parser's code (XML_DOCTYPE, XML_UNDEFINED_ENTITY, XML_TOO_DEEP, XML_MALFORMED, ...).
 */
import type * as slimdom from 'slimdom';
import { PayloadError } from './errors';
import { parseXmlPayload, serializeXml as serialize, XmlPayloadError } from './xml';

export const DEFAULT_MAX_DEPTH = 1000;

export function parsePayloadXml(text: string, maxDepth = DEFAULT_MAX_DEPTH): slimdom.Document {
  try {
    return parseXmlPayload(text, { maxDepth });
  } catch (e) {
    if (e instanceof XmlPayloadError) throw new PayloadError(e.code, e.message);
    throw new PayloadError('XML_MALFORMED', (e as Error).message);
  }
}

export function serializeXml(node: slimdom.Node): string {
  return serialize(node);
}

/** Parses an XML fragment (e.g. a payloadFactory result) into an element. */
export function parseXmlElement(text: string, maxDepth = DEFAULT_MAX_DEPTH): slimdom.Element {
  const el = parsePayloadXml(text, maxDepth).documentElement!;
  // `xmlns=""` on a fragment root only undoes the configuration's default namespace; it is redundant in a payload
  if (el.namespaceURI === null && el.getAttribute('xmlns') === '') el.removeAttribute('xmlns');
  return el;
}
