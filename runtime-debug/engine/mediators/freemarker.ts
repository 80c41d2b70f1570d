/**
 * FreeMarker as payloadFactory `template-type="freemarker"` runs it in MI (Synapse FreeMarkerTemplateProcessor:
 * FreeMarker 2.3.30, `new Configuration(VERSION_2_3_30)`, the rethrow exception handler, no output format, en_US).
 * The template language: interpolations `${...}`, FTL tags (`if`/`elseif`/`else`, `list` with `else`, `items`,
 * `sep`, `break`, `continue`; `assign`/`global`/`local` (also capturing), `switch`/`case`/`default`,
 * `attempt`/`recover`, `macro`/`nested`/`return` and `<@name .../>`, `function`, `compress`, `noparse`,
 * `t`/`lt`/`rt`/`nt`, `setting`, `stop`), comments, and FreeMarker's white-space stripping (TextBlock's rules);
 * expressions with paths, literals (strings, raw strings, numbers, sequences, hashes, ranges), slicing, arithmetic
 * (BigDecimal: see freemarkerNumber.ts), comparisons, logic, `!`/`??` defaults, lambdas and the built-ins users
 * write. The data model follows FreeMarker's object wrapper: JSON as hashes and sequences of Doubles, XML through
 * freemarker.ext.dom (a missing child is an empty node list, not a missing value; an element with child elements
 * is not text; names match by namespace). Anything else is refused when the configuration loads.
 */
import type * as slimdom from 'slimdom';
import { formatJavaDate, parseJavaDate } from '../expr/dates';
import {
  ArithmeticError,
  computerFormat,
  Dec,
  decAdd,
  decCompare,
  decDiv,
  decMul,
  decOfText,
  decSub,
  defaultFormat,
  FormatError,
  fmNegate,
  fmRound,
  fmSign,
  formatNumber,
  isFmNumber,
  longValue,
  toDec,
  type FmNumber,
} from './freemarkerNumber';

/**
 * A template error. `blamed` is the expression FreeMarker blames (null when it blames none), `line`/`column`
 * where: MI answers with `miMessage` (FreeMarkerTemplateProcessor.generateTemplateErrorMessage).
 */
export class FreeMarkerError extends Error {
  blamed: string | null = null;
  line = 0;
  column = 0;
  located = false;
  /** the message MI gives instead (a #stop: StopException.getMessage) */
  stopMessage: string | undefined;
  get miMessage(): string {
    if (this.stopMessage !== undefined) return this.stopMessage;
    return `Error parsing FreeMarker template, Syntax error or invalid reference : ${this.blamed} At line: ${this.line} column: ${this.column}`;
  }
}

/** FreeMarker's InvalidReferenceException: a missing or null value where one is needed. */
class InvalidReference extends FreeMarkerError {}

export interface FreeMarkerTemplate {
  render(model: Record<string, unknown>): string;
}

// ------------------------------------------------------------------ template tree
type El =
  | (Base & { t: 'root' })
  | (Base & { t: 'text'; s: string; unparsed?: boolean })
  | (Base & { t: 'out'; e: Expr; computer?: boolean })
  | (Base & { t: 'if' })
  | (Base & { t: 'branch'; cond: Expr | undefined })
  | (Base & { t: 'list'; seq: Expr | undefined; names: string[] })
  | (Base & { t: 'listelse' })
  | (Base & { t: 'else' })
  | (Base & { t: 'items'; names: string[] })
  | (Base & { t: 'sep' })
  | (Base & { t: 'assign'; kind: string; pairs: { name: string; op: string; e: Expr | undefined }[] })
  | (Base & { t: 'capture'; kind: string; name: string })
  | (Base & { t: 'switch'; e: Expr })
  | (Base & { t: 'case'; e: Expr | undefined })
  | (Base & { t: 'attempt' })
  | (Base & { t: 'recover' })
  | (Base & { t: 'macro'; name: string; params: { name: string; def: Expr | undefined }[]; fn: boolean })
  | (Base & { t: 'call'; callee: Expr; named: [string, Expr][]; positional: Expr[] })
  | (Base & { t: 'nested' })
  | (Base & { t: 'return'; e: Expr | undefined })
  | (Base & { t: 'compress' })
  | (Base & { t: 'trim'; left: boolean; right: boolean })
  | (Base & { t: 'setting'; name: string; e: Expr })
  | (Base & { t: 'stop'; e: Expr | undefined })
  | (Base & { t: 'break' })
  | (Base & { t: 'continue' })
  | (Base & { t: 'comment' })
  | (Base & { t: 'flush' });

interface Base {
  /** where the element starts and ends in the template (offsets) */
  b: number;
  end: number;
  kids: El[];
  parent: El | undefined;
}

type Expr = { p: number; src: string } & (
  | { k: 'lit'; v: unknown }
  | { k: 'str'; parts: (string | Expr)[] }
  | { k: 'seq'; items: Expr[] }
  | { k: 'hash'; entries: [Expr, Expr][] }
  | { k: 'range'; a: Expr; b: Expr | undefined; op: string }
  | { k: 'var'; name: string }
  | { k: 'get'; o: Expr; key: Expr; dot: boolean }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr; plus: boolean }
  | { k: 'paren'; a: Expr }
  | { k: 'def'; a: Expr; d: Expr | undefined }
  | { k: 'has'; a: Expr }
  | { k: 'bi'; a: Expr; name: string; args: Expr[] | undefined }
  | { k: 'call'; f: Expr; args: Expr[] }
  | { k: 'fn'; params: string[]; body: Expr }
);

const MISSING = Symbol('missing');

/** A Java Integer (sizes, indexes, ?int): exact, and -0 is 0, as a BigDecimal of scale 0 behaves the same. */
function int(n: number | bigint): Dec {
  return new Dec(BigInt(n), 0);
}

export function compileFreeMarker(text: string): FreeMarkerTemplate {
  const header = ftlHeader(text);
  const src = header.rest;
  const root = parseTemplate(src, header.offset, text);
  if (header.strip) cleanup(root, text);
  const macros = new Map<string, El & { t: 'macro' }>();
  collectMacros(root, macros);
  return {
    render: (model) => {
      const env = new Env(model, header.ns, macros, text);
      try {
        renderKids(root, env);
      } catch (e) {
        if (e instanceof FreeMarkerError) {
          locate(e, undefined, env.at, text);
          throw e;
        }
        if (e instanceof StopSignal) {
          const err = new FreeMarkerError(e.message);
          const { line, column } = lineCol(text, e.at);
          err.stopMessage = `${e.message}\n\n----\nFTL stack trace ("~" means nesting-related):\n\t- Failed at: ${e.instruction}  [in template "synapse-template" at line ${line}, column ${column}]\n----`;
          err.located = true;
          throw err;
        }
        throw e;
      }
      return env.out;
    },
  };
}

