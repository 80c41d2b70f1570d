/**
 * The variables of an API resource's uri-template as Synapse's URITemplateParser reads them when MI deploys the API
 * (shared by the validator and the embedded runtime).
 */

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
        // Java's Integer.parseInt: an optional sign and decimal digits, within int range
        if (!/^[+-]?\d+$/.test(rest) || Math.abs(Number(rest)) > 2147483647)
          return `For input string: "${rest}" (the prefix length of {${body}})`;
        if (Number(rest) <= 0) return `Invalid variable prefix: ${Number(rest)} in {${body}}`;
        break;
      }
      if (!/[A-Za-z0-9._-]/.test(ch)) return `Invalid character: '${ch}' in expression {${body}}`;
    }
  }
  return undefined;
}

/** The first refusal of templateExpressionProblem over every `{…}` of a uri-template, or undefined. */
export function uriTemplateVariableProblem(template: string): string | undefined {
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const problem = templateExpressionProblem(m[1]);
    if (problem) return problem;
  }
  return undefined;
}
