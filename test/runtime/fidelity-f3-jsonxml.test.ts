/**
 * XML -> JSON as MI's JSON writer does it for the wrapper names: a jsonObject / jsonArray / jsonElement element that
 * is the first (and only) name inside an element loses its name, its value takes the element's place; repeated
 * wrappers become the array itself (found running MI's aggregate tests over JSON backends). Our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const TO_JSON = `<property name="messageType" value="application/json" scope="axis2"/><respond/>`;

describe('runtime fidelity (F3): JSON wrapper names inside XML written as JSON', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    // a JSON backend answering {"shelf": "<id>"} for /stock/<id>
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ shelf: `s-${(req.url ?? '').split('/').pop()}` }));
    });
    t = await startRuntime({
      'OneWrapped.xml': api(
        'OneWrapped',
        '/f3jx/one',
        `<payloadFactory media-type="xml"><format><box xmlns=""><jsonObject><label>tea</label><qty>3</qty></jsonObject></box></format><args/></payloadFactory>${TO_JSON}`,
      ),
      'TwoWrapped.xml': api(
        'TwoWrapped',
        '/f3jx/two',
        `<payloadFactory media-type="xml"><format><box xmlns=""><jsonObject><qty>1</qty></jsonObject><jsonObject><qty>2</qty></jsonObject></box></format><args/></payloadFactory>${TO_JSON}`,
      ),
      'ArrWrapped.xml': api(
        'ArrWrapped',
        '/f3jx/arr',
        `<payloadFactory media-type="xml"><format><box xmlns=""><jsonArray><?xml-multiple jsonElement?><jsonElement>7</jsonElement><jsonElement>8</jsonElement></jsonArray></box></format><args/></payloadFactory>${TO_JSON}`,
      ),
      'Deep.xml': api(
        'Deep',
        '/f3jx/deep',
        `<payloadFactory media-type="xml"><format><outer xmlns=""><inner><jsonObject><jsonElement>x</jsonElement></jsonObject></inner></outer></format><args/></payloadFactory>${TO_JSON}`,
      ),
      'NotFirst.xml': api(
        'NotFirst',
        '/f3jx/not-first',
        `<payloadFactory media-type="xml"><format><box xmlns=""><tag>a</tag><jsonObject><k>v</k></jsonObject></box></format><args/></payloadFactory>${TO_JSON}`,
      ),
      'WithAttr.xml': api(
        'WithAttr',
        '/f3jx/attr',
        `<payloadFactory media-type="xml"><format><box xmlns="" id="b1"><jsonObject><k>v</k></jsonObject></box></format><args/></payloadFactory>${TO_JSON}`,
      ),
      // iterate over ids, call a JSON backend per id, aggregate the jsonObject of each answer into an enclosing element
      'Gather.xml': api(
        'Gather',
        '/f3jx/gather',
        `<property name="holder" type="OM"><g:shelves xmlns:g="urn:example:gather"/></property>
         <iterate expression="json-eval($.ids)" sequential="true"><target><sequence>
           <property name="uri.var.id" expression="json-eval($)"/>
           <call><endpoint><http method="get" uri-template="${backend.url}/stock/{uri.var.id}"/></endpoint></call>
         </sequence></target></iterate>
         <aggregate><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
           <onComplete expression="//jsonObject" enclosingElementProperty="holder"><respond/></onComplete></aggregate>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('a lone jsonObject inside an element: its content becomes the element value', async () => {
    const r = await send(`${t.base}/f3jx/one`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"box":{"label":"tea","qty":3}}');
  });

  it('repeated jsonObject siblings: the array is the element value', async () => {
    const r = await send(`${t.base}/f3jx/two`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"box":[{"qty":1},{"qty":2}]}');
  });

  it('a nested jsonArray of jsonElements: the values as the array', async () => {
    const r = await send(`${t.base}/f3jx/arr`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"box":[7,8]}');
  });

  it('wrappers inside wrappers at any depth go too', async () => {
    const r = await send(`${t.base}/f3jx/deep`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"outer":{"inner":"x"}}');
  });

  it('a wrapper name that is not the first name of its object stays a key', async () => {
    const r = await send(`${t.base}/f3jx/not-first`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"box":{"tag":"a","jsonObject":{"k":"v"}}}');
  });

  it('an attribute comes first (@id), so the wrapper after it stays a key', async () => {
    const r = await send(`${t.base}/f3jx/attr`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"box":{"@id":"b1","jsonObject":{"k":"v"}}}');
  });

  it('aggregate of JSON answers with //jsonObject into an enclosing element: one answer, then several', async () => {
    const url = `${t.base}/f3jx/gather`;
    const one = await send(url, { body: '{"ids":[4]}', type: 'application/json' });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json(), { shelves: { shelf: 's-4' } });
    const three = await send(url, { body: '{"ids":[1,2,3]}', type: 'application/json' });
    assert.deepEqual(three.json(), { shelves: [{ shelf: 's-1' }, { shelf: 's-2' }, { shelf: 's-3' }] });
  });
});
