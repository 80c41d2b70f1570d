/** API and resource selection as Micro Integrator does it (reference/artifacts.md section 1). */
import type { ApiDef, ResourceDef } from './model';
import type { Matcher } from './uriTemplate';

export interface ApiMatch {
  api: ApiDef;
  /** Path after the context (and version for the url strategy); `/` when empty. */
  subPath: string;
  context: string;
}

export function selectApi(
  apis: Iterable<ApiDef>,
  path: string,
  host: string | undefined,
): ApiMatch | undefined {
  let best: ApiMatch | undefined;
  let bestLen = -1;
  for (const api of apis) {
    const base =
      api.versionType === 'url' && api.version
        ? `${api.context === '/' ? '' : api.context}/${api.version}`
        : api.context;
    let sub: string | undefined;
    if (base === '/') sub = path;
    else if (path === base) sub = '/';
    else if (path.startsWith(base + '/')) sub = path.slice(base.length);
    if (sub === undefined) continue;
    if (api.hostname || api.port) {
      const [h, p] = (host ?? '').split(':');
      if (api.hostname && api.hostname !== h) continue;
      if (api.port && api.port !== (p ?? '80')) continue;
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
  | { status: 404 | 405; allow?: string[] }
  | { options: string[] };

const MAPPING_ORDER = { exact: 0, prefix: 1, extension: 2, template: 3 } as const;
const mappingsByApi = new WeakMap<ApiDef, { resources: ResourceDef[]; sorted: ResourceDef[] }>();

/** The url-mapping resources of an API in match order (exact, longest prefix, extension), computed once per API. */
function urlMappingsInOrder(api: ApiDef): ResourceDef[] {
  const cached = mappingsByApi.get(api);
  if (cached && cached.resources === api.resources) return cached.sorted;
  const sorted = api.resources
    .filter((r) => r.urlMapping !== undefined)
    .sort((a, b) => {
      const ma = a.match as Matcher;
      const mb = b.match as Matcher;
      const ka = MAPPING_ORDER[ma.kind ?? 'exact'];
      const kb = MAPPING_ORDER[mb.kind ?? 'exact'];
      return ka !== kb ? ka - kb : (mb.weight ?? 0) - (ma.weight ?? 0);
    });
  mappingsByApi.set(api, { resources: api.resources, sorted });
  return sorted;
}

export function selectResource(api: ApiDef, subPath: string, query: string, method: string): ResourceMatch {
  const byPath: { r: ResourceDef; vars: Record<string, string> }[] = [];
  // 1. url-mapping: exact, longest prefix, extension
  for (const r of urlMappingsInOrder(api)) {
    const v = r.match(subPath, query);
    if (v) byPath.push({ r, vars: v });
  }
  // 2. uri-template in order
  for (const r of api.resources) {
    if (r.uriTemplate === undefined) continue;
    const v = r.match(subPath, query);
    if (v) byPath.push({ r, vars: v });
  }
  // 3. default resources
  for (const r of api.resources)
    if (r.uriTemplate === undefined && r.urlMapping === undefined) byPath.push({ r, vars: {} });
  if (byPath.length === 0) return { status: 404 };
  for (const c of byPath)
    if (c.r.methods.length === 0 || c.r.methods.includes(method)) return { resource: c.r, vars: c.vars };
  const allow = [...new Set(byPath.flatMap((c) => c.r.methods))];
  if (method === 'OPTIONS') return { options: allow };
  if (method === 'HEAD')
    for (const c of byPath) if (c.r.methods.includes('GET')) return { resource: c.r, vars: c.vars };
  return { status: 405, allow };
}
