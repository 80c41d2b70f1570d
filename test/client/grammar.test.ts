/**
 * The TextMate injection grammar, run through VS Code's own TextMate engine together with VS Code's XML grammar.
 */
import assert from 'node:assert/strict';
import { scopesOf, tokenize } from './grammarHarness';

const EXPR = 'meta.embedded.expression.synapse';

describe('syntaxes: Synapse expressions injected into XML', () => {
  it('highlights json-eval(...) in an expression attribute as JSONPath', async () => {
    const t = await tokenize('<property name="id" expression="json-eval($.order.id)"/>');
    assert.ok(scopesOf(t, 'json-eval').includes('support.function.json-eval.synapse'));
    assert.ok(scopesOf(t, 'order').includes('variable.other.property.jsonpath'));
    // The attribute keeps the XML grammar's scopes around the expression.
    assert.ok(scopesOf(t, 'expression').includes('entity.other.attribute-name.localname.xml'));
    assert.ok(
      scopesOf(t, 'id').includes('string.quoted.double.xml'),
      'the plain name="id" stays an XML string',
    );
    assert.ok(!scopesOf(t, 'id').includes(EXPR));
  });

  it('highlights XPath with Synapse variables and functions in xpath= and source=', async () => {
    const t = await tokenize(
      `<filter xpath="get-property('transport','X') = 'a' and $ctx:flag"><switch source="$trp:Accept">`,
    );
    assert.ok(scopesOf(t, 'get-property').includes('support.function.xpath'));
    assert.ok(scopesOf(t, "'transport'").includes('string.quoted.single.xpath'));
    assert.ok(scopesOf(t, 'and').includes('keyword.operator.logical.xpath'));
    assert.ok(scopesOf(t, '$ctx:flag').includes('variable.other.xpath'));
    assert.ok(scopesOf(t, '$trp:Accept').includes('variable.other.xpath'));
  });

  it('highlights ${...} Synapse expressions in attributes, text and CDATA, but not in comments', async () => {
    const t = await tokenize(
      [
        '<variable name="total" expression="${payload.items[0].price * 2}"/>',
        '<log><message>Hello ${params.pathParams.name}</message></log>',
        '<format><![CDATA[{"a": "${vars.answer}"}]]></format>',
        '<header name="h" value="pre ${headers.Host} post"/>',
        '<!-- ${ignored.here} -->',
      ].join('\n'),
    );
    assert.ok(scopesOf(t, 'payload').includes('variable.language.synapse-expression'));
    assert.ok(scopesOf(t, 'price').includes('variable.other.property.synapse-expression'));
    assert.ok(scopesOf(t, '*').includes('keyword.operator.synapse-expression'));
    assert.ok(scopesOf(t, 'params').includes(EXPR), 'inline template in <message> text');
    assert.ok(scopesOf(t, 'vars').includes(EXPR), 'inside a payloadFactory CDATA format');
    assert.ok(scopesOf(t, 'headers').includes(EXPR), 'inside a value with an inline template');
    assert.ok(!scopesOf(t, 'pre').includes(EXPR), 'literal text around the template is not an expression');
    const comment = t.find((x) => x.text.includes('ignored.here'));
    assert.ok(comment && !comment.scopes.includes(EXPR), 'comments are left alone');
  });

  it('highlights dynamic keys {xpath} and {${...}} and leaves {{escaped}} literal', async () => {
    const t = await tokenize(
      '<sequence key="{$ctx:target}"/><endpoint key="{${vars.ep}}"/><with-param name="p" value="{{literal}}"/>',
    );
    assert.ok(scopesOf(t, '$ctx:target').includes('variable.other.xpath'));
    assert.ok(scopesOf(t, 'vars').includes('variable.language.synapse-expression'));
    assert.ok(scopesOf(t, '{{literal}}').includes('constant.character.escape.synapse'));
  });

  it('changes nothing in XML that holds no expressions', async () => {
    const xml =
      '<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <name a="b">text &amp; more</name>\n</project>';
    const plain = await tokenize(xml, false);
    const injected = await tokenize(xml, true);
    assert.deepEqual(injected, plain);
  });
});
