/**
 * Session 14 (W3): an inline JavaScript MI cannot compile is refused when MI deploys it (ScriptMediator.initInlineScript:
 * Compilable.compile, "Exception initializing inline script"); MI 4.4 compiles `js` with GraalJS, an ECMAScript
 * engine that reads reserved words as V8 does. `synapse validate` now reports what `synapse run` refuses, with its
 * code (RT_SCRIPT_SYNTAX), from the same reading (core/jsScript.ts). No MI test (sources, and MI's script mediator
 * page: "The Micro Integrator uses GraalVM JS by default").
 */
import assert from 'node:assert/strict';
import { scratchProject } from './scratch';
import { NS, send, startRuntime } from '../runtime/helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';

const seq = (name: string, language: string, body: string): string =>
  `<sequence ${NS} name="${name}"><script language="${language}"><![CDATA[${body}]]></script></sequence>`;

describe('oracle S14 W3: inline JavaScript MI refuses, validate and run alike', () => {
  it('a reserved word as a name (enum, class, super) is refused by both; the words ECMAScript reserves only in strict code (let, static, yield, package, interface, await) and old Java-like ones (goto, int) are not', async () => {
    const fx = scratchProject('s14-w3-js-', 'Loom');
    try {
      const cases: [string, string, string][] = [
        ['UsesEnum', 'var enum = 1;', 'RT_SCRIPT_SYNTAX'],
        ['UsesClass', "var class = 'warp';", 'RT_SCRIPT_SYNTAX'],
        ['UsesSuper', 'var super = 2;', 'RT_SCRIPT_SYNTAX'],
        [
          'UsesSoft',
          'var let = 1, static = 2, yield = 3, package = 4, interface = 5, await = 6, goto = 7, int = 8;',
          '',
        ],
        ['MissingBrace', 'if (true) { mc.setProperty("a", "b");', 'RT_SCRIPT_SYNTAX'],
      ];
      for (const [name, body, code] of cases) {
        for (const language of ['js', 'graalJs']) {
          const rel = `Loom/src/main/wso2mi/artifacts/sequences/${name}.xml`;
          fx.put(rel, seq(name, language, body));
          const got = fx.validate(rel).map((f) => f.code);
          assert.deepEqual(got, code ? [code] : [], `validate ${name} ${language}`);
          let run: string[] = [];
          try {
            await (await startRuntime({ [`${name}.xml`]: seq(name, language, body) })).close();
          } catch (e) {
            run = [...(e as Error).message.matchAll(/ (RT_[A-Z_]+) /g)].map((m) => m[1]);
          }
          assert.deepEqual(run, code ? [code] : [], `run ${name} ${language}`);
        }
      }
      // Rhino's E4X is no syntax error for either (the runtime translates or refuses it itself)
      const rel = 'Loom/src/main/wso2mi/artifacts/sequences/Rhino.xml';
      fx.put(rel, seq('Rhino', 'rhinoJs', 'var code = mc.getPayloadXML()..*::Code.toString();'));
      assert.deepEqual(fx.validate(rel), []);
    } finally {
      fx.dispose();
    }
  });

  it("Nashorn/Mozilla syntax extensions ('for each', a conditional catch, an expression closure) are no syntax error: GraalJS compiles them with js.syntax-extensions=true (Synapse AccessControlUtils.createSecureGraalContext), Rhino and Nashorn natively; run deploys them with RT_UNSUPPORTED", async () => {
    const fx = scratchProject('s14-w3-jsx-', 'Loom');
    try {
      const cases: [string, string][] = [
        ['ForEach', 'var n = 0; for each (var v in [1, 2]) { n += v; } mc.setProperty("n", n);'],
        ['CondCatch', 'try { mc.setProperty("a", "b"); } catch (e if e instanceof TypeError) { }'],
        ['Closure', 'var sq = function (x) x * x; mc.setProperty("s", sq(3));'],
      ];
      for (const [name, body] of cases) {
        for (const language of ['js', 'graalJs', 'rhinoJs', 'nashornJs']) {
          const rel = `Loom/src/main/wso2mi/artifacts/sequences/${name}.xml`;
          fx.put(rel, seq(name, language, body));
          assert.deepEqual(fx.validate(rel), [], `validate ${name} ${language}`);
        }
        const r = new Runtime({ httpPort: 0 }).deploy([{ name: `${name}.xml`, text: seq(name, 'js', body) }]);
        assert.deepEqual(r.problems, [], `run ${name}`);
        assert.deepEqual(
          r.warnings.map((w) => w.code),
          ['RT_UNSUPPORTED'],
          `run ${name}`,
        );
      }
      // still a syntax error where the script has none of them
      const rel = 'Loom/src/main/wso2mi/artifacts/sequences/Bad.xml';
      fx.put(rel, seq('Bad', 'js', 'var each = 1; for (;;'));
      assert.deepEqual(
        fx.validate(rel).map((f) => f.code),
        ['RT_SCRIPT_SYNTAX'],
      );
    } finally {
      fx.dispose();
    }
  });

  it('a script using the strict-only reserved words as names runs', async () => {
    const t = await startRuntime({
      'Soft.xml': `<api ${NS} name="Soft" context="/soft"><resource methods="POST"><inSequence><script language="js"><![CDATA[
var let = 'a', static = 'b', yield = 'c', package = 'd';
mc.setPayloadJSON({ words: let + static + yield + package });]]></script><respond/></inSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/soft`, { body: '{}', type: 'application/json' });
      assert.deepEqual([r.status, r.json()], [200, { words: 'abcd' }]);
    } finally {
      await t.close();
    }
  });
});
