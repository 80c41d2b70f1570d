/**
 * The part of FreeMarker that payloadFactory templates use (`template-type="freemarker"`), compiled once:
 * interpolations `${...}`, `<#if>`/`<#elseif>`/`<#else>`, `<#list x as y>` (with `<#sep>`), `<#assign>` and
 * `<#-- comments -->`; expressions with paths (`payload.a.b`, `x["k"]`), literals, `+ - * / %`, comparisons,
 * `&& || !`, the default operators `x!d` and `x??`, and the common built-ins. Values are formatted as FreeMarker
 * does by default (numbers as `#,##0.###`, `?c` for the computer form). Anything else is refused when the
 * configuration loads, with what is not supported.
 */
import type * as slimdom from 'slimdom';

export class FreeMarkerError extends Error {}

type Node =
  | { t: 'text'; s: string }
  | { t: 'out'; e: Expr }
  | { t: 'if'; branches: { cond: Expr | undefined; body: Node[] }[] }
  | { t: 'list'; seq: Expr; name: string; body: Node[]; sep: Node[] | undefined }
  | { t: 'assign'; name: string; e: Expr };

type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'var'; name: string }
  | { k: 'get'; o: Expr; key: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'def'; a: Expr; d: Expr | undefined }
  | { k: 'has'; a: Expr }
  | { k: 'bi'; a: Expr; name: string; args: Expr[] }
  /** `x -> expr`: the argument of ?filter and ?map. */
  | { k: 'fn'; param: string; body: Expr };

/** A lambda bound to the scope it was written in. */
interface Lambda {
  fn: Extract<Expr, { k: 'fn' }>;
  scope: Scope;
}

const MISSING = Symbol('missing');

export interface FreeMarkerTemplate {
  render(model: Record<string, unknown>): string;
}

export function compileFreeMarker(text: string): FreeMarkerTemplate {
  const header = ftlHeader(text);
  const body = header.strip ? stripTagLines(header.rest) : header.rest;
  const nodes = parseNodes(body);
  const ns = header.ns;
  return {
    render: (model) => {
      const saved = nsPrefixes;
      nsPrefixes = ns;
      try {
        return renderNodes(nodes, new Map(Object.entries(model)));
      } finally {
        nsPrefixes = saved;
      }
    },
  };
}

/** The `ns_prefixes` of the template being rendered (`payload['p:name']` matches by namespace then). */
let nsPrefixes: Record<string, string> | undefined;

/**
 * The `<#ftl ...>` header FreeMarker allows first in a template: `ns_prefixes={"p": "uri"}` (XML names with those
 * prefixes), `strip_whitespace=false`, `encoding` (no effect here). Other parameters are refused.
 */
