/**
 * The JSON the management API returns for each artifact kind, computed from the deployed XML
 * (shapes and field names as reference/management-api.md §4 gives them).
 */
import { attrValue, childElements, firstChild, textContent, type XmlElement } from '../../core/xml';
import { DS_NS } from '../engine/dataservices/model';
import { javaHashSetOrder } from '../engine/dispatch';
import type { DeployedApp, DeployedArtifact } from './registry';

export interface ViewContext {
  /** Host and port of the HTTP listener, for API URLs. */
  httpHost: string;
  httpPort: number;
  storeSize?(name: string): number;
}

type Json = Record<string, unknown>;

const onOff = (b: boolean) => (b ? 'enabled' : 'disabled');
/** Constants.PASSWORD_MASKED_VALUE */
const MASK = '*****';
const text = (el: XmlElement | undefined) => (el ? textContent(el).trim() : '');

/**
 * getArtifactContainerName() of an artifact a Carbon application deployed: the text AbstractSynapseArtifactDeployer
 * .setCustomLog builds from the application's name (no version); nothing for the default main and fault sequences
 * (org.json drops a null).
 */
function container(key: string, a: DeployedArtifact): Json {
  return a.app ? { [key]: `[ Deployed From Artifact Container: ${a.appName ?? a.app} ] ` } : {};
}

function apiName(a: DeployedArtifact): string {
  const v = attrValue(a.root, 'version');
  return v ? `${a.name}:v${v}` : a.name;
}

/**
 * API.getContext(): the context with its trailing slashes trimmed ("/" is ""), {version} replaced by the version
 * for the "context" version type (ContextVersionStrategy).
 */
function synapseContext(a: DeployedArtifact): string {
  let ctx = (attrValue(a.root, 'context') ?? '/').replace(/\/+$/, '');
  const v = attrValue(a.root, 'version');
  if (v && attrValue(a.root, 'version-type') === 'context') ctx = ctx.split('{version}').join(v);
  return ctx;
}

/** ApiResource.getApiUrl: the server URL, the context, and "/<version>" for the "url" version type. */
function apiUrls(a: DeployedArtifact, c: ViewContext): string[] {
  const v = attrValue(a.root, 'version');
  const versionUrl = v && attrValue(a.root, 'version-type') === 'url' ? `/${v}` : '';
  return [`http://${c.httpHost}:${c.httpPort}${synapseContext(a)}${versionUrl}`];
}

/** Matches `?apiName=` against `name` or `name:vX`. */
export function matchesName(a: DeployedArtifact, kind: string, wanted: string): boolean {
  return a.name === wanted || (kind === 'apis' && apiName(a) === wanted);
}

export function listItem(kind: string, a: DeployedArtifact, c: ViewContext): Json {
  switch (kind) {
    case 'apis': {
      const urls = apiUrls(a, c);
      return { name: apiName(a), url: urls[0], urlList: urls, tracing: onOff(a.tracing) };
    }
    case 'proxy-services':
      return { name: a.name, ...proxyWsdl(a, c) };
    case 'sequences':
      // no container for a sequence of no Carbon application (the default main and fault): org.json drops a null
      return {
        name: a.name,
        ...container('container', a),
        stats: onOff(a.stats),
        tracing: onOff(a.tracing),
      };
    case 'endpoints':
      return {
        name: a.name,
        type: endpointChild(a.root)?.local ?? (attrValue(a.root, 'template') ? 'template' : 'indirect'),
        isActive: a.active,
      };
    case 'inbound-endpoints':
      return { name: a.name, ...inboundProtocol(a.root), status: a.active ? 'active' : 'inactive' };
    case 'tasks':
      return { name: a.name };
    case 'message-stores':
      return { name: a.name, type: storeType(a.root), size: c.storeSize?.(a.name) ?? 0 };
    case 'message-processors':
      return { name: a.name, type: processorType(a.root), status: a.active ? 'active' : 'inactive' };
    case 'local-entries':
      return { name: a.name, type: localEntryType(a.root) };
    case 'templates':
      return templateObject(a);
    case 'data-services':
      return {
        name: a.name,
        wsdl1_1: `http://${c.httpHost}:${c.httpPort}/services/${a.name}?wsdl`,
        wsdl2_0: `http://${c.httpHost}:${c.httpPort}/services/${a.name}?wsdl2`,
      };
    case 'data-sources': {
      const def = firstChild(a.root, 'definition');
      return { name: a.name, type: (def && attrValue(def, 'type')) || 'RDBMS' };
    }
    default:
      return { name: a.name };
  }
}

