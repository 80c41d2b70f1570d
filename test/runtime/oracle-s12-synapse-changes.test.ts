/**
 * Session 12 (H8): behaviours Synapse changed after December 2024 (the newest MI), checked on our runtime with our
 * own fixtures. Each case names the Synapse commit and the code it follows.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('oracle S12 (H8): Synapse changes since December 2024', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Parcels.xml': `<api ${NS} name="Parcels" context="/parcels">
        <resource methods="GET" uri-template="/box/{id}"><inSequence>
          <payloadFactory media-type="text"><format>get</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="POST OPTIONS" uri-template="/box/{id}"><inSequence>
          <payloadFactory media-type="text"><format>post-or-options</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="OPTIONS" uri-template="/box/{id}"><inSequence>
          <payloadFactory media-type="text"><format>options-only</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="GET" url-mapping="/crate"><inSequence>
          <payloadFactory media-type="text"><format>crate-get</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="OPTIONS" url-mapping="/crate"><inSequence>
          <payloadFactory media-type="text"><format>crate-options</format><args/></payloadFactory><respond/></inSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('an OPTIONS request goes to a resource whose only method is OPTIONS first (ApiUtils.getAcceptableResources, a84dfd68c)', async () => {
    const r = await send(`${t.base}/parcels/box/7`, { method: 'OPTIONS' });
    assert.equal(r.text, 'options-only');
    const c = await send(`${t.base}/parcels/crate`, { method: 'OPTIONS' });
    assert.equal(c.text, 'crate-options');
    // other methods dispatch as before
    assert.equal((await send(`${t.base}/parcels/box/7`)).text, 'get');
    assert.equal(
      (await send(`${t.base}/parcels/box/7`, { method: 'POST', body: 'x' })).text,
      'post-or-options',
    );
  });
});
