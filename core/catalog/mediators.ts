/**
 * One declaration per mediator. Facts come from the reference notes (shared/reference/mediators.md); the
 * documentation text is ours.
 */
import {
  at,
  bool,
  ch,
  el,
  en,
  expr,
  key,
  many,
  med,
  mediatorList,
  nameValueProperty,
  req,
  textEl,
} from './build';
import { ENDPOINT } from './endpoints';
import type { ChildDecl, ElementDecl, MediatorDecl } from './types';

const ON_ERROR = key('onError', 'sequence', 'Sequence to run when a mediator of this sequence fails.', {
  dynamic: false,
});

/** An anonymous sequence holding mediators (then, case, target/sequence, ...). */
function anonSeq(name: string, doc: string, extra: Parameters<typeof mediatorList>[2] = []): ElementDecl {
  return mediatorList(name, doc, [...extra, ON_ERROR]);
}

// ============================================================ core

const logProperty = el(
  'property',
  'A name = value entry printed by the log mediator; the value is literal or computed by an expression.',
  [
    req('name', 'string', 'Label printed before the value.', {
      nonEmpty: 'this log property ("Entry name is a required attribute for a Log property")',
      nonBlank: true,
    }),
    at('value', 'string', 'Literal value.', {
      // MediatorPropertyFactory (for a mediator other than a class mediator)
      nonEmpty: 'this log property ("Entry attribute value (if specified) is required for a Log property")',
      nonBlank: true,
    }),
    expr('expression', 'Expression computing the value.'),
    en(
      'scope',
      ['default', 'transport', 'axis2', 'axis2-client'],
      'Accepted for mediator properties in general; no effect on what is logged.',
    ),
  ],
  'any',
  {
    firstWins: [['value', 'expression']],
    oneOfRequired: [['value', 'expression']],
    oneOfRequiredUnless: { content: true },
  },
);

export const LOG = med(
  'log',
  'core',
  true,
  'Writes a line to the server log: a message template with inline ${...} expressions (MI 4.4), selected message details (level), and name = value properties. Use it to trace a flow or record values while developing and in production.',
  [
    en(
      'level',
      ['simple', 'headers', 'full', 'custom'],
      'What to print: simple (addressing headers), headers (all SOAP headers), full (simple plus the payload) or custom (only the properties). Default simple when no <message> is given.',
      {
        default: 'simple',
        // LogMediatorFactory: with logFullPayload parsing as true the level is not read (full)
        unreadWith: ['logFullPayload', 'true'],
        valueDocs: {
          simple: 'To, From, WSAction, SOAPAction, ReplyTo, MessageID and direction, then the properties.',
          headers: 'Every SOAP header, then the properties.',
          full: 'As simple, plus the whole payload (reads the message body).',
          custom: 'Only the <property> entries (and the message).',
        },
      },
    ),
    en('category', ['INFO', 'TRACE', 'DEBUG', 'WARN', 'ERROR', 'FATAL'], 'Log level of the line.', {
      default: 'INFO',
      // LogMediatorFactory: trim().toUpperCase(), anything else refused
      caseInsensitive: true,
      trim: true,
      valueDocs: {
        INFO: 'Normal information (default).',
        TRACE: 'Finest detail; usually hidden.',
        DEBUG: 'Detail for debugging; hidden unless the logger is set to DEBUG.',
        WARN: 'Something unexpected that the flow handles.',
        ERROR: 'A failure.',
        FATAL: 'A failure that stops the service.',
      },
    }),
    at('separator', 'string', 'Text placed between the printed entries.', { default: ', ' }),
    bool('logMessageID', 'false', 'Prefix the line with the message id and correlation id.', {
      since: '4.4.0',
    }),
    bool('logFullPayload', 'false', 'Print the whole payload in addition to the message.', {
      since: '4.4.0',
    }),
  ],
  [
    ch(textEl('message', 'The text to log; ${...} expressions inside are evaluated.', 'template'), 0, 1),
    many(logProperty),
  ],
  { contentAwareByConfig: true },
);
(LOG.content as ChildDecl[])[0].element.since = '4.4.0';

/** The scopes a property (and property-group entry) can name, as the editor offers them. */
export const PROPERTY_SCOPES: readonly string[] = [
  'default',
  'transport',
  'axis2',
  'axis2-client',
  'operation',
  'registry',
  'system',
  'trace',
  'analytics',
];
/** The property mediator's types (XMLConfigConstants.DATA_TYPES), as written. */
export const PROPERTY_TYPES: readonly string[] = [
  'STRING',
  'INTEGER',
  'BOOLEAN',
  'DOUBLE',
  'FLOAT',
  'LONG',
  'SHORT',
  'OM',
  'JSON',
];
/** The variable mediator's types in MI 4.4.0 (v2 Utils VARIABLE_DATA_TYPES), as written. */
export const VARIABLE_TYPES: readonly string[] = [
  'STRING',
  'BOOLEAN',
  'INTEGER',
  'LONG',
  'DOUBLE',
  'JSON',
  'XML',
];

const SCOPE_DOCS: Record<string, string> = {
  default: "The mediation context (read with get-property('name') or $ctx:name).",
  transport: 'Transport headers: HTTP headers of the request or response.',
  axis2:
    'The Axis2 message context: transport and formatter settings such as messageType, HTTP_SC, REST_URL_POSTFIX.',
  'axis2-client': 'Options of the Axis2 client used for outgoing calls.',
  operation: 'The operation context: kept for the response path and the fault handler.',
  registry: 'Writes a registry resource or property (name is the registry path).',
  system: 'A Java system property of the server.',
  trace: 'A value recorded in the message trace.',
  analytics: 'A value published with the analytics data.',
};
const TYPE_DOCS: Record<string, string> = {
  STRING: 'Text (default).',
  INTEGER: 'A 32-bit integer.',
  BOOLEAN: 'true only when the text is true.',
  DOUBLE: 'A double-precision number.',
  FLOAT: 'A single-precision number.',
  LONG: 'A 64-bit integer.',
  SHORT: 'A 16-bit integer.',
  OM: 'XML: the text is parsed as an XML element.',
  JSON: 'JSON: the text is parsed as a JSON value.',
};

export const PROPERTY = med(
  'property',
  'core',
  false,
  'Sets or removes a property of the message in a scope: default (the mediation context), transport (HTTP headers), axis2 (transport and formatter settings such as messageType or HTTP_SC), operation, registry or system. Use it to remember values, steer the transport, or change headers.',
  [
    req('name', 'string', 'Property name; may be dynamic as {expression}.', {
      dynamic: true,
      nonEmpty:
        'the property mediator ("The \'name\' attribute is required for the configuration of a property mediator")',
    }),
    // PropertyMediatorFactory: only "remove" as written removes; any other action sets
    en('action', ['set', 'remove'], 'Set the property (default) or remove it.', {
      default: 'set',
      lenient: 'sets the property, which then needs a value (only `remove`, in lower case, removes it)',
    }),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing the value.'),
    // PropertyMediator.convertValue: DATA_TYPES.valueOf(type), at deploy for a value, per message for an expression
    en('type', [...PROPERTY_TYPES], 'Type the value is converted to (OM parses XML, JSON parses JSON).', {
      default: 'STRING',
      valueDocs: TYPE_DOCS,
      lenient: 'fails every message that reaches it (the type is read when the expression is converted)',
      strictWith: ['value'],
    }),
    en('scope', [...PROPERTY_SCOPES], 'Where the property lives.', {
      default: 'default',
      valueDocs: SCOPE_DOCS,
    }),
    at('pattern', 'regex', 'A regular expression applied to the string result.'),
    at('group', 'integer', 'Capture group of `pattern` to keep.'),
    at('metadata', 'string', 'Tooling metadata; no effect on mediation.'),
  ],
  'any',
  {
    firstWins: [['value', 'expression']],
    oneOfRequired: [['value', 'expression']],
    oneOfRequiredUnless: { attribute: ['action', 'remove'], content: true },
    requires: [['group', 'pattern']],
    contentAwareByConfig: true,
  },
);

export const PROPERTY_GROUP = med(
  'propertyGroup',
  'core',
  false,
  'Runs a group of property mediators in order; a tidy way to set many properties at once.',
  [],
  // PropertyGroupMediatorFactory iterates the <property> children: none deploys (and does nothing)
  [many(PROPERTY)],
  { contentAwareByConfig: true },
);

export const VARIABLE = med(
  'variable',
  'core',
  false,
  'Sets or removes a variable (MI 4.4): a typed value kept with the message, separate from properties, read back as ${vars.name}. Prefer variables to properties for values the flow computes.',
  [
    req('name', 'string', 'Variable name.'),
    // VariableMediatorFactory: only "remove" as written removes; any other action sets
    en('action', ['set', 'remove'], 'Set (default) or remove.', {
      default: 'set',
      lenient: 'sets the variable, which then needs a value (only `remove`, in lower case, removes it)',
    }),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing the value.'),
    // v2 Utils.convertValue: VARIABLE_DATA_TYPES.valueOf(type) (STRING BOOLEAN INTEGER LONG DOUBLE JSON XML since
    // MI 4.4.0; no OM), at deploy for a value, per message for an expression
    en('type', [...VARIABLE_TYPES], 'Type of the value.', {
      default: 'STRING',
      // OM was a variable type of the MI 4.4 previews (Synapse before 0c9766202, Jan 2025; MI's own tests of Dec 2024
      // use it): flagged, not refused, so those configurations still load here
      deprecatedValues: {
        OM: 'MI 4.4.0 has no OM variable type (its types end with JSON and XML): write XML; MI 4.4.0 refuses OM with a value and fails it with an expression',
      },
      lenient: 'fails every message that reaches it (the type is read when the expression is evaluated)',
      strictWith: ['value'],
    }),
  ],
  'none',
  {
    since: '4.4.0',
    firstWins: [['value', 'expression']],
    oneOfRequired: [['value', 'expression']],
    oneOfRequiredUnless: { attribute: ['action', 'remove'] },
    contentAwareByConfig: true,
  },
);

