/**
 * The model of the server explorer (no vscode import): artifact kinds of a server and their artifacts with state,
 * description, tooltip and the actions the management API offers for them (encoded in `contextValue` for the
 * `when` clauses of the tree's context menu). The vscode TreeDataProvider in explorer/ only renders these nodes.
 */
import { ACTIVATABLE, TRACEABLE, type ArtifactKind, type ManagementClient } from '../../core/management';

export type GroupKind = ArtifactKind | 'applications';

export interface KindInfo {
  kind: GroupKind;
  label: string;
  /** Codicon id. */
  icon: string;
}

/** The kinds shown under a server, in the order users think of them. */
export const KINDS: readonly KindInfo[] = [
  { kind: 'apis', label: 'APIs', icon: 'globe' },
  { kind: 'proxy-services', label: 'Proxy Services', icon: 'server-process' },
  { kind: 'sequences', label: 'Sequences', icon: 'list-ordered' },
  { kind: 'endpoints', label: 'Endpoints', icon: 'plug' },
  { kind: 'inbound-endpoints', label: 'Inbound Endpoints', icon: 'arrow-circle-down' },
  { kind: 'tasks', label: 'Scheduled Tasks', icon: 'watch' },
  { kind: 'message-stores', label: 'Message Stores', icon: 'database' },
  { kind: 'message-processors', label: 'Message Processors', icon: 'gear' },
  { kind: 'local-entries', label: 'Local Entries', icon: 'symbol-constant' },
  { kind: 'templates', label: 'Templates', icon: 'symbol-class' },
  { kind: 'connectors', label: 'Connectors', icon: 'extensions' },
  { kind: 'data-services', label: 'Data Services', icon: 'table' },
  { kind: 'applications', label: 'Carbon Applications', icon: 'package' },
];

export type ArtifactState = 'active' | 'inactive' | 'faulty' | 'unknown';

export interface ArtifactNode {
  kind: GroupKind;
  name: string;
  state: ArtifactState;
  tracing?: 'enabled' | 'disabled';
  description: string;
  tooltip: string;
  /** `artifact;kind=…;` plus one `;can…;` flag per action the API offers. */
  contextValue: string;
  /** An API's first URL (for "Copy URL"). */
  url?: string;
  /** For templates: `sequence` or `endpoint`. */
  templateType?: string;
  raw: Record<string, unknown>;
}

