/** Expression syntax: every expression-typed attribute, dynamic key and expression text is parsed and its errors placed. */
import type { XmlAttribute, XmlElement } from '../../xml/types';
import { attrValue, textContent } from '../../xml/query';
import { namespaceScope } from '../../xml/parse';
import type { AttributeDecl, ElementDecl } from '../../catalog/types';
import { attributeDecl } from '../../catalog/resolve';
import { parseDynamicValue, parseExpression, parseInlineTemplate, type ExprError } from '../../expressions';
import { xpath2StaticError } from '../../expressions/xpath2';
import { parseSynapseExpression } from '../../expressions/synapse-parser';
import type { Report } from '../report';
import type { Code } from '../codes';

/** The xmlns prefixes in scope on an element (nearest declaration wins; the default namespace is left out). */
export function namespacesInScope(el: XmlElement): Record<string, string> {
  const { '': _default, ...prefixes } = namespaceScope(el);
  return prefixes;
}

/**
 * Maps an offset in a decoded attribute value back to the raw text (entities such as `&lt;` are longer in the
 * source than in the value, and a literal CR LF is one space in the value: parseXml's attribute-value normalization).
 */
export function rawOffset(raw: string, decodedOffset: number): number {
  if (raw.indexOf('&') < 0 && raw.indexOf('\r\n') < 0) return decodedOffset;
  let d = 0;
  let r = 0;
  while (r < raw.length && d < decodedOffset) {
    if (raw[r] === '\r' && raw[r + 1] === '\n') {
      r += 2;
      d++;
      continue;
    }
    if (raw[r] === '&') {
      const semi = raw.indexOf(';', r);
      if (semi > r && semi - r <= 10) {
        r = semi + 1;
        d++;
        continue;
      }
    }
    r++;
    d++;
  }
  return r;
}

function place(
  report: Report,
  errors: readonly ExprError[],
  base: number,
  raw: string | undefined,
  xpath = false,
): void {
  for (const e of errors) {
    const start = base + (raw ? rawOffset(raw, e.span.start) : e.span.start);
    const end = base + (raw ? rawOffset(raw, e.span.end) : e.span.end);
    const deployable = DEPLOYS_ANYWAY[e.code] ?? (xpath ? XPATH_DEPLOYS_ANYWAY[e.code] : undefined);
    const message = deployable ? e.message + deployable : e.message;
    report.add(
      e.code as Code,
      { start, end: Math.max(end, start) },
      message,
      undefined,
      deployable ? 'warning' : e.severity,
    );
  }
}

/**
 * Expression findings Micro Integrator does not refuse at deploy time, only when the expression is evaluated: they
 * are warnings, with what happens said in the message. An XPath prefix is resolved by Jaxen at evaluation
 * (SynapseXPathFactory.getSynapseXPath only copies the xmlns in scope; SynapseXPath.stringValueOf turns the
 * UnresolvableException into "Evaluation of the XPath expression ... resulted in an error").
 */
const DEPLOYS_ANYWAY: Readonly<Record<string, string>> = {
  EXPR_UNDECLARED_PREFIX: ' Micro Integrator deploys it; evaluating the expression fails.',
};

/**
 * The same for an XPath (not a `${...}` expression, whose parser checks names when MI deploys it): Jaxen looks a
 * function or a variable up and checks arguments only when the expression is evaluated (DefaultFunctionCallExpr,
 * VariableReferenceExpr), so SynapseXPath deploys an unknown function, a wrong argument count or an unknown
 * variable, and the evaluation fails.
 */
const XPATH_DEPLOYS_ANYWAY: Readonly<Record<string, string>> = {
  EXPR_UNKNOWN_FUNCTION: ' Micro Integrator deploys it; evaluating the XPath fails.',
  EXPR_BAD_ARITY: ' Micro Integrator deploys it; evaluating the XPath fails.',
  // SynapseXPathVariableContext resolves $name when evaluating (custom XpathExtensionUtil resolvers may know it)
  EXPR_UNKNOWN_VARIABLE:
    ' Micro Integrator deploys it; evaluating the XPath fails unless an XPath extension resolves it.',
};

