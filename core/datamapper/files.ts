/**
 * Build outputs of data mappers on disk (CAR packaging): a missing `<dir>/<Name>.dmc`, `<Name>_inputSchema.json` or
 * `<Name>_outputSchema.json` whose `<dir>/<Name>.ts` exists is built from it (with `<dir>/dm-utils.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { buildDataMapper, type DataMapperBuild } from './build';
import { DM_UTILS_FILE, dataMapperOutputOf } from './names';

/**
 * A folder's files with the build outputs of each data mapper among them added (after its `.ts`) when they are
 * not on disk: `<Name>/<Name>.ts` is a mapping, as the MI tooling lays them out.
 */
export function withDataMapperOutputs(files: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    out.push(f);
    const m = /^(.+)\.ts$/.exec(basename(f));
    if (!m || basename(dirname(f)) !== m[1]) continue;
    for (const suffix of ['.dmc', '_inputSchema.json', '_outputSchema.json']) {
      const built = join(dirname(f), `${m[1]}${suffix}`);
      if (!existsSync(built)) out.push(built);
    }
  }
  return out;
}

/** Builds by `.ts` path, so the three outputs of one mapping cost one build. */
export type BuildCache = Map<string, DataMapperBuild>;

/**
 * The content of a data-mapper build output that is missing on disk, built from the `.ts` beside it; undefined when
 * `file` is no build output or has no `.ts`. A `.ts` that does not build throws a DataMapperBuildError naming it
 * (relative to `projectDir`) and its line.
 */
export function builtOutputFile(
  file: string,
  projectDir: string,
  cache: BuildCache = new Map(),
): Buffer | undefined {
  const out = dataMapperOutputOf(basename(file));
  if (!out || existsSync(file)) return undefined;
  const folder = dirname(file);
  const ts = join(folder, `${out.name}.ts`);
  if (!existsSync(ts)) return undefined;
  let built = cache.get(ts);
  if (!built) {
    const utils = join(folder, DM_UTILS_FILE);
    const rel = (p: string) => relative(projectDir, p).split('\\').join('/');
    built = buildDataMapper(
      readFileSync(ts, 'utf8'),
      existsSync(utils) ? readFileSync(utils, 'utf8') : undefined,
      {
        file: rel(ts),
        dmUtilsFile: rel(utils),
      },
    );
    cache.set(ts, built);
  }
  return Buffer.from(
    out.kind === 'dmc' ? built.dmc : out.kind === 'inputSchema' ? built.inputSchema : built.outputSchema,
  );
}