export const HEADER = med(
  'header',
  'core',
  false,
  'Sets or removes a header: an HTTP header (scope transport) or a SOAP header (default scope; the name is a prefixed QName or a WS-Addressing name such as To or Action). The header XML may also be written inline.',
  [
    at('name', 'qname', 'Header name: prefix:local for SOAP headers, a plain name for transport headers.'),
    // HeaderMediatorFactory: only "remove" as written removes; any other action sets
    en('action', ['set', 'remove'], 'Set (default) or remove.', {
      default: 'set',
      lenient: 'sets the header, which then needs a value (only `remove`, in lower case, removes it)',
    }),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing the value.'),
    en('scope', ['default', 'transport'], 'SOAP header (default) or HTTP header (transport).', {
      default: 'default',
      valueDocs: {
        default: 'A SOAP header (or a WS-Addressing header such as To or Action).',
        transport: 'An HTTP (transport) header.',
      },
    }),
    at(
      'type',
      'string',
      'How a SOAP header value is added: OM reads the value (e.g. an OM property) as XML and puts that element inside the header block; anything else adds it as text.',
    ),
  ],
  'any',
  {
    firstWins: [['value', 'expression']],
    oneOfRequired: [['value', 'expression']],
    oneOfRequiredUnless: { attribute: ['action', 'remove'], content: true },
    contentAwareByConfig: true,
  },
);

export const DROP = med(
  'drop',
  'core',
  false,
  'Stops processing the current message. In a request flow no response is sent unless FORCE_SC_ACCEPTED was set (then the client gets 202).',
  [],
  'none',
  { terminal: true },
);

export const RESPOND = med(
  'respond',
  'core',
  false,
  'Sends the current message back to the client as the response and ends the flow. The usual last step of an API resource.',
  [],
  'none',
  { terminal: true },
);

export const LOOPBACK = med(
  'loopback',
  'core',
  false,
  'Moves the message from the request flow to the response flow (the outSequence) without calling a backend; mediators after it do not run.',
  [],
  'none',
  { terminal: true },
);

const SEQUENCE_KEY_ATTR = key('key', 'sequence', 'Name of the sequence to run.', { required: true });
const SEQUENCE_NAME_ATTR = req('name', 'string', 'Name of this inline sequence.');

/** `<sequence key>`: runs a named sequence. */
const SEQUENCE_BY_KEY = med(
  'sequence',
  'core',
  false,
  'Runs a named sequence, then continues with the next mediator. The key may be computed per message as {expression}.',
  [SEQUENCE_KEY_ATTR],
  'none',
  { contentAwareByConfig: true },
);

/** `<sequence name>` in a mediator list: an inline sequence with its own mediators (Synapse's SequenceMediatorFactory). */
const SEQUENCE_INLINE = med(
  'sequence',
  'core',
  false,
  'An inline sequence: runs its own mediators, then continues with the next mediator.',
  [SEQUENCE_NAME_ATTR, ON_ERROR],
  'mediators',
  { contentAwareByConfig: true },
);

export const SEQUENCE_REF = med(
  'sequence',
  'core',
  false,
  'Runs a named sequence, then continues with the next mediator. The key may be computed per message as {expression}. With a name instead of a key, it is an inline sequence of its own mediators.',
  [{ ...SEQUENCE_KEY_ATTR, required: false }, { ...SEQUENCE_NAME_ATTR, required: false }, ON_ERROR],
  'none',
  {
    contentAwareByConfig: true,
    // SequenceMediatorFactory: a name (an inline sequence) or a key (a reference) is required
    oneOfRequired: [['key', 'name']],
    variants: [
      { label: 'reference', whenAttributes: ['key'], decl: SEQUENCE_BY_KEY },
      { label: 'inline', whenAttributes: ['name'], decl: SEQUENCE_INLINE },
    ],
  },
);

const callSource = el(
  'source',
  'What is sent: the body (default), an expression result (custom), a property, or inline content.',
  [
    en('type', ['body', 'custom', 'property', 'inline'], 'Kind of source.', {
      default: 'body',
      // CallMediatorFactory.populateSource reads only custom, property and inline (as written); any other type
      // deploys and the call sends the body
      lenient: 'sends the message body, as for body',
      valueDocs: {
        body: 'The message body.',
        custom: 'The result of the expression written inside <source>.',
        property: 'The property named inside <source>.',
        inline: 'The content written inside <source>.',
      },
    }),
    at('contentType', 'string', 'Content type of the sent payload, e.g. application/json.'),
  ],
  'any',
  // custom: an expression; property: a property name; inline: the payload itself (may hold ${...})
  { text: 'template' },
);

const callTarget = el(
  'target',
  'Where the response goes: the body (default), a property, or a variable (the text is its name).',
  [
    en('type', ['body', 'property', 'variable'], 'Kind of target.', {
      default: 'body',
      // CallMediatorFactory.populateTarget takes every enrich type (MediatorEnrichUtil.convertTypeToInt) and refuses
      // others; envelope, custom and inline leave the target unavailable: the response replaces the body
      deprecatedValues: {
        envelope: 'MI deploys it and the response replaces the body, as for body: write body',
        custom: 'MI deploys it and the response replaces the body, as for body: write body',
        inline: 'MI deploys it and the response replaces the body, as for body: write body',
      },
      valueDocs: {
        body: 'Replace the message body with the response.',
        property: 'Store the response in the property named inside <target>.',
        variable: 'Store the response in the variable named inside <target>.',
      },
    }),
  ],
  'text',
  { text: 'string' },
);

export const CALL = med(
  'call',
  'core',
  false,
  'Sends the message to an endpoint and continues in the same sequence with the response (non-blocking by default). Without an endpoint the To header is used. The modern way to call a backend.',
  [
    bool('blocking', 'false', 'Wait for the response in the calling thread (for transports that need it).'),
    bool('initAxis2ClientOptions', 'true', 'Blocking calls: initialise the client options from the message.'),
    at('axis2xml', 'string', 'Blocking calls: path of an axis2.xml for the client.'),
    at('repository', 'string', 'Blocking calls: path of an Axis2 repository for the client.'),
  ],
  [ch(ENDPOINT), ch(callSource), ch(callTarget)],
  { contentAwareByConfig: true },
);

export const SEND = med(
  'send',
  'core',
  false,
  'Sends the message to an endpoint (or to its To address) and ends the current flow: mediators after it do not run. The response goes to the `receive` sequence or the outSequence (in an outSequence, a bare <send/> returns the response to the client). Classic style: prefer call + respond in new flows.',
  [
    key('receive', 'sequence', 'Sequence that receives the response.'),
    bool('buildmessage', 'false', 'Build the message before sending.'),
  ],
  [ch(ENDPOINT)],
  // SendMediator.mediate returns false: the rest of the list is never run.
  { terminal: true },
);

export const CALLOUT = med(
  'callout',
  'core',
  true,
  'Makes a blocking SOAP call with part of the message and puts the response back into the message or a property.',
  [
    at('serviceURL', 'uri', 'Address of the service.'),
    key('endpointKey', 'endpoint', 'Named endpoint to call instead of serviceURL.', { dynamic: false }),
    at('action', 'string', 'SOAP action.'),
    bool('initAxis2ClientOptions', 'true', 'Initialise the client options from the message.'),
    at('useServerConfig', 'string', 'Use the server Axis2 configuration.'),
  ],
  [
    ch(
      el(
        'configuration',
        'Axis2 client configuration.',
        [
          at('axis2xml', 'string', 'Path of axis2.xml.'),
          at('repository', 'string', 'Path of an Axis2 repository.'),
        ],
        'none',
      ),
    ),
    ch(
      el(
        'source',
        'The part of the message sent: an XPath, a property (key), or the whole envelope.',
        [
          // CalloutMediatorFactory: SynapseXPathFactory.getSynapseXPath (XPath only: no ${...}, no json-eval)
          at('xpath', 'xpath', 'Selects the node to send (XPath).'),
          at('key', 'string', 'Property holding the request.'),
          // CalloutMediatorFactory compares with "envelope" only: another type is passed over (xpath, then key, is read)
          en('type', ['envelope'], 'Send the whole envelope.', {
            lenient: 'passes over it and reads xpath, then key (only `envelope` is read)',
          }),
        ],
        'none',
        // CalloutMediatorFactory: type="envelope" first, then xpath, then key, else refused (a type other than
        // envelope alone: checkMediator)
        { firstWins: [['xpath', 'key']], oneOfRequired: [['xpath', 'key', 'type']] },
      ),
    ),
    ch(
      el(
        'target',
        'Where the response goes: replaces the node selected by an XPath, or a property (key).',
        [
          at('xpath', 'xpath', 'Node replaced by the response (XPath).'),
          at('key', 'string', 'Property receiving the response.'),
        ],
        'none',
        // CalloutMediatorFactory: xpath, then key; with neither it is refused
        { firstWins: [['xpath', 'key']], oneOfRequired: [['xpath', 'key']] },
      ),
    ),
    ch(
      el(
        'enableSec',
        'Applies WS-Security policies to the call.',
        [
          key('policy', 'resource', 'Policy for both directions.'),
          key('outboundPolicy', 'resource', 'Policy for the request.'),
          key('inboundPolicy', 'resource', 'Policy for the response.'),
        ],
        'none',
      ),
    ),
    ch(ENDPOINT),
  ],
  { firstWins: [['serviceURL', 'endpointKey']] }, // CalloutMediatorFactory: serviceURL, then endpointKey
);

export const STORE = med(
  'store',
  'core',
  true,
  'Puts the message into a message store, typically for a message processor to forward later (guaranteed delivery).',
  [
    key('messageStore', 'messageStore', 'Name of the message store; may be dynamic.', { required: true }),
    key('sequence', 'sequence', 'Sequence to run on the message before it is stored.', { dynamic: false }),
    // MessageStoreMediatorFactory reads it (setName): a label only
    at('name', 'string', 'A name for this store mediator (a label; no effect on where the message goes).'),
  ],
  'none',
);

/** MediatorPropertyFactory (for a mediator other than a class mediator) refuses a property with value="". */
function nonEmptyValue(decl: ElementDecl): ElementDecl {
  return {
    ...decl,
    attributes: decl.attributes.map((a) =>
      a.name === 'value'
        ? {
            ...a,
            nonEmpty: 'this property ("Entry attribute value (if specified) is required for a Log property")',
            nonBlank: true,
          }
        : a,
    ),
  };
}

