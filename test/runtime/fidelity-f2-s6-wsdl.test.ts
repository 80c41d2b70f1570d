/**
 * wsdl endpoints (helper F2, session 6): `<endpoint><wsdl uri service port/></endpoint>` takes its address and SOAP
 * version from the named service and port of the WSDL (Synapse WSDLEndpointFactory: the port's soap:address or
 * soap12:address location, format soap11/soap12). Our own WSDL served over real HTTP on 127.0.0.1 and an inline one;
 * a registry key as uri is refused (WSDLEndpointFactory reads the uri with new URL). (MI tests-service
 * URIWSDLEndpointTestCase, WSDLOptions*TestCase use such endpoints.)
 */
import assert from 'node:assert/strict';
import { compileFile } from '../../runtime-debug/engine/compile';
import type { EndpointDef, LeafEndpointDef } from '../../runtime-debug/engine/model';
import { resolveWsdlEndpoint } from '../../runtime-debug/engine/wsdl';
import { startBackend, NS, type Backend } from './helpers';

const wsdl = (base: string) => `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" targetNamespace="urn:library">
  <wsdl:service name="Library">
    <wsdl:port name="LibrarySoap11" binding="tns:b11"><soap:address location="${base}/library/v11"/></wsdl:port>
    <wsdl:port name="LibrarySoap12" binding="tns:b12"><soap12:address location="${base}/library/v12"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>`;

function endpointOf(xml: string): LeafEndpointDef {
  const c = compileFile('Lib.xml', xml, { knownMediator: () => true } as never);
  assert.deepEqual(c.problems, []);
  return c.endpoints[0] as EndpointDef as LeafEndpointDef;
}

describe('runtime fidelity (F2 s6): wsdl endpoint address from the WSDL', () => {
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(wsdl('http://127.0.0.1:9'));
    });
  });
  after(async () => {
    await be?.close();
  });

  it('reads the SOAP 1.2 port of a WSDL fetched over HTTP, once', async () => {
    const ep =
      endpointOf(`<endpoint ${NS} name="Lib"><wsdl uri="${be.url}/library?wsdl" service="Library" port="LibrarySoap12">
        <timeout><duration>3000</duration></timeout></wsdl></endpoint>`);
    assert.equal(ep.uri, undefined);
    await resolveWsdlEndpoint(ep, () => undefined);
    await resolveWsdlEndpoint(ep, () => undefined);
    assert.deepEqual(
      [ep.uri, ep.format, ep.timeout?.durationMs, ep.unsupported],
      ['http://127.0.0.1:9/library/v12', 'soap12', 3000, undefined],
    );
    assert.equal(be.requests.length, 1);
    assert.equal(be.requests[0]?.url, '/library?wsdl');
  });

  it('reads an inline WSDL; one named by a registry key is refused (WSDLEndpointFactory reads new URL(uri) when the endpoint deploys)', async () => {
    const inline = endpointOf(
      `<endpoint ${NS} name="Lib"><wsdl service="Library" port="LibrarySoap11">${wsdl(
        'http://127.0.0.1:8',
      ).replace(/^<\?xml[^>]*>\s*/, '')}</wsdl></endpoint>`,
    );
    await resolveWsdlEndpoint(inline, () => undefined);
    assert.deepEqual([inline.uri, inline.format], ['http://127.0.0.1:8/library/v11', 'soap11']);
    // a registry key is no URL: new URL("conf:/...") is a MalformedURLException (no URL handler for conf), caught as
    // "Could not read the WSDL endpoint" and the endpoint is refused (session 16 G3; was read from the registry)
    const keyed = compileFile(
      'Lib.xml',
      `<endpoint ${NS} name="Lib"><wsdl uri="conf:/wsdl/library.wsdl" service="Library" port="LibrarySoap11"/></endpoint>`,
      { knownMediator: () => true } as never,
    );
    assert.deepEqual(
      keyed.problems.map((p) => p.code),
      ['RT_INVALID_URL'],
    );
  });

  it('a port the WSDL does not have fails with a clear message', async () => {
    const ep = endpointOf(
      `<endpoint ${NS} name="Lib"><wsdl uri="${be.url}/library?wsdl" service="Library" port="Nope"/></endpoint>`,
    );
    await assert.rejects(
      resolveWsdlEndpoint(ep, () => undefined),
      /Unable to find the port 'Nope' of the service 'Library'/,
    );
  });
});
