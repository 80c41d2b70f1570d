/**
 * Property reads as Micro Integrator makes them (facts from wso2-synapse SynapseXPath.stringValueOf and the
 * property mediator): an OM property in transport scope is kept as the element, and `$trp:` /
 * get-property('transport', …) print a lone element as its own text, trimmed. Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity O1: property values read back', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'TrpOm.xml': api(
        'TrpOm',
        '/o1/trp-om',
        `<property name="Badge" scope="transport" type="OM"><badge xmlns=""> gold-7 </badge></property>
         <property name="Nested" scope="transport" type="OM"><outer xmlns=""><inner>x</inner></outer></property>
         <log level="custom"><property name="badge" expression="$trp:Badge"/><property name="viaFn" expression="get-property('transport','Badge')"/><property name="nested" expression="$trp:Nested"/></log>
         <property name="Badge" scope="transport" action="remove"/>
         <log level="custom"><property name="badge" expression="$trp:Badge"/></log>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('an OM property in transport scope logs its text (an element with only children logs its XML); removed, null', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/trp-om`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    const lines = t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message);
    assert.deepEqual(lines, [
      'badge = gold-7, viaFn = gold-7, nested = <outer><inner>x</inner></outer>',
      'badge = null',
    ]);
  });
});
