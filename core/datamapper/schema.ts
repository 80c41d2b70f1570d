/**
 * The input and output JSON schemas of a data mapping, read from its TypeScript as the MI tooling writes it: the
 * interface of `mapFunction`'s parameter is the input, the one of its return type the output; the block comment
 * before each interface carries `title : "..."`, `inputType : "XML"` / `outputType : "JSON"` and
 * `namespaces : [{"prefix": ..., "url": ...}]`. Fields map as the tooling's schemas have them: string, number and
 * boolean; `T[]` an array whose `items` is a one-element list; a nested type an object; `T | null` the type of T;
 * quoted keys unquoted; `attr_x` the property `x` (an XML attribute) and `_ELEMVAL` as it is (the element's text);
 * `prefix_name` becomes `prefix:name` in an XML schema when `prefix` is one of its namespaces.
 */
import { DataMapperBuildError } from './errors';
import type { AstComment, AstNode, ParsedFile } from './parse';

export const DM_SCHEMA_ID = 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#';
const HYPHEN_CODE = '_EnC0DeCHaRHyPh3n_';
const MAX_DEPTH = 64;

export type JsonSchema = Record<string, unknown>;

interface Meta {
  title?: string;
  inputType?: string;
  outputType?: string;
  namespaces?: { prefix: string; url: string }[];
}

export interface MappingInfo {
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  /** `map_S_<in>_S_<out>`, from the `functionName` comment or the schema titles. */
  functionName: string;
  /** `input<InputTitle>`, from the `inputVariable` comment or the input title. */
  inputVariable: string;
  /** The names derived from the titles, as Micro Integrator computes them (when they differ from the comment's). */
  derivedFunctionName: string;
  derivedInputVariable: string;
}

/** Top-level statements, `export` unwrapped. */
function topLevel(parsed: ParsedFile): { node: AstNode; stmt: AstNode }[] {
  return parsed.program.body.map((stmt) => {
    const d = stmt.declaration;
    return {
      node:
        (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') && d
          ? (d as AstNode)
          : stmt,
      stmt,
    };
  });
}

/** The comments between the previous statement and this one (the tooling's leading comment). */
function leadingComments(parsed: ParsedFile, stmt: AstNode): AstComment[] {
  const body = parsed.program.body;
  const i = body.indexOf(stmt);
  const from = i > 0 ? body[i - 1].end : 0;
  return parsed.comments.filter((c) => c.start >= from && c.end <= stmt.start);
}

function readMeta(comments: AstComment[], file: string): Meta {
  const meta: Meta = {};
  for (const c of comments) {
    const text = c.value;
    const line = c.loc.start.line;
    const t = /\btitle\s*:\s*"([^"]*)"/.exec(text);
    if (t) meta.title = t[1];
    const i = /\binputType\s*:\s*"([^"]*)"/.exec(text);
    if (i) meta.inputType = i[1];
    const o = /\boutputType\s*:\s*"([^"]*)"/.exec(text);
    if (o) meta.outputType = o[1];
    const n = /\bnamespaces\s*:\s*\[/.exec(text);
    if (n) {
      const start = n.index + n[0].length - 1;
      let depth = 0;
      let end = -1;
      let inString = false;
      for (let k = start; k < text.length; k++) {
        const ch = text[k];
        if (inString) {
          if (ch === '\\') k++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '[') depth++;
        else if (ch === ']' && --depth === 0) {
          end = k + 1;
          break;
        }
      }
      const raw = end > 0 ? text.slice(start, end).replace(/\n\s*\*/g, '\n') : '';
      let list: unknown;
      try {
        list = JSON.parse(raw);
      } catch {
        list = undefined;
      }
      const ok =
        Array.isArray(list) &&
        list.every(
          (x) =>
            typeof x === 'object' &&
            x !== null &&
            typeof (x as { prefix?: unknown }).prefix === 'string' &&
            typeof (x as { url?: unknown }).url === 'string',
        );
      if (!ok)
        throw new DataMapperBuildError(
          'DM_BUILD_METADATA',
          'the namespaces of this interface are not a JSON list of {"prefix": "...", "url": "..."}',
          file,
          line + text.slice(0, n.index).split('\n').length - 1,
        );
      meta.namespaces = (list as { prefix: string; url: string }[]).map((x) => ({
        prefix: x.prefix,
        url: x.url,
      }));
    }
  }
  return meta;
}

