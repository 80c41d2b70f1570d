/**
 * The embedded runtime: deployed artifacts, the HTTP listener(s) and the glue between transport and mediation.
 * See index.ts for the public API.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { readXmlFile } from '../../core/xml/decode';
import { answerDefinition, answerTooLarge, SERVER_NAME } from './answers';
import { domHash } from './domHash';
import { refuseDuplicates, shadowedByKey, type RefusalLine, type RegistryKind } from './duplicates';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { resolve as resolvePath, relative, extname, join, isAbsolute } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { discoverProject } from '../../core/project/discover';
import {
  answerClientError,
  chunkingDisabled,
  copiedLength,
  KNOWN_METHODS,
  listenerErrorAnswer,
  ListenerResponse,
  replyConnection,
  replyLength,
  serveConnect,
  takeSentMethod,
} from './listenerResponse';
import { metadataDirs } from '../../core/car/metadata';
import { publishedDefinition, registryKeyOf } from './apiDefinition';
import { compileFile, instantiateEndpointTemplate, type CompiledFile, type CompileOptions } from './compile';
import {
  contentTypeAlone,
  Headers,
  MessageContext,
  namedContentType,
  answerContentType,
  restXml,
  stringOf,
  type FlowInfo,
} from './context';
import { needsRequestFacts, selectApi, selectResource, supportedMethods, type ApiMatch } from './dispatch';
import { parseXmlPayload } from './xml/parse';
import { parseXml } from '../../core/xml';
import {
  ACA_HEADERS,
  ACA_METHODS,
  ACA_ORIGIN,
  allowedOrigin,
  ACA_CREDENTIALS,
  ACA_MAX_AGE,
  corsRecord,
  corsReplyLines,
  DEFAULT_CORS,
  handlerCorsRecord,
  writeCorsProps,
  type CorsConfig,
  type CorsHandlerConfig,
  type CorsRecord,
} from './cors';
import { readDeploymentToml } from './deploymentToml';
import { readRemoteText } from './remoteText';
import {
  projectDescriptor,
  serviceNameEnd,
  versionedXml,
  type VersionedDescriptor,
} from '../../core/car/versioned';
import {
  HttpEndpoints,
  LOCAL_TRANSPORT_HEADER,
  MI_UNWANTED_HEADERS,
  receivedActionOf,
  withPostfix,
  writeMessageFile,
} from './endpoints';
import { DROP_ON_CORS_REPLY, DROP_ON_REPLY, replyHeadLines } from './replyHead';
import {
  drainUnused,
  mayRelay,
  proxyRelayFlowOf,
  relay,
  relayableRequest,
  relayEndpoint,
  relayFlowOf,
  relayReadsRoute,
  relayUrl,
  requestHeaders,
  type RawExchange,
  type RelayHost,
  type RelayRequest,
  type RelayRoute,
  type Replay,
} from './relay';
import { installRawFront, takeResume, type RawFront, type RawFrontHost } from './rawFront';
import {
  MediationError,
  PayloadError,
  PayloadTooLargeError,
  SendBackError,
  type LoadProblem,
} from './errors';
import { artifactLabel, Executor, type DebugHook, type Registry } from './executor';
import { injectInbound } from './inboundInject';
import type {
  ApiDef,
  DeployedArtifact,
  EndpointDef,
  InboundDef,
  LocalEntryDef,
  MessageStoreDef,
  ProxyDef,
  ResourceDef,
  SequenceDef,
  SequenceRef,
  SequenceTemplateDef,
  TaskDef,
} from './model';
import { Payload } from './payload';
import { isSmallBody, readSmallBody } from './smallBody';
import { openApiFor } from './openapi';
import {
  documentElementOnly,
  annotationPi,
  generatedProxyWsdl,
  importedWsdl,
  metadataItem,
  proxyOperationOf,
  proxyWsdl2,
  proxyXsd,
  publishedProxyWsdl,
  mergedImports,
  schemaMappings,
  type SchemaMappings,
  userWsdlLocations,
} from './wsdl';
import { writtenDocument } from './wsdlLayout';
import { mimeMode } from './mtom';
import { isTrueExplicitly } from './mediators/util';
import { knownMediator } from './catalogBridge';
import { parseJavaProperties } from './expr/registryProperties';
import { javaRegExp } from './javaRegex';
import { MessageStores, processorTick, restore, type ProcessorState, type StoredMessage } from './stores';
import { nextFire, parseCron, type Cron } from '../../core/cron';
import { WireTap } from './wire';
import { randomUuid } from './uuid';
import { serverEntry } from './serverEntries';
import {
  fileContentType,
  maskPassword,
  pollingOf,
  pollOnce,
  type FilePolling,
  type PolledFile,
} from './files';
import { axisFaultContentType, axisFaultEnvelope } from './axisFault';
import { httpConnectionEndpoint } from './connectors/http/endpoint';
import { trustProjectCertificates } from './tlsTrust';
import { DataServices } from './dataservices/serve';
import {
  dataSourceFromText,
  findCarbonDataSource,
  type CarbonDataSource,
} from './dataservices/carbonSources';
import { closeRemoteFileSystems } from './remoteFs';
import { RabbitMQService } from './rabbitmq/service';
import { MqttService } from './mqtt/service';
import { MailListener, type PolledMail } from './mail/listener';
import { jsonOutputSettings, setJsonOutputSettings, type JsonOutputSettings } from './jsonxml';
import { setXPathDomFailover } from './expr/xpath';
import './mediators';

export interface RuntimeOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** HTTP listener port (default 8290; 0 = ephemeral). */
  httpPort?: number;
  /** Largest accepted request body in bytes (default 10 MiB); larger requests are answered 413. */
  maxBodyBytes?: number;
  /** Deepest accepted payload nesting (default 1000). */
  maxDepth?: number;
  /** Environment for `$SYSTEM:` / `get-property('env', ..)` (default process.env). */
  env?: Record<string, string | undefined>;
  /** Config parameters for `${configs.x}` (MI 4.4), as MI's system properties: an environment variable wins. */
  configs?: Record<string, string>;
  /** Run scheduled tasks (MessageInjector) while started (default true). */
  runTasks?: boolean;
  /**
   * The HTTPS listener (MI's pass-through HTTPS, 8253): its port (0 = ephemeral) and the PEM key and certificate it
   * presents. It serves what the HTTP listener serves; messages carry TRANSPORT_IN_NAME https.
   */
  https?: { port: number; key: string | Buffer; cert: string | Buffer };
  /**
   * Serve an API resource whose flow is only a plain `<call>` then `<respond/>` by the relay path (relay.ts): the
   * same bytes out, without the mediation machinery (default true).
   */
  relay?: boolean;
  /**
   * The listener's socket timeout in ms (MI's http.socket.timeout, deployment.toml `[transport.http] socket_timeout`,
   * default 180000): a client's connection that the flow left unanswered is closed once idle for this long.
   */
  socketTimeoutMs?: number;
  /**
   * MI's synapse.timeout_handler_interval in ms (deployment.toml `[synapse_properties]`, default 15000): the
   * TimeoutHandler runs at the start and then this often, and expires a call whose `<timeout>` (action NONE) has
   * passed at its first run after it.
   */
  timeoutHandlerIntervalMs?: number;
}

export interface DeployInput {
  /** File name (path) of the artifact, used in messages and to replace/undeploy it later. */
  name: string;
  text: string;
  /** The versioned CAR it comes from (`groupId__artifactId__version`), if any. */
  artifactIdentifier?: string;
}

export interface DeployResult {
  /** Errors: the artifact (or the broken part of it) does not work. */
  problems: LoadProblem[];
  /** Features the embedded runtime does not execute (editor-only mediators, connectors, FreeMarker, ...): they load and fault when used. */
  warnings: LoadProblem[];
  artifacts: DeployedArtifact[];
}

/** A listener connection's number (tapConnection). */
const kConnectionId = Symbol('connectionId');

/** MI's server name (axis2.xml SynapseConfig.ServerName, deployment.toml server.synapse_config_server_name). */
const SYNAPSE_SERVER_NAME = 'localhost';

/**
 * What an acknowledgement (ServerWorker.sendAck with NIO-ACK-Requested, which no removeUnwantedHeaders precedes) does
 * not echo of the message's headers: only what Node's server writes itself or refuses.
 */
const DROP_ON_ACK: ReadonlySet<string> = new Set([
  'transfer-encoding',
  'connection',
  'keep-alive',
  'content-length',
  'trailer',
]);

