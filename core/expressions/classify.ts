/** How Synapse decides which engine evaluates a string (SynapsePathFactory) and what a key value is (ValueFactory). */
import type { ExpressionKind } from './types';

const JSON_EVAL = 'json-eval(';

/** The engine for an expression attribute: `json-eval(` → jsonpath, `${...}` → synapse, anything else → xpath. */
export function classify(text: string): ExpressionKind {
  const t = text.trim();
  if (t.startsWith(JSON_EVAL)) return 'jsonpath';
  if (t.startsWith('${') && t.endsWith('}')) return 'synapse';
  return 'xpath';
}

/** Where the language-specific part of an expression starts and ends in `text`. */
export function innerRange(
  text: string,
  kind: ExpressionKind = classify(text),
): { start: number; end: number; closed: boolean } {
  const lead = text.length - text.trimStart().length;
  const trail = text.trimEnd().length;
  if (kind === 'jsonpath' && text.startsWith(JSON_EVAL, lead)) {
    const closed = trail > lead + JSON_EVAL.length && text[trail - 1] === ')';
    return { start: lead + JSON_EVAL.length, end: closed ? trail - 1 : trail, closed };
  }
  if (kind === 'synapse' && text.startsWith('${', lead)) {
    const closed = text[trail - 1] === '}' && trail >= lead + 3;
    return { start: lead + 2, end: closed ? trail - 1 : trail, closed };
  }
  return { start: 0, end: text.length, closed: true };
}

/** The meaning of a key-like (dynamic) attribute value. */
export type ValueForm =
  | { form: 'static'; value: string }
  /** `{{...}}`: the literal text with one pair of braces removed. */
  | { form: 'escaped'; value: string }
  /** `{...}`: an expression; `start` is its offset inside the attribute value. */
  | { form: 'dynamic'; expression: string; start: number; kind: ExpressionKind };

/** ValueFactory's rule: `{{...}}` is an escaped literal, `{...}` an expression, anything else a static string. */
export function classifyValue(value: string): ValueForm {
  if (value.length >= 4 && value.startsWith('{{') && value.endsWith('}}')) {
    return { form: 'escaped', value: value.slice(1, -1) };
  }
  if (value.length >= 2 && value.startsWith('{') && value.endsWith('}')) {
    const expression = value.slice(1, -1);
    return { form: 'dynamic', expression, start: 1, kind: classify(expression) };
  }
  return { form: 'static', value };
}
