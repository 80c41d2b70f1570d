/**
 * An unclosed `json-eval(` deploys as Micro Integrator deploys it: SynapsePathFactory.getSynapsePath takes the text
 * between `json-eval(` and the value's last character, whatever that character is, so `json-eval($.seed.kindX`
 * reads `$.seed.kind`. Real HTTP.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime loader: an unclosed json-eval( (R1 request, session 8)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Sprouts.xml': `<api ${NS} name="Sprouts" context="/sprouts">
        <resource methods="POST"><inSequence>
          <property name="k" expression="json-eval($.seed.kindX"/>
          <payloadFactory media-type="json"><format>{"k":"$1"}</format><args><arg expression="$ctx:k"/></args></payloadFactory>
          <respond/>
        </inSequence></resource>
      </api>`,
    });
  });
  after(() => t.close());

  it('deploys, and evaluates the path without its last character', async () => {
    const r = await send(`${t.base}/sprouts`, { body: '{"seed":{"kind":"rye"}}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { k: 'rye' });
  });
});
