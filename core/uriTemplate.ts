/**
 * The variables of an API resource's uri-template as Synapse's URITemplateParser reads them when MI deploys the API
 * (shared by the validator and the embedded runtime).
 */

import { parseJavaInt } from './javaNumbers';

/**
 * Why MI refuses one `{…}` expression of a uri-template over its variables, or undefined: the expression (after an
 * operator + # . /) is a comma-separated list of Variables (Expression), each taking only letters, digits, `.`, `-`
 * and `_` before an optional `:N` prefix length that must be a positive integer (Variable: "Invalid character",
 * Integer.parseInt, "Invalid variable prefix"). URITemplateHelper fails the resource, so the API is not deployed.
 */
export function templateExpressionProblem(body: string): string | undefined {
  const items = (/^[+#./]/.test(body) ? body.slice(1) : body).split(',');
  for (let k = 0; k < items.length; k++) {
    const v = items[k];
    // Expression: an empty reference before a comma is refused; a trailing comma adds none
    if (v === '') {
      if (k < items.length - 1) return `Illegal variable reference with zero length in {${body}}`;
      continue;
    }
    for (let i = 0; i < v.length; i++) {
      const ch = v[i];
      if (ch === ':') {
        const rest = v.slice(i + 1);
        const prefix = parseJavaInt(rest);
        if (prefix === undefined) return `For input string: "${rest}" (the prefix length of {${body}})`;
        if (prefix <= 0) return `Invalid variable prefix: ${prefix} in {${body}}`;
        break;
      }
      if (!/[A-Za-z0-9._-]/.test(ch)) return `Invalid character: '${ch}' in expression {${body}}`;
    }
  }
  return undefined;
}

/**
 * Why MI refuses a uri-template, or undefined: URITemplate drops one trailing `/` and URITemplateParser.parse another,
 * then reads it brace by brace ('Illegal open brace character' for a `{` at or next to the end, a `{` at the start
 * fails on charAt(-1), 'Already in expression', 'Illegal empty expression' for `{}`, 'Illegal closing brace detected';
 * an unclosed `{` before the end takes the rest as its expression), each expression's operator (`;`, `?`, `&` are
 * unsupported) and variables (templateExpressionProblem). The validator (SYN400) reports the same with spans.
 */
export function uriTemplateProblem(template: string): string | undefined {
  let t = template;
  for (let k = 0; k < 2; k++) if (t !== '/' && t.endsWith('/')) t = t.slice(0, -1);
  const max = t.length - 1;
  let open = -1;
  const expression = (body: string): string | undefined =>
    /^[;?&]/.test(body) ? `Unsupported template expression: {${body}}` : templateExpressionProblem(body);
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '{') {
      if (open >= 0) return 'Already in expression';
      if (i + 1 >= max) return 'Illegal open brace character';
      if (i === 0) return 'Index -1 out of bounds for length ' + t.length;
      open = i;
    } else if (c === '}') {
      if (open < 0) return 'Illegal closing brace detected';
      if (i === open + 1) return 'Illegal empty expression';
      const problem = expression(t.slice(open + 1, i));
      if (problem) return problem;
      open = -1;
    } else if (i === max && open >= 0) return expression(t.slice(open + 1));
  }
  return undefined;
}
