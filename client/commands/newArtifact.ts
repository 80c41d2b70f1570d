/**
 * "Synapse: New Artifact...": pick a kind, name it, create the file with a valid skeleton in the right folder of the
 * project, and open it. References the kind needs (a sequence, a store, an endpoint) are picked from the project or
 * created alongside, so the new file validates cleanly.
 *
 * Arguments (all optional, for menus and automation): a `vscode.Uri` (explorer context menu) or
 * `{ kind?: ArtifactKindId, name?: string, project?: string, refs?: Record<string,string>, open?: boolean }`.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Project } from '../../core/project/discover';
import {
  ARTIFACT_KINDS,
  artifactKind,
  kindsForFolder,
  validateArtifactName,
  type ArtifactKind,
  type ArtifactKindId,
} from '../artifactTemplates';
import { companionFor, planArtifact, writePlan, type PlannedFile } from '../artifactPlan';
import { artifactsOfKind, projectContaining, projectsIn, takenNames } from '../projects';

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

  // From the explorer's context menu on an artifact folder (e.g. `sequences`), offer only that folder's kinds.
  const folderKinds = arg instanceof vscode.Uri ? kindsForFolder(basename(arg.fsPath)) : [];
  const kind = args.kind
    ? artifactKind(args.kind)
    : folderKinds.length === 1
      ? folderKinds[0]
      : await pickKind(folderKinds.length ? folderKinds : ARTIFACT_KINDS);
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

  // References: pick an existing artifact, or leave the dependency out of `refs` to get a companion artifact.
  const refs: Record<string, string> = { ...(args.refs ?? {}) };
  for (const dep of kind.dependencies) {
    if (refs[dep.param]) continue;
    const depKind = artifactKind(dep.kind)!;
    const existing = artifactsOfKind(project, depKind);
    // Ask only in the interactive flow and when there is something to choose from.
    if (existing.length === 0 || args.name !== undefined) continue;
    const companion = companionFor(project, kind, name, dep.param);
    const items: (vscode.QuickPickItem & { value?: string })[] = [
      { label: `$(add) New ${depKind.label.toLowerCase()} "${companion}"`, value: undefined },
      ...existing.map((e) => ({ label: e, value: e })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: dep.prompt, ignoreFocusOut: true });
    if (!pick) return undefined;
    if (pick.value) refs[dep.param] = pick.value;
  }

  let written: string[];
  let plan: PlannedFile[];
  try {
    plan = planArtifact(project, kind, name, refs, taken);
    written = writePlan(plan);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Could not create ${kind.label} "${name}": ${(err as Error).message}`,
    );
    return undefined;
  }
  const companions = plan.slice(1);
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

async function pickKind(kinds: readonly ArtifactKind[]): Promise<ArtifactKind | undefined> {
  const pick = await vscode.window.showQuickPick(
    kinds.map((k) => ({
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
