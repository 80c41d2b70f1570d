/** The built-ins (?x): strings, numbers, sequences, hashes, nodes, dates, lambdas. */
import type * as slimdom from 'slimdom';
import {
  type FmNumber,
  computerFormat,
  decCompare,
  decOfText,
  fmNegate,
  fmRound,
  fmSign,
  isFmNumber,
  longValue,
  toDec,
} from './number';

import { type Expr } from './ast';
import { FmDate, formatDate, isoBuiltin, parseDate } from './dates';
import { childrenOf, parentOf } from './dom';
import { FreeMarkerError, blame, invalidRef } from './errors';
import { ISO_BUILTINS, LOOP_BUILTINS, parseExpr } from './exprParser';
import { evaluate, member, tolerant } from './evaluate';
import { compare, concatText, num, scalarOf } from './operators';
import { booleanText, callMacro, formatWith, textOf } from './render';
import {
  type Callable,
  Env,
  FmDocument,
  FmMarkup,
  FmMatch,
  FmMatches,
  FmText,
  type Frame,
  type Lambda,
  MISSING,
  NodeList,
  escapeFor,
  int,
  isHashValue,
  isMissing,
  isNodeValue,
  isSequenceValue,
  typeName,
} from './values';

// ------------------------------------------------------------------ built-ins
function callLambda(l: unknown, item: unknown, e: Expr, env: Env): unknown {
  const f = l as Lambda;
  if (!f || typeof f !== 'object' || !('fn' in f)) {
    if (l && typeof l === 'object' && 'macro' in l) {
      const m = (l as Callable).macro;
      return callMacro(m, new Map([[m.params[0]?.name ?? '', item]]), env, undefined);
    }
    throw blame(`Expected a lambda (x -> ...)`, e, env);
  }
  const frame: Frame = { vars: new Map([[f.fn.params[0], item]]) };
  env.frames.push(frame);
  try {
    return evaluate(f.fn.body, env);
  } catch (err) {
    // FreeMarker wraps what fails inside the lambda ("Failed to transform element")
    if (err instanceof FreeMarkerError)
      throw new FreeMarkerError(`Failed to transform element: ${err.message}`);
    throw err;
  } finally {
    env.frames.pop();
  }
}

const NODE_TYPES: Record<number, string> = {
  1: 'element',
  2: 'attribute',
  3: 'text',
  4: 'text',
  7: 'pi',
  8: 'comment',
  9: 'document',
};

function jsString(s: string, json: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === "'" && !json) out += "\\'";
    else if (c === '\\') out += '\\\\';
    else if (c === '/' && i > 0 && s[i - 1] === '<') out += '\\/';
    else if (c === '>' && i >= 2 && s[i - 1] === ']' && s[i - 2] === ']') out += json ? '\\u003E' : '\\>';
    else if (c === '<' && !json && (s.startsWith('<!--', i) || s.startsWith('<![CDATA[', i))) out += '\\x3C';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029)
      out +=
        json || code >= 0x7f
          ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
          : `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

/** RegexpHelper.checkOnlyHasNonRegexpFlags(strict): m, s or c without r fail the built-in */
function checkNonRegexpFlags(name: string, flags: string): void {
  const f = ['m', 's', 'c'].find((x) => flags.includes(x));
  if (f && !flags.includes('r'))
    throw new FreeMarkerError(`?${name} doesn't support the "${f}" flag without the "r" flag.`);
}

function regexOf(pattern: string, flags: string, e: Expr, env: Env): RegExp {
  let f = 'g';
  if (flags.includes('i')) f += 'i';
  if (flags.includes('m')) f += 'm';
  if (flags.includes('s')) f += 's';
  try {
    return new RegExp(flags.includes('r') ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), f);
  } catch {
    throw blame(`Malformed regular expression: ${pattern}`, e, env);
  }
}

