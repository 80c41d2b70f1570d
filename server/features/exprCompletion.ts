/**
 * Completion inside expressions: functions and roots of `${...}` with the members after `props.`, `params.`, `vars.`,
 * `headers.`, `configs.`; XPath functions and variables, property names after `$ctx:`/`$axis2:`/`$trp:`/`$func:` and
 * scopes and names inside `get-property('...')`.
 */
import { CompletionItemKind } from 'vscode-languageserver';
import {
  functionsFor,
  GET_PROPERTY_SCOPES,
  SYNAPSE_PARAM_KINDS,
  SYNAPSE_PROPERTY_SCOPES,
  SYNAPSE_ROOTS,
  XPATH_PLAIN_VARIABLES,
  XPATH_VARIABLE_PREFIXES,
  type FunctionInfo,
} from '../../core/expressions';
import type { Span } from '../../core/xml';
import type { ExprCursor } from './exprContext';
import { COMMON_HEADERS, propertiesForScope, type KnownName } from './knownNames';

/** Names that come from the file and the project around the cursor. */
export interface ExprNames {
  /** Properties set in the file, by scope ('default', 'axis2', 'transport', ...). */
  properties: Map<string, Set<string>>;
  variables: Set<string>;
  templateParams: string[];
  pathParams: string[];
  queryParams: string[];
  headers: Set<string>;
  configs: string[];
}

export interface ExprItem {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  doc?: string;
  /** Text to insert (defaults to label); snippet syntax when `snippet`. */
  insert?: string;
  snippet?: boolean;
  /** File span replaced by the item. */
  replace: Span;
  sortText?: string;
}

const WORD = /[A-Za-z_][\w-]*$/;

export function expressionCompletions(cur: ExprCursor, names: ExprNames): ExprItem[] {
  const before = cur.text.slice(0, cur.at);
  if (cur.kind === 'synapse') return synapseItems(cur, before, names);
  if (cur.kind === 'xpath') return xpathItems(cur, before, names);
  return [];
}

function fnItem(f: FunctionInfo, replace: Span): ExprItem {
  const hasArgs = f.maxArgs > 0;
  return {
    label: f.name,
    kind: CompletionItemKind.Function,
    detail: f.signature,
    doc: f.doc + (f.legacyOf ? ` (Pre-GA spelling: use ${f.legacyOf}.)` : ''),
    insert: hasArgs ? `${f.name}($1)` : `${f.name}()`,
    snippet: hasArgs,
    replace,
    sortText: `2${f.name}`,
  };
}

function nameItems(
  list: Iterable<string | KnownName>,
  replace: Span,
  kind: CompletionItemKind,
  detail: string,
  seen = new Set<string>(),
): ExprItem[] {
  const out: ExprItem[] = [];
  for (const n of list) {
    const name = typeof n === 'string' ? n : n.name;
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const item: ExprItem = {
      label: name,
      kind,
      detail,
      replace,
      sortText: `${typeof n === 'string' ? 0 : 1}${name}`,
    };
    if (typeof n !== 'string') item.doc = n.doc;
    out.push(item);
  }
  return out;
}

/** Inside `${...}`: what follows the last complete `a.b.` chain. */
function synapseItems(cur: ExprCursor, before: string, names: ExprNames): ExprItem[] {
  const m = /((?:[A-Za-z_$][\w-]*\.)*)([A-Za-z_][\w-]*)?$/.exec(before)!;
  const partial = m[2] ?? '';
  const replace = {
    start: cur.base + cur.at - partial.length,
    end: cur.base + cur.at + wordAfter(cur.text, cur.at),
  };
  const chain = m[1] ? m[1].slice(0, -1).split('.') : [];
  // a chain preceded by more path (payload.a.b. or ])...) is JSON navigation: nothing to offer
  const prev = before[before.length - partial.length - m[1].length - 1];
  if (prev === '.' || prev === ']' || prev === ')') return [];
  const key = chain.join('.');
  const prop = (scope: string) =>
    nameItems(
      [...(names.properties.get(scope) ?? []), ...propertiesForScope(scope)],
      replace,
      CompletionItemKind.Property,
      `${scope} property`,
    );
  switch (key) {
    case '': {
      const out: ExprItem[] = [];
      for (const [root, doc] of SYNAPSE_ROOTS) {
        if (root === '$') continue;
        out.push({
          label: root,
          kind: CompletionItemKind.Module,
          detail: 'root',
          doc,
          replace,
          sortText: `1${root}`,
        });
      }
      for (const f of functionsFor('synapse')) if (!f.legacyOf) out.push(fnItem(f, replace));
      return out;
    }
    case 'props':
    case 'properties':
      return [...SYNAPSE_PROPERTY_SCOPES].map(([s, doc]) => ({
        label: s,
        kind: CompletionItemKind.Enum,
        detail: 'scope',
        doc,
        replace,
      }));
    case 'props.synapse':
    case 'properties.synapse':
      return prop('default');
    case 'props.axis2':
    case 'properties.axis2':
      return prop('axis2');
    case 'params':
      return [...SYNAPSE_PARAM_KINDS].map(([s, doc]) => ({
        label: s,
        kind: CompletionItemKind.Enum,
        detail: 'parameters',
        doc,
        replace,
      }));
    case 'params.pathParams':
    case 'params.uriParams':
      return nameItems(names.pathParams, replace, CompletionItemKind.Variable, 'path parameter');
    case 'params.queryParams':
      return nameItems(names.queryParams, replace, CompletionItemKind.Variable, 'query parameter');
    case 'params.functionParams':
      return nameItems(names.templateParams, replace, CompletionItemKind.Variable, 'template parameter');
    case 'vars':
    case 'var':
      return nameItems(names.variables, replace, CompletionItemKind.Variable, 'variable');
    case 'headers':
      return nameItems([...names.headers, ...COMMON_HEADERS], replace, CompletionItemKind.Field, 'header');
    case 'configs':
    case 'config':
      return nameItems(names.configs, replace, CompletionItemKind.Constant, 'config parameter');
  }
  return [];
}

