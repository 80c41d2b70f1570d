/**
 * "Synapse: New Artifact...": pick a kind, name it, create the file with a valid skeleton in the right folder of the
 * project, and open it. References the kind needs (a sequence, a store, an endpoint) are picked from the project or
 * created alongside, so the new file validates cleanly.
 *
 * Arguments (all optional, for menus and automation): a `vscode.Uri` (explorer context menu) or
 * `{ kind?: ArtifactKindId, name?: string, project?: string, refs?: Record<string,string>, open?: boolean }`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Project } from '../../core/project/discover';
import {
  ARTIFACT_KINDS,
  artifactKind,
  validateArtifactName,
  type ArtifactKind,
  type ArtifactKindId,
} from '../artifactTemplates';
import { artifactFolder, artifactsOfKind, projectContaining, projectsIn, takenNames } from '../projects';

export interface NewArtifactArgs {
  kind?: ArtifactKindId;
  name?: string;
  project?: string;
  refs?: Record<string, string>;
  open?: boolean;
}

/** Result: the files written (the new artifact first), or undefined when the user cancelled. */
export async function newArtifactCommand(arg?: unknown): Promise<string[] | undefined> {
  const args: NewArtifactArgs = arg instanceof vscode.Uri ? {} : ((arg ?? {}) as NewArtifactArgs);
  const hint = arg instanceof vscode.Uri ? arg.fsPath : args.project;
  const project = await pickProject(hint);
  if (!project) return undefined;

  const kind = args.kind ? artifactKind(args.kind) : await pickKind();
  if (!kind) {
    if (args.kind) void vscode.window.showErrorMessage(`Unknown artifact kind "${args.kind}".`);
    return undefined;
  }
  const taken = takenNames(project);
  let name = args.name;
  if (name !== undefined) {
    const problem = validateArtifactName(name, taken);
    if (problem) {
      void vscode.window.showErrorMessage(`Cannot create ${kind.label} "${name}": ${problem}`);
      return undefined;
    }
  } else {
    name = await vscode.window.showInputBox({
      title: `New ${kind.label}`,
      prompt: `Name of the ${kind.label.toLowerCase()} (also its file name)`,
      placeHolder: suggestName(kind, taken),
      value: suggestName(kind, taken),
      validateInput: (v) => validateArtifactName(v.trim(), taken),
      ignoreFocusOut: true,
    });
    if (name === undefined) return undefined;
    name = name.trim();
  }

  // References: pick an existing artifact or create a companion one.
  const refs: Record<string, string> = { ...(args.refs ?? {}) };
  const companions: { kind: ArtifactKind; name: string }[] = [];
  const reserved = new Set([...taken, name].map((n) => n.toLowerCase()));
  for (const dep of kind.dependencies) {
    if (refs[dep.param]) continue;
    const depKind = artifactKind(dep.kind)!;
    const existing = artifactsOfKind(project, depKind);
    let companion = dep.companionName(name);
    for (let i = 2; reserved.has(companion.toLowerCase()) && i < 1000; i++)
      companion = `${dep.companionName(name)}${i}`;
    let chosen: string | undefined;
    // Ask only in the interactive flow and when there is something to choose from.
    if (existing.length > 0 && args.name === undefined) {
      const items: (vscode.QuickPickItem & { value?: string })[] = [
        { label: `$(add) New ${depKind.label.toLowerCase()} "${companion}"`, value: undefined },
        ...existing.map((e) => ({ label: e, value: e })),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: dep.prompt, ignoreFocusOut: true });
      if (!pick) return undefined;
      chosen = pick.value;
    }
    if (chosen) refs[dep.param] = chosen;
    else {
      refs[dep.param] = companion;
      reserved.add(companion.toLowerCase());
      companions.push({ kind: depKind, name: companion });
    }
  }

  const written: string[] = [];
  try {
    const mainPath = writeArtifact(project, kind, name, refs);
    written.push(mainPath);
    for (const c of companions) written.push(writeArtifact(project, c.kind, c.name, {}));
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Could not create ${kind.label} "${name}": ${(err as Error).message}`,
    );
    return undefined;
  }
  if (args.open !== false) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(written[0]));
    await vscode.window.showTextDocument(doc, { preview: false });
  }
  if (companions.length) {
    void vscode.window.showInformationMessage(
      `Created ${kind.label} "${name}" and ${companions.map((c) => `${c.kind.label.toLowerCase()} "${c.name}"`).join(', ')}.`,
    );
  }
  return written;
}

function writeArtifact(
  project: Project,
  kind: ArtifactKind,
  name: string,
  refs: Record<string, string>,
): string {
  const dir = artifactFolder(project, kind);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}${kind.extension}`);
  // 'wx': never overwrite an existing file.
  writeFileSync(path, kind.skeleton(name, refs), { encoding: 'utf8', flag: 'wx' });
  return path;
}

function suggestName(kind: ArtifactKind, taken: readonly string[]): string {
  const stem: Record<string, string> = {
    api: 'NewAPI',
    proxy: 'NewProxy',
    sequence: 'NewSequence',
    'http-endpoint': 'NewEP',
    'address-endpoint': 'NewEP',
    'local-entry': 'NewEntry',
    'sequence-template': 'NewTemplate',
    'endpoint-template': 'NewEndpointTemplate',
    'inbound-endpoint': 'NewInbound',
    task: 'NewTask',
    'message-store': 'NewStore',
    'message-processor': 'NewProcessor',
  };
  const base = stem[kind.id] ?? 'NewArtifact';
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; i < 1000; i++) if (!lower.has(`${base}${i}`.toLowerCase())) return `${base}${i}`;
  return base;
}

async function pickKind(): Promise<ArtifactKind | undefined> {
  const pick = await vscode.window.showQuickPick(
    ARTIFACT_KINDS.map((k) => ({
      label: k.label,
      description: k.folder,
      detail: k.description,
      artifactKind: k,
    })),
    {
      title: 'New Synapse artifact',
      placeHolder: 'Kind of artifact',
      matchOnDetail: true,
      ignoreFocusOut: true,
    },
  );
  return pick?.artifactKind;
}

async function pickProject(hint: string | undefined): Promise<Project | undefined> {
  const fromHint = hint ? projectContaining(hint) : undefined;
  if (fromHint) return fromHint;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') {
    const p = projectContaining(active.fsPath);
    if (p) return p;
  }
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  const projects = projectsIn(folders);
  if (projects.length === 0) {
    const create = 'Create New Project';
    const answer = await vscode.window.showErrorMessage(
      'There is no Synapse project in this workspace (a folder with src/main/wso2mi/artifacts or src/main/synapse-config).',
      create,
    );
    if (answer === create) await vscode.commands.executeCommand('synapse.createProject');
    return undefined;
  }
  if (projects.length === 1) return projects[0];
  const pick = await vscode.window.showQuickPick(
    projects.map((p) => ({ label: p.name, description: p.root, project: p })),
    { title: 'Which project?', ignoreFocusOut: true },
  );
  return pick?.project;
}
