/**
 * Session 13, helper S5: MI's proxy service integration tests (tests-service proxyservice/*: custom, logging,
 * pass-through, transformer, WSDL-based proxies). Our own proxies, sequences and payloads; the MI test class each
 * case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { send, startBackend, startProjectRuntime, type Backend, type TestRuntime } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A SOAP 1.1 request asking the back end for the rate of a currency. */
function rateRequest(code: string): string {
  return `<s:Envelope xmlns:s="${SOAP11}"><s:Body><r:askRate xmlns:r="urn:example:rates"><r:code>${code}</r:code></r:askRate></s:Body></s:Envelope>`;
}

/** A raw GET whose request line is written as given (fetch would refuse or normalise it): the status, or -1. */
function rawGet(port: number, target: string): Promise<number> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () =>
      sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let got = '';
    sock.setTimeout(3000, () => sock.destroy());
    sock.on('data', (c: Buffer) => (got += c.toString('latin1')));
    sock.on('error', () => undefined);
    sock.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)?.[1] ?? -1)));
  });
}

describe('oracle s13 (S5): proxy services', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.method === 'GET' && req.url === '/rates/contract?wsdl') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="Rates" targetNamespace="urn:example:rates"><wsdl:documentation>rates</wsdl:documentation></wsdl:definitions>',
        );
        return;
      }
      const code = /<(?:\w+:)?code>([^<]*)</.exec(req.body)?.[1] ?? '?';
      const ctype = String(req.headers['content-type'] ?? 'text/xml');
      res.writeHead(200, {
        'content-type': ctype.startsWith('application/soap+xml') ? ctype : 'text/xml; charset=UTF-8',
      });
      res.end(
        `<s:Envelope xmlns:s="${SOAP11}"><s:Body><r:rateAnswer xmlns:r="urn:example:rates"><r:code>${code}</r:code><r:rate>1.25</r:rate><r:path>${req.url}</r:path></r:rateAnswer></s:Body></s:Envelope>`,
      );
    });
    const A = 'src/main/wso2mi/artifacts';
    const R = 'src/main/wso2mi/resources/registry';
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        [`${A}/sequences/RateForward.xml`]: `<sequence ${NS} name="RateForward"><send><endpoint><address uri="${be.url}/rates/seq"/></endpoint></send></sequence>`,
        [`${A}/endpoints/RateEp.xml`]: `<endpoint ${NS} name="RateEp"><address uri="${be.url}/rates/named"/></endpoint>`,
        [`${R}/conf/flows/rateFlow.xml`]: `<sequence ${NS} name="rateFlow"><send><endpoint><address uri="${be.url}/rates/regseq"/></endpoint></send></sequence>`,
        [`${R}/conf/eps/rateEp.xml`]: `<endpoint ${NS} name="rateRegEp"><address uri="${be.url}/rates/regep"/></endpoint>`,
        [`${R}/conf/xsl/toAsk.xslt`]: `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:q="urn:example:quotes">
          <xsl:template match="/"><r:askRate xmlns:r="urn:example:rates"><r:code><xsl:value-of select="//q:currency"/></r:code></r:askRate></xsl:template></xsl:stylesheet>`,
        [`${R}/conf/xsl/fromAnswer.xslt`]: `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:r="urn:example:rates">
          <xsl:template match="/"><q:quoted xmlns:q="urn:example:quotes"><q:currency><xsl:value-of select="//r:code"/></q:currency><q:value><xsl:value-of select="//r:rate"/></q:value></q:quoted></xsl:template></xsl:stylesheet>`,
        [`${R}/conf/xsl/broken.xslt`]: `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><xsl:value-of select="//*["/></xsl:template></xsl:stylesheet>`,
        [`${A}/proxy-services/ExistingSeqProxy.xml`]: `<proxy ${NS} name="ExistingSeqProxy" transports="http https"><target inSequence="RateForward"/></proxy>`,
        [`${A}/proxy-services/RegSeqProxy.xml`]: `<proxy ${NS} name="RegSeqProxy" transports="http https"><target inSequence="conf:/flows/rateFlow.xml"/></proxy>`,
        [`${A}/proxy-services/InlineSendProxy.xml`]: `<proxy ${NS} name="InlineSendProxy"><target><inSequence><send><endpoint><address uri="${be.url}/rates/inline"/></endpoint></send></inSequence></target></proxy>`,
        [`${A}/proxy-services/NamedEpProxy.xml`]: `<proxy ${NS} name="NamedEpProxy"><target endpoint="RateEp"/></proxy>`,
        [`${A}/proxy-services/RegEpProxy.xml`]: `<proxy ${NS} name="RegEpProxy"><target endpoint="conf:/eps/rateEp.xml"/></proxy>`,
        [`${A}/proxy-services/InlineEpProxy.xml`]: `<proxy ${NS} name="InlineEpProxy"><target><endpoint><address uri="${be.url}/rates/inlineep"/></endpoint></target></proxy>`,
        [`${A}/proxy-services/LoggingProxy.xml`]: `<proxy ${NS} name="LoggingProxy" transports="http"><target endpoint="conf:/eps/rateEp.xml">
          <inSequence><log level="full"><property name="leg" value="request"/></log></inSequence>
          <outSequence><log level="full"><property name="leg" value="reply"/></log><send/></outSequence></target></proxy>`,
        [`${A}/proxy-services/XformProxy.xml`]: `<proxy ${NS} name="XformProxy"><target><endpoint><address uri="${be.url}/rates/xform/"/></endpoint>
          <inSequence><xslt key="conf:/xsl/toAsk.xslt"/></inSequence>
          <outSequence><xslt key="conf:/xsl/fromAnswer.xslt"/><send/></outSequence></target></proxy>`,
        [`${A}/proxy-services/BrokenXformProxy.xml`]: `<proxy ${NS} name="BrokenXformProxy"><target><endpoint><address uri="${be.url}/rates/broken"/></endpoint>
          <inSequence><xslt key="conf:/xsl/broken.xslt"/></inSequence>
          <outSequence><send/></outSequence></target></proxy>`,
        [`${A}/sequences/KeyedIn.xml`]: `<sequence ${NS} name="KeyedIn"><send><endpoint key="conf:/eps/rateEp.xml"/></send></sequence>`,
        [`${A}/sequences/KeyedOut.xml`]: `<sequence ${NS} name="KeyedOut"><property name="side" value="out" scope="transport"/><send/></sequence>`,
        [`${A}/local-entries/RateWsdl.xml`]: `<localEntry ${NS} key="RateWsdl"><definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="Rates"/></localEntry>`,
        [`${A}/proxy-services/KeyedSeqProxy.xml`]: `<proxy ${NS} name="KeyedSeqProxy"><publishWSDL key="RateWsdl"/>
          <target inSequence="KeyedIn" outSequence="KeyedOut"/><publishWSDL key="RateWsdl"/></proxy>`,
        [`${A}/proxy-services/RelWsdlProxy.xml`]: `<proxy ${NS} name="RelWsdlProxy"><parameter name="transport.vfs.FileURI">file:///nowhere/in</parameter>
          <target><endpoint><address uri="${be.url}/rates/relwsdl"/></endpoint><outSequence><send/></outSequence></target>
          <publishWSDL uri="file:no/such/folder/rates.wsdl"/></proxy>`,
        [`${A}/proxy-services/PartsProxy.xml`]: `<proxy ${NS} name="PartsProxy" transports="http https"><target><inSequence>
          <property name="doc" expression="$body//*[local-name()='Answer']" type="STRING"/>
          <payloadFactory media-type="xml"><format><top xmlns:c="urn:example:cert">$1<file xmlns="http://org.apache.axis2/xsd/form-data" content-type="application/pdf" filename="a.pdf" name="a.pdf">$2</file></top></format>
            <args><arg evaluator="xml" expression="get-property('doc')"/></args></payloadFactory>
          <header name="Content-Type" scope="transport" value="multipart/form-data"/>
          <property name="messageType" value="multipart/form-data" scope="axis2"/><respond/></inSequence></target></proxy>`,
        [`${A}/proxy-services/SameContractProxy.xml`]: `<proxy ${NS} name="SameContractProxy"><target><endpoint><address uri="${be.url}/rates/same"/></endpoint>
          <outSequence><send/></outSequence></target><publishWSDL uri="${be.url}/rates/contract?wsdl"/></proxy>`,
        // the local transport: an HTTP proxy calls a local-only proxy, which calls another, which calls the back end
        [`${A}/proxy-services/LocalFront.xml`]: `<proxy ${NS} name="LocalFront" transports="https http"><target><endpoint name="toMiddle"><address uri="local://services/LocalMiddle"/></endpoint>
          <inSequence><log level="custom"><property name="hop" value="front in"/></log></inSequence>
          <outSequence><log level="custom"><property name="hop" value="front out"/></log><send/></outSequence></target></proxy>`,
        [`${A}/proxy-services/LocalMiddle.xml`]: `<proxy ${NS} name="LocalMiddle" transports="local"><target><endpoint name="toBack"><address uri="local://services/LocalBack"/></endpoint>
          <inSequence><log level="custom"><property name="hop" value="middle in"/></log></inSequence>
          <outSequence><log level="custom"><property name="hop" value="middle out"/></log><send/></outSequence></target></proxy>`,
        [`${A}/proxy-services/LocalBack.xml`]: `<proxy ${NS} name="LocalBack" transports="local"><target><endpoint name="toRates"><address uri="${be.url}/rates/local"/></endpoint>
          <outSequence><log level="custom"><property name="hop" value="back out"/></log><send/></outSequence></target></proxy>`,
        [`${A}/proxy-services/HttpsOnlyProxy.xml`]: `<proxy ${NS} name="HttpsOnlyProxy" transports="https"><target endpoint="RateEp"/></proxy>`,
      },
      's5proxy',
    );
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  const soap = (proxy: string, body = rateRequest('EUR')) =>
    send(`${t.base}/services/${proxy}`, { body, type: 'text/xml', headers: { SOAPAction: 'urn:askRate' } });

  for (const [proxy, path, cls] of [
    ['ExistingSeqProxy', '/rates/seq', 'InSequenceExistingSequenceTestCase'],
    ['RegSeqProxy', '/rates/regseq', 'InSequenceFromRegistryTestCase'],
    ['InlineSendProxy', '/rates/inline', 'InSequenceInlineEndpointInlineTestCase'],
    ['NamedEpProxy', '/rates/named', 'InSequenceNoneEndpointExistingTestCase'],
    ['RegEpProxy', '/rates/regep', 'InSequenceNoneEndpointFromRegistryTestCase'],
    ['InlineEpProxy', '/rates/inlineep', 'InSequenceNoneEndpointInlineTestCase'],
    ['LoggingProxy', '/rates/regep', 'loggingProxy PickEndPointFromRegistryTestCase'],
    ['KeyedSeqProxy', '/rates/regep', 'passThroughProxy PickEndPointFromRegistryTestCase'],
    ['RelWsdlProxy', '/rates/relwsdl', 'passThroughProxy WSDLOptionsSpecifiedSourceUrlTestCase'],
  ] as const) {
    it(`${proxy}: the reply of ${path} comes back to the client (MI ${cls})`, async () => {
      const r = await soap(proxy);
      assert.equal(r.status, 200, r.text);
      assert.match(r.text, /<r:code>EUR<\/r:code>/);
      assert.ok(r.text.includes(`<r:path>${path}</r:path>`), r.text);
    });
  }

  it('publishWSDL from an http URL: ?wsdl answers the document read from it; messages still mediate (MI ProxyWithPublishSameServiceContractTestCase)', async () => {
    const w = await send(`${t.base}/services/SameContractProxy?wsdl`);
    assert.equal(w.status, 200);
    // (regenerated from the document as MI's AxisService2WSDL11 does: S9)
    assert.match(w.text, /<wsdl:definitions [^>]*targetNamespace="urn:example:rates"/);
    assert.match(w.text, /<wsdl:documentation>rates<\/wsdl:documentation>/);
    const r = await soap('SameContractProxy');
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('<r:path>/rates/same</r:path>'), r.text);
  });

  it('local://services/NAME reaches the proxy over the local transport; a local-only proxy refuses HTTP (MI LocalTransportTestCase)', async () => {
    const n = t.logs.length;
    const r = await soap('LocalFront', rateRequest('CHF'));
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<r:code>CHF<\/r:code>/);
    assert.ok(r.text.includes('<r:path>/rates/local</r:path>'), r.text);
    const hops = t.logs
      .slice(n)
      .filter((l) => l.message.startsWith('hop = '))
      .map((l) => l.message.slice(6));
    assert.deepEqual(hops, ['front in', 'middle in', 'back out', 'middle out', 'front out']);
    // the mark of a local call does not reach the back end
    const sent = be.requests.find((q) => q.url === '/rates/local');
    assert.equal(sent?.headers['x-synapse-local-transport'], undefined);
    // over HTTP, a proxy exposed on the local transport only is not found
    const direct = await soap('LocalMiddle');
    assert.equal(direct.status, 500);
    assert.match(
      direct.text,
      /The service cannot be found for the endpoint reference \(EPR\) \/services\/LocalMiddle/,
    );
  });

  it('a transformer proxy: registry XSLT on the way in and out (MI transformerProxy ProxyServiceEnablingHTTPTestCase)', async () => {
    const r = await soap(
      'XformProxy',
      `<s:Envelope xmlns:s="${SOAP11}"><s:Body><q:quote xmlns:q="urn:example:quotes"><q:currency>GBP</q:currency></q:quote></s:Body></s:Envelope>`,
    );
    assert.equal(r.status, 200, r.text);
    assert.match(
      r.text,
      // the stylesheet's xmlns:r, not excluded, is copied onto the literal result element (Saxon, XSLT 1.0 7.1.1)
      /<q:quoted xmlns:q="urn:example:quotes" xmlns:r="urn:example:rates"><q:currency>GBP<\/q:currency><q:value>1.25<\/q:value><\/q:quoted>/,
    );
  });

  it('a multipart/form-data answer keeps the namespaces of the XML part (MI MultipartFormDataProxyTestCase)', async () => {
    const body = `<Answer xmlns="http://ws.apache.org/ns/synapse" xmlns:c="urn:example:cert"><c:Ok><pdf><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:one@example.org"/></pdf></c:Ok></Answer>`;
    // the request's Content-Type lacks the ';' before boundary, as the MI test sends it
    const r = await send(`${t.base}/services/PartsProxy`, {
      body,
      type: 'multipart/form-data boundary=MIMEBoundary_42',
    });
    assert.equal(r.status, 200);
    assert.match(
      r.headers.get('content-type') ?? '',
      /^multipart\/form-data; charset=UTF-8; boundary=MIMEBoundary_/,
    );
    assert.ok(r.text.includes('Content-Disposition: form-data; name="Answer"'), r.text);
    assert.ok(
      r.text.includes(`<Answer xmlns="http://ws.apache.org/ns/synapse" xmlns:c="urn:example:cert">`),
      r.text,
    );
    assert.ok(r.text.includes('xmlns:xop="http://www.w3.org/2004/08/xop/include"'), r.text);
    assert.ok(r.text.includes('Content-Disposition: form-data; name="a.pdf"; filename="a.pdf"'), r.text);
  });

  it('an XSLT that does not compile faults the request (MI InvalidXSLTTestCase)', async () => {
    // the default fault sequence logs and drops; nothing answered, so the listener acknowledges with 202 and no body
    // (PassThrough ServerWorker.sendAck): the Axis2 client of the MI test gets no envelope, its AxisFault
    const n = be.requests.length;
    const logs = t.logs.length;
    const r = await soap('BrokenXformProxy');
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    assert.equal(be.requests.length, n);
    assert.ok(t.logs.slice(logs).some((l) => l.message.includes("Executing default 'fault' sequence")));
  });

  it('an https-only proxy is not served over http (MI ProxyServiceEnablingHTTPSTestCase)', async () => {
    const r = await soap('HttpsOnlyProxy');
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /The service cannot be found for the endpoint reference \(EPR\) \/services\/HttpsOnlyProxy/,
    );
  });

  it('a proxy that is not deployed: 404 (MI InvokingNonExistingProxyTestCase)', async () => {
    // MI's default main sequence answers 404 with no body: the test's "Transport error: 404 Error: Not Found"
    const r = await soap('NoSuchProxy');
    assert.equal(r.status, 404);
    assert.equal(r.text, '');
  });

  it('malformed request lines do not disturb the next requests (MI MalformedHTTPRequestTest)', async () => {
    const port = Number(new URL(t.base).port);
    for (const target of [
      '/ services/InlineEpProxy?x',
      '/services//InlineEpProxy?x',
      '/services/$$InlineEpProxy?x',
    ]) {
      assert.notEqual(await rawGet(port, target), 200, target);
      const r = await soap('InlineEpProxy');
      assert.equal(r.status, 200);
    }
  });
});
