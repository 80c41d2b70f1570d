/** Rendering the template tree: directives (if, list, assign, switch, attempt, macros, ...) and interpolations. */
import {
  Dec,
  type FmNumber,
  FormatError,
  computerFormat,
  EN_US,
  defaultFormat,
  formatNumber,
  isFmNumber,
} from './number';

import { type El, type Expr } from './ast';
import { FmDate, formatDate } from './dates';
import { FreeMarkerError, blame, invalidRef } from './errors';
import { evaluate } from './evaluate';
import { arith, compare, plus } from './operators';
import {
  BreakSignal,
  type Callable,
  ContinueSignal,
  Env,
  FmMarkup,
  FmMatch,
  escapeFor,
  FmMatches,
  type Frame,
  NodeList,
  ReturnSignal,
  StopSignal,
  int,
  isMissing,
  isNodeValue,
  nodeString,
  typeName,
} from './values';

// ------------------------------------------------------------------ rendering
export function renderKids(el: El, env: Env): void {
  for (const k of el.kids) renderEl(k, env);
}

/** Runs an element; the instruction position (for errors that blame no expression) is its own meanwhile. */
function renderEl(el: El, env: Env): void {
  const prev = env.at;
  env.at = el.b;
  runEl(el, env);
  env.at = prev;
}

function runEl(el: El, env: Env): void {
  switch (el.t) {
    case 'text':
      env.out += el.s;
      return;
    case 'macro':
      // a macro is (re)defined in the namespace where its definition runs (all are predefined, the last one winning)
      env.ns.set(el.name, { macro: el } satisfies Callable);
      return;
    case 'comment':
    case 'trim':
    case 'flush':
      return;
    case 'include':
    case 'import':
      env.at = el.b;
      env.include!(el);
      return;
    case 'out': {
      env.at = el.b;
      const v = evaluate(el.e, env);
      if (el.computer && isFmNumber(v)) env.out += computerFormat(v);
      else if (env.escaping && !(v instanceof FmMarkup))
        // a markup output format escapes what is not markup already (auto_esc)
        env.out += escapeFor(env.outputFormat, interpolate(v, el.e, env, '${...}'));
      else env.out += interpolate(v, el.e, env, '${...}');
      return;
    }
    case 'if':
      for (const b of el.kids) {
        if (b.t !== 'branch') continue;
        env.at = b.b;
        if (b.cond === undefined || condition(b.cond, env, '#if')) {
          renderKids(b, env);
          return;
        }
      }
      return;
    case 'branch':
      renderKids(el, env);
      return;
    case 'listelse': {
      const list = el.kids[0] as El & { t: 'list' };
      if (!renderList(list, env)) renderKids(el.kids[1], env);
      return;
    }
    case 'list':
      renderList(el, env);
      return;
    case 'items':
    case 'sep':
    case 'else':
    case 'case':
    case 'recover':
      // run by their containers
      renderKids(el, env);
      return;
    case 'assign':
      env.at = el.b;
      for (const p of el.pairs) {
        const cur = () => {
          const c = env.lookup(p.name);
          if (isMissing(c)) throw invalidRef(p.name, el.b, env);
          return c;
        };
        let v: unknown;
        if (p.op === '=') v = evaluate(p.e!, env);
        else if (p.op === '++' || p.op === '--')
          v = arith(p.op[0], cur(), new Dec(1n, 0), p.e ?? { k: 'var', name: p.name, p: el.b, src: p.name });
        else {
          const rhs = evaluate(p.e!, env);
          v = p.op === '+=' ? plus(cur(), rhs, p.e!, p.e!, p.e!, env) : arith(p.op[0], cur(), rhs, p.e!);
        }
        if (isMissing(v) && p.e) throw invalidRef(p.e.src, p.e.p, env);
        assign(env, el.kind, p.name, v);
      }
      return;
    case 'capture': {
      const saved = env.out;
      env.out = '';
      renderKids(el, env);
      // under a markup output format the captured output is markup (not escaped again when printed)
      const v = env.markupFormat ? new FmMarkup(env.out) : env.out;
      env.out = saved;
      assign(env, el.kind, el.name, v);
      return;
    }
    case 'switch': {
      env.at = el.b;
      const v = evaluate(el.e, env);
      let matched = false;
      try {
        for (const c of el.kids) {
          if (c.t !== 'case') continue;
          if (!matched) {
            if (c.e === undefined) matched = true;
            else {
              const cv = evaluate(c.e, env);
              matched = compare('==', v, cv, el.e, c.e, env);
            }
          }
          if (matched) renderKids(c, env);
        }
        // a <#default> before the matching case: FreeMarker runs the default only when nothing matched
      } catch (e) {
        if (!(e instanceof BreakSignal)) throw e;
      }
      return;
    }
    case 'attempt': {
      const recover = el.kids.find((k) => k.t === 'recover');
      const saved = env.out;
      try {
        for (const k of el.kids) if (k !== recover) renderEl(k, env);
      } catch (e) {
        if (!(e instanceof FreeMarkerError)) throw e;
        env.out = saved;
        if (recover) renderKids(recover, env);
      }
      return;
    }
    case 'call': {
      env.at = el.b;
      const f = evaluate(el.callee, env) as Callable;
      if (!f || typeof f !== 'object' || !('macro' in f))
        throw new FreeMarkerError(`${el.callee.src} is not a macro`);
      const args = new Map<string, unknown>();
      for (const [n, e] of el.named) args.set(n, evaluate(e, env));
      el.positional.forEach((e, i) => {
        const param = f.macro.params[i];
        if (param) args.set(param.name, evaluate(e, env));
      });
      callMacro(f.macro, args, env, el.kids.length ? { kids: el, frames: env.frames } : undefined);
      return;
    }
    case 'nested': {
      let i = env.frames.length - 1;
      while (i >= 0 && !env.frames[i].macro) i--;
      const nested = i >= 0 ? env.frames[i].macro!.nested : undefined;
      if (nested) {
        const saved = env.frames;
        env.frames = nested.frames;
        try {
          renderKids(nested.kids, env);
        } finally {
          env.frames = saved;
        }
      }
      return;
    }
    case 'return':
      throw new ReturnSignal(el.e ? evaluate(el.e, env) : undefined);
    case 'compress': {
      const saved = env.out;
      env.out = '';
      renderKids(el, env);
      const c = compress(env.out);
      env.out = saved + c;
      return;
    }
    case 'setting': {
      env.at = el.b;
      const v = evaluate(el.e, env);
      // PropertySetting: a string, or a number's or boolean's text
      if (typeof v !== 'string' && !isFmNumber(v) && typeof v !== 'boolean')
        throw new FreeMarkerError(`the ${el.name} setting must be a string`);
      const text = typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : computerFormat(v);
      env.setting(el.name, text);
      return;
    }
    case 'stop':
      throw new StopSignal(
        el.e ? textOf(evaluate(el.e, env), el.e, env) : '',
        el.e ? `#stop ${el.e.src}` : '#stop',
        el.b,
      );
    case 'break':
      throw new BreakSignal();
    case 'continue':
      throw new ContinueSignal();
    case 'root':
      renderKids(el, env);
      return;
  }
}

