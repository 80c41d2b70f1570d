/**
 * Flow fidelity found replaying MI's tests-sample (helper O2, session 5), with our own fixtures over real HTTP:
 * - send with no endpoint on a request whose To was removed fails: Axis2 finds no transport (ClientUtils
 *   .inferOutTransport, cannotInferTransportNoAddr) and the fault handler runs (MI tests-mediator-1
 *   Soap11/Soap12FaultWithAttributeResponseFalseTestCase); an answer's anonymous To is what goes back to the client
 *   (PassThroughHttpSender: no destination EPR -> submitResponse; tests-other
 *   TestFaultSequenceExecutionForMalformedResponse, fidelity-o2-answers);
 * - a clone/iterate target with an endpoint is a plain send (Synapse Target.mediate drops the continuation after the
 *   clone): each answer goes through the proxy's out-sequence (MI tests-other JSONWithCloneMediatorTestCase);
 * - foreach continueLoopOnFailure (MI tests-patches ForEachContinueLoopTestCase; Synapse ForEachMediator): a failed
 *   iteration is logged and skipped; in JSON only the iterations that went through are written back;
 * - aggregate whose onComplete goes to its end: the message that completed the group goes on after the aggregate
 *   with the aggregated payload (AggregateMediator.completeAggregate; MI tests-patches
 *   EI5523TestJsonStreamAfterAggregateMediator);
 * - aggregate correlateOn on a message from no iterate/clone: false lets it go on, an empty selection is a fault
 *   ("Failed to evaluate correlate expression"), anything else joins the one group of that expression;
 * - send with an endpoint sends even a response (a receive sequence chaining services): only a send without endpoint
 *   answers the client (Synapse SendMediator; MI tests-other HealthCareScenarioTestCase);
 * - send to a recipient list (MI Sample 62): every recipient gets its own copy and every answer goes through the
 *   out-sequence on its own, marked as one of n for an aggregate (Synapse RecipientListEndpoint: a cloned message
 *   context per child with EIPConstants.MESSAGE_SEQUENCE "i/n"); ours had waited for all and mediated the first.
 */
