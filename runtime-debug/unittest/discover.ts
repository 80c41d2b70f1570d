/**
 * Finding the unit-test suites to run: the `<unit-test>` files of the projects under a folder (MI layout:
 * src/test/wso2mi; Integration Studio: <module>/test; a bare folder: any `<unit-test>` file), or given files.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { findProjects, stripProlog } from '../../core/project/discover';

export interface FoundSuite {
  file: string;
  /** The project root its paths are relative to. */
  root?: string;
}

function head(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Whether a file's root element is `<unit-test>`. */
export function isSuiteFile(file: string): boolean {
  try {
    return /^<unit-test[\s>/]/.test(stripProlog(head(file)));
  } catch {
    return false;
  }
}

/** The suites under each folder (sorted), and each given file as it is. */
export function findSuites(targets: string[]): FoundSuite[] {
  const out: FoundSuite[] = [];
  const seen = new Set<string>();
  const add = (s: FoundSuite) => {
    if (seen.has(s.file)) return;
    seen.add(s.file);
    out.push(s);
  };
  for (const t of targets) {
    const abs = resolve(t);
    if (!statSync(abs).isDirectory()) {
      add({ file: abs });
      continue;
    }
    for (const p of findProjects(abs)) {
      const files = p.files
        .filter((f) => f.role === 'test' && isSuiteFile(f.path))
        .map((f) => f.path)
        .sort();
      // a bare folder (e.g. src/test/wso2mi itself) is no project root: the project is found above each suite
      for (const f of files) add({ file: f, root: p.layout === 'bare' ? undefined : p.root });
    }
  }
  return out;
}