// ------------------------------------------------------------------ the <#ftl> header
function ftlHeader(text: string): {
  rest: string;
  offset: number;
  ns: Map<string, string> | undefined;
  strip: boolean;
} {
  const m = /^\s*<#ftl\b/.exec(text);
  if (!m) return { rest: text, offset: 0, ns: undefined, strip: true };
  const end = closing(text, m[0].length, '>');
  const params = text.slice(m[0].length, end).replace(/\/$/, '');
  let ns: Map<string, string> | undefined;
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
      ns = new Map();
      for (const e of raw.slice(1, -1).matchAll(/\s*(["'])(.*?)\1\s*:\s*(["'])(.*?)\3\s*,?/g))
        ns.set(e[2], e[4]);
    } else if (name === 'strip_whitespace') strip = raw !== 'false';
    else if (name !== 'encoding' && name !== 'strip_text')
      throw new FreeMarkerError(`the <#ftl> parameter ${name} is not supported by the embedded runtime`);
  }
  // the header swallows the white-space after it up to and with the first line break
  let offset = end + 1;
  const ws = /^[ \t]*(\r\n|\n|\r)?/.exec(text.slice(offset))!;
  offset += ws[0].length;
  return { rest: text.slice(offset), offset, ns, strip };
}

// ------------------------------------------------------------------ parsing the template
const START = /\$\{|#\{|<#--|<\/?#[a-zA-Z]|<\/?@/g;
function parseTemplate(src: string, base: number, full: string): El {
  const root: El = { t: 'root', b: base, end: base + src.length, kids: [], parent: undefined };
  // the open elements; `open` is where new elements go
  const stack: El[] = [root];
  const top = () => stack[stack.length - 1];
  const add = (el: El) => {
    // between <#switch> and its first <#case>/<#default> only white-space and comments may stand
    if (
      top().t === 'switch' &&
      el.t !== 'case' &&
      el.t !== 'comment' &&
      !(el.t === 'text' && /^\s*$/.test(el.s))
    )
      throw parseError('Expecting <#case>, <#default> or </#switch> after <#switch>', el.b, full);
    el.parent = top();
    top().kids.push(el);
  };
  const push = (el: El) => {
    add(el);
    stack.push(el);
  };
  /** closes up to and including the nearest element of one of the types */
  const closeTo = (types: string[], what: string, at: number) => {
    for (let i = stack.length - 1; i > 0; i--) {
      if (types.includes(stack[i].t)) {
        for (let j = stack.length - 1; j >= i; j--) stack[j].end = at;
        stack.length = i;
        return;
      }
      // a <#sep> or a <#case> ends with its container
      if (!['sep', 'case', 'branch', 'else', 'recover'].includes(stack[i].t) && stack[i].t !== types[0])
        break;
    }
    throw parseError(`${what} without its opening directive`, at, full);
  };
  let pos = 0;
  START.lastIndex = 0;
  const text = (to: number) => {
    if (to > pos)
      add({ t: 'text', s: src.slice(pos, to), b: base + pos, end: base + to, kids: [], parent: undefined });
  };
  for (let m = START.exec(src); m; START.lastIndex = pos, m = START.exec(src)) {
    const at = m.index;
    const tok = m[0];
    const abs = base + at;
    if (tok === '${' || tok === '#{') {
      text(at);
      const end = closing(src, at + 2, '}');
      const inner = src.slice(at + 2, end);
      const e = parseExpr(inner, base + at + 2, full);
      add({ t: 'out', e, computer: tok === '#{', b: abs, end: base + end + 1, kids: [], parent: undefined });
      pos = end + 1;
    } else if (tok === '<#--') {
      text(at);
      const end = src.indexOf('-->', at + 4);
      if (end < 0) throw parseError('Unclosed "<#--"', abs, full);
      add({ t: 'comment', b: abs, end: base + end + 3, kids: [], parent: undefined });
      pos = end + 3;
    } else if (tok.startsWith('<@') || tok.startsWith('</@')) {
      text(at);
      const end = closing(src, at + tok.length, '>');
      const body = src.slice(at + tok.length, end);
      pos = end + 1;
      if (tok === '</@') {
        closeTo(['call'], '</@...>', base + pos);
        continue;
      }
      const selfClosing = body.endsWith('/');
      const call = parseCall(selfClosing ? body.slice(0, -1) : body, base + at + 2, full);
      const el: El = { t: 'call', ...call, b: abs, end: base + pos, kids: [], parent: undefined };
      if (selfClosing) add(el);
      else push(el);
    } else {
      // an FTL tag
      text(at);
      const closingTag = tok.startsWith('</');
      const nameStart = at + (closingTag ? 3 : 2);
      const name = /^[a-zA-Z_]+/.exec(src.slice(nameStart))![0];
      const afterName = nameStart + name.length;
      const end = closing(src, afterName, '>');
      let arg = src.slice(afterName, end);
      const selfClosing = arg.endsWith('/');
      if (selfClosing) arg = arg.slice(0, -1);
      const argAt = base + afterName + (arg.length - arg.trimStart().length);
      arg = arg.trim();
      pos = end + 1;
      const endAbs = base + pos;
      const expr = (s: string = arg, p: number = argAt) => parseExpr(s, p, full);
      const el = (t: string, extra: object = {}): El =>
        ({ t, b: abs, end: endAbs, kids: [], parent: undefined, ...extra }) as El;
      if (closingTag) {
        switch (name) {
          case 'if':
            closeTo(['if'], '</#if>', endAbs);
            break;
          case 'list': {
            // a #list without "as" needs its #items
            const open = stack.findLast((x) => x.t === 'list');
            if (open && open.t === 'list' && !open.names.length && !findItems(open))
              throw parseError(
                '#list must have either "as loopVar" parameter or nested #items that belongs to it.',
                open.b,
                full,
              );
            closeTo(['listelse', 'list'], '</#list>', endAbs);
            break;
          }
          case 'attempt':
            // an <#attempt> needs its <#recover>
            if (top().t !== 'recover') throw parseError('<#attempt> without <#recover>', abs, full);
            closeTo([name], `</#${name}>`, endAbs);
            break;
          case 'items':
          case 'sep':
          case 'switch':
          case 'compress':
            closeTo([name], `</#${name}>`, endAbs);
            break;
          case 'macro':
          case 'function': {
            const open = stack[stack.length - 1];
            if (open.t === 'macro' && open.fn !== (name === 'function'))
              throw parseError(`Expected ${open.fn ? 'function' : 'macro'} end tag here.`, abs, full);
            closeTo(['macro'], `</#${name}>`, endAbs);
            break;
          }
          case 'assign':
          case 'global':
          case 'local':
            closeTo(['capture'], `</#${name}>`, endAbs);
            break;
          default:
            throw parseError(`</#${name}> is not a FreeMarker end-tag`, abs, full);
        }
        continue;
      }
      switch (name) {
        case 'if': {
          const ifEl = el('if');
          push(ifEl);
          push(el('branch', { cond: expr() }));
          break;
        }
        case 'elseif':
        case 'else': {
          // <#else> of a <#list>, or a branch of an <#if>
          let i = stack.length - 1;
          while (i > 0 && stack[i].t === 'sep') i--;
          const s = stack[i];
          if (name === 'else' && s.t === 'list') {
            for (let j = stack.length - 1; j >= i; j--) stack[j].end = abs;
            stack.length = i;
            // wrap the list into a list-else container
            const parent = top();
            parent.kids.pop();
            const container = el('listelse');
            container.b = s.b;
            push(container);
            s.parent = container;
            container.kids.push(s);
            push(el('else'));
            break;
          }
          if (s.t !== 'branch' || s.cond === undefined)
            throw parseError(`<#${name}> without its <#if>`, abs, full);
          stack[i - 1].end = endAbs;
          s.end = abs;
          stack.length = i;
          push(el('branch', { cond: name === 'elseif' ? expr() : undefined }));
          break;
        }
        case 'list': {
          const lm = /^([\s\S]+?)\s+as\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?$/.exec(arg);
          if (lm) {
            push(el('list', { seq: expr(lm[1]), names: lm[3] ? [lm[2], lm[3]] : [lm[2]] }));
          } else push(el('list', { seq: expr(), names: [] }));
          break;
        }
        case 'items': {
          const im = /^as\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?$/.exec(arg);
          if (!im) throw parseError(`<#items ${arg}>: expected <#items as name>`, abs, full);
          push(el('items', { names: im[2] ? [im[1], im[2]] : [im[1]] }));
          break;
        }
        case 'sep':
          if (!stack.some((x) => x.t === 'list' || x.t === 'items'))
            throw parseError('#sep must be inside a #list (or #foreach) block.', abs, full);
          push(el('sep'));
          break;
        case 'assign':
        case 'global':
        case 'local': {
          const cm = /^([A-Za-z_]\w*)$/.exec(arg);
          if (cm && !selfClosing) {
            push(el('capture', { kind: name, name: cm[1] }));
            break;
          }
          if (!arg) throw parseError(`<#${name}> needs a variable name`, abs, full);
          if (name === 'local' && !stack.some((x) => x.t === 'macro'))
            throw parseError('Local variable assigned outside a macro.', abs, full);
          add(el('assign', { kind: name, pairs: parseAssignments(arg, argAt, full) }));
          break;
        }
        case 'switch':
          push(el('switch', { e: expr() }));
          break;
        case 'case':
        case 'default': {
          let i = stack.length - 1;
          if (stack[i].t === 'case') {
            stack[i].end = abs;
            stack.length = i;
            i--;
          }
          if (stack[i].t !== 'switch') throw parseError(`<#${name}> outside <#switch>`, abs, full);
          push(el('case', { e: name === 'case' ? expr() : undefined }));
          break;
        }
        case 'break':
        case 'continue': {
          // inside a #list with "as", #items (or #switch for break), not across a macro
          let ok = false;
          for (let i = stack.length - 1; i > 0 && stack[i].t !== 'macro'; i--) {
            const x = stack[i];
            if (
              (x.t === 'list' && x.names.length) ||
              x.t === 'items' ||
              (name === 'break' && x.t === 'switch')
            ) {
              ok = true;
              break;
            }
          }
          if (!ok)
            throw parseError(
              `<#${name}> must be nested inside a directive that supports it:  #list with "as", #items${name === 'break' ? ', #switch' : ''} (or the deprecated #foreach)`,
              abs,
              full,
            );
          add(el(name));
          break;
        }
        case 'attempt':
          push(el('attempt'));
          break;
        case 'recover': {
          if (top().t !== 'attempt') throw parseError('<#recover> outside <#attempt>', abs, full);
          push(el('recover'));
          break;
        }
        case 'macro':
        case 'function': {
          const mm = /^([A-Za-z_]\w*)\s*([\s\S]*)$/.exec(arg);
          if (!mm) throw parseError(`<#${name} ${arg}>: expected a name`, abs, full);
          const params: { name: string; def: Expr | undefined }[] = [];
          const P = /\s*,?\s*([A-Za-z_]\w*)(?:\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,)]+))?/y;
          const plist = mm[2].replace(/^\(|\)$/g, '');
          let i = 0;
          while (i < plist.length && plist.slice(i).trim()) {
            P.lastIndex = i;
            const pm = P.exec(plist);
            if (!pm) throw parseError(`<#${name} ${arg}>: cannot read the parameters`, abs, full);
            params.push({ name: pm[1], def: pm[2] !== undefined ? expr(pm[2], argAt) : undefined });
            i = P.lastIndex;
          }
          push(el('macro', { name: mm[1], params, fn: name === 'function' }));
          break;
        }
        case 'nested':
          if (!stack.some((x) => x.t === 'macro'))
            throw parseError('Cannot use a <#nested> instruction outside a macro.', abs, full);
          add(el('nested'));
          break;
        case 'return':
          if (!stack.some((x) => x.t === 'macro'))
            throw parseError('A return instruction can only occur inside a macro or function', abs, full);
          add(el('return', { e: arg ? expr() : undefined }));
          break;
        case 'compress':
          push(el('compress'));
          break;
        case 'noparse': {
          const close = /<\/#noparse\s*>/g;
          close.lastIndex = pos;
          const cm = close.exec(src);
          if (!cm) throw parseError('<#noparse> is not closed', abs, full);
          add({
            t: 'text',
            s: src.slice(pos, cm.index),
            unparsed: true,
            b: abs,
            end: base + cm.index + cm[0].length,
            kids: [],
            parent: undefined,
          });
          pos = cm.index + cm[0].length;
          START.lastIndex = pos;
          break;
        }
        case 't':
        case 'lt':
        case 'rt':
        case 'nt':
          add(el('trim', { left: name === 't' || name === 'lt', right: name === 't' || name === 'rt' }));
          break;
        case 'setting': {
          const sm = /^([A-Za-z_]\w*)\s*=\s*([\s\S]+)$/.exec(arg);
          if (!sm) throw parseError(`<#setting ${arg}>: expected <#setting name=value>`, abs, full);
          if (!['number_format', 'boolean_format'].includes(sm[1]))
            throw parseError(
              `the FreeMarker setting ${sm[1]} is not supported by the embedded runtime`,
              abs,
              full,
            );
          add(el('setting', { name: sm[1], e: expr(sm[2], argAt + arg.indexOf(sm[2])) }));
          break;
        }
        case 'stop':
          add(el('stop', { e: arg ? expr() : undefined }));
          break;
        case 'flush':
          add(el('flush'));
          break;
        default:
          throw parseError(
            `the FreeMarker directive <#${name}> is not supported by the embedded runtime`,
            abs,
            full,
          );
      }
    }
  }
  text(src.length);
  if (stack.length > 1) {
    const open = stack.find((s, i) => i > 0 && !['sep', 'branch', 'case', 'else', 'recover'].includes(s.t));
    if (open) throw parseError(`<#${open.t === 'capture' ? 'assign' : open.t}> is not closed`, open.b, full);
    for (let j = stack.length - 1; j > 0; j--) stack[j].end = base + src.length;
  }
  return root;
}