export const WITH_PARAM = el(
  'with-param',
  'A value for a template parameter: literal, {expression} evaluated in the caller, or {{...}} for a literal in braces.',
  [
    req('name', 'string', 'Parameter name.', {
      // InvokeMediatorFactory.buildParameters: a with-param without a name is passed over (an empty one is refused)
      missingDeploys: 'Micro Integrator passes over this <with-param> (the template gets no value from it).',
      nonEmpty: 'the call-template ("Call template mediator parameters should have non empty name.")',
    }),
    at('value', 'string', 'The value.', { dynamic: true }),
  ],
  'any',
);

export const CALL_TEMPLATE = med(
  'call-template',
  'core',
  false,
  'Runs a sequence template with parameter values; inside the template they are read as $func:name or ${params.functionParams.name}.',
  [
    key('target', 'sequenceTemplate', 'Name of the sequence template.', {
      required: true,
      dynamic: false,
      nonEmpty: 'the call-template ("EIP Invoke mediator should have a non empty target name specified.")',
    }),
    key('onError', 'sequence', 'Sequence to run when the template fails.', { dynamic: false }),
  ],
  [many(WITH_PARAM)],
  { contentAwareByConfig: true },
);

export const VALIDATE = med(
  'validate',
  'core',
  true,
  'Validates the payload (or part of it) against an XML schema or a JSON schema; on failure runs the on-fail mediators with ERROR_MESSAGE set.',
  [
    expr(
      'source',
      'Selects what is validated (default: the first child of the SOAP body / the JSON payload).',
    ),
    bool('cache-schema', 'true', 'Keep the compiled schema between messages.'),
    // ValidateMediatorFactory (Synapse ea0cfbfc4, 2026): Boolean.parseBoolean; ValidateMediator then takes the JSON
    // schema path even when the payload is not JSON
    bool(
      'json-source',
      'false',
      'Validate the source as JSON against a JSON schema even when the payload is not JSON (e.g. a source reading a JSON variable); without it the payload type decides.',
    ),
  ],
  [
    many(
      el(
        'schema',
        'A schema to validate against.',
        [key('key', 'resource', 'Key of the schema (local entry or registry).', { required: true })],
        'none',
      ),
      1,
    ),
    many(
      el(
        'feature',
        'A feature of the XML schema validator.',
        [req('name', 'string', 'Feature URI.'), bool('value', undefined, 'On or off.', { required: true })],
        'none',
      ),
    ),
    many(nameValueProperty('A property of the XML schema validator.', false)),
    many(
      el(
        'resource',
        'Maps an imported schema location to a key.',
        [
          req('location', 'string', 'The location as written in the import.'),
          key('key', 'resource', 'Key of the resource to use.', { required: true, dynamic: false }),
        ],
        'none',
      ),
    ),
    ch(
      mediatorList('on-fail', 'Mediators run when validation fails (ERROR_MESSAGE holds the reason).', [], {
        nonEmpty: true,
      }),
      1,
    ),
  ],
);

export const THROW_ERROR = med(
  'throwError',
  'core',
  false,
  'Raises an error that runs the enclosing fault handler (MI 4.4); ERROR_CODE and ERROR_MESSAGE are set for it.',
  [
    at('type', 'string', 'Error type (free text).', { default: 'ANY' }),
    at('errorMessage', 'string', 'The error message; may be dynamic as {expression}.', { dynamic: true }),
  ],
  'none',
  { since: '4.4.0', terminal: true, contentAwareByConfig: true },
);

// ============================================================ flow

export const FILTER = med(
  'filter',
  'flow',
  false,
  'Chooses between two branches: `then` when the condition holds, `else` otherwise. The condition is a boolean expression (xpath) or a regular expression that must fully match the string value of `source`.',
  [
    expr('xpath', 'A boolean expression.'),
    expr('source', 'Expression whose string value is matched against `regex`.'),
    at('regex', 'regex', 'Regular expression that the whole source value must match.'),
  ],
  [
    ch(
      anonSeq('then', 'Mediators run when the condition holds.', [
        key('sequence', 'sequence', 'Run this sequence instead.', { dynamic: false }),
      ]),
    ),
    ch(
      anonSeq('else', 'Mediators run when it does not.', [
        key('sequence', 'sequence', 'Run this sequence instead.', { dynamic: false }),
      ]),
    ),
  ],
  {
    mediators: true,
    // FilterMediatorFactory: xpath first; source and regex are read only without it (rules/values.ts
    // checkFilterSource says what a lone source or regex does then)
    firstWins: [
      ['xpath', 'source'],
      ['xpath', 'regex'],
    ],
    oneOfRequired: [['xpath', 'source']],
    contentAwareByConfig: true,
  },
);

export const SWITCH = med(
  'switch',
  'flow',
  false,
  'Runs the first case whose regular expression fully matches the string value of `source`, or the default branch.',
  [expr('source', 'Expression whose string value selects the case.', { required: true })],
  [
    many(
      anonSeq('case', 'Mediators run when `regex` matches.', [
        req('regex', 'regex', 'Regular expression the whole value must match.'),
      ]),
    ),
    ch(anonSeq('default', 'Mediators run when no case matches.')),
  ],
  { contentAwareByConfig: true },
);

export const THROTTLE = med(
  'throttle',
  'flow',
  false,
  'Limits the request rate or the concurrent requests (per caller IP or domain) with a throttle policy; accepted messages go to onAccept, others to onReject.',
  [
    req(
      'id',
      'string',
      'Identifies this throttle (a concurrency throttle needs the same id on the response path).',
    ),
    key('onAccept', 'sequence', 'Sequence for accepted messages.', { dynamic: false }),
    key('onReject', 'sequence', 'Sequence for rejected messages.', { dynamic: false }),
  ],
  [
    ch(
      el(
        'policy',
        'The throttle policy: inline WS-Policy or a key.',
        [key('key', 'resource', 'Key of the policy.', { dynamic: false })],
        'any',
      ),
    ),
    ch(mediatorList('onAccept', 'Mediators run for accepted messages.')),
    ch(mediatorList('onReject', 'Mediators run for rejected messages.')),
  ],
);

const cacheProtocol = el(
  'protocol',
  'HTTP caching rules: which methods are cached, which headers count in the hash, which status codes are stored.',
  // CacheMediatorFactory: toUpperCase().trim(); another protocol keeps no HTTP rules
  [
    en('type', ['HTTP'], 'Protocol (HTTP).', {
      default: 'HTTP',
      caseInsensitive: true,
      trim: true,
      lenient: 'reads none of the HTTP rules below',
    }),
  ],
  [
    ch(textEl('methods', 'Comma-separated methods to cache, or *.')),
    ch(textEl('headersToExcludeInHash', 'Comma-separated headers left out of the hash.')),
    ch(textEl('headersToIncludeInHash', 'Comma-separated headers used in the hash.')),
    ch(textEl('responseCodes', 'Regular expression of the status codes to cache.')),
    ch(textEl('enableCacheControl', 'Honour Cache-Control headers.')),
    ch(textEl('includeAgeHeader', 'Add an Age header to cached responses.')),
    ch(textEl('hashGenerator', 'Class computing the hash of a request.')),
  ],
);

export const CACHE = med(
  'cache',
  'advanced',
  true,
  'Caches responses: on the request side (collector false) a hit answers from the cache (or runs onCacheHit); on the response side (collector true) responses are stored.',
  [
    at('id', 'string', 'Identifies the cache.'),
    at('timeout', 'integer', 'Seconds a cached response stays valid.'),
    // CacheMediatorFactory: "true" or "false" as written, anything else or none refused
    bool('collector', 'false', 'true on the response path (stores), false on the request path (looks up).', {
      required: true,
    }),
    at('maxMessageSize', 'integer', 'Largest response (bytes) that is cached.'),
    en('scope', ['per-host', 'per-mediator'], 'Share the cache across the server or keep one per mediator.', {
      default: 'per-host',
      // CacheMediatorFactory stores it trimmed, unchecked
      trim: true,
      lenient: 'stores it unchecked',
    }),
    at('hashGenerator', 'class', 'Class computing the request hash.'),
  ],
  [
    ch(
      anonSeq('onCacheHit', 'Mediators run on a cache hit (default: return the cached response).', [
        key('sequence', 'sequence', 'Run this sequence on a hit.', { dynamic: false }),
      ]),
    ),
    ch(cacheProtocol),
    ch(
      el(
        'implementation',
        'Cache store settings.',
        [
          // CacheMediatorFactory stores it trimmed, unchecked
          en('type', ['memory', 'disk'], 'Store type.', {
            default: 'memory',
            trim: true,
            lenient: 'stores it unchecked',
          }),
          at('maxSize', 'integer', 'Maximum number of entries.'),
        ],
        'none',
      ),
    ),
  ],
);

export const CONDITIONAL_ROUTER = med(
  'conditionalRouter',
  'flow',
  false,
  'Legacy router: evaluates conditional routes in order and sends the message to the sequence of each route whose condition holds.',
  [bool('continueAfter', 'false', 'Continue the current flow after routing.')],
  [
    many(
      el(
        'conditionalRoute',
        'A condition and the sequence it routes to.',
        [
          bool('breakRoute', undefined, 'Stop at this route when it matches.'),
          bool('asynchronous', 'false', 'Run the target sequence asynchronously.'),
        ],
        [
          ch(
            el(
              'condition',
              'An evaluator expression (and/or/not/equal/match...) over the message.',
              [],
              'any',
              // ConditionalRouterMediatorFactory refuses a route whose condition holds no evaluator element
              { snippetBody: '<equal type="header" source="${1:X-Route}" value="${2:value}"/>' },
            ),
          ),
          ch(
            el(
              'target',
              'Where matching messages go.',
              [key('sequence', 'sequence', 'Sequence to run.', { dynamic: false })],
              [ch(anonSeq('sequence', 'Inline mediators.'))],
            ),
          ),
        ],
      ),
      // ConditionalRouterMediatorFactory iterates the routes: none deploys (the router answers continueAfter)
    ),
  ],
  { contentAwareByConfig: true },
);

export const IN = med(
  'in',
  'flow',
  false,
  'Legacy: mediators that run only for request (in-flow) messages.',
  [],
  'mediators',
);
export const OUT = med(
  'out',
  'flow',
  false,
  'Legacy: mediators that run only for response (out-flow) messages.',
  [],
  'mediators',
);