export class Runtime extends EventEmitter implements Registry {
  readonly options: Required<
    Omit<RuntimeOptions, 'configs' | 'env' | 'https' | 'socketTimeoutMs' | 'timeoutHandlerIntervalMs'>
  > &
    Pick<RuntimeOptions, 'configs' | 'env' | 'https' | 'socketTimeoutMs' | 'timeoutHandlerIntervalMs'>;
  private readonly tasks = new Map<string, TaskDef>();
  /** In-memory message stores (by store name) and the processors reading them. */
  readonly messageStores = new MessageStores();
  private readonly storeDefs = new Map<string, MessageStoreDef>();
  private readonly processors = new Map<string, ProcessorState>();
  private readonly taskTimers = new Map<string, NodeJS.Timeout>();
  private readonly files = new Map<string, CompiledFile>();
  private readonly apis = new Map<string, ApiDef>();
  private readonly proxies = new Map<string, ProxyDef>();
  private readonly sequences = new Map<string, SequenceDef>();
  private readonly endpointDefs = new Map<string, EndpointDef>();
  private readonly seqTemplates = new Map<string, SequenceTemplateDef>();
  private readonly epTemplates = new Map<string, CompiledFile['endpointTemplates'][number]>();
  private readonly localEntries = new Map<string, LocalEntryDef>();
  private readonly inbounds = new Map<string, InboundDef>();
  private readonly inactiveProxies = new Set<string>();
  private readonly inboundServers = new Map<string, Server>();
  readonly endpoints = new HttpEndpoints();
  /** MI's CORS configuration of APIs (the project's deployment/deployment.toml; on by default). */
  cors: CorsConfig = DEFAULT_CORS;
  /**
   * synapse.properties `expose.versioned.services` (deployment.toml [synapse_properties]): CARs deployed with
   * versioned deployment serve their APIs under /groupId/artifactId/version/… and name their proxies `<id>/<name>`.
   */
  exposeVersionedServices = false;
  /** The JSON writer settings this runtime's project set (deployment.toml), reset to MI's defaults when it stops. */
  private jsonSettings: JsonOutputSettings | undefined;
  /** Data services (.dbs) served at /services/NAME (dataservices/serve.ts). */
  readonly dataServices = new DataServices(
    (level, m) => this.executor.log(level, 'DataServices', undefined, m),
    () => this.httpsAddress()?.port,
  );
  readonly executor: Executor;
  private server: Server | undefined;
  private watcher: FSWatcher | undefined;
  /** Requests being handled, and who waits for them all to finish (stop). */
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];
  /** What a message context asks the runtime for (one object for every message). */
  private readonly services = {
    config: (n: string) => this.config(n),
    env: (n: string) => this.env(n),
    fileProperty: (n: string) => this.fileProperty(n),
    resource: (k: string) => this.resource(k),
  };
  /** RabbitMQ inbound endpoints and message stores (rabbitmq/service.ts). */
  private readonly rabbitmq = new RabbitMQService({
    executor: () => this.executor,
    services: this.services,
    limits: () => this.limits(),
    runProxy: async (name, ctx) => {
      const proxy = this.proxies.get(name);
      if (!proxy) throw new Error(`proxy service ${name} is not deployed`);
      await this.runProxy(proxy, ctx, '', '');
    },
  });
  /** Proxy services with the mailto transport polling their mailbox (mail/listener.ts). */
  private readonly mailListener = new MailListener({
    log: (level, artifact, message) => this.executor.log(level, 'MailTransportListener', artifact, message),
    inject: (name, mail) => this.injectMail(name, mail),
    track: (p) => this.track(p as Promise<void>),
  });
  /** MQTT inbound endpoints (mqtt/service.ts). */
  private readonly mqtt = new MqttService({
    executor: () => this.executor,
    services: this.services,
    limits: () => this.limits(),
  });
  private readonly compileOptions: CompileOptions;
  /** What runs for a request no API, proxy or inbound endpoint takes when no `main` sequence is deployed. */
  private readonly defaultMain: SequenceDef;
  private resourceDirs: string[] = [];
  /** The project's `<API>_swagger.yaml` metadata documents, by the name before `_swagger`. */
  private apiSwaggers = new Map<string, string>();
  private readonly projectConfigs = new Map<string, string>();

  constructor(opts: RuntimeOptions = {}) {
    super();
    this.setMaxListeners(50);
    // MI's JSON writer defaults until a project's deployment.toml says otherwise (loadProject)
    setJsonOutputSettings({});
    // and no XPath DOM failover (MI's default synapse.properties)
    setXPathDomFailover(false);
    this.options = {
      host: opts.host ?? '127.0.0.1',
      httpPort: opts.httpPort ?? 8290,
      maxBodyBytes: opts.maxBodyBytes ?? 10 * 1024 * 1024,
      maxDepth: opts.maxDepth ?? 1000,
      configs: opts.configs,
      env: opts.env,
      runTasks: opts.runTasks ?? true,
      https: opts.https,
      relay: opts.relay ?? true,
      socketTimeoutMs: opts.socketTimeoutMs,
      timeoutHandlerIntervalMs: opts.timeoutHandlerIntervalMs,
    };
    if (opts.timeoutHandlerIntervalMs !== undefined) {
      this.endpoints.timeoutHandlerIntervalMs = opts.timeoutHandlerIntervalMs;
      this.fixedTimeoutHandlerInterval = true;
    }
    this.executor = new Executor(this, this, this.endpoints);
    this.compileOptions = {
      env: (n) => this.env(n),
      config: (n) => this.config(n),
      fileProperty: (n) => this.fileProperty(n),
      knownMediator,
      dataSource: (n) =>
        findCarbonDataSource(
          n,
          this.projectRoot ? [this.projectRoot] : [],
          true,
          this.deployedDataSources.values(),
        ),
    };
    this.defaultMain = compileFile(DEFAULT_MAIN_FILE, DEFAULT_MAIN, this.compileOptions).sequences[0];
    this.executor.defaultFault = compileFile(
      DEFAULT_FAULT_FILE,
      DEFAULT_FAULT,
      this.compileOptions,
    ).sequences[0];
  }

  // ------------------------------------------------------------------------------------------ Registry
  sequence(key: string): SequenceDef | undefined {
    return this.sequences.get(key) ?? this.fromRegistry(key)?.sequences[0];
  }
  endpoint(key: string): EndpointDef | undefined {
    return (
      this.endpointDefs.get(key) ??
      this.fromRegistry(key)?.endpoints[0] ??
      // an <http.init> connection deploys <name>_INTERNAL_ENDPOINT_REFERENCE (LocalEntryDeployer)
      httpConnectionEndpoint(this.localEntries.values(), key, this.compileOptions)
    );
  }

  /**
   * A `conf:`/`gov:` key (or a local entry's) that names no deployed artifact is a registry resource holding one
   * (MI's dynamic sequences and endpoints: SynapseConfiguration.getSequence/getEndpoint look the key up). Compiled
   * on first use and kept (a missing one too) until something is deployed or the registry resources change.
   */
  private fromRegistry(key: string): CompiledFile | undefined {
    // a local entry holding one counts too (SynapseConfiguration.getSequence/getEndpoint map the entry's XML value
    // to a mediator or endpoint: a `<sequence key>` naming a local entry with a <sequence> in it runs that sequence)
    if (!this.localEntries.has(key)) {
      if (key.charCodeAt(0) !== 99 && key.charCodeAt(0) !== 103) return undefined;
      if (!key.startsWith('conf:') && !key.startsWith('gov:')) return undefined;
    }
    let c = this.registryArtifacts.get(key);
    if (c === undefined) {
      const text = this.resource(key);
      c = text === undefined ? null : compileFile(key, text, this.compileOptions);
      if (c && c.problems.length)
        for (const p of c.problems)
          this.executor.log(
            'ERROR',
            'Registry',
            undefined,
            `${key}:${p.line}:${p.column} ${p.code} ${p.message}`,
          );
      if (this.registryArtifacts.size >= 1000) this.registryArtifacts.clear();
      this.registryArtifacts.set(key, c);
    }
    return c ?? undefined;
  }
  /** Registry resources compiled as sequences or endpoints, by key (null: no such resource). */
  protected readonly registryArtifacts = new Map<string, CompiledFile | null>();
  sequenceTemplate(key: string): SequenceTemplateDef | undefined {
    return this.seqTemplates.get(key) ?? this.fromRegistry(key)?.sequenceTemplates[0];
  }
  endpointFromTemplate(template: string, params: Record<string, string>): EndpointDef | undefined {
    // a registry key names a template kept there (SynapseConfiguration.getEndpointTemplate/getSequenceTemplate)
    const t = this.epTemplates.get(template) ?? this.fromRegistry(template)?.endpointTemplates[0];
    if (!t) return undefined;
    // instantiate once per template and parameter set (compiling per message would be slow, and the instance keeps
    // its suspension state); the cache is dropped whenever anything is (re)deployed
    const key = `${template}\u0000${JSON.stringify(params)}`;
    let ep = this.templateInstances.get(key);
    if (!ep) {
      if (this.templateInstances.size >= 1000) this.templateInstances.clear();
      ep = instantiateEndpointTemplate(t, params);
      this.templateInstances.set(key, ep);
    }
    return ep;
  }
  private readonly templateInstances = new Map<string, EndpointDef>();
  localEntry(key: string): LocalEntryDef | undefined {
    return this.localEntries.get(key);
  }
  registryKind(key: string): RegistryKind | undefined {
    if (this.endpointDefs.has(key)) return 'endpoint';
    if (this.sequences.has(key)) return 'sequence';
    if (this.seqTemplates.has(key)) return 'sequenceTemplate';
    if (this.epTemplates.has(key)) return 'endpointTemplate';
    return undefined;
  }
  hasStore(store: string): boolean {
    return this.storeDefs.has(store);
  }
  /**
   * The APIs a listener serves: `default` (the HTTP listener, and an inbound endpoint's unbound dispatch) or an
   * inbound endpoint's name (binds-to), each with only the resources bound to it (ApiUtils.isBound).
   */
  private apisBoundTo(caller: string): Iterable<ApiDef> {
    let list = this.apiList;
    if (list === undefined) {
      list = this.apiList = [...this.apis.values()];
      // (a resource's binds-to is within its API's: an API without one serves the listener only)
      this.apisBind = list.some((a) => !!a.bindsTo);
    }
    if (!this.apisBind) return caller === 'default' ? list : [];
    const out: ApiDef[] = [];
    for (const a of this.apis.values()) {
      if (!(a.bindsTo ?? ['default']).includes(caller)) continue;
      const bound = (r: ResourceDef) => (r.bindsTo ?? ['default']).includes(caller);
      if (a.resources.every(bound)) out.push(a);
      else {
        let views = this.boundViews.get(a);
        if (!views) this.boundViews.set(a, (views = new Map()));
        let v = views.get(caller);
        if (!v) views.set(caller, (v = { ...a, resources: a.resources.filter(bound) }));
        out.push(v);
      }
    }
    return out;
  }
  private readonly boundViews = new WeakMap<ApiDef, Map<string, ApiDef>>();
  /** The deployed APIs in deployment order, and whether one has binds-to: made on first use after a change. */
  private apiList: ApiDef[] | undefined;
  private apisBind = false;
  storeMessage(store: string, m: StoredMessage): boolean | Promise<boolean> {
    const def = this.storeDefs.get(store);
    if (!def) return false;
    // only MI's in-memory store keeps the message context itself (a JMS or JDBC store serializes the message)
    if (!/InMemoryStore$/.test(def.className)) m.client = undefined;
    return this.messageStores.add(store, m) ?? true;
  }
  config(name: string): string | undefined {
    // MI's ConfigDeployer.getValueOfKey: the environment, a system property (options.configs), then
    // conf/file.properties
    return (
      this.env(name) ??
      this.options.configs?.[name] ??
      this.projectConfigs.get(name) ??
      this.fileProperty(name)
    );
  }
  resource(key: string): string | undefined {
    const le = this.localEntries.get(key);
    if (le) return le.kind === 'src' ? this.readSrc(le.value) : le.value;
    // `resources:x` (MI 4.4 projects) is src/main/wso2mi/resources/x: data mappers, API definitions, …
    const m = /^(gov|conf|resources):\/*(.*)$/.exec(key);
    if (!m) return serverEntry(key);
    // `gov:mi-resources/x` is the same resource as `resources:x` (MicroIntegratorRegistry.resolveRegistryURI maps
    // `resources:` to the governance registry's mi-resources folder, where an MI 4.4 project's resources deploy)
    const miResource = m[1] === 'gov' ? /^mi-resources\/(.+)$/.exec(m[2])?.[1] : undefined;
    for (const dir of this.resourceDirs) {
      const candidates =
        m[1] === 'resources' ? [join(dir, m[2])] : [join(dir, 'registry', m[1], m[2]), join(dir, m[2])];
      if (miResource) candidates.push(join(dir, miResource));
      for (const candidate of candidates) {
        if (!resolvePath(candidate).startsWith(resolvePath(dir))) continue;
        try {
          return readFileSync(candidate, 'utf8');
        } catch {
          // try the next place
        }
      }
    }
    return undefined;
  }
  private readSrc(src: string): string | undefined {
    if (/^https?:/i.test(src.trim())) return this.remoteSrc.get(src.trim());
    if (!src.startsWith('file:')) return undefined;
    try {
      return readFileSync(src.slice(5), 'utf8');
    } catch {
      return undefined;
    }
  }
  env(name: string): string | undefined {
    return (this.options.env ?? process.env)[name];
  }
  /**
   * A key of MI's conf/file.properties (get-property('file', key), `$FILE:key`; FilePropertyLoader): the file the
   * `properties.file.path` variable names (MI's system property; "default" is conf/file.properties), else the
   * project's `deployment/file.properties` (beside deployment.toml, MI's conf) or `conf/file.properties`, else the
   * file MI ships (one key, stockQuoteEP). Read once.
   */
  fileProperty(name: string): string | undefined {
    this.fileProps ??= this.readFileProperties();
    return this.fileProps.get(name);
  }
  private fileProps: Map<string, string> | undefined;
  private projectRoot: string | undefined;
  private readFileProperties(): Map<string, string> {
    const named = this.env('properties.file.path');
    const candidates =
      named && named !== 'default'
        ? [named]
        : this.projectRoot
          ? [
              join(this.projectRoot, 'deployment', 'file.properties'),
              join(this.projectRoot, 'conf', 'file.properties'),
            ]
          : [];
    for (const file of candidates) {
      try {
        return parseJavaProperties(readFileSync(file, 'utf8'));
      } catch {
        // the next place
      }
    }
    return new Map([['stockQuoteEP', 'http://localhost:9000/services/SimpleStockQuoteService']]);
  }

  // ------------------------------------------------------------------------------------------ debug
  setDebugHook(hook: DebugHook | undefined): void {
    this.executor.hook = hook;
  }

  /** Wire logs (MI's synapse-transport-http-wire logger at DEBUG); made when first switched on. */
  private wire: WireTap | undefined;
  private wireVersion = 0;

  /** Wire logs tap a connection from its first byte when they are on (see syncWire). */
  private readonly tapConnection = (socket: Socket): void => {
    // (LoggingNHttpServerConnection's id, "http-incoming-N", one count for the HTTP and HTTPS listeners)
    (socket as Socket & { [kConnectionId]?: number })[kConnectionId] = ++this.connectionCount;
    if (this.executor.loggers.version !== this.wireVersion) this.syncWire();
    this.wire?.tap(socket);
  };

  /** Listens on the runtime's interface; rejects with the listen error (a port in use). */
  private listenOn(server: Server, port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** Follows the wire logger's level; a connection a request came on is tapped from that request on. */
  private syncWire(socket?: Socket): void {
    const loggers = this.executor.loggers;
    this.wireVersion = loggers.version;
    const on = loggers.wireEnabled();
    if (on)
      this.wire ??= new WireTap((thread, line) =>
        this.executor.log('DEBUG', 'wire', undefined, `${thread} ${line}`),
      );
    this.wire?.set(on);
    if (on && socket) this.wire!.tap(socket);
  }

  // ------------------------------------------------------------------------------------------ deployment
  /** Loads every artifact of a project folder (MI layout, Integration Studio layout, or a bare folder). */
  loadProject(dir: string): DeployResult {
    const project = discoverProject(resolvePath(dir));
    this.resourceDirs = project.resourceDirs;
    this.projectRoot = project.root;
    this.fileProps = undefined;
    this.apiSwaggers = readApiSwaggers(project.root, project.layout);
    // MI 4.4 config parameters: values from the project's .env (the process environment and options win)
    try {
      for (const line of readFileSync(join(project.root, '.env'), 'utf8').split(/\r?\n/)) {
        const m = /^\s*([\w.\-]+)\s*=\s*(.*?)\s*$/.exec(line);
        if (m && !line.trimStart().startsWith('#'))
          this.projectConfigs.set(m[1], m[2].replace(/^(["'])(.*)\1$/, '$2'));
      }
    } catch {
      // no .env
    }
    // the CORS keys of deployment/deployment.toml [synapse_properties] (read once, as MI reads synapse.properties)
    const toml = readDeploymentToml(project.root);
    this.cors = toml.cors;
    // and MI's JSON writer settings ([mediation] / [synapse_properties]), one set for the server as JsonUtil has
    this.jsonSettings = toml.json;
    this.exposeVersionedServices = toml.exposeVersionedServices === true;
    this.tomlSocketTimeoutMs = toml.socketTimeoutMs;
    if (!this.fixedTimeoutHandlerInterval)
      this.endpoints.timeoutHandlerIntervalMs = toml.timeoutHandlerIntervalMs ?? 15_000;
    this.rabbitmq.setListenerFactories(toml.rabbitmqListeners);
    this.endpoints.mail.setSenders(toml.mailSenders, toml.mailListener === true, toml.blockingMail);
    this.endpoints.mqtt.setEnabled(toml.mqttSender === true);
    this.mailListener.setEnabled(toml.mailListener === true);
    setJsonOutputSettings(toml.json);
    setXPathDomFailover(toml.xpathDomFailover === true);
    for (const p of toml.warnings)
      this.executor.log(
        'WARN',
        'Deployer',
        undefined,
        `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`,
      );
    const inputs: DeployInput[] = [];
    // a project whose pom turns versionedDeployment on deploys (as the CAR it packages to) versioned
    this.projectVersioned = projectDescriptor(project.root);
    // CappDeployer: with exposure an API's `<API>_swagger` document belongs to the versioned API `<id>__<API>`
    const vid = this.projectVersioned?.id;
    if (vid && this.exposeVersionedServices)
      this.apiSwaggers = new Map([...this.apiSwaggers].map(([k, v]) => [`${vid}__${k}`, v]));
    for (const f of project.files) {
      if (f.role !== 'artifact' || extname(f.path).toLowerCase() !== '.xml') continue;
      try {
        // decoded as an XML parser does (byte-order mark, declared encoding), as MI's StAX reader reads the file
        const text = this.versionedText(readXmlFile(f.path), f.path);
        if (text !== undefined) inputs.push({ name: f.path, text });
      } catch (e) {
        this.executor.log('ERROR', 'Deployer', undefined, `Cannot read ${f.path}: ${(e as Error).message}`);
      }
    }
    // MI's CApp handlers run in turn: the data sources (DataSourceCappDeployer), the data services
    // (DefaultAppDeployer's DBDeployer), then the Synapse artifacts (SynapseAppDeployer); AppDeployerServiceComponent
    const synapseInputs: DeployInput[] = [];
    for (const input of inputs) {
      const ds = DATASOURCE_ROOT.test(input.text) ? dataSourceFromText(input.text, input.name) : undefined;
      if (ds) this.deployedDataSources.set(input.name, ds);
      else synapseInputs.push(input);
    }
    const services: DeployResult = { problems: [], warnings: [], artifacts: [] };
    const dbs = project.files.filter((f) => f.role === 'artifact' && f.path.endsWith('.dbs'));
    this.loadDataServices(
      dbs.map((f) => f.path),
      project.root,
      services,
    );
    // (the data sources are deployed: deploy would parse them again)
    const result = this.deploy(synapseInputs);
    result.warnings.push(...toml.warnings);
    // MI 4.4 `cert` configurables (config.properties): their certificate files join the HTTPS client's trust
    result.warnings.push(...trustProjectCertificates(project.root, (n) => this.config(n), result.warnings));
    result.problems.push(...services.problems);
    result.warnings.push(...services.warnings);
    return result;
  }

  /** Deploys .dbs files; their problems and warnings join the project's. */
  private loadDataServices(files: string[], root: string, into: DeployResult): void {
    const opts = this.dataServiceOptions([root]);
    for (const file of files) {
      let r;
      try {
        // (a versioned project's data service is named `<id>/<name>` with expose.versioned.services)
        r = this.dataServices.load(file, this.versionedText(readXmlFile(file), file) ?? '', opts);
      } catch (e) {
        // a file gone (hot reload) undeploys its service
        this.dataServices.remove(file);
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
          this.executor.log('ERROR', 'Deployer', undefined, `Cannot read ${file}: ${(e as Error).message}`);
        continue;
      }
      for (const [list, level] of [
        [r.problems, 'ERROR'],
        [r.warnings, 'WARN'],
      ] as const)
        for (const p of list) {
          const line = `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`;
          this.executor.log(level, 'Deployer', undefined, line);
          (level === 'ERROR' ? into.problems : into.warnings).push(p);
        }
      if (r.name !== undefined) this.logDataServiceDeployed(file);
    }
  }

  /**
   * DBDeployer hands a deployed data service to Axis2's DeploymentEngine.addServiceGroup, which logs
   * "Deploying Web service: NAME.dbs - file:/PATH/NAME.dbs" (DeploymentErrorMsgs.DEPLOYING_WS, the file's
   * File.toURI().toURL()).
   */
  private logDataServiceDeployed(file: string): void {
    const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    const abs = resolvePath(file).replace(/\\/g, '/');
    const where = isAbsolute(file) ? `file:${abs.startsWith('/') ? '' : '/'}${abs}` : file;
    this.executor.log('INFO', 'DeploymentEngine', undefined, `Deploying Web service: ${name} - ${where}`);
  }

  /**
   * A proxy whose `<publishWSDL uri>` cannot be read (ProxyService.buildAxisService: an IOException from
   * SynapseConfigUtils.getOMElementFromURL): buildAxisService's first line, "Error reading from wsdl URI" and the
   * deployer's "ProxyService Deployment from the file : … : Failed." (the proxy is not deployed, the other artifacts
   * are); with the proxy parameter enablePublishWSDLSafeMode "true", only the warning "Unable to load the WSDL for :
   * NAME" (no service either). logDeployed prints them where the proxy's deployment lines would be.
   */
  private proxyRefusal(p: ProxyDef, uri: string, exception: string): DeployLine[] {
    const lines: DeployLine[] = [
      {
        rank: 5,
        category: 'ProxyService',
        artifact: `proxy:${p.name}`,
        message: `Building Axis service for Proxy service : ${p.name}`,
      },
    ];
    const schema = this.wsdlImportFailures.get(p);
    if (schema !== undefined) {
      // a schema the WSDL imports that cannot be read: CustomWSDLLocator's SynapseConfigUtils.getInputSourceFormURI
      // warns and throws, WSDL11ToAxisServiceBuilder makes it an AxisFault, buildAxisService "Error building service
      // from WSDL", and the deployer fails the proxy (MI ESBJAVA4821WSDLProxyServiceDeploymentTestCase)
      lines.push(
        {
          rank: 5,
          level: 'WARN',
          category: 'SynapseConfigUtils',
          message: `IOError when getting a stream from given url : ${schema}\n${exception}`,
        },
        {
          rank: 5,
          level: 'ERROR',
          category: 'ProxyService',
          artifact: `proxy:${p.name}`,
          message: 'Error building service from WSDL',
        },
        {
          rank: 5,
          level: 'ERROR',
          category: 'ProxyServiceDeployer',
          message: `ProxyService Deployment from the file : ${p.file} : Failed.`,
        },
      );
      return lines;
    }
    const safe = p.params.enablePublishWSDLSafeMode;
    if (safe !== undefined && safe.toLowerCase() === 'true')
      lines.push({
        rank: 5,
        level: 'WARN',
        category: 'ProxyService',
        message: `Unable to load the WSDL for : ${p.name}\n${exception}`,
      });
    else
      lines.push(
        {
          rank: 5,
          level: 'ERROR',
          category: 'ProxyService',
          artifact: `proxy:${p.name}`,
          message: `Error reading from wsdl URI ${uri}\n${exception}`,
        },
        {
          rank: 5,
          level: 'ERROR',
          category: 'ProxyServiceDeployer',
          message: `ProxyService Deployment from the file : ${p.file} : Failed.`,
        },
      );
    return lines;
  }

  /**
   * `<publishWSDL uri="http(s)://…">`: MI reads the document when it deploys the proxy; a URL that cannot be read
   * (no answer, an HTTP error status: URLConnection.getInputStream's IOException) refuses the proxy as a missing file
   * does (proxyRefusal). Returns the cause of each failure.
   */
  private async readRemoteProxyWsdls(proxies: ProxyDef[]): Promise<Map<ProxyDef, string>> {
    const failed = new Map<ProxyDef, string>();
    await Promise.all(
      proxies.filter(remoteWsdl).map(async (p) => {
        const { cause } = await this.readProxyWsdl(p);
        if (cause !== undefined) failed.set(p, cause);
      }),
    );
    return failed;
  }

  /**
   * Reads a proxy's `<publishWSDL uri="http(s)://…">` (SynapseConfigUtils.getOMElementFromURL): the text when it is
   * a WSDL document (kept in remoteWsdls: read once), nothing for another document (read again when asked again),
   * the Java exception (URLConnection's) when the URL cannot be read. The deployment and a `?wsdl` request asking
   * while it reads share one read.
   */
  private readProxyWsdl(p: ProxyDef): Promise<{ text?: string; cause?: string }> {
    const known = this.remoteWsdls.get(p);
    if (known !== undefined) return Promise.resolve({ text: known });
    let read = this.remoteWsdlReads.get(p);
    if (!read) {
      const url = p.wsdl!.slice(4);
      read = (async (): Promise<{ text?: string; cause?: string }> => {
        try {
          const { status, text } = await readRemoteText(url, MAX_REMOTE_DOCUMENT_BYTES);
          if (status >= 400) return { cause: httpReadFailure(status, url) };
          if (text === undefined) return {};
          const root = (() => {
            try {
              return parseXml(text).root;
            } catch {
              return undefined;
            }
          })();
          if (!root || (root.local !== 'definitions' && root.local !== 'description')) return {};
          const bad = await schemaImportFailure(text, url, p.wsdlResources);
          if (bad) {
            this.wsdlImportFailures.set(p, bad.uri);
            return { cause: bad.exception };
          }
          this.remoteWsdls.set(p, text);
          return { text };
        } catch (e) {
          return { cause: javaConnectException(e) };
        }
      })().finally(() => this.remoteWsdlReads.delete(p));
      this.remoteWsdlReads.set(p, read);
    }
    return read;
  }

  /** Proxies refused because a schema their remote WSDL imports could not be read: that schema's URL. */
  private readonly wsdlImportFailures = new WeakMap<ProxyDef, string>();

  /** The content of `<localEntry src="http(s)://…">` entries, read when they were deployed (by URL). */
  private readonly remoteSrc = new Map<string, string>();

  /**
   * `<localEntry key src="http(s)://…">`: EntryFactory reads the URL when the entry deploys
   * (SynapseConfigUtils.getObject: the XML element, or the text of what is not XML). A URL that cannot be read (no
   * answer, an HTTP error status) is "Error connecting to URL : URL" and LocalEntryDeployer's "LocalEntry Deployment
   * from the file : … : Failed.": the entry is not deployed. Returns the failure of each entry not read.
   */
  private async readRemoteLocalEntries(entries: LocalEntryDef[]): Promise<Map<LocalEntryDef, string>> {
    const failed = new Map<LocalEntryDef, string>();
    await Promise.all(
      entries.filter(remoteEntry).map(async (e) => {
        const url = e.value.trim();
        let failure: string | undefined;
        try {
          const { status, text } = await readRemoteText(url, MAX_REMOTE_DOCUMENT_BYTES);
          if (status >= 400) failure = httpReadFailure(status, url);
          else if (text === undefined) failure = `java.io.IOException: ${url} is too large`;
          else this.remoteSrc.set(url, text);
        } catch (err) {
          failure = javaConnectException(err);
        }
        if (failure !== undefined) failed.set(e, failure);
      }),
    );
    return failed;
  }

  /** Deploys (or replaces) artifacts from XML texts. A broken file is reported and the others still deploy. */
  deploy(inputs: DeployInput[]): DeployResult {
    const problems: LoadProblem[] = [];
    const warnings: LoadProblem[] = [];
    const artifacts: DeployedArtifact[] = [];
    const deployed: { compiled: CompiledFile; before: CompiledFile | undefined; refused?: RefusalLine[] }[] =
      [];
    // a CAR's data sources first (DataSourceCappDeployer runs before the data services' deployer)
    const rest: DeployInput[] = [];
    for (const input of inputs) {
      const ds = DATASOURCE_ROOT.test(input.text) ? dataSourceFromText(input.text, input.name) : undefined;
      if (ds) this.deployedDataSources.set(input.name, ds);
      else rest.push(input);
    }
    const batch: { compiled: CompiledFile; versioned: boolean }[] = [];
    for (const input of rest) {
      // a data service (.dbs, from a CAR or a test) goes to the data services (dataservices/serve.ts)
      if (input.name.toLowerCase().endsWith('.dbs')) {
        const r = this.dataServices.load(input.name, input.text, this.dataServiceOptions([]));
        problems.push(...r.problems);
        warnings.push(...r.warnings);
        if (r.name !== undefined) this.logDataServiceDeployed(input.name);
        continue;
      }
      // (a versioned project's or CAR's files know their identifier: ResolvingEndpointFactory)
      const artifactIdentifier = input.artifactIdentifier ?? this.projectVersioned?.id;
      const compiled = compileFile(
        input.name,
        input.text,
        artifactIdentifier ? { ...this.compileOptions, artifactIdentifier } : this.compileOptions,
      );
      batch.push({ compiled, versioned: artifactIdentifier !== undefined });
    }
    // a name (or an API context) another file holds: MI's deployers refuse the artifact deployed later
    const files = new Set(batch.map((b) => b.compiled.file));
    const held = [...this.files.values()].filter((c) => !files.has(c.file));
    const refusals = refuseDuplicates(held, batch);
    // an endpoint, sequence or template whose key another kind takes after it in Synapse's local registry
    const shadowed = shadowedByKey(
      held,
      batch.map((b) => b.compiled),
    );
    for (const { compiled } of batch) {
      const name = compiled.file;
      deployed.push({ compiled, before: this.files.get(name), refused: refusals.get(compiled) });
      this.removeFile(name);
      this.files.set(name, compiled);
      this.addFile(compiled);
      problems.push(...compiled.problems);
      warnings.push(...compiled.warnings);
      for (const p of compiled.problems)
        this.executor.log(
          'ERROR',
          'Deployer',
          undefined,
          `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`,
        );
      for (const p of compiled.warnings)
        this.executor.log(
          'WARN',
          'Deployer',
          undefined,
          `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`,
        );
      for (const a of compiled.artifacts) artifacts.push(this.describe(a.kind, a.name, compiled));
    }
    // (logged as deployed, then no longer found: SynapseConfiguration's localRegistry.put of the later one)
    for (const { kind, name } of shadowed)
      (kind === 'endpoint'
        ? this.endpointDefs
        : kind === 'sequence'
          ? this.sequences
          : kind === 'sequenceTemplate'
            ? this.seqTemplates
            : this.epTemplates
      ).delete(name);
    this.logDeployed(deployed);
    this.emit('deployed', { artifacts, problems, warnings });
    return { problems, warnings, artifacts };
  }

  /**
   * The INFO line MI's deployers write for each artifact deployed from a file (Synapse SequenceDeployer,
   * EndpointDeployer, … deploySynapseArtifact: "Sequence named 'x' has been deployed from file : PATH"; a file
   * deployed again: updateSynapseArtifact's "Sequence: x has been updated from the file: PATH"), in the order a CApp
   * deploys its artifacts (MI SynapseAppDeployer.getOrderedArtifactsMap: local entries, endpoints, sequences, message
   * stores, templates, proxy services, tasks, message processors, APIs, inbound endpoints). A file with problems is
   * not deployed by MI and gets no line. MI CAppDeploymentOrderTest.
   */
  private logDeployed(
    files: { compiled: CompiledFile; before: CompiledFile | undefined; refused?: RefusalLine[] }[],
  ): void {
    const lines: DeployLine[] = [];
    for (const { compiled: c, before, refused } of files) {
      // an artifact refused for a name another file holds (refuseDuplicates): its deployer's failure lines
      if (refused) lines.push(...refused);
      if (c.problems.length) {
        // an HTTP connection whose endpoint fails: LocalEntryDeployer added and logged the entry before
        if (c.problems.every((p) => CONNECTION_REFUSALS.has(p.code)))
          for (const e of c.localEntries) if (e.endpointRefusal) lines.push(...connectionRefusal(e, c.file));
        continue;
      }
      const f = c.file;
      const was = (kind: string, name: string) =>
        !!before?.artifacts.some((a) => a.kind === kind && a.name === name);
      const add = (
        rank: number,
        kind: string,
        name: string,
        category: string,
        named: string,
        updated: string,
        shown = name,
      ) =>
        lines.push({
          rank,
          category,
          message: was(kind, name)
            ? `${updated}: ${shown} has been updated from the file: ${f}`
            : `${named} named '${shown}' has been deployed from file : ${f}`,
        });
      for (const e of c.localEntries) {
        add(0, 'localEntry', e.key, 'LocalEntryDeployer', 'LocalEntry', 'Endpoint');
        if (remoteEntry(e)) lines[lines.length - 1]!.entry = e;
      }
      for (const e of c.endpoints)
        if (e.name) add(1, 'endpoint', e.name, 'EndpointDeployer', 'Endpoint', 'Endpoint');
      for (const q of c.sequences) add(2, 'sequence', q.name, 'SequenceDeployer', 'Sequence', 'Sequence');
      for (const m of c.messageStores)
        add(3, 'messageStore', m.name, 'MessageStoreDeployer', 'Message Store', 'MessageStore');
      for (const t of c.sequenceTemplates)
        add(4, 'template', t.name, 'TemplateDeployer', 'Template', 'Template');
      for (const t of c.endpointTemplates)
        add(4, 'template', t.name, 'TemplateDeployer', 'Endpoint Template', 'Template');
      for (const p of c.proxies) {
        // ProxyServiceDeployer: a proxy pinned to other servers builds no service and is not logged
        if (pinnedElsewhere(p)) continue;
        // one whose WSDL file cannot be read is refused at its place
        if (p.wsdlUnreadable !== undefined) {
          lines.push(
            ...this.proxyRefusal(p, p.wsdlUnreadable, `java.io.FileNotFoundException: ${p.wsdlUnreadable}`),
          );
          continue;
        }
        // ProxyService.buildAxisService (the deployer calls it before its own line), each "{proxy:X} …"; an
        // http(s) WSDL is read there (deployLines puts its refusal instead when it cannot be)
        const remote = remoteWsdl(p) ? p : undefined;
        const proxyLine = (message: string) =>
          lines.push({
            rank: 5,
            category: 'ProxyService',
            artifact: `proxy:${p.name}`,
            message,
            proxy: remote,
          });
        // ProxyServiceDeployer.updateSynapseArtifact stops the proxy it replaces first (ProxyService.stop)
        if (was('proxy', p.name))
          lines.push({
            rank: 5,
            category: 'ProxyService',
            artifact: `proxy:${p.name}`,
            message: `Stopped the proxy service : ${p.name}`,
          });
        proxyLine(`Building Axis service for Proxy service : ${p.name}`);
        proxyLine(`Adding service ${p.name} to the Axis2 configuration`);
        proxyLine(`Successfully created the Axis2 service for Proxy service : ${p.name}`);
        // "has been update from file" (sic) for a proxy deployed again
        lines.push({
          rank: 5,
          category: 'ProxyServiceDeployer',
          message: `ProxyService named '${p.name}' has been ${was('proxy', p.name) ? 'update' : 'deployed'} from file : ${f}`,
          proxy: remote,
        });
        if (!p.startOnLoad && !was('proxy', p.name)) {
          // ProxyService.stop
          proxyLine(`Stopped the proxy service : ${p.name}`);
          lines.push({
            rank: 5,
            category: 'ProxyServiceDeployer',
            message: `ProxyService named '${p.name}' has been stopped as startOnLoad parameter is set to false`,
            proxy: remote,
          });
        }
      }
      for (const t of c.tasks) add(6, 'task', t.name, 'TaskDeployer', 'StartupTask', 'StartupTask');
      for (const m of c.messageProcessors)
        add(
          7,
          'messageProcessor',
          m.name,
          'MessageProcessorDeployer',
          'Message Processor',
          'MessageProcessor',
        );
      for (const a of c.apis) {
        // API.init (APIDeployer calls it before its own line): "{api:X} Initializing API: X"; an update then
        // destroys the API it replaces (API.destroy: "Destroying API: X"); X is API.getName(), name:vVERSION for a
        // versioned API, in these lines and the deployer's
        const again = was('api', a.name);
        lines.push({
          rank: 8,
          category: 'API',
          artifact: `api:${a.key}`,
          message: `Initializing API: ${a.key}`,
        });
        add(8, 'api', a.name, 'APIDeployer', 'API', 'API', a.key);
        if (again)
          lines.push({
            rank: 8,
            category: 'API',
            artifact: `api:${a.key}`,
            message: `Destroying API: ${a.key}`,
          });
      }
      for (const i of c.inbounds) {
        // InboundEndpoint.init (before the deployer's line)
        lines.push({
          rank: 9,
          category: 'InboundEndpoint',
          message: `Initializing Inbound Endpoint: ${i.name}`,
        });
        add(9, 'inboundEndpoint', i.name, 'InboundEndpointDeployer', 'Inbound Endpoint', 'Inbound Endpoint');
      }
    }
    // a stable sort: within a kind, the files' order
    lines.sort((a, b) => a.rank - b.rank);
    // MI reads an http(s) publishWSDL or localEntry src while it deploys that artifact, before its lines: the
    // lines wait for the reads (start() waits for them before the listener opens), as do the lines of any
    // deployment after them, so that they come in order
    const proxies = files.flatMap((d) =>
      d.compiled.proxies.filter((p) => remoteWsdl(p) && !pinnedElsewhere(p)),
    );
    const entries = files.flatMap((d) => d.compiled.localEntries.filter(remoteEntry));
    if (proxies.length === 0 && entries.length === 0 && this.pendingDeployLines === 0) {
      this.printDeployLines(lines);
      return;
    }
    this.pendingDeployLines++;
    // (a job that fails must neither keep later deployments' lines waiting nor fail start(): the chain goes on)
    const job = async () => {
      try {
        const [badProxies, badEntries] = await Promise.all([
          this.readRemoteProxyWsdls(proxies),
          this.readRemoteLocalEntries(entries),
        ]);
        this.printDeployLines(this.afterReads(lines, badProxies, badEntries));
      } catch {
        // (the reads catch their own failures: only a log listener's exception gets here)
      } finally {
        this.pendingDeployLines--;
      }
    };
    if (this.server) this.deployReads = this.deployReads.then(job);
    else this.waitingReads.push(job);
  }

  /**
   * Runs the http(s) reads of the deployments so far (an http(s) publishWSDL, a localEntry src) and prints their
   * deployment lines (logDeployed); start() does it before the listener opens. A caller that logs after the
   * deployment (the CApp's line) waits for it first.
   */
  async settleDeployments(): Promise<void> {
    for (const job of this.waitingReads.splice(0)) this.deployReads = this.deployReads.then(job);
    await this.deployReads;
  }

  /** Deployments whose lines wait for http(s) reads (logDeployed). */
  private pendingDeployLines = 0;
  /** The reads (and lines) of deployments made before start(): start() runs them before the listener opens. */
  private readonly waitingReads: (() => Promise<void>)[] = [];
  /** The deployments' reads, one after the other, each printing its lines when done. */
  private deployReads: Promise<void> = Promise.resolve();

  /**
   * The deployment lines once the http(s) reads are done: a proxy whose WSDL could not be read has its refusal
   * (proxyRefusal) instead of its lines and is taken away; a local entry whose src could not be read has
   * SynapseConfigUtils' "Error connecting to URL" and LocalEntryDeployer's "Failed." instead, and is taken away.
   */
  private afterReads(
    lines: DeployLine[],
    badProxies: Map<ProxyDef, string>,
    badEntries: Map<LocalEntryDef, string>,
  ): DeployLine[] {
    for (const p of badProxies.keys())
      if (this.proxies.get(p.name) === p) {
        this.proxies.delete(p.name);
        this.inactiveProxies.delete(p.name);
      }
    for (const e of badEntries.keys())
      if (this.localEntries.get(e.key) === e) this.localEntries.delete(e.key);
    if (badProxies.size === 0 && badEntries.size === 0) return lines;
    const out: DeployLine[] = [];
    const refused = new Set<ProxyDef>();
    for (const l of lines) {
      const cause = l.proxy && badProxies.get(l.proxy);
      if (l.proxy && cause !== undefined) {
        if (!refused.has(l.proxy)) {
          refused.add(l.proxy);
          out.push(...this.proxyRefusal(l.proxy, l.proxy.wsdl!.slice(4), cause));
        }
        continue;
      }
      const failure = l.entry && badEntries.get(l.entry);
      if (l.entry && failure !== undefined) {
        out.push(
          {
            rank: 0,
            level: 'ERROR',
            category: 'SynapseConfigUtils',
            message: `Error connecting to URL : ${l.entry.value.trim()}\n${failure}`,
          },
          {
            rank: 0,
            level: 'ERROR',
            category: 'LocalEntryDeployer',
            message: `LocalEntry Deployment from the file : ${l.entry.file} : Failed.`,
          },
        );
        continue;
      }
      out.push(l);
    }
    return out;
  }

  private printDeployLines(lines: DeployLine[]): void {
    for (const l of lines) this.executor.log(l.level ?? 'INFO', l.category, l.artifact, l.message);
  }

  /**
   * The INFO line MI's deployers write for each artifact of a file taken away (hot undeployment: Synapse
   * SequenceDeployer, … undeploySynapseArtifact: "Sequence named 'x' has been undeployed").
   */
  private logUndeployed(c: CompiledFile): void {
    const kinds: [string, string, string][] = [
      ['localEntry', 'LocalEntryDeployer', 'LocalEntry'],
      ['endpoint', 'EndpointDeployer', 'Endpoint'],
      ['sequence', 'SequenceDeployer', 'Sequence'],
      ['messageStore', 'MessageStoreDeployer', 'MessageStore'],
      ['template', 'TemplateDeployer', 'Template'],
      ['proxy', 'ProxyServiceDeployer', 'ProxyService'],
      ['task', 'TaskDeployer', 'StartupTask'],
      ['messageProcessor', 'MessageProcessorDeployer', 'MessageProcessor'],
      ['api', 'APIDeployer', 'API'],
      ['inboundEndpoint', 'InboundEndpointDeployer', 'Inbound Endpoint'],
    ];
    for (const a of c.artifacts) {
      const k = kinds.find(([kind]) => kind === a.kind);
      // API.getName(): name:vVERSION for a versioned API
      const name = a.kind === 'api' ? (c.apis.find((x) => x.name === a.name)?.key ?? a.name) : a.name;
      // the deployers stop a proxy (ProxyService.stop) and destroy an inbound endpoint before their line
      if (a.kind === 'proxy')
        this.executor.log('INFO', 'ProxyService', `proxy:${a.name}`, `Stopped the proxy service : ${a.name}`);
      if (a.kind === 'inboundEndpoint')
        this.executor.log('INFO', 'InboundEndpoint', undefined, `Destroying Inbound Endpoint: ${a.name}`);
      if (k) this.executor.log('INFO', k[1], undefined, `${k[2]} named '${name}' has been undeployed`);
      // APIDeployer.undeploySynapseArtifact destroys the API after its line (API.destroy)
      if (a.kind === 'api') this.executor.log('INFO', 'API', `api:${name}`, `Destroying API: ${name}`);
    }
  }

  /** How .dbs files resolve `$SYSTEM:`, `${configs.x}` and relative CSV paths (tried against `baseDirs`). */
  private dataServiceOptions(baseDirs: string[]) {
    return {
      env: (n: string) => this.env(n),
      config: (n: string) => this.config(n),
      baseDirs,
      // (an iterable, not one iterator: every config of every file looks the data sources up again)
      dataSources: { [Symbol.iterator]: () => this.deployedDataSources.values() },
    };
  }

  /**
   * The RDBMS data sources of deployed CARs (`datasource/datasource` artifacts), by their file: DataSourceCappDeployer
   * deploys them before the application's data services, whose `carbon_datasource_name` (and a dblookup's `<dsName>`)
   * then finds them. No log line (the deployer logs at DEBUG only).
   */
  private readonly deployedDataSources = new Map<string, CarbonDataSource>();

  /** Re-reads one changed .dbs file (hot reload): redeployed, or undeployed when it is gone. */
  private reloadDataService(path: string, root: string): DeployResult {
    const result: DeployResult = { problems: [], warnings: [], artifacts: [] };
    this.loadDataServices([path], root, result);
    return result;
  }

  /** Re-reads one changed file (hot reload). In-flight messages finish with the configuration they started with. */
  reloadFile(path: string): DeployResult {
    let text: string;
    try {
      text = readXmlFile(path);
    } catch {
      const gone = this.files.get(path);
      this.removeFile(path);
      if (gone) this.logUndeployed(gone);
      this.emit('deployed', { artifacts: [], problems: [], warnings: [] });
      return { problems: [], warnings: [], artifacts: [] };
    }
    const versioned = this.versionedText(text, path);
    return this.deploy(versioned === undefined ? [] : [{ name: path, text: versioned }]);
  }

  /** The versioned deployment of the loaded project (its pom), if on. */
  private projectVersioned: VersionedDescriptor | undefined;

  /**
   * An artifact of the project as MI deploys it from the versioned CAR the project packages to (core/car/versioned.ts);
   * its registry resource keys stay, as the project's resources are read under their own names.
   */
  private versionedText(text: string, file: string): string | undefined {
    const d = this.projectVersioned;
    if (!d && !this.exposeVersionedServices) return text;
    try {
      return versionedXml(
        text,
        d,
        this.exposeVersionedServices,
        (m) => this.executor.log('WARN', 'FactoryUtils', undefined, m),
        false,
      );
    } catch (e) {
      // a reference to a CAR the pom does not depend on: FactoryUtils' SynapseException, the artifact is not deployed
      this.executor.log('ERROR', 'Deployer', undefined, `${file}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Watches a project folder and hot-reloads changed XML files. */
  watchProject(dir: string): void {
    this.watcher?.close();
    const root = resolvePath(dir);
    const timers = new Map<string, NodeJS.Timeout>();
    this.watcher = watch(root, { recursive: true }, (_ev, file) => {
      const ext = file ? extname(file).toLowerCase() : '';
      if (!file || (ext !== '.xml' && ext !== '.dbs')) return;
      const full = resolvePath(root, file.toString());
      if (
        relative(root, full)
          .split(/[\\/]/)
          .some((s) => s === 'target' || s === 'node_modules' || s.startsWith('.'))
      )
        return;
      clearTimeout(timers.get(full));
      timers.set(
        full,
        setTimeout(() => {
          timers.delete(full);
          // Axis2's repository scan undeploys the files gone before it deploys the new ones (WSInfoList.update:
          // unDeploy, then doDeploy): a renamed file's artifact is not refused for the name its old file still held
          if (ext === '.xml' && existsSync(full))
            for (const f of [...this.files.keys()])
              if (f !== full && f.startsWith(root) && !existsSync(f)) this.reloadFile(f);
          const r = ext === '.dbs' ? this.reloadDataService(full, root) : this.reloadFile(full);
          this.executor.log(
            'INFO',
            'Deployer',
            undefined,
            `Reloaded ${relative(root, full)} (${r.artifacts.map((a) => `${a.kind}:${a.name}`).join(', ') || 'no artifacts'})`,
          );
        }, 100),
      );
    });
  }

  /** Undeploys an artifact by name (any kind, or the given kind), or a whole file by its name. */
  undeploy(name: string, kind?: string, logLines = false): boolean {
    if (this.deployedDataSources.delete(name)) return true;
    if (this.dataServices.remove(name)) return true;
    const gone = this.files.get(name);
    if (gone) {
      this.removeFile(name);
      // a CApp's undeployment: each deployer's "X named 'N' has been undeployed" (undeploySynapseArtifact)
      if (logLines) this.logUndeployed(gone);
      this.emit('deployed', { artifacts: [], problems: [] });
      return true;
    }
    for (const [file, c] of this.files) {
      if (c.artifacts.some((a) => a.name === name && (!kind || a.kind === kind))) {
        this.removeFile(file);
        this.emit('deployed', { artifacts: [], problems: [] });
        return true;
      }
    }
    return false;
  }

  /**
   * How many artifacts MI's deployers would log as deployed ("… has been deployed from file", logDeployed): not those
   * of a file with problems, a proxy pinned to other servers or refused (its WSDL unread: proxyRefusal, afterReads),
   * a local entry whose src URL could not be read, nor an element no deployer takes; and the deployed data services
   * (DBDeployer) and data sources (DataSourceCappDeployer), which have no such line. `synapse run`'s summary line,
   * counted once the deployments' reads are settled.
   */
  deployedCount(): number {
    let n = this.dataServices.size + this.deployedDataSources.size;
    for (const c of this.files.values()) {
      if (c.problems.length) continue;
      for (const a of c.artifacts)
        if (a.kind === 'proxy')
          n += c.proxies.some((p) => p.name === a.name && this.proxies.get(p.name) === p) ? 1 : 0;
        else if (a.kind === 'localEntry')
          n += c.localEntries.some((e) => e.key === a.name && this.localEntries.get(e.key) === e) ? 1 : 0;
        else if (a.kind !== 'other') n++;
    }
    return n;
  }

  /** Every deployed artifact with its state. */
  list(): DeployedArtifact[] {
    const out: DeployedArtifact[] = [];
    for (const c of this.files.values())
      for (const a of c.artifacts) out.push(this.describe(a.kind, a.name, c));
    return out;
  }

  /** Activates or deactivates a proxy service, an endpoint or an inbound endpoint. */
  setActive(
    kind: 'proxy' | 'endpoint' | 'inboundEndpoint' | 'messageProcessor',
    name: string,
    active: boolean,
  ): boolean {
    if (kind === 'messageProcessor') {
      const p = this.processors.get(name);
      if (!p || p.def.kind === 'unsupported') return false;
      p.active = active;
      p.attempts = 0;
      return true;
    }
    if (kind === 'proxy') {
      if (!this.proxies.has(name)) return false;
      if (active) this.inactiveProxies.delete(name);
      else this.inactiveProxies.add(name);
      // a rabbitmq proxy stops or starts consuming with it (ProxyService.stop / start: the listener's endpoint)
      if (this.server) this.rabbitmq.syncProxies(this.proxies.values(), (n) => this.inactiveProxies.has(n));
      // and a mailto proxy stops or starts polling its mailbox
      if (this.server) this.mailListener.sync(this.proxies.values(), (n) => this.inactiveProxies.has(n));
      // the management API calls ProxyService.start / stop, each says so (auditInfo)
      this.executor.log(
        'INFO',
        'ProxyService',
        `proxy:${name}`,
        `${active ? 'Started' : 'Stopped'} the proxy service : ${name}`,
      );
      return true;
    }
    if (kind === 'endpoint') {
      if (!this.endpointDefs.has(name)) return false;
      if (active) {
        this.endpoints.inactive.delete(name);
        this.endpoints.reset(this.endpointDefs.get(name));
      } else this.endpoints.inactive.add(name);
      return true;
    }
    const ib = this.inbounds.get(name);
    if (!ib) return false;
    ib.suspended = !active;
    void this.syncInbounds();
    this.syncFilePollers();
    return true;
  }

  private describe(kind: string, name: string, c: CompiledFile): DeployedArtifact {
    const failed =
      c.problems.length > 0 &&
      (c.artifacts.length === 0 || c.problems.some((p) => p.code.startsWith('XML_')));
    let state: DeployedArtifact['state'] = failed ? 'failed' : 'active';
    if (kind === 'proxy' && (this.inactiveProxies.has(name) || this.proxies.get(name)?.startOnLoad === false))
      state = 'inactive';
    if (kind === 'endpoint' && this.endpoints.stateOf(name, this.endpointDefs.get(name)) === 'off')
      state = 'inactive';
    if (kind === 'inboundEndpoint' && this.inbounds.get(name)?.suspended) state = 'inactive';
    if (kind === 'messageProcessor' && this.processors.get(name)?.active === false) state = 'inactive';
    return {
      kind: kind as DeployedArtifact['kind'],
      name,
      file: c.file,
      state,
      error: failed
        ? c.problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`).join('; ')
        : undefined,
    };
  }

  private addFile(c: CompiledFile): void {
    this.templateInstances.clear();
    this.registryArtifacts.clear();
    for (const a of c.apis) this.apis.set(a.key, a);
    this.apiList = undefined;
    for (const p of c.proxies) {
      // ProxyService.buildAxisService: a proxy pinned to other servers is not deployed here (MI's server name,
      // SynapseConfig.ServerName, is localhost by default)
      if (pinnedElsewhere(p)) {
        this.executor.log(
          'INFO',
          'ProxyService',
          undefined,
          `Server name ${SYNAPSE_SERVER_NAME} not in pinned servers list. Not deploying Proxy service : ${p.name}`,
        );
        continue;
      }
      // (a WSDL file that cannot be read: not deployed; logDeployed prints the refusal)
      if (p.wsdlUnreadable !== undefined) {
        this.proxies.delete(p.name);
        this.inactiveProxies.delete(p.name);
        continue;
      }
      this.proxies.set(p.name, p);
      if (!p.startOnLoad) this.inactiveProxies.add(p.name);
    }
    for (const s of c.sequences) this.sequences.set(s.name, s);
    for (const e of c.endpoints) {
      if (e.name) this.endpointDefs.set(e.name, e);
    }
    for (const t of c.sequenceTemplates) this.seqTemplates.set(t.name, t);
    for (const t of c.endpointTemplates) this.epTemplates.set(t.name, t);
    for (const l of c.localEntries) this.localEntries.set(l.key, l);
    for (const i of c.inbounds) if (this.resolveInboundKeys(i)) this.inbounds.set(i.name, i);
    if ((c.inbounds.length || c.proxies.length) && this.server) void this.syncInbounds();
    if ((c.inbounds.length || c.proxies.length) && this.server) this.syncFilePollers();
    for (const t of c.tasks) {
      this.unschedule(t.name);
      this.tasks.set(t.name, t);
      if (this.server) this.schedule(t);
    }
    for (const st of c.messageStores) this.storeDefs.set(st.name, st);
    this.rabbitmq.attachStores(c.messageStores, this.messageStores);
    for (const def of c.messageProcessors) {
      this.stopProcessor(def.name);
      const state: ProcessorState = {
        def,
        // ScheduledMessageProcessor.setParameters: is.active read with Boolean.valueOf (only "true", any case, is on)
        active:
          def.kind !== 'unsupported' &&
          (def.params['is.active'] === undefined || def.params['is.active'].trim().toLowerCase() === 'true'),
        busy: false,
        attempts: 0,
      };
      this.processors.set(def.name, state);
      if (this.server) this.startProcessor(state);
    }
  }

  private startProcessor(p: ProcessorState): void {
    if (p.def.kind === 'unsupported' || p.timer) return;
    // ScheduledMessageProcessor: a cronExpression schedules the processor's runs instead of the interval
    const cronText = p.def.params.cronExpression;
    if (cronText !== undefined) {
      const limits = this.limits();
      const services = this.services;
      let cron: Cron;
      try {
        cron = parseCron(cronText);
      } catch (e) {
        this.executor.log(
          'ERROR',
          'ScheduledMessageProcessor',
          `messageProcessor:${p.def.name}`,
          `Invalid cron expression '${cronText}' of message processor ${p.def.name}: ${(e as Error).message}`,
        );
        return;
      }
      this.onCron(
        cron,
        (timer) => (p.timer = timer),
        () => p.timer,
        () =>
          this.track(
            processorTick(p, this.messageStores, this.executor, (m) => restore(m, services, limits)),
          ),
      );
      return;
    }
    const interval = Math.max(10, Number(p.def.params.interval ?? '1000') || 1000);
    const limits = this.limits();
    const services = this.services;
    p.timer = setInterval(
      () =>
        this.track(processorTick(p, this.messageStores, this.executor, (m) => restore(m, services, limits))),
      interval,
    );
    p.timer.unref();
  }

  private stopProcessor(name: string): void {
    const p = this.processors.get(name);
    if (p?.timer) clearInterval(p.timer);
    if (p) p.timer = undefined;
  }

  private removeFile(file: string): void {
    this.registryArtifacts.clear();
    const c = this.files.get(file);
    if (!c) return;
    this.files.delete(file);
    for (const a of c.apis) if (this.apis.get(a.key) === a) this.apis.delete(a.key);
    this.apiList = undefined;
    for (const p of c.proxies) if (this.proxies.get(p.name) === p) this.proxies.delete(p.name);
    for (const s of c.sequences) if (this.sequences.get(s.name) === s) this.sequences.delete(s.name);
    for (const e of c.endpoints)
      if (e.name && this.endpointDefs.get(e.name) === e) this.endpointDefs.delete(e.name);
    for (const t of c.sequenceTemplates)
      if (this.seqTemplates.get(t.name) === t) this.seqTemplates.delete(t.name);
    for (const t of c.endpointTemplates)
      if (this.epTemplates.get(t.name) === t) this.epTemplates.delete(t.name);
    for (const l of c.localEntries) if (this.localEntries.get(l.key) === l) this.localEntries.delete(l.key);
    for (const i of c.inbounds) if (this.inbounds.get(i.name) === i) this.inbounds.delete(i.name);
    if ((c.inbounds.length || c.proxies.length) && this.server) void this.syncInbounds();
    if ((c.inbounds.length || c.proxies.length) && this.server) this.syncFilePollers();
    for (const st of c.messageStores)
      if (this.storeDefs.get(st.name) === st) {
        this.storeDefs.delete(st.name);
        this.messageStores.clear(st.name);
      }
    for (const def of c.messageProcessors)
      if (this.processors.get(def.name)?.def === def) {
        this.stopProcessor(def.name);
        this.processors.delete(def.name);
      }
    for (const t of c.tasks)
      if (this.tasks.get(t.name) === t) {
        this.unschedule(t.name);
        this.tasks.delete(t.name);
      }
  }

  // ------------------------------------------------------------------------------------------ tasks
  private schedule(t: TaskDef): void {
    if (!this.options.runTasks) return;
    // StartUpController.processPinnedServers: a task pinned to other servers is not started here (the server name is
    // localhost, as for proxies)
    if (t.pinnedServers?.length && !t.pinnedServers.includes(SYNAPSE_SERVER_NAME)) {
      this.executor.log(
        'INFO',
        'StartUpController',
        `task:${t.name}`,
        `Server name not in pinned servers list. Not starting Task : ${t.name}`,
      );
      return;
    }
    if (!/MessageInjector$/.test(t.className)) {
      this.executor.log(
        'WARN',
        'TaskScheduler',
        `task:${t.name}`,
        `Task class ${t.className} is not supported by the embedded runtime; the task does not run`,
      );
      return;
    }
    if (t.cron) {
      // a cron trigger fires at each time its Quartz expression names (the count is not read); one Quartz refuses
      // leaves the task unscheduled
      let cron: Cron;
      try {
        cron = parseCron(t.cron);
      } catch (e) {
        this.executor.log(
          'ERROR',
          'TaskScheduler',
          `task:${t.name}`,
          `Invalid cron expression '${t.cron}' of task ${t.name}: ${(e as Error).message}`,
        );
        return;
      }
      this.onCron(
        cron,
        (timer) => this.taskTimers.set(t.name, timer),
        () => this.taskTimers.get(t.name),
        () => this.track(this.injectTask(t)),
      );
      return;
    }
    let runs = 0;
    const fire = () => {
      if (t.count >= 0 && runs >= t.count) return this.unschedule(t.name);
      runs++;
      this.track(this.injectTask(t));
      if (t.count < 0 || runs < t.count) {
        // (a timer longer than 2^31-1 ms would fire at once in Node: MI takes intervals of months, ESBJAVA-5234)
        const timer = setTimeout(fire, Math.min(2_147_483_647, Math.max(1, (t.intervalS ?? 0) * 1000)));
        timer.unref();
        this.taskTimers.set(t.name, timer);
      } else this.taskTimers.delete(t.name);
    };
    const first = setTimeout(fire, 0);
    first.unref();
    this.taskTimers.set(t.name, first);
  }

  /**
   * Runs `fire` at each time `cron` names, from now on. Each timer is handed to `keep` (to be cleared); one that is no
   * longer `kept()` when it fires (its task or processor was stopped or replaced) ends the schedule.
   */
  private onCron(
    cron: Cron,
    keep: (timer: NodeJS.Timeout) => void,
    kept: () => NodeJS.Timeout | undefined,
    fire: () => void,
  ): void {
    const wait = (at: Date) => {
      // (Node fires a timer longer than 2^31-1 ms at once: a far time is waited for in steps)
      const timer: NodeJS.Timeout = setTimeout(
        () => {
          if (kept() !== timer) return;
          if (Date.now() < at.getTime()) return wait(at);
          fire();
          const next = nextFire(cron, at);
          if (next) wait(next);
        },
        Math.min(2_147_483_647, Math.max(0, at.getTime() - Date.now())),
      );
      timer.unref();
      keep(timer);
    };
    const first = nextFire(cron, new Date());
    if (first) wait(first);
  }

  /**
   * MI's RESTBasicAuthHandler: a request without an Authorization header is answered 401 with
   * `WWW-Authenticate: Basic realm="WSO2 EI"`, one whose Basic credentials the user store refuses 403, both with no
   * body and none of the request's headers (the handler clears them before Axis2Sender.sendBack). The user store
   * holds MI's default super admin (admin/admin), or the SYNAPSE_ADMIN_USER / SYNAPSE_ADMIN_PASSWORD pair when set.
   */
  private basicAuthPasses(ctx: MessageContext, req: IncomingMessage, res: ServerResponse): boolean {
    const auth = ctx.headers.get('Authorization');
    let status = 401;
    if (auth !== undefined) {
      // (MI takes everything after the first six characters, "Basic ", as the base64 credentials)
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const envUser = this.env('SYNAPSE_ADMIN_USER');
      const envPassword = this.env('SYNAPSE_ADMIN_PASSWORD');
      const [user, password] = envUser && envPassword ? [envUser, envPassword] : ['admin', 'admin'];
      if (colon >= 0 && decoded.slice(0, colon) === user && decoded.slice(colon + 1) === password)
        return true;
      status = 403;
    }
    this.executor.log(
      'ERROR',
      'RESTBasicAuthHandler',
      undefined,
      status === 401
        ? 'Authentication failed. Authorization header does not exist.'
        : 'Authentication failed. Invalid username or password has been provided.',
    );
    req.resume();
    const lines: string[] = [];
    if (status === 401) lines.push('WWW-Authenticate', 'Basic realm="WSO2 EI"');
    // (sendAck's SourceResponse: a chunked entity with no data)
    lines.push('Server', SERVER_NAME);
    res.writeHead(status, lines);
    res.end();
    return false;
  }

  /**
   * InboundEndpointFactory: a parameter given by `key` takes the text of that registry resource (the registry hands
   * a text resource over as an OMText); one that is not there, or a local entry (a String or an element), fails
   * the inbound endpoint's deployment with MI's message. MicroIntegratorRegistry.lookup makes a well-formed XML
   * resource an OMElement (refused too) and reads any other line by line (readNonXML: the lines joined with \n, no
   * final line terminator, so the newline an editor leaves at the end is not part of the value).
   */
  private resolveInboundKeys(i: InboundDef): boolean {
    if (!i.paramKeys) return true;
    for (const [name, key] of Object.entries(i.paramKeys)) {
      const raw = this.localEntries.has(key) ? undefined : this.resource(key);
      const text = raw === undefined || isWellFormedXml(raw) ? undefined : readNonXmlText(raw);
      if (text === undefined) {
        this.executor.log(
          'ERROR',
          'InboundEndpointFactory',
          undefined,
          `Error while deploying inbound endpoint ${i.name}.Registry entry defined with key: ${key} not found.`,
        );
        return false;
      }
      i.params[name] = text;
    }
    return true;
  }

  private unschedule(name: string): void {
    clearTimeout(this.taskTimers.get(name));
    this.taskTimers.delete(name);
  }

  /**
   * Mediates a message without HTTP (for unit-test suites and tools): into a deployed sequence or proxy. Resolves
   * with the message context after mediation and, when the flow answered, the response it would have sent.
   */
  async inject(opts: {
    sequence?: string;
    proxy?: string;
    body: string | Buffer;
    contentType: string;
    headers?: Record<string, string>;
    properties?: Record<string, string>;
    /** Properties of scope axis2 (as MI's unit-test agent sets them; messageType also names the Content-Type). */
    axis2Properties?: Record<string, string>;
  }): Promise<{
    ctx: MessageContext;
    response?: { status: number; contentType: string; body: string; headers: Record<string, string> };
  }> {
    const payload = new Payload(
      opts.contentType,
      Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8'),
      this.limits(),
    );
    const headers = new Headers();
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers.set(k, v);
    headers.set('Content-Type', opts.contentType);
    const ctx = new MessageContext(payload, headers, this.services);
    ctx.requestType = opts.contentType;
    ctx.method = 'POST';
    ctx.injected = true;
    for (const [k, v] of Object.entries(opts.properties ?? {})) ctx.props.set(k, v);
    for (const [k, v] of Object.entries(opts.axis2Properties ?? {})) ctx.setProperty(k, v, 'axis2');
    let response:
      { status: number; contentType: string; body: string; headers: Record<string, string> } | undefined;
    ctx.reply = async (c) => {
      const mt = c.axis2.get('messageType') as string | undefined;
      if (c.payload.streaming) await c.payload.build();
      const ser = c.payload.serialize(mt, mt !== undefined, true, restXml(c, mt ?? c.payload.contentType));
      if (mt !== undefined) ser.contentType = namedContentType(c, mt, ser.contentType);
      response = {
        status: Number(stringOf(c.axis2.get('HTTP_SC') ?? '')) || faultStatus(c),
        contentType: ser.contentType,
        body: Buffer.isBuffer(ser.body) ? ser.body.toString('utf8') : '',
        headers: c.headers.toObject(),
      };
    };
    if (opts.proxy) {
      const proxy = this.proxies.get(opts.proxy);
      if (!proxy) throw new MediationError(0, `Proxy '${opts.proxy}' is not deployed`);
      await this.runProxy(proxy, ctx, '', '');
    } else {
      const seq = this.sequences.get(opts.sequence ?? 'main');
      if (!seq) throw new MediationError(0, `Sequence '${opts.sequence ?? 'main'}' is not deployed`);
      ctx.flow = { artifactKind: 'sequence', artifactName: seq.name };
      await this.executor.runFlow(ctx, seq, undefined);
    }
    // a flow that did not answer has no response of its own (and its context is as the flow left it)
    if (ctx.answeredBy === 'fallback') response = undefined;
    return { ctx, response };
  }

  /** Runs a MessageInjector task once: its message goes to the named sequence, proxy or main. */
  async injectTask(t: TaskDef): Promise<void> {
    const p = t.properties;
    const format = (p.format ?? '').toLowerCase();
    // MessageInjector.execute: injectTo "proxy" or "sequence" (any case) names the target; anything else, or none,
    // is the main sequence (a sequenceName or proxyName alone does not change that)
    const injectTo = (p.injectTo ?? '').toLowerCase();
    const target = injectTo === 'proxy' || injectTo === 'sequence' ? injectTo : 'main';
    if (t.messageXml === undefined && p.message === undefined && p.registryKey === undefined)
      return this.executor.log(
        'ERROR',
        'MessageInjector',
        `task:${t.name}`,
        'message or registry-key not set',
      );
    // MessageInjector: the message (an XML element, or the entry at registryKey) goes in the body of a SOAP 1.2
    // envelope (the envelope of a new message context, and of a proxy's message without a format), SOAP 1.1 with
    // format soap11, and as plain XML (doingREST) with pox or get (get also makes HTTP_METHOD GET)
    let xml = t.messageXml;
    if (xml === undefined && p.message === undefined && p.registryKey) {
      const entry = this.resource(p.registryKey);
      if (entry === undefined)
        return this.executor.log(
          'ERROR',
          'MessageInjector',
          `task:${t.name}`,
          `Key ${p.registryKey} not found `,
        );
      xml = entry.trim();
    }
    const soapNs =
      format === 'soap11' || format === 'text/xml'
        ? 'http://schemas.xmlsoap.org/soap/envelope/'
        : format === '' || format === 'soap12'
          ? 'http://www.w3.org/2003/05/soap-envelope'
          : undefined;
    const ct =
      xml === undefined
        ? format || 'text/plain'
        : soapNs === 'http://schemas.xmlsoap.org/soap/envelope/'
          ? 'text/xml'
          : soapNs
            ? 'application/soap+xml'
            : format === 'pox' || format === 'get'
              ? 'application/xml'
              : format;
    const text =
      xml === undefined
        ? (p.message ?? '')
        : soapNs
          ? `<soapenv:Envelope xmlns:soapenv="${soapNs}"><soapenv:Body>${xml}</soapenv:Body></soapenv:Envelope>`
          : xml;
    const payload = new Payload(ct, Buffer.from(text, 'utf8'), this.limits());
    // MessageInjector's envelope is SOAPFactory.createSOAPEnvelope, with no document above it (XPath's / is the envelope)
    payload.envelopeDocument(false);
    // an element MessageInjector put in an envelope: the message is built (it goes out through a formatter)
    if (xml !== undefined)
      try {
        payload.parse();
      } catch {
        return this.executor.log(
          'ERROR',
          'MessageInjector',
          `task:${t.name}`,
          'Error parsing XML for JSON conversion, please check your property values return valid XML',
        );
      }
    const headers = new Headers();
    if (p.soapAction) headers.set('SOAPAction', p.soapAction);
    const ctx = new MessageContext(payload, headers, this.services);
    ctx.requestType = ct;
    ctx.method = 'POST';
    ctx.correlationUnset = true;
    ctx.to = p.to;
    if (format === 'get') ctx.axis2.set('HTTP_METHOD', 'GET');
    ctx.flow = { artifactKind: 'task', artifactName: t.name };
    if (target === 'proxy') {
      const proxy = this.proxies.get(p.proxyName ?? '');
      if (!proxy)
        return this.executor.log(
          'ERROR',
          'TaskScheduler',
          `task:${t.name}`,
          `Proxy '${p.proxyName}' is not deployed`,
        );
      return this.runProxy(proxy, ctx, '', '');
    }
    const seqName = target === 'sequence' ? (p.sequenceName ?? '') : 'main';
    // MessageInjector: SynapseConfiguration.getSequence, which finds a conf:/gov: key in the registry
    const seq = this.sequence(seqName);
    if (!seq)
      return this.executor.log(
        'ERROR',
        'TaskScheduler',
        `task:${t.name}`,
        `Sequence '${seqName}' is not deployed`,
      );
    // MessageInjector.execute: a message for a sequence carries the task's name
    ctx.props.set('task.name', t.name);
    ctx.flow = { artifactKind: 'task', artifactName: t.name };
    await this.executor.runFlow(ctx, seq, undefined);
  }

  // ------------------------------------------------------------------------------------------ listening
  /** Starts the HTTP listener (and HTTP inbound endpoints). Resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    if (this.server) return this.address();
    this.endpoints.open();
    await this.settleDeployments();
    // MI's HTTP listener (httpcore) serves an HTTP/1.1 request that has no Host header; Node would answer 400
    const server = createServer(
      { keepAliveTimeout: 60_000, requireHostHeader: false, ServerResponse: ListenerResponse },
      (req, res) => this.handle(req, res, undefined),
    );
    server.on('clientError', answerClientError);
    serveConnect(server, (req, res) => this.handle(req, res, undefined));
    server.on('connection', this.tapConnection);
    // (the relay path's raw front end reads the connections first: rawFront.ts)
    this.rawFront = this.options.relay ? installRawFront(server, this.rawHost) : undefined;
    this.server = server;
    await this.listenOn(server, this.options.httpPort);
    if (this.options.https) await this.startHttps(this.options.https);
    await this.syncInbounds();
    this.syncFilePollers();
    for (const t of this.tasks.values()) this.schedule(t);
    for (const p of this.processors.values()) this.startProcessor(p);
    const a = this.address();
    this.endpoints.listenOrigin = `http://${a.host}:${a.port}`;
    // (MI's PassThroughHttpListener logs at WARN by default: the line is PassThroughListeningIOReactorManager's)
    this.executor.log(
      'INFO',
      'PassThroughListeningIOReactorManager',
      undefined,
      `Pass-through HTTP Listener started on ${a.host}:${a.port}`,
    );
    return a;
  }

  /** The HTTPS listener (when the runtime has one). */
  private httpsServer: Server | undefined;

  private async startHttps(o: NonNullable<RuntimeOptions['https']>): Promise<void> {
    const server = createHttpsServer(
      {
        key: o.key,
        cert: o.cert,
        keepAliveTimeout: 60_000,
        requireHostHeader: false,
        ServerResponse: ListenerResponse,
      },
      (req, res) => this.handle(req, res, undefined),
    );
    server.on('clientError', answerClientError);
    serveConnect(server, (req, res) => this.handle(req, res, undefined), true);
    server.on('secureConnection', this.tapConnection);
    await this.listenOn(server, o.port);
    this.httpsServer = server;
    const a = server.address() as AddressInfo;
    this.executor.log(
      'INFO',
      'PassThroughListeningIOReactorManager',
      undefined,
      `Pass-through HTTPS Listener started on ${a.address}:${a.port}`,
    );
  }

  /** The HTTPS listener's address, when it listens. */
  httpsAddress(): { host: string; port: number } | undefined {
    const a = this.httpsServer?.address() as AddressInfo | null | undefined;
    return a ? { host: this.options.host, port: a.port } : undefined;
  }

  address(): { host: string; port: number } {
    const a = this.server?.address() as AddressInfo | null;
    return { host: this.options.host, port: a?.port ?? this.options.httpPort };
  }

  /** The URLs the runtime serves (APIs, proxies, inbound endpoints). */
  urls(): string[] {
    const { host, port } = this.address();
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const out: string[] = [];
    for (const a of this.apis.values())
      out.push(
        `API ${a.key}: ${base}${a.versionType === 'url' && a.version ? `${a.context === '/' ? '' : a.context}/${a.version}` : a.context}`,
      );
    for (const p of this.proxies.values())
      out.push(
        `Proxy ${p.name}: ${base}/services/${p.name}${this.inactiveProxies.has(p.name) ? ' (inactive)' : ''}`,
      );
    out.push(...this.dataServices.urls(base));
    for (const [name, s] of this.inboundServers) {
      const ad = s.address() as AddressInfo | null;
      const tls = this.inbounds.get(name)?.protocol === 'https' && this.options.https;
      if (ad) out.push(`Inbound ${name}: ${tls ? 'https' : 'http'}://${host}:${ad.port}/`);
    }
    // what the file pollers watch (file inbound endpoints, vfs proxies)
    for (const f of this.filePollers.values())
      out.push(`${f.kind === 'inbound' ? 'Inbound' : 'Proxy'} ${f.name}: polling ${f.uri}`);
    out.push(...this.rabbitmq.urls());
    out.push(...this.mqtt.urls());
    return out;
  }

  /** Stops listening, waits for in-flight messages (bounded), closes backend pools. */
  async stop(graceMs = 5000): Promise<void> {
    // the JSON writer settings are the process's (JsonUtil's one factory): a stopped runtime leaves MI's defaults
    // behind, so what formats JSON next (another runtime, a test) does not get this project's
    if (this.jsonSettings !== undefined && jsonOutputSettings() === this.jsonSettings)
      setJsonOutputSettings({});
    setXPathDomFailover(false);
    for (const name of [...this.taskTimers.keys()]) this.unschedule(name);
    for (const name of this.processors.keys()) this.stopProcessor(name);
    for (const f of this.filePollers.values()) clearInterval(f.timer);
    this.filePollers.clear();
    this.watcher?.close();
    this.watcher = undefined;
    const servers = [this.server, this.httpsServer, ...this.inboundServers.values()].filter(
      (s): s is Server => !!s,
    );
    this.server = undefined;
    this.httpsServer = undefined;
    this.inboundServers.clear();
    for (const s of servers) {
      s.close();
      s.closeIdleConnections();
    }
    const pending =
      this.inflight === 0 ? Promise.resolve() : new Promise<void>((r) => this.idleWaiters.push(r));
    await Promise.race([pending, new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const s of servers) s.closeAllConnections();
    await this.endpoints.close();
    await this.rabbitmq.close();
    await this.mqtt.close();
    this.mailListener.close();
    await this.dataServices.close();
    closeRemoteFileSystems();
  }

  // ------------------------------------------------------------------------------------------ file polling
  /** File inbound endpoints and proxies with the vfs transport being polled, by `inbound:NAME` / `proxy:NAME`. */
  private readonly filePollers = new Map<string, FilePoller>();
  /** File inbound endpoints whose interval MI cannot read (logged once). */
  private readonly badIntervals = new WeakSet<object>();

  /** Starts and stops the pollers of file inbound endpoints and of proxy services that list the vfs transport. */
  private syncFilePollers(): void {
    if (!this.server) return;
    const wanted = new Map<
      string,
      {
        kind: FilePoller['kind'];
        name: string;
        def: object;
        params: Record<string, string>;
        intervalMs: number;
      }
    >();
    for (const ib of this.inbounds.values())
      if (ib.protocol === 'file' && !ib.suspended) {
        // VFSProcessor: the interval (milliseconds) is read with Long.parseLong, and one it cannot read (or none)
        // fails the inbound endpoint
        const interval =
          (ib.params.interval ?? '').trim() === ib.params.interval ? ib.params.interval : undefined;
        if (interval === undefined || !/^[+-]?\d+$/.test(interval)) {
          if (!this.badIntervals.has(ib)) {
            this.badIntervals.add(ib);
            this.executor.log(
              'ERROR',
              'VFSProcessor',
              `inbound:${ib.name}`,
              'Invalid numeric value for interval.',
            );
          }
          continue;
        }
        wanted.set(`inbound:${ib.name}`, {
          kind: 'inbound',
          name: ib.name,
          def: ib,
          params: ib.params,
          intervalMs: Number(interval),
        });
      }
    for (const p of this.proxies.values())
      if (p.transports.includes('vfs') && !this.inactiveProxies.has(p.name))
        wanted.set(`proxy:${p.name}`, {
          kind: 'proxy',
          name: p.name,
          def: p,
          params: p.params,
          intervalMs: pollInterval(p.params, (v) =>
            this.executor.log(
              'ERROR',
              'VFSTransportListener',
              `proxy:${p.name}`,
              `Invalid poll interval : ${v},  default to : 300sec`,
            ),
          ),
        });
    for (const [key, f] of this.filePollers)
      if (wanted.get(key)?.def !== f.def) {
        clearInterval(f.timer);
        this.filePollers.delete(key);
      }
    for (const [key, w] of wanted) {
      if (this.filePollers.has(key)) continue;
      const polling = pollingOf(w.params, w.kind);
      const { kind, name } = w;
      const label = key;
      // a vfs proxy PollTableEntry cannot configure (no FileURI; ContentType is a required parameter) is marked
      // faulty and not polled (AbstractTransportListenerEx.internalStartListeningForService)
      const unconfigured =
        kind !== 'proxy'
          ? undefined
          : w.params['transport.vfs.FileURI'] === undefined
            ? "Service doesn't have configuration information for transport vfs"
            : w.params['transport.vfs.ContentType'] === undefined
              ? `Cannot find parameter 'transport.vfs.ContentType' for service '${name}'`
              : undefined;
      if (unconfigured) {
        this.executor.log(
          'WARN',
          'VFSTransportListener',
          label,
          `Unable to configure the service ${name} for the VFS transport: ${unconfigured}. This service is being marked as faulty and will not be available over the VFS transport.`,
        );
        continue;
      }
      if (typeof polling === 'string') {
        this.executor.log(
          'ERROR',
          kind === 'inbound' ? 'InboundEndpoint' : 'VFSTransportListener',
          label,
          polling,
        );
        continue;
      }
      const state: FilePoller = {
        kind,
        name,
        uri: polling.uri,
        def: w.def,
        busy: false,
        timer: undefined as unknown as NodeJS.Timeout,
      };
      const poll = async (): Promise<void> => {
        if (state.busy) return;
        state.busy = true;
        try {
          await pollOnce(
            polling,
            this.options.maxBodyBytes,
            (f) => this.injectFile(kind, name, polling, f),
            (file, e) =>
              this.executor.log(
                'ERROR',
                kind === 'inbound' ? 'FilePollingConsumer' : 'VFSTransportListener',
                label,
                `Error processing File URI : ${file}: ${(e as Error).message ?? e}`,
              ),
            // a FileURI that does not exist: FilePollingConsumer warns at each poll, VFSTransportListener once
            () => {
              if (kind !== 'inbound' && state.missingLogged) return;
              state.missingLogged = true;
              this.executor.log(
                'WARN',
                kind === 'inbound' ? 'FilePollingConsumer' : 'VFSTransportListener',
                label,
                kind === 'inbound'
                  ? `Unable to access or read file or directory : ${maskPassword(polling.uri)}. Reason: The file does not exists!`
                  : `Provided file uri: ${maskPassword(polling.uri)} is invalid. File does not exists`,
              );
            },
          );
        } finally {
          state.busy = false;
        }
      };
      state.timer = setInterval(() => this.track(poll()), Math.max(10, w.intervalMs));
      state.timer.unref();
      this.filePollers.set(key, state);
      this.track(poll());
    }
  }

  /** One polled file into the flow of its inbound endpoint's sequence or of its proxy service. */
  private async injectFile(
    kind: FilePoller['kind'],
    name: string,
    polling: FilePolling,
    f: PolledFile,
  ): Promise<void> {
    const contentType = fileContentType(polling.contentType, f.name, kind);
    const payload = new Payload(contentType, f.body, this.limits());
    // parsed at once, as MI's builders do: content its type cannot read fails the file (ActionAfterFailure)
    await payload.build();
    payload.parse();
    const headers = new Headers();
    headers.set('FILE_NAME', f.name);
    headers.set('FILE_PATH', f.path);
    headers.set('FILE_URI', f.uri);
    headers.set('FILE_LENGTH', String(f.size));
    headers.set('LAST_MODIFIED', String(Math.floor(f.lastModified)));
    // FilePollingConsumer.processFile: with sub-folders read, the file's folder under the polled one
    if (f.relativePath !== undefined) headers.set('RELATIVE_PATH', f.relativePath);
    const ctx = new MessageContext(payload, headers, this.services);
    ctx.requestType = contentType;
    ctx.method = 'POST';
    ctx.correlationUnset = true;
    ctx.url = f.uri;
    if (kind === 'inbound') {
      const ib = this.inbounds.get(name);
      // the inbound's injecting sequence as SynapseConfiguration.getSequence finds it: deployed, or a conf:/gov:
      // registry resource (MI FileInboundWithDynamicSequenceTestCase)
      const seq = ib?.sequence ? this.sequence(ib.sequence) : undefined;
      if (!ib || !seq)
        throw new Error(`inbound endpoint ${name}: sequence '${ib?.sequence}' is not deployed`);
      ctx.flow = { artifactKind: 'inbound', artifactName: name };
      ctx.transportIn = `inbound:${name}`;
      // FileInjectHandler.invoke: seq.setErrorHandler(onErrorSeq) before injectInbound
      await injectInbound(this.executor, ctx, seq, ib.onError);
      return;
    }
    const proxy = this.proxies.get(name);
    if (!proxy) throw new Error(`proxy service ${name} is not deployed`);
    ctx.transportIn = 'vfs';
    // an answer goes to transport.vfs.ReplyFileURI when the proxy names one (VFSTransportSender), else nowhere
    const replyUri = proxy.params['transport.vfs.ReplyFileURI'];
    ctx.reply = (c) =>
      replyUri
        ? writeMessageFile(
            c,
            replyUri,
            c.axis2.get('messageType') as string | undefined,
            proxy.params['transport.vfs.ReplyFileName'],
          ).then(() => undefined)
        : undefined;
    await this.runProxy(proxy, ctx, '', '');
  }

  /** One polled mail into its proxy service (MailTransportListener.processMail / handleIncomingMessage). */
  private async injectMail(name: string, mail: PolledMail): Promise<void> {
    const payload = new Payload(mail.contentType, mail.body, this.limits());
    // TransportUtils.createSOAPMessage builds the message at once: content its type cannot read fails the mail
    await payload.build();
    payload.parse();
    const headers = new Headers();
    for (const [n, v] of mail.headers) headers.set(n, v);
    const ctx = new MessageContext(payload, headers, this.services);
    ctx.requestType = mail.contentType;
    ctx.method = 'POST';
    ctx.correlationUnset = true;
    if (mail.messageId !== undefined) ctx.setMessageId(mail.messageId);
    if (mail.soapAction !== undefined) ctx.receivedAction = receivedActionOf(mail.soapAction);
    const proxy = this.proxies.get(name);
    if (!proxy) throw new Error(`proxy service ${name} is not deployed`);
    ctx.transportIn = 'mailto';
    // an answer the flow sends back goes by mail (the mailto sender with the request's MailOutTransportInfo); the
    // runtime's stand-ins have no MI counterpart: no 202 for a flow that drops (ServerWorker.sendAck is HTTP's),
    // no error answer for an unhandled fault (logged, nothing is sent)
    ctx.reply = (c) =>
      c.answeredBy !== 'flow' ? undefined : this.endpoints.mail.reply(c, this.executor, mail.replyInfo);
    await this.runProxy(proxy, ctx, '', '');
  }

  private async syncInbounds(): Promise<void> {
    if (!this.server) return;
    this.rabbitmq.syncInbounds(this.inbounds.values());
    this.mqtt.syncInbounds(this.inbounds.values());
    this.rabbitmq.syncProxies(this.proxies.values(), (n) => this.inactiveProxies.has(n));
    this.mailListener.sync(this.proxies.values(), (n) => this.inactiveProxies.has(n));
    const wanted = new Map<string, InboundDef>();
    for (const ib of this.inbounds.values())
      if ((ib.protocol === 'http' || ib.protocol === 'https') && !ib.suspended) wanted.set(ib.name, ib);
    for (const [name, s] of this.inboundServers) {
      if (!wanted.has(name)) {
        s.close();
        s.closeAllConnections();
        this.inboundServers.delete(name);
      }
    }
    for (const [name, ib] of wanted) {
      if (this.inboundServers.has(name)) continue;
      // InboundHttpListener: Integer.parseInt of the port, and one it cannot read fails the inbound endpoint
      const portText = ib.params['inbound.http.port'];
      if (portText === undefined || !/^[+-]?\d+$/.test(portText) || Number(portText) > 2147483647) {
        this.executor.log(
          'ERROR',
          'InboundHttpListener',
          `inbound:${name}`,
          `Please provide port number as integer  instead of  port  ${portText ?? 'null'}`,
        );
        continue;
      }
      const port = Number(portText);
      // an HTTPS inbound endpoint presents the runtime's own certificate (its keystore parameter is not read)
      const tls = ib.protocol === 'https' ? this.options.https : undefined;
      if (ib.protocol === 'https')
        this.executor.log(
          'WARN',
          'InboundEndpoint',
          `inbound:${name}`,
          tls
            ? `HTTPS inbound endpoint served with the runtime's own certificate (its keystore is not read)`
            : `HTTPS inbound endpoints are served over plain HTTP when the runtime has no HTTPS certificate (--https-port)`,
        );
      const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res, name);
      const s = tls
        ? createHttpsServer(
            { key: tls.key, cert: tls.cert, requireHostHeader: false, ServerResponse: ListenerResponse },
            handler,
          )
        : createServer({ requireHostHeader: false, ServerResponse: ListenerResponse }, handler);
      s.on('clientError', answerClientError);
      serveConnect(s, handler, tls !== undefined);
      this.inboundServers.set(name, s);
      await new Promise<void>((resolve) => {
        s.once('error', (e) => {
          this.executor.log(
            'ERROR',
            'InboundEndpoint',
            `inbound:${name}`,
            `Cannot listen on port ${port}: ${e.message}`,
          );
          this.inboundServers.delete(name);
          resolve();
        });
        s.listen(port, this.options.host, () => {
          // PassThroughListeningIOReactorManager.startEndpoint, named after the inbound endpoint (HTTPEndpointManager)
          this.executor.log(
            'INFO',
            'PassThroughListeningIOReactorManager',
            undefined,
            `Pass-through ${name} Listener started on ${this.options.host}:${(s.address() as AddressInfo).port}`,
          );
          resolve();
        });
      });
    }
  }

  private track(p: Promise<void>): void {
    this.inflight++;
    p.then(this.requestDone, this.requestDone);
  }

  // ------------------------------------------------------------------------------------------ a request
  /**
   * Serves one request (counted in flight until its mediation ends): refuses an oversized one, reads a small body
   * whole, then routes the message; an error nobody handled answers 500.
   */
  private handle(req: IncomingMessage, res: ServerResponse, inboundName: string | undefined): void {
    if (!KNOWN_METHODS.has(req.method ?? '')) {
      // SourceHandler.exception (MethodNotSupportedException): 501, the connection closed, nothing mediated
      req.socket.end(listenerErrorAnswer('501 Not Implemented'));
      return;
    }
    // a trace/connect in another case: dispatched with the method as it was sent (see CASE_KEPT)
    const sent = takeSentMethod(req);
    if (sent !== undefined) req.method = sent;
    // (a request the raw front end handed over with what the relay path made of it)
    const resumed = takeResume(req);
    this.inflight++;
    // the logger table changed (a level set through the management API): wire logs may have been switched; a
    // connection opened before they were is tapped from its first request since (another connection's request may
    // have seen the change)
    if (this.executor.loggers.version !== this.wireVersion) this.syncWire(req.socket);
    else if (this.wire !== undefined) this.wire.tap(req.socket);
    const cl = req.headers['content-length'];
    if (cl !== undefined && Number(cl) > this.options.maxBodyBytes) {
      resumed?.drop();
      answerTooLarge(res, this.options.maxBodyBytes);
      req.resume();
      this.requestDone();
      return;
    }
    if (isSmallBody(cl))
      readSmallBody(req, (body) => {
        if (body) {
          if (resumed) this.resumeTracked(resumed.resume, req, res, body);
          else this.routeTracked(req, res, inboundName, body);
        } else {
          resumed?.drop();
          // the client went away before sending its whole body: nobody is left to answer
          res.destroy();
          this.requestDone();
        }
      });
    else if (resumed) this.resumeTracked(resumed.resume, req, res, undefined);
    else this.routeTracked(req, res, inboundName, undefined);
  }

  /** A request the raw front end handed over, taken up where the relay path left it (rawFront.ts takeResume). */
  private resumeTracked(
    resume: (req: IncomingMessage, res: ServerResponse, preRead: Buffer | undefined) => void,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
  ): void {
    try {
      resume(req, res, body);
    } catch (e) {
      this.requestFailed(e, res);
      return;
    }
    this.requestDone();
  }

  private routeTracked(
    req: IncomingMessage,
    res: ServerResponse,
    inboundName: string | undefined,
    body: Buffer | undefined,
    replay?: Replay,
  ): void {
    let p: Promise<void> | void;
    try {
      p = this.route(req, res, inboundName, body, replay);
    } catch (e) {
      if (replay) drainUnused(replay.rec);
      this.requestFailed(e, res);
      return;
    }
    if (replay) {
      const rec = replay.rec;
      if (p) p = p.finally(() => drainUnused(rec));
      else drainUnused(rec);
    }
    if (p) p.then(this.requestDone, (e: unknown) => this.requestFailed(e, res));
    else this.requestDone();
  }

  private requestFailed(e: unknown, res: ServerResponse): void {
    this.executor.log('ERROR', 'Runtime', undefined, `Request failed: ${(e as Error).stack ?? e}`);
    if (!res.headersSent) {
      res.writeHead(500, { server: SERVER_NAME, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 0, message: (e as Error).message } }));
    } else res.destroy();
    this.requestDone();
  }

  private payloadLimits: { maxBytes: number; maxDepth: number } | undefined;
  /** The payload limits of every message (one object, made once). */
  private limits(): { maxBytes: number; maxDepth: number } {
    return (this.payloadLimits ??= { maxBytes: this.options.maxBodyBytes, maxDepth: this.options.maxDepth });
  }

  private readonly requestDone = (): void => {
    if (--this.inflight === 0 && this.idleWaiters.length > 0) for (const w of this.idleWaiters.splice(0)) w();
  };

  /** Creates a message context for an incoming HTTP request. */
  private contextFor(req: IncomingMessage, preRead?: Buffer, replay?: Replay): MessageContext {
    const limits = this.limits();
    const hasBody =
      req.headers['content-length'] !== undefined
        ? req.headers['content-length'] !== '0'
        : req.headers['transfer-encoding'] !== undefined;
    let body: Readable | Buffer | undefined = preRead;
    if (hasBody && req.method === 'GET') {
      // MI's listener makes a GET a request without an entity (SynapseHTTPRequestFactory): a body sent with it is
      // never read nor mediated. Drained here so the connection stays usable.
      body = undefined;
      if (!preRead) req.resume();
    } else if (hasBody && !preRead) {
      if (req.headers['content-length'] !== undefined) {
        // a declared length was checked against the limit already: stream the request as it is
        body = req;
      } else {
        // chunked: count while streaming (no pipeline(): its AbortController costs more than the copy)
        const max = this.options.maxBodyBytes;
        let seen = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            seen += chunk.length;
            if (seen > max) cb(new PayloadTooLargeError(max));
            else cb(null, chunk);
          },
        });
        req.on('error', (e) => counter.destroy(e));
        req.pipe(counter);
        body = counter;
      }
    }
    // (a relayed request's flow run again: the headers the relay read, its activityid among them)
    const headers = replay ? replay.headers : requestHeaders(req.rawHeaders);
    const payload = new Payload(req.headers['content-type'] ?? '', body, limits);
    if (req.headers['content-type'] === '') payload.emptyTypeHeader = true;
    // an entity-enclosing request with an empty body (SynapseHTTPRequestFactory: POST, PUT, PATCH) is still built
    if (!hasBody) {
      const m = req.method;
      if (m === 'POST' || m === 'PUT' || m === 'PATCH') payload.entity = true;
    }
    const ctx = new MessageContext(payload, headers, this.services);
    ctx.requestType = payload.contentType;
    ctx.emptyTypeHeader = payload.emptyTypeHeader;
    ctx.method = req.method ?? 'GET';
    ctx.url = req.url ?? '/';
    const soapAction = headers.get('soapaction');
    if (soapAction !== undefined) ctx.receivedAction = receivedActionOf(soapAction);
    // SourceHandler.setCorrelationId: the correlation header (activityid) the client sent is the correlation id;
    // without one the transport makes one, adds it to the request's headers (so it goes on with them) and builds
    // the message id from it (ServerWorker.createMessageContext)
    const activity = headers.get('activityid');
    if (replay?.generated !== undefined) ctx.correlateAs(replay.generated, `urn:uuid:${replay.generated}`);
    else if (activity !== undefined) ctx.correlateAs(activity);
    else {
      const id = randomUuid();
      headers.set('activityid', id);
      ctx.correlateAs(id, `urn:uuid:${id}`);
    }
    // a form body's builder reads the query string too (XFormURLEncodedBuilder.extractParametersFromRequest)
    payload.requestUrl = ctx.url;
    // a gzip body is inflated when a mediator first reads it, and what a formatter writes is compressed again
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined) payload.setContentEncoding(encoding);
    ctx.axis2.set('HTTP_METHOD', ctx.method);
    ctx.axis2.set('REMOTE_ADDR', req.socket.remoteAddress ?? '');
    // a request without an entity (SynapseHTTPRequestFactory: GET, HEAD, OPTIONS, TRACE) is marked NO_ENTITY_BODY
    // (ServerWorker.processNonEntityEnclosingRESTHandler); the answer then has no body unless a mediator that writes
    // one clears it (payloadFactory, enrich, a back end's answer...). DELETE is entity-enclosing there.
    const mt = ctx.method;
    if (mt === 'GET' || mt === 'HEAD' || mt === 'OPTIONS' || TRACE_OR_CONNECT.test(mt))
      ctx.axis2.set('NO_ENTITY_BODY', true);
    return ctx;
  }

  /** The API definition as JSON (`?swagger.json`, `?openapi.json`) or YAML (`?swagger.yaml`, `?openapi.yaml`). */
  private serveOpenApi(api: ApiDef, req: IncomingMessage, res: ServerResponse, query: string): void {
    req.resume();
    // SwaggerUtils.getAPISwagger: the publishSwagger resource, else the document of the CAR's metadata
    const published =
      (api.publishSwagger !== undefined ? this.resource(registryKeyOf(api.publishSwagger)) : undefined) ??
      [api.name, `${api.name}_${api.version}`, `${api.name}_v${api.version}`]
        .map((n) => this.apiSwaggers.get(n))
        .find((t) => t !== undefined);
    if (published !== undefined && published.trim() !== '') {
      const yaml = query.endsWith('.yaml');
      const doc = publishedDefinition(published, !yaml);
      res.writeHead(200, {
        server: SERVER_NAME,
        'content-type': yaml ? 'application/yaml' : 'application/json',
      });
      res.end(doc);
      return;
    }
    const http = `http://${req.headers.host ?? `${this.options.host}:${this.address().port}`}`;
    // MI lists its http and https servers; the https one with the request's host name and the HTTPS port
    const https = this.httpsAddress();
    const hostname = (req.headers.host ?? this.options.host).replace(/:\d+$/, '');
    const value = openApiFor(api, https ? [http, `https://${hostname}:${https.port}`] : http);
    // MI's SwaggerYamlProcessor answers the same definition in YAML
    answerDefinition(res, value, query.endsWith('.yaml'));
  }

  /** Finds the flow of a request (inbound endpoint, proxy, API resource, main) and runs it. */
  private route(
    req: IncomingMessage,
    res: ServerResponse,
    inboundName: string | undefined,
    preRead: Buffer | undefined,
    replay?: Replay,
  ): Promise<void> | void {
    // a message this runtime sent itself to local://services/NAME (the local transport): the mark is taken off
    let local = false;
    if (req.headers[LOCAL_TRANSPORT_HEADER] !== undefined) {
      local = !inboundName && req.headers[LOCAL_TRANSPORT_HEADER] === this.endpoints.localToken;
      delete req.headers[LOCAL_TRANSPORT_HEADER];
      const raw = req.rawHeaders;
      for (let i = raw.length - 2; i >= 0; i -= 2)
        if (raw[i].toLowerCase() === LOCAL_TRANSPORT_HEADER) raw.splice(i, 2);
    }
    const { url, path, query } = splitRequestUrl(req.url ?? '/');
    // any URI holding "/odata/" is MI's OData endpoint's (IntegratorStatefulHandler, ODataPassThroughHandler)
    if (!inboundName && url.includes('/odata/'))
      return this.dataServices.routeOData(req, res, url, query, preRead, this.options.maxBodyBytes);
    // data services (.dbs) at /services/NAME answer outside the mediation engine, as MI's DBInOutMessageReceiver
    if (this.dataServices.size > 0 && !inboundName) {
      const served = this.dataServices.route(req, res, path, query, preRead, this.options.maxBodyBytes);
      if (served) return served;
    }
    // the relay path (relay.ts) takes a plain call-and-respond resource's request; the API it found is kept
    let early: ApiMatch | null | undefined;
    if (replay === undefined) {
      if (!inboundName && !local && this.options.relay) {
        const t = this.tryRelay(req, res, url, path, query, preRead);
        if (t === true) return;
        early = t;
      }
      // (a replay runs the API and sequence the request went into, as a flow in progress would, even if redeployed)
    } else early = replay.route.match;
    const ctx = this.contextFor(req, preRead, replay);
    // (the call of a relayed request's flow takes the exchange the relay made)
    if (replay) this.endpoints.replayInto(ctx, replay.rec);
    ctx.reply = (c) => this.writeResponse(c, res);
    const arrived = Date.now();
    ctx.shared.abandon = () => this.closeUnanswered(ctx, res, arrived);
    // the request's properties are written when the mediation first looks at properties (most messages never do)
    const facts: RouteFacts = {
      url,
      method: ctx.method,
      query,
      host: req.headers.host,
      scheme: (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http',
      local,
      api: undefined,
      subPath: '/',
      vars: undefined,
    };
    ctx.deferProps((p) => writeRouteProps(p, facts));

    // InboundHttpServerWorker: an API bound to the inbound endpoint (binds-to, InboundApiHandler) takes its message
    // first; otherwise APIs and resources bound to `default` serve it (RestRequestHandler, ApiUtils.isBound)
    const boundHere =
      inboundName !== undefined &&
      selectApi(
        this.apisBoundTo(inboundName),
        path,
        req.headers.host,
        (req.socket as Socket & { encrypted?: boolean }).encrypted === true,
      ) !== undefined;
    const caller = boundHere ? inboundName! : 'default';
    if (inboundName && !boundHere) {
      const ib = this.inbounds.get(inboundName);
      const pattern = ib?.params['dispatch.filter.pattern'];
      // InboundHttpServerWorker: with a dispatch.filter.pattern the whole request URI must match it (Matcher.matches)
      // for the message to be dispatched to an API or proxy (main when none takes it); one that does not match goes
      // to the main sequence; without a pattern the message goes to the endpoint's sequence (main when that is not
      // deployed), its onError the fault sequence
      const matched = pattern !== undefined && wholeJavaRegex(pattern)?.test(url) === true;
      if (ib && !matched) {
        ctx.flow = { artifactKind: 'inbound', artifactName: ib.name };
        ctx.transportIn = `inbound:${ib.name}`;
        ctx.to = url;
        const seq =
          (pattern === undefined && ib.sequence ? this.sequence(ib.sequence) : undefined) ??
          this.sequences.get('main') ??
          this.defaultMain;
        return this.executor.runFlow(ctx, seq, ib.onError ? { key: ib.onError } : undefined);
      }
    }

    // proxy services
    if (!boundHere && (path === '/services' || path.startsWith('/services/'))) {
      const { name, proxy, subPath } = this.proxyAt(path);
      // an inactive proxy's service is still found by MI's GET processors (getServiceForActivation), which say so
      // (AbstractWsdlProcessor.printWSDL, XsdUtil.printXsd: 200, text/html)
      const inactiveItem =
        proxy && ctx.method === 'GET' && this.inactiveProxies.has(name) ? metadataItem(query) : undefined;
      if (proxy && inactiveItem) {
        if (this.metadataForbidden(proxy, req, res)) return;
        req.resume();
        res.writeHead(200, { server: SERVER_NAME, 'content-type': 'text/html' });
        res.end(
          `<h4>Service ${name} is inactive. Cannot display ${inactiveItem === 'xsd' ? 'Schema' : 'WSDL document'}.</h4>`,
        );
        return;
      }
      if (proxy && !this.inactiveProxies.has(name)) {
        // ?wsdl, ?wsdl2, ?xsd: MI's HTTP GET processors (PassThroughNHttpGetProcessor), as the query names them
        const metadata = ctx.method === 'GET' ? metadataItem(query) : undefined;
        if (metadata && this.metadataForbidden(proxy, req, res)) return;
        if (metadata === 'wsdl2' || metadata === 'xsd') {
          req.resume();
          void this.serveProxyMetadata(metadata, proxy, query, req, res);
          return;
        }
        if (metadata === 'wsdl') {
          req.resume();
          if (this.answerImportedWsdl(proxy, query, res)) return;
          // (RequestProcessorUtil.writeDocument: annotation=true puts a stylesheet instruction first)
          const pi = annotationPi(query, 'annotated-wsdl.xsl', '/');
          const wsdl = this.proxyWsdl(proxy, req.headers.host);
          if (wsdl === undefined && /^uri:https?:\/\//i.test(proxy.wsdl ?? '')) {
            // <publishWSDL uri="http(s)://…">: MI's ProxyService reads the document from the URL when it deploys
            // the proxy; it is read here once, when first asked for
            void this.remoteProxyWsdl(proxy).then((text) => {
              if (text === undefined) this.answer(res, 404, `Proxy '${name}' publishes no WSDL it can read`);
              else {
                res.writeHead(200, { server: SERVER_NAME, 'content-type': 'text/xml' });
                const base = `http://${req.headers.host ?? `${this.options.host}:${this.address().port}`}`;
                res.end(
                  pi +
                    documentElementOnly(
                      publishedProxyWsdl(
                        text,
                        name,
                        base,
                        proxy.params,
                        this.proxyHttpsBase(proxy, req.headers.host),
                        proxy.description,
                      ) ?? text,
                    ),
                );
              }
            });
          } else if (wsdl === undefined)
            this.answer(res, 404, `Proxy '${name}' publishes no WSDL it can read`);
          else {
            res.writeHead(200, {
              server: SERVER_NAME,
              'content-type': 'text/xml',
            });
            res.end(pi + documentElementOnly(wsdl));
          }
          return;
        }
        // a proxy that lists its transports is served only on those (Axis2 DispatchPhase.validateTransport); an
        // HTTP inbound endpoint hands on without that check
        if (!inboundName && !exposedOn(proxy, local ? 'local' : facts.scheme)) {
          req.resume();
          this.serviceNotFound(req, res, url);
          return;
        }
        // ProxyServiceMessageReceiver: an inbound.only="true" proxy takes messages from inbound endpoints only; any
        // other message is dropped before mediation and the listener answers 202 with no body (sendAck)
        if (!inboundName && proxy.params['inbound.only']?.toLowerCase() === 'true') {
          req.resume();
          this.executor.log(
            'DEBUG',
            'ProxyServiceMessageReceiver',
            `proxy:${name}`,
            `Proxy Service ${name} message discarded due to the proxy is allowed only via InboundEP`,
          );
          // ServerWorker.sendAck: a chunked entity with no data (SourceResponse.start)
          res.writeHead(202, { server: SERVER_NAME });
          res.end();
          return;
        }
        // Axis2's dispatch phase: a proxy built from a published WSDL has the WSDL's operations only, a message that
        // names none of them is refused before mediation (DispatchPhase.checkPostConditions; see proxyOperationOf)
        if (!inboundName && proxy.wsdl !== undefined) {
          const published = this.publishedWsdlText(proxy);
          const op =
            published === undefined
              ? undefined
              : proxyOperationOf(
                  published,
                  subPath,
                  ctx.soapAction(),
                  isTrueExplicitly(proxy.params['disableOperationValidation']),
                );
          if (op === null) {
            req.resume();
            this.operationNotFound(ctx, req, res, url, ctx.soapAction());
            return;
          }
          if (op) ctx.operationOutputAction = op.outputAction;
        }
        return this.runProxy(proxy, ctx, subPath, query);
      }
    }

    // MI serves an API's definition at /<API name>?swagger.json (SwaggerJsonProcessor: the path names the API,
    // Name:vVERSION for a versioned one); ours also at <context>?swagger.json, below
    if (isDefinitionQuery(query) && ctx.method === 'GET') {
      const named = this.apis.get(path.slice(1));
      if (named) return this.serveOpenApi(named, req, res, query);
    }
    const match =
      early !== undefined
        ? (early ?? undefined)
        : selectApi(
            this.apisBoundTo(caller),
            path,
            req.headers.host,
            (req.socket as Socket & { encrypted?: boolean }).encrypted === true,
          );
    if (!match) {
      // no main deployed: MI's distribution main runs (it logs the address and answers 404 with no body)
      const main = this.sequences.get('main') ?? this.defaultMain;
      ctx.to = url;
      // classic main-sequence mediation: responses come back through main (its <out> part)
      ctx.flow = { artifactKind: 'main', artifactName: 'main', outSequence: { key: 'main' } };
      return this.executor.runFlow(ctx, main, undefined);
    }
    const { api, subPath } = match;
    if (ctx.method === 'GET' && isDefinitionQuery(query) && subPath === '/')
      return this.serveOpenApi(api, req, res, query);
    // the API's properties are known before a resource is chosen (as MI's API sets them), so the mismatch handler
    // has them
    facts.api = api;
    facts.subPath = subPath;
    ctx.axis2.set('REST_URL_POSTFIX', restUrlPostfix(url, api));
    ctx.to = url;
    // API.process: the API's handlers run before a resource is chosen, in the order listed
    const corsH = api.corsHandler;
    let perApiCors: CorsRecord | undefined;
    if (corsH?.beforeAuth) {
      const h = this.perApiCorsHandler(api, corsH, ctx, subPath, query, req, res);
      if (h === 'answered') return;
      perApiCors = h;
    }
    if (api.basicAuth && !this.basicAuthPasses(ctx, req, res)) return;
    if (corsH && !corsH.beforeAuth) {
      const h = this.perApiCorsHandler(api, corsH, ctx, subPath, query, req, res);
      if (h === 'answered') return;
      perApiCors = h;
    }
    const r = selectResource(
      api,
      subPath,
      query,
      ctx.method,
      needsRequestFacts(api)
        ? {
            https: facts.scheme === 'https',
            contentType: req.headers['content-type'],
            userAgent: req.headers['user-agent'],
            noEntity: ctx.axis2.get('NO_ENTITY_BODY') === true,
          }
        : undefined,
    );
    // Resource.sendOptions for a resource that lists OPTIONS: a Max-Forwards of 0 is answered by the resource, another
    // is decremented and the request mediated
    let options = 'options' in r ? r.options : undefined;
    if ('resource' in r && ctx.method === 'OPTIONS') {
      const mf = ctx.headers.get('Max-Forwards');
      if (mf !== undefined && /^[+-]?\d{1,9}$/.test(mf)) {
        const n = Number(mf);
        if (n === 0) options = supportedMethods(r.resource);
        else ctx.headers.set('Max-Forwards', String(n - 1));
      }
    }
    if (options !== undefined || 'options' in r) {
      options ??= '';
      // Resource.sendOptions: the request itself is sent back (Axis2Sender.sendBack, as respond does) with Allow
      // added to its transport headers, and CORSHelper.handleCORSHeaders(updateHeaders=true) adds the CORS ones:
      // an origin that is not allowed makes it a 403
      req.resume();
      const headers: string[] = [];
      ctx.headers.copyTo(
        headers,
        this.cors.enabled ? DROP_ON_CORS_REPLY : DROP_ON_REPLY,
        undefined,
        undefined,
        true,
      );
      if (!ctx.headers.hasLower('server')) headers.push('Server', SERVER_NAME);
      headers.push('Allow', options);
      let status = 200;
      // (a per-API CORS handler sets INTERNAL_CORS_PER_API_ENABLED: CORSHelper.handleCORSHeaders does nothing)
      if (this.cors.enabled && !corsH) {
        const origin = ctx.headers.get('Origin');
        const allowed = allowedOrigin(origin, this.cors.origins);
        headers.push(ACA_METHODS, options, ACA_ORIGIN, allowed, ACA_HEADERS, this.cors.headers);
        if (origin !== undefined) headers.push('Origin', origin);
        if (allowed === '') status = 403;
      }
      // (sendAck's SourceResponse: a chunked entity with no data)
      res.writeHead(status, headers);
      res.end();
      return;
    }
    if ('status' in r) {
      // as MI's API: a resource mismatch runs _resource_mismatch_handler_, a wrong method
      // _method_not_allowed_handler_ when deployed; otherwise 404 / 405 with no body and no Allow header (a
      // resource refused for its protocol, content type or user agent: 400 with no body, no handler)
      const handler =
        r.status === 400
          ? undefined
          : this.sequences.get(
              r.status === 404 ? '_resource_mismatch_handler_' : '_method_not_allowed_handler_',
            );
      if (handler) {
        ctx.flow = { artifactKind: 'api', artifactName: api.key };
        return this.executor.runFlow(ctx, handler, undefined);
      }
      req.resume();
      // API.handleResourceNotFound/handleMethodNotAllowed remove TRANSPORT_HEADERS (the excess lines of a repeated
      // name stay), the 400 keeps them; ServerWorker.sendAck (NIO-ACK-Requested) writes them as they are, without
      // removeUnwantedHeaders (the framing headers are Node's)
      const lines: string[] = [];
      if (r.status !== 400) ctx.headers.clearKeepingExcess();
      ctx.headers.copyTo(lines, r.status === 400 ? DROP_ON_ACK : DROP_ON_REPLY, undefined, undefined, true);
      // (sendAck's SourceResponse: a chunked entity with no data)
      if (!ctx.headers.hasLower('server')) lines.push('Server', SERVER_NAME);
      res.writeHead(r.status, lines);
      res.end();
      // API.handleResourceNotFound / handleMethodNotAllowed say it at DEBUG only (auditDebug), the 400 not at all:
      // MI's default loggers print nothing (so the message id is made only when the line is printed)
      if (r.status !== 400 && this.executor.loggers.enabled('DEBUG', 'API'))
        this.executor.log(
          'DEBUG',
          'API',
          `api:${api.key}`,
          r.status === 404
            ? `No matching resource was found for the request: ${ctx.messageId}`
            : `Method not allowed for the request: ${ctx.messageId}`,
        );
      return;
    }
    const resource = r.resource;
    facts.vars = r.vars;
    ctx.flow = resourceFlow(api, resource);
    // CORSHelper.handleCORSHeaders(updateHeaders=false): the values the answer will carry, as properties (a per-API
    // CORS handler has set its own, and the global ones are not set)
    const cors = corsH
      ? perApiCors
      : this.cors.enabled
        ? corsRecord(this.cors, supportedMethods(resource), ctx.headers.get('origin'))
        : undefined;
    if (cors !== undefined) {
      ctx.cors = facts.cors = cors;
      // (the request's properties are usually still deferred: written with them, else now)
      if (ctx.propsWritten) writeCorsProps(ctx.props, cors);
      if (!corsH && ctx.method === 'OPTIONS' && cors.allowOrigin === '') ctx.axis2.set('HTTP_SC', 403);
    }
    let entry: SequenceDef | undefined;
    try {
      entry = replay ? replay.route.seq : this.executor.resolveSequence(resource.inSequence);
    } catch (e) {
      return this.executor.runFlow(
        ctx,
        failingSequence(e as Error, api.file, api.line),
        resource.faultSequence,
      );
    }
    return this.executor.runFlow(ctx, entry, resource.faultSequence);
  }

  /** Requests the relay path answered itself (relay.ts; for tests). */
  relayedCount = 0;
  /**
   * The relay path's side of a request it took (counted in flight once more until it is done): the answer written,
   * or the request routed again with the recorded exchange (routeTracked ends it).
   */
  private readonly relayHost: RelayHost = {
    replay: (req, res, preRead, p) => {
      this.routeTracked(req, res, undefined, preRead, p);
    },
    relayed: () => {
      this.relayedCount++;
    },
    done: this.requestDone,
    failed: (e, res) => this.requestFailed(e, res),
  };
  private relayWire = -1;
  private relayWireOn = false;

  /** The HTTP listener's raw front end (rawFront.ts), when the relay path is on and Node's parser is there. */
  private rawFront: RawFront | undefined;
  /** Answers the raw front end wrote itself (for tests). */
  get rawCount(): number {
    return this.rawFront?.served ?? 0;
  }
  /**
   * The raw front end's side: a connection is read raw unless wire logs tap it; a request read raw goes where
   * handle() and route() would send it when it is the relay path's (else node:http reads it again).
   */
  private readonly rawHost: RawFrontHost = {
    accepts: () => {
      const loggers = this.executor.loggers;
      if (loggers.version !== this.wireVersion) this.syncWire();
      return !loggers.wireEnabled();
    },
    take: (req, ex, body) => {
      const h = req.headers;
      if (
        this.executor.loggers.version !== this.wireVersion ||
        h[LOCAL_TRANSPORT_HEADER] !== undefined ||
        (h['content-length'] !== undefined && Number(h['content-length']) > this.options.maxBodyBytes)
      )
        return false;
      const { url, path, query } = splitRequestUrl(req.url);
      // (route() sends these to the OData endpoint and the data services before any API: node:http takes them)
      if (url.includes('/odata/') || (this.dataServices.size > 0 && path.startsWith('/services/')))
        return false;
      return this.tryRelay(req, ex, url, path, query, body) === true;
    },
  };

  /**
   * The relay path (relay.ts) for a request of the HTTP listener: true when it took the request; otherwise the API it
   * found (null: none), or undefined when it did not look. Nothing that would see the message may be listening
   * (the debugger, wire logs, message events).
   */
  private tryRelay(
    req: RelayRequest,
    res: ServerResponse | RawExchange,
    url: string,
    path: string,
    query: string,
    preRead: Buffer | undefined,
  ): true | ApiMatch | null | undefined {
    const ex = this.executor;
    const proxied = path === '/services' || path.startsWith('/services/');
    if (ex.hook !== undefined || !relayableRequest(req, preRead, proxied)) return undefined;
    // (a proxy's GET with a query may ask for its metadata: ?wsdl, ?xsd...)
    if (
      proxied
        ? query !== '' && req.method === 'GET'
        : path.startsWith('/services') || isDefinitionQuery(query)
    )
      return undefined;
    const loggers = ex.loggers;
    if (loggers.version !== this.relayWire) {
      this.relayWire = loggers.version;
      this.relayWireOn = loggers.wireEnabled();
    }
    if (this.relayWireOn) return undefined;
    const ev = ex.events;
    if (
      ev.listenerCount('endpointCall') > 0 ||
      ev.listenerCount('messageStarted') > 0 ||
      ev.listenerCount('messageFinished') > 0
    )
      return undefined;
    if (proxied) return this.relayProxy(req, res, path, query, preRead) || undefined;
    const match = selectApi(
      this.apisBoundTo('default'),
      path,
      req.headers.host,
      (req.socket as Socket & { encrypted?: boolean }).encrypted === true,
    );
    if (!match) return null;
    const api = match.api;
    if (api.corsHandler || api.basicAuth || !mayRelay(api) || needsRequestFacts(api)) return match;
    const r = selectResource(api, match.subPath, query, req.method!);
    if (!('resource' in r)) return match;
    const resource = r.resource;
    const inSeq = resource.inSequence;
    const seq =
      inSeq === undefined ? undefined : 'inline' in inSeq ? inSeq.inline : this.sequences.get(inSeq.key);
    const ref = seq && relayFlowOf(seq);
    if (!ref) return match;
    const def = 'inline' in ref ? ref.inline : 'key' in ref ? this.endpoint(ref.key) : undefined;
    const ep = def && relayEndpoint(def);
    if (!ep || !this.endpoints.relayReady(ep)) return match;
    // (an http endpoint's uri-template reads the uri.var.* and query.param.* properties writeRouteProps sets)
    let props: Map<string, unknown> | undefined;
    if (relayReadsRoute(ep)) {
      props = new Map();
      writeRouteProps(props, {
        url,
        method: req.method!,
        query,
        host: req.headers.host,
        scheme: 'http',
        api,
        subPath: match.subPath,
        vars: r.vars,
      });
    }
    const to = relayUrl(ep, req.method!, restUrlPostfix(url, api), props);
    if (to === undefined) return match;
    const route: RelayRoute = {
      match,
      seq,
      ep,
      url: to,
      cors: this.cors.enabled ? this.cors : undefined,
      methods: supportedMethods(resource),
    };
    return this.startRelay(req, res, preRead, route) || match;
  }

  /**
   * MI 4.5's per-API CORSRequestHandler.handleRequest, before a resource is chosen: the resource is found among those
   * that take the method (an OPTIONS request: those listing OPTIONS, then those taking its
   * Access-Control-Request-Method); none answers 405 when a resource has the path, else 404, with no headers and no
   * body; a preflight OPTIONS the resource does not list itself is answered 200 with the request's headers and the
   * CORS ones (setCORSHeaders(updateTransportHeaders=true), send); otherwise the CORS values the answer will carry.
   */
  private perApiCorsHandler(
    api: ApiDef,
    h: CorsHandlerConfig,
    ctx: MessageContext,
    subPath: string,
    query: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): CorsRecord | undefined | 'answered' {
    const methodsOf = (rd: ResourceDef) =>
      rd.methods.length ? rd.methods : ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'];
    const notFound = (status: number): 'answered' => {
      // onResourceNotFoundError: HTTP_SC, no transport headers, NIO-ACK-Requested
      req.resume();
      res.writeHead(status, ['Server', SERVER_NAME]);
      res.end();
      return 'answered';
    };
    const origin = ctx.headers.get('Origin');
    const requestHeaders = ctx.headers.get('Access-Control-Request-Headers');
    // handleResourceNotFound: 405 when a resource has the path (whatever its methods), else 404
    const own = selectResource(api, subPath, query, 'OPTIONS');
    const missing = () => notFound('status' in own ? 404 : 405);
    if (ctx.method === 'OPTIONS') {
      // the resource lists OPTIONS: "let the back-end do it" (no CORS headers at all)
      if ('resource' in own) return undefined;
      const acrm = ctx.headers.get('Access-Control-Request-Method');
      const m = acrm ? selectResource(api, subPath, query, acrm) : undefined;
      if (!m || !('resource' in m)) return missing();
      const rec = handlerCorsRecord(h, methodsOf(m.resource), origin, requestHeaders);
      // setCORSHeaders(updateTransportHeaders=true): the configured allowHeaders as written
      ctx.headers.set(ACA_METHODS, rec.methods);
      if (rec.allowOrigin !== null) ctx.headers.set(ACA_ORIGIN, rec.allowOrigin);
      if (h.allowHeaders !== undefined) ctx.headers.set(ACA_HEADERS, h.allowHeaders);
      if (rec.perApi?.credentials !== undefined) ctx.headers.set(ACA_CREDENTIALS, rec.perApi.credentials);
      if (rec.perApi?.maxAge !== undefined) ctx.headers.set(ACA_MAX_AGE, rec.perApi.maxAge);
      req.resume();
      const headers: string[] = [];
      ctx.headers.copyTo(headers, DROP_ON_REPLY, undefined, undefined, true);
      if (!ctx.headers.hasLower('server')) headers.push('Server', SERVER_NAME);
      res.writeHead(200, headers);
      res.end();
      return 'answered';
    }
    const m = selectResource(api, subPath, query, ctx.method);
    if ('status' in m && m.status !== 400) return missing();
    if (!('resource' in m)) return undefined;
    return handlerCorsRecord(h, methodsOf(m.resource), origin, requestHeaders);
  }

  /** The proxy service a `/services/...` path names (undefined: none), its name and the path after it. */
  private proxyAt(path: string): { name: string; proxy: ProxyDef | undefined; subPath: string } {
    const rest = path.slice('/services/'.length);
    // a proxy of a versioned CAR is named `groupId__artifactId__version/NAME` (its address /services/<that>,
    // PassThroughHttpListener.getEPRsForService)
    const slash = serviceNameEnd(rest, this.hasProxy);
    let name = slash >= 0 ? rest.slice(0, slash) : rest;
    let proxy = this.proxies.get(name);
    // `/services/NAME.NAMEHttpSoap11Endpoint` (the port addresses of its WSDL) is the proxy too
    const dot = proxy ? -1 : name.indexOf('.');
    if (dot > 0 && this.proxies.has(name.slice(0, dot))) {
      name = name.slice(0, dot);
      proxy = this.proxies.get(name);
    }
    return { name, proxy, subPath: slash >= 0 ? rest.slice(slash) : '' };
  }

  /**
   * The relay path for a pass-through proxy service's request (relay.ts proxyRelayFlowOf): an active proxy served on
   * the request's transport, its endpoint an address one the relay can call; a SOAP request with a REST postfix
   * (sent to the address as it is or with the postfix, as restRequest decides) is left to the mediation path.
   */
  private relayProxy(
    req: RelayRequest,
    res: ServerResponse | RawExchange,
    path: string,
    query: string,
    preRead: Buffer | undefined,
  ): boolean {
    const { name, proxy, subPath } = this.proxyAt(path);
    if (!proxy || this.inactiveProxies.has(name)) return false;
    const https = (req.socket as Socket & { encrypted?: boolean }).encrypted === true;
    if (!exposedOn(proxy, https ? 'https' : 'http')) return false;
    const ref = proxyRelayFlowOf(proxy);
    if (!ref) return false;
    const def = 'inline' in ref ? ref.inline : 'key' in ref ? this.endpoint(ref.key) : undefined;
    const ep = def && relayEndpoint(def);
    if (!ep || ep.type !== 'address' || !this.endpoints.relayReady(ep)) return false;
    // (runProxy's REST_URL_POSTFIX)
    const postfix = subPath + (query ? `?${query}` : '');
    if (postfix !== '' && /text\/xml|application\/soap\+xml/i.test(req.headers['content-type'] ?? ''))
      return false;
    return this.startRelay(req, res, preRead, {
      match: null,
      seq: undefined,
      ep,
      url: postfix === '' ? ep.uri! : withPostfix(ep.uri!, postfix),
      cors: undefined,
      methods: '',
    });
  }

  /** Sends a request the relay path takes (counted in flight); false when nothing was sent. */
  private startRelay(
    req: RelayRequest,
    res: ServerResponse | RawExchange,
    preRead: Buffer | undefined,
    route: RelayRoute,
  ): boolean {
    this.inflight++;
    try {
      relay(this.endpoints, this.executor, req, res, preRead, route, this.relayHost);
    } catch {
      // nothing was sent (an address that does not parse): the normal path fails the call its own way
      this.inflight--;
      return false;
    }
    return true;
  }

  /** (made once: the /services dispatch asks it for a versioned proxy name, serviceNameEnd) */
  private readonly hasProxy = (name: string) => this.proxies.has(name);

  /** The WSDL documents proxies publish from http(s) URLs, read once (SynapseConfigUtils.getOMElementFromURL). */
  private readonly remoteWsdls = new WeakMap<ProxyDef, string>();

  /** The reads of remoteWsdls under way (readProxyWsdl). */
  private readonly remoteWsdlReads = new WeakMap<ProxyDef, Promise<{ text?: string; cause?: string }>>();

  private async remoteProxyWsdl(proxy: ProxyDef): Promise<string | undefined> {
    const { text, cause } = await this.readProxyWsdl(proxy);
    if (cause !== undefined)
      this.executor.log(
        'ERROR',
        'ProxyService',
        `proxy:${proxy.name}`,
        `Error reading from wsdl URI ${proxy.wsdl!.slice(4)}\n${cause}`,
      );
    return text;
  }

  /**
   * The base of a proxy's https ports in its WSDL (AxisService2WSDL11 prints an endpoint per transport the service
   * is exposed on: the request's host name with the HTTPS listener's port), when this runtime serves https and the
   * proxy's transports include it; undefined otherwise.
   */
  private proxyHttpsBase(proxy: ProxyDef, host: string | undefined): string | undefined {
    const https = this.httpsAddress();
    if (!https || !proxy.transports.some((t) => t === 'all' || t === 'https')) return undefined;
    return `https://${(host ?? this.options.host).replace(/:\d+$/, '')}:${https.port}`;
  }

  /**
   * `?wsdl2` and `?xsd` of a proxy, as MI's Wsdl20Processor and XsdProcessor answer them from the proxy's service
   * (see proxyWsdl2, proxyXsd). A published document MI builds no service of is answered as published (?wsdl2) or
   * not found (?xsd). An XsdProcessor failure is PassThroughNHttpGetProcessor's: logged ("Error processing request"),
   * the answer's head already sent (200), the connection shut down.
   */
  private async serveProxyMetadata(
    item: 'wsdl2' | 'xsd',
    proxy: ProxyDef,
    query: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const w = proxy.wsdl;
    let published: string | undefined;
    if (w !== undefined) {
      const text = w.startsWith('uri:')
        ? /^uri:https?:\/\//i.test(w)
          ? await this.remoteProxyWsdl(proxy)
          : undefined
        : w.startsWith('key:')
          ? this.resource(w.slice(4))
          : w;
      if (typeof text !== 'string') {
        this.answer(res, 404, `Proxy '${proxy.name}' publishes no WSDL it can read`);
        return;
      }
      published = text;
    }
    const mappings = published === undefined ? undefined : this.mappedWsdl(proxy, published);
    if (mappings) published = mappings.text;
    if (item === 'wsdl2') {
      const base = `http://${req.headers.host ?? `${this.options.host}:${this.address().port}`}`;
      const doc = proxyWsdl2(
        published,
        proxy.name,
        base,
        this.proxyHttpsBase(proxy, req.headers.host),
        proxy.description,
      );
      res.writeHead(200, { server: SERVER_NAME, 'content-type': 'text/xml' });
      res.end(
        annotationPi(query, 'annotated-wsdl2.xsl', '/') + (doc ?? documentElementOnly(published ?? '')),
      );
      return;
    }
    const xsd = proxyXsd(published, query, mappings?.table);
    if (xsd === undefined) {
      this.answer(res, 404, `Proxy '${proxy.name}' publishes no WSDL it can read`);
      return;
    }
    if ('error' in xsd) {
      this.getProcessorFailed(proxy, res, xsd.error);
      return;
    }
    res.writeHead(xsd.status, {
      server: SERVER_NAME,
      ...(xsd.contentType ? { 'content-type': xsd.contentType } : {}),
    });
    res.end(xsd.body);
  }

  /**
   * A GET processor that throws: PassThroughNHttpGetProcessor.handleBrowserException logs "Error processing request",
   * the answer's head is already committed (200), and the connection is shut down.
   */
  private getProcessorFailed(proxy: ProxyDef, res: ServerResponse, error: string): void {
    this.executor.log(
      'ERROR',
      'PassThroughNHttpGetProcessor',
      `proxy:${proxy.name}`,
      `Error processing request: ${error}`,
    );
    res.writeHead(200, { server: SERVER_NAME });
    res.flushHeaders();
    res.socket?.destroy();
  }

  /**
   * `?wsdl=NAME` (Wsdl11Processor.getImportedWSDL, AxisService.printUserWSDL; see importedWsdl): answers it and returns
   * true; false when the query names no imported WSDL, or the proxy's published document is not at hand yet.
   */
  private answerImportedWsdl(proxy: ProxyDef, query: string, res: ServerResponse): boolean {
    const published = this.publishedWsdlText(proxy);
    if (published === undefined && proxy.wsdl !== undefined) return false;
    const imported = importedWsdl(published, query);
    if (imported === undefined) return false;
    if ('error' in imported) this.getProcessorFailed(proxy, res, imported.error);
    else if ('imported' in imported) {
      // (the imported document, through the proxy's <resource> map as ProxyService's CustomWSDLLocator reads it;
      // printDefinitionObject rewrites its locations as the main document's)
      const key = proxy.wsdlResources?.filter((r) => r.location === imported.imported).pop()?.key;
      const text = key === undefined ? undefined : this.resource(key);
      if (typeof text !== 'string')
        this.answer(res, 404, `Proxy '${proxy.name}' imports ${imported.imported}, which is not read`);
      else {
        res.writeHead(200, { server: SERVER_NAME, 'content-type': 'text/xml' });
        res.end(
          annotationPi(query, 'annotated-wsdl.xsl', '/') +
            writtenDocument(userWsdlLocations(text, proxy.name)),
        );
      }
    } else {
      res.writeHead(200, { server: SERVER_NAME, 'content-type': 'text/xml' });
      res.end(annotationPi(query, 'annotated-wsdl.xsl', '/') + imported.body);
    }
    return true;
  }

  /**
   * A proxy's published WSDL with the schemas its schemas import named and their locations rewritten (schemaMappings),
   * each location resolved through the proxy's `<resource>` map (ResourceMap.resolve: the last key given for it; the
   * entry read as `synapse-reg:///KEY`); undefined without a map, or when nothing resolves.
   */
  private mappedWsdl(proxy: ProxyDef, text: string): SchemaMappings | undefined {
    const resources = proxy.wsdlResources;
    if (!resources?.length) return undefined;
    const keyOf = (location: string) => resources.filter((r) => r.location === location).pop()?.key;
    const read = (key: string | undefined) => {
      const found = key === undefined ? undefined : this.resource(key);
      return typeof found === 'string' ? found : undefined;
    };
    // (the WSDL documents it imports merged in first: mergedImports)
    const merged = mergedImports(text, (location) => read(keyOf(location)));
    const mapped = schemaMappings(merged ?? text, proxy.name, (location) => {
      const key = keyOf(location);
      const found = read(key);
      return found === undefined ? undefined : { uri: `synapse-reg:///${key}`, text: found };
    });
    return mapped ?? (merged === undefined ? undefined : { text: merged, table: new Map() });
  }

  /** The WSDL a proxy answers at ?wsdl: inline, by key (local entry or registry resource), or generated. */
  private proxyWsdl(proxy: ProxyDef, host: string | undefined): string | undefined {
    const w = proxy.wsdl;
    const base = `http://${host ?? `${this.options.host}:${this.address().port}`}`;
    const httpsBase = this.proxyHttpsBase(proxy, host);
    if (w === undefined) return generatedProxyWsdl(proxy.name, base, httpsBase, proxy.description);
    if (w.startsWith('uri:')) return undefined;
    const read = w.startsWith('key:') ? this.resource(w.slice(4)) : w;
    if (typeof read !== 'string') return read;
    // (printUserWSDL prints the wsdl4j definition: its schema locations are not the mapping's)
    const text =
      (proxy.params['useOriginalwsdl'] ?? '').trim() === 'true'
        ? read
        : (this.mappedWsdl(proxy, read)?.text ?? read);
    return publishedProxyWsdl(text, proxy.name, base, proxy.params, httpsBase, proxy.description) ?? text;
  }

  private runProxy(
    proxy: ProxyDef,
    ctx: MessageContext,
    subPath: string,
    query: string,
  ): Promise<void> | void {
    ctx.flow = {
      artifactKind: 'proxy',
      artifactName: proxy.name,
      outSequence: proxy.outSequence,
      faultSequence: proxy.faultSequence,
    };
    ctx.to = ctx.url;
    ctx.axis2.set('REST_URL_POSTFIX', subPath + (query ? `?${query}` : ''));
    const inSeq = this.executor.resolveSequenceSafe(proxy.inSequence);
    const ex = this.executor;
    const target = proxy.endpoint;
    // the proxy flow: in-sequence, then (if it did not stop) the target endpoint and the out-sequence
    const flow: SequenceDef = {
      name: `${proxy.name}`,
      file: proxy.file,
      line: proxy.line,
      column: proxy.column,
      contentAware: false,
      mediators: [
        {
          name: 'proxy',
          file: proxy.file,
          line: proxy.line,
          column: proxy.column,
          contentAware: false,
          async mediate(c) {
            if (inSeq) {
              if (inSeq.contentAware && c.payload.streaming) await c.payload.build();
              const cont = await ex.runSequence(inSeq, c);
              if (!cont || c.stopped) return false;
            }
            if (target) {
              await ex.callEndpoint(target, c);
              if (c.stopped) return false;
              c.response = true;
              const out = ex.resolveSequenceSafe(proxy.outSequence as SequenceRef | undefined);
              if (out) {
                if (out.contentAware && c.payload.streaming) await c.payload.build();
                await ex.runSequence(out, c);
              } else await ex.respond(c);
            }
            return false;
          },
        },
      ],
    };
    return this.executor.runFlow(ctx, flow, proxy.faultSequence);
  }

  /**
   * RequestProcessorUtil.canExposeServiceMetadata: the proxy parameter exposeServiceMetadata explicitly false ("false",
   * "no" in any case, "0": JavaUtils.isFalseExplicitly) forbids ?wsdl/?wsdl2/?xsd: 403 with no body and that reason
   * phrase. Answers and returns true then.
   */
  private metadataForbidden(proxy: ProxyDef, req: IncomingMessage, res: ServerResponse): boolean {
    const expose = proxy.params['exposeServiceMetadata']?.trim();
    if (expose === undefined || !/^(false|no|0)$/i.test(expose)) return false;
    req.resume();
    res.writeHead(403, `Access to service metadata for service: ${proxy.name} has been forbidden`, {
      server: SERVER_NAME,
    });
    res.end();
    return true;
  }

  /** The WSDL text a proxy publishes, when it is at hand (a WSDL read from a URL: once it was read). */
  private publishedWsdlText(proxy: ProxyDef): string | undefined {
    const w = proxy.wsdl;
    if (w === undefined) return undefined;
    if (w.startsWith('uri:')) return this.remoteWsdls.get(proxy);
    const text = w.startsWith('key:') ? this.resource(w.slice(4)) : w;
    return typeof text === 'string' ? text : undefined;
  }

  /**
   * DispatchPhase.checkPostConditions when no operation of the service takes the message: the AxisFault
   * "operationnotfoundforepr2" (the message's To, the request URI, and its action), which ServerWorker.handleException
   * answers as a SOAP fault (500).
   */
  private operationNotFound(
    ctx: MessageContext,
    req: IncomingMessage,
    res: ServerResponse,
    epr: string,
    action: string | undefined,
  ): void {
    const reason = `The endpoint reference (EPR) for the Operation not found is ${epr} and the WSA Action = ${action ?? 'null'}. If this EPR was previously reachable, please contact the server administrator.`;
    this.executor.log(
      'ERROR',
      'ServerWorker',
      undefined,
      `Error processing ${req.method} request for : ${req.url}. ${reason}`,
    );
    // a REST client (JSON, POX, a GET) gets the fault through its request's formatter (executor.listenerFault)
    const type = req.headers['content-type'] ?? '';
    if (!type.includes('application/soap+xml') && !type.includes('text/xml')) {
      void this.executor.listenerFault(ctx, reason);
      return;
    }
    const soap12 = type.includes('application/soap+xml');
    res.writeHead(500, { server: SERVER_NAME, 'content-type': axisFaultContentType(soap12) });
    res.end(axisFaultEnvelope(reason, soap12));
  }

  /**
   * What MI answers when Axis2's dispatch finds no service for a request (ServerWorker.handleException): the error
   * logged, and a 500 SOAP fault built by MessageContextBuilder.createFaultEnvelope: code Client (SOAP 1.1) or Sender
   * (SOAP 1.2), the AxisFault's message as the reason, no detail (MI does not send stack traces with faults).
   */
  private serviceNotFound(req: IncomingMessage, res: ServerResponse, epr: string): void {
    const reason = `The service cannot be found for the endpoint reference (EPR) ${epr}`;
    this.executor.log(
      'ERROR',
      'ServerWorker',
      undefined,
      `Error processing ${req.method} request for : ${req.url}. ${reason}`,
    );
    const soap12 = (req.headers['content-type'] ?? '').includes('application/soap+xml');
    const body = axisFaultEnvelope(reason, soap12);
    res.writeHead(500, {
      server: SERVER_NAME,
      'content-type': axisFaultContentType(soap12),
    });
    res.end(body);
  }

  private answer(res: ServerResponse, status: number, message: string, empty = false): void {
    if (res.headersSent) return;
    const body =
      empty || status === 404 || status === 405 ? '' : JSON.stringify({ error: { code: status, message } });
    res.writeHead(
      status,
      body
        ? {
            server: SERVER_NAME,
            'content-type': 'application/json',
          }
        : { server: SERVER_NAME },
    );
    res.end(body);
    this.executor.log(status >= 500 ? 'ERROR' : 'WARN', 'PassThroughHttpListener', undefined, message);
  }

  /** The connections the listeners accepted (MI's LoggingNHttpServerConnection count). */
  private connectionCount = 0;

  /** `[transport.http] socket_timeout` of the project's deployment.toml, if set. */
  private tomlSocketTimeoutMs: number | undefined;
  /** RuntimeOptions.timeoutHandlerIntervalMs was given (a project's deployment.toml does not change it). */
  private fixedTimeoutHandlerInterval = false;

  private get socketTimeoutMs(): number {
    return this.options.socketTimeoutMs ?? this.tomlSocketTimeoutMs ?? 180_000;
  }

  /**
   * MI's SourceHandler.timeout for a request the flow left unanswered (state REQUEST_DONE): once the connection has
   * been idle for the listener's socket timeout (http.socket.timeout, 180 s; `[transport.http] socket_timeout`) it
   * warns and closes the connection, having written nothing.
   */
  private closeUnanswered(ctx: MessageContext, res: ServerResponse, since: number): void {
    const socket = res.socket;
    if (!socket || res.headersSent || res.writableEnded) return;
    const ms = this.socketTimeoutMs;
    const timer = setTimeout(
      () => {
        if (res.headersSent || res.writableEnded || socket.destroyed) return;
        const client = socket.remoteAddress ? `/${socket.remoteAddress}:${socket.remotePort}` : '';
        const id = (socket as Socket & { [kConnectionId]?: number })[kConnectionId];
        this.executor.log(
          'WARN',
          'SourceHandler',
          undefined,
          `STATE_DESCRIPTION = Socket Timeout occurred after accepting the request headers and the request body, INTERNAL_STATE = REQUEST_DONE, DIRECTION = REQUEST, CAUSE_OF_ERROR = Connection between the client and the WSO2 server timeouts, HTTP_URL = ${ctx.url}, HTTP_METHOD = ${ctx.method}, SOCKET_TIMEOUT = ${ms}, CLIENT_ADDRESS = ${client}, CORRELATION_ID = ${ctx.correlationId}, CONNECTION = http-incoming-${id ?? 0}`,
        );
        socket.destroy();
      },
      Math.max(0, ms - (Date.now() - since)),
    );
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }

  /**
   * Answers the client. The mediation does not wait for the bytes to leave (as MI's respond does not): the promise
   * is settled once the answer is handed to the socket, except for a streamed body, which is followed to its end.
   */
  private writeResponse(ctx: MessageContext, res: ServerResponse, built = false): Promise<void> | void {
    // PassThroughHttpSender.submitResponse reads HTTP_ETAG as (Boolean): any other value (a property set without
    // type="BOOLEAN" is a String) is a ClassCastException, which invoke logs ("Failed to submit the response") and
    // rethrows as an AxisFault; Axis2Sender.sendBack makes it the flow's SynapseException (its fault sequence runs)
    const etag = ctx.axis2.get('HTTP_ETAG');
    // (ServerWorker.sendAck's 202 and the listener's own fault, a new message context, do not go through it)
    if (
      etag !== undefined &&
      etag !== null &&
      typeof etag !== 'boolean' &&
      !built &&
      ctx.answeredBy !== 'fallback' &&
      ctx.answeredBy !== 'error'
    )
      throw this.sendBackFailure(ctx, etag);
    // PassThroughHttpSender.submitResponse: any enableMTOM property builds the answer, and a built answer with
    // enableMTOM (or enableSwA) "true" is multipart/related (the SOAP formatter's)
    const mtom = ctx.axis2.get('enableMTOM');
    if (mtom !== undefined && ctx.payload.canonicalRaw && !built)
      return ctx.payload.build().then(
        () => {
          try {
            ctx.payload.parse();
          } catch {
            // a body the builder cannot read goes as it is
          }
          return this.writeResponse(ctx, res, true);
        },
        () => this.writeResponse(ctx, res, true),
      );
    if (ctx.payload.formatted && mimeMode(ctx) !== undefined)
      ctx.axis2.set('messageType', 'multipart/related');
    const mtype = ctx.formatterType();
    // HTTP_ETAG (a Boolean true, PassThroughHttpSender.submitResponse): the message is built and its SOAP Body's
    // DOMHASH goes out quoted as the ETag transport header, whatever the answer's status or body
    if (ctx.axis2.get('HTTP_ETAG') === true)
      return ctx.payload.build().then(
        () => {
          try {
            ctx.headers.set('ETag', `"${domHash(ctx.body())}"`);
          } catch {
            // a body MI's builder cannot read: the answer goes without one
          }
          return this.writeBuilt(ctx, res, mtype);
        },
        () => this.writeBuilt(ctx, res, mtype),
      );
    if (ctx.payload.needsBuildFor(mtype))
      return ctx.payload.build().then(
        () => this.writeBuilt(ctx, res, mtype),
        // the size limit was hit while building: serialize() reports what is left
        () => this.writeBuilt(ctx, res, mtype),
      );
    return this.writeBuilt(ctx, res, mtype);
  }

  /**
   * The failure of Axis2Sender.sendBack when the transport sender refuses the answer (HTTP_ETAG not a Boolean): the
   * sender's ERROR line, then the SynapseException whose message is getResponseMessage's (the answer's transport
   * headers left after removeUnwantedHeaders, in the TreeMap's order, then " Unexpected error sending message back").
   */
  private sendBackFailure(ctx: MessageContext, value: unknown): SendBackError {
    const cls =
      typeof value === 'string'
        ? 'java.lang.String'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'java.lang.Integer'
            : 'java.lang.Double'
          : 'org.apache.axiom.om.impl.llom.OMElementImpl';
    const module = cls.startsWith('java.lang.')
      ? `(${cls} and java.lang.Boolean are in module java.base of loader 'bootstrap')`
      : `(${cls} is in unnamed module of loader org.eclipse.osgi.internal.loader.EquinoxClassLoader; java.lang.Boolean is in module java.base of loader 'bootstrap')`;
    this.executor.log(
      'ERROR',
      'PassThroughHttpSender',
      artifactLabel(ctx),
      `Failed to submit the response\njava.lang.ClassCastException: class ${cls} cannot be cast to class java.lang.Boolean ${module}`,
    );
    const names = ctx.headers
      .entries()
      .filter(([n]) => !MI_UNWANTED_HEADERS.includes(n.toLowerCase()))
      .sort(([a], [b]) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
      );
    const msg = `${names.map(([n, v]) => `${n}:${v},`).join('')} Unexpected error sending message back`;
    this.executor.log('ERROR', 'Axis2Sender', artifactLabel(ctx), msg);
    return new SendBackError(msg);
  }

  private writeBuilt(ctx: MessageContext, res: ServerResponse, mt: string | undefined): Promise<void> | void {
    if (res.headersSent || res.destroyed) return;
    const sc = ctx.axis2.get('HTTP_SC');
    let status =
      sc === undefined
        ? faultStatus(ctx)
        : Number(typeof sc === 'number' ? sc : stringOf(sc)) || faultStatus(ctx);
    if (
      ctx.handledError instanceof PayloadTooLargeError ||
      (ctx.handledError as { cause?: unknown })?.cause instanceof PayloadTooLargeError
    )
      status = 413;
    // HTTP_SC_DESC: the reason phrase of the status line, as MI's pass-through writes it
    const desc = ctx.axis2.get('HTTP_SC_DESC');
    if (desc !== undefined) res.statusMessage = stringOf(desc);
    const noEntity = ctx.axis2.get('NO_ENTITY_BODY');
    const noBody =
      noEntity === true || noEntity === 'true' || status === 204 || status === 304 || ctx.method === 'HEAD';
    // name, value, name, value… (Node writes a flat list as it is)
    const headers: string[] = [];
    // RespondMediator / Resource.process on a response: CORSHelper.handleCORSHeadersForResponse
    replyHeadLines(ctx.headers, ctx.corsOnReply ? corsReplyLines(ctx) : undefined, headers);
    if (noBody) {
      if (ctx.payload.streaming) ctx.payload.takeStream()?.resume();
      // an answer without a body: MI's SourceResponse.start still gives every status that can have one (not 204,
      // 205, 304, nor a HEAD) a chunked entity with no data, unless a Content-Length is given (replyLength), so the
      // client gets Transfer-Encoding: chunked and the last chunk; a HEAD answer gets the length of the message it
      // answers (a back end's Content-Length, ORGINAL_CONTEN_LENGTH), and none at all when there is none. No formatter runs
      // (PassThroughHttpSender.submitResponse: setContentType is for a body): the message's own Content-Type header,
      // if any, goes as it is (SourceResponseFactory). With chunking disabled, checkResponseChunkDisable gives such an
      // answer no length (still a chunked entity, or read to the close) and takes its Content-Type out
      const ct = ctx.headers.get('content-type');
      if (ctx.method === 'HEAD') {
        if (ct !== undefined) headers.push('Content-Type', ct);
        const len = ctx.headers.get('content-length');
        if (len) headers.push('content-length', len);
      } else if (status !== 204 && status !== 205 && status !== 304) {
        const off = chunkingDisabled(ctx);
        if (ct !== undefined && !off) headers.push('Content-Type', ct);
        const len = off ? copiedLength(ctx) : replyLength(ctx, 0);
        if (len !== undefined) headers.push('content-length', len);
      } else if (ct !== undefined) headers.push('Content-Type', ct);
      replyConnection(ctx, res, headers);
      res.writeHead(status, headers);
      res.end();
      return;
    }
    let ser: { body: Buffer | Readable; contentType: string };
    try {
      const mime = mimeMode(ctx);
      ser = ctx.payload.serialize(
        mt,
        mt !== undefined,
        ctx.axis2.get('setCharacterEncoding') !== 'false',
        restXml(ctx, mt ?? ctx.payload.contentType),
        ctx.headers.get('content-encoding') ?? null,
        mime,
        // (only a MIME package names the action: looking at it writes the request's deferred properties)
        mime !== undefined ? ctx.soapAction() : undefined,
      );
      if (mt !== undefined)
        ser.contentType = ctx.axis2.has('messageType')
          ? answerContentType(ctx, mt, ser.contentType)
          : ctx.writtenContentType(ser.contentType);
      else ser.contentType = contentTypeAlone(ctx, ser.contentType, false);
    } catch (e) {
      const msg = JSON.stringify({
        error: { code: 0, message: `Cannot serialize the response: ${(e as Error).message}` },
      });
      res.writeHead(500, {
        server: SERVER_NAME,
        'content-type': 'application/json',
      });
      res.end(msg);
      return;
    }
    if (Buffer.isBuffer(ser.body)) {
      // an empty body keeps the type the message carries (MI's SourceResponseFactory writes the transport headers
      // as they are: a back end's empty JSON answer stays application/json); a message that never had one, such as
      // a GET answered with respond, gets none
      if (ser.contentType && (ser.body.length > 0 || ctx.payload.contentType !== ''))
        headers.push('Content-Type', ser.contentType);
      const length = replyLength(ctx, ser.body.length);
      if (length !== undefined) headers.push('Content-Length', length);
      replyConnection(ctx, res, headers);
      res.writeHead(status, headers);
      res.end(ser.body);
      return;
    }
    if (ser.contentType) headers.push('Content-Type', ser.contentType);
    const len = replyLength(ctx, undefined);
    if (len !== undefined) headers.push('Content-Length', len);
    replyConnection(ctx, res, headers);
    res.writeHead(status, headers);
    const src = ser.body;
    return new Promise<void>((resolve) => {
      const done = () => resolve();
      res.once('close', done);
      src.once('error', () => {
        res.destroy();
        done();
      });
      src.pipe(res);
    });
  }
}

