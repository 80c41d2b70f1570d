/**
 * What MI's FaultMediatorFactory (with FaultMediator.setFaultCodeValue) refuses when it deploys a makefault: the first
 * of its handleException calls a configuration meets, with MI's words. Shared by `synapse run` (the artifact is not
 * deployed) and `synapse validate` (an error), so the two agree.
 */
import type { XmlElement } from '../../../core/xml/types';
import { attrValue, firstChild, textContent } from '../../../core/xml';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** SOAP11Constants / SOAP12Constants fault codes (Axiom): Client and Server are SOAP 1.1's Sender and Receiver */
const SOAP11_CODES = ['VersionMismatch', 'MustUnderstand', 'Client', 'Server'];
const SOAP12_CODES = ['VersionMismatch', 'MustUnderstand', 'DataEncodingUnknown', 'Sender', 'Receiver'];

export interface MakefaultRefusal {
  /** the element the message is about */
  el: XmlElement;
  message: string;
  /** refusals `synapse validate` already reports through its schema rules (a value outside an enumeration, a missing attribute) */
  schema?: boolean;
}

/** OMElementUtils.getNameSpaceWithPrefix: the prefix's declaration on the element or an ancestor ('' is the default namespace). */
function namespaceOf(prefix: string, el: XmlElement): string | undefined {
  for (let e: XmlElement | undefined = el; e; e = e.parent)
    for (const a of e.attributes)
      if (prefix === '' ? a.name === 'xmlns' : a.prefix === 'xmlns' && a.local === prefix) return a.value;
  return undefined;
}

/** A text java.net.URI refuses (URISyntaxException): white space, characters outside RFC 2396, a bad escape. */
function badUri(text: string): boolean {
  return /[\s"<>\\^`{|}]/.test(text) || /%(?![0-9A-Fa-f]{2})/.test(text) || text.startsWith(':');
}

/**
 * FaultMediatorFactory compiles a code, reason or detail expression with SynapseXPathFactory.getSynapseXPath: Jaxen
 * refuses a json-eval(...) or a ${...} expression there (synapse validate says so as EXPR_XPATH_SYNTAX already).
 */
function notXPath(text: string | undefined): boolean {
  const t = text?.trimStart() ?? '';
  return t.startsWith('${') || t.startsWith('json-eval(');
}

export function makefaultRefusal(el: XmlElement): MakefaultRefusal | undefined {
  const versionAttr = attrValue(el, 'version');
  if (
    versionAttr !== undefined &&
    versionAttr !== 'soap11' &&
    versionAttr !== 'soap12' &&
    versionAttr !== 'pox'
  )
    return { el, message: 'Invalid SOAP version', schema: true };
  // no version attribute: SOAP 1.1
  const version = versionAttr ?? 'soap11';
  const response = attrValue(el, 'response');
  if (response !== undefined && response !== 'true' && response !== 'false')
    return {
      el,
      message: `Invalid value '${response}' passed as response. Expected 'true' or 'false'`,
      schema: true,
    };
  const code = firstChild(el, 'code');
  if (code) {
    const value = attrValue(code, 'value');
    if (value !== undefined) {
      const colon = value.indexOf(':');
      if (colon < 0) return { el: code, message: 'A QName is expected for fault code as prefix:name' };
      const prefix = value.slice(0, colon);
      const name = value.slice(colon + 1);
      const ns = namespaceOf(prefix, code);
      if (ns === undefined)
        return { el: code, message: `Invalid namespace prefix '${prefix}' in code attribute` };
      if (version === 'soap11') {
        if (ns !== SOAP11_NS)
          return {
            el: code,
            message: `Invalid namespace in fault code for soap11 version. Namespace should be corrected as ${SOAP11_NS}.`,
          };
        if (!SOAP11_CODES.includes(name))
          return {
            el: code,
            message: `Invalid code value for soap11 version. Code value has to be one of the following : ${SOAP11_CODES.join(', ')}`,
          };
      } else if (version === 'soap12') {
        if (ns !== SOAP12_NS)
          return {
            el: code,
            message: `Invalid namespace in fault code for soap12 version. Namespace should be corrected as ${SOAP12_NS}.`,
          };
        if (!SOAP12_CODES.includes(name))
          return {
            el: code,
            message: `Invalid code value for soap12 version. Code value has to be one of the following : ${SOAP12_CODES.join(', ')}`,
          };
      } else if (ns !== SOAP12_NS || !SOAP12_CODES.includes(name)) {
        // pox: FaultMediator.setFaultCodeValue takes only a SOAP 1.2 code unless the version is SOAP 1.1 (QName.toString)
        return {
          el: code,
          message: `Invalid Fault code value for a SOAP 1.2 fault : ${ns ? `{${ns}}` : ''}${name}`,
        };
      }
    } else if (notXPath(attrValue(code, 'expression')))
      return {
        el: code,
        message: `Invalid fault code expression : ${attrValue(code, 'expression')}`,
        schema: true,
      };
    else if (attrValue(code, 'expression') === undefined)
      return {
        el: code,
        message: "A 'value' or 'expression' attribute must specify the fault code",
        schema: true,
      };
  } else if (version !== 'pox')
    return {
      el,
      message: 'The fault code is a required attribute for the makefault mediator unless it is a pox fault',
    };
  const reason = firstChild(el, 'reason');
  if (reason) {
    if (attrValue(reason, 'value') === undefined && notXPath(attrValue(reason, 'expression')))
      return {
        el: reason,
        message: `Invalid fault reason expression : ${attrValue(reason, 'expression')}`,
        schema: true,
      };
    if (attrValue(reason, 'value') === undefined && attrValue(reason, 'expression') === undefined)
      // (MI's text names the code here too)
      return {
        el: reason,
        message: "A 'value' or 'expression' attribute must specify the fault code",
        schema: true,
      };
  } else if (version !== 'pox')
    return {
      el,
      message: 'The fault reason is a required attribute for the makefault mediator unless it is a pox fault',
    };
  const node = firstChild(el, 'node');
  if (node) {
    // FaultMediatorFactory reads version.getAttributeValue() for a <node> without checking the attribute is there
    if (versionAttr === undefined)
      return {
        el: node,
        message:
          'java.lang.NullPointerException (FaultMediatorFactory reads the version attribute for a <node>: a makefault with a <node> needs a version)',
      };
    const text = textContent(node);
    if (versionAttr !== 'soap11' && badUri(text))
      return { el: node, message: `Invalid URI specified for fault node : ${text}` };
  }
  const role = firstChild(el, 'role');
  if (role && badUri(textContent(role)))
    return { el: role, message: `Invalid URI specified for fault role : ${textContent(role)}` };
  const detail = firstChild(el, 'detail');
  const detailExpr = detail ? attrValue(detail, 'expression') : undefined;
  if (detail && notXPath(detailExpr))
    return {
      el: detail,
      message: `Unable to build the XPath for fault detail from the expression : ${detailExpr}`,
      schema: true,
    };
  return undefined;
}
