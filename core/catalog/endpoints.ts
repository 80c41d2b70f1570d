/**
 * Endpoint declarations: the `<endpoint>` element (top-level artifact, inline inside call/send/target, or a member of
 * a failover/loadbalance/recipientlist group) and everything that may appear inside it.
 */
import { at, bool, ch, el, en, expr, key, many, req, textEl } from './build';
import type { AttributeDecl, ChildDecl, ElementDecl } from './types';

const ASPECTS: AttributeDecl[] = [
  // the factories compare with "enable" as written and take anything else as disable
  en('statistics', ['enable', 'disable'], 'Statistics collection: only `enable` switches it on.', {
    default: 'disable',
    lenient: 'reads it as disable (only `enable` switches it on)',
  }),
  en('trace', ['enable', 'disable'], 'Message tracing: only `enable` switches it on.', {
    default: 'disable',
    lenient: 'reads it as disable (only `enable` switches it on)',
  }),
];

// ---- settings shared by the leaf endpoints (address, http, default, wsdl) ----

const errorCodes = textEl(
  'errorCodes',
  'Comma-separated error codes (e.g. 101504,101505) this rule applies to. Without it the defaults apply: timeouts and closed connections mark the endpoint for suspension, every other error suspends it.',
);

const timeout = el(
  'timeout',
  'How long to wait for the backend and what to do when it does not answer in time. Without it the global timeout (120 s in Micro Integrator) applies.',
  [],
  [
    ch(textEl('duration', 'The timeout in milliseconds; may be dynamic as `{expression}`.', 'string')),
    ch(
      el(
        'responseAction',
        'What happens when the timeout fires: `fault` runs the fault handler, `discard` drops the late response.',
        [],
        'text',
        {
          text: 'string',
        },
      ),
    ),
  ],
);

const markForSuspension = el(
  'markForSuspension',
  'Errors that put the endpoint in the timeout state: it is retried a number of times before being suspended.',
  [],
  [
    ch(errorCodes),
    ch(
      textEl(
        'retriesBeforeSuspension',
        'Calls allowed in the timeout state before the endpoint is suspended (default 0).',
      ),
    ),
    ch(textEl('retryDelay', 'Milliseconds to wait between those retries (default 0).')),
  ],
);

const suspendOnFailure = el(
  'suspendOnFailure',
  'Errors that suspend the endpoint, and for how long: the suspension starts at initialDuration and grows by progressionFactor up to maximumDuration.',
  [],
  [
    ch(errorCodes),
    ch(textEl('initialDuration', 'First suspension in milliseconds (default -1, which means 30 s).')),
    ch(
      textEl(
        'progressionFactor',
        'Multiplier applied to the suspension after each further failure (default 1.0).',
      ),
    ),
    ch(textEl('maximumDuration', 'Upper bound of the suspension in milliseconds (default: unbounded).')),
  ],
);

const suspendDurationOnFailure = textEl(
  'suspendDurationOnFailure',
  'Old form: seconds to suspend the endpoint after a failure. Use suspendOnFailure/initialDuration instead.',
);
suspendDurationOnFailure.deprecated = 'Use <suspendOnFailure><initialDuration> (milliseconds) instead.';

const retryConfig = el(
  'retryConfig',
  'Inside a failover or load-balance group: which error codes make the group try the next member (enabledErrorCodes) or not (disabledErrorCodes).',
  [],
  [
    ch(textEl('disabledErrorCodes', 'Comma-separated codes for which the group does not fail over.')),
    ch(
      textEl(
        'enabledErrorCodes',
        'Comma-separated codes for which the group fails over (all others do not).',
      ),
    ),
  ],
);

const enableAddressing = el(
  'enableAddressing',
  'Adds WS-Addressing headers to messages sent to this endpoint.',
  [
    // EndpointDefinitionFactory: trim().toLowerCase(), anything else refused
    en('version', ['final', 'submission'], 'WS-Addressing version.', {
      default: 'final',
      caseInsensitive: true,
      trim: true,
    }),
    bool('separateListener', 'false', 'Receive the response on a separate listener.'),
  ],
  'none',
);

