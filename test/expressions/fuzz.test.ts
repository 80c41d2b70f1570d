import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  parseExpression,
  parseInlineTemplate,
  parseDynamicValue,
  expressionAt,
  walkExpression,
} from '../../core/expressions';
import { parseXmlPayload, XmlPayloadError } from '../../runtime-debug/engine/xml';

const SAMPLES = [
  "//*[local-name() = 'MissionResult']/text()",
  "concat(get-property('axis2', 'HTTP_SC'), $ctx:a, $trp:Content-Type)",
  'count($body/order/item[price > 6]) div 2',
  'json-eval($.store.book[?(@.price < 10 && @.tag in ["a"])].title)',
  "${payload.items[?(@.age >= vars.min)].name.length() > 0 ? toUpper(vars.s) : 'none'}",
  "${xpath('//a/b', 'v') + registry('gov:/x.json').a[0]}",
  '${props.synapse["uri.var.id"] == null || not(exists(params.queryParams.q))}',
];

function checkSpans(text: string, r: ReturnType<typeof parseExpression>): void {
  for (const e of r.errors) {
    assert.ok(
      e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end,
      `${JSON.stringify(text)}: ${JSON.stringify(e)}`,
    );
    assert.ok(e.message.length > 0);
  }
  if (r.tree) {
    walkExpression(r.tree, (n) => {
      assert.ok(
        n.span.start >= 0 && n.span.end <= text.length && n.span.start <= n.span.end,
        `${JSON.stringify(text)}: node ${n.type} ${JSON.stringify(n.span)}`,
      );
    });
  }
}

describe('expressions: robustness (the language server parses half-typed text)', () => {
  it('never throws on any prefix of valid expressions, and keeps spans inside the text', () => {
    for (const s of SAMPLES) {
      for (let i = 0; i <= s.length; i++) {
        const t = s.slice(0, i);
        const r = parseExpression(t);
        checkSpans(t, r);
        for (let k = 0; k <= t.length; k++) expressionAt(r.tree, k);
      }
      const whole = parseExpression(s);
      assert.deepEqual(
        whole.errors.filter((e) => e.severity === 'error'),
        [],
        s,
      );
    }
  });

  it('never throws on random text built from expression characters', () => {
    const chars = fc.constantFrom(
      ...'$@{}[]()\'".,:;/*+-=<>!?&|~ abcxyz019_'.split(''),
      'json-eval(',
      '${',
      'vars.',
      'payload',
      'get-property(',
      '//',
      '::',
      '..',
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (parts) => {
        const t = parts.join('');
        checkSpans(t, parseExpression(t));
        parseInlineTemplate(t);
        parseDynamicValue(`{${t}}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('the payload parser refuses random text with a coded error or parses it', () => {
    const chars = fc.constantFrom(
      ...'<>/=&;"\' abc!-?[]'.split(''),
      '<a>',
      '</a>',
      '<!DOCTYPE',
      '&amp;',
      '&x;',
      '<![CDATA[',
      ']]>',
      '<?pi?>',
      '<!--',
      '-->',
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        try {
          parseXmlPayload(t);
        } catch (e) {
          assert.ok(e instanceof XmlPayloadError, `${JSON.stringify(t)}: ${String(e)}`);
          assert.match(e.code, /^XML_/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
