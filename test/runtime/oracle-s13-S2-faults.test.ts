/**
 * Oracle sweep (session 13, S2): MI's fault-mediator integration tests (mediator/test/fault). Each MI test sends a
 * SOAP request to a proxy whose sequence fails (an endpoint key that names nothing, a send with no address, a back end
 * that refuses) and whose onError sequence answers with a makefault; the client checks the fault's code (prefix
 * kept), reason, role, node and detail. Our own names and values; the MI test classes are named in the titles.
 */
import assert from 'node:assert/strict';
import { closedPort, NS, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSA = 'http://www.w3.org/2005/08/addressing';

/** A proxy whose in-sequence is the named sequence; its own fault sequence says it ran instead of the onError one. */
const proxy = (name: string, seq: string) =>
  `<proxy ${NS} name="${name}" transports="http"><target><inSequence><sequence key="${seq}"/></inSequence><outSequence/>
     <faultSequence><makefault version="soap11"><code xmlns:e="${S11}" value="e:Server"/><reason value="proxy fault sequence ran"/></makefault>
       <property name="RESPONSE" value="true"/><header name="To" action="remove"/><send/></faultSequence></target></proxy>`;

const soap11 = `<e:Envelope xmlns:e="${S11}"><e:Body><p:lookup xmlns:p="urn:parts"><p:sku>K-7</p:sku></p:lookup></e:Body></e:Envelope>`;

describe('oracle (MI integration tests, s13 S2): makefault in onError sequences', () => {
  let t: TestRuntime;
  let refused: number;
  before(async () => {
    refused = await closedPort();
    t = await startRuntime({
      // Soap11FaultWithAttributeResponseTrueTestCase: no in/out, makefault response="true", the To removed
      'P1.xml': proxy('PartsA', 'PartsASeq'),
      'S1.xml': `<sequence ${NS} name="PartsASeq" onError="PartsAErr"><send><endpoint key="notDeployedAnywhere"/></send><drop/></sequence>`,
      'E1.xml': `<sequence ${NS} name="PartsAErr"><makefault version="soap11" response="true"><code xmlns:e="${S11}" value="e:VersionMismatch"/>
          <reason value="parts lookup failed"/><role>urn:parts-desk</role><detail>try later</detail></makefault>
          <header name="To" action="remove"/><send/><drop/></sequence>`,
      // Soap11FaultOutSequenceTestCase: <in><send/> with no endpoint and no WS-Addressing To cannot go out
      'P2.xml': proxy('PartsB', 'PartsBSeq'),
      'S2.xml': `<sequence ${NS} name="PartsBSeq" onError="PartsBErr"><in><send/><drop/></in><out><send><endpoint key="notDeployedAnywhere"/></send></out></sequence>`,
      'E2.xml': `<sequence ${NS} name="PartsBErr"><makefault version="soap11"><code xmlns:e="${S11}" value="e:VersionMismatch"/><reason value="no route"/></makefault>
          <property name="RESPONSE" value="true"/><header name="To" action="remove"/><send/><drop/></sequence>`,
      // Soap11FaultStringExpressionTestCase / Soap12FaultStringExpressionTestCase: the reason is ERROR_MESSAGE
      'P3.xml': proxy('PartsC', 'PartsCSeq'),
      'S3.xml': `<sequence ${NS} name="PartsCSeq" onError="PartsCErr"><call><endpoint><address uri="http://127.0.0.1:${refused}/services/Parts"/></endpoint></call><respond/></sequence>`,
      'E3.xml': `<sequence ${NS} name="PartsCErr"><makefault version="soap12"><code xmlns:s="${S12}" value="s:VersionMismatch"/><reason expression="get-property('ERROR_MESSAGE')"/></makefault>
          <property name="RESPONSE" value="true"/><header name="To" action="remove"/><send/></sequence>`,
      // Soap12FaultWithPropertyResponseFalseWithAddressingTestCase / Soap12FaultDetailAsElementTestCase /
      // Soap12FaultCodeDataEncodingUnknownTestCase: neither RESPONSE nor the To removed; makefault marks the message
      // a response and sends it to the ReplyTo (anonymous: the client)
      'P4.xml': proxy('PartsD', 'PartsDSeq'),
      'S4.xml': `<sequence ${NS} name="PartsDSeq" onError="PartsDErr"><in><send><endpoint key="notDeployedAnywhere"/></send><drop/></in><out><send/></out></sequence>`,
      // FaultMediator.makeSOAPFault copies the request's SOAP header blocks into the fault envelope
      'P5.xml': `<proxy ${NS} name="PartsE" transports="http"><target><inSequence>
          <makefault version="soap11"><code xmlns:e="${S11}" value="e:Client"/><reason value="closed today"/></makefault><respond/>
        </inSequence></target></proxy>`,
      'E4.xml': `<sequence ${NS} name="PartsDErr"><makefault version="soap12"><code xmlns:s="${S12}" value="s:DataEncodingUnknown"/><reason value="bad encoding"/>
          <role>urn:parts-desk</role><node>urn:parts-node</node><detail><Code>17</Code><Hint>re-send</Hint></detail></makefault><log/><send/><drop/></sequence>`,
    });
  });
  after(() => t?.close());

  const post = (proxyName: string, body: string, type: string, headers: Record<string, string> = {}) =>
    send(`${t.base}/services/${proxyName}`, { body, type, headers });

  it('a send to an endpoint key that names nothing runs the onError sequence; makefault response="true" answers 500 with code, actor and detail (MI Soap11FaultWithAttributeResponseTrueTestCase, Soap11FaultCodeClientTestCase)', async () => {
    const r = await post('PartsA', soap11, 'text/xml', { SOAPAction: 'urn:lookup' });
    assert.equal(r.status, 500);
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(
      r.text,
      new RegExp(
        `<faultcode xmlns:e="${S11}">e:VersionMismatch</faultcode><faultstring>parts lookup failed</faultstring><faultactor>urn:parts-desk</faultactor><detail>try later</detail>`,
      ),
    );
  });

  it('<in><send/> with no endpoint and no addressing To fails in the in-flow and the onError sequence answers (MI Soap11FaultOutSequenceTestCase)', async () => {
    const r = await post('PartsB', soap11, 'text/xml', { SOAPAction: 'urn:lookup' });
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /<faultcode xmlns:e="[^"]+">e:VersionMismatch<\/faultcode><faultstring>no route<\/faultstring>/,
    );
    assert.doesNotMatch(r.text, /proxy fault sequence ran/);
  });

  it('a call the back end refuses: the onError fault takes ERROR_MESSAGE as its reason (MI Soap12FaultStringExpressionTestCase, Soap11FaultStringExpressionTestCase)', async () => {
    const env = `<s:Envelope xmlns:s="${S12}"><s:Body><p:lookup xmlns:p="urn:parts"><p:sku>K-8</p:sku></p:lookup></s:Body></s:Envelope>`;
    const r = await post('PartsC', env, 'application/soap+xml; action="urn:lookup"');
    assert.equal(r.status, 500);
    assert.match(r.headers.get('content-type') ?? '', /^application\/soap\+xml/);
    assert.match(
      r.text,
      /<soapenv:Value xmlns:s="[^"]+">s:VersionMismatch<\/soapenv:Value><\/soapenv:Code><soapenv:Reason><soapenv:Text xml:lang="en">Error connecting to the back end<\/soapenv:Text>/,
    );
  });

  it('SOAP 1.2 with WS-Addressing (To a closed port, ReplyTo anonymous): the fault goes back to the client, Node before Role, detail elements in the configuration namespace; the wsa:MessageID is the message id (MI Soap12FaultWithPropertyResponseFalseWithAddressingTestCase, Soap12FaultDetailAsElementTestCase, Soap12FaultCodeDataEncodingUnknownTestCase)', async () => {
    const env = `<s:Envelope xmlns:s="${S12}" xmlns:wsa="${WSA}"><s:Header><wsa:To>http://127.0.0.1:${refused}/services/Nowhere</wsa:To>
      <wsa:ReplyTo><wsa:Address>${WSA}/anonymous</wsa:Address></wsa:ReplyTo><wsa:MessageID>urn:uuid:parts-1</wsa:MessageID><wsa:Action>urn:lookup</wsa:Action></s:Header>
      <s:Body><p:lookup xmlns:p="urn:parts"><p:sku>K-9</p:sku></p:lookup></s:Body></s:Envelope>`;
    const before = t.logs.length;
    const r = await post('PartsD', env, 'application/soap+xml; action="urn:lookup"');
    assert.equal(r.status, 500);
    // AddressingInHandler: the request's wsa:MessageID is the message's id (Options.setMessageId)
    assert.ok(
      t.logs
        .slice(before)
        .some((l) => l.category === 'LogMediator' && /MessageID: urn:uuid:parts-1,/.test(l.message)),
    );
    assert.match(
      r.text,
      new RegExp(
        `<soapenv:Code><soapenv:Value xmlns:s="${S12}">s:DataEncodingUnknown</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang="en">bad encoding</soapenv:Text></soapenv:Reason>` +
          `<soapenv:Node>urn:parts-node</soapenv:Node><soapenv:Role>urn:parts-desk</soapenv:Role>` +
          `<soapenv:Detail><Code xmlns="http://ws.apache.org/ns/synapse">17</Code><Hint xmlns="http://ws.apache.org/ns/synapse">re-send</Hint></soapenv:Detail>`,
      ),
    );
  });

  it("the fault envelope carries the request's SOAP header blocks; an empty Header is not written (FaultMediator.makeSOAPFault; SOAPEnvelopeImpl)", async () => {
    const withHeader = `<e:Envelope xmlns:e="${S11}"><e:Header><k:ticket xmlns:k="urn:desk">T-42</k:ticket></e:Header><e:Body><p:lookup xmlns:p="urn:parts"/></e:Body></e:Envelope>`;
    let r = await post('PartsE', withHeader, 'text/xml', { SOAPAction: 'urn:lookup' });
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /<soapenv:Envelope xmlns:soapenv="[^"]+"><soapenv:Header><k:ticket xmlns:k="urn:desk">T-42<\/k:ticket><\/soapenv:Header><soapenv:Body><soapenv:Fault>/,
    );
    const emptyHeader = `<e:Envelope xmlns:e="${S11}"><e:Header/><e:Body><p:lookup xmlns:p="urn:parts"/></e:Body></e:Envelope>`;
    r = await post('PartsE', emptyHeader, 'text/xml', { SOAPAction: 'urn:lookup' });
    assert.match(r.text, /<soapenv:Envelope xmlns:soapenv="[^"]+"><soapenv:Body><soapenv:Fault>/);
  });
});
