/**
 * Admin credentials and bearer tokens of the management API. Tokens are JWTs as MI's LoginResource makes them
 * (RS256, a random key id, claims sub, iss, exp and scope "admin"), kept in memory (at most 200, oldest evicted),
 * valid for `expirySeconds` after their last use, as MI's token store behaves; only the store decides validity.
 * Credentials come from SYNAPSE_ADMIN_USER / SYNAPSE_ADMIN_PASSWORD or a JSON config file; there is no default.
 */
import {
  createHash,
  createSign,
  generateKeyPairSync,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface AdminCredentials {
  user: string;
  password: string;
}

/** Config file: `{"adminUser": "...", "adminPassword": "..."}` (JSON). */
export function loadCredentials(env: NodeJS.ProcessEnv, configFile?: string): AdminCredentials {
  let user = env.SYNAPSE_ADMIN_USER;
  let password = env.SYNAPSE_ADMIN_PASSWORD;
  if (configFile) {
    let cfg: Record<string, unknown>;
    try {
      cfg = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (e) {
      throw new Error(
        `${configFile}: cannot read the config file as JSON: ${(e as Error).message} [SERVE_BAD_CONFIG]`,
      );
    }
    if (typeof cfg.adminUser === 'string') user = cfg.adminUser;
    if (typeof cfg.adminPassword === 'string') password = cfg.adminPassword;
  }
  if (!user || !password) {
    throw new Error(
      'no admin credentials: set SYNAPSE_ADMIN_USER and SYNAPSE_ADMIN_PASSWORD, or give --config FILE with {"adminUser": "...", "adminPassword": "..."} [SERVE_NO_CREDENTIALS]',
    );
  }
  return { user, password };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function checkBasic(header: string | undefined, creds: AdminCredentials): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  const user = decoded.slice(0, i);
  const pass = decoded.slice(i + 1);
  const ok =
    timingSafeEqual(digest(user), digest(creds.user)) &&
    timingSafeEqual(digest(pass), digest(creds.password));
  return ok ? user : undefined;
}

export class TokenStore {
  private readonly tokens = new Map<string, { user: string; lastUse: number }>();
  constructor(
    private readonly expirySeconds = 3600,
    private readonly max = 200,
    private readonly now: () => number = Date.now,
  ) {}

  private key: KeyObject | undefined;

  /** A JWT as JWTTokenGenerator signs it: {"kid","alg":"RS256"} over {"sub","iss","exp","scope"}. */
  private jwt(user: string, issuer: string): string {
    this.key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${part({ kid: randomUUID(), alg: 'RS256' })}.${part({
      sub: user,
      scope: 'admin',
      iss: issuer,
      exp: Math.floor(this.now() / 1000) + this.expirySeconds,
    })}`;
    return `${body}.${createSign('RSA-SHA256').update(body).sign(this.key).toString('base64url')}`;
  }

  issue(user: string, issuer = ''): string {
    const token = this.jwt(user, issuer);
    if (this.tokens.size >= this.max) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.set(token, { user, lastUse: this.now() });
    return token;
  }

  /** The user of a valid bearer header (refreshing its expiry), else undefined. */
  check(header: string | undefined): string | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return undefined;
    const t = this.tokens.get(m[1]);
    if (!t) return undefined;
    if (this.now() - t.lastUse > this.expirySeconds * 1000) {
      this.tokens.delete(m[1]);
      return undefined;
    }
    t.lastUse = this.now();
    // keep insertion order = last use, so eviction drops the least recently used
    this.tokens.delete(m[1]);
    this.tokens.set(m[1], t);
    return t.user;
  }

  /** Forgets every token (a restart: MI keeps its tokens in memory). */
  clear(): void {
    this.tokens.clear();
  }

  revoke(header: string | undefined): boolean {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return !!m && this.tokens.delete(m[1]);
  }
}
