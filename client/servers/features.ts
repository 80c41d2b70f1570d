/**
 * Everything users do with servers and the runtime, registered by one call from extension.ts: servers and the local
 * server, the server explorer, Deploy to Server / Package CAR, Run Project, Restricted Mode checks, troubleshooting.
 */
import * as vscode from 'vscode';
import { registerDeploy } from '../deploy/deployCommands';
import { registerExplorer } from '../explorer/serverTree';
import { registerRun } from '../run/runCommands';
import { registerTroubleshooting } from '../trust/troubleshooting';
import { registerServers } from './serverCommands';

export function registerServerFeatures(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Synapse Deploy', { log: true });
  context.subscriptions.push(output);
  const servers = registerServers(context, output);
  registerExplorer(context, servers);
  registerDeploy(context, servers, output);
  const run = registerRun(context);
  registerTroubleshooting(context, servers.store, run.state);
  const trusted = () =>
    void vscode.commands.executeCommand('setContext', 'synapse.trusted', vscode.workspace.isTrusted);
  trusted();
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(trusted));
}
