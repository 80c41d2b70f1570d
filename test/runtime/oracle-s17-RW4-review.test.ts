/**
 * Session 17 review RW4 of W4 (foreach v2, makefault): what MI's sources decide where the mi-run harness could not
 * (it reads HTTP_SC only and never runs the pass-through listener's ServerWorker.sendAck).
 *
 * How the expectations were made: read from the Synapse sources MI 4.4 runs (wso2-synapse HEAD f30492dc):
 * ForEachMediatorV2.mediate sets RESPONSE_WRITTEN=SKIP on the request's operation context once it has looped (unless
 * continue-without-aggregation), and ServerWorker.sendAck writes its 202 only when RESPONSE_WRITTEN is neither "true"
 * nor "SKIP"; the client of a flow that then ends unanswered waits for the listener's socket timeout
 * (SourceHandler.timeout closes the connection having written nothing). Inputs are our own.
 */
import assert from 'node:assert/strict';
import { NS, rawRequest, startRuntime, type TestRuntime } from './helpers';

const SOCKET_TIMEOUT = 700;

describe('oracle s17 RW4: foreach v2 leaves no 202 (MI ForEachMediatorV2 RESPONSE_WRITTEN=SKIP, ServerWorker.sendAck)', () => {
  let t: TestRuntime;
  before(async () => {
    const api = (name: string, body: string) =>
      `<api ${NS} name="${name}" context="/rw4/${name}"><resource methods="POST"><inSequence>${body}</inSequence></resource></api>`;
    t = await startRuntime(
      {
        // an iteration drops: it is not aggregated, the original goes no further
        'RW4Drop.xml': api(
          'RW4Drop',
          '<foreach collection="${payload.lines}" parallel-execution="false"><sequence>' +
            '<filter xpath="${payload.q == 0}"><then><drop/></then></filter></sequence></foreach>' +
            '<log level="custom"><property name="after" value="went on"/></log><respond/>',
        ),
        // the aggregation completes and the flow ends without answering
        'RW4Done.xml': api(
          'RW4Done',
          '<foreach collection="${payload.lines}" parallel-execution="false"><sequence>' +
            '<payloadFactory media-type="json"><format>{"q":${payload.q + 1}}</format></payloadFactory></sequence></foreach>' +
            '<log level="custom"><property name="done" expression="${payload.lines[1].q}"/></log>',
        ),
        // continue-without-aggregation sets nothing: the flow's end is the usual 202
        'RW4NoAgg.xml': api(
          'RW4NoAgg',
          '<foreach collection="${payload.lines}" parallel-execution="false" continue-without-aggregation="true">' +
            '<sequence><log level="custom"><property name="q" expression="${payload.q}"/></log></sequence></foreach>',
        ),
      },
      { socketTimeoutMs: SOCKET_TIMEOUT },
    );
  });
  after(() => t.close());

  const unanswered = async (name: string) => {
    const started = Date.now();
    const err = await rawRequest(`${t.base}/rw4/${name}`, 'POST', {
      headers: { 'content-type': 'application/json' },
      body: '{"lines":[{"q":0},{"q":5}]}',
      agent: false,
    }).then(
      (r) => assert.fail(`answered ${r.status} ${r.text}`),
      (e: Error) => e,
    );
    assert.match(err.message, /socket hang up|ECONNRESET/);
    assert.ok(Date.now() - started >= SOCKET_TIMEOUT - 100, 'closed before the socket timeout');
  };

  it('an iteration that drops is not aggregated: nothing goes on and no 202 is written; the connection closes at the socket timeout (MI ForEachMediatorV2, ServerWorker.sendAck)', async () => {
    const from = t.logs.length;
    await unanswered('RW4Drop');
    assert.ok(!t.logs.slice(from).some((l) => l.message.includes('went on')));
  });

  it('an aggregation that completes, then a flow that ends without answering: no 202 either (MI ForEachMediatorV2)', async () => {
    const from = t.logs.length;
    await unanswered('RW4Done');
    assert.ok(t.logs.slice(from).some((l) => l.message === 'done = 6'));
  });

  it('continue-without-aggregation does not mark the response: the unanswered flow gets the 202 (MI ForEachMediatorV2)', async () => {
    const r = await rawRequest(`${t.base}/rw4/RW4NoAgg`, 'POST', {
      headers: { 'content-type': 'application/json' },
      body: '{"lines":[{"q":0}]}',
    });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
  });
});
