/**
 * The xquery mediator, as Synapse's XQueryMediator runs it (Saxon there, fontoxpath's XQuery 3.1 here).
 *
 * - `key` (static or `{expr}`) names the query: a local entry or registry resource; an element's own text is the
 *   query (OMElement.getText: `<x><![CDATA[...]]></x>`), other text is used as it is. No query for the key fails.
 * - `<variable name type [value | key | expression]>`: a `value` is a constant; otherwise the variable is the node the
 *   expression (default: the first child of the SOAP body) selects, from the registry resource `key` when given,
 *   or the message. ELEMENT/DOCUMENT variables are bound as a document holding a copy of the element; the others
 *   take the node's text (MediatorCustomVariable.evaluate) parsed as their type (Integer.parseInt, Double.parseDouble,
 *   Boolean.parseBoolean...).
 * - Only the first item of the result is used (XQueryMediator.performQuery): an element (or document) replaces the
 *   target node (`target`, default the first child of the SOAP body), or goes into an empty body; an atomic
 *   xs:integer, xs:boolean, xs:double, xs:float or xs:string becomes the target element's text (Java's printing of
 *   the value); other items change nothing.
 * - Any failure is "Unable to execute the query " (XQueryMediator.mediate wraps every exception so).
 */
import { evaluateXPath, parseScript, registerCustomXPathFunction } from 'fontoxpath';
import * as slimdom from 'slimdom';
import { attrValue, childElements, type XmlElement } from '../../../core/xml';
import { registerMediator, type CompileCtx } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Expr } from '../expressions';
import type { Registry } from '../executor';
import { javaDoubleToString } from '../expr/values';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { base } from './util';

const XQ_FAILED = 'Unable to execute the query ';
/** Marks a literal bound without the declared type (a long beyond what the engine's numbers hold). */
const UNTYPED = '\u0000untyped:';

const ATOMIC_TYPES: Record<string, string> = {
  STRING: 'xs:string',
  DOUBLE: 'xs:double',
  FLOAT: 'xs:float',
  INT: 'xs:int',
  INTEGER: 'xs:integer',
  LONG: 'xs:long',
  SHORT: 'xs:short',
  BYTE: 'xs:byte',
  BOOLEAN: 'xs:boolean',
};

interface Variable {
  name: string;
  type: string;
  value?: string;
  key?: string;
  expr?: Expr;
}

/**
 * The query split into its prolog (version declaration, declare ... ;, import ... ;) and its body, so that the body's
 * first item can be looked at with its type.
 */
export function splitProlog(query: string): { prolog: string; body: string } {
  let i = 0;
  const n = query.length;
  const skipSpace = () => {
    for (;;) {
      while (i < n && /\s/.test(query[i]!)) i++;
      if (query.startsWith('(:', i)) {
        let depth = 0;
        while (i < n) {
          if (query.startsWith('(:', i)) {
            depth++;
            i += 2;
          } else if (query.startsWith(':)', i)) {
            depth--;
            i += 2;
            if (depth === 0) break;
          } else i++;
        }
        continue;
      }
      return;
    }
  };
  let prologEnd = 0;
  for (;;) {
    skipSpace();
    if (
      !/^(?:xquery\s+(?:version|encoding)|declare\s|import\s|module\s+namespace)/.test(query.slice(i, i + 30))
    )
      break;
    // to the ';' at depth 0, strings and comments skipped
    let depth = 0;
    while (i < n) {
      const c = query[i]!;
      if (c === '"' || c === "'") {
        for (i++; i < n && query[i] !== c; i++);
        i++;
        continue;
      }
      if (query.startsWith('(:', i)) {
        const e = query.indexOf(':)', i + 2);
        i = e < 0 ? n : e + 2;
        continue;
      }
      if (c === '{' || c === '(' || c === '[') depth++;
      else if (c === '}' || c === ')' || c === ']') depth--;
      else if (c === ';' && depth <= 0) {
        i++;
        break;
      }
      i++;
    }
    prologEnd = i;
  }
  return { prolog: query.slice(0, prologEnd), body: query.slice(prologEnd) };
}