// ============================================================ transformation

export const PAYLOAD_FACTORY = med(
  'payloadFactory',
  'transformation',
  true,
  'Replaces the payload with a new one built from a template (XML, JSON or text). Placeholders $1, $2... take <arg> values; in MI 4.4 ${...} expressions can be written directly in the template; FreeMarker templates are supported too.',
  [
    // PayloadFactoryMediatorFactory stores any media-type; PayloadFactoryMediator.mediate builds a payload only for
    // "xml", "json" or "text" as written (equals), and leaves the message as it is for anything else
    en('media-type', ['xml', 'json', 'text'], 'Format of the template and the new payload.', {
      default: 'xml',
      lenient: 'leaves the message as it is (only `xml`, `json` and `text`, in lower case, build a payload)',
      valueDocs: {
        xml: 'The first child element of <format> is the template.',
        json: 'The text of <format> is a JSON template.',
        text: 'The text of <format> is a plain-text template.',
      },
    }),
    en('template-type', ['default', 'freemarker'], 'Template language.', {
      default: 'default',
      // PayloadFactoryMediatorFactory compares it ignoring case; anything else is the default (regex) template
      caseInsensitive: true,
      lenient: 'uses the default template (only `freemarker`, in any case, selects FreeMarker)',
      valueDocs: {
        default: '$1, $2... take the <arg> values; ${...} expressions are evaluated inline.',
        freemarker: 'A FreeMarker template over payload, args, ctx, axis2, trp and vars.',
      },
    }),
    bool('escapeXmlChars', 'false', 'Escape XML special characters in inserted values.'),
  ],
  [
    ch(
      el(
        'format',
        'The template (inline, or from a key).',
        [key('key', 'resource', 'Key of a template resource.')],
        'any',
        { text: 'template' },
      ),
      1,
    ),
    ch(
      el(
        'args',
        'Values for the $n placeholders, in order.',
        [],
        [
          many(
            el(
              'arg',
              'One placeholder value: literal or computed.',
              [
                at('value', 'string', 'Literal value.'),
                expr('expression', 'Expression computing the value.'),
                en('evaluator', ['xml', 'json'], 'Read `expression` as XPath (xml) or JSONPath (json).', {
                  default: 'xml',
                  // PayloadFactoryMediatorFactory: evaluator.equals("json"), anything else is XPath
                  lenient: 'reads the expression as XPath (only `json` makes it a JSONPath)',
                }),
                bool('literal', 'false', 'Insert the value as is, without JSON/XML typing.'),
              ],
              'none',
              { firstWins: [['value', 'expression']], oneOfRequired: [['value', 'expression']] },
            ),
          ),
        ],
        // PayloadFactoryMediatorFactory reads every child element of <args> as an argument (getChildElements)
        { anyChildAs: 'arg' },
      ),
    ),
  ],
);

export const ENRICH = med(
  'enrich',
  'transformation',
  true,
  'Copies part of the message (or inline content, or a property) into another place: the body, a node, a property or the envelope.',
  [],
  [
    ch(
      el(
        'source',
        'What is copied.',
        [
          en('type', ['custom', 'envelope', 'body', 'property', 'inline'], 'Kind of source.', {
            default: 'custom',
            valueDocs: {
              custom: 'The node or JSON value selected by `xpath`.',
              envelope: 'The whole SOAP envelope.',
              body: 'The first element of the body / the JSON payload.',
              property: 'The value of the property named by `property`.',
              inline: 'The XML or JSON written inside <source>, or the resource named by `key`.',
            },
          }),
          bool('clone', 'true', 'Copy (true) or move (false) the source.'),
          expr('xpath', 'With type custom: selects the source node (XPath or JSONPath).'),
          at('property', 'string', 'With type property: the property name.'),
          key('key', 'resource', 'With type inline: key of the inline content.', { dynamic: false }),
        ],
        'any',
        {
          text: 'template',
          conditions: [
            { when: ['type', 'custom'], require: ['xpath'] },
            { when: ['type', 'property'], require: ['property'] },
          ],
        },
      ),
      1,
    ),
    ch(
      el(
        'target',
        'Where it goes.',
        [
          en('type', ['custom', 'envelope', 'body', 'property', 'key'], 'Kind of target.', {
            default: 'custom',
            valueDocs: {
              custom: 'The node or JSON path selected by `xpath`.',
              envelope: 'Replaces the whole SOAP envelope.',
              body: 'The message body / JSON payload.',
              property: 'The property named by `property`.',
              key: 'Renames the JSON key selected by `xpath`.',
            },
          }),
          en('action', ['replace', 'child', 'sibling', 'remove'], 'How the source is placed.', {
            default: 'replace',
            valueDocs: {
              replace: 'Replace the target.',
              child: 'Add as the last child of the target.',
              sibling: 'Add after the target.',
              remove: 'Remove what `xpath` selects from the target.',
            },
          }),
          expr('xpath', 'With type custom or key: selects the target node.'),
          at('property', 'string', 'With type property: the property name.'),
        ],
        'none',
        {
          conditions: [
            { when: ['type', 'custom'], require: ['xpath'] },
            { when: ['type', 'key'], require: ['xpath'] },
            { when: ['type', 'property'], require: ['property'] },
          ],
        },
      ),
      1,
    ),
  ],
);

const xsltChildren = (): ChildDecl[] => [
  many(nameValueProperty('A parameter passed to the stylesheet.', true)),
  many(
    el(
      'feature',
      'A feature of the transformer factory.',
      [req('name', 'string', 'Feature URI.'), bool('value', undefined, 'On or off.', { required: true })],
      'none',
    ),
  ),
  many(
    el(
      'attribute',
      'An attribute of the transformer factory.',
      [req('name', 'string', 'Attribute name.'), req('value', 'string', 'Attribute value.')],
      'none',
    ),
  ),
  many(
    el(
      'resource',
      'Maps an xsl:import/include location to a key.',
      [
        req('location', 'string', 'The location as written.'),
        key('key', 'resource', 'Key of the resource.', { required: true, dynamic: false }),
      ],
      'none',
    ),
  ),
];

export const XSLT = med(
  'xslt',
  'transformation',
  true,
  'Transforms the payload (or the node selected by `source`) with an XSLT stylesheet; the result replaces it or goes to a property.',
  [
    key('key', 'resource', 'Key of the stylesheet.', { required: true }),
    // XSLTMediatorFactory: SynapseXPathFactory.getSynapseXPath (XPath only)
    at('source', 'xpath', 'Node to transform, an XPath (default: first child of the SOAP body).'),
    at('target', 'string', 'Property that receives the result instead of the payload.'),
    bool('useCache', 'true', 'Reuse the compiled stylesheet.'),
  ],
  xsltChildren(),
);

export const FAST_XSLT = med(
  'fastXSLT',
  'transformation',
  true,
  'Transforms the whole payload with an XSLT stylesheet as a stream, without building the message tree; faster than xslt but with no source, target or parameters.',
  [
    key('key', 'resource', 'Key of the stylesheet.', { required: true }),
    bool('useCache', 'true', 'Reuse the compiled stylesheet.'),
  ],
  'none',
);

const faultCodeOrReason = (name: string, doc: string) =>
  el(
    name,
    doc,
    [
      at('value', name === 'code' ? 'qname' : 'string', 'Literal value.'),
      // FaultMediatorFactory: SynapseXPathFactory.getSynapseXPath (XPath only)
      at('expression', 'xpath', 'XPath computing it.'),
    ],
    'none',
    {
      firstWins: [['value', 'expression']],
      oneOfRequired: [['value', 'expression']],
    },
  );

export const MAKEFAULT = med(
  'makefault',
  'transformation',
  true,
  'Turns the message into a SOAP 1.1, SOAP 1.2 or plain-XML fault with a code, a reason and optional details; send it back with respond.',
  [
    en('version', ['soap11', 'soap12', 'pox'], 'Fault format.', { default: 'soap11' }),
    bool('response', 'false', 'Mark the message as a response.'),
    bool('serializeResponse', 'false', 'Serialise the fault as a response.'),
  ],
  [
    ch(faultCodeOrReason('code', 'The fault code, e.g. soap11Env:Server.')),
    ch(faultCodeOrReason('reason', 'The fault reason text.')),
    ch(textEl('node', 'URI of the node that raised the fault.')),
    ch(textEl('role', 'Role of that node.')),
    ch(
      el(
        'detail',
        'Fault details: text, XML, or an expression.',
        [at('expression', 'xpath', 'XPath computing the details (FaultMediatorFactory: XPath only).')],
        'any',
      ),
    ),
  ],
);

export const JSONTRANSFORM = med(
  'jsontransform',
  'transformation',
  true,
  'Changes how XML is turned into JSON for this message (synapse.commons.json.* properties) and/or corrects the JSON against a JSON schema.',
  [key('schema', 'resource', 'Key of a JSON schema used to fix types.')],
  [many(nonEmptyValue(nameValueProperty('A JSON conversion property (synapse.commons.json.*).', false)))],
);

export const REWRITE = med(
  'rewrite',
  'transformation',
  false,
  'Rewrites a URL (the To address by default) with rules made of a condition and actions on URL fragments.',
  [
    at('inProperty', 'string', 'Property holding the URL to rewrite.'),
    at('outProperty', 'string', 'Property receiving the rewritten URL.'),
  ],
  [
    many(
      el(
        'rewriterule',
        'A rule: optional condition and actions.',
        [],
        [
          ch(el('condition', 'An evaluator expression deciding whether the rule applies.', [], 'any')),
          many(
            el(
              'action',
              'Changes one fragment of the URL.',
              [
                // URLRewriteMediatorFactory.parseAction (remove-query-param since 2021, with fragment="query")
                en(
                  'type',
                  ['set', 'append', 'prepend', 'replace', 'remove', 'remove-query-param'],
                  'What to do.',
                  { default: 'set' },
                ),
                en(
                  'fragment',
                  ['protocol', 'user', 'host', 'port', 'path', 'query', 'ref', 'full'],
                  'Which part of the URL.',
                  { default: 'full' },
                ),
                at('value', 'string', 'Literal value.'),
                // URLRewriteMediatorFactory: SynapseXPathFactory.getSynapseXPath (XPath only)
                at('xpath', 'xpath', 'XPath computing the value.'),
                at('regex', 'regex', 'With type replace: what is replaced.'),
                bool('resolve', 'false', 'Resolve the value as a URI relative to the current one.'),
              ],
              'none',
              { firstWins: [['xpath', 'value']] }, // URLRewriteMediatorFactory: xpath, then value
            ),
            // URLRewriteMediatorFactory.parseRule: getChildrenWithName never gives null, so a rule without an action
            // deploys (and changes nothing)
          ),
        ],
      ),
    ),
  ],
);

