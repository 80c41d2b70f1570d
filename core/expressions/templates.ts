/** Inline `${...}` parts inside free text (log <message>, payloadFactory templates, enrich inline, connector params). */
import type { ExprError, ParsedExpression, Span } from './types';
import { parseSynapseExpression } from './synapse-parser';

export interface InlineExpression {
  /** From `$` to after the closing `}`. */
  span: Span;
  /** The inside (between `${` and `}`). */
  inner: Span;
  expression: string;
}

export interface InlineScan {
  parts: InlineExpression[];
  errors: ExprError[];
}

/** Finds the `${...}` parts of a text; braces nest and quoted strings are skipped. Spans are offsets into `text`. */
export function findInlineExpressions(text: string): InlineScan {
  const parts: InlineExpression[] = [];
  const errors: ExprError[] = [];
  let i = text.indexOf('${');
  while (i >= 0) {
    let depth = 0;
    let j = i + 1;
    let end = -1;
    for (; j < text.length; j++) {
      const c = text[j];
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, j + 1);
        if (close < 0) break;
        j = close;
      } else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          end = j + 1;
          break;
        }
      }
    }
    if (end < 0) {
      // MI's templates (InlineExpressionUtil, the payloadFactory RegexTemplateProcessor) only replace a ${...} that
      // closes: this one stays in the text as it is
      errors.push({
        code: 'EXPR_UNTERMINATED_TEMPLATE',
        message: 'This ${ is not closed with }: MI leaves it in the text as it is.',
        span: { start: i, end: Math.min(text.length, i + 2) },
        severity: 'warning',
      });
      break;
    }
    if (end === i + 3) {
      // `${}`: MI's patterns need at least one character inside, so it is text too
      errors.push({
        code: 'EXPR_EMPTY',
        message: 'An empty ${}: MI leaves it in the text as it is.',
        span: { start: i, end },
        severity: 'warning',
      });
      i = text.indexOf('${', end);
      continue;
    }
    parts.push({
      span: { start: i, end },
      inner: { start: i + 2, end: end - 1 },
      expression: text.slice(i + 2, end - 1),
    });
    i = text.indexOf('${', end);
  }
  return { parts, errors };
}

/** Finds and parses every `${...}` part of a text; spans (trees and errors) are offsets into `text`. */
export function parseInlineTemplate(text: string): {
  parts: Array<InlineExpression & { parsed: ParsedExpression }>;
  errors: ExprError[];
} {
  const scan = findInlineExpressions(text);
  const errors = [...scan.errors];
  const parts = scan.parts.map((p) => {
    const r = parseSynapseExpression(p.expression, p.inner.start);
    errors.push(...r.errors);
    const parsed: ParsedExpression = {
      kind: 'synapse',
      text: text.slice(p.span.start, p.span.end),
      innerStart: 2,
      tree: r.tree,
      errors: r.errors,
    };
    return { ...p, parsed };
  });
  return { parts, errors };
}
