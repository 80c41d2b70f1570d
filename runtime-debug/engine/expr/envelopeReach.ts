/**
 * Whether evaluating an XPath over a message (SynapseXPath: Jaxen over Axiom, the envelope as context node) reads
 * the envelope to its end. Jaxen evaluates a step by iterating its whole axis (DefaultStep.evaluate), and Axiom's
 * iterators build what they pass: a child or descendant step from the document or the envelope, or a following
 * (sibling) step from the Header, the Body or below, makes the builder read up to the envelope's end tag (the
 * envelope is then `done`, see markEnvelopeIncomplete). `$body/…`, `$header/…` and the functions of the message
 * read no further than the Body. Checked with Axiom 1.2.11-wso2 + Jaxen (session 17, A1).
 */
import type { XPathNode, XPathStep } from '../../../core/expressions/types';

/** Where a location path stands: the document, the envelope, a Header/Body, below them, or not known. */
type Pos = 'doc' | 'env' | 'part' | 'inner' | 'unknown';
/** The positions a node-set may hold (`$body//…` holds the Body itself and what is below it). */
type Where = ReadonlySet<Pos>;

const at = (...p: Pos[]): Where => new Set(p);

export function completesEnvelope(tree: XPathNode): boolean {
  return walk(tree, at('env'));
}

function walk(n: XPathNode, ctx: Where): boolean {
  switch (n.type) {
    case 'xp-path': {
      let where: Where;
      if (n.filter) {
        if (walk(n.filter, ctx)) return true;
        where = filterPos(n.filter);
      } else where = n.root ? at('doc') : ctx;
      // `//…`: descendant-or-self from the document
      if (n.root === '//') return true;
      for (const s of n.steps) {
        const next = new Set<Pos>();
        for (const p of where) {
          const r = step(s, p);
          if (r === true) return true;
          for (const x of r) next.add(x);
        }
        where = next;
        for (const p of s.predicates) if (walk(p, where)) return true;
      }
      return false;
    }
    case 'xp-filter':
      if (walk(n.primary, ctx)) return true;
      return n.predicates.some((p) => walk(p, filterPos(n.primary)));
    case 'xp-binary':
      if (walk(n.left, ctx) || walk(n.right, ctx)) return true;
      // a comparison or arithmetic takes the string value of each node (Jaxen's EqualityExpr, RelationalExpr,
      // NumberFunction): Axiom's navigator iterates the envelope's (or document's) descendants to their end
      return (
        n.op !== '|' &&
        n.op !== 'and' &&
        n.op !== 'or' &&
        (wholeValue(n.left, ctx) || wholeValue(n.right, ctx))
      );
    case 'xp-negate':
      return walk(n.operand, ctx) || wholeValue(n.operand, ctx);
    case 'xp-paren':
      return walk(n.expr, ctx);
    case 'xp-call':
      if (n.args.some((a) => walk(a, ctx))) return true;
      if (n.prefix !== '' || NO_STRING_VALUE.has(n.local)) return false;
      // string(), normalize-space(), number()… of the context node, or of a node-set argument (StringFunction)
      if (n.args.length === 0) return CONTEXT_STRING_VALUE.has(n.local) && holdsWhole(ctx);
      return n.args.some((a) => wholeValue(a, ctx));
    default:
      return false;
  }
}

/** Functions that read no node's string value (a node-set's size, names, its truth). */
const NO_STRING_VALUE = new Set([
  'count',
  'name',
  'local-name',
  'namespace-uri',
  'boolean',
  'not',
  'lang',
  'last',
  'position',
  'true',
  'false',
]);
/** Functions that read the context node's string value when called without an argument. */
const CONTEXT_STRING_VALUE = new Set(['string', 'normalize-space', 'string-length', 'number']);

/** Whether a node-set may hold the envelope or the document: its string value walks the whole envelope. */
function holdsWhole(w: Where): boolean {
  return w.has('env') || w.has('doc');
}

/** Whether an operand's string value is read over the whole envelope (a node-set holding it or the document). */
function wholeValue(n: XPathNode, ctx: Where): boolean {
  const w = positions(n, ctx);
  return w !== undefined && holdsWhole(w);
}

