/** Helpers of the DAP tests: the adapter process (dist/debugAdapter.js), fixture projects, real HTTP backends. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
export { freePort } from '../support';

export const ROOT = resolve(__dirname, '../..');
export const ADAPTER = join(ROOT, 'dist/debugAdapter.js');
export const SHOP = join(ROOT, 'test/fixtures/dap/shop project');
export const ARTIFACTS = join(SHOP, 'src/main/wso2mi/artifacts');
export const API_FILE = join(ARTIFACTS, 'apis/ShopAPI.xml');
export const SEQ_FILE = join(ARTIFACTS, 'sequences/EnrichSeq.xml');
export const TEMPLATE_FILE = join(ARTIFACTS, 'templates/StampTemplate.xml');

/** 1-based line of the first line containing `needle` (after the `after` marker if given). */
export function lineOf(file: string, needle: string, after?: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  let from = 0;
  if (after) from = lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, k) => k >= from && l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' not in ${file}`);
  return i + 1;
}

export interface Backend {
  url: string;
  requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

/** A real HTTP backend on 127.0.0.1 that answers {"status":"stored","got":<body>} after `delayMs`. */
export async function startBackend(delayMs = 0): Promise<Backend> {
  const requests: Backend['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'stored', got: body }));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/store`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface Session {
  dc: DebugClient;
  outputs: string[];
  /** http://127.0.0.1:PORT of the launched runtime. */
  base: string;
  stop(): Promise<void>;
}

export interface BreakpointsOf {
  [file: string]: DebugProtocol.SourceBreakpoint[];
}

/** Starts the adapter, launches the project with breakpoints in place before configurationDone. */
export async function launch(
  bps: BreakpointsOf,
  opts: {
    project?: string;
    env?: Record<string, string>;
    exceptionFilters?: string[];
    functionBreakpoints?: string[];
    stopOnEntry?: boolean;
    wireLogs?: boolean;
    httpsPort?: number;
  } = {},
): Promise<Session & { breakpoints: Record<string, DebugProtocol.Breakpoint[]> }> {
  const dc = new DebugClient('node', ADAPTER, 'synapse');
  // (events waited for without a timeout of their own: 15 s, not the library's 5 s, for a busy machine)
  dc.defaultTimeout = 15_000;
  const outputs: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
  await dc.start();
  const breakpoints: Record<string, DebugProtocol.Breakpoint[]> = {};
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      for (const [path, list] of Object.entries(bps)) {
        const r = await dc.setBreakpointsRequest({ source: { path }, breakpoints: list });
        breakpoints[path] = r.body.breakpoints;
      }
      if (opts.functionBreakpoints)
        await dc.setFunctionBreakpointsRequest({
          breakpoints: opts.functionBreakpoints.map((name) => ({ name })),
        });
      await dc.setExceptionBreakpointsRequest({ filters: opts.exceptionFilters ?? [] });
      await dc.configurationDoneRequest();
    }),
    dc.launch({
      type: 'synapse',
      request: 'launch',
      name: 'test',
      project: opts.project ?? SHOP,
      httpPort: 0,
      env: opts.env ?? {},
      stopOnEntry: opts.stopOnEntry,
      wireLogs: opts.wireLogs,
      httpsPort: opts.httpsPort,
    } as DebugProtocol.LaunchRequestArguments),
  ]);
  const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(outputs.join(''));
  if (!m) throw new Error(`no URL printed: ${outputs.join('')}`);
  return { dc, outputs, base: `http://127.0.0.1:${m[1]}`, breakpoints, stop: () => dc.stop() };
}

export interface HttpResult {
  status: number;
  body: string;
  headers: Headers;
}

/** Sends a request to the runtime (bounded by a timeout). */
export async function request(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  timeoutMs = 10_000,
): Promise<HttpResult> {
  const r = await fetch(url, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: init.headers,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: r.status, body: await r.text(), headers: r.headers };
}

/** The next stopped event (bounded: 15 s, as DebugClient.defaultTimeout here, for a loaded machine). */
export function stopped(dc: DebugClient, timeoutMs = 15_000): Promise<DebugProtocol.StoppedEvent> {
  return dc.waitForEvent('stopped', timeoutMs) as Promise<DebugProtocol.StoppedEvent>;
}

export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  return st.body.stackFrames[0];
}

/** Variables of the named scope of the top frame, as name -> value. */
export async function scopeValues(
  dc: DebugClient,
  threadId: number,
  scopeName: string,
): Promise<{ values: Record<string, string>; vars: DebugProtocol.Variable[]; ref: number }> {
  const f = await topFrame(dc, threadId);
  const scopes = await dc.scopesRequest({ frameId: f.id });
  const s = scopes.body.scopes.find((x) => x.name === scopeName);
  if (!s) throw new Error(`no scope ${scopeName}: ${scopes.body.scopes.map((x) => x.name).join(', ')}`);
  const v = await dc.variablesRequest({ variablesReference: s.variablesReference });
  const values: Record<string, string> = {};
  for (const x of v.body.variables) values[x.name] = x.value;
  return { values, vars: v.body.variables, ref: s.variablesReference };
}

/** A copy of a fixture project in a temporary folder (for tests that edit files). */
export function copyProject(src = SHOP): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-dap-'));
  cpSync(src, join(dir, 'p'), { recursive: true });
  return { dir: join(dir, 'p'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
