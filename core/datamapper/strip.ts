/**
 * TypeScript to JavaScript for a data-mapper module by erasing its types: every type-only piece of text (interfaces,
 * type aliases, annotations, type arguments, `as T`, `!`) is overwritten with spaces, line breaks kept, so the
 * JavaScript has the same lines and columns as the TypeScript and a run-time error's line is the `.ts` line.
 * Imports of `./dm-utils` become variables; `export` keywords are erased and the names collected. Constructs that
 * are more than types (enum, namespace, parameter properties, other modules) are refused with their line.
 */
import { DataMapperBuildError } from './errors';
import { childNodes, isNode, parseModule, type AstNode, type ParsedFile } from './parse';

export interface ImportBinding {
  /** The variable in the module. */
  local: string;
  /** The exported name of dm-utils, or '*' for the module itself. */
  imported: string;
}

export interface StrippedModule {
  parsed: ParsedFile;
  /** The module as JavaScript: same length and line breaks as the TypeScript. */
  js: string;
  /** Exported name → local name. */
  exports: Map<string, string>;
  /** Bindings imported from ./dm-utils. */
  imports: ImportBinding[];
  /** Whether the module imports ./dm-utils at all. */
  usesDmUtils: boolean;
}

const DM_UTILS_SOURCE = /^\.\/dm-utils(\.ts|\.js)?$/;

const TYPE_ONLY = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSIndexSignature',
  'TSTypeAnnotation',
  'TSTypeParameterDeclaration',
  'TSTypeParameterInstantiation',
]);

const UNSUPPORTED: Record<string, string> = {
  TSEnumDeclaration: 'an enum (not only types: write a const object instead)',
  TSModuleDeclaration: 'a namespace (not only types)',
  TSParameterProperty: 'a constructor parameter property',
  TSImportEqualsDeclaration: "an 'import x = require()'",
  TSExportAssignment: "an 'export ='",
  TSNamespaceExportDeclaration: "an 'export as namespace'",
  ExportAllDeclaration: "an 'export * from'",
};

