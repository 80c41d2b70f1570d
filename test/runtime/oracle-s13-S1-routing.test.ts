/**
 * Session 13 oracle sweep (helper S1): MI's conditionalRouter and clone integration tests (tests-mediator-1
 * conditionalRouter/ConditionalRouterIntegrationTest, clone/*) that no test of ours named yet. Our own proxies,
 * header and parameter names and values; each case names the MI test class.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import {
  NS,
  send,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

const lane = (name: string, then = '') =>
  `<sequence ${NS} name="lane${name}"><log level="custom"><property name="lane" value="${name}"/></log>${then}</sequence>`;

describe('oracle S13 S1 (MI ConditionalRouterIntegrationTest): routes, breakRoute and continueAfter', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Router.xml': `<proxy ${NS} name="Router" transports="http"><target><inSequence>
        <conditionalRouter continueAfter="true">
          <conditionalRoute breakRoute="false"><condition><match type="header" source="x-lane" regex="fast.*"/></condition><target sequence="laneA"/></conditionalRoute>
          <conditionalRoute breakRoute="true"><condition><match type="param" source="tier" regex="gold"/></condition><target sequence="laneB"/></conditionalRoute>
          <conditionalRoute><condition><match type="header" source="x-lane" regex=".*"/></condition><target sequence="laneC"/></conditionalRoute>
        </conditionalRouter>
        <payloadFactory media-type="json"><format>{"after":"router"}</format><args/></payloadFactory><respond/>
      </inSequence></target></proxy>`,
      'RouterStop.xml': `<proxy ${NS} name="RouterStop" transports="http"><target><inSequence>
        <conditionalRouter continueAfter="false">
          <conditionalRoute><condition><match type="url" regex=".*mode=halt.*"/></condition><target sequence="laneD"/></conditionalRoute>
        </conditionalRouter>
        <payloadFactory media-type="json"><format>{"after":"router"}</format><args/></payloadFactory><respond/>
      </inSequence></target></proxy>`,
      'laneA.xml': lane('A'),
      'laneB.xml': lane('B'),
      'laneC.xml': lane('C'),
      'laneD.xml': lane(
        'D',
        '<payloadFactory media-type="json"><format>{"routed":"D"}</format><args/></payloadFactory><respond/>',
      ),
    });
  });
  after(() => t.close());

  const lanes = (from: number) =>
    t.logs
      .slice(from)
      .map((l) => l.message)
      .filter((m) => m.startsWith('lane = '));
  const post = (path: string, headers: Record<string, string> = {}) =>
    send(`${t.base}/services/${path}`, { body: '<ask/>', type: 'application/xml', headers });

  it('every route that holds runs in turn until one with breakRoute="true"; continueAfter goes on after the router', async () => {
    let n = t.logs.length;
    let r = await post('Router?tier=gold', { 'x-lane': 'fast1' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { after: 'router' });
    assert.deepEqual(lanes(n), ['lane = A', 'lane = B']);
    n = t.logs.length;
    r = await post('Router', { 'x-lane': 'slow' });
    assert.deepEqual(r.json(), { after: 'router' });
    assert.deepEqual(lanes(n), ['lane = C']);
  });

  it('continueAfter="false": the route answers, the mediators after the router do not run; no route holding, nothing answers (202)', async () => {
    const n = t.logs.length;
    const r = await post('RouterStop?mode=halt');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { routed: 'D' });
    assert.deepEqual(lanes(n), ['lane = D']);
    const none = await post('RouterStop?mode=run');
    assert.equal(none.status, 202);
    assert.equal(none.text, '');
  });
});

describe('oracle S13 S1 (MI clone tests): clone targets', () => {
  let t: TestRuntime;
  let desk: Backend;
  before(async () => {
    desk = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><seen xmlns="">${req.url}|${req.headers['soapaction']}</seen></e:Body></e:Envelope>`,
      );
    });
    const agg = `<aggregate><onComplete expression="//seen"><send/></onComplete></aggregate>`;
    const A = 'src/main/wso2mi/artifacts';
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        [`${A}/proxy-services/ToTargets.xml`]: `<proxy ${NS} name="ToTargets" transports="http"><target>
          <inSequence><clone sequential="true">
            <target to="${desk.url}/desk/one" soapAction="urn:firstDesk"><sequence><send/></sequence></target>
            <target to="${desk.url}/desk/two" soapAction="urn:secondDesk"><sequence><send/></sequence></target>
          </clone></inSequence><outSequence>${agg}</outSequence></target></proxy>`,
        [`${A}/proxy-services/RegTargets.xml`]: `<proxy ${NS} name="RegTargets" transports="http"><target>
          <inSequence><clone><target sequence="conf:/flows/deskCall.xml"/><target sequence="gov:/flows/deskCall.xml"/></clone></inSequence>
          <outSequence>${agg}</outSequence></target></proxy>`,
        'src/main/wso2mi/resources/registry/conf/flows/deskCall.xml': `<sequence ${NS} name="deskCallConf"><send><endpoint><address uri="${desk.url}/desk/conf"/></endpoint></send></sequence>`,
        'src/main/wso2mi/resources/registry/gov/flows/deskCall.xml': `<sequence ${NS} name="deskCallGov"><send><endpoint><address uri="${desk.url}/desk/gov"/></endpoint></send></sequence>`,
      },
      's13s1clone',
    );
  });
  after(async () => {
    await t.close();
    await desk.close();
  });

  const post = (name: string) =>
    send(`${t.base}/services/${name}`, {
      body: '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><ask xmlns=""/></e:Body></e:Envelope>',
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '' },
    });

  it("a target's to and soapAction address its copy; <send/> goes to that address (MI CloneSOAPActionTestCase, CloneIntegrationAnonymousEndpointsTestCase)", async () => {
    const r = await post('ToTargets');
    assert.equal(r.status, 200);
    const seen = [...r.text.matchAll(/<seen>([^<]*)<\/seen>/g)].map((m) => m[1]).sort();
    assert.deepEqual(seen, ['/desk/one|"urn:firstDesk"', '/desk/two|"urn:secondDesk"']);
  });

  it('target sequences kept in the conf: and gov: registries (MI CloneIntegrationSequenceTestCase)', async () => {
    const r = await post('RegTargets');
    assert.equal(r.status, 200);
    const seen = [...r.text.matchAll(/<seen>([^<|]*)\|/g)].map((m) => m[1]).sort();
    assert.deepEqual(seen, ['/desk/conf', '/desk/gov']);
  });
});

describe('oracle S13 S1 (MI CloneMediator iterations): copies of one target, each with its index', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Copies.xml': `<api ${NS} name="Copies" context="/copies">
        <resource methods="GET" uri-template="/fixed"><inSequence>
          <clone iterations="3" sequential="true" continueParent="true"><target><sequence>
            <log level="custom"><property name="copy" expression="get-property('CLONED_ITERATION_INDEX')"/></log>
          </sequence></target></clone>
          <payloadFactory media-type="json"><format>{"last":"$1"}</format><args><arg expression="get-property('CLONED_ITERATION_INDEX')"/></args></payloadFactory>
          <respond/></inSequence></resource>
        <resource methods="POST" uri-template="/seq"><inSequence>
          <log level="custom"><property name="parent" expression="get-property('MessageID')"/></log>
          <clone id="pair" sequential="true" continueParent="true"><target><sequence>
            <log level="custom"><property name="seq" expression="get-property('messageSequence.pair')"/><property name="corr" expression="get-property('aggregateCorelation.pair')"/></log>
          </sequence></target><target><sequence>
            <log level="custom"><property name="seq" expression="get-property('messageSequence.pair')"/><property name="corr" expression="get-property('aggregateCorelation.pair')"/></log>
          </sequence></target></clone>
          <iterate expression="json-eval($.parts)" sequential="true" continueParent="true"><target><sequence>
            <log level="custom"><property name="seq" expression="get-property('messageSequence')"/></log>
          </sequence></target></iterate>
          <payloadFactory media-type="json"><format>{"done":true}</format><args/></payloadFactory><respond/>
        </inSequence></resource>
        <resource methods="GET" uri-template="/count/{n}"><inSequence>
          <clone iterations="{get-property('uri.var.n')}" sequential="true" continueParent="true"><target><sequence>
            <log level="custom"><property name="copy" expression="get-property('CLONED_ITERATION_INDEX')"/></log>
          </sequence></target></clone>
          <payloadFactory media-type="json"><format>{"done":true}</format><args/></payloadFactory><respond/>
        </inSequence><faultSequence><payloadFactory media-type="json"><format>{"error":"$1"}</format>
          <args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></resource>
      </api>`,
    });
  });
  after(() => t.close());

  const copies = (from: number) =>
    t.logs
      .slice(from)
      .map((l) => l.message)
      .filter((m) => m.startsWith('copy = '));

  it('iterations="3": three copies into the target, CLONED_ITERATION_INDEX 1..3; the parent keeps the last (CloneMediator.executeTargetIterations)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/copies/fixed`);
    assert.deepEqual(r.json(), { last: '3' });
    assert.deepEqual(copies(n), ['copy = 1', 'copy = 2', 'copy = 3']);
  });

  it('a dynamic count: 0 makes no copy; a count Integer.parseInt refuses faults with MI words', async () => {
    let n = t.logs.length;
    let r = await send(`${t.base}/copies/count/2`);
    assert.deepEqual(copies(n), ['copy = 1', 'copy = 2']);
    n = t.logs.length;
    r = await send(`${t.base}/copies/count/0`);
    assert.deepEqual(r.json(), { done: true });
    assert.deepEqual(copies(n), []);
    r = await send(`${t.base}/copies/count/two`);
    assert.deepEqual(r.json(), { error: 'Error while parsing iterations number in clone mediator' });
  });

  it('each copy carries messageSequence[.id] "i/n" from 0 and, with an id, aggregateCorelation.id = the parent MessageID (CloneMediator.getClonedMessageContext, IterateMediator.getIteratedMessage)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/copies/seq`, {
      body: '{"parts":["a","b","c"]}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { done: true });
    const lines = t.logs.slice(n).map((l) => l.message);
    const parent = lines.find((m) => m.startsWith('parent = '))!.slice('parent = '.length);
    assert.match(parent, /^urn:uuid:/);
    const seqs = lines.filter((m) => m.startsWith('seq = '));
    assert.deepEqual(seqs, [
      `seq = 0/2, corr = ${parent}`,
      `seq = 1/2, corr = ${parent}`,
      'seq = 0/3',
      'seq = 1/3',
      'seq = 2/3',
    ]);
  });

  it('iterations with two targets is refused at deploy (CloneMediatorFactory)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'TwoTargets.xml',
        text: `<sequence ${NS} name="TwoTargets"><clone iterations="2"><target><sequence><log/></sequence></target><target><sequence><log/></sequence></target></clone></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.code} ${p.message}`),
      ['RT_CLONE_ITERATIONS When iterations attribute is defined only one target is allowed.'],
    );
  });
});