const enableSec = el(
  'enableSec',
  'Applies WS-Security to messages sent to this endpoint using the given policies.',
  [
    key('policy', 'resource', 'Key of the security policy for both directions.'),
    key('inboundPolicy', 'resource', 'Key of the policy for the response.'),
    key('outboundPolicy', 'resource', 'Key of the policy for the request.'),
  ],
  'none',
);

const enableRM = el(
  'enableRM',
  'WS-ReliableMessaging (legacy; not supported by recent Micro Integrator versions).',
  [key('policy', 'resource', 'Key of the RM policy.')],
  'none',
  { deprecated: 'WS-ReliableMessaging is not supported by recent Micro Integrator versions.' },
);

/** An element holding any number of `<item name="...">text</item>` children (OAuthUtils reads them by name). */
const namedTexts = (name: string, doc: string, item: string, itemDoc: string, nameDoc: string): ElementDecl =>
  el(name, doc, [], [many(el(item, itemDoc, [req('name', 'string', nameDoc)], 'text', { text: 'string' }))]);

const oauthGrant = (name: string, doc: string): ElementDecl =>
  el(
    name,
    doc,
    [],
    [
      ch(textEl('clientId', 'OAuth client id.')),
      ch(textEl('clientSecret', 'OAuth client secret.')),
      ch(textEl('tokenUrl', 'Token endpoint URL.')),
      ch(textEl('refreshToken', 'Refresh token (authorization code grant).')),
      ch(textEl('username', 'Resource owner user name (password grant).')),
      ch(textEl('password', 'Resource owner password (password grant).')),
      ch(textEl('authMode', 'Where client credentials go: `header` (default) or `payload`.')),
      ch(
        namedTexts(
          'requestParameters',
          'Extra parameters sent to the token endpoint.',
          'parameter',
          'A token request parameter; the text is its value.',
          'Parameter name.',
        ),
      ),
      // OAuthUtils.getCustomHeaders: each <header name="...">value</header> is sent with the token request
      ch(
        namedTexts(
          'customHeaders',
          'Extra HTTP headers sent to the token endpoint.',
          'header',
          'A token request header; the text is its value.',
          'Header name.',
        ),
      ),
      ch(textEl('connectionTimeout', 'Token call connection timeout (ms).')),
      ch(textEl('connectionRequestTimeout', 'Token call connection request timeout (ms).')),
      ch(textEl('socketTimeout', 'Token call socket timeout (ms).')),
      ch(textEl('useGlobalConnectionTimeoutConfigs', 'Use the server-wide timeouts for the token call.')),
      // OAuthUtils.getProxyConfigs: a proxy for the token call, here or (useGlobalProxyConfigs) the server-wide one
      ch(
        el(
          'proxyConfigs',
          'An HTTP proxy for the token call.',
          [],
          [
            ch(textEl('proxyHost', 'Proxy host.')),
            ch(textEl('proxyPort', 'Proxy port.')),
            ch(textEl('proxyProtocol', 'Proxy protocol (http or https).')),
            ch(textEl('proxyUsername', 'Proxy user name.')),
            ch(textEl('proxyPassword', 'Proxy password.')),
            ch(textEl('nonProxyHosts', 'Hosts reached without the proxy.')),
            ch(textEl('targetProxyHosts', 'Hosts reached through the proxy.')),
          ],
        ),
      ),
      ch(
        textEl(
          'useGlobalProxyConfigs',
          'Use the server-wide proxy for the token call (without proxyConfigs).',
        ),
      ),
    ],
  );

const authentication = el(
  'authentication',
  'Credentials the HTTP endpoint sends: basic authentication or an OAuth grant (the token is fetched and cached).',
  [],
  [
    ch(
      el(
        'basicAuth',
        'HTTP basic authentication.',
        [],
        [ch(textEl('username', 'User name.')), ch(textEl('password', 'Password.'))],
      ),
    ),
    ch(
      el(
        'oauth',
        'OAuth 2.0: one grant type.',
        [],
        [
          ch(oauthGrant('clientCredentials', 'Client credentials grant.')),
          ch(oauthGrant('authorizationCode', 'Authorization code grant (uses a refresh token).')),
          ch(oauthGrant('passwordCredentials', 'Resource owner password grant.')),
        ],
      ),
    ),
  ],
);

