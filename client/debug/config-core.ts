/**
 * Debug configurations of type `synapse`, without vscode: which project F5 runs, the configuration written for it,
 * checks before a launch (project folder, port), and where the launched runtime listens.
 */
import { statSync, readdirSync } from 'node:fs';
import * as net from 'node:net';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isSynapseProjectDir } from '../../core/project/discover';

export const DEBUG_TYPE = 'synapse';
export const DEFAULT_HTTP_PORT = 8290;

export interface SynapseLaunchConfig {
  type: string;
  request: 'launch' | 'attach';
  name: string;
  project?: string;
  httpPort?: number;
  host?: string;
  stopOnEntry?: boolean;
  env?: Record<string, string>;
  commandPort?: number;
  eventPort?: number;
  noDebug?: boolean;
  [key: string]: unknown;
}

const SKIP = new Set(['node_modules', 'target', 'dist', 'out', 'build']);

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The project folder holding `file`: the nearest ancestor that is a Synapse project, not above `stopAt`. */
export function projectRootOf(file: string, stopAt?: string): string | undefined {
  let dir = isDir(file) ? resolve(file) : dirname(resolve(file));
  const limit = stopAt ? resolve(stopAt) : undefined;
  for (let i = 0; i < 40; i++) {
    if (isSynapseProjectDir(dir)) return dir;
    if (limit && dir === limit) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Synapse projects in a workspace folder: the folder itself, or its sub-folders up to `depth` levels (sorted). */
export function projectsIn(folder: string, depth = 3): string[] {
  if (isSynapseProjectDir(folder)) return [resolve(folder)];
  const out: string[] = [];
  const visit = (d: string, level: number) => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.startsWith('.') || SKIP.has(e)) continue;
      const p = join(d, e);
      if (!isDir(p)) continue;
      if (isSynapseProjectDir(p)) out.push(p);
      else if (level > 1 && out.length < 50) visit(p, level - 1);
    }
  };
  visit(resolve(folder), depth);
  return out;
}

/** `${workspaceFolder}` or `${workspaceFolder}/sub/dir` for a project inside a workspace folder. */
export function projectVariable(projectDir: string, workspaceFolder: string | undefined): string {
  if (!workspaceFolder) return projectDir;
  const rel = relative(resolve(workspaceFolder), resolve(projectDir));
  if (rel === '') return '${workspaceFolder}';
  if (rel.startsWith('..') || rel.includes(':')) return projectDir;
  return `\${workspaceFolder}/${rel.split(sep).join('/')}`;
}

/** The launch configuration written into a new launch.json (or used by F5 without one). */
export function launchConfig(
  projectDir: string,
  workspaceFolder: string | undefined,
  name?: string,
): SynapseLaunchConfig {
  const project = projectVariable(projectDir, workspaceFolder);
  const sub = project === '${workspaceFolder}' ? '' : ` (${project.replace('${workspaceFolder}/', '')})`;
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: name ?? `Debug Synapse project${sub}`,
    project,
    httpPort: DEFAULT_HTTP_PORT,
    stopOnEntry: false,
  };
}

export function attachConfig(
  projectDir: string | undefined,
  workspaceFolder: string | undefined,
): SynapseLaunchConfig {
  return {
    type: DEBUG_TYPE,
    request: 'attach',
    name: 'Attach to Micro Integrator',
    host: '127.0.0.1',
    commandPort: 9005,
    eventPort: 9006,
    ...(projectDir ? { project: projectVariable(projectDir, workspaceFolder) } : {}),
  };
}

/** The configurations offered when launch.json is created: one launch per project found, then attach. */
export function initialConfigurations(workspaceFolder: string | undefined): SynapseLaunchConfig[] {
  const projects = workspaceFolder ? projectsIn(workspaceFolder) : [];
  const launches = projects.length
    ? projects.map((p) => launchConfig(p, workspaceFolder))
    : [launchConfig(workspaceFolder ?? '.', workspaceFolder)];
  return [...launches, attachConfig(projects[0], workspaceFolder)];
}

/** A problem with a configuration after variable substitution, or undefined when it can run. */
export function configProblem(c: SynapseLaunchConfig): { message: string; code: string } | undefined {
  if (c.request === 'launch') {
    if (!c.project || typeof c.project !== 'string') {
      return {
        code: 'DBG_NO_PROJECT',
        message: "The launch configuration needs 'project': the folder of the Synapse project.",
      };
    }
    if (!isDir(c.project))
      return { code: 'DBG_PROJECT_MISSING', message: `The project folder ${c.project} does not exist.` };
    if (c.httpPort !== undefined && !validPort(c.httpPort, true)) {
      return {
        code: 'DBG_BAD_PORT',
        message: `httpPort must be a port number from 0 to 65535, not ${JSON.stringify(c.httpPort)}.`,
      };
    }
  } else if (c.request === 'attach') {
    for (const k of ['commandPort', 'eventPort'] as const) {
      if (c[k] !== undefined && !validPort(c[k], false)) {
        return {
          code: 'DBG_BAD_PORT',
          message: `${k} must be a port number from 1 to 65535, not ${JSON.stringify(c[k])}.`,
        };
      }
    }
  } else {
    return {
      code: 'DBG_BAD_REQUEST',
      message: `Unknown request ${JSON.stringify(c.request)}: use launch or attach.`,
    };
  }
  return undefined;
}

function validPort(p: unknown, zeroOk: boolean): boolean {
  return typeof p === 'number' && Number.isInteger(p) && p <= 65535 && (zeroOk ? p >= 0 : p >= 1);
}

/** Whether `host:port` can be listened on now (false when another process, e.g. Run Project, holds it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolveFree) => {
    const s = net.createServer();
    s.once('error', () => resolveFree(false));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolveFree(true)));
  });
}

/** Where a runtime listens, from a line of the adapter's output (`API HelloAPI: http://127.0.0.1:8290/hello`). */
export function baseUrlFromOutput(line: string): string | undefined {
  const m = /^(?:API|Proxy|Inbound)\s+\S+:\s+(https?:\/\/[^/\s]+)/.exec(line.trim());
  return m ? m[1] : undefined;
}

/** Whether the adapter said the runtime is ready. */
export function isReadyLine(line: string): boolean {
  return /^Synapse runtime ready\b/.test(line.trim());
}

/** Where a launched runtime listens, from its configuration (when its port is fixed). */
export function baseUrlFromConfig(c: { host?: unknown; httpPort?: unknown }): string | undefined {
  const port =
    typeof c.httpPort === 'number' ? c.httpPort : c.httpPort === undefined ? DEFAULT_HTTP_PORT : NaN;
  if (!Number.isInteger(port) || port <= 0) return undefined;
  let host = typeof c.host === 'string' && c.host ? c.host : '127.0.0.1';
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Whether something accepts TCP connections on `host:port` (answers within `timeoutMs`). */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 300): Promise<boolean> {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return Promise.resolve(false);
  return new Promise((resolveListening) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolveListening(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
