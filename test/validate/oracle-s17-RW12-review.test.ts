/**
 * Review RW12 of session 17 (W1's 4c055827: attribute-value normalization in core/xml/parse.ts).
 * XML 1.0 §2.11/§3.3.3, as Woodstox reads MI's configuration: a literal CR LF, CR, LF or tab in an attribute value is
 * one space, a character reference (&#13; &#10; &#9;) stays the character; the validator's finding inside a multi-line
 * expression attribute of a CR LF file still lands on the text it names.
 */
import assert from 'node:assert/strict';
import { analyzeFile } from '../../core/project';
import { validateFile } from '../../core/validate';
import { parseXml } from '../../core/xml/parse';

describe('attribute-value normalization keeps positions (review RW12 of s17 W1 4c055827)', () => {
  it('a literal CR LF is one space, a lone CR, LF or tab a space; &#13;&#10; and &#9; stay characters', () => {
    const doc = parseXml('<a x="1\r\n2\n3\t4\r5" y="&#13;&#10;&#9;" z="p&#10;\r\nq"/>');
    const values = doc.root!.attributes.map((a) => a.value);
    assert.deepEqual(values, ['1 2 3 4 5', '\r\n\t', 'p\n q']);
  });

  it('an expression error after a CR LF inside the attribute is placed on its text (LF and CR LF files agree)', () => {
    for (const nl of ['\n', '\r\n']) {
      const text =
        `<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">${nl}` +
        `  <log>${nl}    <property name="p" expression="concat('a',${nl}   'b',${nl}   $ctx:x &amp;&amp; 1)"/>${nl}` +
        `  </log>${nl}</sequence>${nl}`;
      const f = validateFile(analyzeFile('/p/S.xml', text)).filter((x) => x.code.startsWith('EXPR_'));
      assert.equal(f.length, 1, JSON.stringify(f));
      assert.equal(text.slice(f[0].span.start, f[0].span.end), '&amp;', JSON.stringify(nl));
    }
  });
});

describe('a typed property/variable value starting with $ is converted at deploy (review RW12 of s17 W1 1b972112)', () => {
  // expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc / 8ffe5865) compiled and driven by a
  // harness (session 17 S1): PropertyMediatorFactory.setValue(value, type) and the variable mediator's
  // Utils.convertValue read $SYSTEM:X, $FILE:x and ${...} as written ('Unknown type : INTEGER for the property mediator
  // or the property value cannot be converted into the specified type.'); STRING, BOOLEAN and JSON take them
  const seq = (body: string) =>
    `<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">${body}</sequence>`;
  const codes = (body: string) =>
    validateFile(analyzeFile('/p/S.xml', seq(body)))
      .filter((f) => f.code === 'SYN104')
      .map((f) => f.code);

  it('synapse validate refuses $SYSTEM:, $FILE: and ${...} values of a numeric type, not of STRING/BOOLEAN/JSON', () => {
    assert.deepEqual(
      codes(
        '<property name="a" value="$SYSTEM:PORT" type="INTEGER"/><variable name="b" value="${configs.n}" type="INTEGER"/>' +
          '<property name="c" value="$FILE:n" type="LONG"/>',
      ),
      ['SYN104', 'SYN104', 'SYN104'],
    );
    assert.deepEqual(
      codes(
        '<property name="a" value="$SYSTEM:PORT" type="STRING"/><property name="b" value="${vars.x}" type="BOOLEAN"/>' +
          '<variable name="c" value="$FILE:n" type="JSON"/>',
      ),
      [],
    );
  });
});

describe('log property blank name or value in synapse validate (review RW12 of s17 W2 4545e1eb)', () => {
  // MediatorPropertyFactory.getMediatorProperties trims (String.trim) before it refuses an empty name or value
  const findings = (prop: string) =>
    validateFile(
      analyzeFile(
        '/p/S.xml',
        `<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"><log level="custom"><property ${prop}/></log></sequence>`,
      ),
    ).map((f) => f.code);
  it('a name or value of spaces is SYN104 as an empty one; a no-break space is text', () => {
    assert.deepEqual(findings('name=" " value="x"'), ['SYN104']);
    assert.deepEqual(findings('name="a" value="  "'), ['SYN104']);
    assert.deepEqual(findings('name="a" value="&#160;"'), []);
  });
});
