/**
 * "Synapse: Deploy to Server" (palette, explorer context menu, editor title, sidebar) and "Synapse: Package CAR".
 * The CAR is built in-process; errors in the project block a deploy unless the user insists; the upload is cancellable
 * and reported per server, with the button that fixes a failure and "Show in Sidebar" on success.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { ManagementClient } from '../../core/management';
import { projectContaining, projectsIn } from '../projects';
import type { ServersApi } from '../servers/serverCommands';
import type { ServerProfile } from '../servers/store-core';
import { requireTrust } from '../trust/trust';
import type { DeployOutcome } from './deploy-core';

/** Packaging and validation load on first use, not at activation (they bring the CAR writer and the validator). */
const deployCore = () => import('./deploy-core');
const isCarError = (e: unknown): e is Error => e instanceof Error && e.name === 'CarError';

/** The project a command acts on: from its argument (a file or folder), the active editor, or the workspace. */
async function pickProject(arg: unknown): Promise<string | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === 'file') {
    const p = projectContaining(uri.fsPath);
    if (p) return p.root;
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const projects = projectsIn(folders);
  if (!projects.length) {
    void vscode.window.showWarningMessage(
      'No Synapse project found in this workspace (a folder with src/main/wso2mi/artifacts or src/main/synapse-config).',
    );
    return undefined;
  }
  if (projects.length === 1) return projects[0].root;
  const pick = await vscode.window.showQuickPick(
    projects.map((p) => ({
      label: p.root.split(/[\\/]/).pop() ?? p.root,
      description: p.root,
      root: p.root,
    })),
    { title: 'Which project?' },
  );
  return pick?.root;
}

/** Errors in the project: the language server's (Problems panel), else the same validator run here. */
async function errorsIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file' || relative(dir, uri.fsPath).startsWith('..')) continue;
    for (const d of diags)
      if (d.severity === vscode.DiagnosticSeverity.Error && d.source === 'synapse')
        out.push(
          `${relative(dir, uri.fsPath)}:${d.range.start.line + 1} ${typeof d.code === 'object' ? d.code.value : (d.code ?? '')} ${d.message}`,
        );
  }
  if (out.length) return out;
  return (await deployCore())
    .projectErrors(dir)
    .map((f) => `${isAbsolute(f.file) ? relative(dir, f.file) : f.file}:${f.line} ${f.code} ${f.message}`);
}

