/**
 * Where a suite's paths point. MI writes them relative to the project (`src/main/wso2mi/artifacts/apis/X.xml`,
 * `src/test/resources/mock-services/Y.xml`); suites of the older Integration Studio layout write them relative to
 * the ESB configs module (`src/main/synapse-config/api/X.xml`). A path is tried against the project root, then
 * against each folder from the suite's own folder up to the root. Paths that lead outside the project are refused.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { isSynapseProjectDir } from '../../core/project/discover';
import { UnitTestCodes, UnitTestError } from './errors';
import type { PathRef } from './model';

/** The project a suite belongs to: the nearest folder above it that is a Synapse project (else the suite's folder). */
export function projectRootOf(suiteFile: string): string {
  let dir = dirname(resolve(suiteFile));
  for (let i = 0; i < 12; i++) {
    if (isSynapseProjectDir(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dirname(resolve(suiteFile));
}

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

const inside = (root: string, p: string) =>
  p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/** The absolute path of a suite's path, or a UNITTEST_ARTIFACT_MISSING / UNITTEST_PATH_OUTSIDE error. */
export function resolveSuitePath(ref: PathRef, suiteFile: string, root: string, what: string): string {
  const rootAbs = resolve(root);
  const p = ref.path.replace(/\\/g, '/');
  const bases: string[] = [rootAbs];
  let dir = dirname(resolve(suiteFile));
  for (let i = 0; i < 12 && inside(rootAbs, dir); i++) {
    if (!bases.includes(dir)) bases.push(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const candidates = isAbsolute(p) ? [resolve(p)] : bases.map((b) => resolve(b, p));
  let outside: string | undefined;
  for (const c of candidates) {
    if (!inside(rootAbs, c)) {
      outside ??= c;
      continue;
    }
    if (isFile(c)) return c;
  }
  if (outside && !candidates.some((c) => inside(rootAbs, c) && existsSync(c)))
    throw new UnitTestError(
      UnitTestCodes.PATH_OUTSIDE,
      suiteFile,
      ref.line,
      ref.column,
      `${what} '${ref.path}' leads outside the project ${rootAbs}: refused`,
    );
  throw new UnitTestError(
    UnitTestCodes.ARTIFACT_MISSING,
    suiteFile,
    ref.line,
    ref.column,
    `${what} '${ref.path}' not found (looked in ${bases.join(', ')})`,
  );
}
