/**
 * The conditionalRouter mediator (legacy):
 *
 *   <conditionalRouter [continueAfter="false|true"]>
 *     <conditionalRoute [breakRoute="true|false"]>
 *       <condition> evaluator (and, or, not, equal, match; see rewrite.ts) </condition>
 *       <target [sequence="key"]> <sequence>inline</sequence>? </target>
 *     </conditionalRoute>+
 *   </conditionalRouter>
 *
 * Each route's condition is evaluated against the message's To address (type="url"), its transport headers, query
 * parameters of the To address and properties; a route that holds runs its target sequence on the message itself,
 * and stops the routing unless breakRoute="false". After the routes, mediation goes on only with
 * continueAfter="true" (the default is false, as in Synapse). A condition that cannot be evaluated faults.
 */
import { attrValue, childElements, firstChild, type XmlElement } from '../../../core/xml';
import { compileSequence, registerMediator, type CompileCtx } from '../compile';
import { MediationError } from '../errors';
import type { SequenceDef } from '../model';
import { compileCondition, parseUrl, type Cond } from './rewrite';
import { base } from './util';

interface Route {
  condition?: Cond;
  breakRoute: boolean;
  sequence?: SequenceDef;
  sequenceKey?: string;
}

function compileRoute(el: XmlElement, cc: CompileCtx, label: string): Route {
  const condEl = firstChild(el, 'condition');
  // ConditionalRouterMediatorFactory: the first element inside <condition> is the evaluator (others are not read)
  const first = condEl ? childElements(condEl)[0] : undefined;
  if (!first)
    cc.problem(
      condEl ?? el,
      'RT_CONDITION_FORM',
      '<conditionalRoute> needs a <condition> with an evaluator element',
    );
  const condition = first ? compileCondition(first, cc) : undefined;
  const target = firstChild(el, 'target');
  if (!target) cc.problem(el, 'RT_MISSING_TARGET', '<conditionalRoute> needs a <target>');
  const seqEl = target ? firstChild(target, 'sequence') : undefined;
  const sequenceKey = target ? attrValue(target, 'sequence') || undefined : undefined;
  // a <target> with neither a sequence nor an endpoint deploys (TargetFactory) and does nothing when the route matches
  if (target && (attrValue(target, 'endpoint') || firstChild(target, 'endpoint')))
    cc.unsupported(
      target,
      'conditionalRouter targets with an endpoint are not supported by the embedded runtime',
    );
  return {
    condition,
    // ConditionalRouterMediatorFactory: JavaUtils.isFalseExplicitly of the trimmed value (false, no, 0 in any case)
    breakRoute: !/^(?:false|no|0)$/i.test((attrValue(el, 'breakRoute') ?? '').trim()),
    sequence: seqEl ? compileSequence(seqEl, cc, label) : undefined,
    sequenceKey,
  };
}

registerMediator('conditionalRouter', (el, cc) => {
  // ConditionalRouterMediatorFactory: JavaUtils.isTrueExplicitly of the trimmed value (true, yes, 1 in any case)
  const continueAfter = /^(?:true|yes|1)$/i.test((attrValue(el, 'continueAfter') ?? '').trim());
  const routes = childElements(el)
    .filter((c) => c.local === 'conditionalRoute')
    .map((r, i) => compileRoute(r, cc, `conditionalRoute[${i + 1}]`));
  // ConditionalRouterMediatorFactory deploys a router without routes (it answers continueAfter)
  const p = cc.pos(el);
  const where = `${p.file}:${p.line}`;
  return {
    ...base(
      el,
      cc,
      routes.some((r) => r.sequence?.contentAware),
    ),
    async mediate(ctx, ex) {
      for (const r of routes) {
        let hit: boolean;
        try {
          hit = r.condition ? r.condition(ctx, parseUrl(ctx.to ?? '', true)) : false;
        } catch (e) {
          throw new MediationError(
            0,
            `Couldn't evaluate the route condition: ${(e as Error).message} (${where})`,
            undefined,
            where,
          );
        }
        if (!hit) continue;
        let seq = r.sequence;
        if (!seq && r.sequenceKey) {
          seq = ex.reg.sequence(r.sequenceKey);
          if (!seq)
            throw new MediationError(
              0,
              `Sequence '${r.sequenceKey}' is not deployed (${where})`,
              undefined,
              where,
            );
        }
        if (seq) {
          if (ctx.payload.streaming) await ctx.payload.build();
          const ok = await ex.runSequence(seq, ctx);
          if (!ok || ctx.stopped) return false;
        }
        if (r.breakRoute) break;
      }
      return continueAfter;
    },
  };
});

export const CONDITIONAL_ROUTER_LOADED = true;
