/**
 * Validation of files and folders as the CLI asks for it: each folder is discovered as a project (MI layout,
 * Integration Studio layout, or a bare folder of Synapse files); each file is validated in the project that
 * contains it when there is one (so references resolve), else alone.
 */
import { statSync } from 'node:fs';
import { decodeXml, readXmlFile } from '../xml/decode';
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import type { Finding, LocatedFinding } from '../diagnostics';
import {
  discoverProject,
  findProjects,
  isSynapseProjectDir,
  looksLikeSynapse,
  type Project,
} from '../project/discover';
import { analyzeFile, ProjectIndex, symbolModel, type FileModel } from '../project';
import { validateFile, type ValidateOptions } from './index';
import { readXPathDomFailover } from '../project/deploymentToml';
import { projectZipProblems, zipProblemMessage } from '../project/connectors';

export interface PathsResult {
  findings: LocatedFinding[];
  fileCount: number;
}

function enclosingProject(file: string): Project | undefined {
  let d = dirname(file);
  for (let i = 0; i < 8; i++) {
    if (isSynapseProjectDir(d)) return discoverProject(d, { contents: true });
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

export function loadProjectIndex(project: Project): ProjectIndex {
  const index = new ProjectIndex();
  for (const f of project.files) index.setFile(f.path, readXmlFile(f.path));
  return index;
}

/**
 * Validates a project's files one at a time, giving the same findings as `validateProject(loadProjectIndex(p))`:
 * the index first learns every file's artifact (kind and name, by the cheap root scan: `symbolModel`), then each
 * file is parsed, validated against that index and dropped. Only one parsed tree is alive at a time, so a large
 * project costs the garbage collector little (holding every tree made it copy tens of MB, most of the CPU of
 * `synapse validate`). `skip` says which files not to validate (every file is indexed); `visit` gets each validated
 * file's model and findings, in the project's file order.
 */
export function validateProjectFiles(
  project: Project,
  options: ValidateOptions,
  visit: (model: FileModel, findings: Finding[]) => void,
  skip?: (file: string) => boolean,
): void {
  const index = new ProjectIndex();
  const files: { path: string; text: string }[] = [];
  // data services (.dbs) too, as a loose .dbs and the language server's project index read them
  for (const f of project.files) {
    // discovery with `contents` has read each file once already (its sniff decoded the small ones)
    const text = f.text ?? (f.content ? decodeXml(f.content) : readXmlFile(f.path));
    files.push({ path: f.path, text });
    index.setModel(symbolModel(f.path, text));
  }
  for (const f of files) {
    if (skip?.(f.path)) continue;
    const model = analyzeFile(f.path, f.text);
    f.text = '';
    visit(model, validateFile(model, index, options));
  }
}

export interface PathsOptions {
  /** Called with the model of each file validated, after its findings are taken (packaging reads which parsed). */
  onFile?: (model: FileModel) => void;
  /**
   * Projects the caller discovered already, with `{ contents: true }`: a folder target that is the root of one of
   * them is validated from it instead of being discovered and read again.
   */
  discovered?: Project[];
}

/** Validates the given files and folders; findings are sorted by file, line, column. */
export function validatePaths(
  targets: string[],
  cwd = process.cwd(),
  options: PathsOptions = {},
): PathsResult {
  const findings: LocatedFinding[] = [];
  const done = new Set<string>();
  const zipsSaid = new Set<string>();
  const display = (p: string) => {
    const r = relative(cwd, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
  };
  const collect = (model: FileModel, list: Finding[]) => {
    done.add(model.path);
    const file = display(model.path);
    for (const f of list) {
      const s = model.lines.positionAt(f.span.start);
      const e = model.lines.positionAt(f.span.end);
      findings.push({
        file,
        line: s.line + 1,
        column: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
        severity: f.severity,
        code: f.code,
        message: f.message,
      });
    }
    options.onFile?.(model);
  };
  const run = (project: Project, only: string | undefined) =>
    validateProjectFiles(
      project,
      {
        layout: project.layout,
        resourceDirs: project.resourceDirs,
        dependencyProjects: project.pom?.carDependencies,
        xpathDomFailover: readXPathDomFailover(project.root),
      },
      collect,
      (file) => (only !== undefined ? file !== only : done.has(file)),
    );
  for (const t of targets.map((p) => resolve(p))) {
    if (statSync(t).isDirectory()) {
      // findProjects gives the folder itself when it is a project root: then a discovery the caller made will do
      const known = options.discovered?.find((p) => p.root === t);
      const projects =
        known && isSynapseProjectDir(t) ? [known] : findProjects(t, undefined, { contents: true });
      for (const p of projects) run(p, undefined);
      // a connector zip the project carries but that is not read: said on the zip itself, once
      for (const p of projects)
        for (const z of projectZipProblems(p)) {
          if (zipsSaid.has(z.file)) continue;
          zipsSaid.add(z.file);
          const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
          findings.push({
            file: display(z.file),
            ...at,
            severity: 'warning',
            code: 'SYN604',
            message: zipProblemMessage(z),
          });
        }
    } else {
      const project = enclosingProject(t);
      if (project && project.files.some((f) => f.path === t)) {
        if (!done.has(t)) run(project, t);
      } else {
        const text = readXmlFile(t);
        const index = new ProjectIndex();
        index.setFile(t, text);
        // a lone file: references to other artifacts cannot be checked
        const model = index.getFile(t)!;
        if (!done.has(t))
          collect(
            model,
            validateFile(model, index, {
              layout: 'file',
              checkReferences: false,
              requireSynapse: !looksLikeSynapse(text) ? false : true,
            }),
          );
      }
    }
  }
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
  return { findings, fileCount: done.size };
}
