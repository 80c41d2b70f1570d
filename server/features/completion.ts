/**
 * Completion from the catalog and the project index: elements valid at the cursor (with snippet bodies), attributes
 * not yet present, enum values, artifact keys per reference kind, registry resource keys, closing tags, and inside
 * expressions what exprCompletion.ts offers. Answers from the latest parse; never waits for validation.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep, basename, extname } from 'node:path';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import {
  allowedChildren,
  knownParameters,
  parameterOwner,
  artifactDecls,
  type AllowedChildren,
  attributeDecl,
  declFor,
  SYNAPSE_NS,
  type AttributeDecl,
  type ElementDecl,
  type MediatorDecl,
} from '../../core/catalog';
import {
  BUILTIN_NAMES,
  REF_TARGETS,
  type ArtifactSymbol,
  type FileModel,
  type ProjectIndex,
} from '../../core/project/index';
import type { Project } from '../../core/project/discover';
import { attrValue, elementAt, type Span, type XmlAttribute, type XmlElement } from '../../core/xml';
import { toRange } from '../convert';
import { valueSpan } from '../convert';
import { exprInAttribute, exprInText, type AttrReading, type ExprCursor } from './exprContext';
import { expressionCompletions } from './exprCompletion';
import { collectExprNames } from './exprNames';
import { elementSnippet, valuePlaceholder, type SnippetContext } from './snippets';
import { docData } from './completionDocs';
import {
  configKeyItems,
  connectorElementItems,
  connectorOperationItems,
  paramValueItems,
} from './connectorCompletion';

export type XmlContext =
  | { type: 'elementName'; parent: XmlElement | undefined; replace: Span; full: boolean; self?: XmlElement }
  | { type: 'attributeName'; el: XmlElement; replace: Span; withValue: boolean }
  | { type: 'attributeValue'; el: XmlElement; attr: XmlAttribute; offset: number }
  | { type: 'closeTag'; el: XmlElement; replace: Span }
  | { type: 'content'; el: XmlElement; offset: number }
  | { type: 'none' };

const NAME_CHARS = /[\w.:-]/;

/** What the cursor is on, from the tolerant tree and the text just before the cursor. */
export function xmlContextAt(model: FileModel, offset: number): XmlContext {
  const text = model.text;
  const el = elementAt(model.doc.children, offset);
  if (el) {
    const inStart =
      offset > el.startTag.start &&
      (offset < el.startTag.end || (!el.startTagClosed && offset <= el.startTag.end)) &&
      !(el.startTagClosed && offset === el.startTag.end);
    if (inStart) {
      if (offset <= el.nameSpan.end) {
        return {
          type: 'elementName',
          parent: el.parent,
          replace: { start: el.nameSpan.start, end: el.nameSpan.end },
          full: !el.startTagClosed && el.attributes.length === 0,
          self: el,
        };
      }
      for (const a of el.attributes) {
        const vs = valueSpan(a, text);
        if (a.quote && offset >= vs.start && offset <= vs.end)
          return { type: 'attributeValue', el, attr: a, offset };
        if (offset >= a.nameSpan.start && offset <= a.nameSpan.end) {
          const withValue = text[a.nameSpan.end] !== '=';
          return { type: 'attributeName', el, replace: a.nameSpan, withValue };
        }
      }
      // a value whose quote was never closed (the parser drops such an attribute): name="typed|
      const open = /([\w:.-]+)\s*=\s*(["'])([^"'<>]*)$/.exec(text.slice(el.startTag.start, offset));
      if (open && !el.attributes.some((a) => a.name === open[1] && a.quote)) {
        const start = offset - open[3].length;
        const attr: XmlAttribute = {
          name: open[1],
          prefix: open[1].includes(':') ? open[1].slice(0, open[1].indexOf(':')) : '',
          local: open[1].includes(':') ? open[1].slice(open[1].indexOf(':') + 1) : open[1],
          value: open[3],
          raw: open[3],
          span: { start: start - open[1].length - 2, end: offset },
          nameSpan: {
            start: start - open[0].length + open[1].length,
            end: start - open[0].length + open[1].length,
          },
          valueSpan: { start, end: offset },
          quote: open[2],
        };
        return { type: 'attributeValue', el, attr, offset };
      }
      if (el.selfClosing && offset > el.startTag.end - 2) return { type: 'none' };
      return { type: 'attributeName', el, replace: { start: offset, end: offset }, withValue: true };
    }
    if (el.endTag && offset > el.endTag.start) {
      return {
        type: 'closeTag',
        el,
        replace: { start: el.endTag.start + 2, end: Math.max(offset, el.endTag.end - 1) },
      };
    }
  }
  // content of `el` (or the top level)
  const before = text.slice(Math.max(0, offset - 256), offset);
  const close = /<\/([\w.:-]*)$/.exec(before);
  if (close) {
    const open = innermostOpen(el, offset);
    if (open)
      return {
        type: 'closeTag',
        el: open,
        replace: { start: offset - close[1].length, end: offset + nameAfter(text, offset) },
      };
    return { type: 'none' };
  }
  const lt = /<([\w.:-]*)$/.exec(before);
  if (lt)
    return {
      type: 'elementName',
      parent: el,
      replace: { start: offset - lt[1].length, end: offset + nameAfter(text, offset) },
      full: true,
    };
  return el ? { type: 'content', el, offset } : { type: 'none' };
}

function nameAfter(text: string, offset: number): number {
  let n = 0;
  while (offset + n < text.length && NAME_CHARS.test(text[offset + n])) n++;
  return n;
}

/** The innermost element without an end tag that encloses the offset (what `</` should close). */
function innermostOpen(el: XmlElement | undefined, offset: number): XmlElement | undefined {
  for (let e = el; e; e = e.parent) if (!e.endTag && !e.selfClosing && e.startTag.end <= offset) return e;
  return el;
}

export interface CompletionEnv {
  model: FileModel;
  index: ProjectIndex;
  project: Project | undefined;
  snippets: boolean;
}

/**
 * Completion at `offset`. `trigger` is the character that triggered it automatically (LSP trigger characters): a
 * space only opens attribute names (not inside values or text, where it would pop up on every word).
 */
export function complete(env: CompletionEnv, offset: number, trigger?: string): CompletionItem[] {
  const ctx = xmlContextAt(env.model, offset);
  if (trigger === ' ' && ctx.type !== 'attributeName') return [];
  if ((trigger === '"' || trigger === "'") && ctx.type !== 'attributeValue') return [];
  const lines = env.model.lines;
  const keyMemo = new Map<string, string[]>();
  const snippetCtx: SnippetContext = {
    keysFor: (ref) => {
      let k = keyMemo.get(ref);
      if (!k) keyMemo.set(ref, (k = keysFor(env, ref)));
      return k;
    },
    mandatoryParams: (t) => mandatoryParams(env, t),
  };
  const edit = (span: Span, newText: string) => ({ range: toRange(lines, span), newText });
  switch (ctx.type) {
    case 'elementName': {
      // connector parameters, connections in a local entry (connectorCompletion.ts)
      const own = connectorElementItems(env, ctx);
      if (own) return own;
      const items = elementItems(env, ctx, snippetCtx);
      if (ctx.parent && allowedChildren(ctx.parent).mediators.length)
        items.push(...connectorOperationItems(env, ctx));
      return items;
    }
    case 'attributeName': {
      const decl = declFor(ctx.el);
      if (!decl) return [];
      const present = new Set(
        ctx.el.attributes.filter((a) => a.nameSpan.start !== ctx.replace.start).map((a) => a.name),
      );
      const excluded = new Set<string>();
      for (const group of decl.exclusive ?? [])
        if (group.some((g) => present.has(g))) for (const g of group) excluded.add(g);
      const items: CompletionItem[] = [];
      for (const a of decl.attributes) {
        if (present.has(a.name) || excluded.has(a.name)) continue;
        let insert = ctx.withValue ? `${a.name}="${valuePlaceholder(a, snippetCtx, 1)}"` : a.name;
        // an attribute that needs another one (e.g. group needs pattern) brings it along
        if (ctx.withValue) {
          let n = 2;
          for (const [x, y] of decl.requires ?? []) {
            const other = x === a.name && !present.has(y) ? attributeDecl(decl, y) : undefined;
            if (other) insert += ` ${y}="${valuePlaceholder(other, snippetCtx, n++)}"`;
          }
        }
        items.push(
          finish(
            {
              label: a.name,
              kind: CompletionItemKind.Property,
              detail: attrDetail(a),
              data: docData(attributeDoc(a)),
              textEdit: edit(ctx.replace, insert),
              insertTextFormat: InsertTextFormat.Snippet,
              sortText: `${a.required ? 0 : 1}${a.name}`,
            },
            env.snippets,
          ),
        );
      }
      return items;
    }
    case 'attributeValue':
      return (
        configKeyItems(env, ctx.el, ctx.attr, valueSpan(ctx.attr, env.model.text)) ??
        valueItems(env, ctx.el, ctx.attr, ctx.offset)
      );
    case 'closeTag':
      return [
        {
          label: `/${ctx.el.name}`,
          kind: CompletionItemKind.Property,
          detail: 'closing tag',
          textEdit: edit(ctx.replace, `${ctx.el.name}>`),
          filterText: ctx.el.name,
        },
      ];
    case 'content': {
      const pv = paramValueItems(env, ctx.el, ctx.offset);
      if (pv) return pv;
      // the value of a parameter MI reads from a fixed few
      if (ctx.el.local === 'parameter') {
        const owner = parameterOwner(ctx.el);
        const name = attrValue(ctx.el, 'name');
        const known = owner && name ? knownParameters(owner).find((k) => k.name === name) : undefined;
        if (known?.values)
          return known.values.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, detail: name }));
      }
      const decl = declFor(ctx.el);
      const cur = exprInText(
        ctx.el,
        env.model.text,
        ctx.offset,
        decl?.text === 'expression' || decl?.text === 'xpath',
      );
      return cur ? exprItems(env, cur) : [];
    }
  }
  return [];
}

