/**
 * What a makefault answers, as Synapse's FaultMediator and MI's send-back write it: no message type of its own (a REST
 * client's answer keeps the client's type, the fault becoming `<Exception>`), and To cleared, so a `send` with no
 * endpoint after it answers the client. Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const FAULT = `<makefault version="soap11"><code xmlns:soap11Env="${S11}" value="soap11Env:Server"/>
<reason value="ledger closed"/><detail>try after noon</detail></makefault>`;

describe('runtime fidelity: the answer of a makefault', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Ledger.xml': api('Ledger', '/ledger', `${FAULT}<respond/>`),
      'LedgerProxy.xml': `<proxy ${NS} name="LedgerProxy" transports="http"><target><inSequence>${FAULT}<send/>
</inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('a JSON client gets the fault as {"Exception": detail} in JSON, 500', async () => {
    const r = await send(`${t.base}/ledger`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 500);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(r.text), { Exception: 'try after noon' });
  });

  it('an XML client gets <Exception> in its own type, 500', async () => {
    const r = await send(`${t.base}/ledger`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 500);
    assert.match(r.headers.get('content-type') ?? '', /^application\/xml/);
    assert.equal(r.text, '<Exception>try after noon</Exception>');
  });

  it('a send with no endpoint after makefault answers the SOAP client with the fault (To was cleared)', async () => {
    const r = await send(`${t.base}/services/LedgerProxy`, {
      body: `<s:Envelope xmlns:s="${S11}"><s:Body><balance/></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:balance' },
    });
    assert.equal(r.status, 500, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(r.text, /<faultstring>ledger closed<\/faultstring>/);
  });
});
