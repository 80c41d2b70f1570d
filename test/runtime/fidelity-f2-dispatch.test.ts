import { strict as assert } from 'node:assert';
import { NS, send, startBackend, startRuntime, type TestRuntime } from './helpers';

const say = (text: string) =>
  `<payloadFactory media-type="text"><format>${text}</format></payloadFactory><respond/>`;

describe('runtime fidelity (F2): resource selection, 404 / 405 and OPTIONS as MI', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Shelf.xml': `<api ${NS} name="Shelf" context="/shelf">
        <resource methods="GET" uri-template="/books/{isbn}"><inSequence>${say('book')}</inSequence></resource>
        <resource methods="PUT" uri-template="/books/{isbn}"><inSequence>${say('put-book')}</inSequence></resource>
        <resource methods="POST" uri-template="/books"><inSequence>${say('added')}</inSequence></resource>
        <resource methods="GET OPTIONS" uri-template="/open"><inSequence>${say('options-mediated')}</inSequence></resource>
        <resource uri-template="/any"><inSequence>${say('any')}</inSequence></resource>
      </api>`,
      'Desk.xml': `<api ${NS} name="Desk" context="/desk">
        <resource methods="GET" uri-template="/lamps/{id}"><inSequence>${say('lamp')}</inSequence></resource>
      </api>`,
      'Mismatch.xml': `<sequence ${NS} name="_resource_mismatch_handler_">
        <payloadFactory media-type="json"><format>{"nothing":"here","path":"$1"}</format><args><arg expression="get-property('REST_SUB_REQUEST_PATH')"/></args></payloadFactory>
        <property name="HTTP_SC" value="404" scope="axis2"/><respond/></sequence>`,
    });
  });
  after(() => t.close());

  it('a method some resource takes, on a path only another method has: 404 through _resource_mismatch_handler_', async () => {
    // POST is taken by /books only; /books/9 is a GET/PUT path
    const r = await send(`${t.base}/shelf/books/9`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 404);
    assert.equal((r.json() as { nothing: string }).nothing, 'here');
  });

  it('a method no resource of the API takes, on a known path: 405 with no body, the handler does not run', async () => {
    const r = await send(`${t.base}/shelf/books/9`, { method: 'DELETE' });
    // /any (no methods attribute) takes every method, so Shelf has a DELETE resource: 404 there
    assert.equal(r.status, 404);
    const d = await send(`${t.base}/desk/lamps/3`, { method: 'DELETE' });
    assert.equal(d.status, 405);
    assert.equal(d.text, '');
    const h = await send(`${t.base}/desk/lamps/3`, { method: 'HEAD' });
    assert.equal(h.status, 405);
    // no path at all: 404 (the handler runs for it)
    const n = await send(`${t.base}/desk/chairs/3?from=hall`, { method: 'DELETE' });
    assert.equal(n.status, 404);
    assert.equal((n.json() as { path: string }).path, '/chairs/3?from=hall');
  });

  it('the first resource by path takes the method it lists; PUT is not shadowed by the GET template', async () => {
    assert.equal((await send(`${t.base}/shelf/books/1`)).text, 'book');
    assert.equal((await send(`${t.base}/shelf/books/1`, { method: 'PUT', body: 'x' })).text, 'put-book');
  });

  it('OPTIONS: the matching resource answers with its own methods; all four without a methods attribute; mediated when listed', async () => {
    let r = await send(`${t.base}/shelf/books/1`, { method: 'OPTIONS' });
    // 403: MI's default CORS configuration allows no origin (CORSHelper.handleCORSHeaders)
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('allow'), 'GET');
    r = await send(`${t.base}/shelf/any`, { method: 'OPTIONS' });
    assert.equal(r.headers.get('allow'), 'GET, POST, PUT, DELETE');
    r = await send(`${t.base}/shelf/open`, { method: 'OPTIONS' });
    assert.equal(r.text, 'options-mediated');
    r = await send(`${t.base}/desk/nowhere`, { method: 'OPTIONS' });
    assert.equal(r.status, 404);
  });
});

describe('runtime fidelity (F2): REST_URL_POSTFIX as MI computes it', () => {
  it('the request URL after the context (and url version), as it came: an address endpoint gets exactly that', async () => {
    const backend = await startBackend();
    const t = await startRuntime({
      'Shop.xml': `<api ${NS} name="Shop" context="/shop"><resource methods="GET" url-mapping="/*"><inSequence>
        <call><endpoint><address uri="${backend.url}/base"/></endpoint></call><respond/></inSequence></resource></api>`,
      'Depot.xml': `<api ${NS} name="Depot" context="/depot" version="v2" version-type="url"><resource methods="GET" url-mapping="/*"><inSequence>
        <call><endpoint><address uri="${backend.url}/store"/></endpoint></call><respond/></inSequence></resource></api>`,
    });
    try {
      const seen: string[] = [];
      for (const p of ['/shop', '/shop/', '/shop?z=1', '/shop/a%2Fb?q=%20x', '/depot/v2/bins?n=1']) {
        await send(`${t.base}${p}`);
        seen.push(backend.requests.at(-1)?.url ?? '');
      }
      assert.deepEqual(seen, ['/base', '/base/', '/base?z=1', '/base/a%2Fb?q=%20x', '/store/bins?n=1']);
    } finally {
      await t.close();
      await backend.close();
    }
  });
});
