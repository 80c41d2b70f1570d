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
 * The first thing URITemplateParser.parse refuses in a uri-template (positions in the template as written): a `{`
 * inside an expression ('Already in expression'), a `{` at or next to the end ('Illegal open brace character'), a `{`
 * at the start (charAt(-1)), a `}` outside an expression ('Illegal closing brace detected'), `{}` ('Illegal empty
 * expression'), an expression whose operator (`;`, `?`, `&`) or variables (templateExpressionProblem) it refuses.
 */
export type UriTemplateFault =
  | { kind: 'nested'; at: number }
  | { kind: 'open-at-end'; at: number }
  | { kind: 'open-at-start' }
  | { kind: 'stray-close'; at: number }
  | { kind: 'empty'; open: number; close: number }
  | { kind: 'expression'; open: number; end: number; body: string; unsupported: boolean; problem: string };

/** A uri-template read brace by brace as MI reads it (URITemplate, URITemplateParser.parse). */
export interface UriTemplateScan {
  /** The template after the trailing `/` URITemplate and URITemplateParser.parse each drop. */
  parsed: string;
  fault?: UriTemplateFault;
  /** The `{` the end of the template closes (MI takes the rest as its expression), when there is no fault. */
  unclosed?: number;
  /** The first white space outside an expression, before the fault if any. */
  space?: number;
}

/** Reads a uri-template as URITemplateParser.parse does, stopping at its first fault. */
export function scanUriTemplate(template: string): UriTemplateScan {
  let t = template;
  for (let k = 0; k < 2; k++) if (t !== '/' && t.endsWith('/')) t = t.slice(0, -1);
  const scan: UriTemplateScan = { parsed: t };
  const max = t.length - 1;
  let open = -1;
  // the expression from the open brace to `bodyEnd`; `end` the end of its text (after its `}` if any)
  const expression = (bodyEnd: number, end: number): UriTemplateFault | undefined => {
    const body = t.slice(open + 1, bodyEnd);
    const unsupported = /^[;?&]/.test(body);
    const problem = unsupported
      ? `Unsupported template expression: {${body}}`
      : templateExpressionProblem(body);
    return problem === undefined ? undefined : { kind: 'expression', open, end, body, unsupported, problem };
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    let fault: UriTemplateFault | undefined;
    if (c === '{') {
      if (open >= 0) fault = { kind: 'nested', at: i };
      else if (i + 1 >= max) fault = { kind: 'open-at-end', at: i };
      else if (i === 0) fault = { kind: 'open-at-start' };
      else open = i;
    } else if (c === '}') {
      if (open < 0) fault = { kind: 'stray-close', at: i };
      else if (i === open + 1) fault = { kind: 'empty', open, close: i };
      else {
        fault = expression(i, i + 1);
        open = -1;
      }
    } else if (i === max && open >= 0) {
      fault = expression(t.length, t.length);
      if (!fault) scan.unclosed = open;
    } else if (open < 0 && scan.space === undefined && /\s/.test(c)) scan.space = i;
    if (fault) {
      scan.fault = fault;
      break;
    }
  }
  return scan;
}

/** The message of URITemplateParser's exception for a fault. */
function faultMessage(f: UriTemplateFault, parsed: string): string {
  switch (f.kind) {
    case 'nested':
      return 'Already in expression';
    case 'open-at-end':
      return 'Illegal open brace character';
    case 'open-at-start':
      return 'Index -1 out of bounds for length ' + parsed.length;
    case 'stray-close':
      return 'Illegal closing brace detected';
    case 'empty':
      return 'Illegal empty expression';
    case 'expression':
      return f.problem;
  }
}

/**
 * Why MI refuses a uri-template (scanUriTemplate's fault, as its exception says it), or undefined. The validator
 * (SYN400) reports the same with spans.
 */
export function uriTemplateProblem(template: string): string | undefined {
  const { parsed, fault } = scanUriTemplate(template);
  return fault && faultMessage(fault, parsed);
}
