/**
 * The default endpoint sends to the WS-Addressing To of a SOAP request (helper F2, session 6), our own fixture over
 * real HTTP: Synapse DefaultEndpoint.send builds a pass-through message before sending (the build applies the
 * addressing headers), so `<endpoint><default/></endpoint>` reaches the wsa:To address (MI tests-service
 * DefaultEndpointTestCase). Ours sent to the request's own path ("Invalid endpoint address '/services/...'").
 */
import assert from 'node:assert/strict';
import { send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): default endpoint and wsa:To', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><reached xmlns="urn:post">${req.url}</reached></e:Body></e:Envelope>`,
      );
    });
    t = await startRuntime({
      'PostOffice.xml': `<proxy ${NS} name="PostOffice" transports="http"><target>
          <inSequence><send><endpoint name="Forward"><default/></endpoint></send></inSequence>
          <outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('sends to the wsa:To of the request', async () => {
    const r = await send(`${t.base}/services/PostOffice`, {
      body: `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing">
        <e:Header><a:To>${be.url}/boxes/7</a:To><a:Action>urn:post</a:Action><a:MessageID>urn:uuid:1</a:MessageID></e:Header>
        <e:Body><letter xmlns="urn:post">hi</letter></e:Body></e:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:post' },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<reached xmlns="urn:post">\/boxes\/7<\/reached>/);
    assert.equal(be.requests.length, 1);
  });
});
