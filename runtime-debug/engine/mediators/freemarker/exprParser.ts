/** Parsing FreeMarker expressions: tokens, literals, operators by precedence, paths, built-in calls, lambdas. */
import { decOfText } from './number';

import { type Expr } from './ast';
import { closing, parseError } from './parser';

// ------------------------------------------------------------------ expressions
interface Tok {
  v: string;
  kind: 'num' | 'str' | 'raw' | 'op' | 'name';
  p: number;
}

/**
 * FTL.jj's names: letters (any script), digits after the first, _ $ and @, and \- \. \: \# (a JSON key such as
 * first-name read as payload.first\-name)
 */
const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|(r?)"((?:[^"\\]|\\[\s\S])*)"|(r?)'((?:[^'\\]|\\[\s\S])*)'|(&gt;=|&lt;=|&gt;|&lt;|\\(?:gte|lte|gt|lt)\b|\.\.<|\.\.!|\.\.\*|\.\.|\?\?|&&|\|\||==|!=|<=|>=|->|\+=|[-+*/%()[\]{}.,:?!<>=&|;])|(@@?[A-Za-z_*][\w]*|@@|@\*|\*\*|(?:[A-Za-z_$\u00aa-\uffff]|\\[-.:#])(?:[\w$@\u00aa-\uffff]|\\[-.:#])*))/y;

