/**
 * Evaluator of MI 4.4 Synapse expressions (`${...}`): the parse tree of core/expressions compiled to closures once,
 * run per message. A failure anywhere (missing value where one is needed, type error) makes the whole expression
 * yield no value, as MI does; `tryEvaluate` keeps the reason for the debugger.
 */
import * as slimdom from 'slimdom';
import type { JsonPathSegment, SynapseCall, SynapseNode } from '../../../core/expressions';
import type { EvalContext } from './context';
import { formatJavaDate, parseJavaDate } from './dates';
import { isPlainObject, navigate, NavError, type NavHooks } from './jsonnav';
import { isNode, nodeStringValue, synapseValueString, synapseXPathString } from './values';
import { charsetOf, compileXPath, javaUrlDecode, javaUrlEncode, type CompiledXPath } from './xpath';
import { parseXmlPayload } from '../xml/parse';

export class SynapseEvalFailure extends Error {}

interface Env {
  ctx: EvalContext;
  /** `@` inside a filter. */
  current: unknown;
}

type Fn = (env: Env) => unknown;

function fail(msg: string): never {
  throw new SynapseEvalFailure(msg);
}

// ------------------------------------------------------------------------------------------ conversions

function isNumeric(s: string): boolean {
  return /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(s);
}

function toNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && isNumeric(v)) return Number(v);
  if (isNode(v) && isNumeric(nodeStringValue(v))) return Number(nodeStringValue(v));
  return fail(`${what} needs a number, got ${describe(v)}`);
}

function toStr(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v)) return nodeStringValue(v);
  if (v === undefined) return fail(`${what} has no value`);
  return synapseValueString(v);
}

