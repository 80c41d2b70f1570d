import { strict as assert } from 'node:assert';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const ART = 'src/main/wso2mi/artifacts';
const RES = 'src/main/wso2mi/resources';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const LEDGER_WSDL = `<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="LedgerBook" targetNamespace="urn:ledger"><service name="LedgerBook"/></definitions>`;

describe('runtime fidelity (F2): proxy service WSDL and endpoint addresses', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startProjectRuntime(
      {
        'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>ledger</artifactId></project>',
        [`${RES}/wsdl/ledger.wsdl`]: LEDGER_WSDL,
        [`${ART}/proxy-services/Ledger.xml`]: `<proxy ${NS} name="Ledger" transports="http https" startOnLoad="true"><target><inSequence>
          <payloadFactory media-type="xml"><format><s:Envelope xmlns:s="${SOAP11}"><s:Body><booked xmlns="">yes</booked></s:Body></s:Envelope></format></payloadFactory>
          <respond/></inSequence></target></proxy>`,
        [`${ART}/proxy-services/Published.xml`]: `<proxy ${NS} name="Published" startOnLoad="true"><target><inSequence><respond/></inSequence></target>
          <publishWSDL key="gov:wsdl/ledger.wsdl"/></proxy>`,
      },
      'f2-proxy',
    );
  });
  after(() => t.close());

  it('a proxy without publishWSDL answers ?wsdl with a generated WSDL (mediate, SOAP 1.1/1.2 and HTTP ports)', async () => {
    const r = await send(`${t.base}/services/Ledger?wsdl`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/xml/);
    assert.match(r.text, /<wsdl:operation name="mediate">/);
    assert.match(r.text, /<wsdl:service name="Ledger">/);
    const host = new URL(t.base).host;
    for (const kind of ['HttpSoap11Endpoint', 'HttpSoap12Endpoint', 'HttpEndpoint'])
      assert.ok(r.text.includes(`location="http://${host}/services/Ledger.Ledger${kind}"`), kind);
  });

  it('a port address of the WSDL reaches the proxy', async () => {
    const r = await send(`${t.base}/services/Ledger.LedgerHttpSoap11Endpoint`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><book/></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:mediate' },
    });
    assert.equal(r.status, 200);
    assert.match(r.text, /<booked>yes<\/booked>/);
  });

  // (regenerated as MI's AxisService2WSDL11 writes the service built of it, named after the proxy: S9, session 13)
  it('publishWSDL with a registry key serves the registry resource', async () => {
    const r = await send(`${t.base}/services/Published?wsdl`);
    assert.equal(r.status, 200);
    assert.match(r.text, /targetNamespace="urn:ledger"/);
    assert.match(r.text, /<wsdl:service name="Published">/);
  });
});
