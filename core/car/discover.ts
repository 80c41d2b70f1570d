/**
 * The artifact files of a project for packaging, with their bytes: core/project's discovery (the same layouts, files
 * and order the editor and `synapse run` see), asked to read each file whole once instead of sniffing its head and
 * leaving packaging to read it again.
 */
import { discoverProject, type Layout, type Project, type ProjectFile } from '../project/discover';

export interface PackagedFile extends ProjectFile {
  content: Buffer;
}

export interface PackagingFiles {
  root: string;
  layout: Layout;
  /** Artifact files (role 'artifact'), with their bytes. */
  files: PackagedFile[];
}

export function packagingFiles(dir: string): PackagingFiles {
  return packagingFilesOf(discoverProject(dir, { contents: true }));
}

/** The artifact files of a project discovered with `{ contents: true }` (for one discovery shared with validation). */
export function packagingFilesOf(p: Project): PackagingFiles {
  const files = p.files.filter((f): f is PackagedFile => f.role === 'artifact' && f.content !== undefined);
  return { root: p.root, layout: p.layout, files };
}
