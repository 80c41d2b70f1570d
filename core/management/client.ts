/**
 * Client of the Micro Integrator management API (and of `synapse serve`, which speaks the same API). No vscode
 * import: the CLI and the extension both use it. Logs in with basic credentials for a bearer token and logs in again
 * once when a call gets 401 (expired token); uploads CARs as multipart with progress and cancellation; pins
 * self-signed certificates by SHA-256 fingerprint (tls.ts). Every failure is a ManagementError with a stable code.
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import { ManagementError } from './errors';
import { PinnedAgent, type TrustOptions } from './tls';
import {
  SINGLE_PARAM,
  type ApplicationsResponse,
  type ApplicationInfo,
  type ArtifactKind,
  type ListResponse,
  type LoggerInfo,
  type LogFileInfo,
  type TaskAction,
} from './types';

export interface ManagementClientOptions extends TrustOptions {
  /** Base URL, e.g. `https://127.0.0.1:9164` (a trailing `/management` is accepted). */
  url: string;
  user: string;
  password: string;
  /** Per-request timeout in ms (no bytes for this long). Default 30 s; uploads use `uploadTimeoutMs`. */
  timeoutMs?: number;
  uploadTimeoutMs?: number;
}

export interface UploadProgress {
  sent: number;
  total: number;
}

interface Req {
  method: string;
  path: string; // after /management
  query?: Record<string, string | undefined>;
  json?: unknown;
  body?: Buffer[];
  contentType?: string;
  accept?: string;
  auth?: 'basic' | 'bearer' | 'none';
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
  timeoutMs?: number;
}

interface Res {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class ManagementClient {
  readonly base: URL;
  private token: string | undefined;
  private readonly agent: PinnedAgent | HttpAgent;
  private readonly server: string;

  constructor(private readonly opts: ManagementClientOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new ManagementError('BAD_REQUEST', `not a URL: '${opts.url}'`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw new ManagementError('BAD_REQUEST', `unsupported scheme '${u.protocol}' in ${opts.url}`);
    u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/management$/, '');
    this.base = u;
    this.server = u.host;
    this.agent =
      u.protocol === 'https:'
        ? new PinnedAgent({ fingerprint: opts.fingerprint, ca: opts.ca })
        : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  }

  /** Closes pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  // ---- authentication ----

  async login(signal?: AbortSignal): Promise<string> {
    const res = await this.send({ method: 'GET', path: '/login', auth: 'basic', signal });
    const body = this.json<{ AccessToken?: string }>(res);
    if (!body.AccessToken)
      throw new ManagementError('BAD_RESPONSE', `${this.server}: login answered without an AccessToken`, {
        server: this.server,
      });
    this.token = body.AccessToken;
    return this.token;
  }

  async logout(): Promise<void> {
    if (!this.token) return;
    try {
      await this.send({ method: 'GET', path: '/logout', auth: 'bearer' });
    } finally {
      this.token = undefined;
    }
  }

  // ---- reading ----

  list<T = Record<string, unknown>>(
    kind: ArtifactKind,
    opts: { searchKey?: string; query?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<ListResponse<T>> {
    return this.call<ListResponse<T>>({
      method: 'GET',
      path: `/${kind}`,
      query: { searchKey: opts.searchKey, ...opts.query },
      signal: opts.signal,
    });
  }

  get<T = Record<string, unknown>>(kind: ArtifactKind, name: string, signal?: AbortSignal): Promise<T> {
    return this.call<T>({ method: 'GET', path: `/${kind}`, query: { [SINGLE_PARAM[kind]]: name }, signal });
  }

  applications(signal?: AbortSignal): Promise<ApplicationsResponse> {
    return this.call<ApplicationsResponse>({ method: 'GET', path: '/applications', signal });
  }

  application(name: string, signal?: AbortSignal): Promise<ApplicationInfo> {
    return this.call<ApplicationInfo>({
      method: 'GET',
      path: '/applications',
      query: { carbonAppName: name },
      signal,
    });
  }

  /**
   * The CAR file of a deployed application (`Accept: application/octet-stream`). MI reads the parameter as a file
   * name of its carbonapps folder, so an application name is first turned into `<name>_<version>.car`.
   */
  async downloadApplication(name: string, signal?: AbortSignal): Promise<Buffer> {
    let file = name;
    if (!/\.car$/i.test(name)) {
      const app = await this.call<{ name: string; version: string }>({
        method: 'GET',
        path: '/applications',
        query: { carbonAppName: name },
        signal,
      });
      file = `${app.name}_${app.version}.car`;
    }
    const res = await this.authed({
      method: 'GET',
      path: '/applications',
      query: { carbonAppName: file },
      accept: 'application/octet-stream',
      signal,
    });
    return res.body;
  }

