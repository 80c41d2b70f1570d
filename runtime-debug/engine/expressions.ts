/**
 * The engine's view of expressions: compile once at deploy time, evaluate per message.
 * Classification as SynapsePathFactory does: `json-eval(...)` -> JSONPath, `${...}` -> Synapse expression, otherwise
 * XPath 1.0 with the Synapse functions and variables. Helper B's evaluator (runtime-debug/engine/expr/) is the
 * full implementation; this bridge keeps the engine's contract small (`Expr`) so the engine does not depend on its
 * internals, and carries a compact evaluator for the forms configurations use most.
 */
import { JSONPath } from 'jsonpath-plus';
import type * as slimdom from 'slimdom';
import { stringOf, type MessageContext } from './context';
import { compileXPath, type CompiledXPath } from './expr/xpath';
import { synapseXPathString, xp1Boolean } from './expr/values';
import { serializeXml } from './payloadXml';

export interface Expr {
  readonly text: string;
  readonly kind: 'xpath' | 'jsonpath' | 'synapse' | 'literal';
  /** Evaluating it needs the payload (the message must be built first). */
  readonly payloadAware: boolean;
  value(ctx: MessageContext): unknown;
  string(ctx: MessageContext): string;
  bool(ctx: MessageContext): boolean;
  nodes(ctx: MessageContext): slimdom.Node[];
}

export type Namespaces = Record<string, string>;

export class ExpressionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function classify(text: string): 'xpath' | 'jsonpath' | 'synapse' {
  const t = text.trim();
  if (t.startsWith('json-eval(')) return 'jsonpath';
  if (t.startsWith('${') && t.endsWith('}')) return 'synapse';
  return 'xpath';
}

export function compileExpr(text: string, ns: Namespaces = {}): Expr {
  const kind = classify(text);
  if (kind === 'jsonpath') return new JsonPathExpr(text);
  if (kind === 'synapse') return new SynapseExpr(text);
  return new XPathExpr(text, ns);
}

/** A literal posing as an expression (static values). */
export function literalExpr(value: string): Expr {
  return {
    text: value,
    kind: 'literal',
    payloadAware: false,
    value: () => value,
    string: () => value,
    bool: () => value === 'true',
    nodes: () => [],
  };
}

/** ValueFactory rule: `{expr}` is dynamic, `{{x}}` is the literal `{x}`, otherwise static. */
export function compileValue(text: string, ns: Namespaces = {}): Expr {
  const t = text.trim();
  if (t.startsWith('{{') && t.endsWith('}}')) return literalExpr(t.slice(1, -1));
  if (t.startsWith('{') && t.endsWith('}') && !t.startsWith('${')) return compileExpr(t.slice(1, -1), ns);
  return literalExpr(text);
}

/** Text with inline `${...}` parts (log <message>, payloadFactory templates). */
export interface Template {
  readonly payloadAware: boolean;
  readonly hasExpressions: boolean;
  render(ctx: MessageContext, quote?: (v: unknown, inQuotes: boolean) => string): string;
}

export function compileTemplate(text: string): Template {
  const parts: (string | { expr: Expr; quoted: boolean })[] = [];
  let i = 0;
  let last = 0;
  while ((i = text.indexOf('${', i)) >= 0) {
    let depth = 0;
    let j = i + 1;
    let inStr: string | undefined;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inStr) {
        if (c === '\\') j++;
        else if (c === inStr) inStr = undefined;
      } else if (c === '"' || c === "'") inStr = c;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    if (j >= text.length) break;
    const quoted = text[i - 1] === '"' && text[j + 1] === '"';
    parts.push(text.slice(last, quoted ? i - 1 : i));
    parts.push({ expr: new SynapseExpr(text.slice(i, j + 1)), quoted });
    last = quoted ? j + 2 : j + 1;
    i = last;
  }
  parts.push(text.slice(last));
  const hasExpressions = parts.some((p) => typeof p !== 'string');
  return {
    hasExpressions,
    payloadAware: parts.some((p) => typeof p !== 'string' && p.expr.payloadAware),
    render(ctx, quote) {
      let s = '';
      for (const p of parts) {
        if (typeof p === 'string') s += p;
        else {
          const v = p.expr.value(ctx);
          s += quote ? quote(v, p.quoted) : (p.quoted ? '"' : '') + stringOf(v) + (p.quoted ? '"' : '');
        }
      }
      return s;
    },
  };
}

// ------------------------------------------------------------------------------------------------ JSONPath

