/**
 * The management API of `synapse serve`, following Micro Integrator's under /management (reference/management-api.md):
 * login/logout with bearer tokens, list and single-item views per artifact kind, CAR upload (multipart) and
 * undeploy, activation and tracing switches, logging levels, log files and server information. Served over HTTPS.
 */
import { createServer, type Server } from 'node:https';
import { release, type as osType } from 'node:os';
import { ListenerResponse } from '../engine/listenerResponse';
import { LoggerLevels } from '../engine/loggers';
import { SERVER_ENTRY_NAMES, serverEntry } from '../engine/serverEntries';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CarError } from '../../core/car';
import { checkBasic, TokenStore, type AdminCredentials } from './auth';
import { AuditLog } from './audit';
import { DefaultSequences } from './defaultSequences';
import { RegistryApi } from './registryApi';
import { RegistryTree } from './registryTree';
import { LOG_FILES, LogBuffer } from './logs';
import { boundaryOf, MultipartError, parseMultipart } from './multipart';
import { appNameWithVersion, DeployError, type DeploymentRegistry, type UndeployHook } from './registry';
import {
  applicationView,
  hasDefinition,
  listItem,
  matchesName,
  singleItem,
  templateType,
  type ViewContext,
} from './views';

export interface ManagementServerOptions {
  host: string;
  port: number;
  cert: string;
  key: string;
  credentials: AdminCredentials;
  registry: DeploymentRegistry;
  view: ViewContext;
  /** Largest accepted CAR upload in bytes (default 100 MiB). */
  maxCarBytes?: number;
  /** What /registry-resources may hold in all (default MAX_REGISTRY_TOTAL_BYTES, 256 MiB). */
  maxRegistryBytes?: number;
  tokenExpirySeconds?: number;
  log?: LogBuffer;
  /** The runtime's logger levels (GET/PATCH /logging); without them the levels are only recorded. */
  loggers?: LoggerLevels;
  /** PATCH /server {"status":"shutdown…"}. */
  onShutdown?: () => void;
  productVersion?: string;
}

export interface ManagementServer {
  server: Server;
  port: number;
  log: LogBuffer;
  close(): Promise<void>;
}

const KINDS: Record<string, string> = {
  apis: 'apiName',
  'proxy-services': 'proxyServiceName',
  sequences: 'sequenceName',
  endpoints: 'endpointName',
  'inbound-endpoints': 'inboundEndpointName',
  tasks: 'taskName',
  'message-stores': 'name',
  'message-processors': 'name',
  'local-entries': 'name',
  'data-services': 'dataServiceName',
  'data-sources': 'name',
};
const ACTIVATE = new Set(['proxy-services', 'endpoints', 'inbound-endpoints', 'message-processors']);
const TRACE = new Set(['apis', 'proxy-services', 'sequences', 'endpoints', 'inbound-endpoints']);
const MAX_JSON_BYTES = 1024 * 1024;
/** Largest registry resource accepted through /registry-resources/content. */
const MAX_REGISTRY_BYTES = 10 * 1024 * 1024;
/** The start of CarbonAppResource's upload refusals. */
const CAPP_ERR = 'Error when deploying the Carbon Application. ';

/** GET ?<name>= of an artifact that is not there: 404 with MI's message where its resource gives one. */
const NOT_FOUND: Record<string, (n: string) => string> = {
  apis: (n) => `Specified API ('${n}') not found`,
  'proxy-services': (n) => `Specified proxy ('${n}') not found`,
  sequences: (n) => `Specified sequence ('${n}') not found`,
  endpoints: (n) => `Specified endpoint ('${n}') not found`,
  'inbound-endpoints': (n) => `Specified inbound endpoint ('${n}') not found`,
  tasks: (n) => `Specified task ${n} not found`,
  'message-stores': (n) => `Specified message store ('${n}') not found`,
  'message-processors': (n) => `Specified message processor ('${n}') not found`,
  'local-entries': (n) => `Reference for ${n} could not be resolved`,
  'data-services': (n) => `Specified data service ('${n}') not found`,
  'data-sources': (n) => `datasource ${n} does not exist`,
};

/**
 * The resources whose GET of an unknown item only sets HTTP_SC 404 and no payload (ApiResource, ProxyServiceResource,
 * SequenceResource, EndpointResource, InboundEndpointResource, DataServiceResource): a 404 with no body.
 */
const NO_PAYLOAD_404 = new Set([
  'apis',
  'proxy-services',
  'sequences',
  'endpoints',
  'inbound-endpoints',
  'data-services',
]);

/** POST {"name","status"} for an artifact that is not there: 404 with the message of MI's resource. */
const NO_SUCH_TO_SWITCH: Record<string, string> = {
  'proxy-services': 'Proxy service could not be found',
  endpoints: 'Endpoint does not exist',
  'inbound-endpoints': 'Inbound Endpoint could not be found',
  'message-processors': 'Message processor does not exist',
};

/** Audit `type` and `info` key of a tracing change (Constants.AUDIT_LOG_TYPE_*_TRACE and the resources' keys). */
const TRACE_AUDIT: Record<string, [string, string]> = {
  apis: ['api_trace', 'apiName'],
  'proxy-services': ['proxy_service_trace', 'proxyName'],
  sequences: ['sequence_trace', 'sequenceName'],
  endpoints: ['endpoint_trace', 'endpointName'],
  'inbound-endpoints': ['inbound_endpoint_trace', 'inboundEndpointName'],
  templates: ['sequence_template_trace', 'sequenceName'],
};

