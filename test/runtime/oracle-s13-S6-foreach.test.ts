/**
 * Synapse ForEachMediatorTest replayed over HTTP: the classic foreach (expression + sequence key) looks its sequence up
 * on each iteration (ForEachMediator.mediateSequence): a key naming a sequence that holds call, send or callout among
 * its own mediators fails the message ("ForEach: Referred sequence cannot contain Call, Send or CallOut mediators"),
 * a missing one "Couldn't find the sequence named : <key>", and with nothing to iterate neither is looked at.
 * Our own configurations.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const fault = `<faultSequence><payloadFactory media-type="text"><format>fault: $1</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;
const loop = (name: string, attrs: string) =>
  `<api ${NS} name="${name}" context="/${name}"><resource methods="POST"><inSequence><foreach expression="//part" ${attrs}/><respond/></inSequence>${fault}</resource></api>`;

describe('oracle s13 S6: the classic foreach checks its referred sequence on each iteration (Synapse ForEachMediatorTest)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Tag.xml': `<sequence ${NS} name="Tag"><property name="seen" value="yes"/><enrich><source type="inline" clone="true"><ok xmlns=""/></source><target type="body"/></enrich></sequence>`,
      'Caller.xml': `<sequence ${NS} name="Caller"><log/><call><endpoint><http method="GET" uri-template="http://127.0.0.1:9/x"/></endpoint></call></sequence>`,
      'NestedCaller.xml': `<sequence ${NS} name="NestedCaller"><filter xpath="false()"><then><call><endpoint><http method="GET" uri-template="http://127.0.0.1:9/x"/></endpoint></call></then></filter></sequence>`,
      'Good.xml': loop('good', 'sequence="Tag"'),
      'WithCall.xml': loop('withcall', 'sequence="Caller"'),
      'Nested.xml': loop('nested', 'sequence="NestedCaller"'),
      'Missing.xml': loop('missing', 'sequence="NoSuchSeq"'),
      'MissingGoOn.xml': loop('missinggoon', 'sequence="NoSuchSeq" continueLoopOnFailure="true"'),
    });
  });
  after(() => t.close());
  const post = (p: string, body = '<order><part>a</part><part>b</part></order>') =>
    send(t.base + p, { body, type: 'application/xml' }).then((r) => r.text);

  it('a referred sequence runs on each matched element', async () => {
    assert.equal(await post('/good'), '<order><ok/><ok/></order>');
  });
  it('a referred sequence holding call fails the message; one nested in a filter is not looked at', async () => {
    assert.equal(
      await post('/withcall'),
      'fault: ForEach: Referred sequence cannot contain Call, Send or CallOut mediators',
    );
    assert.equal(await post('/nested'), '<order><part>a</part><part>b</part></order>');
  });
  it('a missing sequence fails the message only when there is something to iterate', async () => {
    assert.equal(await post('/missing'), "fault: Couldn't find the sequence named : NoSuchSeq");
    assert.equal(await post('/missing', '<order/>'), '<order/>');
  });
  it('with continueLoopOnFailure a missing sequence is a warning per element', async () => {
    const before = t.logs.length;
    await post('/missinggoon');
    const warns = t.logs
      .slice(before)
      .filter((l) => l.level === 'WARN')
      .map((l) => l.message);
    assert.deepEqual(warns, [
      "Error occurred while mediating the sequence for the foreach mediator, Couldn't find the sequence named : NoSuchSeq. Continuing with the remaining.",
      "Error occurred while mediating the sequence for the foreach mediator, Couldn't find the sequence named : NoSuchSeq. Continuing with the remaining.",
    ]);
  });
});
