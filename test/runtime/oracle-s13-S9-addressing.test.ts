/**
 * Session 13, helper S9: a SOAP client's WS-Addressing headers as MI reads them (Axis2 AddressingInHandler, run by
 * pass-through RelayUtils.buildMessage when the message is first built; the addressing module is engaged globally),
 * and a reply to a ReplyTo address that is not anonymous (Axis2Sender.sendBack; MI sample 155's dual channel).
 * Our own proxies and payloads.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';
const WSA_SUB = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';

function envelope(headers: string, ns = WSA): string {
  return `<s:Envelope xmlns:s="${S11}" xmlns:wsa="${ns}"><s:Header>${headers}</s:Header><s:Body><b:book xmlns:b="urn:example:books"><b:isbn>978-1</b:isbn></b:book></s:Body></s:Envelope>`;
}

const PROPS = ['Action', 'ReplyTo', 'FaultTo', 'From', 'RelatesTo', 'MessageID']
  .map((p) => `<property name="${p}" expression="get-property('${p}')"/>`)
  .join('');

describe('oracle s13 (S9): WS-Addressing of a SOAP request (Axis2 AddressingInHandler)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let be: Backend;
  let replies: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<s:Envelope xmlns:s="${S11}"><s:Body><b:stock xmlns:b="urn:example:books"><b:count>4</b:count></b:stock></s:Body></s:Envelope>`,
      );
    });
    replies = await startBackend((req, res) => {
      res.writeHead(202);
      res.end();
    });
    t = await startRuntime({
      // (the first mediator reads the body: the message is built, its addressing headers read)
      'WsaRead.xml': `<proxy ${NS} name="WsaRead"><target><inSequence>
        <property name="isbn" expression="//*[local-name()='isbn']"/><log level="custom">${PROPS}</log><log/><respond/></inSequence>
        <faultSequence><log level="custom"><property name="err" expression="get-property('ERROR_MESSAGE')"/></log>
          <payloadFactory media-type="xml"><format><refused xmlns="">$1</refused></format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
          <respond/></faultSequence></target></proxy>`,
      'WsaRelay.xml': `<proxy ${NS} name="WsaRelay"><target><inSequence><property name="isbn" expression="//*[local-name()='isbn']"/><send><endpoint><address uri="${be.url}/stock"/></endpoint></send></inSequence>
        <outSequence><send/></outSequence></target></proxy>`,
      'WsaEcho.xml': `<proxy ${NS} name="WsaEcho"><target><inSequence><log level="full"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
    await replies?.close();
  });

  function custom(from: number): string[] {
    return t.logs.slice(from).map((l) => l.message);
  }

  it('wsa:Action, ReplyTo, FaultTo, From, RelatesTo and MessageID are read when the message is built: get-property and the simple log show them (AddressingInHandler.extractAddressingInformation)', async () => {
    const before = t.logs.length;
    const r = await send(`${t.base}/services/WsaRead`, {
      body: envelope(
        `<wsa:To>http://example.org/books</wsa:To><wsa:Action>urn:findBook</wsa:Action><wsa:MessageID>urn:uuid:book-req-1</wsa:MessageID>
         <wsa:ReplyTo><wsa:Address>${WSA}/anonymous</wsa:Address></wsa:ReplyTo><wsa:FaultTo><wsa:Address>${WSA}/anonymous</wsa:Address></wsa:FaultTo>
         <wsa:From><wsa:Address>http://client.example.org/me</wsa:Address></wsa:From><wsa:RelatesTo>urn:uuid:earlier-1</wsa:RelatesTo>`,
      ),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '""' },
    });
    assert.equal(r.status, 200);
    const lines = custom(before);
    assert.ok(
      lines.some((m) =>
        m.includes(
          `Action = urn:findBook, ReplyTo = ${WSA}/anonymous, FaultTo = ${WSA}/anonymous, From = http://client.example.org/me, RelatesTo = urn:uuid:earlier-1, MessageID = urn:uuid:book-req-1`,
        ),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((m) =>
        m.includes(
          `To: http://example.org/books, From: http://client.example.org/me, WSAction: urn:findBook, SOAPAction: urn:findBook, ReplyTo: ${WSA}/anonymous, MessageID: urn:uuid:book-req-1`,
        ),
      ),
      lines.join('\n'),
    );
  });

  it('no wsa:ReplyTo: the anonymous address (final namespace) or the none URI (submission) (AddressingInHandler.setDefaults)', async () => {
    let before = t.logs.length;
    await send(`${t.base}/services/WsaRead`, {
      body: envelope('<wsa:Action>urn:findBook</wsa:Action>'),
      type: 'text/xml; charset=UTF-8',
    });
    assert.ok(custom(before).some((m) => m.includes(`ReplyTo = ${WSA}/anonymous, FaultTo = ,`)));
    before = t.logs.length;
    await send(`${t.base}/services/WsaRead`, {
      body: envelope(
        '<wsa:To>http://example.org/books</wsa:To><wsa:Action>urn:findBook</wsa:Action>',
        WSA_SUB,
      ),
      type: 'text/xml; charset=UTF-8',
    });
    assert.ok(
      custom(before).some((m) => m.includes(`Action = urn:findBook, ReplyTo = ${WSA}/none`)),
      custom(before).join('\n'),
    );
  });

  it('a wsa:Action other than the SOAPAction, a missing wsa:Action (final namespace), a header given twice: the build fails into the fault sequence (AddressingFaultsHelper, RelayUtils.buildMessage)', async () => {
    for (const [headers, action] of [
      ['<wsa:Action>urn:findBook</wsa:Action>', '"urn:other"'],
      ['<wsa:To>http://example.org/books</wsa:To>', '""'],
      [
        '<wsa:Action>urn:findBook</wsa:Action><wsa:MessageID>urn:a</wsa:MessageID><wsa:MessageID>urn:b</wsa:MessageID>',
        '""',
      ],
    ] as const) {
      const r = await send(`${t.base}/services/WsaRead`, {
        body: envelope(headers),
        type: 'text/xml; charset=UTF-8',
        headers: { SOAPAction: action },
      });
      assert.match(
        r.text,
        /<refused>Error while building message\. Error while building Passthrough stream[^<]*<\/refused>/,
        headers,
      );
    }
    // the same action in both: accepted
    const ok = await send(`${t.base}/services/WsaRead`, {
      body: envelope('<wsa:Action>urn:findBook</wsa:Action>'),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:findBook"' },
    });
    assert.doesNotMatch(ok.text, /refused/);
  });

  it('a ReplyTo that is not anonymous: the client gets 202 with no body and the back end answer goes to the ReplyTo address (RelayUtils.processAddressing, Axis2Sender.sendBack; MI sample 155)', async () => {
    const had = replies.requests.length;
    const r = await send(`${t.base}/services/WsaRelay`, {
      body: envelope(
        `<wsa:To>http://example.org/books</wsa:To><wsa:Action>urn:findBook</wsa:Action><wsa:MessageID>urn:uuid:book-req-2</wsa:MessageID>
         <wsa:ReplyTo><wsa:Address>${replies.url}/answers</wsa:Address></wsa:ReplyTo>`,
      ),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:findBook"' },
    });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    await until('the reply at the ReplyTo address', () => replies.requests.length !== had);
    const got = replies.requests[had];
    assert.ok(got, 'the reply reached the ReplyTo address');
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/answers');
    assert.match(got.body, /<b:count>4<\/b:count>/);
    assert.match(String(got.headers['content-type']), /^text\/xml/);
  });

  it('a ReplyTo that is not anonymous with a respond in the inSequence: the message goes there, the client gets 202 (Axis2Sender.sendBack)', async () => {
    const had = replies.requests.length;
    const r = await send(`${t.base}/services/WsaEcho`, {
      body: envelope(
        `<wsa:Action>urn:findBook</wsa:Action><wsa:MessageID>urn:uuid:book-req-3</wsa:MessageID><wsa:ReplyTo><wsa:Address>${replies.url}/echoed</wsa:Address></wsa:ReplyTo>`,
      ),
      type: 'text/xml; charset=UTF-8',
    });
    assert.equal(r.status, 202);
    await until('the reply at the ReplyTo address', () => replies.requests.length !== had);
    const got = replies.requests[had];
    assert.ok(got, 'the reply reached the ReplyTo address');
    assert.equal(got.url, '/echoed');
    assert.match(got.body, /<b:isbn>978-1<\/b:isbn>/);
  });
});