function parseError(msg: string, at: number, full: string): FreeMarkerError {
  const e = new FreeMarkerError(msg);
  const { line, column } = lineCol(full, at);
  e.line = line;
  e.column = column;
  e.located = true;
  return e;
}

function parseAssignments(arg: string, at: number, full: string) {
  const pairs: { name: string; op: string; e: Expr | undefined }[] = [];
  const A = /\s*,?\s*([A-Za-z_]\w*|"[^"]*")\s*(=|\+=|-=|\*=|\/=|%=|\+\+|--)\s*/y;
  let i = 0;
  while (i < arg.length && arg.slice(i).trim()) {
    A.lastIndex = i;
    const m = A.exec(arg);
    if (!m) throw parseError(`<#assign ${arg}>: expected <#assign name = value>`, at, full);
    i = A.lastIndex;
    const name = m[1].replace(/^"|"$/g, '');
    if (m[2] === '++' || m[2] === '--') {
      pairs.push({ name, op: m[2], e: undefined });
      continue;
    }
    const end = exprEnd(arg, i);
    pairs.push({ name, op: m[2], e: parseExpr(arg.slice(i, end), at + i, full) });
    i = end;
  }
  return pairs;
}

/** Where an expression that starts at `from` ends: at a top-level comma or at white-space before `name =`. */
function exprEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const j = skipString(s, i);
      i = j - 1;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === ',') return i;
    else if (
      depth === 0 &&
      /\s/.test(c) &&
      /^\s+[A-Za-z_]\w*\s*(=[^=]|\+=|-=|\*=|\/=|%=|\+\+|--)/.test(s.slice(i))
    )
      return i;
  }
  return s.length;
}

