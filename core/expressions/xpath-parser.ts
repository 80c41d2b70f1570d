/**
 * XPath 1.0 parser with spans, plus the Synapse checks (known functions and arity, Synapse variables,
 * declared namespace prefixes). Full grammar of the XPath 1.0 recommendation, section 3.
 */
import type { ExprError, Span, XPathAxis, XPathNode, XPathNodeTest, XPathPath, XPathStep } from './types';
import { XPATH_FUNCTION_INDEX, XPATH2_FUNCTION_INDEX, arityText, GET_PROPERTY_SCOPES } from './functions';
import { XPATH_PLAIN_VARIABLES, XPATH_VARIABLE_PREFIXES } from './variables';

type TokType = 'num' | 'str' | 'name' | 'op' | 'var' | 'eof';

interface Tok {
  t: TokType;
  /** For 'name': the qualified name (may end in `:*`); for 'op': the operator; for 'str': the decoded value. */
  v: string;
  start: number;
  end: number;
  prefix?: string;
  local?: string;
}

class XPathSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly code: 'EXPR_XPATH_SYNTAX' | 'EXPR_UNTERMINATED_STRING' = 'EXPR_XPATH_SYNTAX',
  ) {
    super(message);
  }
}

const AXES = new Set<XPathAxis>([
  'ancestor',
  'ancestor-or-self',
  'attribute',
  'child',
  'descendant',
  'descendant-or-self',
  'following',
  'following-sibling',
  'namespace',
  'parent',
  'preceding',
  'preceding-sibling',
  'self',
]);
const NODE_TYPES = new Set(['node', 'text', 'comment', 'processing-instruction']);

function isNameStart(c: number): boolean {
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f))
  );
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * The QName whose first NCName is `s[i..e1)`, read as Jaxen's lexer reads it (the prefix, `:` and local name are
 * separate tokens, so whitespace may stand around the `:`); `star`: a `*` may be the local name (a name test). A `:`
 * with no name after it is left out of the name; `danglingColon` is then where it is.
 */
function qnameAt(
  s: string,
  i: number,
  e1: number,
  star: boolean,
): { prefix: string; local: string; end: number; danglingColon?: number } {
  const first = s.slice(i, e1);
  const colon = skipSpaces(s, e1);
  if (s[colon] !== ':' || s[colon + 1] === ':') return { prefix: '', local: first, end: e1 };
  const n2 = skipSpaces(s, colon + 1);
  if (star && s[n2] === '*') return { prefix: first, local: '*', end: n2 + 1 };
  const e2 = readNCName(s, n2);
  if (e2 === n2) return { prefix: '', local: first, end: e1, danglingColon: colon };
  return { prefix: first, local: s.slice(n2, e2), end: e2 };
}

function readNCName(s: string, i: number): number {
  if (i >= s.length || !isNameStart(s.charCodeAt(i))) return i;
  i++;
  while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
  return i;
}

