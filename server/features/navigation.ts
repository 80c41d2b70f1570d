/**
 * Navigation over the project index: go to definition, find references, rename (with the artifact's file renamed
 * when its name matched), workspace symbols and document links for registry resource keys.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import {
  SymbolKind,
  type Location,
  type WorkspaceEdit,
  type TextEdit,
  type SymbolInformation,
} from 'vscode-languageserver';
import type { ArtifactKind, RefKind } from '../../core/catalog/types';
import {
  REF_TARGETS,
  type ArtifactSymbol,
  type FileModel,
  type ProjectIndex,
  type Reference,
} from '../../core/project/index';
import type { Project } from '../../core/project/discover';
import type { Span } from '../../core/xml';
import { pathToUri, toRange } from '../convert';
import { registryFile } from '../../core/project/registry';
import { connectionNameSpans } from './connectorNavigation';

export { registryFile };

/** What sits under the cursor: a reference to an artifact, or an artifact's own name. */
export type NameTarget =
  { type: 'ref'; ref: Reference; span: Span } | { type: 'decl'; artifact: ArtifactSymbol; span: Span };

export function targetAt(model: FileModel, offset: number): NameTarget | undefined {
  for (const ref of model.references) {
    if (ref.span.start <= offset && offset <= ref.span.end) return { type: 'ref', ref, span: ref.span };
  }
  const a = model.artifact;
  if (
    a &&
    a.name &&
    a.nameSpan.start <= offset &&
    offset <= a.nameSpan.end &&
    a.nameSpan.end > a.nameSpan.start
  ) {
    return { type: 'decl', artifact: a, span: a.nameSpan };
  }
  return undefined;
}

/** The artifacts a reference resolves to. */
export function resolveRef(index: ProjectIndex, ref: Reference): ArtifactSymbol[] {
  if (ref.dynamic) return [];
  return index.findArtifacts(ref.refKind, ref.key);
}