/** Whether MI reads this expression text as an XPath (SynapsePathFactory: not `${...}`, not `json-eval(...)`). */
function readAsXPath(text: string, kind?: 'xpath' | 'jsonpath'): boolean {
  if (kind === 'jsonpath') return false;
  const t = text.trimStart();
  return !t.startsWith('${') && !t.startsWith('json-eval(');
}

function expressionKind(el: XmlElement, ad: AttributeDecl): 'xpath' | 'jsonpath' | undefined {
  if (ad.type === 'xpath') return 'xpath';
  if (ad.type === 'jsonpath') return 'jsonpath';
  // payloadFactory/template args evaluated as JSON take a bare JSONPath
  if (
    (el.local === 'arg' || el.parent?.local === 'args') &&
    ad.name === 'expression' &&
    attrValue(el, 'evaluator') === 'json'
  )
    return 'jsonpath';
  // PayloadFactoryMediatorFactory compiles any other arg expression with SynapseXPathFactory.getSynapseXPath
  if (ad.name === 'expression' && el.parent?.local === 'args' && el.parent.parent?.local === 'payloadFactory')
    return 'xpath';
  return undefined;
}

/**
 * SynapsePathFactory.getSynapsePath (and the factories that classify alike) take `json-eval(` only at the very start
 * of the value and `${...}` only as the whole value, untrimmed: with white space before (or, for `${...}`, after) it
 * the text goes to Jaxen as an XPath and the deployment fails ("Invalid XPath expression"; session 17 W5 factory
 * oracle: property, log, filter, switch, enrich, header, iterate, foreach, aggregate, scatter-gather, variable).
 */
function untrimmedRefusal(value: string): ExprError[] | undefined {
  const t = value.trim();
  const lead = value.length - value.trimStart().length;
  const trail = value.length - value.trimEnd().length;
  const bad =
    (lead > 0 && t.startsWith('json-eval(')) ||
    ((lead > 0 || trail > 0) && t.startsWith('${') && t.endsWith('}'));
  if (!bad) return undefined;
  return [
    {
      code: 'EXPR_XPATH_SYNTAX',
      message: `Micro Integrator reads ${t.startsWith('${') ? 'a ${...} expression only as the whole value' : 'json-eval( only at the very start of the value'}: with the white space around it, it reads an XPath and refuses the artifact ("Invalid XPath expression"). Remove the white space.`,
      span: { start: lead, end: value.length - trail },
      severity: 'error',
    },
  ];
}

/**
 * An attribute MI compiles as an XPath only (SynapseXPathFactory.getSynapseXPath, new SynapseXPath: the payloadFactory
 * arg without evaluator="json", callout source/target, xslt source, makefault code/reason/detail, rewrite action, a
 * store's dynamic messageStore, an endpoint's key-expression) hands a `${...}` expression or a json-eval(...) to Jaxen,
 * which refuses it, and the deployment fails ("Invalid XPath expression ..."; session 17 W5 factory oracle): one clear
 * error instead of Jaxen's view of the text.
 */
function xpathOnlyRefusal(value: string): ExprError[] | undefined {
  const t = value.trimStart();
  const form = t.startsWith('${')
    ? 'a ${...} expression'
    : t.startsWith('json-eval(')
      ? 'json-eval(...)'
      : undefined;
  if (!form) return undefined;
  const start = value.length - t.length;
  return [
    {
      code: 'EXPR_XPATH_SYNTAX',
      message: `Micro Integrator reads this value as an XPath only and refuses ${form} here when it deploys the artifact ("Invalid XPath expression").`,
      span: { start, end: value.trimEnd().length },
      severity: 'error',
    },
  ];
}

