/**
 * OAuth on an HTTP connection (`<authType>OAuth</authType>`), as Synapse runs an OAuth-configured http endpoint
 * (OAuthConfiguredHTTPEndpoint, OAuthHandler and its Client Credentials / Password / Authorization Code handlers,
 * OAuthClient, TokenCache):
 *
 * - the token request is a POST of `application/x-www-form-urlencoded` text to tokenUrl: `grant_type=client_credentials`,
 *   `grant_type=password&username=…&password=…` or `grant_type=refresh_token&refresh_token=…`, then
 *   `&client_id=…&client_secret=…` when oauthAuthorizationMode is `payload` (else the client goes as
 *   `Authorization: Basic base64(id:secret)`), then `&name=value` for each additionalProperties pair; values as
 *   written (each may be `{expr}`, resolved per message), not URL-encoded;
 * - a 200 answer's `access_token` is the token (another status, or no access_token, fails the call with 303003
 *   "Could not generate access token for oauth configured http endpoint <name>. …");
 * - tokens are cached for 3000 s per endpoint, address called, token URL, client and request parameters;
 * - the request carries `Authorization: Bearer <token>`; when the back end answers 401, the cached token is dropped
 *   and the request is sent once more, as it was, with a new token (SynapseCallbackReceiver ->
 *   OAuthUtils.retryOnOAuthFailure -> retryCallWithNewToken).
 */
import type { MessageContext } from '../../context';
import { expandUriTemplate } from '../../endpoints';
import { MediationError } from '../../errors';
import type { Executor } from '../../executor';
import type { Expr } from '../../expressions';
import type { LeafEndpointDef } from '../../model';
import type { Payload } from '../../payload';
import { Agent, fetch as undiciFetch } from 'undici';
import { tlsTrust, trustedConnector, trustGeneration } from '../../tlsTrust';

export interface OAuthConfig {
  grant: 'client_credentials' | 'password' | 'refresh_token';
  tokenUrl: Expr;
  clientId: Expr;
  clientSecret: Expr;
  authMode: Expr | undefined;
  username: Expr | undefined;
  password: Expr | undefined;
  refreshToken: Expr | undefined;
  params: [name: string, value: Expr][];
  /** Cached tokens (TokenCache): key -> token and when it expires. */
  tokens: Map<string, { token: string; until: number }>;
  /** The connection's `socketTimeout` (ms), when it is a number above 0 (OAuthUtils.getOauthTimeouts). */
  socketTimeoutMs?: number;
  /** `<customHeaders>` of an endpoint's grant: set on the token request (OAuthClient.generateToken). */
  headers?: [name: string, value: Expr][];
}

/** AuthConstants.TOKEN_CACHE_TIMEOUT (seconds). */
const TOKEN_TTL_MS = 3000 * 1000;
/** Cached tokens kept per connection at most (a flood of distinct addresses must not grow it without end). */
const MAX_TOKENS = 1000;
/** How long a token request may take when the connection sets no socketTimeout (MI: none; bounded here). */
const TOKEN_TIMEOUT_MS = 30_000;
/** Largest token answer read. */
const MAX_TOKEN_ANSWER = 1024 * 1024;
/** SynapseConstants.ENDPOINT_AUTH_FAILURE. */
export const ENDPOINT_AUTH_FAILURE = 303003;

function payloadMode(cfg: OAuthConfig, ctx: MessageContext): boolean {
  return cfg.authMode !== undefined && cfg.authMode.string(ctx).trim().toLowerCase() === 'payload';
}

/** buildTokenRequestPayload of the grant's handler. */
function tokenRequestBody(cfg: OAuthConfig, ctx: MessageContext): string {
  let s =
    cfg.grant === 'client_credentials'
      ? 'grant_type=client_credentials'
      : cfg.grant === 'password'
        ? `grant_type=password&username=${cfg.username?.string(ctx) ?? ''}&password=${cfg.password?.string(ctx) ?? ''}`
        : `grant_type=refresh_token&refresh_token=${cfg.refreshToken?.string(ctx) ?? ''}`;
  if (payloadMode(cfg, ctx))
    s += `&client_id=${cfg.clientId.string(ctx)}&client_secret=${cfg.clientSecret.string(ctx)}`;
  for (const [n, v] of cfg.params) s += `&${n}=${v.string(ctx)}`;
  return s;
}

