/** "Synapse: Export Troubleshooting Information": a redacted report in a new editor the user can read before sharing. */
import * as vscode from 'vscode';
import type { ServerStore } from '../servers/store-core';
import { troubleshootingReport } from './troubleshooting-core';

export function registerTroubleshooting(
  context: vscode.ExtensionContext,
  store: ServerStore,
  runState: () => string,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('synapse.exportTroubleshooting', async () => {
      const cfg = vscode.workspace.getConfiguration('synapse');
      const settings: Record<string, unknown> = {};
      const walk = (prefix: string, o: unknown) => {
        if (o && typeof o === 'object' && !Array.isArray(o)) {
          for (const [k, v] of Object.entries(o))
            if (typeof v !== 'function') walk(prefix ? `${prefix}.${k}` : k, v);
        } else settings[`synapse.${prefix}`] = o;
      };
      walk('', JSON.parse(JSON.stringify(cfg)));
      const ext = vscode.extensions.getExtension('synapse-integration-tools.synapse-integration-tools');
      const text = troubleshootingReport({
        extensionVersion: String(context.extension.packageJSON.version ?? ext?.packageJSON.version ?? '?'),
        vscodeVersion: vscode.version,
        platform: `${process.platform} ${process.arch}`,
        node: process.version,
        trusted: vscode.workspace.isTrusted,
        settings,
        servers: store.list(),
        runState: runState(),
      });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
      await vscode.window.showTextDocument(doc);
    }),
  );
}
