/**
 * Data mappers of MI 4.4 projects: the TypeScript mapping is the source; the `.dmc` and the two JSON schemas are
 * built from it (see build.ts). names.ts alone (no parser) says which files are build outputs of which `.ts`.
 */
export { buildDataMapper, MAX_SOURCE_BYTES, type BuildOptions, type DataMapperBuild } from './build';
export { DataMapperBuildError, type DataMapperBuildCode } from './errors';
export {
  dataMapperOutputOf,
  dataMapperSourceOf,
  dmUtilsBeside,
  DM_UTILS_FILE,
  type DataMapperOutput,
} from './names';