/**
 * Expression errors by (kind, namespaces in scope, text). Parsing is pure and its error spans are relative to the
 * text, so an expression written many times in a project (`get-property('x')`, `json-eval($.id)`) is parsed once per
 * validation run and on every keystroke after. Bounded: cleared when full.
 */
const parsedErrors = new Map<string, readonly ExprError[]>();
const MAX_MEMO = 20_000;

function expressionErrors(
  value: string,
  kind: 'xpath' | 'jsonpath' | undefined,
  namespaces: Record<string, string>,
): readonly ExprError[] {
  let nsKey = '';
  for (const p in namespaces) nsKey += `${p}=${namespaces[p]} `;
  const key = `${kind ?? ''}\u0000${nsKey}\u0000${value}`;
  let errors = parsedErrors.get(key);
  if (errors === undefined) {
    errors = parseExpression(value, kind ? { kind, namespaces } : { namespaces }).errors;
    if (parsedErrors.size >= MAX_MEMO) parsedErrors.clear();
    parsedErrors.set(key, errors);
  }
  return errors;
}

/**
 * Where MI evaluates an XPath without the DOM failover: booleanValueOf (a filter's xpath) and evaluate() (iterate,
 * foreach, aggregate's onComplete, enrich's source and target), so an XPath 2.0 function there fails even with it on.
 */
function withoutFailover(el: XmlElement, attr: string): boolean {
  switch (el.local) {
    case 'filter':
      return attr === 'xpath';
    case 'iterate':
    case 'foreach':
    case 'onComplete':
      return attr === 'expression';
    case 'source':
    case 'target':
      return attr === 'xpath' && el.parent?.local === 'enrich';
    default:
      return false;
  }
}

/**
 * An XPath's findings when the project's deployment.toml turns MI's DOM failover on
 * (synapse.xpath.dom.failover.enabled): a text Jaxen cannot parse deploys when Saxon compiles it as XPath 2.0
 * (SynapseXPathFactory / SynapsePathFactory catch the XPathSyntaxException and build `new SynapseXPath(expr, elem)`,
 * whose constructor compiles it with Saxon): no finding then, its XPath 1.0 errors otherwise; an XPath 2.0 function
 * works where a string value is taken (SynapseXPath.stringValueOf), so its warning stays only where MI has no
 * failover (see withoutFailover).
 */
function underFailover(
  errors: readonly ExprError[],
  value: string,
  namespaces: Record<string, string>,
  noFailover: boolean,
  syntaxFailover = true,
): readonly ExprError[] {
  if (errors.length === 0) return errors;
  if (errors.some((e) => e.code === 'EXPR_XPATH_SYNTAX'))
    return syntaxFailover && xpath2StaticError(value, namespaces) === undefined ? [] : errors;
  return noFailover ? errors : errors.filter((e) => e.code !== 'EXPR_XPATH2_FUNCTION');
}