export function stripModule(text: string, file: string): StrippedModule {
  const parsed = parseModule(text, file, true);
  const out = text.split('');
  const exportsMap = new Map<string, string>();
  const imports: ImportBinding[] = [];
  let usesDmUtils = false;

  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  };
  const write = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s[i];
  };
  const refuse = (
    n: AstNode,
    what: string,
    code: 'DM_BUILD_UNSUPPORTED' | 'DM_BUILD_IMPORT' = 'DM_BUILD_UNSUPPORTED',
  ) => {
    throw new DataMapperBuildError(
      code,
      code === 'DM_BUILD_UNSUPPORTED' ? `${what} is not supported in a data mapping` : what,
      file,
      n.loc.start.line,
      n.loc.start.column + 1,
    );
  };
  /** Blanks one `?` or `!` between two offsets (an optional or definite marker). */
  const blankMarker = (from: number, to: number, ch: '?' | '!') => {
    const i = text.indexOf(ch, from);
    if (i >= 0 && i < to) blank(i, i + 1);
  };
  const nameOf = (n: unknown): string | undefined =>
    isNode(n) && n.type === 'Identifier'
      ? (n.name as string)
      : isNode(n) && n.type === 'StringLiteral'
        ? (n.value as string)
        : undefined;

  const declaredNames = (decl: AstNode): string[] => {
    if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') {
      const n = nameOf(decl.id);
      return n ? [n] : [];
    }
    if (decl.type === 'VariableDeclaration') {
      return (decl.declarations as AstNode[]).map((d) => {
        const n = nameOf(d.id);
        if (!n) refuse(d, 'an exported destructuring declaration');
        return n!;
      });
    }
    return [];
  };

  const visit = (n: AstNode): void => {
    if (TYPE_ONLY.has(n.type)) {
      blank(n.start, n.end);
      return;
    }
    if (n.declare === true) {
      blank(n.start, n.end);
      return;
    }
    const unsupported = UNSUPPORTED[n.type];
    if (unsupported) refuse(n, unsupported);
    switch (n.type) {
      case 'ImportDeclaration': {
        blank(n.start, n.end);
        if (n.importKind === 'type') return;
        const source = (n.source as AstNode).value as string;
        if (!DM_UTILS_SOURCE.test(source))
          refuse(
            n,
            `imports '${source}': a data mapping can import only ./dm-utils (the operators file beside it)`,
            'DM_BUILD_IMPORT',
          );
        usesDmUtils = true;
        for (const s of n.specifiers as AstNode[]) {
          if (s.importKind === 'type') continue;
          const local = nameOf(s.local)!;
          if (s.type === 'ImportNamespaceSpecifier') imports.push({ local, imported: '*' });
          else if (s.type === 'ImportDefaultSpecifier') imports.push({ local, imported: 'default' });
          else imports.push({ local, imported: nameOf(s.imported) ?? local });
        }
        return;
      }
      case 'ExportNamedDeclaration': {
        if (n.exportKind === 'type') return blank(n.start, n.end);
        if (n.source) refuse(n, "an 'export ... from'");
        const decl = n.declaration as AstNode | null;
        if (decl) {
          if (TYPE_ONLY.has(decl.type) || decl.declare === true) return blank(n.start, n.end);
          blank(n.start, decl.start);
          for (const name of declaredNames(decl)) exportsMap.set(name, name);
          return visit(decl);
        }
        for (const s of n.specifiers as AstNode[]) {
          if (s.exportKind === 'type') continue;
          const local = nameOf(s.local)!;
          exportsMap.set(nameOf(s.exported) ?? local, local);
        }
        return blank(n.start, n.end);
      }
      case 'ExportDefaultDeclaration': {
        const decl = n.declaration as AstNode;
        if (TYPE_ONLY.has(decl.type)) return blank(n.start, n.end);
        blank(n.start, decl.start);
        const named =
          (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && nameOf(decl.id);
        if (named) exportsMap.set('default', named);
        else {
          // `export default <expression>`: the 15 characters of `export default ` hold the variable
          write(n.start, 'var __dmd=');
          exportsMap.set('default', '__dmd');
        }
        return visit(decl);
      }
      case 'TSAsExpression':
      case 'TSSatisfiesExpression': {
        // from the keyword to the end (the expression may be in parentheses: `(a) as T`)
        visit(n.expression as AstNode);
        const ta = n.typeAnnotation as AstNode;
        return blank(text.lastIndexOf(n.type === 'TSAsExpression' ? 'as' : 'satisfies', ta.start), n.end);
      }
      case 'TSNonNullExpression':
        visit(n.expression as AstNode);
        return blank(n.end - 1, n.end);
      case 'TSTypeAssertion': {
        // `<T>` only (the expression may be in parentheses: `<T>(a)`)
        const ta = n.typeAnnotation as AstNode;
        blank(n.start, text.indexOf('>', ta.end) + 1);
        return visit(n.expression as AstNode);
      }
      case 'Identifier': {
        const ta = n.typeAnnotation as AstNode | undefined;
        if (n.optional === true) blankMarker(n.start + String(n.name).length, ta?.start ?? n.end, '?');
        if (ta) blank(ta.start, ta.end);
        return;
      }
      case 'VariableDeclarator': {
        if (n.definite === true) {
          const id = n.id as AstNode;
          blankMarker(id.start + String(id.name ?? '').length, id.end, '!');
        }
        break;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        if (n.abstract === true) refuse(n, 'an abstract class');
        const impl = n.implements as AstNode[] | undefined;
        if (impl?.length) {
          const kw = text.lastIndexOf('implements', impl[0].start);
          blank(kw, impl[impl.length - 1].end);
        }
        for (const c of childNodes(n)) if (!impl?.includes(c)) visit(c);
        return;
      }
      case 'ClassProperty':
      case 'ClassMethod':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty': {
        if (n.accessibility || n.abstract === true || n.override === true || n.readonly === true)
          refuse(
            n,
            'a TypeScript class member modifier (public/private/protected/readonly/abstract/override)',
          );
        const key = n.key as AstNode;
        if (n.optional === true)
          blankMarker(key.end, (n.typeAnnotation as AstNode | undefined)?.start ?? n.end, '?');
        if (n.definite === true) blankMarker(key.end, n.end, '!');
        break;
      }
      case 'ObjectMethod':
      case 'FunctionDeclaration':
      case 'FunctionExpression': {
        const first = (n.params as AstNode[])[0];
        if (first?.type === 'Identifier' && first.name === 'this') refuse(first, "a 'this' parameter");
        break;
      }
      default:
        break;
    }
    for (const c of childNodes(n)) visit(c);
  };

  for (const stmt of parsed.program.body) visit(stmt);
  // trailing blanks dropped (columns of the code stay)
  const js = out.join('').replace(/[ \t]+$/gm, '');
  // what we produced must be plain JavaScript (a leftover type would be a bug of ours, said as such)
  parseModule(js, file, false);
  return { parsed, js, exports: exportsMap, imports, usesDmUtils };
}
