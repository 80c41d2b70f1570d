/**
 * Session 13, helper S5: message store and processor behaviours MI's integration tests assert (tests-mediator-1/2
 * message/processor, tests-patches message/processor). Our own proxies, stores and payloads; the MI test class each
 * case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const FWD = 'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor';
const SAMPLER = 'org.apache.synapse.message.processor.impl.sampler.SamplingProcessor';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';

describe('oracle s13 (S5): message stores and processors', () => {
  let t: TestRuntime;
  let be: Backend;
  const hits = (path: string) => be.requests.filter((r) => r.url === path);
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<taken/>');
    });
    const proxy = (name: string, body: string) =>
      `<proxy ${NS} name="${name}" transports="http https"><target><inSequence>${body}</inSequence></target></proxy>`;
    t = await startRuntime({
      ...Object.fromEntries(
        ['HeaderBin', 'PlainBin', 'WsaBin', 'EmptyBin'].map((n) => [
          `${n}.xml`,
          `<messageStore ${NS} name="${n}"/>`,
        ]),
      ),
      'HeaderEp.xml': `<endpoint ${NS} name="HeaderEp"><address uri="${be.url}/kept/header"/></endpoint>`,
      'PlainEp.xml': `<endpoint ${NS} name="PlainEp"><address uri="${be.url}/kept/plain"/></endpoint>`,
      'WsaEp.xml': `<endpoint ${NS} name="WsaEp"><address uri="${be.url}/kept/wsa"><enableAddressing/></address></endpoint>`,
      'HeaderProc.xml': `<messageProcessor ${NS} name="HeaderProc" class="${FWD}" messageStore="HeaderBin" targetEndpoint="HeaderEp">
        <parameter name="interval">50</parameter><parameter name="is.active">true</parameter></messageProcessor>`,
      // no interval parameter: the forwarding processor runs at its default interval (1000 ms)
      'PlainProc.xml': `<messageProcessor ${NS} name="PlainProc" class="${FWD}" messageStore="PlainBin" targetEndpoint="PlainEp">
        <parameter name="client.retry.interval">100</parameter><parameter name="is.active">true</parameter></messageProcessor>`,
      'WsaProc.xml': `<messageProcessor ${NS} name="WsaProc" class="${FWD}" messageStore="WsaBin" targetEndpoint="WsaEp">
        <parameter name="interval">50</parameter><parameter name="max.delivery.attempts">2</parameter>
        <parameter name="message.processor.reply.sequence">WsaReply</parameter></messageProcessor>`,
      'EmptyProc.xml': `<messageProcessor ${NS} name="EmptyProc" class="${SAMPLER}" messageStore="EmptyBin">
        <parameter name="sequence">EmptySeen</parameter><parameter name="interval">50</parameter></messageProcessor>`,
      'WsaReply.xml': `<sequence ${NS} name="WsaReply"><log level="custom"><property name="wsa reply" expression="local-name($body/*[1])"/></log></sequence>`,
      'EmptySeen.xml': `<sequence ${NS} name="EmptySeen"><log level="full"><property name="SEEN" value="EMPTY"/></log></sequence>`,
      'HeaderProxy.xml': proxy(
        'HeaderProxy',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><property name="OUT_ONLY" value="true"/>
         <property name="messageType" value="application/xml" scope="axis2"/>
         <property name="X-Order-Trace" value="trace-77" scope="transport"/>
         <store messageStore="HeaderBin"/>`,
      ),
      'PlainProxy.xml': proxy(
        'PlainProxy',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><property name="OUT_ONLY" value="true"/><store messageStore="PlainBin"/>`,
      ),
      'WsaProxy.xml': proxy(
        'WsaProxy',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
         <payloadFactory media-type="xml"><format><hello><who>queued</who></hello></format><args/></payloadFactory>
         <header scope="default"><wsa:MessageID xmlns:wsa="${WSA}">uuid:0f0e0d0c-1111-2222-3333-444455556666</wsa:MessageID></header>
         <header scope="default"><wsa:To xmlns:wsa="${WSA}">http://127.0.0.1:1/nowhere</wsa:To></header>
         <property name="PRESERVE_WS_ADDRESSING" value="true"/>
         <store messageStore="WsaBin"/>`,
      ),
      'EmptyProxy.xml': proxy(
        'EmptyProxy',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><store messageStore="EmptyBin"/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a transport header and messageType set before the store reach the back end (MI ESBJAVA3650_CustomHeaderPreserved_MessageProcessorOutMessage_TestCase)', async () => {
    const r = await send(`${t.base}/services/HeaderProxy`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><order><id>9</id></order></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:placeOrder' },
    });
    assert.equal(r.status, 202);
    await until('forwarded', () => hits('/kept/header').length === 1);
    const got = hits('/kept/header')[0];
    assert.equal(got.headers['x-order-trace'], 'trace-77');
    assert.match(String(got.headers['content-type']), /^application\/xml/);
    assert.equal(got.body, '<order><id>9</id></order>');
  });

  it('a forwarding processor without an interval parameter still forwards (MI MessageProcessorWithoutIntervalParamTestCase)', async () => {
    const r = await send(`${t.base}/services/PlainProxy`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><quote><sym>ACME</sym></quote></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:getQuote' },
    });
    assert.equal(r.status, 202);
    await until('forwarded', () => hits('/kept/plain').length === 1);
    assert.match(hits('/kept/plain')[0].body, /<sym>ACME<\/sym>/);
  });

  it('WS-Addressing headers set by the flow: the processor still goes to its endpoint (MI DynamicallySettingWSAHeadersTestCase)', async () => {
    const r = await send(`${t.base}/services/WsaProxy`, {
      body: '<ask><q>1</q></ask>',
      type: 'application/xml',
    });
    assert.equal(r.status, 202);
    await until('forwarded', () => hits('/kept/wsa').length === 1);
    assert.match(hits('/kept/wsa')[0].body, /<who>queued<\/who>/);
    await until('reply', () => t.logs.some((l) => l.message === 'wsa reply = taken'));
  });

  it('a message with an empty SOAP body is stored and sampled (MI StoreAndForwardWithEmptyMessageBodyTestCase)', async () => {
    const r = await send(`${t.base}/services/EmptyProxy`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body/></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:mediate' },
    });
    assert.equal(r.status, 202);
    await until('sampled', () => t.logs.some((l) => l.message.includes('SEEN = EMPTY')));
  });
});
