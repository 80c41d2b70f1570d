/**
 * "Synapse: Create New Project": asks for a name and a parent folder, writes a complete Micro Integrator project
 * (pom.xml, the artifact folders, resources, a hello-world API) and opens it.
 *
 * Arguments (optional, for automation): `{ name?: string, parentDir?: string, open?: 'ask'|'current'|'new'|'add'|'none' }`.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { HELLO_API_NAME, MI_ARTIFACTS_DIR, validateProjectName, writeProject } from '../projectTemplate';

export interface CreateProjectArgs {
  name?: string;
  parentDir?: string;
  open?: 'ask' | 'current' | 'new' | 'add' | 'none';
}

/** Returns the new project's folder, or undefined when cancelled or refused. */
export async function createProjectCommand(arg?: unknown): Promise<string | undefined> {
  const args = (arg && typeof arg === 'object' ? arg : {}) as CreateProjectArgs;
  let name = args.name;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      title: 'New Synapse project',
      prompt: 'Project name (the Maven artifactId and the folder name)',
      value: 'integration-project',
      validateInput: (v) => validateProjectName(v.trim()),
      ignoreFocusOut: true,
    });
    if (name === undefined) return undefined;
    name = name.trim();
  }
  const problem = validateProjectName(name);
  if (problem) {
    void vscode.window.showErrorMessage(`Cannot create project "${name}": ${problem}`);
    return undefined;
  }
  let parentDir = args.parentDir;
  if (parentDir === undefined) {
    const picked = await vscode.window.showOpenDialog({
      title: `Folder to create "${name}" in`,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Create Project Here',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!picked || picked.length === 0) return undefined;
    parentDir = picked[0].fsPath;
  }
  let root: string;
  try {
    root = writeProject(parentDir, name);
  } catch (err) {
    void vscode.window.showErrorMessage(`Cannot create project "${name}": ${(err as Error).message}`);
    return undefined;
  }
  const rootUri = vscode.Uri.file(root);
  const helloUri = vscode.Uri.file(
    join(root, ...MI_ARTIFACTS_DIR.split('/'), 'apis', `${HELLO_API_NAME}.xml`),
  );
  let open = args.open ?? 'ask';
  if (open === 'ask') {
    const choices = { current: 'Open', new: 'Open in New Window', add: 'Add to Workspace' } as const;
    const answer = await vscode.window.showInformationMessage(
      `Created the Synapse project "${name}" in ${parentDir}.`,
      choices.current,
      choices.new,
      choices.add,
    );
    open =
      answer === choices.current
        ? 'current'
        : answer === choices.new
          ? 'new'
          : answer === choices.add
            ? 'add'
            : 'none';
  }
  if (open === 'current' || open === 'new') {
    await vscode.commands.executeCommand('vscode.openFolder', rootUri, { forceNewWindow: open === 'new' });
  } else if (open === 'add') {
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    vscode.workspace.updateWorkspaceFolders(count, 0, { uri: rootUri, name });
    await vscode.window.showTextDocument(helloUri, { preview: false });
  }
  return root;
}
