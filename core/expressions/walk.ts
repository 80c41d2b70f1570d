/** Generic walking of expression trees: children, the node under the cursor, and moving spans into a file. */
import type { ExprError, ExprNode, JsonPathSegment, ParsedExpression, Span } from './types';

function segmentChildren(segs: readonly JsonPathSegment[], out: ExprNode[]): void {
  for (const s of segs) {
    if (s.kind === 'filter') out.push(s.condition);
    else if (s.kind === 'expr') out.push(s.expr);
    else if (s.kind === 'exprs') out.push(...s.exprs);
    else if (s.kind === 'exprslice') {
      if (s.start) out.push(s.start);
      if (s.end) out.push(s.end);
      if (s.step) out.push(s.step);
    } else if (s.kind === 'method') out.push(...s.args);
  }
}

/** Direct children of a node, in source order. */
export function childrenOf(node: ExprNode): ExprNode[] {
  const out: ExprNode[] = [];
  switch (node.type) {
    case 'xp-path':
      if (node.filter) out.push(node.filter);
      out.push(...node.steps);
      break;
    case 'xp-step':
      out.push(...node.predicates);
      break;
    case 'xp-filter':
      out.push(node.primary, ...node.predicates);
      break;
    case 'xp-binary':
      out.push(node.left, node.right);
      break;
    case 'xp-negate':
      out.push(node.operand);
      break;
    case 'xp-paren':
      out.push(node.expr);
      break;
    case 'xp-call':
      out.push(...node.args);
      break;
    case 'jp-path':
      segmentChildren(node.segments, out);
      break;
    case 'se-array':
      out.push(...node.items);
      break;
    case 'se-access':
      if (typeof node.root !== 'string') out.push(node.root);
      segmentChildren(node.segments, out);
      break;
    case 'se-call':
      out.push(...node.args);
      break;
    case 'se-binary':
      out.push(node.left, node.right);
      break;
    case 'se-unary':
      out.push(node.operand);
      break;
    case 'se-ternary':
      out.push(node.condition, node.whenTrue, node.whenFalse);
      break;
    default:
      break;
  }
  return out;
}

/** Visits every node depth-first (parents before children). */
export function walkExpression(
  node: ExprNode,
  visit: (n: ExprNode, parent: ExprNode | undefined) => void,
): void {
  const rec = (n: ExprNode, p: ExprNode | undefined): void => {
    visit(n, p);
    for (const c of childrenOf(n)) rec(c, n);
  };
  rec(node, undefined);
}

/**
 * The innermost node whose span contains `offset` (a cursor right after a node counts as inside it), with its
 * ancestors (outermost first). Undefined when the offset is outside the tree.
 */
export function expressionAt(
  tree: ExprNode | undefined,
  offset: number,
): { node: ExprNode; ancestors: ExprNode[] } | undefined {
  if (!tree || offset < tree.span.start || offset > tree.span.end) return undefined;
  const ancestors: ExprNode[] = [];
  let cur = tree;
  for (;;) {
    const next = childrenOf(cur).find((c) => offset >= c.span.start && offset <= c.span.end);
    if (!next) return { node: cur, ancestors };
    ancestors.push(cur);
    cur = next;
  }
}

/** Returns copies of the errors with every span moved by `delta` (e.g. the attribute value's start offset). */
export function shiftErrors(errors: readonly ExprError[], delta: number): ExprError[] {
  return errors.map((e) => ({ ...e, span: { start: e.span.start + delta, end: e.span.end + delta } }));
}

/** Moves every span of a tree by `delta`, in place (spans are shared objects only within one node). */
export function shiftSpans(tree: ExprNode, delta: number): void {
  const seen = new Set<Span>();
  const move = (s: Span): void => {
    if (seen.has(s)) return;
    seen.add(s);
    s.start += delta;
    s.end += delta;
  };
  walkExpression(tree, (n) => {
    move(n.span);
    switch (n.type) {
      case 'xp-binary':
      case 'se-binary':
        move(n.opSpan);
        break;
      case 'xp-variable':
      case 'xp-call':
      case 'se-call':
        move(n.nameSpan);
        break;
      case 'xp-step':
        move(n.test.span);
        break;
      case 'se-access':
        if (typeof n.root === 'string') move(n.rootSpan);
        for (const s of n.segments) move(s.span);
        break;
      case 'jp-path':
        for (const s of n.segments) move(s.span);
        if (n.property) move(n.property.span);
        break;
      default:
        break;
    }
  });
}

/** Moves a whole parse result (tree and errors) by `delta`, returning a new result (the tree is moved in place). */
export function shiftParsed(parsed: ParsedExpression, delta: number): ParsedExpression {
  const errors = shiftErrors(parsed.errors, delta); // first: error spans may be shared with tree nodes
  if (parsed.tree) shiftSpans(parsed.tree, delta);
  return { ...parsed, errors };
}