  serverInfo(signal?: AbortSignal): Promise<Record<string, unknown>> {
    return this.call({ method: 'GET', path: '/server', signal });
  }

  loggers(signal?: AbortSignal): Promise<ListResponse<LoggerInfo>> {
    return this.call({ method: 'GET', path: '/logging', signal });
  }

  setLogLevel(loggerName: string, loggingLevel: string, loggerClass?: string): Promise<{ message: string }> {
    return this.call({
      method: 'PATCH',
      path: '/logging',
      json: { loggerName, loggingLevel, ...(loggerClass ? { loggerClass } : {}) },
    });
  }

  logFiles(signal?: AbortSignal): Promise<ListResponse<LogFileInfo>> {
    return this.call({ method: 'GET', path: '/logs', signal });
  }

  async logFile(fileName: string, signal?: AbortSignal): Promise<string> {
    const res = await this.authed({
      method: 'GET',
      path: '/logs',
      query: { file: fileName },
      accept: 'application/octet-stream',
      signal,
    });
    return res.body.toString('utf8');
  }

  // ---- changing ----

  /** Uploads a CAR (multipart, one `file` part). Resolves with the server's message. */
  async upload(
    fileName: string,
    car: Buffer,
    opts: { signal?: AbortSignal; onProgress?: (p: UploadProgress) => void } = {},
  ): Promise<string> {
    const boundary = `----synapse${randomBytes(12).toString('hex')}`;
    const safeName = fileName.replace(/["\r\n\\]/g, '_');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const res = await this.call<{ Message?: string; message?: string }>({
      method: 'POST',
      path: '/applications',
      body: [head, car, tail],
      contentType: `multipart/form-data; boundary=${boundary}`,
      signal: opts.signal,
      onProgress: opts.onProgress,
      timeoutMs: this.opts.uploadTimeoutMs ?? 300_000,
    });
    return res.Message ?? res.message ?? '';
  }

  /** Undeploys a CAR by its file name without `.car` (e.g. `MyApp_1.0.0`). */
  async undeploy(appFileName: string): Promise<string> {
    const res = await this.call<{ Message?: string }>({
      method: 'DELETE',
      path: `/applications/${encodeURIComponent(appFileName.replace(/\.car$/i, ''))}`,
    });
    return res.Message ?? '';
  }

  /** Activates or deactivates a proxy service, endpoint, inbound endpoint or message processor. */
  async setActive(kind: ArtifactKind, name: string, active: boolean): Promise<string> {
    const res = await this.call<{ Message?: string; message?: string }>({
      method: 'POST',
      path: `/${kind}`,
      json: { name, status: active ? 'active' : 'inactive' },
    });
    return res.Message ?? res.message ?? '';
  }

  /**
   * Activates, deactivates or runs once now a scheduled task: `POST /tasks {"name","status"}` with `active`,
   * `inactive` or `trigger` (Micro Integrator 4.6 and later; older servers only list tasks).
   */
  async taskControl(name: string, action: TaskAction): Promise<string> {
    try {
      const res = await this.call<{ Message?: string; message?: string }>({
        method: 'POST',
        path: '/tasks',
        json: { name, status: action },
      });
      return res.Message ?? res.message ?? '';
    } catch (e) {
      const status = e instanceof ManagementError ? e.details.status : undefined;
      if (
        e instanceof ManagementError &&
        (status === 405 || status === 501 || (status === 404 && !/task/i.test(e.message)))
      )
        throw new ManagementError(
          e.code,
          `${e.message} (this server's management API cannot ${action === 'trigger' ? 'trigger' : 'switch'} tasks: Micro Integrator added POST /management/tasks in 4.6)`,
          e.details,
        );
      throw e;
    }
  }

