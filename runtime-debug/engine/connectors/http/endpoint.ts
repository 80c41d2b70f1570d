/**
 * The endpoint an `<http.init>` connection stands for, as Synapse builds it when the local entry is deployed
 * (LocalEntryDeployer.deployEndpointsForHTTPConnection -> HTTPConnectionUtils.generateHTTPEndpointOMElement):
 *
 *   <endpoint name="{name}_INTERNAL_ENDPOINT_REFERENCE">
 *     <http uri-template="{uri.var.base}{+uri.var.path}{+uri.var.query}">  timeout, suspendOnFailure,
 *       markForSuspension, authentication (Basic Auth) from the init's children  </http>
 *     <property name scope value/>…  from miscellaneousProperties "name:scope:value,…"
 *   </endpoint>
 *
 * The endpoint has no method: the operation's HTTP_METHOD (axis2) decides it. It is made once per deployed
 * connection (its suspension state lives on it, as on MI's endpoint object). A value the endpoint factory refuses
 * (a timeout that is not a number, an unknown timeout action) makes the endpoint fail to deploy in MI; here the
 * operations that use it fault with that reason.
 */
import { compileExpr, type Expr } from '../../expressions';
import type {
  EndpointPropertyDef,
  EndpointRefusal,
  LeafEndpointDef,
  LocalEntryDef,
  MarkDef,
  SuspendDef,
  TimeoutDef,
} from '../../model';
import type { CompileCtx, CompileOptions } from '../../compile';
import type { XmlElement } from '../../../../core/xml';
import { OperationParams } from '../params';
import { connectionOf, type Connection } from '../connection';
import type { OAuthConfig } from './oauth';
import { trustConfigurableCertificate } from '../../tlsTrust';
import { parseJavaLong } from '../../../../core/javaNumbers';
import {
  AUTH_CONFIG_INVALID,
  HTTP_OAUTH_GRANTS,
  httpConnectionRefusal,
} from '../../../../core/httpConnection';
import { authValue } from '../../endpointAuth';

export const HTTP_URI_TEMPLATE = '{uri.var.base}{+uri.var.path}{+uri.var.query}';
export const ENDPOINT_SUFFIX = '_INTERNAL_ENDPOINT_REFERENCE';

export interface HttpConnectionEndpoint {
  /** The endpoint, or undefined when MI would not have deployed it (see `error`). */
  endpoint: LeafEndpointDef | undefined;
  error: string | undefined;
  /** The load code of `error`. */
  code?: string;
  /** Basic Auth credentials (each `{expr}` evaluated per message, as BasicAuthHandler does). */
  basicAuth: { username: Expr; password: Expr } | undefined;
  /** OAuth (authType OAuth with a known oauthGrantType): tokens fetched and cached per connection. */
  oauth: OAuthConfig | undefined;
}

/** The child's text as HTTPConnectionUtils reads it (getText: untrimmed), or undefined when absent. */
function text(c: Connection, name: string): string | undefined {
  const p = c.params.param(name);
  if (!p) return undefined;
  let s = '';
  for (const n of p.el.children) if (n.kind === 'text' || n.kind === 'cdata') s += n.value;
  return s;
}

/**
 * An authentication value as OAuthUtils.getChildValue reads it: trimmed, undefined when empty, and `$SYSTEM:X` or
 * `${configs.x}` resolved when the endpoint is deployed (ResolverFactory); a `{expr}` stays for each message.
 */
function deployValue(c: Connection, name: string): string | undefined {
  const t = text(c, name)?.trim();
  if (!t) return undefined;
  const sys = /^\$SYSTEM:(.+)$/.exec(t);
  if (sys) return c.opts.env(sys[1]) ?? t;
  const conf = /^\$\{configs\.([\w.-]+)\}$/.exec(t);
  if (conf) return c.opts.config(conf[1]) ?? t;
  return t;
}

function nonEmpty(v: string | undefined): v is string {
  return v !== undefined && v !== '';
}

