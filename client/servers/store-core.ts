/**
 * Server profiles (no vscode import, so that it is tested with real `synapse serve` processes). A profile lives in the
 * `synapse.servers` setting: id, name, management URL, user and the pinned certificate fingerprint. The password
 * never goes there: it is kept by a SecretPort (VS Code's SecretStorage in the extension) under a key per server.
 */
import { randomBytes } from 'node:crypto';
import { ManagementClient, ManagementError, normalizeFingerprint } from '../../core/management';

export interface ServerProfile {
  /** Stable identifier (also the key of its password in the secret store). */
  id: string;
  name: string;
  /** Management API base URL, e.g. `https://127.0.0.1:9164`. */
  url: string;
  user: string;
  /** Pinned SHA-256 fingerprint (`AB:CD:…`) of a self-signed certificate the user chose to trust. */
  fingerprint?: string;
  /** A server started by "Start Local Server" in this window (never written to settings). */
  local?: boolean;
}

/** Where profiles are persisted (the `synapse.servers` setting in the extension). */
export interface SettingsPort {
  read(): unknown;
  write(list: ServerProfile[]): Promise<void>;
}

/** Where passwords are kept (SecretStorage in the extension). */
export interface SecretPort {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

const STORE_ERROR = Symbol.for('synapse.ServerStoreError');

export class ServerStoreError extends Error {
  /** `instanceof` across the extension's bundles (deploy loads as its own file with its own copy of this class). */
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[STORE_ERROR] === true;
  }

  constructor(
    readonly code: 'SERVER_BAD_PROFILE' | 'SERVER_UNKNOWN' | 'SERVER_NO_PASSWORD' | 'SERVER_DUPLICATE',
    message: string,
  ) {
    super(`${message} [${code}]`);
    this.name = 'ServerStoreError';
    Object.defineProperty(this, STORE_ERROR, { value: true });
  }
}

export function secretKey(id: string): string {
  return `synapse.server.${id}.password`;
}

export function newServerId(): string {
  return randomBytes(6).toString('hex');
}

