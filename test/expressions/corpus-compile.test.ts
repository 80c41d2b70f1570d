import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml, walkElements, textContent, type XmlElement } from '../../core/xml';
import {
  compileExpression,
  compileTemplate,
  compileValue,
  ExpressionEvalError,
  type CompiledExpression,
} from '../../runtime-debug/engine/expr';
import { TestContext } from './helpers';

const CORPUS = '/work/shared/corpus';

function namespacesOf(el: XmlElement): Record<string, string> {
  const ns: Record<string, string> = {};
  const chain: XmlElement[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) chain.unshift(e);
  for (const e of chain) for (const a of e.attributes) if (a.prefix === 'xmlns') ns[a.local] = a.value;
  return ns;
}

describe('expressions: every corpus expression compiles and evaluates', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml'));
  it('compiles expression attributes, dynamic keys and inline templates, and evaluates them without crashing', () => {
    const compiled: Array<{ where: string; c: { evaluateString(ctx: TestContext): string } }> = [];
    const problems: string[] = [];
    for (const f of files) {
      const doc = parseXml(readFileSync(join(CORPUS, f), 'utf8'));
      walkElements(doc.children, (el) => {
        const ns = namespacesOf(el);
        for (const a of el.attributes) {
          const where = `${f}: <${el.name} ${a.local}="${a.value}">`;
          try {
            if (
              a.local === 'expression' ||
              a.local === 'xpath' ||
              (a.local === 'source' && el.local !== 'enrich')
            ) {
              const json = el.attributes.some((x) => x.local === 'evaluator' && x.value === 'json');
              compiled.push({ where, c: compileExpression(a.value, ns, json ? { kind: 'jsonpath' } : {}) });
            } else if (a.local === 'key' || (a.local === 'value' && el.local === 'with-param')) {
              compiled.push({ where, c: compileValue(a.value, ns) });
            }
          } catch (e) {
            problems.push(`${where}: ${(e as Error).message}`);
          }
        }
        if (el.local === 'message' && el.parent?.local === 'log') {
          try {
            compiled.push({
              where: `${f}: log message`,
              c: { evaluateString: (ctx) => compileTemplate(textContent(el), ns).render(ctx) },
            });
          } catch (e) {
            problems.push(`${f}: log message: ${(e as Error).message}`);
          }
        }
      });
    }
    assert.deepEqual(problems, []);
    assert.ok(compiled.length > 60, `only ${compiled.length}`);
    const ctx = new TestContext({
      json: { name: 'x', data: { list: [{ name: 'a' }] } },
      vars: { xml_collection: '<list><a/></list>' },
    });
    for (const { where, c } of compiled) {
      try {
        assert.equal(typeof c.evaluateString(ctx), 'string', where);
      } catch (e) {
        // an XPath may legitimately fail on this synthetic message, but only with a clear evaluation error
        if (process.env.SHOW_EXPR_FAILURES) console.log(where, (e as Error).message);
        assert.ok(e instanceof ExpressionEvalError, `${where}: ${String(e)}`);
      }
    }
    void (null as unknown as CompiledExpression);
  });
});
