/**
 * XPath 2.0 for XSLT 2.0 stylesheets: the xslt mediator's expressions evaluated with fontoxpath (a full XPath 3.1
 * processor) over xslt-processor's own node tree, where xslt-processor's reader and function library stop short of
 * what Saxon-HE (MI's processor) evaluates: value comparisons (eq, lt, ge), sequences `(1, 2, 'a')`, `xs:` casts and
 * types (`xs:integer(.)`, `castable as`, `instance of`), dates and durations and their arithmetic, integer and
 * decimal arithmetic (`idiv`, 1000000 * 1000000 exact), quantifiers (`some`/`every`), `for ... return` over nodes,
 * the regular-expression functions with flags and groups, format-date/format-dateTime/format-time.
 *
 * xslt-processor stays in charge of the instructions and of patterns; an expression fontoxpath cannot read (or that
 * names a function or variable it does not know) is handed back to xslt-processor as before.
 */
import * as fx from 'fontoxpath';
import * as slimdom from 'slimdom';
import type { ExprContext, XNode } from 'xslt-processor';
import { DAYS, MONTHS } from '../expr/dates';

/** The answer of evalXPath2 when the expression is left to xslt-processor. */
export const FALLBACK = Symbol('xpath2-fallback');

const X1NS = 'urn:x-synapse-tools:xslt2';
const FN_NS = 'http://www.w3.org/2005/xpath-functions';
const STANDARD_NS: Record<string, string> = {
  xs: 'http://www.w3.org/2001/XMLSchema',
  fn: FN_NS,
  math: 'http://www.w3.org/2005/xpath-functions/math',
  map: 'http://www.w3.org/2005/xpath-functions/map',
  array: 'http://www.w3.org/2005/xpath-functions/array',
  xml: 'http://www.w3.org/XML/1998/namespace',
};

/** A node of xslt-processor's tree as fontoxpath reads nodes (DOM names), one per node. */
class Wrapped {
  constructor(readonly x: XNode) {}
  get nodeType(): number {
    return this.x.nodeType === 4 ? 3 : this.x.nodeType;
  }
  get localName(): string {
    return String(this.x.localName ?? this.x.nodeName);
  }
  get namespaceURI(): string | null {
    return this.x.namespaceUri || null;
  }
  get prefix(): string | null {
    return this.x.prefix || null;
  }
  get nodeName(): string {
    return this.x.nodeName;
  }
  get name(): string {
    return this.x.nodeName;
  }
  get value(): string {
    return String(this.x.nodeValue ?? '');
  }
  get data(): string {
    return String(this.x.nodeValue ?? '');
  }
  get target(): string {
    return this.x.nodeName;
  }
}

const wrappers = new WeakMap<XNode, Wrapped>();
function wrap(x: XNode): Wrapped {
  let w = wrappers.get(x);
  if (!w) {
    w = new Wrapped(x);
    wrappers.set(x, w);
  }
  return w;
}

const isDeclaration = (c: XNode) =>
  c.nodeType === 2 && (c.nodeName === 'xmlns' || c.nodeName.startsWith('xmlns:'));

/**
 * The children of a node (no attributes) in document order: the array's order (siblingPosition is no guide: the
 * library's sorts overwrite it on source nodes).
 */
function children(x: XNode): XNode[] {
  return x.childNodes.filter((c) => c.nodeType !== 2);
}

function sibling(w: Wrapped, step: 1 | -1): Wrapped | null {
  const p = w.x.parentNode;
  if (!p || w.x.nodeType === 2) return null;
  const kids = children(p);
  const i = kids.indexOf(w.x);
  const s = i < 0 ? undefined : kids[i + step];
  return s ? wrap(s) : null;
}

const facade = {
  getAllAttributes: (w: Wrapped) =>
    w.x.childNodes.filter((c) => c.nodeType === 2 && !isDeclaration(c)).map(wrap),
  getAttribute: (w: Wrapped, name: string) => {
    const a = w.x.childNodes.find((c) => c.nodeType === 2 && c.nodeName === name);
    return a ? String(a.nodeValue ?? '') : null;
  },
  getChildNodes: (w: Wrapped) => children(w.x).map(wrap),
  getData: (w: Wrapped) => String(w.x.nodeValue ?? ''),
  getFirstChild: (w: Wrapped) => {
    const k = children(w.x);
    return k.length ? wrap(k[0]) : null;
  },
  getLastChild: (w: Wrapped) => {
    const k = children(w.x);
    return k.length ? wrap(k[k.length - 1]) : null;
  },
  getNextSibling: (w: Wrapped) => sibling(w, 1),
  getPreviousSibling: (w: Wrapped) => sibling(w, -1),
  getParentNode: (w: Wrapped) => (w.x.parentNode ? wrap(w.x.parentNode) : null),
};

