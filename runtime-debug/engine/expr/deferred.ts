/**
 * An expression handed to a template unevaluated: `<with-param value="{{//m0:order/m0:item}}"/>` (ValueFactory's
 * expression-type key). MI keeps the SynapseXPath itself as the parameter (TemplateContext.getEvaluatedParamValue),
 * and `$func:name` evaluates it where it is used, against the message as it is then
 * (SynapseXPathVariableContext); get-property('func', name) prints its string value. Made by xpath.ts
 * deferredParam.
 */
import type { EvalContext } from './context';

export class DeferredExpression {
  constructor(
    readonly text: string,
    private readonly run: (ctx: EvalContext) => unknown[],
  ) {}
  /** The XPath result (a node-set or one atomic value) for the message as it is now. */
  evaluate(ctx: EvalContext): unknown[] {
    return this.run(ctx);
  }
  toString(): string {
    return this.text;
  }
}
