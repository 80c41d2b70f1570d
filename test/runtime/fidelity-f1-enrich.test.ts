/**
 * Enrich on JSON as Micro Integrator 4.4 writes the body afterwards (facts from wso2-synapse Target and Source: a
 * replace at a JSONPath, a remove, a move (clone="false") and a key rename write the body with JsonPath's
 * jsonString(), which is Gson's toJson with its default HTML-safe escaping, so < > & = ' inside strings come out as
 * \u003c \u003e \u0026 \u003d \u0027; an appended child is written with JsonElement.toString(), without it).
 * Real HTTP, our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const BODY = '{"link":"/find?q=a&n=2","note":"Bob\'s <tag>","state":"open","items":[],"tmp":0,"cost":3.10}';

describe('runtime fidelity (F1): enrich writes JSON as MI does', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Set.xml': api(
        'Set',
        '/f1e/set',
        `<enrich><source type="inline" clone="true">"closed"</source><target type="custom" xpath="json-eval($.state)"/></enrich>
         <log level="custom"><property name="link" expression="json-eval($.link)"/></log><respond/>`,
      ),
      'Add.xml': api(
        'Add',
        '/f1e/add',
        `<enrich><source type="inline" clone="true">{"k":"x&amp;y"}</source><target type="custom" action="child" xpath="json-eval($.items)"/></enrich><respond/>`,
      ),
      'Drop.xml': api(
        'Drop',
        '/f1e/drop',
        `<enrich><source type="custom" xpath="json-eval($.tmp)"/><target type="body" action="remove"/></enrich><respond/>`,
      ),
      'Rename.xml': api(
        'Rename',
        '/f1e/rename',
        `<enrich><source type="inline" clone="true">status</source><target type="key" xpath="json-eval($.state)"/></enrich><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a replace at a path writes the body HTML-safe (Gson), numbers as they came; readers see the text decoded', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1e/set`, { body: BODY, type: 'application/json' });
    assert.equal(
      r.text,
      '{"link":"/find?q\\u003da\\u0026n\\u003d2","note":"Bob\\u0027s \\u003ctag\\u003e","state":"closed","items":[],"tmp":0,"cost":3.10}',
    );
    assert.deepEqual(JSON.parse(r.text).link, '/find?q=a&n=2');
    assert.equal(t.logs.find((l) => l.category === 'LogMediator')!.message, 'link = /find?q=a&n=2');
  });

  it('an appended child is written without that escaping', async () => {
    const r = await send(`${t.base}/f1e/add`, { body: BODY, type: 'application/json' });
    assert.equal(
      r.text,
      '{"link":"/find?q=a&n=2","note":"Bob\'s <tag>","state":"open","items":[{"k":"x&y"}],"tmp":0,"cost":3.10}',
    );
  });

  it('remove and key rename write the body HTML-safe too', async () => {
    let r = await send(`${t.base}/f1e/drop`, { body: BODY, type: 'application/json' });
    assert.equal(
      r.text,
      '{"link":"/find?q\\u003da\\u0026n\\u003d2","note":"Bob\\u0027s \\u003ctag\\u003e","state":"open","items":[],"cost":3.10}',
    );
    r = await send(`${t.base}/f1e/rename`, { body: BODY, type: 'application/json' });
    assert.match(r.text, /"status":"open"/);
    assert.match(r.text, /\\u0026/);
  });
});
