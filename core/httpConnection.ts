/**
 * What Micro Integrator refuses when it deploys an HTTP connector connection (`<localEntry><http.init>`): the local
 * entry's deployer builds an endpoint from the init's fields (LocalEntryDeployer.deployEndpointsForHTTPConnection ->
 * HTTPConnectionUtils.generateHTTPEndpointOMElement -> EndpointFactory) and the entry fails when that endpoint does:
 *
 * - `timeoutDuration` that is not a whole number (Long.parseLong after trim), or a `{…}` one that does not compile
 *   (EndpointDefinitionFactory's dynamic timeout): "Endpoint timeout duration expected as a number but was not a
 *   number" / "Couldn't assign dynamic endpoint timeout as Synapse expression";
 * - `timeoutAction` other than Never, Discard or Fault (ignoring case): "Invalid timeout action, action : X is not
 *   supported" (its own code, RT_BAD_TIMEOUT_ACTION);
 * - `authType` Basic Auth without a username or a password, or OAuth (with a grant type the connector knows) without
 *   tokenUrl, clientId and clientSecret (and username and password for the password grant, refreshToken for the
 *   authorization code grant): AuthUtils.getAuthHandler's "Authentication configuration is invalid". Values are
 *   trimmed, an empty one is missing (OAuthUtils.getChildValue). A `{…}` authentication value is not compiled there:
 *   BasicAuthHandler and the OAuth handlers keep the text and evaluate it when a message is sent
 *   (OAuthUtils.resolveExpression), so a bad one fails the call (303003), not the deployment.
 *
 * Read by the validator (`synapse validate`, the editor) and by the runtime's loader, with the same codes.
 */
import type { XmlElement } from './xml/types';
import { firstChild, textContent } from './xml/query';
import { parseJavaLong } from './javaNumbers';

export interface ConnectionRefusal {
  code: 'RT_BAD_CONNECTION' | 'RT_BAD_TIMEOUT_ACTION';
  reason: string;
  /** The init's child the reason is about. */
  at: XmlElement;
}

/** AuthUtils.getAuthHandler's AuthException: authentication without its values. */
export const AUTH_CONFIG_INVALID = 'Authentication configuration is invalid';

/** The grant types HTTPConnectionUtils.populateAuthenticationElement writes an `<oauth>` for (ignoring case). */
export const HTTP_OAUTH_GRANTS: Readonly<
  Record<string, 'client_credentials' | 'password' | 'refresh_token'>
> = {
  'client credentials': 'client_credentials',
  password: 'password',
  'authorization code': 'refresh_token',
};

/** A field's text as HTTPConnectionUtils reads it (getText: its own text and CDATA, untrimmed), or undefined. */
function connectionField(init: XmlElement, name: string): string | undefined {
  const p = firstChild(init, name);
  return p && textContent(p);
}

/**
 * Why MI refuses to deploy this `<http.init>`, or undefined. `compiles` says whether the text of a `{…}` timeout
 * (the braces taken off) compiles as an expression.
 */
export function httpConnectionRefusal(
  init: XmlElement,
  compiles: (expression: string) => boolean,
): ConnectionRefusal | undefined {
  const at = (name: string) => firstChild(init, name) ?? init;
  const filled = (name: string) => (connectionField(init, name) ?? '').trim() !== '';
  const duration = connectionField(init, 'timeoutDuration');
  if (duration !== undefined && duration !== '') {
    if (/^\{.*\}$/s.test(duration)) {
      if (!compiles(duration.trim().slice(1, -1)))
        return {
          code: 'RT_BAD_CONNECTION',
          reason: "Couldn't assign dynamic endpoint timeout as Synapse expression",
          at: at('timeoutDuration'),
        };
    } else if (parseJavaLong(duration.trim()) === undefined)
      return {
        code: 'RT_BAD_CONNECTION',
        reason: 'Endpoint timeout duration expected as a number but was not a number',
        at: at('timeoutDuration'),
      };
  }
  const action = connectionField(init, 'timeoutAction');
  if (action !== undefined && action !== '') {
    const a = action.trim().toLowerCase();
    if (a !== 'never' && a !== 'discard' && a !== 'fault')
      return {
        code: 'RT_BAD_TIMEOUT_ACTION',
        reason: `Invalid timeout action, action : ${action} is not supported`,
        at: at('timeoutAction'),
      };
  }
  const authType = (connectionField(init, 'authType') ?? '').toLowerCase();
  const invalid = {
    code: 'RT_BAD_CONNECTION',
    reason: AUTH_CONFIG_INVALID,
    at: at('authType'),
  } as const;
  if (authType === 'basic auth') {
    if (!filled('username') || !filled('password')) return invalid;
  } else if (authType === 'oauth') {
    const grant = HTTP_OAUTH_GRANTS[(connectionField(init, 'oauthGrantType') ?? '').toLowerCase()];
    if (
      grant &&
      (!filled('tokenUrl') ||
        !filled('clientId') ||
        !filled('clientSecret') ||
        (grant === 'password' && (!filled('username') || !filled('password'))) ||
        (grant === 'refresh_token' && !filled('refreshToken')))
    )
      return invalid;
  }
  return undefined;
}
