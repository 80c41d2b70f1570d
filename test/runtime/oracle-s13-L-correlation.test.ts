/**
 * Session 13 (L): the correlation id of a message's copies (own fixtures). MessageHelper.cloneMessageContext (with
 * isCloneCorrelationId, what clone, iterate, foreach v2, scatter-gather, aggregate and a recipient list use) gives
 * each copy the CORRELATION_ID `<original>_<new UUID>`: the log's correlation_id (LogMediator.getCorrelationId) shows
 * it (and an API's answer to a call, API.process). The classic foreach works on the message itself. No MI test asserts
 * the ids: the source proves them.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('oracle S13 L: copies of a message get correlation ids of their own (MessageHelper.cloneMessageContext)', () => {
  let t: TestRuntime;
  before(async () => {
    const mark = (v: string): string =>
      `<log level="custom"><property name="at" value="${v}"/><property name="cid" expression="get-property('axis2','correlation_id')"/></log><log level="simple"/>`;
    t = await startRuntime({
      'Reels.xml': `<api ${NS} name="Reels" context="/reels">
        <resource methods="POST" uri-template="/clone"><inSequence>${mark('before')}
          <clone continueParent="true"><target><sequence>${mark('branch')}<drop/></sequence></target>
            <target><sequence>${mark('branch')}<drop/></sequence></target></clone>${mark('after')}<respond/></inSequence></resource>
        <resource methods="POST" uri-template="/each"><inSequence>
          <foreach collection="\${payload.items}" parallel-execution="false" continue-without-aggregation="false">
            <sequence>${mark('item')}</sequence></foreach>${mark('after')}<respond/></inSequence></resource>
        <resource methods="POST" uri-template="/stored"><inSequence>
          <property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><store messageStore="ReelStore"/></inSequence></resource>
        <resource methods="POST" uri-template="/classic"><inSequence>
          <foreach expression="//item"><sequence>${mark('item')}</sequence></foreach><respond/></inSequence></resource>
      </api>`,
      'ReelStore.xml': `<messageStore ${NS} name="ReelStore"/>`,
      'ReelSampler.xml': `<messageProcessor ${NS} name="ReelSampler" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="ReelStore">
          <parameter name="interval">30</parameter><parameter name="sequence">ReelSampled</parameter></messageProcessor>`,
      'ReelSampled.xml': `<sequence ${NS} name="ReelSampled"><log level="simple"/></sequence>`,
    });
  });
  after(() => t?.close());
  const ids = (): { at: string; cid: string }[] =>
    t.logs
      .filter((l) => l.message.startsWith('To: '))
      .map((l) => ({ at: '', cid: /correlation_id: ([^,]+),/.exec(l.message)?.[1] ?? '' }))
      .map((x, i) => ({ ...x, at: String(i) }));

  it('clone branches log <original>_<uuid>, the parent keeps its id (MI CloneMediator)', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/reels/clone`, {
      body: '{"r":1}',
      type: 'application/json',
      headers: { activityid: 'reel-7' },
    });
    assert.equal(r.status, 200);
    const cids = ids().map((x) => x.cid);
    assert.equal(cids.length, 4, JSON.stringify(cids));
    assert.equal(cids[0], 'reel-7');
    const branches = cids.slice(1).filter((c) => c !== 'reel-7');
    assert.equal(branches.length, 2, JSON.stringify(cids));
    for (const b of branches) assert.match(b, new RegExp(`^reel-7_${UUID}$`));
    assert.notEqual(branches[0], branches[1]);
    assert.ok(cids.slice(1).includes('reel-7'), 'the parent goes on with its own id');
  });

  it("foreach (v2) iterations and the flow after it carry copies' ids; the classic foreach keeps the message's", async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/reels/each`, {
      body: '{"items":[1,2]}',
      type: 'application/json',
      headers: { activityid: 'reel-8' },
    });
    assert.equal(r.status, 200);
    const cids = ids().map((x) => x.cid);
    assert.equal(cids.length, 3, JSON.stringify(cids));
    for (const c of cids) assert.match(c, new RegExp(`^reel-8_${UUID}$`));
    assert.equal(new Set(cids).size, 3);
    // a respond in the in-sequence echoes the request's activityid header (the transport headers, cloned with it)
    assert.equal(r.headers.get('activityid'), 'reel-8');
    t.logs.length = 0;
    await send(`${t.base}/reels/classic`, {
      body: '<list><item>1</item><item>2</item></list>',
      type: 'application/xml',
      headers: { activityid: 'reel-9' },
    });
    assert.deepEqual(
      ids().map((x) => x.cid),
      ['reel-9', 'reel-9'],
    );
  });

  it('a stored message is a copy: the processor logs <original>_<uuid> (MessageStoreMediator)', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/reels/stored`, {
      body: '{"r":2}',
      type: 'application/json',
      headers: { activityid: 'reel-10' },
    });
    assert.equal(r.status, 202);
    await until('the sampled message', () => ids().length >= 1);
    assert.match(ids()[0].cid, new RegExp(`^reel-10_${UUID}$`));
  });
});
