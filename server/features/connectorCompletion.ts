/**
 * Completion for connectors, from the project's connector zips and the built-in HTTP connector
 * (core/project/connectors.ts): after `<` in a mediator list the operations (`http.get`...) with a snippet of their
 * parameters (required first); inside an operation its parameter elements; a parameter's allowed values; `configKey`
 * values (the local entries that hold that connector's `<x.init>`); in a local entry the `<x.init>` connections and,
 * inside one, the connection parameters.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { resolveElement } from '../../core/catalog';
import {
  connectionParams,
  fieldValues,
  givenParams,
  isRequiredParam,
  requiredNow,
  type Connector,
  type ConnectorOperation,
  type ConnectorParam,
  type ConnectorSet,
} from '../../core/catalog/connectors';
import { projectConnectors } from '../../core/project/connectors';
import { connectionKeys } from '../../core/validate/rules/connectors';
import type { Project } from '../../core/project/discover';
import type { FileModel, ProjectIndex } from '../../core/project/index';
import { attrValue, childElements, type Span, type XmlAttribute, type XmlElement } from '../../core/xml';
import { toRange } from '../convert';
import { docData } from './completionDocs';
import { escapeSnippet } from './snippets';

export interface ConnectorEnv {
  model: FileModel;
  index: ProjectIndex;
  project: Project | undefined;
  snippets: boolean;
}

/** The connectors known for a project (its zips over the built-in ones). */
export function connectorsOf(project: Project | undefined): ConnectorSet {
  return projectConnectors(project);
}

/** The operation an element is (`<x.op>` in a mediator list, or `<x.init>` in a local entry), when known. */
export function operationOf(
  set: ConnectorSet,
  el: XmlElement,
): { connector: Connector; operation: ConnectorOperation | undefined } | undefined {
  if (!isOperationElement(el)) return undefined;
  return set.lookup(el.local);
}

/** Whether an element is a connector operation at its place (or a local entry's connection). */
export function isOperationElement(el: XmlElement): boolean {
  if (el.local.indexOf('.') <= 0) return false;
  if (isConnectionElement(el)) return true;
  return resolveElement(el).connectorOperation;
}

/** `<x.init>` directly inside a `<localEntry>` root. */
export function isConnectionElement(el: XmlElement): boolean {
  const p = el.parent;
  return !!p && !p.parent && p.local === 'localEntry' && el.local.endsWith('.init');
}

/** The parameters an operation element may hold (an init's: every connection parameter). */
export function paramsOf(op: ConnectorOperation): ConnectorParam[] {
  return op.name === 'init' ? connectionParams(op.connector) : op.params;
}

export function paramDoc(p: ConnectorParam, op: ConnectorOperation): string {
  const head = `**${p.name}**${p.label ? ` — ${p.label}` : ''} (parameter of \`<${op.element}>\`)`;
  const parts = [head];
  if (p.doc) parts.push(p.doc);
  const facts: string[] = [];
  if (isRequiredParam(p)) facts.push('Required.');
  if (p.condition)
    facts.push(`Applies when ${p.condition}${p.requiredWhen !== undefined ? ' (required then)' : ''}.`);
  if (p.default !== undefined && p.default !== '') facts.push(`Default: \`${p.default}\`.`);
  if (p.values?.length) facts.push(`Values: ${p.values.map((v) => `\`${v}\``).join(', ')}.`);
  if (facts.length) parts.push(facts.join(' '));
  return parts.join('\n\n');
}

export function operationDoc(op: ConnectorOperation): string {
  const c = op.connector;
  const from =
    c.origin === 'builtin'
      ? `built-in declaration of the ${c.label ?? c.name} connector`
      : `connector zip \`${baseName(c.source ?? c.name)}\``;
  const head = `**${op.element}**${op.label ? ` — ${op.label}` : ''}`;
  const parts = [head];
  if (op.doc) parts.push(op.doc);
  const params = paramsOf(op);
  const req = params.filter(isRequiredParam).map((p) => `\`${p.name}\``);
  if (params.length)
    parts.push(
      `Parameters (child elements): ${params
        .slice(0, 40)
        .map((p) => `\`${p.name}\``)
        .join(
          ', ',
        )}${params.length > 40 ? ', ...' : ''}.${req.length ? ` Required: ${req.join(', ')}.` : ''}`,
    );
  parts.push(`*From the ${from}.*`);
  return parts.join('\n\n');
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** Whether a parameter's condition (`x is V`) holds for the defaults (so the tooling would write it). */
function shownByDefault(p: ConnectorParam, params: readonly ConnectorParam[]): boolean {
  if (!p.condition) return true;
  const m = /^(\w+) is (.+)$/.exec(p.condition);
  if (!m) return false;
  return params.find((q) => q.name === m[1])?.default === m[2];
}

/** The parameters a new operation's snippet holds: required first, then those the tooling shows by default. */
export function snippetParams(op: ConnectorOperation): ConnectorParam[] {
  const params = paramsOf(op);
  const required = params.filter((p) => isRequiredParam(p) && !p.condition);
  const rest = params.filter(
    (p) => !required.includes(p) && (p.label !== undefined || p.required) && shownByDefault(p, params),
  );
  return [...required, ...rest].slice(0, 40);
}

function placeholder(p: ConnectorParam, n: number): string {
  if (p.values?.length) {
    const vals =
      p.default !== undefined && p.values.includes(p.default)
        ? [p.default, ...p.values.filter((v) => v !== p.default)]
        : p.values;
    return `\${${n}|${vals.map((v) => v.replace(/[\\$}|,]/g, (c) => '\\' + c)).join(',')}|}`;
  }
  return `\${${n}:${escapeSnippet(p.default ?? '')}}`;
}

/** The snippet body of an operation element (after the `<`). */
export function operationSnippet(op: ConnectorOperation, connections: readonly string[]): string {
  let n = 1;
  const hasConnection = op.connector.operations.has('init') || op.connector.connectionTypes.length > 0;
  const key = hasConnection
    ? ` configKey="${
        connections.length
          ? `\${${n++}|${connections
              .slice(0, 30)
              .map((c) => c.replace(/[\\$}|,]/g, (ch) => '\\' + ch))
              .join(',')}|}`
          : `\${${n++}:${escapeSnippet(`${op.connector.name}Connection`)}}`
      }"`
    : '';
  const lines = snippetParams(op).map((p) => `\t<${p.name}>${placeholder(p, n++)}</${p.name}>`);
  if (!lines.length) return `${op.element}${key}>$0</${op.element}>`;
  return `${op.element}${key}>\n${lines.join('\n')}\n</${op.element}>`;
}