export function definition(
  model: FileModel,
  index: ProjectIndex,
  project: Project | undefined,
  offset: number,
  linesOf: (path: string) => FileModel | undefined,
): Location[] {
  const t = targetAt(model, offset);
  if (!t) return [];
  if (t.type === 'decl') return [loc(model, t.artifact.nameSpan)];
  const found = resolveRef(index, t.ref);
  const out: Location[] = [];
  for (const a of found) {
    const m = linesOf(a.file);
    if (m) out.push(loc(m, a.nameSpan));
  }
  if (!out.length && (t.ref.refKind === 'registry' || t.ref.refKind === 'resource')) {
    const file = registryFile(project, t.ref.key);
    if (file)
      out.push({
        uri: pathToUri(file),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
  }
  return out;
}

function loc(m: FileModel, span: Span): Location {
  return { uri: pathToUri(m.path), range: toRange(m.lines, span) };
}

/** The artifact (kind and name) a target stands for. */
function artifactOf(
  index: ProjectIndex,
  t: NameTarget,
): { kinds: ArtifactKind[]; name: string; decls: ArtifactSymbol[] } | undefined {
  if (t.type === 'decl')
    return {
      kinds: [t.artifact.kind],
      name: t.artifact.name,
      decls: index.findArtifacts(t.artifact.kind, t.artifact.name),
    };
  if (t.ref.dynamic) return undefined;
  const decls = resolveRef(index, t.ref);
  const kinds = decls.length ? [...new Set(decls.map((d) => d.kind))] : REF_TARGETS[t.ref.refKind as RefKind];
  if (!kinds.length) return undefined;
  return { kinds, name: t.ref.key, decls };
}

export function references(
  model: FileModel,
  index: ProjectIndex,
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const t = targetAt(model, offset);
  if (!t) return [];
  const a = artifactOf(index, t);
  if (!a) return [];
  const out: Location[] = [];
  if (includeDeclaration) for (const d of a.decls) out.push(locIn(index, d.file, d.nameSpan));
  const seen = new Set<string>();
  for (const k of a.kinds) {
    for (const r of index.referencesTo(k, a.name)) {
      const id = `${r.file}#${r.ref.span.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(locIn(index, r.file, r.ref.span));
    }
  }
  return out;
}

function locIn(index: ProjectIndex, file: string, span: Span): Location {
  const m = index.getFile(file)!;
  return loc(m, span);
}

export function prepareRename(
  model: FileModel,
  index: ProjectIndex,
  offset: number,
): { range: Span; placeholder: string } | undefined {
  const t = targetAt(model, offset);
  if (!t) return undefined;
  if (t.type === 'ref' && (t.ref.dynamic || t.ref.refKind === 'registry' || /^(gov|conf):/.test(t.ref.key)))
    return undefined;
  const a = artifactOf(index, t);
  if (!a) return undefined;
  return { range: t.span, placeholder: a.name };
}

export class RenameError extends Error {}

const NAME_OK = /^[^\s<>&"'{}\/\\]+$/;

/**
 * The edit renaming an artifact everywhere in its project: its name, every static reference, and its file when the
 * file was named after it (RenameFile after the text edits).
 */
export function renameEdit(
  model: FileModel,
  index: ProjectIndex,
  offset: number,
  newName: string,
  versionOf: (path: string) => number | null,
  renameFiles = true,
): WorkspaceEdit | undefined {
  const t = targetAt(model, offset);
  if (!t) return undefined;
  const a = artifactOf(index, t);
  if (!a) return undefined;
  if (t.type === 'ref' && (t.ref.dynamic || /^(gov|conf):/.test(t.ref.key))) return undefined;
  if (!NAME_OK.test(newName))
    throw new RenameError(
      `'${newName}' is not a valid artifact name (no spaces, quotes, braces, slashes, < or &).`,
    );
  for (const k of a.kinds) {
    const clash = index.findArtifacts(k, newName);
    if (clash.length && newName !== a.name)
      throw new RenameError(`An artifact named '${newName}' already exists (${clash[0].file}).`);
  }
  const edits = new Map<string, TextEdit[]>();
  const add = (file: string, span: Span) => {
    const m = index.getFile(file);
    if (!m) return;
    let list = edits.get(file);
    if (!list) edits.set(file, (list = []));
    if (list.some((e) => sameRange(e, m, span))) return;
    list.push({ range: toRange(m.lines, span), newText: newName });
  };
  for (const d of a.decls) {
    add(d.file, d.nameSpan);
    // a connection's <name> that was its key follows the key
    for (const s of connectionNameSpans(index.getFile(d.file), d, a.name)) add(d.file, s);
  }
  for (const k of a.kinds) for (const r of index.referencesTo(k, a.name)) add(r.file, r.ref.span);
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const [file, list] of edits) {
    documentChanges.push({ textDocument: { uri: pathToUri(file), version: versionOf(file) }, edits: list });
  }
  for (const d of renameFiles ? a.decls : []) {
    const ext = extname(d.file);
    if (basename(d.file, ext) === a.name) {
      const target = join(dirname(d.file), newName + ext);
      if (!existsSync(target))
        documentChanges.push({ kind: 'rename', oldUri: pathToUri(d.file), newUri: pathToUri(target) });
    }
  }
  return { documentChanges };
}

function sameRange(e: TextEdit, m: FileModel, span: Span): boolean {
  const r = toRange(m.lines, span);
  return e.range.start.line === r.start.line && e.range.start.character === r.start.character;
}

const SYMBOL_KINDS: Partial<Record<ArtifactKind, SymbolKind>> = {
  api: SymbolKind.Module,
  proxy: SymbolKind.Module,
  sequence: SymbolKind.Function,
  endpoint: SymbolKind.Interface,
  localEntry: SymbolKind.Constant,
  sequenceTemplate: SymbolKind.Class,
  endpointTemplate: SymbolKind.Class,
  inboundEndpoint: SymbolKind.Event,
  task: SymbolKind.Event,
  messageStore: SymbolKind.Struct,
  messageProcessor: SymbolKind.Operator,
  dataService: SymbolKind.Module,
};

/** Artifacts whose name matches the query (case-insensitive subsequence), best matches first, at most `limit`. */
export function workspaceSymbols(indexes: ProjectIndex[], query: string, limit = 500): SymbolInformation[] {
  const q = query.toLowerCase();
  const found: { score: number; sym: SymbolInformation }[] = [];
  for (const idx of indexes) {
    for (const m of idx.files()) {
      const a = m.artifact;
      if (!a || !a.name) continue;
      const score = matchScore(q, a.name.toLowerCase());
      if (score < 0) continue;
      found.push({
        score,
        sym: {
          name: a.name,
          kind: SYMBOL_KINDS[a.kind] ?? SymbolKind.Object,
          containerName: a.kind,
          location: loc(m, a.nameSpan),
        },
      });
    }
  }
  found.sort((x, y) => x.score - y.score || x.sym.name.localeCompare(y.sym.name));
  return found.slice(0, limit).map((f) => f.sym);
}

/** 0 exact, 1 prefix, 2 substring, 3 subsequence, -1 no match. */
function matchScore(q: string, s: string): number {
  if (!q) return 3;
  if (s === q) return 0;
  if (s.startsWith(q)) return 1;
  if (s.includes(q)) return 2;
  let i = 0;
  for (let j = 0; j < s.length && i < q.length; j++) if (s[j] === q[i]) i++;
  return i === q.length ? 3 : -1;
}

/**
 * Before files are renamed (workspace/willRenameFiles): an artifact whose file was named after it follows the new
 * file name, with every reference to it. Files whose name did not match their artifact are left alone.
 */
export function editsForFileRenames(
  renames: { oldPath: string; newPath: string }[],
  lookup: (path: string) => { model: FileModel; index: ProjectIndex } | undefined,
  versionOf: (path: string) => number | null,
): WorkspaceEdit | null {
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const { oldPath, newPath } of renames) {
    const found = lookup(oldPath);
    const a = found?.model.artifact;
    if (!found || !a || !a.name) continue;
    const oldExt = extname(oldPath);
    const newExt = extname(newPath);
    if (basename(oldPath, oldExt) !== a.name || oldExt !== newExt) continue;
    const newName = basename(newPath, newExt);
    if (newName === a.name || !NAME_OK.test(newName)) continue;
    try {
      const edit = renameEdit(found.model, found.index, a.nameSpan.start, newName, versionOf, false);
      for (const c of edit?.documentChanges ?? []) documentChanges.push(c);
    } catch {
      // a clash with an existing name: leave the artifact as it is (the validator reports the mismatch)
    }
  }
  return documentChanges.length ? { documentChanges } : null;
}