export function tokenizeXPath(s: string, base = 0): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 34 || c === 39) {
      const close = s.indexOf(s[i]!, i + 1);
      if (close < 0) {
        throw new XPathSyntaxError(
          'String literal is not closed.',
          { start: base + start, end: base + n },
          'EXPR_UNTERMINATED_STRING',
        );
      }
      out.push({ t: 'str', v: s.slice(i + 1, close), start: base + start, end: base + close + 1 });
      i = close + 1;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
      while (i < n && isDigit(s.charCodeAt(i))) i++;
      if (s[i] === '.') {
        i++;
        while (i < n && isDigit(s.charCodeAt(i))) i++;
      }
      out.push({ t: 'num', v: s.slice(start, i), start: base + start, end: base + i });
      continue;
    }
    if (c === 36 /* $ */) {
      // Jaxen's lexer skips whitespace between tokens and reads `$`, the prefix, `:` and the name as separate tokens
      // (XPathLexer.nextToken, XPathReader.variableReference), so `$ctx: name` and `$ ctx:name` are `$ctx:name`
      i = skipSpaces(s, i + 1);
      const e1 = readNCName(s, i);
      if (e1 === i)
        throw new XPathSyntaxError('Expected a variable name after $.', {
          start: base + start,
          end: base + i,
        });
      const { prefix, local, end: e, danglingColon } = qnameAt(s, i, e1, false);
      if (danglingColon !== undefined)
        throw new XPathSyntaxError(`Expected a name after '$${local}:'.`, {
          start: base + start,
          end: base + danglingColon + 1,
        });
      out.push({
        t: 'var',
        v: prefix ? `${prefix}:${local}` : local,
        prefix,
        local,
        start: base + start,
        end: base + e,
      });
      i = e;
      continue;
    }
    if (isNameStart(c)) {
      // a QName's prefix, `:` and local name are separate Jaxen tokens too (XPathReader.nameTest, functionCall)
      const { prefix, local, end: e } = qnameAt(s, i, readNCName(s, i), true);
      out.push({
        t: 'name',
        v: prefix ? `${prefix}:${local}` : local,
        prefix,
        local,
        start: base + start,
        end: base + e,
      });
      i = e;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '//' || two === '::' || two === '..' || two === '!=' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two, start: base + i, end: base + i + 2 });
      i += 2;
      continue;
    }
    if ('/|+-=<>()[].@,*'.includes(s[i]!)) {
      out.push({ t: 'op', v: s[i]!, start: base + i, end: base + i + 1 });
      i++;
      continue;
    }
    throw new XPathSyntaxError(`Unexpected character '${s[i]}'.`, { start: base + i, end: base + i + 1 });
  }
  out.push({ t: 'eof', v: '', start: base + n, end: base + n });
  return out;
}

export interface XPathParseOptions {
  /** Namespace prefixes in scope on the element (prefix → URI). When given, undeclared prefixes are reported. */
  namespaces?: Readonly<Record<string, string>>;
  /** Offset added to every span (e.g. the start of the inner text of `xpath('...')`). */
  base?: number;
}

