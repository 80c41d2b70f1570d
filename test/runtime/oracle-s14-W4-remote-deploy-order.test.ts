/**
 * The order of the deployment lines when an artifact reads a URL while it deploys. ProxyService.buildAxisService
 * reads an http(s) publishWSDL after its "Building Axis service" line and before "Adding service" (and the
 * deployer's line); EntryFactory reads a localEntry src before LocalEntryDeployer's line. So a URL that answers
 * changes nothing in the order of MI's CApp deployment lines (local entries, ..., proxies, ..., APIs), and one that
 * cannot be read puts the failure where the artifact's lines would be: "Building…", "Error reading from wsdl URI…",
 * "ProxyService Deployment from the file : F : Failed." for a proxy, "Error connecting to URL : U" and
 * "LocalEntry Deployment from the file : F : Failed." for an entry; no "has been deployed" line for them. The same
 * for a missing WSDL file, and for a deployment while serving. Own names and back ends
 * (MI WSDLOptionsSpecifiedSourceUrlTestCase, CAppDeploymentOrderTest; Synapse ProxyService.buildAxisService).
 */
import assert from 'node:assert/strict';
import { NS, closedPort, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const WSDL =
  '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:w" name="W"/>';

describe('oracle S14 W4: deployment lines of artifacts read from a URL (ProxyService.buildAxisService; MI WSDLOptionsSpecifiedSourceUrlTestCase)', () => {
  let t: TestRuntime;
  let be: Backend;
  let dead = 0;
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.url === '/good?wsdl' || req.url === '/later?wsdl') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(WSDL);
      } else if (req.url === '/note.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('a note');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    dead = await closedPort();
    const proxy = (name: string, wsdl: string) =>
      `<proxy ${NS} name="${name}"><target><endpoint><address uri="${be.url}/svc"/></endpoint></target><publishWSDL uri="${wsdl}"/></proxy>`;
    t = await startRuntime({
      'AGoodProxy.xml': proxy('AGoodProxy', `${be.url}/good?wsdl`),
      'BBadProxy.xml': proxy('BBadProxy', `http://127.0.0.1:${dead}/bad?wsdl`),
      'CFileProxy.xml': proxy('CFileProxy', 'file:///no/such/dir/c.wsdl'),
      'Note.xml': `<localEntry ${NS} key="note" src="${be.url}/note.txt"/>`,
      'Lost.xml': `<localEntry ${NS} key="lost" src="${be.url}/lost.txt"/>`,
      'Seq.xml': `<sequence ${NS} name="OrderSeq"><log/></sequence>`,
      'Api.xml': `<api ${NS} name="OrderApi" context="/order"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  const deployLines = (from = 0) =>
    t.logs
      .slice(from)
      .map((l) => l.message.split('\n')[0]!)
      .filter((m) => !m.startsWith('Pass-through'));

  it('at start: each artifact s lines (or its failure) in MI s CApp order, after its read', () => {
    assert.deepEqual(deployLines(), [
      "LocalEntry named 'note' has been deployed from file : Note.xml",
      `Error connecting to URL : ${be.url}/lost.txt`,
      'LocalEntry Deployment from the file : Lost.xml : Failed.',
      "Sequence named 'OrderSeq' has been deployed from file : Seq.xml",
      'Building Axis service for Proxy service : AGoodProxy',
      'Adding service AGoodProxy to the Axis2 configuration',
      'Successfully created the Axis2 service for Proxy service : AGoodProxy',
      "ProxyService named 'AGoodProxy' has been deployed from file : AGoodProxy.xml",
      'Building Axis service for Proxy service : BBadProxy',
      `Error reading from wsdl URI http://127.0.0.1:${dead}/bad?wsdl`,
      'ProxyService Deployment from the file : BBadProxy.xml : Failed.',
      'Building Axis service for Proxy service : CFileProxy',
      'Error reading from wsdl URI file:///no/such/dir/c.wsdl',
      'ProxyService Deployment from the file : CFileProxy.xml : Failed.',
      'Initializing API: OrderApi',
      "API named 'OrderApi' has been deployed from file : Api.xml",
    ]);
  });

  it('the failure carries the Java exception URLConnection throws', () => {
    const full = (start: string) => t.logs.find((l) => l.message.startsWith(start))?.message;
    assert.equal(
      full('Error reading from wsdl URI http://127.0.0.1:'),
      `Error reading from wsdl URI http://127.0.0.1:${dead}/bad?wsdl\njava.net.ConnectException: Connection refused`,
    );
    assert.equal(
      full('Error connecting to URL'),
      `Error connecting to URL : ${be.url}/lost.txt\njava.io.FileNotFoundException: ${be.url}/lost.txt`,
    );
  });

  it('while serving: a deployment s lines come after its read, a failing one in their place', async () => {
    const from = t.logs.length;
    t.rt.deploy([
      {
        name: 'LaterProxy.xml',
        text: `<proxy ${NS} name="LaterProxy"><target><endpoint><address uri="${be.url}/svc"/></endpoint></target><publishWSDL uri="${be.url}/later?wsdl"/></proxy>`,
      },
      {
        name: 'LaterBad.xml',
        text: `<proxy ${NS} name="LaterBad"><target><endpoint><address uri="${be.url}/svc"/></endpoint></target><publishWSDL uri="${be.url}/missing?wsdl"/></proxy>`,
      },
    ]);
    // (the deployment's reads and lines, as the runtime chains them)
    await t.rt.settleDeployments();
    assert.deepEqual(deployLines(from), [
      'Building Axis service for Proxy service : LaterProxy',
      'Adding service LaterProxy to the Axis2 configuration',
      'Successfully created the Axis2 service for Proxy service : LaterProxy',
      "ProxyService named 'LaterProxy' has been deployed from file : LaterProxy.xml",
      'Building Axis service for Proxy service : LaterBad',
      `Error reading from wsdl URI ${be.url}/missing?wsdl`,
      'ProxyService Deployment from the file : LaterBad.xml : Failed.',
    ]);
  });
});
