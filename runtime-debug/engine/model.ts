/** The compiled configuration: mediator objects, sequences, APIs, proxies, endpoints, templates. */
import type { CorsHandlerConfig } from './cors';
import type { EndpointAuth } from './endpointAuth';
import type { MessageContext } from './context';
import type { Expr } from './expressions';
import type { Executor } from './executor';
import type { Expr as ExprT } from './expressions';

export interface SourcePos {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Mediator extends SourcePos {
  /** Element name (e.g. `log`, `payloadFactory`, `http.get`). */
  readonly name: string;
  /** Needs the payload built before it runs. */
  readonly contentAware: boolean;
  /** Runs the mediator; returns false when the flow stops here (drop, respond, send). */
  /**
   * True to go on with the next mediator (a mediator with nothing to wait for may answer without a promise). A
   * promise that settles with nothing means go on, unless the mediation stopped (`ctx.stopped`).
   */
  mediate(ctx: MessageContext, ex: Executor): Promise<boolean | void> | boolean;
  /**
   * How the mediator words a body that cannot be read, when building it for this mediator fails (MI builds lazily:
   * the mediator meets the parser's exception itself). Without it the build's error goes to the fault handler.
   */
  unreadable?(e: Error, ctx: MessageContext, ex: Executor): Error;
}

export interface SequenceDef extends SourcePos {
  name: string;
  mediators: Mediator[];
  /** Key of the sequence that handles errors raised inside this one. */
  onError?: string;
  contentAware: boolean;
}

export interface TemplateParam {
  name: string;
  defaultValue?: string;
  mandatory: boolean;
}

export interface SequenceTemplateDef extends SourcePos {
  name: string;
  params: TemplateParam[];
  sequence: SequenceDef;
  onError?: string;
}

export interface ResourceDef extends SourcePos {
  methods: string[];
  uriTemplate?: string;
  urlMapping?: string;
  /** Matcher compiled from uri-template / url-mapping. */
  match: (path: string, query: string) => Record<string, string> | undefined;
  /** `protocol`: only requests that came in over http, or over https (Synapse Resource.canProcess). */
  protocol?: 'http' | 'https';
  /** `content-type`: a request with a body must carry exactly this Content-Type header. */
  contentType?: string;
  /** `user-agent`: a regular expression the whole User-Agent header must match (Java String.matches). */
  userAgent?: RegExp;
  /** Specificity for ordering candidates (exact before templates, longer first). */
  inSequence?: SequenceRef;
  outSequence?: SequenceRef;
  faultSequence?: SequenceRef;
  label: string;
  /** `binds-to` of the resource, or its API's (absent: the listener only). */
  bindsTo?: string[];
}

/** A sequence given inline, or by key (resolved at run time so hot-deploys take effect). */
export type SequenceRef = { inline: SequenceDef } | { key: string };

export interface ApiDef extends SourcePos {
  name: string;
  context: string;
  version?: string;
  versionType?: 'url' | 'context';
  hostname?: string;
  port?: string;
  resources: ResourceDef[];
  /**
   * `binds-to`: the inbound endpoints (and `default`, the HTTP listener) that serve it; absent, the listener only
   * (InboundApiUtils.populateBindsTo).
   */
  bindsTo?: string[];
  /** `publishSwagger`: the registry resource whose document MI serves as the API's definition (`?swagger.json`). */
  publishSwagger?: string;
  /** The API engages MI's RESTBasicAuthHandler (`<handlers>`): a request needs a user's Basic credentials. */
  basicAuth?: boolean;
  /**
   * MI 4.5's per-API CORS handler (`<handler class="…CORSRequestHandler">`); `beforeAuth` when it is listed before
   * the basic-auth handler (API.process runs the handlers in order).
   */
  corsHandler?: CorsHandlerConfig & { beforeAuth: boolean };
  /** Runtime key: name or name:v<version>. */
  key: string;
}

export interface ProxyDef extends SourcePos {
  name: string;
  inSequence?: SequenceRef;
  outSequence?: SequenceRef;
  faultSequence?: SequenceRef;
  endpoint?: EndpointRef;
  wsdl?: string;
  /**
   * `<publishWSDL uri>` naming a file that cannot be opened: MI's ProxyService.buildAxisService gets an IOException
   * and the proxy is not deployed (with enablePublishWSDLSafeMode, a warning and still no service).
   */
  wsdlUnreadable?: string;
  startOnLoad: boolean;
  transports: string[];
  /** `pinnedServers`: the server names that deploy it (ProxyService.buildAxisService); empty or absent, any. */
  pinnedServers?: string[];
  /** Its `<parameter>`s (transport.vfs.* for the vfs transport, …). */
  params: Record<string, string>;
  /** It names QoS (enableAddressing, enableSec, enableRM, policy): the relay path leaves it to the mediation path. */
  qos?: true;
  /** Its `<description>` text, trimmed (ProxyServiceFactory): the Axis2 service's documentation when not empty. */
  description?: string;
  /**
   * `<publishWSDL><resource location key/>`: the registry or local entry key each schema location of the WSDL resolves
   * to (ProxyServiceFactory, ResourceMap; CustomXmlSchemaURIResolver).
   */
  wsdlResources?: { location: string; key: string }[];
}

export interface InboundDef extends SourcePos {
  name: string;
  protocol: string;
  sequence?: string;
  onError?: string;
  params: Record<string, string>;
  /** Parameters given as a registry key (`<parameter name key/>`): their value is the entry's text at deployment. */
  paramKeys?: Record<string, string>;
  suspended: boolean;
}

export interface TaskDef extends SourcePos {
  name: string;
  className: string;
  /** Seconds between runs (simple trigger). */
  intervalS?: number;
  /** Number of runs (-1 = forever). */
  count: number;
  cron?: string;
  /** `pinnedServers`: the server names that start it (StartUpController.processPinnedServers); absent, any. */
  pinnedServers?: string[];
  properties: Record<string, string>;
  /** The `message` property when given as XML. */
  messageXml?: string;
}

export interface MessageStoreDef extends SourcePos {
  name: string;
  className: string;
  params: Record<string, string>;
}

export interface MessageProcessorDef extends SourcePos {
  name: string;
  className: string;
  kind: 'forwarding' | 'sampling' | 'failover' | 'unsupported';
  messageStore: string;
  targetEndpoint?: string;
  params: Record<string, string>;
}

/** An endpoint: inline, by key, or by a key computed per message (`key-expression`, MI's resolving endpoint). */
export type EndpointRef =
  | { inline: EndpointDef }
  | { key: string }
  | {
      keyExpr: Expr;
      keyText: string;
      /**
       * The versioned CAR's `groupId__artifactId__version` the resolving endpoint was deployed from
       * (ResolvingEndpointFactory: SYNAPSE_ARTIFACT_IDENTIFIER): a message with APPEND_ARTIFACT_IDENTIFIER true
       * looks the key up under `<id>__<key>` (ResolvingEndpoint.sendMessage).
       */
      artifactIdentifier?: string;
    };

export interface TimeoutDef {
  durationMs?: number;
  durationExpr?: Expr;
  responseAction: 'fault' | 'discard' | 'never';
}

export interface SuspendDef {
  errorCodes?: number[];
  initialDuration: number;
  progressionFactor: number;
  maximumDuration: number;
}

export interface MarkDef {
  errorCodes?: number[];
  retriesBeforeSuspension: number;
  retryDelay: number;
}

export interface EndpointPropertyDef {
  name: string;
  scope: string;
  value?: string;
  expr?: Expr;
}

export interface EndpointBase extends SourcePos {
  name?: string;
  onError?: string;
  properties: EndpointPropertyDef[];
}

export interface LeafEndpointDef extends EndpointBase {
  type: 'address' | 'http' | 'default';
  /** Set for endpoint kinds the runtime does not call (wsdl, class): calling it faults with this message. */
  unsupported?: string;
  uri?: string;
  method?: string;
  format?: string;
  timeout?: TimeoutDef;
  suspend: SuspendDef;
  mark: MarkDef;
  /**
   * `<retryConfig>`: the error codes for which a failover or loadbalance group parent does not try its next child
   * (disabled), or the only ones for which it does (enabled) (Synapse AbstractEndpoint.isRetry).
   */
  retry?: { disabled?: number[]; enabled?: number[] };
  /**
   * A wsdl endpoint: its address and SOAP version come from the named service and port of this WSDL (Synapse
   * WSDLEndpoint); read the first time the endpoint is used (wsdl.ts resolveWsdlEndpoint), which sets `uri` and `format`.
   */
  wsdl?: WsdlSource;
  /** `<enableAddressing [version]>`: WS-Addressing headers on the SOAP request it sends (final: 2005/08). */
  addressing?: 'final' | 'submission';
  /**
   * `optimize="mtom"` (EndpointDefinitionFactory, any case): the SOAP request goes as an XOP package
   * (Axis2FlexibleMEPClient: isUseMTOM sets ENABLE_MTOM "true" on the outgoing message and drops a Content-Type
   * transport header that is not multipart).
   */
  mtom?: boolean;
  /**
   * `optimize="swa"` (any case): the SOAP request goes as a SwA MIME package (Axis2FlexibleMEPClient: isUseSwa sets
   * ENABLE_SWA "true" on the outgoing message; MTOM, when also asked for by enableMTOM, wins). The Content-Type
   * transport header is kept (only the MTOM branch drops it).
   */
  swa?: boolean;
  /** An http endpoint's `<authentication>`: Basic credentials or an OAuth grant added to each send (endpointAuth.ts). */
  auth?: EndpointAuth;
}

/** Where a wsdl endpoint's WSDL is: `uri` (http(s), file: or a registry key) or inline text; the service and port. */
export interface WsdlSource {
  uri?: string;
  inline?: string;
  service: string;
  port: string;
}

export interface GroupEndpointDef extends EndpointBase {
  type: 'failover' | 'loadbalance' | 'recipientlist';
  children: EndpointRef[];
  dynamic: boolean;
  /** Recipient list given as `<endpoints value="{expr}"/>`: comma-separated addresses computed per message. */
  dynamicList?: ExprT;
  /** loadbalance failover="false": the chosen child's failure is the group's (no retry on the next child). */
  noFailover?: boolean;
  /**
   * Session affinity of a loadbalance (`<session type>` next to it): `simpleClientSession` binds the text of the
   * request's syn:ClientID SOAP header, `http` a session cookie the chosen back end set, to that child.
   */
  session?: { type: string; timeoutMs: number | undefined };
  /**
   * algorithm="org.apache.synapse.endpoints.algorithms.WeightedRoundRobin": each child's weight (its
   * loadbalance.weight property, 1 without one), in child order.
   */
  weights?: number[];
  /**
   * algorithm="org.apache.synapse.endpoints.algorithms.WeightedRRLCAlgorithm": the children heaviest first (`order`,
   * child indexes), their weights in that order, and the rounds before a recalculation.
   */
  rrlc?: { order: number[]; weights: number[]; rounds: number };
}

export interface TemplateEndpointDef extends EndpointBase {
  type: 'template';
  template: string;
  params: Record<string, string>;
}

/**
 * A named endpoint that stands for another one (Synapse IndirectEndpoint for `key`, ResolvingEndpoint for
 * `key-expression`): the real endpoint is looked up each time a message is sent through it.
 */
export interface IndirectEndpointDef extends EndpointBase {
  type: 'indirect';
  ref: EndpointRef;
}

export type EndpointDef = LeafEndpointDef | GroupEndpointDef | TemplateEndpointDef | IndirectEndpointDef;

export interface LocalEntryDef extends SourcePos {
  key: string;
  /** Inline XML (serialized), text, or a src URL. */
  kind: 'xml' | 'text' | 'src';
  value: string;
  /**
   * A connection (`<http.init>`) whose endpoint MI fails to deploy: LocalEntryDeployer adds and logs the entry, then
   * deployEndpointsForHTTPConnection fails (the factory's error, then the deployer's); the lines logDeployed prints.
   */
  endpointRefusal?: EndpointRefusal;
  /** The versioned CAR it deploys from (`groupId__artifactId__version`): a connection's endpoint is named under it. */
  artifactIdentifier?: string;
}

/** Why the endpoint of a connection local entry was not deployed: the failing factory's logger and its message. */
export interface EndpointRefusal {
  category: string;
  message: string;
  /** The exception the factory logs with its message (the first line of its trace), if any. */
  cause?: string;
}

export type ArtifactKind =
  | 'api'
  | 'proxy'
  | 'sequence'
  | 'endpoint'
  | 'localEntry'
  | 'template'
  | 'inboundEndpoint'
  | 'task'
  | 'messageStore'
  | 'messageProcessor'
  | 'other';

export interface DeployedArtifact {
  kind: ArtifactKind;
  name: string;
  file: string;
  state: 'active' | 'inactive' | 'failed';
  /** Present for a failed artifact. */
  error?: string;
}
