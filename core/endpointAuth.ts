/**
 * Whether Micro Integrator refuses an http endpoint's `<authentication>` element, and why, as AuthUtils.getAuthHandler
 * reads it (HTTPEndpointFactory refuses the endpoint with "Authentication configuration is invalid"): `<oauth>` (first)
 * with exactly one kind of grant whose clientId, clientSecret and tokenUrl (and username and password, or
 * refreshToken) are not empty, whose `<proxyConfigs>` (when it has any child) names host, port and protocol, and whose
 * request parameters and custom headers each have a name and a value; else `<basicAuth>` with a username and a
 * password. Values are trimmed (OAuthUtils.getChildValue). Read by the validator and by the runtime's loader.
 */
import type { XmlElement } from './xml/types';
import { attrValue, childrenNamed, firstChild, textContent } from './xml/query';

/** The grant elements of `<oauth>`, in the order OAuthUtils.getSpecificOAuthHandler looks for them. */
export const OAUTH_GRANT_ELEMENTS = [
  'authorizationCode',
  'clientCredentials',
  'passwordCredentials',
] as const;

/** Why MI refuses this `<authentication>` element (a short reason), or undefined when it takes it. */
export function authenticationRefusal(auth: XmlElement): string | undefined {
  const filled = (e: XmlElement, name: string) => {
    const c = firstChild(e, name);
    return c !== undefined && textContent(c).trim() !== '';
  };
  const oauth = firstChild(auth, 'oauth');
  if (oauth) {
    // getSpecificOAuthHandler takes the first element of each grant kind: two kinds are refused, a repeated one is
    // not (its first element is the grant)
    const grants = OAUTH_GRANT_ELEMENTS.map((kind) => firstChild(oauth, kind)).filter(
      (g): g is XmlElement => g !== undefined,
    );
    if (grants.length !== 1) return 'an <oauth> takes exactly one kind of grant';
    const g = grants[0]!;
    const need = ['clientId', 'clientSecret', 'tokenUrl'];
    if (g.local === 'passwordCredentials') need.push('username', 'password');
    if (g.local === 'authorizationCode') need.push('refreshToken');
    const missing = need.filter((n) => !filled(g, n));
    if (missing.length) return `<${g.local}> needs ${missing.map((m) => `<${m}>`).join(', ')}`;
    // getProxyConfigs: a <proxyConfigs> with any child needs its host, port and protocol
    const pc = firstChild(g, 'proxyConfigs');
    const pcMissing = pc?.children.some((c) => c.kind === 'element')
      ? ['proxyHost', 'proxyPort', 'proxyProtocol'].filter((n) => !filled(pc, n))
      : [];
    if (pcMissing.length) return `<proxyConfigs> needs ${pcMissing.map((m) => `<${m}>`).join(', ')}`;
    // getRequestParameters / getCustomHeaders: a blank name or value refuses the configuration
    const rp = firstChild(g, 'requestParameters');
    for (const p of rp ? childrenNamed(rp, 'parameter') : [])
      if ((attrValue(p, 'name') ?? '').trim() === '' || textContent(p).trim() === '')
        return 'each request parameter needs a name and a value';
    const ch = firstChild(g, 'customHeaders');
    for (const h of ch ? childrenNamed(ch, 'header') : [])
      if ((attrValue(h, 'name') ?? '').trim() === '' || textContent(h).trim() === '')
        return 'each custom header needs a name and a value';
    return undefined;
  }
  const basic = firstChild(auth, 'basicAuth');
  if (!basic) return 'it has neither <oauth> nor <basicAuth>';
  if (!filled(basic, 'username') || !filled(basic, 'password'))
    return '<basicAuth> needs a <username> and a <password>';
  return undefined;
}
