/**
 * Plans the files "New Artifact" writes: the artifact itself plus a companion for each reference the user did not
 * point at an existing artifact. Pure apart from {@link writePlan}'s writes; no `vscode`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Project } from '../core/project/discover';
import { artifactKind, validateArtifactName, type ArtifactKind } from './artifactTemplates';
import { artifactFolder, takenNames } from './projects';

export interface PlannedFile {
  kind: ArtifactKind;
  name: string;
  path: string;
  content: string;
}

/**
 * `refs` maps a dependency's `param` to the name of an existing artifact; every dependency missing from it gets a
 * companion artifact with a fresh name. Throws when the name is invalid or taken.
 */
export function planArtifact(
  project: Project,
  kind: ArtifactKind,
  name: string,
  refs: Record<string, string> = {},
  taken: readonly string[] = takenNames(project),
): PlannedFile[] {
  const problem = validateArtifactName(name, taken);
  if (problem) throw new Error(problem);
  const reserved = new Set([...taken, name].map((n) => n.toLowerCase()));
  const resolved: Record<string, string> = { ...refs };
  const companions: PlannedFile[] = [];
  for (const dep of kind.dependencies) {
    if (resolved[dep.param]) continue;
    const depKind = artifactKind(dep.kind)!;
    const stem = dep.companionName(name);
    let companion = stem;
    for (let i = 2; reserved.has(companion.toLowerCase()) && i < 1000; i++) companion = `${stem}${i}`;
    reserved.add(companion.toLowerCase());
    resolved[dep.param] = companion;
    companions.push(fileFor(project, depKind, companion, {}));
  }
  return [fileFor(project, kind, name, resolved), ...companions];
}

/** A dependency's default companion name for `name` (what the quick pick proposes). */
export function companionFor(project: Project, kind: ArtifactKind, name: string, param: string): string {
  const dep = kind.dependencies.find((d) => d.param === param);
  if (!dep) throw new Error(`${kind.id} has no dependency ${param}`);
  const reserved = new Set([...takenNames(project), name].map((n) => n.toLowerCase()));
  const stem = dep.companionName(name);
  let companion = stem;
  for (let i = 2; reserved.has(companion.toLowerCase()) && i < 1000; i++) companion = `${stem}${i}`;
  return companion;
}

function fileFor(
  project: Project,
  kind: ArtifactKind,
  name: string,
  refs: Record<string, string>,
): PlannedFile {
  return {
    kind,
    name,
    path: join(artifactFolder(project, kind), `${name}${kind.extension}`),
    content: kind.skeleton(name, refs),
  };
}

/** Writes the planned files; never overwrites (refuses the whole plan when any file exists). */
export function writePlan(plan: readonly PlannedFile[]): string[] {
  const clash = plan.find((f) => existsSync(f.path));
  if (clash) throw new Error(`${clash.path} already exists.`);
  for (const f of plan) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content, { encoding: 'utf8', flag: 'wx' });
  }
  return plan.map((f) => f.path);
}
