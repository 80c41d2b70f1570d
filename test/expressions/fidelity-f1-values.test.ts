/**
 * `${...}` values where MI's evaluator (wso2-synapse util/synapse/expression) was still different: toUpper/toLower
 * on a number the expression made (no value) or read from JSON (its text); a bracketed key into a Map-held variable
 * (a connector/call result) followed by more navigation; JSON numbers that keep their text (10.0, 12.50).
 */
import { strict as assert } from 'node:assert';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { parseJsonText } from '../../runtime-debug/engine/expr/jsonNumber';
import { TestContext } from './helpers';

const shelf = { shelf: { box: [{ tag: 'w' }, { tag: 'x' }, { tag: 'y' }, { tag: 'z' }] } };

function ctx(): TestContext {
  const text = '{"code":34,"label":"Mid","unit":2.50,"whole":7.0}';
  return new TestContext({
    json: parseJsonText(text),
    text,
    vars: { res: new Map<string, unknown>([['payload', shelf]]), n: 5 },
  });
}

function str(expr: string): string {
  return compileExpression(expr).evaluateString(ctx());
}

describe('Synapse expressions: fidelity to MI (F1 cases)', () => {
  const cases: Array<[string, string]> = [
    ['${toUpper(34)}', ''],
    ['${toLower(1 + 1)}', ''],
    ['${toUpper(true)}', ''],
    ['${toUpper(payload.code)}', '34'],
    ['${toUpper(payload.label)}', 'MID'],
    ["${vars.res['payload'].shelf.box[1,3].tag}", '["x","z"]'],
    ["${vars.res['payload']['shelf'].box[0].tag}", 'w'],
    ['${payload.unit}', '2.5'], // read by name: Jayway's Gson provider unwraps it to the Double 2.5 (getMapValue)
    ['${payload.whole}', '7.0'],
    ['${payload.whole + 1}', '8.0'],
    ['${payload.unit * 2}', '5.0'],
    ['${payload.whole == 7.0}', 'true'],
    ['${payload.whole > 6}', 'true'],
    ['${payload}', '{"code":34,"label":"Mid","unit":2.50,"whole":7.0}'],
  ];
  for (const [expr, want] of cases)
    it(`${expr} → ${JSON.stringify(want)}`, () => assert.equal(str(expr), want));
});
