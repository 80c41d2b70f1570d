/**
 * The server explorer (activity-bar container `synapse`, view `synapse.servers`): servers → artifact kinds →
 * artifacts with state icons, descriptions and tooltips from the management API; context actions where the API offers
 * them; the deployed configuration read-only beside the local file; server logs in a LogOutputChannel; log levels.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ArtifactKind, ManagementClient } from '../../core/management';
import type { ServersApi } from '../servers/serverCommands';
import type { ServerProfile } from '../servers/store-core';
import {
  Backoff,
  deployedConfiguration,
  loadServer,
  LogTail,
  stateIcon,
  type ArtifactNode,
  type KindGroup,
} from './tree-core';

export const VIEW_ID = 'synapse.servers';
export const DEPLOYED_SCHEME = 'synapse-deployed';

type Node =
  | { type: 'server'; profile: ServerProfile }
  | { type: 'kind'; profile: ServerProfile; group: KindGroup }
  | { type: 'artifact'; profile: ServerProfile; node: ArtifactNode; kindIcon: string }
  | {
      type: 'message';
      profile: ServerProfile;
      text: string;
      tooltip?: string;
      command?: vscode.Command;
      icon?: string;
    };

interface ServerState {
  groups?: KindGroup[];
  error?: unknown;
  loading?: Promise<void>;
  backoff: Backoff;
  retry?: ReturnType<typeof setTimeout>;
}

const MAX_AUTO_RETRIES = 6;

export class ServerTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly state = new Map<string, ServerState>();
  /** One logged-in client per server, kept while its URL, user, pin and password stay the same (no login per refresh). */
  private readonly clients = new Map<string, { key: string; client: ManagementClient }>();

  constructor(private readonly servers: ServersApi) {}

  refresh(serverId?: string): void {
    for (const [id, s] of this.state) {
      if (serverId && id !== serverId) continue;
      if (s.retry) clearTimeout(s.retry);
      s.backoff.reset();
      this.state.set(id, { backoff: s.backoff });
    }
    this.emitter.fire(undefined);
  }

  private async clientFor(p: ServerProfile): Promise<ManagementClient> {
    const pw = (await this.servers.store.password(p.id)) ?? '';
    const key = createHash('sha256')
      .update(JSON.stringify([p.url, p.user, p.fingerprint ?? '', pw]))
      .digest('hex');
    const cached = this.clients.get(p.id);
    if (cached && cached.key === key) return cached.client;
    cached?.client.close();
    this.clients.delete(p.id);
    const client = await this.servers.store.client(p.id);
    this.clients.set(p.id, { key, client });
    return client;
  }

  private dropClient(id: string): void {
    this.clients.get(id)?.client.close();
    this.clients.delete(id);
  }

  dispose(): void {
    for (const c of this.clients.values()) c.client.close();
    this.clients.clear();
    for (const s of this.state.values()) if (s.retry) clearTimeout(s.retry);
    this.emitter.dispose();
  }

  private load(profile: ServerProfile): Promise<void> {
    let s = this.state.get(profile.id);
    if (!s) this.state.set(profile.id, (s = { backoff: new Backoff() }));
    if (s.groups || s.error !== undefined) return Promise.resolve();
    if (s.loading) return s.loading;
    const st = s;
    st.loading = (async () => {
      try {
        const client = await this.clientFor(profile);
        st.groups = await loadServer(client);
        st.error = undefined;
        st.backoff.reset();
      } catch (e) {
        this.dropClient(profile.id);
        st.error = e;
        st.groups = undefined;
        // refresh with back-off while the server is unreachable (bounded; a manual refresh starts over)
        const code = (e as { code?: string }).code;
        if (
          (code === 'UNREACHABLE' || code === 'TIMEOUT' || code === 'CONNECTION_DROPPED') &&
          st.backoff.count < MAX_AUTO_RETRIES
        ) {
          const delay = st.backoff.fail();
          st.retry = setTimeout(() => {
            st.error = undefined;
            this.emitter.fire(undefined);
          }, delay);
        }
      } finally {
        st.loading = undefined;
      }
    })();
    return st.loading;
  }

  async getChildren(el?: Node): Promise<Node[]> {
    if (!el) return this.servers.store.list().map((profile) => ({ type: 'server', profile }));
    if (el.type === 'server') {
      await this.load(el.profile);
      const s = this.state.get(el.profile.id)!;
      if (s.error !== undefined) {
        const code = (s.error as { code?: string }).code ?? '';
        const msg = (s.error as Error).message ?? String(s.error);
        const command: vscode.Command | undefined =
          code === 'CERT_UNTRUSTED' || code === 'CERT_CHANGED'
            ? {
                command: 'synapse.servers.trustCertificate',
                title: 'Trust Certificate…',
                arguments: [{ serverId: el.profile.id }],
              }
            : code === 'AUTH_FAILED' || code === 'SERVER_NO_PASSWORD'
              ? {
                  command: 'synapse.servers.edit',
                  title: 'Edit Server',
                  arguments: [{ serverId: el.profile.id }],
                }
              : undefined;
        const hint = command ? ` (click: ${command.title})` : s.retry ? ' (retrying)' : '';
        return [
          {
            type: 'message',
            profile: el.profile,
            text: `${msg.replace(/\s*\[[A-Z_]+\]$/, '')}${hint}`,
            tooltip: msg,
            command,
            icon: 'warning',
          },
        ];
      }
      const groups = (s.groups ?? []).filter((g) => g.items.length);
      if (!groups.length)
        return [{ type: 'message', profile: el.profile, text: 'No artifacts deployed', icon: 'info' }];
      return groups.map((group) => ({ type: 'kind', profile: el.profile, group }));
    }
    if (el.type === 'kind')
      return el.group.items.map((node) => ({
        type: 'artifact',
        profile: el.profile,
        node,
        kindIcon: el.group.icon,
      }));
    return [];
  }

  getTreeItem(el: Node): vscode.TreeItem {
    switch (el.type) {
      case 'server': {
        const t = new vscode.TreeItem(el.profile.name, vscode.TreeItemCollapsibleState.Expanded);
        t.id = `server:${el.profile.id}`;
        t.description = el.profile.url;
        t.tooltip = `${el.profile.url}\nUser: ${el.profile.user}\nCertificate: ${el.profile.fingerprint ? `pinned SHA-256 ${el.profile.fingerprint}` : 'trusted by the platform or not pinned'}${el.profile.local ? '\nLocal server of this window' : ''}`;
        t.iconPath = new vscode.ThemeIcon(el.profile.local ? 'vm-running' : 'server');
        t.contextValue = el.profile.local ? 'server;local;' : 'server;';
        return t;
      }
      case 'kind': {
        const t = new vscode.TreeItem(el.group.label, vscode.TreeItemCollapsibleState.Collapsed);
        t.id = `kind:${el.profile.id}:${el.group.kind}`;
        t.description = String(el.group.items.length);
        t.iconPath = new vscode.ThemeIcon(el.group.icon);
        t.contextValue = `kind;kind=${el.group.kind};`;
        return t;
      }
      case 'artifact': {
        const n = el.node;
        const t = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
        t.id = `artifact:${el.profile.id}:${n.kind}:${n.name}`;
        t.description = n.description;
        t.tooltip = n.tooltip;
        const icon = stateIcon(n, el.kindIcon);
        t.iconPath = new vscode.ThemeIcon(
          icon.icon,
          icon.color ? new vscode.ThemeColor(icon.color) : undefined,
        );
        t.contextValue = n.contextValue;
        t.accessibilityInformation = { label: `${n.name} ${n.description}` };
        return t;
      }
      case 'message': {
        const t = new vscode.TreeItem(el.text, vscode.TreeItemCollapsibleState.None);
        t.tooltip = el.tooltip ?? el.text;
        t.command = el.command;
        t.iconPath = el.icon ? new vscode.ThemeIcon(el.icon) : undefined;
        t.contextValue = 'message';
        return t;
      }
    }
  }
}

