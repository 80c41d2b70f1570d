/**
 * Synapse's REST dispatch unit tests (rest/URLMappingBasedDispatcherTest, URITemplateBasedDispatcherTest,
 * APIDispatcherTest) replayed over HTTP: which API and resource a request path reaches. Our own APIs and paths.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const res = (attr: string, label: string) =>
  `<resource methods="GET" ${attr}><inSequence><payloadFactory media-type="text"><format>${label}|$1|$2</format><args><arg expression="$ctx:uri.var.a"/><arg expression="$ctx:uri.var.b"/></args></payloadFactory><respond/></inSequence></resource>`;

const postfix = `<resource methods="GET" url-mapping="/*"><inSequence><payloadFactory media-type="text"><format>[$1]</format><args><arg expression="get-property('axis2','REST_URL_POSTFIX')"/></args></payloadFactory><respond/></inSequence></resource>`;

describe('oracle s13 S6: REST dispatch as Synapse dispatches (Synapse URLMappingBasedDispatcherTest, URITemplateBasedDispatcherTest, APIDispatcherTest)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Um.xml': `<api ${NS} name="Um" context="/um">${res('url-mapping="/shop/*"', 'p1')}${res('url-mapping="/shop/cart/*"', 'p2')}${res('url-mapping="*.pg"', 'ext')}${res('url-mapping="/one/two"', 'exact')}</api>`,
      'UmRoot.xml': `<api ${NS} name="UmRoot" context="/umroot">${res('url-mapping="/"', 'root')}</api>`,
      'Ut.xml': `<api ${NS} name="Ut" context="/ut">${res('uri-template="/~{a}"', 'tilde')}${res('uri-template="/w/{a}/{b}"', 't2')}${res('uri-template="/w/{a}"', 't1')}</api>`,
      'UtRoot.xml': `<api ${NS} name="UtRoot" context="/utroot">${res('uri-template="/"', 'root')}</api>`,
      'Hosted.xml': `<api ${NS} name="Hosted" context="/hosted" hostname="shop.example.org">${res('url-mapping="/*"', 'hosted')}</api>`,
      'HostPort.xml': `<api ${NS} name="HostPort" context="/hostport" hostname="shop.example.org" port="8299">${res('url-mapping="/*"', 'hp')}</api>`,
      'Tp.xml': `<api ${NS} name="Tp" context="/tp">${res('uri-template="/code/{a:2}/{b}"', 'len')}${res('uri-template="/plus/{+a}"', 'plus')}${res('uri-template="/item/{a}/*"', 'star')}</api>`,
      'Pf.xml': `<api ${NS} name="Pf" context="/pf">${postfix}</api>`,
      'Qp.xml': `<api ${NS} name="Qp" context="/qp"><resource methods="GET"><inSequence><payloadFactory media-type="text"><format>$1|$2|$3</format><args><arg expression="$ctx:query.param.a"/><arg expression="$ctx:query.param.b"/><arg expression="$ctx:query.param.c"/></args></payloadFactory><respond/></inSequence></resource></api>`,
      'Bogus.xml': `<api ${NS} name="Bogus" context="/bogus"><resource methods="POST" uri-template="/~{a}"><inSequence><property name="reached" value="in"/><xslt key="/no/such/key"/></inSequence><faultSequence><payloadFactory media-type="text"><format>fault after $1</format><args><arg expression="$ctx:reached"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
      'Ver.xml': `<api ${NS} name="Ver" context="/ver" version="3.1.4" version-type="url">${res('url-mapping="/*"', 'v')}</api>`,
      'CtxV.xml': `<api ${NS} name="CtxV" context="/{version}/cv" version="2.0.0" version-type="context">${res('url-mapping="/*"', 'cv')}</api>`,
    });
  });
  after(() => t.close());
  const get = async (p: string) => {
    const r = await send(t.base + p);
    return r.status === 200 ? r.text : r.status;
  };
  /** A GET with the Host header given (fetch always sends its own). */
  const getWithHost = (p: string, host: string | undefined) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(
        t.base + p,
        { headers: host ? { host } : {}, setHost: host === undefined ? false : true },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve(r.statusCode === 200 ? body : r.statusCode));
        },
      );
      req.on('error', reject);
      req.end();
    });
  it('url-mapping', async () => {
    const cases: [string, unknown][] = [
      ['/um/shop', 'p1||'],
      ['/um/shop/', 'p1||'],
      ['/um/shop/x.html?q=1', 'p1||'],
      ['/um/shops', 404],
      ['/um/shop/y.pg', 'p1||'],
      ['/um/shop/cart', 'p2||'],
      ['/um/shop/cart/', 'p2||'],
      ['/um/shop/cart/z.pg', 'p2||'],
      ['/um/shop/carts?a=1', 'p1||'],
      ['/um/a.pg', 'ext||'],
      ['/um/x/y/a.pg?b=2', 'ext||'],
      ['/um/x/a.html', 404],
      ['/um/one/two', 'exact||'],
      ['/um/one/two/', 'exact||'],
      ['/um/one/two?a=1', 'exact||'],
      ['/um/one', 404],
      ['/um/one/two/three.html', 404],
      ['/umroot', 'root||'],
      ['/umroot/', 'root||'],
    ];
    const got = [];
    for (const [p] of cases) got.push([p, await get(p)]);
    assert.deepEqual(got, cases);
  });
  it('uri-template', async () => {
    const cases: [string, unknown][] = [
      ['/ut/~ann', 'tilde|ann|'],
      ['/ut/ann', 404],
      ['/ut/~ann/x', 404],
      ['/ut/w/c/cat', 't2|c|cat'],
      ['/ut/w/d/dog/', 't2|d|dog'],
      ['/ut/w/c/cat?x=5', 't2|c|cat'],
      ['/ut/w/e', 't1|e|'],
      ['/ut/w/c/cat/more', 404],
      ['/utroot', 'root||'],
    ];
    const got = [];
    for (const [p] of cases) got.push([p, await get(p)]);
    assert.deepEqual(got, cases);
  });
  it('host and port', async () => {
    const cases: [string, string | undefined, unknown][] = [
      ['/hosted/a', undefined, 404],
      ['/hosted/a', 'shop.example.org', 'hosted||'],
      ['/hosted/a', 'shop.example.org:80', 'hosted||'],
      ['/hosted/a', 'other.example.org', 404],
      ['/hostport/a', 'shop.example.org', 404],
      ['/hostport/a', 'shop.example.org:8299', 'hp||'],
    ];
    const got = [];
    for (const [p, h] of cases) got.push([p, h, await getWithHost(p, h)]);
    assert.deepEqual(got, cases);
  });
  it('versions', async () => {
    const cases: [string, unknown][] = [
      ['/ver/', 404],
      ['/ver/3.1.4', 'v||'],
      ['/ver/3.1.4/', 'v||'],
      ['/ver/3.1.4/a/b?c=1', 'v||'],
      ['/ver/3.1.4?c=http://x.org', 'v||'],
      ['/ver/3.1.5/a', 404],
      ['/ver/3.1/a', 404],
      ['/cv/', 404],
      ['/2.0.0/cv', 'cv||'],
      ['/2.0.0/cv/', 'cv||'],
      ['/2.0.0/cv/a?b=1', 'cv||'],
      ['/2.0.1/cv/a', 404],
    ];
    const got = [];
    for (const [p] of cases) got.push([p, await get(p)]);
    assert.deepEqual(got, cases);
  });
  it('query parameters are decoded; a missing XSLT key faults into the resource fault sequence (Synapse ResourceTest)', async () => {
    assert.equal(await get('/qp/any?a=Good%20Day&b=7&c=/x/y'), 'Good Day|7|/x/y');
    assert.equal(await get('/qp/any?a=http://site.org&b=7'), 'http://site.org|7|');
    const r = await send(t.base + '/bogus/~ann', { body: '<order/>', type: 'application/xml' });
    assert.equal(r.text, 'fault after in');
  });
  it("a variable's :N length, a '+' kept in {+x}, {x}/* ending at the variable (Synapse ParserTest: URITemplate)", async () => {
    const cases: [string, unknown][] = [
      ['/tp/code/ab/c', 'len|ab|c'],
      ['/tp/code/abc/c', 404],
      ['/tp/code/a/c', 404],
      ['/tp/plus/x+y', 'plus|x+y|'],
      ['/tp/plus/x%2By%20z', 'plus|x+y z|'],
      ['/tp/item/7', 'star|7|'],
      ['/tp/item/7/', 'star|7|'],
      ['/tp/item/7/more?q=1', 'star|7|'],
      ['/tp/item/7?q=1', 404],
    ];
    const got = [];
    for (const [p] of cases) got.push([p, await get(p)]);
    assert.deepEqual(got, cases);
  });
  it('REST_URL_POSTFIX is the path after the context; under the root context it keeps its leading slash (Synapse BasicAPIMediationTest)', async () => {
    const cases: [string, unknown][] = [
      ['/pf', '[]'],
      ['/pf/me/now', '[/me/now]'],
      ['/pf?a=5', '[?a=5]'],
      ['/else?a=5', '[/else?a=5]'],
      ['/else/me', '[/else/me]'],
    ];
    const root = await startRuntime({
      'PfRoot.xml': `<api ${NS} name="PfRoot" context="/">${postfix}</api>`,
    });
    const got = [];
    try {
      for (const [p] of cases)
        got.push([p, p.startsWith('/pf') ? await get(p) : (await send(root.base + p)).text]);
    } finally {
      await root.close();
    }
    assert.deepEqual(got, cases);
  });
});
