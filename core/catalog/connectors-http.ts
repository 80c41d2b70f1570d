/**
 * Built-in knowledge of the HTTP connector (mi-connector-http, the connector WSO2's MI 4.4 tooling writes for every
 * backend call: `<http.get configKey="Conn">` with a connection `<localEntry key="Conn"><http.init>...`), used when a
 * project carries no zip of it. Facts (operations, the parameters their templates declare, labels, defaults, allowed
 * values) follow the connector's templates and uischema files; the descriptions are ours.
 */
import type { ConnectionType, Connector, ConnectorOperation, ConnectorParam } from './connectors';

type P = [name: string, doc: string, extra?: Partial<ConnectorParam>];

const BOOL = ['true', 'false'];

/** Parameters of every request operation, in the order the tooling writes them. */
const REQUEST_HEAD: P[] = [
  [
    'relativePath',
    'Path (and query) added to the connection’s base URL, e.g. /orders/${params.pathParams.id}. May hold ${...} expressions.',
    { label: 'Relative Path', default: '' },
  ],
  [
    'headers',
    'HTTP headers to send, as a JSON array of [name, value] pairs, e.g. [["Accept","application/json"]]; [] for none.',
    { label: 'Headers' },
  ],
];
const BODY: P[] = [
  [
    'requestBodyType',
    'How the request body is built: JSON, XML or TEXT.',
    { label: 'Content Type', default: 'JSON', values: ['JSON', 'XML', 'TEXT'] },
  ],
  [
    'requestBodyJson',
    'The JSON body to send (with requestBodyType JSON); ${payload} sends the current payload.',
    { label: 'Request Body', default: '${payload}', condition: 'requestBodyType is JSON' },
  ],
  [
    'requestBodyXml',
    'The XML body to send (with requestBodyType XML).',
    { label: 'Request Body', default: "${xpath('$body/node()')}", condition: 'requestBodyType is XML' },
  ],
  [
    'requestBodyText',
    'The text body to send (with requestBodyType TEXT).',
    { label: 'Request Body', default: "${xpath('$body/node()')}", condition: 'requestBodyType is TEXT' },
  ],
];
const TRANSPORT: P[] = [
  ['postToUri', 'Send the full URI in the request line (the POST_TO_URI transport property).'],
  [
    'forceScAccepted',
    'Answer the caller 202 Accepted at once, before the backend replies (FORCE_SC_ACCEPTED).',
    { label: 'Force immediate 202 Response', default: 'false', values: BOOL },
  ],
  [
    'disableChunking',
    'Send a Content-Length instead of chunked transfer encoding (DISABLE_CHUNKING).',
    { label: 'Disable Chunking', default: 'false', values: BOOL },
  ],
  ['noEntityBody', 'Send no body with the request (NO_ENTITY_BODY).', { values: BOOL }],
  [
    'forceHttp10',
    'Speak HTTP/1.0 to the backend (FORCE_HTTP_1.0).',
    { label: 'Force HTTP 1.0', default: 'false', values: BOOL },
  ],
  ['httpSc', 'Status code to set on the response (HTTP_SC).'],
  [
    'nonErrorHttpStatusCodes',
    'Comma-separated status codes (e.g. 400,404) that continue in the normal flow instead of the fault sequence.',
  ],
  ['httpScDesc', 'Reason phrase to set on the response (HTTP_SC_DESC).'],
  ['faultsAsHttp200', 'Answer faults with status 200 (FAULTS_AS_HTTP_200).', { values: BOOL }],
  [
    'noKeepAlive',
    'Close the backend connection after this request instead of keeping it alive (NO_KEEPALIVE).',
    { label: 'No Keep-Alive', default: 'false', values: BOOL },
  ],
  ['restUrlPostfix', 'A suffix for the request URL (REST_URL_POSTFIX).'],
  ['requestHostHeader', 'The Host header to send (REQUEST_HOST_HEADER).'],
  [
    'forcePostPutNobody',
    'Allow a POST or PUT without a body (FORCE_POST_PUT_NOBODY).',
    { label: 'Force no body for POST/PUT methods', default: 'false', values: BOOL },
  ],
  [
    'forceHttpContentLength',
    'Send Content-Length with the request (FORCE_HTTP_CONTENT_LENGTH).',
    { values: BOOL },
  ],
  [
    'copyContentLengthFromIncoming',
    'Reuse the incoming request’s Content-Length (COPY_CONTENT_LENGTH_FROM_INCOMING).',
    { values: BOOL },
  ],
  [
    'responseVariable',
    'Variable that receives the response (its payload, headers and attributes) instead of the message body.',
    { label: 'Output Variable Name', required: true },
  ],
  [
    'overwriteBody',
    'With responseVariable: also replace the message body with the response.',
    { label: 'Overwrite Message Body', default: 'true', values: BOOL },
  ],
];

const OPS: [name: string, label: string, doc: string, body: boolean][] = [
  ['get', 'GET', 'Sends a GET request to the connection’s base URL plus relativePath.', false],
  ['post', 'POST', 'Sends a POST request with the body chosen by requestBodyType.', true],
  ['put', 'PUT', 'Sends a PUT request with the body chosen by requestBodyType.', true],
  ['patch', 'PATCH', 'Sends a PATCH request with the body chosen by requestBodyType.', true],
  ['delete', 'DELETE', 'Sends a DELETE request.', false],
  ['head', 'HEAD', 'Sends a HEAD request (headers only in the answer).', true],
  ['options', 'OPTIONS', 'Sends an OPTIONS request.', true],
];