/** The snippet body of a connection `<x.init>` in a local entry named `key`. */
function connectionSnippet(c: Connector, key: string | undefined): string {
  let n = 1;
  const lines: string[] = [];
  if (c.connectionTypes.length) {
    const types = c.connectionTypes.map((t) => t.name.replace(/[\\$}|,]/g, (ch) => '\\' + ch));
    lines.push(`\t<connectionType>\${${n++}|${types.join(',')}|}</connectionType>`);
  }
  lines.push(`\t<name>${escapeSnippet(key ?? `${c.name}Connection`)}</name>`);
  const first = c.connectionTypes[0];
  const params = first ? first.params : (c.operations.get('init')?.params ?? []);
  for (const p of params) {
    if (p.name === 'name' || p.name === 'connectionType') continue;
    if (!(isRequiredParam(p) && !p.condition)) continue;
    lines.push(`\t<${p.name}>${placeholder(p, n++)}</${p.name}>`);
  }
  return `${c.name}.init>\n${lines.join('\n')}\n</${c.name}.init>`;
}

type ElementNameCtx = { parent: XmlElement | undefined; replace: Span; full: boolean; self?: XmlElement };

function plain(text: string): string {
  return text
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}|,])/g, '$1');
}

function item(env: ConnectorEnv, base: CompletionItem, span: Span, text: string): CompletionItem {
  const range = toRange(env.model.lines, span);
  return {
    ...base,
    textEdit: { range, newText: env.snippets ? text : plain(text) },
    insertTextFormat: env.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
}

/**
 * Element names inside a connector operation (its parameters) or a local entry (its connection): the items, or
 * undefined when the place is none of these (the caller goes on with the catalog's completion).
 */
export function connectorElementItems(env: ConnectorEnv, ctx: ElementNameCtx): CompletionItem[] | undefined {
  const parent = ctx.parent;
  if (!parent) return undefined;
  // a local entry: its connection
  if (!parent.parent && parent.local === 'localEntry') {
    const set = connectorsOf(env.project);
    const key = attrValue(parent, 'key');
    return set
      .list()
      .filter((c) => c.connectionTypes.length || c.operations.has('init'))
      .map((c) =>
        item(
          env,
          {
            label: `${c.name}.init`,
            kind: CompletionItemKind.Module,
            detail: `${c.label ?? c.name} connection`,
            data: docData(c.operations.get('init') ? operationDoc(c.operations.get('init')!) : c.doc),
          },
          ctx.replace,
          ctx.full ? connectionSnippet(c, key) : `${c.name}.init`,
        ),
      );
  }
  if (!isOperationElement(parent)) return undefined;
  const hit = operationOf(connectorsOf(env.project), parent);
  if (!hit?.operation) return [];
  const op = hit.operation;
  const given = new Set(
    childElements(parent)
      .filter((c) => c !== ctx.self)
      .map((c) => c.local),
  );
  const out: CompletionItem[] = [];
  const params = paramsOf(op);
  // a field required under a condition that holds for what the element holds now counts as required
  const valueOf = fieldValues(givenParams(parent), params);
  for (const p of params) {
    if (given.has(p.name)) continue;
    const required = requiredNow(p, valueOf);
    const body = ctx.full ? `${p.name}>${placeholder(p, 1)}</${p.name}>` : p.name;
    out.push(
      item(
        env,
        {
          label: p.name,
          kind: CompletionItemKind.Field,
          detail: `${required ? 'required ' : ''}parameter${p.label ? ` — ${p.label}` : ''}`,
          data: docData(paramDoc(p, op)),
          sortText: `${required ? 0 : 1}${p.name}`,
        },
        ctx.replace,
        body,
      ),
    );
  }
  return out;
}

/** Operation items without their range, kept while the connectors, the index and the client's options are the same. */
const opCache = new WeakMap<
  ConnectorSet,
  WeakMap<ProjectIndex, { key: string; protos: { item: CompletionItem; text: string }[] }>
>();

/** The operations of every known connector, for a mediator list (after `<`). */
export function connectorOperationItems(env: ConnectorEnv, ctx: ElementNameCtx): CompletionItem[] {
  const set = connectorsOf(env.project);
  let perIndex = opCache.get(set);
  if (!perIndex) opCache.set(set, (perIndex = new WeakMap()));
  const key = `${env.index.version}\0${ctx.full}\0${env.snippets}`;
  let hit = perIndex.get(env.index);
  if (!hit || hit.key !== key) {
    const protos: { item: CompletionItem; text: string }[] = [];
    for (const c of set.list()) {
      const connections = ctx.full ? connectionKeys(env.index, c.name) : [];
      for (const op of c.operations.values()) {
        if (op.hidden) continue;
        const text = ctx.full ? operationSnippet(op, connections) : op.element;
        protos.push({
          item: {
            label: op.element,
            kind: CompletionItemKind.Function,
            detail: `${c.label ?? c.name} connector${c.origin === 'builtin' ? ' (built-in)' : c.version ? ` ${c.version}` : ''}`,
            data: docData(operationDoc(op)),
            sortText: `5${op.element}`,
          },
          text,
        });
      }
    }
    perIndex.set(env.index, (hit = { key, protos }));
  }
  return hit.protos.map((p) => item(env, p.item, ctx.replace, p.text));
}

/** Values of `configKey` on a known connector's operation: its connections. undefined elsewhere. */
export function configKeyItems(
  env: ConnectorEnv,
  el: XmlElement,
  a: XmlAttribute,
  range: Span,
): CompletionItem[] | undefined {
  if (a.name !== 'configKey' || !isOperationElement(el)) return undefined;
  const hit = operationOf(connectorsOf(env.project), el);
  if (!hit) return undefined;
  const keys = connectionKeys(env.index, hit.connector.name);
  if (!keys.length) return undefined;
  const r = toRange(env.model.lines, range);
  return keys.map((k) => ({
    label: k,
    kind: CompletionItemKind.Reference,
    detail: `${hit.connector.label ?? hit.connector.name} connection`,
    textEdit: { range: r, newText: k },
  }));
}

/** Allowed values of a connector parameter element's text (e.g. requestBodyType). undefined elsewhere. */
export function paramValueItems(
  env: ConnectorEnv,
  el: XmlElement,
  offset: number,
): CompletionItem[] | undefined {
  const parent = el.parent;
  if (!parent || !isOperationElement(parent)) return undefined;
  const hit = operationOf(connectorsOf(env.project), parent);
  if (!hit?.operation) return undefined;
  let p = paramsOf(hit.operation).find((q) => q.name === el.local);
  if (el.local === 'connectionType' && hit.operation.name === 'init')
    p = {
      ...(p ?? { name: 'connectionType', doc: '', required: false }),
      values: hit.connector.connectionTypes.map((t) => t.name),
    };
  if (!p?.values?.length) return undefined;
  // the text between the start tag and the end tag (or the cursor)
  const start = el.startTag.end;
  const end = el.endTag ? el.endTag.start : offset;
  if (offset < start || offset > end) return undefined;
  const r = toRange(env.model.lines, { start, end });
  return p.values.map((v) => ({
    label: v,
    kind: CompletionItemKind.EnumMember,
    detail: p.name,
    textEdit: { range: r, newText: v },
  }));
}
