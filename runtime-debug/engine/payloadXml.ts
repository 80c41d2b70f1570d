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
    const doc = parseXmlPayload(text, { maxDepth });
    // `xmlns=""` on the root only undoes a default namespace that is not there: drop it
    const root = doc.documentElement;
    if (root && root.namespaceURI === null && root.getAttribute('xmlns') === '')
      root.removeAttribute('xmlns');
    return doc;
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
  return parsePayloadXml(text, maxDepth).documentElement!;
}