function toBool(v: unknown, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(`${what} needs a boolean, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isNode(v)) return 'XML';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string' && isNumeric(b)) return a === Number(b);
  if (typeof b === 'number' && typeof a === 'string' && isNumeric(a)) return b === Number(a);
  if (isNode(a) || isNode(b)) return synapseValueString(a) === synapseValueString(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function compare(op: '>' | '<' | '>=' | '<=', a: unknown, b: unknown): boolean {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'string' && typeof b === 'string' && !(isNumeric(a) && isNumeric(b))) {
    x = a;
    y = b;
  } else {
    x = toNumber(a, `'${op}'`);
    y = toNumber(b, `'${op}'`);
  }
  switch (op) {
    case '>':
      return x > y;
    case '<':
      return x < y;
    case '>=':
      return x >= y;
    default:
      return x <= y;
  }
}

/** Reads a JSON value out of a string when a path has to go into it. */
function structured(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.parse(t);
      } catch {
        return v;
      }
    }
  }
  return v;
}

// ------------------------------------------------------------------------------------------ compiler

export interface SynapseCompileOptions {
  namespaces?: Readonly<Record<string, string>>;
}

export class SynapseCompiler {
  payloadAware = false;
  constructor(private readonly options: SynapseCompileOptions = {}) {}

  compile(n: SynapseNode): Fn {
    switch (n.type) {
      case 'se-literal': {
        const v = n.value;
        return () => v;
      }
      case 'se-regex': {
        const re = new RegExp(n.pattern, n.flags.replace(/[^gimsuy]/g, ''));
        return () => re;
      }
      case 'se-array': {
        const items = n.items.map((i) => this.compile(i));
        return (env) => items.map((f) => f(env));
      }
      case 'se-unary': {
        const f = this.compile(n.operand);
        if (n.op === '!') return (env) => !toBool(f(env), "'!'");
        return (env) => -toNumber(f(env), "unary '-'");
      }
      case 'se-ternary': {
        const c = this.compile(n.condition);
        const a = this.compile(n.whenTrue);
        const b = this.compile(n.whenFalse);
        return (env) => (toBool(c(env), 'the condition of ?:') ? a(env) : b(env));
      }
      case 'se-binary':
        return this.binary(n);
      case 'se-call':
        return this.call(n);
      case 'se-access':
        return this.access(n);
    }
  }

  private binary(n: Extract<SynapseNode, { type: 'se-binary' }>): Fn {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    switch (n.op) {
      case '+':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (typeof a === 'number' && typeof b === 'number') return a + b;
          if (typeof a === 'string' || typeof b === 'string') {
            if (a === undefined || b === undefined) fail("'+' on a missing value");
            return toStr(a, "'+'") + toStr(b, "'+'");
          }
          return toNumber(a, "'+'") + toNumber(b, "'+'");
        };
      case '-':
        return (env) => toNumber(l(env), "'-'") - toNumber(r(env), "'-'");
      case '*':
        return (env) => toNumber(l(env), "'*'") * toNumber(r(env), "'*'");
      case '/':
        return (env) => {
          const d = toNumber(r(env), "'/'");
          if (d === 0) fail('division by zero');
          return toNumber(l(env), "'/'") / d;
        };
      case '%':
        return (env) => {
          const d = toNumber(r(env), "'%'");
          if (d === 0) fail('division by zero');
          return toNumber(l(env), "'%'") % d;
        };
      case '==':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
          return deepEqual(a, b);
        };
      case '!=':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) !== (b ?? null);
          return !deepEqual(a, b);
        };
      case '>':
      case '<':
      case '>=':
      case '<=': {
        const op = n.op;
        return (env) => compare(op, l(env), r(env));
      }
      case '&&':
        return (env) => toBool(l(env), "'&&'") && toBool(r(env), "'&&'");
      case '||':
        return (env) => toBool(l(env), "'||'") || toBool(r(env), "'||'");
      case '=~':
        return (env) => {
          const re = r(env);
          const s = l(env);
          if (s === undefined || s === null) return false;
          const rx = re instanceof RegExp ? re : new RegExp(toStr(re, "'=~'"));
          const m = rx.exec(toStr(s, "'=~'"));
          return m !== null && m[0].length === toStr(s, "'=~'").length; // Java matches(): the whole string
        };
      case 'in':
      case 'nin':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (!Array.isArray(b)) fail(`'${n.op}' needs an array on the right`);
          const found = b.some((x) => deepEqual(a, x));
          return n.op === 'in' ? found : !found;
        };
      case 'subsetof':
      case 'anyof':
      case 'noneof':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (!Array.isArray(a) || !Array.isArray(b)) fail(`'${n.op}' needs arrays`);
          const inB = (x: unknown): boolean => b.some((y) => deepEqual(x, y));
          if (n.op === 'subsetof') return a.every(inB);
          if (n.op === 'anyof') return a.some(inB);
          return !a.some(inB);
        };
      case 'size':
        return (env) => {
          const a = l(env);
          const len = Array.isArray(a) || typeof a === 'string' ? a.length : isPlainObject(a) ? Object.keys(a).length : -1;
          return len === toNumber(r(env), "'size'");
        };
      case 'empty':
        return (env) => {
          const a = l(env);
          const isEmpty = Array.isArray(a) || typeof a === 'string' ? a.length === 0 : isPlainObject(a) ? Object.keys(a).length === 0 : a === undefined || a === null;
          return isEmpty === toBool(r(env), "'empty'");
        };
    }
  }

  private hooks(env: Env): NavHooks {
    return {
      filter: (cond, item) => {
        let v: unknown;
        try {
          v = this.compileCached(cond)({ ctx: env.ctx, current: item });
        } catch (e) {
          if (e instanceof SynapseEvalFailure || e instanceof NavError) return false;
          throw e;
        }
        return v !== undefined && v !== null && v !== false;
      },
      key: (expr) => this.compileCached(expr)(env),
      args: (args) => args.map((a) => this.compileCached(a)(env)),
    };
  }

  private readonly cache = new Map<SynapseNode, Fn>();
  private compileCached(n: SynapseNode): Fn {
    let f = this.cache.get(n);
    if (!f) {
      f = this.compile(n);
      this.cache.set(n, f);
    }
    return f;
  }

  /** Pre-compiles filter conditions, keys and method arguments so the hot path never compiles. */
  private precompile(segments: readonly JsonPathSegment[]): void {
    for (const s of segments) {
      if (s.kind === 'filter') this.compileCached(s.condition);
      else if (s.kind === 'expr') this.compileCached(s.expr);
      else if (s.kind === 'method') s.args.forEach((a) => this.compileCached(a));
    }
  }

  private nav(segments: readonly JsonPathSegment[]): (base: unknown, env: Env) => unknown {
    this.precompile(segments);
    if (segments.length === 0) return (base) => base;
    return (base, env) => {
      try {
        return navigate(structured(base), segments, this.hooks(env)).value;
      } catch (e) {
        if (e instanceof NavError) fail(e.message);
        throw e;
      }
    };
  }

  private access(n: Extract<SynapseNode, { type: 'se-access' }>): Fn {
    const segs = n.segments;
    if (typeof n.root !== 'string') {
      const root = n.root;
      if (root.name === 'registry' && segs[0]?.kind === 'method' && segs[0].name === 'property') {
        const pathF = this.compile(root.args[0]!);
        const keyF = this.compile(segs[0].args[0]!);
        const rest = this.nav(segs.slice(1));
        return (env) => {
          const path = toStr(pathF(env), 'registry()');
          const v = env.ctx.registryProperty?.(path, toStr(keyF(env), '.property()'));
          return rest(v, env);
        };
      }
      const base = this.call(root);
      const nav = this.nav(segs);
      return (env) => nav(base(env), env);
    }
    const first = segs[0];
    const firstName = (): string | undefined =>
      first && (first.kind === 'name' ? first.name : first.kind === 'index' && first.indexes.length === 1 && typeof first.indexes[0] === 'string' ? first.indexes[0] : undefined);
    switch (n.root) {
      case 'payload':
      case '$': {
        this.payloadAware = true;
        const nav = this.nav(segs);
        return (env) => nav(env.ctx.json(), env);
      }
      case '@': {
        const nav = this.nav(segs);
        return (env) => nav(env.current, env);
      }
      case 'vars':
      case 'var': {
        const name = firstName();
        if (name === undefined) {
          if (first) return () => fail('a variable name is needed after vars');
          return () => fail('vars needs a name');
        }
        const nav = this.nav(segs.slice(1));
        return (env) => nav(env.ctx.variable(name), env);
      }
      case 'headers': {
        const name = firstName();
        if (name === undefined) return (env) => env.ctx.allHeaders?.() ?? {};
        const nav = this.nav(segs.slice(1));
        return (env) => nav(env.ctx.header(name), env);
      }
      case 'configs':
      case 'config': {
        const name = firstName();
        if (name === undefined) return () => fail('configs needs a name');
        const nav = this.nav(segs.slice(1));
        return (env) => nav(env.ctx.configValue(name), env);
      }
      case 'props':
      case 'properties':
        return this.properties(segs);
      case 'params':
        return this.params(segs);
      default:
        return () => fail(`unknown name '${n.root}'`);
    }
  }

  private properties(segs: readonly JsonPathSegment[]): Fn {
    const scopeSeg = segs[0];
    const scopeName = scopeSeg?.kind === 'name' ? scopeSeg.name : undefined;
    const known = scopeName === 'synapse' || scopeName === 'axis2';
    const scope = scopeName === 'axis2' ? 'axis2' : 'default';
    const nameSegs = known ? segs.slice(1) : segs;
    // the property name: a bracketed string, or dotted names (uri.var.id) taken as long as a property exists
    const s0 = nameSegs[0];
    if (s0 && s0.kind === 'index' && s0.indexes.length === 1 && typeof s0.indexes[0] === 'string') {
      const name = s0.indexes[0];
      const nav = this.nav(nameSegs.slice(1));
      return (env) => nav(env.ctx.getProperty(name, scope), env);
    }
    let dotted = 0;
    while (dotted < nameSegs.length && nameSegs[dotted]!.kind === 'name' && !nameSegs[dotted]!.deep) dotted++;
    if (dotted === 0) return () => fail('props needs a property name');
    const names = nameSegs.slice(0, dotted).map((s) => (s as { name: string }).name);
    const navs = names.map((_, i) => this.nav(nameSegs.slice(i + 1)));
    return (env) => {
      for (let k = names.length; k >= 1; k--) {
        const v = env.ctx.getProperty(names.slice(0, k).join('.'), scope);
        if (v !== undefined) return navs[k - 1]!(v, env);
      }
      return undefined;
    };
  }

  private params(segs: readonly JsonPathSegment[]): Fn {
    const kind = segs[0]?.kind === 'name' ? segs[0].name : undefined;
    const s1 = segs[1];
    const name = s1 && (s1.kind === 'name' ? s1.name : s1.kind === 'index' && typeof s1.indexes[0] === 'string' ? s1.indexes[0] : undefined);
    if (!kind || name === undefined) return () => fail('params needs a kind and a name (params.queryParams.x)');
    const nav = this.nav(segs.slice(2));
    switch (kind) {
      case 'pathParams':
      case 'uriParams':
        return (env) => nav(env.ctx.uriVar(name), env);
      case 'queryParams':
        return (env) => nav(env.ctx.queryParam(name), env);
      case 'functionParams':
        return (env) => nav(env.ctx.funcParam(name), env);
      default:
        return () => fail(`unknown parameter kind '${kind}'`);
    }
  }

  // ---------------------------------------------------------------- functions

  private call(n: SynapseCall): Fn {
    const args = n.args.map((a) => this.compile(a));
    const a0 = args[0]!;
    const a1 = args[1]!;
    const a2 = args[2]!;
    const str = (f: Fn, env: Env, what = `${n.name}()`): string => toStr(f(env), what);
    const numf = (f: Fn, env: Env): number => toNumber(f(env), `${n.name}()`);
    switch (n.name) {
      case 'length':
        return (env) => {
          const v = structured(a0(env));
          if (typeof v === 'string' || Array.isArray(v)) return v.length;
          return fail(`length() needs a string or an array, got ${describe(v)}`);
        };
      case 'toUpper':
        return (env) => str(a0, env).toUpperCase();
      case 'toLower':
        return (env) => str(a0, env).toLowerCase();
      case 'subString':
        return (env) => {
          const s = str(a0, env);
          const b = numf(a1, env);
          const e = args.length > 2 ? numf(a2, env) : s.length;
          if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e > s.length || b > e) fail(`subString(): range ${b}..${e} is outside '${s}'`);
          return s.substring(b, e);
        };
      case 'startsWith':
        return (env) => str(a0, env).startsWith(str(a1, env));
      case 'endsWith':
        return (env) => str(a0, env).endsWith(str(a1, env));
      case 'contains':
        return (env) => str(a0, env).includes(str(a1, env));
      case 'trim':
        return (env) => str(a0, env).trim();
      case 'replace':
        return (env) => str(a0, env).split(str(a1, env)).join(str(a2, env));
      case 'split':
        return (env) => {
          const parts = str(a0, env).split(new RegExp(str(a1, env)));
          while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // Java drops trailing empties
          return parts;
        };
      case 'charAt':
        return (env) => {
          const s = str(a0, env);
          const i = numf(a1, env);
          if (!Number.isInteger(i) || i < 0 || i >= s.length) fail(`charAt(): index ${i} outside '${s}'`);
          return s[i];
        };
      case 'indexOf':
        return (env) => str(a0, env).indexOf(str(a1, env), args.length > 2 ? numf(a2, env) : 0);
      case 'abs':
        return (env) => Math.abs(numf(a0, env));
      case 'ceil':
        return (env) => Math.ceil(numf(a0, env));
      case 'floor':
        return (env) => Math.floor(numf(a0, env));
      case 'sqrt':
        return (env) => Math.sqrt(numf(a0, env));
      case 'log':
        return (env) => (args.length > 1 ? Math.log(numf(a0, env)) / Math.log(numf(a1, env)) : Math.log(numf(a0, env)));
      case 'pow':
        return (env) => Math.pow(numf(a0, env), numf(a1, env));
      case 'round':
        return (env) => {
          const x = numf(a0, env);
          if (args.length < 2) return Math.round(x);
          const d = numf(a1, env);
          const f = Math.pow(10, d);
          return Math.round(x * f) / f;
        };
      case 'base64encode':
        return (env) => Buffer.from(str(a0, env), charsetOf(args.length > 1 ? str(a1, env) : undefined)).toString('base64');
      case 'base64decode':
        return (env) => Buffer.from(str(a0, env), 'base64').toString('utf8');
      case 'urlEncode':
        return (env) => javaUrlEncode(str(a0, env), args.length > 1 ? str(a1, env) : undefined);
      case 'urlDecode':
        return (env) => javaUrlDecode(str(a0, env));
      case 'isNumber':
        return (env) => typeof a0(env) === 'number';
      case 'isString':
        return (env) => typeof a0(env) === 'string';
      case 'isArray':
        return (env) => Array.isArray(a0(env));
      case 'isObject':
        return (env) => isPlainObject(a0(env));
      case 'integer':
        return (env) => {
          const v = a0(env);
          const x = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : typeof v === 'number' ? Math.trunc(v) : fail(`integer() cannot convert ${describe(v)}`);
          return x;
        };
      case 'float':
        return (env) => toNumber(a0(env), 'float()');
      case 'string':
        return (env) => {
          const v = a0(env);
          if (v === undefined) fail('string() has no value');
          return synapseValueString(v);
        };
      case 'boolean':
        return (env) => {
          const v = a0(env);
          if (typeof v === 'boolean') return v;
          if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
          return fail(`boolean() cannot convert ${describe(v)}`);
        };
      case 'object':
      case 'array':
        return (env) => {
          const v = structured(a0(env));
          const ok = n.name === 'object' ? isPlainObject(v) : Array.isArray(v);
          if (!ok) fail(`${n.name}() needs JSON ${n.name === 'object' ? 'object' : 'array'} text, got ${describe(v)}`);
          return v;
        };
      case 'now':
        return (env) => env.ctx.now();
      case 'formatDateTime':
        return (env) => {
          const value = a0(env);
          const outFmt = str(args.length > 2 ? a2 : a1, env);
          let d: Date;
          if (args.length > 2) d = parseJavaDate(str(a0, env), str(a1, env));
          else if (typeof value === 'number') d = new Date(value);
          else {
            const s = str(a0, env);
            d = /^\d+$/.test(s) ? new Date(Number(s)) : new Date(s);
            if (Number.isNaN(d.getTime())) fail(`formatDateTime(): cannot read the date '${s}' (give its format as the second argument)`);
          }
          return formatJavaDate(d, outFmt);
        };
      case 'exists':
        return (env) => {
          try {
            return a0(env) !== undefined;
          } catch (e) {
            if (e instanceof SynapseEvalFailure) return false;
            throw e;
          }
        };
      case 'not':
        return (env) => !toBool(a0(env), 'not()');
      case 'xpath':
        return this.xpathCall(n, args);
      case 'registry':
        return (env) => {
          const path = str(a0, env);
          if (!env.ctx.registryResource) fail('the registry is not available');
          return structured(env.ctx.registryResource(path));
        };
      case 'wso2-vault':
      case 'secret':
        return (env) => {
          const alias = str(a0, env);
          const v = env.ctx.secret?.(alias);
          if (v === undefined) fail(`no secret '${alias}' in the vault`);
          return v;
        };
      case 'hashicorp-vault':
        return (env) => {
          const xs = args.map((f) => str(f, env));
          const v = xs.length === 3 ? env.ctx.hashicorpSecret?.(xs[1]!, xs[2]!, xs[0]) : env.ctx.hashicorpSecret?.(xs[0]!, xs[1]!);
          if (v === undefined) fail('HashiCorp Vault secret not available');
          return v;
        };
      default:
        return () => fail(`unknown function ${n.name}()`);
    }
  }

  private xpathCall(n: SynapseCall, args: Fn[]): Fn {
    const a0 = n.args[0];
    let fixed: CompiledXPath | undefined;
    if (a0 && a0.type === 'se-literal' && typeof a0.value === 'string') fixed = compileXPath(a0.value, this.options.namespaces ?? {});
    const cache = new Map<string, CompiledXPath>();
    const compiled = (env: Env): CompiledXPath => {
      if (fixed) return fixed;
      const text = toStr(args[0]!(env), 'xpath()');
      let c = cache.get(text);
      if (!c) {
        if (cache.size > 64) cache.clear();
        c = compileXPath(text, this.options.namespaces ?? {});
        cache.set(text, c);
      }
      return c;
    };
    if (args.length === 1) {
      this.payloadAware = true;
      return (env) => xpathResult(compiled(env).run(env.ctx));
    }
    return (env) => {
      const varName = toStr(args[1]!(env), 'xpath()');
      const v = env.ctx.variable(varName);
      if (v === undefined) fail(`variable '${varName}' is not set`);
      const doc = xmlDocumentOf(v);
      const sub: EvalContext = Object.create(env.ctx) as EvalContext;
      Object.assign(sub, { envelope: () => doc, body: () => doc.documentElement! });
      return xpathResult(compiled(env).run(sub));
    };
  }
}

function xmlDocumentOf(v: unknown): slimdom.Document {
  if (isNode(v)) {
    if (v.nodeType === 9) return v as slimdom.Document;
    const doc = new slimdom.Document();
    doc.appendChild(doc.importNode(v, true));
    return doc;
  }
  if (typeof v === 'string') return parseXmlPayload(v);
  return fail('xpath() needs an XML variable');
}

/** XPath results as Synapse-expression values: structured elements stay XML, everything else becomes text. */
function xpathResult(seq: unknown[]): unknown {
  if (seq.length === 0) return undefined;
  if (seq.length === 1 && !isNode(seq[0])) return seq[0];
  const structuredEls = seq.every((n) => isNode(n) && n.nodeType === 1 && ownTextBlank(n));
  if (structuredEls) return seq.length === 1 ? seq[0] : seq;
  return synapseXPathString(seq);
}

function ownTextBlank(n: slimdom.Node): boolean {
  for (let c = n.firstChild; c; c = c.nextSibling) if ((c.nodeType === 3 || c.nodeType === 4) && (c as slimdom.Text).data.trim() !== '') return false;
  return true;
}
