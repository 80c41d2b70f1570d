/**
 * payloadFactory examples of MI 4.4's documentation (default template with inline `${...}`), with our own names and
 * payloads, over real HTTP. The namespace cases follow how MI turns the inline format into text
 * (PayloadFactoryMediatorFactory: `copy.getFirstElement().toString()`) and Axiom's serializer
 * (OMSerializerUtil.serializeStartpart/generateSetPrefix): an unprefixed element of the format is in the Synapse
 * namespace and gets `xmlns="http://ws.apache.org/ns/synapse"` on itself, the first element that needs it (not on a
 * prefixed root); `xmlns=""` keeps it out ("Suppressing the namespace"), and is not written where no default
 * namespace is in scope (isAssociated).
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity D1 s7: payloadFactory examples of the documentation', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'PfNumbers.xml': api(
        'PfNumbers',
        '/d1s7/pf-numbers',
        `<payloadFactory media-type="json"><format>{"Sum": {"L": \${payload.kit.left}, "R": \${payload.kit.right}}}</format></payloadFactory><respond/>`,
      ),
      'PfInner.xml': api(
        'PfInner',
        '/d1s7/pf-inner',
        `<payloadFactory media-type="xml"><format><d:find xmlns:d="http://dir.example/d"><uid>\${payload.id}</uid><d:scope>all</d:scope></d:find></format></payloadFactory><respond/>`,
      ),
      'PfSuppressed.xml': api(
        'PfSuppressed',
        '/d1s7/pf-suppressed',
        `<payloadFactory media-type="xml"><format><d:find xmlns:d="http://dir.example/d"><uid xmlns="">\${payload.id}</uid></d:find></format></payloadFactory><respond/>`,
      ),
      'PfPlainRoot.xml': api(
        'PfPlainRoot',
        '/d1s7/pf-plain-root',
        `<payloadFactory media-type="xml"><format><slip><code>\${payload.id}</code></slip></format></payloadFactory><respond/>`,
      ),
      'PfXmlAsText.xml': api(
        'PfXmlAsText',
        '/d1s7/pf-xml-text',
        `<payloadFactory media-type="json"><format>{"asText" : "\${xpath('//dog')}", "asJson": \${xpath('//dog')}}</format></payloadFactory><respond/>`,
      ),
      'PfObjText.xml': api(
        'PfObjText',
        '/d1s7/pf-obj-text',
        `<payloadFactory media-type="json"><format> { "msg":{ "asString": "\${payload.blob}" } }</format></payloadFactory><respond/>`,
      ),
      'PfAttr.xml': api(
        'PfAttr',
        '/d1s7/pf-attr',
        `<property name="orig" value="hello body"/><payloadFactory media-type="xml"><format><root xmlns=""><one>ABC</one><file xmlns="http://org.apache.axis2/xsd/form-data" name="f1" filename="\${headers.X-File}">\${properties.synapse.orig}</file></root></format></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a JSON template takes bare ${} numbers, and a numeric string as a number', async () => {
    const r = await send(`${t.base}/d1s7/pf-numbers`, {
      body: '{"kit":{"left":11,"right":"7"}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"Sum": {"L": 11, "R": 7}}');
  });

  it('an unprefixed element under a prefixed root gets the Synapse namespace on itself', async () => {
    const r = await send(`${t.base}/d1s7/pf-inner`, { body: '{"id":"u-9"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      '<d:find xmlns:d="http://dir.example/d"><uid xmlns="http://ws.apache.org/ns/synapse">u-9</uid><d:scope>all</d:scope></d:find>',
    );
  });

  it('xmlns="" keeps the element out of the Synapse namespace (and is not written where nothing is to undo)', async () => {
    const r = await send(`${t.base}/d1s7/pf-suppressed`, { body: '{"id":"u-9"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<d:find xmlns:d="http://dir.example/d"><uid>u-9</uid></d:find>');
  });

  it('an unprefixed root declares the Synapse namespace once, for its children too', async () => {
    const r = await send(`${t.base}/d1s7/pf-plain-root`, { body: '{"id":"u-9"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<slip xmlns="http://ws.apache.org/ns/synapse"><code>u-9</code></slip>');
  });

  it('"${xpath(...)}" in quotes is the XML as a string; unquoted it is the XML as JSON', async () => {
    const r = await send(`${t.base}/d1s7/pf-xml-text`, {
      body: '<dog><name>Rex</name><age>4</age></dog>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), {
      asText: '<dog><name>Rex</name><age>4</age></dog>',
      asJson: { dog: { name: 'Rex', age: 4 } },
    });
  });

  it('"${payload.obj}" in quotes is the JSON object as an escaped string', async () => {
    const r = await send(`${t.base}/d1s7/pf-obj-text`, {
      body: '{"blob":{"a":1,"b":"two"}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { msg: { asString: '{"a":1,"b":"two"}' } });
  });

  it('${} in an attribute of the format and a property in the text (the multipart example)', async () => {
    const r = await send(`${t.base}/d1s7/pf-attr`, {
      body: '{"x":1}',
      type: 'application/json',
      headers: { 'X-File': 'notes.txt' },
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      '<root><one>ABC</one><file xmlns="http://org.apache.axis2/xsd/form-data" name="f1" filename="notes.txt">hello body</file></root>',
    );
  });
});
