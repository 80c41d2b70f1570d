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
});
