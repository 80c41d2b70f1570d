/**
 * An Email connector connection (`<email.init>`), read and checked as the connector does it:
 * EmailConfig.getConnectionConfigFromContext hands each parameter to a ConnectionConfiguration setter, in this
 * order, and the first one that refuses its value throws an InvalidConfigurationException (EMAIL:INVALID_CONFIGURATION):
 * host (required), port (required, digits only: StringUtils.isNumeric), name (required, not all digits),
 * requireAuthentication (default true), enableOAuth2, password (required when authenticating without OAuth2),
 * connectionType (required; an unknown name is EmailProtocol.valueOf's IllegalArgumentException, which no catch
 * block names), readTimeout / writeTimeout / connectionTimeout (digits when given), requireTLS, username (required
 * when authenticating), checkServerIdentity, trustedHosts / sslProtocols / cipherSuites (not empty when given). The
 * pool settings (maxActiveConnections, maxIdleConnections, maxWaitTime, minEvictionTime, evictionCheckInterval,
 * exhaustedAction) are parsed by ConnectorUtils.getPoolConfiguration (Integer/Long.parseLong: a NumberFormatException
 * when not a number) and otherwise not used here: each operation opens its own session.
 *
 * What the settings mean on the wire (EmailConnection.setSecureProperties): SMTP, IMAP and POP3 never use TLS (no
 * STARTTLS either: JavaMail's starttls.enable is off). SMTPS, IMAPS and POP3S connect over TLS at once
 * (ssl.enable), or, with requireTLS, connect in clear and upgrade with STARTTLS when the server offers it
 * (starttls.enable without starttls.required). The certificate is checked against the trusted roots; `trustedHosts`
 * (ssl.trust: `*` or a list of host names) trusts any certificate of a listed host; the host name is checked only
 * with checkServerIdentity (JavaMail 1.6's default is not to).
 */
import { EmailFailure, EmailUncaught } from './errors';

export const EMAIL_PROTOCOLS = ['SMTP', 'SMTPS', 'IMAP', 'IMAPS', 'POP3', 'POP3S'] as const;
export type EmailProtocol = (typeof EMAIL_PROTOCOLS)[number];

export interface OAuthSettings {
  grantType: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenUrl: string;
  scope: string;
}

export interface EmailConnection {
  name: string;
  protocol: EmailProtocol;
  /** smtp, imap or pop3 (EmailProtocol.getName). */
  family: 'smtp' | 'imap' | 'pop3';
  /** SMTPS, IMAPS, POP3S. */
  secure: boolean;
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  requireAuthentication: boolean;
  requireTLS: boolean;
  checkServerIdentity: boolean;
  /** ssl.trust: the hosts whose certificate is trusted whatever it is (`*`: all). */
  trustedHosts: string[] | undefined;
  sslProtocols: string[] | undefined;
  cipherSuites: string[] | undefined;
  readTimeoutMs: number | undefined;
  writeTimeoutMs: number | undefined;
  connectionTimeoutMs: number | undefined;
  oauth: OAuthSettings | undefined;
  /** XOAUTH2: the access token to log in with (set per operation when oauth is on). */
  accessToken?: () => Promise<string>;
}

type Params = (name: string) => string | undefined;

/** commons-lang3 StringUtils.isNumeric: not empty, and only digits. */
function isNumeric(s: string): boolean {
  return /^\p{Nd}+$/u.test(s);
}

function config(message: string): EmailFailure {
  return new EmailFailure('config', message);
}

/** Java's Integer.parseInt / Long.parseLong over a pool setting. */
function poolNumber(v: string | undefined): void {
  if (v === undefined || v === '') return;
  if (!/^[+-]?\d+$/.test(v)) throw new EmailUncaught(`For input string: "${v}"`);
}

/** A comma separated setting as JavaMail gets it (commas become spaces; split on white space). */
function list(v: string | undefined, what: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (v === '') throw config(`Parameter '${what}' cannot be empty.`);
  return v
    .replace(/,/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
}

function timeout(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!isNumeric(v)) throw config(`Parameter '${what}' must be a numeric value.`);
  const n = Number(v);
  // JavaMail: 0 or less is an infinite timeout
  return n > 0 ? n : undefined;
}

/**
 * Reads a connection from the `<email.init>` parameters (already evaluated for the message). Throws an EmailFailure
 * ('config') where a ConnectionConfiguration setter does, an EmailUncaught where Java throws a runtime exception.
 */