const LEAF_CHILDREN: ChildDecl[] = [
  ch(enableAddressing),
  ch(enableSec),
  ch(enableRM),
  ch(timeout),
  ch(markForSuspension),
  ch(suspendOnFailure),
  ch(suspendDurationOnFailure),
  ch(retryConfig),
];

const FORMAT = en(
  'format',
  ['soap11', 'soap12', 'pox', 'get', 'rest'],
  'Forces the outgoing message format; without it the incoming format is kept.',
  {
    // DefaultEndpointFactory.extractSpecificEndpointProperties: trim().toLowerCase(); another value forces nothing
    caseInsensitive: true,
    trim: true,
    lenient: 'forces no format (the message keeps its own)',
    valueDocs: {
      soap11: 'A SOAP 1.1 envelope.',
      soap12: 'A SOAP 1.2 envelope.',
      pox: 'Plain XML: the body without the envelope.',
      get: 'An HTTP GET with the payload as query parameters.',
      rest: 'REST: the payload as is, with the HTTP method of the message.',
    },
  },
);
// EndpointDefinitionFactory: trim(), equalsIgnoreCase; another value switches neither on
const OPTIMIZE = en('optimize', ['mtom', 'swa'], 'Sends binary content as MTOM or SOAP with attachments.', {
  caseInsensitive: true,
  trim: true,
  lenient: 'sends the message without MTOM or SwA',
});
const ENCODING = at('encoding', 'string', 'Character set of the outgoing message.');

export const ADDRESS = el(
  'address',
  'Sends the message to a fixed URL (HTTP, JMS, VFS, ... as the scheme says).',
  [
    req('uri', 'uri', 'The target address, e.g. http://host:8080/service or jms:/queue?...'),
    FORMAT,
    OPTIMIZE,
    ENCODING,
    ...ASPECTS,
  ],
  [...LEAF_CHILDREN],
);

export const HTTP = el(
  'http',
  'A REST endpoint: the URL is a URI template expanded with the uri.var.* and query.param.* properties, and the HTTP method can be set.',
  [
    at(
      'uri-template',
      'uri-template',
      'RFC 6570 template of the target URL, e.g. http://host/orders/{uri.var.id}. Prefix `legacy-encoding:` keeps the old decoding behaviour.',
    ),
    en(
      'method',
      ['get', 'post', 'put', 'delete', 'head', 'patch', 'options'],
      'HTTP method to use; without it the incoming method is kept.',
      {
        // HTTPEndpointFactory.setHttpMethod: equalsIgnoreCase; another value is passed over (debug log only)
        caseInsensitive: true,
        lenient: 'keeps the method of the message (the value is passed over)',
        valueDocs: {
          get: 'Read a resource (no body is sent).',
          post: 'Create or process: the payload is sent.',
          put: 'Replace a resource: the payload is sent.',
          delete: 'Delete a resource.',
          head: 'Like GET, headers only.',
          patch: 'Change part of a resource: the payload is sent.',
          options: 'Ask which methods are allowed.',
        },
      },
    ),
    en('version', ['1.1', '2.0'], 'HTTP version to the backend.'),
    FORMAT,
    OPTIMIZE,
    ENCODING,
    ...ASPECTS,
  ],
  [
    ...LEAF_CHILDREN,
    ch(authentication),
    ch(textEl('serverPushSequence', 'HTTP/2: key of the sequence that handles server pushes.')),
  ],
);

export const DEFAULT_EP = el(
  'default',
  'Sends the message to the address in its To header (set by the client or by a header mediator).',
  [FORMAT, OPTIMIZE, ENCODING, ...ASPECTS],
  [...LEAF_CHILDREN],
);

