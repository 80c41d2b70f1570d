/**
 * Oracle (session 15 helper T): a proxy whose `<publishWSDL uri>` imports a schema that cannot be read is not
 * deployed, as WSDL4J reads the imported schema through MI's CustomWSDLLocator when the proxy deploys
 * (SynapseConfigUtils.getInputSourceFormURI: "IOError when getting a stream from given url").
 */
import assert from 'node:assert/strict';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('oracle-s15-T: publishWSDL schema imports (MI ESBJAVA4821WSDLProxyServiceDeploymentTestCase)', () => {
  let rt: TestRuntime | undefined;
  let be: Backend | undefined;
  after(async () => {
    await rt?.close();
    await be?.close();
  });

  it('refuses the proxy when an imported schema cannot be read; deploys one whose schema reads (MI ESBJAVA4821WSDLProxyServiceDeploymentTestCase)', async () => {
    const down = await closedPort();
    const wsdl = (schemaUrl: string) =>
      `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:garden"><wsdl:types><xs:schema><xs:import namespace="urn:garden:types" schemaLocation="${schemaUrl}"/></xs:schema></wsdl:types></wsdl:definitions>`;
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      if (req.url === '/broken?wsdl') res.end(wsdl(`http://127.0.0.1:${down}/types.xsd`));
      else if (req.url === '/fine?wsdl') res.end(wsdl('types.xsd'));
      else
        res.end(
          '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:garden:types"><xs:element name="plot" type="xs:string"/></xs:schema>',
        );
    });
    const proxy = (name: string, path: string) =>
      `<proxy ${NS} name="${name}" transports="http"><target><inSequence><respond/></inSequence></target><publishWSDL uri="${be!.url}/${path}?wsdl"/></proxy>`;
    rt = await startRuntime({
      'broken.xml': proxy('GardenBroken', 'broken'),
      'fine.xml': proxy('GardenFine', 'fine'),
    });
    await until(
      'both proxies decided',
      () =>
        rt!.logs.some((l) => l.message.includes("ProxyService named 'GardenFine' has been deployed")) &&
        rt!.logs.some((l) =>
          l.message.includes('ProxyService Deployment from the file : broken.xml : Failed.'),
        ),
    );
    const warn = rt.logs.find((l) => l.message.startsWith('IOError when getting a stream from given url'));
    assert.equal(warn?.level, 'WARN');
    assert.equal(
      warn?.message,
      `IOError when getting a stream from given url : http://127.0.0.1:${down}/types.xsd\njava.net.ConnectException: Connection refused`,
    );
    assert.ok(rt.logs.some((l) => l.level === 'ERROR' && l.message === 'Error building service from WSDL'));
    assert.equal((await send(`${rt.base}/services/GardenBroken?wsdl`)).status, 404);
    assert.equal((await send(`${rt.base}/services/GardenFine?wsdl`)).status, 200);
  });
});
