/** Flow control: filter (xpath form and source/regex form), switch; in/out (legacy). */
import { attrValue, childElements, firstChild, type XmlElement } from '../../../core/xml';
import { compileMediators, registerMediator, type CompileCtx } from '../compile';
import { MediationError } from '../errors';
import { ExpressionEvalError } from '../expr/errors';
import type { Executor } from '../executor';
import type { MessageContext } from '../context';
import type { Mediator } from '../model';
import { aware, base } from './util';
import { absentCheck } from './core';

interface Branch {
  mediators: Mediator[];
  sequenceKey?: string;
}

function branch(el: XmlElement | undefined, cc: CompileCtx): Branch | undefined {
  if (!el) return undefined;
  return { mediators: compileMediators(el, cc), sequenceKey: attrValue(el, 'sequence') || undefined };
}

async function runBranch(
  b: Branch | undefined,
  ctx: MessageContext,
  ex: Executor,
  label: string,
): Promise<boolean> {
  if (!b) return true;
  if (b.sequenceKey) {
    const seq = ex.reg.sequence(b.sequenceKey);
    if (!seq) throw new MediationError(0, `Sequence '${b.sequenceKey}' is not deployed`);
    if (seq.contentAware && ctx.payload.streaming) await ctx.payload.build();
    return ex.runSequence(seq, ctx);
  }
  return ex.runList(b.mediators, ctx, label);
}

function fullMatch(re: RegExp, s: string): boolean {
  const m = re.exec(s);
  return !!m && m.index === 0 && m[0].length === s.length;
}

/** A filter or switch-case regex: Pattern.compile (no flags: '.' takes no line break) matched as a whole. */
function javaRegex(src: string, cc: CompileCtx, el: XmlElement): RegExp {
  return cc.javaRegex(el, src, { whole: true }) ?? /$^/;
}

registerMediator('filter', (el, cc) => {
  const xpathAttr = attrValue(el, 'xpath');
  const sourceAttr = attrValue(el, 'source');
  const regexAttr = attrValue(el, 'regex');
  // FilterMediatorFactory: a blank xpath, or (no xpath attribute) a blank source or regex, is refused at deploy
  const blank = (v: string | undefined): boolean => v !== undefined && v.trim() === '';
  const formError = blank(xpathAttr)
    ? 'Invalid attribute value specified for xpath'
    : xpathAttr === undefined &&
        sourceAttr !== undefined &&
        regexAttr !== undefined &&
        (blank(sourceAttr) || blank(regexAttr))
      ? 'Invalid attribute values for source and/or regex specified'
      : undefined;
  if (formError) cc.problem(el, 'RT_FILTER_FORM', formError);
  const xpath = formError ? undefined : cc.expr(el, 'xpath');
  const source = formError ? undefined : cc.expr(el, 'source');
  if (!formError && !xpath && !(source && regexAttr !== undefined) && !cc.problems.length)
    cc.problem(el, 'RT_FILTER_FORM', 'filter needs xpath, or source and regex');
  const regex = regexAttr !== undefined ? javaRegex(regexAttr, cc, el) : undefined;
  // a lone read of a property that is not there is Java null to SynapseXPath.stringValueOf: FilterMediator.test
  // answers false for a null source string, whatever the regex
  const sourceAbsent = absentCheck(attrValue(el, 'source'));
  const thenEl = firstChild(el, 'then');
  const elseEl = firstChild(el, 'else');
  const legacy = !thenEl && !elseEl;
  const thenB = legacy ? { mediators: compileMediators(el, cc) } : branch(thenEl, cc);
  const elseB = legacy ? undefined : branch(elseEl, cc);
  return {
    ...base(el, cc, aware(xpath, source)),
    mediate(ctx, ex) {
      let ok: boolean;
      if (xpath) {
        try {
          ok = xpath.bool(ctx);
        } catch (e) {
          // FilterMediator.test: a Jaxen failure (an unknown function, a prefix not declared; booleanValueOf has no
          // DOM failover) is handleException("Error evaluating Expression : " + xpath), the fault's ERROR_MESSAGE
          if (xpath.kind === 'xpath' && e instanceof ExpressionEvalError)
            throw new MediationError(0, `Error evaluating Expression : ${xpath.text}`, e.message);
          throw e;
        }
      } else ok = !sourceAbsent?.(ctx) && fullMatch(regex!, source!.string(ctx));
      return ok ? runBranch(thenB, ctx, ex, 'filter/then') : runBranch(elseB, ctx, ex, 'filter/else');
    },
  };
});

registerMediator('switch', (el, cc) => {
  const source = cc.expr(el, 'source');
  if (!source) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'switch needs a source');
  const cases = childElements(el)
    .filter((c) => c.local === 'case')
    .map((c) => ({ regex: javaRegex(attrValue(c, 'regex') ?? '', cc, c), branch: branch(c, cc)! }));
  const def = branch(firstChild(el, 'default'), cc);
  const sourceAbsent = absentCheck(attrValue(el, 'source'));
  return {
    ...base(el, cc, aware(source)),
    mediate(ctx, ex) {
      // a source that is Java null (a lone read of a property that is not there): SwitchMediator runs the default
      // case; without one, each SwitchCase.matches(null) warns and answers false
      if (sourceAbsent?.(ctx)) {
        if (def) return runBranch(def, ctx, ex, 'switch/default');
        for (let i = 0; i < cases.length; i++)
          ex.log(
            'WARN',
            'SwitchCase',
            undefined,
            "Provided character sequence for switch case condition is 'null'. Switch case will not be executed.",
          );
        return true;
      }
      const v = source!.string(ctx);
      for (const c of cases) if (fullMatch(c.regex, v)) return runBranch(c.branch, ctx, ex, 'switch/case');
      return runBranch(def, ctx, ex, 'switch/default');
    },
  };
});

registerMediator('in', (el, cc) => {
  const list = compileMediators(el, cc);
  return {
    ...base(el, cc, false),
    mediate(ctx, ex) {
      return ctx.response ? true : ex.runList(list, ctx, 'in');
    },
  };
});

registerMediator('out', (el, cc) => {
  const list = compileMediators(el, cc);
  return {
    ...base(el, cc, false),
    mediate(ctx, ex) {
      return ctx.response ? ex.runList(list, ctx, 'out') : true;
    },
  };
});

export const FLOW_LOADED = true;