class JsonPathExpr implements Expr {
  readonly kind = 'jsonpath' as const;
  readonly payloadAware = true;
  private readonly path: string;
  constructor(readonly text: string) {
    const t = text.trim();
    this.path = t.slice('json-eval('.length, t.endsWith(')') ? -1 : undefined).trim();
  }
  value(ctx: MessageContext): unknown {
    return evalJsonPath(this.path, ctx.json());
  }
  string(ctx: MessageContext): string {
    return stringOf(this.value(ctx));
  }
  bool(ctx: MessageContext): boolean {
    return truthy(this.value(ctx));
  }
  nodes(): slimdom.Node[] {
    return [];
  }
}

export function evalJsonPath(path: string, json: unknown): unknown {
  if (json === undefined) return undefined;
  let p = path;
  if (p === '$' || p === '$.') return json;
  try {
    const res = JSONPath({ path: p, json: json as object, wrap: true }) as unknown[];
    if (!res || res.length === 0) return undefined;
    if (res.length === 1 && !/\[\*\]|\.\.|\[\?|,|:/.test(p)) return res[0];
    return res;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------------ XPath

/** XPath 1.0 with the Synapse functions and variables: helper B's compiler (expr/xpath.ts). */
class XPathExpr implements Expr {
  readonly kind = 'xpath' as const;
  readonly payloadAware: boolean;
  private readonly compiled: CompiledXPath;
  constructor(
    readonly text: string,
    ns: Namespaces,
  ) {
    try {
      this.compiled = compileXPath(text, ns);
    } catch (e) {
      throw new ExpressionError('EXPR_XPATH_SYNTAX', (e as Error).message);
    }
    this.payloadAware = this.compiled.payloadAware;
  }
  private run(mc: MessageContext): unknown[] {
    try {
      return this.compiled.run(mc);
    } catch (e) {
      throw new ExpressionError('EXPR_EVAL', `XPath '${this.text}' failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  value(mc: MessageContext): unknown {
    const r = this.run(mc);
    if (r.length === 1) return r[0];
    if (r.length === 0) return undefined;
    return r;
  }
  string(mc: MessageContext): string {
    return synapseXPathString(this.run(mc));
  }
  bool(mc: MessageContext): boolean {
    const r = this.run(mc);
    if (r.length === 1 && typeof r[0] === 'string') return r[0] === 'true' || (r[0] !== 'false' && r[0].length > 0 && false);
    return xp1Boolean(r);
  }
  nodes(mc: MessageContext): slimdom.Node[] {
    return this.run(mc).filter((x): x is slimdom.Node => !!x && typeof x === 'object' && 'nodeType' in (x as object));
  }
}

export function xpathString(r: unknown): string {
  return synapseXPathString(Array.isArray(r) ? r : [r]);
}

// ------------------------------------------------------------------------------------------------ ${...}

type Tok = { t: 'num' | 'str' | 'id' | 'op'; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(s.slice(i))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (j < s.length && s[j] !== c) {
        if (s[j] === '\\' && j + 1 < s.length) {
          const e = s[++j];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
        } else v += s[j];
        j++;
      }
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$@]/.test(c)) {
      const m = /^[A-Za-z_$@][\w\-]*/.exec(s.slice(i))!;
      let v = m[0];
      // allow `-` inside names only when followed by a letter (e.g. wso2-vault); avoid eating minus operators
      if (v.includes('-') && !/^[A-Za-z]+(-[A-Za-z]+)+$/.test(v)) v = v.split('-')[0];
      out.push({ t: 'id', v });
      i += v.length;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||', '..'].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    out.push({ t: 'op', v: c });
    i++;
  }
  return out;
}

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'root'; name: string }
  | { k: 'member'; obj: Node; name: Node; deep?: boolean }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'un'; op: string; a: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'arr'; items: Node[] };

class Parser {
  i = 0;
  constructor(private readonly toks: Tok[]) {}
  peek(): Tok | undefined {
    return this.toks[this.i];
  }
  eat(v: string): boolean {
    const t = this.toks[this.i];
    if (t && (t.t === 'op' || t.t === 'id') && t.v === v) {
      this.i++;
      return true;
    }
    return false;
  }
  expect(v: string): void {
    if (!this.eat(v)) throw new ExpressionError('EXPR_SYNAPSE_SYNTAX', `expected '${v}'`);
  }
  expr(): Node {
    const c = this.or();
    if (this.eat('?')) {
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      return { k: 'cond', c, a, b };
    }
    return c;
  }
  or(): Node {
    let a = this.and();
    while (this.eat('||') || this.eat('or')) a = { k: 'bin', op: '||', a, b: this.and() };
    return a;
  }
  and(): Node {
    let a = this.eq();
    while (this.eat('&&') || this.eat('and')) a = { k: 'bin', op: '&&', a, b: this.eq() };
    return a;
  }
  eq(): Node {
    let a = this.rel();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && (t.v === '==' || t.v === '!=')) {
        this.i++;
        a = { k: 'bin', op: t.v, a, b: this.rel() };
      } else return a;
    }
  }
  rel(): Node {
    let a = this.add();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && ['<', '>', '<=', '>='].includes(t.v)) {
        this.i++;
        a = { k: 'bin', op: t.v, a, b: this.add() };
      } else return a;
    }
  }
  add(): Node {
    let a = this.mul();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && (t.v === '+' || t.v === '-')) {
        this.i++;
        a = { k: 'bin', op: t.v, a, b: this.mul() };
      } else return a;
    }
  }
  mul(): Node {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && ['*', '/', '%'].includes(t.v)) {
        this.i++;
        a = { k: 'bin', op: t.v, a, b: this.unary() };
      } else return a;
    }
  }
  unary(): Node {
    if (this.eat('!')) return { k: 'un', op: '!', a: this.unary() };
    if (this.eat('-')) return { k: 'un', op: '-', a: this.unary() };
    return this.postfix(this.primary());
  }
  postfix(n: Node): Node {
    for (;;) {
      if (this.eat('..')) {
        const t = this.toks[this.i++];
        n = { k: 'member', obj: n, name: { k: 'lit', v: t?.v ?? '' }, deep: true };
      } else if (this.eat('.')) {
        const t = this.toks[this.i++];
        if (!t) throw new ExpressionError('EXPR_SYNAPSE_SYNTAX', 'name expected after .');
        if (this.peek()?.v === '(' && t.t === 'id') {
          this.i++;
          this.expect(')');
          n = { k: 'call', name: t.v, args: [n] };
        } else n = { k: 'member', obj: n, name: { k: 'lit', v: t.v === '*' ? '*' : t.v } };
      } else if (this.eat('[')) {
        if (this.eat('*')) {
          this.expect(']');
          n = { k: 'member', obj: n, name: { k: 'lit', v: '*' } };
        } else {
          const e = this.expr();
          this.expect(']');
          n = { k: 'member', obj: n, name: e };
        }
      } else return n;
    }
  }
  primary(): Node {
    const t = this.toks[this.i++];
    if (!t) throw new ExpressionError('EXPR_SYNAPSE_SYNTAX', 'unexpected end of expression');
    if (t.t === 'num') return { k: 'lit', v: Number(t.v) };
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.t === 'op' && t.v === '[') {
      const items: Node[] = [];
      if (!this.eat(']')) {
        do items.push(this.expr());
        while (this.eat(','));
        this.expect(']');
      }
      return { k: 'arr', items };
    }
    if (t.t === 'id') {
      if (t.v === 'true') return { k: 'lit', v: true };
      if (t.v === 'false') return { k: 'lit', v: false };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (this.eat('(')) {
        const args: Node[] = [];
        if (!this.eat(')')) {
          do args.push(this.expr());
          while (this.eat(','));
          this.expect(')');
        }
        return { k: 'call', name: t.v, args };
      }
      return { k: 'root', name: t.v };
    }
    throw new ExpressionError('EXPR_SYNAPSE_SYNTAX', `unexpected '${t.v}'`);
  }
}

class SynapseExpr implements Expr {
  readonly kind = 'synapse' as const;
  readonly payloadAware: boolean;
  private readonly ast: Node;
  constructor(readonly text: string) {
    const inner = text.trim().slice(2, -1);
    const p = new Parser(tokenize(inner));
    this.ast = p.expr();
    if (p.i < (p as unknown as { toks: Tok[] }).toks.length) throw new ExpressionError('EXPR_SYNAPSE_SYNTAX', `unexpected text in ${text}`);
    this.payloadAware = /\bpayload\b|\$|xpath\s*\(/.test(inner.replace(/"[^"]*"|'[^']*'/g, ''));
  }
  value(mc: MessageContext): unknown {
    try {
      return ev(this.ast, mc);
    } catch (e) {
      if (e instanceof ExpressionError) throw e;
      return undefined;
    }
  }
  string(mc: MessageContext): string {
    return stringOf(this.value(mc));
  }
  bool(mc: MessageContext): boolean {
    return truthy(this.value(mc));
  }
  nodes(mc: MessageContext): slimdom.Node[] {
    const v = this.value(mc);
    if (Array.isArray(v)) return v.filter((x) => x && typeof x === 'object' && 'nodeType' in x);
    return v && typeof v === 'object' && 'nodeType' in (v as object) ? [v as slimdom.Node] : [];
  }
}

function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === 'true';
  if (typeof v === 'number') return v !== 0;
  return v !== undefined && v !== null;
}

const ROOT_MARK = Symbol('root');
type RootObj = { [ROOT_MARK]: string; get(name: string): unknown };

function rootOf(name: string, mc: MessageContext): unknown {
  const mk = (kind: string, get: (n: string) => unknown): RootObj => ({ [ROOT_MARK]: kind, get });
  switch (name) {
    case 'payload':
    case '$':
      return mc.json();
    case 'vars':
    case 'var':
      return mk('vars', (n) => mc.variable(n));
    case 'headers':
      return mk('headers', (n) => mc.header(n));
    case 'props':
    case 'properties':
      return mk('props', (n) =>
        n === 'synapse' ? mk('p', (x) => mc.getProperty(x, 'default')) : n === 'axis2' ? mk('p', (x) => mc.getProperty(x, 'axis2')) : undefined,
      );
    case 'params':
      return mk('params', (n) =>
        n === 'pathParams' || n === 'uriParams'
          ? mk('p', (x) => mc.uriVar(x))
          : n === 'queryParams'
            ? mk('p', (x) => mc.queryParam(x))
            : n === 'functionParams'
              ? mk('p', (x) => mc.funcParam(x))
              : undefined,
      );
    case 'configs':
    case 'config':
      return mk('configs', (n) => mc.configValue(n));
    default:
      throw new ExpressionError('EXPR_UNKNOWN_VARIABLE', `unknown root '${name}'`);
  }
}

function member(obj: unknown, key: unknown): unknown {
  if (obj === undefined || obj === null) return undefined;
  if (typeof obj === 'object' && ROOT_MARK in (obj as object)) {
    const v = (obj as RootObj).get(String(key));
    if (typeof v === 'string' && (obj as RootObj)[ROOT_MARK] === 'vars') return v;
    return v;
  }
  if (key === '*') return Array.isArray(obj) ? obj : Object.values(obj as object);
  if (Array.isArray(obj)) {
    if (typeof key === 'number') return obj[key < 0 ? obj.length + key : key];
    if (/^\d+$/.test(String(key))) return obj[Number(key)];
    return obj.map((x) => member(x, key)).filter((x) => x !== undefined);
  }
  if (typeof obj === 'object') return (obj as Record<string, unknown>)[String(key)];
  if (typeof obj === 'string' && (key === 'length')) return obj.length;
  return undefined;
}

function deepScan(obj: unknown, key: string, out: unknown[]): void {
  if (!obj || typeof obj !== 'object') return;
  if (Array.isArray(obj)) obj.forEach((x) => deepScan(x, key, out));
  else
    for (const [k, v] of Object.entries(obj as object)) {
      if (k === key) out.push(v);
      deepScan(v, key, out);
    }
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

function ev(n: Node, mc: MessageContext): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'arr':
      return n.items.map((x) => ev(x, mc));
    case 'root':
      return rootOf(n.name, mc);
    case 'member': {
      const o = ev(n.obj, mc);
      const key = ev(n.name, mc);
      if (n.deep) {
        const out: unknown[] = [];
        deepScan(o, String(key), out);
        return out;
      }
      return member(o, key);
    }
    case 'un': {
      const a = ev(n.a, mc);
      return n.op === '!' ? !truthy(a) : -num(a);
    }
    case 'cond':
      return truthy(ev(n.c, mc)) ? ev(n.a, mc) : ev(n.b, mc);
    case 'bin': {
      if (n.op === '&&') return truthy(ev(n.a, mc)) && truthy(ev(n.b, mc));
      if (n.op === '||') return truthy(ev(n.a, mc)) || truthy(ev(n.b, mc));
      const a = ev(n.a, mc);
      const b = ev(n.b, mc);
      switch (n.op) {
        case '+':
          if (typeof a === 'string' || typeof b === 'string') return stringOf(a) + stringOf(b);
          return num(a) + num(b);
        case '-':
          return num(a) - num(b);
        case '*':
          return num(a) * num(b);
        case '/':
          return num(a) / num(b);
        case '%':
          return num(a) % num(b);
        case '==':
          return looseEq(a, b);
        case '!=':
          return !looseEq(a, b);
        case '<':
          return num(a) < num(b);
        case '>':
          return num(a) > num(b);
        case '<=':
          return num(a) <= num(b);
        case '>=':
          return num(a) >= num(b);
      }
      return undefined;
    }
    case 'call':
      return call(n.name, n.args, mc);
  }
}

function looseEq(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' || typeof b === 'number') return num(a) === num(b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return stringOf(a) === stringOf(b);
}

function call(name: string, argNodes: Node[], mc: MessageContext): unknown {
  if (name === 'exists') {
    try {
      const v = ev(argNodes[0], mc);
      return v !== undefined && v !== null;
    } catch {
      return false;
    }
  }
  const a = argNodes.map((x) => ev(x, mc));
  const s = (i: number) => stringOf(a[i]);
  switch (name) {
    case 'length':
      return Array.isArray(a[0]) ? a[0].length : s(0).length;
    case 'toUpper':
      return s(0).toUpperCase();
    case 'toLower':
      return s(0).toLowerCase();
    case 'trim':
      return s(0).trim();
    case 'contains':
      return s(0).includes(s(1));
    case 'startsWith':
      return s(0).startsWith(s(1));
    case 'endsWith':
      return s(0).endsWith(s(1));
    case 'subString':
      return a.length > 2 ? s(0).substring(num(a[1]), num(a[2])) : s(0).substring(num(a[1]));
    case 'replace':
      return s(0).split(s(1)).join(s(2));
    case 'split':
      return s(0).split(s(1));
    case 'charAt':
      return s(0).charAt(num(a[1]));
    case 'indexOf':
      return s(0).indexOf(s(1), a.length > 2 ? num(a[2]) : 0);
    case 'abs':
      return Math.abs(num(a[0]));
    case 'ceil':
      return Math.ceil(num(a[0]));
    case 'floor':
      return Math.floor(num(a[0]));
    case 'sqrt':
      return Math.sqrt(num(a[0]));
    case 'pow':
      return Math.pow(num(a[0]), num(a[1]));
    case 'round':
      return a.length > 1 ? Number(num(a[0]).toFixed(num(a[1]))) : Math.round(num(a[0]));
    case 'log':
      return a.length > 1 ? Math.log(num(a[0])) / Math.log(num(a[1])) : Math.log(num(a[0]));
    case 'base64encode':
      return Buffer.from(s(0), 'utf8').toString('base64');
    case 'base64decode':
      return Buffer.from(s(0), 'base64').toString('utf8');
    case 'urlEncode':
      return encodeURIComponent(s(0));
    case 'urlDecode':
      return decodeURIComponent(s(0));
    case 'isNumber':
      return typeof a[0] === 'number';
    case 'isString':
      return typeof a[0] === 'string';
    case 'isArray':
      return Array.isArray(a[0]);
    case 'isObject':
      return !!a[0] && typeof a[0] === 'object' && !Array.isArray(a[0]);
    case 'integer':
      return Math.trunc(num(a[0]));
    case 'float':
      return num(a[0]);
    case 'string':
      return s(0);
    case 'boolean':
      return truthy(a[0]);
    case 'object':
    case 'array':
      return typeof a[0] === 'string' ? JSON.parse(a[0]) : a[0];
    case 'not':
      return !truthy(a[0]);
    case 'now':
      return Date.now();
    case 'xpath': {
      const x = compileExpr(s(0));
      const r = x.value(mc);
      return r && typeof r === 'object' && 'nodeType' in (r as object) ? ((r as slimdom.Node).nodeType === 1 ? r : xpathString(r)) : r;
    }
    case 'keys':
      return a[0] && typeof a[0] === 'object' ? Object.keys(a[0] as object) : [];
    case 'size':
      return Array.isArray(a[0]) ? a[0].length : 0;
    case 'first':
      return Array.isArray(a[0]) ? a[0][0] : undefined;
    case 'last':
      return Array.isArray(a[0]) ? a[0][a[0].length - 1] : undefined;
    case 'sum':
      return Array.isArray(a[0]) ? a[0].reduce((x: number, y) => x + num(y), 0) : undefined;
    default:
      throw new ExpressionError('EXPR_UNKNOWN_FUNCTION', `unknown function '${name}'`);
  }
}

/** Serializes a value for a JSON payload template (`"${x}"` strings are quoted, objects as JSON). */
export function jsonLiteral(v: unknown): string {
  if (v === undefined) return 'null';
  if (v && typeof v === 'object' && 'nodeType' in (v as object)) return JSON.stringify(serializeXml(v as slimdom.Node));
  return JSON.stringify(v);
}