/**
 * The status of an answer no HTTP_SC names (PassThroughTransportUtils.determineHttpStatusCode): 500 for a fault (the
 * built body holds a SOAP Fault, or the message is processing one) unless FAULTS_AS_HTTP_200 is "true" (any case),
 * else 200.
 */
function faultStatus(ctx: MessageContext): number {
  if (stringOf(ctx.axis2.get('FAULTS_AS_HTTP_200') ?? '').toUpperCase() === 'TRUE') return 200;
  return ctx.processingFault || ctx.bodyHasFault() ? 500 : 200;
}

/** A registry resource MicroIntegratorRegistry.lookup reads as XML (StAXOMBuilder's document element). */
function isWellFormedXml(text: string): boolean {
  if (!text.trimStart().startsWith('<')) return false;
  try {
    parseXmlPayload(text);
    return true;
  } catch {
    return false;
  }
}

/** MicroIntegratorRegistry.readNonXML: BufferedReader lines joined with \n, the last one without a terminator. */
function readNonXmlText(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** TRACE and CONNECT in any case (the case they were sent in is kept: listenerResponse CASE_KEPT). */
const TRACE_OR_CONNECT = /^(?:trace|connect)$/i;

/** A deployment log line (logDeployed), with the proxy or local entry whose http(s) read it waits for. */
interface DeployLine {
  rank: number;
  category: string;
  message: string;
  artifact?: string;
  level?: 'WARN' | 'ERROR';
  proxy?: ProxyDef;
  entry?: LocalEntryDef;
}

/** A publishWSDL or localEntry src document larger than this is not read (a document is read whole). */
const MAX_REMOTE_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * The first schema a remote WSDL's types import or include (schemaLocation, resolved against the WSDL's URL) that
 * cannot be read over http(s), as WSDL4J reads them through MI's CustomWSDLLocator when the proxy deploys; a location
 * the publishWSDL's `<resource>` map names comes from the registry instead (not read here).
 */