/** Checks a management URL; returns it normalised (no trailing slash, no `/management`) or throws. */
export function normalizeServerUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new ServerStoreError('SERVER_BAD_PROFILE', `'${url}' is not a URL (e.g. https://localhost:9164)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new ServerStoreError('SERVER_BAD_PROFILE', `'${url}' must start with https:// or http://`);
  if (u.username || u.password)
    throw new ServerStoreError(
      'SERVER_BAD_PROFILE',
      'put the user name and password in their own fields, not in the URL',
    );
  const path = u.pathname.replace(/\/+$/, '').replace(/\/management$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

/** Reads profiles from an untrusted settings value; entries that do not fit are reported, not thrown. */
export function parseProfiles(raw: unknown): { profiles: ServerProfile[]; problems: string[] } {
  const profiles: ServerProfile[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { profiles, problems };
  if (!Array.isArray(raw))
    return { profiles, problems: ['synapse.servers must be an array of server profiles'] };
  const ids = new Set<string>();
  raw.forEach((e, i) => {
    const where = `synapse.servers[${i}]`;
    if (!e || typeof e !== 'object') return problems.push(`${where} is not an object`);
    const o = e as Record<string, unknown>;
    const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string).trim() : '');
    if (!s('url')) return problems.push(`${where} has no url`);
    let url: string;
    try {
      url = normalizeServerUrl(s('url'));
    } catch (err) {
      return problems.push(`${where}: ${(err as Error).message}`);
    }
    let id = s('id') || `${url}|${s('user')}`.replace(/[^A-Za-z0-9]+/g, '-');
    if (ids.has(id)) id = `${id}-${i}`;
    ids.add(id);
    const fp = s('fingerprint') ? normalizeFingerprint(s('fingerprint')) : undefined;
    if (s('fingerprint') && !fp) problems.push(`${where}: fingerprint is not a SHA-256 fingerprint; ignored`);
    if ('password' in o)
      problems.push(`${where}: a password in settings is ignored (it belongs in the secret store)`);
    profiles.push({
      id,
      name: s('name') || new URL(url).host,
      url,
      user: s('user') || 'admin',
      ...(fp ? { fingerprint: fp } : {}),
    });
  });
  return { profiles, problems };
}

/** What is written to settings: only the documented fields, never a password, never local servers. */
export function toSettings(list: ServerProfile[]): ServerProfile[] {
  return list
    .filter((p) => !p.local)
    .map((p) => ({
      id: p.id,
      name: p.name,
      url: p.url,
      user: p.user,
      ...(p.fingerprint ? { fingerprint: p.fingerprint } : {}),
    }));
}

export class ServerStore {
  /** Local servers of this window (in memory only). */
  private readonly transient = new Map<string, { profile: ServerProfile; password: string }>();

  constructor(
    private readonly settings: SettingsPort,
    private readonly secrets: SecretPort,
  ) {}

  list(): ServerProfile[] {
    return [
      ...parseProfiles(this.settings.read()).profiles,
      ...[...this.transient.values()].map((t) => t.profile),
    ];
  }

  problems(): string[] {
    return parseProfiles(this.settings.read()).problems;
  }

  get(id: string): ServerProfile {
    const p = this.list().find((x) => x.id === id);
    if (!p) throw new ServerStoreError('SERVER_UNKNOWN', `no server with id '${id}'`);
    return p;
  }

  async add(input: Omit<ServerProfile, 'id'> & { id?: string }, password: string): Promise<ServerProfile> {
    const url = normalizeServerUrl(input.url);
    const name = input.name.trim() || new URL(url).host;
    const saved = parseProfiles(this.settings.read()).profiles;
    if (this.list().some((p) => p.name === name))
      throw new ServerStoreError('SERVER_DUPLICATE', `a server named '${name}' already exists`);
    const fp = input.fingerprint ? normalizeFingerprint(input.fingerprint) : undefined;
    if (input.fingerprint && !fp)
      throw new ServerStoreError('SERVER_BAD_PROFILE', `'${input.fingerprint}' is not a SHA-256 fingerprint`);
    const profile: ServerProfile = {
      id: input.id ?? newServerId(),
      name,
      url,
      user: input.user.trim() || 'admin',
      ...(fp ? { fingerprint: fp } : {}),
    };
    if (input.local) {
      profile.local = true;
      this.transient.set(profile.id, { profile, password });
      return profile;
    }
    await this.secrets.store(secretKey(profile.id), password);
    await this.settings.write(toSettings([...saved, profile]));
    return profile;
  }

  /** Changes fields of a profile; a password given replaces the stored one. Changing the URL drops the pin. */
  async update(
    id: string,
    patch: Partial<Omit<ServerProfile, 'id' | 'local'>>,
    password?: string,
  ): Promise<ServerProfile> {
    const t = this.transient.get(id);
    if (t) {
      Object.assign(t.profile, patch);
      if (password !== undefined) t.password = password;
      return t.profile;
    }
    const saved = parseProfiles(this.settings.read()).profiles;
    const i = saved.findIndex((p) => p.id === id);
    if (i < 0) throw new ServerStoreError('SERVER_UNKNOWN', `no server with id '${id}'`);
    const next: ServerProfile = { ...saved[i] };
    if (patch.name !== undefined) next.name = patch.name.trim() || next.name;
    if (patch.user !== undefined) next.user = patch.user.trim() || next.user;
    if (patch.url !== undefined) {
      const url = normalizeServerUrl(patch.url);
      if (url !== next.url) delete next.fingerprint;
      next.url = url;
    }
    if ('fingerprint' in patch) {
      const fp = patch.fingerprint ? normalizeFingerprint(patch.fingerprint) : undefined;
      if (patch.fingerprint && !fp)
        throw new ServerStoreError(
          'SERVER_BAD_PROFILE',
          `'${patch.fingerprint}' is not a SHA-256 fingerprint`,
        );
      if (fp) next.fingerprint = fp;
      else delete next.fingerprint;
    }
    saved[i] = next;
    if (password !== undefined) await this.secrets.store(secretKey(id), password);
    await this.settings.write(toSettings(saved));
    return next;
  }

  /** Pins exactly this certificate for the server. */
  trust(id: string, fingerprint: string): Promise<ServerProfile> {
    return this.update(id, { fingerprint });
  }

  async remove(id: string): Promise<void> {
    if (this.transient.delete(id)) return;
    const saved = parseProfiles(this.settings.read()).profiles;
    await this.settings.write(toSettings(saved.filter((p) => p.id !== id)));
    await this.secrets.delete(secretKey(id));
  }

  async password(id: string): Promise<string | undefined> {
    const t = this.transient.get(id);
    if (t) return t.password;
    return this.secrets.get(secretKey(id));
  }

  /** A management client for the server, with its pinned certificate and its password from the secret store. */
  async client(id: string, opts: { timeoutMs?: number } = {}): Promise<ManagementClient> {
    const p = this.get(id);
    const password = await this.password(id);
    if (password === undefined)
      throw new ServerStoreError(
        'SERVER_NO_PASSWORD',
        `no password stored for '${p.name}': edit the server to enter it`,
      );
    return new ManagementClient({
      url: p.url,
      user: p.user,
      password,
      fingerprint: p.fingerprint,
      timeoutMs: opts.timeoutMs ?? 15_000,
    });
  }
}

/** Short, actionable text for a management error (the extension shows it; the CLI has its own). */
export function describeManagementError(
  e: unknown,
  serverName: string,
): { message: string; action?: 'editServer' | 'trustCertificate' | 'retry' } {
  if (e instanceof ServerStoreError)
    return {
      message: `${serverName}: ${e.message}`,
      action: e.code === 'SERVER_NO_PASSWORD' ? 'editServer' : undefined,
    };
  if (!(e instanceof ManagementError))
    return { message: `${serverName}: ${e instanceof Error ? e.message : String(e)}` };
  switch (e.code) {
    case 'AUTH_FAILED':
      return {
        message: `${serverName}: the server refused the user name or password. Edit the server to correct them. [AUTH_FAILED]`,
        action: 'editServer',
      };
    case 'FORBIDDEN':
      return {
        message: `${serverName}: this user may not do that (HTTP 403); use an admin user. [FORBIDDEN]`,
        action: 'editServer',
      };
    case 'CERT_CHANGED':
      return {
        message: `${serverName}: the server's certificate changed (now SHA-256 ${e.details.fingerprint ?? '?'}, trusted ${e.details.expected ?? '?'}). Nothing was sent. If the server was re-keyed on purpose, trust the new certificate. [CERT_CHANGED]`,
        action: 'trustCertificate',
      };
    case 'CERT_UNTRUSTED':
      return {
        message: `${serverName}: the server's certificate is not trusted${e.details.fingerprint ? ` (SHA-256 ${e.details.fingerprint})` : ''}. Nothing was sent. Trust it if it is the server you expect. [CERT_UNTRUSTED]`,
        action: 'trustCertificate',
      };
    case 'UNREACHABLE':
      return {
        message: `${serverName}: cannot connect to ${e.details.server ?? 'the server'}. Is it running, and is the URL right? [UNREACHABLE]`,
        action: 'retry',
      };
    case 'TIMEOUT':
      return { message: `${serverName}: no answer in time. [TIMEOUT]`, action: 'retry' };
    case 'ABORTED':
      return { message: `${serverName}: cancelled. [ABORTED]` };
    default:
      return {
        message: `${serverName}: ${e.message} [${e.code}]`,
        action: e.code === 'CONNECTION_DROPPED' ? 'retry' : undefined,
      };
  }
}
