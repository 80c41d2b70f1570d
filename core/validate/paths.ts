/**
 * Validation of files and folders as the CLI asks for it: each folder is discovered as a project (MI layout,
 * Integration Studio layout, or a bare folder of Synapse files); each file is validated in the project that
 * contains it when there is one (so references resolve), else alone.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import type { LocatedFinding } from '../diagnostics';
import {
  discoverProject,
  findProjects,
  isSynapseProjectDir,
  looksLikeSynapse,
  type Project,
} from '../project/discover';
import { ProjectIndex } from '../project';
import { validateProject, type ValidateOptions } from './index';

export interface PathsResult {
  findings: LocatedFinding[];
  fileCount: number;
}

function enclosingProject(file: string): Project | undefined {
  let d = dirname(file);
  for (let i = 0; i < 8; i++) {
    if (isSynapseProjectDir(d)) return discoverProject(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

export function loadProjectIndex(project: Project): ProjectIndex {
  const index = new ProjectIndex();
  for (const f of project.files) {
    if (f.path.endsWith('.dbs')) continue;
    index.setFile(f.path, readFileSync(f.path, 'utf8'));
  }
  return index;
}

/** Validates the given files and folders; findings are sorted by file, line, column. */
export function validatePaths(targets: string[], cwd = process.cwd()): PathsResult {
  const findings: LocatedFinding[] = [];
  const done = new Set<string>();
  const display = (p: string) => {
    const r = relative(cwd, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
  };
  const run = (index: ProjectIndex, only: Set<string> | undefined, options: ValidateOptions) => {
    const results = validateProject(index, options);
    for (const [file, list] of results) {
      if (only && !only.has(file)) continue;
      if (done.has(file)) continue;
      done.add(file);
      const model = index.getFile(file)!;
      for (const f of list) {
        const s = model.lines.positionAt(f.span.start);
        const e = model.lines.positionAt(f.span.end);
        findings.push({
          file: display(file),
          line: s.line + 1,
          column: s.character + 1,
          endLine: e.line + 1,
          endColumn: e.character + 1,
          severity: f.severity,
          code: f.code,
          message: f.message,
        });
      }
    }
  };
  for (const t of targets.map((p) => resolve(p))) {
    if (statSync(t).isDirectory()) {
      const projects = findProjects(t);
      for (const p of projects)
        run(loadProjectIndex(p), undefined, { layout: p.layout, resourceDirs: p.resourceDirs });
    } else {
      const project = enclosingProject(t);
      if (project && project.files.some((f) => f.path === t)) {
        run(loadProjectIndex(project), new Set([t]), {
          layout: project.layout,
          resourceDirs: project.resourceDirs,
        });
      } else {
        const text = readFileSync(t, 'utf8');
        const index = new ProjectIndex();
        index.setFile(t, text);
        // a lone file: references to other artifacts cannot be checked
        run(index, undefined, {
          layout: 'file',
          checkReferences: false,
          requireSynapse: !looksLikeSynapse(text) ? false : true,
        });
      }
    }
  }
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
  return { findings, fileCount: done.size };
}