async function schemaImportFailure(
  wsdl: string,
  base: string,
  resources: { location: string; key: string }[] | undefined,
): Promise<{ uri: string; exception: string } | undefined> {
  const types = /<(?:[\w.-]+:)?types\b[\s\S]*?<\/(?:[\w.-]+:)?types\s*>/.exec(wsdl)?.[0];
  if (!types) return undefined;
  const seen = new Set<string>();
  for (const m of types.matchAll(
    /<(?:[\w.-]+:)?(?:import|include|redefine)\b[^>]*?\sschemaLocation\s*=\s*(["'])([^"']*)\1/g,
  )) {
    const loc = m[2];
    if (!loc || resources?.some((r) => r.location === loc)) continue;
    let uri: string;
    try {
      uri = new URL(loc, base).href;
    } catch {
      continue;
    }
    if (!/^https?:/i.test(uri) || seen.has(uri)) continue;
    seen.add(uri);
    try {
      const { status } = await readRemoteText(uri, MAX_REMOTE_DOCUMENT_BYTES);
      if (status >= 400) return { uri, exception: httpReadFailure(status, uri) };
    } catch (e) {
      return { uri, exception: javaConnectException(e) };
    }
  }
  return undefined;
}

/**
 * The IOException URLConnection.getInputStream throws for an HTTP error status: FileNotFoundException (the URL its
 * message) for 404 and 410, else "Server returned HTTP response code: N for URL: U".
 */
function httpReadFailure(status: number, url: string): string {
  return status === 404 || status === 410
    ? `java.io.FileNotFoundException: ${url}`
    : `java.io.IOException: Server returned HTTP response code: ${status} for URL: ${url}`;
}

/**
 * The exception Java's URLConnection throws when a URL cannot be read (fetch's failure): a refused connection is
 * java.net.ConnectException "Connection refused", a host not found java.net.UnknownHostException naming it.
 */
function javaConnectException(e: unknown): string {
  const cause = (e as { cause?: { code?: string; hostname?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'java.net.ConnectException: Connection refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN')
    return `java.net.UnknownHostException: ${cause.hostname ?? ''}`;
  if ((e as Error).name === 'TimeoutError') return 'java.net.SocketTimeoutException: Read timed out';
  return `java.net.ConnectException: ${(e as Error).message}`;
}

/** `<publishWSDL uri="http(s)://…">`: read when the proxy deploys. */
function remoteWsdl(p: ProxyDef): boolean {
  return /^uri:https?:\/\//i.test(p.wsdl ?? '');
}

/** `<localEntry src="http(s)://…">`: read when the entry deploys. */
function remoteEntry(e: LocalEntryDef): boolean {
  return e.kind === 'src' && /^https?:/i.test(e.value.trim());
}

/** A `<datasource>` document (a CAR's data source artifact), after an XML declaration and comments. */
const DATASOURCE_ROOT = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<datasource[\s>]/;

/** The load problems of a connection whose endpoint MI's deployer fails to build (core/httpConnection.ts). */
const CONNECTION_REFUSALS = new Set(['RT_BAD_CONNECTION', 'RT_BAD_TIMEOUT_ACTION']);

/**
 * The lines of a connection local entry whose endpoint fails (LocalEntryDeployer.deploySynapseArtifact): the entry is
 * added and logged deployed, then deployEndpointsForHTTPConnection's factory fails (its own error line), the
 * deployer's "Endpoint Deployment from the http connection file : … : Failed." and, caught by deploySynapseArtifact,
 * "LocalEntry Deployment from the file : … : Failed." (each handleSynapseArtifactDeploymentError with its exception).
 * The entry stays (the connector's init reads it); its endpoint is not deployed.
 */
function connectionRefusal(e: LocalEntryDef, file: string): DeployLine[] {
  const r = e.endpointRefusal!;
  const endpointFailed = `Endpoint Deployment from the http connection file : ${file} : Failed.`;
  return [
    {
      rank: 0,
      category: 'LocalEntryDeployer',
      message: `LocalEntry named '${e.key}' has been deployed from file : ${file}`,
    },
    {
      rank: 0,
      level: 'ERROR',
      category: r.category,
      message: r.cause ? `${r.message}\n${r.cause}` : r.message,
    },
    {
      rank: 0,
      level: 'ERROR',
      category: 'LocalEntryDeployer',
      message: `${endpointFailed}\norg.apache.synapse.SynapseException: ${r.message}`,
    },
    {
      rank: 0,
      level: 'ERROR',
      category: 'LocalEntryDeployer',
      message: `LocalEntry Deployment from the file : ${file} : Failed.\norg.apache.synapse.deployers.SynapseArtifactDeploymentException: ${endpointFailed}`,
    },
  ];
}

/** A proxy pinned to other servers than this one (MI's SynapseConfig.ServerName): not deployed here. */
function pinnedElsewhere(proxy: ProxyDef): boolean {
  return proxy.pinnedServers !== undefined && !proxy.pinnedServers.includes(SYNAPSE_SERVER_NAME);
}

/** True when a proxy takes requests on the listener's transport: `all` (the default) or the transport named. */
function exposedOn(proxy: ProxyDef, scheme: 'http' | 'https' | 'local'): boolean {
  const t = proxy.transports;
  return t.length === 0 || t.includes('all') || t.includes(scheme);
}

/**
 * REST_URL_POSTFIX as MI's API computes it: the request URL as it came (not decoded, query included) after the
 * context and, for the url version strategy, after the version (`/shop` gives '', `/shop/` '/', `/shop?x=1` '?x=1';
 * under the root context `/a?x=1` gives '/a?x=1').
 */
function restUrlPostfix(url: string, api: ApiDef): string {
  let p = url.charCodeAt(0) === 47 ? url : `/${url}`;
  // the API keeps its context without trailing slashes (API.setContext: ApiUtils.trimTrailingSlashes), so the root
  // context `/` is '' and the postfix keeps the path's leading slash (`/` and `/a?x=1` give '/a?x=1'); compileApi
  // already trimmed the others
  const context = api.context === '/' ? '' : api.context;
  if (p.startsWith(context)) p = p.slice(context.length);
  const v = api.versionType === 'url' ? api.version : undefined;
  if (v) {
    if (p.startsWith(v)) p = p.slice(v.length);
    else if (p.startsWith(`/${v}`)) p = p.slice(v.length + 1);
  }
  return p;
}

/**
 * What MI runs when a flow fails and no `fault` sequence is deployed: its default fault sequence logs the message in
 * full with the error code and message (then drops it; the runtime then answers the client with the error).
 */
const DEFAULT_FAULT_FILE = '(default fault sequence)';
const DEFAULT_FAULT = `<sequence xmlns="http://ws.apache.org/ns/synapse" name="fault"><log level="full">
<property name="MESSAGE" value="Executing default 'fault' sequence"/>
<property name="ERROR_CODE" expression="get-property('ERROR_CODE')"/>
<property name="ERROR_MESSAGE" expression="get-property('ERROR_MESSAGE')"/>
</log></sequence>`;

/**
 * The `main` sequence MI's distribution ships (repository/deployment/server/synapse-configs/default/sequences):
 * a request nothing else takes is logged with its address (`To`) and answered 404 with no body.
 */
const DEFAULT_MAIN_FILE = '(default main sequence)';
const DEFAULT_MAIN = `<sequence xmlns="http://ws.apache.org/ns/synapse" name="main"><in>
<log level="custom"><property name="main sequence executed for call to non-existent" expression="get-property('To')"/></log>
<property name="NO_ENTITY_BODY" scope="axis2" value="true" type="BOOLEAN"/>
<property name="HTTP_SC" scope="axis2" value="404"/>
<respond/></in></sequence>`;

/** What the transport knows of a request, for the properties MI sets on it (written by writeRouteProps). */
interface RouteFacts {
  url: string;
  method: string;
  query: string;
  host: string | undefined;
  /** The listener's transport (TRANSPORT_IN_NAME): http, or https on the HTTPS listener. */
  scheme: 'http' | 'https';
  /**
   * The message came over the local transport (local://services/NAME): Axis2's LocalTransportReceiver gives it the
   * `local` TransportInDescription, which MI's axis2.xml does not declare (only the sender), so it has none and
   * ProxyServiceMessageReceiver / Axis2SynapseEnvironment set no TRANSPORT_IN_NAME.
   */
  local?: boolean;
  /** The API that took the request, and the rest of the path after its context (and version). */
  api: ApiDef | undefined;
  subPath: string;
  /** The uri-template variables of the resource chosen. */
  vars: Record<string, string> | undefined;
  /** The CORS values recorded for an API request (cors.ts). */
  cors?: CorsRecord;
}

/** The properties MI's listener and API dispatch set on a request, in the order they set them. */
function writeRouteProps(p: Map<string, unknown>, f: RouteFacts): void {
  if (!f.local) p.set('TRANSPORT_IN_NAME', f.scheme);
  if (f.query) for (const [k, v] of parseQuery(f.query)) p.set(`query.param.${k}`, v);
  p.set('REST_FULL_REQUEST_PATH', f.url);
  p.set('REST_METHOD', f.method);
  const api = f.api;
  if (api) {
    p.set('REST_API_CONTEXT', api.context);
    p.set('SYNAPSE_REST_API', api.key);
    p.set('SYNAPSE_REST_API_VERSION', api.version ?? '');
    p.set('SYNAPSE_REST_API_VERSION_STRATEGY', api.versionType ?? '');
    // MI's sub-request path is the rest of the request URL, its query string included
    p.set('REST_SUB_REQUEST_PATH', f.query ? `${f.subPath}?${f.query}` : f.subPath);
    p.set('REST_URL_PREFIX', `${f.scheme}://${f.host ?? ''}`);
    if (f.cors !== undefined) writeCorsProps(p, f.cors);
  }
  const vars = f.vars;
  if (vars) for (const k in vars) p.set(`uri.var.${k}`, vars[k]);
}

/** The flow of a message through an API resource: the same for every message, so made once per resource. */
const resourceFlows = new WeakMap<ResourceDef, FlowInfo>();
function resourceFlow(api: ApiDef, resource: ResourceDef): FlowInfo {
  let f = resourceFlows.get(resource);
  if (f === undefined || f.artifactName !== api.key) {
    f = {
      artifactKind: 'api',
      artifactName: api.key,
      resource: resource.label,
      outSequence: resource.outSequence,
      faultSequence: resource.faultSequence,
    };
    resourceFlows.set(resource, f);
  }
  return f;
}

function parseQuery(q: string): [string, string][] {
  if (!q) return [];
  const out: [string, string][] = [];
  for (const part of q.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (out.length) out[out.length - 1][1] += '&' + safeDecode(part);
      continue;
    }
    out.push([safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))]);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Patterns compiled by wholeJavaRegex: an inbound's dispatch.filter.pattern is read per request, parsed once. */
const wholeJavaRegexes = new Map<string, RegExp | undefined>();

function wholeJavaRegex(p: string): RegExp | undefined {
  if (wholeJavaRegexes.has(p)) return wholeJavaRegexes.get(p);
  let re: RegExp | undefined;
  try {
    re = javaRegExp(p, { whole: true });
  } catch {
    re = undefined;
  }
  wholeJavaRegexes.set(p, re);
  return re;
}

function failingSequence(e: Error, file: string, line: number): SequenceDef {
  return {
    name: 'unresolved',
    file,
    line,
    column: 1,
    contentAware: false,
    mediators: [
      {
        name: 'sequence',
        file,
        line,
        column: 1,
        contentAware: false,
        async mediate() {
          throw e instanceof MediationError ? e : new MediationError(0, e.message);
        },
      },
    ],
  };
}

void PayloadError;

/** A file poller: what it feeds (a file inbound endpoint or a vfs proxy), what it watches, its timer. */
interface FilePoller {
  kind: 'inbound' | 'proxy';
  name: string;
  uri: string;
  /** The definition it was made for (a redeploy makes a new one, and a new poller). */
  def: object;
  timer: NodeJS.Timeout;
  busy: boolean;
  /** The FileURI was found missing and said so (a proxy says it once). */
  missingLogged?: boolean;
}

/** A proxy's transport.PollInterval: seconds, or milliseconds with `ms` (Axis2's polling listeners); 5 minutes by default. */
/**
 * A vfs proxy's transport.PollInterval (AbstractPollTableEntry.loadConfiguration): seconds, or milliseconds with `ms`,
 * read with Integer.parseInt; none, or one it cannot read, is the default 300 s (the latter with an error log).
 */
function pollInterval(params: Record<string, string>, onInvalid?: (value: string) => void): number {
  const v = params['transport.PollInterval'];
  if (v === undefined) return 300_000;
  const ms = v.endsWith('ms');
  const n = ms ? v.slice(0, -2) : v;
  if (!/^[+-]?\d+$/.test(n) || Math.abs(Number(n)) > 2147483647) {
    onInvalid?.(v);
    return 300_000;
  }
  return Number(n) * (ms ? 1 : 1000);
}

/** The path and query of an absolute request URI (`http://host:port/a?b` -> `/a?b`); anything else as it is. */
function pathOfAbsolute(url: string): string {
  if (!/^https?:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/**
 * The API definitions a project's metadata holds (`resources/metadata/<API>_swagger.yaml`): MI's CappDeployer reads
 * each `<artifact>_swagger` metadata artifact of a CAR and keeps its document for the API of that artifact name.
 */
function readApiSwaggers(root: string, layout: 'mi' | 'integration-studio' | 'bare'): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of metadataDirs(root, layout))
    for (const f of readdirSync(d)) {
      const m = /^(.+)_swagger\.(ya?ml|json)$/i.exec(f);
      if (!m) continue;
      try {
        out.set(m[1], readFileSync(join(d, f), 'utf8'));
      } catch {
        // unreadable: the definition is generated
      }
    }
  return out;
}

/** The queries MI's GET processors answer with an API's definition (swagger/openapi, JSON or YAML). */
function isDefinitionQuery(q: string): boolean {
  return q === 'swagger.json' || q === 'openapi.json' || q === 'swagger.yaml' || q === 'openapi.yaml';
}

/**
 * A request line's URL as the runtime dispatches on it: an absolute-form one (GET http://host/path HTTP/1.1) by its
 * path and query, as MI does (ApiUtils.getFullRequestPath: new URL(url).getFile()); the path decoded.
 */
function splitRequestUrl(requestUrl: string): { url: string; path: string; query: string } {
  const url = requestUrl.charCodeAt(0) !== 47 ? pathOfAbsolute(requestUrl) : requestUrl;
  const qi = url.indexOf('?');
  const rawPath = qi >= 0 ? url.slice(0, qi) : url;
  const query = qi >= 0 ? url.slice(qi + 1) : '';
  let path: string;
  try {
    path = rawPath.includes('%') ? decodeURI(rawPath) : rawPath;
  } catch {
    path = rawPath;
  }
  return { url, path, query };
}