/** Drops snippet syntax for clients without snippet support. */
function finish(item: CompletionItem, snippets: boolean): CompletionItem {
  if (snippets || item.insertTextFormat !== InsertTextFormat.Snippet) return item;
  const te = item.textEdit as { range: unknown; newText: string } | undefined;
  if (te)
    te.newText = te.newText
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');
  item.insertTextFormat = InsertTextFormat.PlainText;
  return item;
}

function mandatoryParams(env: CompletionEnv, template: string): string[] {
  const t = env.index.findArtifacts('sequenceTemplate', template)[0];
  if (!t) return [];
  const out: string[] = [];
  for (const c of t.element.children) {
    if (c.kind === 'element' && c.local === 'parameter' && attrValue(c, 'isMandatory') === 'true') {
      const n = attrValue(c, 'name');
      if (n) out.push(n);
    }
  }
  return out;
}

function keysFor(env: CompletionEnv, ref: string): string[] {
  const keys = env.index.keysFor(ref as never);
  // the file's own artifact is not a sensible reference target from inside itself
  const own = env.model.artifact?.name;
  return keys.filter((k) => k !== own);
}

function elementItems(
  env: CompletionEnv,
  ctx: Extract<XmlContext, { type: 'elementName' }>,
  sctx: SnippetContext,
): CompletionItem[] {
  const lines = env.model.lines;
  const items: CompletionItem[] = [];
  const range = toRange(lines, ctx.replace);
  if (!ctx.parent) {
    // an empty document: the artifact roots
    const seen = new Set<string>();
    for (const a of artifactDecls()) {
      if (seen.has(a.root) || a.kind === 'dataService' || a.kind === 'unitTest' || a.kind === 'mockService')
        continue;
      seen.add(a.root);
      const body = ctx.full
        ? elementSnippet(a.root, a.element, sctx).replace(a.root, `${a.root} xmlns="${SYNAPSE_NS}"`)
        : a.root;
      items.push(
        finish(
          {
            label: a.root,
            kind: CompletionItemKind.Module,
            detail: `${a.kind} artifact`,
            data: docData(a.doc),
            textEdit: { range, newText: body },
            insertTextFormat: InsertTextFormat.Snippet,
          },
          env.snippets,
        ),
      );
    }
    return items;
  }
  const allowed = allowedChildren(ctx.parent);
  if (allowed.any) return items;
  // named children, unless they already appear as often as allowed
  const counts = new Map<string, number>();
  if (allowed.elements.length)
    for (const c of ctx.parent.children) {
      if (c.kind === 'element' && c !== ctx.self) counts.set(c.local, (counts.get(c.local) ?? 0) + 1);
    }
  for (const p of elementProtos(env, allowed, ctx.full, sctx)) {
    if (p.max !== undefined && (counts.get(p.item.label) ?? 0) >= p.max) continue;
    items.push({ ...p.item, textEdit: { range, newText: p.newText } });
  }
  if (!ctx.parent.endTag && !ctx.parent.selfClosing && ctx.full) {
    items.push({
      label: `/${ctx.parent.name}`,
      kind: CompletionItemKind.Property,
      detail: 'closing tag',
      textEdit: { range, newText: `/${ctx.parent.name}>` },
      sortText: '8',
    });
  }
  return items;
}

