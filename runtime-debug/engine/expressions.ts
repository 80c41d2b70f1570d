/**
 * The engine's view of expressions: compile once at deploy time, evaluate per message. A thin adapter over helper
 * B's compiler (runtime-debug/engine/expr/): `json-eval(...)` -> JSONPath, `${...}` -> Synapse expression, otherwise
 * XPath 1.0 with the Synapse functions and variables. The engine only depends on the small `Expr` contract below.
 */
import type * as slimdom from 'slimdom';
import { stringOf, type MessageContext } from './context';
import {
  compileExpression,
  compileTemplate as compileTemplateB,
  compileValue as compileValueB,
  type CompiledExpression,
} from './expr/compile';
import { ExpressionCompileError, ExpressionEvalError } from './expr/errors';
import { MediationError } from './errors';
import { stringifyJson } from './expr/jsonNumber';
import { serializeXml } from './payloadXml';

export interface Expr {
  readonly text: string;
  readonly kind: 'xpath' | 'jsonpath' | 'synapse' | 'literal';
  /** Evaluating it needs the payload (the message must be built first). */
  readonly payloadAware: boolean;
  /** XPath: a single node/atomic value, an array for several nodes, undefined for none; others: the JSON value. */
  value(ctx: MessageContext): unknown;
  /** Like value(), but a double computed by `${…}` stays a JavaDouble (it prints as Java does: 10.0). */
  typed(ctx: MessageContext): unknown;
  string(ctx: MessageContext): string;
  bool(ctx: MessageContext): boolean;
  nodes(ctx: MessageContext): slimdom.Node[];
  /** JSONPath: the value, or a MediationError with Jayway's message where its read fails (CompiledExpression.evaluateJayway). */
  jaywayValue?(ctx: MessageContext): unknown;
  /** Synapse expressions: what MI's ExpressionResult holds for the value (expr/synapse.ts synapseResultKind). */
  readonly resultKind?: 'json' | 'variable' | 'java';
}

export type Namespaces = Record<string, string>;

export class ExpressionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function wrapCompile<T>(text: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ExpressionCompileError) {
      const first = (e as ExpressionCompileError & { errors?: { code: string; message: string }[] })
        .errors?.[0];
      throw new ExpressionError(
        first?.code ?? 'EXPR_SYNTAX',
        first ? `${first.code}: ${first.message}` : e.message,
      );
    }
    throw new ExpressionError('EXPR_SYNTAX', `${(e as Error).message} (in '${text}')`);
  }
}

class Adapted implements Expr {
  readonly kind: Expr['kind'];
  readonly payloadAware: boolean;
  constructor(private readonly c: CompiledExpression) {
    this.kind = c.kind;
    this.payloadAware = c.payloadAware;
  }
  get text(): string {
    return this.c.text;
  }
  get resultKind(): Expr['resultKind'] {
    return this.c.resultKind;
  }
  value(ctx: MessageContext): unknown {
    const v = this.c.evaluate(ctx);
    if (this.kind === 'xpath' && Array.isArray(v))
      return v.length === 0 ? undefined : v.length === 1 ? v[0] : v;
    return v;
  }
  typed(ctx: MessageContext): unknown {
    return this.kind === 'synapse' ? this.c.evaluateTyped(ctx) : this.value(ctx);
  }
  string(ctx: MessageContext): string {
    try {
      return this.c.evaluateString(ctx);
    } catch (e) {
      // SynapseXPath.stringValueOf: a Jaxen failure (a prefix not declared, a function not known) is
      // handleException("Evaluation of the XPath expression <expr> resulted in an error"), the ERROR_MESSAGE a
      // fault sequence sees (switch source, property, log, header values...)
      if (this.kind === 'xpath' && e instanceof ExpressionEvalError)
        throw new MediationError(
          0,
          `Evaluation of the XPath expression ${this.text} resulted in an error`,
          e.message,
        );
      throw e;
    }
  }
  bool(ctx: MessageContext): boolean {
    return this.c.evaluateBoolean(ctx);
  }
  nodes(ctx: MessageContext): slimdom.Node[] {
    return this.c.evaluateNodes(ctx);
  }
  jaywayValue(ctx: MessageContext): unknown {
    return this.c.evaluateJayway ? this.c.evaluateJayway(ctx) : this.value(ctx);
  }
}

export function compileExpr(text: string, ns: Namespaces = {}, kind?: 'jsonpath'): Expr {
  return new Adapted(wrapCompile(text, () => compileExpression(text, ns, kind ? { kind } : {})));
}

/** A literal posing as an expression (static values). */
export function literalExpr(value: string): Expr {
  return {
    text: value,
    kind: 'literal',
    payloadAware: false,
    value: () => value,
    typed: () => value,
    string: () => value,
    bool: () => value === 'true',
    nodes: () => [],
  };
}

/** ValueFactory rule: `{expr}` is dynamic, `{{x}}` is the literal `{x}`, otherwise static. */
export function compileValue(text: string, ns: Namespaces = {}): Expr {
  const v = wrapCompile(text, () => compileValueB(text, ns));
  if (!v.dynamic || !v.expression) return literalExpr(v.staticValue ?? '');
  return new Adapted(v.expression);
}

/** Text with inline `${...}` parts (log <message>, payloadFactory templates). */
export interface Template {
  readonly payloadAware: boolean;
  readonly hasExpressions: boolean;
  render(ctx: MessageContext, quote?: (v: unknown, inQuotes: boolean) => string): string;
}

export function compileTemplate(text: string, ns: Namespaces = {}): Template {
  const t = wrapCompile(text, () => compileTemplateB(text, ns));
  return {
    payloadAware: t.payloadAware,
    hasExpressions: t.hasExpressions,
    // (a computed double reaches the formatter as the text MI inserts for it, "10.0": see CompiledTemplate)
    render: (ctx, quote) => t.render(ctx, quote),
  };
}

/** Serializes a value for a JSON payload template (`"${x}"` strings are quoted, objects as JSON). */
export function jsonLiteral(v: unknown): string {
  if (v === undefined) return 'null';
  if (v && typeof v === 'object' && 'nodeType' in (v as object))
    return JSON.stringify(serializeXml(v as slimdom.Node));
  return stringifyJson(v);
}

export { stringOf };
