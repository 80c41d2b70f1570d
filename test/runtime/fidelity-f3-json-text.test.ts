/**
 * json-eval($) taken as a string is the JSON body's text as it came while nothing changed it (MI's SynapseJsonPath
 * reads the JSON stream for the whole body): spacing, newlines, tabs and number text kept (found by helper G
 * running MI's PayloadFactoryXMLJSONTestCase). Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const JSON_TYPE = 'application/json';

describe('runtime fidelity (F3): the whole JSON body as text', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Saved.xml': api(
        'Saved',
        '/f3jt/saved',
        `<property name="original" expression="json-eval($)"/>
         <payloadFactory media-type="json"><format>{"saved":"$1"}</format><args><arg expression="$ctx:original" literal="true"/></args></payloadFactory>
         <respond/>`,
      ),
      'Arg.xml': api(
        'Arg',
        '/f3jt/arg',
        `<payloadFactory media-type="json"><format>{"raw":"$1"}</format><args><arg evaluator="json" expression="$" literal="true"/></args></payloadFactory>
         <respond/>`,
      ),
      'Changed.xml': api(
        'Changed',
        '/f3jt/changed',
        `<enrich><source type="inline" clone="true">"new"</source><target xpath="json-eval($.state)"/></enrich>
         <property name="after" expression="json-eval($)"/>
         <log level="custom"><property name="after" expression="$ctx:after"/></log>
         <respond/>`,
      ),
      'Logged.xml': api('Logged', '/f3jt/logged', `<log level="full"/><respond/>`),
    });
  });
  after(() => t.close());

  it('a property saved with json-eval($) holds the request text: spaces and number text as sent', async () => {
    const r = await send(`${t.base}/f3jt/saved`, { body: '{"who": "Ann",  "n": 1.50}', type: JSON_TYPE });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"saved":"{\\"who\\": \\"Ann\\",  \\"n\\": 1.50}"}');
  });

  it('newlines and tabs of the request are kept, then escaped inside the JSON string', async () => {
    const r = await send(`${t.base}/f3jt/saved`, { body: '{\n\t"code": "x-1"\n}', type: JSON_TYPE });
    assert.equal(r.text, '{"saved":"{\\n\\t\\"code\\": \\"x-1\\"\\n}"}');
    assert.deepEqual(r.json(), { saved: '{\n\t"code": "x-1"\n}' });
  });

  it('a json-evaluated $ argument is the text as received', async () => {
    const r = await send(`${t.base}/f3jt/arg`, { body: '{ "a":{ "b": [1, 2] } }', type: JSON_TYPE });
    assert.deepEqual(r.json(), { raw: '{ "a":{ "b": [1, 2] } }' });
  });

  it('once the body changed, json-eval($) is the new JSON as written', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f3jt/changed`, { body: '{ "state": "old",  "k": 2 }', type: JSON_TYPE });
    assert.equal(r.status, 200, r.text);
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.equal(line, 'after = {"state":"new","k":2}');
  });

  it('a full log shows the JSON payload as it came', async () => {
    t.logs.length = 0;
    await send(`${t.base}/f3jt/logged`, { body: '{ "x": 1.0,\n "y": "z" }', type: JSON_TYPE });
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.ok(line.endsWith('Payload: { "x": 1.0,\n "y": "z" }'), line);
  });
});