export const WSDL_EP = el(
  'wsdl',
  'Takes the address from a port of a WSDL service (given by URI or inline).',
  [
    at('uri', 'uri', 'Location of the WSDL.'),
    req('service', 'string', 'Service name in the WSDL.'),
    req('port', 'string', 'Port name of that service.'),
    FORMAT,
    OPTIMIZE,
    ENCODING,
    ...ASPECTS,
  ],
  [...LEAF_CHILDREN],
  { openContent: true },
);

/** The `<endpoint>` element; its children are filled in below (it is recursive through the group endpoints). */
export const ENDPOINT: ElementDecl = el(
  'endpoint',
  'An endpoint: where a message is sent. Either a reference (`key`), a template endpoint (`template`), or one definition child (address, http, default, wsdl, failover, loadbalance, recipientlist, class).',
  [
    at('name', 'name', 'Name of the endpoint (required for a top-level endpoint artifact; optional inline).'),
    key('key', 'endpoint', 'Refers to a named endpoint instead of defining one here.', { dynamic: false }),
    at('key-expression', 'xpath', 'An expression computing the endpoint key per message.'),
    key(
      'template',
      'endpointTemplate',
      'Builds this endpoint from an endpoint template; <parameter> children fill its parameters.',
      { dynamic: false },
    ),
    at('uri', 'uri', 'With `template`: passed to the template as its `uri` parameter.'),
    key('onError', 'sequence', 'Sequence to run when sending through this endpoint fails.', {
      dynamic: false,
    }),
    ...ASPECTS,
  ],
  [],
  // EndpointFactory.getEndpointFactory: key first, then key-expression, then template; without any of them a
  // definition child is needed (core/validate checkEndpointDefinition), which completion starts with an <http>
  { firstWins: [['key', 'key-expression', 'template']], snippetChild: 'http' },
);

const member = el(
  'member',
  'A load-balance or recipient-list member given by host and ports instead of an endpoint.',
  [
    req('hostName', 'string', 'Host name or IP address.'),
    at('httpPort', 'integer', 'HTTP port.'),
    at('httpsPort', 'integer', 'HTTPS port.'),
  ],
  'none',
);

export const FAILOVER = el(
  'failover',
  'A failover group: sends to the first ready child endpoint and moves to the next one when it fails.',
  [
    bool(
      'dynamic',
      'true',
      'Return to the first endpoint once it is ready again (true), or stay on the one that works (false).',
    ),
    bool(
      'buildMessage',
      'false',
      'Build the message before sending so it can be re-sent to the next member.',
    ),
  ],
  [many(ENDPOINT, 1)],
);

export const LOADBALANCE = el(
  'loadbalance',
  'A load-balance group: spreads messages over the child endpoints (round robin by default), failing over when one fails.',
  [
    at('algorithm', 'class', 'Class of the load-balance algorithm (default round robin).'),
    // LoadbalanceAlgorithmFactory: trim().equals("roundRobin"), anything else refused
    en('policy', ['roundRobin'], 'Load-balance policy (only roundRobin).', { trim: true }),
    bool('failover', 'true', 'Try the next member when one fails.'),
    bool('buildMessage', 'false', 'Build the message before sending so it can be re-sent.'),
    at(
      'alogorithm',
      'class',
      'A misspelling of `algorithm` found in real configurations; Synapse ignores it.',
      {
        deprecated: 'Ignored by Synapse: write `algorithm`.',
      },
    ),
  ],
  [many(ENDPOINT), many(member)],
  { exclusive: [['algorithm', 'policy']] },
);

export const SESSION = el(
  'session',
  'Session affinity for a load-balance group: messages of one session go to the same member.',
  [
    en(
      'type',
      ['http', 'soap', 'simpleClientSession'],
      'How the session is recognised (HTTP cookie, SOAP session header, or client session id).',
      {
        // SALoadbalanceEndpointFactory: equalsIgnoreCase; another type sets no dispatcher
        caseInsensitive: true,
        lenient: 'binds no session (messages are balanced as without <session>)',
      },
    ),
  ],
  [ch(textEl('sessionTimeout', 'Session timeout in milliseconds.'))],
);