import assert from 'node:assert/strict';
import { send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime fidelity (O2): flows as MI runs them', () => {
  let t: TestRuntime;
  const shelves: Backend[] = [];
  before(async () => {
    for (const name of ['north', 'south', 'east'])
      shelves.push(
        await startBackend((req, res) => {
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(`<part><from>${name}</from><asked>${req.body.length}</asked></part>`);
        }),
      );
    t = await startRuntime({
      'Fan.xml': `<proxy ${NS} name="Fan" transports="http"><target><inSequence>
          <property name="targets" value="${shelves.map((b) => `${b.url}/stock`).join(',')}"/>
          <send><endpoint><recipientlist><endpoints value="{get-property('targets')}"/></recipientlist></endpoint></send>
        </inSequence><outSequence>
          <log level="custom"><property name="fan answer" expression="//from"/></log>
          <property name="wrap" type="OM"><parts xmlns=""/></property>
          <aggregate><completeCondition><messageCount/></completeCondition>
            <onComplete expression="//part" enclosingElementProperty="wrap"><respond/></onComplete></aggregate>
        </outSequence></target></proxy>`,
      'Copies.xml': `<proxy ${NS} name="Copies" transports="http"><target><inSequence>
          <clone><target><endpoint><address uri="${shelves[0].url}/copy"/></endpoint></target>
            <target><endpoint><address uri="${shelves[1].url}/copy"/></endpoint></target></clone>
          <log level="custom"><property name="copies" value="after clone"/></log>
        </inSequence><outSequence>
          <log level="custom"><property name="copy answer" expression="//from"/></log><send/>
        </outSequence></target></proxy>`,
      'Loop.xml': `<api ${NS} name="Loop" context="/o2f/loop"><resource methods="POST"><inSequence>
          <foreach expression="json-eval($.parts)" continueLoopOnFailure="true"><sequence>
            <filter source="json-eval($.sku)" regex="B2"><then><sequence key="noSuchStep"/></then></filter>
          </sequence></foreach><respond/></inSequence></resource></api>`,
      'LoopXml.xml': `<api ${NS} name="LoopXml" context="/o2f/loop-xml"><resource methods="POST"><inSequence>
          <foreach expression="//part" continueLoopOnFailure="true"><sequence>
            <filter source="//sku" regex="B2"><then><sequence key="noSuchStep"/></then></filter>
          </sequence></foreach><respond/></inSequence></resource></api>`,
      'Gather.xml': `<proxy ${NS} name="Gather" transports="http"><target><inSequence>
          <property name="bag" type="OM"><bag xmlns=""/></property>
          <iterate expression="json-eval($.lines)" id="lines"><target><sequence>
            <call><endpoint><http method="post" uri-template="${shelves[2].url}/line"/></endpoint></call>
          </sequence></target></iterate>
          <aggregate id="lines"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete expression="json-eval($)" enclosingElementProperty="bag">
              <log level="custom"><property name="gathered" value="yes"/></log></onComplete></aggregate>
          <payloadFactory media-type="json"><format>{"after": $1}</format>
            <args><arg evaluator="json" expression="$"/></args></payloadFactory>
          <respond/></inSequence></target></proxy>`,
      'Corr.xml': `<api ${NS} name="Corr" context="/o2f/corr"><resource methods="POST" uri-template="/false"><inSequence>
          <aggregate><correlateOn expression="boolean(//nothing)"/><onComplete expression="//x"><respond/></onComplete></aggregate>
          <payloadFactory media-type="xml"><format><went xmlns="">on</went></format><args/></payloadFactory><respond/>
        </inSequence></resource><resource methods="POST" uri-template="/empty"><inSequence>
          <aggregate><correlateOn expression="//nothing"/><onComplete expression="//x"><respond/></onComplete></aggregate>
        </inSequence><faultSequence><payloadFactory media-type="xml"><format><fault xmlns="">$1</fault></format>
          <args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence>
        </resource></api>`,
      'Chain.xml': `<proxy ${NS} name="Chain" transports="http"><target><inSequence>
          <send receive="ChainSecond"><endpoint><address uri="${shelves[0].url}/first"/></endpoint></send>
        </inSequence><outSequence><respond/></outSequence></target></proxy>`,
      'ChainSecond.xml': `<sequence ${NS} name="ChainSecond">
          <payloadFactory media-type="xml"><format><next xmlns="">$1</next></format><args><arg expression="//from"/></args></payloadFactory>
          <send><endpoint><address uri="${shelves[1].url}/second"/></endpoint></send></sequence>`,
      'Back.xml': `<api ${NS} name="Back" context="/o2f/back"><resource methods="POST"><inSequence>
          <header name="To" action="remove"/>
          <payloadFactory media-type="xml"><format><note xmlns="">sent back</note></format><args/></payloadFactory>
          <send/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    for (const b of shelves) await b.close();
  });

  it('send to a recipient list: each answer runs the out-sequence, an aggregate collects all of them', async () => {
    const r = await send(`${t.base}/services/Fan`, {
      body: '<ask><sku>A1</sku></ask>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    const froms = [...r.text.matchAll(/<from>(\w+)<\/from>/g)].map((m) => m[1]).sort();
    assert.deepEqual(froms, ['east', 'north', 'south']);
    assert.match(r.text, /^<parts>(<part>.*?<\/part>){3}<\/parts>$/);
    for (const b of shelves) assert.equal(b.requests.length, 1);
    assert.equal(t.logs.filter((l) => l.message.startsWith('fan answer = ')).length, 3);
  });

  it('send with no endpoint and no To on a request: no transport for it, the default fault sequence runs', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/o2f/back`, { body: '<ask/>', type: 'application/xml' });
    assert.equal(r.status, 202);
    assert.ok(
      t.logs
        .slice(n)
        .some((l) =>
          /Executing default 'fault' sequence, ERROR_CODE = 0, ERROR_MESSAGE = Unexpected error during sending message out\. Address information does not exist in the Endpoint Reference \(EPR\)\.The system cannot infer the transport mechanism\./.test(
            l.message,
          ),
        ),
    );
  });

  it('clone targets with endpoints: each answer runs the out-sequence, the first one answers the client', async () => {
    const r = await send(`${t.base}/services/Copies`, { body: '<ask/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.match(r.text, /^<part><from>(north|south)<\/from>/);
    await until(
      'both copy answers',
      () => t.logs.filter((l) => l.message.startsWith('copy answer = ')).length >= 2,
    );
    assert.equal(t.logs.filter((l) => l.message.startsWith('copy answer = ')).length, 2);
    assert.ok(!t.logs.some((l) => l.message === 'copies = after clone'), 'the parent stops at the clone');
  });

  it('foreach continueLoopOnFailure: a failed iteration is logged and left out of the JSON array', async () => {
    const r = await send(`${t.base}/o2f/loop`, {
      body: JSON.stringify({ parts: [{ sku: 'A1' }, { sku: 'B2' }, { sku: 'C3' }] }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { parts: [{ sku: 'A1' }, { sku: 'C3' }] });
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'WARN' &&
          l.message.startsWith('Error occurred while mediating the sequence for the foreach mediator, ') &&
          l.message.endsWith('. Continuing with the remaining.'),
      ),
    );
    const x = await send(`${t.base}/o2f/loop-xml`, {
      body: '<parts><part><sku>A1</sku></part><part><sku>B2</sku></part><part><sku>C3</sku></part></parts>',
      type: 'application/xml',
    });
    assert.equal(x.status, 200);
    assert.equal(
      x.text,
      '<parts><part><sku>A1</sku></part><part><sku>B2</sku></part><part><sku>C3</sku></part></parts>',
    );
  });

  it('aggregate: after an onComplete that goes on, the flow continues after the aggregate with the result', async () => {
    const r = await send(`${t.base}/services/Gather`, {
      body: JSON.stringify({ lines: [{ n: 1 }, { n: 2 }] }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    const body = r.json() as { after: { bag: { from: string }[] } };
    assert.equal(body.after.bag.length, 2);
    assert.ok(t.logs.some((l) => l.message === 'gathered = yes'));
  });

  it('correlateOn: false lets the message go on, nothing selected is a fault', async () => {
    const f = await send(`${t.base}/o2f/corr/false`, { body: '<x/>', type: 'application/xml' });
    assert.equal(f.text, '<went>on</went>');
    const e = await send(`${t.base}/o2f/corr/empty`, { body: '<x/>', type: 'application/xml' });
    assert.equal(e.text, '<fault>Failed to evaluate correlate expression: //nothing</fault>');
  });

  it('a receive sequence that sends on to another endpoint: the second answer reaches the client', async () => {
    const r = await send(`${t.base}/services/Chain`, { body: '<ask/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.match(r.text, /^<part><from>south<\/from>/);
    assert.equal(shelves[1].requests.at(-1)?.body, '<next>north</next>');
  });
});