export function emailConnectionOf(p: Params): EmailConnection {
  const host = p('host');
  if (!host) throw config("Mandatory parameter 'host' is not set.");
  const port = p('port');
  if (!port) throw config("Mandatory parameter 'port' is not set.");
  if (!isNumeric(port)) throw config("Parameter 'port' must be a numeric value.");
  const name = p('name');
  if (!name || isNumeric(name)) throw config("Mandatory parameter 'connectionName' is not set.");
  const ra = p('requireAuthentication');
  const requireAuthentication = ra === undefined || ra === '' ? true : ra.toLowerCase() === 'true';
  const oauth2 = (p('enableOAuth2') ?? '').toLowerCase() === 'true';
  let oauth: OAuthSettings | undefined;
  if (oauth2)
    oauth = {
      grantType: p('grantType') ?? '',
      clientId: p('clientId') ?? '',
      clientSecret: p('clientSecret') ?? '',
      refreshToken: p('refreshToken') ?? '',
      tokenUrl: p('tokenUrl') ?? '',
      scope: p('scope') ?? '',
    };
  const password = p('password');
  if (!password && requireAuthentication && !oauth2)
    throw config("Server requires authentication, mandatory parameter 'password' is not set.");
  const type = p('connectionType');
  if (!type) throw config("Mandatory parameter 'protocol' is not set.");
  if (!(EMAIL_PROTOCOLS as readonly string[]).includes(type))
    throw new EmailUncaught(`No enum constant org.wso2.carbon.connector.connection.EmailProtocol.${type}`);
  const protocol = type as EmailProtocol;
  const readTimeoutMs = timeout(p('readTimeout'), 'read timeout');
  const writeTimeoutMs = timeout(p('writeTimeout'), 'write timeout');
  const connectionTimeoutMs = timeout(p('connectionTimeout'), 'connection timeout');
  const requireTLS = (p('requireTLS') ?? '').toLowerCase() === 'true';
  const username = p('username');
  if (!username && requireAuthentication)
    throw config("Server requires authentication, mandatory parameter 'username' is not set.");
  const checkServerIdentity = (p('checkServerIdentity') ?? '').toLowerCase() === 'true';
  const trustedHosts = list(p('trustedHosts'), 'trusted hosts');
  const sslProtocols = list(p('sslProtocols'), 'ssl protocols');
  const cipherSuites = list(p('cipherSuites'), 'cipher suites');
  // ConnectorUtils.getPoolConfiguration: parsed, then unused by the embedded runtime
  for (const n of ['maxActiveConnections', 'maxIdleConnections', 'maxWaitTime', 'minEvictionTime', 'evictionCheckInterval'])
    poolNumber(p(n));
  return {
    name,
    protocol,
    family: protocol.startsWith('SMTP') ? 'smtp' : protocol.startsWith('IMAP') ? 'imap' : 'pop3',
    secure: protocol.endsWith('S'),
    host,
    port: Number(port),
    username: username || undefined,
    password: password || undefined,
    requireAuthentication,
    requireTLS,
    checkServerIdentity,
    trustedHosts,
    sslProtocols,
    cipherSuites,
    readTimeoutMs,
    writeTimeoutMs,
    connectionTimeoutMs,
    oauth,
  };
}

/** The TLS options of a connection's sockets (node:tls ConnectionOptions). */
export interface TlsSettings {
  servername?: string;
  rejectUnauthorized: boolean;
  checkServerIdentity?: () => undefined;
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  ciphers?: string;
}

const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/**
 * JavaMail's TLS settings in node:tls terms: ssl.trust (a listed host, or `*`) accepts any certificate;
 * checkserveridentity off skips the host name check; ssl.protocols bounds the versions (the names Java and OpenSSL
 * share); ssl.ciphersuites is applied for the TLS 1.3 suites, whose names both use (others are Java names OpenSSL
 * does not know, and are left to the defaults).
 */
export function tlsSettings(c: EmailConnection): TlsSettings {
  const trusted = c.trustedHosts !== undefined && (c.trustedHosts.includes('*') || c.trustedHosts.includes(c.host));
  const out: TlsSettings = { rejectUnauthorized: !trusted };
  if (!/^[\d.]+$/.test(c.host) && !c.host.includes(':')) out.servername = c.host;
  if (!c.checkServerIdentity) out.checkServerIdentity = () => undefined;
  if (c.sslProtocols) {
    const known = c.sslProtocols
      .map((s) => TLS_VERSIONS.indexOf(s as (typeof TLS_VERSIONS)[number]))
      .filter((i) => i >= 0);
    if (known.length > 0) {
      out.minVersion = TLS_VERSIONS[Math.min(...known)];
      out.maxVersion = TLS_VERSIONS[Math.max(...known)];
    }
  }
  if (c.cipherSuites) {
    const tls13 = c.cipherSuites.filter((s) => /^TLS_(AES|CHACHA20)_/.test(s));
    if (tls13.length > 0) out.ciphers = tls13.join(':');
  }
  return out;
}
