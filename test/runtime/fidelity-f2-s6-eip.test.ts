/**
 * Aggregate faults (helper F2, session 6), with our own fixtures over real HTTP.
 *
 * An error inside onComplete is handled where it happens (Synapse AggregateMediator.mediateTheOnCompleteSequence):
 * the top fault handler of the aggregated message runs on it. That message is a clone of the first collected one,
 * whose stack still holds the onError of the sequence the aggregate is in (SequenceMediator pops it only when the
 * sequence went on to its end). So the sequence's onError answers, also when the group completed on its timeout
 * (MI tests-mediator-1 aggregate/FaultSeqInvokeWithAggregateTimeoutTestCase expects the sequence's error handler,
 * not the API's fault sequence; ours ran the API's after a timeout).
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): an error in aggregate onComplete', () => {
  let t: TestRuntime;
  let slow: Backend;
  before(async () => {
    slow = await startBackend((_req, res) => {
      const timer = setTimeout(() => res.end('<late/>'), 2500);
      res.on('close', () => clearTimeout(timer));
    });
    const faultAnswer = (who: string) =>
      `<payloadFactory media-type="xml"><format><trouble xmlns="">${who}</trouble></format><args/></payloadFactory>
       <property name="HTTP_SC" value="200" scope="axis2"/><respond/>`;
    t = await startRuntime({
      'CrateTrouble.xml': `<sequence ${NS} name="CrateTrouble">${faultAnswer('crate')}</sequence>`,
      'PackCrates.xml': `<sequence ${NS} name="PackCrates" onError="CrateTrouble">
          <aggregate><completeCondition timeout="1"><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete expression="//crate"><sequence key="packerNobodyDeployed"/><respond/></onComplete></aggregate>
        </sequence>`,
      'Dock.xml': api(
        'Dock',
        '/dock',
        `<iterate expression="//crate"><target><sequence>
            <filter xpath="//crate[.='heavy']"><then><call><endpoint><address uri="${slow.url}/lift"/></endpoint></call></then></filter>
            <sequence key="PackCrates"/></sequence></target></iterate>`,
      ).replace('</resource>', `<faultSequence>${faultAnswer('api')}</faultSequence></resource>`),
    });
  });
  after(async () => {
    await t?.close();
    await slow?.close();
  });

  const crates = (...names: string[]) =>
    `<crates>${names.map((n) => `<crate>${n}</crate>`).join('')}</crates>`;

  it('when every message came: the onError of the sequence holding the aggregate answers', async () => {
    const r = await send(`${t.base}/dock`, { body: crates('light', 'small'), type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<trouble>crate</trouble>');
  });

  it('when the group completes on its timeout: the same handler, not the API fault sequence', async () => {
    const r = await send(`${t.base}/dock`, {
      body: crates('light', 'heavy', 'small'),
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<trouble>crate</trouble>');
  });
});
