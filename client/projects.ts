/**
 * Finding the Synapse project a command acts on, and where a new artifact goes in it. Pure (file system only, no
 * `vscode`), over the lead's project discovery in core/project.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { discoverProject, findProjects, isSynapseProjectDir, type Project } from '../core/project/discover';
import type { ArtifactKind } from './artifactTemplates';

/** The project whose root contains `path` (a file or folder), walking up at most 40 levels. */
export function projectContaining(path: string): Project | undefined {
  let dir = existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
  for (let i = 0; i < 40; i++) {
    if (isSynapseProjectDir(dir)) return discoverProject(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The Synapse projects in the given workspace folders (each folder itself, or projects a few levels below it). */
export function projectsIn(folders: readonly string[]): Project[] {
  const out: Project[] = [];
  const seen = new Set<string>();
  for (const f of folders) {
    for (const p of findProjects(f)) {
      if (p.layout === 'bare' || seen.has(p.root)) continue;
      seen.add(p.root);
      out.push(p);
    }
  }
  return out;
}

/** The folder a new artifact of this kind goes to. */
export function artifactFolder(project: Project, kind: ArtifactKind): string {
  const base = project.artifactDirs[0] ?? project.root;
  if (project.layout === 'integration-studio') return join(base, kind.legacyFolder);
  return join(base, kind.folder);
}

function baseNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(xml|dbs)$/i.test(f))
      .map((f) => basename(f, extname(f)));
  } catch {
    return [];
  }
}

/**
 * Names already taken in the project. Sequences, endpoints, local entries and templates share one key space in a
 * Synapse configuration, and every artifact name becomes a file name, so a new name must differ from all of them.
 */
export function takenNames(project: Project): string[] {
  const names = new Set<string>();
  for (const f of project.files) if (f.role === 'artifact') names.add(basename(f.path, extname(f.path)));
  for (const dir of project.artifactDirs) {
    let folders: string[] = [];
    try {
      folders = readdirSync(dir);
    } catch {
      // no artifact folders yet
    }
    for (const sub of folders) for (const n of baseNames(join(dir, sub))) names.add(n);
  }
  return [...names].sort();
}

/** Artifacts of one kind (by file name) for picking a reference target. */
export function artifactsOfKind(project: Project, kind: ArtifactKind): string[] {
  return baseNames(artifactFolder(project, kind)).sort();
}
