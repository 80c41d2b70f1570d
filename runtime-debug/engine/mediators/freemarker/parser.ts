/** Parsing a template into its tree: the <#ftl> header, text, interpolations, FTL tags, macro calls, comments. */
import { type El, type Expr } from './ast';
import { FreeMarkerError } from './errors';
import { parseExpr } from './exprParser';
import { findItems } from './render';
import { lineCol } from './whitespace';

// ------------------------------------------------------------------ the <#ftl> header
/** The output formats a FreeMarker 2.3.30 Configuration registers by name. */
const OUTPUT_FORMATS = ['undefined', 'plainText', 'HTML', 'XHTML', 'XML', 'RTF', 'JSON', 'JavaScript', 'CSS'];
/** the markup (escaping) formats among them */
export const MARKUP_FORMATS = ['HTML', 'XHTML', 'XML', 'RTF'];

export function ftlHeader(text: string): {
  rest: string;
  offset: number;
  ns: Map<string, string> | undefined;
  strip: boolean;
  /** output_format (a markup format escapes `${}` unless auto_esc=false) */
  format: string;
  autoEsc: boolean;
} {
  const m = /^\s*<#ftl\b/.exec(text);
  if (!m) return { rest: text, offset: 0, ns: undefined, strip: true, format: 'undefined', autoEsc: true };
  const end = closing(text, m[0].length, '>');
  const params = text.slice(m[0].length, end).replace(/\/$/, '');
  let ns: Map<string, string> | undefined;
  let strip = true;
  let format = 'undefined';
  let autoEsc = true;
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
    else if (name === 'output_format') {
      // Configuration's standard output formats (getOutputFormat): an unknown name does not parse
      format = raw.replace(/^["']|["']$/g, '');
      if (!OUTPUT_FORMATS.includes(format))
        throw new FreeMarkerError(`Unregistered output format name, "${format}".`);
    } else if (name === 'auto_esc') autoEsc = raw !== 'false';
    else if (name !== 'encoding' && name !== 'strip_text')
      throw new FreeMarkerError(`the <#ftl> parameter ${name} is not supported by the embedded runtime`);
  }
  // the header swallows the white-space after it up to and with the first line break
  let offset = end + 1;
  const ws = /^[ \t]*(\r\n|\n|\r)?/.exec(text.slice(offset))!;
  offset += ws[0].length;
  return { rest: text.slice(offset), offset, ns, strip, format, autoEsc };
}

/** The settings `<#setting>` may change in the runtime (others are refused when the template loads). */
const SETTINGS = [
  'number_format',
  'boolean_format',
  'locale',
  'date_format',
  'time_format',
  'datetime_format',
  'url_escaping_charset',
  'output_encoding',
  'sql_date_and_time_time_zone',
];

/** The directive names FreeMarker 2.3.30's FTL.jj knows (with their camel-case spellings). */
const DIRECTIVES_2_3_30 = new Set(
  (
    'attempt recover if else elseif elseIf list items sep foreach forEach switch case default assign global local ' +
    'include import function macro transform visit recurse fallback stop return call setting outputformat ' +
    'outputFormat autoesc autoEsc noautoesc noAutoEsc compress comment noparse noParse break continue flush t lt ' +
    'rt nt nested escape noescape noEscape ftl'
  ).split(' '),
);

// ------------------------------------------------------------------ parsing the template
const START = /\$\{|#\{|<#--|<\/?#[a-zA-Z]|<\/?@/g;
export function parseTemplate(src: string, base: number, full: string): El {
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
      // #{x; m1M2}: the numerical interpolation's format (deprecated, FreeMarker 2.3.30 still reads it)
      if (tok === '#{' && /;\s*(?:[mM]\d+){1,2}\s*$/.test(inner))
        throw parseError(`the format of #{${inner}} is not supported by the embedded runtime`, abs, full);
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
          case 'recover':
            // an <#attempt> needs its <#recover>; FTL.jj's Attempt ends with </#attempt> or </#recover>
            if (top().t !== 'recover')
              throw parseError(
                `<#${name === 'attempt' ? 'attempt' : 'recover'}> without <#recover>`,
                abs,
                full,
              );
            closeTo(['attempt'], `</#${name}>`, endAbs);
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
          // <#assign x = 1 in ns>: FTL.jj's assignment into another namespace
          if (
            name !== 'local' &&
            /\sin\s+[^\s"'=]+$/.test(arg.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""'))
          )
            throw parseError(
              `<#${name} ${arg}> (in a namespace) is not supported by the embedded runtime`,
              abs,
              full,
            );
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
          // FreeMarker also takes a quoted name and a catch-all parameter (`others...`)
          if (/^["']/.test(arg) || (mm && /\.\.\.\s*\)?\s*$/.test(mm[2])))
            throw parseError(`<#${name} ${arg}> is not supported by the embedded runtime`, abs, full);
          if (!mm) throw parseError(`<#${name} ${arg}>: expected a name`, abs, full);
          const params: { name: string; def: Expr | undefined }[] = [];
          const P = /\s*,?\s*([A-Za-z_]\w*)(\s*=\s*)?/y;
          // <#macro m(a, b)>: the list in parentheses
          const plist = /^\(/.test(mm[2]) ? mm[2].replace(/^\(|\)\s*$/g, '') : mm[2];
          let i = 0;
          while (i < plist.length && plist.slice(i).trim()) {
            P.lastIndex = i;
            const pm = P.exec(plist);
            if (!pm) throw parseError(`<#${name} ${arg}>: cannot read the parameters`, abs, full);
            i = P.lastIndex;
            let def: Expr | undefined;
            if (pm[2] !== undefined) {
              // the default is an expression ([1, 2], (1 + 2), "a b"), up to a comma or the next name
              const end = paramEnd(plist, i);
              def = expr(plist.slice(i, end), argAt);
              i = end;
            }
            params.push({ name: pm[1], def });
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
          // numberFormat is number_format (FreeMarker's camel-case naming convention)
          const setting = sm[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
          // PropertySetting.SETTING_NAMES: a name a template may not set is refused when the template is parsed
          if (!SETTINGS.includes(setting) && setting !== 'time_zone' && setting !== 'classic_compatible')
            throw parseError(`Unknown setting name: "${sm[1]}".`, abs, full);
          if (!SETTINGS.includes(setting))
            throw parseError(
              `the FreeMarker setting ${sm[1]} is not supported by the embedded runtime`,
              abs,
              full,
            );
          add(el('setting', { name: setting, e: expr(sm[2], argAt + arg.indexOf(sm[2])) }));
          break;
        }
        case 'stop':
          add(el('stop', { e: arg ? expr() : undefined }));
          break;
        case 'flush':
          add(el('flush'));
          break;
        case 'include': {
          // <#include path parse=... encoding=... ignore_missing=...>
          const o = /\s(parse|encoding|ignore_missing)\s*=\s*/g;
          const found = [...arg.matchAll(o)];
          const pathEnd = found.length ? found[0].index : arg.length;
          const opts: [string, Expr][] = found.map((m, i) => {
            const from = m.index + m[0].length;
            const to = i + 1 < found.length ? found[i + 1].index : arg.length;
            return [m[1], expr(arg.slice(from, to), argAt + from)];
          });
          add(el('include', { e: expr(arg.slice(0, pathEnd)), opts }));
          break;
        }
        case 'import': {
          const im = /^([\s\S]+?)\s+as\s+([A-Za-z_]\w*)\s*$/.exec(arg);
          if (!im) throw parseError(`<#import ${arg}>: expected <#import path as name>`, abs, full);
          add(el('import', { e: expr(im[1]), ns: im[2] }));
          break;
        }
        default:
          // FTL.jj refuses a name that is none of its directives ("Unknown directive"), when MI deploys the template
          if (!DIRECTIVES_2_3_30.has(name)) throw parseError(`Unknown directive: #${name}.`, abs, full);
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

export function parseError(msg: string, at: number, full: string): FreeMarkerError {
  const e = new FreeMarkerError(msg);
  const { line, column } = lineCol(full, at);
  e.line = line;
  e.column = column;
  e.located = true;
  return e;
}

function parseAssignments(arg: string, at: number, full: string) {
  const pairs: { name: string; op: string; e: Expr | undefined }[] = [];
  // the name as FTL.jj reads one (\- \. \: \# escapes, any letter), or a string literal
  const A =
    /\s*,?\s*((?:[A-Za-z_$\u00aa-\uffff]|\\[-.:#])(?:[\w$@\u00aa-\uffff]|\\[-.:#])*|"[^"]*")\s*(=|\+=|-=|\*=|\/=|%=|\+\+|--)\s*/y;
  let i = 0;
  while (i < arg.length && arg.slice(i).trim()) {
    A.lastIndex = i;
    const m = A.exec(arg);
    if (!m) throw parseError(`<#assign ${arg}>: expected <#assign name = value>`, at, full);
    i = A.lastIndex;
    const name = m[1].startsWith('"') ? m[1].slice(1, -1) : m[1].replace(/\\(.)/g, '$1');
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

/** Where a macro parameter's default that starts at `from` ends: at a top-level comma or white-space before a name. */
function paramEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") i = skipString(s, i) - 1;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === ',') return i;
    else if (depth === 0 && /\s/.test(c) && /^\s+[A-Za-z_]\w*\s*(=[^=]|,|$|\s+[A-Za-z_])/.test(s.slice(i)))
      return i;
  }
  return s.length;
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
  const m = /^\s*([A-Za-z_][\w.]*)(?=\s|$)/.exec(body);
  // FreeMarker takes any expression as the callee (<@x?interpret/>, <@"..."?interpret/>, <@m[k]/>)
  // what cannot start an expression (<@>, <@<#if ...>) is a syntax error there too
  if (!m && !/^\s*[\p{L}_$"'([{.\\]/u.test(body))
    throw parseError(`<@${body}>: expected a macro name`, at, full);
  if (!m) throw parseError(`the callee of <@${body}> is not supported by the embedded runtime`, at, full);
  const callee = parseExpr(m[1], at, full);
  const rest = body.slice(m[0].length);
  // FreeMarker's loop variables of a call (<@m ; x, y>) and arguments with no commas between them (<@m 1 2/>)
  if (/;/.test(rest.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '')))
    throw parseError(
      `the call <@${body}> with loop variables is not supported by the embedded runtime`,
      at,
      full,
    );
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
      try {
        positional.push(parseExpr(rest.slice(i, end), at + m[0].length + i, full));
      } catch (e) {
        if (!(e instanceof FreeMarkerError) || rest.includes(',')) throw e;
        throw parseError(
          `the call <@${body}> (arguments without commas) is not supported by the embedded runtime`,
          at,
          full,
        );
      }
      i = end < rest.length && rest[end] === ',' ? end + 1 : end;
    }
  }
  return { callee, named, positional };
}

export function collectMacros(el: El, out: Map<string, El & { t: 'macro' }>): void {
  for (const k of el.kids) {
    if (k.t === 'macro') out.set(k.name, k);
    else collectMacros(k, out);
  }
}

/** The index of the `close` character that ends an expression starting at `from` (strings and nesting skipped). */
export function closing(text: string, from: number, close: string): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if ((c === '<' || c === '[') && text.startsWith('#--', i + 1)) {
      // a comment inside an FTL tag or an interpolation (FreeMarker skips it)
      const j = text.indexOf(c === '<' ? '-->' : '--]', i + 4);
      if (j < 0) break;
      i = j + 2;
      continue;
    }
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
