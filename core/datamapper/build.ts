/**
 * buildDataMapper: a data mapping's TypeScript (`<Name>.ts`, and `dm-utils.ts` when it imports it) to the three
 * files Micro Integrator runs: `<Name>.dmc`, `<Name>_inputSchema.json`, `<Name>_outputSchema.json`.
 *
 * The `.dmc` has the shape of the one the MI tooling bundles: a global `DataMapper` holding the module's exports,
 * then `function mapFunction(input)` calling `DataMapper.mapFunction`, then `function map_S_<in>_S_<out>()` calling
 * it with the global input variable (names from the `functionName` / `inputVariable` comment, else from the schema
 * titles as MI computes them). Unlike the tooling (webpack, ES5) the code keeps the syntax it was written in with its
 * types erased, and the mapping's lines stay where they are in the `.ts`: an error at line N of the `.dmc` is at
 * line N of the `.ts`. dm-utils follows the mapping, as a module function.
 */
import { DataMapperBuildError } from './errors';
import { DM_UTILS_FILE } from './names';
import { readMapping, type JsonSchema } from './schema';
import { stripModule, type StrippedModule } from './strip';

/** A mapping's source larger than this is refused (the tooling's mappings are a few KB). */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export interface DataMapperBuild {
  /** The JavaScript configuration (`<Name>.dmc`). */
  dmc: string;
  /** `<Name>_inputSchema.json` and `<Name>_outputSchema.json`, as text. */
  inputSchema: string;
  outputSchema: string;
  functionName: string;
  inputVariable: string;
}

export interface BuildOptions {
  /** The mapping's file name for errors (default `mapping.ts`). */
  file?: string;
  /** dm-utils.ts's file name for errors. */
  dmUtilsFile?: string;
}

const UTILS_FN = '__dm_utils_module';

function exportLines(m: StrippedModule): string {
  let s = '';
  for (const [exported, local] of m.exports) s += `exports[${JSON.stringify(exported)}] = ${local}; `;
  return s;
}

function importPrologue(m: StrippedModule): string {
  let s = '';
  for (const b of m.imports)
    s +=
      b.imported === '*'
        ? `var ${b.local} = ${UTILS_FN}(); `
        : `var ${b.local} = ${UTILS_FN}()[${JSON.stringify(b.imported)}]; `;
  return s;
}

function sizeCheck(text: string, file: string): void {
  if (text.length > MAX_SOURCE_BYTES)
    throw new DataMapperBuildError(
      'DM_BUILD_TOO_LARGE',
      `the mapping source is larger than ${MAX_SOURCE_BYTES} bytes`,
      file,
    );
}

export function buildDataMapper(
  tsText: string,
  dmUtilsText?: string,
  options: BuildOptions = {},
): DataMapperBuild {
  try {
    return build(tsText, dmUtilsText, options);
  } catch (e) {
    // a source nested past the stack (parser or our walk) is refused like an oversized one
    if (e instanceof RangeError)
      throw new DataMapperBuildError(
        'DM_BUILD_TOO_LARGE',
        'the mapping source is nested too deeply to build',
        options.file ?? 'mapping.ts',
      );
    throw e;
  }
}

function build(tsText: string, dmUtilsText: string | undefined, options: BuildOptions): DataMapperBuild {
  const file = options.file ?? 'mapping.ts';
  const utilsFile = options.dmUtilsFile ?? DM_UTILS_FILE;
  sizeCheck(tsText, file);
  const main = stripModule(tsText, file);
  const info = readMapping(main.parsed, file);
  let utils: StrippedModule | undefined;
  if (main.usesDmUtils) {
    if (dmUtilsText === undefined) {
      const imp = main.parsed.program.body.find(
        (s) => s.type === 'ImportDeclaration' && s.importKind !== 'type',
      );
      throw new DataMapperBuildError(
        'DM_BUILD_IMPORT',
        `the mapping imports ./dm-utils but ${DM_UTILS_FILE} is not beside it`,
        file,
        imp?.loc.start.line,
      );
    }
    sizeCheck(dmUtilsText, utilsFile);
    utils = stripModule(dmUtilsText, utilsFile);
    if (utils.usesDmUtils)
      throw new DataMapperBuildError('DM_BUILD_IMPORT', `${DM_UTILS_FILE} imports itself`, utilsFile);
  }
  const parts: string[] = [];
  // line 1 of the .dmc is line 1 of the .ts (the module's text follows the opening on the same line)
  parts.push(`var DataMapper = (function () { var exports = {}; ${importPrologue(main)}${main.js}`);
  parts.push(`\n;${exportLines(main)}return exports; })();\n`);
  if (utils) {
    parts.push(
      `\nvar ${UTILS_FN}_exports;\nfunction ${UTILS_FN}() {\n  if (${UTILS_FN}_exports) return ${UTILS_FN}_exports;\n` +
        `  var exports = ${UTILS_FN}_exports = {};\n${utils.js}\n;${exportLines(utils)}\n  return exports;\n}\n`,
    );
  }
  parts.push(`\nfunction mapFunction(input) {\n    return DataMapper.mapFunction(input);\n}\n`);
  const fns = new Map([[info.functionName, info.inputVariable]]);
  if (!fns.has(info.derivedFunctionName)) fns.set(info.derivedFunctionName, info.derivedInputVariable);
  for (const [fn, input] of fns) parts.push(`\nfunction ${fn}() {\n    return mapFunction(${input});\n}\n`);
  if (!main.exports.has('mapFunction')) {
    // `function mapFunction` without export: still the mapping's entry point
    parts[1] = `\n;${exportLines(main)}exports.mapFunction = mapFunction; return exports; })();\n`;
  }
  return {
    dmc: parts.join(''),
    inputSchema: `${JSON.stringify(info.inputSchema, null, 2)}\n`,
    outputSchema: `${JSON.stringify(info.outputSchema, null, 2)}\n`,
    functionName: info.functionName,
    inputVariable: info.inputVariable,
  };
}

export type { JsonSchema };
