/**
 * The artifact files of a project for packaging, each read once. The same files, in the same order, as
 * core/project's `discoverProject` (which the editor and `synapse run` use) lists with role 'artifact':
 * test/deploy/discover.test.ts compares the two on every fixture project. The difference is cost: discovery there
 * stats every entry and reads the head of every file to sniff it, and packaging would then read each file again;
 * here directory entries come with their type and each file is read whole once, the sniff looking at the same first
 * 4 KB.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { looksLikeSynapse, SKIP_DIRS, stripProlog, type Layout, type ProjectFile } from '../project/discover';

export interface PackagedFile extends ProjectFile {
  content: Buffer;
  /** The content decoded as UTF-8 when discovery already decoded all of it (files of up to 4 KB). */
  text?: string;
}

export interface PackagingFiles {
  root: string;
  layout: Layout;
  /** Artifact files (role 'artifact'), with their bytes. */
  files: PackagedFile[];
}

const MI_ARTIFACTS = join('src', 'main', 'wso2mi', 'artifacts');
const IS_CONFIG = join('src', 'main', 'synapse-config');
const HEAD = 4096;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return [];
  }
}

/** Is this entry a directory (following a symbolic link, as `statSync` does)? */
function direntIsDir(dir: string, e: Dirent): boolean {
  if (e.isDirectory()) return true;
  return e.isSymbolicLink() ? isDir(join(dir, e.name)) : false;
}

/** Files under `dir` with one of the extensions, depth-first in name order, `depth` folder levels down. */
function listFiles(dir: string, depth: number, acc: string[], exts: string[]): void {
  for (const e of entries(dir)) {
    if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
    if (direntIsDir(dir, e)) {
      if (depth > 0) listFiles(join(dir, e.name), depth - 1, acc, exts);
    } else {
      const lower = e.name.toLowerCase();
      if (exts.some((x) => lower.endsWith(x))) acc.push(join(dir, e.name));
    }
  }
}

function read(p: string): Buffer | undefined {
  try {
    return readFileSync(p);
  } catch {
    return undefined;
  }
}

/** The sniff of core/project: the first 4 KB decoded as UTF-8 (for a small file, that is the whole text). */
function head(content: Buffer): string {
  return (content.length <= HEAD ? content : content.subarray(0, HEAD)).toString('utf8');
}

function toRel(root: string, p: string): string {
  // paths built by joining names under the root: the rest of the path is the relative one
  if (p.startsWith(root) && p.charCodeAt(root.length) === sep.charCodeAt(0) && root === join(root)) {
    const rest = p.slice(root.length + 1);
    return sep === '/' ? rest : rest.split(sep).join('/');
  }
  return relative(root, p).split(sep).join('/');
}

function integrationStudioConfigs(root: string): string[] {
  const out: string[] = [];
  for (const e of entries(root)) {
    if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
    const p = join(root, e.name, IS_CONFIG);
    if (isDir(p)) out.push(p);
  }
  return out.sort();
}

/** The project's artifact files with their bytes; layout decided as core/project decides it. */
export function packagingFiles(dir: string): PackagingFiles {
  const root = dir.replace(/[\\/]+$/, '') || dir;
  const files: PackagedFile[] = [];
  const seen = new Set<string>();
  const add = (p: string, content: Buffer, folder: string, text?: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    files.push({ path: p, relPath: toRel(root, p), folder, role: 'artifact', content, text });
  };
  const addArtifacts = (artifactDir: string) => {
    for (const e of entries(artifactDir)) {
      if (!direntIsDir(artifactDir, e)) continue;
      const acc: string[] = [];
      listFiles(join(artifactDir, e.name), 2, acc, ['.xml', '.dbs']);
      for (const p of acc) {
        const content = read(p);
        if (!content) continue;
        if (p.endsWith('.dbs')) add(p, content, e.name);
        else {
          const h = head(content);
          if (looksLikeSynapse(h)) add(p, content, e.name, content.length <= HEAD ? h : undefined);
        }
      }
    }
  };

  if (isDir(join(root, MI_ARTIFACTS))) {
    addArtifacts(join(root, MI_ARTIFACTS));
    return { root, layout: 'mi', files };
  }
  const isDirs = isDir(join(root, IS_CONFIG)) ? [join(root, IS_CONFIG)] : integrationStudioConfigs(root);
  if (isDirs.length) {
    isDirs.forEach(addArtifacts);
    for (const e of entries(root)) {
      const ds = join(root, e.name, 'dataservice');
      if (!isDir(ds)) continue;
      const acc: string[] = [];
      listFiles(ds, 1, acc, ['.dbs']);
      for (const p of acc) {
        const content = read(p);
        // core/project lists these without reading them; an unreadable one fails when packaging reads it
        add(p, content ?? readFileSync(p), 'dataservice');
      }
    }
    return { root, layout: 'integration-studio', files };
  }
  const acc: string[] = [];
  listFiles(root, 4, acc, ['.xml', '.dbs']);
  for (const p of acc) {
    if (basename(p) === 'pom.xml') continue;
    const content = read(p);
    if (!content) continue;
    const isDbs = p.endsWith('.dbs');
    const h = isDbs ? '' : head(content);
    if (!isDbs && !looksLikeSynapse(h)) continue;
    if (/<(unit-test|mock-service)\b/.test(stripProlog(h).slice(0, 200))) continue; // a test, not an artifact
    files.push({
      path: p,
      relPath: toRel(root, p),
      folder: toRel(root, dirname(p)) === '' ? '' : basename(dirname(p)),
      role: 'artifact',
      content,
    });
  }
  return { root, layout: 'bare', files };
}
