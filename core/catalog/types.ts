/**
 * The shape of the catalog: one declaration per element (artifact roots, mediators, and their sub-elements).
 * The language server reads it for completion, hover and validation; the runtime reads names and defaults from it.
 */

/** How an attribute's value is read. */
export type AttrType =
  | 'string'
  | 'boolean' // true|false
  | 'integer'
  | 'number'
  | 'enum' // one of `values`
  | 'expression' // XPath 1.0, json-eval(...), or ${...}: classified as SynapsePathFactory does
  | 'xpath' // XPath only
  | 'jsonpath'
  | 'regex' // a Java regular expression
  | 'key' // a static key, or a dynamic `{expression}` (ValueFactory rules)
  | 'name' // an artifact's own name
  | 'uri'
  | 'uri-template'
  | 'url-mapping'
  | 'context' // API context
  | 'qname'
  | 'class'; // a Java class name

/** What a `key`-like attribute refers to (for completion, go-to-definition, references, rename). */
export type RefKind =
  | 'sequence'
  | 'endpoint'
  | 'sequenceTemplate'
  | 'endpointTemplate'
  | 'template' // either kind of template
  | 'localEntry'
  | 'messageStore'
  | 'messageProcessor'
  | 'api'
  | 'proxy'
  | 'inboundEndpoint'
  | 'task'
  | 'registry' // a registry resource path (gov:/conf:)
  | 'resource'; // local entry or registry resource (xslt keys, schema keys, script keys, ...)

export interface AttributeDecl {
  name: string;
  type: AttrType;
  /** For `enum`: the allowed values (as written; `caseInsensitive` when MI accepts any case). */
  values?: string[];
  /** For `enum`: a short explanation per value (completion details, hover). */
  valueDocs?: Record<string, string>;
  caseInsensitive?: boolean;
  /** For `enum`: MI trims the value before comparing (e.g. an endpoint's format, log category). */
  trim?: boolean;
  /**
   * For `enum` (and `integer`): MI deploys any other value (its factory stores it, ignores it or falls back to a
   * default): what it then does, said in the warning (e.g. "reads it as disable"). Absent: MI refuses another value
   * (an error).
   */
  lenient?: string;
  /**
   * With `lenient`: another value is refused after all when the element has this attribute (optionally with this
   * value), e.g. a property's `type` is converted at deploy time only with a `value`.
   */
  strictWith?: [attribute: string, value?: string];
  /**
   * The factory does not read this attribute at all when another one has this value (compared ignoring case), e.g.
   * LogMediatorFactory reads no level once logFullPayload parses as true: its value is not checked then.
   */
  unreadWith?: [attribute: string, value: string];
  /** The factory passes over an empty value as if the attribute were absent (e.g. APIFactory: `!"".equals(...)`). */
  allowEmpty?: boolean;
  /** For `enum`: older values still met in real configurations, flagged (SYN110) with what to write instead. */
  deprecatedValues?: Record<string, string>;
  default?: string;
  required?: boolean;
  /**
   * With `required`: the factory deploys the element without this attribute after all, and what happens then (said
   * in a SYN102 warning instead of an error); completion still inserts it.
   */
  missingDeploys?: string;
  /** The factory refuses an empty value (what it says): an error (an artifact's own `name`/`key` always is). */
  nonEmpty?: string;
  /** With `nonEmpty`: the factory trims first (Java's String.trim), so a value of spaces is refused too. */
  nonBlank?: boolean;
  /** For key-like attributes: what the value names. */
  ref?: RefKind;
  /** Value may be dynamic `{...}` (ValueFactory). */
  dynamic?: boolean;
  doc: string;
  since?: string;
  deprecated?: string;
}

/**
 * What may appear inside an element:
 * - `mediators`: any mediator (a mediator list, e.g. inSequence, then, case);
 * - `endpoint`: an endpoint definition (address/http/default/wsdl/failover/loadbalance/recipientlist/template);
 * - `any`: free XML (e.g. payloadFactory format, inline property value, enrich inline);
 * - `none`: empty element;
 * - a list of named child elements.
 */
export type ContentDecl = 'mediators' | 'endpoint' | 'any' | 'none' | 'text' | ChildDecl[];

export interface ChildDecl {
  /** Local name of the child element. */
  name: string;
  min?: number; // default 0
  max?: number; // default 1; Infinity for unbounded
  /**
   * With `min`: MI deploys the parent without this child after all, and what happens then (said in a SYN106
   * warning instead of an error); completion still inserts the child.
   */
  lenientMin?: string;
  /** The child's declaration (attributes and content). */
  element: ElementDecl;
}