const COMMENT = /("(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')|<#--[\s\S]*?-->|\[#--[\s\S]*?--\]/g;

/** FTL.jj's other spellings of the comparisons: `&gt;`, `\\gt` (and lt, gte, lte) are `>` (`gt`) */
const ESCAPED_CMP: Record<string, string> = {
  '&gt;': '>',
  '&gt;=': '>=',
  '&lt;': '<',
  '&lt;=': '<=',
  '\\gt': '>',
  '\\gte': '>=',
  '\\lt': '<',
  '\\lte': '<=',
};

/** whether the template being parsed has a markup output format (?esc and ?no_esc are checked when parsing) */
let markupOutput = false;
export function setMarkupOutput(on: boolean): void {
  markupOutput = on;
}

export function parseExpr(src: string, at: number, full: string): Expr {
  // a comment inside the expression is white space (FreeMarker skips <#-- --> and [#-- --] in FTL tags)
  if (src.includes('#--')) src = src.replace(COMMENT, (m, str) => str ?? ' '.repeat(m.length));
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    if (!m) throw parseError(`cannot read the expression '${src}' at '${src.slice(i)}'`, at + i, full);
    const p = at + m.index + (m[0].length - m[0].trimStart().length);
    i = TOKEN.lastIndex;
    if (m[1] !== undefined) toks.push({ v: m[1], kind: 'num', p });
    else if (m[3] !== undefined) toks.push({ v: m[3], kind: m[2] ? 'raw' : 'str', p });
    else if (m[5] !== undefined) toks.push({ v: m[5], kind: m[4] ? 'raw' : 'str', p });
    else if (m[6] !== undefined) toks.push({ v: ESCAPED_CMP[m[6]] ?? m[6], kind: 'op', p });
    else {
      // FTL.jj's name characters are letters and digits of any script (not punctuation such as a curly quote)
      if (/[^\w$@\\.:#-]/.test(m[7]) && /[^\p{L}\p{N}\w$@\\.:#-]/u.test(m[7]))
        throw parseError(`cannot read the expression '${src}' at '${m[7]}'`, p, full);
      toks.push({ v: m[7].includes('\\') ? m[7].replace(/\\(.)/g, '$1') : m[7], kind: 'name', p });
    }
  }
  let k = 0;
  const peek = () => toks[k];
  const isOp = (v: string) => peek()?.kind === 'op' && peek().v === v;
  const fail = (msg: string): never => {
    throw parseError(msg, peek()?.p ?? at + src.length, full);
  };
  const expect = (v: string) => {
    if (!isOp(v)) fail(`expected '${v}' in '${src}'`);
    k++;
  };
  const mk = (start: number, e: object): Expr => {
    const last = toks[k - 1];
    const endP = last ? last.p + tokLen(last) : start;
    return { p: start, src: full.slice(start, endP), ...e } as Expr;
  };
  const startP = () => peek()?.p ?? at + src.length;
  const or = (): Expr => {
    const s = startP();
    let a = and();
    while (isOp('||') || isOp('|')) {
      k++;
      a = mk(s, { k: 'bin', op: '||', a, b: and() });
    }
    return a;
  };
  const and = (): Expr => {
    const s = startP();
    let a = eq();
    while (isOp('&&') || isOp('&')) {
      k++;
      a = mk(s, { k: 'bin', op: '&&', a, b: eq() });
    }
    return a;
  };
  const CMP: Record<string, string> = { gt: '>', lt: '<', gte: '>=', lte: '<=' };
  const eq = (): Expr => {
    const s = startP();
    const a = rel();
    const t = peek();
    if (t && t.kind === 'op' && ['==', '!=', '='].includes(t.v)) {
      k++;
      return mk(s, { k: 'bin', op: t.v === '=' ? '==' : t.v, a, b: rel() });
    }
    return a;
  };
  const rel = (): Expr => {
    const s = startP();
    const a = range();
    const t = peek();
    if (
      t &&
      ((t.kind === 'op' && ['<', '>', '<=', '>='].includes(t.v)) || (t.kind === 'name' && t.v in CMP))
    ) {
      k++;
      const b = range();
      const op = t.kind === 'name' ? CMP[t.v] : t.v;
      // FreeMarker refuses to order string literals at parse time
      for (const x of [a, b])
        if (x.k === 'str' || (x.k === 'lit' && typeof x.v === 'string'))
          throw parseError(`Found string literal: ${x.src}. Expecting: number`, x.p, full);
      return mk(s, { k: 'bin', op, a, b });
    }
    return a;
  };
  const range = (): Expr => {
    const s = startP();
    const a = add();
    if (isOp('..') || isOp('..<') || isOp('..!') || isOp('..*')) {
      const op = toks[k++].v;
      const t = peek();
      const open =
        !t ||
        (t.kind === 'op' && ![')', '('].includes(t.v) && t.v !== '-') ||
        (t.kind === 'op' && t.v === ')');
      const b = open ? undefined : add();
      return mk(s, { k: 'range', a, b, op });
    }
    return a;
  };
  const add = (): Expr => {
    const s = startP();
    let a = mul();
    while (isOp('+') || isOp('-')) {
      const op = toks[k++].v;
      a = mk(s, { k: 'bin', op, a, b: mul() });
    }
    return a;
  };
  const mul = (): Expr => {
    const s = startP();
    let a = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = toks[k++].v;
      a = mk(s, { k: 'bin', op, a, b: unary() });
    }
    return a;
  };
  const unary = (): Expr => {
    const s = startP();
    if (isOp('!')) {
      k++;
      return mk(s, { k: 'not', a: unary() });
    }
    if (isOp('-') || isOp('+')) {
      const plus = toks[k++].v === '+';
      return mk(s, { k: 'neg', a: unary(), plus });
    }
    return postfix(primary(), s);
  };
  const startsOperand = () => {
    const t = peek();
    if (!t) return false;
    if (t.kind !== 'op') return !(t.kind === 'name' && (t.v in CMP || t.v === 'as'));
    return ['(', '[', '{', '-', '+', '!'].includes(t.v);
  };
  const args = (): Expr[] => {
    const out: Expr[] = [];
    expect('(');
    while (!isOp(')')) {
      out.push(lambdaOr());
      if (isOp(',')) k++;
      else break;
    }
    expect(')');
    return out;
  };
  const lambdaOr = (): Expr => {
    const s = startP();
    const n = toks[k + 1];
    if (peek()?.kind === 'name' && n?.kind === 'op' && n.v === '->') {
      const param = toks[k].v;
      k += 2;
      return mk(s, { k: 'fn', params: [param], body: or() });
    }
    // (x) -> ...: FTL.jj's LambdaExpressionParameterList takes the parameter in parentheses too
    if (isOp('(') && toks[k + 1]?.kind === 'name' && toks[k + 2]?.v === ')' && toks[k + 3]?.v === '->') {
      const param = toks[k + 1].v;
      k += 4;
      return mk(s, { k: 'fn', params: [param], body: or() });
    }
    return or();
  };
  const postfix = (e: Expr, s: number): Expr => {
    for (;;) {
      if (isOp('.')) {
        if (e.k === 'lit' && typeof e.v === 'string')
          throw parseError(`Found string literal: ${e.src}. Expecting: hash`, e.p, full);
        k++;
        const t = toks[k++];
        if (!t || (t.kind !== 'name' && !(t.kind === 'op' && t.v === '*')))
          fail(`expected a name after '.' in '${src}'`);
        let name = t.v;
        // `.**` (all descendants) comes as two `*` tokens
        if (t.v === '*' && isOp('*') && peek().p === t.p + 1) {
          k++;
          name = '**';
        }
        e = mk(s, { k: 'get', o: e, key: { k: 'lit', v: name, p: t.p, src: name }, dot: true });
      } else if (isOp('[')) {
        k++;
        const key = or();
        expect(']');
        e = mk(s, { k: 'get', o: e, key, dot: false });
      } else if (isOp('(')) {
        e = mk(s, { k: 'call', f: e, args: args() });
      } else if (isOp('??')) {
        k++;
        e = mk(s, { k: 'has', a: e });
      } else if (isOp('?')) {
        k++;
        const t = toks[k++];
        if (!t || t.kind !== 'name') fail(`expected a built-in after '?' in '${src}'`);
        const name = t.v;
        let a: Expr[] | undefined;
        if (name === 'string' && isOp('.') && toks[k + 1]?.kind === 'name') {
          // ?string.number, ?string.currency, ...: the format as the argument
          k++;
          const f = toks[k++];
          a = [{ k: 'lit', v: f.v, p: f.p, src: f.v }];
        } else if (isOp('(')) a = args();
        if (!BUILTINS.has(name)) {
          throw parseError(
            `the FreeMarker built-in ?${name} is not supported by the embedded runtime`,
            t.p,
            full,
          );
        }
        if ((name === 'no_esc' || name === 'esc') && !markupOutput)
          // BuiltInsForOutputFormatRelated: checked when the template is parsed
          throw parseError(
            `?${name} can't be used here, as the current output format isn't a markup (escaping) format: undefined`,
            t.p,
            full,
          );
        e = mk(s, { k: 'bi', a: e, name, args: a });
      } else if (isOp('!')) {
        k++;
        // FTL.jj DefaultTo: the right side is a whole Expression (`a!b + c` is `a!(b + c)`)
        const d = startsOperand() ? or() : undefined;
        // FTL.jj: with no default after it, the postfix operators go on (`a!?upper_case` is `(a!)?upper_case`)
        if (d === undefined) e = mk(s, { k: 'def', a: e, d });
        else return mk(s, { k: 'def', a: e, d });
      } else return e;
    }
  };
  const primary = (): Expr => {
    const s = startP();
    const t = toks[k++];
    if (!t) return fail(`unexpected end of the expression '${src}'`);
    if (t.kind === 'num') {
      // a number literal is a BigDecimal
      return mk(s, { k: 'lit', v: decOfText(t.v)! });
    }
    if (t.kind === 'raw') return mk(s, { k: 'lit', v: t.v });
    if (t.kind === 'str') return stringLiteral(t, full);
    if (t.kind === 'name') {
      if (t.v === 'true') return mk(s, { k: 'lit', v: true });
      if (t.v === 'false') return mk(s, { k: 'lit', v: false });
      return mk(s, { k: 'var', name: t.v });
    }
    if (t.v === '.' && peek()?.kind === 'name' && SPECIAL_VARIABLES.includes(snakeCase(peek().v))) {
      // a special variable: .now (the current date-time), .template_name, .version... (or .templateName: FreeMarker
      // takes the camel-case spelling of every one, BuiltinVariable.SPEC_VAR_NAMES)
      return mk(s, { k: 'var', name: `.${snakeCase(toks[k++].v)}` });
    }
    if (t.v === '.' && peek()?.kind === 'name' && OTHER_SPECIAL_VARIABLES.includes(snakeCase(peek().v)))
      throw parseError(
        `the special variable .${peek().v} is not supported by the embedded runtime`,
        peek().p,
        full,
      );
    if (t.v === '(') {
      const e = or();
      expect(')');
      return mk(s, { k: 'paren', a: e });
    }
    if (t.v === '[') {
      const items: Expr[] = [];
      while (!isOp(']')) {
        items.push(or());
        if (isOp(',')) k++;
        else break;
      }
      expect(']');
      return mk(s, { k: 'seq', items });
    }
    if (t.v === '{') {
      const entries: [Expr, Expr][] = [];
      while (!isOp('}')) {
        const key = or();
        expect(':');
        entries.push([key, or()]);
        if (isOp(',')) k++;
        else break;
      }
      expect('}');
      return mk(s, { k: 'hash', entries });
    }
    k--;
    return fail(`unexpected '${t.v}' in '${src}'`);
  };
  if (toks.length === 0) throw parseError(`an expression is missing`, at, full);
  const e = or();
  if (k < toks.length) fail(`unexpected '${toks[k].v}' in '${src}'`);
  return e;
}

function tokLen(t: Tok): number {
  if (t.kind === 'str') return t.v.length + 2;
  if (t.kind === 'raw') return t.v.length + 3;
  return t.v.length;
}

/** A string literal: escapes, and `${...}` interpolations inside it. */
function stringLiteral(t: Tok, full: string): Expr {
  const raw = t.v;
  const parts: (string | Expr)[] = [];
  let buf = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const n = raw[++i];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        f: '\f',
        b: '\b',
        l: '<',
        g: '>',
        a: '&',
        '"': '"',
        "'": "'",
        '\\': '\\',
        $: '$',
        '{': '{',
        '=': '=',
      };
      if (n in simple) buf += simple[n];
      else if (n === 'x') {
        const hm = /^[0-9a-fA-F]{1,4}/.exec(raw.slice(i + 1))!;
        if (!hm) throw parseError('bad \\x escape in a string literal', t.p, full);
        buf += String.fromCharCode(parseInt(hm[0], 16));
        i += hm[0].length;
      } else throw parseError(`Lexical error: the escape \\${n} in a string literal`, t.p + i, full);
    } else if ((c === '$' || c === '#') && raw[i + 1] === '{') {
      const end = closing(raw, i + 2, '}');
      if (buf) parts.push(buf);
      buf = '';
      parts.push(parseExpr(raw.slice(i + 2, end), t.p + 1 + i + 2, full));
      i = end;
    } else buf += c;
  }
  if (buf || !parts.length) parts.push(buf);
  if (parts.length === 1 && typeof parts[0] === 'string')
    return { k: 'lit', v: parts[0], p: t.p, src: full.slice(t.p, t.p + raw.length + 2) };
  return { k: 'str', parts, p: t.p, src: full.slice(t.p, t.p + raw.length + 2) };
}

