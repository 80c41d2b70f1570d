/**
 * Well-known property and header names offered by completion (facts from reference/expressions.md section 3; the
 * one-line descriptions are ours). Names set in the current file are offered as well (see expressionCompletion.ts).
 */

export interface KnownName {
  name: string;
  doc: string;
}

/** Default (synapse) scope properties that Synapse sets or reads. */
export const DEFAULT_SCOPE_PROPERTIES: readonly KnownName[] = [
  { name: 'ERROR_CODE', doc: 'Error code of the fault being handled (set before a fault sequence runs).' },
  { name: 'ERROR_MESSAGE', doc: 'Error message of the fault being handled.' },
  { name: 'ERROR_DETAIL', doc: 'Detail (stack trace) of the fault being handled.' },
  { name: 'ERROR_EXCEPTION', doc: 'The exception object of the fault being handled.' },
  { name: 'OUT_ONLY', doc: 'true: do not wait for a response from the backend.' },
  { name: 'RESPONSE', doc: 'true: treat the message as a response.' },
  { name: 'FORCE_ERROR_ON_SOAP_FAULT', doc: 'true: a SOAP fault from the backend runs the fault sequence.' },
  { name: 'PRESERVE_WS_ADDRESSING', doc: 'Keep the WS-Addressing headers of the incoming message.' },
  { name: 'SYSTEM_DATE', doc: 'The current date (read-only; an optional date pattern formats it).' },
  { name: 'SYSTEM_TIME', doc: 'The current time in milliseconds (read-only).' },
  { name: 'MESSAGE_FORMAT', doc: 'The message format: pox, get, soap11 or soap12 (read-only).' },
  { name: 'REST_API_CONTEXT', doc: 'Context of the API that received the request.' },
  { name: 'REST_FULL_REQUEST_PATH', doc: 'Full request path with the query string.' },
  { name: 'REST_SUB_REQUEST_PATH', doc: 'Request path after the API context (and version).' },
  { name: 'REST_METHOD', doc: 'HTTP method of the request.' },
  { name: 'REST_URL_PREFIX', doc: 'Scheme and Host header of the request.' },
  { name: 'SYNAPSE_REST_API', doc: 'Name of the API that received the request.' },
  { name: 'SYNAPSE_REST_API_VERSION', doc: 'Version of the API that received the request.' },
  {
    name: 'TRANSPORT_IN_NAME',
    doc: 'Name of the transport that received the message (http, https, jms...).',
  },
  { name: 'QUOTE_STRING_IN_PAYLOAD_FACTORY_JSON', doc: 'Quote string arguments in JSON payload templates.' },
  { name: 'To', doc: 'WS-Addressing To of the message.' },
  { name: 'MessageID', doc: 'WS-Addressing MessageID of the message.' },
  { name: 'OperationName', doc: 'Name of the operation (proxy services).' },
];

/** Axis2 scope properties. */
export const AXIS2_SCOPE_PROPERTIES: readonly KnownName[] = [
  { name: 'messageType', doc: 'Selects the formatter of the outgoing message, e.g. application/json.' },
  { name: 'ContentType', doc: 'Content-Type used by the formatter when messageType is set.' },
  { name: 'HTTP_SC', doc: 'HTTP status code of the response (after a call: the backend status).' },
  { name: 'HTTP_SC_DESC', doc: 'Reason phrase of the response status.' },
  { name: 'FORCE_SC_ACCEPTED', doc: 'true: answer the client with 202 Accepted right away.' },
  { name: 'NO_ENTITY_BODY', doc: 'true: send the message without a body.' },
  { name: 'REST_URL_POSTFIX', doc: 'Path after the API context, appended to address endpoints.' },
  { name: 'POST_TO_URI', doc: 'Send the full URI in the request line.' },
  { name: 'DISABLE_CHUNKING', doc: 'Send with Content-Length instead of chunked encoding.' },
  { name: 'FORCE_HTTP_1_0', doc: 'Use HTTP/1.0 towards the backend.' },
  { name: 'NO_KEEPALIVE', doc: 'Close the backend connection after the call.' },
  { name: 'HTTP_METHOD', doc: 'HTTP method of the message, or of the outgoing call.' },
  { name: 'REQUEST_HOST_HEADER', doc: 'Host header sent to the backend.' },
  {
    name: 'TRANSPORT_HEADERS',
    doc: 'The map of transport headers (remove it to drop all incoming headers).',
  },
  { name: 'disableAddressingForOutMessages', doc: 'Do not add WS-Addressing headers.' },
];

/** Common HTTP headers (transport scope, $trp:, headers.). */
export const COMMON_HEADERS: readonly KnownName[] = [
  { name: 'Content-Type', doc: 'Media type of the body.' },
  { name: 'Accept', doc: 'Media types the caller accepts.' },
  { name: 'Authorization', doc: 'Credentials of the caller.' },
  { name: 'Host', doc: 'Host (and port) the request was sent to.' },
  { name: 'User-Agent', doc: 'Client software of the caller.' },
  { name: 'Content-Length', doc: 'Length of the body in bytes.' },
  { name: 'SOAPAction', doc: 'SOAP 1.1 action.' },
  { name: 'X-Correlation-ID', doc: 'A correlation identifier (a common convention).' },
];

export function propertiesForScope(scope: string): readonly KnownName[] {
  switch (scope) {
    case 'axis2':
    case 'axis2-client':
      return AXIS2_SCOPE_PROPERTIES;
    case 'transport':
      return COMMON_HEADERS;
    case 'default':
    case 'synapse':
    case '':
      return DEFAULT_SCOPE_PROPERTIES;
    default:
      return [];
  }
}
