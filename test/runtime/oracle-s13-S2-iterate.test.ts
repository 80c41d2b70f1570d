/**
 * Oracle sweep (session 13, S2): MI's iterate-mediator integration tests (mediator/test/iterate). A SOAP request with
 * several parts is split, each part sent to a back end, and the answers aggregated in the out-sequence. Our own
 * names, payloads and back end; the MI test class each case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const M = 'urn:example:stock';

const envelope = (body: string) => `<e:Envelope xmlns:e="${S11}"><e:Body>${body}</e:Body></e:Envelope>`;
const symbols = (...s: string[]) =>
  envelope(
    `<m:ask xmlns:m="${M}">${s.map((x) => `<m:item><m:code>${x}</m:code></m:item>`).join('')}</m:ask>`,
  );

/** The out-sequence: aggregate the answers of the iterate `id`, send them back. */
const aggregateOut = (id: string) =>
  `<outSequence><aggregate id="${id}"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
     <onComplete xmlns:m="${M}" expression="//m:answer"><send/></onComplete></aggregate></outSequence>`;

describe('oracle (MI integration tests, s13 S2): iterate', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    // answers each part with its code, the SOAPAction it came with and the path it was sent to
    be = await startBackend((req, res) => {
      const code = /<[^>]*code>([^<]*)</.exec(req.body)?.[1] ?? '';
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        envelope(
          `<m:answer xmlns:m="${M}"><m:code>${code}</m:code><m:action>${req.headers.soapaction ?? ''}</m:action><m:path>${req.url}</m:path></m:answer>`,
        ),
      );
    });
    t = await startRuntime({
      // IterateSOAPActionTest / InvalidSoapActionTestCase: the target's soapAction and to
      'Actioned.xml': `<proxy ${NS} name="Actioned" transports="http"><target><inSequence>
          <iterate xmlns:m="${M}" id="acts" preservePayload="true" attachPath="//m:ask" expression="//m:ask/m:item">
            <target to="${be.url}/priced" soapAction="urn:price"><sequence><send/></sequence></target></iterate>
        </inSequence>${aggregateOut('acts')}</target></proxy>`,
      // ESBJAVA2843IterateTestCase: an endpoint target (its to and soapAction set first), the parent dropped after
      'EndpointTarget.xml': `<proxy ${NS} name="EndpointTarget" transports="http"><target><inSequence>
          <iterate xmlns:m="${M}" id="eps" expression="//m:ask/m:item">
            <target soapAction="urn:price"><endpoint><address uri="${be.url}/direct"/></endpoint></target></iterate>
          <drop/></inSequence>${aggregateOut('eps')}</target></proxy>`,
      // IterateAttachPathTest: sequence="anon" beside an inline sequence: the inline one runs
      'AnonTarget.xml': `<proxy ${NS} name="AnonTarget" transports="http"><target><inSequence>
          <iterate xmlns:m="${M}" id="anon" preservePayload="true" attachPath="//m:ask" expression="//m:ask/m:item">
            <target sequence="anon"><sequence><send><endpoint><address uri="${be.url}/inline"/></endpoint></send></sequence></target></iterate>
        </inSequence>${aggregateOut('anon')}</target></proxy>`,
      // IterateIDTestCase: nested iterates with their own ids, nested aggregates completing inner then outer
      'Nested.xml': `<proxy ${NS} name="Nested" transports="http"><target><inSequence>
          <iterate xmlns:m="${M}" id="outer" preservePayload="true" attachPath="//m:batch" expression="//m:batch/m:ask">
            <target><sequence>
              <iterate id="inner" preservePayload="true" attachPath="//m:ask" expression="//m:batch/m:ask/m:item">
                <target><sequence>
                  <payloadFactory><format><m:ask><m:item><m:code>$1-x</m:code></m:item></m:ask></format><args><arg expression="//m:item/m:code"/></args></payloadFactory>
                  <send><endpoint><address uri="${be.url}/nested"/></endpoint></send>
                </sequence></target></iterate>
            </sequence></target></iterate></inSequence>
          <outSequence><aggregate id="inner"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete xmlns:m="${M}" expression="//m:answer">
              <aggregate id="outer"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
                <onComplete xmlns:m="${M}" expression="//m:answer"><send/></onComplete></aggregate>
            </onComplete></aggregate></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const post = (proxy: string, body: string) =>
    send(`${t.base}/services/${proxy}`, { body, type: 'text/xml', headers: { SOAPAction: 'urn:ask' } });
  const answers = (text: string) =>
    [...text.matchAll(/<m:code>([^<]*)<\/m:code><m:action>([^<]*)<\/m:action><m:path>([^<]*)<\/m:path>/g)]
      .map((m) => `${m[1]} ${m[2]} ${m[3]}`)
      .sort();

  it("a target's soapAction is the SOAP action each part goes out with, its to where a send with no endpoint goes (MI IterateSOAPActionTest, InvalidSoapActionTestCase)", async () => {
    const r = await post('Actioned', symbols('AB', 'CD'));
    assert.equal(r.status, 200);
    // Target.mediate: synCtx.setSoapAction(soapAction), then the To set to the target's to
    assert.deepEqual(answers(r.text), ['AB "urn:price" /priced', 'CD "urn:price" /priced']);
  });

  it('an endpoint target sends each part with the target soapAction; the answers are aggregated (MI ESBJAVA2843IterateTestCase)', async () => {
    const r = await post('EndpointTarget', symbols('EF', 'GH', 'IJ'));
    assert.equal(r.status, 200);
    assert.deepEqual(answers(r.text), [
      'EF "urn:price" /direct',
      'GH "urn:price" /direct',
      'IJ "urn:price" /direct',
    ]);
  });

  it('sequence="anon" beside an inline sequence: the inline sequence runs (MI IterateAttachPathTest)', async () => {
    const r = await post('AnonTarget', symbols('KL', 'MN'));
    assert.equal(r.status, 200);
    assert.deepEqual(answers(r.text), ['KL "urn:ask" /inline', 'MN "urn:ask" /inline']);
  });

  it('nested iterates with their own ids: the inner aggregate completes per outer part, the outer one sends all (MI IterateIDTestCase)', async () => {
    const batch = envelope(
      `<m:batch xmlns:m="${M}"><m:ask><m:item><m:code>P1</m:code></m:item></m:ask><m:ask><m:item><m:code>P2</m:code></m:item></m:ask></m:batch>`,
    );
    const r = await post('Nested', batch);
    assert.equal(r.status, 200);
    assert.deepEqual(answers(r.text), ['P1-x "urn:ask" /nested', 'P2-x "urn:ask" /nested']);
  });
});