export const XQUERY = med(
  'xquery',
  'transformation',
  true,
  'Runs an XQuery over the payload (or the node selected by `target`) and puts the result there.',
  [
    key('key', 'resource', 'Key of the XQuery.', { required: true }),
    expr('target', 'Node that is queried and replaced.'),
  ],
  [
    many(
      el(
        'variable',
        'An external variable of the query.',
        [
          // XQueryMediatorFactory reads a variable only when its name and type are given (non-empty): one without
          // either is passed over
          at('name', 'string', 'Variable name (a variable without name or type is not read).'),
          en(
            'type',
            [
              'STRING',
              'DOUBLE',
              'INT',
              'INTEGER',
              'BOOLEAN',
              'BYTE',
              'LONG',
              'SHORT',
              'FLOAT',
              'DOCUMENT',
              'ELEMENT',
            ],
            'Type of the variable.',
            // XQueryMediatorFactory: type.trim() compared as written, anything else refused (Unsupported Type)
            { trim: true },
          ),
          at('value', 'string', 'Literal value.'),
          expr('expression', 'Expression computing the value.'),
          key('key', 'resource', 'Key of a resource used as the value.', { dynamic: false }),
        ],
        'none',
      ),
    ),
    // XQueryMediatorFactory: <dataSource> properties (MediatorPropertyFactory) configure the XQuery data source
    ch(
      el(
        'dataSource',
        'Properties of the XQuery data source (name = value pairs passed to the XQJ data source).',
        [],
        [many(nameValueProperty('A data source property.', true))],
      ),
    ),
  ],
);

export const SMOOKS = med(
  'smooks',
  'transformation',
  true,
  'Transforms the message with a Smooks configuration (e.g. CSV or EDI to XML).',
  [
    key('config-key', 'resource', 'Key of the Smooks configuration.', { required: true, dynamic: false }),
    at('persistence-unit', 'string', 'JPA persistence unit.'),
  ],
  [
    ch(
      el(
        'input',
        'What Smooks reads.',
        [en('type', ['text', 'xml'], 'Input type.', { default: 'xml' }), expr('expression', 'Node to read.')],
        'none',
      ),
    ),
    ch(
      el(
        'output',
        'Where the result goes.',
        [
          en('type', ['text', 'xml', 'java'], 'Output type.', { default: 'xml' }),
          at('property', 'string', 'Property that receives the result.'),
          // SmooksMediatorFactory (carbon-mediation) stores the action as written, unchecked
          en('action', ['add', 'replace', 'sibling'], 'How the result is placed.', {
            default: 'replace',
            lenient: 'stores it as written (the factory does not check it)',
          }),
          expr('expression', 'Node the result is placed at.'),
        ],
        'none',
      ),
    ),
  ],
);

const DM_TYPES = ['XML', 'JSON', 'CSV', 'XSD', 'JSONSCHEMA', 'CONNECTOR'];
export const DATAMAPPER = med(
  'datamapper',
  'transformation',
  true,
  'Maps the payload to a new shape with a data-mapper configuration (a compiled mapping plus input and output schemas kept as registry resources).',
  [
    key('config', 'registry', 'Key of the mapping (.dmc).', { required: true }),
    key('inputSchema', 'registry', 'Key of the input schema.', { required: true }),
    key('outputSchema', 'registry', 'Key of the output schema.', { required: true }),
    en('inputType', DM_TYPES, 'Input format.', { caseInsensitive: true, default: 'XML' }),
    en('outputType', DM_TYPES, 'Output format.', { caseInsensitive: true, default: 'XML' }),
    key('xsltStyleSheet', 'registry', 'Key of a generated XSLT used instead of the JavaScript mapping.'),
  ],
  'none',
);

export const BUILDER = med(
  'builder',
  'transformation',
  true,
  'Builds the message with a chosen message builder (by content type) when the transport left it unparsed.',
  [],
  [
    many(
      el(
        'messageBuilder',
        'A builder (and optional formatter) for a content type.',
        [
          req('contentType', 'string', 'Content type.'),
          req('class', 'class', 'Builder class.'),
          at('formatterClass', 'class', 'Formatter class.'),
        ],
        'none',
      ),
    ),
  ],
);

// ============================================================ EIP

/** The `<target>` of iterate and clone. */
export const SPLIT_TARGET = el(
  'target',
  'Where each new message goes: a sequence (by key or inline) and/or an endpoint (by key or inline).',
  [
    key('sequence', 'sequence', 'Sequence for each message.', { dynamic: false }),
    key('endpoint', 'endpoint', 'Endpoint for each message.', { dynamic: false }),
    at('to', 'uri', 'Address set as the To header.'),
    at('soapAction', 'string', 'SOAP action set on each message.'),
  ],
  [ch(anonSeq('sequence', 'Inline mediators for each message.')), ch(ENDPOINT)],
);

export const ITERATE = med(
  'iterate',
  'eip',
  true,
  'Splits the message: each node matched by `expression` becomes a new message sent to the target (in parallel by default). Pair it with aggregate to collect the results.',
  [
    expr('expression', 'Selects the nodes to split on.', { required: true }),
    bool('sequential', 'false', 'Process the new messages one after another.'),
    bool('continueParent', 'false', 'Continue the original flow after splitting.'),
    bool('preservePayload', 'false', 'Keep the original payload around each part (see attachPath).'),
    expr('attachPath', 'With preservePayload: where each part is attached.'),
    at('id', 'string', 'Id matched by an aggregate mediator.'),
  ],
  [ch(SPLIT_TARGET, 1)],
  { requires: [['attachPath', 'preservePayload']] },
);

const FOREACH_V1_ATTRS = [
  expr('expression', 'Selects the elements to loop over.', { required: true }),
  key('sequence', 'sequence', 'Sequence run for each element (instead of the inline one).', {
    dynamic: false,
  }),
  at('id', 'string', 'Identifier of the loop.'),
  bool('continueLoopOnFailure', 'false', 'Go on with the next element when one fails.'),
];
const FOREACH_V2_ATTRS = [
  expr('collection', 'Expression returning the collection (JSON array or XML nodes).', { required: true }),
  bool('parallel-execution', 'true', 'Process the elements in parallel.'),
  bool('continue-without-aggregation', 'false', 'Fire and forget: do not collect the results.'),
  bool('update-original', 'true', 'Write the results back into the original collection.'),
  at('target-variable', 'string', 'With update-original false: variable receiving the results.'),
  // ForEachMediatorFactory reads it ("JSON"/"XML" as written, anything else refused) only with update-original="false"
  en('result-content-type', ['JSON', 'XML'], 'Type of the result in target-variable.', {
    lenient: 'ignores it (it is read only with update-original="false")',
    strictWith: ['update-original', 'false'],
  }),
  at('result-enclosing-element', 'string', 'Root element of an XML result.'),
  at('counter-variable', 'string', 'Variable holding the index (sequential loops only).'),
  at('result-target', 'string', 'Pre-release MI 4.4 name of target-variable.', {
    deprecated: 'Pre-release name: MI 4.4 reads target-variable (with update-original="false").',
  }),
  en('result-type', ['JSON', 'XML'], 'Pre-release MI 4.4 name of result-content-type.', {
    deprecated: 'Pre-release name: MI 4.4 reads result-content-type.',
  }),
  en('version', ['v2'], 'Pre-release marker of the MI 4.4 form; the collection attribute decides.', {
    deprecated: 'Not read by MI 4.4: the collection attribute selects the new form.',
  }),
];

const foreachSeq = (exclude: string[] | undefined, min = 0) =>
  ch(
    mediatorList(
      'sequence',
      'Mediators run for each element.',
      [ON_ERROR],
      exclude ? { excludeMediators: exclude } : {},
    ),
    min,
  );

export const FOREACH_V1 = med(
  'foreach',
  'eip',
  true,
  'Classic foreach: runs a sequence on each element matched by `expression`, one after another, and writes the changed elements back in place. The inner sequence may not call backends.',
  FOREACH_V1_ATTRS,
  [foreachSeq(['call', 'send', 'callout'])],
);

export const FOREACH_V2 = med(
  'foreach',
  'eip',
  true,
  'Foreach (MI 4.4): runs the inner sequence for each item of `collection` (in parallel by default) and collects the results back into the collection or into a variable.',
  FOREACH_V2_ATTRS,
  // ForEachMediatorFactory.createForEachMediatorV2 refuses a foreach without a <sequence> element ("A 'sequence'
  // element is required"); the classic form deploys without one (and without a sequence attribute)
  [foreachSeq(undefined, 1)],
  {
    since: '4.4.0',
    conditions: [
      { when: ['update-original', 'false'], require: ['target-variable', 'result-content-type'] },
      // result-content-type="XML" needs result-enclosing-element only where ForEachMediatorFactory reads the type
      // (update-original="false"): rules/values.ts checkForeachResult
      { when: ['parallel-execution', 'true'], forbid: ['counter-variable'] },
    ],
  },
);

/**
 * Foreach (MI 4.4) with continue-without-aggregation="true": nothing is gathered, so MI's ForEachMediatorFactory
 * never reads update-original or its target (the documented migration from the classic foreach writes
 * update-original="false" with no target-variable).
 */
export const FOREACH_V2_DETACHED: MediatorDecl = {
  ...FOREACH_V2,
  conditions: FOREACH_V2.conditions?.filter((c) => c.when[0] !== 'update-original'),
};

