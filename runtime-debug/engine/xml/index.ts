/** The payload DOM: a secure parser into slimdom and a fast serializer. */
export {
  parseXmlPayload,
  parseXmlFragment,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  XMLNS_NS,
  type XmlPayloadOptions,
} from './parse';
export { serializeXml, serializeChildren } from './serialize';
export { XmlPayloadError, type XmlPayloadErrorCode } from './errors';
