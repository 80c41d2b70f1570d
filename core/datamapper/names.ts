/**
 * Names of an MI 4.4 data mapper's files. The tooling keeps `<Name>/<Name>.ts` (with `dm-utils.ts` beside it) in
 * the source tree; `<Name>.dmc`, `<Name>_inputSchema.json` and `<Name>_outputSchema.json` are build outputs of it.
 * No parser here: the validator and the language server use these without loading the builder.
 */

export type DataMapperOutput = 'dmc' | 'inputSchema' | 'outputSchema';

/** The operators module the tooling writes next to each mapping. */
export const DM_UTILS_FILE = 'dm-utils.ts';

/** `X.dmc` → {name X, dmc}; `X_inputSchema.json` / `X_outputSchema.json` likewise; anything else undefined. */
export function dataMapperOutputOf(fileName: string): { name: string; kind: DataMapperOutput } | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  let m = /^(.+)\.dmc$/i.exec(base);
  if (m) return { name: m[1], kind: 'dmc' };
  m = /^(.+)_(input|output)Schema\.json$/.exec(base);
  if (m) return { name: m[1], kind: m[2] === 'input' ? 'inputSchema' : 'outputSchema' };
  return undefined;
}

/**
 * For a path or registry key of a build output (`gov:/datamapper/X/X.dmc`), the same path of its TypeScript source
 * (`gov:/datamapper/X/X.ts`); undefined when the name is no data-mapper output.
 */
export function dataMapperSourceOf(pathOrKey: string): string | undefined {
  const slash = pathOrKey.lastIndexOf('/');
  const out = dataMapperOutputOf(pathOrKey.slice(slash + 1));
  return out ? `${pathOrKey.slice(0, slash + 1)}${out.name}.ts` : undefined;
}

/** The dm-utils.ts beside a mapping's path or key. */
export function dmUtilsBeside(pathOrKey: string): string {
  return `${pathOrKey.slice(0, pathOrKey.lastIndexOf('/') + 1)}${DM_UTILS_FILE}`;
}
