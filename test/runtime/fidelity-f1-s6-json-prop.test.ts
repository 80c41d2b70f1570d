/**
 * A property of type JSON holds a Gson JsonElement in MI (PropertyMediator.buildJSONElement: JsonParser.parse, the
 * text enclosed in quotes when it does not parse). A JSON string is a JsonPrimitive; every reader that prints the
 * property object prints JsonElement.toString(), which keeps the quotes: SynapseXPath.stringValueOf (`$ctx:`,
 * get-property, a log property, a payloadFactory argument). `${props.x}` reads value.toString() too
 * (HeadersAndPropertiesAccessNode) but ExpressionResult.asString() drops one pair of surrounding quotes, so it
 * prints the bare word. A JSON enrich takes the element itself (the string). A variable of type JSON read by
 * `${vars.x}` gives getAsString (no quotes). Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity F1 s6: a JSON-typed property holding a JSON string', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'JsonWord.xml': api(
        'JsonWord',
        '/f1s6/jword',
        `<property name="colour" type="JSON" value="teal"/>
         <property name="spaced" type="JSON" value="deep teal"/>
         <property name="fromPath" type="JSON" expression="json-eval($.shade)"/>
         <property name="num" type="JSON" value="42"/>
         <property name="obj" type="JSON" value='{"k":"v"}'/>
         <variable name="vword" type="JSON" value="teal"/>
         <log level="custom"><property name="ctx" expression="$ctx:colour"/><property name="gp" expression="get-property('spaced')"/><property name="path" expression="$ctx:fromPath"/><property name="num" expression="$ctx:num"/><property name="obj" expression="$ctx:obj"/></log>
         <log level="custom"><property name="props" expression="\${props.colour}"/><property name="joined" expression="\${props.colour + '!'}"/><property name="vars" expression="\${vars.vword}"/></log>
         <payloadFactory media-type="json"><format>{"c":"$1","fromProp":null}</format><args><arg evaluator="xml" expression="$ctx:colour"/></args></payloadFactory>
         <enrich><source type="property" property="colour"/><target type="custom" xpath="json-eval($.fromProp)"/></enrich>
         <respond/>`,
      ),
      'JsonWordXml.xml': api(
        'JsonWordXml',
        '/f1s6/jword-xml',
        `<property name="colour" type="JSON" value="teal"/>
         <enrich><source type="property" property="colour"/><target xpath="//paint/name"/></enrich>
         <filter source="$ctx:colour" regex="&quot;teal&quot;"><then><property name="seen" value="quoted"/></then><else><property name="seen" value="bare"/></else></filter>
         <log level="custom"><property name="seen" expression="$ctx:seen"/></log>
         <respond/>`,
      ),
      'JsonTreeXml.xml': api(
        'JsonTreeXml',
        '/f1s6/jtree-xml',
        `<property name="shape" type="JSON" value='{"sides":4,"tags":["flat","even"]}'/>
         <filter source="$trp:X-Target" regex="body"><then><enrich><source type="property" property="shape"/><target type="body"/></enrich></then>
         <else><enrich><source type="property" property="shape"/><target xpath="//kit/shape"/></enrich></else></filter>
         <respond/>`,
      ),
      'JsonNullProp.xml': api(
        'JsonNullProp',
        '/f1s6/jnull',
        `<property name="none" type="JSON" value="null"/>
         <payloadFactory media-type="xml"><format><seen xmlns=""><ctx>$1</ctx><props>$2</props></seen></format>
           <args><arg expression="$ctx:none"/><arg expression="\${props.none}"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('prints the string with its quotes where MI prints the JsonPrimitive', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/jword`, { body: '{"shade":"olive"}', type: 'application/json' });
    assert.equal(r.status, 200);
    const lines = t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message);
    assert.deepEqual(lines, [
      'ctx = "teal", gp = "deep teal", path = "olive", num = 42, obj = {"k":"v"}',
      'props = teal, joined = teal!, vars = teal',
    ]);
    assert.deepEqual(JSON.parse(r.text), { c: '"teal"', fromProp: 'teal' });
  });

  it('goes into XML as the quoted text, and a filter regex sees the quotes', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/jword-xml`, {
      body: '<paint><name>x</name></paint>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<paint><name>"teal"</name></paint>');
    const lines = t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message);
    assert.deepEqual(lines, ['seen = quoted']);
  });

  it('an object or array goes into XML as its JSON text; replacing the body with it makes a JSON payload', async () => {
    // Source.evaluate: createOMText(o.toString()); Target.insertElement sets a replaced element's text, and
    // insertElementToBody turns text that parses as a JSON object or array into the JSON payload
    const r = await send(`${t.base}/f1s6/jtree-xml`, {
      body: '<kit><shape>none</shape></kit>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<kit><shape>{"sides":4,"tags":["flat","even"]}</shape></kit>');
    const b = await send(`${t.base}/f1s6/jtree-xml`, {
      body: '<kit><shape>none</shape></kit>',
      type: 'application/xml',
      headers: { 'X-Target': 'body' },
    });
    assert.equal(b.status, 200);
    assert.match(b.text, /^<jsonObject><sides>4<\/sides>/);
    assert.match(b.text, /<tags>flat<\/tags><tags>even<\/tags><\/jsonObject>$/);
  });

  it('JSON null is a value: $ctx: and ${props} print null', async () => {
    // buildJSONElement("null") is Gson's JsonNull.INSTANCE, not Java null: SynapseXPath prints its toString()
    const r = await send(`${t.base}/f1s6/jnull`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<seen><ctx>null</ctx><props>null</props></seen>');
  });
});