/** What an XSLT function called from fontoxpath needs: the expression context and the bridge's functions. */
interface Current {
  ctx: ExprContext;
  functions: () => Record<string, (...a: unknown[]) => unknown>;
  namespaces: Record<string, string>;
}

type Conv = {
  createCustomFunctions(ctx: ExprContext): Record<string, (...a: unknown[]) => unknown>;
  wrapResult(result: unknown, ctx?: unknown): unknown;
};

/** A value from fontoxpath as xslt-processor's functions take it: nodes as its nodes, one item as itself. */
function toLib(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(toLib);
    return items.length === 1 && (typeof items[0] !== 'object' || items[0] === null) ? items[0] : items;
  }
  if (v instanceof Wrapped) return v.x;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** A value from xslt-processor as fontoxpath takes it (item()*). */
function fromLib(v: unknown): unknown {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v))
    return v.map((i) => (i && typeof i === 'object' && 'nodeType' in i ? wrap(i as XNode) : i));
  if (typeof v === 'object' && 'nodeType' in v) return [wrap(v as XNode)];
  if (typeof v === 'object' && 'stringValue' in v) {
    const r = v as {
      type?: string;
      nodeSetValue(): XNode[];
      stringValue(): string;
      numberValue(): number;
      booleanValue(): boolean;
    };
    if (r.type === 'node-set') return r.nodeSetValue().map(wrap);
    if (r.type === 'number') return [r.numberValue()];
    if (r.type === 'boolean') return [r.booleanValue()];
    return [r.stringValue()];
  }
  return [v];
}

const registered = new Set<string>();
function register(
  ns: string,
  local: string,
  arity: number,
  call: (cur: Current, args: unknown[]) => unknown,
): void {
  const id = `${ns} ${local} ${arity}`;
  if (registered.has(id)) return;
  registered.add(id);
  fx.registerCustomXPathFunction(
    { namespaceURI: ns, localName: local },
    new Array<string>(arity).fill('item()*'),
    'item()*',
    (dyn: { currentContext: Current }, ...args: unknown[]) => {
      const r = call(dyn.currentContext, args);
      return r === undefined || r === null ? [] : Array.isArray(r) ? r : [r];
    },
  );
}