/** Length of the identifier characters right after the cursor (replaced too). */
function wordAfter(text: string, at: number): number {
  const m = /^[\w-]*/.exec(text.slice(at));
  return m ? m[0].length : 0;
}

function xpathItems(cur: ExprCursor, before: string, names: ExprNames): ExprItem[] {
  const end = cur.base + cur.at;
  // get-property('scope', 'na|   or   get-property('na|
  const gp2 = /get-property\(\s*(['"])([\w-]*)\1\s*,\s*(['"])([^'"]*)$/.exec(before);
  if (gp2) {
    const scope = gp2[2];
    const replace = { start: end - gp2[4].length, end };
    const fromFile = scope === 'func' ? names.templateParams : [...(names.properties.get(scope) ?? [])];
    return nameItems(
      [...fromFile, ...propertiesForScope(scope)],
      replace,
      CompletionItemKind.Property,
      `${scope} property`,
    );
  }
  const gp1 = /get-property\(\s*(['"])([^'"]*)$/.exec(before);
  if (gp1) {
    const replace = { start: end - gp1[2].length, end };
    const out: ExprItem[] = GET_PROPERTY_SCOPES.map((s) => ({
      label: s,
      kind: CompletionItemKind.Enum,
      detail: 'scope',
      doc: `Read a property of the ${s} scope: get-property('${s}', 'name').`,
      replace,
      sortText: `3${s}`,
    }));
    out.push(...prop(names, 'default', replace));
    return out;
  }
  // $prefix:name
  const v = /\$([\w-]+):([\w.-]*)$/.exec(before);
  if (v) {
    const replace = { start: end - v[2].length, end };
    switch (v[1]) {
      case 'ctx':
        return prop(names, 'default', replace);
      case 'axis2':
        return prop(names, 'axis2', replace);
      case 'trp':
        return nameItems([...names.headers, ...COMMON_HEADERS], replace, CompletionItemKind.Field, 'header');
      case 'func':
        return nameItems(names.templateParams, replace, CompletionItemKind.Variable, 'template parameter');
      case 'var':
        return nameItems(names.variables, replace, CompletionItemKind.Variable, 'variable');
      case 'operation':
        return prop(names, 'operation', replace);
    }
    return [];
  }
  // $ or $partial: variables
  const dv = /\$([\w-]*)$/.exec(before);
  if (dv) {
    const replace = { start: end - dv[1].length - 1, end };
    const out: ExprItem[] = [];
    for (const [n, doc] of XPATH_PLAIN_VARIABLES)
      out.push({ label: `$${n}`, kind: CompletionItemKind.Variable, doc, replace });
    for (const [n, doc] of XPATH_VARIABLE_PREFIXES)
      out.push({ label: `$${n}:`, kind: CompletionItemKind.Module, doc, replace });
    return out;
  }
  // inside a string literal: nothing
  if (insideString(before)) return [];
  // a function name at the start of a step or an argument
  const w = WORD.exec(before);
  const partial = w ? w[0] : '';
  const prevChar = before[before.length - partial.length - 1];
  if (prevChar === '/' || prevChar === '@' || prevChar === ':' || prevChar === '.') return [];
  const replace = { start: end - partial.length, end };
  const out: ExprItem[] = [];
  const seen = new Set<string>();
  for (const f of functionsFor('xpath')) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    out.push(fnItem(f, replace));
  }
  return out;
}

function prop(names: ExprNames, scope: string, replace: Span): ExprItem[] {
  return nameItems(
    [...(names.properties.get(scope) ?? []), ...propertiesForScope(scope)],
    replace,
    CompletionItemKind.Property,
    `${scope} property`,
  );
}

function insideString(s: string): boolean {
  let q = '';
  for (const c of s) {
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
  }
  return q !== '';
}

/** The function called by the identifier under `at` (for hover). */
export function functionAt(cur: ExprCursor): { info: FunctionInfo; span: Span } | undefined {
  const t = cur.text;
  let s = cur.at;
  let e = cur.at;
  while (s > 0 && /[\w-]/.test(t[s - 1])) s--;
  while (e < t.length && /[\w-]/.test(t[e])) e++;
  if (s === e) return undefined;
  let k = e;
  while (k < t.length && t[k] === ' ') k++;
  if (t[k] !== '(') return undefined;
  const name = t.slice(s, e);
  const lang = cur.kind === 'synapse' ? 'synapse' : cur.kind === 'jsonpath' ? 'jsonpath' : 'xpath';
  const info = functionsFor(lang).find((f) => f.name === name);
  return info ? { info, span: { start: cur.base + s, end: cur.base + e } } : undefined;
}
