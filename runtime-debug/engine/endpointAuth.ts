/**
 * `<authentication>` of an http endpoint, as Synapse reads it (HTTPEndpointFactory.createAuthHandler, AuthUtils,
 * OAuthUtils) and runs it (BasicAuthConfiguredHTTPEndpoint, OAuthConfiguredHTTPEndpoint):
 *
 * - `<basicAuth><username/><password/></basicAuth>`: each send puts `Authorization: Basic base64(user:password)` into
 *   the message's transport headers (BasicAuthHandler.setAuthHeader), each value `{expr}` evaluated per message;
 * - `<oauth>` with one of `<clientCredentials>`, `<passwordCredentials>`, `<authorizationCode>` (clientId, clientSecret,
 *   tokenUrl; username and password, or refreshToken; authMode; requestParameters; customHeaders; socketTimeout): the bearer token is
 *   fetched, cached and renewed after a 401 as the HTTP connector's OAuth does (connectors/http/oauth.ts, the same
 *   Synapse classes).
 *
 * Values are trimmed and an empty one is missing (OAuthUtils.getChildValue); `$SYSTEM:` placeholders are resolved when
 * the endpoint is deployed. A configuration AuthUtils refuses ("Authentication configuration is invalid": no grant,
 * two grants, a missing credential, a blank request parameter) refuses the endpoint.
 */
import type { XmlElement } from '../../core/xml/types';
import { attrValue, firstChild, textContent } from '../../core/xml/query';
import { authenticationRefusal } from '../../core/endpointAuth';
import { compileValue, type Expr } from './expressions';
import type { OAuthConfig } from './connectors/http/oauth';
import type { MessageContext } from './context';
import { MediationError } from './errors';

/**
 * An authentication value as BasicAuthHandler and the OAuth handlers keep it: the text, a `{…}` one evaluated when a
 * message is sent (OAuthUtils.resolveExpression compiles it then), so one that does not compile deploys and fails
 * each call with AuthException's "Error while building the expression : TEXT" (303003 for the call, see
 * BASIC_AUTH_FAILURE and oauth.ts authorize).
 */
export function authValue(text: string): Expr {
  try {
    return compileValue(text);
  } catch {
    const fail = (): never => {
      throw new Error(`Error while building the expression : ${text.slice(1, -1)}`);
    };
    return {
      text,
      kind: 'literal',
      payloadAware: false,
      value: fail,
      typed: fail,
      string: fail,
      bool: fail,
      nodes: fail,
    };
  }
}

/** BasicAuthConfiguredHTTPEndpoint.send: an AuthException while setting the header (informFailure, 303003). */
export const BASIC_AUTH_FAILURE = 'Error while setting basic auth header';

/** `Basic base64(user:password)` for this message (BasicAuthHandler.setAuthHeader), or a 303003 fault. */
export function basicAuthorization(basic: { username: Expr; password: Expr }, ctx: MessageContext): string {
  let pair: string;
  try {
    pair = `${basic.username.string(ctx)}:${basic.password.string(ctx)}`;
  } catch {
    throw new MediationError(303003, BASIC_AUTH_FAILURE); // SynapseConstants.ENDPOINT_AUTH_FAILURE
  }
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

export interface EndpointAuth {
  basic?: { username: Expr; password: Expr };
  oauth?: OAuthConfig;
}

const child = firstChild;

const GRANTS: [element: string, grant: OAuthConfig['grant']][] = [
  ['authorizationCode', 'refresh_token'],
  ['clientCredentials', 'client_credentials'],
  ['passwordCredentials', 'password'],
];

/**
 * The authentication of an `<http>` endpoint element: undefined without `<authentication>`, a string saying why MI
 * refuses it, or what each send adds. `resolve` replaces deploy-time placeholders ($SYSTEM:, ${configs.x}).
 */
export function endpointAuthOf(
  http: XmlElement,
  resolve: (text: string, el: XmlElement) => string,
): EndpointAuth | string | undefined {
  const auth = child(http, 'authentication');
  if (!auth) return undefined;
  const invalid = 'Authentication configuration is invalid';
  // OAuthUtils.getChildValue: trimmed, resolved, undefined when empty
  const value = (parent: XmlElement, name: string): string | undefined => {
    const c = child(parent, name);
    const t = c ? textContent(c).trim() : '';
    return t === '' ? undefined : resolve(t, c!);
  };
  // what AuthUtils refuses (the rules the validator reports too): the endpoint is not deployed
  if (authenticationRefusal(auth) !== undefined) return invalid;
  try {
    const oauth = child(auth, 'oauth');
    if (oauth) {
      const [name, grant] = GRANTS.find(([n]) => child(oauth, n))!;
      const g = child(oauth, name)!;
      const clientId = value(g, 'clientId')!;
      const clientSecret = value(g, 'clientSecret')!;
      const tokenUrl = value(g, 'tokenUrl')!;
      const username = value(g, 'username');
      const password = value(g, 'password');
      const refreshToken = value(g, 'refreshToken');
      // (a <proxyConfigs> is checked but not used for the token call here)
      const params: [string, Expr][] = [];
      const rp = child(g, 'requestParameters');
      for (const p of rp?.children ?? []) {
        if (p.kind !== 'element' || p.local !== 'parameter') continue;
        params.push([attrValue(p, 'name') ?? '', authValue(resolve(textContent(p).trim(), p))]);
      }
      // getCustomHeaders: each <header name="…">value</header>
      const headers: [string, Expr][] = [];
      const ch = child(g, 'customHeaders');
      for (const h of ch?.children ?? []) {
        if (h.kind !== 'element' || h.local !== 'header') continue;
        headers.push([attrValue(h, 'name') ?? '', authValue(resolve(textContent(h).trim(), h))]);
      }
      const authMode = value(g, 'authMode');
      const socket = value(g, 'socketTimeout');
      const socketTimeoutMs = socket !== undefined && /^\d+$/.test(socket) ? Number(socket) : undefined;
      return {
        oauth: {
          grant,
          tokenUrl: authValue(tokenUrl),
          clientId: authValue(clientId),
          clientSecret: authValue(clientSecret),
          authMode: authMode === undefined ? undefined : authValue(authMode),
          username: username === undefined ? undefined : authValue(username),
          password: password === undefined ? undefined : authValue(password),
          refreshToken: refreshToken === undefined ? undefined : authValue(refreshToken),
          params,
          tokens: new Map(),
          ...(socketTimeoutMs !== undefined && socketTimeoutMs > 0 ? { socketTimeoutMs } : {}),
          ...(headers.length ? { headers } : {}),
        },
      };
    }
    const basic = child(auth, 'basicAuth')!;
    const username = value(basic, 'username')!;
    const password = value(basic, 'password')!;
    return { basic: { username: authValue(username), password: authValue(password) } };
  } catch (e) {
    return `${invalid}: ${(e as Error).message}`;
  }
}