export const RECIPIENTLIST = el(
  'recipientlist',
  'Sends a copy of the message to every child endpoint (fire and forget), or to a list computed per message.',
  [],
  [
    many(ENDPOINT),
    many(member),
    ch(
      el(
        'endpoints',
        'A comma-separated list of addresses computed per message.',
        [
          at('value', 'string', "The list, usually dynamic: `{get-property('EP_LIST')}`.", { dynamic: true }),
          at('max-cache', 'integer', 'How many dynamically created endpoints are cached.', {
            default: '20',
            // RecipientListEndpointFactory: a NumberFormatException is swallowed, the default pool size is used
            lenient: 'caches the default number of endpoints',
          }),
        ],
        'none',
      ),
    ),
  ],
);

const DYNAMIC_LB = el(
  'dynamicLoadbalance',
  'A load-balance group whose members come from a membership handler (rare).',
  [],
  [],
  {
    openAttributes: true,
    openContent: true,
  },
);
const SERVICE_DYNAMIC_LB = el(
  'serviceDynamicLoadbalance',
  'A service-based dynamic load-balance group (rare).',
  [],
  [],
  {
    openAttributes: true,
    openContent: true,
  },
);

export const CLASS_EP = el(
  'class',
  'A custom endpoint implemented by a Java class; <parameter> children set its properties.',
  [req('name', 'class', 'Fully qualified class name.')],
  [
    many(
      el(
        'parameter',
        'A property of the class endpoint; the text is its value.',
        [req('name', 'string', 'Property name.')],
        'text',
        { text: 'string' },
      ),
    ),
  ],
);

export const ENDPOINT_PROPERTY = el(
  'property',
  'A property set on the message when it is sent through this endpoint.',
  [
    req('name', 'string', 'Property name.'),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing the value.'),
    en('scope', ['default', 'transport', 'axis2', 'axis2-client'], 'Where the property is set.', {
      default: 'default',
    }),
  ],
  'none',
  // MediatorPropertyFactory (EndpointFactory reads the endpoint's properties with it): value first
  { firstWins: [['value', 'expression']], oneOfRequired: [['value', 'expression']] },
);

export const TEMPLATE_ENDPOINT_PARAMETER = el(
  'parameter',
  'A value for a parameter of the endpoint template (`template` attribute).',
  [
    req('name', 'string', 'Template parameter name (without $).'),
    req('value', 'string', 'The value substituted for $name in the template.'),
  ],
  'none',
);

/** The definition children of an endpoint (exactly one of these unless key/template is used). */
export const ENDPOINT_BODY: ChildDecl[] = [
  ch(ADDRESS),
  ch(HTTP),
  ch(DEFAULT_EP),
  ch(WSDL_EP),
  ch(FAILOVER),
  ch(LOADBALANCE),
  ch(SESSION),
  ch(RECIPIENTLIST),
  ch(DYNAMIC_LB),
  ch(SERVICE_DYNAMIC_LB),
  ch(CLASS_EP),
];

(ENDPOINT.content as ChildDecl[]).push(
  ch(textEl('description', 'A description of the endpoint.')),
  ...ENDPOINT_BODY,
  many(ENDPOINT_PROPERTY),
  many(TEMPLATE_ENDPOINT_PARAMETER),
);

/** Names of the elements that define an endpoint's type. */
export const ENDPOINT_TYPES: readonly string[] = ENDPOINT_BODY.map((c) => c.name).filter(
  (n) => n !== 'session',
);

/**
 * The definition children of an <endpoint>, in the order Synapse's EndpointFactory.getEndpointFactory looks for them
 * (the first one present is the endpoint's kind; none, with no key or template, is refused).
 */
export const ENDPOINT_DEFINITION_ORDER: readonly string[] = [
  'address',
  'wsdl',
  'default',
  'loadbalance',
  'dynamicLoadbalance',
  'serviceDynamicLoadbalance',
  'failover',
  'recipientlist',
  'http',
  'class',
];