  /** Runs a scheduled task once, now (`taskControl(name, 'trigger')`). */
  triggerTask(name: string): Promise<string> {
    return this.taskControl(name, 'trigger');
  }

  /** Switches tracing (for templates pass `templateType`). */
  async setTracing(
    kind: ArtifactKind,
    name: string,
    on: boolean,
    templateType?: 'sequence' | 'endpoint',
  ): Promise<string> {
    const json: Record<string, string> = { name, trace: on ? 'enable' : 'disable' };
    if (templateType) json.type = templateType;
    const res = await this.call<{ Message?: string; message?: string }>({
      method: 'POST',
      path: `/${kind}`,
      json,
    });
    return res.Message ?? res.message ?? '';
  }

  // ---- plumbing ----

  private async call<T>(r: Req): Promise<T> {
    return this.json<T>(await this.authed(r));
  }

  /** Sends with the bearer token; logs in first if needed, and once more on 401 (token expired or revoked). */
  private async authed(r: Req): Promise<Res> {
    if (!this.token) await this.login(r.signal);
    let res = await this.send({ ...r, auth: 'bearer' }, true);
    if (res.status === 401) {
      await this.login(r.signal);
      res = await this.send({ ...r, auth: 'bearer' });
    }
    return res;
  }

  private json<T>(res: Res): T {
    try {
      return JSON.parse(res.body.toString('utf8')) as T;
    } catch {
      throw new ManagementError(
        'BAD_RESPONSE',
        `${this.server}: the answer is not JSON (HTTP ${res.status})`,
        { server: this.server, status: res.status },
      );
    }
  }

  private fail(
    res: Res,
    method: string,
    path: string,
    query: Record<string, string | undefined> = {},
  ): ManagementError {
    let msg = '';
    try {
      const b = JSON.parse(res.body.toString('utf8'));
      msg = b.Error ?? b.error ?? b.Message ?? b.message ?? '';
    } catch {
      msg = res.body.toString('utf8').slice(0, 300);
    }
    // MI answers an unknown item of most kinds with a bare 404: the query names what was asked for
    const q = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    const where = `${this.server} ${method} /management${path}${q ? `?${q}` : ''}`;
    const details = { server: this.server, status: res.status };
    if (res.status === 401)
      return new ManagementError(
        'AUTH_FAILED',
        `${this.server}: wrong user name or password (HTTP 401)${msg ? `: ${msg}` : ''}`,
        details,
      );
    if (res.status === 403)
      return new ManagementError(
        'FORBIDDEN',
        `${where}: forbidden (HTTP 403)${msg ? `: ${msg}` : ''}`,
        details,
      );
    if (res.status === 404)
      return new ManagementError(
        'NOT_FOUND',
        `${where}: not found (HTTP 404)${msg ? `: ${msg}` : ''}`,
        details,
      );
    return new ManagementError(
      'SERVER_REJECTED',
      `${where}: HTTP ${res.status}${msg ? `: ${msg}` : ''}`,
      details,
    );
  }