function cacheKey(cfg: OAuthConfig, ctx: MessageContext, address: string): string {
  return JSON.stringify([
    address,
    cfg.tokenUrl.string(ctx),
    cfg.clientId.string(ctx),
    cfg.clientSecret.string(ctx),
    cfg.params.map(([n, v]) => `${n}=${v.string(ctx)}`),
  ]);
}

let agent: { gen: number; agent: Agent | undefined } | undefined;

/** An undici agent that trusts what the runtime's HTTPS client trusts, or undefined when nothing was added. */
function trustingAgent(): Agent | undefined {
  const gen = trustGeneration();
  if (!agent || agent.gen !== gen) {
    void agent?.agent?.close().catch(() => undefined);
    const connect = tlsTrust();
    agent = { gen, agent: connect ? new Agent({ connect: trustedConnector(connect) }) : undefined };
  }
  return agent.agent;
}

/** OAuthClient.generateToken. */
async function fetchToken(cfg: OAuthConfig, ctx: MessageContext): Promise<string> {
  const url = cfg.tokenUrl.string(ctx).trim();
  // OAuthClient.generateToken: Content-Type, then the custom headers, then the client's Basic credentials (each
  // setHeader replacing one of the same name)
  const set = new Map<string, [string, string]>();
  const put = (n: string, v: string) => set.set(n.toLowerCase(), [n, v]);
  put('Content-Type', 'application/x-www-form-urlencoded');
  for (const [n, v] of cfg.headers ?? []) put(n, v.string(ctx));
  if (!payloadMode(cfg, ctx))
    put(
      'Authorization',
      `Basic ${Buffer.from(`${cfg.clientId.string(ctx)}:${cfg.clientSecret.string(ctx)}`).toString('base64')}`,
    );
  const headers: Record<string, string> = Object.fromEntries(set.values());
  let res: Response;
  try {
    const init = {
      method: 'POST',
      headers,
      body: tokenRequestBody(cfg, ctx),
      signal: AbortSignal.timeout(cfg.socketTimeoutMs ?? TOKEN_TIMEOUT_MS),
    };
    // OAuthClient.getSecureClient: an HTTPS token endpoint is trusted as the runtime's HTTPS calls are (the client
    // trust store, with the certificates a project adds: tlsTrust.ts); no proxy
    const dispatcher = url.startsWith('https:') ? trustingAgent() : undefined;
    res = dispatcher
      ? ((await undiciFetch(url, { ...init, dispatcher })) as unknown as Response)
      : await fetch(url, init);
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError')
      throw new Error('Socket timeout: OAuth token endpoint did not respond within the expected time frame.');
    if (err.cause?.code === 'ENOTFOUND')
      throw new Error('Unable to resolve the hostname for the OAuth token endpoint connection.');
    if (err instanceof TypeError && /invalid url|url/i.test(err.message) && !err.cause)
      throw new Error('Unsupported protocol used for the OAuth token endpoint.');
    throw new Error('Unable to connect to the OAuth token endpoint.');
  }
  const text = await readBounded(res);
  if (res.status !== 200)
    throw new Error(
      `Error while accessing the Token URL. HTTP/1.1 ${res.status} ${res.statusText}`.trimEnd(),
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The OAuth server's answer is not JSON: ${text.slice(0, 200)}`);
  }
  const token = json && typeof json === 'object' ? (json as Record<string, unknown>).access_token : undefined;
  if (token === undefined || token === null)
    throw new Error('Missing key [access_token] in the response from the OAuth server');
  return typeof token === 'string' ? token : JSON.stringify(token);
}

async function readBounded(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_TOKEN_ANSWER) {
    await res.body?.cancel();
    throw new Error('The OAuth server sent an answer too large to be a token');
  }
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_TOKEN_ANSWER)
    throw new Error('The OAuth server sent an answer too large to be a token');
  return buf.toString('utf8');
}