function skipString(s: string, i: number): number {
  const q = s[i];
  let j = i + 1;
  while (j < s.length && s[j] !== q) j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

function parseCall(body: string, at: number, full: string) {
  const m = /^\s*([A-Za-z_][\w.]*)/.exec(body);
  if (!m) throw parseError(`<@${body}>: expected a macro name`, at, full);
  const callee = parseExpr(m[1], at, full);
  const rest = body.slice(m[0].length);
  const named: [string, Expr][] = [];
  const positional: Expr[] = [];
  if (/^\s*[A-Za-z_]\w*\s*=/.test(rest)) {
    const N = /\s*,?\s*([A-Za-z_]\w*)\s*=\s*/y;
    let i = 0;
    while (i < rest.length && rest.slice(i).trim()) {
      N.lastIndex = i;
      const nm = N.exec(rest);
      if (!nm) throw parseError(`<@${body}>: cannot read the arguments`, at, full);
      i = N.lastIndex;
      const end = exprEnd(rest, i);
      named.push([nm[1], parseExpr(rest.slice(i, end), at + m[0].length + i, full)]);
      i = end;
    }
  } else if (rest.trim()) {
    let i = 0;
    while (i < rest.length && rest.slice(i).trim()) {
      const end = exprEnd(rest, i);
      positional.push(parseExpr(rest.slice(i, end), at + m[0].length + i, full));
      i = end < rest.length && rest[end] === ',' ? end + 1 : end;
    }
  }
  return { callee, named, positional };
}

function collectMacros(el: El, out: Map<string, El & { t: 'macro' }>): void {
  for (const k of el.kids) {
    if (k.t === 'macro') out.set(k.name, k);
    else collectMacros(k, out);
  }
}

/** The index of the `close` character that ends an expression starting at `from` (strings and nesting skipped). */
function closing(text: string, from: number, close: string): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      // a raw string r"..." has no escapes
      if (i > 0 && text[i - 1] === 'r' && !/\w/.test(text[i - 2] ?? '')) {
        const j = text.indexOf(c, i + 1);
        if (j < 0) break;
        i = j;
        continue;
      }
      const j = skipString(text, i);
      if (j > text.length) break;
      i = j - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || (c === '}' && depth > 0)) depth--;
    else if (c === close && depth === 0) return i;
  }
  throw new FreeMarkerError(`unclosed ${close === '}' ? '${' : 'directive'} at offset ${from}`);
}

// ------------------------------------------------------------------ white-space stripping (TextBlock)
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) out.push(i + 1);
  }
  return out;
}

function lineCol(text: string, at: number): { line: number; column: number } {
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: columnAt(text, starts[lo], at) };
}

/** FreeMarker's column of a character (SimpleCharStream: a tab moves to the next multiple of 8). */
function columnAt(text: string, lineStart: number, at: number): number {
  let col = 0;
  for (let i = lineStart; i <= at && i < text.length; i++) {
    col++;
    if (text[i] === '\t') {
      col--;
      col += 8 - (col % 8);
    }
  }
  return col;
}

function cleanup(root: El, full: string): void {
  const starts = lineStarts(full);
  const lineOf = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const beginLine = (el: El) => lineOf(el.b);
  const endLine = (el: El) => lineOf(Math.max(el.b, el.end - 1));
  const beginColumn = (el: El) => columnAt(full, starts[lineOf(el.b) - 1], el.b);
  // TemplateElement.getFirstLeaf/getLastLeaf: a macro and a capturing assignment count as leaves
  const isLeafStop = (el: El) => el.t === 'macro' || el.t === 'capture';
  const firstLeaf = (el: El): El => {
    while (el.kids.length && !isLeafStop(el)) el = el.kids[0];
    return el;
  };
  const lastLeaf = (el: El): El => {
    while (el.kids.length && !isLeafStop(el)) el = el.kids[el.kids.length - 1];
    return el;
  };
  const sibling = (el: El, d: number): El | undefined => {
    const p = el.parent;
    if (!p) return undefined;
    return p.kids[p.kids.indexOf(el) + d];
  };
  const nextTerminal = (el: El): El | undefined => {
    const n = sibling(el, 1);
    if (n) return firstLeaf(n);
    return el.parent && el.parent.t !== 'root' ? nextTerminal(el.parent) : undefined;
  };
  const prevTerminal = (el: El): El | undefined => {
    const n = sibling(el, -1);
    if (n) return lastLeaf(n);
    return el.parent && el.parent.t !== 'root' ? prevTerminal(el.parent) : undefined;
  };
  const topLevel = (el: El) => !el.parent || el.parent.t === 'root';
  const nonOutputting = (el: El | undefined) =>
    !!el && ['macro', 'assign', 'setting', 'comment'].includes(el.t);
  const trimmable = (s: string) => /^\s*$/.test(s);
  const isIgnorable = (el: El): boolean => {
    if (el.t !== 'text') return false;
    if (el.s.length === 0) return true;
    if (!trimmable(el.s)) return false;
    const prev = sibling(el, -1);
    const next = sibling(el, 1);
    const top = topLevel(el);
    return ((!prev && top) || nonOutputting(prev)) && ((!next && top) || nonOutputting(next));
  };
  const heedsOpening = (el: El): boolean => {
    if (el.t === 'out') return true;
    if (el.t !== 'text') return false;
    if (isIgnorable(el)) return false;
    for (let i = el.s.length - 1; i >= 0; i--) {
      const c = el.s[i];
      if (c === '\n' || c === '\r') return false;
      if (!/\s/.test(c)) return true;
    }
    return true;
  };
  const heedsTrailing = (el: El): boolean => {
    if (el.t === 'out') return true;
    if (el.t !== 'text') return false;
    if (isIgnorable(el)) return false;
    for (let i = 0; i < el.s.length; i++) {
      const c = el.s[i];
      if (c === '\n' || c === '\r') return false;
      if (!/\s/.test(c)) return true;
    }
    return true;
  };
  const lastNl = (s: string) => Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
  const firstNl = (s: string) => {
    const m = /[\r\n]/.exec(s);
    return m ? m.index : -1;
  };
  const cleanText = (el: El & { t: 'text' }) => {
    if (el.s.length === 0 || el.unparsed) return;
    // deliberate trims on the same line
    let leftTrim = false;
    for (let n = nextTerminal(el); n && beginLine(n) === endLine(el); n = nextTerminal(n)) {
      if (n.t !== 'trim') continue;
      if (!n.left && !n.right) leftTrim = true;
      if (n.left) {
        leftTrim = true;
        const li = lastNl(el.s);
        if (li >= 0 || beginColumn(el) === 1) {
          const firstPart = el.s.slice(0, li + 1);
          const last = el.s.slice(li + 1);
          el.s = trimmable(last) ? firstPart : firstPart + last.replace(/^\s+/, '');
        }
      }
    }
    let rightTrim = false;
    // TextBlock.deliberateRightTrim: dropping the first line moves the block's begin to the next line
    let bl = beginLine(el);
    let bc = beginColumn(el);
    for (let n = prevTerminal(el); n && endLine(n) === bl; n = prevTerminal(n)) {
      if (n.t !== 'trim') continue;
      if (!n.left && !n.right) rightTrim = true;
      if (n.right) {
        rightTrim = true;
        let fi = firstNl(el.s) + 1;
        if (fi === 0) {
          rightTrim = false;
          break;
        }
        if (el.s.length > fi && el.s[fi - 1] === '\r' && el.s[fi] === '\n') fi++;
        let trailing = el.s.slice(fi);
        const opening = el.s.slice(0, fi);
        if (trimmable(opening)) {
          el.s = trailing;
          bl++;
          bc = 1;
        } else {
          if (trimmable(trailing)) {
            // the rest of the line goes unless something later on the line heeds it (and no <#lt> follows)
            let trimTrailing = true;
            for (let t = nextTerminal(el); t && beginLine(t) === endLine(el); t = nextTerminal(t)) {
              if (heedsOpening(t)) trimTrailing = false;
              if (t.t === 'trim' && t.left) {
                trimTrailing = true;
                break;
              }
            }
            if (trimTrailing) trailing = '';
          }
          el.s = opening.replace(/\s+$/, '') + trailing;
        }
      }
    }
    // the first top-level text is not stripped (its deliberate trims above still apply)
    if (topLevel(el) && !sibling(el, -1)) return;
    let trailingStrip = 0;
    let openingStrip = 0;
    if (!leftTrim) {
      const li = lastNl(el.s);
      if (!(li === -1 && bc !== 1) && trimmable(el.s.slice(li + 1))) {
        let heeds = false;
        for (let n = nextTerminal(el); n && beginLine(n) === endLine(el); n = nextTerminal(n))
          if (heedsTrailing(n)) heeds = true;
        if (!heeds) trailingStrip = el.s.length - (li + 1);
      }
    }
    if (!rightTrim) {
      let ni = firstNl(el.s);
      if (!(ni === -1 && bc !== 1)) {
        ni++;
        if (el.s.length > ni && ni > 0 && el.s[ni - 1] === '\r' && el.s[ni] === '\n') ni++;
        if (trimmable(el.s.slice(0, ni))) {
          let heeds = false;
          for (let n = prevTerminal(el); n && endLine(n) === beginLine(el); n = prevTerminal(n))
            if (heedsOpening(n)) heeds = true;
          if (!heeds) openingStrip = ni;
        }
      }
    }
    if (openingStrip || trailingStrip) el.s = el.s.slice(openingStrip, el.s.length - trailingStrip);
  };
  const visit = (el: El) => {
    for (const k of el.kids) {
      if (k.t === 'text') cleanText(k);
      else visit(k);
    }
    el.kids = el.kids.filter((k) => !isIgnorable(k));
  };
  visit(root);
}

