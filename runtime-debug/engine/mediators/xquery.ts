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

/**
 * A variable's value as XQueryMediator.setVariable binds it (Java's parse of its text for its type): the text of the
 * typed value, cast to its type in the query (`cast`: the constructor function), or undefined when nothing is bound
 * (-1, setVariable's "not set" marker). A long beyond what the engine's numbers hold is bound as its digits, untyped.
 */
function atomicBinding(v: Variable, text: string): { value: string | boolean; cast?: string } | undefined {
  const t = v.type;
  const int = (min: number, max: number) => {
    if (!/^[+-]?\d+$/.test(text)) throw new Error(`Incompatible value '${text}' for the ${t}`);
    const n = Number(text);
    if (n < min || n > max) throw new Error(`Incompatible value '${text}' for the ${t}`);
    return n === -1 ? undefined : { value: String(n), cast: ATOMIC_TYPES[t] };
  };
  switch (t) {
    case 'STRING':
      return { value: text };
    case 'BOOLEAN':
      return { value: text.toLowerCase() === 'true' };
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
      return Number.isSafeInteger(Number(big)) ? { value: text, cast: 'xs:long' } : { value: String(big) };
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
      const lexical = Number.isFinite(v)
        ? xpathFloating(v, t === 'FLOAT')
        : v > 0
          ? 'INF'
          : v < 0
            ? '-INF'
            : 'NaN';
      return { value: lexical, cast: ATOMIC_TYPES[t] };
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

/** The name an atomic variable's value is passed to the evaluator under (the query reads it cast to its type). */
const boundName = (name: string) => `__xq_bound_${name}`;

/** An atomic variable bound this time: its name and the constructor function its value is cast with. */
interface AtomicShape {
  name: string;
  cast: string | undefined;
}

/**
 * Binds the variables as external values of one compiled query (XQueryMediator.setVariable on its cached evaluator):
 * node ones passed as documents, atomic ones passed as their text (or boolean) and read through their type's
 * constructor where the query refers to them (parsedQuery), so the query is parsed and compiled once for the
 * variables' types, not once per value. A variable the query binds again itself (a for or let of the same name) is
 * written into its declaration as a typed literal instead (the text then holds the value).
 */
function bind(
  query: string,
  prolog: string,
  vars: Variable[],
  ctx: MessageContext,
  reg: Registry,
): { prolog: string; values: Record<string, unknown>; atomics: AtomicShape[] } {
  const values: Record<string, unknown> = {};
  const atomics: AtomicShape[] = [];
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
      values[v.name] = d;
      continue;
    }
    const binding = atomicBinding(v, String(value));
    if (binding === undefined) continue;
    // (a query that rebinds the name: its literal in the declaration, as the variable's value)
    if (rebinds(query, v.name)) {
      const literal =
        typeof binding.value === 'boolean'
          ? `${binding.value}()`
          : binding.cast
            ? `${binding.cast}(${xqString(binding.value)})`
            : xqString(binding.value);
      const decl = new RegExp(
        `(declare\\s+variable\\s+\\$${v.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s+as\\s+[^;]*?)?\\s+)external(?:\\s*:=[^;]*)?\\s*;`,
      );
      out = out.replace(decl, (_m, head: string) =>
        v.type === 'LONG' && binding.cast === undefined
          ? `declare variable $${v.name} := ${literal};`
          : `${head}:= ${literal};`,
      );
      continue;
    }
    // the declaration stays external (its value passed too, for its `external` to be bound)
    values[v.name] = binding.value;
    values[boundName(v.name)] = binding.value;
    atomics.push({ name: v.name, cast: binding.cast });
  }
  return { prolog: out, values, atomics };
}

/** rebinds' answers by query and variable name (its patterns are built once for each, not for every message). */
const rebindings = new Map<string, Map<string, boolean>>();

/**
 * Whether a query binds a variable of this name again: a for, let, some or every clause (or one more binding of its
 * list), or a parameter of a declared or inline function.
 */
function rebinds(query: string, name: string): boolean {
  let byName = rebindings.get(query);
  if (byName === undefined) {
    if (rebindings.size >= 200) rebindings.clear();
    rebindings.set(query, (byName = new Map()));
  }
  let r = byName.get(name);
  if (r === undefined) byName.set(name, (r = rebindsNow(query, name)));
  return r;
}

