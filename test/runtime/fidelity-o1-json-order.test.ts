/**
 * JSON members named like array indexes ("1", "20") keep the order they were written in when a changed payload is
 * written, as MI keeps it (Gson's LinkedTreeMap and the JSON stream follow the text; a JavaScript object lists such
 * names first, in numeric order). Real HTTP with our own fixtures, plus a property test of the in-order reader
 * against JSON.parse.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJsonInOrder, jsonNumber, parseJsonText } from '../../runtime-debug/engine/expr/jsonNumber';
import { stringifyJson } from '../../runtime-debug/engine/expr/values';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity O1: JSON member order with index-like names', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Order.xml': api(
        'Order',
        '/o1/order',
        `<property name="stamp" value="done"/>
         <enrich><source type="property" property="stamp"/><target xpath="json-eval($.level)"/></enrich>
         <respond/>`,
      ),
      'Copy.xml': api(
        'Copy',
        '/o1/copy',
        `<payloadFactory media-type="json"><format>{"copy":$1,"n":1}</format><args><arg evaluator="json" expression="$.rooms"/></args></payloadFactory>
         <respond/>`,
      ),
      'Var.xml': api(
        'Var',
        '/o1/var',
        `<variable name="grid" type="JSON" value='{"12":"l","3":"c","b":1,"0":"z"}'/>
         <payloadFactory media-type="json"><format>{"grid":\${vars.grid},"third":"\${vars.grid.b}"}</format></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a changed payload keeps "20" before "1" and the names after them in place', async () => {
    const body = '{"rooms":{"20":"suite","1":"single","x":true,"3":"double"},"level":2}';
    const r = await send(`${t.base}/o1/order`, { body, type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"rooms":{"20":"suite","1":"single","x":true,"3":"double"},"level":"done"}');
  });

  it('an object copied into a template by JSONPath keeps its order, numbers keep their text', async () => {
    const body = '{"rooms":{"9":1.50,"10":{"4":"a","2":"b"}}}';
    const r = await send(`${t.base}/o1/copy`, { body, type: 'application/json' });
    assert.equal(r.text, '{"copy":{"9":1.50,"10":{"4":"a","2":"b"}},"n":1}');
  });

  it('a JSON variable keeps its order through ${}', async () => {
    const r = await send(`${t.base}/o1/var`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"grid":{"12":"l","3":"c","b":1,"0":"z"},"third":"1"}');
  });

  it('the in-order reader gives what JSON.parse gives, and writes the text order back', () => {
    const key = fc.oneof(
      fc.constantFrom('0', '1', '7', '20', '300', 'a', 'b', 'x1', '01', '-1'),
      fc.string(),
    );
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((pairs) => ({ pairs })),
      ),
    })).value;
    type Shape = unknown;
    // a text with members in a chosen order (duplicates included)
    const write = (v: Shape): string => {
      if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
      if (v && typeof v === 'object' && 'pairs' in v)
        return `{${(v as { pairs: [string, Shape][] }).pairs.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
      return JSON.stringify(v);
    };
    // what MI writes back: each name where it first came, with its last value
    const expected = (v: Shape): string => {
      if (Array.isArray(v)) return `[${v.map(expected).join(',')}]`;
      if (v && typeof v === 'object' && 'pairs' in v) {
        const members: [string, Shape][] = [];
        for (const [k, x] of (v as { pairs: [string, Shape][] }).pairs) {
          const at = members.findIndex(([n]) => n === k);
          if (at >= 0) members[at] = [k, x];
          else members.push([k, x]);
        }
        return `{${members.map(([k, x]) => `${JSON.stringify(k)}:${expected(x)}`).join(',')}}`;
      }
      return JSON.stringify(v);
    };
    fc.assert(
      fc.property(json, (v) => {
        const text = write(v);
        const ours = parseJsonInOrder(text, jsonNumber);
        assert.deepEqual(JSON.parse(JSON.stringify(ours)), JSON.parse(text));
        assert.equal(stringifyJson(ours), expected(v));
      }),
      { numRuns: 300 },
    );
  });

  it('malformed JSON fails as JSON.parse does', () => {
    for (const bad of ['{"1":', '{"1":1,}', '[1,]', '{"1" 1}', '01', '{"1":1}x', '"abc'])
      assert.throws(() => parseJsonText(bad), SyntaxError, bad);
  });
});