export function singleItem(kind: string, a: DeployedArtifact, c: ViewContext): Json {
  const configuration = a.xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  switch (kind) {
    case 'apis': {
      const urls = apiUrls(a, c);
      const resources = childElements(a.root)
        .filter((e) => e.local === 'resource')
        .map((r) => ({
          // Resource.getMethods(): the methods attribute's names in java.util.HashSet order, none when not given
          methods: javaHashSetOrder((attrValue(r, 'methods') ?? '').trim().split(/\s+/).filter(Boolean)),
          url: attrValue(r, 'uri-template') ?? attrValue(r, 'url-mapping') ?? 'N/A',
        }));
      return {
        name: apiName(a),
        url: urls[0],
        urlList: urls,
        version: attrValue(a.root, 'version') || 'N/A',
        stats: onOff(a.stats),
        tracing: onOff(a.tracing),
        resources,
        // ApiResource prints API.getHost() (absent when the API names no hostname: org.json drops null) and
        // API.getPort() (-1 when it names no port)
        ...(attrValue(a.root, 'hostname') !== undefined ? { host: attrValue(a.root, 'hostname') } : {}),
        context: synapseContext(a),
        port: Number(attrValue(a.root, 'port') ?? -1),
        configuration,
      };
    }
    case 'proxy-services':
      return {
        name: a.name,
        ...proxyWsdl(a, c),
        stats: onOff(a.stats),
        tracing: onOff(a.tracing),
        configuration,
        eprs: [`http://${c.httpHost}:${c.httpPort}/services/${a.name}`],
        isRunning: a.active,
      };
    case 'sequences':
      return { ...listItem(kind, a, c), mediators: mediatorNames(a.root), configuration };
    case 'endpoints':
      // EndpointResource: tracing "disabled" for an endpoint of no definition
      return {
        ...endpointDetails(a),
        configuration,
        isActive: a.active,
        tracing: onOff(hasDefinition(a.root) && a.tracing),
      };
    case 'inbound-endpoints': {
      const params = firstChild(a.root, 'parameters');
      return {
        name: a.name,
        ...inboundProtocol(a.root),
        // InboundEndpointResource: getInjectingSeq / getOnErrorSeq, dropped by org.json when not set
        ...present('sequence', attrValue(a.root, 'sequence')),
        ...present('error', attrValue(a.root, 'onError')),
        status: a.active ? 'active' : 'inactive',
        stats: onOff(a.stats),
        tracing: onOff(a.tracing),
        configuration,
        parameters: params
          ? childElements(params).map((p) => ({
              name: attrValue(p, 'name') ?? '',
              // InboundEndpointFactory: a parameter's first element as XML, else its text
              value:
                attrValue(p, 'key') ??
                (childElements(p)[0]
                  ? a.xml.slice(childElements(p)[0].span.start, childElements(p)[0].span.end)
                  : textContent(p)),
            }))
          : [],
      };
    }
    case 'tasks': {
      const trigger = firstChild(a.root, 'trigger');
      const cron = trigger && attrValue(trigger, 'cron');
      const props: Record<string, string> = {};
      for (const p of childElements(a.root).filter((e) => e.local === 'property')) {
        const inner = childElements(p)[0];
        props[attrValue(p, 'name') ?? ''] =
          attrValue(p, 'value') ?? (inner ? a.xml.slice(inner.span.start, inner.span.end) : text(p));
      }
      return {
        name: a.name,
        taskGroup: attrValue(a.root, 'group') ?? 'synapse.simple.quartz',
        implementation: attrValue(a.root, 'class') ?? '',
        triggerType: cron ? 'cron' : 'simple',
        ...(cron ? { cronExpression: cron } : simpleTrigger(trigger)),
        properties: props,
        configuration,
      };
    }
    case 'message-stores':
      return {
        name: a.name,
        ...container('container', a),
        file: a.fileName ?? `${a.name}.xml`,
        // MessageStoreResource masks a parameter whose name contains "password", in both places
        // (MessageStoreSerializer with isUiSerialization)
        properties: Object.fromEntries(
          Object.entries(params(a.root)).map(([k, v]) => [k, k.includes('password') ? MASK : v]),
        ),
        size: c.storeSize?.(a.name) ?? 0,
        configuration: configuration.replace(
          /(<(?:\w+:)?parameter\b[^>]*\bname\s*=\s*["'][^"']*password[^"']*["'][^>]*>)[^<]*(<\/)/g,
          `$1${MASK}$2`,
        ),
      };
    case 'message-processors':
      return {
        name: a.name,
        type: processorType(a.root),
        ...container('artifactContainer', a),
        fileName: a.fileName ?? `${a.name}.xml`,
        parameters: params(a.root),
        messageStore: attrValue(a.root, 'messageStore') ?? '',
        status: a.active ? 'active' : 'inactive',
        configuration,
      };
    case 'local-entries': {
      const type = localEntryType(a.root);
      const inner = childElements(a.root).filter((e) => e.local !== 'description')[0];
      // EntryFactory: inline text is the entry's own text (OMElement.getText(), its description detached) trimmed;
      // an entry with neither element nor text has no value (org.json drops the null)
      const ownText = a.root.children
        .map((n) => (n.kind === 'text' || n.kind === 'cdata' ? n.value : ''))
        .join('');
      let value: string | undefined =
        type === 'Source URL'
          ? (attrValue(a.root, 'src') ?? '')
          : inner
            ? a.xml.slice(inner.span.start, inner.span.end)
            : ownText.trim() || undefined;
      value = value?.replace(/(<(\w+:)?password[^>]*>)[^<]*(<\/)/gi, '$1*****$3');
      // LocalEntryResource: getDescription() is null (dropped by org.json) when the entry has no description
      const description = firstChild(a.root, 'description');
      return {
        name: a.name,
        type,
        ...present('value', value),
        ...(description ? { description: textContent(description) } : {}),
      };
    }
    case 'templates':
      return templateObject(a);
    case 'data-services':
      return dataServiceDetails(a, c, configuration);
    case 'data-sources':
      return dataSourceDetails(a);
    default:
      return { ...listItem(kind, a, c), configuration };
  }
}

/** DataSourceUtils.maskURLPassword: the first ":secret@" of a URL as ":***@". */
const maskUrlPassword = (url: string) => url.replace(/:[^/]+@/, ':***@');

/**
 * DataSourceResource's view of one data source: the definition's <configuration> element as
 * DataSourceUtils.elementToStringWithMaskedPasswords writes it (its password and a password data source property
 * as *****, URL passwords as ***), and for an RDBMS data source the pool's driver, URL and user (or, for an external
 * data source class, its properties but the password) and configurationParameters with tomcat-jdbc's
 * PoolProperties defaults for what the configuration does not set (nulls dropped by org.json).
 */
function dataSourceDetails(a: DeployedArtifact): Json {
  const def = firstChild(a.root, 'definition');
  const conf = def && firstChild(def, 'configuration');
  const type = (def && attrValue(def, 'type')) || 'RDBMS';
  const description = firstChild(a.root, 'description');
  const out: Json = {
    name: a.name,
    ...(description ? { description: text(description) } : {}),
    type,
    configuration: conf ? maskedDataSourceConfig(a.xml, conf) : '',
  };
  if (type !== 'RDBMS' || !conf) return out;
  const val = (n: string) => {
    const el = firstChild(conf, n);
    return el ? text(el) : undefined;
  };
  const props = firstChild(conf, 'dataSourceProps');
  if (val('dataSourceClassName') !== undefined) {
    const dataSourceProps: Json = { dataSourceClassName: val('dataSourceClassName') };
    for (const p of childElements(props ?? conf).filter((e) => e.local === 'property')) {
      const n = attrValue(p, 'name') ?? '';
      if (n !== 'password') dataSourceProps[n] = text(p);
    }
    out.dataSourceProps = dataSourceProps;
  } else {
    Object.assign(out, {
      ...present('driverClass', val('driverClassName')),
      ...present('url', val('url') === undefined ? undefined : maskUrlPassword(val('url')!)),
      ...present('userName', val('username')),
    });
  }
  const bool = (n: string) => {
    const v = val(n);
    return v === undefined
      ? {}
      : {
          [n === 'defaultAutoCommit' ? 'isDefaultAutoCommit' : 'isDefaultReadOnly']:
            v.toLowerCase() === 'true',
        };
  };
  const int = (n: string, dflt: number) => {
    const v = val(n);
    return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : dflt;
  };
  out.configurationParameters = {
    ...bool('defaultAutoCommit'),
    ...bool('defaultReadOnly'),
    removeAbandoned: (val('removeAbandoned') ?? '').toLowerCase() === 'true',
    ...present('validationQuery', val('validationQuery')),
    validationQueryTimeout: int('validationQueryTimeout', -1),
    maxActive: int('maxActive', 100),
    maxIdle: int('maxIdle', 100),
    maxWait: int('maxWait', 30000),
    maxAge: int('maxAge', 0),
  };
  return out;
}

/** elementToStringWithMaskedPasswords over the XML text (in `xml`, the whole file) of a <configuration> element. */
function maskedDataSourceConfig(xml: string, conf: XmlElement): string {
  let out = xml.slice(conf.span.start, conf.span.end);
  const maskText = (el: XmlElement, f: (t: string) => string) => {
    const inner = xml.slice(el.span.start, el.span.end);
    const m = /^(<[^>]*>)([\s\S]*)(<\/[^>]*>)$/.exec(inner);
    if (!m || !m[2]) return;
    out = out.replace(inner, `${m[1]}${f(m[2])}${m[3]}`);
  };
  for (const el of childElements(conf)) {
    if (el.local === 'password') maskText(el, () => MASK);
    if (el.local === 'url') maskText(el, maskUrlPassword);
    if (el.local === 'dataSourceProps')
      for (const p of childElements(el)) {
        if (attrValue(p, 'name') === 'password') maskText(p, () => MASK);
        if (attrValue(p, 'name') === 'url') maskText(p, maskUrlPassword);
      }
  }
  return out;
}

/**
 * triggerCount / triggerInterval as TaskResource prints them from the TaskDescription that TaskDescriptionFactory
 * builds: the interval in milliseconds (seconds × 1000); `once="true"` is 1 run at 1000; no trigger, or neither
 * interval nor cron, is 1 run at 1; a count not given is -1 (forever).
 */
function simpleTrigger(trigger: XmlElement | undefined): { triggerCount: string; triggerInterval: string } {
  if (!trigger) return { triggerCount: '1', triggerInterval: '1' };
  let count = Number.parseInt(attrValue(trigger, 'count') ?? '-1', 10);
  let interval = 0;
  if (attrValue(trigger, 'once') === 'true') {
    count = 1;
    interval = 1000;
  }
  const secs = attrValue(trigger, 'interval');
  if (secs !== undefined && /^\s*-?\d+\s*$/.test(secs)) interval = Number(secs) * 1000;
  if (interval === 0) {
    count = 1;
    interval = 1;
  }
  return { triggerCount: String(Number.isNaN(count) ? -1 : count), triggerInterval: String(interval) };
}

export function applicationView(app: Pick<DeployedApp, 'name' | 'version' | 'artifacts'>): Json {
  return { name: app.name, version: app.version, artifacts: app.artifacts };
}

/** A data service (.dbs) in MI's shape: queries, resources, operations and data sources (config elements). */
function dataServiceDetails(a: DeployedArtifact, c: ViewContext, configuration: string): Json {
  const base = `http://${c.httpHost}:${c.httpPort}/services/${a.name}`;
  const els = (local: string) => childElements(a.root).filter((e) => e.local === local);
  // CallQuery.getQuery().getQueryParams(): the <param>s of the query the call names
  const params = (el: XmlElement) => {
    const href = attrValue(firstChild(el, 'call-query') ?? el, 'href');
    const query = els('query').find((q) => attrValue(q, 'id') === href);
    return query ? queryParams(query) : [];
  };
  return {
    serviceName: a.name,
    // ServiceAdmin.getServiceData: the service's documentation (the <description> text as written), else MI's text
    serviceDescription: firstChild(a.root, 'description')
      ? textContent(firstChild(a.root, 'description')!)
      : 'No service description found',
    // DBDeployer: one data service per service group, named as the service
    serviceGroupName: a.name,
    wsdl1_1: `${base}?wsdl`,
    wsdl2_0: `${base}?wsdl2`,
    swagger_url: `${base}?swagger.json`,
    queries: els('query').map((q) => ({
      id: attrValue(q, 'id') ?? '',
      dataSourceId: attrValue(q, 'useConfig') ?? '',
      namespace: queryNamespace(a.root, q),
    })),
    resources: els('resource').map((r) => ({
      resourcePath: attrValue(r, 'path') ?? '',
      resourceMethod: attrValue(r, 'method') ?? '',
      resourceQuery: attrValue(firstChild(r, 'call-query') ?? r, 'href') ?? '',
      queryParams: params(r),
    })),
    operations: els('operation').map((o) => ({
      operationName: attrValue(o, 'name') ?? '',
      queryName: attrValue(firstChild(o, 'call-query') ?? o, 'href') ?? '',
      queryParams: params(o),
    })),
    dataSources: els('config').map((cfg) => {
      const props = configProperties(a.xml, cfg);
      return {
        dataSourceId: attrValue(cfg, 'id') ?? '',
        dataSourceType: configType(props),
        dataSourceProperties: props,
      };
    }),
    configuration,
  };
}

/**
 * Config.getProperties() of a data service <config>: DBUtils.extractProperties, each property's text as written (an
 * element's XML when it has children), empty ones left out; not masked (MI shows them as they are).
 */
function configProperties(xml: string, cfg: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of childElements(cfg).filter((e) => e.local === 'property')) {
    const v = childElements(p).length ? xml.slice(p.span.start, p.span.end) : textContent(p);
    if (v) out[attrValue(p, 'name') ?? ''] = v;
  }
  return out;
}

/**
 * A query's QueryParams as Gson writes them (QueryFactory.getQueryParamsFromQueryElement): name, sqlType and type
 * and paramType upper-cased (IN and SCALAR by default), ordinals (the given ordinal, else the next), the default
 * value as a ParamValue, the validators (the scalar/array one, then the range and length ones with their fields;
 * others print no fields), structType, forceDefault and optional.
 */
function queryParams(query: XmlElement): Json[] {
  let ordinalNow = 0;
  return childElements(query)
    .filter((e) => e.local === 'param')
    .map((p) => {
      const given = Number.parseInt(attrValue(p, 'ordinal') ?? '', 10);
      let ordinal: number;
      if (given > 0) {
        ordinalNow = Math.max(given, ordinalNow);
        ordinal = given;
      } else ordinal = ++ordinalNow;
      const blank = (v: string | undefined) => !v || !v.trim();
      const type = attrValue(p, 'type');
      const paramType = blank(attrValue(p, 'paramType'))
        ? 'SCALAR'
        : attrValue(p, 'paramType')!.toUpperCase();
      const validators: Json[] = paramType === 'SCALAR' || paramType === 'ARRAY' ? [{}] : [];
      for (const [local, num] of [
        ['validateLongRange', Number],
        ['validateDoubleRange', Number],
        ['validateLength', Number],
      ] as const) {
        const v = firstChild(p, local);
        if (!v) continue;
        const [min, max] = [attrValue(v, 'minimum'), attrValue(v, 'maximum')];
        const [lo, hi] = local === 'validateLength' ? ['minLength', 'maxLength'] : ['minimum', 'maximum'];
        validators.push({
          [lo]: min === undefined ? 0 : num(min),
          [hi]: max === undefined ? 0 : num(max),
          hasMin: min !== undefined,
          hasMax: max !== undefined,
        });
      }
      if (firstChild(p, 'validatePattern')) validators.push({});
      if (firstChild(p, 'validateCustom')) validators.push({});
      const dflt = attrValue(p, 'defaultValue');
      const bool = (n: string) => (attrValue(p, n) ?? '').toLowerCase() === 'true';
      return {
        ...present('name', attrValue(p, 'name')?.trim()),
        ...present('sqlType', attrValue(p, 'sqlType')?.toUpperCase()),
        type: blank(type) ? 'IN' : type!.toUpperCase(),
        paramType,
        ordinals: [ordinal],
        ...(dflt === undefined ? {} : { defaultValue: { valueType: 1, scalarValue: dflt } }),
        validators,
        ...present('structType', attrValue(p, 'structType')),
        forceDefault: bool('forceDefault'),
        optional: bool('optional'),
      };
    });
}

/**
 * Query.getNamespace(): its result's defaultNamespace, else the service's default namespace (baseURI, else
 * serviceNamespace, else http://ws.wso2.org/dataservice).
 */
function queryNamespace(root: XmlElement, query: XmlElement): string {
  const nonEmpty = (v: string | undefined) => (v && v.trim() ? v : undefined);
  const result = firstChild(query, 'result');
  return (
    nonEmpty(result && attrValue(result, 'defaultNamespace')) ??
    nonEmpty(attrValue(root, 'baseURI')) ??
    nonEmpty(attrValue(root, 'serviceNamespace')) ??
    DS_NS
  );
}

/** ConfigFactory.getConfigType: the data source type a <config>'s properties name (DataSourceTypes). */
function configType(props: Record<string, string>): string {
  const has = (...names: string[]) => names.some((n) => props[n] !== undefined);
  if (
    has(
      'driverClassName',
      'org.wso2.ws.dataservice.driver',
      'dataSourceClassName',
      'org.wso2.ws.dataservice.xa_datasource_class',
    )
  )
    return 'RDBMS';
  const types: [string, string][] = [
    ['excel_datasource', 'EXCEL'],
    ['rdf_datasource', 'RDF'],
    ['sparql_datasource', 'SPARQL'],
    ['csv_datasource', 'CSV'],
    ['jndi_resource_name', 'JNDI'],
    ['mongoDB_servers', 'MongoDB'],
    ['gspread_datasource', 'GDATA_SPREADSHEET'],
    ['carbon_datasource_name', 'CARBON_DATASOURCE'],
    ['web_harvest_config', 'WEB_CONFIG'],
    ['custom_tabular_datasource_class', 'CUSTOM_TABULAR'],
    ['custom_query_datasource_class', 'CUSTOM_QUERY'],
    ['cassandraServers', 'Cassandra'],
  ];
  return types.find(([p]) => has(p))?.[1] ?? '';
}

function proxyWsdl(a: DeployedArtifact, c: ViewContext): Json {
  const base = `http://${c.httpHost}:${c.httpPort}/services/${a.name}`;
  return { wsdl1_1: `${base}?wsdl`, wsdl2_0: `${base}?wsdl2` };
}

/** A message store's or processor's parameters as MessageStoreFactory / MessageProcessorFactory read them (getText()). */
function params(root: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of childElements(root).filter((e) => e.local === 'parameter'))
    out[attrValue(p, 'name') ?? ''] = textContent(p);
  return out;
}

