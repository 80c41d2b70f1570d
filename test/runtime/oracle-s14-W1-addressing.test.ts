/**
 * Session 14, helper W1: the back end's own WS-Addressing headers on a SOAP answer. MI builds a non-blocking call's
 * answer (SynapseCallbackReceiver's message) when a content-aware mediator first reads it, through RelayUtils
 * .buildMessage, whose processAddressing runs Axis2's AddressingInHandler on it: the answer's wsa:Action becomes its
 * action (ClientWorker left it ""), its wsa:MessageID its message id, a wsa:To its To; its wsa:RelatesTo is added
 * after the relationship SynapseCallbackReceiver set (the request's message id), which Options.getRelatesTo still
 * gives first; the answer keeps the DISABLE_ADDRESSING_FOR_OUT_MESSAGES it had (processAddressing puts it back).
 * Before the answer is built, none of its headers is read. Own proxies and back end.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';

describe("oracle s14 (W1): a back end answer's WS-Addressing headers read when it is built (RelayUtils.processAddressing, AddressingInHandler)", function () {
  this.timeout(20000);
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<s:Envelope xmlns:s="${S11}" xmlns:wsa="${WSA}"><s:Header><wsa:Action>urn:example:kiln:fired</wsa:Action><wsa:MessageID>urn:uuid:kiln-answer-7</wsa:MessageID><wsa:RelatesTo>urn:uuid:somewhere-else</wsa:RelatesTo></s:Header><s:Body><k:fired xmlns:k="urn:example:kiln">yes</k:fired></s:Body></s:Envelope>`,
      );
    });
    const props = `<property name="action" expression="get-property('Action')"/><property name="id" expression="get-property('MessageID')"/><property name="rel" expression="get-property('RelatesTo')"/>`;
    t = await startRuntime({
      'KilnCall.xml': `<proxy ${NS} name="KilnCall"><target><inSequence>
          <property name="requestId" expression="get-property('MessageID')"/>
          <call><endpoint><address uri="${be.url}/kiln"/></endpoint></call>
          <log level="custom" category="WARN"><property name="stage" value="unbuilt"/>${props}</log>
          <log level="full"/>
          <log level="custom" category="WARN"><property name="stage" value="built"/>${props}<property name="requestId" expression="get-property('requestId')"/></log>
          <respond/></inSequence></target></proxy>`,
      'KilnRelay.xml': `<proxy ${NS} name="KilnRelay"><target><inSequence><log level="full"/><send><endpoint><address uri="${be.url}/kiln"/></endpoint></send></inSequence>
          <outSequence><log level="full"/><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const plain = `<s:Envelope xmlns:s="${S11}"><s:Body><k:fire xmlns:k="urn:example:kiln"/></s:Body></s:Envelope>`;

  it("after a call: Action and MessageID are the answer's own once it is built, RelatesTo stays the request's id (MI PropertyIntegrationDisableAddressingForOutMessagesTestCase back end)", async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/services/KilnCall`, {
      body: plain,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:fire"' },
    });
    assert.equal(r.status, 200);
    const lines = t.logs.filter((l) => l.message.includes('stage = ')).map((l) => l.message);
    assert.equal(lines.length, 2, lines.join('\n'));
    const [unbuilt, built] = lines;
    assert.ok(unbuilt.includes('action = ,') || unbuilt.includes('action = null,'), unbuilt);
    assert.ok(!unbuilt.includes('kiln-answer-7'), unbuilt);
    assert.ok(built.includes('action = urn:example:kiln:fired'), built);
    assert.ok(built.includes('id = urn:uuid:kiln-answer-7'), built);
    const requestId = /requestId = (urn:uuid:[^,\s]+)/.exec(built)?.[1];
    assert.ok(requestId, built);
    assert.ok(built.includes(`rel = ${requestId}`), built);
    // the client sent no WS-Addressing: its answer carries none (the back end's are removed when it is sent back)
    assert.ok(!r.text.includes('<wsa:'), r.text);
  });

  it("a client that used WS-Addressing gets the back end's action in the answer's wsa:Action once the answer was built (AddressingOutHandler reads the action AddressingInHandler set)", async () => {
    const r = await send(`${t.base}/services/KilnRelay`, {
      body: `<s:Envelope xmlns:s="${S11}" xmlns:wsa="${WSA}"><s:Header><wsa:To>${t.base}/services/KilnRelay</wsa:To><wsa:MessageID>urn:uuid:client-1</wsa:MessageID><wsa:Action>urn:fire</wsa:Action></s:Header><s:Body><k:fire xmlns:k="urn:example:kiln"/></s:Body></s:Envelope>`,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:fire"' },
    });
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('<wsa:Action>urn:example:kiln:fired</wsa:Action>'), r.text);
    assert.ok(r.text.includes('<wsa:RelatesTo>urn:uuid:client-1</wsa:RelatesTo>'), r.text);
    assert.ok(!r.text.includes('kiln-answer-7'), r.text);
  });
});

describe("oracle s14 (W1): a SOAP fault goes to the request's wsa:FaultTo when only the FaultTo is not anonymous (Axis2Sender.sendBack, AddressingHelper.isFaultRedirected; ServerWorker.sendAck)", function () {
  this.timeout(20000);
  let t: TestRuntime;
  let faults: Backend;
  before(async () => {
    faults = await startBackend((req, res) => {
      res.writeHead(202);
      res.end();
    });
    t = await startRuntime({
      'CrackedKiln.xml': `<proxy ${NS} name="CrackedKiln"><target><inSequence><log level="full"/>
        <makefault version="soap11"><code value="soapenv:Server" xmlns:soapenv="${S11}"/><reason value="kiln cracked"/></makefault><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await faults?.close();
  });

  it('the fault is POSTed to the FaultTo address with its own wsa headers (To, a new MessageID, the operation output action, RelatesTo); the client is answered 202 with no body', async () => {
    const r = await send(`${t.base}/services/CrackedKiln`, {
      body: `<s:Envelope xmlns:s="${S11}" xmlns:wsa="${WSA}"><s:Header><wsa:To>${t.base}/services/CrackedKiln</wsa:To><wsa:MessageID>urn:uuid:kiln-f-1</wsa:MessageID><wsa:Action>urn:fire</wsa:Action><wsa:FaultTo><wsa:Address>${faults.url}/faults</wsa:Address></wsa:FaultTo></s:Header><s:Body><k:fire xmlns:k="urn:example:kiln"/></s:Body></s:Envelope>`,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:fire"' },
    });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    await until('the fault at the FaultTo address', () => faults.requests.length > 0);
    const got = faults.requests[0];
    assert.ok(got, 'no fault sent to the FaultTo address');
    assert.equal(got.url, '/faults');
    assert.match(
      got.body,
      new RegExp(
        `<wsa:To>${faults.url}/faults</wsa:To><wsa:MessageID>urn:uuid:[0-9a-f-]{36}</wsa:MessageID><wsa:Action>urn:mediateResponse</wsa:Action><wsa:RelatesTo>urn:uuid:kiln-f-1</wsa:RelatesTo>`,
      ),
    );
    assert.ok(got.body.includes('<faultstring>kiln cracked</faultstring>'), got.body);
    // (TargetRequest keeps the request's SOAPAction transport header: sendBack's action is "")
    assert.equal(got.headers['soapaction'], '"urn:fire"');
  });
});