function ftlHeader(text: string): { rest: string; ns: Record<string, string> | undefined; strip: boolean } {
  const m = /^\s*<#ftl\b/.exec(text);
  if (!m) return { rest: text, ns: undefined, strip: true };
  const end = closing(text, m[0].length, '>');
  const params = text.slice(m[0].length, end).replace(/\/$/, '');
  let ns: Record<string, string> | undefined;
  let strip = true;
  const PARAM = /\s*([A-Za-z_]\w*)\s*=\s*/y;
  let i = 0;
  while (i < params.length && params.slice(i).trim() !== '') {
    PARAM.lastIndex = i;
    const pm = PARAM.exec(params);
    if (!pm) throw new FreeMarkerError(`cannot read the <#ftl> header '${params.trim()}'`);
    i = PARAM.lastIndex;
    const name = pm[1];
    let valueEnd: number;
    if (params[i] === '{') valueEnd = closing(params, i + 1, '}') + 1;
    else if (params[i] === '"' || params[i] === "'") valueEnd = params.indexOf(params[i], i + 1) + 1;
    else valueEnd = /^[^\s]*/.exec(params.slice(i))![0].length + i;
    if (valueEnd <= i) throw new FreeMarkerError(`cannot read the <#ftl> parameter ${name}`);
    const raw = params.slice(i, valueEnd);
    i = valueEnd;
    if (name === 'ns_prefixes') {
      ns = {};
      for (const e of raw.slice(1, -1).matchAll(/\s*(["'])(.*?)\1\s*:\s*(["'])(.*?)\3\s*,?/g))
        ns[e[2]] = e[4];
    } else if (name === 'strip_whitespace') strip = raw !== 'false';
    else if (name !== 'encoding' && name !== 'strip_text')
      throw new FreeMarkerError(`the <#ftl> parameter ${name} is not supported by the embedded runtime`);
  }
  let rest = text.slice(end + 1);
  // the header's line holds only an FTL tag: with white-space stripping its line break goes too
  if (strip) rest = rest.replace(/^[ \t]*\r?\n/, '');
  return { rest, ns, strip };
}

/** An FTL tag or comment (not an interpolation): `<#if x>`, `</#list>`, `<#-- ... -->`. */
const FTL_TAG = /<#--[\s\S]*?-->|<\/?#[A-Za-z]+(?:[^>"']|"[^"]*"|'[^']*')*>/y;

/**
 * FreeMarker's white-space stripping (on by default): in a line holding only FTL tags and comments, the
 * indentation and the trailing white-space with the line break are not output.
 */
function stripTagLines(text: string): string {
  if (!text.includes('<#')) return text;
  const lines = text.split('\n');
  let out = '';
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const last = li === lines.length - 1;
    const t = line.replace(/^[ \t]+/, '').replace(/[ \t\r]+$/, '');
    let only = t.startsWith('<#') || t.startsWith('</#');
    if (only) {
      let i = 0;
      while (i < t.length) {
        FTL_TAG.lastIndex = i;
        const m = FTL_TAG.exec(t);
        if (!m) {
          only = false;
          break;
        }
        i = FTL_TAG.lastIndex;
        while (t[i] === ' ' || t[i] === '\t') i++;
      }
    }
    out += only ? t : last ? line : `${line}\n`;
  }
  return out;
}

// ------------------------------------------------------------------ template structure
const TAG = /\$\{|<#--|<#(if|elseif|else|list|sep|assign)\b|<\/#(if|list)\s*>|<#\/?([a-zA-Z]+)/g;

function parseNodes(text: string): Node[] {
  const root: Node[] = [];
  // the open blocks: where their nodes go
  const stack: { node: Node | undefined; body: Node[] }[] = [{ node: undefined, body: root }];
  const top = () => stack[stack.length - 1];
  let pos = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    if (m.index > pos) top().body.push({ t: 'text', s: text.slice(pos, m.index) });
    const tok = m[0];
    if (tok === '${') {
      const end = closing(text, m.index + 2, '}');
      top().body.push({ t: 'out', e: parseExpr(text.slice(m.index + 2, end)) });
      pos = end + 1;
    } else if (tok === '<#--') {
      const end = text.indexOf('-->', m.index);
      if (end < 0) throw new FreeMarkerError('unclosed <#-- comment');
      pos = end + 3;
    } else if (m[2]) {
      // </#if> or </#list>
      const open = stack.pop();
      const n = open?.node;
      if (!n || n.t !== m[2]) throw new FreeMarkerError(`</#${m[2]}> without a matching <#${m[2]}>`);
      pos = m.index + tok.length;
    } else if (m[1]) {
      const end = closing(text, m.index + tok.length, '>');
      const arg = text
        .slice(m.index + tok.length, end)
        .replace(/\/$/, '')
        .trim();
      pos = end + 1;
      const dir = m[1];
      if (dir === 'if') {
        const n: Node = { t: 'if', branches: [{ cond: parseExpr(arg), body: [] }] };
        top().body.push(n);
        stack.push({ node: n, body: n.branches[0].body });
      } else if (dir === 'elseif' || dir === 'else') {
        const open = stack.pop();
        const n = open?.node;
        if (n?.t === 'list' && dir === 'else')
          throw new FreeMarkerError('<#else> inside <#list> is not supported');
        if (!n || n.t !== 'if') throw new FreeMarkerError(`<#${dir}> outside <#if>`);
        const b = { cond: dir === 'elseif' ? parseExpr(arg) : undefined, body: [] as Node[] };
        n.branches.push(b);
        stack.push({ node: n, body: b.body });
      } else if (dir === 'list') {
        const lm = /^([\s\S]+?)\s+as\s+([A-Za-z_]\w*)$/.exec(arg);
        if (!lm) throw new FreeMarkerError(`<#list ${arg}>: expected <#list sequence as name>`);
        const n: Node = { t: 'list', seq: parseExpr(lm[1]), name: lm[2], body: [], sep: undefined };
        top().body.push(n);
        stack.push({ node: n, body: n.body });
      } else if (dir === 'sep') {
        const n = top().node;
        if (!n || n.t !== 'list') throw new FreeMarkerError('<#sep> outside <#list>');
        n.sep = [];
        top().body = n.sep;
      } else {
        const am = /^([A-Za-z_]\w*)\s*=\s*([\s\S]+)$/.exec(arg);
        if (!am) throw new FreeMarkerError(`<#assign ${arg}>: expected <#assign name = value>`);
        top().body.push({ t: 'assign', name: am[1], e: parseExpr(am[2]) });
      }
    } else {
      throw new FreeMarkerError(
        `the FreeMarker directive <#${m[3]}> is not supported by the embedded runtime`,
      );
    }
  }
  if (stack.length > 1) throw new FreeMarkerError(`<#${stack[stack.length - 1].node!.t}> is not closed`);
  if (pos < text.length) root.push({ t: 'text', s: text.slice(pos) });
  return root;
}

/** The index of the `close` character that ends an expression starting at `from` (strings and nesting skipped). */
function closing(text: string, from: number, close: string): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const j = text.indexOf(c, i + 1);
      if (j < 0) break;
      i = j;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || (c === '}' && depth > 0)) depth--;
    else if (c === close && depth === 0) return i;
  }
  throw new FreeMarkerError(`unclosed ${close === '}' ? '${' : 'directive'} at offset ${from}`);
}

