/**
 * Servers in VS Code: the store over the `synapse.servers` setting (user settings) and SecretStorage, Add / Edit /
 * Remove Server, the "trust this certificate?" prompt (SHA-256 fingerprint, pinned per server), and Start / Stop
 * Local Server (`synapse serve` as a child process, trusted automatically, stopped with the window).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fetchServerCertificate } from '../../core/management';
import { requireTrust } from '../trust/trust';
import { startLocalServer, type LocalServer } from './localServer-core';
import { describeManagementError, normalizeServerUrl, ServerStore, type ServerProfile } from './store-core';

export interface ServersApi {
  store: ServerStore;
  onDidChange: vscode.Event<void>;
  changed(): void;
  /** Asks whether to pin the certificate the server presents now; true when pinned (or no pin is needed). */
  trustCertificate(profile: ServerProfile): Promise<boolean>;
  /** Picks servers (all of them when there is one); offers to add one when there are none. */
  pickServers(title: string, many: boolean): Promise<ServerProfile[]>;
  /** Shows an error with the button that fixes it. */
  showError(e: unknown, profile: ServerProfile): Promise<void>;
}

export function registerServers(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): ServersApi {
  const store = new ServerStore(
    {
      read: () => vscode.workspace.getConfiguration('synapse').get<unknown>('servers'),
      write: async (list) => {
        await vscode.workspace
          .getConfiguration('synapse')
          .update('servers', list, vscode.ConfigurationTarget.Global);
      },
    },
    {
      get: async (k) => context.secrets.get(k),
      store: async (k, v) => context.secrets.store(k, v),
      delete: async (k) => context.secrets.delete(k),
    },
  );
  const emitter = new vscode.EventEmitter<void>();
  context.subscriptions.push(emitter);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('synapse.servers')) emitter.fire();
    }),
  );
  const changed = () => emitter.fire();
  const updateContext = () =>
    void vscode.commands.executeCommand('setContext', 'synapse.hasServers', store.list().length > 0);
  updateContext();
  context.subscriptions.push(emitter.event(updateContext));

  /**
   * Shows the certificate the server presents now and asks whether to trust exactly it. Resolves with the fingerprint
   * to pin, '' when no pin is needed (CA-signed, plain http, or already the pinned one), undefined when declined or
   * unreadable.
   */
  const askTrust = async (name: string, url: string, pinned?: string): Promise<string | undefined> => {
    if (!url.startsWith('https:')) return '';
    let info;
    try {
      info = await fetchServerCertificate(url, { timeoutMs: 10_000 });
    } catch (e) {
      void vscode.window.showErrorMessage(describeManagementError(e, name).message);
      return undefined;
    }
    if (info.trusted && !pinned) return '';
    if (pinned === info.fingerprint256) return '';
    const changedCert = !!pinned;
    const pick = await vscode.window.showWarningMessage(
      changedCert ? `The certificate of '${name}' changed` : `Trust the certificate of '${name}'?`,
      {
        modal: true,
        detail:
          `${url} presents a certificate that is not signed by a trusted authority${info.authorizationError ? ` (${info.authorizationError})` : ''}.\n\n` +
          `SHA-256 fingerprint:\n${info.fingerprint256}\n\nSubject: ${info.subject}\nValid until: ${info.validTo}\n` +
          (changedCert ? `\nThe fingerprint trusted before was:\n${pinned}\n` : '') +
          '\nTrust exactly this certificate for this server only if the fingerprint is the one the server shows (synapse serve prints it at start-up).',
      },
      'Trust This Certificate',
    );
    if (pick !== 'Trust This Certificate') return undefined;
    output.info(`Trusting certificate SHA-256 ${info.fingerprint256} for ${name} (${url})`);
    return info.fingerprint256;
  };

  const trustCertificate = async (profile: ServerProfile): Promise<boolean> => {
    const fp = await askTrust(profile.name, profile.url, profile.fingerprint);
    if (fp === undefined) return false;
    if (fp) {
      await store.trust(profile.id, fp);
      changed();
    }
    return true;
  };

  const showError = async (e: unknown, profile: ServerProfile) => {
    const d = describeManagementError(e, profile.name);
    output.error(d.message);
    const buttons =
      d.action === 'editServer'
        ? ['Edit Server']
        : d.action === 'trustCertificate'
          ? ['Trust New Certificate…']
          : d.action === 'retry'
            ? ['Retry']
            : [];
    const pick = await vscode.window.showErrorMessage(d.message, ...buttons);
    if (pick === 'Edit Server')
      await vscode.commands.executeCommand('synapse.servers.edit', { serverId: profile.id });
    else if (pick === 'Trust New Certificate…') await trustCertificate(store.get(profile.id));
    else if (pick === 'Retry') changed();
  };

  const askProfile = async (current?: ServerProfile) => {
    const name = await vscode.window.showInputBox({
      title: current ? `Edit ${current.name}` : 'Add Server (1/4): name',
      prompt: 'A name for this server',
      value: current?.name ?? 'dev',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Give the server a name'),
    });
    if (name === undefined) return undefined;
    const url = await vscode.window.showInputBox({
      title: 'Management API URL (2/4)',
      prompt: 'The management API of the Micro Integrator or synapse serve, e.g. https://localhost:9164',
      value: current?.url ?? 'https://localhost:9164',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          normalizeServerUrl(v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (url === undefined) return undefined;
    const user = await vscode.window.showInputBox({
      title: 'User (3/4)',
      value: current?.user ?? 'admin',
      ignoreFocusOut: true,
    });
    if (user === undefined) return undefined;
    const password = await vscode.window.showInputBox({
      title: 'Password (4/4)',
      prompt: current
        ? 'Leave empty to keep the stored password'
        : "Kept in VS Code's secret storage, never in settings",
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
    return { name, url, user, password };
  };

  const checkConnection = async (p: ServerProfile) => {
    if (!(await trustCertificate(store.get(p.id)))) return;
    const c = await store.client(p.id);
    try {
      await c.login();
      void vscode.window.showInformationMessage(`Connected to ${p.name} (${p.url}).`);
    } catch (e) {
      await showError(e, store.get(p.id));
    } finally {
      c.close();
    }
  };

  const fromArg = (arg: unknown): ServerProfile | undefined => {
    const id =
      arg && typeof arg === 'object' && 'serverId' in arg
        ? String((arg as { serverId: unknown }).serverId)
        : undefined;
    return id ? store.list().find((p) => p.id === id) : undefined;
  };

  let local: { server: LocalServer; profile: ServerProfile } | undefined;
  const localOutput = vscode.window.createOutputChannel('Synapse Local Server', { log: true });
  context.subscriptions.push(localOutput);
  const stopLocal = async () => {
    const l = local;
    local = undefined;
    if (!l) return;
    const stopped = l.server.stop(); // sends SIGTERM now, before any await
    await store.remove(l.profile.id);
    await stopped;
    await vscode.commands.executeCommand('setContext', 'synapse.localServerRunning', false);
    changed();
  };
  context.subscriptions.push({ dispose: () => void stopLocal() });

  context.subscriptions.push(
    vscode.commands.registerCommand('synapse.servers.add', async () => {
      const a = await askProfile();
      if (!a) return;
      try {
        const url = normalizeServerUrl(a.url);
        // the certificate question comes before the server is saved, so it is never listed half-trusted
        const fp = await askTrust(a.name.trim() || url, url);
        const p = await store.add(
          { name: a.name, url, user: a.user, fingerprint: fp || undefined },
          a.password,
        );
        changed();
        if (fp === undefined && url.startsWith('https:')) {
          void vscode.window.showWarningMessage(
            `Saved '${p.name}' without trusting its certificate; use "Trust Server Certificate" on it in the Synapse sidebar when the server is reachable.`,
          );
          return;
        }
        await checkConnection(p);
      } catch (e) {
        void vscode.window.showErrorMessage((e as Error).message);
      }
    }),
    vscode.commands.registerCommand('synapse.servers.edit', async (arg?: unknown) => {
      const p = fromArg(arg) ?? (await pickServers('Edit which server?', false))[0];
      if (!p) return;
      if (p.local)
        return void vscode.window.showInformationMessage(
          'The local server is managed by this window; stop it to remove it.',
        );
      const a = await askProfile(p);
      if (!a) return;
      try {
        const q = await store.update(
          p.id,
          { name: a.name, url: a.url, user: a.user },
          a.password ? a.password : undefined,
        );
        changed();
        await checkConnection(q);
      } catch (e) {
        void vscode.window.showErrorMessage((e as Error).message);
      }
    }),
    vscode.commands.registerCommand('synapse.servers.remove', async (arg?: unknown) => {
      const p = fromArg(arg) ?? (await pickServers('Remove which server?', false))[0];
      if (!p) return;
      if (p.local) return stopLocal();
      const ok = await vscode.window.showWarningMessage(
        `Remove the server '${p.name}' and its stored password?`,
        { modal: true },
        'Remove',
      );
      if (ok !== 'Remove') return;
      await store.remove(p.id);
      changed();
    }),
    vscode.commands.registerCommand('synapse.servers.trustCertificate', async (arg?: unknown) => {
      const p = fromArg(arg) ?? (await pickServers('Trust the certificate of which server?', false))[0];
      if (p && (await trustCertificate(p))) changed();
    }),
    vscode.commands.registerCommand('synapse.servers.startLocal', async () => {
      if (!requireTrust('localServer')) return;
      if (local)
        return void vscode.window.showInformationMessage(
          `The local server is running at ${local.profile.url}.`,
        );
      const configDir = join(context.globalStorageUri.fsPath, 'local-server');
      mkdirSync(configDir, { recursive: true });
      try {
        const server = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Starting the local Synapse server…' },
          () =>
            startLocalServer({
              cliPath: context.asAbsolutePath(join('dist', 'cli.js')),
              configDir,
              onLine: (l) => localOutput.appendLine(l),
            }),
        );
        const profile = await store.add(
          {
            name: 'Local Server',
            url: server.url,
            user: server.user,
            fingerprint: server.fingerprint,
            local: true,
          },
          server.password,
        );
        local = { server, profile };
        void server.exited.then(() => {
          if (local?.server === server) void stopLocal();
        });
        await vscode.commands.executeCommand('setContext', 'synapse.localServerRunning', true);
        changed();
        output.info(
          `Local server started at ${server.url} (certificate SHA-256 ${server.fingerprint}, trusted automatically)`,
        );
        void vscode.window.showInformationMessage(`Local Synapse server running at ${server.url}.`);
      } catch (e) {
        void vscode.window
          .showErrorMessage(`Could not start the local server: ${(e as Error).message}`, 'Show Output')
          .then((b) => b && localOutput.show());
      }
    }),
    vscode.commands.registerCommand('synapse.servers.stopLocal', () => stopLocal()),
  );

  async function pickServers(title: string, many: boolean): Promise<ServerProfile[]> {
    const list = store.list();
    if (!list.length) {
      const pick = await vscode.window.showInformationMessage(
        'No Synapse server is configured yet.',
        'Add Server',
        'Start Local Server',
      );
      if (pick === 'Add Server') await vscode.commands.executeCommand('synapse.servers.add');
      else if (pick === 'Start Local Server')
        await vscode.commands.executeCommand('synapse.servers.startLocal');
      return [];
    }
    if (list.length === 1) return list;
    const items = list.map((p) => ({
      label: p.name,
      description: p.url,
      detail: p.local ? 'local server of this window' : `user ${p.user}`,
      profile: p,
    }));
    if (many) {
      const picked = await vscode.window.showQuickPick(items, {
        title,
        canPickMany: true,
        ignoreFocusOut: true,
      });
      return (picked ?? []).map((i) => i.profile);
    }
    const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
    return picked ? [picked.profile] : [];
  }

  for (const p of store.problems()) output.warn(p);
  return { store, onDidChange: emitter.event, changed, trustCertificate, pickServers, showError };
}