export function builtin(e: Extract<Expr, { k: 'bi' }>, env: Env): unknown {
  const name = e.name;
  // existence built-ins look at a missing value
  if (name === 'has_content' || name === 'exists' || name === 'if_exists' || name === 'default') {
    const v = tolerant(e.a, env);
    if (name === 'exists') return !isMissing(v);
    if (name === 'if_exists') return isMissing(v) ? '' : v;
    if (name === 'default') return isMissing(v) ? (e.args?.[0] ? evaluate(e.args[0], env) : '') : v;
    if (isMissing(v)) return false;
    if (typeof v === 'string') return v.length > 0;
    if (Array.isArray(v)) return v.length > 0;
    if (v instanceof NodeList) return v.items.length > 0;
    if (v instanceof Map) return v.size > 0;
    return true;
  }
  // loop variable built-ins
  if (LOOP_BUILTINS.includes(name)) {
    const loop = e.a.k === 'var' ? env.loopOf(e.a.name) : undefined;
    if (!loop) throw blame(`The left side of ?${name} must be a loop variable`, e.a, env);
    const i = loop.index;
    switch (name) {
      case 'index':
        return int(i);
      case 'counter':
        return int(i + 1);
      case 'has_next':
        return loop.hasNext;
      case 'is_first':
        return i === 0;
      case 'is_last':
        return !loop.hasNext;
      case 'item_parity':
        return i % 2 === 0 ? 'odd' : 'even';
      case 'item_parity_cap':
        return i % 2 === 0 ? 'Odd' : 'Even';
      case 'is_odd_item':
        return i % 2 === 0;
      case 'is_even_item':
        return i % 2 === 1;
      default: {
        const args = (e.args ?? []).map((a) => evaluate(a, env));
        return args[i % args.length];
      }
    }
  }
  const raw = evaluate(e.a, env);
  if (isMissing(raw)) throw invalidRef(e.a.src, e.a.p, env);
  const v = raw;
  const argExprs = e.args ?? [];
  const args = argExprs.map((a) => evaluate(a, env));
  const argStr = (i: number) => {
    if (i >= args.length) throw blame(`?${name} needs at least ${i + 1} argument(s)`, e, env);
    return textOf(args[i], argExprs[i], env);
  };
  const argNum = (i: number) => Number(longValue(num(args[i], argExprs[i], env)));
  const typeErr = (expected: string): never => {
    throw blame(
      `For "?${name}" left-hand operand: Expected ${expected}, but this has evaluated to ${typeName(v)}`,
      e.a,
      env,
    );
  };
  const str = (): string => {
    if (typeof v === 'string') return v;
    if (isFmNumber(v)) return formatWith(v, env.numberFormat, env);
    const s = scalarOf(v);
    if (s !== undefined) return s;
    if (typeof v === 'boolean') return booleanText(v, env);
    return typeErr('a string or something automatically convertible to string (number, date or boolean)');
  };
  /** the built-in without its call's parentheses (what FreeMarker blames for a method's failure) */
  const callee = (): Expr =>
    e.args === undefined ? e : { ...e, src: e.src.slice(0, e.src.lastIndexOf('(')).trimEnd() };
  const seq = (): unknown[] => {
    if (Array.isArray(v)) return v;
    if (v instanceof NodeList) return v.items;
    if (isNodeValue(v)) return [v];
    return typeErr('a sequence');
  };
  switch (name) {
    case 'is_string':
      return typeof v === 'string' || (isNodeValue(v) && !(v instanceof FmDocument));
    case 'is_number':
      return isFmNumber(v);
    case 'is_boolean':
      return typeof v === 'boolean';
    case 'is_sequence':
    case 'is_indexable':
      return isSequenceValue(v);
    case 'is_collection':
    case 'is_enumerable':
      return isSequenceValue(v) || (name === 'is_enumerable' && false);
    case 'is_hash':
      return isHashValue(v);
    case 'is_hash_ex':
      return v instanceof Map;
    case 'is_node':
      return isNodeValue(v);
    case 'is_method':
      return false;
    case 'is_macro':
    case 'is_directive':
      return !!v && typeof v === 'object' && 'macro' in v;
    case 'is_date':
    case 'is_date_like':
      return v instanceof FmDate;
    case 'c':
      if (v instanceof FmMatches) return String(v.matched);
      if (isFmNumber(v)) return computerFormat(v);
      if (typeof v === 'boolean') return String(v);
      return typeErr('a number or boolean');
    case 'date':
    case 'time':
    case 'datetime':
      if (v instanceof FmDate) return new FmDate(v.d, name);
      if (isFmNumber(v)) return typeErr('a string or a date');
      return parseDate(str(), args.length ? argStr(0) : '', name);
    case 'long':
      // longBI: a date's milliseconds, a number's longValue()
      if (v instanceof FmDate) return int(v.d.getTime());
      if (isFmNumber(v)) return int(longValue(v));
      return typeErr('a date or a number');
    case 'number_to_date':
    case 'number_to_time':
    case 'number_to_datetime': {
      const n = isFmNumber(v) ? v : typeErr('a number');
      return new FmDate(new Date(Number(longValue(n))), name.slice('number_to_'.length) as FmDate['kind']);
    }
    case 'iso_utc':
    case 'iso_local':
      if (v instanceof FmDate) return formatDate(v, name);
      return typeErr('a date');
    case 'string': {
      if (v instanceof FmDate) return formatDate(v, args.length ? argStr(0) : env.dateFormatOf(v));
      if (typeof v === 'boolean' || (v instanceof FmMatches && args.length === 2)) {
        const b = v instanceof FmMatches ? v.matched : v;
        if (args.length === 2) return b ? argStr(0) : argStr(1);
        if (args.length === 0) return String(v);
        return typeErr('a boolean with two arguments');
      }
      if (isFmNumber(v)) {
        if (args.length > 1)
          throw new FreeMarkerError(`?string(...) expects 1 argument but has received ${args.length}.`);
        return args.length ? formatWith(v, argStr(0), env) : formatWith(v, env.numberFormat, env);
      }
      if (e.args !== undefined) {
        // ?string of a string is that string, which cannot be called
        const callee = { ...e, src: e.src.slice(0, e.src.lastIndexOf('(')).trimEnd() };
        throw blame(
          'For "...(...)" callee: Expected a method or function, but this has evaluated to a string',
          callee,
          env,
        );
      }
      return str();
    }
    case 'then':
      if (v instanceof FmMatches) return v.matched ? args[0] : args[1];
      if (typeof v !== 'boolean') return typeErr('a boolean');
      return v ? args[0] : args[1];
    case 'upper_case':
      // String.toUpperCase(env.getLocale()): Turkish dotted and dotless i
      return env.locale === 'en_US' ? str().toUpperCase() : str().toLocaleUpperCase(env.localeTag);
    case 'lower_case':
      return env.locale === 'en_US' ? str().toLowerCase() : str().toLocaleLowerCase(env.localeTag);
    case 'cap_first': {
      const s = str();
      const i = s.search(/\S/);
      return i < 0 ? s : s.slice(0, i) + s[i].toUpperCase() + s.slice(i + 1);
    }
    case 'uncap_first': {
      const s = str();
      const i = s.search(/\S/);
      return i < 0 ? s : s.slice(0, i) + s[i].toLowerCase() + s.slice(i + 1);
    }
    case 'capitalize':
      return str().replace(/\S+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
    case 'trim':
      return str().replace(/^[\s\u0000-\u0020]+|[\s\u0000-\u0020]+$/g, '');
    case 'length':
      return int(str().length);
    case 'json_string':
      return jsString(str(), true);
    case 'js_string':
      return jsString(str(), false);
    case 'j_string':
      return str().replace(
        /[\\"\n\r\t\b\f]/g,
        (c) =>
          ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c]!,
      );
    case 'xml':
      return str().replace(
        /[&<>"']/g,
        (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
      );
    case 'html':
    case 'xhtml':
      return str().replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      );
    case 'url':
    case 'url_path': {
      const charset = args.length ? argStr(0) : env.urlCharset;
      if (charset === undefined)
        throw new FreeMarkerError(
          'To do URL encoding, the framework that encloses FreeMarker must specify the "output_encoding" setting or the "url_escaping_charset" setting, so ask the programmers to set them.',
        );
      const s = str();
      let out = '';
      for (const ch of s) {
        if (/[A-Za-z0-9_\-.!~*'()]/.test(ch) || (name === 'url_path' && ch === '/')) out += ch;
        else if (/^(UTF-?8)$/i.test(charset))
          out += encodeURIComponent(ch).replace(
            /[!'()*]/g,
            (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
          );
        else {
          // a single-byte charset (ISO-8859-1, US-ASCII): String.getBytes writes '?' for what it cannot map
          const code = ch.codePointAt(0)!;
          const max = /ascii/i.test(charset) ? 0x7f : 0xff;
          out += `%${(code <= max ? code : 0x3f).toString(16).toUpperCase().padStart(2, '0')}`;
        }
      }
      return out;
    }
    case 'contains':
      return str().includes(argStr(0));
    case 'starts_with':
      return str().startsWith(argStr(0));
    case 'ends_with':
      return str().endsWith(argStr(0));
    case 'replace': {
      const s = str();
      const from = argStr(0);
      const to = argStr(1);
      const flags = args.length > 2 ? argStr(2) : '';
      if (!flags.includes('r') && !flags.includes('i') && from === '') {
        let out = to;
        for (const ch of s) out += ch + to;
        return out;
      }
      const re = regexOf(from, flags, e, env);
      const first = flags.includes('f');
      return flags.includes('r')
        ? s.replace(
            first ? new RegExp(re.source, re.flags.replace('g', '')) : re,
            to.replace(/\$(\d)/g, '$$$1'),
          )
        : s.replace(first ? new RegExp(re.source, re.flags.replace('g', '')) : re, () => to);
    }
    case 'split': {
      const s = str();
      const sep = argStr(0);
      const flags = args.length > 1 ? argStr(1) : '';
      if (!flags.includes('r') && !flags.includes('i')) {
        if (sep === '') return [...s];
        return s.split(sep);
      }
      return s.split(regexOf(sep, flags, e, env));
    }
    case 'index_of':
      return int(str().indexOf(argStr(0), args.length > 1 ? argNum(1) : 0));
    case 'last_index_of':
      return int(args.length > 1 ? str().lastIndexOf(argStr(0), argNum(1)) : str().lastIndexOf(argStr(0)));
    case 'substring': {
      const s = str();
      const a = argNum(0);
      const b = args.length > 1 ? argNum(1) : s.length;
      if (a < 0 || b > s.length || a > b)
        throw new FreeMarkerError(`?substring(...) argument had invalid value`);
      return s.slice(a, b);
    }
    case 'left_pad':
    case 'right_pad': {
      const s = str();
      const n = argNum(0);
      const pad = args.length > 1 ? argStr(1) : ' ';
      if (s.length >= n) return s;
      let fill = '';
      const need = n - s.length;
      if (name === 'left_pad') {
        for (let i = 0; i < need; i++) fill += pad[i % pad.length];
        return fill + s;
      }
      for (let i = s.length; i < n; i++) fill += pad[i % pad.length];
      return s + fill;
    }
    case 'chop_linebreak':
      return str().replace(/(\r\n|\n|\r)$/, '');
    case 'ensure_starts_with': {
      // 2 or 3 arguments: the first is a regular expression unless the flags lack 'r' (ensure_starts_withBI)
      const s = str();
      if (args.length < 2) return s.startsWith(argStr(0)) ? s : argStr(0) + s;
      const flags = args.length > 2 ? argStr(2) : 'r';
      let starts: boolean;
      if (!flags.includes('r')) {
        checkNonRegexpFlags(name, flags);
        starts = flags.includes('i')
          ? s.toLowerCase().startsWith(argStr(0).toLowerCase())
          : s.startsWith(argStr(0));
      } else {
        const re = regexOf(argStr(0), flags, e, env);
        starts = new RegExp(`^(?:${re.source})`, re.flags.replace('g', '')).test(s);
      }
      return starts ? s : argStr(1) + s;
    }
    case 'ensure_ends_with': {
      const s = str();
      return s.endsWith(argStr(0)) ? s : s + argStr(0);
    }
    case 'remove_beginning': {
      const s = str();
      return s.startsWith(argStr(0)) ? s.slice(argStr(0).length) : s;
    }
    case 'remove_ending': {
      const s = str();
      const x = argStr(0);
      return x && s.endsWith(x) ? s.slice(0, s.length - x.length) : s;
    }
    case 'keep_after':
    case 'keep_before':
    case 'keep_after_last':
    case 'keep_before_last': {
      // keep_afterBI & co.: flags 'r' (regular expression), 'i' (ignore case)
      const s = str();
      const x = argStr(0);
      const flags = args.length > 1 ? argStr(1) : '';
      const after = name.startsWith('keep_after');
      const last = name.endsWith('_last');
      let at: number; // where the kept part starts (after) or ends (before)
      if (!flags.includes('r')) {
        checkNonRegexpFlags(name, flags);
        const hay = flags.includes('i') ? s.toLowerCase() : s;
        const needle = flags.includes('i') ? x.toLowerCase() : x;
        const i = last ? hay.lastIndexOf(needle) : hay.indexOf(needle);
        at = i < 0 ? -1 : after ? i + x.length : i;
      } else if (last && x === '') at = s.length;
      else {
        const re = regexOf(x, flags, e, env);
        at = -1;
        // Matcher.find(), and for the _last kinds find(start + 1) until none is left
        for (let from = 0; from <= s.length;) {
          re.lastIndex = from;
          const m = re.exec(s);
          if (!m) break;
          at = after ? m.index + m[0].length : m.index;
          if (!last) break;
          from = m.index + 1;
        }
      }
      if (at < 0) return after ? '' : s;
      return after ? s.slice(at) : s.slice(0, at);
    }
    case 'matches': {
      // RegexMatchModel: matcher.matches() as the boolean, the find() matches (with their groups) as the sequence
      const s = str();
      const flags = args.length > 1 ? argStr(1) : '';
      const re = regexOf(argStr(0), `${flags}r`, e, env);
      const out = new FmMatches();
      const whole = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', '')).exec(s);
      out.matched = !!whole;
      out.whole = whole ? [...whole].map((g) => g ?? '') : [];
      for (const m of s.matchAll(re))
        out.push(
          new FmMatch(
            m[0],
            [...m].map((g) => g ?? ''),
          ),
        );
      return out;
    }
    case 'groups':
      if (v instanceof FmMatch) return [...v.groups];
      if (v instanceof FmMatches) {
        if (!v.matched)
          throw new FreeMarkerError(
            "The regular expression doesn't match the whole string, so its ?groups can't be used.",
          );
        return [...v.whole];
      }
      return typeErr('a regular expression matcher');
    case 'word_list':
      return str()
        .split(/\s+/)
        .filter((w) => w);
    case 'number': {
      // a string built-in: a number is formatted first (1234 is "1,234", which is no number)
      const s = str();
      if (s === 'INF' || s === 'Infinity') return Infinity;
      if (s === '-INF' || s === '-Infinity') return -Infinity;
      if (s === 'NaN') return NaN;
      const d = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? decOfText(s) : undefined;
      if (!d) throw new FreeMarkerError(`Can't convert this string to number: "${s}"`);
      return d;
    }
    case 'boolean': {
      const s = str();
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw blame(`Can't convert this string to boolean: "${s}"`, e, env);
    }
    case 'round':
    case 'floor':
    case 'ceiling': {
      // BuiltInsForNumbers: new BigDecimal(num.doubleValue()), then floor(x + 0.5) / floor / ceiling
      const n = isFmNumber(v) ? v : typeErr('a number');
      const d = typeof n === 'number' ? n : n.toNumber();
      if (!Number.isFinite(d)) throw new FreeMarkerError(`Infinite or NaN: ${d}`);
      return fmRound(d, name);
    }
    case 'int': {
      // Number.intValue(): a double saturates to the int range, a BigDecimal keeps its low 32 bits
      const n = isFmNumber(v) ? v : typeErr('a number');
      if (typeof n === 'number') {
        if (Number.isNaN(n)) return int(0);
        return int(Math.max(-2147483648, Math.min(2147483647, Math.trunc(n))));
      }
      return int(BigInt.asIntN(32, longValue(n)));
    }
    case 'abs': {
      const n = isFmNumber(v) ? v : typeErr('a number');
      return fmSign(n) < 0 ? fmNegate(n) : n;
    }
    case 'is_infinite':
      return typeof v === 'number' && (v === Infinity || v === -Infinity);
    case 'is_nan':
      return typeof v === 'number' && Number.isNaN(v);
    case 'lower_abc':
    case 'upper_abc': {
      let n = Number(longValue(isFmNumber(v) ? v : typeErr('a number')));
      let s = '';
      while (n > 0) {
        n--;
        s = String.fromCharCode(97 + (n % 26)) + s;
        n = Math.floor(n / 26);
      }
      return name === 'upper_abc' ? s.toUpperCase() : s;
    }
    case 'size':
      if (v instanceof Map) return int(v.size);
      return int(seq().length);
    case 'first':
      return seq()[0] ?? MISSING;
    case 'last': {
      const s = seq();
      return s.length ? s[s.length - 1] : MISSING;
    }
    case 'join': {
      const s = seq();
      const sep = argStr(0);
      const parts: string[] = [];
      for (let i = 0; i < s.length; i++) {
        const x = s[i];
        if (isMissing(x)) continue;
        const t = concatText(x, env);
        if (t === undefined) throw new FreeMarkerError(`"?join" failed at index ${i} with this error:`);
        parts.push(t);
      }
      if (!parts.length) return args.length > 1 ? argStr(1) : '';
      return parts.join(sep) + (args.length > 2 ? argStr(2) : '');
    }
    case 'reverse':
      return [...seq()].reverse();
    case 'seq_contains':
      return seq().some((x) => looseEquals(x, args[0]));
    case 'seq_index_of': {
      // seq_index_ofBI.findInSeq: from the start index (a negative one is 0)
      const s = seq();
      const from = args.length > 1 ? Math.max(0, argNum(1)) : 0;
      for (let i = from; i < s.length; i++) if (looseEquals(s[i], args[0])) return int(i);
      return int(-1);
    }
    case 'seq_last_index_of': {
      const s = seq();
      const from = args.length > 1 ? Math.min(s.length - 1, argNum(1)) : s.length - 1;
      for (let i = from; i >= 0; i--) if (looseEquals(s[i], args[0])) return int(i);
      return int(-1);
    }
    case 'sort':
    case 'sort_by': {
      const s = seq();
      const keyOf = (x: unknown) => {
        if (name === 'sort') return x;
        const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : [args[0]];
        let cur = x;
        for (const k of keys) cur = member(cur, k, e, env);
        return cur;
      };
      const keyed = s.map((x) => ({ x, k: keyOf(x) }));
      if (keyed.every((p) => isFmNumber(p.k)))
        return keyed
          .sort((a, b) => decCompare(toDec(a.k as FmNumber), toDec(b.k as FmNumber)))
          .map((p) => p.x);
      if (keyed.every((p) => typeof p.k === 'string' || scalarOf(p.k) !== undefined)) {
        const str = (k: unknown) => (typeof k === 'string' ? k : scalarOf(k)!);
        // java.text.Collator (en_US): letters ignoring case first, then by case
        return keyed
          .sort((a, b) => {
            const x = str(a.k);
            const y = str(b.k);
            const c = x.localeCompare(y, env.localeTag, { sensitivity: 'base' });
            return c || x.localeCompare(y, env.localeTag);
          })
          .map((p) => p.x);
      }
      if (keyed.every((p) => typeof p.k === 'boolean'))
        return keyed.sort((a, b) => Number(a.k) - Number(b.k)).map((p) => p.x);
      throw new FreeMarkerError(
        `?${name} failed: Values used for sorting must be numbers, strings, date/times or booleans.`,
      );
    }
    case 'min':
    case 'max': {
      let best: unknown = MISSING;
      for (const x of seq()) {
        if (isMissing(x)) continue;
        if (isMissing(best)) best = x;
        else if (isFmNumber(x) && isFmNumber(best)) {
          const c = decCompare(toDec(x), toDec(best));
          if ((name === 'min' && c < 0) || (name === 'max' && c > 0)) best = x;
        } else throw blame(`?${name} can only compare numbers and dates`, e, env);
      }
      return best;
    }
    case 'chunk': {
      const s = seq();
      const n = argNum(0);
      const out: unknown[][] = [];
      for (let i = 0; i < s.length; i += n) {
        const c = s.slice(i, i + n);
        if (args.length > 1) while (c.length < n) c.push(args[1]);
        out.push(c);
      }
      return out;
    }
    case 'filter':
      return seq().filter((x) => {
        const r = callLambda(args[0], x, e, env);
        if (typeof r !== 'boolean') throw blame('?filter: the lambda must give a boolean', e, env);
        return r;
      });
    case 'map':
      return seq().map((x) => callLambda(args[0], x, e, env));
    case 'take_while':
    case 'drop_while': {
      const s = seq();
      let i = 0;
      while (i < s.length && callLambda(args[0], s[i], e, env) === true) i++;
      return name === 'take_while' ? s.slice(0, i) : s.slice(i);
    }
    case 'keys':
      if (v instanceof Map) return [...v.keys()];
      return typeErr('an extended hash');
    case 'values':
      if (v instanceof Map) return [...v.values()];
      return typeErr('an extended hash');
    case 'children':
      if (!isNodeValue(v)) return typeErr('a node');
      return new NodeList(childrenOf(v));
    case 'parent':
    case 'root':
    case 'ancestors':
    case 'node_name':
    case 'node_type':
    case 'node_namespace': {
      const n = v;
      if (!isNodeValue(n)) return typeErr('a node');
      if (name === 'parent') return parentOf(n, env);
      if (name === 'root') return env.doc ?? MISSING;
      if (name === 'ancestors') {
        const out: unknown[] = [];
        for (let p = parentOf(n, env); !isMissing(p); p = parentOf(p, env)) out.push(p);
        return out;
      }
      if (n instanceof FmDocument)
        return name === 'node_type' ? 'document' : name === 'node_name' ? '@document' : MISSING;
      if (n instanceof FmText)
        return name === 'node_type' ? 'text' : name === 'node_name' ? '@text' : MISSING;
      const node = n as slimdom.Node;
      if (name === 'node_type') return NODE_TYPES[node.nodeType] ?? 'unknown';
      if (name === 'node_namespace') {
        const u = (node as slimdom.Element).namespaceURI;
        return node.nodeType === 1 ? (u ?? '') : (u ?? MISSING);
      }
      if (node.nodeType === 1 || node.nodeType === 2) return (node as slimdom.Element).localName;
      return `@${NODE_TYPES[node.nodeType] ?? 'node'}`;
    }
    case 'switch': {
      // BuiltInsWithLazyConditionals.switch_BI: the first case equal to the value (EvalUtil.compare ==), else the
      // last parameter when their count is odd; the cases are evaluated lazily, one by one
      const ps = e.args ?? [];
      for (let i = 0; i + 1 < ps.length; i += 2) {
        const c = evaluate(ps[i], env);
        if (isMissing(c)) throw invalidRef(ps[i].src, ps[i].p, env);
        if (compare('==', v, c, e.a, ps[i], env, e)) return evaluate(ps[i + 1], env);
      }
      if (ps.length % 2 === 0)
        throw blame(
          `The value before ?switch(case1, value1, case2, value2, ...) didn't match any of the case parameters, and there was no default value parameter (an additional last parameter) eithter. `,
          e.a,
          env,
        );
      return evaluate(ps[ps.length - 1], env);
    }
    case 'truncate':
    case 'truncate_w':
    case 'truncate_c':
    case 'truncate_m':
    case 'truncate_w_m':
    case 'truncate_c_m': {
      const s = str();
      if (args.length < 1 || args.length > 3)
        throw new FreeMarkerError(`?${name}(...) expects 1 to 3 arguments, but has received ${args.length}.`);
      const max = Number(BigInt.asIntN(32, longValue(num(args[0], argExprs[0], env))));
      if (max < 0) throw new FreeMarkerError(`?${name}(...) argument #1 can't be negative.`);
      let term: string | FmMarkup | undefined;
      let termLen: number | undefined;
      if (args.length > 1) {
        term = args[1] instanceof FmMarkup && name.endsWith('_m') ? args[1] : argStr(1);
        if (args.length > 2) {
          termLen = Number(BigInt.asIntN(32, longValue(num(args[2], argExprs[2], env))));
          if (termLen < 0) throw new FreeMarkerError(`?${name}(...) argument #3 can't be negative.`);
        }
      }
      const mode = name.startsWith('truncate_w') ? 'word' : name.startsWith('truncate_c') ? 'char' : 'auto';
      return truncate(s, max, term, termLen, mode, name.endsWith('_m'));
    }
    case 'web_safe':
      return str().replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      );
    case 'rtf':
      return str().replace(/[\\{}]/g, (c) => `\\${c}`);
    case 'eval': {
      // BuiltInsForStringsMisc.evalBI: the string parsed as an expression, evaluated here
      const s = str();
      let x: Expr;
      try {
        x = parseExpr(s, 0, s);
      } catch (err) {
        throw blame(`Failed to "?eval" string with this error: ${(err as Error).message}`, e, env);
      }
      return evaluate(x, env);
    }
    case 'has_api':
      // the object wrapper's maps and lists have an API (DefaultMapAdapter/DefaultListAdapter), scalars do not
      return v instanceof Map || Array.isArray(v);
    case 'api':
      throw blame(
        `Can't use ?api, because the "api_builtin_enabled" configuration setting is false. Think twice before you set it to true though. Especially, it shouldn't abused for modifying Map-s and Collection-s.`,
        e,
        env,
      );
    case 'new':
      // the class must be a TemplateModel: no Java class of MI's is one a payload would name usefully
      throw blame(`Class ${str()} does not implement freemarker.template.TemplateModel`, callee(), env);
    case 'absolute_template_name': {
      // relative to the synapse-template, which is at the root
      const s = str();
      return s.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `/${s}`;
    }
    case 'no_esc':
      // only under a markup output format (checked when parsing)
      return new FmMarkup(str());
    case 'esc':
      return new FmMarkup(escapeFor(env.outputFormat, str()));
    case 'markup_string':
      if (v instanceof FmMarkup) return v.markup;
      return typeErr('a markup output');
    case 'is_markup_output':
      return v instanceof FmMarkup;
    case 'byte':
    case 'short': {
      const n = isFmNumber(v) ? v : typeErr('a number');
      // Number.byteValue()/shortValue(): the int value's low bits
      const i =
        typeof n === 'number'
          ? Number.isNaN(n)
            ? 0
            : Math.max(-2147483648, Math.min(2147483647, Math.trunc(n)))
          : Number(BigInt.asIntN(32, longValue(n)));
      return int(BigInt.asIntN(name === 'byte' ? 8 : 16, BigInt(i)));
    }
    case 'float':
    case 'double': {
      const n = isFmNumber(v) ? v : typeErr('a number');
      const d = typeof n === 'number' ? n : n.toNumber();
      return name === 'float' ? Math.fround(d) : d;
    }
    case 'is_date_only':
      return v instanceof FmDate && v.kind === 'date';
    case 'is_time':
      return v instanceof FmDate && v.kind === 'time';
    case 'is_datetime':
      return v instanceof FmDate && v.kind === 'datetime';
    case 'is_unknown_date_like':
    case 'is_transform':
    case 'is_collection_ex':
      // every date here knows its type; the object wrapper's lists are no TemplateCollectionModelEx
      return false;
    case 'sequence':
      return seq();
    case 'date_if_unknown':
    case 'time_if_unknown':
    case 'datetime_if_unknown':
      if (v instanceof FmDate) return v;
      return typeErr('a date');
    default:
      if (ISO_BUILTINS.includes(name)) {
        if (!(v instanceof FmDate)) return typeErr('a date');
        // ?iso, ?iso_ms... take the zone as an argument: without one they are a method
        if (!name.startsWith('iso_utc') && !name.startsWith('iso_local')) {
          if (e.args === undefined)
            throw blame(
              `For "\${...}" content: Expected a string or something automatically convertible to string (number, date or boolean), or "template output" , but this has evaluated to a method+sequence (wrapper: f.c.BuiltInsForDates$iso_BI$Result)`,
              e,
              env,
            );
          if (args.length !== 1)
            throw new FreeMarkerError(`?${name}(...) expects 1 argument, but has received ${args.length}.`);
          return isoBuiltin(v, name, argStr(0));
        }
        return isoBuiltin(v, name, undefined);
      }
      throw blame(`the FreeMarker built-in ?${name} is not supported by the embedded runtime`, e, env);
  }
}

/** DefaultTruncateBuiltinAlgorithm.ASCII_INSTANCE (2.3.29+): "[...]" or the HTML markup terminator, a space at word ends. */
const M_TERMINATOR = "<span class='truncateTerminator'>[&#8230;]</span>";
function truncate(
  s: string,
  max: number,
  term: string | FmMarkup | undefined,
  termLen: number | undefined,
  mode: 'auto' | 'word' | 'char',
  markup: boolean,
): unknown {
  if (s.length <= max) return s;
  let removesDots: boolean;
  if (term === undefined) {
    term = markup ? new FmMarkup(M_TERMINATOR) : '[...]';
    termLen = 3 + (markup ? 0 : 2); // "[…]" without tags counts 3, "[...]" 5
    removesDots = false;
  } else {
    termLen ??= typeof term === 'string' ? term.length : lengthWithoutTags(term.markup);
    const t = typeof term === 'string' ? term : term.markup;
    removesDots = t.startsWith('.') || t.startsWith('\u2026');
  }
  const cut = truncatedPart(s, max, termLen, removesDots, mode);
  if (cut === undefined || cut.length === 0) return term;
  if (typeof term === 'string') return cut + term;
  // HTMLOutputFormat.concat(fromPlainTextByEscaping(cut), terminator)
  return new FmMarkup(
    cut.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
    ) + term.markup,
  );
}

function lengthWithoutTags(m: string): number {
  return m.replace(/<!--[\s\S]*?-->|<!\[CDATA\[|\]\]>|<[^>]*>/g, '').replace(/&[^;]*;/g, '_').length;
}

/** Character.isWhitespace (no no-break spaces) */
const isWs = (c: string | undefined) =>
  c !== undefined &&
  /[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/.test(c);
const isDot = (c: string) => c === '.' || c === '\u2026';

/** DefaultTruncateBuiltinAlgorithm.unifiedTruncateWithoutTerminatorAdded (wordBoundaryMinLength 0.75, space added). */
function truncatedPart(
  s: string,
  max: number,
  termLen: number,
  removesDots: boolean,
  mode: 'auto' | 'word' | 'char',
): string | undefined {
  const skipWs = (i: number) => {
    while (i >= 0 && isWs(s[i])) i--;
    return i;
  };
  const wordEnd = (i: number) => i + 1 >= s.length || isWs(s[i + 1]);
  const initial = max - termLen - 1;
  let cb = skipWs(initial);
  if (cb < 0) return undefined;
  if (mode !== 'char') {
    const wordTermLen = termLen + 1;
    const minIdx = mode === 'auto' ? Math.max(Math.ceil(max * 0.75) - wordTermLen - 1, 0) : 0;
    let wb = Math.min(max - wordTermLen - 1, cb);
    let followingWs = s.length > wb + 1 ? isWs(s[wb + 1]) : true;
    while (wb >= minIdx) {
      const cur = isWs(s[wb]);
      if (!cur && followingWs) return `${s.slice(0, wb + 1)} `;
      followingWs = cur;
      wb--;
    }
    if (mode === 'word') return undefined;
  }
  if (cb === initial && wordEnd(cb)) {
    cb--;
    if (cb < 0) return undefined;
  }
  let skipped: boolean;
  do {
    skipped = false;
    cb = skipWs(cb);
    if (cb < 0) return undefined;
    if (isDot(s[cb]) && !wordEnd(cb) && removesDots) {
      while (cb >= 0 && isDot(s[cb])) cb--;
      if (cb < 0) return undefined;
      skipped = true;
    }
  } while (skipped);
  return s.slice(0, cb + 1) + (wordEnd(cb) ? ' ' : '');
}

/** ?seq_contains equality: numbers by value, strings, booleans; other types never equal. */
function looseEquals(a: unknown, b: unknown): boolean {
  if (isFmNumber(a) && isFmNumber(b)) return decCompare(toDec(a), toDec(b)) === 0;
  const sa = typeof a === 'string' ? a : scalarOf(a);
  const sb = typeof b === 'string' ? b : scalarOf(b);
  if (sa !== undefined && sb !== undefined) return sa === sb;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
  return false;
}