/** The query text of a key: a local entry or registry resource (an element's own text, else the text). */
function queryText(key: string, reg: Registry): string | undefined {
  const text = reg.resource(key);
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t.startsWith('<')) {
    try {
      const el = parseXmlElement(t);
      let own = '';
      for (let c = el.firstChild; c; c = c.nextSibling)
        if (c.nodeType === 3 || c.nodeType === 4) own += (c as slimdom.Text).data;
      return own;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * XPath's canonical text of a double or float (the cast to xs:string): plain decimal from 1e-6 to 1e6 (an integral
 * value without fraction), else a mantissa with at least one fractional digit, 'E' and the exponent; the shortest
 * digits that read back as the same value (a float's own digits).
 */
export function xpathFloating(v: number, float = false): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  let digits = v;
  if (float)
    for (let p = 1; p <= 9; p++) {
      const c = Number(v.toPrecision(p));
      if (Math.fround(c) === v) {
        digits = c;
        break;
      }
    }
  const abs = Math.abs(digits);
  if (abs >= 1e-6 && abs < 1e6) {
    if (Number.isInteger(digits)) return String(digits);
    const plain = String(digits);
    if (!/e/i.test(plain)) return plain;
    // JavaScript writes 1e-6 .. 1e-7 in exponent form: spell it out
    const [m, e] = plain.split('e') as [string, string];
    const exp = -Number(e);
    const mant = m.replace('-', '').replace('.', '');
    return `${digits < 0 ? '-' : ''}0.${'0'.repeat(exp - 1)}${mant}`;
  }
  const [m0, e0] = digits.toExponential().split('e') as [string, string];
  const m = m0.includes('.') ? m0 : `${m0}.0`;
  return `${m}E${e0.startsWith('+') ? e0.slice(1) : e0}`;
}

function xqString(s: string): string {
  return `"${s.replace(/&/g, '&amp;').replace(/"/g, '""')}"`;
}

/** Java's parse of a variable's text for its type (the value XQueryMediator.setVariable binds), as XQuery text. */
function atomicLiteral(v: Variable, text: string): string | undefined {
  const t = v.type;
  const int = (min: number, max: number) => {
    if (!/^[+-]?\d+$/.test(text)) throw new Error(`Incompatible value '${text}' for the ${t}`);
    const n = Number(text);
    if (n < min || n > max) throw new Error(`Incompatible value '${text}' for the ${t}`);
    // XQueryMediator binds nothing for -1 (its "not set" marker)
    return n === -1 ? undefined : `${ATOMIC_TYPES[t]}(${xqString(String(n))})`;
  };
  switch (t) {
    case 'STRING':
      return xqString(text);
    case 'BOOLEAN':
      return text.toLowerCase() === 'true' ? 'true()' : 'false()';
    case 'INT':
    case 'INTEGER':
      return int(-2147483648, 2147483647);
    case 'SHORT':
      return int(-32768, 32767);
    case 'BYTE':
      return int(-128, 127);
    case 'LONG': {
      if (!/^[+-]?\d+$/.test(text)) throw new Error(`Incompatible value '${text}' for the long`);
      const big = BigInt(text);
      if (big < -(2n ** 63n) || big >= 2n ** 63n)
        throw new Error(`Incompatible value '${text}' for the long`);
      if (big === -1n) return undefined;
      // beyond 2^53 the XQuery engine here (JavaScript numbers) cannot hold it: it is bound as its digits
      return Number.isSafeInteger(Number(big))
        ? `xs:long(${xqString(text)})`
        : UNTYPED + xqString(String(big));
    }
    case 'DOUBLE':
    case 'FLOAT': {
      const s = text.trim();
      const n = Number(s.replace(/[dDfF]$/, ''));
      if (s === '' || Number.isNaN(n)) throw new Error(`Incompatible value '${text}' for the ${t}`);
      if (n === -1) return undefined;
      const v = t === 'FLOAT' ? Math.fround(n) : n;
      // bound with its type (XdmAtomicValue(String.valueOf(v), DOUBLE/FLOAT)): `$d` returned as it is, `instance of`
      // and arithmetic see a double; in element content it is printed as Saxon prints it (see the constructors'
      // enclosed expressions' wrapper, withCanonicalNumbers)
      return `${ATOMIC_TYPES[t]}(${xqString(Number.isFinite(v) ? xpathFloating(v, t === 'FLOAT') : v > 0 ? 'INF' : v < 0 ? '-INF' : 'NaN')})`;
    }
    default:
      return undefined;
  }
}

/** The first child element of the SOAP body (SourceXPathSupport.DEFAULT_XPATH), or the first node `x` selects. */
function selectNode(ctx: MessageContext, x: Expr | undefined): slimdom.Node | undefined {
  if (!x) return ctx.payload.rootElement();
  const nodes = x.nodes(ctx);
  return nodes[0];
}

/** The text MediatorCustomVariable.evaluate gives a non-node variable: a text node's, an element's own text. */
function ownText(node: slimdom.Node): string {
  if (node.nodeType !== 1) return node.textContent ?? '';
  let s = '';
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 3 || c.nodeType === 4) s += (c as slimdom.Text).data;
  return s;
}