/** Synapse's mediator classes by element (AbstractMediator.getType() is the class's simple name). */
const MEDIATOR_CLASS: Record<string, string> = {
  log: 'LogMediator',
  drop: 'DropMediator',
  respond: 'RespondMediator',
  in: 'InMediator',
  out: 'OutMediator',
  send: 'SendMediator',
  call: 'CallMediator',
  callout: 'CalloutMediator',
  filter: 'FilterMediator',
  switch: 'SwitchMediator',
  sequence: 'SequenceMediator',
  enrich: 'EnrichMediator',
  header: 'HeaderMediator',
  loopback: 'LoopBackMediator',
  iterate: 'IterateMediator',
  clone: 'CloneMediator',
  aggregate: 'AggregateMediator',
  foreach: 'ForEachMediator',
  xslt: 'XSLTMediator',
  validate: 'ValidateMediator',
  class: 'ClassMediator',
  store: 'MessageStoreMediator',
  makefault: 'FaultMediator',
  'call-template': 'InvokeMediator',
  propertyGroup: 'PropertyGroupMediator',
  rewrite: 'URLRewriteMediator',
  dblookup: 'DBLookupMediator',
  dbreport: 'DBReportMediator',
  bean: 'BeanMediator',
  ejb: 'EJBMediator',
  pojoCommand: 'POJOCommandMediator',
  transaction: 'TransactionMediator',
  jsontransform: 'JSONTransformMediator',
  conditionalRouter: 'ConditionalRouterMediator',
  enqueue: 'EnqueueMediator',
  publishEvent: 'EventPublisherMediator',
  NTLM: 'NTLMMediator',
  'scatter-gather': 'ScatterGather',
};