// ------------------------------------------------------------------ expressions
const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\?\?|&&|\|\||==|!=|<=|>=|->|[-+*/%()[\].,?!<>=])|(@?[A-Za-z_]\w*))/y;

function parseExpr(src: string): Expr {
  const toks: { v: string; kind: 'num' | 'str' | 'op' | 'name' }[] = [];
  TOKEN.lastIndex = 0;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    if (!m) throw new FreeMarkerError(`cannot read the expression '${src}' at '${src.slice(i)}'`);
    i = TOKEN.lastIndex;
    if (m[1] !== undefined) toks.push({ v: m[1], kind: 'num' });
    else if (m[2] !== undefined) toks.push({ v: unescape(m[2]), kind: 'str' });
    else if (m[3] !== undefined) toks.push({ v: unescape(m[3]), kind: 'str' });
    else if (m[4] !== undefined) toks.push({ v: m[4], kind: 'op' });
    else toks.push({ v: m[5], kind: 'name' });
  }
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.kind === 'op' && peek().v === v;
  const isWord = (v: string) => peek()?.kind === 'name' && peek().v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new FreeMarkerError(`expected '${v}' in '${src}'`);
    p++;
  };
  const or = (): Expr => {
    let a = and();
    while (isOp('||')) {
      p++;
      a = { k: 'bin', op: '||', a, b: and() };
    }
    return a;
  };
  const and = (): Expr => {
    let a = cmp();
    while (isOp('&&')) {
      p++;
      a = { k: 'bin', op: '&&', a, b: cmp() };
    }
    return a;
  };
  const CMP: Record<string, string> = { gt: '>', lt: '<', gte: '>=', lte: '<=' };
  const cmp = (): Expr => {
    const a = add();
    const t = peek();
    if (
      t &&
      ((t.kind === 'op' && ['==', '!=', '=', '<', '>', '<=', '>='].includes(t.v)) ||
        (t.kind === 'name' && t.v in CMP))
    ) {
      p++;
      const op = t.kind === 'name' ? CMP[t.v] : t.v === '=' ? '==' : t.v;
      return { k: 'bin', op, a, b: add() };
    }
    return a;
  };
  const add = (): Expr => {
    let a = mul();
    while (isOp('+') || isOp('-')) {
      const op = toks[p++].v;
      a = { k: 'bin', op, a, b: mul() };
    }
    return a;
  };
  const mul = (): Expr => {
    let a = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = toks[p++].v;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Expr => {
    if (isOp('!')) {
      p++;
      return { k: 'not', a: unary() };
    }
    if (isOp('-')) {
      p++;
      return { k: 'neg', a: unary() };
    }
    return postfix(primary());
  };
  const startsOperand = () => {
    const t = peek();
    return !!t && (t.kind !== 'op' || t.v === '(');
  };
  const postfix = (e: Expr): Expr => {
    for (;;) {
      if (isOp('.')) {
        p++;
        const t = toks[p++];
        if (!t || t.kind !== 'name') throw new FreeMarkerError(`expected a name after '.' in '${src}'`);
        e = { k: 'get', o: e, key: { k: 'lit', v: t.v } };
      } else if (isOp('[')) {
        p++;
        const key = or();
        expect(']');
        e = { k: 'get', o: e, key };
      } else if (isOp('??')) {
        p++;
        e = { k: 'has', a: e };
      } else if (isOp('?')) {
        p++;
        const t = toks[p++];
        if (!t || t.kind !== 'name') throw new FreeMarkerError(`expected a built-in after '?' in '${src}'`);
        const args: Expr[] = [];
        if (isOp('(')) {
          p++;
          while (!isOp(')')) {
            const n = toks[p + 1];
            if (peek()?.kind === 'name' && n?.kind === 'op' && n.v === '->') {
              // a lambda (?filter, ?map): `name -> expression`
              const param = toks[p].v;
              p += 2;
              args.push({ k: 'fn', param, body: or() });
            } else args.push(or());
            if (isOp(',')) p++;
            else break;
          }
          expect(')');
        }
        if (!BUILTINS.has(t.v))
          throw new FreeMarkerError(
            `the FreeMarker built-in ?${t.v} is not supported by the embedded runtime`,
          );
        e = { k: 'bi', a: e, name: t.v, args };
      } else if (isOp('!')) {
        p++;
        e = { k: 'def', a: e, d: startsOperand() ? postfix(primary()) : undefined };
        return e;
      } else return e;
    }
  };
  const primary = (): Expr => {
    const t = toks[p++];
    if (!t) throw new FreeMarkerError(`unexpected end of the expression '${src}'`);
    if (t.kind === 'num') return { k: 'lit', v: Number(t.v) };
    if (t.kind === 'str') return { k: 'lit', v: t.v };
    if (t.kind === 'name') {
      if (t.v === 'true') return { k: 'lit', v: true };
      if (t.v === 'false') return { k: 'lit', v: false };
      return { k: 'var', name: t.v };
    }
    if (t.v === '(') {
      const e = or();
      expect(')');
      return e;
    }
    throw new FreeMarkerError(`unexpected '${t.v}' in '${src}'`);
  };
  const e = or();
  if (p < toks.length) throw new FreeMarkerError(`unexpected '${toks[p].v}' in '${src}'`);
  void isWord;
  return e;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

const BUILTINS = new Set([
  'c',
  'string',
  'upper_case',
  'lower_case',
  'cap_first',
  'uncap_first',
  'capitalize',
  'trim',
  'length',
  'size',
  'has_content',
  'json_string',
  'js_string',
  'xml',
  'number',
  'round',
  'floor',
  'ceiling',
  'first',
  'last',
  'join',
  'contains',
  'starts_with',
  'ends_with',
  'replace',
  'keys',
  'values',
  'is_string',
  'is_number',
  'is_boolean',
  'is_sequence',
  'is_hash',
  'children',
  'filter',
  'map',
  'node_type',
  'node_name',
  'node_namespace',
]);

// ------------------------------------------------------------------ evaluation
type Scope = Map<string, unknown>;

function renderNodes(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        out += n.s;
        break;
      case 'out':
        out += display(evaluate(n.e, scope), n.e);
        break;
      case 'assign':
        scope.set(n.name, evaluate(n.e, scope));
        break;
      case 'if': {
        const b = n.branches.find((x) => x.cond === undefined || truth(evaluate(x.cond, scope), x.cond));
        if (b) out += renderNodes(b.body, scope);
        break;
      }
      case 'list': {
        const seq = sequence(evaluate(n.seq, scope), n.seq);
        seq.forEach((item, i) => {
          const inner = new Map(scope);
          inner.set(n.name, item);
          // FreeMarker's loop variables: name_index (from 0) and name_has_next
          inner.set(`${n.name}_index`, i);
          inner.set(`${n.name}_has_next`, i < seq.length - 1);
          out += renderNodes(n.body, inner);
          if (n.sep && i < seq.length - 1) out += renderNodes(n.sep, inner);
        });
        break;
      }
    }
  }
  return out;
}