/** ?iso_utc_ms, ?iso_local_m_nz, ?iso(zone)...: ISO 8601 with a precision, with or without the zone (2.3.30). */
export const ISO_BUILTINS: readonly string[] = ['iso', 'iso_utc', 'iso_local'].flatMap((b) =>
  ['', '_nz', '_ms', '_ms_nz', '_m', '_m_nz', '_h', '_h_nz', ...(b === 'iso_utc' ? ['_fz'] : [])].map(
    (x) => b + x,
  ),
);

/** The special variables (`.name`) FreeMarker 2.3.30 has that a payload template can read (not .time_zone: 2.3.31). */
const SPECIAL_VARIABLES: readonly string[] = [
  'now',
  'template_name',
  'current_template_name',
  'main_template_name',
  'version',
  'incompatible_improvements',
  'lang',
  'locale',
  'output_format',
  'auto_esc',
  'output_encoding',
  'url_escaping_charset',
  'namespace',
];

/** FreeMarker 2.3.30's other special variables (BuiltinVariable.SPEC_VAR_NAMES), which the embedded runtime lacks. */
const OTHER_SPECIAL_VARIABLES: readonly string[] = [
  'args',
  'caller_template_name',
  'current_node',
  'data_model',
  'error',
  'get_optional_template',
  'globals',
  'locale_object',
  'locals',
  'main',
  'node',
  'pass',
  'vars',
];

