/**
 * Session 14 (W3): the MI integration tests that exist only in the newer MI repository (April 2026), or whose
 * assertions changed there, checked on our runtime with our own fixtures. The MI test each case mirrors is named in
 * its title.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('oracle S14 W3: newer MI tests', () => {
  let t: TestRuntime;
  before(async () => {
    const gather = (name: string, parallel: boolean): string =>
      `<sequence ${NS} name="${name}"><scatter-gather parallel-execution="${parallel}" target="Body" result-content-type="JSON"><aggregation expression="\${payload}"/>
        <sequence><payloadFactory media-type="json"><format>{"crate": {"fruit": "fig", "lot": \${payload.lot}}}</format></payloadFactory></sequence>
        <sequence><payloadFactory media-type="json"><format>{"crate": {"fruit": "kiwi", "lot": \${payload.lot}}}</format></payloadFactory></sequence>
      </scatter-gather></sequence>`;
    const nested = (uri: string, seq: string): string =>
      `<resource methods="POST" uri-template="${uri}"><inSequence>
        <filter xpath="\${payload.lot &gt; 10}"><then><sequence key="${seq}"/></then><else><log category="INFO"><message>small lot</message></log></else></filter>
        <log category="INFO"><message>gathered \${payload}</message></log><respond/></inSequence></resource>`;
    t = await startRuntime({
      'Orchard.xml': `<api ${NS} name="Orchard" context="/orchard"><resource methods="GET"><inSequence>
          <variable name="why" value="the orchard is closed"/>
          <throwError type="ORCHARD_CLOSED" errorMessage="{\${vars.why}}"/></inSequence>
        <faultSequence><log level="full"><property name="ERROR_CODE" expression="get-property('ERROR_CODE')"/>
          <property name="ERROR_MESSAGE" expression="get-property('ERROR_MESSAGE')"/></log><drop/></faultSequence></resource></api>`,
      'GatherOneByOne.xml': gather('GatherOneByOne', false),
      'GatherAtOnce.xml': gather('GatherAtOnce', true),
      'Crates.xml': `<api ${NS} name="Crates" context="/crates">${nested('/one-by-one', 'GatherOneByOne')}${nested('/at-once', 'GatherAtOnce')}</api>`,
    });
  });
  after(() => t?.close());

  it('throwError with an expression message: the fault sequence logs ERROR_CODE / ERROR_MESSAGE, its drop answers 202 (MI ThrowMediatorTestCase)', async () => {
    const r = await send(`${t.base}/orchard`);
    assert.deepEqual([r.status, r.text], [202, '']);
    const full = t.logs.find((l) => l.category === 'LogMediator' && l.artifact === 'api:Orchard');
    assert.ok(full, 'no log line');
    assert.ok(
      full.message.includes('ERROR_CODE = ORCHARD_CLOSED, ERROR_MESSAGE = the orchard is closed, Envelope: '),
      full.message,
    );
  });

  it('scatter-gather in a sequence called from a filter branch: the flow goes on after the filter with the gathered array (MI ScatterGatherTestCase.testScatterGatherNestedInSequentialMode / InParallelMode)', async () => {
    const want = [{ crate: { fruit: 'fig', lot: 42 } }, { crate: { fruit: 'kiwi', lot: 42 } }];
    for (const path of ['one-by-one', 'at-once']) {
      const r = await send(`${t.base}/crates/${path}`, { body: '{"lot": 42}', type: 'application/json' });
      assert.deepEqual([r.status, r.json()], [200, want], path);
    }
    const lines = t.logs.filter((l) => l.message.startsWith('gathered '));
    assert.equal(lines.length, 2);
  });
});
