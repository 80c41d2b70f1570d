/**
 * JSONPath text read as Jayway (MI's JSONPath library) reads it, over real HTTP: a path with neither $ nor @ is
 * `$.` + the path, and a bracket may follow a dot.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime: JSONPath as Jayway reads it', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'J.xml': api(
        'J',
        '/jw',
        `<payloadFactory media-type="json">
           <format>{"first":$1,"second":$2,"named":$3,"hit":$4}</format>
           <args>
             <arg evaluator="json" expression="library.shelf[0].title"/>
             <arg evaluator="json" expression="$.library.shelf.[1].title"/>
             <arg evaluator="json" expression="$.['owner name']"/>
             <arg evaluator="json" expression="$.library.shelf[?(@.title == 'Emma')])"/>
           </args>
         </payloadFactory>
         <respond/>`,
      ),
      'E.xml': api(
        'E',
        '/jw-enrich',
        `<property name="mail" value="new@example.org"/>
         <enrich><source type="property" property="mail"/><target xpath="json-eval(order.lines[0]mail)"/></enrich>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('reads a path without $, a bracket after a dot, and passes over a stray ) at the end', async () => {
    const body = JSON.stringify({
      library: { shelf: [{ title: 'Dune' }, { title: 'Emma' }] },
      'owner name': 'Ana',
    });
    const r = await send(`${t.base}/jw`, { body, type: 'application/json' });
    assert.equal(r.status, 200);
    // a string read by JSONPath goes in as its text, and MI writes the template's result as it is
    // (TemplateProcessor STRING_TYPE, JsonUtil.getNewJsonPayload keeps the stream)
    assert.equal(r.text, '{"first":Dune,"second":Emma,"named":Ana,"hit":[{"title":"Emma"}]}');
  });

  it('enriches a JSON target named without $ and with a name right after a bracket', async () => {
    const r = await send(`${t.base}/jw-enrich`, {
      body: JSON.stringify({ order: { lines: [{ mail: 'old@example.org', n: 1 }] } }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { order: { lines: [{ mail: 'new@example.org', n: 1 }] } });
  });
});
