/**
 * The XPath 2.0 check MI makes when the DOM failover is on (deployment.toml `[mediation]
 * synapse.enable_xpath_dom_failover = true`): an XPath Jaxen cannot parse deploys as `new SynapseXPath(expr, elem)`,
 * whose constructor compiles it with Saxon (`domXpath.compile`): a static error (syntax, an undeclared prefix, an
 * unknown function or arity) refuses it at deploy. Checked here with fontoxpath's static analysis, as the runtime
 * does (runtime-debug/engine/expr/xpath.ts compileXPath2Failover); no evaluation.
 */
import type * as Fontoxpath from 'fontoxpath';

const NS = 'urn:synapse-integration-tools:validate-xpath2';
const Q = `Q{${NS}}`;
const FN = 'Q{http://www.w3.org/2005/xpath-functions}';
let fx: typeof Fontoxpath | undefined;
/**
 * fontoxpath, loaded (and its functions registered) on first use: the language server starts without it (about 30 ms
 * of module evaluation) and needs it only for an XPath that is not XPath 1.0 in a project with the failover on.
 */
function fontoxpath(): typeof Fontoxpath {
  if (fx) return fx;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const f = require('fontoxpath') as typeof Fontoxpath;
  f.registerCustomXPathFunction({ namespaceURI: NS, localName: 'v' }, [], 'item()*', () => []);
  for (const arity of [1, 2, 3])
    f.registerCustomXPathFunction(
      { namespaceURI: NS, localName: 'p' },
      new Array<string>(arity).fill('item()*'),
      'item()*',
      () => [],
    );
  return (fx = f);
}

/** The variable prefixes Saxon knows in the DOM failover (DOMSynapseXPathNamespaceMap's known prefixes). */
export const SYNAPSE_XPATH2_VARIABLE_PREFIXES: ReadonlySet<string> = new Set([
  'ctx',
  'axis2',
  'trp',
  'url',
  'func',
]);

/**
 * A prefix of the XPath's text (outside string literals) that fontoxpath binds by itself (xs, fn, math, map, array,
 * local) while the XPath does not declare it: MI's DOM failover hands Saxon the XPath's own namespaces and Synapse's
 * variable prefixes only (DOMSynapseXPathNamespaceMap as its JAXP NamespaceContext), so Saxon fails such a prefix
 * (XPST0081 "Namespace prefix 'xs' has not been declared": checked with Saxon-HE 9.9 JAXP).
 */
export function undeclaredSaxonPrefix(
  text: string,
  ns: Readonly<Record<string, string>>,
): string | undefined {
  const outside = text.replace(/"[^"]*"|'[^']*'/g, '""');
  for (const m of outside.matchAll(/(?<![\w.$-])(xs|fn|math|map|array|local):(?=[A-Za-z_])/g))
    if (!Object.hasOwn(ns, m[1]!)) return m[1]!;
  return undefined;
}

/**
 * The XPath's text with its Synapse references rewritten for Saxon (or fontoxpath standing in for it), string
 * literals left as they are: each `$name`/`$prefix:name` becomes what `variable` gives (its raw text to keep it),
 * each `get-property(` becomes `getPropertyOpen`, and `getPropertyClose` is written after that call's `)`.
 */
export function rewriteSynapseReferences(
  text: string,
  variable: (prefix: string, name: string, raw: string) => string,
  getPropertyOpen: string,
  getPropertyClose = '',
): string {
  let out = '';
  let i = 0;
  // parenthesis depth, and the depths at which a get-property call's arguments end
  let depth = 0;
  const calls: number[] = [];
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const j = text.indexOf(c, i + 1);
      const end = j < 0 ? text.length : j + 1;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const rest = text.slice(i);
    const v = /^\$(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)/.exec(rest);
    if (v) {
      out += variable(v[1] ?? '', v[2]!, v[0]);
      i += v[0].length;
      continue;
    }
    const g = /^get-property\s*\(/.exec(rest);
    if (g && (i === 0 || !/[\w.-]/.test(text[i - 1]!))) {
      out += getPropertyOpen;
      i += g[0].length;
      calls.push(depth++);
      continue;
    }
    out += c;
    i++;
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (calls.length && calls[calls.length - 1] === depth) {
        calls.pop();
        out += getPropertyClose;
      }
    }
  }
  return out;
}

/** `$ctx:x`, `$body`... and get-property(...), as calls of functions Saxon is given. */
function asCalls(text: string): string {
  return rewriteSynapseReferences(
    text,
    (prefix, name, raw) =>
      // $body/$header/$env fail only when evaluated (DOMSynapseXPathVariableResolver); $ctx:x... are resolved
      (prefix === '' && ['body', 'header', 'env'].includes(name)) ||
      SYNAPSE_XPATH2_VARIABLE_PREFIXES.has(prefix)
        ? `${Q}v()`
        : raw,
    `${Q}p(`,
  );
}

/**
 * Why Saxon would refuse the XPath at deploy (the DOM failover's compile), or undefined when it compiles.
 * `namespaces`: the xmlns prefixes in scope (Saxon's NamespaceContext holds only those and Synapse's variable
 * prefixes: `xs:`, `fn:`, `math:` not declared fail with XPST0081).
 */
export function xpath2StaticError(
  text: string,
  namespaces: Readonly<Record<string, string>> = {},
): string | undefined {
  const prefix = undeclaredSaxonPrefix(text, namespaces);
  if (prefix !== undefined) return `XPST0081: Namespace prefix '${prefix}' has not been declared`;
  const { evaluateXPath } = fontoxpath();
  const code = `${FN}string((${asCalls(text)})[1])`;
  const resolver = (p: string): string | null => (p === '' ? null : (namespaces[p] ?? null));
  try {
    evaluateXPath(`if (${FN}false()) then (${code}) else ()`, null, null, null, evaluateXPath.ANY_TYPE, {
      namespaceResolver: resolver,
      language: evaluateXPath.XPATH_3_1_LANGUAGE,
    });
  } catch (e) {
    const lines = String((e as Error).message ?? e)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^[\^~\s]+$/.test(l));
    const message = /\bX[PQ]ST\d{4}.*/.exec(lines.slice(0, 2).join(' '))?.[0];
    if (message !== undefined) return message.split(Q).join('');
  }
  return undefined;
}