export const FOREACH = med(
  'foreach',
  'eip',
  true,
  'Loops over the elements of a collection, running a sequence for each: the classic form (`expression`, in place, sequential) or the MI 4.4 form (`collection`, parallel, results gathered into the collection or a variable).',
  [
    ...FOREACH_V2_ATTRS.map((a) => ({ ...a, required: false })),
    ...FOREACH_V1_ATTRS.map((a) => ({ ...a, required: false })),
  ],
  [foreachSeq(undefined)],
  {
    oneOfRequired: [['collection', 'expression']],
    // completion inserts the <sequence> the MI 4.4 form needs (ForEachMediatorFactory.createForEachMediatorV2)
    snippetChild: 'sequence',
    variants: [
      {
        label: 'v2',
        whenAttributes: [],
        whenValue: ['continue-without-aggregation', 'true'],
        decl: FOREACH_V2_DETACHED,
      },
      { label: 'v2', whenAttributes: ['collection'], whenValue: ['version', 'v2'], decl: FOREACH_V2 },
      { label: 'v1', whenAttributes: ['expression'], decl: FOREACH_V1 },
    ],
  },
);

export const AGGREGATE = med(
  'aggregate',
  'eip',
  true,
  'Collects the messages produced by iterate or clone (or responses of a fan-out) and, when complete, merges the selected parts into one message and runs onComplete.',
  [at('id', 'string', 'Matches the id of the iterate or clone.')],
  [
    ch(
      el(
        'correlateOn',
        'Groups messages by the value of an expression.',
        // AggregateMediatorFactory reads the expression only when it is there: without it, no correlation
        [expr('expression', 'Correlation expression.')],
        'none',
      ),
    ),
    ch(
      el(
        'completeCondition',
        'When the aggregation is complete.',
        [at('timeout', 'integer', 'Seconds to wait (0: no timeout).', { default: '0' })],
        [
          ch(
            el(
              'messageCount',
              'How many messages complete it (-1: all expected).',
              [
                at('min', 'string', 'Minimum count; may be dynamic.', { default: '-1', dynamic: true }),
                at('max', 'string', 'Maximum count; may be dynamic.', { default: '-1', dynamic: true }),
              ],
              'none',
            ),
          ),
        ],
      ),
    ),
    ch(
      anonSeq('onComplete', 'Mediators run on the merged message.', [
        // AggregateMediatorFactory sets it only when given; AggregateMediator's default is the first child of the SOAP
        // body (/s11:Envelope/s11:Body/child::*[position()=1] | the same for SOAP 1.2)
        expr(
          'expression',
          'Selects what is taken from each message (default: the first element of each SOAP body).',
        ),
        key('sequence', 'sequence', 'Sequence run on the merged message.', { dynamic: false }),
        at('enclosingElementProperty', 'string', 'Property naming the element that wraps the merged parts.'),
        en('aggregateElementType', ['root', 'child'], 'Merge as root elements or as children.', {
          default: 'root',
          // AggregateMediator compares with "root" and "child" as written when merging; nothing is checked at deploy
          lenient: 'merges neither way (only `root` and `child` are read)',
        }),
      ]),
      1,
      1,
      // AggregateMediatorFactory deploys an aggregate without <onComplete>: AggregateMediator.completeAggregate then
      // faults
      'Micro Integrator deploys it, and each completed group faults ("Unable to find the sequence for the mediation of the aggregated message")',
    ),
  ],
);

export const CLONE = med(
  'clone',
  'eip',
  true, // copying the message needs its payload
  'Copies the message once per target (or `iterations` times) and sends each copy on its way, in parallel by default.',
  [
    at('id', 'string', 'Id matched by an aggregate mediator.'),
    bool('continueParent', 'false', 'Continue the original flow after cloning.'),
    bool('sequential', 'false', 'Process the copies one after another.'),
    at('iterations', 'string', 'Number of copies (with a single target); may be dynamic.', { dynamic: true }),
  ],
  // CloneMediatorFactory counts the targets without requiring one: a clone without target deploys and copies nothing
  [many(SPLIT_TARGET)],
);

export const SCATTER_GATHER = med(
  'scatter-gather',
  'eip',
  true,
  'Runs copies of the message through several sequences (in parallel by default) and gathers the value of `aggregation/@expression` from each into a JSON array or an XML element, in the body or a variable (MI 4.4).',
  [
    bool('parallel-execution', 'true', 'Run the sequences in parallel.'),
    // MI reads body/variable ignoring case (v2 Utils.isTargetBody); the documentation writes target="Body"
    en('target', ['body', 'variable'], 'Where the result goes.', { default: 'body', caseInsensitive: true }),
    at('target-variable', 'string', 'With target variable: its name.'),
    en('result-content-type', ['JSON', 'XML'], 'Type of the result.'),
    at('result-enclosing-element', 'string', 'Root element of an XML result.'),
    at('result-target', 'string', 'Pre-release MI 4.4 form: `body` or the name of a variable.', {
      deprecated: 'Pre-release name: MI 4.4 reads target (body|variable) and target-variable.',
    }),
    en('content-type', ['JSON', 'XML'], 'Pre-release MI 4.4 name of result-content-type.', {
      deprecated: 'Pre-release name: MI 4.4 reads result-content-type.',
    }),
    at('root-element', 'string', 'Pre-release MI 4.4 name of result-enclosing-element.', {
      deprecated: 'Pre-release name: MI 4.4 reads result-enclosing-element.',
    }),
  ],
  [
    ch(
      el(
        'aggregation',
        'What is collected from each sequence and when the gathering ends.',
        [
          expr('expression', 'Value taken from each result.', { required: true }),
          expr('condition', 'Only results for which this holds are collected.'),
          at('timeout', 'integer', 'Milliseconds to wait for the results.'),
          at('min-messages', 'string', 'Results needed before completing.'),
          at('max-messages', 'string', 'Results after which it completes.'),
        ],
        'none',
      ),
      1,
    ),
    // ScatterGatherMediatorFactory: "A 'sequence' element is required" only when there is none: one branch deploys
    many(mediatorList('sequence', 'One branch: mediators run on a copy of the message.'), 1),
  ],
  {
    since: '4.4.0',
    // MI 4.4 requires target and result-content-type; the pre-release spellings are accepted in their place.
    oneOfRequired: [
      ['target', 'result-target'],
      ['result-content-type', 'content-type'],
    ],
    // MI 4.4.0 reads the GA names only; the pre-release ones are passed over (SYN110)
    firstWins: [
      ['target', 'result-target'],
      ['result-content-type', 'content-type'],
      ['result-enclosing-element', 'root-element'],
    ],
    requires: [['result-enclosing-element', 'result-content-type']],
    conditions: [
      { when: ['target', 'variable'], require: ['target-variable'] },
      { when: ['result-content-type', 'XML'], require: ['result-enclosing-element'] },
    ],
  },
);

// ============================================================ extension

const ARGUMENT = el(
  'argument',
  'An input of the function or method: literal or computed.',
  [
    req('name', 'string', 'Argument name.'),
    at('type', 'string', 'Argument type (e.g. STRING, INTEGER, BOOLEAN, JSON, XML).'),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing it.'),
  ],
  'none',
  { firstWins: [['value', 'expression']] },
);
const INPUTS = el('inputs', 'Inputs passed to the function or method (MI 4.4).', [], [many(ARGUMENT)], {
  since: '4.4.0',
});

export const SCRIPT = med(
  'script',
  'extension',
  true,
  'Runs a script (JavaScript by default; also Groovy or Ruby) that can read and change the message through `mc`: payload (JSON/XML), properties, variables. Inline in CDATA or from a key with a function name.',
  [
    en('language', ['js', 'graalJs', 'rhinoJs', 'nashornJs', 'groovy', 'rb'], 'Script language.', {
      required: true,
    }),
    key('key', 'resource', 'Key of the script resource (instead of inline code).'),
    at('function', 'string', 'With key: function to call.', { default: 'mediate' }),
    // ScriptMediatorFactory: v2 Utils.isTargetBody/Variable/None (equalsIgnoreCase), anything else refused
    en('target', ['body', 'variable', 'none'], 'Where the function result goes (MI 4.4).', {
      since: '4.4.0',
      caseInsensitive: true,
    }),
    at('target-variable', 'string', 'With target variable: its name.', { since: '4.4.0' }),
  ],
  [
    many(
      el(
        'include',
        'Another script loaded before this one.',
        [key('key', 'resource', 'Key of the script.', { required: true, dynamic: false })],
        'none',
      ),
    ),
    ch(INPUTS),
  ],
  {
    text: 'script',
    requires: [['function', 'key']],
    conditions: [{ when: ['target', 'variable'], require: ['target-variable'] }],
  },
);

export const CLASS_PROPERTY = el(
  'property',
  'A value injected into the class through its setter: literal, computed per message, or inline XML.',
  [
    req('name', 'string', 'Bean property name.'),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing it.'),
  ],
  'any',
  { firstWins: [['value', 'expression']] },
);

export const CLASS = med(
  'class',
  'extension',
  true,
  'Runs a custom Java mediator class. Properties are injected through setters; in the MI 4.4 form a method is called with <inputs> and its result goes to the body or a variable.',
  [
    req('name', 'class', 'Fully qualified class name.'),
    at('method', 'string', 'MI 4.4 form: method to call.', { default: 'mediate', since: '4.4.0' }),
    // ClassMediatorFactory: v2 Utils.isTargetBody/Variable/None (equalsIgnoreCase), anything else refused
    en('target', ['body', 'variable', 'none'], 'MI 4.4 form: where the result goes.', {
      since: '4.4.0',
      caseInsensitive: true,
    }),
    at('target-variable', 'string', 'With target variable: its name.', { since: '4.4.0' }),
  ],
  [many(CLASS_PROPERTY), ch(INPUTS)],
  {
    contentAwareByConfig: true,
    conditions: [{ when: ['target', 'variable'], require: ['target-variable'] }],
  },
);

export const POJO_COMMAND = med(
  'pojoCommand',
  'extension',
  true,
  'Runs a command object (a plain Java class with an execute method), moving values between the message and the object.',
  [req('name', 'class', 'Fully qualified class name.')],
  [
    many(
      el(
        'property',
        'Moves a value between the message and a field of the command.',
        [
          req('name', 'string', 'Field name.'),
          at('value', 'string', 'Literal value.'),
          expr('expression', 'Expression reading or writing the message.'),
          at('context-name', 'string', 'Property of the message context to read or write.'),
          en(
            'action',
            [
              'ReadMessage',
              'UpdateMessage',
              'ReadAndUpdateMessage',
              'ReadContext',
              'UpdateContext',
              'ReadAndUpdateContext',
            ],
            'Direction of the transfer: from the message or context into the command, back, or both.',
          ),
        ],
        'any',
      ),
    ),
  ],
);

