/**
 * Text payloads seen as JSON, and `$url:` query parameters, as Micro Integrator 4.4 does them (facts from
 * wso2-synapse: a text/plain body is built into the text wrapper element, which JsonUtil writes like any element, so
 * its JSON is {"text": ...} for the JSON formatter, json-eval and ${payload}; SynapseXPathVariableContext reads
 * `$url:name` from the To address, first parameter equal ignoring case, %XX decoded). Real HTTP, our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity (F1): text payloads as JSON, $url: parameters', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'TextJson.xml': api(
        'TextJson',
        '/f1/text-json',
        `<log level="custom"><property name="eval" expression="json-eval($.text)"/><property name="expr" expression="\${payload.text}"/></log>
         <property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
      'Note.xml': api(
        'Note',
        '/f1/note',
        `<payloadFactory media-type="text"><format>total=$1</format><args><arg expression="//total"/></args></payloadFactory>
         <property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
      'Url.xml': api(
        'Url',
        '/f1/url',
        `<log level="custom"><property name="limit" expression="$url:LIMIT"/><property name="q" expression="$url:q"/><property name="none" expression="$url:missing"/></log><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a text/plain body written as JSON is {"text": ...}; json-eval and ${payload} read it so', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1/text-json`, { body: 'plain words', type: 'text/plain' });
    assert.equal(r.text, '{"text":"plain words"}');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(
      t.logs.find((l) => l.category === 'LogMediator')!.message,
      'eval = plain words, expr = plain words',
    );
  });

  it('text that looks like JSON stays text inside the wrapper', async () => {
    const r = await send(`${t.base}/f1/text-json`, { body: '{"a":1}', type: 'text/plain' });
    assert.deepEqual(r.json(), { text: '{"a":1}' });
  });

  it('a text payloadFactory result sent as JSON', async () => {
    const r = await send(`${t.base}/f1/note`, {
      body: '<bill><total>42</total></bill>',
      type: 'application/xml',
    });
    assert.equal(r.text, '{"text":"total=42"}');
  });

  it('$url: matches the parameter name ignoring case, the first one wins, %XX decoded, + kept', async () => {
    t.logs.length = 0;
    await send(`${t.base}/f1/url?Limit=5&limit=9&q=a%20b+c`);
    assert.equal(t.logs.find((l) => l.category === 'LogMediator')!.message, 'limit = 5, q = a b+c, none = ');
  });
});