export interface XPathParseResult {
  tree: XPathNode | undefined;
  errors: ExprError[];
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly src: string,
  ) {}

  private peek(k = 0): Tok {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  private next(): Tok {
    const t = this.peek();
    if (t.t !== 'eof') this.i++;
    return t;
  }
  private isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === 'op' && t.v === v;
  }
  private isOpName(v: string): boolean {
    const t = this.peek();
    return t.t === 'name' && t.v === v;
  }
  private expectOp(v: string, what: string): Tok {
    const t = this.peek();
    if (t.t === 'op' && t.v === v) return this.next();
    throw new XPathSyntaxError(`Expected '${v}' ${what}, found ${describe(t)}.`, {
      start: t.start,
      end: t.end,
    });
  }

  parseTop(): XPathNode {
    const e = this.parseOr();
    const t = this.peek();
    if (t.t !== 'eof')
      throw new XPathSyntaxError(`Unexpected ${describe(t)} after the expression.`, {
        start: t.start,
        end: t.end,
      });
    return e;
  }

  private binary(sub: () => XPathNode, ops: readonly string[], named: boolean): XPathNode {
    let left = sub();
    for (;;) {
      const t = this.peek();
      const match = named ? t.t === 'name' && ops.includes(t.v) : t.t === 'op' && ops.includes(t.v);
      if (!match) return left;
      this.next();
      const right = sub();
      left = {
        type: 'xp-binary',
        op: t.v as never,
        opSpan: { start: t.start, end: t.end },
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  }

  private parseOr = (): XPathNode => this.binary(this.parseAnd, ['or'], true);
  private parseAnd = (): XPathNode => this.binary(this.parseEquality, ['and'], true);
  private parseEquality = (): XPathNode => this.binary(this.parseRelational, ['=', '!='], false);
  private parseRelational = (): XPathNode => this.binary(this.parseAdditive, ['<', '>', '<=', '>='], false);
  private parseAdditive = (): XPathNode => this.binary(this.parseMultiplicative, ['+', '-'], false);
  private parseMultiplicative = (): XPathNode => {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const isMul = (t.t === 'op' && t.v === '*') || (t.t === 'name' && (t.v === 'div' || t.v === 'mod'));
      if (!isMul) return left;
      this.next();
      const right = this.parseUnary();
      left = {
        type: 'xp-binary',
        op: t.v as '*' | 'div' | 'mod',
        opSpan: { start: t.start, end: t.end },
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  };
  private parseUnary = (): XPathNode => {
    if (this.isOp('-')) {
      const t = this.next();
      const operand = this.parseUnary();
      return { type: 'xp-negate', operand, span: { start: t.start, end: operand.span.end } };
    }
    return this.binary(this.parsePathExpr, ['|'], false);
  };

  private parsePathExpr = (): XPathNode => {
    const t = this.peek();
    if (this.startsPrimary()) {
      const filter = this.parseFilterExpr();
      if (this.isOp('/') || this.isOp('//')) {
        const steps: XPathStep[] = [];
        this.parseRelativeSteps(steps, true);
        const path: XPathPath = {
          type: 'xp-path',
          filter,
          root: undefined,
          steps,
          span: { start: filter.span.start, end: steps[steps.length - 1]!.span.end },
        };
        return path;
      }
      return filter;
    }
    // location path
    if (this.isOp('/') || this.isOp('//')) {
      const r = this.next();
      const steps: XPathStep[] = [];
      if (r.v === '/') {
        if (!this.startsStep()) {
          return {
            type: 'xp-path',
            filter: undefined,
            root: '/',
            steps,
            span: { start: r.start, end: r.end },
          };
        }
      }
      steps.push(this.parseStep());
      this.parseRelativeSteps(steps, false);
      return {
        type: 'xp-path',
        filter: undefined,
        root: r.v as '/' | '//',
        steps,
        span: { start: r.start, end: steps[steps.length - 1]!.span.end },
      };
    }
    if (this.startsStep()) {
      const steps: XPathStep[] = [this.parseStep()];
      this.parseRelativeSteps(steps, false);
      return {
        type: 'xp-path',
        filter: undefined,
        root: undefined,
        steps,
        span: { start: steps[0]!.span.start, end: steps[steps.length - 1]!.span.end },
      };
    }
    throw new XPathSyntaxError(
      t.t === 'eof'
        ? 'The expression ends where a value or path was expected.'
        : `Expected a value or path, found ${describe(t)}.`,
      { start: t.start, end: t.end },
    );
  };

  /** Parses (`/` Step | `//` Step)* ; when `mustHaveOne`, at least one separator is present. */
  private parseRelativeSteps(steps: XPathStep[], mustHaveOne: boolean): void {
    let first = mustHaveOne;
    while (this.isOp('/') || this.isOp('//')) {
      const sep = this.next();
      if (sep.v === '//') {
        steps.push({
          type: 'xp-step',
          axis: 'descendant-or-self',
          axisForm: 'implicit',
          test: { kind: 'type', type: 'node', span: { start: sep.start, end: sep.end } },
          predicates: [],
          span: { start: sep.start, end: sep.end },
        });
      }
      const t = this.peek();
      if (!this.startsStep()) {
        throw new XPathSyntaxError(
          `Expected a step after '${sep.v}', found ${describe(t)}.`,
          t.t === 'eof' ? { start: sep.start, end: sep.end } : { start: t.start, end: t.end },
        );
      }
      steps.push(this.parseStep());
      first = false;
    }
    void first;
  }

  private startsPrimary(): boolean {
    const t = this.peek();
    if (t.t === 'var' || t.t === 'str' || t.t === 'num') return true;
    if (t.t === 'op' && t.v === '(') return true;
    if (t.t === 'name') {
      const n1 = this.peek(1);
      if (n1.t === 'op' && n1.v === '(' && !(t.prefix === '' && NODE_TYPES.has(t.local!))) return true;
    }
    return false;
  }

  private startsStep(): boolean {
    const t = this.peek();
    if (t.t === 'name') return true;
    if (t.t === 'op' && (t.v === '*' || t.v === '@' || t.v === '.' || t.v === '..')) return true;
    return false;
  }

  private parseFilterExpr(): XPathNode {
    const primary = this.parsePrimary();
    const predicates = this.parsePredicates();
    if (predicates.length === 0) return primary;
    return {
      type: 'xp-filter',
      primary,
      predicates,
      span: { start: primary.span.start, end: this.toks[this.i - 1]!.end },
    };
  }

  private parsePredicates(): XPathNode[] {
    const preds: XPathNode[] = [];
    while (this.isOp('[')) {
      const open = this.next();
      if (this.isOp(']')) {
        const c = this.peek();
        throw new XPathSyntaxError('Empty predicate [].', { start: open.start, end: c.end });
      }
      preds.push(this.parseOr());
      this.expectOp(']', 'to close the predicate');
    }
    return preds;
  }

  private parsePrimary(): XPathNode {
    const t = this.next();
    const span = { start: t.start, end: t.end };
    switch (t.t) {
      case 'var':
        return {
          type: 'xp-variable',
          prefix: t.prefix!,
          local: t.local!,
          span,
          nameSpan: { start: t.start + 1, end: t.end },
        };
      case 'str':
        return { type: 'xp-literal', value: t.v, span };
      case 'num':
        return { type: 'xp-number', value: Number(t.v), span };
      case 'op': {
        // '('
        const expr = this.parseOr();
        const close = this.expectOp(')', 'to close the parenthesis');
        return { type: 'xp-paren', expr, span: { start: t.start, end: close.end } };
      }
      case 'name': {
        this.expectOp('(', 'after the function name');
        const args: XPathNode[] = [];
        if (!this.isOp(')')) {
          args.push(this.parseOr());
          // Jaxen's XPathReader.arguments() ends the list at ')' after a comma: f(a, b,) is f(a, b)
          while (this.isOp(',')) {
            this.next();
            if (this.isOp(')')) break;
            args.push(this.parseOr());
          }
        }
        const close = this.expectOp(')', 'to close the argument list');
        return {
          type: 'xp-call',
          prefix: t.prefix!,
          local: t.local!,
          name: t.v,
          nameSpan: span,
          args,
          span: { start: t.start, end: close.end },
        };
      }
      default:
        throw new XPathSyntaxError(`Unexpected ${describe(t)}.`, span);
    }
  }

  private parseStep(): XPathStep {
    const t = this.peek();
    if (this.isOp('.') || this.isOp('..')) {
      this.next();
      const dot = t.v === '.';
      return {
        type: 'xp-step',
        axis: dot ? 'self' : 'parent',
        axisForm: dot ? 'self-dot' : 'parent-dots',
        test: { kind: 'type', type: 'node', span: { start: t.start, end: t.end } },
        predicates: [],
        span: { start: t.start, end: t.end },
      };
    }
    let axis: XPathAxis = 'child';
    let axisForm: XPathStep['axisForm'] = 'implicit';
    if (this.isOp('@')) {
      this.next();
      axis = 'attribute';
      axisForm = 'abbrev-attr';
    } else if (t.t === 'name' && t.prefix === '' && this.isOp('::', 1)) {
      if (!AXES.has(t.v as XPathAxis)) {
        throw new XPathSyntaxError(`Unknown axis '${t.v}'.`, { start: t.start, end: t.end });
      }
      axis = t.v as XPathAxis;
      axisForm = 'explicit';
      this.next();
      this.next();
    }
    const test = this.parseNodeTest();
    const predicates = this.parsePredicates();
    return {
      type: 'xp-step',
      axis,
      axisForm,
      test,
      predicates,
      span: { start: t.start, end: this.toks[this.i - 1]!.end },
    };
  }

  private parseNodeTest(): XPathNodeTest {
    const t = this.next();
    if (t.t === 'op' && t.v === '*') return { kind: 'any', span: { start: t.start, end: t.end } };
    if (t.t === 'name') {
      if (t.prefix === '' && NODE_TYPES.has(t.local!) && this.isOp('(')) {
        this.next();
        let literal: string | undefined;
        if (t.local === 'processing-instruction' && this.peek().t === 'str') literal = this.next().v;
        const close = this.expectOp(')', `to close ${t.local}(`);
        const test: XPathNodeTest = {
          kind: 'type',
          type: t.local as 'node',
          span: { start: t.start, end: close.end },
        };
        if (literal !== undefined) test.literal = literal;
        return test;
      }
      return { kind: 'name', prefix: t.prefix!, local: t.local!, span: { start: t.start, end: t.end } };
    }
    throw new XPathSyntaxError(
      t.t === 'eof'
        ? 'The path ends where a node name was expected.'
        : `Expected a node name, found ${describe(t)}.`,
      { start: t.start, end: t.end },
    );
  }

  get source(): string {
    return this.src;
  }
}

function describe(t: Tok): string {
  switch (t.t) {
    case 'eof':
      return 'the end of the expression';
    case 'str':
      return 'a string';
    case 'num':
      return `the number ${t.v}`;
    case 'var':
      return `$${t.v}`;
    default:
      return `'${t.v}'`;
  }
}

/** Parses an XPath 1.0 expression with Synapse checks. Spans are relative to `text` (plus `options.base`). */
export function parseXPath(text: string, options: XPathParseOptions = {}): XPathParseResult {
  const base = options.base ?? 0;
  const errors: ExprError[] = [];
  if (text.trim() === '') {
    errors.push({
      code: 'EXPR_EMPTY',
      message: 'The XPath expression is empty.',
      span: { start: base, end: base + text.length },
      severity: 'error',
    });
    return { tree: undefined, errors };
  }
  let tree: XPathNode | undefined;
  try {
    const toks = tokenizeXPath(text, base);
    tree = new Parser(toks, text).parseTop();
  } catch (e) {
    if (e instanceof XPathSyntaxError) {
      errors.push({ code: e.code, message: e.message, span: e.span, severity: 'error' });
      return { tree: undefined, errors };
    }
    throw e;
  }
  checkXPath(tree, options, errors);
  return { tree, errors };
}

const FN_NS = 'http://www.w3.org/2005/xpath-functions';

function checkXPath(root: XPathNode, options: XPathParseOptions, errors: ExprError[]): void {
  const ns = options.namespaces;
  const prefixDeclared = (p: string): boolean =>
    ns === undefined || p === 'xml' || Object.prototype.hasOwnProperty.call(ns, p);
  const visit = (node: XPathNode | XPathStep): void => {
    switch (node.type) {
      case 'xp-step':
        if (node.test.kind === 'name' && node.test.prefix !== '' && !prefixDeclared(node.test.prefix)) {
          errors.push({
            code: 'EXPR_UNDECLARED_PREFIX',
            message: `Namespace prefix '${node.test.prefix}' is not declared (add xmlns:${node.test.prefix}="..." on this element or an ancestor).`,
            span: { start: node.test.span.start, end: node.test.span.start + node.test.prefix.length },
            // MI deploys it (Jaxen resolves prefixes when the XPath is evaluated, and fails then)
            severity: 'warning',
          });
        }
        node.predicates.forEach(visit);
        return;
      case 'xp-path':
        if (node.filter) visit(node.filter);
        node.steps.forEach(visit);
        return;
      case 'xp-filter':
        visit(node.primary);
        node.predicates.forEach(visit);
        return;
      case 'xp-binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'xp-negate':
        visit(node.operand);
        return;
      case 'xp-paren':
        visit(node.expr);
        return;
      case 'xp-variable':
        checkVariable(node.prefix, node.local, node.span, errors);
        return;
      case 'xp-call':
        checkCall(node.prefix, node.local, node.args, node.nameSpan, node.span, ns, errors);
        node.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(root);
}

function checkVariable(prefix: string, local: string, span: Span, errors: ExprError[]): void {
  if (prefix === '') {
    if (!XPATH_PLAIN_VARIABLES.has(local)) {
      errors.push({
        code: 'EXPR_UNKNOWN_VARIABLE',
        message: `Unknown variable $${local}; Synapse knows $body, $header, $env and prefixed forms such as $ctx:name, $trp:name, $axis2:name, $var:name.`,
        span,
        severity: 'error',
      });
    }
    return;
  }
  if (!XPATH_VARIABLE_PREFIXES.has(prefix)) {
    errors.push({
      code: 'EXPR_UNKNOWN_VARIABLE',
      message: `$${prefix}:${local} is not a Synapse variable prefix; it only works if property '${prefix}' holds a map.`,
      span,
      severity: 'warning',
    });
  }
}

/** XPath functions MI registers by default as extensions (deployment defaults of synapse.xpath.func.extensions). */
const MI_XPATH_EXTENSIONS: ReadonlySet<string> = new Set(['wso2:vault-lookup', 'hashicorp:vault-lookup']);

function checkCall(
  prefix: string,
  local: string,
  args: XPathNode[],
  nameSpan: Span,
  span: Span,
  ns: Readonly<Record<string, string>> | undefined,
  errors: ExprError[],
): void {
  if (prefix !== '' && prefix !== 'fn') {
    // MI's XPath extension functions are found by prefix + name, with no xmlns needed (XpathExtensionUtil
    // .getMatchingExtensionProvider; MI registers wso2:vault-lookup and hashicorp:vault-lookup by default)
    if (MI_XPATH_EXTENSIONS.has(`${prefix}:${local}`)) return;
    if (ns === undefined || Object.prototype.hasOwnProperty.call(ns, prefix)) return; // an extension we cannot check
    // an undeclared prefix reaches Jaxen's function lookup as a null namespace: SynapseXPathFunctionContext finds
    // its functions by local name (synapse:get-property) and Jaxen its own by (null, name), so those evaluate; any
    // other function is not found when the expression is evaluated
    if (!XPATH_FUNCTION_INDEX.has(local)) {
      errors.push({
        code: 'EXPR_UNDECLARED_PREFIX',
        message: `Namespace prefix '${prefix}' of function ${prefix}:${local} is not declared.`,
        span: { start: nameSpan.start, end: nameSpan.start + prefix.length },
        severity: 'warning',
      });
      return;
    }
  }
  if (
    prefix === 'fn' &&
    ns !== undefined &&
    Object.prototype.hasOwnProperty.call(ns, 'fn') &&
    ns.fn !== FN_NS
  )
    return;
  const info = XPATH_FUNCTION_INDEX.get(local);
  if (info === undefined) {
    const v2 = XPATH2_FUNCTION_INDEX.get(local);
    if (v2 !== undefined) {
      errors.push({
        code: 'EXPR_XPATH2_FUNCTION',
        message: `${local}() is an XPath 2.0 function: Micro Integrator's Jaxen does not know it (the evaluation fails) unless deployment.toml sets [mediation] synapse.enable_xpath_dom_failover = true, and even then only where a string value is taken (property, log, payloadFactory argument, switch source), not in a filter's xpath, iterate, aggregate or enrich.`,
        span: nameSpan,
        severity: 'warning',
      });
      return;
    }
    const near = [...XPATH_FUNCTION_INDEX.keys()].find((k) => k.toLowerCase() === local.toLowerCase());
    errors.push({
      code: 'EXPR_UNKNOWN_FUNCTION',
      message: `Unknown XPath function ${local}()${near ? `; did you mean ${near}()?` : '.'}`,
      span: nameSpan,
      severity: 'error',
    });
    return;
  }
  if (args.length < info.minArgs || args.length > info.maxArgs) {
    errors.push({
      code: 'EXPR_BAD_ARITY',
      message: `${info.name}() takes ${arityText(info)} argument${info.maxArgs === 1 ? '' : 's'}, not ${args.length}: ${info.signature}.`,
      span,
      severity: 'error',
    });
    return;
  }
  if (info.name === 'get-property' && args.length === 2) {
    // get-property(scope, name) or get-property(name, dateFormat): nothing is wrong either way; warn on a likely typo
    const a0 = args[0]!;
    if (a0.type === 'xp-literal') {
      const low = a0.value.toLowerCase();
      if (low !== a0.value && GET_PROPERTY_SCOPES.includes(low)) {
        errors.push({
          code: 'EXPR_UNKNOWN_SCOPE',
          message: `Scope names are lower case: '${low}', not '${a0.value}' (otherwise '${a0.value}' is read as a property name).`,
          span: a0.span,
          severity: 'warning',
        });
      }
    }
  }
}