function rebindsNow(query: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(?:\\b(?:for|let|some|every)\\s+|,\\s*)\\$${n}\\s+(?:in|:=|as)\\b`).test(query))
    return true;
  const param = new RegExp(`\\$${n}(?![\\w.-])`);
  for (const m of query.matchAll(/\bfunction\b[^(]*\(([^)]*)\)/g)) if (param.test(m[1]!)) return true;
  return false;
}

function xqString(s: string): string {
  return `"${s.replace(/&/g, '&amp;').replace(/"/g, '""')}"`;
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
const FN_NS = 'http://www.w3.org/2005/xpath-functions';
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

// ------------------------------------------------------------------------------------------------ xs:decimal
// Saxon (MI's engine) keeps an xs:decimal exact (BigDecimal); fontoxpath holds it in a double, so 0.1 + 0.2 is
// 0.30000000000000004 there. The query's decimal arithmetic (+, -, *, div, mod of two decimals, not of two integers
// but for div) is done here on the operands' decimal digits (decimalArithmetic), as Saxon's Calculator does it, and
// its exact result is kept beside the double that carries it through the engine (exactDecimals, for one evaluation):
// the next operation and the text in element content (the constructors' wrapper) read the exact digits. A decimal the
// engine computed by itself (sum, avg, a cast) is written with 15 significant digits at most (its double's noise
// dropped). Saxon's text of a decimal: plain digits, no exponent, no trailing zeros after the point.

/** The exact digits of decimals computed in this evaluation, by the double that carries them. */
const exactDecimals = new Map<number, string>();

/** A decimal as an unscaled integer and its scale (digits after the point). */
interface Dec {
  unscaled: bigint;
  scale: number;
}

