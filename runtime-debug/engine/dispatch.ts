/** API and resource selection as Micro Integrator does it (reference/artifacts.md section 1). */
import type { ApiDef, ResourceDef } from './model';
import type { Matcher } from './uriTemplate';

export interface ApiMatch {
  api: ApiDef;
  /** Path after the context (and version for the url strategy); `/` when empty. */
  subPath: string;
  context: string;
}

/** An API's context with its version (url versioning), made once per API. */
const versionedBases = new WeakMap<ApiDef, string>();
function versionedBase(api: ApiDef): string {
  let b = versionedBases.get(api);
  if (b === undefined)
    versionedBases.set(api, (b = `${api.context === '/' ? '' : api.context}/${api.version}`));
  return b;
}

export function selectApi(
  apis: Iterable<ApiDef>,
  path: string,
  host: string | undefined,
  https = false,
): ApiMatch | undefined {
  let best: ApiMatch | undefined;
  let bestLen = -1;
  for (const api of apis) {
    const base = api.versionType === 'url' && api.version ? versionedBase(api) : api.context;
    let sub: string | undefined;
    if (base === '/') sub = path;
    else if (path === base) sub = '/';
    // (path.startsWith(base + '/'), without a string made per API and request)
    else if (path.charCodeAt(base.length) === 47 && path.startsWith(base)) sub = path.slice(base.length);
    if (sub === undefined) continue;
    if (api.hostname || api.port) {
      // API.canProcess: the Host header's name, and its port (Integer.parseInt), else 80 over HTTP and 443 otherwise
      const [h, p] = (host ?? '').split(':');
      if (api.hostname && api.hostname !== h) continue;
      if (api.port && Number(api.port) !== (p === undefined ? (https ? 443 : 80) : Number(p))) continue;
    }
    if (base.length > bestLen) {
      bestLen = base.length;
      best = { api, subPath: sub || '/', context: api.context };
    }
  }
  return best;
}

export type ResourceMatch =
  | { resource: ResourceDef; vars: Record<string, string> }
  | { status: 400 | 404 | 405; allow?: string[] }
  /** OPTIONS answered by the resource: its methods as Allow lists them (supportedMethods). */
  | { options: string };

/** What a resource's protocol, content-type and user-agent attributes look at in a request. */
export interface RequestFacts {
  https: boolean;
  contentType?: string;
  userAgent?: string;
  /** NO_ENTITY_BODY: the content type is not checked for a request without a body. */
  noEntity: boolean;
}

const MAPPING_ORDER = { exact: 0, prefix: 1, extension: 2, template: 3 } as const;
interface ApiIndex {
  resources: ResourceDef[];
  /**
   * The resources in the order MI's dispatchers see them (ApiUtils.getAcceptableResources): those whose only method
   * is OPTIONS first, then the others, each in configuration order. Only an OPTIONS request can tell.
   */
  ordered: ResourceDef[];
  /** The url-mapping resources in match order (exact, longest prefix, extension). */
  sorted: ResourceDef[];
  /** Whether a resource looks at the request's protocol, content type or user agent. */
  filters: boolean;
}
const indexByApi = new WeakMap<ApiDef, ApiIndex>();

/** What dispatch needs to know of an API's resources, computed once per API (and again if they change). */
function apiIndex(api: ApiDef): ApiIndex {
  const cached = indexByApi.get(api);
  if (cached && cached.resources === api.resources) return cached;
  const optionsOnly = (r: ResourceDef) => r.methods.length > 0 && r.methods.every((m) => m === 'OPTIONS');
  const ordered = [...api.resources.filter(optionsOnly), ...api.resources.filter((r) => !optionsOnly(r))];
  const sorted = ordered
    .filter((r) => r.urlMapping !== undefined)
    .sort((a, b) => {
      const ma = a.match as Matcher;
      const mb = b.match as Matcher;
      const ka = MAPPING_ORDER[ma.kind ?? 'exact'];
      const kb = MAPPING_ORDER[mb.kind ?? 'exact'];
      return ka !== kb ? ka - kb : (mb.weight ?? 0) - (ma.weight ?? 0);
    });
  const filters = api.resources.some(
    (r) => r.protocol !== undefined || r.contentType !== undefined || r.userAgent !== undefined,
  );
  const index = { resources: api.resources, ordered, sorted, filters };
  indexByApi.set(api, index);
  return index;
}

/**
 * Whether selecting a resource of this API needs the request's facts (RequestFacts): only then does the listener
 * gather them, so an API whose resources have no protocol, content-type or user-agent costs nothing more per request.
 */
export function needsRequestFacts(api: ApiDef): boolean {
  return apiIndex(api).filters;
}

