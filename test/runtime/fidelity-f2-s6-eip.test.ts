/**
 * Aggregate faults (helper F2, session 6), with our own fixtures over real HTTP.
 *
 * An error inside onComplete is handled where it happens (Synapse AggregateMediator.mediateTheOnCompleteSequence):
 * the top fault handler of the aggregated message runs on it. That message is a clone of the first collected one,
 * whose stack still holds the onError of the sequence the aggregate is in (SequenceMediator pops it only when the
 * sequence went on to its end). So the sequence's onError answers, also when the group completed on its timeout
 * (MI tests-mediator-1 aggregate/FaultSeqInvokeWithAggregateTimeoutTestCase expects the sequence's error handler,
 * not the API's fault sequence; ours ran the API's after a timeout).
 *
 * Merging the messages after the first fails when the expression matches nothing in one of them or matches the whole
 * SOAP envelope (EIPUtils.enrichEnvelope: "Could not find matching elements to aggregate." / "Could not add
 * SOAPEnvelope as child element."), reported as "Error evaluating expression: EXPR" (AggregateMediator; MI
 * tests-mediator-1 AggregateOnCompleteConditionErrorTestCase, onComplete expression "."). Ours merged anyway.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): an error in aggregate onComplete', () => {
  let t: TestRuntime;
  let slow: Backend;
  let echo: Backend;
  before(async () => {
    echo = await startBackend((req, res) => {
      const which = /<crate>(\w+)<\/crate>/.exec(req.body)?.[1] ?? '';
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${which === 'odd' ? '<other/>' : `<packed>${which}</packed>`}</e:Body></e:Envelope>`,
      );
    });
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
      ...Object.fromEntries(
        [
          ['PackAll', '.'],
          ['PackSome', '//packed'],
        ].map(([name, expr]) => [
          `${name}.xml`,
          `<proxy ${NS} name="${name}" transports="http"><target>
          <inSequence><iterate expression="//crate"><target><sequence>
            <send><endpoint><address uri="${echo.url}/pack"/></endpoint></send></sequence></target></iterate></inSequence>
          <outSequence><aggregate><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete expression="${expr}"><send/></onComplete></aggregate></outSequence>
          <faultSequence><payloadFactory media-type="xml"><format><failed xmlns="">$1</failed></format>
              <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
            <property name="HTTP_SC" value="200" scope="axis2"/><respond/></faultSequence></target></proxy>`,
        ]),
      ),
    });
  });
  after(async () => {
    await t?.close();
    await slow?.close();
    await echo?.close();
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

  const packs = (...names: string[]) =>
    `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${crates(...names)}</e:Body></e:Envelope>`;

  const pack = (proxy: string, ...names: string[]) =>
    send(`${t.base}/services/${proxy}`, {
      body: packs(...names),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:pack' },
    });

  it('merges the matching elements of every answer', async () => {
    const r = await pack('PackSome', 'a', 'b');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([...r.text.matchAll(/<packed>(\w+)<\/packed>/g)].map((m) => m[1]).sort(), ['a', 'b']);
  });

  it('an expression that matches nothing in a later answer, or the whole envelope, fails with MI words', async () => {
    // the answers may come in any order: the odd one fails as the later one, or the good one finds nothing in it
    const some = await pack('PackSome', 'a', 'odd');
    const all = await pack('PackAll', 'a', 'b');
    const failed = (x: string) => /<failed>([^<]*)<\/failed>/.exec(x)?.[1];
    assert.deepEqual(
      [failed(some.text), failed(all.text)],
      ['Error evaluating expression: //packed', 'Error evaluating expression: .'],
    );
  });
});
