/**
 * Artifact declarations: one per top-level artifact kind (the root element of a file), with the project folders it
 * lives in and its CAR artifact type. Facts from shared/reference/artifacts.md, car-format.md and unit-tests.md.
 */
import { at, bool, ch, el, en, expr, key, many, mediatorList, req, textEl } from './build';
import { ENDPOINT } from './endpoints';
import type { ArtifactDecl, ChildDecl, ElementDecl } from './types';

const ASPECTS = [
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
const DESCRIPTION = textEl('description', 'A description of the artifact.');
const ON_ERROR = key(
  'onError',
  'sequence',
  'Sequence to run when a mediator here fails (default: the enclosing handler or `fault`).',
  {
    dynamic: false,
  },
);

/** An inline sequence of a resource or proxy target. */
const inlineSeq = (name: string, doc: string) => mediatorList(name, doc, [ON_ERROR]);

// ---------------------------------------------------------------- api

const handlerProperty = el(
  'property',
  'A property of the handler.',
  [req('name', 'string', 'Name.'), at('value', 'string', 'Value.')],
  'any',
);
const HANDLERS = el(
  'handlers',
  'Handlers run around every request and response (e.g. authentication).',
  [],
  [
    many(
      el(
        'handler',
        'A handler class.',
        [req('class', 'class', 'Fully qualified class name.')],
        [many(handlerProperty)],
      ),
    ),
  ],
);

export const RESOURCE = el(
  'resource',
  'A resource of the API: the requests it accepts (methods, uri-template or url-mapping, filters) and the sequences that handle them.',
  [
    at(
      'methods',
      'string',
      'Space-separated HTTP methods (GET POST PUT DELETE OPTIONS HEAD PATCH); none means all.',
    ),
    at(
      'uri-template',
      'uri-template',
      'Path template relative to the API context, e.g. /orders/{id}; captured values become uri.var.* properties.',
    ),
    at('url-mapping', 'url-mapping', 'Servlet-style mapping: exact (/a), prefix (/a/*) or extension (*.x).'),
    // ResourceFactory: http/https as written; an empty protocol is passed over
    en('protocol', ['http', 'https'], 'Only accept requests over this protocol.', { allowEmpty: true }),
    at('content-type', 'string', 'Only accept requests with this content type.'),
    at('user-agent', 'string', 'Only accept requests with this user agent.'),
    key('inSequence', 'sequence', 'Named sequence handling requests (instead of an inline one).', {
      dynamic: false,
    }),
    key('outSequence', 'sequence', 'Named sequence handling responses.', { dynamic: false }),
    key('faultSequence', 'sequence', 'Named sequence handling errors.', { dynamic: false }),
    at('binds-to', 'string', 'Inbound endpoints (subset of the API ones) this resource is bound to.'),
  ],
  [
    ch(inlineSeq('inSequence', 'Mediators handling the request.')),
    ch(inlineSeq('outSequence', 'Mediators handling the response (classic send style).')),
    ch(inlineSeq('faultSequence', 'Mediators run when an error occurs.')),
  ],
  // ResourceFactory.configureURLMappings: a non-empty url-mapping first, then uri-template
  { firstWins: [['url-mapping', 'uri-template']] },
);

export const API = el(
  'api',
  'A REST API: a context path and resources, each handled by its own sequences.',
  [
    req('name', 'name', 'API name.'),
    req(
      'context',
      'context',
      'Context path, starting with / (may contain {version} with version-type context).',
    ),
    at('version', 'string', 'API version; requires version-type.'),
    en(
      'version-type',
      ['url', 'context'],
      'How the version appears in requests: after the context (url) or inside it (context).',
      {
        // VersionStrategyFactory.selectVersionStrategy compares versionType.trim()
        trim: true,
        valueDocs: {
          url: 'Requests look like <context>/<version>/<resource path>.',
          context: 'The context holds a {version} token replaced by the version.',
        },
      },
    ),
    at('version-param', 'string', 'Name of the version parameter.'),
    at('hostname', 'string', 'Only serve requests whose Host header has this host.'),
    // APIFactory passes over an empty port or transports
    at('port', 'integer', 'Only serve requests whose Host header has this port.', { allowEmpty: true }),
    en('transports', ['http', 'https'], 'Only serve requests on this transport.', { allowEmpty: true }),
    key('publishSwagger', 'registry', 'Registry key of the OpenAPI definition served at ?swagger.json.', {
      dynamic: false,
    }),
    // APIFactory reads it only with publishSwagger (Synapse eb98c06e2, March 2025): SchemaValidationUtils checks each
    // request (Resource) and answer (Axis2Sender) against that definition; a failure faults ("Schema validation failed
    // in the Request: ...")
    bool(
      'validateSchema',
      'false',
      'With publishSwagger: validate each request and answer against that OpenAPI definition; a mismatch faults. Not done by the embedded runtime (RT_SIMULATED).',
    ),
    at('binds-to', 'string', 'Comma-separated inbound endpoints the API is bound to.'),
    at('description', 'string', 'Free-text description.'),
    ...ASPECTS,
  ],
  [ch(DESCRIPTION), many(RESOURCE, 1), ch(HANDLERS)],
  { requires: [['version', 'version-type']] },
);

// ---------------------------------------------------------------- proxy

const PROXY_TARGET = el(
  'target',
  'How the proxy handles messages: in/out/fault sequences and the endpoint, given by key or inline.',
  [
    key('inSequence', 'sequence', 'Named sequence for requests.', { dynamic: false }),
    key('outSequence', 'sequence', 'Named sequence for responses.', { dynamic: false }),
    key('faultSequence', 'sequence', 'Named sequence for errors.', { dynamic: false }),
    key('endpoint', 'endpoint', 'Named endpoint requests are sent to.', { dynamic: false }),
  ],
  [
    ch(inlineSeq('inSequence', 'Mediators handling the request.')),
    ch(inlineSeq('outSequence', 'Mediators handling the response.')),
    ch(inlineSeq('faultSequence', 'Mediators run when an error occurs.')),
    ch(ENDPOINT),
  ],
  // a target needs an inSequence or an endpoint (ProxyServiceFactory, SYN106): the snippet starts with an inSequence
  { snippetChild: 'inSequence' },
);

const PUBLISH_WSDL = el(
  'publishWSDL',
  'The WSDL the proxy publishes: from a URI, a key, an endpoint, or inline.',
  [
    at('uri', 'uri', 'Location of the WSDL.'),
    key('key', 'resource', 'Key of the WSDL resource.', { dynamic: false }),
    key('endpoint', 'endpoint', 'Endpoint whose WSDL is published.', { dynamic: false }),
    bool('preservePolicy', 'true', 'Keep the policies of the WSDL.'),
  ],
  [
    many(
      el(
        'resource',
        'Maps an imported schema location to a key.',
        [
          req('location', 'string', 'Location as written.'),
          key('key', 'resource', 'Key of the resource.', { required: true, dynamic: false }),
        ],
        'none',
      ),
    ),
  ],
  // ProxyServiceFactory: endpoint first, then key, then uri (then an inline definition)
  { openContent: true, firstWins: [['endpoint', 'key', 'uri']] },
);

export const PROXY = el(
  'proxy',
  'A proxy service: a SOAP/HTTP/JMS/file service exposed at /services/<name> that mediates messages to a backend.',
  [
    req('name', 'name', 'Service name.'),
    at(
      'transports',
      'string',
      'Transports it listens on (space or comma separated; `all` or none = every enabled one).',
    ),
    bool('startOnLoad', 'true', 'Start the service when it is deployed.'),
    at('pinnedServers', 'string', 'Only run on these server names.'),
    at('serviceGroup', 'string', 'Service group.'),
    ...ASPECTS,
  ],
  [
    ch(DESCRIPTION),
    ch(PROXY_TARGET, 1),
    ch(PUBLISH_WSDL),
    ch(el('enableAddressing', 'Engage WS-Addressing for the service.', [], 'none')),
    ch(el('enableSec', 'Engage WS-Security for the service.', [], 'none')),
    ch(
      el('enableRM', 'Legacy WS-ReliableMessaging.', [], 'none', {
        deprecated: 'Not supported by recent Micro Integrator versions.',
      }),
    ),
    many(
      el(
        'policy',
        'A WS-Policy applied to the service or an operation.',
        [
          key('key', 'resource', 'Key of the policy.', { required: true, dynamic: false }),
          en('type', ['in', 'out'], 'Apply to requests or responses only.'),
          at('operationName', 'string', 'Apply to this operation only.'),
          at('operationNamespace', 'string', 'Namespace of that operation.'),
        ],
        'none',
      ),
    ),
    many(
      el(
        'parameter',
        'A service parameter (transport settings such as transport.jms.* or transport.vfs.*).',
        [
          req('name', 'string', 'Parameter name.'),
          key('key', 'resource', 'Take the value from this key.', { dynamic: false }),
        ],
        'any',
        { text: 'string' },
      ),
    ),
  ],
);

// ---------------------------------------------------------------- sequence

/**
 * The short description of a sequence or sequence template: AbstractMediatorFactory.createMediator (which builds
 * both) reads the `description` attribute into the mediator's short description.
 */
const SHORT_DESCRIPTION = at('description', 'string', 'A short description (shown by graphical editors).');

export const SEQUENCE = el(
  'sequence',
  'A named sequence of mediators, called from APIs, proxies, inbound endpoints, other sequences and tasks.',
  [
    req('name', 'name', 'Sequence name (main and fault are reserved for the global handlers).'),
    ON_ERROR,
    ...ASPECTS,
    SHORT_DESCRIPTION,
  ],
  [ch(DESCRIPTION)],
  { mediators: true },
);

// ---------------------------------------------------------------- endpoint

/** The top-level endpoint artifact: the same element as an inline endpoint, with `name` required. */
export const ENDPOINT_ARTIFACT: ElementDecl = {
  ...ENDPOINT,
  attributes: ENDPOINT.attributes.map((a) => (a.name === 'name' ? { ...a, required: true } : a)),
};

// ---------------------------------------------------------------- local entry

export const LOCAL_ENTRY = el(
  'localEntry',
  'A local entry: a named piece of text, XML or a URL-loaded resource (schemas, stylesheets, scripts, connector connections) that `key` attributes refer to.',
  [
    req('key', 'name', 'Name of the entry.'),
    at('src', 'uri', 'Load the content from this URL at deployment.'),
  ],
  'any',
);

// ---------------------------------------------------------------- templates

const TEMPLATE_PARAMETER = el(
  'parameter',
  'A template parameter; inside the template it is read as $func:name / ${params.functionParams.name} (sequence templates) or $name (endpoint templates).',
  [
    req('name', 'string', 'Parameter name.'),
    bool('isMandatory', 'false', 'The caller must give a value.'),
    at('defaultValue', 'string', 'Value used when the caller gives none.'),
    at('description', 'string', 'What the parameter is for.'),
  ],
  'none',
);

// TemplateMediatorFactory.initParameters adds a parameter without a name too (new TemplateParam(null, ...)); the
// endpoint TemplateFactory refuses one ("parameter name should be present")
const SEQUENCE_TEMPLATE_PARAMETER: ElementDecl = {
  ...TEMPLATE_PARAMETER,
  attributes: TEMPLATE_PARAMETER.attributes.map((a) =>
    a.name === 'name'
      ? {
          ...a,
          missingDeploys:
            'Micro Integrator deploys the template with a parameter of no name, which no caller can set.',
        }
      : a,
  ),
};

const templateAttrs = [req('name', 'name', 'Template name.'), ON_ERROR, ...ASPECTS];
// a sequence template is built by TemplateMediatorFactory through createMediator, which reads the attribute too
const sequenceTemplateAttrs = [...templateAttrs, SHORT_DESCRIPTION];

export const SEQUENCE_TEMPLATE = el(
  'template',
  'A sequence template: a parameterised sequence run with call-template (connector operations are sequence templates too).',
  sequenceTemplateAttrs,
  [
    ch(DESCRIPTION),
    many(SEQUENCE_TEMPLATE_PARAMETER),
    ch(mediatorList('sequence', 'The mediators of the template.', [ON_ERROR]), 1),
  ],
);

export const ENDPOINT_TEMPLATE = el(
  'template',
  'An endpoint template: an endpoint whose attribute values and texts starting with $ are replaced by the parameters of each template endpoint.',
  templateAttrs,
  [ch(DESCRIPTION), many(TEMPLATE_PARAMETER), ch(ENDPOINT, 1)],
);

/** Both template children, for a template whose kind is not decided yet (no sequence or endpoint child). */
export const TEMPLATE_ANY = el(
  'template',
  'A template: a sequence template (with <sequence>) or an endpoint template (with <endpoint>).',
  sequenceTemplateAttrs,
  [
    ch(DESCRIPTION),
    many(TEMPLATE_PARAMETER),
    ch(mediatorList('sequence', 'The mediators of the template.', [ON_ERROR])),
    ch(ENDPOINT),
  ],
);

// ---------------------------------------------------------------- inbound endpoint

// MI's InboundRequestProcessorFactoryImpl: Protocols.valueOf(protocol), as written; anything else is refused when the
// inbound endpoint is deployed (cxf_ws_rm and feed of older ESB releases are gone)
const INBOUND_PROTOCOLS = [
  'http',
  'https',
  'file',
  'jms',
  'kafka',
  'rabbitmq',
  'mqtt',
  'hl7',
  'ws',
  'wss',
  'httpws',
  'httpswss',
  'grpc',
];

export const INBOUND_ENDPOINT = el(
  'inboundEndpoint',
  'An inbound endpoint: listens on a port or polls/consumes a source (file, JMS, Kafka, RabbitMQ, MQTT, ...) and injects each message into a sequence.',
  [
    req('name', 'name', 'Inbound endpoint name.'),
    en('protocol', INBOUND_PROTOCOLS, 'Built-in protocol.', {
      valueDocs: {
        http: 'Listens for HTTP on its own port (inbound.http.port).',
        https: 'Listens for HTTPS on its own port, with its own key store.',
        file: 'Polls a file system folder (VFS: local, FTP, SFTP, SMB).',
        jms: 'Consumes a JMS queue or topic.',
        kafka: 'Legacy Kafka consumer (use the Kafka inbound class in MI 4.x).',
        rabbitmq: 'Consumes a RabbitMQ queue.',
        mqtt: 'Subscribes to an MQTT topic.',
        hl7: 'Listens for HL7 messages over MLLP.',
        ws: 'Listens for WebSocket connections.',
        wss: 'Listens for secure WebSocket connections.',
        httpws: 'HTTP and WebSocket on one port.',
        httpswss: 'HTTPS and secure WebSocket on one port.',
        grpc: 'Listens for gRPC calls.',
      },
    }),
    at('class', 'class', 'Implementation class of a custom or connector-based inbound endpoint.'),
    key('sequence', 'sequence', 'Sequence messages are injected into.', { dynamic: false }),
    key('onError', 'sequence', 'Sequence run when injection fails.', { dynamic: false }),
    bool('suspend', 'false', 'Deploy it suspended.'),
    ...ASPECTS,
  ],
  [
    ch(DESCRIPTION),
    ch(
      el(
        'parameters',
        'Protocol parameters.',
        [],
        [
          many(
            el(
              'parameter',
              'A parameter; the value is the text, or comes from a local entry (key).',
              [
                req('name', 'string', 'Parameter name.'),
                key('key', 'localEntry', 'Take the value from this local entry.', { dynamic: false }),
              ],
              'any',
              { text: 'string' },
            ),
          ),
        ],
      ),
    ),
    ch(HANDLERS),
  ],
  // InboundRequestProcessorFactoryImpl: a protocol first, the class only without one
  { firstWins: [['protocol', 'class']], oneOfRequired: [['protocol', 'class']] },
);

// ---------------------------------------------------------------- task

export const TASK = el(
  'task',
  'A scheduled task: runs a class (usually the message injector) on a simple or cron trigger.',
  [
    req('name', 'name', 'Task name.'),
    // TaskDescriptionFactory only warns without it; StartUpController.createTask then uses the MessageInjector
    at(
      'class',
      'class',
      'Task implementation (default: org.apache.synapse.startup.tasks.MessageInjector, which injects the `message` property).',
    ),
    at('group', 'string', 'Task group (conventionally synapse.simple.quartz).'),
    at(
      'pinnedServers',
      'string',
      'Start the task only on servers of these names (space or comma separated); a pinned task is not coordinated in a cluster.',
    ),
    // SimpleQuartzFactory reads them into the task's AspectConfiguration
    ...ASPECTS,
  ],
  [
    ch(DESCRIPTION),
    ch(
      el(
        'trigger',
        'When the task runs: every `interval` seconds (`count` times, -1 forever), once, or on a cron schedule.',
        [
          at('interval', 'integer', 'Seconds between runs.'),
          at('count', 'integer', 'Number of runs (-1: forever).'),
          bool('once', undefined, 'Run once.'),
          at('cron', 'string', 'Quartz cron expression.'),
        ],
        'none',
        {
          // Synapse TaskDescriptionFactory: once="true" sets count 1 and interval 1 s (a given interval then wins), a
          // cron with an interval above 0 is refused ("both cron and simple trigger attributes are present"), and
          // a count above 1 needs an interval (rules/values.ts checkTrigger); once="false" is no trigger at all
          exclusive: [['cron', 'interval']],
          conditions: [{ when: ['once', 'true'], forbid: ['cron'] }],
        },
      ),
    ),
    many(
      el(
        'property',
        'A static property of the task class (value attribute or inline XML).',
        [req('name', 'string', 'Property name.'), at('value', 'string', 'The value.')],
        'any',
      ),
    ),
  ],
);

// ---------------------------------------------------------------- message store / processor

const STORE_PARAMETER = el(
  'parameter',
  'An implementation parameter; the value is the text, a local entry (key) or an expression.',
  [
    req('name', 'string', 'Parameter name.'),
    key('key', 'localEntry', 'Take the value from this local entry.', { dynamic: false }),
    expr('expression', 'An XPath (e.g. store.resequence.id.path).'),
  ],
  'any',
  { text: 'string' },
);

export const MESSAGE_STORE = el(
  'messageStore',
  'A message store: keeps messages (in memory, JMS, JDBC, RabbitMQ, ...) for a message processor to consume.',
  [req('name', 'name', 'Store name.'), at('class', 'class', 'Implementation class (none: in memory).')],
  [ch(DESCRIPTION), many(STORE_PARAMETER)],
);

export const MESSAGE_PROCESSOR = el(
  'messageProcessor',
  'A message processor: takes messages from a store and forwards them to an endpoint (with retries) or samples them into a sequence.',
  [
    req('name', 'name', 'Processor name.'),
    req('class', 'class', 'Implementation class (scheduled forwarding, failover forwarding or sampling).'),
    key('messageStore', 'messageStore', 'Store the messages come from.', { required: true, dynamic: false }),
    key('targetEndpoint', 'endpoint', 'Endpoint messages are forwarded to.', { dynamic: false }),
    // MessageProcessorFactory reads them since Synapse de15b888f (Dec 2025: processors get their own statistics and
    // tracing spans); older MI ignores them
    ...ASPECTS,
  ],
  [
    ch(DESCRIPTION),
    many(
      el(
        'parameter',
        'A processor parameter (interval, max.delivery.attempts, ...); the value is the text.',
        [req('name', 'string', 'Parameter name.')],
        'text',
        { text: 'string' },
      ),
    ),
  ],
);

// ---------------------------------------------------------------- data service (.dbs)

/**
 * Data services read booleans in any case (True, FALSE...) with Boolean.parseBoolean/valueOf (DataServiceFactory,
 * QueryFactory, OperationFactory, ResourceFactory, ConfigFactory): another value is read as false, not refused.
 */
const dbool = (name: string, def: string | undefined, doc: string) =>
  en(name, ['true', 'false'], doc, {
    caseInsensitive: true,
    lenient: 'reads it as false (Boolean.parseBoolean)',
    ...(def === undefined ? {} : { default: def }),
  });

const dsWithParam = el(
  'with-param',
  'Binds a query parameter.',
  [
    req('name', 'string', 'Query parameter name.'),
    at('query-param', 'string', 'Request parameter supplying it.'),
    at('column', 'string', 'Result column supplying it.'),
    at('param', 'string', 'Parameter supplying it.'),
  ],
  'none',
);
const CALL_QUERY = el(
  'call-query',
  'Runs a query.',
  [req('href', 'string', 'Id of the query.')],
  [many(dsWithParam)],
);

export const DATA_SERVICE = el(
  'data',
  'A data service (.dbs): SQL or other data sources exposed as SOAP operations and REST resources.',
  [
    req('name', 'name', 'Service name.'),
    at('serviceNamespace', 'string', 'Namespace of the service.'),
    at('serviceGroup', 'string', 'Service group.'),
    at('transports', 'string', 'Transports (space separated).'),
    dbool('enableBatchRequests', 'false', 'Generate batch operations.'),
    dbool('enableBoxcarring', 'false', 'Allow boxcarring (several calls in one session).'),
    dbool('disableStreaming', 'false', 'Build whole results before sending.'),
    at('baseURI', 'string', 'Base URI of the result elements.'),
    at('serviceStatus', 'string', 'Service status.'),
    dbool('disableLegacyBoxcarringMode', 'false', 'Disable the legacy boxcarring mode.'),
    at('txManagerJNDIName', 'string', 'JNDI name of the transaction manager.'),
    dbool('enableDTP', 'false', 'Run requests in distributed transactions.'),
    at('description', 'string', 'Free-text description.'),
    key('publishSwagger', 'registry', 'Registry key of an OpenAPI definition to publish.', {
      dynamic: false,
    }),
  ],
  [
    ch(DESCRIPTION),
    many(
      el(
        'config',
        'A data source configuration.',
        [
          at('id', 'string', 'Id used by queries (a lone config may omit it).'),
          dbool('enableOData', 'false', 'Expose as OData.'),
        ],
        [
          many(
            el(
              'property',
              'A data source property; the text is its value.',
              [req('name', 'string', 'Property name.')],
              'any',
              { text: 'string' },
            ),
          ),
        ],
      ),
    ),
    many(
      el(
        'query',
        'A query.',
        [
          req('id', 'string', 'Query id.'),
          at('useConfig', 'string', 'Id of the config used.'),
          dbool('returnGeneratedKeys', 'false', 'Return generated keys.'),
          dbool('returnUpdatedRowCount', 'false', 'Return the updated row count.'),
          at('keyColumns', 'string', 'Generated key columns.'),
          at('input-event-trigger', 'string', 'Event trigger run on the input.'),
          at('output-event-trigger', 'string', 'Event trigger run on the output.'),
          // QueryFactory.extractQueryInputNamespace: the namespace of the query's input (the result's, by default)
          at('inputNamespace', 'string', 'Namespace of the input message elements.'),
        ],
        [
          ch(
            textEl('sql', 'The SQL text (named :param or ? parameters).', 'string', [
              at('dialect', 'string', 'Database dialect this SQL is for.'),
            ]),
          ),
          ch(
            textEl('expression', 'A query expression for non-SQL data sources.', 'string', [
              at('dialect', 'string', 'Dialect.'),
            ]),
          ),
          ch(textEl('sparql', 'A SPARQL query (RDF data sources).')),
          ch(el('properties', 'Query properties (timeouts, fetch size, ...).', [], 'any')),
          many(
            el(
              'param',
              'A query parameter.',
              [
                req('name', 'string', 'Name.'),
                at('sqlType', 'string', 'SQL type (STRING, INTEGER, ...).'),
                // QueryFactory: toUpperCase(), empty is SCALAR
                en('paramType', ['SCALAR', 'ARRAY'], 'Scalar or array.', {
                  default: 'SCALAR',
                  caseInsensitive: true,
                  allowEmpty: true,
                }),
                at('ordinal', 'integer', 'Position.'),
                at('type', 'string', 'IN, OUT or INOUT.'),
                at('defaultValue', 'string', 'Default value.'),
                // QueryFactory: Boolean.parseBoolean; CallQuery.extractParams gives a NULL value the default
                dbool(
                  'forceDefault',
                  'false',
                  'A NULL value given for the parameter takes its default value.',
                ),
                dbool('optional', 'false', 'May be omitted.'),
                at('structType', 'string', 'Database structure type of a user-defined type parameter.'),
              ],
              [],
              { openContent: true },
            ),
          ),
          ch(
            el(
              'result',
              'The result shape: elements built from columns, or a JSON template.',
              [
                at('element', 'string', 'Wrapper element.'),
                at('rowName', 'string', 'Element per row.'),
                at('defaultNamespace', 'string', 'Namespace of the result.'),
                // QueryFactory: xml, rdf or json as written; empty is xml, another value too
                en('outputType', ['xml', 'json', 'rdf'], 'Result format.', {
                  default: 'xml',
                  allowEmpty: true,
                  lenient: 'returns XML (only `json` and `rdf`, in lower case, select another format)',
                }),
                dbool('useColumnNumbers', 'false', 'Refer to columns by number.'),
                dbool('escapeNonPrintableChar', 'false', 'Escape non-printable characters.'),
                at('xsltPath', 'string', 'Stylesheet applied to the result.'),
                at('rdfBaseURI', 'string', 'Base URI of an RDF result.'),
              ],
              'any',
              { text: 'string' },
            ),
          ),
        ],
        { openContent: true },
      ),
    ),
    many(
      el(
        'operation',
        'A SOAP operation.',
        [
          req('name', 'string', 'Operation name.'),
          dbool('disableStreaming', 'false', 'Build the whole result.'),
          dbool('returnRequestStatus', 'false', 'Return the request status.'),
        ],
        [ch(DESCRIPTION), ch(CALL_QUERY)],
      ),
    ),
    many(
      el(
        'resource',
        'A REST resource.',
        [
          req('method', 'string', 'HTTP method.'),
          req('path', 'string', 'Path relative to the service.'),
          dbool('disableStreaming', 'false', 'Build the whole result.'),
          dbool('returnRequestStatus', 'false', 'Return the request status.'),
        ],
        [ch(DESCRIPTION), ch(CALL_QUERY)],
      ),
    ),
    many(
      el(
        'event-trigger',
        'An event trigger.',
        [req('id', 'string', 'Id.'), at('language', 'string', 'Expression language.')],
        'any',
      ),
    ),
    ch(el('policy', 'A security policy.', [at('key', 'string', 'Policy key.')], 'any')),
    ch(el('enableSec', 'Engage security.', [], 'none')),
    ch(
      el(
        'authorization_provider',
        'Role provider for content filtering.',
        [at('class', 'class', 'Provider class.')],
        'any',
      ),
    ),
  ],
);

// ---------------------------------------------------------------- unit tests and mock services

const TEST_PROPERTY = el(
  'property',
  'A property set on the test request.',
  [
    req('name', 'string', 'Name.'),
    en('scope', ['default', 'axis2', 'transport'], 'Scope.', { default: 'default' }),
    at('value', 'string', 'Value.'),
  ],
  'none',
);
const assertion = (name: string, doc: string) =>
  el(
    name,
    doc,
    [],
    [
      ch(
        textEl(
          'actual',
          'What is checked: $body, $ctx:prop, $axis2:prop, $trp:header, $statusCode, $httpVersion or ${...}.',
          'string',
        ),
        1,
      ),
      ch(el('expected', 'The expected value.', [], 'any', { text: 'string' })),
      ch(textEl('message', 'Message shown when the assertion fails.')),
    ],
  );

export const UNIT_TEST = el(
  'unit-test',
  'A unit-test suite: the artifact under test, its supporting artifacts and resources, test cases with inputs and assertions, and mock services.',
  [],
  [
    ch(
      el(
        'artifacts',
        'The artifacts deployed for the test.',
        [],
        [
          ch(
            el(
              'test-artifact',
              'The artifact under test.',
              [],
              [ch(textEl('artifact', 'Project-relative path of the artifact.'), 1)],
            ),
            1,
          ),
          ch(
            el(
              'supportive-artifacts',
              'Other artifacts the test needs.',
              [],
              [many(textEl('artifact', 'Project-relative path of an artifact.'))],
            ),
          ),
          ch(el('registry-resources', 'Registry resources the test needs.', [], 'any')),
          ch(el('connector-resources', 'Connector archives the test needs.', [], 'any')),
        ],
      ),
      1,
    ),
    ch(
      el(
        'test-cases',
        'The test cases.',
        [],
        [
          many(
            el(
              'test-case',
              'One test case.',
              [req('name', 'string', 'Test case name.')],
              [
                ch(
                  el(
                    'input',
                    'The request sent to the artifact.',
                    [],
                    [
                      ch(textEl('request-path', 'Path after the API context.')),
                      ch(
                        textEl(
                          'request-method',
                          'HTTP method (GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD).',
                        ),
                      ),
                      ch(textEl('request-protocol', 'http or https.')),
                      ch(el('payload', 'Request payload.', [], 'any', { text: 'string' })),
                      ch(el('properties', 'Properties set on the request.', [], [many(TEST_PROPERTY)])),
                    ],
                  ),
                ),
                ch(
                  el(
                    'assertions',
                    'Checks on the result.',
                    [],
                    [
                      many(assertion('assertEquals', 'Checks that a value equals the expected one.')),
                      many(assertion('assertNotNull', 'Checks that a value is present.')),
                    ],
                  ),
                ),
              ],
            ),
          ),
        ],
      ),
    ),
    ch(el('mock-services', 'Mock services replacing endpoints during the test.', [], 'any')),
  ],
);

export const MOCK_SERVICE = el(
  'mock-service',
  'A mock service for unit tests: replaces the endpoint of the same name with canned responses.',
  [],
  [
    ch(textEl('service-name', 'Name of the endpoint it replaces.'), 1),
    ch(textEl('port', 'Port it listens on.'), 1),
    ch(textEl('context', 'Context path.'), 1),
    ch(
      el(
        'resources',
        'Its resources.',
        [],
        [
          many(
            el(
              'resource',
              'One canned exchange.',
              [],
              [
                ch(textEl('sub-context', 'Path after the context.')),
                ch(textEl('method', 'HTTP method.')),
                ch(
                  el(
                    'request',
                    'Optional request matching.',
                    [],
                    [
                      ch(el('payload', 'Expected payload.', [], 'any', { text: 'string' })),
                      ch(
                        el(
                          'headers',
                          'Expected headers.',
                          [],
                          [
                            many(
                              el(
                                'header',
                                'A header.',
                                [req('name', 'string', 'Name.'), at('value', 'string', 'Value.')],
                                'none',
                              ),
                            ),
                          ],
                        ),
                      ),
                    ],
                  ),
                ),
                ch(
                  el(
                    'response',
                    'The canned response.',
                    [],
                    [
                      ch(textEl('status-code', 'HTTP status code.')),
                      ch(el('payload', 'Response payload.', [], 'any', { text: 'string' })),
                      ch(
                        el(
                          'headers',
                          'Response headers.',
                          [],
                          [
                            many(
                              el(
                                'header',
                                'A header.',
                                [req('name', 'string', 'Name.'), at('value', 'string', 'Value.')],
                                'none',
                              ),
                            ),
                          ],
                        ),
                      ),
                    ],
                  ),
                ),
              ],
            ),
            1,
          ),
        ],
      ),
    ),
  ],
);

// ---------------------------------------------------------------- the artifact table

export const ARTIFACTS: readonly ArtifactDecl[] = Object.freeze([
  { kind: 'api', root: 'api', folders: ['apis', 'api'], carType: 'synapse/api', element: API, doc: API.doc },
  {
    kind: 'proxy',
    root: 'proxy',
    folders: ['proxy-services'],
    carType: 'synapse/proxy-service',
    element: PROXY,
    doc: PROXY.doc,
  },
  {
    kind: 'sequence',
    root: 'sequence',
    folders: ['sequences'],
    carType: 'synapse/sequence',
    element: SEQUENCE,
    doc: SEQUENCE.doc,
  },
  {
    kind: 'endpoint',
    root: 'endpoint',
    folders: ['endpoints'],
    carType: 'synapse/endpoint',
    element: ENDPOINT_ARTIFACT,
    doc: ENDPOINT_ARTIFACT.doc,
  },
  {
    kind: 'localEntry',
    root: 'localEntry',
    folders: ['local-entries'],
    carType: 'synapse/local-entry',
    element: LOCAL_ENTRY,
    doc: LOCAL_ENTRY.doc,
  },
  {
    kind: 'sequenceTemplate',
    root: 'template',
    folders: ['templates'],
    carType: 'synapse/template',
    element: SEQUENCE_TEMPLATE,
    doc: SEQUENCE_TEMPLATE.doc,
  },
  {
    kind: 'endpointTemplate',
    root: 'template',
    folders: ['templates'],
    carType: 'synapse/template',
    element: ENDPOINT_TEMPLATE,
    doc: ENDPOINT_TEMPLATE.doc,
  },
  {
    kind: 'inboundEndpoint',
    root: 'inboundEndpoint',
    folders: ['inbound-endpoints'],
    carType: 'synapse/inbound-endpoint',
    element: INBOUND_ENDPOINT,
    doc: INBOUND_ENDPOINT.doc,
  },
  { kind: 'task', root: 'task', folders: ['tasks'], carType: 'synapse/task', element: TASK, doc: TASK.doc },
  {
    kind: 'messageStore',
    root: 'messageStore',
    folders: ['message-stores'],
    carType: 'synapse/message-store',
    element: MESSAGE_STORE,
    doc: MESSAGE_STORE.doc,
  },
  {
    kind: 'messageProcessor',
    root: 'messageProcessor',
    folders: ['message-processors'],
    carType: 'synapse/message-processors',
    element: MESSAGE_PROCESSOR,
    doc: MESSAGE_PROCESSOR.doc,
  },
  {
    kind: 'dataService',
    root: 'data',
    folders: ['data-services', 'dataservice'],
    carType: 'service/dataservice',
    element: DATA_SERVICE,
    doc: DATA_SERVICE.doc,
  },
  { kind: 'unitTest', root: 'unit-test', folders: [], carType: '', element: UNIT_TEST, doc: UNIT_TEST.doc },
  {
    kind: 'mockService',
    root: 'mock-service',
    folders: ['mock-services'],
    carType: '',
    element: MOCK_SERVICE,
    doc: MOCK_SERVICE.doc,
  },
]);

// ---------------------------------------------------------------- synapse.xml <definitions> and other top-level elements

export const IMPORT = el(
  'import',
  'Imports a connector so its operations can be used (generated by the tooling).',
  [
    req('name', 'string', 'Connector name.'),
    req('package', 'string', 'Connector package, e.g. org.wso2.carbon.connector.'),
    en('status', ['enabled', 'disabled'], 'Whether the connector is enabled.', { default: 'enabled' }),
  ],
  'none',
);

export const REGISTRY = el(
  'registry',
  'The registry provider of a whole configuration.',
  [at('provider', 'class', 'Registry implementation class.')],
  [
    many(
      el(
        'parameter',
        'A registry parameter; the text is its value.',
        [req('name', 'string', 'Name.')],
        'text',
        { text: 'string' },
      ),
    ),
  ],
);

export const PRIORITY_EXECUTOR = el(
  'priorityExecutor',
  'A priority executor used by the enqueue mediator: queues by priority and a thread pool.',
  [req('name', 'name', 'Executor name.'), at('class', 'class', 'Custom executor class.')],
  [
    ch(
      el(
        'queues',
        'The queues, one per priority.',
        [
          bool('isFixedCapacity', 'true', 'Whether the queues have a fixed size.'),
          at('nextQueue', 'class', 'Class choosing the next queue.'),
        ],
        [
          many(
            el(
              'queue',
              'A queue for one priority.',
              [
                req('priority', 'integer', 'Priority served by this queue.'),
                at('size', 'integer', 'Capacity of the queue.'),
              ],
              'none',
            ),
            1,
          ),
        ],
      ),
      1,
    ),
    ch(
      el(
        'threads',
        'The worker thread pool.',
        [
          at('max', 'integer', 'Maximum threads.'),
          at('core', 'integer', 'Core threads.'),
          at('keep-alive', 'integer', 'Seconds an idle extra thread lives.'),
        ],
        'none',
      ),
    ),
  ],
);

export const EVENT_SOURCE = el(
  'eventSource',
  'An event source (WS-Eventing): subscribers receive the messages published to it.',
  [req('name', 'name', 'Name.')],
  'any',
);

/**
 * Top-level configuration elements that are no project artifact kind but have their own files in a Synapse
 * configuration folder (imports/, registry.xml, priority-executors/, event-sources/).
 */
export const OTHER_ROOTS: readonly ElementDecl[] = Object.freeze([
  IMPORT,
  REGISTRY,
  PRIORITY_EXECUTOR,
  EVENT_SOURCE,
]);

const DEFINITIONS_CHILDREN: ChildDecl[] = [
  ch(DESCRIPTION),
  ch(REGISTRY),
  ch(el('taskManager', 'Task manager settings.', [at('provider', 'class', 'Provider class.')], 'any')),
  many(IMPORT),
  many(LOCAL_ENTRY),
  many(ENDPOINT_ARTIFACT),
  many(SEQUENCE),
  many(TEMPLATE_ANY),
  many(PROXY),
  many(API),
  many(INBOUND_ENDPOINT),
  many(TASK),
  many(MESSAGE_STORE),
  many(MESSAGE_PROCESSOR),
  many(EVENT_SOURCE),
  many(el('executor', 'A priority executor (older element name).', [req('name', 'name', 'Name.')], 'any')),
  many(PRIORITY_EXECUTOR),
];

/** `<definitions>`: a whole Synapse configuration in one file (synapse.xml). */
export const DEFINITIONS = el(
  'definitions',
  'A whole Synapse configuration in one file (synapse.xml): any number of artifacts.',
  [],
  DEFINITIONS_CHILDREN,
  {
    mediators: true,
  },
);
