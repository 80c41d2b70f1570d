/**
 * Session 13 oracle sweep (helper S1): MI's aggregate integration tests (tests-mediator-1 aggregate/*) that no test of
 * ours named yet. Our own proxies, namespace, SOAP stand-in back end and payloads; each case names the MI test class.
 */
import assert from 'node:assert/strict';
import {
  NS,
  send,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const D = 'urn:example:s13:desk';
/** A batch with one group of `n` lines, as MI's AggregatedRequestClient builds it (one getQuote holding n requests). */
const batch = (n: number) =>
  `<e:Envelope xmlns:e="${S11}"><e:Body><d:batch xmlns:d="${D}"><d:group>${Array.from(
    { length: n },
    (_, i) => `<d:line><d:item>pen${i}</d:item></d:line>`,
  ).join('')}</d:group></d:batch></e:Body></e:Envelope>`;
const answers = (text: string) => (text.match(/<d:quote /g) ?? []).length;

/** The nested iterate of MI's aggregateMediator*TestProxy configs: one iterate per group, one per line, a send each. */
const nestedIterate = (ep: string) =>
  `<iterate xmlns:d="${D}" id="groups" preservePayload="true" attachPath="//d:batch" expression="//d:batch/d:group" sequential="true">
     <target><sequence>
       <iterate id="lines" preservePayload="true" attachPath="//d:group" expression="//d:batch/d:group/d:line">
         <target><sequence><send><endpoint><address uri="${ep}"/></endpoint></send></sequence></target>
       </iterate>
     </sequence></target>
   </iterate>`;

describe('oracle S13 S1 (MI aggregate tests): message counts given as expressions', () => {
  let t: TestRuntime;
  let desk: Backend;
  before(async () => {
    desk = await startBackend((req, res) => {
      const item = /<(?:\w+:)?item>([^<]*)</.exec(req.body)?.[1] ?? 'none';
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<e:Envelope xmlns:e="${S11}"><e:Body><d:quote xmlns:d="${D}"><d:item>${item}</d:item><d:price>3</d:price></d:quote></e:Body></e:Envelope>`,
      );
    });
    const outer = `<aggregate id="groups"><onComplete xmlns:d="${D}" expression="//d:quote"><send/></onComplete></aggregate>`;
    const proxy = (name: string, counts: string) =>
      `<proxy ${NS} name="${name}" transports="http"><target>
         <inSequence>${nestedIterate(`${desk.url}/desk`)}</inSequence>
         <outSequence>
           <property name="fewest" value="4" type="INTEGER"/><property name="most" value="7" type="INTEGER"/>
           <aggregate id="lines"><completeCondition><messageCount ${counts}/></completeCondition>
             <onComplete xmlns:d="${D}" expression="//d:quote">${outer}</onComplete></aggregate>
         </outSequence></target></proxy>`;
    t = await startRuntime({
      'CountsBoth.xml': proxy('CountsBoth', `min="4" max="{get-property('most')}"`),
      'CountsMin.xml': proxy('CountsMin', `min="{get-property('fewest')}" max="7"`),
    });
  });
  after(async () => {
    await t.close();
    await desk.close();
  });

  const post = (name: string, n: number) =>
    send(`${t.base}/services/${name}`, {
      body: batch(n),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:price' },
    });

  for (const name of ['CountsBoth', 'CountsMin']) {
    it(`${name}: fewer lines than the minimum all come back; more complete at the minimum (MI Specify${name === 'CountsBoth' ? 'BothMinMaxByExpression' : 'MinMessageCountAsExpression'}TestCase, SpecifyMaxMessageCountAsExpressionTestCase)`, async () => {
      const few = await post(name, 3);
      assert.equal(few.status, 200);
      assert.equal(answers(few.text), 3, few.text);
      const many = await post(name, 9);
      assert.equal(many.status, 200);
      // MI's Aggregate.isComplete: the minimum (4) is reached before the maximum (7) or the iterate's count (9)
      assert.equal(answers(many.text), 4, many.text);
    });
  }
});

describe('oracle S13 S1 (MI aggregate tests): onComplete sequence kept in the registry', () => {
  let t: TestRuntime;
  let desk: Backend;
  before(async () => {
    desk = await startBackend((req, res) => {
      const item = /<(?:\w+:)?item>([^<]*)</.exec(req.body)?.[1] ?? 'none';
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<e:Envelope xmlns:e="${S11}"><e:Body><d:quote xmlns:d="${D}"><d:item>${item}</d:item></d:quote></e:Body></e:Envelope>`,
      );
    });
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        'src/main/wso2mi/artifacts/proxy-services/Tally.xml': `<proxy ${NS} name="Tally" transports="http"><target>
           <inSequence>${nestedIterate(`${desk.url}/desk`)}</inSequence>
           <outSequence><aggregate id="lines"><onComplete xmlns:d="${D}" expression="//d:quote">
             <aggregate id="groups"><completeCondition timeout="1"/>
               <onComplete xmlns:d="${D}" expression="//d:quote" sequence="conf:/flows/tallied.xml"/></aggregate>
           </onComplete></aggregate></outSequence></target></proxy>`,
        'src/main/wso2mi/resources/registry/conf/flows/tallied.xml': `<sequence ${NS} name="tallied">
           <payloadFactory media-type="xml"><format><tally xmlns=""><count>$1</count><first>$2</first></tally></format>
             <args><arg xmlns:d="${D}" expression="count(//d:quote)"/><arg xmlns:d="${D}" expression="(//d:item)[1]"/></args></payloadFactory>
           <send/></sequence>`,
      },
      's13s1agg',
    );
  });
  after(async () => {
    await t.close();
    await desk.close();
  });

  it('onComplete sequence="conf:/..." runs the registry sequence on the aggregated message (MI OnCompleteSequenceFromRegistryTestCase)', async () => {
    const r = await send(`${t.base}/services/Tally`, {
      body: batch(3),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:price' },
    });
    assert.equal(r.status, 200);
    // count() is an XPath number: MI (SynapseXPath.stringValueOf) writes a Double, 3.0
    assert.match(r.text, /<tally><count>3\.0<\/count><first>pen\d<\/first><\/tally>/);
  });
});