/** A whole number as Long.parseLong reads it (after trim), or undefined. */
function javaLong(s: string): number | undefined {
  return parseJavaLong(s.trim());
}

/** Error codes as the endpoint factories read `<errorCodes>`: comma separated numbers. */
function codeList(s: string): number[] | undefined {
  const out = s
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isFinite(x));
  return out.length > 0 ? out : undefined;
}

function num(s: string | undefined, def: number): number {
  if (s === undefined || s.trim() === '') return def;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : def;
}

export function buildHttpEndpoint(c: Connection): HttpConnectionEndpoint {
  const name = text(c, 'name');
  const fail = (error: string, code = 'RT_BAD_CONNECTION'): HttpConnectionEndpoint => ({
    endpoint: undefined,
    error,
    code,
    basicAuth: undefined,
    oauth: undefined,
  });
  // what MI refuses when it deploys the entry's endpoint (the validator reads the same)
  const refused = httpConnectionRefusal(c.element, (x) => {
    try {
      compileExpr(x);
      return true;
    } catch {
      return false;
    }
  });
  if (refused) return fail(refused.reason, refused.code);
  // timeout (populateTimeoutElement, then EndpointDefinitionFactory)
  let timeout: TimeoutDef | undefined;
  const duration = text(c, 'timeoutDuration');
  const action = text(c, 'timeoutAction');
  // (a `Never` action without a duration gives a <timeout> with neither: the endpoint keeps the default timeout)
  const acts = nonEmpty(action) && action.trim().toLowerCase() !== 'never';
  if (nonEmpty(duration) || acts) {
    timeout = { responseAction: 'never' };
    if (nonEmpty(duration)) {
      // (one that does not compile, or is no number, was refused above)
      if (/^\{.*\}$/s.test(duration)) timeout.durationExpr = compileExpr(duration.trim().slice(1, -1));
      else timeout.durationMs = javaLong(duration)!;
    }
    if (acts) timeout.responseAction = action!.trim().toLowerCase() === 'discard' ? 'discard' : 'fault';
  }
  // suspendOnFailure / markForSuspension (the same defaults as an endpoint written by hand)
  const suspend: SuspendDef = {
    errorCodes: nonEmpty(text(c, 'suspendErrorCodes')) ? codeList(text(c, 'suspendErrorCodes')!) : undefined,
    initialDuration: num(text(c, 'suspendInitialDuration'), -1),
    progressionFactor: num(text(c, 'suspendProgressionFactor'), 1),
    maximumDuration: num(text(c, 'suspendMaximumDuration'), Number.MAX_SAFE_INTEGER),
  };
  const mark: MarkDef = {
    errorCodes: nonEmpty(text(c, 'retryErrorCodes')) ? codeList(text(c, 'retryErrorCodes')!) : undefined,
    retriesBeforeSuspension: num(text(c, 'retryCount'), 0),
    retryDelay: num(text(c, 'retryDelay'), 0),
  };
  // authentication: only "Basic Auth" is run here (OAuth needs a token endpoint: refused with a clear reason)
  let basicAuth: HttpConnectionEndpoint['basicAuth'];
  let oauth: OAuthConfig | undefined;
  const authType = text(c, 'authType');
  if (nonEmpty(authType)) {
    // (AuthUtils.getBasicAuthHandler: both are required, checked above; a {…} one is compiled per message)
    if (authType.toLowerCase() === 'basic auth')
      basicAuth = {
        username: authValue(deployValue(c, 'username')!),
        password: authValue(deployValue(c, 'password')!),
      };
    else if (authType.toLowerCase() === 'oauth') oauth = oauthOf(c);
  }
  const properties: EndpointPropertyDef[] = [];
  const misc = text(c, 'miscellaneousProperties');
  if (nonEmpty(misc))
    for (const item of misc.split(',')) {
      const parts = item.split(':');
      if (parts.length === 3)
        properties.push({ name: parts[0].trim(), scope: parts[1].trim(), value: parts[2].trim() });
    }
  const endpoint: LeafEndpointDef = {
    type: 'http',
    uri: HTTP_URI_TEMPLATE,
    name: `${name ?? 'null'}${ENDPOINT_SUFFIX}`,
    timeout,
    suspend,
    mark,
    properties,
    file: c.def.file,
    line: c.def.line,
    column: c.def.column,
  };
  return { endpoint, error: undefined, basicAuth, oauth };
}