/** An element item without its range; `max` bounds how often a named child may appear (mediators: unbounded). */
interface ElementProto {
  item: CompletionItem;
  newText: string;
  max?: number;
}

/**
 * The element items a parent accepts, built once per place kind and kept while nothing they depend on changes: the
 * catalog is fixed, and snippet bodies depend only on the index's names and templates (its version), the file's own
 * artifact name (never offered to itself), snippet support and whether the whole tag is typed.
 */
const protoCache = new WeakMap<ProjectIndex, Map<AllowedChildren, { key: string; protos: ElementProto[] }>>();

function elementProtos(
  env: CompletionEnv,
  allowed: AllowedChildren,
  full: boolean,
  sctx: SnippetContext,
): ElementProto[] {
  const key = `${env.index.version}\0${full}\0${env.snippets}\0${env.model.artifact?.name ?? ''}`;
  let perIndex = protoCache.get(env.index);
  if (!perIndex) protoCache.set(env.index, (perIndex = new Map()));
  const hit = perIndex.get(allowed);
  if (hit && hit.key === key) return hit.protos;
  const protos: ElementProto[] = [];
  const make = (
    name: string,
    decl: ElementDecl,
    kind: CompletionItemKind,
    detail: string,
    sort: string,
    max?: number,
  ) => {
    const item = finish(
      {
        label: name,
        kind,
        detail,
        data: docData(elementDoc(name, decl)),
        textEdit: { range: EMPTY_RANGE, newText: full ? elementSnippet(name, decl, sctx) : name },
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: sort + name,
        ...(decl.deprecated ? { tags: [1 as const] } : {}),
      },
      env.snippets,
    );
    const newText = (item.textEdit as { newText: string }).newText;
    delete item.textEdit;
    protos.push({ item, newText, max });
  };
  for (const c of allowed.elements)
    make(c.name, c.element, CompletionItemKind.Field, 'element', '0', c.max ?? 1);
  for (const m of allowed.mediators)
    make(m.name, m, CompletionItemKind.Function, mediatorDetail(m), m.deprecated ? '9' : '1');
  perIndex.set(allowed, { key, protos });
  return protos;
}