/**
 * SequenceResource's `mediators`: each mediator's getType(), the class's simple name; but PropertyMediator,
 * VariableMediator and ThrowError answer their `type` (null when not set) and PayloadFactoryMediator its media type.
 */
function mediatorNames(seq: XmlElement): (string | null)[] {
  return childElements(seq)
    .filter((e) => e.local !== 'description')
    .map((e) => {
      if (e.local === 'property' || e.local === 'variable' || e.local === 'throwError')
        return attrValue(e, 'type') ?? null;
      if (e.local === 'payloadFactory') return attrValue(e, 'media-type') ?? 'xml';
      return MEDIATOR_CLASS[e.local] ?? `${e.local.charAt(0).toUpperCase()}${e.local.slice(1)}Mediator`;
    });
}

const ENDPOINT_CHILDREN = [
  'address',
  'http',
  'wsdl',
  'default',
  'failover',
  'loadbalance',
  'recipientlist',
  'class',
];

function endpointChild(root: XmlElement): XmlElement | undefined {
  return childElements(root).find((e) => ENDPOINT_CHILDREN.includes(e.local));
}

const ENDPOINT_TYPE_NAMES: Record<string, string> = {
  address: 'Address Endpoint',
  http: 'HTTP Endpoint',
  wsdl: 'WSDL Endpoint',
  default: 'Default Endpoint',
  failover: 'Failover Endpoint',
  loadbalance: 'Load Balance Endpoint',
  recipientlist: 'Recipient List Endpoint',
  class: 'Class Endpoint',
};

