/**
 * Oracle regressions (foreach / iterate / aggregate over JSON): behaviours MI's own integration tests assert and our
 * runtime already answers the same way. Our own API names, backend and payloads; the MI test each case mirrors is named
 * in its title.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const crew = {
  team: {
    members: [
      { Nick: 'Ada', Years: 41 },
      { Nick: 'Lin', Years: 29 },
      { Nick: 'Oto', Years: 33, Tags: ['lead'] },
    ],
  },
  filler: 'keep',
};

describe('oracle (MI integration tests): foreach, iterate and aggregate over JSON', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      const body = JSON.parse(req.body || '{}') as { Nick?: string };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ who: body.Nick ?? null, seen: true }));
    });
    const B = backend.url;
    t = await startRuntime({
      // ForeachNativeJSONTestCase.testForeachNativeJsonBasicFlow: each element replaced in place
      'EachChild.xml': api(
        'EachChild',
        '/each-child',
        `<foreach id="fe1" expression="json-eval($.team.members)"><sequence>
           <payloadFactory media-type="json"><format>   {"member" : $1}   </format><args><arg evaluator="json" expression="$"/></args></payloadFactory>
         </sequence></foreach><respond/>`,
      ),
      // ForeachNativeJSONTestCase.testForeachNativeJsonWithDifferentTypeElements: mixed array left as it was
      'EachMixed.xml': api(
        'EachMixed',
        '/each-mixed',
        `<payloadFactory media-type="json"><format>{"things": ["word", {"k" : "v"}, false, 7]}</format></payloadFactory>
         <foreach id="fe2" expression="json-eval($.things)"><sequence><log level="full"/></sequence></foreach><respond/>`,
      ),
      // ForeachNativeJSONTestCase.testForeachNativeJsonWithRootExpression: a root array
      'EachRoot.xml': api(
        'EachRoot',
        '/each-root',
        `<foreach id="fe3" expression="json-eval($)"><sequence>
           <payloadFactory media-type="json"><format>{"member" : $1}</format><args><arg evaluator="json" expression="$"/></args></payloadFactory>
         </sequence></foreach><respond/>`,
      ),
      // IterateJsonPathTest.testBasicIterateMediatorFlow / ...WithSequential / ...WithContinueParent
      'Fan.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="Fan" context="/fan"><resource methods="POST"><inSequence>
          <iterate id="fanOut" expression="json-eval($.team.members)" sequential="true"><target><sequence>
            <call><endpoint><http method="POST" uri-template="${B}/echo"/></endpoint></call>
            <aggregate id="fanOut"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
              <onComplete expression="json-eval($)"><respond/></onComplete></aggregate>
          </sequence></target></iterate></inSequence></resource></api>`,
      'FanOn.xml': api(
        'FanOn',
        '/fan-on',
        `<iterate id="fanOn" continueParent="true" expression="json-eval($.team.members)"><target><sequence><drop/></sequence></target></iterate>
         <payloadFactory media-type="json"><format>{"parentSaw": $1}</format><args><arg evaluator="json" expression="$.team.members[*].Nick"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('foreach replaces each array element in place (ForeachNativeJSONTestCase.testForeachNativeJsonBasicFlow)', async () => {
    const r = await send(`${t.base}/each-child`, { body: JSON.stringify(crew), type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      team: { members: crew.team.members.map((m) => ({ member: m })) },
      filler: 'keep',
    });
  });

  it('foreach over a mixed array leaves it unchanged (ForeachNativeJSONTestCase.testForeachNativeJsonWithDifferentTypeElements)', async () => {
    const r = await send(`${t.base}/each-mixed`, { body: '', type: 'application/json' });
    assert.deepEqual(r.json(), { things: ['word', { k: 'v' }, false, 7] });
  });

  it('foreach over a root array (ForeachNativeJSONTestCase.testForeachNativeJsonWithRootExpression)', async () => {
    const r = await send(`${t.base}/each-root`, {
      body: JSON.stringify(crew.team.members),
      type: 'application/json',
    });
    assert.deepEqual(
      r.json(),
      crew.team.members.map((m) => ({ member: m })),
    );
  });

  it('iterate + call + aggregate json-eval($) gives an array of the answers (IterateJsonPathTest.testBasicIterateMediatorFlow)', async () => {
    const r = await send(`${t.base}/fan`, { body: JSON.stringify(crew), type: 'application/json' });
    assert.equal(r.status, 200);
    const got = r.json() as { who: string; seen: boolean }[];
    assert.ok(Array.isArray(got), r.text);
    assert.deepEqual(got.map((g) => g.who).sort(), ['Ada', 'Lin', 'Oto']);
    assert.ok(got.every((g) => g.seen === true));
  });

  it('continueParent="true" keeps the parent payload (IterateJsonPathTest.testIterateMediatorFlowWithContinueParent)', async () => {
    const r = await send(`${t.base}/fan-on`, { body: JSON.stringify(crew), type: 'application/json' });
    assert.deepEqual(r.json(), { parentSaw: ['Ada', 'Lin', 'Oto'] });
  });
});