export const BEAN = med(
  'bean',
  'extension',
  false,
  'Creates or removes a Java bean kept in a message property, or sets/gets one of its properties.',
  [
    // BeanMediatorFactory: Action.valueOf(value.toUpperCase()), anything else refused
    en('action', ['CREATE', 'REMOVE', 'SET_PROPERTY', 'GET_PROPERTY'], 'What to do.', {
      required: true,
      caseInsensitive: true,
    }),
    req('var', 'string', 'Message property holding the bean.'),
    at('class', 'class', 'With CREATE: class of the bean.'),
    bool('replace', 'true', 'With CREATE: replace an existing bean.'),
    at('property', 'string', 'Bean property to set or get.'),
    at('value', 'string', 'With SET_PROPERTY: the value (may be dynamic).', { dynamic: true }),
    at('target', 'string', 'With GET_PROPERTY: where the value goes.'),
  ],
  'none',
);

export const EJB = med(
  'ejb',
  'extension',
  false,
  'Calls a method of an Enterprise JavaBean looked up through a configured beanstalk.',
  [
    req('beanstalk', 'string', 'Name of the beanstalk.'),
    req('class', 'class', 'Remote interface class.'),
    at('method', 'string', 'Method to call.'),
    at('sessionId', 'string', 'Stateful session id; may be dynamic.', { dynamic: true }),
    bool('remove', 'false', 'Remove the stateful bean after the call.'),
    at('target', 'string', 'Property receiving the result.'),
    at('jndiName', 'string', 'JNDI name of the bean.'),
    at('id', 'string', 'Identifier of the bean instance.'),
    bool('stateful', 'false', 'The bean is a stateful session bean.'),
  ],
  [
    ch(
      el(
        'args',
        'Method arguments in order.',
        [],
        [
          many(
            el(
              'arg',
              'An argument (may be dynamic).',
              [at('value', 'string', 'The value.', { dynamic: true })],
              'none',
            ),
          ),
        ],
      ),
    ),
  ],
);

export const SPRING = med(
  'spring',
  'extension',
  true,
  'Runs a mediator bean defined in a Spring application context.',
  [
    req('bean', 'string', 'Bean name in the context.'),
    key('key', 'resource', 'Key of the Spring configuration.', { required: true, dynamic: false }),
  ],
  'none',
);

// Synapse extensions' OPAMediatorFactory (registered in synapse-extensions' META-INF/services, shipped with MI 4.4)
export const OPA = med(
  'opa',
  'extension',
  true,
  'Asks an Open Policy Agent server whether the request is allowed (policy and rule), and fails the message when not.',
  [],
  [
    ch(textEl('serverUrl', 'URL of the OPA server.')),
    ch(textEl('accessKey', 'Access key sent to the OPA server.')),
    ch(textEl('policy', 'Name of the policy to evaluate.')),
    ch(textEl('rule', 'Rule of the policy to evaluate.')),
    ch(textEl('requestGenerator', 'Class that builds the request sent to OPA.')),
    ch(
      el(
        'additionalParameters',
        'Extra parameters for the request generator.',
        [],
        [
          many(
            el('parameter', 'A parameter: its text is the value.', [req('name', 'string', 'Name.')], 'text'),
          ),
        ],
      ),
    ),
  ],
);

// ============================================================ advanced

const DB_PROPERTY_NAMES = [
  'autocommit',
  'isolation',
  'initialsize',
  'maxactive',
  'maxidle',
  'maxopenstatements',
  'maxwait',
  'minidle',
  'poolstatements',
  'testonborrow',
  'testonreturn',
  'testwhileidle',
  'validationquery',
];
const DB_KEY = key(
  'key',
  'resource',
  'Take the value from this registry or local entry key instead of the text.',
  { dynamic: false },
);
const dbConnection = el(
  'connection',
  'The database connection.',
  [],
  [
    ch(
      el(
        'pool',
        'A data source by name, or a driver with URL and credentials.',
        [],
        [
          ch(textEl('dsName', 'JNDI name of a data source.', 'string', [DB_KEY])),
          ch(textEl('icClass', 'Initial context factory class for the JNDI lookup.', 'string', [DB_KEY])),
          ch(textEl('driver', 'JDBC driver class.', 'string', [DB_KEY])),
          ch(textEl('url', 'JDBC URL.', 'string', [DB_KEY])),
          ch(textEl('user', 'User name.', 'string', [DB_KEY])),
          ch(textEl('password', 'Password.', 'string', [DB_KEY])),
          many(
            el(
              'property',
              'A pool setting.',
              [
                // AbstractDBMediatorFactory.setDataSourceProperty: names compared as written, another is passed over
                en('name', DB_PROPERTY_NAMES, 'Setting name.', {
                  required: true,
                  lenient: 'reads no pool setting from it',
                }),
                req('value', 'string', 'Its value.'),
              ],
              'none',
            ),
          ),
        ],
        // AbstractDBMediatorFactory.buildDataSource needs a <dsName> or a <driver> (validate's SYN106): completion
        // starts with the data source name
        { exclusive: [], snippetChild: 'dsName' },
      ),
      1,
    ),
  ],
);
/** The SQL types of a dblookup/dbreport statement parameter (the editor's values, the runtime's check). */
export const SQL_TYPES = [
  'CHAR',
  'VARCHAR',
  'LONGVARCHAR',
  'NUMERIC',
  'DECIMAL',
  'BIT',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'REAL',
  'FLOAT',
  'DOUBLE',
  'DATE',
  'TIME',
  'TIMESTAMP',
];
const dbStatement = (withResult: boolean) =>
  el(
    'statement',
    'An SQL statement with its parameters' + (withResult ? ' and the columns copied into properties.' : '.'),
    [],
    [
      ch(textEl('sql', 'The SQL text; ? marks a parameter.'), 1),
      many(
        el(
          'parameter',
          'A value bound to the next ?.',
          [
            at('value', 'string', 'Literal value.'),
            expr('expression', 'Expression computing it.'),
            en('type', SQL_TYPES, 'SQL type.', { required: true }),
          ],
          'none',
          // AbstractDBMediatorFactory.processStatements: the expression first, then the value
          { firstWins: [['expression', 'value']], oneOfRequired: [['value', 'expression']] },
        ),
      ),
      ...(withResult
        ? [
            many(
              el(
                'result',
                'Copies a column of the first row into a property.',
                [
                  req('name', 'string', 'Property name.'),
                  req('column', 'string', 'Column name or 1-based index.'),
                ],
                'none',
              ),
            ),
          ]
        : []),
    ],
  );

export const DBLOOKUP = med(
  'dblookup',
  'advanced',
  true,
  'Runs SQL queries and copies columns of the first row into message properties.',
  [bool('useTransaction', 'false', 'Join the current distributed transaction.')],
  // no statement deploys (AbstractDBMediatorFactory.processStatements loops over none) and runs no SQL
  [ch(dbConnection, 1), many(dbStatement(true))],
);

export const DBREPORT = med(
  'dbreport',
  'advanced',
  true,
  'Runs SQL statements that write values from the message into a database.',
  [bool('useTransaction', 'false', 'Join the current distributed transaction.')],
  [ch(dbConnection, 1), many(dbStatement(false))],
);

export const TRANSACTION = med(
  'transaction',
  'advanced',
  false,
  'Starts, joins, commits or rolls back a distributed (JTA) transaction around database or JMS work.',
  [
    en(
      'action',
      ['new', 'use-existing-or-new', 'fault-if-no-tx', 'commit', 'rollback', 'suspend', 'resume'],
      'Transaction action.',
      {
        required: true,
        // TransactionMediatorFactory stores any action; TransactionMediator.mediate refuses an unknown one per message
        lenient: 'fails every message that reaches it (Invalid transaction mediator action)',
        valueDocs: {
          new: 'Start a new transaction.',
          'use-existing-or-new': 'Join the current transaction or start one.',
          'fault-if-no-tx': 'Raise a fault when no transaction is active.',
          commit: 'Commit the current transaction.',
          rollback: 'Roll the current transaction back.',
          suspend: 'Suspend the current transaction.',
          resume: 'Resume a suspended transaction.',
        },
      },
    ),
  ],
  'none',
);

export const ENQUEUE = med(
  'enqueue',
  'advanced',
  false,
  'Hands the message to a priority executor, which runs a sequence on it according to its priority.',
  [
    req('executor', 'string', 'Name of the priority executor.'),
    key('sequence', 'sequence', 'Sequence to run.', { required: true, dynamic: false }),
    at('priority', 'integer', 'Priority of the message.'),
  ],
  'none',
);

export const EVENT = med(
  'event',
  'advanced',
  true,
  'Publishes the message to an event topic (subscribers of an event source receive it).',
  [
    at('topic', 'string', 'Topic to publish to; may be dynamic.', { dynamic: true }),
    expr('expression', 'Expression computing the topic.'),
  ],
  'none',
  { openAttributes: true },
);

