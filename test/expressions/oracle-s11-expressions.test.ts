/**
 * `${...}` checked against MI's own expression engine (session 11): its lexer and parser (wso2-synapse
 * ExpressionLexer.g4 / ExpressionParser.g4 and SynapseExpression's constructor, which refuses syntax errors and
 * leftover input) and its evaluator (ExpressionResult, BinaryOperationNode, PredefinedFunctionNode) on Gson and
 * Jayway JsonPath. Each case is what that engine answers; fixtures are our own.
 */
import { strict as assert } from 'node:assert';
import { compileExpression, ExpressionCompileError } from '../../runtime-debug/engine/expr';
import { parseExpression } from '../../core/expressions';
import { TestContext } from './helpers';

function errors(text: string): string[] {
  return parseExpression('${' + text + '}')
    .errors.filter((e) => e.severity === 'error')
    .map((e) => e.code);
}

function refused(text: string): boolean {
  try {
    compileExpression('${' + text + '}');
    return false;
  } catch (e) {
    if (e instanceof ExpressionCompileError) return true;
    throw e;
  }
}

describe('Synapse expressions: what MI refuses to compile (oracle s11)', () => {
  // each is refused by SynapseExpression (a syntax error or leftover input): the editor says so, the runtime too
  const refusedByMi: Array<[string, string]> = [
    ['7 -2', "the lexer reads '-2' as a number (NUMBER: '-'? [0-9]+): two values side by side"],
    ['vars.qty -1', 'same after a name'],
    ['(vars.qty) -1', 'same after a parenthesis'],
    ['payload.lines[0]-1', 'same after an index'],
    ['!vars.flag', "'!' is only a filter operator"],
    ['-vars.qty', "a unary '-' only signs a number literal"],
    ['3 * - 2', "'-' then a space is no number"],
    ['vars.empty', "'empty' is a filter keyword token, not a name"],
    ['payload.box.in', "'in' too"],
    ['payload.size', "'size' too (only size() is a path function)"],
    ['payload.flags.true', 'true is a literal token'],
    ['payload.null', 'null too'],
    ['payload.or', 'or is an operator token'],
    ['payload..length', "after '..' only a plain name: a function word is a keyword"],
    ['payload..headers', 'a root word too'],
    ['vars[0]', 'vars takes a name first'],
    ['vars', 'vars alone'],
    ['vars.qty- 1', "names may hold '-': 'qty-' then another value"],
    ['vars.qty- toUpper("a")', 'same before a call'],
    ['true-1', "'true-1' is one name where a value is needed"],
    ['vars.ok or-1', "'or-1' is one name"],
  ];
  for (const [text, why] of refusedByMi)
    it(`\${${text}} is refused (${why})`, () => {
      assert.deepEqual(errors(text).slice(0, 1), ['EXPR_SYNAPSE_SYNTAX'], text);
      assert.ok(refused(text), text);
    });

  // and what it compiles: none of these may be flagged
  const acceptedByMi = [
    '7 - 2',
    '7 - -2',
    '7*-2',
    '-2 + vars.qty',
    'payload.lines[-1:]',
    'payload.lines[1:-1]',
    'vars.qty-1', // one name: the variable 'qty-1'
    'vars.qty-[0]', // the name 'qty-' then an index
    'payload.qty- and true',
    'payload.lines.size()',
    'payload.lines.length()',
    'payload["empty"]',
    'vars["in"]',
    'payload.emptyBox',
    'payload.index',
    'payload.inside.sizes',
    'payload.box.length', // a function word after '.' is a name (the grammar's keywords rule)
    'payload.box.vars.headers',
    'payload..sku',
    'payload.lines[?(@.size > 1 && !@.in)]', // anything goes inside a filter
    'not(vars.flag)',
    '2147483647and true',
  ];
  for (const text of acceptedByMi)
    it(`\${${text}} compiles`, () => {
      assert.deepEqual(errors(text), [], text);
      assert.ok(!refused(text), text);
    });

  it('a name that is a keyword is read with the bracket form, as MI reads it', () => {
    const c = new TestContext({ json: { in: 'inside', size: 3 }, vars: { empty: 'nothing' } });
    assert.equal(compileExpression('${payload["in"]}').evaluateString(c), 'inside');
    assert.equal(compileExpression('${payload["size"] + 1}').evaluateString(c), '4');
    assert.equal(compileExpression('${vars["empty"]}').evaluateString(c), 'nothing');
  });
});
