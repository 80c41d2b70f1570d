/**
 * Parser for the MI 4.4 Synapse expression language (the inside of `${...}`) and for JSONPath (the inside of
 * `json-eval(...)`), which share their navigation syntax. Character-level recursive descent with spans.
 */
import type {
  ExprError,
  ExprErrorCode,
  JsonPathExpr,
  JsonPathSegment,
  Span,
  SynapseBinaryOp,
  SynapseCall,
  SynapseNode,
} from './types';
import { SYNAPSE_EXPRESSION_FUNCTION_INDEX, JSONPATH_METHOD_INDEX, arityText } from './functions';
import {
  SYNAPSE_ROOTS,
  SYNAPSE_LEGACY_ROOTS,
  SYNAPSE_PROPERTY_SCOPES,
  SYNAPSE_PARAM_KINDS,
  SYNAPSE_LEGACY_PARAM_KINDS,
} from './variables';
import { parseXPath } from './xpath-parser';

class SyntaxErr extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly code: ExprErrorCode,
  ) {
    super(message);
  }
}

type Mode = 'synapse' | 'jsonpath';

const COMPARISON_WORDS = new Set(['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty']);

/**
 * Words MI's lexer (ExpressionLexer.g4) makes keyword tokens that its grammar never takes as a name after '.':
 * the JSONPath filter operators, the boolean and null literals, and/or. `vars.empty` or `payload.o.in` is a syntax
 * error there (the bracket form `vars["empty"]` reads them).
 */
const KEYWORD_NAMES = new Set([...COMPARISON_WORDS, 'true', 'false', 'null', 'and', 'or']);

/** JSONPath functions MI's lexer reads as one token with their empty parentheses (`.size()`). */
const PATH_FUNCTION_WORDS = new Set([
  'length',
  'size',
  'min',
  'max',
  'avg',
  'sum',
  'stddev',
  'keys',
  'first',
  'last',
]);

/**
 * Every word MI's lexer makes a token of its own: after '..' its grammar takes only a plain name (DOUBLE_DOT ID),
 * so `$..headers` or `$..length` is a syntax error there.
 */
const LEXER_KEYWORDS = new Set([
  ...KEYWORD_NAMES,
  ...['vars', 'payload', 'headers', 'configs', 'params', 'props', 'properties', 'property'],
  ...['queryParams', 'pathParams', 'functionParams', 'axis2', 'synapse'],
  ...['length', 'toUpper', 'toLower', 'subString', 'startsWith', 'endsWith', 'contains', 'trim', 'replace'],
  ...['split', 'indexOf', 'now', 'formatDateTime', 'charAt', 'abs', 'ceil', 'floor', 'sqrt', 'log', 'pow'],
  ...[
    'base64encode',
    'base64decode',
    'urlEncode',
    'urlDecode',
    'isString',
    'isNumber',
    'isArray',
    'isObject',
  ],
  ...[
    'string',
    'float',
    'boolean',
    'integer',
    'round',
    'exists',
    'xpath',
    'not',
    'registry',
    'object',
    'array',
  ],
]);

function isIdStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}
function isIdChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

class Parser {
  pos = 0;
  readonly errors: ExprError[] = [];
  constructor(
    readonly s: string,
    readonly base: number,
    readonly mode: Mode,
  ) {}