function variableValue(v: Variable, ctx: MessageContext, reg: Registry): unknown {
  if (v.value !== undefined) return v.value;
  const nodeKind = v.type === 'ELEMENT' || v.type === 'DOCUMENT';
  let result: unknown;
  if (v.key !== undefined) {
    const text = reg.resource(v.key);
    if (text === undefined) return undefined;
    let el: slimdom.Element;
    try {
      el = parseXmlElement(text.trim());
    } catch {
      return text;
    }
    if (!v.expr) return el;
    const d = new slimdom.Document();
    d.appendChild(d.importNode(el, true));
    const found = evaluateXPath(v.expr.text, d.documentElement, null, {}, evaluateXPath.NODES_TYPE);
    result = found[0];
  } else if (!v.expr) result = ctx.payload.rootElement();
  else {
    const r = v.expr.value(ctx);
    result = Array.isArray(r) ? r[0] : r;
  }
  if (result === undefined || result === null) return undefined;
  if (typeof result === 'object' && 'nodeType' in (result as object)) {
    const node = result as slimdom.Node;
    return nodeKind ? node : ownText(node);
  }
  return typeof result === 'string' ? result : stringOf(result);
}

/** Binds the variables: atomic ones written into the prolog (typed), node ones passed to the evaluator. */
function bind(
  prolog: string,
  vars: Variable[],
  ctx: MessageContext,
  reg: Registry,
): { prolog: string; nodes: Record<string, slimdom.Document> } {
  const nodes: Record<string, slimdom.Document> = {};
  let out = prolog;
  for (const v of vars) {
    const value = variableValue(v, ctx, reg);
    if (value === undefined) continue;
    if (v.type === 'ELEMENT' || v.type === 'DOCUMENT') {
      let el: slimdom.Node | undefined;
      if (typeof value === 'string') el = parseXmlElement(value.trim());
      else if ((value as slimdom.Node).nodeType === 1) el = value as slimdom.Node;
      if (!el) continue;
      const d = new slimdom.Document();
      d.appendChild(d.importNode(el, true));
      nodes[v.name] = d;
      continue;
    }
    const literal = atomicLiteral(v, String(value));
    if (literal === undefined) continue;
    const decl = new RegExp(
      `(declare\\s+variable\\s+\\$${v.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s+as\\s+[^;]*?)?\\s+)external(?:\\s*:=[^;]*)?\\s*;`,
    );
    out = out.replace(decl, (_m, head: string) =>
      literal.startsWith(UNTYPED)
        ? `declare variable $${v.name} := ${literal.slice(UNTYPED.length)};`
        : `${head}:= ${literal};`,
    );
  }
  return { prolog: out, nodes };
}

/** Java's text for the first atomic item, as XQueryMediator.performQuery sets it (undefined: left as it is). */
function atomicText(kind: string, text: string): string | undefined {
  switch (kind) {
    case 'integer':
      return String(BigInt.asIntN(32, BigInt(text)));
    case 'boolean':
      return text;
    case 'double':
      return javaDoubleToString(Number(text === 'INF' ? 'Infinity' : text === '-INF' ? '-Infinity' : text));
    case 'float':
      return javaDoubleToString(
        Math.fround(Number(text === 'INF' ? 'Infinity' : text === '-INF' ? '-Infinity' : text)),
      );
    case 'string':
      return text;
    default:
      return undefined;
  }
}