const CACHE_KEY = 'http.endpoint';
/** Each connection endpoint built, by the endpoint object (for a call that finds it by name). */
const byEndpoint = new WeakMap<object, HttpConnectionEndpoint>();

/** The endpoint of a connection, built once per deployed connection (its suspension state lives on it). */
export function endpointOf(c: Connection): HttpConnectionEndpoint {
  let e = c.cache.get(CACHE_KEY) as HttpConnectionEndpoint | undefined;
  if (!e) {
    c.cache.set(CACHE_KEY, (e = buildHttpEndpoint(c)));
    if (e.endpoint) byEndpoint.set(e.endpoint, e);
  }
  return e;
}

/** The connection an endpoint found by name was built from (its authentication), or undefined for another one. */
export function connectionEndpointOf(def: object): HttpConnectionEndpoint | undefined {
  return byEndpoint.get(def);
}

/**
 * The endpoint `<name>_INTERNAL_ENDPOINT_REFERENCE` that one of these local entries deploys (LocalEntryDeployer adds
 * it to the configuration next to the entry), or undefined: for a registry that looks endpoints up by name
 * (`<endpoint key="Crm_INTERNAL_ENDPOINT_REFERENCE"/>`, the management API). The same object the operations call.
 */
export function httpConnectionEndpoint(
  entries: Iterable<LocalEntryDef>,
  key: string,
  opts: CompileOptions,
): LeafEndpointDef | undefined {
  if (!key.endsWith(ENDPOINT_SUFFIX)) return undefined;
  let found: LeafEndpointDef | undefined;
  for (const def of entries) {
    const c = connectionOf(def, opts);
    if (!c || c.connector !== 'http') continue;
    const ep = endpointOf(c).endpoint;
    // (the last one deployed under a name wins, as addEndpoint replaces it); a versioned CAR's connection deploys
    // its endpoint as `<id>__<name>_INTERNAL_ENDPOINT_REFERENCE` (HTTPEndpointFactory: getFullyQualifiedName), which
    // the connector's own key-expression reaches with APPEND_ARTIFACT_IDENTIFIER (its bare name is kept for that)
    if (
      ep &&
      (ep.name === key || (def.artifactIdentifier && `${def.artifactIdentifier}__${ep.name}` === key))
    )
      found = ep;
  }
  return found;
}

/**
 * The OAuth settings of a connection (HTTPConnectionUtils.populateAuthenticationElement, OAuthUtils' handler
 * factories; its required values were checked by httpConnectionRefusal). An unknown grant type writes no
 * authentication at all (a plain endpoint). Each value is compiled per message (authValue).
 */
function oauthOf(c: Connection): OAuthConfig | undefined {
  const grant = HTTP_OAUTH_GRANTS[(text(c, 'oauthGrantType') ?? '').toLowerCase()];
  if (!grant) return undefined;
  const value = (name: string): Expr | undefined => {
    const t = deployValue(c, name);
    return t === undefined ? undefined : authValue(t);
  };
  const params: [string, Expr][] = [];
  // additionalProperties: "name:value,…" (generateOAuthAdditionalPropertiesElement)
  for (const item of (text(c, 'additionalProperties') ?? '').split(',')) {
    const kv = item.split(':');
    if (kv.length === 2 && item.trim() !== '') params.push([kv[0].trim(), authValue(kv[1].trim())]);
  }
  return {
    grant,
    tokenUrl: value('tokenUrl')!,
    clientId: value('clientId')!,
    clientSecret: value('clientSecret')!,
    authMode: value('oauthAuthorizationMode'),
    username: value('username'),
    password: value('password'),
    refreshToken: value('refreshToken'),
    params,
    tokens: new Map(),
    socketTimeoutMs: oauthTimeout(c, 'socketTimeout'),
  };
}