export function registerDeploy(
  context: vscode.ExtensionContext,
  servers: ServersApi,
  output: vscode.LogOutputChannel,
): void {
  // connector dependencies the CAR could not carry: in the log, and said once (packaging goes on, as on the CLI)
  const warnAboutConnectors = (warnings: string[]) => {
    if (!warnings.length) return;
    for (const w of warnings) output.warn(w);
    void vscode.window.showWarningMessage(
      `The CAR lacks connector dependencies of pom.xml (see the Synapse output): ${warnings[warnings.length - 1]}`,
    );
  };
  const deploy = async (arg?: unknown) => {
    if (!requireTrust('deploy')) return;
    // from the sidebar: a server node
    const fromServer =
      arg && typeof arg === 'object' && 'profile' in arg
        ? (arg as { profile: ServerProfile }).profile
        : undefined;
    const dir = await pickProject(fromServer ? undefined : arg);
    if (!dir) return;
    const errors = await errorsIn(dir);
    if (errors.length) {
      const pick = await vscode.window.showWarningMessage(
        `The project has ${errors.length} error${errors.length === 1 ? '' : 's'}; deploying it may fail on the server.`,
        {
          modal: true,
          detail:
            errors.slice(0, 5).join('\n') + (errors.length > 5 ? `\n… and ${errors.length - 5} more` : ''),
        },
        'Show Problems', // first: the default button of the dialog is the safe one
        'Deploy Anyway',
      );
      if (pick === 'Show Problems')
        return void vscode.commands.executeCommand('workbench.actions.view.problems');
      if (pick !== 'Deploy Anyway') return;
    }
    const targets = fromServer ? [fromServer] : await servers.pickServers('Deploy to which servers?', true);
    if (!targets.length) return;
    for (const t of targets) if (!(await servers.trustCertificate(t))) return;

    let car;
    try {
      car = await (await deployCore()).buildProjectCar(dir);
      warnAboutConnectors(car.warnings);
    } catch (e) {
      const msg = isCarError(e) ? e.message : `Could not package ${dir}: ${(e as Error).message}`;
      output.error(msg);
      void vscode.window.showErrorMessage(msg);
      return;
    }
    const outcomes = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Deploying ${car.fileName}`,
        cancellable: true,
      },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        const sent = new Map<string, number>();
        let reported = 0;
        const total = car.bytes.length * targets.length;
        return Promise.all(
          targets.map(async (t): Promise<DeployOutcome> => {
            let client: ManagementClient | undefined;
            try {
              client = await servers.store.client(t.id);
            } catch (e) {
              return {
                server: t.name,
                status: 'failed',
                message: (e as Error).message,
                action: 'editServer',
                code: 'SERVER_NO_PASSWORD',
              };
            }
            try {
              return await (
                await deployCore()
              ).deployTo(client, t.name, car, {
                signal: ac.signal,
                onProgress: (p) => {
                  sent.set(t.name, p.sent);
                  const now = [...sent.values()].reduce((a, b) => a + b, 0);
                  const pct = Math.floor((now / total) * 100);
                  progress.report({
                    increment: pct - reported,
                    message: `uploading to ${targets.length === 1 ? t.name : `${targets.length} servers`} (${pct}%)`,
                  });
                  reported = pct;
                },
              });
            } finally {
              client.close();
            }
          }),
        );
      },
    );
    for (const o of outcomes) {
      (o.status === 'deployed' ? output.info : output.error).call(output, o.message);
      const t = targets.find((x) => x.name === o.server)!;
      if (o.status === 'deployed') {
        void vscode.window
          .showInformationMessage(`Deployed ${car.fileName} to ${o.server}.`, 'Show in Sidebar')
          .then((b) => {
            if (b) void vscode.commands.executeCommand('synapse.servers.reveal', t.id);
          });
      } else if (o.status === 'cancelled') {
        void vscode.window.showWarningMessage(o.message);
      } else {
        const buttons =
          o.action === 'editServer'
            ? ['Edit Server']
            : o.action === 'trustCertificate'
              ? ['Trust New Certificate…']
              : o.action === 'retry'
                ? ['Retry']
                : ['Show Log'];
        void vscode.window.showErrorMessage(o.message, ...buttons).then(async (b) => {
          if (b === 'Edit Server')
            await vscode.commands.executeCommand('synapse.servers.edit', { serverId: t.id });
          else if (b === 'Trust New Certificate…') {
            if (await servers.trustCertificate(servers.store.get(t.id)))
              await vscode.commands.executeCommand('synapse.deploy', vscode.Uri.file(dir));
          } else if (b === 'Retry')
            await vscode.commands.executeCommand('synapse.deploy', vscode.Uri.file(dir));
          else if (b === 'Show Log') output.show(true);
        });
      }
    }
    servers.changed();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('synapse.deploy', deploy),
    vscode.commands.registerCommand('synapse.packageCar', async (arg?: unknown) => {
      const dir = await pickProject(arg);
      if (!dir) return;
      try {
        const car = await (await deployCore()).buildProjectCar(dir);
        warnAboutConnectors(car.warnings);
        const target = await vscode.window.showSaveDialog({
          // target/ when the project has one (Maven's output folder), else the project folder
          defaultUri: vscode.Uri.file(
            join(existsSync(join(dir, 'target')) ? join(dir, 'target') : dir, car.fileName),
          ),
          filters: { 'Carbon Application': ['car'] },
          title: 'Save the CAR',
        });
        if (!target) return;
        mkdirSync(dirname(target.fsPath), { recursive: true });
        writeFileSync(target.fsPath, car.bytes);
        output.info(`Packaged ${car.project.artifacts.length} artifacts into ${target.fsPath}`);
        void vscode.window.showInformationMessage(
          `Saved ${car.fileName} (${car.project.artifacts.length} artifacts).`,
        );
      } catch (e) {
        void vscode.window.showErrorMessage(
          isCarError(e) ? e.message : `Could not package: ${(e as Error).message}`,
        );
      }
    }),
  );
}
