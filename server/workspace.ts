/**
 * The server's view of the workspace: the Synapse projects of its folders, an index per project kept up to date per
 * file (never a full rescan per keystroke), and the latest text of every open document.
 */
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { findProjects, looksLikeSynapse, type Project } from '../core/project/discover';
import { parseXml, LineIndex, type XmlDocument } from '../core/xml';

const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** What the server knows about one file. */
export interface FileState {
  path: string;
  text: string;
  doc: XmlDocument;
  lines: LineIndex;
}

export class Workspace {
  readonly folders: string[] = [];
  projects: Project[] = [];
  private readonly files = new Map<string, FileState>();
  /** Files whose text comes from the editor (the disk copy is ignored while open). */
  private readonly open = new Set<string>();

  constructor(folders: string[]) {
    this.folders.push(...folders);
  }

  /** Finds the projects of the workspace folders and indexes their files. Returns how many files were read. */
  scan(): number {
    this.projects = [];
    for (const f of this.folders) this.projects.push(...findProjects(f));
    let n = 0;
    for (const p of this.projects) {
      for (const file of p.files) {
        if (this.open.has(file.path)) continue;
        const text = readTextFile(file.path);
        if (text === undefined) continue;
        this.setText(file.path, text);
        n++;
      }
    }
    return n;
  }

  projectFor(path: string): Project | undefined {
    let best: Project | undefined;
    for (const p of this.projects) {
      if ((path === p.root || path.startsWith(p.root + sep)) && (!best || p.root.length > best.root.length)) best = p;
    }
    return best;
  }

  get(path: string): FileState | undefined {
    return this.files.get(path);
  }

  all(): IterableIterator<FileState> {
    return this.files.values();
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /** The editor opened or changed a document. */
  openText(path: string, text: string): FileState {
    this.open.add(path);
    return this.setText(path, text);
  }

  /** The editor closed a document: fall back to the disk copy (or forget the file if it is gone or not ours). */
  close(path: string): FileState | undefined {
    this.open.delete(path);
    return this.reloadFromDisk(path);
  }

  /** A file changed or appeared on disk. Returns its new state, or undefined when it is not a Synapse file. */
  reloadFromDisk(path: string): FileState | undefined {
    if (this.open.has(path)) return this.files.get(path);
    const text = readTextFile(path);
    if (text === undefined || !(this.files.has(path) || this.isProjectFile(path, text))) {
      this.remove(path);
      return undefined;
    }
    return this.setText(path, text);
  }

  /** A file was deleted on disk. */
  remove(path: string): boolean {
    if (this.open.has(path)) return false;
    return this.files.delete(path);
  }

  /** Whether a file belongs to the index: inside a project (or open) and a Synapse configuration. */
  isProjectFile(path: string, text: string): boolean {
    if (!/\.(xml|dbs)$/i.test(path)) return false;
    if (path.endsWith('.dbs')) return !!this.projectFor(path);
    return (!!this.projectFor(path) || this.open.has(path)) && looksLikeSynapse(text);
  }

  setText(path: string, text: string): FileState {
    const doc = parseXml(text);
    const state: FileState = { path, text, doc, lines: new LineIndex(text) };
    this.files.set(path, state);
    return state;
  }
}

/** Reads a file as UTF-8, refusing huge files (they are not configurations). */
export function readTextFile(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