const XQX = 'http://www.w3.org/2005/XQueryX';
const FMT_NS = 'urn:synapse-runtime:xquery';
registerCustomXPathFunction(
  { namespaceURI: FMT_NS, localName: 'double' },
  ['xs:double'],
  'xs:string',
  (_c, v: number) => xpathFloating(v),
);
registerCustomXPathFunction(
  { namespaceURI: FMT_NS, localName: 'float' },
  ['xs:float'],
  'xs:string',
  (_c, v: number) => xpathFloating(Math.fround(v), true),
);

/** What wraps an enclosed expression of a constructor: its doubles and floats as XPath's canonical text. */
let canonicalTemplate: slimdom.Element | undefined;
function template(): slimdom.Element {
  if (canonicalTemplate) return canonicalTemplate;
  const v = `$Q{${FMT_NS}}v`;
  const ast = parseScript(
    `for ${v} in 0 return if (${v} instance of xs:double) then Q{${FMT_NS}}double(${v}) ` +
      `else if (${v} instance of xs:float) then Q{${FMT_NS}}float(${v}) else ${v}`,
    { language: evaluateXPath.XQUERY_3_1_LANGUAGE } as never,
    new slimdom.Document() as never,
  ) as unknown as slimdom.Element;
  canonicalTemplate = ast.getElementsByTagNameNS(XQX, 'flworExpr')[0]!;
  return canonicalTemplate;
}

const CONSTRUCTORS = new Set([
  'elementConstructor',
  'stringConstantExpr',
  'computedElementConstructor',
  'computedAttributeConstructor',
  'computedTextConstructor',
  'computedCommentConstructor',
  'computedPIConstructor',
  'computedNamespaceConstructor',
  'computedDocumentConstructor',
]);

/**
 * fontoxpath writes a double or float into element content or an attribute as JavaScript prints the number
 * (1.25E9 as 1250000000); Saxon, MI's engine, as XPath's cast to xs:string does (1.25E9, 1.0E-7). Every enclosed
 * expression of a direct constructor is wrapped (in the query's XQueryX) so that its doubles and floats become that
 * text; other items pass as they are.
 */
function withCanonicalNumbers(ast: slimdom.Element): slimdom.Element {
  const holders = [
    ...ast.getElementsByTagNameNS(XQX, 'elementContent'),
    ...ast.getElementsByTagNameNS(XQX, 'attributeValueExpr'),
  ];
  for (const holder of holders)
    for (const c of [...holder.children]) {
      if (CONSTRUCTORS.has(c.localName)) continue;
      const w = holder.ownerDocument!.importNode(template(), true) as slimdom.Element;
      const slot = w.getElementsByTagNameNS(XQX, 'forExpr')[0]!;
      while (slot.firstChild) slot.removeChild(slot.firstChild);
      holder.replaceChild(w, c);
      slot.appendChild(c);
    }
  // the static types the parser noted no longer hold for the wrapped expressions
  for (const e of [ast, ...ast.getElementsByTagNameNS(XQX, '*')]) e.removeAttributeNS(XQX, 'type');
  return ast;
}

/**
 * The parsed query with its numbers wrapped (withCanonicalNumbers), by its text. Parsing is most of a query's cost
 * (about 0.5-1 ms against 0.1 ms to evaluate the parsed one), and fontoxpath caches only what it compiles from a
 * string, so a query is parsed once. The text holds the values bound to atomic variables: the map is bounded.
 */
const parsedQueries = new Map<string, slimdom.Element>();
function parsedQuery(text: string): slimdom.Element {
  let ast = parsedQueries.get(text);
  if (ast === undefined) {
    ast = withCanonicalNumbers(
      parseScript(
        text,
        { language: evaluateXPath.XQUERY_3_1_LANGUAGE } as never,
        new slimdom.Document() as never,
      ) as unknown as slimdom.Element,
    );
    if (parsedQueries.size >= 200) parsedQueries.clear();
    parsedQueries.set(text, ast);
  }
  return ast;
}

