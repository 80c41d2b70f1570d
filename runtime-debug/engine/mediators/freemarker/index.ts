/**
 * FreeMarker as payloadFactory `template-type="freemarker"` runs it in MI (Synapse FreeMarkerTemplateProcessor:
 * FreeMarker 2.3.30, `new Configuration(VERSION_2_3_30)`, the rethrow exception handler, no output format, en_US).
 * The template language: interpolations `${...}`, FTL tags (`if`/`elseif`/`else`, `list` with `else`, `items`,
 * `sep`, `break`, `continue`; `assign`/`global`/`local` (also capturing), `switch`/`case`/`default`,
 * `attempt`/`recover`, `macro`/`nested`/`return` and `<@name .../>`, `function`, `compress`, `noparse`,
 * `t`/`lt`/`rt`/`nt`, `setting`, `stop`), comments, and FreeMarker's white-space stripping (TextBlock's rules);
 * expressions with paths, literals (strings, raw strings, numbers, sequences, hashes, ranges), slicing, arithmetic
 * (BigDecimal: see number.ts), comparisons, logic, `!`/`??` defaults, lambdas and the built-ins users
 * write. The data model follows FreeMarker's object wrapper: JSON as hashes and sequences of Doubles, XML through
 * freemarker.ext.dom (a missing child is an empty node list, not a missing value; an element with child elements
 * is not text; names match by namespace). Anything else is refused when the configuration loads.
 */

import { type El, type FreeMarkerTemplate } from './ast';
import { FreeMarkerError, locate } from './errors';
import { collectMacros, ftlHeader, parseTemplate } from './parser';
import { renderKids } from './render';
import { Env, StopSignal } from './values';
import { cleanup, lineCol } from './whitespace';
export type { FreeMarkerTemplate } from './ast';
export { FreeMarkerError } from './errors';
export { FmDocument, jsonToFreeMarker } from './values';

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