/**
 * An OAuth timeout of the connection (`connectionTimeout`, `connectionRequestTimeout`, `socketTimeout`: written into
 * the oauth element by HTTPConnectionUtils.handleOAuthTimeouts, read by OAuthUtils.getOauthTimeouts as an int of
 * milliseconds; not a number: MI warns and keeps its default). Undefined unless it is a number above 0.
 */
function oauthTimeout(c: Connection, name: string): number | undefined {
  const t = text(c, name)?.trim();
  if (!t || !/^[+-]?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 && n <= 2_147_483_647 ? n : undefined;
}

/**
 * The load-time check of an `<http.init>` local entry (compile.ts registerConnectionCheck): what MI refuses when it
 * deploys the entry's endpoint (LocalEntryDeployer.deployHTTPEndpointForElement fails the entry) is a load problem at
 * the init element: a timeout that is not a number, an unknown timeout action, authentication without its values.
 * A `{…}` parameter value that does not compile is an RT_HTTP_CONNECTION warning: LocalEntryDeployer stores the
 * entry as it is and builds its endpoint from fields that never hold the init's expressions (only a `{…}` timeout is
 * compiled there, as EndpointDefinitionFactory's SynapseXPath: that one fails the entry); the init template's
 * parameters are compiled only when an operation runs it (InvokeMediator), so MI deploys the entry.
 */
export function checkHttpConnection(
  init: XmlElement,
  cc: CompileCtx,
  key: string,
): EndpointRefusal | undefined {
  const params = OperationParams.compileConnection(
    init,
    cc,
    'RT_HTTP_CONNECTION',
    `The HTTP connection '${key}'`,
  );
  const pos = cc.pos(init);
  const conn: Connection = {
    key,
    connector: 'http',
    element: init,
    params,
    problems: [],
    def: { key, kind: 'xml', value: '', ...pos },
    opts: cc.opts,
    cache: new Map(),
  };
  const ep = buildHttpEndpoint(conn);
  if (ep.error)
    cc.problem(
      init,
      ep.code ?? 'RT_BAD_CONNECTION',
      `The connection '${key}' cannot deploy its endpoint: ${ep.error}`,
    );
  const cert = text(conn, 'certificateConfigurable')?.trim();
  if (cert) trustConfigurable(init, cc, cert);
  if (!ep.error) return undefined;
  // the factory that fails logs first: HTTPEndpointFactory.createAuthHandler's "Invalid authentication configuration
  // for endpoint NAME" (through EndpointFactory.handleException), EndpointDefinitionFactory's own timeout messages
  return ep.error === AUTH_CONFIG_INVALID
    ? {
        category: 'EndpointFactory',
        message: `Invalid authentication configuration for endpoint ${text(conn, 'name') ?? 'null'}${ENDPOINT_SUFFIX}`,
        cause: `org.apache.synapse.endpoints.auth.AuthException: ${AUTH_CONFIG_INVALID}`,
      }
    : { category: 'EndpointDefinitionFactory', message: ep.error };
}

/**
 * An HTTPS connection's `certificateConfigurable` names a configurable of type `cert` whose value is the path of a
 * certificate file (PEM or DER); MI adds that certificate to the client trust store when the project is deployed
 * (ConfigDeployer.deployCert), so every HTTPS call trusts it, the token requests of OAuth connections too. A value
 * or file that is missing, or not a certificate, is logged there and the project deploys all the same: here a
 * warning (RT_CERTIFICATE), and HTTPS calls to a back end that presents that certificate fail (untrusted).
 */
function trustConfigurable(init: XmlElement, cc: CompileCtx, written: string): void {
  const name = /^\{?\$\{configs\.([\w.-]+)\}\}?$/.exec(written)?.[1] ?? written;
  const failed = trustConfigurableCertificate(
    name,
    (n) => cc.opts.config(n),
    'the certificate of the connection',
  );
  if (failed) cc.unsupported(init, failed, 'RT_CERTIFICATE');
}
