/**
 * The parameters of a connector operation (`<http.get configKey="c"><relativePath>/x</relativePath></http.get>`) and
 * of a connection (`<http.init><baseUrl>…</baseUrl></http.init>`), read as Synapse reads them
 * (MediatorFactoryFinder.buildParamteres / createInvokeParam, ValueFactory.createTextValue): every child element is a
 * parameter named by its local name; its text, as written (not trimmed), is a static value, or an expression when it
 * is `{…}` as a whole (`{${payload.id}}`, `{json-eval($.id)}`, `{//order/id}`), evaluated per message; `{{x}}` is the
 * literal `{x}`. A parameter with child elements or attributes is not a plain value (MI hands the template an
 * InvokeParam object): it reads as absent here, and `element()` gives it to an operation that wants the XML.
 */
import { childElements, textContent, type XmlElement } from '../../../core/xml';
import type { CompileCtx } from '../compile';
import type { MessageContext } from '../context';
import { compileValue, type Expr } from '../expressions';
import { serializeSource } from '../xmlSource';

export interface OpParam {
  readonly name: string;
  /** The plain value (static or `{expr}`); undefined for an empty parameter or one with child elements/attributes. */
  readonly value: Expr | undefined;
  /** The parameter's element (its position, and its XML for operations that take XML parameters). */
  readonly el: XmlElement;
}

export class OperationParams {
  private readonly byName = new Map<string, OpParam>();
  /** Evaluating one of the values needs the payload. */
  readonly payloadAware: boolean;

  constructor(params: OpParam[]) {
    let aware = false;
    for (const p of params) {
      // a repeated parameter: the last one wins (InvokeMediator keeps them in a map by name)
      this.byName.set(p.name, p);
      if (p.value?.payloadAware) aware = true;
    }
    this.payloadAware = aware;
  }

  /**
   * Reads the child elements of an operation or connection element. An expression that does not compile is reported
   * as a load problem at the parameter (MI refuses the configuration: ValueFactory throws on a bad XPath/JSONPath).
   */
  static compile(el: XmlElement, cc: CompileCtx): OperationParams {
    const out: OpParam[] = [];
    for (const c of childElements(el)) {
      if (!c.local) continue;
      out.push({ name: c.local, value: plainValue(c, cc), el: c });
    }
    return new OperationParams(out);
  }

  /**
   * Reads a connection's `<x.init>` parameters at load: MI's LocalEntryDeployer stores the entry as written and the
   * init template's parameters are compiled only when an operation runs it (InvokeMediator), so a `{…}` that does
   * not compile is a warning (`code`) saying the connection will fail then, not a load problem.
   */
  static compileConnection(init: XmlElement, cc: CompileCtx, code: string, label: string): OperationParams {
    const before = cc.problems.length;
    const params = OperationParams.compile(init, cc);
    for (const p of cc.problems.splice(before))
      cc.warnings.push({ ...p, code, message: `${label} will fail when an operation runs: ${p.message}` });
    return params;
  }

  has(name: string): boolean {
    return this.byName.get(name)?.value !== undefined;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  param(name: string): OpParam | undefined {
    return this.byName.get(name);
  }

  /** The value for this message (Value.evaluateValue: the expression's string), or undefined when not given. */
  string(name: string, ctx: MessageContext): string | undefined {
    const v = this.byName.get(name)?.value;
    return v === undefined ? undefined : v.string(ctx);
  }

  /** The value as written when it is static (undefined for an expression or a missing parameter). */
  literal(name: string): string | undefined {
    const v = this.byName.get(name)?.value;
    return v !== undefined && v.kind === 'literal' ? v.text : undefined;
  }

  /** The XML inside a parameter given as elements (e.g. an inline XML body), serialized as written. */
  innerXml(name: string, cc: CompileCtx): string | undefined {
    const p = this.byName.get(name);
    if (!p) return undefined;
    return childElements(p.el)
      .map((c) => serializeSource(cc.text, c))
      .join('');
  }
}

function plainValue(c: XmlElement, cc: CompileCtx): Expr | undefined {
  // createInvokeParam: attributes or child elements make it a structured parameter, not a value
  if (c.attributes.some((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns') || childElements(c).length > 0) {
    checkStructured(c, cc);
    return undefined;
  }
  // (AXIOM's getText: the text and CDATA children, concatenated, untrimmed)
  const text = textContent(c);
  if (text === '') return undefined; // StringUtils.isNotEmpty: no inline value
  return compileParam(c, text, cc);
}

function compileParam(c: XmlElement, text: string, cc: CompileCtx, attr?: string): Expr | undefined {
  try {
    return compileValue(text, cc.ns(c));
  } catch (e) {
    const where = attr ? `${attr} of <${c.local}>` : `<${c.local}>`;
    cc.problem(c, 'EXPR_SYNTAX', `Invalid expression in ${where} '${text}': ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * A structured parameter is still compiled by MI (createInvokeParam): each attribute with a value (ValueFactory
 * .createValue), its child elements as parameters in turn, and the text of one without child elements; a `{…}` that
 * does not compile fails the deployment.
 */
function checkStructured(c: XmlElement, cc: CompileCtx): void {
  for (const a of c.attributes)
    if (a.prefix !== 'xmlns' && a.name !== 'xmlns' && a.value !== '')
      compileParam(c, a.value, cc, `'${a.name}'`);
  const kids = childElements(c);
  if (kids.length > 0) {
    for (const k of kids) checkStructured(k, cc);
    return;
  }
  const text = textContent(c);
  if (text !== '') compileParam(c, text, cc);
}