/**
 * Whether the endpoint has an EndpointDefinition (where its tracing switch lives): only the address, HTTP, WSDL and
 * default endpoints' factories set one; groups, template, indirect and class endpoints have none.
 */
export function hasDefinition(root: XmlElement): boolean {
  const local = endpointChild(root)?.local;
  return local === 'address' || local === 'http' || local === 'wsdl' || local === 'default';
}

function endpointDetails(a: DeployedArtifact): Json {
  return endpointJson(a.root, a.name);
}

const codes = (el: XmlElement | undefined) =>
  text(el)
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => (/^-?\d+$/.test(c) ? Number(c) : c));

/**
 * Endpoint.getJsonRepresentation of Synapse's endpoint classes: type names, the fields of each kind, `advanced`
 * (suspend and timeout settings, with EndpointDefinition's defaults: initialDuration -1) for the leaf kinds only,
 * and group members in full under `children`.
 */
function endpointJson(root: XmlElement, name: string): Json {
  const child = endpointChild(root);
  if (!child) {
    const template = attrValue(root, 'template');
    if (template) {
      const parameters: Record<string, string> = {};
      for (const p of childElements(root).filter((e) => e.local === 'parameter'))
        parameters[attrValue(p, 'name') ?? ''] = attrValue(p, 'value') ?? '';
      return { name, type: 'Template Endpoint', parameters, template };
    }
    return { name, type: 'Indirect Endpoint', key: attrValue(root, 'key') ?? '' };
  }
  const out: Json = { name, type: ENDPOINT_TYPE_NAMES[child.local] ?? child.local };
  if (child.local === 'address') out.address = attrValue(child, 'uri') ?? '';
  if (child.local === 'http') {
    out.method = attrValue(child, 'method') ?? '';
    out.uriTemplate = attrValue(child, 'uri-template') ?? '';
  }
  if (child.local === 'wsdl') {
    out.wsdlUri = attrValue(child, 'uri') ?? '';
    out.serviceName = attrValue(child, 'service') ?? '';
    out.portName = attrValue(child, 'port') ?? '';
  }
  if (child.local === 'loadbalance') {
    // LoadbalanceEndpoint: the algorithm's getName() (RoundRobin answers "RoundRobin", the weighted ones their class)
    const algorithm = attrValue(child, 'algorithm');
    out.algorithm =
      !algorithm || algorithm === 'org.apache.synapse.endpoints.algorithms.RoundRobin'
        ? 'RoundRobin'
        : algorithm;
    out.buildMessage = (attrValue(child, 'buildMessage') ?? '').trim().toLowerCase() === 'true';
    out.isFailover = (attrValue(child, 'failover') ?? '').toLowerCase() !== 'false';
  }
  if (child.local === 'failover' || child.local === 'loadbalance' || child.local === 'recipientlist') {
    out.children = childElements(child)
      .filter((e) => e.local === 'endpoint')
      .map((e) => endpointJson(e, attrValue(e, 'name') ?? attrValue(e, 'key') ?? 'anonymous'));
    // FailoverEndpoint / LoadbalanceEndpoint / RecipientListEndpoint print no advanced settings
    return out;
  }
  const suspend = firstChild(child, 'suspendOnFailure');
  const timeout = firstChild(child, 'markForSuspension');
  const num = (el: XmlElement | undefined, dflt: number) => {
    const v = text(el);
    return v && Number.isFinite(Number(v)) ? Number(v) : dflt;
  };
  out.advanced = {
    suspendState: {
      errorCodes: codes(suspend && firstChild(suspend, 'errorCodes')),
      maxDuration: num(suspend && firstChild(suspend, 'maximumDuration'), 0),
      initialDuration: num(suspend && firstChild(suspend, 'initialDuration'), -1),
    },
    timeoutState: {
      errorCodes: codes(timeout && firstChild(timeout, 'errorCodes')),
      reties: num(timeout && firstChild(timeout, 'retriesBeforeSuspension'), 0),
    },
  };
  return out;
}