// ------------------------------------------------------------------ expressions
interface Tok {
  v: string;
  kind: 'num' | 'str' | 'raw' | 'op' | 'name';
  p: number;
}

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|(r?)"((?:[^"\\]|\\[\s\S])*)"|(r?)'((?:[^'\\]|\\[\s\S])*)'|(\.\.<|\.\.!|\.\.\*|\.\.|\?\?|&&|\|\||==|!=|<=|>=|->|\+=|[-+*/%()[\]{}.,:?!<>=&|;])|(@@?[A-Za-z_*][\w]*|@@|@\*|\*\*|[A-Za-z_$][\w$]*))/y;

function parseExpr(src: string, at: number, full: string): Expr {
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
    else if (m[6] !== undefined) toks.push({ v: m[6], kind: 'op', p });
    else toks.push({ v: m[7], kind: 'name', p });
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
        let name = t.v;
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
        if (name === 'if_exists') name = 'if_exists';
        e = mk(s, { k: 'bi', a: e, name, args: a });
      } else if (isOp('!')) {
        k++;
        // FTL.jj DefaultTo: the right side is a whole Expression (`a!b + c` is `a!(b + c)`)
        const d = startsOperand() ? or() : undefined;
        return mk(s, { k: 'def', a: e, d });
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
    if (t.v === '.' && peek()?.kind === 'name' && peek().v === 'now') {
      // the special variable .now: the current date-time
      k++;
      return mk(s, { k: 'var', name: '.now' });
    }
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
  'word_list',
  'number',
  'boolean',
  'then',
  // numbers
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
  // dates
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
  // nodes
  'children',
  'parent',
  'root',
  'ancestors',
  'node_name',
  'node_type',
  'node_namespace',
]);

// ------------------------------------------------------------------ values
/** A hash of the data model: JSON objects (in their order) and MI's maps of strings. */
type Hash = Map<string, unknown>;

/** freemarker.ext.dom's NodeListModel: the result of a name step matching no node, or several. */
class NodeList {
  constructor(readonly items: unknown[]) {}
}

/** The document node MI's NodeModel.parse gives (the payload's root element under it). */
export class FmDocument {
  constructor(readonly root: slimdom.Element) {}
}

/** A text node of the simplified DOM (adjacent text and CDATA merged). */
class FmText {
  constructor(
    readonly text: string,
    readonly parent: unknown,
  ) {}
}

/** A FreeMarker date: the moment and whether it is a date, a time or both. */
class FmDate {
  constructor(
    readonly d: Date,
    readonly kind: 'date' | 'time' | 'datetime',
  ) {}
}

/** en_US styles of java.text.DateFormat (JDK 20+: a narrow no-break space before AM/PM). */
const DATE_STYLES: Record<FmDate['kind'], Record<string, string>> = {
  date: { short: 'M/d/yy', medium: 'MMM d, y', long: 'MMMM d, y', full: 'EEEE, MMMM d, y' },
  time: { short: 'h:mm\u202fa', medium: 'h:mm:ss\u202fa', long: 'h:mm:ss\u202fa z' },
  datetime: {
    short: 'M/d/yy, h:mm\u202fa',
    medium: 'MMM d, y, h:mm:ss\u202fa',
    long: 'MMMM d, y, h:mm:ss\u202fa z',
  },
};

function formatDate(v: FmDate, format: string): string {
  const style = format === '' ? 'medium' : format;
  if (style === 'iso' || style === 'iso_utc' || style === 'iso_local') return isoDate(v, style);
  const pattern =
    DATE_STYLES[v.kind][style] ?? (/^(short|medium|long|full)$/.test(style) ? undefined : style);
  if (pattern === undefined)
    throw new FreeMarkerError(`the date format "${style}" is not supported by the embedded runtime`);
  try {
    return formatJavaDate(v.d, pattern);
  } catch (e) {
    throw new FreeMarkerError((e as Error).message);
  }
}

/**
 * ISO 8601 as FreeMarker writes it (DateUtil.dateToISO8601String): `?iso_utc` in UTC, `?iso_local` and
 * `?string.iso` in the default zone (the JVM's, the process's here); `?iso_*` to the second, `?string.iso` to the
 * millisecond when there are some, trailing zeros dropped (`.5`); the offset `Z` when it is 0, else `+05:30`; a
 * date has none.
 */
function isoDate(v: FmDate, style: string): string {
  const off = style === 'iso_utc' ? 0 : -v.d.getTimezoneOffset();
  const t = new Date(v.d.getTime() + off * 60000); // its UTC fields are the wall clock in that zone
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`;
  if (v.kind === 'date') return date;
  let time = `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
  if (style === 'iso' && t.getUTCMilliseconds())
    time += `.${p(t.getUTCMilliseconds(), 3).replace(/0+$/, '')}`;
  const a = Math.abs(off);
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
  return `${v.kind === 'time' ? time : `${date}T${time}`}${zone}`;
}

function parseDate(s: string, pattern: string, kind: FmDate['kind']): FmDate {
  try {
    if (pattern === '') throw new Error('no format');
    return new FmDate(parseJavaDate(s, pattern, true), kind);
  } catch {
    throw new FreeMarkerError(
      `The string doesn't match the expected date/time/date-time format. The string to parse was: "${s}". The expected format was: "${pattern}".`,
    );
  }
}

interface Lambda {
  fn: Extract<Expr, { k: 'fn' }>;
  env: Env;
}

interface Callable {
  macro: El & { t: 'macro' };
}

class BreakSignal {}
class ContinueSignal {}
class ReturnSignal {
  constructor(readonly value: unknown) {}
}
class StopSignal {
  constructor(
    readonly message: string,
    readonly instruction: string,
    readonly at: number,
  ) {}
}

interface Frame {
  vars: Map<string, unknown>;
  loop?: { name: string; index: number; hasNext: boolean };
  /** a macro call's local variables: lookups do not go past it */
  macro?: { nested: { kids: El; frames: Frame[] } | undefined };
}

class Env {
  out = '';
  ns = new Map<string, unknown>();
  globals = new Map<string, unknown>();
  frames: Frame[] = [];
  numberFormat = 'number';
  booleanFormat = 'true,false';
  model: Map<string, unknown>;
  /** the instruction being run, for error positions */
  at = 0;
  doc: FmDocument | undefined;
  constructor(
    model: Record<string, unknown>,
    readonly nsPrefixes: Map<string, string> | undefined,
    readonly macros: Map<string, El & { t: 'macro' }>,
    readonly full: string,
  ) {
    this.model = new Map();
    for (const [k, v] of Object.entries(model)) {
      const w = wrapModel(v);
      if (w instanceof FmDocument) this.doc = w;
      this.model.set(k, w);
    }
  }
  lookup(name: string): unknown {
    if (name === '.now') return new FmDate(new Date(), 'datetime');
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.vars.has(name)) return f.vars.get(name);
      if (f.macro) break;
    }
    if (this.ns.has(name)) return this.ns.get(name);
    if (this.globals.has(name)) return this.globals.get(name);
    if (this.model.has(name)) return this.model.get(name);
    const m = this.macros.get(name);
    if (m) return { macro: m } satisfies Callable;
    return MISSING;
  }
  loopOf(name: string): Frame['loop'] {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.loop?.name === name) return f.loop;
      if (f.macro) break;
    }
    return undefined;
  }
  get defaultNs(): string | undefined {
    return this.nsPrefixes?.get('D');
  }
}

