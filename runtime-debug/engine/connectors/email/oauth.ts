/**
 * OAuth2 (XOAUTH2) email connections, as the connector gets its access token (connection/oauth/*): when
 * `enableOAuth2` is true and the connection authenticates, EmailConnection asks the token URL for a token
 * (OAuthUtils.generateAccessToken) and uses it as the password, with the XOAUTH2 mechanism.
 *
 * - grantType (lower-cased) `client_credentials` needs clientId, clientSecret, scope and tokenUrl;
 *   `authorization_code` needs clientId, clientSecret, refreshToken and tokenUrl (a refresh_token grant); anything
 *   else is "Grant type x is invalid."; a missing setting is "Invalid configurations provided for … grant type.";
 * - the request: a POST of `application/x-www-form-urlencoded` whose body is the parameters joined as written (not
 *   URL-encoded): `grant_type=client_credentials&client_id=…&client_secret=…&scope=…`, or
 *   `grant_type=refresh_token&client_id=…&client_secret=…&refresh_token=…`;
 * - the answer: 200 with a JSON object holding `access_token` and `expires_in` (seconds); another status is "Error
 *   occurred while accessing the Token URL. <status line>", a missing key "Missing key [k] in the response from the
 *   OAuth server". Every failure is an EmailConnectionException.
 *
 * The token is kept per connection name until it expires (TokenCache; EmailUtils.createConnection drops an expired
 * connection, so the next init asks for a new one).
 */
import type { Executor } from '../../executor';
import type { EmailConnection } from './connection';
import { failure } from './errors';
import { perRuntime } from '../perRuntime';

/** The longest the runtime waits on a token URL. */
export const TOKEN_TIMEOUT_MS = 30_000;

interface Token {
  accessToken: string;
  expiresAt: number;
}

/** The tokens by connection name, per runtime. */
const tokensOf = perRuntime<Token>();

const blank = (s: string): boolean => s.trim() === '';

function requestBody(conn: EmailConnection): string {
  const o = conn.oauth!;
  switch (o.grantType.toLowerCase()) {
    case 'client_credentials':
      if (blank(o.clientId) || blank(o.clientSecret) || blank(o.scope) || blank(o.tokenUrl))
        throw failure('connection', 'Invalid configurations provided for client credentials grant type.');
      return `grant_type=client_credentials&client_id=${o.clientId}&client_secret=${o.clientSecret}&scope=${o.scope}`;
    case 'authorization_code':
      if (blank(o.clientId) || blank(o.clientSecret) || blank(o.refreshToken) || blank(o.tokenUrl))
        throw failure('connection', 'Invalid configurations provided for authorization code grant type.');
      return `grant_type=refresh_token&client_id=${o.clientId}&client_secret=${o.clientSecret}&refresh_token=${o.refreshToken}`;
    default:
      throw failure('connection', `Grant type ${o.grantType.toLowerCase()} is invalid.`);
  }
}

async function fetchToken(conn: EmailConnection): Promise<Token> {
  const body = requestBody(conn);
  let res: Response;
  let text: string;
  try {
    res = await fetch(conn.oauth!.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (e) {
    throw failure('connection', `An error occurred while refreshing access token: ${(e as Error).message}`);
  }
  if (res.status !== 200)
    throw failure(
      'connection',
      `Error occurred while accessing the Token URL. HTTP/1.1 ${res.status} ${res.statusText}`,
    );
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
  } catch (e) {
    throw failure('connection', `The token URL's answer is not a JSON object: ${(e as Error).message}`);
  }
  if (!('access_token' in json))
    throw failure('connection', 'Missing key [access_token] in the response from the OAuth server');
  if (!('expires_in' in json))
    throw failure('connection', 'Missing key [expires_in] in the response from the OAuth server');
  const expiresIn = Number(json.expires_in);
  return {
    accessToken: String(json.access_token),
    expiresAt: Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 0) * 1000,
  };
}

/**
 * The access token of a connection for this runtime: the kept one while it is valid, else a new one. Throws an
 * EmailFailure ('connection') as the connector's EmailConnectionException.
 */
export async function accessToken(ex: Executor, conn: EmailConnection): Promise<string> {
  const tokens = tokensOf(ex);
  const kept = tokens.get(conn.name);
  if (kept && Date.now() < kept.expiresAt) return kept.accessToken;
  tokens.delete(conn.name);
  try {
    const t = await fetchToken(conn);
    tokens.set(conn.name, t);
    return t.accessToken;
  } catch (e) {
    throw failure(
      'connection',
      `An error occurred while generating access token for ${conn.username ?? 'null'}. ${(e as Error).message}`,
    );
  }
}
