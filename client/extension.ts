/**
 * The Synapse Integration Tools extension (authoring part): language client, status item, snippets, and the project
 * and artifact commands. Activation only on Synapse workspaces (package.json `activationEvents`), or when one of our
 * commands is run (e.g. "Create New Project" from an empty window).
 */
import * as vscode from 'vscode';
import { createProjectCommand } from './commands/createProject';
import { newArtifactCommand } from './commands/newArtifact';
import { markerGlob, synapseDocumentFilters } from './documentSelector';
import type { SynapseLanguageClient } from './languageClient';
import { loadSnippets } from './snippetFile';
import { registerSnippetProvider } from './snippetProvider';
import { createStatusItem } from './statusItem';
import { registerServerFeatures } from './servers/features';
import { registerDebugFeatures } from './debug/debugFeatures';
import { registerTesting } from './testing';

/** Context key: the workspace holds a Synapse project (drives `when` clauses of commands and menus). */
export const PROJECT_OPEN_CONTEXT = 'synapse.projectOpen';

let client: SynapseLanguageClient | undefined;
/** The client being created (its library loads first): one at a time, however many triggers arrive. */
let starting: Promise<SynapseLanguageClient> | undefined;

/** What `activate` returns (for tests running inside VS Code and for other extensions). */
export interface SynapseExtensionApi {
  readonly languageClient: SynapseLanguageClient | undefined;
  isSynapseWorkspace(): Promise<boolean>;
}

export async function activate(context: vscode.ExtensionContext): Promise<SynapseExtensionApi> {
  const output = vscode.window.createOutputChannel('Synapse Language Server', { log: true });
  context.subscriptions.push(output);
  output.info(
    `Synapse Integration Tools ${String(context.extension.packageJSON.version)} on VS Code ${vscode.version}`,
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('synapse.createProject', createProjectCommand),
    vscode.commands.registerCommand('synapse.newArtifact', newArtifactCommand),
    vscode.commands.registerCommand('synapse.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('synapse.restartLanguageServer', async () => {
      if (!client) {
        client = await start();
      } else {
        output.info('Restarting the language server');
        await client.restart();
      }
      if (client.status === 'failed') {
        void vscode.window.showErrorMessage(
          `The Synapse language server did not start: ${client.error ?? 'see its output'}`,
        );
      }
    }),
  );

  let snippets: ReturnType<typeof loadSnippets> = [];
  try {
    snippets = loadSnippets(context.asAbsolutePath('snippets/synapse.code-snippets'));
  } catch (err) {
    output.error(`Could not read the Synapse snippets: ${err instanceof Error ? err.message : String(err)}`);
  }
  let snippetRegistration: vscode.Disposable | undefined;
  const registerSnippets = () => {
    snippetRegistration?.dispose();
    const extra = vscode.workspace.getConfiguration('synapse').get<unknown[]>('files.additionalPatterns', []);
    snippetRegistration = registerSnippetProvider(synapseDocumentFilters(extra), snippets, () =>
      vscode.workspace.getConfiguration('synapse').get<boolean>('snippets.enable', true),
    );
  };
  registerSnippets();
  context.subscriptions.push({ dispose: () => snippetRegistration?.dispose() });

  const start = (): Promise<SynapseLanguageClient> =>
    (starting ??= startClient(context, output).then(
      (c) => (client = c),
      (e: unknown) => {
        starting = undefined;
        throw e;
      },
    ));

  const isSynapseWorkspace = async (): Promise<boolean> => {
    const extra = vscode.workspace.getConfiguration('synapse').get<unknown[]>('files.additionalPatterns', []);
    if (extra.some((p) => typeof p === 'string' && p.trim())) return true;
    const found = await vscode.workspace.findFiles(markerGlob(), '**/node_modules/**', 1);
    return found.length > 0;
  };

  const ensureStarted = async () => {
    if (client) return;
    if (!(await isSynapseWorkspace())) return;
    await vscode.commands.executeCommand('setContext', PROJECT_OPEN_CONTEXT, true);
    await start();
  };

  // A project may appear later (created by our command, cloned, unzipped): start then.
  const markerWatcher = vscode.workspace.createFileSystemWatcher(markerGlob(), false, true, true);
  markerWatcher.onDidCreate(() => void ensureStarted());
  context.subscriptions.push(markerWatcher);
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void ensureStarted()));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('synapse.files.additionalPatterns')) {
        registerSnippets();
        if (client) await client.restart();
        else await ensureStarted();
      }
    }),
  );

  registerServerFeatures(context);
  registerDebugFeatures(context);
  registerTesting(context);
  await ensureStarted();
  return {
    get languageClient() {
      return client;
    },
    isSynapseWorkspace,
  };
}

/** The language client library (vscode-languageclient) is its own bundle, loaded here rather than at activation. */
async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): Promise<SynapseLanguageClient> {
  const { SynapseLanguageClient } = await import('./languageClient');
  const c = new SynapseLanguageClient(context, output);
  context.subscriptions.push(c, createStatusItem(c));
  void c.start();
  return c;
}

export async function deactivate(): Promise<void> {
  const c = client ?? (await starting?.catch(() => undefined));
  starting = undefined;
  client = undefined;
  if (c) await c.stop();
}