function memberName(key: AstNode): string | undefined {
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'StringLiteral' || key.type === 'NumericLiteral') return String(key.value);
  return undefined;
}

export function readMapping(parsed: ParsedFile, file: string): MappingInfo {
  const decls = new Map<string, { node: AstNode; stmt: AstNode }>();
  let fn: AstNode | undefined;
  for (const t of topLevel(parsed)) {
    const n = t.node;
    if ((n.type === 'TSInterfaceDeclaration' || n.type === 'TSTypeAliasDeclaration') && n.id)
      decls.set((n.id as AstNode).name as string, t);
    if (n.type === 'FunctionDeclaration' && n.id && (n.id as AstNode).name === 'mapFunction') fn = n;
  }
  if (!fn)
    throw new DataMapperBuildError(
      'DM_BUILD_NO_FUNCTION',
      'the mapping has no top-level function mapFunction(input: Input): Output',
      file,
      1,
    );
  const param = (fn.params as AstNode[])[0];
  const paramType = (param?.typeAnnotation as AstNode | undefined)?.typeAnnotation as AstNode | undefined;
  const returnType = (fn.returnType as AstNode | undefined)?.typeAnnotation as AstNode | undefined;

  const build = (which: 'input' | 'output', type: AstNode | undefined): JsonSchema => {
    // the root: T or T[] where T is an interface (or type alias) of this file
    let isArray = false;
    let t = type;
    const arrayElement = (x: AstNode | undefined): AstNode | undefined => {
      if (x?.type === 'TSArrayType') return x.elementType as AstNode;
      if (
        x?.type === 'TSTypeReference' &&
        ['Array', 'ReadonlyArray'].includes(String((x.typeName as AstNode).name))
      )
        return ((x.typeParameters as AstNode | undefined)?.params as AstNode[] | undefined)?.[0];
      return undefined;
    };
    const el = arrayElement(t);
    if (el) {
      isArray = true;
      t = el;
    }
    let decl: { node: AstNode; stmt: AstNode } | undefined;
    if (t?.type === 'TSTypeReference' && (t.typeName as AstNode).type === 'Identifier')
      decl = decls.get((t.typeName as AstNode).name as string);
    if (!decl) {
      // the tooling's fallback: the interface whose comment says inputType / outputType
      const marker = which === 'input' ? /\binputType\s*:/ : /\boutputType\s*:/;
      for (const d of decls.values())
        if (leadingComments(parsed, d.stmt).some((c) => marker.test(c.value))) decl = d;
    }
    if (!decl)
      throw new DataMapperBuildError(
        'DM_BUILD_NO_INTERFACE',
        `the ${which} type of mapFunction is not an interface of this file (mapFunction(input: Input): Output, with interface Input {...} and interface Output {...})`,
        file,
        (which === 'input' ? (param ?? fn) : (returnType ?? fn)).loc.start.line,
      );
    const meta = readMeta(leadingComments(parsed, decl.stmt), file);
    const xml = (which === 'input' ? meta.inputType : meta.outputType)?.toUpperCase() === 'XML';
    const prefixes = new Set((meta.namespaces ?? []).map((n) => n.prefix));
    const fieldName = (raw: string): string => {
      if (raw === '_ELEMVAL') return raw;
      let name = raw.trim();
      if (name.startsWith('attr_')) name = name.slice(5);
      const us = name.indexOf('_');
      if (xml && us > 0 && prefixes.has(name.slice(0, us)))
        name = `${name.slice(0, us)}:${name.slice(us + 1)}`;
      return name;
    };
    const seen: AstNode[] = [];
    const members = (list: AstNode[], depth: number): JsonSchema => {
      const props: JsonSchema = {};
      for (const m of list) {
        if (m.type !== 'TSPropertySignature') continue;
        const name = memberName(m.key as AstNode);
        if (name === undefined) continue;
        props[fieldName(name)] = typeSchema(
          (m.typeAnnotation as AstNode | undefined)?.typeAnnotation as AstNode,
          depth + 1,
        );
      }
      return props;
    };
    const declMembers = (d: AstNode, depth: number): AstNode[] => {
      if (d.type === 'TSTypeAliasDeclaration') {
        const ta = d.typeAnnotation as AstNode;
        return ta.type === 'TSTypeLiteral' ? (ta.members as AstNode[]) : [];
      }
      const own = (d.body as AstNode).body as AstNode[];
      const inherited: AstNode[] = [];
      for (const h of (d.extends as AstNode[] | undefined) ?? []) {
        const base = decls.get(String((h.expression as AstNode).name));
        if (base && !seen.includes(base.node) && depth < MAX_DEPTH) {
          seen.push(base.node);
          inherited.push(...declMembers(base.node, depth + 1));
          seen.pop();
        }
      }
      return [...inherited, ...own];
    };
    const typeSchema = (x: AstNode | undefined, depth: number): JsonSchema => {
      if (!x || depth > MAX_DEPTH) return { type: 'object' };
      switch (x.type) {
        case 'TSStringKeyword':
          return { type: 'string' };
        case 'TSNumberKeyword':
        case 'TSBigIntKeyword':
          return { type: 'number' };
        case 'TSBooleanKeyword':
          return { type: 'boolean' };
        case 'TSNullKeyword':
          return { type: 'null' };
        case 'TSLiteralType': {
          const v = (x.literal as AstNode).value;
          return { type: typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string' };
        }
        case 'TSParenthesizedType':
        case 'TSOptionalType':
          return typeSchema(x.typeAnnotation as AstNode, depth);
        case 'TSUnionType': {
          const parts = (x.types as AstNode[]).filter(
            (p) => p.type !== 'TSNullKeyword' && p.type !== 'TSUndefinedKeyword',
          );
          return parts.length ? typeSchema(parts[0], depth) : { type: 'null' };
        }
        case 'TSTypeLiteral':
          return { type: 'object', properties: members(x.members as AstNode[], depth) };
        case 'TSArrayType':
          return { type: 'array', items: [typeSchema(x.elementType as AstNode, depth + 1)] };
        case 'TSTypeReference': {
          const el = arrayElement(x);
          if (el) return { type: 'array', items: [typeSchema(el, depth + 1)] };
          const name = String((x.typeName as AstNode).name);
          if (name === 'Date') return { type: 'string' };
          const d = decls.get(name);
          if (!d || seen.includes(d.node)) return { type: 'object' };
          seen.push(d.node);
          const r =
            d.node.type === 'TSTypeAliasDeclaration' &&
            (d.node.typeAnnotation as AstNode).type !== 'TSTypeLiteral'
              ? typeSchema(d.node.typeAnnotation as AstNode, depth + 1)
              : { type: 'object', properties: members(declMembers(d.node, depth), depth) };
          seen.pop();
          return r;
        }
        default:
          return { type: 'object' };
      }
    };
    seen.push(decl.node);
    const properties = members(declMembers(decl.node, 0), 0);
    const title = meta.title || String((decl.node.id as AstNode).name);
    const schema: JsonSchema = { $schema: DM_SCHEMA_ID, title };
    const ioType = which === 'input' ? meta.inputType : meta.outputType;
    if (ioType) schema[which === 'input' ? 'inputType' : 'outputType'] = ioType;
    if (meta.namespaces) schema.namespaces = meta.namespaces;
    if (isArray) {
      schema.type = 'array';
      schema.items = [{ type: 'object', properties }];
    } else {
      schema.type = 'object';
      schema.properties = properties;
    }
    return schema;
  };

  const inputSchema = build('input', paramType);
  const outputSchema = build('output', returnType);
  const last = (n: string) => n.split(':').pop()!;
  const enc = (n: string) => n.replace(/[:=,]/g, '_').replace(/-/g, HYPHEN_CODE);
  const inTitle = inputSchema.title as string;
  const outTitle = outputSchema.title as string;
  const derivedFunctionName = `map_S_${enc(last(inTitle))}_S_${last(outTitle)}`;
  const derivedInputVariable = `input${enc(inTitle)}`;
  let functionName = derivedFunctionName;
  let inputVariable = derivedInputVariable;
  for (const c of parsed.comments) {
    const f = /\bfunctionName\s*:\s*(map_[\w$]+)/.exec(c.value);
    if (f) functionName = f[1];
    const v = /\binputVariable\s*:\s*([A-Za-z_$][\w$]*)/.exec(c.value);
    if (v) inputVariable = v[1];
  }
  return {
    inputSchema,
    outputSchema,
    functionName,
    inputVariable,
    derivedFunctionName,
    derivedInputVariable,
  };
}
