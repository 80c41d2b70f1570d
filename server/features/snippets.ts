/**
 * Snippet bodies built from catalog declarations: an element with its required attributes (and, for one-of groups,
 * the first alternative) and its required children, each value a placeholder with a sensible default, so that
 * accepting the defaults gives an element the validator accepts.
 */
import type { AttributeDecl, ElementDecl } from '../../core/catalog';
import { allowedChildrenOf } from '../../core/catalog';

export interface SnippetContext {
  /** Artifact names known for a reference kind (offered as a choice). */
  keysFor(ref: string): readonly string[];
  /** The mandatory parameters of a sequence template (for call-template bodies). */
  mandatoryParams?(template: string): readonly string[];
}

class Counter {
  n = 1;
  next(): number {
    return this.n++;
  }
}

/** Escapes text for a snippet (outside placeholders). */
export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

function escapeChoice(s: string): string {
  return s.replace(/[\\$}|,]/g, (c) => '\\' + c);
}

/** A default value for an attribute that the validator accepts. */
export function defaultValue(a: AttributeDecl, ctx: SnippetContext): string {
  if (a.default !== undefined) return a.default;
  if (a.values?.length) return a.values[0];
  switch (a.type) {
    case 'boolean':
      return 'true';
    case 'integer':
    case 'number':
      return '0';
    case 'expression':
    case 'xpath':
      return '$ctx:' + (a.name === 'expression' ? 'value' : a.name);
    case 'jsonpath':
      return '$.value';
    case 'uri':
      return 'http://localhost:8080/';
    case 'uri-template':
      return '/';
    case 'url-mapping':
      return '/*';
    case 'context':
      return '/context';
    case 'regex':
      return '.*';
    case 'class':
      return 'org.example.Mediator';
    case 'qname':
      return 'name';
    case 'key': {
      const keys = a.ref ? ctx.keysFor(a.ref) : [];
      return keys[0] ?? 'Name';
    }
    case 'name':
      return 'Name';
    default:
      return a.name === 'name' ? 'name' : 'value';
  }
}

/** A placeholder for an attribute value: a choice for enums, booleans and known keys, else a default. */
export function valuePlaceholder(a: AttributeDecl, ctx: SnippetContext, n: number): string {
  let choices: readonly string[] | undefined;
  if (a.type === 'enum' && a.values?.length) choices = orderDefaultFirst(a.values, a.default);
  else if (a.type === 'boolean') choices = orderDefaultFirst(['true', 'false'], a.default);
  else if (a.ref) {
    const keys = ctx.keysFor(a.ref);
    if (keys.length) choices = keys.slice(0, 30);
  }
  if (choices && choices.length > 1) return `\${${n}|${choices.map(escapeChoice).join(',')}|}`;
  return `\${${n}:${escapeSnippet(choices?.[0] ?? defaultValue(a, ctx))}}`;
}

function orderDefaultFirst(values: readonly string[], def: string | undefined): string[] {
  if (def === undefined || !values.includes(def)) return [...values];
  return [def, ...values.filter((v) => v !== def)];
}

/** The attributes a new element must carry: required ones, the first of each one-of group, and what they require. */
export function requiredAttributes(decl: ElementDecl): AttributeDecl[] {
  const names: string[] = [];
  for (const a of decl.attributes) if (a.required) names.push(a.name);
  for (const group of decl.oneOfRequired ?? []) {
    if (!group.some((g) => names.includes(g)) && group.length) names.push(group[0]);
  }
  for (const [a, b] of decl.requires ?? []) if (names.includes(a) && !names.includes(b)) names.push(b);
  const out: AttributeDecl[] = [];
  for (const n of names) {
    const d = decl.attributes.find((a) => a.name === n);
    if (d && !out.includes(d)) out.push(d);
  }
  return out;
}

/**
 * The snippet of an element (without the leading `<`). `depth` bounds the required children expanded.
 * Multi-line bodies use `\n\t` so that the editor re-indents them at the cursor.
 */
