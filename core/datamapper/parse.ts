/**
 * TypeScript parsing for the data-mapper builder, with @babel/parser (its `typescript` plugin: every node keeps its
 * offsets and line, comments included). The parser is loaded on the first build only, so the bundles that carry this
 * module (runtime, CAR packaging) pay for it only when a `.ts` mapping has to be built.
 */
import type * as BabelParser from '@babel/parser';
import { DataMapperBuildError } from './errors';

/** An AST node as read here: its kind, offsets and line, and its fields. */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number; column: number } };
  [field: string]: unknown;
}

export interface AstComment {
  type: 'CommentBlock' | 'CommentLine';
  value: string;
  start: number;
  end: number;
  loc: { start: { line: number; column: number } };
}

export interface ParsedFile {
  program: AstNode & { body: AstNode[] };
  comments: AstComment[];
}

let babel: typeof BabelParser | undefined;

/* eslint-disable @typescript-eslint/no-require-imports */
function parser(): typeof BabelParser {
  if (babel) return babel;
  // Loaded on first use. A build may ship the parser as a chunk of its own beside the bundle
  // (dist/cli-datamapper-parser.js, with @babel/parser external to the bundles; the .vsix ships dist/cli-*.js).
  // esbuild leaves this require as it is when it cannot resolve it; without the chunk, the parser bundled below is
  // used (evaluated only now).
  try {
    babel = require('./cli-datamapper-parser.js') as typeof BabelParser;
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    babel = require('@babel/parser') as typeof BabelParser;
  }
  return babel;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Parses a TypeScript (or, with `typescript` false, a JavaScript) module; a syntax error names the file and line. */
export function parseModule(text: string, file: string, typescript = true): ParsedFile {
  try {
    const ast = parser().parse(text, {
      sourceType: 'module',
      plugins: typescript ? ['typescript'] : [],
      attachComment: false,
      allowReturnOutsideFunction: false,
    }) as unknown as { program: ParsedFile['program']; comments?: AstComment[] };
    return { program: ast.program, comments: ast.comments ?? [] };
  } catch (e) {
    if (e instanceof RangeError) throw e; // nested too deeply: buildDataMapper says so
    const err = e as Error & { loc?: { line: number; column: number } };
    const msg = err.message.replace(/\s*\(\d+:\d+\)$/, '');
    throw new DataMapperBuildError(
      typescript ? 'DM_BUILD_SYNTAX' : 'DM_BUILD_INTERNAL',
      typescript ? `not valid TypeScript: ${msg}` : `the generated JavaScript does not parse: ${msg}`,
      file,
      err.loc?.line,
      err.loc ? err.loc.column + 1 : undefined,
    );
  }
}

/** The child nodes of a node (every field holding a node or a list of nodes). */
export function* childNodes(node: AstNode): Generator<AstNode> {
  for (const key in node) {
    if (key === 'loc' || key === 'extra' || key.endsWith('Comments')) continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const x of v) if (isNode(x)) yield x;
    } else if (isNode(v)) yield v;
  }
}

export function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as AstNode).type === 'string' && 'start' in v;
}