/** Walks an expression context and its parents for an XSLT extension value (current-group ...). */
function lookup<K extends string>(ctx: ExprContext, key: K): unknown {
  for (let c: ExprContext | undefined = ctx; c; c = (c as unknown as { parent?: ExprContext }).parent) {
    const v = (c as unknown as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** XSLT's own functions (and those fontoxpath lacks), called through xslt-processor's bridge or answered here. */
const XSLT_FUNCTIONS: Record<
  string,
  { arities: number[]; call: (cur: Current, args: unknown[]) => unknown }
> = {
  'current-group': { arities: [0], call: (cur) => fromLib(lookup(cur.ctx, 'currentGroup') ?? []) },
  'current-grouping-key': {
    arities: [0],
    call: (cur) => fromLib(lookup(cur.ctx, 'currentGroupingKey') ?? []),
  },
  'regex-group': {
    arities: [1],
    call: (cur, [n]) => {
      const groups = lookup(cur.ctx, 'regexGroups') as string[] | undefined;
      return groups?.[Number(toLib(n))] ?? '';
    },
  },
  current: { arities: [0], call: (cur) => fromLib(cur.ctx.nodeList[cur.ctx.position]) },
  key: { arities: [2, 3], call: (cur, args) => viaLibrary(cur, 'key', args) },
  document: { arities: [1, 2], call: (cur, args) => viaLibrary(cur, 'document', args) },
  'format-number': { arities: [2, 3], call: (cur, args) => viaLibrary(cur, 'format-number', args) },
  'system-property': { arities: [1], call: (cur, args) => viaLibrary(cur, 'system-property', args) },
  'function-available': { arities: [1, 2], call: (cur, args) => viaLibrary(cur, 'function-available', args) },
  'element-available': { arities: [1], call: (cur, args) => viaLibrary(cur, 'element-available', args) },
  'unparsed-entity-uri': { arities: [1], call: (cur, args) => viaLibrary(cur, 'unparsed-entity-uri', args) },
  'generate-id': {
    arities: [0, 1],
    call: (cur, args) => {
      const n = args.length ? (toLib(args[0]) as XNode | XNode[]) : cur.ctx.nodeList[cur.ctx.position];
      const node = Array.isArray(n) ? n[0] : n;
      return node ? `d0e${ids(node)}` : '';
    },
  },
  'format-date': { arities: [2, 5], call: (_c, [v, pic]) => formatted(v, pic, 'date') },
  'format-dateTime': { arities: [2, 5], call: (_c, [v, pic]) => formatted(v, pic, 'dateTime') },
  'format-time': { arities: [2, 5], call: (_c, [v, pic]) => formatted(v, pic, 'time') },
  // fn:trace gives its value (Saxon writes the label to its error stream; fontoxpath printed to stdout)
  trace: { arities: [1, 2], call: (_c, [v]) => v },
  // fontoxpath's matches/replace/tokenize take no flags: the flags s, m, i, x as XPath 2.0 has them
  matches: { arities: [3], call: (_c, [s, p, f]) => regex(p, f).test(str(s)) },
  replace: {
    arities: [4],
    call: (_c, [s, p, r, f]) => {
      const rep = str(r);
      return str(s).replace(regex(p, f, 'g'), (...m: unknown[]) =>
        // $N is group N (empty when it did not take part), \$ and \\ the characters
        rep.replace(/\\([$\\])|\$(\d)/g, (_t, esc?: string, n?: string) => esc ?? String(m[Number(n)] ?? '')),
      );
    },
  },
  tokenize: {
    arities: [3],
    call: (_c, [s, p, f]) => (str(s) === '' ? [] : str(s).split(regex(p, f))),
  },
};

/** format-date & co.: their first argument reaches here as its string (see lexicalDateArguments); () gives (). */
function formatted(v: unknown, pic: unknown, kind: 'date' | 'dateTime' | 'time'): unknown {
  const value = toLib(v);
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  return formatDateTime(str(value), str(pic), kind);
}

const FORMAT_CALL = /(?<![\w.:$-])(?:fn:)?format-(?:date|dateTime|time)\s*\(/g;
/**
 * format-date(X, ...) becomes format-date(string(X), ...): fontoxpath hands a function an xs:date as a JS Date (the
 * time zone lost), the formatter reads the lexical form.
 */
function lexicalDateArguments(expr: string): string {
  const starts = [...expr.matchAll(FORMAT_CALL)].map((m) => m.index! + m[0].length).reverse();
  for (const open of starts) {
    let depth = 0;
    let quote = '';
    let j = open;
    for (; j < expr.length; j++) {
      const ch = expr[j];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (ch === ',' && depth === 0) break;
    }
    const arg = expr.slice(open, j);
    expr = `${expr.slice(0, open)}(for $x1-d in (${arg}) return string($x1-d))${expr.slice(j)}`;
  }
  return expr;
}

let idCounter = 0;
const nodeIds = new WeakMap<XNode, number>();
function ids(n: XNode): number {
  let i = nodeIds.get(n);
  if (i === undefined) {
    i = ++idCounter;
    nodeIds.set(n, i);
  }
  return i;
}

const str = (v: unknown): string => {
  const x = toLib(v);
  const one = Array.isArray(x) ? x[0] : x;
  if (one && typeof one === 'object' && 'nodeType' in one)
    return new Wrapped(one as XNode).value || textOf(one as XNode);
  return one === undefined || one === null ? '' : String(one);
};
function textOf(n: XNode): string {
  if (n.nodeType === 2 || n.nodeType === 3 || n.nodeType === 4) return String(n.nodeValue ?? '');
  return children(n)
    .filter((c) => c.nodeType === 1 || c.nodeType === 3 || c.nodeType === 4)
    .map(textOf)
    .join('');
}
function regex(p: unknown, f: unknown, extra = ''): RegExp {
  let flags = str(f);
  let pattern = str(p);
  if (flags.includes('x')) pattern = pattern.replace(/\s+/g, '');
  flags = flags.replace(/[^ims]/g, '');
  try {
    return new RegExp(pattern, `${flags}u${extra}`);
  } catch (e) {
    throw new Error(`FORX0002: invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
}

function viaLibrary(cur: Current, name: string, args: unknown[]): unknown {
  const f = cur.functions()[name];
  if (!f) throw new Error(`XPST0017: function ${name} is not available`);
  return fromLib(f(undefined, ...args.map(toLib)));
}

/** fontoxpath's names for the functions the stylesheet defines (xsl:function) and XSLT's own. */
function functionNameResolver(cur: Current) {
  return (
    q: { prefix: string; localName: string },
    arity: number,
  ): { namespaceURI: string; localName: string } => {
    if (!q.prefix || q.prefix === 'fn') {
      const own = XSLT_FUNCTIONS[q.localName];
      if (own?.arities.includes(arity)) {
        register(X1NS, q.localName, arity, own.call);
        return { namespaceURI: X1NS, localName: q.localName };
      }
      return { namespaceURI: FN_NS, localName: q.localName };
    }
    const ns = cur.namespaces[q.prefix] ?? STANDARD_NS[q.prefix];
    // an undeclared prefix: no such function (XPST0017), the expression goes back to xslt-processor
    if (ns === undefined) return { namespaceURI: `${X1NS}:undeclared`, localName: q.localName };
    if (
      ns === FN_NS ||
      ns === STANDARD_NS.xs ||
      ns === STANDARD_NS.math ||
      ns === STANDARD_NS.map ||
      ns === STANDARD_NS.array
    )
      return { namespaceURI: ns, localName: q.localName };
    // a stylesheet function: called through xslt-processor's executor, found by its expanded name
    const local = `u-${arity}-${q.localName}`;
    register(`${X1NS}:${ns}`, local, arity, (c, args) => {
      const fns = c.functions();
      for (const [name, fn] of Object.entries(fns)) {
        const colon = name.indexOf(':');
        if (colon > 0 && name.slice(colon + 1) === q.localName && c.namespaces[name.slice(0, colon)] === ns)
          return fromLib(fn(undefined, ...args.map(toLib)));
      }
      throw new Error(`XPST0017: function Q{${ns}}${q.localName}#${arity} is not defined`);
    });
    return { namespaceURI: `${X1NS}:${ns}`, localName: local };
  };
}

/** Marks a variable's value with its declared type (the `as` of xsl:variable/xsl:param). */
export const DECLARED = Symbol('xslt-declared-type');
const ATOMIC_TYPES = new Set([
  'integer',
  'decimal',
  'double',
  'float',
  'string',
  'boolean',
  'date',
  'dateTime',
  'time',
  'duration',
  'dayTimeDuration',
  'yearMonthDuration',
  'int',
  'long',
  'short',
  'nonNegativeInteger',
  'positiveInteger',
  'anyURI',
]);
const sequence = fx.createTypedValueFactory('item()*');
/** A sequence as a fontoxpath variable (a JS array would be an XPath array). */
function asVariable(items: unknown[]): unknown {
  if (items.length === 1 && !(items[0] instanceof Wrapped)) return items[0];
  return sequence(items, facade as unknown as fx.IDomFacade);
}

/**
 * References to the given variables cast to their types (fontoxpath takes no xs:untypedAtomic, xs:integer ... from
 * JS): $p becomes Q{xs}untypedAtomic($p), outside string literals.
 */
function typedReferences(expr: string, types: Map<string, string>): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '$') {
      const m = /^\$\s*([A-Za-z_][\w.-]*)/.exec(expr.slice(i));
      const type = m && types.get(m[1]);
      if (m && type) {
        out += `Q{http://www.w3.org/2001/XMLSchema}${type}($${m[1]})`;
        i += m[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
/**
 * The stylesheet variables in scope, as fontoxpath takes them. A parameter the mediator passes (a String through
 * JAXP's setParameter) is xs:untypedAtomic, as Saxon makes it: `$p + 1` adds, `$p = 'x'` compares strings.
 */
function variables(
  ctx: ExprContext,
  external: ReadonlySet<string>,
  types: Map<string, string>,
): Record<string, unknown> {
  const chain: ExprContext[] = [];
  for (let c: ExprContext | undefined = ctx; c; c = (c as unknown as { parent?: ExprContext }).parent)
    chain.push(c);
  const out: Record<string, unknown> = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    const vars = (chain[i] as unknown as { variables?: Record<string, unknown> }).variables ?? {};
    for (const name of Object.keys(vars)) {
      const v = vars[name] as { type?: string; items?: unknown[]; [DECLARED]?: string } | undefined;
      types.delete(name);
      // a variable or parameter declared as="xs:integer" (one atomic value): that type, as Saxon converts it
      const declared = v && typeof v === 'object' ? /^xs:([A-Za-z]+)\??$/.exec(v[DECLARED] ?? '') : null;
      if (declared && v!.type !== 'node-set' && ATOMIC_TYPES.has(declared[1])) {
        out[name] = (v as unknown as { stringValue(): string }).stringValue();
        types.set(name, declared[1]);
        continue;
      }
      if (i === chain.length - 1 && external.has(name) && v && typeof v === 'object' && v.type === 'string') {
        out[name] = (v as unknown as { stringValue(): string }).stringValue();
        types.set(name, 'untypedAtomic');
        continue;
      }
      out[name] = asVariable(
        v && typeof v === 'object' && Array.isArray(v.items) ? v.items : (fromLib(v) as unknown[]),
      );
    }
  }
  return out;
}

const POSITIONAL = /\b(?:position|last)\s*\(/;
/**
 * position() and last() of the expression's own focus (outside predicates, not a step after / or !) become
 * $x1-position and $x1-last: fontoxpath's context is the item alone (1 and 1).
 */
function focusReferences(expr: string): string {
  let out = '';
  let quote = '';
  let depth = 0;
  let prev = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) {
      if (ch === quote) quote = '';
      out += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (
      depth === 0 &&
      (ch === 'p' || ch === 'l') &&
      !/[\w.:$-]/.test(expr[i - 1] ?? '') &&
      prev !== '/' &&
      prev !== '!'
    ) {
      const m = /^(position|last)\s*\(\s*\)/.exec(expr.slice(i));
      if (m) {
        out += m[1] === 'position' ? '$x1-position' : '$x1-last';
        i += m[0].length - 1;
        prev = ')';
        continue;
      }
    }
    out += ch;
    if (!/\s/.test(ch)) prev = ch;
  }
  return out;
}
/** Each result item: a node, a boolean or double as it is, any other atomic value as [its string, numeric?]. */
const TYPED =
  'if (. instance of node() or . instance of xs:boolean or . instance of xs:double or . instance of xs:float) then . else [string(.), . instance of xs:numeric]';

type Lib = { stringValue(): string };

/**
 * Evaluates an expression of an XSLT 2.0 stylesheet as Saxon does, giving xslt-processor's value; FALLBACK when
 * fontoxpath cannot read it (its syntax, or a function or variable it does not know): xslt-processor evaluates it.
 */
export function evalXPath2(
  select: string,
  context: ExprContext,
  conv: Conv,
  defaultNs: string,
  external: ReadonlySet<string>,
  backwardsCompatible = false,
): Lib | typeof FALLBACK {
  const ctx = context as ExprContext & { knownNamespaces?: Record<string, string> };
  const namespaces = ctx.knownNamespaces ?? {};
  let fns: Record<string, (...a: unknown[]) => unknown> | undefined;
  const cur: Current = { ctx, namespaces, functions: () => (fns ??= conv.createCustomFunctions(ctx)) };
  const types = new Map<string, string>();
  const vars = variables(ctx, external, types);
  if (types.size && select.includes('$')) select = typedReferences(select, types);
  const list = ctx.nodeList ?? [];
  const node = list[ctx.position];
  if (select.includes('format-')) select = lexicalDateArguments(select);
  if (POSITIONAL.test(select)) {
    // the focus's position and size: position() and last() outside predicates and steps read them
    const focus = focusReferences(select);
    if (focus !== select) {
      select = focus;
      vars['x1-position'] = ctx.position + 1;
      vars['x1-last'] = Math.max(list.length, 1);
    }
  }
  const expr = `(${select}) ! (${TYPED})`;
  let out: unknown[];
  try {
    out = fx.evaluateXPath(
      expr,
      node ? wrap(node) : null,
      facade as unknown as fx.IDomFacade,
      vars,
      fx.evaluateXPath.ALL_RESULTS_TYPE,
      {
        currentContext: cur,
        namespaceResolver: (p: string) =>
          p === '' ? defaultNs || null : (namespaces[p] ?? STANDARD_NS[p] ?? null),
        functionNameResolver: functionNameResolver(cur),
        language: fx.evaluateXPath.XPATH_3_1_LANGUAGE,
      },
    ) as unknown[];
  } catch (e) {
    const m = /^([A-Z]{4}\d{4})/.exec(String((e as Error).message));
    if (!m || ['XPST0003', 'XPST0017', 'XPST0008', 'XPST0081', 'XPST0051'].includes(m[1])) return FALLBACK;
    throw e;
  }
  if (out.length === 0) return conv.wrapResult([], ctx) as Lib;
  if (out.every((i) => i instanceof Wrapped))
    return conv.wrapResult(
      out.map((i) => (i as Wrapped).x),
      ctx,
    ) as Lib;
  if (out.length === 1) {
    const v = out[0];
    if (Array.isArray(v)) {
      let [s] = v as [string, boolean];
      const numeric = (v as [string, boolean])[1];
      if (!numeric) return conv.wrapResult(s, ctx) as Lib;
      // a 1.0 stylesheet (backwards-compatible mode): numbers are doubles (0.1 + 0.2 is 0.30000000000000004)
      if (backwardsCompatible) return conv.wrapResult(Number(s), ctx) as Lib;
      s = decimalString(s);
      // an integer or decimal: a number, written as XPath writes it (1000000000000, not 1.0E12)
      const r = conv.wrapResult(Number(s), ctx) as Lib;
      return Object.assign(Object.create(r) as Lib, { stringValue: () => s });
    }
    if (!(v instanceof Wrapped)) return conv.wrapResult(v, ctx) as Lib;
  }
  const seq = conv.wrapResult(
    out.map((i) =>
      i instanceof Wrapped ? i.x : Array.isArray(i) ? (i[1] ? decimalString(String(i[0])) : String(i[0])) : i,
    ),
    ctx,
  ) as Lib & { items?: string[] };
  // backwards-compatible mode: a sequence's string value is its first item's (value-of, attribute value templates)
  if (backwardsCompatible && seq.items) {
    const first = seq.items[0] ?? '';
    seq.stringValue = () => first;
  }
  return seq;
}

/**
 * XPath 1.0's and XSLT 1.0's functions, node tests and operator names: what xslt-processor evaluates in a 1.0
 * stylesheet.
 */
const XPATH1_NAMES = new Set([
  'last',
  'position',
  'count',
  'id',
  'local-name',
  'namespace-uri',
  'name',
  'string',
  'concat',
  'starts-with',
  'contains',
  'substring-before',
  'substring-after',
  'substring',
  'string-length',
  'normalize-space',
  'translate',
  'boolean',
  'not',
  'true',
  'false',
  'lang',
  'number',
  'sum',
  'floor',
  'ceiling',
  'round',
  'document',
  'key',
  'format-number',
  'current',
  'unparsed-entity-uri',
  'generate-id',
  'system-property',
  'element-available',
  'function-available',
  'node',
  'text',
  'comment',
  'processing-instruction',
  // operators before a parenthesis ('@a = 1 and (b or c)', 'x div (y)'): no function call
  'and',
  'or',
  'div',
  'mod',
]);
const needs2 = new Map<string, boolean>();
/**
 * Whether an expression of a 1.0 stylesheet needs XPath 2.0: Saxon, MI's processor, reads every stylesheet with its
 * XPath 2.0+ parser (backwards-compatible mode for version="1.0"), so upper-case(), format-date(), xs: casts,
 * if/then/else or (1, 2) work there; xslt-processor's 1.0 reader refuses or misreads them. `syntaxOk`: the 1.0
 * reader parses it.
 */
export function needsXPath2(expr: string, syntaxOk: () => boolean): boolean {
  let r = needs2.get(expr);
  if (r === undefined) {
    r = false;
    // a function call: unprefixed or fn: and not XPath 1.0's, or an xs: constructor, or math:
    const calls = expr
      .replace(/"[^"]*"|'[^']*'/g, '""')
      .matchAll(/(?<![\w.:$@-])(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)\s*\(/g);
    for (const [, prefix, local] of calls)
      if (
        prefix === undefined || prefix === 'fn'
          ? !XPATH1_NAMES.has(local)
          : prefix === 'xs' || prefix === 'math'
      )
        r = true;
    if (!r) r = !syntaxOk();
    if (needs2.size > 5000) needs2.clear();
    needs2.set(expr, r);
  }
  return r;
}

const parseDoc = new slimdom.Document();
/** Whether fontoxpath reads an expression (XPath 3.1 syntax, which includes XPath 2.0's). */
export function parsesAsXPath2(expr: string): boolean {
  try {
    fx.parseScript(expr, { language: fx.evaluateXPath.XPATH_3_1_LANGUAGE }, parseDoc);
    return true;
  } catch {
    return false;
  }
}

/** An xs:decimal's string from fontoxpath's double: 15 significant digits, plain notation (0.1 + 0.2 is 0.3). */
function decimalString(s: string): string {
  if (!/[.eE]/.test(s)) return s;
  const n = Number(Number(s).toPrecision(15));
  const t = String(n);
  return /e/i.test(t) ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : t;
}

interface DateParts {
  y?: number;
  mo?: number;
  d?: number;
  h?: number;
  mi?: number;
  s?: number;
  frac?: string;
  tz?: number | undefined;
}

function parseDateTime(v: string, kind: 'date' | 'dateTime' | 'time'): DateParts {
  const tzOf = (t: string | undefined): number | undefined =>
    !t
      ? undefined
      : t === 'Z'
        ? 0
        : (t[0] === '-' ? -1 : 1) * (Number(t.slice(1, 3)) * 60 + Number(t.slice(4, 6)));
  const bad = () => new Error(`FORG0001: Invalid ${kind} '${v}'`);
  if (kind === 'time') {
    const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(v.trim());
    if (!m) throw bad();
    return { h: Number(m[1]), mi: Number(m[2]), s: Number(m[3]), frac: m[4] ?? '', tz: tzOf(m[5]) };
  }
  const m =
    kind === 'date'
      ? /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(v.trim())
      : /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(v.trim());
  if (!m) throw bad();
  if (kind === 'date') return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), tz: tzOf(m[4]) };
  return {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4]),
    mi: Number(m[5]),
    s: Number(m[6]),
    frac: m[7] ?? '',
    tz: tzOf(m[8]),
  };
}

function roman(n: number): string {
  const t: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let s = '';
  for (const [v, r] of t)
    while (n >= v) {
      s += r;
      n -= v;
    }
  return s;
}

function ordinal(n: number): string {
  const t = n % 100;
  return `${n}${t >= 11 && t <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/**
 * format-date, format-dateTime and format-time (XSLT 2.0 16.5) in English with the Gregorian calendar: the picture's
 * [component presentation,width] markers, as Saxon writes them (names, ordinals, zero padding, two-digit years,
 * fractional seconds, time zones, a.m./p.m.).
 */
export function formatDateTime(value: string, picture: string, kind: 'date' | 'dateTime' | 'time'): string {
  const p = parseDateTime(value, kind);
  let out = '';
  for (let i = 0; i < picture.length; i++) {
    const ch = picture[i];
    if ((ch === '[' || ch === ']') && picture[i + 1] === ch) {
      out += ch;
      i++;
      continue;
    }
    if (ch !== '[') {
      out += ch;
      continue;
    }
    const end = picture.indexOf(']', i);
    if (end < 0) throw new Error(`XTDE1340: '[' in the picture '${picture}' has no ']'`);
    const marker = picture.slice(i + 1, end).replace(/\s+/g, '');
    i = end;
    out += component(p, marker, kind);
  }
  return out;
}

function component(p: DateParts, marker: string, kind: string): string {
  const c = marker[0];
  const comma = marker.indexOf(',');
  let pres = marker.slice(1, comma < 0 ? undefined : comma);
  const width = comma < 0 ? '' : marker.slice(comma + 1);
  const [minW, maxW] = width
    ? width.split('-').map((w) => (w === '*' || w === '' ? undefined : Number(w)))
    : [undefined, undefined];
  let ordinalMod = false;
  if (/[ot]$/.test(pres) && pres.length > 1) {
    ordinalMod = pres.endsWith('o');
    pres = pres.slice(0, -1);
  } else if (pres === 'o') {
    ordinalMod = true;
    pres = '';
  }
  const dateOnly = 'YMDdFWwE';
  const timeOnly = 'HhPmsf';
  if ((kind === 'date' && timeOnly.includes(c)) || (kind === 'time' && dateOnly.includes(c)))
    throw new Error(`XTDE1350: the ${kind} has no component [${c}]`);
  const name = (full: string): string => {
    const n = maxW !== undefined && full.length > maxW ? full.slice(0, maxW) : full;
    return pres === 'N' ? n.toUpperCase() : pres === 'n' ? n.toLowerCase() : n;
  };
  const num = (n: number, dflt: string): string => {
    const pr = pres || dflt;
    if (pr === 'I') return roman(n);
    if (pr === 'i') return roman(n).toLowerCase();
    if (ordinalMod) return ordinal(n);
    const digits = /^[0-9#]+$/.test(pr) ? pr.replace(/#/g, '').length : 1;
    const min = minW ?? digits;
    let s = String(Math.abs(n));
    if (s.length < min) s = '0'.repeat(min - s.length) + s;
    const max = maxW ?? (/^0+1$|^0*1$/.test(pr) && pr.length > 1 && c === 'Y' ? pr.length : undefined);
    if (max !== undefined && s.length > max) s = s.slice(s.length - max);
    return n < 0 ? `-${s}` : s;
  };
  const date = () => new Date(Date.UTC(p.y!, p.mo! - 1, p.d!));
  switch (c) {
    case 'Y':
      return num(p.y!, '1');
    case 'M':
      return /^N|^n/.test(pres) ? name(MONTHS[p.mo! - 1]) : num(p.mo!, '1');
    case 'D':
      return num(p.d!, '1');
    case 'd': {
      const start = Date.UTC(p.y!, 0, 1);
      return num((date().getTime() - start) / 86400000 + 1, '1');
    }
    case 'F': {
      const dow = date().getUTCDay();
      return /^[0-9]/.test(pres) ? num(dow === 0 ? 7 : dow, '1') : ((pres ||= 'n'), name(DAYS[dow]));
    }
    case 'W': {
      const d = date();
      const day = (d.getUTCDay() + 6) % 7;
      d.setUTCDate(d.getUTCDate() - day + 3);
      const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
      return num(
        1 +
          Math.round(
            (d.getTime() - firstThursday.getTime()) / 86400000 / 7 -
              (((firstThursday.getUTCDay() + 6) % 7) - 3) / 7,
          ),
        '1',
      );
    }
    case 'H':
      return num(p.h!, '1');
    case 'h':
      return num(p.h! % 12 === 0 ? 12 : p.h! % 12, '1');
    case 'P': {
      if (!pres) pres = 'n';
      const am = p.h! < 12 ? 'a.m.' : 'p.m.';
      return pres === 'N' ? am.toUpperCase() : pres === 'Nn' ? am[0].toUpperCase() + am.slice(1) : am;
    }
    case 'm':
      return num(p.mi!, '01');
    case 's':
      return num(p.s!, '01');
    case 'f': {
      const pr = pres || '1';
      const min = minW ?? pr.length;
      const max = maxW ?? (pres && /^0+$|^0*1$/.test(pr) && pr.length > 1 ? pr.length : undefined);
      let f = (p.frac ?? '').replace(/0+$/, '');
      if (f.length < min) f += '0'.repeat(min - f.length);
      if (max !== undefined && f.length > max) f = f.slice(0, max);
      return f;
    }
    case 'Z':
    case 'z': {
      if (p.tz === undefined) return '';
      if (pres === 'Z') return p.tz === 0 ? 'Z' : tzText(p.tz);
      const t = tzText(p.tz);
      return c === 'z' ? `GMT${t}` : t;
    }
    case 'E':
      return p.y! > 0 ? 'AD' : 'BC';
    case 'C':
      return 'ISO';
    default:
      throw new Error(`XTDE1340: unknown component [${c}] in a date picture`);
  }
}

function tzText(min: number): string {
  const a = Math.abs(min);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${min < 0 ? '-' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}