/** Audit `type` and `info` key of an activation change. */
const STATUS_AUDIT: Record<string, [string, string]> = {
  'proxy-services': ['proxy_service', 'proxyName'],
  endpoints: ['endpoint', 'endpointName'],
  'inbound-endpoints': ['inbound_endpoint', 'inboundEndpointName'],
  'message-processors': ['message_processor', 'messageProcessorName'],
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    ...extra,
  });
  res.end(data);
}

/** An answer MI sends with no payload. */
function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Access-Control-Allow-Origin': '*' });
  res.end();
}

function readBody(req: IncomingMessage, limit: number, shownLimit = limit): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      reject(
        new HttpError(413, `the request body (${declared} bytes) is over the limit of ${shownLimit} bytes`),
      );
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let n = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      n += c.length;
      if (n > limit) {
        over = true;
        reject(new HttpError(413, `the request body is over the limit of ${shownLimit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !over && resolve(Buffer.concat(chunks)));
    req.on('aborted', () => reject(new HttpError(499, 'client closed the connection mid-request')));
    req.on('error', (e) => reject(new HttpError(499, e.message)));
  });
}

/** Whether the request carries a JSON payload (what JsonUtil.hasAJsonPayload sees after the JSON builder). */
function isJson(req: IncomingMessage): boolean {
  return /application\/json/i.test(req.headers['content-type'] ?? '');
}

/** The error object a resource answers (with no status code: 200) when the request has no JSON payload. */
function noJson(res: ServerResponse, body: Record<string, string>): void {
  res.req.resume();
  send(res, 200, body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!isJson(req)) throw new HttpError(400, 'Content-Type must be application/json');
  const body = await readBody(req, MAX_JSON_BYTES);
  try {
    const v = JSON.parse(body.toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch (e) {
    throw new HttpError(400, `invalid JSON body: ${(e as Error).message}`);
  }
}

/** `?searchKey=`: MI keeps the items whose name, lower-cased, contains the key lower-cased (a blank key is no filter). */
function filterSearch<T>(
  items: T[],
  searchKey: string | null,
  nameOf: (x: T) => string = (x) => (x as { name: string }).name,
): T[] {
  if (!searchKey || !searchKey.trim()) return items;
  const k = searchKey.toLowerCase();
  return items.filter((a) => nameOf(a).toLowerCase().includes(k));
}

/** A JSON member as Gson's getAsString / org.json's toString give it: a string as is, a number or boolean printed. */
function jsonString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** Utils.getFileSize: bytes below 1 KiB as "N B", else one decimal in the largest unit ("1.5 KB", "2.0 MB"). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const exp = Math.floor(Math.log(bytes) / Math.log(1024));
  return `${(bytes / 1024 ** exp).toFixed(1)} ${'KMGTPE'.charAt(exp - 1)}B`;
}

/** Java's os.name for the platform Node runs on. */
function javaOsName(): string {
  const t = osType();
  return t === 'Darwin' ? 'Mac OS X' : t === 'Windows_NT' ? 'Windows' : t;
}

/** The Micro Integrator release whose management API this server follows. */
const MI_COMPATIBILITY = '4.4.0';

export function startManagementServer(opts: ManagementServerOptions): Promise<ManagementServer> {
  const tokens = new TokenStore(opts.tokenExpirySeconds ?? 3600);
  const log = opts.log ?? new LogBuffer();
  const maxCar = opts.maxCarBytes ?? 100 * 1024 * 1024;
  const reg = opts.registry;
  const loggers = opts.loggers ?? new LoggerLevels();
  const audit = new AuditLog(log);
  let defaults = new DefaultSequences();
  const registryTree = new RegistryTree();
  for (const app of reg.apps.values()) registryTree.addCarResources(app.resources);
  const registryApi = new RegistryApi(registryTree, reg.host, audit, opts.maxRegistryBytes);
  /**
   * CappDeployer.undeployCarbonApp's lines around an application's undeployment (getAppNameWithVersion +
   * AppDeployerUtils.getTenantIdLogString), the deployers' "… has been undeployed" lines between them.
   */
  const undeployLines: UndeployHook = (app, phase) => {
    if (phase === 'start') {
      registryTree.removeCarResources(app.resources);
      log.log('INFO', `Undeploying Carbon Application : ${appNameWithVersion(app)}...`);
    } else
      log.log(
        'INFO',
        `Successfully undeployed Carbon Application : ${appNameWithVersion(app)}{super-tenant}`,
      );
  };
  /**
   * The level of each logger as a PATCH wrote it: MI writes the given text into log4j2.properties and reads it back
   * as it is ("debug" stays "debug"), where the runtime keeps the level itself.
   */
  const levelAsGiven = new Map<string, string>();
  const shown = <T extends { loggerName: string; level: string }>(l: T): T => {
    const given = levelAsGiven.get(l.loggerName);
    return given !== undefined && given.toUpperCase() === l.level ? { ...l, level: given } : l;
  };
  /** The correlation logs switch of /configs (MI's default: off). */
  let correlationLogs = false;
  /** The artifacts of a collection as MI lists them (sequences with the default main and fault). */
  const artifactsOf = (kind: string) =>
    kind === 'sequences' ? defaults.withDefaults(reg.artifactsOf(kind)) : reg.artifactsOf(kind);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(200, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      });
      res.end();
      return;
    }
    // InternalAPIDispatcher: no internal API or no resource for the path and method → 404 with no body
    if (!path.startsWith('/management')) return sendEmpty(res, 404);
    const sub = path.slice('/management'.length) || '/';

    // RootResource: SecurityHandlerAdapter.needsHandling skips the management API's root context
    if (sub === '/' && method === 'GET')
      return send(res, 200, { 'WSO2 Micro Integrator': MI_COMPATIBILITY, ManagementApi: 'Active' });
    // AuthenticationHandlerAdapter.handle (JWT handler): a refusal is a 401 with no body; only a request without an
    // Authorization header is also told how to authenticate (WWW-Authenticate)
    const authorization = req.headers.authorization;
    const unauthorized = () => {
      req.resume();
      res.writeHead(401, {
        'Access-Control-Allow-Origin': '*',
        ...(authorization === undefined ? { 'WWW-Authenticate': 'Basic realm="WSO2 EI"' } : {}),
      });
      res.end();
    };
    if (authorization === undefined) return unauthorized();
    if (sub === '/login') {
      const user = checkBasic(authorization, opts.credentials);
      if (!user) {
        log.log('WARN', 'login failed');
        return unauthorized();
      }
      if (method !== 'GET') return sendEmpty(res, 404);
      log.log('INFO', `login of ${user}`);
      audit.login(user);
      return send(res, 200, { AccessToken: tokens.issue(user, `https://${req.headers.host ?? opts.host}/`) });
    }
    const user = tokens.check(authorization);
    if (!user) return unauthorized();
    if (sub === '/logout') {
      // LogoutResource: a failed revocation is a 500; a logout sets no payload (200, no body)
      if (!tokens.revoke(req.headers.authorization))
        throw new HttpError(500, 'Log out failed due to incorrect credentials');
      audit.logout(user);
      return sendEmpty(res, 200);
    }

    const q = url.searchParams;
    const [, head, tail] = /^\/([^/]+)(?:\/(.+))?$/.exec(sub) ?? [];

    // UsersResource, UserResource, RolesResource, RoleResource: serve's one admin is a file-based user store, with
    // which MI manages no users or roles (Utils.setInvalidUserStoreResponse)
    if (head === 'users' || head === 'roles') {
      // the methods of UsersResource, UserResource, RolesResource and RoleResource; others find no resource
      const methods =
        head === 'users'
          ? tail
            ? ['GET', 'DELETE', 'PATCH']
            : ['GET', 'POST']
          : tail
            ? ['GET', 'DELETE']
            : ['GET', 'POST', 'PUT'];
      if (!methods.includes(method) || (tail ?? '').includes('/')) return sendEmpty(res, 404);
      req.resume();
      return send(res, 403, {
        Error:
          'User management is not supported with the file-based user store. Please plug in a user store for the correct functionality',
      });
    }

    if (head === 'applications' && !(tail ?? '').includes('/')) {
      // CarbonAppResource serves /applications and /applications/{name} alike: GET and POST read no name
      if (method === 'DELETE' && !tail)
        throw new HttpError(
          400,
          'Cannot remove the Carbon Application. Missing required name parameter in the path',
        );
      if (method === 'GET') {
        const name = q.get('carbonAppName');
        if (name !== null) {
          if (req.headers.accept === 'application/octet-stream') {
            // CarbonAppResource.populateFileContent: the parameter names a file of the carbonapps folder
            // (X_1.0.0.car); a file not there is a 500 with no body
            const app = [...reg.apps.values()].find((a) => a.fileName === name);
            if (!app) {
              return sendEmpty(res, 500);
            }
            res.writeHead(200, {
              'Content-Type': 'application/octet-stream',
              'Content-Disposition': `attachment; filename="${app.fileName}"`,
            });
            res.end(app.bytes);
            return;
          }
          // getCarbonAppByName: an active application by its name (no version)
          const app = [...reg.apps.values()].find((a) => a.name === name);
          if (!app) return sendEmpty(res, 404);
          return send(res, 200, applicationView(app));
        }
        const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
        const apps = filterSearch([...reg.apps.values()], q.get('searchKey')).sort(byName);
        const faulty = filterSearch([...reg.faulty.values()], q.get('searchKey')).sort(byName);
        // Utils.createCAppJSONList: the total counts both lists
        return send(res, 200, {
          totalCount: apps.length + faulty.length,
          activeCount: apps.length,
          faultyCount: faulty.length,
          activeList: apps.map(applicationView),
          faultyList: faulty.map(applicationView),
        });
      }
      if (method === 'POST') {
        const boundary = boundaryOf(req.headers['content-type']);
        if (!boundary) {
          req.resume();
          throw new HttpError(400, `${CAPP_ERR}Supports only for the Content-Type : multipart/form-data`);
        }
        const body = await readBody(req, maxCar + 64 * 1024, maxCar);
        let parts;
        try {
          parts = parseMultipart(body, boundary);
        } catch (e) {
          throw new HttpError(400, (e as MultipartError).message);
        }
        // CarbonAppResource.handlePost: exactly one part, a file whose name ends with .car
        if (parts.length === 0) throw new HttpError(400, `${CAPP_ERR}No file exist to be uploaded. `);
        if (parts.length > 1)
          throw new HttpError(400, `${CAPP_ERR}Uploading Multiple files in one request is not supported. `);
        const f = parts[0];
        const fileName = (f.filename ?? '').split(/[\\/]/).pop() ?? '';
        if (!fileName.endsWith('.car'))
          throw new HttpError(400, `${CAPP_ERR}Only files with the extension .car is supported. `);
        if (!/^[\p{L}\p{N}._ -]+\.car$/iu.test(fileName))
          throw new HttpError(400, `unsafe file name '${fileName}'`);
        if (f.data.length > maxCar)
          throw new HttpError(
            413,
            `${fileName} is ${f.data.length} bytes, over the limit of ${maxCar} bytes`,
          );
        // CarbonAppResource.handlePost logs the file once it is stored (a CAR refused above is not); the deployer's
        // lines follow, an application the file replaces undeployed first (so its lines come after this one)
        let added = false;
        const logAdded = () => {
          if (!added) log.log('INFO', `Successfully added Carbon Application : ${fileName}`);
          added = true;
        };
        const outcome = await reg.deployCar(fileName, f.data, (a, phase) => {
          logAdded();
          undeployLines(a, phase);
        });
        logAdded();
        // a FAT CAR's embedded applications are deployed (and logged) before it
        for (const e of outcome.embedded ?? []) {
          if (e.deployed) {
            registryTree.addCarResources(e.deployed.resources);
            log.log(
              'INFO',
              `Successfully Deployed Carbon Application : ${appNameWithVersion(e.deployed)}{super-tenant}`,
            );
          } else
            log.log(
              'ERROR',
              `Error occurred while deploying the Carbon application: ${e.faulty.fileName}. Reverting successfully deployed artifacts in the CApp.\n${e.faulty.reason}`,
            );
        }
        // MI's registry deployer writes a CAR's resources into the registry and removes them on undeployment
        audit.change(user, 'carbon_application', 'created', { cAppFileName: fileName });
        const app = outcome.deployed;
        if (app) {
          registryTree.addCarResources(app.resources);
          log.log(
            'INFO',
            `Successfully Deployed Carbon Application : ${appNameWithVersion(app)}{super-tenant}`,
          );
        } else {
          // CappDeployer: the upload itself succeeded (the file is in place); the application is kept as faulty
          log.log(
            'ERROR',
            `Error occurred while deploying the Carbon application: ${fileName}. Reverting successfully deployed artifacts in the CApp.\n${outcome.faulty.reason}`,
          );
        }
        return send(res, 200, { Message: `Successfully added Carbon Application ${fileName}` });
      }
      if (method === 'DELETE' && tail) {
        // CarbonAppResource.handleDelete looks for the file <name>.car: the name is the file's without ".car"
        const name = decodeURIComponent(tail);
        if (!reg.apps.has(name) && !reg.faulty.has(name))
          throw new HttpError(404, `Cannot remove the Carbon Application.${name} does not exist`);
        // (a FAT CAR's embedded applications are undeployed after it, CappDeployer.undeploy)
        const app = await reg.undeployApp(name, undeployLines);
        if (!('resources' in app))
          log.log('INFO', `Undeploying Faulty Carbon Application On : ${app.fileName}`);
        // CarbonAppResource logs the name as the request gave it
        audit.change(user, 'carbon_application', 'deleted', { cAppFileName: name });
        return send(res, 200, { Message: `Successfully removed Carbon Application named ${app.id}` });
      }
      return sendEmpty(res, 404);
    }

    if (head === 'registry-resources') {
      const answer = await registryApi.handle({
        method,
        tail,
        q,
        contentType: req.headers['content-type'] ?? '',
        body: () => readBody(req, MAX_REGISTRY_BYTES),
        user,
      });
      if ('bytes' in answer) {
        res.writeHead(answer.status, {
          'Content-Type': answer.contentType,
        });
        res.end(answer.bytes);
        return;
      }
      if (!req.readableEnded) req.resume();
      return send(res, answer.status, answer.json);
    }

    if (head === 'templates' && !tail) {
      // TemplateResource lists the endpoint templates, then the sequence templates
      const all = [
        ...reg.artifactsOf('templates').filter((a) => templateType(a.root) === 'endpoint'),
        ...reg.artifactsOf('templates').filter((a) => templateType(a.root) === 'sequence'),
      ];
      if (method === 'GET') {
        // TemplateResource: with ?type= it answers that type's names (or, with &name=, one template; an unknown
        // one is a 404 with no payload) and reads no searchKey; an unknown type's list is an error object with no
        // status code (200). Without ?type= neither name nor a missing type matter: the full list, or a search.
        const given = q.get('type');
        const type = given?.toLowerCase();
        if (given !== null) {
          const name = q.get('name');
          const ofType = all.filter((a) => templateType(a.root) === type);
          if (name !== null) {
            const a = ofType.find((x) => x.name === name);
            if (!a) return sendEmpty(res, 404);
            return send(res, 200, singleItem('templates', a, viewCtx()));
          }
          if (type !== 'sequence' && type !== 'endpoint')
            return send(res, 200, { Error: `Received type ${given} is not a valid template type` });
          return send(res, 200, { count: ofType.length, list: ofType.map((a) => ({ name: a.name })) });
        }
        const list = filterSearch(all, q.get('searchKey'));
        return send(res, 200, {
          count: list.length,
          list: list.map((a) => listItem('templates', a, viewCtx())),
        });
      }
      if (method === 'POST') {
        // the payload's type, else the query's; only "sequence" (as written) with a name is an operation
        const body = await readJson(req);
        const type = body.type !== undefined ? jsonString(body.type) : q.get('type');
        if (body.name === undefined || body.name === null || type !== 'sequence')
          throw new HttpError(400, 'Unsupported operation');
        const name = jsonString(body.name);
        const a = all.find((x) => x.name === name && templateType(x.root) === 'sequence');
        if (!a) throw new HttpError(400, `Specified sequence template ('${name}') not found`);
        return send(res, 200, await aspect('templates', a, body, user));
      }
      return sendEmpty(res, 404);
    }

    if (head === 'connectors' && !tail) {
      // ConnectorResource over the connectors (synapse/lib) of the deployed CARs
      const all = [...reg.apps.values()]
        .flatMap((a) => a.connectors)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const view = (c: (typeof all)[number]) => ({
        name: c.name,
        package: c.package,
        description: c.description,
        status: c.enabled ? 'enabled' : 'disabled',
      });
      if (method === 'GET') {
        const name = q.get('connectorName');
        if (name !== null) {
          // ConnectorResource.populateConnectorData sets no payload for a connector not there: 200, no body
          const c = all.find((x) => x.name === name);
          if (!c) return sendEmpty(res, 200);
          return send(res, 200, view(c));
        }
        // MI matches the search key against the library's file name
        const list = filterSearch(all, q.get('searchKey'), (c) => c.fileName).map(view);
        return send(res, 200, { count: list.length, list });
      }
      if (method === 'POST') {
        // ConnectorResource.changeConnectorState: SynapseAppDeployer.updateStatus always reports success; the
        // library ({package}name, lower-cased) is enabled by "enabled" and disabled by any other status. A payload
        // without name, status and package is an error object with no status code (200).
        if (!isJson(req)) return noJson(res, { Error: 'POST method required json payload' });
        const body = await readJson(req);
        if (body.name === undefined || body.status === undefined || body.package === undefined)
          return send(res, 200, { Error: 'Missing parameters in payload' });
        const [cname, pkg, status] = [body.name, body.package, body.status].map(jsonString);
        const qname = (p: string, n: string) => `{${p.trim()}}${n.trim()}`.toLowerCase();
        const c = all.find((x) => qname(x.package, x.name) === qname(pkg, cname));
        if (c) {
          c.enabled = status === 'enabled';
          log.log('INFO', `Connector ${c.name} (${c.package}) ${c.enabled ? 'enabled' : 'disabled'}`);
        }
        audit.change(user, 'connector', 'created', { connectorName: cname, packageName: pkg, status });
        return send(res, 200, { Message: 'Status updated successfully' });
      }
      return sendEmpty(res, 404);
    }

    if (head === 'logging' && !tail) {
      // LoggingResource: every refusal is a 400 with its message
      if (method === 'GET') {
        const name = q.get('loggerName');
        if (name !== null) {
          // isLoggerExist reads the "loggers" property of log4j2.properties, which does not name rootLogger
          const l = name === 'rootLogger' ? undefined : loggers.get(name);
          if (!l) throw new HttpError(400, `Logger name ('${name}') not found`);
          return send(res, 200, shown(l));
        }
        const list = filterSearch(loggers.list(), q.get('searchKey'), (l) => l.loggerName).map(shown);
        return send(res, 200, { count: list.length, list });
      }
      if (method === 'PATCH') {
        // LoggingResource reads a missing JSON payload as {}
        const body = isJson(req) ? await readJson(req) : (req.resume(), {} as Record<string, unknown>);
        if (body.loggingLevel === undefined) throw new HttpError(400, 'Log level is missing');
        const given = String(body.loggingLevel);
        const level = given.toUpperCase();
        // LoggingResource takes OFF, TRACE, DEBUG, INFO, WARN, ERROR and FATAL (not ALL), in any case
        if (!LoggerLevels.isLevel(level) || level === 'ALL')
          throw new HttpError(400, `Invalid log level ${given}`);
        if (typeof body.loggerName !== 'string') throw new HttpError(400, 'Logger name is missing');
        const name = body.loggerName;
        const isRoot = name === 'rootLogger';
        const info = { loggerName: name, loggingLevel: given };
        if (isRoot || body.loggerClass === undefined) {
          if (!loggers.setLevel(name, level))
            throw new HttpError(400, `Specified logger ('${name}') not found`);
          log.log('INFO', `Logger ${name} set to ${level}`);
          levelAsGiven.set(name, given);
          audit.change(user, isRoot ? 'root_log_level' : 'log_level', 'updated', info);
          return send(res, 200, { message: `Successfully added logger for ('${name}') with level ${given}` });
        }
        if (loggers.get(name))
          throw new HttpError(
            400,
            `Specified logger name ('${name}') already exists, try updating the level instead`,
          );
        const loggerClass = String(body.loggerClass);
        if (!loggerClass) throw new HttpError(400, 'loggerClass must not be empty');
        loggers.add(name, loggerClass, level);
        levelAsGiven.set(name, given);
        log.log('INFO', `Logger ${name} (${loggerClass}) added at ${level}`);
        audit.change(user, 'log_level', 'created', info);
        return send(res, 200, {
          message: `Successfully added logger for ('${name}') with level ${given} for class ${loggerClass}`,
        });
      }
      return sendEmpty(res, 404);
    }

    if (head === 'logs' && !tail && method === 'GET') {
      // LogFilesResource over the files serve keeps (wso2carbon.log, wso2error.log, audit.log)
      const file = q.get('file');
      if (file) {
        const known = LOG_FILES.find((f) => f === file);
        if (!known) {
          // LogFilesResource.sendFaultResponse: a file not there is a 500 with no body
          return sendEmpty(res, 500);
        }
        const data = Buffer.from(log.text(known));
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
        });
        res.end(data);
        return;
      }
      const files = filterSearch(
        LOG_FILES.map((f) => ({ FileName: f, Size: fileSize(log.sizeOf(f)) })),
        q.get('searchKey'),
        (f) => f.FileName,
      );
      return send(res, 200, { count: files.length, list: files });
    }

    if (head === 'server' && !tail) {
      if (method === 'GET') {
        return send(res, 200, {
          productName: 'Synapse Integration Tools runtime (synapse serve)',
          productVersion: opts.productVersion ?? '0.1.0',
          microIntegratorCompatibility: MI_COMPATIBILITY,
          carbonHome: process.cwd(),
          javaHome: 'N/A',
          javaVersion: 'N/A',
          javaVendor: 'N/A',
          nodeVersion: process.version,
          // System.getProperty("os.name") / ("os.version")
          osName: javaOsName(),
          osVersion: release(),
          location: `${opts.host}`,
        });
      }
      if (method === 'PATCH') {
        if (!isJson(req)) return noJson(res, { Error: 'JSON payload is missing.' });
        const body = await readJson(req);
        // MetaDataResource's answers: its refusals are error objects with no status code (200)
        if (body.status === undefined)
          return send(res, 200, { Error: 'Invalid payload structure received.' });
        const status = jsonString(body.status);
        if (!['shutdown', 'shutdownGracefully', 'restart', 'restartGracefully'].includes(status))
          return send(res, 200, { Error: 'Invalid server status received.' });
        const messages: Record<string, string> = {
          shutdown: 'The server will start to shutdown.',
          shutdownGracefully: 'The server will start to shutdown gracefully.',
          restart: 'The server will start to restart.',
          restartGracefully: 'The server will start to restart gracefully.',
        };
        send(res, 200, { Message: messages[status] });
        // CoreServerInitializer's lines, then SynapseTaskManager.cleanup's as Synapse stops
        const graceful = status.endsWith('Gracefully');
        if (status.startsWith('restart')) {
          log.log('INFO', `${graceful ? 'Gracefully restarting' : 'Restarting'} WSO2 Micro Integrator...`);
          log.log('INFO', 'Shutting down the task manager');
          log.log('INFO', 'Starting a new Carbon instance. Current instance will be shutdown');
          setImmediate(() => void restart());
        } else {
          if (graceful) log.log('INFO', 'Gracefully shutting down WSO2 Micro Integrator...');
          log.log('INFO', 'Shutting down the task manager');
          setImmediate(() => opts.onShutdown?.());
        }
        return;
      }
    }

    if (head === 'configs' && !tail && (method === 'GET' || method === 'PUT')) {
      // ConfigsResource: the one config MI knows is "correlation" (PassThroughCorrelationConfigDataHolder, off
      // unless enabled); serve keeps the switch but writes no correlation log. ConfigNotFoundException answers
      // are 400 " Error : <its message>".
      const notFound = (n: string) => new HttpError(400, ` Error : ${n} configName not found`);
      if (method === 'GET') {
        const name = q.get('configName');
        if (name === null) throw new HttpError(400, ' Error : Missing Required Query Parameter : configName');
        if (name !== 'correlation') throw notFound(name);
        return send(res, 200, { configName: name, configs: { enabled: correlationLogs } });
      }
      if (!isJson(req)) return noJson(res, { Error: 'JSON payload is missing' });
      const body = await readJson(req);
      if (body.configName === undefined)
        throw new HttpError(400, ' Error : Missing Required Field: configName');
      const name = jsonString(body.configName);
      if (name !== 'correlation') throw notFound(name);
      const configs = body.configs as Record<string, unknown> | undefined;
      if (configs === undefined) throw new HttpError(400, ' Error : Missing Required Field: configs');
      if (!configs || typeof configs !== 'object' || !('enabled' in configs))
        throw new HttpError(400, ' Error : Missing Required Field: enabled');
      // Boolean.parseBoolean(getAsString())
      correlationLogs = jsonString(configs.enabled).toLowerCase() === 'true';
      log.log('INFO', `Correlation logs ${correlationLogs ? 'enabled' : 'disabled'}`);
      return send(res, 200, { message: 'Successfully Updated Correlation Logs Status' });
    }

    const param = head ? KINDS[head] : undefined;
    if (param && !tail) {
      if (method === 'GET') {
        const wanted = q.get(param);
        const all = artifactsOf(head);
        if (wanted !== null) {
          const a = all.find((x) => matchesName(x, head, wanted));
          if (!a && NO_PAYLOAD_404.has(head)) return sendEmpty(res, 404);
          if (!a) throw new HttpError(404, NOT_FOUND[head](wanted));
          return send(res, 200, singleItem(head, a, viewCtx()));
        }
        const searchKey = q.get('searchKey');
        if (head === 'local-entries' && searchKey && searchKey.trim()) {
          // LocalEntryResource searches every defined entry, the server's SERVER_HOST and SERVER_IP too, answers
          // each in full and counts them less the server's two (as its list does), so a search of one is -1
          const found = [
            ...filterSearch(all, searchKey).map((a) => singleItem(head, a, viewCtx())),
            ...filterSearch(serverEntries(), searchKey),
          ];
          return send(res, 200, { count: found.length - 2, list: found });
        }
        const list = filterSearch(all, searchKey).map((a) => listItem(head, a, viewCtx()));
        return send(res, 200, { count: list.length, list });
      }
      if (method === 'POST' && head === 'tasks')
        return send(res, 200, await controlTask(await readJson(req)));
      if (method === 'POST' && (ACTIVATE.has(head) || TRACE.has(head))) {
        // without a JSON payload ProxyServiceResource and EndpointResource answer an error object (200);
        // MessageProcessorResource returns false (no resource answered: 404, no body)
        if (!isJson(req) && head === 'message-processors') {
          req.resume();
          return sendEmpty(res, 404);
        }
        if (!isJson(req) && (head === 'proxy-services' || head === 'endpoints'))
          return noJson(res, { Error: 'JSON payload is missing' });
        const [status, json] = await postChange(head, await readJson(req), user);
        return send(res, status, json);
      }
      return sendEmpty(res, 404);
    }
    return sendEmpty(res, 404);
  }

  /**
   * POST {"name", "status" | "trace"} on a collection, as each MI resource takes it: a status change comes first
   * when the payload has both name and status (ProxyServiceResource, EndpointResource, MessageProcessorResource),
   * else tracing (Utils.handleTracing); InboundEndpointResource looks the endpoint up before either.
   */
  async function postChange(
    head: string,
    body: Record<string, unknown>,
    user: string,
  ): Promise<[number, Record<string, unknown>]> {
    const name = body.name === undefined || body.name === null ? undefined : jsonString(body.name);
    const find = (n: string) => artifactsOf(head).find((x) => matchesName(x, head, n));
    if (head === 'message-processors') {
      // MessageProcessorResource answers a payload without both with an error object and no status code (200)
      if (name === undefined || body.status === undefined)
        return [200, { Error: 'Missing parameters in payload' }];
      const a = find(name);
      if (!a) return [404, { Error: NO_SUCH_TO_SWITCH[head] }];
      return [200, await activate(head, a, body.status, user)];
    }
    if (name === undefined) return [400, { Error: 'Unsupported operation' }];
    const a = find(name);
    if (head === 'inbound-endpoints') {
      if (!a) return [400, { Error: NOT_FOUND[head](name) }];
      if (body.status !== undefined) return [200, await activate(head, a, body.status, user)];
      return [200, await aspect(head, a, body, user)];
    }
    if (ACTIVATE.has(head) && body.status !== undefined) {
      if (!a) return [404, { Error: NO_SUCH_TO_SWITCH[head] }];
      return [200, await activate(head, a, body.status, user)];
    }
    if (!a) return [400, { Error: NOT_FOUND[head](name) }];
    // EndpointResource: tracing (and statistics) live on the EndpointDefinition, which only leaf endpoints have
    if (head === 'endpoints' && !hasDefinition(a.root))
      return [
        400,
        {
          Error: `${body.trace === undefined && body.statistics !== undefined ? 'Statistics' : 'Tracing'} is not supported for this endpoint`,
        },
      ];
    return [200, await aspect(head, a, body, user)];
  }

  /**
   * The tracing switch ("trace", Utils.handleTracing) or, when only "statistics" is given, the statistics switch the
   * MI documentation shows ({"name", "statistics": "enable"} → {"message":"Enabled statistics for ('X')"}; MI
   * 4.4's resources have no such switch and answer that payload "Missing attribute trace in payload").
   */
  async function aspect(
    kind: string,
    a: { name: string; tracing: boolean; stats: boolean; app?: string },
    body: Record<string, unknown>,
    user: string,
  ): Promise<{ message: string }> {
    if (body.trace !== undefined || body.statistics === undefined) return trace(kind, a, body.trace, user);
    const v = jsonString(body.statistics).toLowerCase();
    if (v !== 'enable' && v !== 'disable') throw new HttpError(400, 'Invalid value for state statistics');
    a.stats = v === 'enable';
    log.log('INFO', `${a.stats ? 'Enabled' : 'Disabled'} statistics for ('${a.name}')`);
    return { message: `${a.stats ? 'Enabled' : 'Disabled'} statistics for ('${a.name}')` };
  }

  /**
   * PATCH /server {"status":"restart…"}: serve stays up but starts over as a restarted MI would: the tokens (MI
   * keeps them in memory) and the switches that live in memory (tracing, statistics, activation, correlation logs)
   * are gone, and every application is deployed again from its CAR; what MI keeps in files stays (registry
   * resources, logger levels).
   */
  async function restart(): Promise<void> {
    const started = Date.now();
    correlationLogs = false;
    defaults = new DefaultSequences();
    // (a FAT CAR's embedded applications are deployed again with it)
    for (const app of [...reg.apps.values()].filter((a) => !a.parent)) {
      try {
        // (a restarted MI deploys its applications afresh: no undeployment lines for the ones it had)
        const outcome = await reg.deployCar(app.fileName, app.bytes, undefined, true);
        if (outcome.replaced) registryTree.removeCarResources(outcome.replaced.resources);
        if (outcome.deployed) {
          registryTree.addCarResources(outcome.deployed.resources);
          log.log(
            'INFO',
            `Successfully Deployed Carbon Application : ${appNameWithVersion(app)}{super-tenant}`,
          );
        } else
          log.log(
            'ERROR',
            `Error occurred while deploying the Carbon application: ${app.fileName}. Reverting successfully deployed artifacts in the CApp.\n${outcome.faulty.reason}`,
          );
      } catch (e) {
        log.log(
          'ERROR',
          `Error occurred while deploying the Carbon application: ${app.fileName}. ${(e as Error).message}`,
        );
      }
    }
    // StartupFinalizer's line; last, so that a client sees its token refused once the applications are back
    log.log('INFO', `WSO2 Micro Integrator started in ${((Date.now() - started) / 1000).toFixed(2)} seconds`);
    tokens.clear();
  }

  /** The local entries Synapse defines for the server (serverEntries.ts). */
  function serverEntries(): { name: string; type: string; value: string }[] {
    return SERVER_ENTRY_NAMES.map((name) => ({ name, type: 'Inline Text', value: serverEntry(name) ?? '' }));
  }

  function viewCtx(): ViewContext {
    return opts.view;
  }

  async function trace(
    kind: string,
    a: { name: string; tracing: boolean; app?: string },
    value: unknown,
    user: string,
  ): Promise<{ message: string }> {
    // Utils.handleTracing: enable / disable in any case, else "Invalid value for state trace"; no trace at all is
    // "Missing attribute trace in payload"
    if (value === undefined) throw new HttpError(400, 'Missing attribute trace in payload');
    const v = jsonString(value).toLowerCase();
    if (v !== 'enable' && v !== 'disable') throw new HttpError(400, 'Invalid value for state trace');
    const on = v === 'enable';
    if (a.app !== '') await reg.host.setTracing?.(kind, a.name, on);
    a.tracing = on;
    const [type, key] = TRACE_AUDIT[kind];
    audit.change(
      user,
      type,
      on ? 'enabled' : 'disabled',
      kind === 'templates' ? { [key]: a.name, sequenceType: 'sequence' } : { [key]: a.name },
    );
    return { message: `${on ? 'Enabled' : 'Disabled'} tracing for ('${a.name}')` };
  }

  async function activate(
    kind: string,
    a: { name: string; active: boolean },
    value: unknown,
    user: string,
  ): Promise<{ Message: string }> {
    // the resources compare the status (JsonElement.getAsString) with equalsIgnoreCase
    const v = jsonString(value).toLowerCase();
    if (v !== 'active' && v !== 'inactive') throw new HttpError(400, 'Provided state is not valid');
    const on = v === 'active';
    await reg.host.setActive?.(kind, a.name, on);
    a.active = on;
    log.log('INFO', `${kind} ${a.name} is now ${v}`);
    const [type, key] = STATUS_AUDIT[kind];
    // InboundEndpointResource logs an activation under the message processor type (as MI does)
    const auditType = kind === 'inbound-endpoints' && on ? 'message_processor' : type;
    audit.change(user, auditType, on ? 'enabled' : 'disabled', { [key]: a.name });
    if (kind === 'proxy-services')
      return { Message: `Proxy service ${a.name} ${on ? 'started' : 'stopped'} successfully` };
    if (kind === 'endpoints') return { Message: `${a.name} is switched ${on ? 'On' : 'Off'}` };
    return { Message: `${a.name} : is ${on ? 'activated' : 'deactivated'}` };
  }

  /**
   * POST /tasks {"name","status"} as Micro Integrator 4.6 has it (MI 4.4's TaskResource only lists): unknown task
   * or state → 400; the answers as the MI documentation shows them ({"message":"<task> : is deactivated"}).
   */
  async function controlTask(body: Record<string, unknown>): Promise<{ message: string }> {
    // TaskResource.handlePost / handleStatusUpdate (MI 4.6+, product-micro-integrator): their messages as written
    if (typeof body.name !== 'string' || !body.name) throw new HttpError(400, 'Unsupported operation');
    const name = body.name;
    const a = reg.artifactsOf('tasks').find((x) => matchesName(x, 'tasks', name));
    if (!a) throw new HttpError(400, `Specified task ('${name}') not found`);
    if (body.status === undefined) throw new HttpError(400, 'Unsupported operation');
    const status = typeof body.status === 'string' ? body.status.toLowerCase() : '';
    if (status !== 'active' && status !== 'inactive' && status !== 'trigger')
      throw new HttpError(400, 'Provided state is not valid');
    await reg.host.controlTask?.(a, status);
    if (status === 'trigger') {
      log.log('INFO', `Task ${a.name} triggered for a one-time run`);
      return { message: `${a.name} : is triggered` };
    }
    a.active = status === 'active';
    log.log('INFO', `tasks ${a.name} is now ${status}`);
    return { message: `${a.name} : is ${a.active ? 'activated' : 'deactivated'}` };
  }

  const server = createServer(
    { cert: opts.cert, key: opts.key, minVersion: 'TLSv1.2', ServerResponse: ListenerResponse },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        let status = 500;
        let message = (e as Error)?.message ?? String(e);
        if (e instanceof HttpError) status = e.status;
        else if (e instanceof DeployError) status = e.status;
        else if (e instanceof CarError) status = e.code === 'CAR_TOO_LARGE' ? 413 : 400;
        if (status >= 400 && (e instanceof CarError || e instanceof DeployError))
          log.log('ERROR', `Error occurred while deploying the Carbon application: ${message}`);
        if (status === 499) {
          log.log('WARN', message);
          res.destroy();
          return;
        }
        if (status === 500 && !(e instanceof HttpError)) message = `internal error: ${message}`;
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // a refused upload: answer, then close so that the rest of the body is not read
        send(res, status, { Error: message }, status === 413 ? { Connection: 'close' } : {});
      });
    },
  );
  server.headersTimeout = 30_000;
  server.requestTimeout = 10 * 60_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.removeListener('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        log,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}
