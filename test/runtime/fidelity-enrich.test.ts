/**
 * Enrich as Micro Integrator does it (facts from wso2-synapse EnrichMediator, Source and Target): the native JSON
 * mode (string properties parsed as JSON, JSON text into properties, clone="false" moves, key renames, remove from the
 * body or a property, what MI refuses leaves the payload alone) and the XML body rules. Real HTTP, our fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity: enrich', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Restore.xml': api(
        'Restore',
        '/fe/restore',
        `<property name="saved" expression="json-eval($.order)"/>
         <payloadFactory media-type="json"><format>{"other":true}</format></payloadFactory>
         <enrich><source type="property" property="saved"/><target type="body"/></enrich><respond/>`,
      ),
      'ToProp.xml': api(
        'ToProp',
        '/fe/to-prop',
        `<enrich><source type="custom" xpath="json-eval($.name)"/><target type="property" property="n"/></enrich>
         <enrich><source type="body"/><target type="property" property="all"/></enrich>
         <log level="custom"><property name="n" expression="$ctx:n"/><property name="all" expression="$ctx:all"/></log><respond/>`,
      ),
      'Move.xml': api(
        'Move',
        '/fe/move',
        `<enrich><source type="custom" clone="false" xpath="json-eval($.a.tmp)"/><target type="custom" action="child" xpath="json-eval($.b)"/></enrich><respond/>`,
      ),
      'Rename.xml': api(
        'Rename',
        '/fe/rename',
        `<enrich><source type="inline" clone="true">fullName</source><target type="key" xpath="json-eval($.user.name)"/></enrich><respond/>`,
      ),
      'Refused.xml': api(
        'Refused',
        '/fe/refused',
        `<enrich><source type="inline" clone="true">{"x":1}</source><target type="body" action="child"/></enrich>
         <enrich><source type="inline" clone="true">5</source><target type="body"/></enrich><respond/>`,
      ),
      'RemoveProp.xml': api(
        'RemoveProp',
        '/fe/remove-prop',
        `<property name="p" value='{"keep":1,"drop":2}'/>
         <enrich><source type="custom" xpath="json-eval($.drop)"/><target type="property" action="remove" property="p"/></enrich>
         <payloadFactory media-type="json"><format>{"p":$1}</format><args><arg expression="$ctx:p"/></args></payloadFactory><respond/>`,
      ),
      'XmlText.xml': api(
        'XmlText',
        '/fe/xml-text',
        `<property name="txt" value="plain"/><enrich><source type="property" property="txt"/><target type="body"/></enrich><respond/>`,
      ),
      'XmlToJson.xml': api(
        'XmlToJson',
        '/fe/xml-json',
        `<property name="js" value='{"made":"json"}'/><enrich><source type="property" property="js"/><target type="body"/></enrich>
         <property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a property saved with json-eval goes back to the body as JSON (not as a string)', async () => {
    const r = await send(`${t.base}/fe/restore`, {
      body: '{"order":{"id":3,"items":[1]}}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { id: 3, items: [1] });
  });

  it('a JSON source stored in a property is its JSON text (a string keeps its quotes)', async () => {
    t.logs.length = 0;
    await send(`${t.base}/fe/to-prop`, { body: '{"name":"Ann"}', type: 'application/json' });
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.equal(line, 'n = "Ann", all = {"name":"Ann"}');
  });

  it('clone="false" moves the value; action child merges into an object', async () => {
    const r = await send(`${t.base}/fe/move`, {
      body: '{"a":{"tmp":{"k":1},"stay":true},"b":{"old":0}}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { a: { stay: true }, b: { old: 0, k: 1 } });
  });

  it('target type key renames a JSON key, the renamed member last (Jayway renameInMap: set then remove)', async () => {
    const r = await send(`${t.base}/fe/rename`, {
      body: '{"user":{"id":1,"name":"Bo","age":3}}',
      type: 'application/json',
    });
    assert.equal(r.text, '{"user":{"id":1,"age":3,"fullName":"Bo"}}');
  });

  it('what MI refuses on a JSON body (child on the body, a scalar body) is logged and changes nothing', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/fe/refused`, { body: '{"keep":true}', type: 'application/json' });
    assert.deepEqual(r.json(), { keep: true });
    const errors = t.logs.filter((l) => l.category === 'EnrichMediator' && l.level === 'ERROR');
    assert.equal(errors.length, 2);
  });

  it('remove deletes the source path from the JSON held by a property', async () => {
    const r = await send(`${t.base}/fe/remove-prop`, { body: '{}', type: 'application/json' });
    assert.deepEqual(r.json(), { p: { keep: 1 } });
  });

  // (a text is set with Axiom 1.2.11's OMElement.setText: only the first text child goes, the elements stay and the text
  // is appended; the session 17 mi-run harness answers <r><a>1</a>plain</r>)
  it('XML body: a text source is set as the root text (its elements stay); a JSON text source becomes the JSON payload', async () => {
    let r = await send(`${t.base}/fe/xml-text`, { body: '<r><a>1</a></r>', type: 'application/xml' });
    assert.equal(r.text, '<r><a>1</a>plain</r>');
    r = await send(`${t.base}/fe/xml-json`, { body: '<r><a>1</a></r>', type: 'application/xml' });
    assert.deepEqual(r.json(), { made: 'json' });
  });
});
