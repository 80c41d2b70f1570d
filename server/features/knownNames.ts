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
  { name: 'From', doc: 'WS-Addressing From of the message.' },
  { name: 'Action', doc: 'SOAP action (WS-Addressing Action) of the message.' },
  { name: 'ReplyTo', doc: 'WS-Addressing ReplyTo of the message.' },
  { name: 'FaultTo', doc: 'WS-Addressing FaultTo of the message.' },
  { name: 'RelatesTo', doc: 'WS-Addressing RelatesTo: the ID of the message this one answers.' },
  { name: 'MessageID', doc: 'WS-Addressing MessageID of the message.' },
  { name: 'OperationName', doc: 'Name of the operation (proxy services).' },
  {
    name: 'preserveProcessedHeaders',
    doc: '"true": SOAP headers already processed on the way in are sent on instead of being dropped.',
  },
  { name: 'SERVER_IP', doc: 'IP address (or host name) of the server (read-only).' },
  {
    name: 'DISABLE_SMOOKS_RESULT_PAYLOAD',
    doc: 'true: the Smooks mediator does not load its result into the message.',
  },
  {
    name: 'SET_ROLLBACK_ONLY',
    doc: 'true (in a fault handler): a RabbitMQ message is rejected without requeue.',
  },
  {
    name: 'SET_REQUEUE_ON_ROLLBACK',
    doc: 'true (in a fault handler): a RabbitMQ message is rejected and requeued.',
  },
  { name: 'FORCE_COLLECT_PAYLOAD', doc: 'true: tracing collects the payload at every mediator.' },
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
  { name: 'FORCE_HTTP_1.0', doc: 'true: speak HTTP/1.0 (the body sent whole with its length).' },
  {
    name: 'FORCE_HTTP_CONTENT_LENGTH',
    doc: 'true: send a Content-Length instead of chunking (with COPY_CONTENT_LENGTH_FROM_INCOMING).',
  },
  {
    name: 'COPY_CONTENT_LENGTH_FROM_INCOMING',
    doc: "true: with FORCE_HTTP_CONTENT_LENGTH, reuse the incoming message's Content-Length.",
  },
  { name: 'FORCE_POST_PUT_NOBODY', doc: 'true: send a POST or PUT without a body.' },
  {
    name: 'FAULTS_AS_HTTP_200',
    doc: 'true: a SOAP fault the backend answered with 500 goes to the client as 200.',
  },
  {
    name: 'non.error.http.status.codes',
    doc: 'Comma-separated status codes a blocking call does not treat as errors.',
  },
  {
    name: 'HTTP_ETAG',
    doc: 'true (type BOOLEAN): the response carries an ETag computed from its SOAP body.',
  },
  {
    name: 'ClientApiNonBlocking',
    doc: 'Set by the engine; remove it to make a send wait on the calling thread (VFS, JMS).',
  },
  { name: 'transportNonBlocking', doc: 'Older name of ClientApiNonBlocking.' },
  { name: 'setCharacterEncoding', doc: '"false": no charset is added to the Content-Type sent.' },
  { name: 'CHARACTER_SET_ENCODING', doc: 'Charset the message is written in (e.g. UTF-8).' },
  {
    name: 'DECODE_MULTIPART_DATA',
    doc: 'true: decode multipart data when the message is built (type BOOLEAN).',
  },
  {
    name: 'enableREST',
    doc: 'true: a text/xml answer to a REST request is turned into application/xml.',
  },
  {
    name: 'DISABLE_COOKIE',
    doc: 'true: drop the Cookie header of blocking calls (servlet transport).',
  },
  { name: 'JMS_COORELATION_ID', doc: 'JMS correlation ID of the message sent (MI spells it so).' },
  { name: 'HL7_GENERATE_ACK', doc: '"false": do not acknowledge HL7 messages automatically.' },
  { name: 'HL7_RESULT_MODE', doc: 'ACK or NACK: the acknowledgement returned to the HL7 client.' },
  { name: 'HL7_NACK_MESSAGE', doc: 'Text of the NACK sent when HL7_RESULT_MODE is NACK.' },
  {
    name: 'HL7_APPLICATION_ACK',
    doc: 'true: acknowledge the HL7 client only after the backend has processed the message.',
  },
  { name: 'HL7_RAW_MESSAGE', doc: 'The received HL7 message in its raw (EDI) form.' },
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
