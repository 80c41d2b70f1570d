/**
 * WS-Addressing on a SOAP request, as MI applies it: once the envelope is first read (a content-aware mediator builds
 * the message: RelayUtils.buildMessage, then Axis2's AddressingInHandler), a `wsa:To` header becomes the message's
 * To, which `get-property('To')` reads and where a `send` with no endpoint goes. A send with no endpoint builds the
 * request itself before it looks for the address (Axis2SynapseEnvironment.send). Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';

function envelope(to: string): string {
  return (
    `<s:Envelope xmlns:s="${S11}" xmlns:a="${WSA}"><s:Header><a:To>${to}</a:To><a:Action>urn:getRate</a:Action>` +
    '</s:Header><s:Body><getRate><currency>NOK</currency></getRate></s:Body></s:Envelope>'
  );
}

describe('runtime fidelity: WS-Addressing To of a SOAP request', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<s:Envelope xmlns:s="${S11}"><s:Body><rate>10.5</rate></s:Body></s:Envelope>`);
    });
    t = await startRuntime({
      'RateProxy.xml': `<proxy ${NS} name="RateProxy" transports="http"><target><inSequence>
<log level="full"/><log level="custom"><property name="to" expression="get-property('To')"/></log><send/>
</inSequence><outSequence><send/></outSequence></target></proxy>`,
      'BareRateProxy.xml': `<proxy ${NS} name="BareRateProxy" transports="http"><target><inSequence>
<send/></inSequence><outSequence><send/></outSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a send with no endpoint goes to the wsa:To of the request once the envelope was read', async () => {
    const r = await send(`${t.base}/services/RateProxy`, {
      body: envelope(`${be.url}/rates/eur`),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:getRate' },
    });
    assert.equal(r.status, 200, r.text + t.logs.map((l) => l.message).join('\n'));
    assert.match(r.text, /<rate>10\.5<\/rate>/);
    assert.equal(be.requests.at(-1)?.url, '/rates/eur');
    assert.match(be.requests.at(-1)!.body, /<currency>NOK<\/currency>/);
    assert.ok(
      t.logs.some((l) => l.message.includes(`to = ${be.url}/rates/eur`)),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('a send with no endpoint builds the request first, so its wsa:To applies without any mediator reading it', async () => {
    const r = await send(`${t.base}/services/BareRateProxy`, {
      body: envelope(`${be.url}/rates/sek`),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:getRate' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(be.requests.at(-1)?.url, '/rates/sek');
  });
});