function describe(e: Expr): string {
  switch (e.k) {
    case 'var':
      return e.name;
    case 'get':
      return `${describe(e.o)}.${e.key.k === 'lit' ? String(e.key.v) : '[...]'}`;
    default:
      return 'the expression';
  }
}

function isElement(v: unknown): v is slimdom.Element {
  return !!v && typeof v === 'object' && (v as slimdom.Node).nodeType === 1;
}

function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'var':
      return scope.has(e.name) ? scope.get(e.name) : MISSING;
    case 'get': {
      const o = evaluate(e.o, scope);
      const key = evaluate(e.key, scope);
      return member(o, key);
    }
    case 'not':
      return !truth(evaluate(e.a, scope), e.a);
    case 'neg':
      return -num(evaluate(e.a, scope), e.a);
    case 'def': {
      const v = evaluate(e.a, scope);
      return v === MISSING || v === null || v === undefined ? (e.d ? evaluate(e.d, scope) : '') : v;
    }
    case 'has': {
      const v = evaluate(e.a, scope);
      return v !== MISSING && v !== null && v !== undefined;
    }
    case 'bin':
      return binary(e, scope);
    case 'bi':
      return builtin(e, scope);
    case 'fn':
      return { fn: e, scope } satisfies Lambda;
  }
}

