/** The "Synapse" status bar item: shows the language server's state; a click opens its output. */
import * as vscode from 'vscode';
import type { ServerStatus, SynapseLanguageClient } from './languageClient';

const TEXT: Record<ServerStatus, string> = {
  starting: '$(loading~spin) Synapse',
  running: '$(check) Synapse',
  stopped: '$(circle-slash) Synapse',
  failed: '$(error) Synapse',
};

export function createStatusItem(client: SynapseLanguageClient): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('synapse.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Synapse Language Server';
  item.command = 'synapse.showOutput';
  const update = (s: ServerStatus) => {
    item.text = TEXT[s];
    item.tooltip =
      s === 'failed'
        ? `Synapse language server failed: ${client.error ?? 'unknown error'}. Click to see its output.`
        : `Synapse language server: ${s}. Click to see its output.`;
    item.accessibilityInformation = { label: `Synapse language server ${s}` };
    item.backgroundColor =
      s === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  update(client.status);
  item.show();
  const sub = client.onDidChangeStatus(update);
  return vscode.Disposable.from(item, sub);
}
