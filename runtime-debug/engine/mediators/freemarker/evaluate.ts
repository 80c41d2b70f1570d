/** Evaluating expressions: literals, variables, member access, defaults and existence tests. */
import { type FmNumber, fmNegate, isFmNumber, longValue } from './number';

import { type Expr } from './ast';
import { builtin } from './builtins';
import { nodeGet } from './dom';
import { FreeMarkerError, InvalidReference, blame, invalidRef } from './errors';
import { binary, num } from './operators';
import { callMacro, condition, interpolate, textOf } from './render';
import {
  type Callable,
  Env,
  type Hash,
  type Lambda,
  MISSING,
  NodeList,
  int,
  isMissing,
  isNodeValue,
  typeName,
} from './values';

export function evaluate(e: Expr, env: Env): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'str': {
      let s = '';
      for (const p of e.parts)
        s += typeof p === 'string' ? p : interpolate(evaluate(p, env), p, env, '${...}');
      return s;
    }
    case 'seq':
      return e.items.map((x) => {
        const v = evaluate(x, env);
        if (isMissing(v)) throw invalidRef(x.src, x.p, env);
        return v;
      });
    case 'hash': {
      const m: Hash = new Map();
      for (const [k, x] of e.entries) m.set(textOf(evaluate(k, env), k, env), evaluate(x, env));
      return m;
    }
    case 'range': {
      const a = num(evaluate(e.a, env), e.a, env);
      if (!e.b) return { rangeFrom: Number(longValue(a)) };
      const b = Number(longValue(num(evaluate(e.b, env), e.b, env)));
      const from = Number(longValue(a));
      let to: number;
      if (e.op === '..*') to = from + b - 1;
      else to = e.op === '..' ? b : b - 1;
      const out: FmNumber[] = [];
      if (e.op === '..*' || from <= to) for (let i = from; i <= to; i++) out.push(int(i));
      else if (e.op === '..') for (let i = from; i >= to; i--) out.push(int(i));
      else for (let i = from; i > b; i--) out.push(int(i));
      return out;
    }
    case 'var':
      return env.lookup(e.name);
    case 'paren':
      return evaluate(e.a, env);
    case 'get': {
      const o = evaluate(e.o, env);
      if (isMissing(o)) throw invalidRef(e.o.src, e.o.p, env);
      const key = evaluate(e.key, env);
      return member(o, key, e, env);
    }
    case 'not':
      return !condition(e.a, env, '!');
    case 'neg': {
      const v = evaluate(e.a, env);
      if (isMissing(v)) throw invalidRef(e.a.src, e.a.p, env);
      if (!isFmNumber(v))
        throw blame(
          `For "${e.plus ? '+' : '-'}..." right-hand operand: Expected a number, but this has evaluated to ${typeName(v)}`,
          e.a,
          env,
        );
      return e.plus ? v : fmNegate(v);
    }
    case 'def': {
      const v = tolerant(e.a, env);
      return isMissing(v) ? (e.d ? evaluate(e.d, env) : '') : v;
    }
    case 'has':
      return !isMissing(tolerant(e.a, env));
    case 'bin':
      return binary(e, env);
    case 'bi':
      return builtin(e, env);
    case 'call': {
      const f = evaluate(e.f, env);
      if (isMissing(f)) throw invalidRef(e.f.src, e.f.p, env);
      if (f && typeof f === 'object' && 'macro' in f) {
        const m = (f as Callable).macro;
        const args = new Map<string, unknown>();
        e.args.forEach((a, i) => {
          const p = m.params[i];
          if (p) args.set(p.name, evaluate(a, env));
        });
        return callMacro(m, args, env, undefined);
      }
      throw blame(`Expected a method, but this has evaluated to ${typeName(f)}`, e.f, env);
    }
    case 'fn':
      return { fn: e, env } satisfies Lambda;
  }
}

/** The left side of `!` and `??`: a parenthesized expression may be missing anywhere; otherwise only its last step. */
export function tolerant(a: Expr, env: Env): unknown {
  if (a.k === 'paren') {
    try {
      return evaluate(a.a, env);
    } catch (err) {
      if (err instanceof InvalidReference) return MISSING;
      throw err;
    }
  }
  return evaluate(a, env);
}

export function member(o: unknown, key: unknown, e: Expr, env: Env): unknown {
  if (isFmNumber(key)) {
    const i = Number(longValue(key));
    if (typeof o === 'string') {
      if (i < 0 || i >= o.length)
        throw new FreeMarkerError(
          `String index out of range: The index was ${i} (0-based), but the length of the string is only ${o.length}.`,
        );
      return o[i];
    }
    if (Array.isArray(o)) return i >= 0 && i < o.length ? o[i] : MISSING;
    if (o instanceof NodeList) return i >= 0 && i < o.items.length ? o.items[i] : MISSING;
    if (isNodeValue(o)) return i === 0 ? o : MISSING;
    // DynamicKeyName: anything else is indexed as its text
    const s = textOf(o, (e as { o: Expr }).o, env);
    if (i < 0 || i >= s.length)
      throw new FreeMarkerError(
        `String index out of range: The index was ${i} (0-based), but the length of the string is only ${s.length}.`,
      );
    return s[i];
  }
  if (key && typeof key === 'object' && ('rangeFrom' in key || Array.isArray(key))) {
    // slicing
    let from: number;
    let to: number;
    const len = typeof o === 'string' ? o.length : Array.isArray(o) ? o.length : -1;
    if (len < 0)
      throw blame(
        `Expected a sequence or string, but this has evaluated to ${typeName(o)}`,
        (e as { o: Expr }).o,
        env,
      );
    if ('rangeFrom' in key) {
      from = (key as { rangeFrom: number }).rangeFrom;
      to = len - 1;
    } else {
      const r = key as FmNumber[];
      if (r.length === 0) return typeof o === 'string' ? '' : [];
      from = Number(longValue(r[0]));
      to = Number(longValue(r[r.length - 1]));
    }
    if (from < 0 || from > len || to >= len) throw blame(`Range out of bounds: ${from}..${to}`, e, env);
    return typeof o === 'string' ? o.slice(from, to + 1) : (o as unknown[]).slice(from, to + 1);
  }
  const k = typeof key === 'string' ? key : textOf(key, e, env);
  if (o instanceof Map) return o.has(k) ? o.get(k) : MISSING;
  if (o instanceof NodeList || isNodeValue(o)) return nodeGet(o, k, e, env);
  throw blame(`Expected a hash, but this has evaluated to ${typeName(o)}`, (e as { o: Expr }).o, env);
}