const EMPTY_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function mediatorDetail(m: MediatorDecl): string {
  return `${m.category} mediator${m.since ? ` (MI ${m.since})` : ''}`;
}

export function elementDoc(name: string, decl: ElementDecl): string {
  const m = decl as Partial<MediatorDecl>;
  const head = `**${name}**${m.category ? ` — ${m.category} mediator` : ''}${decl.since ? ` (since MI ${decl.since})` : ''}`;
  const dep = decl.deprecated ? `\n\n*Deprecated:* ${decl.deprecated}` : '';
  return `${head}\n\n${decl.doc}${dep}`;
}

function attrDetail(a: AttributeDecl): string {
  const kind = a.type === 'enum' && a.values ? a.values.join(' | ') : a.ref ? `${a.type} → ${a.ref}` : a.type;
  return `${a.required ? 'required ' : ''}${kind}${a.default !== undefined ? ` (default ${a.default})` : ''}`;
}

export function attributeDoc(a: AttributeDecl): string {
  const parts = [`**${a.name}** — ${attrDetail(a)}`, a.doc];
  if (a.dynamic)
    parts.push('May be dynamic: `{expression}` is evaluated per message, `{{...}}` is a literal.');
  if (a.since) parts.push(`Since MI ${a.since}.`);
  if (a.deprecated) parts.push(`*Deprecated:* ${a.deprecated}`);
  return parts.join('\n\n');
}

/** How the catalog reads an attribute (for the expression finder). */
export function readingOf(decl: ElementDecl | undefined, name: string): AttrReading {
  const a = decl ? attributeDecl(decl, name) : undefined;
  if (!a) return name === 'expression' || name === 'xpath' ? 'expression' : 'other';
  if (a.type === 'expression') return 'expression';
  if (a.type === 'xpath') return 'xpath';
  if (a.type === 'jsonpath') return 'jsonpath';
  if (a.type === 'key' || a.dynamic) return 'key';
  return 'other';
}

