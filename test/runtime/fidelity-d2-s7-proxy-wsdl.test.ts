/**
 * `<publishWSDL uri="file:...">`, as MI's documentation publishes a custom WSDL for a proxy
 * (learn/examples/proxy-service-examples/publishing-a-custom-wsdl) (helper D2, session 7): MI's ProxyService reads the
 * document when the proxy is deployed and ?wsdl serves it; ours answered 404 for any uri. A file that is not a WSDL
 * is not published (a deployed configuration must not make ?wsdl read arbitrary local files). Our own WSDL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { send, startRuntime, NS, type TestRuntime } from './helpers';

const WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="urn:d2:parcel" targetNamespace="urn:d2:parcel" name="ParcelDesk">
  <wsdl:message name="trackIn"/>
  <wsdl:portType name="ParcelPT"><wsdl:operation name="track"><wsdl:input message="tns:trackIn"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;

describe('runtime fidelity (D2, s7): a proxy publishes a WSDL from a file: URI', () => {
  let t: TestRuntime;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'd2-wsdl-'));
    writeFileSync(join(dir, 'parcel.wsdl'), WSDL);
    writeFileSync(join(dir, 'notes.txt'), 'not a wsdl: secret=1');
    const proxy = (name: string, file: string) =>
      `<proxy ${NS} name="${name}" startOnLoad="true" transports="http https"><target><inSequence><respond/></inSequence></target>
        <publishWSDL uri="${pathToFileURL(join(dir, file)).href}"/></proxy>`;
    t = await startRuntime({
      'ParcelFront.xml': proxy('ParcelFront', 'parcel.wsdl'),
      'NotesFront.xml': proxy('NotesFront', 'notes.txt'),
    });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // (MI regenerates the document from the Axis2 service built of it: ProxyService.buildAxisService clears its
  // endpoints and names it after the proxy, AxisService2WSDL11 writes the port type, bindings and service; S9, session 13)
  it('?wsdl serves the file the uri names, as the proxy’s service', async () => {
    const r = await send(`${t.base}/services/ParcelFront?wsdl`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    assert.ok(r.text.includes('<wsdl:message name="trackIn"/>'), r.text);
    // (without the indentation MI's XMLPrettyPrinter gives it: see oracle-s15-A-wsdl-layout.test.ts)
    assert.ok(
      r.text
        .replace(/>\s+</g, '><')
        .includes('<wsdl:portType name="ParcelFrontPortType"><wsdl:operation name="track">'),
      r.text,
    );
    assert.ok(r.text.includes('<wsdl:service name="ParcelFront">'), r.text);
    assert.ok(!WSDL.includes('ParcelFront'));
  });

  it('a file that is not a WSDL is not published', async () => {
    const r = await send(`${t.base}/services/NotesFront?wsdl`);
    assert.equal(r.status, 404);
    assert.ok(!r.text.includes('secret'), r.text);
  });
});
