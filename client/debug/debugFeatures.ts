/**
 * The debugger in VS Code: configurations of type `synapse` (initial ones, F5 without launch.json), the adapter run
 * with the extension's own Node, the Run and Debug buttons of Synapse editors, and the "Send request" CodeLens.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { synapseDocumentFilters } from '../documentSelector';
import { registerRequestFeatures } from '../requests/requestFeatures';
import { requireTrust } from '../trust/trust';
import {
  DEBUG_TYPE,
  configProblem,
  initialConfigurations,
  isPortFree,
  launchConfig,
  projectRootOf,
  projectsIn,
  type SynapseLaunchConfig,
} from './config-core';
import { RuntimeRegistry } from './runtimes';

/** Context key: the active editor shows a Synapse file (drives the editor-title Run and Debug buttons). */
export const SYNAPSE_FILE_CONTEXT = 'synapse.synapseFileActive';

/** Commands that start "Run Project" (helper feature), tried in this order before falling back to a no-debug launch. */
const RUN_PROJECT_COMMANDS = ['synapse.run'];

/** Marks configurations we built for F5 without launch.json (their port may move when 8290 is taken). */
const ZERO_CONFIG = '__synapseZeroConfig';

function extraPatterns(): unknown[] {
  return vscode.workspace.getConfiguration('synapse').get<unknown[]>('files.additionalPatterns', []);
}

/** The project of the active Synapse editor, else the first project of the workspace. */
export function currentProject(
  folder?: vscode.WorkspaceFolder,
): { dir: string; folder?: vscode.WorkspaceFolder } | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file') {
    const f = vscode.workspace.getWorkspaceFolder(doc.uri);
    const dir = projectRootOf(doc.uri.fsPath, f?.uri.fsPath);
    if (dir) return { dir, folder: f };
  }
  const folders = folder ? [folder] : (vscode.workspace.workspaceFolders ?? []);
  for (const f of folders) {
    const found = projectsIn(f.uri.fsPath);
    if (found.length) return { dir: found[0], folder: f };
  }
  return undefined;
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration[] {
    return initialConfigurations(folder?.uri.fsPath);
  }

  resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    if (!requireTrust('debug')) return undefined;
    if (!config.type && !config.request && !config.name) {
      // F5 with no launch.json: debug the project of the active file (or the workspace's first project).
      const p = currentProject(folder);
      if (!p) {
        void vscode.window.showErrorMessage(
          'No Synapse project to debug: open a file of a project (src/main/wso2mi/artifacts or src/main/synapse-config) and press F5 again.',
        );
        return undefined;
      }
      return {
        ...launchConfig(p.dir, p.folder?.uri.fsPath ?? folder?.uri.fsPath, 'Debug Synapse project'),
        [ZERO_CONFIG]: true,
      };
    }
    if (config.type === DEBUG_TYPE && config.request === 'launch' && !config.project) {
      const p = currentProject(folder);
      if (p) config.project = p.dir;
    }
    return config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const c = config as SynapseLaunchConfig;
    const problem = configProblem(c);
    if (problem) {
      void vscode.window.showErrorMessage(`${c.name}: ${problem.message} [${problem.code}]`);
      return undefined;
    }
    if (c.request === 'launch') {
      const port = c.httpPort ?? 8290;
      const host = typeof c.host === 'string' && c.host ? c.host : '127.0.0.1';
      if (port > 0 && !(await isPortFree(port, host))) {
        if (config[ZERO_CONFIG]) {
          c.httpPort = 0;
          void vscode.window.showInformationMessage(
            `Port ${port} is in use (by Run Project or another server): the runtime listens on a free port; its URLs are in the Debug Console.`,
          );
        } else {
          const pick = await vscode.window.showWarningMessage(
            `Port ${port} is in use (by Run Project or another server). Debug on a free port instead?`,
            { modal: true },
            'Use a Free Port',
          );
          if (!pick) return undefined;
          c.httpPort = 0;
        }
      }
    }
    delete config[ZERO_CONFIG];
    return config;
  }
}

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly context: vscode.ExtensionContext) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const adapter = this.context.asAbsolutePath('dist/debugAdapter.js');
    if (!existsSync(adapter)) {
      throw new Error(`The Synapse debug adapter is missing (${adapter}): reinstall the extension.`);
    }
    // The extension host's own Node (Electron's, in desktop VS Code, run as plain Node): no `node` on PATH needed.
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}

async function startProject(noDebug: boolean, uri?: vscode.Uri): Promise<void> {
  if (!requireTrust(noDebug ? 'run' : 'debug')) return;
  if (noDebug) {
    const all = await vscode.commands.getCommands(true);
    const run = RUN_PROJECT_COMMANDS.find((c) => all.includes(c));
    if (run) {
      await vscode.commands.executeCommand(run, uri);
      return;
    }
  }
  let p: { dir: string; folder?: vscode.WorkspaceFolder } | undefined;
  if (uri?.scheme === 'file') {
    const f = vscode.workspace.getWorkspaceFolder(uri);
    const dir = projectRootOf(uri.fsPath, f?.uri.fsPath);
    if (dir) p = { dir, folder: f };
  }
  p ??= currentProject();
  if (!p) {
    void vscode.window.showErrorMessage('No Synapse project found in this workspace.');
    return;
  }
  const running = vscode.debug.activeDebugSession;
  if (!noDebug && running?.type === DEBUG_TYPE && running.configuration.request === 'launch') {
    await vscode.commands.executeCommand('workbench.view.debug');
    void vscode.window.showInformationMessage(`The project is already being debugged (${running.name}).`);
    return;
  }
  const cfg: vscode.DebugConfiguration = {
    ...launchConfig(p.dir, p.folder?.uri.fsPath, noDebug ? 'Run Synapse project' : 'Debug Synapse project'),
    [ZERO_CONFIG]: true,
  };
  await vscode.debug.startDebugging(p.folder, cfg, { noDebug });
}

/** Registers everything of the debugger and the request sender; call once from `activate`. */
export function registerDebugFeatures(context: vscode.ExtensionContext): void {
  const runtimes = new RuntimeRegistry();
  const provider = new ConfigurationProvider();
  context.subscriptions.push(
    runtimes,
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      provider,
      vscode.DebugConfigurationProviderTriggerKind.Initial,
    ),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      {
        provideDebugConfigurations: (folder) => {
          const p = currentProject(folder);
          return p
            ? [launchConfig(p.dir, p.folder?.uri.fsPath ?? folder?.uri.fsPath, 'Debug Synapse project')]
            : [];
        },
      },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(context)),
    vscode.commands.registerCommand('synapse.debug.debugProject', (uri?: vscode.Uri) =>
      startProject(false, uri),
    ),
    vscode.commands.registerCommand('synapse.debug.runProject', (uri?: vscode.Uri) =>
      startProject(true, uri),
    ),
  );

  const updateContext = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const isSynapse = !!doc && vscode.languages.match(synapseDocumentFilters(extraPatterns()), doc) > 0;
    void vscode.commands.executeCommand('setContext', SYNAPSE_FILE_CONTEXT, isSynapse);
  };
  updateContext();
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(updateContext));

  registerRequestFeatures(context, runtimes, () => startProject(false));
}