/** Plain objects of the data model become hashes (MI passes HashMaps; JSON objects are Gson's LinkedTreeMaps). */
function wrapModel(v: unknown): unknown {
  if (v === null || v === undefined) return MISSING;
  if (v instanceof Number) return v.valueOf();
  if (Array.isArray(v)) return v.map(wrapModel);
  if (v instanceof Map || v instanceof FmDocument || v instanceof Dec) return v;
  if (typeof v === 'object') {
    const m: Hash = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, wrapModel(x));
    return m;
  }
  return v;
}

/** A JSON value as MI hands it to FreeMarker: Gson's Map/List of Doubles, member order kept. */
export function jsonToFreeMarker(v: unknown, keys: (o: object) => string[]): unknown {
  if (v === null || v === undefined) return MISSING;
  if (v instanceof Number) return v.valueOf();
  if (Array.isArray(v)) return v.map((x) => jsonToFreeMarker(x, keys));
  if (typeof v === 'object') {
    const m: Hash = new Map();
    for (const k of keys(v)) m.set(k, jsonToFreeMarker((v as Record<string, unknown>)[k], keys));
    return m;
  }
  return v;
}

function isMissing(v: unknown): boolean {
  return v === MISSING || v === null || v === undefined;
}

function isDomNode(v: unknown): v is slimdom.Node {
  return (
    !!v && typeof v === 'object' && typeof (v as slimdom.Node).nodeType === 'number' && !(v instanceof FmText)
  );
}

function isNodeValue(v: unknown): boolean {
  return v instanceof FmDocument || v instanceof FmText || isDomNode(v);
}

function isHashValue(v: unknown): boolean {
  return v instanceof Map || isNodeValue(v) || v instanceof NodeList;
}

function isSequenceValue(v: unknown): boolean {
  return Array.isArray(v) || v instanceof NodeList || isNodeValue(v);
}

/** A node as a scalar (freemarker.ext.dom getAsString), or undefined when it is none. */
function nodeString(v: unknown): string | undefined {
  if (v instanceof FmText) return v.text;
  if (isDomNode(v)) {
    if (v.nodeType === 2) return (v as slimdom.Attr).value;
    if (v.nodeType === 1) {
      let s = '';
      for (const c of Array.from(v.childNodes)) {
        if (c.nodeType === 1)
          throw new FreeMarkerError('Only elements with no child elements can be processed as text.');
        if (c.nodeType === 3 || c.nodeType === 4) s += c.textContent ?? '';
      }
      return s;
    }
    if (v.nodeType === 3 || v.nodeType === 4) return v.textContent ?? '';
  }
  return undefined;
}

function typeName(v: unknown): string {
  if (typeof v === 'string') return 'a string (wrapper: f.t.SimpleScalar)';
  if (isFmNumber(v)) return 'a number (wrapper: f.t.SimpleNumber)';
  if (typeof v === 'boolean') return 'a boolean (wrapper: f.t.TemplateBooleanModel)';
  if (v instanceof FmDate) return 'a date/time (wrapper: f.t.SimpleDate)';
  if (Array.isArray(v)) return 'a sequence (wrapper: f.t.DefaultListAdapter)';
  if (v instanceof Map) return 'an extended_hash (wrapper: f.t.DefaultMapAdapter)';
  if (v instanceof NodeList) return 'a sequence+hash (wrapper: f.e.dom.NodeListModel)';
  if (isNodeValue(v)) return 'a node (wrapper: f.e.dom.NodeModel)';
  return 'a value of another type';
}

