/** Errors of expression compilation (with where in the expression) and evaluation. */
import type { ExprError, Span } from '../../../core/expressions';

export class ExpressionCompileError extends Error {
  readonly code: string;
  readonly span: Span;
  constructor(
    readonly expression: string,
    readonly errors: ExprError[],
  ) {
    const first = errors[0]!;
    super(`${first.code}: ${first.message} (in '${expression}' at ${first.span.start + 1})`);
    this.code = first.code;
    this.span = first.span;
    this.name = 'ExpressionCompileError';
  }
}

export class ExpressionEvalError extends Error {
  readonly code = 'EXPR_EVAL';
  constructor(
    readonly expression: string,
    detail: string,
  ) {
    super(`Evaluating '${expression}' failed: ${detail}`);
    this.name = 'ExpressionEvalError';
  }
}