function assign(env: Env, kind: string, name: string, v: unknown): void {
  if (kind === 'global') env.globals.set(name, v);
  else if (kind === 'local') {
    for (let i = env.frames.length - 1; i >= 0; i--) {
      if (env.frames[i].macro) {
        env.frames[i].vars.set(name, v);
        return;
      }
    }
    throw new FreeMarkerError('Local variable assigned outside a macro.');
  } else env.ns.set(name, v);
}

export function callMacro(
  m: El & { t: 'macro' },
  args: Map<string, unknown>,
  env: Env,
  nested: { kids: El; frames: Frame[] } | undefined,
): unknown {
  const frame: Frame = { vars: new Map(), macro: { nested } };
  const saved = env.frames;
  env.frames = [frame];
  // parameters without a value take their default, evaluated in the macro's context
  for (const p of m.params) {
    if (args.has(p.name)) frame.vars.set(p.name, args.get(p.name));
    else if (p.def) frame.vars.set(p.name, evaluate(p.def, env));
    else
      throw new FreeMarkerError(
        `When calling macro "${m.name}", required parameter "${p.name}" was not specified.`,
      );
  }
  const out = env.out;
  try {
    if (m.fn) env.out = '';
    renderKids(m, env);
    return undefined;
  } catch (e) {
    if (e instanceof ReturnSignal) return e.value;
    throw e;
  } finally {
    if (m.fn) env.out = out;
    env.frames = saved;
  }
}

/** `<#compress>`: runs of white-space with a line break become one line break, others one space; ends trimmed. */
function compress(s: string): string {
  // StandardCompress: leading and trailing white-space dropped; a run with a line break becomes its first line
  // break (CR, LF or CRLF as written), any other run one space
  return s.replace(/^\s+|\s+$/g, '').replace(/\s+/g, (ws) => /\r\n|\r|\n/.exec(ws)?.[0] ?? ' ');
}

