/** Folder entries as the operations see them (VFS FileObject children: type, size, last modified). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileOpFailure, ioMessage } from './errors';

export interface DirEntry {
  name: string;
  path: string;
  isFile: boolean;
  isDir: boolean;
  size: number;
  mtimeMs: number;
}

/** Most entries one operation walks through (the embedded runtime bounds what one message may take). */
export const MAX_ENTRIES = 100_000;
/** Deepest folder level one operation descends to (symbolic links may make a cycle). */
export const MAX_DEPTH = 64;

/** The entries of a folder, in the order the file system lists them, symbolic links followed as VFS does. */
export async function entriesOf(dir: string, budget: { left: number }): Promise<DirEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new FileOpFailure('io', ioMessage(e, `list the children of "file://${dir}"`));
  }
  budget.left -= names.length;
  if (budget.left < 0)
    throw new FileOpFailure('operation', `More than ${MAX_ENTRIES} entries under file://${dir}: refused`);
  const out: DirEntry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const s = await stat(path);
      out.push({ name, path, isFile: s.isFile(), isDir: s.isDirectory(), size: s.size, mtimeMs: s.mtimeMs });
    } catch {
      // a dangling link or an entry gone meanwhile: VFS sees an imaginary file, neither listed as file nor folder
      out.push({ name, path, isFile: false, isDir: false, size: 0, mtimeMs: 0 });
    }
  }
  return out;
}

export function newBudget(): { left: number } {
  return { left: MAX_ENTRIES };
}

/**
 * FileSorter: by Name (the URI, so the name within one folder), Size or LastModifiedTime; ascending only when the
 * order is exactly "Ascending" (anything else sorts descending); another attribute leaves the listing order.
 * A folder's size cannot be read (VFS throws, the comparator answers 0).
 */
export function sortEntries(list: DirEntry[], attribute: string, order: string): void {
  const asc = order === 'Ascending';
  let cmp: ((a: DirEntry, b: DirEntry) => number) | undefined;
  if (attribute === 'Name') cmp = (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  else if (attribute === 'Size') cmp = (a, b) => (a.isDir || b.isDir ? 0 : a.size - b.size);
  else if (attribute === 'LastModifiedTime') cmp = (a, b) => Math.sign(a.mtimeMs - b.mtimeMs);
  if (!cmp) return;
  const c = cmp;
  list.sort(asc ? c : (a, b) => c(b, a));
}
