import { strict as assert } from 'node:assert';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

/** An iterate over `$.crates` calling the backend per crate, then an aggregate with the given completeCondition. */
const fanOut = (backend: string, condition: string) =>
  `<iterate expression="json-eval($.crates)" id="crates"><target><sequence>
     <call><endpoint><http method="post" uri-template="${backend}/weigh"/></endpoint></call>
   </sequence></target></iterate>
   <aggregate id="crates"><completeCondition ${condition}</completeCondition>
     <onComplete expression="json-eval($)"><respond/></onComplete></aggregate>`;

describe('runtime fidelity (F2): aggregate completion as MI', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend(async (req, res) => {
      const crate = JSON.parse(req.body) as { id: string; slow?: number };
      if (crate.slow) await new Promise((r) => setTimeout(r, crate.slow));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ weighed: crate.id }));
    });
    t = await startRuntime({
      'Min.xml': api('Min', '/min', fanOut(backend.url, '><messageCount min="2" max="-1"/>')),
      'Max.xml': api('Max', '/max', fanOut(backend.url, '><messageCount min="-1" max="3"/>')),
      'Late.xml': api('Late', '/late', fanOut(backend.url, 'timeout="1"><messageCount min="5" max="-1"/>')),
      'Tally.xml': api(
        'Tally',
        '/tally',
        `<aggregate><correlateOn expression="json-eval($.batch)"/><completeCondition timeout="1"><messageCount min="-1" max="3"/></completeCondition>
           <onComplete expression="json-eval($.n)"><respond/></onComplete></aggregate>`,
      ),
      'Alone.xml': api(
        'Alone',
        '/alone',
        `<aggregate><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
           <onComplete expression="json-eval($)"><payloadFactory media-type="text"><format>aggregated</format></payloadFactory><respond/></onComplete></aggregate>
         <payloadFactory media-type="text"><format>went on</format></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  const crates = (specs: { id: string; slow?: number }[]) => JSON.stringify({ crates: specs });

  it('the minimum count completes the group; later messages are left out', async () => {
    const r = await send(`${t.base}/min`, {
      body: crates([{ id: 'a' }, { id: 'b' }, { id: 'c', slow: 400 }, { id: 'd', slow: 400 }]),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    const got = (r.json() as { weighed: string }[]).map((x) => x.weighed).sort();
    assert.deepEqual(got, ['a', 'b']);
  });

  it('the maximum count completes the group', async () => {
    const r = await send(`${t.base}/max`, {
      body: crates([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd', slow: 400 }]),
      type: 'application/json',
    });
    const got = (r.json() as { weighed: string }[]).map((x) => x.weighed).sort();
    assert.deepEqual(got, ['a', 'b', 'c']);
  });

  it('at the timeout the group completes with what arrived, below the minimum too, with MI warning', async () => {
    t.logs.length = 0;
    const started = Date.now();
    const r = await send(`${t.base}/late`, {
      body: crates([{ id: 'a' }, { id: 'b' }, { id: 'c', slow: 2500 }]),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    const got = (r.json() as { weighed: string }[]).map((x) => x.weighed).sort();
    assert.deepEqual(got, ['a', 'b']);
    assert.ok(Date.now() - started < 2400, 'answered at the aggregate timeout, not after the slow crate');
    assert.ok(
      t.logs.some((l) => l.level === 'WARN' && l.message === 'Aggregate mediator timeout occurred.'),
      t.logs.map((l) => l.line).join('\n'),
    );
  });

  it('correlateOn groups messages of separate requests by the expression, whatever its value; the group answers the first request', async () => {
    // MI's AggregateMediator keys its active aggregate by correlateExpression.toString(): every message the
    // expression selects something in joins the one open group (b1 and b2 alike)
    const post = (batch: string, n: number) =>
      send(`${t.base}/tally`, { body: JSON.stringify({ batch, n }), type: 'application/json' });
    const first = post('b1', 1);
    await new Promise((r) => setTimeout(r, 50));
    const other = post('b2', 9);
    await new Promise((r) => setTimeout(r, 50));
    const third = post('b1', 2);
    await new Promise((r) => setTimeout(r, 50));
    const fourth = post('b1', 3);
    const answered = await first;
    assert.equal(answered.status, 200);
    assert.deepEqual((answered.json() as number[]).sort(), [1, 2, 9]);
    assert.equal((await other).status, 202);
    assert.equal((await third).status, 202);
    // the fourth opens a new group, which completes at the timeout with its one message
    const alone = await fourth;
    assert.equal(alone.status, 200);
    assert.deepEqual(alone.json(), [3]);
  });

  it('a message from no iterate/clone and no correlateOn goes on past the aggregate', async () => {
    const r = await send(`${t.base}/alone`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(r.text, 'went on');
  });
});
