/**
 * Syntax trees and errors of the three expression languages found in Synapse configurations.
 * Every span is relative to the start of the expression text (half-open [start, end), UTF-16 code units);
 * use `shiftSpans` / `shiftErrors` (walk.ts) to place them in a file.
 */
import type { Span } from '../xml/types';

export type { Span };

/** Which engine evaluates an expression (SynapsePathFactory's choice). */
export type ExpressionKind = 'xpath' | 'jsonpath' | 'synapse';

export type ExprErrorCode =
  | 'EXPR_EMPTY'
  | 'EXPR_XPATH_SYNTAX'
  | 'EXPR_JSONPATH_SYNTAX'
  | 'EXPR_SYNAPSE_SYNTAX'
  | 'EXPR_UNTERMINATED_STRING'
  | 'EXPR_UNKNOWN_FUNCTION'
  | 'EXPR_XPATH2_FUNCTION'
  | 'EXPR_BAD_ARITY'
  | 'EXPR_UNKNOWN_VARIABLE'
  | 'EXPR_UNDECLARED_PREFIX'
  | 'EXPR_UNKNOWN_SCOPE'
  | 'EXPR_LEGACY_SPELLING'
  | 'EXPR_UNTERMINATED_TEMPLATE';

export interface ExprError {
  code: ExprErrorCode;
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

// ---------------------------------------------------------------- XPath 1.0

export type XPathAxis =
  | 'ancestor'
  | 'ancestor-or-self'
  | 'attribute'
  | 'child'
  | 'descendant'
  | 'descendant-or-self'
  | 'following'
  | 'following-sibling'
  | 'namespace'
  | 'parent'
  | 'preceding'
  | 'preceding-sibling'
  | 'self';

export type XPathNodeTest =
  | { kind: 'name'; prefix: string; local: string; span: Span } // local may be '*'; prefix '' when none
  | { kind: 'any'; span: Span } // `*`
  | {
      kind: 'type';
      type: 'node' | 'text' | 'comment' | 'processing-instruction';
      literal?: string;
      span: Span;
    };

export interface XPathStep {
  type: 'xp-step';
  span: Span;
  axis: XPathAxis;
  /** How the axis was written: `child::`, `@`, `.`, `..`, or implicit. */
  axisForm: 'explicit' | 'abbrev-attr' | 'self-dot' | 'parent-dots' | 'implicit';
  test: XPathNodeTest;
  predicates: XPathNode[];
}

export interface XPathPath {
  type: 'xp-path';
  span: Span;
  /** For a path that starts with a filter expression (`$body/a`, `(//a)[1]/b`). */
  filter: XPathNode | undefined;
  /** `/` or `//` at the start (absolute), or undefined for a relative path. */
  root: '/' | '//' | undefined;
  /** Steps; a `//` between steps is represented as an explicit descendant-or-self::node() step with axisForm 'implicit'. */
  steps: XPathStep[];
}

export interface XPathFilter {
  type: 'xp-filter';
  span: Span;
  primary: XPathNode;
  predicates: XPathNode[];
}

export interface XPathBinary {
  type: 'xp-binary';
  span: Span;
  op: 'or' | 'and' | '=' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | 'div' | 'mod' | '|';
  opSpan: Span;
  left: XPathNode;
  right: XPathNode;
}

export interface XPathNegate {
  type: 'xp-negate';
  span: Span;
  operand: XPathNode;
}

export interface XPathLiteral {
  type: 'xp-literal';
  span: Span;
  value: string;
}

export interface XPathNumber {
  type: 'xp-number';
  span: Span;
  value: number;
}

export interface XPathVariable {
  type: 'xp-variable';
  span: Span;
  /** '' when unprefixed (`$body`). */
  prefix: string;
  local: string;
  nameSpan: Span;
}

export interface XPathCall {
  type: 'xp-call';
  span: Span;
  prefix: string;
  local: string;
  /** Qualified name as written. */
  name: string;
  nameSpan: Span;
  args: XPathNode[];
}

export interface XPathParen {
  type: 'xp-paren';
  span: Span;
  expr: XPathNode;
}

export type XPathNode =
  | XPathPath
  | XPathFilter
  | XPathBinary
  | XPathNegate
  | XPathLiteral
  | XPathNumber
  | XPathVariable
  | XPathCall
  | XPathParen;

// ---------------------------------------------------------------- JSONPath

export type JsonPathSegment =
  | { kind: 'name'; name: string; span: Span; deep: boolean }
  | { kind: 'wildcard'; span: Span; deep: boolean }
  | { kind: 'index'; indexes: Array<number | string>; span: Span; deep: boolean }
  | { kind: 'slice'; start?: number; end?: number; step?: number; span: Span; deep: boolean }
  | { kind: 'filter'; condition: SynapseNode; span: Span; deep: boolean }
  /** `[expr]` with a computed key or index (Synapse expressions only). */
  | { kind: 'expr'; expr: SynapseNode; span: Span; deep: boolean }
  /** `[a, b]` where an item is computed (`[vars.i, 4]`; Synapse expressions only). */
  | { kind: 'exprs'; exprs: SynapseNode[]; span: Span; deep: boolean }
  /** `[a:b:c]` where a bound is computed (`[vars.from:]`; Synapse expressions only). */
  | {
      kind: 'exprslice';
      start?: SynapseNode;
      end?: SynapseNode;
      step?: SynapseNode;
      span: Span;
      deep: boolean;
    }
  | { kind: 'method'; name: string; args: SynapseNode[]; span: Span; deep: false };

export interface JsonPathExpr {
  type: 'jp-path';
  span: Span;
  /** `$` (document root) or `@` (current node inside a filter). */
  root: '$' | '@';
  /**
   * `json-eval($ctx:name.a.b)`: the path runs on a property (ctx: default scope, axis2, trp: transport header)
   * holding JSON, instead of on the payload.
   */
  property?: { scope: 'ctx' | 'axis2' | 'trp'; name: string; span: Span };
  segments: JsonPathSegment[];
  /**
   * `json-eval($.a,$.b)`: further paths after top-level commas. Jayway compiles such a text (the comma ends up in a
   * property name), and MI's enrich with action="remove" splits it at the commas and removes every path; elsewhere
   * only the first path is read.
   */
  more?: JsonPathExpr[];
}

// ---------------------------------------------------------------- Synapse expressions (MI 4.4 `${...}`)

export type SynapseRootName =
  | 'payload'
  | '$'
  | 'vars'
  | 'headers'
  | 'props'
  | 'properties'
  | 'params'
  | 'configs'
  | '@'
  // legacy spellings (pre-GA builds)
  | 'var'
  | 'config';

export interface SynapseLiteral {
  type: 'se-literal';
  span: Span;
  value: string | number | boolean | null;
  /** A number written with a fraction or an exponent (a Java double in MI: `5.0` prints "5.0"). */
  double?: true;
}

export interface SynapseArray {
  type: 'se-array';
  span: Span;
  items: SynapseNode[];
}

/** A root followed by navigation: `payload.a[0]`, `vars.x`, `props.synapse.y`, `object(vars.s).a`. */
export interface SynapseAccess {
  type: 'se-access';
  span: Span;
  /**
   * The root keyword as written (a SynapseRootName; an unknown word is kept as written and reported), or a function
   * call whose result is navigated.
   */
  root: string | SynapseCall;
  rootSpan: Span;
  segments: JsonPathSegment[];
}

export interface SynapseCall {
  type: 'se-call';
  span: Span;
  name: string;
  nameSpan: Span;
  args: SynapseNode[];
}

export interface SynapseBinary {
  type: 'se-binary';
  span: Span;
  op: SynapseBinaryOp;
  opSpan: Span;
  left: SynapseNode;
  right: SynapseNode;
}

export type SynapseBinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | '&&'
  | '||'
  // filter-only JSONPath operators
  | '=~'
  | 'in'
  | 'nin'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'size'
  | 'empty';

export interface SynapseUnary {
  type: 'se-unary';
  span: Span;
  op: '!' | '-';
  operand: SynapseNode;
}

export interface SynapseTernary {
  type: 'se-ternary';
  span: Span;
  condition: SynapseNode;
  whenTrue: SynapseNode;
  whenFalse: SynapseNode;
}

export interface SynapseRegex {
  type: 'se-regex';
  span: Span;
  pattern: string;
  flags: string;
}

export type SynapseNode =
  | SynapseLiteral
  | SynapseArray
  | SynapseAccess
  | SynapseCall
  | SynapseBinary
  | SynapseUnary
  | SynapseTernary
  | SynapseRegex;

/** Any node of any of the three trees (what `expressionAt` returns). */
export type ExprNode = XPathNode | XPathStep | JsonPathExpr | SynapseNode;

/** The result of parsing one expression. */
export interface ParsedExpression {
  kind: ExpressionKind;
  /** The text that was parsed (the whole attribute value, e.g. `json-eval($.a)` or `${vars.x}`). */
  text: string;
  /** Offset of the inner expression in `text` (after `json-eval(` or `${`). */
  innerStart: number;
  /** Undefined when the text is too broken to give a tree. */
  tree: ExprNode | undefined;
  errors: ExprError[];
}
