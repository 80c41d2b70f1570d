/**
 * The server's view of the workspace: the Synapse projects of its folders, an index per project kept up to date per
 * file (never a full rescan per keystroke), and the latest text of every open document.
 *
 * An edit to a document already known is analysed lazily: the text is kept, and the file is analysed (and the index
 * updated) the first time anything reads the workspace after it, usually the request that follows the keystroke or
 * the debounced validation. A burst of edits costs one analysis, and the files that depend on what changed are
 * reported then, through `onAffected`.
 */
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { findProjects, looksLikeSynapse, type Project } from '../core/project/discover';
import { ProjectIndex, type ArtifactSymbol, type FileModel } from '../core/project/index';
import { CAR_ARTIFACT_KINDS } from '../core/validate/index';
import { decodeXml } from '../core/xml/decode';
import { attrValue } from '../core/xml/query';

const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** What the server knows about one file: the core model (tree, artifact, references). */
export type FileState = FileModel;

/** The result of updating a file: its model and the files whose diagnostics may change because of it. */
export interface FileUpdate {
  model: FileModel | undefined;
  affected: string[];
}

export class Workspace {
  readonly folders: string[] = [];
  projects: Project[] = [];
  /** One index per project (artifact names are scoped by project), plus one for Synapse files outside projects. */
  private readonly indexes = new Map<Project | undefined, ProjectIndex>();
  private readonly where = new Map<string, ProjectIndex>();
  /** Files whose text comes from the editor (the disk copy is ignored while open). */
  private readonly open = new Set<string>();
  /** Editor texts not analysed yet (path -> latest text). */
  private readonly stale = new Map<string, string>();
  /** Open files whose latest text could not be analysed (their last good model is kept). */
  private readonly failures = new Map<string, Error>();
  /** Called with the files whose diagnostics may change after a lazily analysed edit. */
  onAffected: (paths: string[]) => void = () => undefined;

  constructor(folders: string[]) {
    this.folders.push(...folders);
  }

  /** Replaces the workspace folders (call scan() afterwards). */
  setFolders(folders: string[]): void {
    this.folders.splice(0, this.folders.length, ...new Set(folders));
  }

  /** Finds the projects of the workspace folders and indexes their files. Returns how many files were read. */
  scan(): number {
    let n = 0;
    for (const path of this.discover()) if (this.loadFile(path)) n++;
    return n;
  }

  /**
   * Finds the projects of the workspace folders and resets the indexes (open documents are re-indexed at once with
   * their editor text). Returns the project files still to load with `loadFile` (none of them open).
   */
  discover(): string[] {
    this.flush();
    const openTexts: [string, string][] = [];
    for (const p of this.open) {
      const m = this.get(p);
      if (m) openTexts.push([p, m.text]);
    }
    this.projects = [];
    this.indexes.clear();
    this.where.clear();
    for (const f of this.folders) this.projects.push(...findProjects(f));
    for (const [p, text] of openTexts) {
      try {
        this.setText(p, text, false);
      } catch {
        // reported when the document changes next
      }
    }
    const out: string[] = [];
    for (const p of this.projects)
      for (const file of p.files) if (!this.open.has(file.path)) out.push(file.path);
    return out;
  }

  /** Reads and indexes one project file from disk (bulk loading: dependents are not looked up). */
  loadFile(path: string): boolean {
    if (this.open.has(path)) return false;
    const text = readTextFile(path);
    if (text === undefined) return false;
    try {
      this.setText(path, text, false);
      return true;
    } catch {
      // a file core cannot analyse is skipped here; opening it reports the problem
      return false;
    }
  }

  /**
   * The project a file belongs to: the one whose artifact or test folders hold it (the whole folder for a bare
   * project). Synapse XML elsewhere in a project (e.g. sequences kept as registry resources) is served on its own.
   */
  projectFor(path: string): Project | undefined {
    let best: Project | undefined;
    for (const p of this.projects) {
      if (best && p.root.length <= best.root.length) continue;
      if ([...p.artifactDirs, ...p.testDirs].some((d) => path.startsWith(d + sep))) best = p;
    }
    return best;
  }

  get(path: string): FileState | undefined {
    if (this.stale.size) this.flush();
    return this.where.get(path)?.getFile(path);
  }

  /** Whether the file is in the workspace (without analysing pending edits). */
  has(path: string): boolean {
    return this.where.has(path);
  }

  /** Why the latest editor text of a file could not be analysed (features then use its last good version). */
  failure(path: string): Error | undefined {
    if (this.stale.size) this.flush();
    return this.failures.get(path);
  }

  /** Analyses the pending editor texts; reports the files that depend on what changed through `onAffected`. */
  flush(): void {
    if (!this.stale.size) return;
    const affected = new Set<string>();
    for (const [path, text] of this.stale) {
      this.stale.delete(path);
      try {
        for (const f of this.setText(path, text).affected) affected.add(f);
        this.failures.delete(path);
      } catch (e) {
        this.failures.set(path, e as Error);
      }
    }
    if (affected.size) this.onAffected([...affected]);
  }

  all(): FileState[] {
    if (this.stale.size) this.flush();
    const out: FileState[] = [];
    for (const [path, idx] of this.where) {
      const m = idx.getFile(path);
      if (m) out.push(m);
    }
    return out;
  }

  /** The index a file belongs to (its project's, or the one of loose files), with pending edits analysed. */
  indexFor(path: string): ProjectIndex {
    if (this.stale.size) this.flush();
    return this.indexOf(path);
  }

  private indexOf(path: string): ProjectIndex {
    const project = this.projectFor(path);
    let idx = this.indexes.get(project);
    if (!idx) this.indexes.set(project, (idx = new ProjectIndex()));
    return idx;
  }

