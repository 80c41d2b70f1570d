/**
 * The OpenAPI document MI serves for a data service at `/services/NAME?swagger.json` (and `?swagger.yaml`):
 * SwaggerUtils.createSwaggerFromDefinition over DataService.getAxisResourceMap. Paths in the order of the Java
 * HashMap that holds them, one server (https when the service is exposed on https, which it is unless its transports
 * leave it out), per method the with-params as path parameters (`{name}` in the path) or, for GET, query parameters,
 * typed from the query param's sqlType (DataService.dataTypeMapper), and for other methods than GET and DELETE a
 * sample body whose `payload` object lists every param. Written like the runtime's API definitions (openapi.ts).
 */
import { javaHashOrder } from './java';
import type { DataServiceDef, RequestDef } from './model';

const OPERATION_ORDER = ['GET', 'PUT', 'POST', 'DELETE'];

/** DataService.dataTypeMapper. */
function swaggerType(sqlType: string | undefined): string {
  switch (sqlType) {
    case 'BIT':
      return 'boolean';
    case 'INTEGER':
    case 'BIGINT':
    case 'TINYINT':
    case 'SMALLINT':
    case 'DECIMAL':
      return 'integer';
    case 'DOUBLE':
    case 'FLOAT':
    case 'LONG':
      return 'number';
    default:
      return 'string';
  }
}

/** swagger-core's IntegerSchema carries format int32; NumberSchema, BooleanSchema and StringSchema no format. */
function schemaOf(type: string): Record<string, string> {
  return type === 'integer' ? { type, format: 'int32' } : { type };
}

interface Param {
  name: string;
  inPath: boolean;
  type: string;
}

function paramsOf(ds: DataServiceDef, r: RequestDef): Param[] {
  const query = r.call ? ds.queries.get(r.call.href) : undefined;
  const byName = new Map(r.call?.withParams.map((w) => [w.name, w]));
  const out: Param[] = [];
  for (const name of javaHashOrder([...byName.keys()])) {
    const w = byName.get(name)!;
    const original = w.original ?? w.ref;
    if (!original) continue;
    const qp = query?.params.find((p) => p.name === name);
    out.push({ name: original, inPath: r.path!.includes(`{${original}}`), type: swaggerType(qp?.sqlType) });
  }
  return out;
}

/** `servers`: the listener's base URL for http, and for https the HTTPS listener (MI's default 8253). */
export function dataServiceOpenApi(
  ds: DataServiceDef,
  base: { http: string; https: string },
): Record<string, unknown> {
  const byPath = new Map<string, Map<string, RequestDef>>();
  for (const r of ds.resources) {
    const key = r.path!;
    let m = byPath.get(key);
    if (!m) byPath.set(key, (m = new Map()));
    if (!m.has(r.method!)) m.set(r.method!, r);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const path of javaHashOrder([...byPath.keys()])) {
    const item: Record<string, unknown> = {};
    for (const method of OPERATION_ORDER) {
      const r = byPath.get(path)!.get(method);
      if (!r) continue;
      const params = paramsOf(ds, r);
      const op: Record<string, unknown> = {};
      const listed = params
        .filter((p) => p.inPath || method === 'GET')
        .map((p) => ({
          name: p.name,
          in: p.inPath ? 'path' : 'query',
          required: true,
          schema: schemaOf(p.type),
        }));
      if (listed.length) op.parameters = listed;
      if (method !== 'GET' && method !== 'DELETE') {
        const properties: Record<string, unknown> = {};
        for (const name of javaHashOrder(params.map((p) => p.name)))
          properties[name] = schemaOf(params.find((p) => p.name === name)!.type);
        op.requestBody = {
          description: 'Sample Payload',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { payload: { type: 'object', properties } } },
            },
          },
          required: false,
        };
      }
      op.responses = { default: { description: 'Default response' } };
      item[method.toLowerCase()] = op;
    }
    paths[path.startsWith('/') ? path : `/${path}`] = item;
  }
  const https = !ds.transports || ds.transports.includes('https');
  return {
    openapi: '3.0.1',
    info: { title: ds.name, description: `API Definition of dataservice : ${ds.name}`, version: '1.0' },
    servers: [{ url: `${https ? base.https : base.http}/services/${ds.name}` }],
    paths,
  };
}