/** Java's String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The order a java.util.HashSet built by adding `items` in turn (initial capacity 4, load factor 0.75) iterates
 * them: by bucket (the spread hash masked by the final table size), then in insertion order within a bucket (a
 * resize splits a bucket keeping that order).
 */
export function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  let cap = 4;
  while (unique.length > cap * 0.75) cap *= 2;
  return unique
    .map((s, i) => {
      const h = javaHash(s);
      return { s, i, b: (h ^ (h >>> 16)) & (cap - 1) };
    })
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((x) => x.s);
}

/** Every method a resource without a methods attribute takes, as MI lists them (REST_ALL_SUPPORTED_METHODS). */
const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

const supported = new WeakMap<ResourceDef, string>();

/**
 * Synapse Resource.getSupportedMethods: GET, POST, PUT, DELETE for a resource without methods, else its methods in
 * java.util.HashSet order, OPTIONS left out (the Allow of an OPTIONS answer and the CORS Access-Control-Allow-Methods).
 */
export function supportedMethods(r: ResourceDef): string {
  let s = supported.get(r);
  if (s === undefined) {
    s = (
      r.methods.length === 0 ? ALL_METHODS : javaHashSetOrder(r.methods).filter((x) => x !== 'OPTIONS')
    ).join(', ');
    supported.set(r, s);
  }
  return s;
}

const accepts = (r: ResourceDef, method: string) => r.methods.length === 0 || r.methods.includes(method);

/**
 * Synapse Resource.canProcess: the protocol first, then OPTIONS (always welcome) or the method, then the content
 * type (the whole header, only when the request has a body) and the user agent.
 */
function canProcess(r: ResourceDef, method: string, f: RequestFacts | undefined): boolean {
  if (f && r.protocol && (r.protocol === 'https') !== f.https) return false;
  if (method === 'OPTIONS') return true;
  if (!accepts(r, method)) return false;
  if (!f) return true;
  if (r.contentType !== undefined && !f.noEntity && r.contentType !== f.contentType) return false;
  if (r.userAgent && (f.userAgent === undefined || !r.userAgent.test(f.userAgent))) return false;
  return true;
}

/**
 * The first resource whose path matches, in MI's dispatcher order (url-mapping: exact, longest prefix, extension;
 * then uri-templates in order; then a resource with neither), among those that can process `method` with `facts`
 * (any resource when `method` is undefined).
 */
function firstByPath(
  api: ApiDef,
  subPath: string,
  query: string,
  method: string | undefined,
  facts: RequestFacts | undefined,
): { resource: ResourceDef; vars: Record<string, string> } | undefined {
  const index = apiIndex(api);
  // the acceptable resources in MI's order; with no method (API.process's unhappy path) all, as configured
  const resources = method !== undefined ? index.ordered : api.resources;
  for (const r of index.sorted) {
    if (method !== undefined && !canProcess(r, method, facts)) continue;
    const v = r.match(subPath, query);
    if (v) return { resource: r, vars: v };
  }
  for (const r of resources) {
    if (r.uriTemplate === undefined || (method !== undefined && !canProcess(r, method, facts))) continue;
    const v = r.match(subPath, query);
    if (v) return { resource: r, vars: v };
  }
  for (const r of resources)
    if (
      r.uriTemplate === undefined &&
      r.urlMapping === undefined &&
      (method === undefined || canProcess(r, method, facts))
    )
      return { resource: r, vars: {} };
  return undefined;
}

/**
 * Resource selection as MI's API does it: the resources that take the method are dispatched by path; if none of
 * them matches, the answer is 404 (or the `_resource_mismatch_handler_` sequence). Only when no resource of the API
 * takes the method at all, a path match among the others gives 405. OPTIONS is taken by every resource: the one
 * matching the path answers with its methods in Allow, unless it lists OPTIONS itself (then it mediates it).
 */
export function selectResource(
  api: ApiDef,
  subPath: string,
  query: string,
  method: string,
  facts?: RequestFacts,
): ResourceMatch {
  if (method === 'OPTIONS') {
    const m = firstByPath(api, subPath, query, method, facts);
    if (!m) return { status: 404 };
    if (m.resource.methods.includes('OPTIONS')) return m;
    return { options: supportedMethods(m.resource) };
  }
  const hit = firstByPath(api, subPath, query, method, facts);
  if (hit) return hit;
  if (api.resources.some((r) => canProcess(r, method, facts))) return { status: 404 };
  // API.process with no acceptable resource: a path match whose method is not taken is 405; one that takes the
  // method (refused for its protocol, content type or user agent) is a bad request, 400
  const other = firstByPath(api, subPath, query, undefined, undefined);
  if (!other) return { status: 404 };
  return accepts(other.resource, method) ? { status: 400 } : { status: 405, allow: other.resource.methods };
}
