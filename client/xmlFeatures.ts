/**
 * What the editor features need of the XML parser (core/xml, with htmlparser2's tokenizer and entity tables), in one
 * module that the extension loads on first use (its own bundle, dist/extension-xml.js): the snippet context at the
 * cursor and the "Send request" targets of a file. Activation does not load it.
 */
export { parseXml, type XmlDocument } from '../core/xml';
export { snippetContextIn } from './snippetContext';
export { findRequestTargets } from './requests/targets';