/** `templateName` is `template_name` (FreeMarker's camel-case naming convention) */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The built-ins of a `<#list>` loop variable (`item?index`, `item?has_next`...). */
export const LOOP_BUILTINS: readonly string[] = [
  'index',
  'counter',
  'has_next',
  'is_first',
  'is_last',
  'item_parity',
  'item_parity_cap',
  'is_odd_item',
  'is_even_item',
  'item_cycle',
];

const BUILTINS = new Set([
  // strings
  'c',
  'string',
  'upper_case',
  'lower_case',
  'cap_first',
  'uncap_first',
  'capitalize',
  'trim',
  'length',
  'json_string',
  'js_string',
  'j_string',
  'xml',
  'html',
  'xhtml',
  'url',
  'url_path',
  'contains',
  'starts_with',
  'ends_with',
  'replace',
  'split',
  'index_of',
  'last_index_of',
  'substring',
  'left_pad',
  'right_pad',
  'chop_linebreak',
  'ensure_starts_with',
  'ensure_ends_with',
  'remove_beginning',
  'remove_ending',
  'keep_after',
  'keep_after_last',
  'keep_before',
  'keep_before_last',
  'matches',
  'groups',
  'word_list',
  'number',
  'boolean',
  'then',
  'switch',
  'truncate',
  'truncate_w',
  'truncate_c',
  'truncate_m',
  'truncate_w_m',
  'truncate_c_m',
  'web_safe',
  'rtf',
  'eval',
  'has_api',
  'api',
  'new',
  'no_esc',
  'esc',
  'markup_string',
  'is_markup_output',
  // numbers
  'byte',
  'short',
  'float',
  'double',
  'round',
  'floor',
  'ceiling',
  'int',
  'abs',
  'is_infinite',
  'is_nan',
  'lower_abc',
  'upper_abc',
  // sequences and hashes
  'size',
  'first',
  'last',
  'join',
  'reverse',
  'seq_contains',
  'seq_index_of',
  'seq_last_index_of',
  'sort',
  'sort_by',
  'min',
  'max',
  'chunk',
  'filter',
  'map',
  'take_while',
  'drop_while',
  'keys',
  'values',
  // existence and types
  'has_content',
  'exists',
  'if_exists',
  'default',
  'is_string',
  'is_number',
  'is_boolean',
  'is_sequence',
  'is_collection',
  'is_enumerable',
  'is_indexable',
  'is_hash',
  'is_hash_ex',
  'is_node',
  'is_method',
  'is_macro',
  'is_directive',
  'is_date',
  'is_date_like',
  'absolute_template_name',
  'is_date_only',
  'is_time',
  'is_datetime',
  'is_unknown_date_like',
  'is_collection_ex',
  'is_transform',
  'sequence',
  // dates
  'date_if_unknown',
  'time_if_unknown',
  'datetime_if_unknown',
  ...ISO_BUILTINS,
  'date',
  'time',
  'datetime',
  'long',
  'number_to_date',
  'number_to_time',
  'number_to_datetime',
  'iso_utc',
  'iso_local',
  // loop variables
  ...LOOP_BUILTINS,
  // nodes
  'children',
  'parent',
  'root',
  'ancestors',
  'node_name',
  'node_type',
  'node_namespace',
]);
