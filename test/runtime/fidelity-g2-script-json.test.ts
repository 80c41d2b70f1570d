/**
 * The script mediator's JSON helpers mc.setJsonText / mc.getJsonText / mc.setJsonObject / mc.jsonObject (facts from
 * Synapse's Nashorn/GraalVM script message contexts: they keep the values in the message properties JSON_TEXT and
 * JSON_OBJECT; getJsonText gives "{}" when none is set; jsonObject gives the saved object, or the JSON payload MI
 * parses before each script run). Found by helper G2 replaying MI's NativeJsonSupportByNashornJsTestCase: ours
 * failed with "mc.setJsonText is not a function". Our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity (G2): script JSON text/object helpers', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Text.xml': api(
        'G2Text',
        '/g2/script/text',
        `<script language="nashornJs"><![CDATA[
           var src = mc.getPayloadJSON();
           var card = { title: src.book.title, pages: src.book.pages };
           var saved = mc.setJsonText(mc, JSON.stringify(card));
           mc.setProperty("kept", mc.getJsonText());
           mc.setProperty("savedFlag", String(saved));
           mc.setPayloadJSON(JSON.parse(mc.getJsonText()));
         ]]></script>
         <log level="custom"><property name="KEPT" expression="get-property('kept')"/><property name="FLAG" expression="get-property('savedFlag')"/></log>
         <respond/>`,
      ),
      'Empty.xml': api(
        'G2Empty',
        '/g2/script/empty',
        `<script language="js"><![CDATA[
           mc.setJsonText(mc, null);
           var o = JSON.parse(mc.getJsonText());
           mc.setJsonObject(mc, o);
           mc.setPayloadJSON({ got: mc.jsonObject(mc), noCtx: mc.setJsonText(null, "x") });
         ]]></script><respond/>`,
      ),
      'Obj.xml': api(
        'G2Obj',
        '/g2/script/obj',
        `<script language="js"><![CDATA[
           var before = mc.jsonObject(mc);
           mc.setJsonObject(mc, { replaced: true, from: before.shelf });
           mc.setPayloadJSON(mc.jsonObject(mc));
         ]]></script><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('setJsonText/getJsonText round-trip the text through the JSON_TEXT property', async () => {
    const r = await send(`${t.base}/g2/script/text`, {
      body: '{"book": {"title": "Tides", "pages": 212, "isbn": "x-1"}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { title: 'Tides', pages: 212 });
    const line = t.logs.find((l) => l.message.startsWith('KEPT = '));
    assert.equal(line?.message, 'KEPT = {"title":"Tides","pages":212}, FLAG = true');
  });

  it('getJsonText gives "{}" after a null text; setJsonText(null, ..) answers false; jsonObject gives the saved object', async () => {
    const r = await send(`${t.base}/g2/script/empty`, { body: '{"a": 1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { got: {}, noCtx: false });
  });

  it('jsonObject gives the request JSON until setJsonObject replaces it', async () => {
    const r = await send(`${t.base}/g2/script/obj`, { body: '{"shelf": "B4"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { replaced: true, from: 'B4' });
  });
});