/** `{key: value}`, or nothing for a value MI's Java leaves null (org.json's put drops the key). */
function present(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value };
}

/** InboundEndpoint.getProtocol(): null (no key) for an inbound endpoint of a custom class. */
function inboundProtocol(root: XmlElement): Record<string, string> {
  return present('protocol', attrValue(root, 'protocol'));
}

function storeType(root: XmlElement): string {
  const cls = attrValue(root, 'class') ?? '';
  if (/InMemory/i.test(cls) || !cls) return 'in-memory-message-store';
  if (/Jms/i.test(cls)) return 'jms-message-store';
  if (/JDBC/i.test(cls)) return 'jdbc-message-store';
  if (/RabbitMQ/i.test(cls)) return 'rabbitmq-message-store';
  if (/Resequence/i.test(cls)) return 'resequence-message-store';
  return 'custom-message-store';
}

function processorType(root: XmlElement): string {
  const cls = attrValue(root, 'class') ?? '';
  if (/FailoverScheduledMessageForwardingProcessor$/.test(cls))
    return 'Failover-scheduled-message-forwarding-processor';
  if (/ScheduledMessageForwardingProcessor$/.test(cls)) return 'Scheduled-message-forwarding-processor';
  if (/SamplingProcessor$/.test(cls)) return 'Sampling-processor';
  return 'Custom-message-processor';
}