/** Token requests in flight, per cache key: messages that need the same token wait for one request (OAuthHandler
 * synchronizes on the key). */
const inFlight = new WeakMap<OAuthConfig, Map<string, Promise<string>>>();

function tokenFor(cfg: OAuthConfig, ctx: MessageContext, key: string): Promise<string> {
  const hit = cfg.tokens.get(key);
  if (hit && hit.until > Date.now()) return Promise.resolve(hit.token);
  let pending = inFlight.get(cfg);
  if (!pending) inFlight.set(cfg, (pending = new Map()));
  const running = pending.get(key);
  if (running) return running;
  const p = fetchToken(cfg, ctx).then(
    (token) => {
      pending.delete(key);
      if (cfg.tokens.size >= MAX_TOKENS) cfg.tokens.clear();
      cfg.tokens.set(key, { token, until: Date.now() + TOKEN_TTL_MS });
      return token;
    },
    (e: unknown) => {
      pending.delete(key);
      throw e;
    },
  );
  pending.set(key, p);
  return p;
}

/** What the request was, to send it again after a 401 (MI clones the message context before sending). */
interface Request {
  payload: Payload;
  headers: [string, string][];
  messageType: unknown;
  contentType: unknown;
  noEntityBody: unknown;
}

function snapshot(ctx: MessageContext): Request {
  return {
    payload: ctx.payload.clone(),
    headers: [...ctx.headers.entries()],
    messageType: ctx.axis2.get('messageType'),
    contentType: ctx.axis2.get('ContentType'),
    noEntityBody: ctx.axis2.get('NO_ENTITY_BODY'),
  };
}

function reinstate(ctx: MessageContext, r: Request): void {
  ctx.payload = r.payload;
  ctx.headers.clear();
  for (const [n, v] of r.headers) ctx.headers.set(n, v);
  for (const [k, v] of [
    ['messageType', r.messageType],
    ['ContentType', r.contentType],
    ['NO_ENTITY_BODY', r.noEntityBody],
  ] as const)
    if (v === undefined) ctx.axis2.delete(k);
    else ctx.axis2.set(k, v);
}

async function authorize(
  cfg: OAuthConfig,
  ep: LeafEndpointDef,
  ctx: MessageContext,
  key: string,
): Promise<void> {
  let token: string;
  try {
    token = await tokenFor(cfg, ctx, key);
  } catch (e) {
    throw authFailure(ep, e);
  }
  ctx.headers.set('Authorization', `Bearer ${token}`);
}

/** OAuthConfiguredHTTPEndpoint.handleError for an AuthException (informFailure, 303003). */
function authFailure(ep: LeafEndpointDef, e: unknown): MediationError {
  return new MediationError(
    ENDPOINT_AUTH_FAILURE,
    `Could not generate access token for oauth configured http endpoint ${ep.name ?? ''}. ${(e as Error).message}`,
  );
}

/**
 * Sends through an OAuth connection or an http endpoint with an OAuth `<authentication>`: the bearer token, and one
 * retry with a new token after a 401. `send` sends the request as it is (by default the endpoint through the engine).
 */
export async function callWithOAuth(
  cfg: OAuthConfig,
  ep: LeafEndpointDef,
  ex: Executor,
  ctx: MessageContext,
  send: () => Promise<void> = () => ex.callEndpoint({ inline: ep }, ctx),
): Promise<void> {
  let key: string;
  // (the token's cache key resolves the credentials too: OAuthHandler.setAuthHeader, inside send's AuthException catch)
  try {
    key = cacheKey(cfg, ctx, expandUriTemplate(ep.uri ?? '', ctx));
  } catch (e) {
    throw authFailure(ep, e);
  }
  await authorize(cfg, ep, ctx, key);
  if (ctx.payload.streaming) await ctx.payload.build();
  const request = snapshot(ctx);
  await send();
  if (ctx.stopped || Number(ctx.axis2.get('HTTP_SC')) !== 401) return;
  cfg.tokens.delete(key);
  // the 401's body is not read: let it go
  if (ctx.payload.streaming) ctx.payload.takeStream()?.resume();
  reinstate(ctx, request);
  await authorize(cfg, ep, ctx, key);
  await send();
}
