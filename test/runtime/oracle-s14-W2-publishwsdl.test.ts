/**
 * Session 14, W2: a proxy whose `<publishWSDL uri>` cannot be read. ProxyService.buildAxisService reads the document
 * when the proxy deploys (SynapseConfigUtils.getOMElementFromURL): an IOException (a file that is not there, a URL
 * that does not answer or answers an error status) is "Error reading from wsdl URI" and ProxyServiceDeployer's
 * "ProxyService Deployment from the file : … : Failed.": the proxy is not deployed, the rest is. With the proxy
 * parameter enablePublishWSDLSafeMode "true": the warning "Unable to load the WSDL for : NAME", no service either.
 * A relative file: path is MI's home's (not on this machine): such a proxy still deploys (oracle-s13-S5-proxy's
 * RelWsdlProxy). Own proxy names, files and back ends.
 */
import assert from 'node:assert/strict';
import { NS, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S14 W2: publishWSDL uri that cannot be read (ProxyService.buildAxisService; MI WSDLOptionsSpecifiedSourceUrlTestCase)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.url === '/gone?wsdl') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ok/></soapenv:Body></soapenv:Envelope>',
      );
    });
    const dead = await closedPort();
    const proxy = (name: string, uri: string, safe = false) =>
      `<proxy ${NS} name="${name}">${safe ? '<parameter name="enablePublishWSDLSafeMode">true</parameter>' : ''}
         <target><endpoint><address uri="${be.url}/svc"/></endpoint><outSequence><send/></outSequence></target>
         <publishWSDL uri="${uri}"/></proxy>`;
    t = await startRuntime({
      'MissingFileProxy.xml': proxy('MissingFileProxy', 'file:///nowhere/at/all/quotes.wsdl'),
      'MissingFileSafeProxy.xml': proxy('MissingFileSafeProxy', 'file:///nowhere/at/all/quotes.wsdl', true),
      'DeadUrlProxy.xml': proxy('DeadUrlProxy', `http://127.0.0.1:${dead}/svc?wsdl`),
      'GoneUrlProxy.xml': proxy('GoneUrlProxy', `${be.url}/gone?wsdl`),
      'PlainProxy.xml': `<proxy ${NS} name="PlainProxy"><target><endpoint><address uri="${be.url}/svc"/></endpoint><outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  const call = (name: string) =>
    send(`${t.base}/services/${name}`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><q/></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:q' },
    });

  it('a file that is not there: the proxy is not deployed (its deployment failed), the others are', async () => {
    // buildAxisService's first line, then handleException("Error reading from wsdl URI " + publishWSDL, e) (review R1)
    const lines = t.logs.filter((l) => l.artifact === 'proxy:MissingFileProxy').map((l) => l.message);
    assert.deepEqual(lines.slice(0, 2), [
      'Building Axis service for Proxy service : MissingFileProxy',
      'Error reading from wsdl URI file:///nowhere/at/all/quotes.wsdl\njava.io.FileNotFoundException: file:///nowhere/at/all/quotes.wsdl',
    ]);
    assert.ok(
      t.logs.some(
        (l) => l.message === 'ProxyService Deployment from the file : MissingFileProxy.xml : Failed.',
      ),
    );
    assert.ok(
      !t.logs.some((l) => l.message.includes("ProxyService named 'MissingFileProxy' has been deployed")),
    );
    const plain = await call('PlainProxy');
    assert.equal(plain.status, 200);
    const missing = await call('MissingFileProxy');
    assert.notEqual(missing.status, 200);
    assert.ok(!missing.text.includes('<ok/>'));
  });

  it('enablePublishWSDLSafeMode true: a warning, and still no service', async () => {
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'WARN' && l.message.startsWith('Unable to load the WSDL for : MissingFileSafeProxy'),
      ),
    );
    assert.ok(!t.logs.some((l) => l.message.includes('MissingFileSafeProxy.xml : Failed.')));
    const r = await call('MissingFileSafeProxy');
    assert.ok(!r.text.includes('<ok/>'));
  });

  it('a URL that does not answer, or answers 404: the proxy is not deployed', async () => {
    for (const name of ['DeadUrlProxy', 'GoneUrlProxy']) {
      assert.ok(
        t.logs.some((l) => l.message === `ProxyService Deployment from the file : ${name}.xml : Failed.`),
        name,
      );
      const r = await call(name);
      assert.ok(!r.text.includes('<ok/>'), name);
    }
  });
});
