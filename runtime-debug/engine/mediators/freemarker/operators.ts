/** Operators: arithmetic, + (numbers or strings), comparisons, logic. */
import {
  ArithmeticError,
  Dec,
  decAdd,
  decCompare,
  decDiv,
  decMul,
  decSub,
  isFmNumber,
  longValue,
  toDec,
  type FmNumber,
} from './number';

import { type Expr } from './ast';
import { FmDate, formatDate } from './dates';
import { FreeMarkerError, blame, invalidRef } from './errors';
import { evaluate } from './evaluate';
import { booleanText, condition, formatWith } from './render';
import { Env, FmMarkup, NodeList, escapeFor, isMissing, nodeString, typeName, type Hash } from './values';

// ------------------------------------------------------------------ operators
export function num(v: unknown, e: Expr, env: Env, what = 'operand'): FmNumber {
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (isFmNumber(v)) return v;
  throw blame(`For "${what}": Expected a number, but this has evaluated to ${typeName(v)}`, e, env);
}

export function arith(op: string, a: unknown, b: unknown, e: Expr): FmNumber {
  if (!isFmNumber(a) || !isFmNumber(b)) throw new FreeMarkerError(`Expected a number in ${e.src}`);
  try {
    switch (op) {
      case '+':
        return decAdd(toDec(a), toDec(b));
      case '-':
        return decSub(toDec(a), toDec(b));
      case '*':
        return decMul(toDec(a), toDec(b));
      case '/':
        return decDiv(toDec(a), toDec(b));
      default: {
        const y = longValue(b);
        if (y === 0n) throw new ArithmeticError('/ by zero');
        return new Dec(longValue(a) % y, 0);
      }
    }
  } catch (err) {
    if (err instanceof ArithmeticError || err instanceof RangeError)
      throw new FreeMarkerError(`Arithmetic operation failed: ${err.message}`);
    throw err;
  }
}

export function plus(a: unknown, b: unknown, ea: Expr, eb: Expr, e: Expr, env: Env): unknown {
  // AddConcatExpression: numbers add, sequences and hashes concatenate, anything else as text, the left first
  if (isFmNumber(a) && isFmNumber(b)) return arith('+', a, b, e);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isMissing(a)) throw invalidRef(ea.src, ea.p, env);
  // markup + text is markup: the text escaped for the output format (AddConcatExpression with markup operands)
  if (a instanceof FmMarkup || b instanceof FmMarkup) {
    if (isMissing(b)) throw invalidRef(eb.src, eb.p, env);
    const side = (v: unknown) =>
      v instanceof FmMarkup ? v.markup : escapeFor(env.outputFormat, concatText(v, env) ?? '');
    return new FmMarkup(side(a) + side(b));
  }
  const hashes = a instanceof Map && b instanceof Map;
  const sa = concatText(a, env);
  if (sa === undefined) {
    if (hashes) return new Map([...(a as Hash), ...(b as Hash)]);
    throw blame(
      `For "+" left-hand operand: Expected a string or something automatically convertible to string (number, date or boolean), or "template output" , but this has evaluated to ${typeName(a)}`,
      ea,
      env,
    );
  }
  if (isMissing(b)) throw invalidRef(eb.src, eb.p, env);
  const sb = concatText(b, env);
  if (sb === undefined)
    throw blame(
      `For "+" right-hand operand: Expected a string or something automatically convertible to string (number, date or boolean), or "template output" , but this has evaluated to ${typeName(b)}`,
      eb,
      env,
    );
  return sa + sb;
}

export function concatText(v: unknown, env: Env): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof FmDate) return formatDate(v, '');
  if (isFmNumber(v)) return formatWith(v, env.numberFormat, env);
  if (typeof v === 'boolean') return booleanText(v, env);
  return nodeString(v);
}

export function binary(e: Extract<Expr, { k: 'bin' }>, env: Env): unknown {
  if (e.op === '&&') return condition(e.a, env, '&&') && condition(e.b, env, '&&');
  if (e.op === '||') return condition(e.a, env, '||') || condition(e.b, env, '||');
  if (e.op === '-' || e.op === '*' || e.op === '/' || e.op === '%') {
    // ArithmeticExpression: evalToNumber of the left, then of the right
    const x = num(evaluate(e.a, env), e.a, env, `${e.op}" left-hand operand`);
    const y = num(evaluate(e.b, env), e.b, env, `${e.op}" right-hand operand`);
    return arith(e.op, x, y, e);
  }
  const a = evaluate(e.a, env);
  const b = evaluate(e.b, env);
  if (e.op === '+') return plus(a, b, e.a, e.b, e, env);
  if (isMissing(a)) throw invalidRef(e.a.src, e.a.p, env);
  if (isMissing(b)) throw invalidRef(e.b.src, e.b.p, env);
  return compare(e.op, a, b, e.a, e.b, env, e);
}

export function compare(
  op: string,
  a: unknown,
  b: unknown,
  ea: Expr,
  eb: Expr,
  env: Env,
  whole?: Expr,
): boolean {
  let c: number;
  if (isFmNumber(a) && isFmNumber(b)) c = decCompare(toDec(a), toDec(b));
  else if (a instanceof FmDate && b instanceof FmDate) {
    if (a.kind !== b.kind)
      throw blame(
        `Can't compare dates of different types. Left date type is ${a.kind.toUpperCase()}, right date type is ${b.kind.toUpperCase()}.`,
        whole ?? ea,
        env,
      );
    c = Math.sign(a.d.getTime() - b.d.getTime());
  } else if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (op !== '==' && op !== '!=')
      throw blame(`Can't use operator "${op}" on boolean values.`, whole ?? ea, env);
    c = a === b ? 0 : 1;
  } else {
    const sa = typeof a === 'string' ? a : isFmNumber(a) || typeof a === 'boolean' ? undefined : scalarOf(a);
    const sb = typeof b === 'string' ? b : isFmNumber(b) || typeof b === 'boolean' ? undefined : scalarOf(b);
    if (sa === undefined || sb === undefined)
      throw blame(
        `Can't compare values of these types. Allowed comparisons are between two numbers, two strings, two dates, or two booleans.`,
        whole ?? ea,
        env,
      );
    if (op !== '==' && op !== '!=')
      throw blame(`Can't use operator "${op}" on string values.`, whole ?? ea, env);
    c = sa === sb ? 0 : 1;
  }
  void eb;
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

export function scalarOf(v: unknown): string | undefined {
  if (v instanceof NodeList) return undefined;
  return nodeString(v);
}