function valueItems(env: CompletionEnv, el: XmlElement, a: XmlAttribute, offset: number): CompletionItem[] {
  const decl = declFor(el);
  const ad = decl ? attributeDecl(decl, a.name) : undefined;
  const cur = exprInAttribute(el, a, offset, readingOf(decl, a.name), env.model.text);
  if (cur) return exprItems(env, cur);
  const lines = env.model.lines;
  // an unterminated value runs to the next quote, lines away: replace only up to the end of its first line
  const vs0 = valueSpan(a, env.model.text);
  const cut = a.raw.search(/[\r\n<]/);
  const range = toRange(lines, cut >= 0 ? { start: vs0.start, end: Math.max(offset, vs0.start + cut) } : vs0);
  const items: CompletionItem[] = [];
  const add = (value: string, kind: CompletionItemKind, detail?: string, doc?: string) =>
    items.push({
      label: value,
      kind,
      ...(detail ? { detail } : {}),
      ...(doc ? { data: docData(doc) } : {}),
      textEdit: { range, newText: value },
    });
  // the artifact's own name: the file name is the conventional choice
  if (!el.parent && (a.name === 'name' || a.name === 'key') && env.model.artifact) {
    add(basename(env.model.path, extname(env.model.path)), CompletionItemKind.Value, 'file name');
  }
  // parameters of the called template (call-template/with-param, template endpoint/parameter)
  if (a.name === 'name' && el.parent && (el.local === 'with-param' || el.local === 'parameter')) {
    const p = el.parent;
    const target =
      p.local === 'call-template'
        ? attrValue(p, 'target')
        : p.local === 'endpoint'
          ? attrValue(p, 'template')
          : undefined;
    const kind = p.local === 'call-template' ? 'sequenceTemplate' : 'endpointTemplate';
    const tpl = target ? env.index.findArtifacts(kind, target)[0] : undefined;
    if (tpl) {
      const given = new Set(
        p.children
          .filter((c): c is XmlElement => c.kind === 'element' && c !== el)
          .map((c) => attrValue(c, 'name')),
      );
      for (const c of tpl.element.children) {
        if (c.kind !== 'element' || c.local !== 'parameter') continue;
        const n = attrValue(c, 'name');
        if (!n || given.has(n)) continue;
        const mandatory = attrValue(c, 'isMandatory') === 'true';
        add(
          n,
          CompletionItemKind.Variable,
          `${mandatory ? 'mandatory ' : ''}parameter of ${target}`,
          attrValue(c, 'description'),
        );
      }
      return items;
    }
  }
  // parameters MI reads for an inbound endpoint, a proxy service, a message store or processor (and the properties
  // of a MessageInjector task)
  if (a.name === 'name' && (el.local === 'parameter' || el.local === 'property')) {
    const owner = parameterOwner(el);
    const known = owner ? knownParameters(owner) : [];
    if (known.length) {
      const given = new Set(
        (el.parent?.children ?? [])
          .filter((c): c is XmlElement => c.kind === 'element' && c !== el && c.local === el.local)
          .map((c) => attrValue(c, 'name')),
      );
      for (const k of known)
        if (!given.has(k.name))
          add(
            k.name,
            CompletionItemKind.Property,
            `parameter of <${owner!.local}>`,
            k.values ? `${k.doc}\n\nValues: ${k.values.map((v) => `\`${v}\``).join(', ')}` : k.doc,
          );
      return items;
    }
  }
  // the value of a task property MI reads from a fixed few (injectTo, format, ...)
  if (a.name === 'value' && el.local === 'property') {
    const owner = parameterOwner(el);
    const name = attrValue(el, 'name');
    const known = owner && name ? knownParameters(owner).find((k) => k.name === name) : undefined;
    if (known?.values) {
      for (const v of known.values) add(v, CompletionItemKind.EnumMember, name);
      return items;
    }
  }
  // HTTP methods of an API resource: a space-separated list, the word at the cursor is replaced
  if (a.name === 'methods' && el.local === 'resource') {
    const vs = valueSpan(a, env.model.text);
    const rel = offset - vs.start;
    let s0 = rel;
    let e0 = rel;
    while (s0 > 0 && /\S/.test(a.raw[s0 - 1])) s0--;
    while (e0 < a.raw.length && /\S/.test(a.raw[e0])) e0++;
    const present = new Set(a.raw.split(/\s+/).filter(Boolean));
    const r = toRange(lines, { start: vs.start + s0, end: vs.start + e0 });
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) {
      if (present.has(m) && a.raw.slice(s0, e0) !== m) continue;
      items.push({
        label: m,
        kind: CompletionItemKind.EnumMember,
        detail: 'HTTP method',
        textEdit: { range: r, newText: m },
      });
    }
    return items;
  }
  if (!ad) return items;
  if (ad.type === 'enum' && ad.values)
    for (const v of ad.values) add(v, CompletionItemKind.EnumMember, a.name, ad.valueDocs?.[v] ?? ad.doc);
  if (ad.type === 'boolean') for (const v of ['true', 'false']) add(v, CompletionItemKind.EnumMember, a.name);
  if (ad.ref) {
    // the first artifact of each name (one pass over the index, not a lookup per key)
    const targets = new Map<string, ArtifactSymbol>();
    for (const t of env.index.findArtifacts(ad.ref)) if (!targets.has(t.name)) targets.set(t.name, t);
    const builtins = (REF_TARGETS[ad.ref] ?? []).flatMap((k) => BUILTIN_NAMES[k] ?? []);
    for (const k of keysFor(env, ad.ref)) {
      const target = targets.get(k)!;
      // a list of every artifact of the kind can be long: its detail (the kind) and where it is defined come on resolve
      items.push({
        label: k,
        kind: CompletionItemKind.Reference,
        data: definedIn(env, target),
        textEdit: { range, newText: k },
      });
    }
    for (const k of builtins) {
      if (targets.has(k)) continue;
      add(k, CompletionItemKind.Reference, `built-in ${ad.ref}`, 'Provided by Micro Integrator itself.');
      items[items.length - 1].sortText = `~${k}`;
    }
    if (ad.ref === 'resource' || ad.ref === 'registry') {
      for (const k of registryKeys(env.project)) add(k, CompletionItemKind.File, 'registry resource');
    }
  }
  return items;
}

/** The resolve data of "Defined in `file`", kept per symbol (a new analysis of the file makes a new symbol). */
const definedInData = new WeakMap<ArtifactSymbol, { root: string | undefined; data: number }>();

function definedIn(env: CompletionEnv, target: ArtifactSymbol): number {
  const root = env.project?.root;
  const hit = definedInData.get(target);
  if (hit && hit.root === root) return hit.data;
  const data = docData(`Defined in \`${relPath(env, target.file)}\``, target.kind);
  definedInData.set(target, { root, data });
  return data;
}