describe('oracle S13 S1 (MI clone tests): an error in a clone/iterate target stays on that copy', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Fork.xml': `<api ${NS} name="Fork" context="/fork">
        <resource methods="GET" uri-template="/clone"><inSequence>
          <clone sequential="true"><target sequence="shakyStep"/><target sequence="steadyStep"/></clone>
        </inSequence><faultSequence><log level="custom"><property name="where" value="fork fault"/></log>
          <log level="custom"><property name="cast" expression="get-property('ERROR_MESSAGE')"/></log>
          <payloadFactory media-type="json"><format>{"fault":true}</format><args/></payloadFactory><respond/></faultSequence></resource>
        <resource methods="POST" uri-template="/each"><inSequence>
          <iterate expression="json-eval($.parts)" sequential="true" continueParent="true"><target><sequence>
            <filter source="json-eval($)" regex="2"><then><sequence key="noSuchStep"/></then></filter>
            <log level="custom"><property name="part" expression="json-eval($)"/></log>
          </sequence></target></iterate>
          <payloadFactory media-type="json"><format>{"parent":"went on"}</format><args/></payloadFactory><respond/>
        </inSequence><faultSequence><log level="custom"><property name="where" value="each fault"/></log></faultSequence></resource>
      </api>`,
      'shakyStep.xml': `<sequence ${NS} name="shakyStep" onError="shakyCleanup"><sequence key="noSuchStep"/></sequence>`,
      'shakyCleanup.xml': `<sequence ${NS} name="shakyCleanup"><log level="custom"><property name="where" value="cleanup"/></log></sequence>`,
      'steadyStep.xml': `<sequence ${NS} name="steadyStep"><payloadFactory media-type="json"><format>{"second":"ran"}</format><args/></payloadFactory><respond/></sequence>`,
    });
  });
  after(() => t.close());

  const said = (from: number, name: string) =>
    t.logs
      .slice(from)
      .map((l) => l.message)
      .filter((m) => m.startsWith(`${name} = `));

  // Target.mediateMessage hands the error to the copy's onError and sets ERROR_ON_TARGET_EXECUTION (Boolean true),
  // which the sequential CloneMediator then reads with a (String) cast: the ClassCastException is the parent's fault,
  // so the next target never runs (MI-2189's check, Synapse CloneMediator.mediate)
  it('sequential clone: the failing target runs its onError, then the parent faults on the ClassCastException of CloneMediator and the next target does not run (MI ESBJAVA4913HandleExceptionTest; Target.mediateMessage, CloneMediator)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/fork/clone`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { fault: true });
    assert.deepEqual(said(n, 'where'), ['where = cleanup', 'where = fork fault']);
    assert.deepEqual(said(n, 'cast'), [
      "cast = class java.lang.Boolean cannot be cast to class java.lang.String (java.lang.Boolean and java.lang.String are in module java.base of loader 'bootstrap')",
    ]);
  });

  it('sequential iterate: a copy failing with no onError goes to the fault sequence alone; the other copies and the parent go on', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/fork/each`, { body: '{"parts":[1,2,3]}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { parent: 'went on' });
    assert.deepEqual(said(n, 'part'), ['part = 1', 'part = 3']);
    assert.deepEqual(said(n, 'where'), ['where = each fault']);
  });
});
