/** Answers the HTTP listener writes itself, shared by the mediation listener (runtime.ts) and data services. */
import type { ServerResponse } from 'node:http';
import { stringify as stringifyYaml } from 'yaml';

/**
 * The Server header of MI's pass-through listener (httpcore ResponseServer with the origin server of
 * passthru BaseConfiguration), on every answer whose message carries none (a back end's own Server is kept:
 * http.server.preserve is true by default).
 */
export const SERVER_NAME = 'WSO2-PassThrough-HTTP';

/** An API definition (`?swagger.json`, `?swagger.yaml`...) as MI's SwaggerJsonProcessor/SwaggerYamlProcessor answer it. */
export function answerDefinition(res: ServerResponse, value: unknown, yaml: boolean): void {
  // swagger-core's Yaml.mapper() (Jackson's YAMLGenerator) writes a sequence's items at its key's indentation
  const doc = yaml ? stringifyYaml(value, { indentSeq: false }) : JSON.stringify(value, null, 2);
  res.writeHead(200, {
    server: SERVER_NAME,
    'content-type': yaml ? 'application/yaml' : 'application/json',
  });
  res.end(doc);
}

/** The answer to a request whose body is over the listener's limit (the connection is closed after it). */
export function answerTooLarge(res: ServerResponse, maxBytes: number): void {
  res.writeHead(413, { server: SERVER_NAME, 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error: { code: 413, message: `Request body larger than ${maxBytes} bytes` } }));
}