export interface ElementDecl {
  /** Local name. */
  name: string;
  doc: string;
  attributes: AttributeDecl[];
  content: ContentDecl;
  /** Text content kind when the element holds text (e.g. `expression` for a source with an XPath). */
  text?: 'expression' | 'xpath' | 'template' | 'string' | 'script';
  /** Attributes that exclude one another (e.g. [['value', 'expression']]). At most one of each group. */
  exclusive?: string[][];
  /**
   * Attribute groups of which MI reads the first one given, in this order, and passes over the others (e.g. a
   * property's value before its expression): giving more than one is a warning, not an error. The builders add
   * these groups to `exclusive` too (as the same arrays), so completion leaves the other members out.
   */
  firstWins?: string[][];
  /** Groups of which exactly one is required (e.g. value or expression for property set). */
  oneOfRequired?: string[][];
  /** Accept any attribute not declared (e.g. connector operations, class mediator properties). */
  openAttributes?: boolean;
  /** Accept any child element not declared. */
  openContent?: boolean;
  /**
   * Every child element, whatever its name and namespace, is read as this named child: the factory takes
   * getChildElements() without looking at names (payloadFactory `<args>`: PayloadFactoryMediatorFactory).
   */
  anyChildAs?: string;
  since?: string;
  /**
   * With a `ChildDecl[]` content: mediators may also appear among the named children (a named sequence's
   * `<description>` followed by mediators; the legacy `<filter xpath>` form whose mediators sit directly inside).
   */
  mediators?: boolean;
  /** A mediator list that must hold at least one mediator (MI refuses to deploy it empty, e.g. validate's on-fail). */
  nonEmpty?: boolean;
  /**
   * A child completion inserts when the element has no required child of its own but MI needs one of several (an
   * endpoint's definition: EndpointFactory refuses an endpoint with none).
   */
  snippetChild?: string;
  /** Content completion inserts for an element whose content the catalog does not declare (`any`). */
  snippetBody?: string;
  /** Mediators not allowed in this mediator list (e.g. call/send/callout inside a classic foreach sequence). */
  excludeMediators?: string[];
  /** Attribute pairs [a, b]: when `a` is given, `b` must be given too (e.g. ['group', 'pattern']). */
  requires?: [string, string][];
  /** When `oneOfRequired` does not apply: an attribute with a value (e.g. action="remove"), or when the element has child content (inline XML). */
  oneOfRequiredUnless?: { attribute?: [string, string]; content?: boolean };
  /** Deprecated or legacy element: accepted but flagged (the text says what to use instead). */
  deprecated?: string;
  /** Rules that depend on an attribute's value (e.g. enrich source type="property" needs `property`). */
  conditions?: ConditionalRule[];
}

/**
 * A rule that applies when an attribute has a value. The attribute's declared default counts when it is absent
 * (so `when: ['parallel-execution', 'true']` also applies to an element without that attribute, its default being
 * true). Values compare case-sensitively.
 */
export interface ConditionalRule {
  when: [attribute: string, value: string];
  /** Attributes that must then be given. */
  require?: string[];
  /** Attributes that must then be absent. */
  forbid?: string[];
}

export type MediatorCategory =
  'core' | 'flow' | 'transformation' | 'eip' | 'extension' | 'advanced' | 'connector';

export interface MediatorDecl extends ElementDecl {
  category: MediatorCategory;
  /** MI version that introduced the mediator (e.g. '4.4.0'); omitted for ones as old as MI itself. */
  since?: string;
  /** The mediator ends the flow: mediators after it in the same list never run. */
  terminal?: boolean;
  /** Reads or writes the payload (forces building the message; pass-through is not possible). */
  contentAware: boolean;
  /** Deprecated or legacy mediators are accepted but flagged. */
  deprecated?: string;
  /**
   * `contentAware` is the worst case; true here means whether the payload is read depends on the configuration
   * (log level, expressions over the payload, source/target types): the engine decides per instance.
   */
  contentAwareByConfig?: boolean;
  /**
   * Forms of the same element picked by the attributes present (e.g. foreach v2 when `collection` is given).
   * The resolver returns the first variant whose `whenAttributes` has an attribute on the element; otherwise this
   * declaration (which then holds the union of all forms' attributes).
   */
  variants?: MediatorVariant[];
}

export interface MediatorVariant {
  /** A short label, e.g. 'v2'. */
  label: string;
  /** The variant applies when the element has any of these attributes. */
  whenAttributes: string[];
  /** Or when an attribute has a given value (e.g. ['version', 'v2']). */
  whenValue?: [string, string];
  decl: MediatorDecl;
}

export type ArtifactKind =
  | 'api'
  | 'proxy'
  | 'sequence'
  | 'endpoint'
  | 'localEntry'
  | 'sequenceTemplate'
  | 'endpointTemplate'
  | 'inboundEndpoint'
  | 'task'
  | 'messageStore'
  | 'messageProcessor'
  | 'dataService'
  | 'unitTest'
  | 'mockService';

export interface ArtifactDecl {
  kind: ArtifactKind;
  /** Root element local name (`template` covers both template kinds; the child decides). */
  root: string;
  /** Folder names under `artifacts/` (MI layout) or `synapse-config/` (Integration Studio layout). */
  folders: string[];
  /** CAR artifact type, e.g. `synapse/api`. */
  carType: string;
  element: ElementDecl;
  doc: string;
}
