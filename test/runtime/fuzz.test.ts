/** Robustness: arbitrary request bodies, paths and headers never crash the runtime nor get an unexplained 500. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime: fuzzed requests', function () {
  this.timeout(60_000);
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'X.xml': api(
        'X',
        '/x',
        `<log level="custom"><property name="v" expression="//v"/></log><payloadFactory media-type="json"><format>{"v":"$1"}</format><args><arg expression="//v"/></args></payloadFactory><respond/>`,
      ),
      'J.xml': api(
        'J',
        '/j',
        `<property name="v" expression="json-eval($.v)"/><payloadFactory media-type="json"><format>{"v":"$1"}</format><args><arg expression="$ctx:v"/></args></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  // a body the mediation cannot read fails the flow; MI answers that 202 with no body (the default fault sequence
  // logs the error and drops the message), so never 500
  it('random XML-ish bodies: 200 or 202, never 500', async () => {
    const xmlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.stringMatching(/^<v>[^<&]{0,20}<\/v>$/),
      fc.stringMatching(/^<[a-z]{1,3}>(<v>[a-z0-9<>&;]{0,10}<\/v>)?<\/[a-z]{1,3}>$/),
    );
    await fc.assert(
      fc.asyncProperty(xmlish, async (body) => {
        const r = await send(`${t.base}/x`, { body, type: 'application/xml' });
        assert.ok(r.status === 200 || r.status === 202, `${r.status} for ${JSON.stringify(body)}: ${r.text}`);
      }),
      { numRuns: 120 },
    );
  });

  it('random JSON-ish bodies: 200 or 202, never 500', async () => {
    const jsonish = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.json({ maxDepth: 4 }),
      fc.json({ maxDepth: 2 }).map((j) => `{"v":${j}}`),
    );
    await fc.assert(
      fc.asyncProperty(jsonish, async (body) => {
        const r = await send(`${t.base}/j`, { body, type: 'application/json' });
        assert.ok(r.status === 200 || r.status === 202, `${r.status} for ${JSON.stringify(body)}: ${r.text}`);
      }),
      { numRuns: 120 },
    );
  });

  it('random paths and query strings: answered (404 or 200), the runtime keeps serving', async () => {
    const seg = fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(seg, { maxLength: 4 }), seg, async (segs, q) => {
        const r = await fetch(`${t.base}/${segs.join('/')}?${q}`);
        await r.text();
        assert.ok([200, 404, 405, 400].includes(r.status), `${r.status}`);
      }),
      { numRuns: 80 },
    );
    assert.equal((await send(`${t.base}/j`, { body: '{"v":1}', type: 'application/json' })).status, 200);
  });
});
