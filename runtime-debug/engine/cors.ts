/**
 * MI's server-wide CORS handling of APIs, on by default (Synapse SynapseCORSConfiguration reads
 * `synapse.rest.CORSConfig.enabled` with default true; MI's deployment.toml sets nothing):
 * - an API request records, when its resource is chosen (Resource.process -> CORSHelper.handleCORSHeaders), the
 *   resource's methods (Resource.getSupportedMethods), the allowed origin (the request's Origin when configured,
 *   `*` when `*` is, else ""), the allowed headers and the request's Origin, as `_SYNAPSE_INTERNAL_REST_…`
 *   properties; an OPTIONS request whose origin is not allowed gets HTTP_SC 403;
 * - the answer puts them into its transport headers (CORSHelper.handleCORSHeadersForResponse) when a back end's
 *   answer comes back through the resource (Resource.process on the response) and when respond answers an API
 *   message (RespondMediator; not a proxy service's);
 * - an OPTIONS request the resource answers itself (Resource.sendOptions) carries them with Allow.
 * The configuration comes from the project's deployment/deployment.toml `[synapse_properties]`, as MI's config tool
 * writes those keys into synapse.properties (read by deploymentToml.ts).
 */
import type { MessageContext } from './context';

export interface CorsConfig {
  enabled: boolean;
  /** synapse.rest.CORSConfig.Access-Control-Allow-Origin, split on commas and trimmed. */
  origins: ReadonlySet<string>;
  /** synapse.rest.CORSConfig.Access-Control-Allow-Headers as written ("" when not set). */
  headers: string;
}

/** MI's configuration when deployment.toml sets none of the keys. */
export const DEFAULT_CORS: CorsConfig = Object.freeze({
  enabled: true,
  origins: new Set<string>(),
  headers: '',
});

/** What CORSHelper.handleCORSHeaders records on an API request. */
export interface CorsRecord {
  methods: string;
  /** null: the property is set to null, which Axis2 skips (a per-API handler's origin it does not allow). */
  allowOrigin: string | null;
  allowHeaders: string | null;
  /** The request's Origin (none: the property is not set). */
  origin: string | undefined;
  /** Set by MI 4.5's per-API CORSRequestHandler (its answer's headers go into the message's headers). */
  perApi?: { credentials?: string; maxAge?: string };
}

/** MI 4.5's per-API CORS handler (`<handler class="…CORSRequestHandler">` and its properties, by setter). */
export interface CorsHandlerConfig {
  allowHeaders?: string;
  /** setAllowedOrigins: split on commas as written. */
  origins: string[];
  /** The origins with a `*`, as the patterns getAllowedOrigins compiles (made once: originPatterns). */
  patterns: RegExp[];
  allowedMethods?: string;
  /** setAllowedMethods: split on commas as written. */
  methodList: string[];
  credentials: boolean;
  maxAge?: string;
}

export const CORS_HANDLER_CLASS = 'org.wso2.micro.integrator.security.handler.CORSRequestHandler';

/**
 * The allowed origins with a `*`, as CORSRequestHandler.getAllowedOrigins compiles them per request:
 * Pattern.compile(allowedOrigin.replace("*", ".*")), matched with find(). A pattern Java would refuse fails the
 * request in MI; here it matches nothing.
 */
export function originPatterns(origins: readonly string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const o of origins)
    if (o.includes('*'))
      try {
        out.push(new RegExp(o.replace(/\*/g, '.*')));
      } catch {
        // (left out: it would match nothing)
      }
  return out;
}

/** CORSRequestHandler.getAllowedOrigins: `*` (the origin itself with credentials), the origin, a `*` pattern, else null. */
export function handlerAllowedOrigin(h: CorsHandlerConfig, origin: string | undefined): string | null {
  if (h.origins.includes('*')) return h.credentials ? (origin ?? null) : '*';
  if (origin !== undefined && h.origins.includes(origin)) return origin;
  if (origin !== undefined) for (const re of h.patterns) if (re.test(origin)) return origin;
  return null;
}

/**
 * CORSRequestHandler.setCORSHeaders: the allowed origin, the resource's methods that the handler allows (in the
 * resource's order, comma-joined), the allowed headers (`*`: the request's Access-Control-Request-Headers), and the
 * credentials (when allowed and the origin is not `*`) and max age.
 */
export function handlerCorsRecord(
  h: CorsHandlerConfig,
  resourceMethods: readonly string[],
  origin: string | undefined,
  requestHeaders: string | undefined,
): CorsRecord {
  const allowOrigin = handlerAllowedOrigin(h, origin);
  return {
    methods: resourceMethods.filter((m) => h.methodList.includes(m)).join(','),
    allowOrigin,
    allowHeaders: h.allowHeaders === '*' ? (requestHeaders ?? null) : (h.allowHeaders ?? null),
    origin: undefined,
    perApi: {
      ...(h.credentials && allowOrigin !== '*' ? { credentials: 'true' } : {}),
      ...(h.maxAge !== undefined ? { maxAge: h.maxAge } : {}),
    },
  };
}

