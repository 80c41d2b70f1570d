/**
 * A proxy that sends through a wsdl endpoint (helper F2, session 6), our own fixture over real HTTP: the endpoint's
 * address and SOAP version come from the WSDL's service/port (Synapse WSDLEndpointFactory), read the first time it is
 * used (MI tests-service URIWSDLEndpointTestCase). Ours had refused wsdl endpoints.
 */
import assert from 'node:assert/strict';
import { send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): sending through a wsdl endpoint', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.url === '/catalog?wsdl') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/">
          <wsdl:service name="Catalog"><wsdl:port name="Catalog12"><soap12:address location="http://127.0.0.1:${be.port}/catalog/v12"/></wsdl:port></wsdl:service></wsdl:definitions>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/soap+xml' });
      res.end(
        `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><found xmlns="urn:catalog">${req.url}</found></e:Body></e:Envelope>`,
      );
    });
    t = await startRuntime({
      'Shop.xml': `<proxy ${NS} name="Shop" transports="http"><target>
          <inSequence><send><endpoint><wsdl uri="${be.url}/catalog?wsdl" service="Catalog" port="Catalog12"/></endpoint></send></inSequence>
          <outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('sends SOAP 1.2 to the port address the WSDL names', async () => {
    const r = await send(`${t.base}/services/Shop`, {
      body: '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><find xmlns="urn:catalog">lamp</find></e:Body></e:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:find' },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<found xmlns="urn:catalog">\/catalog\/v12<\/found>/);
    const call = be.requests.find((q) => q.url === '/catalog/v12');
    assert.match(String(call?.headers['content-type']), /^application\/soap\+xml/);
  });
});