// ------------------------------------------------------------------ rendering
function renderKids(el: El, env: Env): void {
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
    case 'out': {
      env.at = el.b;
      const v = evaluate(el.e, env);
      if (el.computer && isFmNumber(v)) env.out += computerFormat(v);
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
      const v = env.out;
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
      if (typeof v !== 'string') throw new FreeMarkerError(`the ${el.name} setting must be a string`);
      if (el.name === 'number_format') env.numberFormat = v;
      else env.booleanFormat = v;
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

function callMacro(
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

function findItems(el: El): (El & { t: 'items' }) | undefined {
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

function condition(e: Expr, env: Env, what: string): boolean {
  const v = evaluate(e, env);
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (typeof v !== 'boolean')
    throw blame(
      `For "${what}" condition: Expected a boolean, but this has evaluated to ${typeName(v)}`,
      e,
      env,
    );
  return v;
}

/** `${v}`: text as it is, numbers in the number format; booleans, sequences, hashes refused. */
function interpolate(v: unknown, e: Expr, env: Env, what: string): string {
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (typeof v === 'string') return v;
  if (isFmNumber(v)) return formatWith(v, env.numberFormat, env);
  if (typeof v === 'boolean') return booleanText(v, env);
  if (v instanceof FmDate) return formatDate(v, '');
  if (isNodeValue(v)) {
    const s = nodeString(v);
    if (s !== undefined) return s;
  }
  throw blame(
    `For "${what}" content: Expected a string or something automatically convertible to string (number, date or boolean), or "template output" , but this has evaluated to ${typeName(v)}`,
    e,
    env,
  );
}

function booleanText(v: boolean, env: Env): string {
  if (env.booleanFormat === 'true,false' || env.booleanFormat === 'c')
    throw new FreeMarkerError(
      `Can't convert boolean to string automatically, because the "boolean_format" setting was "true,false", which is the legacy deprecated default, and we treat it as if no format was set. This is the default configuration; you should provide the format explicitly for each place where you print a boolean.`,
    );
  const [t, f] = env.booleanFormat.split(',');
  return v ? t : (f ?? '');
}

function formatWith(v: FmNumber, format: string, _env: Env): string {
  try {
    if (format === 'number') return defaultFormat(v);
    if (format === 'computer' || format === 'c') return computerFormat(v);
    if (format === 'currency') {
      return formatNumber(v, '\u00a4#,##0.00');
    }
    if (format === 'percent') return formatNumber(v, '#,##0%');
    return formatNumber(v, format);
  } catch (e) {
    if (e instanceof FormatError) throw new FreeMarkerError(e.message);
    throw e;
  }
}

/** A value as text where FreeMarker wants a string (built-ins on strings, concatenation). */
function textOf(v: unknown, e: Expr, env: Env, what = '?'): string {
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

function invalidRef(src: string, p: number, env: Env): FreeMarkerError {
  const err = new InvalidReference(`The following has evaluated to null or missing: ${src}`);
  err.blamed = src;
  setPos(err, p, env.full);
  return err;
}

function blame(msg: string, e: Expr, env: Env): FreeMarkerError {
  const err = new FreeMarkerError(msg);
  err.blamed = e.src;
  setPos(err, e.p, env.full);
  return err;
}

function setPos(err: FreeMarkerError, p: number, full: string): void {
  const { line, column } = lineCol(full, p);
  err.line = line;
  err.column = column;
  err.located = true;
}

function locate(err: FreeMarkerError, _e: Expr | undefined, at: number, full: string): void {
  if (err.located) return;
  setPos(err, at, full);
}

function evaluate(e: Expr, env: Env): unknown {
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
function tolerant(a: Expr, env: Env): unknown {
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

function member(o: unknown, key: unknown, e: Expr, env: Env): unknown {
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

// ------------------------------------------------------------------ XML nodes (freemarker.ext.dom)
function parentOf(n: unknown, env: Env): unknown {
  if (n instanceof FmText) return n.parent;
  if (n instanceof FmDocument) return MISSING;
  const node = n as slimdom.Node;
  if (env.doc && node === env.doc.root) return env.doc;
  if (node.nodeType === 2) return (node as slimdom.Attr).ownerElement ?? MISSING;
  return node.parentNode ?? MISSING;
}

/** NodeModel.parse's simplified children: no comments or processing instructions, adjacent text merged. */
function childrenOf(n: unknown): unknown[] {
  if (n instanceof FmDocument) return [n.root];
  // an attribute's value is its text child
  if (isDomNode(n) && n.nodeType === 2) return [new FmText((n as slimdom.Attr).value, n)];
  if (!isDomNode(n) || n.nodeType !== 1) return [];
  const out: unknown[] = [];
  let pending: string | undefined;
  for (const c of Array.from(n.childNodes)) {
    if (c.nodeType === 7 || c.nodeType === 8) continue;
    if (c.nodeType === 3 || c.nodeType === 4) {
      pending = (pending ?? '') + (c.textContent ?? '');
      continue;
    }
    if (pending !== undefined) out.push(new FmText(pending, n));
    pending = undefined;
    out.push(c);
  }
  if (pending !== undefined) out.push(new FmText(pending, n));
  return out;
}

function elementChildren(n: unknown): slimdom.Element[] {
  if (n instanceof FmDocument) return [n.root];
  if (!isDomNode(n) || n.nodeType !== 1) return [];
  return Array.from((n as slimdom.Element).children);
}

/** freemarker.ext.dom's name test: by namespace (ns_prefixes; an unprefixed name is in no namespace or D's). */
function matchesName(qname: string, el: slimdom.Element, env: Env): boolean {
  const local = el.localName;
  const uri = el.namespaceURI ?? '';
  const def = env.defaultNs;
  if (def !== undefined && def === uri) return qname === local || qname === `D:${local}`;
  if (uri === '') {
    if (def !== undefined) return qname === `N:${local}`;
    return qname === local || qname === `N:${local}`;
  }
  let prefix: string | undefined;
  for (const [p, u] of env.nsPrefixes ?? []) if (u === uri && p !== 'D') prefix = p;
  if (prefix === undefined) return false;
  return qname === `${prefix}:${local}`;
}

/** freemarker.ext.dom: NodeListModel.get, ElementModel.get, DocumentModel.get, NodeModel.get. */
function nodeGet(o: unknown, key: string, e: Expr, env: Env): unknown {
  if (o instanceof NodeList) {
    if (o.items.length === 1) return nodeGet(o.items[0], key, e, env);
    if (key.startsWith('@@')) {
      if (key === '@@text' || key === '@@markup' || key === '@@nested_markup')
        return o.items.map((n) => nodeGet(n, key, e, env)).join('');
      if (key !== '@@')
        throw new FreeMarkerError(
          AT_AT_KEYS.has(key)
            ? `"${key}" is only applicable to a single XML node, but it was applied on ${o.items.length ? `${o.items.length} XML nodes (multiple matches).` : 'an empty list of XML nodes (no matches).'}`
            : `Unsupported @@ key: ${key}`,
        );
    }
    if (
      XML_NAME.test(key) ||
      key === '*' ||
      key === '**' ||
      key === '@@' ||
      key === '@*' ||
      /^@[A-Za-z_]/.test(key)
    ) {
      const out: unknown[] = [];
      for (const n of o.items) {
        if (!isDomNode(n) || n.nodeType !== 1) continue;
        const r = nodeGet(n, key, e, env);
        if (r instanceof NodeList) out.push(...r.items);
        else if (!isMissing(r)) out.push(r);
      }
      return out.length === 1 ? out[0] : new NodeList(out);
    }
    throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
  }
  if (o instanceof FmDocument) {
    if (key === '*') return o.root;
    if (key === '**') return new NodeList(descendants(o));
    if (XML_NAME.test(key)) return matchesName(key, o.root, env) ? o.root : new NodeList([]);
    if (key.startsWith('@@')) return atAt(o, key, env);
    throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
  }
  const node = o as slimdom.Node;
  if (isDomNode(o) && node.nodeType === 1) {
    const el = node as slimdom.Element;
    if (key === '*') return new NodeList(elementChildren(el));
    if (key === '**') return new NodeList(descendants(el));
    // a bare @@ names nothing (an empty node list)
    if (key === '@@') return new NodeList([]);
    if (key.startsWith('@@')) return atAt(o, key, env);
    if (key.startsWith('@')) {
      if (key === '@*') return new NodeList(sortedAttributes(el));
      const qn = key.slice(1);
      let att = el.getAttributeNode(qn);
      const colon = qn.indexOf(':');
      if (!att && colon > 0) {
        const prefix = qn.slice(0, colon);
        const uri = prefix === 'D' ? env.defaultNs : env.nsPrefixes?.get(prefix);
        if (uri !== undefined) att = el.getAttributeNodeNS(uri, qn.slice(colon + 1));
      }
      return att ?? new NodeList([]);
    }
    if (XML_NAME.test(key)) {
      const r = elementChildren(el).filter((c) => matchesName(key, c, env));
      return r.length === 1 ? r[0] : new NodeList(r);
    }
    throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
  }
  if (key.startsWith('@@')) return atAt(o, key, env);
  throw blame(`XPath queries (${key}) are not supported by the embedded runtime`, e, env);
}

const XML_NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

const AT_AT_KEYS = new Set([
  '@@markup',
  '@@nested_markup',
  '@@attributes_markup',
  '@@text',
  '@@start_tag',
  '@@qname',
  '@@namespace',
  '@@local_name',
  '@@attributes',
  '@@next_sibling_element',
  '@@previous_sibling_element',
  '@@next_sibling_node',
  '@@previous_sibling_node',
]);

function descendants(n: unknown): slimdom.Element[] {
  const all: slimdom.Element[] = [];
  const walk = (x: unknown) => {
    for (const c of elementChildren(x)) {
      all.push(c);
      walk(c);
    }
  };
  if (n instanceof FmDocument) {
    all.push(n.root);
    walk(n.root);
  } else walk(n);
  return all;
}

/** Xerces keeps the attributes of an element ordered by name; namespace declarations are attributes too. */
function sortedAttributes(el: slimdom.Element): slimdom.Attr[] {
  return Array.from(el.attributes).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function qualifiedName(n: slimdom.Element | slimdom.Attr, env: Env): string | undefined {
  const uri = n.namespaceURI ?? '';
  if (uri === '') return n.localName;
  const prefix = env.defaultNs === uri ? '' : prefixFor(uri, env);
  if (prefix === undefined) return undefined;
  return prefix ? `${prefix}:${n.localName}` : n.localName;
}

function prefixFor(uri: string, env: Env): string | undefined {
  for (const [p, u] of env.nsPrefixes ?? []) if (u === uri && p !== 'D') return p;
  return undefined;
}

function atAt(o: unknown, key: string, env: Env): unknown {
  const node = o as slimdom.Node;
  const isEl = isDomNode(o) && node.nodeType === 1;
  const isAttr = isDomNode(o) && node.nodeType === 2;
  switch (key) {
    case '@@text':
      // NodeModel.getText: text, elements and the document; an attribute has none
      return o instanceof FmText
        ? o.text
        : o instanceof FmDocument
          ? (o.root.textContent ?? '')
          : isAttr
            ? ''
            : (node.textContent ?? '');
    case '@@markup':
    case '@@nested_markup': {
      const out = new NodeOutputter(o, env);
      if (key === '@@markup') return out.content(o);
      if (isAttr) return xmlEncNQG((node as slimdom.Attr).value);
      return (o instanceof FmDocument ? [o.root] : childrenOf(o)).map((c) => out.content(c)).join('');
    }
    case '@@attributes_markup':
    case '@@start_tag': {
      if (!isEl) return new NodeList([]);
      const el = node as slimdom.Element;
      const out = new NodeOutputter(o, env);
      if (key === '@@attributes_markup') return out.attributes(el).trim();
      return `<${out.qname(el)}${out.namespaceDecl}${out.attributes(el)}>`;
    }
    case '@@qname':
      if (isEl || isAttr) return qualifiedName(node as slimdom.Element, env) ?? MISSING;
      return MISSING;
    case '@@local_name':
      return isEl || isAttr ? (node as slimdom.Element).localName : MISSING;
    case '@@namespace': {
      const u = isEl || isAttr ? (node as slimdom.Element).namespaceURI : null;
      return u ? u : MISSING;
    }
    case '@@attributes':
      return new NodeList(isEl ? sortedAttributes(node as slimdom.Element) : []);
    default:
      throw new FreeMarkerError(`Unsupported @@ key: ${key}`);
  }
}

/** freemarker.ext.dom.NodeOutputter: @@markup, @@nested_markup, @@start_tag. */
class NodeOutputter {
  private readonly prefixes = new Map<string, string>();
  namespaceDecl = '';
  private readonly context: slimdom.Element | undefined;
  constructor(n: unknown, env: Env) {
    const node = n as slimdom.Node;
    this.context =
      n instanceof FmDocument
        ? n.root
        : isDomNode(n) && node.nodeType === 1
          ? (node as slimdom.Element)
          : isDomNode(n) && node.nodeType === 2
            ? ((node as slimdom.Attr).ownerElement ?? undefined)
            : undefined;
    if (!this.context) return;
    const def = env.defaultNs;
    const hasDef = !!def;
    let explicitDefault = false;
    let next = 1;
    const walk = (x: slimdom.Node) => {
      const uri = (x as slimdom.Element).namespaceURI ?? '';
      if (x.nodeType === 1 && uri) {
        let prefix = prefixFor(uri, env) ?? this.prefixes.get(uri);
        if (prefix === undefined) {
          do prefix = lowerAbc(next++);
          while (env.nsPrefixes?.has(prefix));
        }
        this.prefixes.set(uri, prefix);
      } else if (hasDef && x.nodeType === 1) {
        this.prefixes.set(def!, 'D');
        explicitDefault = true;
      }
      // the child nodes only (attributes are no children)
      if (x.nodeType === 1) for (const c of Array.from(x.childNodes)) if (c.nodeType === 1) walk(c);
    };
    walk(this.context);
    if (!explicitDefault && hasDef) this.prefixes.set(def!, '');
    let decl = explicitDefault ? ` xmlns="${def}"` : '';
    for (const [uri, prefix] of this.prefixes) decl += ` xmlns${prefix ? `:${prefix}` : ''}="${uri}"`;
    this.namespaceDecl = decl;
  }
  qname(n: slimdom.Element | slimdom.Attr): string {
    const uri = n.namespaceURI ?? '';
    if (!uri) return n.nodeName;
    const prefix = this.prefixes.get(uri);
    if (prefix === undefined) return n.nodeName;
    return prefix ? `${prefix}:${n.localName}` : n.localName;
  }
  attributes(el: slimdom.Element): string {
    let out = '';
    for (const a of sortedAttributes(el)) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      out += ` ${this.qname(a)}="${xmlEncQAttr(a.value)}"`;
    }
    return out;
  }
  content(n: unknown): string {
    if (n instanceof FmText) return xmlEncNQG(n.text);
    if (n instanceof FmDocument) return this.content(n.root);
    const node = n as slimdom.Node;
    if (node.nodeType === 2)
      return ` ${this.qname(node as slimdom.Attr)}="${xmlEncQAttr((node as slimdom.Attr).value)}"`;
    if (node.nodeType === 3 || node.nodeType === 4) return xmlEncNQG(node.textContent ?? '');
    if (node.nodeType !== 1) return '';
    const el = node as slimdom.Element;
    const kids = childrenOf(el);
    let out = `<${this.qname(el)}${el === this.context ? this.namespaceDecl : ''}${this.attributes(el)}`;
    if (!kids.length) return `${out} />`;
    out += '>';
    for (const k of kids) out += this.content(k);
    return `${out}</${this.qname(el)}>`;
  }
}

function lowerAbc(n: number): string {
  let s = '';
  while (n > 0) {
    n--;
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

/** StringUtil.XMLEncNQG: & and < escaped, > only after ]]. */
function xmlEncNQG(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');
}

/** StringUtil.XMLEncQAttr: &, < and " escaped. */
function xmlEncQAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

// ------------------------------------------------------------------ operators
function num(v: unknown, e: Expr, env: Env, what = 'operand'): FmNumber {
  if (isMissing(v)) throw invalidRef(e.src, e.p, env);
  if (isFmNumber(v)) return v;
  throw blame(`For "${what}": Expected a number, but this has evaluated to ${typeName(v)}`, e, env);
}

function arith(op: string, a: unknown, b: unknown, e: Expr): FmNumber {
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

function plus(a: unknown, b: unknown, ea: Expr, eb: Expr, e: Expr, env: Env): unknown {
  // AddConcatExpression: numbers add, sequences and hashes concatenate, anything else as text, the left first
  if (isFmNumber(a) && isFmNumber(b)) return arith('+', a, b, e);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isMissing(a)) throw invalidRef(ea.src, ea.p, env);
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

function concatText(v: unknown, env: Env): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof FmDate) return formatDate(v, '');
  if (isFmNumber(v)) return formatWith(v, env.numberFormat, env);
  if (typeof v === 'boolean') return booleanText(v, env);
  return nodeString(v);
}

function binary(e: Extract<Expr, { k: 'bin' }>, env: Env): unknown {
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

function compare(op: string, a: unknown, b: unknown, ea: Expr, eb: Expr, env: Env, whole?: Expr): boolean {
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

function scalarOf(v: unknown): string | undefined {
  if (v instanceof NodeList) return undefined;
  return nodeString(v);
}

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

function builtin(e: Extract<Expr, { k: 'bi' }>, env: Env): unknown {
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
  if (
    [
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
    ].includes(name)
  ) {
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
      if (v instanceof FmDate) return int(v.d.getTime());
      return typeErr('a date');
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
      if (v instanceof FmDate) return formatDate(v, args.length ? argStr(0) : '');
      if (typeof v === 'boolean') {
        if (args.length === 2) return v ? argStr(0) : argStr(1);
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
      if (typeof v !== 'boolean') return typeErr('a boolean');
      return v ? args[0] : args[1];
    case 'upper_case':
      return str().toUpperCase();
    case 'lower_case':
      return str().toLowerCase();
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
      if (!args.length)
        throw new FreeMarkerError(
          'To do URL encoding, the framework that encloses FreeMarker must specify the "output_encoding" setting or the "url_escaping_charset" setting, so ask the programmers to set them.',
        );
      const s = str();
      let out = '';
      for (const ch of s) {
        if (/[A-Za-z0-9_\-.!~*'()]/.test(ch) || (name === 'url_path' && ch === '/')) out += ch;
        else
          out += encodeURIComponent(ch).replace(
            /[!'()*]/g,
            (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
          );
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
      const s = str();
      return s.startsWith(argStr(0)) ? s : argStr(0) + s;
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
      const s = str();
      const x = argStr(0);
      const i = name.endsWith('_last') ? s.lastIndexOf(x) : s.indexOf(x);
      if (i < 0) return name.startsWith('keep_after') ? '' : s;
      return name.startsWith('keep_after') ? s.slice(i + x.length) : s.slice(0, i);
    }
    case 'matches': {
      const s = str();
      const flags = args.length > 1 ? argStr(1) : '';
      const re = regexOf(argStr(0), `${flags}r`, e, env);
      return new RegExp(`^(?:${re.source})$`, re.flags.replace('g', '')).test(s);
    }
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
    case 'seq_index_of':
      return int(seq().findIndex((x) => looseEquals(x, args[0])));
    case 'seq_last_index_of': {
      const s = seq();
      for (let i = s.length - 1; i >= 0; i--) if (looseEquals(s[i], args[0])) return int(i);
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
            const c = x.localeCompare(y, 'en-US', { sensitivity: 'base' });
            return c || x.localeCompare(y, 'en-US');
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
    default:
      throw blame(`the FreeMarker built-in ?${name} is not supported by the embedded runtime`, e, env);
  }
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