export function checkExpressions(
  el: XmlElement,
  decl: ElementDecl,
  text: string,
  report: Report,
  xpathDomFailover = false,
): void {
  let ns: Record<string, string> | undefined;
  const nsOf = () => (ns ??= namespacesInScope(el));
  for (const a of el.attributes) {
    const ad = attributeDecl(decl, a.name);
    if (!ad) continue;
    if (ad.type === 'expression' || ad.type === 'xpath' || ad.type === 'jsonpath') {
      const kind = expressionKind(el, ad);
      const refused =
        kind === 'xpath'
          ? xpathOnlyRefusal(a.value)
          : kind === undefined
            ? untrimmedRefusal(a.value)
            : undefined;
      if (refused) {
        place(report, refused, a.valueSpan.start, a.raw);
        continue;
      }
      const xpath = readAsXPath(a.value, kind);
      let errors = expressionErrors(a.value, kind, nsOf());
      if (xpath && xpathDomFailover)
        errors = underFailover(errors, a.value, nsOf(), withoutFailover(el, a.name));
      place(report, errors, a.valueSpan.start, a.raw, xpath);
    } else if (el.local === 'store' && a.name === 'messageStore' && /^\{[^]*\}$/.test(a.value)) {
      // MessageStoreMediatorFactory: a `{...}` value is compiled with SynapsePathFactory.getSynapsePath(elem, String),
      // a plain SynapseXPath (no ${...}, no json-eval, no XPath 2.0 failover)
      const inner = a.value.slice(1, -1);
      const refused = xpathOnlyRefusal(inner);
      const errors = (refused ?? expressionErrors(inner, 'xpath', nsOf())).map((e) => ({
        ...e,
        span: { start: e.span.start + 1, end: e.span.end + 1 },
      }));
      place(report, errors, a.valueSpan.start, a.raw, true);
    } else if (ad.dynamic || ad.type === 'key') {
      checkDynamic(a, nsOf, report, xpathDomFailover);
    }
  }
  if (decl.text === 'expression' || decl.text === 'xpath') {
    for (const c of el.children) {
      if ((c.kind === 'text' || c.kind === 'cdata') && c.value.trim() !== '') {
        const lead = c.value.length - c.value.trimStart().length;
        const body = c.value.trim();
        const xpath = readAsXPath(body, decl.text === 'xpath' ? 'xpath' : undefined);
        let errors = expressionErrors(body, decl.text === 'xpath' ? 'xpath' : undefined, nsOf());
        if (xpath && xpathDomFailover) errors = underFailover(errors, body, nsOf(), false);
        const base = (c.kind === 'cdata' ? c.span.start + 9 : c.span.start) + lead;
        place(report, errors, base, c.kind === 'text' ? text.slice(base, c.span.end) : undefined, xpath);
      }
    }
  } else if (decl.text === 'template' && !isFreeMarkerFormat(el)) {
    checkInlineTemplates(
      el,
      text,
      report,
      el.local === 'format',
      el.local === 'format' && formatSerializedAsXml(el),
    );
  }
}

/**
 * The `${...}` of a template text. A payloadFactory `<format>` is read whole, XML content included: MI's
 * RegexTemplateProcessor.init compiles every `${...}` of the format string (the element as written, text and
 * attribute values; InlineExpressionUtil.initInlineSynapseExpressions) and refuses the format when one does not
 * compile ("Invalid Payload format"), so the nested elements are read too (`deep`).
 */
function checkInlineTemplates(
  el: XmlElement,
  text: string,
  report: Report,
  deep: boolean,
  xmlFormat = false,
  nested = false,
): void {
  for (const c of el.children) {
    if ((c.kind === 'text' || c.kind === 'cdata') && c.value.includes('${')) {
      const parsed = deep ? formatTemplateErrors(c.value) : parseInlineTemplate(c.value);
      if (xmlFormat && nested) parsed.errors.push(...escapedExpressionErrors(c.value));
      const base = c.kind === 'cdata' ? c.span.start + 9 : c.span.start;
      place(report, parsed.errors, base, c.kind === 'text' ? text.slice(base, c.span.end) : undefined);
    } else if (deep && c.kind === 'element') {
      for (const a of c.attributes)
        if (a.value.includes('${')) {
          const errors = formatTemplateErrors(a.value).errors;
          if (xmlFormat) errors.push(...escapedExpressionErrors(a.value));
          place(report, errors, a.valueSpan.start, a.raw);
        }
      checkInlineTemplates(c, text, report, true, xmlFormat, true);
    }
  }
}

/**
 * PayloadFactoryMediatorFactory: a format of any media type but json/text (xml, or none) with an element is the first
 * element serialized (`copy.getFirstElement().toString()`), CDATA included, and RegexTemplateProcessor.init compiles
 * the `${...}` of that string: a `&` or `<` of the expression is `&amp;` / `&lt;` there, which SynapseExpression does
 * not parse ("Invalid Payload format : Parse error: leftover input ..."), so the artifact is refused (MI 4.4 Synapse
 * run by the session 17 mi-run harness, G5). Inside a string literal they stay text.
 */
