/**
 * A back end's Location header moves onto the runtime's own address, as MI's pass-through does (ClientWorker):
 * for any status but a redirect or 201, the path and query of the URL (a relative value as it is), one leading "/"
 * dropped, go after the request's service prefix (MI's tests-transport LocationHeaderWithRelativeURLPathTestCase).
 * Redirects and 201 keep theirs. Our own fixture; real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('fidelity G3: Location header of a back-end answer (MI ClientWorker rewrite)', () => {
  let t: TestRuntime;
  let be: Backend;
  let origin: string;
  before(async () => {
    be = await startBackend((req, res) => {
      const [, kind] = /^\/loc\/(\w+)/.exec(req.url ?? '') ?? [];
      const status = kind === 'created' ? 201 : kind === 'moved' ? 302 : 200;
      const location =
        kind === 'relative' ? '//shelf' : `http://203.0.113.9:7001/warehouse/bins/42?side=left`;
      res.writeHead(status, { 'content-type': 'text/plain', location });
      res.end('ok');
    });
    const call = (kind: string) =>
      `<call><endpoint><http method="get" uri-template="${be.url}/loc/${kind}"/></endpoint></call><respond/>`;
    t = await startRuntime({
      'Depot.xml': `<api ${NS} name="Depot" context="/depot">
        <resource methods="GET" uri-template="/plain"><inSequence>${call('plain')}</inSequence></resource>
        <resource methods="GET" uri-template="/created"><inSequence>${call('created')}</inSequence></resource>
        <resource methods="GET" uri-template="/moved"><inSequence>${call('moved')}</inSequence></resource>
      </api>`,
      'ShelfProxy.xml': `<proxy ${NS} name="ShelfProxy" transports="http"><target><inSequence>${call('relative')}</inSequence></target></proxy>`,
    });
    origin = new URL(t.base).origin;
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('200 from an API: the back end URL becomes the runtime address + its path and query', async () => {
    const r = await send(`${t.base}/depot/plain`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('location'), `${origin}/warehouse/bins/42?side=left`);
  });

  it('a relative value through a proxy service: one leading slash dropped after the service prefix', async () => {
    const r = await send(`${t.base}/services/ShelfProxy`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('location'), `${origin}/shelf`);
  });

  it('201 Created and a 302 redirect keep the back end Location', async () => {
    const c = await send(`${t.base}/depot/created`);
    assert.equal(c.status, 201);
    assert.equal(c.headers.get('location'), 'http://203.0.113.9:7001/warehouse/bins/42?side=left');
    const m = await fetch(`${t.base}/depot/moved`, { redirect: 'manual' });
    await m.text();
    assert.equal(m.status, 302);
    assert.equal(m.headers.get('location'), 'http://203.0.113.9:7001/warehouse/bins/42?side=left');
  });
});