/** Runs a <#list>; false when the sequence was empty (its <#else> then runs). */
function renderList(el: El & { t: 'list' }, env: Env): boolean {
  env.at = el.b;
  const value = evaluate(el.seq!, env);
  if (isMissing(value)) throw invalidRef(el.seq!.src, el.seq!.p, env);
  const hashList = el.names.length === 2 || (el.names.length === 0 && hasKvItems(el));
  let entries: [unknown, unknown][];
  if (hashList) {
    if (!(value instanceof Map))
      throw blame(
        `The value you try to list is ${typeName(value)}, thus you must specify only one loop variable`,
        el.seq!,
        env,
      );
    entries = [...value.entries()];
  } else entries = listItems(value, el.seq!, env).map((x) => [x, undefined]);
  if (entries.length === 0) return false;
  const items = el.names.length ? undefined : findItems(el);
  const run = (body: El, names: string[]) => {
    let i = 0;
    try {
      for (; i < entries.length; i++) {
        const frame: Frame = {
          vars: new Map(),
          loop: { name: names[0], index: i, hasNext: i < entries.length - 1 },
        };
        frame.vars.set(names[0], entries[i][0]);
        if (names[1]) frame.vars.set(names[1], entries[i][1]);
        else {
          // the legacy loop variables (FreeMarker 2.3.x still has them)
          frame.vars.set(`${names[0]}_index`, int(i));
          frame.vars.set(`${names[0]}_has_next`, i < entries.length - 1);
        }
        env.frames.push(frame);
        try {
          for (const k of body.kids) {
            if (k.t === 'sep') {
              if (i < entries.length - 1) renderKids(k, env);
            } else renderEl(k, env);
          }
        } catch (e) {
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          env.frames.pop();
        }
      }
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
    }
  };
  if (items) {
    // <#list seq>...<#items as x>...</#items>...</#list>: the parts outside <#items> once
    const renderOuter = (parent: El) => {
      for (const k of parent.kids) {
        if (k === items) run(items, items.names);
        else if (containsEl(k, items)) renderOuter(k);
        else renderEl(k, env);
      }
    };
    renderOuter(el);
  } else run(el, el.names);
  return true;
}

function hasKvItems(el: El): boolean {
  const it = findItems(el);
  return !!it && it.names.length === 2;
}

export function findItems(el: El): (El & { t: 'items' }) | undefined {
  for (const k of el.kids) {
    if (k.t === 'items') return k;
    if (k.t === 'list') continue;
    const f = findItems(k);
    if (f) return f;
  }
  return undefined;
}

function containsEl(a: El, b: El): boolean {
  return a.kids.some((k) => k === b || containsEl(k, b));
}

function listItems(v: unknown, e: Expr, env: Env): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof NodeList) return v.items;
  if (isNodeValue(v)) return [v];
  if (v instanceof Map) return [...v.values()];
  throw blame(`Expected a collection or sequence, but this has evaluated to ${typeName(v)}`, e, env);
}

export function condition(e: Expr, env: Env, what: string): boolean {
  const v = evaluate(e, env);
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (v instanceof FmMatches) return v.matched;
  if (typeof v !== 'boolean')
    throw blame(
      `For "${what}" condition: Expected a boolean, but this has evaluated to ${typeName(v)}`,
      e,
      env,
    );
  return v;
}

/** `${v}`: text as it is, numbers in the number format; booleans, sequences, hashes refused. */
export function interpolate(v: unknown, e: Expr, env: Env, what: string): string {
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (typeof v === 'string') return v;
  if (isFmNumber(v)) return formatWith(v, env.numberFormat, env);
  if (typeof v === 'boolean') return booleanText(v, env);
  if (v instanceof FmDate) return formatDate(v, env.dateFormatOf(v));
  // a markup output under the undefined output format (which allows mixing): its markup
  if (v instanceof FmMarkup) return v.markup;
  if (isNodeValue(v) || v instanceof FmMatch) {
    const s = nodeString(v);
    if (s !== undefined) return s;
  }
  throw blame(
    `For "${what}" content: Expected a string or something automatically convertible to string (number, date or boolean), or "template output" , but this has evaluated to ${typeName(v)}`,
    e,
    env,
  );
}

export function booleanText(v: boolean, env: Env): string {
  // "c" (2.3.29+): the computer format, true/false
  if (env.booleanFormat === 'c') return String(v);
  if (env.booleanFormat === 'true,false')
    throw new FreeMarkerError(
      `Can't convert boolean to string automatically, because the "boolean_format" setting was "true,false", which is the legacy deprecated default, and we treat it as if no format was set. This is the default configuration; you should provide the format explicitly for each place where you print a boolean.`,
    );
  const [t, f] = env.booleanFormat.split(',');
  return v ? t : (f ?? '');
}

export function formatWith(v: FmNumber, format: string, env: Env): string {
  try {
    const sym = env.numberSymbols;
    if (format === 'number') return sym === EN_US ? defaultFormat(v) : formatNumber(v, '#,##0.###', sym);
    if (format === 'computer') return computerFormat(v);
    if (format === 'currency') return formatNumber(v, sym.currencyPattern, sym);
    if (format === 'percent') return formatNumber(v, sym.percentPattern, sym);
    return formatNumber(v, format, sym);
  } catch (e) {
    if (e instanceof FormatError) throw new FreeMarkerError(e.message);
    throw e;
  }
}

/** A value as text where FreeMarker wants a string (built-ins on strings, concatenation). */
export function textOf(v: unknown, e: Expr, env: Env, what = '?'): string {
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (typeof v === 'string') return v;
  if (isFmNumber(v)) return formatWith(v, env.numberFormat, env);
  if (typeof v === 'boolean') return booleanText(v, env);
  const s = nodeString(v);
  if (s !== undefined) return s;
  throw blame(
    `For "${what}" left-hand operand: Expected a string or something automatically convertible to string (number, date or boolean), but this has evaluated to ${typeName(v)}`,
    e,
    env,
  );
}
