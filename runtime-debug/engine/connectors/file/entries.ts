/** Folder entries as the operations see them (VFS FileObject children: type, size, last modified). */
import { list, urlOf } from './fsops';
import type { FsEntry } from '../../remoteFs';
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
  let listed: FsEntry[];
  try {
    listed = await list(dir);
  } catch (e) {
    throw new FileOpFailure('io', ioMessage(e, `list the children of "${urlOf(dir)}"`));
  }
  budget.left -= listed.length;
  if (budget.left < 0)
    throw new FileOpFailure('operation', `More than ${MAX_ENTRIES} entries under ${urlOf(dir)}: refused`);
  // a dangling link or an entry gone meanwhile: VFS sees an imaginary file, neither listed as file nor folder
  return listed.map(({ name, stat: s }) => ({
    name,
    path: join(dir, name),
    isFile: s?.isFile() ?? false,
    isDir: s?.isDirectory() ?? false,
    size: s?.size ?? 0,
    mtimeMs: s?.mtimeMs ?? 0,
  }));
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