  private syntaxCode(): ExprErrorCode {
    return this.mode === 'synapse' ? 'EXPR_SYNAPSE_SYNTAX' : 'EXPR_JSONPATH_SYNTAX';
  }
  fail(message: string, start = this.pos, end = Math.max(start + 1, this.pos)): never {
    const e = Math.min(end, this.s.length);
    throw new SyntaxErr(
      message,
      { start: this.base + start, end: this.base + Math.max(e, start) },
      this.syntaxCode(),
    );
  }
  span(start: number, end = this.pos): Span {
    return { start: this.base + start, end: this.base + end };
  }
  ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }
  peek(str: string): boolean {
    this.ws();
    return this.s.startsWith(str, this.pos);
  }
  eat(str: string): boolean {
    if (this.peek(str)) {
      this.pos += str.length;
      return true;
    }
    return false;
  }
  expect(str: string, what: string): void {
    if (!this.eat(str)) this.fail(`Expected '${str}' ${what}, found ${this.found()}.`);
  }
  found(): string {
    this.ws();
    if (this.pos >= this.s.length) return 'the end of the expression';
    const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|.)/.exec(this.s.slice(this.pos))!;
    return `'${m[0]}'`;
  }
  atEnd(): boolean {
    this.ws();
    return this.pos >= this.s.length;
  }
  /** Reads an identifier at pos (no whitespace skipping). */
  ident(): string {
    const start = this.pos;
    if (!isIdStart(this.s[this.pos])) return '';
    this.pos++;
    while (isIdChar(this.s[this.pos])) this.pos++;
    return this.s.slice(start, this.pos);
  }
  /** Looks at the identifier at pos without consuming it. */
  peekIdent(): string {
    this.ws();
    const save = this.pos;
    const id = this.ident();
    this.pos = save;
    return id;
  }

  // ------------------------------------------------------------ expressions

  /** Inside `[?(...)]`: the condition is JSONPath text (Jayway's operator precedence), not MI's grammar. */
  private filterDepth = 0;

  parseExpression(): SynapseNode {
    const start = this.pos;
    const cond =
      this.mode === 'synapse' && this.filterDepth === 0 ? this.parseMiComparison() : this.parseOr();
    if (this.peek('?')) {
      this.pos++;
      const whenTrue = this.parseExpression();
      this.expect(':', 'in the conditional expression (cond ? a : b)');
      const whenFalse = this.parseExpression();
      void start;
      return {
        type: 'se-ternary',
        condition: cond,
        whenTrue,
        whenFalse,
        span: { start: cond.span.start, end: whenFalse.span.end },
      };
    }
    return cond;
  }

  private bin(op: SynapseBinaryOp, opStart: number, left: SynapseNode, right: SynapseNode): SynapseNode {
    return {
      type: 'se-binary',
      op,
      opSpan: this.span(opStart, opStart + (op === '&&' || op === '||' || op.length > 1 ? op.length : 1)),
      left,
      right,
      span: { start: left.span.start, end: right.span.end },
    };
  }

  /** Reads a word operator (`and`, `or`, `in`...) if it is next and is not the start of a longer name. */
  private eatWord(word: string): boolean {
    this.ws();
    if (this.s.startsWith(word, this.pos) && !isIdChar(this.s[this.pos + word.length])) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  /**
   * MI's grammar (ExpressionParser.g4): comparisonExpression is a chain of logicalExpressions, and a
   * logicalExpression is `arithmetic (&&|and|'||'|or logicalExpression)?`. So && and || group before comparisons
   * (`a > 5 && b < 3` is `a > (5 && b) < 3`, which fails at run time) and to the right (`a && b || c` is
   * `a && (b || c)`). The tree follows MI; the editor warns where that differs from the usual reading.
   */
  private parseMiComparison(): SynapseNode {
    let left = this.parseMiLogical();
    for (;;) {
      this.ws();
      const at = this.pos;
      const op = this.comparisonOperator(at);
      if (op === undefined) return left;
      this.pos = at + op.length;
      const right = op === '=~' ? this.parseRegex() : this.parseMiLogical();
      for (const side of [left, right]) {
        if (this.isBareLogical(side))
          this.report(
            'EXPR_SYNAPSE_SYNTAX',
            `MI groups '&&' and '||' before comparisons: this compares with the result of '${this.textOf(side)}', which fails at run time. Write each comparison in parentheses, e.g. (a > 1) && (b < 2).`,
            side.span,
            'warning',
          );
      }
      left = {
        type: 'se-binary',
        op,
        opSpan: this.span(at, at + op.length),
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  }
  private parseMiLogical(): SynapseNode {
    const left = this.parseAdditive();
    this.ws();
    const at = this.pos;
    const word = this.s.startsWith('and', at) ? 3 : this.s.startsWith('or', at) ? 2 : 0;
    let op: '&&' | '||' | undefined;
    if (this.eat('&&') || this.eatWord('and')) op = '&&';
    else if (this.eat('||') || this.eatWord('or')) op = '||';
    if (!op) return left;
    if (word && this.s[this.pos] === '-' && this.filterDepth === 0)
      // MI's names may hold '-': its lexer reads `or-1` as one name, which cannot stand there
      this.report(
        'EXPR_SYNAPSE_SYNTAX',
        `MI reads '${this.s.slice(at, at + word)}-…' as one name (names may hold '-'); put a space after '${this.s.slice(at, at + word)}'.`,
        this.span(at, this.pos + 1),
      );
    const right = this.parseMiLogical();
    if (this.isBareLogical(right) && (right as { op: string }).op !== op)
      this.report(
        'EXPR_SYNAPSE_SYNTAX',
        `MI groups '&&' and '||' from the right: this reads as ${this.textOf(left)} ${op} (${this.textOf(right)}). Add parentheses to say which you mean.`,
        { start: left.span.start, end: right.span.end },
        'warning',
      );
    const node = this.bin(op, at, left, right);
    (node as { opSpan: Span }).opSpan = this.span(at, at + (word || 2));
    return node;
  }
  private isBareLogical(n: SynapseNode): boolean {
    return (
      n.type === 'se-binary' && (n.op === '&&' || n.op === '||') && this.s[n.span.start - this.base] !== '('
    );
  }
  private textOf(n: SynapseNode): string {
    return this.s.slice(n.span.start - this.base, n.span.end - this.base).trim();
  }

  parseOr(): SynapseNode {
    let left = this.parseAnd();
    for (;;) {
      this.ws();
      const at = this.pos;
      if (this.eat('||') || this.eatWord('or')) {
        const right = this.parseAnd();
        left = this.bin('||', at, left, right);
        left = { ...left, opSpan: this.span(at, at + 2) } as SynapseNode;
      } else return left;
    }
  }
  parseAnd(): SynapseNode {
    let left = this.parseComparison();
    for (;;) {
      this.ws();
      const at = this.pos;
      const word = this.s.startsWith('and', at);
      if (this.eat('&&') || this.eatWord('and')) {
        const right = this.parseComparison();
        left = this.bin('&&', at, left, right);
        (left as { opSpan: Span }).opSpan = this.span(at, at + (word ? 3 : 2));
      } else return left;
    }
  }
  /** The comparison operator at `at` (symbol or word), if any; a lone `=` is reported. */
  private comparisonOperator(at: number): SynapseBinaryOp | undefined {
    for (const o of ['==', '!=', '>=', '<=', '=~', '>', '<'] as const) if (this.s.startsWith(o, at)) return o;
    const w = this.peekIdent();
    if (COMPARISON_WORDS.has(w)) return w as SynapseBinaryOp;
    if (this.s[at] === '=' && this.s[at + 1] !== '=')
      this.fail(`Use '==' to compare; a single '=' is not an operator here.`, at, at + 1);
    return undefined;
  }
  parseComparison(): SynapseNode {
    let left = this.parseAdditive();
    for (;;) {
      this.ws();
      const at = this.pos;
      const op = this.comparisonOperator(at);
      if (op === undefined) return left;
      this.pos = at + op.length;
      let right: SynapseNode;
      if (op === '=~') right = this.parseRegex();
      else right = this.parseAdditive();
      left = {
        type: 'se-binary',
        op,
        opSpan: this.span(at, at + op.length),
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  }
  parseRegex(): SynapseNode {
    this.ws();
    const start = this.pos;
    if (this.s[this.pos] !== '/') return this.parseAdditive();
    let i = this.pos + 1;
    while (i < this.s.length && this.s[i] !== '/') i += this.s[i] === '\\' ? 2 : 1;
    if (i >= this.s.length) this.fail('Regular expression is not closed with /.', start, this.s.length);
    const pattern = this.s.slice(start + 1, i);
    if (this.mode === 'synapse' && this.filterDepth > 0 && /[[\]]/.test(pattern))
      this.report(
        'EXPR_SYNAPSE_SYNTAX',
        `MI's [?(...)] filter grammar takes no '[' or ']' (outside a quoted string or a payload/vars path) and refuses the expression: a character class in a regular expression too.`,
        this.span(start, i + 1),
      );
    i++;
    let j = i;
    while (/[a-z]/.test(this.s[j] ?? '')) j++;
    this.pos = j;
    return { type: 'se-regex', pattern, flags: this.s.slice(i, j), span: this.span(start, j) };
  }
  parseAdditive(): SynapseNode {
    let left = this.parseMultiplicative();
    for (;;) {
      this.ws();
      const at = this.pos;
      const c = this.s[at];
      if (c === '+' || c === '-') {
        if (c === '-' && isDigit(this.s[at + 1]) && this.mode === 'synapse' && this.filterDepth === 0)
          // MI's lexer takes the sign into the number (NUMBER: '-'? [0-9]+...): `5 -3` is two values side by side,
          // which SynapseExpression refuses (leftover input)
          this.report(
            'EXPR_SYNAPSE_SYNTAX',
            `MI reads '-${/^\d+(\.\d+)?/.exec(this.s.slice(at + 1))![0]}' here as a negative number, not a subtraction, and refuses the expression; write a space after '-'.`,
            this.span(at, at + 2),
          );
        this.pos++;
        const right = this.parseMultiplicative();
        left = this.bin(c, at, left, right);
      } else return left;
    }
  }
  parseMultiplicative(): SynapseNode {
    let left = this.parseUnary();
    for (;;) {
      this.ws();
      const at = this.pos;
      const c = this.s[at];
      if (c === '*' || c === '/' || c === '%') {
        this.pos++;
        const right = this.parseUnary();
        left = this.bin(c, at, left, right);
      } else return left;
    }
  }
  parseUnary(): SynapseNode {
    this.ws();
    const at = this.pos;
    const c = this.s[at];
    if ((c === '!' && this.s[at + 1] !== '=') || (c === '-' && !isDigit(this.s[at + 1]))) {
      this.pos++;
      const operand = this.parseUnary();
      // MI's grammar has these only inside a [?(...)] filter (and '-' only before a number)
      if (this.mode === 'synapse' && this.filterDepth === 0)
        this.report(
          'EXPR_SYNAPSE_SYNTAX',
          c === '!'
            ? "MI's expression grammar has no '!' outside a [?(...)] filter; write not(...)."
            : "MI's expression grammar has no unary '-' before a value that is not a number; write 0 - x.",
          this.span(at, at + 1),
        );
      return { type: 'se-unary', op: c, operand, span: { start: this.base + at, end: operand.span.end } };
    }
    return this.parsePrimary();
  }

  parsePrimary(): SynapseNode {
    this.ws();
    const start = this.pos;
    const c = this.s[start];
    if (c === undefined) this.fail('The expression ends where a value was expected.', start, start);
    if (c === '"' || c === "'") {
      this.readString();
      // MI keeps a string literal as written between its quotes: escapes are not decoded ("a\\d" is a, \, \, d)
      const value = this.s.slice(start + 1, this.pos - 1);
      return { type: 'se-literal', value, span: this.span(start) };
    }
    if (isDigit(c) || (c === '-' && isDigit(this.s[start + 1]))) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(start))!;
      if (m[2] !== undefined && this.mode === 'synapse' && this.filterDepth === 0)
        // MI's NUMBER is '-'? [0-9]+ ('.' [0-9]+)?: `1e2` is 1 followed by the name e2
        this.report(
          'EXPR_SYNAPSE_SYNTAX',
          `MI's numbers have no exponent: it reads '${m[0]}' as a number followed by a name and refuses the expression.`,
          this.span(start, start + m[0].length),
        );
      this.pos += m[0].length;
      const value = Number(m[0]);
      // MI reads a literal as an int, else a long, else a double
      if (m[1] !== undefined || m[2] !== undefined || !Number.isSafeInteger(value))
        return { type: 'se-literal', value, double: true, span: this.span(start) };
      return { type: 'se-literal', value, span: this.span(start) };
    }
    if (c === '(') {
      this.pos++;
      const inner = this.parseExpression();
      this.expect(')', 'to close the parenthesis');
      // keep the parenthesised node, widened to the parentheses
      return { ...inner, span: this.span(start) } as SynapseNode;
    }
    if (c === '[') {
      if (this.mode === 'synapse' && this.filterDepth > 0)
        // (its filterExpression is a run of plain tokens, with no brackets: `@.n in ["a"]` does not compile)
        this.report(
          'EXPR_SYNAPSE_SYNTAX',
          `MI's [?(...)] filter grammar takes no '[' or ']' (outside a quoted string or a payload/vars path) and refuses the expression.`,
          this.span(start, start + 1),
        );
      this.pos++;
      const items: SynapseNode[] = [];
      if (!this.eat(']')) {
        do items.push(this.parseExpression());
        while (this.eat(','));
        this.expect(']', 'to close the array');
      }
      return { type: 'se-array', items, span: this.span(start) };
    }
    if (c === '$' || c === '@') {
      this.pos++;
      const segments = this.parseSegments();
      if (c === '@' && this.mode === 'synapse' && this.filterDepth > 0) {
        const bracket = segments.find((x) => this.s[x.span.start - this.base] === '[' || x.kind === 'filter');
        if (bracket)
          this.report(
            'EXPR_SYNAPSE_SYNTAX',
            `MI's [?(...)] filter grammar takes no '[' or ']' (outside a quoted string or a payload/vars path) and refuses the expression (write @.a.b).`,
            bracket.span,
          );
      }
      return {
        type: 'se-access',
        root: c,
        rootSpan: this.span(start, start + 1),
        segments,
        span: this.span(start),
      };
    }
    if (isIdStart(c)) {
      let name = this.ident();
      if ((name === 'wso2' || name === 'hashicorp') && this.s.startsWith('-vault', this.pos)) {
        this.pos += 6;
        name += '-vault';
      }
      const nameSpan = this.span(start);
      if (this.s[this.pos] === '-' && this.mode === 'synapse' && this.filterDepth === 0)
        // MI's names may hold '-': its lexer reads `true-1` or `payload-x` as one name, which cannot stand here
        this.report(
          'EXPR_SYNAPSE_SYNTAX',
          `MI reads '${name}-…' as one name (names may hold '-') and refuses the expression; put a space before '-'.`,
          this.span(start, this.pos + 1),
        );
      if (name === 'true' || name === 'false')
        return { type: 'se-literal', value: name === 'true', span: nameSpan };
      if (name === 'null') return { type: 'se-literal', value: null, span: nameSpan };
      if (this.peek('(')) {
        const call = this.parseCall(name, start);
        this.ws();
        const c2 = this.s[this.pos];
        if (c2 === '.' || c2 === '[') {
          const segments = this.parseSegments();
          return { type: 'se-access', root: call, rootSpan: call.span, segments, span: this.span(start) };
        }
        return call;
      }
      const segments = this.parseSegments();
      const node: SynapseNode = {
        type: 'se-access',
        root: name,
        rootSpan: nameSpan,
        segments,
        span: this.span(start),
      };
      this.checkRoot(name, nameSpan, segments);
      return node;
    }
    this.fail(`Expected a value, found ${this.found()}.`);
  }

  private parseCall(name: string, start: number): SynapseCall {
    const nameSpan = this.span(start, start + name.length);
    this.expect('(', 'after the function name');
    const args: SynapseNode[] = [];
    if (!this.eat(')')) {
      do args.push(this.parseExpression());
      while (this.eat(','));
      this.expect(')', `to close the arguments of ${name}()`);
    }
    const call: SynapseCall = { type: 'se-call', name, nameSpan, args, span: this.span(start) };
    this.checkCall(call);
    return call;
  }

  readString(): string {
    const q = this.s[this.pos]!;
    const start = this.pos;
    let i = this.pos + 1;
    let out = '';
    while (i < this.s.length && this.s[i] !== q) {
      const ch = this.s[i]!;
      if (ch === '\\' && i + 1 < this.s.length) {
        const e = this.s[i + 1]!;
        // MI's lexer knows \b \t \n \f \r \" \' \\ \/ \uXXXX and octal escapes; any other makes the expression
        // a syntax error there (the configuration does not deploy)
        if (
          this.mode === 'synapse' &&
          !/[btnfr"'\\/0-7]/.test(e) &&
          !(e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(i + 2, i + 6)))
        )
          this.report(
            'EXPR_SYNAPSE_SYNTAX',
            `'\\${e}' is not an escape MI accepts in a string (only \\b \\t \\n \\f \\r \\" \\' \\\\ \\/ \\uXXXX and octal); write a regular expression class such as [.] instead.`,
            { start: this.base + i, end: this.base + i + 2 },
          );
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out +=
          e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'b' ? '\b' : e === 'f' ? '\f' : e;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    if (i >= this.s.length) {
      throw new SyntaxErr(
        'String literal is not closed.',
        this.span(start, this.s.length),
        'EXPR_UNTERMINATED_STRING',
      );
    }
    this.pos = i + 1;
    return out;
  }

  // ------------------------------------------------------------ navigation

  /** Dot-notation key: an identifier in Synapse expressions; Jayway's looser rule in JSONPath. */
  private readKey(): string {
    if (this.mode === 'jsonpath') {
      // Jayway's PathCompiler.readPropertyOrFunctionToken takes every character up to '.', '[', '(' or a space as
      // the name (`$.a==2` is the key 'a==2'; json-path 2.10 compiles it and MI deploys it); a filter's operands are
      // split on its operators first
      const m = (this.filterDepth === 0 ? /^[^.[\](),\s]+/ : /^[^.\[\]()\s=<>!&|,'"?:*+\/%]+/).exec(
        this.s.slice(this.pos),
      );
      if (!m) return '';
      this.pos += m[0].length;
      return m[0];
    }
    // MI's names may hold '-' (its ID token is [a-zA-Z_][a-zA-Z_0-9-]*): headers.Content-Type, vars.a-1
    const start = this.pos;
    const id = this.ident();
    if (id === '') return id;
    while (this.s[this.pos] === '-' || isIdChar(this.s[this.pos])) this.pos++;
    if (this.s[this.pos - 1] === '-' && this.filterDepth === 0) {
      // MI's ID token keeps a trailing '-' too: `vars.a- 1` is the name 'a-' followed by another value
      let j = this.pos;
      while (/\s/.test(this.s[j] ?? '')) j++;
      // another value follows (a number, a string, a call, a root), not an operator word or more of the path
      const next = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(j))?.[0];
      if (/[0-9"'($@]/.test(this.s[j] ?? '') || (next !== undefined && next !== 'and' && next !== 'or'))
        this.report(
          'EXPR_SYNAPSE_SYNTAX',
          `MI reads '${this.s.slice(start, this.pos)}' as one name (names may hold '-') and refuses the expression; put a space before '-'.`,
          this.span(start, this.pos),
        );
    } else while (this.s[this.pos - 1] === '-') this.pos--; // (in a filter, Jayway's text: left to be an operator)
    const name = this.s.slice(start, this.pos);
    if (
      KEYWORD_NAMES.has(name) &&
      this.filterDepth === 0 &&
      !(PATH_FUNCTION_WORDS.has(name) && this.s.startsWith('()', this.pos))
    )
      this.report(
        'EXPR_SYNAPSE_SYNTAX',
        `MI's lexer reads '${name}' as a keyword, not a name, and refuses the expression; write ["${name}"] to read that key.`,
        this.span(start, this.pos),
      );
    const dash = name.lastIndexOf('-');
    if (dash > 0 && /^\d+$/.test(name.slice(dash + 1)))
      this.report(
        'EXPR_SYNAPSE_SYNTAX',
        `MI reads '${name}' as one name (names may hold '-'); to subtract, write ${name.slice(0, dash)} - ${name.slice(dash + 1)}.`,
        this.span(start, this.pos),
        'warning',
      );
    return name;
  }

  parseSegments(): JsonPathSegment[] {
    const segs: JsonPathSegment[] = [];
    for (;;) {
      const start = this.pos; // no whitespace skipping inside a path
      // Jayway's PathCompiler stops reading once the next token would start at the path's last character
      // (CharacterIndex.currentIsTail: position >= length - 1), so one character left after a complete token is
      // passed over (a '(' starts a function whose arguments do not close: refused): `$.a[` compiles as
      // `$['a']`, `$.a[0]x` as `$['a'][0]` (json-path 2.10, MI deploys them)
      if (
        this.mode === 'jsonpath' &&
        this.filterDepth === 0 &&
        segs.length > 0 &&
        start === this.s.length - 1 &&
        this.s[start] !== '('
      )
        return segs;
      if (this.s.startsWith('..', start)) {
        this.pos += 2;
        if (this.s[this.pos] === '*') {
          this.pos++;
          segs.push({ kind: 'wildcard', deep: true, span: this.span(start) });
        } else if (this.s[this.pos] === '[') {
          segs.push(this.parseBracket(start, true));
        } else {
          const keyAt = this.pos;
          const key = this.readKey();
          if (key === '')
            this.fail(`Expected a name, '*' or '[' after '..', found ${this.found()}.`, this.pos);
          if (
            this.mode === 'synapse' &&
            this.filterDepth === 0 &&
            LEXER_KEYWORDS.has(key) &&
            !KEYWORD_NAMES.has(key)
          )
            this.report(
              'EXPR_SYNAPSE_SYNTAX',
              `MI's lexer reads '${key}' as a keyword, which its grammar does not take after '..', and refuses the expression.`,
              this.span(keyAt, this.pos),
            );
          segs.push({ kind: 'name', name: key, deep: true, span: this.span(start) });
        }
        continue;
      }
      if (this.s[start] === '.') {
        this.pos++;
        if (this.s[this.pos] === '*') {
          this.pos++;
          segs.push({ kind: 'wildcard', deep: false, span: this.span(start) });
          continue;
        }
        if (this.s[this.pos] === '[') {
          // `vars.["name"]`; in a JSONPath too: Jayway (MI's JSONPath) reads a bracket after a dot (`$.[0]`, `$.['a']`)
          segs.push(this.parseBracket(start, false));
          continue;
        }
        if (this.mode === 'jsonpath' && (this.s[this.pos] === '"' || this.s[this.pos] === "'")) {
          // Jayway reads a quote after a dot as part of the name: `$.'a'` is the key 'a' with its quotes
          const from = this.pos;
          while (this.pos < this.s.length && !'.[( '.includes(this.s[this.pos]!)) this.pos++;
          segs.push({
            kind: 'name',
            name: this.s.slice(from, this.pos),
            deep: false,
            span: this.span(start),
          });
          continue;
        }
        if (this.mode === 'synapse' && (this.s[this.pos] === '"' || this.s[this.pos] === "'")) {
          // `vars."my name"` (MI's grammar takes a quoted name after a dot)
          const name = this.readString();
          segs.push({ kind: 'name', name, deep: false, span: this.span(start) });
          continue;
        }
        const key = this.readKey();
        if (key === '') {
          if (this.mode === 'jsonpath' && this.pos >= this.s.length && segs.length === 0) return segs; // `$.`
          this.fail(`Expected a name or '*' after '.', found ${this.found()}.`, this.pos);
        }
        if (this.s[this.pos] === '(') {
          if (
            this.mode === 'synapse' &&
            this.filterDepth > 0 &&
            PATH_FUNCTION_WORDS.has(key) &&
            this.s.startsWith('()', this.pos)
          )
            // MI's filterExpression is a run of plain tokens, and `.length()` is a token of its own it does not take
            this.report(
              'EXPR_SYNAPSE_SYNTAX',
              `MI's grammar does not take .${key}() inside a [?(...)] filter and refuses the expression.`,
              this.span(start, this.pos + 2),
            );
          segs.push(this.parseMethod(key, start));
          continue;
        }
        segs.push({ kind: 'name', name: key, deep: false, span: this.span(start) });
        continue;
      }
      if (this.s[start] === '[') {
        segs.push(this.parseBracket(start, false));
        if (this.mode === 'jsonpath' && this.pos < this.s.length - 1 && !'.[)'.includes(this.s[this.pos]!)) {
          // Jayway reads a name right after a bracket as the next property: `$.a[0]b` is `$.a[0].b`
          const at = this.pos;
          const key = this.readKey();
          if (key !== '') segs.push({ kind: 'name', name: key, deep: false, span: this.span(at) });
        }
        continue;
      }
      return segs;
    }
  }

  private parseMethod(name: string, start: number): JsonPathSegment {
    const nameStart = start + 1;
    this.pos++; // (
    const args: SynapseNode[] = [];
    if (!this.eat(')')) {
      do args.push(this.parseExpression());
      while (this.eat(','));
      this.expect(')', `to close .${name}(`);
    }
    const info = JSONPATH_METHOD_INDEX.get(name);
    const span = this.span(start);
    // MI's expression grammar knows its path functions when it compiles; Jayway (a JSONPath) only looks the function
    // up, and counts its arguments, when the path is evaluated (FunctionPathToken.evaluate ->
    // PathFunctionFactory.newFunction: "Function with name: x does not exist."): the artifact deploys
    const atRun = this.mode === 'jsonpath';
    const when = atRun ? ' Micro Integrator deploys it; evaluating the path fails.' : '';
    if (info === undefined) {
      this.report(
        'EXPR_UNKNOWN_FUNCTION',
        `Unknown path function .${name}(); known: ${[...JSONPATH_METHOD_INDEX.keys()].join(', ')}.${when}`,
        this.span(nameStart, nameStart + name.length),
        atRun ? 'warning' : 'error',
      );
    } else if (args.length < info.minArgs || args.length > info.maxArgs) {
      this.report(
        'EXPR_BAD_ARITY',
        `.${name}() takes ${arityText(info)} arguments, not ${args.length}.${when}`,
        span,
        atRun ? 'warning' : 'error',
      );
    }
    return { kind: 'method', name, args, deep: false, span };
  }

  private parseBracket(start: number, deep: boolean): JsonPathSegment {
    this.pos = this.s.indexOf('[', start) + 1;
    this.ws();
    if (this.s[this.pos] === '*') {
      this.pos++;
      this.expect(']', 'after [*');
      return { kind: 'wildcard', deep, span: this.span(start) };
    }
    if (this.s[this.pos] === '?') {
      this.pos++;
      this.expect('(', "after '[?' (filters are written [?(condition)])");
      this.filterDepth++;
      let condition: SynapseNode;
      try {
        condition = this.parseExpression();
      } finally {
        this.filterDepth--;
      }
      this.expect(')', 'to close the filter condition');
      this.expect(']', 'to close the filter');
      return { kind: 'filter', condition, deep, span: this.span(start) };
    }
    // slice or union of literals
    const sliceRe = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?\]/;
    const sm = sliceRe.exec(this.s.slice(this.pos));
    if (sm) {
      this.pos += sm[0].length;
      const seg: JsonPathSegment = { kind: 'slice', deep, span: this.span(start) };
      if (sm[1] !== undefined) seg.start = Number(sm[1]);
      if (sm[2] !== undefined) seg.end = Number(sm[2]);
      if (sm[3] !== undefined) seg.step = Number(sm[3]);
      return seg;
    }
    const save = this.pos;
    const indexes: Array<number | string> = [];
    let simple = true;
    for (;;) {
      this.ws();
      const c = this.s[this.pos];
      if (c === '"' || c === "'") indexes.push(this.readString());
      else {
        const m = /^-?\d+/.exec(this.s.slice(this.pos));
        if (!m) {
          simple = false;
          break;
        }
        this.pos += m[0].length;
        indexes.push(Number(m[0]));
      }
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.s[this.pos] === ']') {
        this.pos++;
        break;
      }
      simple = false;
      break;
    }
    if (simple && indexes.length > 0) return { kind: 'index', indexes, deep, span: this.span(start) };
    this.pos = save;
    if (this.mode === 'jsonpath')
      this.fail(
        `Expected an index, a quoted name, '*', a slice or a filter in [...], found ${this.found()}.`,
      );
    // `[(@.length-1)]`: no expression starts with '@', so MI's parser takes the arrayIndex alternative
    // `QUESTION? LPAREN filterExpression RPAREN`, whose tokens are free (a signed number after a value is fine there)
    if (this.s[this.pos] === '(' && /^\(\s*@/.test(this.s.slice(this.pos))) {
      this.filterDepth++;
      try {
        return this.parseComputedBracket(start, deep);
      } finally {
        this.filterDepth--;
      }
    }
    return this.parseComputedBracket(start, deep);
  }

  /** `[expr]`, `[a, b, ...]` or `[a:b:c]` where some part is an expression (`[vars.i]`, `[$.from:$.to]`). */
  private parseComputedBracket(start: number, deep: boolean): JsonPathSegment {
    const part = (): SynapseNode | undefined => {
      this.ws();
      const c = this.s[this.pos];
      return c === ':' || c === ']' ? undefined : this.parseExpression();
    };
    const first = part();
    this.ws();
    if (this.s[this.pos] === ':') {
      const seg: JsonPathSegment = { kind: 'exprslice', deep, span: this.span(start) };
      if (first) seg.start = first;
      this.pos++;
      const end = part();
      if (end) seg.end = end;
      this.ws();
      if (this.s[this.pos] === ':') {
        this.pos++;
        const step = part();
        if (step) seg.step = step;
      }
      this.expect(']', 'to close the slice');
      seg.span = this.span(start);
      return seg;
    }
    if (!first) this.fail(`Expected an index, a name or an expression in [...], found ${this.found()}.`);
    if (this.s[this.pos] === ',') {
      const exprs = [first];
      while (this.s[this.pos] === ',') {
        this.pos++;
        const next = part();
        if (!next) this.fail(`Expected an index after ',', found ${this.found()}.`);
        exprs.push(next);
        this.ws();
      }
      this.expect(']', 'to close [');
      return { kind: 'exprs', exprs, deep, span: this.span(start) };
    }
    this.expect(']', 'to close [');
    return { kind: 'expr', expr: first, deep, span: this.span(start) };
  }

  // ------------------------------------------------------------ checks

  report(code: ExprErrorCode, message: string, span: Span, severity: 'error' | 'warning' = 'error'): void {
    this.errors.push({ code, message, span: { ...span }, severity });
  }

  private checkRoot(name: string, nameSpan: Span, segments: JsonPathSegment[]): void {
    // headers, props, params and configs take one name in MI's grammar: anything after it is a syntax error there
    const keyAt =
      name === 'headers' || name === 'configs'
        ? 0
        : name === 'props' || name === 'properties' || name === 'params'
          ? 1
          : -1;
    const scoped =
      keyAt !== 1 ||
      name === 'params' ||
      (segments[0]?.kind === 'name' && SYNAPSE_PROPERTY_SCOPES.has(segments[0].name));
    // (props with an unknown scope, the pre-release props.uri.var.x, has its own warning)
    if (keyAt >= 0 && scoped && segments.length > keyAt + 1) {
      const rest = segments.slice(keyAt);
      const dotted = rest.every((x) => x.kind === 'name' && !x.deep)
        ? rest.map((x) => (x as { name: string }).name).join('.')
        : undefined;
      const head = this.s.slice(nameSpan.start - this.base, rest[0]!.span.start - this.base);
      this.report(
        'EXPR_SYNAPSE_SYNTAX',
        `MI takes a single name after ${head}: it would not load this expression.${dotted ? ` For a name with dots write ${head.replace(/\.$/, '')}["${dotted}"].` : ''}`,
        { start: rest[1]!.span.start, end: rest[rest.length - 1]!.span.end },
        'warning',
      );
    }
    if (name === 'vars' && this.mode === 'synapse' && this.filterDepth === 0) {
      // MI's variableAccess: vars, then a name (.x, ."x", .["x"] or ["x"]), then a path
      const first = segments[0];
      const named =
        first !== undefined &&
        !first.deep &&
        (first.kind === 'name' ||
          (first.kind === 'index' && first.indexes.length === 1 && typeof first.indexes[0] === 'string'));
      if (!named)
        this.report(
          'EXPR_SYNAPSE_SYNTAX',
          `MI's grammar takes a variable name right after vars (vars.name or vars["name"]) and refuses this expression.`,
          first ? first.span : nameSpan,
        );
    }
    if (SYNAPSE_ROOTS.has(name)) {
      const first = segments[0];
      if (name === 'props' || name === 'properties') {
        if (first === undefined) {
          this.report(
            'EXPR_SYNAPSE_SYNTAX',
            `${name} needs a scope: ${name}.synapse.NAME or ${name}.axis2.NAME.`,
            nameSpan,
          );
        } else if (first.kind === 'name' && !SYNAPSE_PROPERTY_SCOPES.has(first.name)) {
          this.report(
            'EXPR_UNKNOWN_SCOPE',
            `'${first.name}' is not a property scope (synapse or axis2); it is read as the synapse property '${segments
              .filter((s) => s.kind === 'name')
              .map((s) => (s as { name: string }).name)
              .join('.')}'.`,
            first.span,
            'warning',
          );
        }
      } else if (name === 'params') {
        if (first === undefined) {
          this.report(
            'EXPR_SYNAPSE_SYNTAX',
            'params needs a kind: params.pathParams, params.queryParams or params.functionParams.',
            nameSpan,
          );
        } else if (first.kind === 'name' && !SYNAPSE_PARAM_KINDS.has(first.name)) {
          const legacy = SYNAPSE_LEGACY_PARAM_KINDS.get(first.name);
          if (legacy) {
            this.report(
              'EXPR_LEGACY_SPELLING',
              `params.${first.name} is a pre-release spelling; use params.${legacy}.`,
              first.span,
              'warning',
            );
          } else {
            this.report(
              'EXPR_UNKNOWN_SCOPE',
              `Unknown parameter kind '${first.name}'; use pathParams, queryParams or functionParams.`,
              first.span,
            );
          }
        }
      }
      return;
    }
    const legacy = SYNAPSE_LEGACY_ROOTS.get(name);
    if (legacy) {
      this.report(
        'EXPR_LEGACY_SPELLING',
        `'${name}.' is a pre-release spelling; MI 4.4 uses '${legacy}.'.`,
        nameSpan,
        'warning',
      );
      return;
    }
    const fnNear = SYNAPSE_EXPRESSION_FUNCTION_INDEX.has(name)
      ? ` (${name} is a function: write ${name}(...))`
      : '';
    this.report(
      'EXPR_UNKNOWN_VARIABLE',
      `Unknown name '${name}'${fnNear}; an expression starts with payload, $, vars, headers, props, params, configs, a literal or a function.`,
      nameSpan,
    );
  }

  private checkCall(call: SynapseCall): void {
    const info = SYNAPSE_EXPRESSION_FUNCTION_INDEX.get(call.name);
    if (info === undefined) {
      const near = [...SYNAPSE_EXPRESSION_FUNCTION_INDEX.keys()].find(
        (k) => k.toLowerCase() === call.name.toLowerCase(),
      );
      this.report(
        'EXPR_UNKNOWN_FUNCTION',
        `Unknown function ${call.name}()${near ? `; did you mean ${near}()?` : '.'}`,
        call.nameSpan,
      );
      return;
    }
    if (info.legacyOf) {
      this.report(
        'EXPR_LEGACY_SPELLING',
        `${call.name}() is a pre-release spelling; use ${info.legacyOf}().`,
        call.nameSpan,
        'warning',
      );
    }
    if (call.args.length < info.minArgs || call.args.length > info.maxArgs) {
      this.report(
        'EXPR_BAD_ARITY',
        `${info.name}() takes ${arityText(info)} argument${info.maxArgs === 1 ? '' : 's'}, not ${call.args.length}: ${info.signature}.`,
        call.span,
      );
      return;
    }
    if (call.name === 'xpath') {
      const a0 = call.args[0]!;
      if (a0.type === 'se-literal' && typeof a0.value === 'string') {
        const raw = this.s.slice(a0.span.start - this.base + 1, a0.span.end - this.base - 1);
        // spans map one to one only when the literal has no escapes
        const r = parseXPath(a0.value, raw === a0.value ? { base: a0.span.start + 1 } : {});
        for (const e of r.errors) {
          this.errors.push(raw === a0.value ? e : { ...e, span: a0.span });
        }
      }
    }
  }
}

export interface SubParseResult<T> {
  tree: T | undefined;
  errors: ExprError[];
}

/** Trailing characters no token of MI's expression lexer starts with (ExpressionLexer.g4). */
const DROPPED_BY_MI_LEXER = /^[\s{};#^`~\\]+$/;

/** Parses the inside of `${...}`. `base` is added to every span. */
export function parseSynapseExpression(text: string, base = 0): SubParseResult<SynapseNode> {
  const p = new Parser(text, base, 'synapse');
  if (text.trim() === '') {
    return {
      tree: undefined,
      errors: [
        {
          code: 'EXPR_EMPTY',
          message: 'The expression ${} is empty.',
          span: { start: base, end: base + text.length },
          severity: 'error',
        },
      ],
    };
  }
  try {
    const tree = p.parseExpression();
    if (!p.atEnd()) {
      // MI's ANTLR lexer has no token for these characters: it reports them on the console, drops them and the
      // expression deploys without them (SynapseExpression listens to the parser only), as in the documentation's
      // `${payload..book[?(...)]}}`
      const start = p.pos;
      if (!DROPPED_BY_MI_LEXER.test(text.slice(start)))
        p.fail(`Unexpected ${p.found()} after the expression.`);
      return {
        tree,
        errors: [
          ...p.errors,
          {
            code: 'EXPR_SYNAPSE_SYNTAX',
            message: `Micro Integrator ignores '${text.slice(start).trim()}' at the end of the expression (its lexer drops characters it cannot read); remove it.`,
            span: { start: base + start, end: base + text.trimEnd().length },
            severity: 'warning',
          },
        ],
      };
    }
    return { tree, errors: p.errors };
  } catch (e) {
    if (e instanceof SyntaxErr)
      return {
        tree: undefined,
        errors: [...p.errors, { code: e.code, message: e.message, span: e.span, severity: 'error' }],
      };
    throw e;
  }
}

/**
 * A dynamic value inside a json-eval path: `{xpath}` or `{json-eval(...)}` (MI's InlineExpressionUtil pattern),
 * replaced by its string value before the path is read, per message: `json-eval($.items[{$ctx:i}].name)`.
 */
export const JSONPATH_DYNAMIC_VALUE = /\{[^\s",<>}\]]+\}/g;

/** Offsets of the commas of a JSONPath text outside brackets, parentheses and quotes. */
export function topLevelCommas(text: string): number[] {
  const at: number[] = [];
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) at.push(i);
  }
  return at;
}

/** Parses a JSONPath (the inside of `json-eval(...)`, or an `evaluator="json"` expression). */
export function parseJsonPath(text: string, base = 0): SubParseResult<JsonPathExpr> {
  if (text.includes(',')) {
    const commas = topLevelCommas(text);
    if (commas.length > 0) {
      // `$.a,$.b` (see JsonPathExpr.more): each part is a path of its own
      const bounds = [-1, ...commas, text.length];
      const parts = bounds.slice(1).map((end, k) => {
        const start = bounds[k]! + 1;
        return parseJsonPath(text.slice(start, end), base + start);
      });
      const errors = parts.flatMap((r) => r.errors);
      const first = parts[0]!.tree;
      if (first && parts.every((r) => r.tree)) first.more = parts.slice(1).map((r) => r.tree!);
      return { tree: errors.some((e) => e.severity === 'error') ? undefined : first, errors };
    }
  }
  // SynapseJsonPath drops one trailing `.` before Jayway compiles the path (`$.a.b.` is `$.a.b`, `$.` the whole
  // body): blanked here, so spans stay where they are
  if (text.endsWith('.') && !text.endsWith('..')) text = `${text.slice(0, -1)} `;
  // dynamic values are filled in at run time: checked here as a same-length index/name
  if (text.includes('{')) text = text.replace(JSONPATH_DYNAMIC_VALUE, (m) => '0'.repeat(m.length));
  // Jayway (MI's JSONPath) reads a path that starts with neither $ nor @ as `$.` + path: `json-eval(store.book)`
  const lead = /^\s*/.exec(text)![0].length;
  const first = text[lead];
  if (first !== undefined && first !== '$' && first !== '@') {
    const r = parseJsonPath(`${text.slice(0, lead)}$.${text.slice(lead)}`, base - 2);
    // the implied `$.` has no place in the text: the tree starts at the first name
    if (r.tree) r.tree.span = { start: base + lead, end: r.tree.span.end };
    return r;
  }
  const p = new Parser(text, base, 'jsonpath');
  try {
    p.ws();
    const start = p.pos;
    const c = text[start];
    if (c !== '$' && c !== '@') {
      p.fail(
        c === undefined
          ? 'The JSONPath is empty; it starts with $.'
          : `A JSONPath starts with $, found ${p.found()}.`,
        start,
      );
    }
    p.pos++;
    // json-eval($ctx:prop.a.b): a JSONPath over the JSON held by a property
    let property: JsonPathExpr['property'];
    const pm = c === '$' ? /^(ctx|axis2|trp):([^.[\]\s()]+)/.exec(text.slice(p.pos)) : null;
    if (pm) {
      property = {
        scope: pm[1] as 'ctx' | 'axis2' | 'trp',
        name: pm[2]!,
        span: p.span(start, p.pos + pm[0].length),
      };
      p.pos += pm[0].length;
    }
    const segments = p.parseSegments();
    // Jayway stops at a stray `)` after a complete path (`$.a[?(@.n > 1)])` reads as `$.a[?(@.n > 1)]`), and MI
    // deploys and evaluates such a path: the `)`s are passed over
    const tail = p.pos;
    if (
      !p.atEnd() &&
      !/^\)[\s)]*$/.test(text.slice(p.pos)) &&
      !(segments.length > 0 && tail === text.length - 1 && text[tail] !== '(')
    )
      p.fail(`Unexpected ${p.found()} in the JSONPath.`);
    const end = segments.length
      ? segments[segments.length - 1]!.span.end - base
      : property
        ? property.span.end - base
        : start + 1;
    const tree: JsonPathExpr = { type: 'jp-path', root: c as '$' | '@', segments, span: p.span(start, end) };
    if (property) tree.property = property;
    return { tree, errors: p.errors };
  } catch (e) {
    if (e instanceof SyntaxErr)
      return {
        tree: undefined,
        errors: [...p.errors, { code: e.code, message: e.message, span: e.span, severity: 'error' }],
      };
    throw e;
  }
}