function localEntryType(root: XmlElement): string {
  if (attrValue(root, 'src')) return 'Source URL';
  if (childElements(root).some((e) => e.local !== 'description')) return 'Inline XML';
  return 'Inline Text';
}

export function templateType(root: XmlElement): 'sequence' | 'endpoint' {
  return firstChild(root, 'endpoint') ? 'endpoint' : 'sequence';
}

/**
 * TemplateResource's `Parameters`: an endpoint template's Template.getParameters() (the names, with "name" and "uri"
 * added when not declared, as TemplateFactory does); a sequence template's TemplateMediator.getParameters(), the
 * TemplateParam beans org.json turns into {name, mandatory, defaultValue, description} (null ones dropped).
 */
function templateParameters(a: DeployedArtifact): unknown[] {
  const params = childElements(a.root).filter((e) => e.local === 'parameter');
  if (templateType(a.root) === 'endpoint') {
    const names = params.map((p) => (attrValue(p, 'name') ?? '').trim());
    for (const implicit of ['name', 'uri']) if (!names.includes(implicit)) names.push(implicit);
    return names;
  }
  return params.map((p) => ({
    ...present('name', attrValue(p, 'name')),
    mandatory: (attrValue(p, 'isMandatory') ?? '').toLowerCase() === 'true',
    ...present('defaultValue', attrValue(p, 'defaultValue')),
    ...present('description', attrValue(p, 'description')),
  }));
}

function templateObject(a: DeployedArtifact): Json {
  const parameters = templateParameters(a);
  return {
    name: a.name,
    Parameters: parameters,
    configuration: a.xml.replace(/^<\?xml[^>]*\?>\s*/, ''),
    type: templateType(a.root),
  };
}
