/**
 * JSON <-> XML conversion with Micro Integrator's rules (reference/expressions.md section 6; MI's XML view of JSON
 * has no <?xml-multiple?>: JsonDataSource.getReader, JsonUtil.isPiEnabled() false by default, JsonDataSourceTest).
 */
import assert from 'node:assert/strict';
import { jsonToXml, xmlToJson } from '../../runtime-debug/engine/jsonxml';
import { Payload } from '../../runtime-debug/engine/payload';
import { serializeXml } from '../../runtime-debug/engine/payloadXml';
import { api, send, startRuntime } from './helpers';

const limits = { maxBytes: 1 << 20, maxDepth: 1000 };
const x = (v: unknown) => serializeXml(jsonToXml(v));
const roundTrip = (v: unknown) => xmlToJson(jsonToXml(v));

describe('runtime: JSON <-> XML', () => {
  it('a root object becomes <jsonObject>, scalars become text', () => {
    assert.equal(x({ a: 1, b: 'two', c: true }), '<jsonObject><a>1</a><b>two</b><c>true</c></jsonObject>');
  });
  it('arrays become repeated elements with no <?xml-multiple?> (MI JsonDataSource default); an empty array, none', () => {
    assert.equal(x({ k: [1, 2] }), '<jsonObject><k>1</k><k>2</k></jsonObject>');
    assert.equal(x({ k: [], m: 1 }), '<jsonObject><m>1</m></jsonObject>');
  });
  it('a root array becomes <jsonArray><jsonElement>', () => {
    assert.equal(
      x([1, { a: 2 }]),
      '<jsonArray><jsonElement>1</jsonElement><jsonElement><a>2</a></jsonElement></jsonArray>',
    );
  });
  it('null and empty objects are empty elements; digit and $ keys are prefixed', () => {
    assert.equal(
      x({ n: null, o: {}, '1st': 1, $ref: 'r' }),
      '<jsonObject><n/><o/><_JsonReader_PD_1st>1</_JsonReader_PD_1st><_JsonReader_PS_ref>r</_JsonReader_PS_ref></jsonObject>',
    );
  });
  it('round-trips objects, arrays of two or more, nested arrays, numbers, booleans', () => {
    const v = {
      a: [1, 2],
      c: {
        d: [
          [1, 2],
          [3, 4],
        ],
      },
      e: 1.5,
      f: false,
      g: 'text',
      '1x': 2,
      $s: 3,
    };
    assert.deepEqual(roundTrip(v), v);
    assert.deepEqual(roundTrip([{ a: 1 }, { a: 2 }]), [{ a: 1 }, { a: 2 }]);
  });
  it('an array of one comes back as its value and an empty array is gone, as in MI (no <?xml-multiple?>)', () => {
    const v = { a: [1], b: [], c: { d: [[1, 2], [3]] }, e: [[5]] };
    assert.deepEqual(roundTrip(v), { a: 1, c: { d: [[1, 2], 3] }, e: 5 });
  });
  it('a scalar JSON payload is a <jsonValue> element and comes back as the scalar', () => {
    assert.equal(x(5), '<jsonValue>5</jsonValue>');
    assert.equal(roundTrip('abc'), 'abc');
    assert.equal(roundTrip(true), true);
  });
  it('null round-trips as null (empty element)', () => {
    assert.deepEqual(roundTrip({ n: null }), { n: null });
  });
  it('plain XML to JSON: root as key, repeated siblings as arrays, attributes @, text $, namespaces dropped', () => {
    const p = new Payload(
      'application/xml',
      Buffer.from(
        '<m:order xmlns:m="urn:m" id="7"><m:item>a</m:item><m:item>b</m:item><qty>2</qty><note kind="x">hi</note><empty/></m:order>',
      ),
      limits,
    );
    assert.deepEqual(p.json(), {
      order: { '@id': '7', item: ['a', 'b'], qty: 2, note: { '@kind': 'x', $: 'hi' }, empty: null },
    });
  });
  it('a JSON payload is seen by XPath as jsonObject inside the SOAP body', () => {
    const p = new Payload('application/json', Buffer.from('{"a":{"b":[1,2]}}'), limits);
    assert.equal(
      serializeXml(p.body()),
      '<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><jsonObject><a><b>1</b><b>2</b></a></jsonObject></soapenv:Body>',
    );
  });
  it('over HTTP: messageType switches JSON to XML and XML to JSON', async () => {
    const t = await startRuntime({
      'ToXml.xml': api(
        'ToXml',
        '/to-xml',
        `<log level="custom"><property name="b" expression="//b[2]"/></log><property name="messageType" value="application/xml" scope="axis2"/><respond/>`,
      ),
      'ToJson.xml': api(
        'ToJson',
        '/to-json',
        `<property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
    });
    try {
      let r = await send(`${t.base}/to-xml`, { body: '{"a":{"b":[1,2]}}', type: 'application/json' });
      assert.equal(r.text, '<jsonObject><a><b>1</b><b>2</b></a></jsonObject>');
      assert.match(t.logs.find((l) => l.category === 'LogMediator')!.message, /b = 2$/);
      r = await send(`${t.base}/to-json`, { body: '<r><v>1</v><v>x</v></r>', type: 'application/xml' });
      assert.deepEqual(r.json(), { r: { v: [1, 'x'] } });
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    } finally {
      await t.close();
    }
  });
});
