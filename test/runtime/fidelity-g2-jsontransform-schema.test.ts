/**
 * jsontransform with a schema MI's JsonProcessor refuses at its root, and a missing schema: the fault carries MI's
 * own message text (people grep their logs for it). Facts from Synapse JsonProcessor.parseJson and
 * JSONTransformMediator: a non-empty object schema without a top-level "type" is refused ("JSON schema should
 * contain a type declaration"), `{}` and `true` keep the payload, `false` is refused, text that does not parse is
 * "Invalid JSON schema", and an absent key is "Schema does not exist in the specified location : KEY". Found by
 * helper G2 replaying MI's JSONTransformJSONSchemaTestCases (4 of 6 differed). Our own fixtures.
 */
import assert from 'node:assert/strict';
import { NS, api, send, startRuntime, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const entry = (key: string, text: string) =>
  `<localEntry ${NS} key="${key}"><![CDATA[${text}]]></localEntry>`;

describe('runtime fidelity (G2): jsontransform schema root checks as MI', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'NoType.xml': entry('g2NoType', '{"properties": {"qty": {"type": "integer"}}}'),
      'Broken.xml': entry('g2Broken', '{"type": "object", "properties": {"qty": '),
      'False.xml': entry('g2False', 'false'),
      'Empty.xml': entry('g2Any', '{ }'),
      'Typed.xml': entry('g2Typed', '{"type": "object", "properties": {"qty": {"type": "integer"}}}'),
      'Nil.xml': api(
        'G2Nil',
        '/g2/nil',
        `<property name="messageType" scope="axis2" value="application/json"/>
         <jsontransform>
           <property name="synapse.commons.enableXmlNilReadWrite" value="true"/>
           <property name="synapse.commons.enableXmlNullForEmptyElement" value="false"/>
         </jsontransform><respond/>`,
      ),
      'NilOff.xml': api(
        'G2NilOff',
        '/g2/niloff',
        `<jsontransform><property name="synapse.commons.json.output.autoPrimitive" value="true"/></jsontransform><respond/>`,
      ),
      'Nc.xml': api(
        'G2Nc',
        '/g2/nc',
        `<jsontransform><property name="synapse.commons.json.buildValidNCNames" value="true"/></jsontransform><respond/>`,
      ),
      'Ns.xml': api(
        'G2Ns',
        '/g2/ns',
        `<jsontransform>
           <property name="synapse.commons.json.preserve.namespace" value="true"/>
           <property name="synapse.commons.json.output.enableNSDeclarations" value="true"/>
           <property name="synapse.commons.json.output.namespaceSepChar" value="~"/>
         </jsontransform><respond/>`,
      ),
      'NsKeep.xml': api(
        'G2NsKeep',
        '/g2/nskeep',
        `<jsontransform><property name="synapse.commons.json.preserve.namespace" value="true"/></jsontransform><respond/>`,
      ),
      'Api.xml': api(
        'G2Jt',
        '/g2/jt',
        `<jsontransform schema="{get-property('schemaKey')}"/><respond/>`,
        'methods="POST" uri-template="/{key}"',
      ).replace('<inSequence>', `<inSequence><property name="schemaKey" expression="$ctx:uri.var.key"/>`),
    });
  });
  after(() => t.close());

  const post = (key: string) =>
    send(`${t.base}/g2/jt/${key}`, { body: '{"qty": "7"}', type: 'application/json' });

  it("an object schema without a top-level type is refused with MI's message", async () => {
    const n = t.logs.length;
    const r = await post('g2NoType');
    assert.equal(r.status, 202);
    assert.match(loggedSince(t.logs, n), /JSON schema should contain a type declaration/);
  });

  it('a schema that does not parse is "Invalid JSON schema"; false is refused', async () => {
    let n = t.logs.length;
    const broken = await post('g2Broken');
    assert.equal(broken.status, 202);
    assert.match(loggedSince(t.logs, n), /Invalid JSON schema/);
    n = t.logs.length;
    const no = await post('g2False');
    assert.equal(no.status, 202);
    assert.match(loggedSince(t.logs, n), /JSON schema is false, so all validations will fail/);
  });

  it('a missing key names it as MI does; an empty object schema keeps the payload; a typed one corrects it', async () => {
    const n = t.logs.length;
    const missing = await post('g2Nowhere');
    assert.equal(missing.status, 202);
    assert.match(loggedSince(t.logs, n), /Schema does not exist in the specified location : g2Nowhere/);
    assert.deepEqual((await post('g2Any')).json(), { qty: '7' });
    assert.deepEqual((await post('g2Typed')).json(), { qty: 7 });
  });

  it('enableXmlNilReadWrite: an xsi:nil element becomes null, an empty one "" (enableXmlNullForEmptyElement=false)', async () => {
    const body =
      '<parcel xmlns:x="http://www.w3.org/2001/XMLSchema-instance"><ref>9</ref><note x:nil="true"/><tag/><code>042</code></parcel>';
    const on = await send(`${t.base}/g2/nil`, { body, type: 'application/xml' });
    assert.equal(on.status, 200);
    assert.deepEqual(on.json(), { parcel: { ref: 9, note: null, tag: '', code: '042' } });
    // without the property the attribute stays a key and an empty element is null (MI's defaults)
    const off = await send(`${t.base}/g2/niloff`, { body, type: 'application/xml' });
    assert.deepEqual(off.json(), { parcel: { ref: 9, note: { '@nil': 'true' }, tag: null, code: '042' } });
  });

  it('buildValidNCNames: _JsonReader_<code>_ in element names turns back into the character', async () => {
    const body =
      '<unit_JsonReader_32_price><per_JsonReader_45_kg>3</per_JsonReader_45_kg><odd_JsonReader_x_>1</odd_JsonReader_x_></unit_JsonReader_32_price>';
    const r = await send(`${t.base}/g2/nc`, { body, type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { 'unit price': { 'per-kg': 3, odd_JsonReader_x_: 1 } });
  });

  it('preserve.namespace / enableNSDeclarations / namespaceSepChar: prefixed keys and @xmlns declarations', async () => {
    const body =
      '<inv:crate xmlns:inv="urn:g2:inventory"><inv:label>Figs</inv:label><count>4</count></inv:crate>';
    const r = await send(`${t.base}/g2/ns`, { body, type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"inv~crate":{"@xmlns~inv":"urn:g2:inventory","inv~label":"Figs","count":4}}');
    const keep = await send(`${t.base}/g2/nskeep`, { body, type: 'application/xml' });
    assert.equal(keep.text, '{"inv_crate":{"inv_label":"Figs","count":4}}');
  });
});
