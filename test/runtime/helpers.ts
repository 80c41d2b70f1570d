/** Test helpers: real backend HTTP servers and an in-process runtime on 127.0.0.1 with ephemeral ports. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Runtime, type LoadProblem, type LogRecord, type RuntimeOptions } from '../../runtime-debug/engine';
import { freePort } from '../support';

export interface Backend {
  url: string;
  port: number;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void | Promise<void>;

/** A backend that records requests; the default handler echoes method, path, content type and body as JSON. */
export async function startBackend(handler?: Handler): Promise<Backend> {
  const requests: Backend['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const r = Object.assign(req, { body });
      if (handler) void Promise.resolve(handler(r, res)).catch(() => res.destroy());
      else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            method: req.method,
            path: req.url,
            contentType: req.headers['content-type'] ?? null,
            body,
          }),
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface TestRuntime {
  rt: Runtime;
  base: string;
  logs: LogRecord[];
  close(): Promise<void>;
}

export const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/** Starts a runtime with the given artifact texts (file name -> XML). */
export async function startRuntime(
  files: Record<string, string>,
  opts: RuntimeOptions = {},
): Promise<TestRuntime> {
  const rt = new Runtime({ httpPort: 0, ...opts });
  const logs: LogRecord[] = [];
  rt.on('log', (r: LogRecord) => logs.push(r));
  const res = rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
  if (res.problems.length)
    throw new Error(
      `deploy problems: ${res.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`).join('; ')}`,
    );
  const { port } = await rt.start();
  return { rt, base: `http://127.0.0.1:${port}`, logs, close: () => rt.stop(1000) };
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then closed): a backend that refuses connections. */
export const closedPort = freePort;

/**
 * Writes a small MI project (path relative to the project folder -> text) to a temporary folder, loads it as
 * `synapse run` does and starts serving it; close() stops the runtime and removes the folder.
 */
export async function startProjectRuntime(
  files: Record<string, string>,
  prefix: string,
): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), `synapse-${prefix}-`));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const rt = new Runtime({ httpPort: 0 });
  const logs: LogRecord[] = [];
  rt.on('log', (r: LogRecord) => logs.push(r));
  const res = rt.loadProject(dir);
  if (res.problems.length) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`load problems: ${res.problems.map((p) => `${p.file}:${p.line} ${p.code}`).join('; ')}`);
  }
  const { port } = await rt.start();
  return {
    rt,
    base: `http://127.0.0.1:${port}`,
    logs,
    close: async () => {
      await rt.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One raw TCP exchange with a listener on 127.0.0.1: `parts` are written on one connection, `gap` ms apart (the first
 * once connected), and what comes back is collected (latin1) until the server closes the connection (`closed`), the
 * test's `done` says the answer is complete (the connection is then dropped, `linger` ms later: `closed` then says
 * whether the server ended it meanwhile), or `ms` pass.
 */
export function tcpExchange(
  port: number,
  parts: string | string[],
  opts: { ms?: number; gap?: number; done?: (text: string) => boolean; linger?: number } = {},
): Promise<{ text: string; closed: boolean }> {
  const list = typeof parts === 'string' ? [parts] : parts;
  const { ms = 1500, gap = 150, done, linger = 0 } = opts;
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    let dropped = false;
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ text, closed: false });
    }, ms);
    let ending = false;
    const drop = (): void => {
      dropped = true;
      s.destroy();
    };
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (!ending && done?.(text)) {
        ending = true;
        if (linger > 0) setTimeout(drop, linger);
        else drop();
      }
    });
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: !dropped });
    });
    let i = 0;
    const next = (): void => {
      if (s.destroyed) return;
      s.write(list[i++]);
      if (i < list.length) setTimeout(next, gap);
    };
    s.on('connect', next);
  });
}

/** A runtime serving a project folder a test wrote (serveFolder). */
export interface ServedFolder {
  rt: Runtime;
  port: number;
  /** The load warnings. */
  warnings: LoadProblem[];
  /** Stops the runtime and removes the folder. */
  close(): Promise<void>;
}

/**
 * Serves the project folder `dir` a test wrote (data services and their files, artifacts) with scheduled tasks off,
 * on a free port: the load must have no problems (nor warnings, with `noWarnings`), else the folder is removed and
 * the hook fails.
 */
export async function serveFolder(dir: string, opts: { noWarnings?: boolean } = {}): Promise<ServedFolder> {
  const rt = new Runtime({ httpPort: 0, runTasks: false });
  const close = async () => {
    await rt.stop(1000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const r = rt.loadProject(dir);
    if (opts.noWarnings) assert.deepEqual([r.problems, r.warnings], [[], []]);
    else assert.deepEqual(r.problems, []);
    const { port } = await rt.start();
    return { rt, port, warnings: r.warnings, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** An API with one resource around the given inSequence body. */
export function api(
  name: string,
  context: string,
  inSequence: string,
  resourceAttrs = 'methods="GET POST PUT DELETE"',
): string {
  return `<api ${NS} name="${name}" context="${context}"><resource ${resourceAttrs}><inSequence>${inSequence}</inSequence></resource></api>`;
}

export async function send(
  url: string,
  init: { method?: string; body?: string; type?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(url, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    body: init.body,
    headers,
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
}

/** What rawRequest answers: the status line, the headers (parsed and as sent), the body as bytes and as UTF-8. */
export interface RawAnswer {
  status: number;
  reason: string;
  text: string;
  body: Buffer;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
}

/**
 * A request with any method (fetch refuses TRACE) through node:http with exactly the headers given (fetch adds a
 * Content-Type to a body and inflates a compressed answer; arrays go as separate lines): the answer as it came, its
 * reason phrase included (fetch normalises it). Fails after 5 s without an answer.
 */
export function rawRequest(
  url: string,
  method = 'GET',
  opts: { headers?: OutgoingHttpHeaders; body?: string | Buffer; agent?: false } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: opts.headers, agent: opts.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? '',
          text: body.toString('utf8'),
          body,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
        });
      });
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end(opts.body);
  });
}