  /** One HTTP exchange. Non-2xx answers throw, except 401 when `allow401` (so that `authed` can log in again). */
  private send(r: Req, allow401 = false): Promise<Res> {
    const url = new URL(this.base.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/management${r.path}`;
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: r.accept ?? 'application/json' };
    if (r.auth === 'basic')
      headers.Authorization = `Basic ${Buffer.from(`${this.opts.user}:${this.opts.password}`).toString('base64')}`;
    else if (r.auth === 'bearer' && this.token) headers.Authorization = `Bearer ${this.token}`;
    let body: Buffer[] | undefined = r.body;
    if (r.json !== undefined) {
      body = [Buffer.from(JSON.stringify(r.json))];
      headers['Content-Type'] = 'application/json';
    } else if (r.contentType) headers['Content-Type'] = r.contentType;
    const total = body ? body.reduce((n, b) => n + b.length, 0) : 0;
    if (body) headers['Content-Length'] = String(total);
    const timeoutMs = r.timeoutMs ?? this.opts.timeoutMs ?? 30_000;
    const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;

    return new Promise<Res>((resolve, reject) => {
      if (r.signal?.aborted)
        return reject(new ManagementError('ABORTED', `${this.server}: cancelled`, { server: this.server }));
      let finished = false;
      const finish = (err: Error | undefined, res?: Res) => {
        if (finished) return;
        finished = true;
        r.signal?.removeEventListener('abort', onAbort);
        if (err) reject(this.translate(err));
        else resolve(res!);
      };
      const req = requestFn(url, { method: r.method, headers, agent: this.agent as never });
      const onAbort = () => {
        req.destroy();
        finish(new ManagementError('ABORTED', `${this.server}: cancelled`, { server: this.server }));
      };
      r.signal?.addEventListener('abort', onAbort, { once: true });
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        finish(
          new ManagementError(
            'TIMEOUT',
            `${this.server}: no answer within ${Math.round(timeoutMs / 1000)} s`,
            { server: this.server },
          ),
        );
      });
      req.on('error', (e) => finish(e));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let n = 0;
        res.on('data', (c: Buffer) => {
          n += c.length;
          if (n > MAX_RESPONSE_BYTES) {
            req.destroy();
            finish(
              new ManagementError(
                'BAD_RESPONSE',
                `${this.server}: answer larger than ${MAX_RESPONSE_BYTES} bytes`,
                { server: this.server },
              ),
            );
          } else chunks.push(c);
        });
        res.on('aborted', () => finish(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
        res.on('error', (e) => finish(e));
        res.on('end', () => {
          const out: Res = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
          if (out.status >= 200 && out.status < 300) finish(undefined, out);
          else if (out.status === 401 && allow401) finish(undefined, out);
          else finish(this.fail(out, r.method, r.path, r.query));
        });
      });
      if (!body) {
        req.end();
        return;
      }
      // write in chunks so that progress reflects what the socket took
      let sent = 0;
      const parts = body.flatMap((b) => {
        const out: Buffer[] = [];
        for (let i = 0; i < b.length; i += 256 * 1024) out.push(b.subarray(i, i + 256 * 1024));
        return out;
      });
      let i = 0;
      const pump = () => {
        while (i < parts.length && !finished) {
          const part = parts[i++];
          const ok = req.write(part, () => {
            sent += part.length;
            r.onProgress?.({ sent, total });
          });
          if (!ok) {
            req.once('drain', pump);
            return;
          }
        }
        if (i >= parts.length) req.end();
      };
      pump();
    });
  }

  private translate(e: Error): ManagementError {
    if (e instanceof ManagementError) return e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const s = this.server;
    if (
      ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL'].includes(
        code,
      )
    ) {
      return new ManagementError(
        'UNREACHABLE',
        `${s}: cannot connect (${code}). Is the server running and the URL right?`,
        { server: s, cause: e },
      );
    }
    if (code === 'ETIMEDOUT')
      return new ManagementError('TIMEOUT', `${s}: connection timed out`, { server: s, cause: e });
    if (
      ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code) ||
      /socket hang up/i.test(e.message)
    ) {
      return new ManagementError(
        'CONNECTION_DROPPED',
        `${s}: the connection was dropped before the answer was complete (${code || e.message})`,
        { server: s, cause: e },
      );
    }
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /certificate|ssl|tls/i.test(e.message)) {
      return new ManagementError('CERT_UNTRUSTED', `${s}: TLS failure: ${e.message}`, {
        server: s,
        cause: e,
      });
    }
    return new ManagementError('CONNECTION_DROPPED', `${s}: ${e.message}${code ? ` (${code})` : ''}`, {
      server: s,
      cause: e,
    });
  }
}