function formatSerializedAsXml(format: XmlElement): boolean {
  const mediaType = (format.parent && attrValue(format.parent, 'media-type')) ?? '';
  return !mediaType.includes('json') && !mediaType.includes('text');
}

function escapedExpressionErrors(value: string): ExprError[] {
  const errors: ExprError[] = [];
  const re = /\$\{(.+?)\}/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    let quote = '';
    for (let i = 0; i < m[1]!.length; i++) {
      const ch = m[1]![i]!;
      if (quote) {
        if (ch === '\\') i++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '&' || ch === '<') {
        errors.push({
          code: 'EXPR_SYNAPSE_SYNTAX',
          message: `Micro Integrator compiles an XML format as it serializes it, where this '${ch}' is '${ch === '&' ? '&amp;' : '&lt;'}', and refuses the format ("Invalid Payload format : Parse error"). Compute the value with a variable or property before the payloadFactory.`,
          span: { start: m.index, end: m.index + m[0].length },
          severity: 'error',
        });
        break;
      }
    }
  }
  return errors;
}

/**
 * A payloadFactory format's `${...}` as MI compiles them: RegexTemplateProcessor.init hands every match of
 * InlineExpressionUtil's `\$\{(.+?)}` (one line, at least one character, up to the FIRST `}`) to SynapseExpression,
 * and one that does not compile fails the deployment ("Invalid Payload format"). So `${}` followed by a later `}` on
 * the line, or a `${` whose expression holds a `}` (`${vars.a["}"]}`), is refused: what our brace-aware scan reads
 * differently from that match is parsed as MI cuts it, its errors are errors (session 17 W5 factory oracle).
 */
function formatTemplateErrors(value: string): { errors: ExprError[] } {
  const ours = parseInlineTemplate(value);
  const errors: ExprError[] = [];
  const miSpans: Array<{ start: number; end: number }> = [];
  const oursBySpan = new Set(ours.parts.map((p) => `${p.span.start}:${p.span.end}`));
  const re = /\$\{(.+?)\}/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const span = { start: m.index, end: m.index + m[0].length };
    miSpans.push(span);
    if (oursBySpan.has(`${span.start}:${span.end}`) && m[1]!.trim() !== '') continue;
    if (m[1]!.trim() === '') {
      errors.push({
        code: 'EXPR_EMPTY',
        message: `An empty \`${m[0]}\`: Micro Integrator compiles it and refuses the format ("Invalid expression").`,
        span,
        severity: 'error',
      });
      continue;
    }
    const r = parseSynapseExpression(m[1]!, m.index + 2);
    const errs = r.errors.filter((e) => e.severity === 'error');
    if (errs.length)
      errors.push(
        ...errs.map((e) => ({
          ...e,
          message: `${e.message} (Micro Integrator reads \`${m![0]}\` here, up to the first }, and refuses the format: "Invalid Payload format")`,
        })),
      );
  }
  const inMi = (e: ExprError) => miSpans.some((s) => e.span.start >= s.start && e.span.start < s.end);
  for (const e of ours.errors) {
    // the part MI reads differently was reported above; a ${} or unclosed ${ MI does match is no longer text
    if (!inMi(e)) errors.push(e);
    else if (e.code !== 'EXPR_EMPTY' && e.code !== 'EXPR_UNTERMINATED_TEMPLATE' && spanIsOurs(ours, e))
      errors.push(e);
  }
  return { errors };
}

function spanIsOurs(ours: ReturnType<typeof parseInlineTemplate>, e: ExprError): boolean {
  return ours.parts.some((p) => e.span.start >= p.span.start && e.span.start < p.span.end);
}

