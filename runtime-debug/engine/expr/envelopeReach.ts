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
      return walk(n.left, ctx) || walk(n.right, ctx);
    case 'xp-negate':
      return walk(n.operand, ctx);
    case 'xp-paren':
      return walk(n.expr, ctx);
    case 'xp-call':
      return n.args.some((a) => walk(a, ctx));
    default:
      return false;
  }
}

function filterPos(f: XPathNode): Where {
  if (f.type === 'xp-variable' && f.prefix === '' && (f.local === 'body' || f.local === 'header'))
    return at('part');
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