function relPath(env: CompletionEnv, file: string): string {
  const root = env.project?.root;
  if (root && file.startsWith(root + sep))
    return file
      .slice(root.length + 1)
      .split(sep)
      .join('/');
  return root ? relative(root, file).split(sep).join('/') : basename(file);
}

function exprItems(env: CompletionEnv, cur: ExprCursor): CompletionItem[] {
  const names = collectExprNames(env.model, cur.element, env.project);
  const lines = env.model.lines;
  return expressionCompletions(cur, names).map((i) => {
    const item: CompletionItem = {
      label: i.label,
      kind: i.kind,
      textEdit: { range: toRange(lines, i.replace), newText: i.insert ?? i.label },
    };
    if (i.detail) item.detail = i.detail;
    if (i.doc) item.data = docData(i.doc);
    if (i.sortText) item.sortText = i.sortText;
    if (i.snippet) {
      if (env.snippets) item.insertTextFormat = InsertTextFormat.Snippet;
      else (item.textEdit as { newText: string }).newText = `${i.label}()`;
    }
    return item;
  });
}

/** `gov:/...` and `conf:/...` keys of the files under the project's registry resources (bounded). */
export function registryKeys(project: Project | undefined, limit = 500): string[] {
  if (!project) return [];
  const out: string[] = [];
  for (const dir of project.resourceDirs) {
    for (const area of ['gov', 'conf']) {
      const base = join(dir, 'registry', area);
      const walk = (d: string, depth: number) => {
        if (depth > 8 || out.length >= limit) return;
        let entries: string[];
        try {
          entries = readdirSync(d);
        } catch {
          return;
        }
        for (const e of entries.sort()) {
          if (e.startsWith('.') || e.endsWith('.properties') || e === 'artifact.xml') continue;
          const p = join(d, e);
          let st;
          try {
            st = statSync(p);
          } catch {
            continue;
          }
          if (st.isDirectory()) walk(p, depth + 1);
          else if (out.length < limit) out.push(`${area}:/${relative(base, p).split(sep).join('/')}`);
        }
      };
      walk(base, 0);
    }
  }
  return out;
}
