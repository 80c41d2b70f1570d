/**
 * Every diagnostic code the validator reports, with its default severity and a one-line explanation.
 * docs/diagnostics.md lists the same table (a test keeps the two in step).
 */
import type { Severity } from '../diagnostics';

export interface CodeInfo {
  severity: Severity;
  title: string;
}

export const CODES = {
  // XML well-formedness (core/xml)
  XML_UNCLOSED_START_TAG: { severity: 'error', title: "A start tag is not closed with '>'." },
  XML_MISSING_END_TAG: { severity: 'error', title: 'An element has no end tag.' },
  XML_UNEXPECTED_END_TAG: { severity: 'error', title: 'An end tag has no matching start tag.' },
  XML_DUPLICATE_ATTRIBUTE: { severity: 'error', title: 'The same attribute is given twice on one element.' },
  XML_ATTRIBUTE_WITHOUT_VALUE: { severity: 'error', title: 'An attribute has no value.' },
  XML_UNQUOTED_ATTRIBUTE: { severity: 'error', title: 'An attribute value is not in quotes.' },
  XML_LT_IN_ATTRIBUTE: { severity: 'error', title: "A '<' inside an attribute value." },
  XML_BAD_ENTITY: { severity: 'error', title: "An unescaped '&' or an invalid character reference." },
  XML_UNDEFINED_ENTITY: {
    severity: 'error',
    title: 'An entity other than the five predefined ones (never expanded).',
  },
  XML_DOCTYPE: {
    severity: 'error',
    title: 'A DOCTYPE/DTD: refused, nothing is fetched or expanded (no XXE, no entity expansion).',
  },
  XML_BAD_DECLARATION: { severity: 'error', title: "An unexpected '<!' declaration." },
  XML_DECLARATION_NOT_FIRST: {
    severity: 'error',
    title: 'The XML declaration is not at the start of the file.',
  },
  XML_TEXT_OUTSIDE_ROOT: { severity: 'error', title: 'Text outside the root element.' },
  XML_MULTIPLE_ROOTS: { severity: 'error', title: 'More than one root element.' },
  XML_NO_ROOT: { severity: 'error', title: 'No root element.' },
  XML_BAD_NAME: { severity: 'error', title: 'An invalid element name.' },
  XML_BAD_COMMENT: {
    severity: 'error',
    title: "'--' inside a comment (a warning after the root element and outside configuration files).",
  },
  XML_UNTERMINATED: { severity: 'error', title: 'An unterminated comment or CDATA section.' },
  XML_UNDECLARED_PREFIX: { severity: 'error', title: 'A namespace prefix that is not declared.' },
  XML_TOO_DEEP: { severity: 'error', title: 'Elements nested too deeply (hostile input guard).' },

  // Synapse structure (catalog-driven)
  SYN001: {
    severity: 'error',
    title: 'The root element is not in the Synapse namespace (http://ws.apache.org/ns/synapse).',
  },
  SYN002: { severity: 'error', title: 'The root element is not a Synapse artifact.' },
  SYN003: {
    severity: 'warning',
    title: 'An element inside a Synapse artifact is in another namespace where Synapse expects its own.',
  },
  SYN100: { severity: 'error', title: 'Unknown element (with a "did you mean" suggestion).' },
  SYN101: { severity: 'warning', title: 'Unknown attribute (with a "did you mean" suggestion).' },
  SYN102: { severity: 'error', title: 'A required attribute is missing.' },
  SYN103: { severity: 'error', title: 'A value is not one of the allowed values.' },
  SYN104: {
    severity: 'error',
    title: 'A value has the wrong type (boolean, integer, number, regular expression).',
  },
  SYN105: { severity: 'error', title: 'A mediator or element is not allowed at this place.' },
  SYN106: { severity: 'error', title: 'A required child element is missing.' },
  SYN107: { severity: 'warning', title: 'A child element appears more often than allowed.' },
  SYN108: {
    severity: 'error',
    title: 'Attributes that exclude one another are both given (e.g. value and expression).',
  },
  SYN109: {
    severity: 'error',
    title: 'None of the required alternatives is given (e.g. neither value nor expression).',
  },
  SYN110: { severity: 'warning', title: 'A deprecated element or attribute.' },
  SYN111: { severity: 'warning', title: 'Text content where the element takes none (MI ignores it).' },
  SYN112: {
    severity: 'error',
    title: 'A rule that depends on a value is broken (e.g. enrich type="property" without property).',
  },

  // References and names (project index)
  SYN200: {
    severity: 'warning',
    title:
      'A reference (sequence, endpoint, template, local entry, message store, ...) that no artifact of the project defines.',
  },
  SYN201: { severity: 'error', title: 'Two artifacts of the same kind share a name.' },
  SYN202: { severity: 'info', title: "The file name does not match the artifact's name." },
  SYN203: {
    severity: 'warning',
    title: 'A registry resource key that no file under the resources folder provides.',
  },

  // Flow
  SYN300: {
    severity: 'warning',
    title: 'Unreachable mediator: it follows respond, drop or loopback in the same sequence.',
  },

  // Expressions (core/expressions)
  EXPR_XPATH_SYNTAX: { severity: 'error', title: 'An XPath expression has a syntax error.' },
  EXPR_JSONPATH_SYNTAX: { severity: 'error', title: 'A json-eval JSONPath expression has a syntax error.' },
  EXPR_SYNAPSE_SYNTAX: { severity: 'error', title: 'A ${...} Synapse expression has a syntax error.' },
  EXPR_UNKNOWN_FUNCTION: { severity: 'error', title: 'An expression calls a function that does not exist.' },
  EXPR_BAD_ARITY: { severity: 'error', title: 'A function is called with the wrong number of arguments.' },
  EXPR_UNKNOWN_VARIABLE: { severity: 'error', title: 'An expression uses an unknown variable or root.' },
  EXPR_UNDECLARED_PREFIX: {
    severity: 'warning',
    title: 'An XPath uses a namespace prefix not declared on the element or its ancestors.',
  },
  EXPR_EMPTY: { severity: 'error', title: 'An empty expression (or an empty ${}).' },
  EXPR_UNTERMINATED_STRING: {
    severity: 'error',
    title: 'A quoted string inside an expression is not closed.',
  },
  EXPR_XPATH2_FUNCTION: {
    severity: 'warning',
    title: 'An XPath 2.0 function: Micro Integrator needs synapse.xpath.dom.failover.enabled for it.',
  },
  EXPR_UNKNOWN_SCOPE: {
    severity: 'error',
    title: 'An unknown scope in params.<kind>, props.<scope> or get-property(scope, ...).',
  },
  EXPR_LEGACY_SPELLING: {
    severity: 'warning',
    title: 'A pre-release MI 4.4 spelling (var., config., params.uriParams, secret()).',
  },
  EXPR_UNTERMINATED_TEMPLATE: {
    severity: 'warning',
    title: 'An inline ${ in text without its closing } (MI leaves it as text).',
  },

  // API and resource rules
  SYN400: { severity: 'error', title: 'An invalid uri-template.' },
  SYN401: { severity: 'warning', title: 'A url-mapping MI deploys but reads literally (it rarely matches).' },
  SYN402: {
    severity: 'error',
    title: "An API context that does not start with '/' or is otherwise invalid.",
  },
  SYN403: {
    severity: 'error',
    title: 'An API version without version-type (or a context {version} without version-type="context").',
  },
  SYN404: {
    severity: 'error',
    title: 'Two resources of one API with the same methods and the same uri-template/url-mapping.',
  },
  SYN405: { severity: 'error', title: 'Unknown HTTP method in a resource.' },

  // Mediator-specific rules
  SYN500: { severity: 'warning', title: 'payloadFactory: the format uses $n beyond the number of args.' },
  SYN501: { severity: 'warning', title: 'payloadFactory: an arg that the format never uses.' },
  SYN502: {
    severity: 'error',
    title: 'A SOAP header name needs a declared namespace prefix (header mediator, default scope).',
  },
  SYN503: {
    severity: 'error',
    title: "An attribute that needs another one (e.g. property 'group' needs 'pattern').",
  },
  SYN504: {
    severity: 'warning',
    title: 'A template call passes a parameter the template does not declare, or misses a mandatory one.',
  },
  SYN505: {
    severity: 'warning',
    title: "payloadFactory FreeMarker template reads 'var' (MI 4.4 binds the variables as 'vars').",
  },

  // Connectors (the project's connector zips, or the built-in HTTP connector): MI deploys all of these
  SYN600: {
    severity: 'warning',
    title: 'A connector operation the connector does not have (MI deploys it; it fails when a message runs).',
  },
  SYN601: {
    severity: 'warning',
    title: "A parameter the connector operation's template does not declare (MI ignores it).",
  },
  SYN602: { severity: 'warning', title: 'A parameter the connector declares required is missing.' },
  SYN603: {
    severity: 'warning',
    title: "A configKey naming a local entry that is not a connection of the operation's connector.",
  },
  SYN604: {
    severity: 'warning',
    title: 'A connector zip of the project was ignored (unsafe, too large or not a connector).',
  },
  // the runtime's load codes for what MI refuses when it deploys an HTTP connection (core/httpConnection.ts)
  RT_BAD_CONNECTION: {
    severity: 'error',
    title:
      'An HTTP connection whose endpoint MI refuses to deploy (timeout, authentication without its values).',
  },
  RT_SCRIPT_SYNTAX: {
    severity: 'error',
    title: 'An inline JavaScript that does not compile (MI compiles it when it deploys the script mediator).',
  },
  RT_FREEMARKER_SYNTAX: {
    severity: 'error',
    title:
      'A payloadFactory FreeMarker template that does not parse (MI compiles it when it deploys the mediator).',
  },
  RT_ITERATE_ATTACH: {
    severity: 'error',
    title:
      "An iterate attachPath MI refuses when it deploys it (IterateMediatorFactory: without preservePayload, or not the expression's kind).",
  },
  RT_MAKEFAULT: {
    severity: 'error',
    title:
      'A makefault MI refuses when it deploys it (FaultMediatorFactory: a fault code of another SOAP version, no code or reason, a node or role that is no URI).',
  },
  RT_BAD_TIMEOUT_ACTION: {
    severity: 'error',
    title: 'An HTTP connection whose timeoutAction is not Never, Discard or Fault.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function severityOf(code: string): Severity {
  return (CODES as Record<string, CodeInfo>)[code]?.severity ?? 'error';
}