const PROBE = (body: string) => `
let $__xq := (${body})[1]
return if (empty($__xq)) then ()
  else if ($__xq instance of node()) then $__xq
  else (if ($__xq instance of xs:integer) then "integer"
    else if ($__xq instance of xs:decimal) then "decimal"
    else if ($__xq instance of xs:double) then "double"
    else if ($__xq instance of xs:float) then "float"
    else if ($__xq instance of xs:boolean) then "boolean"
    else if ($__xq instance of xs:string) then "string"
    else "other", string($__xq))`;

async function runQuery(
  ctx: MessageContext,
  reg: Registry,
  key: string,
  vars: Variable[],
  target: Expr | undefined,
): Promise<void> {
  const query = queryText(key, reg);
  if (query === undefined) throw new Error(`No object found for the key '${key}'`);
  if (query.trim() === '') return;
  const { prolog, body } = splitProlog(query);
  const bound = bind(prolog, vars, ctx, reg);
  const doc = new slimdom.Document();
  const ast = parsedQuery(`${bound.prolog}\n${PROBE(body)}`);
  const result = evaluateXPath(ast as never, null, null, bound.nodes, evaluateXPath.ALL_RESULTS_TYPE, {
    language: evaluateXPath.XQUERY_3_1_LANGUAGE,
    nodesFactory: doc as never,
  }) as unknown[];
  if (result.length === 0) return;
  const first = result[0];
  const destination = selectNode(ctx, target);
  if (typeof first === 'object' && first !== null && 'nodeType' in first) {
    const node = first as slimdom.Node;
    const el =
      node.nodeType === 9
        ? (node as slimdom.Document).documentElement
        : node.nodeType === 1
          ? (node as slimdom.Element)
          : undefined;
    if (!el) return;
    // the result is read back from its text (a StAXOMBuilder over xdmItem.toString())
    const resultEl = parseXmlElement(serializeXml(el));
    if (destination) {
      const parent = destination.parentNode;
      if (!parent) return;
      parent.replaceChild(parent.ownerDocument!.importNode(resultEl, true), destination);
      ctx.payload.markXmlChanged();
    } else if (!target) ctx.payload.setXmlRoot(resultEl);
    return;
  }
  const text = atomicText(String(first), String(result[1] ?? ''));
  if (text === undefined || !destination || destination.nodeType !== 1) return;
  const d = destination as slimdom.Element;
  while (d.firstChild) d.removeChild(d.firstChild);
  d.appendChild(d.ownerDocument!.createTextNode(text));
  ctx.payload.markXmlChanged();
}

function compileVariable(el: XmlElement, cc: CompileCtx): Variable | undefined {
  // XQueryMediatorFactory: a variable without a name or a type is passed over
  const name = attrValue(el, 'name')?.trim();
  const type = attrValue(el, 'type')?.trim();
  if (!name || !type) return undefined;
  if (!(type in ATOMIC_TYPES) && type !== 'ELEMENT' && type !== 'DOCUMENT') {
    cc.problem(el, 'RT_BAD_ATTRIBUTE', `Unsupported Type '${type}' for the xquery variable '${name}'`);
    return undefined;
  }
  const value = attrValue(el, 'value');
  if (value !== undefined && value !== '') return { name, type, value: value.trim() };
  const key = attrValue(el, 'key')?.trim();
  const expr = attrValue(el, 'expression') ? cc.expr(el, 'expression') : undefined;
  return { name, type, key, expr };
}

registerMediator('xquery', (el, cc) => {
  const key = cc.value(el, 'key');
  if (!key) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'The xquery mediator needs a key');
  const target = attrValue(el, 'target') ? cc.expr(el, 'target') : undefined;
  const vars = childElements(el)
    .filter((c) => c.local === 'variable')
    .map((v) => compileVariable(v, cc))
    .filter((v): v is Variable => !!v);
  const pos = cc.pos(el);
  const where = `${pos.file}:${pos.line}`;
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      try {
        await runQuery(ctx, ex.reg, key ? key.string(ctx) : '', vars, target);
      } catch (e) {
        throw new MediationError(0, XQ_FAILED, `${(e as Error).message} (${where})`, where);
      }
      return true;
    },
  };
});

export const XQUERY_LOADED = true;