function callLambda(l: unknown, item: unknown, e: Expr): unknown {
  const f = l as Lambda;
  if (!f || typeof f !== 'object' || !('fn' in f))
    throw new FreeMarkerError(`${describe(e)}: expected a lambda (x -> ...)`);
  const inner = new Map(f.scope);
  inner.set(f.fn.param, item);
  return evaluate(f.fn.body, inner);
}

/** FreeMarker's ?node_type: element, text, comment, document, pi. */
const NODE_TYPES: Record<number, string> = {
  1: 'element',
  3: 'text',
  4: 'text',
  7: 'pi',
  8: 'comment',
  9: 'document',
};

function isNode(v: unknown): v is slimdom.Node {
  return !!v && typeof v === 'object' && typeof (v as slimdom.Node).nodeType === 'number';
}

function member(o: unknown, key: unknown): unknown {
  if (o === MISSING || o === null || o === undefined) return MISSING;
  if (Array.isArray(o)) {
    if (typeof key === 'number') return key in o ? o[key] : MISSING;
    // a node list: the named children of every node
    const out = o.flatMap((n) => {
      const v = member(n, key);
      return v === MISSING ? [] : Array.isArray(v) ? v : [v];
    });
    return out.length ? out : MISSING;
  }
  if (isElement(o) || (o as slimdom.Node)?.nodeType === 9) {
    const k = String(key);
    if (k.startsWith('@')) {
      const a = (o as slimdom.Element).getAttribute?.(k.slice(1));
      return a ?? MISSING;
    }
    const colon = k.indexOf(':');
    const uri = colon > 0 ? nsPrefixes?.[k.slice(0, colon)] : undefined;
    const kids =
      uri !== undefined
        ? [...(o as slimdom.Element).children].filter(
            (c) => c.localName === k.slice(colon + 1) && c.namespaceURI === uri,
          )
        : colon > 0
          ? [...(o as slimdom.Element).children].filter((c) => c.nodeName === k)
          : [...(o as slimdom.Element).children].filter((c) => c.localName === k);
    return kids.length === 0 ? MISSING : kids.length === 1 ? kids[0] : kids;
  }
  if (typeof o === 'object') {
    const r = o as Record<string, unknown>;
    return Object.prototype.hasOwnProperty.call(r, String(key)) ? r[String(key)] : MISSING;
  }
  return MISSING;
}

function present(v: unknown, e: Expr): unknown {
  if (v === MISSING || v === undefined || v === null)
    throw new FreeMarkerError(`The following has evaluated to null or missing: ${describe(e)}`);
  return v;
}

function text(v: unknown): string {
  if (isNode(v)) return v.textContent ?? '';
  if (Array.isArray(v) && v.length === 1 && isElement(v[0])) return v[0].textContent ?? '';
  return typeof v === 'string' ? v : String(v);
}