/** Plain decimal digits of a JavaScript number's text (its exponent form spelled out). */
function plainDigits(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
  if (!m) return text;
  const [, sign, int, frac = '', e] = m;
  const digits = int! + frac;
  const point = int!.length + Number(e);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function toDec(text: string): Dec {
  const t = plainDigits(text);
  const neg = t.startsWith('-');
  const [int, frac = ''] = (neg ? t.slice(1) : t).split('.') as [string, string?];
  const unscaled = BigInt(int + frac);
  return { unscaled: neg ? -unscaled : unscaled, scale: frac.length };
}

/** Saxon's text of a decimal (BigDecimalValue: no exponent, no trailing fractional zeros, "0" for zero). */
function decText(d: Dec): string {
  if (d.unscaled === 0n) return '0';
  const neg = d.unscaled < 0n;
  let digits = (neg ? -d.unscaled : d.unscaled).toString();
  let scale = d.scale;
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

/**
 * The exact digits a decimal stands for: kept by exactDecimals, else its double's to 15 significant digits (what
 * the engine computed by itself, a sum of decimals, has its double's noise dropped before it goes on).
 */
const digitsOf = (v: number): Dec => {
  const exact = exactDecimals.get(v);
  return exact !== undefined ? toDec(exact) : toDec(String(Number(v.toPrecision(15))));
};

const rescale = (d: Dec, scale: number): bigint => d.unscaled * 10n ** BigInt(scale - d.scale);

/** Saxon's Calculator on two decimals: exact +, -, *, mod (BigDecimal.remainder) and div to 18 places (DOWN). */
function decimalArithmetic(op: string, x: number, y: number): number {
  const a = digitsOf(x);
  const b = digitsOf(y);
  let r: Dec;
  if (op === 'multiply') r = { unscaled: a.unscaled * b.unscaled, scale: a.scale + b.scale };
  else {
    const scale = Math.max(a.scale, b.scale);
    const ua = rescale(a, scale);
    const ub = rescale(b, scale);
    if ((op === 'div' || op === 'mod') && ub === 0n)
      throw new Error(op === 'div' ? 'FOAR0001: Decimal divide by zero' : 'FOAR0001: Decimal modulo zero');
    if (op === 'add') r = { unscaled: ua + ub, scale };
    else if (op === 'subtract') r = { unscaled: ua - ub, scale };
    else if (op === 'mod') r = { unscaled: ua % ub, scale };
    else {
      // BigDecimalValue.DIVIDE_PRECISION: at least 18 digits after the point, truncated (RoundingMode.DOWN)
      const places = Math.max(18, a.scale, b.scale);
      r = { unscaled: (ua * 10n ** BigInt(places)) / ub, scale: places };
    }
  }
  return carry(r);
}

/** The text of a decimal in element content: its exact digits, or its double's to 15 significant digits. */
function decimalText(v: number): string {
  return exactDecimals.get(v) ?? decText(digitsOf(v));
}

const ARITHMETIC: Record<string, string> = {
  addOp: '+',
  subtractOp: '-',
  multiplyOp: '*',
  divOp: 'div',
  modOp: 'mod',
};
for (const op of ['add', 'subtract', 'multiply', 'div', 'mod'])
  registerCustomXPathFunction(
    { namespaceURI: FMT_NS, localName: op },
    ['xs:decimal', 'xs:decimal'],
    'xs:decimal',
    (_c, a: number, b: number) => decimalArithmetic(op, a, b),
  );
/**
 * fn:round and fn:round-half-to-even of a decimal to `places` digits, on its exact digits as Saxon rounds a
 * BigDecimal: round takes a half towards positive infinity (round(-2.345, 2) is -2.34), round-half-to-even to the
 * even digit (round-half-to-even(2.345, 2) is 2.34).
 */
function decimalRound(x: number, places: number, halfEven: boolean): number {
  const d = digitsOf(x);
  if (places >= d.scale) return carry(d);
  const base = 10n ** BigInt(d.scale - places);
  let q = d.unscaled / base;
  const r = d.unscaled % base;
  const twice = 2n * (r < 0n ? -r : r);
  const away = d.unscaled < 0n ? -1n : 1n;
  if (halfEven) {
    if (twice > base || (twice === base && q % 2n !== 0n)) q += away;
  } else if (d.unscaled >= 0n ? twice >= base : twice > base) q += away;
  return carry(
    places >= 0 ? { unscaled: q, scale: places } : { unscaled: q * 10n ** BigInt(-places), scale: 0 },
  );
}

/** The double that carries a decimal through the engine, its exact digits kept beside it when it cannot hold them. */
function carry(d: Dec): number {
  const text = decText(d);
  const carrier = Number(text);
  if (String(carrier) !== text) exactDecimals.set(carrier, text);
  return carrier;
}

for (const [fn, halfEven] of [
  ['round', false],
  ['round-half-to-even', true],
] as const)
  registerCustomXPathFunction(
    { namespaceURI: FMT_NS, localName: fn },
    ['xs:decimal', 'xs:integer'],
    'xs:decimal',
    (_c, x: number, places: number) => decimalRound(x, places, halfEven),
  );
registerCustomXPathFunction(
  { namespaceURI: FMT_NS, localName: 'decimal' },
  ['xs:decimal'],
  'xs:string',
  (_c, v: number) => decimalText(v),
);

/** A query's (or an expression's) XQueryX, as fontoxpath parses it. */
function xqueryX(text: string): slimdom.Element {
  return parseScript(
    text,
    { language: evaluateXPath.XQUERY_3_1_LANGUAGE } as never,
    new slimdom.Document() as never,
  ) as unknown as slimdom.Element;
}

/** The FLWOR expression of a wrapper's text (decimalOperations, withCanonicalNumbers), parsed once. */
const wrappers = new Map<string, slimdom.Element>();
function wrapper(text: string): slimdom.Element {
  let t = wrappers.get(text);
  if (t === undefined) wrappers.set(text, (t = xqueryX(text).getElementsByTagNameNS(XQX, 'flworExpr')[0]!));
  return t;
}

/** The wrapper of an arithmetic operator (decimalOperations). */
function arithmeticTemplate(opElement: string): slimdom.Element {
  // (fontoxpath binds let variables without a namespace only)
  const a = '$__xq_decimal_a';
  const b = '$__xq_decimal_b';
  const name = opElement.slice(0, -2);
  // two integers stay integers (their own exact arithmetic), but for div, whose result is a decimal
  const integers =
    name === 'div' ? '' : ` and not(${a} instance of xs:integer and ${b} instance of xs:integer)`;
  return wrapper(
    `let ${a} := 0, ${b} := 0 return if (${a} instance of xs:decimal and ${b} instance of xs:decimal${integers}) ` +
      `then Q{${FMT_NS}}${name}(${a}, ${b}) else ${a} ${ARITHMETIC[opElement]} ${b}`,
  );
}

/**
 * Each +, -, *, div and mod of the query (in its XQueryX) is wrapped so that two decimals go through
 * decimalArithmetic and anything else (doubles, untyped values, dates, an empty operand) through the engine's own
 * operator, with the operands evaluated once.
 */
function decimalOperations(ast: slimdom.Element): void {
  const ops = Object.keys(ARITHMETIC).flatMap((k) => [...ast.getElementsByTagNameNS(XQX, k)]);
  for (const op of ops) {
    const first = [...op.children].find((c) => c.localName === 'firstOperand');
    const second = [...op.children].find((c) => c.localName === 'secondOperand');
    if (!first || !second) continue;
    const w = op.ownerDocument!.importNode(arithmeticTemplate(op.localName), true) as slimdom.Element;
    const slots = w.getElementsByTagNameNS(XQX, 'letExpr');
    for (const [slot, operand] of [
      [slots[0]!, first],
      [slots[1]!, second],
    ] as const) {
      while (slot.firstChild) slot.removeChild(slot.firstChild);
      while (operand.firstChild) slot.appendChild(operand.firstChild);
    }
    op.parentNode!.replaceChild(w, op);
  }
  // fn:round and fn:round-half-to-even of a decimal (not an integer) round its exact digits (decimalRound)
  for (const call of [...ast.getElementsByTagNameNS(XQX, 'functionCallExpr')]) {
    const name = [...call.children].find((c) => c.localName === 'functionName');
    const args = [...call.children].find((c) => c.localName === 'arguments');
    const fn = name?.textContent;
    if (!name || !args || name.getAttributeNS(XQX, 'URI') !== FN_NS) continue;
    if (fn !== 'round' && fn !== 'round-half-to-even') continue;
    const given = [...args.children];
    if (given.length < 1 || given.length > 2) continue;
    const w = call.ownerDocument!.importNode(roundingTemplate(fn), true) as slimdom.Element;
    const slots = w.getElementsByTagNameNS(XQX, 'letExpr');
    given.forEach((arg, i) => {
      const slot = slots[i]!;
      while (slot.firstChild) slot.removeChild(slot.firstChild);
      slot.appendChild(arg);
    });
    call.parentNode!.replaceChild(w, call);
  }
}

/** The wrapper of fn:round or fn:round-half-to-even (decimalOperations); the places default to 0. */
function roundingTemplate(fn: string): slimdom.Element {
  const a = '$__xq_decimal_a';
  const b = '$__xq_decimal_b';
  return wrapper(
    `let ${a} := 0, ${b} := 0 return if (${a} instance of xs:decimal and not(${a} instance of xs:integer)) ` +
      `then Q{${FMT_NS}}${fn}(${a}, ${b}) else fn:${fn}(${a}, ${b})`,
  );
}

/** What wraps an enclosed expression of a constructor: its doubles and floats as XPath's canonical text. */
function template(): slimdom.Element {
  const v = `$Q{${FMT_NS}}v`;
  return wrapper(
    `for ${v} in 0 return if (${v} instance of xs:double) then Q{${FMT_NS}}double(${v}) ` +
      `else if (${v} instance of xs:float) then Q{${FMT_NS}}float(${v}) ` +
      `else if (${v} instance of xs:decimal and not(${v} instance of xs:integer)) then Q{${FMT_NS}}decimal(${v}) ` +
      `else ${v}`,
  );
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
  // and the arguments that fn:concat, fn:string and fn:string-join (its items) turn into text
  for (const call of [...ast.getElementsByTagNameNS(XQX, 'functionCallExpr')]) {
    const name = [...call.children].find((c) => c.localName === 'functionName');
    const args = [...call.children].find((c) => c.localName === 'arguments');
    if (!name || !args || name.getAttributeNS(XQX, 'URI') !== FN_NS) continue;
    const fn = name.textContent;
    if (fn === 'concat' || fn === 'string') holders.push(args);
    else if (fn === 'string-join' && args.firstElementChild) {
      // (only the items: the separator stays as it is)
      const first = args.firstElementChild;
      const items = args.ownerDocument!.createElementNS(XQX, 'xqx:sequenceExpr');
      args.replaceChild(items, first);
      items.appendChild(first);
      holders.push(items);
    }
  }
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
 * The parsed query with its numbers wrapped (withCanonicalNumbers, decimalOperations) and its atomic variables read
 * from their bound values (boundReferences), by its text and those variables' types. Parsing is most of a query's
 * cost (about 0.5-1 ms against 0.1 ms to evaluate the parsed one), and fontoxpath caches only what it compiles from
 * a string, so a query is parsed once. Bounded.
 */
const parsedQueries = new Map<string, { ast: slimdom.Element; fresh: boolean }>();
function parsedQuery(text: string, atomics: AtomicShape[]): { ast: slimdom.Element; fresh: boolean } {
  const key = atomics.length ? `${atomics.map((a) => `${a.name}:${a.cast ?? ''}`).join(' ')}\n${text}` : text;
  let parsedEntry = parsedQueries.get(key);
  if (parsedEntry === undefined) {
    const parsed = xqueryX(text);
    // fontoxpath keeps the value of a prolog variable's initialiser with the compiled query (the first evaluation's):
    // one that is not a constant is computed again each time, as Saxon's evaluator does, by compiling afresh
    const fresh = [...parsed.getElementsByTagNameNS(XQX, 'varValue')].some((v) => {
      const e = v.firstElementChild;
      return !e || !CONSTANTS.has(e.localName);
    });
    boundReferences(parsed, atomics);
    decimalOperations(parsed);
    parsedEntry = { ast: withCanonicalNumbers(parsed), fresh };
    if (parsedQueries.size >= 200) parsedQueries.clear();
    parsedQueries.set(key, parsedEntry);
  }
  return parsedEntry;
}

/** A prolog variable's initialiser that is the same in every evaluation. */
const CONSTANTS = new Set([
  'integerConstantExpr',
  'decimalConstantExpr',
  'doubleConstantExpr',
  'stringConstantExpr',
]);

/**
 * Each reference to an atomic variable becomes its bound value cast to the variable's type (`xs:int($__xq_bound_x)`:
 * the typed value XQueryMediator.setVariable binds). fontoxpath keeps the value of an initialised prolog variable
 * with the compiled query, so the declaration itself cannot be given the value.
 */
function boundReferences(ast: slimdom.Element, atomics: AtomicShape[]): void {
  if (!atomics.length) return;
  const byName = new Map(atomics.map((a) => [a.name, a]));
  for (const ref of [...ast.getElementsByTagNameNS(XQX, 'varRef')]) {
    const name = [...ref.children].find((c) => c.localName === 'name');
    const atomic = name && !name.hasAttributeNS(XQX, 'URI') ? byName.get(name.textContent ?? '') : undefined;
    if (!atomic) continue;
    const read = xqueryX(
      atomic.cast ? `${atomic.cast}($${boundName(atomic.name)})` : `$${boundName(atomic.name)}`,
    );
    const expr = read.getElementsByTagNameNS(XQX, 'queryBody')[0]!.firstElementChild!;
    ref.parentNode!.replaceChild(ast.ownerDocument!.importNode(expr, true), ref);
  }
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
  const bound = bind(query, prolog, vars, ctx, reg);
  const doc = new slimdom.Document();
  const { ast, fresh } = parsedQuery(`${bound.prolog}\n${PROBE(body)}`, bound.atomics);
  let result: unknown[];
  try {
    result = evaluateXPath(ast as never, null, null, bound.values, evaluateXPath.ALL_RESULTS_TYPE, {
      language: evaluateXPath.XQUERY_3_1_LANGUAGE,
      nodesFactory: doc as never,
      ...(fresh ? { disableCache: true } : {}),
    }) as unknown[];
  } finally {
    exactDecimals.clear();
  }
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
