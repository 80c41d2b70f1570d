/**
 * Review R4 of session 13: cases the reviewed commits left out. Our own APIs, back ends and values.
 */
import assert from 'node:assert/strict';
import { rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('oracle s13 R4: NO_KEEPALIVE after an endpoint timeout (Synapse TimeoutHandler; MI PropertyIntegrationNO_KEEPALIVE_PropertyTest area)', () => {
  let t: TestRuntime;
  let slow: Backend;
  before(async () => {
    slow = await startBackend((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('late');
      }, 1000);
    });
    const api = (name: string, blocking: string) =>
      `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="/${name}"><resource methods="GET"><inSequence>
        <property name="NO_KEEPALIVE" value="true" scope="axis2"/>
        <call${blocking}><endpoint><address uri="${slow.url}/slow"><timeout><duration>150</duration><responseAction>fault</responseAction></timeout></address></endpoint></call>
        <respond/>
      </inSequence><faultSequence><payloadFactory media-type="json"><format>{"timedOut":true}</format></payloadFactory><respond/></faultSequence></resource></api>`;
    t = await startRuntime({
      'LateKeep.xml': api('late-keep', ''),
      'LateKeepBlocking.xml': api('late-keep-blocking', ' blocking="true"'),
    });
  });
  after(async () => {
    await t?.close();
    await slow?.close();
  });

  it('a non-blocking call that times out: TimeoutHandler takes NO_KEEPALIVE off, the fault answer keeps the connection', async () => {
    const r = await rawRequest(`${t.base}/late-keep`);
    assert.equal(r.text, '{"timedOut":true}');
    assert.notEqual(String(r.headers.connection).toLowerCase(), 'close');
  });

  it('a blocking call that times out keeps it (BlockingMsgSender has no TimeoutHandler): the answer closes', async () => {
    const r = await rawRequest(`${t.base}/late-keep-blocking`);
    assert.equal(r.text, '{"timedOut":true}');
    assert.equal(String(r.headers.connection).toLowerCase(), 'close');
  });
});

describe('oracle s13 R4: a WS-Addressing header given twice is not read (Axis2 AddressingInHandler.checkDuplicateHeaders; MI sample 155 area)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'TwiceRead.xml': `<proxy xmlns="http://ws.apache.org/ns/synapse" name="TwiceRead"><target><inSequence>
        <property name="sku" expression="//*[local-name()='sku']"/><respond/></inSequence>
        <faultSequence><payloadFactory media-type="xml"><format><seen xmlns=""><id>$1</id><act>$2</act></seen></format><args>
          <arg expression="get-property('MessageID')"/><arg expression="get-property('Action')"/></args></payloadFactory>
          <respond/></faultSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('two wsa:MessageID: the build fails with the transport message id kept; the wsa:Action given once is read', async () => {
    const r = await send(`${t.base}/services/TwiceRead`, {
      type: 'text/xml; charset=UTF-8',
      body:
        '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing"><e:Header>' +
        '<a:Action>urn:lookupSku</a:Action><a:MessageID>urn:uuid:dup-one</a:MessageID><a:MessageID>urn:uuid:dup-two</a:MessageID>' +
        '</e:Header><e:Body><q:item xmlns:q="urn:example:skus"><q:sku>A-7</q:sku></q:item></e:Body></e:Envelope>',
    });
    const id = /<id>([^<]*)<\/id>/.exec(r.text)?.[1];
    assert.ok(id, r.text);
    assert.ok(!id.includes('dup-'), `the duplicated header is not used: ${id}`);
    assert.match(r.text, /<act>urn:lookupSku<\/act>/);
  });
});

describe('oracle s13 R4: a fault with a FaultTo that is the none URI goes to the ReplyTo address (Synapse Axis2Sender.sendBack; MI sample 155 area)', function () {
  this.timeout(10000);
  let t: TestRuntime;
  let replies: Backend;
  before(async () => {
    replies = await startBackend((_req, res) => {
      res.writeHead(202);
      res.end();
    });
    t = await startRuntime({
      'FaultBack.xml': `<proxy xmlns="http://ws.apache.org/ns/synapse" name="FaultBack"><target><inSequence>
        <property name="sku" expression="//*[local-name()='sku']"/>
        <makefault version="soap11"><code xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" value="e:Server"/><reason value="no such sku"/></makefault>
        <respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await replies?.close();
  });

  it('the client is acknowledged 202 and the fault reaches the ReplyTo address', async () => {
    const r = await send(`${t.base}/services/FaultBack`, {
      type: 'text/xml; charset=UTF-8',
      body:
        '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing"><e:Header>' +
        `<a:Action>urn:lookupSku</a:Action><a:MessageID>urn:uuid:fault-back-1</a:MessageID><a:ReplyTo><a:Address>${replies.url}/replies</a:Address></a:ReplyTo>` +
        '<a:FaultTo><a:Address>http://www.w3.org/2005/08/addressing/none</a:Address></a:FaultTo>' +
        '</e:Header><e:Body><q:item xmlns:q="urn:example:skus"><q:sku>B-2</q:sku></q:item></e:Body></e:Envelope>',
    });
    assert.equal(r.status, 202);
    await until('the fault at the ReplyTo address', () => replies.requests.length !== 0);
    assert.equal(replies.requests.length, 1, 'the fault went to the ReplyTo address');
    assert.equal(replies.requests[0]!.url, '/replies');
    assert.match(replies.requests[0]!.body, /<faultstring>no such sku<\/faultstring>/);
  });
});