export interface KindGroup {
  kind: GroupKind;
  label: string;
  icon: string;
  items: ArtifactNode[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

function stateOf(kind: GroupKind, o: Record<string, unknown>): ArtifactState {
  if (kind === 'proxy-services' && typeof o.isRunning === 'boolean')
    return o.isRunning ? 'active' : 'inactive';
  if (kind === 'endpoints' && o.isActive !== undefined)
    return o.isActive === true || o.isActive === 'true' ? 'active' : 'inactive';
  const s = str(o.status)?.toLowerCase();
  if (s === 'active' || s === 'enabled') return 'active';
  if (s === 'inactive' || s === 'disabled') return 'inactive';
  if (s === 'faulty') return 'faulty';
  return 'unknown';
}

/** Turns one item of a management API list (or a single-item answer) into a tree node. */
export function artifactNode(kind: GroupKind, o: Record<string, unknown>): ArtifactNode {
  const name = str(o.name) ?? str(o.serviceName) ?? '?';
  const state = stateOf(kind, o);
  const tracing =
    str(o.tracing) === 'enabled' ? 'enabled' : str(o.tracing) === 'disabled' ? 'disabled' : undefined;
  const flags: string[] = [];
  let description = '';
  const tip: string[] = [name];
  const url = kind === 'apis' ? str(o.url) : undefined;
  switch (kind) {
    case 'apis':
      description = url ?? '';
      if (Array.isArray(o.urlList)) tip.push(...o.urlList.map(String));
      if (url) flags.push('canCopyUrl');
      break;
    case 'proxy-services':
      description = state === 'unknown' ? '' : state;
      if (str(o.wsdl1_1)) tip.push(`WSDL 1.1: ${str(o.wsdl1_1)}`);
      break;
    case 'sequences': {
      // MI writes the container as "[ Deployed From Artifact Container: <application> ] "
      const container = str(o.container)?.replace(/^\[ Deployed From Artifact Container: (.*) \]\s*$/, '$1');
      description = container ? `in ${container}` : '';
      break;
    }
    case 'endpoints':
      description = [str(o.type), state === 'unknown' ? undefined : state].filter(Boolean).join(' · ');
      break;
    case 'inbound-endpoints':
      description = [str(o.protocol), state === 'unknown' ? undefined : state].filter(Boolean).join(' · ');
      break;
    case 'message-stores':
      description = [str(o.type), o.size !== undefined ? `${str(o.size)} message(s)` : undefined]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'message-processors':
      description = [str(o.type), state === 'unknown' ? undefined : state].filter(Boolean).join(' · ');
      break;
    case 'local-entries':
      description = str(o.type) ?? '';
      break;
    case 'templates':
      description = str(o.type) ? `${str(o.type)} template` : '';
      break;
    case 'connectors':
      description = [str(o.package), str(o.status)].filter(Boolean).join(' · ');
      break;
    case 'applications': {
      description = str(o.version) ?? '';
      const arts = Array.isArray(o.artifacts) ? (o.artifacts as { name?: string; type?: string }[]) : [];
      tip.push(
        `${arts.length} artifact(s)`,
        ...arts.slice(0, 20).map((a) => `  ${a.type ?? '?'}: ${a.name ?? '?'}`),
      );
      flags.push('canUndeploy');
      break;
    }
    default:
      break;
  }
  if (state !== 'unknown') tip.push(`State: ${state}`);
  if (tracing) tip.push(`Tracing: ${tracing}`);
  if (str(o.stats)) tip.push(`Statistics: ${str(o.stats)}`);
  if (kind !== 'applications' && kind !== 'connectors' && kind !== 'tasks') flags.push('hasConfig');
  if (kind === 'tasks') flags.push('hasConfig');
  if (kind === 'tasks') {
    // POST /tasks (MI 4.6+) pauses, resumes and triggers; the task list carries no state, so both switches show
    flags.push('canTrigger', 'canActivate', 'canDeactivate');
  }
  if ((ACTIVATABLE as readonly string[]).includes(kind)) {
    if (state !== 'active') flags.push('canActivate');
    if (state !== 'inactive') flags.push('canDeactivate');
  }
  const traceable =
    (TRACEABLE as readonly string[]).includes(kind) && (kind !== 'templates' || str(o.type) === 'sequence');
  if (traceable) {
    if (tracing !== 'enabled') flags.push('canTraceOn');
    if (tracing !== 'disabled') flags.push('canTraceOff');
  }
  return {
    kind,
    name,
    state,
    tracing,
    description,
    tooltip: tip.join('\n'),
    contextValue: `artifact;kind=${kind};${flags.map((f) => `${f};`).join('')}`,
    url,
    templateType: kind === 'templates' ? str(o.type) : undefined,
    raw: o,
  };
}

/** Codicon and theme colour for a state. */
export function stateIcon(n: ArtifactNode, kindIcon: string): { icon: string; color?: string } {
  if (n.state === 'inactive') return { icon: 'circle-slash', color: 'disabledForeground' };
  if (n.state === 'faulty') return { icon: 'error', color: 'errorForeground' };
  if (n.state === 'active' && n.kind !== 'applications')
    return { icon: 'pass-filled', color: 'testing.iconPassed' };
  return { icon: kindIcon };
}

/** Reads one kind from the server. Proxy services need their single answer for `isRunning` (fetched, at most 8 at a time). */
export async function loadKind(
  client: ManagementClient,
  info: KindInfo,
  signal?: AbortSignal,
): Promise<KindGroup> {
  let items: ArtifactNode[];
  if (info.kind === 'applications') {
    const r = await client.applications(signal);
    items = [
      ...(r.activeList ?? []).map((a) => artifactNode('applications', { ...a, status: 'active' })),
      ...(r.faultyList ?? []).map((a) => artifactNode('applications', { ...a, status: 'faulty' })),
    ];
  } else {
    const kind = info.kind;
    const r = await client.list(kind, { signal });
    let list = (r.list ?? []) as Record<string, unknown>[];
    if (kind === 'proxy-services') {
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < list.length; i += 8) {
        const chunk = list.slice(i, i + 8);
        out.push(
          ...(await Promise.all(
            chunk.map(async (o) => {
              try {
                return { ...o, ...(await client.get(kind, String(o.name), signal)) };
              } catch {
                return o;
              }
            }),
          )),
        );
      }
      list = out;
    }
    items = list.map((o) => artifactNode(kind, o));
  }
  items.sort((a, b) => a.name.localeCompare(b.name));
  return { kind: info.kind, label: info.label, icon: info.icon, items };
}

/** Every kind of a server, in KINDS order; any failure throws (a sidebar shows it on the server's node). */
export async function loadServer(client: ManagementClient, signal?: AbortSignal): Promise<KindGroup[]> {
  // one request first (logs in when the client has no token yet): auth/TLS/unreachable fail once, before fanning out
  const apps = await loadKind(
    client,
    KINDS.find((k) => k.kind === 'applications')!,
    signal,
  );
  const rest = await Promise.all(
    KINDS.filter((k) => k.kind !== 'applications').map((k) => loadKind(client, k, signal)),
  );
  return KINDS.map((k) => (k.kind === 'applications' ? apps : rest.find((g) => g.kind === k.kind)!));
}

/** The deployed configuration of an artifact (XML), as the management API serves it. */
export async function deployedConfiguration(
  client: ManagementClient,
  kind: ArtifactKind,
  name: string,
  templateType?: string,
): Promise<string> {
  const o =
    kind === 'templates' && templateType
      ? ((await client.list('templates', { query: { type: templateType, name } })) as unknown as Record<
          string,
          unknown
        >)
      : await client.get<Record<string, unknown>>(kind, name);
  const c = o.configuration;
  if (typeof c === 'string') return c;
  if (c && typeof c === 'object') return JSON.stringify(c, null, 2);
  return `<!-- the server returned no configuration for ${kind} '${name}' -->`;
}

/** Exponential back-off for refreshing an unreachable server: 2 s, 4 s, … capped. */
export class Backoff {
  private failures = 0;
  constructor(
    private readonly baseMs = 2000,
    private readonly maxMs = 60_000,
  ) {}
  fail(): number {
    this.failures++;
    return this.delay();
  }
  reset(): void {
    this.failures = 0;
  }
  delay(): number {
    return this.failures === 0 ? 0 : Math.min(this.maxMs, this.baseMs * 2 ** (this.failures - 1));
  }
  get count(): number {
    return this.failures;
  }
}

/**
 * Follows a server's log file: returns what was appended since the last poll. The file may be bounded (old lines
 * dropped), so the position is the last line already seen, not a byte offset.
 */
export class LogTail {
  private last: string | undefined;
  private file: string | undefined;
  constructor(private readonly client: ManagementClient) {}
  async poll(signal?: AbortSignal): Promise<string> {
    if (!this.file) {
      const files = await this.client.logFiles(signal);
      const pick = files.list.find((f) => /carbon\.log$/.test(f.FileName)) ?? files.list[0];
      if (!pick) return '';
      this.file = pick.FileName;
    }
    const text = await this.client.logFile(this.file, signal);
    const lines = text.split('\n').filter((l) => l.length > 0);
    let start = 0;
    if (this.last !== undefined) {
      const i = lines.lastIndexOf(this.last);
      start = i >= 0 ? i + 1 : 0;
    }
    if (lines.length) this.last = lines[lines.length - 1];
    const fresh = lines.slice(start);
    return fresh.length ? `${fresh.join('\n')}\n` : '';
  }
}
