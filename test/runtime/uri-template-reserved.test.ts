/**
 * An http endpoint's reserved expansion (`{+uri.var.x}`, and `{uri.var.x}` at the start of a template, which
 * Synapse's HTTPEndpoint makes `{+…}`) as RFC 6570 3.2.3 defines it: reserved characters and pct-encoded triplets
 * pass as they are, other characters (space, a lone %) are percent-encoded. A simple expansion `{x}` inside the
 * template encodes everything, `%` included.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: http endpoint reserved expansion keeps pct-encoded triplets (RFC 6570)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    t = await startRuntime({
      'Shelf.xml': api(
        'Shelf',
        '/shelf',
        `<property name="uri.var.base" value="${be.url}"/>
         <property name="uri.var.path" value="/books/red%20fox/50% off"/>
         <property name="uri.var.id" value="a%2Fb"/>
         <call><endpoint><http method="get" uri-template="{uri.var.base}{+uri.var.path}/{uri.var.id}"/></endpoint></call><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a triplet stays, a lone % and a space are encoded; a simple expansion encodes the %', async () => {
    const r = await send(`${t.base}/shelf`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { path: '/books/red%20fox/50%25%20off/a%252Fb' });
  });
});
