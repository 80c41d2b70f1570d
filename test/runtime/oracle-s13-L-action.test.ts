/**
 * Session 13 (L): the SOAP action the log and get-property('Action') read (own fixtures). Axis2 keeps one action
 * (Options.action, read by getSoapAction and getWSAAction): ServerWorker sets the SOAPAction header's value (its quotes
 * taken off, "" when it came empty), HTTPTransportUtils.initializeMessageContext a SOAP 1.2 Content-Type's action
 * parameter, and ClientWorker gives a non-blocking call's answer "" (setSoapAction("")). LogMediator prints WSAction
 * and SOAPAction whenever they are not null. No MI test asserts these lines: the sources prove them.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S13 L: the action a simple log prints (LogMediator.getSimpleLogMessage, ClientWorker.setSoapAction(""))', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend();
    const call = `<call><endpoint><http method="post" uri-template="${backend.url}/b"/></endpoint></call>`;
    const act = `<log level="custom"><property name="act" expression="concat('[', get-property('Action'), ']')"/></log>`;
    t = await startRuntime({
      'Bells.xml': `<api ${NS} name="Bells" context="/bells">
        <resource methods="POST" uri-template="/after"><inSequence><log level="simple"/>${call}<log level="simple"/>${act}<respond/></inSequence></resource>
        <resource methods="POST" uri-template="/set"><inSequence>${call}<header name="Action" value="urn:ring"/><log level="simple"/><respond/></inSequence></resource>
      </api>`,
      'Chime.xml': `<proxy ${NS} name="Chime" transports="http"><target><inSequence><log level="simple"/>${act}<respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });
  const simple = (): string[] => t.logs.filter((l) => l.message.startsWith('To: ')).map((l) => l.message);
  const acts = (): string[] => t.logs.filter((l) => l.message.startsWith('act = ')).map((l) => l.message);

  it('after a non-blocking call the action is "": the log prints WSAction and SOAPAction empty', async () => {
    t.logs.length = 0;
    await send(`${t.base}/bells/after`, { body: '{"b":1}', type: 'application/json' });
    const [before, after] = simple();
    assert.doesNotMatch(before, /WSAction/, before);
    assert.match(
      after,
      /^To: http:\/\/www\.w3\.org\/2005\/08\/addressing\/anonymous, WSAction: , SOAPAction: , MessageID: /,
    );
    assert.deepEqual(acts(), ['act = []']);
    // an Action a mediator sets after the call is the action again
    t.logs.length = 0;
    await send(`${t.base}/bells/set`, { body: '{"b":1}', type: 'application/json' });
    assert.match(simple()[0], /, WSAction: urn:ring, SOAPAction: urn:ring, /);
  });

  it('a SOAPAction header that came empty is printed empty; a SOAP 1.2 action parameter is the action', async () => {
    t.logs.length = 0;
    await send(`${t.base}/services/Chime`, {
      body: '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><ding/></e:Body></e:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: '""' },
    });
    await send(`${t.base}/services/Chime`, {
      body: '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><ding/></e:Body></e:Envelope>',
      type: 'application/soap+xml; action="urn:dong"; charset=UTF-8',
    });
    const [empty, soap12] = simple();
    assert.match(empty, /^To: \/services\/Chime, WSAction: , SOAPAction: , MessageID: /);
    assert.match(soap12, /^To: \/services\/Chime, WSAction: urn:dong, SOAPAction: urn:dong, MessageID: /);
    assert.deepEqual(acts(), ['act = []', 'act = [urn:dong]']);
  });
});