export function elementSnippet(
  name: string,
  decl: ElementDecl,
  ctx: SnippetContext,
  counter = new Counter(),
  depth = 0,
  indent = '',
): string {
  const attrs = requiredAttributes(decl)
    .map((a) => ` ${a.name}="${valuePlaceholder(a, ctx, counter.next())}"`)
    .join('');
  const allowed = allowedChildrenOf(decl);
  const requiredChildren = Array.isArray(decl.content) ? decl.content.filter((c) => (c.min ?? 0) > 0) : [];
  const lines: string[] = [];
  if (depth < 4) {
    for (const c of requiredChildren) {
      for (let i = 0; i < Math.min(c.min ?? 1, 3); i++) {
        lines.push(
          `${indent}\t<${elementSnippet(c.name, c.element, ctx, counter, depth + 1, indent + '\t')}`,
        );
      }
    }
  }
  // an element that needs one of several children (an endpoint's definition) starts with the catalog's choice
  if (!lines.length && depth < 4 && decl.snippetChild && Array.isArray(decl.content)) {
    const c = decl.content.find((x) => x.name === decl.snippetChild);
    if (c)
      lines.push(`${indent}\t<${elementSnippet(c.name, c.element, ctx, counter, depth + 1, indent + '\t')}`);
  }
  // content the catalog does not declare, given as text (a conditional route's evaluator)
  if (!lines.length && depth < 4 && decl.snippetBody)
    lines.push(`${indent}\t${decl.snippetBody.replace(/\$\{\d+:/g, () => `\${${counter.next()}:`)}`);
  // a template call passes the template's mandatory parameters
  if (name === 'call-template' && ctx.mandatoryParams) {
    const target = requiredAttributes(decl).find((a) => a.name === 'target');
    const first = target?.ref ? ctx.keysFor(target.ref)[0] : undefined;
    for (const p of first ? ctx.mandatoryParams(first) : []) {
      lines.push(`${indent}\t<with-param name="${escapeSnippet(p)}" value="\${${counter.next()}:value}"/>`);
    }
  }
  // a mediator list that may not be empty gets a mediator to start with
  if (decl.nonEmpty) lines.push(`${indent}\t\${${counter.next()}:<drop/>}`);
  if (lines.length) return `${name}${attrs}>\n${lines.join('\n')}\n${indent}</${name}>`;
  if (decl.content === 'text') return `${name}${attrs}>\${${counter.next()}}</${name}>`;
  if (
    allowed.mediators.length ||
    decl.content === 'endpoint' ||
    allowed.elements.length ||
    decl.content === 'any'
  ) {
    return depth === 0
      ? `${name}${attrs}>\n${indent}\t$0\n${indent}</${name}>`
      : `${name}${attrs}>\n${indent}</${name}>`;
  }
  return `${name}${attrs}/>`;
}

/** Resolves a snippet with its defaults (first choice, default text): what accepting it unchanged inserts. */
export function expandSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      // ${n:default} or ${n|a,b|}
      let j = i + 2;
      while (/\d/.test(snippet[j])) j++;
      if (snippet[j] === ':') {
        let depth = 1;
        let k = j + 1;
        let inner = '';
        for (; k < snippet.length; k++) {
          if (snippet[k] === '\\') {
            inner += snippet[k] + snippet[k + 1];
            k++;
            continue;
          }
          if (snippet[k] === '{') depth++;
          if (snippet[k] === '}' && --depth === 0) break;
          inner += snippet[k];
        }
        out += expandSnippet(inner);
        i = k;
      } else if (snippet[j] === '|') {
        let k = j + 1;
        let first = '';
        let done = false;
        for (; k < snippet.length; k++) {
          if (snippet[k] === '\\') {
            if (!done) first += snippet[k + 1];
            k++;
            continue;
          }
          if (snippet[k] === ',') done = true;
          else if (snippet[k] === '|' && snippet[k + 1] === '}') break;
          else if (!done) first += snippet[k];
        }
        out += first;
        i = k + 1;
      } else {
        i = j; // ${n}
      }
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      let j = i + 1;
      while (/\d/.test(snippet[j + 1] ?? '')) j++;
      i = j;
    } else out += c;
  }
  return out;
}