function num(v: unknown, e: Expr): number {
  const x = present(v, e);
  if (typeof x === 'number') return x;
  if (isElement(x)) return Number(x.textContent);
  throw new FreeMarkerError(`${describe(e)} is not a number`);
}

function truth(v: unknown, e: Expr): boolean {
  const x = present(v, e);
  if (typeof x === 'boolean') return x;
  throw new FreeMarkerError(`${describe(e)} is not a boolean`);
}

function sequence(v: unknown, e: Expr): unknown[] {
  const x = present(v, e);
  if (Array.isArray(x)) return x;
  if (isElement(x)) return [x];
  if (typeof x === 'object') return Object.values(x as object);
  throw new FreeMarkerError(`${describe(e)} is not a sequence`);
}

function binary(e: Extract<Expr, { k: 'bin' }>, scope: Scope): unknown {
  if (e.op === '&&') return truth(evaluate(e.a, scope), e.a) && truth(evaluate(e.b, scope), e.b);
  if (e.op === '||') return truth(evaluate(e.a, scope), e.a) || truth(evaluate(e.b, scope), e.b);
  const a = present(evaluate(e.a, scope), e.a);
  const b = present(evaluate(e.b, scope), e.b);
  switch (e.op) {
    case '+':
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      return display(a, e.a) + display(b, e.b);
    case '-':
      return num(a, e.a) - num(b, e.b);
    case '*':
      return num(a, e.a) * num(b, e.b);
    case '/':
      return num(a, e.a) / num(b, e.b);
    case '%':
      return num(a, e.a) % num(b, e.b);
    case '==':
    case '!=': {
      const eq =
        typeof a === 'number' || typeof b === 'number' ? num(a, e.a) === num(b, e.b) : text(a) === text(b);
      return e.op === '==' ? eq : !eq;
    }
    default: {
      const x = num(a, e.a);
      const y = num(b, e.b);
      return e.op === '<' ? x < y : e.op === '>' ? x > y : e.op === '<=' ? x <= y : x >= y;
    }
  }
}

