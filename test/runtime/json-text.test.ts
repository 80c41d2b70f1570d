/**
 * A payloadFactory JSON result goes out as the text it generated while nothing changes it, as MI keeps it as the
 * message's JSON stream: numbers keep their digits (12.50, 10.0) and the template its spacing; reading it with an
 * expression does not change what is sent; a mediator that changes it writes the changed JSON. Real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const FORMAT = `{
  "order": $1,
  "price": 12.50,
  "rate": 10.0
}`;

describe('runtime: the text of a generated JSON payload', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok": true, "amount": 5.00}');
    });
    t = await startRuntime({
      'ToXml.xml': api(
        'ToXml',
        '/jt/xml',
        `<log level="custom"><property name="price" expression="//price"/></log>
         <property name="messageType" value="application/xml" scope="axis2"/>
         <respond/>`,
      ),
      'ToJson.xml': api(
        'ToJson',
        '/jt/json',
        `<property name="messageType" value="application/json" scope="axis2"/>
         <respond/>`,
      ),
      'Read.xml': api(
        'Read',
        '/jt/read',
        `<filter source="json-eval($.kind)" regex="order"><then><log level="custom"><property name="k" expression="json-eval($.kind)"/></log></then></filter>
         <call><endpoint><address uri="${backend.url}/in"/></endpoint></call>
         <log level="custom"><property name="amount" expression="json-eval($.amount)"/></log>
         <respond/>`,
      ),
      'AsIs.xml': api(
        'AsIs',
        '/jt/as-is',
        `<payloadFactory media-type="json"><format>${FORMAT}</format><args><arg expression="json-eval($.id)"/></args></payloadFactory>
         <log level="custom"><property name="price" expression="json-eval($.price)"/></log>
         <respond/>`,
      ),
      'Changed.xml': api(
        'Changed',
        '/jt/changed',
        `<payloadFactory media-type="json"><format>${FORMAT}</format><args><arg expression="json-eval($.id)"/></args></payloadFactory>
         <enrich><source type="inline" clone="true">total</source><target type="key" xpath="json-eval($.price)"/></enrich>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('goes out as generated (digits and spacing kept), even after an expression read it', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/jt/as-is`, { body: '{"id":7}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, FORMAT.replace('$1', '7'));
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.ok(
      t.logs.some((l) => l.message.includes('price = 12.5')),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('a mediator that changes it writes the changed JSON', async () => {
    const r = await send(`${t.base}/jt/changed`, { body: '{"id":8}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { order: 8, total: 12.5, rate: 10 });
  });

  it('a JSON body only read by expressions goes to the backend and back to the client as it came', async () => {
    backend.requests.length = 0;
    const body = '{ "kind": "order", "qty": 3.0 }';
    const r = await send(`${t.base}/jt/read`, { body, type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(backend.requests[0]?.body, body);
    assert.equal(r.text, '{"ok": true, "amount": 5.00}');
  });

  it('JSON converted to XML keeps the digits of its numbers (12.50, 1.0, a 20-digit id)', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/jt/xml`, {
      body: '{"price": 12.50, "qty": 2, "rates": [1.0], "id": 12345678901234567890}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.text,
      '<jsonObject><price>12.50</price><qty>2</qty><rates>1.0</rates><id>12345678901234567890</id></jsonObject>',
    );
    assert.ok(t.logs.some((l) => l.message.includes('price = 12.50')));
  });

  it('XML converted to JSON writes numbers as MI does (Java BigDecimal of the text: 10.0, a 20-digit id, 1E+3)', async () => {
    const r = await send(`${t.base}/jt/json`, {
      body: '<order><price>10.0</price><id>12345678901234567890</id><qty>2</qty><sci>1e3</sci><name>x</name></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"order":{"price":10.0,"id":12345678901234567890,"qty":2,"sci":1E+3,"name":"x"}}');
  });
});