  /** Every index (for workspace symbols). */
  allIndexes(): ProjectIndex[] {
    if (this.stale.size) this.flush();
    return [...this.indexes.values()];
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /**
   * The editor opened or changed a document. A file new to the workspace is analysed at once (and may throw); a known
   * one is analysed at the next read of the workspace (`flush`), and its dependents then go to `onAffected`.
   */
  openText(path: string, text: string): FileUpdate {
    this.open.add(path);
    if (this.where.has(path)) {
      this.stale.set(path, text);
      return { model: undefined, affected: [] };
    }
    this.stale.delete(path);
    this.failures.delete(path);
    return this.setText(path, text);
  }

  /** The editor closed a document: fall back to the disk copy (or forget the file if it is gone or not ours). */
  close(path: string): FileUpdate {
    this.flush();
    this.open.delete(path);
    this.failures.delete(path);
    return this.reloadFromDisk(path);
  }

  /** A file changed or appeared on disk. The model is undefined when it is not (or no longer) a Synapse file. */
  reloadFromDisk(path: string): FileUpdate {
    if (this.open.has(path)) return { model: this.get(path), affected: [] };
    const text = readTextFile(path);
    if (text === undefined || !this.isProjectFile(path, text)) return this.remove(path);
    try {
      return this.setText(path, text);
    } catch {
      return this.remove(path);
    }
  }

  /** A file was deleted (or left the project): drops it; `affected` lists the files that referenced it. */
  remove(path: string): FileUpdate {
    if (this.stale.size) this.flush();
    const idx = this.where.get(path);
    if (!idx || this.open.has(path)) return { model: this.get(path), affected: [] };
    const previous = idx.getFile(path)?.artifact;
    idx.removeFile(path);
    this.where.delete(path);
    return {
      model: undefined,
      affected: previous ? [...dependents(idx, path, previous), ...peers(idx, path, previous)] : [],
    };
  }

  /** Whether a file belongs to the index: inside a project (or open) and a Synapse configuration. */
  isProjectFile(path: string, text: string): boolean {
    if (!/\.(xml|dbs)$/i.test(path)) return false;
    if (/\.dbs$/i.test(path)) return !!this.projectFor(path);
    return (!!this.projectFor(path) || this.open.has(path)) && looksLikeSynapse(text);
  }

  /** Analyses a file into its index. `withAffected` false skips finding the files that depend on it (bulk scans). */
  setText(path: string, text: string, withAffected = true): FileUpdate {
    const idx = this.indexOf(path);
    const old = this.where.get(path);
    const previous = old?.getFile(path)?.artifact;
    if (old && old !== idx) old.removeFile(path);
    const model = idx.setFile(path, text);
    this.where.set(path, idx);
    const affected = new Set<string>();
    if (!withAffected) return { model, affected: [] };
    if (previous && (previous.name !== model.artifact?.name || previous.kind !== model.artifact?.kind)) {
      for (const f of dependents(idx, path, previous)) affected.add(f);
    }
    if (model.artifact) for (const f of dependents(idx, path, model.artifact)) affected.add(f);
    // artifacts that clashed, or now clash, with this one (SYN201 same name, SYN402 same API context) are judged again
    // (not when the name and the API context are as before: every keystroke in the body)
    if (!previous || !model.artifact || peerKey(previous) !== peerKey(model.artifact))
      for (const a of [previous, model.artifact]) for (const f of peers(idx, path, a)) affected.add(f);
    return { model, affected: [...affected] };
  }
}

function dependents(idx: ProjectIndex, path: string, artifact: ArtifactSymbol): string[] {
  return idx.dependentsOf(path, artifact);
}

/** What an artifact's clashes with others depend on: kind and name, and an API's context and version (SYN402). */
function peerKey(a: ArtifactSymbol): string {
  if (a.kind !== 'api') return `${a.kind}\u0000${a.name}`;
  const context = (attrValue(a.element, 'context') ?? '').replace(/\/+$/, '');
  const version = attrValue(a.element, 'version') ?? '';
  return `api\u0000${a.name}\u0000${context}\u0000${version}`;
}

/**
 * The other files whose artifact may clash with this one: the same kind and name, or (APIs) the same context, or
 * another kind of one name (a local entry's key in Synapse's local registry; one CAR folder: SYN201).
 */
function peers(idx: ProjectIndex, path: string, a: ArtifactSymbol | undefined): string[] {
  if (!a || !a.name) return [];
  const key = peerKey(a).split('\u0000');
  // (any two kinds of one name: a local entry's key (assertAlreadyExists), and the CAR folder MI's tooling writes
  // both to, NAME_VERSION (validate checkCarNameClash))
  const registry = (CAR_ARTIFACT_KINDS as readonly string[]).includes(a.kind)
    ? CAR_ARTIFACT_KINDS.filter((k) => k !== a.kind).flatMap((k) => idx.findArtifacts(k, a.name))
    : [];
  return [
    ...idx.findArtifacts(a.kind, a.kind === 'api' ? undefined : a.name).filter((o) => {
      if (o.file === path) return false;
      if (o.name === a.name) return true;
      const k = peerKey(o).split('\u0000');
      return k[2] === key[2] && k[3] === key[3];
    }),
    ...registry.filter((o) => o.file !== path),
  ].map((o) => o.file);
}

/** Reads a file as an XML parser decodes it (BOM, UTF-16, declared encoding), refusing huge files. */
export function readTextFile(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return decodeXml(readFileSync(path));
  } catch {
    return undefined;
  }
}