export const DATA_SERVICE_CALL = med(
  'dataServiceCall',
  'advanced',
  true,
  'Calls an operation of a data service deployed in the same server directly, without an HTTP round trip.',
  [req('serviceName', 'string', 'Name of the data service.')],
  [
    ch(
      el(
        'source',
        'Where the request comes from.',
        [
          // DataServiceCallMediatorFactory.configureSourceElement: equalsIgnoreCase("inline"), anything else is body
          en('type', ['inline', 'body'], 'Operations written here (inline) or the message body.', {
            caseInsensitive: true,
            lenient: 'reads the operations from the message body',
            default: 'body',
          }),
        ],
        'none',
      ),
    ),
    ch(
      el(
        'operations',
        'The operations to call.',
        [
          // DataServiceCallMediatorFactory reads the type unchecked; DataServiceCallMediator.addRootOperation's switch
          // takes any other value as single (the first operation names the request). configureInlineSource refuses
          // a top <operations> without one ("The 'type' attribute in 'operations' element is missing"); a nested one
          // may leave it out (validate: checkAttributes)
          en('type', ['single', 'batch', 'request-box'], 'How they are called.', {
            required: true,
            lenient:
              "builds the request as for 'single' (the first operation names it, the others are nested in it)",
          }),
        ],
        [
          many(
            el(
              'operation',
              'One operation and its parameters.',
              // DataServiceCallMediatorFactory.extractOperations passes over an operation without a name: validate
              // warns (checkDataServiceCall), completion still inserts it
              [req('name', 'string', 'Operation name.')],
              [
                many(
                  el(
                    'param',
                    'A parameter value.',
                    [
                      req('name', 'string', 'Parameter name.'),
                      at('value', 'string', 'Literal value.'),
                      expr('expression', 'Expression computing it.'),
                      en('evaluator', ['xml', 'json'], 'How the expression is read.', {
                        default: 'xml',
                        // DataServiceCallMediatorFactory.extractParams: evaluator.equals("json"), anything else is XPath
                        lenient: 'reads the expression as XPath (only `json` makes it a JSONPath)',
                      }),
                    ],
                    'none',
                    { firstWins: [['value', 'expression']] },
                  ),
                ),
              ],
            ),
            1,
            // DataServiceCallMediatorFactory.extractOperations accepts none; addRootOperation then fails when a
            // message comes (a request-box needs none)
            'Micro Integrator deploys it; unless a nested <operations> holds one, the call faults when it runs',
          ),
        ],
        // extractOperations refuses any other child ("The 'operation' element is missing"): an error of validate's
        // checkDataServiceCall rather than the catalog's "ignored" warning
        { openContent: true },
      ),
    ),
    ch(
      el(
        'target',
        'Where the result goes.',
        [
          // DataServiceCallMediatorFactory.configureTargetElement: only "property" as written is a property
          en('type', ['body', 'property'], 'Body or property.', {
            default: 'body',
            lenient: 'puts the result in the message body (only `property` stores it in a property)',
          }),
          at('name', 'string', 'With property: its name.'),
        ],
        'none',
        {
          conditions: [{ when: ['type', 'property'], require: ['name'] }],
        },
      ),
    ),
  ],
);

// DataServiceCallMediatorFactory.extractOperations reads a nested <operations> (e.g. a batch inside a request-box) as
// an Operations item of its parent, with its own type and operations
{
  const ops = (DATA_SERVICE_CALL.content as ChildDecl[]).find((c) => c.name === 'operations')!.element;
  (ops.content as ChildDecl[]).push(many(ops));
}

export const ENTITLEMENT_SERVICE = med(
  'entitlementService',
  'advanced',
  true,
  'Asks an XACML policy decision point whether the request is permitted, then runs onAccept or onReject (advice and obligations run too).',
  [
    at('remoteServiceUrl', 'uri', 'URL of the entitlement service.'),
    at('remoteServiceUserName', 'string', 'User name for it.'),
    at('remoteServicePassword', 'string', 'Password for it.'),
    at('callbackClass', 'class', 'Class extracting subject, resource and action from the message.'),
    en('client', ['soap', 'basicAuth', 'thrift', 'wsXacml'], 'How the decision point is called.'),
    at('thriftHost', 'string', 'Thrift host.'),
    at('thriftPort', 'integer', 'Thrift port.'),
    at('cacheType', 'string', 'Decision cache type.'),
    at('invalidationInterval', 'integer', 'Decision cache invalidation interval.'),
    at('maxCacheEntries', 'integer', 'Decision cache size.'),
    key('onReject', 'sequence', 'Sequence run when access is denied (instead of inline mediators).', {
      dynamic: false,
    }),
    key('onAccept', 'sequence', 'Sequence run when access is permitted.', { dynamic: false }),
    key('advice', 'sequence', 'Sequence run for advice.', { dynamic: false }),
    key('obligations', 'sequence', 'Sequence run for obligations.', { dynamic: false }),
  ],
  [
    ch(mediatorList('onReject', 'Mediators run when access is denied.')),
    ch(mediatorList('onAccept', 'Mediators run when access is permitted.')),
    ch(mediatorList('advice', 'Mediators run for advice.')),
    ch(mediatorList('obligations', 'Mediators run for obligations.')),
  ],
);

export const OAUTH_SERVICE = med(
  'oauthService',
  'advanced',
  false,
  'Validates the OAuth bearer token of the request against a remote key manager.',
  [
    req('remoteServiceUrl', 'uri', 'URL of the validation service.'),
    req('username', 'string', 'User name for it.'),
    req('password', 'string', 'Password for it.'),
  ],
  'none',
);

export const NTLM = med(
  'NTLM',
  'advanced',
  false,
  'Sets NTLM credentials used by the following call to a Windows-authenticated backend.',
  [
    at('username', 'string', 'User name; may be dynamic.', { dynamic: true }),
    at('password', 'string', 'Password; may be dynamic.', { dynamic: true }),
    at('host', 'string', 'Host.', { dynamic: true }),
    at('domain', 'string', 'Windows domain.', { dynamic: true }),
    at('ntlmVersion', 'string', 'NTLM version.', { dynamic: true }),
  ],
  'none',
);

const eventAttribute = el(
  'attribute',
  'One attribute of the published event: literal or computed.',
  [
    req('name', 'string', 'Attribute name.'),
    req('type', 'string', 'Attribute type (STRING, INTEGER, ...).'),
    at('defaultValue', 'string', 'Value used when the computed one is empty.'),
    at('value', 'string', 'Literal value.'),
    expr('expression', 'Expression computing the value.'),
  ],
  'none',
  { exclusive: [['value', 'expression']] },
);
const eventAttrGroup = (name: string, doc: string) => el(name, doc, [], [many(eventAttribute)]);

export const PUBLISH_EVENT = med(
  'publishEvent',
  'advanced',
  true,
  'Builds an analytics event from the message (meta, correlation, payload and arbitrary attributes) and publishes it to an event sink of a stream processor.',
  [bool('async', 'true', 'Publish without waiting.'), at('timeout', 'integer', 'Publishing timeout (ms).')],
  [
    ch(textEl('eventSink', 'Name of the event sink.'), 1),
    ch(textEl('streamName', 'Name of the event stream.'), 1),
    ch(textEl('streamVersion', 'Version of the event stream.'), 1),
    ch(
      el(
        'attributes',
        'The attributes of the event by group.',
        [],
        [
          ch(eventAttrGroup('meta', 'Meta attributes.')),
          ch(eventAttrGroup('correlation', 'Correlation attributes.')),
          ch(eventAttrGroup('payload', 'Payload attributes.')),
          ch(eventAttrGroup('arbitrary', 'Arbitrary attributes.')),
        ],
      ),
      1,
    ),
  ],
);

export const SAMPLER = med(
  'sampler',
  'eip',
  false,
  'Sampling throttle: queues incoming messages and releases them to the target at a fixed rate (so many per unit of time).',
  [
    at('id', 'string', 'Identifier of the sampler.'),
    at('rate', 'integer', 'Messages released per unit of time.'),
    at('unitTime', 'integer', 'The unit of time in milliseconds.'),
  ],
  [
    ch(
      el(
        'messageQueue',
        'The queue holding waiting messages.',
        [at('class', 'class', 'Queue implementation class.')],
        'none',
      ),
    ),
    ch(SPLIT_TARGET, 1),
  ],
);

export const EVENT_PUBLISHER = med(
  'eventPublisher',
  'advanced',
  true,
  'Publishes the message to the subscribers of a Synapse event source (WS-Eventing).',
  [req('eventSourceName', 'string', 'Name of the event source.')],
  'none',
);

/** Every mediator, in catalogue order. */
export const MEDIATORS: readonly MediatorDecl[] = Object.freeze([
  LOG,
  PROPERTY,
  PROPERTY_GROUP,
  VARIABLE,
  HEADER,
  DROP,
  RESPOND,
  LOOPBACK,
  SEQUENCE_REF,
  CALL,
  SEND,
  CALLOUT,
  STORE,
  CALL_TEMPLATE,
  VALIDATE,
  THROW_ERROR,
  FILTER,
  SWITCH,
  THROTTLE,
  CACHE,
  CONDITIONAL_ROUTER,
  IN,
  OUT,
  PAYLOAD_FACTORY,
  ENRICH,
  XSLT,
  FAST_XSLT,
  MAKEFAULT,
  JSONTRANSFORM,
  REWRITE,
  XQUERY,
  SMOOKS,
  DATAMAPPER,
  BUILDER,
  ITERATE,
  FOREACH,
  AGGREGATE,
  CLONE,
  SCATTER_GATHER,
  SCRIPT,
  CLASS,
  POJO_COMMAND,
  BEAN,
  EJB,
  SPRING,
  OPA,
  DBLOOKUP,
  DBREPORT,
  TRANSACTION,
  ENQUEUE,
  EVENT,
  DATA_SERVICE_CALL,
  ENTITLEMENT_SERVICE,
  OAUTH_SERVICE,
  NTLM,
  PUBLISH_EVENT,
  SAMPLER,
  EVENT_PUBLISHER,
]);

// ============================================================ connector operations

// MediatorFactoryFinder.getDynamicInvokeMediator reads configKey and nothing else from the element's attributes
// (responseVariable and overwriteBody are child elements: InvokeMediator finds them among the parameters); another
// attribute on the operation of a known connector is reported by core/validate/rules/connectors.ts
const CONNECTOR_OP_ATTRS = [
  key('configKey', 'localEntry', 'Key of the local entry holding the connection (<connector.init>).', {
    dynamic: false,
  }),
];

const connectorOps = new Map<string, MediatorDecl>();
/** A connector operation element `<connector.operation>`: parameters are child elements (open content). */
export function connectorOperationDecl(local: string): MediatorDecl {
  let d = connectorOps.get(local);
  if (!d) {
    const dot = local.indexOf('.');
    d = med(
      local,
      'connector',
      true,
      `Operation \`${local.slice(dot + 1)}\` of the \`${local.slice(0, dot)}\` connector. Its parameters are child elements; their text may be a literal or an expression such as {\${...}}, {json-eval(...)} or {//xpath}.`,
      CONNECTOR_OP_ATTRS,
      'any',
      { openAttributes: true, openContent: true, contentAwareByConfig: true },
    );
    if (connectorOps.size < 10_000) connectorOps.set(local, d);
  }
  return d;
}

/** Whether a local name has the connector operation shape `prefix.operation` (both parts non-empty). */
export function isConnectorOperation(local: string): boolean {
  const dot = local.indexOf('.');
  return dot > 0 && dot < local.length - 1;
}
