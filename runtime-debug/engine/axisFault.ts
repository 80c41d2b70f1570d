/**
 * The SOAP fault MI's pass-through listener answers when an exception escapes the mediation engine
 * (ServerWorker.handleException -> Axis2 MessageContextBuilder.createFaultEnvelope): fault code Client (SOAP 1.1) or
 * Sender (SOAP 1.2) as no code is given, the exception's message as the reason, an empty detail (MI does not send
 * stack traces with faults), HTTP 500.
 */

import { escapeXmlText } from './mediators/util';

/** The envelope of such a fault, in the SOAP version of the request. */
export function axisFaultEnvelope(reason: string, soap12: boolean): string {
  const r = escapeXmlText(reason);
  return soap12
    ? `<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:Sender</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang="en-US">${r}</soapenv:Text></soapenv:Reason><soapenv:Detail/></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
    : `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${r}</faultstring><detail/></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

/** The content type of that answer. */
export function axisFaultContentType(soap12: boolean): string {
  return soap12 ? 'application/soap+xml; charset=UTF-8' : 'text/xml; charset=UTF-8';
}
