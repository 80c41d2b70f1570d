/**
 * FreeMarker as payloadFactory `template-type="freemarker"` runs it in MI (Synapse FreeMarkerTemplateProcessor:
 * FreeMarker 2.3.30, `new Configuration(VERSION_2_3_30)`, the rethrow exception handler, no output format, en_US).
 * The template language: interpolations `${...}`, FTL tags (`if`/`elseif`/`else`, `list` with `else`, `items`,
 * `sep`, `break`, `continue`; `assign`/`global`/`local` (also capturing), `switch`/`case`/`default`,
 * `attempt`/`recover`, `macro`/`nested`/`return` and `<@name .../>`, `function`, `compress`, `noparse`,
 * `t`/`lt`/`rt`/`nt`, `setting` (number/boolean/date formats, locale, url_escaping_charset), `stop`, `include` and
 * `import` (the registry's conf:/ folder, as MI's FileTemplateLoader), `<#ftl output_format>`), comments, and
 * FreeMarker's white-space stripping (TextBlock's rules);
 * expressions with paths, literals (strings, raw strings, numbers, sequences, hashes, ranges), slicing, arithmetic
 * (BigDecimal: see number.ts), comparisons, logic, `!`/`??` defaults, lambdas and the built-ins users
 * write. The data model follows FreeMarker's object wrapper: JSON as hashes and sequences of Doubles, XML through
 * freemarker.ext.dom (a missing child is an empty node list, not a missing value; an element with child elements
 * is not text; names match by namespace). Anything else is refused when the configuration loads.
 */

import { type El, type FreeMarkerTemplate } from './ast';
import { FreeMarkerError, locate } from './errors';
import { setMarkupOutput } from './exprParser';
import { MARKUP_FORMATS, collectMacros, ftlHeader, parseTemplate } from './parser';
import { evaluate } from './evaluate';
import { renderKids, textOf } from './render';
import { Env, StopSignal } from './values';
import { cleanup, lineCol } from './whitespace';
export type { FreeMarkerTemplate } from './ast';
export { FreeMarkerError } from './errors';
export { FmDocument, jsonToFreeMarker } from './values';

interface Compiled {
  root: El;
  header: ReturnType<typeof ftlHeader>;
}

function compile(text: string): Compiled {
  const header = ftlHeader(text);
  setMarkupOutput(MARKUP_FORMATS.includes(header.format));
  let root: El;
  try {
    root = parseTemplate(header.rest, header.offset, text);
  } finally {
    setMarkupOutput(false);
  }
  if (header.strip) cleanup(root, text);
  return { root, header };
}

/**
 * TemplateNameFormat.DEFAULT_2_3_0: a name relative to the including template's folder (synapse-template is at the
 * root), "/" for the root, "." and ".." steps; undefined when ".." leaves the root (a malformed name).
 */
function resolveName(base: string, name: string): string | undefined {
  const dir = name.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const step of name.split('/')) {
    if (step === '' || step === '.') continue;
    if (step === '..') {
      if (!dir.length) return undefined;
      dir.pop();
    } else dir.push(step);
  }
  return dir.join('/');
}

const included = new Map<string, Compiled | FreeMarkerError>();

/**
 * <#include> and <#import> as Environment.include/importLib run them: the named template is loaded (MI: a
 * FileTemplateLoader on <MI_HOME>/registry/config), parsed on its own, and run in this environment (an include) or
 * in a new namespace bound to the import's name; a template that cannot be found or parsed fails the directive.
 */
function runInclude(
  env: Env,
  el: El & { t: 'include' | 'import' },
  load: ((name: string) => string | undefined) | undefined,
): void {
  const raw = evaluate(el.e, env);
  const what = el.t === 'include' ? 'inclusion' : 'importing';
  const name = textOf(raw, el.e, env);
  const opts = new Map((el.t === 'include' ? el.opts : []).map(([k, e]) => [k, evaluate(e, env)]));
  const path = resolveName(env.templateName, name);
  const text = path === undefined || !load ? undefined : load(path);
  const fail = () => new FreeMarkerError(`Template ${what} failed (for parameter value "${name}")`);
  if (text === undefined) {
    if (opts.get('ignore_missing') === true) return;
    throw fail();
  }
  if (opts.get('parse') === false) {
    env.out += text;
    return;
  }
  let c = included.get(text);
  if (!c) {
    try {
      c = compile(text);
    } catch (e) {
      if (!(e instanceof FreeMarkerError)) throw e;
      c = e;
    }
    if (included.size > 100) included.clear();
    included.set(text, c);
  }
  if (c instanceof FreeMarkerError) throw fail();
  const saved = { full: env.full, name: env.templateName, ns: env.ns, frames: env.frames, at: env.at };
  env.full = text;
  env.templateName = path!;
  if (el.t === 'import') {
    env.ns = new Map();
    env.frames = [];
  }
  try {
    renderKids(c.root, env);
  } catch (e) {
    if (e instanceof FreeMarkerError) locate(e, undefined, env.at, text);
    throw e;
  } finally {
    const ns = env.ns;
    env.full = saved.full;
    env.templateName = saved.name;
    env.ns = saved.ns;
    env.frames = saved.frames;
    env.at = saved.at;
    if (el.t === 'import') env.ns.set(el.ns, ns);
  }
}

/**
 * What FreeMarker's parser says of an inline payloadFactory format (FreeMarkerTemplateProcessor.init compiles it when
 * MI deploys the mediator): the parse error, or undefined when it parses or uses a construct only the embedded
 * runtime lacks. `synapse validate` reports it as the runtime's load problem RT_FREEMARKER_SYNTAX.
 */
export function freeMarkerSyntaxError(format: string, mediaType: string): string | undefined {
  // FreeMarkerTemplateProcessor.compileFreeMarkerTemplate wraps an XML template in <pfPadding>
  const text =
    mediaType === 'xml' && format !== '' && !format.startsWith('<#ftl')
      ? `<pfPadding>${format}</pfPadding>`
      : format;
  try {
    compile(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof FreeMarkerError) || /is not supported by the embedded runtime/.test(e.message))
      return undefined;
    return e.message;
  }
}

export function compileFreeMarker(text: string): FreeMarkerTemplate {
  const { root, header } = compile(text);
  const macros = new Map<string, El & { t: 'macro' }>();
  collectMacros(root, macros);
  return {
    render: (model, load) => {
      const env = new Env(model, header.ns, macros, text);
      env.outputFormat = header.format;
      env.markupFormat = MARKUP_FORMATS.includes(header.format);
      env.escaping = header.autoEsc && env.markupFormat;
      env.include = (el) => runInclude(env, el, load);
      try {
        renderKids(root, env);
      } catch (e) {
        if (e instanceof FreeMarkerError) {
          locate(e, undefined, env.at, env.full);
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