/**
 * A payloadFactory `<format>` with template-type="freemarker": MI hands it to FreeMarker
 * (PayloadFactoryMediator's FreeMarkerTemplateProcessor), so its `${...}` are FreeMarker interpolations, not
 * Synapse expressions.
 */
export function isFreeMarkerFormat(el: XmlElement): boolean {
  return (
    el.local === 'format' &&
    !!el.parent &&
    (attrValue(el.parent, 'template-type') ?? '').toLowerCase() === 'freemarker'
  );
}

function checkDynamic(
  a: XmlAttribute,
  nsOf: () => Record<string, string>,
  report: Report,
  xpathDomFailover = false,
): void {
  const parsed = parseDynamicValue(a.value, { namespaces: nsOf() });
  if (!parsed) return;
  const inner = a.value.trim().slice(1);
  const xpath = readAsXPath(inner);
  let errors: readonly ExprError[] = parsed.errors;
  // a dynamic key `{xpath}` is evaluated as a string (stringValueOf: an XPath 2.0 function fails over), but
  // ValueFactory.createSynXpath builds it with SynapseXPathFactory.getSynapseXPath(elem, String), which has no
  // failover for a text Jaxen cannot parse: XPath 2.0 syntax there stays refused
  if (xpath && xpathDomFailover) errors = underFailover(errors, inner, nsOf(), false, false);
  place(report, errors, a.valueSpan.start, a.raw, xpath);
}

/**
 * The parameters of a connector operation (`<x.op><p>{//a}</p></x.op>`), read as MI reads them when it deploys the
 * operation (MediatorFactoryFinder.createInvokeParam): every child element is a parameter; each of its attributes
 * with a value goes through ValueFactory.createValue, its child elements are parameters in turn, and a parameter
 * without child elements has its text (as written, untrimmed: AXIOM getText) read by ValueFactory.createTextValue.
 * A value that is `{...}` as a whole is an expression (`{json-eval(...)}`, `{${...}}`, else an XPath) compiled
 * there, and one that does not compile fails the deployment ("Can not create Synapse Xpath from given key"); `{{x}}`
 * is a literal. `synapse run` refuses the same (connectors/params.ts).
 */
export function checkConnectorParams(op: XmlElement, text: string, report: Report): void {
  for (const c of op.children) if (c.kind === 'element') checkInvokeParam(c, text, report);
}

function checkInvokeParam(p: XmlElement, text: string, report: Report): void {
  let ns: Record<string, string> | undefined;
  const nsOf = () => (ns ??= namespacesInScope(p));
  for (const a of p.attributes) {
    // namespace declarations are no attributes to AXIOM's getAllAttributes
    if (a.prefix === 'xmlns' || a.name === 'xmlns' || a.value === '') continue;
    checkDynamic(a, nsOf, report);
  }
  let hasChild = false;
  for (const c of p.children) {
    if (c.kind !== 'element') continue;
    hasChild = true;
    checkInvokeParam(c, text, report);
  }
  if (hasChild) return;
  const parts = p.children.filter((c) => c.kind === 'text' || c.kind === 'cdata');
  const value = textContent(p);
  // (only a value that starts with `{` can be an expression: the namespaces are not copied for plain text)
  const parsed = value.startsWith('{') ? parseDynamicValue(value, { namespaces: nsOf() }) : undefined;
  if (!parsed || parsed.errors.length === 0) return;
  const first = parts[0];
  if (parts.length === 1 && first && first.kind !== 'element') {
    const base = first.kind === 'cdata' ? first.span.start + 9 : first.span.start;
    place(
      report,
      parsed.errors,
      base,
      first.kind === 'text' ? text.slice(base, first.span.end) : undefined,
      readAsXPath(value.slice(1)),
    );
  } else {
    // text split by comments: the errors are placed on the parameter's name
    for (const e of parsed.errors)
      place(
        report,
        [{ ...e, span: { start: 0, end: 0 } }],
        p.nameSpan.start,
        undefined,
        readAsXPath(value.slice(1)),
      );
  }
}