/** The positions a node-set expression holds (undefined: not a node-set, or not known). */
function positions(n: XPathNode, ctx: Where): Where | undefined {
  switch (n.type) {
    case 'xp-variable':
      return n.prefix === '' && n.local === 'env' ? at('env') : filterPos(n);
    case 'xp-paren':
      return positions(n.expr, ctx);
    case 'xp-filter':
      return positions(n.primary, ctx);
    case 'xp-binary': {
      if (n.op !== '|') return undefined;
      const l = positions(n.left, ctx);
      const r = positions(n.right, ctx);
      return l && r ? new Set([...l, ...r]) : (l ?? r);
    }
    case 'xp-path': {
      let where: Where = n.filter ? (positions(n.filter, ctx) ?? at('unknown')) : n.root ? at('doc') : ctx;
      for (const s of n.steps) {
        const next = new Set<Pos>();
        for (const p of where) {
          const r = step(s, p);
          // (a walking step: the envelope is finished by then)
          if (r === true) return at('unknown');
          for (const x of r) next.add(x);
        }
        where = next;
      }
      return where;
    }
    default:
      return undefined;
  }
}

function filterPos(f: XPathNode): Where {
  if (f.type === 'xp-variable' && f.prefix === '' && (f.local === 'body' || f.local === 'header'))
    return at('part');
  // $env: the envelope itself (SynapseXPathVariableContext: the message's SOAPEnvelope)
  if (f.type === 'xp-variable' && f.prefix === '' && f.local === 'env') return at('env');
  if (f.type === 'xp-paren') return filterPos(f.expr);
  return at('unknown');
}

/** The positions after a step from one position, or true when the step walks the envelope's children to their end. */
function step(s: XPathStep, pos: Pos): Pos[] | true {
  const below = pos === 'part' || pos === 'inner';
  switch (s.axis) {
    case 'child':
      if (pos === 'doc' || pos === 'env') return true;
      return below ? ['inner'] : ['unknown'];
    case 'descendant':
      if (pos === 'doc' || pos === 'env') return true;
      return below ? ['inner'] : ['unknown'];
    case 'descendant-or-self':
      if (pos === 'doc' || pos === 'env') return true;
      return below ? [pos, 'inner'] : ['unknown'];
    case 'following':
      return pos === 'env' || below ? true : ['unknown'];
    case 'following-sibling':
      // (the envelope's siblings are in its document, after its end)
      return pos === 'env' || pos === 'part' ? true : pos === 'inner' ? ['inner'] : ['unknown'];
    case 'parent':
      return pos === 'part'
        ? ['env']
        : pos === 'env'
          ? ['doc']
          : pos === 'inner'
            ? ['part', 'inner']
            : ['unknown'];
    case 'self':
      return [pos];
    default:
      // attributes and namespaces hold no children; the ancestor and preceding axes stop before the context node
      return ['unknown'];
  }
}

/**
 * Whether evaluating the XPath reads below the Body (anything but `$header` paths going down): Jaxen's child and
 * descendant iterators build the elements they pass, so the Body's content is no longer written as parsed
 * (see markBodyUnread). Functions of the message (get-property…) read nothing.
 */
export function readsBody(tree: XPathNode): boolean {
  switch (tree.type) {
    case 'xp-path':
      if (tree.filter) {
        const f = tree.filter.type === 'xp-paren' ? tree.filter.expr : tree.filter;
        if (f.type === 'xp-variable' && f.prefix === '' && f.local === 'header')
          return tree.steps.some(
            (s) =>
              !['child', 'descendant', 'descendant-or-self', 'attribute', 'self'].includes(s.axis) ||
              s.predicates.some(readsBody),
          );
        return true;
      }
      return true;
    case 'xp-filter':
      return readsBody(tree.primary) || tree.predicates.some(readsBody);
    case 'xp-variable':
      return tree.prefix === '' && tree.local === 'body';
    case 'xp-binary':
      return readsBody(tree.left) || readsBody(tree.right);
    case 'xp-negate':
      return readsBody(tree.operand);
    case 'xp-paren':
      return readsBody(tree.expr);
    case 'xp-call':
      return tree.args.some(readsBody);
    default:
      return false;
  }
}
