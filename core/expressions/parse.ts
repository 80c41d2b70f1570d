/** One entry point: classify an expression string and parse it with the right grammar. */
import type { ExpressionKind, ParsedExpression } from './types';
import { classify, classifyValue, innerRange } from './classify';
import { parseXPath } from './xpath-parser';
import { parseJsonPath, parseSynapseExpression } from './synapse-parser';
import { shiftParsed } from './walk';

export interface ParseOptions {
  /**
   * Force the language instead of classifying: 'jsonpath' here means a bare JSONPath (`$.a`, as in
   * `<arg evaluator="json" expression="$.a"/>`); a `json-eval(...)` text is still unwrapped.
   */
  kind?: ExpressionKind;
  /** Namespace prefixes in scope on the element; when given, undeclared prefixes in XPath are reported. */
  namespaces?: Readonly<Record<string, string>>;
}

/** Parses an expression attribute value. Spans are offsets into `text`; shift them with `shiftParsed`. */
export function parseExpression(text: string, options: ParseOptions = {}): ParsedExpression {
  const detected = classify(text);
  const kind = options.kind ?? detected;
  if (kind === 'jsonpath') {
    if (detected === 'jsonpath') {
      const r = innerRange(text, 'jsonpath');
      // MI (SynapsePathFactory.getSynapsePath) takes the text between `json-eval(` and the LAST character, whatever
      // that character is: an unclosed `json-eval($.a.b` deploys and evaluates `$.a.` (read as `$.a`)
      const end = r.closed ? r.end : Math.max(r.start, r.end - 1);
      const inner = text.slice(r.start, end);
      const res = parseJsonPath(inner, r.start);
      const errors = [...res.errors];
      if (!r.closed) {
        errors.push({
          code: 'EXPR_JSONPATH_SYNTAX',
          message: `json-eval( is not closed with ')': Micro Integrator deploys it without its last character and evaluates '${inner}'.`,
          span: { start: text.length, end: text.length },
          severity: 'warning',
        });
      }
      return { kind, text, innerStart: r.start, tree: res.tree, errors };
    }
    const lead = text.length - text.trimStart().length;
    const res = parseJsonPath(text.trim(), lead);
    return { kind, text, innerStart: lead, tree: res.tree, errors: res.errors };
  }
  if (kind === 'synapse') {
    const r = innerRange(text, 'synapse');
    const res = parseSynapseExpression(text.slice(r.start, r.end), r.start);
    const errors = [...res.errors];
    if (!r.closed) {
      errors.push({
        code: 'EXPR_SYNAPSE_SYNTAX',
        message: '${ is not closed with }.',
        span: { start: text.length, end: text.length },
        severity: 'error',
      });
    }
    return { kind, text, innerStart: r.start, tree: res.tree, errors };
  }
  const opts: { namespaces?: Readonly<Record<string, string>> } = {};
  if (options.namespaces) opts.namespaces = options.namespaces;
  const res = parseXPath(text, opts);
  return { kind: 'xpath', text, innerStart: 0, tree: res.tree, errors: res.errors };
}

/**
 * Parses a key-like attribute value (`key`, `with-param value`, ...): undefined for a static or escaped value,
 * otherwise the parsed expression with spans relative to the attribute value (so `{` is offset 0).
 */
export function parseDynamicValue(
  value: string,
  options: Omit<ParseOptions, 'kind'> = {},
): ParsedExpression | undefined {
  const v = classifyValue(value);
  if (v.form !== 'dynamic') return undefined;
  const parsed = shiftParsed(parseExpression(v.expression, options), v.start);
  return { ...parsed, text: value, innerStart: parsed.innerStart + v.start };
}