function builtin(e: Extract<Expr, { k: 'bi' }>, scope: Scope): unknown {
  const raw = evaluate(e.a, scope);
  if (e.name === 'has_content')
    return !(
      raw === MISSING ||
      raw === null ||
      raw === undefined ||
      raw === '' ||
      (Array.isArray(raw) && !raw.length)
    );
  if (e.name.startsWith('is_')) {
    const v = present(raw, e.a);
    return e.name === 'is_string'
      ? typeof v === 'string'
      : e.name === 'is_number'
        ? typeof v === 'number'
        : e.name === 'is_boolean'
          ? typeof v === 'boolean'
          : e.name === 'is_sequence'
            ? Array.isArray(v)
            : typeof v === 'object' && !Array.isArray(v);
  }
  const v = present(raw, e.a);
  const args = e.args.map((a) => evaluate(a, scope));
  switch (e.name) {
    case 'c':
      return typeof v === 'number' ? computerNumber(v) : typeof v === 'boolean' ? String(v) : text(v);
    case 'string':
      if (typeof v === 'boolean' && args.length === 2) return text(v ? args[0] : args[1]);
      return display(v, e.a);
    case 'upper_case':
      return text(v).toUpperCase();
    case 'lower_case':
      return text(v).toLowerCase();
    case 'cap_first': {
      const s = text(v);
      return s.charAt(0).toUpperCase() + s.slice(1);
    }
    case 'capitalize':
      // every word (between white-space) with its first letter upper-cased and the rest lower-cased
      return text(v).replace(/[^ \t\r\n]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
    case 'uncap_first': {
      const s = text(v);
      return s.charAt(0).toLowerCase() + s.slice(1);
    }
    case 'trim':
      return text(v).trim();
    case 'length':
      return [...text(v)].length;
    case 'size':
      return Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v as object).length : 1;
    case 'json_string':
    case 'js_string':
      return JSON.stringify(text(v)).slice(1, -1);
    case 'xml':
      return text(v).replace(
        /[&<>"']/g,
        (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
      );
    case 'number':
      return typeof v === 'number' ? v : Number(text(v));
    case 'round':
      return Math.round(num(v, e.a));
    case 'floor':
      return Math.floor(num(v, e.a));
    case 'ceiling':
      return Math.ceil(num(v, e.a));
    case 'first':
      return sequence(v, e.a)[0] ?? MISSING;
    case 'last': {
      const s = sequence(v, e.a);
      return s.length ? s[s.length - 1] : MISSING;
    }
    case 'join':
      return sequence(v, e.a)
        .map((x) => display(x, e.a))
        .join(args.length ? text(args[0]) : ', ');
    case 'contains':
      return text(v).includes(text(args[0]));
    case 'starts_with':
      return text(v).startsWith(text(args[0]));
    case 'ends_with':
      return text(v).endsWith(text(args[0]));
    case 'replace':
      return text(v)
        .split(text(args[0]))
        .join(text(args[1] ?? ''));
    case 'children': {
      const node = Array.isArray(v) && v.length === 1 ? v[0] : v;
      if (!isNode(node)) throw new FreeMarkerError(`${describe(e.a)} is not an XML node (?children)`);
      // the payload document of the model lists its root element only
      const kids = node as { childNodes?: ArrayLike<slimdom.Node>; children?: ArrayLike<slimdom.Node> };
      // MI builds the model with NodeModel.parse(InputSource): comments and processing instructions removed,
      // adjacent text (text and CDATA) merged into one node
      const out: unknown[] = [];
      let pending: string | undefined;
      for (const c of Array.from(kids.childNodes ?? kids.children ?? [])) {
        if (c.nodeType === 7 || c.nodeType === 8) continue;
        if (c.nodeType === 3 || c.nodeType === 4) {
          pending = (pending ?? '') + (c.textContent ?? '');
          continue;
        }
        if (pending !== undefined) out.push({ nodeType: 3, textContent: pending });
        pending = undefined;
        out.push(c);
      }
      if (pending !== undefined) out.push({ nodeType: 3, textContent: pending });
      return out;
    }
    case 'node_type':
    case 'node_name':
    case 'node_namespace': {
      const node = Array.isArray(v) && v.length === 1 ? v[0] : v;
      if (!isNode(node)) throw new FreeMarkerError(`${describe(e.a)} is not an XML node (?${e.name})`);
      if (e.name === 'node_type') return NODE_TYPES[node.nodeType] ?? 'unknown';
      if (e.name === 'node_namespace') return (node as slimdom.Element).namespaceURI ?? MISSING;
      // an element by its local name; other nodes as @text, @comment, @document, @pi
      return node.nodeType === 1
        ? (node as slimdom.Element).localName
        : `@${NODE_TYPES[node.nodeType] ?? 'node'}`;
    }
    case 'filter':
      return sequence(v, e.a).filter((x) => truth(callLambda(args[0], x, e), e));
    case 'map':
      return sequence(v, e.a).map((x) => callLambda(args[0], x, e));
    case 'keys':
      return Object.keys(v as object);
    case 'values':
      return Object.values(v as object);
    default:
      throw new FreeMarkerError(
        `the FreeMarker built-in ?${e.name} is not supported by the embedded runtime`,
      );
  }
}

/** `${x}`: strings as they are, numbers in FreeMarker's default format (`#,##0.###`), node text. */
function display(v: unknown, e: Expr): string {
  const x = present(v, e);
  if (typeof x === 'number') return defaultNumber(x);
  if (typeof x === 'boolean') return String(x);
  if (typeof x === 'string') return x;
  if (isNode(x) || (Array.isArray(x) && x.length === 1 && isElement(x[0]))) return text(x);
  throw new FreeMarkerError(`${describe(e)} is not a string or number (use a built-in or a path to a value)`);
}

function defaultNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
  // three fraction digits at most, half-even rounding, grouping by thousands (en_US)
  const scaled = n * 1000;
  const r = Math.abs(scaled - Math.trunc(scaled)) === 0.5 ? 2 * Math.round(scaled / 2) : Math.round(scaled);
  const fixed = (r / 1000).toFixed(3).replace(/\.?0+$/, '');
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped === '-0' ? '0' : grouped;
}

/** `?c`: the computer form, no grouping, as many digits as needed. */
function computerNumber(n: number): string {
  return String(n);
}
