import assert from 'node:assert/strict';
import { analyzeFile } from '../../core/project';
import { validateFile } from '../../core/validate';

const SYN = 'xmlns="http://ws.apache.org/ns/synapse"';

/** Expression findings of a sequence, as code@offset (offsets in the file). */
function exprFindings(text: string): string[] {
  return validateFile(analyzeFile('/p/S.xml', text))
    .filter((f) => f.code.startsWith('EXPR_'))
    .map((f) => `${f.code}@${f.span.start}`);
}

describe('expression checks memoized per text, kind and namespaces (core/validate/rules/expressions.ts)', () => {
  it('gives the same findings as a first parse, wherever the expression is repeated', () => {
    const body = (prefix: string) =>
      `<sequence ${SYN} name="S"${prefix}>\n` +
      `  <log><property name="a" expression="//p:order/id"/></log>\n` +
      `  <property name="b" expression="//p:order/id"/>\n` +
      `  <property name="c" expression="count(//item"/>\n` +
      `  <filter xpath="count(//item"><then/></filter>\n` +
      `</sequence>\n`;
    // the prefix undeclared: reported at each place, at each place's own offset
    const undeclared = exprFindings(body(''));
    const first = body('').indexOf('//p:order');
    const second = body('').indexOf('//p:order', first + 1);
    assert.ok(
      undeclared.some(
        (f) =>
          f.startsWith('EXPR_UNDECLARED_PREFIX@') &&
          Number(f.split('@')[1]) >= first &&
          Number(f.split('@')[1]) < second,
      ),
    );
    assert.ok(
      undeclared.some((f) => f.startsWith('EXPR_UNDECLARED_PREFIX@') && Number(f.split('@')[1]) >= second),
    );
    // the syntax error twice (attribute of property and of filter), at two offsets
    const syntax = undeclared.filter((f) => !f.startsWith('EXPR_UNDECLARED_PREFIX'));
    assert.equal(syntax.length >= 2, true, JSON.stringify(undeclared));
    assert.equal(new Set(syntax).size, syntax.length);
    // the same texts with the prefix declared: no prefix finding (the memo keys on the namespaces in scope)
    const declared = exprFindings(body(' xmlns:p="urn:p"'));
    assert.equal(
      declared.some((f) => f.startsWith('EXPR_UNDECLARED_PREFIX')),
      false,
    );
    // and again undeclared: the same findings as the first time
    assert.deepEqual(exprFindings(body('')), undeclared);
  });
});