const param = ([name, doc, extra]: P): ConnectorParam => ({ name, doc, required: false, ...extra });

// when the connection's uischema asks for the authentication fields (enableCondition with required: true)
const OAUTH = { authType: 'OAuth' };
const USER_PASSWORD = {
  condition: 'authType is Basic Auth, or OAuth with oauthGrantType Password',
  requiredWhen: ['OR', { authType: 'Basic Auth' }, ['AND', OAUTH, { oauthGrantType: 'Password' }]],
};
const OAUTH_REQUIRED = { condition: 'authType is OAuth', requiredWhen: [OAUTH] };

const CONNECTION: P[] = [
  [
    'baseUrl',
    'The root URL of the backend; each operation adds its relativePath to it.',
    { label: 'Base URL', required: true },
  ],
  [
    'authType',
    'How requests authenticate.',
    { label: 'Auth Type', default: 'None', values: ['None', 'Basic Auth', 'OAuth'] },
  ],
  ['username', 'User name for Basic Auth (or the OAuth password grant).', USER_PASSWORD],
  ['password', 'Password for Basic Auth (or the OAuth password grant).', USER_PASSWORD],
  [
    'oauthAuthorizationMode',
    'Where the OAuth client credentials go in the token request.',
    { default: 'Header', values: ['Header', 'Payload'], condition: 'authType is OAuth' },
  ],
  [
    'oauthGrantType',
    'The OAuth grant used to get a token.',
    {
      default: 'Authorization Code',
      values: ['Authorization Code', 'Client Credentials', 'Password'],
      condition: 'authType is OAuth',
    },
  ],
  ['clientId', 'OAuth client id.', OAUTH_REQUIRED],
  ['clientSecret', 'OAuth client secret.', OAUTH_REQUIRED],
  ['tokenUrl', 'URL of the OAuth token service.', OAUTH_REQUIRED],
  [
    'refreshToken',
    'OAuth refresh token (authorization code grant).',
    {
      condition: 'authType is OAuth and oauthGrantType is Authorization Code',
      requiredWhen: ['AND', OAUTH, { oauthGrantType: 'Authorization Code' }],
    },
  ],
  [
    'additionalProperties',
    'Extra OAuth token request fields as key:value pairs separated by commas.',
    { condition: 'authType is OAuth' },
  ],
  ['timeoutDuration', 'Milliseconds to wait for the backend before the timeout action.'],
  ['timeoutAction', 'What to do on a timeout.', { default: 'Never', values: ['Never', 'Discard', 'Fault'] }],
  ['retryErrorCodes', 'Comma-separated error codes that put the connection in timeout state at once.'],
  ['retryCount', 'Retries of a timed-out connection before it is suspended.', { default: '0' }],
  ['retryDelay', 'Milliseconds between those retries.', { default: '0' }],
  ['suspendErrorCodes', 'Comma-separated error codes that suspend the connection at once.'],
  ['suspendInitialDuration', 'First suspension, in milliseconds (-1: none).', { default: '-1' }],
  ['suspendProgressionFactor', 'Factor applied to each next suspension.', { default: '1' }],
  ['suspendMaximumDuration', 'Longest suspension, in milliseconds.'],
];

function build(): Connector {
  const c: Connector = {
    name: 'http',
    packageName: 'org.wso2.carbon.connector',
    label: 'HTTP',
    doc: 'Calls HTTP backends through a connection (a local entry holding <http.init>).',
    origin: 'builtin',
    operations: new Map(),
    connectionTypes: [],
  };
  for (const [name, label, doc, body] of OPS) {
    const params = [...REQUEST_HEAD, ...(body ? BODY : []), ...TRANSPORT].map(param);
    const op: ConnectorOperation = {
      connector: c,
      name,
      element: `http.${name}`,
      label,
      doc,
      hidden: false,
      params,
      declared: new Set(params.map((p) => p.name)),
    };
    c.operations.set(name, op);
  }
  const init: ConnectorOperation = {
    connector: c,
    name: 'init',
    element: 'http.init',
    label: 'Init',
    doc: 'The connection: Micro Integrator deploys an endpoint from it (base URL, authentication, timeouts, suspension) that the operations call.',
    hidden: true,
    params: [param(['name', 'The connection’s name (the local entry key).']), param(CONNECTION[0])],
    declared: new Set(['name', 'baseUrl']),
  };
  c.operations.set('init', init);
  const types: ConnectionType[] = ['HTTP', 'HTTPS'].map((t) => ({
    name: t,
    label: `${t} Connection`,
    params: CONNECTION.map(param),
  }));
  c.connectionTypes.push(...types);
  return c;
}

let cached: Connector | undefined;
/** The built-in HTTP connector declaration (shared: do not modify). */
export function builtinHttpConnector(): Connector {
  return (cached ??= build());
}

/** Every built-in connector. */
export function builtinConnectors(): Connector[] {
  return [builtinHttpConnector()];
}
