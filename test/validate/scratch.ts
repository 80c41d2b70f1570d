/** A project folder in the temp directory for `validatePaths` cases written file by file. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validatePaths } from '../../core/validate/paths';

export interface ScratchProject {
  /** The scratch folder. */
  root: string;
  /** Writes `text` at `rel` (relative to the scratch folder, folders made as needed). */
  put(rel: string, text: string): void;
  /** The findings of validating a file or folder (relative to the scratch folder). */
  validate(rel: string): ReturnType<typeof validatePaths>['findings'];
  /** The findings of validating one file, as `line severity code`. */
  findings(rel: string): string[];
  dispose(): void;
}

/** A scratch folder holding an MI project `project` (its pom.xml). */
export function scratchProject(prefix: string, project: string): ScratchProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const put = (rel: string, text: string) => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  put(`${project}/pom.xml`, `<project><artifactId>${project}</artifactId><version>1.0.0</version></project>`);
  const validate = (rel: string) => validatePaths([join(dir, rel)], dir).findings;
  return {
    root: dir,
    put,
    validate,
    findings: (rel) => validate(rel).map((f) => `${f.line} ${f.severity} ${f.code}`),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
