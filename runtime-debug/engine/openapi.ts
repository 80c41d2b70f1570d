/** The OpenAPI document Micro Integrator serves for every API at `<context>?swagger.json`, built from its resources. */
import type { ApiDef } from './model';

export function openApiFor(api: ApiDef, baseUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
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
    const methods = r.methods.length ? r.methods : ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
    const entry = (paths[path] ??= {});
    for (const m of methods) {
      const op: Record<string, unknown> = { responses: { default: { description: 'Default response' } } };
      if (params.length) op.parameters = params;
      if (['POST', 'PUT', 'PATCH'].includes(m))
        op.requestBody = { content: { 'application/json': { schema: { type: 'object' } } } };
      entry[m.toLowerCase()] = op;
    }
  }
  return {
    openapi: '3.0.1',
    info: {
      title: api.name,
      version: api.version ?? '1.0.0',
      description: `API ${api.key} served by the embedded runtime`,
    },
    servers: [{ url: `${baseUrl}${base === '/' ? '' : base}` }],
    paths,
  };
}
