/**
 * Fault handling of flows (helper F2, session 6), with our own fixtures over real HTTP.
 *
 * - A send that fails (a key that names no endpoint, a back end that refuses) hands the message to the onError
 *   sequence of the sequence it is in, which runs every one of its mediators: MI's MediatorFaultHandler mediates the
 *   fault sequence on the message as it is. Ours had marked the message stopped before sending, so the onError
 *   sequence ended after its first mediator and the client got 202 (MI tests-mediator-1 fault/Soap11FaultCode*,
 *   Soap12FaultCode*, Soap1xFaultDetails...: a makefault + send in the onError sequence answers the fault).
 */
import assert from 'node:assert/strict';
import { closedPort, send, startRuntime, NS, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const ask = (ns: string) =>
  `<e:Envelope xmlns:e="${ns}"><e:Body><k:lookup xmlns:k="urn:kiosk"><k:id>7</k:id></k:lookup></e:Body></e:Envelope>`;

describe('runtime fidelity (F2 s6): onError sequences after a failed send', () => {
  let t: TestRuntime;
  before(async () => {
    const refused = await closedPort();
    const apology = (
      version: string,
      code: string,
    ) => `<log level="custom"><property name="kiosk" value="sorry"/></log>
      <makefault version="${version}"><code xmlns:kf="${version === 'soap12' ? S12 : S11}" value="kf:${code}"/>
        <reason value="kiosk closed"/><detail>try the counter</detail></makefault>
      <property name="RESPONSE" value="true"/><header name="To" action="remove"/><send/>`;
    t = await startRuntime({
      'KioskApology11.xml': `<sequence ${NS} name="KioskApology11">${apology('soap11', 'Client')}</sequence>`,
      'KioskApology12.xml': `<sequence ${NS} name="KioskApology12">${apology('soap12', 'Sender')}</sequence>`,
      'KioskMissing.xml': `<sequence ${NS} name="KioskMissing" onError="KioskApology11">
          <send><endpoint key="kioskBackendThatIsNotThere"/></send></sequence>`,
      'KioskRefused.xml': `<sequence ${NS} name="KioskRefused" onError="KioskApology12">
          <send><endpoint><address uri="http://127.0.0.1:${refused}/kiosk"/></endpoint></send></sequence>`,
      'Kiosk.xml': `<proxy ${NS} name="Kiosk" transports="http"><target><inSequence>
          <sequence key="KioskMissing"/></inSequence></target></proxy>`,
      'Kiosk12.xml': `<proxy ${NS} name="Kiosk12" transports="http"><target><inSequence>
          <sequence key="KioskRefused"/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('a send to an endpoint key that names nothing: the whole onError sequence runs and answers the fault', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/services/Kiosk`, {
      body: ask(S11),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:lookup' },
    });
    assert.equal(r.status, 500, r.text);
    assert.match(
      r.text,
      /<faultcode xmlns:kf="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/">kf:Client<\/faultcode>/,
    );
    assert.match(r.text, /<faultstring>kiosk closed<\/faultstring>/);
    assert.match(r.text, /<detail>try the counter<\/detail>/);
    assert.ok(t.logs.slice(n).some((l) => l.message === 'kiosk = sorry'));
  });

  it('a send the back end refuses: the same with a SOAP 1.2 fault', async () => {
    const r = await send(`${t.base}/services/Kiosk12`, {
      body: ask(S12),
      type: 'application/soap+xml; action="urn:lookup"',
    });
    assert.equal(r.status, 500, r.text);
    assert.match(
      r.text,
      /<soapenv:Value xmlns:kf="http:\/\/www.w3.org\/2003\/05\/soap-envelope">kf:Sender<\/soapenv:Value>/,
    );
    assert.match(r.text, /<soapenv:Text xml:lang="en">kiosk closed<\/soapenv:Text>/);
  });
});
