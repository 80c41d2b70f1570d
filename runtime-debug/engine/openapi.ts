/**
 * The OpenAPI document Micro Integrator serves for an API (`?swagger.json`) when it has no published definition,
 * built from its resources. The shape follows MI's generated document (MI tests-service OpenApiForAPIsTestCase, its
 * expected SwaggerResponse.json): info {title, description "API Definition of NAME", version}, a path item's
 * operations in the OpenAPI model's order (get, put, post, delete, options, head, patch), an operation's fields in
 * the model's order (parameters, requestBody, responses), and a body for POST/PUT/PATCH described as "Sample
 * Payload" with a `payload` object.
 */
import type { ApiDef } from './model';

/** PathItem's operations in the order swagger-models declares (and Jackson writes) them. */
const OPERATION_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * `baseUrls`: the listeners' base URLs (http first, then https when the runtime has an HTTPS listener), as MI lists
 * its http and https servers.
 */
export function openApiFor(api: ApiDef, baseUrls: string | string[]): Record<string, unknown> {
  // path -> method -> the parameters of the resource that serves it
  const byPath = new Map<string, Map<string, Record<string, unknown>[]>>();
  const base =
    api.versionType === 'url' && api.version
      ? `${api.context === '/' ? '' : api.context}/${api.version}`
      : api.context;
  for (const r of api.resources) {
    let path = '/*';
    const params: Record<string, unknown>[] = [];
    if (r.uriTemplate !== undefined) {
      const [p, q] = r.uriTemplate.split('?');
      path =
        p.replace(/\{[+#./;]?([^}]+)\}/g, (_m, names: string) => `{${names.split(',')[0].trim()}}`) || '/';
      for (const m of p.matchAll(/\{[+#./;]?([^}]+)\}/g))
        params.push({
          name: m[1].split(',')[0].trim(),
          in: 'path',
          required: true,
          schema: { type: 'string' },
        });
      if (q)
        for (const m of q.matchAll(/([^&=]+)=\{([^}]+)\}/g))
          params.push({ name: m[1], in: 'query', required: false, schema: { type: 'string' } });
    } else if (r.urlMapping !== undefined) path = r.urlMapping;
    let entry = byPath.get(path);
    if (!entry) byPath.set(path, (entry = new Map()));
    for (const m of r.methods.length ? r.methods : ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])
      if (!entry.has(m.toUpperCase())) entry.set(m.toUpperCase(), params);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of byPath) {
    const item: Record<string, unknown> = {};
    for (const m of OPERATION_ORDER) {
      const params = methods.get(m);
      if (!params) continue;
      const op: Record<string, unknown> = {};
      if (params.length) op.parameters = params;
      if (WITH_BODY.has(m))
        op.requestBody = {
          description: 'Sample Payload',
          content: {
            'application/json': { schema: { type: 'object', properties: { payload: { type: 'object' } } } },
          },
          required: false,
        };
      op.responses = { default: { description: 'Default response' } };
      item[m.toLowerCase()] = op;
    }
    paths[path] = item;
  }
  return {
    openapi: '3.0.1',
    info: { title: api.name, description: `API Definition of ${api.name}`, version: api.version ?? '1.0.0' },
    servers: (Array.isArray(baseUrls) ? baseUrls : [baseUrls]).map((b) => ({
      url: `${b}${base === '/' ? '' : base}`,
    })),
    paths,
  };
}