export const ACA_METHODS = 'Access-Control-Allow-Methods';
export const ACA_ORIGIN = 'Access-Control-Allow-Origin';
export const ACA_HEADERS = 'Access-Control-Allow-Headers';
const INTERNAL = '_SYNAPSE_INTERNAL_REST_';
const P_METHODS = INTERNAL + ACA_METHODS;
const P_ORIGIN = INTERNAL + ACA_ORIGIN;
const P_HEADERS = INTERNAL + ACA_HEADERS;
const P_REQ_ORIGIN = INTERNAL + 'Origin';
export const ACA_CREDENTIALS = 'Access-Control-Allow-Credentials';
export const ACA_MAX_AGE = 'Access-Control-Max-Age';
const P_CREDENTIALS = INTERNAL + ACA_CREDENTIALS;
const P_MAX_AGE = INTERNAL + ACA_MAX_AGE;

/** CORSHelper.getAllowedOrigins. */
export function allowedOrigin(origin: string | undefined, origins: ReadonlySet<string>): string {
  if (origins.has('*')) return '*';
  if (origin !== undefined && origins.has(origin)) return origin;
  return '';
}

/** The record of an API request (undefined when CORS is off). */
export function corsRecord(
  cfg: CorsConfig,
  methods: string,
  origin: string | undefined,
): CorsRecord | undefined {
  if (!cfg.enabled) return undefined;
  return { methods, allowOrigin: allowedOrigin(origin, cfg.origins), allowHeaders: cfg.headers, origin };
}

/** The properties handleCORSHeaders sets (Axis2MessageContext.setProperty skips a null value: no Origin). */
export function writeCorsProps(p: Map<string, unknown>, r: CorsRecord): void {
  p.set(P_METHODS, r.methods);
  if (r.allowOrigin !== null) p.set(P_ORIGIN, r.allowOrigin);
  if (r.allowHeaders !== null) p.set(P_HEADERS, r.allowHeaders);
  if (r.origin !== undefined) p.set(P_REQ_ORIGIN, r.origin);
  if (r.perApi?.credentials !== undefined) p.set(P_CREDENTIALS, r.perApi.credentials);
  if (r.perApi?.maxAge !== undefined) p.set(P_MAX_AGE, r.perApi.maxAge);
}

/**
 * The lines of a global-CORS record whose properties no mediator has looked at (what a relayed answer carries too:
 * relay.ts).
 */
export function recordLines(r: CorsRecord): string[] {
  const out = [ACA_METHODS, r.methods, ACA_ORIGIN, r.allowOrigin ?? '', ACA_HEADERS, r.allowHeaders ?? ''];
  if (r.origin !== undefined) out.push('Origin', r.origin);
  return out;
}

/**
 * The headers handleCORSHeadersForResponse puts, name, value…: from the properties when the mediation has them
 * (a mediator may have changed or removed one), else from the record (the properties are written as it holds them).
 */
function responseLines(ctx: MessageContext, r: CorsRecord): string[] {
  if (!ctx.propsWritten && !r.perApi) return recordLines(r);
  // (reading the properties writes the deferred ones, the record's among them)
  const p = ctx.props;
  const out: string[] = [];
  for (const [prop, name] of [
    [P_METHODS, ACA_METHODS],
    [P_ORIGIN, ACA_ORIGIN],
    [P_HEADERS, ACA_HEADERS],
    [P_REQ_ORIGIN, 'Origin'],
    [P_CREDENTIALS, ACA_CREDENTIALS],
    [P_MAX_AGE, ACA_MAX_AGE],
  ] as const) {
    const v = p.get(prop);
    if (v != null) out.push(name, String(v));
  }
  return out;
}

/** handleCORSHeadersForResponse now, into the message's transport headers (a mediation follows). */
export function putCorsHeaders(ctx: MessageContext): void {
  const r = ctx.cors;
  if (r === undefined) return;
  setLines(ctx, responseLines(ctx, r));
}

function setLines(ctx: MessageContext, lines: string[]): void {
  for (let i = 0; i < lines.length; i += 2) ctx.headers.set(lines[i], lines[i + 1]);
}

/**
 * A response comes back through the API resource (Resource.process on the response): the CORS headers are put
 * into it before its out-sequence runs; with none it goes straight back, and they are written with the answer.
 * API.process puts the correlation header (activityid) into a response's headers first, with the message's
 * correlation id.
 */
export function apiResponseCors(ctx: MessageContext, outSequence: boolean): void {
  if (ctx.flow.artifactKind === 'api') ctx.headers.set('activityid', ctx.correlationId);
  if (ctx.cors === undefined) return;
  if (outSequence) putCorsHeaders(ctx);
  else ctx.corsOnReply = true;
}

/**
 * The CORS lines of an answer marked corsOnReply, to write after the message's headers less those names; undefined
 * when they were put into the message's headers instead (a value removed from the properties: the message's own
 * header of that name stays, as MI leaves it).
 */
export function corsReplyLines(ctx: MessageContext): string[] | undefined {
  const r = ctx.cors;
  if (r === undefined) return undefined;
  const lines = responseLines(ctx, r);
  // a per-API handler's values go into the message's headers (handleCORSHeadersForResponse puts them there)
  if (!r.perApi && lines.length >= 6 && lines[4] === ACA_HEADERS) return lines;
  setLines(ctx, lines);
  return undefined;
}
