/**
 * The source models of every artifact file of a project (or of every text deployed into a runtime), kept up to date
 * as files are saved or deployed.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { discoverProject } from '../../core/project/discover';
import {
  buildFileModel,
  type ArtifactInfo,
  type FileModel,
  type MediatorNode,
  type SequenceRoot,
} from './sourceModel';

/** Paths are compared resolved (and case-insensitively on Windows). */
const keys = new Map<string, string>();

export function fileKey(path: string): string {
  let k = keys.get(path);
  if (k !== undefined) return k;
  if (/^[a-z]+:\/\//i.test(path)) k = path;
  else {
    const r = resolve(path);
    k = process.platform === 'win32' ? r.toLowerCase() : r;
  }
  if (keys.size > 10_000) keys.clear();
  keys.set(path, k);
  return k;
}

export class ProjectModel {
  private readonly files = new Map<string, FileModel>();

  /** Reads every Synapse XML artifact of a project folder. */
  loadDir(dir: string): void {
    const project = discoverProject(resolve(dir));
    for (const f of project.files) {
      if (f.role !== 'artifact' || extname(f.path).toLowerCase() !== '.xml') continue;
      try {
        this.setFile(f.path, readFileSync(f.path, 'utf8'));
      } catch {
        // unreadable: the runtime reports it
      }
    }
  }

  setFile(path: string, text: string): FileModel {
    const m = buildFileModel(path, text);
    this.files.set(fileKey(path), m);
    return m;
  }

  /** Re-reads a file from disk (removes it when it is gone). */
  reloadFile(path: string): void {
    try {
      this.setFile(path, readFileSync(path, 'utf8'));
    } catch {
      this.files.delete(fileKey(path));
    }
  }

  removeFile(path: string): void {
    this.files.delete(fileKey(path));
  }

  file(path: string): FileModel | undefined {
    return this.files.get(fileKey(path));
  }

  allFiles(): FileModel[] {
    return [...this.files.values()];
  }

  /** The mediator whose element name is on this line (how the engine reports a mediator's place). */
  nodeAt(path: string, nameLine: number): MediatorNode | undefined {
    return this.file(path)?.byNameLine.get(nameLine);
  }

  artifacts(): ArtifactInfo[] {
    return this.allFiles().flatMap((f) => f.artifacts);
  }

  artifact(name: string): ArtifactInfo | undefined {
    for (const f of this.files.values()) for (const a of f.artifacts) if (a.name === name) return a;
    return undefined;
  }

  /** Finds the mediator of a root sequence at a position (for wire-protocol commands). */
  findByPosition(match: (root: SequenceRoot) => boolean, position: number[]): MediatorNode | undefined {
    const want = position.join(' ');
    for (const f of this.files.values())
      for (const m of f.mediators) if (match(m.root) && m.position.join(' ') === want) return m;
    return undefined;
  }

  /** Whether any mediator belongs to a root that matches. */
  hasRoot(match: (root: SequenceRoot) => boolean): boolean {
    for (const f of this.files.values()) for (const m of f.mediators) if (match(m.root)) return true;
    return false;
  }
}

/** The start lines of the mediators whose start tag begins between two lines (for breakpointLocations). */
export function mediatorStarts(
  model: ProjectModel,
  file: string,
  line: number,
  endLine: number,
): { line: number; endLine?: number }[] {
  const fm = model.file(file);
  if (!fm) return [];
  return fm.mediators
    .filter((m) => m.startLine >= line && m.startLine <= endLine)
    .map((m) => ({ line: m.startLine }));
}
