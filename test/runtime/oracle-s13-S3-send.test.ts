/**
 * MI's respond, send and sequence integration tests (tests-mediator-2 .../mediator/test/{respond,send,sequence})
 * replayed with our own proxies over real HTTP: respond ends the flow where it stands (RespondMediator returns
 * false), a send's receive attribute may be an expression naming the sequence the answer goes to (SendMediator:
 * receivingSequence Value), and a sequence key may come from a transport header.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ask = (item: string) =>
  `<s:Envelope xmlns:s="${S11}"><s:Body><q:ask xmlns:q="urn:stock"><q:req><q:item>${item}</q:item></q:req></q:ask></s:Body></s:Envelope>`;

describe('oracle s13 S3: respond, send receive, dynamic sequence (MI respond/send/sequence test cases)', () => {
  let be: Backend;
  let t: TestRuntime;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<s:Envelope xmlns:s="${S11}"><s:Body><a:answer xmlns:a="urn:stock"><a:left>7</a:left></a:answer></s:Body></s:Envelope>`,
      );
    });
    const ep = `<endpoint><address uri="${be.url}/stock"/></endpoint>`;
    t = await startRuntime({
      'Answering.xml': `<sequence ${NS} name="Answering"><log level="custom"><property name="via" value="Answering"/></log>
        <property name="marked" value="yes"/><send/></sequence>`,
      'ToStock.xml': `<sequence ${NS} name="ToStock"><send>${ep}</send></sequence>`,
      'Stock.xml': `<proxy ${NS} name="Stock" transports="http"><target><inSequence>
        <switch source="//q:ask/q:req/q:item" xmlns:q="urn:stock">
          <case regex="pear"><send>${ep}</send></case>
          <case regex="fig"><respond/><property name="late" value="set after respond"/><send>${ep}</send></case>
          <default><property name="other" value="nothing sent"/></default>
        </switch></inSequence><outSequence><send/></outSequence></target></proxy>`,
      'Receiving.xml': `<proxy ${NS} name="Receiving" transports="http"><target><inSequence>
        <property name="answerSeq" value="Answering"/>
        <send receive="{get-property('answerSeq')}" buildmessage="true">${ep}</send>
        </inSequence><outSequence><log level="custom"><property name="via" value="outSequence"/></log><drop/></outSequence></target></proxy>`,
      'ByHeader.xml': `<proxy ${NS} name="ByHeader" transports="http"><target><inSequence>
        <property name="seqName" expression="get-property('transport', 'X-Route')"/>
        <sequence key="{get-property('seqName')}"/>
        </inSequence><outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const post = (proxy: string, item: string, headers: Record<string, string> = {}) =>
    send(`${t.base}/services/${proxy}`, {
      body: ask(item),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask', ...headers },
    });

  it('respond in a switch case answers the request itself and nothing after it runs; a case that answers nothing gives no body (MI RespondIntegrationTest)', async () => {
    const pear = await post('Stock', 'pear');
    assert.equal(pear.status, 200);
    assert.match(pear.text, /<a:left>7<\/a:left>/);
    const hits = be.requests.length;
    const fig = await post('Stock', 'fig');
    assert.equal(fig.status, 200);
    assert.match(fig.text, /<q:item>fig<\/q:item>/);
    const plum = await post('Stock', 'plum');
    assert.equal(plum.status, 202);
    assert.equal(plum.text, '');
    assert.equal(be.requests.length, hits);
  });

  it("send receive='{expr}' hands the answer to the sequence the expression names, not the outSequence (MI SendIntegrationDynamicSequenceTestCase)", async () => {
    const n = t.logs.length;
    const r = await post('Receiving', 'pear');
    assert.equal(r.status, 200);
    assert.match(r.text, /<a:left>7<\/a:left>/);
    const logs = t.logs
      .slice(n)
      .map((l) => l.message)
      .join('\n');
    assert.match(logs, /via = Answering/);
    assert.doesNotMatch(logs, /via = outSequence/);
  });

  it('a sequence key from a transport header picks the sequence at run time (MI DynamicSequenceTestCase)', async () => {
    const r = await post('ByHeader', 'pear', { 'X-Route': 'ToStock' });
    assert.equal(r.status, 200);
    assert.match(r.text, /<a:left>7<\/a:left>/);
  });
});
