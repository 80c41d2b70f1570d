/**
 * A function called with a prefix the configuration never declares is found by its local name, as in Micro
 * Integrator: Jaxen translates the undeclared prefix to a null namespace, and SynapseXPathFunctionContext finds the
 * Synapse functions (get-property...) and Jaxen the XPath 1.0 ones by local name. Real HTTP.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime XPath: a function prefix that is not declared (R1 request, session 8)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Hedges.xml': `<api ${NS} name="Hedges" context="/hedges">
        <resource methods="POST"><inSequence>
          <property name="p" value="privet"/>
          <property name="q" expression="syn:get-property('p')"/>
          <property name="r" expression="xx:concat('box', 'wood')"/>
          <payloadFactory media-type="json"><format>{"q":"$1","r":"$2"}</format>
            <args><arg expression="$ctx:q"/><arg expression="$ctx:r"/></args></payloadFactory>
          <respond/>
        </inSequence></resource>
      </api>`,
    });
  });
  after(() => t.close());

  it('evaluates syn:get-property and xx:concat by their local names', async () => {
    const r = await send(`${t.base}/hedges`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { q: 'privet', r: 'boxwood' });
  });
});
