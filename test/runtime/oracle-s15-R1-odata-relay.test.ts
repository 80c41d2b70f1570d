/**
 * Session 15, review R1: a URI holding "/odata/" is MI's OData endpoint's before any API (IntegratorStatefulHandler
 * marks it IsODataService, ODataPassThroughHandler serves it), also when the API's resource is a plain call and
 * respond that the relay path and its raw front end (rawFront.ts) would serve. Own API and back end.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle s15 (R1): /odata/ goes to the OData endpoint before a relayable API (MI IntegratorStatefulHandler; ODataQueryTestCase)', () => {
  let backend: Backend;
  let t: TestRuntime;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('from the back end');
    });
    t = await startRuntime({
      'Shelf.xml': `<api ${NS} name="Shelf" context="/shelf"><resource methods="GET" uri-template="/*"><inSequence><call><endpoint><address uri="${backend.url}/stock"/></endpoint></call><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it("the API relays its own paths; under it, a path holding /odata/ without SERVICE/CONFIG is the OData endpoint's 400", async () => {
    const own = await send(`${t.base}/shelf/items`);
    assert.equal(own.text, 'from the back end');
    const odata = await send(`${t.base}/shelf/odata/items`);
    assert.equal(odata.status, 400);
    assert.notEqual(odata.text, 'from the back end');
  });
});
