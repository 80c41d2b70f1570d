/**
 * "Synapse: Run Project": the embedded runtime (`synapse run`) as a child process, a status-bar item with its state and
 * port, an output channel with the MI-style mediation log, and a restart when a project file is saved.
 */
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { projectContaining, projectsIn } from '../projects';
import { requireTrust } from '../trust/trust';
import { ProjectRunner, type RunState } from './run-core';

export function registerRun(context: vscode.ExtensionContext): { state(): string } {
  const output = vscode.window.createOutputChannel('Synapse Runtime', 'log');
  const item = vscode.window.createStatusBarItem('synapse.run', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Synapse Runtime';
  context.subscriptions.push(output, item);
  let runner: ProjectRunner | undefined;
  let dir: string | undefined;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;

  const show = (s: RunState) => {
    void vscode.commands.executeCommand(
      'setContext',
      'synapse.running',
      s.state === 'running' || s.state === 'starting',
    );
    item.backgroundColor = undefined;
    switch (s.state) {
      case 'starting':
        item.text = '$(loading~spin) Synapse: starting';
        item.tooltip = 'The embedded runtime is starting';
        item.command = 'synapse.run.showOutput';
        break;
      case 'running':
        item.text = `$(play-circle) Synapse: running :${s.port}`;
        item.tooltip = `The embedded runtime serves ${s.urls.join(', ') || `port ${s.port}`}. Click to stop.`;
        item.command = 'synapse.run.stop';
        break;
      case 'failed':
        item.text = '$(error) Synapse: run failed';
        item.tooltip = `${s.message}. Click to see the output.`;
        item.command = 'synapse.run.showOutput';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'stopped':
        item.text = '$(debug-start) Synapse: stopped';
        item.tooltip = 'Click to run the project';
        item.command = 'synapse.run';
        break;
    }
    item.show();
  };

  const run = async (arg?: unknown) => {
    if (!requireTrust('run')) return;
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    let root = uri?.scheme === 'file' ? projectContaining(uri.fsPath)?.root : undefined;
    if (!root) {
      const ps = projectsIn((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
      root =
        ps.length === 1
          ? ps[0].root
          : (
              await vscode.window.showQuickPick(
                ps.map((p) => ({ label: p.root, root: p.root })),
                { title: 'Run which project?' },
              )
            )?.root;
    }
    if (!root) return void vscode.window.showWarningMessage('No Synapse project to run in this workspace.');
    await runner?.stop();
    dir = root;
    const port = vscode.workspace.getConfiguration('synapse').get<number>('run.httpPort', 8290);
    output.clear();
    output.show(true);
    runner = new ProjectRunner({
      cliPath: context.asAbsolutePath('dist/cli.js'),
      dir: root,
      httpPort: port,
      onLine: (l) => output.appendLine(l),
      onState: show,
    });
    try {
      const s = await runner.start();
      if (s.state === 'running')
        vscode.window.setStatusBarMessage(`$(play-circle) Synapse runtime on port ${s.port}`, 4000);
    } catch (e) {
      void vscode.window
        .showErrorMessage(`The project did not start: ${(e as Error).message}`, 'Show Output')
        .then((b) => b && output.show());
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('synapse.run', run),
    vscode.commands.registerCommand('synapse.run.stop', async () => {
      await runner?.stop();
    }),
    vscode.commands.registerCommand('synapse.run.restart', async () => {
      if (!requireTrust('run')) return;
      if (runner) await runner.restart().catch((e: Error) => vscode.window.showErrorMessage(e.message));
      else await run();
    }),
    vscode.commands.registerCommand('synapse.run.showOutput', () => output.show(true)),
    // internal (not in the palette): where Run Project's runtime listens, for "Send request" in run mode
    vscode.commands.registerCommand('synapse.run.state', () => {
      const s = runner?.current ?? { state: 'stopped' as const };
      return s.state === 'running'
        ? { state: s.state, port: s.port, host: '127.0.0.1', urls: s.urls }
        : { state: s.state };
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (!runner?.running || !dir || doc.uri.scheme !== 'file') return;
      if (relative(dir, doc.uri.fsPath).startsWith('..')) return;
      if (!vscode.workspace.getConfiguration('synapse').get<boolean>('run.restartOnSave', true)) return;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = setTimeout(() => {
        output.appendLine(`--- ${doc.uri.fsPath.slice(dir!.length + 1)} saved: restarting ---`);
        void runner?.restart().catch((e: Error) => output.appendLine(e.message));
      }, 300);
    }),
    { dispose: () => void runner?.stop() },
  );
  show({ state: 'stopped' });
  item.hide();
  return { state: () => runner?.current.state ?? 'stopped' };
}