type ArtifactArg = { type: 'artifact'; profile: ServerProfile; node: ArtifactNode };
const isArtifact = (a: unknown): a is ArtifactArg =>
  !!a && typeof a === 'object' && (a as Node).type === 'artifact';

export function registerExplorer(context: vscode.ExtensionContext, servers: ServersApi): ServerTreeProvider {
  const tree = new ServerTreeProvider(servers);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    view,
    servers.onDidChange(() => tree.refresh()),
  );

  // read-only documents with a deployed configuration: synapse-deployed:/<serverId>/<kind>/<name>.xml?<templateType>
  const docs = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    docs,
    vscode.workspace.registerTextDocumentContentProvider(DEPLOYED_SCHEME, {
      onDidChange: docs.event,
      async provideTextDocumentContent(uri) {
        const [, serverId, kind, file] = uri.path.split('/');
        const name = decodeURIComponent(file.replace(/\.xml$/, ''));
        const c = await servers.store.client(decodeURIComponent(serverId));
        try {
          return await deployedConfiguration(c, kind as ArtifactKind, name, uri.query || undefined);
        } catch (e) {
          return `<!-- could not read ${kind} '${name}': ${(e as Error).message} -->`;
        } finally {
          c.close();
        }
      },
    }),
  );

  const withClient = async <T>(
    profile: ServerProfile,
    fn: (c: ManagementClient) => Promise<T>,
  ): Promise<T | undefined> => {
    let c: ManagementClient | undefined;
    try {
      c = await servers.store.client(profile.id);
      return await fn(c);
    } catch (e) {
      await servers.showError(e, profile);
      return undefined;
    } finally {
      c?.close();
    }
  };

  const artifactAction = (id: string, run: (c: ManagementClient, a: ArtifactArg) => Promise<string>) =>
    vscode.commands.registerCommand(id, async (a: unknown) => {
      if (!isArtifact(a)) return;
      const msg = await withClient(a.profile, (c) => run(c, a));
      if (msg !== undefined) {
        vscode.window.setStatusBarMessage(`$(check) ${msg || 'done'}`, 4000);
        tree.refresh(a.profile.id);
      }
    });

  const logChannels = new Map<
    string,
    { channel: vscode.LogOutputChannel; timer: ReturnType<typeof setInterval> }
  >();
  context.subscriptions.push({
    dispose: () => {
      for (const l of logChannels.values()) {
        clearInterval(l.timer);
        l.channel.dispose();
      }
    },
  });

  const serverOf = async (arg: unknown, title: string): Promise<ServerProfile | undefined> => {
    if (arg && typeof arg === 'object' && 'profile' in arg)
      return (arg as { profile: ServerProfile }).profile;
    if (arg && typeof arg === 'object' && 'serverId' in arg)
      return servers.store.list().find((p) => p.id === (arg as { serverId: string }).serverId);
    return (await servers.pickServers(title, false))[0];
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('synapse.servers.refresh', (arg?: unknown) => {
      tree.refresh(
        arg && typeof arg === 'object' && 'profile' in arg
          ? (arg as { profile: ServerProfile }).profile.id
          : undefined,
      );
    }),
    artifactAction('synapse.artifact.activate', (c, a) =>
      a.node.kind === 'tasks'
        ? c.taskControl(a.node.name, 'active')
        : c.setActive(a.node.kind as ArtifactKind, a.node.name, true),
    ),
    artifactAction('synapse.artifact.deactivate', (c, a) =>
      a.node.kind === 'tasks'
        ? c.taskControl(a.node.name, 'inactive')
        : c.setActive(a.node.kind as ArtifactKind, a.node.name, false),
    ),
    artifactAction('synapse.artifact.triggerTask', (c, a) => c.triggerTask(a.node.name)),
    artifactAction('synapse.artifact.traceOn', (c, a) =>
      c.setTracing(
        a.node.kind as ArtifactKind,
        a.node.name,
        true,
        a.node.templateType as 'sequence' | undefined,
      ),
    ),
    artifactAction('synapse.artifact.traceOff', (c, a) =>
      c.setTracing(
        a.node.kind as ArtifactKind,
        a.node.name,
        false,
        a.node.templateType as 'sequence' | undefined,
      ),
    ),
    vscode.commands.registerCommand('synapse.app.undeploy', async (a: unknown) => {
      if (!isArtifact(a)) return;
      const ok = await vscode.window.showWarningMessage(
        `Undeploy the carbon application '${a.node.name}' from ${a.profile.name}?`,
        { modal: true, detail: 'Every artifact it brought is removed from the server.' },
        'Undeploy',
      );
      if (ok !== 'Undeploy') return;
      const version = typeof a.node.raw.version === 'string' ? a.node.raw.version : '';
      const msg = await withClient(a.profile, (c) =>
        c.undeploy(version ? `${a.node.name}_${version}` : a.node.name),
      );
      if (msg !== undefined) {
        void vscode.window.showInformationMessage(`Undeployed ${a.node.name} from ${a.profile.name}.`);
        tree.refresh(a.profile.id);
      }
    }),
    vscode.commands.registerCommand('synapse.artifact.copyUrl', async (a: unknown) => {
      if (!isArtifact(a) || !a.node.url) return;
      await vscode.env.clipboard.writeText(a.node.url);
      vscode.window.setStatusBarMessage(`$(clippy) Copied ${a.node.url}`, 4000);
    }),
    vscode.commands.registerCommand('synapse.artifact.openConfiguration', async (a: unknown) => {
      if (!isArtifact(a)) return;
      const uri = vscode.Uri.from({
        scheme: DEPLOYED_SCHEME,
        path: `/${encodeURIComponent(a.profile.id)}/${a.node.kind}/${encodeURIComponent(a.node.name.replace(/:v.*$/, ''))}.xml`,
        query: a.node.templateType ?? '',
      });
      const local = await vscode.workspace.findFiles(
        `**/${a.node.name.replace(/:v.*$/, '').replace(/[{}[\]*?]/g, '')}.xml`,
        '**/{node_modules,target}/**',
        1,
      );
      if (local[0])
        await vscode.window.showTextDocument(local[0], { preview: false, viewColumn: vscode.ViewColumn.One });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'xml');
      await vscode.window.showTextDocument(doc, {
        preview: true,
        viewColumn: local[0] ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
      });
    }),
    vscode.commands.registerCommand('synapse.servers.showLogs', async (arg?: unknown) => {
      const profile = await serverOf(arg, 'Show the logs of which server?');
      if (!profile) return;
      let entry = logChannels.get(profile.id);
      if (!entry) {
        const channel = vscode.window.createOutputChannel(`Synapse Server Log: ${profile.name}`, {
          log: true,
        });
        let tail: LogTail | undefined;
        let client: ManagementClient | undefined;
        let busy = false;
        let failures = 0;
        const poll = async () => {
          if (busy) return;
          busy = true;
          try {
            if (!client) {
              client = await servers.store.client(profile.id);
              tail = new LogTail(client);
            }
            const text = await tail!.poll();
            for (const line of text.split('\n')) if (line) channel.appendLine(line);
            failures = 0;
          } catch (e) {
            failures++;
            if (failures === 1) channel.error(`cannot read the server log: ${(e as Error).message}`);
            client?.close();
            client = undefined;
          } finally {
            busy = false;
          }
        };
        const timer = setInterval(() => void poll(), 2000);
        entry = { channel, timer };
        logChannels.set(profile.id, entry);
        void poll();
      }
      entry.channel.show(true);
    }),
    vscode.commands.registerCommand('synapse.servers.setLogLevel', async (arg?: unknown) => {
      const profile = await serverOf(arg, 'Set a log level on which server?');
      if (!profile) return;
      const loggers = await withClient(profile, (c) => c.loggers());
      if (!loggers) return;
      const logger = await vscode.window.showQuickPick(
        loggers.list.map((l) => ({ label: l.loggerName, description: l.level, detail: l.componentName })),
        { title: `Loggers of ${profile.name}`, ignoreFocusOut: true },
      );
      if (!logger) return;
      const levels = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'];
      const level = await vscode.window.showQuickPick(
        levels.map((l) => ({ label: l, description: l === logger.description ? 'current' : undefined })),
        { title: `Level of ${logger.label}` },
      );
      if (!level) return;
      const msg = await withClient(profile, (c) => c.setLogLevel(logger.label, level.label));
      if (msg !== undefined)
        void vscode.window.showInformationMessage(
          `Log level of ${logger.label} on ${profile.name}: ${level.label} (was ${logger.description ?? 'unknown'}).`,
        );
    }),
    vscode.commands.registerCommand('synapse.servers.reveal', async (serverId?: string) => {
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      tree.refresh(serverId);
    }),
  );
  return tree;
}
